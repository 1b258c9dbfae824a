/* SPDX-License-Identifier: MIT */
/*
 * Fixed-size log-linear histogram of nanosecond values: 8 sub-buckets per
 * power of two (relative error <= 12.5%), no allocation, O(1) insert.
 * Written by one thread; merged and read once the writers have stopped.
 */
#ifndef HS_EMU_HIST_H
#define HS_EMU_HIST_H

#include <stdint.h>

#define HS_EMU_HIST_SUB_BITS 3u
#define HS_EMU_HIST_SUB	     (1u << HS_EMU_HIST_SUB_BITS)
#define HS_EMU_HIST_BUCKETS  (64u * HS_EMU_HIST_SUB)

struct hs_emu_hist {
	uint64_t count;			      /* values recorded */
	uint64_t max;			      /* largest value recorded */
	uint32_t bucket[HS_EMU_HIST_BUCKETS]; /* counts per bucket */
};

void hs_emu_hist_reset(struct hs_emu_hist *h);
void hs_emu_hist_add(struct hs_emu_hist *h, uint64_t v);
void hs_emu_hist_merge(struct hs_emu_hist *dst, const struct hs_emu_hist *src);

/* Largest value that falls in bucket @b (the bucket's inclusive upper bound). */
uint64_t hs_emu_hist_bucket_upper(uint32_t b);

/* Upper bound of the bucket holding the @permille-th value (0 if empty). */
uint64_t hs_emu_hist_percentile(const struct hs_emu_hist *h, uint32_t permille);

#endif /* HS_EMU_HIST_H */
