// SPDX-License-Identifier: MIT
/*
 * The kernel's scheduler: one core instance (struct hs_sched) and the
 * core's turn (src/turn.c) on every hart. A turn decides; its run op
 * switches from the hart's scheduler context (the CPU's own stack: the
 * idle loop in smp.c, or CPU 0's workload loop) into the picked task with
 * kernel_swtch(), and returns when the task switches back: it yielded
 * (HS_TURN_YIELD), was preempted (the same), blocked or exited
 * (HS_TURN_FINISH; the next decision frees it and kwait_freed() either
 * releases its slot or re-queues it if a wake came meanwhile).
 *
 * Preemption: entering a task arms the supervisor timer one slice ahead.
 * The timer trap marks the slice over (kernel_sched_tick); an acked
 * resched IPI counts the same. The switch happens on the way out of the
 * trap (kernel_sched_trap_exit), only when the trap interrupted a task
 * that ran with interrupts enabled: core calls from tasks run with
 * interrupts off (kwait.c), so no task is preempted inside one.
 *
 * Synchronisation: struct khart is touched only by its own hart (trap
 * handlers included: they run on that hart with interrupts off), except
 * the relaxed statistics, read by CPU 0 at the end of a run. A task's
 * context is published to the next hart that runs it through the core's
 * queue locks (yield, enqueue release -> pick acquire) and kwait.c's state
 * word; every switch runs with sstatus.SIE clear on both sides.
 */
#include <stdatomic.h>
#include <stddef.h>

#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/rq.h>
#include <hartsched/turn.h>

#include "csr.h"
#include "klat.h"
#include "ktask.h"
#include "kwait.h"
#include "kworkload.h"
#include "sbi.h"
#include "sched.h"
#include "timer.h"

/* switch.S */
void kernel_swtch(struct kctx *old, const struct kctx *new);

struct khart {
	struct kctx sched_ctx;	/* the scheduler context while a task runs */
	uint32_t current;	/* the task on this hart, HS_TASK_NONE in the scheduler */
	uint32_t slice_over;	/* the timer (or an acked resched) asked for a switch */
	uint64_t slice_end;	/* rdtime when the running slice ends */
	uint64_t asked_at;	/* rdtime of the timer trap that ended the slice */
	_Atomic uint64_t turns; /* statistics (relaxed) */
	_Atomic uint64_t switches;
	_Atomic uint64_t preempt;
	_Atomic uint64_t steals;
	_Atomic uint64_t wake_ipis; /* resched IPIs this hart's wakes sent */
	_Atomic uint64_t broken;
} HS_CACHE_ALIGNED;

static struct hs_sched kernel_sched;
static struct hs_turn turn;
static const struct hs_turn_ops turn_ops;
static struct khart khart[HS_MAX_CPUS];

void kernel_sched_init(void)
{
	uint32_t c;

	hs_sched_init(&kernel_sched);
	hs_turn_init(&turn, &kernel_sched, &turn_ops);
	ktask_init();
	for (c = 0; c < HS_MAX_CPUS; c++)
		khart[c].current = HS_TASK_NONE;
}

/* Bump a statistics counter (relaxed: read only at the end of a run). */
static void count(_Atomic uint64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

/* Stop the run naming @id if its stack sentinel is damaged (before and after every switch). */
static void check_stack(uint32_t id)
{
	struct hs_line l;
	struct ktask *t = ktask_get(id);

	if (ktask_stack_ok(id))
		return;
	hs_line_init(&l);
	hs_line_str(&l, "KTASK: FAIL stack overflow: task ");
	hs_line_u64(&l, id);
	hs_line_str(&l, " (");
	hs_line_str(&l, t && t->name ? t->name : "?");
	hs_line_str(&l, ") overwrote its stack sentinel");
	hs_line_emit(&l);
	hs_arch_fatal("task stack overflow");
}

/* The turn's slice: switch into @task and back. */
static uint32_t turn_run(void *ctx, uint32_t cpu, uint32_t task, const struct hs_pick *p)
{
	struct khart *h = &khart[cpu];
	struct ktask *t = ktask_get(task);
	unsigned long flags;
	uint64_t now;

	(void)ctx;
	(void)p;
	if (!t) {
		count(&h->broken, 1);
		return HS_TURN_FINISH; /* not ours: let the core free it */
	}
	check_stack(task);
	flags = hs_arch_irq_save();
	h->current = task;
	h->slice_over = 0;
	now = csr_time_read();
	h->slice_end = now + timer_timebase() * KSCHED_SLICE_US / 1000000u;
	(void)sbi_set_timer(h->slice_end);
	count(&h->switches, 1);
	kernel_swtch(&h->sched_ctx, &t->ctx);
	/* Back on this hart's scheduler context. */
	/* A task that yields at once measures two switches: the round trip. */
	if (t->leave == KTASK_LEAVE_YIELD)
		klat_add(cpu, KLAT_SWITCH, csr_time_read() - now);
	h->current = HS_TASK_NONE;
	check_stack(task);
	hs_arch_irq_restore(flags);
	if (t->leave == KTASK_LEAVE_BLOCK || t->leave == KTASK_LEAVE_EXIT)
		return HS_TURN_FINISH;
	return HS_TURN_YIELD;
}

/* A task was taken from a queue: count steals, and the wake -> run latency. */
static void turn_picked(void *ctx, uint32_t cpu, uint32_t task, uint32_t qos,
			const struct hs_pick *p)
{
	struct ktask *t = ktask_get(task);
	uint64_t at;

	(void)ctx;
	(void)qos;
	if (p->kind == HS_PICK_STOLEN)
		count(&khart[cpu].steals, 1);
	if (!t)
		return;
	kworkload_picked(cpu, task, p->kind);
	at = atomic_exchange_explicit(&t->wake_ticks, 0, memory_order_relaxed);
	if (at != 0)
		klat_add(cpu,
			 atomic_load_explicit(&t->wake_remote, memory_order_relaxed)
				 ? KLAT_WAKE_REMOTE
				 : KLAT_WAKE_LOCAL,
			 csr_time_read() - at);
}

/* The core freed a task that blocked or exited. */
static void turn_finished(void *ctx, uint32_t cpu, uint32_t task)
{
	struct ktask *t = ktask_get(task);

	(void)ctx;
	if (t)
		kwait_freed(cpu, task, t->leave);
}

static const struct hs_turn_ops turn_ops = {
	.run = turn_run,
	.picked = turn_picked,
	.finished = turn_finished,
};

uint32_t kernel_sched_turns(uint32_t cpu, uint32_t max)
{
	struct hs_turn_result res;
	uint32_t i, ran = 0;

	if (cpu >= HS_MAX_CPUS || !hs_cpu_is_online(cpu))
		return 0;
	if (max > KSCHED_TURN_BURST)
		max = KSCHED_TURN_BURST;
	for (i = 0; i < max; i++) {
		bool did = hs_turn_run(&turn, cpu, NULL, &res);

		count(&khart[cpu].turns, res.decisions);
		count(&khart[cpu].broken, res.broken);
		if (!did)
			return ran;
		ran++;
	}
	/* Going idle with a finished task pending would hold its wake back. */
	HS_IGNORE(hs_turn_flush(&turn, cpu, NULL));
	return ran;
}

uint32_t kernel_sched_current(void)
{
	uint32_t cpu = hs_cpu_current();

	return cpu < HS_MAX_CPUS ? khart[cpu].current : HS_TASK_NONE;
}

struct hs_outcome kernel_sched_wake(uint32_t cpu, uint32_t task, uint32_t qos)
{
	uint32_t self = hs_cpu_current();
	struct ktask *t = ktask_get(task);
	struct hs_outcome o, r;

	if (!t || self >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_TASK);
	/* Before the enqueue, whose lock release publishes them to the picker. */
	atomic_store_explicit(&t->wake_remote, cpu != self, memory_order_relaxed);
	atomic_store_explicit(&t->wake_ticks, csr_time_read(), memory_order_relaxed);
	o = hs_rq_enqueue_on(&kernel_sched, cpu, task, qos);
	if (o.status != HS_OK || cpu == self)
		return o;
	r = hs_ipi_request_resched(cpu);
	if (r.status == HS_OK)
		count(&khart[self].wake_ipis, 1);
	/* Refused or failed: the task is queued; the target's idle tick still finds it. */
	return o;
}

void kernel_task_leave(uint32_t leave)
{
	uint32_t cpu = hs_cpu_current();
	struct khart *h;
	struct ktask *t;

	if (cpu >= HS_MAX_CPUS)
		hs_arch_fatal("a task left a hart with no cpu id");
	h = &khart[cpu];
	t = ktask_get(h->current);
	if (!t)
		hs_arch_fatal("kernel_task_leave outside a task");
	t->leave = leave;
	kernel_swtch(&t->ctx, &h->sched_ctx);
}

void ktask_yield(void)
{
	unsigned long flags = hs_arch_irq_save();

	kernel_task_leave(KTASK_LEAVE_YIELD);
	hs_arch_irq_restore(flags);
}

void kernel_sched_tick(void)
{
	uint32_t cpu = hs_cpu_current();
	struct khart *h;
	uint64_t now = csr_time_read();

	if (cpu >= HS_MAX_CPUS)
		return;
	h = &khart[cpu];
	if (h->current != HS_TASK_NONE && now >= h->slice_end && !h->slice_over) {
		h->slice_over = 1;
		h->asked_at = now;
	}
}

void kernel_sched_trap_exit(struct trap_frame *tf)
{
	uint32_t cpu = hs_cpu_current();
	struct khart *h;
	bool resched;

	if (cpu >= HS_MAX_CPUS || khart[cpu].current == HS_TASK_NONE ||
	    !(tf->sstatus & SSTATUS_SPIE))
		return;
	h = &khart[cpu];
	resched = hs_ipi_take_need_resched(cpu);
	if (!h->slice_over && !resched)
		return;
	if (h->slice_over)
		klat_add(cpu, KLAT_PREEMPT, csr_time_read() - h->asked_at);
	h->slice_over = 0;
	count(&h->preempt, 1);
	kernel_task_leave(KTASK_LEAVE_PREEMPT);
	/* Resumed, perhaps on another hart: sret must keep that hart's tp. */
	tf->x[4] = csr_sscratch_read();
}

void kernel_sched_print_stats(void)
{
	uint32_t c;

	for (c = 0; c < hs_cpu_present() && c < HS_MAX_CPUS; c++) {
		struct hs_ipi_counters ipi = hs_ipi_counters(c);
		struct hs_line l;

		hs_line_init(&l);
		hs_line_str(&l, "KSCHED: cpu");
		hs_line_u64(&l, c);
		hs_line_str(&l, " turns=");
		hs_line_u64(&l, atomic_load_explicit(&khart[c].turns, memory_order_relaxed));
		hs_line_str(&l, " switches=");
		hs_line_u64(&l, atomic_load_explicit(&khart[c].switches, memory_order_relaxed));
		hs_line_str(&l, " preemptions=");
		hs_line_u64(&l, atomic_load_explicit(&khart[c].preempt, memory_order_relaxed));
		hs_line_str(&l, " steals=");
		hs_line_u64(&l, atomic_load_explicit(&khart[c].steals, memory_order_relaxed));
		hs_line_str(&l, " wake_ipis_sent=");
		hs_line_u64(&l, atomic_load_explicit(&khart[c].wake_ipis, memory_order_relaxed));
		hs_line_str(&l, " ipi_traps=");
		hs_line_u64(&l, ipi.trap);
		hs_line_str(&l, " ipi_acks=");
		hs_line_u64(&l, ipi.ack);
		hs_line_str(&l, " broken=");
		hs_line_u64(&l, atomic_load_explicit(&khart[c].broken, memory_order_relaxed));
		hs_line_emit(&l);
	}
}

uint32_t kernel_sched_queued(uint32_t cpu, uint32_t qos)
{
	return hs_rq_len(&kernel_sched, cpu, qos);
}

uint64_t kernel_sched_preemptions(uint32_t cpu)
{
	return cpu < HS_MAX_CPUS ? atomic_load_explicit(&khart[cpu].preempt, memory_order_relaxed)
				 : 0;
}

uint64_t kernel_sched_steals(uint32_t cpu)
{
	return cpu < HS_MAX_CPUS ? atomic_load_explicit(&khart[cpu].steals, memory_order_relaxed)
				 : 0;
}

/*
 * One of struct khart's counters, summed over every hart: @off is the
 * counter's offset (offsetof). Relaxed: figures for the summary, read
 * while the harts may still count.
 */
static uint64_t khart_sum(size_t off)
{
	uint64_t n = 0;
	uint32_t c;

	for (c = 0; c < HS_MAX_CPUS; c++)
		n += atomic_load_explicit((_Atomic uint64_t *)((char *)&khart[c] + off),
					  memory_order_relaxed);
	return n;
}

uint64_t kernel_sched_wake_ipis(void)
{
	return khart_sum(offsetof(struct khart, wake_ipis));
}

uint64_t kernel_sched_broken(void)
{
	return khart_sum(offsetof(struct khart, broken));
}

uint64_t kernel_sched_decisions(void)
{
	return khart_sum(offsetof(struct khart, turns));
}
