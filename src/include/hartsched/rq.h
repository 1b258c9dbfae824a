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

#include <hartsched/atomic.h>
#include <hartsched/compiler.h>
#include <hartsched/config.h>
#include <hartsched/outcome.h>
#include <hartsched/qos.h>
#include <hartsched/spinlock.h>

#define HS_TASK_NONE UINT32_MAX

/*
 * Monotonic per-CPU counters, read racily by statistics. The owner CPU
 * writes picked, stolen, steal_ops, contended, yields and finished (it is
 * their only writer); enqueued is written by producers under the CPU's
 * producer lock; purged, moved and rejected may be charged from any CPU and
 * are bumped with relaxed RMWs. enqueued has a line of its own: remote
 * wakers write it, while the owner writes the others on every decision.
 */
struct hs_rq_counters {
	_Atomic uint64_t enqueued HS_CACHE_ALIGNED; /* tasks put in this CPU's queues */
	_Atomic uint64_t picked HS_CACHE_ALIGNED;   /* local pops that became current */
	_Atomic uint64_t stolen;		    /* tasks this CPU took from others */
	_Atomic uint64_t steal_ops;		    /* steal operations that took >= 1 */
	_Atomic uint64_t contended;		    /* decisions left idle by lost races */
	_Atomic uint64_t yields;		    /* successful yields */
	_Atomic uint64_t finished;		    /* finish() calls that cleared current */
	_Atomic uint64_t purged;		    /* tasks purged from here */
	_Atomic uint64_t moved;			    /* set_task_qos moves */
	_Atomic uint64_t rejected[HS_STATUS_COUNT]; /* rejections charged here */
};

/*
 * One CPU's run queue: four bounded class rings (Go/Tokio shape), each with
 * a consumer end (head, claimed by compare-and-swap: the owner's pop and
 * thieves' batch takes) and a producer end (tail, written only under the
 * producer lock, or by the owner alone while it announces its push: see
 * enqueue.c). The lines are split by who writes them: the consumer line
 * (heads, current, ceiling, and the slow paths' sequence word that every
 * decision reads before and after its look at the rings) is written by the
 * owner on every decision, by thieves only when they take, and by a slow
 * path twice; the producer line (tails, the producer lock, the owner's
 * announcement) by whoever enqueues; the slow-path lock on a line of its
 * own. See ring.h and docs/architecture.md for the synchronisation table.
 */
struct hs_rq {
	_Atomic uint64_t
		head[HS_QOS_COUNT];	/* per class: position (low 32) | generation (high 32) */
	_Atomic uint32_t current;	/* running task or HS_TASK_NONE (owner writes) */
	_Atomic uint32_t steal_ceiling; /* highest class this CPU may steal */
	_Atomic uint32_t slow_seq;	/* odd while a slow path is in (rq_internal.h) */
	struct hs_spinlock plock HS_CACHE_ALIGNED; /* serialises producers (tail, slots) */
	_Atomic uint32_t tail[HS_QOS_COUNT];	   /* next position to fill, per class */
	uint32_t head_seen[HS_QOS_COUNT];	   /* producers' last look at head (<= head) */
	_Atomic uint32_t owner_push;		   /* 1 while the owner pushes without plock */
	struct hs_spinlock lock HS_CACHE_ALIGNED;  /* slow paths: purge, set-QoS, drain, snapshot */
	_Atomic uint32_t slot[HS_QOS_COUNT][HS_QUEUE_CAPACITY] HS_CACHE_ALIGNED; /* ring slots */
	struct hs_rq_counters cnt HS_CACHE_ALIGNED;
} HS_CACHE_ALIGNED;

_Static_assert(__builtin_offsetof(struct hs_rq, plock) == HS_CACHELINE,
	       "consumer line (heads, current, ceiling) is the first cache line");
_Static_assert(__builtin_offsetof(struct hs_rq, lock) == 2 * HS_CACHELINE,
	       "producer line (producer lock, tails, head_seen) is the second cache line");
_Static_assert(__builtin_offsetof(struct hs_rq, slot) == 3 * HS_CACHELINE,
	       "the slow lock has a line of its own: only slow paths and thieves touch it");

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

/*
 * A decision's result. 12 bytes, so the x86-64 and RISC-V calling
 * conventions return it in two registers: built in memory and copied whole,
 * it cost a store-forwarding stall per decision (docs/benchmarks.md). The
 * small fields are bit-fields of one word, so the compiler builds that word
 * in a register: byte-wide fields were stored one by one and read back as
 * one word, the same stall again.
 */
struct hs_pick {
	uint32_t status : 16; /* HS_OK, HS_ERR_INVALID_CPU, HS_ERR_CONTENDED */
	uint32_t kind : 8;    /* enum hs_pick_kind */
	uint32_t stolen : 8;  /* tasks taken by this decision (first runs, rest parked) */
	uint32_t task;	      /* HS_TASK_NONE when idle */
	uint32_t finished;    /* hs_rq_pick_next(): the task it finished first, else HS_TASK_NONE */
};

_Static_assert(sizeof(struct hs_pick) == 12, "a decision comes back in registers");

/*
 * Read a decision's fields from the two words it came back in. The
 * compiler spills a returned struct of bit-fields to the stack to read a
 * field, then reads bytes of a word it stored a moment before: a
 * store-forwarding stall in every caller of hs_rq_pick_next() (about 3 ns
 * a decision in the bench's adapter, docs/benchmarks.md). Shifts of the
 * words stay in registers.
 */
union hs_pick_words {
	struct hs_pick p;
	struct {
		uint64_t lo; /* status | kind << 16 | stolen << 24 | task << 32 */
		uint32_t hi; /* finished */
	} w;
};

static inline uint32_t hs_pick_status(struct hs_pick p)
{
	union hs_pick_words u = {.p = p};

	return (uint32_t)u.w.lo & 0xffffu;
}

static inline uint32_t hs_pick_kind(struct hs_pick p)
{
	union hs_pick_words u = {.p = p};

	return (uint32_t)(u.w.lo >> 16) & 0xffu;
}

static inline uint32_t hs_pick_stolen(struct hs_pick p)
{
	union hs_pick_words u = {.p = p};

	return (uint32_t)(u.w.lo >> 24) & 0xffu;
}

static inline uint32_t hs_pick_task(struct hs_pick p)
{
	union hs_pick_words u = {.p = p};

	return (uint32_t)(u.w.lo >> 32);
}

static inline uint32_t hs_pick_finished(struct hs_pick p)
{
	union hs_pick_words u = {.p = p};

	return u.w.hi;
}

/*
 * Build a decision's result in one piece (see decide() in rq.c for why):
 * as the two words the calling convention returns it in, so that whatever
 * the compiler stores on the way is read back with the same widths.
 */
static inline struct hs_pick hs_pick_make(uint32_t status, uint32_t kind, uint32_t task,
					  uint32_t stolen, uint32_t finished)
{
	union hs_pick_words u;

	u.w.lo = (uint64_t)((status & 0xffffu) | (kind & 0xffu) << 16 | (stolen & 0xffu) << 24) |
		 (uint64_t)task << 32;
	u.w.hi = finished;
	return u.p;
}

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
 * class is empty, steal up to steal_max tasks, class-major: the highest
 * class at or below the ceiling that any online victim holds is taken
 * first, victims of one class scanned from (cpu + 1) mod hs_cpu_present().
 * The first stolen task becomes current, the rest park at the tail of
 * @cpu's own queue of their class while it has room. A victim whose
 * slow-path lock is held (a purge, move or drain in progress) is skipped
 * and the decision, if it finds nothing else, says HS_ERR_CONTENDED.
 * Only @cpu itself decides on its queues (or one thread standing in for
 * every CPU, as the unit tests do); @cpu's own online bit is not consulted
 * (an offline hart parks instead of deciding; enqueues and thieves refuse
 * it).
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

/*
 * Remove @task from wherever it is (a queue or a current slot). A running
 * task stops being its CPU's current task at once (hs_rq_current() no
 * longer names it); the owner notices at its next finish, yield or
 * decision, which then say HS_ERR_NO_CURRENT / decide afresh.
 */
HS_MUST_CHECK struct hs_outcome hs_rq_purge(struct hs_sched *s, uint32_t task);

/*
 * Change @task's class: a running task changes in place; a queued one moves
 * to the tail of @qos on the same CPU; if that queue is full the task keeps
 * its old class and position (HS_ERR_QUEUE_FULL).
 */
HS_MUST_CHECK struct hs_outcome hs_rq_set_task_qos(struct hs_sched *s, uint32_t task, uint32_t qos);

/* What hs_rq_drain_offline() took off a CPU, for the port to re-home or report. */
struct hs_drained {
	uint32_t n;					     /* entries below */
	uint32_t task[HS_QOS_COUNT * HS_QUEUE_CAPACITY + 1]; /* FREE now, in pick order */
	uint32_t qos[HS_QOS_COUNT * HS_QUEUE_CAPACITY + 1];  /* the class each had */
};

/*
 * The hotplug protocol's core half. After the port cleared @cpu's online
 * bit (hs_cpu_mark_offline) and @cpu stopped deciding (it parks), take
 * every task off @cpu: its current task first, then each class, highest
 * first, oldest first. Each becomes FREE and is listed in @out; the caller
 * hands each over (enqueue elsewhere) or rejects it explicitly. When it
 * returns, @cpu's queues are empty and stay empty until it is online again:
 * enqueues check the online bit under the producer lock this drain also
 * takes, and a thief can only take what is in a ring, so no waker and no
 * thief can put a task on @cpu or take one from it, with or without a
 * grace period in the port. HS_ERR_INVALID_CPU for an out-of-range @cpu,
 * HS_ERR_INVALID_ARG (nothing taken) while @cpu is still online.
 */
HS_MUST_CHECK struct hs_outcome hs_rq_drain_offline(struct hs_sched *s, uint32_t cpu,
						    struct hs_drained *out);

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
