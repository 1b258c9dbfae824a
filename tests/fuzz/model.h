/* SPDX-License-Identifier: MIT */
/*
 * A reference model of the core's observable behaviour on one thread: an
 * array per queue, the task table, the counters, and the IPI chain, written
 * from CONTRACT.md and the public headers (not from src/). The fuzz
 * harness applies every call to both and compares outcome and state.
 */
#ifndef HS_FUZZ_MODEL_H
#define HS_FUZZ_MODEL_H

#include <hartsched/config.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/outcome.h>
#include <hartsched/qos.h>
#include <hartsched/rq.h>

#include <stdbool.h>
#include <stdint.h>

/* The CPUs a fuzz input may name in range: present + 2 absent ones. */
#define M_MAX_PRESENT 8
#define M_CPUS	      (M_MAX_PRESENT + 2)
/* Valid task ids used: 0 .. 31 and the last 16 ids. */
#define M_LOW_TASKS  32
#define M_HIGH_TASKS 16
#define M_TASKS	     (M_LOW_TASKS + M_HIGH_TASKS)

struct m_fifo {
	uint32_t n;
	uint32_t slot[HS_QUEUE_CAPACITY];
};

struct m_cpu {
	struct m_fifo q[HS_QOS_COUNT];
	uint32_t current;
	uint32_t ceiling;
	bool online;
	uint64_t enqueued, picked, stolen, steal_ops, yields, finished, purged, moved;
	uint64_t rejected[HS_STATUS_COUNT];
	/* IPI chain */
	struct hs_ipi_counters ipi;
	bool pending, ssip, need_resched, forced_fail;
	bool kept;		/* pending holds a claim a forced failure kept */
	bool coalesced_on_kept; /* a request coalesced onto that claim */
	uint64_t idle_epoch;
};

struct m_task {
	uint32_t place, cpu, qos;
};

struct model {
	uint32_t present;
	uint32_t steal_max;
	bool fail_sends; /* the platform refuses every send */
	struct m_cpu cpu[M_CPUS];
	struct m_task task[M_TASKS];
	uint64_t rejected_nowhere[HS_STATUS_COUNT];
};

/* Model slot of a valid task id used by the harness, or -1. */
int m_task_index(uint32_t task);
uint32_t m_task_id(int index);

void m_init(struct model *m, uint32_t present);
struct hs_outcome m_enqueue_on(struct model *m, uint32_t cpu, uint32_t task, uint32_t qos);
struct hs_pick m_pick(struct model *m, uint32_t cpu);
struct hs_outcome m_yield(struct model *m, uint32_t cpu);
struct hs_outcome m_finish(struct model *m, uint32_t cpu);
struct hs_pick m_pick_next(struct model *m, uint32_t cpu);
struct hs_outcome m_purge(struct model *m, uint32_t task);
struct hs_outcome m_set_task_qos(struct model *m, uint32_t task, uint32_t qos);
struct hs_outcome m_set_steal_max(struct model *m, uint32_t n);
struct hs_outcome m_set_steal_ceiling(struct model *m, uint32_t cpu, uint32_t qos);
struct hs_outcome m_request_resched(struct model *m, uint32_t target);
/* A raw platform send (no request); returns what hs_arch_send_ipi returns. */
int m_raw_send(struct model *m, uint32_t target);
/* @cpu took its S_SOFT trap (the harness saw SSIP go 1 -> 0). */
void m_trap(struct model *m, uint32_t cpu);
/* The boot CPU stops forcing failures to @cpu (the core's force-off side). */
void m_force_off(struct model *m, uint32_t cpu);

#endif /* HS_FUZZ_MODEL_H */
