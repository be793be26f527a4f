#!/bin/sh
# Chapter 9's speed comparison: Rust (f64, one thread) against the NumPy
# reference (float64, one thread), side by side in one run on this machine.
# Prints a Markdown table of Rust/NumPy time ratios against the issue's
# goals. With --mnist DIR (the four files of the full MNIST) it also times the
# whole training run of the source book's train_neuralnet.py against chapter
# 9's program, on one thread and on every core. With --write it stores the
# tables in bench/results.md, which the appendix page includes (--write needs
# --mnist, so that the page keeps both tables). With --like-avx2 both sides
# use only the AVX2+FMA kernels of their matrix products, as on a CPU without
# AVX-512 (printed, never written: the appendix says what it shows).
#
#   sh chapters/ch09-two-layer-net/bench/compare.sh [--write] [--mnist DIR] [--like-avx2]
#
# numpy is optional for readers of the book: pip install numpy threadpoolctl
set -eu
write=no
mnist=
like_avx2=no
while [ $# -gt 0 ]; do
    case $1 in
        --write) write=yes ;;
        --mnist) mnist=${2:?--mnist needs a folder}; shift ;;
        --like-avx2) like_avx2=yes ;;
        *) echo "usage: compare.sh [--write] [--mnist DIR] [--like-avx2]" >&2
           exit 2 ;;
    esac
    shift
done
if [ $write = yes ] && [ -z "$mnist" ]; then
    echo "--write needs --mnist DIR: results.md holds the training table too" >&2
    exit 2
fi
if [ $write = yes ] && [ $like_avx2 = yes ]; then
    echo "--like-avx2 is not written to results.md" >&2
    exit 2
fi
target=${CARGO_TARGET_DIR:-target}
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, if set, would pin OpenBLAS to other
# kernels than the ones it picks for this CPU: unset for NumPy's runs
openblas="-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE"
if [ $like_avx2 = yes ]; then
    # matrixmultiply reads MMTEST_FEATURE when it is compiled and then
    # detects only the features listed; its own target folder keeps
    # target/release as it is
    export MMTEST_FEATURE=avx2,fma
    target=$target/like-avx2
    openblas="$openblas OPENBLAS_CORETYPE=Haswell"
fi
export CARGO_TARGET_DIR=$target
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cd "$root"
if ! python3 -c 'import numpy' 2>/dev/null; then
    echo "numpy is missing: pip install numpy threadpoolctl" >&2
    exit 1
fi
cargo build --quiet --release -p ch09-two-layer-net --example speed
# the Rust program writes its inputs here; NumPy computes on the same numbers
inputs=$(mktemp -d)
trap 'rm -rf "$inputs"' EXIT
rust=$("$target/release/examples/speed" --inputs "$inputs")
# shellcheck disable=SC2086 # $openblas is a list of env arguments
numpy=$(env $openblas python3 "$here/numpy_ref.py" --inputs "$inputs")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
family=$(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
if grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512f; then
    cpu="$cpu，family $family，有 AVX-512"
else
    cpu="$cpu，family $family，无 AVX-512"
fi
if [ $like_avx2 = yes ]; then
    cpu="$cpu，模拟只有 AVX2 的 CPU：matrixmultiply 只用 AVX2+FMA 内核，OpenBLAS 用 Haswell 内核"
fi
cores=$(nproc)
table=$(RUST="$rust" NUMPY="$numpy" CPU="$cpu" CORES="$cores" python3 - <<'PY'
import json, os
rust, numpy = json.loads(os.environ["RUST"]), json.loads(os.environ["NUMPY"])
# (Rust key, NumPy key, workload, goal or None)
rows = [
    ("train_step", "train_step", "一步训练，f64（784-50-10，批 100）", 0.5),
    ("train_step_plain", "train_step", "一步训练，f64，本书训练所用的照公式写的 sigmoid、softmax", 0.5),
    ("train_step_f32", "train_step_f32", "一步训练，f32", 0.8),
    ("forward", "forward", "前向传播（784-100-10，10,000 张，批 100）", 0.7),
    ("sigmoid", "sigmoid", "sigmoid（100×100）", 1.0),
    ("softmax_cross_entropy", "softmax_cross_entropy", "softmax + 交叉熵（100×10）", 0.3),
    ("numerical_gradient", "numerical_gradient", "完整数值梯度（784-50-10，批 3），两边都逐参数重算整个网络", None),
    ("numerical_gradient_local", "numerical_gradient", "完整数值梯度，Rust 只重算受影响的隐藏神经元（数值逐位相同）", 0.5),
]
def fmt(s):
    for unit, scale in (("s", 1), ("ms", 1e3), ("µs", 1e6)):
        if s * scale >= 1:
            return f"{s * scale:.3g}\u00a0{unit}"
    return f"{s * 1e9:.3g}\u00a0ns"
blas = numpy.get("blas")
if isinstance(blas, list):
    blas = "; ".join(f"{b['internal_api']} {b['version']}, 内核 {b['architecture']}, "
                     f"{b['num_threads']} 线程" for b in blas)
print(f"CPU：{os.environ['CPU']}（{os.environ['CORES']} 核）；NumPy {numpy['numpy']}（{blas}）；除标明 f32 的一行外全部 f64，单线程。")
print()
print("| 工作量 | Rust | NumPy | Rust/NumPy | 目标 | 达到 |")
print("|---|---:|---:|---:|---:|:---:|")
for rust_key, numpy_key, name, goal in rows:
    r, n = rust[rust_key], numpy[numpy_key]
    ratio = r / n
    if goal is None:
        print(f"| {name} | {fmt(r)} | {fmt(n)} | {ratio:.2f} | — | — |")
    else:
        ok = "是" if ratio <= goal else "否"
        print(f"| {name} | {fmt(r)} | {fmt(n)} | {ratio:.2f} | ≤\u00a0{goal} | {ok} |")
# both sides computed the same thing: one check value per workload
worst = 0.0
for key, numpy_key, tol in (("train_step", "train_step", 1e-9),
                 ("train_step_plain", "train_step", 1e-9),
                 ("train_step_f32", "train_step_f32", 1e-5), ("forward", "forward", 1e-9),
                 ("sigmoid", "sigmoid", 1e-9),
                 ("softmax_cross_entropy", "softmax_cross_entropy", 1e-9),
                 ("numerical_gradient", "numerical_gradient", 1e-9)):
    r, n = rust["checks"][key], numpy["checks"][numpy_key]
    diff = abs(r - n) / max(abs(r), abs(n))
    if diff > tol:
        raise SystemExit(f"{key}: Rust {r!r} and NumPy {n!r} differ by {diff:.1e}")
    if key != "train_step_f32":
        worst = max(worst, diff)
print()
print(f"两边在同样的输入上算出同样的结果：每个工作量比较一个校验值，"
      f"f64 的最大相对差 {worst:.0e}，f32 的一步训练 "
      f"{abs(rust['checks']['train_step_f32'] - numpy['checks']['train_step_f32']) / numpy['checks']['train_step_f32']:.0e}。")

# multiply-adds of the matrix products, which take nearly all the time:
# a step is layer 1 forward (100x784 by 784x50) and its weight gradient
# (784x100 by 100x50), plus three small products with the 10 outputs
step_fma = 100 * (2 * 784 * 50 + 3 * 50 * 10)
forward_fma = 10_000 * (784 * 100 + 100 * 10)
print()
print("一步训练和前向传播的时间几乎都花在矩阵乘法上。按每秒浮点运算次数（一次乘加算两次）折算：")
print()
print("| 工作量 | 浮点运算 | Rust | NumPy |")
print("|---|---:|---:|---:|")
for key, name, fma in (
    ("train_step", "一步训练，f64", step_fma),
    ("train_step_f32", "一步训练，f32", step_fma),
    ("forward", "前向传播，f64", forward_fma),
):
    flops = 2 * fma
    print(f"| {name} | {flops / 1e6:.1f}\u00a0M | {flops / rust[key] / 1e9:.0f}\u00a0GFLOP/s "
          f"| {flops / numpy[key] / 1e9:.0f}\u00a0GFLOP/s |")
# the ceiling: what one core does with nothing but fused multiply-adds
p64, p32 = rust.get("peak_f64"), rust.get("peak_f32")
if p64 and p32:
    print()
    print(f"作为参照：这台 CPU 的一个核每秒最多做约 {p64['ops'] / 1e9:.0f}\u00a0GFLOP（f64）、"
          f"{p32['ops'] / 1e9:.0f}\u00a0GFLOP（f32）——计时程序让 12 串互不依赖的融合乘加"
          f"在 {p64['vectors']} 向量上连续运行测得，任何矩阵乘法都不会比这更快。")
PY
)
if [ -n "$mnist" ]; then
    mnist=$(cd "$mnist" && pwd)
    cargo build --quiet --release -p ch09-two-layer-net
    # the all-core row: the same program with threaded matrix products,
    # built in a target folder of its own so target/release keeps the
    # book's binary
    cargo build --quiet --release -p ch09-two-layer-net --features threads \
        --target-dir "$target/threads"
    # shellcheck disable=SC2086
    training=$(env $openblas python3 "$here/train_compare.py" "$mnist" \
        "$target/release/ch09-two-layer-net" \
        "$target/threads/release/ch09-two-layer-net")
    table="$table

$training"
fi
echo "$table"
if [ $write = yes ]; then
    printf '%s\n' "$table" > "$here/results.md"
    echo "written: $here/results.md" >&2
fi
