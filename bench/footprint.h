/* SPDX-License-Identifier: MIT */
/*
 * The core's memory footprint per CPU at the configured capacity.
 */
#ifndef HS_BENCH_FOOTPRINT_H
#define HS_BENCH_FOOTPRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-glib/json-glib.h>

struct bench_footprint {
	uint32_t max_cpus, max_tasks, capacity;
	size_t rq_bytes;	 /* sizeof(struct hs_rq): one CPU's run queue */
	size_t fifo_bytes;	 /* of which the four class FIFOs */
	size_t hart_bytes;	 /* sizeof(struct hs_hart) */
	size_t task_table_bytes; /* task_state[] of one struct hs_sched */
	size_t task_share_bytes; /* task table / HS_MAX_CPUS */
	size_t sched_bytes;	 /* sizeof(struct hs_sched) */
	size_t per_cpu_bytes;	 /* rq + hart + task share */
};

void bench_footprint(struct bench_footprint *fp);
void bench_footprint_print(FILE *f, const struct bench_footprint *fp);
void bench_footprint_json(JsonBuilder *b, const struct bench_footprint *fp);

#endif /* HS_BENCH_FOOTPRINT_H */
