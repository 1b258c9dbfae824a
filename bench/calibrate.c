// SPDX-License-Identifier: MIT
/*
 * What the machine charges for the primitives every implementation is
 * built from, measured in the same run: one uncontended atomic
 * read-modify-write on a private cache line, one clock read, and one
 * cache-line hand-off between two harts (a ping-pong on one atomic word:
 * the least any cross-hart wake can cost). Each is the minimum over a few
 * trials: a primitive's cost is what it takes when nothing interferes, and
 * the machine is shared. These explain the results; they are not results.
 */
#include "calibrate.h"

#include <pthread.h>
#include <stdatomic.h>

#include <hartsched/compiler.h>

#include "harness.h"

#define CAL_RMW_OPS   (1u << 22)
#define CAL_CLOCK_OPS (1u << 18)
#define CAL_HANDOFFS  (1u << 15)
#define CAL_TRIALS    5

struct cal_line {
	_Atomic uint64_t word;
} HS_CACHE_ALIGNED;

static struct cal_line cal_private, cal_shared;

struct cal_pong {
	struct bench_run run;
	uint64_t handoffs;
};

/*
 * Hart h waits for the word to reach a value of its parity, then bumps it:
 * each increment hands the line to the other hart. Release/acquire pair the
 * two harts' increments; the deadline bounds every wait.
 */
static void pong_body(struct bench_run *run, uint32_t hart)
{
	struct cal_pong *p = run->arg;
	uint64_t v = hart, spins = 0;

	bench_start_barrier(run, hart);
	for (; v < p->handoffs; v += 2) {
		/* Acquire: pairs with the other hart's release store. */
		while (atomic_load_explicit(&cal_shared.word, memory_order_acquire) != v) {
			if ((++spins & 4095) == 0 && bench_should_stop(run))
				goto out;
#if defined(__x86_64__) || defined(__i386__)
			__builtin_ia32_pause();
#endif
		}
		/* Release: pairs with the other hart's acquire load. */
		atomic_store_explicit(&cal_shared.word, v + 1, memory_order_release);
	}
out:
	bench_hart_done(run, hart);
}

static double min_of(double a, double b)
{
	return a < 0 || (b >= 0 && b < a) ? b : a;
}

/* One trial of each measurement; a failed hand-off trial gives -1. */
static void calibrate_once(struct bench_calibration *c, bool pin, bool quick)
{
	uint32_t n = quick ? CAL_RMW_OPS / 16 : CAL_RMW_OPS, i;
	uint64_t t0, t1, sink = 0;
	struct cal_pong pong = {0};
	struct bench_rep rep = {0};

	t0 = bench_now_ns();
	for (i = 0; i < n; i++)
		atomic_fetch_add_explicit(&cal_private.word, 1, memory_order_relaxed);
	t1 = bench_now_ns();
	c->rmw_ns = (double)(t1 - t0) / n;

	n = quick ? CAL_CLOCK_OPS / 16 : CAL_CLOCK_OPS;
	t0 = bench_now_ns();
	for (i = 0; i < n; i++)
		sink += bench_now_ns();
	t1 = bench_now_ns();
	c->clock_ns = (double)(t1 - t0) / n;
	(void)sink;

	atomic_store(&cal_shared.word, 0);
	pong.handoffs = quick ? CAL_HANDOFFS / 16 : CAL_HANDOFFS;
	pong.run.harts = 2;
	pong.run.pin = pin;
	pong.run.deadline = bench_now_ns() + 10ull * 1000 * 1000 * 1000;
	pong.run.body = pong_body;
	pong.run.arg = &pong;
	pong.run.rep = &rep;
	c->handoff_ns = -1;
	if (bench_run_harts(&pong.run) && rep.error[0] == '\0')
		c->handoff_ns = (double)bench_run_elapsed(&pong.run) / (double)pong.handoffs;
}

void bench_calibrate(struct bench_calibration *c, bool pin, bool quick)
{
	struct bench_calibration t;
	uint32_t i;

	c->rmw_ns = c->clock_ns = c->handoff_ns = -1;
	for (i = 0; i < CAL_TRIALS; i++) {
		calibrate_once(&t, pin, quick);
		c->rmw_ns = min_of(c->rmw_ns, t.rmw_ns);
		c->clock_ns = min_of(c->clock_ns, t.clock_ns);
		c->handoff_ns = min_of(c->handoff_ns, t.handoff_ns);
	}
}
