// SPDX-License-Identifier: MIT
/*
 * SUMMARY lines, the human table, targets and JSON (see report.h).
 */
#include "report.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "harness.h"

void bench_print_summary(FILE *f, const struct bench_result *r)
{
	fprintf(f, "SUMMARY %s %s ns_per_op=%.1f ops_per_s=%.0f", r->case_name, r->impl,
		r->ns_per_op, r->ops_per_s);
	if (r->p50 >= 0)
		fprintf(f, " p50=%.0f p99=%.0f", r->p50, r->p99);
	else
		fprintf(f, " p50=na p99=na");
	if (r->enqueue_ns >= 0)
		fprintf(f, " enqueue_ns=%.1f pick_finish_ns=%.1f", r->enqueue_ns, r->pick_ns);
	fprintf(f, " reps=%u spread=%.1f%% lost=%llu dup=%llu", r->reps, r->spread_pct,
		(unsigned long long)r->lost, (unsigned long long)r->duplicated);
	if (r->error[0] != '\0')
		fprintf(f, " FAILED %s", r->error);
	fputc('\n', f);
}

/* The reference implementation's median in the same case, or 0. */
static double ref_ns(const struct bench_result *rs, size_t n, const char *case_name,
		     const char *ref_impl)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rs[i].case_name, case_name) == 0 && strcmp(rs[i].impl, ref_impl) == 0 &&
		    rs[i].reps > 0)
			return rs[i].ns_per_op;
	return 0;
}

void bench_print_table(FILE *f, const struct bench_result *rs, size_t n, const char *ref_impl)
{
	const char *last = "";
	size_t i;

	fprintf(f, "\n%-14s %-17s %10s %10s %10s %7s %12s %9s %9s %8s %s\n", "case", "impl",
		"ns/op", "min", "max", "spread", "ops/s", "p50 ns", "p99 ns", "x ref", "notes");
	for (i = 0; i < n; i++) {
		const struct bench_result *r = &rs[i];
		double ref = ref_ns(rs, n, r->case_name, ref_impl);
		char p50[16] = "-", p99[16] = "-", ratio[16] = "-";

		if (strcmp(last, r->case_name) != 0) {
			fprintf(f, "%.*s\n", 118,
				"----------------------------------------"
				"----------------------------------------"
				"----------------------------------------");
			last = r->case_name;
		}
		if (r->p50 >= 0) {
			snprintf(p50, sizeof(p50), "%.0f", r->p50);
			snprintf(p99, sizeof(p99), "%.0f", r->p99);
		}
		if (ref > 0 && r->reps > 0)
			snprintf(ratio, sizeof(ratio), "%.2f", r->ns_per_op / ref);
		fprintf(f, "%-14s %-17s %10.1f %10.1f %10.1f %6.1f%% %12.0f %9s %9s %8s %s%s\n",
			r->case_name, r->impl, r->ns_per_op, r->ns_min, r->ns_max, r->spread_pct,
			r->ops_per_s, p50, p99, ratio, r->error[0] ? "FAILED: " : "",
			r->error[0] ? r->error : r->unit);
	}
	fprintf(f, "(x ref = ns/op divided by %s's in the same case; lower is faster)\n\n",
		ref_impl);
}

void bench_print_targets(FILE *f, const struct bench_target *ts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct bench_target *t = &ts[i];

		if (t->measured < 0)
			fprintf(f, "TARGET %s NOT-MEASURED goal: %s (%s)\n", t->name, t->goal,
				t->detail);
		else
			fprintf(f, "TARGET %s measured=%.2f goal: %s %s (%s)\n", t->name,
				t->measured, t->goal, t->met ? "MET" : "MISSED", t->detail);
	}
}

void bench_jb_str(JsonBuilder *b, const char *key, const char *s)
{
	json_builder_set_member_name(b, key);
	json_builder_add_string_value(b, s);
}

void bench_jb_num(JsonBuilder *b, const char *key, double v)
{
	json_builder_set_member_name(b, key);
	json_builder_add_double_value(b, v);
}

void bench_jb_num_or_null(JsonBuilder *b, const char *key, double v)
{
	json_builder_set_member_name(b, key);
	if (v < 0)
		json_builder_add_null_value(b);
	else
		json_builder_add_double_value(b, v);
}

void bench_jb_uint(JsonBuilder *b, const char *key, uint64_t v)
{
	json_builder_set_member_name(b, key);
	json_builder_add_int_value(b, (gint64)v);
}

void bench_jb_bool(JsonBuilder *b, const char *key, bool v)
{
	json_builder_set_member_name(b, key);
	json_builder_add_boolean_value(b, v);
}

/* First "model name" line of /proc/cpuinfo, or "unknown". */
static void cpu_model(char *out, size_t len)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(out, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) == 0 && colon) {
			colon++;
			while (*colon == ' ' || *colon == '\t')
				colon++;
			colon[strcspn(colon, "\n")] = '\0';
			snprintf(out, len, "%s", colon);
			break;
		}
	}
	fclose(f);
}

/* The 1-minute load average, or -1 if unreadable. */
static double loadavg_now(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l = -1;

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

static double loadavg_at_start = -1;

void bench_machine_begin(void)
{
	loadavg_at_start = loadavg_now();
}

void bench_json_machine(JsonBuilder *b)
{
	struct utsname u;
	char model[160], kernel[200] = "unknown";

	cpu_model(model, sizeof(model));
	if (uname(&u) == 0)
		snprintf(kernel, sizeof(kernel), "%s %s %s", u.sysname, u.release, u.machine);
	json_builder_set_member_name(b, "machine");
	json_builder_begin_object(b);
	bench_jb_uint(b, "nproc", (uint64_t)sysconf(_SC_NPROCESSORS_ONLN));
	bench_jb_uint(b, "usable_cpus", bench_host_cpus());
	bench_jb_str(b, "cpu_model", model);
	bench_jb_str(b, "kernel", kernel);
	bench_jb_str(b, "compiler", __VERSION__);
	/* Other work on a shared machine shows up here: read the results with it. */
	bench_jb_num(b, "loadavg_start", loadavg_at_start);
	bench_jb_num(b, "loadavg_end", loadavg_now());
	json_builder_set_member_name(b, "nice");
	json_builder_add_int_value(b, getpriority(PRIO_PROCESS, 0));
	json_builder_end_object(b);
}

void bench_json_result(JsonBuilder *b, const struct bench_result *r)
{
	uint32_t i;

	json_builder_begin_object(b);
	bench_jb_str(b, "case", r->case_name);
	bench_jb_str(b, "impl", r->impl);
	bench_jb_str(b, "unit", r->unit);
	bench_jb_uint(b, "harts", r->harts);
	bench_jb_uint(b, "steal_max", r->steal_max);
	bench_jb_uint(b, "reps", r->reps);
	bench_jb_uint(b, "ops_per_rep", r->ops_per_rep);
	bench_jb_num(b, "ns_per_op", r->ns_per_op);
	bench_jb_num(b, "ns_min", r->ns_min);
	bench_jb_num(b, "ns_max", r->ns_max);
	bench_jb_num(b, "spread_pct", r->spread_pct);
	bench_jb_num(b, "ops_per_s", r->ops_per_s);
	bench_jb_num_or_null(b, "p50_ns", r->p50);
	bench_jb_num_or_null(b, "p99_ns", r->p99);
	bench_jb_num_or_null(b, "enqueue_ns", r->enqueue_ns);
	bench_jb_num_or_null(b, "pick_finish_ns", r->pick_ns);
	bench_jb_uint(b, "lost", r->lost);
	bench_jb_uint(b, "duplicated", r->duplicated);
	bench_jb_uint(b, "stolen", r->stolen);
	bench_jb_uint(b, "contended", r->contended);
	json_builder_set_member_name(b, "rep_ns_per_op");
	json_builder_begin_array(b);
	for (i = 0; i < r->reps; i++)
		json_builder_add_double_value(b, r->rep_ns[i]);
	json_builder_end_array(b);
	bench_jb_bool(b, "ok", r->error[0] == '\0');
	bench_jb_str(b, "error", r->error);
	json_builder_end_object(b);
}

void bench_json_target(JsonBuilder *b, const struct bench_target *t)
{
	json_builder_begin_object(b);
	bench_jb_str(b, "name", t->name);
	bench_jb_str(b, "goal", t->goal);
	bench_jb_num_or_null(b, "measured", t->measured);
	bench_jb_num(b, "limit", t->limit);
	bench_jb_bool(b, "at_most", t->at_most);
	bench_jb_bool(b, "met", t->met);
	bench_jb_str(b, "detail", t->detail);
	json_builder_end_object(b);
}

void bench_json_targets(JsonBuilder *b, const struct bench_target *ts, size_t n)
{
	size_t i;

	json_builder_set_member_name(b, "targets");
	json_builder_begin_array(b);
	for (i = 0; i < n; i++)
		bench_json_target(b, &ts[i]);
	json_builder_end_array(b);
}

void bench_json_command(JsonBuilder *b, const char *name, int argc, char **argv)
{
	char cmd[1024];
	size_t used = 0;
	int a;

	used = (size_t)snprintf(cmd, sizeof(cmd), "%s", name);
	for (a = 1; a < argc && used < sizeof(cmd); a++) {
		/* Quote what the shell would split, so the line can be pasted back. */
		bool quote = strpbrk(argv[a], " \t") != NULL;

		used += (size_t)snprintf(cmd + used, sizeof(cmd) - used, quote ? " '%s'" : " %s",
					 argv[a]);
	}
	bench_jb_str(b, "command", cmd);
}

bool bench_json_write(JsonBuilder *b, const char *path, const char *tool)
{
	JsonGenerator *gen = json_generator_new();
	JsonNode *root = json_builder_get_root(b);
	GError *err = NULL;
	char *tmp = g_strdup_printf("%s.tmp", path);
	bool ok;

	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	ok = json_generator_to_file(gen, tmp, &err);
	if (ok && rename(tmp, path) != 0) {
		fprintf(stderr, "%s: cannot rename %s to %s: %s\n", tool, tmp, path,
			strerror(errno));
		ok = false;
	} else if (!ok) {
		fprintf(stderr, "%s: cannot write %s: %s\n", tool, tmp, err->message);
		g_error_free(err);
	}
	if (!ok)
		remove(tmp);
	g_free(tmp);
	json_node_unref(root);
	g_object_unref(gen);
	return ok;
}
