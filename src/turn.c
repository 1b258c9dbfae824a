// SPDX-License-Identifier: MIT
/*
 * The scheduling turn (turn.h): decide, run a slice, yield or finish, the
 * finish fused with the next decision.
 *
 * Synchronisation: pending[cpu] is written by @cpu's own turns and by a
 * flush. The turn stores it with release after the slice (whatever the
 * slice and the port did is published with it); hs_turn_flush() from
 * another CPU loads it with acquire, so when it sees the task it also sees
 * the slice's effects, and its own release store of NONE pairs with the
 * next turn's acquire load. The port still owes the proof that @cpu takes
 * no turn while another CPU flushes (emu: an RCU grace period); the
 * atomics make the hand-off visible to ThreadSanitizer, which cannot see a
 * grace period. Whatever happened to a pending task between turns
 * (purged) is seen by the next decision: pick_next then reports a
 * different .finished and the turn counts it.
 */
#include <hartsched/turn.h>

void hs_turn_init(struct hs_turn *t, struct hs_sched *s, const struct hs_turn_ops *ops)
{
	uint32_t c;

	t->s = s;
	t->ops = ops;
	for (c = 0; c < HS_MAX_CPUS; c++)
		atomic_init(&t->pending[c], HS_TASK_NONE);
}

/* Count what decision @p says; true when it chose a task to run. */
static bool turn_note(const struct hs_pick *p, struct hs_turn_result *res)
{
	res->decisions++;
	if (p->status == HS_ERR_CONTENDED)
		res->contended++;
	else if (p->status != HS_OK)
		res->broken++;
	if (p->task == HS_TASK_NONE) {
		res->idle++;
		return false;
	}
	return true;
}

/* The pending task of @cpu is free now: tell the port. */
static void turn_finished(struct hs_turn *t, uint32_t cpu, void *ctx, uint32_t task)
{
	/* Release: pairs with the acquire loads in turn_decide() and hs_turn_flush(). */
	hs_store(&t->pending[cpu], HS_TASK_NONE, memory_order_release);
	if (t->ops->finished)
		t->ops->finished(ctx, cpu, task);
}

/* This turn's decision, freeing the pending task first when there is one. */
static struct hs_pick turn_decide(struct hs_turn *t, uint32_t cpu, void *ctx,
				  struct hs_turn_result *res)
{
	/* Acquire: pairs with the release stores in hs_turn_run() and turn_finished(). */
	uint32_t done = hs_load(&t->pending[cpu], memory_order_acquire);
	struct hs_pick p;

	if (done == HS_TASK_NONE)
		return hs_rq_pick(t->s, cpu);
	p = hs_rq_pick_next(t->s, cpu);
	if (p.finished == done) {
		turn_finished(t, cpu, ctx, done);
	} else {
		res->broken++; /* purged while it was pending: not ours to report */
		hs_store(&t->pending[cpu], HS_TASK_NONE, memory_order_release);
	}
	return p;
}

bool hs_turn_run(struct hs_turn *t, uint32_t cpu, void *ctx, struct hs_turn_result *res)
{
	struct hs_pick p;
	uint32_t qos;
	struct hs_outcome o;

	*res = (struct hs_turn_result){0};
	if (cpu >= HS_MAX_CPUS) {
		res->broken++;
		return false;
	}
	p = turn_decide(t, cpu, ctx, res);
	if (!turn_note(&p, res))
		return false;
	qos = hs_rq_where(t->s, p.task).qos;
	if (t->ops->picked && p.kind != HS_PICK_CURRENT)
		t->ops->picked(ctx, cpu, p.task, qos, &p);
	res->ran = 1;
	if (t->ops->run(ctx, cpu, p.task, &p) == HS_TURN_FINISH) {
		/* Release: pairs with the acquire loads in turn_decide() and hs_turn_flush(). */
		hs_store(&t->pending[cpu], p.task,
			 memory_order_release); /* freed by the next decision */
		return true;
	}
	qos = hs_rq_where(t->s, p.task).qos; /* the slice may have changed it */
	o = hs_rq_yield(t->s, cpu);
	if (o.status == HS_ERR_QUEUE_FULL)
		res->yield_full++; /* fail closed: it stays current */
	else if (o.status != HS_OK)
		res->broken++;
	if (t->ops->yielded)
		t->ops->yielded(ctx, cpu, p.task, qos, o.status);
	return true;
}

uint32_t hs_turn_flush(struct hs_turn *t, uint32_t cpu, void *ctx)
{
	uint32_t done;
	struct hs_outcome o;

	if (cpu >= HS_MAX_CPUS)
		return HS_TASK_NONE;
	/* Acquire: pairs with the release store in hs_turn_run() (the slice's effects). */
	done = hs_load(&t->pending[cpu], memory_order_acquire);
	if (done == HS_TASK_NONE)
		return HS_TASK_NONE;
	o = hs_rq_finish(t->s, cpu);
	if (o.status != HS_OK) {
		/* Purged meanwhile: nothing to report. Release: as in turn_finished(). */
		hs_store(&t->pending[cpu], HS_TASK_NONE, memory_order_release);
		return HS_TASK_NONE;
	}
	turn_finished(t, cpu, ctx, done);
	return done;
}
