// SPDX-License-Identifier: MIT
/*
 * Bad input at every core entry point: out-of-range CPUs, invalid QoS
 * bytes (4..255 and beyond), unknown task ids, reused ids (queued, running,
 * finished), offline targets, full queues. Each call must answer its exact
 * explicit rejection and leave the whole state unchanged: the scheduler
 * instance byte for byte (except the lock tickets, which every locked call
 * advances, and the one reject counter the call is charged to, which must
 * rise by exactly one), every CPU's IPI counters, idle epochs, online bit,
 * hart id, SSIP and forced-failure bit, the CPU-ID fallback count, tp and
 * the console.
 *
 * Output is TAP (one line per check), run single-threaded on the host arch:
 * this thread is CPU 0 (the boot CPU) except where a test says otherwise.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/rq.h>

#include "host_arch.h"
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PRESENT	    4u
#define OFFLINE_CPU 3u	 /* present, in range, never brought online */
#define CTR_NONE    (-2) /* the call is not charged to any reject counter */
#define CTR_NOWHERE (-1)

struct world {
	struct hs_sched sched;
	struct hs_ipi_counters ipi[HS_MAX_CPUS];
	uint64_t idle_epoch[HS_MAX_CPUS];
	uint64_t hartid[HS_MAX_CPUS];
	bool online[HS_MAX_CPUS];
	bool forced[HS_MAX_CPUS];
	int ssip[HS_MAX_CPUS];
	uint32_t present;
	uint64_t fallbacks;
	uintptr_t tp;
	uint64_t console_lines;
};

static struct hs_sched sched;
static struct world w_before, w_after;
static uint64_t console_lines;

static void count_console(const char *s, size_t len)
{
	(void)s;
	(void)len;
	console_lines++;
}

static void capture(struct world *w)
{
	uint32_t c;

	memcpy(&w->sched, &sched, sizeof(sched));
	for (c = 0; c < HS_MAX_CPUS; c++) {
		w->ipi[c] = hs_ipi_counters(c);
		w->idle_epoch[c] = hs_ipi_idle_epoch(c);
		w->hartid[c] = hs_cpu_hartid(c);
		w->online[c] = hs_cpu_is_online(c);
		w->forced[c] = hs_trap_runtime_send_forced_fail(c);
		w->ssip[c] = hs_host_arch_soft_pending(c);
	}
	w->present = hs_cpu_present();
	w->fallbacks = hs_cpu_fallback_count();
	w->tp = hs_arch_read_tp();
	w->console_lines = console_lines;
}

/*
 * Lock tickets (slow and producer locks) must be free and the slow paths'
 * sequence word even in both; then blank them out, and the producers'
 * cached look at each head (head_seen), which a refused enqueue may
 * refresh: a cache of the head, not queue state.
 */
static bool normalise_locks(struct hs_sched *s)
{
	bool free = true;
	uint32_t c;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		struct hs_spinlock *locks[] = {&s->rq[c].lock, &s->rq[c].plock};
		uint32_t i;

		for (i = 0; i < HS_QOS_COUNT; i++)
			s->rq[c].head_seen[i] = 0;
		/* The slow paths' sequence word: even (no section left open), then as new. */
		free = free && (atomic_load(&s->rq[c].slow_seq) & 1u) == 0;
		atomic_store(&s->rq[c].slow_seq, 0);

		for (i = 0; i < HS_ARRAY_SIZE(locks); i++) {
			struct hs_spinlock *l = locks[i];

			free = free && atomic_load(&l->next) == atomic_load(&l->owner);
			atomic_store(&l->next, 0);
			atomic_store(&l->owner, 0);
		}
	}
	return free;
}

/* Did exactly the expected reject counter rise by one (or none, CTR_NONE)? */
static bool rejects_moved_as(int where, uint32_t status, char *why, size_t n)
{
	uint32_t c, s;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		for (s = 0; s < HS_STATUS_COUNT; s++) {
			uint64_t b = atomic_load(&w_before.sched.rq[c].cnt.rejected[s]);
			uint64_t a = atomic_load(&w_after.sched.rq[c].cnt.rejected[s]);
			uint64_t want = b + ((int)c == where && s == status);

			if (a != want) {
				snprintf(why, n, "cpu%u reject[%s] %llu -> %llu", c,
					 hs_status_name(s), (unsigned long long)b,
					 (unsigned long long)a);
				return false;
			}
			atomic_store(&w_before.sched.rq[c].cnt.rejected[s], 0);
			atomic_store(&w_after.sched.rq[c].cnt.rejected[s], 0);
		}
	}
	for (s = 0; s < HS_STATUS_COUNT; s++) {
		uint64_t b = atomic_load(&w_before.sched.rejected_nowhere[s]);
		uint64_t a = atomic_load(&w_after.sched.rejected_nowhere[s]);

		if (a != b + (where == CTR_NOWHERE && s == status)) {
			snprintf(why, n, "nowhere reject[%s] %llu -> %llu", hs_status_name(s),
				 (unsigned long long)b, (unsigned long long)a);
			return false;
		}
		atomic_store(&w_before.sched.rejected_nowhere[s], 0);
		atomic_store(&w_after.sched.rejected_nowhere[s], 0);
	}
	return true;
}

static void before(void)
{
	capture(&w_before);
}

/*
 * The call answered @got: it must be @want, charged to @where, and the
 * world must be as it was.
 */
static void expect(uint32_t got, uint32_t want, int where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void expect(uint32_t got, uint32_t want, int where, const char *fmt, ...)
{
	char what[160], why[160] = "";
	bool ok = got == want;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	capture(&w_after);
	if (!ok)
		snprintf(why, sizeof(why), "answered %s, want %s", hs_status_name(got),
			 hs_status_name(want));
	if (ok && !rejects_moved_as(where, want, why, sizeof(why)))
		ok = false;
	if (ok && !(normalise_locks(&w_before.sched) & normalise_locks(&w_after.sched))) {
		ok = false;
		snprintf(why, sizeof(why), "a run-queue lock was left held");
	}
	if (ok && memcmp(&w_before.sched, &w_after.sched, sizeof(sched)) != 0) {
		ok = false;
		snprintf(why, sizeof(why), "scheduler state changed");
	}
	if (ok && (memcmp(w_before.ipi, w_after.ipi, sizeof(w_before.ipi)) != 0 ||
		   memcmp(w_before.idle_epoch, w_after.idle_epoch, sizeof(w_before.idle_epoch)))) {
		ok = false;
		snprintf(why, sizeof(why), "IPI counters or idle epochs changed");
	}
	if (ok && (memcmp(w_before.online, w_after.online, sizeof(w_before.online)) != 0 ||
		   memcmp(w_before.hartid, w_after.hartid, sizeof(w_before.hartid)) != 0 ||
		   memcmp(w_before.forced, w_after.forced, sizeof(w_before.forced)) != 0 ||
		   memcmp(w_before.ssip, w_after.ssip, sizeof(w_before.ssip)) != 0 ||
		   w_before.present != w_after.present || w_before.tp != w_after.tp ||
		   w_before.fallbacks != w_after.fallbacks ||
		   w_before.console_lines != w_after.console_lines)) {
		ok = false;
		snprintf(why, sizeof(why), "CPU tables, tp, SSIP or console changed");
	}
	tap(ok, "%s -> %s%s%s", what, hs_status_name(want), ok ? "" : ": ", why);
}

/*
 * expect() on one core call's outcome: the world is captured just before
 * @call is made, so the comparison covers that call alone.
 */
#define EXPECT_CALL(call, want, where, ...)                                                        \
	do {                                                                                       \
		before();                                                                          \
		expect((call).status, want, where, __VA_ARGS__);                                   \
	} while (0)

static const uint32_t bad_cpus[] = {HS_MAX_CPUS, HS_MAX_CPUS + 1, 255,	     256, 1000,
				    0x10000,	 UINT32_MAX - 1,  UINT32_MAX};
static const uint32_t bad_tasks[] = {HS_MAX_TASKS, HS_MAX_TASKS + 1, 1u << 20,
				     1u << 24,	   UINT32_MAX - 1,   UINT32_MAX};

/* A state with something everywhere: currents, queued work, a full class. */
static bool populate(void)
{
	struct hs_outcome o;
	struct hs_pick p;
	uint32_t t;
	bool ok = true;

	/* cpu0: current 10 (Normal), queued 11, 12 Normal and 13 PerfBurst. */
	ok &= hs_rq_enqueue(&sched, 10, HS_QOS_NORMAL).status == HS_OK;
	p = hs_rq_pick(&sched, 0);
	ok &= p.task == 10;
	ok &= hs_rq_enqueue(&sched, 11, HS_QOS_NORMAL).status == HS_OK;
	ok &= hs_rq_enqueue(&sched, 12, HS_QOS_NORMAL).status == HS_OK;
	ok &= hs_rq_enqueue(&sched, 13, HS_QOS_PERFBURST).status == HS_OK;
	/* cpu1: current 20 (Idle), its Idle class full, 21, 22 Normal. */
	ok &= hs_rq_enqueue_on(&sched, 1, 20, HS_QOS_IDLE).status == HS_OK;
	p = hs_rq_pick(&sched, 1);
	ok &= p.task == 20;
	for (t = 100; t < 100 + HS_QUEUE_CAPACITY; t++)
		ok &= hs_rq_enqueue_on(&sched, 1, t, HS_QOS_IDLE).status == HS_OK;
	ok &= hs_rq_enqueue_on(&sched, 1, 21, HS_QOS_NORMAL).status == HS_OK;
	ok &= hs_rq_enqueue_on(&sched, 1, 22, HS_QOS_NORMAL).status == HS_OK;
	/* cpu2: 30 queued Interactive, no current; task 40 came and went. */
	ok &= hs_rq_enqueue_on(&sched, 2, 30, HS_QOS_INTERACTIVE).status == HS_OK;
	ok &= hs_rq_enqueue_on(&sched, 2, 40, HS_QOS_NORMAL).status == HS_OK;
	ok &= hs_rq_purge(&sched, 40).status == HS_OK;
	/* IPI chain with history: cpu1 has one pending request, one coalesced. */
	ok &= hs_ipi_request_resched(1).status == HS_OK;
	ok &= hs_ipi_request_resched(1).status == HS_OK_COALESCED;
	o = hs_rq_set_steal_ceiling(&sched, 2, HS_QOS_INTERACTIVE);
	ok &= o.status == HS_OK;
	return ok;
}

static void bad_cpu_calls(void)
{
	uint32_t i, buf[4] = {7, 7, 7, 7};

	for (i = 0; i < HS_ARRAY_SIZE(bad_cpus); i++) {
		uint32_t c = bad_cpus[i];
		struct hs_outcome o;
		struct hs_pick p;
		struct hs_task_where wh;

		EXPECT_CALL(hs_rq_enqueue_on(&sched, c, 50, HS_QOS_NORMAL), HS_ERR_INVALID_CPU,
			    CTR_NOWHERE, "enqueue_on(cpu=%u)", c);
		before();
		p = hs_rq_pick(&sched, c);
		expect(p.task == HS_TASK_NONE && p.kind == HS_PICK_IDLE ? p.status : HS_OK,
		       HS_ERR_INVALID_CPU, CTR_NOWHERE, "pick(cpu=%u)", c);
		EXPECT_CALL(hs_rq_yield(&sched, c), HS_ERR_INVALID_CPU, CTR_NOWHERE,
			    "yield(cpu=%u)", c);
		EXPECT_CALL(hs_rq_finish(&sched, c), HS_ERR_INVALID_CPU, CTR_NOWHERE,
			    "finish(cpu=%u)", c);
		EXPECT_CALL(hs_rq_set_steal_ceiling(&sched, c, HS_QOS_NORMAL), HS_ERR_INVALID_CPU,
			    CTR_NONE, "set_steal_ceiling(cpu=%u)", c);
		EXPECT_CALL(hs_ipi_request_resched(c), HS_ERR_INVALID_CPU, CTR_NONE,
			    "request_resched(cpu=%u)", c);
		EXPECT_CALL(hs_ipi_force_send_failure(c, true), HS_ERR_INVALID_CPU, CTR_NONE,
			    "force_send_failure(cpu=%u)", c);
		EXPECT_CALL(hs_cpu_register(c, 77), HS_ERR_INVALID_CPU, CTR_NONE,
			    "cpu_register(cpu=%u)", c);
		before();
		o = hs_cpu_register_stack(c, (uintptr_t)buf, (uintptr_t)(buf + 4));
		expect(o.status == HS_ERR_INVALID_CPU && buf[0] == 7 ? o.status : HS_OK,
		       HS_ERR_INVALID_CPU, CTR_NONE, "cpu_register_stack(cpu=%u) writes nothing",
		       c);
		EXPECT_CALL(hs_cpu_mark_online(c), HS_ERR_INVALID_CPU, CTR_NONE,
			    "cpu_mark_online(cpu=%u)", c);
		EXPECT_CALL(hs_cpu_mark_offline(c), HS_ERR_INVALID_CPU, CTR_NONE,
			    "cpu_mark_offline(cpu=%u)", c);
		before();
		o = hs_cpu_install_tp(c);
		expect(o.status == HS_ERR_INVALID_CPU && hs_cpu_current() == 0 ? o.status : HS_OK,
		       HS_ERR_INVALID_CPU, CTR_NONE, "cpu_install_tp(cpu=%u) leaves tp alone", c);
		/* Queries and void calls: harmless answers, no effect. */
		before();
		hs_ipi_idle_progress(c);
		wh = hs_rq_where(&sched, 10);
		expect(hs_rq_len(&sched, c, HS_QOS_NORMAL) == 0 &&
				       hs_rq_current(&sched, c) == HS_TASK_NONE &&
				       hs_rq_snapshot(&sched, c, HS_QOS_NORMAL, buf, 4) == 0 &&
				       buf[0] == 7 && hs_ipi_counters(c).accepted == 0 &&
				       !hs_ipi_take_need_resched(c) && !hs_ipi_idle_once(c) &&
				       hs_ipi_idle_epoch(c) == 0 && !hs_cpu_is_online(c) &&
				       hs_cpu_hartid(c) == UINT64_MAX &&
				       !hs_trap_runtime_send_forced_fail(c) && wh.cpu == 0
			       ? HS_OK
			       : HS_ERR_INVALID_ARG,
		       HS_OK, CTR_NONE, "queries and void calls with cpu=%u change nothing", c);
	}
	before();
	expect(hs_cpu_from_hartid(0xdead) == HS_CPU_INVALID ? HS_OK : HS_ERR_INVALID_ARG, HS_OK,
	       CTR_NONE, "cpu_from_hartid(unknown)");
}

static void bad_qos_calls(void)
{
	uint32_t q, n = 0;
	struct hs_outcome o;

	for (q = HS_QOS_COUNT; q <= 256; q++) {
		EXPECT_CALL(hs_rq_enqueue_on(&sched, 0, 50, q), HS_ERR_INVALID_QOS, 0,
			    "enqueue_on(qos=%u)", q);
		EXPECT_CALL(hs_rq_enqueue(&sched, 50, q), HS_ERR_INVALID_QOS, 0, "enqueue(qos=%u)",
			    q);
		EXPECT_CALL(hs_rq_set_task_qos(&sched, 11, q), HS_ERR_INVALID_QOS, CTR_NOWHERE,
			    "set_task_qos(queued, qos=%u)", q);
		EXPECT_CALL(hs_rq_set_task_qos(&sched, 10, q), HS_ERR_INVALID_QOS, CTR_NOWHERE,
			    "set_task_qos(running, qos=%u)", q);
		EXPECT_CALL(hs_rq_set_steal_ceiling(&sched, 0, q), HS_ERR_INVALID_QOS, CTR_NONE,
			    "set_steal_ceiling(qos=%u)", q);
		before();
		expect(hs_rq_len(&sched, 0, q) == 0 && !hs_qos_valid(q) &&
				       strcmp(hs_qos_name(q), "invalid") == 0
			       ? HS_OK
			       : HS_ERR_INVALID_ARG,
		       HS_OK, CTR_NONE, "len/name(qos=%u)", q);
		n++;
	}
	o = hs_rq_enqueue_on(&sched, 0, 50, UINT32_MAX);
	tap(o.status == HS_ERR_INVALID_QOS, "enqueue_on(qos=UINT32_MAX) -> invalid-qos");
	tap(n == 253, "every QoS byte 4..256 tried (%u)", n);
}

static void bad_task_calls(void)
{
	uint32_t i;

	for (i = 0; i < HS_ARRAY_SIZE(bad_tasks); i++) {
		uint32_t t = bad_tasks[i];
		struct hs_task_where wh;

		EXPECT_CALL(hs_rq_enqueue_on(&sched, 2, t, HS_QOS_NORMAL), HS_ERR_INVALID_TASK, 2,
			    "enqueue_on(task=%u)", t);
		EXPECT_CALL(hs_rq_enqueue(&sched, t, HS_QOS_NORMAL), HS_ERR_INVALID_TASK, 0,
			    "enqueue(task=%u)", t);
		EXPECT_CALL(hs_rq_purge(&sched, t), HS_ERR_INVALID_TASK, CTR_NOWHERE,
			    "purge(task=%u)", t);
		EXPECT_CALL(hs_rq_set_task_qos(&sched, t, HS_QOS_NORMAL), HS_ERR_INVALID_TASK,
			    CTR_NOWHERE, "set_task_qos(task=%u)", t);
		before();
		wh = hs_rq_where(&sched, t);
		expect(wh.place == HS_TASK_FREE && wh.cpu == HS_CPU_INVALID ? HS_OK
									    : HS_ERR_INVALID_ARG,
		       HS_OK, CTR_NONE, "where(task=%u) is free/nowhere", t);
	}
}

/* Reused ids, offline targets, full queues, no current, bad config values. */
static void state_rejections(void)
{
	uint32_t order[HS_QUEUE_CAPACITY], n, x;
	struct hs_outcome o;

	EXPECT_CALL(hs_rq_enqueue_on(&sched, 2, 11, HS_QOS_NORMAL), HS_ERR_ALREADY_QUEUED, 2,
		    "enqueue_on(task queued on another cpu)");
	EXPECT_CALL(hs_rq_enqueue(&sched, 12, HS_QOS_PERFBURST), HS_ERR_ALREADY_QUEUED, 0,
		    "enqueue(task queued here, other class)");
	EXPECT_CALL(hs_rq_enqueue_on(&sched, 2, 10, HS_QOS_NORMAL), HS_ERR_ALREADY_RUNNING, 2,
		    "enqueue_on(task running on cpu0)");
	EXPECT_CALL(hs_rq_enqueue_on(&sched, 0, 20, HS_QOS_IDLE), HS_ERR_ALREADY_RUNNING, 0,
		    "enqueue_on(task running on cpu1)");
	EXPECT_CALL(hs_rq_purge(&sched, 40), HS_ERR_NOT_FOUND, CTR_NOWHERE, "purge(finished task)");
	EXPECT_CALL(hs_rq_set_task_qos(&sched, 40, HS_QOS_IDLE), HS_ERR_NOT_FOUND, CTR_NOWHERE,
		    "set_task_qos(finished task)");
	EXPECT_CALL(hs_rq_yield(&sched, 2), HS_ERR_NO_CURRENT, 2, "yield(cpu without current)");
	EXPECT_CALL(hs_rq_finish(&sched, 2), HS_ERR_NO_CURRENT, 2, "finish(cpu without current)");
	EXPECT_CALL(hs_rq_enqueue_on(&sched, OFFLINE_CPU, 50, HS_QOS_NORMAL), HS_ERR_CPU_OFFLINE,
		    OFFLINE_CPU, "enqueue_on(offline cpu%u)", OFFLINE_CPU);
	EXPECT_CALL(hs_ipi_request_resched(OFFLINE_CPU), HS_ERR_CPU_OFFLINE, CTR_NONE,
		    "request_resched(offline cpu%u)", OFFLINE_CPU);
	EXPECT_CALL(hs_ipi_request_resched(PRESENT + 5), HS_ERR_CPU_OFFLINE, CTR_NONE,
		    "request_resched(absent cpu%u)", PRESENT + 5);

	/* Full class: explicit QueueFull naming class and capacity. */
	before();
	o = hs_rq_enqueue_on(&sched, 1, 50, HS_QOS_IDLE);
	expect(o.status == HS_ERR_QUEUE_FULL && o.qos == HS_QOS_IDLE &&
			       o.capacity == HS_QUEUE_CAPACITY
		       ? o.status
		       : HS_OK,
	       HS_ERR_QUEUE_FULL, 1, "enqueue_on(full class) names qos and capacity");
	EXPECT_CALL(hs_rq_enqueue_on(&sched, 1, 10, HS_QOS_IDLE), HS_ERR_QUEUE_FULL, 1,
		    "enqueue_on(full class, running task)");
	EXPECT_CALL(hs_rq_yield(&sched, 1), HS_ERR_QUEUE_FULL, 1,
		    "yield into a full class: stays current");
	n = hs_rq_snapshot(&sched, 1, HS_QOS_NORMAL, order, HS_QUEUE_CAPACITY);
	EXPECT_CALL(hs_rq_set_task_qos(&sched, 21, HS_QOS_IDLE), HS_ERR_QUEUE_FULL, 1,
		    "set_task_qos into a full class");
	x = hs_rq_snapshot(&sched, 1, HS_QOS_NORMAL, order + n, HS_QUEUE_CAPACITY - n);
	tap(n == 2 && x == 2 && order[0] == 21 && order[2] == 21 && order[3] == 22 &&
		    hs_rq_where(&sched, 21).qos == HS_QOS_NORMAL,
	    "refused set_task_qos kept class and position");

	/* Configuration values out of range. */
	EXPECT_CALL(hs_rq_set_steal_max(&sched, 0), HS_ERR_INVALID_ARG, CTR_NONE,
		    "set_steal_max(0)");
	EXPECT_CALL(hs_rq_set_steal_max(&sched, HS_STEAL_MAX_LIMIT + 1), HS_ERR_INVALID_ARG,
		    CTR_NONE, "set_steal_max(%u)", HS_STEAL_MAX_LIMIT + 1);
	EXPECT_CALL(hs_rq_set_steal_max(&sched, UINT32_MAX), HS_ERR_INVALID_ARG, CTR_NONE,
		    "set_steal_max(UINT32_MAX)");
	EXPECT_CALL(hs_cpu_init_boot(0, 0), HS_ERR_INVALID_ARG, CTR_NONE,
		    "cpu_init_boot(present=0) resets nothing");
	EXPECT_CALL(hs_cpu_init_boot(0, HS_MAX_CPUS + 1), HS_ERR_INVALID_ARG, CTR_NONE,
		    "cpu_init_boot(present=%u)", HS_MAX_CPUS + 1);
	{
		static uint64_t stack[8] __attribute__((aligned(16)));
		uintptr_t lo = (uintptr_t)stack, hi = (uintptr_t)(stack + 8);

		EXPECT_CALL(hs_cpu_register_stack(2, hi, lo), HS_ERR_INVALID_ARG, CTR_NONE,
			    "register_stack(lo > hi)");
		EXPECT_CALL(hs_cpu_register_stack(2, lo + 4, hi), HS_ERR_INVALID_ARG, CTR_NONE,
			    "register_stack(misaligned lo)");
		EXPECT_CALL(hs_cpu_register_stack(2, lo, lo + 8), HS_ERR_INVALID_ARG, CTR_NONE,
			    "register_stack(too small)");
		tap(stack[0] == 0, "refused register_stack wrote no sentinel");
	}
	before();
	expect(strcmp(hs_status_name(HS_STATUS_COUNT), "unknown") == 0 &&
			       strcmp(hs_status_name(UINT32_MAX), "unknown") == 0
		       ? HS_OK
		       : HS_ERR_INVALID_ARG,
	       HS_OK, CTR_NONE, "status_name(out of range) is 'unknown'");
}

/* Calls made from somewhere that is not the boot CPU, or not a CPU at all. */
static void wrong_cpu_calls(void)
{
	struct hs_trap_runtime *rt = (struct hs_trap_runtime *)&rt;
	struct hs_outcome o;

	hs_host_arch_become_cpu(1);
	EXPECT_CALL(hs_ipi_force_send_failure(2, true), HS_ERR_NOT_BOOT_CPU, CTR_NONE,
		    "force_send_failure from cpu1");
	before();
	o = hs_trap_runtime_get(&rt);
	expect(o.status == HS_ERR_NOT_BOOT_CPU && rt == NULL ? o.status : HS_OK,
	       HS_ERR_NOT_BOOT_CPU, CTR_NONE, "trap_runtime_get from cpu1 yields NULL");
	/* No identity at all: tp cleared, and this stack is not registered. */
	hs_arch_write_tp(0);
	EXPECT_CALL(hs_rq_enqueue(&sched, 50, HS_QOS_NORMAL), HS_ERR_INVALID_CPU, CTR_NOWHERE,
		    "enqueue from an unidentified thread");
	EXPECT_CALL(hs_ipi_force_send_failure(2, true), HS_ERR_NOT_BOOT_CPU, CTR_NONE,
		    "force_send_failure from an unidentified thread");
	hs_host_arch_become_cpu(0);
}

int main(void)
{
	struct hs_outcome o;
	uint32_t c;
	bool ok;

	setvbuf(stdout, NULL, _IOLBF, 0);
	hs_host_arch_set_console_sink(count_console);
	o = hs_cpu_init_boot(0, PRESENT);
	ok = o.status == HS_OK;
	for (c = 1; c < PRESENT; c++)
		ok &= hs_cpu_register(c, 500 + c).status == HS_OK;
	hs_ipi_reset();
	hs_sched_init(&sched);
	hs_host_arch_become_cpu(0);
	for (c = 0; c < PRESENT; c++) {
		if (c != OFFLINE_CPU)
			ok &= hs_cpu_mark_online(c).status == HS_OK;
	}
	ok &= populate();
	tap(ok, "populated a state with currents, queues, a full class and IPI history");
	bad_cpu_calls();
	bad_qos_calls();
	bad_task_calls();
	state_rejections();
	wrong_cpu_calls();
	tap_plan();
	fprintf(stderr, "bad-input: %u checks, %u failed\n", tap_checks(), tap_failures());
	return tap_failures() ? 1 : 0;
}
