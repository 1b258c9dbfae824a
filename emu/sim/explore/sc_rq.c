// SPDX-License-Identifier: MIT
/*
 * Run-queue scenarios: enqueue / pick / steal / yield / set-QoS / purge
 * racing each other, FIFO within a class across thieves, and class-major
 * stealing across victims.
 */
#include "scenario.h"
#include "world.h"

#include <sim/sim.h>

#include <hartsched/cpu.h>
#include <hartsched/qos.h>

/* ---- rq-race: every operation at once on three CPUs ---- */

static void rq_race_setup(void)
{
	uint32_t t;

	xp_boot(3, 0x7);
	for (t = 0; t < 6; t++)
		xp_expect(xp_enqueue(0, t, HS_QOS_NORMAL), XP_OK(HS_OK), "setup enqueue");
	for (t = 6; t < 10; t++)
		xp_expect(xp_enqueue(1, t, HS_QOS_IDLE), XP_OK(HS_OK), "setup enqueue");
}

static void rq_race_hart(uint32_t cpu)
{
	uint32_t i;

	xp_hart_enter(cpu);
	switch (cpu) {
	case 0: /* the owner: decide, yield once, decide */
		(void)xp_pick_next(0);
		xp_expect(hs_rq_yield(&xp_sched, 0),
			  XP_OK(HS_OK) | XP_OK(HS_ERR_NO_CURRENT) | XP_OK(HS_ERR_QUEUE_FULL),
			  "yield");
		for (i = 0; i < 3; i++)
			(void)xp_pick_next(0);
		break;
	case 1: /* remote wakes onto 0, a class change, then decisions (steals) */
		xp_expect(xp_enqueue(0, 10, HS_QOS_INTERACTIVE), XP_OK(HS_OK), "remote enqueue");
		xp_expect(hs_rq_set_task_qos(&xp_sched, 2, HS_QOS_INTERACTIVE),
			  XP_OK(HS_OK) | XP_OK(HS_ERR_NOT_FOUND) | XP_OK(HS_ERR_QUEUE_FULL) |
				  XP_OK(HS_ERR_CONTENDED),
			  "set_task_qos");
		xp_expect(xp_enqueue(0, 11, HS_QOS_NORMAL), XP_OK(HS_OK), "remote enqueue");
		for (i = 0; i < 3; i++)
			(void)xp_pick_next(1);
		break;
	default: /* purges and a thief */
		xp_expect(xp_purge(3),
			  XP_OK(HS_OK) | XP_OK(HS_ERR_NOT_FOUND) | XP_OK(HS_ERR_CONTENDED),
			  "purge(3)");
		(void)xp_pick_next(2);
		xp_expect(xp_purge(7),
			  XP_OK(HS_OK) | XP_OK(HS_ERR_NOT_FOUND) | XP_OK(HS_ERR_CONTENDED),
			  "purge(7)");
		for (i = 0; i < 2; i++)
			(void)xp_pick_next(2);
		break;
	}
}

static void rq_race_check(void)
{
	xp_check_ledger(12);
}

const struct xp_scenario xp_sc_rq_race = {
	.name = "rq-race",
	.what = "3 CPUs: owner decides and yields, a remote waker and set-QoS, purges and a "
		"thief; ledger and capacity",
	.harts = 3,
	.pct_steps = 3000,
	.setup = rq_race_setup,
	.hart = rq_race_hart,
	.check = rq_race_check,
};

/* ---- steal-fifo: one producer, two thieves; each sees the producer's order ---- */

#define FIFO_TASKS 12u

static uint32_t fifo_last[3]; /* the last sequence number each CPU ran, + 1 */
static volatile uint32_t fifo_produced;

static void steal_fifo_setup(void)
{
	xp_boot(3, 0x7);
	fifo_last[0] = fifo_last[1] = fifo_last[2] = 0;
	fifo_produced = 0;
}

/* A decision ran @p.task on @cpu: it must come after what @cpu ran before. */
static void fifo_ran(uint32_t cpu, struct hs_pick p)
{
	if (p.task == HS_TASK_NONE)
		return;
	if (p.task + 1 <= fifo_last[cpu])
		hs_sim_fail("FIFO: cpu %u ran task %u after task %u of the same producer and class",
			    cpu, p.task, fifo_last[cpu] - 1);
	fifo_last[cpu] = p.task + 1;
}

static void steal_fifo_hart(uint32_t cpu)
{
	uint32_t i;

	xp_hart_enter(cpu);
	if (cpu == 0) {
		for (i = 0; i < FIFO_TASKS; i++)
			xp_expect(xp_enqueue(0, i, HS_QOS_NORMAL), XP_OK(HS_OK), "enqueue");
		fifo_produced = 1;
		for (i = 0; i < 3; i++)
			fifo_ran(0, xp_pick_next(0));
		return;
	}
	for (i = 0; i < 6; i++)
		fifo_ran(cpu, xp_pick_next(cpu));
}

static void steal_fifo_check(void)
{
	xp_check_ledger(FIFO_TASKS);
}

const struct xp_scenario xp_sc_steal_fifo = {
	.name = "steal-fifo",
	.what = "one producer, two thieves (steal_max 1): each CPU runs the producer's tasks in "
		"order; ledger",
	.harts = 3,
	.pct_steps = 3000,
	.setup = steal_fifo_setup,
	.hart = steal_fifo_hart,
	.check = steal_fifo_check,
};

/* ---- steal-qos: class-major stealing across victims ---- */

#define QOS_HIGH_TASKS 3u

static uint32_t qos_high_stolen;

static void steal_qos_setup(void)
{
	uint32_t t;

	xp_boot(3, 0x7);
	qos_high_stolen = 0;
	/* The nearer victim (cpu 1) holds only Idle, the farther (cpu 2) Normal. */
	for (t = 0; t < 4; t++)
		xp_expect(xp_enqueue(1, t, HS_QOS_IDLE), XP_OK(HS_OK), "setup enqueue");
	for (t = 4; t < 4 + QOS_HIGH_TASKS; t++)
		xp_expect(xp_enqueue(2, t, HS_QOS_NORMAL), XP_OK(HS_OK), "setup enqueue");
}

static void steal_qos_hart(uint32_t cpu)
{
	struct hs_pick p;
	uint32_t i;

	xp_hart_enter(cpu);
	if (cpu != 0) { /* victims keep feeding their own Idle class, never deciding */
		for (i = 0; i < 2; i++)
			xp_expect(xp_enqueue(cpu, 10 + cpu * 2 + i, HS_QOS_IDLE), XP_OK(HS_OK),
				  "victim enqueue");
		return;
	}
	for (i = 0; i < QOS_HIGH_TASKS + 1; i++) {
		p = xp_pick_next(0);
		if (p.task == HS_TASK_NONE)
			continue;
		if (p.task >= 4 && p.task < 4 + QOS_HIGH_TASKS) {
			qos_high_stolen++;
		} else if (qos_high_stolen < QOS_HIGH_TASKS) {
			hs_sim_fail(
				"QoS inversion: cpu 0 stole Idle task %u while cpu 2 still held "
				"%u Normal tasks",
				p.task, QOS_HIGH_TASKS - qos_high_stolen);
		}
	}
}

static void steal_qos_check(void)
{
	xp_check_ledger(16);
}

const struct xp_scenario xp_sc_steal_qos = {
	.name = "steal-qos",
	.what = "a thief, a near victim with Idle and a far one with Normal tasks: Normal is "
		"taken first (class-major); ledger",
	.harts = 3,
	.pct_steps = 2000,
	.setup = steal_qos_setup,
	.hart = steal_qos_hart,
	.check = steal_qos_check,
};

/* ---- tiny: two CPUs, a few operations, for the exhaustive search ---- */

static void tiny_setup(void)
{
	xp_boot(2, 0x3);
	xp_expect(xp_enqueue(0, 0, HS_QOS_NORMAL), XP_OK(HS_OK), "setup enqueue");
}

static void tiny_hart(uint32_t cpu)
{
	xp_hart_enter(cpu);
	if (cpu == 0) {
		xp_expect(xp_enqueue(0, 1, HS_QOS_NORMAL), XP_OK(HS_OK), "enqueue");
		(void)xp_pick_next(0);
	} else {
		(void)xp_pick_next(1);
	}
}

static void tiny_check(void)
{
	xp_check_ledger(2);
}

const struct xp_scenario xp_sc_tiny = {
	.name = "tiny",
	.what = "2 CPUs: a local enqueue and pick against one steal (small enough for "
		"--strategy exhaustive); ledger",
	.harts = 2,
	.pct_steps = 300,
	.setup = tiny_setup,
	.hart = tiny_hart,
	.check = tiny_check,
};

/* ---- steal-batch: batched steals that park, against purge, set-QoS and yield ---- */

static void steal_batch_setup(void)
{
	uint32_t t;

	xp_boot(3, 0x7);
	xp_expect(hs_rq_set_steal_max(&xp_sched, 3), XP_OK(HS_OK), "steal_max");
	for (t = 0; t < 8; t++)
		xp_expect(xp_enqueue(0, t, t % 2 ? HS_QOS_IDLE : HS_QOS_NORMAL), XP_OK(HS_OK),
			  "setup enqueue");
}

static void steal_batch_hart(uint32_t cpu)
{
	uint32_t i;

	xp_hart_enter(cpu);
	switch (cpu) {
	case 0: /* the owner: decides, yields, decides */
		(void)xp_pick_next(0);
		xp_expect(hs_rq_yield(&xp_sched, 0),
			  XP_OK(HS_OK) | XP_OK(HS_ERR_NO_CURRENT) | XP_OK(HS_ERR_QUEUE_FULL),
			  "yield");
		(void)xp_pick_next(0);
		break;
	case 1: /* a thief taking batches of up to 3, parking the rest on its own ring */
		for (i = 0; i < 4; i++)
			(void)xp_pick_next(1);
		break;
	default: /* purge and re-class tasks wherever they are now */
		xp_expect(xp_purge(2),
			  XP_OK(HS_OK) | XP_OK(HS_ERR_NOT_FOUND) | XP_OK(HS_ERR_CONTENDED),
			  "purge(2)");
		xp_expect(hs_rq_set_task_qos(&xp_sched, 4, HS_QOS_INTERACTIVE),
			  XP_OK(HS_OK) | XP_OK(HS_ERR_NOT_FOUND) | XP_OK(HS_ERR_QUEUE_FULL) |
				  XP_OK(HS_ERR_CONTENDED),
			  "set_task_qos(4)");
		xp_expect(xp_purge(5),
			  XP_OK(HS_OK) | XP_OK(HS_ERR_NOT_FOUND) | XP_OK(HS_ERR_CONTENDED),
			  "purge(5)");
		(void)xp_pick_next(2);
		break;
	}
}

static void steal_batch_check(void)
{
	xp_check_ledger(8);
}

const struct xp_scenario xp_sc_steal_batch = {
	.name = "steal-batch",
	.what = "steal_max 3: a thief takes batches and parks them on its own ring while the "
		"owner yields and a third CPU purges and re-classes; ledger, capacity",
	.harts = 3,
	.pct_steps = 3000,
	.setup = steal_batch_setup,
	.hart = steal_batch_hart,
	.check = steal_batch_check,
};

/* ---- full-ring: a class at its capacity, from three directions at once ---- */

static void full_ring_setup(void)
{
	uint32_t t;

	xp_boot(2, 0x3);
	for (t = 0; t < HS_QUEUE_CAPACITY - 1; t++)
		xp_expect(xp_enqueue(0, t, HS_QOS_NORMAL), XP_OK(HS_OK), "setup enqueue");
}

/* An enqueue onto a class that may be full: admitted, or refused with its class and capacity. */
static void full_ring_enqueue(uint32_t cpu, uint32_t task)
{
	struct hs_outcome o = xp_enqueue(cpu, task, HS_QOS_NORMAL);

	xp_expect(o, XP_OK(HS_OK) | XP_OK(HS_ERR_QUEUE_FULL), "enqueue onto a full class");
	if (o.status == HS_ERR_QUEUE_FULL &&
	    (o.qos != HS_QOS_NORMAL || o.capacity != HS_QUEUE_CAPACITY))
		hs_sim_fail("queue-full names class %u capacity %u", o.qos, o.capacity);
}

static void full_ring_hart(uint32_t cpu)
{
	xp_hart_enter(cpu);
	if (cpu == 0) { /* fill the last slot, overfill, and yield into a full class */
		full_ring_enqueue(0, HS_QUEUE_CAPACITY - 1);
		(void)xp_pick_next(0);
		full_ring_enqueue(0, HS_QUEUE_CAPACITY);
		xp_expect(hs_rq_yield(&xp_sched, 0),
			  XP_OK(HS_OK) | XP_OK(HS_ERR_NO_CURRENT) | XP_OK(HS_ERR_QUEUE_FULL),
			  "yield into a full class");
		(void)xp_pick_next(0);
		return;
	}
	full_ring_enqueue(0, HS_QUEUE_CAPACITY + 1); /* a remote wake racing for the same slot */
	(void)xp_pick_next(1);			     /* and a steal that frees one */
}

static void full_ring_check(void)
{
	xp_check_ledger(HS_QUEUE_CAPACITY + 2);
}

const struct xp_scenario xp_sc_full_ring = {
	.name = "full-ring",
	.what = "2 CPUs, one class one slot short of its capacity: the owner fills it, "
		"overfills it and yields into it while a remote wake and a steal race; every "
		"refusal is queue-full with its class and capacity; ledger, capacity",
	.harts = 2,
	.pct_steps = 1500,
	.setup = full_ring_setup,
	.hart = full_ring_hart,
	.check = full_ring_check,
};
