/* SPDX-License-Identifier: MIT */
/*
 * Trap dispatch and the fatal-stop paths.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include "layout.h"

/* stvec target (trap_entry.S). */
void kernel_trap_entry(void);

/* Called by kernel_trap_entry with the saved frame; interrupts are off. */
void kernel_trap_dispatch(struct trap_frame *tf);

#endif /* KERNEL_TRAP_H */
