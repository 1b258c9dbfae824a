/* SPDX-License-Identifier: MIT */
/*
 * The SBI calls the kernel makes to OpenSBI: base probe, timer, IPI, hart
 * state management and system reset. Every call returns the SBI error code
 * (0 = success, negative = SBI_ERR_*); callers decide what failure means.
 */
#ifndef KERNEL_SBI_H
#define KERNEL_SBI_H

#include <stdbool.h>
#include <stdint.h>

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI  0x735049
#define SBI_EXT_HSM  0x48534D
#define SBI_EXT_SRST 0x53525354

#define SBI_SUCCESS		  0
#define SBI_ERR_INVALID_PARAM	  (-3)
#define SBI_ERR_ALREADY_AVAILABLE (-6)

/* hart_get_status values */
#define SBI_HSM_STARTED	      0
#define SBI_HSM_STOPPED	      1
#define SBI_HSM_START_PENDING 2

struct sbi_ret {
	long error;
	long value;
};

/* True when OpenSBI implements extension @eid. */
bool sbi_has_extension(unsigned long eid);

/* Program the calling hart's timer to fire at absolute time @stime_value. */
long sbi_set_timer(uint64_t stime_value);

/* Raise S_SOFT on the harts in @hart_mask, relative to @hart_mask_base. */
long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);

/* Start stopped hart @hartid at @start_addr in S-mode with a0 = hartid, a1 = @opaque. */
long sbi_hart_start(unsigned long hartid, unsigned long start_addr, unsigned long opaque);

/* Status of @hartid (SBI_HSM_*) in ->value, or SBI_ERR_INVALID_PARAM if no such hart. */
struct sbi_ret sbi_hart_get_status(unsigned long hartid);

/* Shut the machine down (only returns on failure). */
long sbi_shutdown(bool failure);

#endif /* KERNEL_SBI_H */
