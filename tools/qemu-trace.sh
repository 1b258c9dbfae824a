#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# TRACE=FILE tools/qemu-test.sh runs this script. It boots the kernel-trace
# image under QEMU through tools/qemu-test.sh (every qemu-test.sh knob
# applies but KERNEL: SMP, REQUIRE_SMP, RUN_UNTIL_MARKER, RUN_TIMEOUT, TCG,
# FIRMWARE, QEMU, ...), then turns the trace dump it prints before its
# verdict (KTRACE-BEGIN .. KTRACE-END) into the same trace file
# `hartsched-emu --trace` writes, and checks it with tools/trace-check.py.
#
# Knobs (environment):
#   TRACE=FILE          where the trace goes (required)
#   TRACE_FORMAT=text|json  Linux ftrace text (default) or Chrome Trace Event JSON
#   BUILD_DIR=DIR       the build tree (default build): kernel/kernel-trace.elf
#                       and emu/hartsched-trace are built there first
#   LOG=PATH            keep the console log here (default: a temporary file)
#
# Exit: 0 the run passed and the trace was written and checked; 1 the run,
# the dump or the check failed (the first problem is printed); 2 bad usage
# (an unwritable TRACE is refused before QEMU starts); 128+N on a signal.
#
#   TRACE=smp2.txt SMP=2 REQUIRE_SMP=1 tools/qemu-test.sh
#   TRACE=smp2.json TRACE_FORMAT=json SMP=2 tools/qemu-trace.sh
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() {
	echo "qemu-trace: usage error: $*" >&2
	exit 2
}
[[ ${TRACE+set} ]] || usage "TRACE=FILE is required (where the trace goes)"
[[ -n $TRACE ]] || usage "TRACE is empty"
format=${TRACE_FORMAT-text}
[[ $format == text || $format == json ]] || usage "TRACE_FORMAT must be text or json, not '$format'"
dir=$(dirname -- "$TRACE")
[[ -d $TRACE ]] && usage "TRACE=$TRACE is a directory"
[[ -d $dir && -w $dir ]] || usage "cannot write TRACE=$TRACE: no writable directory '$dir'"
[[ ! -e $TRACE || -w $TRACE ]] || usage "cannot write TRACE=$TRACE: not writable"
[[ -v KERNEL ]] && usage "KERNEL is not used: the trace needs the kernel-trace image of BUILD_DIR"
build=${BUILD_DIR-build}
[[ $build == /* ]] || build=$root/$build
[[ -f $build/build.ninja ]] || usage "BUILD_DIR=$build is not a configured build (meson setup it first)"
if ! timeout 900 ninja -C "$build" kernel/kernel-trace.elf emu/hartsched-trace >/dev/null; then
	echo "qemu-trace: building kernel/kernel-trace.elf and emu/hartsched-trace failed" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hs-qemu-trace.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log=${LOG-$tmp/console.log}
env -u TRACE -u TRACE_FORMAT KERNEL="$build/kernel/kernel-trace.elf" LOG="$log" "$root/tools/qemu-test.sh"
status=$?
if [[ $status -ne 0 ]]; then
	echo "qemu-trace: the run failed (qemu-test.sh exit $status); no trace written" >&2
	exit "$status"
fi
"$build/emu/hartsched-trace" --console "$log" --output "$TRACE" --format "$format" || exit 1
py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
args=(--harts "${SMP:-1}" --ladder)
[[ $format == text ]] && args+=(--all-done)
"$py" "$root/tools/trace-check.py" "${args[@]}" "$TRACE" || exit 1
echo "qemu-trace: wrote $TRACE ($format)"
