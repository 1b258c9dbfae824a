#!/usr/bin/env bash
# A hart that is slow but alive (kernel-slow-hart.elf: the last CPU enters
# the kernel, then takes 3 s to come online, longer than the former fixed
# 2 s bring-up deadline): bring-up must wait for it, and the run must pass
# with every CPU online. TAP output.
# Usage: slow-hart.sh QEMU KERNEL_SLOW_HART_ELF
set -u
# Knobs from the caller's environment must not leak into the run.
unset SMP TOPOLOGY REQUIRE_SMP RUN_UNTIL_MARKER RUN_TIMEOUT TCG FIRMWARE KERNEL BUILD_DIR LOG QEMU PYTHON
qemu=$1
kernel=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
log=$(mktemp "${TMPDIR:-/tmp}/hs-slow-hart.XXXXXX.log")
trap 'rm -f "$log"' EXIT
echo "1..1"
out=$(KERNEL="$kernel" QEMU="$qemu" SMP=4 REQUIRE_SMP=1 RUN_TIMEOUT=60s LOG="$log" \
	bash "$root/tools/qemu-test.sh" 2>&1)
rc=$?
ms=$(sed -n 's/^KRESULT: pass.* bringup_ms=\([0-9]*\).*/\1/p' "$log" | head -n 1)
# The delay must really have happened (>= 3000 ms), or the pass proves nothing.
if [ "$rc" -eq 0 ] && [ -n "$ms" ] && [ "$ms" -ge 3000 ]; then
	echo "ok 1 - the slow cpu3 was waited for: pass, bringup_ms=$ms"
	exit 0
fi
echo "not ok 1 - qemu-test.sh exit $rc (want 0), bringup_ms='$ms' (want >= 3000)"
sed 's/^/# /' <<<"$out" | head -n 20
exit 1
