// SPDX-License-Identifier: MIT
/*
 * The simulator's firmware of the emulated harts (emu/harts.h) for
 * hartsched-emu-sim: the harts are the deterministic simulator's contexts
 * (sim/sim.h) on one OS thread, and what they run is the emulator's own
 * hart code (hartloop.c): hart 0 boots and runs the ladder and the
 * workload, each secondary runs the secondary loop once hart 0 starts it.
 * The chooser is seeded with --seed, so a run is a function of the
 * command line: the same arguments print the same bytes.
 */
#include <sim/port.h>
#include <sim/sim.h>

#include <hartsched/config.h>

#include <emu/hartloop.h>
#include <emu/harts.h>
#include <emu/output.h>

#include <stdio.h>
#include <string.h>

/* PCT's depth, and its guess at a run's length (where change points fall). */
#define EMU_SIM_PCT_DEPTH 3u
#define EMU_SIM_PCT_STEPS (1000ull * 1000)

static bool started[HS_SIM_MAX_HARTS]; /* hart 0 asked secondary c to start */
static bool boot_over;		       /* hart 0 returned: nobody else starts */

/* The port's start: let secondary @cpu out of its wait (plain data: one OS thread). */
static int sim_start(uint32_t cpu)
{
	started[cpu] = true;
	hs_sim_kick(cpu);
	return 0;
}

static const struct hs_emu_hart_port sim_port = {
	.start = sim_start,
	.stack = hs_sim_stack_range,
};

/*
 * Every simulated hart: hart 0 boots; a secondary sleeps in WFI until hart
 * 0 starts it, like a hart held in reset, and returns unstarted if hart 0
 * gave up bring-up first.
 */
static void sim_hart(uint32_t cpu, void *arg)
{
	(void)arg;
	if (cpu == 0) {
		hs_emu_hartloop_boot();
		boot_over = true;
		return;
	}
	while (!started[cpu]) {
		if (boot_over)
			return;
		hs_sim_wfi();
	}
	hs_emu_hartloop_secondary(cpu);
}

/* One line on the text stream: what the chooser did (part of the determinism contract). */
static void say_run(const struct hs_sim_config *sc, const struct hs_sim_result *res)
{
	char line[256];

	snprintf(line, sizeof(line),
		 "SIM: strategy=%s seed=%llu steps=%llu switches=%llu traps=%llu "
		 "virtual_us=%llu\n",
		 hs_sim_strategy_name(sc->strategy), (unsigned long long)sc->seed,
		 (unsigned long long)res->steps, (unsigned long long)res->switches,
		 (unsigned long long)res->traps, (unsigned long long)(res->virtual_ns / 1000));
	hs_emu_output_write(line, strlen(line));
}

/*
 * The firmware: one simulator run of every hart. A run the simulator
 * fails (the core stopped, the step bound) is a bring-up failure, said on
 * stderr with the step it happened at.
 */
int hs_emu_harts_run(const struct hs_emu_config *cfg, hs_emu_boot_fn boot_fn, void *arg)
{
	struct hs_sim_config sc = {0};
	struct hs_sim_result res;
	uint32_t max = HS_SIM_MAX_HARTS < HS_MAX_CPUS ? HS_SIM_MAX_HARTS : HS_MAX_CPUS;

	if (!hs_emu_hartloop_check(cfg, max, "hartsched-emu-sim"))
		return 1;
	memset(started, 0, sizeof(started));
	boot_over = false;
	hs_emu_hartloop_init(cfg, boot_fn, arg, &sim_port);
	sc.harts = cfg->harts;
	sc.strategy = cfg->sim_strategy == HS_EMU_SIM_PCT ? HS_SIM_PCT : HS_SIM_RANDOM;
	sc.seed = cfg->seed;
	sc.pct_depth = EMU_SIM_PCT_DEPTH;
	sc.pct_steps = EMU_SIM_PCT_STEPS;
	sc.max_steps = cfg->sim_max_steps ? cfg->sim_max_steps : UINT64_MAX;
	if (hs_sim_run(&sc, NULL, sim_hart, NULL, NULL, &res) != 0) {
		fprintf(stderr, "hartsched-emu-sim: cannot map the harts' stacks\n");
		return 1;
	}
	say_run(&sc, &res);
	if (res.verdict != HS_SIM_PASS) {
		fprintf(stderr, "hartsched-emu-sim: the run failed at step %llu on hart %u: %s\n",
			(unsigned long long)res.steps, res.fail_hart, res.why);
		return 1;
	}
	return hs_emu_hartloop_status();
}
