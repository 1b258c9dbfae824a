/* SPDX-License-Identifier: MIT */
/*
 * Hart discovery, the cpu <-> hart table the entry code reads, secondary
 * start-up and the secondary CPUs' life.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <stdint.h>

#include <hartsched/config.h>

/* Bring-up deadline: every started CPU must be online within this. */
#define SMP_BRINGUP_WAIT_NS (2ull * 1000 * 1000 * 1000)

/*
 * Find the harts: @hartids[0] = @boot_hartid, then every other stopped hart
 * with id below HS_MAX_CPUS in ascending order (SBI HSM hart_get_status
 * answers INVALID_PARAM for ids with no hart). Returns how many (>= 1).
 */
uint32_t smp_discover(uint64_t boot_hartid, uint64_t hartids[HS_MAX_CPUS]);

/*
 * Map logical CPU c to @hartids[c] for 1 <= c < @present in the core and in
 * the entry code's table. Boot hart, after hs_cpu_init_boot().
 */
void smp_register(uint32_t present, const uint64_t hartids[HS_MAX_CPUS]);

/*
 * Start every other present CPU with SBI HSM and wait (bounded, with wfi)
 * until each reports online. Prints a FAIL line per CPU that could not be
 * started or did not come online and returns how many those were.
 */
uint32_t smp_bring_up(void);

/* Secondaries that entered through _start (the OpenSBI 1.1 start race). */
uint32_t smp_late_arrivals(void);

/* Harts that entered the kernel but are in no cpu slot (stopped by entry.S). */
uint32_t smp_stray_harts(void);

/* HSM start address of secondary harts (entry.S). */
void kernel_secondary_entry(void);

/*
 * C entry of a secondary CPU, on its registered stack with tp = sscratch =
 * its block and stvec set (entry.S). @opaque is hart_start's argument when
 * @via_start is 0; when the hart came in through _start it is the device
 * tree and only @hartid identified the CPU.
 */
_Noreturn void kernel_secondary_main(uint64_t hartid, uint32_t cpu, unsigned long opaque,
				     unsigned long via_start);

#endif /* KERNEL_SMP_H */
