// SPDX-License-Identifier: MIT
/*
 * hartsched-emu: run the proof ladder and a workload on emulated harts and
 * report. Exit status: 0 success, 1 a ladder or workload FAIL (or bring-up
 * failure), 2 bad command line.
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/selftest.h>

#include <emu/cli.h>
#include <emu/harts.h>
#include <emu/irq.h>
#include <emu/stats.h>
#include <emu/workload.h>

#include <stdio.h>
#include <string.h>

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
	if (cfg->workload) {
		rep->workload = hs_emu_workload_run(cfg);
		if (!rep->workload.ok)
			status = 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct hs_emu_report rep;
	struct hs_emu_cli cli;
	uint64_t t0;
	int err, status;

	hs_emu_cli_parse(&cli, argc, argv);
	if (cli.exit_now >= 0) {
		status = cli.exit_now;
		hs_emu_cli_free(&cli);
		return status;
	}
	memset(&rep, 0, sizeof(rep));
	rep.cfg = &cli.cfg;
	err = hs_emu_irq_setup(cli.cfg.inject);
	if (err) {
		fprintf(stderr, "hartsched-emu: cannot install the trap entry: %s\n",
			strerror(-err));
		hs_emu_cli_free(&cli);
		return 1;
	}
	t0 = hs_arch_now_ns();
	status = hs_emu_harts_run(&cli.cfg, boot, &rep);
	rep.total_ns = hs_arch_now_ns() - t0;
	rep.bringup_ns = hs_emu_harts_bringup_ns();
	rep.exit_status = status;
	hs_emu_stats_print(&rep);
	if (cli.json && hs_emu_stats_write_json(&rep, cli.json) != 0) {
		fprintf(stderr, "hartsched-emu: --json: writing '%s' failed\n", cli.json_path);
		status = 1;
	}
	hs_emu_cli_free(&cli);
	return status;
}
