// SPDX-License-Identifier: MIT
/*
 * The simulator's arch port (hartsched/arch.h) for the core's sim build:
 * every hook that can interleave is a yield point, the interrupt model is
 * the per-hart SIE/SSIP words of sim_internal.h, and a trap runs on the
 * interrupted hart's own context with SIE off, as hardware does.
 */
#include "sim_internal.h"

#include <sim/port.h>

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <stdio.h>
#include <string.h>

static hs_sim_send_hook send_hook;
static hs_sim_console_sink console_sink;
static hs_sim_trap_entry trap_entry;
static uint64_t traps_taken[HS_SIM_MAX_HARTS];
static uint64_t wfis[HS_SIM_MAX_HARTS];

/* The atomics layer's hook (sim/hooks.h). */
void hs_sim_atomic_point(void)
{
	hs_sim_point(HS_SIM_PT_ATOMIC);
}

void hs_sim_port_reset(void)
{
	send_hook = NULL;
	console_sink = NULL;
	trap_entry = NULL;
	memset(traps_taken, 0, sizeof(traps_taken));
	memset(wfis, 0, sizeof(wfis));
}

void hs_sim_set_send_hook(hs_sim_send_hook hook)
{
	send_hook = hook;
}

void hs_sim_set_console_sink(hs_sim_console_sink sink)
{
	console_sink = sink;
}

void hs_sim_set_trap_entry(hs_sim_trap_entry entry)
{
	trap_entry = entry;
}

uint64_t hs_sim_traps(uint32_t hart)
{
	return hart < HS_SIM_MAX_HARTS ? traps_taken[hart] : 0;
}

/* WFIs of @hart since the reset: the emulator's park_count column reads it. */
uint64_t hs_sim_wfis(uint32_t hart)
{
	return hart < HS_SIM_MAX_HARTS ? wfis[hart] : 0;
}

void hs_sim_stack_range(uint32_t hart, uintptr_t *lo, uintptr_t *hi)
{
	*lo = sim_harts[hart].stack.lo;
	*hi = sim_harts[hart].stack.hi;
}

bool hs_sim_soft_pending(uint32_t hart)
{
	return hart < HS_SIM_MAX_HARTS && sim_harts[hart].ssip;
}

void hs_sim_raise_soft(uint32_t hart)
{
	if (hart < HS_SIM_MAX_HARTS)
		sim_harts[hart].ssip = true;
}

void sim_take_trap(struct sim_hart *h)
{
	bool sie = h->sie;
	uint32_t hart = (uint32_t)(h - sim_harts);

	h->in_trap = true;
	h->sie = false;
	traps_taken[hart]++;
	sim.res->traps++;
	if (trap_entry)
		trap_entry(hart);
	else
		hs_ipi_handle_soft();
	h->sie = sie;
	h->in_trap = false;
}

int hs_arch_send_ipi(uint32_t cpu)
{
	hs_sim_point(HS_SIM_PT_SEND);
	if (cpu >= HS_SIM_MAX_HARTS || (send_hook && send_hook(cpu) != 0))
		return -1;
	sim_harts[cpu].ssip = true;
	return 0;
}

void hs_arch_clear_soft_pending(void)
{
	sim_harts[hs_sim_self()].ssip = false;
}

uintptr_t hs_arch_read_tp(void)
{
	return sim_harts[hs_sim_self()].tp;
}

void hs_arch_write_tp(uintptr_t tp)
{
	sim_harts[hs_sim_self()].tp = tp;
}

uintptr_t hs_arch_read_sp(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

unsigned long hs_arch_irq_save(void)
{
	struct sim_hart *h = &sim_harts[hs_sim_self()];
	unsigned long was = h->sie;

	hs_sim_point(HS_SIM_PT_IRQ);
	h->sie = false;
	return was;
}

/* Restoring an enabled state takes a pending S_SOFT, as hardware does. */
void hs_arch_irq_restore(unsigned long flags)
{
	struct sim_hart *h = &sim_harts[hs_sim_self()];

	h->sie = flags != 0;
	if (h->sie && h->ssip && !h->in_trap && hs_sim_active())
		sim_take_trap(h);
	hs_sim_point(HS_SIM_PT_IRQ);
}

/* The trace recorder's save/restore (sim/trace_quiet.h): no yield point, no trap. */
unsigned long hs_sim_quiet_irq_save(void)
{
	struct sim_hart *h = &sim_harts[hs_sim_self()];
	unsigned long was = h->sie;

	h->sie = false;
	return was;
}

void hs_sim_quiet_irq_restore(unsigned long flags)
{
	sim_harts[hs_sim_self()].sie = flags != 0;
}

/* The recorder's hs_cpu_current(): the real one with its yield points muted. */
uint32_t hs_sim_quiet_cpu_current(void)
{
	bool was = sim.quiet;
	uint32_t cpu;

	sim.quiet = true;
	cpu = hs_cpu_current();
	sim.quiet = was;
	return cpu;
}

void hs_arch_wait_for_interrupt(void)
{
	if (hs_sim_active())
		wfis[hs_sim_self()]++;
	hs_sim_wfi();
}

void hs_arch_cpu_relax(uint32_t spins)
{
	(void)spins;
	hs_sim_point(HS_SIM_PT_RELAX);
}

void hs_arch_console_write(const char *s, size_t len)
{
	if (console_sink)
		console_sink(s, len);
	else
		fwrite(s, 1, len, stdout);
}

uint64_t hs_arch_now_ns(void)
{
	return hs_sim_now_ns();
}

void hs_arch_fatal(const char *msg)
{
	hs_sim_fail("the core stopped: %s", msg);
}
