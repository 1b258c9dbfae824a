/* SPDX-License-Identifier: MIT */
/*
 * The kernel's resched IPI round trip, measured in rdtime ticks (the
 * kernel-bench image only; TCG timing is a reported figure, not a target).
 */
#ifndef KERNEL_BENCH_IPI_H
#define KERNEL_BENCH_IPI_H

#include <stdint.h>

/* Round trips measured per run. */
#define BENCH_IPI_ROUNDS 200

/* Bound on each wait (ack, target back in its idle wait). */
#define BENCH_IPI_WAIT_NS (100ull * 1000 * 1000)

/*
 * From CPU 0, BENCH_IPI_ROUNDS times: request a resched of CPU 1 and time
 * until CPU 1's S_SOFT trap has acked it; before each round CPU 1 is back
 * in its idle wait. Prints
 *   KBENCH: ipi_rtt_ticks p50=N p99=N n=N timebase=HZ
 * or a "KBENCH: ipi_rtt_ticks FAIL ..." line. Returns the number of
 * failures (0/1). Boot hart, after the ladder, with CPU 1 online.
 */
uint32_t kernel_bench_ipi(void);

#endif /* KERNEL_BENCH_IPI_H */
