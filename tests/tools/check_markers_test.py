#!/usr/bin/env python3
"""Tests of tools/check-markers.py: each case is a console log and the exit
status the checker must give it (0 pass, 1 fail). TAP output."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "..", "..", "tools", "check-markers.py")


def markers(mode):
    out = subprocess.run([sys.executable, CHECKER, mode, "--print"], check=True,
                         capture_output=True, text=True).stdout
    return out.splitlines()


SMP = markers("--smp")
UP = markers("--up")
VERDICT = "^KRESULT: pass( |$)"
PASS_LINE = "KRESULT: pass passed=11 failed=0"


def kinit(first, last):
    """KINIT lines of secondaries first .. last."""
    return [f"KINIT: cpu{k} online" for k in range(first, last + 1)]


def verdict4(online, cpus=4):
    return f"KRESULT: pass passed=11 failed=0 cpus={cpus} cpus_online={online}"


FOUR = ["--cpus", "4", "--verdict", VERDICT]

CASES = [
    # (name, mode, extra args, log lines, wanted exit status)
    ("smp ladder passes", "--smp", [], SMP, 0),
    ("up ladder passes", "--up", [], UP, 0),
    ("smp ladder then verdict passes", "--smp", ["--verdict", VERDICT], SMP + [PASS_LINE], 0),
    ("no verdict line fails", "--smp", ["--verdict", VERDICT], SMP, 1),
    ("verdict before the ladder's end fails", "--smp", ["--verdict", VERDICT],
     SMP[:-1] + [PASS_LINE, SMP[-1]], 1),
    ("a missing rung fails", "--smp", [], SMP[:3] + SMP[4:], 1),
    ("rungs out of order fail", "--smp", [], SMP[:3] + [SMP[4], SMP[3]] + SMP[5:], 1),
    ("a rung printed twice fails", "--smp", [], SMP + [SMP[5]], 1),
    ("cpu1 online printed twice fails", "--smp", [], [SMP[0]] + SMP, 1),
    ("a FAIL line fails", "--smp", [], SMP + ["KSELFTEST: ipi resched FAIL accepted=1"], 1),
    ("a panic fails", "--smp", [], SMP + ["hs: panic: oops"], 1),
    ("an SMP rung on one hart fails", "--up", [], UP + ["KSELFTEST: work stealing ok"], 1),
    ("any cpuN online on one hart fails", "--up", [], ["KINIT: cpu2 online"] + UP, 1),
    ("an SMP rung with extra text on one hart fails", "--up", [],
     UP + ["KSELFTEST: smp online ok extra"], 1),
    # --cpus N: exactly N CPUs came online, and the kernel's verdict says so.
    ("4 CPUs online, verdict cpus_online=4 passes", "--smp", FOUR,
     kinit(2, 3) + SMP + [verdict4(4)], 0),
    ("a secondary missing fails", "--smp", FOUR, kinit(2, 2) + SMP + [verdict4(3)], 1),
    ("a secondary beyond N fails", "--smp", FOUR, kinit(2, 4) + SMP + [verdict4(4)], 1),
    ("a secondary online twice fails", "--smp", FOUR,
     kinit(2, 3) + kinit(3, 3) + SMP + [verdict4(4)], 1),
    ("verdict cpus_online below N fails", "--smp", FOUR, kinit(2, 3) + SMP + [verdict4(3)], 1),
    ("verdict cpus below N fails", "--smp", FOUR, kinit(2, 3) + SMP + [verdict4(4, cpus=3)], 1),
    ("verdict without cpus_online fails", "--smp", FOUR, kinit(2, 3) + SMP + [PASS_LINE], 1),
    ("one CPU with --cpus 1 passes", "--up", ["--cpus", "1", "--verdict", VERDICT],
     UP + ["KRESULT: pass passed=3 failed=0 cpus=1 cpus_online=1"], 0),
    ("--cpus 2 with --up is a usage error", "--up", ["--cpus", "2"], UP, 2),
    ("--cpus 0 is a usage error", "--smp", ["--cpus", "0"], SMP, 2),
]


def main():
    failed = 0
    print(f"1..{len(CASES) + 1}")
    for n, (name, mode, extra, lines, want) in enumerate(CASES, 1):
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as f:
            f.write("\n".join(["KBOOT: hartsched test"] + lines) + "\n")
            path = f.name
        r = subprocess.run([sys.executable, CHECKER, mode] + extra + [path],
                           capture_output=True, text=True)
        os.unlink(path)
        if r.returncode == want:
            print(f"ok {n} - {name} (exit {r.returncode})")
        else:
            failed += 1
            print(f"not ok {n} - {name}: exit {r.returncode}, want {want}")
            for line in (r.stdout + r.stderr).splitlines()[:12]:
                print(f"# {line}")
    n = len(CASES) + 1
    r = subprocess.run([sys.executable, CHECKER, "--smp", "--verdict", "(", "-"],
                       input="", capture_output=True, text=True)
    if r.returncode == 2:
        print(f"ok {n} - a bad --verdict expression is a usage error (exit 2)")
    else:
        failed += 1
        print(f"not ok {n} - bad --verdict: exit {r.returncode}, want 2")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
