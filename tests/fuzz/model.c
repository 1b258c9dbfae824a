// SPDX-License-Identifier: MIT
/*
 * The reference model (see model.h). Plain arrays, no cleverness: each
 * function reads as the contract sentence it implements. Where several
 * rejections apply at once, the order is the one the headers document for
 * the argument checks (cpu, qos, task, online), then capacity, then the
 * task's own state.
 */
#include "model.h"

#include <string.h>

int m_task_index(uint32_t task)
{
	if (task < M_LOW_TASKS)
		return (int)task;
	if (task < HS_MAX_TASKS && task >= HS_MAX_TASKS - M_HIGH_TASKS)
		return (int)(M_LOW_TASKS + task - (HS_MAX_TASKS - M_HIGH_TASKS));
	return -1;
}

uint32_t m_task_id(int index)
{
	return index < M_LOW_TASKS ? (uint32_t)index
				   : HS_MAX_TASKS - M_HIGH_TASKS + (uint32_t)(index - M_LOW_TASKS);
}

void m_init(struct model *m, uint32_t present)
{
	uint32_t c;

	memset(m, 0, sizeof(*m));
	m->present = present;
	m->steal_max = HS_STEAL_MAX_PER_TICK;
	for (c = 0; c < M_CPUS; c++) {
		m->cpu[c].current = HS_TASK_NONE;
		m->cpu[c].ceiling = HS_QOS_NORMAL;
	}
}

static struct hs_outcome rej(struct model *m, uint32_t cpu, uint32_t status)
{
	if (cpu < M_CPUS)
		m->cpu[cpu].rejected[status]++;
	else
		m->rejected_nowhere[status]++;
	return hs_outcome_of(status);
}

static struct hs_outcome rej_full(struct model *m, uint32_t cpu, uint32_t qos)
{
	struct hs_outcome o = rej(m, cpu, HS_ERR_QUEUE_FULL);

	o.qos = qos;
	o.capacity = HS_QUEUE_CAPACITY;
	return o;
}

static void push(struct m_fifo *f, uint32_t task)
{
	f->slot[f->n++] = task;
}

static uint32_t pop(struct m_fifo *f)
{
	uint32_t task = f->slot[0];

	memmove(f->slot, f->slot + 1, (f->n - 1) * sizeof(f->slot[0]));
	f->n--;
	return task;
}

static void remove_task(struct m_fifo *f, uint32_t task)
{
	uint32_t i;

	for (i = 0; i < f->n && f->slot[i] != task; i++)
		;
	memmove(f->slot + i, f->slot + i + 1, (f->n - i - 1) * sizeof(f->slot[0]));
	f->n--;
}

static struct m_task *task_of(struct model *m, uint32_t task)
{
	return &m->task[m_task_index(task)];
}

static void place(struct model *m, uint32_t task, uint32_t where, uint32_t cpu, uint32_t qos)
{
	struct m_task *t = task_of(m, task);

	t->place = where;
	t->cpu = cpu;
	t->qos = qos;
}

struct hs_outcome m_enqueue_on(struct model *m, uint32_t cpu, uint32_t task, uint32_t qos)
{
	struct m_cpu *c;
	struct m_task *t;

	if (cpu >= HS_MAX_CPUS)
		return rej(m, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	if (!hs_qos_valid(qos))
		return rej(m, cpu, HS_ERR_INVALID_QOS);
	if (task >= HS_MAX_TASKS)
		return rej(m, cpu, HS_ERR_INVALID_TASK);
	c = &m->cpu[cpu];
	if (!c->online)
		return rej(m, cpu, HS_ERR_CPU_OFFLINE);
	if (c->q[qos].n == HS_QUEUE_CAPACITY)
		return rej_full(m, cpu, qos);
	t = task_of(m, task);
	if (t->place == HS_TASK_RUNNING)
		return rej(m, cpu, HS_ERR_ALREADY_RUNNING);
	if (t->place == HS_TASK_QUEUED)
		return rej(m, cpu, HS_ERR_ALREADY_QUEUED);
	push(&c->q[qos], task);
	place(m, task, HS_TASK_QUEUED, cpu, qos);
	c->enqueued++;
	return hs_outcome_of(HS_OK);
}

/*
 * Steal for @self (no current, all own classes empty), as CONTRACT.md 1 says:
 * class-major (the highest eligible class any online victim holds first),
 * victims of one class from (self + 1), oldest first, up to steal_max; the
 * first becomes current, the rest park while @self's class has room.
 */
static struct hs_pick steal(struct model *m, uint32_t self)
{
	struct hs_pick p = {.status = HS_OK, .kind = HS_PICK_IDLE, .task = HS_TASK_NONE};
	struct m_cpu *me = &m->cpu[self];
	uint32_t i, q, taken = 0;

	for (q = me->ceiling + 1; q-- > 0 && taken < m->steal_max;) {
		for (i = 1; i < m->present && taken < m->steal_max; i++) {
			struct m_cpu *vc = &m->cpu[(self + i) % m->present];

			if (!vc->online)
				continue;
			while (taken < m->steal_max && vc->q[q].n != 0) {
				if (taken == 0) {
					me->current = pop(&vc->q[q]);
					place(m, me->current, HS_TASK_RUNNING, self, q);
				} else {
					uint32_t task;

					if (me->q[q].n == HS_QUEUE_CAPACITY)
						break;
					task = pop(&vc->q[q]);
					push(&me->q[q], task);
					place(m, task, HS_TASK_QUEUED, self, q);
				}
				taken++;
			}
		}
	}
	if (taken == 0)
		return p;
	me->stolen += taken;
	me->steal_ops++;
	p.kind = HS_PICK_STOLEN;
	p.task = me->current;
	p.stolen = taken;
	return p;
}

struct hs_pick m_pick(struct model *m, uint32_t cpu)
{
	struct hs_pick p = {.status = HS_OK, .kind = HS_PICK_IDLE, .task = HS_TASK_NONE};
	struct m_cpu *c;
	uint32_t q;

	if (cpu >= HS_MAX_CPUS) {
		(void)rej(m, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
		p.status = HS_ERR_INVALID_CPU;
		return p;
	}
	c = &m->cpu[cpu];
	if (c->current != HS_TASK_NONE) {
		p.kind = HS_PICK_CURRENT;
		p.task = c->current;
		return p;
	}
	for (q = HS_QOS_COUNT; q-- > 0;) {
		if (c->q[q].n == 0)
			continue;
		c->current = pop(&c->q[q]);
		place(m, c->current, HS_TASK_RUNNING, cpu, q);
		c->picked++;
		p.kind = HS_PICK_LOCAL;
		p.task = c->current;
		return p;
	}
	return steal(m, cpu);
}

struct hs_outcome m_yield(struct model *m, uint32_t cpu)
{
	struct m_cpu *c;
	uint32_t qos;

	if (cpu >= HS_MAX_CPUS)
		return rej(m, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	c = &m->cpu[cpu];
	if (c->current == HS_TASK_NONE)
		return rej(m, cpu, HS_ERR_NO_CURRENT);
	qos = task_of(m, c->current)->qos;
	if (c->q[qos].n == HS_QUEUE_CAPACITY)
		return rej_full(m, cpu, qos);
	push(&c->q[qos], c->current);
	place(m, c->current, HS_TASK_QUEUED, cpu, qos);
	c->current = HS_TASK_NONE;
	c->yields++;
	return hs_outcome_of(HS_OK);
}

struct hs_outcome m_finish(struct model *m, uint32_t cpu)
{
	struct m_cpu *c;

	if (cpu >= HS_MAX_CPUS)
		return rej(m, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	c = &m->cpu[cpu];
	if (c->current == HS_TASK_NONE)
		return rej(m, cpu, HS_ERR_NO_CURRENT);
	place(m, c->current, HS_TASK_FREE, 0, 0);
	c->current = HS_TASK_NONE;
	c->finished++;
	return hs_outcome_of(HS_OK);
}

/* rq.h: finish the current task if there is one, then one decision. */
struct hs_pick m_pick_next(struct model *m, uint32_t cpu)
{
	uint32_t done = HS_TASK_NONE;
	struct hs_pick p;

	if (cpu < HS_MAX_CPUS && m->cpu[cpu].current != HS_TASK_NONE) {
		struct m_cpu *c = &m->cpu[cpu];

		done = c->current;
		place(m, done, HS_TASK_FREE, 0, 0);
		c->current = HS_TASK_NONE;
		c->finished++;
	}
	p = m_pick(m, cpu);
	p.finished = done;
	return p;
}

struct hs_outcome m_purge(struct model *m, uint32_t task)
{
	struct m_task *t;
	struct m_cpu *c;

	if (task >= HS_MAX_TASKS)
		return rej(m, HS_CPU_INVALID, HS_ERR_INVALID_TASK);
	t = task_of(m, task);
	if (t->place == HS_TASK_FREE)
		return rej(m, HS_CPU_INVALID, HS_ERR_NOT_FOUND);
	c = &m->cpu[t->cpu];
	if (t->place == HS_TASK_RUNNING)
		c->current = HS_TASK_NONE;
	else
		remove_task(&c->q[t->qos], task);
	c->purged++;
	place(m, task, HS_TASK_FREE, 0, 0);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome m_set_task_qos(struct model *m, uint32_t task, uint32_t qos)
{
	struct m_task *t;
	struct m_cpu *c;

	if (task >= HS_MAX_TASKS)
		return rej(m, HS_CPU_INVALID, HS_ERR_INVALID_TASK);
	if (!hs_qos_valid(qos))
		return rej(m, HS_CPU_INVALID, HS_ERR_INVALID_QOS);
	t = task_of(m, task);
	if (t->place == HS_TASK_FREE)
		return rej(m, HS_CPU_INVALID, HS_ERR_NOT_FOUND);
	c = &m->cpu[t->cpu];
	if (t->place == HS_TASK_RUNNING) {
		t->qos = qos; /* in place */
		return hs_outcome_of(HS_OK);
	}
	/* Queued: to the tail of @qos; refused (keeping class and position) if full. */
	if (qos != t->qos && c->q[qos].n == HS_QUEUE_CAPACITY)
		return rej_full(m, t->cpu, qos);
	remove_task(&c->q[t->qos], task);
	push(&c->q[qos], task);
	t->qos = qos;
	c->moved++;
	return hs_outcome_of(HS_OK);
}

struct hs_outcome m_set_steal_max(struct model *m, uint32_t n)
{
	if (n < 1 || n > HS_STEAL_MAX_LIMIT)
		return hs_outcome_of(HS_ERR_INVALID_ARG);
	m->steal_max = n;
	return hs_outcome_of(HS_OK);
}

struct hs_outcome m_set_steal_ceiling(struct model *m, uint32_t cpu, uint32_t qos)
{
	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	if (!hs_qos_valid(qos))
		return hs_outcome_of(HS_ERR_INVALID_QOS);
	m->cpu[cpu].ceiling = qos;
	return hs_outcome_of(HS_OK);
}

struct hs_outcome m_request_resched(struct model *m, uint32_t target)
{
	struct m_cpu *c;

	if (target >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	c = &m->cpu[target];
	if (!c->online)
		return hs_outcome_of(HS_ERR_CPU_OFFLINE);
	c->ipi.accepted++;
	if (c->pending) {
		c->ipi.coalesced++;
		c->coalesced_on_kept = c->coalesced_on_kept || c->kept;
		return hs_outcome_of(HS_OK_COALESCED);
	}
	if (c->forced_fail) {
		/* The claim stays pending while the failure is forced. */
		c->pending = true;
		c->kept = true;
		c->coalesced_on_kept = false;
		c->ipi.send_failed++;
		return hs_outcome_of(HS_ERR_SEND_FAILED);
	}
	if (m->fail_sends) {
		/* Withdrawn; nobody can coalesce onto it in a single-threaded run. */
		c->ipi.send_failed++;
		return hs_outcome_of(HS_ERR_SEND_FAILED);
	}
	c->pending = true;
	c->ssip = true;
	c->ipi.sent_ok++;
	return hs_outcome_of(HS_OK);
}

int m_raw_send(struct model *m, uint32_t target)
{
	if (target >= HS_MAX_CPUS || m->fail_sends)
		return -1;
	m->cpu[target].ssip = true;
	return 0;
}

void m_trap(struct model *m, uint32_t cpu)
{
	struct m_cpu *c = &m->cpu[cpu];

	c->ssip = false;
	c->ipi.trap++;
	if (c->pending) {
		c->pending = false;
		c->kept = false;
		c->ipi.ack++;
		c->need_resched = true;
	}
}

/*
 * The end of a forced failure: a claim it kept is withdrawn, and if a
 * request coalesced onto it the core sends again on its behalf. A refused
 * resend is counted and not tried again: no request came after it.
 */
void m_force_off(struct model *m, uint32_t cpu)
{
	struct m_cpu *c = &m->cpu[cpu];

	c->forced_fail = false;
	if (!c->kept)
		return;
	c->kept = false;
	c->pending = false;
	if (!c->coalesced_on_kept)
		return;
	c->coalesced_on_kept = false;
	if (m->fail_sends) {
		c->ipi.resend_failed++;
		return;
	}
	c->pending = true;
	c->ssip = true;
	c->ipi.resent++;
}
