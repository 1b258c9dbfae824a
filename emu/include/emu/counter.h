/* SPDX-License-Identifier: MIT */
/*
 * The emulator's statistics counters (hart loop, runner, trap entry): each
 * bumped by one hart's thread or its signal handler with a relaxed RMW
 * (lock-free, so safe in the handler) and read with relaxed loads. They
 * order nothing and pair with nothing: a counter is a figure, read by the
 * stats once the harts are quiet (the join orders it) or as a live estimate.
 * The stats read the core's run-queue counters the same way.
 */
#ifndef HS_EMU_COUNTER_H
#define HS_EMU_COUNTER_H

#include <stdatomic.h>
#include <stdint.h>

/* Add one to @c. */
static inline void hs_emu_count(_Atomic uint64_t *c)
{
	atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

/* Add @n to @c (nothing when @n is 0). */
static inline void hs_emu_count_n(_Atomic uint64_t *c, uint64_t n)
{
	if (n)
		atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

/* The value of @c (a figure, not a synchronisation point). */
static inline uint64_t hs_emu_counter_read(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

#endif /* HS_EMU_COUNTER_H */
