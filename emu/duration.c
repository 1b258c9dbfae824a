// SPDX-License-Identifier: MIT
/*
 * Durations on the command line (emu/duration.h): one rule for every
 * option, the same as tools/qemu-test.sh's RUN_TIMEOUT.
 */
#include <emu/duration.h>

#include <stdio.h>
#include <string.h>

#define NS_PER_MS (1000ull * 1000)
#define NS_PER_S  (1000ull * NS_PER_MS)
#define NS_PER_M  (60ull * NS_PER_S)

/* The unit suffix of @s (after its digits) as a multiplier; 0 if unknown. */
static uint64_t unit_of(const char *u)
{
	if (*u == '\0' || strcmp(u, "s") == 0)
		return NS_PER_S;
	if (strcmp(u, "ms") == 0)
		return NS_PER_MS;
	if (strcmp(u, "m") == 0)
		return NS_PER_M;
	return 0;
}

bool hs_emu_duration_parse(const char *s, uint64_t min_ns, uint64_t max_ns, uint64_t *out_ns,
			   const char **why)
{
	uint64_t v = 0, mult;
	const char *p = s;

	*why = "not a duration";
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10) {
			*why = "out of range";
			return false;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	mult = unit_of(p);
	if (mult == 0)
		return false;
	if (v > max_ns / mult || v * mult < min_ns || v * mult > max_ns) {
		*why = "out of range";
		return false;
	}
	*out_ns = v * mult;
	return true;
}

void hs_emu_duration_format(uint64_t ns, char *buf, unsigned len)
{
	if (ns % NS_PER_M == 0 && ns)
		snprintf(buf, len, "%llum", (unsigned long long)(ns / NS_PER_M));
	else if (ns % NS_PER_S == 0 && ns)
		snprintf(buf, len, "%llus", (unsigned long long)(ns / NS_PER_S));
	else if (ns % NS_PER_MS == 0)
		snprintf(buf, len, "%llums", (unsigned long long)(ns / NS_PER_MS));
	else
		snprintf(buf, len, "%lluns", (unsigned long long)ns);
}
