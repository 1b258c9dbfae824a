/* SPDX-License-Identifier: MIT */
/*
 * The hartsched-emu command line (GLib GOption). Bad input is reported as
 * one line naming the option, and the caller exits with status 2.
 */
#ifndef HS_EMU_CLI_H
#define HS_EMU_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include <emu/config.h>

struct hs_emu_cli {
	struct hs_emu_config cfg;
	const char *json_path;	/* --json target ("-": stdout); NULL if none */
	const char *trace_path; /* --trace target; NULL if none */
	uint32_t trace_format;	/* enum hs_emu_trace_format (--trace-format) */
	bool quiet;		/* --quiet: no text on stdout */
	bool sim;		/* --sim: run the simulation mode's program */
	int exit_now;		/* -1: run; otherwise exit with this status */
};

/* Parse @argv into @cli. On bad input prints the error and sets exit_now = 2. */
void hs_emu_cli_parse(struct hs_emu_cli *cli, int argc, char **argv);

void hs_emu_cli_free(struct hs_emu_cli *cli);

#endif /* HS_EMU_CLI_H */
