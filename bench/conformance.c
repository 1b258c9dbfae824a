// SPDX-License-Identifier: MIT
/*
 * Before any implementation is timed, check that it behaves like the core:
 * class order and FIFO within a class, steal only when every local class is
 * empty, only classes <= Normal, at most steal_max per decision with the
 * rest parked on the thief, and yield to the tail. A peer that took a
 * shortcut here would win races it should not be running.
 *
 * Single-threaded, two CPUs, driven from the calling thread.
 */
#include "bench.h"

#include <stdio.h>

/* One expected pick; a mismatch fills @why and returns false. */
static bool expect_pick(const struct bench_ops *ops, uint32_t cpu, uint32_t want, bool finish,
			const char *step, char *why, size_t len)
{
	struct bench_pick_stats st = {0};
	uint32_t got = ops->pick(cpu, &st);

	if (got != want) {
		snprintf(why, len, "%s: pick(cpu%u) gave %d, expected %d", step, cpu, (int)got,
			 (int)want);
		return false;
	}
	if (finish && got != BENCH_TASK_NONE)
		ops->finish(cpu);
	return true;
}

static bool enqueue_all(const struct bench_ops *ops, uint32_t cpu, const uint32_t *tasks,
			const uint32_t *qos, uint32_t n, const char *step, char *why, size_t len)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (!ops->enqueue_on(cpu, tasks[i], qos[i])) {
			snprintf(why, len, "%s: enqueue of task %u refused", step, tasks[i]);
			return false;
		}
	}
	return true;
}

/* Class order, FIFO within a class, and yield to the tail. */
static bool check_order(const struct bench_ops *ops, char *why, size_t len)
{
	static const uint32_t tasks[] = {10, 11, 12, 13, 14, 15};
	static const uint32_t qos[] = {1, 0, 3, 2, 1, 3};
	static const uint32_t order[] = {12, 15, 13, 10, 14, 11};
	static const uint32_t ytasks[] = {40, 41};
	static const uint32_t yqos[] = {1, 1};
	uint32_t i;

	ops->hart_enter(0);
	if (!enqueue_all(ops, 0, tasks, qos, 6, "order", why, len))
		return false;
	for (i = 0; i < 6; i++)
		if (!expect_pick(ops, 0, order[i], true, "order", why, len))
			return false;
	if (!expect_pick(ops, 0, BENCH_TASK_NONE, true, "order (drained)", why, len))
		return false;
	if (!enqueue_all(ops, 0, ytasks, yqos, 2, "yield", why, len))
		return false;
	if (!expect_pick(ops, 0, 40, false, "yield", why, len))
		return false;
	if (!ops->yield(0, 40, 1)) {
		snprintf(why, len, "yield: re-queue refused");
		return false;
	}
	return expect_pick(ops, 0, 41, true, "yield", why, len) &&
	       expect_pick(ops, 0, 40, true, "yield", why, len) &&
	       expect_pick(ops, 0, BENCH_TASK_NONE, true, "yield (drained)", why, len);
}

/*
 * The fused finish + pick: each call finishes the running task (so it can
 * be queued again) and picks the next in class order; the last one finds
 * nothing and leaves nothing running.
 */
static bool check_pick_next(const struct bench_ops *ops, char *why, size_t len)
{
	static const uint32_t tasks[] = {50, 51, 52};
	static const uint32_t qos[] = {0, 2, 1};
	static const uint32_t order[] = {51, 52, 50};
	struct bench_pick_stats st = {0};
	uint32_t i, got;

	if (!enqueue_all(ops, 0, tasks, qos, 3, "pick_next", why, len) ||
	    !expect_pick(ops, 0, order[0], false, "pick_next", why, len))
		return false;
	for (i = 1; i <= 3; i++) {
		uint32_t want = i < 3 ? order[i] : BENCH_TASK_NONE;

		got = bench_pick_next(ops, 0, &st);
		if (got != want) {
			snprintf(why, len, "pick_next %u gave %d, expected %d", i, (int)got,
				 (int)want);
			return false;
		}
	}
	/* All three finished: each can be queued again, then drained. */
	if (!enqueue_all(ops, 0, tasks, qos, 3, "pick_next (re-queue)", why, len))
		return false;
	for (i = 0; i < 3; i++)
		if (!expect_pick(ops, 0, order[i], true, "pick_next (re-queue)", why, len))
			return false;
	return expect_pick(ops, 0, BENCH_TASK_NONE, true, "pick_next (drained)", why, len);
}

/* Bound 1: steal only <= Normal, highest eligible class first, oldest first. */
static bool check_steal_ceiling(const struct bench_ops *ops, char *why, size_t len)
{
	static const uint32_t tasks[] = {20, 21, 22, 23};
	static const uint32_t qos[] = {2, 1, 1, 0};

	if (!enqueue_all(ops, 1, tasks, qos, 4, "steal", why, len))
		return false;
	return expect_pick(ops, 0, 21, true, "steal bound 1", why, len) &&
	       expect_pick(ops, 0, 22, true, "steal bound 1", why, len) &&
	       expect_pick(ops, 0, 23, true, "steal bound 1", why, len) &&
	       expect_pick(ops, 0, BENCH_TASK_NONE, true, "steal ceiling", why, len) &&
	       expect_pick(ops, 1, 20, true, "steal ceiling (victim keeps it)", why, len);
}

/* Bound 2: the second stolen task parks on the thief, the third stays. */
static bool check_steal_bound(const struct bench_ops *ops, char *why, size_t len)
{
	static const uint32_t tasks[] = {30, 31, 32};
	static const uint32_t qos[] = {1, 1, 1};

	if (!enqueue_all(ops, 1, tasks, qos, 3, "steal bound 2", why, len))
		return false;
	return expect_pick(ops, 0, 30, true, "steal bound 2", why, len) &&
	       expect_pick(ops, 1, 32, true, "steal bound 2 (victim keeps one)", why, len) &&
	       expect_pick(ops, 0, 31, true, "steal bound 2 (parked on thief)", why, len) &&
	       expect_pick(ops, 0, BENCH_TASK_NONE, true, "steal bound 2 (drained)", why, len) &&
	       expect_pick(ops, 1, BENCH_TASK_NONE, true, "steal bound 2 (drained)", why, len);
}

bool bench_conformance(const struct bench_ops *ops, char *why, size_t len)
{
	bool ok;

	if (!ops->init(2, 1)) {
		snprintf(why, len, "init(2, 1) failed");
		return false;
	}
	ok = check_order(ops, why, len) && check_pick_next(ops, why, len) &&
	     check_steal_ceiling(ops, why, len);
	ops->fini();
	if (!ok)
		return false;
	if (!ops->init(2, 2)) {
		snprintf(why, len, "init(2, 2) failed");
		return false;
	}
	ok = check_steal_bound(ops, why, len);
	ops->fini();
	return ok;
}
