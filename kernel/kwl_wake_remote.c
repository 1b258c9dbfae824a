// SPDX-License-Identifier: MIT
/*
 * wake-remote in the kernel (emu/wl_wake_remote.c with kernel tasks):
 * chains of Interactive tasks, each creating its successor and waking it
 * onto another hart (a remote wake: queue + resched IPI; the target is
 * usually idle in wfi and only the IPI gets it to pick the task before its
 * idle tick). CHAINS_PER_HART chains start per CPU, seeded by CPU 0 in
 * its step before each of its turns (as the emulator's hart 0: a seed the
 * full table refuses is retried on the next step, since at 64 CPUs there
 * are more seeds, 256, than task slots); a
 * running task takes the next job id from a shared counter. Each job is
 * one kernel task. When the task table or every queue is full, the task
 * leaves its successor as an orphan and exits: CPU 0's step spawns the
 * orphans as slots free up, so a successor is never dropped. A task must
 * not wait for a slot while it holds one: with more chains than slots
 * (a kernel_tasks=8 build at SMP=4: 16 chains) every slot was held by a
 * task waiting for another, and the run stalled.
 *
 * Ledger: job = task's job id; every id is run once and finishes once.
 */
#include <stdatomic.h>

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/qos.h>
#include <hartsched/rq.h>

#include "kledger.h"
#include "ktask.h"
#include "kwait.h"
#include "kworkload.h"
#include "sched.h"

#define CHAINS_PER_HART 4u

static struct {
	uint32_t tasks;
	uint32_t seeds, seeded; /* CPU 0 only */
	_Atomic uint32_t next_id;
	_Atomic uint32_t orphan[KLEDGER_JOBS_MAX]; /* 1: job waits for CPU 0 to spawn it */
	_Atomic uint32_t orphans;		   /* jobs flagged in orphan[] */
	_Atomic uint32_t adopted;		   /* orphans CPU 0 spawned */
	_Atomic uint32_t rotor[HS_MAX_CPUS];
} wr;

static void wr_body(uint64_t arg);

/* One ledger job per task. */
static uint32_t wr_jobs(const struct kwl_params *p)
{
	return p->tasks;
}

/*
 * Create the task of job @job and wake it onto a CPU other than ours (any
 * online one when alone); false when the table or every queue refused (a
 * created task nobody could queue is released: nobody else knows its id).
 */
static bool wr_spawn(uint32_t job)
{
	unsigned long flags = hs_arch_irq_save();
	uint32_t cpu = kwl_cpu(), present = hs_cpu_present(), i, k;
	uint32_t id = ktask_create(wr_body, job, HS_QOS_INTERACTIVE, "wake-remote");
	bool ok = false;

	if (id != HS_TASK_NONE) {
		k = atomic_fetch_add_explicit(&wr.rotor[cpu], 1, memory_order_relaxed);
		for (i = 0; i < present && !ok; i++)
			ok = ktask_wake(id, kwl_other_online(cpu, k + i)).status == HS_OK;
		if (!ok)
			ktask_release(id);
	}
	hs_arch_irq_restore(flags);
	return ok;
}

/* One chain link: spawn the next job (or leave it as an orphan), then finish. */
static void wr_body(uint64_t arg)
{
	uint32_t next = atomic_fetch_add_explicit(&wr.next_id, 1, memory_order_relaxed);

	if (next < wr.tasks && !wr_spawn(next)) {
		/* Release: pairs with the acquire in wr_adopt(). */
		atomic_store_explicit(&wr.orphan[next], 1, memory_order_release);
		atomic_fetch_add_explicit(&wr.orphans, 1, memory_order_release);
	}
	kwl_job_done((uint32_t)arg);
}

/* Reset the counters; CPU 0's step seeds the chains. */
static bool wr_start(const struct kwl_params *p)
{
	uint32_t n = hs_cpu_online_count(), c;

	wr.tasks = p->tasks;
	wr.seeds = n * CHAINS_PER_HART < p->tasks ? n * CHAINS_PER_HART : p->tasks;
	wr.seeded = 0;
	atomic_store_explicit(&wr.next_id, wr.seeds, memory_order_relaxed);
	for (c = 0; c < KLEDGER_JOBS_MAX; c++)
		atomic_store_explicit(&wr.orphan[c], 0, memory_order_relaxed);
	atomic_store_explicit(&wr.orphans, 0, memory_order_relaxed);
	atomic_store_explicit(&wr.adopted, 0, memory_order_relaxed);
	for (c = 0; c < HS_MAX_CPUS; c++)
		atomic_store_explicit(&wr.rotor[c], (uint32_t)(p->seed + c), memory_order_relaxed);
	return true; /* wr_step() seeds */
}

/* CPU 0 spawns orphaned successors while slots allow (one scan of the ids, bounded). */
static bool wr_adopt(void)
{
	uint32_t j;
	bool did = false;

	/* Acquire: pairs with the release in wr_body(). */
	if (atomic_load_explicit(&wr.orphans, memory_order_acquire) == 0)
		return false;
	for (j = 0; j < wr.tasks && j < KLEDGER_JOBS_MAX; j++) {
		if (!atomic_load_explicit(&wr.orphan[j], memory_order_acquire))
			continue;
		if (!wr_spawn(j))
			break; /* still no room: next step */
		atomic_store_explicit(&wr.orphan[j], 0, memory_order_relaxed);
		atomic_fetch_sub_explicit(&wr.orphans, 1, memory_order_relaxed);
		atomic_fetch_add_explicit(&wr.adopted, 1, memory_order_relaxed);
		did = true;
	}
	return did;
}

/* CPU 0 seeds the chains: seed s starts on CPU s % n; a refused one is retried next step. */
static bool wr_step(uint32_t cpu)
{
	bool did = false;

	if (cpu != 0)
		return false;
	while (wr.seeded < wr.seeds) {
		uint32_t to = wr.seeded % hs_cpu_present();
		uint32_t id = ktask_create(wr_body, wr.seeded, HS_QOS_INTERACTIVE, "wake-remote");

		if (!hs_cpu_is_online(to))
			to = 0;
		if (id == HS_TASK_NONE)
			break;
		if (ktask_wake(id, to).status != HS_OK) {
			ktask_release(id); /* never queued */
			break;
		}
		wr.seeded++;
		did = true;
	}
	return wr_adopt() || did;
}

/* Every orphaned successor was spawned. */
static bool wr_check(const struct kwl_params *p, struct hs_line *l)
{
	uint32_t left = atomic_load_explicit(&wr.orphans, memory_order_relaxed);

	(void)p;
	hs_line_str(l, " orphans_left=");
	hs_line_u64(l, left);
	hs_line_str(l, " adopted=");
	hs_line_u64(l, atomic_load_explicit(&wr.adopted, memory_order_relaxed));
	hs_line_str(l, " create_rejects=");
	hs_line_u64(l, ktask_rejected());
	return left == 0;
}

const struct kwl kwl_wake_remote = {
	.name = "wake-remote",
	.default_tasks = 512,
	.max_tasks = 4096,
	.jobs = wr_jobs,
	.start = wr_start,
	.check = wr_check,
	.step = wr_step,
};
