/* SPDX-License-Identifier: MIT */
/*
 * The emulator's scheduler instance and its runner: one scheduling turn of
 * a hart = (inside an RCU read-side section, only while the hart is
 * online and a workload is active) the workload's production step, then the
 * core's turn (hartsched/turn.h): decide, run one slice, finish or yield.
 * Records the queue wait from enqueue (submit or yield) to pick per class in
 * fixed histograms; a task put there by a remote wake (hs_emu_wake) counts
 * as wake-up latency instead (emu/metrics.h).
 */
#ifndef HS_EMU_SCHED_H
#define HS_EMU_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/rq.h>

#include <emu/hist.h>

struct hs_emu_run;

/* The instance every hart schedules from (static storage, no heap). */
extern struct hs_sched hs_emu_sched;

/* Reset the instance; boot hart, before the secondaries start. */
void hs_emu_sched_init(void);

/* Make @run the active workload (NULL: none); readers use RCU. */
void hs_emu_sched_set_run(struct hs_emu_run *run);

/*
 * One scheduling turn on the calling hart @cpu. Returns true when it did
 * something (produced or ran a task), false when the hart may idle.
 */
bool hs_emu_sched_turn(uint32_t cpu);

/* The active run (NULL between runs). */
struct hs_emu_run *hs_emu_sched_active(void);

/*
 * Free hart @cpu's pending finish (the core's turn leaves a finished task
 * current until its next decision) and report it to @run. Hart 0 only,
 * once @cpu takes no turn: after an RCU grace period that saw it offline
 * or saw the run cleared.
 */
void hs_emu_sched_flush(uint32_t cpu, struct hs_emu_run *run);

/*
 * Place @task on @cpu's class @qos, stamping its enqueue time for the wait
 * histogram. Callers hold an RCU read-side section (hotplug.h).
 */
HS_MUST_CHECK struct hs_outcome hs_emu_submit(uint32_t cpu, uint32_t task, uint32_t qos);

/* Wake @task onto @cpu and request a resched there (a remote wake-up). */
HS_MUST_CHECK struct hs_outcome hs_emu_wake(uint32_t cpu, uint32_t task, uint32_t qos);

/* Per-task flag set when hotplug moved the task between harts. */
void hs_emu_task_note_migrated(uint32_t task);
bool hs_emu_task_migrated(uint32_t task);

/* Clear per-task runner state for ids [0, n) (between runs, harts quiet). */
void hs_emu_tasks_reset(uint32_t n);

/* Monotonic per-hart counters of the runner. */
struct hs_emu_sched_stats {
	uint64_t decisions;		    /* core decisions (pick and pick_next calls) */
	uint64_t runs;			    /* slices run */
	uint64_t idle;			    /* decisions that found nothing */
	uint64_t contended;		    /* decisions that gave up a contended steal */
	uint64_t yield_full;		    /* yields refused (queue full): task stayed current */
	uint64_t broken;		    /* core calls that failed where they cannot */
	uint64_t wake_ipi[HS_STATUS_COUNT]; /* hs_emu_wake resched outcomes */
};

struct hs_emu_sched_stats hs_emu_sched_stats(uint32_t cpu);

/* Per-hart queue-wait histogram of class @qos (read once the harts are quiet). */
const struct hs_emu_hist *hs_emu_sched_wait_hist(uint32_t cpu, uint32_t qos);

#endif /* HS_EMU_SCHED_H */
