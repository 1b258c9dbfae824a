// SPDX-License-Identifier: MIT
/*
 * hartsched-emu: run the proof ladder and a workload on emulated harts and
 * report. Exit status: 0 success, 1 a ladder or workload FAIL (or bring-up
 * failure), 2 bad command line, 3 the text or the JSON could not be
 * written (or the trace), 128 + N stopped by signal N (SIGINT 130, SIGTERM 143) after the
 * summary and the JSON were written.
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/selftest.h>
#include <hartsched/trace.h>

#include <emu/cli.h>
#include <emu/harts.h>
#include <emu/irq.h>
#include <emu/output.h>
#include <emu/stats.h>
#include <emu/stop.h>
#include <emu/trace_out.h>
#include <emu/workload.h>

#include <errno.h>
#include <glib.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EXIT_OUTPUT 3 /* the text or the JSON could not be written */
#define EXIT_USAGE  2 /* bad command line (and --sim without its program) */

/* The simulation mode's program, next to this one (emu/meson.build). */
#define SIM_PROGRAM "hartsched-emu-sim"

/* Hart 0's program once every hart is online: the ladder, then the workload. */
static int boot(const struct hs_emu_config *cfg, void *arg)
{
	struct hs_emu_report *rep = arg;
	int status = 0;

	if (cfg->selftest) {
		uint64_t t0 = hs_arch_now_ns();
		char line[HS_LINE_MAX];

		rep->selftest = hs_selftest_run();
		rep->selftest_ns = hs_arch_now_ns() - t0;
		rep->selftest_ran = true;
		snprintf(line, sizeof(line),
			 "EMU: ladder harts=%u passed=%u failed=%u wall_us=%llu", cfg->harts,
			 rep->selftest.passed, rep->selftest.failed,
			 (unsigned long long)(rep->selftest_ns / 1000));
		hs_console_puts(line);
		if (rep->selftest.failed)
			status = 1;
	}
	/* What the ladder refused on purpose, told apart from the workload's. */
	rep->ladder = hs_emu_row_rejects_now(cfg->harts);
	if (cfg->workload && !hs_emu_stop_signal()) {
		rep->workload = hs_emu_workload_run(cfg);
		if (!rep->workload.ok)
			status = 1;
	}
	return status;
}

/* Flush stdout and report a write error on it (or met earlier) on stderr. */
static bool output_ok(void)
{
	int err;

	if (fflush(stdout) != 0)
		hs_emu_output_note_error(errno);
	else if (ferror(stdout))
		hs_emu_output_note_error(EIO);
	err = hs_emu_output_error();
	if (err)
		fprintf(stderr, "hartsched-emu: writing the output failed: %s\n", strerror(err));
	return err == 0;
}

/* --trace: write the rings, and say on the text stream what they held. */
static int write_trace(const struct hs_emu_cli *cli)
{
	uint64_t written = 0, dropped = 0;
	char line[HS_LINE_MAX];
	uint32_t c;

	for (c = 0; c < cli->cfg.harts; c++) {
		struct hs_trace_ring_stats st = hs_trace_ring_stats(c);

		written += st.written;
		dropped += st.dropped;
	}
	snprintf(line, sizeof(line),
		 "TRACE: events=%llu dropped=%llu unattributed=%llu format=%s file=%s\n",
		 (unsigned long long)written, (unsigned long long)dropped,
		 (unsigned long long)hs_trace_unattributed(),
		 cli->trace_format == HS_EMU_TRACE_JSON ? "json" : "text", cli->trace_path);
	hs_emu_output_write(line, strlen(line));
	return hs_emu_trace_write(cli->trace_path, (enum hs_emu_trace_format)cli->trace_format,
				  cli->cfg.harts);
}

#ifndef HS_EMU_SIM
/*
 * --sim: the simulation mode is its own program (the simulator's core and
 * harts cannot live in this one beside the threaded ones), so run it with
 * the same arguments. Returns only when it could not be run: say why.
 */
static int exec_sim(char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + sizeof(SIM_PROGRAM) + 1];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *name = argv[0];

	if (n <= 0) {
		fprintf(stderr, "hartsched-emu: --sim: cannot find this program: %s\n",
			strerror(errno));
		return EXIT_USAGE;
	}
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dirname(self), SIM_PROGRAM);
	argv[0] = path;
	execv(path, argv);
	argv[0] = name; /* still the caller's to free */
	fprintf(stderr,
		"hartsched-emu: --sim: cannot run %s: %s (it is built and installed with "
		"hartsched-emu)\n",
		path, strerror(errno));
	return EXIT_USAGE;
}
#endif

int main(int argc, char **argv)
{
	struct hs_emu_report rep;
	struct hs_emu_cli cli;
	bool json_stdout;
	uint64_t t0;
	int err, status;
#ifndef HS_EMU_SIM
	char **args;
#endif

#ifndef HS_EMU_SIM
	/* GOption takes parsed options out of argv: keep them for --sim. */
	args = g_strdupv(argv);
	hs_emu_cli_parse(&cli, argc, argv);
	if (cli.exit_now < 0 && cli.sim) {
		hs_emu_cli_free(&cli);
		status = exec_sim(args);
		g_strfreev(args);
		return status;
	}
	g_strfreev(args);
#else
	hs_emu_cli_parse(&cli, argc, argv);
#endif
	if (cli.exit_now >= 0) {
		status = cli.exit_now;
		if (status == 0 && !output_ok()) /* --help, --version into a full disk */
			status = EXIT_OUTPUT;
		hs_emu_cli_free(&cli);
		return status;
	}
	json_stdout = cli.json_path && strcmp(cli.json_path, "-") == 0;
	hs_emu_output_init(cli.quiet	 ? HS_EMU_TEXT_NONE
			   : json_stdout ? HS_EMU_TEXT_STDERR
					 : HS_EMU_TEXT_STDOUT);
	memset(&rep, 0, sizeof(rep));
	rep.cfg = &cli.cfg;
	err = hs_emu_irq_setup(cli.cfg.inject);
	if (!err)
		err = hs_emu_stop_install();
	if (err) {
		fprintf(stderr, "hartsched-emu: cannot install the signal handlers: %s\n",
			strerror(-err));
		hs_emu_cli_free(&cli);
		return 1;
	}
	if (cli.trace_path) {
		hs_trace_reset();
		hs_trace_enable(true); /* before any hart starts: the whole run is traced */
	}
	t0 = hs_arch_now_ns();
	status = hs_emu_harts_run(&cli.cfg, boot, &rep);
	hs_trace_enable(false); /* the harts have stopped: the rings are quiet */
	rep.total_ns = hs_arch_now_ns() - t0;
	rep.bringup_ns = hs_emu_harts_bringup_ns();
	rep.stop_signal = hs_emu_stop_signal();
	if (rep.stop_signal)
		status = 128 + rep.stop_signal;
	rep.exit_status = status;
	hs_emu_stats_print(&rep);
	if (rep.stop_signal)
		fprintf(stderr, "hartsched-emu: stopped by %s; the summary covers the run so far\n",
			hs_emu_stop_signal_name(rep.stop_signal));
	if (cli.json_path && hs_emu_stats_write_json(&rep, cli.json_path) != 0 && !rep.stop_signal)
		status = EXIT_OUTPUT;
	if (cli.trace_path && write_trace(&cli) != 0 && !rep.stop_signal)
		status = EXIT_OUTPUT;
	if (!output_ok() && !rep.stop_signal)
		status = EXIT_OUTPUT;
	hs_emu_cli_free(&cli);
	return status;
}
