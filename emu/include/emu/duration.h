/* SPDX-License-Identifier: MIT */
/*
 * The one rule for durations on the command line (--timeout, --duration,
 * --report-every): a whole number with a unit ms, s or m; a bare number
 * means seconds. "250ms", "2s", "2", "1m".
 */
#ifndef HS_EMU_DURATION_H
#define HS_EMU_DURATION_H

#include <stdbool.h>
#include <stdint.h>

/* What every duration error message lists. */
#define HS_EMU_DURATION_FORMS                                                                      \
	"a whole number with a unit ms, s or m, or a bare number of seconds (e.g. 250ms, 2s, 2, "  \
	"1m)"

/*
 * Parse @s into nanoseconds in [@min_ns, @max_ns]. On failure returns false
 * and sets @why to a static phrase ("not a duration", "out of range").
 */
bool hs_emu_duration_parse(const char *s, uint64_t min_ns, uint64_t max_ns, uint64_t *out_ns,
			   const char **why);

/* Format @ns the way the parser reads it back (ms, s or m, exact). */
void hs_emu_duration_format(uint64_t ns, char *buf, unsigned len);

#endif /* HS_EMU_DURATION_H */
