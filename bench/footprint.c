// SPDX-License-Identifier: MIT
/*
 * Per-CPU memory footprint of the core at the configured capacity, from the
 * public types: the run queue of one CPU (sizeof(struct hs_rq): locks,
 * current, four class rings (their ends and slots), counters), its hart block, and its share of the
 * instance-wide task table (HS_MAX_TASKS state words / HS_MAX_CPUS). All of
 * it is static storage: there is nothing on the heap to add.
 */
#include "footprint.h"
#include "report.h"

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

void bench_footprint_json(JsonBuilder *b, const struct bench_footprint *fp)
{
	json_builder_set_member_name(b, "footprint");
	json_builder_begin_object(b);
	bench_jb_uint(b, "per_cpu_bytes", fp->per_cpu_bytes);
	bench_jb_uint(b, "rq_bytes", fp->rq_bytes);
	bench_jb_uint(b, "fifo_bytes", fp->fifo_bytes);
	bench_jb_uint(b, "hart_bytes", fp->hart_bytes);
	bench_jb_uint(b, "task_table_bytes", fp->task_table_bytes);
	bench_jb_uint(b, "task_share_bytes", fp->task_share_bytes);
	bench_jb_uint(b, "sched_bytes", fp->sched_bytes);
	bench_jb_uint(b, "max_cpus", fp->max_cpus);
	bench_jb_uint(b, "max_tasks", fp->max_tasks);
	bench_jb_uint(b, "capacity", fp->capacity);
	bench_jb_uint(b, "heap_bytes", 0);
	json_builder_end_object(b);
}
