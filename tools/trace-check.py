#!/usr/bin/env python3
"""Check a hartsched scheduling trace, strictly, in either format.

Usage: trace-check.py [options] FILE [FILE2]

FILE is the Linux ftrace text format (what `hartsched-emu --trace FILE`
writes, and tools/trace-dump.py makes from a kernel console) or the Chrome
Trace Event Format JSON (`--trace-format json`); the format is detected
from the first byte. Every line (every JSON event) must parse against the
field layout of its event, or the check fails. Given two files (the text
and the JSON of one run), each is checked and their counts must agree.

What is checked (text):
  - timestamps never go backwards on a hart, nor in the merged file, nor
    inside any hart's ring as recorded (the writer counts that before it
    merges: "# hartsched: ring order broken N times", otherData.ring_disorder);
  - each task follows sched_waking -> sched_wakeup -> sched_switch in ->
    sched_switch out (R+: back to its queue, X: finished), a steal
    (sched_migrate_task) only moves a queued task from the CPU it is queued
    on, and hs_task_gone ends a queued or running task;
  - the task column of each line is what that hart was running;
  - each ipi_raise is answered by an ipi_entry on its target or by a
    counted failure (hs_ipi_rollback or hs_ipi_forced_fail from the same hart);
  - the header's entries-in-buffer/entries-written and the per-hart
    "dropped" lines agree with the lines present: overflow is reported.
    When a hart dropped events (its ring kept the oldest), the pairing
    checks stop at the first hart's cut-off, where the record ends.
What is checked (JSON): the Trace Event Format's fields, one track per
hart, task runs that do not overlap on a hart, flows with exactly one start
and one end in time order, wake flows ending where a run of that task
starts, and the otherData counts.

Options:
  --finished N      the ledger: exactly N workload tasks finished (X)
  --all-done        no workload task may be left queued or running at the end
  --harts N         the trace must say #P:N (text) / harts N (JSON)
  --require-dropped the trace must report an overflow (a test of the report)
  --ladder          every hs_ladder_rung event must say ok=1

Exit 0: the trace passes (one summary line). 1: the first problem found,
as FILE:LINE: what. 2: bad usage or an unreadable file.
"""
import argparse
import json
import re
import sys

SELFTEST_BASE = 16384 - 8  # task ids from here belong to the proof ladder
PRIOS = {"100": "perfburst", "110": "interactive", "120": "normal", "139": "idle"}
QOS_NAMES = {"idle", "normal", "interactive", "perfburst"}

LINE_RE = re.compile(
    r"^ *(?P<comm>\S+)-(?P<pid>\d+) +\[(?P<cpu>\d{3})\] (?P<flags>[dh.]{4}) +"
    r"(?P<sec>\d+)\.(?P<usec>\d{6}): (?P<ev>\w+): (?P<fields>.*)$")
TASK = r"t(?P<id>\d+)"
FIELDS = {
    "sched_waking": re.compile(
        r"comm=t(?P<id>\d+) pid=(?P<pid>\d+) prio=(?P<prio>\d+) target_cpu=(?P<target>\d{3})$"),
    "sched_wakeup": re.compile(
        r"comm=t(?P<id>\d+) pid=(?P<pid>\d+) prio=(?P<prio>\d+) target_cpu=(?P<target>\d{3})$"),
    "sched_switch": re.compile(
        r"prev_comm=(?P<pcomm>t\d+|swapper/\d+) prev_pid=(?P<ppid>\d+) prev_prio=(?P<pprio>\d+) "
        r"prev_state=(?P<state>R\+?|X) ==> next_comm=(?P<ncomm>t\d+|swapper/\d+) "
        r"next_pid=(?P<npid>\d+) next_prio=(?P<nprio>\d+)$"),
    "sched_migrate_task": re.compile(
        r"comm=t(?P<id>\d+) pid=(?P<pid>\d+) prio=(?P<prio>\d+) orig_cpu=(?P<orig>\d+) "
        r"dest_cpu=(?P<dest>\d+)$"),
    "ipi_raise": re.compile(r"target_mask=(?P<mask>[0-9a-f]{8}(,[0-9a-f]{8})*) "
                            r"\(Rescheduling interrupts\)$"),
    "ipi_entry": re.compile(r"\(Rescheduling interrupts\)$"),
    "ipi_exit": re.compile(r"\(Rescheduling interrupts\)$"),
    "hs_rq_reject": re.compile(r"cpu=(?P<cpu>-1|\d+) reason=(?P<reason>[a-z-]+)$"),
    "hs_steal_contended": re.compile(r"cpu=(?P<cpu>\d+)$"),
    "hs_ipi_coalesced": re.compile(r"target_cpu=(?P<target>\d+)$"),
    "hs_ipi_rollback": re.compile(r"target_cpu=(?P<target>\d+)$"),
    "hs_ipi_forced_fail": re.compile(r"target_cpu=(?P<target>\d+)$"),
    "hs_cpuid_fallback": re.compile(r"cpu=(?P<cpu>-1|\d+) resolved=(?P<res>[01])$"),
    "hs_ladder_rung": re.compile(r"rung=(?P<rung>\S+) ok=(?P<ok>[01])$"),
    "hs_task_gone": re.compile(
        r"comm=t(?P<id>\d+) pid=(?P<pid>\d+) prio=(?P<prio>\d+) cpu=(?P<cpu>\d+)$"),
}
HEADER_COUNTS = re.compile(r"^# entries-in-buffer/entries-written: (\d+)/(\d+)   #P:(\d+)$")
HEADER_DROPPED = re.compile(r"^# hartsched: cpu (\d+) dropped (\d+) events$")
HEADER_UNATTR = re.compile(r"^# hartsched: unattributed (\d+) events$")
HEADER_DISORDER = re.compile(r"^# hartsched: ring order broken (\d+) times$")


class Fail(Exception):
    pass


def mask_cpu(mask):
    """The one CPU set in a Linux cpumask string (words, most significant first)."""
    words = mask.split(",")
    cpus = []
    for i, w in enumerate(reversed(words)):
        v = int(w, 16)
        for b in range(32):
            if v >> b & 1:
                cpus.append(i * 32 + b)
    if len(cpus) != 1:
        raise Fail("ipi_raise target_mask names %d CPUs, expected 1" % len(cpus))
    return cpus[0]


def task_of(comm, pid, prio):
    """Task id of a t<id> comm, checking pid = id + 1 and a class prio."""
    tid = int(comm[1:])
    if int(pid) != tid + 1:
        raise Fail("pid %s does not match comm %s (pid = id + 1)" % (pid, comm))
    if prio not in PRIOS:
        raise Fail("prio %s is no QoS class (100, 110, 120, 139)" % prio)
    return tid


class TextCheck:
    """The text format: parse every line, then follow each task and IPI."""

    def __init__(self, args):
        self.args = args
        self.state = {}  # task -> ("Q", cpu) | ("R", cpu); absent: free
        self.waking = {}  # ring cpu -> task of an open sched_waking
        self.current = {}  # ring cpu -> task running there
        self.raises = {}  # target -> list of (sender, line)
        self.last_ts = {}
        self.counts = {"lines": 0, "switch_in": 0, "finished": 0, "yields": 0, "steals": 0,
                       "ipi_raise": 0, "ipi_entry": 0, "rollback": 0, "wakeups": 0,
                       "rungs": 0}
        self.harts = None
        self.in_buffer = self.written = None
        self.dropped = {}
        self.unattributed = 0

    def header(self, n, line):
        m = HEADER_COUNTS.match(line)
        if m:
            self.in_buffer, self.written, self.harts = (int(g) for g in m.groups())
            return
        m = HEADER_DROPPED.match(line)
        if m:
            self.dropped[int(m.group(1))] = int(m.group(2))
            return
        m = HEADER_UNATTR.match(line)
        if m:
            self.unattributed = int(m.group(1))
        m = HEADER_DISORDER.match(line)
        if m:
            raise Fail("%d: a hart's ring went back in time %s times (the writer says so)"
                       % (n, m.group(1)))

    def run(self, path, lines):
        if not lines or lines[0].rstrip("\n") != "# tracer: nop":
            raise Fail("%s:1: not a trace: the first line must be '# tracer: nop'" % path)
        events = []
        for n, raw in enumerate(lines, 1):
            line = raw.rstrip("\n")
            if line.startswith("#"):
                try:
                    self.header(n, line)
                except Fail as e:
                    raise Fail("%s:%s" % (path, e))
                continue
            m = LINE_RE.match(line)
            if not m:
                raise Fail("%s:%d: not a trace line: %r" % (path, n, line))
            ev = m.group("ev")
            if ev not in FIELDS:
                raise Fail("%s:%d: unknown event %s" % (path, n, ev))
            f = FIELDS[ev].match(m.group("fields"))
            if not f:
                raise Fail("%s:%d: %s fields do not parse: %r" % (path, n, ev, m.group("fields")))
            ts = int(m.group("sec")) * 1000000 + int(m.group("usec"))
            events.append((n, ts, int(m.group("cpu")), m, ev, f))
        if self.harts is None:
            raise Fail("%s: no '# entries-in-buffer/entries-written: A/B   #P:N' header" % path)
        self.check_counts(path, events)
        cutoff = self.cutoff(events)
        for n, ts, cpu, m, ev, f in events:
            if ts > cutoff:
                break
            try:
                self.event(ts, cpu, m, ev, f)
            except Fail as e:
                raise Fail("%s:%d: %s" % (path, n, e))
        self.finish(path, cutoff < float("inf"))

    def check_counts(self, path, events):
        a = self.args
        if a.harts is not None and self.harts != a.harts:
            raise Fail("%s: header says #P:%d, expected %d harts" % (path, self.harts, a.harts))
        if self.in_buffer != len(events):
            raise Fail("%s: header says %d entries in buffer, the file has %d lines"
                       % (path, self.in_buffer, len(events)))
        lost = self.written - self.in_buffer
        if lost != sum(self.dropped.values()) + self.unattributed:
            raise Fail("%s: %d entries written but not in the buffer; the dropped lines "
                       "account for %d" % (path, lost, sum(self.dropped.values()) + self.unattributed))
        if a.require_dropped and not self.dropped:
            raise Fail("%s: an overflow was expected and the header reports none" % path)
        for cpu in self.dropped:
            if cpu >= self.harts:
                raise Fail("%s: dropped events reported for cpu %d of %d" % (path, cpu, self.harts))

    def cutoff(self, events):
        """Last time every hart's record is complete (inf when nothing was dropped)."""
        if not self.dropped:
            return float("inf")
        last = {}
        for _, ts, cpu, *_ in events:
            last[cpu] = ts
        return min(last.get(c, 0) for c in self.dropped)

    def event(self, ts, cpu, m, ev, f):
        if cpu >= self.harts:
            raise Fail("cpu %d, but the trace has %d harts" % (cpu, self.harts))
        if ts < self.last_ts.get(cpu, 0):
            raise Fail("time went backwards on cpu %d" % cpu)
        if ts < max(self.last_ts.values(), default=0):
            raise Fail("the merged file is not in time order")
        self.last_ts[cpu] = ts
        cur = self.current.get(cpu)
        col = m.group("comm"), m.group("pid")
        want = ("<idle>", "0") if cur is None else ("t%d" % cur, str(cur + 1))
        if col != want:
            raise Fail("task column %s-%s, but cpu %d runs %s-%s" % (col + (cpu,) + want))
        getattr(self, "ev_" + ev)(cpu, f)

    def ev_sched_waking(self, cpu, f):
        self.waking[cpu] = task_of("t" + f.group("id"), f.group("pid"), f.group("prio"))

    def ev_sched_wakeup(self, cpu, f):
        t = task_of("t" + f.group("id"), f.group("pid"), f.group("prio"))
        if self.waking.pop(cpu, None) != t:
            raise Fail("sched_wakeup of t%d without its sched_waking on this cpu" % t)
        if t in self.state:
            raise Fail("sched_wakeup of t%d, which is %s" % (t, self.where(t)))
        self.state[t] = ("Q", int(f.group("target")))
        self.counts["wakeups"] += 1

    def ev_hs_rq_reject(self, cpu, f):
        self.waking.pop(cpu, None)  # the enqueue this hart began was refused

    def ev_sched_migrate_task(self, cpu, f):
        t = task_of("t" + f.group("id"), f.group("pid"), f.group("prio"))
        orig, dest = int(f.group("orig")), int(f.group("dest"))
        if self.state.get(t) != ("Q", orig):
            raise Fail("t%d stolen from cpu %d, but it is %s" % (t, orig, self.where(t)))
        if t < SELFTEST_BASE and dest != cpu:
            raise Fail("t%d stolen for cpu %d by cpu %d" % (t, dest, cpu))
        self.state[t] = ("Q", dest)
        self.counts["steals"] += 1

    def ev_sched_switch(self, cpu, f):
        pcomm, ncomm = f.group("pcomm"), f.group("ncomm")
        if pcomm.startswith("t") == ncomm.startswith("t"):
            raise Fail("sched_switch must be task ==> swapper or swapper ==> task")
        if ncomm.startswith("t"):
            if f.group("ppid") != "0" or pcomm != "swapper/%d" % cpu or f.group("state") != "R":
                raise Fail("switch in must come from swapper/%d, pid 0, state R" % cpu)
            t = task_of(ncomm, f.group("npid"), f.group("nprio"))
            where = self.state.get(t)
            if not where or where[0] != "Q" or (t < SELFTEST_BASE and where[1] != cpu):
                raise Fail("t%d switched in on cpu %d, but it is %s" % (t, cpu, self.where(t)))
            self.state[t] = ("R", cpu)
            self.current[cpu] = t
            self.counts["switch_in"] += 1
            return
        if f.group("npid") != "0" or ncomm != "swapper/%d" % cpu:
            raise Fail("switch out must go to swapper/%d, pid 0" % cpu)
        t = task_of(pcomm, f.group("ppid"), f.group("pprio"))
        if self.state.get(t) != ("R", cpu):
            raise Fail("t%d switched out on cpu %d, but it is %s" % (t, cpu, self.where(t)))
        if f.group("state") == "X":
            del self.state[t]
            if t < SELFTEST_BASE:
                self.counts["finished"] += 1
        elif f.group("state") == "R+":
            self.state[t] = ("Q", cpu)
            self.counts["yields"] += 1
        else:
            raise Fail("switch out of t%d with state R (expected R+ or X)" % t)
        self.current.pop(cpu, None)

    def ev_hs_task_gone(self, cpu, f):
        t = task_of("t" + f.group("id"), f.group("pid"), f.group("prio"))
        if t not in self.state:
            raise Fail("hs_task_gone of t%d, which is free" % t)
        where = self.state.pop(t)
        if where[0] == "R":
            self.current.pop(where[1], None)

    def ev_ipi_raise(self, cpu, f):
        target = mask_cpu(f.group("mask"))
        if target >= self.harts:
            raise Fail("ipi_raise to cpu %d of %d" % (target, self.harts))
        self.raises.setdefault(target, []).append([cpu, False])
        self.counts["ipi_raise"] += 1

    def ev_ipi_entry(self, cpu, f):
        # One trap answers every raise before it (SSIP is a bit). An answered
        # raise stays listed: its sender may still roll back, because the
        # events are recorded beside the atomics, not with them (a trap's
        # entry can be recorded before the exchange that consumes pending,
        # and a withdraw that wins that race records its rollback after).
        for r in self.raises.get(cpu, []):
            r[1] = True
        self.counts["ipi_entry"] += 1

    def ev_ipi_exit(self, cpu, f):
        pass

    def ev_hs_ipi_rollback(self, cpu, f):
        target = int(f.group("target"))
        pend = self.raises.get(target, [])
        mine = [i for i, r in enumerate(pend) if r[0] == cpu]
        if not mine:
            raise Fail("an IPI failure to cpu %d without a raise from cpu %d" % (target, cpu))
        del pend[mine[-1]]
        self.counts["rollback"] += 1

    def ev_hs_ipi_forced_fail(self, cpu, f):
        self.ev_hs_ipi_rollback(cpu, f)  # a counted failure too (the claim is kept)

    def ev_hs_ipi_coalesced(self, cpu, f):
        pass

    def ev_hs_steal_contended(self, cpu, f):
        pass

    def ev_hs_cpuid_fallback(self, cpu, f):
        pass

    def ev_hs_ladder_rung(self, cpu, f):
        self.counts["rungs"] += 1
        if self.args.ladder and f.group("ok") != "1":
            raise Fail("ladder rung %s says ok=0" % f.group("rung"))

    def where(self, t):
        s = self.state.get(t)
        if not s:
            return "free"
        return ("queued on cpu %d" if s[0] == "Q" else "running on cpu %d") % s[1]

    def finish(self, path, cut):
        unanswered = sum(1 for v in self.raises.values() for r in v if not r[1])
        if unanswered and not cut:
            raise Fail("%s: %d ipi_raise without an ipi_entry on the target or a rollback"
                       % (path, unanswered))
        if self.args.all_done and not cut:
            left = sorted(t for t in self.state if t < SELFTEST_BASE)
            if left:
                raise Fail("%s: %d workload tasks left %s (t%d first)"
                           % (path, len(left), self.where(left[0]), left[0]))
        if self.args.finished is not None and not cut and \
                self.counts["finished"] != self.args.finished:
            raise Fail("%s: %d tasks finished in the trace, the ledger says %d"
                       % (path, self.counts["finished"], self.args.finished))
        if self.args.ladder and self.counts["rungs"] == 0:
            raise Fail("%s: no hs_ladder_rung event" % path)

    def summary(self):
        c = self.counts
        return ("text: %d harts, %d task runs, %d finished, %d yields, %d steals, %d wakeups, "
                "%d ipi_raise / %d ipi_entry / %d failed sends, dropped %d%s"
                % (self.harts, c["switch_in"], c["finished"], c["yields"], c["steals"],
                   c["wakeups"], c["ipi_raise"], c["ipi_entry"], c["rollback"],
                   sum(self.dropped.values()),
                   " (checked up to the first overflowing hart's cut-off)" if self.dropped else ""))


def need(cond, what):
    if not cond:
        raise Fail(what)


class JsonCheck:
    """The Chrome Trace Event Format that hartsched-emu writes."""

    def __init__(self, args):
        self.args = args
        self.counts = {}

    def run(self, path, text):
        try:
            doc = json.loads(text)
        except ValueError as e:
            raise Fail("%s: not JSON: %s" % (path, e))
        need(isinstance(doc, dict) and isinstance(doc.get("traceEvents"), list),
             "%s: no traceEvents array" % path)
        other = doc.get("otherData")
        need(isinstance(other, dict) and other.get("format") == "hartsched-trace-1",
             "%s: otherData.format is not hartsched-trace-1" % path)
        harts = other.get("harts")
        need(isinstance(harts, int) and harts >= 1, "%s: otherData.harts" % path)
        for k in ("written", "dropped"):
            need(isinstance(other.get(k), list) and len(other[k]) == harts and
                 all(isinstance(v, int) and v >= 0 for v in other[k]),
                 "%s: otherData.%s must list %d counts" % (path, k, harts))
        need(all(d <= w for d, w in zip(other["dropped"], other["written"])),
             "%s: more dropped than written" % path)
        need(other.get("ring_disorder") == 0,
             "%s: a hart's ring went back in time %r times (otherData.ring_disorder)"
             % (path, other.get("ring_disorder")))
        if self.args.harts is not None:
            need(harts == self.args.harts, "%s: %d harts, expected %d" % (path, harts,
                                                                        self.args.harts))
        if self.args.require_dropped:
            need(sum(other["dropped"]) > 0, "%s: an overflow was expected, none reported" % path)
        runs, flows, names, ends = {}, {}, set(), set()
        finished = 0
        for i, e in enumerate(doc["traceEvents"]):
            where = "%s: traceEvents[%d]" % (path, i)
            need(isinstance(e, dict), where + ": not an object")
            ph = e.get("ph")
            need(ph in ("X", "i", "s", "t", "f", "M"), where + ": unknown ph %r" % ph)
            need(e.get("pid") == 1, where + ": pid must be 1")
            need(isinstance(e.get("name"), str) and e["name"], where + ": no name")
            if ph == "M":
                need(e["name"] in ("process_name", "thread_name", "thread_sort_index"),
                     where + ": unknown metadata %s" % e["name"])
                if e["name"] == "thread_name":
                    need(e.get("args", {}).get("name") == "hart %d" % e.get("tid"),
                         where + ": thread_name must be 'hart <tid>'")
                    names.add(e["tid"])
                continue
            tid = e.get("tid")
            need(isinstance(tid, int) and 0 <= tid < harts, where + ": tid %r is no hart" % tid)
            ts = e.get("ts")
            need(isinstance(ts, (int, float)) and ts >= 0, where + ": bad ts")
            if ph == "X":
                dur = e.get("dur")
                need(isinstance(dur, (int, float)) and dur >= 0, where + ": bad dur")
                need(isinstance(e.get("cat"), str), where + ": no cat")
                if e["cat"] == "gone" or e["name"].startswith("queued t"):
                    ends.add((tid, round(ts, 3)))  # a woken task purged, or queued at the end
                if e["cat"] in QOS_NAMES:
                    a = e.get("args", {})
                    need(e["name"] == "t%d" % a.get("task", -1), where + ": run name/args")
                    need(a.get("end") in ("yield", "finish", "gone", "end", "preempted"),
                         where + ": run end %r" % a.get("end"))
                    if a["end"] == "finish" and a["task"] < SELFTEST_BASE:
                        finished += 1
                    runs.setdefault(tid, []).append((ts, ts + dur, a["task"]))
            elif ph == "i":
                need(e.get("s") == "t", where + ": instant scope must be t")
            else:
                need(isinstance(e.get("id"), int), where + ": flow without an integer id")
                need(e.get("cat") in ("wake", "ipi"), where + ": flow cat %r" % e.get("cat"))
                if ph == "f":
                    need(e.get("bp") == "e", where + ": flow end must bind to the enclosing slice")
                flows.setdefault(e["id"], []).append((ph, ts, tid, e["cat"], where))
        need(names == set(range(harts)), "%s: one thread_name per hart expected" % path)
        starts = {}
        for tid, lst in runs.items():
            lst.sort()
            for (s0, e0, t0), (s1, e1, t1) in zip(lst, lst[1:]):
                need(s1 >= e0 - 1e-3, "%s: runs of t%d and t%d overlap on hart %d at %.3f"
                     % (path, t0, t1, tid, s1))
            for s, _, t in lst:
                starts[(tid, round(s, 3))] = t
        for fid, evs in flows.items():
            phs = [p for p, *_ in evs]
            need(phs.count("s") == 1 and phs.count("f") == 1,
                 "%s: flow %d has %d starts and %d ends" % (path, fid, phs.count("s"),
                                                            phs.count("f")))
            order = sorted(evs, key=lambda x: "stf".index(x[0]))
            need(all(a[1] <= b[1] + 1e-3 for a, b in zip(order, order[1:])),
                 "%s: flow %d goes back in time" % (path, fid))
            end = order[-1]
            if end[3] == "wake":
                need((end[2], round(end[1], 3)) in starts or (end[2], round(end[1], 3)) in ends,
                     "%s: wake flow %d does not end where a run starts" % (path, fid))
        if self.args.finished is not None and not sum(other["dropped"]):
            need(finished == self.args.finished,
                 "%s: %d tasks finished in the trace, the ledger says %d"
                 % (path, finished, self.args.finished))
        self.counts = {"harts": harts, "runs": sum(len(v) for v in runs.values()),
                       "finished": finished, "flows": len(flows),
                       "dropped": sum(other["dropped"])}

    def summary(self):
        c = self.counts
        return ("json: %d harts, %d task runs, %d finished, %d flows, dropped %d"
                % (c["harts"], c["runs"], c["finished"], c["flows"], c["dropped"]))


def main():
    ap = argparse.ArgumentParser(description="Check a hartsched trace (text or JSON).")
    ap.add_argument("files", nargs="+", metavar="FILE")
    ap.add_argument("--finished", type=int)
    ap.add_argument("--all-done", action="store_true")
    ap.add_argument("--harts", type=int)
    ap.add_argument("--require-dropped", action="store_true")
    ap.add_argument("--ladder", action="store_true")
    args = ap.parse_args()
    if len(args.files) > 2:
        ap.error("at most two files (the text and the JSON of one run)")
    checks = []
    try:
        for path in args.files:
            try:
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError) as e:
                print("trace-check: cannot read %s: %s" % (path, e), file=sys.stderr)
                return 2
            if text.lstrip().startswith("{"):
                c = JsonCheck(args)
                c.run(path, text)
            else:
                c = TextCheck(args)
                c.run(path, text.splitlines())
            checks.append(c)
        if len(checks) == 2:
            kinds = {type(c).__name__: c for c in checks}
            need(len(kinds) == 2, "give one text and one JSON file of the same run")
            t, j = kinds["TextCheck"], kinds["JsonCheck"]
            need(t.harts == j.counts["harts"], "the two files disagree on the harts")
            if not t.dropped:
                need(t.counts["switch_in"] == j.counts["runs"],
                     "text has %d task runs, JSON %d" % (t.counts["switch_in"], j.counts["runs"]))
                need(t.counts["finished"] == j.counts["finished"],
                     "text has %d finished, JSON %d" % (t.counts["finished"],
                                                       j.counts["finished"]))
    except Fail as e:
        print("trace-check: FAIL %s" % e, file=sys.stderr)
        return 1
    for c in checks:
        print("trace-check: ok %s" % c.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
