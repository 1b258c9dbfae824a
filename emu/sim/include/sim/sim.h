/* SPDX-License-Identifier: MIT */
/*
 * The deterministic simulator: the harts become cooperative contexts on
 * one OS thread, and a seeded chooser decides which hart runs at every
 * yield point of the exact core in src/ (built with the atomics layer's
 * hooks pointing here: every atomic access and fence is a yield point)
 * and of the sim arch port (interrupt save/restore, relax, IPI send, WFI).
 *
 * A pending S_SOFT is delivered at a yield point of its hart where SIE is
 * set, as one more choice. Time is virtual: each yield point is one step of
 * HS_SIM_STEP_NS, a relax HS_SIM_RELAX_NS, and when every live hart waits
 * for an interrupt the clock jumps to the earliest idle tick.
 *
 * One run is hs_sim_run(): set up (from the main context, as hart 0),
 * then every hart runs @fn to completion or the run fails (an invariant,
 * hs_arch_fatal, the step bound, a deadlock). Everything a run does
 * depends only on the configuration and the chooser's choices, which are
 * recorded as a schedule that replays it exactly (schedule.c).
 */
#ifndef HS_SIM_H
#define HS_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HS_SIM_STEP_NS	 10u
#define HS_SIM_RELAX_NS	 1000u
#define HS_SIM_IDLE_TICK (500u * 1000u) /* ns: a WFI returns after this at the latest */
#define HS_SIM_MAX_HARTS 64u
#define HS_SIM_WHY_MAX	 256u

enum hs_sim_strategy {
	HS_SIM_RANDOM,	   /* uniform over the harts that can run, every yield point */
	HS_SIM_PCT,	   /* priorities with d - 1 change points (Burckhardt et al. 2010) */
	HS_SIM_EXHAUSTIVE, /* every schedule with at most `preemptions` preemptions */
	HS_SIM_REPLAY,	   /* follow a recorded schedule */
};

/* What kind of yield point (for time, PCT's demotion and the counts). */
enum hs_sim_point {
	HS_SIM_PT_ATOMIC, /* an operation of the atomics layer */
	HS_SIM_PT_IRQ,	  /* interrupt save or restore */
	HS_SIM_PT_RELAX,  /* a spin-wait hint: the hart waits for another */
	HS_SIM_PT_SEND,	  /* an IPI send */
	HS_SIM_PT_CODE,	  /* a port or scenario step that is not an atomic */
};

struct hs_sim_config {
	uint32_t harts; /* 1 .. HS_SIM_MAX_HARTS */
	enum hs_sim_strategy strategy;
	uint64_t seed;		  /* random, pct (and the trap coin of both) */
	uint32_t pct_depth;	  /* d: bug depth PCT targets (>= 1) */
	uint64_t pct_steps;	  /* PCT's estimate of a run's steps (change points fall below) */
	uint64_t max_steps;	  /* a run longer than this fails (livelock) */
	const char *schedule;	  /* replay: the run-length schedule to follow */
	bool record;		  /* keep the schedule for hs_sim_schedule() */
	void (*step_check)(void); /* invariants of every step (may be NULL; no yield inside) */
	/*
	 * Under ThreadSanitizer: switch harts without synchronising, so TSan
	 * sees only the happens-before the core's atomics declare (the
	 * explorer). Off, each switch synchronises: for a program whose own
	 * code synchronises in ways TSan cannot see on fibers (the emulator's
	 * mutexes and RCU replacement), so that only what the run does wrong
	 * in one context is reported, not the program's own hand-offs.
	 */
	bool tsan_no_sync;
};

enum hs_sim_verdict {
	HS_SIM_PASS,
	HS_SIM_FAIL,	     /* an invariant or the core said so: why names it */
	HS_SIM_BAD_SCHEDULE, /* replay: the schedule does not fit this run */
};

struct hs_sim_result {
	enum hs_sim_verdict verdict;
	char why[HS_SIM_WHY_MAX];
	uint64_t steps;	     /* yield points executed */
	uint64_t switches;   /* changes of the running hart */
	uint64_t traps;	     /* S_SOFT traps delivered */
	uint64_t virtual_ns; /* the clock at the end */
	uint32_t fail_hart;  /* the hart that failed (HS_SIM_PASS: 0) */
};

/* What every hart runs; @cpu is its index (0 .. harts - 1). */
typedef void (*hs_sim_hart_fn)(uint32_t cpu, void *arg);

/*
 * One run. @setup (may be NULL) runs first in the main context with the
 * current hart reading as 0 and no yield points; then the harts run @fn.
 * @check (may be NULL) runs at quiescence, after every hart returned, and
 * may call hs_sim_fail(). Returns 0, or -1 when the contexts could not be
 * made (stacks: say so and stop exploring).
 */
int hs_sim_run(const struct hs_sim_config *cfg, void (*setup)(void *arg), hs_sim_hart_fn fn,
	       void (*check)(void *arg), void *arg, struct hs_sim_result *res);

/* Yield point of kind @pt on the running hart (no-op outside a run). */
void hs_sim_point(enum hs_sim_point pt);

/* Fail the run now with a printf-style reason; never returns into the run. */
_Noreturn __attribute__((format(printf, 1, 2))) void hs_sim_fail(const char *fmt, ...);

/* The running hart (0 in set-up and check), and whether a run is on. */
uint32_t hs_sim_self(void);
bool hs_sim_active(void);
uint64_t hs_sim_now_ns(void);
uint64_t hs_sim_steps(void); /* yield points so far in this run */
uint32_t hs_sim_harts(void);

/*
 * The last run's schedule as run-length text "H*N[!],H*N,...": hart H ran
 * the next N yield points; "!" means it took its S_SOFT at the first of
 * them. Empty unless cfg->record.
 */
const char *hs_sim_schedule(void);

/* Exhaustive search: start afresh, then after each run advance to the next schedule. */
void hs_sim_exhaustive_reset(uint32_t preemptions);
bool hs_sim_exhaustive_next(void); /* false: every schedule within the bound was run */

/* Parse "random|pct|exhaustive|replay"; false if unknown. */
bool hs_sim_strategy_parse(const char *s, enum hs_sim_strategy *out);
const char *hs_sim_strategy_name(enum hs_sim_strategy s);

#endif /* HS_SIM_H */
