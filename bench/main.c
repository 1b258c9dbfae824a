// SPDX-License-Identifier: MIT
/*
 * hs-bench: the scheduler workloads, every implementation side by side in
 * one run of one binary.
 *
 * For each case: one warm-up repetition per implementation, then the
 * measured repetitions, interleaved (rep 1 of every implementation, then
 * rep 2, ...; the starting implementation rotates) so that drift on a
 * shared machine hits all of them alike. Every repetition starts from a
 * fresh init() and the same seed. Results: the median of the repetitions
 * with min/max; latency percentiles where the case samples them.
 *
 * Exit status: 0 when every conformance check and every ledger held; 1 if
 * any failed (a lost or duplicated task, a timeout, a peer that does not
 * behave like the core); 2 on bad usage. Speed never changes the status:
 * the targets are reported, not asserted.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hartsched/compiler.h>
#include <hartsched/config.h>

#include "bench.h"
#include "cli.h"
#include "calibrate.h"
#include "footprint.h"
#include "harness.h"
#include "hs_probe.h"
#include "report.h"
#include "stats.h"

struct bench_case {
	const char *name;
	const char *unit; /* what one operation is */
	bench_workload_fn fn;
	bool multi; /* uses the configured harts (else exactly one) */
	uint32_t steal_max;
	uint64_t ops; /* work per repetition at --scale 1 */
	uint32_t window, batch, tasks;
	uint32_t lat_every; /* latency sampled on 1 task id in this many; 0: not sampled */
};

static const struct bench_case cases[] = {
	{
		.name = "local",
		.unit = "enqueue+pick+finish of one task on one hart, mixed QoS",
		.fn = bench_work_local,
		.steal_max = 1,
		.ops = 1u << 20,
		.batch = 32,
	},
	{
		.name = "local-par",
		.unit = "enqueue+pick+finish of one task, every hart at once on its own CPU",
		.fn = bench_work_local_par,
		.multi = true,
		.steal_max = 1,
		.ops = 1u << 20,
		.batch = 32,
	},
	{
		.name = "remote",
		.unit = "wake onto another hart's queue + pick there",
		.fn = bench_work_remote,
		.multi = true,
		.steal_max = 1,
		.ops = 200000,
		.window = 32,
		.lat_every = 8,
	},
	{
		.name = "steal-b1",
		.unit = "task produced on hart 0, stolen (bound 1) and finished elsewhere",
		.fn = bench_work_steal,
		.multi = true,
		.steal_max = 1,
		.ops = 200000,
		.window = 48,
		.lat_every = 8,
	},
	{
		.name = "steal-b8",
		.unit = "task produced on hart 0, stolen (bound 8) and finished elsewhere",
		.fn = bench_work_steal,
		.multi = true,
		.steal_max = 8,
		.ops = 200000,
		.window = 48,
		.lat_every = 8,
	},
	{
		.name = "yield-many",
		.unit = "one yield (pick + re-queue at tail), all harts",
		.fn = bench_work_yield,
		.multi = true,
		.steal_max = 1,
		.ops = 1u << 20,
		.tasks = 32,
	},
	{
		.name = "yield-many-1h",
		.unit = "one yield (pick + re-queue at tail), one hart",
		.fn = bench_work_yield,
		.steal_max = 1,
		.ops = 1u << 20,
		.tasks = 32,
	},
	{
		.name = "ping-pong",
		.unit = "one hop: pick, finish, wake on the next hart",
		.fn = bench_work_pingpong,
		.multi = true,
		.steal_max = 1,
		.ops = 100000,
		.lat_every = 1,
	},
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

static const struct bench_ops *const all_impls[] = {
	&bench_ops_floor,     &bench_ops_biglock,
#ifdef HAVE_CK
	&bench_ops_ck,	      &bench_ops_ck_one_place,
#endif
#ifdef HAVE_URCU
	&bench_ops_wfcq,
#endif
#ifdef HAVE_GLIB
	&bench_ops_gasync,
#endif
	&bench_ops_hartsched, &bench_ops_hartsched_peek,
};
#define NIMPLS (sizeof(all_impls) / sizeof(all_impls[0]))

struct options {
	bool quick;
	uint32_t reps, warmup, harts;
	double scale;
	uint64_t seed;
	double deadline_s;
	bool pin;
	const char *json;
	char *case_list;
	char *impl_list;
};

static bool in_list(const char *list, const char *name)
{
	const char *p = list;
	size_t n = strlen(name);

	if (!list)
		return true;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: hs-bench [--quick] [--reps N] [--warmup N] [--harts N] [--scale F]\n"
		"                [--case a,b] [--impl a,b] [--seed N] [--deadline SECONDS]\n"
		"                [--no-pin] [--json FILE] [--list]\n"
		"  --quick     CI mode: 1/32 of the work, 2 repetitions (ledgers still checked)\n"
		"  --json      default: hs-bench.json next to the executable (the build dir)\n"
		"cases:");
	for (i = 0; i < NCASES; i++)
		fprintf(f, " %s", cases[i].name);
	fprintf(f, "\nimplementations:");
	for (i = 0; i < NIMPLS; i++)
		fprintf(f, " %s", all_impls[i]->name);
	fprintf(f, "\n");
}

/* 0 = run, 1 = exit 0 (--list/--help), 2 = usage error. */
static int parse_args(int argc, char **argv, struct options *o)
{
	enum {
		O_REPS = 256,
		O_WARMUP,
		O_HARTS,
		O_SCALE,
		O_CASE,
		O_IMPL,
		O_SEED,
		O_DEADLINE,
		O_NOPIN,
		O_JSON,
		O_LIST,
		O_QUICK,
		O_HELP
	};
	static const struct option lopts[] = {
		{"quick", no_argument, 0, O_QUICK},
		{"reps", required_argument, 0, O_REPS},
		{"warmup", required_argument, 0, O_WARMUP},
		{"harts", required_argument, 0, O_HARTS},
		{"scale", required_argument, 0, O_SCALE},
		{"case", required_argument, 0, O_CASE},
		{"impl", required_argument, 0, O_IMPL},
		{"seed", required_argument, 0, O_SEED},
		{"deadline", required_argument, 0, O_DEADLINE},
		{"no-pin", no_argument, 0, O_NOPIN},
		{"json", required_argument, 0, O_JSON},
		{"list", no_argument, 0, O_LIST},
		{"help", no_argument, 0, O_HELP},
		{0, 0, 0, 0},
	};
	bool reps_set = false;
	int c;

	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (c) {
		case O_QUICK:
			o->quick = true;
			break;
		case O_REPS:
			if (!bench_parse_u32(optarg, 1, BENCH_MAX_REPS, &o->reps))
				return bench_bad_range("reps", optarg, 1, BENCH_MAX_REPS);
			reps_set = true;
			break;
		case O_WARMUP:
			if (!bench_parse_u32(optarg, 0, 16, &o->warmup))
				return bench_bad_range("warmup", optarg, 0, 16);
			break;
		case O_HARTS:
			if (!bench_parse_u32(optarg, 2, BENCH_MAX_HARTS, &o->harts))
				return bench_bad_range("harts", optarg, 2, BENCH_MAX_HARTS);
			break;
		case O_SCALE:
			if (!bench_parse_positive(optarg, 1000, &o->scale))
				return bench_bad_value("scale", optarg,
						       "want a number in (0, 1000]");
			break;
		case O_CASE:
			o->case_list = optarg;
			break;
		case O_IMPL:
			o->impl_list = optarg;
			break;
		case O_SEED:
			if (!bench_parse_u64(optarg, &o->seed))
				return bench_bad_value("seed", optarg, "want a whole number");
			break;
		case O_DEADLINE:
			if (!bench_parse_positive(optarg, HUGE_VAL, &o->deadline_s))
				return bench_bad_value("deadline", optarg, "want seconds > 0");
			break;
		case O_NOPIN:
			o->pin = false;
			break;
		case O_JSON:
			o->json = optarg;
			break;
		case O_LIST:
		case O_HELP:
			usage(stdout);
			return 1;
		default:
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "hs-bench: unexpected argument '%s' (see --help)\n", argv[optind]);
		return 2;
	}
	if (o->quick && !reps_set)
		o->reps = 2;
	return 0;
}

static struct bench_params case_params(const struct bench_case *bc, const struct options *o,
				       uint32_t rep)
{
	struct bench_params p = {
		.harts = bc->multi ? o->harts : 1,
		.steal_max = bc->steal_max,
		.ops = (uint64_t)((double)bc->ops * o->scale / (o->quick ? 32.0 : 1.0)),
		.window = bc->window,
		.batch = bc->batch,
		.tasks = bc->tasks,
		.lat_every = bc->lat_every,
		/* Same seed for every implementation; a different stream per case. */
		.seed = o->seed ^ (0x9e37ull * (uint64_t)(bc - cases + 1)),
		.deadline_ns = (uint64_t)(o->deadline_s * 1e9),
		.pin = o->pin,
	};

	(void)rep;
	if (p.ops < 1024)
		p.ops = 1024;
	return p;
}

/* One repetition of @bc on @ops, from a fresh init. */
static void run_once(const struct bench_case *bc, const struct bench_ops *ops,
		     const struct bench_params *p, struct bench_rep *r, uint64_t *lat,
		     size_t lat_cap)
{
	memset(r, 0, sizeof(*r));
	r->lat = lat;
	r->lat_cap = lat_cap;
	if (!ops->init(p->harts, p->steal_max)) {
		bench_fail(r, "init(%u, %u) failed", p->harts, p->steal_max);
		return;
	}
	bc->fn(ops, p, r);
	ops->fini();
}

struct run_state {
	struct bench_result results[NCASES * NIMPLS];
	size_t nresults;
	bool conformant[NIMPLS];
	char why[NIMPLS][160];
	struct bench_target targets[24];
	size_t ntargets;
	bool failed;
};

static struct run_state st;

static void run_case(const struct bench_case *bc, const struct options *o)
{
	struct bench_result *res[NIMPLS] = {0};
	const struct bench_ops *impl[NIMPLS];
	struct bench_params p = case_params(bc, o, 0);
	size_t lat_cap = p.lat_every ? (size_t)p.harts * (p.ops / p.lat_every + 16) : 0;
	uint64_t *lat = lat_cap ? malloc(lat_cap * sizeof(uint64_t)) : NULL;
	struct bench_rep r;
	uint32_t n = 0, i, rep;

	if (lat_cap && !lat) {
		fprintf(stderr, "hs-bench: out of memory for %s latency samples\n", bc->name);
		st.failed = true;
		return;
	}
	for (i = 0; i < NIMPLS; i++) {
		const struct bench_ops *ops = all_impls[i];

		if (!in_list(o->impl_list, ops->name) || !st.conformant[i])
			continue;
		if (p.harts > 1 && !ops->concurrent)
			continue;
		impl[n] = ops;
		res[n] = &st.results[st.nresults++];
		memset(res[n], 0, sizeof(*res[n]));
		res[n]->case_name = bc->name;
		res[n]->impl = ops->name;
		res[n]->unit = bc->unit;
		res[n]->harts = p.harts;
		res[n]->steal_max = p.steal_max;
		n++;
	}
	for (rep = 0; rep < o->warmup; rep++)
		for (i = 0; i < n; i++) {
			run_once(bc, impl[i], &p, &r, lat, lat_cap);
			/* A warm-up's figures are dropped, its ledger is not. */
			r.ops = 0;
			bench_result_add(res[i], &r);
		}
	for (rep = 0; rep < o->reps; rep++)
		for (i = 0; i < n; i++) {
			uint32_t k = (i + rep) % n;

			run_once(bc, impl[k], &p, &r, lat, lat_cap);
			bench_result_add(res[k], &r);
		}
	for (i = 0; i < n; i++) {
		bench_result_finish(res[i]);
		bench_print_summary(stdout, res[i]);
		if (res[i]->error[0] || res[i]->lost || res[i]->duplicated)
			st.failed = true;
	}
	fflush(stdout);
	free(lat);
}

static const struct bench_result *find(const char *case_name, const char *impl)
{
	size_t i;

	for (i = 0; i < st.nresults; i++)
		if (strcmp(st.results[i].case_name, case_name) == 0 &&
		    strcmp(st.results[i].impl, impl) == 0 && st.results[i].reps > 0 &&
		    st.results[i].error[0] == '\0')
			return &st.results[i];
	return NULL;
}

/* The per-repetition figure a ratio target compares: ns/op or p99 latency. */
enum target_metric { METRIC_NS, METRIC_P99 };

static const double *metric_reps(const struct bench_result *r, enum target_metric m, uint32_t *n)
{
	*n = m == METRIC_NS ? r->reps : r->lat_reps;
	return m == METRIC_NS ? r->rep_ns : r->rep_p99;
}

static double metric_median(const struct bench_result *r, enum target_metric m)
{
	return m == METRIC_NS ? r->ns_per_op : r->p99;
}

/*
 * The ratio @a / @b of @metric, paired within each interleaved cycle of
 * repetitions (rep k of every implementation ran back to back): the median
 * of the per-cycle ratios. On these VMs the two vCPUs sometimes share one
 * physical core for seconds, and a ratio of medians taken across such a
 * switch means nothing; a per-cycle ratio compares like with like. Falls
 * back to the ratio of medians when the cycles do not line up (a failed
 * repetition). *@paired says which one it is.
 */
static double paired_ratio(const struct bench_result *a, const struct bench_result *b,
			   enum target_metric metric, bool *paired)
{
	double ratio[BENCH_MAX_REPS];
	uint32_t na, nb, k;
	const double *ra = metric_reps(a, metric, &na), *rb = metric_reps(b, metric, &nb);

	*paired = na == nb && na > 0;
	if (!*paired)
		return metric_median(a, metric) / metric_median(b, metric);
	for (k = 0; k < na; k++)
		ratio[k] = ra[k] / rb[k];
	return bench_median(ratio, na);
}

/* Is @impl a peer (a concurrent-capable competitor, not the floor or an experiment)? */
static bool is_peer(const char *impl)
{
	size_t i;

	for (i = 0; i < NIMPLS; i++)
		if (strcmp(all_impls[i]->name, impl) == 0)
			return !all_impls[i]->experiment && all_impls[i] != &bench_ops_floor &&
			       all_impls[i] != &bench_ops_hartsched;
	return false;
}

/*
 * A ratio target: @num_impl's @metric over @den_impl's in @case_name (both
 * measured in this run, paired per cycle). at_most: ratio <= limit meets it.
 */
static void add_ratio_target(const char *name, const char *goal, const char *case_name,
			     const char *num_impl, const char *den_impl, enum target_metric metric,
			     double limit, bool at_most)
{
	struct bench_target *t = &st.targets[st.ntargets++];
	const struct bench_result *a = find(case_name, num_impl), *b = find(case_name, den_impl);
	bool paired;

	bench_target_init(t, name, goal, limit, at_most);
	if (!a || !b || metric_median(a, metric) <= 0 || metric_median(b, metric) <= 0) {
		t->measured = -1;
		snprintf(t->detail, sizeof(t->detail), "%s or %s not measured in %s", num_impl,
			 den_impl, case_name);
	} else {
		t->measured = paired_ratio(a, b, metric, &paired);
		snprintf(t->detail, sizeof(t->detail), "%s %s %.1f vs %s %.1f %s (%s)", case_name,
			 num_impl, metric_median(a, metric), den_impl, metric_median(b, metric),
			 metric == METRIC_NS ? "ns/op" : "ns p99",
			 paired ? "median of per-cycle ratios" : "ratio of medians");
	}
	bench_target_eval(t);
}

/*
 * hartsched against the best peer of @case_name in @metric: the peer with
 * the lowest median, and the ratio paired per cycle against it.
 */
static void add_best_peer_target(const char *case_name, enum target_metric metric)
{
	const struct bench_result *best = NULL;
	char name[64], goal[96];
	size_t i;

	for (i = 0; i < st.nresults; i++) {
		const struct bench_result *r = &st.results[i];

		if (strcmp(r->case_name, case_name) != 0 || !is_peer(r->impl) || r->reps == 0 ||
		    r->error[0] != '\0' || metric_median(r, metric) <= 0)
			continue;
		if (!best || metric_median(r, metric) < metric_median(best, metric))
			best = r;
	}
	snprintf(name, sizeof(name), "%s-%s-vs-best-peer", case_name,
		 metric == METRIC_NS ? "ns" : "p99");
	snprintf(goal, sizeof(goal), "hartsched %s at most the best peer's",
		 metric == METRIC_NS ? "ns/op" : "p99 latency");
	add_ratio_target(name, goal, case_name, "hartsched", best ? best->impl : "(no peer)",
			 metric, 1.0, true);
}

/*
 * Scaling: hartsched's throughput with local work on every hart at once
 * over its one-hart throughput; the global lock's figure goes beside it.
 * Two cases, so no per-cycle pairing: a ratio of medians.
 */
static void add_scaling_target(void)
{
	struct bench_target *t = &st.targets[st.ntargets++];
	const struct bench_result *one = find("local", "hartsched"),
				  *all = find("local-par", "hartsched"),
				  *gl1 = find("local", "global-lock"),
				  *gln = find("local-par", "global-lock");

	bench_target_init(t, "local-par-scaling",
			  "hartsched local throughput on every hart >= 1.8x its one-hart figure",
			  1.8, false);
	if (!one || !all) {
		t->measured = -1;
		snprintf(t->detail, sizeof(t->detail), "local or local-par not measured");
	} else {
		t->measured = one->ns_per_op / all->ns_per_op;
		snprintf(t->detail, sizeof(t->detail),
			 "%u harts: hartsched %.1f -> %.1f ns/op; global-lock %.2fx", all->harts,
			 one->ns_per_op, all->ns_per_op,
			 gl1 && gln ? gl1->ns_per_op / gln->ns_per_op : -1.0);
	}
	bench_target_eval(t);
}

static void add_loss_target(const char *case_name)
{
	struct bench_target *t = &st.targets[st.ntargets++];
	const struct bench_result *a = NULL;
	char name[sizeof(t->name)];
	size_t i;

	for (i = 0; i < st.nresults; i++)
		if (strcmp(st.results[i].case_name, case_name) == 0 &&
		    strcmp(st.results[i].impl, "hartsched") == 0)
			a = &st.results[i];
	snprintf(name, sizeof(name), "%s-no-task-lost", case_name);
	bench_target_init(t, name, "hartsched loses and duplicates no task (ledger)", 0, true);
	if (!a) {
		t->measured = -1;
		snprintf(t->detail, sizeof(t->detail), "hartsched not run in %s", case_name);
	} else {
		t->measured = (double)(a->lost + a->duplicated);
		snprintf(t->detail, sizeof(t->detail),
			 "lost %llu, duplicated %llu over %u reps + warm-up%s%.60s",
			 (unsigned long long)a->lost, (unsigned long long)a->duplicated, a->reps,
			 a->error[0] ? "; FAILED: " : "", a->error);
		if (a->error[0])
			t->measured = t->measured > 0 ? t->measured : 1;
	}
	bench_target_eval(t);
}

/*
 * Warn where one implementation's repetitions span more than 2.5x: the
 * machine changed under the run (vCPUs sharing a core), and its medians
 * should not be read alone (the paired ratios still compare like with like).
 */
static void warn_spread(void)
{
	size_t i;

	for (i = 0; i < st.nresults; i++) {
		const struct bench_result *r = &st.results[i];

		if (r->reps > 1 && r->ns_min > 0 && r->ns_max / r->ns_min > 2.5)
			printf("WARN %s %s: repetitions span %.1fx (%.1f .. %.1f ns/op); the "
			       "machine changed during the run\n",
			       r->case_name, r->impl, r->ns_max / r->ns_min, r->ns_min, r->ns_max);
	}
}

static void evaluate_targets(void)
{
	static const char *const every_case[] = {"local",    "remote",	   "steal-b1",
						 "steal-b8", "yield-many", "yield-many-1h",
						 "ping-pong"};
	size_t i;

	for (i = 0; i < HS_ARRAY_SIZE(every_case); i++)
		add_best_peer_target(every_case[i], METRIC_NS);
	add_ratio_target("local-vs-floor", "hartsched local enqueue+pick at most 2.0x the floor",
			 "local", "hartsched", "floor", METRIC_NS, 2.0, true);
	add_best_peer_target("remote", METRIC_P99);
	add_best_peer_target("steal-b1", METRIC_P99);
	add_best_peer_target("steal-b8", METRIC_P99);
	add_scaling_target();
	add_loss_target("steal-b1");
	add_loss_target("steal-b8");
	warn_spread();
}

static void write_json(const char *path, const struct options *o, int argc, char **argv,
		       const struct bench_footprint *fp, const struct bench_calibration *cal,
		       const struct bench_hs_probe *probe)
{
	JsonBuilder *b = json_builder_new();
	size_t i;

	json_builder_begin_object(b);
	bench_jb_str(b, "tool", "hs-bench");
	bench_jb_uint(b, "schema", 1);
	bench_json_machine(b);
	json_builder_set_member_name(b, "config");
	json_builder_begin_object(b);
	bench_jb_bool(b, "quick", o->quick);
	bench_jb_uint(b, "reps", o->reps);
	bench_jb_uint(b, "warmup", o->warmup);
	bench_jb_uint(b, "harts", o->harts);
	bench_jb_num(b, "scale", o->scale);
	bench_jb_uint(b, "seed", o->seed);
	bench_jb_bool(b, "pin", o->pin);
	bench_jb_num(b, "deadline_s", o->deadline_s);
	json_builder_set_member_name(b, "core");
	json_builder_begin_object(b);
	bench_jb_uint(b, "max_cpus", HS_MAX_CPUS);
	bench_jb_uint(b, "queue_capacity", HS_QUEUE_CAPACITY);
	bench_jb_uint(b, "max_tasks", HS_MAX_TASKS);
	bench_jb_uint(b, "steal_max_default", HS_STEAL_MAX_PER_TICK);
	json_builder_end_object(b);
	bench_json_command(b, "hs-bench", argc, argv);
	json_builder_set_member_name(b, "impls");
	json_builder_begin_array(b);
	for (i = 0; i < NIMPLS; i++) {
		json_builder_begin_object(b);
		bench_jb_str(b, "name", all_impls[i]->name);
		bench_jb_str(b, "describe", all_impls[i]->describe);
		bench_jb_str(b, "version", all_impls[i]->version());
		bench_jb_bool(b, "bounded", all_impls[i]->bounded);
		bench_jb_bool(b, "experiment", all_impls[i]->experiment);
		bench_jb_bool(b, "concurrent", all_impls[i]->concurrent);
		bench_jb_bool(b, "conformant", st.conformant[i]);
		bench_jb_str(b, "why", st.why[i]);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "cases");
	json_builder_begin_array(b);
	for (i = 0; i < NCASES; i++) {
		struct bench_params p = case_params(&cases[i], o, 0);

		json_builder_begin_object(b);
		bench_jb_str(b, "name", cases[i].name);
		bench_jb_str(b, "unit", cases[i].unit);
		bench_jb_uint(b, "harts", p.harts);
		bench_jb_uint(b, "steal_max", p.steal_max);
		bench_jb_uint(b, "ops", p.ops);
		bench_jb_uint(b, "window", p.window);
		bench_jb_uint(b, "batch", p.batch);
		bench_jb_uint(b, "tasks", p.tasks);
		bench_jb_uint(b, "lat_every", p.lat_every);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b); /* config */
	bench_footprint_json(b, fp);
	json_builder_set_member_name(b, "calibration");
	json_builder_begin_object(b);
	bench_jb_num(b, "rmw_ns", cal->rmw_ns);
	bench_jb_num(b, "clock_ns", cal->clock_ns);
	bench_jb_num(b, "handoff_ns", cal->handoff_ns);
	json_builder_end_object(b);
	bench_hs_probe_json(b, probe);
	json_builder_set_member_name(b, "results");
	json_builder_begin_array(b);
	for (i = 0; i < st.nresults; i++)
		bench_json_result(b, &st.results[i]);
	json_builder_end_array(b);
	bench_json_targets(b, st.targets, st.ntargets);
	bench_jb_bool(b, "ok", !st.failed);
	json_builder_end_object(b);
	if (!bench_json_write(b, path, "hs-bench"))
		st.failed = true;
	g_object_unref(b);
}

int main(int argc, char **argv)
{
	struct options o = {
		.reps = 7,
		.warmup = 1,
		.harts = 2,
		.scale = 1.0,
		.seed = 0x5eed0005ull,
		.deadline_s = 30.0,
		.pin = true,
	};
	struct bench_footprint fp;
	struct bench_calibration cal;
	struct bench_hs_probe probe;
	char json_path[PATH_MAX];
	size_t i;
	int rc = parse_args(argc, argv, &o);

	if (rc == 1)
		return 0;
	if (rc == 2)
		return 2; /* the reason is already on stderr, on one line */
	if (o.json)
		snprintf(json_path, sizeof(json_path), "%s", o.json);
	else
		bench_default_json_path(json_path, sizeof(json_path), "hs-bench.json");
	setvbuf(stdout, NULL, _IOLBF, 0);
	bench_machine_begin();
	printf("hs-bench: %s mode, %u reps (+%u warm-up), %u harts, %u host CPUs, pin=%s\n",
	       o.quick ? "quick" : "full", o.reps, o.warmup, o.harts, bench_host_cpus(),
	       o.pin ? "yes" : "no");

	bench_calibrate(&cal, o.pin, o.quick);
	printf("CALIBRATION rmw_ns=%.1f clock_ns=%.1f handoff_ns=%.1f "
	       "(one uncontended atomic RMW; one clock read; one cache-line hand-off between "
	       "harts)\n",
	       cal.rmw_ns, cal.clock_ns, cal.handoff_ns);
	bench_hs_probe(&probe, o.quick);
	printf("PROBE hartsched rq_current_ns=%.1f cpu_current_ns=%.1f irq_pair_ns=%.1f%s\n",
	       probe.rq_current_ns, probe.cpu_current_ns, probe.irq_pair_ns,
	       probe.ok ? "" : " FAILED (unexpected answers)");
	if (!probe.ok)
		st.failed = true;
	for (i = 0; i < NIMPLS; i++) {
		st.conformant[i] = bench_conformance(all_impls[i], st.why[i], sizeof(st.why[i]));
		printf("CONFORMANCE %s %s%s\n", all_impls[i]->name,
		       st.conformant[i] ? "ok" : "FAILED: ", st.conformant[i] ? "" : st.why[i]);
		if (!st.conformant[i])
			st.failed = true;
	}
	for (i = 0; i < NCASES; i++)
		if (in_list(o.case_list, cases[i].name))
			run_case(&cases[i], &o);

	bench_print_table(stdout, st.results, st.nresults, "hartsched");
	/* The targets are about hartsched: a run without it (--impl) has none. */
	for (i = 0; i < st.nresults; i++)
		if (strcmp(st.results[i].impl, "hartsched") == 0)
			break;
	if (i < st.nresults) {
		evaluate_targets();
		bench_print_targets(stdout, st.targets, st.ntargets);
	} else {
		printf("TARGETS not evaluated: hartsched was not among the implementations run\n");
	}
	bench_footprint(&fp);
	bench_footprint_print(stdout, &fp);
	write_json(json_path, &o, argc, argv, &fp, &cal, &probe);
	printf("JSON %s\n", json_path);
	printf("hs-bench: %s\n", st.failed ? "FAILED (see FAILED lines above)" : "ledgers ok");
	return st.failed ? 1 : 0;
}
