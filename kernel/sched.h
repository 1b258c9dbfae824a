/* SPDX-License-Identifier: MIT */
/*
 * The kernel's scheduler: the core's turn (hartsched/turn.h) on every hart,
 * switching into kernel tasks (ktask.h) and back when they yield, block,
 * exit or are preempted by the timeslice or a resched IPI.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/outcome.h>

#include "layout.h"

/* The timeslice: how long a task runs before the timer asks it to yield. */
#define KSCHED_SLICE_US 2000u

/* Turns one call of kernel_sched_turns() may take before the hart idles. */
#define KSCHED_TURN_BURST 64u

/* Boot hart, before other harts start. */
void kernel_sched_init(void);

/*
 * Take turns on @cpu (the calling CPU, in its scheduler context) until a
 * decision finds nothing or @max turns (at most KSCHED_TURN_BURST) ran.
 * Returns the slices run.
 */
uint32_t kernel_sched_turns(uint32_t cpu, uint32_t max);

/* The task running on the calling hart, or HS_TASK_NONE in its scheduler context. */
uint32_t kernel_sched_current(void);

/*
 * Queue task @task in class @qos on @cpu and, if @cpu is another hart,
 * send it the resched IPI. Interrupts off (kwait.c).
 */
struct hs_outcome kernel_sched_wake(uint32_t cpu, uint32_t task, uint32_t qos);

/*
 * The running task leaves its CPU for @leave (enum ktask_leave): switch to
 * this hart's scheduler context. Returns when the task is picked again,
 * on whatever hart. Interrupts off.
 */
void kernel_task_leave(uint32_t leave);

/* Voluntary yield from a task (interrupts on or off). */
void ktask_yield(void);

/* Timer interrupt on the calling hart: a running task's slice is over. */
void kernel_sched_tick(void);

/*
 * Last step of an interrupt trap: if a task was interrupted with
 * interrupts enabled and its slice ran out or a resched was acked, switch
 * away (the preemption). @tf is the trap frame on the task's stack.
 */
void kernel_sched_trap_exit(struct trap_frame *tf);

/* Print one KSCHED line per present CPU (after a workload). */
void kernel_sched_print_stats(void);

/* Tasks queued on @cpu in class @qos (a snapshot). */
uint32_t kernel_sched_queued(uint32_t cpu, uint32_t qos);

/* Preempting switches on @cpu (timeslice or resched IPI). */
uint64_t kernel_sched_preemptions(uint32_t cpu);

/* Steal decisions @cpu made (a pick that took a task from another CPU). */
uint64_t kernel_sched_steals(uint32_t cpu);

/* Resched IPIs that wakes sent successfully, all CPUs. */
uint64_t kernel_sched_wake_ipis(void);

/* Core answers that cannot happen (broken invariants), all CPUs. */
uint64_t kernel_sched_broken(void);

/* Slices run and decisions made so far on all CPUs. */
uint64_t kernel_sched_decisions(void);

#endif /* KERNEL_SCHED_H */
