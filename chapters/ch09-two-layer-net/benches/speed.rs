//! Chapter 9's benchmarks: `cargo bench -p ch09-two-layer-net`.
//! Every workload is in f64 but one training step in f32 (see
//! `ch09_two_layer_net::speed`).

use std::hint::black_box;
use std::time::Duration;

use ch09_two_layer_net::speed::{SEED, Workloads};
use criterion::{Criterion, criterion_group, criterion_main};

fn small(c: &mut Criterion) {
    let mut w = Workloads::new(SEED);
    c.bench_function("train_step 784-50-10 batch 100 f64", |b| {
        b.iter(|| black_box(w.train_step()))
    });
    c.bench_function("train_step 784-50-10 batch 100 f64, plain", |b| {
        b.iter(|| black_box(w.train_step_plain()))
    });
    c.bench_function("train_step 784-50-10 batch 100 f32", |b| {
        b.iter(|| black_box(w.train_step_f32()))
    });
    c.bench_function("forward 10000 images 784-100-10 batch 100 f64", |b| {
        b.iter(|| black_box(w.forward()))
    });
    c.bench_function("sigmoid 100x100 f64", |b| {
        b.iter(|| black_box(w.sigmoid()))
    });
    c.bench_function("softmax + cross-entropy 100x10 f64", |b| {
        b.iter(|| black_box(w.softmax_cross_entropy()))
    });
}

fn numerical(c: &mut Criterion) {
    let mut w = Workloads::new(SEED);
    let mut group = c.benchmark_group("slow");
    // seconds per run: criterion's smallest sample, no warm-up to speak of
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    group.bench_function("numerical gradient 784-50-10 batch 3 f64", |b| {
        b.iter(|| black_box(w.numerical_gradient()))
    });
    group.bench_function(
        "numerical gradient, local, 784-50-10 batch 3 f64",
        |b| b.iter(|| black_box(w.numerical_gradient_local())),
    );
    group.finish();
}

criterion_group!(benches, small, numerical);
criterion_main!(benches);
