#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Boot the hartsched kernel under QEMU (virt, OpenSBI) and check its proof
# ladder. Exit 0 only on a real pass: every marker, the kernel's own "pass"
# verdict, and exactly SMP CPUs online. 1 on any failure; 2 on bad usage, a
# missing or unusable tool, or a KERNEL that is not a hartsched RISC-V
# image; 128 + the signal (130 INT, 143 TERM, 129 HUP) when interrupted.
#
# Knobs (environment). Unset means the default; set but empty is a usage
# error, like any value not listed here.
#   SMP=N               harts (default 1): 1 .. the kernel's max_cpus, which
#                       the harness reads from the image (kernel_max_cpus,
#                       64 by default)
#   TOPOLOGY=LIST       extra -smp topology, e.g. sockets=2 or
#                       sockets=2,cores=4 (keys sockets, clusters, dies,
#                       cores, threads; QEMU checks that they multiply up)
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
#   RUN_TIMEOUT=90s     deadline for the whole run: N (seconds), Ns, Nms or
#                       Nm, from 1ms to 24 hours; running out is a failure
#   TCG=multi|single    QEMU's TCG threading (default multi)
#   FIRMWARE=default|PATH  -bios argument: QEMU's own OpenSBI, or e.g.
#                       /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
#   KERNEL=PATH         kernel image (a riscv64 ELF) to boot; otherwise
#                       BUILD_DIR/kernel/kernel.elf, built first
#   BUILD_DIR=DIR       the build tree (default build, the one tools/run.sh
#                       and tools/test.sh use; configured with meson setup if
#                       it is not yet, then `ninja kernel/kernel.elf`)
#   LOG=PATH            keep the console log here (default: a temporary file,
#                       deleted on a pass, kept and named otherwise)
#   QEMU=PROGRAM        QEMU binary (default qemu-system-riscv64); it must
#                       answer --version with "QEMU emulator version"
#   WORKLOAD=NAME       none (default), or a kernel workload to run after the
#                       ladder: ping-pong, wake-remote, hog, yield-bench (and
#                       overflow, which must fail). Passed to the kernel as
#                       QEMU's -append "workload=NAME ..." (the device tree's
#                       /chosen/bootargs); the run then also requires the
#                       line "KWORKLOAD: NAME ledger ok ..." (docs/kernel.md)
#   WORKLOAD_TASKS=N    the workload's --tasks (default: the workload's own)
#   WORKLOAD_SEED=N     the workload's --seed (default 1, as the emulator's)
#   PYTHON=PROGRAM      runs tools/check-markers.py (default /usr/bin/python3
#                       when present: a version-manager shim on PATH can cost
#                       half a second per start)
#
# Proof commands:
#   SMP=2 REQUIRE_SMP=1 RUN_UNTIL_MARKER=1 RUN_TIMEOUT=90s ./tools/qemu-test.sh
#   SMP=1 RUN_UNTIL_MARKER=1 RUN_TIMEOUT=90s ./tools/qemu-test.sh
#
# Trace (docs/tracing.md): TRACE=FILE [TRACE_FORMAT=text|json] boots the
# kernel-trace image instead, and writes its scheduling trace to FILE in the
# emulator's format, checked by tools/trace-check.py: tools/qemu-trace.sh
# does it, with every knob above (KERNEL excepted).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -v TRACE ]]; then
	exec "$root/tools/qemu-trace.sh"
fi
checker="$root/tools/check-markers.py"
POLL_S=0.01 # log poll interval

usage_error() {
	echo "qemu-test: usage error: $*" >&2
	echo "qemu-test: see the knobs at the top of tools/qemu-test.sh or docs/kernel.md" >&2
	exit 2
}

# knob NAME DEFAULT ACCEPTED: set the shell variable NAME to the environment's
# value, or DEFAULT when unset; set but empty is a usage error naming what
# is accepted.
knob() {
	local name=$1 def=$2 accepted=$3
	if [[ -v $name ]]; then
		[[ -n ${!name} ]] || usage_error "$name is set but empty; accepted: $accepted"
	else
		printf -v "$name" '%s' "$def"
	fi
}

# parse_duration VALUE: milliseconds from N (seconds), Ns, Nms or Nm. At
# most 9 digits, so the arithmetic cannot overflow; fails on anything else.
parse_duration() {
	local v=$1 n
	[[ $v =~ ^([0-9]{1,9})(ms|s|m)?$ ]] || return 1
	n=$((10#${BASH_REMATCH[1]}))
	case ${BASH_REMATCH[2]} in
	ms) echo "$n" ;;
	m) echo $((n * 60000)) ;;
	*) echo $((n * 1000)) ;;
	esac
}

smp_accepted="an integer from 1 to the kernel's max_cpus (read from the image; 64 by default)"
topo_accepted="none, or KEY=N[,KEY=N...] with KEY one of sockets, clusters, dies, cores, threads"
timeout_accepted="N (seconds), Ns, Nms or Nm (e.g. 90, 90s, 1500ms, 2m), from 1ms to 24 hours"
knob SMP 1 "$smp_accepted"
knob TOPOLOGY none "$topo_accepted"
knob REQUIRE_SMP 0 "0 or 1"
knob RUN_UNTIL_MARKER 0 "0 or 1"
knob RUN_TIMEOUT 90s "$timeout_accepted"
knob TCG multi "multi or single"
knob FIRMWARE default "default, or the path of an OpenSBI image"
knob KERNEL "" "the path of a hartsched riscv64 kernel ELF"
knob BUILD_DIR build "a build directory (relative to the repository or absolute)"
knob LOG "" "a file path to keep the console log in"
knob QEMU qemu-system-riscv64 "a qemu-system-riscv64 program"
wl_accepted="none, or a workload name (lower-case letters and dashes, e.g. ping-pong)"
knob WORKLOAD none "$wl_accepted"
knob WORKLOAD_TASKS default "a positive integer (at most 9 digits)"
knob WORKLOAD_SEED 1 "a non-negative integer (at most 19 digits)"
if [[ ! -v PYTHON ]]; then
	if [[ -x /usr/bin/python3 ]]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
knob PYTHON python3 "a python3 program"

[[ $SMP =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "SMP='$SMP'; accepted: $smp_accepted"
if [[ $TOPOLOGY != none ]]; then
	[[ $TOPOLOGY =~ ^(sockets|clusters|dies|cores|threads)=[1-9][0-9]{0,3}(,(sockets|clusters|dies|cores|threads)=[1-9][0-9]{0,3})*$ ]] ||
		usage_error "TOPOLOGY='$TOPOLOGY'; accepted: $topo_accepted"
fi
[[ $REQUIRE_SMP == 0 || $REQUIRE_SMP == 1 ]] || usage_error "REQUIRE_SMP='$REQUIRE_SMP'; accepted: 0 or 1"
[[ $RUN_UNTIL_MARKER == 0 || $RUN_UNTIL_MARKER == 1 ]] ||
	usage_error "RUN_UNTIL_MARKER='$RUN_UNTIL_MARKER'; accepted: 0 or 1"
timeout_ms=$(parse_duration "$RUN_TIMEOUT") || usage_error "RUN_TIMEOUT='$RUN_TIMEOUT'; accepted: $timeout_accepted"
((timeout_ms >= 1 && timeout_ms <= 86400000)) || usage_error "RUN_TIMEOUT='$RUN_TIMEOUT' is out of range; accepted: $timeout_accepted"
[[ $TCG == multi || $TCG == single ]] || usage_error "TCG='$TCG'; accepted: multi or single"
[[ $WORKLOAD =~ ^[a-z][a-z-]{0,23}$ ]] || usage_error "WORKLOAD='$WORKLOAD'; accepted: $wl_accepted"
[[ $WORKLOAD_TASKS == default || $WORKLOAD_TASKS =~ ^[1-9][0-9]{0,8}$ ]] ||
	usage_error "WORKLOAD_TASKS='$WORKLOAD_TASKS'; accepted: a positive integer (at most 9 digits)"
[[ $WORKLOAD_SEED =~ ^[0-9]{1,19}$ ]] ||
	usage_error "WORKLOAD_SEED='$WORKLOAD_SEED'; accepted: a non-negative integer (at most 19 digits)"
append=()
if [[ $WORKLOAD != none ]]; then
	bootargs="workload=$WORKLOAD seed=$WORKLOAD_SEED"
	[[ $WORKLOAD_TASKS == default ]] || bootargs+=" tasks=$WORKLOAD_TASKS"
	append=(-append "$bootargs")
fi
if [[ $REQUIRE_SMP == 1 && $SMP -lt 2 ]]; then
	usage_error "REQUIRE_SMP=1 needs SMP>=2 (got SMP=$SMP): the SMP ladder cannot run on one hart"
fi

# The tools: present, and QEMU really is a QEMU that runs.
command -v "$QEMU" >/dev/null || usage_error "QEMU='$QEMU' not found (run tools/setup.sh); accepted: a qemu-system-riscv64 program"
command -v "$PYTHON" >/dev/null || usage_error "PYTHON='$PYTHON' not found (run tools/setup.sh); accepted: a python3 program"
qemu_version=$(timeout 20 "$QEMU" --version 2>&1 </dev/null)
qemu_version_rc=$?
if ((qemu_version_rc != 0)) || [[ $qemu_version != *"QEMU emulator version"* ]]; then
	usage_error "QEMU='$QEMU' does not run as QEMU: '$QEMU --version' exited $qemu_version_rc and printed '$(head -c 200 <<<"$qemu_version")'; accepted: a qemu-system-riscv64 program"
fi

if [[ $FIRMWARE == default ]]; then
	bios=default
else
	[[ -f $FIRMWARE ]] || usage_error "FIRMWARE='$FIRMWARE': no such file; accepted: default, or the path of an OpenSBI image"
	bios=$FIRMWARE
fi

if [[ -n $LOG ]]; then
	: >>"$LOG" 2>/dev/null || usage_error "LOG='$LOG' cannot be written; accepted: a file path to keep the console log in"
fi

# elf_problem FILE: empty when FILE is a 64-bit little-endian RISC-V ELF,
# else what it is not.
elf_problem() {
	local hdr
	hdr=$(od -An -tx1 -v -N20 "$1" 2>/dev/null | tr -d ' \n')
	if [[ ${hdr:0:8} != 7f454c46 ]]; then
		echo "not an ELF file"
	elif [[ ${hdr:8:2} != 02 || ${hdr:10:2} != 01 ]]; then
		echo "an ELF file, but not 64-bit little-endian"
	elif [[ ${hdr:36:4} != f300 ]]; then
		echo "an ELF file for machine 0x${hdr:38:2}${hdr:36:2}, not RISC-V (0xf3)"
	fi
}

# The kernel: given, or built (bounded) in BUILD_DIR.
if [[ -n $KERNEL ]]; then
	[[ -f $KERNEL ]] || usage_error "KERNEL='$KERNEL': no such file; accepted: the path of a hartsched riscv64 kernel ELF"
	kernel=$KERNEL
else
	build=$BUILD_DIR
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
problem=$(elf_problem "$kernel")
[[ -z $problem ]] || usage_error "KERNEL='$kernel' is $problem; accepted: the path of a hartsched riscv64 kernel ELF"
max_cpus=$(LC_ALL=C grep -a -o -m1 'hartsched-kernel max_cpus=[0-9]*' "$kernel" | head -n 1)
max_cpus=${max_cpus#hartsched-kernel max_cpus=}
[[ $max_cpus =~ ^[1-9][0-9]{0,3}$ ]] ||
	usage_error "KERNEL='$kernel' is a RISC-V ELF without the 'hartsched-kernel max_cpus=' tag (kernel/info.c): not a hartsched kernel, or one from before the tag"
if ((SMP > max_cpus)); then
	usage_error "SMP=$SMP is above this kernel's max_cpus=$max_cpus; accepted: an integer from 1 to $max_cpus (or rebuild with meson configure -Dkernel_max_cpus=N)"
fi

if ((SMP >= 2)); then
	mode=--smp
else
	mode=--up
fi
# The kernel's verdict line: the last required line of every run.
verdict_re='^KRESULT: pass( |$)'
smp_arg=$SMP
[[ $TOPOLOGY == none ]] || smp_arg="$SMP,$TOPOLOGY"

qemu_pid=""
log=""

# Stop our own QEMU, if it runs: TERM to its process group (setsid made
# $qemu_pid its leader), wait for the group to empty, bounded; KILL the
# group if any member ignores TERM. Never by name.
stop_qemu() {
	local i
	[[ -n $qemu_pid ]] || return 0
	kill -TERM -- "-$qemu_pid" 2>/dev/null
	for ((i = 0; i < 200; i++)); do
		kill -0 -- "-$qemu_pid" 2>/dev/null || break
		sleep 0.01
	done
	kill -0 -- "-$qemu_pid" 2>/dev/null && kill -KILL -- "-$qemu_pid" 2>/dev/null
	wait "$qemu_pid" 2>/dev/null
	qemu_pid=""
}

# INT, TERM or HUP (Ctrl-C, an outer timeout, a closed terminal): stop
# QEMU, name the log (kept: it shows how far the run got), exit 128 + signal.
on_signal() {
	local sig=$1 code=$2
	trap '' INT TERM HUP
	stop_qemu
	echo "qemu-test: INTERRUPTED by SIG$sig: QEMU stopped${log:+; console log kept: $log}" >&2
	exit "$code"
}
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

if [[ -n $LOG ]]; then
	log=$LOG
	: >"$log"
	temp_log=0
else
	log=$(mktemp "${TMPDIR:-/tmp}/qemu-test.XXXXXX.log")
	temp_log=1
fi

# QEMU in the background, console to the log, in a process group of its
# own (setsid) so that stopping it reaches QEMU itself, not only its
# wrapper; `timeout` is only the backstop (5 s past our own deadline):
# normally the poll loop decides.
setsid timeout --kill-after=5 $(((timeout_ms + 999) / 1000 + 5)) "$QEMU" -M virt -smp "$smp_arg" -m 128M \
	-nographic -no-reboot -accel "tcg,thread=$TCG" \
	-bios "$bios" -kernel "$kernel" "${append[@]}" </dev/null >"$log" 2>&1 &
qemu_pid=$!
start=$EPOCHREALTIME
deadline_us=$((${start/./} + timeout_ms * 1000))

# Poll the log. Bounded: one iteration per POLL_S until the deadline, plus slack.
outcome=""
max_polls=$((timeout_ms / 10 + 500))
for ((i = 0; i < max_polls; i++)); do
	if ! kill -0 "$qemu_pid" 2>/dev/null; then
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
	if ((${EPOCHREALTIME/./} > deadline_us)); then
		outcome=timeout
		break
	fi
	sleep $POLL_S
done
[[ -n $outcome ]] || outcome=timeout
end=$EPOCHREALTIME

qemu_rc=0
if [[ $outcome == exited ]]; then
	wait "$qemu_pid"
	qemu_rc=$?
	qemu_pid=""
else
	stop_qemu
fi

elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
boot_hart=$(sed -n 's/^KBOOT: hartsched [a-z-]*: boot hart \([0-9]*\) is cpu0.*/\1/p' "$log" | head -n 1)
what="smp=$smp_arg tcg=$TCG firmware=$(basename "$bios") boot_hart=${boot_hart:-?}"
[[ $WORKLOAD == none ]] || what+=" workload=$WORKLOAD"

fail() {
	local filtered
	echo "qemu-test: FAIL ($what): $*"
	# The checker names the first bad line, or the first missing marker.
	"$PYTHON" "$checker" $mode --cpus "$SMP" --verdict "$verdict_re" "$log"
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

# QEMU ended before the kernel printed its banner: it never got as far as
# booting the kernel (bad option, missing firmware, a program that is not
# QEMU after all). Say so, with what QEMU printed.
if [[ $outcome == exited ]] && ! grep -q '^KBOOT: ' "$log"; then
	echo "qemu-test: FAIL ($what): QEMU failed to start: it exited with status $qemu_rc before the kernel printed anything; QEMU's output:"
	head -n 20 "$log" | sed 's/^/  | /'
	echo "qemu-test: console log kept: $log"
	exit 1
fi

case $outcome in
timeout)
	fail "no verdict within RUN_TIMEOUT=$RUN_TIMEOUT (QEMU stopped)" ;;
bad-line)
	fail "the console reported a failure (QEMU stopped)" ;;
exited)
	if ((qemu_rc == 124 || qemu_rc == 137)); then
		fail "QEMU hit the backstop timeout (exit $qemu_rc)"
	elif ((qemu_rc != 0)); then
		fail "QEMU exited with status $qemu_rc (the kernel's verdict: failure)"
	fi
	;;
marker) ;;
esac

if ! check_out=$("$PYTHON" "$checker" $mode --cpus "$SMP" --verdict "$verdict_re" "$log"); then
	echo "$check_out"
	fail "markers"
fi

# A workload run passes only with the kernel's own ledger line for it.
if [[ $WORKLOAD != none ]] && ! grep -Eq "^KWORKLOAD: $WORKLOAD ledger ok( |\$)" "$log"; then
	fail "no 'KWORKLOAD: $WORKLOAD ledger ok' line (WORKLOAD=$WORKLOAD)"
fi
if [[ $outcome == marker ]]; then
	how="stopped at the kernel's verdict line"
else
	how="kernel exited 0"
fi
echo "qemu-test: PASS ($what): ${check_out#check-markers: PASS: }; $how after ${elapsed} s"
((temp_log)) && rm -f "$log"
exit 0
