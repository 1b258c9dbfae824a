// SPDX-License-Identifier: MIT
/*
 * hartsched-trace: turn the kernel's trace dump (the KTRACE lines of a
 * console log, kernel/trace_dump.c) into the same text or JSON trace that
 * `hartsched-emu --trace` writes, with the emulator's own writers, so an
 * SMP=2 QEMU boot and an emulator run can be read side by side.
 *
 * Exit status: 0 written, 1 the log holds no complete dump (or a malformed
 * one: the first bad line is named), 2 bad command line, 3 the output
 * could not be written.
 */
#include <hartsched/trace.h>

#include <emu/trace_out.h>

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gchar *opt_console, *opt_output, *opt_format;
static gboolean opt_help;

static const GOptionEntry entries[] = {
	{"console", 0, 0, G_OPTION_ARG_FILENAME, &opt_console,
	 "The console log of a kernel-trace run (tools/qemu-test.sh LOG=...)", "LOG"},
	{"output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, "Write the trace to FILE", "FILE"},
	{"format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
	 "text (Linux ftrace text, default) or json (Chrome Trace Event Format)", "FMT"},
	{"help", 'h', 0, G_OPTION_ARG_NONE, &opt_help, "Show this help and exit", NULL},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

/* The dump being read. */
struct dump {
	struct hs_emu_trace t;
	uint64_t cap;	     /* slots in t.ev */
	uint64_t end_events; /* what KTRACE-END says */
	bool begun, ended;
};

/* One "KTRACE: cpu ts ev a b c name" line into @d; false if malformed. */
static bool parse_event(struct dump *d, const char *s)
{
	unsigned long long cpu, ts, ev, a, b, c;
	char name[128];
	struct hs_emu_trace_ev *e;

	if (sscanf(s, "KTRACE: %llu %llu %llu %llu %llu %llu %127s", &cpu, &ts, &ev, &a, &b, &c,
		   name) != 7)
		return false;
	if (cpu >= d->t.harts || ev == 0 || ev >= HS_TR_EVENT_COUNT || a > UINT32_MAX ||
	    b > UINT32_MAX || c > UINT32_MAX)
		return false;
	if (d->t.n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 1024;
		d->t.ev = g_renew(struct hs_emu_trace_ev, d->t.ev, d->cap);
	}
	e = &d->t.ev[d->t.n++];
	memset(e, 0, sizeof(*e));
	e->cpu = (uint32_t)cpu;
	e->r.ts = ts;
	e->r.ev = (uint32_t)ev;
	e->r.a = (uint32_t)a;
	e->r.b = (uint32_t)b;
	e->r.c = (uint32_t)c;
	/* Owned by the dump: freed with it (dump_free). */
	e->r.name = strcmp(name, "-") == 0 ? NULL : g_strdup(name);
	return true;
}

/* One line of the log; false (after a message) when it is a malformed dump line. */
static bool parse_line(struct dump *d, const char *s, unsigned lineno)
{
	unsigned long long cpu, w, dr, n, u, recs;

	if (strncmp(s, "KTRACE-BEGIN:", 13) == 0) {
		if (d->begun ||
		    sscanf(s, "KTRACE-BEGIN: format=1 cpus=%llu recs=%llu", &n, &recs) != 2 ||
		    n == 0 || n > HS_MAX_CPUS)
			goto bad;
		d->begun = true;
		d->t.harts = (uint32_t)n;
		return true;
	}
	if (!d->begun || d->ended || strncmp(s, "KTRACE", 6) != 0)
		return true; /* not part of the dump */
	if (strncmp(s, "KTRACE: ", 8) == 0) {
		if (!parse_event(d, s))
			goto bad;
		return true;
	}
	if (strncmp(s, "KTRACE-CPU:", 11) == 0) {
		if (sscanf(s, "KTRACE-CPU: %llu written=%llu dropped=%llu", &cpu, &w, &dr) != 3 ||
		    cpu >= d->t.harts || dr > w)
			goto bad;
		d->t.written[cpu] = w;
		d->t.dropped[cpu] = dr;
		return true;
	}
	if (strncmp(s, "KTRACE-END:", 11) == 0) {
		if (sscanf(s, "KTRACE-END: events=%llu unattributed=%llu", &n, &u) != 2)
			goto bad;
		d->ended = true;
		d->end_events = n;
		d->t.unattributed = u;
		return true;
	}
bad:
	fprintf(stderr, "hartsched-trace: %s:%u: malformed dump line: %s\n", opt_console, lineno,
		s);
	return false;
}

/* Read @path into @d; exit status 0 or 1 (after a message). */
static int read_dump(const char *path, struct dump *d)
{
	gchar *text = NULL, **lines;
	GError *err = NULL;
	unsigned i;
	int status = 0;

	if (!g_file_get_contents(path, &text, NULL, &err)) {
		fprintf(stderr, "hartsched-trace: %s\n", err->message);
		g_error_free(err);
		return 1;
	}
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] && status == 0; i++) {
		g_strchomp(lines[i]); /* the serial console's \r */
		if (!parse_line(d, lines[i], i + 1))
			status = 1;
	}
	g_strfreev(lines);
	g_free(text);
	if (status)
		return status;
	if (!d->begun) {
		fprintf(stderr,
			"hartsched-trace: %s: no KTRACE-BEGIN line (boot the kernel-trace "
			"image: tools/qemu-trace.sh)\n",
			path);
		return 1;
	}
	if (!d->ended || d->end_events != d->t.n) {
		fprintf(stderr,
			"hartsched-trace: %s: the dump is cut short (%llu events read, "
			"KTRACE-END %s)\n",
			path, (unsigned long long)d->t.n, d->ended ? "says otherwise" : "missing");
		return 1;
	}
	return 0;
}

/* Free what the dump owns. */
static void dump_free(struct dump *d)
{
	size_t i;

	for (i = 0; i < d->t.n; i++)
		g_free((gchar *)d->t.ev[i].r.name);
	g_free(d->t.ev);
}

/* Free the option strings GOption allocated, and pass @status through. */
static int opts_free(int status)
{
	g_free(opt_console);
	g_free(opt_output);
	g_free(opt_format);
	return status;
}

/* Parse the command line, read the dump, write the trace. */
int main(int argc, char **argv)
{
	GOptionContext *ctx = g_option_context_new("- turn a kernel trace dump into a trace file");
	enum hs_emu_trace_format format = HS_EMU_TRACE_TEXT;
	struct dump d;
	GError *err = NULL;
	int status;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_help_enabled(ctx, FALSE);
	g_option_context_set_description(
		ctx,
		"Reads the KTRACE-BEGIN .. KTRACE-END lines that the kernel-trace image prints\n"
		"and writes them as hartsched-emu --trace would (docs/tracing.md).\n"
		"Exit status: 0 written, 1 no complete dump in LOG, 2 bad command line,\n"
		"3 the output could not be written.\n");
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, "hartsched-trace: %s\n", err->message);
		g_error_free(err);
		g_option_context_free(ctx);
		return opts_free(2);
	}
	if (opt_help) {
		gchar *help = g_option_context_get_help(ctx, TRUE, NULL);

		fputs(help, stdout);
		g_free(help);
		g_option_context_free(ctx);
		return opts_free(fflush(stdout) == 0 ? 0 : 3);
	}
	g_option_context_free(ctx);
	if (!opt_console || !opt_output || argc > 1) {
		fprintf(stderr,
			"hartsched-trace: give --console LOG and --output FILE (see --help)\n");
		return opts_free(2);
	}
	if (opt_format && strcmp(opt_format, "json") == 0) {
		format = HS_EMU_TRACE_JSON;
	} else if (opt_format && strcmp(opt_format, "text") != 0) {
		fprintf(stderr, "hartsched-trace: --format: unknown format '%s' (text, json)\n",
			opt_format);
		return opts_free(2);
	}
	memset(&d, 0, sizeof(d));
	status = read_dump(opt_console, &d);
	if (status == 0) {
		hs_emu_trace_order(&d.t);
		if (hs_emu_trace_save(&d.t, opt_output, format, "hartsched-trace") != 0)
			status = 3;
	}
	dump_free(&d);
	return opts_free(status);
}
