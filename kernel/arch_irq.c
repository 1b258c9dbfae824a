// SPDX-License-Identifier: MIT
/*
 * Interrupt state hooks of the arch interface: sstatus.SIE save/restore,
 * the bounded idle wait, and the spin hint.
 */
#include <hartsched/arch.h>

#include "csr.h"
#include "timer.h"

unsigned long hs_arch_irq_save(void)
{
	return csr_sstatus_clear_sie() & SSTATUS_SIE;
}

/* Re-enabling takes any interrupt that became pending meanwhile, as the hook requires. */
void hs_arch_irq_restore(unsigned long flags)
{
	if (flags & SSTATUS_SIE)
		csr_sstatus_set_sie();
}

/*
 * Sleep until an interrupt is pending or the idle tick fires, then take it.
 *
 * wfi runs with sstatus.SIE clear: it still wakes for any interrupt pending
 * and enabled in sie, so an IPI that arrived before the wfi makes it return
 * at once (no lost wake-up), and the hart does not take a trap and then
 * sleep again. Setting SIE afterwards takes whatever is pending before this
 * returns. The armed timer bounds the sleep to one idle tick (timer.h). Under
 * single-threaded TCG the wfi also hands the host CPU to the other harts.
 */
void hs_arch_wait_for_interrupt(void)
{
	unsigned long was = csr_sstatus_clear_sie();

	/* Both wake sources must be enabled or the wfi could sleep unbounded. */
	csr_sie_set(SIE_SSIE | SIE_STIE);
	timer_arm_idle_tick();
	cpu_wfi();
	csr_sstatus_set_sie();
	if (!(was & SSTATUS_SIE))
		(void)csr_sstatus_clear_sie();
}

/*
 * The Zihintpause "pause" hint (a fence encoding older cores run as a no-op).
 * Harts are real (or QEMU's), so there is nobody to yield to: @spins unused.
 */
void hs_arch_cpu_relax(uint32_t spins)
{
	(void)spins;
	__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010");
}
