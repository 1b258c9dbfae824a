/* SPDX-License-Identifier: MIT */
/*
 * Run statistics: gathered from the core's counters (run queues, IPI chain)
 * and the emulator's (hart loop, runner, trap entry, hotplug) once the harts
 * are quiet, printed as a table and written as JSON.
 */
#ifndef HS_EMU_STATS_H
#define HS_EMU_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <hartsched/selftest.h>

#include <emu/config.h>
#include <emu/workload.h>

struct hs_emu_report {
	const struct hs_emu_config *cfg;
	bool selftest_ran;
	struct hs_selftest_result selftest;
	uint64_t selftest_ns;
	uint64_t bringup_ns;
	struct hs_emu_workload_result workload;
	uint64_t total_ns;
	int exit_status;
};

/* Print the stats table to stdout (one write per line). */
void hs_emu_stats_print(const struct hs_emu_report *r);

/* Write the stats as JSON to @f; 0 on success, -1 on a write error. */
int hs_emu_stats_write_json(const struct hs_emu_report *r, FILE *f);

#endif /* HS_EMU_STATS_H */
