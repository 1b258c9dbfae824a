// SPDX-License-Identifier: MIT
/*
 * The kernel task table (ktask.h).
 *
 * Synchronisation:
 *  - slot: FREE -> LIVE by a compare-exchange in ktask_create() (acquire,
 *    so the creator sees the previous life's last writes); LIVE -> FREE by
 *    a release store in ktask_release(), after the core freed the task,
 *    which the next creator's acquire pairs with.
 *  - ctx, fn, arg, name, qos: written by the creator before the first
 *    ktask_wake() queues the task; the run queue's lock (enqueue release,
 *    pick acquire) publishes them to the hart that runs it.
 *  - live / rejected: relaxed counters (the end of a run and statistics).
 */
#include <hartsched/arch.h>
#include <hartsched/rq.h>

#include "csr.h"
#include "ktask.h"
#include "kwait.h"
#include "sched.h"

static struct ktask tasks[KTASK_MAX];
static uint8_t stacks[KTASK_MAX][KTASK_STACK_SIZE] __attribute__((aligned(16)));
static _Atomic uint32_t live;	  /* relaxed: counted, read at the end of a run */
static _Atomic uint32_t rejected; /* relaxed: statistics */

void ktask_init(void)
{
	uint32_t i;

	for (i = 0; i < KTASK_MAX; i++)
		atomic_store_explicit(&tasks[i].slot, KTASK_FREE, memory_order_relaxed);
	atomic_store_explicit(&live, 0, memory_order_relaxed);
	atomic_store_explicit(&rejected, 0, memory_order_relaxed);
}

/*
 * Where a new task's first switch lands (its ra): the entry function runs
 * with interrupts enabled, so the timeslice can preempt it; when it
 * returns the task leaves for good. Never returns.
 */
static _Noreturn void ktask_start(void)
{
	struct ktask *t = ktask_get(kernel_sched_current());

	if (!t)
		hs_arch_fatal("a task started on a hart that runs no task");
	csr_sstatus_set_sie();
	t->fn(t->arg);
	(void)csr_sstatus_clear_sie();
	kernel_task_leave(KTASK_LEAVE_EXIT);
	hs_arch_fatal("an exited task was switched back in");
}

/* Fill @id's sentinel and give it a first context that enters ktask_start. */
static void ktask_prepare(uint32_t id)
{
	uint64_t *w = (uint64_t *)stacks[id];
	uint32_t i;

	for (i = 0; i < KTASK_SENTINEL_BYTES / 8; i++)
		w[i] = KTASK_SENTINEL_WORD ^ i;
	tasks[id].ctx = (struct kctx){0};
	tasks[id].ctx.ra = (uint64_t)(uintptr_t)ktask_start;
	tasks[id].ctx.sp = (uint64_t)(uintptr_t)&stacks[id][KTASK_STACK_SIZE];
}

uint32_t ktask_create(ktask_fn fn, uint64_t arg, uint32_t qos, const char *name)
{
	uint32_t id;

	/* Bounded: one look at each slot. */
	for (id = 0; id < KTASK_MAX; id++) {
		uint32_t want = KTASK_FREE;

		/* Acquire: pairs with the release in ktask_release() (the slot's last life). */
		if (atomic_load_explicit(&tasks[id].slot, memory_order_relaxed) != KTASK_FREE ||
		    !atomic_compare_exchange_strong_explicit(&tasks[id].slot, &want, KTASK_LIVE,
							     memory_order_acquire,
							     memory_order_relaxed))
			continue;
		tasks[id].fn = fn;
		tasks[id].arg = arg;
		tasks[id].name = name;
		tasks[id].qos = qos;
		tasks[id].leave = KTASK_LEAVE_YIELD;
		atomic_store_explicit(&tasks[id].wake_ticks, 0, memory_order_relaxed);
		atomic_store_explicit(&tasks[id].wake_remote, 0, memory_order_relaxed);
		kwait_reset(&tasks[id]);
		ktask_prepare(id);
		atomic_fetch_add_explicit(&live, 1, memory_order_relaxed);
		return id;
	}
	atomic_fetch_add_explicit(&rejected, 1, memory_order_relaxed);
	return HS_TASK_NONE;
}

struct ktask *ktask_get(uint32_t id)
{
	return id < KTASK_MAX ? &tasks[id] : NULL;
}

bool ktask_stack_ok(uint32_t id)
{
	const uint64_t *w;
	uint32_t i;

	if (id >= KTASK_MAX)
		return false;
	w = (const uint64_t *)stacks[id];
	for (i = 0; i < KTASK_SENTINEL_BYTES / 8; i++)
		if (w[i] != (KTASK_SENTINEL_WORD ^ i))
			return false;
	return true;
}

void ktask_release(uint32_t id)
{
	if (id >= KTASK_MAX)
		return;
	atomic_fetch_sub_explicit(&live, 1, memory_order_relaxed);
	/* Release: pairs with the acquire compare-exchange in ktask_create(). */
	atomic_store_explicit(&tasks[id].slot, KTASK_FREE, memory_order_release);
}

uint32_t ktask_live(void)
{
	return atomic_load_explicit(&live, memory_order_relaxed);
}

uint32_t ktask_rejected(void)
{
	return atomic_load_explicit(&rejected, memory_order_relaxed);
}

uint8_t *ktask_stack_base(uint32_t id)
{
	return id < KTASK_MAX ? stacks[id] : NULL;
}
