/* SPDX-License-Identifier: MIT */
/*
 * The supervisor trap vector (stvec, direct mode).
 *
 * Protocol: outside this code sscratch always holds the hart's block
 * (&hs_harts[cpu]). On entry tp and sscratch are swapped, t0 and the
 * interrupted tp go to the block's port_scratch[0..1], sscratch gets the
 * block back, and t0 is reloaded: from then on every register still holds
 * its interrupted value except tp (= the block, as the C handler expects)
 * and sp, which moves down by one trap frame on the interrupted stack (the
 * kernel has no user mode, so that stack is always a kernel stack). gp is
 * reloaded for the C handler, so a clobbered gp cannot derail it.
 * Traps do not nest: the hart clears sstatus.SIE on entry and the handler
 * never sets it, so port_scratch is free to use. On exit every register,
 * tp and sp included, is reloaded from the frame before sret.
 */
#include "layout.h"

	.section .text
	.balign 4
	.globl kernel_trap_entry
kernel_trap_entry:
	csrrw	tp, sscratch, tp	/* tp = block, sscratch = interrupted tp */
	sd	t0, HART_SCRATCH(0)(tp)
	csrr	t0, sscratch
	sd	t0, HART_SCRATCH(1)(tp)	/* the interrupted tp */
	csrw	sscratch, tp		/* sscratch holds the block again */
	ld	t0, HART_SCRATCH(0)(tp)	/* t0 is the interrupted t0 again */

	addi	sp, sp, -TF_SIZE
	.irp	n, 1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, TF_REG(\n)(sp)
	.endr
	addi	t0, sp, TF_SIZE
	sd	t0, TF_REG(2)(sp)	/* the interrupted sp */
	ld	t0, HART_SCRATCH(1)(tp)
	sd	t0, TF_REG(4)(sp)	/* the interrupted tp */
	sd	zero, TF_REG(0)(sp)
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)

	/* The C handler may address globals through gp: give it the real one. */
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	mv	a0, sp
	call	kernel_trap_dispatch

	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	.irp	n, 1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, TF_REG(\n)(sp)
	.endr
	ld	tp, TF_REG(4)(sp)
	ld	sp, TF_REG(2)(sp)	/* last: the frame is addressed through sp */
	sret
