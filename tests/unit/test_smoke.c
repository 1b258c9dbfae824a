// SPDX-License-Identifier: MIT
/*
 * Concurrent smoke run: SMOKE_CPUS threads, each acting as one CPU, mix
 * local and remote enqueues, decisions (with stealing and parking), yields,
 * finishes, purges, QoS changes, steal-ceiling changes and resched IPIs on
 * shared CPUs for a bounded, seeded number of operations. Afterwards every
 * task is accounted for exactly once and the per-CPU counters agree with
 * what the threads saw. Run with --seed to replay the same operation mix
 * (the interleaving still varies).
 *
 * Even rounds are "strict": no purges, so a task leaves a CPU's current
 * slot only by that CPU's own yield or finish, and the threads can keep
 * exact shadows while they run: lives open per task (at most one: a task
 * queued twice shows up as two) and the CPU running it (a task picked by
 * two CPUs at once shows up at the second pick).
 *
 * The threads stop at SMOKE_ROUNDS quiescent checkpoints (two barriers);
 * in between, the main thread checks the ledger, the census and the
 * counters, so a duplicated or lost task is seen while it still sits in a
 * queue rather than only if it survives to the end. Half of the task ids
 * an operation names come from a small hot set, so purges, QoS changes,
 * steals and enqueues often race on the same task.
 *
 * Ledger, per task id: every successful enqueue starts one "life"; a life
 * ends with exactly one successful finish or purge, or is still under way
 * in exactly one place at the end:
 *     enqueued_ok[t] == finished[t] + purged[t] + (t is somewhere ? 1 : 0)
 */
#include "unit_fixture.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>

#define SMOKE_CPUS	4u
#define SMOKE_OPS_TOTAL 3200000u
#define SMOKE_TASKS	1024u /* pool of ids; reused once free again */
#define SMOKE_HOT_TASKS 32u   /* ids 0..31: contended on purpose */
#define SMOKE_STEAL_MAX 3u
#define SMOKE_ROUNDS	40u

_Static_assert(SMOKE_OPS_TOTAL % (SMOKE_CPUS * SMOKE_ROUNDS) == 0, "whole rounds");

_Static_assert(SMOKE_CPUS <= UNIT_MAX_PRESENT, "image bound");
_Static_assert(SMOKE_TASKS < HS_SELFTEST_TASK_BASE, "stay clear of the ladder's ids");

/*
 * Per-task ledger, written by whichever thread saw the outcome. Relaxed
 * RMWs: they are only read at checkpoints, after the barrier (or join)
 * that orders every worker's updates before the checker's loads.
 */
static _Atomic uint32_t ledger_enqueued[SMOKE_TASKS];
static _Atomic uint32_t ledger_finished[SMOKE_TASKS];
static _Atomic uint32_t ledger_purged[SMOKE_TASKS];

/*
 * Strict-round shadows, set from the census before each strict round.
 * A life is counted after its enqueue returned and uncounted before its
 * finish is called, so the count never exceeds the lives the core has
 * really opened; with every task in one place that is at most one.
 */
static _Atomic int32_t strict_lives[SMOKE_TASKS];
static _Atomic uint32_t strict_runner[SMOKE_TASKS]; /* cpu + 1, or 0 */
/*
 * Both are seq_cst. A runner is released (exchange) before the core call
 * that lets the task go and claimed (compare-exchange) after the core call
 * that took it; the core's own lock and task-state release/acquire order
 * the two core calls, so a legitimate hand-over always sees the release.
 * The same holds for a life's decrement (before finish) and the next
 * life's increment (after enqueue).
 */

/* Written by the checker between barriers, read by workers after them. */
static bool strict_round;

/* What one thread saw; summed after the join. */
struct smoke_tally {
	uint64_t status[HS_STATUS_COUNT]; /* outcomes of enqueue/yield/finish/purge/set_qos */
	uint64_t enqueue_ok, yield_ok, finish_ok, purge_ok, set_qos_ok;
	uint64_t pick_local, pick_stolen, pick_current, pick_idle, pick_contended;
	uint64_t stolen_tasks, stolen_max;
	uint64_t resched_requests;
};

/*
 * Operation mix in percent. Half the CPUs mostly produce work and half
 * mostly consume it, so consumers run dry and steal from producers. A
 * pause (sched_yield) now and then reshuffles which threads share the
 * cores, so interleavings vary on a machine with fewer cores than CPUs.
 */
enum smoke_op {
	OP_ENQ_LOCAL,
	OP_ENQ_REMOTE,
	OP_PICK,
	OP_YIELD,
	OP_FINISH,
	OP_PURGE,
	OP_SET_QOS,
	OP_CEILING,
	OP_RESCHED,
	OP_PAUSE,
	OP_COUNT
};

static const uint8_t mix_producer[OP_COUNT] = {30, 10, 22, 8, 10, 8, 7, 2, 2, 1};
static const uint8_t mix_consumer[OP_COUNT] = {2, 6, 40, 8, 30, 5, 4, 2, 2, 1};

/* Draw an operation from @mix (percentages summing to 100). */
static enum smoke_op pick_op(const uint8_t *mix, uint32_t r)
{
	uint32_t op, acc = 0;

	for (op = 0; op < OP_COUNT; op++) {
		acc += mix[op];
		if (r < acc)
			return op;
	}
	g_error("operation mix does not sum to 100");
}

struct smoke_worker {
	uint32_t cpu;
	bool strict; /* this round keeps the shadows (no purges) */
	const uint8_t *mix;
	uint64_t rng;
	uint32_t ops_per_round;
	struct smoke_tally tally;
	pthread_t thread;
};

/* Workers and the checker meet here: round done (all stop), check done (go on). */
static pthread_barrier_t smoke_round_done, smoke_check_done;

/*
 * Start gate: workers count in and wait for each other, so rounds overlap.
 * Each worker's fetch_add pairs with the others' loads; it only times the
 * start, the barriers do the ordering.
 */
static _Atomic uint32_t smoke_arrived;

/* xorshift64*: small, seedable, good enough to mix operations. */
static uint32_t smoke_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
}

/* Record an outcome and check it is one this operation may return. */
static void tally_status(struct smoke_tally *t, struct hs_outcome o, uint32_t allowed_mask)
{
	g_assert_cmpuint(o.status, <, HS_STATUS_COUNT);
	if (!(allowed_mask & (1u << o.status)))
		g_error("unexpected outcome %s", hs_status_name(o.status));
	if (o.status == HS_ERR_QUEUE_FULL) {
		g_assert_cmpuint(o.capacity, ==, HS_QUEUE_CAPACITY);
		g_assert_true(hs_qos_valid(o.qos));
	}
	t->status[o.status]++;
}

#define BIT(s) (1u << (s))

/* Enqueue @task on @cpu (or locally) and open a ledger life on success. */
static void smoke_enqueue(struct smoke_worker *w, bool local, uint32_t cpu, uint32_t task,
			  uint32_t qos)
{
	struct hs_outcome o = local ? hs_rq_enqueue(&unit_sched, task, qos)
				    : hs_rq_enqueue_on(&unit_sched, cpu, task, qos);

	tally_status(&w->tally, o,
		     BIT(HS_OK) | BIT(HS_ERR_QUEUE_FULL) | BIT(HS_ERR_ALREADY_QUEUED) |
			     BIT(HS_ERR_ALREADY_RUNNING));
	if (o.status == HS_ERR_QUEUE_FULL)
		g_assert_cmpuint(o.qos, ==, qos);
	if (o.status == HS_OK) {
		w->tally.enqueue_ok++;
		atomic_fetch_add_explicit(&ledger_enqueued[task], 1, memory_order_relaxed);
		if (w->strict && atomic_fetch_add(&strict_lives[task], 1) + 1 > 1)
			g_error("task %u: a second life opened while one is open (queued twice)",
				task);
	}
}

/* Strict rounds: claim @task as running on this CPU; nobody else may run it. */
static void strict_claim_runner(struct smoke_worker *w, uint32_t task)
{
	uint32_t expect = 0;

	if (!atomic_compare_exchange_strong(&strict_runner[task], &expect, w->cpu + 1))
		g_error("task %u picked on cpu%u while cpu%u runs it", task, w->cpu, expect - 1);
}

/* Strict rounds: this CPU stops running @task (before the core call that does it). */
static void strict_release_runner(struct smoke_worker *w, uint32_t task)
{
	g_assert_cmpuint(atomic_exchange(&strict_runner[task], 0), ==, w->cpu + 1);
}

/*
 * One decision on this thread's CPU. Only this thread decides, yields and
 * finishes on its CPU, so its current slot holds what its own last
 * decision put there (@mine), or nothing if another CPU purged it: a kept
 * current task must be @mine. Returns the new @mine.
 */
static uint32_t smoke_pick(struct smoke_worker *w, uint32_t mine)
{
	struct smoke_tally *t = &w->tally;
	struct hs_pick p = hs_rq_pick(&unit_sched, w->cpu);

	if (p.status == HS_ERR_CONTENDED) {
		g_assert_cmpuint(p.kind, ==, HS_PICK_IDLE);
		t->pick_contended++;
	} else {
		g_assert_cmpuint(p.status, ==, HS_OK);
	}
	switch (p.kind) {
	case HS_PICK_CURRENT:
		g_assert_cmpuint(p.task, ==, mine);
		if (w->strict)
			g_assert_cmpuint(atomic_load(&strict_runner[mine]), ==, w->cpu + 1);
		t->pick_current++;
		break;
	case HS_PICK_LOCAL:
		g_assert_cmpuint(p.task, <, SMOKE_TASKS);
		if (w->strict)
			strict_claim_runner(w, p.task);
		t->pick_local++;
		break;
	case HS_PICK_STOLEN:
		g_assert_cmpuint(p.task, <, SMOKE_TASKS);
		if (w->strict)
			strict_claim_runner(w, p.task);
		g_assert_cmpuint(p.stolen, >=, 1);
		g_assert_cmpuint(p.stolen, <=, SMOKE_STEAL_MAX);
		t->pick_stolen++;
		t->stolen_tasks += p.stolen;
		t->stolen_max = MAX(t->stolen_max, p.stolen);
		break;
	default:
		g_assert_cmpuint(p.kind, ==, HS_PICK_IDLE);
		g_assert_cmpuint(p.task, ==, HS_TASK_NONE);
		/* Without purges a current task cannot vanish. */
		if (w->strict)
			g_assert_cmpuint(mine, ==, HS_TASK_NONE);
		t->pick_idle++;
		break;
	}
	return p.task;
}

/* Yield this CPU's current task; a full class keeps it current. */
static uint32_t smoke_yield(struct smoke_worker *w, uint32_t mine)
{
	struct hs_outcome o;

	if (w->strict && mine != HS_TASK_NONE)
		strict_release_runner(w, mine);
	o = hs_rq_yield(&unit_sched, w->cpu);
	tally_status(&w->tally, o, BIT(HS_OK) | BIT(HS_ERR_QUEUE_FULL) | BIT(HS_ERR_NO_CURRENT));
	if (w->strict) {
		g_assert_true((o.status == HS_ERR_NO_CURRENT) == (mine == HS_TASK_NONE));
		if (o.status == HS_ERR_QUEUE_FULL)
			strict_claim_runner(w, mine); /* still current */
	}
	if (o.status == HS_OK) {
		g_assert_cmpuint(mine, !=, HS_TASK_NONE);
		w->tally.yield_ok++;
	}
	return o.status == HS_ERR_QUEUE_FULL ? mine : HS_TASK_NONE;
}

/* Finish this CPU's current task: that closes the life of @mine. */
static uint32_t smoke_finish(struct smoke_worker *w, uint32_t mine)
{
	struct hs_outcome o;

	if (w->strict && mine != HS_TASK_NONE) {
		strict_release_runner(w, mine);
		atomic_fetch_sub(&strict_lives[mine], 1);
	}
	o = hs_rq_finish(&unit_sched, w->cpu);
	tally_status(&w->tally, o, BIT(HS_OK) | BIT(HS_ERR_NO_CURRENT));
	if (w->strict)
		g_assert_true((o.status == HS_OK) == (mine != HS_TASK_NONE));
	if (o.status == HS_OK) {
		g_assert_cmpuint(mine, <, SMOKE_TASKS);
		atomic_fetch_add_explicit(&ledger_finished[mine], 1, memory_order_relaxed);
		w->tally.finish_ok++;
	}
	return HS_TASK_NONE;
}

/* Purge @task wherever it is (maybe another CPU's current): closes its life. */
static void smoke_purge(struct smoke_worker *w, uint32_t task)
{
	struct hs_outcome o = hs_rq_purge(&unit_sched, task);

	tally_status(&w->tally, o, BIT(HS_OK) | BIT(HS_ERR_NOT_FOUND) | BIT(HS_ERR_CONTENDED));
	if (o.status == HS_OK) {
		atomic_fetch_add_explicit(&ledger_purged[task], 1, memory_order_relaxed);
		w->tally.purge_ok++;
	}
}

/* Change @task's class; one time in five with a raw value that is no class. */
static void smoke_set_qos(struct smoke_worker *w, uint32_t task, uint32_t qos)
{
	uint32_t raw = smoke_rand(&w->rng) % 5 == 0 ? HS_QOS_COUNT + qos : qos;
	struct hs_outcome o = hs_rq_set_task_qos(&unit_sched, task, raw);

	tally_status(&w->tally, o,
		     BIT(HS_OK) | BIT(HS_ERR_QUEUE_FULL) | BIT(HS_ERR_NOT_FOUND) |
			     BIT(HS_ERR_CONTENDED) | BIT(HS_ERR_INVALID_QOS));
	g_assert_true((o.status == HS_ERR_INVALID_QOS) == (raw >= HS_QOS_COUNT));
	if (o.status == HS_ERR_QUEUE_FULL)
		g_assert_cmpuint(o.qos, ==, raw);
	if (o.status == HS_OK)
		w->tally.set_qos_ok++;
}

/* One random operation as CPU w->cpu; returns the updated @mine. */
static uint32_t smoke_one_op(struct smoke_worker *w, uint32_t mine)
{
	enum smoke_op op = pick_op(w->mix, smoke_rand(&w->rng) % 100);
	uint32_t pool = smoke_rand(&w->rng) % 2 ? SMOKE_HOT_TASKS : SMOKE_TASKS;
	uint32_t task = smoke_rand(&w->rng) % pool;
	uint32_t qos = smoke_rand(&w->rng) % HS_QOS_COUNT;
	struct hs_outcome o;

	switch (op) {
	case OP_ENQ_LOCAL:
		smoke_enqueue(w, true, w->cpu, task, qos);
		break;
	case OP_ENQ_REMOTE:
		smoke_enqueue(w, false, smoke_rand(&w->rng) % SMOKE_CPUS, task, qos);
		break;
	case OP_PICK:
		mine = smoke_pick(w, mine);
		break;
	case OP_YIELD:
		mine = smoke_yield(w, mine);
		break;
	case OP_FINISH:
		mine = smoke_finish(w, mine);
		break;
	case OP_PURGE:
		if (w->strict)
			mine = smoke_pick(w, mine); /* strict rounds keep every life whole */
		else
			smoke_purge(w, task);
		break;
	case OP_SET_QOS:
		smoke_set_qos(w, task, qos);
		break;
	case OP_CEILING:
		UNIT_EXPECT(hs_rq_set_steal_ceiling(&unit_sched, w->cpu, qos), HS_OK);
		break;
	case OP_RESCHED:
		o = hs_ipi_request_resched(smoke_rand(&w->rng) % SMOKE_CPUS);
		g_assert_true(o.status == HS_OK || o.status == HS_OK_COALESCED);
		w->tally.resched_requests++;
		break;
	default:
		sched_yield();
		break;
	}
	return mine;
}

/* Wait (bounded) until every worker has reached @target arrivals. */
static void start_gate(uint32_t target)
{
	gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;

	atomic_fetch_add(&smoke_arrived, 1);
	while (atomic_load(&smoke_arrived) < target) {
		if (g_get_monotonic_time() > deadline)
			g_error("start gate: workers did not arrive within 10 s");
		sched_yield();
	}
}

/* A worker: one CPU, SMOKE_ROUNDS rounds, parked at both barriers after each. */
static void *smoke_thread(void *arg)
{
	struct smoke_worker *w = arg;
	uint32_t mine = HS_TASK_NONE;
	uint32_t i, round;

	hs_host_arch_become_cpu(w->cpu);
	for (round = 0; round < SMOKE_ROUNDS; round++) {
		w->strict = strict_round; /* published by the barrier before this round */
		/*
		 * A purge in the last round may have emptied this CPU's current
		 * slot behind its back; read it while nobody can purge.
		 */
		mine = hs_rq_current(&unit_sched, w->cpu);
		start_gate((round + 1) * SMOKE_CPUS);
		for (i = 0; i < w->ops_per_round; i++)
			mine = smoke_one_op(w, mine);
		pthread_barrier_wait(&smoke_round_done);
		pthread_barrier_wait(&smoke_check_done);
	}
	return NULL;
}

/* Sum of one counter over the smoke CPUs. */
#define SUM_CNT(field)                                                                             \
	__extension__({                                                                            \
		uint64_t sum_ = 0;                                                                 \
		for (uint32_t c_ = 0; c_ < SMOKE_CPUS; c_++)                                       \
			sum_ += atomic_load(&unit_sched.rq[c_].cnt.field);                         \
		sum_;                                                                              \
	})

/* Where every task is at the end, found by scanning queues and current slots. */
struct smoke_census {
	uint32_t seen[SMOKE_TASKS];
	uint32_t place[SMOKE_TASKS], cpu[SMOKE_TASKS], qos[SMOKE_TASKS];
	uint32_t present;
};

static struct smoke_census census;

/* Scan every queue and current slot; no id may show up twice. */
static void take_census(void)
{
	struct unit_image img;
	uint32_t c, q, i, id;

	memset(&census, 0, sizeof(census));
	unit_image_take(&img);
	for (c = 0; c < SMOKE_CPUS; c++) {
		id = img.current[c];
		if (id != HS_TASK_NONE) {
			g_assert_cmpuint(id, <, SMOKE_TASKS);
			census.seen[id]++;
			census.place[id] = HS_TASK_RUNNING;
			census.cpu[id] = c;
			census.present++;
		}
		for (q = 0; q < HS_QOS_COUNT; q++) {
			g_assert_cmpuint(img.len[c][q], <=, HS_QUEUE_CAPACITY);
			for (i = 0; i < img.len[c][q]; i++) {
				id = img.slot[c][q][i];
				g_assert_cmpuint(id, <, SMOKE_TASKS);
				census.seen[id]++;
				census.place[id] = HS_TASK_QUEUED;
				census.cpu[id] = c;
				census.qos[id] = q;
				census.present++;
			}
		}
	}
	for (id = 0; id < SMOKE_TASKS; id++) {
		if (census.seen[id] > 1)
			g_error("task %u found in %u places", id, census.seen[id]);
	}
}

/* Each task: ledger balanced, and hs_rq_where agrees with the scan. */
static void check_ledger(void)
{
	uint32_t id;

	for (id = 0; id < SMOKE_TASKS; id++) {
		uint32_t enq = atomic_load(&ledger_enqueued[id]);
		uint32_t fin = atomic_load(&ledger_finished[id]);
		uint32_t pur = atomic_load(&ledger_purged[id]);
		struct hs_task_where w = hs_rq_where(&unit_sched, id);

		if (enq != fin + pur + census.seen[id])
			g_error("task %u: enqueued %u != finished %u + purged %u + present %u", id,
				enq, fin, pur, census.seen[id]);
		if (census.seen[id] == 0) {
			g_assert_cmpuint(w.place, ==, HS_TASK_FREE);
			continue;
		}
		g_assert_cmpuint(w.place, ==, census.place[id]);
		g_assert_cmpuint(w.cpu, ==, census.cpu[id]);
		if (census.place[id] == HS_TASK_QUEUED)
			g_assert_cmpuint(w.qos, ==, census.qos[id]);
	}
}

/* Per-CPU counters summed must match what the threads saw. */
static void check_counters(const struct smoke_tally *all)
{
	uint64_t finished_ledger = 0, purged_ledger = 0, enq_ledger = 0;
	uint32_t s, c, id;

	for (id = 0; id < SMOKE_TASKS; id++) {
		enq_ledger += atomic_load(&ledger_enqueued[id]);
		finished_ledger += atomic_load(&ledger_finished[id]);
		purged_ledger += atomic_load(&ledger_purged[id]);
	}
	g_assert_cmpuint(SUM_CNT(enqueued), ==, all->enqueue_ok);
	g_assert_cmpuint(SUM_CNT(enqueued), ==, enq_ledger);
	g_assert_cmpuint(SUM_CNT(picked), ==, all->pick_local);
	g_assert_cmpuint(SUM_CNT(steal_ops), ==, all->pick_stolen);
	g_assert_cmpuint(SUM_CNT(stolen), ==, all->stolen_tasks);
	g_assert_cmpuint(SUM_CNT(contended), ==, all->pick_contended);
	g_assert_cmpuint(SUM_CNT(yields), ==, all->yield_ok);
	g_assert_cmpuint(SUM_CNT(finished), ==, all->finish_ok);
	g_assert_cmpuint(SUM_CNT(finished), ==, finished_ledger);
	g_assert_cmpuint(SUM_CNT(purged), ==, all->purge_ok);
	g_assert_cmpuint(SUM_CNT(purged), ==, purged_ledger);
	g_assert_cmpuint(SUM_CNT(moved), <=, all->set_qos_ok);
	/* Population: what came in minus what left is what is still there. */
	g_assert_cmpuint(SUM_CNT(enqueued) - SUM_CNT(finished) - SUM_CNT(purged), ==,
			 census.present);
	/* Every rejection was counted once, where the core says it charges it. */
	for (s = HS_OK + 1; s < HS_STATUS_COUNT; s++) {
		uint64_t charged = atomic_load(&unit_sched.rejected_nowhere[s]);

		for (c = 0; c < HS_MAX_CPUS; c++)
			charged += atomic_load(&unit_sched.rq[c].cnt.rejected[s]);
		if (charged != all->status[s])
			g_error("rejected[%s]: counters %" G_GUINT64_FORMAT
				", threads saw %" G_GUINT64_FORMAT,
				hs_status_name(s), charged, all->status[s]);
	}
}

/*
 * The resched chain under load: every accepted request was sent or
 * coalesced; once the last raised SSIPs are taken, every send was trapped
 * and acked exactly once.
 */
static void check_ipi(const struct smoke_tally *all)
{
	struct hs_ipi_counters sum;
	uint32_t c;

	for (c = 0; c < SMOKE_CPUS; c++) {
		hs_host_arch_become_cpu(c);
		if (hs_host_arch_soft_pending(c))
			hs_ipi_handle_soft();
	}
	hs_host_arch_become_cpu(0);
	for (c = 0; c < SMOKE_CPUS; c++) {
		struct hs_ipi_counters k = hs_ipi_counters(c);

		g_assert_cmpuint(k.accepted, ==, k.sent_ok + k.coalesced);
		g_assert_cmpuint(k.send_failed, ==, 0);
		g_assert_cmpuint(k.trap, ==, k.sent_ok);
		g_assert_cmpuint(k.ack, ==, k.sent_ok);
	}
	sum = hs_ipi_counters_total();
	g_assert_cmpuint(sum.accepted, ==, all->resched_requests);
}

/* Run every remaining task to completion; afterwards nothing is anywhere. */
static void drain(void)
{
	uint32_t c, id, rounds, finished = 0;

	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, 1), HS_OK);
	for (c = 0; c < SMOKE_CPUS; c++) {
		hs_host_arch_become_cpu(c);
		/* Bounded: one decision per remaining task plus one idle one. */
		for (rounds = 0; rounds <= census.present; rounds++) {
			struct hs_pick p = hs_rq_pick(&unit_sched, c);

			g_assert_cmpuint(p.status, ==, HS_OK);
			if (p.kind == HS_PICK_IDLE)
				break;
			UNIT_EXPECT(hs_rq_finish(&unit_sched, c), HS_OK);
			finished++;
		}
	}
	hs_host_arch_become_cpu(0);
	for (c = 0; c < SMOKE_CPUS; c++)
		unit_assert_cpu_queues_empty(c);
	g_assert_cmpuint(finished, ==, census.present);
	for (id = 0; id < SMOKE_TASKS; id++)
		unit_assert_where(id, HS_TASK_FREE, 0, 0);
}

static struct smoke_worker workers[SMOKE_CPUS];

/* Sum what the workers saw (they are parked at a barrier or joined). */
static void sum_tallies(struct smoke_tally *all)
{
	uint32_t c, s;

	memset(all, 0, sizeof(*all));
	for (c = 0; c < SMOKE_CPUS; c++) {
		const struct smoke_tally *t = &workers[c].tally;

		for (s = 0; s < HS_STATUS_COUNT; s++)
			all->status[s] += t->status[s];
		all->enqueue_ok += t->enqueue_ok;
		all->yield_ok += t->yield_ok;
		all->finish_ok += t->finish_ok;
		all->purge_ok += t->purge_ok;
		all->set_qos_ok += t->set_qos_ok;
		all->pick_local += t->pick_local;
		all->pick_stolen += t->pick_stolen;
		all->pick_current += t->pick_current;
		all->pick_idle += t->pick_idle;
		all->pick_contended += t->pick_contended;
		all->stolen_tasks += t->stolen_tasks;
		all->stolen_max = MAX(all->stolen_max, t->stolen_max);
		all->resched_requests += t->resched_requests;
	}
}

/* Quiescent check: census, ledger and counters must agree exactly. */
static void checkpoint(struct smoke_tally *all)
{
	sum_tallies(all);
	take_census();
	check_ledger();
	check_counters(all);
}

/* Before round @round: strict on even rounds, shadows rebuilt from the census. */
static void prepare_round(uint32_t round)
{
	uint32_t id;

	strict_round = round % 2 == 0;
	for (id = 0; id < SMOKE_TASKS; id++) {
		atomic_store(&strict_lives[id], (int32_t)census.seen[id]);
		atomic_store(&strict_runner[id],
			     census.seen[id] && census.place[id] == HS_TASK_RUNNING
				     ? census.cpu[id] + 1
				     : 0);
	}
}

/* /smoke/concurrent-ledger: run, check at every checkpoint, check the IPIs, drain. */
static void test_concurrent_ledger(void)
{
	struct smoke_tally all;
	uint32_t c, round;

	unit_boot(SMOKE_CPUS, SMOKE_CPUS);
	memset(ledger_enqueued, 0, sizeof(ledger_enqueued));
	memset(ledger_finished, 0, sizeof(ledger_finished));
	memset(ledger_purged, 0, sizeof(ledger_purged));
	atomic_store(&smoke_arrived, 0);
	memset(&census, 0, sizeof(census));
	prepare_round(0);
	UNIT_EXPECT(hs_rq_set_steal_max(&unit_sched, SMOKE_STEAL_MAX), HS_OK);
	g_assert_cmpint(pthread_barrier_init(&smoke_round_done, NULL, SMOKE_CPUS + 1), ==, 0);
	g_assert_cmpint(pthread_barrier_init(&smoke_check_done, NULL, SMOKE_CPUS + 1), ==, 0);
	for (c = 0; c < SMOKE_CPUS; c++) {
		memset(&workers[c], 0, sizeof(workers[c]));
		workers[c].cpu = c;
		workers[c].mix = c < SMOKE_CPUS / 2 ? mix_producer : mix_consumer;
		/* From the GLib test seed: --seed replays the same mix per thread. */
		workers[c].rng = ((uint64_t)g_test_rand_int() << 32 | g_test_rand_int()) | 1;
		workers[c].ops_per_round = SMOKE_OPS_TOTAL / SMOKE_CPUS / SMOKE_ROUNDS;
		g_assert_cmpint(pthread_create(&workers[c].thread, NULL, smoke_thread, &workers[c]),
				==, 0);
	}
	/*
	 * This thread is no CPU while the workers run: with tp cleared the host
	 * arch never takes another CPU's S_SOFT trap on it during a check.
	 */
	hs_arch_write_tp(0);
	for (round = 0; round < SMOKE_ROUNDS; round++) {
		pthread_barrier_wait(&smoke_round_done);
		checkpoint(&all);
		prepare_round(round + 1);
		pthread_barrier_wait(&smoke_check_done);
	}
	for (c = 0; c < SMOKE_CPUS; c++)
		g_assert_cmpint(pthread_join(workers[c].thread, NULL), ==, 0);
	pthread_barrier_destroy(&smoke_round_done);
	pthread_barrier_destroy(&smoke_check_done);
	hs_host_arch_become_cpu(0);
	g_test_message("enqueued %" G_GUINT64_FORMAT " finished %" G_GUINT64_FORMAT
		       " purged %" G_GUINT64_FORMAT " local %" G_GUINT64_FORMAT
		       " steals %" G_GUINT64_FORMAT " (tasks %" G_GUINT64_FORMAT
		       ", max %" G_GUINT64_FORMAT ") contended %" G_GUINT64_FORMAT
		       " full %" G_GUINT64_FORMAT " resched %" G_GUINT64_FORMAT,
		       all.enqueue_ok, all.finish_ok, all.purge_ok, all.pick_local, all.pick_stolen,
		       all.stolen_tasks, all.stolen_max, all.pick_contended,
		       all.status[HS_ERR_QUEUE_FULL], all.resched_requests);

	checkpoint(&all);
	check_ipi(&all);
	/* The run must have exercised what it claims to. */
	g_assert_cmpuint(all.enqueue_ok, >, 0);
	g_assert_cmpuint(all.finish_ok, >, 0);
	g_assert_cmpuint(all.purge_ok, >, 0);
	g_assert_cmpuint(all.pick_stolen, >, 0);
	g_assert_cmpuint(all.yield_ok, >, 0);
	g_assert_cmpuint(all.set_qos_ok, >, 0);
	/* Everything still queued can be run to the end. */
	for (c = 0; c < SMOKE_CPUS; c++)
		UNIT_EXPECT(hs_rq_set_steal_ceiling(&unit_sched, c, HS_QOS_PERFBURST), HS_OK);
	drain();
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/smoke/concurrent-ledger", test_concurrent_ledger);
	return g_test_run();
}
