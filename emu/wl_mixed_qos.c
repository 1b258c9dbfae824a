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
 * Every hart produces its own share of the jobs: the ids are split into
 * one contiguous range per hart (sizes differ by at most one), so no hart
 * can take the whole run before the others wake up.
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
#include <hartsched/prng.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include <stdatomic.h>
#include <stdlib.h>

#define BURST		8u
#define PER_CLASS	(BURST / HS_QOS_COUNT)
#define STARVE_BOUND(s) (4u * (BURST + (s)) + BURST)

_Static_assert(BURST % HS_QOS_COUNT == 0, "a burst holds every class equally");

struct mq_hart {
	uint32_t next, end;    /* this hart's share of ids: next to produce, one past */
	uint32_t share;	       /* ids in the share */
	uint32_t produced;     /* ids this hart took and enqueued (or listed to retry) */
	uint32_t own_local;    /* own tasks picked locally */
	uint64_t turns;	       /* turns run so far */
	uint64_t clk;	       /* event clock (see above) */
	uint64_t last_burst;   /* turn of the last burst */
	uint32_t retry[BURST]; /* tasks whose enqueue was refused */
	uint32_t nretry;
	struct hs_prng rng;	     /* burst order */
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

/* Split the ids into one share per hart and reset the per-hart state. */
static void mq_start(struct hs_emu_run *run)
{
	uint32_t c, t, n = hs_emu_harts_count(), first = 0;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		struct mq_hart *h = &mq.hart[c];

		h->share = c < n ? run->cfg.tasks / n + (c < run->cfg.tasks % n) : 0;
		h->next = first;
		h->end = first + h->share;
		first = h->end;
		h->own_local = 0;
		h->produced = 0;
		h->turns = 0;
		h->clk = 0;
		h->last_burst = 0;
		h->nretry = 0;
		hs_prng_seed(&h->rng, run->cfg.seed, c + 1);
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
		uint32_t j = hs_prng_below(&h->rng, i + 1);
		uint8_t tmp = order[i];

		order[i] = order[j];
		order[j] = tmp;
	}
	(void)run;
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

/* Hart @cpu's production step: retries first, then a burst when its pacing allows. */
static bool mq_hart_step(struct hs_emu_run *run, uint32_t cpu)
{
	struct mq_hart *h = &mq.hart[cpu];
	uint64_t turn = h->turns++;

	if (h->nretry)
		return retry_own(h, cpu, turn);
	if (h->next >= h->end)
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
		h->own_local++;
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

/*
 * Criterion "load": every hart produced at least tasks / harts jobs itself
 * (counted as it produced them, not derived from the split) with nothing
 * left to retry, and, when that is a full burst or more (two tasks above
 * the Normal steal ceiling, which no other hart may take), ran some of its
 * own tasks itself. Not checked when the run stopped early; the local part
 * not under hotplug (migrations).
 */
static bool check_load(struct hs_emu_run *run)
{
	struct hs_emu_criterion c = {.name = "load"};
	uint32_t n = hs_emu_harts_count(), i, short_share = 0, idle_harts = 0;
	uint32_t fair = run->cfg.tasks / n, least = UINT32_MAX, most = 0;
	int64_t first = HS_EMU_VALUE_NONE;
	bool local = run->cfg.hotplug_cycles == 0;

	for (i = 0; i < n; i++) {
		const struct mq_hart *h = &mq.hart[i];
		bool bad_share = h->produced < fair || h->nretry != 0;
		bool bad_local = local && h->produced >= BURST && h->own_local == 0;

		least = h->produced < least ? h->produced : least;
		most = h->produced > most ? h->produced : most;

		short_share += bad_share;
		idle_harts += bad_local;
		if ((bad_share || bad_local) && first == HS_EMU_VALUE_NONE)
			first = i;
	}
	if (hs_emu_run_partial(run)) {
		c.verdict = HS_EMU_VERDICT_NOT_CHECKED;
		c.note = "the run stopped before every share was produced";
	} else {
		c.verdict = short_share || idle_harts ? HS_EMU_VERDICT_FAIL : HS_EMU_VERDICT_OK;
		if (!local)
			c.note = "own local picks not required under hotplug";
	}
	hs_emu_criterion_add(&c, "harts", n);
	hs_emu_criterion_add(&c, "fair_share", fair);
	hs_emu_criterion_add(&c, "produced_min", least);
	hs_emu_criterion_add(&c, "produced_max", most);
	hs_emu_criterion_add(&c, "harts_short_of_share", short_share);
	hs_emu_criterion_add(&c, "harts_without_own_picks", idle_harts);
	hs_emu_criterion_add(&c, "first_bad_hart", first);
	return hs_emu_workload_criterion(run, &c);
}

/* The criteria after the run: priority/FIFO, starvation, load. */
static bool mq_check(struct hs_emu_run *run)
{
	struct mq_verdict v = {.first_bad = UINT32_MAX};
	uint32_t bound = STARVE_BOUND(run->cfg.steal_max);
	bool starve_checked = run->cfg.hotplug_cycles == 0;
	struct hs_emu_criterion pri = {.name = "priority"}, st = {.name = "starvation"};
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
	pri.verdict = v.inversions || v.fifo ? HS_EMU_VERDICT_FAIL : HS_EMU_VERDICT_OK;
	hs_emu_criterion_add(&pri, "checked_picks", v.checked);
	hs_emu_criterion_add(&pri, "inversions", v.inversions);
	hs_emu_criterion_add(&pri, "fifo_violations", v.fifo);
	hs_emu_criterion_add(&pri, "first_bad",
			     v.first_bad == UINT32_MAX ? HS_EMU_VALUE_NONE : (int64_t)v.first_bad);
	ok = hs_emu_workload_criterion(run, &pri);

	st.verdict = !starve_checked ? HS_EMU_VERDICT_NOT_CHECKED
		     : v.starved     ? HS_EMU_VERDICT_FAIL
				     : HS_EMU_VERDICT_OK;
	if (!starve_checked)
		st.note = "hotplug migrations add arrivals";
	hs_emu_criterion_add(&st, "bound_turns", bound);
	hs_emu_criterion_add(&st, "max_wait_turns_idle", (int64_t)v.max_wait[HS_QOS_IDLE]);
	hs_emu_criterion_add(&st, "max_wait_turns_normal", (int64_t)v.max_wait[HS_QOS_NORMAL]);
	hs_emu_criterion_add(&st, "max_wait_turns_interactive",
			     (int64_t)v.max_wait[HS_QOS_INTERACTIVE]);
	hs_emu_criterion_add(&st, "max_wait_turns_perfburst",
			     (int64_t)v.max_wait[HS_QOS_PERFBURST]);
	hs_emu_criterion_add(&st, "over", v.starved);
	ok = hs_emu_workload_criterion(run, &st) && ok;
	return check_load(run) && ok;
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
