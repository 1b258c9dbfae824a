// SPDX-License-Identifier: MIT
/*
 * The producers of a run queue: enqueue (local or remote) and yield. Both
 * append at a class ring's tail inside the target CPU's producer section
 * (ring.h); neither touches the consumer line beyond reading a head.
 *
 * Synchronisation: rq[c].plock serialises every producer of CPU c; the
 * task-state CAS (task_state.h) serialises every claim on one task, so two
 * enqueues of one task on two CPUs cannot both succeed. Checks come before
 * the claim, so a rejection changes nothing but a reject counter.
 */
#include <hartsched/fault.h>

#include "ring.h"
#include "rq_internal.h"
#include "task_state.h"

struct hs_outcome hs_rq_enqueue_on(struct hs_sched *s, uint32_t cpu, uint32_t task, uint32_t qos)
{
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t expect = TS_FREE;
	bool tr;

	if (cpu >= HS_MAX_CPUS)
		return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	if (!hs_qos_valid(qos))
		return hs_rq_reject(s, cpu, HS_ERR_INVALID_QOS);
	if (task >= HS_MAX_TASKS)
		return hs_rq_reject(s, cpu, HS_ERR_INVALID_TASK);

	tr = hs_trace_enabled(); /* one load for both tracepoints of this enqueue */
	if (tr)
		hs_trace_emit(HS_TR_SCHED_WAKING, task, qos, cpu, 0);
	rq = &s->rq[cpu];
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
	cnt_add(&rq->cnt.enqueued, 1); /* plock holders are its only writers */
	prod_unlock(rq, flags);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_rq_enqueue(struct hs_sched *s, uint32_t task, uint32_t qos)
{
	uint32_t cpu = hs_cpu_current();

	if (cpu == HS_CPU_INVALID)
		return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	return hs_rq_enqueue_on(s, cpu, task, qos);
}

/*
 * Re-queue @cpu's current task at the tail of its class. Inside @cpu's
 * producer section the task's word is stable: every other writer of a
 * word that says "running on @cpu" (purge, set-QoS, the drain) holds this
 * same plock, and the only one that does not is @cpu's own finish, which
 * cannot run while @cpu yields. So a plain store moves it to QUEUED.
 */
struct hs_outcome hs_rq_yield(struct hs_sched *s, uint32_t cpu)
{
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t task, st, qos;

	if (cpu >= HS_MAX_CPUS)
		return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	rq = &s->rq[cpu];
	/* Relaxed: only this CPU writes its current slot. */
	task = hs_load(&rq->current, memory_order_relaxed);
	if (task == HS_TASK_NONE)
		return hs_rq_reject(s, cpu, HS_ERR_NO_CURRENT);
	flags = prod_lock(rq);
	st = ts_load(s, task);
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
