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

/*
 * Only the range is checked, as the programs always did: "abc" reads as 0
 * and is refused, trailing text ("5s") is ignored, NaN is refused.
 */
bool bench_parse_positive(const char *s, double max, double *out)
{
	double v = strtod(s, NULL);

	if (!(v > 0 && v <= max))
		return false;
	*out = v;
	return true;
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
