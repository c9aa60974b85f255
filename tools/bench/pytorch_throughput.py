#!/usr/bin/env python3
"""The PyTorch baseline for `graft bench`: the same measurement in eager PyTorch on the same machine.

torchvision resnet18 with a 1000-class head, synthetic N(0,1) input, labels 0, cross-entropy,
AdamW (lr 1e-4, weight decay 0.01); `train` times forward + backward + optimizer step, `infer`
times a forward under torch.inference_mode() in eval mode. Median of --steps timed steps after
--warmup untimed ones, per thread count, all in one process, so the rows compare with each other.

Run it with Debian's PyTorch (apt-get install python3-torch python3-torchvision):
    /usr/bin/python3 tools/bench/pytorch_throughput.py --steps 10
and compare with `./graft bench` run right after on the same, otherwise idle, machine.

`graft bench --vs-pytorch` runs it once per measurement with --one, alternating with Graft:
    pytorch_throughput.py --one train --model resnet50 --size 224 --batch 32 --threads 2
prints one JSON line: images/s and ms per step (median), CPU ms per step (median, process time),
and the process's peak resident memory in MB.
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torchvision


def measure(threads, train, batch, size, warmup, steps, model="resnet18", with_cpu=False):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = getattr(torchvision.models, model)(num_classes=1000)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-4, weight_decay=0.01)
    x = torch.randn(batch, 3, size, size)
    y = torch.zeros(batch, dtype=torch.long)
    net.train(train)
    times = []
    cpu = []
    for s in range(warmup + steps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        if train:
            loss = torch.nn.functional.cross_entropy(net(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        else:
            with torch.inference_mode():
                net(x).numpy()
        if s >= warmup:
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    ms = statistics.median(times) * 1000
    if with_cpu:
        return batch * 1000.0 / ms, ms, statistics.median(cpu) * 1000
    return batch * 1000.0 / ms, ms


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--batch", type=int, default=32, help="training batch; inference uses twice this")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--thread-counts", default="1,2")
    p.add_argument("--one", choices=["train", "infer"], help="measure only this, with --threads, and print JSON")
    p.add_argument("--model", default="resnet18", help="torchvision model for --one")
    p.add_argument("--threads", type=int, default=1, help="intra-op threads for --one")
    a = p.parse_args()
    if a.one:
        ips, ms, cpu_ms = measure(a.threads, a.one == "train", a.batch, a.size, a.warmup, a.steps, a.model, True)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
        print(json.dumps({"torch": torch.__version__, "images_per_s": ips, "ms_per_step": ms, "cpu_ms_per_step": cpu_ms,
                          "peak_rss_mb": peak}))
        return
    print(f"PyTorch {torch.__version__}, torchvision resnet18 at {a.size}x{a.size}, synthetic input, "
          f"median of {a.steps} steps")
    print(f"{'threads':<8}{'mode':<8}{'batch':>5}{'images/s':>13}{'ms/step':>11}")
    for t in (int(v) for v in a.thread_counts.split(",")):
        for train in (True, False):
            batch = a.batch if train else 2 * a.batch
            ips, ms = measure(t, train, batch, a.size, a.warmup, a.steps)
            print(f"{t:<8}{'train' if train else 'infer':<8}{batch:>5}{ips:>13.1f}{ms:>11.1f}")


if __name__ == "__main__":
    main()
