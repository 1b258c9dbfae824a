#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compare two hartsched text traces event by event (the emulator's and the kernel's).

Usage: trace-compare.py A B

Both files are Linux ftrace text as `hartsched-emu --trace` and
tools/qemu-trace.sh write them. Each is reduced to what must not depend on
the port: the CPU, the event and its fields, in file order, with task ids
made relative to the first task the trace names (the ladder's ids start at
HS_MAX_TASKS - 8, which differs between the host and the kernel builds) and
timestamps and the task column dropped. Events before the first
hs_ladder_rung are left out (each port's own boot checks, e.g. the kernel's
trap round trip). Exit 0 when the rest is identical, 1 with the first
difference otherwise, 2 on bad usage or an unreadable file.
"""
import re
import sys

LINE = re.compile(r"^ *\S+-\d+ +\[(\d{3})\] [dh.]{4} +\d+\.\d{6}: (\w+): (.*)$")


def reduce(path):
    out, base, started = [], None, False
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            if raw.startswith("#"):
                continue
            m = LINE.match(raw.rstrip("\n"))
            if not m:
                raise ValueError("%s:%d: not a trace line" % (path, n))
            cpu, ev, fields = m.groups()
            started = started or ev == "hs_ladder_rung"
            if not started:
                continue
            ids = [int(x) for x in re.findall(r"comm=t(\d+)", fields)]
            if ids and base is None:
                base = ids[0]
            if base is not None:
                fields = re.sub(r"\bt(\d+)\b", lambda k: "t+%d" % (int(k.group(1)) - base), fields)
                fields = re.sub(r"pid=(\d+)", lambda k: "pid=+%d" % (int(k.group(1)) - 1 - base)
                                if k.group(1) != "0" else k.group(0), fields)
            out.append((n, "[%s] %s: %s" % (cpu, ev, fields)))
    return out


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        a, b = reduce(sys.argv[1]), reduce(sys.argv[2])
    except (OSError, ValueError) as e:
        print("trace-compare: %s" % e, file=sys.stderr)
        return 2
    for (na, ea), (nb, eb) in zip(a, b):
        if ea != eb:
            print("trace-compare: differ at %s:%d / %s:%d:\n  %s\n  %s"
                  % (sys.argv[1], na, sys.argv[2], nb, ea, eb))
            return 1
    if len(a) != len(b):
        print("trace-compare: %s has %d events from the first rung on, %s has %d"
              % (sys.argv[1], len(a), sys.argv[2], len(b)))
        return 1
    print("trace-compare: %d events identical from the first ladder rung on" % len(a))
    return 0


if __name__ == "__main__":
    sys.exit(main())
