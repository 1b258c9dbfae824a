// SPDX-License-Identifier: MIT
/*
 * Choosing and running a kernel workload (kworkload.h). CPU 0 starts it
 * from its scheduler context, then takes turns like every other hart until
 * the ledger is complete and every task has exited, bounded by
 * KWL_DEADLINE_S; it then judges the run and prints the stats.
 */
#include <stdatomic.h>

#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include "csr.h"
#include "klat.h"
#include "kledger.h"
#include "ktask.h"
#include "kwait.h"
#include "kworkload.h"
#include "sched.h"
#include "timer.h"

#define KWL_DEADLINE_S 40u
#define KWL_NAME_MAX   24u

static const struct kwl *const kwls[] = {
	&kwl_ping_pong, &kwl_wake_remote, &kwl_spawn_storm, &kwl_mixed_qos,
	&kwl_hog,	&kwl_overflow,	  &kwl_yield_bench,
};

/*
 * The workload running, for the other harts' steps and the picked hook:
 * release store by CPU 0 after start() set its state up, acquire load by
 * the harts (so a step sees that state). Never cleared: after the run a
 * step finds nothing left to do, and the run ends with the kernel.
 */
static const struct kwl *_Atomic running;

static struct {
	bool requested;
	char name[KWL_NAME_MAX + 1];
	struct kwl_params p;
	bool tasks_given;
} cfg = {.p = {.tasks = 0, .seed = 1}};

/* Parse a decimal number from @s (up to @end); false if it is not one. */
static bool parse_u64(const char *s, const char *end, uint64_t *out)
{
	uint64_t v = 0;

	if (s == end || end - s > 19)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

/* True when [s, end) equals the NUL-terminated @key. */
static bool token_is(const char *s, const char *end, const char *key)
{
	while (s < end && *key && *s == *key) {
		s++;
		key++;
	}
	return s == end && *key == '\0';
}

void kworkload_configure(const char *bootargs)
{
	const char *s = bootargs;
	uint32_t guard;

	if (!s)
		return;
	/* Bounded by the buffer the boot code copied bootargs into (fdt_bootargs). */
	for (guard = 0; *s && guard < 256; guard++) {
		const char *tok, *eq, *end;
		uint64_t v;

		while (*s == ' ')
			s++;
		tok = s;
		while (*s && *s != ' ')
			s++;
		end = s;
		for (eq = tok; eq < end && *eq != '='; eq++)
			;
		if (eq == end)
			continue;
		if (token_is(tok, eq, "workload")) {
			uint32_t n = 0;
			const char *c;

			cfg.requested = true;
			for (c = eq + 1; c < end && n < KWL_NAME_MAX; c++)
				cfg.name[n++] = *c;
			cfg.name[n] = '\0';
		} else if (token_is(tok, eq, "tasks") && parse_u64(eq + 1, end, &v) && v > 0 &&
			   v <= UINT32_MAX) {
			cfg.p.tasks = (uint32_t)v;
			cfg.tasks_given = true;
		} else if (token_is(tok, eq, "seed") && parse_u64(eq + 1, end, &v)) {
			cfg.p.seed = v;
		}
	}
}

bool kworkload_requested(void)
{
	return cfg.requested;
}

void kwl_job_done(uint32_t job)
{
	kledger_mark(job);
}

uint32_t kwl_other_online(uint32_t self, uint32_t k)
{
	uint32_t present = hs_cpu_present();
	uint32_t online[HS_MAX_CPUS];
	uint32_t i, n = 0;

	for (i = 1; i < present; i++) {
		uint32_t c = (self + i) % present;

		if (hs_cpu_is_online(c))
			online[n++] = c;
	}
	return n ? online[k % n] : self;
}

uint32_t kwl_cpu(void)
{
	return hs_cpu_current();
}

/* The workload called @name, or NULL. */
static const struct kwl *kwl_find(const char *name)
{
	uint32_t i;

	for (i = 0; i < sizeof(kwls) / sizeof(kwls[0]); i++) {
		const char *a = kwls[i]->name, *b = name;

		while (*a && *a == *b) {
			a++;
			b++;
		}
		if (*a == *b)
			return kwls[i];
	}
	return NULL;
}

/* Append " key=value" to @l. */
static void line_kv(struct hs_line *l, const char *key, uint64_t v)
{
	hs_line_str(l, " ");
	hs_line_str(l, key);
	hs_line_str(l, "=");
	hs_line_u64(l, v);
}

bool kworkload_hart_turn(uint32_t cpu, bool *handled)
{
	/* Acquire: pairs with the release in kworkload_run(). */
	const struct kwl *w = atomic_load_explicit(&running, memory_order_acquire);
	bool did;

	*handled = w && w->step;
	if (!*handled)
		return false;
	did = w->step(cpu);
	return kernel_sched_turns(cpu, 1) != 0 || did;
}

void kworkload_picked(uint32_t cpu, uint32_t task, uint32_t kind)
{
	/* Acquire: pairs with the release in kworkload_run(). */
	const struct kwl *w = atomic_load_explicit(&running, memory_order_acquire);
	struct ktask *t = ktask_get(task);

	if (w && w->picked && t)
		w->picked(cpu, (uint32_t)t->arg, kind);
}

/* Turns on CPU 0 until the ledger is complete and no task is left, or the deadline. */
static bool kwl_drive(const struct kwl *w)
{
	uint64_t deadline = csr_time_read() + timer_timebase() * KWL_DEADLINE_S;

	/* Bounded by the clock: every round either did work or waited one idle tick. */
	while (!(kledger_complete() && ktask_live() == 0)) {
		bool did = false;

		if (csr_time_read() > deadline)
			return false;
		/* With a step, one turn per step (the emulator's harts do the same). */
		if (w->step)
			did = w->step(0);
		did = kernel_sched_turns(0, w->step ? 1u : KSCHED_TURN_BURST) != 0 || did;
		if (!did)
			HS_IGNORE(hs_ipi_idle_once(0)); /* a resched just means: go round */
	}
	return true;
}

uint32_t kworkload_run(void)
{
	const struct kwl *w;
	struct kledger_result r;
	struct hs_line l;
	uint64_t t0, t1;
	bool started, done, own_ok, ok;

	if (!cfg.requested)
		return 0;
	w = kwl_find(cfg.name);
	hs_line_init(&l);
	if (!w) {
		hs_line_str(&l, "KWORKLOAD: FAIL unknown workload '");
		hs_line_str(&l, cfg.name);
		hs_line_str(&l, "'");
		hs_line_emit(&l);
		return 1;
	}
	if (!cfg.tasks_given)
		cfg.p.tasks = w->default_tasks;
	if (cfg.p.tasks > w->max_tasks) {
		hs_line_str(&l, "KWORKLOAD: ");
		hs_line_str(&l, w->name);
		hs_line_str(&l, " FAIL tasks=");
		hs_line_u64(&l, cfg.p.tasks);
		hs_line_str(&l, " is above this kernel's limit");
		line_kv(&l, "max", w->max_tasks);
		hs_line_emit(&l);
		return 1;
	}
	kledger_reset(w->jobs(&cfg.p));
	t0 = csr_time_read();
	started = w->start(&cfg.p);
	/* Release: pairs with the acquire in kworkload_hart_turn() and kworkload_picked(). */
	atomic_store_explicit(&running, w, memory_order_release);
	done = started && kwl_drive(w);
	t1 = csr_time_read();
	r = kledger_check();
	ok = done && r.missing == 0 && r.duplicated == 0 && kwait_lost() == 0 &&
	     kernel_sched_broken() == 0;

	hs_line_str(&l, "KWORKLOAD: ");
	hs_line_str(&l, w->name);
	/* The workload's own criterion is judged first but printed after the ledger. */
	{
		struct hs_line own;

		hs_line_init(&own);
		own_ok = w->check(&cfg.p, &own);
		ok = ok && own_ok;
		hs_line_str(&l, ok ? " ledger ok" : " FAIL");
		line_kv(&l, "jobs", r.jobs);
		line_kv(&l, "finished", r.finished);
		line_kv(&l, "missing", r.missing);
		line_kv(&l, "duplicated", r.duplicated);
		line_kv(&l, "lost_wakes", kwait_lost());
		line_kv(&l, "broken", kernel_sched_broken());
		if (!started)
			hs_line_str(&l, " start=failed");
		else if (!done)
			hs_line_str(&l, " timed_out=1");
		line_kv(&l, "ms", (t1 - t0) * 1000u / timer_timebase());
		own.buf[own.len] = '\0';
		hs_line_str(&l, own.buf);
	}
	hs_line_emit(&l);
	kernel_sched_print_stats();
	klat_print();
	return ok ? 0 : 1;
}
