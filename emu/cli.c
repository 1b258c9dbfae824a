// SPDX-License-Identifier: MIT
/*
 * The command line (emu/cli.h). Numbers are taken as strings and validated
 * here, so every error names its option and says what was wrong in one
 * line; the caller exits with status 2.
 */
#include <hartsched/config.h>

#include <emu/cli.h>
#include <emu/ledger.h>
#include <emu/workload.h>

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <string.h>

#ifndef HS_EMU_VERSION
#define HS_EMU_VERSION "unknown"
#endif

#define DEFAULT_HARTS	    2u
#define DEFAULT_DURATION_NS (10ull * 1000 * 1000 * 1000)
#define MAX_DURATION_NS	    (3600ull * 1000 * 1000 * 1000)
#define MAX_HOTPLUG_CYCLES  1000000u

/* Raw option values as GOption stores them. */
struct raw {
	gchar *harts, *workload, *duration, *tasks, *seed, *steal_max, *json, *inject, *hotplug;
	gboolean version;
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
	{"selftest", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)on_selftest,
	 "Run the proof ladder on hart 0 (default)", NULL},
	{"no-selftest", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)on_selftest,
	 "Skip the proof ladder", NULL},
	{"workload", 0, 0, G_OPTION_ARG_STRING, &raw.workload,
	 "spawn-storm (default), wake-remote, mixed-qos, ping-pong or none", "NAME"},
	{"duration", 0, 0, G_OPTION_ARG_STRING, &raw.duration,
	 "Bound on the workload phase: milliseconds, or a number with ms or s (default 10s); "
	 "running out is a FAIL",
	 "TIME"},
	{"tasks", 0, 0, G_OPTION_ARG_STRING, &raw.tasks,
	 "Jobs of the workload (ping-pong: rounds); 1..16376, default per workload", "N"},
	{"seed", 0, 0, G_OPTION_ARG_STRING, &raw.seed, "Seed of the workloads' PRNG (default 1)",
	 "N"},
	{"steal-max", 0, 0, G_OPTION_ARG_STRING, &raw.steal_max,
	 "Tasks one scheduling decision may steal (1..16, default 1)", "N"},
	{"hotplug-cycles", 0, 0, G_OPTION_ARG_STRING, &raw.hotplug,
	 "Take harts offline and back online N times during the workload (default 0)", "N"},
	{"json", 0, 0, G_OPTION_ARG_FILENAME, &raw.json, "Write the stats as JSON to FILE", "FILE"},
	{"inject", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &raw.inject,
	 "Fault injection for tests: fake-trap, drop-ipi (comma-separated)", "KIND"},
	{"version", 0, 0, G_OPTION_ARG_NONE, &raw.version, "Print the version and exit", NULL},
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

/*
 * Parse the decimal @s in [min, max] (no sign, no junk); false after
 * reporting, quoting @shown (what the user typed).
 */
static bool number_of(struct hs_emu_cli *cli, const char *opt, const char *s, const char *shown,
		      guint64 min, guint64 max, guint64 *out)
{
	GError *err = NULL;

	if (s[0] == '-') {
		bad(cli, opt,
		    "'%s' is negative (expected %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT ")",
		    shown, min, max);
		return false;
	}
	if (!g_ascii_string_to_unsigned(s, 10, min, max, out, &err)) {
		bool range = g_error_matches(err, G_NUMBER_PARSER_ERROR,
					     G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS);

		bad(cli, opt, "'%s' is %s (expected %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT ")",
		    shown, range ? "out of range" : "not a number", min, max);
		g_error_free(err);
		return false;
	}
	return true;
}

static bool number(struct hs_emu_cli *cli, const char *opt, const char *s, guint64 min, guint64 max,
		   guint64 *out)
{
	return number_of(cli, opt, s, s, min, max, out);
}

/* --duration: "250", "250ms" or "2s" -> nanoseconds. */
static void parse_duration(struct hs_emu_cli *cli, const char *s)
{
	guint64 mult = 1000 * 1000, v;
	size_t len = strlen(s);
	gchar *digits;

	if (len > 2 && strcmp(s + len - 2, "ms") == 0) {
		len -= 2;
	} else if (len > 1 && s[len - 1] == 's') {
		len -= 1;
		mult = 1000ull * 1000 * 1000;
	}
	digits = g_strndup(s, len);
	if (number_of(cli, "--duration", digits, s, 1, MAX_DURATION_NS / mult, &v))
		cli->cfg.duration_ns = v * mult;
	g_free(digits);
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

static void open_json(struct hs_emu_cli *cli, const char *path)
{
	cli->json = fopen(path, "w");
	if (!cli->json)
		bad(cli, "--json", "cannot write '%s': %s", path, strerror(errno));
	cli->json_path = path;
}

/* Turn the raw strings into cli->cfg, reporting the first bad one. */
static void validate(struct hs_emu_cli *cli)
{
	guint64 v;

	if (raw.harts && number(cli, "--harts", raw.harts, 1, HS_MAX_CPUS, &v))
		cli->cfg.harts = (uint32_t)v;
	if (raw.workload)
		parse_workload(cli, raw.workload);
	if (raw.duration)
		parse_duration(cli, raw.duration);
	if (raw.tasks && number(cli, "--tasks", raw.tasks, 1, HS_EMU_JOBS_MAX, &v))
		cli->cfg.tasks = (uint32_t)v;
	if (raw.seed && number(cli, "--seed", raw.seed, 0, G_MAXUINT64, &v))
		cli->cfg.seed = v;
	if (raw.steal_max && number(cli, "--steal-max", raw.steal_max, 1, HS_STEAL_MAX_LIMIT, &v))
		cli->cfg.steal_max = (uint32_t)v;
	if (raw.hotplug && number(cli, "--hotplug-cycles", raw.hotplug, 0, MAX_HOTPLUG_CYCLES, &v))
		cli->cfg.hotplug_cycles = (uint32_t)v;
	if (raw.inject)
		parse_inject(cli, raw.inject);
	cli->cfg.selftest = raw.selftest;
	if (raw.json && cli->exit_now != 2)
		open_json(cli, raw.json);
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
	cli->cfg.duration_ns = DEFAULT_DURATION_NS;
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
		"Exit status: 0 success, 1 a ladder or workload FAIL, 2 bad command line.\n");
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, "hartsched-emu: %s\n", err->message);
		g_error_free(err);
		cli->exit_now = 2;
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
	if (cli->json)
		fclose(cli->json);
	cli->json = NULL;
	g_free(raw.harts);
	g_free(raw.workload);
	g_free(raw.duration);
	g_free(raw.tasks);
	g_free(raw.seed);
	g_free(raw.steal_max);
	g_free(raw.json);
	g_free(raw.inject);
	g_free(raw.hotplug);
	memset(&raw, 0, sizeof(raw));
	raw.selftest = TRUE;
}
