// SPDX-License-Identifier: MIT
/*
 * Clock and idle tick. rdtime counts at the timebase (10 MHz on QEMU virt,
 * or what the device tree's /cpus/timebase-frequency says).
 *
 * timebase_hz is written once by the boot hart before it starts any other
 * hart; SBI hart_start orders that write before the new hart's first read.
 */
#include <stdatomic.h>
#include <stdint.h>

#include <hartsched/arch.h>
#include <hartsched/cpu.h>

#include "csr.h"
#include "sbi.h"
#include "timer.h"

static uint64_t timebase_hz = TIMER_DEFAULT_HZ;
static _Atomic uint64_t timer_irqs; /* relaxed: statistics only */

void timer_set_timebase(uint64_t hz)
{
	if (hz != 0)
		timebase_hz = hz;
}

uint64_t timer_timebase(void)
{
	return timebase_hz;
}

/* The arch hook: ticks to nanoseconds without overflowing 64 bits. */
uint64_t hs_arch_now_ns(void)
{
	uint64_t t = csr_time_read();

	return (t / timebase_hz) * 1000000000ull + (t % timebase_hz) * 1000000000ull / timebase_hz;
}

/*
 * sscratch holds the hart's block outside the trap vector (entry.S), so it
 * tells the boot CPU from a secondary without a CPU-ID lookup (which would
 * count a fallback while tp is poisoned).
 */
void timer_arm_idle_tick(void)
{
	uint64_t us = csr_sscratch_read() == (uintptr_t)&hs_harts[0] ? TIMER_IDLE_TICK_BOOT_US
								     : TIMER_IDLE_TICK_SECONDARY_US;
	uint64_t ticks = timebase_hz * us / 1000000u;

	/*
	 * A refused set_timer leaves the wfi unbounded only if no IPI comes
	 * either; OpenSBI's TIME extension is probed at boot, so this cannot
	 * fail here.
	 */
	(void)sbi_set_timer(csr_time_read() + ticks);
}

void timer_handle_interrupt(void)
{
	atomic_fetch_add_explicit(&timer_irqs, 1, memory_order_relaxed);
	/* The tick only bounds a wfi: disarm until the next wait re-arms it. */
	(void)sbi_set_timer(UINT64_MAX);
}

uint64_t timer_interrupts(void)
{
	return atomic_load_explicit(&timer_irqs, memory_order_relaxed);
}
