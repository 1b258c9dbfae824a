// SPDX-License-Identifier: MIT
/*
 * Hart threads for one repetition (see harness.h).
 *
 * Pairings: arrived is bumped with release by each hart and read with
 * acquire by the waiters, so a hart leaving the barrier sees every other
 * hart's set-up. stop is raised with release and polled with acquire; the
 * thread joins order everything else for the caller.
 */
#include "harness.h"

#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct hart_arg {
	struct bench_run *run;
	uint32_t hart;
};

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void bench_relax(uint32_t *spins)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
	/* Give the core back now and then: more harts than host CPUs must still progress. */
	if (++*spins % 256 == 0)
		sched_yield();
}

void bench_fail(struct bench_rep *r, const char *fmt, ...)
{
	va_list ap;

	if (r->error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
}

uint32_t bench_host_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 1;
	return (uint32_t)CPU_COUNT(&set);
}

/* Pin the calling thread to the @index-th CPU of the process affinity mask. */
static void pin_to(uint32_t index)
{
	cpu_set_t allowed, one;
	uint32_t n = bench_host_cpus(), seen = 0;
	int c;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0 || n == 0)
		return;
	index %= n;
	for (c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &allowed))
			continue;
		if (seen++ == index) {
			CPU_ZERO(&one);
			CPU_SET(c, &one);
			/* Best effort: an unpinned run is still a valid (noisier) run. */
			(void)pthread_setaffinity_np(pthread_self(), sizeof(one), &one);
			return;
		}
	}
}

static void *hart_main(void *p)
{
	struct hart_arg *a = p;

	if (a->run->pin)
		pin_to(a->hart);
	a->run->body(a->run, a->hart);
	return NULL;
}

bool bench_should_stop(struct bench_run *run)
{
	/* Acquire: pairs with the release store below and in the workloads. */
	if (atomic_load_explicit(&run->stop, memory_order_acquire))
		return true;
	if (bench_now_ns() > run->deadline) {
		bench_fail(run->rep, "timeout: repetition exceeded its deadline");
		atomic_store_explicit(&run->stop, 1, memory_order_release);
		return true;
	}
	return false;
}

void bench_start_barrier(struct bench_run *run, uint32_t hart)
{
	uint32_t spins = 0;

	/* Release: pairs with the acquire loads of the other waiters. */
	atomic_fetch_add_explicit(&run->arrived, 1, memory_order_release);
	while (atomic_load_explicit(&run->arrived, memory_order_acquire) < run->harts) {
		if (bench_should_stop(run))
			break;
		bench_relax(&spins);
	}
	run->t_start[hart] = bench_now_ns();
}

void bench_hart_done(struct bench_run *run, uint32_t hart)
{
	run->t_end[hart] = bench_now_ns();
}

uint64_t bench_run_elapsed(const struct bench_run *run)
{
	uint64_t first = UINT64_MAX, last = 0;
	uint32_t h;

	for (h = 0; h < run->harts; h++) {
		if (run->t_start[h] < first)
			first = run->t_start[h];
		if (run->t_end[h] > last)
			last = run->t_end[h];
	}
	return last > first ? last - first : 0;
}

bool bench_run_harts(struct bench_run *run)
{
	pthread_t tid[BENCH_MAX_HARTS];
	struct hart_arg args[BENCH_MAX_HARTS];
	uint32_t h, started = 0;
	bool ok = true;

	if (run->harts == 0 || run->harts > BENCH_MAX_HARTS) {
		bench_fail(run->rep, "bad hart count %u", run->harts);
		return false;
	}
	atomic_store(&run->arrived, 0);
	atomic_store(&run->stop, 0);
	memset(run->t_start, 0, sizeof(run->t_start));
	memset(run->t_end, 0, sizeof(run->t_end));
	for (h = 0; h < run->harts; h++) {
		args[h].run = run;
		args[h].hart = h;
		if (pthread_create(&tid[h], NULL, hart_main, &args[h]) != 0) {
			bench_fail(run->rep, "pthread_create failed for hart %u", h);
			/* Release the barrier for the harts already started. */
			atomic_store_explicit(&run->stop, 1, memory_order_release);
			ok = false;
			break;
		}
		started++;
	}
	for (h = 0; h < started; h++)
		pthread_join(tid[h], NULL);
	return ok;
}
