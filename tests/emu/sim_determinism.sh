#!/usr/bin/env bash
# The determinism contract of `hartsched-emu --sim` (issue 11): with one
# seed and the same arguments, two runs print the same bytes (stdout and
# stderr compared byte for byte: the ladder, the workload, the SIM line
# and the stats table), exit 0, and show the proof ladder's markers
# (tools/check-markers.py). A run with the next seed must schedule
# differently (its SIM line differs), or the seed would not reach the
# chooser. With --file PATH (the run's --json or --trace target), that
# file must be the same bytes after both runs too.
# Usage: sim_determinism.sh CHECKER --up|--smp EMU SEED [--file PATH] [emulator args...]
set -u
checker=$1 mode=$2 emu=$3 seed=$4
shift 4
file=""
if [ "${1:-}" = "--file" ]; then
	file=$2
	shift 2
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-emu-sim.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() {
	echo "sim_determinism.sh: $*"
	echo "---- stdout of run 1 (last 30 lines)"; tail -n 30 "$dir/out1"
	echo "---- stderr of run 1"; cat "$dir/err1"
	exit 1
}
for i in 1 2; do
	timeout 60 "$emu" --sim --seed "$seed" "$@" >"$dir/out$i" 2>"$dir/err$i"
	status=$?
	# Not the program's: AddressSanitizer's note (asan lane) that the
	# contexts' swapcontext is outside its full support; it names the pid.
	sed -i '/^==[0-9]*==WARNING: ASan doesn.t fully support makecontext\/swapcontext/d' \
		"$dir/err$i"
	[ "$status" -eq 0 ] || fail "run $i exited $status (expected 0)"
	if [ -n "$file" ]; then
		mv "$file" "$dir/file$i" || fail "run $i wrote no $file"
	fi
done
if [ -n "$file" ]; then
	cmp -s "$dir/file1" "$dir/file2" || fail "two runs with --seed $seed wrote different $file"
fi
cmp -s "$dir/out1" "$dir/out2" || {
	diff "$dir/out1" "$dir/out2" | head -n 20
	fail "two runs with --seed $seed printed different stdout"
}
cmp -s "$dir/err1" "$dir/err2" || fail "two runs with --seed $seed printed different stderr"
cat "$dir/out1" "$dir/err1" >"$dir/log"
grep -q '^SIM: strategy=' "$dir/log" || fail "no SIM: line"
python3 "$checker" "$mode" "$dir/log" || fail "the ladder's markers are not all there"
timeout 60 "$emu" --sim --seed "$((seed + 1))" "$@" >"$dir/out3" 2>"$dir/err3" ||
	fail "the run with --seed $((seed + 1)) failed"
[ -z "$file" ] || rm -f "$file"
[ "$(grep -h '^SIM: ' "$dir/out1" "$dir/err1" | sed 's/seed=[0-9]* //')" != \
	"$(grep -h '^SIM: ' "$dir/out3" "$dir/err3" | sed 's/seed=[0-9]* //')" ] ||
	fail "--seed $seed and --seed $((seed + 1)) ran the same schedule"
exit 0
