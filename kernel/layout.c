// SPDX-License-Identifier: MIT
/*
 * Compile-time proof that layout.h's numbers (used by the assembly) match
 * the C structures they describe.
 */
#include <stddef.h>

#include <hartsched/cpu.h>

#include "layout.h"

_Static_assert(sizeof(struct hs_hart) == (1u << HART_BLOCK_SHIFT), "hart block size");
_Static_assert(offsetof(struct hs_hart, port_scratch) == HART_SCRATCH(0), "scratch offset");
_Static_assert(HS_ARRAY_SIZE(((struct hs_hart *)0)->port_scratch) >= 2, "two scratch slots");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame size");
_Static_assert(offsetof(struct trap_frame, sepc) == TF_SEPC, "sepc slot");
_Static_assert(offsetof(struct trap_frame, sstatus) == TF_SSTATUS, "sstatus slot");
_Static_assert(offsetof(struct trap_frame, scause) == TF_SCAUSE, "scause slot");
_Static_assert(offsetof(struct trap_frame, stval) == TF_STVAL, "stval slot");
_Static_assert(TF_SIZE % 16 == 0, "trap frame keeps sp 16-byte aligned");
_Static_assert(KERNEL_STACK_SIZE % 16 == 0 && KERNEL_EARLY_STACK_SIZE % 16 == 0,
	       "stack sizes keep sp 16-byte aligned");
