// SPDX-License-Identifier: MIT
/*
 * The trace in the Chrome Trace Event Format (one JSON object with a
 * "traceEvents" array), which chrome://tracing, Perfetto and speedscope
 * open. Process 1 is the machine; thread <cpu> is hart <cpu>, one track
 * per hart:
 *
 *   - a complete event ("X") per task run, from its sched_switch in to its
 *     switch out, named t<id>, category = its QoS class;
 *   - a complete event per S_SOFT trap (ipi_entry .. ipi_exit);
 *   - zero-length complete events (instants) for each wakeup, IPI raise,
 *     steal, rollback and forced failure, so that flow arrows can bind to
 *     them, and instant events ("i") for hartsched's other events;
 *   - flow arrows ("s" -> "f"): wakeup -> the task's next run ("wake"),
 *     and IPI raise -> trap -> ack ("ipi": "s", "t" at the trap's entry,
 *     "f" at its exit), or raise -> rollback / forced failure when the send
 *     failed.
 *
 * Times are microseconds (3 decimals: nanosecond resolution). "otherData"
 * carries the per-hart written/dropped counts, so an overflow shows here
 * too. Names are generated (no escaping needed): t<id>, class names,
 * event names and the ladder's rung names, which hold no quote.
 */
#include <hartsched/outcome.h>
#include <hartsched/qos.h>

#include <emu/trace_out.h>

#include <errno.h>
#include <glib.h>
#include <string.h>

#define NONE	  0xffffffffu
#define RAISE_MAX 64 /* raises one target may have pending; more are not drawn */

/* Per-hart state while walking the merged trace. */
struct hart_state {
	uint32_t task;			/* running task or NONE */
	uint32_t qos;			/* its class */
	uint64_t since;			/* switch-in time */
	uint64_t trap_ts;		/* ipi_entry time of the open trap, or 0 */
	uint64_t trap_flows[RAISE_MAX]; /* flows of the open trap (n_trap_flows of them) */
	uint32_t n_trap_flows;
};

/* Per-target pending IPI raises (flow ids), oldest first; bounded. */
struct raise_q {
	uint64_t id[RAISE_MAX];
	uint32_t from[RAISE_MAX];
	uint32_t n;
};

struct jw {
	FILE *f;
	bool first;
	uint64_t next_flow;
};

/* The separator before the next event of the array. */
static void sep(struct jw *w)
{
	fputs(w->first ? "\n" : ",\n", w->f);
	w->first = false;
}

/* Nanoseconds as the format's microseconds. */
static double us(uint64_t ns)
{
	return (double)ns / 1000.0;
}

/* A complete event on hart @cpu. */
static void slice(struct jw *w, uint32_t cpu, uint64_t ts, uint64_t dur, const char *name,
		  const char *cat, const char *args)
{
	sep(w);
	fprintf(w->f,
		"{\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":%.3f,\"dur\":%.3f,\"name\":\"%s\","
		"\"cat\":\"%s\",\"args\":{%s}}",
		cpu, us(ts), us(dur), name, cat, args);
}

/* An instant event on hart @cpu (thread scope). */
static void instant(struct jw *w, uint32_t cpu, uint64_t ts, const char *name, const char *args)
{
	sep(w);
	fprintf(w->f,
		"{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%u,\"ts\":%.3f,\"name\":\"%s\","
		"\"cat\":\"hs\",\"args\":{%s}}",
		cpu, us(ts), name, args);
}

/* A flow event: @ph "s", "t" or "f" (the finish binds to the enclosing slice). */
static void flow(struct jw *w, const char *ph, uint32_t cpu, uint64_t ts, uint64_t id,
		 const char *cat)
{
	sep(w);
	fprintf(w->f,
		"{\"ph\":\"%s\",\"pid\":1,\"tid\":%u,\"ts\":%.3f,\"id\":%llu,\"name\":\"%s\","
		"\"cat\":\"%s\"%s}",
		ph, cpu, us(ts), (unsigned long long)id, cat, cat,
		ph[0] == 'f' ? ",\"bp\":\"e\"" : "");
}

/* Close hart @c's open run at @ts (@how: "yield", "finish", "gone", "end"). */
static void close_run(struct jw *w, struct hart_state *h, uint32_t c, uint64_t ts, const char *how)
{
	char name[24], args[96];

	if (h->task == NONE)
		return;
	snprintf(name, sizeof(name), "t%u", h->task);
	snprintf(args, sizeof(args), "\"task\":%u,\"qos\":\"%s\",\"end\":\"%s\"", h->task,
		 hs_qos_name(h->qos), how);
	slice(w, c, h->since, ts - h->since, name, hs_qos_name(h->qos), args);
	h->task = NONE;
}

/* The process and one named, sorted thread (track) per hart. */
static void metadata(struct jw *w, const struct hs_emu_trace *t)
{
	uint32_t c;

	sep(w);
	fputs("{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"hartsched\"}"
	      "}",
	      w->f);
	for (c = 0; c < t->harts; c++) {
		sep(w);
		fprintf(w->f,
			"{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_name\","
			"\"args\":{\"name\":\"hart %u\"}}",
			c, c);
		sep(w);
		fprintf(w->f,
			"{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_sort_index\","
			"\"args\":{\"sort_index\":%u}}",
			c, c);
	}
}

/* One event of the merged trace. */
static void one(struct jw *w, const struct hs_emu_trace_ev *e, struct hart_state *hs,
		struct raise_q *rq, uint64_t *wake_flow, uint32_t *wake_cpu)
{
	const struct hs_trace_rec *r = &e->r;
	struct hart_state *h = &hs[e->cpu];
	char name[64], args[128];
	uint32_t k;

	switch (r->ev) {
	case HS_TR_SCHED_WAKEUP:
		snprintf(name, sizeof(name), "wakeup t%u", r->a);
		snprintf(args, sizeof(args), "\"task\":%u,\"qos\":\"%s\",\"target_cpu\":%u", r->a,
			 hs_qos_name(r->b), r->c);
		slice(w, e->cpu, r->ts, 0, name, "wake", args);
		if (r->a < HS_MAX_TASKS) {
			wake_flow[r->a] = ++w->next_flow;
			wake_cpu[r->a] = r->c < HS_MAX_CPUS ? r->c : e->cpu;
			flow(w, "s", e->cpu, r->ts, wake_flow[r->a], "wake");
		}
		break;
	case HS_TR_SWITCH_IN:
		close_run(w, h, e->cpu, r->ts, "preempted");
		h->task = r->a;
		h->qos = r->b;
		h->since = r->ts;
		if (r->a < HS_MAX_TASKS && wake_flow[r->a]) {
			flow(w, "f", e->cpu, r->ts, wake_flow[r->a], "wake");
			wake_flow[r->a] = 0;
		}
		break;
	case HS_TR_SWITCH_OUT:
		if (h->task == r->a)
			close_run(w, h, e->cpu, r->ts,
				  (r->c & HS_TRACE_STATE_MASK) == HS_TRACE_FINISH ? "finish"
										  : "yield");
		break;
	case HS_TR_MIGRATE:
		snprintf(name, sizeof(name), "steal t%u", r->a);
		snprintf(args, sizeof(args), "\"task\":%u,\"orig_cpu\":%u,\"dest_cpu\":%u", r->a,
			 r->c & 0xffffu, r->c >> 16);
		slice(w, e->cpu, r->ts, 0, name, "steal", args);
		break;
	case HS_TR_IPI_RAISE:
		snprintf(name, sizeof(name), "ipi_raise -> %u", r->a);
		snprintf(args, sizeof(args), "\"target_cpu\":%u", r->a);
		slice(w, e->cpu, r->ts, 0, name, "ipi", args);
		if (r->a < HS_MAX_CPUS && rq[r->a].n < RAISE_MAX) {
			rq[r->a].id[rq[r->a].n] = ++w->next_flow;
			rq[r->a].from[rq[r->a].n++] = e->cpu;
			flow(w, "s", e->cpu, r->ts, w->next_flow, "ipi");
		}
		break;
	case HS_TR_IPI_ENTRY:
		h->trap_ts = r->ts;
		h->n_trap_flows = 0;
		for (k = 0; k < rq[e->cpu].n; k++) {
			flow(w, "t", e->cpu, r->ts, rq[e->cpu].id[k], "ipi");
			h->trap_flows[h->n_trap_flows++] = rq[e->cpu].id[k];
		}
		rq[e->cpu].n = 0;
		break;
	case HS_TR_IPI_EXIT:
		snprintf(args, sizeof(args), "\"acked\":%u", r->b);
		slice(w, e->cpu, h->trap_ts ? h->trap_ts : r->ts,
		      h->trap_ts ? r->ts - h->trap_ts : 0, "S_SOFT trap", "ipi", args);
		for (k = 0; k < h->n_trap_flows; k++)
			flow(w, "f", e->cpu, r->ts, h->trap_flows[k], "ipi");
		h->n_trap_flows = 0;
		h->trap_ts = 0;
		break;
	case HS_TR_IPI_ROLLBACK:
	case HS_TR_IPI_FORCED_FAIL:
		snprintf(args, sizeof(args), "\"target_cpu\":%u", r->a);
		slice(w, e->cpu, r->ts, 0,
		      r->ev == HS_TR_IPI_ROLLBACK ? "ipi_rollback" : "ipi_forced_fail", "ipi",
		      args);
		/* The newest raise from this hart to that target is the one that failed. */
		if (r->a < HS_MAX_CPUS) {
			struct raise_q *q = &rq[r->a];

			for (k = q->n; k-- > 0;) {
				if (q->from[k] == e->cpu) {
					flow(w, "f", e->cpu, r->ts, q->id[k], "ipi");
					memmove(&q->id[k], &q->id[k + 1],
						(q->n - k - 1) * sizeof(q->id[0]));
					memmove(&q->from[k], &q->from[k + 1],
						(q->n - k - 1) * sizeof(q->from[0]));
					q->n--;
					break;
				}
			}
		}
		break;
	case HS_TR_TASK_GONE:
		snprintf(name, sizeof(name), "gone t%u", r->a);
		snprintf(args, sizeof(args), "\"task\":%u,\"cpu\":%u", r->a, r->c);
		slice(w, e->cpu, r->ts, 0, name, "gone", args);
		if (r->a < HS_MAX_TASKS && wake_flow[r->a]) {
			flow(w, "f", e->cpu, r->ts, wake_flow[r->a], "wake"); /* woken, never ran */
			wake_flow[r->a] = 0;
		}
		for (k = 0; k < HS_MAX_CPUS; k++)
			if (hs[k].task == r->a)
				close_run(w, &hs[k], k, r->ts, "gone");
		break;
	case HS_TR_LADDER:
		snprintf(args, sizeof(args), "\"ok\":%u", r->a);
		instant(w, e->cpu, r->ts, r->name ? r->name : "?", args);
		break;
	case HS_TR_ENQUEUE_REJECT:
		snprintf(args, sizeof(args), "\"cpu\":%d,\"reason\":\"%s\"",
			 r->a < HS_MAX_CPUS ? (int)r->a : -1, hs_status_name(r->b));
		instant(w, e->cpu, r->ts, "hs_rq_reject", args);
		break;
	case HS_TR_SCHED_WAKING:
		break; /* its wakeup (or reject) follows on the same hart */
	default:
		snprintf(args, sizeof(args), "\"a\":%u", r->a);
		instant(w, e->cpu, r->ts, hs_trace_event_name(r->ev), args);
		break;
	}
}

/* Tasks woken and still queued when the trace ends: their flow ends at a marker. */
static void end_wake_flows(struct jw *w, uint64_t *wake_flow, const uint32_t *wake_cpu,
			   uint32_t harts, uint64_t end)
{
	char name[40], args[40];
	uint32_t t;

	for (t = 0; t < HS_MAX_TASKS; t++) {
		uint32_t c = wake_cpu[t] < harts ? wake_cpu[t] : 0;

		if (!wake_flow[t])
			continue;
		snprintf(name, sizeof(name), "queued t%u at the end", t);
		snprintf(args, sizeof(args), "\"task\":%u", t);
		slice(w, c, end, 0, name, "wake", args);
		flow(w, "f", c, end, wake_flow[t], "wake");
	}
}

/* The whole document: metadata, the events in time order, the open runs, otherData. */
bool hs_emu_trace_write_json(const struct hs_emu_trace *t, FILE *f)
{
	struct jw w = {.f = f, .first = true, .next_flow = 0};
	struct hart_state *hs = g_new0(struct hart_state, HS_MAX_CPUS);
	struct raise_q *rq = g_new0(struct raise_q, HS_MAX_CPUS);
	uint64_t *wake_flow = g_new0(uint64_t, HS_MAX_TASKS);
	uint32_t *wake_cpu = g_new0(uint32_t, HS_MAX_TASKS);
	uint64_t i, end = t->n ? t->ev[t->n - 1].r.ts : 0;
	uint32_t c;

	errno = 0;
	for (c = 0; c < HS_MAX_CPUS; c++)
		hs[c].task = NONE;
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", f);
	metadata(&w, t);
	for (i = 0; i < t->n; i++)
		one(&w, &t->ev[i], hs, rq, wake_flow, wake_cpu);
	for (c = 0; c < t->harts; c++)
		close_run(&w, &hs[c], c, end, "end"); /* still running when the trace ends */
	end_wake_flows(&w, wake_flow, wake_cpu, t->harts, end);
	fputs("\n],\"otherData\":{\"format\":\"hartsched-trace-1\",", f);
	fprintf(f, "\"harts\":%u,\"unattributed\":%llu,\"ring_disorder\":%llu,\"written\":[",
		t->harts, (unsigned long long)t->unattributed, (unsigned long long)t->disorder);
	for (c = 0; c < t->harts; c++)
		fprintf(f, "%s%llu", c ? "," : "", (unsigned long long)t->written[c]);
	fputs("],\"dropped\":[", f);
	for (c = 0; c < t->harts; c++)
		fprintf(f, "%s%llu", c ? "," : "", (unsigned long long)t->dropped[c]);
	fputs("]}}\n", f);
	g_free(hs);
	g_free(rq);
	g_free(wake_flow);
	g_free(wake_cpu);
	return !ferror(f);
}
