#!/usr/bin/env bash
# Install what hartsched needs, build it, and run the whole test suite:
# unit (capacity 64 and 4), emu (ladder, CLI, workloads), qemu (kernel ladder),
# stress, fuzz (short), bench (quick, ledgers only).
#
# Usage: tools/test.sh [meson test args...]     e.g. tools/test.sh --suite unit
# Env:   BUILD_DIR (default: build)   SKIP_SETUP=1 (do not call tools/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
[ "${SKIP_SETUP:-0}" = 1 ] || bash tools/setup.sh

if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" -Dwerror=true
fi
ninja -C "$build"
meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
