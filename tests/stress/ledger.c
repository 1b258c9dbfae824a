// SPDX-License-Identifier: MIT
/*
 * The ledger: at every quiescent checkpoint (all harts parked, IPIs
 * drained) prove from the core's queues, task states and counters, and
 * from the driver's own tallies of every outcome, that
 *
 *  1. every task is in exactly one place (one queue slot or one current
 *     slot) or free, and its recorded place matches where it was found;
 *  2. per task: enqueues - finishes - purges == 1 if it is somewhere, else 0
 *     (nothing lost, nothing duplicated, nothing finished twice);
 *  3. the core's per-CPU counters equal the driver's tallies of the calls
 *     that CPU made or received (a pick_next is tallied as the finish it
 *     made, if any, plus the pick it made), and the global flow balances:
 *        sum(enqueued) == sum(finished) + sum(purged) + queued + running
 *        queued  == sum(enqueued) + sum(yields) + parked - sum(picked)
 *                   - steal_first - sum(stolen) + ... (see docs/reliability.md)
 *  4. every rejection the driver saw is counted by the core, status by
 *     status, and nothing else is (no silent rejection, no phantom one);
 *  5. in class-ledger epochs, the class mass (queued + running per QoS)
 *     moved exactly as the enqueues, finishes, purges and moves said;
 *  6. the IPI chain: accepted == sent_ok + coalesced + send_failed,
 *     ack <= trap, and after the drain ack == sent_ok + resent (every
 *     delivered IPI, a request's own or one resent for requests that
 *     coalesced onto a failed send, was acked; none is pending) -- or, on a
 *     CPU that took stray S_SOFTs, delivered <= ack <= delivered +
 *     send_failed + resend_failed (a stray may consume a claim whose send
 *     failed); on a runner without spurious traps delivered <= trap <=
 *     delivered + strays; no SSIP pending;
 *  7. every queue length is within capacity, offline CPUs hold no task,
 *     and every hart stack sentinel is intact.
 */
#include "stress.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_FAIL_LINES 25

struct stress_ctx S;

static _Atomic uint32_t fail_lock;
static uint64_t probe_ok[HS_MAX_CPUS];
static struct hs_ipi_counters ipi_base[HS_MAX_CPUS];
static uint64_t platform_base;

void ledger_baseline(void)
{
	uint32_t c;

	for (c = 0; c < HS_MAX_CPUS; c++)
		ipi_base[c] = hs_ipi_counters(c);
	platform_base = S.cfg.runner->platform_sends();
}

/* @cpu's IPI counters since the baseline. */
static struct hs_ipi_counters ipi_since_base(uint32_t cpu)
{
	struct hs_ipi_counters k = hs_ipi_counters(cpu), b = ipi_base[cpu];

	k.accepted -= b.accepted;
	k.sent_ok -= b.sent_ok;
	k.coalesced -= b.coalesced;
	k.send_failed -= b.send_failed;
	k.trap -= b.trap;
	k.ack -= b.ack;
	k.resent -= b.resent;
	k.resend_failed -= b.resend_failed;
	return k;
}

void stress_fail(const char *fmt, ...)
{
	uint32_t n = atomic_fetch_add_explicit(&S.failures, 1, memory_order_relaxed);
	uint32_t expect = 0;
	va_list ap;

	if (n >= MAX_FAIL_LINES)
		return;
	/* Acquire: pairs with the release below; serialises the printing. */
	while (!atomic_compare_exchange_weak_explicit(&fail_lock, &expect, 1, memory_order_acquire,
						      memory_order_relaxed))
		expect = 0;
	fprintf(stderr, "stress FAIL [epoch %u]: ", S.plan.epoch);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	atomic_store_explicit(&fail_lock, 0, memory_order_release);
}

static char replay_line[768];
static size_t replay_len;

/*
 * Format the replay command once, up front, so that a crash handler can
 * print it with a single write().
 */
void stress_format_replay(void)
{
	const struct stress_config *c = &S.cfg;
	int n;

	n = snprintf(replay_line, sizeof(replay_line),
		     "stress: seed 0x%016llx; replay with:\n  %s --runner %s --harts %u --ops %llu "
		     "--epoch-ops %u --pool %u --steal-max %u --seed 0x%016llx%s\n"
		     "  (the seed fixes every hart's operation stream and the fault plan; the "
		     "interleaving is the OS's, so re-run a few times)\n",
		     (unsigned long long)c->seed, c->argv0, c->runner->name, c->harts,
		     (unsigned long long)c->ops, c->epoch_ops, c->pool, c->steal_max,
		     (unsigned long long)c->seed, c->faults ? "" : " --no-faults");
	replay_len =
		n < 0 ? 0 : ((size_t)n < sizeof(replay_line) ? (size_t)n : sizeof(replay_line) - 1);
}

void stress_print_replay(void)
{
	/* write(2): also used from the fatal-signal handler. */
	if (write(2, replay_line, replay_len) < 0)
		return;
}

/* Sum of the core's counters over all CPUs. */
struct core_sum {
	uint64_t enqueued, picked, stolen, steal_ops, contended, yields, finished, purged, moved;
	uint64_t rejected[HS_STATUS_COUNT];
};

static uint64_t ld(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

static void core_sum(struct core_sum *cs)
{
	uint32_t c, s;

	memset(cs, 0, sizeof(*cs));
	for (c = 0; c < HS_MAX_CPUS; c++) {
		const struct hs_rq_counters *k = &S.sched.rq[c].cnt;

		cs->enqueued += ld(&k->enqueued);
		cs->picked += ld(&k->picked);
		cs->stolen += ld(&k->stolen);
		cs->steal_ops += ld(&k->steal_ops);
		cs->contended += ld(&k->contended);
		cs->yields += ld(&k->yields);
		cs->finished += ld(&k->finished);
		cs->purged += ld(&k->purged);
		cs->moved += ld(&k->moved);
		for (s = 0; s < HS_STATUS_COUNT; s++)
			cs->rejected[s] += ld(&k->rejected[s]);
	}
	for (s = 0; s < HS_STATUS_COUNT; s++)
		cs->rejected[s] += ld(&S.sched.rejected_nowhere[s]);
}

static bool cpu_should_be_online(uint32_t c)
{
	return c < S.cfg.harts && c != S.offline_now;
}

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			stress_fail(__VA_ARGS__);                                                  \
	} while (0)

static uint8_t seen[HS_MAX_TASKS];

/* Checks 1, 2, 5 and 7: places, per-task flow, class mass, capacity. */
static void verify_places(uint64_t *queued, uint64_t *running, uint64_t q_on[], uint64_t r_on[])
{
	static uint32_t buf[HS_QUEUE_CAPACITY];
	int64_t mass[HS_QOS_COUNT] = {0}, expect_mass;
	uint32_t c, q, i, t;

	memset(seen, 0, sizeof(seen));
	*queued = *running = 0;
	for (c = 0; c < HS_MAX_CPUS; c++) {
		uint32_t cur = hs_rq_current(&S.sched, c);

		q_on[c] = r_on[c] = 0;
		for (q = 0; q < HS_QOS_COUNT; q++) {
			uint32_t n = hs_rq_snapshot(&S.sched, c, q, buf, HS_QUEUE_CAPACITY);
			uint32_t len = hs_rq_len(&S.sched, c, q);

			CHECK(n == len, "cpu%u/%s: %u tasks in the fifo, hs_rq_len says %u", c,
			      hs_qos_name(q), n, len);
			CHECK(len <= HS_QUEUE_CAPACITY, "cpu%u/%s: length %u > capacity", c,
			      hs_qos_name(q), len);
			for (i = 0; i < n; i++) {
				struct hs_task_where w = hs_rq_where(&S.sched, buf[i]);

				if (buf[i] >= S.cfg.pool) {
					stress_fail("cpu%u/%s holds task %u outside the pool", c,
						    hs_qos_name(q), buf[i]);
					continue;
				}
				seen[buf[i]]++;
				CHECK(w.place == HS_TASK_QUEUED && w.cpu == c && w.qos == q,
				      "task %u found in cpu%u/%s but its state says place %u cpu%u "
				      "qos %u",
				      buf[i], c, hs_qos_name(q), w.place, w.cpu, w.qos);
			}
			q_on[c] += n;
		}
		if (cur != HS_TASK_NONE) {
			struct hs_task_where w = hs_rq_where(&S.sched, cur);

			if (cur >= S.cfg.pool) {
				stress_fail("cpu%u runs task %u outside the pool", c, cur);
			} else {
				seen[cur]++;
				CHECK(w.place == HS_TASK_RUNNING && w.cpu == c,
				      "task %u is cpu%u's current but its state says place %u "
				      "cpu%u",
				      cur, c, w.place, w.cpu);
			}
			r_on[c] = 1;
		}
		if (!cpu_should_be_online(c))
			CHECK(q_on[c] == 0 && cur == HS_TASK_NONE,
			      "offline cpu%u still holds %llu queued task(s), current %u "
			      "(stranded)",
			      c, (unsigned long long)q_on[c], cur);
		CHECK(hs_cpu_is_online(c) == cpu_should_be_online(c), "cpu%u online bit is %d", c,
		      hs_cpu_is_online(c));
		*queued += q_on[c];
		*running += r_on[c];
	}
	for (t = 0; t < HS_MAX_TASKS; t++) {
		struct hs_task_where w = hs_rq_where(&S.sched, t);
		uint64_t e, f, p;
		int64_t live;

		if (t >= S.cfg.pool) {
			CHECK(w.place == HS_TASK_FREE, "task %u outside the pool is placed", t);
			continue;
		}
		e = atomic_load_explicit(&S.task[t].enq, memory_order_relaxed);
		f = atomic_load_explicit(&S.task[t].fin, memory_order_relaxed);
		p = atomic_load_explicit(&S.task[t].purge, memory_order_relaxed);
		live = (int64_t)e - (int64_t)f - (int64_t)p;
		CHECK(seen[t] <= 1, "task %u DUPLICATED: found in %u places", t, seen[t]);
		CHECK(live == seen[t],
		      "task %u: enqueued %llu - finished %llu - purged %llu = %lld, but found in "
		      "%u "
		      "place(s) (state place %u cpu%u)",
		      t, (unsigned long long)e, (unsigned long long)f, (unsigned long long)p,
		      (long long)live, seen[t], w.place, w.cpu);
		CHECK((w.place != HS_TASK_FREE) == (seen[t] != 0),
		      "task %u: state says place %u on cpu%u but it was found in %u place(s) "
		      "(LOST)",
		      t, w.place, w.cpu, seen[t]);
		if (seen[t])
			mass[w.qos]++;
	}
	/* Check 5: the class mass moved as the class-ledger tallies say. */
	for (q = 0; q < HS_QOS_COUNT; q++) {
		expect_mass = S.mass_base[q];
		for (c = 0; c < S.cfg.harts; c++) {
			expect_mass += S.worker[c].t.mass[q];
			S.worker[c].t.mass[q] = 0;
		}
		if (S.plan.class_ledger)
			CHECK(expect_mass == mass[q],
			      "class %s: mass (queued + running) is %lld, the ledger expects %lld",
			      hs_qos_name(q), (long long)mass[q], (long long)expect_mass);
		S.mass_base[q] = mass[q];
	}
}

/* Checks 3 and 4: per-CPU counters against tallies, global flow, rejections. */
static void verify_counters(uint64_t queued, uint64_t running, const uint64_t q_on[],
			    const uint64_t r_on[])
{
	struct core_sum cs;
	uint64_t rej[HS_STATUS_COUNT] = {0};
	uint64_t purge_ok = 0, setqos_ok = 0, taken_sum = 0, purged_running, purged_queued;
	uint32_t c, s, w;

	core_sum(&cs);
	for (c = 0; c < HS_MAX_CPUS; c++) {
		const struct hs_rq_counters *k = &S.sched.rq[c].cnt;
		uint64_t enq_to = 0;
		int64_t taken_from;

		for (w = 0; w < S.cfg.harts; w++)
			enq_to += S.worker[w].t.enq_ok_to[c];
		CHECK(ld(&k->enqueued) == enq_to, "cpu%u: core enqueued %llu, driver saw %llu", c,
		      (unsigned long long)ld(&k->enqueued), (unsigned long long)enq_to);
		if (c < S.cfg.harts) {
			const struct stress_tally *t = &S.worker[c].t;

			CHECK(ld(&k->picked) == t->pick_kind[HS_PICK_LOCAL] &&
				      ld(&k->steal_ops) == t->pick_kind[HS_PICK_STOLEN] &&
				      ld(&k->stolen) == t->pick_stolen_tasks &&
				      ld(&k->contended) == t->pick_contended &&
				      ld(&k->yields) == t->status[OP_YIELD][HS_OK] &&
				      ld(&k->finished) == t->status[OP_FINISH][HS_OK],
			      "cpu%u counters differ from its own calls: picked %llu/%llu "
			      "steal_ops "
			      "%llu/%llu stolen %llu/%llu contended %llu/%llu yields %llu/%llu "
			      "finished %llu/%llu (core/driver)",
			      c, (unsigned long long)ld(&k->picked),
			      (unsigned long long)t->pick_kind[HS_PICK_LOCAL],
			      (unsigned long long)ld(&k->steal_ops),
			      (unsigned long long)t->pick_kind[HS_PICK_STOLEN],
			      (unsigned long long)ld(&k->stolen),
			      (unsigned long long)t->pick_stolen_tasks,
			      (unsigned long long)ld(&k->contended),
			      (unsigned long long)t->pick_contended,
			      (unsigned long long)ld(&k->yields),
			      (unsigned long long)t->status[OP_YIELD][HS_OK],
			      (unsigned long long)ld(&k->finished),
			      (unsigned long long)t->status[OP_FINISH][HS_OK]);
		}
		/*
		 * What thieves took from this CPU is not counted by the core;
		 * derive it from this CPU's balance and check it is sane:
		 * in = enqueued + stolen, out = finished + purged + taken_from.
		 */
		taken_from = (int64_t)ld(&k->enqueued) + (int64_t)ld(&k->stolen) -
			     (int64_t)ld(&k->finished) - (int64_t)ld(&k->purged) -
			     (int64_t)q_on[c] - (int64_t)r_on[c];
		CHECK(taken_from >= 0, "cpu%u: derived taken-by-thieves is %lld < 0", c,
		      (long long)taken_from);
		taken_sum += (uint64_t)taken_from;
	}
	CHECK(taken_sum == cs.stolen, "tasks taken from victims %llu != tasks stolen %llu",
	      (unsigned long long)taken_sum, (unsigned long long)cs.stolen);

	for (w = 0; w < S.cfg.harts; w++) {
		const struct stress_tally *t = &S.worker[w].t;

		purge_ok += t->status[OP_PURGE][HS_OK] + t->status[OP_MIGRATE_PURGE][HS_OK];
		setqos_ok += t->status[OP_SET_QOS][HS_OK];
		for (s = 0; s < HS_STATUS_COUNT; s++)
			rej[s] += t->rq_rejects[s];
	}
	CHECK(cs.purged == purge_ok, "core purged %llu, driver saw %llu ok purges",
	      (unsigned long long)cs.purged, (unsigned long long)purge_ok);
	CHECK(cs.moved <= setqos_ok, "core moved %llu > %llu ok set_task_qos calls",
	      (unsigned long long)cs.moved, (unsigned long long)setqos_ok);

	/* Global flow: everything enqueued is finished, purged, queued or running. */
	CHECK(cs.enqueued == cs.finished + cs.purged + queued + running,
	      "flow: enqueued %llu != finished %llu + purged %llu + queued %llu + running %llu",
	      (unsigned long long)cs.enqueued, (unsigned long long)cs.finished,
	      (unsigned long long)cs.purged, (unsigned long long)queued,
	      (unsigned long long)running);
	/*
	 * Split purges by where the task was: a current slot is filled by a
	 * local pick or the first task of a steal, emptied by yield, finish
	 * or purge, so purged_running follows; the queue side must then
	 * balance with parked steals (stolen - steal_ops) in and out.
	 */
	purged_running = cs.picked + cs.steal_ops - cs.yields - cs.finished - running;
	CHECK(purged_running <= cs.purged, "flow: purged-while-running %lld out of [0, %llu]",
	      (long long)purged_running, (unsigned long long)cs.purged);
	purged_queued = cs.purged - purged_running;
	CHECK(queued == cs.enqueued + cs.yields + (cs.stolen - cs.steal_ops) - cs.picked -
				cs.stolen - purged_queued,
	      "flow: queued %llu != enqueued %llu + yields %llu + parked %llu - picked %llu - "
	      "stolen %llu - purged-queued %llu",
	      (unsigned long long)queued, (unsigned long long)cs.enqueued,
	      (unsigned long long)cs.yields, (unsigned long long)(cs.stolen - cs.steal_ops),
	      (unsigned long long)cs.picked, (unsigned long long)cs.stolen,
	      (unsigned long long)purged_queued);

	for (s = HS_ERR_QUEUE_FULL; s < HS_STATUS_COUNT; s++)
		CHECK(cs.rejected[s] == rej[s],
		      "rejections '%s': core counted %llu, driver received %llu", hs_status_name(s),
		      (unsigned long long)cs.rejected[s], (unsigned long long)rej[s]);
}

/* Check 6: the IPI causal chain, per target, after the drain. */
static void verify_ipi(void)
{
	uint64_t sent_total = 0, stray_total = 0, platform;
	uint32_t c, w;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		struct hs_ipi_counters k = ipi_since_base(c);
		uint64_t ok = probe_ok[c], coal = 0, failed = 0, stray = 0;

		for (w = 0; w < S.cfg.harts; w++) {
			stray += S.worker[w].t.stray_soft[c];
			ok += S.worker[w].t.ipi[c][HS_OK];
			coal += S.worker[w].t.ipi[c][HS_OK_COALESCED];
			failed += S.worker[w].t.ipi[c][HS_ERR_SEND_FAILED];
		}
		sent_total += k.sent_ok + k.resent;
		stray_total += stray;
		CHECK(k.accepted == k.sent_ok + k.coalesced + k.send_failed,
		      "ipi cpu%u: accepted %llu != sent %llu + coalesced %llu + failed %llu", c,
		      (unsigned long long)k.accepted, (unsigned long long)k.sent_ok,
		      (unsigned long long)k.coalesced, (unsigned long long)k.send_failed);
		CHECK(k.sent_ok == ok && k.coalesced == coal && k.send_failed == failed,
		      "ipi cpu%u: core sent/coalesced/failed %llu/%llu/%llu, requesters saw "
		      "%llu/%llu/%llu",
		      c, (unsigned long long)k.sent_ok, (unsigned long long)k.coalesced,
		      (unsigned long long)k.send_failed, (unsigned long long)ok,
		      (unsigned long long)coal, (unsigned long long)failed);
		CHECK(k.ack <= k.trap && k.sent_ok <= k.accepted,
		      "ipi cpu%u: ack %llu > trap %llu or sent %llu > accepted %llu", c,
		      (unsigned long long)k.ack, (unsigned long long)k.trap,
		      (unsigned long long)k.sent_ok, (unsigned long long)k.accepted);
		/*
		 * After the drain every delivered IPI (a request's own, or one
		 * resent for requests coalesced onto a failed send) was acked. A
		 * stray trap may also ack a claim whose send then failed (or
		 * that a forced failure kept), so with strays the ack lies
		 * between the delivered IPIs and those plus the failed sends.
		 */
		if (stray == 0)
			CHECK(k.ack == k.sent_ok + k.resent,
			      "ipi cpu%u: after the drain ack %llu != sent %llu + resent %llu (a "
			      "request stranded)",
			      c, (unsigned long long)k.ack, (unsigned long long)k.sent_ok,
			      (unsigned long long)k.resent);
		else
			CHECK(k.ack >= k.sent_ok + k.resent && k.ack <= k.sent_ok + k.resent +
										k.send_failed +
										k.resend_failed,
			      "ipi cpu%u: after the drain ack %llu outside [delivered %llu, "
			      "delivered + failed %llu] (a request stranded)",
			      c, (unsigned long long)k.ack,
			      (unsigned long long)(k.sent_ok + k.resent),
			      (unsigned long long)(k.sent_ok + k.resent + k.send_failed +
						   k.resend_failed));
		/*
		 * Without spurious traps every trap consumed one SSIP raise:
		 * delivered <= trap <= delivered + stray raises (two raises
		 * before one trap merge).
		 */
		if (S.cfg.runner->exact_traps)
			CHECK(k.trap >= k.sent_ok + k.resent &&
				      k.trap <= k.sent_ok + k.resent + stray,
			      "ipi cpu%u: trap %llu outside [delivered %llu, delivered + stray "
			      "%llu]",
			      c, (unsigned long long)k.trap,
			      (unsigned long long)(k.sent_ok + k.resent),
			      (unsigned long long)(k.sent_ok + k.resent + stray));
		CHECK(!S.cfg.runner->soft_pending(c),
		      "ipi cpu%u: SSIP still pending after the drain", c);
	}
	platform = S.cfg.runner->platform_sends() - platform_base;
	if (platform != 0 || sent_total + stray_total == 0)
		CHECK(platform == sent_total + stray_total,
		      "ipi: platform delivered %llu sends, core counted %llu sent + resent (+ %llu "
		      "stray)",
		      (unsigned long long)platform, (unsigned long long)sent_total,
		      (unsigned long long)stray_total);
}

bool ledger_verify(bool final)
{
	static uint64_t q_on[HS_MAX_CPUS], r_on[HS_MAX_CPUS];
	uint32_t before = atomic_load(&S.failures);
	uint64_t queued, running;
	uint32_t bad = HS_CPU_INVALID;

	verify_places(&queued, &running, q_on, r_on);
	verify_counters(queued, running, q_on, r_on);
	verify_ipi();
	CHECK(hs_cpu_stacks_intact(&bad), "hart stack sentinel of cpu%u overwritten", bad);
	S.checkpoints++;
	if (S.cfg.verbose || (final && atomic_load(&S.failures) != before))
		fprintf(stderr, "checkpoint %llu%s: queued %llu running %llu\n",
			(unsigned long long)S.checkpoints, final ? " (final)" : "",
			(unsigned long long)queued, (unsigned long long)running);
	return atomic_load(&S.failures) == before;
}

/*
 * After a drain no request may be pending: one more request per online
 * CPU (faults off) must be sent, not coalesced. A send failure that was
 * not rolled back would show up here as "coalesced" forever.
 */
void ledger_probe_ipi(void)
{
	bool faults = S.plan.faults;
	uint32_t c;

	S.plan.faults = false;
	for (c = 0; c < S.cfg.harts; c++) {
		struct hs_outcome o;

		if (!cpu_should_be_online(c))
			continue;
		o = hs_ipi_request_resched(c);
		if (o.status == HS_OK)
			probe_ok[c]++;
		else
			stress_fail("probe: resched to cpu%u after the drain answered %s", c,
				    hs_status_name(o.status));
		S.probes++;
	}
	S.plan.faults = faults;
}

void ledger_print_summary(double seconds)
{
	struct stress_tally sum;
	struct hs_ipi_counters k = {0};
	struct core_sum cs;
	uint64_t full = 0, ops;
	uint32_t w, op, s, c;

	memset(&sum, 0, sizeof(sum));
	core_sum(&cs);
	for (c = 0; c < HS_MAX_CPUS; c++) {
		struct hs_ipi_counters d = ipi_since_base(c);

		k.accepted += d.accepted;
		k.sent_ok += d.sent_ok;
		k.coalesced += d.coalesced;
		k.send_failed += d.send_failed;
		k.trap += d.trap;
		k.ack += d.ack;
	}
	for (w = 0; w < S.cfg.harts; w++) {
		const struct stress_tally *t = &S.worker[w].t;

		sum.ops += t->ops;
		for (op = 0; op < OP_COUNT; op++)
			for (s = 0; s < HS_STATUS_COUNT; s++)
				sum.status[op][s] += t->status[op][s];
		for (c = 0; c < 4; c++)
			sum.pick_kind[c] += t->pick_kind[c];
		sum.migrated += t->migrated;
		sum.migrate_rejected += t->migrate_rejected;
		sum.migrate_raced += t->migrate_raced;
		sum.offline_events += t->offline_events;
		sum.fallback_ok += t->fallback_ok;
		sum.irq_holds += t->irq_holds;
		sum.need_resched += t->need_resched;
		for (s = 0; s < HS_STATUS_COUNT; s++)
			sum.ipi_rejected[s] += t->ipi_rejected[s];
	}
	for (op = 0; op < OP_COUNT; op++)
		full += sum.status[op][HS_ERR_QUEUE_FULL];
	ops = sum.ops;
	printf("stress %s: runner %s harts %u ops %llu epochs %u checkpoints %llu seed 0x%016llx "
	       "%.2f s (%.0f ops/s)\n",
	       atomic_load(&S.failures) ? "FAIL" : "ok", S.cfg.runner->name, S.cfg.harts,
	       (unsigned long long)ops, S.cfg.epochs, (unsigned long long)S.checkpoints,
	       (unsigned long long)S.cfg.seed, seconds, seconds > 0 ? (double)ops / seconds : 0.0);
	printf("  rq: enqueued %llu picked %llu steal_ops %llu stolen %llu contended %llu yields "
	       "%llu "
	       "finished %llu purged %llu moved %llu\n",
	       (unsigned long long)cs.enqueued, (unsigned long long)cs.picked,
	       (unsigned long long)cs.steal_ops, (unsigned long long)cs.stolen,
	       (unsigned long long)cs.contended, (unsigned long long)cs.yields,
	       (unsigned long long)cs.finished, (unsigned long long)cs.purged,
	       (unsigned long long)cs.moved);
	printf("  rejects: queue-full %llu already-queued %llu already-running %llu not-found %llu "
	       "no-current %llu contended %llu cpu-offline %llu invalid(cpu/qos/task) "
	       "%llu/%llu/%llu\n",
	       (unsigned long long)full, (unsigned long long)cs.rejected[HS_ERR_ALREADY_QUEUED],
	       (unsigned long long)cs.rejected[HS_ERR_ALREADY_RUNNING],
	       (unsigned long long)cs.rejected[HS_ERR_NOT_FOUND],
	       (unsigned long long)cs.rejected[HS_ERR_NO_CURRENT],
	       (unsigned long long)cs.rejected[HS_ERR_CONTENDED],
	       (unsigned long long)cs.rejected[HS_ERR_CPU_OFFLINE],
	       (unsigned long long)cs.rejected[HS_ERR_INVALID_CPU],
	       (unsigned long long)cs.rejected[HS_ERR_INVALID_QOS],
	       (unsigned long long)cs.rejected[HS_ERR_INVALID_TASK]);
	printf("  ipi: accepted %llu sent %llu coalesced %llu send_failed %llu trap %llu ack %llu "
	       "probes %llu rejected(invalid/offline) %llu/%llu need_resched %llu\n",
	       (unsigned long long)k.accepted, (unsigned long long)k.sent_ok,
	       (unsigned long long)k.coalesced, (unsigned long long)k.send_failed,
	       (unsigned long long)k.trap, (unsigned long long)k.ack, (unsigned long long)S.probes,
	       (unsigned long long)sum.ipi_rejected[HS_ERR_INVALID_CPU],
	       (unsigned long long)sum.ipi_rejected[HS_ERR_CPU_OFFLINE],
	       (unsigned long long)sum.need_resched);
	printf("  faults: offline events %llu migrated %llu migrate-rejected %llu migrate-raced "
	       "%llu "
	       "irq holds %llu stray S_SOFT %llu tp fallbacks %llu (core count %llu)\n",
	       (unsigned long long)sum.offline_events, (unsigned long long)sum.migrated,
	       (unsigned long long)sum.migrate_rejected, (unsigned long long)sum.migrate_raced,
	       (unsigned long long)sum.irq_holds,
	       (unsigned long long)sum.status[OP_STRAY_SOFT][HS_OK],
	       (unsigned long long)sum.fallback_ok, (unsigned long long)hs_cpu_fallback_count());
}
