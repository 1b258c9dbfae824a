#!/usr/bin/env bash
# The kernel's trace of an SMP=2 boot and the emulator's trace of its ladder
# at 2 harts are the same events in the same order (tools/trace-compare.py).
# Usage: trace_matches_emu.sh ROOT BUILD_DIR EMU
set -u
root=$1 build=$2 emu=$3
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-trace-match.XXXXXX")
trap 'rm -rf "$dir"' EXIT
py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
TRACE=$dir/kernel.txt SMP=2 REQUIRE_SMP=1 RUN_UNTIL_MARKER=0 RUN_TIMEOUT=60s BUILD_DIR=$build \
	"$root/tools/qemu-trace.sh" >"$dir/qemu.out" 2>&1 || { cat "$dir/qemu.out"; exit 1; }
"$emu" --harts 2 --workload none --trace "$dir/emu.txt" >/dev/null || { echo "emulator run failed"; exit 1; }
"$py" "$root/tools/trace-compare.py" "$dir/kernel.txt" "$dir/emu.txt"
