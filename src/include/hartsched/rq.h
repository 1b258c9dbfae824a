/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU run queues: one bounded FIFO per QoS class per CPU, a current
 * slot per CPU, bounded work stealing. No heap: the caller provides the
 * struct hs_sched (static storage), hs_sched_init() sets it up.
 *
 * A task id is in at most one place: one queue slot or one CPU's current
 * slot. See rq.c for the synchronisation table.
 */
#ifndef HARTSCHED_RQ_H
#define HARTSCHED_RQ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hartsched/compiler.h>
#include <hartsched/config.h>
#include <hartsched/outcome.h>
#include <hartsched/qos.h>
#include <hartsched/spinlock.h>

#define HS_TASK_NONE UINT32_MAX

/*
 * Ends of one bounded class FIFO of task ids (its slots are hs_rq.slot[q]).
 * They wrap at 2^32; slot index = value & (capacity - 1), length = tail - head.
 * Written only by the holder of the CPU's lock; read without the lock (relaxed) by
 * thieves peeking for work and by hs_rq_len().
 */
struct hs_fifo {
	_Atomic uint32_t head; /* next to pop */
	_Atomic uint32_t tail; /* next empty slot */
};

/*
 * Monotonic per-CPU counters; written under the CPU's lock, read racily.
 * enqueued has a line of its own: remote wakers write it, while the CPU
 * itself writes the others on every decision, and sharing one line would
 * move it between the two on every wake-up.
 */
struct hs_rq_counters {
	_Atomic uint64_t enqueued HS_CACHE_ALIGNED; /* tasks put in this CPU's queues */
	_Atomic uint64_t picked HS_CACHE_ALIGNED;   /* local pops that became current */
	_Atomic uint64_t stolen;		    /* tasks this CPU took from others */
	_Atomic uint64_t steal_ops;		    /* steal operations that took >= 1 */
	_Atomic uint64_t contended;		    /* steals abandoned after HS_STEAL_TRIES */
	_Atomic uint64_t yields;		    /* successful yields */
	_Atomic uint64_t finished;		    /* finish() calls that cleared current */
	_Atomic uint64_t purged;		    /* tasks purged from here */
	_Atomic uint64_t moved;			    /* set_task_qos moves */
	_Atomic uint64_t rejected[HS_STATUS_COUNT]; /* rejections charged here */
};

/*
 * One CPU's run queue. Layout: everything an enqueue, a decision or a steal
 * reads or writes besides the task's own slot shares the first cache line
 * (the lock, current, the ceiling and the FIFO ends that thieves peek at), so
 * a task handed from one CPU to another moves that line once per side and
 * not one line per field; the counters, written by the lock holder and read
 * only by statistics, are on lines of their own.
 */
struct hs_rq {
	struct hs_spinlock lock;	   /* guards everything below (unlocked reads noted) */
	uint32_t current;		   /* running task or HS_TASK_NONE */
	uint32_t steal_ceiling;		   /* highest class this CPU may steal */
	struct hs_fifo fifo[HS_QOS_COUNT]; /* class FIFO ends; thieves peek at them */
	uint32_t slot[HS_QOS_COUNT][HS_QUEUE_CAPACITY] HS_CACHE_ALIGNED; /* FIFO slots */
	struct hs_rq_counters cnt HS_CACHE_ALIGNED;
} HS_CACHE_ALIGNED;

_Static_assert(__builtin_offsetof(struct hs_rq, slot) == HS_CACHELINE,
	       "lock, current, ceiling and FIFO ends share one cache line");

struct hs_sched {
	struct hs_rq rq[HS_MAX_CPUS];
	_Atomic uint32_t task_state[HS_MAX_TASKS];	    /* where each task is; see rq.c */
	_Atomic uint32_t steal_max;			    /* tasks per steal decision */
	_Atomic uint64_t rejected_nowhere[HS_STATUS_COUNT]; /* rejects with no valid CPU */
};

/* Where a task is, decoded from its state word. */
enum hs_task_place {
	HS_TASK_FREE = 0,    /* not queued, not running */
	HS_TASK_QUEUED = 1,  /* in cpu's fifo[qos] */
	HS_TASK_RUNNING = 2, /* cpu's current */
};

struct hs_task_where {
	uint32_t place; /* enum hs_task_place */
	uint32_t cpu;
	uint32_t qos;
};

/* How hs_rq_pick() found the task it returns. */
enum hs_pick_kind {
	HS_PICK_IDLE = 0, /* nothing to run (status says whether a steal was contended) */
	HS_PICK_CURRENT,  /* the current task keeps running */
	HS_PICK_LOCAL,	  /* popped from the CPU's own queues */
	HS_PICK_STOLEN,	  /* taken from another CPU's queues */
};

struct hs_pick {
	uint32_t status;   /* HS_OK, HS_ERR_INVALID_CPU, HS_ERR_CONTENDED */
	uint32_t kind;	   /* enum hs_pick_kind */
	uint32_t task;	   /* HS_TASK_NONE when idle */
	uint32_t stolen;   /* tasks taken by this decision (first runs, rest parked) */
	uint32_t finished; /* hs_rq_pick_next(): the task it finished first, else HS_TASK_NONE */
};

/* Set up @s: all queues empty, steal_max = HS_STEAL_MAX_PER_TICK, ceilings Normal. */
void hs_sched_init(struct hs_sched *s);

/* Put @task at the tail of class @qos on @cpu (a remote wake when @cpu is not ours). */
HS_MUST_CHECK struct hs_outcome hs_rq_enqueue_on(struct hs_sched *s, uint32_t cpu, uint32_t task,
						 uint32_t qos);

/* The same on the calling CPU (hs_cpu_current(); INVALID_CPU if unknown). */
HS_MUST_CHECK struct hs_outcome hs_rq_enqueue(struct hs_sched *s, uint32_t task, uint32_t qos);

/*
 * One scheduling decision on @cpu: keep the current task if there is one;
 * else pop the highest non-empty local class; else, only when every local
 * class is empty, steal up to steal_max tasks from the first eligible
 * online victim scanning from (cpu + 1) mod hs_cpu_present(). Only @cpu
 * itself decides on its queues; @cpu's own online bit is not consulted (an
 * offline hart parks instead of deciding; enqueues and thieves refuse it).
 */
HS_MUST_CHECK struct hs_pick hs_rq_pick(struct hs_sched *s, uint32_t cpu);

/*
 * Finish @cpu's current task, if it has one, and make the next scheduling
 * decision, under one acquisition of @cpu's run-queue lock: the same as
 * hs_rq_finish() followed by hs_rq_pick(), without the window between them
 * and at the cost of one lock round trip instead of two (the scheduler
 * loop's "put previous, pick next"). .finished names the task it finished
 * (counted as a finish), or HS_TASK_NONE when @cpu had no current task
 * (then it is exactly hs_rq_pick()). Never answers HS_PICK_CURRENT. On an
 * invalid @cpu nothing is finished: status HS_ERR_INVALID_CPU.
 */
HS_MUST_CHECK struct hs_pick hs_rq_pick_next(struct hs_sched *s, uint32_t cpu);

/*
 * Move @cpu's current task to the tail of its class; the caller then calls
 * hs_rq_pick() for the next decision. When
 * that queue is full the task stays current (fail closed): HS_ERR_QUEUE_FULL.
 */
HS_MUST_CHECK struct hs_outcome hs_rq_yield(struct hs_sched *s, uint32_t cpu);

/* Clear @cpu's current task (it ran to completion). */
HS_MUST_CHECK struct hs_outcome hs_rq_finish(struct hs_sched *s, uint32_t cpu);

/* Remove @task from wherever it is (a queue or a current slot). */
HS_MUST_CHECK struct hs_outcome hs_rq_purge(struct hs_sched *s, uint32_t task);

/*
 * Change @task's class: a running task changes in place; a queued one moves
 * to the tail of @qos on the same CPU; if that queue is full the task keeps
 * its old class and position (HS_ERR_QUEUE_FULL).
 */
HS_MUST_CHECK struct hs_outcome hs_rq_set_task_qos(struct hs_sched *s, uint32_t task, uint32_t qos);

/* Steal bound per decision: 1 .. HS_STEAL_MAX_LIMIT, else HS_ERR_INVALID_ARG. */
HS_MUST_CHECK struct hs_outcome hs_rq_set_steal_max(struct hs_sched *s, uint32_t n);

/* Highest class @cpu may steal (default HS_QOS_NORMAL). */
HS_MUST_CHECK struct hs_outcome hs_rq_set_steal_ceiling(struct hs_sched *s, uint32_t cpu,
							uint32_t qos);

/* Snapshots (racy while other CPUs run; exact when quiescent). */
struct hs_task_where hs_rq_where(const struct hs_sched *s, uint32_t task);
uint32_t hs_rq_len(const struct hs_sched *s, uint32_t cpu, uint32_t qos);
uint32_t hs_rq_current(struct hs_sched *s, uint32_t cpu);

/* Copy @cpu's queue @qos in FIFO order into @out (up to @max); returns count. */
uint32_t hs_rq_snapshot(struct hs_sched *s, uint32_t cpu, uint32_t qos, uint32_t *out,
			uint32_t max);

#endif /* HARTSCHED_RQ_H */
