// SPDX-License-Identifier: MIT
/*
 * EXPERIMENT: a per-wait yield policy for the host arch's spin relax.
 *
 * hs-bench-exp compiles tests/support/host_arch.c unchanged except that its
 * sched_yield() call lands here (-Dsched_yield=bench_exp_yield). The port
 * asks to yield on every 64th relax of the thread's lifetime, so short
 * lock waits that add up also pay a system call. Here a request only
 * yields when the previous one came less than EXP_LONG_WAIT_NS ago, i.e.
 * when 64 relaxes followed each other within one long wait (a preempted
 * lock holder: then giving the CPU away is right). This is what the port
 * could do if the core told it how long the current wait has lasted.
 */
#include <sched.h>
#include <stdint.h>

#include "bench.h"

#define EXP_LONG_WAIT_NS 5000u

int bench_exp_yield(void);

int bench_exp_yield(void)
{
	static _Thread_local uint64_t last_request;
	uint64_t now = bench_now_ns(), prev = last_request;

	last_request = now;
	if (now - prev < EXP_LONG_WAIT_NS)
		return sched_yield();
	return 0;
}
