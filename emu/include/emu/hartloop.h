/* SPDX-License-Identifier: MIT */
/*
 * The hart code both emulator firmwares share (hartloop.c): what hart 0
 * runs from its first instruction to shutdown, what a secondary runs from
 * its bring-up to its exit, and the per-hart state behind emu/harts.h.
 *
 * A firmware (harts.c: one pthread per hart; sim/emu_harts.c: the
 * simulator's contexts) gives the harts their stacks and a way to start a
 * secondary, and runs hs_emu_hartloop_boot() on hart 0 and
 * hs_emu_hartloop_secondary() on each secondary it was asked to start.
 */
#ifndef HS_EMU_HARTLOOP_H
#define HS_EMU_HARTLOOP_H

#include <stdbool.h>
#include <stdint.h>

#include <emu/config.h>
#include <emu/harts.h>

struct hs_emu_hart_port {
	/* Make secondary @cpu run hs_emu_hartloop_secondary(@cpu); 0 or an error. */
	int (*start)(uint32_t cpu);
	/* The stack [lo, hi) of hart @cpu, registered with the core. */
	void (*stack)(uint32_t cpu, uintptr_t *lo, uintptr_t *hi);
};

/*
 * Check @cfg's hart count (1 .. @max) and map, saying on stderr what is
 * wrong as @prog; false when the run cannot start.
 */
bool hs_emu_hartloop_check(const struct hs_emu_config *cfg, uint32_t max, const char *prog);

/* Reset the hart state for a run of @cfg with @boot_fn on hart 0, before any hart runs. */
void hs_emu_hartloop_init(const struct hs_emu_config *cfg, hs_emu_boot_fn boot_fn, void *arg,
			  const struct hs_emu_hart_port *port);

/* Hart 0's whole life; its status (boot_fn's, or 1) is hs_emu_hartloop_status(). */
void hs_emu_hartloop_boot(void);
int hs_emu_hartloop_status(void);

/* A secondary's whole life, once the firmware started it. */
void hs_emu_hartloop_secondary(uint32_t cpu);

/* Did hart 0 start secondary @cpu (the firmware then waits for it)? */
bool hs_emu_hartloop_started(uint32_t cpu);

#endif /* HS_EMU_HARTLOOP_H */
