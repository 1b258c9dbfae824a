// SPDX-License-Identifier: MIT
/*
 * hs-trace-cost: what a tracepoint costs (docs/tracing.md), on one thread
 * acting as CPU 0 of the host port:
 *
 *   off        a tracepoint with tracing off (one relaxed load, a branch)
 *   on         one event recorded into a ring with room
 *   full       one event counted and dropped (ring full)
 *   local-off  enqueue + pick + finish of one task, tracing off
 *   local-on   the same, tracing on: four events per operation
 *
 * Each figure is the median of --reps repetitions of N operations, in ns
 * per operation. The rings are emptied between batches (outside the
 * timing) so "on" always has room. With -Dtrace=false the tracepoints are
 * compiled out and "on" measures nothing: the program says so and exits 0.
 * Exit 2: bad usage.
 */
#include <hartsched/cpu.h>
#include <hartsched/rq.h>
#include <hartsched/trace.h>

#include <host_arch.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 8192u /* operations per timed batch: 4 events each fit one ring */
_Static_assert(BATCH * 4 <= HS_TRACE_RING_RECS, "a batch must fit one ring");

static struct hs_sched sched;

/* The monotonic clock, for timing batches. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Tracepoints alone: @n of them, the ring emptied first (unless @keep_full). */
static uint64_t run_points(uint32_t n, bool keep_full)
{
	uint64_t t0;
	uint32_t i;

	if (!keep_full)
		hs_trace_reset();
	t0 = now_ns();
	for (i = 0; i < n; i++)
		HS_TRACE(HS_TR_STEAL_CONTENDED, i, 0, 0);
	return now_ns() - t0;
}

/* enqueue + pick + finish of one task, @n times. */
static uint64_t run_local(uint32_t n)
{
	uint64_t t0;
	uint32_t i;

	hs_trace_reset();
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		uint32_t task = i % 1024;

		if (hs_rq_enqueue_on(&sched, 0, task, HS_QOS_NORMAL).status != HS_OK ||
		    hs_rq_pick(&sched, 0).task != task || hs_rq_finish(&sched, 0).status != HS_OK) {
			fprintf(stderr, "hs-trace-cost: the core refused a local operation\n");
			exit(1);
		}
	}
	return now_ns() - t0;
}

/* qsort order for the repetitions' times. */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Median over @reps repetitions of BATCH operations of @what, in ns per operation. */
static double measure(const char *what, uint32_t reps)
{
	uint64_t v[64];
	uint32_t r;

	for (r = 0; r < reps; r++) {
		bool on = strcmp(what, "on") == 0 || strcmp(what, "full") == 0 ||
			  strcmp(what, "local-on") == 0;

		hs_trace_enable(false);
		if (strcmp(what, "full") == 0) {
			hs_trace_reset();
			hs_trace_enable(true);
			run_points(HS_TRACE_RING_RECS, true); /* fill it */
		}
		hs_trace_enable(on);
		if (strncmp(what, "local", 5) == 0)
			v[r] = run_local(BATCH);
		else
			v[r] = run_points(BATCH, strcmp(what, "full") == 0);
		hs_trace_enable(false);
	}
	qsort(v, reps, sizeof(v[0]), cmp_u64);
	return (double)v[reps / 2] / BATCH;
}

/* Set up CPU 0 and a scheduler instance, then print each case. */
int main(int argc, char **argv)
{
	static const char *const cases[] = {"off", "on", "full", "local-off", "local-on"};
	uint32_t reps = 31, i;

	if (argc == 3 && strcmp(argv[1], "--reps") == 0 && atoi(argv[2]) >= 1 &&
	    atoi(argv[2]) <= 64) {
		reps = (uint32_t)atoi(argv[2]);
	} else if (argc != 1) {
		fprintf(stderr, "usage: hs-trace-cost [--reps N]   (N 1..64, default 31)\n");
		return 2;
	}
	if (hs_cpu_init_boot(0, 1).status != HS_OK || hs_cpu_mark_online(0).status != HS_OK) {
		fprintf(stderr, "hs-trace-cost: cannot set up CPU 0\n");
		return 1;
	}
	hs_host_arch_become_cpu(0);
	hs_sched_init(&sched);
	if (!HS_TRACE_COMPILED)
		printf("tracepoints compiled out (-Dtrace=false): every case costs the same\n");
	for (i = 0; i < 5; i++)
		printf("%-10s %7.2f ns/op\n", cases[i], measure(cases[i], reps));
	printf("rings: %u records of %zu bytes per hart; events on CPU 0 now: %llu\n",
	       HS_TRACE_RING_RECS, sizeof(struct hs_trace_rec),
	       (unsigned long long)hs_trace_ring_stats(0).written);
	return 0;
}
