/* SPDX-License-Identifier: MIT */
/*
 * An explorer scenario: a small program every hart runs on the exact core,
 * with its invariants. setup runs before the harts (as the boot hart),
 * hart on each hart, step_check (optional) at every yield point, check at
 * quiescence. Each may fail the run with hs_sim_fail().
 */
#ifndef HS_XP_SCENARIO_H
#define HS_XP_SCENARIO_H

#include <stdint.h>

struct xp_scenario {
	const char *name;
	const char *what;   /* one line for --help and --list */
	uint32_t harts;	    /* harts it needs */
	uint64_t pct_steps; /* about how many steps a run takes (PCT's change points) */
	void (*setup)(void);
	void (*hart)(uint32_t cpu);
	void (*step_check)(void);
	void (*check)(void);
};

/* Every scenario, NULL-terminated. */
extern const struct xp_scenario *const xp_scenarios[];

const struct xp_scenario *xp_scenario_find(const char *name);

extern const struct xp_scenario xp_sc_rq_race, xp_sc_steal_fifo, xp_sc_steal_qos, xp_sc_tiny;
extern const struct xp_scenario xp_sc_steal_batch, xp_sc_full_ring;
extern const struct xp_scenario xp_sc_ipi, xp_sc_ipi_tiny, xp_sc_ipi_forced, xp_sc_hotplug;
extern const struct xp_scenario xp_sc_cpu_publish;
extern const struct xp_scenario xp_sc_ladder, xp_sc_lock;

#endif /* HS_XP_SCENARIO_H */
