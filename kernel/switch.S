/* SPDX-License-Identifier: MIT */
/*
 * kernel_swtch(old, new): the context switch between a hart's scheduler
 * context and a kernel task, or back.
 *
 * Saves only what the calling convention says a callee must preserve
 * (ra, sp, s0..s11) into *old and loads the same from *new, then returns
 * into new's ra. Everything caller-saved is already on the stack of
 * whoever called, so 14 words are the whole context. tp is deliberately
 * not part of it: tp names the hart (its block), not the task, so a task
 * that left on one hart and is resumed on another keeps the new hart's tp.
 * Called with sstatus.SIE clear on both sides (kernel/sched.c, ktask.c).
 * The layout is struct kctx in ktask.h.
 */
	.text
	.balign 4
	.globl kernel_swtch
kernel_swtch:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	sd	s0, 16(a0)
	sd	s1, 24(a0)
	sd	s2, 32(a0)
	sd	s3, 40(a0)
	sd	s4, 48(a0)
	sd	s5, 56(a0)
	sd	s6, 64(a0)
	sd	s7, 72(a0)
	sd	s8, 80(a0)
	sd	s9, 88(a0)
	sd	s10, 96(a0)
	sd	s11, 104(a0)

	ld	ra, 0(a1)
	ld	sp, 8(a1)
	ld	s0, 16(a1)
	ld	s1, 24(a1)
	ld	s2, 32(a1)
	ld	s3, 40(a1)
	ld	s4, 48(a1)
	ld	s5, 56(a1)
	ld	s6, 64(a1)
	ld	s7, 72(a1)
	ld	s8, 80(a1)
	ld	s9, 88(a1)
	ld	s10, 96(a1)
	ld	s11, 104(a1)
	ret
