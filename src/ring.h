/* SPDX-License-Identifier: MIT */
/*
 * One class ring of a run queue (internal to the core): a bounded FIFO of
 * task ids in the shape of Go's runq and Tokio's local queue, with two ends
 * and two kinds of writer.
 *
 *   tail   written only by a producer: the holder of rq->plock (remote
 *          enqueue, yield, a thief parking, set-QoS, restore), or the
 *          owner during an announced push (enqueue.c: every plock holder
 *          waits that out, so producers still run one at a time); release
 *          store after the slot, so a consumer that loads it with acquire
 *          sees the slots below it.
 *   head   64 bits: position (low 32) and generation (high 32). Consumers
 *          (the owner's pop, a thief's batch, the slow paths' take) claim
 *          the oldest entries with ONE compare-and-swap that moves the
 *          position forward; the entries read before a CAS that succeeded
 *          are theirs alone. Only ring_restore() moves the position back
 *          (to put entries it took back in front), and it bumps the
 *          generation, so a consumer holding a stale (generation, position)
 *          pair can never succeed on a position that was reused (no ABA).
 *   slot   written by producers (as tail) at positions >= tail and by
 *          ring_restore (plock) at positions below head; read by consumers
 *          between their head load and their CAS. A consumer that read a
 *          slot being rewritten fails its CAS and discards what it read.
 *
 *   pairing                                   with
 *   ---------------------------------------   ---------------------------------------
 *   producer tail store (release)             consumer tail load (acquire): slots visible
 *   consumer head CAS (release on success)    producer head load (acquire): the slot it
 *                                             frees was read before it is reused
 *   restore head CAS (release)                consumer head load (acquire): restored
 *                                             slots visible
 *
 * Lengths read outside a producer section are hints (clamped into [0,
 * capacity]); inside one (plock, or the owner's announced push) the tail is
 * stable and the head only moves forward (restore holds plock), so "room"
 * computed there is never too large.
 */
#ifndef HARTSCHED_RING_H
#define HARTSCHED_RING_H

#include <hartsched/arch.h>
#include <hartsched/fault.h>
#include <hartsched/rq.h>

#define RING_MASK	 (HS_QUEUE_CAPACITY - 1u)
#define RING_POP_TRIES	 8u /* owner's head CASes lost in a row before "contended" */
#define RING_HEAD_GEN(h) ((uint32_t)((h) >> 32))
#define RING_HEAD_POS(h) ((uint32_t)(h))

static inline uint64_t ring_head_make(uint32_t gen, uint32_t pos)
{
	return ((uint64_t)gen << 32) | pos;
}

/* Acquire: pairs with the release of a consumer's or restore's head CAS. */
static inline uint64_t ring_head(const struct hs_rq *rq, uint32_t q)
{
	return hs_load(&rq->head[q], memory_order_acquire);
}

/* Acquire: pairs with the producer's release store in ring_push(). */
static inline uint32_t ring_tail(const struct hs_rq *rq, uint32_t q)
{
	return hs_load(&rq->tail[q], memory_order_acquire);
}

/* Relaxed: ordered by the head/tail acquire and release around every access. */
static inline uint32_t ring_slot(const struct hs_rq *rq, uint32_t q, uint32_t pos)
{
	return hs_load(&rq->slot[q][pos & RING_MASK], memory_order_relaxed);
}

static inline void ring_slot_set(struct hs_rq *rq, uint32_t q, uint32_t pos, uint32_t task)
{
	hs_store(&rq->slot[q][pos & RING_MASK], task, memory_order_relaxed);
}

/*
 * Entries in class @q, for a reader without plock: the two ends are read
 * at different moments, so clamp the difference into [0, capacity]. Exact
 * when the CPU is quiescent, a hint otherwise.
 */
static inline uint32_t ring_len(const struct hs_rq *rq, uint32_t q)
{
	uint32_t h = RING_HEAD_POS(ring_head(rq, q));
	uint32_t len = ring_tail(rq, q) - h;

	if (len <= HS_QUEUE_CAPACITY)
		return len;
	return (int32_t)len < 0 ? 0 : HS_QUEUE_CAPACITY;
}

/*
 * Free slots in class @q (in a producer section), exact as far as @need: the answer is
 * at least min(real room, @need) and never more than the real room. The
 * tail is ours and stable and the head only moves forward meanwhile. The
 * producer keeps its last look at the head (head_seen, written only in a
 * producer section):
 * while that already shows @need free slots it does not read the
 * consumers' line at all, so a remote waker or a producer feeding a thief
 * does not pull the consumer line across once per task. head_seen never
 * passes the real head: it is refreshed only from it, and the only backward
 * move of the head (ring_restore, under plock) ends past where its take
 * started.
 */
static inline uint32_t ring_room(struct hs_rq *rq, uint32_t q, uint32_t need)
{
	uint32_t tail = hs_load(&rq->tail[q], memory_order_relaxed);
	uint32_t seen = rq->head_seen[q];
	uint32_t used = tail - seen; /* over capacity when the look is older than a lap */

	if (used <= HS_QUEUE_CAPACITY && HS_QUEUE_CAPACITY - used >= need)
		return HS_QUEUE_CAPACITY - used;
	seen = RING_HEAD_POS(ring_head(rq, q));
	rq->head_seen[q] = seen;
	return HS_QUEUE_CAPACITY - (tail - seen);
}

/* Append @task to class @q (in a producer section, room checked). */
static inline void ring_push(struct hs_rq *rq, uint32_t q, uint32_t task)
{
	uint32_t tail = hs_load(&rq->tail[q], memory_order_relaxed);

	ring_slot_set(rq, q, tail, task);
	/*
	 * Fault "weak-rq-publish" (fault.h): the tail store is relaxed, so a
	 * consumer (the owner's pop, a thief, the drain) that sees the new
	 * tail has no happens-before edge to the producer: the plain data the
	 * waker wrote before the enqueue (the task it hands over) races with
	 * the picker's reads of it, and on a weak machine the slot above may
	 * still read as an older task id.
	 */
	if (hs_fault(HS_FAULT_WEAK_RQ_PUBLISH))
		hs_store(&rq->tail[q], tail + 1, memory_order_relaxed);
	else /* Release: pairs with the consumer's acquire in ring_tail(). */
		hs_store(&rq->tail[q], tail + 1, memory_order_release);
}

/*
 * Take up to @max of the oldest entries of class @q into @out with one head
 * CAS, trying at most @tries times. Returns how many it took; 0 with
 * *@lost untouched means the class was empty, 0 with *@lost set means every
 * try lost to another consumer (bounded: the caller reports "contended").
 */
static inline uint32_t ring_take(struct hs_rq *rq, uint32_t q, uint32_t max, uint32_t *out,
				 uint32_t tries, bool *lost)
{
	uint32_t try, i, n;

	for (try = 0; try < tries; try++) {
		uint64_t head = ring_head(rq, q);
		uint32_t pos = RING_HEAD_POS(head);

		n = ring_tail(rq, q) - pos;
		if (n == 0)
			return 0;
		if (n <= HS_QUEUE_CAPACITY) { /* else the head moved on: a stale pair */
			if (n > max)
				n = max;
			for (i = 0; i < n; i++)
				out[i] = ring_slot(rq, q, pos + i);
			/* Release: pairs with the producer's acquire head load (slot reuse). */
			if (hs_cas(&rq->head[q], &head,
				   ring_head_make(RING_HEAD_GEN(head), pos + n),
				   memory_order_release, memory_order_relaxed))
				return n;
		}
		hs_arch_cpu_relax(try);
	}
	*lost = true;
	return 0;
}

/*
 * Put @k entries that this caller took with ring_take() back in front of
 * class @q, in order (plock held, so no producer runs and the slots below
 * the head are free: the ring held them a moment ago). Each lost CAS means a
 * consumer took one more entry, which it can do at most capacity times, so
 * the loop is bounded; running out would be a broken invariant.
 */
static inline void ring_restore(struct hs_rq *rq, uint32_t q, const uint32_t *tasks, uint32_t k)
{
	uint32_t try, i;

	if (k == 0)
		return;
	for (try = 0; try <= HS_QUEUE_CAPACITY + 1; try++) {
		uint64_t head = ring_head(rq, q);
		uint32_t pos = RING_HEAD_POS(head) - k;

		for (i = 0; i < k; i++)
			ring_slot_set(rq, q, pos + i, tasks[i]);
		/* Release: pairs with the consumers' acquire head load (slots visible). */
		if (hs_cas(&rq->head[q], &head, ring_head_make(RING_HEAD_GEN(head) + 1, pos),
			   memory_order_release, memory_order_relaxed))
			return;
	}
	hs_arch_fatal("ring_restore: head kept moving past the ring's capacity");
}

/*
 * Put @task, which this caller took from the front of class @q with
 * ring_take() and WITHOUT plock, back in front (plock held now). Between the
 * take and now a producer may have refilled the slot the take freed: then
 * there is no room in front and it returns false (the caller keeps the
 * task). A producer may also have looked at the head while it was one
 * further on, so head_seen is pulled back to the head as it is now.
 */
static inline bool ring_put_back(struct hs_rq *rq, uint32_t q, uint32_t task)
{
	uint32_t tail = hs_load(&rq->tail[q], memory_order_relaxed);

	if (tail - RING_HEAD_POS(ring_head(rq, q)) >= HS_QUEUE_CAPACITY)
		return false;
	ring_restore(rq, q, &task, 1);
	rq->head_seen[q] = RING_HEAD_POS(ring_head(rq, q));
	return true;
}

/*
 * Remove @task from class @q keeping the others' order (plock held): take
 * the entries up to and including it, then restore those before it.
 * Returns false when @task is not in the ring (a consumer took it first).
 */
static inline bool ring_remove(struct hs_rq *rq, uint32_t q, uint32_t task)
{
	uint32_t buf[HS_QUEUE_CAPACITY];
	uint32_t try, i, pos, len, n;
	bool lost = false;

	for (try = 0; try <= HS_QUEUE_CAPACITY + 1; try++) {
		pos = RING_HEAD_POS(ring_head(rq, q));
		len = ring_tail(rq, q) - pos;
		if (len > HS_QUEUE_CAPACITY)
			continue; /* the head moved between the loads */
		for (i = 0; i < len && ring_slot(rq, q, pos + i) != task; i++)
			;
		if (i == len)
			return false;
		n = ring_take(rq, q, i + 1, buf, 1, &lost);
		if (n == i + 1 && buf[i] == task) {
			ring_restore(rq, q, buf, i);
			return true;
		}
		/* A consumer moved first: put back what we took, look again. */
		ring_restore(rq, q, buf, n);
	}
	hs_arch_fatal("ring_remove: head kept moving past the ring's capacity");
}

#endif /* HARTSCHED_RING_H */
