/* SPDX-License-Identifier: MIT */
/*
 * The arch interface: everything the portable core needs from a platform.
 *
 * Each port (emu/ on Linux threads, kernel/ on RISC-V S-mode) defines every
 * function below exactly once; the core never includes a platform header.
 * "Context" says where the core calls the hook; "Contract" what it must do.
 */
#ifndef HARTSCHED_ARCH_H
#define HARTSCHED_ARCH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Send a supervisor software interrupt to logical @cpu.
 * Context: any CPU, interrupts on or off, never from the trap handler.
 * Contract: on return 0 the target's SSIP is (or will be) set so that it
 * takes the S_SOFT trap once its interrupts are enabled; negative means the
 * platform refused and nothing was delivered. The port maps cpu -> hart with
 * hs_cpu_hartid(). The core has already validated @cpu (in range, online).
 */
int hs_arch_send_ipi(uint32_t cpu);

/*
 * Clear the calling hart's software-interrupt pending bit (sip.SSIP).
 * Context: the S_SOFT trap of the calling hart only, called first by
 * hs_ipi_handle_soft(). The port's trap entry must call
 * hs_ipi_handle_soft() for every software interrupt it takes.
 */
void hs_arch_clear_soft_pending(void);

/* Read / write the hart's thread pointer (the CPU-ID hint). Any context. */
#if defined(HS_ARCH_TP_HOSTED) && HS_ARCH_TP_HOSTED
#include <hartsched/arch_tp_hosted.h> /* the hosted ports' read, inline */
#else
uintptr_t hs_arch_read_tp(void);
#endif
void hs_arch_write_tp(uintptr_t tp);

/* Current stack pointer of the calling hart (the CPU-ID fallback). */
uintptr_t hs_arch_read_sp(void);

/*
 * Disable interrupts on the calling hart (sstatus.SIE = 0) and return the
 * previous state for hs_arch_irq_restore(). Restoring an enabled state takes
 * any software interrupt that became pending meanwhile, as hardware does.
 * Context: any; cheap (no system call in the emulator).
 */
#if defined(HS_ARCH_IRQ_HOSTED) && HS_ARCH_IRQ_HOSTED
#include <hartsched/arch_irq_hosted.h> /* the hosted ports' pair, inline */
#else
unsigned long hs_arch_irq_save(void);
void hs_arch_irq_restore(unsigned long flags);
#endif

/*
 * Idle wait (the WFI analogue). Context: interrupts enabled or disabled.
 * Contract: returns after an interrupt was taken or became pending, or
 * after the port's idle tick (at most a few milliseconds), whichever first;
 * it never loses a wake-up that raced with the call. Interrupts are enabled
 * while waiting, so a pending S_SOFT is taken before it returns.
 */
void hs_arch_wait_for_interrupt(void);

/*
 * Spin-wait hint, called once per iteration of a bounded wait loop.
 * Context: any (interrupts on or off, trap handler included).
 * @spins: how many times THIS wait has already relaxed, counting from 0
 * at the wait's first iteration; every caller keeps its own counter for
 * the one wait it is in (it may wrap at 2^32, harmlessly).
 * Contract: returns; never blocks beyond giving the CPU away once, and
 * never depends on earlier waits. A port pauses (the hardware spin hint).
 * A port whose harts are threads sharing fewer host CPUs may also yield
 * the host CPU, but only once a wait has spun a while (a bounded number of
 * spins of the same wait), so that short waits never pay a system call and
 * a long wait (a descheduled lock holder or ticket predecessor) hands the
 * CPU to the thread it waits for. The kernel port only pauses.
 */
void hs_arch_cpu_relax(uint32_t spins);

/* Write @len bytes of one console line (no newline added). Any CPU. */
void hs_arch_console_write(const char *s, size_t len);

/* Monotonic clock in nanoseconds. Any context. */
uint64_t hs_arch_now_ns(void);

/* Report an unrecoverable core invariant violation and stop. */
_Noreturn void hs_arch_fatal(const char *msg);

#endif /* HARTSCHED_ARCH_H */
