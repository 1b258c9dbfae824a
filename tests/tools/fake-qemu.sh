#!/usr/bin/env bash
# A stand-in for qemu-system-riscv64 in the harness tests (harness.sh): it
# prints a console like the kernel's for the -smp it is given, then ends
# the way FAKE_QEMU_MODE says. It ignores every other argument.
#   pass          the ladder, "KRESULT: pass ...", exit 0
#   silent-fail   the ladder (no FAIL line), no verdict, exit 1 (a stray hart)
#   verdict-fail  the ladder, "KRESULT: FAIL ...", exit 1
#   hang-deaf     the ladder, then ignore TERM and sleep (must be KILLed)
#   duplicate     the ladder with one rung printed twice, then pass
set -u
smp=1
while [ $# -gt 0 ]; do
	[ "$1" = -smp ] && smp=$2
	shift
done
mode=${FAKE_QEMU_MODE:-pass}
checker=$(dirname "$0")/../../tools/check-markers.py
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

if [ "$smp" -ge 2 ]; then
	markers=$("$py" "$checker" --smp --print)
else
	markers=$("$py" "$checker" --up --print)
fi
echo "KBOOT: hartsched fake: boot hart 0 is cpu0"
while IFS= read -r m; do
	echo "$m"
	[ "$mode" = duplicate ] && [ "$m" = "KSELFTEST: cpuid tp ok" ] && echo "$m"
done <<<"$markers"

case $mode in
pass | duplicate)
	echo "KRESULT: pass passed=11 failed=0 stray_harts=0"
	exit 0
	;;
silent-fail)
	exit 1
	;;
verdict-fail)
	echo "KRESULT: FAIL passed=11 failed=1 stray_harts=1"
	exit 1
	;;
hang-deaf)
	trap '' TERM
	echo "$$" >"${FAKE_QEMU_PIDFILE:?}"
	for _ in $(seq 600); do sleep 0.1; done
	exit 0
	;;
esac
echo "fake-qemu: unknown FAKE_QEMU_MODE=$mode" >&2
exit 3
