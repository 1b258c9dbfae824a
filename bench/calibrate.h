/* SPDX-License-Identifier: MIT */
/*
 * Cost of the machine's primitives, measured in the same run (calibrate.c).
 */
#ifndef HS_BENCH_CALIBRATE_H
#define HS_BENCH_CALIBRATE_H

#include <stdbool.h>

struct bench_calibration {
	double rmw_ns;	   /* one uncontended atomic fetch_add on a private line */
	double clock_ns;   /* one clock_gettime(CLOCK_MONOTONIC) */
	double handoff_ns; /* one cache-line hand-off between two harts; < 0 if failed */
};

void bench_calibrate(struct bench_calibration *c, bool pin, bool quick);

#endif /* HS_BENCH_CALIBRATE_H */
