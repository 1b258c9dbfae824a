#!/usr/bin/env bash
# hartsched-emu --sim runs hartsched-emu-sim from its own directory; a copy
# of hartsched-emu alone must say it cannot, and exit 2.
# Usage: sim_missing.sh EMU
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-emu-nosim.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cp "$1" "$dir/hartsched-emu" || exit 1
"$dir/hartsched-emu" --sim --seed 7 >"$dir/out" 2>"$dir/err"
status=$?
if [ "$status" -ne 2 ] || ! grep -q "cannot run $dir/hartsched-emu-sim" "$dir/err"; then
	echo "sim_missing.sh: exit $status (expected 2), stderr:"
	cat "$dir/err"
	exit 1
fi
exit 0
