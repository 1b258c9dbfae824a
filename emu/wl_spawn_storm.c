// SPDX-License-Identifier: MIT
/*
 * spawn-storm: hart 0 enqueues every task onto its own queues in bursts;
 * the other harts have nothing local, so they steal (Normal and Idle tasks;
 * PerfBurst and Interactive stay above their Normal steal ceiling and run
 * on hart 0). After each burst hart 0 kicks idle harts with a resched IPI
 * so they steal at once instead of at their next idle tick.
 *
 * Each task runs SLICES slices (it yields in between, exercising the yield
 * path on whichever hart it ended up). A full queue is not an error: the
 * producer counts the rejection (the core does) and retries the same task
 * on a later turn, so no task is skipped or lost.
 *
 * Ledger: job = task id; every task finishes exactly once. Criterion
 * "participation" (two or more harts, no hotplug, run to completion): the
 * other harts did steal: tasks stolen during the run > 0, and every hart
 * took turns (the engine's start barrier wakes them all before hart 0
 * produces anything).
 */
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <emu/counter.h>
#include <emu/harts.h>
#include <emu/prng.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include <stdatomic.h>

#define BURST  32u /* enqueue attempts per producer turn */
#define SLICES 2u  /* slices each task runs */

static struct {
	uint64_t stolen_before[HS_MAX_CPUS];	  /* core steal counters at the start */
	uint32_t cursor;			  /* next task to submit (hart 0 only) */
	uint32_t cursor_qos;			  /* its class, drawn once (hart 0 only) */
	struct hs_emu_prng rng;			  /* class choice (hart 0 only) */
	_Atomic uint32_t slices[HS_EMU_JOBS_MAX]; /* slices run per task */
} ss;

/* Class mix: 1/8 PerfBurst, 1/8 Interactive, 1/2 Normal, 1/4 Idle. */
static uint32_t pick_qos(struct hs_emu_prng *r)
{
	static const uint8_t mix[8] = {
		HS_QOS_PERFBURST, HS_QOS_INTERACTIVE, HS_QOS_NORMAL, HS_QOS_NORMAL,
		HS_QOS_NORMAL,	  HS_QOS_NORMAL,      HS_QOS_IDLE,   HS_QOS_IDLE,
	};

	return mix[hs_emu_prng_below(r, 8)];
}

static uint32_t ss_task_ids(const struct hs_emu_run *run)
{
	return run->cfg.tasks;
}

static void ss_start(struct hs_emu_run *run)
{
	uint32_t t;

	ss.cursor = 0;
	hs_emu_prng_seed(&ss.rng, run->cfg.seed, 0);
	ss.cursor_qos = pick_qos(&ss.rng);
	for (t = 0; t < HS_MAX_CPUS; t++)
		ss.stolen_before[t] = hs_emu_counter_read(&hs_emu_sched.rq[t].cnt.stolen);
	for (t = 0; t < run->cfg.tasks; t++)
		atomic_store_explicit(&ss.slices[t], 0, memory_order_relaxed);
}

/* Resched IPI to every idle online hart: there is work to steal. */
static void kick_idle_harts(void)
{
	uint32_t c, n = hs_emu_harts_count();

	for (c = 1; c < n; c++) {
		if (hs_emu_hart_is_idle(c)) {
			/* OFFLINE (hotplug raced) or SEND_FAILED: it steals at its next tick. */
			HS_IGNORE(hs_ipi_request_resched(c));
		}
	}
}

static bool ss_hart_step(struct hs_emu_run *run, uint32_t cpu)
{
	uint32_t i, placed = 0;

	if (cpu != 0 || ss.cursor >= run->cfg.tasks)
		return false;
	for (i = 0; i < BURST && ss.cursor < run->cfg.tasks; i++) {
		struct hs_outcome o = hs_emu_submit(0, ss.cursor, ss.cursor_qos);

		if (o.status != HS_OK)
			break; /* full: the same task, same class, is retried next turn */
		ss.cursor++;
		ss.cursor_qos = pick_qos(&ss.rng); /* drawn once per task: the mix holds */
		placed++;
	}
	if (placed)
		kick_idle_harts();
	return placed != 0;
}

static uint32_t ss_run_task(struct hs_emu_run *run, uint32_t cpu, uint32_t task,
			    const struct hs_pick *pick)
{
	(void)cpu;
	(void)pick;
	/* Relaxed: only the hart running the task counts; the rq lock orders hand-offs. */
	if (atomic_fetch_add_explicit(&ss.slices[task], 1, memory_order_relaxed) + 1 < SLICES)
		return HS_EMU_TASK_YIELD;
	hs_emu_workload_job_done(run, task);
	return HS_EMU_TASK_FINISH;
}

static bool ss_check(struct hs_emu_run *run)
{
	struct hs_emu_criterion c = {.name = "participation"};
	uint32_t n = hs_emu_harts_count(), i, thieves = 0, no_turns = 0;
	uint64_t stolen = 0;

	for (i = 1; i < n; i++) {
		uint64_t s =
			hs_emu_counter_read(&hs_emu_sched.rq[i].cnt.stolen) - ss.stolen_before[i];

		stolen += s;
		thieves += s != 0;
		no_turns += hs_emu_sched_stats(i).decisions == 0;
	}
	if (n < 2 || run->cfg.hotplug_cycles || hs_emu_run_partial(run)) {
		c.verdict = HS_EMU_VERDICT_NOT_CHECKED;
		c.note = n < 2			   ? "one hart: nobody to steal"
			 : run->cfg.hotplug_cycles ? "hotplug parks harts"
						   : "the run stopped early";
	} else {
		c.verdict = stolen && !no_turns ? HS_EMU_VERDICT_OK : HS_EMU_VERDICT_FAIL;
	}
	hs_emu_criterion_add(&c, "other_harts", n - 1);
	hs_emu_criterion_add(&c, "harts_that_stole", thieves);
	hs_emu_criterion_add(&c, "harts_without_turns", no_turns);
	hs_emu_criterion_add(&c, "stolen", (int64_t)stolen);
	return hs_emu_workload_criterion(run, &c);
}

const struct hs_emu_workload hs_emu_wl_spawn_storm = {
	.name = "spawn-storm",
	.summary = "burst of enqueues on hart 0, the other harts steal",
	.default_tasks = 4096,
	.start = ss_start,
	.hart_step = ss_hart_step,
	.run_task = ss_run_task,
	.finished = NULL,
	.task_ids = ss_task_ids,
	.check = ss_check,
};
