/* SPDX-License-Identifier: MIT */
/*
 * Where the emulator's text goes (console lines, the stats table) and what
 * became of it: the text stream can be stdout (default), stderr (when the
 * JSON goes to stdout) or nothing (--quiet). A failed write is remembered,
 * so the program can report it and exit non-zero instead of claiming a
 * clean run. Console lines of the proof ladder (printed by the core's
 * selftest; each names a rung and its verdict) are also recorded for the
 * JSON report.
 */
#ifndef HS_EMU_OUTPUT_H
#define HS_EMU_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum hs_emu_text_target {
	HS_EMU_TEXT_STDOUT = 0,
	HS_EMU_TEXT_STDERR,
	HS_EMU_TEXT_NONE, /* --quiet */
};

/* At most this many ladder rungs are recorded (the ladder has 11). */
#define HS_EMU_RUNGS_MAX 32
#define HS_EMU_RUNG_NAME 64

struct hs_emu_rung {
	char name[HS_EMU_RUNG_NAME]; /* e.g. "smp online", "test_reject_offline_cpu_resched" */
	bool ok;		     /* "ok" line, else a FAIL line */
};

/* Choose the text stream; before any hart runs. Resets the records. */
void hs_emu_output_init(enum hs_emu_text_target target);

/* Write @len bytes of text (whole lines); a failure is remembered. */
void hs_emu_output_write(const char *s, size_t len);

/* The first write error (an errno value), or 0 if every write succeeded. */
int hs_emu_output_error(void);

/* Record a write error @err met elsewhere (the JSON on stdout, a flush). */
void hs_emu_output_note_error(int err);

/* Ladder rungs seen so far, in print order. */
uint32_t hs_emu_output_rungs(const struct hs_emu_rung **rungs);

#endif /* HS_EMU_OUTPUT_H */
