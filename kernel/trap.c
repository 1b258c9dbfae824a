// SPDX-License-Identifier: MIT
/*
 * Trap dispatch: the two interrupts the kernel enables (S_SOFT for the
 * resched IPI, the supervisor timer for the idle tick and the timeslice)
 * and a fatal report for anything else. An interrupt that hit a running
 * task may end in a preempting switch on the way out (kernel/sched.c).
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include "csr.h"
#include "finisher.h"
#include "sched.h"
#include "timer.h"
#include "trap.h"
#include "uart.h"

/*
 * Print "unexpected trap" with the cause and where it hit, then end the run
 * as failed. Written straight to the UART: the trap may have hit inside a
 * console write that holds the console lock.
 */
static _Noreturn void trap_report_unexpected(const struct trap_frame *tf)
{
	struct hs_line l;

	hs_line_init(&l);
	hs_line_str(&l, "KTRAP: unexpected trap on cpu");
	hs_line_u64(&l, hs_cpu_current());
	hs_line_str(&l, " scause=");
	hs_line_hex(&l, tf->scause);
	hs_line_str(&l, " sepc=");
	hs_line_hex(&l, tf->sepc);
	hs_line_str(&l, " stval=");
	hs_line_hex(&l, tf->stval);
	hs_line_str(&l, " ra=");
	hs_line_hex(&l, tf->x[1]);
	hs_line_str(&l, " sp=");
	hs_line_hex(&l, tf->x[2]);
	l.buf[l.len] = '\n'; /* buf has room for it past HS_LINE_MAX */
	uart_write(l.buf, l.len + 1);
	finisher_exit(KEXIT_BAD_TRAP);
}

void kernel_trap_dispatch(struct trap_frame *tf)
{
	if (tf->scause & SCAUSE_INTERRUPT) {
		switch (tf->scause & ~SCAUSE_INTERRUPT) {
		case IRQ_S_SOFT:
			/* Clears sip.SSIP first (hs_arch_clear_soft_pending). */
			hs_ipi_handle_soft();
			kernel_sched_trap_exit(tf);
			return;
		case IRQ_S_TIMER:
			timer_handle_interrupt();
			kernel_sched_tick();
			kernel_sched_trap_exit(tf);
			return;
		default:
			break;
		}
	}
	trap_report_unexpected(tf);
}

/* The arch hook: called first thing in hs_ipi_handle_soft(). */
void hs_arch_clear_soft_pending(void)
{
	csr_sip_clear(SIP_SSIP);
}
