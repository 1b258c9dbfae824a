// SPDX-License-Identifier: MIT
/*
 * The emulator's scheduler instance and the per-hart runner (emu/sched.h).
 *
 * Synchronisation table
 *
 *   data             written by                          read by
 *   ---------------  ----------------------------------  ------------------------------
 *   active_run       hart 0 (engine): release store,     hart turns inside an RCU
 *                    then synchronize_rcu() before the   read-side section: acquire
 *                    run may be torn down
 *   enq_ns[t]        the enqueuer, relaxed, BEFORE the   the picker, relaxed, AFTER
 *                    enqueue (whose lock release          hs_rq_pick (lock acquire):
 *                    publishes it)                       ordered by the rq lock
 *   migrated[t]      hotplug (hart 0), relaxed, before   workload checks after the run
 *                    the re-enqueue                      (RCU grace period orders it)
 *   runner[c]        hart c only (counters relaxed,      stats after the harts stopped
 *                    histograms plain)                   using the run
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/turn.h>

#include <emu/counter.h>
#include <emu/metrics.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include <stdatomic.h>
#include <urcu/urcu-memb.h>

struct runner_hart {
	_Atomic uint64_t decisions; /* struct hs_emu_sched_stats */
	_Atomic uint64_t runs;
	_Atomic uint64_t idle;
	_Atomic uint64_t contended;
	_Atomic uint64_t yield_full;
	_Atomic uint64_t broken;
	_Atomic uint64_t wake_ipi[HS_STATUS_COUNT];
	struct hs_emu_hist wait[HS_QOS_COUNT]; /* enqueue -> pick, per class */
} HS_CACHE_ALIGNED;

struct hs_sched hs_emu_sched;

static struct hs_emu_run *_Atomic active_run;
static _Atomic uint64_t enq_ns[HS_MAX_TASKS];
static _Atomic uint32_t migrated[HS_MAX_TASKS];
static struct runner_hart runner[HS_MAX_CPUS];

/*
 * The core's scheduling turn (src/turn.c) with this port's callbacks; their
 * context is the run the turn loaded under RCU.
 */
static struct hs_turn turn;
static const struct hs_turn_ops turn_ops;

void hs_emu_sched_init(void)
{
	uint32_t c, q, s;

	hs_sched_init(&hs_emu_sched);
	hs_turn_init(&turn, &hs_emu_sched, &turn_ops);
	for (c = 0; c < HS_MAX_CPUS; c++) {
		struct runner_hart *r = &runner[c];

		atomic_store_explicit(&r->decisions, 0, memory_order_relaxed);
		atomic_store_explicit(&r->runs, 0, memory_order_relaxed);
		atomic_store_explicit(&r->idle, 0, memory_order_relaxed);
		atomic_store_explicit(&r->contended, 0, memory_order_relaxed);
		atomic_store_explicit(&r->yield_full, 0, memory_order_relaxed);
		atomic_store_explicit(&r->broken, 0, memory_order_relaxed);
		for (s = 0; s < HS_STATUS_COUNT; s++)
			atomic_store_explicit(&r->wake_ipi[s], 0, memory_order_relaxed);
		for (q = 0; q < HS_QOS_COUNT; q++)
			hs_emu_hist_reset(&r->wait[q]);
	}
	hs_emu_tasks_reset(HS_MAX_TASKS);
	hs_emu_metrics_reset();
	atomic_store_explicit(&active_run, NULL, memory_order_relaxed);
}

void hs_emu_sched_set_run(struct hs_emu_run *run)
{
	/* Release: pairs with the acquire in hs_emu_sched_turn(). */
	atomic_store_explicit(&active_run, run, memory_order_release);
}

void hs_emu_tasks_reset(uint32_t n)
{
	uint32_t t;

	for (t = 0; t < n && t < HS_MAX_TASKS; t++) {
		atomic_store_explicit(&enq_ns[t], 0, memory_order_relaxed);
		atomic_store_explicit(&migrated[t], 0, memory_order_relaxed);
	}
}

void hs_emu_task_note_migrated(uint32_t task)
{
	if (task < HS_MAX_TASKS)
		atomic_store_explicit(&migrated[task], 1, memory_order_relaxed);
}

bool hs_emu_task_migrated(uint32_t task)
{
	return task < HS_MAX_TASKS && atomic_load_explicit(&migrated[task], memory_order_relaxed);
}

static inline void stamp(uint32_t task)
{
	/* Relaxed: the enqueue that follows publishes it (see the table). */
	atomic_store_explicit(&enq_ns[task], hs_arch_now_ns(), memory_order_relaxed);
}

struct hs_outcome hs_emu_submit(uint32_t cpu, uint32_t task, uint32_t qos)
{
	struct hs_outcome o;

	if (task < HS_MAX_TASKS)
		stamp(task);
	o = hs_rq_enqueue_on(&hs_emu_sched, cpu, task, qos);
	hs_emu_metrics_enqueued(cpu, qos, o.status);
	return o;
}

struct hs_outcome hs_emu_wake(uint32_t cpu, uint32_t task, uint32_t qos)
{
	struct hs_outcome o, r;
	uint32_t self;

	hs_emu_metrics_note_wake(task);
	o = hs_emu_submit(cpu, task, qos);
	if (o.status != HS_OK) {
		hs_emu_metrics_cancel_wake(task); /* not enqueued: nobody saw the flag */
		return o;
	}
	r = hs_ipi_request_resched(cpu);
	self = hs_cpu_current();
	if (self < HS_MAX_CPUS && r.status < HS_STATUS_COUNT)
		hs_emu_count(&runner[self].wake_ipi[r.status]);
	return o;
}

/*
 * Record the picked task's time from its last enqueue, per class: wake-up
 * latency when a remote wake put it there (metrics.h), else queue wait.
 */
static void record_wait(struct runner_hart *r, uint32_t cpu, uint32_t task, uint32_t qos)
{
	uint64_t now = hs_arch_now_ns();
	uint64_t then = atomic_load_explicit(&enq_ns[task], memory_order_relaxed);
	uint64_t ns = now > then ? now - then : 0;

	if (!hs_emu_metrics_picked(cpu, task, qos, ns))
		hs_emu_hist_add(&r->wait[qos], ns);
}

/* The core's turn (src/turn.c) calls back with @ctx = the active run. */

static uint32_t turn_run(void *ctx, uint32_t cpu, uint32_t task, const struct hs_pick *p)
{
	struct hs_emu_run *run = ctx;

	if (run->wl->run_task(run, cpu, task, p) != HS_EMU_TASK_YIELD)
		return HS_TURN_FINISH;
	stamp(task); /* before the yield's enqueue publishes it (see the table) */
	return HS_TURN_YIELD;
}

static void turn_picked(void *ctx, uint32_t cpu, uint32_t task, uint32_t qos,
			const struct hs_pick *p)
{
	record_wait(&runner[cpu], cpu, task, qos);
}

static void turn_yielded(void *ctx, uint32_t cpu, uint32_t task, uint32_t qos, uint32_t status)
{
	hs_emu_metrics_enqueued(cpu, qos, status);
}

static void turn_finished(void *ctx, uint32_t cpu, uint32_t task)
{
	struct hs_emu_run *run = ctx;

	if (run->wl->finished)
		run->wl->finished(run, cpu, task);
}

static const struct hs_turn_ops turn_ops = {
	.run = turn_run,
	.picked = turn_picked,
	.yielded = turn_yielded,
	.finished = turn_finished,
};

/* Fold one turn's result into hart @cpu's counters. */
static void count_turn(struct runner_hart *r, const struct hs_turn_result *res)
{
	hs_emu_count_n(&r->decisions, res->decisions);
	hs_emu_count_n(&r->runs, res->ran);
	hs_emu_count_n(&r->idle, res->idle);
	hs_emu_count_n(&r->contended, res->contended);
	hs_emu_count_n(&r->yield_full, res->yield_full);
	hs_emu_count_n(&r->broken, res->broken);
}

bool hs_emu_sched_turn(uint32_t cpu)
{
	struct hs_emu_run *run;
	struct hs_turn_result res;
	bool did = false;

	if (cpu >= HS_MAX_CPUS)
		return false;
	urcu_memb_read_lock();
	/* Acquire: pairs with the release in hs_emu_sched_set_run(). */
	run = atomic_load_explicit(&active_run, memory_order_acquire);
	/* Inside the section: an offline decision here is what hotplug waits out. */
	if (run && hs_cpu_is_online(cpu)) {
		if (run->wl->hart_step)
			did = run->wl->hart_step(run, cpu);
		did = hs_turn_run(&turn, cpu, run, &res) || did;
		count_turn(&runner[cpu], &res);
	}
	urcu_memb_read_unlock();
	return did;
}

struct hs_emu_run *hs_emu_sched_active(void)
{
	/* Acquire: pairs with the release in hs_emu_sched_set_run(). */
	return atomic_load_explicit(&active_run, memory_order_acquire);
}

void hs_emu_sched_flush(uint32_t cpu, struct hs_emu_run *run)
{
	if (run)
		HS_IGNORE(hs_turn_flush(&turn, cpu, run)); /* the task freed, or none */
}

struct hs_emu_sched_stats hs_emu_sched_stats(uint32_t cpu)
{
	struct hs_emu_sched_stats s = {0};
	struct runner_hart *r;
	uint32_t i;

	if (cpu >= HS_MAX_CPUS)
		return s;
	r = &runner[cpu];
	s.decisions = hs_emu_counter_read(&r->decisions);
	s.runs = hs_emu_counter_read(&r->runs);
	s.idle = hs_emu_counter_read(&r->idle);
	s.contended = hs_emu_counter_read(&r->contended);
	s.yield_full = hs_emu_counter_read(&r->yield_full);
	s.broken = hs_emu_counter_read(&r->broken);
	for (i = 0; i < HS_STATUS_COUNT; i++)
		s.wake_ipi[i] = hs_emu_counter_read(&r->wake_ipi[i]);
	return s;
}

const struct hs_emu_hist *hs_emu_sched_wait_hist(uint32_t cpu, uint32_t qos)
{
	if (cpu >= HS_MAX_CPUS || qos >= HS_QOS_COUNT)
		return NULL;
	return &runner[cpu].wait[qos];
}
