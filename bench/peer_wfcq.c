// SPDX-License-Identifier: MIT
/*
 * Peer 4: liburcu's wait-free concurrent queue (cds_wfcq, 0.13 API), one
 * per class per CPU, with a node embedded in each task.
 *
 * Enqueue is wait-free (one exchange on the tail). Dequeue and steal take
 * the queue's dequeue lock (a pthread mutex in struct cds_wfcq_head) and
 * use the NON-blocking dequeue: the blocking one may sleep 10 ms when it
 * meets an enqueuer between its exchange and its link store. A
 * would-block answer is reported as a contended decision (nothing picked)
 * rather than skipping to a lower class, which would break pick order.
 * The lock-free cds_wfcq_empty() peek avoids the mutex on empty queues.
 *
 * Synchronisation is liburcu's; this file adds none beyond the dequeue lock.
 */
#define _LGPL_SOURCE
#include "bench.h"

#include <urcu/wfcqueue.h>

#include <stdio.h>
#include <stdlib.h>

#include <hartsched/compiler.h>

struct wfq_queue {
	struct cds_wfcq_head head;		    /* dequeue side, with its mutex */
	struct cds_wfcq_tail tail HS_CACHE_ALIGNED; /* enqueue side */
} HS_CACHE_ALIGNED;

/* A task's queue node, a cache line apart like fields of real task structs. */
struct wfq_task {
	struct cds_wfcq_node node;
} HS_CACHE_ALIGNED;

static struct wfq_queue wfq[BENCH_MAX_HARTS][BENCH_QOS_COUNT];
static struct wfq_task wfq_tasks[BENCH_POOL];
static uint32_t wfq_ncpu, wfq_steal_max, wfq_live_cpus;

static void wfq_fini(void)
{
	uint32_t c, q;

	for (c = 0; c < wfq_live_cpus; c++)
		for (q = 0; q < BENCH_QOS_COUNT; q++)
			cds_wfcq_destroy(&wfq[c][q].head, &wfq[c][q].tail);
	wfq_live_cpus = 0;
}

static bool wfq_init(uint32_t ncpu, uint32_t steal_max)
{
	uint32_t c, q;

	if (ncpu == 0 || ncpu > BENCH_MAX_HARTS)
		return false;
	for (c = 0; c < ncpu; c++)
		for (q = 0; q < BENCH_QOS_COUNT; q++)
			cds_wfcq_init(&wfq[c][q].head, &wfq[c][q].tail);
	wfq_live_cpus = ncpu;
	wfq_ncpu = ncpu;
	wfq_steal_max = steal_max;
	return true;
}

static void wfq_hart_enter(uint32_t cpu)
{
}

static void wfq_push(struct wfq_queue *k, uint32_t task)
{
	if (task >= BENCH_POOL) {
		fprintf(stderr, "wfcq peer: task %u beyond the node pool\n", task);
		abort();
	}
	cds_wfcq_node_init(&wfq_tasks[task].node);
	cds_wfcq_enqueue(&k->head, &k->tail, &wfq_tasks[task].node);
}

enum wfq_pop_result { WFQ_EMPTY, WFQ_TAKEN, WFQ_BUSY };

/* Dequeue one node under the dequeue lock, without ever sleeping. */
static enum wfq_pop_result wfq_pop(struct wfq_queue *k, uint32_t *task)
{
	struct cds_wfcq_node *n;

	if (cds_wfcq_empty(&k->head, &k->tail))
		return WFQ_EMPTY;
	cds_wfcq_dequeue_lock(&k->head, &k->tail);
	n = __cds_wfcq_dequeue_nonblocking(&k->head, &k->tail);
	cds_wfcq_dequeue_unlock(&k->head, &k->tail);
	if (n == NULL)
		return WFQ_EMPTY;
	if (n == CDS_WFCQ_WOULDBLOCK)
		return WFQ_BUSY;
	*task = (uint32_t)((struct wfq_task *)n - wfq_tasks);
	return WFQ_TAKEN;
}

static bool wfq_enqueue_on(uint32_t cpu, uint32_t task, uint32_t qos)
{
	wfq_push(&wfq[cpu][qos], task);
	return true;
}

/* Steal from the first victim with class <= Normal work; park the rest. */
static uint32_t wfq_steal(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t i, q, task, first = BENCH_TASK_NONE, taken = 0;
	bool busy = false;

	for (i = 1; i < wfq_ncpu && taken == 0; i++) {
		uint32_t v = (cpu + i) % wfq_ncpu;

		for (q = BENCH_QOS_NORMAL + 1; q-- > 0 && taken < wfq_steal_max;) {
			enum wfq_pop_result r = WFQ_TAKEN;

			while (taken < wfq_steal_max &&
			       (r = wfq_pop(&wfq[v][q], &task)) == WFQ_TAKEN) {
				if (taken++ == 0)
					first = task;
				else
					wfq_push(&wfq[cpu][q], task);
			}
			if (r == WFQ_BUSY)
				busy = true;
		}
	}
	st->stolen += taken;
	if (taken == 0 && busy)
		st->contended++;
	return first;
}

static uint32_t wfq_pick(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t q, task;

	for (q = BENCH_QOS_COUNT; q-- > 0;) {
		switch (wfq_pop(&wfq[cpu][q], &task)) {
		case WFQ_TAKEN:
			return task;
		case WFQ_BUSY:
			st->contended++;
			return BENCH_TASK_NONE;
		case WFQ_EMPTY:
			break;
		}
	}
	return wfq_steal(cpu, st);
}

static void wfq_finish(uint32_t cpu)
{
}

static bool wfq_yield(uint32_t cpu, uint32_t task, uint32_t qos)
{
	wfq_push(&wfq[cpu][qos], task);
	return true;
}

#ifndef BENCH_URCU_VERSION
#define BENCH_URCU_VERSION "" /* meson passes pkg-config's version */
#endif

static const char *wfq_version(void)
{
	return BENCH_URCU_VERSION;
}

const struct bench_ops bench_ops_wfcq = {
	.name = "wfcq",
	.describe =
		"liburcu cds_wfcq per class per CPU, non-blocking dequeue under its dequeue lock",
	.concurrent = true,
	.bounded = false,
	.init = wfq_init,
	.fini = wfq_fini,
	.hart_enter = wfq_hart_enter,
	.enqueue_on = wfq_enqueue_on,
	.pick = wfq_pick,
	.finish = wfq_finish,
	.yield = wfq_yield,
	.version = wfq_version,
};
