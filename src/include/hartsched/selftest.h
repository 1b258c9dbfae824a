/* SPDX-License-Identifier: MIT */
/*
 * The proof ladder, printed by the boot CPU through the console, the same
 * in every port. Each test prints its "ok" line or a "FAIL" line with the
 * counters, never both.
 *
 * Preconditions (the port's job): CPU 0 is the calling boot hart; every
 * other present CPU is online and sits in a loop calling hs_ipi_idle_once()
 * with interrupts enabled, and calls hs_selftest_on_resched() whenever that
 * returns true; the port's S_SOFT entry calls hs_ipi_handle_soft().
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

/*
 * The port's idle loop calls this on @cpu (the calling CPU, thread context)
 * each time hs_ipi_idle_once() reports an acked resched. It does nothing
 * unless the ladder's work-stealing rung has armed it for @cpu; then it
 * makes one scheduling decision on the ladder's own instance (the steal
 * under test) and finishes the task it picked. Bounded; no heap.
 */
void hs_selftest_on_resched(uint32_t cpu);

/* Bound on every wait in the ladder (nanoseconds of hs_arch_now_ns()). */
#define HS_SELFTEST_WAIT_NS (2ull * 1000 * 1000 * 1000)

/* Idle epochs the counterfactual waits for after its request. */
#define HS_SELFTEST_CF_EPOCHS 3

#endif /* HARTSCHED_SELFTEST_H */
