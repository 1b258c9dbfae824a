/* SPDX-License-Identifier: MIT */
/*
 * The workloads' small deterministic PRNG (splitmix64), one for both ports:
 * the emulator's and the kernel's workloads draw their streams from it, so
 * the same workload, seed and hart count give the same sequence in both
 * (tests/qemu/ledger-matches-emu.sh compares their ledgers). Each hart or
 * purpose takes its own stream of a seed. Not for anything but workloads.
 */
#ifndef HARTSCHED_PRNG_H
#define HARTSCHED_PRNG_H

#include <stdint.h>

struct hs_prng {
	uint64_t state;
};

/* Start stream @stream of @seed. */
static inline void hs_prng_seed(struct hs_prng *r, uint64_t seed, uint64_t stream)
{
	r->state = seed ^ (stream * 0x9e3779b97f4a7c15ull);
}

/* The next 64-bit value. */
static inline uint64_t hs_prng_next(struct hs_prng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A value in [0, n) for small n > 0 (uniform enough for workloads). */
static inline uint32_t hs_prng_below(struct hs_prng *r, uint32_t n)
{
	return (uint32_t)(hs_prng_next(r) % n);
}

#endif /* HARTSCHED_PRNG_H */
