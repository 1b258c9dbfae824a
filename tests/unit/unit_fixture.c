// SPDX-License-Identifier: MIT
/*
 * Shared set-up and assertions for the core's unit tests (see unit_fixture.h).
 */
#include "unit_fixture.h"

#include <hartsched/arch.h>

#include <string.h>

struct hs_sched unit_sched;

/* Captured console; writers are serialised by the core's console lock. */
static char console_buf[8192];
static size_t console_len;

/* Console sink: keep what fits, so tests can inspect what the core printed. */
static void console_capture(const char *s, size_t len)
{
	size_t room = sizeof(console_buf) - 1 - console_len;

	if (len > room)
		len = room;
	memcpy(console_buf + console_len, s, len);
	console_len += len;
	console_buf[console_len] = '\0';
}

const char *unit_console_text(void)
{
	return console_buf;
}

void unit_console_clear(void)
{
	console_len = 0;
	console_buf[0] = '\0';
}

void unit_boot(uint32_t present, uint32_t online)
{
	uint32_t c;

	g_assert_cmpuint(present, >=, 1);
	g_assert_cmpuint(online, <=, present);
	unit_console_clear();
	hs_host_arch_set_console_sink(console_capture);
	hs_host_arch_set_send_hook(NULL);
	UNIT_EXPECT(hs_cpu_init_boot(0, present), HS_OK);
	for (c = 1; c < present; c++)
		UNIT_EXPECT(hs_cpu_register(c, c), HS_OK);
	/* Drop any SSIP an earlier test left raised, as each CPU's trap would. */
	for (c = 0; c < present; c++) {
		hs_host_arch_become_cpu(c);
		hs_arch_clear_soft_pending();
	}
	hs_host_arch_become_cpu(0);
	for (c = 0; c < online; c++)
		UNIT_EXPECT(hs_cpu_mark_online(c), HS_OK);
	hs_ipi_reset();
	hs_sched_init(&unit_sched);
}

void unit_enqueue(uint32_t cpu, uint32_t task, uint32_t qos)
{
	UNIT_EXPECT(hs_rq_enqueue_on(&unit_sched, cpu, task, qos), HS_OK);
}

void unit_enqueue_run(uint32_t cpu, uint32_t first, uint32_t n, uint32_t qos)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		unit_enqueue(cpu, first + i, qos);
}

void unit_pick_expect(uint32_t cpu, uint32_t kind, uint32_t task)
{
	struct hs_pick p = hs_rq_pick(&unit_sched, cpu);

	g_assert_cmpstr(hs_status_name(p.status), ==, hs_status_name(HS_OK));
	g_assert_cmpuint(p.kind, ==, kind);
	g_assert_cmpuint(p.task, ==, task);
	g_assert_cmpuint(hs_rq_current(&unit_sched, cpu), ==, task);
}

struct hs_pick unit_decide_while_locked(uint32_t holder, uint32_t cpu, unit_decide_fn decide)
{
	unsigned long flags;
	struct hs_pick p;

	hs_host_arch_become_cpu(holder);
	flags = hs_arch_irq_save();
	hs_spin_lock(&unit_sched.rq[holder].lock);
	atomic_fetch_add(&unit_sched.rq[holder].slow_seq, 1); /* in a slow section (odd) */
	hs_host_arch_become_cpu(cpu);
	p = decide(&unit_sched, cpu);
	hs_host_arch_become_cpu(holder);
	atomic_fetch_add(&unit_sched.rq[holder].slow_seq, 1);
	hs_spin_unlock(&unit_sched.rq[holder].lock);
	hs_arch_irq_restore(flags);
	hs_host_arch_become_cpu(0);
	return p;
}

void unit_assert_where(uint32_t task, uint32_t place, uint32_t cpu, uint32_t qos)
{
	struct hs_task_where w = hs_rq_where(&unit_sched, task);

	g_assert_cmpuint(w.place, ==, place);
	if (place == HS_TASK_FREE) {
		g_assert_cmpuint(w.cpu, ==, HS_CPU_INVALID);
		return;
	}
	g_assert_cmpuint(w.cpu, ==, cpu);
	g_assert_cmpstr(hs_qos_name(w.qos), ==, hs_qos_name(qos));
}

void unit_assert_queue(uint32_t cpu, uint32_t qos, const uint32_t *want, uint32_t n)
{
	uint32_t got[HS_QUEUE_CAPACITY + 1];
	uint32_t i, len;

	g_assert_cmpuint(n, <=, HS_QUEUE_CAPACITY);
	len = hs_rq_snapshot(&unit_sched, cpu, qos, got, HS_ARRAY_SIZE(got));
	g_assert_cmpuint(len, ==, n);
	g_assert_cmpuint(hs_rq_len(&unit_sched, cpu, qos), ==, n);
	for (i = 0; i < n; i++)
		g_assert_cmpuint(got[i], ==, want[i]);
}

void unit_assert_cpu_queues_empty(uint32_t cpu)
{
	uint32_t q;

	for (q = 0; q < HS_QOS_COUNT; q++)
		unit_assert_queue(cpu, q, NULL, 0);
}

void unit_image_take(struct unit_image *img)
{
	uint32_t c, q;

	memset(img, 0, sizeof(*img));
	img->present = hs_cpu_present();
	g_assert_cmpuint(img->present, <=, UNIT_MAX_PRESENT);
	for (c = 0; c < img->present; c++) {
		img->current[c] = hs_rq_current(&unit_sched, c);
		for (q = 0; q < HS_QOS_COUNT; q++) {
			img->len[c][q] = hs_rq_snapshot(&unit_sched, c, q, img->slot[c][q],
							HS_QUEUE_CAPACITY);
			g_assert_cmpuint(hs_rq_len(&unit_sched, c, q), ==, img->len[c][q]);
		}
	}
}

void unit_image_assert_equal(const struct unit_image *before, const struct unit_image *after)
{
	uint32_t c, q, i;

	g_assert_cmpuint(before->present, ==, after->present);
	for (c = 0; c < before->present; c++) {
		g_assert_cmpuint(before->current[c], ==, after->current[c]);
		for (q = 0; q < HS_QOS_COUNT; q++) {
			g_assert_cmpuint(before->len[c][q], ==, after->len[c][q]);
			for (i = 0; i < before->len[c][q]; i++)
				g_assert_cmpuint(before->slot[c][q][i], ==, after->slot[c][q][i]);
		}
	}
}

void unit_image_assert_unchanged(const struct unit_image *before)
{
	struct unit_image now;

	unit_image_take(&now);
	unit_image_assert_equal(before, &now);
}

/* Copy a live counter block into plain numbers (relaxed: tests are quiescent). */
static void counts_copy(const struct hs_rq_counters *src, struct unit_counts *out)
{
	uint32_t i;

	out->enqueued = atomic_load_explicit(&src->enqueued, memory_order_relaxed);
	out->picked = atomic_load_explicit(&src->picked, memory_order_relaxed);
	out->stolen = atomic_load_explicit(&src->stolen, memory_order_relaxed);
	out->steal_ops = atomic_load_explicit(&src->steal_ops, memory_order_relaxed);
	out->contended = atomic_load_explicit(&src->contended, memory_order_relaxed);
	out->yields = atomic_load_explicit(&src->yields, memory_order_relaxed);
	out->finished = atomic_load_explicit(&src->finished, memory_order_relaxed);
	out->purged = atomic_load_explicit(&src->purged, memory_order_relaxed);
	out->moved = atomic_load_explicit(&src->moved, memory_order_relaxed);
	for (i = 0; i < HS_STATUS_COUNT; i++)
		out->rejected[i] = atomic_load_explicit(&src->rejected[i], memory_order_relaxed);
}

void unit_counts_read(uint32_t cpu, struct unit_counts *out)
{
	g_assert_cmpuint(cpu, <, HS_MAX_CPUS);
	counts_copy(&unit_sched.rq[cpu].cnt, out);
}

void unit_counts_read_nowhere(struct unit_counts *out)
{
	uint32_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < HS_STATUS_COUNT; i++)
		out->rejected[i] =
			atomic_load_explicit(&unit_sched.rejected_nowhere[i], memory_order_relaxed);
}

/* Field-by-field comparison; the message names the field that differs. */
static void counts_assert_equal(const char *who, const struct unit_counts *got,
				const struct unit_counts *want)
{
	uint32_t i;

#define UNIT_COUNT_EQ(field)                                                                       \
	do {                                                                                       \
		if (got->field != want->field)                                                     \
			g_error("%s counter %s: got %" G_GUINT64_FORMAT                            \
				", want %" G_GUINT64_FORMAT,                                       \
				who, #field, got->field, want->field);                             \
	} while (0)
	UNIT_COUNT_EQ(enqueued);
	UNIT_COUNT_EQ(picked);
	UNIT_COUNT_EQ(stolen);
	UNIT_COUNT_EQ(steal_ops);
	UNIT_COUNT_EQ(contended);
	UNIT_COUNT_EQ(yields);
	UNIT_COUNT_EQ(finished);
	UNIT_COUNT_EQ(purged);
	UNIT_COUNT_EQ(moved);
#undef UNIT_COUNT_EQ
	for (i = 0; i < HS_STATUS_COUNT; i++) {
		if (got->rejected[i] != want->rejected[i])
			g_error("%s counter rejected[%s]: got %" G_GUINT64_FORMAT
				", want %" G_GUINT64_FORMAT,
				who, hs_status_name(i), got->rejected[i], want->rejected[i]);
	}
}

void unit_assert_counts(uint32_t cpu, const struct unit_counts *want)
{
	struct unit_counts got;
	char who[32];

	unit_counts_read(cpu, &got);
	g_snprintf(who, sizeof(who), "cpu%u", cpu);
	counts_assert_equal(who, &got, want);
}

void unit_assert_counts_nowhere(const struct unit_counts *want)
{
	struct unit_counts got;

	unit_counts_read_nowhere(&got);
	counts_assert_equal("nowhere", &got, want);
}

void unit_trap_on(uint32_t cpu)
{
	hs_host_arch_become_cpu(cpu);
	hs_ipi_handle_soft();
	hs_host_arch_become_cpu(0);
}

/* What the send hooks below do to the first send, and B's outcome. */
static _Atomic uint32_t ipi_stage;
static bool ipi_refuse_resend;
static struct hs_outcome ipi_b;

/* First send (A's): CPU 2's request B coalesces onto A's claim, then A is refused. */
static int refuse_after_coalesce(uint32_t cpu)
{
	if (atomic_exchange(&ipi_stage, 1) != 0)
		return ipi_refuse_resend ? -1 : 0; /* the resend */
	hs_host_arch_become_cpu(2);
	ipi_b = hs_ipi_request_resched(cpu);
	hs_host_arch_become_cpu(0);
	return -1;
}

/* First send (A's): a stray trap takes A's claim, B claims and sends, A is refused. */
static int refuse_after_later_claim(uint32_t cpu)
{
	if (atomic_exchange(&ipi_stage, 1) != 0)
		return 0; /* B's send (and any later one) is delivered */
	unit_trap_on(cpu);
	ipi_b = hs_ipi_request_resched(cpu);
	return -1;
}

/* Request A from CPU 0 to @target with @hook as the platform's send. */
static struct hs_outcome ipi_interleave(uint32_t target, hs_host_send_hook hook,
					struct hs_outcome *b)
{
	struct hs_outcome a;

	atomic_store(&ipi_stage, 0);
	hs_host_arch_set_send_hook(hook);
	a = hs_ipi_request_resched(target);
	hs_host_arch_set_send_hook(NULL);
	*b = ipi_b;
	return a;
}

struct hs_outcome unit_ipi_coalesce_onto_refused(uint32_t target, bool refuse_resend,
						 struct hs_outcome *b)
{
	ipi_refuse_resend = refuse_resend;
	return ipi_interleave(target, refuse_after_coalesce, b);
}

struct hs_outcome unit_ipi_later_claim_then_refused(uint32_t target, struct hs_outcome *b)
{
	return ipi_interleave(target, refuse_after_later_claim, b);
}
