// SPDX-License-Identifier: MIT
/*
 * The chooser: at every yield point, which hart runs next and whether it
 * takes its pending S_SOFT first. Four strategies (sim/sim.h):
 *
 *   random      uniform over the harts that can run; the trap coin is 1/4.
 *   pct         each hart a distinct random priority, the highest runs;
 *               at d - 1 random steps the running hart drops below every
 *               initial priority (Burckhardt et al., ASPLOS 2010), and a
 *               hart that relaxes or waits drops to the bottom, so a spin
 *               loop hands over to the hart it waits for.
 *   exhaustive  depth-first over every schedule with at most P
 *               preemptions (Musuvathi and Qadeer, PLDI 2007): a run
 *               follows the stack's prefix, then takes the default choice
 *               (keep the running hart; at a relax, the next hart round
 *               the ring; no trap) and pushes the alternatives.
 *   replay      follow a recorded schedule (schedule.c).
 */
#include "sim_internal.h"

#include <hartsched/prng.h>

#define EXH_MAX_DECISIONS (1u << 16)

static const struct hs_sim_config *ccfg;
static struct hs_prng rng;

/* PCT */
static int64_t pct_prio[HS_SIM_MAX_HARTS];
static uint64_t pct_change_at[16];
static uint32_t pct_changes;
static int64_t pct_low; /* the next bottom priority for a waiting hart */

/* Exhaustive: one entry per choice that had an alternative. */
struct exh_decision {
	uint32_t n;	     /* alternatives */
	uint32_t def;	     /* the default's index among them */
	uint32_t tried;	     /* which one this run takes: 0 is the default */
	int32_t cur_idx;     /* the running hart's index (choosing another preempts), or -1 */
	uint32_t pre_before; /* preemptions spent before this choice */
};

static struct exh_decision exh[EXH_MAX_DECISIONS];
static uint32_t exh_depth;  /* entries on the stack */
static uint32_t exh_prefix; /* entries the next run follows */
static uint32_t exh_pos;    /* the running choice's index */
static uint32_t exh_pre;    /* preemptions so far in this run */
static uint32_t exh_bound;

uint64_t sim_rand(void)
{
	return hs_prng_next(&rng);
}

static uint32_t below(uint32_t n)
{
	return (uint32_t)(sim_rand() % n);
}

void sim_choose_begin(const struct hs_sim_config *cfg)
{
	uint32_t i, j, t, perm[HS_SIM_MAX_HARTS];

	ccfg = cfg;
	hs_prng_seed(&rng, cfg->seed, 0x5157);
	exh_pos = 0;
	exh_pre = 0;
	if (cfg->strategy != HS_SIM_PCT)
		return;
	for (i = 0; i < cfg->harts; i++)
		perm[i] = i;
	for (i = cfg->harts; i > 1; i--) { /* Fisher-Yates */
		j = below(i);
		t = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < cfg->harts; i++)
		pct_prio[i] = (int64_t)cfg->pct_depth + perm[i];
	pct_changes = cfg->pct_depth > 1 ? cfg->pct_depth - 1 : 0;
	if (pct_changes > 16)
		pct_changes = 16;
	for (i = 0; i < pct_changes; i++)
		pct_change_at[i] = 1 + (cfg->pct_steps ? sim_rand() % cfg->pct_steps : 0);
	pct_low = 0;
}

void sim_choose_demote(uint32_t hart)
{
	if (ccfg && ccfg->strategy == HS_SIM_PCT)
		pct_prio[hart] = --pct_low;
}

/* PCT: apply the change points due at this step, then the highest eligible. */
static uint32_t pct_pick(const uint32_t *list, uint32_t n)
{
	uint64_t steps = sim.res->steps;
	uint32_t i, best = list[0];

	for (i = 0; i < pct_changes; i++) {
		if (pct_change_at[i] == steps && sim.active)
			pct_prio[sim.cur] = (int64_t)(pct_changes - i);
	}
	for (i = 1; i < n; i++) {
		if (pct_prio[list[i]] > pct_prio[best])
			best = list[i];
	}
	return best;
}

/* The alternative @tried of decision @d as an index among its n. */
static uint32_t exh_alt(const struct exh_decision *d, uint32_t tried)
{
	uint32_t idx;

	if (tried == 0)
		return d->def;
	idx = tried - 1;
	return idx >= d->def ? idx + 1 : idx;
}

/* Exhaustive: one decision among @n, default @def, @cur_idx as above. */
static uint32_t exh_decide(uint32_t n, uint32_t def, int32_t cur_idx)
{
	struct exh_decision *d;
	uint32_t pick;

	if (n <= 1)
		return 0;
	if (exh_pos >= EXH_MAX_DECISIONS)
		hs_sim_fail("exhaustive: more than %u choices in one run (a smaller scenario)",
			    EXH_MAX_DECISIONS);
	d = &exh[exh_pos];
	if (exh_pos >= exh_prefix) {
		d->n = n;
		d->def = def;
		d->tried = 0;
		d->cur_idx = cur_idx;
		d->pre_before = exh_pre;
		exh_depth = exh_pos + 1;
	} else if (d->n != n) {
		hs_sim_fail("exhaustive: the run diverged from its prefix at choice %u", exh_pos);
	}
	pick = exh_alt(d, d->tried);
	if (d->cur_idx >= 0 && pick != (uint32_t)d->cur_idx)
		exh_pre++;
	exh_pos++;
	return pick;
}

void hs_sim_exhaustive_reset(uint32_t preemptions)
{
	exh_depth = 0;
	exh_prefix = 0;
	exh_bound = preemptions;
}

bool hs_sim_exhaustive_next(void)
{
	uint32_t k, r, cost;

	for (k = exh_depth; k-- > 0;) {
		struct exh_decision *d = &exh[k];

		for (r = d->tried + 1; r < d->n; r++) {
			cost = d->cur_idx >= 0 && exh_alt(d, r) != (uint32_t)d->cur_idx;
			if (d->pre_before + cost <= exh_bound)
				break;
		}
		if (r < d->n) {
			d->tried = r;
			exh_prefix = k + 1;
			exh_depth = k + 1;
			return true;
		}
	}
	return false;
}

/* Index of @hart in @list, or -1. */
static int32_t index_of(const uint32_t *list, uint32_t n, uint32_t hart)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (list[i] == hart)
			return (int32_t)i;
	}
	return -1;
}

/* The exhaustive default: keep the running hart, or the next one round the ring. */
static uint32_t ring_next(const uint32_t *list, uint32_t n, uint32_t cur)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (list[i] > cur)
			return i;
	}
	return 0;
}

struct sim_choice sim_choose(enum hs_sim_point pt, const uint32_t *list, uint32_t n,
			     bool cur_eligible)
{
	struct sim_choice ch = {0};
	uint32_t pruned[HS_SIM_MAX_HARTS], m = 0, i, cur = sim.cur;
	int32_t ci;

	switch (ccfg->strategy) {
	case HS_SIM_RANDOM:
		ch.hart = list[below(n)];
		ch.trap = sim_can_trap(ch.hart) && below(4) == 0;
		break;
	case HS_SIM_PCT:
		ch.hart = pct_pick(list, n);
		ch.trap = sim_can_trap(ch.hart) && below(4) == 0;
		break;
	case HS_SIM_EXHAUSTIVE:
		/* A relax hands over: the spinning hart is not an alternative. */
		for (i = 0; i < n; i++) {
			if (!(pt == HS_SIM_PT_RELAX && list[i] == cur && n > 1))
				pruned[m++] = list[i];
		}
		ci = cur_eligible && pt != HS_SIM_PT_RELAX ? index_of(pruned, m, cur) : -1;
		ch.hart = pruned[exh_decide(m, ci >= 0 ? (uint32_t)ci : ring_next(pruned, m, cur),
					    ci)];
		ch.trap = sim_can_trap(ch.hart) && exh_decide(2, 0, -1) == 1;
		break;
	case HS_SIM_REPLAY:
		if (!sim_replay_next(&ch.hart, &ch.trap) || index_of(list, n, ch.hart) < 0 ||
		    (ch.trap && !sim_can_trap(ch.hart)))
			ch.bad = true;
		break;
	}
	return ch;
}
