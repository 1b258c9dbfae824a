// SPDX-License-Identifier: MIT
/*
 * The owner push (src/enqueue.c): CPU c's own enqueue and yield take no
 * producer lock while nobody else is in c's producer section. Each test pins one
 * half of the protocol: the owner backs off (claim undone, announcement
 * dropped) when plock is taken; a plock holder waits while an owner push
 * is announced; the rejects of an owner push keep the locked path's order
 * and leave nothing changed; and a ledger race of the owner against a
 * remote waker loses and duplicates nothing.
 */
#include "unit_fixture.h"

#include <pthread.h>

enum { T = 500 };

#define WAIT_US (10 * G_USEC_PER_SEC) /* a bound on each wait for the other thread */

static struct hs_rq *rq_of(uint32_t cpu)
{
	return &unit_sched.rq[cpu];
}

/* Waits (bounded) until rq[@cpu]'s producer lock has @n tickets taken past its owner. */
static void wait_plock_waiters(uint32_t cpu, uint32_t n)
{
	gint64 deadline = g_get_monotonic_time() + WAIT_US;
	struct hs_spinlock *l = &rq_of(cpu)->plock;

	while (atomic_load(&l->next) - atomic_load(&l->owner) < n) {
		g_assert_cmpint(g_get_monotonic_time(), <, deadline);
		g_usleep(100);
	}
}

/* CPU c's own enqueue leaves c's producer lock untouched; a remote one takes it. */
static void test_owner_enqueue_takes_no_lock(void)
{
	uint32_t next0, next1;

	unit_boot(2, 2); /* the caller is CPU 0 */
	next0 = atomic_load(&rq_of(0)->plock.next);
	next1 = atomic_load(&rq_of(1)->plock.next);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_enqueue(1, T + 1, HS_QOS_NORMAL);
	g_assert_cmpuint(atomic_load(&rq_of(0)->plock.next), ==, next0);
	g_assert_cmpuint(atomic_load(&rq_of(1)->plock.next), ==, next1 + 1);
	g_assert_cmpuint(atomic_load(&rq_of(0)->owner_push), ==, 0);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
}

struct owner_call {
	uint32_t cpu, task, qos;
	struct hs_outcome out;
};

/* A thread acting as CPU @c->cpu that enqueues onto its own CPU. */
static void *owner_thread(void *arg)
{
	struct owner_call *c = arg;

	hs_host_arch_become_cpu(c->cpu);
	c->out = hs_rq_enqueue_on(&unit_sched, c->cpu, c->task, c->qos);
	return NULL;
}

/* A thread acting as CPU 1 that enqueues onto @c->cpu (remote: through plock). */
static void *remote_thread(void *arg)
{
	struct owner_call *c = arg;

	hs_host_arch_become_cpu(1);
	c->out = hs_rq_enqueue_on(&unit_sched, c->cpu, c->task, c->qos);
	return NULL;
}

/*
 * With plock held by someone else, the owner's push undoes its claim, drops
 * its announcement and waits in line for plock: nothing reaches the ring
 * until the holder is done.
 */
static void test_owner_backs_off_while_plock_held(void)
{
	struct owner_call c = {.cpu = 0, .task = T, .qos = HS_QOS_INTERACTIVE};
	pthread_t th;

	unit_boot(2, 2);
	hs_spin_lock(&rq_of(0)->plock); /* the test stands in for a plock holder */
	g_assert_cmpint(pthread_create(&th, NULL, owner_thread, &c), ==, 0);
	wait_plock_waiters(0, 2); /* the holder, and the owner in line behind it */
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	g_assert_cmpuint(atomic_load(&rq_of(0)->owner_push), ==, 0);
	g_assert_cmpuint(hs_rq_len(&unit_sched, 0, HS_QOS_INTERACTIVE), ==, 0);
	hs_spin_unlock(&rq_of(0)->plock);
	g_assert_cmpint(pthread_join(th, NULL), ==, 0);
	g_assert_cmpuint(c.out.status, ==, HS_OK);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_INTERACTIVE);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
}

/* CPU c's own yield leaves c's producer lock untouched too. */
static void test_owner_yield_takes_no_lock(void)
{
	uint32_t next0;

	unit_boot(2, 2);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
	next0 = atomic_load(&rq_of(0)->plock.next);
	UNIT_EXPECT(hs_rq_yield(&unit_sched, 0), HS_OK);
	g_assert_cmpuint(atomic_load(&rq_of(0)->plock.next), ==, next0);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
	g_assert_cmpuint(hs_rq_current(&unit_sched, 0), ==, HS_TASK_NONE);
}

/* A thread acting as CPU 0 that yields CPU 0's current task. */
static void *yield_thread(void *arg)
{
	struct owner_call *c = arg;

	hs_host_arch_become_cpu(0);
	c->out = hs_rq_yield(&unit_sched, 0);
	return NULL;
}

/* With plock held by someone else, the owner's yield waits in line for it. */
static void test_owner_yield_backs_off_while_plock_held(void)
{
	struct owner_call c = {0};
	pthread_t th;

	unit_boot(2, 2);
	unit_enqueue(0, T, HS_QOS_NORMAL);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
	hs_spin_lock(&rq_of(0)->plock);
	g_assert_cmpint(pthread_create(&th, NULL, yield_thread, &c), ==, 0);
	wait_plock_waiters(0, 2);
	unit_assert_where(T, HS_TASK_RUNNING, 0, HS_QOS_NORMAL);
	g_assert_cmpuint(atomic_load(&rq_of(0)->owner_push), ==, 0);
	g_assert_cmpuint(hs_rq_len(&unit_sched, 0, HS_QOS_NORMAL), ==, 0);
	hs_spin_unlock(&rq_of(0)->plock);
	g_assert_cmpint(pthread_join(th, NULL), ==, 0);
	g_assert_cmpuint(c.out.status, ==, HS_OK);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
}

/*
 * A producer that takes plock while an owner push is announced waits for
 * the announcement to drop before it touches the ring.
 */
static void test_plock_holder_waits_for_owner_push(void)
{
	struct owner_call c = {.cpu = 0, .task = T, .qos = HS_QOS_NORMAL};
	pthread_t th;

	unit_boot(2, 2);
	atomic_store(&rq_of(0)->owner_push, 1); /* the test stands in for the owner mid-push */
	g_assert_cmpint(pthread_create(&th, NULL, remote_thread, &c), ==, 0);
	wait_plock_waiters(0, 1); /* the remote enqueue holds plock ... */
	g_usleep(20 * 1000);	  /* ... and, given time, still has not pushed */
	unit_assert_where(T, HS_TASK_FREE, 0, 0);
	g_assert_cmpuint(hs_rq_len(&unit_sched, 0, HS_QOS_NORMAL), ==, 0);
	atomic_store(&rq_of(0)->owner_push, 0);
	g_assert_cmpint(pthread_join(th, NULL), ==, 0);
	g_assert_cmpuint(c.out.status, ==, HS_OK);
	unit_assert_where(T, HS_TASK_QUEUED, 0, HS_QOS_NORMAL);
}

/*
 * An owner push that fails changes nothing (its claim is undone), and its
 * rejects come in the locked path's order: offline, then full, then
 * already queued or running.
 */
static void test_owner_rejects_keep_order_and_change_nothing(void)
{
	struct unit_image before;

	unit_boot(2, 2);
	unit_enqueue_run(0, T, HS_QUEUE_CAPACITY, HS_QOS_IDLE); /* Idle is full */
	unit_image_take(&before);
	UNIT_EXPECT_FULL(hs_rq_enqueue_on(&unit_sched, 0, T + HS_QUEUE_CAPACITY, HS_QOS_IDLE),
			 HS_QOS_IDLE);
	unit_assert_where(T + HS_QUEUE_CAPACITY, HS_TASK_FREE, 0, 0);
	/* Full before already queued, as under plock. */
	UNIT_EXPECT_FULL(hs_rq_enqueue_on(&unit_sched, 0, T, HS_QOS_IDLE), HS_QOS_IDLE);
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 0, T, HS_QOS_NORMAL), HS_ERR_ALREADY_QUEUED);
	unit_image_assert_unchanged(&before);
	unit_pick_expect(0, HS_PICK_LOCAL, T);
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 0, T, HS_QOS_NORMAL), HS_ERR_ALREADY_RUNNING);
	UNIT_EXPECT(hs_cpu_mark_offline(0), HS_OK);
	/* Offline before everything else. */
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 0, T, HS_QOS_NORMAL), HS_ERR_CPU_OFFLINE);
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, 0, T + HS_QUEUE_CAPACITY, HS_QOS_NORMAL),
		    HS_ERR_CPU_OFFLINE);
	unit_assert_where(T + HS_QUEUE_CAPACITY, HS_TASK_FREE, 0, 0);
	g_assert_cmpuint(atomic_load(&rq_of(0)->owner_push), ==, 0);
	UNIT_EXPECT(hs_cpu_mark_online(0), HS_OK);
}

/*
 * The race: CPU 0 enqueues its own tasks (owner pushes) and decides, while
 * CPU 1 wakes other tasks onto CPU 0 (plock). Every task is picked by CPU 0
 * exactly once, in FIFO order per waker (one class, so a ring's order is
 * the enqueue order of each side).
 */
enum { RACE_PER_SIDE = 20000, RACE_BASE_REMOTE = 8192 };

static _Atomic uint32_t race_remote_next; /* tasks CPU 1 has enqueued */

static void *race_waker(void *arg)
{
	uint32_t i = 0;
	gint64 deadline = g_get_monotonic_time() + WAIT_US * 3;

	hs_host_arch_become_cpu(1);
	while (i < RACE_PER_SIDE && g_get_monotonic_time() < deadline) {
		struct hs_outcome o = hs_rq_enqueue_on(&unit_sched, 0, RACE_BASE_REMOTE + i % 4096,
						       HS_QOS_NORMAL);

		if (o.status == HS_OK) {
			i++;
			atomic_store(&race_remote_next, i);
		} else if (o.status != HS_ERR_QUEUE_FULL && o.status != HS_ERR_ALREADY_QUEUED &&
			   o.status != HS_ERR_ALREADY_RUNNING) {
			g_error("remote enqueue: %s", hs_status_name(o.status));
		}
	}
	return NULL;
}

static void test_owner_races_remote_waker(void)
{
	uint32_t own = 0, picked_own = 0, picked_remote = 0, want_own = 0, want_remote = 0;
	gint64 deadline = g_get_monotonic_time() + WAIT_US * 3;
	pthread_t th;

	unit_boot(2, 2);
	atomic_store(&race_remote_next, 0);
	g_assert_cmpint(pthread_create(&th, NULL, race_waker, NULL), ==, 0);
	while ((picked_own < RACE_PER_SIDE || picked_remote < RACE_PER_SIDE) &&
	       g_get_monotonic_time() < deadline) {
		struct hs_pick p;
		uint32_t t;

		if (own < RACE_PER_SIDE &&
		    hs_rq_enqueue_on(&unit_sched, 0, T + own % 4096, HS_QOS_NORMAL).status == HS_OK)
			own++;
		p = hs_rq_pick_next(&unit_sched, 0);
		if (hs_pick_kind(p) != HS_PICK_LOCAL)
			continue;
		t = hs_pick_task(p);
		if (t >= RACE_BASE_REMOTE) {
			g_assert_cmpuint(t, ==, RACE_BASE_REMOTE + want_remote % 4096);
			want_remote++;
			picked_remote++;
		} else {
			g_assert_cmpuint(t, ==, T + want_own % 4096);
			want_own++;
			picked_own++;
		}
	}
	UNIT_EXPECT(hs_rq_finish(&unit_sched, 0), HS_OK);
	g_assert_cmpint(pthread_join(th, NULL), ==, 0);
	g_assert_cmpuint(picked_own, ==, RACE_PER_SIDE);
	g_assert_cmpuint(picked_remote, ==, RACE_PER_SIDE);
	g_assert_cmpuint(atomic_load(&race_remote_next), ==, RACE_PER_SIDE);
	unit_assert_cpu_queues_empty(0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/owner-push/owner-enqueue-takes-no-lock",
			test_owner_enqueue_takes_no_lock);
	g_test_add_func("/owner-push/backs-off-while-plock-held",
			test_owner_backs_off_while_plock_held);
	g_test_add_func("/owner-push/plock-holder-waits-for-owner-push",
			test_plock_holder_waits_for_owner_push);
	g_test_add_func("/owner-push/owner-yield-takes-no-lock", test_owner_yield_takes_no_lock);
	g_test_add_func("/owner-push/yield-backs-off-while-plock-held",
			test_owner_yield_backs_off_while_plock_held);
	g_test_add_func("/owner-push/rejects-keep-order-and-change-nothing",
			test_owner_rejects_keep_order_and_change_nothing);
	g_test_add_func("/owner-push/races-remote-waker", test_owner_races_remote_waker);
	return g_test_run();
}
