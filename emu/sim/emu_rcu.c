// SPDX-License-Identifier: MIT
/*
 * The emulator's RCU under the simulator (sim/emu_rcu.h): read-side
 * sections counted per simulated hart, and a grace period that waits, one
 * yield point at a time, until each hart that was inside a section when it
 * began has left that section. One OS thread runs every hart, so this is
 * plain data; waiting is a relax point, so the chooser runs the readers.
 */
#include <sim/emu_rcu.h>
#include <sim/sim.h>

#include <hartsched/arch.h>

#include <stdint.h>

static uint32_t nesting[HS_SIM_MAX_HARTS]; /* open sections of each hart */
static uint64_t entered[HS_SIM_MAX_HARTS]; /* outermost sections each hart began */

/* Enter a read-side section on the running hart (nesting allowed). */
void hs_sim_rcu_read_lock(void)
{
	uint32_t h = hs_sim_self();

	if (nesting[h]++ == 0)
		entered[h]++;
}

/* Leave the innermost read-side section of the running hart. */
void hs_sim_rcu_read_unlock(void)
{
	uint32_t h = hs_sim_self();

	if (nesting[h] == 0)
		hs_arch_fatal("emu sim rcu: read_unlock without read_lock");
	nesting[h]--;
}

/* Is the running hart inside a read-side section (hotplug refuses that)? */
int hs_sim_rcu_read_ongoing(void)
{
	return nesting[hs_sim_self()] != 0;
}

/*
 * Wait until every section open now has ended: a hart inside one is
 * waited for until it is outside, or inside a later one. Outside a run
 * nothing else runs, so there is nothing to wait for.
 */
void hs_sim_rcu_synchronize(void)
{
	uint64_t seen[HS_SIM_MAX_HARTS];
	uint32_t h, n = hs_sim_harts();

	if (!hs_sim_active())
		return;
	if (nesting[hs_sim_self()])
		hs_arch_fatal("emu sim rcu: synchronize_rcu inside a read-side section");
	for (h = 0; h < n; h++)
		seen[h] = entered[h];
	for (h = 0; h < n; h++) {
		while (nesting[h] && entered[h] == seen[h])
			hs_sim_point(HS_SIM_PT_RELAX);
	}
}

/* Every simulated hart is a reader from the start: nothing to register. */
void hs_sim_rcu_register(void)
{
}

/* Nor to unregister. */
void hs_sim_rcu_unregister(void)
{
}
