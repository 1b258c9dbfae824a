// SPDX-License-Identifier: MIT
/*
 * --trace: gather the per-hart rings into one time-ordered list and write
 * it through the chosen format (emu/trace_out.h), to a temporary file in
 * the target's directory renamed into place, so a failed write never
 * leaves half a trace under the requested name.
 */
#include <emu/trace_out.h>

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

/* Linux-style prio of a class (see trace_out.h). */
uint32_t hs_emu_trace_prio(uint32_t qos)
{
	static const uint32_t prio[] = {139, 120, 110, 100}; /* idle .. perfburst */

	return qos < 4 ? prio[qos] : 120;
}

/* Order by time, then by gathering order (ring by ring, oldest first). */
static int ev_cmp(const void *pa, const void *pb)
{
	const struct hs_emu_trace_ev *a = pa, *b = pb;

	if (a->r.ts != b->r.ts)
		return a->r.ts < b->r.ts ? -1 : 1;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

/* The CPU an event of hart @ring's ring belongs on (trace.h: a switch names it). */
static uint32_t row_cpu(const struct hs_trace_rec *r, uint32_t ring, uint32_t harts)
{
	uint32_t cpu = ring;

	if (r->ev == HS_TR_SWITCH_IN)
		cpu = r->c;
	else if (r->ev == HS_TR_SWITCH_OUT)
		cpu = r->c >> 8;
	return cpu < harts ? cpu : ring;
}

/* Copy the rings of harts 0 .. @harts-1 into @t (heap: this is the port, not the core). */
static void gather(struct hs_emu_trace *t, uint32_t harts)
{
	uint64_t total = 0, i;
	uint32_t c;

	memset(t, 0, sizeof(*t));
	t->harts = harts;
	for (c = 0; c < harts; c++) {
		struct hs_trace_ring_stats st = hs_trace_ring_stats(c);

		t->written[c] = st.written;
		t->dropped[c] = st.dropped;
		total += st.stored;
	}
	t->ev = g_new0(struct hs_emu_trace_ev, total ? total : 1);
	for (c = 0; c < harts; c++) {
		uint64_t stored = hs_trace_ring_stats(c).stored;

		for (i = 0; i < stored && hs_trace_ring_read(c, i, &t->ev[t->n].r); i++)
			t->ev[t->n++].cpu = c;
	}
	t->unattributed = hs_trace_unattributed();
	hs_emu_trace_order(t);
}

/* Place each event on its CPU, then sort by time (see trace_out.h). */
void hs_emu_trace_order(struct hs_emu_trace *t)
{
	uint64_t i;

	t->disorder = 0;
	for (i = 1; i < t->n; i++)
		if (t->ev[i].cpu == t->ev[i - 1].cpu && t->ev[i].r.ts < t->ev[i - 1].r.ts)
			t->disorder++;
	for (i = 0; i < t->n; i++) {
		t->ev[i].cpu = row_cpu(&t->ev[i].r, t->ev[i].cpu, t->harts);
		t->ev[i].seq = i;
	}
	/* Each ring is in time order; qsort is not stable, so seq breaks ties. */
	qsort(t->ev, t->n, sizeof(*t->ev), ev_cmp);
}

/* The process's umask (read by setting it and putting it back). */
static mode_t umask_now(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

/* --trace: gather the rings and save them (see trace_out.h). */
int hs_emu_trace_write(const char *path, enum hs_emu_trace_format format, uint32_t harts)
{
	struct hs_emu_trace t;
	int err;

	gather(&t, harts);
	err = hs_emu_trace_save(&t, path, format, "hartsched-emu: --trace");
	g_free(t.ev);
	return err;
}

/* Write through a temporary file, then rename: never half a trace under @path. */
int hs_emu_trace_save(const struct hs_emu_trace *t, const char *path,
		      enum hs_emu_trace_format format, const char *who)
{
	gchar *tmp = g_strdup_printf("%s.XXXXXX", path);
	int fd, err = 0;
	FILE *f;
	bool ok;

	fd = g_mkstemp(tmp);
	if (fd < 0) {
		err = errno;
		goto out;
	}
	/* mkstemp makes it 0600; a trace is as readable as any file the user writes. */
	if (fchmod(fd, 0666 & ~umask_now()) != 0) {
		err = errno;
		close(fd);
		g_unlink(tmp);
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = errno;
		close(fd);
		g_unlink(tmp);
		goto out;
	}
	ok = format == HS_EMU_TRACE_JSON ? hs_emu_trace_write_json(t, f)
					 : hs_emu_trace_write_text(t, f);
	if (!ok)
		err = errno ? errno : EIO;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (!err && g_rename(tmp, path) != 0)
		err = errno;
	if (err)
		g_unlink(tmp);
out:
	if (err)
		fprintf(stderr, "%s: cannot write '%s': %s\n", who, path, strerror(err));
	g_free(tmp);
	return err;
}
