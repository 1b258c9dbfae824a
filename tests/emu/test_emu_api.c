// SPDX-License-Identifier: MIT
/*
 * The emulator's library API on real harts, deterministically (no workload
 * runs, so the secondaries idle and never decide):
 *  - the interrupt model: an IPI that arrives with SIE off is deferred and
 *    taken exactly when interrupts are restored;
 *  - hotplug: offline migrates queued and current tasks, hands back what no
 *    online hart has room for (never drops one), refuses bad targets, and
 *    the hart parks and comes back online.
 * Prints TAP; exit 0 only if every check passed. The emulator's console
 * (the harts' "KINIT: cpuN online" lines) writes to file descriptor 1, so
 * TAP gets a descriptor of its own and the console goes to stderr: stdout
 * holds nothing but TAP.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/rq.h>

#include <emu/harts.h>
#include <emu/hotplug.h>
#include <emu/irq.h>
#include <emu/sched.h>

#include <stdio.h>
#include <unistd.h>
#include <urcu/urcu-memb.h>

#define HARTS	3u
#define CAP	HS_QUEUE_CAPACITY
#define WAIT_NS (2ull * 1000 * 1000 * 1000)

static unsigned checks, failures;
static FILE *tap; /* the TAP stream: the original stdout */

static void check(bool ok, const char *what)
{
	checks++;
	if (!ok)
		failures++;
	fprintf(tap, "%s %u - %s\n", ok ? "ok" : "not ok", checks, what);
	fflush(tap);
}

/* Place @n Normal tasks from @first on @cpu; true if all were accepted. */
static bool fill(uint32_t cpu, uint32_t first, uint32_t n)
{
	bool ok = true;

	urcu_memb_read_lock();
	for (uint32_t t = first; t < first + n; t++)
		ok = hs_emu_submit(cpu, t, HS_QOS_NORMAL).status == HS_OK && ok;
	urcu_memb_read_unlock();
	return ok;
}

static bool wait_parked(uint32_t cpu, bool want)
{
	uint64_t deadline = hs_arch_now_ns() + WAIT_NS;

	while (hs_emu_hart_is_parked(cpu) != want) {
		if (hs_arch_now_ns() > deadline)
			return false;
		hs_arch_wait_for_interrupt();
	}
	return true;
}

/* An IPI taken with SIE off waits for hs_arch_irq_restore(), then traps once. */
static void test_deferred_trap(void)
{
	struct hs_emu_irq_stats s0 = hs_emu_irq_stats(0), s1, s2;
	struct hs_ipi_counters c0 = hs_ipi_counters(0), c1, c2;
	unsigned long flags = hs_arch_irq_save();
	struct hs_outcome o = hs_ipi_request_resched(0); /* to ourselves: signal arrives now */

	s1 = hs_emu_irq_stats(0);
	c1 = hs_ipi_counters(0);
	hs_arch_irq_restore(flags);
	s2 = hs_emu_irq_stats(0);
	c2 = hs_ipi_counters(0);
	check(o.status == HS_OK, "self resched request sent");
	check(s1.deferred == s0.deferred + 1 && c1.trap == c0.trap,
	      "signal with SIE off: deferred, no trap yet");
	check(c2.trap == c0.trap + 1 && c2.ack == c0.ack + 1 && s2.replays == s0.replays + 1,
	      "restore takes the pending trap exactly once, and it acks");
	check(hs_ipi_take_need_resched(0), "the ack left need_resched for the hart");
}

/* Every id in [first, first+n) is on @cpu's Normal queue or in @o, exactly once. */
static bool accounted(uint32_t first, uint32_t n, uint32_t cpu, const struct hs_emu_orphans *o)
{
	for (uint32_t t = first; t < first + n; t++) {
		struct hs_task_where w = hs_rq_where(&hs_emu_sched, t);
		uint32_t seen = 0;

		for (uint32_t i = 0; i < o->n; i++)
			seen += o->task[i] == t;
		if (w.place == HS_TASK_QUEUED)
			seen += w.cpu == cpu ? 1 : 2; /* queued elsewhere is wrong */
		if (seen != 1 || (w.place != HS_TASK_FREE && w.place != HS_TASK_QUEUED))
			return false;
	}
	return true;
}

static void purge_all(uint32_t first, uint32_t n)
{
	for (uint32_t t = first; t < first + n; t++)
		HS_IGNORE(hs_rq_purge(&hs_emu_sched, t)); /* NOT_FOUND for free ones is fine */
}

static void test_hotplug(void)
{
	static struct hs_emu_orphans orphans;
	struct hs_outcome o;
	struct hs_pick p;
	bool filled;

	/* Hart 1 full, hart 2 with room for 4, hart 0 full. */
	filled = fill(1, 0, CAP) && fill(2, 1000, CAP - 4) && fill(0, 2000, CAP);
	check(filled, "queues filled");
	o = hs_emu_hart_offline(1, &orphans);
	check(o.status == HS_ERR_QUEUE_FULL, "offline with no room left reports queue-full");
	check(!hs_cpu_is_online(1), "hart 1 is offline");
	check(orphans.n == CAP - 4, "everything that found no room is handed back");
	check(hs_rq_len(&hs_emu_sched, 2, HS_QOS_NORMAL) == CAP && accounted(0, CAP, 2, &orphans),
	      "each task of hart 1 is on hart 2 or an orphan, exactly once");
	check(hs_rq_len(&hs_emu_sched, 1, HS_QOS_NORMAL) == 0, "hart 1's queues are empty");
	check(wait_parked(1, true), "hart 1 parks");
	check(hs_emu_hart_offline(1, &orphans).status == HS_ERR_CPU_OFFLINE,
	      "offline of an offline hart is refused");
	check(hs_emu_hart_offline(0, &orphans).status == HS_ERR_INVALID_CPU,
	      "the boot hart cannot be taken offline");
	check(hs_emu_hart_offline(HARTS, &orphans).status == HS_ERR_INVALID_CPU,
	      "a hart that does not exist is refused");
	check(hs_ipi_request_resched(1).status == HS_ERR_CPU_OFFLINE,
	      "no resched IPI to the offline hart");
	check(hs_emu_hart_online(1).status == HS_OK && hs_cpu_is_online(1), "hart 1 back online");
	check(wait_parked(1, false), "hart 1 unparks");
	purge_all(0, CAP);
	purge_all(1000, CAP);
	purge_all(2000, CAP);

	/* A current task moves too: make one current on hart 2 (decided from here). */
	check(fill(2, 3000, 2), "two tasks on hart 2");
	p = hs_rq_pick(&hs_emu_sched, 2);
	check(p.kind == HS_PICK_LOCAL && p.task == 3000, "one of them is hart 2's current");
	o = hs_emu_hart_offline(2, &orphans);
	check(o.status == HS_OK && orphans.n == 0, "offline of hart 2 places everything");
	check(hs_rq_where(&hs_emu_sched, 3000).place == HS_TASK_QUEUED &&
		      hs_rq_where(&hs_emu_sched, 3000).cpu != 2 &&
		      hs_rq_where(&hs_emu_sched, 3001).place == HS_TASK_QUEUED &&
		      hs_rq_where(&hs_emu_sched, 3001).cpu != 2,
	      "current and queued task of hart 2 now queued on an online hart");
	check(hs_emu_task_migrated(3000) && hs_emu_task_migrated(3001), "both marked migrated");
	check(hs_emu_hart_online(2).status == HS_OK, "hart 2 back online");
	purge_all(3000, 2);
}

static int boot(const struct hs_emu_config *cfg, void *arg)
{
	(void)cfg;
	(void)arg;
	fprintf(tap, "1..23\n");
	test_deferred_trap();
	test_hotplug();
	return failures ? 1 : 0;
}

int main(void)
{
	struct hs_emu_config cfg = {.harts = HARTS, .steal_max = 1};
	int status;

	/*
	 * TAP keeps the original stdout; descriptor 1, where the emulator's
	 * console writes, becomes stderr.
	 */
	fflush(stdout);
	tap = fdopen(dup(STDOUT_FILENO), "w");
	if (!tap || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		printf("Bail out! cannot split TAP from the console\n");
		return 1;
	}
	if (hs_emu_irq_setup(0) != 0) {
		fprintf(tap, "Bail out! cannot install the trap entry\n");
		return 1;
	}
	status = hs_emu_harts_run(&cfg, boot, NULL);
	if (checks != 23)
		fprintf(tap, "# ran %u checks, planned 23\n", checks);
	return status != 0 || checks != 23 ? 1 : 0;
}
