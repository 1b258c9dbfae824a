// SPDX-License-Identifier: MIT
/*
 * The proof ladder. Shared by every port so the markers mean the same thing
 * everywhere; each rung prints "ok" only after checking the evidence, and a
 * "FAIL" line with the counters otherwise. Waits are bounded by
 * HS_SELFTEST_WAIT_NS of the port's clock; running out is a FAIL.
 *
 * The steal rungs use a scheduler instance of their own (ladder_sched) and
 * task ids from HS_SELFTEST_TASK_BASE, so they never touch real queued work;
 * the steal path they run is the production one. One steal is made by
 * CPU 1 in its own idle loop, after a resched IPI (hs_selftest_on_resched).
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/rq.h>
#include <hartsched/selftest.h>
#include <hartsched/spinlock.h>
#include <hartsched/trace.h>

static struct hs_sched ladder_sched;

struct ladder {
	struct hs_selftest_result res;
};

static void line_kv(struct hs_line *l, const char *key, uint64_t v)
{
	hs_line_str(l, " ");
	hs_line_str(l, key);
	hs_line_str(l, "=");
	hs_line_u64(l, v);
}

static void line_ipi(struct hs_line *l, const char *tag, struct hs_ipi_counters c)
{
	hs_line_str(l, " ");
	hs_line_str(l, tag);
	line_kv(l, "accepted", c.accepted);
	line_kv(l, "sent", c.sent_ok);
	line_kv(l, "trap", c.trap);
	line_kv(l, "ack", c.ack);
}

/* Start a "KSELFTEST: <name>" line. */
static void rung_begin(struct hs_line *l, const char *name)
{
	hs_line_init(l);
	hs_line_str(l, "KSELFTEST: ");
	hs_line_str(l, name);
}

/* Finish a rung: " ok", or " FAIL <why>" followed by what @l already holds. */
static void rung_end(struct ladder *ld, const char *name, bool ok, const char *why,
		     struct hs_line *detail)
{
	struct hs_line l;

	if (hs_trace_enabled())
		hs_trace_emit(HS_TR_LADDER, ok, 0, 0, name);
	rung_begin(&l, name);
	if (ok) {
		hs_line_str(&l, " ok");
		ld->res.passed++;
	} else {
		hs_line_str(&l, " FAIL ");
		hs_line_str(&l, why);
		if (detail)
			hs_line_str(&l, detail->buf);
		ld->res.failed++;
	}
	hs_line_emit(&l);
}

typedef bool (*wait_cond)(uint64_t arg, uint64_t target);

/* Wait until cond(arg, target) holds; false when the deadline passes. */
static bool wait_until(wait_cond cond, uint64_t arg, uint64_t target)
{
	uint64_t deadline = hs_arch_now_ns() + HS_SELFTEST_WAIT_NS;

	for (;;) {
		if (cond(arg, target))
			return true;
		if (hs_arch_now_ns() > deadline)
			return cond(arg, target);
		hs_arch_wait_for_interrupt();
	}
}

static bool cond_online(uint64_t cpu, uint64_t unused)
{
	(void)unused;
	return hs_cpu_is_online((uint32_t)cpu);
}

static bool cond_epoch(uint64_t cpu, uint64_t target)
{
	return hs_ipi_idle_epoch((uint32_t)cpu) >= target;
}

static bool cond_ack(uint64_t cpu, uint64_t target)
{
	return hs_ipi_counters((uint32_t)cpu).ack >= target;
}

static bool ipi_counters_equal(struct hs_ipi_counters a, struct hs_ipi_counters b)
{
	return a.accepted == b.accepted && a.sent_ok == b.sent_ok && a.trap == b.trap &&
	       a.ack == b.ack && a.coalesced == b.coalesced && a.send_failed == b.send_failed;
}

static void test_smp_online(struct ladder *ld)
{
	bool ok = wait_until(cond_online, 1, 0);

	rung_end(ld, "smp online", ok, "cpu1 not online before the deadline", 0);
}

/*
 * Force sends to CPU 1 to fail, request a resched, and let CPU 1 go round
 * its interrupts-enabled idle loop HS_SELFTEST_CF_EPOCHS times: accepted
 * must rise while sent, trap and ack stay put. The forced failure keeps the
 * request's claim in pending until the forcing ends, so a CPU 1 that faked
 * an ack by polling pending would raise ack and fail this rung: the
 * ack == 0 check can fail (unit-ipi /ipi/counterfactual-catches-polling-ack).
 */
static void test_ipi_counterfactual(struct ladder *ld)
{
	const char *name = "ipi counterfactual";
	struct hs_ipi_counters before, after;
	struct hs_outcome o, req;
	struct hs_line d;
	uint64_t e0;
	bool waited, ok;

	hs_line_init(&d);
	o = hs_ipi_force_send_failure(1, true);
	if (o.status != HS_OK) {
		hs_line_str(&d, hs_status_name(o.status));
		rung_end(ld, name, false, "cannot force send failure:", &d);
		return;
	}
	before = hs_ipi_counters(1);
	req = hs_ipi_request_resched(1);
	e0 = hs_ipi_idle_epoch(1);
	waited = wait_until(cond_epoch, 1, e0 + HS_SELFTEST_CF_EPOCHS);
	after = hs_ipi_counters(1);
	HS_IGNORE(hs_ipi_force_send_failure(1, false)); /* boot hart: cannot fail here */

	ok = waited && req.status == HS_ERR_SEND_FAILED && after.accepted > before.accepted &&
	     after.sent_ok == before.sent_ok && after.trap == before.trap &&
	     after.ack == before.ack;
	line_ipi(&d, "before", before);
	line_ipi(&d, "after", after);
	hs_line_str(&d, " request=");
	hs_line_str(&d, hs_status_name(req.status));
	line_kv(&d, "epochs", hs_ipi_idle_epoch(1) - e0);
	rung_end(ld, name, ok, waited ? "chain moved without a send" : "cpu1 idle loop stalled",
		 &d);
}

/* One request to CPU 1: accepted, sent, trap and ack must all rise. */
static void test_ipi_resched(struct ladder *ld)
{
	struct hs_ipi_counters before, after;
	struct hs_outcome req;
	struct hs_line d;
	bool ok;

	before = hs_ipi_counters(1);
	req = hs_ipi_request_resched(1);
	HS_IGNORE(wait_until(cond_ack, 1, before.ack + 1)); /* judged below */
	after = hs_ipi_counters(1);
	ok = req.status == HS_OK && after.accepted > before.accepted &&
	     after.sent_ok > before.sent_ok && after.trap > before.trap && after.ack > before.ack;
	hs_line_init(&d);
	line_ipi(&d, "before", before);
	line_ipi(&d, "after", after);
	hs_line_str(&d, " request=");
	hs_line_str(&d, hs_status_name(req.status));
	rung_end(ld, "ipi resched", ok, "chain incomplete:", &d);
}

static void test_reject_invalid_target(struct ladder *ld)
{
	struct hs_ipi_counters before = hs_ipi_counters_total(), after;
	struct hs_outcome req = hs_ipi_request_resched(HS_MAX_CPUS);
	struct hs_line d;
	bool ok;

	after = hs_ipi_counters_total();
	ok = req.status == HS_ERR_INVALID_CPU && ipi_counters_equal(before, after);
	hs_line_init(&d);
	hs_line_str(&d, " request=");
	hs_line_str(&d, hs_status_name(req.status));
	line_ipi(&d, "before", before);
	line_ipi(&d, "after", after);
	rung_end(ld, "test_reject_invalid_ipi_target_cpu", ok,
		 "out-of-range target not rejected:", &d);
}

/*
 * An in-range CPU that is offline: the first id past the present CPUs when
 * there is one, else the last present CPU masked offline for the test.
 */
static void test_reject_offline_target(struct ladder *ld)
{
	uint32_t present = hs_cpu_present();
	uint32_t target = present < HS_MAX_CPUS ? present : present - 1;
	bool masked = present >= HS_MAX_CPUS;
	struct hs_ipi_counters before, after;
	struct hs_outcome req;
	struct hs_line d;
	bool was_online, mask_ok = true, ok;

	was_online = hs_cpu_is_online(target);
	if (masked)
		mask_ok = hs_cpu_mark_offline(target).status == HS_OK;
	before = hs_ipi_counters(target);
	req = hs_ipi_request_resched(target);
	after = hs_ipi_counters(target);
	if (masked && was_online)
		mask_ok = hs_cpu_mark_online(target).status == HS_OK && mask_ok;
	ok = mask_ok && target < HS_MAX_CPUS && req.status == HS_ERR_CPU_OFFLINE &&
	     ipi_counters_equal(before, after);
	hs_line_init(&d);
	line_kv(&d, "target", target);
	hs_line_str(&d, " request=");
	hs_line_str(&d, hs_status_name(req.status));
	line_ipi(&d, "before", before);
	line_ipi(&d, "after", after);
	rung_end(ld, "test_reject_offline_cpu_resched", ok, "offline target not rejected:", &d);
}

static void line_pick(struct hs_line *d, struct hs_pick p)
{
	line_kv(d, "kind", p.kind);
	line_kv(d, "task", p.task);
	line_kv(d, "stolen", p.stolen);
	hs_line_str(d, " status=");
	hs_line_str(d, hs_status_name(p.status));
}

/* Put the ladder's own tasks back to FREE after a rung (best effort, checked). */
static bool ladder_cleanup(uint32_t first, uint32_t count)
{
	bool clean = true;
	uint32_t t;

	HS_IGNORE(hs_rq_finish(&ladder_sched, 0)); /* NO_CURRENT is fine */
	for (t = first; t < first + count; t++) {
		struct hs_outcome o = hs_rq_purge(&ladder_sched, t);

		if (o.status != HS_OK && o.status != HS_ERR_NOT_FOUND)
			clean = false;
	}
	for (t = first; t < first + count; t++)
		clean = clean && hs_rq_where(&ladder_sched, t).place == HS_TASK_FREE;
	return clean;
}

/*
 * The secondary's half of "work stealing": CPU 0 arms the probe for one CPU
 * and an ack count; that CPU's idle loop calls hs_selftest_on_resched()
 * after every acked resched, which makes one decision on the ladder's
 * instance once armed for it and once its ack counter has reached the
 * target (so a resched left over from an earlier rung cannot stand in for
 * the rung's own IPI).
 *
 * Synchronisation: every field is read and written under probe.lock, the
 * core's ticket lock, so the hand-off from CPU 1's decision to CPU 0's
 * check is the lock's release/acquire pair (and Helgrind's annotated lock
 * sees it). The decision itself runs outside the lock: the arm is claimed
 * (cpu set back to HS_CPU_INVALID) under the lock first, so exactly one of
 * CPU 1 (claiming) and CPU 0 (withdrawing after a timeout) wins.
 */
struct steal_probe {
	struct hs_spinlock lock;    /* guards every field below */
	uint32_t cpu;		    /* armed for this CPU; HS_CPU_INVALID when not */
	bool running;		    /* claimed: the armed CPU is deciding */
	bool done;		    /* the record below is complete */
	uint64_t ack_target;	    /* decide only once the CPU's ack count reached it */
	struct hs_pick pick;	    /* the decision the CPU made */
	struct hs_task_where where; /* where the picked task was right after */
	uint32_t ran_on;	    /* hs_cpu_current() inside the hook */
	uint32_t finish_status;	    /* the CPU finishing the task it picked */
	uint64_t stolen_delta;	    /* the CPU's stolen counter across the decision */
	uint64_t steal_ops_delta;   /* its steal_ops counter across the decision */
};

/* Zero is an unlocked lock; hs_selftest_run() re-initialises it. */
static struct steal_probe probe = {.cpu = HS_CPU_INVALID};

void hs_selftest_on_resched(uint32_t cpu)
{
	struct steal_probe rec;
	uint64_t stolen0, ops0;
	bool claimed;

	if (cpu >= HS_MAX_CPUS)
		return;
	hs_spin_lock(&probe.lock);
	claimed = probe.cpu == cpu && hs_ipi_counters(cpu).ack >= probe.ack_target;
	if (claimed) {
		probe.cpu = HS_CPU_INVALID;
		probe.running = true;
	}
	hs_spin_unlock(&probe.lock);
	if (!claimed)
		return;

	/* This CPU's own counters: only it decides on its queues. */
	stolen0 = ladder_sched.rq[cpu].cnt.stolen;
	ops0 = ladder_sched.rq[cpu].cnt.steal_ops;
	rec.ran_on = hs_cpu_current();
	rec.pick = hs_rq_pick(&ladder_sched, cpu);
	rec.where = hs_rq_where(&ladder_sched, rec.pick.task);
	rec.stolen_delta = ladder_sched.rq[cpu].cnt.stolen - stolen0;
	rec.steal_ops_delta = ladder_sched.rq[cpu].cnt.steal_ops - ops0;
	rec.finish_status = rec.pick.kind != HS_PICK_IDLE ? hs_rq_finish(&ladder_sched, cpu).status
							  : HS_ERR_NO_CURRENT;

	hs_spin_lock(&probe.lock);
	probe.ran_on = rec.ran_on;
	probe.pick = rec.pick;
	probe.where = rec.where;
	probe.stolen_delta = rec.stolen_delta;
	probe.steal_ops_delta = rec.steal_ops_delta;
	probe.finish_status = rec.finish_status;
	probe.running = false;
	probe.done = true;
	hs_spin_unlock(&probe.lock);
}

/* wait_until() condition: the armed CPU has published its steal decision. */
static bool cond_probe_done(uint64_t unused0, uint64_t unused1)
{
	bool done;

	(void)unused0;
	(void)unused1;
	hs_spin_lock(&probe.lock);
	done = probe.done;
	hs_spin_unlock(&probe.lock);
	return done;
}

/* Arm the probe for CPU 1, to run once its ack counter reaches @ack_target. */
static void probe_arm(uint64_t ack_target)
{
	hs_spin_lock(&probe.lock);
	probe.done = false;
	probe.running = false;
	probe.ack_target = ack_target;
	probe.cpu = 1;
	hs_spin_unlock(&probe.lock);
}

/*
 * Withdraw the arm after a timeout. Returns true when CPU 1 is not deciding
 * (it never claimed the arm, or it has finished), so the rung's task may be
 * cleaned up; @rec gets the record when there is one.
 */
static bool probe_settle(struct steal_probe *rec)
{
	bool quiet;

	hs_spin_lock(&probe.lock);
	probe.cpu = HS_CPU_INVALID;
	quiet = !probe.running;
	rec->done = probe.done;
	rec->ran_on = probe.ran_on;
	rec->pick = probe.pick;
	rec->where = probe.where;
	rec->stolen_delta = probe.stolen_delta;
	rec->steal_ops_delta = probe.steal_ops_delta;
	rec->finish_status = probe.finish_status;
	hs_spin_unlock(&probe.lock);
	return quiet;
}

/*
 * A Normal task queued on CPU 0 is stolen by CPU 1, in the scheduling
 * decision CPU 1 makes because a resched IPI reached it: the request, the
 * S_SOFT trap and the ack on CPU 1, then its idle loop's decision. CPU 0
 * only waits. Returns true when the evidence holds; @d gets the counters.
 */
static bool test_secondary_steals(struct hs_line *d)
{
	const uint32_t task = HS_SELFTEST_TASK_BASE + 4;
	struct hs_ipi_counters before, after;
	struct hs_outcome enq, req;
	struct steal_probe rec;
	bool quiet, ok;

	enq = hs_rq_enqueue_on(&ladder_sched, 0, task, HS_QOS_NORMAL);
	before = hs_ipi_counters(1);
	probe_arm(before.ack + 1);
	req = hs_ipi_request_resched(1);
	HS_IGNORE(wait_until(cond_probe_done, 0, 0)); /* judged below, from the record */
	quiet = probe_settle(&rec);
	if (!quiet) {
		/* CPU 1 claimed the arm and is deciding: give it one more wait. */
		HS_IGNORE(wait_until(cond_probe_done, 0, 0));
		quiet = probe_settle(&rec);
	}
	after = hs_ipi_counters(1);
	ok = rec.done && enq.status == HS_OK && req.status == HS_OK && after.trap > before.trap &&
	     after.ack > before.ack && rec.ran_on == 1 && rec.pick.status == HS_OK &&
	     rec.pick.kind == HS_PICK_STOLEN && rec.pick.task == task &&
	     rec.where.place == HS_TASK_RUNNING && rec.where.cpu == 1 &&
	     rec.finish_status == HS_OK && rec.stolen_delta == 1 && rec.steal_ops_delta == 1 &&
	     hs_rq_len(&ladder_sched, 0, HS_QOS_NORMAL) == 0 &&
	     hs_rq_where(&ladder_sched, task).place == HS_TASK_FREE;
	/* Only while CPU 1 is not deciding: it may still hold the task. */
	if (quiet)
		ok = ladder_cleanup(task, 1) && ok;
	/* Compact: both halves must fit one console line. */
	hs_line_str(d, " cpu1:");
	hs_line_str(d, rec.done ? "" : " no_decision");
	hs_line_str(d, " req=");
	hs_line_str(d, hs_status_name(req.status));
	line_kv(d, "trap+", after.trap - before.trap);
	line_kv(d, "ack+", after.ack - before.ack);
	if (rec.done) {
		line_kv(d, "on", rec.ran_on);
		line_kv(d, "kind", rec.pick.kind);
		line_kv(d, "task", rec.pick.task);
		hs_line_str(d, " fin=");
		hs_line_str(d, hs_status_name(rec.finish_status));
		line_kv(d, "stolen+", rec.stolen_delta);
	}
	return ok;
}

/*
 * Both directions of the steal path: a Normal task queued on CPU 1 is run
 * by CPU 0 (a decision the boot CPU makes itself), and one queued on CPU 0
 * is run by CPU 1 (a decision CPU 1 makes in its own idle loop because a
 * resched IPI reached it). The steal counters prove neither was a local pop.
 */
static void test_work_stealing(struct ladder *ld)
{
	const uint32_t task = HS_SELFTEST_TASK_BASE;
	uint64_t stolen0 = ladder_sched.rq[0].cnt.stolen, ops0 = ladder_sched.rq[0].cnt.steal_ops;
	struct hs_outcome enq;
	struct hs_task_where w;
	struct hs_pick p;
	struct hs_line d;
	bool ok, ok1;

	enq = hs_rq_enqueue_on(&ladder_sched, 1, task, HS_QOS_NORMAL);
	p = hs_rq_pick(&ladder_sched, 0);
	w = hs_rq_where(&ladder_sched, task);
	ok = enq.status == HS_OK && p.status == HS_OK && p.kind == HS_PICK_STOLEN &&
	     p.task == task && w.place == HS_TASK_RUNNING && w.cpu == 0 &&
	     ladder_sched.rq[0].cnt.stolen == stolen0 + 1 &&
	     ladder_sched.rq[0].cnt.steal_ops == ops0 + 1 &&
	     hs_rq_len(&ladder_sched, 1, HS_QOS_NORMAL) == 0;
	ok = ladder_cleanup(task, 1) && ok;
	hs_line_init(&d);
	hs_line_str(&d, " cpu0: enq=");
	hs_line_str(&d, hs_status_name(enq.status));
	line_kv(&d, "kind", p.kind);
	line_kv(&d, "task", p.task);
	line_kv(&d, "stolen+", ladder_sched.rq[0].cnt.stolen - stolen0);
	ok1 = test_secondary_steals(&d);
	rung_end(ld, "work stealing", ok && ok1, "steal path not taken:", &d);
}

/* Two Normal tasks on CPU 1, steal bound 1: one decision leaves exactly one. */
static void test_reject_steal_above_bound(struct ladder *ld)
{
	const uint32_t t0 = HS_SELFTEST_TASK_BASE + 1;
	struct hs_outcome bound, e0, e1;
	struct hs_pick p;
	struct hs_line d;
	uint32_t left;
	bool ok;

	bound = hs_rq_set_steal_max(&ladder_sched, 1);
	e0 = hs_rq_enqueue_on(&ladder_sched, 1, t0, HS_QOS_NORMAL);
	e1 = hs_rq_enqueue_on(&ladder_sched, 1, t0 + 1, HS_QOS_NORMAL);
	p = hs_rq_pick(&ladder_sched, 0);
	left = hs_rq_len(&ladder_sched, 1, HS_QOS_NORMAL);
	ok = bound.status == HS_OK && e0.status == HS_OK && e1.status == HS_OK &&
	     p.kind == HS_PICK_STOLEN && p.stolen == 1 && p.task == t0 && left == 1 &&
	     hs_rq_where(&ladder_sched, t0 + 1).cpu == 1;
	ok = ladder_cleanup(t0, 2) && ok;
	hs_line_init(&d);
	line_pick(&d, p);
	line_kv(&d, "left_on_cpu1", left);
	rung_end(ld, "test_reject_steal_above_bound", ok, "bound not held:", &d);
}

/* An Interactive task on CPU 1 is not stolen by a Normal-ceiling thief. */
static void test_reject_steal_higher_qos(struct ladder *ld)
{
	const uint32_t task = HS_SELFTEST_TASK_BASE + 3;
	struct hs_outcome ceil, enq;
	struct hs_task_where w;
	struct hs_pick p;
	struct hs_line d;
	bool ok;

	ceil = hs_rq_set_steal_ceiling(&ladder_sched, 0, HS_QOS_NORMAL);
	enq = hs_rq_enqueue_on(&ladder_sched, 1, task, HS_QOS_INTERACTIVE);
	p = hs_rq_pick(&ladder_sched, 0);
	w = hs_rq_where(&ladder_sched, task);
	ok = ceil.status == HS_OK && enq.status == HS_OK && p.kind == HS_PICK_IDLE &&
	     p.task == HS_TASK_NONE && w.place == HS_TASK_QUEUED && w.cpu == 1 &&
	     hs_rq_len(&ladder_sched, 1, HS_QOS_INTERACTIVE) == 1;
	ok = ladder_cleanup(task, 1) && ok;
	hs_line_init(&d);
	line_pick(&d, p);
	line_kv(&d, "where_cpu", w.cpu);
	rung_end(ld, "test_reject_steal_higher_qos", ok, "higher class stolen:", &d);
}

/* tp resolves the boot CPU and the fallback was never needed so far. */
static void test_cpuid_tp(struct ladder *ld)
{
	uint64_t fb = hs_cpu_fallback_count();
	uint32_t cpu = hs_cpu_current();
	struct hs_line d;

	hs_line_init(&d);
	line_kv(&d, "cpu", cpu);
	line_kv(&d, "fallbacks", hs_cpu_fallback_count());
	rung_end(ld, "cpuid tp", cpu == 0 && fb == 0 && hs_cpu_fallback_count() == 0,
		 "fast path not used:", &d);
}

/*
 * Poison tp with a pointer inside the block array but off a block boundary:
 * the answer must still be CPU 0, through the fallback, counted exactly once.
 * Interrupts stay off so no trap runs with the poisoned tp.
 */
static void test_cpuid_fallback(struct ladder *ld)
{
	unsigned long flags = hs_arch_irq_save();
	uintptr_t saved = hs_arch_read_tp();
	uint64_t fb0, fb1, fb2;
	uint32_t poisoned_cpu, restored_cpu;
	struct hs_line d;

	hs_arch_write_tp((uintptr_t)&hs_harts[0] + sizeof(uint64_t));
	fb0 = hs_cpu_fallback_count();
	poisoned_cpu = hs_cpu_current();
	fb1 = hs_cpu_fallback_count();
	hs_arch_write_tp(saved);
	restored_cpu = hs_cpu_current();
	fb2 = hs_cpu_fallback_count();
	hs_arch_irq_restore(flags);

	hs_line_init(&d);
	line_kv(&d, "poisoned_cpu", poisoned_cpu);
	line_kv(&d, "fallback_delta", fb1 - fb0);
	line_kv(&d, "restored_cpu", restored_cpu);
	rung_end(ld, "cpuid fallback counterfactual",
		 poisoned_cpu == 0 && fb1 == fb0 + 1 && restored_cpu == 0 && fb2 == fb1,
		 "fallback not exact:", &d);
}

static void test_stack_sentinels(struct ladder *ld)
{
	uint32_t bad = HS_CPU_INVALID;
	bool ok = hs_cpu_stacks_intact(&bad);
	struct hs_line d;

	hs_line_init(&d);
	line_kv(&d, "cpu", bad);
	rung_end(ld, "stack sentinels", ok, "sentinel overwritten:", &d);
}

struct hs_selftest_result hs_selftest_run(void)
{
	struct ladder ld = {.res = {0, 0}};

	if (hs_cpu_current() != 0) {
		hs_console_puts("KSELFTEST: ladder FAIL not running on the boot cpu");
		ld.res.failed++;
		return ld.res;
	}
	hs_sched_init(&ladder_sched);
	/*
	 * No resched has been requested yet, so no secondary is inside
	 * hs_selftest_on_resched() while the probe's lock is set up.
	 */
	hs_spin_init(&probe.lock);
	hs_spin_lock(&probe.lock);
	probe.cpu = HS_CPU_INVALID;
	probe.running = false;
	probe.done = false;
	hs_spin_unlock(&probe.lock);
	if (hs_cpu_present() >= 2) {
		test_smp_online(&ld);
		test_ipi_counterfactual(&ld);
		test_ipi_resched(&ld);
		test_reject_invalid_target(&ld);
		test_reject_offline_target(&ld);
		test_work_stealing(&ld);
		test_reject_steal_above_bound(&ld);
		test_reject_steal_higher_qos(&ld);
	}
	test_cpuid_tp(&ld);
	test_cpuid_fallback(&ld);
	test_stack_sentinels(&ld);
	return ld.res;
}
