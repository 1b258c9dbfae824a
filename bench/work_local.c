// SPDX-License-Identifier: MIT
/*
 * Workload "local": enqueue + pick on one hart, mixed QoS classes.
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

#define LOCAL_QOS_TABLE 4096u /* pre-drawn classes, so the stream costs a load */

struct local_state {
	const struct bench_ops *ops;
	const struct bench_params *p;
	uint8_t qos[LOCAL_QOS_TABLE];
	uint64_t rounds_done;
	uint64_t enqueue_ns, pick_ns; /* phase totals */
	struct bench_pick_stats st;
};

static void local_hart(struct bench_run *run, uint32_t hart)
{
	struct local_state *s = run->arg;
	const struct bench_ops *ops = s->ops;
	uint32_t batch = s->p->batch, i, t;
	uint64_t rounds = s->p->ops / batch, round, seq = 0, t0, t1, t2;
	uint64_t full = batch == 64 ? ~0ull : (1ull << batch) - 1;

	ops->hart_enter(hart);
	bench_start_barrier(run, hart);
	for (round = 0; round < rounds; round++) {
		uint64_t seen = 0;

		t0 = bench_now_ns();
		for (i = 0; i < batch; i++) {
			if (!ops->enqueue_on(0, i, s->qos[seq++ % LOCAL_QOS_TABLE])) {
				bench_fail(run->rep, "local: enqueue of task %u refused", i);
				goto out;
			}
		}
		t1 = bench_now_ns();
		for (i = 0; i < batch; i++) {
			/* The first decision of a round has nothing to finish. */
			t = i == 0 ? ops->pick(0, &s->st) : bench_pick_next(ops, 0, &s->st);
			if (t >= batch || (seen >> t) & 1u) {
				bench_fail(run->rep, "local: pick %u of round %llu returned %d", i,
					   (unsigned long long)round, (int)t);
				goto out;
			}
			seen |= 1ull << t;
		}
		ops->finish(0);
		t2 = bench_now_ns();
		s->enqueue_ns += t1 - t0;
		s->pick_ns += t2 - t1;
		if (seen != full) {
			bench_fail(run->rep, "local: round %llu lost tasks",
				   (unsigned long long)round);
			goto out;
		}
		if ((round & 63) == 0 && bench_should_stop(run))
			goto out;
	}
out:
	s->rounds_done = round;
	bench_hart_done(run, hart);
}

void bench_work_local(const struct bench_ops *ops, const struct bench_params *p,
		      struct bench_rep *r)
{
	static struct local_state s;
	struct bench_run run = {0};
	uint64_t rng = p->seed;
	uint32_t i;

	memset(&s, 0, sizeof(s));
	s.ops = ops;
	s.p = p;
	if (p->batch == 0 || p->batch > 64) {
		bench_fail(r, "local: batch %u outside 1..64", p->batch);
		return;
	}
	for (i = 0; i < LOCAL_QOS_TABLE; i++)
		s.qos[i] = (uint8_t)(bench_rand(&rng) % BENCH_QOS_COUNT);
	run.harts = 1;
	run.pin = p->pin;
	run.deadline = bench_now_ns() + p->deadline_ns;
	run.body = local_hart;
	run.arg = &s;
	run.rep = r;
	if (!bench_run_harts(&run))
		return;
	r->elapsed_ns = bench_run_elapsed(&run);
	r->ops = s.rounds_done * p->batch;
	r->produced = r->ops;
	r->completed = r->ops;
	r->stolen = s.st.stolen;
	r->contended = s.st.contended;
	r->enqueue_phase_ns = s.enqueue_ns;
	r->pick_phase_ns = s.pick_ns;
}
