// SPDX-License-Identifier: MIT
/*
 * Blocking and waking kernel tasks (kwait.h): a per-task state word moved
 * by compare-exchange.
 *
 *   BLOCKED --wake--> RUN --wait--> BLOCKING --freed--> BLOCKED
 *                     RUN --wake--> RUN_WOKEN --wait--> RUN (returns at once)
 *                     BLOCKING --wake--> BLOCKING_WOKEN --freed--> RUN (queued)
 *
 * Synchronisation: every transition is an acq_rel compare-exchange (or a
 * release store by the only party that can move the word at that point),
 * so whoever moves it sees what the previous mover wrote. The task's saved
 * context is complete before BLOCKING becomes BLOCKED: the hart that ran
 * it moves it only from kwait_freed(), after kernel_swtch() returned there
 * and the core freed the task. A waker can therefore queue a BLOCKED task
 * and let any hart resume it. wake_cpu is written before the
 * compare-exchange that publishes BLOCKING_WOKEN (release) and read after
 * the one that consumes it (acquire).
 *
 * Core calls run with interrupts off: a task preempted while it holds a
 * run-queue lock would stall every other user of that lock on its hart.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/rq.h>

#include "kwait.h"
#include "sched.h"

#define KWAIT_WAKE_TRIES 8u /* state changes a wake can race with before it gives up */

static _Atomic uint32_t lost; /* relaxed: read at the end of a run */

void kwait_reset(struct ktask *t)
{
	atomic_store_explicit(&t->wait, KWAIT_BLOCKED, memory_order_relaxed);
	atomic_store_explicit(&t->wake_cpu, 0, memory_order_relaxed);
}

/* Move @t's state from @from to @to; true on success. */
static bool kwait_move(struct ktask *t, uint32_t from, uint32_t to)
{
	return atomic_compare_exchange_strong_explicit(&t->wait, &from, to, memory_order_acq_rel,
						       memory_order_acquire);
}

/*
 * Queue task @id (state RUN) on @cpu, or on the first other online CPU that
 * takes it. False when none did. Interrupts off.
 */
static bool kwait_place(uint32_t id, uint32_t cpu)
{
	uint32_t present = hs_cpu_present();
	uint32_t k;

	for (k = 0; k < present; k++) {
		uint32_t c = (cpu + k) % present;
		struct hs_outcome o;

		if (!hs_cpu_is_online(c))
			continue;
		o = kernel_sched_wake(c, id, ktask_get(id)->qos);
		if (o.status == HS_OK)
			return true;
	}
	return false;
}

/*
 * A wake that set RUN could not queue the task on its CPU. Back to BLOCKED
 * if no other wake relied on it; otherwise the task is owed a run: place
 * it anywhere, and count the wake lost if nothing takes it.
 */
static void kwait_unwind(struct ktask *t, uint32_t id, uint32_t cpu)
{
	if (kwait_move(t, KWAIT_RUN, KWAIT_BLOCKED))
		return;
	/* RUN_WOKEN: the coalesced wake still needs the task to run once. */
	atomic_store_explicit(&t->wait, KWAIT_RUN, memory_order_release);
	if (kwait_place(id, cpu + 1))
		return;
	atomic_fetch_add_explicit(&lost, 1, memory_order_relaxed);
	atomic_store_explicit(&t->wait, KWAIT_BLOCKED, memory_order_release);
}

void ktask_wait(void)
{
	unsigned long flags = hs_arch_irq_save();
	struct ktask *t = ktask_get(kernel_sched_current());
	uint32_t i;

	if (!t)
		hs_arch_fatal("ktask_wait outside a task");
	/* Two rounds suffice: only a wake (RUN -> RUN_WOKEN) can move the word meanwhile. */
	for (i = 0; i < 4; i++) {
		if (kwait_move(t, KWAIT_RUN_WOKEN, KWAIT_RUN)) {
			hs_arch_irq_restore(flags);
			return; /* a wake was owed */
		}
		if (kwait_move(t, KWAIT_RUN, KWAIT_BLOCKING)) {
			kernel_task_leave(KTASK_LEAVE_BLOCK);
			/* Woken and picked, on whichever hart. */
			hs_arch_irq_restore(flags);
			return;
		}
	}
	hs_arch_fatal("ktask_wait: task state neither runnable nor woken");
}

struct hs_outcome ktask_wake(uint32_t id, uint32_t cpu)
{
	struct ktask *t = ktask_get(id);
	struct hs_outcome o = hs_outcome_of(HS_ERR_CONTENDED);
	unsigned long flags;
	uint32_t i;

	if (!t || atomic_load_explicit(&t->slot, memory_order_acquire) != KTASK_LIVE)
		return hs_outcome_of(HS_ERR_INVALID_TASK);
	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	flags = hs_arch_irq_save();
	for (i = 0; i < KWAIT_WAKE_TRIES; i++) {
		uint32_t s = atomic_load_explicit(&t->wait, memory_order_acquire);

		if (s == KWAIT_RUN_WOKEN || s == KWAIT_BLOCKING_WOKEN) {
			o = hs_outcome_of(HS_OK); /* coalesced */
			break;
		}
		if (s == KWAIT_RUN && kwait_move(t, KWAIT_RUN, KWAIT_RUN_WOKEN)) {
			o = hs_outcome_of(HS_OK);
			break;
		}
		if (s == KWAIT_BLOCKING) {
			atomic_store_explicit(&t->wake_cpu, cpu, memory_order_relaxed);
			if (kwait_move(t, KWAIT_BLOCKING, KWAIT_BLOCKING_WOKEN)) {
				o = hs_outcome_of(HS_OK); /* its hart queues it (kwait_freed) */
				break;
			}
		}
		if (s == KWAIT_BLOCKED && kwait_move(t, KWAIT_BLOCKED, KWAIT_RUN)) {
			o = kernel_sched_wake(cpu, id, t->qos);
			if (o.status != HS_OK)
				kwait_unwind(t, id, cpu);
			break;
		}
	}
	hs_arch_irq_restore(flags);
	return o;
}

void kwait_freed(uint32_t cpu, uint32_t id, uint32_t leave)
{
	struct ktask *t = ktask_get(id);

	if (!t)
		return;
	if (leave == KTASK_LEAVE_EXIT) {
		ktask_release(id);
		return;
	}
	if (leave != KTASK_LEAVE_BLOCK || kwait_move(t, KWAIT_BLOCKING, KWAIT_BLOCKED))
		return;
	/* BLOCKING_WOKEN: woken on its way out; queue it where the waker asked. */
	atomic_store_explicit(&t->wait, KWAIT_RUN, memory_order_release);
	if (kwait_place(id, atomic_load_explicit(&t->wake_cpu, memory_order_relaxed)))
		return;
	(void)cpu;
	atomic_fetch_add_explicit(&lost, 1, memory_order_relaxed);
	atomic_store_explicit(&t->wait, KWAIT_BLOCKED, memory_order_release);
}

uint32_t kwait_lost(void)
{
	return atomic_load_explicit(&lost, memory_order_relaxed);
}
