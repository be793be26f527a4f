#!/usr/bin/env python3
"""NumPy reference for chapter 9's speed workloads (appendix "Rust 与 NumPy
的速度对比").

The same workloads as chapters/ch09-two-layer-net/src/speed.rs, written the
way the source book's Python code computes them (sigmoid, softmax with the
max subtracted, cross-entropy with delta = 1e-7, the two-layer network's
predict and backprop gradient, the numerical gradient by central
differences over every parameter), in float64 as the source book's network
computes (its weights are float64), plus the training step in float32;
single-threaded.

numpy is optional for readers of the book; to run this script install it:

    pip install numpy            # threadpoolctl too, to report the BLAS kernel

Prints one JSON object: seconds per call of each workload, best of five
timeit loops, and one check value per workload. With --inputs DIR it reads
the inputs that the Rust timing program wrote there (.npy files) instead of
drawing its own, so that the check values can be compared with Rust's:

    python3 numpy_ref.py [--inputs DIR]
"""

import json
import os
import sys
import timeit

# one thread, as the Rust code uses: set before numpy is imported
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

try:
    import numpy as np
except ImportError:
    sys.exit("numpy is missing: pip install numpy")

BATCH = 100
FORWARD_IMAGES = 10_000
NUMERICAL_BATCH = 3
DELTA = 1e-7
H = 1e-4


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(a):
    # row by row: subtract each row's maximum against overflow
    a = a - a.max(axis=1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy_error(y, t):
    return -np.sum(t * np.log(y + DELTA)) / y.shape[0]


class Net:
    """784-hidden-10: sigmoid hidden layer, softmax output."""

    def __init__(self, hidden, rng):
        self.params = {
            "W1": 0.01 * rng.standard_normal((784, hidden)),
            "b1": np.zeros(hidden),
            "W2": 0.01 * rng.standard_normal((hidden, 10)),
            "b2": np.zeros(10),
        }

    @staticmethod
    def load(directory, prefix):
        """The network whose parameters are in DIR/PREFIX_W1.npy etc."""
        net = Net.__new__(Net)
        net.params = {k: np.load(os.path.join(directory, f"{prefix}_{k}.npy"))
                      for k in ("W1", "b1", "W2", "b2")}
        return net

    def as_float32(self):
        """The same network with every parameter rounded to float32."""
        net = Net.__new__(Net)
        net.params = {k: v.astype(np.float32) for k, v in self.params.items()}
        return net

    def predict(self, x):
        p = self.params
        z1 = sigmoid(x @ p["W1"] + p["b1"])
        return softmax(z1 @ p["W2"] + p["b2"])

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def gradient(self, x, t):
        p = self.params
        a1 = x @ p["W1"] + p["b1"]
        z1 = sigmoid(a1)
        y = softmax(z1 @ p["W2"] + p["b2"])
        da2 = (y - t) / x.shape[0]
        grads = {"W2": z1.T @ da2, "b2": da2.sum(axis=0)}
        da1 = (da2 @ p["W2"].T) * z1 * (1.0 - z1)
        grads["W1"] = x.T @ da1
        grads["b1"] = da1.sum(axis=0)
        return grads

    def numerical_gradient(self, x, t):
        grads = {}
        for name, param in self.params.items():
            grad = np.zeros_like(param)
            it = np.nditer(param, flags=["multi_index"])
            while not it.finished:
                i = it.multi_index
                keep = param[i]
                param[i] = keep + H
                up = self.loss(x, t)
                param[i] = keep - H
                down = self.loss(x, t)
                grad[i] = (up - down) / (2 * H)
                param[i] = keep
                it.iternext()
            grads[name] = grad
        return grads


def best(f):
    """Seconds per call, timeit style: loops of ~0.2 s, best of five."""
    timer = timeit.Timer(f)
    calls, _ = timer.autorange()
    calls = max(1, int(calls * 0.2 / max(timer.timeit(calls), 1e-9)))
    return min(timer.repeat(repeat=5, number=calls)) / calls


def main():
    inputs = None
    if len(sys.argv) == 3 and sys.argv[1] == "--inputs":
        inputs = sys.argv[2]
    elif len(sys.argv) != 1:
        sys.exit("usage: numpy_ref.py [--inputs DIR]")
    if inputs:
        load = lambda name: np.load(os.path.join(inputs, name + ".npy"))
        x, t = load("x"), load("t")
        train_net = Net.load(inputs, "train")
        forward_net = Net.load(inputs, "forward")
        images, square, scores = load("images"), load("square"), load("scores")
    else:
        rng = np.random.default_rng(1)
        x = rng.random((BATCH, 784))
        t = np.zeros((BATCH, 10))
        t[np.arange(BATCH), rng.integers(0, 10, BATCH)] = 1.0
        train_net = Net(50, rng)
        forward_net = Net(100, rng)
        images = rng.random((FORWARD_IMAGES, 784))
        square = rng.random((100, 100)) * 10.0 - 5.0
        scores = rng.random((BATCH, 10)) * 10.0 - 5.0
    train_net32 = train_net.as_float32()
    x32, t32 = x.astype(np.float32), t.astype(np.float32)
    # a fresh copy for the numerical gradient, before any training step
    numerical_net = Net.__new__(Net)
    numerical_net.params = {k: v.copy() for k, v in train_net.params.items()}

    # the check values, on the inputs as drawn (see speed.rs, checks)
    def abs_sum(grads):
        return float(sum(np.abs(g.astype(np.float64)).sum()
                         for g in grads.values()))
    squares = sum(float((forward_net.predict(images[i:i + BATCH]) ** 2).sum())
                  for i in range(0, FORWARD_IMAGES, BATCH))
    checks = {
        "train_step": abs_sum(train_net.gradient(x, t)),
        "train_step_f32": abs_sum(train_net32.gradient(x32, t32)),
        "forward": squares,
        "sigmoid": float(sigmoid(square).sum()),
        "softmax_cross_entropy": float(cross_entropy_error(softmax(scores), t)),
    }

    def train_step():
        grads = train_net.gradient(x, t)
        for name, g in grads.items():
            train_net.params[name] -= 0.1 * g

    def train_step_f32():
        grads = train_net32.gradient(x32, t32)
        for name, g in grads.items():
            train_net32.params[name] -= np.float32(0.1) * g

    def forward():
        total = 0.0
        for start in range(0, FORWARD_IMAGES, BATCH):
            total += forward_net.predict(images[start:start + BATCH]).sum()
        return total

    results = {
        "train_step": best(train_step),
        "train_step_f32": best(train_step_f32),
        "forward": best(forward),
        "sigmoid": best(lambda: sigmoid(square)),
        "softmax_cross_entropy": best(
            lambda: cross_entropy_error(softmax(scores), t)),
    }
    # seconds per call: once is enough, on the untrained network
    grads = {}
    def numerical():
        grads.update(numerical_net.numerical_gradient(
            x[:NUMERICAL_BATCH], t[:NUMERICAL_BATCH]))
    results["numerical_gradient"] = timeit.timeit(numerical, number=1)
    checks["numerical_gradient"] = float(np.abs(grads["W1"]).sum())
    results["checks"] = checks
    results["numpy"] = np.__version__
    try:
        from threadpoolctl import threadpool_info
        results["blas"] = [
            {k: info.get(k) for k in
             ("internal_api", "version", "architecture", "num_threads")}
            for info in threadpool_info()]
    except ImportError:
        results["blas"] = "unknown (pip install threadpoolctl)"
    print(json.dumps(results))


if __name__ == "__main__":
    main()
