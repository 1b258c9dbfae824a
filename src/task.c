// SPDX-License-Identifier: MIT
/*
 * Operations on one task from any CPU: purge, set-QoS and where. These are
 * the slow paths: a queued task is taken out of the middle of its ring
 * inside its CPU's slow section (ring_remove: take up to it with a head CAS,
 * restore the ones before it), a running task is changed by a CAS on its
 * state word alone (its CPU notices at its next finish, yield or decision).
 * A task that moves between the unlocked look and the section (stolen,
 * picked, yielded) is looked up again, at most HS_LOCATE_TRIES times.
 */
#include "ring.h"
#include "rq_internal.h"
#include "task_state.h"

/*
 * Enter the slow section of the CPU that holds @task queued, with the
 * state word re-read inside it. Returns HS_OK with the section held and
 * *state set, HS_OK with no section (*state says RUNNING: the caller CASes
 * it), HS_ERR_NOT_FOUND for a FREE task, HS_ERR_CONTENDED when it kept
 * moving.
 */
static uint32_t task_locate(struct hs_sched *s, uint32_t task, uint32_t *state,
			    unsigned long *flags)
{
	uint32_t tries, st;

	for (tries = 0; tries < HS_LOCATE_TRIES; tries++) {
		st = ts_load(s, task);
		if (ts_place(st) == HS_TASK_FREE)
			return HS_ERR_NOT_FOUND;
		*state = st;
		if (ts_place(st) == HS_TASK_RUNNING)
			return HS_OK;
		*flags = slow_lock(&s->rq[ts_cpu(st)]);
		if (ts_load(s, task) == st)
			return HS_OK;
		slow_unlock(&s->rq[ts_cpu(st)], *flags);
	}
	return HS_ERR_CONTENDED;
}

/*
 * Change the word of @task, running on @rq's CPU as @st says, to @to:
 * CAS inside that CPU's producer section (see the top of this file).
 */
static bool running_cas(struct hs_sched *s, struct hs_rq *rq, uint32_t task, uint32_t st,
			uint32_t to)
{
	unsigned long flags = prod_lock(rq);
	bool done = ts_cas(s, task, &st, to);

	prod_unlock(rq, flags);
	return done;
}

struct hs_outcome hs_rq_purge(struct hs_sched *s, uint32_t task)
{
	unsigned long flags = 0;
	uint32_t tries, st, status;
	struct hs_rq *rq;

	if (task >= HS_MAX_TASKS)
		return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_TASK);
	for (tries = 0; tries < HS_LOCATE_TRIES; tries++) {
		status = task_locate(s, task, &st, &flags);
		if (status != HS_OK)
			return hs_rq_reject(s, HS_CPU_INVALID, status);
		rq = &s->rq[ts_cpu(st)];
		if (ts_place(st) == HS_TASK_RUNNING) {
			if (!running_cas(s, rq, task, st, TS_FREE))
				continue; /* finished, yielded or re-classed meanwhile */
			cnt_bump(&rq->cnt.purged);
			HS_TRACE(HS_TR_TASK_GONE, task, ts_qos(st), ts_cpu(st));
			return hs_outcome_of(HS_OK);
		}
		if (ring_remove(rq, ts_qos(st), task)) {
			ts_store(s, task, TS_FREE); /* the remove's take made it ours */
			slow_unlock(rq, flags);
			cnt_bump(&rq->cnt.purged);
			HS_TRACE(HS_TR_TASK_GONE, task, ts_qos(st), ts_cpu(st));
			return hs_outcome_of(HS_OK);
		}
		slow_unlock(rq, flags); /* a consumer took it first: look again */
	}
	return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_CONTENDED);
}

struct hs_outcome hs_rq_set_task_qos(struct hs_sched *s, uint32_t task, uint32_t qos)
{
	unsigned long flags = 0;
	uint32_t tries, st, status, cpu;
	struct hs_rq *rq;

	if (task >= HS_MAX_TASKS)
		return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_TASK);
	if (!hs_qos_valid(qos))
		return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_INVALID_QOS);
	for (tries = 0; tries < HS_LOCATE_TRIES; tries++) {
		status = task_locate(s, task, &st, &flags);
		if (status != HS_OK)
			return hs_rq_reject(s, HS_CPU_INVALID, status);
		cpu = ts_cpu(st);
		rq = &s->rq[cpu];
		if (ts_place(st) == HS_TASK_RUNNING) {
			if (!running_cas(s, rq, task, st, ts_make(HS_TASK_RUNNING, cpu, qos)))
				continue;
			return hs_outcome_of(HS_OK);
		}
		/* Room first: a refused move leaves class and position as they were. */
		if (qos != ts_qos(st) && ring_room(rq, qos, 1) == 0) {
			slow_unlock(rq, flags);
			return hs_rq_reject_full(s, cpu, qos);
		}
		if (ring_remove(rq, ts_qos(st), task)) {
			ts_store(s, task, ts_make(HS_TASK_QUEUED, cpu, qos));
			ring_push(rq, qos, task);
			slow_unlock(rq, flags);
			cnt_bump(&rq->cnt.moved);
			return hs_outcome_of(HS_OK);
		}
		slow_unlock(rq, flags);
	}
	return hs_rq_reject(s, HS_CPU_INVALID, HS_ERR_CONTENDED);
}

struct hs_task_where hs_rq_where(const struct hs_sched *s, uint32_t task)
{
	struct hs_task_where w = {.place = HS_TASK_FREE, .cpu = HS_CPU_INVALID, .qos = 0};
	uint32_t st;

	if (task >= HS_MAX_TASKS)
		return w;
	st = ts_load(s, task);
	w.place = ts_place(st);
	if (w.place != HS_TASK_FREE) {
		w.cpu = ts_cpu(st);
		w.qos = ts_qos(st);
	}
	return w;
}
