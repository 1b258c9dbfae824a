// SPDX-License-Identifier: MIT
/*
 * hartsched-explore: run a scenario on the exact core under the
 * deterministic simulator for many seeds (or every schedule within a
 * preemption bound), optionally with a planted bug switched on, and stop
 * at the first failure with a REPLAY: line that reproduces it exactly.
 *
 * Exit status: 0 every run passed, 1 a run failed (REPLAY: printed),
 * 2 bad command line, 3 the simulator could not start (stacks).
 */
#include "scenario.h"
#include "world.h"

#include <sim/sim.h>

#include <hartsched/fault.h>
#include <hartsched/trace.h>

#include <emu/trace_out.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_FOUND 1
#define EXIT_USAGE 2
#define EXIT_SETUP 3

struct xp_options {
	const struct xp_scenario *sc;
	struct hs_sim_config cfg;
	uint64_t first_seed;
	uint64_t seeds;	      /* runs (exhaustive: at most this many schedules; 0 = all) */
	uint32_t preemptions; /* exhaustive bound */
	uint32_t faults;      /* hs_fault_mask */
	const char *inject;   /* as given, for the REPLAY line */
	bool quiet;
	bool max_steps_given;
	const char *trace_path; /* --trace: the last run's events */
	enum hs_emu_trace_format trace_format;
};

static void usage(FILE *f)
{
	uint32_t i;

	fprintf(f, "Usage: hartsched-explore --scenario NAME [OPTION]...\n"
		   "Run NAME on the exact scheduler core under the deterministic simulator:\n"
		   "the harts are cooperative contexts on one thread and a seeded chooser\n"
		   "picks which hart runs at every atomic operation, interrupt save/restore,\n"
		   "relax, IPI send and WFI, and when a pending software interrupt is taken.\n"
		   "Invariants are checked at every step and at quiescence. The first\n"
		   "failing run prints FAIL:, then a REPLAY: line with the exact command that\n"
		   "reproduces it and a SCHEDULE: line (which hart ran how many steps, '!'\n"
		   "where it took its interrupt), and the program exits 1.\n"
		   "\n"
		   "  --scenario NAME      the scenario (--list shows them)\n"
		   "  --strategy S         random (default): a uniform choice at every point;\n"
		   "                       pct: random priorities with depth-1 change points\n"
		   "                       (finds a bug of depth d with probability >= 1/(n "
		   "k^(d-1)));\n"
		   "                       exhaustive: every schedule with at most\n"
		   "                       --preemptions preemptions (tiny scenarios);\n"
		   "                       replay: follow --schedule exactly\n"
		   "  --seeds N            runs, seeds --seed .. --seed+N-1 (default 100);\n"
		   "                       exhaustive: stop after N schedules (0: no limit)\n"
		   "  --seed S             the first seed (default 1)\n"
		   "  --depth D            PCT's bug depth d (default 3)\n"
		   "  --preemptions P      exhaustive's preemption bound (default 2)\n"
		   "  --schedule TEXT      the schedule to replay (a SCHEDULE: line's text)\n"
		   "  --max-steps N        a run longer than N yield points fails as a livelock\n"
		   "                       (default 200 x the scenario's usual length)\n"
		   "  --inject F[,F...]    put a planted bug back (test builds only);\n"
		   "                       --inject list shows them\n"
		   "  --trace FILE         write the last run's scheduling events (the failing\n"
		   "                       one, if any) in Linux's ftrace text format; tracing\n"
		   "                       does not change the schedule, so add it to a REPLAY\n"
		   "  --trace-format F     text (default) or json (Chrome Trace Event Format)\n"
		   "  --list               list the scenarios\n"
		   "  --quiet              no summary line on success\n"
		   "  --help               this text\n"
		   "\nScenarios:\n");
	for (i = 0; xp_scenarios[i]; i++)
		fprintf(f, "  %-12s %s\n", xp_scenarios[i]->name, xp_scenarios[i]->what);
	fprintf(f, "\nExit status: 0 every run passed, 1 a run failed, 2 bad usage, "
		   "3 the simulator could not start.\n");
}

static void list_faults(void)
{
	uint32_t f;

	for (f = 0; f < HS_FAULT_COUNT; f++)
		printf("%-20s %s\n", hs_fault_name((enum hs_fault)f),
		       hs_fault_what((enum hs_fault)f));
}

/* Parse "a,b,c" fault names into a mask; false (with a message) on an unknown one. */
static bool parse_faults(const char *text, uint32_t *mask)
{
	char buf[256], *tok, *save = NULL;
	uint32_t f;

	if (strlen(text) >= sizeof(buf)) {
		fprintf(stderr, "hartsched-explore: --inject list too long\n");
		return false;
	}
	strcpy(buf, text);
	*mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (f = 0; f < HS_FAULT_COUNT; f++) {
			if (strcmp(tok, hs_fault_name((enum hs_fault)f)) == 0)
				break;
		}
		if (f == HS_FAULT_COUNT) {
			fprintf(stderr,
				"hartsched-explore: unknown fault '%s' (--inject list shows "
				"them)\n",
				tok);
			return false;
		}
		*mask |= 1u << f;
	}
	return true;
}

static bool parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max) {
		fprintf(stderr,
			"hartsched-explore: %s wants a whole number in %" PRIu64 "..%" PRIu64
			", not '%s'\n",
			opt, min, max, s);
		return false;
	}
	*out = v;
	return true;
}

/* Parse the command line; returns -1 to go on, else the exit status. */
static int parse(int argc, char **argv, struct xp_options *o)
{
	static const struct option longopts[] = {
		{"scenario", required_argument, NULL, 'S'},
		{"strategy", required_argument, NULL, 's'},
		{"seeds", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 'e'},
		{"depth", required_argument, NULL, 'd'},
		{"preemptions", required_argument, NULL, 'p'},
		{"schedule", required_argument, NULL, 'r'},
		{"max-steps", required_argument, NULL, 'm'},
		{"inject", required_argument, NULL, 'i'},
		{"list", no_argument, NULL, 'l'},
		{"console", no_argument, NULL, 'c'},
		{"trace", required_argument, NULL, 't'},
		{"trace-format", required_argument, NULL, 'f'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	uint64_t v;
	int c, i;

	memset(o, 0, sizeof(*o));
	o->cfg.strategy = HS_SIM_RANDOM;
	o->cfg.pct_depth = 3;
	o->first_seed = 1;
	o->seeds = 100;
	o->preemptions = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'S':
			o->sc = xp_scenario_find(optarg);
			if (!o->sc) {
				fprintf(stderr,
					"hartsched-explore: unknown scenario '%s' (--list shows "
					"them)\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (!hs_sim_strategy_parse(optarg, &o->cfg.strategy)) {
				fprintf(stderr,
					"hartsched-explore: --strategy is random, pct, exhaustive "
					"or replay, not '%s'\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n':
			if (!parse_u64("--seeds", optarg, 0, UINT64_MAX, &o->seeds))
				return EXIT_USAGE;
			break;
		case 'e':
			if (!parse_u64("--seed", optarg, 0, UINT64_MAX, &o->first_seed))
				return EXIT_USAGE;
			break;
		case 'd':
			if (!parse_u64("--depth", optarg, 1, 16, &v))
				return EXIT_USAGE;
			o->cfg.pct_depth = (uint32_t)v;
			break;
		case 'p':
			if (!parse_u64("--preemptions", optarg, 0, 16, &v))
				return EXIT_USAGE;
			o->preemptions = (uint32_t)v;
			break;
		case 'r':
			o->cfg.schedule = optarg;
			break;
		case 'm':
			if (!parse_u64("--max-steps", optarg, 1, UINT64_MAX, &o->cfg.max_steps))
				return EXIT_USAGE;
			o->max_steps_given = true;
			break;
		case 'i':
			if (strcmp(optarg, "list") == 0) {
				list_faults();
				return 0;
			}
			if (!parse_faults(optarg, &o->faults))
				return EXIT_USAGE;
			o->inject = optarg;
			break;
		case 't':
			o->trace_path = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0) {
				o->trace_format = HS_EMU_TRACE_TEXT;
			} else if (strcmp(optarg, "json") == 0) {
				o->trace_format = HS_EMU_TRACE_JSON;
			} else {
				fprintf(stderr,
					"hartsched-explore: --trace-format is text or json, not "
					"'%s'\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			xp_console_shown = true;
			break;
		case 'l':
			for (i = 0; xp_scenarios[i]; i++)
				printf("%-12s %s\n", xp_scenarios[i]->name, xp_scenarios[i]->what);
			return 0;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "hartsched-explore: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "hartsched-explore: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!o->sc) {
		fprintf(stderr, "hartsched-explore: --scenario is required (--list shows them)\n");
		return EXIT_USAGE;
	}
	if ((o->cfg.strategy == HS_SIM_REPLAY) != (o->cfg.schedule != NULL)) {
		fprintf(stderr, "hartsched-explore: --schedule goes with --strategy replay, and "
				"replay needs it\n");
		return EXIT_USAGE;
	}
	o->cfg.harts = o->sc->harts;
	o->cfg.pct_steps = o->sc->pct_steps;
	if (!o->max_steps_given)
		o->cfg.max_steps = o->sc->pct_steps * 200;
	o->cfg.step_check = o->sc->step_check;
	return -1;
}

/* The options every replay needs besides the strategy. */
static void print_common(const struct xp_options *o)
{
	printf("hartsched-explore --scenario %s", o->sc->name);
	if (o->inject)
		printf(" --inject %s", o->inject);
	if (o->max_steps_given)
		printf(" --max-steps %" PRIu64, o->cfg.max_steps);
}

static void report_failure(const struct xp_options *o, const struct hs_sim_result *r, uint64_t seed,
			   uint64_t run)
{
	const char *sched = hs_sim_schedule();

	printf("FAIL: scenario=%s strategy=%s run=%" PRIu64 " seed=%" PRIu64 " step=%" PRIu64
	       " hart=%u: %s\n",
	       o->sc->name, hs_sim_strategy_name(o->cfg.strategy), run, seed, r->steps,
	       r->fail_hart, r->why);
	printf("REPLAY: ");
	print_common(o);
	if (o->cfg.strategy == HS_SIM_RANDOM || o->cfg.strategy == HS_SIM_PCT) {
		printf(" --strategy %s --seed %" PRIu64 " --seeds 1",
		       hs_sim_strategy_name(o->cfg.strategy), seed);
		if (o->cfg.strategy == HS_SIM_PCT)
			printf(" --depth %u", o->cfg.pct_depth);
	} else {
		printf(" --strategy replay --schedule '%s'", sched);
	}
	printf("\nSCHEDULE: %s\n", sched);
}

static void setup_run(void *arg)
{
	const struct xp_scenario *sc = arg;

	sc->setup(); /* xp_boot() empties the rings and turns tracing on (--trace) */
}

/* Write the last run's events; false (said on stderr) if the file failed. */
static bool write_trace(const struct xp_options *o)
{
	hs_trace_enable(false);
	return hs_emu_trace_write(o->trace_path, o->trace_format, o->sc->harts) == 0;
}

/* Can --trace FILE be written? Said at start, not after the runs. */
static bool trace_path_ok(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "hartsched-explore: cannot write the trace to %s: %s\n", path,
			strerror(errno));
		return false;
	}
	fclose(f);
	return true;
}

static void hart_run(uint32_t cpu, void *arg)
{
	const struct xp_scenario *sc = arg;

	sc->hart(cpu);
}

static void check_run(void *arg)
{
	const struct xp_scenario *sc = arg;

	if (sc->check)
		sc->check();
}

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct xp_options o;
	struct hs_sim_result r;
	uint64_t run, steps = 0, switches = 0, traps = 0;
	double t0;
	bool more = true;
	int st = parse(argc, argv, &o);

	if (st >= 0)
		return st;
#ifdef HS_FAULTS
	hs_fault_mask = o.faults;
#else
	if (o.faults) {
		fprintf(stderr, "hartsched-explore: --inject needs a test build (HS_FAULTS)\n");
		return EXIT_USAGE;
	}
#endif
	if (o.trace_path && !trace_path_ok(o.trace_path))
		return EXIT_USAGE;
	xp_trace_on = o.trace_path != NULL;
	o.cfg.record = true;
	o.cfg.tsan_no_sync = true; /* the fiber-TSan lane checks the core's declared orders */
	if (o.cfg.strategy == HS_SIM_EXHAUSTIVE)
		hs_sim_exhaustive_reset(o.preemptions);
	t0 = seconds();
	for (run = 0; more; run++) {
		o.cfg.seed = o.first_seed + run;
		if (hs_sim_run(&o.cfg, setup_run, hart_run, check_run, (void *)o.sc, &r) != 0) {
			fprintf(stderr, "hartsched-explore: cannot map the hart stacks\n");
			return EXIT_SETUP;
		}
		steps += r.steps;
		switches += r.switches;
		traps += r.traps;
		if (r.verdict == HS_SIM_BAD_SCHEDULE) {
			fprintf(stderr, "hartsched-explore: %s\n", r.why);
			return EXIT_USAGE;
		}
		if (r.verdict != HS_SIM_PASS) {
			report_failure(&o, &r, o.cfg.seed, run);
			if (xp_trace_on && !write_trace(&o))
				return EXIT_SETUP;
			return EXIT_FOUND;
		}
		switch (o.cfg.strategy) {
		case HS_SIM_EXHAUSTIVE:
			more = hs_sim_exhaustive_next() && (o.seeds == 0 || run + 1 < o.seeds);
			break;
		case HS_SIM_REPLAY:
			more = false;
			break;
		default:
			more = run + 1 < o.seeds;
			break;
		}
	}
	if (xp_trace_on && !write_trace(&o))
		return EXIT_SETUP;
	if (!o.quiet) {
		double dt = seconds() - t0;

		printf("EXPLORE: scenario=%s strategy=%s runs=%" PRIu64 " passed=%" PRIu64
		       " steps=%" PRIu64 " switches=%" PRIu64 " traps=%" PRIu64 "%s\n",
		       o.sc->name, hs_sim_strategy_name(o.cfg.strategy), run, run, steps, switches,
		       traps,
		       o.cfg.strategy == HS_SIM_EXHAUSTIVE
			       ? (o.seeds && run >= o.seeds ? " search=truncated"
							    : " search=complete")
			       : "");
		fprintf(stderr, "hartsched-explore: %.0f yield points per second (%.2f s)\n",
			dt > 0 ? steps / dt : 0.0, dt);
	}
	return 0;
}
