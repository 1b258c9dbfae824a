// SPDX-License-Identifier: MIT
/*
 * hs_arch_fatal: the core found a broken invariant. Say so and end the run
 * with a failing status.
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>

#include "csr.h"
#include "finisher.h"
#include "uart.h"

_Noreturn void hs_arch_fatal(const char *msg)
{
	struct hs_line l;

	(void)csr_sstatus_clear_sie();
	hs_line_init(&l);
	hs_line_str(&l, "panic: cpu");
	hs_line_u64(&l, hs_cpu_current());
	hs_line_str(&l, ": ");
	hs_line_str(&l, msg);
	l.buf[l.len] = '\n'; /* buf has room for it past HS_LINE_MAX */
	/* Lock-free write: the fatal path must not wait for the console lock. */
	uart_write(l.buf, l.len + 1);
	finisher_exit(KEXIT_FATAL);
}
