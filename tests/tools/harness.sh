#!/usr/bin/env bash
# Tests of tools/qemu-test.sh against a fake QEMU (fake-qemu.sh) and fake
# kernel images: the harness must fail every run the kernel does not pass,
# in both RUN_UNTIL_MARKER modes, refuse bad knobs, tools and images up
# front, pass only when exactly SMP CPUs came online, and leave no QEMU
# behind, whether a run ends by itself, by its deadline or by a signal.
# TAP output.
set -u
# Knobs from the caller's environment must not leak into the runs.
unset SMP TOPOLOGY REQUIRE_SMP RUN_UNTIL_MARKER RUN_TIMEOUT TCG FIRMWARE KERNEL BUILD_DIR LOG QEMU PYTHON
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hs-harness.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
planned=33

# fake_kernel FILE MAX: a riscv64 ELF header and the max_cpus tag of kernel/info.c.
fake_kernel() {
	{
		printf '\177ELF\002\001\001'
		printf '\0%.0s' {1..11}
		printf '\363\0'
		printf '\0%.0s' {1..44}
		printf 'hartsched-kernel max_cpus=%s\n' "$2"
	} >"$1"
}
fake_kernel "$tmp/kernel.elf" 64
fake_kernel "$tmp/kernel-max8.elf" 8
# The same header for x86-64 (machine 0x3e), and no ELF at all.
sed 's/\xf3/\x3e/' "$tmp/kernel.elf" >"$tmp/x86.elf"
echo "hartsched-kernel max_cpus=64" >"$tmp/text.elf"
# A riscv64 ELF header without the tag: some other RISC-V program.
head -c 64 "$tmp/kernel.elf" >"$tmp/untagged.elf"

# result OK NAME DETAIL: one TAP line; DETAIL and the output on failure.
result() {
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2: $3"
		sed 's/^/# /' "$tmp/out"
		failed=$((failed + 1))
	fi
}

# run ENV...: the harness with the fake QEMU and kernel and ENV; sets rc and
# ms (wall time), output in $tmp/out.
run() {
	local t0=${EPOCHREALTIME/./}
	# TMPDIR: the logs the harness keeps for failing runs stay in $tmp.
	env TMPDIR="$tmp" QEMU="$here/fake-qemu.sh" KERNEL="$tmp/kernel.elf" "$@" \
		bash "$root/tools/qemu-test.sh" >"$tmp/out" 2>&1
	rc=$?
	ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
}

# expect WANT_RC NAME ENV...: run, compare the status.
expect() {
	local want=$1 name=$2
	shift 2
	run "$@"
	[ "$rc" -eq "$want" ] && ok=1 || ok=0
	result "$ok" "$name (exit $rc)" "exit $rc, want $want"
}

# expect_says WANT_RC NAME TEXT ENV...: also the output must contain TEXT.
expect_says() {
	local want=$1 name=$2 text=$3
	shift 3
	run "$@"
	if [ "$rc" -eq "$want" ] && grep -qF -- "$text" "$tmp/out"; then ok=1; else ok=0; fi
	result "$ok" "$name (exit $rc)" "exit $rc, want $want and '$text' in the output"
}

# alive PID: running and not a zombie awaiting its reaper.
alive() {
	kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null
}

# gone PID: true once PID is gone, waiting up to 3 s (a KILL is asynchronous).
gone() {
	local _i
	for _i in $(seq 30); do
		alive "$1" || return 0
		sleep 0.1
	done
	return 1
}

echo "1..$planned"
for until in 0 1; do
	expect 0 "pass, SMP=2, RUN_UNTIL_MARKER=$until" FAKE_QEMU_MODE=pass SMP=2 REQUIRE_SMP=1 \
		RUN_UNTIL_MARKER=$until RUN_TIMEOUT=20s
	expect 1 "ladder then exit 1 without a FAIL line, RUN_UNTIL_MARKER=$until" \
		FAKE_QEMU_MODE=silent-fail SMP=2 RUN_UNTIL_MARKER=$until RUN_TIMEOUT=20s
	expect 1 "ladder then KRESULT: FAIL, RUN_UNTIL_MARKER=$until" FAKE_QEMU_MODE=verdict-fail \
		SMP=2 RUN_UNTIL_MARKER=$until RUN_TIMEOUT=20s
	expect 1 "a rung printed twice, RUN_UNTIL_MARKER=$until" FAKE_QEMU_MODE=duplicate SMP=2 \
		RUN_UNTIL_MARKER=$until RUN_TIMEOUT=20s
	# A PASS means exactly SMP CPUs online, not "some SMP ladder ran".
	expect_says 1 "SMP=16 but the kernel reports 8 CPUs, RUN_UNTIL_MARKER=$until" \
		"asked for 16 CPUs" FAKE_QEMU_MODE=fewer-cpus SMP=16 RUN_UNTIL_MARKER=$until \
		RUN_TIMEOUT=20s
done
expect 0 "pass, SMP=1" FAKE_QEMU_MODE=pass SMP=1 RUN_UNTIL_MARKER=1 RUN_TIMEOUT=20s
expect 0 "pass, SMP=64 (the kernel's max_cpus)" FAKE_QEMU_MODE=pass SMP=64 RUN_UNTIL_MARKER=1 \
	RUN_TIMEOUT=20s
expect 0 "pass, SMP=8 with TOPOLOGY=sockets=2,cores=4" FAKE_QEMU_MODE=pass SMP=8 \
	TOPOLOGY=sockets=2,cores=4 RUN_TIMEOUT=20s

# Usage errors (exit 2), each naming what is accepted.
expect 2 "REQUIRE_SMP=1 with SMP=1 is a usage error" SMP=1 REQUIRE_SMP=1
expect_says 2 "SMP above the kernel's max_cpus (8) is a usage error" "max_cpus=8" \
	KERNEL="$tmp/kernel-max8.elf" FAKE_QEMU_MODE=pass SMP=9 RUN_TIMEOUT=20s
expect_says 2 "SMP='' is a usage error, not SMP=1" "accepted: an integer from 1" SMP= \
	FAKE_QEMU_MODE=pass RUN_TIMEOUT=20s
expect_says 2 "SMP=0 is a usage error" "accepted: an integer from 1" SMP=0
expect_says 2 "TCG='' is a usage error" "accepted: multi or single" TCG= FAKE_QEMU_MODE=pass
expect_says 2 "TOPOLOGY=bogus is a usage error" "accepted: none, or KEY=N" TOPOLOGY=bogus SMP=2
expect_says 2 "RUN_TIMEOUT=5x is a usage error" "accepted: N (seconds), Ns, Nms or Nm" SMP=2 \
	RUN_TIMEOUT=5x
expect_says 2 "RUN_TIMEOUT=999999999999999999999 is a usage error, not an instant timeout" \
	"accepted: N (seconds)" SMP=2 RUN_TIMEOUT=999999999999999999999
expect_says 2 "RUN_TIMEOUT=1500m (25 hours) is out of range" "out of range" SMP=2 RUN_TIMEOUT=1500m
expect 0 "RUN_TIMEOUT=20000ms (a unit of ms) is accepted" FAKE_QEMU_MODE=pass SMP=2 \
	RUN_TIMEOUT=20000ms

# Tools and images refused up front.
expect_says 2 "QEMU=/bin/false is reported as a QEMU that does not run" "does not run as QEMU" \
	QEMU=/bin/false SMP=2
expect_says 1 "a QEMU that exits before the kernel prints is reported as failing to start" \
	"QEMU failed to start" FAKE_QEMU_MODE=start-fail SMP=2 RUN_TIMEOUT=20s
run KERNEL="$tmp/x86.elf" FAKE_QEMU_MODE=pass SMP=2 RUN_TIMEOUT=20s
[ "$rc" -eq 2 ] && [ "$ms" -lt 5000 ] && grep -q "not RISC-V" "$tmp/out" && ok=1 || ok=0
result "$ok" "an x86-64 KERNEL is refused at once (exit $rc, ${ms} ms)" "exit $rc after ${ms} ms"
expect_says 2 "a KERNEL that is not an ELF file is refused" "not an ELF file" \
	KERNEL="$tmp/text.elf" FAKE_QEMU_MODE=pass SMP=2
expect_says 2 "a RISC-V ELF without the max_cpus tag is refused" "not a hartsched kernel" \
	KERNEL="$tmp/untagged.elf" FAKE_QEMU_MODE=pass SMP=2

# A QEMU that ignores TERM: the harness fails at RUN_TIMEOUT and must KILL
# it (the whole process group), not leave it running.
rm -f "$tmp/qemu.pid"
expect 1 "a hang that ignores TERM fails at RUN_TIMEOUT" FAKE_QEMU_MODE=hang-deaf \
	FAKE_QEMU_PIDFILE="$tmp/qemu.pid" SMP=2 RUN_UNTIL_MARKER=1 RUN_TIMEOUT=2s
pid=$(cat "$tmp/qemu.pid" 2>/dev/null || echo "")
if [ -n "$pid" ] && gone "$pid"; then ok=1; else ok=0; fi
result "$ok" "the deaf fake QEMU was stopped" "pid '${pid}' still running or never started"
[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null

# interrupt SIG WANT_RC MODE: start the harness on a hanging QEMU, send SIG
# once QEMU runs (INT to the harness's whole process group, as Ctrl-C does;
# TERM to the harness alone, as an outer `timeout` does), then check: the
# exit status, that QEMU is gone, and that the temporary log is either
# removed or named in the output. Job control gives the harness a process
# group of its own and keeps INT from being ignored in a background job.
interrupt() {
	local sig=$1 want=$2 mode=$3 hpid qpid i logs_ok=1 f
	rm -f "$tmp/qemu.pid"
	rm -rf "$tmp/t"
	mkdir -p "$tmp/t"
	set -m
	env TMPDIR="$tmp/t" QEMU="$here/fake-qemu.sh" KERNEL="$tmp/kernel.elf" FAKE_QEMU_MODE=$mode \
		FAKE_QEMU_PIDFILE="$tmp/qemu.pid" SMP=2 RUN_TIMEOUT=60s \
		bash "$root/tools/qemu-test.sh" >"$tmp/out" 2>&1 &
	hpid=$!
	set +m
	for i in $(seq 100); do
		[ -s "$tmp/qemu.pid" ] && break
		sleep 0.05
	done
	qpid=$(cat "$tmp/qemu.pid" 2>/dev/null || echo "")
	if [ "$sig" = INT ]; then
		kill -INT -- "-$hpid" 2>/dev/null
	else
		kill -TERM "$hpid" 2>/dev/null
	fi
	wait "$hpid"
	rc=$?
	for f in "$tmp"/t/qemu-test.*; do
		[ -e "$f" ] || continue
		grep -qF -- "$f" "$tmp/out" || logs_ok=0
	done
	if [ "$rc" -eq "$want" ] && [ -n "$qpid" ] && gone "$qpid" && [ "$logs_ok" = 1 ] &&
		grep -q "INTERRUPTED by SIG$sig" "$tmp/out"; then
		ok=1
	else
		ok=0
	fi
	result "$ok" "SIG$sig to the harness ($mode QEMU): exit $rc, QEMU gone, log named or removed" \
		"exit $rc (want $want), qemu pid '$qpid' $(alive "${qpid:-0}" && echo alive || echo gone), logs named: $logs_ok"
	[ -n "$qpid" ] && kill -KILL "$qpid" 2>/dev/null
}
interrupt INT 130 hang
interrupt TERM 143 hang
interrupt TERM 143 hang-deaf

[ "$n" -eq "$planned" ] || echo "# ran $n tests, planned $planned"
[ "$failed" -eq 0 ] && [ "$n" -eq "$planned" ]
