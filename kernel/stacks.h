/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU kernel stacks (no MMU, so no guard pages: the core's sentinel at
 * each stack's low end is the overflow check).
 */
#ifndef KERNEL_STACKS_H
#define KERNEL_STACKS_H

#include <stdint.h>

#include "layout.h"

/* Defined here, laid out for entry.S: stack of cpu c ends at kernel_stacks[c + 1]. */
extern uint8_t kernel_stacks[][KERNEL_STACK_SIZE];

/* First byte past @cpu's stack (its initial sp). */
uintptr_t kernel_stack_top(uint32_t cpu);

/*
 * Register the stacks of CPUs 0 .. @present - 1 with the core (which writes
 * their sentinels). Boot hart, after hs_cpu_init_boot() and before any of
 * those CPUs runs on its stack; stops the kernel if the core refuses.
 */
void kernel_stacks_register(uint32_t present);

#endif /* KERNEL_STACKS_H */
