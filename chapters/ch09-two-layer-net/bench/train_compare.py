#!/usr/bin/env python3
"""The whole training run, side by side: chapter 9's program against
train_ref.py (the source book's train_neuralnet.py), on one thread and on
every core, each run twice in turn and the faster run counted. Called by
compare.sh with --mnist; prints a Markdown table.

    python3 train_compare.py MNIST_DIR RUST_BINARY RUST_THREADED_BINARY
"""

import json
import os
import re
import subprocess
import sys
import time

if len(sys.argv) != 4:
    sys.exit("usage: train_compare.py MNIST_DIR RUST_BINARY RUST_THREADED_BINARY")
DATA, RUST, RUST_THREADED = sys.argv[1:]
HERE = os.path.dirname(os.path.abspath(__file__))
CORES = os.cpu_count()
ITERS = 10_000


def run(argv, env=None):
    """Seconds of wall time and stdout of one run."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{argv[0]} failed:\n{done.stderr}")
    return seconds, done.stdout


def rust(binary, threads, *flags):
    seconds, out = run([binary, "--iters", str(ITERS), "--data", DATA, *flags],
                       {"MATMUL_NUM_THREADS": str(threads)})
    number = lambda label: float(re.search(label + r"：\s*([0-9.]+)", out)[1])
    return seconds, {"loss": number("最后一批的损失"),
                     "train_acc": number("训练数据的识别精度"),
                     "test_acc": number("测试数据的识别精度")}


def numpy(threads):
    seconds, out = run([sys.executable, os.path.join(HERE, "train_ref.py"),
                        DATA, "--threads", str(threads)])
    return seconds, json.loads(out)


best = {}
results = {}
for _ in range(2):
    for key, f in (("rust-1", lambda: rust(RUST, 1)),
                   ("rust-sparse", lambda: rust(RUST, 1, "--sparse")),
                   ("numpy-1", lambda: numpy(1)),
                   ("rust-n", lambda: rust(RUST_THREADED, CORES)),
                   ("numpy-n", lambda: numpy(CORES))):
        seconds, result = f()
        best[key] = min(best.get(key, seconds), seconds)
        results[key] = result

# both sides trained the same kind of network equally well
for key, r in results.items():
    if not 0.93 <= r["test_acc"] <= 0.96:
        sys.exit(f"{key}: test accuracy {r['test_acc']} is not around 0.945")
for key, what in (("rust-n", "threaded matrix products"),
                  ("rust-sparse", "skipping the zero pixels")):
    if results["rust-1"] != results[key]:
        sys.exit(f"{what} changed Rust's results: "
                 f"{results['rust-1']} vs {results[key]}")

print(f"整个训练：原书 `ch04/train_neuralnet.py` 的做法（784-50-10，{ITERS} 次迭代，"
      "批大小 100，学习率 0.1，每个 epoch 在全部 60,000 张训练图像和 10,000 张测试图像上"
      "测识别精度），完整的 MNIST。Rust 是第 9 章的程序 "
      f"`--iters {ITERS} --data DIR`，照公式做稠密的矩阵乘法；第二行加上 `--sparse`，乘法跳过为 0 的像素；"
      "用全部核的一行不加 `--sparse`。NumPy 是 `bench/train_ref.py`；"
      "计的是从启动到退出的整个进程（读数据在内），两边轮流各跑两次，取快的一次。")
print()
print("| 整个训练 | Rust | NumPy | Rust/NumPy | 目标 | 达到 |")
print("|---|---:|---:|---:|---:|:---:|")
for rust_key, numpy_key, name, goal in (
        ("rust-1", "numpy-1", "单线程", None),
        ("rust-sparse", "numpy-1", "单线程，`--sparse`", 0.4),
        ("rust-n", "numpy-n", f"两边都用全部 {CORES} 个核", None)):
    r, n = best[rust_key], best[numpy_key]
    if goal is None:
        print(f"| {name} | {r:.1f}\u00a0s | {n:.1f}\u00a0s | {r / n:.2f} | — | — |")
    else:
        ok = "是" if r / n <= goal else "否"
        print(f"| {name} | {r:.1f}\u00a0s | {n:.1f}\u00a0s | {r / n:.2f} "
              f"| ≤\u00a0{goal} | {ok} |")
r, n = results["rust-1"], results["numpy-1"]
print()
print(f"训练结束时的识别精度（训练 / 测试）：Rust {r['train_acc']:.4f} / "
      f"{r['test_acc']:.4f}，NumPy {n['train_acc']:.4f} / {n['test_acc']:.4f}"
      "（NumPy 的是最后一次测量，第 9600 次迭代之后；两边的随机数不同，所以只是相近）；"
      "Rust 用一个线程、用全部核、加 `--sparse` 算出的损失和识别精度都相同。")
