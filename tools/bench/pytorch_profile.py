#!/usr/bin/env python3
"""Where the time of one eager-PyTorch training step goes: the Python twin of `graft bench --profile`.

torchvision resnet18 (or --model) with a 1000-class head, synthetic N(0,1) input, labels 0,
cross-entropy, AdamW (lr 1e-4, weight decay 0.01): the step pytorch_throughput.py times. Timers
around copy-in, forward, loss+backward, optimizer; medians over --steps after --warmup. With
--trace, torch.profiler records the last step and writes a Chrome trace that
tools/bench/trace_table.py sets beside Graft's. Also prints which kernels this build uses.

    /usr/bin/python3 tools/bench/pytorch_profile.py --size 64 --batch 64 --threads 1 --trace /tmp/t.json
"""
import argparse
import statistics
import time

import numpy as np
import torch
import torchvision


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="resnet18")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--trace")
    p.add_argument("--table", action="store_true", help="print torch.profiler's own table too")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    print(f"PyTorch {torch.__version__}, mkldnn available {torch.backends.mkldnn.is_available()}, "
          f"enabled {torch.backends.mkldnn.enabled}, intra-op threads {torch.get_num_threads()}, "
          f"inter-op {torch.get_num_interop_threads()}")
    torch.manual_seed(1)
    net = getattr(torchvision.models, a.model)(num_classes=1000)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-4, weight_decay=0.01)
    host = np.random.default_rng(1).standard_normal((a.batch, 3, a.size, a.size), dtype=np.float32)
    y = torch.zeros(a.batch, dtype=torch.long)
    net.train()
    phases = {k: [] for k in ("copy-in", "forward", "loss+backward", "optimizer")}
    totals = []
    for s in range(a.warmup + a.steps):
        prof = None
        if a.trace and s == a.warmup + a.steps - 1:
            prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], record_shapes=True,
                                          profile_memory=True)
            prof.__enter__()
        t = [time.perf_counter()]
        x = torch.from_numpy(host).clone()  # Graft copies its Java array into libtorch; do the same
        t.append(time.perf_counter())
        logits = net(x)
        t.append(time.perf_counter())
        loss = torch.nn.functional.cross_entropy(logits, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        t.append(time.perf_counter())
        opt.step()
        t.append(time.perf_counter())
        if prof is not None:
            prof.__exit__(None, None, None)
            prof.export_chrome_trace(a.trace)
            if a.table:
                print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=25))
        if s >= a.warmup:
            for i, k in enumerate(phases):
                phases[k].append((t[i + 1] - t[i]) * 1000)
            totals.append((t[-1] - t[0]) * 1000)
    med = {k: statistics.median(v) for k, v in phases.items()}
    whole = sum(med.values())
    print(f"{a.model} training step at {a.size}x{a.size}, batch {a.batch}, median of {a.steps} steps: ms per phase (share)")
    print(f"threads {a.threads}: total {statistics.median(totals):.0f} ms, "
          + ", ".join(f"{k} {v:.0f} ({100 * v / whole:.1f}%)" for k, v in med.items()))


if __name__ == "__main__":
    main()
