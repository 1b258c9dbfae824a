// SPDX-License-Identifier: MIT
/*
 * mixed-qos: all four classes at once, every hart producing its own load.
 *
 * Production (each hart, each turn): a burst of BURST tasks onto its own
 * queues, PER_CLASS of each class in a shuffled order, at most once every
 * BURST turns while any of its own tasks is still queued (right away when
 * none is). So the higher classes are bounded: tasks above class q take at
 * most 3/4 of a hart's decisions, and a quarter is left for the rest.
 *
 * Criteria (beyond the ledger), checked after the run from per-task
 * records written by the harts themselves, so no clock or timing window is
 * involved. Each hart keeps an event clock that ticks at each of its own
 * enqueues and at each local pick of one of its own tasks; "own" = enqueued
 * by this hart, never migrated by hotplug.
 *
 *  1. Priority: no own task of class q is picked locally while an own task
 *     of a higher class provably sat in the same hart's queue (enqueued
 *     earlier on the clock, picked locally later). Only "exact" higher
 *     tasks count: classes above the Normal steal ceiling always, Normal
 *     only with steal-max 1 (a larger steal can park a task elsewhere and
 *     later park it back, so its stay was not continuous).
 *  2. FIFO: exact own tasks of one class are picked in enqueue order.
 *  3. No starvation: an own task picked locally waits at most
 *     STARVE_BOUND turns of its hart. Why that bound: while a task t is
 *     queued every turn of its hart picks a local task, bursts come at
 *     most every BURST turns, and a burst leaves at most BURST + s - 1
 *     tasks queued (s = steal-max: parked tasks arrive only into an empty
 *     queue). The tasks picked before t are those ahead of it at its
 *     enqueue (< BURST + s) plus higher-class arrivals (<= 3/4 of the turns
 *     spent), so t waits at most 4 * (BURST + s) turns; the bound adds one
 *     burst of slack. Not checked under hotplug (migrations add arrivals).
 */
#include <hartsched/cpu.h>

#include <emu/harts.h>
#include <emu/prng.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include <stdatomic.h>
#include <stdlib.h>

#define BURST		8u
#define PER_CLASS	(BURST / HS_QOS_COUNT)
#define STARVE_BOUND(s) (4u * (BURST + (s)) + BURST)

_Static_assert(BURST % HS_QOS_COUNT == 0, "a burst holds every class equally");

struct mq_hart {
	uint64_t turns;	       /* turns run so far */
	uint64_t clk;	       /* event clock (see above) */
	uint64_t last_burst;   /* turn of the last burst */
	uint32_t retry[BURST]; /* tasks whose enqueue was refused */
	uint32_t nretry;
	struct hs_emu_prng rng;	     /* burst order */
	_Atomic int32_t own_backlog; /* own tasks enqueued, not yet picked */
} HS_CACHE_ALIGNED;

enum { EV_ENQ = 0, EV_PICK = 1 };

struct mq_event {
	uint64_t clk;
	uint32_t task;
	uint32_t kind;
};

/*
 * Per-task records: written by the home hart before the enqueue (home, qos,
 * clk_enq, turn_enq) and by the picking hart (local, clk_pick, turn_pick);
 * the rq lock orders the two, the end-of-run grace period orders the check.
 */
static struct {
	_Atomic uint32_t next_id;
	struct mq_hart hart[HS_MAX_CPUS];
	uint8_t home[HS_EMU_JOBS_MAX];
	uint8_t qos[HS_EMU_JOBS_MAX];
	uint8_t local[HS_EMU_JOBS_MAX]; /* picked locally on its home hart */
	uint64_t clk_enq[HS_EMU_JOBS_MAX];
	uint64_t clk_pick[HS_EMU_JOBS_MAX];
	uint64_t turn_enq[HS_EMU_JOBS_MAX];
	uint64_t turn_pick[HS_EMU_JOBS_MAX];
	struct mq_event ev[2 * HS_EMU_JOBS_MAX]; /* check scratch */
} mq;

static uint32_t mq_task_ids(const struct hs_emu_run *run)
{
	return run->cfg.tasks;
}

static void mq_start(struct hs_emu_run *run)
{
	uint32_t c, t;

	atomic_store_explicit(&mq.next_id, 0, memory_order_relaxed);
	for (c = 0; c < HS_MAX_CPUS; c++) {
		struct mq_hart *h = &mq.hart[c];

		h->turns = 0;
		h->clk = 0;
		h->last_burst = 0;
		h->nretry = 0;
		hs_emu_prng_seed(&h->rng, run->cfg.seed, c + 1);
		atomic_store_explicit(&h->own_backlog, 0, memory_order_relaxed);
	}
	for (t = 0; t < run->cfg.tasks; t++)
		mq.local[t] = 0;
}

/* Enqueue own task @id on @cpu; false (and it goes to the retry list) if refused. */
static bool enqueue_own(struct mq_hart *h, uint32_t cpu, uint32_t id, uint64_t turn)
{
	mq.clk_enq[id] = ++h->clk;
	mq.turn_enq[id] = turn;
	/* Counted before the enqueue: a thief may pick it (and uncount) at once. */
	atomic_fetch_add_explicit(&h->own_backlog, 1, memory_order_relaxed);
	if (hs_emu_submit(cpu, id, mq.qos[id]).status == HS_OK)
		return true;
	atomic_fetch_sub_explicit(&h->own_backlog, 1, memory_order_relaxed);
	h->retry[h->nretry++] = id;
	return false;
}

/* Re-try refused tasks (only after a hotplug migration filled a queue). */
static bool retry_own(struct mq_hart *h, uint32_t cpu, uint64_t turn)
{
	uint32_t i, n = h->nretry;
	uint32_t ids[BURST];

	for (i = 0; i < n; i++)
		ids[i] = h->retry[i];
	h->nretry = 0;
	for (i = 0; i < n; i++)
		HS_IGNORE(enqueue_own(h, cpu, ids[i], turn)); /* refused ones are listed again */
	return h->nretry < n;
}

/* One burst: PER_CLASS tasks of every class, in a shuffled order. */
static bool burst(struct hs_emu_run *run, struct mq_hart *h, uint32_t cpu, uint64_t turn)
{
	uint8_t order[BURST];
	uint32_t i, placed = 0;

	for (i = 0; i < BURST; i++)
		order[i] = (uint8_t)(i / PER_CLASS);
	for (i = BURST - 1; i > 0; i--) {
		uint32_t j = hs_emu_prng_below(&h->rng, i + 1);
		uint8_t tmp = order[i];

		order[i] = order[j];
		order[j] = tmp;
	}
	for (i = 0; i < BURST; i++) {
		uint32_t id = atomic_fetch_add_explicit(&mq.next_id, 1, memory_order_relaxed);

		if (id >= run->cfg.tasks)
			break;
		mq.home[id] = (uint8_t)cpu;
		mq.qos[id] = order[i];
		placed += enqueue_own(h, cpu, id, turn);
	}
	h->last_burst = turn;
	return placed != 0;
}

static bool mq_hart_step(struct hs_emu_run *run, uint32_t cpu)
{
	struct mq_hart *h = &mq.hart[cpu];
	uint64_t turn = h->turns++;

	if (h->nretry)
		return retry_own(h, cpu, turn);
	if (atomic_load_explicit(&mq.next_id, memory_order_relaxed) >= run->cfg.tasks)
		return false;
	if (turn - h->last_burst < BURST && turn != 0 &&
	    atomic_load_explicit(&h->own_backlog, memory_order_relaxed) > 0)
		return false;
	return burst(run, h, cpu, turn);
}

static uint32_t mq_run_task(struct hs_emu_run *run, uint32_t cpu, uint32_t task,
			    const struct hs_pick *pick)
{
	uint32_t home = mq.home[task];
	struct mq_hart *h = &mq.hart[cpu];

	/* Relaxed: a hint for the home hart's burst pacing (a late view only delays a burst). */
	atomic_fetch_sub_explicit(&mq.hart[home].own_backlog, 1, memory_order_relaxed);
	if (home == cpu && pick->kind == HS_PICK_LOCAL && !hs_emu_task_migrated(task)) {
		mq.local[task] = 1;
		mq.clk_pick[task] = ++h->clk;
		mq.turn_pick[task] = h->turns - 1; /* this turn's decision */
	}
	hs_emu_workload_job_done(run, task);
	return HS_EMU_TASK_FINISH;
}

static int event_cmp(const void *a, const void *b)
{
	const struct mq_event *x = a, *y = b;

	return x->clk < y->clk ? -1 : x->clk > y->clk;
}

static bool exact(uint32_t task, uint32_t steal_max)
{
	return mq.qos[task] > HS_QOS_NORMAL || steal_max == 1;
}

struct mq_verdict {
	uint32_t checked;		 /* own local picks examined */
	uint32_t inversions;		 /* priority violations */
	uint32_t fifo;			 /* FIFO violations */
	uint32_t first_bad;		 /* first offending task */
	uint32_t starved;		 /* waits above the bound */
	uint64_t max_wait[HS_QOS_COUNT]; /* turns, own local picks */
};

/* Sweep hart @cpu's own local picks in clock order (criteria 1 and 2). */
static void check_hart(const struct hs_emu_run *run, uint32_t cpu, struct mq_verdict *v)
{
	uint32_t n = 0, t, i, q, steal_max = run->cfg.steal_max;
	uint32_t active[HS_QOS_COUNT] = {0};
	uint64_t last_enq[HS_QOS_COUNT] = {0};

	for (t = 0; t < run->cfg.tasks; t++) {
		if (mq.home[t] != cpu || !mq.local[t])
			continue;
		if (exact(t, steal_max))
			mq.ev[n++] = (struct mq_event){mq.clk_enq[t], t, EV_ENQ};
		mq.ev[n++] = (struct mq_event){mq.clk_pick[t], t, EV_PICK};
	}
	qsort(mq.ev, n, sizeof(mq.ev[0]), event_cmp);
	for (i = 0; i < n; i++) {
		t = mq.ev[i].task;
		q = mq.qos[t];
		if (mq.ev[i].kind == EV_ENQ) {
			active[q]++;
			continue;
		}
		v->checked++;
		for (uint32_t hq = q + 1; hq < HS_QOS_COUNT; hq++) {
			if (active[hq] && v->inversions++ == 0 && v->fifo == 0)
				v->first_bad = t;
		}
		if (!exact(t, steal_max))
			continue;
		active[q]--;
		if (mq.clk_enq[t] < last_enq[q] && v->fifo++ == 0 && v->inversions == 0)
			v->first_bad = t;
		last_enq[q] = mq.clk_enq[t];
	}
}

static bool mq_check(struct hs_emu_run *run)
{
	struct mq_verdict v = {.first_bad = UINT32_MAX};
	uint32_t bound = STARVE_BOUND(run->cfg.steal_max);
	bool starve_checked = run->cfg.hotplug_cycles == 0;
	uint32_t c, t;
	bool ok;

	for (c = 0; c < hs_emu_harts_count(); c++)
		check_hart(run, c, &v);
	for (t = 0; t < run->cfg.tasks; t++) {
		uint64_t w;

		if (!mq.local[t])
			continue;
		w = mq.turn_pick[t] - mq.turn_enq[t];
		if (w > v.max_wait[mq.qos[t]])
			v.max_wait[mq.qos[t]] = w;
		if (starve_checked && w > bound)
			v.starved++;
	}
	ok = v.inversions == 0 && v.fifo == 0;
	hs_emu_workload_say(run,
			    "priority %s checked_picks=%u inversions=%u fifo_violations=%u "
			    "first_bad=%d",
			    ok ? "ok" : "FAIL", v.checked, v.inversions, v.fifo, (int)v.first_bad);
	if (starve_checked)
		hs_emu_workload_say(run,
				    "starvation %s bound_turns=%u max_wait_turns idle=%llu "
				    "normal=%llu interactive=%llu perfburst=%llu over=%u",
				    v.starved ? "FAIL" : "ok", bound,
				    (unsigned long long)v.max_wait[HS_QOS_IDLE],
				    (unsigned long long)v.max_wait[HS_QOS_NORMAL],
				    (unsigned long long)v.max_wait[HS_QOS_INTERACTIVE],
				    (unsigned long long)v.max_wait[HS_QOS_PERFBURST], v.starved);
	else
		hs_emu_workload_say(run, "starvation bound not checked: hotplug migrations add "
					 "arrivals");
	return ok && v.starved == 0;
}

const struct hs_emu_workload hs_emu_wl_mixed_qos = {
	.name = "mixed-qos",
	.summary = "every hart produces all four classes; priority, FIFO, starvation checked",
	.default_tasks = 512,
	.start = mq_start,
	.hart_step = mq_hart_step,
	.run_task = mq_run_task,
	.finished = NULL,
	.task_ids = mq_task_ids,
	.check = mq_check,
};
