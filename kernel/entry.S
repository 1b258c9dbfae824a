/* SPDX-License-Identifier: MIT */
/*
 * Kernel entry points, before any C can run (no stack yet).
 *
 * _start: where OpenSBI jumps after cold boot with a0 = hart id, a1 = the
 * device tree. The first hart to get here swaps kernel_boot_claim from 0
 * to 1 and becomes the boot hart. OpenSBI 1.1 sometimes sends a hart we
 * started with hart_start here too, instead of to its start address and
 * with a1 = the device tree instead of our opaque: that late arrival finds
 * the claim taken and goes the secondary way, which identifies the CPU
 * from the hart id alone. The claim lives in .data because the boot hart
 * clears .bss, possibly while a late arrival is already looking.
 *
 * kernel_secondary_entry: the hart_start address, a0 = hart id, a1 = the
 * logical CPU (the opaque).
 *
 * Both secondary routes look their hart id up in kernel_cpu_hartid[1..],
 * mark the CPU entered (bring-up progress), take that CPU's registered
 * stack and block, and call C. A hart that is in no slot is counted in
 * kernel_stray_harts (the boot hart fails the run on it) and stopped.
 */
#include "layout.h"

	.section .data
	.balign 4
	.globl kernel_boot_claim
kernel_boot_claim:
	.word	0

	.section .text.entry, "ax"
	.balign 4
	.globl _start
_start:
	la	t0, kernel_boot_claim
	li	t1, 1
	amoswap.w.aqrl t1, t1, (t0)
	bnez	t1, .Llate_arrival

	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop

	/* Clear .bss (8-byte aligned both ends, see linker.ld). */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	la	sp, kernel_early_stack + KERNEL_EARLY_STACK_SIZE
	la	tp, hs_harts		/* the boot hart is always cpu 0 */
	csrw	sscratch, tp
	la	t0, kernel_trap_entry
	csrw	stvec, t0
	/* a0 = hart id, a1 = device tree, untouched so far. */
	call	kernel_boot_main
3:	wfi				/* kernel_boot_main does not return */
	j	3b

.Llate_arrival:
	li	a2, 1
	j	.Lsecondary_common

	.text
	.balign 4
	.globl kernel_secondary_entry
kernel_secondary_entry:
	li	a2, 0
	/* fall through */

/* a0 = hart id, a1 = opaque (meaningless when a2 = 1), a2 = came via _start. */
.Lsecondary_common:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop

	/* Bounded scan of kernel_cpu_hartid[1 .. HS_MAX_CPUS - 1] for a0. */
	la	t0, kernel_cpu_hartid
	li	t1, 1
	li	t2, HS_MAX_CPUS
1:	bgeu	t1, t2, .Lstray
	slli	t3, t1, 3
	add	t3, t0, t3
	ld	t3, 0(t3)
	beq	t3, a0, 2f
	addi	t1, t1, 1
	j	1b
2:	fence	r, rw			/* acquire: pairs with the release store in smp_register() */

	/* kernel_cpu_entered[cpu] = 1 (release; bring-up progress, see bringup.c). */
	la	t3, kernel_cpu_entered
	slli	t4, t1, 2
	add	t3, t3, t4
	li	t4, 1
	amoswap.w.rl zero, t4, (t3)

	/* sp = top of kernel_stacks[cpu], registered by the boot hart. */
	la	sp, kernel_stacks
	addi	t3, t1, 1
	li	t4, KERNEL_STACK_SIZE
	mul	t3, t3, t4
	add	sp, sp, t3
	/* tp = sscratch = &hs_harts[cpu]. */
	la	tp, hs_harts
	slli	t3, t1, HART_BLOCK_SHIFT
	add	tp, tp, t3
	csrw	sscratch, tp
	la	t3, kernel_trap_entry
	csrw	stvec, t3

	/* kernel_secondary_main(hartid, cpu, opaque, via_start) */
	mv	a3, a2
	mv	a2, a1
	mv	a1, t1
	call	kernel_secondary_main
3:	wfi				/* kernel_secondary_main does not return */
	j	3b

.Lstray:
	la	t0, kernel_stray_harts
	li	t1, 1
	amoadd.w.aqrl zero, t1, (t0)
	li	a7, 0x48534D		/* SBI HSM hart_stop: does not return on success */
	li	a6, 1
	ecall
4:	wfi				/* hart_stop refused: park with interrupts off */
	j	4b

/*
 * kernel_park_outside: where the lost-hart test image starts its last CPU.
 * The hart sleeps here for good without touching any kernel state, as a
 * hart that OpenSBI started but that never reached the kernel would.
 */
	.globl kernel_park_outside
kernel_park_outside:
	csrw	sie, zero
5:	wfi
	j	5b

/* kernel_switch_stack(sp, fn): continue in fn on a new stack; fn never returns. */
	.globl kernel_switch_stack
kernel_switch_stack:
	mv	sp, a0
	li	ra, 0
	jr	a1
