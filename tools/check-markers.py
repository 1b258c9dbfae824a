#!/usr/bin/env python3
"""Check a hartsched console log against the proof ladder.

Usage: check-markers.py [--smp | --up] [--cpus N] [--markers FILE] [--verdict REGEX] LOG

Passes (exit 0) only when every required marker appears exactly once, in
order, then (with --verdict) a line matching REGEX follows them, and no line
reports FAIL, a panic or an unexpected trap. A single-hart run (--up) must
print no SMP rung and no "KINIT: cpuN online" line at all. With --cpus N the
run must have had exactly N CPUs: "KINIT: cpuK online" once for every K in
1 .. N-1 and for no other K, and (with --verdict) the verdict line must say
cpus=N and cpus_online=N. Prints the first problem and an excerpt of the
log otherwise (exit 1). Exit 2: bad usage.
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
# Any bring-up line, and any SMP rung whatever its result: none may appear
# on a single-hart run.
CPU_ONLINE = re.compile(r"^KINIT: cpu(\d+) online")
SMP_RUNGS = [m[: -len(" ok")] for m in SMP_MARKERS if m.endswith(" ok")]


def required(smp):
    return (SMP_MARKERS if smp else []) + COMMON_MARKERS


def is_smp_line(line):
    return bool(CPU_ONLINE.match(line)) or any(
        line == r or line.startswith(r + " ") for r in SMP_RUNGS)


def check_cpus(lines, cpus):
    """Exactly @cpus CPUs came online: (ok, message)."""
    seen = {}
    for line in lines:
        m = CPU_ONLINE.match(line)
        if m:
            k = int(m.group(1))
            seen[k] = seen.get(k, 0) + 1
    for k in sorted(seen):
        if k == 0 or k >= cpus:
            return False, f"KINIT: cpu{k} online, but the run asked for {cpus} CPUs"
        if seen[k] > 1:
            return False, f"KINIT: cpu{k} online printed {seen[k]} times, want once"
    missing = [k for k in range(1, cpus) if k not in seen]
    if missing:
        return False, (f"{len(missing)} of {cpus - 1} secondaries never came online, "
                       f"first: KINIT: cpu{missing[0]} online (asked for {cpus} CPUs)")
    return True, ""


def verdict_counts(line, cpus):
    """The verdict line reports cpus=N and cpus_online=N: (ok, message)."""
    for key in ("cpus", "cpus_online"):
        m = re.search(rf"\b{key}=(\d+)\b", line)
        if not m:
            return False, f"the verdict line reports no {key}= (asked for {cpus} CPUs): {line}"
        if int(m.group(1)) != cpus:
            return False, (f"the kernel reported {key}={m.group(1)}, "
                           f"but the run asked for {cpus} CPUs: {line}")
    return True, ""


def check(lines, markers, smp, verdict=None, cpus=None):
    """Return (ok, message)."""
    for i, line in enumerate(lines):
        if BAD.search(line):
            return False, f"bad line {i + 1}: {line}"
    if not smp:
        for line in lines:
            if is_smp_line(line):
                return False, f"SMP line printed on a single-hart run: {line}"
    if cpus is not None:
        ok, msg = check_cpus(lines, cpus)
        if not ok:
            return False, msg
    for m in markers:
        n = lines.count(m)
        if n > 1:
            return False, f"marker printed {n} times, want once: {m}"
    pos = 0
    for m in markers:
        while pos < len(lines) and lines[pos] != m:
            pos += 1
        if pos == len(lines):
            present = m in lines
            why = "out of order" if present else "missing"
            return False, f"first missing marker ({why}): {m}"
        pos += 1
    if verdict is not None:
        rx = re.compile(verdict)
        found = [line for line in lines[pos:] if rx.search(line)]
        if not found:
            return False, f"no verdict line matching /{verdict}/ after the last marker"
        if cpus is not None:
            ok, msg = verdict_counts(found[0], cpus)
            if not ok:
                return False, msg
            return True, (f"all {len(markers)} markers present once, in order, then the "
                          f"verdict with cpus_online={cpus}")
        return True, f"all {len(markers)} markers present once, in order, then the verdict"
    return True, f"all {len(markers)} markers present once, in order"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--smp", action="store_true", help="require the SMP ladder")
    g.add_argument("--up", action="store_true", help="single hart: no SMP markers allowed")
    ap.add_argument("--cpus", type=int, metavar="N",
                    help="exactly N CPUs: cpu1..cpuN-1 online once each (and the verdict says N)")
    ap.add_argument("--markers", help="file with one required marker per line instead")
    ap.add_argument("--verdict", metavar="REGEX",
                    help="a line matching REGEX must follow the last marker")
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
    if a.verdict is not None:
        try:
            re.compile(a.verdict)
        except re.error as e:
            ap.error(f"--verdict: bad regular expression: {e}")
    if a.cpus is not None:
        if a.cpus < 1:
            ap.error("--cpus: N must be at least 1")
        if a.cpus >= 2 and a.up:
            ap.error("--cpus N >= 2 contradicts --up")
        if a.cpus == 1 and a.smp:
            ap.error("--cpus 1 contradicts --smp")
    ok, msg = check(lines, markers, a.smp, a.verdict, a.cpus)
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
