/* SPDX-License-Identifier: MIT */
/*
 * What the run-queue files of the core share (internal): counters, rejects,
 * the producer-lock section and the steal entry point.
 *
 *   enqueue.c   enqueue, yield (the producers)
 *   rq.c        set-up, decisions (pick, pick_next), finish, queries
 *   steal.c     class-major stealing
 *   task.c      purge, set-QoS, where (any task, from any CPU)
 *   drain.c     the hotplug drain
 */
#ifndef HARTSCHED_RQ_INTERNAL_H
#define HARTSCHED_RQ_INTERNAL_H

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/rq.h>
#include <hartsched/trace.h>

/* CPU @cpu's run queue, as one pointer the hot paths index from (HS_HIDE_VAR). */
static inline struct hs_rq *rq_of(struct hs_sched *s, uint32_t cpu)
{
	struct hs_rq *rq = &s->rq[cpu];

	HS_HIDE_VAR(rq);
	return rq;
}

/* Counter update by its only writer (see struct hs_rq_counters): no RMW. */
static inline void cnt_add(_Atomic uint64_t *c, uint64_t n)
{
	hs_store(c, hs_load(c, memory_order_relaxed) + n, memory_order_relaxed);
}

/* Counter charged from any CPU. Relaxed RMW: a figure for stats, pairs with nothing. */
static inline void cnt_bump(_Atomic uint64_t *c)
{
	hs_fetch_add(c, 1, memory_order_relaxed);
}

/*
 * With plock held, wait out an owner push that began before our lock was
 * visible to it (enqueue.c, owner_push()). Bounded by that push: a few
 * stores with the owner's interrupts off, and an owner that finds plock
 * taken backs off instead of pushing.
 *
 * The fence orders our plock RMW before the load of owner_push; the owner
 * orders its owner_push store before its load of plock the same way, so at
 * least one side sees the other (a store-buffering pair). Acquire: pairs
 * with the owner's release store of 0, so its ring writes (slot, tail,
 * head_seen) happen before the rest of our section.
 */
static inline void prod_wait_owner(struct hs_rq *rq)
{
	uint32_t spins = 0;

	hs_fence_after_rmw();
	while (hs_load(&rq->owner_push, memory_order_acquire) != 0)
		hs_arch_cpu_relax(spins++);
}

/*
 * The producer section of @rq: interrupts off (the section is a few stores
 * long and must not be preempted while other producers wait), plock, and
 * no owner push in flight.
 */
static inline unsigned long prod_lock(struct hs_rq *rq)
{
	unsigned long flags = hs_arch_irq_save();

	hs_spin_lock(&rq->plock);
	prod_wait_owner(rq);
	return flags;
}

static inline void prod_unlock(struct hs_rq *rq, unsigned long flags)
{
	hs_spin_unlock(&rq->plock);
	hs_arch_irq_restore(flags);
}

/*
 * The slow-path section of @rq (purge, set-QoS, drain, snapshot): the slow
 * lock, which thieves check so they do not decide while entries are out of
 * the ring, then the producer section; inside it slow_seq is odd.
 *
 * slow_seq is the decision's seqlock (rq.c, slow_seq_begin()): written only
 * here, under both locks. The odd store is relaxed: every change a slow
 * path makes to a ring that a decision can see is a head CAS or a tail
 * store with release after it, so a decision that sees the change sees the
 * odd value too. Release on the even store: pairs with the decision's
 * acquire load, so one that sees the section over sees all it did.
 */
static inline unsigned long slow_lock(struct hs_rq *rq)
{
	unsigned long flags = hs_arch_irq_save();

	hs_spin_lock(&rq->lock);
	hs_spin_lock(&rq->plock);
	prod_wait_owner(rq);
	hs_store(&rq->slow_seq, hs_load(&rq->slow_seq, memory_order_relaxed) + 1,
		 memory_order_relaxed);
	return flags;
}

static inline void slow_unlock(struct hs_rq *rq, unsigned long flags)
{
	hs_store(&rq->slow_seq, hs_load(&rq->slow_seq, memory_order_relaxed) + 1,
		 memory_order_release);
	hs_spin_unlock(&rq->plock);
	hs_spin_unlock(&rq->lock);
	hs_arch_irq_restore(flags);
}

/* Count a rejection against @cpu when it names one, else the instance. */
struct hs_outcome hs_rq_reject(struct hs_sched *s, uint32_t cpu, uint32_t status);
struct hs_outcome hs_rq_reject_full(struct hs_sched *s, uint32_t cpu, uint32_t qos);

/*
 * The steal half of a decision on @cpu (no current task, every own class
 * seen empty): STOLEN, or IDLE with status CONTENDED when races alone left
 * it empty-handed, or plain IDLE. @finished goes into the result.
 */
struct hs_pick hs_rq_steal(struct hs_sched *s, uint32_t cpu, uint32_t finished);

#endif /* HARTSCHED_RQ_INTERNAL_H */
