// SPDX-License-Identifier: MIT
/*
 * The hotplug protocol in the core (CONTRACT 1, rq.h hs_rq_drain_offline):
 * once a CPU is offline and drained, no remote waker and no thief can put a
 * task on it or take one from it, with no grace period in the port. The
 * race test runs a real thief thread against the drain and keeps a ledger:
 * every task is either stolen or drained, never both, never neither.
 */
#include "unit_fixture.h"

#include <pthread.h>

enum { T = 400 };

/* Drain of an offline CPU: current first, then each class high to low, FIFO. */
static void test_drain_takes_everything_in_order(void)
{
	struct hs_drained out;
	uint32_t q;

	unit_boot(3, 3);
	unit_enqueue(1, T, HS_QOS_NORMAL);
	hs_host_arch_become_cpu(1);
	unit_pick_expect(1, HS_PICK_LOCAL, T); /* T is CPU 1's current task */
	hs_host_arch_become_cpu(0);
	unit_enqueue(1, T + 1, HS_QOS_IDLE);
	unit_enqueue(1, T + 2, HS_QOS_PERFBURST);
	unit_enqueue(1, T + 3, HS_QOS_IDLE);
	UNIT_EXPECT(hs_cpu_mark_offline(1), HS_OK);
	UNIT_EXPECT(hs_rq_drain_offline(&unit_sched, 1, &out), HS_OK);
	g_assert_cmpuint(out.n, ==, 4);
	g_assert_cmpuint(out.task[0], ==, T);
	g_assert_cmpuint(out.qos[0], ==, HS_QOS_NORMAL);
	g_assert_cmpuint(out.task[1], ==, T + 2);
	g_assert_cmpuint(out.qos[1], ==, HS_QOS_PERFBURST);
	g_assert_cmpuint(out.task[2], ==, T + 1);
	g_assert_cmpuint(out.task[3], ==, T + 3);
	g_assert_cmpuint(out.qos[3], ==, HS_QOS_IDLE);
	for (q = 0; q < 4; q++)
		unit_assert_where(T + q, HS_TASK_FREE, 0, 0);
	unit_assert_cpu_queues_empty(1);
	g_assert_cmpuint(hs_rq_current(&unit_sched, 1), ==, HS_TASK_NONE);
}

/* Nothing gets on a drained CPU, and nothing comes off it. */
static void test_drained_cpu_stays_empty(void)
{
	struct hs_drained out;
	struct hs_pick p;

	unit_boot(2, 2);
	unit_enqueue(1, T, HS_QOS_NORMAL);
	UNIT_EXPECT(hs_cpu_mark_offline(1), HS_OK);
	UNIT_EXPECT(hs_rq_drain_offline(&unit_sched, 1, &out), HS_OK);
	g_assert_cmpuint(out.n, ==, 1);
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 1, T, HS_QOS_NORMAL), HS_ERR_CPU_OFFLINE);
	p = hs_rq_pick(&unit_sched, 0);
	g_assert_cmpuint(p.kind, ==, HS_PICK_IDLE);
	/* The handed-over task goes where the port puts it, once. */
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
}

/* A drain is refused while the CPU is online, and for out-of-range ids. */
static void test_drain_refused_while_online(void)
{
	struct hs_drained out;
	struct unit_image before;

	unit_boot(2, 2);
	unit_enqueue(1, T, HS_QOS_NORMAL);
	unit_image_take(&before);
	UNIT_EXPECT(hs_rq_drain_offline(&unit_sched, 1, &out), HS_ERR_INVALID_ARG);
	g_assert_cmpuint(out.n, ==, 0);
	UNIT_EXPECT(hs_rq_drain_offline(&unit_sched, HS_MAX_CPUS, &out), HS_ERR_INVALID_CPU);
	unit_image_assert_unchanged(&before);
}

/* The race: CPU 0 steals from CPU 1 while CPU 2 takes CPU 1 offline. */
enum { RACE_ROUNDS = 300, RACE_TASKS = 3 };

struct race {
	_Atomic uint32_t stop;
	_Atomic uint32_t got[RACE_TASKS]; /* times the thief took each task */
};

static struct race race;

/* CPU 0: decide, and finish whatever it ran (recording it). */
static void *race_thief(void *arg)
{
	hs_host_arch_become_cpu(0);
	/* Acquire: pairs with the controller's release store of stop. */
	while (!atomic_load_explicit(&race.stop, memory_order_acquire)) {
		struct hs_pick p = hs_rq_pick(&unit_sched, 0);

		/* Stolen, or parked here by a batch steal and picked now. */
		if (p.kind == HS_PICK_STOLEN || p.kind == HS_PICK_LOCAL) {
			g_assert_cmpuint(p.task - T, <, RACE_TASKS);
			atomic_fetch_add(&race.got[p.task - T], 1);
			UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
		}
	}
	return arg;
}

static void test_drain_races_a_thief(void)
{
	struct hs_drained out;
	pthread_t thief;
	uint32_t round, i, k, taken, stolen_total = 0;

	unit_boot(3, 3);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, 2), HS_OK);
	atomic_store(&race.stop, 0);
	g_assert_cmpint(pthread_create(&thief, NULL, race_thief, NULL), ==, 0);
	hs_host_arch_become_cpu(2);
	for (round = 0; round < RACE_ROUNDS; round++) {
		for (i = 0; i < RACE_TASKS; i++) {
			atomic_store(&race.got[i], 0);
			UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 1, T + i, HS_QOS_NORMAL), HS_OK);
		}
		UNIT_EXPECT(hs_cpu_mark_offline(1), HS_OK);
		UNIT_EXPECT(hs_rq_drain_offline(&unit_sched, 1, &out), HS_OK);
		/* Drained: empty, and no waker can add to it. */
		unit_assert_cpu_queues_empty(1);
		UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 1, T + RACE_TASKS, HS_QOS_NORMAL),
			    HS_ERR_CPU_OFFLINE);
		/* Ledger: each task drained or stolen, exactly once. */
		for (i = 0; i < RACE_TASKS; i++) {
			uint32_t drained = 0;

			for (k = 0; k < out.n; k++)
				drained += out.task[k] == T + i;
			/* A stolen one is finished (FREE) once the thief is done with it. */
			for (k = 0; k < 1000000 && drained == 0 &&
				    hs_rq_where(&unit_sched, T + i).place != HS_TASK_FREE;
			     k++)
				;
			taken = atomic_load(&race.got[i]);
			g_assert_cmpuint(drained + taken, ==, 1);
			stolen_total += taken;
		}
		UNIT_EXPECT(hs_cpu_mark_online(1), HS_OK);
	}
	atomic_store_explicit(&race.stop, 1, memory_order_release);
	g_assert_cmpint(pthread_join(thief, NULL), ==, 0);
	g_test_message("%u of %u tasks stolen, the rest drained", stolen_total,
		       RACE_ROUNDS * RACE_TASKS);
	hs_host_arch_become_cpu(0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/hotplug/drain-takes-everything-in-order",
			test_drain_takes_everything_in_order);
	g_test_add_func("/hotplug/drained-cpu-stays-empty", test_drained_cpu_stays_empty);
	g_test_add_func("/hotplug/drain-refused-while-online", test_drain_refused_while_online);
	g_test_add_func("/hotplug/drain-races-a-thief", test_drain_races_a_thief);
	return g_test_run();
}
