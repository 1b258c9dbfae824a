// SPDX-License-Identifier: MIT
/*
 * mixed-qos in the kernel (emu/wl_mixed_qos.c with kernel tasks): all four
 * classes at once, every CPU producing its own load in its scheduler
 * context before each of its turns (the workload's step, one turn per
 * step, as the emulator's harts).
 *
 * Production: a burst of BURST tasks onto the CPU's own queues, PER_CLASS
 * of each class in an order shuffled by the CPU's own seeded stream (the
 * emulator's streams: seed, stream cpu + 1), at most once every BURST turns
 * while any of its own tasks is still queued (right away when none is).
 * The job ids are split into one contiguous share per CPU. A refused
 * create (task table full) or enqueue (queue full) puts the job on the
 * CPU's retry list, tried first on its next step.
 *
 * Criteria (the emulator's, from per-task records the CPUs write
 * themselves; no clock or timing window). Each CPU keeps an event clock
 * that ticks at each of its own enqueues and at each local pick of one of
 * its own tasks:
 *  1. priority: no own task of class q is picked locally while an own task
 *     of a higher class provably sat in the same CPU's queue (Normal counts
 *     only with steal-max 1, the kernel's);
 *  2. FIFO: own tasks of one class are picked locally in enqueue order;
 *  3. starvation: an own task picked locally waited at most STARVE_BOUND
 *     turns of its CPU;
 *  4. load: every CPU produced at least its fair share with nothing left to
 *     retry, and, with a burst or more, picked some of its own tasks.
 */
#include <stdatomic.h>

#include <hartsched/arch.h>
#include <hartsched/config.h>
#include <hartsched/cpu.h>
#include <hartsched/qos.h>
#include <hartsched/rq.h>

#include "kledger.h"
#include <hartsched/prng.h>
#include "ktask.h"
#include "kwait.h"
#include "kworkload.h"

#define BURST	     8u
#define PER_CLASS    (BURST / HS_QOS_COUNT)
#define STEAL_MAX    HS_STEAL_MAX_PER_TICK
#define STARVE_BOUND (4u * (BURST + STEAL_MAX) + BURST)
#define MQ_JOBS_MAX  KLEDGER_JOBS_MAX
#define MQ_RETRY_MAX (2u * BURST)

_Static_assert(BURST % HS_QOS_COUNT == 0, "a burst holds every class equally");

struct mq_hart {
	uint32_t next, end;	      /* this CPU's share: next id to produce, one past */
	uint32_t produced;	      /* ids taken and enqueued (or listed to retry) */
	uint32_t own_local;	      /* own tasks picked locally */
	uint64_t turns;		      /* steps so far (one turn each) */
	uint64_t clk;		      /* event clock */
	uint64_t last_burst;	      /* turn of the last burst */
	uint32_t retry[MQ_RETRY_MAX]; /* jobs whose create or enqueue was refused */
	uint32_t nretry;
	struct hs_prng rng;	     /* burst order */
	_Atomic int32_t own_backlog; /* own tasks enqueued, not yet picked */
} HS_CACHE_ALIGNED;

/*
 * Per-job records: written by the home CPU before the enqueue (home, qos,
 * clk_enq, turn_enq) and by the picking CPU (local, clk_pick, turn_pick);
 * the run queue lock orders the two, the ledger's release/acquire orders
 * the check after them.
 */
static struct {
	uint32_t tasks;
	struct mq_hart hart[HS_MAX_CPUS];
	uint8_t home[MQ_JOBS_MAX];
	uint8_t qos[MQ_JOBS_MAX];
	uint8_t local[MQ_JOBS_MAX];
	uint8_t seen[MQ_JOBS_MAX]; /* picked once already (a preempted task is picked again) */
	uint64_t clk_enq[MQ_JOBS_MAX];
	uint64_t clk_pick[MQ_JOBS_MAX];
	uint64_t turn_enq[MQ_JOBS_MAX];
	uint64_t turn_pick[MQ_JOBS_MAX];
	uint32_t ev_task[2 * MQ_JOBS_MAX + 2]; /* check scratch: task at clock value */
	uint8_t ev_kind[2 * MQ_JOBS_MAX + 2];
} mq;

enum { EV_NONE = 0, EV_ENQ, EV_PICK };

/* One ledger job per task. */
static uint32_t mq_jobs(const struct kwl_params *p)
{
	return p->tasks;
}

/* A mixed-qos task: its records were written by its CPUs; it only finishes. */
static void mq_body(uint64_t arg)
{
	kwl_job_done((uint32_t)arg);
}

/* Enqueue own job @id on @cpu; false (and it goes to the retry list) if refused. */
static bool enqueue_own(struct mq_hart *h, uint32_t cpu, uint32_t id, uint64_t turn)
{
	uint32_t t = ktask_create(mq_body, id, mq.qos[id], "mixed-qos");

	mq.clk_enq[id] = ++h->clk;
	mq.turn_enq[id] = turn;
	/* Counted before the enqueue: a thief may pick it (and uncount) at once. */
	atomic_fetch_add_explicit(&h->own_backlog, 1, memory_order_relaxed);
	if (t != HS_TASK_NONE && ktask_wake(t, cpu).status == HS_OK)
		return true;
	if (t != HS_TASK_NONE)
		ktask_release(t); /* created, never queued: nobody else knows its id */
	atomic_fetch_sub_explicit(&h->own_backlog, 1, memory_order_relaxed);
	if (h->nretry < MQ_RETRY_MAX)
		h->retry[h->nretry++] = id;
	else
		hs_arch_fatal("mixed-qos: retry list overflow");
	return false;
}

/* Try the refused jobs again. */
static bool retry_own(struct mq_hart *h, uint32_t cpu, uint64_t turn)
{
	uint32_t i, n = h->nretry;
	uint32_t ids[MQ_RETRY_MAX];

	for (i = 0; i < n; i++)
		ids[i] = h->retry[i];
	h->nretry = 0;
	for (i = 0; i < n; i++)
		(void)enqueue_own(h, cpu, ids[i], turn); /* refused ones are listed again */
	return h->nretry < n;
}

/* One burst: PER_CLASS tasks of every class, in a shuffled order. */
static bool burst(struct mq_hart *h, uint32_t cpu, uint64_t turn)
{
	uint8_t order[BURST];
	uint32_t i, placed = 0;

	for (i = 0; i < BURST; i++)
		order[i] = (uint8_t)(i / PER_CLASS);
	for (i = BURST - 1; i > 0; i--) {
		uint32_t j = hs_prng_below(&h->rng, i + 1);
		uint8_t tmp = order[i];

		order[i] = order[j];
		order[j] = tmp;
	}
	for (i = 0; i < BURST && h->next < h->end; i++) {
		uint32_t id = h->next++;

		h->produced++;
		mq.home[id] = (uint8_t)cpu;
		mq.qos[id] = order[i];
		placed += enqueue_own(h, cpu, id, turn);
	}
	h->last_burst = turn;
	return placed != 0;
}

/* @cpu's production step: retries first, then a burst when its pacing allows. */
static bool mq_step(uint32_t cpu)
{
	struct mq_hart *h;
	uint64_t turn;
	unsigned long flags;
	bool did;

	if (cpu >= HS_MAX_CPUS)
		return false;
	h = &mq.hart[cpu];
	turn = h->turns++;
	if (!h->nretry && h->next >= h->end)
		return false;
	flags = hs_arch_irq_save();
	if (h->nretry)
		did = retry_own(h, cpu, turn);
	else if (turn - h->last_burst < BURST && turn != 0 &&
		 atomic_load_explicit(&h->own_backlog, memory_order_relaxed) > 0)
		did = false;
	else
		did = burst(h, cpu, turn);
	hs_arch_irq_restore(flags);
	return did;
}

/* The turn took job @job's task on @cpu: record an own local pick. */
static void mq_picked(uint32_t cpu, uint32_t job, uint32_t kind)
{
	struct mq_hart *h;
	uint32_t home;

	if (job >= mq.tasks || cpu >= HS_MAX_CPUS)
		return;
	/*
	 * Only the first pick is the one the criteria judge: a task the
	 * timeslice or a resched IPI preempted goes back to the tail of its
	 * class and is picked again (the emulator's tasks run one slice and
	 * are never preempted). The yield's enqueue and the next pick order
	 * this flag between CPUs.
	 */
	if (mq.seen[job])
		return;
	mq.seen[job] = 1;
	home = mq.home[job];
	h = &mq.hart[cpu];
	/* Relaxed: a hint for the home CPU's burst pacing. */
	atomic_fetch_sub_explicit(&mq.hart[home].own_backlog, 1, memory_order_relaxed);
	if (home == cpu && kind == HS_PICK_LOCAL) {
		mq.local[job] = 1;
		h->own_local++;
		mq.clk_pick[job] = ++h->clk;
		mq.turn_pick[job] = h->turns - 1; /* this step's turn */
	}
}

/* Split the ids into one share per CPU and reset the per-CPU state (CPU 0, before any step). */
static bool mq_start(const struct kwl_params *p)
{
	uint32_t c, t, n = hs_cpu_online_count(), first = 0;

	mq.tasks = p->tasks;
	for (c = 0; c < HS_MAX_CPUS; c++) {
		struct mq_hart *h = &mq.hart[c];
		uint32_t share = c < n ? p->tasks / n + (c < p->tasks % n) : 0;

		h->next = first;
		h->end = first + share;
		first = h->end;
		h->own_local = 0;
		h->produced = 0;
		h->turns = 0;
		h->clk = 0;
		h->last_burst = 0;
		h->nretry = 0;
		hs_prng_seed(&h->rng, p->seed, c + 1);
		atomic_store_explicit(&h->own_backlog, 0, memory_order_relaxed);
	}
	for (t = 0; t < p->tasks; t++) {
		mq.local[t] = 0;
		mq.seen[t] = 0;
	}
	return hs_cpu_online_count() == hs_cpu_present(); /* shares assume CPUs 0 .. n-1 */
}

struct mq_verdict {
	uint32_t checked, inversions, fifo, starved;
	uint32_t first_bad;
	uint64_t max_wait;
};

/*
 * Sweep CPU @cpu's own local picks in clock order (criteria 1 and 2). The
 * clock ticks once per event, so an event's clock value is its index.
 */
static void check_hart(uint32_t cpu, struct mq_verdict *v)
{
	uint64_t clk = mq.hart[cpu].clk, i, last_enq[HS_QOS_COUNT] = {0};
	uint32_t active[HS_QOS_COUNT] = {0};
	uint32_t t, q, hq;

	if (clk >= 2 * MQ_JOBS_MAX + 2)
		clk = 2 * MQ_JOBS_MAX + 1;
	for (i = 0; i <= clk; i++)
		mq.ev_kind[i] = EV_NONE;
	for (t = 0; t < mq.tasks; t++) {
		if (mq.home[t] != cpu || !mq.local[t])
			continue;
		if (mq.clk_enq[t] <= clk) {
			mq.ev_kind[mq.clk_enq[t]] = EV_ENQ;
			mq.ev_task[mq.clk_enq[t]] = t;
		}
		if (mq.clk_pick[t] <= clk) {
			mq.ev_kind[mq.clk_pick[t]] = EV_PICK;
			mq.ev_task[mq.clk_pick[t]] = t;
		}
	}
	for (i = 1; i <= clk; i++) {
		if (mq.ev_kind[i] == EV_NONE)
			continue;
		t = mq.ev_task[i];
		q = mq.qos[t];
		if (mq.ev_kind[i] == EV_ENQ) {
			active[q]++;
			continue;
		}
		v->checked++;
		for (hq = q + 1; hq < HS_QOS_COUNT; hq++)
			if (active[hq] && v->inversions++ == 0 && v->fifo == 0)
				v->first_bad = t;
		active[q]--;
		if (mq.clk_enq[t] < last_enq[q] && v->fifo++ == 0 && v->inversions == 0)
			v->first_bad = t;
		last_enq[q] = mq.clk_enq[t];
	}
}

/* Criteria 1-4 after the run (the ledger is complete, so every record is visible). */
static bool mq_check(const struct kwl_params *p, struct hs_line *l)
{
	struct mq_verdict v = {.first_bad = UINT32_MAX};
	uint32_t n = hs_cpu_online_count(), c, t, fair = p->tasks / (n ? n : 1);
	uint32_t short_share = 0, idle_harts = 0;

	for (c = 0; c < n && c < HS_MAX_CPUS; c++) {
		const struct mq_hart *h = &mq.hart[c];

		check_hart(c, &v);
		short_share += h->produced < fair || h->nretry != 0;
		idle_harts += h->produced >= BURST && h->own_local == 0;
	}
	for (t = 0; t < p->tasks; t++) {
		uint64_t w;

		if (!mq.local[t])
			continue;
		w = mq.turn_pick[t] - mq.turn_enq[t];
		if (w > v.max_wait)
			v.max_wait = w;
		if (w > STARVE_BOUND)
			v.starved++;
	}
	hs_line_str(l, " picks=");
	hs_line_u64(l, v.checked);
	hs_line_str(l, " inversions=");
	hs_line_u64(l, v.inversions);
	hs_line_str(l, " fifo_bad=");
	hs_line_u64(l, v.fifo);
	hs_line_str(l, " starved=");
	hs_line_u64(l, v.starved);
	hs_line_str(l, " max_wait=");
	hs_line_u64(l, v.max_wait);
	hs_line_str(l, " short=");
	hs_line_u64(l, short_share);
	return v.inversions == 0 && v.fifo == 0 && v.starved == 0 && short_share == 0 &&
	       idle_harts == 0;
}

const struct kwl kwl_mixed_qos = {
	.name = "mixed-qos",
	.default_tasks = 512,
	.max_tasks = MQ_JOBS_MAX,
	.jobs = mq_jobs,
	.start = mq_start,
	.check = mq_check,
	.step = mq_step,
	.picked = mq_picked,
};
