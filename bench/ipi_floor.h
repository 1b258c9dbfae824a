/* SPDX-License-Identifier: MIT */
/*
 * The raw floor under the emulator's resched IPI: a bare pthread_kill() to
 * another thread whose signal handler does one atomic increment, observed
 * by the sender. Nothing of hartsched is involved.
 *
 * The target either sleeps in ppoll() with the signal unblocked (what an
 * idle emulated hart does in hs_arch_wait_for_interrupt()) or spins in user
 * space (a busy hart). Every wait has a deadline; a missed ack is a FAIL.
 */
#ifndef HS_BENCH_IPI_FLOOR_H
#define HS_BENCH_IPI_FLOOR_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "bench.h"

struct ipi_floor {
	pthread_t target;	    /* the signalled thread */
	bool spin;		    /* target spins instead of sleeping in ppoll */
	_Atomic uint64_t acks;	    /* bumped by the handler (release) */
	_Atomic uint64_t armed_for; /* acks the target had seen entering its wait */
	_Atomic uint32_t stop;	    /* ask the target to leave */
	_Atomic uint32_t running;   /* target thread started its loop */
};

/* Install the floor's handler (a real-time signal the emulator does not use). */
bool ipi_floor_setup(void);

/* Start @f's target thread; false if it could not start within @deadline. */
bool ipi_floor_start(struct ipi_floor *f, bool spin, uint64_t deadline);

/*
 * Wait until the target is back in its wait (or spin) loop, then @gap_ns
 * more so a sleeping target is really asleep. False on deadline.
 */
bool ipi_floor_settle(struct ipi_floor *f, uint64_t gap_ns, uint64_t deadline);

/* One round trip: signal, wait for the ack; its duration in ns, 0 on deadline. */
uint64_t ipi_floor_round(struct ipi_floor *f, uint64_t deadline);

/* Stop and join the target (bounded: it wakes at least every idle tick). */
void ipi_floor_stop(struct ipi_floor *f);

/* Spin for @ns (pacing between round trips). */
void ipi_spin_ns(uint64_t ns);

/* The CPU's spin-wait hint, where it has one (x86 pause). */
static inline void ipi_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/*
 * One poll of a round trip's ack wait: pause, and every 1024th poll read
 * the clock (rarely, so the wait sees the ack promptly). True once
 * @deadline has passed: the round trip failed.
 */
static inline bool ipi_poll_expired(uint32_t *polls, uint64_t deadline)
{
	ipi_pause();
	return (++*polls & 1023) == 0 && bench_now_ns() > deadline;
}

/* A round trip that started at @t0 and was acked now: ns, at least 1 (0 is failure). */
static inline uint64_t ipi_rtt_since(uint64_t t0)
{
	uint64_t t1 = bench_now_ns();

	return t1 > t0 ? t1 - t0 : 1;
}

#endif /* HS_BENCH_IPI_FLOOR_H */
