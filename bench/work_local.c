// SPDX-License-Identifier: MIT
/*
 * Workload "local": enqueue + pick on one hart, mixed QoS classes; and
 * "local-par": the same on every hart at once, each hart on its own CPU
 * with its own task ids (the scaling case: per-CPU run queues should add
 * up, where one global lock cannot).
 *
 * One round enqueues p->batch tasks (ids 0 .. batch-1, classes from the
 * seeded stream) on CPU 0, then picks and finishes every one of them (each
 * decision after the first finishes the task before it: bench_pick_next,
 * fused into one call where the implementation has one; the round's last
 * task is finished on its own). One
 * operation = one task through enqueue, pick and finish. The ledger is a
 * bitmask per round: a task picked twice, or a round that picks fewer than
 * it enqueued, fails the repetition. The two phases of each round are timed
 * apart (two clock reads per round) to split the cost into enqueue and
 * pick + finish.
 */
#include "harness.h"

#include <string.h>

#include <hartsched/compiler.h>

#define LOCAL_QOS_TABLE 4096u /* pre-drawn classes, so the stream costs a load */

/* One hart's figures, on its own line (no sharing in the measured loop). */
struct local_hart_state {
	uint64_t rounds_done;
	uint64_t enqueue_ns, pick_ns; /* phase totals */
	struct bench_pick_stats st;
} HS_CACHE_ALIGNED;

struct local_state {
	const struct bench_ops *ops;
	const struct bench_params *p;
	uint8_t qos[LOCAL_QOS_TABLE];
	struct local_hart_state hart[BENCH_MAX_HARTS];
};

static void local_hart(struct bench_run *run, uint32_t hart)
{
	struct local_state *s = run->arg;
	struct local_hart_state *me = &s->hart[hart];
	const struct bench_ops *ops = s->ops;
	uint32_t batch = s->p->batch, cpu = hart, base = hart * batch, i, t;
	uint64_t rounds = s->p->ops / batch, round, seq = hart * 977u, t0, t1, t2;
	uint64_t full = batch == 64 ? ~0ull : (1ull << batch) - 1;

	ops->hart_enter(hart);
	bench_start_barrier(run, hart);
	for (round = 0; round < rounds; round++) {
		uint64_t seen = 0;

		t0 = bench_now_ns();
		for (i = 0; i < batch; i++) {
			if (!ops->enqueue_on(cpu, base + i, s->qos[seq++ % LOCAL_QOS_TABLE])) {
				bench_fail(run->rep, "local: enqueue of task %u refused", i);
				goto out;
			}
		}
		t1 = bench_now_ns();
		for (i = 0; i < batch; i++) {
			/* The first decision of a round has nothing to finish. */
			t = i == 0 ? ops->pick(cpu, &me->st) : bench_pick_next(ops, cpu, &me->st);
			t -= base; /* wraps to a huge value for a foreign or idle answer */
			if (t >= batch || (seen >> t) & 1u) {
				bench_fail(run->rep, "local: pick %u of round %llu returned %d", i,
					   (unsigned long long)round, (int)t);
				goto out;
			}
			seen |= 1ull << t;
		}
		ops->finish(cpu);
		t2 = bench_now_ns();
		me->enqueue_ns += t1 - t0;
		me->pick_ns += t2 - t1;
		if (seen != full) {
			bench_fail(run->rep, "local: round %llu lost tasks",
				   (unsigned long long)round);
			goto out;
		}
		if ((round & 63) == 0 && bench_should_stop(run))
			goto out;
	}
out:
	me->rounds_done = round;
	bench_hart_done(run, hart);
}

/* Run the local workload on @harts harts at once (1: the one-hart case). */
static void local_run(const struct bench_ops *ops, const struct bench_params *p,
		      struct bench_rep *r, uint32_t harts)
{
	static struct local_state s;
	struct bench_run run = {0};
	uint64_t rng = p->seed;
	uint32_t i, h;

	memset(&s, 0, sizeof(s));
	s.ops = ops;
	s.p = p;
	if (p->batch == 0 || p->batch > 64 || harts == 0 || harts > BENCH_MAX_HARTS ||
	    (uint64_t)harts * p->batch > BENCH_POOL) {
		bench_fail(r, "local: batch %u outside 1..64 or %u harts too many", p->batch,
			   harts);
		return;
	}
	for (i = 0; i < LOCAL_QOS_TABLE; i++)
		s.qos[i] = (uint8_t)(bench_rand(&rng) % BENCH_QOS_COUNT);
	run.harts = harts;
	run.pin = p->pin;
	run.deadline = bench_now_ns() + p->deadline_ns;
	run.body = local_hart;
	run.arg = &s;
	run.rep = r;
	if (!bench_run_harts(&run))
		return;
	r->elapsed_ns = bench_run_elapsed(&run);
	for (h = 0; h < harts; h++) {
		r->ops += s.hart[h].rounds_done * p->batch;
		r->stolen += s.hart[h].st.stolen;
		r->contended += s.hart[h].st.contended;
		r->enqueue_phase_ns += s.hart[h].enqueue_ns;
		r->pick_phase_ns += s.hart[h].pick_ns;
	}
	r->produced = r->ops;
	r->completed = r->ops;
	/* Phase times are per hart: averaged, they stay per task. */
	if (harts > 1) {
		r->enqueue_phase_ns /= harts;
		r->pick_phase_ns /= harts;
	}
}

void bench_work_local(const struct bench_ops *ops, const struct bench_params *p,
		      struct bench_rep *r)
{
	local_run(ops, p, r, 1);
}

void bench_work_local_par(const struct bench_ops *ops, const struct bench_params *p,
			  struct bench_rep *r)
{
	local_run(ops, p, r, p->harts);
}
