#!/usr/bin/env bash
# A hart that OpenSBI starts but that never reaches the kernel
# (kernel-lost-hart.elf parks the last CPU outside the kernel): bring-up
# must name it, the kernel's verdict must be FAIL with exit status 1, and
# tools/qemu-test.sh must fail the run. TAP output.
# Usage: lost-hart.sh QEMU KERNEL_LOST_HART_ELF
set -u
# Knobs from the caller's environment must not leak into the runs.
unset SMP TOPOLOGY REQUIRE_SMP RUN_UNTIL_MARKER RUN_TIMEOUT TCG FIRMWARE KERNEL BUILD_DIR LOG QEMU PYTHON
qemu=$1
kernel=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
log=$(mktemp "${TMPDIR:-/tmp}/hs-lost-hart.XXXXXX.log")
trap 'rm -f "$log"' EXIT
failed=0
echo "1..2"

# 1: QEMU directly: the kernel's own verdict (the finisher's exit status).
setsid timeout --kill-after=5 60 "$qemu" -M virt -smp 4 -m 128M -nographic -no-reboot \
	-bios default -kernel "$kernel" </dev/null >"$log" 2>&1
rc=$?
if [ "$rc" -eq 1 ] &&
	grep -Eq '^KBOOT: FAIL cpu3 \(hart [0-9]+\) never reached the kernel' "$log" &&
	grep -q '^KBOOT: FAIL bring-up: 1 of 3 secondaries not online' "$log" &&
	grep -q '^KRESULT: FAIL .*cpus=4 cpus_online=3' "$log"; then
	echo "ok 1 - cpu3 named as never reaching the kernel, KRESULT: FAIL, exit 1"
else
	echo "not ok 1 - exit $rc (want 1) or a line missing"
	grep -E '^K(BOOT|RESULT)' "$log" | sed 's/^/# /'
	failed=1
fi

# 2: through the harness: a failure, and it says which CPU.
out=$(KERNEL="$kernel" QEMU="$qemu" SMP=4 RUN_TIMEOUT=60s LOG="$log" \
	bash "$root/tools/qemu-test.sh" 2>&1)
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'cpu3 (hart [0-9]*) never reached the kernel' <<<"$out"; then
	echo "ok 2 - tools/qemu-test.sh fails the run and names cpu3"
else
	echo "not ok 2 - qemu-test.sh exit $rc (want 1)"
	sed 's/^/# /' <<<"$out" | head -n 20
	failed=1
fi
exit "$failed"
