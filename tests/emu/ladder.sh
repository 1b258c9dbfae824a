#!/usr/bin/env bash
# Run the emulator, save its console and check the proof ladder with
# tools/check-markers.py (presence, order, no FAIL line). The emulator must
# also exit 0.
# Usage: ladder.sh CHECKER --up|--smp EMU [emulator args...]
set -u
checker=$1 mode=$2 emu=$3
shift 3
log=$(mktemp "${TMPDIR:-/tmp}/hs-emu-ladder.XXXXXX")
trap 'rm -f "$log"' EXIT
timeout 60 "$emu" "$@" >"$log" 2>&1
status=$?
python3 "$checker" "$mode" "$log" || exit 1
if [ "$status" -ne 0 ]; then
	echo "ladder.sh: emulator exited $status (expected 0)"
	tail -n 30 "$log"
	exit 1
fi
exit 0
