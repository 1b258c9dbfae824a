/* SPDX-License-Identifier: MIT */
/*
 * The ledgered stress driver: shared state between the operation mix
 * (worker.c), the ledger checks (ledger.c) and the command line
 * (stress_main.c). See docs/reliability.md for the identities checked.
 *
 * Threading: each hart runs worker_epoch() on its own CPU with its own
 * struct stress_worker (tallies are plain, per worker). Per-task tallies
 * are shared atomics. Between epochs every hart meets at barriers; hart 0
 * then verifies the ledger and writes the next plan while the others wait,
 * so the plan and the tallies are read race-free (the barrier orders them).
 */
#ifndef HS_STRESS_H
#define HS_STRESS_H

#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/rq.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "runner.h"

enum stress_op {
	OP_ENQ_LOCAL,
	OP_ENQ_REMOTE,
	OP_STORM, /* enqueue aimed at the epoch's saturation target */
	OP_PICK,
	OP_YIELD,
	OP_FINISH,
	OP_PURGE,
	OP_SET_QOS,
	OP_MIGRATE_PURGE, /* offline drain: take a task off the dying CPU */
	OP_MIGRATE_ENQ,	  /* offline drain: put it on a live CPU */
	OP_BAD_INPUT,	  /* rq calls with invalid arguments */
	OP_RESCHED,
	OP_IDLE,
	OP_CEILING,
	OP_STEAL_MAX,
	OP_TP_POISON,
	OP_IRQ_HOLD,
	OP_STRAY_SOFT, /* a raw platform send with no request behind it */
	OP_COUNT
};

/* Per-worker tallies of what the core answered (read by hart 0 at checkpoints). */
struct stress_tally {
	uint64_t ops;
	uint64_t status[OP_COUNT][HS_STATUS_COUNT];
	uint64_t rq_rejects[HS_STATUS_COUNT];	    /* rejections the core must have counted */
	uint64_t enq_ok_to[HS_MAX_CPUS];	    /* successful enqueues, by target CPU */
	uint64_t pick_kind[4];			    /* enum hs_pick_kind, picks on our own CPU */
	uint64_t pick_stolen_tasks;		    /* sum of hs_pick.stolen */
	uint64_t pick_contended;		    /* picks that answered HS_ERR_CONTENDED */
	uint64_t ipi[HS_MAX_CPUS][HS_STATUS_COUNT]; /* request outcomes, by target */
	uint64_t ipi_rejected[HS_STATUS_COUNT];	    /* invalid / offline targets */
	uint64_t need_resched;			    /* resched flags consumed */
	int64_t mass[HS_QOS_COUNT];		    /* class-ledger epochs only */
	uint64_t migrated, migrate_rejected, migrate_raced;
	uint64_t offline_events;
	uint64_t fallback_ok;
	uint64_t irq_holds, send_delays;
	uint64_t stray_soft[HS_MAX_CPUS]; /* stray S_SOFTs the platform accepted */
};

struct stress_worker {
	uint32_t cpu;
	uint64_t rng;
	uint64_t hook_rng;	/* separate stream for the IPI fault hook */
	uint32_t mycur;		/* task our last pick made current, or HS_TASK_NONE */
	bool offline;		/* took itself offline this epoch */
	uint64_t epoch_mass_ok; /* epochs whose class ledger balanced */
	struct stress_tally t;
} HS_CACHE_ALIGNED;

/* What every hart does in the next epoch (written by hart 0 between barriers). */
struct stress_plan {
	uint32_t epoch;
	bool class_ledger;	     /* per-task driver locks; class mass tracked */
	bool faults;		     /* fault injection on in this epoch */
	uint32_t ipi_fail_per1024;   /* platform refuses this share of sends */
	uint32_t ipi_delay_per1024;  /* sends delayed a few microseconds */
	uint32_t irq_hold_per1024;   /* ops that hold interrupts off for a while */
	uint32_t stray_soft_per1024; /* ops that raise a stray S_SOFT */
	uint32_t offline_cpu;	     /* hart that unplugs itself mid-epoch, or HS_CPU_INVALID */
	uint32_t offline_at;	     /* ... at this op index */
	uint32_t prev_offline_cpu;   /* last epoch's, online again once it runs */
	uint32_t storm_cpu;	     /* saturation target, or HS_CPU_INVALID */
	uint32_t storm_qos;
	uint32_t forced_fail_cpu;   /* core-forced send failure target, or HS_CPU_INVALID */
	bool consumer[HS_MAX_CPUS]; /* consumers get no enqueues: they must steal */
	bool stop;
};

struct stress_config {
	uint32_t harts;
	uint64_t ops;	    /* total operations, all harts */
	uint32_t epoch_ops; /* operations per hart per epoch */
	uint32_t epochs;
	uint32_t pool; /* task ids 0 .. pool-1 */
	uint64_t seed;
	bool faults;
	uint32_t steal_max; /* initial hs_rq_set_steal_max */
	uint32_t watchdog_s;
	bool verbose;
	const char *argv0;
	const struct stress_runner *runner;
};

struct stress_task {
	_Atomic uint64_t enq;	/* successful enqueues of this task */
	_Atomic uint64_t fin;	/* finishes that cleared it */
	_Atomic uint64_t purge; /* successful purges of it */
	_Atomic uint32_t lock;	/* driver lock (class-ledger epochs) */
};

struct stress_ctx {
	struct stress_config cfg;
	struct stress_plan plan;
	struct hs_sched sched;
	struct stress_worker worker[HS_MAX_CPUS];
	struct stress_task task[HS_MAX_TASKS];
	int64_t mass_base[HS_QOS_COUNT]; /* class mass at the last checkpoint */
	uint32_t offline_now;		 /* CPU offline at this checkpoint, if any */
	_Atomic uint64_t progress;	 /* bumped at every checkpoint (watchdog) */
	_Atomic uint32_t failures;
	uint64_t probes; /* resched probes sent by the checker */
	uint64_t checkpoints;
};

extern struct stress_ctx S;

/* Record a failure (thread-safe); the run stops at the next checkpoint. */
void stress_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Format (once, after parsing) and print the exact command that replays this run. */
void stress_format_replay(void);
void stress_print_replay(void);

/* worker.c */
void worker_init(struct stress_worker *w, uint32_t cpu);
void worker_epoch(struct stress_worker *w);
void worker_drain(struct stress_worker *w);
int stress_ipi_fault_hook(uint32_t cpu);

/* ledger.c: verify at a quiescent checkpoint; true when everything balanced. */
bool ledger_verify(bool final);
/* ledger.c: record the IPI counters and platform sends before the first operation. */
void ledger_baseline(void);
/* ledger.c: one resched request per online CPU with faults off; must be HS_OK. */
void ledger_probe_ipi(void);
/* ledger.c: the summary printed at the end of a run. */
void ledger_print_summary(double seconds);

#endif /* HS_STRESS_H */
