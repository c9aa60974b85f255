#!/usr/bin/env python3
"""Writes a photo-sized ImageFolder for `graft bench --data DIR` when no real one is at hand.

Each class folder gets --per-class images of --width x --height (default 500x375, the typical
ImageNet photo), mostly JPEG (quality 90) with every fifth one PNG. The content is built to cost
what a photo costs to decode: smooth colour gradients, overlapping shapes, fine texture and
sensor-like noise, so the JPEG entropy is photo-like rather than flat. Seeded, so the folder is
the same on every machine.

    /usr/bin/python3 tools/bench/make_image_folder.py /tmp/photos --classes 4 --per-class 100
"""
import argparse
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def photo(rng, w, h):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w, 3), np.float32)
    for c in range(3):
        a, b, d = rng.uniform(-1, 1, 3)
        img[..., c] = 128 + 60 * np.sin(a * xx / w * 6 + b * yy / h * 6 + d * 3)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(pil)
    for _ in range(int(rng.integers(8, 20))):
        x0, y0 = rng.integers(0, w), rng.integers(0, h)
        x1, y1 = x0 + rng.integers(20, w // 2), y0 + rng.integers(20, h // 2)
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)([x0, y0, x1, y1], fill=colour)
    pil = pil.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.5, 2.0))))
    arr = np.asarray(pil).astype(np.float32)
    texture = rng.normal(0, 12, (h // 4 + 1, w // 4 + 1, 3)).repeat(4, 0).repeat(4, 1)[:h, :w]
    arr += texture + rng.normal(0, 4, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--classes", type=int, default=4)
    p.add_argument("--per-class", type=int, default=100)
    p.add_argument("--width", type=int, default=500)
    p.add_argument("--height", type=int, default=375)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    for c in range(a.classes):
        d = os.path.join(a.out, f"class{c}")
        os.makedirs(d, exist_ok=True)
        for i in range(a.per_class):
            img = photo(rng, a.width, a.height)
            if i % 5 == 4:
                img.save(os.path.join(d, f"{i:05d}.png"))
            else:
                img.save(os.path.join(d, f"{i:05d}.jpg"), quality=90)
    print(f"wrote {a.classes * a.per_class} images of {a.width}x{a.height} under {a.out}")


if __name__ == "__main__":
    main()
