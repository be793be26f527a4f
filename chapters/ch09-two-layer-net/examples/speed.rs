//! Times chapter 9's speed workloads the way Python's `timeit` does: each
//! workload runs in loops of enough calls to last about 0.2 s, five loops,
//! and the best loop's time per call counts. Prints one JSON object,
//! seconds per call and a check value per workload, read by
//! `bench/compare.sh`. With `--inputs DIR` it first writes the workloads'
//! inputs there as `.npy` files for the NumPy reference.
//!
//! `cargo run --release -p ch09-two-layer-net --example speed [-- --inputs DIR]`

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use ch09_two_layer_net::speed::{SEED, Workloads};

/// Seconds per call of `f`, best of five loops.
fn time(mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    f();
    let once = start.elapsed().as_secs_f64();
    let calls = ((0.2 / once.max(1e-9)) as usize).clamp(1, 1_000_000);
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                f();
            }
            start.elapsed().as_secs_f64() / calls as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let mut w = Workloads::new(SEED);
    let mut args = std::env::args().skip(1);
    if let Some(flag) = args.next() {
        let dir = args.next().map(PathBuf::from);
        match (flag.as_str(), dir) {
            ("--inputs", Some(dir)) => w.save_npy(&dir).unwrap_or_else(|e| {
                panic!("cannot write the inputs to {}: {e}", dir.display())
            }),
            _ => panic!("usage: speed [--inputs DIR]"),
        }
    }
    let checks: Vec<String> = w
        .checks()
        .iter()
        .map(|(name, v)| format!("\"{name}\": {v:e}"))
        .collect();
    let train_step = time(|| {
        black_box(w.train_step());
    });
    let train_step_plain = time(|| {
        black_box(w.train_step_plain());
    });
    let train_step_f32 = time(|| {
        black_box(w.train_step_f32());
    });
    let forward = time(|| {
        black_box(w.forward());
    });
    let sigmoid = time(|| {
        black_box(w.sigmoid());
    });
    let softmax = time(|| {
        black_box(w.softmax_cross_entropy());
    });
    // seconds per call: once is enough, on the untrained network
    let mut w = Workloads::new(SEED);
    let start = Instant::now();
    let full = w.numerical_gradient();
    let numerical = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let local = w.numerical_gradient_local();
    let numerical_local = start.elapsed().as_secs_f64();
    assert!(
        full.iter()
            .zip(&local)
            .all(|(a, b)| a.to_bits() == b.to_bits()),
        "the local numerical gradient must equal the full one bit for bit"
    );
    println!(
        "{{\"train_step\": {train_step:e}, \
         \"train_step_plain\": {train_step_plain:e}, \
         \"train_step_f32\": {train_step_f32:e}, \"forward\": {forward:e}, \
         \"sigmoid\": {sigmoid:e}, \"softmax_cross_entropy\": {softmax:e}, \
         \"numerical_gradient\": {numerical:e}, \
         \"numerical_gradient_local\": {numerical_local:e}, \
         \"checks\": {{{}}}}}",
        checks.join(", ")
    );
}
