#!/usr/bin/env bash
# Tests of tools/qemu-test.sh against a fake QEMU (fake-qemu.sh): the
# harness must fail every run the kernel does not pass, in both
# RUN_UNTIL_MARKER modes, and leave no QEMU behind. TAP output.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hs-harness.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/kernel.elf"
n=0
failed=0

# expect WANT_RC NAME ENV...: run the harness with ENV, compare its status.
expect() {
	local want=$1 name=$2 rc
	shift 2
	n=$((n + 1))
	env QEMU="$here/fake-qemu.sh" KERNEL="$tmp/kernel.elf" "$@" \
		bash "$root/tools/qemu-test.sh" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		echo "ok $n - $name (exit $rc)"
	else
		echo "not ok $n - $name: exit $rc, want $want"
		sed 's/^/# /' "$tmp/out"
		failed=$((failed + 1))
	fi
}

echo "1..13"
for until in 0 1; do
	expect 0 "pass, SMP=2, RUN_UNTIL_MARKER=$until" FAKE_QEMU_MODE=pass SMP=2 REQUIRE_SMP=1 \
		RUN_UNTIL_MARKER=$until RUN_TIMEOUT=20s
	expect 1 "ladder then exit 1 without a FAIL line, RUN_UNTIL_MARKER=$until" \
		FAKE_QEMU_MODE=silent-fail SMP=2 RUN_UNTIL_MARKER=$until RUN_TIMEOUT=20s
	expect 1 "ladder then KRESULT: FAIL, RUN_UNTIL_MARKER=$until" FAKE_QEMU_MODE=verdict-fail \
		SMP=2 RUN_UNTIL_MARKER=$until RUN_TIMEOUT=20s
	expect 1 "a rung printed twice, RUN_UNTIL_MARKER=$until" FAKE_QEMU_MODE=duplicate SMP=2 \
		RUN_UNTIL_MARKER=$until RUN_TIMEOUT=20s
done
expect 0 "pass, SMP=1" FAKE_QEMU_MODE=pass SMP=1 RUN_UNTIL_MARKER=1 RUN_TIMEOUT=20s
expect 2 "REQUIRE_SMP=1 with SMP=1 is a usage error" SMP=1 REQUIRE_SMP=1
expect 2 "RUN_TIMEOUT=5x is a usage error" SMP=2 RUN_TIMEOUT=5x

# A QEMU that ignores TERM: the harness fails at RUN_TIMEOUT and must KILL
# it (the whole process group), not leave it running.
expect 1 "a hang that ignores TERM fails at RUN_TIMEOUT" FAKE_QEMU_MODE=hang-deaf \
	FAKE_QEMU_PIDFILE="$tmp/qemu.pid" SMP=2 RUN_UNTIL_MARKER=1 RUN_TIMEOUT=2s
n=$((n + 1))
pid=$(cat "$tmp/qemu.pid" 2>/dev/null || echo "")
# alive PID: running and not a zombie awaiting its reaper.
alive() {
	kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null
}
# The KILL is asynchronous: give the process up to 3 s to be gone.
for _ in $(seq 30); do
	[ -n "$pid" ] && alive "$pid" || break
	sleep 0.1
done
if [ -z "$pid" ]; then
	echo "not ok $n - the deaf fake QEMU never started"
	failed=$((failed + 1))
elif alive "$pid"; then
	echo "not ok $n - the deaf fake QEMU (pid $pid) is still running"
	kill -KILL "$pid" 2>/dev/null
	failed=$((failed + 1))
else
	echo "ok $n - the deaf fake QEMU was stopped"
fi
[ "$failed" -eq 0 ]
