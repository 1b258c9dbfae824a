// SPDX-License-Identifier: MIT
/*
 * The arch hooks that are not the interrupt model (that is irq.c): the tp
 * hint, the stack pointer, the spin hint, the console, the clock and the
 * fatal stop.
 */
#include <hartsched/arch.h>
#include <hartsched/compiler.h>

#include <emu/output.h>

#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Spins of ONE wait between two sched_yield() calls: 64 harts may share 2
 * host cores, so a long wait gives its core to the thread it waits for,
 * while a short wait (the common, uncontended case) never enters the kernel.
 */
#define RELAX_SPINS_PER_YIELD 64u

/*
 * tp: a thread-local word. Atomic (relaxed) because the hart's own trap
 * entry (a signal handler on the same thread) reads it.
 */
_Thread_local _Atomic uintptr_t hs_hosted_tp __attribute__((tls_model("initial-exec")));

/* hs_arch_read_tp() is inline (hartsched/arch_tp_hosted.h). */
void hs_arch_write_tp(uintptr_t tp)
{
	atomic_store_explicit(&hs_hosted_tp, tp, memory_order_relaxed);
}

uintptr_t hs_arch_read_sp(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

/*
 * Pause; and on the last spin of every RELAX_SPINS_PER_YIELD of the current
 * wait (@spins counts this wait only), yield the host CPU once.
 */
void hs_arch_cpu_relax(uint32_t spins)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
	if (spins % RELAX_SPINS_PER_YIELD == RELAX_SPINS_PER_YIELD - 1)
		sched_yield();
}

/*
 * The whole line in one write(2) (atomic for a pipe up to PIPE_BUF), to the
 * text stream chosen on the command line (emu/output.h), which remembers a
 * failed write.
 */
void hs_arch_console_write(const char *s, size_t len)
{
	hs_emu_output_write(s, len);
}

uint64_t hs_arch_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void hs_arch_fatal(const char *msg)
{
	static const char prefix[] = "hartsched-emu fatal: ";

	HS_IGNORE(write(STDERR_FILENO, prefix, sizeof(prefix) - 1)); /* dying anyway */
	HS_IGNORE(write(STDERR_FILENO, msg, strlen(msg)));
	HS_IGNORE(write(STDERR_FILENO, "\n", 1));
	abort();
}
