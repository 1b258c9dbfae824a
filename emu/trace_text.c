// SPDX-License-Identifier: MIT
/*
 * The trace in the text format of Linux's /sys/kernel/tracing/trace: the
 * nop tracer's header, then one line per event,
 *
 *     <comm>-<pid> [<cpu>] <flags> <sec>.<usec>: <event>: <fields>
 *
 * with Linux's field names for sched_waking, sched_wakeup, sched_switch,
 * sched_migrate_task, ipi_raise, ipi_entry and ipi_exit (as their
 * TP_printk formats print them), and key=value fields for hartsched's own
 * hs_* events. A task is comm "t<id>", pid id + 1 (pid 0 is each hart's
 * idle task, swapper/<cpu>), prio by class (hs_emu_trace_prio()). The
 * task column is what the hart was running at the event, as in Linux.
 */
#include <hartsched/outcome.h>

#include <emu/trace_out.h>

#include <errno.h>
#include <string.h>

#define CPU_NONE 0xffffffffu

/* "t<id>-<pid>" or "<idle>-0", right-aligned as Linux prints comm-pid. */
static void task_col(char *buf, size_t len, uint32_t task)
{
	char comm[24];

	if (task == CPU_NONE) {
		snprintf(buf, len, "%16s-%-7u", "<idle>", 0u);
		return;
	}
	snprintf(comm, sizeof(comm), "t%u", task);
	snprintf(buf, len, "%16s-%-7u", comm, task + 1);
}

/* A CPU id, or -1 when none (HS_CPU_INVALID). */
static long cpu_or_minus1(uint32_t cpu)
{
	return cpu < HS_MAX_CPUS ? (long)cpu : -1L;
}

/* Linux's cpumask print: 32-bit words, most significant first, comma-separated. */
static void cpumask(char *buf, size_t len, uint32_t harts, uint32_t cpu)
{
	uint32_t words = (harts + 31) / 32, w;
	size_t off = 0;

	buf[0] = '\0';
	for (w = words; w-- > 0 && off < len;) {
		uint32_t bits = (cpu / 32 == w) ? 1u << (cpu % 32) : 0;

		off += (size_t)snprintf(buf + off, len - off, "%s%08x", w + 1 < words ? "," : "",
					bits);
	}
}

/* A rung name with its spaces made underscores (fields are space-separated). */
static void rung_name(char *buf, size_t len, const char *name)
{
	size_t i;

	snprintf(buf, len, "%s", name ? name : "?");
	for (i = 0; buf[i]; i++)
		if (buf[i] == ' ')
			buf[i] = '_';
}

/* The fields of @e (after "event: "); @cur_of[] follows what each CPU runs. */
static void fields(char *buf, size_t len, const struct hs_emu_trace *t,
		   const struct hs_emu_trace_ev *e, uint32_t *cur_of)
{
	const struct hs_trace_rec *r = &e->r;
	char tmp[64];

	switch (r->ev) {
	case HS_TR_SCHED_WAKING:
	case HS_TR_SCHED_WAKEUP:
		snprintf(buf, len, "comm=t%u pid=%u prio=%u target_cpu=%03u", r->a, r->a + 1,
			 hs_emu_trace_prio(r->b), r->c);
		break;
	case HS_TR_SWITCH_IN:
		snprintf(buf, len,
			 "prev_comm=swapper/%u prev_pid=0 prev_prio=120 prev_state=R ==> "
			 "next_comm=t%u next_pid=%u next_prio=%u",
			 e->cpu, r->a, r->a + 1, hs_emu_trace_prio(r->b));
		cur_of[e->cpu] = r->a;
		break;
	case HS_TR_SWITCH_OUT:
		snprintf(buf, len,
			 "prev_comm=t%u prev_pid=%u prev_prio=%u prev_state=%s ==> "
			 "next_comm=swapper/%u next_pid=0 next_prio=120",
			 r->a, r->a + 1, hs_emu_trace_prio(r->b),
			 (r->c & HS_TRACE_STATE_MASK) == HS_TRACE_FINISH ? "X" : "R+", e->cpu);
		cur_of[e->cpu] = CPU_NONE;
		break;
	case HS_TR_MIGRATE:
		snprintf(buf, len, "comm=t%u pid=%u prio=%u orig_cpu=%u dest_cpu=%u", r->a,
			 r->a + 1, hs_emu_trace_prio(r->b), r->c & 0xffffu, r->c >> 16);
		break;
	case HS_TR_IPI_RAISE:
		cpumask(tmp, sizeof(tmp), t->harts, r->a);
		snprintf(buf, len, "target_mask=%s (Rescheduling interrupts)", tmp);
		break;
	case HS_TR_IPI_ENTRY:
	case HS_TR_IPI_EXIT:
		snprintf(buf, len, "(Rescheduling interrupts)");
		break;
	case HS_TR_ENQUEUE_REJECT:
		snprintf(buf, len, "cpu=%ld reason=%s", cpu_or_minus1(r->a), hs_status_name(r->b));
		break;
	case HS_TR_STEAL_CONTENDED:
		snprintf(buf, len, "cpu=%u", r->a);
		break;
	case HS_TR_IPI_COALESCED:
	case HS_TR_IPI_ROLLBACK:
	case HS_TR_IPI_FORCED_FAIL:
		snprintf(buf, len, "target_cpu=%u", r->a);
		break;
	case HS_TR_CPUID_FALLBACK:
		snprintf(buf, len, "cpu=%ld resolved=%u", cpu_or_minus1(r->a),
			 r->a < HS_MAX_CPUS ? 1u : 0u);
		break;
	case HS_TR_LADDER:
		rung_name(tmp, sizeof(tmp), r->name);
		snprintf(buf, len, "rung=%s ok=%u", tmp, r->a);
		break;
	case HS_TR_TASK_GONE:
		snprintf(buf, len, "comm=t%u pid=%u prio=%u cpu=%u", r->a, r->a + 1,
			 hs_emu_trace_prio(r->b), r->c);
		if (r->c < HS_MAX_CPUS && cur_of[r->c] == r->a)
			cur_of[r->c] = CPU_NONE; /* it was running there: that CPU is idle now */
		break;
	default:
		snprintf(buf, len, "raw=%u a=%u b=%u c=%u", r->ev, r->a, r->b, r->c);
		break;
	}
}

/* The nop tracer's header, with the counts that show an overflow. */
static void header(const struct hs_emu_trace *t, FILE *f)
{
	uint64_t written = t->unattributed;
	uint32_t c;

	for (c = 0; c < t->harts; c++)
		written += t->written[c];
	fprintf(f, "# tracer: nop\n#\n");
	fprintf(f, "# entries-in-buffer/entries-written: %llu/%llu   #P:%u\n",
		(unsigned long long)t->n, (unsigned long long)written, t->harts);
	fprintf(f, "#\n# hartsched: a full ring drops the newest events of its hart\n");
	for (c = 0; c < t->harts; c++)
		if (t->dropped[c])
			fprintf(f, "# hartsched: cpu %u dropped %llu events\n", c,
				(unsigned long long)t->dropped[c]);
	if (t->unattributed)
		fprintf(f, "# hartsched: unattributed %llu events\n",
			(unsigned long long)t->unattributed);
	if (t->disorder)
		fprintf(f, "# hartsched: ring order broken %llu times\n",
			(unsigned long long)t->disorder);
	fprintf(f, "#\n"
		   "#                                _-----=> irqs-off\n"
		   "#                               / _----=> need-resched\n"
		   "#                              | / _---=> hardirq/softirq\n"
		   "#                              || / _--=> preempt-depth\n"
		   "#                              ||| /     delay\n"
		   "#           TASK-PID     CPU#  ||||   TIMESTAMP  FUNCTION\n"
		   "#              | |         |   ||||      |         |\n");
}

/* The header, then one line per event with what its hart was running. */
bool hs_emu_trace_write_text(const struct hs_emu_trace *t, FILE *f)
{
	uint32_t cur[HS_MAX_CPUS];
	char task[48], buf[256];
	uint64_t i;

	for (i = 0; i < HS_MAX_CPUS; i++)
		cur[i] = CPU_NONE;
	errno = 0;
	header(t, f);
	for (i = 0; i < t->n; i++) {
		const struct hs_emu_trace_ev *e = &t->ev[i];
		bool trap = e->r.ev == HS_TR_IPI_ENTRY || e->r.ev == HS_TR_IPI_EXIT;

		task_col(task, sizeof(task), cur[e->cpu]);
		fields(buf, sizeof(buf), t, e, cur);
		fprintf(f, "%s [%03u] %s %5llu.%06llu: %s: %s\n", task, e->cpu,
			trap ? "d.h." : "....", (unsigned long long)(e->r.ts / 1000000000ull),
			(unsigned long long)(e->r.ts % 1000000000ull / 1000ull),
			hs_trace_event_name(e->r.ev), buf);
	}
	return !ferror(f);
}
