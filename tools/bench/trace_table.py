#!/usr/bin/env python3
"""Operator table from a libtorch profiler trace, side by side for Graft and PyTorch.

Reads Chrome traces: the one `graft bench --profile --trace FILE` writes (libtorch's legacy
profiler through DJL: a JSON list of events) and the one `pytorch_profile.py --trace FILE` writes
(torch.profiler: {"traceEvents": [...]}). For each operator it prints the self time (its own
duration minus the operators it called), the count, and its share of the step, so the two
sides compare operator by operator rather than by a total that depends on machine load.

    python3 tools/bench/trace_table.py graft.json [pytorch.json] [--top 25]
"""
import argparse
import collections
import json


def load_ops(path):
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    ops = [e for e in events if e.get("ph") == "X" and (e.get("cat") in (None, "cpu_op", "Operator"))
           and "dur" in e and not str(e.get("name", "")).startswith("ProfilerStep")]
    by_tid = collections.defaultdict(list)
    for e in ops:
        by_tid[e.get("tid")].append(e)
    self_us = collections.Counter()
    count = collections.Counter()
    for evs in by_tid.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # (end, name, child time)
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= ts:
                end, name, child, own = stack.pop()
                self_us[name] += own - child
            if stack:
                stack[-1][2] += dur
            stack.append([ts + dur, e["name"], 0.0, dur])
            count[e["name"]] += 1
        while stack:
            end, name, child, own = stack.pop()
            self_us[name] += own - child
    return self_us, count


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("graft")
    p.add_argument("pytorch", nargs="?")
    p.add_argument("--top", type=int, default=25)
    a = p.parse_args()
    g, gc = load_ops(a.graft)
    t, tc = load_ops(a.pytorch) if a.pytorch else (collections.Counter(), collections.Counter())
    gt, tt = sum(g.values()), sum(t.values())
    names = sorted(set(g) | set(t), key=lambda n: -max(g[n] / max(gt, 1), t[n] / max(tt, 1)))[:a.top]
    print(f"{'operator':<44}{'graft ms':>10}{'n':>6}{'share':>8}" + (f"{'torch ms':>10}{'n':>6}{'share':>8}" if a.pytorch else ""))
    for n in names:
        line = f"{n[:43]:<44}{g[n] / 1000:>10.1f}{gc[n]:>6}{100 * g[n] / max(gt, 1):>7.1f}%"
        if a.pytorch:
            line += f"{t[n] / 1000:>10.1f}{tc[n]:>6}{100 * t[n] / max(tt, 1):>7.1f}%"
        print(line)
    print(f"{'all operators':<44}{gt / 1000:>10.1f}{sum(gc.values()):>6}{'':>8}"
          + (f"{tt / 1000:>10.1f}{sum(tc.values()):>6}" if a.pytorch else ""))


if __name__ == "__main__":
    main()
