// SPDX-License-Identifier: MIT
/*
 * The kernel's scheduler instance. The port has no task bodies yet, so no
 * task is ever enqueued here and every decision comes back idle; the
 * decision still runs the production pick (local classes, then the bounded
 * steal scan), and a pick of a task that nobody enqueued is a broken
 * invariant. The ladder's rungs use their own instance (src/selftest.c).
 */
#include <stdatomic.h>

#include <hartsched/arch.h>
#include <hartsched/rq.h>

#include "sched.h"

static struct hs_sched kernel_sched;
static _Atomic uint64_t decisions; /* relaxed: statistics only */

void kernel_sched_init(void)
{
	hs_sched_init(&kernel_sched);
}

void kernel_sched_decide(uint32_t cpu)
{
	struct hs_pick p = hs_rq_pick(&kernel_sched, cpu);

	/* CONTENDED: a steal lost its race; the next tick decides again. */
	if (p.status != HS_OK && p.status != HS_ERR_CONTENDED)
		hs_arch_fatal("scheduling decision refused for a running cpu");
	if (p.kind != HS_PICK_IDLE)
		hs_arch_fatal("kernel scheduler picked a task nobody enqueued");
	atomic_fetch_add_explicit(&decisions, 1, memory_order_relaxed);
}

uint64_t kernel_sched_decisions(void)
{
	return atomic_load_explicit(&decisions, memory_order_relaxed);
}
