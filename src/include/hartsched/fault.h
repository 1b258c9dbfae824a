/* SPDX-License-Identifier: MIT */
/*
 * Fault switches: each one puts a bug that was found and fixed back into
 * the core, at the site of its fix, so a checker (the simulator's explorer)
 * can prove that it finds it.
 *
 * They exist only in a build that defines HS_FAULTS (meson's hs_core_faults
 * variant). Everywhere else hs_fault() is the constant 0 and every site
 * compiles away: the emulator, the benchmarks, the unit tests and the
 * riscv64 kernel get exactly the code they had before the switches.
 *
 * In a fault build, hs_fault_mask holds one bit per switch (1u << f). It is
 * a plain word: set it before a run starts, never while the core runs.
 */
#ifndef HARTSCHED_FAULT_H
#define HARTSCHED_FAULT_H

#include <stdint.h>

#include <hartsched/compiler.h>

enum hs_fault {
	HS_FAULT_ROLLBACK_CLEARS_LATER, /* "rollback-clears-later" */
	HS_FAULT_ENQUEUE_DRAIN_RACE,	/* "enqueue-drain-race" */
	HS_FAULT_STRANDED_COALESCE,	/* "stranded-coalesce" */
	HS_FAULT_STEAL_DRAINED,		/* "steal-drained" */
	HS_FAULT_QOS_INVERSION,		/* "qos-inversion" */
	HS_FAULT_FORCED_KEPT_UNLOCKED,	/* "forced-kept-unlocked" */
	HS_FAULT_WEAK_UNLOCK,		/* "weak-unlock" */
	HS_FAULT_WEAK_TRYLOCK,		/* "weak-trylock" */
	HS_FAULT_WEAK_HART_PUBLISH,	/* "weak-hart-publish" */
	HS_FAULT_WEAK_RQ_PUBLISH,	/* "weak-rq-publish" */
	HS_FAULT_COUNT
};

#ifdef HS_FAULTS
extern uint32_t hs_fault_mask; /* set before a run, read-only during it */
#define hs_fault(f) hs_unlikely(hs_fault_mask &(1u << (f)))
#else
#define hs_fault(f) 0
#endif

/* The switch's stable name (the quoted names above); NULL out of range. */
const char *hs_fault_name(enum hs_fault f);

/* One line: which bug the switch puts back; NULL out of range. */
const char *hs_fault_what(enum hs_fault f);

#endif /* HARTSCHED_FAULT_H */
