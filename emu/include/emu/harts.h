/* SPDX-License-Identifier: MIT */
/*
 * Emulated harts: one pthread per hart on an emulator-allocated stack.
 *
 * hs_emu_harts_run() is the "firmware": it maps the stacks and starts hart 0
 * (the boot hart) on a thread of its own. Hart 0 initialises the core's CPU
 * tables, registers every hart and stack, brings the secondaries up, waits
 * until all are online and then runs @boot_fn. Each secondary installs its
 * tp, marks itself online and loops: a scheduling turn when the emulator
 * has work (hs_emu_sched_turn), else one hs_ipi_idle_once(). An offline
 * secondary parks until it is asked to come back (hotplug.h).
 */
#ifndef HS_EMU_HARTS_H
#define HS_EMU_HARTS_H

#include <stdbool.h>
#include <stdint.h>

#include <emu/config.h>

/* What hart 0 runs once every hart is online; returns the exit status. */
typedef int (*hs_emu_boot_fn)(const struct hs_emu_config *cfg, void *arg);

/*
 * Run @cfg->harts harts with @boot_fn on hart 0; returns @boot_fn's status,
 * or 1 when bring-up failed (a FAIL line says why). Call from the main
 * thread after hs_emu_irq_setup(); returns after every hart thread exited.
 */
int hs_emu_harts_run(const struct hs_emu_config *cfg, hs_emu_boot_fn boot_fn, void *arg);

/* Harts of the current run (0 before/after). */
uint32_t hs_emu_harts_count(void);

/* Time from hart 0's first instruction to every hart online (ns). */
uint64_t hs_emu_harts_bringup_ns(void);

/* Is @cpu inside hs_ipi_idle_once() right now (a hint for kicks)? */
bool hs_emu_hart_is_idle(uint32_t cpu);

/* Wake every secondary's thread now (no SSIP, no IPI counter touched). */
void hs_emu_harts_kick_all(void);

/* Secondary-side hotplug hooks (hotplug.c): request online, query parked. */
void hs_emu_hart_request_online(uint32_t cpu);
bool hs_emu_hart_is_parked(uint32_t cpu);

/* Monotonic per-hart counters of the hart loop. */
struct hs_emu_hart_stats {
	uint64_t turns;	     /* scheduling turns run */
	uint64_t idle_turns; /* hs_ipi_idle_once() calls */
	uint64_t resched;    /* idle turns that ended on an acked resched */
	uint64_t parks;	     /* times the hart parked (offline) */
};

struct hs_emu_hart_stats hs_emu_hart_stats(uint32_t cpu);

#endif /* HS_EMU_HARTS_H */
