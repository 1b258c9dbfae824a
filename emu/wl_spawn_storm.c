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
 * When participation is judged (below), until every other online hart has
 * stolen at least once and while it has stealable work queued, hart 0 gives its
 * host CPU up for one idle tick (WFI) per turn: on a loaded host the other
 * hart threads may otherwise not run before hart 0 has done the whole
 * storm alone (seen: 9 of 30 default runs with nothing stolen). Not under
 * hotplug (a parked hart cannot steal).
 *
 * Ledger: job = task id; every task finishes exactly once. Criterion
 * "participation" (2 to MAX_JUDGED_HARTS harts, no hotplug, run to
 * completion, at least MIN_TASKS_PER_HART tasks per hart; otherwise the
 * figures are reported, not judged):
 * every other hart stole at least one task, and every hart took turns (the
 * engine's start barrier wakes them all before hart 0 produces anything).
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <emu/counter.h>
#include <emu/harts.h>
#include <hartsched/prng.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include <stdatomic.h>

#define BURST  32u /* enqueue attempts per producer turn */
#define SLICES 2u  /* slices each task runs */

/* Participation is required with this much work per hart, up to this many harts. */
#define MIN_TASKS_PER_HART 16u
#define MAX_JUDGED_HARTS   8u

static struct {
	uint64_t stolen_before[HS_MAX_CPUS];	  /* core steal counters at the start */
	uint32_t cursor;			  /* next task to submit (hart 0 only) */
	uint32_t cursor_qos;			  /* its class, drawn once (hart 0 only) */
	bool all_stole;				  /* every other hart stole (hart 0 only) */
	struct hs_prng rng;			  /* class choice (hart 0 only) */
	_Atomic uint32_t slices[HS_EMU_JOBS_MAX]; /* slices run per task */
} ss;

/* Class mix: 1/8 PerfBurst, 1/8 Interactive, 1/2 Normal, 1/4 Idle. */
static uint32_t pick_qos(struct hs_prng *r)
{
	static const uint8_t mix[8] = {
		HS_QOS_PERFBURST, HS_QOS_INTERACTIVE, HS_QOS_NORMAL, HS_QOS_NORMAL,
		HS_QOS_NORMAL,	  HS_QOS_NORMAL,      HS_QOS_IDLE,   HS_QOS_IDLE,
	};

	return mix[hs_prng_below(r, 8)];
}

/*
 * Is participation judged (and paced for)? Two to MAX_JUDGED_HARTS harts, no
 * hotplug, enough tasks. With more hart threads than that on a small host,
 * which of them the host runs in time is not the scheduler's doing.
 */
static bool judged(const struct hs_emu_run *run)
{
	uint32_t n = hs_emu_harts_count();

	return n >= 2 && n <= MAX_JUDGED_HARTS && !run->cfg.hotplug_cycles &&
	       run->cfg.tasks >= MIN_TASKS_PER_HART * n;
}

static uint32_t ss_task_ids(const struct hs_emu_run *run)
{
	return run->cfg.tasks;
}

static void ss_start(struct hs_emu_run *run)
{
	uint32_t t;

	ss.cursor = 0;
	hs_prng_seed(&ss.rng, run->cfg.seed, 0);
	ss.cursor_qos = pick_qos(&ss.rng);
	ss.all_stole = !judged(run);
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

/* Has every other online hart stolen since the start? */
static bool others_stole(void)
{
	uint32_t c, n = hs_emu_harts_count();

	for (c = 1; c < n; c++) {
		if (hs_cpu_is_online(c) &&
		    hs_emu_counter_read(&hs_emu_sched.rq[c].cnt.stolen) == ss.stolen_before[c])
			return false;
	}
	return true;
}

/* Hart 0 produces a burst, kicks idle harts and, while judged, paces itself. */
static bool ss_hart_step(struct hs_emu_run *run, uint32_t cpu)
{
	uint32_t i, placed = 0;

	if (cpu != 0)
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
	if (!ss.all_stole) {
		ss.all_stole = others_stole();
		/* Only while there is something to steal here. */
		if (!ss.all_stole && hs_rq_len(&hs_emu_sched, 0, HS_QOS_NORMAL) +
						     hs_rq_len(&hs_emu_sched, 0, HS_QOS_IDLE) >
					     0)
			hs_arch_wait_for_interrupt(); /* let the thieves' threads run */
	}
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

/* Criterion "participation": every other hart took turns and stole. */
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
	if (!judged(run) || hs_emu_run_partial(run) || run->cfg.sim_strategy == HS_EMU_SIM_PCT) {
		c.verdict = HS_EMU_VERDICT_NOT_CHECKED;
		if (n < 2)
			c.note = "one hart: nobody to steal";
		else if (run->cfg.sim_strategy == HS_EMU_SIM_PCT)
			c.note = "--sim-strategy pct starves harts on purpose";
		else if (run->cfg.hotplug_cycles)
			c.note = "hotplug parks harts";
		else if (hs_emu_run_partial(run))
			c.note = "the run stopped early";
		else if (n > MAX_JUDGED_HARTS)
			c.note = "more than 8 harts: reported, not judged";
		else
			c.note = "fewer than 16 tasks per hart: reported, not judged";
	} else {
		c.verdict = thieves == n - 1 && !no_turns ? HS_EMU_VERDICT_OK : HS_EMU_VERDICT_FAIL;
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
