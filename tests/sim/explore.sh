#!/usr/bin/env bash
# The sim suite's driver for hartsched-explore (tests/sim/meson.build).
#   explore.sh EXPLORE pass SCENARIO STRATEGY SEEDS
#       every run passes (exit 0, an EXPLORE line with passed == runs)
#   explore.sh EXPLORE find SCENARIO FAULT STRATEGY SEEDS
#       with the planted FAULT the explorer fails a run within SEEDS runs
#       (exit 1, FAIL and REPLAY lines), and the REPLAY command reproduces
#       the same failure at the same step
#   explore.sh EXPLORE trace SCENARIO HARTS text|json PYTHON CHECKER
#       the scenario's trace (--trace) passes tools/trace-check.py for seeds
#       1, 7 and 99, and tracing leaves the run's schedule as it was
#   explore.sh EXPLORE cli
#       bad input is refused with a message and exit 2; --help and lists work
set -uo pipefail
exe=$1
mode=$2
shift 2
fail() { echo "not ok: $*"; exit 1; }

case $mode in
pass)
	sc=$1 st=$2 n=$3
	out=$("$exe" --scenario "$sc" --strategy "$st" --seeds "$n" 2>&1)
	rc=$?
	echo "$out"
	[ $rc -eq 0 ] || fail "$sc/$st: exit $rc"
	echo "$out" | grep -Eq "^EXPLORE: scenario=$sc strategy=$st runs=([0-9]+) passed=\1 " ||
		fail "$sc/$st: no EXPLORE line with every run passed"
	;;
find)
	sc=$1 fault=$2 st=$3 n=$4
	out=$("$exe" --scenario "$sc" --inject "$fault" --strategy "$st" --seeds "$n" 2>&1)
	rc=$?
	echo "$out" | grep -v '^    #' | head -40
	[ $rc -eq 1 ] || fail "$sc/$fault/$st: exit $rc, not 1 (not found in $n runs?)"
	first=$(echo "$out" | grep -m1 '^FAIL:') || fail "no FAIL line"
	replay=$(echo "$out" | grep -m1 '^REPLAY: hartsched-explore ') || fail "no REPLAY line"
	echo "$out" | grep -q '^SCHEDULE: [0-9]' || fail "no SCHEDULE line"
	# The REPLAY line is the exact command: run it (its quoting is the shell's).
	again=$(eval "\"$exe\" ${replay#REPLAY: hartsched-explore }" 2>&1)
	rc=$?
	[ $rc -eq 1 ] || fail "the REPLAY command exited $rc, not 1"
	second=$(echo "$again" | grep -m1 '^FAIL:') || fail "the REPLAY run printed no FAIL line"
	# Same failure at the same step (run= and seed= name the run, not the failure).
	[ "${first#* step=}" = "${second#* step=}" ] ||
		fail "the replay differs: '$first' vs '$second'"
	echo "replayed: $second"
	;;
trace)
	sc=$1 harts=$2 fmt=$3 python=$4 checker=$5
	dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-simtrace.XXXXXX")
	trap 'rm -rf "$dir"' EXIT
	for seed in 1 7 99; do
		plain=$("$exe" --scenario "$sc" --seed "$seed" --seeds 1 2>/dev/null) ||
			fail "$sc seed $seed: the run failed"
		traced=$("$exe" --scenario "$sc" --seed "$seed" --seeds 1 --trace "$dir/t.$fmt" \
			--trace-format "$fmt" 2>/dev/null) || fail "$sc seed $seed: the traced run failed"
		[ "$plain" = "$traced" ] || fail "$sc seed $seed: --trace changed the run: $plain / $traced"
		"$python" "$checker" --harts "$harts" "$dir/t.$fmt" || fail "$sc seed $seed: the trace check"
	done
	echo "ok: $sc $fmt traces"
	;;
cli)
	# Each output whole first: grep -q stops reading at its match, and with
	# pipefail a writer still flushing would fail on SIGPIPE.
	out=$("$exe" --help) || fail "--help exited $?"
	grep -q -- '--strategy' <<<"$out" || fail "--help"
	out=$("$exe" --list) || fail "--list exited $?"
	grep -q '^hotplug ' <<<"$out" || fail "--list"
	out=$("$exe" --inject list) || fail "--inject list exited $?"
	grep -q '^stranded-coalesce ' <<<"$out" || fail "--inject list"
	for bad in "" "--scenario nope" "--scenario tiny --seeds x" "--scenario tiny --strategy z" \
		"--scenario tiny --inject nope" "--scenario tiny --strategy replay" \
		"--scenario tiny --strategy replay --schedule 0*x" "--scenario tiny extra" \
		"--scenario tiny --depth 0" "--scenario tiny --trace /nonexistent/dir/t"; do
		# shellcheck disable=SC2086
		err=$("$exe" $bad 2>&1 >/dev/null)
		rc=$?
		[ $rc -eq 2 ] || fail "'$bad' exited $rc, not 2"
		[ -n "$err" ] || fail "'$bad' said nothing on stderr"
	done
	# A schedule that does not fit the run is bad input too.
	"$exe" --scenario tiny --strategy replay --schedule '1*100000' > /dev/null 2>&1
	[ $? -eq 2 ] || fail "an ill-fitting schedule is not exit 2"
	echo "ok: cli"
	;;
*)
	fail "unknown mode $mode"
	;;
esac
