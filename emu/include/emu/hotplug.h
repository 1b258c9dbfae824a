/* SPDX-License-Identifier: MIT */
/*
 * Taking an emulated hart offline and back online during a run.
 *
 * Every scheduling turn and every task placement runs inside an RCU
 * read-side section (liburcu, memb flavour) that first checks the hart is
 * online. Offline(X) = hs_cpu_mark_offline(X); synchronize_rcu(), so no
 * decision or placement that saw X online is still running; then X's
 * current and queued tasks move to online harts (purge + enqueue_on, with a
 * resched IPI to the receiver). A task no online hart has room for is
 * handed back in @orphans (an explicit rejection), never dropped. X parks.
 *
 * One controller thread drives hotplug (the run's hart 0): offline/online
 * calls are not made concurrently with each other.
 */
#ifndef HS_EMU_HOTPLUG_H
#define HS_EMU_HOTPLUG_H

#include <stdint.h>

#include <hartsched/config.h>
#include <hartsched/outcome.h>
#include <hartsched/qos.h>

#define HS_EMU_ORPHANS_MAX (HS_QOS_COUNT * HS_QUEUE_CAPACITY + 1)

struct hs_emu_orphans {
	uint32_t n;
	uint32_t task[HS_EMU_ORPHANS_MAX];
	uint32_t qos[HS_EMU_ORPHANS_MAX];
};

struct hs_emu_hotplug_stats {
	uint64_t offlines; /* completed offline operations */
	uint64_t onlines;  /* completed online operations */
	uint64_t migrated; /* tasks moved off an offline hart */
	uint64_t orphaned; /* tasks handed back: no room anywhere */
};

/*
 * Take @cpu offline. Not on @cpu itself, not inside an RCU read-side
 * section, never CPU 0 (the boot hart drives the run). Returns HS_OK,
 * HS_ERR_QUEUE_FULL (some tasks are in @orphans; the caller re-submits
 * them), HS_ERR_INVALID_CPU or HS_ERR_CPU_OFFLINE (already offline).
 */
HS_MUST_CHECK struct hs_outcome hs_emu_hart_offline(uint32_t cpu, struct hs_emu_orphans *orphans);

/*
 * Ask parked @cpu to come back: it marks itself online. Waits for that at
 * most HS_EMU_ONLINE_WAIT_NS: HS_OK, or HS_ERR_CONTENDED when it did not.
 */
#define HS_EMU_ONLINE_WAIT_NS (2ull * 1000 * 1000 * 1000)
HS_MUST_CHECK struct hs_outcome hs_emu_hart_online(uint32_t cpu);

struct hs_emu_hotplug_stats hs_emu_hotplug_stats(void);

#endif /* HS_EMU_HOTPLUG_H */
