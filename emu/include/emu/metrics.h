/* SPDX-License-Identifier: MIT */
/*
 * The emulator's scheduler metrics beyond the core's counters, in the
 * spirit of Tokio's runtime metrics:
 *   - busy and idle time per hart (time in turns that did work / the rest);
 *   - queue depth high-water mark and overflow (queue-full) count per class
 *     per hart, as seen after each emulator enqueue and yield;
 *   - wake-up latency per class: from a remote wake (enqueue + resched IPI,
 *     hs_emu_wake) to the pick that runs the task, kept apart from the
 *     queue wait of tasks that were submitted or yielded (emu/sched.h).
 * All fixed storage, no allocation.
 */
#ifndef HS_EMU_METRICS_H
#define HS_EMU_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/config.h>
#include <hartsched/qos.h>

#include <emu/hist.h>

/* Reset everything (boot hart, before the secondaries start). */
void hs_emu_metrics_reset(void);

/* Hart @cpu spent @ns in a turn that did work (busy) or found none (idle). */
void hs_emu_metrics_time(uint32_t cpu, bool busy, uint64_t ns);

/* An enqueue or yield onto @cpu's class @qos ended with @status. */
void hs_emu_metrics_enqueued(uint32_t cpu, uint32_t qos, uint32_t status);

/* @task is being woken remotely (before its enqueue). */
void hs_emu_metrics_note_wake(uint32_t task);

/* The wake's enqueue of @task was refused: forget the note. */
void hs_emu_metrics_cancel_wake(uint32_t task);

/*
 * @task (class @qos) was picked on @cpu after @ns in the queue: recorded as
 * wake-up latency when it was woken, else returns false (a queue wait).
 */
bool hs_emu_metrics_picked(uint32_t cpu, uint32_t task, uint32_t qos, uint64_t ns);

struct hs_emu_metrics {
	uint64_t busy_ns;
	uint64_t idle_ns;
	uint32_t depth_max[HS_QOS_COUNT]; /* high-water mark per class */
	uint64_t overflow[HS_QOS_COUNT];  /* queue-full refusals per class */
};

struct hs_emu_metrics hs_emu_metrics_of(uint32_t cpu);

/* Per-hart wake-up latency histogram of class @qos (read when quiet). */
const struct hs_emu_hist *hs_emu_metrics_wake_hist(uint32_t cpu, uint32_t qos);

#endif /* HS_EMU_METRICS_H */
