// SPDX-License-Identifier: MIT
/*
 * The stats tables (emu/stats.h). Column names are the JSON keys, so the
 * table and the JSON read alike; the IPI table is per target hart (the hart
 * the IPIs were sent to), and says so. Counters cover the whole run (the
 * ladder's requests included); latencies and time cover the workload.
 */
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/qos.h>

#include <emu/output.h>
#include <emu/stats.h>

#include <glib.h>
#include <stdio.h>
#include <string.h>

/* Permilles of the latency columns: p50, p90, p99, p99.9. */
static const uint32_t permilles[] = {500, 900, 990, 999};

struct hs_emu_reject_split hs_emu_stats_rejects(const struct hs_emu_report *r)
{
	struct hs_emu_row t = hs_emu_row_total(r->cfg->harts);
	struct hs_emu_reject_split s;
	uint32_t i;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < HS_STATUS_COUNT; i++) {
		uint64_t all = t.rejects[i] + (i == HS_ERR_SEND_FAILED ? t.ipi.send_failed : 0);
		uint64_t lad = r->ladder.rejects[i] +
			       (i == HS_ERR_SEND_FAILED ? r->ladder.send_failed : 0);
		uint64_t wl = all - lad;

		s.ladder[i] = lad;
		if (i == HS_ERR_QUEUE_FULL)
			s.backpressure[i] = wl;
		else if (i == HS_ERR_CPU_OFFLINE && r->cfg->hotplug_cycles)
			s.hotplug[i] = wl;
		else
			s.unexpected[i] = wl;
	}
	return s;
}

/* " key=value" for every non-zero entry of @v, or " none". */
static void reject_list(GString *s, const uint64_t *v)
{
	bool any = false;
	uint32_t i;

	for (i = 0; i < HS_STATUS_COUNT; i++) {
		if (v[i]) {
			g_string_append_printf(s, " %s=%" G_GUINT64_FORMAT, hs_emu_status_key(i),
					       v[i]);
			any = true;
		}
	}
	g_string_append(s, any ? "\n" : " none\n");
}

/* One row of the scheduling table. */
static void sched_row(GString *s, const char *label, const char *id, const struct hs_emu_row *r)
{
	g_string_append_printf(s,
			       "%-5s %4s %8" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT
			       " %11" G_GUINT64_FORMAT " %11" G_GUINT64_FORMAT
			       " %16" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT
			       " %9.3f %9.3f %10" G_GUINT64_FORMAT "\n",
			       label, id, r->turns, r->runs, r->local_picks, r->steal_count,
			       r->steal_operations, r->yields, r->finishes,
			       (double)r->m.busy_ns / 1e6, (double)r->m.idle_ns / 1e6, r->irq.wfi);
}

/* One row of the IPI table (the figures of the target hart @r). */
static void ipi_row(GString *s, const char *label, const struct hs_emu_row *r)
{
	g_string_append_printf(s,
			       "%-11s %9" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT
			       " %9" G_GUINT64_FORMAT " %11" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT
			       " %6" G_GUINT64_FORMAT " %6" G_GUINT64_FORMAT " %13" G_GUINT64_FORMAT
			       "\n",
			       label, r->ipi.accepted, r->ipi.sent_ok, r->ipi.coalesced,
			       r->ipi.send_failed, r->ipi.trap, r->ipi.ack, r->ipi.resent,
			       r->ipi.resend_failed);
}

/* Per hart: scheduling and time, then resched IPIs by target hart. */
static void hart_tables(GString *s, uint32_t nharts, const struct hs_emu_row *total)
{
	uint32_t c;

	g_string_append(s, "\nscheduling per hart (hart = logical CPU, id = platform hart id; "
			   "busy/idle: workload time)\n");
	g_string_append_printf(s, "%-5s %4s %8s %8s %11s %11s %16s %7s %8s %9s %9s %10s\n", "hart",
			       "id", "turns", "runs", "local_picks", "steal_count",
			       "steal_operations", "yields", "finishes", "busy_ms", "idle_ms",
			       "park_count");
	for (c = 0; c < nharts; c++) {
		struct hs_emu_row row = hs_emu_row_of(c);
		char label[16], id[24];

		snprintf(label, sizeof(label), "%u", c);
		snprintf(id, sizeof(id), "%llu", (unsigned long long)hs_cpu_hartid(c));
		sched_row(s, label, id, &row);
	}
	sched_row(s, "total", "", total);

	g_string_append(s, "\nresched IPIs by target hart (counted at the hart they were "
			   "sent to)\n");
	g_string_append_printf(s, "%-11s %9s %6s %9s %11s %6s %6s %6s %13s\n", "target_hart",
			       "requested", "sent", "coalesced", "send_failed", "traps", "acked",
			       "resent", "resend_failed");
	for (c = 0; c < nharts; c++) {
		struct hs_emu_row row = hs_emu_row_of(c);
		char label[16];

		snprintf(label, sizeof(label), "%u", c);
		ipi_row(s, label, &row);
	}
	ipi_row(s, "total", total);
}

/* Per class: the queues' high-water marks and overflows over all harts. */
static void queue_table(GString *s, const struct hs_emu_row *total)
{
	uint32_t q;

	g_string_append_printf(s, "\nqueues per class (capacity %u per hart)\n%-12s %15s %14s\n",
			       (unsigned)HS_QUEUE_CAPACITY, "class", "depth_max", "overflow_count");
	for (q = HS_QOS_COUNT; q-- > 0;)
		g_string_append_printf(s, "%-12s %15u %14" G_GUINT64_FORMAT "\n", hs_qos_name(q),
				       total->m.depth_max[q], total->m.overflow[q]);
}

/* One latency table: count, p50 .. p99.9, max per class (us), "-" when empty. */
static void latency_table(GString *s, uint32_t nharts, bool wakeup)
{
	static struct hs_emu_hist h; /* 4 KiB: not on the stack */
	uint32_t q, i;

	g_string_append_printf(s, "\n%s\n%-12s %8s %10s %10s %10s %10s %10s\n",
			       wakeup ? "wake-up latency (us): remote wake + resched IPI -> running"
				      : "queue wait (us): submit or yield -> running",
			       "class", "count", "p50", "p90", "p99", "p99.9", "max");
	for (q = HS_QOS_COUNT; q-- > 0;) {
		hs_emu_row_latency(q, nharts, wakeup, &h);
		g_string_append_printf(s, "%-12s %8" G_GUINT64_FORMAT, hs_qos_name(q), h.count);
		for (i = 0; i < G_N_ELEMENTS(permilles); i++) {
			if (h.count)
				g_string_append_printf(
					s, " %10.1f",
					(double)hs_emu_hist_percentile(&h, permilles[i]) / 1e3);
			else
				g_string_append_printf(s, " %10s", "-");
		}
		if (h.count)
			g_string_append_printf(s, " %10.1f\n", (double)h.max / 1e3);
		else
			g_string_append_printf(s, " %10s\n", "-");
	}
}

void hs_emu_stats_print(const struct hs_emu_report *r)
{
	uint32_t nharts = r->cfg->harts;
	struct hs_emu_row total = hs_emu_row_total(nharts);
	struct hs_emu_reject_split rj = hs_emu_stats_rejects(r);
	GString *s = g_string_new(NULL);

	g_string_append(s, "\nstats (counters: whole run, ladder included)");
	hart_tables(s, nharts, &total);
	g_string_append(
		s, r->selftest.failed
			   ? "\nrejects by meaning\n  ladder (it FAILed: not all deliberate):"
			   : "\nrejects by meaning\n  ladder (deliberate: its refusal rungs):");
	reject_list(s, rj.ladder);
	g_string_append(s, "  workload back-pressure (expected: the producer keeps the task "
			   "and retries):");
	reject_list(s, rj.backpressure);
	if (r->cfg->hotplug_cycles) {
		g_string_append(s, "  workload hotplug (expected: an offline target refused):");
		reject_list(s, rj.hotplug);
	}
	g_string_append(s, "  unexpected (worth a look):");
	reject_list(s, rj.unexpected);
	g_string_append_printf(s,
			       "trap entry: signals=%" G_GUINT64_FORMAT
			       " deferred=%" G_GUINT64_FORMAT " spurious=%" G_GUINT64_FORMAT
			       " replays=%" G_GUINT64_FORMAT " kicks=%" G_GUINT64_FORMAT
			       " unidentified_traps=%" G_GUINT64_FORMAT "\n",
			       total.irq.signals, total.irq.deferred, total.irq.spurious,
			       total.irq.replays, total.irq.kicks, hs_ipi_unidentified_traps());
	queue_table(s, &total);
	latency_table(s, nharts, false);
	latency_table(s, nharts, true);
	hs_emu_output_write(s->str, s->len);
	g_string_free(s, TRUE);
}
