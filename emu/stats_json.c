// SPDX-License-Identifier: MIT
/*
 * The stats as JSON (emu/stats.h), built and serialised with json-glib so
 * escaping and structure come from the library. Keys are snake_case
 * everywhere; the layout is versioned (schema_version) and documented in
 * docs/emulator.md, and tests/emu validates real output against
 * docs/emulator-stats.schema.json.
 */
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/qos.h>

#include <emu/hotplug.h>
#include <emu/irq.h>
#include <emu/output.h>
#include <emu/stats.h>
#include <emu/stop.h>

#include <errno.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#ifndef HS_EMU_VERSION
#define HS_EMU_VERSION "unknown"
#endif

/* Latency percentiles written per class: key and permille. */
static const struct {
	const char *key;
	uint32_t permille;
} percentiles[] = {{"p50", 500}, {"p90", 900}, {"p99", 990}, {"p999", 999}};

/* "@key": @v. */
static void put_int(JsonBuilder *b, const char *key, int64_t v)
{
	json_builder_set_member_name(b, key);
	json_builder_add_int_value(b, v);
}

/* "@key": @v, clamped to the JSON integer range json-glib writes (int64). */
static void put_u64(JsonBuilder *b, const char *key, uint64_t v)
{
	put_int(b, key, v > (uint64_t)G_MAXINT64 ? G_MAXINT64 : (int64_t)v);
}

/* "@key": true/false. */
static void put_bool(JsonBuilder *b, const char *key, bool v)
{
	json_builder_set_member_name(b, key);
	json_builder_add_boolean_value(b, v);
}

/* "@key": "@v", or null when @v is NULL. */
static void put_str(JsonBuilder *b, const char *key, const char *v)
{
	json_builder_set_member_name(b, key);
	if (v)
		json_builder_add_string_value(b, v);
	else
		json_builder_add_null_value(b);
}

/* @key: @ns, or null when @set is false (an option not given). */
static void put_ns_or_null(JsonBuilder *b, const char *key, bool set, uint64_t ns)
{
	json_builder_set_member_name(b, key);
	if (set)
		json_builder_add_int_value(b, (int64_t)ns);
	else
		json_builder_add_null_value(b);
}

/* "@key": { ... (the caller ends the object). */
static void begin(JsonBuilder *b, const char *key)
{
	json_builder_set_member_name(b, key);
	json_builder_begin_object(b);
}

/* { "<status>": n, ... } for every reject status (stable keys). */
static void put_statuses(JsonBuilder *b, const char *key, const uint64_t *v)
{
	uint32_t i;

	begin(b, key);
	for (i = HS_ERR_QUEUE_FULL; i < HS_STATUS_COUNT; i++)
		put_u64(b, hs_emu_status_key(i), v[i]);
	json_builder_end_object(b);
}

/* "config": the run as configured, with tasks as actually used. */
static void put_config(JsonBuilder *b, const struct hs_emu_report *r)
{
	const struct hs_emu_config *cfg = r->cfg;
	uint32_t c;

	begin(b, "config");
	put_u64(b, "harts", cfg->harts);
	json_builder_set_member_name(b, "hart_ids");
	json_builder_begin_array(b);
	for (c = 0; c < cfg->harts; c++)
		json_builder_add_int_value(b, hs_emu_config_hart_of(cfg, c));
	json_builder_end_array(b);
	put_bool(b, "selftest", cfg->selftest);
	put_str(b, "workload", cfg->workload ? cfg->workload->name : "none");
	put_str(b, "workload_file", cfg->workload_file);
	/* The jobs the run used: --tasks, or the workload's default. */
	put_u64(b, "tasks", r->workload.ran ? r->workload.jobs : cfg->tasks);
	put_u64(b, "seed", cfg->seed);
	put_u64(b, "steal_max", cfg->steal_max);
	put_ns_or_null(b, "timeout_ns", !cfg->duration_ns && cfg->workload, cfg->timeout_ns);
	put_ns_or_null(b, "duration_ns", cfg->duration_ns != 0, cfg->duration_ns);
	put_ns_or_null(b, "report_every_ns", cfg->report_every_ns != 0, cfg->report_every_ns);
	put_u64(b, "hotplug_cycles", cfg->hotplug_cycles);
	put_u64(b, "queue_capacity", HS_QUEUE_CAPACITY);
	put_u64(b, "max_cpus", HS_MAX_CPUS);
	put_u64(b, "idle_tick_ns", HS_EMU_IDLE_TICK_NS);
	json_builder_end_object(b);
}

/* "selftest": the ladder's verdict and its rungs in print order. */
static void put_selftest(JsonBuilder *b, const struct hs_emu_report *r)
{
	const struct hs_emu_rung *rungs;
	uint32_t i, n = hs_emu_output_rungs(&rungs);

	begin(b, "selftest");
	put_bool(b, "ran", r->selftest_ran);
	put_u64(b, "passed", r->selftest.passed);
	put_u64(b, "failed", r->selftest.failed);
	put_u64(b, "wall_ns", r->selftest_ns);
	json_builder_set_member_name(b, "rungs");
	json_builder_begin_array(b);
	for (i = 0; i < n; i++) {
		json_builder_begin_object(b);
		put_str(b, "name", rungs[i].name);
		put_bool(b, "ok", rungs[i].ok);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
}

/* One criterion: name, verdict, note and its named values (null for "none"). */
static void put_criterion(JsonBuilder *b, const struct hs_emu_criterion *c)
{
	static const char *const verdicts[] = {"ok", "fail", "not_checked"};
	uint32_t i;

	json_builder_begin_object(b);
	put_str(b, "name", c->name);
	put_str(b, "verdict", verdicts[c->verdict]);
	put_str(b, "note", c->note);
	begin(b, "values");
	for (i = 0; i < c->nvalues; i++) {
		json_builder_set_member_name(b, c->values[i].key);
		if (c->values[i].value == HS_EMU_VALUE_NONE)
			json_builder_add_null_value(b);
		else
			json_builder_add_int_value(b, c->values[i].value);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
}

/* "workload" and "hotplug": how the workload ended and what it was judged on. */
static void put_workload(JsonBuilder *b, const struct hs_emu_report *r)
{
	const struct hs_emu_workload_result *w = &r->workload;
	struct hs_emu_hotplug_stats hp = hs_emu_hotplug_stats();
	uint32_t i;

	begin(b, "workload");
	put_bool(b, "ran", w->ran);
	put_bool(b, "ok", w->ok);
	put_str(b, "stopped_by", w->ran ? hs_emu_stop_name(w->stop) : NULL);
	put_bool(b, "timed_out", w->timed_out);
	put_u64(b, "jobs", w->jobs);
	put_u64(b, "finished", w->finished);
	put_u64(b, "wall_ns", w->wall_ns);
	json_builder_set_member_name(b, "jobs_per_s");
	json_builder_add_double_value(b, w->wall_ns ? (double)w->finished * 1e9 / (double)w->wall_ns
						    : 0.0);
	put_u64(b, "stranded", w->stranded);
	put_u64(b, "orphans_left", w->orphans_left);
	json_builder_set_member_name(b, "criteria");
	json_builder_begin_array(b);
	for (i = 0; i < w->ncriteria; i++)
		put_criterion(b, &w->criteria[i]);
	json_builder_end_array(b);
	json_builder_end_object(b);

	begin(b, "hotplug");
	put_u64(b, "cycles_requested", r->cfg->hotplug_cycles);
	put_u64(b, "cycles", w->hotplug_cycles);
	put_u64(b, "offlines", hp.offlines);
	put_u64(b, "onlines", hp.onlines);
	put_u64(b, "migrated", hp.migrated);
	put_u64(b, "orphaned", hp.orphaned);
	json_builder_end_object(b);
}

/* The figures of one hart (or the totals), the same names as the tables. */
static void put_row(JsonBuilder *b, const struct hs_emu_row *r)
{
	uint32_t q;

	put_u64(b, "turns", r->turns);
	put_u64(b, "runs", r->runs);
	put_u64(b, "noop_turns", r->noop_turns);
	put_u64(b, "local_picks", r->local_picks);
	put_u64(b, "steal_count", r->steal_count);
	put_u64(b, "steal_operations", r->steal_operations);
	put_u64(b, "steal_contended", r->steal_contended);
	put_u64(b, "yields", r->yields);
	put_u64(b, "yield_refused", r->yield_refused);
	put_u64(b, "finishes", r->finishes);
	put_u64(b, "busy_ns", r->m.busy_ns);
	put_u64(b, "idle_ns", r->m.idle_ns);
	put_u64(b, "park_count", r->irq.wfi);
	put_u64(b, "offline_parks", r->offline_parks);
	put_u64(b, "wakes_sent", r->wakes_sent);
	begin(b, "queues");
	for (q = 0; q < HS_QOS_COUNT; q++) {
		begin(b, hs_qos_name(q));
		put_u64(b, "depth_max", r->m.depth_max[q]);
		put_u64(b, "overflow_count", r->m.overflow[q]);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	begin(b, "ipi_received");
	put_u64(b, "requested", r->ipi.accepted);
	put_u64(b, "sent", r->ipi.sent_ok);
	put_u64(b, "coalesced", r->ipi.coalesced);
	put_u64(b, "send_failed", r->ipi.send_failed);
	put_u64(b, "traps", r->ipi.trap);
	put_u64(b, "acked", r->ipi.ack);
	put_u64(b, "resent", r->ipi.resent);
	put_u64(b, "resend_failed", r->ipi.resend_failed);
	json_builder_end_object(b);
	begin(b, "trap_entry");
	put_u64(b, "signals", r->irq.signals);
	put_u64(b, "deferred", r->irq.deferred);
	put_u64(b, "spurious", r->irq.spurious);
	put_u64(b, "traps", r->irq.traps);
	put_u64(b, "replays", r->irq.replays);
	put_u64(b, "fake_traps", r->irq.fake_traps);
	put_u64(b, "dropped", r->irq.dropped);
	put_u64(b, "kicks", r->irq.kicks);
	json_builder_end_object(b);
	put_statuses(b, "rejects", r->rejects);
}

/* "harts" (per logical CPU, with its hart id) and "totals". */
static void put_harts(JsonBuilder *b, uint32_t nharts)
{
	struct hs_emu_row total = hs_emu_row_total(nharts);
	uint32_t c;

	json_builder_set_member_name(b, "harts");
	json_builder_begin_array(b);
	for (c = 0; c < nharts; c++) {
		struct hs_emu_row row = hs_emu_row_of(c);

		json_builder_begin_object(b);
		put_u64(b, "cpu", c);
		put_u64(b, "hart_id", hs_cpu_hartid(c));
		put_row(b, &row);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	begin(b, "totals");
	put_row(b, &total);
	json_builder_end_object(b);
}

/* One class's histogram: count, percentiles and max (null when empty), buckets. */
static void put_hist(JsonBuilder *b, const char *key, const struct hs_emu_hist *h)
{
	uint32_t i;

	begin(b, key);
	put_u64(b, "count", h->count);
	for (i = 0; i < G_N_ELEMENTS(percentiles); i++)
		put_ns_or_null(b, percentiles[i].key, h->count != 0,
			       hs_emu_hist_percentile(h, percentiles[i].permille));
	put_ns_or_null(b, "max", h->count != 0, h->max);
	json_builder_set_member_name(b, "buckets");
	json_builder_begin_array(b);
	for (i = 0; i < HS_EMU_HIST_BUCKETS; i++) {
		if (!h->bucket[i])
			continue;
		json_builder_begin_array(b);
		json_builder_add_int_value(
			b, (int64_t)MIN(hs_emu_hist_bucket_upper(i), (uint64_t)G_MAXINT64));
		json_builder_add_int_value(b, h->bucket[i]);
		json_builder_end_array(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
}

/* "latency_ns": queue wait and wake-up latency per class. */
static void put_latency(JsonBuilder *b, uint32_t nharts)
{
	static struct hs_emu_hist h; /* 4 KiB: not on the stack */
	uint32_t q, kind;

	begin(b, "latency_ns");
	for (kind = 0; kind < 2; kind++) {
		begin(b, kind ? "wakeup" : "queue_wait");
		for (q = 0; q < HS_QOS_COUNT; q++) {
			hs_emu_row_latency(q, nharts, kind != 0, &h);
			put_hist(b, hs_qos_name(q), &h);
		}
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
}

/* "rejects": the run's rejects split by what they mean (stats.h). */
static void put_rejects(JsonBuilder *b, const struct hs_emu_report *r)
{
	struct hs_emu_reject_split s = hs_emu_stats_rejects(r);

	begin(b, "rejects");
	put_statuses(b, "ladder", s.ladder);
	put_statuses(b, "backpressure", s.backpressure);
	put_statuses(b, "hotplug", s.hotplug);
	put_statuses(b, "unexpected", s.unexpected);
	json_builder_end_object(b);
}

/* The whole document. */
static JsonNode *build(const struct hs_emu_report *r)
{
	JsonBuilder *b = json_builder_new();
	JsonNode *root;

	json_builder_begin_object(b);
	put_int(b, "schema_version", HS_EMU_JSON_SCHEMA_VERSION);
	put_str(b, "program", "hartsched-emu");
	put_str(b, "version", HS_EMU_VERSION);
	put_int(b, "exit_status", r->exit_status);
	put_bool(b, "interrupted", r->stop_signal != 0);
	put_str(b, "stop_signal", r->stop_signal ? hs_emu_stop_signal_name(r->stop_signal) : NULL);
	put_config(b, r);
	put_u64(b, "bringup_ns", r->bringup_ns);
	put_u64(b, "total_ns", r->total_ns);
	put_u64(b, "unidentified_traps", hs_ipi_unidentified_traps());
	put_selftest(b, r);
	put_workload(b, r);
	put_harts(b, r->cfg->harts);
	put_rejects(b, r);
	put_latency(b, r->cfg->harts);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	g_object_unref(b);
	return root;
}

int hs_emu_stats_write_json(const struct hs_emu_report *r, const char *path)
{
	JsonGenerator *gen = json_generator_new();
	JsonNode *root = build(r);
	GError *err = NULL;
	gchar *text, *doc;
	gsize len;
	int rc = 0;

	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	json_generator_set_root(gen, root);
	text = json_generator_to_data(gen, &len);
	doc = g_strconcat(text, "\n", NULL);
	len++;
	if (strcmp(path, "-") == 0) {
		if (fwrite(doc, 1, len, stdout) != len || fflush(stdout) != 0)
			rc = errno ? errno : EIO;
		if (rc)
			hs_emu_output_note_error(rc);
	} else if (!g_file_set_contents(path, doc, (gssize)len, &err)) {
		/* g_file_set_contents: a temporary file in the same directory, then rename(2). */
		fprintf(stderr, "hartsched-emu: --json: %s\n", err->message);
		rc = EIO;
		g_error_free(err);
	}
	g_free(doc);
	g_free(text);
	json_node_unref(root);
	g_object_unref(gen);
	return rc;
}
