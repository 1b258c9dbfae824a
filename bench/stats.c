// SPDX-License-Identifier: MIT
/*
 * Medians, spreads and percentiles over repetitions (see stats.h).
 */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void bench_sort_u64(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
}

uint64_t bench_percentile(const uint64_t *v, size_t n, double pct)
{
	size_t rank = (size_t)((pct / 100.0) * (double)n + 0.999999);

	if (rank == 0)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

double bench_median(const double *v, size_t n)
{
	double tmp[BENCH_MAX_REPS];

	if (n == 0)
		return 0;
	if (n > BENCH_MAX_REPS)
		n = BENCH_MAX_REPS;
	memcpy(tmp, v, n * sizeof(*v));
	qsort(tmp, n, sizeof(*tmp), cmp_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2.0;
}

void bench_result_add(struct bench_result *res, struct bench_rep *r)
{
	res->lost += r->lost;
	res->duplicated += r->duplicated;
	res->stolen += r->stolen;
	res->contended += r->contended;
	if (r->error[0] != '\0') {
		if (res->error[0] == '\0')
			memcpy(res->error, r->error, sizeof(res->error));
		return;
	}
	if (res->reps >= BENCH_MAX_REPS || r->ops == 0)
		return;
	res->ops_per_rep = r->ops;
	res->rep_ns[res->reps++] = (double)r->elapsed_ns / (double)r->ops;
	if (r->enqueue_phase_ns || r->pick_phase_ns) {
		res->rep_enq[res->phase_reps] = (double)r->enqueue_phase_ns / (double)r->ops;
		res->rep_pick[res->phase_reps] = (double)r->pick_phase_ns / (double)r->ops;
		res->phase_reps++;
	}
	if (r->nlat > 0) {
		bench_sort_u64(r->lat, r->nlat);
		res->rep_p50[res->lat_reps] = (double)bench_percentile(r->lat, r->nlat, 50.0);
		res->rep_p99[res->lat_reps] = (double)bench_percentile(r->lat, r->nlat, 99.0);
		res->lat_reps++;
	}
}

void bench_result_finish(struct bench_result *res)
{
	uint32_t i;

	res->p50 = res->p99 = -1;
	res->enqueue_ns = res->pick_ns = -1;
	if (res->phase_reps > 0) {
		res->enqueue_ns = bench_median(res->rep_enq, res->phase_reps);
		res->pick_ns = bench_median(res->rep_pick, res->phase_reps);
	}
	if (res->reps == 0) {
		res->ns_per_op = res->ns_min = res->ns_max = res->spread_pct = res->ops_per_s = 0;
		return;
	}
	res->ns_per_op = bench_median(res->rep_ns, res->reps);
	res->ns_min = res->ns_max = res->rep_ns[0];
	for (i = 1; i < res->reps; i++) {
		if (res->rep_ns[i] < res->ns_min)
			res->ns_min = res->rep_ns[i];
		if (res->rep_ns[i] > res->ns_max)
			res->ns_max = res->rep_ns[i];
	}
	res->spread_pct = (res->ns_max - res->ns_min) / res->ns_per_op * 100.0;
	res->ops_per_s = 1e9 / res->ns_per_op;
	if (res->lat_reps > 0) {
		res->p50 = bench_median(res->rep_p50, res->lat_reps);
		res->p99 = bench_median(res->rep_p99, res->lat_reps);
	}
}

void bench_target_init(struct bench_target *t, const char *name, const char *goal, double limit,
		       bool at_most)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->goal, sizeof(t->goal), "%s", goal);
	t->limit = limit;
	t->at_most = at_most;
}

void bench_target_eval(struct bench_target *t)
{
	if (t->measured < 0) {
		t->met = false;
		return;
	}
	t->met = t->at_most ? t->measured <= t->limit : t->measured >= t->limit;
}
