#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Boot the kernel N times with SMP=2 REQUIRE_SMP=1 through tools/qemu-test.sh
# (each run goes to the kernel's own exit, so QEMU's status is checked too)
# and report: failures (their console logs are kept), which hart won
# OpenSBI's boot lottery, how often a secondary came in through _start (the
# OpenSBI 1.1 hart_start race the entry code guards against), and run times.
#
# Usage: tools/qemu-soak.sh N
# Env:   SOAK_DIR (where logs go; default a new /tmp/qemu-soak.XXXXXX),
#        SMP (default 2), and any qemu-test.sh knob (TCG, FIRMWARE, KERNEL,
#        BUILD_DIR, RUN_TIMEOUT). Exit 0 only when every run passed.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 N   (N runs, N >= 1)" >&2; exit 2; }
smp=${SMP:-2}
dir=${SOAK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/qemu-soak.XXXXXX")}
mkdir -p "$dir"

failures=0
late_total=0
late_runs=0
declare -A boot_hart_count=()
times=()
start_all=$EPOCHREALTIME

for ((i = 1; i <= n; i++)); do
	log="$dir/run-$i.log"
	out=$(SMP=$smp REQUIRE_SMP=1 RUN_UNTIL_MARKER=0 LOG="$log" \
		"$root/tools/qemu-test.sh" 2>&1)
	rc=$?
	hart=$(sed -n 's/^KBOOT: hartsched [a-z-]*: boot hart \([0-9]*\) is cpu0.*/\1/p' "$log" | head -n 1)
	boot_hart_count[${hart:-none}]=$(( ${boot_hart_count[${hart:-none}]:-0} + 1 ))
	late=$(sed -n 's/^KRESULT:.* late_start_entries=\([0-9]*\).*/\1/p' "$log" | head -n 1)
	if [[ -n $late && $late -gt 0 ]]; then
		late_total=$((late_total + late))
		late_runs=$((late_runs + 1))
	fi
	if ((rc == 0)); then
		times+=("$(sed -n 's/.* after \([0-9.]*\) s$/\1/p' <<<"$out")")
		rm -f "$log"
	else
		failures=$((failures + 1))
		echo "$out" >"$dir/run-$i.harness.txt"
		echo "soak: run $i FAILED (rc=$rc): log $log, harness output $dir/run-$i.harness.txt"
		grep -m1 '^qemu-test: FAIL' <<<"$out"
	fi
done

total=$(awk -v a="$start_all" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
stats=$(printf '%s\n' "${times[@]}" | awk 'NF { v[n++] = $1 } END {
	if (n == 0) { print "no passing run"; exit }
	# insertion sort: n is small
	for (i = 1; i < n; i++) { x = v[i]; for (j = i - 1; j >= 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
	printf "min %.3f s, median %.3f s, max %.3f s", v[0], v[int(n / 2)], v[n - 1] }')
harts=""
for h in $(printf '%s\n' "${!boot_hart_count[@]}" | sort -n); do
	harts+=" hart$h=${boot_hart_count[$h]}"
done

echo "soak: $n runs of SMP=$smp REQUIRE_SMP=1 (TCG=${TCG:-multi} FIRMWARE=${FIRMWARE:-default}): $((n - failures)) passed, $failures failed, ${total} s total"
echo "soak: boot hart lottery:$harts"
echo "soak: secondaries entering through _start (HSM race): $late_total in $late_runs runs"
echo "soak: passing run time (QEMU start to exit): $stats"
if ((failures > 0)); then
	echo "soak: FAIL: logs of failed runs kept in $dir"
	exit 1
fi
rmdir "$dir" 2>/dev/null || true
exit 0
