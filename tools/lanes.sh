#!/usr/bin/env bash
# Reliability lanes (docs/reliability.md). Each lane configures its own build
# directory, runs its checks and exits non-zero on any failure or report.
#
#   tools/lanes.sh LANE [LANE...]
#     tsan       ThreadSanitizer build (build-rel-tsan): suites unit, stress, fuzz, emu,
#                sim (the simulator's harts as TSan fibers: docs/simulation.md)
#     asan       AddressSanitizer + UBSan build (build-rel-asan): the same suites
#     valgrind   memcheck over the stress driver (host and emulator harts), bad input,
#                IPI faults, the fuzz corpus and the emulator ladder + workload; Helgrind
#                over the stress driver and the emulator ladder (2 and 4 harts), both
#                built with an annotated ticket lock (build-rel-vg);
#                suppressions, each justified, in tests/stress/valgrind.supp
#     qemu-user  the stress driver cross-built for riscv64 Linux under qemu-riscv64,
#                2/4/8 harts, 10^6 operations each (build-rel)
#     coverage   gcov build (build-rel-cov): unit + stress + fuzz + emu, then
#                gcovr line coverage of src/ (fails below COVERAGE_MIN, default 90)
#     fuzz-long  libFuzzer, FUZZ_SECONDS (default 600) at capacity 4 then at 64
#     all        every lane above, in that order
#
# Env: HS_STRESS_OPS (operations per stress run in the sanitizer lanes, default
# 200000), FUZZ_SECONDS, COVERAGE_MIN, LANES_JOBS (meson test processes, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${LANES_JOBS:-2}
failed=()

say() { printf '\n=== lanes: %s\n' "$*"; }

# setup DIR OPTIONS...: configure once, reuse afterwards (incremental).
setup() {
	local dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" -Driscv=disabled "$@"
	else
		meson configure "$dir" "$@"
	fi
	ninja -C "$dir"
}

# The suites that exist in DIR (emu only once the emulator's tests are in).
suites() {
	local dir=$1 s out=()
	for s in unit stress fuzz emu sim; do
		# grep -c reads all input (grep -q would close the pipe early and
		# fail the pipeline under pipefail); test names look like "proj:suite / name".
		if meson test -C "$dir" --list --suite "$s" 2>/dev/null | grep -c ' / ' > /dev/null; then
			out+=(--suite "$s")
		fi
	done
	echo "${out[@]}"
}

run_suites() {
	local dir=$1
	# shellcheck disable=SC2046
	# bench is not a reliability suite (its peers, e.g. Concurrency Kit's
	# inline-asm rings, are opaque to the sanitizers); the libFuzzer run is
	# its own clang ASan+UBSan build whatever the lane, so it runs once, in
	# the Meson suites of tools/test.sh, and in the fuzz-long lane.
	meson test -C "$dir" --print-errorlogs --num-processes "$jobs" \
		--no-suite qemu-user --no-suite bench --no-suite libfuzzer \
		--timeout-multiplier 4 $(suites "$dir")
}

lane_tsan() {
	say "tsan: ThreadSanitizer"
	setup build-rel-tsan -Db_sanitize=thread -Db_lundef=false
	# halt_on_error: the first report fails the test; the suppression file
	# documents every entry it holds.
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4 suppressions=$PWD/tests/stress/tsan.supp" \
		HS_STRESS_OPS=${HS_STRESS_OPS:-200000} HS_STRESS_WATCHDOG=240 \
		run_suites build-rel-tsan
}

lane_asan() {
	say "asan: AddressSanitizer + UndefinedBehaviorSanitizer"
	setup build-rel-asan -Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fno-sanitize-recover=all
	ASAN_OPTIONS="abort_on_error=1 detect_leaks=1 detect_stack_use_after_return=1" \
		UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1" \
		HS_STRESS_OPS=${HS_STRESS_OPS:-200000} HS_STRESS_WATCHDOG=240 \
		run_suites build-rel-asan
}

lane_valgrind() {
	local vg=(valgrind --error-exitcode=9 --quiet --suppressions=tests/stress/valgrind.supp)
	local d=build-rel-vg
	say "valgrind: memcheck and helgrind"
	setup "$d" -Dbuildtype=debug
	"${vg[@]}" --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
		"$d/tests/stress/hs_stress" --harts 4 --ops 200000 --watchdog 600
	"${vg[@]}" --tool=memcheck "$d/tests/stress/hs_bad_input" > /dev/null
	"${vg[@]}" --tool=memcheck "$d/tests/stress/hs_ipi_faults" > /dev/null
	"${vg[@]}" --tool=memcheck "$d/tests/fuzz/hs_fuzz_replay_cap4" tests/fuzz/corpus 2> /dev/null
	if [ -x "$d/tests/stress/hs_stress_emu" ]; then
		"${vg[@]}" --tool=memcheck "$d/tests/stress/hs_stress_emu" --harts 4 --ops 100000 \
			--watchdog 600
	fi
	if [ -x "$d/emu/hartsched-emu" ]; then
		# The emulator ladder and its default workload under memcheck. (Not
		# Helgrind: the emulator links the real, unannotated ticket lock and
		# has atomic flags of its own; see docs/reliability.md.)
		"${vg[@]}" --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
			"$d/emu/hartsched-emu" --harts 4 > /dev/null
	fi
	"${vg[@]}" --tool=helgrind "$d/tests/stress/hs_stress_vg" --harts 3 --ops 30000 \
		--epoch-ops 500 --watchdog 600
	if [ -x "$d/tests/stress/hartsched-emu-vg" ]; then
		# The emulator's ladder under Helgrind, on the annotated lock (the
		# workloads publish their state through liburcu, which Helgrind
		# cannot model; they run under memcheck above and under TSan).
		for h in 2 4; do
			"${vg[@]}" --tool=helgrind "$d/tests/stress/hartsched-emu-vg" --harts "$h" \
				--workload=none > /dev/null
		done
	fi
}

lane_qemu_user() {
	local h bin=build-rel/tests/stress/hs_stress_rv64
	say "qemu-user: riscv64 stress under qemu-riscv64"
	setup build-rel
	meson test -C build-rel --print-errorlogs --suite qemu-user
	for h in 2 4 8; do
		timeout 600 qemu-riscv64 -L /usr/riscv64-linux-gnu "$bin" --harts "$h" --ops 1000000
	done
}

lane_coverage() {
	local d=build-rel-cov min=${COVERAGE_MIN:-90} line
	say "coverage: gcovr line coverage of src/"
	# Atomic profile counters: the tests are multi-threaded, and racy
	# counters give gcov negative branch counts that gcovr rejects.
	setup "$d" -Db_coverage=true -Dbuildtype=debug -Dc_args=-fprofile-update=atomic
	find "$d" -name '*.gcda' -delete
	run_suites "$d"
	gcovr -r . --filter 'src/' --print-summary --txt "$d/coverage.txt" "$d" | tee "$d/coverage-summary.txt"
	cat "$d/coverage.txt"
	line=$(awk '/^lines:/ {print int($2)}' "$d/coverage-summary.txt")
	if [ -z "$line" ] || [ "$line" -lt "$min" ]; then
		echo "coverage: src/ line coverage ${line:-?}% is below ${min}%" >&2
		return 1
	fi
}

lane_fuzz_long() {
	local secs=${FUZZ_SECONDS:-600}
	say "fuzz-long: libFuzzer ${secs}s at capacity 4, then ${secs}s at 64"
	tools/fuzz.sh run "$secs" 4
	tools/fuzz.sh run "$secs" 64
}

# Run one lane in a subshell with errexit in force. (Not "if lane_x": bash
# suspends set -e for every command of a function called as an if condition,
# so a failing check that is not the lane's last command would be masked.)
run_lane() {
	local lane=$1 start=$SECONDS rc
	set +e
	(
		set -e
		"lane_${lane//-/_}"
	)
	rc=$?
	set -e
	if [ "$rc" -eq 0 ]; then
		say "$lane ok ($((SECONDS - start)) s)"
	else
		say "$lane FAILED, exit $rc ($((SECONDS - start)) s)"
		failed+=("$lane")
	fi
}

# The header above, without its comment marks.
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

case ${1:-} in
'') usage >&2; exit 2 ;;
-h | --help) usage; exit 0 ;;
esac
for lane in "$@"; do
	case $lane in
	tsan | asan | valgrind | qemu-user | coverage | fuzz-long) run_lane "$lane" ;;
	all) for l in tsan asan valgrind qemu-user coverage fuzz-long; do run_lane "$l"; done ;;
	*) echo "lanes: unknown lane '$lane'" >&2; exit 2 ;;
	esac
done
if [ ${#failed[@]} -ne 0 ]; then
	echo "lanes: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "lanes: all ok"
