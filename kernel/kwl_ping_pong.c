// SPDX-License-Identifier: MIT
/*
 * ping-pong in the kernel: two Interactive tasks, A (home CPU 0) and B
 * (home CPU 1), the emulator's workload (emu/wl_ping_pong.c) with real
 * blocking. Round r is played by A when r is even, by B when odd; after
 * its round a task wakes its partner onto the partner's home (a remote
 * wake: queue + resched IPI) and blocks in ktask_wait() until the partner
 * wakes it back. The task that plays the last round wakes the partner one
 * more time so it sees the ball is over and exits.
 *
 * Ledger: job = round. Criterion "alternation": no round played by the
 * wrong task, no wake refused, and with two or more CPUs no two
 * consecutive rounds on the same hart (each hand-off crossed harts) and
 * the hand-offs went through resched IPIs that were sent and acked (a
 * pass to a partner that has not blocked yet needs none: the wake is
 * owed to its next wait, so the IPIs may be fewer than the rounds, but
 * never zero).
 */
#include <stdatomic.h>

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/qos.h>
#include <hartsched/rq.h>

#include <hartsched/ipi.h>

#include "ktask.h"
#include "kwait.h"
#include "kworkload.h"
#include "sched.h"

#define PP_ROUNDS_MAX 4096u

static struct {
	_Atomic uint32_t ball;	     /* rounds played so far */
	_Atomic uint32_t wrong_task; /* rounds played by the wrong task */
	_Atomic uint32_t refused;    /* partner wakes the core refused */
	_Atomic uint32_t same_hart;  /* rounds on the same hart as the one before */
	_Atomic uint32_t last_cpu;
	uint32_t rounds;
	uint32_t id[2]; /* kernel task ids of A and B */
	uint32_t home[2];
	uint64_t ipis0, acks0; /* wake IPIs sent and IPI acks before the start */
} pp;

/* One ledger job per round. */
static uint32_t pp_jobs(const struct kwl_params *p)
{
	return p->tasks;
}

/* Wake the partner of @me onto its home (or another online CPU if the home is gone). */
static void pp_pass(uint32_t me)
{
	uint32_t partner = me ^ 1u;
	uint32_t to = pp.home[partner];

	if (!hs_cpu_is_online(to))
		to = kwl_other_online(to, 0);
	if (ktask_wake(pp.id[partner], to).status != HS_OK)
		atomic_fetch_add_explicit(&pp.refused, 1, memory_order_relaxed);
}

/* One player: play every round that is ours, block between them. */
static void pp_body(uint64_t arg)
{
	uint32_t me = (uint32_t)arg;
	uint32_t i;

	/* Bounded: a player plays at most every other round, plus the final wake. */
	for (i = 0; i <= pp.rounds / 2 + 1; i++) {
		/* Acquire: pairs with the release fetch_add of the round before. */
		uint32_t r = atomic_load_explicit(&pp.ball, memory_order_acquire);
		unsigned long flags;
		uint32_t cpu;

		if (r >= pp.rounds)
			return; /* the partner played the last round */
		if (r % 2 != me)
			atomic_fetch_add_explicit(&pp.wrong_task, 1, memory_order_relaxed);
		flags = hs_arch_irq_save(); /* the CPU we record is the one we play on */
		cpu = kwl_cpu();
		if (atomic_exchange_explicit(&pp.last_cpu, cpu, memory_order_relaxed) == cpu)
			atomic_fetch_add_explicit(&pp.same_hart, 1, memory_order_relaxed);
		hs_arch_irq_restore(flags);
		kwl_job_done(r);
		/* Release: pairs with the acquire above in the partner. */
		atomic_fetch_add_explicit(&pp.ball, 1, memory_order_release);
		pp_pass(me);
		if (r + 1 >= pp.rounds)
			return;
		ktask_wait();
	}
}

/* Create both players (blocked) and serve: wake A on its home. */
static bool pp_start(const struct kwl_params *p)
{
	uint32_t k;

	pp.rounds = p->tasks;
	atomic_store_explicit(&pp.ball, 0, memory_order_relaxed);
	atomic_store_explicit(&pp.wrong_task, 0, memory_order_relaxed);
	atomic_store_explicit(&pp.refused, 0, memory_order_relaxed);
	atomic_store_explicit(&pp.same_hart, 0, memory_order_relaxed);
	atomic_store_explicit(&pp.last_cpu, HS_CPU_INVALID, memory_order_relaxed);
	pp.ipis0 = kernel_sched_wake_ipis();
	pp.acks0 = hs_ipi_counters_total().ack;
	pp.home[0] = 0;
	pp.home[1] = hs_cpu_online_count() > 1 ? 1 : 0;
	for (k = 0; k < 2; k++) {
		pp.id[k] = ktask_create(pp_body, k, HS_QOS_INTERACTIVE, k ? "pong" : "ping");
		if (pp.id[k] == HS_TASK_NONE)
			return false;
	}
	/* Serve: A on its home. */
	return ktask_wake(pp.id[0], pp.home[0]).status == HS_OK;
}

/* Criterion "alternation" (see the top of the file). */
static bool pp_check(const struct kwl_params *p, struct hs_line *l)
{
	uint32_t wrong = atomic_load_explicit(&pp.wrong_task, memory_order_relaxed);
	uint32_t refused = atomic_load_explicit(&pp.refused, memory_order_relaxed);
	uint32_t same = atomic_load_explicit(&pp.same_hart, memory_order_relaxed);
	bool cross = hs_cpu_online_count() >= 2;
	uint64_t ipis = kernel_sched_wake_ipis() - pp.ipis0;
	uint64_t acks = hs_ipi_counters_total().ack - pp.acks0;

	(void)p;
	hs_line_str(l, " rounds=");
	hs_line_u64(l, atomic_load_explicit(&pp.ball, memory_order_relaxed));
	hs_line_str(l, " wrong_task=");
	hs_line_u64(l, wrong);
	hs_line_str(l, " refused=");
	hs_line_u64(l, refused);
	hs_line_str(l, " same_hart=");
	hs_line_u64(l, same);
	hs_line_str(l, " wake_ipis=");
	hs_line_u64(l, ipis);
	hs_line_str(l, " ipi_acks=");
	hs_line_u64(l, acks);
	hs_line_str(l, " cross=");
	hs_line_u64(l, cross);
	return wrong == 0 && refused == 0 && (!cross || (same == 0 && ipis > 0 && acks > 0));
}

const struct kwl kwl_ping_pong = {
	.name = "ping-pong",
	.default_tasks = 200,
	.max_tasks = PP_ROUNDS_MAX,
	.jobs = pp_jobs,
	.start = pp_start,
	.check = pp_check,
};
