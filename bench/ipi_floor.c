// SPDX-License-Identifier: MIT
/*
 * Raw signal round trip (see ipi_floor.h).
 *
 * Pairings: the handler's release increment of acks pairs with the
 * sender's acquire load (the ack observed). armed_for (the ack count the
 * target had seen when it last entered its wait) is stored with release by
 * the target and read with acquire by the sender when pacing: equal to the
 * current count means the target is waiting again after the last ack. stop is set with release and
 * read with acquire by the target. One floor runs at a time: the handler finds it through
 * floor_current.
 */
#include "ipi_floor.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#define FLOOR_TICK_NS (500u * 1000u) /* the target wakes at least this often */

static int floor_signo;
static struct ipi_floor *_Atomic floor_current;

static void floor_handler(int sig)
{
	struct ipi_floor *f = atomic_load_explicit(&floor_current, memory_order_acquire);

	(void)sig;
	/* Release: pairs with the acquire load in ipi_floor_round(). */
	if (f)
		atomic_fetch_add_explicit(&f->acks, 1, memory_order_release);
}

bool ipi_floor_setup(void)
{
	struct sigaction sa;

	/* SIGRTMIN + 1 is the emulator's trap line; stay clear of it. */
	floor_signo = SIGRTMIN + 3;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = floor_handler;
	sigemptyset(&sa.sa_mask);
	return sigaction(floor_signo, &sa, NULL) == 0;
}

void ipi_spin_ns(uint64_t ns)
{
	uint64_t end = bench_now_ns() + ns;
	uint32_t spins = 0;

	while (bench_now_ns() < end)
		bench_relax(&spins);
}

static void *floor_target_main(void *p)
{
	struct ipi_floor *f = p;
	struct timespec tick = {0, FLOOR_TICK_NS};
	sigset_t blocked, waitmask;

	sigemptyset(&blocked);
	sigaddset(&blocked, floor_signo);
	/* Outside the wait the signal is blocked (sleep), or open (spin). */
	pthread_sigmask(f->spin ? SIG_UNBLOCK : SIG_BLOCK, &blocked, &waitmask);
	sigdelset(&waitmask, floor_signo);
	atomic_store_explicit(&f->running, 1, memory_order_release);
	/* Acquire: pairs with the release store in ipi_floor_stop(). */
	while (!atomic_load_explicit(&f->stop, memory_order_acquire)) {
		/* Release: pairs with the acquire in ipi_floor_settle(). */
		atomic_store_explicit(&f->armed_for,
				      atomic_load_explicit(&f->acks, memory_order_relaxed),
				      memory_order_release);
		if (f->spin) {
			ipi_pause();
			continue;
		}
		/*
		 * Unblock and sleep in one step, like the emulator's idle wait.
		 * EINTR (the signal) and the tick both just loop.
		 */
		(void)ppoll(NULL, 0, &tick, &waitmask);
	}
	return NULL;
}

bool ipi_floor_start(struct ipi_floor *f, bool spin, uint64_t deadline)
{
	uint32_t spins = 0;

	atomic_store(&f->acks, 0);
	atomic_store(&f->armed_for, UINT64_MAX);
	atomic_store(&f->stop, 0);
	atomic_store(&f->running, 0);
	f->spin = spin;
	/* Release: pairs with the handler's acquire load. */
	atomic_store_explicit(&floor_current, f, memory_order_release);
	if (pthread_create(&f->target, NULL, floor_target_main, f) != 0)
		return false;
	while (!atomic_load_explicit(&f->running, memory_order_acquire)) {
		if (bench_now_ns() > deadline) {
			ipi_floor_stop(f);
			return false;
		}
		bench_relax(&spins);
	}
	return true;
}

bool ipi_floor_settle(struct ipi_floor *f, uint64_t gap_ns, uint64_t deadline)
{
	uint64_t acks = atomic_load_explicit(&f->acks, memory_order_acquire);
	uint32_t spins = 0;

	while (atomic_load_explicit(&f->armed_for, memory_order_acquire) != acks) {
		if (bench_now_ns() > deadline)
			return false;
		bench_relax(&spins);
	}
	ipi_spin_ns(gap_ns);
	return true;
}

uint64_t ipi_floor_round(struct ipi_floor *f, uint64_t deadline)
{
	uint64_t before = atomic_load_explicit(&f->acks, memory_order_acquire);
	uint64_t t0 = bench_now_ns();
	uint32_t polls = 0;

	if (pthread_kill(f->target, floor_signo) != 0)
		return 0;
	/* Acquire: pairs with the handler's release increment. */
	while (atomic_load_explicit(&f->acks, memory_order_acquire) == before)
		if (ipi_poll_expired(&polls, deadline))
			return 0;
	return ipi_rtt_since(t0);
}

void ipi_floor_stop(struct ipi_floor *f)
{
	/* Release: pairs with the target's acquire load; it wakes within a tick. */
	atomic_store_explicit(&f->stop, 1, memory_order_release);
	pthread_join(f->target, NULL);
	atomic_store_explicit(&floor_current, NULL, memory_order_release);
}
