// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the input bytes are a program of core API calls made on
 * several CPUs by one thread (hs_host_arch_become_cpu switches identity).
 * Each call goes to the core and to the reference model (model.c); the
 * outcome and then the whole observable state (queues in order, currents,
 * task places, per-CPU counters and reject counters, online bits, the IPI
 * chain's counters and SSIP) must match after every call, else abort().
 *
 * Encoding: byte 0 picks the present CPU count (2..8); then each call is
 * an opcode byte (decode_op()) followed by up to three argument bytes. A CPU byte below
 * 0xf0 names CPU (b % (present + 2)), so two in-range absent CPUs occur;
 * 0xf0.. names out-of-range ids. Task bytes name ids 0..31, the last 16
 * ids, or invalid ones; QoS bytes are valid (b % 4) below 0xc0, else the
 * raw invalid byte 4..255.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/rq.h>

#include "host_arch.h"
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CALLS 4096

static struct hs_sched sched;
static struct model m;
static uint32_t identity; /* CPU this thread acts as, or HS_CPU_INVALID */
static const uint8_t *in;
static size_t in_len, in_pos;
static uint32_t call_no;
static char last_call[160];

static void quiet(const char *s, size_t len)
{
	(void)s;
	(void)len;
}

/* The platform refuses sends while the model says so. */
static int send_hook(uint32_t cpu)
{
	(void)cpu;
	return m.fail_sends ? -1 : 0;
}

static void mismatch(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void mismatch(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz MISMATCH after call %u (%s): ", call_no, last_call);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static uint8_t next_byte(void)
{
	return in_pos < in_len ? in[in_pos++] : 0;
}

static uint32_t arg_cpu(void)
{
	uint8_t b = next_byte();
	static const uint32_t bad[] = {HS_MAX_CPUS, HS_MAX_CPUS + 1, 255,	 256,
				       0x7fffffff,  UINT32_MAX - 1,  UINT32_MAX, HS_MAX_CPUS + 64};

	if (b < 0xf0)
		return b % (m.present + 2);
	return bad[b & 7];
}

static uint32_t arg_task(void)
{
	uint8_t b = next_byte();

	if (b < 0xd0)
		return b % M_LOW_TASKS;
	if (b < 0xf0)
		return HS_MAX_TASKS - 1 - (b & 0xf);
	if (b < 0xf8)
		return HS_MAX_TASKS + (b & 7);
	return b == 0xff ? UINT32_MAX : (1u << 24) + b;
}

static uint32_t arg_qos(void)
{
	uint8_t b = next_byte();

	if (b < 0xc0)
		return b % HS_QOS_COUNT;
	return b == 0xff ? 256u : HS_QOS_COUNT + (uint32_t)(b - 0xc0) * 4u;
}

/*
 * What hs_cpu_current() must answer for this thread: its identity if that
 * CPU was registered (only present CPUs are), else nothing (fail closed).
 */
static uint32_t resolved(void)
{
	return identity < m.present ? identity : HS_CPU_INVALID;
}

/* Switch this thread's identity (tp) to @cpu, or to no CPU at all. */
static void become(uint32_t cpu)
{
	identity = cpu;
	if (cpu == HS_CPU_INVALID)
		hs_arch_write_tp(0);
	else
		hs_host_arch_become_cpu(cpu);
}

/*
 * A core call may restore interrupts, and the host arch then takes the
 * identity CPU's pending S_SOFT: one raised before the call, or one the
 * call raised itself (a resend to its own CPU, taken when the IPI path
 * restores interrupts). Count the identity CPU's traps around each call
 * and replay each on the model, after the call's own model step.
 */
static uint64_t traps_before;

static void call_begin(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void call_begin(const char *fmt, ...)
{
	va_list ap;

	call_no++;
	va_start(ap, fmt);
	vsnprintf(last_call, sizeof(last_call), fmt, ap);
	va_end(ap);
	traps_before = resolved() != HS_CPU_INVALID ? hs_ipi_counters(identity).trap : 0;
}

static void call_end(void)
{
	uint64_t n;

	if (resolved() == HS_CPU_INVALID)
		return;
	for (n = hs_ipi_counters(identity).trap; n > traps_before; n--)
		m_trap(&m, identity);
}

static void same_outcome(struct hs_outcome got, struct hs_outcome want)
{
	if (got.status != want.status)
		mismatch("outcome %s, model %s", hs_status_name(got.status),
			 hs_status_name(want.status));
	if (want.status == HS_ERR_QUEUE_FULL &&
	    (got.qos != want.qos || got.capacity != want.capacity))
		mismatch("queue-full names qos %u cap %u, model qos %u cap %u", got.qos,
			 got.capacity, want.qos, want.capacity);
}

static bool ipi_equal(struct hs_ipi_counters a, struct hs_ipi_counters b)
{
	return a.accepted == b.accepted && a.sent_ok == b.sent_ok && a.coalesced == b.coalesced &&
	       a.send_failed == b.send_failed && a.trap == b.trap && a.ack == b.ack &&
	       a.resent == b.resent && a.resend_failed == b.resend_failed;
}

static uint64_t ld(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

/*
 * Compare everything observable. The queries lock run queues, so they
 * run with no CPU identity: no trap can be taken while comparing.
 */
static void compare_state(void)
{
	static uint32_t buf[HS_QUEUE_CAPACITY + 1];
	uint32_t saved = identity, c, q, s;
	int i;

	become(HS_CPU_INVALID);
	for (c = 0; c < M_CPUS; c++) {
		const struct m_cpu *mc = &m.cpu[c];
		const struct hs_rq_counters *k = &sched.rq[c].cnt;

		for (q = 0; q < HS_QOS_COUNT; q++) {
			uint32_t n = hs_rq_snapshot(&sched, c, q, buf, HS_QUEUE_CAPACITY + 1);

			if (n != mc->q[q].n || hs_rq_len(&sched, c, q) != n ||
			    memcmp(buf, mc->q[q].slot, n * sizeof(buf[0])) != 0)
				mismatch("cpu%u/%s holds %u tasks (first %u), model %u (first %u)",
					 c, hs_qos_name(q), n, n ? buf[0] : 0, mc->q[q].n,
					 mc->q[q].n ? mc->q[q].slot[0] : 0);
		}
		if (hs_rq_current(&sched, c) != mc->current)
			mismatch("cpu%u current %u, model %u", c, hs_rq_current(&sched, c),
				 mc->current);
		if (ld(&k->enqueued) != mc->enqueued || ld(&k->picked) != mc->picked ||
		    ld(&k->stolen) != mc->stolen || ld(&k->steal_ops) != mc->steal_ops ||
		    ld(&k->yields) != mc->yields || ld(&k->finished) != mc->finished ||
		    ld(&k->purged) != mc->purged || ld(&k->moved) != mc->moved ||
		    ld(&k->contended) != 0)
			mismatch("cpu%u counters differ from the model", c);
		for (s = 0; s < HS_STATUS_COUNT; s++) {
			if (ld(&k->rejected[s]) != mc->rejected[s])
				mismatch("cpu%u rejected[%s] %llu, model %llu", c,
					 hs_status_name(s), (unsigned long long)ld(&k->rejected[s]),
					 (unsigned long long)mc->rejected[s]);
		}
		if (hs_cpu_is_online(c) != mc->online)
			mismatch("cpu%u online %d, model %d", c, hs_cpu_is_online(c), mc->online);
		if (!ipi_equal(hs_ipi_counters(c), mc->ipi))
			mismatch("cpu%u IPI counters differ from the model (ack %llu/%llu trap "
				 "%llu/%llu sent %llu/%llu)",
				 c, (unsigned long long)hs_ipi_counters(c).ack,
				 (unsigned long long)mc->ipi.ack,
				 (unsigned long long)hs_ipi_counters(c).trap,
				 (unsigned long long)mc->ipi.trap,
				 (unsigned long long)hs_ipi_counters(c).sent_ok,
				 (unsigned long long)mc->ipi.sent_ok);
		if ((hs_host_arch_soft_pending(c) != 0) != mc->ssip)
			mismatch("cpu%u SSIP %d, model %d", c, hs_host_arch_soft_pending(c),
				 mc->ssip);
		if (hs_ipi_idle_epoch(c) != mc->idle_epoch)
			mismatch("cpu%u idle epoch differs", c);
		if (hs_trap_runtime_send_forced_fail(c) != mc->forced_fail)
			mismatch("cpu%u forced-fail bit differs", c);
	}
	for (s = 0; s < HS_STATUS_COUNT; s++) {
		if (ld(&sched.rejected_nowhere[s]) != m.rejected_nowhere[s])
			mismatch("rejected_nowhere[%s] %llu, model %llu", hs_status_name(s),
				 (unsigned long long)ld(&sched.rejected_nowhere[s]),
				 (unsigned long long)m.rejected_nowhere[s]);
	}
	for (i = 0; i < M_TASKS; i++) {
		struct hs_task_where w = hs_rq_where(&sched, m_task_id(i));
		const struct m_task *t = &m.task[i];

		if (w.place != t->place ||
		    (t->place != HS_TASK_FREE && (w.cpu != t->cpu || w.qos != t->qos)))
			mismatch("task %u at place %u cpu%u qos %u, model place %u cpu%u qos %u",
				 m_task_id(i), w.place, w.cpu, w.qos, t->place, t->cpu, t->qos);
	}
	if (atomic_load(&sched.steal_max) != m.steal_max)
		mismatch("steal_max %u, model %u", atomic_load(&sched.steal_max), m.steal_max);
	become(saved);
}

static void do_pick(uint32_t cpu)
{
	struct hs_pick got, want;

	call_begin("pick(%u)", cpu);
	got = hs_rq_pick(&sched, cpu);
	want = m_pick(&m, cpu);
	call_end();
	if (got.status != want.status || got.kind != want.kind || got.task != want.task ||
	    got.stolen != want.stolen)
		mismatch(
			"pick {%s kind %u task %u stolen %u}, model {%s kind %u task %u stolen %u}",
			hs_status_name(got.status), got.kind, got.task, got.stolen,
			hs_status_name(want.status), want.kind, want.task, want.stolen);
}

static void do_pick_next(uint32_t cpu)
{
	struct hs_pick got, want;

	call_begin("pick_next(%u)", cpu);
	got = hs_rq_pick_next(&sched, cpu);
	want = m_pick_next(&m, cpu);
	call_end();
	if (got.status != want.status || got.kind != want.kind || got.task != want.task ||
	    got.stolen != want.stolen || got.finished != want.finished)
		mismatch("pick_next {%s kind %u task %u stolen %u finished %u}, model {%s kind %u "
			 "task %u stolen %u finished %u}",
			 hs_status_name(got.status), got.kind, got.task, got.stolen, got.finished,
			 hs_status_name(want.status), want.kind, want.task, want.stolen,
			 want.finished);
}

/*
 * Opcode byte -> call number. Calls 0..19 are op % 20, as the corpus was
 * recorded. Call 20 (pick_next) came later: it takes three bytes that were
 * second spellings of enqueue_on (0xf1), pick (0xf4) and request_resched
 * (0xff), so older corpus inputs keep their meaning unless they used those.
 */
static uint32_t decode_op(uint8_t op)
{
	if (op == 0xf1 || op == 0xf4 || op == 0xff)
		return 20;
	return op % 20u;
}

/* One decoded call. */
static void one_call(uint8_t op)
{
	struct hs_outcome got, want;
	uint32_t a, b, c;

	switch (decode_op(op)) {
	case 0:
	case 1:
		a = arg_cpu(), b = arg_task(), c = arg_qos();
		call_begin("enqueue_on(%u, %u, %u)", a, b, c);
		got = hs_rq_enqueue_on(&sched, a, b, c);
		want = m_enqueue_on(&m, a, b, c);
		call_end();
		same_outcome(got, want);
		break;
	case 2:
		b = arg_task(), c = arg_qos();
		call_begin("enqueue(%u, %u) as cpu %u", b, c, identity);
		got = hs_rq_enqueue(&sched, b, c);
		if (resolved() == HS_CPU_INVALID) {
			m.rejected_nowhere[HS_ERR_INVALID_CPU]++;
			want = hs_outcome_of(HS_ERR_INVALID_CPU);
		} else {
			want = m_enqueue_on(&m, identity, b, c);
		}
		call_end();
		same_outcome(got, want);
		break;
	case 3:
	case 4:
		do_pick(arg_cpu());
		break;
	case 5:
		a = arg_cpu();
		call_begin("yield(%u)", a);
		got = hs_rq_yield(&sched, a);
		want = m_yield(&m, a);
		call_end();
		same_outcome(got, want);
		break;
	case 6:
		a = arg_cpu();
		call_begin("finish(%u)", a);
		got = hs_rq_finish(&sched, a);
		want = m_finish(&m, a);
		call_end();
		same_outcome(got, want);
		break;
	case 7:
		b = arg_task();
		call_begin("purge(%u)", b);
		got = hs_rq_purge(&sched, b);
		want = m_purge(&m, b);
		call_end();
		same_outcome(got, want);
		break;
	case 8:
		b = arg_task(), c = arg_qos();
		call_begin("set_task_qos(%u, %u)", b, c);
		got = hs_rq_set_task_qos(&sched, b, c);
		want = m_set_task_qos(&m, b, c);
		call_end();
		same_outcome(got, want);
		break;
	case 9:
		a = next_byte();
		a = a < 0xf0 ? a % 18 : (a == 0xff ? UINT32_MAX : a);
		call_begin("set_steal_max(%u)", a);
		got = hs_rq_set_steal_max(&sched, a);
		want = m_set_steal_max(&m, a);
		call_end();
		same_outcome(got, want);
		break;
	case 10:
		a = arg_cpu(), c = arg_qos();
		call_begin("set_steal_ceiling(%u, %u)", a, c);
		got = hs_rq_set_steal_ceiling(&sched, a, c);
		want = m_set_steal_ceiling(&m, a, c);
		call_end();
		same_outcome(got, want);
		break;
	case 11:
		a = next_byte();
		become(a < 0xf0 ? a % (m.present + 2) : HS_CPU_INVALID);
		snprintf(last_call, sizeof(last_call), "become(%u)", identity);
		break;
	case 12:
		a = arg_cpu();
		call_begin("mark_offline(%u)", a);
		got = hs_cpu_mark_offline(a);
		want = hs_outcome_of(a < HS_MAX_CPUS ? HS_OK : HS_ERR_INVALID_CPU);
		if (a < M_CPUS)
			m.cpu[a].online = false;
		call_end();
		same_outcome(got, want);
		break;
	case 13:
		a = arg_cpu();
		call_begin("mark_online(%u)", a);
		got = hs_cpu_mark_online(a);
		want = hs_outcome_of(a < HS_MAX_CPUS ? HS_OK : HS_ERR_INVALID_CPU);
		if (a < M_CPUS)
			m.cpu[a].online = true;
		call_end();
		same_outcome(got, want);
		break;
	case 14:
	case 15:
		a = arg_cpu();
		call_begin("request_resched(%u)", a);
		got = hs_ipi_request_resched(a);
		want = m_request_resched(&m, a);
		call_end();
		same_outcome(got, want);
		break;
	case 16: {
		/* Interrupts on for a moment (or an idle turn) as the identity CPU. */
		unsigned long flags;

		if (next_byte() & 1) {
			a = identity;
			call_begin("idle_once(%u)", a);
			{
				bool resched = hs_ipi_idle_once(a), want_resched = false;

				call_end();
				if (a < M_CPUS) {
					m.cpu[a].idle_epoch++;
					want_resched = m.cpu[a].need_resched;
					m.cpu[a].need_resched = false;
				}
				if (resched != want_resched)
					mismatch("idle_once resched %d, model %d", resched,
						 want_resched);
			}
		} else {
			call_begin("irq_restore as cpu %u", identity);
			flags = hs_arch_irq_save();
			hs_arch_irq_restore(flags);
			call_end();
		}
		break;
	}
	case 17:
		a = next_byte();
		call_begin("platform %s sends", (a & 1) ? "refuses" : "accepts");
		m.fail_sends = a & 1;
		call_end();
		break;
	case 18:
		a = arg_cpu(), b = next_byte() & 1;
		call_begin("force_send_failure(%u, %u) as cpu %u", a, b, identity);
		got = hs_ipi_force_send_failure(a, b);
		if (a >= HS_MAX_CPUS)
			want = hs_outcome_of(HS_ERR_INVALID_CPU);
		else if (resolved() != 0)
			want = hs_outcome_of(HS_ERR_NOT_BOOT_CPU);
		else {
			want = hs_outcome_of(HS_OK);
			if (b)
				m.cpu[a].forced_fail = true;
			else
				m_force_off(&m, a);
		}
		call_end();
		same_outcome(got, want);
		break;
	case 20:
		do_pick_next(arg_cpu());
		break;
	default:
		a = next_byte();
		if (a & 1) {
			/* A stray software interrupt: a raw platform send. */
			a = a % (m.present + 2);
			call_begin("stray S_SOFT to %u", a);
			if (hs_arch_send_ipi(a) != m_raw_send(&m, a))
				mismatch("raw send answered differently");
			call_end();
		} else {
			a = a % (m.present + 2);
			call_begin("take_need_resched(%u)", a);
			if (hs_ipi_take_need_resched(a) != m.cpu[a].need_resched)
				mismatch("need_resched of cpu%u differs", a);
			m.cpu[a].need_resched = false;
			call_end();
		}
		break;
	}
}

/* Fresh core and model for each input. */
static void reset(uint32_t present)
{
	uint32_t c;

	hs_host_arch_set_console_sink(quiet);
	hs_host_arch_set_send_hook(send_hook);
	/*
	 * The host arch keeps each CPU's SSIP across inputs: register every
	 * CPU an input may name and let each take its leftover trap.
	 */
	if (hs_cpu_init_boot(0, M_CPUS).status != HS_OK)
		abort();
	for (c = 0; c < M_CPUS; c++) {
		unsigned long flags;

		if (hs_cpu_register(c, 100 + c).status != HS_OK)
			abort();
		hs_host_arch_become_cpu(c);
		flags = hs_arch_irq_save();
		hs_arch_irq_restore(1);
		hs_arch_irq_restore(flags);
	}
	become(HS_CPU_INVALID);
	if (hs_cpu_init_boot(0, present).status != HS_OK)
		abort();
	for (c = 1; c < present; c++) {
		if (hs_cpu_register(c, 100 + c).status != HS_OK)
			abort();
	}
	hs_ipi_reset();
	hs_sched_init(&sched);
	m_init(&m, present);
	for (c = 0; c < present; c++) {
		if (hs_cpu_mark_online(c).status != HS_OK)
			abort();
		m.cpu[c].online = true;
	}
	become(0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t calls = 0;

	if (size == 0)
		return 0;
	in = data;
	in_len = size;
	in_pos = 1;
	call_no = 0;
	reset(2 + data[0] % (M_MAX_PRESENT - 1));
	compare_state();
	while (in_pos < in_len && calls++ < MAX_CALLS) {
		one_call(next_byte());
		compare_state();
	}
	return 0;
}
