// SPDX-License-Identifier: MIT
/*
 * Command-line helpers shared by the benchmark programs (see cli.h).
 */
#include "cli.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

bool bench_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = (uint32_t)v;
	return true;
}

bool bench_parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-')
		return false;
	*out = v;
	return true;
}

/*
 * A positive real number up to @max, the whole argument: trailing text
 * ("5s", "2x") is refused rather than read as its numeric prefix, and so
 * are NaN, infinities beyond @max and empty strings.
 */
bool bench_parse_positive(const char *s, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0 && v <= max))
		return false;
	*out = v;
	return true;
}

int bench_bad_value(const char *opt, const char *arg, const char *want)
{
	fprintf(stderr, "%s: --%s '%s': %s (see --help)\n", program_invocation_short_name, opt, arg,
		want);
	return 2;
}

int bench_bad_range(const char *opt, const char *arg, uint64_t lo, uint64_t hi)
{
	fprintf(stderr, "%s: --%s '%s': want a whole number in %llu..%llu (see --help)\n",
		program_invocation_short_name, opt, arg, (unsigned long long)lo,
		(unsigned long long)hi);
	return 2;
}

void bench_default_json_path(char *out, size_t len, const char *file)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0) {
		snprintf(out, len, "%s", file);
		return;
	}
	exe[n] = '\0';
	snprintf(out, len, "%s/%s", dirname(exe), file);
}
