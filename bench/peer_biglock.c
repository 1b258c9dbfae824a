// SPDX-License-Identifier: MIT
/*
 * Peer 2, the design the seed came from: ONE global lock over per-CPU,
 * per-class queues that grow with realloc when full. This is the baseline
 * to beat; it may use the heap (the core may not).
 *
 * Synchronisation: every field below is read and written only under
 * big_lock (a pthread spinlock: the analogue of one big kernel lock).
 */
#include "bench.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BIG_INITIAL_CAP 8u /* small on purpose: the first runs pay for growth */

struct grow_ring {
	uint32_t head;	/* next slot to pop (free-running) */
	uint32_t tail;	/* next slot to fill (free-running) */
	uint32_t cap;	/* slots allocated; a power of two */
	uint32_t *slot; /* realloc-grown storage */
};

static pthread_spinlock_t big_lock;
static struct grow_ring big_rings[BENCH_MAX_HARTS][BENCH_QOS_COUNT];
static uint32_t big_ncpu, big_steal_max;

static void big_fini(void)
{
	uint32_t c, q;

	for (c = 0; c < BENCH_MAX_HARTS; c++)
		for (q = 0; q < BENCH_QOS_COUNT; q++) {
			free(big_rings[c][q].slot);
			memset(&big_rings[c][q], 0, sizeof(big_rings[c][q]));
		}
	pthread_spin_destroy(&big_lock);
}

static bool big_init(uint32_t ncpu, uint32_t steal_max)
{
	uint32_t c, q;

	if (ncpu == 0 || ncpu > BENCH_MAX_HARTS)
		return false;
	if (pthread_spin_init(&big_lock, PTHREAD_PROCESS_PRIVATE) != 0)
		return false;
	for (c = 0; c < ncpu; c++)
		for (q = 0; q < BENCH_QOS_COUNT; q++) {
			struct grow_ring *r = &big_rings[c][q];

			r->head = r->tail = 0;
			r->cap = BIG_INITIAL_CAP;
			r->slot = malloc(sizeof(uint32_t) * r->cap);
			if (!r->slot) {
				big_fini();
				return false;
			}
		}
	big_ncpu = ncpu;
	big_steal_max = steal_max;
	return true;
}

static void big_hart_enter(uint32_t cpu)
{
}

/*
 * Double @r's storage (lock held). The used region may wrap: after the
 * realloc the part that wrapped to the front moves up behind the old end.
 */
static bool ring_grow(struct grow_ring *r)
{
	uint32_t old = r->cap, h = r->head & (old - 1u), len = r->tail - r->head;
	uint32_t *s = realloc(r->slot, sizeof(uint32_t) * old * 2u);

	if (!s)
		return false;
	if (len != 0 && h + len > old)
		memcpy(s + old, s, sizeof(uint32_t) * (h + len - old));
	r->slot = s;
	r->cap = old * 2u;
	r->head = h;
	r->tail = h + len;
	return true;
}

static bool ring_push(struct grow_ring *r, uint32_t task)
{
	if (r->tail - r->head == r->cap && !ring_grow(r))
		return false;
	r->slot[r->tail++ & (r->cap - 1u)] = task;
	return true;
}

static uint32_t ring_pop(struct grow_ring *r)
{
	return r->slot[r->head++ & (r->cap - 1u)];
}

static bool big_enqueue_on(uint32_t cpu, uint32_t task, uint32_t qos)
{
	bool ok;

	pthread_spin_lock(&big_lock);
	ok = ring_push(&big_rings[cpu][qos], task);
	pthread_spin_unlock(&big_lock);
	return ok;
}

/* Steal under the big lock: first victim with class <= Normal work. */
static uint32_t big_steal(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t i, q, first = BENCH_TASK_NONE, taken = 0;

	for (i = 1; i < big_ncpu && taken == 0; i++) {
		uint32_t v = (cpu + i) % big_ncpu;

		for (q = BENCH_QOS_NORMAL + 1; q-- > 0 && taken < big_steal_max;) {
			struct grow_ring *vr = &big_rings[v][q];

			while (taken < big_steal_max && vr->tail != vr->head) {
				uint32_t task = ring_pop(vr);

				if (taken++ == 0) {
					first = task;
				} else if (!ring_push(&big_rings[cpu][q], task)) {
					/* Out of memory: hand it back, nothing lost. */
					vr->head--;
					taken--;
					break;
				}
			}
		}
	}
	st->stolen += taken;
	return first;
}

static uint32_t big_pick(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t q, task = BENCH_TASK_NONE;

	pthread_spin_lock(&big_lock);
	for (q = BENCH_QOS_COUNT; q-- > 0;) {
		struct grow_ring *r = &big_rings[cpu][q];

		if (r->tail != r->head) {
			task = ring_pop(r);
			break;
		}
	}
	if (task == BENCH_TASK_NONE)
		task = big_steal(cpu, st);
	pthread_spin_unlock(&big_lock);
	return task;
}

static void big_finish(uint32_t cpu)
{
}

static bool big_yield(uint32_t cpu, uint32_t task, uint32_t qos)
{
	return big_enqueue_on(cpu, task, qos);
}

static const char *big_version(void)
{
	return "";
}

const struct bench_ops bench_ops_biglock = {
	.name = "global-lock",
	.describe = "one global spinlock over per-CPU realloc-grown rings (the seed's design)",
	.concurrent = true,
	.bounded = false,
	.init = big_init,
	.fini = big_fini,
	.hart_enter = big_hart_enter,
	.enqueue_on = big_enqueue_on,
	.pick = big_pick,
	.finish = big_finish,
	.yield = big_yield,
	.version = big_version,
};
