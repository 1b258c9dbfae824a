#!/usr/bin/env python3
"""Check a hartsched console log against the proof ladder.

Usage: check-markers.py [--smp | --up] [--markers FILE] LOG

Passes (exit 0) only when every required marker appears, in order, and no
line reports FAIL, a panic or an unexpected trap. Prints the first missing
marker and an excerpt of the log otherwise (exit 1). Exit 2: bad usage.
Shared by the emulator tests and tools/qemu-test.sh.
"""
import argparse
import re
import sys

SMP_MARKERS = [
    "KINIT: cpu1 online",
    "KSELFTEST: smp online ok",
    "KSELFTEST: ipi counterfactual ok",
    "KSELFTEST: ipi resched ok",
    "KSELFTEST: test_reject_invalid_ipi_target_cpu ok",
    "KSELFTEST: test_reject_offline_cpu_resched ok",
    "KSELFTEST: work stealing ok",
    "KSELFTEST: test_reject_steal_above_bound ok",
    "KSELFTEST: test_reject_steal_higher_qos ok",
]
COMMON_MARKERS = [
    "KSELFTEST: cpuid tp ok",
    "KSELFTEST: cpuid fallback counterfactual ok",
    "KSELFTEST: stack sentinels ok",
]
BAD = re.compile(r"\bFAIL\b|\bpanic\b|unexpected trap", re.IGNORECASE)


def required(smp):
    return (SMP_MARKERS if smp else []) + COMMON_MARKERS


def check(lines, markers, smp):
    """Return (ok, message)."""
    for i, line in enumerate(lines):
        if BAD.search(line):
            return False, f"bad line {i + 1}: {line}"
    if not smp:
        for line in lines:
            if line in SMP_MARKERS:
                return False, f"SMP marker printed on a single-hart run: {line}"
    pos = 0
    for m in markers:
        while pos < len(lines) and lines[pos] != m:
            pos += 1
        if pos == len(lines):
            present = m in lines
            why = "out of order" if present else "missing"
            return False, f"first missing marker ({why}): {m}"
        pos += 1
    return True, f"all {len(markers)} markers present in order"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--smp", action="store_true", help="require the SMP ladder")
    g.add_argument("--up", action="store_true", help="single hart: no SMP markers allowed")
    ap.add_argument("--markers", help="file with one required marker per line instead")
    ap.add_argument("--print", action="store_true", help="print the required list and exit")
    ap.add_argument("log", nargs="?", help="console log ('-' for stdin)")
    a = ap.parse_args()
    if a.markers:
        with open(a.markers) as f:
            markers = [l.rstrip("\n") for l in f if l.strip()]
    else:
        markers = required(a.smp)
    if a.print:
        print("\n".join(markers))
        return 0
    if not a.log:
        ap.error("LOG is required")
    try:
        text = sys.stdin.read() if a.log == "-" else open(a.log, errors="replace").read()
    except OSError as e:
        print(f"check-markers: cannot read {a.log}: {e.strerror}", file=sys.stderr)
        return 2
    lines = [l.rstrip("\r") for l in text.split("\n")]
    ok, msg = check(lines, markers, a.smp)
    if ok:
        print(f"check-markers: PASS: {msg}")
        return 0
    print(f"check-markers: {msg}")
    print("---- console excerpt (last 40 lines) ----")
    print("\n".join(lines[-40:]))
    print("----")
    return 1


if __name__ == "__main__":
    sys.exit(main())
