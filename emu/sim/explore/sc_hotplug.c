// SPDX-License-Identifier: MIT
/*
 * Hotplug scenarios: a CPU goes offline and is drained while a thief steals
 * from it and a waker wakes tasks onto it; CPUs register and come online
 * while others identify themselves and steal. Invariants at quiescence:
 * the ledger, and a drained CPU holds nothing (no task stranded on it).
 */
#include "scenario.h"
#include "world.h"

#include <sim/sim.h>

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/qos.h>

#include <stdatomic.h>

/* Scenario flags: relaxed, so any happens-before a hart needs comes from the core. */
static _Atomic uint32_t hp_parked, hp_drained, hp_registered;

static bool flag(_Atomic uint32_t *f)
{
	return atomic_load_explicit(f, memory_order_relaxed) != 0;
}

static void raise_flag(_Atomic uint32_t *f)
{
	atomic_store_explicit(f, 1, memory_order_relaxed);
}

static void wait_for(_Atomic uint32_t *f)
{
	uint32_t spins = 0;

	while (!flag(f))
		hs_arch_cpu_relax(spins++);
}

/* Drain offline @cpu onto CPU 0 (the port's half of the protocol). */
static void drain_onto_0(uint32_t cpu)
{
	static struct hs_drained d; /* big: off the hart's stack */
	uint32_t i;

	xp_expect(hs_rq_drain_offline(&xp_sched, cpu, &d), XP_OK(HS_OK), "drain_offline");
	for (i = 0; i < d.n; i++) {
		if (d.task[i] >= XP_TASKS)
			hs_sim_fail("the drain of cpu %u returned task %u", cpu, d.task[i]);
		xp_ledger.exits[d.task[i]]++;
		xp_expect(xp_enqueue(0, d.task[i], d.qos[i]), XP_OK(HS_OK),
			  "re-home a drained task");
	}
	raise_flag(&hp_drained);
}

/* A drained, still offline CPU must hold nothing. */
static void check_empty(uint32_t cpu)
{
	uint32_t q;

	if (hs_cpu_is_online(cpu) || !flag(&hp_drained))
		return;
	if (hs_rq_current(&xp_sched, cpu) != HS_TASK_NONE)
		hs_sim_fail("offline cpu %u has a current task after its drain", cpu);
	for (q = 0; q < HS_QOS_COUNT; q++) {
		if (hs_rq_len(&xp_sched, cpu, q))
			hs_sim_fail("offline cpu %u class %u holds %u tasks after its drain "
				    "(stranded)",
				    cpu, q, hs_rq_len(&xp_sched, cpu, q));
	}
}

static void flags_reset(void)
{
	atomic_store_explicit(&hp_parked, 0, memory_order_relaxed);
	atomic_store_explicit(&hp_drained, 0, memory_order_relaxed);
	atomic_store_explicit(&hp_registered, 0, memory_order_relaxed);
}

/* ---- hotplug: offline drain against a steal and against a remote wake ---- */

static void hotplug_setup(void)
{
	uint32_t t;

	xp_boot(4, 0xf);
	flags_reset();
	for (t = 0; t < 5; t++)
		xp_expect(xp_enqueue(1, t, HS_QOS_NORMAL), XP_OK(HS_OK), "setup enqueue");
	for (t = 5; t < 7; t++)
		xp_expect(xp_enqueue(0, t, HS_QOS_NORMAL), XP_OK(HS_OK), "setup enqueue");
}

static void hotplug_hart(uint32_t cpu)
{
	uint32_t i;

	xp_hart_enter(cpu);
	switch (cpu) {
	case 0: /* the hotplug caller */
		(void)xp_pick_next(0);
		wait_for(&hp_parked);
		drain_onto_0(1);
		for (i = 0; i < 2; i++)
			(void)xp_pick_next(0);
		break;
	case 1: /* decides, then goes offline and parks (stops deciding) */
		(void)xp_pick_next(1);
		xp_expect(hs_cpu_mark_offline(1), XP_OK(HS_OK), "mark_offline");
		raise_flag(&hp_parked);
		break;
	case 2: /* a thief */
		for (i = 0; i < 4; i++)
			(void)xp_pick_next(2);
		break;
	default: /* a waker onto the CPU going away */
		for (i = 0; i < 3; i++)
			xp_expect(xp_enqueue(1, 20 + i, HS_QOS_NORMAL),
				  XP_OK(HS_OK) | XP_OK(HS_ERR_CPU_OFFLINE), "wake onto cpu 1");
		break;
	}
}

static void hotplug_check(void)
{
	xp_check_ledger(24);
	check_empty(1);
}

const struct xp_scenario xp_sc_hotplug = {
	.name = "hotplug",
	.what = "cpu 1 goes offline and is drained onto cpu 0 while cpu 2 steals from it and "
		"cpu 3 wakes tasks onto it; ledger, nothing stranded",
	.harts = 4,
	.pct_steps = 5000,
	.setup = hotplug_setup,
	.hart = hotplug_hart,
	.check = hotplug_check,
};

/* ---- cpu-publish: register, come online, identify, steal, go offline ---- */

static void publish_setup(void)
{
	uint32_t t;

	xp_boot_some(3, 0x3, 0x3);
	flags_reset();
	/* CPU 2 is present but not yet registered: the boot hart does it during the run. */
	for (t = 0; t < 6; t++)
		xp_expect(xp_enqueue(0, t, HS_QOS_NORMAL), XP_OK(HS_OK), "setup enqueue");
}

static void publish_hart(uint32_t cpu)
{
	uint32_t i;

	if (cpu == 2) {
		/* Comes up once its block is published, as a secondary's entry does. */
		while (hs_cpu_hartid(2) == HS_HARTID_NONE)
			hs_arch_cpu_relax(0);
		xp_hart_enter(2);
		xp_expect(hs_cpu_mark_online(2), XP_OK(HS_OK), "mark_online");
		for (i = 0; i < 3; i++) {
			(void)xp_pick_next(2);
			if (hs_cpu_current() != 2)
				hs_sim_fail("cpu 2 lost its identity");
		}
		xp_expect(hs_cpu_mark_offline(2), XP_OK(HS_OK), "mark_offline");
		raise_flag(&hp_parked);
		return;
	}
	xp_hart_enter(cpu);
	if (cpu == 0) {
		xp_expect(hs_cpu_register(2, 2), XP_OK(HS_OK), "register cpu 2");
		for (i = 0; i < 2; i++)
			(void)xp_pick_next(0);
		wait_for(&hp_parked);
		drain_onto_0(2);
		return;
	}
	for (i = 0; i < 3; i++) { /* cpu 1: steals, identifies itself, wakes onto cpu 2 */
		(void)xp_pick_next(1);
		if (hs_cpu_current() != 1)
			hs_sim_fail("cpu 1 lost its identity");
	}
	xp_expect(xp_enqueue(2, 10, HS_QOS_NORMAL), XP_OK(HS_OK) | XP_OK(HS_ERR_CPU_OFFLINE),
		  "wake onto cpu 2");
}

static void publish_check(void)
{
	xp_check_ledger(12);
	check_empty(2);
}

const struct xp_scenario xp_sc_cpu_publish = {
	.name = "cpu-publish",
	.what = "cpu 0 registers cpu 2 while cpu 1 steals; cpu 2 comes up, identifies itself, "
		"steals, goes offline and is drained; ledger, identity",
	.harts = 3,
	.pct_steps = 4000,
	.setup = publish_setup,
	.hart = publish_hart,
	.check = publish_check,
};
