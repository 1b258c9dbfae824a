/* SPDX-License-Identifier: MIT */
/*
 * The workloads' PRNG, the same splitmix64 streams as the emulator's
 * (emu/include/emu/prng.h), so a kernel workload given the emulator's seed
 * draws the same sequence (e.g. spawn-storm's class of each task).
 */
#ifndef KERNEL_KPRNG_H
#define KERNEL_KPRNG_H

#include <stdint.h>

struct kprng {
	uint64_t state;
};

/* Stream @stream of @seed. */
static inline void kprng_seed(struct kprng *r, uint64_t seed, uint64_t stream)
{
	r->state = seed ^ (stream * 0x9e3779b97f4a7c15ull);
}

/* The next 64-bit value. */
static inline uint64_t kprng_next(struct kprng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A value in [0, n) for small n > 0. */
static inline uint32_t kprng_below(struct kprng *r, uint32_t n)
{
	return (uint32_t)(kprng_next(r) % n);
}

#endif /* KERNEL_KPRNG_H */
