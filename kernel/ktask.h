/* SPDX-License-Identifier: MIT */
/*
 * Kernel tasks: a bounded table, one static stack per slot, each task an
 * entry function and an argument. A task's core id (the id the run queues
 * hold) is its slot. No heap: a full table rejects a create, never grows.
 *
 * Each stack's lowest KTASK_SENTINEL_BYTES hold a known pattern; the
 * scheduler checks it before it switches into a task and after the task
 * switches back (kernel/sched.c), and a damaged one stops the run naming
 * the task (there is no MMU, so no guard page: the sentinel is the guard).
 */
#ifndef KERNEL_KTASK_H
#define KERNEL_KTASK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hartsched/config.h>

/* Sizes from meson_options.txt (kernel_tasks, kernel_task_stack). */
#ifndef KTASK_MAX
#define KTASK_MAX 128
#endif
#ifndef KTASK_STACK_SIZE
#define KTASK_STACK_SIZE 8192
#endif
#define KTASK_SENTINEL_BYTES 256
#define KTASK_SENTINEL_WORD  0x6b7374616b5f5f21ull

_Static_assert(KTASK_MAX >= 2 && KTASK_MAX <= HS_SELFTEST_TASK_BASE,
	       "kernel task ids must stay below the ladder's ids");
_Static_assert(KTASK_STACK_SIZE % 16 == 0 && KTASK_STACK_SIZE >= 2048,
	       "a task stack holds a trap frame and a few calls, 16-byte aligned");

/* What kernel_swtch (switch.S) saves: ra, sp, s0..s11. */
struct kctx {
	uint64_t ra;
	uint64_t sp;
	uint64_t s[12];
};

/* Why a task last left its CPU (written by the task, read by the same hart's scheduler). */
enum ktask_leave {
	KTASK_LEAVE_YIELD = 0, /* ktask_yield(): back to the tail of its class */
	KTASK_LEAVE_PREEMPT,   /* the timeslice ran out or a resched IPI came */
	KTASK_LEAVE_BLOCK,     /* ktask_wait(): off the queues until a wake */
	KTASK_LEAVE_EXIT,      /* the entry function returned */
};

/* Slot life. */
enum ktask_slot {
	KTASK_FREE = 0,
	KTASK_LIVE, /* created, not yet freed by the core after its exit */
};

typedef void (*ktask_fn)(uint64_t arg);

struct ktask {
	struct kctx ctx; /* saved while the task is off-CPU */
	ktask_fn fn;
	uint64_t arg;
	const char *name;
	uint32_t qos;		      /* the class every wake queues it in */
	uint32_t leave;		      /* enum ktask_leave */
	_Atomic uint32_t slot;	      /* enum ktask_slot */
	_Atomic uint32_t wait;	      /* enum kwait_state (kwait.c) */
	_Atomic uint32_t wake_cpu;    /* a wake that came while it was blocking: where to */
	_Atomic uint64_t wake_ticks;  /* rdtime when the last wake queued it */
	_Atomic uint32_t wake_remote; /* that wake came from another hart */
};

/* Clear the table (boot hart, before any hart runs a turn). */
void ktask_init(void);

/*
 * Create a task running @fn(@arg) at class @qos, blocked: it first runs
 * when ktask_wake() queues it. Returns its id, or HS_TASK_NONE when the
 * table is full (counted in ktask_rejected()). Any context.
 */
uint32_t ktask_create(ktask_fn fn, uint64_t arg, uint32_t qos, const char *name);

/* The task with id @id (< KTASK_MAX), or NULL. */
struct ktask *ktask_get(uint32_t id);

/* True when @id's stack sentinel is intact. */
bool ktask_stack_ok(uint32_t id);

/*
 * Free @id's slot for reuse: the core freed it after its exit, or it was
 * created and never queued (a workload whose wake was refused).
 */
void ktask_release(uint32_t id);

/* Live tasks (created and not yet released), and creates the full table refused. */
uint32_t ktask_live(void);
uint32_t ktask_rejected(void);

/* Lowest address of @id's stack (the sentinel), for the overflow test. */
uint8_t *ktask_stack_base(uint32_t id);

#endif /* KERNEL_KTASK_H */
