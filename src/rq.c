// SPDX-License-Identifier: MIT
/*
 * Per-CPU run queues with QoS classes: set-up, scheduling decisions (pick,
 * pick_next), finish, configuration and queries. Producers are in
 * enqueue.c, stealing in steal.c, purge and set-QoS in task.c, the hotplug
 * drain in drain.c; the ring itself in ring.h.
 *
 * Synchronisation table (who may run what on CPU c's run queue at once)
 *
 *   operation            takes                       concurrent with
 *   -------------------  --------------------------  ----------------------------------
 *   pick / pick_next(c)  nothing: head CAS on c's    everything; only c (or one thread
 *   finish(c)            rings, state CAS/stores     standing in for it) decides on c
 *   enqueue_on(c)        rq[c].plock (producer); by  decisions, thieves; other producers
 *   yield(c)             c itself, while plock is    of c wait for plock, and plock
 *                        free: owner_push instead    holders for owner_push to drop
 *   steal by c from v    head CAS on v's rings;      v's own decisions and other
 *                        rq[c].plock to park extras  thieves (they race on the CAS)
 *   purge / set-QoS /    rq[c].lock then plock       decisions (entries taken out
 *   drain / snapshot                                 and restored by head CAS);
 *                                                    thieves skip c while lock is held
 *
 *   data                 written by                       read by
 *   -------------------  -------------------------------  ------------------------------
 *   head[q], tail[q],    see ring.h                       see ring.h
 *     slot[q][]
 *   current              c only, relaxed                  c; others via hs_rq_current,
 *                                                         which trusts it only when the
 *                                                         task's state word agrees
 *   steal_ceiling        configuration, relaxed           c's decisions, relaxed
 *   task_state[t]        see task_state.h                 see task_state.h
 *   cnt                  see struct hs_rq_counters        stats readers, relaxed
 *   steal_max            configuration, relaxed           decisions, relaxed
 *
 * Interrupts are off inside plock and lock (the sections are short and no
 * trap handler takes either lock); the decision path takes no lock, so it
 * needs interrupts off nowhere.
 */
#include "ring.h"
#include "rq_internal.h"
#include "task_state.h"

struct hs_outcome hs_rq_reject(struct hs_sched *s, uint32_t cpu, uint32_t status)
{
	HS_TRACE(HS_TR_ENQUEUE_REJECT, cpu, status, 0);
	if (cpu < HS_MAX_CPUS)
		cnt_bump(&s->rq[cpu].cnt.rejected[status]);
	else
		cnt_bump(&s->rejected_nowhere[status]);
	return hs_outcome_of(status);
}

struct hs_outcome hs_rq_reject_full(struct hs_sched *s, uint32_t cpu, uint32_t qos)
{
	struct hs_outcome o = hs_rq_reject(s, cpu, HS_ERR_QUEUE_FULL);

	o.qos = qos;
	o.capacity = HS_QUEUE_CAPACITY;
	return o;
}

static void counters_init(struct hs_rq_counters *c)
{
	uint32_t i;

	atomic_init(&c->enqueued, 0);
	atomic_init(&c->picked, 0);
	atomic_init(&c->stolen, 0);
	atomic_init(&c->steal_ops, 0);
	atomic_init(&c->contended, 0);
	atomic_init(&c->yields, 0);
	atomic_init(&c->finished, 0);
	atomic_init(&c->purged, 0);
	atomic_init(&c->moved, 0);
	for (i = 0; i < HS_STATUS_COUNT; i++)
		atomic_init(&c->rejected[i], 0);
}

void hs_sched_init(struct hs_sched *s)
{
	uint32_t c, q, i, t;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		struct hs_rq *rq = &s->rq[c];

		hs_spin_init(&rq->plock);
		hs_spin_init(&rq->lock);
		atomic_init(&rq->current, HS_TASK_NONE);
		atomic_init(&rq->steal_ceiling, HS_QOS_NORMAL);
		atomic_init(&rq->owner_push, 0);
		atomic_init(&rq->slow_seq, 0);
		for (q = 0; q < HS_QOS_COUNT; q++) {
			atomic_init(&rq->head[q], 0);
			atomic_init(&rq->tail[q], 0);
			rq->head_seen[q] = 0;
			for (i = 0; i < HS_QUEUE_CAPACITY; i++)
				atomic_init(&rq->slot[q][i], HS_TASK_NONE);
		}
		counters_init(&rq->cnt);
	}
	for (t = 0; t < HS_MAX_TASKS; t++)
		atomic_init(&s->task_state[t], TS_FREE);
	for (i = 0; i < HS_STATUS_COUNT; i++)
		atomic_init(&s->rejected_nowhere[i], 0);
	atomic_init(&s->steal_max, HS_STEAL_MAX_PER_TICK);
}

/* @cpu's current task if its state word still says it runs there, else NONE. */
static uint32_t current_checked(struct hs_sched *s, struct hs_rq *rq, uint32_t cpu)
{
	/* Relaxed: the state word's acquire load below is what we trust. */
	uint32_t task = hs_load(&rq->current, memory_order_relaxed);

	if (task == HS_TASK_NONE || ts_running_on(ts_load(s, task), cpu))
		return task;
	return HS_TASK_NONE;
}

/*
 * The slow paths' sequence word when no slow path is in, else SLOW_BUSY.
 * Purge, set-QoS and the drain take entries out of @rq's rings and restore
 * them only inside their section, which makes slow_seq odd while it runs
 * and advances it on each way (rq_internal.h, slow_lock()): a decision that
 * reads the same even value before and after its look at the rings
 * overlapped none of them (a seqlock). The word is on the consumer line,
 * which the decision has anyway. Acquire: pairs with slow_unlock()'s
 * release store.
 */
#define SLOW_BUSY UINT32_MAX

static inline uint32_t slow_seq_begin(const struct hs_rq *rq)
{
	uint32_t seq = hs_load(&rq->slow_seq, memory_order_acquire);

	return seq & 1u ? SLOW_BUSY : seq;
}

/* Did a slow path begin since slow_seq_begin() read @seq? (after an acquire fence) */
static inline bool slow_seq_moved(const struct hs_rq *rq, uint32_t seq)
{
	return hs_load(&rq->slow_seq, memory_order_relaxed) != seq;
}

/* A decision lost a race or overlapped a slow path: count it, say so. */
static __attribute__((noinline)) struct hs_pick pick_contended(struct hs_rq *rq, uint32_t cpu,
							       uint32_t finished)
{
	cnt_add(&rq->cnt.contended, 1);
	HS_TRACE(HS_TR_STEAL_CONTENDED, cpu, 0, 0);
	return hs_pick_make(HS_ERR_CONTENDED, HS_PICK_IDLE, HS_TASK_NONE, 0, finished);
}

/*
 * Make @task, just taken from the front of class @q, @cpu's current task:
 * the decision's answer. @tr: tracing is on (the caller looked once).
 */
static HS_ALWAYS_INLINE struct hs_pick pick_run(struct hs_sched *s, struct hs_rq *rq, uint32_t cpu,
						uint32_t q, uint32_t task, uint32_t finished,
						bool tr)
{
	if (tr)
		hs_trace_emit(HS_TR_SWITCH_IN, task, q, cpu, 0);
	ts_store(s, task, ts_make(HS_TASK_RUNNING, cpu, q)); /* the take made it ours */
	hs_store(&rq->current, task, memory_order_relaxed);
	cnt_add(&rq->cnt.picked, 1);
	return hs_pick_make(HS_OK, HS_PICK_LOCAL, task, 0, finished);
}

/*
 * @task was taken from the front of class @q while a slow path of @cpu
 * moved entries (slow_seq moved): some entries were out of
 * their ring for a moment, so the class chosen (or the entry within it) may
 * not be the highest or the oldest. Put it back in front (nothing else
 * changed) and report the decision contended, rather than run it out of
 * order; unless producers refilled its class behind it meanwhile (no room
 * in front): then it runs, the one case the check cannot cover.
 */
static __attribute__((noinline)) struct hs_pick pick_overlapped(struct hs_sched *s,
								struct hs_rq *rq, uint32_t cpu,
								uint32_t q, uint32_t task,
								uint32_t finished)
{
	unsigned long flags = prod_lock(rq);
	bool back = ring_put_back(rq, q, task); /* still QUEUED: nobody saw it go */

	prod_unlock(rq, flags);
	if (back)
		return pick_contended(rq, cpu, finished);
	return pick_run(s, rq, cpu, q, task, finished, hs_trace_enabled());
}

/*
 * The slow half of a decision's look at its own classes, from class @q
 * down, once the one quick try at @q lost its head CAS (or read a stale
 * head): ring_take()'s bounded retries with a pause between them, then the
 * steal if every class is empty. @seq is what slow_seq_begin() read
 * before the look began.
 */
static __attribute__((noinline)) struct hs_pick pick_local_retry(struct hs_sched *s,
								 struct hs_rq *rq, uint32_t cpu,
								 uint32_t q, uint32_t seq,
								 uint32_t finished)
{
	uint32_t task;
	bool lost = false;

	for (q++; q-- > 0;) {
		if (ring_take(rq, q, 1, &task, RING_POP_TRIES, &lost) == 0) {
			if (!lost)
				continue;
			return pick_contended(rq, cpu, finished);
		}
		/* Acquire: the ring reads above happen before the second look. */
		hs_fence(memory_order_acquire);
		if (hs_unlikely(slow_seq_moved(rq, seq)))
			return pick_overlapped(s, rq, cpu, q, task, finished);
		return pick_run(s, rq, cpu, q, task, finished, hs_trace_enabled());
	}
	return hs_rq_steal(s, cpu, finished);
}

/*
 * The highest class of @rq that has an entry, with its head in *@head and
 * its length in *@n (over capacity for a stale pair); HS_QOS_COUNT when
 * every class looks empty. Unrolled, so each class costs two loads at
 * fixed offsets and a compare.
 */
static HS_ALWAYS_INLINE uint32_t own_class_first(const struct hs_rq *rq, uint64_t *head,
						 uint32_t *n)
{
	uint32_t q;

	_Static_assert(HS_QOS_COUNT == 4, "the unroll below covers every class");
#pragma GCC unroll 4
	for (q = HS_QOS_COUNT; q-- > 0;) {
		*head = ring_head(rq, q);
		*n = ring_tail(rq, q) - RING_HEAD_POS(*head);
		if (*n != 0)
			return q;
	}
	return HS_QOS_COUNT;
}

/*
 * A scheduling decision on @cpu with no current task (see hs_rq_pick());
 * @finished goes into the result, @tr says whether tracing is on. The
 * highest non-empty own class's oldest task; else a steal.
 *
 * The look at the own classes is inline: the highest class that has an
 * entry (own_class_first()), then one try at its head. Every other
 * outcome is a function of its own, called last (a tail call), so the
 * common decision needs neither a frame nor a result patched after the
 * fact:
 *  - a head CAS lost to another consumer, or a stale head: the bounded
 *    retries of pick_local_retry();
 *  - a slow path of this CPU that moved entries during the look (its lock's
 *    sequence word moved, or is odd): pick_overlapped() / pick_contended();
 *  - nothing here: hs_rq_steal().
 * Every path builds its result once, with hs_pick_make(): a result patched
 * field by field after it was returned made the compiler store narrow
 * fields and read the struct back whole, a store-forwarding stall that cost
 * more than the decision's CAS.
 */
static HS_ALWAYS_INLINE struct hs_pick decide_idle(struct hs_sched *s, struct hs_rq *rq,
						   uint32_t cpu, uint32_t finished, bool tr)
{
	uint32_t q, task, n, seq, pos;
	uint64_t head;

	seq = slow_seq_begin(rq);
	if (hs_unlikely(seq == SLOW_BUSY))
		return pick_contended(rq, cpu, finished);
	q = own_class_first(rq, &head, &n);
	if (q == HS_QOS_COUNT)
		return hs_rq_steal(s, cpu, finished);
	if (hs_unlikely(n > HS_QUEUE_CAPACITY)) /* a stale pair */
		return pick_local_retry(s, rq, cpu, q, seq, finished);
	pos = RING_HEAD_POS(head);
	task = ring_slot(rq, q, pos);
	/* Release: pairs with the producer's acquire head load (slot reuse). */
	if (hs_unlikely(!hs_cas(&rq->head[q], &head, ring_head_make(RING_HEAD_GEN(head), pos + 1),
				memory_order_release, memory_order_relaxed)))
		return pick_local_retry(s, rq, cpu, q, seq, finished);
	/* Acquire: the ring reads above happen before the second look. */
	hs_fence(memory_order_acquire);
	if (hs_unlikely(slow_seq_moved(rq, seq)))
		return pick_overlapped(s, rq, cpu, q, task, finished);
	return pick_run(s, rq, cpu, q, task, finished, tr);
}

/*
 * One scheduling decision on @cpu: the current task if it still runs
 * here, else decide_idle().
 */
static HS_ALWAYS_INLINE struct hs_pick decide(struct hs_sched *s, uint32_t cpu, uint32_t finished,
					      bool tr)
{
	struct hs_rq *rq = rq_of(s, cpu);
	uint32_t cur = hs_load(&rq->current, memory_order_relaxed);

	if (cur != HS_TASK_NONE) {
		if (ts_running_on(ts_load(s, cur), cpu))
			return hs_pick_make(HS_OK, HS_PICK_CURRENT, cur, 0, finished);
		/* Purged while it ran: forget it. */
		hs_store(&rq->current, HS_TASK_NONE, memory_order_relaxed);
	}
	return decide_idle(s, rq, cpu, finished, tr);
}

/* Reject a decision on an out-of-range @cpu (nothing is touched but the counter). */
static __attribute__((noinline)) struct hs_pick pick_invalid_cpu(struct hs_sched *s)
{
	HS_IGNORE(hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU)); /* the result says it */
	return hs_pick_make(HS_ERR_INVALID_CPU, HS_PICK_IDLE, HS_TASK_NONE, 0, HS_TASK_NONE);
}

/* hs_rq_pick() with tracing on: the same decision, its tracepoints live. */
static __attribute__((noinline)) struct hs_pick pick_traced(struct hs_sched *s, uint32_t cpu)
{
	return decide(s, cpu, HS_TASK_NONE, true);
}

struct hs_pick hs_rq_pick(struct hs_sched *s, uint32_t cpu)
{
	if (hs_unlikely(cpu >= HS_MAX_CPUS))
		return pick_invalid_cpu(s);
	if (hs_unlikely(hs_trace_enabled()))
		return pick_traced(s, cpu);
	return decide(s, cpu, HS_TASK_NONE, false);
}

/* Outcome of finishing @cpu's current task. */
enum finish_result { FINISH_DONE, FINISH_NONE, FINISH_CONTENDED };

/*
 * Free @cpu's current task (it ran to completion). The CAS loses only to a
 * purge (then it is not ours any more) or to a set-QoS of the running task
 * (then retry with the new class), at most HS_LOCATE_TRIES times. @tr says
 * whether tracing is on.
 */
static HS_ALWAYS_INLINE enum finish_result finish_current(struct hs_sched *s, struct hs_rq *rq,
							  uint32_t cpu, uint32_t *task_out, bool tr)
{
	uint32_t task = hs_load(&rq->current, memory_order_relaxed);
	uint32_t st, tries;

	*task_out = task;
	if (task == HS_TASK_NONE)
		return FINISH_NONE;
	st = ts_load(s, task);
	for (tries = 0; tries < HS_LOCATE_TRIES; tries++) {
		if (!ts_running_on(st, cpu)) {
			hs_store(&rq->current, HS_TASK_NONE, memory_order_relaxed);
			return FINISH_NONE; /* purged while it ran */
		}
		if (tr) /* before it is free: a waker may enqueue it at once */
			hs_trace_emit(HS_TR_SWITCH_OUT, task, ts_qos(st),
				      HS_TRACE_FINISH | cpu << 8, 0);
		if (ts_cas(s, task, &st, TS_FREE)) {
			hs_store(&rq->current, HS_TASK_NONE, memory_order_relaxed);
			cnt_add(&rq->cnt.finished, 1);
			return FINISH_DONE;
		}
	}
	return FINISH_CONTENDED;
}

/* The finish lost HS_LOCATE_TRIES times: the task still runs, so the decision keeps it. */
static __attribute__((noinline)) struct hs_pick pick_next_finish_lost(struct hs_sched *s,
								      uint32_t cpu, bool tr)
{
	struct hs_pick p = decide(s, cpu, HS_TASK_NONE, tr);

	return hs_pick_make(HS_ERR_CONTENDED, p.kind, p.task, p.stolen, HS_TASK_NONE);
}

/* finish + pick, @tr: tracing is on. */
static HS_ALWAYS_INLINE struct hs_pick pick_next(struct hs_sched *s, uint32_t cpu, bool tr)
{
	struct hs_rq *rq = rq_of(s, cpu);
	uint32_t done;
	enum finish_result r = finish_current(s, rq, cpu, &done, tr);

	if (hs_unlikely(r == FINISH_CONTENDED))
		return pick_next_finish_lost(s, cpu, tr);
	/* Either way @cpu has no current task now (only @cpu writes the slot). */
	return decide_idle(s, rq, cpu, r == FINISH_DONE ? done : HS_TASK_NONE, tr);
}

/* hs_rq_pick_next() with tracing on: the same steps, its tracepoints live. */
static __attribute__((noinline)) struct hs_pick pick_next_traced(struct hs_sched *s, uint32_t cpu)
{
	return pick_next(s, cpu, true);
}

/*
 * finish + pick with nothing in between. .finished names the task this
 * call finished, HS_TASK_NONE when there was none (or it had been purged).
 */
struct hs_pick hs_rq_pick_next(struct hs_sched *s, uint32_t cpu)
{
	if (hs_unlikely(cpu >= HS_MAX_CPUS))
		return pick_invalid_cpu(s);
	if (hs_unlikely(hs_trace_enabled()))
		return pick_next_traced(s, cpu);
	return pick_next(s, cpu, false);
}

struct hs_outcome hs_rq_finish(struct hs_sched *s, uint32_t cpu)
{
	uint32_t done;

	if (cpu >= HS_MAX_CPUS)
		return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	switch (finish_current(s, &s->rq[cpu], cpu, &done, hs_trace_enabled())) {
	case FINISH_DONE:
		return hs_outcome_of(HS_OK);
	case FINISH_NONE:
		return hs_rq_reject(s, cpu, HS_ERR_NO_CURRENT);
	default:
		return hs_rq_reject(s, cpu, HS_ERR_CONTENDED);
	}
}

struct hs_outcome hs_rq_set_steal_max(struct hs_sched *s, uint32_t n)
{
	if (n < 1 || n > HS_STEAL_MAX_LIMIT)
		return hs_outcome_of(HS_ERR_INVALID_ARG);
	/* Relaxed: a bound read whole by each decision; it publishes nothing else. */
	hs_store(&s->steal_max, n, memory_order_relaxed);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_rq_set_steal_ceiling(struct hs_sched *s, uint32_t cpu, uint32_t qos)
{
	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	if (!hs_qos_valid(qos))
		return hs_outcome_of(HS_ERR_INVALID_QOS);
	/* Relaxed: read whole by @cpu's next decisions; publishes nothing else. */
	hs_store(&s->rq[cpu].steal_ceiling, qos, memory_order_relaxed);
	return hs_outcome_of(HS_OK);
}

uint32_t hs_rq_len(const struct hs_sched *s, uint32_t cpu, uint32_t qos)
{
	if (cpu >= HS_MAX_CPUS || !hs_qos_valid(qos))
		return 0;
	return ring_len(&s->rq[cpu], qos);
}

uint32_t hs_rq_current(struct hs_sched *s, uint32_t cpu)
{
	if (cpu >= HS_MAX_CPUS)
		return HS_TASK_NONE;
	return current_checked(s, &s->rq[cpu], cpu);
}

/*
 * Copy class @qos of @cpu in FIFO order. Inside the slow section no
 * producer and no remove runs; a concurrent decision may still take from
 * the head, so the copy is exact only when @cpu is quiescent.
 */
uint32_t hs_rq_snapshot(struct hs_sched *s, uint32_t cpu, uint32_t qos, uint32_t *out, uint32_t max)
{
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t i, n, pos;

	if (cpu >= HS_MAX_CPUS || !hs_qos_valid(qos))
		return 0;
	rq = &s->rq[cpu];
	flags = slow_lock(rq);
	pos = RING_HEAD_POS(ring_head(rq, qos));
	n = ring_len(rq, qos);
	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		out[i] = ring_slot(rq, qos, pos + i);
	slow_unlock(rq, flags);
	return n;
}
