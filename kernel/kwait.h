/* SPDX-License-Identifier: MIT */
/*
 * Blocking and waking kernel tasks.
 *
 * How a wait maps onto the core: a blocked task is neither queued nor
 * current, so a task that waits ends its core life (its slice returns
 * HS_TURN_FINISH and the next decision on its hart frees it), and a wake
 * queues it again with hs_rq_enqueue_on() plus, for another hart, the
 * resched IPI (hs_ipi_request_resched). Its kernel context survives in the
 * task table, so the task resumes inside ktask_wait() wherever it is picked.
 *
 * A wake is a token (a binary semaphore): a wake of a task that is running
 * or queued makes its next ktask_wait() return at once; several such wakes
 * coalesce into one. A wake that arrives while the task is on its way out
 * (it chose to block but the core has not freed it yet) is recorded, and
 * the hart that frees it queues it where the waker asked (kwait_freed()),
 * so no wake is lost to that window and no task is queued twice.
 */
#ifndef KERNEL_KWAIT_H
#define KERNEL_KWAIT_H

#include <stdint.h>

#include <hartsched/outcome.h>

#include "ktask.h"

enum kwait_state {
	KWAIT_BLOCKED = 0,    /* off the queues (also a created task before its first wake) */
	KWAIT_RUN,	      /* queued or running */
	KWAIT_RUN_WOKEN,      /* queued or running, and a wake is owed to its next wait */
	KWAIT_BLOCKING,	      /* leaving its CPU to block; the core still holds it */
	KWAIT_BLOCKING_WOKEN, /* the same, and woken meanwhile: its hart re-queues it */
};

/* A created task starts blocked. */
void kwait_reset(struct ktask *t);

/* Called by the running task: block until a wake (returns at once if one is owed). */
void ktask_wait(void);

/*
 * Wake task @id onto @cpu (queued there in its own class, with a resched
 * IPI when @cpu is another hart). Any context. HS_OK when the task will run
 * (queued now, already runnable, or re-queued by the hart freeing it);
 * otherwise the core's refusal (queue full, offline CPU), with the task
 * still blocked, counted in kwait_lost() only if a wake owed to it could
 * not be placed anywhere.
 */
HS_MUST_CHECK struct hs_outcome ktask_wake(uint32_t id, uint32_t cpu);

/* The core freed task @id on @cpu after it left with @leave (kernel/sched.c). */
void kwait_freed(uint32_t cpu, uint32_t id, uint32_t leave);

/* Wakes that found no CPU and were dropped (each one fails the run). */
uint32_t kwait_lost(void);

#endif /* KERNEL_KWAIT_H */
