/* SPDX-License-Identifier: MIT */
/*
 * Latency samples of the kernel's scheduler, in rdtime ticks: kept per
 * hart in fixed arrays (the first KLAT_SAMPLES of each kind), reported as
 * p50/p99 on KBENCH lines. Measured, not judged.
 */
#ifndef KERNEL_KLAT_H
#define KERNEL_KLAT_H

#include <stdint.h>

#define KLAT_SAMPLES 512u /* per kind per hart */

enum klat_kind {
	KLAT_SWITCH = 0,  /* scheduler -> task -> scheduler round trip of a yield */
	KLAT_WAKE_LOCAL,  /* wake on the same hart -> the task picked */
	KLAT_WAKE_REMOTE, /* wake onto another hart (IPI) -> the task picked there */
	KLAT_PREEMPT,	  /* timer interrupt taken -> the preempting switch */
	KLAT_KINDS,
};

/* Record @ticks of @kind on the calling hart @cpu. */
void klat_add(uint32_t cpu, uint32_t kind, uint64_t ticks);

/* Print one KBENCH line per kind with samples (CPU 0, after the harts went quiet). */
void klat_print(void);

#endif /* KERNEL_KLAT_H */
