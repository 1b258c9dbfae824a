// SPDX-License-Identifier: MIT
/*
 * wake-remote: chains of Interactive tasks, each waking its successor onto
 * another hart (hs_rq_enqueue_on + hs_ipi_request_resched): the target is
 * usually idle in its WFI loop and only the resched IPI gets it to pick the
 * task before its idle tick. Interactive sits above the Normal steal
 * ceiling, so a woken task runs where it was woken.
 *
 * CHAINS_PER_HART chains start per hart (seeded by hart 0); a running task
 * takes the next id from a shared counter and wakes it onto another online
 * hart (rotating). With the total in flight bounded by the chain count, a
 * full queue is rare; when it happens the task tries the next hart, and
 * when every hart refuses it keeps its successor and yields, retrying on
 * its next slice: the successor id is never dropped.
 *
 * Ledger: job = task id; every id is woken once and finishes once.
 */
#include <hartsched/cpu.h>

#include <emu/harts.h>
#include <hartsched/prng.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include <stdatomic.h>

#define CHAINS_PER_HART 4u

static struct {
	uint32_t seeded;	  /* seeds placed (hart 0 only) */
	uint32_t seeds;		  /* seeds to place */
	_Atomic uint32_t next_id; /* next successor id */
	/*
	 * Unplaced successor per task, or NONE. Only the hart running the task
	 * touches it; a task changes hart only through the run queue locks
	 * (yield's release, the next pick's acquire), which order the accesses.
	 */
	uint32_t successor[HS_EMU_JOBS_MAX];
	_Atomic uint32_t rotor[HS_MAX_CPUS]; /* per hart target rotation (own hart only) */
} wr;

static uint32_t wr_task_ids(const struct hs_emu_run *run)
{
	return run->cfg.tasks;
}

static void wr_start(struct hs_emu_run *run)
{
	uint32_t t, n = hs_emu_harts_count();

	wr.seeded = 0;
	wr.seeds = n * CHAINS_PER_HART < run->cfg.tasks ? n * CHAINS_PER_HART : run->cfg.tasks;
	atomic_store_explicit(&wr.next_id, wr.seeds, memory_order_relaxed);
	for (t = 0; t < run->cfg.tasks; t++)
		wr.successor[t] = HS_TASK_NONE;
	for (t = 0; t < HS_MAX_CPUS; t++)
		atomic_store_explicit(&wr.rotor[t], (uint32_t)(run->cfg.seed + t),
				      memory_order_relaxed);
}

/* Wake @task onto some hart other than @cpu (any online one if alone). */
static bool wake_elsewhere(uint32_t cpu, uint32_t task)
{
	uint32_t present = hs_cpu_present();
	uint32_t k = atomic_fetch_add_explicit(&wr.rotor[cpu], 1, memory_order_relaxed);
	uint32_t i;

	for (i = 0; i < present; i++) {
		uint32_t to = hs_emu_workload_other_online(cpu, k + i);

		if (hs_emu_wake(to, task, HS_QOS_INTERACTIVE).status == HS_OK)
			return true;
	}
	return false;
}

/* Hart 0 seeds the chains: seed s starts on hart s % n. */
static bool wr_hart_step(struct hs_emu_run *run, uint32_t cpu)
{
	uint32_t n = hs_cpu_present();
	bool did = false;

	(void)run;
	if (cpu != 0)
		return false;
	while (wr.seeded < wr.seeds) {
		uint32_t to = wr.seeded % n;

		if (!hs_cpu_is_online(to))
			to = 0;
		if (hs_emu_wake(to, wr.seeded, HS_QOS_INTERACTIVE).status != HS_OK)
			break; /* retried next turn */
		wr.seeded++;
		did = true;
	}
	return did;
}

static uint32_t wr_run_task(struct hs_emu_run *run, uint32_t cpu, uint32_t task,
			    const struct hs_pick *pick)
{
	uint32_t next = wr.successor[task];

	(void)pick;
	if (next == HS_TASK_NONE) {
		next = atomic_fetch_add_explicit(&wr.next_id, 1, memory_order_relaxed);
		if (next >= run->cfg.tasks)
			next = HS_TASK_NONE;
	}
	if (next != HS_TASK_NONE && !wake_elsewhere(cpu, next)) {
		wr.successor[task] = next; /* keep it; this task runs again */
		return HS_EMU_TASK_YIELD;
	}
	wr.successor[task] = HS_TASK_NONE;
	hs_emu_workload_job_done(run, task);
	return HS_EMU_TASK_FINISH;
}

const struct hs_emu_workload hs_emu_wl_wake_remote = {
	.name = "wake-remote",
	.summary = "tasks wake their successors onto other harts with resched IPIs",
	.default_tasks = 512,
	.start = wr_start,
	.hart_step = wr_hart_step,
	.run_task = wr_run_task,
	.finished = NULL,
	.task_ids = wr_task_ids,
	.check = NULL,
};
