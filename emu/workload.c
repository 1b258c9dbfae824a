// SPDX-License-Identifier: MIT
/*
 * The workload engine (emu/workload.h): registry, the run on hart 0, orphan
 * re-placement, the hotplug cycles, the end-of-run checks.
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <emu/counter.h>
#include <emu/harts.h>
#include <emu/hotplug.h>
#include <emu/interval.h>
#include <emu/irq.h>
#include <emu/metrics.h>
#include <emu/output.h>
#include <emu/sched.h>
#include <emu/stop.h>
#include <emu/workload.h>

#include <glib.h>
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

void hs_emu_criterion_add(struct hs_emu_criterion *c, const char *key, int64_t value)
{
	if (c->nvalues < HS_EMU_CRITERION_VALUES)
		c->values[c->nvalues++] = (struct hs_emu_value){key, value};
}

bool hs_emu_workload_criterion(struct hs_emu_run *run, const struct hs_emu_criterion *c)
{
	static const char *const words[] = {"ok", "FAIL", "not-checked"};
	GString *s = g_string_new(NULL);
	uint32_t i;

	if (run->ncriteria < HS_EMU_CRITERIA_MAX)
		run->criteria[run->ncriteria++] = *c;
	g_string_printf(s, "WORKLOAD: %s %s %s", run->wl->name, c->name, words[c->verdict]);
	if (c->note)
		g_string_append_printf(s, " (%s)", c->note);
	for (i = 0; i < c->nvalues; i++) {
		if (c->values[i].value == HS_EMU_VALUE_NONE)
			g_string_append_printf(s, " %s=none", c->values[i].key);
		else
			g_string_append_printf(s, " %s=%" G_GINT64_FORMAT, c->values[i].key,
					       c->values[i].value);
	}
	g_string_append_c(s, '\n');
	hs_emu_output_write(s->str, s->len);
	g_string_free(s, TRUE);
	return c->verdict != HS_EMU_VERDICT_FAIL;
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

/* One turn of hart 0 (the engine's hart), its time counted busy or idle. */
static bool engine_turn(void)
{
	uint64_t t0 = hs_arch_now_ns();
	bool did = hs_emu_sched_turn(0);

	hs_emu_metrics_time(0, did, hs_arch_now_ns() - t0);
	return did;
}

/*
 * Start barrier: wake every secondary and wait until each online one has
 * taken a turn of this run (its decision counter moved past @before), so no
 * hart sleeps through a short workload. Bounded by the run's deadline and
 * by a stop signal; false if either cut it short.
 */
static bool wait_all_joined(const struct hs_emu_run *run, const uint64_t *before, uint32_t nharts)
{
	uint32_t c = 1;

	hs_emu_harts_kick_all();
	while (c < nharts) {
		if (!hs_cpu_is_online(c) || hs_emu_sched_stats(c).decisions > before[c]) {
			c++;
			continue;
		}
		if (hs_arch_now_ns() > run->deadline_ns || hs_emu_stop_signal())
			return false;
		HS_IGNORE(hs_ipi_idle_once(0)); /* a resched just means: look again */
	}
	return true;
}

/* Hart 0's part while the run is active; returns why it ended. */
static uint32_t drive(struct hs_emu_run *run, struct hotplug_ctl *hp, uint32_t nharts)
{
	struct hs_emu_interval iv;

	hs_emu_interval_start(&iv, run->cfg.report_every_ns, hs_arch_now_ns());
	for (;;) {
		bool did = engine_turn();
		uint64_t now;

		did = replace_orphans() || did;
		hotplug_step(hp, nharts);
		if (hs_emu_ledger_complete(&run->ledger) && pending.n == 0)
			return HS_EMU_STOP_COMPLETED;
		if (hs_emu_stop_signal())
			return HS_EMU_STOP_SIGNAL;
		now = hs_arch_now_ns();
		if (now > run->deadline_ns)
			return run->cfg.duration_ns ? HS_EMU_STOP_DURATION : HS_EMU_STOP_TIMEOUT;
		hs_emu_interval_tick(&iv, run, now);
		if (!did) {
			uint64_t t0 = hs_arch_now_ns();

			HS_IGNORE(hs_ipi_idle_once(0)); /* a resched just means: go round */
			hs_emu_metrics_time(0, false, hs_arch_now_ns() - t0);
		}
	}
}

static const char *const stop_names[] = {"completed", "timeout", "duration", "signal"};

/*
 * The ledger criterion: every job finished exactly once, nothing stranded,
 * orphaned or broken, the hotplug calls did their job, no timeout. A run
 * stopped early (--duration, a signal) is judged on what it did: no
 * duplicate, nothing broken; unfinished and still-queued jobs are counted,
 * not failed.
 */
static bool verdict(struct hs_emu_run *run, struct hs_emu_workload_result *res,
		    const struct hotplug_ctl *hp, uint32_t nharts)
{
	struct hs_emu_ledger_result lr = hs_emu_ledger_check(&run->ledger);
	struct hs_emu_criterion c = {.name = "ledger"};
	uint64_t broken = count_broken(nharts);
	bool partial = hs_emu_run_partial(run);
	uint32_t first_stranded;
	bool ok;

	res->stranded = count_stranded(run, &first_stranded);
	res->orphans_left = pending.n;
	res->finished = lr.finished;
	ok = lr.duplicated == 0 && broken == 0 && hp->failures == 0;
	if (!partial)
		ok = ok && !res->timed_out && lr.missing == 0 && res->stranded == 0 &&
		     pending.n == 0;
	c.verdict = ok ? HS_EMU_VERDICT_OK : HS_EMU_VERDICT_FAIL;
	if (partial)
		c.note = run->stop == HS_EMU_STOP_SIGNAL
				 ? "interrupted: unfinished jobs are counted, not judged"
				 : "stopped at the end of --duration: unfinished jobs are counted, "
				   "not judged";
	hs_emu_criterion_add(&c, "jobs", run->ledger.jobs);
	hs_emu_criterion_add(&c, "finished", lr.finished);
	hs_emu_criterion_add(&c, partial ? "unfinished" : "missing", lr.missing);
	hs_emu_criterion_add(&c, "first_missing",
			     lr.missing ? (int64_t)lr.first_missing : HS_EMU_VALUE_NONE);
	hs_emu_criterion_add(&c, "duplicated", lr.duplicated);
	hs_emu_criterion_add(&c, "first_duplicated",
			     lr.duplicated ? (int64_t)lr.first_duplicated : HS_EMU_VALUE_NONE);
	hs_emu_criterion_add(&c, partial ? "left_queued" : "stranded", res->stranded);
	hs_emu_criterion_add(&c, "first_stranded",
			     res->stranded ? (int64_t)first_stranded : HS_EMU_VALUE_NONE);
	hs_emu_criterion_add(&c, "orphans", pending.n);
	hs_emu_criterion_add(&c, "broken", (int64_t)broken);
	hs_emu_criterion_add(&c, "hotplug_failures", hp->failures);
	hs_emu_criterion_add(&c, "timed_out", res->timed_out);
	hs_emu_criterion_add(&c, "wall_us", (int64_t)(res->wall_ns / 1000));
	return hs_emu_workload_criterion(run, &c);
}

/* Say so (text and stderr) when fewer hotplug cycles ran than asked for. */
static void warn_cut_short(const struct hs_emu_run *run, const struct hotplug_ctl *hp)
{
	if (hp->done >= run->cfg.hotplug_cycles)
		return;
	hs_emu_workload_say(run,
			    "warning: hotplug cut short: %llu of %u cycles ran before the workload "
			    "ended (a cycle takes about 2 ms; give more --tasks or fewer cycles)",
			    (unsigned long long)hp->done, run->cfg.hotplug_cycles);
	fprintf(stderr,
		"hartsched-emu: warning: --hotplug-cycles %u: only %llu cycles ran before the "
		"workload ended\n",
		run->cfg.hotplug_cycles, (unsigned long long)hp->done);
}

struct hs_emu_workload_result hs_emu_workload_run(const struct hs_emu_config *cfg)
{
	struct hs_emu_workload_result res = {0};
	struct hs_emu_run *run = &the_run;
	struct hotplug_ctl hp = {0};
	uint32_t nharts = hs_cpu_present(), c;
	uint64_t before[HS_MAX_CPUS];
	struct hs_outcome o;
	bool criteria;

	if (!cfg->workload)
		return res;
	res.ran = true;
	run->wl = cfg->workload;
	run->cfg = *cfg;
	run->ncriteria = 0;
	run->stop = HS_EMU_STOP_COMPLETED;
	if (run->cfg.tasks == 0)
		run->cfg.tasks = cfg->duration_ns ? HS_EMU_JOBS_MAX : run->wl->default_tasks;
	res.jobs = run->cfg.tasks;
	if (run->cfg.tasks > HS_EMU_JOBS_MAX) {
		hs_emu_workload_say(run, "FAIL tasks=%u above the limit %u", run->cfg.tasks,
				    (unsigned)HS_EMU_JOBS_MAX);
		return res;
	}
	hs_emu_ledger_reset(&run->ledger, run->cfg.tasks);
	res.tasks = run->wl->task_ids(run);
	hs_emu_tasks_reset(res.tasks);
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
	run->deadline_ns = run->start_ns + (cfg->duration_ns ? cfg->duration_ns : cfg->timeout_ns);

	for (c = 0; c < nharts; c++)
		before[c] = hs_emu_sched_stats(c).decisions;
	hs_emu_sched_set_run(run);
	if (wait_all_joined(run, before, nharts))
		run->stop = drive(run, &hp, nharts);
	else
		run->stop = hs_emu_stop_signal() ? HS_EMU_STOP_SIGNAL
			    : cfg->duration_ns	 ? HS_EMU_STOP_DURATION
						 : HS_EMU_STOP_TIMEOUT;
	res.stop = run->stop;
	res.timed_out = run->stop == HS_EMU_STOP_TIMEOUT;
	run->end_ns = hs_arch_now_ns();
	hs_emu_sched_set_run(NULL);
	urcu_memb_synchronize_rcu(); /* no hart uses the run any more */
	for (c = 0; c < nharts; c++)
		hs_emu_sched_flush(c, run); /* a slice that finished last is reported now */
	if (hp.offline) {
		o = hs_emu_hart_online(hp.victim);
		if (o.status != HS_OK)
			hp.failures++;
		hp.done++;
	}
	res.wall_ns = run->end_ns - run->start_ns;
	res.hotplug_cycles = hp.done;
	if (run->stop != HS_EMU_STOP_COMPLETED)
		hs_emu_workload_say(run, "stopped by %s after %llu us", stop_names[run->stop],
				    (unsigned long long)(res.wall_ns / 1000));

	if (cfg->hotplug_cycles) {
		struct hs_emu_hotplug_stats hs = hs_emu_hotplug_stats();

		hs_emu_workload_say(run,
				    "hotplug cycles=%llu requested=%u offlines=%llu onlines=%llu "
				    "migrated=%llu orphaned=%llu",
				    (unsigned long long)hp.done, cfg->hotplug_cycles,
				    (unsigned long long)hs.offlines, (unsigned long long)hs.onlines,
				    (unsigned long long)hs.migrated,
				    (unsigned long long)hs.orphaned);
		if (!hs_emu_run_partial(run))
			warn_cut_short(run, &hp);
	}
	res.ok = verdict(run, &res, &hp, nharts);
	criteria = run->wl->check ? run->wl->check(run) : true;
	res.ok = res.ok && criteria;
	res.ncriteria = run->ncriteria;
	res.criteria = run->criteria;
	return res;
}

const char *hs_emu_stop_name(uint32_t stop)
{
	return stop < HS_ARRAY_SIZE(stop_names) ? stop_names[stop] : "unknown";
}
