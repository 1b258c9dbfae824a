// SPDX-License-Identifier: MIT
/*
 * The operation mix one hart runs in an epoch: local and remote enqueue,
 * pick (with stealing), yield, finish, pick_next (finish + pick under one
 * lock), purge, set_task_qos, resched IPIs, idle turns, bad input, and the
 * injected faults (refused or delayed IPIs, interrupts held off, a hart
 * unplugging itself, saturation storms).
 *
 * Every outcome is checked against the set the contract allows for that
 * call at that moment and tallied; ledger.c later proves the tallies and
 * the core's own counters and queues agree.
 *
 * In class-ledger epochs every call that can create, free or re-class a
 * task (enqueue, finish, pick_next, purge, set_task_qos) holds that task's
 * driver lock, so the class read under the lock is the class at the call's
 * linearisation point and the per-class mass can be balanced exactly. Pick, yield and
 * steals never change a class and never take the driver lock. In the other
 * epochs nothing is serialised by the driver and purge / finish / set_qos
 * race freely on the same task.
 */
#include "stress.h"

#include <hartsched/arch.h>

#include <sched.h>
#include <time.h>

#include "rng.h"

#define TLOCK_DEADLINE_NS (30ull * 1000 * 1000 * 1000)

/* Helgrind build: tell it about the driver lock's happens-before edge. */
#ifdef HS_STRESS_HELGRIND
#include <valgrind/helgrind.h>
#define TLOCK_ACQUIRED(l)  ANNOTATE_HAPPENS_AFTER(l)
#define TLOCK_RELEASING(l) ANNOTATE_HAPPENS_BEFORE(l)
#define TLOCK_WORD(l)	   VALGRIND_HG_DISABLE_CHECKING(l, sizeof(*(l)))
#else
#define TLOCK_ACQUIRED(l)  ((void)(l))
#define TLOCK_RELEASING(l) ((void)(l))
#define TLOCK_WORD(l)	   ((void)(l))
#endif

static _Thread_local uint64_t *hook_rng;

static uint64_t now_ns(void)
{
	return hs_arch_now_ns();
}

/* Take the driver lock of @task (class-ledger epochs). Bounded by a deadline. */
static void tlock(uint32_t task)
{
	_Atomic uint32_t *l = &S.task[task].lock;
	uint64_t deadline = 0;
	uint32_t spins = 0;
	uint32_t expect = 0;

	TLOCK_WORD(l);
	/* Acquire: pairs with the release in tunlock(). */
	while (!atomic_compare_exchange_weak_explicit(l, &expect, 1, memory_order_acquire,
						      memory_order_relaxed)) {
		expect = 0;
		if (++spins % 64 == 0) {
			sched_yield();
			if (deadline == 0)
				deadline = now_ns() + TLOCK_DEADLINE_NS;
			else if (now_ns() > deadline) {
				stress_fail("driver lock of task %u held for 30 s", task);
				return;
			}
		}
	}
	TLOCK_ACQUIRED(l);
}

static void tunlock(uint32_t task)
{
	TLOCK_RELEASING(&S.task[task].lock);
	/* Release: pairs with the acquire CAS in tlock(). */
	atomic_store_explicit(&S.task[task].lock, 0, memory_order_release);
}

static inline bool locked_epoch(void)
{
	return S.plan.class_ledger;
}

/* Tally one rq-call outcome; rejections are also owed to the core's counters. */
static void note(struct stress_worker *w, enum stress_op op, uint32_t status)
{
	if (status >= HS_STATUS_COUNT) {
		stress_fail("cpu%u op %d: status %u out of range", w->cpu, op, status);
		return;
	}
	w->t.status[op][status]++;
	if (status != HS_OK && status != HS_OK_COALESCED)
		w->t.rq_rejects[status]++;
}

static void unexpected(struct stress_worker *w, const char *what, uint32_t arg, uint32_t status)
{
	stress_fail("cpu%u %s(%u): unexpected outcome %s", w->cpu, what, arg,
		    hs_status_name(status));
}

static uint32_t rand_task(struct stress_worker *w)
{
	return rng_below(&w->rng, S.cfg.pool);
}

static uint32_t rand_qos(struct stress_worker *w)
{
	return rng_below(&w->rng, HS_QOS_COUNT);
}

/* A target for enqueues: any hart that is not a consumer this epoch. */
static uint32_t rand_producer(struct stress_worker *w)
{
	uint32_t i, c = rng_below(&w->rng, S.cfg.harts);

	for (i = 0; i < S.cfg.harts; i++, c = (c + 1) % S.cfg.harts) {
		if (!S.plan.consumer[c])
			return c;
	}
	return c;
}

/*
 * May @cpu legitimately answer CPU_OFFLINE in this epoch? The hart that
 * unplugs itself, and last epoch's one until it has plugged itself back in.
 */
static bool may_be_offline(uint32_t cpu)
{
	return cpu == S.plan.offline_cpu || cpu == S.plan.prev_offline_cpu || cpu >= S.cfg.harts;
}

static void check_full(struct stress_worker *w, struct hs_outcome o, uint32_t cpu, uint32_t qos)
{
	uint32_t len = hs_rq_len(&S.sched, cpu, qos);

	if (o.qos != qos || o.capacity != HS_QUEUE_CAPACITY)
		stress_fail("cpu%u QueueFull names qos %u cap %u, expected qos %u cap %u", w->cpu,
			    o.qos, o.capacity, qos, HS_QUEUE_CAPACITY);
	if (len > HS_QUEUE_CAPACITY)
		stress_fail("cpu%u: queue cpu%u/%s grew to %u > capacity %u", w->cpu, cpu,
			    hs_qos_name(qos), len, HS_QUEUE_CAPACITY);
}

/* Enqueue @task on @cpu (local: through hs_rq_enqueue and the tp lookup). */
static void do_enqueue(struct stress_worker *w, enum stress_op op, uint32_t cpu, uint32_t task,
		       uint32_t qos)
{
	bool local = op == OP_ENQ_LOCAL;
	struct hs_outcome o;

	if (locked_epoch())
		tlock(task);
	o = local ? hs_rq_enqueue(&S.sched, task, qos) : hs_rq_enqueue_on(&S.sched, cpu, task, qos);
	note(w, op, o.status);
	switch (o.status) {
	case HS_OK:
		atomic_fetch_add_explicit(&S.task[task].enq, 1, memory_order_relaxed);
		w->t.enq_ok_to[cpu]++;
		w->t.mass[qos]++;
		break;
	case HS_ERR_QUEUE_FULL:
		check_full(w, o, cpu, qos);
		break;
	case HS_ERR_ALREADY_QUEUED:
	case HS_ERR_ALREADY_RUNNING:
		break;
	case HS_ERR_CPU_OFFLINE:
		if (!may_be_offline(cpu))
			unexpected(w, "enqueue_on", cpu, o.status);
		break;
	default:
		unexpected(w, local ? "enqueue" : "enqueue_on", task, o.status);
	}
	if (locked_epoch())
		tunlock(task);
}

/* Check and tally the decision half of a pick or pick_next on our CPU. */
static void tally_decision(struct stress_worker *w, const char *what, struct hs_pick p)
{
	if (p.status != HS_OK && p.status != HS_ERR_CONTENDED) {
		unexpected(w, what, w->cpu, p.status);
		return;
	}
	w->t.status[OP_PICK][p.status]++;
	if (p.kind > HS_PICK_STOLEN) {
		stress_fail("cpu%u pick: kind %u", w->cpu, p.kind);
		return;
	}
	w->t.pick_kind[p.kind]++;
	if (p.status == HS_ERR_CONTENDED) {
		w->t.pick_contended++;
		if (p.kind != HS_PICK_IDLE)
			stress_fail("cpu%u pick: contended but kind %u", w->cpu, p.kind);
	}
	switch (p.kind) {
	case HS_PICK_IDLE:
		if (p.task != HS_TASK_NONE)
			stress_fail("cpu%u pick: idle with task %u", w->cpu, p.task);
		w->mycur = HS_TASK_NONE; /* a current we knew of was purged */
		break;
	case HS_PICK_CURRENT:
		/* Only this CPU's own picks make a task its current. */
		if (p.task != w->mycur)
			stress_fail("cpu%u pick: current is %u but this CPU last picked %u", w->cpu,
				    p.task, w->mycur);
		break;
	case HS_PICK_STOLEN:
		if (p.stolen < 1 || p.stolen > HS_STEAL_MAX_LIMIT)
			stress_fail("cpu%u pick: stole %u tasks", w->cpu, p.stolen);
		w->t.pick_stolen_tasks += p.stolen;
		/* fall through */
	case HS_PICK_LOCAL:
		if (p.task >= S.cfg.pool)
			stress_fail("cpu%u pick: task %u outside the pool", w->cpu, p.task);
		w->mycur = p.task;
		break;
	}
	if (hs_ipi_take_need_resched(w->cpu))
		w->t.need_resched++;
}

static void op_pick(struct stress_worker *w)
{
	tally_decision(w, "pick", hs_rq_pick(&S.sched, w->cpu));
}

/*
 * finish + pick in one call (hs_rq_pick_next). Its finish half is tallied
 * as a successful finish when it cleared a task (the core counts it as one),
 * nothing when there was none (it rejects nothing); its decision half as a
 * pick. In class-ledger epochs it holds the driver lock of the task it may
 * finish, as op_finish() does, so the class mass balances.
 */
static void op_pick_next(struct stress_worker *w)
{
	uint32_t task = w->mycur;
	struct hs_task_where wh = {.place = HS_TASK_FREE};
	bool lk = locked_epoch() && task != HS_TASK_NONE;
	struct hs_pick p;

	if (lk) {
		tlock(task);
		wh = hs_rq_where(&S.sched, task);
	}
	p = hs_rq_pick_next(&S.sched, w->cpu);
	if (p.status == HS_OK || p.status == HS_ERR_CONTENDED) {
		if (p.kind == HS_PICK_CURRENT)
			stress_fail("cpu%u pick_next kept task %u current", w->cpu, p.task);
		if (p.finished != HS_TASK_NONE) {
			note(w, OP_FINISH, HS_OK);
			if (p.finished != task) {
				stress_fail("cpu%u pick_next finished task %u, but this CPU last "
					    "picked %u",
					    w->cpu, p.finished, task);
			} else {
				atomic_fetch_add_explicit(&S.task[task].fin, 1,
							  memory_order_relaxed);
				if (lk) {
					if (wh.place != HS_TASK_RUNNING || wh.cpu != w->cpu)
						stress_fail("cpu%u pick_next finished task %u, but "
							    "it was %u on cpu%u",
							    w->cpu, task, wh.place, wh.cpu);
					else
						w->t.mass[wh.qos]--;
				}
			}
		}
	}
	/* Finished, or purged by someone before the call: not ours any more. */
	w->mycur = HS_TASK_NONE;
	tally_decision(w, "pick_next", p);
	if (lk)
		tunlock(task);
}

static void op_yield(struct stress_worker *w)
{
	struct hs_outcome o = hs_rq_yield(&S.sched, w->cpu);

	note(w, OP_YIELD, o.status);
	switch (o.status) {
	case HS_OK:
		if (w->mycur == HS_TASK_NONE)
			stress_fail("cpu%u yield moved a current task it never picked", w->cpu);
		w->mycur = HS_TASK_NONE;
		break;
	case HS_ERR_QUEUE_FULL:
		/* Fail closed: the task stays current. */
		if (w->mycur == HS_TASK_NONE)
			stress_fail("cpu%u yield refused for a current task it never picked",
				    w->cpu);
		check_full(w, o, w->cpu, o.qos);
		break;
	case HS_ERR_NO_CURRENT:
		w->mycur = HS_TASK_NONE; /* purged by someone */
		break;
	default:
		unexpected(w, "yield", w->cpu, o.status);
	}
}

static void op_finish(struct stress_worker *w)
{
	uint32_t task = w->mycur;
	struct hs_task_where wh = {.place = HS_TASK_FREE};
	bool lk = locked_epoch() && task != HS_TASK_NONE;
	struct hs_outcome o;

	if (lk) {
		tlock(task);
		wh = hs_rq_where(&S.sched, task);
	}
	o = hs_rq_finish(&S.sched, w->cpu);
	note(w, OP_FINISH, o.status);
	if (o.status == HS_OK) {
		if (task == HS_TASK_NONE) {
			stress_fail("cpu%u finish cleared a task this CPU never picked", w->cpu);
		} else {
			atomic_fetch_add_explicit(&S.task[task].fin, 1, memory_order_relaxed);
			if (lk) {
				if (wh.place != HS_TASK_RUNNING || wh.cpu != w->cpu)
					stress_fail(
						"cpu%u finish of task %u, but it was %u on cpu%u",
						w->cpu, task, wh.place, wh.cpu);
				else
					w->t.mass[wh.qos]--;
			}
		}
	} else if (o.status != HS_ERR_NO_CURRENT) {
		unexpected(w, "finish", w->cpu, o.status);
	}
	w->mycur = HS_TASK_NONE;
	if (lk)
		tunlock(task);
}

static void op_purge(struct stress_worker *w, uint32_t task)
{
	bool lk = locked_epoch();
	struct hs_task_where wh = {.place = HS_TASK_FREE};
	struct hs_outcome o;

	if (lk) {
		tlock(task);
		wh = hs_rq_where(&S.sched, task);
	}
	o = hs_rq_purge(&S.sched, task);
	note(w, OP_PURGE, o.status);
	switch (o.status) {
	case HS_OK:
		atomic_fetch_add_explicit(&S.task[task].purge, 1, memory_order_relaxed);
		if (task == w->mycur)
			w->mycur = HS_TASK_NONE;
		if (lk) {
			if (wh.place == HS_TASK_FREE)
				stress_fail("cpu%u purge(%u) ok but the task was free", w->cpu,
					    task);
			else
				w->t.mass[wh.qos]--;
		}
		break;
	case HS_ERR_NOT_FOUND:
		/* Under the driver lock nothing can have freed or created it. */
		if (lk && wh.place != HS_TASK_FREE)
			stress_fail("cpu%u purge(%u) not-found but it was %u on cpu%u", w->cpu,
				    task, wh.place, wh.cpu);
		break;
	case HS_ERR_CONTENDED:
		break;
	default:
		unexpected(w, "purge", task, o.status);
	}
	if (lk)
		tunlock(task);
}

static void op_set_qos(struct stress_worker *w)
{
	uint32_t task = rand_task(w), qos = rand_qos(w);
	bool lk = locked_epoch();
	struct hs_task_where wh = {.place = HS_TASK_FREE}, after;
	struct hs_outcome o;

	if (lk) {
		tlock(task);
		wh = hs_rq_where(&S.sched, task);
	}
	o = hs_rq_set_task_qos(&S.sched, task, qos);
	note(w, OP_SET_QOS, o.status);
	switch (o.status) {
	case HS_OK:
		if (lk) {
			if (wh.place == HS_TASK_FREE) {
				stress_fail("cpu%u set_qos(%u) ok but the task was free", w->cpu,
					    task);
			} else {
				w->t.mass[wh.qos]--;
				w->t.mass[qos]++;
			}
		}
		break;
	case HS_ERR_QUEUE_FULL:
		check_full(w, o,
			   wh.place == HS_TASK_FREE ? hs_rq_where(&S.sched, task).cpu : wh.cpu,
			   qos);
		if (lk) {
			/*
			 * A refused move keeps the old class. (The place may
			 * have changed since our read: a running task can be
			 * yielded, and then find its target class full.)
			 */
			after = hs_rq_where(&S.sched, task);
			if (wh.place == HS_TASK_FREE || after.qos != wh.qos)
				stress_fail(
					"cpu%u set_qos(%u,%u) refused: class %u -> %u, place %u",
					w->cpu, task, qos, wh.qos, after.qos, wh.place);
		}
		break;
	case HS_ERR_NOT_FOUND:
		if (lk && wh.place != HS_TASK_FREE)
			stress_fail("cpu%u set_qos(%u) not-found but it was %u on cpu%u", w->cpu,
				    task, wh.place, wh.cpu);
		break;
	case HS_ERR_CONTENDED:
		break;
	default:
		unexpected(w, "set_task_qos", task, o.status);
	}
	if (lk)
		tunlock(task);
}

static void op_resched(struct stress_worker *w)
{
	uint32_t target = rng_below(&w->rng, S.cfg.harts);
	struct hs_outcome o = hs_ipi_request_resched(target);

	switch (o.status) {
	case HS_OK:
	case HS_OK_COALESCED:
		w->t.ipi[target][o.status]++;
		break;
	case HS_ERR_SEND_FAILED:
		w->t.ipi[target][o.status]++;
		if (!S.plan.faults && target != S.plan.forced_fail_cpu)
			unexpected(w, "request_resched (no fault injected)", target, o.status);
		break;
	case HS_ERR_CPU_OFFLINE:
		w->t.ipi_rejected[o.status]++;
		if (!may_be_offline(target))
			unexpected(w, "request_resched", target, o.status);
		break;
	default:
		unexpected(w, "request_resched", target, o.status);
	}
}

/* Expect exactly @want from a bad call; rq rejections are owed to the counters. */
static void expect_bad(struct stress_worker *w, const char *what, uint32_t arg, uint32_t got,
		       uint32_t want, bool rq_counted)
{
	if (got != want) {
		stress_fail("cpu%u bad input %s(%u): got %s, want %s", w->cpu, what, arg,
			    hs_status_name(got), hs_status_name(want));
		return;
	}
	if (rq_counted)
		note(w, OP_BAD_INPUT, got);
}

/* A random large value: just past the limit, far past it, or all ones. */
static uint32_t rand_beyond(struct stress_worker *w, uint32_t limit)
{
	switch (rng_below(&w->rng, 3)) {
	case 0:
		return limit + rng_below(&w->rng, 4);
	case 1:
		return limit + rng_below(&w->rng, UINT32_MAX - limit);
	default:
		return UINT32_MAX;
	}
}

static void op_bad_input(struct stress_worker *w)
{
	uint32_t bad_cpu = rand_beyond(w, HS_MAX_CPUS);
	uint32_t bad_task = rand_beyond(w, HS_MAX_TASKS);
	uint32_t bad_qos = HS_QOS_COUNT + rng_below(&w->rng, 256 - HS_QOS_COUNT);
	uint32_t task = rand_task(w), qos = rand_qos(w);
	struct hs_outcome o;
	struct hs_pick p;

	switch (rng_below(&w->rng, 12)) {
	case 0:
		o = hs_rq_enqueue_on(&S.sched, bad_cpu, task, qos);
		expect_bad(w, "enqueue_on cpu", bad_cpu, o.status, HS_ERR_INVALID_CPU, true);
		break;
	case 1:
		o = hs_rq_enqueue_on(&S.sched, w->cpu, task, bad_qos);
		expect_bad(w, "enqueue_on qos", bad_qos, o.status, HS_ERR_INVALID_QOS, true);
		break;
	case 2:
		o = hs_rq_enqueue(&S.sched, bad_task, qos);
		expect_bad(w, "enqueue task", bad_task, o.status, HS_ERR_INVALID_TASK, true);
		break;
	case 3:
		o = hs_rq_purge(&S.sched, bad_task);
		expect_bad(w, "purge", bad_task, o.status, HS_ERR_INVALID_TASK, true);
		break;
	case 4:
		o = hs_rq_set_task_qos(&S.sched, task, bad_qos);
		expect_bad(w, "set_task_qos qos", bad_qos, o.status, HS_ERR_INVALID_QOS, true);
		break;
	case 5:
		o = hs_rq_set_task_qos(&S.sched, bad_task, qos);
		expect_bad(w, "set_task_qos task", bad_task, o.status, HS_ERR_INVALID_TASK, true);
		break;
	case 6:
		p = hs_rq_pick(&S.sched, bad_cpu);
		expect_bad(w, "pick", bad_cpu, p.status, HS_ERR_INVALID_CPU, true);
		if (p.task != HS_TASK_NONE || p.kind != HS_PICK_IDLE)
			stress_fail("cpu%u pick(%u) invalid but returned task %u", w->cpu, bad_cpu,
				    p.task);
		break;
	case 7:
		o = rng_below(&w->rng, 2) ? hs_rq_yield(&S.sched, bad_cpu)
					  : hs_rq_finish(&S.sched, bad_cpu);
		expect_bad(w, "yield/finish", bad_cpu, o.status, HS_ERR_INVALID_CPU, true);
		break;
	case 8:
		o = hs_ipi_request_resched(bad_cpu);
		expect_bad(w, "request_resched", bad_cpu, o.status, HS_ERR_INVALID_CPU, false);
		w->t.ipi_rejected[o.status]++;
		break;
	case 9:
		if (S.cfg.harts < HS_MAX_CPUS) {
			/* In range but never brought online. */
			uint32_t off = S.cfg.harts + rng_below(&w->rng, HS_MAX_CPUS - S.cfg.harts);

			o = hs_ipi_request_resched(off);
			expect_bad(w, "request_resched offline", off, o.status, HS_ERR_CPU_OFFLINE,
				   false);
			w->t.ipi_rejected[o.status]++;
			o = hs_rq_enqueue_on(&S.sched, off, task, qos);
			expect_bad(w, "enqueue_on offline", off, o.status, HS_ERR_CPU_OFFLINE,
				   true);
		}
		break;
	case 10:
		if (w->cpu != 0) {
			/* Boot-hart-only state asked for from a secondary. */
			o = hs_ipi_force_send_failure(rng_below(&w->rng, S.cfg.harts), true);
			expect_bad(w, "force_send_failure", w->cpu, o.status, HS_ERR_NOT_BOOT_CPU,
				   false);
		} else {
			o = hs_ipi_force_send_failure(bad_cpu, true);
			expect_bad(w, "force_send_failure", bad_cpu, o.status, HS_ERR_INVALID_CPU,
				   false);
		}
		break;
	default:
		o = hs_rq_set_steal_max(&S.sched, rng_below(&w->rng, 2) ? 0 : rand_beyond(w, 17));
		expect_bad(w, "set_steal_max", 0, o.status, HS_ERR_INVALID_ARG, false);
		o = hs_rq_set_steal_ceiling(&S.sched, w->cpu, bad_qos);
		expect_bad(w, "set_steal_ceiling qos", bad_qos, o.status, HS_ERR_INVALID_QOS,
			   false);
		o = hs_rq_set_steal_ceiling(&S.sched, bad_cpu, qos);
		expect_bad(w, "set_steal_ceiling cpu", bad_cpu, o.status, HS_ERR_INVALID_CPU,
			   false);
		if (hs_rq_where(&S.sched, bad_task).place != HS_TASK_FREE ||
		    hs_rq_len(&S.sched, bad_cpu, qos) != 0 ||
		    hs_rq_len(&S.sched, w->cpu, bad_qos) != 0 ||
		    hs_rq_current(&S.sched, bad_cpu) != HS_TASK_NONE ||
		    hs_ipi_counters(bad_cpu).accepted != 0 || hs_ipi_take_need_resched(bad_cpu) ||
		    hs_cpu_is_online(bad_cpu) || hs_cpu_hartid(bad_cpu) != UINT64_MAX)
			stress_fail("cpu%u: a query with a bad argument answered something",
				    w->cpu);
		break;
	}
}

/*
 * The CPU-ID fallback under load: poison tp (interrupts off, so no trap
 * runs with it) and check the stack lookup still names this CPU.
 */
static void op_tp_poison(struct stress_worker *w)
{
	unsigned long flags = hs_arch_irq_save();
	uintptr_t saved = hs_arch_read_tp();
	uint64_t fb0;
	uint32_t cpu;

	hs_arch_write_tp(rng_below(&w->rng, 2) ? (uintptr_t)&hs_harts[0] + 8
					       : (uintptr_t)rng_next(&w->rng));
	fb0 = hs_cpu_fallback_count();
	cpu = hs_cpu_current();
	if (cpu != w->cpu || hs_cpu_fallback_count() < fb0 + 1)
		stress_fail("cpu%u: poisoned tp resolved to %u (fallbacks %llu -> %llu)", w->cpu,
			    cpu, (unsigned long long)fb0,
			    (unsigned long long)hs_cpu_fallback_count());
	else
		w->t.fallback_ok++;
	hs_arch_write_tp(saved);
	hs_arch_irq_restore(flags);
}

/* A delayed trap: interrupts held off for a few microseconds, then restored. */
static void op_irq_hold(struct stress_worker *w)
{
	unsigned long flags = hs_arch_irq_save();
	struct timespec ts = {0, 1000 + rng_below(&w->rng, 20000)};

	nanosleep(&ts, NULL);
	w->t.irq_holds++;
	hs_arch_irq_restore(flags);
}

/*
 * A stray software interrupt: the platform raises S_SOFT on a hart with no
 * resched request behind it (a duplicated or late signal). The trap must
 * count it and must not ack it.
 */
static void op_stray_soft(struct stress_worker *w)
{
	uint32_t target = rng_below(&w->rng, S.cfg.harts);

	if (hs_arch_send_ipi(target) == 0)
		w->t.stray_soft[target]++;
	w->t.status[OP_STRAY_SOFT][HS_OK]++;
}

/*
 * The platform's send hook: refuse or delay a share of IPIs in fault
 * epochs. Runs on the sending hart; the checker's probe (no hook_rng) is
 * never faulted.
 */
int stress_ipi_fault_hook(uint32_t cpu)
{
	(void)cpu;
	if (!hook_rng || !S.plan.faults)
		return 0;
	if (rng_chance(hook_rng, S.plan.ipi_delay_per1024)) {
		struct timespec ts = {0, 2000 + rng_below(hook_rng, 30000)};

		nanosleep(&ts, NULL);
	}
	return rng_chance(hook_rng, S.plan.ipi_fail_per1024) ? -1 : 0;
}

/* A live CPU other than @self to migrate to (bounded scan). */
static uint32_t live_target(struct stress_worker *w)
{
	uint32_t i, c = rng_below(&w->rng, S.cfg.harts);

	for (i = 0; i < S.cfg.harts; i++, c = (c + 1) % S.cfg.harts) {
		if (c != w->cpu && hs_cpu_is_online(c))
			return c;
	}
	return HS_CPU_INVALID;
}

/* Move @task off this (offline) CPU: purge, then enqueue on a live one. */
static void migrate(struct stress_worker *w, uint32_t task)
{
	bool lk = locked_epoch();
	struct hs_task_where wh;
	struct hs_outcome o;
	uint32_t target;

	if (lk)
		tlock(task);
	wh = hs_rq_where(&S.sched, task);
	if (wh.place == HS_TASK_FREE || wh.cpu != w->cpu) {
		w->t.migrate_raced++; /* someone else took it first */
		goto out;
	}
	o = hs_rq_purge(&S.sched, task);
	note(w, OP_MIGRATE_PURGE, o.status);
	if (o.status == HS_ERR_NOT_FOUND || o.status == HS_ERR_CONTENDED) {
		w->t.migrate_raced++;
		goto out;
	}
	if (o.status != HS_OK) {
		unexpected(w, "migrate purge", task, o.status);
		goto out;
	}
	atomic_fetch_add_explicit(&S.task[task].purge, 1, memory_order_relaxed);
	if (lk)
		w->t.mass[wh.qos]--;
	target = live_target(w);
	if (target == HS_CPU_INVALID) {
		w->t.migrate_rejected++; /* nowhere to go: dropped with an explicit count */
		goto out;
	}
	o = hs_rq_enqueue_on(&S.sched, target, task, wh.qos);
	note(w, OP_MIGRATE_ENQ, o.status);
	switch (o.status) {
	case HS_OK:
		atomic_fetch_add_explicit(&S.task[task].enq, 1, memory_order_relaxed);
		w->t.enq_ok_to[target]++;
		if (lk)
			w->t.mass[wh.qos]++;
		w->t.migrated++;
		break;
	case HS_ERR_QUEUE_FULL:
		check_full(w, o, target, wh.qos);
		w->t.migrate_rejected++;
		break;
	case HS_ERR_ALREADY_QUEUED:
	case HS_ERR_ALREADY_RUNNING:
		w->t.migrate_raced++; /* re-enqueued by someone else meanwhile */
		break;
	default:
		unexpected(w, "migrate enqueue_on", target, o.status);
	}
out:
	if (lk)
		tunlock(task);
}

/*
 * Hot-unplug this hart in the middle of the epoch: clear its online bit,
 * then move its current and queued tasks to live CPUs. Nothing may be
 * left behind: the checkpoint proves the offline CPU holds no task.
 */
static void go_offline(struct stress_worker *w)
{
	uint32_t buf[HS_QUEUE_CAPACITY];
	uint32_t round, q, i, n, left;

	if (hs_cpu_mark_offline(w->cpu).status != HS_OK)
		stress_fail("hart %u could not go offline", w->cpu);
	w->offline = true;
	w->t.offline_events++;
	if (w->mycur != HS_TASK_NONE)
		migrate(w, w->mycur);
	w->mycur = HS_TASK_NONE;
	for (round = 0; round < 4; round++) {
		left = 0;
		for (q = 0; q < HS_QOS_COUNT; q++) {
			n = hs_rq_snapshot(&S.sched, w->cpu, q, buf, HS_QUEUE_CAPACITY);
			left += n;
			for (i = 0; i < n; i++)
				migrate(w, buf[i]);
		}
		if (left == 0)
			break;
	}
}

void worker_init(struct stress_worker *w, uint32_t cpu)
{
	w->cpu = cpu;
	w->rng = S.cfg.seed ^ (0x5bd1e995ull * (cpu + 1));
	w->hook_rng = ~S.cfg.seed ^ (0x2545f491ull * (cpu + 1));
	w->mycur = HS_TASK_NONE;
	w->offline = false;
	hook_rng = &w->hook_rng;
}

/* Pick one operation by weight and run it. */
static void one_op(struct stress_worker *w)
{
	uint32_t r;

	if (S.plan.storm_cpu != HS_CPU_INVALID && rng_below(&w->rng, 2)) {
		do_enqueue(w, OP_STORM, S.plan.storm_cpu, rand_task(w), S.plan.storm_qos);
		return;
	}
	if (S.plan.faults && rng_chance(&w->rng, S.plan.irq_hold_per1024)) {
		op_irq_hold(w);
		return;
	}
	if (S.plan.faults && rng_chance(&w->rng, S.plan.stray_soft_per1024)) {
		op_stray_soft(w);
		return;
	}
	r = rng_below(&w->rng, 1000);
	if (r < 130) {
		if (!S.plan.consumer[w->cpu])
			do_enqueue(w, OP_ENQ_LOCAL, w->cpu, rand_task(w), rand_qos(w));
		else
			op_pick(w);
	} else if (r < 280) {
		do_enqueue(w, OP_ENQ_REMOTE, rand_producer(w), rand_task(w), rand_qos(w));
	} else if (r < 500) {
		if (w->cpu != S.plan.storm_cpu)
			op_pick(w);
	} else if (r < 600) {
		op_yield(w);
	} else if (r < 680) {
		op_finish(w);
	} else if (r < 730) {
		/* The storm target must not drain its own queues. */
		if (w->cpu != S.plan.storm_cpu)
			op_pick_next(w);
		else
			op_finish(w);
	} else if (r < 800) {
		op_purge(w, rand_task(w));
	} else if (r < 870) {
		op_set_qos(w);
	} else if (r < 950) {
		op_resched(w);
	} else if (r < 965) {
		op_bad_input(w);
	} else if (r < 975) {
		if (hs_ipi_idle_once(w->cpu))
			w->t.need_resched++;
		w->t.status[OP_IDLE][HS_OK]++;
	} else if (r < 985) {
		struct hs_outcome o = hs_rq_set_steal_ceiling(&S.sched, w->cpu, rand_qos(w));

		if (o.status != HS_OK)
			unexpected(w, "set_steal_ceiling", w->cpu, o.status);
		w->t.status[OP_CEILING][o.status]++;
	} else if (r < 988) {
		struct hs_outcome o = hs_rq_set_steal_max(&S.sched, 1 + rng_below(&w->rng, 4));

		if (o.status != HS_OK)
			unexpected(w, "set_steal_max", 0, o.status);
		w->t.status[OP_STEAL_MAX][o.status]++;
	} else if (r < 992) {
		op_tp_poison(w);
	} else {
		op_pick(w);
	}
}

void worker_epoch(struct stress_worker *w)
{
	bool forced = w->cpu == 0 && S.plan.forced_fail_cpu != HS_CPU_INVALID;
	struct hs_outcome o;
	uint32_t i;

	if (w->offline) {
		if (hs_cpu_mark_online(w->cpu).status != HS_OK) /* hot-plug back in */
			stress_fail("hart %u could not come back online", w->cpu);
		w->offline = false;
	}
	if (forced) {
		o = hs_ipi_force_send_failure(S.plan.forced_fail_cpu, true);
		if (o.status != HS_OK)
			unexpected(w, "force_send_failure", S.plan.forced_fail_cpu, o.status);
	}
	for (i = 0; i < S.cfg.epoch_ops; i++) {
		if (S.plan.offline_cpu == w->cpu && S.plan.offline_at == i)
			go_offline(w);
		w->t.ops++;
		if (w->offline)
			continue; /* an unplugged hart runs no scheduler operation */
		one_op(w);
	}
	if (forced) {
		o = hs_ipi_force_send_failure(S.plan.forced_fail_cpu, false);
		if (o.status != HS_OK)
			unexpected(w, "force_send_failure(off)", S.plan.forced_fail_cpu, o.status);
	}
}

/*
 * Quiescent drain (nobody sends any more): take any S_SOFT still pending
 * on this hart, as restoring interrupts does on hardware.
 */
void worker_drain(struct stress_worker *w)
{
	unsigned long flags = hs_arch_irq_save();

	hs_arch_irq_restore(flags);
	if (hs_ipi_take_need_resched(w->cpu))
		w->t.need_resched++;
}
