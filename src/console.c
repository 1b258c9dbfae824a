// SPDX-License-Identifier: MIT
/*
 * Console lines without libc. Lines are assembled in a caller-owned buffer
 * and written in one hs_arch_console_write() under a console lock, so lines
 * printed by different CPUs never interleave.
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/spinlock.h>

static struct hs_spinlock console_lock;

void hs_line_init(struct hs_line *l)
{
	l->len = 0;
	l->buf[0] = '\0';
}

/* Append @c, keeping buf NUL-terminated (a line is also appended as a string). */
static void line_putc(struct hs_line *l, char c)
{
	if (l->len < HS_LINE_MAX) {
		l->buf[l->len++] = c;
		l->buf[l->len] = '\0';
	}
}

void hs_line_str(struct hs_line *l, const char *s)
{
	while (*s)
		line_putc(l, *s++);
}

void hs_line_u64(struct hs_line *l, uint64_t v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		line_putc(l, digits[--n]);
}

void hs_line_hex(struct hs_line *l, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	int shift = 60;

	hs_line_str(l, "0x");
	while (shift > 0 && ((v >> shift) & 0xf) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		line_putc(l, hex[(v >> shift) & 0xf]);
}

void hs_line_emit(struct hs_line *l)
{
	unsigned long flags;

	l->buf[l->len] = '\n';
	flags = hs_arch_irq_save();
	hs_spin_lock(&console_lock);
	hs_arch_console_write(l->buf, l->len + 1);
	hs_spin_unlock(&console_lock);
	hs_arch_irq_restore(flags);
}

void hs_console_puts(const char *s)
{
	struct hs_line l;

	hs_line_init(&l);
	hs_line_str(&l, s);
	hs_line_emit(&l);
}
