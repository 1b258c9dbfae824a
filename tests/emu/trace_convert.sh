#!/usr/bin/env bash
# A real kernel console log (kernel-trace image, SMP=2, tests/emu/ktrace/good.log)
# turned into both formats by hartsched-trace: each passes tools/trace-check.py,
# and the two agree with each other; a dump whose ring goes back in time is
# converted with that said in the header, and the check refuses it.
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
# Two records of CPU 0's ring swapped: the ring is out of time order.
awk '/^KTRACE: 0 / && !done { if (held) { print; print held; done = 1; next } held = $0; next }
	{ print }' "$log" >"$dir/swapped.log"
"$convert" --console "$dir/swapped.log" --output "$dir/s.txt" || { echo "conversion of the swapped dump failed"; exit 1; }
grep -q '^# hartsched: ring order broken 1 times$' "$dir/s.txt" || { echo "the swap is not reported"; exit 1; }
if "$python" "$checker" "$dir/s.txt" >/dev/null 2>&1; then
	echo "trace-check accepted a ring out of time order"; exit 1
fi
