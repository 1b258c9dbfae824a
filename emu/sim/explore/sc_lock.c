// SPDX-License-Identifier: MIT
/*
 * The core's ticket lock on its own: three CPUs take it by lock and by
 * trylock and bump a plain counter under it. Invariants: mutual exclusion
 * (the counter ends at the number of critical sections) and, under the
 * fiber-TSan lane, the happens-before the unlock's release and the
 * acquires of lock and trylock declare. Built with the simulator's hooks
 * (each atomic of the lock is a yield point) and instrumented by TSan.
 */
#include "payload.h"
#include "scenario.h"
#include "world.h"

#include <sim/sim.h>

#include <hartsched/arch.h>

#define LOCK_ROUNDS 3u
#define LOCK_HARTS  3u

static void lock_setup(void)
{
	xp_boot(LOCK_HARTS, (1u << LOCK_HARTS) - 1);
	xp_payload_reset();
}

static void lock_hart(uint32_t cpu)
{
	unsigned long flags;
	uint32_t i;

	xp_hart_enter(cpu);
	for (i = 0; i < LOCK_ROUNDS; i++) {
		flags = hs_arch_irq_save();
		if ((i + cpu) % 2 == 0 || !hs_spin_trylock(&xp_payload_lock))
			hs_spin_lock(&xp_payload_lock);
		(void)xp_payload_guarded_bump();
		hs_spin_unlock(&xp_payload_lock);
		hs_arch_irq_restore(flags);
	}
}

static void lock_check(void)
{
	uint64_t n = xp_payload_guarded_bump() - 1;

	if (n != (uint64_t)LOCK_ROUNDS * LOCK_HARTS)
		hs_sim_fail("ticket lock: %llu critical sections counted, %u ran",
			    (unsigned long long)n, LOCK_ROUNDS * LOCK_HARTS);
}

const struct xp_scenario xp_sc_lock = {
	.name = "lock",
	.what = "3 CPUs take the core's ticket lock by lock and by trylock around a plain "
		"counter; mutual exclusion (and, under TSan, the lock's orders)",
	.harts = LOCK_HARTS,
	.pct_steps = 1000,
	.setup = lock_setup,
	.hart = lock_hart,
	.check = lock_check,
};
