/* SPDX-License-Identifier: MIT */
/*
 * Workloads people describe themselves (--workload-file FILE): a JSON
 * description in the spirit of rt-app's, parsed with json-glib.
 *
 *   {
 *     "workload_file_version": 1,
 *     "name": "ping-pong",
 *     "description": "two tasks wake each other across harts",
 *     "groups": [
 *       { "name": "a", "qos": "interactive", "instances": 1, "start": 0,
 *         "loops": 100, "phases": [ {"run": 1}, {"wake": "b"}, {"wait": true} ] },
 *       ...
 *     ]
 *   }
 *
 * A group is "instances" tasks of one QoS class that each repeat "phases"
 * "loops" times. "start": a hart number, "spread" (instance i starts on hart
 * i mod harts) or "waiting" (blocked until woken; its home is spread);
 * "home" may override where a waiting group is woken to. Phases: "run": N
 * slices (yielding in between); "wake": G wakes the longest-waiting
 * instance of group G onto its home hart with a resched IPI (a wake that
 * finds nobody waiting is kept as a token for the next wait of G);
 * "wait": true blocks until woken; "sleep_us": N blocks for N microseconds
 * (hart 0 wakes it). In the last loop, phases after the last run or wake
 * are skipped (nothing would end them). A task's job is done when its last
 * loop is; the ledger has one job per instance.
 *
 * Errors name the file, the line and the field.
 */
#ifndef HS_EMU_WLFILE_H
#define HS_EMU_WLFILE_H

#include <stdbool.h>
#include <stdint.h>

#define HS_EMU_WLFILE_GROUPS 16
#define HS_EMU_WLFILE_PHASES 16
#define HS_EMU_WLFILE_NAME   32

enum hs_emu_phase_kind {
	HS_EMU_PHASE_RUN = 0, /* n slices */
	HS_EMU_PHASE_WAKE,    /* wake one instance of group n */
	HS_EMU_PHASE_WAIT,    /* block until woken */
	HS_EMU_PHASE_SLEEP,   /* block n microseconds */
};

struct hs_emu_phase {
	uint32_t kind; /* enum hs_emu_phase_kind */
	uint32_t n;    /* slices, target group index or microseconds */
};

#define HS_EMU_START_SPREAD  UINT32_MAX	      /* instance i on hart i mod harts */
#define HS_EMU_START_WAITING (UINT32_MAX - 1) /* blocked until woken */

struct hs_emu_group {
	char name[HS_EMU_WLFILE_NAME];
	uint32_t qos;
	uint32_t instances;
	uint32_t start; /* a hart, HS_EMU_START_SPREAD or HS_EMU_START_WAITING */
	uint32_t home;	/* where a waiting group is woken: a hart or SPREAD */
	uint32_t loops;
	uint32_t nphases;
	uint32_t last_active; /* index of the last run or wake phase */
	struct hs_emu_phase phase[HS_EMU_WLFILE_PHASES];
};

struct hs_emu_wlfile {
	char name[HS_EMU_WLFILE_NAME];
	uint32_t ngroups;
	uint32_t tasks; /* instances over all groups */
	struct hs_emu_group group[HS_EMU_WLFILE_GROUPS];
};

/*
 * Load @path for a run on @harts harts into @out. On error returns false
 * and sets *@err to a message "FILE:LINE: FIELD: what is wrong" (g_free it).
 */
bool hs_emu_wlfile_load(const char *path, uint32_t harts, struct hs_emu_wlfile *out, char **err);

/* The workload that runs a loaded description (wl_file.c). */
extern const struct hs_emu_workload hs_emu_wl_file;

/* Install @desc as what hs_emu_wl_file runs (before the run starts). */
void hs_emu_wl_file_set(const struct hs_emu_wlfile *desc);

#endif /* HS_EMU_WLFILE_H */
