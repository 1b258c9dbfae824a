// SPDX-License-Identifier: MIT
/*
 * The command line (emu/cli.h). Numbers and durations are taken as strings
 * and validated here, so every error names its option and says what was
 * wrong (and what is accepted) in one line; the caller exits with status 2.
 */
#include <hartsched/config.h>
#include <hartsched/trace.h>

#include <emu/cli.h>
#include <emu/duration.h>
#include <emu/hartmap.h>
#include <emu/ledger.h>
#include <emu/output.h>
#include <emu/trace_out.h>
#include <emu/wlfile.h>
#include <emu/workload.h>

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef HS_EMU_VERSION
#define HS_EMU_VERSION "unknown"
#endif

#define DEFAULT_HARTS	   2u
#define DEFAULT_TIMEOUT_NS (10ull * 1000 * 1000 * 1000)
#define MIN_DURATION_NS	   (1000ull * 1000)
#define MAX_DURATION_NS	   (3600ull * 1000 * 1000 * 1000)
#define MAX_HOTPLUG_CYCLES 1000000u

/* hartsched-emu-sim compiles this file with HS_EMU_SIM: --sim is then what it is. */
#ifdef HS_EMU_SIM
#define SIM_BUILD true
#else
#define SIM_BUILD false
#endif

/* Raw option values as GOption stores them. */
struct raw {
	gchar *harts, *workload, *timeout, *duration, *report_every, *tasks, *seed, *steal_max;
	gchar *json, *inject, *hotplug, *hart_map, *workload_file, *trace, *trace_format;
	gchar *sim_strategy, *max_steps;
	gboolean sim;
	gboolean version;
	gboolean help;
	gboolean quiet;
	gboolean selftest;
};

static struct raw raw = {.selftest = TRUE};

/* --selftest / --no-selftest: the last one given wins. */
static gboolean on_selftest(const gchar *name, const gchar *value, gpointer data, GError **error)
{
	(void)value;
	(void)data;
	(void)error;
	raw.selftest = strcmp(name, "--no-selftest") != 0;
	return TRUE;
}

static const GOptionEntry entries[] = {
	{"harts", 0, 0, G_OPTION_ARG_STRING, &raw.harts, "Emulated harts (1..64, default 2)", "N"},
	{"hart-map", 0, 0, G_OPTION_ARG_STRING, &raw.hart_map,
	 "Logical CPU -> hart id: identity (default), boot=K (the boot hart is hart K), "
	 "shuffle (a permutation drawn from --seed) or a list H0,H1,...",
	 "MAP"},
	{"selftest", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)on_selftest,
	 "Run the proof ladder on hart 0 (default)", NULL},
	{"no-selftest", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)on_selftest,
	 "Skip the proof ladder", NULL},
	{"workload", 0, 0, G_OPTION_ARG_STRING, &raw.workload,
	 "spawn-storm (default), wake-remote, mixed-qos, ping-pong or none", "NAME"},
	{"workload-file", 0, 0, G_OPTION_ARG_FILENAME, &raw.workload_file,
	 "Run the workload described in FILE (JSON; format in docs/emulator.md, examples in "
	 "docs/workloads/)",
	 "FILE"},
	{"tasks", 0, 0, G_OPTION_ARG_STRING, &raw.tasks,
	 "Jobs of the workload (ping-pong: rounds); 1..16376, default per workload "
	 "(16376 with --duration)",
	 "N"},
	{"timeout", 0, 0, G_OPTION_ARG_STRING, &raw.timeout,
	 "Bound on the workload: running out is a FAIL (default 10s)", "TIME"},
	{"duration", 0, 0, G_OPTION_ARG_STRING, &raw.duration,
	 "Run mode for throughput: stop the workload after TIME (or when every job is done); "
	 "ending on time is not a FAIL",
	 "TIME"},
	{"report-every", 0, 0, G_OPTION_ARG_STRING, &raw.report_every,
	 "Print an interval report (jobs, rate, steals, IPIs) every TIME during the workload",
	 "TIME"},
	{"seed", 0, 0, G_OPTION_ARG_STRING, &raw.seed,
	 "Seed of the workloads' PRNG and of --hart-map shuffle (default 1). Without --sim it "
	 "fixes what each hart asks for (task classes, wake targets, the --hart-map shuffle), not "
	 "the order in which the harts' threads interleave: runs with one seed can differ in "
	 "steals, IPIs, stats and timings. With --sim it also seeds the simulator's chooser, so it "
	 "fixes the whole run: the same arguments print the same bytes",
	 "N"},
	{"sim", 0, 0, G_OPTION_ARG_NONE, &raw.sim,
	 "Simulation mode (runs hartsched-emu-sim, installed next to this program): the same "
	 "ladder and workload, but the harts are contexts on one OS thread and a chooser seeded "
	 "by --seed picks which hart runs at every atomic operation of the core and every arch "
	 "hook (interrupt save/restore, relax, IPI send, WFI); a pending IPI trap is taken at a "
	 "point the chooser picks. Time is virtual (10 ns a step): --timeout, --duration, "
	 "--report-every and every time in the output count virtual time (a virtual second takes "
	 "roughly 10 to 20 s of real time). Deterministic: the same arguments print the same "
	 "bytes, stats table, --json and --trace included. Refused with --sim: --inject",
	 NULL},
	{"sim-strategy", 0, 0, G_OPTION_ARG_STRING, &raw.sim_strategy,
	 "With --sim: how the chooser picks the next hart: random (default; uniform at every "
	 "yield point) or pct (random priorities with 2 change points, PCT depth 3)",
	 "NAME"},
	{"max-steps", 0, 0, G_OPTION_ARG_STRING, &raw.max_steps,
	 "With --sim: fail the run (exit 1) after N yield points, a livelock bound (default: "
	 "none; --timeout still bounds the workload in virtual time)",
	 "N"},
	{"steal-max", 0, 0, G_OPTION_ARG_STRING, &raw.steal_max,
	 "Tasks one scheduling decision may steal (1..16, default 1)", "N"},
	{"hotplug-cycles", 0, 0, G_OPTION_ARG_STRING, &raw.hotplug,
	 "Take harts offline and back online N times during the workload (default 0)", "N"},
	{"json", 0, 0, G_OPTION_ARG_FILENAME, &raw.json,
	 "Write the stats as JSON to FILE (written to a temporary file, renamed at the end); "
	 "- means stdout, and the text then goes to stderr",
	 "FILE"},
	{"trace", 0, 0, G_OPTION_ARG_FILENAME, &raw.trace,
	 "Record the scheduler's tracepoints (sched_waking/wakeup/switch, steals, IPIs, ...) and "
	 "write them to FILE after the run (checked for writability before the run starts; "
	 "docs/tracing.md says how to open it)",
	 "FILE"},
	{"trace-format", 0, 0, G_OPTION_ARG_STRING, &raw.trace_format,
	 "text: Linux's /sys/kernel/tracing/trace format (default; Perfetto UI opens it); "
	 "json: Chrome Trace Event Format (chrome://tracing, Perfetto, speedscope)",
	 "FMT"},
	{"quiet", 'q', 0, G_OPTION_ARG_NONE, &raw.quiet,
	 "Print no ladder, workload or stats text (errors still go to stderr)", NULL},
	{"inject", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &raw.inject,
	 "Fault injection for tests: fake-trap, drop-ipi (comma-separated)", "KIND"},
	{"version", 0, 0, G_OPTION_ARG_NONE, &raw.version, "Print the version and exit", NULL},
	{"help", 'h', 0, G_OPTION_ARG_NONE, &raw.help, "Show this help and exit", NULL},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

/* One error line naming @opt; marks the parse as failed (exit 2). */
static void bad(struct hs_emu_cli *cli, const char *opt, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void bad(struct hs_emu_cli *cli, const char *opt, const char *fmt, ...)
{
	va_list ap;

	if (cli->exit_now == 2)
		return; /* report the first problem only */
	fprintf(stderr, "hartsched-emu: %s: ", opt);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli->exit_now = 2;
}

/* Parse the decimal @s in [min, max] (no sign, no junk); false after reporting. */
static bool number(struct hs_emu_cli *cli, const char *opt, const char *s, guint64 min, guint64 max,
		   guint64 *out)
{
	GError *err = NULL;

	if (s[0] == '-') {
		bad(cli, opt,
		    "'%s' is negative (expected %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT ")", s,
		    min, max);
		return false;
	}
	if (!g_ascii_string_to_unsigned(s, 10, min, max, out, &err)) {
		bool range = g_error_matches(err, G_NUMBER_PARSER_ERROR,
					     G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS);

		bad(cli, opt, "'%s' is %s (expected %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT ")",
		    s, range ? "out of range" : "not a number", min, max);
		g_error_free(err);
		return false;
	}
	return true;
}

/* A duration option (emu/duration.h), 1ms .. 60m; false after reporting. */
static bool duration(struct hs_emu_cli *cli, const char *opt, const char *s, uint64_t *out)
{
	const char *why;

	if (hs_emu_duration_parse(s, MIN_DURATION_NS, MAX_DURATION_NS, out, &why))
		return true;
	bad(cli, opt, "'%s' is %s (expected %s, from 1ms to 60m)", s, why, HS_EMU_DURATION_FORMS);
	return false;
}

static void parse_workload(struct hs_emu_cli *cli, const char *s)
{
	if (strcmp(s, "none") == 0) {
		cli->cfg.workload = NULL;
		return;
	}
	cli->cfg.workload = hs_emu_workload_find(s);
	if (!cli->cfg.workload)
		bad(cli, "--workload",
		    "unknown workload '%s' (spawn-storm, wake-remote, mixed-qos, ping-pong, none)",
		    s);
}

static void parse_inject(struct hs_emu_cli *cli, const char *s)
{
	gchar **kinds = g_strsplit(s, ",", -1);

	for (gchar **k = kinds; *k; k++) {
		if (strcmp(*k, "fake-trap") == 0)
			cli->cfg.inject |= HS_EMU_INJECT_FAKE_TRAP;
		else if (strcmp(*k, "drop-ipi") == 0)
			cli->cfg.inject |= HS_EMU_INJECT_DROP_IPI;
		else
			bad(cli, "--inject", "unknown kind '%s' (fake-trap, drop-ipi)", *k);
	}
	g_strfreev(kinds);
}

/* --workload-file: load and check the description now (errors name file, line, field). */
static void load_workload_file(struct hs_emu_cli *cli, const char *path)
{
	static struct hs_emu_wlfile desc;
	char *err = NULL;

	if (raw.workload) {
		bad(cli, "--workload-file", "give either --workload or --workload-file, not both");
		return;
	}
	if (raw.tasks) {
		bad(cli, "--tasks", "not used with --workload-file (the file says how many tasks)");
		return;
	}
	if (!hs_emu_wlfile_load(path, cli->cfg.harts, &desc, &err)) {
		bad(cli, "--workload-file", "%s", err);
		g_free(err);
		return;
	}
	hs_emu_wl_file_set(&desc);
	cli->cfg.workload = &hs_emu_wl_file;
	cli->cfg.workload_file = path;
	cli->cfg.tasks = desc.tasks;
}

/*
 * A file option's target: nothing is opened now (a run cut short must not
 * wipe an old file), but a target that cannot be written is refused before
 * any hart starts: its directory must be writable and it must not be a
 * directory.
 */
static void check_writable(struct hs_emu_cli *cli, const char *opt, const char *path)
{
	gchar *dir;

	if (path[0] == '\0' || g_file_test(path, G_FILE_TEST_IS_DIR)) {
		bad(cli, opt, "cannot write '%s': %s", path,
		    path[0] ? "it is a directory" : "empty file name");
		return;
	}
	dir = g_path_get_dirname(path);
	if (access(dir, W_OK | X_OK) != 0)
		bad(cli, opt, "cannot write '%s': %s", path, strerror(errno));
	else if (access(path, F_OK) == 0 && access(path, W_OK) != 0)
		bad(cli, opt, "cannot write '%s': %s", path, strerror(errno));
	g_free(dir);
}

/* --json FILE: "-" is stdout; else as check_writable(). */
static void check_json(struct hs_emu_cli *cli, const char *path)
{
	cli->json_path = path;
	if (strcmp(path, "-") != 0)
		check_writable(cli, "--json", path);
}

/* --trace FILE [--trace-format text|json]: refused before any hart starts. */
static void check_trace(struct hs_emu_cli *cli)
{
	if (raw.trace_format && !raw.trace) {
		bad(cli, "--trace-format", "has no effect without --trace FILE");
		return;
	}
	if (raw.trace_format) {
		if (strcmp(raw.trace_format, "json") == 0)
			cli->trace_format = HS_EMU_TRACE_JSON;
		else if (strcmp(raw.trace_format, "text") != 0) {
			bad(cli, "--trace-format", "unknown format '%s' (text, json)",
			    raw.trace_format);
			return;
		}
	}
	if (!raw.trace)
		return;
	if (!HS_TRACE_COMPILED) {
		bad(cli, "--trace", "this build has no tracepoints (meson -Dtrace=false)");
		return;
	}
	if (strcmp(raw.trace, "-") == 0) {
		bad(cli, "--trace", "'-' is not supported: give a file name");
		return;
	}
	cli->trace_path = raw.trace;
	check_writable(cli, "--trace", raw.trace);
}

/* Options that would be silently ignored (or cut short) are refused. */
static void refuse_ignored(struct hs_emu_cli *cli)
{
	static const char none[] = "has no effect with --workload none";
	const struct hs_emu_config *c = &cli->cfg;

	if (!c->workload) {
		if (raw.tasks)
			bad(cli, "--tasks", "%s", none);
		if (raw.timeout)
			bad(cli, "--timeout", "%s", none);
		if (raw.duration)
			bad(cli, "--duration", "%s", none);
		if (raw.report_every)
			bad(cli, "--report-every", "%s", none);
		if (raw.steal_max)
			bad(cli, "--steal-max", "%s", none);
		if (raw.hotplug)
			bad(cli, "--hotplug-cycles", "%s", none);
	}
	if (c->hotplug_cycles && c->harts < 2)
		bad(cli, "--hotplug-cycles", "needs at least 2 harts (hart 0 never goes offline)");
	if (raw.timeout && raw.duration)
		bad(cli, "--timeout",
		    "not used with --duration (the run stops when the duration ends)");
}

/*
 * --sim's own options. In hartsched-emu, --sim never gets here (main runs
 * hartsched-emu-sim instead), so its options alone are an error; in
 * hartsched-emu-sim they set the chooser, and what the simulator cannot
 * do is refused.
 */
static void validate_sim(struct hs_emu_cli *cli)
{
	guint64 v;

	cli->sim = raw.sim;
	if (!SIM_BUILD && raw.sim)
		return; /* checked again by hartsched-emu-sim, which main() runs */
	if (!SIM_BUILD) {
		if (raw.sim_strategy)
			bad(cli, "--sim-strategy", "has no effect without --sim");
		if (raw.max_steps)
			bad(cli, "--max-steps", "has no effect without --sim");
		return;
	}
	if (raw.sim_strategy) {
		if (strcmp(raw.sim_strategy, "pct") == 0)
			cli->cfg.sim_strategy = HS_EMU_SIM_PCT;
		else if (strcmp(raw.sim_strategy, "random") != 0)
			bad(cli, "--sim-strategy", "unknown strategy '%s' (random, pct)",
			    raw.sim_strategy);
	}
	if (raw.max_steps && number(cli, "--max-steps", raw.max_steps, 1, G_MAXUINT64, &v))
		cli->cfg.sim_max_steps = v;
	if (raw.inject)
		bad(cli, "--inject",
		    "not available with --sim: the simulator's interrupt model has no fake "
		    "traps or dropped IPIs (hartsched-explore --inject plants faults in the core)");
}

/* Turn the raw strings into cli->cfg, reporting the first bad one. */
static void validate(struct hs_emu_cli *cli)
{
	const char *why;
	guint64 v;

	if (raw.harts && number(cli, "--harts", raw.harts, 1, HS_MAX_CPUS, &v))
		cli->cfg.harts = (uint32_t)v;
	if (raw.workload)
		parse_workload(cli, raw.workload);
	if (raw.workload_file && cli->exit_now != 2)
		load_workload_file(cli, raw.workload_file);
	if (raw.timeout)
		duration(cli, "--timeout", raw.timeout, &cli->cfg.timeout_ns);
	if (raw.duration)
		duration(cli, "--duration", raw.duration, &cli->cfg.duration_ns);
	if (raw.report_every)
		duration(cli, "--report-every", raw.report_every, &cli->cfg.report_every_ns);
	if (raw.tasks && number(cli, "--tasks", raw.tasks, 1, HS_EMU_JOBS_MAX, &v))
		cli->cfg.tasks = (uint32_t)v;
	if (raw.seed && number(cli, "--seed", raw.seed, 0, G_MAXUINT64, &v))
		cli->cfg.seed = v;
	if (raw.steal_max && number(cli, "--steal-max", raw.steal_max, 1, HS_STEAL_MAX_LIMIT, &v))
		cli->cfg.steal_max = (uint32_t)v;
	if (raw.hotplug && number(cli, "--hotplug-cycles", raw.hotplug, 0, MAX_HOTPLUG_CYCLES, &v))
		cli->cfg.hotplug_cycles = (uint32_t)v;
	if (raw.hart_map && cli->exit_now != 2) {
		if (hs_emu_hartmap_parse(raw.hart_map, cli->cfg.harts, cli->cfg.seed,
					 cli->cfg.hart_of, &why))
			cli->cfg.hart_map = true;
		else
			bad(cli, "--hart-map", "'%s': %s", raw.hart_map, why);
	}
	if (raw.inject)
		parse_inject(cli, raw.inject);
	if (cli->exit_now != 2)
		validate_sim(cli);
	cli->cfg.selftest = raw.selftest;
	cli->quiet = raw.quiet;
	if (cli->exit_now != 2)
		refuse_ignored(cli);
	if (raw.json && cli->exit_now != 2)
		check_json(cli, raw.json);
	if (cli->exit_now != 2)
		check_trace(cli);
}

static void defaults(struct hs_emu_cli *cli)
{
	memset(cli, 0, sizeof(*cli));
	cli->exit_now = -1;
	cli->cfg.harts = DEFAULT_HARTS;
	cli->cfg.selftest = true;
	cli->cfg.workload = &hs_emu_wl_spawn_storm;
	cli->cfg.tasks = 0;
	cli->cfg.seed = 1;
	cli->cfg.steal_max = HS_STEAL_MAX_PER_TICK;
	cli->cfg.timeout_ns = DEFAULT_TIMEOUT_NS;
}

void hs_emu_cli_parse(struct hs_emu_cli *cli, int argc, char **argv)
{
	GOptionContext *ctx = g_option_context_new("- the hartsched Linux-hosted emulator");
	GError *err = NULL;

	defaults(cli);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(
		ctx,
		"With no arguments: 2 harts, the proof ladder, a short spawn-storm, the stats.\n"
		"\n"
		"TIME (--timeout, --duration, --report-every): a whole number with a unit ms, s\n"
		"or m; a bare number means seconds: 250ms, 2s, 2, 1m (1ms .. 60m).\n"
		"\n"
		"Ctrl-C / SIGTERM: the workload stops at its next safe point, the harts shut\n"
		"down, the summary prints and --json is written (marked interrupted); a second\n"
		"signal kills at once.\n"
		"\n"
		"Exit status: 0 success, 1 a ladder or workload FAIL, 2 bad command line,\n"
		"3 the text, the JSON or the trace could not be written, 130 / 143\n"
		"stopped by SIGINT / SIGTERM.\n"
		"\n"
		"--sim: hartsched-emu --sim --seed N ... runs hartsched-emu-sim with the same\n"
		"arguments (it may also be run directly). Its output adds one line\n"
		"SIM: strategy=... seed=... steps=... switches=... traps=... virtual_us=...\n"
		"and is a function of the arguments alone; without --sim, --seed fixes the\n"
		"workload's choices but not the threads' interleaving.\n");
	/* Our own --help: GOption's would exit(0) even when stdout cannot be written. */
	g_option_context_set_help_enabled(ctx, FALSE);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, "hartsched-emu: %s\n", err->message);
		g_error_free(err);
		cli->exit_now = 2;
	} else if (raw.help) {
		gchar *help = g_option_context_get_help(ctx, TRUE, NULL);

		/* Longer than stdio's buffer: a failed write is seen here, with its errno. */
		if (fputs(help, stdout) == EOF)
			hs_emu_output_note_error(errno);
		g_free(help);
		cli->exit_now = 0;
	} else if (raw.version) {
		printf("hartsched-emu %s\n", HS_EMU_VERSION);
		cli->exit_now = 0;
	} else if (argc > 1) {
		bad(cli, argv[1], "unexpected argument (options only; see --help)");
	} else {
		validate(cli);
	}
	g_option_context_free(ctx);
}

void hs_emu_cli_free(struct hs_emu_cli *cli)
{
	cli->json_path = NULL;
	cli->trace_path = NULL;
	g_free(raw.harts);
	g_free(raw.workload);
	g_free(raw.timeout);
	g_free(raw.duration);
	g_free(raw.report_every);
	g_free(raw.hart_map);
	g_free(raw.workload_file);
	g_free(raw.tasks);
	g_free(raw.seed);
	g_free(raw.steal_max);
	g_free(raw.json);
	g_free(raw.inject);
	g_free(raw.hotplug);
	g_free(raw.trace);
	g_free(raw.trace_format);
	g_free(raw.sim_strategy);
	g_free(raw.max_steps);
	memset(&raw, 0, sizeof(raw));
	raw.selftest = TRUE;
}
