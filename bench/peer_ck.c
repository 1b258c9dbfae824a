// SPDX-License-Identifier: MIT
/*
 * Peer 3: Concurrency Kit ck_ring, one ring per class per CPU.
 *
 * Remote wakes make every ring multi-producer and thieves make it
 * multi-consumer, so the mpmc variants are used throughout (CAS on the
 * producer head to enqueue, CAS on the consumer head to dequeue). A ring of
 * N slots holds N - 1 tasks; rings are HS_QUEUE_CAPACITY slots, like the
 * core's FIFOs, and every workload keeps fewer tasks in flight than that.
 *
 * Synchronisation is entirely ck_ring's; this file adds none.
 */
#include "bench.h"

#include <ck_ring.h>
#include <stdio.h>
#include <stdlib.h>

#include <hartsched/compiler.h>
#include <hartsched/config.h>

#define CKP_SLOTS HS_QUEUE_CAPACITY

struct ckp_queue {
	struct ck_ring ring; /* cache-line padded heads, per ck_ring's layout */
	struct ck_ring_buffer buf[CKP_SLOTS];
} HS_CACHE_ALIGNED;

static struct ckp_queue ckq[BENCH_MAX_HARTS][BENCH_QOS_COUNT];
static uint32_t ckp_ncpu, ckp_steal_max;

static bool ckp_init(uint32_t ncpu, uint32_t steal_max)
{
	uint32_t c, q;

	if (ncpu == 0 || ncpu > BENCH_MAX_HARTS)
		return false;
	for (c = 0; c < BENCH_MAX_HARTS; c++)
		for (q = 0; q < BENCH_QOS_COUNT; q++)
			ck_ring_init(&ckq[c][q].ring, CKP_SLOTS);
	ckp_ncpu = ncpu;
	ckp_steal_max = steal_max;
	return true;
}

static void ckp_fini(void)
{
}

static void ckp_hart_enter(uint32_t cpu)
{
}

static bool ckp_push(struct ckp_queue *k, uint32_t task)
{
	return ck_ring_enqueue_mpmc(&k->ring, k->buf, (void *)(uintptr_t)task);
}

static bool ckp_pop(struct ckp_queue *k, uint32_t *task)
{
	void *v;

	if (!ck_ring_dequeue_mpmc(&k->ring, k->buf, &v))
		return false;
	*task = (uint32_t)(uintptr_t)v;
	return true;
}

static bool ckp_enqueue_on(uint32_t cpu, uint32_t task, uint32_t qos)
{
	return ckp_push(&ckq[cpu][qos], task);
}

/*
 * Steal from the first victim with class <= Normal work. Extra tasks park
 * in the thief's ring only while it has room (checked first); if a remote
 * producer filled it meanwhile the task goes back to the victim's tail.
 */
static uint32_t ckp_steal(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t i, q, task, first = BENCH_TASK_NONE, taken = 0;

	for (i = 1; i < ckp_ncpu && taken == 0; i++) {
		uint32_t v = (cpu + i) % ckp_ncpu;

		for (q = BENCH_QOS_NORMAL + 1; q-- > 0 && taken < ckp_steal_max;) {
			struct ckp_queue *own = &ckq[cpu][q];

			while (taken < ckp_steal_max) {
				if (taken > 0 && ck_ring_size(&own->ring) + 1 >= CKP_SLOTS - 1)
					break;
				if (!ckp_pop(&ckq[v][q], &task))
					break;
				if (taken++ == 0) {
					first = task;
				} else if (!ckp_push(own, task) && !ckp_push(&ckq[v][q], task)) {
					fprintf(stderr,
						"ck peer: both rings full while parking a steal\n");
					abort();
				}
			}
		}
	}
	st->stolen += taken;
	return first;
}

static uint32_t ckp_pick(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t q, task;

	for (q = BENCH_QOS_COUNT; q-- > 0;) {
		if (ckp_pop(&ckq[cpu][q], &task))
			return task;
	}
	return ckp_steal(cpu, st);
}

static void ckp_finish(uint32_t cpu)
{
}

static bool ckp_yield(uint32_t cpu, uint32_t task, uint32_t qos)
{
	return ckp_push(&ckq[cpu][qos], task);
}

#ifndef BENCH_CK_VERSION
#define BENCH_CK_VERSION "" /* meson passes pkg-config's version */
#endif

static const char *ckp_version(void)
{
	return BENCH_CK_VERSION;
}

const struct bench_ops bench_ops_ck = {
	.name = "ck_ring",
	.describe = "Concurrency Kit ck_ring (mpmc) per class per CPU",
	.concurrent = true,
	.bounded = true,
	.init = ckp_init,
	.fini = ckp_fini,
	.hart_enter = ckp_hart_enter,
	.enqueue_on = ckp_enqueue_on,
	.pick = ckp_pick,
	.finish = ckp_finish,
	.yield = ckp_yield,
	.version = ckp_version,
};
