// SPDX-License-Identifier: MIT
/*
 * hs_stress: seeded random mixes of scheduler operations on N harts, with
 * fault injection and a ledger checked at every quiescent checkpoint.
 *
 *   hs_stress [--runner host] [--harts N] [--ops N] [--seed S] [--epoch-ops N]
 *             [--pool N] [--steal-max N] [--no-faults] [--watchdog SEC] [--verbose]
 *
 * Environment: HS_STRESS_LONG=1 multiplies the operation count by 10
 * (10^7 by default); HS_STRESS_OPS=N and HS_STRESS_SEED=S override. With no
 * seed given one is drawn from the clock and printed, so every run can be
 * replayed. Exit 0 only when every checkpoint balanced.
 */
#include "stress.h"

#include <hartsched/arch.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rng.h"

static pthread_barrier_t epoch_barrier;
static uint64_t plan_rng;

/* One arch per program: the host arch and the emulator both implement it. */
#ifdef HS_STRESS_WITH_EMU
static const struct stress_runner *const runners[] = {
	&stress_runner_emu,
};
#else
static const struct stress_runner *const runners[] = {
	&stress_runner_host,
};
#endif

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--runner NAME] [--harts N] [--ops N] [--seed S] [--epoch-ops N]\n"
		"          [--pool N] [--steal-max N] [--no-faults] [--watchdog SEC] [--verbose]\n"
		"env: HS_STRESS_LONG=1 (x10 ops), HS_STRESS_OPS, HS_STRESS_SEED\n",
		argv0);
	exit(2);
}

static uint64_t parse_u64(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0') {
		fprintf(stderr, "stress: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

/* Choose what the next epoch does (hart 0, between barriers). */
static void plan_next(uint32_t epoch)
{
	struct stress_plan *p = &S.plan;
	uint32_t h = S.cfg.harts, c, producers = 0;

	p->epoch = epoch;
	p->prev_offline_cpu = epoch > 0 ? p->offline_cpu : HS_CPU_INVALID;
	p->class_ledger = rng_below(&plan_rng, 2);
	p->faults = S.cfg.faults && rng_below(&plan_rng, 2);
	p->ipi_fail_per1024 = p->faults ? 128 : 0;
	p->ipi_delay_per1024 = p->faults ? 8 : 0;
	p->irq_hold_per1024 = p->faults ? 2 : 0;
	p->stray_soft_per1024 = p->faults ? 6 : 0;
	p->offline_cpu = HS_CPU_INVALID;
	if (S.cfg.faults && h >= 2 && rng_below(&plan_rng, 3) == 0) {
		p->offline_cpu = 1 + rng_below(&plan_rng, h - 1);
		p->offline_at = rng_below(&plan_rng, S.cfg.epoch_ops);
	}
	p->storm_cpu = HS_CPU_INVALID;
	if (S.cfg.faults && rng_below(&plan_rng, 4) == 0) {
		p->storm_cpu = rng_below(&plan_rng, h);
		p->storm_qos = rng_below(&plan_rng, HS_QOS_COUNT);
	}
	/* Half the unplugs happen under a storm aimed at the dying hart. */
	if (p->offline_cpu != HS_CPU_INVALID && rng_below(&plan_rng, 2) == 0) {
		p->storm_cpu = p->offline_cpu;
		p->storm_qos = rng_below(&plan_rng, HS_QOS_COUNT);
	}
	p->forced_fail_cpu = HS_CPU_INVALID;
	if (S.cfg.faults && rng_below(&plan_rng, 6) == 0)
		p->forced_fail_cpu = rng_below(&plan_rng, h);
	for (c = 0; c < HS_MAX_CPUS; c++) {
		p->consumer[c] = c < h && rng_below(&plan_rng, 3) == 0;
		producers += c < h && !p->consumer[c];
	}
	if (producers == 0)
		p->consumer[rng_below(&plan_rng, h)] = false;
}

static void barrier(void)
{
	int rc = pthread_barrier_wait(&epoch_barrier);

	if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD) {
		fprintf(stderr, "stress: pthread_barrier_wait: %s\n", strerror(rc));
		abort();
	}
}

/* The checkpoint, run by hart 0 while every other hart waits. */
static void checkpoint(uint32_t epoch, bool final)
{
	struct stress_worker *w;
	uint32_t c;

	S.offline_now = S.plan.offline_cpu;
	if (!ledger_verify(final) || final) {
		S.plan.stop = true;
		return;
	}
	ledger_probe_ipi();
	for (c = 0; c < S.cfg.harts; c++) {
		w = &S.worker[c];
		if (w->offline && S.plan.offline_cpu != c)
			stress_fail("cpu%u offline outside its plan", c);
	}
	plan_next(epoch + 1);
	atomic_fetch_add(&S.progress, 1);
}

static void hart_body(uint32_t cpu, void *arg)
{
	struct stress_worker *w = &S.worker[cpu];
	uint32_t e;

	(void)arg;
	worker_init(w, cpu);
	if (hs_cpu_current() != cpu)
		stress_fail("hart %u identifies as cpu %u", cpu, hs_cpu_current());
	if (hs_cpu_mark_online(cpu).status != HS_OK)
		stress_fail("hart %u could not go online", cpu);
	barrier(); /* everyone online before the first operation */
	if (cpu == 0)
		ledger_baseline(); /* IPIs the platform made before the stress are not ours */
	barrier();
	for (e = 0; e < S.cfg.epochs && !S.plan.stop; e++) {
		worker_epoch(w);
		barrier(); /* nobody sends any more */
		worker_drain(w);
		barrier(); /* every hart drained */
		if (cpu == 0)
			checkpoint(e, e + 1 == S.cfg.epochs);
		barrier(); /* the plan for the next epoch is written */
	}
	/* Leave every hart as the runner gave it. */
	if (w->offline && hs_cpu_mark_online(cpu).status != HS_OK)
		stress_fail("hart %u could not come back online", cpu);
}

/*
 * A core invariant violation ends in hs_arch_fatal() -> abort(); a wild
 * pointer in SIGSEGV. Either way, say how to replay before dying.
 */
static void on_fatal_signal(int sig)
{
	static const char msg[] = "stress FAIL: fatal signal\n";

	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(4);
	stress_print_replay();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void *watchdog(void *arg)
{
	uint64_t last = (uint64_t)-1;
	uint32_t idle = 0;

	(void)arg;
	for (;;) {
		uint64_t now = atomic_load(&S.progress);

		sleep(1);
		if (now != last) {
			last = now;
			idle = 0;
		} else if (++idle >= S.cfg.watchdog_s) {
			fprintf(stderr,
				"stress FAIL: no checkpoint for %u s (epoch %u): a hart is stuck\n",
				S.cfg.watchdog_s, S.plan.epoch);
			stress_print_replay();
			fflush(NULL);
			_exit(3);
		}
	}
	return NULL;
}

static const struct stress_runner *find_runner(const char *name)
{
	uint32_t i;

	for (i = 0; i < HS_ARRAY_SIZE(runners); i++) {
		if (strcmp(runners[i]->name, name) == 0)
			return runners[i];
	}
	fprintf(stderr, "stress: unknown runner '%s'\n", name);
	exit(2);
}

static void parse(int argc, char **argv)
{
	struct stress_config *c = &S.cfg;
	const char *env;
	bool seeded = false, ops_set = false;
	int i;

	c->argv0 = argv[0];
	c->runner = runners[0];
	c->harts = 4;
	c->ops = 1000000;
	c->faults = true;
	c->steal_max = HS_STEAL_MAX_PER_TICK;
	c->watchdog_s = 60;
	if ((env = getenv("HS_STRESS_WATCHDOG")) && *env)
		c->watchdog_s = (uint32_t)parse_u64(env, "HS_STRESS_WATCHDOG");
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--no-faults") == 0) {
			c->faults = false;
			continue;
		}
		if (strcmp(a, "--verbose") == 0) {
			c->verbose = true;
			continue;
		}
		if (!v)
			usage(argv[0]);
		i++;
		if (strcmp(a, "--runner") == 0)
			c->runner = find_runner(v);
		else if (strcmp(a, "--harts") == 0)
			c->harts = (uint32_t)parse_u64(v, "harts");
		else if (strcmp(a, "--ops") == 0) {
			c->ops = parse_u64(v, "ops");
			ops_set = true;
		} else if (strcmp(a, "--seed") == 0) {
			c->seed = parse_u64(v, "seed");
			seeded = true;
		} else if (strcmp(a, "--epoch-ops") == 0)
			c->epoch_ops = (uint32_t)parse_u64(v, "epoch-ops");
		else if (strcmp(a, "--pool") == 0)
			c->pool = (uint32_t)parse_u64(v, "pool");
		else if (strcmp(a, "--steal-max") == 0)
			c->steal_max = (uint32_t)parse_u64(v, "steal-max");
		else if (strcmp(a, "--watchdog") == 0)
			c->watchdog_s = (uint32_t)parse_u64(v, "watchdog");
		else
			usage(argv[0]);
	}
	if (!ops_set && (env = getenv("HS_STRESS_OPS")) && *env)
		c->ops = parse_u64(env, "HS_STRESS_OPS");
	if (!ops_set && (env = getenv("HS_STRESS_LONG")) && strcmp(env, "1") == 0)
		c->ops *= 10;
	if (!seeded && (env = getenv("HS_STRESS_SEED")) && *env) {
		c->seed = parse_u64(env, "HS_STRESS_SEED");
		seeded = true;
	}
	if (!seeded) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		c->seed = (uint64_t)ts.tv_sec * 1000000007ull ^ (uint64_t)ts.tv_nsec ^
			  ((uint64_t)getpid() << 32);
	}
	if (c->harts < 2 || c->harts > HS_MAX_CPUS) {
		fprintf(stderr, "stress: --harts must be 2 .. %u\n", HS_MAX_CPUS);
		exit(2);
	}
	if (c->pool == 0) {
		/* Enough tasks to fill a class twice over, few enough to collide. */
		c->pool = c->harts * HS_QUEUE_CAPACITY * 2;
		if (c->pool < 4 * HS_QUEUE_CAPACITY)
			c->pool = 4 * HS_QUEUE_CAPACITY;
	}
	if (c->pool > HS_SELFTEST_TASK_BASE)
		c->pool = HS_SELFTEST_TASK_BASE;
	if (c->epoch_ops == 0) {
		uint64_t per_hart = c->ops / c->harts / 64;

		c->epoch_ops = per_hart < 256 ? 256 : (uint32_t)per_hart;
	}
	c->epochs = (uint32_t)((c->ops + (uint64_t)c->harts * c->epoch_ops - 1) /
			       ((uint64_t)c->harts * c->epoch_ops));
	if (c->epochs == 0)
		c->epochs = 1;
	c->ops = (uint64_t)c->epochs * c->harts * c->epoch_ops;
}

int main(int argc, char **argv)
{
	struct hs_outcome o;
	pthread_t wd;
	uint64_t t0;
	double secs;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	parse(argc, argv);
	plan_rng = S.cfg.seed * 0x9e3779b97f4a7c15ull + 1;
	stress_format_replay();
	signal(SIGABRT, on_fatal_signal);
	signal(SIGSEGV, on_fatal_signal);
	signal(SIGBUS, on_fatal_signal);
	printf("stress: runner %s harts %u ops %llu (%u epochs x %u ops/hart) pool %u seed "
	       "0x%016llx faults %s\n",
	       S.cfg.runner->name, S.cfg.harts, (unsigned long long)S.cfg.ops, S.cfg.epochs,
	       S.cfg.epoch_ops, S.cfg.pool, (unsigned long long)S.cfg.seed,
	       S.cfg.faults ? "on" : "off");

	if (S.cfg.runner->boot(S.cfg.harts) != 0)
		return 1;
	hs_ipi_reset();
	hs_sched_init(&S.sched);
	o = hs_rq_set_steal_max(&S.sched, S.cfg.steal_max);
	if (o.status != HS_OK) {
		fprintf(stderr, "stress: --steal-max %u: %s\n", S.cfg.steal_max,
			hs_status_name(o.status));
		return 2;
	}
	S.cfg.runner->set_send_fault(stress_ipi_fault_hook);
	plan_next(0);
	pthread_barrier_init(&epoch_barrier, NULL, S.cfg.harts);
	if (pthread_create(&wd, NULL, watchdog, NULL) != 0) {
		fprintf(stderr, "stress: cannot start the watchdog\n");
		return 1;
	}
	pthread_detach(wd);

	t0 = hs_arch_now_ns();
	rc = S.cfg.runner->run(S.cfg.harts, hart_body, NULL);
	secs = (double)(hs_arch_now_ns() - t0) / 1e9;
	S.cfg.runner->set_send_fault(NULL);
	if (rc != 0)
		stress_fail("the %s runner failed (see above)", S.cfg.runner->name);
	ledger_print_summary(secs);
	if (rc != 0 || atomic_load(&S.failures) != 0) {
		fprintf(stderr, "stress: %u failure(s)\n", atomic_load(&S.failures));
		stress_print_replay();
		return 1;
	}
	return 0;
}
