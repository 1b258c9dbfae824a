// SPDX-License-Identifier: MIT
/*
 * Secondary harts: the hart table for the entry code, the evidence the
 * entry code leaves (entered, late, stray), and the idle life of a
 * secondary CPU. Discovery is discover.c, start-up and the wait bringup.c.
 *
 * Synchronisation:
 *  - kernel_cpu_hartid[c]: release store by the boot hart before it calls
 *    hart_start for any CPU; entry.S loads it and then runs `fence r, rw`
 *    (acquire), so a hart that finds its id also sees the core's tables and
 *    its registered stack, written before.
 *  - kernel_cpu_entered[c]: release store (amoswap.w.rl) by entry.S once
 *    the hart found its slot; acquire load in smp_cpu_entered() (bring-up
 *    progress only).
 *  - kernel_stray_harts: amoadd in entry.S, acquire load here (count only).
 *  - late_arrivals: relaxed counter (evidence for the soak statistics).
 *  - Online bits: the core's (hs_cpu_mark_online release / is_online acquire).
 */
#include <stdatomic.h>

#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/selftest.h>

#include "csr.h"
#include "image.h"
#include "kworkload.h"
#include "sched.h"
#include "smp.h"

/* Hart id of each logical CPU, UINT64_MAX when none; read by entry.S. */
_Atomic uint64_t kernel_cpu_hartid[HS_MAX_CPUS];
/* 1 once cpu c's hart found its slot in entry.S (bring-up progress). */
_Atomic uint32_t kernel_cpu_entered[HS_MAX_CPUS];
/* Harts that entered with an id in no slot; bumped by entry.S. */
_Atomic uint32_t kernel_stray_harts;

static _Atomic uint32_t late_arrivals;

/* The slow-hart test image: wait @ms with wfi (bounded by the clock) before going online. */
static void test_delay_ms(uint32_t ms)
{
	uint64_t deadline = hs_arch_now_ns() + (uint64_t)ms * 1000000u;

	while (hs_arch_now_ns() < deadline)
		hs_arch_wait_for_interrupt();
}

void smp_register(uint32_t present, const uint64_t hartids[HS_MAX_CPUS])
{
	uint32_t c;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		atomic_store_explicit(&kernel_cpu_hartid[c], UINT64_MAX, memory_order_relaxed);
		atomic_store_explicit(&kernel_cpu_entered[c], 0, memory_order_relaxed);
	}
	for (c = 0; c < present; c++) {
		if (c > 0 && hs_cpu_register(c, hartids[c]).status != HS_OK)
			hs_arch_fatal("the core refused a cpu <-> hart mapping");
		/* Release: pairs with the load + fence r, rw in entry.S. */
		atomic_store_explicit(&kernel_cpu_hartid[c], hartids[c], memory_order_release);
	}
}

bool smp_cpu_entered(uint32_t cpu)
{
	/* Acquire: pairs with the release store in entry.S. */
	return cpu < HS_MAX_CPUS &&
	       atomic_load_explicit(&kernel_cpu_entered[cpu], memory_order_acquire) != 0;
}

uint32_t smp_late_arrivals(void)
{
	return atomic_load_explicit(&late_arrivals, memory_order_relaxed);
}

uint32_t smp_stray_harts(void)
{
	/* Acquire: pairs with the amoadd in entry.S (count only). */
	return atomic_load_explicit(&kernel_stray_harts, memory_order_acquire);
}

_Noreturn void kernel_secondary_main(uint64_t hartid, uint32_t cpu, unsigned long opaque,
				     unsigned long via_start)
{
	if (via_start)
		atomic_fetch_add_explicit(&late_arrivals, 1, memory_order_relaxed);
	else if (opaque != cpu)
		hs_arch_fatal("hart_start opaque disagrees with the cpu <-> hart map");
	if (hs_cpu_current() != cpu || hs_cpu_hartid(cpu) != hartid)
		hs_arch_fatal("secondary tp does not name its own cpu");

	csr_sie_set(SIE_SSIE | SIE_STIE);
	if (kernel_image.slow_last_cpu_ms && cpu == hs_cpu_present() - 1)
		test_delay_ms(kernel_image.slow_last_cpu_ms);
	/* Prints "KINIT: cpuN online" the first time; cpu was validated above. */
	if (hs_cpu_mark_online(cpu).status != HS_OK)
		hs_arch_fatal("secondary could not go online");

	/*
	 * The scheduler context: take turns on the kernel's scheduler (run
	 * tasks until nothing is left), then idle, bounded by the idle tick;
	 * an acked resched also leads to one decision on the ladder's
	 * scheduler when its work-stealing rung armed this CPU.
	 */
	for (;;) {
		bool handled, did = kworkload_hart_turn(cpu, &handled);

		/* A workload with a step takes one turn per step; otherwise a burst. */
		if (!handled)
			did = kernel_sched_turns(cpu, KSCHED_TURN_BURST) != 0;
		if (handled && did)
			continue;
		if (hs_ipi_idle_once(cpu))
			hs_selftest_on_resched(cpu);
	}
}
