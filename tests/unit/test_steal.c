// SPDX-License-Identifier: MIT
/*
 * Work stealing: only when the thief's own classes are empty, at most
 * steal_max tasks per decision, only from online victims, only classes at
 * or below the thief's ceiling, highest eligible class first, victims
 * scanned from (self + 1) mod present, and an explicit "contended" outcome
 * when a victim's lock cannot be had.
 */
#include "unit_fixture.h"

enum { T = 300 };

/* One decision on @cpu that must steal @task, taking @n tasks in all. */
static void steal_expect(uint32_t cpu, uint32_t task, uint32_t n)
{
	struct hs_pick p = hs_rq_pick(&unit_sched, cpu);

	g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_OK));
	g_assert_cmpuint(p.kind, ==, HS_PICK_STOLEN);
	g_assert_cmpuint(p.task, ==, task);
	g_assert_cmpuint(p.stolen, ==, n);
	g_assert_cmpuint(hs_rq_current(&unit_sched, cpu), ==, task);
}

/* CPU 0, the thief, has taken @stolen tasks in @steal_ops steal decisions. */
static void thief_steals_expect(uint32_t stolen, uint32_t steal_ops)
{
	g_assert_cmpuint(atomic_load(&unit_sched.rq[0].cnt.stolen), ==, stolen);
	g_assert_cmpuint(atomic_load(&unit_sched.rq[0].cnt.steal_ops), ==, steal_ops);
}

/* One decision on @cpu that must find nothing to run and no contention. */
static void idle_expect(uint32_t cpu)
{
	struct hs_pick p = hs_rq_pick(&unit_sched, cpu);

	g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_OK));
	g_assert_cmpuint(p.kind, ==, HS_PICK_IDLE);
	g_assert_cmpuint(p.task, ==, HS_TASK_NONE);
	g_assert_cmpuint(p.stolen, ==, 0);
	g_assert_cmpuint(hs_rq_current(&unit_sched, cpu), ==, HS_TASK_NONE);
}

/* An empty CPU takes the one Normal task of another through the steal path. */
static void test_single_task(void)
{
	struct unit_counts want0 = {0}, want1 = {0};

	unit_boot(2, 2);
	unit_enqueue(1, T, HS_QOS_NORMAL);
	want1.enqueued = 1;
	steal_expect(0, T, 1);
	unit_assert_where(T, HS_TASK_RUNNING, 0, HS_QOS_NORMAL);
	unit_assert_cpu_queues_empty(0);
	unit_assert_cpu_queues_empty(1);
	want0.stolen = 1;
	want0.steal_ops = 1;
	unit_assert_counts(0, &want0);
	unit_assert_counts(1, &want1);
}

/* With steal_max 1, one decision leaves exactly one of two tasks on the victim. */
static void test_above_bound_leaves_one(void)
{
	const uint32_t left[] = {T + 1};

	unit_boot(2, 2);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, 1), HS_OK);
	unit_enqueue_run(1, T, 2, HS_QOS_NORMAL);
	steal_expect(0, T + 0, 1);
	unit_assert_queue(1, HS_QOS_NORMAL, left, 1);
	unit_assert_cpu_queues_empty(0); /* nothing parked */
	thief_steals_expect(1, 1);
}

/* steal_max 3: the oldest runs, the next two park on the thief in FIFO order. */
static void test_batch_parks_in_fifo_order(void)
{
	const uint32_t parked[] = {T + 1, T + 2};
	const uint32_t left[] = {T + 3};

	unit_boot(2, 2);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, 3), HS_OK);
	unit_enqueue_run(1, T, 4, HS_QOS_NORMAL);
	steal_expect(0, T + 0, 3);
	unit_assert_queue(0, HS_QOS_NORMAL, parked, 2);
	unit_assert_queue(1, HS_QOS_NORMAL, left, 1);
	unit_assert_where(T + 0, HS_TASK_RUNNING, 0, HS_QOS_NORMAL);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
	unit_assert_where(T + 2, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
	unit_assert_where(T + 3, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
	thief_steals_expect(3, 1);

	/* The parked ones are now local work: the next decisions pop them. */
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	unit_pick_expect(0, HS_PICK_LOCAL, T + 1);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	unit_pick_expect(0, HS_PICK_LOCAL, T + 2);
	g_assert_cmpuint(atomic_load(&unit_sched.rq[0].cnt.picked), ==, 2);
}

/*
 * The largest bound against a victim with two full classes: the thief
 * takes min(bound, what is eligible), every task lands in a class queue of
 * the thief within its capacity, and none is lost or duplicated.
 */
static void test_batch_within_room(void)
{
	uint32_t vnormal[HS_QUEUE_CAPACITY], vidle[HS_QUEUE_CAPACITY];
	uint32_t take_normal, take_idle, i;

	unit_boot(2, 2);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, HS_STEAL_MAX_LIMIT), HS_OK);
	for (i = 0; i < HS_QUEUE_CAPACITY; i++) {
		vnormal[i] = T + i;
		vidle[i] = T + HS_QUEUE_CAPACITY + i;
		unit_enqueue(1, vnormal[i], HS_QOS_NORMAL);
		unit_enqueue(1, vidle[i], HS_QOS_IDLE);
	}
	take_normal = MIN(HS_STEAL_MAX_LIMIT, HS_QUEUE_CAPACITY);
	take_idle = MIN(HS_STEAL_MAX_LIMIT - take_normal, HS_QUEUE_CAPACITY);

	steal_expect(0, vnormal[0], take_normal + take_idle);
	unit_assert_queue(0, HS_QOS_NORMAL, &vnormal[1], take_normal - 1);
	unit_assert_queue(0, HS_QOS_IDLE, vidle, take_idle);
	unit_assert_queue(1, HS_QOS_NORMAL, &vnormal[take_normal], HS_QUEUE_CAPACITY - take_normal);
	unit_assert_queue(1, HS_QOS_IDLE, &vidle[take_idle], HS_QUEUE_CAPACITY - take_idle);
	g_assert_cmpuint(hs_rq_len(&unit_sched, 0, HS_QOS_NORMAL), <=, HS_QUEUE_CAPACITY);
	g_assert_cmpuint(hs_rq_len(&unit_sched, 0, HS_QOS_IDLE), <=, HS_QUEUE_CAPACITY);
	for (i = 0; i < HS_QUEUE_CAPACITY; i++) {
		unit_assert_where(vnormal[i], i == 0 ? HS_TASK_RUNNING : HS_TASK_QUEUED,
				  i < take_normal ? 0 : 1, HS_QOS_NORMAL);
		unit_assert_where(vidle[i], HS_TASK_QUEUED, i < take_idle ? 0 : 1, HS_QOS_IDLE);
	}
	thief_steals_expect(take_normal + take_idle, 1);
}

/* Bounds 0 and HS_STEAL_MAX_LIMIT + 1 are refused and leave the bound as it was. */
static void test_steal_max_out_of_range(void)
{
	const uint32_t left[] = {T + 2};

	unit_boot(2, 2);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, HS_STEAL_MAX_LIMIT), HS_OK);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, 1), HS_OK);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, 2), HS_OK);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, 0), HS_ERR_INVALID_ARG);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, HS_STEAL_MAX_LIMIT + 1), HS_ERR_INVALID_ARG);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, UINT32_MAX), HS_ERR_INVALID_ARG);
	/* The bound is still 2: a decision takes exactly two of three. */
	unit_enqueue_run(1, T, 3, HS_QOS_NORMAL);
	steal_expect(0, T + 0, 2);
	unit_assert_queue(1, HS_QOS_NORMAL, left, 1);
}

/* A Normal-ceiling thief leaves Interactive and PerfBurst work alone. */
static void test_higher_qos_refused(void)
{
	struct unit_image before;
	struct unit_counts want0 = {0};

	unit_boot(2, 2);
	unit_enqueue(1, T + 0, HS_QOS_INTERACTIVE);
	unit_enqueue(1, T + 1, HS_QOS_PERFBURST);
	unit_image_take(&before);
	idle_expect(0);
	unit_image_assert_unchanged(&before);
	unit_assert_where(T + 0, HS_TASK_QUEUED, 1, HS_QOS_INTERACTIVE);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 1, HS_QOS_PERFBURST);
	unit_assert_counts(0, &want0);
}

/* Raising the ceiling admits exactly the classes up to it. */
static void test_ceiling_raised_allows(void)
{
	const uint32_t perf[] = {T + 1};

	unit_boot(2, 2);
	unit_enqueue(1, T + 0, HS_QOS_INTERACTIVE);
	unit_enqueue(1, T + 1, HS_QOS_PERFBURST);
	UNIT_EXPECT(hs_rq_set_steal_ceiling(&unit_sched, 0, HS_QOS_INTERACTIVE), HS_OK);
	steal_expect(0, T + 0, 1);
	unit_assert_where(T + 0, HS_TASK_RUNNING, 0, HS_QOS_INTERACTIVE);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	/* PerfBurst is still above an Interactive ceiling. */
	idle_expect(0);
	unit_assert_queue(1, HS_QOS_PERFBURST, perf, 1);
	UNIT_EXPECT(hs_rq_set_steal_ceiling(&unit_sched, 0, HS_QOS_PERFBURST), HS_OK);
	steal_expect(0, T + 1, 1);
	unit_assert_cpu_queues_empty(1);
}

/* The highest class at or below the ceiling goes first, then the next. */
static void test_highest_eligible_class_first(void)
{
	const uint32_t inter[] = {T + 3};

	unit_boot(2, 2);
	unit_enqueue(1, T + 0, HS_QOS_IDLE);
	unit_enqueue(1, T + 1, HS_QOS_NORMAL);
	unit_enqueue(1, T + 2, HS_QOS_NORMAL);
	unit_enqueue(1, T + 3, HS_QOS_INTERACTIVE);
	steal_expect(0, T + 1, 1);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	steal_expect(0, T + 2, 1);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	steal_expect(0, T + 0, 1);
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	idle_expect(0);
	unit_assert_queue(1, HS_QOS_INTERACTIVE, inter, 1);

	/* One batch across every class: each lands in its own class on the thief. */
	unit_boot(2, 2);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, HS_STEAL_MAX_LIMIT), HS_OK);
	UNIT_EXPECT(hs_rq_set_steal_ceiling(&unit_sched, 0, HS_QOS_PERFBURST), HS_OK);
	unit_enqueue(1, T + 0, HS_QOS_IDLE);
	unit_enqueue(1, T + 1, HS_QOS_NORMAL);
	unit_enqueue(1, T + 2, HS_QOS_INTERACTIVE);
	unit_enqueue(1, T + 3, HS_QOS_PERFBURST);
	steal_expect(0, T + 3, 4);
	unit_assert_where(T + 3, HS_TASK_RUNNING, 0, HS_QOS_PERFBURST);
	unit_assert_where(T + 2, HS_TASK_QUEUED, 0, HS_QOS_INTERACTIVE);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
	unit_assert_where(T + 0, HS_TASK_QUEUED, 0, HS_QOS_IDLE);
	unit_assert_cpu_queues_empty(1);
}

/* Any local work, even Idle, runs before eligible remote work is stolen. */
static void test_local_work_before_steal(void)
{
	struct unit_image before, after;

	/* Local higher than remote. */
	unit_boot(2, 2);
	unit_enqueue(0, T + 0, HS_QOS_INTERACTIVE);
	unit_enqueue(1, T + 1, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T + 0);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);

	/* Local lower than remote, remote eligible under a raised ceiling. */
	unit_boot(2, 2);
	UNIT_EXPECT(hs_rq_set_steal_ceiling(&unit_sched, 0, HS_QOS_PERFBURST), HS_OK);
	unit_enqueue(0, T + 0, HS_QOS_IDLE);
	unit_enqueue(1, T + 1, HS_QOS_PERFBURST);
	unit_enqueue(1, T + 2, HS_QOS_NORMAL);
	unit_image_take(&before);
	unit_pick_expect(0, HS_PICK_LOCAL, T + 0);
	unit_image_take(&after);
	/* Only CPU 0 changed: its Idle task became current. */
	g_assert_cmpuint(after.len[0][HS_QOS_IDLE], ==, 0);
	after.len[0][HS_QOS_IDLE] = before.len[0][HS_QOS_IDLE];
	after.slot[0][HS_QOS_IDLE][0] = before.slot[0][HS_QOS_IDLE][0];
	after.current[0] = before.current[0];
	unit_image_assert_equal(&before, &after);
	thief_steals_expect(0, 0);

	/* Only once the local queues are empty does the thief look elsewhere. */
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	steal_expect(0, T + 1, 1);
}

/* Victims are scanned from (self + 1) mod present, wrapping round. */
static void test_victim_rotation(void)
{
	uint32_t thief, i;

	for (thief = 0; thief < 4; thief++) {
		unit_boot(4, 4);
		for (i = 0; i < 4; i++) {
			if (i != thief)
				unit_enqueue(i, T + i, HS_QOS_NORMAL);
		}
		/* Drained in scan order: thief+1, thief+2, thief+3 (mod 4). */
		for (i = 1; i < 4; i++) {
			uint32_t victim = (thief + i) % 4;

			steal_expect(thief, T + victim, 1);
			unit_assert_cpu_queues_empty(victim);
			UNIT_EXPECT(hs_rq_finish(&unit_sched, thief), HS_OK);
		}
		idle_expect(thief);
	}

	/* Work on CPUs 0 and 2 only: CPU 1 takes from 2 first, CPU 3 from 0. */
	unit_boot(4, 4);
	unit_enqueue(0, T + 0, HS_QOS_NORMAL);
	unit_enqueue(2, T + 2, HS_QOS_NORMAL);
	unit_enqueue(2, T + 3, HS_QOS_NORMAL);
	steal_expect(1, T + 2, 1);
	steal_expect(3, T + 0, 1);
	unit_assert_where(T + 3, HS_TASK_QUEUED, 2, HS_QOS_NORMAL);
}

/* An offline victim is skipped; the scan goes on to the next online one. */
static void test_offline_victim_skipped(void)
{
	unit_boot(3, 3);
	unit_enqueue(1, T + 1, HS_QOS_NORMAL);
	unit_enqueue(2, T + 2, HS_QOS_NORMAL);
	UNIT_EXPECT(hs_cpu_mark_offline(1), HS_OK);
	steal_expect(0, T + 2, 1);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
}

/* The only work sits on an offline CPU: nobody takes it until it is back. */
static void test_offline_queue_not_stolen(void)
{
	struct unit_image before;

	unit_boot(2, 2);
	unit_enqueue(1, T, HS_QOS_NORMAL);
	UNIT_EXPECT(hs_cpu_mark_offline(1), HS_OK);
	unit_image_take(&before);
	idle_expect(0);
	idle_expect(0);
	unit_image_assert_unchanged(&before);
	unit_assert_where(T, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
	g_assert_cmpuint(atomic_load(&unit_sched.rq[0].cnt.stolen), ==, 0);
	UNIT_EXPECT(hs_cpu_mark_online(1), HS_OK);
	steal_expect(0, T, 1);
}

/*
 * Hold the victim's lock as CPU 1 would (this thread, interrupts off), then
 * decide on CPU 0: the steal gives up after its bounded tries and says
 * "contended", with no task moved and the thief's contended counter +1.
 */
static void test_contended_victim(void)
{
	struct unit_image before;
	struct unit_counts want0 = {0};
	struct hs_pick p;

	unit_boot(2, 2);
	unit_enqueue(1, T, HS_QOS_NORMAL);
	unit_image_take(&before);

	p = unit_decide_while_locked(1, 0, hs_rq_pick);

	g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_ERR_CONTENDED));
	g_assert_cmpuint(p.kind, ==, HS_PICK_IDLE);
	g_assert_cmpuint(p.task, ==, HS_TASK_NONE);
	g_assert_cmpuint(p.stolen, ==, 0);
	unit_image_assert_unchanged(&before);
	unit_assert_where(T, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
	want0.contended = 1;
	unit_assert_counts(0, &want0);

	/* Lock released: the same decision now steals. */
	steal_expect(0, T, 1);
	want0.stolen = 1;
	want0.steal_ops = 1;
	unit_assert_counts(0, &want0);
}

/* A contended victim does not stop the scan: the next eligible one is used. */
static void test_contended_victim_next_one_used(void)
{
	struct hs_pick p;

	unit_boot(3, 3);
	unit_enqueue(1, T + 1, HS_QOS_NORMAL);
	unit_enqueue(2, T + 2, HS_QOS_NORMAL);
	p = unit_decide_while_locked(1, 0, hs_rq_pick);

	g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_OK));
	g_assert_cmpuint(p.kind, ==, HS_PICK_STOLEN);
	g_assert_cmpuint(p.task, ==, T + 2);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
	unit_assert_where(T + 2, HS_TASK_RUNNING, 0, HS_QOS_NORMAL);
	/* The decision did not give up, so it is not counted as contended. */
	g_assert_cmpuint(atomic_load(&unit_sched.rq[0].cnt.contended), ==, 0);
}

/*
 * Class-major across victims (CONTRACT 1): CPU 1 holds an Idle task, CPU 2
 * a Normal one; CPU 0 must take the Normal one although CPU 1 comes first
 * in its scan. The victim-major order (the first victim with any eligible
 * work) took the Idle task: a QoS inversion.
 */
static void test_class_major_across_victims(void)
{
	struct unit_counts want0 = {0}, want1 = {0}, want2 = {0};

	unit_boot(3, 3);
	unit_enqueue(1, T, HS_QOS_IDLE);
	unit_enqueue(2, T + 1, HS_QOS_NORMAL);
	want1.enqueued = 1;
	want2.enqueued = 1;
	steal_expect(0, T + 1, 1);
	unit_assert_where(T + 1, HS_TASK_RUNNING, 0, HS_QOS_NORMAL);
	unit_assert_where(T, HS_TASK_QUEUED, 1, HS_QOS_IDLE);
	want0.stolen = 1;
	want0.steal_ops = 1;
	unit_assert_counts(0, &want0);
	unit_assert_counts(1, &want1);
	unit_assert_counts(2, &want2);
	/* Only once no Normal work is left anywhere does the Idle task go. */
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	steal_expect(0, T, 1);
}

/*
 * A batch is class-major too: with bound 3, CPU 1 holding Idle {T} and
 * Normal {T+1}, CPU 2 holding Normal {T+2}, CPU 0 takes T+1 (current),
 * then T+2 (Normal, next victim), then T (Idle), in that order.
 */
static void test_class_major_batch(void)
{
	const uint32_t want_normal[] = {T + 2}, want_idle[] = {T};

	unit_boot(3, 3);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, 3), HS_OK);
	unit_enqueue(1, T, HS_QOS_IDLE);
	unit_enqueue(1, T + 1, HS_QOS_NORMAL);
	unit_enqueue(2, T + 2, HS_QOS_NORMAL);
	steal_expect(0, T + 1, 3);
	unit_assert_queue(0, HS_QOS_NORMAL, want_normal, 1);
	unit_assert_queue(0, HS_QOS_IDLE, want_idle, 1);
	unit_assert_cpu_queues_empty(1);
	unit_assert_cpu_queues_empty(2);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/steal/single-task", test_single_task);
	g_test_add_func("/steal/above-bound-leaves-one", test_above_bound_leaves_one);
	g_test_add_func("/steal/batch-parks-in-fifo-order", test_batch_parks_in_fifo_order);
	g_test_add_func("/steal/batch-within-room", test_batch_within_room);
	g_test_add_func("/steal/steal-max-out-of-range", test_steal_max_out_of_range);
	g_test_add_func("/steal/higher-qos-refused", test_higher_qos_refused);
	g_test_add_func("/steal/ceiling-raised-allows", test_ceiling_raised_allows);
	g_test_add_func("/steal/highest-eligible-class-first", test_highest_eligible_class_first);
	g_test_add_func("/steal/local-work-before-steal", test_local_work_before_steal);
	g_test_add_func("/steal/victim-rotation", test_victim_rotation);
	g_test_add_func("/steal/offline-victim-skipped", test_offline_victim_skipped);
	g_test_add_func("/steal/offline-queue-not-stolen", test_offline_queue_not_stolen);
	g_test_add_func("/steal/class-major-across-victims", test_class_major_across_victims);
	g_test_add_func("/steal/class-major-batch", test_class_major_batch);
	g_test_add_func("/steal/contended-victim", test_contended_victim);
	g_test_add_func("/steal/contended-victim-next-one-used",
			test_contended_victim_next_one_used);
	return g_test_run();
}
