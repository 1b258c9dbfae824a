// SPDX-License-Identifier: MIT
/*
 * Gathering the per-hart figures (emu/stats_row.h). Counters are read with
 * relaxed loads (emu/counter.h): the harts have stopped, the joins order it.
 */
#include <hartsched/cpu.h>
#include <hartsched/rq.h>

#include <emu/counter.h>
#include <emu/harts.h>
#include <emu/sched.h>
#include <emu/stats_row.h>

#include <string.h>

struct hs_emu_row hs_emu_row_of(uint32_t cpu)
{
	const struct hs_rq_counters *c = &hs_emu_sched.rq[cpu].cnt;
	struct hs_emu_sched_stats s = hs_emu_sched_stats(cpu);
	struct hs_emu_row r;
	uint32_t i;

	memset(&r, 0, sizeof(r));
	r.turns = s.decisions;
	r.runs = s.runs;
	r.noop_turns = s.idle;
	r.local_picks = hs_emu_counter_read(&c->picked);
	r.steal_count = hs_emu_counter_read(&c->stolen);
	r.steal_operations = hs_emu_counter_read(&c->steal_ops);
	r.steal_contended = hs_emu_counter_read(&c->contended);
	r.yields = hs_emu_counter_read(&c->yields);
	r.yield_refused = s.yield_full;
	r.finishes = hs_emu_counter_read(&c->finished);
	r.offline_parks = hs_emu_hart_stats(cpu).parks;
	for (i = 0; i < HS_STATUS_COUNT; i++)
		r.wakes_sent += s.wake_ipi[i];
	r.m = hs_emu_metrics_of(cpu);
	r.ipi = hs_ipi_counters(cpu);
	r.irq = hs_emu_irq_stats(hs_cpu_hartid(cpu));
	for (i = 0; i < HS_STATUS_COUNT; i++)
		r.rejects[i] = hs_emu_counter_read(&c->rejected[i]);
	return r;
}

/* Add @r into @sum, field by field (depth: the maximum). */
static void row_add(struct hs_emu_row *sum, const struct hs_emu_row *r)
{
	uint32_t i;

	sum->turns += r->turns;
	sum->runs += r->runs;
	sum->noop_turns += r->noop_turns;
	sum->local_picks += r->local_picks;
	sum->steal_count += r->steal_count;
	sum->steal_operations += r->steal_operations;
	sum->steal_contended += r->steal_contended;
	sum->yields += r->yields;
	sum->yield_refused += r->yield_refused;
	sum->finishes += r->finishes;
	sum->offline_parks += r->offline_parks;
	sum->wakes_sent += r->wakes_sent;
	sum->m.busy_ns += r->m.busy_ns;
	sum->m.idle_ns += r->m.idle_ns;
	for (i = 0; i < HS_QOS_COUNT; i++) {
		if (r->m.depth_max[i] > sum->m.depth_max[i])
			sum->m.depth_max[i] = r->m.depth_max[i];
		sum->m.overflow[i] += r->m.overflow[i];
	}
	sum->ipi.accepted += r->ipi.accepted;
	sum->ipi.sent_ok += r->ipi.sent_ok;
	sum->ipi.coalesced += r->ipi.coalesced;
	sum->ipi.send_failed += r->ipi.send_failed;
	sum->ipi.trap += r->ipi.trap;
	sum->ipi.ack += r->ipi.ack;
	sum->ipi.resent += r->ipi.resent;
	sum->ipi.resend_failed += r->ipi.resend_failed;
	sum->irq.signals += r->irq.signals;
	sum->irq.deferred += r->irq.deferred;
	sum->irq.spurious += r->irq.spurious;
	sum->irq.traps += r->irq.traps;
	sum->irq.replays += r->irq.replays;
	sum->irq.fake_traps += r->irq.fake_traps;
	sum->irq.dropped += r->irq.dropped;
	sum->irq.kicks += r->irq.kicks;
	sum->irq.wfi += r->irq.wfi;
	for (i = 0; i < HS_STATUS_COUNT; i++)
		sum->rejects[i] += r->rejects[i];
}

struct hs_emu_row hs_emu_row_total(uint32_t nharts)
{
	struct hs_emu_row sum;
	uint32_t c, i;

	memset(&sum, 0, sizeof(sum));
	for (c = 0; c < nharts; c++) {
		struct hs_emu_row r = hs_emu_row_of(c);

		row_add(&sum, &r);
	}
	for (i = 0; i < HS_STATUS_COUNT; i++)
		sum.rejects[i] += hs_emu_counter_read(&hs_emu_sched.rejected_nowhere[i]);
	return sum;
}

void hs_emu_row_latency(uint32_t qos, uint32_t nharts, bool wakeup, struct hs_emu_hist *out)
{
	uint32_t c;

	hs_emu_hist_reset(out);
	for (c = 0; c < nharts; c++)
		hs_emu_hist_merge(out, wakeup ? hs_emu_metrics_wake_hist(c, qos)
					      : hs_emu_sched_wait_hist(c, qos));
}

struct hs_emu_reject_snapshot hs_emu_row_rejects_now(uint32_t nharts)
{
	struct hs_emu_reject_snapshot s;
	struct hs_emu_row t = hs_emu_row_total(nharts);

	memcpy(s.rejects, t.rejects, sizeof(s.rejects));
	s.send_failed = t.ipi.send_failed;
	return s;
}

/* Built once, lazily: called from the main thread only (stats, after the joins). */
const char *hs_emu_status_key(uint32_t status)
{
	static char keys[HS_STATUS_COUNT][32];
	static bool made;
	uint32_t i, j;

	if (!made) {
		for (i = 0; i < HS_STATUS_COUNT; i++) {
			const char *n = hs_status_name(i);

			for (j = 0; n[j] && j < sizeof(keys[i]) - 1; j++)
				keys[i][j] = n[j] == '-' ? '_' : n[j];
			keys[i][j] = '\0';
		}
		made = true;
	}
	return status < HS_STATUS_COUNT ? keys[status] : "unknown";
}
