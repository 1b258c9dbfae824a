/* SPDX-License-Identifier: MIT */
/*
 * Logical CPUs: per-hart blocks, the cpu <-> hart map, the online mask, the
 * per-hart stack table and CPU identification.
 *
 * Logical CPU 0 is the boot hart, whatever its hart id.
 *
 * CPU identification (hs_cpu_current):
 *   fast path: tp points at hs_harts[i], on a block boundary, with
 *              HS_HART_MAGIC and cpu == i;
 *   fallback:  the registered stack range that contains sp (counted);
 *   otherwise: HS_CPU_INVALID, and the caller fails closed (also counted,
 *              apart from the fallbacks that resolved).
 *
 * Publication: a hart block and its stack range are written first and then
 * published by a release store (magic, stack_hi); readers load those with
 * acquire before trusting the rest.
 */
#ifndef HARTSCHED_CPU_H
#define HARTSCHED_CPU_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hartsched/atomic.h>
#include <hartsched/compiler.h>
#include <hartsched/config.h>
#include <hartsched/outcome.h>

#define HS_CPU_INVALID	  UINT32_MAX
#define HS_HARTID_NONE	  UINT64_MAX  /* no hart: an unregistered CPU's id, never registrable */
#define HS_HART_MAGIC	  0x48415254u /* "HART" */
#define HS_STACK_SENTINEL 0x5354414b53454e54ull /* written at a stack's low end */

/* One per logical CPU; the port keeps tp pointing at its hart's block. */
struct hs_hart {
	_Atomic uint32_t magic;	  /* HS_HART_MAGIC once published (release) */
	uint32_t cpu;		  /* logical index == position in hs_harts[] */
	uint64_t hartid;	  /* platform hart id */
	uint64_t port_scratch[6]; /* owned by the port's trap entry */
} HS_CACHE_ALIGNED;

_Static_assert(sizeof(struct hs_hart) == HS_CACHELINE, "hart block is one cache line");

extern struct hs_hart hs_harts[HS_MAX_CPUS];

/*
 * Reset every table and make the calling hart logical CPU 0 with
 * @boot_hartid; @present is how many logical CPUs the platform has
 * (1 .. HS_MAX_CPUS). Boot hart, before any other hart runs.
 */
HS_MUST_CHECK struct hs_outcome hs_cpu_init_boot(uint64_t boot_hartid, uint32_t present);

/*
 * Map logical @cpu to @hartid and publish its block. Boot hart only.
 * INVALID_CPU for an out-of-range @cpu, INVALID_ARG for HS_HARTID_NONE.
 */
HS_MUST_CHECK struct hs_outcome hs_cpu_register(uint32_t cpu, uint64_t hartid);

/*
 * Record @cpu's stack [lo, hi) for the sp fallback and write the sentinel
 * at its low end. Boot hart, before the CPU runs on that stack.
 */
HS_MUST_CHECK struct hs_outcome hs_cpu_register_stack(uint32_t cpu, uintptr_t lo, uintptr_t hi);

/* Point the calling hart's tp at @cpu's block; INVALID_CPU (tp untouched) if out of range. */
HS_MUST_CHECK struct hs_outcome hs_cpu_install_tp(uint32_t cpu);

/* The calling hart's logical CPU, or HS_CPU_INVALID (fail closed). */
uint32_t hs_cpu_current(void);

/* How many times hs_cpu_current() resolved a CPU through the stack fallback. */
uint64_t hs_cpu_fallback_count(void);

/* How many times the stack fallback also failed and hs_cpu_current() answered INVALID. */
uint64_t hs_cpu_fallback_invalid_count(void);

/* True when every registered stack still has its sentinel. */
bool hs_cpu_stacks_intact(uint32_t *first_bad_cpu);

uint32_t hs_cpu_present(void);
uint64_t hs_cpu_hartid(uint32_t cpu);	      /* HS_HARTID_NONE if unregistered */
uint32_t hs_cpu_from_hartid(uint64_t hartid); /* HS_CPU_INVALID if unknown or NONE */

/*
 * Set @cpu's online bit. The first time a CPU other than 0 comes online it
 * prints "KINIT: cpuN online" itself, before the bit becomes visible.
 * Called by the CPU itself. One exception: the ladder's offline rung, when
 * no CPU is really offline, masks a running CPU offline for one request and
 * then sets the bit back from CPU 0 (no work runs during the ladder; the
 * CPU's KINIT line was printed at its own bring-up). INVALID_CPU, nothing
 * changed, if @cpu is out of range.
 */
HS_MUST_CHECK struct hs_outcome hs_cpu_mark_online(uint32_t cpu);

/*
 * Clear @cpu's online bit (hot-unplug, or masked offline for a test);
 * INVALID_CPU, nothing changed, if @cpu is out of range.
 */
HS_MUST_CHECK struct hs_outcome hs_cpu_mark_offline(uint32_t cpu);

/* Acquire read of @cpu's online bit; false for out-of-range ids. */
bool hs_cpu_is_online(uint32_t cpu);

#define HS_CPU_ONLINE_WORDS ((HS_MAX_CPUS + 63) / 64)

/* The online mask, one bit per CPU; cpu.c writes it (mark_online/offline). */
extern _Atomic uint64_t hs_cpu_online_mask[HS_CPU_ONLINE_WORDS];

/*
 * hs_cpu_is_online() inline, for the core's hot paths, where a call would
 * cost the caller its leaf frame; @cpu must be < HS_MAX_CPUS. Acquire:
 * pairs with the release RMWs in hs_cpu_mark_online/offline().
 */
static inline bool hs_cpu_online_inline(uint32_t cpu)
{
	return (hs_load(&hs_cpu_online_mask[cpu / 64], memory_order_acquire) >> (cpu % 64)) & 1u;
}

/* Number of CPUs online now (snapshot). */
uint32_t hs_cpu_online_count(void);

#endif /* HARTSCHED_CPU_H */
