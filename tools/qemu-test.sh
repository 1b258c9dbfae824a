#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Boot the hartsched kernel under QEMU (virt, OpenSBI) and check its proof
# ladder. Exit 0 only on a real pass; 1 on any failure; 2 on bad usage or a
# missing tool.
#
# Knobs (environment):
#   SMP=N               harts (default 1)
#   REQUIRE_SMP=0|1     1: the SMP ladder is required; SMP<2 is then a usage
#                       error (exit 2). With SMP>=2 the SMP ladder is always
#                       required anyway: the kernel prints it whenever it has
#                       two or more harts, so a missing SMP marker is a real
#                       failure (see docs/kernel.md). With SMP=1 no SMP
#                       marker may appear.
#   RUN_UNTIL_MARKER=0|1  1: stop QEMU once the last required marker is seen;
#                       the last one is the kernel's verdict line
#                       "KRESULT: pass ..." (after the ladder; a failing kernel
#                       prints "KRESULT: FAIL ...", a failure line), so a
#                       stray hart or a failed kernel check is never cut off.
#                       0 (default): run until the kernel exits and require
#                       QEMU's exit status 0 (the kernel's own verdict) and
#                       the same markers and verdict line.
#   RUN_TIMEOUT=90s     deadline for the whole run (N, Ns, Nm); running out
#                       is a failure
#   TCG=multi|single    QEMU's TCG threading (default multi)
#   FIRMWARE=default|PATH  -bios argument: QEMU's own OpenSBI, or e.g.
#                       /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
#   KERNEL=PATH         kernel.elf to boot; otherwise it is built in BUILD_DIR
#   BUILD_DIR=DIR       build directory (default build-kernel; created with
#                       meson setup if needed, then `ninja kernel/kernel.elf`)
#   LOG=PATH            keep the console log here (default: a temporary file,
#                       deleted on a pass, kept and named on a failure)
#   QEMU=PROGRAM        QEMU binary (default qemu-system-riscv64)
#   PYTHON=PROGRAM      runs tools/check-markers.py (default /usr/bin/python3
#                       when present: a version-manager shim on PATH can cost
#                       half a second per start)
#
# Proof commands:
#   SMP=2 REQUIRE_SMP=1 RUN_UNTIL_MARKER=1 RUN_TIMEOUT=90s ./tools/qemu-test.sh
#   SMP=1 RUN_UNTIL_MARKER=1 RUN_TIMEOUT=90s ./tools/qemu-test.sh
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
checker="$root/tools/check-markers.py"

SMP=${SMP:-1}
REQUIRE_SMP=${REQUIRE_SMP:-0}
RUN_UNTIL_MARKER=${RUN_UNTIL_MARKER:-0}
RUN_TIMEOUT=${RUN_TIMEOUT:-90s}
TCG=${TCG:-multi}
FIRMWARE=${FIRMWARE:-default}
QEMU=${QEMU:-qemu-system-riscv64}
if [[ -z ${PYTHON:-} ]]; then
	if [[ -x /usr/bin/python3 ]]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
POLL_S=0.01 # log poll interval

usage_error() {
	echo "qemu-test: $*" >&2
	exit 2
}

# Seconds (integer) from N, Ns, Nm or Nh.
parse_timeout() {
	local v=$1
	if [[ $v =~ ^([0-9]+)(s|m|h)?$ ]]; then
		case ${BASH_REMATCH[2]} in
		m) echo $((BASH_REMATCH[1] * 60)) ;;
		h) echo $((BASH_REMATCH[1] * 3600)) ;;
		*) echo "${BASH_REMATCH[1]}" ;;
		esac
	else
		return 1
	fi
}

[[ $SMP =~ ^[1-9][0-9]*$ ]] || usage_error "SMP must be a positive integer (got '$SMP')"
[[ $REQUIRE_SMP == 0 || $REQUIRE_SMP == 1 ]] || usage_error "REQUIRE_SMP must be 0 or 1"
[[ $RUN_UNTIL_MARKER == 0 || $RUN_UNTIL_MARKER == 1 ]] || usage_error "RUN_UNTIL_MARKER must be 0 or 1"
[[ $TCG == multi || $TCG == single ]] || usage_error "TCG must be multi or single (got '$TCG')"
timeout_s=$(parse_timeout "$RUN_TIMEOUT") || usage_error "RUN_TIMEOUT must look like 90, 90s or 2m (got '$RUN_TIMEOUT')"
((timeout_s > 0)) || usage_error "RUN_TIMEOUT must be positive"
if [[ $REQUIRE_SMP == 1 && $SMP -lt 2 ]]; then
	usage_error "REQUIRE_SMP=1 needs SMP>=2 (got SMP=$SMP): the SMP ladder cannot run on one hart"
fi
command -v "$QEMU" >/dev/null || usage_error "$QEMU not found (run tools/setup.sh)"
command -v "$PYTHON" >/dev/null || usage_error "$PYTHON not found (run tools/setup.sh)"

if [[ $FIRMWARE == default ]]; then
	bios=default
else
	[[ -f $FIRMWARE ]] || usage_error "FIRMWARE file not found: $FIRMWARE"
	bios=$FIRMWARE
fi

# The kernel: given, or built (bounded) in BUILD_DIR.
if [[ -n ${KERNEL:-} ]]; then
	[[ -f $KERNEL ]] || usage_error "KERNEL not found: $KERNEL"
	kernel=$KERNEL
else
	build=${BUILD_DIR:-build-kernel}
	[[ $build == /* ]] || build="$root/$build"
	if [[ ! -f $build/build.ninja ]]; then
		echo "qemu-test: configuring $build"
		timeout 600 meson setup "$build" "$root" >/dev/null ||
			{ echo "qemu-test: FAIL: meson setup $build failed" >&2; exit 1; }
	fi
	timeout 900 ninja -C "$build" kernel/kernel.elf >/dev/null ||
		{ echo "qemu-test: FAIL: building kernel/kernel.elf in $build failed" >&2; exit 1; }
	kernel=$build/kernel/kernel.elf
	[[ -f $kernel ]] || { echo "qemu-test: FAIL: $kernel was not built (riscv64 toolchain missing? run tools/setup.sh)" >&2; exit 1; }
fi

if ((SMP >= 2)); then
	mode=--smp
else
	mode=--up
fi
# The kernel's verdict line: the last required line of every run.
verdict_re='^KRESULT: pass( |$)'

if [[ -n ${LOG:-} ]]; then
	log=$LOG
	keep_log=1
	: >"$log" || usage_error "cannot write LOG=$log"
else
	log=$(mktemp "${TMPDIR:-/tmp}/qemu-test.XXXXXX.log")
	keep_log=0
fi

# QEMU in the background, console to the log, in a process group of its
# own (setsid) so that stopping it reaches QEMU itself, not only its
# wrapper; `timeout` is only the backstop (5 s past our own deadline):
# normally the poll loop decides.
setsid timeout --kill-after=5 $((timeout_s + 5)) "$QEMU" -M virt -smp "$SMP" -m 128M \
	-nographic -no-reboot -accel "tcg,thread=$TCG" \
	-bios "$bios" -kernel "$kernel" </dev/null >"$log" 2>&1 &
pid=$!
start=$EPOCHREALTIME
deadline_us=$(( ${start/./} + timeout_s * 1000000 ))

# Poll the log. Bounded: one iteration per POLL_S until the deadline, plus slack.
outcome=""
max_polls=$(( timeout_s * 100 + 500 ))
for ((i = 0; i < max_polls; i++)); do
	if ! kill -0 "$pid" 2>/dev/null; then
		outcome=exited
		break
	fi
	if grep -Eqi '\bFAIL\b|\bpanic\b|unexpected trap' "$log"; then
		outcome=bad-line
		break
	fi
	if [[ $RUN_UNTIL_MARKER == 1 ]] && grep -qE "$verdict_re" "$log"; then
		outcome=marker
		break
	fi
	if (( ${EPOCHREALTIME/./} > deadline_us )); then
		outcome=timeout
		break
	fi
	sleep $POLL_S
done
[[ -n $outcome ]] || outcome=timeout
end=$EPOCHREALTIME

qemu_rc=0
if [[ $outcome == exited ]]; then
	wait "$pid"
	qemu_rc=$?
else
	# Stop our own QEMU: TERM to its process group (setsid made $pid its
	# leader), wait for the group to empty, bounded; KILL the group if any
	# member ignores TERM.
	kill -TERM -- "-$pid" 2>/dev/null
	for ((i = 0; i < 200; i++)); do
		kill -0 -- "-$pid" 2>/dev/null || break
		sleep 0.01
	done
	kill -0 -- "-$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
fi

elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
boot_hart=$(sed -n 's/^KBOOT: hartsched [a-z-]*: boot hart \([0-9]*\) is cpu0.*/\1/p' "$log" | head -n 1)
what="smp=$SMP tcg=$TCG firmware=$(basename "$bios") boot_hart=${boot_hart:-?}"

fail() {
	local filtered
	echo "qemu-test: FAIL ($what): $*"
	# The checker names the first bad line, or the first missing marker.
	"$PYTHON" "$checker" $mode --verdict "$verdict_re" "$log"
	# After a bad line, also name the first marker that is missing. (The
	# checker's output is captured whole first: grep -m1 on a pipe would
	# close it under the checker.)
	if grep -Eqi '\bFAIL\b|\bpanic\b|unexpected trap' "$log"; then
		filtered=$(mktemp "${TMPDIR:-/tmp}/qemu-test.XXXXXX.filtered")
		grep -Evi '\bFAIL\b|\bpanic\b|unexpected trap' "$log" >"$filtered"
		missing=$("$PYTHON" "$checker" $mode "$filtered")
		grep -m1 'first missing marker' <<<"$missing" || true
		rm -f "$filtered"
	fi
	echo "qemu-test: console log kept: $log"
	exit 1
}

case $outcome in
timeout)
	fail "no verdict within RUN_TIMEOUT=$RUN_TIMEOUT (QEMU stopped)" ;;
bad-line)
	fail "the console reported a failure (QEMU stopped)" ;;
exited)
	if ((qemu_rc == 124 || qemu_rc == 137)); then
		fail "QEMU hit the backstop timeout (exit $qemu_rc)"
	elif ((qemu_rc != 0)); then
		fail "QEMU exited with status $qemu_rc (kernel verdict: failure)"
	fi
	;;
marker) ;;
esac

if ! check_out=$("$PYTHON" "$checker" $mode --verdict "$verdict_re" "$log"); then
	echo "$check_out"
	fail "markers"
fi

if [[ $outcome == marker ]]; then
	how="stopped at the kernel's verdict line"
else
	how="kernel exited 0"
fi
echo "qemu-test: PASS ($what): ${check_out#check-markers: PASS: }; $how after ${elapsed} s"
((keep_log)) || rm -f "$log"
exit 0
