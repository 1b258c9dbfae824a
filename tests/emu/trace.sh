#!/usr/bin/env bash
# Run the emulator with --trace and check the trace with tools/trace-check.py
# against the run's own ledger line (tasks finished) and hart count.
# Usage: trace.sh PYTHON CHECKER text|json [--overflow] -- EMU [args...]
#   --overflow  the rings must overflow: the trace and the TRACE: line must
#               both report dropped events (and the check still passes)
set -u
python=$1 checker=$2 format=$3
shift 3
overflow=0
if [ "$1" = "--overflow" ]; then
	overflow=1
	shift
fi
[ "$1" = "--" ] || { echo "trace.sh: bad usage"; exit 2; }
shift
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-trace.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trace=$dir/trace.$format
fail() {
	echo "trace.sh: $*"
	echo "---- stdout (last 20 lines)"; tail -n 20 "$dir/out"
	echo "---- stderr"; cat "$dir/err"
	exit 1
}
timeout 120 "$@" --trace "$trace" --trace-format "$format" >"$dir/out" 2>"$dir/err"
status=$?
[ "$status" -eq 0 ] || fail "exit status $status, expected 0"
[ -s "$trace" ] || fail "no trace written"
# The run's own figures: harts from the command line, finished jobs from the ledger.
harts=$(sed -n 's/.*--harts \([0-9]*\).*/\1/p' <<<"$*")
harts=${harts:-2}
ledger=$(grep -E '^WORKLOAD: [a-z-]+ ledger ok' "$dir/out" | sed -n 's/.* finished=\([0-9]*\) .*/\1/p')
[ -n "$ledger" ] || fail "no ledger line"
line=$(grep '^TRACE: ' "$dir/out") || fail "no TRACE: line"
dropped=$(sed -n 's/.* dropped=\([0-9]*\) .*/\1/p' <<<"$line")
args=(--harts "$harts" --finished "$ledger" --ladder)
[ "$format" = text ] && args+=(--all-done)
if [ "$overflow" = 1 ]; then
	[ "${dropped:-0}" -gt 0 ] || fail "expected an overflow, the TRACE: line says dropped=$dropped"
	args+=(--require-dropped)
else
	[ "${dropped:-1}" -eq 0 ] || fail "unexpected overflow: $line"
fi
"$python" "$checker" "${args[@]}" "$trace" || fail "trace-check failed on $trace"
