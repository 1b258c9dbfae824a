// SPDX-License-Identifier: MIT
/*
 * Kernel-only workloads that test the scheduler itself:
 *  - hog: an Interactive task that never yields shares a CPU with
 *    HOG_OTHERS Interactive tasks (Interactive is never stolen, so all of
 *    them stay there); only timer preemption lets the others run. The
 *    others finish and tell the hog to stop; if they cannot, the hog gives
 *    up at HOG_DEADLINE_S and the run FAILs.
 *  - overflow: a task digs into its stack's sentinel; the switch after it
 *    must stop the run naming the task (the test expects that FAIL).
 *  - yield-bench: tasks that yield in a loop, for the switch round trip.
 */
#include <stdatomic.h>

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/qos.h>
#include <hartsched/rq.h>

#include "csr.h"
#include "ktask.h"
#include "kwait.h"
#include "kworkload.h"
#include "sched.h"
#include "timer.h"

#define HOG_OTHERS     4u
#define HOG_YIELDS     8u
#define HOG_DEADLINE_S 20u
#define BENCH_YIELDS   400u
#define BENCH_TASKS    2u

static struct {
	uint32_t cpu;
	uint64_t preempt0; /* the hog CPU's preemptions before the start */
	_Atomic uint32_t others_done;
	_Atomic uint32_t gave_up;
	_Atomic uint32_t wrong_cpu;
} hog;

/* One ledger job per task. */
static uint32_t one_job_per_task(const struct kwl_params *p)
{
	return p->tasks;
}

/* The hog: spins with interrupts on until the others are done (bounded by the clock). */
static void hog_body(uint64_t arg)
{
	uint64_t deadline = csr_time_read() + timer_timebase() * HOG_DEADLINE_S;

	while (atomic_load_explicit(&hog.others_done, memory_order_acquire) < HOG_OTHERS) {
		if (csr_time_read() > deadline) {
			atomic_store_explicit(&hog.gave_up, 1, memory_order_relaxed);
			break;
		}
	}
	kwl_job_done((uint32_t)arg);
}

/* One of the others: a few yields, on the hog's CPU. */
static void hog_other(uint64_t arg)
{
	uint32_t i;

	for (i = 0; i < HOG_YIELDS; i++) {
		unsigned long flags = hs_arch_irq_save();

		if (kwl_cpu() != hog.cpu)
			atomic_fetch_add_explicit(&hog.wrong_cpu, 1, memory_order_relaxed);
		hs_arch_irq_restore(flags);
		ktask_yield();
	}
	kwl_job_done((uint32_t)arg);
	/* Release: pairs with the hog's acquire (the ledger marks come first). */
	atomic_fetch_add_explicit(&hog.others_done, 1, memory_order_release);
}

/* Put the hog, then the others, on the last CPU. */
static bool hog_start(const struct kwl_params *p)
{
	uint32_t k, id;

	(void)p;
	hog.cpu = hs_cpu_online_count() - 1;
	hog.preempt0 = kernel_sched_preemptions(hog.cpu);
	atomic_store_explicit(&hog.others_done, 0, memory_order_relaxed);
	atomic_store_explicit(&hog.gave_up, 0, memory_order_relaxed);
	atomic_store_explicit(&hog.wrong_cpu, 0, memory_order_relaxed);
	/* The hog first, so it holds the CPU before any other gets there. */
	id = ktask_create(hog_body, 0, HS_QOS_INTERACTIVE, "hog");
	if (id == HS_TASK_NONE || ktask_wake(id, hog.cpu).status != HS_OK)
		return false;
	for (k = 1; k <= HOG_OTHERS; k++) {
		id = ktask_create(hog_other, k, HS_QOS_INTERACTIVE, "hog-victim");
		if (id == HS_TASK_NONE || ktask_wake(id, hog.cpu).status != HS_OK)
			return false;
	}
	return true;
}

/* The others finished on the hog's CPU, which was preempted, and the hog did not give up. */
static bool hog_check(const struct kwl_params *p, struct hs_line *l)
{
	uint32_t gave_up = atomic_load_explicit(&hog.gave_up, memory_order_relaxed);
	uint32_t wrong = atomic_load_explicit(&hog.wrong_cpu, memory_order_relaxed);
	uint64_t preempted = kernel_sched_preemptions(hog.cpu) - hog.preempt0;

	(void)p;
	hs_line_str(l, " hog_cpu=");
	hs_line_u64(l, hog.cpu);
	hs_line_str(l, " others_done=");
	hs_line_u64(l, atomic_load_explicit(&hog.others_done, memory_order_relaxed));
	hs_line_str(l, " hog_gave_up=");
	hs_line_u64(l, gave_up);
	hs_line_str(l, " wrong_cpu=");
	hs_line_u64(l, wrong);
	hs_line_str(l, " preemptions=");
	hs_line_u64(l, preempted);
	/* The others can only have run on the hog's CPU if it was preempted. */
	return gave_up == 0 && wrong == 0 && preempted > 0;
}

const struct kwl kwl_hog = {
	.name = "hog",
	.default_tasks = 1 + HOG_OTHERS,
	.max_tasks = 1 + HOG_OTHERS,
	.jobs = one_job_per_task,
	.start = hog_start,
	.check = hog_check,
};

/* Recurse with a 256-byte frame until sp is inside the sentinel's upper half. */
static __attribute__((noinline)) uint32_t dig(const uint8_t *base, uint32_t depth)
{
	volatile uint8_t pad[256];
	uint32_t i;

	for (i = 0; i < sizeof(pad); i++)
		pad[i] = (uint8_t)(0xa5 ^ i);
	if (depth < KTASK_STACK_SIZE / 128 &&
	    reg_sp_read() > (uintptr_t)base + KTASK_SENTINEL_BYTES / 2)
		return dig(base, depth + 1) + pad[depth % sizeof(pad)];
	return pad[0];
}

/* Overflow into the sentinel, then yield: the switch must stop the run. */
static void overflow_body(uint64_t arg)
{
	const uint8_t *base = ktask_stack_base(kernel_sched_current());

	(void)dig(base, 0);
	ktask_yield(); /* the switch back checks the sentinel: the run must stop here */
	kwl_job_done((uint32_t)arg);
}

/* One overflowing task on CPU 0. */
static bool overflow_start(const struct kwl_params *p)
{
	uint32_t id = ktask_create(overflow_body, 0, HS_QOS_INTERACTIVE, "overflow");

	(void)p;
	return id != HS_TASK_NONE && ktask_wake(id, 0).status == HS_OK;
}

/* Reached only if the sentinel missed the overflow: always FAIL. */
static bool overflow_check(const struct kwl_params *p, struct hs_line *l)
{
	(void)p;
	hs_line_str(l, " overflow_not_caught=1");
	return false; /* reaching the check means the sentinel missed it */
}

const struct kwl kwl_overflow = {
	.name = "overflow",
	.default_tasks = 1,
	.max_tasks = 1,
	.jobs = one_job_per_task,
	.start = overflow_start,
	.check = overflow_check,
};

/* Yield BENCH_YIELDS times: each yield is one switch round trip. */
static void bench_body(uint64_t arg)
{
	uint32_t i;

	for (i = 0; i < BENCH_YIELDS; i++)
		ktask_yield();
	kwl_job_done((uint32_t)arg);
}

/* The yielding tasks, all on CPU 0. */
static bool bench_start(const struct kwl_params *p)
{
	uint32_t k;

	for (k = 0; k < p->tasks; k++) {
		uint32_t id = ktask_create(bench_body, k, HS_QOS_INTERACTIVE, "yield-bench");

		if (id == HS_TASK_NONE || ktask_wake(id, 0).status != HS_OK)
			return false;
	}
	return true;
}

/* Nothing to judge beyond the ledger (the figures are reported). */
static bool bench_check(const struct kwl_params *p, struct hs_line *l)
{
	(void)p;
	hs_line_str(l, " yields_per_task=");
	hs_line_u64(l, BENCH_YIELDS);
	return true;
}

const struct kwl kwl_yield_bench = {
	.name = "yield-bench",
	.default_tasks = BENCH_TASKS,
	.max_tasks = 16,
	.jobs = one_job_per_task,
	.start = bench_start,
	.check = bench_check,
};
