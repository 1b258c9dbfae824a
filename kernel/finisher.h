/* SPDX-License-Identifier: MIT */
/*
 * Ending a run with a status QEMU turns into its exit code.
 */
#ifndef KERNEL_FINISHER_H
#define KERNEL_FINISHER_H

#include <stdint.h>

/* Exit codes the kernel reports (QEMU exits with this value). */
#define KEXIT_PASS	   0
#define KEXIT_TESTS_FAILED 1 /* a rung or a bring-up check failed */
#define KEXIT_FATAL	   2 /* hs_arch_fatal() */
#define KEXIT_BAD_TRAP	   3 /* an unexpected trap */

/*
 * Write the sifive_test finisher: 0x5555 for @code 0 (QEMU exits 0), else
 * 0x3333 | (code << 16) (QEMU exits @code). Never returns.
 */
_Noreturn void finisher_exit(uint32_t code);

#endif /* KERNEL_FINISHER_H */
