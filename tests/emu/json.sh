#!/usr/bin/env bash
# --json: a real run's document validates against the documented schema
# (docs/emulator-stats.schema.json, checked by schema_check.py) and its
# numbers agree with the run and with each other.
# Usage: json.sh EMU SCHEMA CASE
#   CASE: wake-remote | mixed-qos-map | duration | none | stdout | stdout-text
set -u
emu=$1 schema=$2 case=$3
case $emu in /*) ;; *) emu=$PWD/$emu ;; esac
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-emu-json.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
doc=$dir/stats.json
case $case in
wake-remote) args=(--harts 4 --workload wake-remote --tasks 300 --json "$doc") ;;
mixed-qos-map) args=(--harts 8 --hart-map shuffle --seed 5 --workload mixed-qos --json "$doc") ;;
duration) args=(--harts 4 --workload ping-pong --duration 200ms --json "$doc") ;;
none) args=(--harts 3 --workload none --json "$doc") ;;
stdout) args=(--harts 2 --quiet --json -) ;;
stdout-text) args=(--harts 2 --json -) ;;
*) echo "json.sh: unknown case $case"; exit 2 ;;
esac
timeout 60 "$emu" "${args[@]}" >"$dir/out" 2>"$dir/err"
status=$?
if [ "$status" -ne 0 ]; then
	echo "json.sh: emulator exited $status"; tail -n 20 "$dir/out" "$dir/err"; exit 1
fi
case $case in
stdout | stdout-text)
	cp "$dir/out" "$doc"
	[ ! -e "$dir/-" ] || { echo "json.sh: --json - created a file named '-'"; exit 1; }
	;;
esac
python3 "$here/schema_check.py" "$schema" "$doc" || exit 1
python3 - "$doc" "$case" "$dir/out" "$dir/err" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
case, out, err = sys.argv[2], open(sys.argv[3]).read(), open(sys.argv[4]).read()
def need(cond, what):
    if not cond:
        print("json.sh:", case + ":", what); sys.exit(1)
t, w, c = d["totals"], d["workload"], d["config"]
need(d["exit_status"] == 0 and not d["interrupted"], "exit status and interruption recorded")
need(len(d["harts"]) == c["harts"] == len(c["hart_ids"]), "one entry per hart")
need([h["hart_id"] for h in d["harts"]] == c["hart_ids"], "hart ids follow the map")
need(sorted(c["hart_ids"]) == list(range(c["harts"])), "the map is a permutation")
for k in ("turns", "runs", "finishes", "steal_count", "busy_ns", "park_count"):
    need(sum(h[k] for h in d["harts"]) == t[k], "totals add up: " + k)
if d["selftest"]["ran"]:
    rungs = d["selftest"]["rungs"]
    need(len(rungs) == d["selftest"]["passed"] + d["selftest"]["failed"], "one record per rung")
    need(all(r["ok"] for r in rungs) and rungs[0]["name"] == "smp online", "rung names")
lat = d["latency_ns"]
for kind in ("queue_wait", "wakeup"):
    for q, h in lat[kind].items():
        need(sum(b[1] for b in h["buckets"]) == h["count"], f"{kind}.{q} buckets add up")
        need((h["p50"] is None) == (h["count"] == 0), f"{kind}.{q}: null exactly when empty")
        if h["count"]:
            need(h["p50"] <= h["p90"] <= h["p99"] <= h["p999"] <= h["max"], f"{kind}.{q} ordered")
overflow = sum(q["overflow_count"] for q in t["queues"].values())
need(overflow == d["rejects"]["backpressure"]["queue_full"], "overflow counts = back-pressure rejects")
need(all(v == 0 for v in d["rejects"]["unexpected"].values()), "no unexpected reject")
crit = {x["name"]: x for x in w["criteria"]}
if case == "wake-remote":
    need(c["workload"] == "wake-remote" and c["tasks"] == 300 and w["jobs"] == 300, "config")
    need(w["ok"] and w["stopped_by"] == "completed" and w["finished"] == 300, "verdict")
    need(crit["ledger"]["verdict"] == "ok" and crit["ledger"]["values"]["missing"] == 0, "ledger")
    need(t["ipi_received"]["acked"] > 0, "wake-remote produced acked IPIs")
    need(lat["wakeup"]["interactive"]["count"] >= 300, "wake-ups recorded as wake-up latency")
    need(all(h["busy_ns"] > 0 for h in d["harts"]), "every hart was busy some time")
    need(all(h["park_count"] > 0 for h in d["harts"][1:]), "the secondaries parked in WFI")
    need(max(q["depth_max"] for q in t["queues"].values()) > 0, "queue high-water marks")
elif case == "mixed-qos-map":
    need(c["tasks"] == 512, "config.tasks is the default actually used")
    need(sorted(crit) == ["ledger", "load", "priority", "starvation"], "mixed-qos criteria")
    need(all(x["verdict"] == "ok" for x in crit.values()), "criteria hold")
    need(all(h["runs"] > 0 for h in d["harts"]), "every hart ran its own load")
    need(c["hart_ids"] != list(range(8)), "the shuffle moved some hart")
elif case == "duration":
    need(c["duration_ns"] == 200_000_000 and c["timeout_ns"] is None, "duration mode config")
    need(w["stopped_by"] in ("duration", "completed") and w["ok"], "duration end is no FAIL")
    need(crit["alternation"]["verdict"] == "ok", "alternation")
    need(w["jobs_per_s"] > 0, "throughput reported")
elif case == "none":
    need(not w["ran"] and w["stopped_by"] is None and c["tasks"] == 0, "no workload")
    need(c["timeout_ns"] is None, "no timeout without a workload")
elif case == "stdout":
    need(out.lstrip().startswith("{") and err == "", "--quiet: stdout is only the JSON")
elif case == "stdout-text":
    need("KSELFTEST: smp online ok" in err and "stats" in err, "text went to stderr")
print("json.sh:", case, "ok")
PY
