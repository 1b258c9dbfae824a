/* SPDX-License-Identifier: MIT */
/*
 * Outcomes of fallible core operations. A rejection always leaves every
 * queue, task and counter other than the reject counters unchanged.
 */
#ifndef HARTSCHED_OUTCOME_H
#define HARTSCHED_OUTCOME_H

#include <stdint.h>

#include <hartsched/compiler.h>

enum hs_status {
	HS_OK = 0,		/* done: enqueued, moved, purged, sent */
	HS_OK_COALESCED,	/* resched accepted; an IPI was already pending */
	HS_ERR_QUEUE_FULL,	/* the class queue is full: see qos, capacity */
	HS_ERR_INVALID_CPU,	/* cpu id >= HS_MAX_CPUS */
	HS_ERR_CPU_OFFLINE,	/* cpu id in range but not online */
	HS_ERR_INVALID_QOS,	/* raw QoS value above HS_QOS_PERFBURST */
	HS_ERR_INVALID_TASK,	/* task id >= HS_MAX_TASKS */
	HS_ERR_ALREADY_QUEUED,	/* task already sits in a queue */
	HS_ERR_ALREADY_RUNNING, /* task is some CPU's current task */
	HS_ERR_NOT_FOUND,	/* task is neither queued nor running */
	HS_ERR_NO_CURRENT,	/* yield/finish with no current task */
	HS_ERR_CONTENDED,	/* lost a race a bounded number of times */
	HS_ERR_SEND_FAILED,	/* the platform refused the IPI */
	HS_ERR_NOT_BOOT_CPU,	/* boot-hart-only state asked for elsewhere */
	HS_ERR_INVALID_ARG,	/* a configuration value out of its range */
	HS_STATUS_COUNT
};

struct hs_outcome {
	uint32_t status;   /* enum hs_status */
	uint32_t qos;	   /* HS_ERR_QUEUE_FULL: the full class */
	uint32_t capacity; /* HS_ERR_QUEUE_FULL: that class's capacity */
};

static inline struct hs_outcome hs_outcome_of(uint32_t status)
{
	struct hs_outcome o = {.status = status, .qos = 0, .capacity = 0};
	return o;
}

static inline int hs_ok(struct hs_outcome o)
{
	return o.status == HS_OK || o.status == HS_OK_COALESCED;
}

/* Stable short name of a status ("ok", "queue-full", ...). */
const char *hs_status_name(uint32_t status);

#endif /* HARTSCHED_OUTCOME_H */
