// SPDX-License-Identifier: MIT
/*
 * The explorer's shared world (world.h): boot, ledger, common invariants.
 */
#include "world.h"
#include "payload.h"

#include <sim/port.h>
#include <sim/sim.h>

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/qos.h>
#include <hartsched/trace.h>

#include <stdio.h>
#include <string.h>

struct hs_sched xp_sched;
struct xp_ledger xp_ledger;

/* The payload each task's last enqueuer wrote (payload.c checks it). */
static uint64_t payload_expect[XP_TASKS];

bool xp_console_shown;
bool xp_trace_on;

/* The console of a run is not part of its verdict: shown only on request. */
static void console_sink(const char *s, size_t len)
{
	if (xp_console_shown)
		fwrite(s, 1, len, stdout);
}

void xp_expect(struct hs_outcome o, uint32_t ok_mask, const char *what)
{
	if (o.status >= 32 || !(ok_mask & (1u << o.status)))
		hs_sim_fail("%s: unexpected outcome %s", what, hs_status_name(o.status));
}

void xp_boot(uint32_t harts, uint64_t online_mask)
{
	xp_boot_some(harts, UINT64_MAX, online_mask);
}

void xp_boot_some(uint32_t harts, uint64_t registered_mask, uint64_t online_mask)
{
	uintptr_t lo, hi;
	uint32_t c;

	hs_sim_port_reset();
	hs_sim_set_console_sink(console_sink);
	memset(&xp_ledger, 0, sizeof(xp_ledger));
	memset(payload_expect, 0, sizeof(payload_expect));
	xp_payload_reset();
	xp_expect(hs_cpu_init_boot(0, harts), XP_OK(HS_OK), "hs_cpu_init_boot");
	for (c = 0; c < harts; c++) {
		hs_sim_stack_range(c, &lo, &hi);
		xp_expect(hs_cpu_register_stack(c, lo, hi), XP_OK(HS_OK), "register_stack");
		if (c > 0 && (registered_mask & (1ull << c)))
			xp_expect(hs_cpu_register(c, c), XP_OK(HS_OK), "hs_cpu_register");
	}
	xp_expect(hs_cpu_install_tp(0), XP_OK(HS_OK), "install_tp(0)");
	for (c = 0; c < harts; c++) {
		if (online_mask & (1ull << c))
			xp_expect(hs_cpu_mark_online(c), XP_OK(HS_OK), "mark_online");
	}
	hs_ipi_reset();
	hs_sched_init(&xp_sched);
#if HS_TRACE_COMPILED
	hs_trace_reset(); /* the set-up's own enqueues are the trace's first events */
	hs_trace_enable(xp_trace_on);
#endif
}

void xp_hart_enter(uint32_t cpu)
{
	xp_expect(hs_cpu_install_tp(cpu), XP_OK(HS_OK), "install_tp");
	if (hs_cpu_current() != cpu)
		hs_sim_fail("cpu %u identifies itself as %u", cpu, hs_cpu_current());
}

struct hs_outcome xp_enqueue(uint32_t cpu, uint32_t task, uint32_t qos)
{
	struct hs_outcome o;

	if (task < XP_TASKS) {
		payload_expect[task] = (uint64_t)(task + 1) << 32 | (xp_ledger.entries[task] + 1);
		xp_payload_put(task, payload_expect[task]);
	}
	o = hs_rq_enqueue_on(&xp_sched, cpu, task, qos);
	if (o.status == HS_OK)
		xp_ledger.entries[task]++;
	else
		xp_ledger.rejected++;
	return o;
}

struct hs_pick xp_pick_next(uint32_t cpu)
{
	struct hs_pick p = hs_rq_pick_next(&xp_sched, cpu);

	if (p.finished != HS_TASK_NONE) {
		if (p.finished >= XP_TASKS)
			hs_sim_fail("cpu %u finished task %u, which no scenario made", cpu,
				    p.finished);
		xp_ledger.exits[p.finished]++;
	}
	if (p.task != HS_TASK_NONE && p.task >= XP_TASKS)
		hs_sim_fail("cpu %u picked task %u, which no scenario made", cpu, p.task);
	if (p.task != HS_TASK_NONE && p.kind != HS_PICK_CURRENT)
		xp_payload_check(p.task, payload_expect[p.task]);
	return p;
}

struct hs_outcome xp_purge(uint32_t task)
{
	struct hs_outcome o = hs_rq_purge(&xp_sched, task);

	if (o.status == HS_OK)
		xp_ledger.exits[task]++;
	return o;
}

/* How many times @task sits in a ring or a current slot right now (quiescent). */
static void count_present(uint32_t *present)
{
	uint32_t buf[HS_QUEUE_CAPACITY];
	uint32_t c, q, i, n, cur;

	for (c = 0; c < hs_cpu_present(); c++) {
		cur = hs_rq_current(&xp_sched, c);
		if (cur != HS_TASK_NONE && cur < XP_TASKS)
			present[cur]++;
		for (q = 0; q < HS_QOS_COUNT; q++) {
			n = hs_rq_len(&xp_sched, c, q);
			if (n > HS_QUEUE_CAPACITY)
				hs_sim_fail("cpu %u class %u holds %u > capacity %u", c, q, n,
					    (unsigned)HS_QUEUE_CAPACITY);
			n = hs_rq_snapshot(&xp_sched, c, q, buf, HS_QUEUE_CAPACITY);
			for (i = 0; i < n; i++) {
				if (buf[i] >= XP_TASKS)
					hs_sim_fail("cpu %u class %u holds task %u, which no "
						    "scenario made",
						    c, q, buf[i]);
				present[buf[i]]++;
			}
		}
	}
}

void xp_check_ledger(uint32_t ntasks)
{
	uint32_t present[XP_TASKS] = {0};
	uint32_t t, in, out;

	count_present(present);
	for (t = 0; t < ntasks && t < XP_TASKS; t++) {
		in = xp_ledger.entries[t];
		out = xp_ledger.exits[t];
		if (present[t] > 1)
			hs_sim_fail("ledger: task %u sits in %u places at once", t, present[t]);
		if (in != out + present[t])
			hs_sim_fail("ledger: task %u entered %u times, left %u, is present %u "
				    "(%s)",
				    t, in, out, present[t],
				    in > out + present[t] ? "lost" : "duplicated");
	}
}

void xp_wait_flag(const volatile uint32_t *flag)
{
	uint32_t spins = 0;

	while (!*flag)
		hs_arch_cpu_relax(spins++);
}
