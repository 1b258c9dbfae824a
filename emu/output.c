// SPDX-License-Identifier: MIT
/*
 * The text stream and its error record (emu/output.h).
 *
 * Synchronisation: console lines reach hs_emu_output_write() under the
 * core's console lock (src/console.c), so the rung record has one writer
 * at a time; the stats table is written by the main thread after every hart
 * exited. The error word is an atomic because either may set it.
 */
#include <emu/output.h>

#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

/* Attempts at one write before giving up on the text (EINTR, short writes). */
#define WRITE_TRIES 8

static const char rung_prefix[] = "KSELFTEST: ";

static int text_fd = STDOUT_FILENO;
static _Atomic int first_error;
static struct hs_emu_rung rungs[HS_EMU_RUNGS_MAX];
static uint32_t nrungs;

void hs_emu_output_init(enum hs_emu_text_target target)
{
	text_fd = target == HS_EMU_TEXT_STDOUT	 ? STDOUT_FILENO
		  : target == HS_EMU_TEXT_STDERR ? STDERR_FILENO
						 : -1;
	atomic_store(&first_error, 0);
	nrungs = 0;
}

void hs_emu_output_note_error(int err)
{
	int none = 0;

	/* Relaxed: a figure read at exit, after the joins. */
	atomic_compare_exchange_strong_explicit(&first_error, &none, err ? err : EIO,
						memory_order_relaxed, memory_order_relaxed);
}

int hs_emu_output_error(void)
{
	return atomic_load_explicit(&first_error, memory_order_relaxed);
}

/*
 * Record a ladder line (the rung name, then its verdict word) as a rung.
 * The name is what precedes the verdict word.
 */
static void note_rung(const char *s, size_t len)
{
	const char *name = s + sizeof(rung_prefix) - 1, *end = s + len, *p;
	struct hs_emu_rung *r;
	size_t n;

	if (len < sizeof(rung_prefix) || memcmp(s, rung_prefix, sizeof(rung_prefix) - 1) != 0 ||
	    nrungs >= HS_EMU_RUNGS_MAX)
		return;
	while (end > name && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (p = name; p + 3 <= end; p++) {
		bool ok = p + 3 == end && memcmp(p, " ok", 3) == 0;
		bool fail =
			p + 5 <= end && memcmp(p, " FAIL", 5) == 0 && (p + 5 == end || p[5] == ' ');

		if (!ok && !fail)
			continue;
		r = &rungs[nrungs++];
		n = (size_t)(p - name) < sizeof(r->name) - 1 ? (size_t)(p - name)
							     : sizeof(r->name) - 1;
		memcpy(r->name, name, n);
		r->name[n] = '\0';
		r->ok = ok;
		return;
	}
}

void hs_emu_output_write(const char *s, size_t len)
{
	int tries;

	note_rung(s, len);
	if (text_fd < 0)
		return;
	for (tries = 0; tries < WRITE_TRIES && len > 0; tries++) {
		ssize_t n = write(text_fd, s, len);

		if (n > 0) {
			s += n;
			len -= (size_t)n;
		} else if (n < 0 && errno != EINTR && errno != EAGAIN) {
			hs_emu_output_note_error(errno);
			return;
		}
	}
	if (len > 0)
		hs_emu_output_note_error(EIO);
}

uint32_t hs_emu_output_rungs(const struct hs_emu_rung **out)
{
	*out = rungs;
	return nrungs;
}
