/* SPDX-License-Identifier: MIT */
/*
 * Scheduling tracepoints and their per-hart rings.
 *
 * The events are named after Linux's tracepoints where one exists
 * (sched_waking, sched_wakeup, sched_switch, sched_migrate_task, ipi_raise,
 * ipi_entry, ipi_exit) and hs_* where Linux has none. Each is recorded, on
 * the hart that executes it, into that hart's bounded ring of fixed records:
 * no heap, no lock, never blocking. A record is written with the hart's
 * interrupts off, so the trap's own events (ipi_entry/exit) never interleave
 * with a half-written one and each ring holds one writer at a time.
 *
 * Overflow drops the NEWEST event: once a ring is full, further events of
 * that hart are counted (hs_trace_ring_stats().dropped) and not stored, so
 * the beginning of a run survives whole. Events whose hart cannot be
 * identified are counted apart (hs_trace_unattributed()).
 *
 * Off by default. When off, a tracepoint is one relaxed load and a branch
 * not taken; a build with -DHS_TRACE_COMPILED=0 (meson -Dtrace=false)
 * removes them altogether. Timestamps come from hs_arch_now_ns().
 *
 * Synchronisation: hs_trace_on is written by the boot hart (enable/disable)
 * and read relaxed by every tracepoint: it publishes nothing, a tracepoint
 * that misses a change only records or skips one event. A ring's records
 * and count are written only by its hart, interrupts off; the count is a
 * release store after the record, read with acquire by hs_trace_ring_read()
 * (the dump runs once the harts are quiet, or accepts a prefix).
 */
#ifndef HARTSCHED_TRACE_H
#define HARTSCHED_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/atomic.h>
#include <hartsched/compiler.h>
#include <hartsched/config.h>

#ifndef HS_TRACE_COMPILED
#define HS_TRACE_COMPILED 1
#endif

/* Records per hart ring; a power of two. */
#ifndef HS_TRACE_RING_RECS
#define HS_TRACE_RING_RECS 32768
#endif
_Static_assert(HS_TRACE_RING_RECS >= 16 && (HS_TRACE_RING_RECS & (HS_TRACE_RING_RECS - 1)) == 0,
	       "trace ring size must be a power of two");

/* The events; fields a, b, c (and name) per event in the comment. */
enum hs_trace_event {
	HS_TR_SCHED_WAKING = 1, /* task, qos, target cpu: an enqueue begins */
	HS_TR_SCHED_WAKEUP,	/* task, qos, target cpu: it is queued there */
	HS_TR_SWITCH_IN,	/* task, qos, cpu: idle ==> task (sched_switch) */
	HS_TR_SWITCH_OUT,     /* task, qos, state (enum hs_trace_state) | cpu << 8: task ==> idle */
	HS_TR_MIGRATE,	      /* task, qos, orig cpu | dest cpu << 16 (a steal) */
	HS_TR_IPI_RAISE,      /* target cpu */
	HS_TR_IPI_ENTRY,      /* cpu */
	HS_TR_IPI_EXIT,	      /* cpu, acked (0/1) */
	HS_TR_ENQUEUE_REJECT, /* cpu, status: a run-queue call refused (enqueue, yield, ...) */
	HS_TR_STEAL_CONTENDED, /* cpu: a decision lost its races and idles */
	HS_TR_IPI_COALESCED,   /* target cpu: a request joined a pending one */
	HS_TR_IPI_ROLLBACK,    /* target cpu: the send failed, the claim withdrawn */
	HS_TR_CPUID_FALLBACK,  /* cpu (or HS_CPU_INVALID): tp did not name the hart */
	HS_TR_LADDER,	       /* ok (0/1), name = the rung */
	HS_TR_TASK_GONE,       /* task, qos, cpu: purged or drained (queued or running) */
	HS_TR_IPI_FORCED_FAIL, /* target cpu: a send failed on purpose (the claim is kept) */
	HS_TR_EVENT_COUNT
};

/*
 * prev_state of a HS_TR_SWITCH_OUT (low 8 bits of c). A switch names the
 * CPU whose current task changed (c of a switch in, c >> 8 of a switch
 * out); it is usually the hart that records it, but not always: the
 * ladder decides for CPU 1 on CPU 0, and a port flushes an offline or
 * stopped CPU's pending finish from the boot hart. Readers place a switch
 * on the CPU it names.
 */
enum hs_trace_state {
	HS_TRACE_YIELD = 0,  /* back to its queue: Linux "R+" (preempted) */
	HS_TRACE_FINISH = 1, /* ran to completion: Linux "X" (dead) */
};
#define HS_TRACE_STATE_MASK 0xffu

/* One recorded event (32 bytes). */
struct hs_trace_rec {
	uint64_t ts;	  /* hs_arch_now_ns() */
	uint32_t ev;	  /* enum hs_trace_event */
	uint32_t a, b, c; /* per event, see enum hs_trace_event */
	const char *name; /* static string or NULL (HS_TR_LADDER) */
};
_Static_assert(sizeof(struct hs_trace_rec) <= 32, "trace record must stay small");

/* The switch every tracepoint reads (one relaxed load). */
extern _Atomic uint32_t hs_trace_on;

/* True when tracing is on: the tracepoints' only cost when it is off. */
static inline bool hs_trace_enabled(void)
{
#if HS_TRACE_COMPILED
	/* Relaxed: publishes nothing (see the synchronisation note above). */
	return hs_unlikely(hs_load(&hs_trace_on, memory_order_relaxed) != 0);
#else
	return false;
#endif
}

/* Record @ev on the calling hart (found with hs_cpu_current()). */
__attribute__((cold)) void hs_trace_emit(uint32_t ev, uint32_t a, uint32_t b, uint32_t c,
					 const char *name);

/*
 * Record @ev on @cpu, which must be the calling hart: for callers that
 * know it and must not ask hs_cpu_current() again (the trap, the CPU-ID
 * fallback itself). HS_CPU_INVALID counts the event as unattributed.
 */
__attribute__((cold)) void hs_trace_emit_on(uint32_t cpu, uint32_t ev, uint32_t a, uint32_t b,
					    uint32_t c, const char *name);

/* A tracepoint: records only when tracing is on. */
#define HS_TRACE(ev, a, b, c)                                                                      \
	do {                                                                                       \
		if (hs_trace_enabled())                                                            \
			hs_trace_emit((ev), (a), (b), (c), 0);                                     \
	} while (0)
#define HS_TRACE_ON(cpu, ev, a, b, c)                                                              \
	do {                                                                                       \
		if (hs_trace_enabled())                                                            \
			hs_trace_emit_on((cpu), (ev), (a), (b), (c), 0);                           \
	} while (0)

/* Steal tracepoint: one sched_migrate_task per task of @n taken from @from by @to. */
__attribute__((cold)) void hs_trace_migrated(const uint32_t *task, uint32_t n, uint32_t qos,
					     uint32_t from, uint32_t to);

/* Empty every ring and the counters. Boot hart, tracing off, harts quiet. */
void hs_trace_reset(void);

/* Turn tracing on or off (boot hart). Each tracepoint sees it at its next load. */
void hs_trace_enable(bool on);

/* What one hart's ring holds. */
struct hs_trace_ring_stats {
	uint64_t written; /* events the hart produced while tracing was on */
	uint64_t stored;  /* of them kept in the ring: min(written, HS_TRACE_RING_RECS) */
	uint64_t dropped; /* written - stored: the newest ones, dropped on overflow */
};

struct hs_trace_ring_stats hs_trace_ring_stats(uint32_t cpu);

/* Record @i (0 .. stored - 1, oldest first) of @cpu's ring; false past the end. */
bool hs_trace_ring_read(uint32_t cpu, uint64_t i, struct hs_trace_rec *out);

/* Events no hart could be named for (dropped, counted). */
uint64_t hs_trace_unattributed(void);

/* Stable names: Linux's tracepoint name, or hs_* for ours; "?" if unknown. */
const char *hs_trace_event_name(uint32_t ev);

#endif /* HARTSCHED_TRACE_H */
