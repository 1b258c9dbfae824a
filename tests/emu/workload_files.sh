#!/usr/bin/env bash
# The example workload files in docs/workloads/ produce the same results as
# the built-in workloads they describe: both pass their ledger and criteria,
# run the same number of slices in all and per class (spawn-storm draws each
# task's class at random, the file fixes the mix: per class within 3 % of
# all slices), with the same seed and hart count.
# Usage: workload_files.sh EMU WORKLOAD_DIR NAME [harts]
set -u
emu=$1 wdir=$2 name=$3 harts=${4:-2}
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-emu-wlf.XXXXXX")
trap 'rm -rf "$dir"' EXIT
timeout 60 "$emu" --no-selftest --harts "$harts" --workload "$name" --json "$dir/builtin.json" \
	>"$dir/builtin.out" 2>&1 || { echo "workload_files.sh: built-in $name failed"; tail -n 20 "$dir/builtin.out"; exit 1; }
timeout 60 "$emu" --no-selftest --harts "$harts" --workload-file "$wdir/$name.json" \
	--json "$dir/file.json" >"$dir/file.out" 2>&1 ||
	{ echo "workload_files.sh: $name.json failed"; tail -n 20 "$dir/file.out"; exit 1; }
python3 - "$dir/builtin.json" "$dir/file.json" "$name" <<'PY'
import json, sys
b, f, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
def slices(d):
    lat = d["latency_ns"]
    return {q: lat["queue_wait"][q]["count"] + lat["wakeup"][q]["count"] for q in lat["queue_wait"]}
def need(cond, what):
    if not cond:
        print("workload_files.sh:", name + ":", what)
        print("  built-in:", b["totals"]["runs"], slices(b))
        print("  file:    ", f["totals"]["runs"], slices(f))
        sys.exit(1)
need(b["workload"]["ok"] and f["workload"]["ok"], "both pass")
need(f["config"]["workload"] == name and f["config"]["workload_file"].endswith(name + ".json"),
     "the file's name is reported")
need(b["totals"]["runs"] == f["totals"]["runs"], "same slices in all")
sb, sf, total = slices(b), slices(f), b["totals"]["runs"]
tol = 0.03 * total if name == "spawn-storm" else 0
need(all(abs(sb[q] - sf[q]) <= tol for q in sb), "same slices per class")
print("workload_files.sh:", name, "ok:", total, "slices,", sf)
PY
