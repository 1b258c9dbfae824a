// SPDX-License-Identifier: MIT
/*
 * Peer 1, the floor: a plain ring per class per CPU, no atomics, no locks.
 * Only correct with one thread; it is what enqueue + pick costs when
 * nothing at all is paid for concurrency. Same semantics as the core
 * (order, bounded capacity, steal bound and ceiling) so the same workloads
 * and the conformance check apply.
 */
#include "bench.h"

#include <hartsched/config.h>

#define FLOOR_CAP  HS_QUEUE_CAPACITY
#define FLOOR_MASK (FLOOR_CAP - 1u)

struct floor_ring {
	uint32_t head; /* next slot to pop (free-running) */
	uint32_t tail; /* next slot to fill (free-running) */
	uint32_t slot[FLOOR_CAP];
};

static struct floor_ring rings[BENCH_MAX_HARTS][BENCH_QOS_COUNT];
static uint32_t floor_ncpu, floor_steal_max;

static bool floor_init(uint32_t ncpu, uint32_t steal_max)
{
	uint32_t c, q;

	if (ncpu == 0 || ncpu > BENCH_MAX_HARTS)
		return false;
	for (c = 0; c < BENCH_MAX_HARTS; c++)
		for (q = 0; q < BENCH_QOS_COUNT; q++)
			rings[c][q].head = rings[c][q].tail = 0;
	floor_ncpu = ncpu;
	floor_steal_max = steal_max;
	return true;
}

static void floor_fini(void)
{
}

static void floor_hart_enter(uint32_t cpu)
{
}

static bool ring_push(struct floor_ring *r, uint32_t task)
{
	if (r->tail - r->head == FLOOR_CAP)
		return false;
	r->slot[r->tail++ & FLOOR_MASK] = task;
	return true;
}

static bool floor_enqueue_on(uint32_t cpu, uint32_t task, uint32_t qos)
{
	return ring_push(&rings[cpu][qos], task);
}

/* Take up to the steal bound from the first victim with work of class <= Normal. */
static uint32_t floor_steal(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t i, q, first = BENCH_TASK_NONE, taken = 0;

	for (i = 1; i < floor_ncpu && taken == 0; i++) {
		uint32_t v = (cpu + i) % floor_ncpu;

		for (q = BENCH_QOS_NORMAL + 1; q-- > 0 && taken < floor_steal_max;) {
			struct floor_ring *vr = &rings[v][q];

			while (taken < floor_steal_max && vr->tail != vr->head) {
				uint32_t task;

				if (taken > 0 &&
				    rings[cpu][q].tail - rings[cpu][q].head == FLOOR_CAP)
					break;
				task = vr->slot[vr->head++ & FLOOR_MASK];
				if (taken++ == 0)
					first = task;
				else
					ring_push(&rings[cpu][q], task);
			}
		}
	}
	st->stolen += taken;
	return first;
}

static uint32_t floor_pick(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t q;

	for (q = BENCH_QOS_COUNT; q-- > 0;) {
		struct floor_ring *r = &rings[cpu][q];

		if (r->tail != r->head)
			return r->slot[r->head++ & FLOOR_MASK];
	}
	return floor_steal(cpu, st);
}

static void floor_finish(uint32_t cpu)
{
}

static bool floor_yield(uint32_t cpu, uint32_t task, uint32_t qos)
{
	return ring_push(&rings[cpu][qos], task);
}

static const char *floor_version(void)
{
	return "";
}

const struct bench_ops bench_ops_floor = {
	.name = "floor",
	.describe = "plain ring per class per CPU, one thread, no atomics",
	.concurrent = false,
	.bounded = true,
	.init = floor_init,
	.fini = floor_fini,
	.hart_enter = floor_hart_enter,
	.enqueue_on = floor_enqueue_on,
	.pick = floor_pick,
	.finish = floor_finish,
	.yield = floor_yield,
	.version = floor_version,
};
