/* SPDX-License-Identifier: MIT */
/*
 * Boot-time check of the trap entry's contract: a trap hands every
 * register back unchanged.
 */
#ifndef KERNEL_TRAP_CHECK_H
#define KERNEL_TRAP_CHECK_H

#include <stdint.h>

/* trap_check.S: see there. */
void kernel_trap_roundtrip(uint64_t out[32]);

/*
 * Take one real S_SOFT trap on the calling hart with every register
 * loaded with a pattern and a poisoned tp; print a "KCHECK:" line saying
 * which registers came back changed. Returns the number of failures (0/1).
 * Boot hart, before the ladder (it adds one trap to this CPU's counters).
 */
uint32_t kernel_check_trap_roundtrip(void);

#endif /* KERNEL_TRAP_CHECK_H */
