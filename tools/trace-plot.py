#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Draw a hartsched scheduling trace: one swimlane per hart.

Usage: trace-plot.py FILE -o PNG [--from MS] [--to MS] [--title TEXT]
                     [--max-arrows N]

FILE is a trace in either format `hartsched-emu --trace` writes (Linux
ftrace text, or Chrome Trace Event JSON), or one that tools/trace-dump.py
made from a kernel console. The picture: time runs left to right (ms from
the first event); each hart is a lane; each task run is a bar coloured by
its QoS class (perfburst, interactive, normal, idle); a resched IPI is an
arrow from the requesting hart at the raise to the target at its trap
(red and dashed when the send failed and was rolled back); a steal is a
black triangle on the thief's lane; a proof-ladder rung is a tick on top.
--from/--to cut a window (ms from the first event) out of a long run.

Needs matplotlib (run it with /usr/bin/python3, Debian's python3-matplotlib,
as tools/bench-plot.py does). Exit 1: the trace cannot be read or parsed.
Exit 2: bad usage.
"""
import argparse
import json
import re
import sys

COLOURS = {"perfburst": "#d62728", "interactive": "#ff7f0e", "normal": "#1f77b4",
           "idle": "#9e9e9e"}
PRIO_QOS = {"100": "perfburst", "110": "interactive", "120": "normal", "139": "idle"}
LINE_RE = re.compile(r"^ *\S+-\d+ +\[(\d{3})\] [dh.]{4} +(\d+)\.(\d{6}): (\w+): (.*)$")
KV_RE = re.compile(r"(\w+)=(\S+)")


class Trace:
    """What the picture needs: runs, IPIs, steals, rungs (times in ns)."""

    def __init__(self):
        self.harts = 0
        self.runs = []  # (hart, start, end, qos, task)
        self.ipis = []  # (from, to, t_raise, t_end, failed)
        self.steals = []  # (hart, t)
        self.rungs = []  # (t, name, ok)
        self.t0 = None
        self.t1 = 0


def read_text(lines):
    tr = Trace()
    open_run = {}
    pending = {}  # target -> [(from, t)]
    for raw in lines:
        if raw.startswith("#"):
            m = re.search(r"#P:(\d+)", raw)
            if m:
                tr.harts = int(m.group(1))
            continue
        m = LINE_RE.match(raw.rstrip("\n"))
        if not m:
            raise ValueError("not a trace line: %r" % raw[:80])
        cpu, ts = int(m.group(1)), int(m.group(2)) * 10**9 + int(m.group(3)) * 1000
        ev, f = m.group(4), dict(KV_RE.findall(m.group(5)))
        tr.t0 = ts if tr.t0 is None else tr.t0
        tr.t1 = max(tr.t1, ts)
        if ev == "sched_switch":
            if f["next_comm"].startswith("t"):
                open_run[cpu] = (ts, PRIO_QOS.get(f["next_prio"], "normal"), f["next_comm"])
            elif cpu in open_run:
                s, q, t = open_run.pop(cpu)
                tr.runs.append((cpu, s, ts, q, t))
        elif ev == "ipi_raise":
            words = f["target_mask"].split(",")
            bits = int("".join(words), 16)
            target = bits.bit_length() - 1
            pending.setdefault(target, []).append((cpu, ts))
        elif ev == "ipi_entry":
            for frm, t in pending.pop(cpu, []):
                tr.ipis.append((frm, cpu, t, ts, False))
        elif ev in ("hs_ipi_rollback", "hs_ipi_forced_fail"):
            target = int(f["target_cpu"])
            lst = pending.get(target, [])
            for i in range(len(lst) - 1, -1, -1):
                if lst[i][0] == cpu:
                    frm, t = lst.pop(i)
                    tr.ipis.append((frm, target, t, ts, True))
                    break
        elif ev == "sched_migrate_task":
            tr.steals.append((cpu, ts))
        elif ev == "hs_ladder_rung":
            tr.rungs.append((ts, f["rung"].replace("_", " "), f["ok"] == "1"))
    for cpu, (s, q, t) in open_run.items():
        tr.runs.append((cpu, s, tr.t1, q, t))
    return tr


def read_json(doc):
    tr = Trace()
    tr.harts = doc["otherData"]["harts"]
    flows = {}
    ns = lambda us: int(round(us * 1000))
    for e in doc["traceEvents"]:
        if e["ph"] == "M":
            continue
        ts = ns(e["ts"])
        tr.t0 = ts if tr.t0 is None else min(tr.t0, ts)
        tr.t1 = max(tr.t1, ts + ns(e.get("dur", 0)))
        if e["ph"] == "X" and e.get("cat") in COLOURS:
            tr.runs.append((e["tid"], ts, ts + ns(e["dur"]), e["cat"], e["name"]))
        elif e["ph"] == "X" and e.get("cat") == "steal":
            tr.steals.append((e["tid"], ts))
        elif e["ph"] in "stf" and e.get("cat") == "ipi":
            flows.setdefault(e["id"], {})[e["ph"]] = (e["tid"], ts)
        elif e["ph"] == "i" and "ok" in e.get("args", {}):
            tr.rungs.append((ts, e["name"], e["args"]["ok"] == 1))
    for f in flows.values():
        if "s" in f and "f" in f:
            failed = "t" not in f  # no trap step: the rollback ended it
            end = f["t"] if "t" in f else f["f"]
            tr.ipis.append((f["s"][0], end[0], f["s"][1], end[1], failed))
    return tr


def plot(tr, out, lo_ms, hi_ms, title, max_arrows):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    t0 = tr.t0 or 0
    ms = lambda t: (t - t0) / 1e6
    lo = lo_ms if lo_ms is not None else 0.0
    hi = hi_ms if hi_ms is not None else max(ms(tr.t1), 1e-3)
    harts = max(tr.harts, 1)
    height = min(max(2.5, 0.35 * harts + 1.6), 16)
    fig, ax = plt.subplots(figsize=(13, height))
    by = {}
    for cpu, s, e, q, _ in tr.runs:
        if ms(e) < lo or ms(s) > hi:
            continue
        by.setdefault((cpu, q), []).append((ms(s), max(ms(e) - ms(s), (hi - lo) / 4000)))
    for (cpu, q), bars in by.items():
        ax.broken_barh(bars, (cpu - 0.38, 0.76), facecolors=COLOURS[q], edgecolors="none")
    arrows = [a for a in tr.ipis if lo <= ms(a[2]) <= hi]
    step = max(1, len(arrows) // max_arrows) if max_arrows else 1
    for frm, to, ts, te, failed in arrows[::step]:
        ax.annotate("", xy=(ms(te), to), xytext=(ms(ts), frm),
                    arrowprops=dict(arrowstyle="->", lw=0.8, alpha=0.8,
                                    color="#b00020" if failed else "#6a1b9a",
                                    linestyle="--" if failed else "-"))
    st = [(ms(t), c) for c, t in tr.steals if lo <= ms(t) <= hi]
    if st:
        ax.scatter([x for x, _ in st], [c + 0.45 for _, c in st], marker="v", s=14,
                   color="black", zorder=5)
    for ts, name, ok in tr.rungs:
        if lo <= ms(ts) <= hi:
            ax.axvline(ms(ts), color="#2e7d32" if ok else "#b00020", lw=0.5, alpha=0.35)
    ax.set_xlim(lo, hi)
    ax.set_ylim(harts - 0.5, -0.7)
    ax.set_yticks(range(harts))
    ax.set_yticklabels(["hart %d" % c for c in range(harts)],
                       fontsize=8 if harts <= 16 else 5)
    ax.set_xlabel("ms from the first event")
    shown = sum(1 for cpu, s, e, *_ in tr.runs if not (ms(e) < lo or ms(s) > hi))
    ax.set_title(title or "hartsched trace: %d harts, %d task runs, %d IPIs, %d steals shown"
                 % (harts, shown, len(arrows), len(st)), fontsize=10)
    handles = [Patch(color=c, label=q) for q, c in COLOURS.items()]
    handles += [Line2D([], [], color="#6a1b9a", label="resched IPI raise -> trap"),
                Line2D([], [], color="#b00020", ls="--", label="IPI send failed"),
                Line2D([], [], marker="v", color="black", ls="none", label="steal"),
                Line2D([], [], color="#2e7d32", alpha=0.5, label="ladder rung")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12 * 8 / height),
              ncol=8, fontsize=8, frameon=False)
    ax.grid(axis="x", alpha=0.25)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main():
    ap = argparse.ArgumentParser(description="Draw a hartsched trace as one lane per hart.")
    ap.add_argument("trace")
    ap.add_argument("-o", "--output", required=True, metavar="PNG")
    ap.add_argument("--from", dest="lo", type=float, metavar="MS")
    ap.add_argument("--to", dest="hi", type=float, metavar="MS")
    ap.add_argument("--title")
    ap.add_argument("--max-arrows", type=int, default=400,
                    help="draw at most about N IPI arrows (every k-th), default 400")
    a = ap.parse_args()
    if a.lo is not None and a.hi is not None and a.hi <= a.lo:
        ap.error("--to must be after --from")
    try:
        with open(a.trace, encoding="utf-8") as fh:
            text = fh.read()
        tr = read_json(json.loads(text)) if text.lstrip().startswith("{") else \
            read_text(text.splitlines())
    except (OSError, ValueError, KeyError) as e:
        print("trace-plot: cannot read %s: %s" % (a.trace, e), file=sys.stderr)
        return 1
    if tr.t0 is None:
        print("trace-plot: %s holds no event" % a.trace, file=sys.stderr)
        return 1
    try:
        plot(tr, a.output, a.lo, a.hi, a.title, a.max_arrows)
    except ImportError:
        print("trace-plot: needs matplotlib (apt-get install python3-matplotlib; run it "
              "with /usr/bin/python3)", file=sys.stderr)
        return 1
    except OSError as e:
        print("trace-plot: cannot write %s: %s" % (a.output, e), file=sys.stderr)
        return 1
    print("trace-plot: wrote %s" % a.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
