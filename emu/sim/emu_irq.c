// SPDX-License-Identifier: MIT
/*
 * The emulator's interrupt model (emu/irq.h) on the simulator's: SIE, SSIP
 * and the trap are the simulator's per-hart words (sim/arch.c), so a trap
 * is taken at a yield point the chooser picks, never by a signal. What is
 * left here is the emulator's view of it: the binding of a platform hart
 * id to the simulated hart that runs it, the kick (a wake from WFI
 * without SSIP), the trap entry that counts, and the figures the stats
 * print. The console goes to the emulator's text stream.
 */
#include <sim/port.h>
#include <sim/sim.h>

#include <hartsched/config.h>
#include <hartsched/ipi.h>

#include <emu/irq.h>
#include <emu/output.h>

#include <stdbool.h>

struct sim_irq_hart {
	bool bound;	/* a simulated hart runs this hart id */
	bool used;	/* one did in this run (cpu is valid) */
	uint32_t cpu;	/* which one (the simulator's index = logical CPU) */
	uint64_t traps; /* struct hs_emu_irq_stats */
	uint64_t kicks;
};

static struct sim_irq_hart irq_harts[HS_MAX_CPUS]; /* by platform hart id */
static uint64_t hartid_of[HS_SIM_MAX_HARTS];	   /* by simulated hart */

/* The S_SOFT trap entry: the core's handler, counted for the stats. */
static void trap_entry(uint32_t hart)
{
	uint64_t id = hartid_of[hart];

	if (id < HS_MAX_CPUS)
		irq_harts[id].traps++;
	hs_ipi_handle_soft();
}

/*
 * Once, before the run: the simulator's port with this trap entry and the
 * console on the emulator's text stream. Injection is refused by the
 * command line under --sim, so @inject is never set here.
 */
int hs_emu_irq_setup(uint32_t inject)
{
	(void)inject;
	hs_sim_port_reset();
	hs_sim_set_trap_entry(trap_entry);
	hs_sim_set_console_sink(hs_emu_output_write);
	return 0;
}

/* No signal carries the trap in the simulator. */
int hs_emu_irq_signo(void)
{
	return -1;
}

/* Bind the running simulated hart as platform hart @hartid. */
void hs_emu_irq_hart_enter(uint64_t hartid)
{
	uint32_t cpu = hs_sim_self();

	if (hartid >= HS_MAX_CPUS)
		hs_sim_fail("emu irq: hart id %llu out of range", (unsigned long long)hartid);
	irq_harts[hartid].bound = true;
	irq_harts[hartid].used = true;
	irq_harts[hartid].cpu = cpu;
	hartid_of[cpu] = hartid;
}

/* Unbind the running hart: kicks to its id fail from now on. */
void hs_emu_irq_hart_leave(void)
{
	uint64_t id = hartid_of[hs_sim_self()];

	if (id < HS_MAX_CPUS)
		irq_harts[id].bound = false;
}

/* Wake hart @hartid from WFI without SSIP; -1 when no hart runs that id. */
int hs_emu_irq_kick(uint64_t hartid)
{
	struct sim_irq_hart *h;

	if (hartid >= HS_MAX_CPUS || !irq_harts[hartid].bound)
		return -1;
	h = &irq_harts[hartid];
	h->kicks++;
	hs_sim_kick(h->cpu);
	return 0;
}

/*
 * The figures of hart @hartid: every trap is taken at once when it is
 * chosen, so signals = traps and nothing is deferred, spurious or replayed.
 */
struct hs_emu_irq_stats hs_emu_irq_stats(uint64_t hartid)
{
	struct hs_emu_irq_stats s = {0};
	const struct sim_irq_hart *h;

	if (hartid >= HS_MAX_CPUS)
		return s;
	h = &irq_harts[hartid];
	s.signals = h->traps;
	s.traps = h->traps;
	s.kicks = h->kicks;
	s.wfi = h->used ? hs_sim_wfis(h->cpu) : 0;
	return s;
}
