/* SPDX-License-Identifier: MIT */
/*
 * Workloads and the engine that runs one on the emulated harts.
 *
 * A workload produces tasks (from hart turns), runs task slices, and ends
 * with a ledger check: every job finished exactly once. The engine runs on
 * hart 0: it starts the workload, takes part in scheduling, re-submits
 * hotplug orphans, drives the optional offline/online cycles, stops at
 * completion or at the time bound, and then checks.
 *
 * Hook contexts: start() on hart 0 before any hart sees the run;
 * hart_step(), run_task() and finished() on the hart named by @cpu inside
 * that hart's RCU read-side section while it is online; check() on hart 0
 * after every hart stopped using the run.
 */
#ifndef HS_EMU_WORKLOAD_H
#define HS_EMU_WORKLOAD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hartsched/rq.h>

#include <emu/config.h>
#include <emu/hotplug.h>
#include <emu/ledger.h>

/* What run_task() asks the runner to do with the task after its slice. */
enum hs_emu_task_action {
	HS_EMU_TASK_FINISH = 0, /* ran to completion: hs_rq_finish */
	HS_EMU_TASK_YIELD,	/* more to do: hs_rq_yield (tail of its class) */
};

struct hs_emu_run;

/* The verdict of one criterion of a run (the ledger is one). */
enum hs_emu_verdict {
	HS_EMU_VERDICT_OK = 0,
	HS_EMU_VERDICT_FAIL,
	HS_EMU_VERDICT_NOT_CHECKED, /* the conditions for it do not hold; note says why */
};

#define HS_EMU_CRITERIA_MAX	8
#define HS_EMU_CRITERION_VALUES 14
#define HS_EMU_VALUE_NONE	INT64_MIN /* "no such id": JSON null, text "none" */

/* One named figure of a criterion (key: snake_case, static storage). */
struct hs_emu_value {
	const char *key;
	int64_t value;
};

/* A workload criterion as printed on its WORKLOAD line and written to the JSON. */
struct hs_emu_criterion {
	const char *name; /* snake_case, static storage */
	uint32_t verdict; /* enum hs_emu_verdict */
	const char *note; /* why not checked / what was relaxed; static or NULL */
	uint32_t nvalues;
	struct hs_emu_value values[HS_EMU_CRITERION_VALUES];
};

/* Why the workload phase ended. */
enum hs_emu_stop {
	HS_EMU_STOP_COMPLETED = 0, /* every job done */
	HS_EMU_STOP_TIMEOUT,	   /* --timeout ran out: a FAIL */
	HS_EMU_STOP_DURATION,	   /* --duration ended: not a FAIL */
	HS_EMU_STOP_SIGNAL,	   /* SIGINT / SIGTERM */
};

struct hs_emu_workload {
	const char *name;
	const char *summary;	/* one line for --help */
	uint32_t default_tasks; /* jobs when --tasks is not given */
	void (*start)(struct hs_emu_run *run);
	bool (*hart_step)(struct hs_emu_run *run, uint32_t cpu);
	uint32_t (*run_task)(struct hs_emu_run *run, uint32_t cpu, uint32_t task,
			     const struct hs_pick *pick);
	void (*finished)(struct hs_emu_run *run, uint32_t cpu, uint32_t task);
	/* Task ids the workload uses are 0 .. task_ids(run)-1. */
	uint32_t (*task_ids)(const struct hs_emu_run *run);
	/* Workload-specific criteria; prints its own ok/FAIL lines. */
	bool (*check)(struct hs_emu_run *run);
};

struct hs_emu_run {
	const struct hs_emu_workload *wl;
	struct hs_emu_config cfg; /* cfg.tasks resolved */
	uint64_t start_ns;
	uint64_t deadline_ns;
	uint64_t end_ns;
	uint32_t stop;	    /* enum hs_emu_stop, set when the phase ended */
	uint32_t ncriteria; /* criteria recorded so far */
	struct hs_emu_criterion criteria[HS_EMU_CRITERIA_MAX];
	struct hs_emu_ledger ledger;
};

/* Registered workloads, by name; NULL if unknown. */
const struct hs_emu_workload *hs_emu_workload_find(const char *name);
uint32_t hs_emu_workload_count(void);
const struct hs_emu_workload *hs_emu_workload_at(uint32_t i);

/* The four workloads (wl_*.c). */
extern const struct hs_emu_workload hs_emu_wl_spawn_storm;
extern const struct hs_emu_workload hs_emu_wl_wake_remote;
extern const struct hs_emu_workload hs_emu_wl_mixed_qos;
extern const struct hs_emu_workload hs_emu_wl_ping_pong;

/* Outcome of a workload run (for the stats and the exit status). */
struct hs_emu_workload_result {
	bool ran;
	bool ok;
	bool timed_out;
	uint32_t stop;	   /* enum hs_emu_stop */
	uint32_t jobs;	   /* jobs of the run (--tasks resolved) */
	uint32_t tasks;	   /* task ids the workload used */
	uint32_t finished; /* jobs finished exactly once */
	uint64_t wall_ns;
	uint64_t hotplug_cycles; /* offline+online cycles completed */
	uint32_t orphans_left;	 /* orphans never re-placed */
	uint32_t stranded;	 /* task ids not FREE at the end */
	uint32_t ncriteria;
	const struct hs_emu_criterion *criteria; /* the run's, valid until the next run */
};

/*
 * Run @cfg->workload on the harts, from hart 0 (the boot hart), all harts
 * online. Prints "WORKLOAD: <name> ..." lines; ok only when the ledger and
 * the workload's criteria hold.
 */
struct hs_emu_workload_result hs_emu_workload_run(const struct hs_emu_config *cfg);

/*
 * Record criterion @c of @run and print it as one line:
 * "WORKLOAD: <name> <criterion> ok|FAIL|not-checked [(note)] key=value ...".
 * Returns true unless its verdict is FAIL.
 */
bool hs_emu_workload_criterion(struct hs_emu_run *run, const struct hs_emu_criterion *c);

/* Append key=@value to @c (ignored past HS_EMU_CRITERION_VALUES). */
void hs_emu_criterion_add(struct hs_emu_criterion *c, const char *key, int64_t value);

/* Did the run stop before every job was done (duration or signal)? */
static inline bool hs_emu_run_partial(const struct hs_emu_run *run)
{
	return run->stop == HS_EMU_STOP_DURATION || run->stop == HS_EMU_STOP_SIGNAL;
}

/* "WORKLOAD: <name> <text>" as one console line (printf-style). */
void hs_emu_workload_say(const struct hs_emu_run *run, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Record that @job finished (the ledger); when it was the last one, wake
 * hart 0 so the engine notices at once. Hart context.
 */
void hs_emu_workload_job_done(struct hs_emu_run *run, uint32_t job);

/* "completed", "timeout", "duration" or "signal". */
const char *hs_emu_stop_name(uint32_t stop);

/* Online harts other than @self, starting after @self: the @k-th (k wraps). */
uint32_t hs_emu_workload_other_online(uint32_t self, uint32_t k);

#endif /* HS_EMU_WORKLOAD_H */
