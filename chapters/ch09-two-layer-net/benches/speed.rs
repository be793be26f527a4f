//! Chapter 9's benchmarks: `cargo bench -p ch09-two-layer-net [-- NAME]`.
//! Every workload is in f64 but one training step in f32 (see
//! `ch09_two_layer_net::speed`).
//!
//! A small harness on `std::time` alone (a benchmark framework would be
//! compiled by every `cargo test` too, as a dev-dependency): each workload
//! is warmed up, then timed in samples of enough calls to last about
//! 0.1 s; it prints the fastest, median and slowest sample's time per
//! call. The numerical gradients take seconds a call: ten samples of one
//! call each. Arguments that are not flags pick the workloads whose names
//! contain them. `bench/compare.sh` compares the same workloads with NumPy;
//! the two `mnist/` ones are Rust's alone: one iteration of the training
//! loop on MNIST images (a fresh batch each call), with dense products as
//! `train` computes them and with `--sparse`'s.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ch07_minibatch::{sample_with_replacement, take_rows};
use ch09_two_layer_net::sparse::{self, SparseRows};
use ch09_two_layer_net::speed::{SEED, Workloads};
use ch09_two_layer_net::{TwoLayerNet, bundled};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// How long to run a workload before timing it.
const WARM_UP: Duration = Duration::from_millis(500);
/// The time a sample should last.
const SAMPLE: Duration = Duration::from_millis(100);
/// Samples of a fast workload.
const SAMPLES: usize = 30;
/// Samples of a slow one (a call or more a sample).
const SLOW_SAMPLES: usize = 10;

/// Times of one workload's samples, per call, fastest first.
struct Timing {
    per_call: Vec<Duration>,
    calls: usize,
}

/// Warms `f` up, then times `samples` samples of it.
fn measure(samples: usize, mut f: impl FnMut()) -> Timing {
    let start = Instant::now();
    let mut warm_calls = 0u32;
    while start.elapsed() < WARM_UP || warm_calls == 0 {
        f();
        warm_calls += 1;
    }
    let once = start.elapsed() / warm_calls;
    let calls = (SAMPLE.as_secs_f64() / once.as_secs_f64().max(1e-9))
        .clamp(1.0, 1e7) as usize;
    let mut per_call: Vec<Duration> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                f();
            }
            start.elapsed() / calls as u32
        })
        .collect();
    per_call.sort();
    Timing { per_call, calls }
}

/// Runs the workload `name` unless the command line's filters leave it out.
fn bench(filters: &[String], name: &str, samples: usize, f: impl FnMut()) {
    if !filters.is_empty() && !filters.iter().any(|f| name.contains(f)) {
        return;
    }
    let t = measure(samples, f);
    let (fastest, slowest) = (t.per_call[0], t.per_call[t.per_call.len() - 1]);
    let median = t.per_call[t.per_call.len() / 2];
    println!("{name}");
    println!(
        "    time: fastest {fastest:.3?}, median {median:.3?}, slowest \
         {slowest:.3?} ({} samples of {} call{})",
        t.per_call.len(),
        t.calls,
        if t.calls == 1 { "" } else { "s" }
    );
}

fn main() {
    // `cargo bench` passes `--bench`; any other word filters by name.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut w = Workloads::new(SEED);
    bench(
        &filters,
        "train_step 784-50-10 batch 100 f64",
        SAMPLES,
        || {
            black_box(w.train_step());
        },
    );
    bench(
        &filters,
        "train_step 784-50-10 batch 100 f64, plain",
        SAMPLES,
        || {
            black_box(w.train_step_plain());
        },
    );
    bench(
        &filters,
        "train_step 784-50-10 batch 100 f32",
        SAMPLES,
        || {
            black_box(w.train_step_f32());
        },
    );
    bench(
        &filters,
        "forward 10000 images 784-100-10 batch 100 f64",
        SAMPLES,
        || {
            black_box(w.forward());
        },
    );
    bench(&filters, "sigmoid 100x100 f64", SAMPLES, || {
        black_box(w.sigmoid());
    });
    bench(
        &filters,
        "softmax + cross-entropy 100x10 f64",
        SAMPLES,
        || {
            black_box(w.softmax_cross_entropy());
        },
    );
    // one iteration of the training loop on MNIST images (the bundled
    // 5000), as `train` does it and as `sparse::train` does it
    let (images, _) = bundled().expect("the bundled MNIST subset");
    let sparse_x = SparseRows::of(images.x.view());
    let batches = |seed| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        move || {
            sample_with_replacement(&mut rng, images.x.nrows(), 100)
                .expect("100 of 5000")
        }
    };
    let mut net = TwoLayerNet::mnist(50, SEED).expect("784-50-10");
    let mut batch = batches(SEED);
    bench(
        &filters,
        "mnist/iteration 784-50-10 batch 100 f64, dense",
        SAMPLES,
        || {
            let rows = batch();
            let (x, t) =
                (take_rows(&images.x, &rows), take_rows(&images.t, &rows));
            let grads = net.gradient(x.view(), t.view()).expect("fits");
            net.step(&grads, 0.1);
            black_box(net.loss(x.view(), t.view()).expect("finite"));
        },
    );
    let mut net = TwoLayerNet::mnist(50, SEED).expect("784-50-10");
    let mut batch = batches(SEED);
    bench(
        &filters,
        "mnist/iteration 784-50-10 batch 100 f64, --sparse",
        SAMPLES,
        || {
            let rows = batch();
            let t = take_rows(&images.t, &rows);
            let grads = sparse::gradient(&net, &sparse_x, &rows, t.view())
                .expect("fits");
            net.step(&grads, 0.1);
            black_box(
                sparse::loss(&net, &sparse_x, &rows, t.view()).expect("finite"),
            );
        },
    );
    let mut w = Workloads::new(SEED);
    bench(
        &filters,
        "slow/numerical gradient 784-50-10 batch 3 f64",
        SLOW_SAMPLES,
        || {
            black_box(w.numerical_gradient());
        },
    );
    bench(
        &filters,
        "slow/numerical gradient, local, 784-50-10 batch 3 f64",
        SLOW_SAMPLES,
        || {
            black_box(w.numerical_gradient_local());
        },
    );
}
