// SPDX-License-Identifier: MIT
/*
 * Run-queue rules on one or two CPUs: pick order, FIFO, yield, finish,
 * purge, set_task_qos, the one-place rule, hs_rq_where and the counters.
 * Built against the capacity-64 and the capacity-4 core.
 */
#include "unit_fixture.h"

/* Task ids used below; far from the ladder's reserved top ids. */
enum { T = 100 };

/* Pick @cpu expecting @task locally, then let it run to completion. */
static void pick_and_finish(uint32_t cpu, uint32_t task)
{
	unit_pick_expect(cpu, HS_PICK_LOCAL, task);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, cpu), HS_OK);
}

/* PerfBurst, Interactive, Normal, Idle, whatever the enqueue order. */
static void test_pick_order_by_qos(void)
{
	unit_boot(1, 1);
	unit_enqueue(0, T + 0, HS_QOS_IDLE);
	unit_enqueue(0, T + 1, HS_QOS_NORMAL);
	unit_enqueue(0, T + 2, HS_QOS_PERFBURST);
	unit_enqueue(0, T + 3, HS_QOS_INTERACTIVE);
	unit_enqueue(0, T + 4, HS_QOS_IDLE);
	unit_enqueue(0, T + 5, HS_QOS_INTERACTIVE);

	pick_and_finish(0, T + 2);
	pick_and_finish(0, T + 3);
	/* A PerfBurst task arriving now overtakes the waiting Interactive one. */
	unit_enqueue(0, T + 6, HS_QOS_PERFBURST);
	pick_and_finish(0, T + 6);
	pick_and_finish(0, T + 5);
	pick_and_finish(0, T + 1);
	pick_and_finish(0, T + 0);
	pick_and_finish(0, T + 4);
	unit_pick_expect(0, HS_PICK_IDLE, HS_TASK_NONE);
}

/* Within one class tasks run in arrival order. */
static void test_fifo_within_class(void)
{
	uint32_t n = MIN(HS_QUEUE_CAPACITY, 8u);
	uint32_t q, i;

	unit_boot(1, 1);
	for (q = 0; q < HS_QOS_COUNT; q++) {
		unit_enqueue_run(0, T, n, q);
		for (i = 0; i < n; i++)
			pick_and_finish(0, T + i);
	}
	unit_pick_expect(0, HS_PICK_IDLE, HS_TASK_NONE);
}

/* The running task goes to the tail of its own class; other classes untouched. */
static void test_yield_requeues_at_class_tail(void)
{
	const uint32_t normal_after[] = {T + 1, T + 2, T + 0};
	const uint32_t idle[] = {T + 9};

	unit_boot(1, 1);
	unit_enqueue_run(0, T, 3, HS_QOS_NORMAL);
	unit_enqueue(0, T + 9, HS_QOS_IDLE);
	unit_pick_expect(0, HS_PICK_LOCAL, T + 0);

	UNIT_EXPECT(hs_rq_yield(&unit_sched, 0), HS_OK);
	g_assert_cmpuint(hs_rq_current(&unit_sched, 0), ==, HS_TASK_NONE);
	unit_assert_where(T + 0, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
	unit_assert_queue(0, HS_QOS_NORMAL, normal_after, 3);
	unit_assert_queue(0, HS_QOS_IDLE, idle, 1);
	unit_assert_queue(0, HS_QOS_INTERACTIVE, NULL, 0);

	/* Round robin: the others run before the yielder comes round again. */
	unit_pick_expect(0, HS_PICK_LOCAL, T + 1);
	UNIT_EXPECT(hs_rq_yield(&unit_sched, 0), HS_OK);
	unit_pick_expect(0, HS_PICK_LOCAL, T + 2);
	UNIT_EXPECT(hs_rq_yield(&unit_sched, 0), HS_OK);
	unit_pick_expect(0, HS_PICK_LOCAL, T + 0);
}

/* A full class queue makes yield fail closed: the task stays current. */
static void test_yield_full_queue_stays_current(void)
{
	struct unit_image before;
	struct unit_counts want;

	unit_boot(1, 1);
	unit_enqueue(0, T, HS_QOS_INTERACTIVE);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
	unit_enqueue_run(0, T + 1, HS_QUEUE_CAPACITY, HS_QOS_INTERACTIVE);
	unit_counts_read(0, &want);
	unit_image_take(&before);

	UNIT_EXPECT_FULL(hs_rq_yield(&unit_sched, 0), HS_QOS_INTERACTIVE);

	unit_image_assert_unchanged(&before);
	g_assert_cmpuint(hs_rq_current(&unit_sched, 0), ==, T);
	unit_assert_where(T, HS_TASK_RUNNING, 0, HS_QOS_INTERACTIVE);
	want.rejected[HS_ERR_QUEUE_FULL]++;
	unit_assert_counts(0, &want);
	/* It keeps running: the next decision returns it, not the queue head. */
	unit_pick_expect(0, HS_PICK_CURRENT, T);
}

/* finish() clears current and frees the task. */
static void test_finish_clears_current(void)
{
	unit_boot(1, 1);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_enqueue(0, T + 1, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	g_assert_cmpuint(hs_rq_current(&unit_sched, 0), ==, HS_TASK_NONE);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
	/* A finished task is free again: it may be enqueued anew. */
	unit_enqueue(0, T, HS_QOS_IDLE);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_IDLE);
}

/* yield and finish with nothing running are rejected and change nothing. */
static void test_yield_finish_without_current(void)
{
	struct unit_image before;
	struct unit_counts want;
	const uint32_t q[] = {T};

	unit_boot(1, 1);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_counts_read(0, &want);
	unit_image_take(&before);
	UNIT_EXPECT(hs_rq_yield(&unit_sched, 0), HS_ERR_NO_CURRENT);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_ERR_NO_CURRENT);
	unit_image_assert_unchanged(&before);
	unit_assert_queue(0, HS_QOS_NORMAL, q, 1);
	want.rejected[HS_ERR_NO_CURRENT] += 2;
	unit_assert_counts(0, &want);

	/* After a finish the slot is empty again: a second finish is refused. */
	unit_pick_expect(0, HS_PICK_LOCAL, T);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_ERR_NO_CURRENT);
	UNIT_EXPECT(hs_rq_yield(&unit_sched, 0), HS_ERR_NO_CURRENT);
}

/* A queued task cannot be queued a second time, on any CPU or class. */
static void test_second_enqueue_of_queued_rejected(void)
{
	struct unit_image before;
	const uint32_t one[] = {T};
	uint32_t c, q;

	unit_boot(2, 2);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_image_take(&before);
	for (c = 0; c < 2; c++) {
		for (q = 0; q < HS_QOS_COUNT; q++)
			UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, c, T, q), HS_ERR_ALREADY_QUEUED);
	}
	unit_image_assert_unchanged(&before);
	unit_assert_queue(0, HS_QOS_NORMAL, one, 1);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
	g_assert_cmpuint(atomic_load(&unit_sched.rq[0].cnt.rejected[HS_ERR_ALREADY_QUEUED]), ==,
			 HS_QOS_COUNT);
	g_assert_cmpuint(atomic_load(&unit_sched.rq[1].cnt.rejected[HS_ERR_ALREADY_QUEUED]), ==,
			 HS_QOS_COUNT);
}

/* A running task cannot be queued while it runs, and is not duplicated. */
static void test_second_enqueue_of_running_rejected(void)
{
	struct unit_image before;
	uint32_t c, q;

	unit_boot(2, 2);
	unit_enqueue(1, T, HS_QOS_INTERACTIVE);
	unit_pick_expect(1, HS_PICK_LOCAL, T);
	unit_image_take(&before);
	for (c = 0; c < 2; c++) {
		for (q = 0; q < HS_QOS_COUNT; q++)
			UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, c, T, q), HS_ERR_ALREADY_RUNNING);
	}
	/* The local form (this thread is CPU 0) is refused the same way. */
	UNIT_EXPECT(hs_rq_enqueue(&unit_sched, T, HS_QOS_NORMAL), HS_ERR_ALREADY_RUNNING);
	unit_image_assert_unchanged(&before);
	unit_assert_cpu_queues_empty(0);
	unit_assert_cpu_queues_empty(1);
	unit_assert_where(T, HS_TASK_RUNNING, 1, HS_QOS_INTERACTIVE);
}

/* Purging a queued task removes only it; the others keep their order. */
static void test_purge_from_queue_keeps_order(void)
{
	const uint32_t rest[] = {T + 0, T + 2, T + 3};
	const uint32_t other[] = {T + 9};

	unit_boot(2, 2);
	unit_enqueue_run(1, T, 4, HS_QOS_NORMAL);
	unit_enqueue(1, T + 9, HS_QOS_IDLE);

	UNIT_EXPECT(hs_rq_purge(&unit_sched, T + 1), HS_OK);
	unit_assert_where(T + 1, HS_TASK_FREE, 0, 0);
	unit_assert_queue(1, HS_QOS_NORMAL, rest, 3);
	unit_assert_queue(1, HS_QOS_IDLE, other, 1);
	g_assert_cmpuint(atomic_load(&unit_sched.rq[1].cnt.purged), ==, 1);

	/* Head and tail too. */
	UNIT_EXPECT(hs_rq_purge(&unit_sched, T + 0), HS_OK);
	UNIT_EXPECT(hs_rq_purge(&unit_sched, T + 3), HS_OK);
	unit_assert_queue(1, HS_QOS_NORMAL, &rest[1], 1);
	/* The freed slots are usable: the queue takes new tasks at its tail. */
	unit_enqueue(1, T + 1, HS_QOS_NORMAL);
	{
		const uint32_t now[] = {T + 2, T + 1};

		unit_assert_queue(1, HS_QOS_NORMAL, now, 2);
	}
}

/* Purging the running task clears its CPU's current slot. */
static void test_purge_current(void)
{
	const uint32_t q[] = {T + 1};

	unit_boot(2, 2);
	unit_enqueue(1, T, HS_QOS_PERFBURST);
	unit_enqueue(1, T + 1, HS_QOS_PERFBURST);
	unit_pick_expect(1, HS_PICK_LOCAL, T);
	/* Purged from CPU 0 (this thread), acting on CPU 1's current slot. */
	UNIT_EXPECT(hs_rq_purge(&unit_sched, T), HS_OK);
	g_assert_cmpuint(hs_rq_current(&unit_sched, 1), ==, HS_TASK_NONE);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	unit_assert_queue(1, HS_QOS_PERFBURST, q, 1);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 1), HS_ERR_NO_CURRENT);
	unit_pick_expect(1, HS_PICK_LOCAL, T + 1);
}

/* Purging a task that is nowhere is NOT_FOUND and changes nothing. */
static void test_purge_free_task_not_found(void)
{
	struct unit_image before;
	struct unit_counts nowhere;

	unit_boot(1, 1);
	unit_enqueue(0, T + 1, HS_QOS_NORMAL);
	unit_image_take(&before);
	UNIT_EXPECT(hs_rq_purge(&unit_sched, T), HS_ERR_NOT_FOUND);
	unit_image_assert_unchanged(&before);
	unit_counts_read_nowhere(&nowhere);
	g_assert_cmpuint(nowhere.rejected[HS_ERR_NOT_FOUND], ==, 1);

	/* Purged once, it is free: a second purge finds nothing. */
	UNIT_EXPECT(hs_rq_purge(&unit_sched, T + 1), HS_OK);
	UNIT_EXPECT(hs_rq_purge(&unit_sched, T + 1), HS_ERR_NOT_FOUND);
	unit_counts_read_nowhere(&nowhere);
	g_assert_cmpuint(nowhere.rejected[HS_ERR_NOT_FOUND], ==, 2);
}

/* A running task changes class in place; a later yield uses the new class. */
static void test_set_qos_running_in_place(void)
{
	const uint32_t inter[] = {T + 1, T};

	unit_boot(1, 1);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_enqueue(0, T + 1, HS_QOS_INTERACTIVE);
	unit_enqueue(0, T + 2, HS_QOS_NORMAL);
	/* Run T: drain the Interactive one first. */
	pick_and_finish(0, T + 1);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
	unit_enqueue(0, T + 1, HS_QOS_INTERACTIVE);

	UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T, HS_QOS_INTERACTIVE), HS_OK);
	g_assert_cmpuint(hs_rq_current(&unit_sched, 0), ==, T);
	unit_assert_where(T, HS_TASK_RUNNING, 0, HS_QOS_INTERACTIVE);
	unit_assert_queue(0, HS_QOS_NORMAL, &(const uint32_t){T + 2}, 1);

	UNIT_EXPECT(hs_rq_yield(&unit_sched, 0), HS_OK);
	unit_assert_queue(0, HS_QOS_INTERACTIVE, inter, 2);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_INTERACTIVE);
}

/* A queued task moves to the tail of the new class on the same CPU. */
static void test_set_qos_queued_moves_to_tail(void)
{
	const uint32_t normal[] = {T + 0, T + 2};
	const uint32_t inter[] = {T + 9, T + 1};

	unit_boot(2, 2);
	unit_enqueue_run(1, T, 3, HS_QOS_NORMAL);
	unit_enqueue(1, T + 9, HS_QOS_INTERACTIVE);

	UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T + 1, HS_QOS_INTERACTIVE), HS_OK);
	unit_assert_queue(1, HS_QOS_NORMAL, normal, 2);
	unit_assert_queue(1, HS_QOS_INTERACTIVE, inter, 2);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 1, HS_QOS_INTERACTIVE);
	unit_assert_cpu_queues_empty(0);
	g_assert_cmpuint(atomic_load(&unit_sched.rq[1].cnt.moved), ==, 1);

	/* Setting the class it already has still re-queues it at that tail. */
	UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T + 0, HS_QOS_NORMAL), HS_OK);
	{
		const uint32_t normal2[] = {T + 2, T + 0};

		unit_assert_queue(1, HS_QOS_NORMAL, normal2, 2);
	}
	unit_assert_where(T + 0, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
}

/* A full target class refuses the move: old class and position are kept. */
static void test_set_qos_full_target_keeps_position(void)
{
	struct unit_image before;
	struct unit_counts want;
	const uint32_t normal[] = {T + 0, T + 1, T + 2};

	unit_boot(2, 2);
	unit_enqueue_run(1, T, 3, HS_QOS_NORMAL);
	unit_enqueue_run(1, T + 10, HS_QUEUE_CAPACITY, HS_QOS_PERFBURST);
	unit_image_take(&before);
	unit_counts_read(1, &want);

	UNIT_EXPECT_FULL(hs_rq_set_task_qos(&unit_sched, T + 1, HS_QOS_PERFBURST),
			 HS_QOS_PERFBURST);

	unit_image_assert_unchanged(&before);
	unit_assert_queue(1, HS_QOS_NORMAL, normal, 3);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
	want.rejected[HS_ERR_QUEUE_FULL]++;
	unit_assert_counts(1, &want);
}

/* hs_rq_where follows a task through every transition. */
static void test_where_every_transition(void)
{
	unit_boot(2, 2);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	unit_enqueue(1, T, HS_QOS_IDLE);
	unit_assert_where(T, HS_TASK_QUEUED, 1, HS_QOS_IDLE);
	UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T, HS_QOS_NORMAL), HS_OK);
	unit_assert_where(T, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
	/* Stolen by CPU 0: running there. */
	unit_pick_expect(0, HS_PICK_STOLEN, T);
	unit_assert_where(T, HS_TASK_RUNNING, 0, HS_QOS_NORMAL);
	UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T, HS_QOS_PERFBURST), HS_OK);
	unit_assert_where(T, HS_TASK_RUNNING, 0, HS_QOS_PERFBURST);
	UNIT_EXPECT(hs_rq_yield(&unit_sched, 0), HS_OK);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_PERFBURST);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
	unit_assert_where(T, HS_TASK_RUNNING, 0, HS_QOS_PERFBURST);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	unit_enqueue(0, T, HS_QOS_INTERACTIVE);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_INTERACTIVE);
	UNIT_EXPECT(hs_rq_purge(&unit_sched, T), HS_OK);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	unit_enqueue(1, T, HS_QOS_NORMAL);
	unit_pick_expect(1, HS_PICK_LOCAL, T);
	unit_assert_where(T, HS_TASK_RUNNING, 1, HS_QOS_NORMAL);
	UNIT_EXPECT(hs_rq_purge(&unit_sched, T), HS_OK);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	/* Out-of-range ids are reported as nowhere, never as some CPU. */
	unit_assert_where(HS_MAX_TASKS, HS_TASK_FREE, 0, 0);
	unit_assert_where(UINT32_MAX, HS_TASK_FREE, 0, 0);
}

/* Step through every counted operation and check all counters after each. */
static void test_counters_exact(void)
{
	struct unit_counts c0 = {0}, c1 = {0}, nowhere = {0};

#define CHECK_ALL()                                                                                \
	do {                                                                                       \
		unit_assert_counts(0, &c0);                                                        \
		unit_assert_counts(1, &c1);                                                        \
		unit_assert_counts_nowhere(&nowhere);                                              \
	} while (0)

	unit_boot(2, 2);
	CHECK_ALL();
	unit_enqueue_run(0, T, 3, HS_QOS_NORMAL);
	unit_enqueue(1, T + 3, HS_QOS_IDLE); /* remote */
	c0.enqueued = 3;
	c1.enqueued = 1;
	CHECK_ALL();

	unit_pick_expect(0, HS_PICK_LOCAL, T + 0);
	c0.picked = 1;
	CHECK_ALL();
	unit_pick_expect(0, HS_PICK_CURRENT, T + 0); /* keeping current is not a pick */
	CHECK_ALL();

	UNIT_EXPECT(hs_rq_yield(&unit_sched, 0), HS_OK);
	c0.yields = 1;
	CHECK_ALL();

	unit_pick_expect(0, HS_PICK_LOCAL, T + 1);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	c0.picked = 2;
	c0.finished = 1;
	CHECK_ALL();

	UNIT_EXPECT(hs_rq_purge(&unit_sched, T + 2), HS_OK);
	c0.purged = 1;
	CHECK_ALL();

	UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T + 0, HS_QOS_INTERACTIVE), HS_OK);
	c0.moved = 1;
	CHECK_ALL();

	/* Rejections are charged to the CPU they name, or to "nowhere". */
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 1, T + 0, HS_QOS_NORMAL), HS_ERR_ALREADY_QUEUED);
	c1.rejected[HS_ERR_ALREADY_QUEUED] = 1;
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 0, T + 5, 4), HS_ERR_INVALID_QOS);
	c0.rejected[HS_ERR_INVALID_QOS] = 1;
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 1), HS_ERR_NO_CURRENT);
	c1.rejected[HS_ERR_NO_CURRENT] = 1;
	UNIT_EXPECT(hs_rq_purge(&unit_sched, T + 5), HS_ERR_NOT_FOUND);
	nowhere.rejected[HS_ERR_NOT_FOUND] = 1;
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, HS_MAX_CPUS, T + 5, HS_QOS_NORMAL),
		    HS_ERR_INVALID_CPU);
	nowhere.rejected[HS_ERR_INVALID_CPU] = 1;
	CHECK_ALL();

	unit_pick_expect(0, HS_PICK_LOCAL, T + 0);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	c0.picked = 3;
	c0.finished = 2;
	CHECK_ALL();

	/* CPU 0 is empty now: the Idle task on CPU 1 is stolen, not picked. */
	unit_pick_expect(0, HS_PICK_STOLEN, T + 3);
	c0.stolen = 1;
	c0.steal_ops = 1;
	CHECK_ALL();
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	c0.finished = 3;
	CHECK_ALL();

	/* Nothing anywhere: an idle decision counts nothing. */
	unit_pick_expect(0, HS_PICK_IDLE, HS_TASK_NONE);
	unit_pick_expect(1, HS_PICK_IDLE, HS_TASK_NONE);
	CHECK_ALL();
#undef CHECK_ALL
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/rq/pick-order-by-qos", test_pick_order_by_qos);
	g_test_add_func("/rq/fifo-within-class", test_fifo_within_class);
	g_test_add_func("/rq/yield-requeues-at-class-tail", test_yield_requeues_at_class_tail);
	g_test_add_func("/rq/yield-full-queue-stays-current", test_yield_full_queue_stays_current);
	g_test_add_func("/rq/finish-clears-current", test_finish_clears_current);
	g_test_add_func("/rq/yield-finish-without-current", test_yield_finish_without_current);
	g_test_add_func("/rq/second-enqueue-of-queued-rejected",
			test_second_enqueue_of_queued_rejected);
	g_test_add_func("/rq/second-enqueue-of-running-rejected",
			test_second_enqueue_of_running_rejected);
	g_test_add_func("/rq/purge-from-queue-keeps-order", test_purge_from_queue_keeps_order);
	g_test_add_func("/rq/purge-current", test_purge_current);
	g_test_add_func("/rq/purge-free-task-not-found", test_purge_free_task_not_found);
	g_test_add_func("/rq/set-qos-running-in-place", test_set_qos_running_in_place);
	g_test_add_func("/rq/set-qos-queued-moves-to-tail", test_set_qos_queued_moves_to_tail);
	g_test_add_func("/rq/set-qos-full-target-keeps-position",
			test_set_qos_full_target_keeps_position);
	g_test_add_func("/rq/where-every-transition", test_where_every_transition);
	g_test_add_func("/rq/counters-exact", test_counters_exact);
	return g_test_run();
}
