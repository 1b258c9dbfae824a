// SPDX-License-Identifier: MIT
/*
 * Probes of hartsched's internal costs (see hs_probe.h), single-threaded on
 * logical CPU 0 of a fresh instance. Each figure is a tight loop of one
 * public call divided by its count, the minimum over a few trials (the
 * machine is shared; the cost of a path is what it takes undisturbed).
 */
#include "hs_probe.h"
#include "report.h"

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/rq.h>

#include "bench.h"

#define PROBE_OPS    (1u << 20)
#define PROBE_TRIALS 5

/* Defined in peer_hs.c: the instance the hartsched peer runs on. */
struct hs_sched *bench_hs_sched(void);

static double keep_min(double best, double v)
{
	return best < 0 || v < best ? v : best;
}

void bench_hs_probe(struct bench_hs_probe *p, bool quick)
{
	uint32_t n = quick ? PROBE_OPS / 16 : PROBE_OPS, i, trial, sink = 0;
	struct hs_sched *s = bench_hs_sched();
	uint64_t t0, t1;

	p->rq_current_ns = p->cpu_current_ns = p->irq_pair_ns = -1;
	p->ok = bench_ops_hartsched.init(1, 1);
	if (!p->ok)
		return;
	bench_ops_hartsched.hart_enter(0);
	for (trial = 0; trial < PROBE_TRIALS; trial++) {
		t0 = bench_now_ns();
		for (i = 0; i < n; i++)
			sink += hs_rq_current(s, 0) == HS_TASK_NONE ? 0 : 1;
		t1 = bench_now_ns();
		p->rq_current_ns = keep_min(p->rq_current_ns, (double)(t1 - t0) / n);

		t0 = bench_now_ns();
		for (i = 0; i < n; i++)
			sink += hs_cpu_current();
		t1 = bench_now_ns();
		p->cpu_current_ns = keep_min(p->cpu_current_ns, (double)(t1 - t0) / n);

		t0 = bench_now_ns();
		for (i = 0; i < n; i++)
			hs_arch_irq_restore(hs_arch_irq_save());
		t1 = bench_now_ns();
		p->irq_pair_ns = keep_min(p->irq_pair_ns, (double)(t1 - t0) / n);
	}
	/* Every hs_rq_current() answered "no task" and every CPU-ID said 0. */
	p->ok = sink == 0;
	bench_ops_hartsched.fini();
}

void bench_hs_probe_json(JsonBuilder *b, const struct bench_hs_probe *p)
{
	json_builder_set_member_name(b, "hs_probe");
	json_builder_begin_object(b);
	bench_jb_bool(b, "ok", p->ok);
	bench_jb_num(b, "rq_current_ns", p->rq_current_ns);
	bench_jb_num(b, "cpu_current_ns", p->cpu_current_ns);
	bench_jb_num(b, "irq_pair_ns", p->irq_pair_ns);
	json_builder_end_object(b);
}
