/* SPDX-License-Identifier: MIT */
/*
 * How the stress driver gets its harts. A runner brings the core's CPU
 * tables up, runs one body per hart (each on its own thread acting as that
 * logical CPU, or on an emulated hart), and installs the IPI fault hook.
 * The ledger and the operation mix do not care which runner is in use.
 */
#ifndef HS_STRESS_RUNNER_H
#define HS_STRESS_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*stress_hart_body)(uint32_t cpu, void *arg);

/* Decide whether the platform refuses one IPI to @cpu (non-zero: refuse). */
typedef int (*stress_send_fault)(uint32_t cpu);

struct stress_runner {
	const char *name;
	/*
	 * True when an S_SOFT trap can only follow a successful send (no
	 * spurious traps), so after a drain trap == ack == sent_ok per CPU.
	 */
	bool exact_traps;
	/* Set up the CPU tables for @harts logical CPUs (boot path). 0 = ok. */
	int (*boot)(uint32_t harts);
	/*
	 * Run @body(cpu, @arg) on every hart 0 .. harts-1 concurrently; each
	 * body starts with the hart identified (tp installed) but not yet
	 * online. Returns once all bodies returned; 0 = ok.
	 */
	int (*run)(uint32_t harts, stress_hart_body body, void *arg);
	/* Install (or clear with NULL) the platform's send-failure hook. */
	void (*set_send_fault)(stress_send_fault hook);
	/* Is an S_SOFT still pending for @cpu (after a drain it must not be)? */
	bool (*soft_pending)(uint32_t cpu);
	/* Sends that reached the platform (0 if the runner cannot tell). */
	uint64_t (*platform_sends)(void);
};

/* Threads-as-CPUs on host/host_arch.c. */
extern const struct stress_runner stress_runner_host;

/* The emulator's harts (emu/), in the hs_stress_emu build. */
extern const struct stress_runner stress_runner_emu;

#endif /* HS_STRESS_RUNNER_H */
