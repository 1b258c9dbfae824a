#!/usr/bin/env bash
# A kernel task that overflows its stack into the sentinel (the "overflow"
# workload): the switch after it must name the task, the kernel must end
# the run with a failing status, and tools/qemu-test.sh must fail it. TAP.
# Usage: stack-overflow.sh QEMU KERNEL_ELF
set -u
# Knobs from the caller's environment must not leak into the runs.
unset SMP TOPOLOGY REQUIRE_SMP RUN_UNTIL_MARKER RUN_TIMEOUT TCG FIRMWARE KERNEL BUILD_DIR LOG QEMU PYTHON
unset WORKLOAD WORKLOAD_TASKS WORKLOAD_SEED
qemu=$1
kernel=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
log=$(mktemp "${TMPDIR:-/tmp}/hs-stack-overflow.XXXXXX.log")
trap 'rm -f "$log"' EXIT
failed=0
echo "1..3"

# 1: QEMU directly: the task is named and the kernel's exit status is a failure.
setsid timeout --kill-after=5 60 "$qemu" -M virt -smp 2 -m 128M -nographic -no-reboot \
	-bios default -kernel "$kernel" -append "workload=overflow" </dev/null >"$log" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] &&
	grep -Eq '^KTASK: FAIL stack overflow: task [0-9]+ \(overflow\) overwrote its stack sentinel' "$log"; then
	echo "ok 1 - the overflowing task is named, exit $rc"
else
	echo "not ok 1 - exit $rc (want a failure status) or the KTASK line missing"
	grep -E '^K(TASK|WORKLOAD|RESULT)|panic' "$log" | sed 's/^/# /'
	failed=1
fi

# 2: the run never claims a ledger for it.
if ! grep -q '^KWORKLOAD: overflow ledger ok' "$log"; then
	echo "ok 2 - no ledger ok line"
else
	echo "not ok 2 - a ledger ok line for the overflowing workload"
	failed=1
fi

# 3: through the harness: a failure.
out=$(KERNEL="$kernel" QEMU="$qemu" SMP=2 RUN_TIMEOUT=60s WORKLOAD=overflow LOG="$log" \
	bash "$root/tools/qemu-test.sh" 2>&1)
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'stack overflow: task' <<<"$out"; then
	echo "ok 3 - tools/qemu-test.sh fails the run and names the task"
else
	echo "not ok 3 - qemu-test.sh exit $rc (want 1)"
	sed 's/^/# /' <<<"$out" | head -n 20
	failed=1
fi
exit "$failed"
