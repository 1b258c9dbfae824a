/* SPDX-License-Identifier: MIT */
/*
 * Aggregating repetitions: median and spread of ns/op, median of the
 * per-repetition latency percentiles, summed ledgers. Also the targets
 * (ratios measured side by side in one run).
 */
#ifndef HS_BENCH_STATS_H
#define HS_BENCH_STATS_H

#include <stdio.h>

#include "bench.h"

#define BENCH_MAX_REPS 64

struct bench_result {
	const char *case_name; /* workload */
	const char *impl;      /* implementation (bench_ops.name, or an IPI path) */
	const char *unit;      /* what one operation is */
	uint32_t harts;
	uint32_t steal_max;
	uint32_t reps;			 /* repetitions recorded (warm-up excluded) */
	double rep_ns[BENCH_MAX_REPS];	 /* ns/op of each repetition */
	double rep_p50[BENCH_MAX_REPS];	 /* latency p50 of each repetition */
	double rep_p99[BENCH_MAX_REPS];	 /* latency p99 of each repetition */
	uint32_t lat_reps;		 /* repetitions with latency samples */
	double rep_enq[BENCH_MAX_REPS];	 /* local: enqueue phase ns per task */
	double rep_pick[BENCH_MAX_REPS]; /* local: pick + finish phase ns per task */
	uint32_t phase_reps;		 /* repetitions with phase times */
	uint64_t ops_per_rep;		 /* operations in the last repetition */
	uint64_t lost, duplicated;	 /* ledger sums over every repetition */
	uint64_t stolen, contended;	 /* sums over every repetition */
	char error[160];		 /* first failure, empty if none */
	/* Filled by bench_result_finish(). */
	double ns_per_op; /* median over repetitions */
	double ns_min, ns_max;
	double spread_pct;	    /* (max - min) / median * 100 */
	double ops_per_s;	    /* 1e9 / median ns_per_op */
	double p50, p99;	    /* medians of the per-repetition percentiles; < 0 if none */
	double enqueue_ns, pick_ns; /* medians of the phase times; < 0 if none */
};

/* Fold one repetition in (sorts r->lat in place for the percentiles). */
void bench_result_add(struct bench_result *res, struct bench_rep *r);

/* Compute the medians, spread and throughput. */
void bench_result_finish(struct bench_result *res);

/* Nearest-rank percentile of sorted @v (n > 0). */
uint64_t bench_percentile(const uint64_t *v, size_t n, double pct);

/* Sort @v ascending. */
void bench_sort_u64(uint64_t *v, size_t n);

/* Median of @n doubles (copies; does not reorder @v). */
double bench_median(const double *v, size_t n);

/* A goal stated as a ratio, checked on numbers from the same run. */
struct bench_target {
	char name[64];	 /* short id */
	char goal[96];	 /* what was asked, in words */
	double measured; /* the ratio measured (< 0: could not be measured) */
	double limit;	 /* the bound the ratio is held to */
	bool at_most;	 /* true: measured <= limit meets it; false: >= */
	bool met;
	char detail[160]; /* the two figures the ratio came from, or why not measured */
};

/*
 * Start @t afresh: @name, @goal, met when the measurement is <= @limit
 * (@at_most) or >= @limit (!@at_most); measured, met and detail still empty.
 */
void bench_target_init(struct bench_target *t, const char *name, const char *goal, double limit,
		       bool at_most);

/* Decide met/missed; a target without a measurement is reported as not measured. */
void bench_target_eval(struct bench_target *t);

#endif /* HS_BENCH_STATS_H */
