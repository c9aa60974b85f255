"""Writes the quick start's two test images: the first Sneaker and the first Bag of Fashion-MNIST's
test split (Zalando, MIT licence), as 28x28 grey PNGs. Run with Debian's python3 (numpy, PIL)."""
import gzip
import pathlib

import numpy as np
from PIL import Image

SRC = pathlib.Path("/usr/share/datasets/fashion-mnist")
OUT = pathlib.Path(__file__).parent


def read(name, offset):
    with gzip.open(SRC / name) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


images = read("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)
labels = read("t10k-labels-idx1-ubyte.gz", 8)
for cls, name in [(7, "sneaker"), (8, "bag")]:
    index = int(np.nonzero(labels == cls)[0][0])
    Image.fromarray(images[index], mode="L").save(OUT / f"{name}.png")
    print(f"{name}.png: test image {index}")
