/* SPDX-License-Identifier: MIT */
/*
 * The figures the stats report for one hart (or the sum over all), gathered
 * from the core's counters (run queue, IPI chain) and the emulator's (hart
 * loop, runner, trap entry, metrics), read once the harts are quiet.
 */
#ifndef HS_EMU_STATS_ROW_H
#define HS_EMU_STATS_ROW_H

#include <stdint.h>

#include <hartsched/ipi.h>
#include <hartsched/outcome.h>
#include <hartsched/qos.h>

#include <emu/hist.h>
#include <emu/irq.h>
#include <emu/metrics.h>

struct hs_emu_row {
	uint64_t turns, runs, noop_turns, local_picks, steal_count, steal_operations;
	uint64_t steal_contended, yields, yield_refused, finishes, offline_parks, wakes_sent;
	struct hs_emu_metrics m;	   /* busy/idle time, depth, overflow */
	struct hs_ipi_counters ipi;	   /* resched IPIs whose target is this hart */
	struct hs_emu_irq_stats irq;	   /* what this hart's trap entry saw */
	uint64_t rejects[HS_STATUS_COUNT]; /* core rejections charged to this hart */
};

/* The row of logical CPU @cpu. */
struct hs_emu_row hs_emu_row_of(uint32_t cpu);

/* Sum over @nharts harts, plus the rejects no CPU could be charged with. */
struct hs_emu_row hs_emu_row_total(uint32_t nharts);

/* Merge class @qos's queue-wait (@wakeup: wake-up latency) histograms of all harts. */
void hs_emu_row_latency(uint32_t qos, uint32_t nharts, bool wakeup, struct hs_emu_hist *out);

/* Rejects and failed sends so far (the ladder's, when taken right after it). */
struct hs_emu_reject_snapshot {
	uint64_t rejects[HS_STATUS_COUNT];
	uint64_t send_failed;
};

struct hs_emu_reject_snapshot hs_emu_row_rejects_now(uint32_t nharts);

/* JSON / text key of a status: the core's name with '-' as '_' ("queue_full"). */
const char *hs_emu_status_key(uint32_t status);

#endif /* HS_EMU_STATS_ROW_H */
