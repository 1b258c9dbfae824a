#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Boot the kernel N times with SMP harts through tools/qemu-test.sh (each
# run goes to the kernel's own exit, so QEMU's status is checked too, and
# each must end with exactly SMP CPUs online) and report: failures (their
# console logs are kept), which hart won OpenSBI's boot lottery, how often a
# secondary came in through _start (the OpenSBI 1.1 hart_start race the
# entry code guards against), bring-up and run times.
#
# Usage: tools/qemu-soak.sh N [SMP]
#        N runs (N >= 1) on SMP harts (default: $SMP from the environment,
#        else 2; 1 .. the kernel's max_cpus); SMP >= 2 runs with REQUIRE_SMP=1.
# Env:   SOAK_DIR (where logs go; default a new /tmp/qemu-soak.XXXXXX), and
#        any qemu-test.sh knob (TCG, FIRMWARE, TOPOLOGY, KERNEL, BUILD_DIR,
#        RUN_TIMEOUT). Exit 0 only when every run passed; 2 on bad usage;
#        130/143 when interrupted (the running QEMU is stopped by
#        qemu-test.sh, which gets the signal too).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() {
	echo "qemu-soak: usage: $0 N [SMP]   (N runs, N >= 1; SMP harts, 1 .. the kernel's max_cpus, default 2)" >&2
	exit 2
}
(($# >= 1 && $# <= 2)) || usage
n=$1
[[ $n =~ ^[1-9][0-9]{0,5}$ ]] || usage
if (($# == 2)); then
	smp=$2
elif [[ -v SMP ]]; then
	smp=$SMP # the environment, as before the argument existed
else
	smp=2
fi
[[ $smp =~ ^[1-9][0-9]{0,3}$ ]] || usage
require=0
((smp >= 2)) && require=1
dir=${SOAK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/qemu-soak.XXXXXX")}
mkdir -p "$dir"

child=""
# Forward INT/TERM to the running qemu-test.sh (it stops its QEMU's process
# group and names its log), then stop.
on_signal() {
	local sig=$1 code=$2
	trap '' INT TERM
	[[ -n $child ]] && kill "-$sig" "$child" 2>/dev/null && wait "$child" 2>/dev/null
	echo "soak: INTERRUPTED by SIG$sig after $((i - 1)) complete runs; logs in $dir" >&2
	exit "$code"
}
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

failures=0
late_total=0
late_runs=0
declare -A boot_hart_count=()
times=()
bringups=()
start_all=$EPOCHREALTIME

for ((i = 1; i <= n; i++)); do
	log="$dir/run-$i.log"
	SMP=$smp REQUIRE_SMP=$require RUN_UNTIL_MARKER=0 LOG="$log" \
		"$root/tools/qemu-test.sh" >"$dir/run-$i.harness.txt" 2>&1 &
	child=$!
	wait "$child"
	rc=$?
	child=""
	out=$(<"$dir/run-$i.harness.txt")
	if ((rc == 2)); then
		echo "soak: qemu-test.sh refused the run (usage error):" >&2
		cat "$dir/run-$i.harness.txt" >&2
		rm -f "$dir/run-$i.harness.txt" "$log"
		rmdir "$dir" 2>/dev/null
		exit 2
	fi
	hart=$(sed -n 's/^KBOOT: hartsched [a-z-]*: boot hart \([0-9]*\) is cpu0.*/\1/p' "$log" | head -n 1)
	boot_hart_count[${hart:-none}]=$(( ${boot_hart_count[${hart:-none}]:-0} + 1 ))
	late=$(sed -n 's/^KRESULT:.* late_start_entries=\([0-9]*\).*/\1/p' "$log" | head -n 1)
	if [[ -n $late && $late -gt 0 ]]; then
		late_total=$((late_total + late))
		late_runs=$((late_runs + 1))
	fi
	if ((rc == 0)); then
		times+=("$(sed -n 's/.* after \([0-9.]*\) s$/\1/p' <<<"$out")")
		bringups+=("$(sed -n 's/^KRESULT:.* bringup_ms=\([0-9]*\).*/\1/p' "$log" | head -n 1)")
		rm -f "$log" "$dir/run-$i.harness.txt"
	else
		failures=$((failures + 1))
		echo "soak: run $i FAILED (rc=$rc): log $log, harness output $dir/run-$i.harness.txt"
		grep -m1 '^qemu-test: FAIL' <<<"$out"
	fi
done

total=$(awk -v a="$start_all" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
# spread UNIT FORMAT: min, median and max of the numbers on stdin.
spread() {
	awk -v u="$1" -v f="$2" 'NF { v[n++] = $1 } END {
	if (n == 0) { print "no passing run"; exit }
	# insertion sort: n is small
	for (i = 1; i < n; i++) { x = v[i]; for (j = i - 1; j >= 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
	printf "min " f " %s, median " f " %s, max " f " %s", v[0], u, v[int(n / 2)], u, v[n - 1], u }'
}
stats=$(printf '%s\n' "${times[@]}" | spread s %.3f)
bstats=$(printf '%s\n' "${bringups[@]}" | spread ms %d)
harts=""
for h in $(printf '%s\n' "${!boot_hart_count[@]}" | sort -n); do
	harts+=" hart$h=${boot_hart_count[$h]}"
done

echo "soak: $n runs of SMP=$smp REQUIRE_SMP=$require (TCG=${TCG:-multi} FIRMWARE=${FIRMWARE:-default}${TOPOLOGY:+ TOPOLOGY=$TOPOLOGY}): $((n - failures)) passed, $failures failed, ${total} s total"
echo "soak: boot hart lottery:$harts"
echo "soak: secondaries entering through _start (HSM race): $late_total in $late_runs runs"
echo "soak: passing run time (QEMU start to exit): $stats"
echo "soak: bring-up time (hart_start to all online, kernel's bringup_ms): $bstats"
if ((failures > 0)); then
	echo "soak: FAIL: logs of failed runs kept in $dir"
	exit 1
fi
rmdir "$dir" 2>/dev/null || true
exit 0
