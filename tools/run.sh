#!/usr/bin/env bash
# Install what hartsched needs, build it in build/ (configuring once), and run
# the emulator with the given arguments. With none: 2 harts, the proof
# ladder, a short spawn-storm workload and the stats tables.
# Usage: tools/run.sh [hartsched-emu options...]     e.g. tools/run.sh --harts 8
#        tools/run.sh --help                         (instant: no setup, no build)
# Environment: HS_BUILD_DIR (default build) is the Meson build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${HS_BUILD_DIR:-build}
emu=$build/emu/hartsched-emu

# Help is instant: no package setup, no configure, no build.
for a in "$@"; do
	case $a in
	-h | --help)
		sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
		echo
		if [ -x "$emu" ]; then
			"$emu" --help
		else
			echo "The emulator's options are listed here once it is built (run tools/run.sh once)."
		fi
		exit 0
		;;
	esac
done

bash tools/setup.sh >&2
if [ ! -f "$build/build.ninja" ]; then
	wipe=()
	[ -d "$build/meson-private" ] && wipe=(--wipe) # a configure that failed half-way
	if ! meson setup "${wipe[@]}" "$build" >&2; then
		echo "run.sh: 'meson setup $build' failed (its error is above); nothing was built" >&2
		exit 1
	fi
fi
ninja -C "$build" >&2
exec "$emu" "$@"
