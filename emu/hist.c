// SPDX-License-Identifier: MIT
/*
 * Log-linear histogram (emu/hist.h). Values below HS_EMU_HIST_SUB get a
 * bucket each; above, every power of two [2^m, 2^(m+1)) is split into
 * HS_EMU_HIST_SUB equal buckets.
 */
#include <emu/hist.h>

#include <string.h>

_Static_assert(HS_EMU_HIST_BUCKETS >= (64u - HS_EMU_HIST_SUB_BITS + 1u) * HS_EMU_HIST_SUB,
	       "every 64-bit value has a bucket");

static uint32_t bucket_of(uint64_t v)
{
	uint32_t msb, sub;

	if (v < HS_EMU_HIST_SUB)
		return (uint32_t)v;
	msb = 63u - (uint32_t)__builtin_clzll(v);
	sub = (uint32_t)(v >> (msb - HS_EMU_HIST_SUB_BITS)) & (HS_EMU_HIST_SUB - 1u);
	return (msb - HS_EMU_HIST_SUB_BITS + 1u) * HS_EMU_HIST_SUB + sub;
}

uint64_t hs_emu_hist_bucket_upper(uint32_t b)
{
	uint32_t msb, sub;
	uint64_t width;

	if (b < HS_EMU_HIST_SUB)
		return b;
	msb = b / HS_EMU_HIST_SUB + HS_EMU_HIST_SUB_BITS - 1u;
	sub = b % HS_EMU_HIST_SUB;
	width = 1ull << (msb - HS_EMU_HIST_SUB_BITS);
	return ((uint64_t)(HS_EMU_HIST_SUB + sub) << (msb - HS_EMU_HIST_SUB_BITS)) + width - 1u;
}

void hs_emu_hist_reset(struct hs_emu_hist *h)
{
	memset(h, 0, sizeof(*h));
}

void hs_emu_hist_add(struct hs_emu_hist *h, uint64_t v)
{
	h->bucket[bucket_of(v)]++;
	h->count++;
	if (v > h->max)
		h->max = v;
}

void hs_emu_hist_merge(struct hs_emu_hist *dst, const struct hs_emu_hist *src)
{
	uint32_t b;

	for (b = 0; b < HS_EMU_HIST_BUCKETS; b++)
		dst->bucket[b] += src->bucket[b];
	dst->count += src->count;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t hs_emu_hist_percentile(const struct hs_emu_hist *h, uint32_t permille)
{
	uint64_t rank, seen = 0;
	uint32_t b;

	if (h->count == 0)
		return 0;
	/* The smallest value with at least permille/1000 of the values at or below it. */
	rank = (h->count * permille + 999u) / 1000u;
	if (rank == 0)
		rank = 1;
	for (b = 0; b < HS_EMU_HIST_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= rank) {
			uint64_t up = hs_emu_hist_bucket_upper(b);

			return up < h->max ? up : h->max;
		}
	}
	return h->max;
}
