// SPDX-License-Identifier: MIT
/*
 * The producers of a run queue: enqueue (local or remote) and yield. Both
 * append at a class ring's tail inside the target CPU's producer section
 * (ring.h); neither touches the consumer line beyond reading a head.
 *
 * Synchronisation: rq[c].plock serialises every producer of CPU c, except
 * CPU c's own enqueue and yield when plock is free: those announce
 * themselves on the producer line instead and every plock holder waits them
 * out (owner_push() and owner_requeue() below, prod_wait_owner() in
 * rq_internal.h), which takes the lock's RMW off the commonest enqueue.
 * The task-state CAS (task_state.h) serialises every claim on one task, so
 * two enqueues of one task on two CPUs cannot both succeed. Under plock
 * the checks come before the claim, so a rejection changes nothing but a
 * reject counter; the owner's path claims first and undoes the claim when
 * a check fails.
 */
#include <hartsched/fault.h>

#include "ring.h"
#include "rq_internal.h"
#include "task_state.h"

/* Enqueue inside @cpu's producer section (any caller: remote or local). */
static __attribute__((noinline)) struct hs_outcome enqueue_locked(struct hs_sched *s,
								  struct hs_rq *rq, uint32_t cpu,
								  uint32_t task, uint32_t qos,
								  bool tr)
{
	unsigned long flags;
	uint32_t expect = TS_FREE;

	/*
	 * Fault "enqueue-drain-race" (fault.h), the bug ec09f0c fixed: the
	 * online check moves out of the producer section, before the lock. An
	 * enqueue that sees the CPU online here and takes plock after the
	 * offline drain has run pushes its task onto a CPU that no longer
	 * decides and that thieves skip: the task is stranded (lost to the
	 * ledger until the CPU comes back).
	 */
	if (hs_fault(HS_FAULT_ENQUEUE_DRAIN_RACE) && !hs_cpu_is_online(cpu))
		return hs_rq_reject(s, cpu, HS_ERR_CPU_OFFLINE);
	flags = prod_lock(rq);
	/*
	 * Online check inside the producer section only: the hotplug drain
	 * clears the bit first and then takes this same lock, so an enqueue
	 * that enters after the drain sees the bit clear and cannot strand a
	 * task there. Acquire (in hs_cpu_is_online) pairs with the release in
	 * hs_cpu_mark_offline(); plock orders us after the drain.
	 */
	if (!hs_fault(HS_FAULT_ENQUEUE_DRAIN_RACE) && hs_unlikely(!hs_cpu_is_online(cpu))) {
		prod_unlock(rq, flags);
		return hs_rq_reject(s, cpu, HS_ERR_CPU_OFFLINE);
	}
	if (hs_unlikely(ring_room(rq, qos, 1) == 0)) {
		prod_unlock(rq, flags);
		return hs_rq_reject_full(s, cpu, qos);
	}
	/* Claim the task: only a FREE task may be enqueued (see task_state.h). */
	if (hs_unlikely(!ts_cas(s, task, &expect, ts_make(HS_TASK_QUEUED, cpu, qos)))) {
		prod_unlock(rq, flags);
		return hs_rq_reject(s, cpu,
				    ts_place(expect) == HS_TASK_RUNNING ? HS_ERR_ALREADY_RUNNING
									: HS_ERR_ALREADY_QUEUED);
	}
	if (tr) /* before the push: no pick can precede it */
		hs_trace_emit(HS_TR_SCHED_WAKEUP, task, qos, cpu, 0);
	ring_push(rq, qos, task);
	cnt_add(&rq->cnt.enqueued, 1); /* producers are its only writers, one at a time */
	prod_unlock(rq, flags);
	return hs_outcome_of(HS_OK);
}

/*
 * End an owner's announced section (owner_push(), owner_requeue()): drop
 * the announcement, then interrupts back on. Release: pairs with
 * prod_wait_owner()'s acquire, so what the section did happens before the
 * plock holder that waited for it.
 */
static HS_ALWAYS_INLINE void owner_section_end(struct hs_rq *rq, unsigned long flags)
{
	hs_store(&rq->owner_push, 0, memory_order_release);
	hs_arch_irq_restore(flags);
}

/*
 * Enqueue by CPU @cpu itself, without taking plock when nobody else is in
 * the producer section (the common case: a task waking another on its own
 * CPU). The owner announces its push (owner_push = 1), claims the task (the
 * state-word CAS every enqueue pays), and only then looks at plock:
 *
 *   owner:   store owner_push = 1; claim CAS; fence; load plock
 *   others:  plock RMW; fence; load owner_push (prod_wait_owner())
 *
 * Each side stores before it loads the other's word, with a full fence
 * between (after an RMW, so free on x86), so at least one of them sees the
 * other. If the owner sees plock free, every section that takes plock later
 * waits until owner_push drops, and none is in progress: the ring and its
 * head_seen look are the owner's alone until it does. If the owner sees
 * plock taken, it undoes its claim (the word says QUEUED but no ring holds
 * the task, so no one else may write it: see task_state.h) and drops the
 * announcement so the holder can go on; the caller then enqueues through
 * plock like any producer.
 *
 * The hotplug drain clears the online bit before it takes plock, so the
 * same pair covers it: the owner either sees the bit clear (and rejects) or
 * the drain waits for the push and then takes the task.
 *
 * A claim that is undone (plock taken, CPU offline, class full) was visible
 * for a moment: a second enqueue of the same task racing with it is
 * rejected as already queued, as it would be against any enqueue that
 * claims before it knows there is room.
 *
 * No calls but the tracepoint (the interrupt pair, tp and the online bit
 * are inline). Returns HS_OK, a reject status (nothing changed), or
 * HS_ERR_CONTENDED: plock was taken, or the claim lost (plock's path then
 * reports the reject with its checks in their order), so go through plock.
 */
static HS_ALWAYS_INLINE uint32_t owner_push(struct hs_sched *s, struct hs_rq *rq, uint32_t cpu,
					    uint32_t task, uint32_t qos, bool tr)
{
	unsigned long flags = hs_arch_irq_save(); /* no trap may push in the middle */
	uint32_t expect = TS_FREE, status = HS_OK;

	/* Relaxed: the claim CAS and the fence after it order it before our plock look. */
	hs_store(&rq->owner_push, 1, memory_order_relaxed);
	if (hs_unlikely(!ts_cas(s, task, &expect, ts_make(HS_TASK_QUEUED, cpu, qos)))) {
		/* Queued or running: plock's path says which, after its own checks. */
		status = HS_ERR_CONTENDED;
		goto out;
	}
	hs_fence_after_rmw(); /* pairs with the fence in prod_wait_owner() */
	if (hs_unlikely(!hs_spin_is_free(&rq->plock)))
		status = HS_ERR_CONTENDED;
	else if (hs_unlikely(!hs_cpu_online_inline(cpu)))
		status = HS_ERR_CPU_OFFLINE;
	else if (hs_unlikely(ring_room(rq, qos, 1) == 0))
		status = HS_ERR_QUEUE_FULL;
	if (hs_unlikely(status != HS_OK)) {
		/* Release: the next claim of the word pairs with it like with a finish. */
		ts_store(s, task, TS_FREE);
		goto out;
	}
	if (tr) /* before the push: no pick can precede it */
		hs_trace_emit(HS_TR_SCHED_WAKEUP, task, qos, cpu, 0);
	ring_push(rq, qos, task);
	cnt_add(&rq->cnt.enqueued, 1); /* producers are its only writers, one at a time */
out:
	owner_section_end(rq, flags);
	return status;
}

/* Is the caller CPU @cpu itself? Its tp names @cpu's hart block exactly. */
static inline bool caller_is_cpu(uint32_t cpu)
{
	return hs_arch_read_tp() == (uintptr_t)&hs_harts[cpu];
}

/* An enqueue with an argument out of range: count it, change nothing. */
static __attribute__((noinline)) struct hs_outcome enqueue_invalid(struct hs_sched *s, uint32_t cpu,
								   uint32_t task, uint32_t qos)
{
	if (cpu >= HS_MAX_CPUS)
		return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	if (!hs_qos_valid(qos))
		return hs_rq_reject(s, cpu, HS_ERR_INVALID_QOS);
	return hs_rq_reject(s, cpu, HS_ERR_INVALID_TASK);
}

/* The reject an owner push reported (@status: offline or full). */
static __attribute__((noinline)) struct hs_outcome
enqueue_owner_reject(struct hs_sched *s, uint32_t cpu, uint32_t qos, uint32_t status)
{
	if (status == HS_ERR_QUEUE_FULL)
		return hs_rq_reject_full(s, cpu, qos);
	return hs_rq_reject(s, cpu, status);
}

/* A yield with no current task to re-queue. */
static __attribute__((noinline)) struct hs_outcome yield_no_current(struct hs_sched *s,
								    uint32_t cpu)
{
	return hs_rq_reject(s, cpu, HS_ERR_NO_CURRENT);
}

/*
 * An enqueue with valid arguments, @tr: tracing is on. CPU @cpu's own
 * enqueue tries the owner push, inline; a remote enqueue, and an owner
 * push that found plock taken, go through plock.
 */
static HS_ALWAYS_INLINE struct hs_outcome enqueue(struct hs_sched *s, uint32_t cpu, uint32_t task,
						  uint32_t qos, bool tr)
{
	uint32_t status;

	if (tr)
		hs_trace_emit(HS_TR_SCHED_WAKING, task, qos, cpu, 0);
	if (!hs_fault(HS_FAULT_ENQUEUE_DRAIN_RACE) && caller_is_cpu(cpu)) {
		status = owner_push(s, rq_of(s, cpu), cpu, task, qos, tr);
		if (hs_likely(status == HS_OK))
			return hs_outcome_of(HS_OK);
		if (status != HS_ERR_CONTENDED)
			return enqueue_owner_reject(s, cpu, qos, status);
	}
	return enqueue_locked(s, rq_of(s, cpu), cpu, task, qos, tr);
}

/* enqueue() with tracing on: the same steps, its tracepoints live. */
static __attribute__((noinline)) struct hs_outcome enqueue_traced(struct hs_sched *s, uint32_t cpu,
								  uint32_t task, uint32_t qos)
{
	return enqueue(s, cpu, task, qos, true);
}

/*
 * The checks every enqueue makes first; the trace switch is read once, so
 * the common enqueue runs with its tracepoints compiled out.
 */
struct hs_outcome hs_rq_enqueue_on(struct hs_sched *s, uint32_t cpu, uint32_t task, uint32_t qos)
{
	if (hs_unlikely(cpu >= HS_MAX_CPUS || !hs_qos_valid(qos) || task >= HS_MAX_TASKS))
		return enqueue_invalid(s, cpu, task, qos);
	if (hs_unlikely(hs_trace_enabled()))
		return enqueue_traced(s, cpu, task, qos);
	return enqueue(s, cpu, task, qos, false);
}

struct hs_outcome hs_rq_enqueue(struct hs_sched *s, uint32_t task, uint32_t qos)
{
	uint32_t cpu = hs_cpu_current();

	if (cpu == HS_CPU_INVALID)
		return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	return hs_rq_enqueue_on(s, cpu, task, qos);
}

/*
 * Re-queue @task, @cpu's current task, at the tail of its class, inside
 * @cpu's producer section (plock); @cpu's own yield comes here when the
 * owner's way (owner_requeue()) found the section busy or the task not
 * requeueable. Inside the section the task's word is stable: every other
 * writer of a word that says "running on @cpu" (purge, set-QoS, the drain)
 * holds this same section, and the only one that does not is @cpu's own
 * finish, which cannot run while @cpu yields. So a plain store moves it to
 * QUEUED.
 */
static __attribute__((noinline)) struct hs_outcome
yield_locked(struct hs_sched *s, struct hs_rq *rq, uint32_t cpu, uint32_t task)
{
	unsigned long flags = prod_lock(rq);
	uint32_t st = ts_load(s, task), qos;

	if (!ts_running_on(st, cpu)) {
		/* Purged while running: it is no longer ours. */
		prod_unlock(rq, flags);
		hs_store(&rq->current, HS_TASK_NONE, memory_order_relaxed);
		return hs_rq_reject(s, cpu, HS_ERR_NO_CURRENT);
	}
	qos = ts_qos(st);
	if (ring_room(rq, qos, 1) == 0) {
		prod_unlock(rq, flags);
		return hs_rq_reject_full(s, cpu, qos); /* fail closed: stays current */
	}
	/* Before the push: no thief can run it before its switch out is recorded. */
	HS_TRACE(HS_TR_SWITCH_OUT, task, qos, HS_TRACE_YIELD | cpu << 8);
	ts_store(s, task, ts_make(HS_TASK_QUEUED, cpu, qos));
	ring_push(rq, qos, task);
	prod_unlock(rq, flags);
	hs_store(&rq->current, HS_TASK_NONE, memory_order_relaxed);
	cnt_add(&rq->cnt.yields, 1);
	return hs_outcome_of(HS_OK);
}

/*
 * yield_locked()'s work done by @cpu itself in an announced push instead
 * of under plock (the protocol of owner_push(); here no claim CAS precedes
 * the look at plock, so the announcement is an exchange, whose RMW the
 * fence after it can count on). Returns true when @task is queued; false,
 * with nothing changed, when plock was taken, the task is no longer
 * running here, or its class is full: yield_locked() then decides.
 */
static HS_ALWAYS_INLINE bool owner_requeue(struct hs_sched *s, struct hs_rq *rq, uint32_t cpu,
					   uint32_t task)
{
	unsigned long flags = hs_arch_irq_save(); /* no trap may push in the middle */
	uint32_t st, qos;
	bool done = false;

	/* Relaxed: the fence after the exchange orders it before our plock look. */
	HS_IGNORE(hs_xchg(&rq->owner_push, 1, memory_order_relaxed));
	hs_fence_after_rmw(); /* pairs with the fence in prod_wait_owner() */
	if (hs_unlikely(!hs_spin_is_free(&rq->plock)))
		goto out;
	st = ts_load(s, task);
	qos = ts_qos(st);
	if (hs_unlikely(!ts_running_on(st, cpu) || ring_room(rq, qos, 1) == 0))
		goto out;
	/* Before the push: no thief can run it before its switch out is recorded. */
	HS_TRACE(HS_TR_SWITCH_OUT, task, qos, HS_TRACE_YIELD | cpu << 8);
	ts_store(s, task, ts_make(HS_TASK_QUEUED, cpu, qos));
	ring_push(rq, qos, task);
	done = true;
out:
	owner_section_end(rq, flags);
	return done;
}

/* Re-queue @cpu's current task at the tail of its class (see rq.h). */
struct hs_outcome hs_rq_yield(struct hs_sched *s, uint32_t cpu)
{
	struct hs_rq *rq;
	uint32_t task;

	if (hs_unlikely(cpu >= HS_MAX_CPUS))
		return enqueue_invalid(s, cpu, 0, HS_QOS_IDLE);
	rq = rq_of(s, cpu);
	/* Relaxed: only this CPU writes its current slot. */
	task = hs_load(&rq->current, memory_order_relaxed);
	if (hs_unlikely(task == HS_TASK_NONE))
		return yield_no_current(s, cpu);
	if (!caller_is_cpu(cpu) || !owner_requeue(s, rq, cpu, task))
		return yield_locked(s, rq, cpu, task);
	hs_store(&rq->current, HS_TASK_NONE, memory_order_relaxed);
	cnt_add(&rq->cnt.yields, 1);
	return hs_outcome_of(HS_OK);
}
