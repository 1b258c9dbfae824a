/* SPDX-License-Identifier: MIT */
/*
 * Running one workload repetition on N hart threads: thread start, optional
 * pinning, a start barrier, per-hart end times, and the repetition
 * deadline every wait loop checks (running out is a FAIL, never a result).
 */
#ifndef HS_BENCH_HARNESS_H
#define HS_BENCH_HARNESS_H

#include "bench.h"

struct bench_run {
	uint32_t harts;			   /* threads to start */
	bool pin;			   /* pin hart i to the i-th allowed host CPU */
	uint64_t deadline;		   /* absolute bench_now_ns() limit */
	_Atomic uint32_t arrived;	   /* start barrier: harts that reached it */
	_Atomic uint32_t stop;		   /* 1: every hart leaves now (failure, timeout) */
	uint64_t t_start[BENCH_MAX_HARTS]; /* each hart's time leaving the barrier */
	uint64_t t_end[BENCH_MAX_HARTS];   /* each hart's time finishing its part */
	void (*body)(struct bench_run *run, uint32_t hart); /* the workload's hart loop */
	void *arg;					    /* the workload's shared state */
	struct bench_rep *rep;				    /* where failures are recorded */
};

/*
 * Start run->harts threads running run->body(run, hart) and join them.
 * Returns false (and records why in run->rep) if a thread could not start.
 */
bool bench_run_harts(struct bench_run *run);

/* Wait until every hart arrived (bounded by the deadline), then stamp t_start. */
void bench_start_barrier(struct bench_run *run, uint32_t hart);

/* Stamp @hart's end time. */
void bench_hart_done(struct bench_run *run, uint32_t hart);

/* Elapsed wall time of the run: last end minus first start. */
uint64_t bench_run_elapsed(const struct bench_run *run);

/*
 * True when the run must end: stop was raised, or the deadline passed (then
 * stop is raised and the timeout recorded as the failure). Cheap enough to
 * call every few hundred loop iterations.
 */
bool bench_should_stop(struct bench_run *run);

/* Number of host CPUs this process may run on (its affinity mask). */
uint32_t bench_host_cpus(void);

#endif /* HS_BENCH_HARNESS_H */
