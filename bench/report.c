// SPDX-License-Identifier: MIT
/*
 * SUMMARY lines, the human table, targets and JSON (see report.h).
 */
#include "report.h"

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

	fprintf(f, "\n%-14s %-12s %10s %10s %10s %7s %12s %9s %9s %8s %s\n", "case", "impl",
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
		fprintf(f, "%-14s %-12s %10.1f %10.1f %10.1f %6.1f%% %12.0f %9s %9s %8s %s%s\n",
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

void bench_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
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

void bench_json_machine(FILE *f)
{
	struct utsname u;
	char model[160], kernel[200] = "unknown";

	cpu_model(model, sizeof(model));
	if (uname(&u) == 0)
		snprintf(kernel, sizeof(kernel), "%s %s %s", u.sysname, u.release, u.machine);
	fprintf(f, "\"machine\": {\"nproc\": %ld, \"usable_cpus\": %u, \"cpu_model\": ",
		sysconf(_SC_NPROCESSORS_ONLN), bench_host_cpus());
	bench_json_str(f, model);
	bench_json_member_str(f, "kernel", kernel);
	bench_json_member_str(f, "compiler", __VERSION__);
	/* Other work on a shared machine shows up here: read the results with it. */
	fprintf(f, ", \"loadavg_start\": %.2f, \"loadavg_end\": %.2f, \"nice\": %d}",
		loadavg_at_start, loadavg_now(), getpriority(PRIO_PROCESS, 0));
}

void bench_json_member_str(FILE *f, const char *key, const char *s)
{
	fprintf(f, ", \"%s\": ", key);
	bench_json_str(f, s);
}

/* ", "@key": " then @v, or null where it was not measured (negative). */
static void json_member_num_or_null(FILE *f, const char *key, double v)
{
	fprintf(f, ", \"%s\": ", key);
	if (v < 0)
		fprintf(f, "null");
	else
		fprintf(f, "%.3f", v);
}

void bench_json_result(FILE *f, const struct bench_result *r)
{
	uint32_t i;

	fprintf(f, "{\"case\": ");
	bench_json_str(f, r->case_name);
	bench_json_member_str(f, "impl", r->impl);
	bench_json_member_str(f, "unit", r->unit);
	fprintf(f, ", \"harts\": %u, \"steal_max\": %u, \"reps\": %u, \"ops_per_rep\": %llu",
		r->harts, r->steal_max, r->reps, (unsigned long long)r->ops_per_rep);
	fprintf(f, ", \"ns_per_op\": %.3f, \"ns_min\": %.3f, \"ns_max\": %.3f", r->ns_per_op,
		r->ns_min, r->ns_max);
	fprintf(f, ", \"spread_pct\": %.2f, \"ops_per_s\": %.1f", r->spread_pct, r->ops_per_s);
	json_member_num_or_null(f, "p50_ns", r->p50);
	json_member_num_or_null(f, "p99_ns", r->p99);
	json_member_num_or_null(f, "enqueue_ns", r->enqueue_ns);
	json_member_num_or_null(f, "pick_finish_ns", r->pick_ns);
	fprintf(f, ", \"lost\": %llu, \"duplicated\": %llu, \"stolen\": %llu, \"contended\": %llu",
		(unsigned long long)r->lost, (unsigned long long)r->duplicated,
		(unsigned long long)r->stolen, (unsigned long long)r->contended);
	fprintf(f, ", \"rep_ns_per_op\": [");
	for (i = 0; i < r->reps; i++)
		fprintf(f, "%s%.3f", i ? ", " : "", r->rep_ns[i]);
	fprintf(f, "], \"ok\": %s", r->error[0] ? "false" : "true");
	bench_json_member_str(f, "error", r->error);
	fprintf(f, "}");
}

void bench_json_target(FILE *f, const struct bench_target *t)
{
	fprintf(f, "{\"name\": ");
	bench_json_str(f, t->name);
	bench_json_member_str(f, "goal", t->goal);
	json_member_num_or_null(f, "measured", t->measured);
	fprintf(f, ", \"limit\": %.3f, \"at_most\": %s, \"met\": %s", t->limit,
		t->at_most ? "true" : "false", t->met ? "true" : "false");
	bench_json_member_str(f, "detail", t->detail);
	fprintf(f, "}");
}

void bench_json_targets(FILE *f, const struct bench_target *ts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fprintf(f, "%s\n ", i ? "," : "");
		bench_json_target(f, &ts[i]);
	}
}

void bench_json_command(FILE *f, const char *name, int argc, char **argv)
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
	bench_json_str(f, cmd);
}
