// SPDX-License-Identifier: MIT
/*
 * The trap round-trip check: evidence that trap_entry.S saves and restores
 * every register, including a tp that does not point at the hart block,
 * and that the trap really ran (this CPU's S_SOFT trap counter rose by
 * exactly one).
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include "layout.h"
#include "trap_check.h"

uint32_t kernel_check_trap_roundtrip(void)
{
	uint32_t cpu = hs_cpu_current();
	uint64_t regs[32], changed = 0, traps0, traps1;
	unsigned long flags;
	struct hs_line l;
	uint32_t n, bad = 0;

	flags = hs_arch_irq_save();
	traps0 = hs_ipi_counters(cpu).trap;
	kernel_trap_roundtrip(regs);
	traps1 = hs_ipi_counters(cpu).trap;
	hs_arch_irq_restore(flags);

	for (n = 1; n < 32; n++) {
		if (n == 2)
			continue; /* sp: the call returned to us, so it came back */
		if (regs[n] != (uint64_t)TRAP_CHECK_PATTERN(n)) {
			changed |= 1ull << n;
			bad++;
		}
	}
	hs_line_init(&l);
	if (bad == 0 && traps1 == traps0 + 1) {
		hs_line_str(&l,
			    "KCHECK: trap entry round trip: 30 registers preserved, 1 trap taken");
	} else {
		hs_line_str(&l, "KCHECK: trap entry round trip FAIL changed_mask=");
		hs_line_hex(&l, changed);
		hs_line_str(&l, " traps=");
		hs_line_u64(&l, traps1 - traps0);
	}
	hs_line_emit(&l);
	return bad == 0 && traps1 == traps0 + 1 ? 0 : 1;
}
