/* SPDX-License-Identifier: MIT */
/*
 * What every explorer scenario shares: the core instance, the boot of the
 * CPU tables for a run, the task ledger and the common invariants. All of
 * it lives on the simulator's one OS thread, so plain data is enough; a
 * scenario updates the ledger right after a core call returns (no yield
 * point lies between the two).
 */
#ifndef HS_XP_WORLD_H
#define HS_XP_WORLD_H

#include <hartsched/outcome.h>
#include <hartsched/rq.h>

#include <stdbool.h>
#include <stdint.h>

#define XP_TASKS 96u

extern struct hs_sched xp_sched;

/* Per task: how often it entered the core and left it (the ledger). */
struct xp_ledger {
	uint32_t entries[XP_TASKS]; /* enqueues that returned HS_OK */
	uint32_t exits[XP_TASKS];   /* finished, purged or drained */
	uint32_t rejected;	    /* enqueues refused with an explicit outcome */
};

extern struct xp_ledger xp_ledger;

/* --console: print what the core writes to its console (the ladder's lines). */
extern bool xp_console_shown;

/* --trace: every run records its events from the set-up on. */
extern bool xp_trace_on;

/*
 * Set-up of a run: the port's hooks reset, the CPU tables for @harts CPUs
 * (every stack registered, hart id = CPU), the IPI state and the run queues
 * initialised. CPUs in @online_mask are marked online (as their own first
 * act would); the others come online when their hart says so.
 */
void xp_boot(uint32_t harts, uint64_t online_mask);

/* The same with only the CPUs in @registered_mask registered (CPU 0 always is). */
void xp_boot_some(uint32_t harts, uint64_t registered_mask, uint64_t online_mask);

/* A hart's first act: point its tp at its block (and nothing else). */
void xp_hart_enter(uint32_t cpu);

/* Enqueue @task on @cpu; HS_OK counts an entry, an explicit refusal a rejection. */
struct hs_outcome xp_enqueue(uint32_t cpu, uint32_t task, uint32_t qos);

/*
 * One "finish the current task, decide the next" on @cpu: counts the exit
 * of what it finished; returns the decision (task HS_TASK_NONE when idle).
 */
struct hs_pick xp_pick_next(uint32_t cpu);

/* Purge @task: HS_OK counts its exit. */
struct hs_outcome xp_purge(uint32_t task);

/*
 * Quiescence: every task is where the ledger says, exactly once (entries ==
 * exits + the times it sits in a ring or a current slot now, which is 0 or
 * 1), and every ring is within its capacity. Fails the run otherwise.
 */
void xp_check_ledger(uint32_t ntasks);

/* Fail the run unless @o is one of the statuses in @ok_mask (1u << status). */
void xp_expect(struct hs_outcome o, uint32_t ok_mask, const char *what);

/* Spin (a relax each time round) until *@flag is non-zero: another hart sets it. */
void xp_wait_flag(const volatile uint32_t *flag);

#define XP_OK(s) (1u << (s))

#endif /* HS_XP_WORLD_H */
