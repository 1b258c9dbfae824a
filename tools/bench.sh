#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Run hartsched's microbenchmarks side by side with the peer implementations
# and, for a full run, regenerate docs/benchmarks.png and the generated
# section of docs/benchmarks.md.
#
# Usage: tools/bench.sh [--quick] [--docs | --no-docs] [--no-kernel] [-- HS-BENCH-ARGS...]
#   --quick      CI-sized run (seconds); docs are left alone unless --docs
#   --no-kernel  skip the QEMU boot that looks for the kernel's KBENCH line
#   HS-BENCH-ARGS  passed to hs-bench (e.g. --reps 11, --case local,remote)
#
# Environment:
#   BUILD_DIR=DIR     build directory (default build-bench; configured if needed)
#   OUT_DIR=DIR       where the JSON and logs go (default $BUILD_DIR/bench)
#   QUIET_LOAD=X      before each benchmark binary, wait (at most QUIET_WAIT
#   QUIET_WAIT=SECS   seconds, default 600) for the 1-minute load average to
#                     drop below X; the machine is shared, and other work is
#                     noise. Unset: do not wait.
#   NICE=N            run the benchmark binaries under `nice -n N` (e.g. -10 on
#                     a shared machine; negative needs root); recorded in the JSON
#   PYTHON=PROGRAM    runs tools/bench-plot.py (default: /usr/bin/python3 when
#                     it has matplotlib)
#
# Steps: build; hs-bench (every scheduler workload, every implementation, one
# process); hs-bench-ipi (the emulator's resched IPI next to the raw signal
# floor in one process, and the emulator ladder's wall time); the QEMU kernel
# (the kernel-bench image) at SMP=2 through tools/qemu-test.sh, whose console
# is searched for its "KBENCH: ipi_rtt_ticks p50=N p99=N" line; the
# simulator's own speed (hartsched-explore's yield points per second on five
# scenario/strategy pairs, 20000 runs each, 2000 with --quick); then
# tools/bench-plot.py.
# Exit status: 0 when every ledger held (never depends on speed), 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

quick=0
docs=auto
kernel=1
bench_args=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--quick) quick=1 ;;
	--docs) docs=1 ;;
	--no-docs) docs=0 ;;
	--no-kernel) kernel=0 ;;
	--) shift; bench_args=("$@"); break ;;
	-h | --help) sed -n '3,30p' "$0"; exit 0 ;;
	*) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
[[ $docs == auto ]] && docs=$((1 - quick))

build=${BUILD_DIR:-build-bench}
out=${OUT_DIR:-$build/bench}
mode=()
[[ $quick == 1 ]] && mode=(--quick)

if [[ -z ${PYTHON:-} ]]; then
	PYTHON=python3
	if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
		PYTHON=/usr/bin/python3
	fi
fi

# Wait (bounded) for a quiet machine when QUIET_LOAD is set.
wait_quiet() {
	[[ -n ${QUIET_LOAD:-} ]] || return 0
	local waited=0 limit=${QUIET_WAIT:-600} load
	while :; do
		load=$(cut -d' ' -f1 /proc/loadavg)
		if awk -v l="$load" -v q="$QUIET_LOAD" 'BEGIN { exit !(l < q) }'; then
			return 0
		fi
		if ((waited >= limit)); then
			echo "bench.sh: load average still $load after ${limit}s; running anyway" >&2
			return 0
		fi
		sleep 5
		waited=$((waited + 5))
	done
}

if [[ ! -f $build/build.ninja ]]; then
	meson setup "$build"
fi
# The benchmarks are required; the emulator and the kernel are extras whose
# absence (or a broken build of them) only removes their figures.
ninja -C "$build" bench/hs-bench bench/hs-bench-ipi
have_emu=0
have_kernel=0
if ninja -C "$build" emu/hartsched-emu >/dev/null 2>&1; then have_emu=1; fi
if ninja -C "$build" kernel/kernel-bench.elf >/dev/null 2>&1; then have_kernel=1; fi
mkdir -p "$out"

run=()
if [[ -n ${NICE:-} ]]; then
	run=(nice -n "$NICE")
fi

status=0
wait_quiet
"${run[@]}" "$build/bench/hs-bench" "${mode[@]}" --json "$out/hs-bench.json" "${bench_args[@]}" |
	tee "$out/hs-bench.txt" || status=1

# The kernel's figure: only from a line the kernel itself printed.
ipi_args=()
# The kernel-bench image: the ladder, then the IPI round trip in rdtime ticks.
elf=$build/kernel/kernel-bench.elf
if [[ $kernel == 0 ]]; then
	ipi_args+=(--kernel-note "skipped (--no-kernel)")
elif [[ $have_kernel == 1 ]] && command -v qemu-system-riscv64 >/dev/null; then
	klog=$out/kernel-smp2.log
	rm -f "$klog"
	if SMP=2 RUN_UNTIL_MARKER=0 RUN_TIMEOUT=90s KERNEL=$elf LOG=$klog \
		tools/qemu-test.sh >"$out/kernel-smp2.txt" 2>&1; then
		kstatus=passed
	else
		kstatus="FAILED (see $out/kernel-smp2.txt)"
	fi
	kline=$(grep -m1 -a 'KBENCH: ipi_rtt_ticks' "$klog" 2>/dev/null | tr -d '\r' || true)
	if [[ -n $kline ]]; then
		ipi_args+=(--kernel-line "$kline")
	else
		ipi_args+=(--kernel-note "the kernel printed no 'KBENCH: ipi_rtt_ticks p50=N p99=N' line (QEMU SMP=2 run $kstatus)")
	fi
else
	ipi_args+=(--kernel-note "kernel-bench.elf did not build or qemu-system-riscv64 is missing")
fi

emu=$build/emu/hartsched-emu
if [[ $have_emu == 1 ]]; then
	ipi_args+=(--ladder-exe "$emu" --ladder-args "--harts=2 --selftest --workload=none")
fi
wait_quiet
"${run[@]}" "$build/bench/hs-bench-ipi" "${mode[@]}" --json "$out/hs-bench-ipi.json" "${ipi_args[@]}" |
	tee "$out/hs-bench-ipi.txt" || status=1

# The simulator's own speed: yield points per second of hartsched-explore
# on fixed scenarios (its summary's stderr line), into sim-speed.json.
plot_sim=()
if ninja -C "$build" emu/sim/hartsched-explore >/dev/null 2>&1; then
	sim_runs=()
	[[ ${mode[*]} == *--quick* ]] && sim_n=2000 || sim_n=20000
	for spec in rq-race:random rq-race:pct hotplug:random ipi:random ladder:random; do
		sc=${spec%%:*} st=${spec##*:}
		line=$("${run[@]}" "$build/emu/sim/hartsched-explore" --scenario "$sc" \
			--strategy "$st" --seeds "$sim_n" 2>&1 >/dev/null | grep 'yield points per second') ||
			{ status=1; continue; }
		steps=$("$build/emu/sim/hartsched-explore" --scenario "$sc" --strategy "$st" \
			--seeds "$sim_n" 2>/dev/null | sed -n 's/.* steps=\([0-9]*\) .*/\1/p')
		rate=$(sed -n 's/.*: \([0-9]*\) yield points per second (\([0-9.]*\) s).*/\1 \2/p' <<<"$line")
		sim_runs+=("{\"scenario\": \"$sc\", \"strategy\": \"$st\", \"runs\": $sim_n, \"steps\": $steps, \"per_second\": ${rate% *}, \"seconds\": ${rate#* }}")
		echo "bench.sh: simulator $sc/$st: $line"
	done
	(IFS=,; echo "{\"runs\": [${sim_runs[*]}]}") >"$out/sim-speed.json"
	plot_sim=(--sim "$out/sim-speed.json")
fi

if [[ $docs == 1 ]]; then
	repro="tools/bench.sh"
	[[ -n ${NICE:-} ]] && repro="NICE=$NICE $repro"
	[[ -n ${QUIET_WAIT:-} ]] && repro="QUIET_WAIT=$QUIET_WAIT $repro"
	[[ -n ${QUIET_LOAD:-} ]] && repro="QUIET_LOAD=$QUIET_LOAD $repro"
	[[ ${#bench_args[@]} -gt 0 ]] && repro+=" -- ${bench_args[*]}"
	"$PYTHON" tools/bench-plot.py --sched "$out/hs-bench.json" --ipi "$out/hs-bench-ipi.json" \
		"${plot_sim[@]}" --png docs/benchmarks.png --md docs/benchmarks.md \
		--reproduce "$repro" || status=1
	echo "bench.sh: wrote docs/benchmarks.png and docs/benchmarks.md"
else
	"$PYTHON" tools/bench-plot.py --sched "$out/hs-bench.json" --ipi "$out/hs-bench-ipi.json" \
		--png "$out/benchmarks.png" || status=1
	echo "bench.sh: plot in $out/benchmarks.png (docs untouched)"
fi
exit $status
