/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own scheduler instance: what a CPU consults when a resched
 * IPI has been acked.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>

/* Boot hart, before other harts start. */
void kernel_sched_init(void);

/* One scheduling decision on @cpu (the calling CPU) after an acked resched. */
void kernel_sched_decide(uint32_t cpu);

/* Decisions made so far on all CPUs. */
uint64_t kernel_sched_decisions(void);

#endif /* KERNEL_SCHED_H */
