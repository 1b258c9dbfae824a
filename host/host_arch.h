/* SPDX-License-Identifier: MIT */
/*
 * A minimal host implementation of the arch interface for programs where
 * plain threads act as CPUs (unit tests, benchmarks, fuzzing, the riscv64
 * qemu-user stress runner). No signals: an IPI sets the target's SSIP word
 * and the target "takes the trap" when it next restores interrupts or waits.
 * The emulator (emu/) is the faithful port; this one is for the core alone.
 */
#ifndef HS_HOST_ARCH_H
#define HS_HOST_ARCH_H

#include <stddef.h>
#include <stdint.h>

/* Send hook: return non-zero to refuse the IPI (default: deliver, 0). */
typedef int (*hs_host_send_hook)(uint32_t cpu);
void hs_host_arch_set_send_hook(hs_host_send_hook hook);

/* Console capture: when set, lines go to @sink instead of stdout. */
typedef void (*hs_host_console_sink)(const char *s, size_t len);
void hs_host_arch_set_console_sink(hs_host_console_sink sink);

/*
 * Make the calling thread act as logical @cpu: installs tp, and arms the
 * irq_restore fast path for that tp (any other tp takes the full path).
 */
void hs_host_arch_become_cpu(uint32_t cpu);

/* Is an S_SOFT pending for @cpu (set by a send, cleared by the trap)? */
int hs_host_arch_soft_pending(uint32_t cpu);

/* Count of hs_arch_send_ipi() calls that reached the platform. */
uint64_t hs_host_arch_sends(void);

#endif /* HS_HOST_ARCH_H */
