/* SPDX-License-Identifier: MIT */
/*
 * The interrupt pair of the hosted ports (emu/ and host/, where a hart is
 * a thread and sstatus.SIE a thread-local word), inline. The pair brackets
 * every producer section of the core (enqueue, yield, a thief's parking);
 * as two calls into the port it cost 3.6-4.7 ns per section (the PROBE
 * line of hs-bench), inline about 1 ns, and the local and yield paths
 * about 5 % (docs/benchmarks.md, measured paired). Built in when the core is
 * compiled with HS_ARCH_IRQ_HOSTED (every host build but the simulator's,
 * whose interrupt pair is a scheduling point and stays a call).
 *
 * The port owns the words and the slow path:
 *   hs_hosted_irq.sie     sstatus.SIE of the calling thread's hart (1 on)
 *   hs_hosted_irq.ssip    that hart's sip.SSIP word while the port knows
 *                         it, else NULL (then every enable takes the slow
 *                         path, which identifies the hart itself)
 *   hs_hosted_irq_enable_slow()  called on an enable when SSIP is set or
 *                         unknown: takes the pending trap the way the port
 *                         takes traps (and re-checks everything)
 *
 * Pairing: the acquire load of *ssip pairs with the release (store or
 * exchange) of 1 in the port's hs_arch_send_ipi(). The SIE word is read
 * only by its own thread and that thread's signal handler: signal fences
 * keep the compiler from moving the section's accesses across it, which
 * is all a same-thread handler needs.
 */
#ifndef HARTSCHED_ARCH_IRQ_HOSTED_H
#define HARTSCHED_ARCH_IRQ_HOSTED_H

#include <stdatomic.h>
#include <stdint.h>

#include <hartsched/atomic.h>

struct hs_hosted_irq {
	_Atomic uint32_t sie;	/* sstatus.SIE */
	_Atomic uint32_t *ssip; /* sip.SSIP of this thread's hart, or NULL */
};

/* Defined by the port (its initial SIE is the port's choice). */
extern _Thread_local struct hs_hosted_irq hs_hosted_irq __attribute__((tls_model("initial-exec")));

void hs_hosted_irq_enable_slow(void);

static inline unsigned long hs_arch_irq_save(void)
{
	unsigned long old;

	atomic_signal_fence(memory_order_seq_cst);
	old = atomic_load_explicit(&hs_hosted_irq.sie, memory_order_relaxed);
	atomic_store_explicit(&hs_hosted_irq.sie, 0, memory_order_relaxed);
	atomic_signal_fence(memory_order_seq_cst);
	return old;
}

static inline void hs_arch_irq_restore(unsigned long flags)
{
	_Atomic uint32_t *ssip;

	atomic_signal_fence(memory_order_seq_cst);
	atomic_store_explicit(&hs_hosted_irq.sie, flags ? 1 : 0, memory_order_relaxed);
	atomic_signal_fence(memory_order_seq_cst);
	if (!flags)
		return;
	ssip = hs_hosted_irq.ssip;
	/*
	 * Acquire: pairs with the sender's release of SSIP (see above).
	 * Through the atomics layer, so the Helgrind lane sees the edge.
	 */
	if (!ssip || hs_load(ssip, memory_order_acquire))
		hs_hosted_irq_enable_slow();
}

#endif /* HARTSCHED_ARCH_IRQ_HOSTED_H */
