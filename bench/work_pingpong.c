// SPDX-License-Identifier: MIT
/*
 * Workload "ping-pong" (the Tokio/Go scheduler-benchmark vocabulary): one
 * ball (task) starts on each hart; whoever runs a ball finishes it and
 * wakes it on the next hart ((cpu + 1) mod N, a remote enqueue). Each ball
 * makes its share of hops, then stops. One operation = one hop; its
 * latency is wake (enqueue) to pick on the receiving side. An idle hart
 * may steal a waiting ball (class <= Normal), as any scheduler would.
 *
 * Ledger: every ball must make exactly its share of hops and stop once.
 * hops[] and t_enq[] are written only by the hart holding the ball; the
 * queue hand-off orders them between harts. stopped is bumped with release
 * and read with acquire (termination).
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include <hartsched/compiler.h>

struct pp_hart {
	struct bench_pick_stats st;
	uint64_t hops;
	size_t nlat;
	size_t lat_cap;
	uint64_t *lat;
} HS_CACHE_ALIGNED;

struct pp_state {
	const struct bench_ops *ops;
	const struct bench_params *p;
	uint32_t balls;
	uint64_t share; /* hops per ball */
	uint8_t qos[BENCH_MAX_HARTS];
	_Atomic uint64_t hops[BENCH_MAX_HARTS];
	_Atomic uint64_t t_enq[BENCH_MAX_HARTS];
	_Atomic uint32_t stops[BENCH_MAX_HARTS];
	_Atomic uint32_t stopped HS_CACHE_ALIGNED;
	struct pp_hart hart[BENCH_MAX_HARTS];
};

static void pp_hart_body(struct bench_run *run, uint32_t cpu)
{
	struct pp_state *s = run->arg;
	const struct bench_ops *ops = s->ops;
	struct pp_hart *me = &s->hart[cpu];
	uint32_t spins = 0, t, next = (cpu + 1) % s->p->harts;
	uint64_t n, now;

	ops->hart_enter(cpu);
	bench_start_barrier(run, cpu);
	/* Acquire: pairs with the release increment below. */
	while (atomic_load_explicit(&s->stopped, memory_order_acquire) < s->balls) {
		t = ops->pick(cpu, &me->st);
		if (t == BENCH_TASK_NONE) {
			if ((spins & 255) == 0 && bench_should_stop(run))
				break;
			bench_relax(&spins);
			continue;
		}
		if (t >= s->balls) {
			bench_fail(run->rep, "ping-pong: pick returned bad task %u", t);
			atomic_store_explicit(&run->stop, 1, memory_order_release);
			break;
		}
		now = bench_now_ns();
		n = atomic_load_explicit(&s->hops[t], memory_order_relaxed);
		/* The first pick of a ball waited for the threads to start: not a hop. */
		if (n != 0 && t % s->p->lat_every == 0 && me->nlat < me->lat_cap)
			me->lat[me->nlat++] =
				now - atomic_load_explicit(&s->t_enq[t], memory_order_relaxed);
		ops->finish(cpu);
		n++;
		atomic_store_explicit(&s->hops[t], n, memory_order_relaxed);
		me->hops++;
		if (n >= s->share) {
			atomic_fetch_add_explicit(&s->stops[t], 1, memory_order_relaxed);
			/* Release: pairs with the acquire in the loop condition. */
			atomic_fetch_add_explicit(&s->stopped, 1, memory_order_release);
			continue;
		}
		atomic_store_explicit(&s->t_enq[t], bench_now_ns(), memory_order_relaxed);
		while (!ops->enqueue_on(next, t, s->qos[t])) {
			if (bench_should_stop(run))
				goto out;
			bench_relax(&spins);
		}
	}
out:
	bench_hart_done(run, cpu);
}

void bench_work_pingpong(const struct bench_ops *ops, const struct bench_params *p,
			 struct bench_rep *r)
{
	struct pp_state *s;
	struct bench_run run = {0};
	uint64_t rng = p->seed;
	uint32_t b, h;
	size_t slice;

	if (p->harts < 2 || p->lat_every == 0) {
		bench_fail(r, "ping-pong: needs >= 2 harts and lat_every >= 1");
		return;
	}
	s = aligned_alloc(HS_CACHELINE, sizeof(*s));
	if (!s) {
		bench_fail(r, "ping-pong: out of memory");
		return;
	}
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->p = p;
	s->balls = p->harts;
	s->share = p->ops / s->balls;
	if (s->share == 0)
		s->share = 1;
	slice = r->lat_cap / p->harts;
	for (h = 0; h < p->harts; h++) {
		s->hart[h].lat = r->lat + h * slice;
		s->hart[h].lat_cap = slice;
	}
	/* Set-up, not timed: ball b waits on hart b. */
	for (b = 0; b < s->balls; b++) {
		s->qos[b] = (uint8_t)(bench_rand(&rng) % BENCH_QOS_COUNT);
		atomic_store(&s->t_enq[b], bench_now_ns());
		if (!ops->enqueue_on(b, b, s->qos[b])) {
			bench_fail(r, "ping-pong: initial enqueue of ball %u refused", b);
			free(s);
			return;
		}
	}
	run.harts = p->harts;
	run.pin = p->pin;
	run.deadline = bench_now_ns() + p->deadline_ns;
	run.body = pp_hart_body;
	run.arg = s;
	run.rep = r;
	if (bench_run_harts(&run)) {
		r->elapsed_ns = bench_run_elapsed(&run);
		r->produced = s->balls;
		r->completed = atomic_load(&s->stopped);
		r->nlat = 0;
		for (h = 0; h < p->harts; h++) {
			r->ops += s->hart[h].hops;
			r->stolen += s->hart[h].st.stolen;
			r->contended += s->hart[h].st.contended;
			memmove(r->lat + r->nlat, s->hart[h].lat,
				s->hart[h].nlat * sizeof(uint64_t));
			r->nlat += s->hart[h].nlat;
		}
		for (b = 0; b < s->balls; b++) {
			uint32_t st = atomic_load(&s->stops[b]);

			if (st == 0)
				r->lost++;
			else if (st > 1)
				r->duplicated += st - 1;
			if (st != 0 && atomic_load(&s->hops[b]) != s->share)
				bench_fail(r, "ping-pong: ball %u made %llu hops, share %llu", b,
					   (unsigned long long)atomic_load(&s->hops[b]),
					   (unsigned long long)s->share);
		}
		if (r->lost || r->duplicated)
			bench_fail(r, "ledger: %llu lost, %llu duplicated",
				   (unsigned long long)r->lost, (unsigned long long)r->duplicated);
	}
	free(s);
}
