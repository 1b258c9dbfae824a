#!/usr/bin/env bash
# --json writes a valid JSON document whose numbers agree with the run.
# Usage: json.sh EMU
set -u
emu=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-emu-json.XXXXXX")
trap 'rm -rf "$dir"' EXIT
timeout 60 "$emu" --harts 4 --workload wake-remote --tasks 300 --json "$dir/stats.json" \
	>"$dir/out" 2>&1 || { echo "json.sh: emulator failed"; tail -n 20 "$dir/out"; exit 1; }
python3 - "$dir/stats.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
def need(cond, what):
    if not cond:
        print("json.sh:", what); sys.exit(1)
need(d["program"] == "hartsched-emu", "program name")
need(d["config"]["harts"] == 4 and len(d["harts"]) == 4, "one entry per hart")
need(d["config"]["workload"] == "wake-remote", "workload name")
need(d["workload"]["ok"] is True and d["workload"]["jobs"] == 300, "workload verdict")
need(d["selftest"]["passed"] == 11 and d["selftest"]["failed"] == 0, "ladder counts")
t = d["totals"]
need(t["finished"] >= 300, "every task finished")
need(sum(h["finished"] for h in d["harts"]) == t["finished"], "totals add up")
need(t["ipi"]["acked"] <= t["ipi"]["trap"] and t["ipi"]["sent"] <= t["ipi"]["requested"],
     "IPI chain counters ordered")
need(t["ipi"]["acked"] > 0, "wake-remote produced acked IPIs")
need(d["wait_ns"]["interactive"]["count"] >= 300, "interactive waits recorded")
need(d["exit_status"] == 0, "exit status recorded")
print("json.sh: ok")
PY
