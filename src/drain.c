// SPDX-License-Identifier: MIT
/*
 * The hotplug drain: the core's half of taking a CPU offline (rq.h states
 * the protocol). The port clears the online bit and parks the CPU; the
 * drain then empties its current slot and rings inside its slow section.
 *
 * Why nothing can reach the CPU afterwards, with no grace period:
 *   - a producer checks the online bit inside plock, which the drain holds
 *     while it empties the rings: one that entered before the drain has
 *     pushed by the time the drain looks, one that enters after sees the
 *     bit clear (acquire, pairs with hs_cpu_mark_offline's release);
 *   - a thief can take only what is in a ring, and the drain takes every
 *     entry with the same head CAS a thief uses: each entry goes to exactly
 *     one of them, and afterwards the rings are empty.
 */
#include "ring.h"
#include "rq_internal.h"
#include "task_state.h"

/*
 * Free @task (taken by us off @cpu) and list it. The tracepoint's fields
 * are at hand: reading the task's word again for it would add an access
 * that only a traced run makes.
 */
static void drained_add(struct hs_sched *s, struct hs_drained *out, uint32_t task, uint32_t qos,
			uint32_t cpu)
{
	HS_TRACE(HS_TR_TASK_GONE, task, qos, cpu);
	ts_store(s, task, TS_FREE);
	out->task[out->n] = task;
	out->qos[out->n] = qos;
	out->n++;
}

/* Empty class @q of @rq into @out (slow section held), oldest first. */
static void drain_class(struct hs_sched *s, struct hs_rq *rq, uint32_t q, struct hs_drained *out)
{
	uint32_t buf[HS_QUEUE_CAPACITY];
	uint32_t n, i, tries;
	bool lost = false;

	/* Each lost CAS is a thief taking >= 1 of at most capacity entries. */
	for (tries = 0; tries <= HS_QUEUE_CAPACITY; tries++) {
		n = ring_take(rq, q, HS_QUEUE_CAPACITY, buf, HS_QUEUE_CAPACITY + 1, &lost);
		for (i = 0; i < n; i++)
			drained_add(s, out, buf[i], q, (uint32_t)(rq - s->rq));
		if (ring_len(rq, q) == 0)
			return;
	}
	hs_arch_fatal("hs_rq_drain_offline: a ring did not empty within its capacity");
}

struct hs_outcome hs_rq_drain_offline(struct hs_sched *s, uint32_t cpu, struct hs_drained *out)
{
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t task, st, q, tries;

	out->n = 0;
	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	if (hs_cpu_is_online(cpu))
		return hs_outcome_of(HS_ERR_INVALID_ARG);
	rq = &s->rq[cpu];
	flags = slow_lock(rq);
	/* The CPU is parked: its current slot is ours to clear. */
	task = hs_load(&rq->current, memory_order_relaxed);
	if (task != HS_TASK_NONE) {
		/*
		 * A purge may race for a running task (whoever's CAS wins frees
		 * it), a set-QoS may change its class (look again, boundedly).
		 */
		st = ts_load(s, task);
		for (tries = 0; tries < HS_LOCATE_TRIES && ts_running_on(st, cpu); tries++) {
			if (ts_cas(s, task, &st, TS_FREE)) {
				HS_TRACE(HS_TR_TASK_GONE, task, ts_qos(st), cpu);
				out->task[out->n] = task;
				out->qos[out->n] = ts_qos(st);
				out->n++;
				break;
			}
		}
		if (ts_running_on(ts_load(s, task), cpu))
			hs_arch_fatal("hs_rq_drain_offline: current task kept changing class");
		hs_store(&rq->current, HS_TASK_NONE, memory_order_relaxed);
	}
	for (q = HS_QOS_COUNT; q-- > 0;)
		drain_class(s, rq, q, out);
	slow_unlock(rq, flags);
	return hs_outcome_of(HS_OK);
}
