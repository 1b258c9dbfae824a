// SPDX-License-Identifier: MIT
/*
 * The workload engine (emu/workload.h): registry, the run on hart 0, orphan
 * re-placement, the hotplug cycles, the end-of-run checks.
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <emu/harts.h>
#include <emu/hotplug.h>
#include <emu/irq.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include <stdarg.h>
#include <stdio.h>
#include <urcu/urcu-memb.h>

/* Time a hotplug victim stays offline, and between two cycles. */
#define HOTPLUG_PERIOD_NS (1000ull * 1000)

static const struct hs_emu_workload *const registry[] = {
	&hs_emu_wl_spawn_storm,
	&hs_emu_wl_wake_remote,
	&hs_emu_wl_mixed_qos,
	&hs_emu_wl_ping_pong,
};

/* One run at a time; static because the ledger is large. */
static struct hs_emu_run the_run;
static struct hs_emu_orphans pending; /* hotplug orphans awaiting a place */
static struct hs_emu_orphans scratch;

struct hotplug_ctl {
	uint32_t cycles_left; /* offline+online cycles still to do */
	uint32_t victim;      /* the hart now offline, if offline */
	bool offline;	      /* a victim is offline */
	uint32_t rotor;	      /* picks the next victim */
	uint64_t next_ns;     /* when to act next */
	uint64_t done;	      /* cycles completed */
	uint32_t failures;    /* offline/online calls that did not do their job */
};

const struct hs_emu_workload *hs_emu_workload_find(const char *name)
{
	uint32_t i;

	for (i = 0; i < HS_ARRAY_SIZE(registry); i++) {
		const char *a = registry[i]->name, *b = name;

		while (*a && *a == *b) {
			a++;
			b++;
		}
		if (*a == '\0' && *b == '\0')
			return registry[i];
	}
	return NULL;
}

uint32_t hs_emu_workload_count(void)
{
	return HS_ARRAY_SIZE(registry);
}

const struct hs_emu_workload *hs_emu_workload_at(uint32_t i)
{
	return i < HS_ARRAY_SIZE(registry) ? registry[i] : NULL;
}

void hs_emu_workload_say(const struct hs_emu_run *run, const char *fmt, ...)
{
	char text[HS_LINE_MAX];
	struct hs_line l;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	hs_line_init(&l);
	hs_line_str(&l, "WORKLOAD: ");
	hs_line_str(&l, run->wl->name);
	hs_line_str(&l, " ");
	hs_line_str(&l, text);
	hs_line_emit(&l);
}

void hs_emu_workload_job_done(struct hs_emu_run *run, uint32_t job)
{
	if (hs_emu_ledger_mark(&run->ledger, job) && hs_cpu_current() != 0)
		HS_IGNORE(
			hs_emu_irq_kick(hs_cpu_hartid(0))); /* a hint: hart 0's tick also sees it */
}

uint32_t hs_emu_workload_other_online(uint32_t self, uint32_t k)
{
	uint32_t present = hs_cpu_present();
	uint32_t online[HS_MAX_CPUS];
	uint32_t i, n = 0;

	for (i = 1; i < present; i++) {
		uint32_t c = (self + i) % present;

		if (hs_cpu_is_online(c))
			online[n++] = c;
	}
	return n ? online[k % n] : self;
}

/* Try to place every pending orphan on an online hart (inside an RCU section). */
static bool replace_orphans(void)
{
	uint32_t i, kept = 0, present = hs_cpu_present();
	bool placed = false;

	if (pending.n == 0)
		return false;
	urcu_memb_read_lock();
	for (i = 0; i < pending.n; i++) {
		uint32_t c, task = pending.task[i], qos = pending.qos[i];
		bool ok = false;

		for (c = 0; c < present && !ok; c++) {
			if (hs_cpu_is_online(c))
				ok = hs_emu_wake(c, task, qos).status == HS_OK;
		}
		if (ok) {
			placed = true;
			continue;
		}
		pending.task[kept] = task;
		pending.qos[kept] = qos;
		kept++;
	}
	pending.n = kept;
	urcu_memb_read_unlock();
	return placed;
}

static void add_orphans(const struct hs_emu_orphans *o)
{
	uint32_t i;

	for (i = 0; i < o->n; i++) {
		if (pending.n >= HS_EMU_ORPHANS_MAX)
			hs_arch_fatal("emu: too many hotplug orphans");
		pending.task[pending.n] = o->task[i];
		pending.qos[pending.n] = o->qos[i];
		pending.n++;
	}
}

/* One step of the offline/online cycles (hart 0, outside any RCU section). */
static void hotplug_step(struct hotplug_ctl *h, uint32_t nharts)
{
	uint64_t now = hs_arch_now_ns();
	struct hs_outcome o;

	if ((h->cycles_left == 0 && !h->offline) || nharts < 2 || now < h->next_ns)
		return;
	h->next_ns = now + HOTPLUG_PERIOD_NS;
	if (!h->offline) {
		h->victim = 1 + h->rotor++ % (nharts - 1);
		o = hs_emu_hart_offline(h->victim, &scratch);
		add_orphans(&scratch);
		if (o.status == HS_OK || o.status == HS_ERR_QUEUE_FULL)
			h->offline = true;
		else
			h->failures++;
		return;
	}
	o = hs_emu_hart_online(h->victim);
	if (o.status != HS_OK)
		h->failures++;
	h->offline = false;
	h->cycles_left--;
	h->done++;
}

/* Task ids of the run still queued or running at the end: must be none. */
static uint32_t count_stranded(const struct hs_emu_run *run, uint32_t *first)
{
	uint32_t t, n = 0, ids = run->wl->task_ids(run);

	*first = UINT32_MAX;
	for (t = 0; t < ids; t++) {
		if (hs_rq_where(&hs_emu_sched, t).place != HS_TASK_FREE) {
			if (n++ == 0)
				*first = t;
		}
	}
	return n;
}

/* Core calls in the runner that failed where they cannot: must be none. */
static uint64_t count_broken(uint32_t nharts)
{
	uint64_t n = 0;
	uint32_t c;

	for (c = 0; c < nharts; c++)
		n += hs_emu_sched_stats(c).broken;
	return n;
}

/* Hart 0's part while the run is active; returns when done or out of time. */
static bool drive(struct hs_emu_run *run, struct hotplug_ctl *hp, uint32_t nharts)
{
	for (;;) {
		bool did = hs_emu_sched_turn(0);

		did = replace_orphans() || did;
		hotplug_step(hp, nharts);
		if (hs_emu_ledger_complete(&run->ledger) && pending.n == 0)
			return true;
		if (hs_arch_now_ns() > run->deadline_ns)
			return false;
		if (!did)
			HS_IGNORE(hs_cpu_idle_once(0)); /* a resched just means: go round */
	}
}

/* Print the ledger verdict and return whether the run as a whole holds. */
static bool verdict(struct hs_emu_run *run, struct hs_emu_workload_result *res,
		    const struct hotplug_ctl *hp, uint32_t nharts)
{
	struct hs_emu_ledger_result lr = hs_emu_ledger_check(&run->ledger);
	uint64_t broken = count_broken(nharts);
	uint32_t first_stranded;
	bool ok;

	res->stranded = count_stranded(run, &first_stranded);
	res->orphans_left = pending.n;
	ok = !res->timed_out && lr.missing == 0 && lr.duplicated == 0 && res->stranded == 0 &&
	     pending.n == 0 && broken == 0 && hp->failures == 0;
	if (ok) {
		hs_emu_workload_say(run, "ledger ok jobs=%u finished=%u wall_us=%llu", lr.finished,
				    lr.finished, (unsigned long long)(res->wall_ns / 1000));
	} else {
		hs_emu_workload_say(
			run,
			"ledger FAIL jobs=%u finished=%u missing=%u first_missing=%d "
			"duplicated=%u first_duplicated=%d stranded=%u first_stranded=%d "
			"orphans=%u broken=%llu hotplug_failures=%u timed_out=%s",
			run->ledger.jobs, lr.finished, lr.missing, (int)lr.first_missing,
			lr.duplicated, (int)lr.first_duplicated, res->stranded, (int)first_stranded,
			pending.n, (unsigned long long)broken, hp->failures,
			res->timed_out ? "yes" : "no");
	}
	return ok;
}

struct hs_emu_workload_result hs_emu_workload_run(const struct hs_emu_config *cfg)
{
	struct hs_emu_workload_result res = {0};
	struct hs_emu_run *run = &the_run;
	struct hotplug_ctl hp = {0};
	uint32_t nharts = hs_cpu_present();
	struct hs_outcome o;
	bool criteria;

	if (!cfg->workload)
		return res;
	res.ran = true;
	run->wl = cfg->workload;
	run->cfg = *cfg;
	if (run->cfg.tasks == 0)
		run->cfg.tasks = run->wl->default_tasks;
	res.jobs = run->cfg.tasks;
	if (run->cfg.tasks > HS_EMU_JOBS_MAX) {
		hs_emu_workload_say(run, "FAIL tasks=%u above the limit %u", run->cfg.tasks,
				    (unsigned)HS_EMU_JOBS_MAX);
		return res;
	}
	hs_emu_ledger_reset(&run->ledger, run->cfg.tasks);
	hs_emu_tasks_reset(run->wl->task_ids(run));
	pending.n = 0;
	o = hs_rq_set_steal_max(&hs_emu_sched, cfg->steal_max);
	if (o.status != HS_OK) {
		hs_emu_workload_say(run, "FAIL steal-max %u refused: %s", cfg->steal_max,
				    hs_status_name(o.status));
		return res;
	}
	hp.cycles_left = cfg->hotplug_cycles;
	run->wl->start(run);
	hs_emu_workload_say(run, "start harts=%u tasks=%u seed=%llu steal_max=%u hotplug=%u",
			    nharts, run->cfg.tasks, (unsigned long long)cfg->seed, cfg->steal_max,
			    cfg->hotplug_cycles);
	run->start_ns = hs_arch_now_ns();
	run->deadline_ns = run->start_ns + cfg->duration_ns;

	hs_emu_sched_set_run(run);
	res.timed_out = !drive(run, &hp, nharts);
	run->end_ns = hs_arch_now_ns();
	hs_emu_sched_set_run(NULL);
	urcu_memb_synchronize_rcu(); /* no hart uses the run any more */
	if (hp.offline) {
		o = hs_emu_hart_online(hp.victim);
		if (o.status != HS_OK)
			hp.failures++;
		hp.done++;
	}
	res.wall_ns = run->end_ns - run->start_ns;
	res.hotplug_cycles = hp.done;

	if (cfg->hotplug_cycles) {
		struct hs_emu_hotplug_stats hs = hs_emu_hotplug_stats();

		if (nharts < 2)
			hs_emu_workload_say(run, "hotplug skipped: needs at least 2 harts");
		else
			hs_emu_workload_say(
				run,
				"hotplug cycles=%llu offlines=%llu onlines=%llu "
				"migrated=%llu orphaned=%llu",
				(unsigned long long)hp.done, (unsigned long long)hs.offlines,
				(unsigned long long)hs.onlines, (unsigned long long)hs.migrated,
				(unsigned long long)hs.orphaned);
	}
	res.ok = verdict(run, &res, &hp, nharts);
	criteria = run->wl->check ? run->wl->check(run) : true;
	res.ok = res.ok && criteria;
	return res;
}
