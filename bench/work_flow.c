// SPDX-License-Identifier: MIT
/*
 * Producer/consumer workloads: hart 0 produces p->ops tasks, harts 1..N-1
 * consume them. Two shapes share the code:
 *
 *   remote: hart 0 enqueues each wake onto a consumer's queues (round
 *           robin), the consumer picks it locally (a remote wake-up);
 *   steal:  hart 0 enqueues onto its OWN queues and never picks; the
 *           consumers are idle and can only get work by stealing
 *           (bound p->steal_max per decision).
 *
 * One operation = one task produced, picked and finished. Flow control is
 * the same for every implementation: at most p->window tasks in flight
 * (fewer than any bounded queue holds), so unbounded peers never grow
 * without limit and a full queue is never the bottleneck.
 *
 * Ledger: task ids cycle through BENCH_POOL; produced[id] counts how often
 * id was produced (producer only), done[id] how often it completed. The
 * producer reuses an id only after its previous generation completed.
 * At the end every id must have done == produced: a lost task shows as
 * done < produced, a duplicate as done > produced. Both fail the run, and
 * a lost task also stalls the producer until the deadline (a FAIL).
 *
 * Bookkeeping stays off the shared lines the implementations use: a
 * consumer counts its completions in its own line (flow_hart.completed) and
 * bumps done[id] with a plain load and store (one consumer finishes a given
 * generation of an id, so no RMW is needed); nobody adds them up in the
 * measured loop except the producer when its window looks full and an idle
 * consumer deciding whether the run is over. An implementation's own
 * traffic is then all that moves between harts per task, as it should be.
 *
 * Pairings: done[id] is stored with release after the task was finished
 * (by finish() inside bench_pick_next()) and read with acquire by the
 * producer before it re-enqueues id, so the implementation saw the task
 * finished before it sees it again. Each hart's completed is stored with
 * release and read with acquire (window and termination). t_enq[id] is
 * relaxed: the queue hand-off itself orders it.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include <hartsched/compiler.h>

enum flow_shape { FLOW_REMOTE, FLOW_STEAL };

struct flow_hart {
	_Atomic uint64_t completed; /* tasks this consumer finished (its writes only) */
	struct bench_pick_stats st;
	size_t nlat;	/* samples written to this hart's slice */
	size_t lat_cap; /* size of this hart's slice */
	uint64_t *lat;	/* slice of the repetition's sample buffer */
} HS_CACHE_ALIGNED;

struct flow_state {
	const struct bench_ops *ops;
	const struct bench_params *p;
	enum flow_shape shape;
	uint8_t qos[BENCH_POOL];
	uint32_t produced[BENCH_POOL];	    /* producer only */
	_Atomic uint32_t done[BENCH_POOL];  /* completions per id */
	_Atomic uint64_t t_enq[BENCH_POOL]; /* enqueue time of sampled ids */
	uint64_t produced_total;	    /* producer only */
	struct flow_hart hart[BENCH_MAX_HARTS];
};

/* Completions so far, summed over the consumers' own counters. */
static uint64_t flow_completed(struct flow_state *s)
{
	uint64_t sum = 0;
	uint32_t h;

	for (h = 1; h < s->p->harts; h++)
		/* Acquire: pairs with the consumer's release store in flow_complete(). */
		sum += atomic_load_explicit(&s->hart[h].completed, memory_order_acquire);
	return sum;
}

static void flow_producer(struct bench_run *run, struct flow_state *s)
{
	const struct bench_ops *ops = s->ops;
	const struct bench_params *p = s->p;
	uint32_t consumers = p->harts - 1, spins = 0;
	uint64_t seq, seen_completed = 0;

	for (seq = 0; seq < p->ops; seq++) {
		uint32_t id = (uint32_t)(seq % BENCH_POOL);
		uint32_t gen = (uint32_t)(seq / BENCH_POOL);
		uint32_t target = s->shape == FLOW_STEAL ? 0 : 1 + (uint32_t)(seq % consumers);

		/* Window: reload the shared counter only when it looks full. */
		while (seq - seen_completed >= p->window) {
			seen_completed = flow_completed(s);
			if (seq - seen_completed < p->window)
				break;
			if (bench_should_stop(run))
				return;
			bench_relax(&spins);
		}
		/* Acquire: pairs with the consumer's release bump after finish(). */
		while (gen != 0 &&
		       atomic_load_explicit(&s->done[id], memory_order_acquire) != gen) {
			if (bench_should_stop(run))
				return;
			bench_relax(&spins);
		}
		if (id % p->lat_every == 0)
			atomic_store_explicit(&s->t_enq[id], bench_now_ns(), memory_order_relaxed);
		while (!ops->enqueue_on(target, id, s->qos[id])) {
			/* Full: cannot happen below the window, but never spin unbounded. */
			if (bench_should_stop(run))
				return;
			bench_relax(&spins);
		}
		s->produced[id]++;
		s->produced_total++;
	}
}

/*
 * Count task @t as completed by consumer @me (after the implementation
 * finished it): plain load + store, each word has one writer at a time.
 */
static void flow_complete(struct flow_state *s, struct flow_hart *me, uint32_t t)
{
	/* Release: pairs with the producer's acquire before it reuses t. */
	atomic_store_explicit(&s->done[t],
			      atomic_load_explicit(&s->done[t], memory_order_relaxed) + 1,
			      memory_order_release);
	/* Release: pairs with the acquire loads in flow_completed(). */
	atomic_store_explicit(&me->completed,
			      atomic_load_explicit(&me->completed, memory_order_relaxed) + 1,
			      memory_order_release);
}

/*
 * A consumer's scheduler loop: a task it picked runs until the next
 * decision, which finishes it first (bench_pick_next: one call where the
 * implementation fuses the two). It counts as completed only after that.
 */
static void flow_consumer(struct bench_run *run, struct flow_state *s, uint32_t cpu)
{
	const struct bench_ops *ops = s->ops;
	const struct bench_params *p = s->p;
	struct flow_hart *me = &s->hart[cpu];
	uint32_t spins = 0, t, running = BENCH_TASK_NONE;

	for (;;) {
		if (running != BENCH_TASK_NONE) {
			t = bench_pick_next(ops, cpu, &me->st);
			flow_complete(s, me, running);
			running = BENCH_TASK_NONE;
		} else {
			t = ops->pick(cpu, &me->st);
		}
		if (t == BENCH_TASK_NONE) {
			/* Idle: is the run over? (Only here, off the busy path.) */
			if (flow_completed(s) >= p->ops)
				return;
			if ((spins & 255) == 0 && bench_should_stop(run))
				return;
			bench_relax(&spins);
			continue;
		}
		if (t >= BENCH_POOL) {
			bench_fail(run->rep, "flow: pick returned bad task %u", t);
			atomic_store_explicit(&run->stop, 1, memory_order_release);
			return;
		}
		if (t % p->lat_every == 0 && me->nlat < me->lat_cap)
			me->lat[me->nlat++] =
				bench_now_ns() -
				atomic_load_explicit(&s->t_enq[t], memory_order_relaxed);
		running = t;
	}
}

static void flow_hart_body(struct bench_run *run, uint32_t hart)
{
	struct flow_state *s = run->arg;

	s->ops->hart_enter(hart);
	bench_start_barrier(run, hart);
	if (hart == 0)
		flow_producer(run, s);
	else
		flow_consumer(run, s, hart);
	bench_hart_done(run, hart);
}

/* Compare every id's productions and completions. */
static void flow_ledger(struct flow_state *s, struct bench_rep *r)
{
	uint32_t id;

	for (id = 0; id < BENCH_POOL; id++) {
		uint32_t done = atomic_load(&s->done[id]);

		if (done < s->produced[id])
			r->lost += s->produced[id] - done;
		else
			r->duplicated += done - s->produced[id];
	}
	if (r->lost || r->duplicated)
		bench_fail(r, "ledger: %llu lost, %llu duplicated", (unsigned long long)r->lost,
			   (unsigned long long)r->duplicated);
}

static void flow_run(const struct bench_ops *ops, const struct bench_params *p, struct bench_rep *r,
		     enum flow_shape shape)
{
	struct flow_state *s;
	struct bench_run run = {0};
	uint64_t rng = p->seed;
	uint32_t id, h, qos_limit;
	size_t slice;

	if (p->harts < 2 || p->window == 0 || p->window > BENCH_POOL || p->lat_every == 0) {
		bench_fail(r, "flow: needs >= 2 harts, a window in 1..%u, lat_every >= 1",
			   BENCH_POOL);
		return;
	}
	s = aligned_alloc(HS_CACHELINE, sizeof(*s));
	if (!s) {
		bench_fail(r, "flow: out of memory");
		return;
	}
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->p = p;
	s->shape = shape;
	/* Stolen work must be stealable: classes <= Normal for the steal shape. */
	qos_limit = shape == FLOW_STEAL ? BENCH_QOS_NORMAL + 1 : BENCH_QOS_COUNT;
	for (id = 0; id < BENCH_POOL; id++)
		s->qos[id] = (uint8_t)(bench_rand(&rng) % qos_limit);
	slice = r->lat_cap / p->harts;
	for (h = 0; h < p->harts; h++) {
		s->hart[h].lat = r->lat + h * slice;
		s->hart[h].lat_cap = slice;
	}
	run.harts = p->harts;
	run.pin = p->pin;
	run.deadline = bench_now_ns() + p->deadline_ns;
	run.body = flow_hart_body;
	run.arg = s;
	run.rep = r;
	if (bench_run_harts(&run)) {
		r->elapsed_ns = bench_run_elapsed(&run);
		r->produced = s->produced_total;
		r->completed = flow_completed(s);
		r->ops = r->completed;
		flow_ledger(s, r);
		/* Gather the per-hart sample slices into one run at the front. */
		r->nlat = 0;
		for (h = 0; h < p->harts; h++) {
			memmove(r->lat + r->nlat, s->hart[h].lat,
				s->hart[h].nlat * sizeof(uint64_t));
			r->nlat += s->hart[h].nlat;
			r->stolen += s->hart[h].st.stolen;
			r->contended += s->hart[h].st.contended;
		}
		if (r->produced != p->ops && r->error[0] == '\0')
			bench_fail(r, "flow: produced %llu of %llu",
				   (unsigned long long)r->produced, (unsigned long long)p->ops);
	}
	free(s);
}

void bench_work_remote(const struct bench_ops *ops, const struct bench_params *p,
		       struct bench_rep *r)
{
	flow_run(ops, p, r, FLOW_REMOTE);
}

void bench_work_steal(const struct bench_ops *ops, const struct bench_params *p,
		      struct bench_rep *r)
{
	flow_run(ops, p, r, FLOW_STEAL);
}
