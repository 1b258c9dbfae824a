/* SPDX-License-Identifier: MIT */
/*
 * Tiny accessors for the supervisor CSRs and registers the kernel port uses.
 * One inline function per access, so every CSR touch reads as what it does.
 */
#ifndef KERNEL_CSR_H
#define KERNEL_CSR_H

#include <stdint.h>

#define SSTATUS_SIE  (1ul << 1) /* supervisor interrupts enabled */
#define SSTATUS_SPIE (1ul << 5) /* SIE before the trap */
#define SIE_SSIE     (1ul << 1) /* software interrupt enable */
#define SIE_STIE     (1ul << 5) /* timer interrupt enable */
#define SIP_SSIP     (1ul << 1) /* software interrupt pending */

#define SCAUSE_INTERRUPT (1ul << 63)
#define IRQ_S_SOFT	 1
#define IRQ_S_TIMER	 5

/* Clear sstatus.SIE and return the previous sstatus (one csrrc: no window). */
static inline unsigned long csr_sstatus_clear_sie(void)
{
	unsigned long old;

	__asm__ volatile("csrrc %0, sstatus, %1" : "=r"(old) : "r"(SSTATUS_SIE) : "memory");
	return old;
}

static inline void csr_sstatus_set_sie(void)
{
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE) : "memory");
}

static inline void csr_sie_set(unsigned long bits)
{
	__asm__ volatile("csrs sie, %0" : : "r"(bits) : "memory");
}

static inline void csr_sip_clear(unsigned long bits)
{
	__asm__ volatile("csrc sip, %0" : : "r"(bits) : "memory");
}

static inline unsigned long csr_sip_read(void)
{
	unsigned long v;

	__asm__ volatile("csrr %0, sip" : "=r"(v));
	return v;
}

static inline uintptr_t csr_sscratch_read(void)
{
	uintptr_t v;

	__asm__ volatile("csrr %0, sscratch" : "=r"(v));
	return v;
}

static inline uint64_t csr_time_read(void)
{
	uint64_t v;

	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

static inline uintptr_t reg_tp_read(void)
{
	uintptr_t v;

	__asm__ volatile("mv %0, tp" : "=r"(v));
	return v;
}

static inline void reg_tp_write(uintptr_t v)
{
	__asm__ volatile("mv tp, %0" : : "r"(v) : "memory");
}

static inline uintptr_t reg_sp_read(void)
{
	uintptr_t v;

	__asm__ volatile("mv %0, sp" : "=r"(v));
	return v;
}

/* Wait for an interrupt that is pending and enabled in sie (sstatus.SIE aside). */
static inline void cpu_wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

#endif /* KERNEL_CSR_H */
