// SPDX-License-Identifier: MIT
/*
 * Peer 5: GLib GAsyncQueue per CPU (one per class per CPU, so FIFO order
 * within a class and the steal ceiling come for free; a single sorted
 * queue per CPU cannot reach lower-class work behind higher-class work).
 *
 * Every push and pop takes the queue's GMutex; a push allocates a list
 * node. Only the non-blocking try_pop is used: idle harts spin in the
 * workload like every other peer's, never sleep in the queue.
 *
 * Synchronisation is GLib's; this file adds none.
 */
#include "bench.h"

#include <glib.h>

static GAsyncQueue *gaq[BENCH_MAX_HARTS][BENCH_QOS_COUNT];
static uint32_t gaq_ncpu, gaq_steal_max;

/* Task ids travel as pointers; GAsyncQueue refuses NULL, hence the + 1. */
static inline gpointer task_ptr(uint32_t task)
{
	return GUINT_TO_POINTER(task + 1u);
}

static void gaq_fini(void)
{
	uint32_t c, q;

	for (c = 0; c < BENCH_MAX_HARTS; c++)
		for (q = 0; q < BENCH_QOS_COUNT; q++) {
			if (gaq[c][q])
				g_async_queue_unref(gaq[c][q]);
			gaq[c][q] = NULL;
		}
}

static bool gaq_init(uint32_t ncpu, uint32_t steal_max)
{
	uint32_t c, q;

	if (ncpu == 0 || ncpu > BENCH_MAX_HARTS)
		return false;
	for (c = 0; c < ncpu; c++)
		for (q = 0; q < BENCH_QOS_COUNT; q++)
			gaq[c][q] = g_async_queue_new();
	gaq_ncpu = ncpu;
	gaq_steal_max = steal_max;
	return true;
}

static void gaq_hart_enter(uint32_t cpu)
{
}

static bool gaq_pop(GAsyncQueue *q, uint32_t *task)
{
	gpointer p = g_async_queue_try_pop(q);

	if (!p)
		return false;
	*task = GPOINTER_TO_UINT(p) - 1u;
	return true;
}

static bool gaq_enqueue_on(uint32_t cpu, uint32_t task, uint32_t qos)
{
	g_async_queue_push(gaq[cpu][qos], task_ptr(task));
	return true;
}

/* Steal from the first victim with class <= Normal work; park the rest. */
static uint32_t gaq_steal(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t i, q, task, first = BENCH_TASK_NONE, taken = 0;

	for (i = 1; i < gaq_ncpu && taken == 0; i++) {
		uint32_t v = (cpu + i) % gaq_ncpu;

		for (q = BENCH_QOS_NORMAL + 1; q-- > 0 && taken < gaq_steal_max;) {
			while (taken < gaq_steal_max && gaq_pop(gaq[v][q], &task)) {
				if (taken++ == 0)
					first = task;
				else
					g_async_queue_push(gaq[cpu][q], task_ptr(task));
			}
		}
	}
	st->stolen += taken;
	return first;
}

static uint32_t gaq_pick(uint32_t cpu, struct bench_pick_stats *st)
{
	uint32_t q, task;

	for (q = BENCH_QOS_COUNT; q-- > 0;) {
		if (gaq_pop(gaq[cpu][q], &task))
			return task;
	}
	return gaq_steal(cpu, st);
}

static void gaq_finish(uint32_t cpu)
{
}

static bool gaq_yield(uint32_t cpu, uint32_t task, uint32_t qos)
{
	return gaq_enqueue_on(cpu, task, qos);
}

static const char *gaq_version(void)
{
	static char v[32];

	g_snprintf(v, sizeof(v), "%u.%u.%u", glib_major_version, glib_minor_version,
		   glib_micro_version);
	return v;
}

const struct bench_ops bench_ops_gasync = {
	.name = "gasyncqueue",
	.describe = "GLib GAsyncQueue per class per CPU (mutex, try_pop)",
	.concurrent = true,
	.bounded = false,
	.init = gaq_init,
	.fini = gaq_fini,
	.hart_enter = gaq_hart_enter,
	.enqueue_on = gaq_enqueue_on,
	.pick = gaq_pick,
	.finish = gaq_finish,
	.yield = gaq_yield,
	.version = gaq_version,
};
