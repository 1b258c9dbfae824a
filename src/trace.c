// SPDX-License-Identifier: MIT
/*
 * The tracepoints' per-hart rings (hartsched/trace.h).
 *
 * Synchronisation table
 *
 *   data              written by                        read by
 *   ----------------  --------------------------------  ------------------------------
 *   hs_trace_on       boot hart, relaxed                every tracepoint, relaxed
 *   ring[c].rec[]     hart c only, interrupts off,      hs_trace_ring_read(), after
 *                     before its count store            the acquire load of count
 *   ring[c].count     hart c only: relaxed load, then   stats and readers, acquire
 *                     release store after the record
 *   unattributed      any hart, relaxed fetch_add       stats, relaxed
 *
 * A hart's trap may fire inside a thread-context tracepoint of the same
 * hart; interrupts are off while a record is written, so the trap's event
 * waits for the restore and lands in the next slot, in time order.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/trace.h>

struct trace_ring {
	_Atomic uint64_t count; /* events written; those at >= HS_TRACE_RING_RECS were dropped */
	struct hs_trace_rec rec[HS_TRACE_RING_RECS];
} HS_CACHE_ALIGNED;

_Atomic uint32_t hs_trace_on;
static struct trace_ring ring[HS_MAX_CPUS];
static _Atomic uint64_t unattributed;

static const char *const event_names[HS_TR_EVENT_COUNT] = {
	[HS_TR_SCHED_WAKING] = "sched_waking",
	[HS_TR_SCHED_WAKEUP] = "sched_wakeup",
	[HS_TR_SWITCH_IN] = "sched_switch",
	[HS_TR_SWITCH_OUT] = "sched_switch",
	[HS_TR_MIGRATE] = "sched_migrate_task",
	[HS_TR_IPI_RAISE] = "ipi_raise",
	[HS_TR_IPI_ENTRY] = "ipi_entry",
	[HS_TR_IPI_EXIT] = "ipi_exit",
	[HS_TR_ENQUEUE_REJECT] = "hs_rq_reject",
	[HS_TR_STEAL_CONTENDED] = "hs_steal_contended",
	[HS_TR_IPI_COALESCED] = "hs_ipi_coalesced",
	[HS_TR_IPI_ROLLBACK] = "hs_ipi_rollback",
	[HS_TR_CPUID_FALLBACK] = "hs_cpuid_fallback",
	[HS_TR_LADDER] = "hs_ladder_rung",
	[HS_TR_TASK_GONE] = "hs_task_gone",
	[HS_TR_IPI_FORCED_FAIL] = "hs_ipi_forced_fail",
};

/* The name the formats print for @ev. */
const char *hs_trace_event_name(uint32_t ev)
{
	return ev < HS_TR_EVENT_COUNT && event_names[ev] ? event_names[ev] : "?";
}

/*
 * Append one record to @cpu's ring (the calling hart's). Interrupts are
 * off across the timestamp, the record and the count, so a trap of this
 * hart records before or after, never in between: the ring stays in time
 * order. Full ring: count only (the newest event is the one dropped).
 */
void hs_trace_emit_on(uint32_t cpu, uint32_t ev, uint32_t a, uint32_t b, uint32_t c,
		      const char *name)
{
	struct trace_ring *r;
	unsigned long flags;
	uint64_t n;

	if (cpu >= HS_MAX_CPUS) {
		/* Relaxed: a figure (hs_trace_unattributed()), pairs with nothing. */
		hs_fetch_add(&unattributed, 1, memory_order_relaxed);
		return;
	}
	r = &ring[cpu];
	flags = hs_arch_irq_save();
	/* Relaxed: this hart is the ring's only writer. */
	n = hs_load(&r->count, memory_order_relaxed);
	if (hs_likely(n < HS_TRACE_RING_RECS)) {
		struct hs_trace_rec *e = &r->rec[n];

		e->ts = hs_arch_now_ns();
		e->ev = ev;
		e->a = a;
		e->b = b;
		e->c = c;
		e->name = name;
	}
	/* Release: pairs with the acquire in hs_trace_ring_read() / _stats(). */
	hs_store(&r->count, n + 1, memory_order_release);
	hs_arch_irq_restore(flags);
}

/* The calling hart's tracepoint (hs_cpu_current() names the ring). */
void hs_trace_emit(uint32_t ev, uint32_t a, uint32_t b, uint32_t c, const char *name)
{
	hs_trace_emit_on(hs_cpu_current(), ev, a, b, c, name);
}

/* One sched_migrate_task per stolen task; bounded by @n <= HS_STEAL_MAX_LIMIT. */
void hs_trace_migrated(const uint32_t *task, uint32_t n, uint32_t qos, uint32_t from, uint32_t to)
{
	uint32_t cpu = hs_cpu_current();
	uint32_t k;

	for (k = 0; k < n && k < HS_STEAL_MAX_LIMIT; k++)
		hs_trace_emit_on(cpu, HS_TR_MIGRATE, task[k], qos, from | (to << 16), 0);
}

/* Empty every ring (see trace.h for the context). */
void hs_trace_reset(void)
{
	uint32_t c;

	/* Relaxed: boot hart with the harts quiet; their next start orders it. */
	for (c = 0; c < HS_MAX_CPUS; c++)
		hs_store(&ring[c].count, 0, memory_order_relaxed);
	hs_store(&unattributed, 0, memory_order_relaxed);
}

/* The switch every tracepoint reads. */
void hs_trace_enable(bool on)
{
	/* Relaxed: publishes nothing; see the table. */
	hs_store(&hs_trace_on, on ? 1u : 0u, memory_order_relaxed);
}

/* Written, stored and dropped counts of @cpu's ring. */
struct hs_trace_ring_stats hs_trace_ring_stats(uint32_t cpu)
{
	struct hs_trace_ring_stats st = {0, 0, 0};

	if (cpu >= HS_MAX_CPUS)
		return st;
	/* Acquire: pairs with the release store in hs_trace_emit_on(). */
	st.written = hs_load(&ring[cpu].count, memory_order_acquire);
	st.stored = st.written < HS_TRACE_RING_RECS ? st.written : HS_TRACE_RING_RECS;
	st.dropped = st.written - st.stored;
	return st;
}

/* Copy record @i of @cpu's ring, if the count covers it. */
bool hs_trace_ring_read(uint32_t cpu, uint64_t i, struct hs_trace_rec *out)
{
	struct hs_trace_ring_stats st = hs_trace_ring_stats(cpu);

	if (cpu >= HS_MAX_CPUS || i >= st.stored)
		return false;
	*out = ring[cpu].rec[i];
	return true;
}

/* Events recorded where no hart could be named. */
uint64_t hs_trace_unattributed(void)
{
	/* Relaxed: a figure; pairs with nothing. */
	return hs_load(&unattributed, memory_order_relaxed);
}
