/* SPDX-License-Identifier: MIT */
/*
 * A small deterministic PRNG (splitmix64) for the workloads: each hart gets
 * its own stream from --seed, so a run is reproducible per hart.
 */
#ifndef HS_EMU_PRNG_H
#define HS_EMU_PRNG_H

#include <stdint.h>

struct hs_emu_prng {
	uint64_t state;
};

static inline void hs_emu_prng_seed(struct hs_emu_prng *r, uint64_t seed, uint64_t stream)
{
	r->state = seed ^ (stream * 0x9e3779b97f4a7c15ull);
}

static inline uint64_t hs_emu_prng_next(struct hs_emu_prng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform-enough value in [0, n) for small n (n > 0). */
static inline uint32_t hs_emu_prng_below(struct hs_emu_prng *r, uint32_t n)
{
	return (uint32_t)(hs_emu_prng_next(r) % n);
}

#endif /* HS_EMU_PRNG_H */
