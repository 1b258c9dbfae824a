#!/usr/bin/env bash
# Install what hartsched needs, build it, and run the whole test suite:
#   1. the Meson suites in BUILD_DIR: unit (capacity 64 and 4), emu (ladder, CLI,
#      workloads), qemu (kernel ladder), stress, fuzz (short), sim (the
#      deterministic simulator: hartsched-explore, hartsched-emu --sim),
#      bench (quick, ledgers only);
#   2. the reliability lanes of tools/lanes.sh, each in its own build directory:
#      tsan (with the sim suite's fiber-TSan checks), asan, valgrind,
#      qemu-user, coverage (docs/reliability.md).
#
# Usage: tools/test.sh [meson test args...]     e.g. tools/test.sh --suite unit
#        (with arguments only those Meson tests run, no lanes)
# Env:   BUILD_DIR (default: build)   SKIP_SETUP=1 (do not call tools/setup.sh)
#        HS_LANES  lanes to run after the suites (default "tsan asan valgrind
#                  qemu-user coverage"; "none" skips them; "fuzz-long" exists too)
set -euo pipefail
cd "$(dirname "$0")/.."

case ${1:-} in
-h | --help)
	sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
esac

build=${BUILD_DIR:-build}
lanes=${HS_LANES:-tsan asan valgrind qemu-user coverage}
[ $# -eq 0 ] || lanes=none
[ "${SKIP_SETUP:-0}" = 1 ] || bash tools/setup.sh

if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" -Dwerror=true
fi
ninja -C "$build"
meson test -C "$build" --print-errorlogs --num-processes 2 "$@"

if [ "$lanes" != none ]; then
	# shellcheck disable=SC2086
	bash tools/lanes.sh $lanes
fi
