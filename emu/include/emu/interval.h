/* SPDX-License-Identifier: MIT */
/*
 * Interval reports during a workload (--report-every TIME), in the manner
 * of schbench's periodic lines: one "REPORT:" line per interval with the
 * jobs finished so far and in the interval, the rate, and the slices,
 * steals and resched IPIs of the interval, summed over the harts. Hart 0
 * prints them between its turns; the counters are read racily (figures).
 */
#ifndef HS_EMU_INTERVAL_H
#define HS_EMU_INTERVAL_H

#include <stdint.h>

struct hs_emu_run;

struct hs_emu_interval {
	uint64_t every_ns; /* 0: no reports */
	uint64_t start_ns;
	uint64_t next_ns;
	uint64_t last_ns;
	uint64_t last_jobs, last_runs, last_stolen, last_ipis;
	uint32_t reports; /* lines printed */
};

/* Start reporting every @every_ns (0: never) from @now_ns. */
void hs_emu_interval_start(struct hs_emu_interval *iv, uint64_t every_ns, uint64_t now_ns);

/* Print a report if one is due at @now_ns. */
void hs_emu_interval_tick(struct hs_emu_interval *iv, const struct hs_emu_run *run,
			  uint64_t now_ns);

#endif /* HS_EMU_INTERVAL_H */
