// SPDX-License-Identifier: MIT
/*
 * Peer 3: Concurrency Kit ck_ring, one ring per class per CPU (and, at the
 * end of the file, the "ck_ring+one-place" experiment on the same rings).
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

/*
 * A design EXPERIMENT, not a peer: "ck_ring+one-place", the ck_ring peer
 * with the contract's one-place rule added and nothing else. The rule
 * (a task is in at most one place; a second enqueue of a queued or
 * running task is rejected; purge may free a running task at any moment)
 * needs, in any implementation:
 *   - enqueue: a compare-and-swap on the task's state word, FREE -> QUEUED,
 *     so that two enqueues of one task on two CPUs cannot both succeed;
 *   - pick: a store of RUNNING (the dequeue's CAS made the task ours);
 *   - finish: a compare-and-swap RUNNING -> FREE, because a purge from
 *     another CPU may have freed (and a waker re-queued) the task already.
 * What this adds to ck_ring's figures is what the rule costs on ck_ring's
 * shape: docs/benchmarks.md compares hartsched with it to tell the cost
 * of the contract from the cost of hartsched's own code.
 *
 * Synchronisation: ck_ring's for the rings; the state-word CASes are
 * acq_rel (release publishes the new place, acquire pairs with the
 * writer replaced), the pick's store is a release that pairs with the
 * next CAS's acquire. cur[] is written and read by its CPU only.
 */

#define OP_STATES 16384u /* task ids the workloads use stay below BENCH_POOL * harts */

enum { OP_FREE = 0, OP_QUEUED = 1, OP_RUNNING = 2 };

struct op_cpu {
	uint32_t cur; /* the task picked last, BENCH_TASK_NONE when none */
} HS_CACHE_ALIGNED;

static _Atomic uint32_t op_state[OP_STATES];
static struct op_cpu op_cpu[BENCH_MAX_HARTS];

static _Noreturn void op_bug(const char *what, uint32_t task)
{
	fprintf(stderr, "ck_ring+one-place: %s (task %u)\n", what, task);
	abort();
}

static bool op_init(uint32_t ncpu, uint32_t steal_max)
{
	uint32_t i;

	for (i = 0; i < OP_STATES; i++)
		atomic_init(&op_state[i], OP_FREE);
	for (i = 0; i < BENCH_MAX_HARTS; i++)
		op_cpu[i].cur = BENCH_TASK_NONE;
	return ckp_init(ncpu, steal_max);
}

static bool op_cas(uint32_t task, uint32_t from, uint32_t to)
{
	return atomic_compare_exchange_strong_explicit(&op_state[task], &from, to,
						       memory_order_acq_rel, memory_order_acquire);
}

static bool op_enqueue_on(uint32_t cpu, uint32_t task, uint32_t qos)
{
	if (task >= OP_STATES)
		op_bug("task id out of range", task);
	if (!op_cas(task, OP_FREE, OP_QUEUED))
		op_bug("enqueue of a task that is not free", task);
	if (ckp_enqueue_on(cpu, task, qos))
		return true;
	/* Full: the claim is ours alone (no ring holds the task), undo it. */
	atomic_store_explicit(&op_state[task], OP_FREE, memory_order_release);
	return false;
}

static uint32_t op_pick(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t task = ckp_pick(cpu, st);

	if (task != BENCH_TASK_NONE) /* the dequeue's CAS made it ours */
		atomic_store_explicit(&op_state[task], OP_RUNNING, memory_order_release);
	op_cpu[cpu].cur = task;
	return task;
}

static void op_finish(uint32_t cpu)
{
	uint32_t task = op_cpu[cpu].cur;

	if (task == BENCH_TASK_NONE || !op_cas(task, OP_RUNNING, OP_FREE))
		op_bug("finish without a running task", task);
	op_cpu[cpu].cur = BENCH_TASK_NONE;
}

static bool op_yield(uint32_t cpu, uint32_t task, uint32_t qos)
{
	atomic_store_explicit(&op_state[task], OP_QUEUED, memory_order_release);
	if (ckp_yield(cpu, task, qos)) {
		op_cpu[cpu].cur = BENCH_TASK_NONE;
		return true;
	}
	atomic_store_explicit(&op_state[task], OP_RUNNING, memory_order_release);
	return false; /* full: it stays current */
}

const struct bench_ops bench_ops_ck_one_place = {
	.name = "ck_ring+one-place",
	.describe = "EXPERIMENT: ck_ring plus the one-place rule's state-word CAS at enqueue and "
		    "finish (what the rule costs ck_ring's shape)",
	.concurrent = true,
	.bounded = true,
	.experiment = true,
	.init = op_init,
	.fini = ckp_fini,
	.hart_enter = ckp_hart_enter,
	.enqueue_on = op_enqueue_on,
	.pick = op_pick,
	.finish = op_finish,
	.yield = op_yield,
	.version = ckp_version,
};
