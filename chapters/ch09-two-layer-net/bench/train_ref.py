#!/usr/bin/env python3
"""NumPy reference for the whole training run of the appendix ("Rust 与 NumPy
的速度对比"): what the source book's ch04/train_neuralnet.py computes, step
for step, so that its time can be compared with chapter 9's program
(`ch09-two-layer-net --iters 10000 --data DIR`).

The same work as that script, including the work it repeats: images read as
float32 and divided by 255 (the first product turns them into float64),
one-hot labels, weights 0.01 * randn in float64, 10,000 iterations, batches
of 100 drawn with replacement, learning rate 0.1, the backprop gradient with
the sigmoid computed again for its derivative, softmax taking exp twice, the
batch loss after every step (one more forward pass), and every epoch (600
iterations) the accuracy on all training and all test images. The numbers
differ from Rust's only because NumPy draws other random numbers.

    python3 train_ref.py DIR [--threads N]

DIR holds the four MNIST files (raw or gzipped). Prints one JSON object:
the seconds from start to end (reading the data included), the seconds of
the training loop alone, the final batch loss and accuracies.
"""

import gzip
import json
import os
import sys
import time

START = time.perf_counter()

args = sys.argv[1:]
threads = "1"
if "--threads" in args:
    i = args.index("--threads")
    threads = args[i + 1]
    del args[i:i + 2]
if len(args) != 1:
    sys.exit("usage: train_ref.py DIR [--threads N]")
DATA = args[0]
# the thread count must be set before numpy is imported
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = threads

try:
    import numpy as np
except ImportError:
    sys.exit("numpy is missing: pip install numpy")

ITERS, BATCH, LR, HIDDEN = 10_000, 100, 0.1, 50


def read_idx(name, offset):
    """The bytes after the header of DATA/name, gzipped or not."""
    for path, opener in ((name, open), (name + ".gz", gzip.open)):
        full = os.path.join(DATA, path)
        if os.path.exists(full):
            with opener(full, "rb") as f:
                return np.frombuffer(f.read(), np.uint8, offset=offset)
    sys.exit(f"{name}(.gz) not found in {DATA}")


def images(name):
    return read_idx(name, 16).reshape(-1, 784).astype(np.float32) / 255.0


def one_hot(name):
    labels = read_idx(name, 8)
    t = np.zeros((labels.size, 10))
    t[np.arange(labels.size), labels] = 1.0
    return t


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(a):
    # as the source book's 2-D softmax: transposed, exp taken twice
    a = a.T
    a = a - np.max(a, axis=0)
    return (np.exp(a) / np.sum(np.exp(a), axis=0)).T


def cross_entropy_error(y, t):
    labels = t.argmax(axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), labels] + 1e-7)) / n


class TwoLayerNet:
    def __init__(self):
        self.p = {
            "W1": 0.01 * np.random.randn(784, HIDDEN),
            "b1": np.zeros(HIDDEN),
            "W2": 0.01 * np.random.randn(HIDDEN, 10),
            "b2": np.zeros(10),
        }

    def predict(self, x):
        p = self.p
        z1 = sigmoid(np.dot(x, p["W1"]) + p["b1"])
        return softmax(np.dot(z1, p["W2"]) + p["b2"])

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def accuracy(self, x, t):
        y = self.predict(x).argmax(axis=1)
        return float(np.sum(y == t.argmax(axis=1)) / x.shape[0])

    def gradient(self, x, t):
        p = self.p
        a1 = np.dot(x, p["W1"]) + p["b1"]
        z1 = sigmoid(a1)
        y = softmax(np.dot(z1, p["W2"]) + p["b2"])
        dy = (y - t) / x.shape[0]
        g = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}
        dz1 = (1.0 - sigmoid(a1)) * sigmoid(a1) * np.dot(dy, p["W2"].T)
        g["W1"] = np.dot(x.T, dz1)
        g["b1"] = np.sum(dz1, axis=0)
        return g


def main():
    x_train = images("train-images-idx3-ubyte")
    t_train = one_hot("train-labels-idx1-ubyte")
    x_test = images("t10k-images-idx3-ubyte")
    t_test = one_hot("t10k-labels-idx1-ubyte")
    np.random.seed(1)
    net = TwoLayerNet()
    train_size = x_train.shape[0]
    per_epoch = max(train_size // BATCH, 1)
    losses, accuracies = [], []
    loop_start = time.perf_counter()
    for i in range(ITERS):
        mask = np.random.choice(train_size, BATCH)
        x_batch, t_batch = x_train[mask], t_train[mask]
        grad = net.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            net.p[key] -= LR * grad[key]
        losses.append(net.loss(x_batch, t_batch))
        if i % per_epoch == 0:
            accuracies.append((net.accuracy(x_train, t_train),
                               net.accuracy(x_test, t_test)))
    end = time.perf_counter()
    print(json.dumps({
        "seconds": end - START,
        "loop_seconds": end - loop_start,
        "loss": float(losses[-1]),
        "train_acc": accuracies[-1][0],
        "test_acc": accuracies[-1][1],
        "threads": int(threads),
    }))


if __name__ == "__main__":
    main()
