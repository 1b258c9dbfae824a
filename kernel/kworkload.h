/* SPDX-License-Identifier: MIT */
/*
 * The emulator's workloads run by the kernel on its own tasks: chosen at
 * boot from the device tree's /chosen/bootargs ("workload=NAME [tasks=N]
 * [seed=N]", QEMU's -append; tools/qemu-test.sh WORKLOAD=NAME), run by
 * CPU 0 after the proof ladder, judged by the same ledger as the emulator's
 * and reported on one line:
 *   KWORKLOAD: <name> ledger ok jobs=.. finished=.. ...   or
 *   KWORKLOAD: <name> FAIL ...
 */
#ifndef KERNEL_KWORKLOAD_H
#define KERNEL_KWORKLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/console.h>

/* What a workload is given (the emulator's --tasks and --seed). */
struct kwl_params {
	uint32_t tasks;
	uint64_t seed;
};

struct kwl {
	const char *name;
	uint32_t default_tasks;
	uint32_t max_tasks; /* the most this kernel's tables hold */
	/* Ledger jobs for @p (usually p->tasks). */
	uint32_t (*jobs)(const struct kwl_params *p);
	/* Create and wake the first tasks (CPU 0's scheduler context); false: FAIL. */
	bool (*start)(const struct kwl_params *p);
	/* The workload's own criterion: append " key=value" pairs to @l; false: FAIL. */
	bool (*check)(const struct kwl_params *p, struct hs_line *l);
	/*
	 * Optional: @cpu's work before each of its turns (every hart, in its
	 * scheduler context, once the workload started); true if it did any.
	 */
	bool (*step)(uint32_t cpu);
	/* Optional: @cpu's turn took job @job's task from a queue, as @kind (enum hs_pick_kind). */
	void (*picked)(uint32_t cpu, uint32_t job, uint32_t kind);
};

extern const struct kwl kwl_ping_pong, kwl_wake_remote, kwl_spawn_storm, kwl_mixed_qos;
extern const struct kwl kwl_hog, kwl_overflow, kwl_yield_bench;

/* Parse @bootargs (may be NULL or empty: no workload). Boot hart, early. */
void kworkload_configure(const char *bootargs);

/* True when bootargs named a workload (known or not). */
bool kworkload_requested(void);

/* CPU 0 after the ladder: run the workload, print its line; returns failures (0 or 1). */
uint32_t kworkload_run(void);

/*
 * The secondary scheduler loop (smp.c): when the running workload has a
 * step, run it for @cpu and then one turn (*@handled = true; returns true
 * if either did work). Otherwise *@handled = false and nothing ran: the
 * caller takes its usual burst of turns.
 */
bool kworkload_hart_turn(uint32_t cpu, bool *handled);

/* The turn's picked hook (sched.c): forward to the running workload. */
void kworkload_picked(uint32_t cpu, uint32_t task, uint32_t kind);

/* A workload's job @job is done (ledger). */
void kwl_job_done(uint32_t job);

/* The k-th online CPU other than @self (rotating), or @self when alone. */
uint32_t kwl_other_online(uint32_t self, uint32_t k);

/* The calling hart's CPU (interrupts off around the read keeps it meaningful). */
uint32_t kwl_cpu(void);

#endif /* KERNEL_KWORKLOAD_H */
