// SPDX-License-Identifier: MIT
/*
 * Console dump of the trace rings (trace_dump.h). Compiled once per image,
 * like image.c, so that only the kernel-trace image (-DKERNEL_IMAGE_TRACE=1)
 * records and prints anything.
 *
 * The dump, one console line each (tools/qemu-trace.sh reads it):
 *   KTRACE-BEGIN: format=1 cpus=N recs=R
 *   KTRACE: <cpu> <ts_ns> <event> <a> <b> <c> <name or ->    (ring by ring, oldest first)
 *   KTRACE-CPU: <cpu> written=W dropped=D
 *   KTRACE-END: events=E unattributed=U
 * Record fields as in hartsched/trace.h; a name's spaces become '_'.
 *
 * Synchronisation: tracing is switched off before the dump, but a
 * secondary may be inside a tracepoint at that moment; hs_trace_ring_read()
 * only returns records the count (release store after the record) covers,
 * so the dump holds whole records, and whatever a late one adds is beyond it.
 */
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/trace.h>

#include "trace_dump.h"

#ifndef KERNEL_IMAGE_TRACE
#define KERNEL_IMAGE_TRACE 0
#endif

/* Empty the rings and switch tracing on (kernel-trace image only). */
void kernel_trace_begin(void)
{
	if (!KERNEL_IMAGE_TRACE)
		return;
	hs_trace_reset();
	hs_trace_enable(true);
}

/* " <v>" */
static void put_u64(struct hs_line *l, uint64_t v)
{
	hs_line_str(l, " ");
	hs_line_u64(l, v);
}

/* A name with its spaces as '_' (the dump is space-separated); "-" for none. */
static void put_name(struct hs_line *l, const char *name)
{
	char buf[64];
	uint32_t i;

	if (!name || !name[0]) {
		hs_line_str(l, " -");
		return;
	}
	for (i = 0; i + 1 < sizeof(buf) && name[i]; i++)
		buf[i] = name[i] == ' ' ? '_' : name[i];
	buf[i] = '\0';
	hs_line_str(l, " ");
	hs_line_str(l, buf);
}

/* Print hart @cpu's ring, oldest first; returns how many records. */
static uint64_t dump_ring(uint32_t cpu)
{
	struct hs_trace_ring_stats st = hs_trace_ring_stats(cpu);
	struct hs_trace_rec r;
	struct hs_line l;
	uint64_t i;

	for (i = 0; i < st.stored && hs_trace_ring_read(cpu, i, &r); i++) {
		hs_line_init(&l);
		hs_line_str(&l, "KTRACE:");
		put_u64(&l, cpu);
		put_u64(&l, r.ts);
		put_u64(&l, r.ev);
		put_u64(&l, r.a);
		put_u64(&l, r.b);
		put_u64(&l, r.c);
		put_name(&l, r.name);
		hs_line_emit(&l);
	}
	hs_line_init(&l);
	hs_line_str(&l, "KTRACE-CPU:");
	put_u64(&l, cpu);
	hs_line_str(&l, " written=");
	hs_line_u64(&l, st.written);
	hs_line_str(&l, " dropped=");
	hs_line_u64(&l, st.dropped);
	hs_line_emit(&l);
	return i;
}

/* Switch tracing off and print the dump (kernel-trace image only). */
void kernel_trace_end(void)
{
	uint32_t cpu, cpus = hs_cpu_present();
	uint64_t events = 0;
	struct hs_line l;

	if (!KERNEL_IMAGE_TRACE)
		return;
	hs_trace_enable(false);
	hs_line_init(&l);
	hs_line_str(&l, "KTRACE-BEGIN: format=1 cpus=");
	hs_line_u64(&l, cpus);
	hs_line_str(&l, " recs=");
	hs_line_u64(&l, HS_TRACE_RING_RECS);
	hs_line_emit(&l);
	for (cpu = 0; cpu < cpus; cpu++)
		events += dump_ring(cpu);
	hs_line_init(&l);
	hs_line_str(&l, "KTRACE-END: events=");
	hs_line_u64(&l, events);
	hs_line_str(&l, " unattributed=");
	hs_line_u64(&l, hs_trace_unattributed());
	hs_line_emit(&l);
}
