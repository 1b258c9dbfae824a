// SPDX-License-Identifier: MIT
/*
 * Threads-as-CPUs arch implementation (see host_arch.h).
 *
 * Pairing: ssip[cpu] is set by the sender with a release store and
 * cleared by the target's trap with hs_arch_clear_soft_pending() (release
 * store); the target polls it with acquire loads in irq_restore/wait.
 *
 * Restore fast path: hs_host_arch_become_cpu() remembers the tp it installed
 * and the CPU it named (host_fast_tp/host_fast_cpu), and points the inline
 * restore's look (hs_hosted_irq.ssip, arch_irq_hosted.h) at ssip[cpu]. While
 * tp still holds exactly that value, a restore only loads ssip[host_fast_cpu];
 * when it is clear there is no trap to take and no call is made. Any
 * other tp (cleared, poisoned, or installed without become_cpu) and any set
 * SSIP take the full path: identify the CPU with hs_cpu_current() and run the
 * trap only for an identified CPU, as before.
 */
#include <hartsched/arch.h>
#include <hartsched/atomic.h>
#include <hartsched/config.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include "host_arch.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Spins of ONE wait between two sched_yield() calls (threads outnumber cores). */
#define HOST_RELAX_SPINS_PER_YIELD 64u

/* tp, read inline by the core (hartsched/arch_tp_hosted.h). */
_Thread_local _Atomic uintptr_t hs_hosted_tp __attribute__((tls_model("initial-exec")));
/* sstatus.SIE (interrupts enabled on every thread) and the fast look's SSIP. */
_Thread_local struct hs_hosted_irq hs_hosted_irq = {.sie = 1, .ssip = NULL};
static _Thread_local int host_in_trap;
static _Thread_local uintptr_t host_fast_tp; /* 0: no fast path */
static _Thread_local uint32_t host_fast_cpu; /* the CPU host_fast_tp names */

static _Atomic uint32_t ssip[HS_MAX_CPUS];
static _Atomic uint64_t sends;
static _Atomic(hs_host_send_hook) send_hook;
static _Atomic(hs_host_console_sink) console_sink;

void hs_host_arch_set_send_hook(hs_host_send_hook hook)
{
	atomic_store(&send_hook, hook);
}

void hs_host_arch_set_console_sink(hs_host_console_sink sink)
{
	atomic_store(&console_sink, sink);
}

void hs_host_arch_become_cpu(uint32_t cpu)
{
	if (hs_cpu_install_tp(cpu).status != HS_OK)
		hs_arch_fatal("host arch: become_cpu with an out-of-range cpu");
	/* The restore fast path, for exactly the tp just installed (see top). */
	host_fast_tp = hs_arch_read_tp();
	host_fast_cpu = cpu;
	hs_hosted_irq.ssip = &ssip[cpu];
}

int hs_host_arch_soft_pending(uint32_t cpu)
{
	return cpu < HS_MAX_CPUS && hs_load(&ssip[cpu], memory_order_acquire);
}

uint64_t hs_host_arch_sends(void)
{
	return atomic_load(&sends);
}

int hs_arch_send_ipi(uint32_t cpu)
{
	hs_host_send_hook hook = atomic_load(&send_hook);

	if (cpu >= HS_MAX_CPUS)
		return -1;
	if (hook && hook(cpu) != 0)
		return -1;
	atomic_fetch_add(&sends, 1);
	/* Release: pairs with the acquire load in take_pending_trap(). */
	hs_store(&ssip[cpu], 1, memory_order_release);
	return 0;
}

void hs_arch_clear_soft_pending(void)
{
	uint32_t cpu = hs_cpu_current();

	if (cpu < HS_MAX_CPUS)
		hs_store(&ssip[cpu], 0, memory_order_release);
}

/*
 * The "trap": run the core's S_SOFT handler if this CPU has SSIP set. The
 * fast path only ever decides that there is nothing to take; a trap runs
 * only after hs_cpu_current() identified the CPU.
 */
static void take_pending_trap(void)
{
	uint32_t cpu;

	if (host_in_trap || hs_arch_read_tp() == 0)
		return;
	/* Acquire: pairs with the release store in hs_arch_send_ipi(). */
	if (hs_arch_read_tp() == host_fast_tp &&
	    !hs_load(&ssip[host_fast_cpu], memory_order_acquire))
		return;
	cpu = hs_cpu_current();
	if (cpu >= HS_MAX_CPUS || !hs_load(&ssip[cpu], memory_order_acquire))
		return;
	host_in_trap = 1;
	atomic_store_explicit(&hs_hosted_irq.sie, 0, memory_order_relaxed);
	hs_ipi_handle_soft();
	atomic_store_explicit(&hs_hosted_irq.sie, 1, memory_order_relaxed);
	host_in_trap = 0;
}

void hs_arch_write_tp(uintptr_t tp)
{
	atomic_store_explicit(&hs_hosted_tp, tp, memory_order_relaxed);
	/* The inline restore's fast look holds only for the tp become_cpu installed. */
	hs_hosted_irq.ssip = tp != 0 && tp == host_fast_tp ? &ssip[host_fast_cpu] : NULL;
}

uintptr_t hs_arch_read_sp(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

/* The inline restore (arch_irq_hosted.h) found SSIP set, or had no fast look. */
void hs_hosted_irq_enable_slow(void)
{
	take_pending_trap();
}

void hs_arch_wait_for_interrupt(void)
{
	struct timespec ts = {0, 20 * 1000};

	take_pending_trap();
	nanosleep(&ts, NULL);
	take_pending_trap();
}

/*
 * Pause; and on the last spin of every HOST_RELAX_SPINS_PER_YIELD of the
 * current wait (@spins counts this wait only), yield the host CPU once.
 */
void hs_arch_cpu_relax(uint32_t spins)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
	if (spins % HOST_RELAX_SPINS_PER_YIELD == HOST_RELAX_SPINS_PER_YIELD - 1)
		sched_yield();
}

void hs_arch_console_write(const char *s, size_t len)
{
	hs_host_console_sink sink = atomic_load(&console_sink);

	if (sink) {
		sink(s, len);
		return;
	}
	fwrite(s, 1, len, stdout);
	fflush(stdout);
}

uint64_t hs_arch_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void hs_arch_fatal(const char *msg)
{
	fprintf(stderr, "hartsched fatal: %s\n", msg);
	abort();
}
