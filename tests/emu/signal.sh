#!/usr/bin/env bash
# Ctrl-C / SIGTERM during a workload: the run stops at a safe point, the
# summary prints, --json is written (marked interrupted) in place of the old
# file, and the exit status says which signal stopped it (128 + N).
# Usage: signal.sh EMU SCHEMA INT|TERM
set -u
emu=$1 schema=$2 sig=$3
case $emu in /*) ;; *) emu=$PWD/$emu ;; esac
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-emu-sig.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
case $sig in INT) want=130 ;; TERM) want=143 ;; *) echo "signal.sh: INT or TERM"; exit 2 ;; esac
echo '{"previous": "run"}' >"$dir/prev.json"
"$emu" --harts 64 --workload ping-pong --tasks 16376 --json "$dir/prev.json" \
	>"$dir/out" 2>"$dir/err" &
pid=$!
# Signal once the workload runs (bounded wait), then 50 ms into it.
for _ in $(seq 200); do
	grep -q '^WORKLOAD: ping-pong start' "$dir/out" && break
	sleep 0.05
done
grep -q '^WORKLOAD: ping-pong start' "$dir/out" || { echo "signal.sh: the workload never started"; exit 1; }
sleep 0.05
# The JSON must not be touched while the run is going.
grep -q '"previous"' "$dir/prev.json" || { echo "signal.sh: the old JSON was wiped during the run"; exit 1; }
kill -"$sig" "$pid"
wait "$pid"
status=$?
pid=
fail() {
	echo "signal.sh: $*"; echo "---- stdout (tail)"; tail -n 20 "$dir/out"; echo "---- stderr"; cat "$dir/err"; exit 1
}
[ "$status" -eq "$want" ] || fail "exit status $status, expected $want"
grep -q "^WORKLOAD: ping-pong stopped by signal" "$dir/out" || fail "no 'stopped by signal' line"
grep -q "^WORKLOAD: ping-pong ledger ok (interrupted" "$dir/out" || fail "no ledger line for the interrupted run"
grep -q "^scheduling per hart" "$dir/out" || fail "no summary"
grep -q "stopped by SIG$sig" "$dir/err" || fail "stderr does not say which signal"
python3 "$here/schema_check.py" "$schema" "$dir/prev.json" || fail "JSON invalid"
python3 - "$dir/prev.json" "$sig" "$want" <<'PY' || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["interrupted"] is True, "interrupted"
assert d["stop_signal"] == "SIG" + sys.argv[2], "stop_signal"
assert d["exit_status"] == int(sys.argv[3]), "exit_status"
assert d["workload"]["stopped_by"] == "signal", "stopped_by"
assert 0 < d["workload"]["finished"] < 16376, "partial run"
PY
ls "$dir" | grep -v -e '^prev.json$' -e '^out$' -e '^err$' && fail "a temporary file was left behind"
echo "signal.sh: SIG$sig ok"
exit 0
