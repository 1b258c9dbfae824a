/* SPDX-License-Identifier: MIT */
/*
 * Starting the secondary CPUs and waiting for them, bounded by their
 * progress rather than by a wall-clock guess.
 */
#ifndef KERNEL_BRINGUP_H
#define KERNEL_BRINGUP_H

#include <stdint.h>

/*
 * The wait ends when every started CPU is online, or when no started CPU
 * has made any progress (below) for this long. Each CPU can progress at
 * most three times, so the whole wait is bounded by
 * (3 * (cpus - 1) + 1) * BRINGUP_STALL_NS.
 */
#define BRINGUP_STALL_NS (10ull * 1000 * 1000 * 1000)

/* How often the wait asks SBI HSM about harts that have not reached the kernel. */
#define BRINGUP_HSM_POLL_NS (10ull * 1000 * 1000)

/*
 * Start every other present CPU with SBI HSM and wait for each to come
 * online. Progress of a started CPU, each step at most once:
 *   HSM reports it STARTED (OpenSBI handed it over),
 *   it entered the kernel (entry.S found its slot),
 *   it set its online bit.
 * Prints "KBOOT: FAIL cpuN (hart H) <what it last did>" for every CPU that
 * could not be started or did not come online, then a FAIL summary, and
 * returns how many those were; on success one "KBOOT: bring-up:" line.
 * Boot hart, on CPU 0's stack.
 */
uint32_t bringup_run(void);

/* Milliseconds bringup_run() waited (for the summary line). */
uint64_t bringup_ms(void);

#endif /* KERNEL_BRINGUP_H */
