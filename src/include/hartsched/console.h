/* SPDX-License-Identifier: MIT */
/*
 * Console lines built without libc: a fixed buffer, appenders, one write.
 * Lines from different CPUs never interleave (a console lock serialises
 * the write).
 */
#ifndef HARTSCHED_CONSOLE_H
#define HARTSCHED_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#define HS_LINE_MAX 200

struct hs_line {
	char buf[HS_LINE_MAX + 1];
	size_t len; /* bytes used; appenders truncate at HS_LINE_MAX */
};

void hs_line_init(struct hs_line *l);
void hs_line_str(struct hs_line *l, const char *s);
void hs_line_u64(struct hs_line *l, uint64_t v);
void hs_line_hex(struct hs_line *l, uint64_t v);

/* Append '\n' and write the line atomically with respect to other CPUs. */
void hs_line_emit(struct hs_line *l);

/* Convenience: emit one constant string as a line. */
void hs_console_puts(const char *s);

#endif /* HARTSCHED_CONSOLE_H */
