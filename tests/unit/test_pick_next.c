// SPDX-License-Identifier: MIT
/*
 * hs_rq_pick_next(): finish the current task and make the next decision
 * under one lock. It must be exactly hs_rq_finish() followed by
 * hs_rq_pick() (same queues, places and counters afterwards), report the
 * task it finished, never keep the old task current, and reject an invalid
 * CPU without touching anything. Built against the capacity-64 and the
 * capacity-4 core.
 */
#include "unit_fixture.h"

/* Task ids used below; far from the ladder's reserved top ids. */
enum { T = 300 };

/* One pick_next on @cpu that must finish @finished and answer @kind / @task. */
static struct hs_pick pick_next_expect(uint32_t cpu, uint32_t finished, uint32_t kind,
				       uint32_t task)
{
	struct hs_pick p = hs_rq_pick_next(&unit_sched, cpu);

	g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_OK));
	g_assert_cmpuint(p.finished, ==, finished);
	g_assert_cmpuint(p.kind, ==, kind);
	g_assert_cmpuint(p.task, ==, task);
	g_assert_cmpuint(hs_rq_current(&unit_sched, cpu), ==, task);
	if (finished != HS_TASK_NONE && finished != task)
		unit_assert_where(finished, HS_TASK_FREE, 0, 0);
	return p;
}

/* It finishes the running task and then runs the queue in class order. */
static void test_finishes_then_picks_in_class_order(void)
{
	struct unit_counts want = {0};

	unit_boot(1, 1);
	unit_enqueue(0, T + 0, HS_QOS_IDLE);
	unit_enqueue(0, T + 1, HS_QOS_NORMAL);
	unit_enqueue(0, T + 2, HS_QOS_PERFBURST);
	unit_enqueue(0, T + 3, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T + 2);

	pick_next_expect(0, T + 2, HS_PICK_LOCAL, T + 1);
	unit_assert_where(T + 1, HS_TASK_RUNNING, 0, HS_QOS_NORMAL);
	/* A PerfBurst arrival overtakes the waiting Normal one, as with pick. */
	unit_enqueue(0, T + 4, HS_QOS_PERFBURST);
	pick_next_expect(0, T + 1, HS_PICK_LOCAL, T + 4);
	pick_next_expect(0, T + 4, HS_PICK_LOCAL, T + 3);
	pick_next_expect(0, T + 3, HS_PICK_LOCAL, T + 0);
	pick_next_expect(0, T + 0, HS_PICK_IDLE, HS_TASK_NONE);
	unit_assert_cpu_queues_empty(0);

	want.enqueued = 5;
	want.picked = 5;
	want.finished = 5;
	unit_assert_counts(0, &want);
}

/* With no current task it is a plain decision that finishes nothing. */
static void test_without_current_is_a_plain_pick(void)
{
	struct unit_counts want = {0};

	unit_boot(1, 1);
	pick_next_expect(0, HS_TASK_NONE, HS_PICK_IDLE, HS_TASK_NONE);
	unit_assert_counts(0, &want);

	unit_enqueue(0, T, HS_QOS_INTERACTIVE);
	pick_next_expect(0, HS_TASK_NONE, HS_PICK_LOCAL, T);
	want.enqueued = 1;
	want.picked = 1;
	unit_assert_counts(0, &want);
}

/*
 * It never answers "current": the running task is finished, not kept, and
 * may be queued again at once (here it comes back behind the other one).
 */
static void test_never_keeps_the_running_task(void)
{
	unit_boot(1, 1);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_enqueue(0, T + 1, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T);

	pick_next_expect(0, T, HS_PICK_LOCAL, T + 1);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
	pick_next_expect(0, T + 1, HS_PICK_LOCAL, T);
	pick_next_expect(0, T, HS_PICK_IDLE, HS_TASK_NONE);
	/* Both finished: neither is anywhere. */
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	unit_assert_where(T + 1, HS_TASK_FREE, 0, 0);
}

/* Own queues empty after the finish: the decision steals, as pick would. */
static void test_finishes_then_steals(void)
{
	struct unit_counts want0 = {0}, want1 = {0};
	const uint32_t left[] = {T + 3};

	unit_boot(2, 2);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_enqueue(1, T + 1, HS_QOS_INTERACTIVE); /* above the ceiling: stays */
	unit_enqueue(1, T + 2, HS_QOS_NORMAL);
	unit_enqueue(1, T + 3, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T);

	{
		struct hs_pick p = pick_next_expect(0, T, HS_PICK_STOLEN, T + 2);

		g_assert_cmpuint(p.stolen, ==, 1);
	}
	unit_assert_where(T + 2, HS_TASK_RUNNING, 0, HS_QOS_NORMAL);
	unit_assert_queue(1, HS_QOS_NORMAL, left, 1);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 1, HS_QOS_INTERACTIVE);

	want0.enqueued = 1;
	want0.picked = 1;
	want0.finished = 1;
	want0.stolen = 1;
	want0.steal_ops = 1;
	unit_assert_counts(0, &want0);
	want1.enqueued = 3;
	unit_assert_counts(1, &want1);
}

/* The finish happens even when the steal that follows is contended. */
static void test_contended_steal_still_finishes(void)
{
	struct unit_counts want0 = {0};
	struct hs_pick p;

	unit_boot(2, 2);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_enqueue(1, T + 1, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T);

	/* Hold CPU 1's lock as CPU 1 would, then decide on CPU 0. */
	p = unit_decide_while_locked(1, 0, hs_rq_pick_next);

	g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_ERR_CONTENDED));
	g_assert_cmpuint(p.kind, ==, HS_PICK_IDLE);
	g_assert_cmpuint(p.task, ==, HS_TASK_NONE);
	g_assert_cmpuint(p.finished, ==, T);
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 1, HS_QOS_NORMAL);
	g_assert_cmpuint(hs_rq_current(&unit_sched, 0), ==, HS_TASK_NONE);
	want0.enqueued = 1;
	want0.picked = 1;
	want0.finished = 1;
	want0.contended = 1;
	unit_assert_counts(0, &want0);
}

/*
 * A decision never runs out of order against a slow path of its own CPU:
 * while CPU 0's slow lock is held (a purge, move or drain may have entries
 * out of the ring), CPU 0's own decision is contended and moves nothing,
 * even with work queued locally. Without the check it popped a task that
 * might not be the highest or oldest one at that moment.
 */
static void test_own_slow_path_makes_decision_contended(void)
{
	struct unit_image before;
	struct hs_pick p;

	unit_boot(2, 2);
	unit_enqueue(0, T, HS_QOS_INTERACTIVE);
	unit_enqueue(0, T + 1, HS_QOS_NORMAL);
	unit_image_take(&before);
	p = unit_decide_while_locked(0, 0, hs_rq_pick);
	g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_ERR_CONTENDED));
	g_assert_cmpuint(p.task, ==, HS_TASK_NONE);
	unit_image_assert_unchanged(&before);
	/* Once the slow path is done the same decision picks in order. */
	unit_pick_expect(0, HS_PICK_LOCAL, T);
}

/* An out-of-range CPU: rejected, nothing finished, nothing moved. */
static void test_invalid_cpu_touches_nothing(void)
{
	static const uint32_t bad[] = {HS_MAX_CPUS, HS_MAX_CPUS + 1, UINT32_MAX};
	struct unit_counts want0 = {0}, nowhere = {0};
	struct unit_image before;
	uint32_t i;

	unit_boot(2, 2);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_enqueue(0, T + 1, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
	unit_image_take(&before);
	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct hs_pick p = hs_rq_pick_next(&unit_sched, bad[i]);

		g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_ERR_INVALID_CPU));
		g_assert_cmpuint(p.kind, ==, HS_PICK_IDLE);
		g_assert_cmpuint(p.task, ==, HS_TASK_NONE);
		g_assert_cmpuint(p.finished, ==, HS_TASK_NONE);
	}
	unit_image_assert_unchanged(&before);
	unit_assert_where(T, HS_TASK_RUNNING, 0, HS_QOS_NORMAL);
	want0.enqueued = 2;
	want0.picked = 1;
	unit_assert_counts(0, &want0);
	nowhere.rejected[HS_ERR_INVALID_CPU] = G_N_ELEMENTS(bad);
	unit_assert_counts_nowhere(&nowhere);
}

/* A scripted mixed workload: every step is a decision on one of two CPUs. */
enum { SCRIPT_STEPS = 12 };

struct script_state {
	struct unit_image img;
	struct unit_counts counts[2];
	struct hs_task_where where[8];
	struct hs_pick picks[SCRIPT_STEPS];
};

/*
 * Boot, load both CPUs (several classes, steal bound 2 so a steal parks a
 * task), then run the decisions either as finish + pick or as pick_next,
 * and record what every decision answered and the state afterwards.
 */
static void run_script(bool fused, struct script_state *out)
{
	static const uint32_t cpu_of_step[SCRIPT_STEPS] = {0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1};
	uint32_t step, c, t;

	unit_boot(2, 2);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, 2), HS_OK);
	unit_enqueue(0, T + 0, HS_QOS_NORMAL);
	unit_enqueue(0, T + 1, HS_QOS_PERFBURST);
	unit_enqueue(1, T + 2, HS_QOS_NORMAL);
	unit_enqueue(1, T + 3, HS_QOS_NORMAL);
	unit_enqueue(1, T + 4, HS_QOS_IDLE);
	unit_enqueue(1, T + 5, HS_QOS_NORMAL);
	unit_enqueue(1, T + 6, HS_QOS_INTERACTIVE);
	unit_enqueue(1, T + 7, HS_QOS_IDLE);
	for (step = 0; step < SCRIPT_STEPS; step++) {
		c = cpu_of_step[step];
		if (fused) {
			out->picks[step] = hs_rq_pick_next(&unit_sched, c);
		} else {
			uint32_t was = hs_rq_current(&unit_sched, c);
			struct hs_outcome o = hs_rq_finish(&unit_sched, c);

			g_assert_cmpstr(
				hs_status_name(o.status), ==,
				hs_status_name(was == HS_TASK_NONE ? HS_ERR_NO_CURRENT : HS_OK));
			out->picks[step] = hs_rq_pick(&unit_sched, c);
			/* The split form's "finished": the current it cleared, if any. */
			out->picks[step].finished = was;
		}
	}
	unit_image_take(&out->img);
	for (c = 0; c < 2; c++)
		unit_counts_read(c, &out->counts[c]);
	for (t = 0; t < 8; t++)
		out->where[t] = hs_rq_where(&unit_sched, T + t);
}

/*
 * The same script twice: the fused call must decide exactly as finish +
 * pick does, step by step, and leave the same queues, places and counters
 * (finish's NO_CURRENT rejections aside, which the fused call never makes).
 */
static void test_same_as_finish_then_pick(void)
{
	static struct script_state split, fused;
	uint32_t step, c, t;

	run_script(false, &split);
	run_script(true, &fused);
	for (step = 0; step < SCRIPT_STEPS; step++) {
		g_assert_cmpuint(fused.picks[step].status, ==, split.picks[step].status);
		g_assert_cmpuint(fused.picks[step].kind, ==, split.picks[step].kind);
		g_assert_cmpuint(fused.picks[step].task, ==, split.picks[step].task);
		g_assert_cmpuint(fused.picks[step].stolen, ==, split.picks[step].stolen);
		g_assert_cmpuint(fused.picks[step].finished, ==, split.picks[step].finished);
	}
	unit_image_assert_equal(&split.img, &fused.img);
	for (c = 0; c < 2; c++) {
		split.counts[c].rejected[HS_ERR_NO_CURRENT] = 0;
		unit_assert_counts(c, &split.counts[c]);
	}
	for (t = 0; t < 8; t++) {
		g_assert_cmpuint(fused.where[t].place, ==, split.where[t].place);
		g_assert_cmpuint(fused.where[t].cpu, ==, split.where[t].cpu);
		g_assert_cmpuint(fused.where[t].qos, ==, split.where[t].qos);
	}
	/* The script did work: steals happened and some tasks finished. */
	g_assert_cmpuint(split.counts[0].steal_ops + split.counts[1].steal_ops, >, 0);
	g_assert_cmpuint(split.counts[0].finished + split.counts[1].finished, >, 4);
}

/* hs_pick_make packs its words by hand: every field must read back as given. */
static void test_pick_make_round_trip(void)
{
	struct hs_pick p = hs_pick_make(HS_ERR_CONTENDED, HS_PICK_STOLEN, 0x12345u, 16, 0xfedcbu);

	g_assert_cmpuint(p.status, ==, HS_ERR_CONTENDED);
	g_assert_cmpuint(p.kind, ==, HS_PICK_STOLEN);
	g_assert_cmpuint(p.stolen, ==, 16);
	g_assert_cmpuint(p.task, ==, 0x12345u);
	g_assert_cmpuint(p.finished, ==, 0xfedcbu);
	p = hs_pick_make(HS_OK, HS_PICK_IDLE, HS_TASK_NONE, 0, HS_TASK_NONE);
	g_assert_cmpuint(p.status, ==, HS_OK);
	g_assert_cmpuint(p.kind, ==, HS_PICK_IDLE);
	g_assert_cmpuint(p.stolen, ==, 0);
	g_assert_cmpuint(p.task, ==, HS_TASK_NONE);
	g_assert_cmpuint(p.finished, ==, HS_TASK_NONE);
}

/* The word accessors read what the fields hold, for every field's extremes. */
static void test_pick_accessors_match_fields(void)
{
	static const uint32_t words[][5] = {
		{HS_ERR_CONTENDED, HS_PICK_STOLEN, 0x12345u, 16, 0xfedcbu},
		{HS_OK, HS_PICK_IDLE, HS_TASK_NONE, 0, HS_TASK_NONE},
		{0xffffu, 0xffu, 0, 0xffu, 0},
		{HS_ERR_INVALID_CPU, HS_PICK_LOCAL, 7, 1, 3},
	};
	uint32_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const uint32_t *w = words[i];
		struct hs_pick p = hs_pick_make(w[0], w[1], w[2], w[3], w[4]);

		g_assert_cmpuint(hs_pick_status(p), ==, p.status);
		g_assert_cmpuint(hs_pick_kind(p), ==, p.kind);
		g_assert_cmpuint(hs_pick_task(p), ==, p.task);
		g_assert_cmpuint(hs_pick_stolen(p), ==, p.stolen);
		g_assert_cmpuint(hs_pick_finished(p), ==, p.finished);
		g_assert_cmpuint(hs_pick_status(p), ==, w[0]);
		g_assert_cmpuint(hs_pick_kind(p), ==, w[1]);
		g_assert_cmpuint(hs_pick_task(p), ==, w[2]);
		g_assert_cmpuint(hs_pick_stolen(p), ==, w[3]);
		g_assert_cmpuint(hs_pick_finished(p), ==, w[4]);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/pick-next/finishes-then-picks-in-class-order",
			test_finishes_then_picks_in_class_order);
	g_test_add_func("/pick-next/without-current-is-a-plain-pick",
			test_without_current_is_a_plain_pick);
	g_test_add_func("/pick-next/never-keeps-the-running-task",
			test_never_keeps_the_running_task);
	g_test_add_func("/pick-next/finishes-then-steals", test_finishes_then_steals);
	g_test_add_func("/pick-next/contended-steal-still-finishes",
			test_contended_steal_still_finishes);
	g_test_add_func("/pick-next/invalid-cpu-touches-nothing", test_invalid_cpu_touches_nothing);
	g_test_add_func("/pick-next/same-as-finish-then-pick", test_same_as_finish_then_pick);
	g_test_add_func("/pick-next/pick-make-round-trip", test_pick_make_round_trip);
	g_test_add_func("/pick-next/pick-accessors-match-fields", test_pick_accessors_match_fields);
	g_test_add_func("/pick-next/own-slow-path-makes-decision-contended",
			test_own_slow_path_makes_decision_contended);
	return g_test_run();
}
