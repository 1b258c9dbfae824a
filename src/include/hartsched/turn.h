/* SPDX-License-Identifier: MIT */
/*
 * The scheduling turn, one for every port: decide, run one slice of the
 * chosen task, then yield it or finish it. A finish is fused with the next
 * decision (hs_rq_pick_next): a slice that finished leaves its task current
 * ("finish pending", as a kernel's previous task stays current until its
 * next schedule()), and the next turn's decision frees it and chooses in
 * one call, so a CPU that runs task after task pays one decision per task.
 * A port that stops turning a CPU (hotplug, the end of a run) calls
 * hs_turn_flush() for it first, so no finished task is left current.
 *
 * The port supplies the slice and whatever it records; the core owns the
 * order of calls. Context: the CPU named by @cpu, interrupts enabled, never
 * from a trap handler. No heap: struct hs_turn is the caller's storage.
 */
#ifndef HARTSCHED_TURN_H
#define HARTSCHED_TURN_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/atomic.h>
#include <hartsched/config.h>
#include <hartsched/rq.h>

/* What a slice asks the turn to do with its task afterwards. */
enum hs_turn_action {
	HS_TURN_FINISH = 0, /* ran to completion: free it (and decide again) */
	HS_TURN_YIELD = 1,  /* re-queue at the tail of its class */
};

struct hs_turn_ops {
	/* Run one slice of @task on @cpu; returns enum hs_turn_action. Required. */
	uint32_t (*run)(void *ctx, uint32_t cpu, uint32_t task, const struct hs_pick *p);
	/* @task of class @qos was just taken from a queue to run on @cpu (p.kind LOCAL/STOLEN). */
	void (*picked)(void *ctx, uint32_t cpu, uint32_t task, uint32_t qos,
		       const struct hs_pick *p);
	/* The yield of @task (class @qos) answered @status (QUEUE_FULL: it stays current). */
	void (*yielded)(void *ctx, uint32_t cpu, uint32_t task, uint32_t qos, uint32_t status);
	/* @task finished on @cpu (the core has freed it). */
	void (*finished)(void *ctx, uint32_t cpu, uint32_t task);
};

/* What one turn did, for the port's counters. */
struct hs_turn_result {
	uint32_t decisions;  /* core decisions made (pick and pick_next calls) */
	uint32_t ran;	     /* slices run: 0 or 1 */
	uint32_t idle;	     /* decisions that found nothing */
	uint32_t contended;  /* decisions that came back empty-handed from a race */
	uint32_t yield_full; /* yields refused (queue full): the task stayed current */
	uint32_t broken;     /* core answers that cannot happen (a broken invariant) */
};

/* One scheduler instance's turn state: ops and each CPU's pending finish. */
struct hs_turn {
	struct hs_sched *s;
	const struct hs_turn_ops *ops;
	_Atomic uint32_t pending[HS_MAX_CPUS]; /* task whose slice finished, freed next decision */
};

/* Set up @t for @s with @ops (ops->run required). */
void hs_turn_init(struct hs_turn *t, struct hs_sched *s, const struct hs_turn_ops *ops);

/*
 * One turn on @cpu; @ctx is passed to the ops. Returns true when a slice
 * ran, false when @cpu may idle; @res (zeroed first) says what it did.
 * Context: @cpu itself.
 */
bool hs_turn_run(struct hs_turn *t, uint32_t cpu, void *ctx, struct hs_turn_result *res);

/*
 * Free @cpu's pending finish, if any (ops->finished is called with @ctx).
 * Context: @cpu itself, or any CPU once @cpu provably takes no turn (the
 * port's own grace period orders it). Returns the task freed or
 * HS_TASK_NONE; a pending task that was purged meanwhile is just dropped.
 */
uint32_t hs_turn_flush(struct hs_turn *t, uint32_t cpu, void *ctx);

#endif /* HARTSCHED_TURN_H */
