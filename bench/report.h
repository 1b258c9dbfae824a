/* SPDX-License-Identifier: MIT */
/*
 * Output of a benchmark run: one SUMMARY line per case and implementation
 * on stdout (liburcu style, for scripts), a human table, the targets, and a
 * JSON document (machine, configuration, results) for tools/bench-plot.py.
 */
#ifndef HS_BENCH_REPORT_H
#define HS_BENCH_REPORT_H

#include <stdio.h>

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

/* JSON string literal with escapes. */
void bench_json_str(FILE *f, const char *s);

/* A further member of an object: ", "@key": " then @s as a JSON string. */
void bench_json_member_str(FILE *f, const char *key, const char *s);

/* Note the machine's load average at the start of the run. */
void bench_machine_begin(void);

/* "machine": {...} member: nproc, usable CPUs, CPU model, kernel, compiler, load. */
void bench_json_machine(FILE *f);

/* The command line as a JSON string, @name for argv[0], spaced args quoted. */
void bench_json_command(FILE *f, const char *name, int argc, char **argv);

/* One result object / one target object. */
void bench_json_result(FILE *f, const struct bench_result *r);
void bench_json_target(FILE *f, const struct bench_target *t);

/* The inside of a targets array: @n target objects, one per line. */
void bench_json_targets(FILE *f, const struct bench_target *ts, size_t n);

#endif /* HS_BENCH_REPORT_H */
