#!/usr/bin/python3
"""Builds the validation tasks of docs/PRETRAINING.md's comparison protocol as ImageFolders.

Every image comes from Fashion-MNIST's *training* split, so no candidate is chosen on the test
split the demo reports. Usage: /usr/bin/python3 tools/pretrain/make_tasks.py OUT_DIR
Writes OUT_DIR/fmnist59-val (classes 5-9 as they are) and OUT_DIR/fmnist59-rotinv-val (the same
images turned 90 degrees and inverted: black garments on white, lying on their side), each with
train/ (300 per class, the pool the study draws 10 from), val/ (10 per class) and test/ (200 per class).
"""
import gzip
import os
import sys

import numpy as np
from PIL import Image

FM = os.environ.get("GRAFT_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")
NAMES = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]
SPLITS = {"train": 300, "val": 10, "test": 200}


def load():
    with gzip.open(os.path.join(FM, "train-images-idx3-ubyte.gz")) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(os.path.join(FM, "train-labels-idx1-ubyte.gz")) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    return x, y


def main(out):
    x, y = load()
    rng = np.random.default_rng(20261207)
    variants = {"fmnist59-val": lambda im: im, "fmnist59-rotinv-val": lambda im: 255 - np.rot90(im)}
    for c in range(5, 10):
        idx = rng.permutation(np.flatnonzero(y == c))
        start = 0
        for split, n in SPLITS.items():
            for k, i in enumerate(idx[start:start + n]):
                for name, f in variants.items():
                    d = os.path.join(out, name, split, NAMES[c])
                    os.makedirs(d, exist_ok=True)
                    Image.fromarray(np.ascontiguousarray(f(x[i]))).save(os.path.join(d, "%05d.png" % i))
            start += n


if __name__ == "__main__":
    main(sys.argv[1])
