// SPDX-License-Identifier: MIT
/*
 * The simulator's run: contexts, the yield point, WFI, the end of a hart
 * and the failure path (the model is described in sim/sim.h).
 *
 * Every switch goes through switch_to(): the chooser has already said who
 * runs next and the record has it. Under ThreadSanitizer each hart is a
 * fiber; with cfg->tsan_no_sync a switch between harts does not
 * synchronise them, so TSan sees only the happens-before edges the core's
 * own atomics declare. Under AddressSanitizer each switch announces the
 * stack it goes to.
 */
#include "sim_internal.h"

#include <sim/port.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* AddressSanitizer: told of every stack switch, so it checks each hart's own stack. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define SIM_ASAN 1
#else
#define SIM_ASAN 0
#endif

/* HS_SIM_TSAN: ThreadSanitizer is linked in (this file itself is not instrumented). */
#if defined(HS_SIM_TSAN)
#include <sanitizer/tsan_interface.h>
#define SIM_TSAN 1
/* TSan's dynamic annotations: the failure text is the simulator's, not the core's. */
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
#else
#define SIM_TSAN 0
#endif

struct sim_hart sim_harts[HS_SIM_MAX_HARTS];
struct sim_run sim;

#if SIM_TSAN
/* Tokens for the set-up -> harts and harts -> check edges under TSan. */
static char tsan_start_token, tsan_end_token;
#endif

volatile int hs_sim_tsan_reports;

bool hs_sim_active(void)
{
	return sim.active;
}

uint32_t hs_sim_self(void)
{
	return sim.active ? sim.cur : 0;
}

uint64_t hs_sim_now_ns(void)
{
	return sim.now;
}

uint64_t hs_sim_steps(void)
{
	return sim.res ? sim.res->steps : 0;
}

uint32_t hs_sim_harts(void)
{
	return sim.cfg ? sim.cfg->harts : 0;
}

/* May the chooser deliver @hart's pending S_SOFT when it next runs? */
bool sim_can_trap(uint32_t hart)
{
	const struct sim_hart *h = &sim_harts[hart];

	return h->state == SIM_RUNNABLE && h->sie && h->ssip && !h->in_trap;
}

/* Can @h run at the next choice (at virtual time sim.now)? */
static bool eligible(const struct sim_hart *h)
{
	if (h->state == SIM_RUNNABLE)
		return true;
	return h->state == SIM_WFI && (h->ssip || h->kicked || h->wfi_deadline <= sim.now);
}

/*
 * Fill @out with the harts that can run, in index order; when none can but
 * some wait for their idle tick, move the clock to the earliest tick.
 * Returns how many; 0 only when every hart is done.
 */
static uint32_t gather(uint32_t *out)
{
	uint32_t i, n, nh = sim.cfg->harts;
	uint64_t earliest;

	for (;;) {
		earliest = UINT64_MAX;
		for (i = 0, n = 0; i < nh; i++) {
			if (eligible(&sim_harts[i]))
				out[n++] = i;
			else if (sim_harts[i].state == SIM_WFI &&
				 sim_harts[i].wfi_deadline < earliest)
				earliest = sim_harts[i].wfi_deadline;
		}
		if (n || earliest == UINT64_MAX)
			return n;
		sim.now = earliest; /* everybody sleeps: the next tick is the next event */
	}
}

#if SIM_ASAN
static const void *main_stack_bottom; /* learnt when the first hart arrives from main */
static size_t main_stack_size;
static bool from_main;

/* ASan: a context has arrived on its stack; learn main's stack if it came from there. */
static void asan_arrived(void *fake_stack)
{
	const void *bottom;
	size_t size;

	__sanitizer_finish_switch_fiber(fake_stack, &bottom, &size);
	if (from_main) {
		main_stack_bottom = bottom;
		main_stack_size = size;
		from_main = false;
	}
}
#endif

/* Hand the OS thread to hart @next (or back to main when @next is NULL). */
static void switch_to(struct sim_hart *from, struct sim_hart *next)
{
	ucontext_t *from_ctx = from ? &from->ctx : &sim.main_ctx;
	ucontext_t *to_ctx = next ? &next->ctx : &sim.main_ctx;
#if SIM_ASAN
	/* A done or failed hart never resumes: its fake stack goes (NULL). */
	bool leaving = from && (from->state == SIM_DONE || sim.failed);
	void *fake_stack = NULL;

	from_main = from == NULL;
	__sanitizer_start_switch_fiber(
		leaving ? NULL : &fake_stack,
		next ? hs_emu_stack_thread_base(&next->stack) : main_stack_bottom,
		next ? hs_emu_stack_thread_size(&next->stack) : main_stack_size);
#endif

	if (next) {
		sim.cur = (uint32_t)(next - sim_harts);
		if (from != next)
			sim.res->switches++;
#if SIM_TSAN
		__tsan_switch_to_fiber(next->fiber,
				       sim.cfg->tsan_no_sync ? __tsan_switch_to_fiber_no_sync : 0);
#endif
	} else {
#if SIM_TSAN
		/* With sync: main runs only after the run; it reads what the harts left. */
		__tsan_switch_to_fiber(sim.main_fiber, 0);
#endif
	}
	swapcontext(from_ctx, to_ctx);
#if SIM_ASAN
	asan_arrived(fake_stack);
#endif
}

/*
 * The running hart @self gives up the OS thread at a choice of kind @pt;
 * returns when the chooser lets it run again (then it delivers its S_SOFT
 * if the chooser said so). @self may be no longer runnable (WFI, done).
 */
static void reschedule(struct sim_hart *self, enum hs_sim_point pt)
{
	uint32_t list[HS_SIM_MAX_HARTS];
	struct sim_choice ch;
	struct sim_hart *next;
	uint32_t n = gather(list);

	if (n == 0) { /* every hart has returned */
		if (self)
			switch_to(self, NULL);
		return; /* not reached from a hart: main never resumes a done hart */
	}
	ch = sim_choose(pt, list, n, self && eligible(self) && self->state == SIM_RUNNABLE);
	if (ch.bad) {
		sim.res->verdict = HS_SIM_BAD_SCHEDULE;
		snprintf(sim.res->why, sizeof(sim.res->why),
			 "the schedule does not fit this run at step %llu",
			 (unsigned long long)sim.res->steps);
		sim.failed = true;
		if (self)
			switch_to(self, NULL);
		return;
	}
	next = &sim_harts[ch.hart];
	next->trap_now = ch.trap;
	sim_record(ch.hart, ch.trap);
	if (next != self)
		switch_to(self, next);
	if (!self)
		return; /* main: every hart returned, or the run failed */
	/* Running again as self (the chooser picked us, now or later). */
	if (self->state == SIM_WFI) {
		self->state = SIM_RUNNABLE;
		return; /* hs_sim_wfi() delivers what woke it */
	}
	if (self->trap_now) {
		self->trap_now = false;
		sim_take_trap(self);
	}
}

/* Check the per-step conditions every yield point shares. */
static void step(enum hs_sim_point pt)
{
	sim.res->steps++;
	sim.now += pt == HS_SIM_PT_RELAX ? HS_SIM_RELAX_NS : HS_SIM_STEP_NS;
	if (hs_sim_tsan_reports)
		hs_sim_fail("ThreadSanitizer reported a race (its report is above)");
	if (sim.res->steps > sim.cfg->max_steps)
		hs_sim_fail("no end after %llu steps (a livelock, or raise --max-steps)",
			    (unsigned long long)sim.cfg->max_steps);
	if (sim.cfg->step_check) {
		sim.quiet = true;
		sim.cfg->step_check();
		sim.quiet = false;
	}
}

void hs_sim_point(enum hs_sim_point pt)
{
	struct sim_hart *self;

	if (!sim.active || sim.quiet)
		return;
	self = &sim_harts[sim.cur];
	step(pt);
	if (pt == HS_SIM_PT_RELAX)
		sim_choose_demote(sim.cur);
	reschedule(self, pt);
}

/*
 * The WFI of the running hart: return at once on a pending S_SOFT (taken
 * first), else sleep until one is raised, a kick, or the idle tick.
 * Interrupts are enabled while waiting, so SSIP is taken on the way out.
 */
void hs_sim_wfi(void)
{
	struct sim_hart *self;

	if (!sim.active)
		return;
	self = &sim_harts[sim.cur];
	step(HS_SIM_PT_CODE);
	if (!self->ssip) {
		self->state = SIM_WFI;
		self->kicked = false;
		self->wfi_deadline = sim.now + HS_SIM_IDLE_TICK;
		sim_choose_demote(sim.cur);
		reschedule(self, HS_SIM_PT_RELAX);
		self->state = SIM_RUNNABLE;
	}
	self->kicked = false;
	self->trap_now = false;
	if (self->ssip && !self->in_trap)
		sim_take_trap(self);
}

/* Wake @hart from WFI without raising SSIP (the emulator's kick). */
void hs_sim_kick(uint32_t hart)
{
	if (hart < HS_SIM_MAX_HARTS)
		sim_harts[hart].kicked = true;
}

/* Every hart context starts here: run the function, then end the hart. */
static void trampoline(int hart)
{
	struct sim_hart *self = &sim_harts[hart];

#if SIM_ASAN
	asan_arrived(NULL); /* a fresh context: no fake stack of its own yet */
#endif
#if SIM_TSAN
	__tsan_acquire(&tsan_start_token);
#endif
	sim.fn((uint32_t)hart, sim.arg);
#if SIM_TSAN
	__tsan_release(&tsan_end_token);
#endif
	self->state = SIM_DONE;
	sim.done++;
	reschedule(self, HS_SIM_PT_CODE);
}

_Noreturn void hs_sim_fail(const char *fmt, ...)
{
	va_list ap;

	sim.quiet = false;
	if (!sim.failed) { /* the first failure is the one to report */
		sim.failed = true;
		sim.res->verdict = HS_SIM_FAIL;
		sim.res->fail_hart = sim.active ? sim.cur : 0;
#if SIM_TSAN
		AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
		AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
#endif
		va_start(ap, fmt);
		vsnprintf(sim.res->why, sizeof(sim.res->why), fmt, ap);
		va_end(ap);
#if SIM_TSAN
		AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
		AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
#endif
	}
	if (sim.active) {
		switch_to(&sim_harts[sim.cur], NULL);
	} else if (sim.main_jmp_armed) {
		longjmp(sim.main_jmp, 1);
	}
	fprintf(stderr, "hartsched sim: failure outside a run: %s\n", sim.res->why);
	abort();
}

/* Map every hart's stack once per process (the runs reuse them). */
static int stacks_ready(uint32_t harts)
{
	uint32_t i;
	int err;

	for (i = 0; i < harts; i++) {
		if (sim_harts[i].stack.map)
			continue;
		err = hs_emu_stack_alloc(&sim_harts[i].stack);
		if (err)
			return err;
	}
	return 0;
}

/* Reset hart @i for a new run and point its context at the trampoline. */
static void hart_prepare(uint32_t i)
{
	struct sim_hart *h = &sim_harts[i];
	struct hs_emu_stack st = h->stack;
	void *fiber = h->fiber;

	memset(h, 0, sizeof(*h));
	h->stack = st;
	h->fiber = fiber;
	h->state = SIM_RUNNABLE;
	h->sie = true;
	getcontext(&h->ctx);
	h->ctx.uc_stack.ss_sp = hs_emu_stack_thread_base(&h->stack);
	h->ctx.uc_stack.ss_size = hs_emu_stack_thread_size(&h->stack);
	h->ctx.uc_link = NULL;
	makecontext(&h->ctx, (void (*)(void))trampoline, 1, (int)i);
#if SIM_TSAN
	if (!h->fiber)
		h->fiber = __tsan_create_fiber(0);
#endif
}

int hs_sim_run(const struct hs_sim_config *cfg, void (*setup)(void *arg), hs_sim_hart_fn fn,
	       void (*check)(void *arg), void *arg, struct hs_sim_result *res)
{
	uint32_t i;

	memset(res, 0, sizeof(*res));
	if (cfg->harts < 1 || cfg->harts > HS_SIM_MAX_HARTS || stacks_ready(cfg->harts) != 0)
		return -1;
	memset(&sim, 0, sizeof(sim));
	sim.cfg = cfg;
	sim.res = res;
	sim.fn = fn;
	sim.arg = arg;
	hs_sim_tsan_reports = 0;
	for (i = 0; i < cfg->harts; i++)
		hart_prepare(i);
	sim_choose_begin(cfg);
	sim_record_begin(cfg->record);
	if (cfg->strategy == HS_SIM_REPLAY && !sim_replay_begin(cfg->schedule)) {
		res->verdict = HS_SIM_BAD_SCHEDULE;
		snprintf(res->why, sizeof(res->why), "the schedule text does not parse");
		return 0;
	}
	sim.main_jmp_armed = true;
	if (setjmp(sim.main_jmp) == 0) {
		if (setup)
			setup(arg);
#if SIM_TSAN
		sim.main_fiber = __tsan_get_current_fiber();
		__tsan_release(&tsan_start_token);
#endif
		sim.active = true;
		reschedule(NULL, HS_SIM_PT_CODE); /* the first choice: who starts */
		sim.active = false;
#if SIM_TSAN
		__tsan_acquire(&tsan_end_token);
#endif
		if (!sim.failed && check)
			check(arg);
		if (!sim.failed && hs_sim_tsan_reports)
			hs_sim_fail("ThreadSanitizer reported a race (its report is above)");
	}
	sim.active = false;
	sim.main_jmp_armed = false;
	res->virtual_ns = sim.now;
	if (!sim.failed)
		res->verdict = HS_SIM_PASS;
	return 0;
}
