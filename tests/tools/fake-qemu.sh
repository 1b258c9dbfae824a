#!/usr/bin/env bash
# A stand-in for qemu-system-riscv64 in the harness tests (harness.sh): it
# answers --version like QEMU, prints a console like the kernel's for the
# -smp it is given (its leading number), then ends the way FAKE_QEMU_MODE
# says. It ignores every other argument.
#   pass          the ladder, "KRESULT: pass ...", exit 0
#   silent-fail   the ladder (no FAIL line), no verdict, exit 1 (a stray hart)
#   verdict-fail  the ladder, "KRESULT: FAIL ...", exit 1
#   hang-deaf     the ladder, then ignore TERM and sleep (must be KILLed)
#   hang          the ladder, then sleep (TERM ends it)
#   duplicate     the ladder with one rung printed twice, then pass
#   fewer-cpus    a passing run on at most 8 CPUs, whatever -smp says
#   start-fail    a QEMU error on stderr, exit 1, no kernel output at all
# FAKE_QEMU_PIDFILE: the hang modes write their pid there.
set -u
smp=1
if [ "${1:-}" = --version ]; then
	echo "QEMU emulator version 7.2.0 (fake, tests/tools/fake-qemu.sh)"
	exit 0
fi
while [ $# -gt 0 ]; do
	[ "$1" = -smp ] && smp=${2%%,*}
	shift
done
mode=${FAKE_QEMU_MODE:-pass}
checker=$(dirname "$0")/../../tools/check-markers.py
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

if [ "$mode" = start-fail ]; then
	echo "qemu-system-riscv64: -smp $smp: fake start failure" >&2
	exit 1
fi
cpus=$smp
[ "$mode" = fewer-cpus ] && [ "$cpus" -gt 8 ] && cpus=8
if [ "$cpus" -ge 2 ]; then
	markers=$("$py" "$checker" --smp --print)
else
	markers=$("$py" "$checker" --up --print)
fi
echo "KBOOT: hartsched fake: boot hart 0 is cpu0, cpus=$cpus"
for ((k = 2; k < cpus; k++)); do
	echo "KINIT: cpu$k online"
done
while IFS= read -r m; do
	echo "$m"
	[ "$mode" = duplicate ] && [ "$m" = "KSELFTEST: cpuid tp ok" ] && echo "$m"
done <<<"$markers"

counts="cpus=$cpus cpus_online=$cpus"
case $mode in
pass | duplicate | fewer-cpus)
	echo "KRESULT: pass passed=11 failed=0 $counts stray_harts=0"
	exit 0
	;;
silent-fail)
	exit 1
	;;
verdict-fail)
	echo "KRESULT: FAIL passed=11 failed=1 $counts stray_harts=1"
	exit 1
	;;
hang-deaf | hang)
	[ "$mode" = hang-deaf ] && trap '' TERM
	echo "$$" >"${FAKE_QEMU_PIDFILE:?}"
	for _ in $(seq 600); do sleep 0.1; done
	exit 0
	;;
esac
echo "fake-qemu: unknown FAKE_QEMU_MODE=$mode" >&2
exit 3
