// SPDX-License-Identifier: MIT
/*
 * Hart offline/online during a run (protocol in emu/hotplug.h).
 *
 * Why RCU: a scheduling turn (hs_emu_sched_turn) and every placement made
 * from a hart run inside urcu-memb read-side sections that check the target
 * or the hart itself is online. After hs_cpu_mark_offline(X) and one
 * synchronize_rcu(), any section that could have seen X online has ended,
 * and every later one sees it offline (the grace period's barriers order
 * the clear before them). So no hart steals from X, enqueues onto X or
 * decides on X any more, and X's queues and current slot are ours to move.
 * The memb flavour is used because its readers need no quiescent-state
 * announcements (a hart parked in ppoll does not stall the grace period).
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

/* Purge @task from offline @cpu and re-place it; an orphan if nowhere has room. */
static void migrate_one(uint32_t cpu, uint32_t task, uint32_t qos, struct hs_emu_orphans *orphans)
{
	struct hs_outcome o = hs_rq_purge(&hs_emu_sched, task);

	if (o.status != HS_OK)
		hs_arch_fatal("emu hotplug: a task of an offline hart vanished under us");
	if (rehome(cpu, task, qos))
		add(&n_migrated, 1);
	else
		orphan(orphans, task, qos);
}

struct hs_outcome hs_emu_hart_offline(uint32_t cpu, struct hs_emu_orphans *orphans)
{
	uint32_t buf[HS_QUEUE_CAPACITY];
	uint32_t q, i, n, cur;
	struct hs_outcome o;

	orphans->n = 0;
	if (cpu == 0 || cpu >= hs_cpu_present() || cpu == hs_cpu_current())
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	if (urcu_memb_read_ongoing())
		hs_arch_fatal("emu hotplug: offline called inside an RCU read-side section");
	if (!hs_cpu_is_online(cpu))
		return hs_outcome_of(HS_ERR_CPU_OFFLINE);

	o = hs_cpu_mark_offline(cpu);
	if (o.status != HS_OK)
		return o; /* not reached: cpu < present was checked above */
	urcu_memb_synchronize_rcu();

	/* Nobody decides on, steals from or enqueues onto @cpu now. */
	cur = hs_rq_current(&hs_emu_sched, cpu);
	if (cur != HS_TASK_NONE)
		migrate_one(cpu, cur, hs_rq_where(&hs_emu_sched, cur).qos, orphans);
	for (q = HS_QOS_COUNT; q-- > 0;) {
		n = hs_rq_snapshot(&hs_emu_sched, cpu, q, buf, HS_QUEUE_CAPACITY);
		for (i = 0; i < n; i++)
			migrate_one(cpu, buf[i], q, orphans);
	}
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
