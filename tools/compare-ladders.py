#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that the emulator and the kernel print the same proof ladder.

Usage:
  compare-ladders.py EMU_LOG KERNEL_LOG
  compare-ladders.py --emu PROG [--emu-args ARGS] --kernel ELF [--harts N]

The second form runs both ports itself: the emulator as PROG ARGS (default
"--harts N --selftest --workload none") and the kernel through
tools/qemu-test.sh (SMP=N, run to the kernel's exit); each must exit 0.

Passes (exit 0) only when
  - each log passes tools/check-markers.py (--smp for N >= 2, else --up), so
    an empty or partial ladder can never compare equal, and
  - the ladders are the same: the KSELFTEST lines identical and in the same
    order, and the same set of KINIT lines. KINIT lines are compared as a set
    because secondary CPUs print them themselves, concurrently: with more
    than two harts their relative order is a race in both ports.
Prints a diff otherwise (exit 1). Exit 2: bad usage or a port failed to run.
"""
import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKER = os.path.join(ROOT, "tools", "check-markers.py")
QEMU_TEST = os.path.join(ROOT, "tools", "qemu-test.sh")
MARKER = re.compile(r"\b(KINIT|KSELFTEST): .*$")
RUN_TIMEOUT_S = 120


def ladder(text):
    """(sorted KINIT lines, ordered KSELFTEST lines) of a console log."""
    kinit, kselftest = [], []
    for raw in text.split("\n"):
        m = MARKER.search(raw.rstrip("\r"))
        if not m:
            continue
        (kinit if m.group(1) == "KINIT" else kselftest).append(m.group(0))
    return sorted(kinit), kselftest


def check_markers(path, smp):
    """Run the shared marker checker on one log; returns (ok, output)."""
    r = subprocess.run([sys.executable, CHECKER, "--smp" if smp else "--up", path],
                       capture_output=True, text=True, timeout=60)
    return r.returncode == 0, r.stdout + r.stderr


def compare(emu_log, kernel_log, smp):
    ok = True
    for name, path in (("emulator", emu_log), ("kernel", kernel_log)):
        good, out = check_markers(path, smp)
        if not good:
            print(f"compare-ladders: the {name} ladder does not pass on its own ({path}):")
            print(out.rstrip())
            ok = False
    if not ok:
        return False
    with open(emu_log, errors="replace") as f:
        emu = ladder(f.read())
    with open(kernel_log, errors="replace") as f:
        kern = ladder(f.read())
    if emu == kern:
        print(f"compare-ladders: PASS: same ladder in both ports "
              f"({len(emu[0])} KINIT, {len(emu[1])} KSELFTEST lines)")
        return True
    print("compare-ladders: FAIL: the ladders differ (--- emulator, +++ kernel)")
    for part, a, b in (("KINIT (as a set)", emu[0], kern[0]),
                       ("KSELFTEST (in order)", emu[1], kern[1])):
        if a != b:
            print(f"== {part}")
            sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(
                a, b, "emulator", "kernel", lineterm=""))
    return False


def run_port(name, argv, log, env=None):
    """Run one port with its console to @log; False (after saying why) on failure."""
    with open(log, "w") as f:
        try:
            r = subprocess.run(argv, stdout=f, stderr=subprocess.STDOUT, env=env,
                               stdin=subprocess.DEVNULL, timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            print(f"compare-ladders: the {name} did not finish in {RUN_TIMEOUT_S} s: {log}")
            return False
        except OSError as e:
            print(f"compare-ladders: cannot run the {name} ({argv[0]}): {e.strerror}")
            return False
    if r.returncode != 0:
        print(f"compare-ladders: the {name} exited with status {r.returncode}: {log}")
        with open(log, errors="replace") as f:
            print("".join(f.readlines()[-20:]).rstrip())
        return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("logs", nargs="*", help="EMU_LOG KERNEL_LOG")
    ap.add_argument("--emu", help="emulator program (hartsched-emu) to run")
    ap.add_argument("--emu-args", help="its arguments (default: --harts N --selftest --workload none)")
    ap.add_argument("--kernel", help="kernel.elf to boot through tools/qemu-test.sh")
    ap.add_argument("--harts", type=int, default=2, help="harts in both ports (default 2)")
    a = ap.parse_args()
    if a.harts < 1:
        ap.error("--harts must be >= 1")
    smp = a.harts >= 2

    if a.logs:
        if len(a.logs) != 2 or a.emu or a.kernel:
            ap.error("give either EMU_LOG KERNEL_LOG or --emu and --kernel")
        return 0 if compare(a.logs[0], a.logs[1], smp) else 1
    if not (a.emu and a.kernel):
        ap.error("give either EMU_LOG KERNEL_LOG or --emu and --kernel")

    keep = tempfile.mkdtemp(prefix="compare-ladders.")
    emu_log = os.path.join(keep, "emu.log")
    kernel_log = os.path.join(keep, "kernel.log")
    emu_args = (a.emu_args if a.emu_args is not None
                else f"--harts {a.harts} --selftest --workload none")
    env = dict(os.environ, SMP=str(a.harts), REQUIRE_SMP="1" if smp else "0",
               RUN_UNTIL_MARKER="0", KERNEL=a.kernel, LOG=kernel_log)
    if not run_port("emulator", [a.emu] + shlex.split(emu_args), emu_log):
        return 2
    if not run_port("kernel", ["bash", QEMU_TEST], os.path.join(keep, "qemu-test.txt"), env):
        return 2
    if compare(emu_log, kernel_log, smp):
        for f in ("emu.log", "kernel.log", "qemu-test.txt"):
            os.unlink(os.path.join(keep, f))
        os.rmdir(keep)
        return 0
    print(f"compare-ladders: logs kept in {keep}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
