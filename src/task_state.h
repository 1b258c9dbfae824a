/* SPDX-License-Identifier: MIT */
/*
 * The task-state word (internal to the core): where each task is, one
 * 32-bit atomic per task id, the single authority for "one place per task".
 *
 *   bits 0-1  place (enum hs_task_place)
 *   bits 2-3  qos
 *   bits 8-15 cpu
 *
 * Transitions and who makes them (every other write is a bug):
 *   FREE -> QUEUED(c, q)        enqueuer, CAS under rq[c].plock, or by CPU
 *                               c itself in its announced push (enqueue.c)
 *   QUEUED(c, q) -> FREE        that push undoing its claim before the task
 *                               reached a ring: release store (no ring holds
 *                               it, so nobody else writes the word)
 *   QUEUED -> RUNNING(c', q)    the consumer whose head CAS took the slot
 *                               (owner pop or thief): plain release store,
 *                               it owns the task from that CAS on
 *   QUEUED -> QUEUED(c', q')    a thief parking a stolen task, set-QoS
 *                               after taking the slot: release store
 *   QUEUED -> FREE              purge or drain after taking the slot
 *   RUNNING -> QUEUED           yield, plain store under its CPU's plock
 *                               or in its announced push (enqueue.c)
 *   RUNNING -> FREE             finish: CAS; purge, drain: CAS under the
 *                               CPU's plock
 *   RUNNING(q) -> RUNNING(q')   set-QoS of a running task: CAS under plock
 * A queued task's word is written only by whoever took its ring slot with
 * the head CAS, so QUEUED words need no CAS. A running task's word is
 * written by its CPU (yield, finish) and by purge/set-QoS/drain from
 * anywhere; those hold the CPU's plock, so yield (also under plock) can
 * store, while finish (no lock) CASes against them.
 */
#ifndef HARTSCHED_TASK_STATE_H
#define HARTSCHED_TASK_STATE_H

#include <hartsched/rq.h>

_Static_assert(HS_QOS_COUNT == 4, "state word holds qos in 2 bits");

static inline uint32_t ts_make(uint32_t place, uint32_t cpu, uint32_t qos)
{
	return place | (qos << 2) | (cpu << 8);
}

static inline uint32_t ts_place(uint32_t st)
{
	return st & 3u;
}

static inline uint32_t ts_qos(uint32_t st)
{
	return (st >> 2) & 3u;
}

static inline uint32_t ts_cpu(uint32_t st)
{
	return (st >> 8) & 0xffu;
}

#define TS_FREE ts_make(HS_TASK_FREE, 0, 0)

/* Is @st "running on @cpu" (any class)? */
static inline bool ts_running_on(uint32_t st, uint32_t cpu)
{
	return ts_place(st) == HS_TASK_RUNNING && ts_cpu(st) == cpu;
}

/* Acquire: pairs with every release store / CAS of the word below. */
static inline uint32_t ts_load(const struct hs_sched *s, uint32_t task)
{
	return hs_load(&s->task_state[task], memory_order_acquire);
}

/*
 * Release store by the word's only writer of the moment (see the table):
 * publishes the task's new place after the ring or current slot changed.
 */
static inline void ts_store(struct hs_sched *s, uint32_t task, uint32_t st)
{
	hs_store(&s->task_state[task], st, memory_order_release);
}

/*
 * CAS from *@expect to @st where others may write the word too. acq_rel:
 * release publishes our change, acquire pairs with the writer we replace.
 * On failure *@expect holds the word we saw.
 */
static inline bool ts_cas(struct hs_sched *s, uint32_t task, uint32_t *expect, uint32_t st)
{
	return hs_cas(&s->task_state[task], expect, st, memory_order_acq_rel, memory_order_acquire);
}

#endif /* HARTSCHED_TASK_STATE_H */
