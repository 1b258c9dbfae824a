// SPDX-License-Identifier: MIT
/*
 * Logical CPUs: hart blocks, cpu <-> hart map, online mask, stack table and
 * CPU identification with a validated fast path and a counted fallback.
 *
 * Synchronisation:
 *  - hs_harts[c].magic: release store in hs_cpu_register() after cpu and
 *    hartid are written; acquire load in tp_lookup() and the hartid
 *    lookups, so a reader that sees the magic sees the fields.
 *  - stack_hi[c]: release store after stack_lo[c] and the sentinel; acquire
 *    load in the fallback before stack_lo is read.
 *  - online[]: fetch_or / fetch_and with release when a CPU comes / goes;
 *    acquire loads in hs_cpu_is_online(), so whoever sees a CPU online also
 *    sees what it did before setting its bit (its KINIT line, its state).
 *  - fallback_count, fallback_invalid_count: relaxed counters (evidence
 *    only): a fallback that resolved, and one that ended in INVALID.
 *  - present: written by the boot hart before any other hart runs (release),
 *    read with acquire.
 */
#include <hartsched/atomic.h>
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/fault.h>
#include <hartsched/trace.h>

struct hs_hart hs_harts[HS_MAX_CPUS];

static _Atomic uintptr_t stack_lo[HS_MAX_CPUS];
static _Atomic uintptr_t stack_hi[HS_MAX_CPUS]; /* 0 = no stack registered */
_Atomic uint64_t hs_cpu_online_mask[HS_CPU_ONLINE_WORDS];
static _Atomic uint32_t kinit_printed[HS_MAX_CPUS]; /* 32-bit: no 8-bit AMOs on rv64 */
static _Atomic uint64_t fallback_count;		    /* fallbacks that resolved a CPU */
static _Atomic uint64_t fallback_invalid_count;	    /* fallbacks that ended in INVALID */
static _Atomic uint32_t present_cpus = 1;

struct hs_outcome hs_cpu_init_boot(uint64_t boot_hartid, uint32_t present)
{
	uint32_t c;

	if (present < 1 || present > HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_ARG);
	/*
	 * Relaxed: boot-only, before any other CPU runs; the release store of
	 * present_cpus below, and each later publication (register, stack,
	 * online), is what other CPUs synchronise with.
	 */
	for (c = 0; c < HS_MAX_CPUS; c++) {
		hs_store(&hs_harts[c].magic, 0, memory_order_relaxed);
		hs_harts[c].cpu = c;
		hs_harts[c].hartid = UINT64_MAX;
		hs_store(&stack_hi[c], 0, memory_order_relaxed);
		hs_store(&stack_lo[c], 0, memory_order_relaxed);
		hs_store(&kinit_printed[c], 0, memory_order_relaxed);
	}
	for (c = 0; c < HS_CPU_ONLINE_WORDS; c++)
		hs_store(&hs_cpu_online_mask[c], 0, memory_order_relaxed);
	hs_store(&fallback_count, 0, memory_order_relaxed);
	hs_store(&fallback_invalid_count, 0, memory_order_relaxed);
	/* Release: pairs with the acquire in hs_cpu_present(). */
	hs_store(&present_cpus, present, memory_order_release);
	return hs_cpu_register(0, boot_hartid);
}

struct hs_outcome hs_cpu_register(uint32_t cpu, uint64_t hartid)
{
	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	/* UINT64_MAX is what hs_cpu_hartid() answers for "no hart": never a hart id. */
	if (hartid == HS_HARTID_NONE)
		return hs_outcome_of(HS_ERR_INVALID_ARG);
	hs_harts[cpu].cpu = cpu;
	hs_harts[cpu].hartid = hartid;
	/*
	 * Fault "weak-hart-publish" (fault.h): the magic store is relaxed, so
	 * a hart that sees the magic in tp_lookup() or hs_cpu_hartid() has no
	 * happens-before edge to the plain cpu and hartid stores above, and
	 * may identify itself or map a hart id from stale fields.
	 */
	if (hs_fault(HS_FAULT_WEAK_HART_PUBLISH))
		hs_store(&hs_harts[cpu].magic, HS_HART_MAGIC, memory_order_relaxed);
	else /* Release: pairs with the acquire loads of magic by readers. */
		hs_store(&hs_harts[cpu].magic, HS_HART_MAGIC, memory_order_release);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_cpu_register_stack(uint32_t cpu, uintptr_t lo, uintptr_t hi)
{
	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	if (lo >= hi || (lo & 7u) != 0 || hi - lo < 2 * sizeof(uint64_t))
		return hs_outcome_of(HS_ERR_INVALID_ARG);
	*(volatile uint64_t *)lo = HS_STACK_SENTINEL;
	hs_store(&stack_lo[cpu], lo, memory_order_relaxed);
	/* Release: pairs with the acquire load of stack_hi in stack_lookup(). */
	hs_store(&stack_hi[cpu], hi, memory_order_release);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_cpu_install_tp(uint32_t cpu)
{
	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	hs_arch_write_tp((uintptr_t)&hs_harts[cpu]);
	return hs_outcome_of(HS_OK);
}

/* The fast path: is @tp exactly a published block that names itself? */
static uint32_t tp_lookup(uintptr_t tp)
{
	uintptr_t base = (uintptr_t)&hs_harts[0];
	uintptr_t off;
	uint32_t idx;

	if (tp < base || tp >= base + sizeof(hs_harts))
		return HS_CPU_INVALID;
	off = tp - base;
	if (off % sizeof(struct hs_hart) != 0)
		return HS_CPU_INVALID;
	idx = (uint32_t)(off / sizeof(struct hs_hart));
	/* Acquire: pairs with the release in hs_cpu_register(). */
	if (hs_load(&hs_harts[idx].magic, memory_order_acquire) != HS_HART_MAGIC)
		return HS_CPU_INVALID;
	if (hs_harts[idx].cpu != idx)
		return HS_CPU_INVALID;
	return idx;
}

/* The fallback: which registered stack holds @sp? Bounded by HS_MAX_CPUS. */
static uint32_t stack_lookup(uintptr_t sp)
{
	uint32_t c;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		/* Acquire: pairs with the release in hs_cpu_register_stack(). */
		uintptr_t hi = hs_load(&stack_hi[c], memory_order_acquire);

		if (hi == 0)
			continue;
		if (sp >= hs_load(&stack_lo[c], memory_order_relaxed) && sp < hi)
			return c;
	}
	return HS_CPU_INVALID;
}

/*
 * tp first; when it does not name a CPU, the stack range. Every fallback is
 * counted: one that resolved and one that ended in INVALID apart, so an
 * unidentifiable caller leaves evidence even though it gets no CPU.
 */
uint32_t hs_cpu_current(void)
{
	uint32_t cpu = tp_lookup(hs_arch_read_tp());

	if (hs_likely(cpu != HS_CPU_INVALID))
		return cpu;
	cpu = stack_lookup(hs_arch_read_sp());
	HS_TRACE_ON(cpu, HS_TR_CPUID_FALLBACK, cpu, 0, 0); /* never asks hs_cpu_current() */
	if (cpu != HS_CPU_INVALID)
		hs_fetch_add(&fallback_count, 1, memory_order_relaxed);
	else
		hs_fetch_add(&fallback_invalid_count, 1, memory_order_relaxed);
	return cpu;
}

uint64_t hs_cpu_fallback_count(void)
{
	return hs_load(&fallback_count, memory_order_relaxed);
}

uint64_t hs_cpu_fallback_invalid_count(void)
{
	return hs_load(&fallback_invalid_count, memory_order_relaxed);
}

bool hs_cpu_stacks_intact(uint32_t *first_bad_cpu)
{
	uint32_t c;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		uintptr_t hi = hs_load(&stack_hi[c], memory_order_acquire);
		uintptr_t lo = hs_load(&stack_lo[c], memory_order_relaxed);

		if (hi != 0 && *(volatile uint64_t *)lo != HS_STACK_SENTINEL) {
			if (first_bad_cpu)
				*first_bad_cpu = c;
			return false;
		}
	}
	return true;
}

uint32_t hs_cpu_present(void)
{
	return hs_load(&present_cpus, memory_order_acquire);
}

uint64_t hs_cpu_hartid(uint32_t cpu)
{
	if (cpu >= HS_MAX_CPUS ||
	    hs_load(&hs_harts[cpu].magic, memory_order_acquire) != HS_HART_MAGIC)
		return HS_HARTID_NONE;
	return hs_harts[cpu].hartid;
}

/*
 * The CPU registered for @hartid. HS_HARTID_NONE is what an unregistered
 * CPU answers, so it names no CPU: without the check it would match the
 * first unregistered one.
 */
uint32_t hs_cpu_from_hartid(uint64_t hartid)
{
	uint32_t c;

	if (hartid == HS_HARTID_NONE)
		return HS_CPU_INVALID;
	for (c = 0; c < HS_MAX_CPUS; c++) {
		if (hs_cpu_hartid(c) == hartid)
			return c;
	}
	return HS_CPU_INVALID;
}

struct hs_outcome hs_cpu_mark_online(uint32_t cpu)
{
	uint32_t expect = 0;

	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	/*
	 * Relaxed: the word only makes the KINIT line print once per CPU (the
	 * CAS's atomicity is all that matters); it publishes nothing.
	 */
	if (cpu != 0 &&
	    hs_cas(&kinit_printed[cpu], &expect, 1, memory_order_relaxed, memory_order_relaxed)) {
		struct hs_line l;

		hs_line_init(&l);
		hs_line_str(&l, "KINIT: cpu");
		hs_line_u64(&l, cpu);
		hs_line_str(&l, " online");
		hs_line_emit(&l);
	}
	/* Release: pairs with the acquire in hs_cpu_is_online(). */
	hs_fetch_or(&hs_cpu_online_mask[cpu / 64], 1ull << (cpu % 64), memory_order_release);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_cpu_mark_offline(uint32_t cpu)
{
	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	/* Release: pairs with the acquire in hs_cpu_is_online(). */
	hs_fetch_and(&hs_cpu_online_mask[cpu / 64], ~(1ull << (cpu % 64)), memory_order_release);
	return hs_outcome_of(HS_OK);
}

bool hs_cpu_is_online(uint32_t cpu)
{
	if (cpu >= HS_MAX_CPUS)
		return false;
	return hs_cpu_online_inline(cpu);
}

uint32_t hs_cpu_online_count(void)
{
	uint32_t w, n = 0;

	for (w = 0; w < HS_CPU_ONLINE_WORDS; w++)
		n += (uint32_t)__builtin_popcountll(
			hs_load(&hs_cpu_online_mask[w], memory_order_acquire));
	return n;
}
