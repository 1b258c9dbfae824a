// SPDX-License-Identifier: MIT
/*
 * Scheduler metrics (emu/metrics.h).
 *
 * Synchronisation table
 *
 *   data             written by                         read by
 *   ---------------  ---------------------------------  -------------------------
 *   busy/idle_ns[c]  hart c, relaxed RMW                stats, after the joins
 *   depth_max[c][q]  any enqueuer onto c, relaxed CAS   stats, after the joins
 *   overflow[c][q]   any enqueuer onto c, relaxed RMW   stats, after the joins
 *   woken[t]         the waker, relaxed, BEFORE the     the picker, relaxed
 *                    enqueue (whose lock release        exchange AFTER hs_rq_pick
 *                    publishes it)                      (lock acquire)
 *   wake[c][q]       hart c only (plain)                stats, after the joins
 */
#include <hartsched/outcome.h>
#include <hartsched/rq.h>

#include <emu/metrics.h>
#include <emu/sched.h>

#include <stdatomic.h>
#include <string.h>

/* Bound on the high-water CAS: a lost race only loses a figure. */
#define DEPTH_CAS_TRIES 8

struct metrics_hart {
	_Atomic uint64_t busy_ns;
	_Atomic uint64_t idle_ns;
	_Atomic uint32_t depth_max[HS_QOS_COUNT];
	_Atomic uint64_t overflow[HS_QOS_COUNT];
	struct hs_emu_hist wake[HS_QOS_COUNT];
} HS_CACHE_ALIGNED;

static struct metrics_hart mh[HS_MAX_CPUS];
static _Atomic uint8_t woken[HS_MAX_TASKS];

void hs_emu_metrics_reset(void)
{
	uint32_t c, q, t;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		atomic_store_explicit(&mh[c].busy_ns, 0, memory_order_relaxed);
		atomic_store_explicit(&mh[c].idle_ns, 0, memory_order_relaxed);
		for (q = 0; q < HS_QOS_COUNT; q++) {
			atomic_store_explicit(&mh[c].depth_max[q], 0, memory_order_relaxed);
			atomic_store_explicit(&mh[c].overflow[q], 0, memory_order_relaxed);
			hs_emu_hist_reset(&mh[c].wake[q]);
		}
	}
	for (t = 0; t < HS_MAX_TASKS; t++)
		atomic_store_explicit(&woken[t], 0, memory_order_relaxed);
}

void hs_emu_metrics_time(uint32_t cpu, bool busy, uint64_t ns)
{
	if (cpu < HS_MAX_CPUS)
		atomic_fetch_add_explicit(busy ? &mh[cpu].busy_ns : &mh[cpu].idle_ns, ns,
					  memory_order_relaxed);
}

/* Raise @cpu's class @qos high-water mark to @depth (bounded CAS). */
static void raise_depth(uint32_t cpu, uint32_t qos, uint32_t depth)
{
	_Atomic uint32_t *m = &mh[cpu].depth_max[qos];
	uint32_t cur = atomic_load_explicit(m, memory_order_relaxed);
	int tries;

	for (tries = 0; tries < DEPTH_CAS_TRIES && depth > cur; tries++) {
		if (atomic_compare_exchange_weak_explicit(m, &cur, depth, memory_order_relaxed,
							  memory_order_relaxed))
			return;
	}
}

void hs_emu_metrics_enqueued(uint32_t cpu, uint32_t qos, uint32_t status)
{
	if (cpu >= HS_MAX_CPUS || qos >= HS_QOS_COUNT)
		return;
	if (status == HS_ERR_QUEUE_FULL) {
		atomic_fetch_add_explicit(&mh[cpu].overflow[qos], 1, memory_order_relaxed);
		raise_depth(cpu, qos, HS_QUEUE_CAPACITY);
	} else if (status == HS_OK) {
		raise_depth(cpu, qos, hs_rq_len(&hs_emu_sched, cpu, qos));
	}
}

void hs_emu_metrics_note_wake(uint32_t task)
{
	/* Relaxed: the enqueue that follows publishes it (see the table). */
	if (task < HS_MAX_TASKS)
		atomic_store_explicit(&woken[task], 1, memory_order_relaxed);
}

void hs_emu_metrics_cancel_wake(uint32_t task)
{
	if (task < HS_MAX_TASKS)
		atomic_store_explicit(&woken[task], 0, memory_order_relaxed);
}

bool hs_emu_metrics_picked(uint32_t cpu, uint32_t task, uint32_t qos, uint64_t ns)
{
	if (task >= HS_MAX_TASKS || cpu >= HS_MAX_CPUS || qos >= HS_QOS_COUNT ||
	    !atomic_exchange_explicit(&woken[task], 0, memory_order_relaxed))
		return false;
	hs_emu_hist_add(&mh[cpu].wake[qos], ns);
	return true;
}

struct hs_emu_metrics hs_emu_metrics_of(uint32_t cpu)
{
	struct hs_emu_metrics m;
	uint32_t q;

	memset(&m, 0, sizeof(m));
	if (cpu >= HS_MAX_CPUS)
		return m;
	m.busy_ns = atomic_load_explicit(&mh[cpu].busy_ns, memory_order_relaxed);
	m.idle_ns = atomic_load_explicit(&mh[cpu].idle_ns, memory_order_relaxed);
	for (q = 0; q < HS_QOS_COUNT; q++) {
		m.depth_max[q] = atomic_load_explicit(&mh[cpu].depth_max[q], memory_order_relaxed);
		m.overflow[q] = atomic_load_explicit(&mh[cpu].overflow[q], memory_order_relaxed);
	}
	return m;
}

const struct hs_emu_hist *hs_emu_metrics_wake_hist(uint32_t cpu, uint32_t qos)
{
	if (cpu >= HS_MAX_CPUS || qos >= HS_QOS_COUNT)
		return NULL;
	return &mh[cpu].wake[qos];
}
