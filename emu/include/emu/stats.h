/* SPDX-License-Identifier: MIT */
/*
 * Run statistics: gathered from the core's counters (run queues, IPI chain)
 * and the emulator's (hart loop, runner, trap entry, metrics, hotplug) once
 * the harts are quiet, printed as tables (stats.c) and written as JSON
 * (stats_json.c, schema in docs/emulator.md).
 */
#ifndef HS_EMU_STATS_H
#define HS_EMU_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/selftest.h>

#include <emu/config.h>
#include <emu/stats_row.h>
#include <emu/workload.h>

/* Version of the JSON layout; bumped on any incompatible change. */
#define HS_EMU_JSON_SCHEMA_VERSION 1

struct hs_emu_report {
	const struct hs_emu_config *cfg;
	bool selftest_ran;
	struct hs_selftest_result selftest;
	uint64_t selftest_ns;
	uint64_t bringup_ns;
	struct hs_emu_reject_snapshot ladder; /* rejects when the ladder ended */
	struct hs_emu_workload_result workload;
	uint64_t total_ns;
	int exit_status;
	int stop_signal; /* SIGINT / SIGTERM that stopped the run, else 0 */
};

/* The rejects of a run by what they mean to a user. */
struct hs_emu_reject_split {
	uint64_t ladder[HS_STATUS_COUNT];	/* the ladder's deliberate refusals */
	uint64_t backpressure[HS_STATUS_COUNT]; /* workload: queue full, retried */
	uint64_t hotplug[HS_STATUS_COUNT];	/* workload: an offline target refused */
	uint64_t unexpected[HS_STATUS_COUNT];	/* anything else: worth a look */
};

/* Split the whole run's rejects (failed IPI sends count as send_failed). */
struct hs_emu_reject_split hs_emu_stats_rejects(const struct hs_emu_report *r);

/* Print the stats tables to the text stream (emu/output.h). */
void hs_emu_stats_print(const struct hs_emu_report *r);

/*
 * Write the stats as JSON to @path ("-": stdout). A file is written to a
 * temporary file in the same directory and renamed into place, so a reader
 * never sees half a document and a failed run leaves the old file alone.
 * 0 on success, else an errno value (after printing why on stderr).
 */
int hs_emu_stats_write_json(const struct hs_emu_report *r, const char *path);

#endif /* HS_EMU_STATS_H */
