/* SPDX-License-Identifier: MIT */
/*
 * The proof ladder, printed by the boot CPU through the console, the same
 * in every port. Each test prints its "ok" line or a "FAIL" line with the
 * counters, never both.
 *
 * Preconditions (the port's job): CPU 0 is the calling boot hart; every
 * other present CPU is online and sits in a loop calling hs_cpu_idle_once()
 * with interrupts enabled; the port's S_SOFT entry calls
 * hs_ipi_handle_soft().
 */
#ifndef HARTSCHED_SELFTEST_H
#define HARTSCHED_SELFTEST_H

#include <stdint.h>

struct hs_selftest_result {
	uint32_t passed;
	uint32_t failed;
};

/* Run the ladder; SMP rungs only when hs_cpu_present() >= 2. */
struct hs_selftest_result hs_selftest_run(void);

/* Bound on every wait in the ladder (nanoseconds of hs_arch_now_ns()). */
#define HS_SELFTEST_WAIT_NS (2ull * 1000 * 1000 * 1000)

/* Idle epochs the counterfactual waits for after its request. */
#define HS_SELFTEST_CF_EPOCHS 3

#endif /* HARTSCHED_SELFTEST_H */
