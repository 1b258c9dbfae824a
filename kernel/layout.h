/* SPDX-License-Identifier: MIT */
/*
 * Sizes and offsets the assembly needs, checked against the C layout in
 * layout.c. Safe to include from .S files.
 */
#ifndef KERNEL_LAYOUT_H
#define KERNEL_LAYOUT_H

/* One stack per logical CPU, in .bss, registered before the CPU runs on it. */
#define KERNEL_STACK_SIZE 16384

/* The boot hart's stack until the core's tables exist (boot.c switches off it). */
#define KERNEL_EARLY_STACK_SIZE 8192

/* struct hs_hart is one 64-byte block: hs_harts[cpu] = hs_harts + (cpu << 6). */
#define HART_BLOCK_SHIFT 6

/* offsetof(struct hs_hart, port_scratch[n]): the trap entry's save slots. */
#define HART_SCRATCH(n) (16 + 8 * (n))

/*
 * The trap frame: x1..x31 at 8 * n (slot 0 unused, slot 2 = the interrupted
 * sp, slot 4 = the interrupted tp), then sepc, sstatus, scause, stval.
 * 36 slots = 288 bytes keeps sp 16-byte aligned.
 */
#define TF_REG(n)  (8 * (n))
#define TF_SEPC	   (8 * 32)
#define TF_SSTATUS (8 * 33)
#define TF_SCAUSE  (8 * 34)
#define TF_STVAL   (8 * 35)
#define TF_SIZE	   (8 * 36)

/* What trap_check.S loads into register xn before it takes a trap. */
#define TRAP_CHECK_PATTERN(n) (0x5a5a000000000000 + (n)*0x10101)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trap_frame {
	uint64_t x[32];	  /* x[n] = register xn at the trap (x[0] unused) */
	uint64_t sepc;	  /* where the trap hit */
	uint64_t sstatus; /* restored before sret (SPP, SPIE) */
	uint64_t scause;
	uint64_t stval;
};
#endif

#endif /* KERNEL_LAYOUT_H */
