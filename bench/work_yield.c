// SPDX-License-Identifier: MIT
/*
 * Workload "yield-many" (the Tokio/Go scheduler-benchmark vocabulary):
 * every hart starts with p->tasks tasks of mixed classes on its own queues;
 * each task yields until it has yielded its share, then finishes. A hart
 * whose queues run dry steals from the others (class <= Normal), so the
 * harts finish together. One operation = one yield (a pick followed by a
 * re-queue at the tail of the task's class).
 *
 * Ledger: every task must finish exactly once having yielded exactly its
 * share; yields[] is written only by the hart running the task, and the
 * queue hand-off (release/acquire inside every implementation) orders it
 * between harts; finished is bumped with release and read with acquire.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include <hartsched/compiler.h>

struct yield_hart {
	struct bench_pick_stats st;
	uint64_t yields;
} HS_CACHE_ALIGNED;

struct yield_state {
	const struct bench_ops *ops;
	const struct bench_params *p;
	uint32_t ntasks; /* harts * tasks */
	uint32_t share;	 /* yields each task does */
	uint8_t qos[BENCH_POOL];
	_Atomic uint32_t yields[BENCH_POOL]; /* relaxed: see the header comment */
	_Atomic uint32_t finishes[BENCH_POOL];
	_Atomic uint32_t finished HS_CACHE_ALIGNED;
	struct yield_hart hart[BENCH_MAX_HARTS];
};

static void yield_hart_body(struct bench_run *run, uint32_t cpu)
{
	struct yield_state *s = run->arg;
	const struct bench_ops *ops = s->ops;
	struct yield_hart *me = &s->hart[cpu];
	uint32_t spins = 0, t, n;

	ops->hart_enter(cpu);
	bench_start_barrier(run, cpu);
	/* Acquire: pairs with the release increments below. */
	while (atomic_load_explicit(&s->finished, memory_order_acquire) < s->ntasks) {
		t = ops->pick(cpu, &me->st);
		if (t == BENCH_TASK_NONE) {
			if ((spins & 255) == 0 && bench_should_stop(run))
				break;
			bench_relax(&spins);
			continue;
		}
		if (t >= s->ntasks) {
			bench_fail(run->rep, "yield: pick returned bad task %u", t);
			atomic_store_explicit(&run->stop, 1, memory_order_release);
			break;
		}
		n = atomic_load_explicit(&s->yields[t], memory_order_relaxed);
		if (n < s->share) {
			atomic_store_explicit(&s->yields[t], n + 1, memory_order_relaxed);
			if (!ops->yield(cpu, t, s->qos[t])) {
				bench_fail(run->rep, "yield: re-queue of task %u refused", t);
				atomic_store_explicit(&run->stop, 1, memory_order_release);
				break;
			}
			me->yields++;
		} else {
			ops->finish(cpu);
			atomic_fetch_add_explicit(&s->finishes[t], 1, memory_order_relaxed);
			/* Release: pairs with the acquire loads of the loop condition. */
			atomic_fetch_add_explicit(&s->finished, 1, memory_order_release);
		}
	}
	bench_hart_done(run, cpu);
}

void bench_work_yield(const struct bench_ops *ops, const struct bench_params *p,
		      struct bench_rep *r)
{
	struct yield_state *s;
	struct bench_run run = {0};
	uint64_t rng = p->seed;
	uint32_t t, h;

	if (p->tasks == 0 || (uint64_t)p->harts * p->tasks > BENCH_POOL) {
		bench_fail(r, "yield: harts * tasks must be 1..%u", BENCH_POOL);
		return;
	}
	s = aligned_alloc(HS_CACHELINE, sizeof(*s));
	if (!s) {
		bench_fail(r, "yield: out of memory");
		return;
	}
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->p = p;
	s->ntasks = p->harts * p->tasks;
	s->share = (uint32_t)(p->ops / s->ntasks);
	if (s->share == 0)
		s->share = 1;
	/* Set-up, not timed: each hart's tasks start on its own queues. */
	for (t = 0; t < s->ntasks; t++) {
		s->qos[t] = (uint8_t)(bench_rand(&rng) % BENCH_QOS_COUNT);
		if (!ops->enqueue_on(t / p->tasks, t, s->qos[t])) {
			bench_fail(r, "yield: initial enqueue of task %u refused", t);
			free(s);
			return;
		}
	}
	run.harts = p->harts;
	run.pin = p->pin;
	run.deadline = bench_now_ns() + p->deadline_ns;
	run.body = yield_hart_body;
	run.arg = s;
	run.rep = r;
	if (bench_run_harts(&run)) {
		r->elapsed_ns = bench_run_elapsed(&run);
		r->produced = s->ntasks;
		r->completed = atomic_load(&s->finished);
		for (h = 0; h < p->harts; h++) {
			r->ops += s->hart[h].yields;
			r->stolen += s->hart[h].st.stolen;
			r->contended += s->hart[h].st.contended;
		}
		for (t = 0; t < s->ntasks; t++) {
			uint32_t f = atomic_load(&s->finishes[t]);

			if (f == 0)
				r->lost++;
			else if (f > 1)
				r->duplicated += f - 1;
			if (f != 0 && atomic_load(&s->yields[t]) != s->share)
				bench_fail(r, "yield: task %u yielded %u times, share %u", t,
					   atomic_load(&s->yields[t]), s->share);
		}
		if (r->lost || r->duplicated)
			bench_fail(r, "ledger: %llu lost, %llu duplicated",
				   (unsigned long long)r->lost, (unsigned long long)r->duplicated);
	}
	free(s);
}
