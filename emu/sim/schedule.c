// SPDX-License-Identifier: MIT
/*
 * The schedule of a run as text, and its replay. The text is run-length:
 * "H*N" says hart H ran the next N yield points, a "!" after it that H took
 * its pending S_SOFT at the first of them; tokens are comma-separated.
 * Given the same scenario and configuration, following it reproduces the
 * run exactly, whatever strategy made it.
 */
#include "sim_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHED_TEXT_MAX (4u << 20)

static char text[SCHED_TEXT_MAX];
static size_t text_len;
static bool recording, overflowed;
static uint32_t last_hart = UINT32_MAX;
static uint64_t last_count;
static bool last_trap;

/* Replay cursor. */
static const char *rp;
static uint32_t rp_hart;
static uint64_t rp_left;
static bool rp_trap;
static bool rp_bad; /* the text did not parse */

/*
 * Append @c, then @v in decimal, to the text. By hand, not snprintf: this
 * runs on the harts' contexts, where a libc call ThreadSanitizer intercepts
 * would show the simulator's own bookkeeping as a race between fibers.
 */
static void put_u64(char c, uint64_t v)
{
	char digits[24];
	size_t n = 0;

	if (c && text_len < SCHED_TEXT_MAX - 1)
		text[text_len++] = c;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (text_len + n >= SCHED_TEXT_MAX - 2) {
		overflowed = true;
		return;
	}
	while (n)
		text[text_len++] = digits[--n];
	text[text_len] = '\0';
}

/* Append the pending token (if any) to the text. */
static void flush_token(void)
{
	if (last_hart == UINT32_MAX)
		return;
	put_u64(text_len ? ',' : 0, last_hart);
	put_u64('*', last_count);
	if (last_trap && !overflowed) {
		text[text_len++] = '!';
		text[text_len] = '\0';
	}
	last_hart = UINT32_MAX;
}

void sim_record_begin(bool on)
{
	recording = on;
	overflowed = false;
	text_len = 0;
	text[0] = '\0';
	last_hart = UINT32_MAX;
}

void sim_record(uint32_t hart, bool trap)
{
	if (!recording || overflowed)
		return;
	if (hart == last_hart && !trap) {
		last_count++;
		return;
	}
	flush_token();
	last_hart = hart;
	last_count = 1;
	last_trap = trap;
}

const char *hs_sim_schedule(void)
{
	flush_token();
	if (overflowed)
		return "(longer than the record's 4 MiB: replay by seed)";
	return text;
}

/* Read the next "H*N[!]" token; false at the end or on bad text. */
static bool next_token(void)
{
	char *end;
	unsigned long h;
	unsigned long long n;

	while (*rp == ',')
		rp++;
	if (*rp == '\0')
		return false;
	rp_bad = true;
	h = strtoul(rp, &end, 10);
	if (end == rp || *end != '*' || h >= HS_SIM_MAX_HARTS)
		return false;
	rp = end + 1;
	n = strtoull(rp, &end, 10);
	if (end == rp || n == 0)
		return false;
	rp = end;
	rp_trap = *rp == '!';
	if (rp_trap)
		rp++;
	if (*rp != ',' && *rp != '\0')
		return false;
	rp_bad = false;
	rp_hart = (uint32_t)h;
	rp_left = n;
	return true;
}

bool sim_replay_begin(const char *s)
{
	const char *save;

	if (!s)
		return false;
	rp = s; /* a dry pass first: the whole text must parse */
	rp_bad = false;
	while (next_token())
		;
	if (rp_bad)
		return false;
	save = s;
	rp = save;
	rp_left = 0;
	return true;
}

bool sim_replay_next(uint32_t *hart, bool *trap)
{
	if (rp_left == 0 && !next_token())
		return false;
	*hart = rp_hart;
	*trap = rp_trap;
	rp_trap = false; /* only at the token's first yield point */
	rp_left--;
	return true;
}

static const char *const strategy_names[] = {
	[HS_SIM_RANDOM] = "random",
	[HS_SIM_PCT] = "pct",
	[HS_SIM_EXHAUSTIVE] = "exhaustive",
	[HS_SIM_REPLAY] = "replay",
};

bool hs_sim_strategy_parse(const char *s, enum hs_sim_strategy *out)
{
	uint32_t i;

	for (i = 0; i < sizeof(strategy_names) / sizeof(strategy_names[0]); i++) {
		if (strcmp(s, strategy_names[i]) == 0) {
			*out = (enum hs_sim_strategy)i;
			return true;
		}
	}
	return false;
}

const char *hs_sim_strategy_name(enum hs_sim_strategy s)
{
	return (unsigned)s < sizeof(strategy_names) / sizeof(strategy_names[0]) ? strategy_names[s]
										: "?";
}
