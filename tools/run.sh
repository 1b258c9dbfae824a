#!/usr/bin/env bash
# Install what hartsched needs, build it in build/ (configuring once), and run
# the emulator with the given arguments. With none: 2 harts, the proof
# ladder, a short spawn-storm workload and the stats table.
# Usage: tools/run.sh [hartsched-emu options...]     e.g. tools/run.sh --harts 8
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh >&2
if [ ! -f build/build.ninja ]; then
	meson setup build >&2 || true
fi
ninja -C build >&2
exec build/emu/hartsched-emu "$@"
