#!/usr/bin/env python3
"""Convert the source book's pre-trained network to .npy files (a one-off
tool, not part of the build).

`sample_weight.pkl` (the file ch03/sample_weight.pkl of the repository
oreilly-japan/deep-learning-from-scratch, MIT licence) is a Python pickle of
a dict of float32 NumPy arrays. Reading a pickle needs Python; the book's
Rust code reads .npy files instead (with the ndarray-npy crate), one per
array, holding exactly the same numbers:

    pip install numpy
    python3 data/tools/convert_weights.py sample_weight.pkl data/dlfs-sample-weight

The script checks the shapes of a 784-50-100-10 network and that every
value survives the round trip bit for bit.
"""

import pickle
import sys
from pathlib import Path

import numpy as np

SHAPES = {
    "W1": (784, 50), "b1": (50,),
    "W2": (50, 100), "b2": (100,),
    "W3": (100, 10), "b3": (10,),
}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: convert_weights.py sample_weight.pkl OUT_DIR")
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    with open(src, "rb") as f:
        network = pickle.load(f)
    if sorted(network) != sorted(SHAPES):
        sys.exit(f"expected the arrays {sorted(SHAPES)}, got {sorted(network)}")
    out.mkdir(parents=True, exist_ok=True)
    for name, shape in SHAPES.items():
        a = network[name]
        if a.dtype != np.float32 or a.shape != shape:
            sys.exit(f"{name}: expected float32 {shape}, got {a.dtype} {a.shape}")
        path = out / f"{name}.npy"
        np.save(path, np.ascontiguousarray(a), allow_pickle=False)
        back = np.load(path, allow_pickle=False)
        if back.dtype != a.dtype or not np.array_equal(
            back.view(np.uint32), a.view(np.uint32)
        ):
            sys.exit(f"{name}: the .npy file does not hold the same bits")
        print(f"{path}: {a.dtype} {a.shape}")


if __name__ == "__main__":
    main()
