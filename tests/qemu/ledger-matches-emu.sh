#!/usr/bin/env bash
# The emulator and the kernel, given the same workload, harts and seed,
# report the same ledger counts (jobs, finished, missing, duplicated) and
# both say "ledger ok". TAP output, one case per workload and hart count.
# Usage: ledger-matches-emu.sh EMU QEMU KERNEL_ELF
set -u
unset SMP TOPOLOGY REQUIRE_SMP RUN_UNTIL_MARKER RUN_TIMEOUT TCG FIRMWARE KERNEL BUILD_DIR LOG QEMU PYTHON
unset WORKLOAD WORKLOAD_TASKS WORKLOAD_SEED
emu=$1
qemu=$2
kernel=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
seed=7
log=$(mktemp "${TMPDIR:-/tmp}/hs-ledger-match.XXXXXX.log")
trap 'rm -f "$log" "$log.harness"' EXIT
cases=()
for wl in ping-pong wake-remote spawn-storm mixed-qos; do
	for n in 2 4; do
		cases+=("$wl $n")
	done
done
echo "1..${#cases[@]}"
failed=0
i=0

# counts LINE: "jobs=.. finished=.. missing=.. duplicated=.." from a ledger line.
counts() {
	local k out=""
	for k in jobs finished missing duplicated; do
		out+="$k=$(sed -n "s/.* $k=\([0-9]*\).*/\1/p" <<<"$1") "
	done
	echo "${out% }"
}

for c in "${cases[@]}"; do
	read -r wl n <<<"$c"
	i=$((i + 1))
	emu_line=$(timeout 120 "$emu" --no-selftest --workload "$wl" --harts "$n" --seed "$seed" 2>&1 |
		grep -m1 "^WORKLOAD: $wl ledger ok ")
	KERNEL="$kernel" QEMU="$qemu" SMP="$n" RUN_TIMEOUT=60s WORKLOAD="$wl" WORKLOAD_SEED="$seed" \
		LOG="$log" bash "$root/tools/qemu-test.sh" >"$log.harness" 2>&1
	rc=$?
	k_line=$(grep -m1 "^KWORKLOAD: $wl ledger ok " "$log")
	e=$(counts "$emu_line")
	k=$(counts "$k_line")
	if [ -n "$emu_line" ] && [ -n "$k_line" ] && [ "$rc" -eq 0 ] && [ "$e" = "$k" ]; then
		echo "ok $i - $wl harts=$n seed=$seed: $k in both"
	else
		echo "not ok $i - $wl harts=$n seed=$seed: emulator '$e', kernel '$k' (qemu-test exit $rc)"
		# Say why: the harness's verdict and the end of the console, as TAP comments.
		sed 's/^/# harness: /' "$log.harness" | tail -n 15
		grep -E 'FAIL|KRESULT|panic|trap' "$log" | head -n 10 | sed 's/^/# console: /'
		failed=1
	fi
done
exit "$failed"
