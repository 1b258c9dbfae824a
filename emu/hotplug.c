// SPDX-License-Identifier: MIT
/*
 * Hart offline/online during a run (protocol in emu/hotplug.h).
 *
 * The core owns the hotplug protocol (hs_rq_drain_offline in rq.h): once
 * X's online bit is clear and its queues are drained, no waker and no thief
 * can put a task on X or take one from it, grace period or not. What the
 * port adds is the other half the drain asks for, that X itself stopped
 * deciding: a scheduling turn (hs_emu_sched_turn) runs inside a urcu-memb
 * read-side section that checks X is online, so after
 * hs_cpu_mark_offline(X) and one synchronize_rcu() no turn of X is in
 * progress and X's current slot is the drain's to clear. The memb flavour
 * is used because its readers need no quiescent-state announcements (a
 * hart parked in ppoll does not stall the grace period).
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <emu/harts.h>
#include <emu/hotplug.h>
#include <emu/sched.h>

#include <stdatomic.h>
#include <urcu/urcu-memb.h>

static _Atomic uint64_t n_offlines, n_onlines, n_migrated, n_orphaned;

static inline void add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

/*
 * Move @task (just purged from @from) to the first online hart after @from
 * with room in class @qos, and kick that hart; false when none has room.
 */
static bool rehome(uint32_t from, uint32_t task, uint32_t qos)
{
	uint32_t present = hs_cpu_present();
	uint32_t i;

	for (i = 1; i < present; i++) {
		uint32_t to = (from + i) % present;
		struct hs_outcome o;

		if (!hs_cpu_is_online(to))
			continue;
		hs_emu_task_note_migrated(task);
		o = hs_emu_wake(to, task, qos);
		if (o.status == HS_OK)
			return true;
	}
	return false;
}

static void orphan(struct hs_emu_orphans *orphans, uint32_t task, uint32_t qos)
{
	if (orphans->n >= HS_EMU_ORPHANS_MAX)
		hs_arch_fatal("emu hotplug: orphan list overflow (more tasks than one hart holds)");
	orphans->task[orphans->n] = task;
	orphans->qos[orphans->n] = qos;
	orphans->n++;
	add(&n_orphaned, 1);
}

/* Re-place @task, drained off offline @cpu; an orphan if nowhere has room. */
static void migrate_one(uint32_t cpu, uint32_t task, uint32_t qos, struct hs_emu_orphans *orphans)
{
	if (rehome(cpu, task, qos))
		add(&n_migrated, 1);
	else
		orphan(orphans, task, qos);
}

struct hs_outcome hs_emu_hart_offline(uint32_t cpu, struct hs_emu_orphans *orphans)
{
	static struct hs_drained drained; /* hart 0 only (the engine); too big for a stack */
	struct hs_outcome o;
	uint32_t i;

	orphans->n = 0;
	if (cpu == 0 || cpu >= hs_cpu_present() || cpu == hs_cpu_current())
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	if (urcu_memb_read_ongoing())
		hs_arch_fatal("emu hotplug: offline called inside an RCU read-side section");
	if (!hs_cpu_is_online(cpu))
		return hs_outcome_of(HS_ERR_CPU_OFFLINE);

	o = hs_cpu_mark_offline(cpu);
	if (o.status != HS_OK)
		return o;	     /* not reached: cpu < present was checked above */
	urcu_memb_synchronize_rcu(); /* @cpu's turns have ended: it decides no more */
	hs_emu_sched_flush(cpu, hs_emu_sched_active()); /* a finished slice is not handed over */

	o = hs_rq_drain_offline(&hs_emu_sched, cpu, &drained);
	if (o.status != HS_OK)
		hs_arch_fatal("emu hotplug: the core refused to drain an offline hart");
	for (i = 0; i < drained.n; i++)
		migrate_one(cpu, drained.task[i], drained.qos[i], orphans);
	add(&n_offlines, 1);
	if (orphans->n)
		return hs_outcome_of(HS_ERR_QUEUE_FULL);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_emu_hart_online(uint32_t cpu)
{
	uint64_t deadline;
	uint32_t spins = 0;

	if (cpu == 0 || cpu >= hs_cpu_present())
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	if (hs_cpu_is_online(cpu))
		return hs_outcome_of(HS_OK);
	deadline = hs_arch_now_ns() + HS_EMU_ONLINE_WAIT_NS;
	hs_emu_hart_request_online(cpu);
	while (!hs_cpu_is_online(cpu)) {
		if (hs_arch_now_ns() > deadline)
			return hs_outcome_of(HS_ERR_CONTENDED);
		hs_arch_cpu_relax(spins++);
	}
	add(&n_onlines, 1);
	return hs_outcome_of(HS_OK);
}

struct hs_emu_hotplug_stats hs_emu_hotplug_stats(void)
{
	struct hs_emu_hotplug_stats s;

	s.offlines = atomic_load_explicit(&n_offlines, memory_order_relaxed);
	s.onlines = atomic_load_explicit(&n_onlines, memory_order_relaxed);
	s.migrated = atomic_load_explicit(&n_migrated, memory_order_relaxed);
	s.orphaned = atomic_load_explicit(&n_orphaned, memory_order_relaxed);
	return s;
}
