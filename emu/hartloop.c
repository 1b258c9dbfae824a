// SPDX-License-Identifier: MIT
/*
 * The hart code of both firmwares (emu/hartloop.h): bring-up, the
 * secondary loop, parking and shutdown (overview in emu/harts.h). The
 * firmware (harts.c threads, sim/emu_harts.c contexts) owns the stacks and
 * starts the secondaries through its port.
 *
 * Synchronisation table
 *
 *   data                 written by                   read by
 *   -------------------  ---------------------------  ------------------------------
 *   harts[c].started     hart 0 before it starts c    the firmware after the run
 *   req_online[c]        hotplug caller: store(1),    hart c: exchange(0), acq_rel
 *                        release
 *   parked/idle[c]       hart c, release              hotplug and kick hints, acquire
 *   stopping             hart 0, release              secondaries, acquire
 *   in_loop              secondaries: fetch_sub,      hart 0, acquire: 0 means no
 *                        release                      hart code can send any more
 *   released             hart 0, release              secondaries, acquire
 *   counters             hart c, relaxed              stats after the joins
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/selftest.h>

#include <emu/counter.h>
#include <emu/hartloop.h>
#include <emu/harts.h>
#include <emu/irq.h>
#include <emu/metrics.h>
#include <emu/sched.h>

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <urcu/urcu-memb.h>

/* Bound on bring-up and on each shutdown handshake. */
#define BRINGUP_WAIT_NS	 (5ull * 1000 * 1000 * 1000)
#define SHUTDOWN_WAIT_NS (10ull * 1000 * 1000 * 1000)

struct emu_hart {
	bool started;		     /* the firmware started it */
	_Atomic uint32_t req_online; /* hotplug: please come back */
	_Atomic uint32_t parked;     /* hart sits offline */
	_Atomic uint32_t idle;	     /* hart is in hs_ipi_idle_once() */
	_Atomic uint64_t idle_turns; /* struct hs_emu_hart_stats */
	_Atomic uint64_t resched;
	_Atomic uint64_t parks;
} HS_CACHE_ALIGNED;

static struct emu_hart harts[HS_MAX_CPUS];
static uint32_t nharts;
static const struct hs_emu_hart_port *port;
static const struct hs_emu_config *boot_cfg;
static hs_emu_boot_fn boot_entry;
static void *boot_arg;
static int boot_status;
static uint64_t bringup_ns;
static _Atomic uint32_t stopping;
static _Atomic uint32_t in_loop;
static _Atomic uint32_t released;

/*
 * A CPU-state call on a hart id the emulator itself made (< nharts <=
 * HS_MAX_CPUS) cannot be refused; if it is, the emulator is broken: stop.
 */
static void must_succeed(struct hs_outcome o, const char *what)
{
	if (o.status != HS_OK)
		hs_arch_fatal(what);
}

/* Print "<prefix><cpu><suffix>" as one console line. */
static void say_cpu(const char *prefix, uint32_t cpu, const char *suffix)
{
	struct hs_line l;

	hs_line_init(&l);
	hs_line_str(&l, prefix);
	hs_line_u64(&l, cpu);
	hs_line_str(&l, suffix);
	hs_line_emit(&l);
}

uint32_t hs_emu_harts_count(void)
{
	return nharts;
}

uint64_t hs_emu_harts_bringup_ns(void)
{
	return bringup_ns;
}

bool hs_emu_hart_is_idle(uint32_t cpu)
{
	/* Acquire: pairs with the release stores around hs_ipi_idle_once(). */
	return cpu < nharts && atomic_load_explicit(&harts[cpu].idle, memory_order_acquire);
}

void hs_emu_hart_request_online(uint32_t cpu)
{
	if (cpu >= nharts)
		return;
	/* Release: pairs with the exchange in park_turn(). */
	atomic_store_explicit(&harts[cpu].req_online, 1, memory_order_release);
	HS_IGNORE(hs_emu_irq_kick(hs_cpu_hartid(cpu))); /* a hint: the tick also wakes it */
}

void hs_emu_harts_kick_all(void)
{
	uint32_t cpu;

	for (cpu = 1; cpu < nharts; cpu++)
		HS_IGNORE(hs_emu_irq_kick(hs_cpu_hartid(cpu))); /* a hint: the tick also wakes it */
}

bool hs_emu_hart_is_parked(uint32_t cpu)
{
	/* Acquire: pairs with the release store in park_turn(). */
	return cpu < nharts && atomic_load_explicit(&harts[cpu].parked, memory_order_acquire);
}

struct hs_emu_hart_stats hs_emu_hart_stats(uint32_t cpu)
{
	struct hs_emu_hart_stats s = {0};

	if (cpu >= HS_MAX_CPUS)
		return s;
	s.turns = hs_emu_sched_stats(cpu).decisions;
	s.idle_turns = atomic_load_explicit(&harts[cpu].idle_turns, memory_order_relaxed);
	s.resched = atomic_load_explicit(&harts[cpu].resched, memory_order_relaxed);
	s.parks = atomic_load_explicit(&harts[cpu].parks, memory_order_relaxed);
	return s;
}

/*
 * One turn of an offline hart: come back if asked (the CPU marks itself
 * online), else wait one idle tick. No scheduling decision is made here.
 */
static void park_turn(struct emu_hart *h, uint32_t cpu)
{
	if (!atomic_load_explicit(&h->parked, memory_order_relaxed)) {
		hs_emu_count(&h->parks);
		/* Release: pairs with the acquire in hs_emu_hart_is_parked(). */
		atomic_store_explicit(&h->parked, 1, memory_order_release);
	}
	/* acq_rel: pairs with the release store in hs_emu_hart_request_online(). */
	if (atomic_exchange_explicit(&h->req_online, 0, memory_order_acq_rel)) {
		must_succeed(hs_cpu_mark_online(cpu), "emu: a parked hart could not go online");
		return;
	}
	hs_arch_wait_for_interrupt();
}

/* One idle turn: the core's idle loop body, with the idle hint published. */
static void idle_turn(struct emu_hart *h, uint32_t cpu)
{
	bool resched;

	/* Release: pairs with the acquire in hs_emu_hart_is_idle(). */
	atomic_store_explicit(&h->idle, 1, memory_order_release);
	resched = hs_ipi_idle_once(cpu);
	/* Release: pairs with the acquire in hs_emu_hart_is_idle(). */
	atomic_store_explicit(&h->idle, 0, memory_order_release);
	hs_emu_count(&h->idle_turns);
	if (resched) {
		hs_emu_count(&h->resched);
		/* The ladder's steal by a secondary, when armed for this CPU. */
		hs_selftest_on_resched(cpu);
	}
}

/* The secondary loop: a scheduling turn when there is work, else idle. */
static void secondary_loop(uint32_t cpu)
{
	struct emu_hart *h = &harts[cpu];
	uint64_t t0, t1;

	/* Acquire: pairs with the release store in stop_secondaries(). */
	while (!atomic_load_explicit(&stopping, memory_order_acquire)) {
		if (!hs_cpu_is_online(cpu)) {
			park_turn(h, cpu);
			continue;
		}
		/* Release: pairs with the acquire in hs_emu_hart_is_parked(). */
		if (atomic_load_explicit(&h->parked, memory_order_relaxed))
			atomic_store_explicit(&h->parked, 0, memory_order_release);
		t0 = hs_arch_now_ns();
		if (hs_emu_sched_turn(cpu)) {
			hs_emu_metrics_time(cpu, true, hs_arch_now_ns() - t0);
			continue;
		}
		idle_turn(h, cpu);
		t1 = hs_arch_now_ns();
		hs_emu_metrics_time(cpu, false, t1 - t0);
	}
}

/* Wait (bounded) until @flag reads @want; false on timeout. */
static bool wait_flag(_Atomic uint32_t *flag, uint32_t want, uint64_t bound_ns)
{
	uint64_t deadline = hs_arch_now_ns() + bound_ns;

	/* Acquire: pairs with the writer's release. */
	while (atomic_load_explicit(flag, memory_order_acquire) != want) {
		if (hs_arch_now_ns() > deadline)
			return false;
		hs_arch_wait_for_interrupt();
	}
	return true;
}

/*
 * A secondary from its start to its exit: bind the interrupt state, come
 * online, loop until hart 0 stops it, then wait to be released so nothing
 * it still sends can outlive the run.
 */
void hs_emu_hartloop_secondary(uint32_t cpu)
{
	/* The interrupt state is per hart id; the map was published before us. */
	hs_emu_irq_hart_enter(hs_cpu_hartid(cpu));
	must_succeed(hs_cpu_install_tp(cpu), "emu: a secondary's tp was refused");
	urcu_memb_register_thread();
	must_succeed(hs_cpu_mark_online(cpu), "emu: a secondary could not go online");
	secondary_loop(cpu);
	/* Release: pairs with the acquire in stop_secondaries(). */
	atomic_fetch_sub_explicit(&in_loop, 1, memory_order_release);
	if (!wait_flag(&released, 1, SHUTDOWN_WAIT_NS))
		hs_arch_fatal("emu: hart 0 never released the secondaries");
	urcu_memb_unregister_thread();
	hs_emu_irq_hart_leave();
}

/* Register and start every secondary; false (with a FAIL line) on error. */
static bool bring_up_secondaries(void)
{
	uint32_t cpu;

	for (cpu = 1; cpu < nharts; cpu++) {
		struct hs_outcome o;
		uintptr_t lo, hi;

		port->stack(cpu, &lo, &hi);
		o = hs_cpu_register_stack(cpu, lo, hi);
		if (o.status != HS_OK) {
			say_cpu("KINIT: bring-up FAIL cannot register the stack of cpu", cpu, "");
			return false;
		}
		/* Relaxed: starting the hart orders it before the hart's fetch_sub. */
		atomic_fetch_add_explicit(&in_loop, 1, memory_order_relaxed);
		harts[cpu].started = port->start(cpu) == 0;
		if (!harts[cpu].started) {
			atomic_fetch_sub_explicit(&in_loop, 1, memory_order_relaxed);
			say_cpu("KINIT: bring-up FAIL cannot start cpu", cpu, "");
			return false;
		}
	}
	return true;
}

/* Wait (bounded) for every present CPU to be online. */
static bool wait_all_online(void)
{
	uint64_t deadline = hs_arch_now_ns() + BRINGUP_WAIT_NS;
	uint32_t cpu;

	for (cpu = 1; cpu < nharts; cpu++) {
		while (!hs_cpu_is_online(cpu)) {
			if (hs_arch_now_ns() > deadline) {
				say_cpu("KINIT: bring-up FAIL cpu", cpu,
					" not online before the deadline");
				return false;
			}
			hs_arch_wait_for_interrupt();
		}
	}
	return true;
}

/*
 * Stop the secondaries: ask, wait until none runs hart code that could send
 * (in_loop == 0), then release them to unbind and exit.
 */
static void stop_secondaries(void)
{
	uint64_t deadline = hs_arch_now_ns() + SHUTDOWN_WAIT_NS;
	uint32_t cpu;

	/* Release: pairs with the acquire in secondary_loop(). */
	atomic_store_explicit(&stopping, 1, memory_order_release);
	for (cpu = 1; cpu < nharts; cpu++) {
		if (harts[cpu].started)
			HS_IGNORE(hs_emu_irq_kick(hs_cpu_hartid(cpu))); /* a hint: the tick too */
	}
	/* Acquire: pairs with the fetch_sub in secondary_main(). */
	while (atomic_load_explicit(&in_loop, memory_order_acquire) != 0) {
		if (hs_arch_now_ns() > deadline)
			hs_arch_fatal("emu: a secondary hart did not stop");
		hs_arch_wait_for_interrupt();
	}
	/* Release: pairs with the acquire in wait_flag(). */
	atomic_store_explicit(&released, 1, memory_order_release);
	for (cpu = 1; cpu < nharts; cpu++) {
		if (harts[cpu].started)
			HS_IGNORE(hs_emu_irq_kick(hs_cpu_hartid(cpu))); /* a hint: the tick too */
	}
}

/*
 * Register the CPU tables as the boot hart, logical CPU 0 being the boot
 * hart whatever its hart id (--hart-map); false (with a FAIL line) on error.
 */
static bool boot_tables(void)
{
	struct hs_outcome o = hs_cpu_init_boot(hs_emu_config_hart_of(boot_cfg, 0), nharts);
	uintptr_t lo, hi;
	uint32_t cpu;

	if (o.status != HS_OK) {
		hs_console_puts("KINIT: bring-up FAIL hs_cpu_init_boot refused the hart count");
		return false;
	}
	/* Our own stack: init_boot just reset the table, so register it now. */
	port->stack(0, &lo, &hi);
	o = hs_cpu_register_stack(0, lo, hi);
	for (cpu = 1; o.status == HS_OK && cpu < nharts; cpu++)
		o = hs_cpu_register(cpu, hs_emu_config_hart_of(boot_cfg, cpu));
	if (o.status != HS_OK) {
		hs_console_puts("KINIT: bring-up FAIL cannot register the harts");
		return false;
	}
	return true;
}

/*
 * Hart 0 from its first instruction: the CPU tables, the scheduler, every
 * secondary up, then boot_fn, then the secondaries stopped.
 */
void hs_emu_hartloop_boot(void)
{
	uint64_t t0 = hs_arch_now_ns();
	bool up;

	hs_emu_irq_hart_enter(hs_emu_config_hart_of(boot_cfg, 0));
	up = boot_tables();
	if (up) {
		hs_ipi_reset();
		hs_emu_sched_init();
		must_succeed(hs_cpu_install_tp(0), "emu: hart 0's tp was refused");
		urcu_memb_register_thread();
		must_succeed(hs_cpu_mark_online(0), "emu: hart 0 could not go online");
		up = bring_up_secondaries() && wait_all_online();
		bringup_ns = hs_arch_now_ns() - t0;
		boot_status = up ? boot_entry(boot_cfg, boot_arg) : 1;
		stop_secondaries();
		urcu_memb_unregister_thread();
	} else {
		boot_status = 1;
	}
	hs_emu_irq_hart_leave();
}

/* Every CPU maps to a distinct hart id below HS_MAX_CPUS (the irq table's size). */
static bool hart_map_valid(const struct hs_emu_config *cfg)
{
	bool used[HS_MAX_CPUS] = {false};
	uint32_t cpu, h;

	for (cpu = 0; cpu < cfg->harts; cpu++) {
		h = hs_emu_config_hart_of(cfg, cpu);
		if (h >= HS_MAX_CPUS || used[h])
			return false;
		used[h] = true;
	}
	return true;
}

/* Refuse a hart count or map the run cannot start with, in one stderr line. */
bool hs_emu_hartloop_check(const struct hs_emu_config *cfg, uint32_t max, const char *prog)
{
	if (cfg->harts < 1 || cfg->harts > max) {
		fprintf(stderr, "%s: hart count %u out of range\n", prog, cfg->harts);
		return false;
	}
	if (!hart_map_valid(cfg)) {
		fprintf(stderr, "%s: the hart map is not %u distinct ids below %u\n", prog,
			cfg->harts, (unsigned)HS_MAX_CPUS);
		return false;
	}
	return true;
}

/* Forget the last run: no hart has started, nothing is stopping. */
void hs_emu_hartloop_init(const struct hs_emu_config *cfg, hs_emu_boot_fn boot_fn, void *arg,
			  const struct hs_emu_hart_port *fw)
{
	memset(harts, 0, sizeof(harts));
	nharts = cfg->harts;
	port = fw;
	boot_cfg = cfg;
	boot_entry = boot_fn;
	boot_arg = arg;
	boot_status = 1;
	/* No hart runs yet: starting one orders these before it. */
	atomic_store(&stopping, 0);
	atomic_store(&in_loop, 0);
	atomic_store(&released, 0);
}

/* Hart 0's status once it returned: boot_fn's, or 1 when bring-up failed. */
int hs_emu_hartloop_status(void)
{
	return boot_status;
}

/* Whether the firmware has a secondary @cpu to wait for after the run. */
bool hs_emu_hartloop_started(uint32_t cpu)
{
	return cpu < nharts && harts[cpu].started;
}
