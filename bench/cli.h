/* SPDX-License-Identifier: MIT */
/*
 * Command-line helpers shared by the benchmark programs (hs-bench,
 * hs-bench-ipi): strict number parsing for option values, and the default
 * place of the JSON document. A value that does not parse is a usage error
 * (the caller exits 2), never a silently clamped figure.
 */
#ifndef HS_BENCH_CLI_H
#define HS_BENCH_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* @s as a whole number in [@lo, @hi] (any strtoul base prefix); false if not. */
bool bench_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out);

/* @s as a whole number (any strtoull base prefix, no sign); false if not. */
bool bench_parse_u64(const char *s, uint64_t *out);

/* @s as a number in (0, @max] (HUGE_VAL: no upper bound); false if not. */
bool bench_parse_positive(const char *s, double max, double *out);

/*
 * Say on one line which option's value was refused and why, for a usage
 * error: "PROG: --OPT 'ARG': WANT". Returns 2, the usage-error status.
 */
int bench_bad_value(const char *opt, const char *arg, const char *want);

/* The same for a whole number that had to lie in [@lo, @hi]. */
int bench_bad_range(const char *opt, const char *arg, uint64_t lo, uint64_t hi);

/* @file next to the executable (i.e. in the build directory), else @file as is. */
void bench_default_json_path(char *out, size_t len, const char *file);

#endif /* HS_BENCH_CLI_H */
