/* SPDX-License-Identifier: MIT */
/*
 * Seeded pseudo-random numbers for the stress driver and the fuzz harness
 * (splitmix64: tiny, fast, and every seed gives a full-period stream).
 */
#ifndef HS_STRESS_RNG_H
#define HS_STRESS_RNG_H

#include <stdint.h>

static inline uint64_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) for n >= 1 (multiply-shift, no modulo bias worth noting). */
static inline uint32_t rng_below(uint64_t *state, uint32_t n)
{
	return (uint32_t)(((rng_next(state) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability per1024 / 1024. */
static inline int rng_chance(uint64_t *state, uint32_t per1024)
{
	return rng_below(state, 1024) < per1024;
}

#endif /* HS_STRESS_RNG_H */
