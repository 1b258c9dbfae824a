/* SPDX-License-Identifier: MIT */
/*
 * Output of a benchmark run: one SUMMARY line per case and implementation
 * on stdout (liburcu style, for scripts), a human table, the targets, and a
 * JSON document (machine, configuration, results) for tools/bench-plot.py.
 */
#ifndef HS_BENCH_REPORT_H
#define HS_BENCH_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-glib/json-glib.h>

#include "stats.h"

/*
 * "SUMMARY <case> <impl> ns_per_op=.. ops_per_s=.. p50=.. p99=.. reps=..
 *  spread=..% lost=.. dup=.." (p50/p99 are "na" when not measured; a failed
 * case prints "FAILED <reason>" after the figures).
 */
void bench_print_summary(FILE *f, const struct bench_result *r);

/* Table of @n results grouped by case, with each one's ratio to @ref_impl. */
void bench_print_table(FILE *f, const struct bench_result *rs, size_t n, const char *ref_impl);

/* "TARGET <name> measured=.. goal=.. MET|MISSED|NOT-MEASURED (detail)" lines. */
void bench_print_targets(FILE *f, const struct bench_target *ts, size_t n);

/*
 * The JSON document is built with json-glib (a JsonBuilder), so escaping and
 * structure come from the library. Members of the object being built:
 */
void bench_jb_str(JsonBuilder *b, const char *key, const char *s);
void bench_jb_num(JsonBuilder *b, const char *key, double v);
void bench_jb_num_or_null(JsonBuilder *b, const char *key, double v); /* null when v < 0 */
void bench_jb_uint(JsonBuilder *b, const char *key, uint64_t v);
void bench_jb_bool(JsonBuilder *b, const char *key, bool v);

/* Note the machine's load average at the start of the run. */
void bench_machine_begin(void);

/* "machine": {...} member: nproc, usable CPUs, CPU model, kernel, compiler, load. */
void bench_json_machine(JsonBuilder *b);

/* "command": the command line, @name for argv[0], spaced args quoted. */
void bench_json_command(JsonBuilder *b, const char *name, int argc, char **argv);

/* One result object / one target object, as an array element. */
void bench_json_result(JsonBuilder *b, const struct bench_result *r);
void bench_json_target(JsonBuilder *b, const struct bench_target *t);

/* "targets": [@n target objects]. */
void bench_json_targets(JsonBuilder *b, const struct bench_target *ts, size_t n);

/*
 * Write the document @b built to @path (pretty-printed, through a
 * temporary file renamed into place, so a failed write leaves no half
 * file). False, with the reason on stderr prefixed by @tool, on failure.
 */
bool bench_json_write(JsonBuilder *b, const char *path, const char *tool);

#endif /* HS_BENCH_REPORT_H */
