// SPDX-License-Identifier: MIT
/*
 * Parsing --hart-map (emu/hartmap.h).
 */
#include <hartsched/config.h>

#include <emu/hartmap.h>
#include <hartsched/prng.h>

#include <stdlib.h>
#include <string.h>

/* Parse a decimal below @limit at *@p, advancing it; false if none or too big. */
static bool small_number(const char **p, uint32_t limit, uint32_t *out)
{
	uint32_t v = 0;

	if (**p < '0' || **p > '9')
		return false;
	for (; **p >= '0' && **p <= '9'; (*p)++) {
		v = v * 10 + (uint32_t)(**p - '0');
		if (v >= limit)
			return false;
	}
	*out = v;
	return true;
}

/* "H0,H1,...": exactly @n distinct ids below HS_MAX_CPUS. */
static bool parse_list(const char *p, uint32_t n, uint32_t *out, const char **why)
{
	bool used[HS_MAX_CPUS] = {false};
	uint32_t c;

	for (c = 0; c < n; c++) {
		if (!small_number(&p, HS_MAX_CPUS, &out[c])) {
			*why = "a hart id in the list is not a number below the hart limit";
			return false;
		}
		if (used[out[c]]) {
			*why = "a hart id appears twice in the list";
			return false;
		}
		used[out[c]] = true;
		if (c + 1 < n && *p++ != ',') {
			*why = "the list has fewer hart ids than --harts";
			return false;
		}
	}
	if (*p != '\0') {
		*why = "the list has more hart ids than --harts";
		return false;
	}
	return true;
}

bool hs_emu_hartmap_parse(const char *spec, uint32_t n, uint64_t seed, uint32_t *out,
			  const char **why)
{
	uint32_t c, k;

	*why = "expected identity, boot=K, shuffle or a comma-separated list of hart ids";
	if (strcmp(spec, "identity") == 0) {
		for (c = 0; c < n; c++)
			out[c] = c;
		return true;
	}
	if (strncmp(spec, "boot=", 5) == 0) {
		const char *p = spec + 5;

		if (!small_number(&p, n, &k) || *p != '\0') {
			*why = "boot=K needs K below the hart count";
			return false;
		}
		for (c = 0; c < n; c++)
			out[c] = (k + c) % n;
		return true;
	}
	if (strcmp(spec, "shuffle") == 0) {
		struct hs_prng rng;

		hs_prng_seed(&rng, seed, 0x4d4150); /* a stream of its own */
		for (c = 0; c < n; c++)
			out[c] = c;
		for (c = n; c-- > 1;) {
			uint32_t j = hs_prng_below(&rng, c + 1), t = out[c];

			out[c] = out[j];
			out[j] = t;
		}
		return true;
	}
	if (spec[0] >= '0' && spec[0] <= '9')
		return parse_list(spec, n, out, why);
	return false;
}
