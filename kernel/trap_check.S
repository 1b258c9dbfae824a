/* SPDX-License-Identifier: MIT */
/*
 * kernel_trap_roundtrip(uint64_t out[32]): load every register but sp with
 * TRAP_CHECK_PATTERN(n) (tp and gp included, so tp is "poisoned"), take a
 * real S_SOFT trap on this hart, and store what every register holds
 * afterwards into out[n]. trap_check.c compares. The caller has interrupts
 * off; the trap is raised by setting our own sip.SSIP and taken by setting
 * sstatus.SIE, then SIE is cleared again.
 */
#include "layout.h"

#define RT_SAVE 256		/* callee-saved area after the 32 result slots */
#define RT_SIZE 384

	.text
	.balign 4
	.globl kernel_trap_roundtrip
kernel_trap_roundtrip:
	addi	sp, sp, -RT_SIZE
	sd	ra, RT_SAVE + 0(sp)
	sd	gp, RT_SAVE + 8(sp)
	sd	tp, RT_SAVE + 16(sp)
	sd	a0, RT_SAVE + 24(sp)
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd	s\n, (RT_SAVE + 32 + 8 * \n)(sp)
	.endr

	li	t0, 2			/* sip.SSIP: pending, not taken while SIE = 0 */
	csrs	sip, t0
	.irp	n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	li	x\n, TRAP_CHECK_PATTERN(\n)
	.endr
	csrsi	sstatus, 2		/* SIE on: the S_SOFT trap is taken here */
	csrci	sstatus, 2
	.irp	n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, (8 * \n)(sp)
	.endr
	sd	zero, 0(sp)
	sd	zero, 16(sp)		/* sp itself is checked by the caller returning at all */

	ld	ra, RT_SAVE + 0(sp)
	ld	gp, RT_SAVE + 8(sp)
	ld	tp, RT_SAVE + 16(sp)
	ld	a0, RT_SAVE + 24(sp)
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	ld	s\n, (RT_SAVE + 32 + 8 * \n)(sp)
	.endr
	/* Copy the 32 result slots to out (a0). */
	li	t0, 0
	li	t1, 256
1:	add	t2, sp, t0
	ld	t3, 0(t2)
	add	t2, a0, t0
	sd	t3, 0(t2)
	addi	t0, t0, 8
	blt	t0, t1, 1b
	addi	sp, sp, RT_SIZE
	ret
