/* SPDX-License-Identifier: MIT */
/*
 * The cpu <-> hart table the entry code reads, what the entry code reports
 * back, and the secondary CPUs' life.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/config.h>

/*
 * Map logical CPU c to @hartids[c] for 1 <= c < @present in the core and in
 * the entry code's table. Boot hart, after hs_cpu_init_boot().
 */
void smp_register(uint32_t present, const uint64_t hartids[HS_MAX_CPUS]);

/* Has @cpu's hart reached the kernel (entry.S found its slot)? */
bool smp_cpu_entered(uint32_t cpu);

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
