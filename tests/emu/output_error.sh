#!/usr/bin/env bash
# A write error on stdout (a full disk: /dev/full) is reported on stderr and
# the exit status is 3, not 0.
# Usage: output_error.sh EMU [emulator args...]
set -u
emu=$1
shift
[ -w /dev/full ] || { echo "output_error.sh: no /dev/full here"; exit 77; }
err=$(timeout 60 "$emu" "$@" 2>&1 >/dev/full)
status=$?
[ "$status" -eq 3 ] || { echo "output_error.sh: exit status $status, expected 3"; echo "$err"; exit 1; }
echo "$err" | grep -q "writing the output failed: No space left on device" ||
	{ echo "output_error.sh: stderr does not report the error:"; echo "$err"; exit 1; }
echo "output_error.sh: ok"
