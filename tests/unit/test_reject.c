// SPDX-License-Identifier: MIT
/*
 * Rejections: a full class queue, an invalid or offline CPU, an invalid QoS
 * raw value, an invalid task id. Each must return its reason, leave every
 * queue and task exactly as it was, and count one rejection where it says.
 */
#include "unit_fixture.h"

enum { T = 200 };

/* Raw QoS values above PerfBurst, the edges and a spread between. */
static const uint32_t bad_qos_edges[] = {4, 5, 7, 8, 16, 128, 254, 255, 256, UINT32_MAX};

/* Give the present CPUs some queued work and a running task, to be left untouched. */
static void populate_background(void)
{
	unit_enqueue(0, T + 900, HS_QOS_IDLE);
	unit_enqueue(0, T + 901, HS_QOS_PERFBURST);
	unit_enqueue(1, T + 902, HS_QOS_NORMAL);
	unit_enqueue(1, T + 903, HS_QOS_INTERACTIVE);
	unit_enqueue(1, T + 904, HS_QOS_NORMAL);
	unit_pick_expect(1, HS_PICK_LOCAL, T + 903);
}

/*
 * Fill one class on CPU 0 to capacity; one more enqueue of that class, from
 * this CPU and as a remote wake from CPU 1, is rejected with {qos, capacity}
 * and no queue anywhere changes. Every class in turn.
 */
static void test_enqueue_full_each_class(void)
{
	struct unit_image before, after;
	struct unit_counts want0, want1;
	uint32_t q, i, extra = T + 500;

	for (q = 0; q < HS_QOS_COUNT; q++) {
		unit_boot(2, 2);
		populate_background();
		/* The background may already hold one task of this class on CPU 0. */
		for (i = hs_rq_len(&unit_sched, 0, q); i < HS_QUEUE_CAPACITY; i++)
			unit_enqueue(0, T + i, q);
		g_assert_cmpuint(hs_rq_len(&unit_sched, 0, q), ==, HS_QUEUE_CAPACITY);
		unit_image_take(&before);
		unit_counts_read(0, &want0);
		unit_counts_read(1, &want1);

		UNIT_EXPECT_FULL(hs_rq_enqueue_on(&unit_sched, 0, extra, q), q);
		UNIT_EXPECT_FULL(hs_rq_enqueue(&unit_sched, extra, q), q);
		hs_host_arch_become_cpu(1);
		UNIT_EXPECT_FULL(hs_rq_enqueue_on(&unit_sched, 0, extra, q), q);
		hs_host_arch_become_cpu(0);

		unit_image_take(&after);
		unit_image_assert_equal(&before, &after);
		unit_assert_where(extra, HS_TASK_FREE, 0, 0);
		want0.rejected[HS_ERR_QUEUE_FULL] += 3;
		unit_assert_counts(0, &want0);
		unit_assert_counts(1, &want1);

		/* Other classes on the same CPU still accept work. */
		unit_enqueue(0, extra, (q + 1) % HS_QOS_COUNT);
	}
}

/* Out-of-range CPU ids are INVALID_CPU, charged to no CPU. */
static void test_enqueue_invalid_cpu(void)
{
	const uint32_t bad_cpu[] = {HS_MAX_CPUS, HS_MAX_CPUS + 1, 255, 256, UINT32_MAX};
	struct unit_image before, after;
	struct unit_counts want0, want1, nowhere = {0};
	uint32_t i;

	unit_boot(2, 2);
	populate_background();
	unit_image_take(&before);
	unit_counts_read(0, &want0);
	unit_counts_read(1, &want1);
	for (i = 0; i < HS_ARRAY_SIZE(bad_cpu); i++) {
		UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, bad_cpu[i], T, HS_QOS_NORMAL),
			    HS_ERR_INVALID_CPU);
		unit_assert_where(T, HS_TASK_FREE, 0, 0);
	}
	unit_image_take(&after);
	unit_image_assert_equal(&before, &after);
	unit_assert_counts(0, &want0);
	unit_assert_counts(1, &want1);
	nowhere.rejected[HS_ERR_INVALID_CPU] = HS_ARRAY_SIZE(bad_cpu);
	unit_assert_counts_nowhere(&nowhere);
}

/*
 * In-range CPUs that are not online are CPU_OFFLINE (never INVALID_CPU):
 * one present but masked offline, one present but never started, one
 * beyond the present count.
 */
static void test_enqueue_offline_cpu(void)
{
	struct unit_image before, after;
	struct unit_counts zero = {0}, want2 = {0}, want3 = {0}, want8 = {0};

	unit_boot(4, 4);
	populate_background();
	UNIT_EXPECT(hs_cpu_mark_offline(2), HS_OK);
	unit_image_take(&before);
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 2, T, HS_QOS_NORMAL), HS_ERR_CPU_OFFLINE);
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 2, T, HS_QOS_PERFBURST), HS_ERR_CPU_OFFLINE);
	unit_image_take(&after);
	unit_image_assert_equal(&before, &after);
	want2.rejected[HS_ERR_CPU_OFFLINE] = 2;
	unit_assert_counts(2, &want2);
	unit_assert_counts_nowhere(&zero);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);

	/* Boot again with CPU 3 present but never brought online. */
	unit_boot(4, 3);
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 3, T, HS_QOS_NORMAL), HS_ERR_CPU_OFFLINE);
	want3.rejected[HS_ERR_CPU_OFFLINE] = 1;
	unit_assert_counts(3, &want3);
	unit_assert_cpu_queues_empty(3);
	/* In range but beyond the present CPUs: offline, not invalid. */
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, HS_MAX_CPUS - 1, T, HS_QOS_NORMAL),
		    HS_ERR_CPU_OFFLINE);
	want8.rejected[HS_ERR_CPU_OFFLINE] = 1;
	unit_assert_counts(HS_MAX_CPUS - 1, &want8);
	unit_assert_counts_nowhere(&zero);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);

	/* Coming online makes the same enqueue succeed. */
	UNIT_EXPECT(hs_cpu_mark_online(3), HS_OK);
	unit_enqueue(3, T, HS_QOS_NORMAL);
	unit_assert_where(T, HS_TASK_QUEUED, 3, HS_QOS_NORMAL);
}

/* The local form fails closed when the caller cannot be identified. */
static void test_enqueue_unidentified_caller(void)
{
	struct unit_image before, after;
	struct unit_counts nowhere = {0};

	unit_boot(2, 2);
	populate_background();
	unit_image_take(&before);
	/* No tp and no registered stack for this thread: no CPU identity. */
	hs_arch_write_tp(0);
	g_assert_cmpuint(hs_cpu_current(), ==, HS_CPU_INVALID);
	UNIT_EXPECT(hs_rq_enqueue(&unit_sched, T, HS_QOS_NORMAL), HS_ERR_INVALID_CPU);
	hs_host_arch_become_cpu(0);
	unit_image_take(&after);
	unit_image_assert_equal(&before, &after);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	nowhere.rejected[HS_ERR_INVALID_CPU] = 1;
	unit_assert_counts_nowhere(&nowhere);
}

/* Every raw QoS value from 4 to 255 (and UINT32_MAX) is refused, never clamped. */
static void test_invalid_qos_enqueue(void)
{
	struct unit_image before, after;
	struct unit_counts want0;
	uint32_t raw, i, n = 0;

	unit_boot(2, 2);
	populate_background();
	unit_image_take(&before);
	unit_counts_read(0, &want0);
	for (raw = HS_QOS_COUNT; raw <= 255; raw++, n++)
		UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 0, T, raw), HS_ERR_INVALID_QOS);
	for (i = 0; i < HS_ARRAY_SIZE(bad_qos_edges); i++, n++)
		UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 0, T, bad_qos_edges[i]),
			    HS_ERR_INVALID_QOS);
	UNIT_EXPECT(hs_rq_enqueue(&unit_sched, T, 4), HS_ERR_INVALID_QOS);
	n++;
	unit_image_take(&after);
	unit_image_assert_equal(&before, &after);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	want0.rejected[HS_ERR_INVALID_QOS] += n;
	unit_assert_counts(0, &want0);
	/* The same id is still free to be queued with a valid class. */
	unit_enqueue(0, T, HS_QOS_PERFBURST);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_PERFBURST);
}

/* set_task_qos refuses raw values above 3 for queued and running tasks alike. */
static void test_invalid_qos_set_task_qos(void)
{
	struct unit_image before, after;
	struct unit_counts nowhere = {0};
	uint32_t raw, i, n = 0;

	unit_boot(2, 2);
	populate_background();
	unit_image_take(&before);
	for (raw = HS_QOS_COUNT; raw <= 255; raw++, n += 2) {
		/* T + 904 is queued (Normal, behind T + 902); T + 903 runs (Interactive). */
		UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T + 904, raw), HS_ERR_INVALID_QOS);
		UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T + 903, raw), HS_ERR_INVALID_QOS);
	}
	for (i = 0; i < HS_ARRAY_SIZE(bad_qos_edges); i++, n += 2) {
		UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T + 904, bad_qos_edges[i]),
			    HS_ERR_INVALID_QOS);
		UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, T + 903, bad_qos_edges[i]),
			    HS_ERR_INVALID_QOS);
	}
	unit_image_take(&after);
	unit_image_assert_equal(&before, &after);
	unit_assert_where(T + 904, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
	unit_assert_where(T + 903, HS_TASK_RUNNING, 1, HS_QOS_INTERACTIVE);
	nowhere.rejected[HS_ERR_INVALID_QOS] = n;
	unit_assert_counts_nowhere(&nowhere);
	g_assert_cmpuint(atomic_load(&unit_sched.rq[1].cnt.moved), ==, 0);
}

/* Task ids at or above HS_MAX_TASKS are refused by every entry point. */
static void test_invalid_task(void)
{
	const uint32_t bad_task[] = {HS_MAX_TASKS, HS_MAX_TASKS + 1, HS_TASK_NONE};
	struct unit_image before, after;
	struct unit_counts want0, nowhere = {0};
	uint32_t i;

	unit_boot(2, 2);
	populate_background();
	unit_image_take(&before);
	unit_counts_read(0, &want0);
	for (i = 0; i < HS_ARRAY_SIZE(bad_task); i++) {
		UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 0, bad_task[i], HS_QOS_NORMAL),
			    HS_ERR_INVALID_TASK);
		UNIT_EXPECT(hs_rq_enqueue(&unit_sched, bad_task[i], HS_QOS_NORMAL),
			    HS_ERR_INVALID_TASK);
		UNIT_EXPECT(hs_rq_purge(&unit_sched, bad_task[i]), HS_ERR_INVALID_TASK);
		UNIT_EXPECT(hs_rq_set_task_qos(&unit_sched, bad_task[i], HS_QOS_IDLE),
			    HS_ERR_INVALID_TASK);
	}
	unit_image_take(&after);
	unit_image_assert_equal(&before, &after);
	want0.rejected[HS_ERR_INVALID_TASK] += 2 * HS_ARRAY_SIZE(bad_task);
	unit_assert_counts(0, &want0);
	nowhere.rejected[HS_ERR_INVALID_TASK] = 2 * HS_ARRAY_SIZE(bad_task);
	unit_assert_counts_nowhere(&nowhere);
	/* The last valid id works. */
	unit_enqueue(0, HS_MAX_TASKS - 1, HS_QOS_NORMAL);
	unit_assert_where(HS_MAX_TASKS - 1, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
}

/* Decisions, yields and finishes on an out-of-range CPU are refused. */
static void test_cpu_ops_invalid_cpu(void)
{
	struct unit_image before, after;
	struct unit_counts nowhere = {0};
	struct hs_pick p;

	unit_boot(2, 2);
	populate_background();
	unit_image_take(&before);
	p = hs_rq_pick(&unit_sched, HS_MAX_CPUS);
	g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_ERR_INVALID_CPU));
	g_assert_cmpuint(p.task, ==, HS_TASK_NONE);
	UNIT_EXPECT(hs_rq_yield(&unit_sched, HS_MAX_CPUS), HS_ERR_INVALID_CPU);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, UINT32_MAX), HS_ERR_INVALID_CPU);
	UNIT_EXPECT(hs_rq_set_steal_ceiling(&unit_sched, HS_MAX_CPUS, HS_QOS_IDLE),
		    HS_ERR_INVALID_CPU);
	UNIT_EXPECT(hs_rq_set_steal_ceiling(&unit_sched, 0, 4), HS_ERR_INVALID_QOS);
	unit_image_take(&after);
	unit_image_assert_equal(&before, &after);
	nowhere.rejected[HS_ERR_INVALID_CPU] = 3;
	unit_assert_counts_nowhere(&nowhere);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/reject/enqueue-full-each-class", test_enqueue_full_each_class);
	g_test_add_func("/reject/enqueue-invalid-cpu", test_enqueue_invalid_cpu);
	g_test_add_func("/reject/enqueue-offline-cpu", test_enqueue_offline_cpu);
	g_test_add_func("/reject/enqueue-unidentified-caller", test_enqueue_unidentified_caller);
	g_test_add_func("/reject/invalid-qos-enqueue", test_invalid_qos_enqueue);
	g_test_add_func("/reject/invalid-qos-set-task-qos", test_invalid_qos_set_task_qos);
	g_test_add_func("/reject/invalid-task", test_invalid_task);
	g_test_add_func("/reject/cpu-ops-invalid-cpu", test_cpu_ops_invalid_cpu);
	return g_test_run();
}
