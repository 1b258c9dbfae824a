// SPDX-License-Identifier: MIT
/*
 * spawn-storm in the kernel (emu/wl_spawn_storm.c with kernel tasks): CPU
 * 0, in its scheduler context before each of its turns (the emulator's
 * hart_step), creates the tasks in bursts of BURST and queues them on
 * itself, each in a class drawn from the same seeded mix as the
 * emulator's (1/8 PerfBurst, 1/8 Interactive, 1/2 Normal, 1/4 Idle); after
 * a burst it sends a resched IPI to every other online CPU so they steal
 * (Normal and Idle: the higher classes stay above the Normal steal ceiling
 * and run on CPU 0). Producing from a task instead would starve: a
 * producer in a class above Normal is picked again after each of its
 * yields, before the Normal tasks it queued. Each task runs SLICES slices
 * (it yields in between). A full task table or queue is not an error: the
 * producer keeps the same task (same class) and retries on its next step,
 * so nothing is skipped.
 *
 * Pacing, as the emulator's: while judged, until every other CPU has stolen
 * at least once and while CPU 0 holds stealable work, CPU 0 waits one idle
 * tick (wfi) per step, so the thieves get to run: under single-threaded
 * TCG CPU 0 otherwise ran the whole storm before the last CPU was
 * scheduled (seen at SMP=8: 6 of 7 stole).
 *
 * Ledger: job = task number. Criterion "participation" (2 to 8 CPUs and
 * at least 16 tasks per CPU; otherwise reported, not judged): every other
 * CPU stole at least once.
 */
#include <stdatomic.h>

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/qos.h>
#include <hartsched/rq.h>

#include <hartsched/prng.h>
#include "ktask.h"
#include "kwait.h"
#include "kworkload.h"
#include "sched.h"

#define BURST		   32u
#define SLICES		   2u
#define MIN_TASKS_PER_HART 16u
#define MAX_JUDGED_HARTS   8u

static struct {
	uint32_t tasks;
	uint32_t cursor;     /* next task number to create (producer only) */
	uint32_t cursor_qos; /* its class, drawn once */
	uint32_t held;	     /* a created task not yet queued, or HS_TASK_NONE */
	bool all_stole;	     /* every other CPU stole (or participation is not judged) */
	struct hs_prng rng;
	uint64_t steals_before[HS_MAX_CPUS];
} ss;

/* Class mix, the emulator's: 1/8 PerfBurst, 1/8 Interactive, 1/2 Normal, 1/4 Idle. */
static uint32_t pick_qos(struct hs_prng *r)
{
	static const uint8_t mix[8] = {
		HS_QOS_PERFBURST, HS_QOS_INTERACTIVE, HS_QOS_NORMAL, HS_QOS_NORMAL,
		HS_QOS_NORMAL,	  HS_QOS_NORMAL,      HS_QOS_IDLE,   HS_QOS_IDLE,
	};

	return mix[hs_prng_below(r, 8)];
}

/* One ledger job per task. */
static uint32_t ss_jobs(const struct kwl_params *p)
{
	return p->tasks;
}

/* One storm task: SLICES slices, a yield between them. */
static void ss_body(uint64_t arg)
{
	uint32_t i;

	for (i = 1; i < SLICES; i++)
		ktask_yield();
	kwl_job_done((uint32_t)arg);
}

/* Queue the held task on CPU 0; false when the queue is full (kept for later). */
static bool ss_queue_held(void)
{
	if (ktask_wake(ss.held, 0).status != HS_OK)
		return false;
	ss.held = HS_TASK_NONE;
	ss.cursor++;
	ss.cursor_qos = pick_qos(&ss.rng); /* drawn once per task: the mix holds */
	return true;
}

/* Resched IPI to every other online CPU: there is work to steal. */
static void ss_kick(void)
{
	uint32_t c, present = hs_cpu_present();
	unsigned long flags = hs_arch_irq_save();

	for (c = 1; c < present; c++)
		if (hs_cpu_is_online(c))
			HS_IGNORE(hs_ipi_request_resched(c)); /* refused: it steals at its tick */
	hs_arch_irq_restore(flags);
}

/* Is participation judged for @n CPUs and @tasks tasks? */
static bool ss_judged(uint32_t n, uint32_t tasks)
{
	return n >= 2 && n <= MAX_JUDGED_HARTS && tasks >= MIN_TASKS_PER_HART * n;
}

/* Has every other online CPU stolen since the start? */
static bool ss_others_stole(void)
{
	uint32_t c;

	for (c = 1; c < hs_cpu_present() && c < HS_MAX_CPUS; c++)
		if (hs_cpu_is_online(c) && kernel_sched_steals(c) == ss.steals_before[c])
			return false;
	return true;
}

/* CPU 0 before each of its turns: one burst, then the kick. True if it placed any. */
static bool ss_step(uint32_t cpu)
{
	uint32_t i, placed = 0;

	if (cpu != 0)
		return false;
	for (i = 0; i < BURST && ss.cursor < ss.tasks; i++) {
		if (ss.held == HS_TASK_NONE)
			ss.held = ktask_create(ss_body, ss.cursor, ss.cursor_qos, "storm");
		if (ss.held == HS_TASK_NONE || !ss_queue_held())
			break; /* table or queue full: the same task is retried */
		placed++;
	}
	if (placed)
		ss_kick();
	if (!ss.all_stole) {
		ss.all_stole = ss_others_stole();
		if (!ss.all_stole &&
		    kernel_sched_queued(0, HS_QOS_NORMAL) + kernel_sched_queued(0, HS_QOS_IDLE) > 0)
			hs_arch_wait_for_interrupt(); /* let the thieves run */
	}
	return placed != 0;
}

/* Reset the producer and note the steal counters (CPU 0, before its first step). */
static bool ss_start(const struct kwl_params *p)
{
	uint32_t c;

	ss.tasks = p->tasks;
	ss.cursor = 0;
	ss.held = HS_TASK_NONE;
	hs_prng_seed(&ss.rng, p->seed, 0);
	ss.cursor_qos = pick_qos(&ss.rng);
	ss.all_stole = !ss_judged(hs_cpu_online_count(), p->tasks);
	for (c = 0; c < HS_MAX_CPUS; c++)
		ss.steals_before[c] = kernel_sched_steals(c);
	return true; /* ss_step() produces */
}

/* Criterion "participation": every other CPU stole (when judged). */
static bool ss_check(const struct kwl_params *p, struct hs_line *l)
{
	uint32_t n = hs_cpu_online_count(), c, thieves = 0;
	uint64_t stolen = 0;
	bool judged = ss_judged(n, p->tasks);

	for (c = 1; c < hs_cpu_present() && c < HS_MAX_CPUS; c++) {
		uint64_t s = kernel_sched_steals(c) - ss.steals_before[c];

		stolen += s;
		thieves += s != 0;
	}
	hs_line_str(l, " harts_that_stole=");
	hs_line_u64(l, thieves);
	hs_line_str(l, " steals=");
	hs_line_u64(l, stolen);
	hs_line_str(l, judged ? " participation=judged" : " participation=reported");
	return !judged || thieves == n - 1;
}

const struct kwl kwl_spawn_storm = {
	.name = "spawn-storm",
	.default_tasks = 4096,
	.max_tasks = 4096,
	.jobs = ss_jobs,
	.start = ss_start,
	.check = ss_check,
	.step = ss_step,
};
