/* SPDX-License-Identifier: MIT */
/*
 * --trace FILE: the core's trace rings (hartsched/trace.h) written after a
 * run in the text format of Linux's /sys/kernel/tracing/trace (what
 * Perfetto, trace-cmd users and people read) or in the Chrome Trace Event
 * Format (chrome://tracing, Perfetto, speedscope). docs/tracing.md has the
 * field reference.
 *
 * Context: the main thread, once every hart has stopped (the rings are
 * quiet). The file is written to a temporary name and renamed into place.
 */
#ifndef HS_EMU_TRACE_OUT_H
#define HS_EMU_TRACE_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <hartsched/trace.h>

enum hs_emu_trace_format {
	HS_EMU_TRACE_TEXT = 0, /* Linux ftrace text */
	HS_EMU_TRACE_JSON,     /* Chrome Trace Event Format */
};

/*
 * One event of the merged trace: the record and the CPU it belongs on: the
 * hart whose ring held it, or for a sched_switch the CPU it names.
 */
struct hs_emu_trace_ev {
	struct hs_trace_rec r;
	uint32_t cpu;
	uint64_t seq; /* gathering order: ring by ring, oldest first */
};

/* The merged trace: every hart's ring, ordered by time (ties: hart, then ring order). */
struct hs_emu_trace {
	struct hs_emu_trace_ev *ev;
	uint64_t n;
	uint32_t harts;
	uint64_t written[HS_MAX_CPUS]; /* per hart: events produced */
	uint64_t dropped[HS_MAX_CPUS]; /* per hart: of them dropped (ring full, newest) */
	uint64_t unattributed;	       /* events no hart could be named for */
	uint64_t disorder;	       /* ring records older than the one before them (must be 0) */
};

/* Linux-style "prio" of a QoS class (lower is more urgent): 100, 110, 120, 139. */
uint32_t hs_emu_trace_prio(uint32_t qos);

/* Write @t to @f in one format; false on a write error (errno set). */
bool hs_emu_trace_write_text(const struct hs_emu_trace *t, FILE *f);
bool hs_emu_trace_write_json(const struct hs_emu_trace *t, FILE *f);

/*
 * Put each event of @t (.cpu = the ring that held it, .r filled, .n and
 * .harts set, ring by ring, oldest first) on the CPU it belongs on and
 * order them in time. First counts in .disorder the records that are older
 * than the one before them in the same ring: a ring is written in time
 * order (trace.h), so anything but 0 is a broken ring, which the writers
 * report and tools/trace-check.py refuses.
 */
void hs_emu_trace_order(struct hs_emu_trace *t);

/*
 * Write @t to @path in @format through a temporary file renamed into
 * place. Returns 0, or an errno value after one stderr line starting @who.
 */
int hs_emu_trace_save(const struct hs_emu_trace *t, const char *path,
		      enum hs_emu_trace_format format, const char *who);

/*
 * Gather the rings of harts 0 .. @harts-1 and write them to @path in
 * @format. Returns 0, or an errno value after printing one line to stderr.
 */
int hs_emu_trace_write(const char *path, enum hs_emu_trace_format format, uint32_t harts);

#endif /* HS_EMU_TRACE_OUT_H */
