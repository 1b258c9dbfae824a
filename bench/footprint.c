// SPDX-License-Identifier: MIT
/*
 * Per-CPU memory footprint of the core at the configured capacity, from the
 * public types: the run queue of one CPU (sizeof(struct hs_rq): locks,
 * current, four class rings (their ends and slots), counters), its hart block, and its share of the
 * instance-wide task table (HS_MAX_TASKS state words / HS_MAX_CPUS). All of
 * it is static storage: there is nothing on the heap to add.
 */
#include "footprint.h"

#include <hartsched/cpu.h>
#include <hartsched/rq.h>

void bench_footprint(struct bench_footprint *fp)
{
	fp->max_cpus = HS_MAX_CPUS;
	fp->max_tasks = HS_MAX_TASKS;
	fp->capacity = HS_QUEUE_CAPACITY;
	fp->rq_bytes = sizeof(struct hs_rq);
	fp->fifo_bytes = sizeof(((struct hs_rq *)0)->head) + sizeof(((struct hs_rq *)0)->tail) +
			 sizeof(((struct hs_rq *)0)->slot);
	fp->hart_bytes = sizeof(struct hs_hart);
	fp->task_table_bytes = sizeof(((struct hs_sched *)0)->task_state);
	fp->task_share_bytes = fp->task_table_bytes / HS_MAX_CPUS;
	fp->sched_bytes = sizeof(struct hs_sched);
	fp->per_cpu_bytes = fp->rq_bytes + fp->hart_bytes + fp->task_share_bytes;
}

void bench_footprint_print(FILE *f, const struct bench_footprint *fp)
{
	fprintf(f,
		"FOOTPRINT per_cpu_bytes=%zu (hs_rq=%zu of which fifos=%zu, hs_hart=%zu, "
		"task table share=%zu = %zu B / %u CPUs) capacity=%u max_tasks=%u "
		"sizeof(struct hs_sched)=%zu heap=0\n",
		fp->per_cpu_bytes, fp->rq_bytes, fp->fifo_bytes, fp->hart_bytes,
		fp->task_share_bytes, fp->task_table_bytes, fp->max_cpus, fp->capacity,
		fp->max_tasks, fp->sched_bytes);
}

void bench_footprint_json(FILE *f, const struct bench_footprint *fp)
{
	fprintf(f,
		"\"footprint\": {\"per_cpu_bytes\": %zu, \"rq_bytes\": %zu, \"fifo_bytes\": %zu, "
		"\"hart_bytes\": %zu, \"task_table_bytes\": %zu, \"task_share_bytes\": %zu, "
		"\"sched_bytes\": %zu, \"max_cpus\": %u, \"max_tasks\": %u, \"capacity\": %u, "
		"\"heap_bytes\": 0}",
		fp->per_cpu_bytes, fp->rq_bytes, fp->fifo_bytes, fp->hart_bytes,
		fp->task_table_bytes, fp->task_share_bytes, fp->sched_bytes, fp->max_cpus,
		fp->max_tasks, fp->capacity);
}
