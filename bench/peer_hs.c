// SPDX-License-Identifier: MIT
/*
 * hartsched's core behind the benchmark ops, on the threads-as-CPUs host
 * arch (host/host_arch.h): each hart thread installs its tp with
 * hs_host_arch_become_cpu(), the run queues live in one static struct
 * hs_sched (no heap), CPUs 0 .. ncpu-1 are registered and online.
 *
 * Every outcome is consumed: a rejection the workloads never provoke (bad
 * cpu, task already queued, ...) is a benchmark bug and stops the program
 * with the status name, rather than being counted as work done.
 *
 * A second entry, "hartsched+peek", is a design EXPERIMENT (not a peer):
 * the same core, but a decision first looks at the lock-free queue lengths
 * (hs_rq_len: the nr[] counters thieves already peek) of its own classes
 * and of every victim's stealable classes, and returns idle without taking
 * any lock when all are zero. It measures what the core would gain if
 * hs_rq_pick() did that itself, using only the public API.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/outcome.h>
#include <hartsched/rq.h>

#include "host_arch.h"

static struct hs_sched sched;
static uint32_t hsp_ncpu;

struct hs_sched *bench_hs_sched(void);

/* The instance, for the probes in hs_probe.c. */
struct hs_sched *bench_hs_sched(void)
{
	return &sched;
}

/* Swallow the core's console lines (KINIT when CPUs come online). */
static void quiet_console(const char *s, size_t len)
{
}

static _Noreturn void hs_bench_bug(const char *what, uint32_t status)
{
	fprintf(stderr, "hartsched peer: %s: unexpected outcome %s\n", what,
		hs_status_name(status));
	abort();
}

static bool hsp_init(uint32_t ncpu, uint32_t steal_max)
{
	struct hs_outcome o;
	uint32_t c;

	if (ncpu == 0 || ncpu > BENCH_MAX_HARTS || ncpu > HS_MAX_CPUS)
		return false;
	hs_host_arch_set_console_sink(quiet_console);
	o = hs_cpu_init_boot(0, ncpu);
	if (o.status != HS_OK)
		return false;
	for (c = 1; c < ncpu; c++) {
		o = hs_cpu_register(c, c);
		if (o.status != HS_OK)
			return false;
	}
	for (c = 0; c < ncpu; c++) {
		o = hs_cpu_mark_online(c);
		if (o.status != HS_OK)
			return false;
	}
	hs_ipi_reset();
	hs_sched_init(&sched);
	hsp_ncpu = ncpu;
	o = hs_rq_set_steal_max(&sched, steal_max);
	return o.status == HS_OK;
}

static void hsp_fini(void)
{
	hs_host_arch_set_console_sink(NULL);
}

static void hsp_hart_enter(uint32_t cpu)
{
	hs_host_arch_become_cpu(cpu);
}

static bool hsp_enqueue_on(uint32_t cpu, uint32_t task, uint32_t qos)
{
	struct hs_outcome o = hs_rq_enqueue_on(&sched, cpu, task, qos);

	if (o.status == HS_OK)
		return true;
	if (o.status == HS_ERR_QUEUE_FULL)
		return false;
	hs_bench_bug("enqueue_on", o.status);
}

/* What a decision answered, as the benchmarks count it. */
static uint32_t hsp_decision(struct hs_pick p, struct bench_pick_stats *st)
{
	uint32_t status = hs_pick_status(p);

	if (status == HS_ERR_CONTENDED) {
		st->contended++;
		return BENCH_TASK_NONE;
	}
	if (status != HS_OK)
		hs_bench_bug("pick", status);
	switch (hs_pick_kind(p)) {
	case HS_PICK_LOCAL:
		return hs_pick_task(p);
	case HS_PICK_STOLEN:
		st->stolen += hs_pick_stolen(p);
		return hs_pick_task(p);
	case HS_PICK_IDLE:
		return BENCH_TASK_NONE;
	default:
		/* HS_PICK_CURRENT: the workload forgot to finish or yield. */
		hs_bench_bug("pick (a task is still current)", status);
	}
}

static uint32_t hsp_pick(uint32_t cpu, struct bench_pick_stats *st)
{
	return hsp_decision(hs_rq_pick(&sched, cpu), st);
}

/* finish + pick under one lock round trip (hs_rq_pick_next). */
static uint32_t hsp_pick_next(uint32_t cpu, struct bench_pick_stats *st)
{
	struct hs_pick p = hs_rq_pick_next(&sched, cpu);
	uint32_t status = hs_pick_status(p);

	if ((status == HS_OK || status == HS_ERR_CONTENDED) && hs_pick_finished(p) == HS_TASK_NONE)
		hs_bench_bug("pick_next (nothing was running)", status);
	return hsp_decision(p, st);
}

/*
 * Lock-free look before the decision: anything in our classes, or in a
 * victim's classes at or below the default steal ceiling (Normal)? A stale
 * zero only delays work to the next decision, as a stale peek in the core's
 * steal path does.
 */
static bool hsp_maybe_work(uint32_t cpu)
{
	uint32_t q, i;

	for (q = 0; q < HS_QOS_COUNT; q++)
		if (hs_rq_len(&sched, cpu, q) != 0)
			return true;
	for (i = 1; i < hsp_ncpu; i++)
		for (q = 0; q <= HS_QOS_NORMAL; q++)
			if (hs_rq_len(&sched, (cpu + i) % hsp_ncpu, q) != 0)
				return true;
	return false;
}

static uint32_t hsp_pick_peek(uint32_t cpu, struct bench_pick_stats *st)
{
	if (!hsp_maybe_work(cpu))
		return BENCH_TASK_NONE;
	return hsp_pick(cpu, st);
}

static void hsp_finish(uint32_t cpu)
{
	struct hs_outcome o = hs_rq_finish(&sched, cpu);

	if (o.status != HS_OK)
		hs_bench_bug("finish", o.status);
}

/* The peek experiment's fused decision: finish alone when nothing is seen. */
static uint32_t hsp_pick_next_peek(uint32_t cpu, struct bench_pick_stats *st)
{
	if (!hsp_maybe_work(cpu)) {
		hsp_finish(cpu);
		return BENCH_TASK_NONE;
	}
	return hsp_pick_next(cpu, st);
}

static bool hsp_yield(uint32_t cpu, uint32_t task, uint32_t qos)
{
	struct hs_outcome o = hs_rq_yield(&sched, cpu);

	if (o.status == HS_OK)
		return true;
	if (o.status == HS_ERR_QUEUE_FULL)
		return false; /* fail closed: the task stays current */
	hs_bench_bug("yield", o.status);
}

static const char *hsp_version(void)
{
#ifdef BENCH_HS_VERSION
	return BENCH_HS_VERSION;
#else
	return "";
#endif
}

const struct bench_ops bench_ops_hartsched = {
	.name = "hartsched",
	.describe = "hartsched core: per-CPU ticket-locked bounded QoS FIFOs, bounded steal, "
		    "finish+pick fused (hs_rq_pick_next)",
	.concurrent = true,
	.bounded = true,
	.init = hsp_init,
	.fini = hsp_fini,
	.hart_enter = hsp_hart_enter,
	.enqueue_on = hsp_enqueue_on,
	.pick = hsp_pick,
	.finish = hsp_finish,
	.pick_next = hsp_pick_next,
	.yield = hsp_yield,
	.version = hsp_version,
};

const struct bench_ops bench_ops_hartsched_peek = {
	.name = "hartsched+peek",
	.describe = "EXPERIMENT: hartsched with a lock-free emptiness peek before each decision",
	.concurrent = true,
	.bounded = true,
	.experiment = true,
	.init = hsp_init,
	.fini = hsp_fini,
	.hart_enter = hsp_hart_enter,
	.enqueue_on = hsp_enqueue_on,
	.pick = hsp_pick_peek,
	.finish = hsp_finish,
	.pick_next = hsp_pick_next_peek,
	.yield = hsp_yield,
	.version = hsp_version,
};
