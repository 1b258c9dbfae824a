/* SPDX-License-Identifier: MIT */
/*
 * The simulator's private state, shared by its files: the harts (context,
 * interrupt model, chooser state) and the run (clock, steps, verdict).
 * One OS thread touches all of it; nothing here is atomic on purpose.
 */
#ifndef HS_SIM_INTERNAL_H
#define HS_SIM_INTERNAL_H

#include <sim/sim.h>

#include <emu/stack.h>

#include <setjmp.h>
#include <stdint.h>
#include <ucontext.h>

enum sim_hart_state {
	SIM_RUNNABLE, /* can run at the next choice */
	SIM_WFI,      /* waits for an interrupt, a kick or its idle tick */
	SIM_DONE,     /* returned from the run's function */
};

struct sim_hart {
	ucontext_t ctx;
	struct hs_emu_stack stack; /* mapped once, reused by every run */
	void *fiber;		   /* ThreadSanitizer's fiber (TSan builds) */
	enum sim_hart_state state;
	uint64_t wfi_deadline; /* virtual ns */
	bool kicked;	       /* woken from WFI without SSIP */
	bool sie;	       /* sstatus.SIE */
	bool ssip;	       /* sip.SSIP */
	bool in_trap;	       /* inside its S_SOFT handler */
	bool trap_now;	       /* the chooser chose to deliver at resumption */
	uintptr_t tp;	       /* the thread pointer register */
	int64_t prio;	       /* PCT */
};

struct sim_run {
	const struct hs_sim_config *cfg;
	struct hs_sim_result *res;
	hs_sim_hart_fn fn;
	void *arg;
	bool active;   /* the harts are running */
	bool failed;   /* hs_sim_fail() was called */
	bool quiet;    /* inside step_check: yield points are no-ops */
	uint32_t cur;  /* the running hart */
	uint32_t done; /* harts that returned */
	uint64_t now;  /* virtual ns */
	ucontext_t main_ctx;
	void *main_fiber;
	jmp_buf main_jmp; /* hs_sim_fail() from set-up or check */
	bool main_jmp_armed;
};

extern struct sim_hart sim_harts[HS_SIM_MAX_HARTS];
extern struct sim_run sim;

/* The chooser (choose.c): which hart runs next, and whether it traps first. */
struct sim_choice {
	uint32_t hart;
	bool trap;
	bool bad; /* replay: the schedule does not fit */
};

void sim_choose_begin(const struct hs_sim_config *cfg);
struct sim_choice sim_choose(enum hs_sim_point pt, const uint32_t *eligible, uint32_t n,
			     bool cur_eligible);
void sim_choose_demote(uint32_t hart); /* PCT: @hart waits for another */
bool sim_can_trap(uint32_t hart);      /* sim.c: SIE on, SSIP set, not in its trap */

/* The schedule record (schedule.c). */
void sim_record_begin(bool on);
void sim_record(uint32_t hart, bool trap);

/* Replay cursor over a parsed schedule (schedule.c). */
bool sim_replay_begin(const char *text);
bool sim_replay_next(uint32_t *hart, bool *trap); /* false: schedule ended */

/* Deliver @h's S_SOFT now, on its own context (arch.c). */
void sim_take_trap(struct sim_hart *h);

/* The hooks of the core's sim build (sim/hooks.h, sim/trace_quiet.h). */
void hs_sim_atomic_point(void);
unsigned long hs_sim_quiet_irq_save(void);
void hs_sim_quiet_irq_restore(unsigned long flags);
uint32_t hs_sim_quiet_cpu_current(void);

/* ThreadSanitizer reports seen this run (tsan_report.c). */
extern volatile int hs_sim_tsan_reports;

/* The SplitMix64 stream of a run (choose.c; the trap coin uses it too). */
uint64_t sim_rand(void);

#endif /* HS_SIM_INTERNAL_H */
