// SPDX-License-Identifier: MIT
/*
 * The ladder's chains under the explorer: CPU 0 runs the proof ladder (the
 * same hs_selftest_run() both ports print), every other CPU sits in the
 * core's idle loop as the ladder's preconditions ask. The run fails if any
 * rung fails; its console is the ladder's own text.
 */
#include "scenario.h"
#include "world.h"

#include <sim/sim.h>

#include <hartsched/ipi.h>
#include <hartsched/selftest.h>

#include <stdatomic.h>

static _Atomic uint32_t ladder_done; /* relaxed: the idle harts only need to stop */
static struct hs_selftest_result ladder_result;

static void ladder_setup(void)
{
	xp_boot(2, 0x3);
	atomic_store_explicit(&ladder_done, 0, memory_order_relaxed);
}

static void ladder_hart(uint32_t cpu)
{
	xp_hart_enter(cpu);
	if (cpu == 0) {
		ladder_result = hs_selftest_run();
		atomic_store_explicit(&ladder_done, 1, memory_order_relaxed);
		return;
	}
	while (!atomic_load_explicit(&ladder_done, memory_order_relaxed)) {
		if (hs_ipi_idle_once(cpu))
			hs_selftest_on_resched(cpu);
	}
}

static void ladder_check(void)
{
	if (ladder_result.failed || !ladder_result.passed)
		hs_sim_fail("the ladder: %u rungs passed, %u failed", ladder_result.passed,
			    ladder_result.failed);
}

const struct xp_scenario xp_sc_ladder = {
	.name = "ladder",
	.what = "2 CPUs: the proof ladder on cpu 0 (every chain: IPI, coalesce, counterfactual, "
		"steal, CPU-ID), the idle loop on cpu 1",
	.harts = 2,
	.pct_steps = 200000,
	.setup = ladder_setup,
	.hart = ladder_hart,
	.check = ladder_check,
};
