#!/usr/bin/python3
"""Prints the comparison table of docs/PRETRAINING.md from the studies under a folder.

Usage: /usr/bin/python3 tools/pretrain/compare.py runs/cmp-study
Expects STUDY_ROOT/<candidate>/<task>/study.json, with the scratch cells under the candidate
'scratch'. Prints one markdown row per (task, candidate): test accuracy mean ± sd over seeds of
each strategy, the gap to scratch, and the median time to 90% of the final validation accuracy
relative to scratch's (wall seconds: only comparable between runs on an equally loaded machine).
"""
import glob
import json
import os
import statistics as st
import sys


def load(root):
    cells = {}
    for f in sorted(glob.glob(os.path.join(root, "*", "*", "study.json"))):
        cand, task = f.split(os.sep)[-3:-1]
        d = json.load(open(f))
        c = d["cells"]
        for cell in (c.values() if isinstance(c, dict) else c):
            cells.setdefault((task, cand, cell["strategy"]), []).append(cell)
    return cells


def fmt(v):
    return "%.1f ± %.1f" % (st.mean(v), st.stdev(v)) if len(v) > 1 else "%.1f" % v[0]


def main(root):
    cells = load(root)
    tasks = sorted({k[0] for k in cells})
    print("| task | backbone | linear-probe | Δ vs scratch | fine-tune | Δ vs scratch | time to 90%, fine-tune / scratch | seeds |")
    print("|---|---|---|---|---|---|---|---|")
    for t in tasks:
        sc = cells.get((t, "scratch", "scratch"))
        if not sc:
            continue
        s_acc = [100 * c["testAccuracy"] for c in sc]
        s_time = st.median(c["secondsToTarget"] for c in sc)
        print("| %s | scratch | | | %s | | 1 | %d |" % (t, fmt(s_acc), len(sc)))
        for cand in sorted({k[1] for k in cells if k[0] == t and k[1] != "scratch"}):
            lp = [100 * c["testAccuracy"] for c in cells.get((t, cand, "linear-probe"), [])]
            ft = [100 * c["testAccuracy"] for c in cells.get((t, cand, "fine-tune"), [])]
            ftc = cells.get((t, cand, "fine-tune"), [])
            ratio = "%.2f" % (st.median(c["secondsToTarget"] for c in ftc) / s_time) if ftc and s_time > 0 else ""
            print("| %s | %s | %s | %s | %s | %s | %s | %d/%d |" % (
                t, cand, fmt(lp) if lp else "", "%+.1f" % (st.mean(lp) - st.mean(s_acc)) if lp else "",
                fmt(ft) if ft else "", "%+.1f" % (st.mean(ft) - st.mean(s_acc)) if ft else "", ratio, len(lp), len(ft)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/cmp-study")
