// SPDX-License-Identifier: MIT
/*
 * The workload described by a file (emu/wlfile.h): groups of tasks that
 * run, wake each other, wait and sleep, as the description says.
 *
 * Placement: each hart places the instances that start on it from its own
 * turns (at most BURST per turn, a refused one retried next turn), so every
 * hart produces its own starting load. A woken task goes to its home hart
 * (another online hart if that one is offline or full).
 *
 * Synchronisation table
 *
 *   data               written by                        read by
 *   -----------------  --------------------------------  --------------------------
 *   task state ts[t]   the hart running t (run_task,     the next hart running t:
 *                      finished) or its waker, before    ordered by the rq lock (or
 *                      the enqueue that hands it on      the group lock, below)
 *   waiters, tokens    under the group's mutex           under the group's mutex
 *   sleepers           under sleep_lock                  hart 0, under sleep_lock
 *   cursor[h]          hart h only                       hart h
 *   counters           relaxed atomics                   check(), after the run
 *
 * A task joins its group's waiters only from finished(), after hs_rq_finish
 * made it FREE, so a waker that pops it can always enqueue it.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>

#include <emu/harts.h>
#include <emu/sched.h>
#include <emu/wlfile.h>
#include <emu/workload.h>

#include <pthread.h>
#include <stdatomic.h>

#define BURST	       32u /* placements per hart turn */
#define PHASE_START    UINT32_MAX
#define SLEEPERS_BATCH 64u /* sleepers hart 0 wakes per turn */

/* What finished() does with a task that left the CPU. */
enum { AFTER_NONE = 0, AFTER_WAIT, AFTER_SLEEP };

struct task_state {
	uint16_t group;
	uint16_t after; /* AFTER_*: set by run_task for finished() */
	uint32_t home;	/* the hart it is woken to */
	uint32_t loop;	/* current loop */
	uint32_t phase; /* current phase, PHASE_START before the first */
	uint32_t left;	/* slices left in the current run phase */
	uint64_t wake_ns;
};

struct group_rt {
	pthread_mutex_t lock;
	uint32_t *waiters; /* FIFO ring of task ids, instances slots */
	uint32_t head, count;
	uint32_t tokens; /* wakes that found nobody waiting */
};

static struct hs_emu_wlfile desc;
static struct task_state ts[HS_EMU_JOBS_MAX];
static struct group_rt grt[HS_EMU_WLFILE_GROUPS];
static uint32_t ring[HS_EMU_JOBS_MAX];	     /* the groups' waiter rings */
static uint32_t start_list[HS_EMU_JOBS_MAX]; /* ids by start hart */
static uint32_t start_off[HS_MAX_CPUS + 1];  /* hart h: start_list[off[h], off[h+1]) */
static uint32_t cursor[HS_MAX_CPUS];	     /* next of hart h's to place */
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t sleepers[HS_EMU_JOBS_MAX], nsleepers;
static _Atomic uint64_t n_wakes, n_lost, n_sleeps, n_waits;

void hs_emu_wl_file_set(const struct hs_emu_wlfile *d)
{
	desc = *d;
}

static uint32_t wf_task_ids(const struct hs_emu_run *run)
{
	(void)run;
	return desc.tasks;
}

/* Push @task on its group's waiter ring (the caller holds the lock). */
static void push_waiter(struct group_rt *g, uint32_t instances, uint32_t task)
{
	g->waiters[(g->head + g->count++) % instances] = task;
}

/* Lay the tasks out: home harts, start lists per hart, waiting groups queued. */
static void wf_start(struct hs_emu_run *run)
{
	uint32_t n = hs_emu_harts_count(), gi, i, t = 0, h, used = 0;
	uint32_t per_hart[HS_MAX_CPUS] = {0};

	(void)run;
	for (gi = 0; gi < desc.ngroups; gi++) {
		const struct hs_emu_group *g = &desc.group[gi];
		struct group_rt *r = &grt[gi];

		pthread_mutex_init(&r->lock, NULL);
		r->waiters = &ring[used];
		used += g->instances;
		r->head = r->count = r->tokens = 0;
		for (i = 0; i < g->instances; i++, t++) {
			uint32_t where = g->start == HS_EMU_START_WAITING ? g->home : g->start;

			ts[t] = (struct task_state){.group = (uint16_t)gi,
						    .home = where == HS_EMU_START_SPREAD ? i % n
											 : where,
						    .phase = PHASE_START};
			if (g->start == HS_EMU_START_WAITING)
				push_waiter(r, g->instances, t);
			else
				per_hart[ts[t].home]++;
		}
	}
	start_off[0] = 0;
	for (h = 0; h < HS_MAX_CPUS; h++) {
		start_off[h + 1] = start_off[h] + per_hart[h];
		cursor[h] = start_off[h];
	}
	for (t = 0; t < desc.tasks; t++) {
		if (desc.group[ts[t].group].start != HS_EMU_START_WAITING)
			start_list[cursor[ts[t].home]++] = t;
	}
	for (h = 0; h < HS_MAX_CPUS; h++)
		cursor[h] = start_off[h];
	nsleepers = 0;
	atomic_store_explicit(&n_wakes, 0, memory_order_relaxed);
	atomic_store_explicit(&n_lost, 0, memory_order_relaxed);
	atomic_store_explicit(&n_sleeps, 0, memory_order_relaxed);
	atomic_store_explicit(&n_waits, 0, memory_order_relaxed);
}

/* Place @task, woken, on its home hart or else any online hart with room. */
static void place_woken(uint32_t from, uint32_t task)
{
	uint32_t qos = desc.group[ts[task].group].qos, i, to = ts[task].home;

	for (i = 0; i < hs_cpu_present(); i++) {
		if (hs_cpu_is_online(to) && hs_emu_wake(to, task, qos).status == HS_OK)
			return;
		to = hs_emu_workload_other_online(from, i);
	}
	atomic_fetch_add_explicit(&n_lost, 1, memory_order_relaxed); /* the ledger misses it */
}

/* Wake the longest-waiting instance of group @gi, or leave a token. */
static void wake_group(uint32_t from, uint32_t gi)
{
	struct group_rt *g = &grt[gi];
	uint32_t task = HS_TASK_NONE;

	atomic_fetch_add_explicit(&n_wakes, 1, memory_order_relaxed);
	pthread_mutex_lock(&g->lock);
	if (g->count) {
		task = g->waiters[g->head];
		g->head = (g->head + 1) % desc.group[gi].instances;
		g->count--;
	} else {
		g->tokens++;
	}
	pthread_mutex_unlock(&g->lock);
	if (task != HS_TASK_NONE)
		place_woken(from, task);
}

/*
 * Move @t to its next phase, doing wake phases on the way. Returns the
 * kind of phase it stopped at (RUN with left set, WAIT, SLEEP), or UINT32_MAX
 * when its last loop is over.
 */
static uint32_t advance(struct task_state *t, uint32_t cpu)
{
	const struct hs_emu_group *g = &desc.group[t->group];
	uint32_t steps;

	for (steps = 0; steps <= 2 * HS_EMU_WLFILE_PHASES; steps++) {
		const struct hs_emu_phase *p;

		if (t->phase == PHASE_START) {
			t->phase = 0;
		} else if (++t->phase == g->nphases) {
			t->phase = 0;
			if (++t->loop == g->loops)
				return UINT32_MAX;
		}
		if (t->loop + 1 == g->loops && t->phase > g->last_active)
			return UINT32_MAX; /* trailing wait/sleep of the last loop */
		p = &g->phase[t->phase];
		switch (p->kind) {
		case HS_EMU_PHASE_RUN:
			t->left = p->n;
			return HS_EMU_PHASE_RUN;
		case HS_EMU_PHASE_WAKE:
			wake_group(cpu, p->n);
			continue;
		case HS_EMU_PHASE_SLEEP:
			t->wake_ns = hs_arch_now_ns() + (uint64_t)p->n * 1000u;
			return HS_EMU_PHASE_SLEEP;
		default:
			return HS_EMU_PHASE_WAIT;
		}
	}
	hs_arch_fatal(
		"emu workload file: a phase list without run or wake"); /* the parser refuses it */
	return UINT32_MAX;
}

/* Hart @cpu places its own starting instances; hart 0 also wakes sleepers. */
static bool wf_hart_step(struct hs_emu_run *run, uint32_t cpu)
{
	uint32_t i, woke[SLEEPERS_BATCH], nwoke = 0;
	uint64_t now;
	bool did = false;

	(void)run;
	for (i = 0; i < BURST && cursor[cpu] < start_off[cpu + 1]; i++) {
		uint32_t t = start_list[cursor[cpu]];

		if (hs_emu_submit(cpu, t, desc.group[ts[t].group].qos).status != HS_OK)
			break; /* full: retried next turn */
		cursor[cpu]++;
		did = true;
	}
	if (cpu != 0)
		return did;
	now = hs_arch_now_ns();
	pthread_mutex_lock(&sleep_lock);
	for (i = 0; i < nsleepers && nwoke < SLEEPERS_BATCH;) {
		if (ts[sleepers[i]].wake_ns <= now) {
			woke[nwoke++] = sleepers[i];
			sleepers[i] = sleepers[--nsleepers];
		} else {
			i++;
		}
	}
	pthread_mutex_unlock(&sleep_lock);
	for (i = 0; i < nwoke; i++)
		place_woken(0, woke[i]);
	return did || nwoke;
}

static uint32_t wf_run_task(struct hs_emu_run *run, uint32_t cpu, uint32_t task,
			    const struct hs_pick *pick)
{
	struct task_state *t = &ts[task];
	uint32_t next;

	(void)pick;
	if (t->left == 0) { /* just started or woken: find its run phase */
		next = advance(t, cpu);
		if (next != HS_EMU_PHASE_RUN)
			goto leave;
	}
	if (--t->left)
		return HS_EMU_TASK_YIELD;
	next = advance(t, cpu);
	if (next == HS_EMU_PHASE_RUN)
		return HS_EMU_TASK_YIELD;
leave:
	t->after = next == HS_EMU_PHASE_WAIT	? AFTER_WAIT
		   : next == HS_EMU_PHASE_SLEEP ? AFTER_SLEEP
						: AFTER_NONE;
	if (next == UINT32_MAX)
		hs_emu_workload_job_done(run, task);
	return HS_EMU_TASK_FINISH;
}

/* After hs_rq_finish: a waiting task takes a token or joins the waiters. */
static void wf_finished(struct hs_emu_run *run, uint32_t cpu, uint32_t task)
{
	struct task_state *t = &ts[task];
	struct group_rt *g = &grt[t->group];
	bool token = false;

	(void)run;
	if (t->after == AFTER_SLEEP) {
		atomic_fetch_add_explicit(&n_sleeps, 1, memory_order_relaxed);
		pthread_mutex_lock(&sleep_lock);
		sleepers[nsleepers++] = task;
		pthread_mutex_unlock(&sleep_lock);
		return;
	}
	if (t->after != AFTER_WAIT)
		return;
	atomic_fetch_add_explicit(&n_waits, 1, memory_order_relaxed);
	pthread_mutex_lock(&g->lock);
	if (g->tokens) {
		g->tokens--;
		token = true;
	} else {
		push_waiter(g, desc.group[t->group].instances, task);
	}
	pthread_mutex_unlock(&g->lock);
	if (token) /* woken before it waited: go on at once (to its home hart) */
		place_woken(cpu, task);
}

/* Criterion "wakes": no wake was lost; counts of wakes, waits, sleeps. */
static bool wf_check(struct hs_emu_run *run)
{
	struct hs_emu_criterion c = {.name = "wakes"};
	uint64_t lost = atomic_load_explicit(&n_lost, memory_order_relaxed);
	uint32_t gi, tokens = 0, waiting = 0;

	for (gi = 0; gi < desc.ngroups; gi++) {
		tokens += grt[gi].tokens;
		waiting += grt[gi].count;
	}
	c.verdict = lost ? HS_EMU_VERDICT_FAIL : HS_EMU_VERDICT_OK;
	hs_emu_criterion_add(&c, "wakes", (int64_t)atomic_load(&n_wakes));
	hs_emu_criterion_add(&c, "waits", (int64_t)atomic_load(&n_waits));
	hs_emu_criterion_add(&c, "sleeps", (int64_t)atomic_load(&n_sleeps));
	hs_emu_criterion_add(&c, "lost_wakes", (int64_t)lost);
	hs_emu_criterion_add(&c, "tokens_left", tokens);
	hs_emu_criterion_add(&c, "still_waiting", waiting);
	return hs_emu_workload_criterion(run, &c);
}

const struct hs_emu_workload hs_emu_wl_file = {
	.name = desc.name, /* the description's name, set before the run */
	.summary = "the workload described by --workload-file",
	.default_tasks = 0,
	.start = wf_start,
	.hart_step = wf_hart_step,
	.run_task = wf_run_task,
	.finished = wf_finished,
	.task_ids = wf_task_ids,
	.check = wf_check,
};
