// SPDX-License-Identifier: MIT
/*
 * Run statistics (emu/stats.h): gathered once the harts are quiet, from the
 * core's run-queue and IPI counters and the emulator's own, then printed as
 * a table and written as JSON. Counters cover the whole run (the ladder's
 * two resched requests included); wait times cover the workload.
 */
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/qos.h>

#include <emu/counter.h>
#include <emu/harts.h>
#include <emu/hist.h>
#include <emu/hotplug.h>
#include <emu/irq.h>
#include <emu/json.h>
#include <emu/sched.h>
#include <emu/stats.h>

#include <glib.h>
#include <stdio.h>

#ifndef HS_EMU_VERSION
#define HS_EMU_VERSION "unknown"
#endif

/* Everything reported for one hart (or the sum of all). */
struct hart_row {
	uint64_t turns, runs, idle, picks, stolen, steal_ops, contended, yields, yield_full;
	uint64_t finished;
	struct hs_ipi_counters ipi;
	struct hs_emu_irq_stats irq;
	uint64_t rejects[HS_STATUS_COUNT];
};

static struct hart_row row_of(uint32_t cpu)
{
	const struct hs_rq_counters *c = &hs_emu_sched.rq[cpu].cnt;
	struct hs_emu_sched_stats s = hs_emu_sched_stats(cpu);
	struct hart_row r = {0};
	uint32_t i;

	r.turns = s.decisions;
	r.runs = s.runs;
	r.idle = s.idle;
	r.picks = hs_emu_counter_read(&c->picked);
	r.stolen = hs_emu_counter_read(&c->stolen);
	r.steal_ops = hs_emu_counter_read(&c->steal_ops);
	r.contended = hs_emu_counter_read(&c->contended);
	r.yields = hs_emu_counter_read(&c->yields);
	r.yield_full = s.yield_full;
	r.finished = hs_emu_counter_read(&c->finished);
	r.ipi = hs_ipi_counters(cpu);
	r.irq = hs_emu_irq_stats(hs_cpu_hartid(cpu));
	for (i = 0; i < HS_STATUS_COUNT; i++)
		r.rejects[i] = hs_emu_counter_read(&c->rejected[i]);
	return r;
}

static void row_add(struct hart_row *sum, const struct hart_row *r)
{
	uint32_t i;

	sum->turns += r->turns;
	sum->runs += r->runs;
	sum->idle += r->idle;
	sum->picks += r->picks;
	sum->stolen += r->stolen;
	sum->steal_ops += r->steal_ops;
	sum->contended += r->contended;
	sum->yields += r->yields;
	sum->yield_full += r->yield_full;
	sum->finished += r->finished;
	sum->ipi.accepted += r->ipi.accepted;
	sum->ipi.sent_ok += r->ipi.sent_ok;
	sum->ipi.coalesced += r->ipi.coalesced;
	sum->ipi.send_failed += r->ipi.send_failed;
	sum->ipi.trap += r->ipi.trap;
	sum->ipi.ack += r->ipi.ack;
	sum->irq.signals += r->irq.signals;
	sum->irq.deferred += r->irq.deferred;
	sum->irq.spurious += r->irq.spurious;
	sum->irq.traps += r->irq.traps;
	sum->irq.replays += r->irq.replays;
	sum->irq.fake_traps += r->irq.fake_traps;
	sum->irq.dropped += r->irq.dropped;
	sum->irq.kicks += r->irq.kicks;
	for (i = 0; i < HS_STATUS_COUNT; i++)
		sum->rejects[i] += r->rejects[i];
}

/* Sum of all harts, plus the rejects no CPU could be charged with. */
static struct hart_row total_row(uint32_t nharts)
{
	struct hart_row sum = {0};
	uint32_t c, i;

	for (c = 0; c < nharts; c++) {
		struct hart_row r = row_of(c);

		row_add(&sum, &r);
	}
	for (i = 0; i < HS_STATUS_COUNT; i++)
		sum.rejects[i] += atomic_load_explicit(&hs_emu_sched.rejected_nowhere[i],
						       memory_order_relaxed);
	return sum;
}

static void wait_hist(uint32_t qos, uint32_t nharts, struct hs_emu_hist *out)
{
	uint32_t c;

	hs_emu_hist_reset(out);
	for (c = 0; c < nharts; c++)
		hs_emu_hist_merge(out, hs_emu_sched_wait_hist(c, qos));
}

static void table_row(GString *s, const char *label, const struct hart_row *r)
{
	g_string_append_printf(s,
			       "%-6s %8" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT
			       " %7" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT
			       " %6" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT
			       " %6" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT
			       " %6" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT "\n",
			       label, r->turns, r->runs, r->picks, r->stolen, r->steal_ops,
			       r->contended, r->yields, r->finished, r->ipi.accepted,
			       r->ipi.sent_ok, r->ipi.coalesced, r->ipi.ack, r->ipi.trap);
}

static void fmt_us(char *buf, size_t len, uint64_t ns)
{
	snprintf(buf, len, "%.1f", (double)ns / 1000.0);
}

void hs_emu_stats_print(const struct hs_emu_report *r)
{
	uint32_t nharts = r->cfg->harts, c, i, q;
	struct hart_row total = total_row(nharts);
	struct hs_emu_hist h;
	GString *s = g_string_new(NULL);
	bool any = false;

	g_string_append(s, "\nstats (whole run)\n");
	g_string_append_printf(s, "%-6s %8s %7s %7s %7s %6s %6s %7s %7s %6s %6s %6s %6s %6s\n",
			       "hart", "turns", "runs", "picks", "stolen", "steals", "contnd",
			       "yields", "finish", "ipi-rq", "sent", "coal", "acked", "traps");
	for (c = 0; c < nharts; c++) {
		struct hart_row row = row_of(c);
		char label[16];

		snprintf(label, sizeof(label), "%u", c);
		table_row(s, label, &row);
	}
	table_row(s, "total", &total);
	g_string_append(s, "rejects:");
	for (i = HS_ERR_QUEUE_FULL; i < HS_STATUS_COUNT; i++) {
		if (total.rejects[i]) {
			g_string_append_printf(s, " %s=%" G_GUINT64_FORMAT, hs_status_name(i),
					       total.rejects[i]);
			any = true;
		}
	}
	if (total.ipi.send_failed) {
		g_string_append_printf(s, " ipi-send-refused=%" G_GUINT64_FORMAT,
				       total.ipi.send_failed);
		any = true;
	}
	g_string_append(s, any ? "\n" : " none\n");
	g_string_append_printf(s,
			       "trap entry: signals=%" G_GUINT64_FORMAT
			       " deferred=%" G_GUINT64_FORMAT " spurious=%" G_GUINT64_FORMAT
			       " replays=%" G_GUINT64_FORMAT " kicks=%" G_GUINT64_FORMAT
			       " unidentified=%" G_GUINT64_FORMAT "\n",
			       total.irq.signals, total.irq.deferred, total.irq.spurious,
			       total.irq.replays, total.irq.kicks, hs_ipi_unidentified_traps());
	g_string_append_printf(s, "%-12s %8s %10s %10s %10s\n", "wait (us)", "count", "p50", "p99",
			       "max");
	for (q = HS_QOS_COUNT; q-- > 0;) {
		char p50[32], p99[32], mx[32];

		wait_hist(q, nharts, &h);
		fmt_us(p50, sizeof(p50), hs_emu_hist_percentile(&h, 500));
		fmt_us(p99, sizeof(p99), hs_emu_hist_percentile(&h, 990));
		fmt_us(mx, sizeof(mx), h.max);
		g_string_append_printf(s, "%-12s %8" G_GUINT64_FORMAT " %10s %10s %10s\n",
				       hs_qos_name(q), h.count, h.count ? p50 : "-",
				       h.count ? p99 : "-", h.count ? mx : "-");
	}
	fputs(s->str, stdout);
	fflush(stdout);
	g_string_free(s, TRUE);
}

static void json_row(struct hs_emu_json *j, const struct hart_row *r)
{
	uint32_t i;

	hs_emu_json_u64(j, "turns", r->turns);
	hs_emu_json_u64(j, "runs", r->runs);
	hs_emu_json_u64(j, "idle_decisions", r->idle);
	hs_emu_json_u64(j, "picks", r->picks);
	hs_emu_json_u64(j, "stolen", r->stolen);
	hs_emu_json_u64(j, "steal_ops", r->steal_ops);
	hs_emu_json_u64(j, "contended", r->contended);
	hs_emu_json_u64(j, "yields", r->yields);
	hs_emu_json_u64(j, "yield_full", r->yield_full);
	hs_emu_json_u64(j, "finished", r->finished);
	hs_emu_json_begin_object(j, "ipi");
	hs_emu_json_u64(j, "requested", r->ipi.accepted);
	hs_emu_json_u64(j, "sent", r->ipi.sent_ok);
	hs_emu_json_u64(j, "coalesced", r->ipi.coalesced);
	hs_emu_json_u64(j, "send_refused", r->ipi.send_failed);
	hs_emu_json_u64(j, "trap", r->ipi.trap);
	hs_emu_json_u64(j, "acked", r->ipi.ack);
	hs_emu_json_end_object(j);
	hs_emu_json_begin_object(j, "trap_entry");
	hs_emu_json_u64(j, "signals", r->irq.signals);
	hs_emu_json_u64(j, "deferred", r->irq.deferred);
	hs_emu_json_u64(j, "spurious", r->irq.spurious);
	hs_emu_json_u64(j, "traps", r->irq.traps);
	hs_emu_json_u64(j, "replays", r->irq.replays);
	hs_emu_json_u64(j, "fake_traps", r->irq.fake_traps);
	hs_emu_json_u64(j, "dropped", r->irq.dropped);
	hs_emu_json_u64(j, "kicks", r->irq.kicks);
	hs_emu_json_end_object(j);
	hs_emu_json_begin_object(j, "rejects");
	for (i = HS_ERR_QUEUE_FULL; i < HS_STATUS_COUNT; i++)
		hs_emu_json_u64(j, hs_status_name(i), r->rejects[i]);
	hs_emu_json_end_object(j);
}

static void json_config(struct hs_emu_json *j, const struct hs_emu_config *cfg)
{
	hs_emu_json_begin_object(j, "config");
	hs_emu_json_u64(j, "harts", cfg->harts);
	hs_emu_json_bool(j, "selftest", cfg->selftest);
	hs_emu_json_str(j, "workload", cfg->workload ? cfg->workload->name : "none");
	hs_emu_json_u64(j, "tasks", cfg->tasks);
	hs_emu_json_u64(j, "seed", cfg->seed);
	hs_emu_json_u64(j, "steal_max", cfg->steal_max);
	hs_emu_json_u64(j, "duration_ns", cfg->duration_ns);
	hs_emu_json_u64(j, "hotplug_cycles", cfg->hotplug_cycles);
	hs_emu_json_u64(j, "queue_capacity", HS_QUEUE_CAPACITY);
	hs_emu_json_u64(j, "max_cpus", HS_MAX_CPUS);
	hs_emu_json_u64(j, "idle_tick_ns", HS_EMU_IDLE_TICK_NS);
	hs_emu_json_end_object(j);
}

static void json_runs(struct hs_emu_json *j, const struct hs_emu_report *r)
{
	struct hs_emu_hotplug_stats hp = hs_emu_hotplug_stats();

	hs_emu_json_u64(j, "bringup_ns", r->bringup_ns);
	hs_emu_json_u64(j, "total_ns", r->total_ns);
	hs_emu_json_u64(j, "unidentified_traps", hs_ipi_unidentified_traps());
	hs_emu_json_begin_object(j, "selftest");
	hs_emu_json_bool(j, "ran", r->selftest_ran);
	hs_emu_json_u64(j, "passed", r->selftest.passed);
	hs_emu_json_u64(j, "failed", r->selftest.failed);
	hs_emu_json_u64(j, "wall_ns", r->selftest_ns);
	hs_emu_json_end_object(j);
	hs_emu_json_begin_object(j, "workload");
	hs_emu_json_bool(j, "ran", r->workload.ran);
	hs_emu_json_bool(j, "ok", r->workload.ok);
	hs_emu_json_bool(j, "timed_out", r->workload.timed_out);
	hs_emu_json_u64(j, "jobs", r->workload.jobs);
	hs_emu_json_u64(j, "wall_ns", r->workload.wall_ns);
	hs_emu_json_u64(j, "stranded", r->workload.stranded);
	hs_emu_json_u64(j, "orphans_left", r->workload.orphans_left);
	hs_emu_json_end_object(j);
	hs_emu_json_begin_object(j, "hotplug");
	hs_emu_json_u64(j, "cycles", r->workload.hotplug_cycles);
	hs_emu_json_u64(j, "offlines", hp.offlines);
	hs_emu_json_u64(j, "onlines", hp.onlines);
	hs_emu_json_u64(j, "migrated", hp.migrated);
	hs_emu_json_u64(j, "orphaned", hp.orphaned);
	hs_emu_json_end_object(j);
}

static void json_waits(struct hs_emu_json *j, uint32_t nharts)
{
	struct hs_emu_hist h;
	uint32_t q;

	hs_emu_json_begin_object(j, "wait_ns");
	for (q = 0; q < HS_QOS_COUNT; q++) {
		wait_hist(q, nharts, &h);
		hs_emu_json_begin_object(j, hs_qos_name(q));
		hs_emu_json_u64(j, "count", h.count);
		hs_emu_json_u64(j, "p50", hs_emu_hist_percentile(&h, 500));
		hs_emu_json_u64(j, "p99", hs_emu_hist_percentile(&h, 990));
		hs_emu_json_u64(j, "max", h.max);
		hs_emu_json_end_object(j);
	}
	hs_emu_json_end_object(j);
}

int hs_emu_stats_write_json(const struct hs_emu_report *r, FILE *f)
{
	uint32_t nharts = r->cfg->harts, c;
	struct hart_row total = total_row(nharts);
	GString *s = g_string_new(NULL);
	struct hs_emu_json j;
	int rc = 0;

	hs_emu_json_init(&j, s);
	hs_emu_json_begin_object(&j, NULL);
	hs_emu_json_str(&j, "program", "hartsched-emu");
	hs_emu_json_str(&j, "version", HS_EMU_VERSION);
	hs_emu_json_u64(&j, "exit_status", (uint64_t)r->exit_status);
	json_config(&j, r->cfg);
	json_runs(&j, r);
	hs_emu_json_begin_array(&j, "harts");
	for (c = 0; c < nharts; c++) {
		struct hart_row row = row_of(c);

		hs_emu_json_begin_object(&j, NULL);
		hs_emu_json_u64(&j, "hart", c);
		json_row(&j, &row);
		hs_emu_json_end_object(&j);
	}
	hs_emu_json_end_array(&j);
	hs_emu_json_begin_object(&j, "totals");
	json_row(&j, &total);
	hs_emu_json_end_object(&j);
	json_waits(&j, nharts);
	hs_emu_json_end_object(&j);
	g_string_append_c(s, '\n');
	if (!hs_emu_json_ok(&j) || fwrite(s->str, 1, s->len, f) != s->len || fflush(f) != 0)
		rc = -1;
	g_string_free(s, TRUE);
	return rc;
}
