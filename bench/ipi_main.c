// SPDX-License-Identifier: MIT
/*
 * hs-bench-ipi: the emulator's resched IPI round trip next to its raw
 * floor (a bare pthread_kill -> handler -> atomic ack between two
 * threads), in the same run of the same process; the wall time of the
 * emulator's full ladder on 2 harts; and the QEMU kernel's IPI round trip
 * in rdtime ticks when tools/bench.sh hands over the kernel's KBENCH line.
 *
 * The emulator and the sleeping floor are measured round by round
 * alternately in each repetition, so that the shared machine's load hits
 * both alike; the spinning floor, whose target occupies a CPU, runs in a
 * block of its own. Every round trip starts with its target back in its
 * wait. The ratio target is
 * judged on medians (p50): one preempted round must not decide it.
 *
 * Exit status: 0 when every round trip was acked and every ladder run
 * passed; 1 otherwise; 2 on bad usage. Speed never changes the status.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "cli.h"
#include "harness.h"
#include "ipi_floor.h"
#include "ladder.h"
#include "report.h"
#include "stats.h"
#ifdef HAVE_EMU
#include "ipi_emu.h"
#endif

#define PACE_GAP_NS	(30u * 1000u) /* target asleep this long before each send */
#define LADDER_ARGS_MAX 16

enum ipi_path { PATH_EMU, PATH_SLEEP, PATH_SPIN, PATH_COUNT };

static const char *const path_name[PATH_COUNT] = {
	[PATH_EMU] = "emu-resched",
	[PATH_SLEEP] = "raw-signal-sleep",
	[PATH_SPIN] = "raw-signal-spin",
};

static const char *const path_unit[PATH_COUNT] = {
	[PATH_EMU] = "hs_ipi_request_resched -> S_SOFT trap on idle hart 1 -> ack seen by hart 0",
	[PATH_SLEEP] = "pthread_kill -> handler on a thread asleep in ppoll -> atomic ack seen",
	[PATH_SPIN] = "pthread_kill -> handler on a spinning thread -> atomic ack seen",
};

struct options {
	bool quick;
	bool no_emu;
	uint32_t reps, warmup, rounds, ladder_runs;
	double deadline_s;
	const char *json;
	const char *ladder_exe;
	char *ladder_args;
	const char *kernel_line;
	const char *kernel_note;
};

struct kernel_figure {
	bool present;
	double p50_ticks, p99_ticks, n;
	double timebase_hz;
	char line[256];
};

static struct {
	struct options o;
	struct bench_result res[PATH_COUNT + 1]; /* + the ladder */
	bool measured[PATH_COUNT];
	struct bench_target targets[4];
	size_t ntargets;
	struct kernel_figure kernel;
	uint64_t *lat[PATH_COUNT];
	bool failed;
} st;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hs-bench-ipi [--quick] [--reps N] [--rounds N] [--no-emu] [--json FILE]\n"
		"                    [--ladder-exe EMU [--ladder-args 'ARGS'] [--ladder-runs N]]\n"
		"                    [--kernel-line 'KBENCH: ipi_rtt_ticks p50=.. p99=..']\n"
		"                    [--kernel-note TEXT] [--deadline SECONDS]\n"
		"  emulator path: %s\n",
#ifdef HAVE_EMU
		"built in"
#else
		"NOT built (no hs_emu_dep when configured): floor only"
#endif
	);
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum {
		O_QUICK = 256,
		O_REPS,
		O_ROUNDS,
		O_NOEMU,
		O_JSON,
		O_LEXE,
		O_LARGS,
		O_LRUNS,
		O_KLINE,
		O_KNOTE,
		O_DEADLINE,
		O_HELP
	};
	static const struct option lopts[] = {
		{"quick", no_argument, 0, O_QUICK},
		{"reps", required_argument, 0, O_REPS},
		{"rounds", required_argument, 0, O_ROUNDS},
		{"no-emu", no_argument, 0, O_NOEMU},
		{"json", required_argument, 0, O_JSON},
		{"ladder-exe", required_argument, 0, O_LEXE},
		{"ladder-args", required_argument, 0, O_LARGS},
		{"ladder-runs", required_argument, 0, O_LRUNS},
		{"kernel-line", required_argument, 0, O_KLINE},
		{"kernel-note", required_argument, 0, O_KNOTE},
		{"deadline", required_argument, 0, O_DEADLINE},
		{"help", no_argument, 0, O_HELP},
		{0, 0, 0, 0},
	};
	bool reps_set = false, rounds_set = false, runs_set = false;
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
		case O_ROUNDS:
			if (!bench_parse_u32(optarg, 1, 1000000, &o->rounds))
				return bench_bad_range("rounds", optarg, 1, 1000000);
			rounds_set = true;
			break;
		case O_NOEMU:
			o->no_emu = true;
			break;
		case O_JSON:
			o->json = optarg;
			break;
		case O_LEXE:
			o->ladder_exe = optarg;
			break;
		case O_LARGS:
			o->ladder_args = optarg;
			break;
		case O_LRUNS:
			if (!bench_parse_u32(optarg, 1, 1000, &o->ladder_runs))
				return bench_bad_range("ladder-runs", optarg, 1, 1000);
			runs_set = true;
			break;
		case O_KLINE:
			o->kernel_line = optarg;
			break;
		case O_KNOTE:
			o->kernel_note = optarg;
			break;
		case O_DEADLINE:
			if (!bench_parse_positive(optarg, HUGE_VAL, &o->deadline_s))
				return bench_bad_value("deadline", optarg, "want seconds > 0");
			break;
		case O_HELP:
			usage(stdout);
			return 1;
		default:
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "hs-bench-ipi: unexpected argument '%s' (see --help)\n",
			argv[optind]);
		return 2;
	}
	if (o->quick) {
		if (!reps_set)
			o->reps = 2;
		if (!rounds_set)
			o->rounds = 200;
		if (!runs_set)
			o->ladder_runs = 3;
	}
	return 0;
}

/* One path's state within a repetition. */
struct path_run {
	struct bench_rep rep;
	uint64_t sum; /* ns of all round trips */
};

/* Begin @pr: empty samples in @lat (room for the rounds). */
static void path_begin(struct path_run *pr, uint64_t *lat)
{
	memset(pr, 0, sizeof(*pr));
	pr->rep.lat = lat;
	pr->rep.lat_cap = st.o.rounds;
}

/* ns/op of a repetition = mean round trip; the pacing gaps are not in it. */
static void path_end(struct path_run *pr)
{
	pr->rep.ops = pr->rep.nlat;
	pr->rep.elapsed_ns = pr->sum;
	pr->rep.produced = pr->rep.completed = pr->rep.nlat;
}

/* One paced round trip on @path; false (failure recorded) if it was not acked. */
static bool one_round(enum ipi_path path, struct ipi_floor *floor, struct path_run *pr, uint32_t i,
		      uint64_t deadline)
{
	uint64_t ns;

#ifdef HAVE_EMU
	if (path == PATH_EMU) {
		if (!ipi_emu_settle(PACE_GAP_NS, deadline)) {
			bench_fail(&pr->rep, "%s: hart 1 never idle again", path_name[path]);
			return false;
		}
		ns = ipi_emu_round(deadline);
	} else
#endif
	{
		if (!ipi_floor_settle(floor, PACE_GAP_NS, deadline)) {
			bench_fail(&pr->rep, "%s: target never waiting again", path_name[path]);
			return false;
		}
		ns = ipi_floor_round(floor, deadline);
	}
	if (ns == 0 || pr->rep.nlat >= pr->rep.lat_cap) {
		bench_fail(&pr->rep, "%s: round %u not acked before the deadline", path_name[path],
			   i);
		return false;
	}
	pr->rep.lat[pr->rep.nlat++] = ns;
	pr->sum += ns;
	return true;
}

/*
 * One repetition of the sleeping paths, interleaved round by round: the
 * emulator (when measured) and the raw floor alternate, the first of each
 * pair alternating too, so both see the same machine at the same moments.
 * Both targets sleep in ppoll between their rounds.
 */
static void run_sleeping(struct path_run *emu, struct path_run *fl)
{
	uint64_t deadline = bench_now_ns() + (uint64_t)(st.o.deadline_s * 1e9);
	bool with_emu = st.measured[PATH_EMU];
	struct ipi_floor floor;
	uint32_t i;

	if (!ipi_floor_start(&floor, false, deadline)) {
		bench_fail(&fl->rep, "%s: target thread did not start", path_name[PATH_SLEEP]);
		return;
	}
	for (i = 0; i < st.o.rounds; i++) {
		bool emu_first = (i & 1) == 0;

		if (with_emu && emu_first && !one_round(PATH_EMU, &floor, emu, i, deadline))
			break;
		if (!one_round(PATH_SLEEP, &floor, fl, i, deadline))
			break;
		if (with_emu && !emu_first && !one_round(PATH_EMU, &floor, emu, i, deadline))
			break;
	}
	ipi_floor_stop(&floor);
}

/* One repetition of the spinning floor, alone: its target occupies a CPU. */
static void run_spinning(struct path_run *sp)
{
	uint64_t deadline = bench_now_ns() + (uint64_t)(st.o.deadline_s * 1e9);
	struct ipi_floor floor;
	uint32_t i;

	if (!ipi_floor_start(&floor, true, deadline)) {
		bench_fail(&sp->rep, "%s: target thread did not start", path_name[PATH_SPIN]);
		return;
	}
	for (i = 0; i < st.o.rounds; i++)
		if (!one_round(PATH_SPIN, &floor, sp, i, deadline))
			break;
	ipi_floor_stop(&floor);
}

/* Warm-up and measured repetitions over every available path. */
static int measure(void *unused)
{
	struct path_run pr[PATH_COUNT];
	uint32_t rep, i;

	(void)unused;
	for (rep = 0; rep < st.o.warmup + st.o.reps; rep++) {
		for (i = 0; i < PATH_COUNT; i++)
			path_begin(&pr[i], st.lat[i]);
		run_sleeping(&pr[PATH_EMU], &pr[PATH_SLEEP]);
		run_spinning(&pr[PATH_SPIN]);
		for (i = 0; i < PATH_COUNT; i++) {
			if (!st.measured[i])
				continue;
			path_end(&pr[i]);
			if (rep < st.o.warmup)
				pr[i].rep.ops = 0; /* figures dropped, failures kept */
			bench_result_add(&st.res[i], &pr[i].rep);
		}
	}
	return 0;
}

/* Split @args on spaces into @argv after @exe; returns argc. */
static int build_argv(const char *exe, char *args, char **argv)
{
	int argc = 0;
	char *tok, *save = NULL;

	argv[argc++] = (char *)exe;
	for (tok = args ? strtok_r(args, " ", &save) : NULL; tok && argc < LADDER_ARGS_MAX - 1;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return argc;
}

static void time_ladder(void)
{
	struct bench_result *res = &st.res[PATH_COUNT];
	char *argv[LADDER_ARGS_MAX];
	char args[512];
	uint32_t i;

	res->case_name = "emu-ladder";
	res->impl = "hartsched-emu";
	res->unit = "one full emulator run of the proof ladder on 2 harts (wall, fork to exit)";
	res->harts = 2;
	res->steal_max = 1;
	snprintf(args, sizeof(args), "%s", st.o.ladder_args ? st.o.ladder_args : "");
	build_argv(st.o.ladder_exe, args, argv);
	for (i = 0; i < st.o.ladder_runs + 1; i++) {
		struct bench_rep r;
		uint64_t ns = 0;

		memset(&r, 0, sizeof(r));
		if (!ladder_run_once(argv, (uint64_t)(st.o.deadline_s * 1e9), &ns, r.error,
				     sizeof(r.error))) {
			bench_result_add(res, &r);
			continue;
		}
		/* The first run warms the page cache and is not counted. */
		r.ops = i == 0 ? 0 : 1;
		r.elapsed_ns = ns;
		bench_result_add(res, &r);
	}
	bench_result_finish(res);
	bench_print_summary(stdout, res);
	if (res->error[0])
		st.failed = true;
}

/* Parse "KBENCH: ipi_rtt_ticks p50=N p99=N [n=N] [timebase=HZ]". */
static void parse_kernel_line(const char *line)
{
	struct kernel_figure *k = &st.kernel;
	const char *p;

	snprintf(k->line, sizeof(k->line), "%s", line);
	k->timebase_hz = 10e6; /* QEMU virt: 10 MHz (PLATFORM.md) */
	if (!strstr(line, "ipi_rtt_ticks") || !(p = strstr(line, "p50=")))
		return;
	k->p50_ticks = strtod(p + 4, NULL);
	if ((p = strstr(line, "p99=")))
		k->p99_ticks = strtod(p + 4, NULL);
	if ((p = strstr(line, " n=")))
		k->n = strtod(p + 3, NULL);
	if ((p = strstr(line, "timebase=")))
		k->timebase_hz = strtod(p + 9, NULL);
	k->present = k->p50_ticks > 0 && k->timebase_hz > 0;
}

static void add_targets(void)
{
	struct bench_target *t = &st.targets[st.ntargets++];
	const struct bench_result *emu = &st.res[PATH_EMU], *fl = &st.res[PATH_SLEEP];
	const struct bench_result *lad = &st.res[PATH_COUNT];

	bench_target_init(t, "ipi-rtt-vs-raw-signal",
			  "emulator IPI round trip at most 1.3x the raw signal floor (p50)", 1.3,
			  true);
	if (st.measured[PATH_EMU] && emu->reps && fl->reps && emu->p50 > 0 && fl->p50 > 0 &&
	    !emu->error[0] && !fl->error[0]) {
		t->measured = emu->p50 / fl->p50;
		snprintf(t->detail, sizeof(t->detail),
			 "p50 %s %.0f ns vs %s %.0f ns (mean %.0f vs %.0f)", path_name[PATH_EMU],
			 emu->p50, path_name[PATH_SLEEP], fl->p50, emu->ns_per_op, fl->ns_per_op);
	} else {
		t->measured = -1;
		snprintf(t->detail, sizeof(t->detail), "%s",
			 st.measured[PATH_EMU] ? "a path failed"
					       : "emulator path not built or --no-emu");
	}
	bench_target_eval(t);

	t = &st.targets[st.ntargets++];
	bench_target_init(t, "emu-ladder-2-harts-ms",
			  "emulator full ladder on 2 harts under 50 ms wall", 50.0, true);
	if (st.o.ladder_exe && lad->reps && !lad->error[0]) {
		t->measured = lad->ns_per_op / 1e6;
		snprintf(t->detail, sizeof(t->detail),
			 "median of %u runs, min %.1f ms, max %.1f ms", lad->reps,
			 lad->ns_min / 1e6, lad->ns_max / 1e6);
	} else {
		t->measured = -1;
		snprintf(t->detail, sizeof(t->detail), "%s",
			 st.o.ladder_exe ? "ladder runs failed"
					 : "no --ladder-exe (emulator not built)");
	}
	bench_target_eval(t);
}

static void write_json(const char *path, int argc, char **argv)
{
	JsonBuilder *b = json_builder_new();
	size_t i;

	json_builder_begin_object(b);
	bench_jb_str(b, "tool", "hs-bench-ipi");
	bench_jb_uint(b, "schema", 1);
	bench_json_machine(b);
	json_builder_set_member_name(b, "config");
	json_builder_begin_object(b);
	bench_jb_bool(b, "quick", st.o.quick);
	bench_jb_uint(b, "reps", st.o.reps);
	bench_jb_uint(b, "warmup", st.o.warmup);
	bench_jb_uint(b, "rounds", st.o.rounds);
	bench_jb_uint(b, "pace_gap_ns", PACE_GAP_NS);
#ifdef HAVE_EMU
	bench_jb_bool(b, "emu_built", true);
#else
	bench_jb_bool(b, "emu_built", false);
#endif
	bench_jb_uint(b, "ladder_runs", st.o.ladder_exe ? st.o.ladder_runs : 0);
	bench_json_command(b, "hs-bench-ipi", argc, argv);
	json_builder_end_object(b);
	json_builder_set_member_name(b, "results");
	json_builder_begin_array(b);
	for (i = 0; i <= PATH_COUNT; i++) {
		if (i < PATH_COUNT ? !st.measured[i] : !st.o.ladder_exe)
			continue;
		bench_json_result(b, &st.res[i]);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "kernel");
	json_builder_begin_object(b);
	bench_jb_bool(b, "present", st.kernel.present);
	bench_jb_num(b, "p50_ticks", st.kernel.p50_ticks);
	bench_jb_num(b, "p99_ticks", st.kernel.p99_ticks);
	bench_jb_num(b, "samples", st.kernel.n);
	bench_jb_num(b, "timebase_hz", st.kernel.timebase_hz);
	bench_jb_num(b, "p50_ns",
		     st.kernel.present ? st.kernel.p50_ticks / st.kernel.timebase_hz * 1e9 : 0);
	bench_jb_num(b, "p99_ns",
		     st.kernel.present ? st.kernel.p99_ticks / st.kernel.timebase_hz * 1e9 : 0);
	bench_jb_str(b, "line", st.kernel.line);
	bench_jb_str(b, "note", st.o.kernel_note ? st.o.kernel_note : "");
	json_builder_end_object(b);
	bench_json_targets(b, st.targets, st.ntargets);
	bench_jb_bool(b, "ok", !st.failed);
	json_builder_end_object(b);
	if (!bench_json_write(b, path, "hs-bench-ipi"))
		st.failed = true;
	g_object_unref(b);
}

int main(int argc, char **argv)
{
	char json_path[PATH_MAX];
	int rc, i;

	st.o.reps = 7;
	st.o.warmup = 1;
	st.o.rounds = 2000;
	st.o.ladder_runs = 11;
	st.o.deadline_s = 30.0;
	rc = parse_args(argc, argv, &st.o);
	if (rc == 1)
		return 0;
	if (rc == 2)
		return 2; /* the reason is already on stderr, on one line */
	setvbuf(stdout, NULL, _IOLBF, 0);
	bench_machine_begin();
	if (st.o.json)
		snprintf(json_path, sizeof(json_path), "%s", st.o.json);
	else
		bench_default_json_path(json_path, sizeof(json_path), "hs-bench-ipi.json");
	for (i = 0; i < PATH_COUNT; i++) {
		st.lat[i] = malloc(sizeof(uint64_t) * st.o.rounds);
		if (!st.lat[i]) {
			fprintf(stderr, "hs-bench-ipi: out of memory\n");
			return 1;
		}
	}
	if (!ipi_floor_setup()) {
		fprintf(stderr, "hs-bench-ipi: set-up failed\n");
		return 1;
	}
	for (i = 0; i < PATH_COUNT; i++) {
		st.res[i].case_name = "ipi-rtt";
		st.res[i].impl = path_name[i];
		st.res[i].unit = path_unit[i];
		st.res[i].harts = 2;
		st.measured[i] = i != PATH_EMU;
	}
#ifdef HAVE_EMU
	st.measured[PATH_EMU] = !st.o.no_emu;
#endif
	printf("hs-bench-ipi: %s mode, %u reps (+%u warm-up) of %u round trips per path%s\n",
	       st.o.quick ? "quick" : "full", st.o.reps, st.o.warmup, st.o.rounds,
	       st.measured[PATH_EMU] ? "" : " (emulator path not measured)");
#ifdef HAVE_EMU
	if (st.measured[PATH_EMU]) {
		/* Everything runs on the emulator's boot hart, floors included. */
		if (ipi_emu_run(measure, NULL) != 0) {
			fprintf(stderr, "hs-bench-ipi: the emulator run failed\n");
			st.failed = true;
		}
	} else
#endif
		measure(NULL);
	for (i = 0; i < PATH_COUNT; i++) {
		if (!st.measured[i])
			continue;
		bench_result_finish(&st.res[i]);
		bench_print_summary(stdout, &st.res[i]);
		if (st.res[i].error[0])
			st.failed = true;
	}
	if (st.o.ladder_exe)
		time_ladder();
	if (st.o.kernel_line)
		parse_kernel_line(st.o.kernel_line);
	if (st.kernel.present)
		printf("SUMMARY kernel-ipi-rtt qemu-smp2 p50_ticks=%.0f p99_ticks=%.0f p50_ns=%.0f "
		       "p99_ns=%.0f (TCG: a reported figure, not a target)\n",
		       st.kernel.p50_ticks, st.kernel.p99_ticks,
		       st.kernel.p50_ticks / st.kernel.timebase_hz * 1e9,
		       st.kernel.p99_ticks / st.kernel.timebase_hz * 1e9);
	else
		printf("KERNEL ipi rtt not measured: %s\n", st.o.kernel_note ? st.o.kernel_note
							    : st.o.kernel_line
								    ? "unparsable KBENCH line"
								    : "no --kernel-line given");
	add_targets();
	bench_print_targets(stdout, st.targets, st.ntargets);
	write_json(json_path, argc, argv);
	printf("JSON %s\n", json_path);
	printf("hs-bench-ipi: %s\n", st.failed ? "FAILED" : "every round trip acked");
	for (i = 0; i < PATH_COUNT; i++)
		free(st.lat[i]);
	return st.failed ? 1 : 0;
}
