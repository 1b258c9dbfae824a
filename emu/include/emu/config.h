/* SPDX-License-Identifier: MIT */
/*
 * One emulator run's configuration: what the command line (or a program
 * linking hs_emu) asks for. Plain data, validated by its producer.
 */
#ifndef HS_EMU_CONFIG_H
#define HS_EMU_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/config.h>

struct hs_emu_workload;

/* Fault injection for the falsifiability tests (hidden --inject=). */
#define HS_EMU_INJECT_FAKE_TRAP 1u /* secondaries run the S_SOFT entry with no IPI */
#define HS_EMU_INJECT_DROP_IPI	2u /* sends claim success but deliver nothing */

/* The simulator's chooser under --sim (hartsched-emu-sim). */
#define HS_EMU_SIM_RANDOM 0u /* uniform over the harts that can run */
#define HS_EMU_SIM_PCT	  1u /* PCT, depth 3 */

struct hs_emu_config {
	uint32_t harts;				/* 1 .. HS_MAX_CPUS */
	bool selftest;				/* run the proof ladder on hart 0 */
	const struct hs_emu_workload *workload; /* NULL: none */
	const char *workload_file;		/* --workload-file path, else NULL */
	uint32_t tasks;				/* jobs for the workload; 0: its default */
	uint64_t seed;				/* PRNG seed of the workloads */
	uint32_t steal_max;			/* tasks per steal decision */
	uint64_t timeout_ns;			/* bound on the workload phase: a FAIL */
	uint64_t duration_ns;	       /* run mode: stop after this; 0: run to completion */
	uint64_t report_every_ns;      /* interval reports; 0: none */
	uint32_t hotplug_cycles;       /* offline/online cycles during the workload */
	uint32_t inject;	       /* HS_EMU_INJECT_* bits */
	bool hart_map;		       /* hart_of[] is set; else hart id = CPU */
	uint32_t hart_of[HS_MAX_CPUS]; /* platform hart id of logical CPU c */
	uint32_t sim_strategy;	       /* HS_EMU_SIM_* (hartsched-emu-sim only) */
	uint64_t sim_max_steps;	       /* yield points before the run fails; 0: no bound */
};

/* The platform hart id of logical CPU @cpu under @cfg's map. */
static inline uint32_t hs_emu_config_hart_of(const struct hs_emu_config *cfg, uint32_t cpu)
{
	return cfg->hart_map ? cfg->hart_of[cpu] : cpu;
}

#endif /* HS_EMU_CONFIG_H */
