#!/usr/bin/env bash
# A real kernel console log (kernel-trace image, SMP=2, tests/emu/ktrace/good.log)
# turned into both formats by hartsched-trace: each passes tools/trace-check.py,
# and the two agree with each other.
# Usage: trace_convert.sh PYTHON CHECKER CONVERTER LOG
set -u
python=$1 checker=$2 convert=$3 log=$4
dir=$(mktemp -d "${TMPDIR:-/tmp}/hs-trace-convert.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$convert" --console "$log" --output "$dir/k.txt" || { echo "text conversion failed"; exit 1; }
"$convert" --console "$log" --output "$dir/k.json" --format json || { echo "json conversion failed"; exit 1; }
"$python" "$checker" --harts 2 --ladder --all-done "$dir/k.txt" || exit 1
"$python" "$checker" --harts 2 "$dir/k.txt" "$dir/k.json" || exit 1
grep -q ' sched_migrate_task: ' "$dir/k.txt" || { echo "no steal in the kernel's trace"; exit 1; }
grep -q ' ipi_entry: ' "$dir/k.txt" || { echo "no IPI trap in the kernel's trace"; exit 1; }
