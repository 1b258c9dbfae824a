// SPDX-License-Identifier: MIT
/*
 * ping-pong: two Interactive tasks, A (home hart 0) and B (home hart 1),
 * wake each other across harts for --tasks rounds. Round r is played by A
 * when r is even, by B when odd; after finishing its round a task wakes
 * its partner onto the partner's home hart with a resched IPI (or onto any
 * online hart if the home is offline). Interactive is above the Normal
 * steal ceiling, so the partner runs where it was woken.
 *
 * Ledger: job = round; each round is played exactly once. Criteria: the
 * rounds alternate A, B, A, ... (a round played by the wrong task is a
 * FAIL) and, with two or more harts and no hotplug, consecutive rounds run
 * on different harts.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>

#include <emu/harts.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include <stdatomic.h>

#define TASK_A	   0u
#define TASK_B	   1u
#define WAKE_TRIES 64u /* partner enqueue attempts before giving up */

static struct {
	_Atomic uint32_t ball;	     /* rounds played so far */
	_Atomic uint32_t wrong_task; /* rounds played by the wrong task */
	_Atomic uint32_t lost_wakes; /* partner wakes that found no place */
	_Atomic uint32_t same_hart;  /* rounds on the same hart as the one before */
	_Atomic uint32_t last_cpu;   /* hart of the previous round */
	uint32_t home[2];
	bool served; /* the first ball is in play (hart 0 only) */
} pp;

static uint32_t pp_task_ids(const struct hs_emu_run *run)
{
	(void)run;
	return 2;
}

static void pp_start(struct hs_emu_run *run)
{
	(void)run;
	atomic_store_explicit(&pp.ball, 0, memory_order_relaxed);
	atomic_store_explicit(&pp.wrong_task, 0, memory_order_relaxed);
	atomic_store_explicit(&pp.lost_wakes, 0, memory_order_relaxed);
	atomic_store_explicit(&pp.same_hart, 0, memory_order_relaxed);
	atomic_store_explicit(&pp.last_cpu, HS_CPU_INVALID, memory_order_relaxed);
	pp.home[TASK_A] = 0;
	pp.home[TASK_B] = hs_emu_harts_count() > 1 ? 1 : 0;
	pp.served = false;
}

/* Hart 0 serves the first ball: A on its home. */
static bool pp_hart_step(struct hs_emu_run *run, uint32_t cpu)
{
	(void)run;
	if (cpu != 0 || pp.served)
		return false;
	if (hs_emu_wake(pp.home[TASK_A], TASK_A, HS_QOS_INTERACTIVE).status != HS_OK)
		return false; /* retried next turn */
	pp.served = true;
	return true;
}

static uint32_t pp_run_task(struct hs_emu_run *run, uint32_t cpu, uint32_t task,
			    const struct hs_pick *pick)
{
	/* Acquire: pairs with the acq_rel fetch_add in pp_finished() (the previous round). */
	uint32_t r = atomic_load_explicit(&pp.ball, memory_order_acquire);
	uint32_t last;

	(void)pick;
	if (task != r % 2)
		atomic_fetch_add_explicit(&pp.wrong_task, 1, memory_order_relaxed);
	/* Relaxed: rounds are already ordered by the ball hand-off. */
	last = atomic_exchange_explicit(&pp.last_cpu, cpu, memory_order_relaxed);
	if (last == cpu)
		atomic_fetch_add_explicit(&pp.same_hart, 1, memory_order_relaxed);
	hs_emu_workload_job_done(run, r);
	return HS_EMU_TASK_FINISH;
}

/* After the round's task finished (it is FREE again): pass the ball. */
static void pp_finished(struct hs_emu_run *run, uint32_t cpu, uint32_t task)
{
	/* Release: pairs with the acquire in pp_run_task() on the partner's hart. */
	uint32_t r = atomic_fetch_add_explicit(&pp.ball, 1, memory_order_acq_rel) + 1;
	uint32_t partner = task ^ 1u, to, i;

	if (r >= run->cfg.tasks)
		return;
	for (i = 0; i < WAKE_TRIES; i++) {
		to = pp.home[partner];
		if (!hs_cpu_is_online(to))
			to = hs_emu_workload_other_online(cpu, i);
		if (hs_emu_wake(to, partner, HS_QOS_INTERACTIVE).status == HS_OK)
			return;
		hs_arch_cpu_relax(i);
	}
	atomic_fetch_add_explicit(&pp.lost_wakes, 1, memory_order_relaxed);
}

/* Criterion "alternation": rounds alternate A, B and (with 2+ harts) change hart. */
static bool pp_check(struct hs_emu_run *run)
{
	uint32_t wrong = atomic_load_explicit(&pp.wrong_task, memory_order_relaxed);
	uint32_t lost = atomic_load_explicit(&pp.lost_wakes, memory_order_relaxed);
	uint32_t same = atomic_load_explicit(&pp.same_hart, memory_order_relaxed);
	bool cross = hs_emu_harts_count() >= 2 && run->cfg.hotplug_cycles == 0;
	struct hs_emu_criterion c = {.name = "alternation"};

	c.verdict = wrong == 0 && lost == 0 && (!cross || same == 0) ? HS_EMU_VERDICT_OK
								     : HS_EMU_VERDICT_FAIL;
	hs_emu_criterion_add(&c, "rounds", atomic_load_explicit(&pp.ball, memory_order_relaxed));
	hs_emu_criterion_add(&c, "wrong_task", wrong);
	hs_emu_criterion_add(&c, "lost_wakes", lost);
	hs_emu_criterion_add(&c, "same_hart", same);
	hs_emu_criterion_add(&c, "cross_hart_required", cross);
	return hs_emu_workload_criterion(run, &c);
}

const struct hs_emu_workload hs_emu_wl_ping_pong = {
	.name = "ping-pong",
	.summary = "two tasks wake each other across harts (--tasks = rounds)",
	.default_tasks = 200,
	.start = pp_start,
	.hart_step = pp_hart_step,
	.run_task = pp_run_task,
	.finished = pp_finished,
	.task_ids = pp_task_ids,
	.check = pp_check,
};
