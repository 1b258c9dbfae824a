// SPDX-License-Identifier: MIT
/*
 * The emulator runner: the stress bodies run on the emulator's harts
 * (emu/: one pthread per hart on an emulator stack, a real-time signal as
 * the S_SOFT line, the emulated SIE/SSIP model). The emulator boots the
 * harts and the core's CPU tables; hart 0 runs our boot function, which
 * makes a tiny workload active whose hart_step() runs each secondary's
 * stress body once, inside that hart's scheduling turn; hart 0 runs its
 * own body directly. The emulator's own scheduler instance stays empty,
 * so the only IPIs and traps are the ones the stress makes.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <emu/config.h>
#include <emu/harts.h>
#include <emu/irq.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include "runner.h"

#include <stdatomic.h>
#include <stdio.h>

#define EMU_JOIN_WAIT_NS (120ull * 1000 * 1000 * 1000)

static stress_hart_body emu_body;
static void *emu_arg;
static _Atomic uint32_t emu_started[HS_MAX_CPUS];
static _Atomic uint32_t emu_finished;
static uint32_t emu_harts;

/* A secondary's turn: run its stress body the first time round. */
static bool emu_hart_step(struct hs_emu_run *run, uint32_t cpu)
{
	(void)run;
	if (cpu == 0 || cpu >= HS_MAX_CPUS || atomic_exchange(&emu_started[cpu], 1) != 0)
		return false;
	emu_body(cpu, emu_arg);
	/* Release: pairs with the acquire load in emu_boot(). */
	atomic_fetch_add_explicit(&emu_finished, 1, memory_order_release);
	return true;
}

static uint32_t emu_run_task(struct hs_emu_run *run, uint32_t cpu, uint32_t task,
			     const struct hs_pick *pick)
{
	(void)run;
	(void)cpu;
	(void)task;
	(void)pick;
	return HS_EMU_TASK_FINISH; /* never called: nothing is queued on the emulator's instance */
}

static uint32_t emu_task_ids(const struct hs_emu_run *run)
{
	(void)run;
	return 0;
}

static const struct hs_emu_workload emu_stress_workload = {
	.name = "stress-ledger",
	.summary = "tests/stress bodies on emulated harts",
	.hart_step = emu_hart_step,
	.run_task = emu_run_task,
	.task_ids = emu_task_ids,
};

static struct hs_emu_run emu_stress_run = {.wl = &emu_stress_workload};

/* Hart 0, all harts online: start the secondaries' bodies, run ours, join. */
static int emu_boot(const struct hs_emu_config *cfg, void *arg)
{
	uint64_t deadline;

	(void)cfg;
	(void)arg;
	hs_emu_sched_set_run(&emu_stress_run);
	emu_body(0, emu_arg);
	deadline = hs_arch_now_ns() + EMU_JOIN_WAIT_NS;
	/* Acquire: pairs with the release in emu_hart_step(). */
	while (atomic_load_explicit(&emu_finished, memory_order_acquire) + 1 < emu_harts) {
		if (hs_arch_now_ns() > deadline) {
			fprintf(stderr, "runner emu: secondaries did not finish in time\n");
			hs_emu_sched_set_run(NULL);
			return 1;
		}
		HS_IGNORE(hs_ipi_idle_once(0)); /* wait with interrupts on */
	}
	hs_emu_sched_set_run(NULL);
	return 0;
}

/* The emulator sets the CPU tables up itself when the harts start. */
static int emu_boot_tables(uint32_t harts)
{
	emu_harts = harts;
	if (hs_emu_irq_setup(0) != 0) {
		fprintf(stderr, "runner emu: hs_emu_irq_setup failed\n");
		return -1;
	}
	return 0;
}

static int emu_run(uint32_t harts, stress_hart_body body, void *arg)
{
	struct hs_emu_config cfg = {
		.harts = harts,
		.selftest = false,
		.workload = NULL,
		.steal_max = 1,
	};

	emu_body = body;
	emu_arg = arg;
	return hs_emu_harts_run(&cfg, emu_boot, NULL) == 0 ? 0 : -1;
}

/* The emulator has no send hook: refused sends come from the core's forced failure only. */
static void emu_set_send_fault(stress_send_fault hook)
{
	(void)hook;
}

/* SSIP is private to the emulator; the ack == sent check covers a stuck request. */
static bool emu_soft_pending(uint32_t cpu)
{
	(void)cpu;
	return false;
}

static uint64_t emu_platform_sends(void)
{
	return 0; /* not exposed by the emulator */
}

const struct stress_runner stress_runner_emu = {
	.name = "emu-harts",
	.exact_traps = true,
	.boot = emu_boot_tables,
	.run = emu_run,
	.set_send_fault = emu_set_send_fault,
	.soft_pending = emu_soft_pending,
	.platform_sends = emu_platform_sends,
};
