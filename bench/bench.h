/* SPDX-License-Identifier: MIT */
/*
 * Shared vocabulary of the scheduler microbenchmarks: the ops struct every
 * implementation (hartsched and its peers) sits behind, the workload
 * parameters and per-repetition results, and small timing helpers.
 *
 * Every workload is written once against struct bench_ops; every peer
 * implements the same semantics as the core (checked by conformance.c):
 *   - one FIFO per QoS class per CPU, pick order PerfBurst..Idle;
 *   - pick() is one scheduling decision: the highest non-empty local class,
 *     else (only when every local class is empty) a steal of up to
 *     steal_max tasks of class <= Normal from the first victim that has
 *     one, scanning from (cpu + 1) mod ncpu; the first stolen task is
 *     returned, the rest are parked at the tail of the thief's own queues;
 *   - a picked task is "running" until finish() or yield() (re-queue at the
 *     tail of its class on the same CPU).
 */
#ifndef HS_BENCH_H
#define HS_BENCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BENCH_TASK_NONE	 UINT32_MAX
#define BENCH_QOS_COUNT	 4
#define BENCH_QOS_NORMAL 1    /* default steal ceiling, as in the core */
#define BENCH_MAX_HARTS	 16   /* threads acting as CPUs in one run */
#define BENCH_MAX_STEAL	 16   /* largest steal bound (HS_STEAL_MAX_LIMIT) */
#define BENCH_POOL	 4096 /* task ids a workload cycles through */

/* Which stages of a scheduling decision found the task (peer statistics). */
struct bench_pick_stats {
	uint64_t contended; /* decisions that found no task because a steal lost races */
	uint64_t stolen;    /* tasks taken from other CPUs */
};

/*
 * One implementation under test. All functions but init/fini may be called
 * from any hart thread after hart_enter(); the non-concurrent floor is only
 * ever driven by one thread.
 */
struct bench_ops {
	const char *name;     /* short name used in SUMMARY lines and JSON */
	const char *describe; /* one line for the table and docs */
	bool concurrent;      /* safe with several harts at once */
	bool bounded;	      /* enqueue can refuse a full queue (fixed storage) */
	bool experiment;      /* a design experiment, not a peer: no target uses it */
	/* Reset to @ncpu empty CPUs with steal bound @steal_max; false on failure. */
	bool (*init)(uint32_t ncpu, uint32_t steal_max);
	void (*fini)(void);
	/* The calling thread acts as @cpu from now on. */
	void (*hart_enter)(uint32_t cpu);
	/* Queue @task (class @qos) at the tail on @cpu; false if the queue is full. */
	bool (*enqueue_on)(uint32_t cpu, uint32_t task, uint32_t qos);
	/* One scheduling decision on @cpu (see above); BENCH_TASK_NONE if idle. */
	uint32_t (*pick)(uint32_t cpu, struct bench_pick_stats *st);
	/* The task picked last on @cpu ran to completion. */
	void (*finish)(uint32_t cpu);
	/*
	 * Optional: finish the task picked last on @cpu, then one decision,
	 * in one call (the scheduler loop's "put previous, pick next"). NULL:
	 * bench_pick_next() calls finish() then pick(). Only called while a
	 * task picked on @cpu is still running there.
	 */
	uint32_t (*pick_next)(uint32_t cpu, struct bench_pick_stats *st);
	/* Re-queue the task picked last on @cpu (@task, class @qos); false if full. */
	bool (*yield)(uint32_t cpu, uint32_t task, uint32_t qos);
	/* Library version string for the JSON configuration ("" if none). */
	const char *(*version)(void);
};

extern const struct bench_ops bench_ops_floor;
extern const struct bench_ops bench_ops_biglock;
extern const struct bench_ops bench_ops_ck;
extern const struct bench_ops bench_ops_ck_one_place;
extern const struct bench_ops bench_ops_wfcq;
extern const struct bench_ops bench_ops_gasync;
extern const struct bench_ops bench_ops_hartsched;
extern const struct bench_ops bench_ops_hartsched_peek;

/* What one repetition of a workload produced. */
struct bench_rep {
	uint64_t ops;		   /* operations done (the case says what one is) */
	uint64_t elapsed_ns;	   /* from the start barrier to the last hart done */
	uint64_t *lat;		   /* latency samples (ns), owned by the caller */
	size_t nlat;		   /* samples written */
	size_t lat_cap;		   /* room in lat[] */
	uint64_t produced;	   /* tasks put in (ledger) */
	uint64_t completed;	   /* tasks taken out and finished (ledger) */
	uint64_t lost;		   /* tasks produced but never completed */
	uint64_t duplicated;	   /* completions beyond what was produced */
	uint64_t stolen;	   /* tasks moved by steals */
	uint64_t contended;	   /* decisions that came back empty-handed from a race */
	uint64_t enqueue_phase_ns; /* local: time spent enqueueing (0 elsewhere) */
	uint64_t pick_phase_ns;	   /* local: time spent picking and finishing */
	char error[160];	   /* non-empty: the repetition failed (ledger, order, timeout) */
};

/* Parameters of one workload run. */
struct bench_params {
	uint32_t harts;	      /* threads acting as CPUs */
	uint32_t steal_max;   /* tasks per steal decision */
	uint64_t ops;	      /* the amount of work (per case meaning) */
	uint32_t window;      /* tasks in flight at most (producer flow control) */
	uint32_t batch;	      /* local: tasks enqueued before picking them */
	uint32_t tasks;	      /* yield-many: tasks per hart */
	uint32_t lat_every;   /* sample the latency of one task id in this many */
	uint64_t seed;	      /* fixed seed: every implementation sees the same stream */
	uint64_t deadline_ns; /* a repetition running longer than this FAILS */
	bool pin;	      /* pin hart i to the i-th allowed host CPU */
};

typedef void (*bench_workload_fn)(const struct bench_ops *ops, const struct bench_params *p,
				  struct bench_rep *r);

void bench_work_local(const struct bench_ops *ops, const struct bench_params *p,
		      struct bench_rep *r);
void bench_work_local_par(const struct bench_ops *ops, const struct bench_params *p,
			  struct bench_rep *r);
void bench_work_remote(const struct bench_ops *ops, const struct bench_params *p,
		       struct bench_rep *r);
void bench_work_steal(const struct bench_ops *ops, const struct bench_params *p,
		      struct bench_rep *r);
void bench_work_yield(const struct bench_ops *ops, const struct bench_params *p,
		      struct bench_rep *r);
void bench_work_pingpong(const struct bench_ops *ops, const struct bench_params *p,
			 struct bench_rep *r);

/* finish() the running task on @cpu and pick() again, fused when @ops can. */
static inline uint32_t bench_pick_next(const struct bench_ops *ops, uint32_t cpu,
				       struct bench_pick_stats *st)
{
	if (ops->pick_next)
		return ops->pick_next(cpu, st);
	ops->finish(cpu);
	return ops->pick(cpu, st);
}

/* Check that @ops orders, steals and parks like the core; false + message if not. */
bool bench_conformance(const struct bench_ops *ops, char *why, size_t len);

/* Monotonic nanoseconds. */
uint64_t bench_now_ns(void);

/* Busy-wait hint for an idle hart spinning on pick (pause; yield now and then). */
void bench_relax(uint32_t *spins);

/* A small deterministic generator (SplitMix64): same seed, same stream. */
static inline uint64_t bench_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Record a failure in @r once (the first reason wins). */
void bench_fail(struct bench_rep *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* HS_BENCH_H */
