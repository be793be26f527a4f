//! Times chapter 9's speed workloads the way Python's `timeit` does: each
//! workload runs in loops of enough calls to last about 0.2 s, five loops,
//! and the best loop's time per call counts. Prints one JSON object,
//! seconds per call and a check value per workload, read by
//! `bench/compare.sh`. With `--inputs DIR` it first writes the workloads'
//! inputs there as `.npy` files for the NumPy reference. It also measures
//! what one core can do at most (`peak_f64`, `peak_f32`, floating-point
//! operations per second), the ceiling of every matrix product.
//!
//! `cargo run --release -p ch09-two-layer-net --example speed [-- --inputs DIR]`

// The peak is measured on x86-64 only; elsewhere its helpers go unused.
#![cfg_attr(not(target_arch = "x86_64"), allow(dead_code, unused_variables))]

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

/// Fused multiply-adds in flight at once: more chains than a core's FMA
/// units times their latency, so that only throughput limits the loop.
const CHAINS: usize = 12;

/// Operations per second of `CHAINS` independent chains of fused
/// multiply-adds on the widest vectors the CPU has, and the name of those
/// vectors: the best of five runs of `fma(n)`, which does `n` rounds and
/// returns the vectors' name and how many numbers each holds. `None`
/// without AVX2 and FMA.
fn peak(
    fma: fn(usize) -> Option<(&'static str, usize)>,
) -> Option<(&'static str, f64)> {
    let n = 20_000_000;
    let mut best: Option<(&str, f64)> = None;
    for _ in 0..5 {
        let start = Instant::now();
        let (vectors, lanes) = fma(n)?;
        let ops =
            (n * CHAINS * lanes * 2) as f64 / start.elapsed().as_secs_f64();
        if best.is_none_or(|(_, b)| ops > b) {
            best = Some((vectors, ops));
        }
    }
    best
}

/// Whether this program was built as `compare.sh --like-avx2` builds it:
/// matrixmultiply then uses only the features `MMTEST_FEATURE` lists, and
/// so does the peak.
fn like_avx2() -> bool {
    option_env!("MMTEST_FEATURE").is_some_and(|f| !f.contains("avx512f"))
}

/// Declares `$name(n, x)`: `n` rounds of a fused multiply-add on each of
/// `CHAINS` vectors of `$elem` (`$set`, `$fma` and `$store` are the
/// vectors' intrinsics), compiled with `$feature`.
macro_rules! fma_chains {
    ($name:ident, $feature:literal, $elem:ty, $set:ident, $fma:ident, $store:ident) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = $feature)]
        fn $name(n: usize, x: $elem) -> $elem {
            use std::arch::x86_64::*;
            let (a, b) = ($set(black_box(1.0)), $set(x));
            let mut acc = [$set(0.0); CHAINS];
            for _ in 0..n {
                for v in &mut acc {
                    *v = $fma(*v, a, b);
                }
            }
            // every chain feeds the result, so none is dropped
            let sum = acc.iter().fold(b, |s, v| $fma(s, a, *v));
            let mut out = [0.0; 16];
            // SAFETY: `out` has room for a vector of 64 bytes, the widest.
            unsafe { $store(out.as_mut_ptr(), sum) };
            out[0]
        }
    };
}

fma_chains!(
    f64_avx512,
    "avx512f",
    f64,
    _mm512_set1_pd,
    _mm512_fmadd_pd,
    _mm512_storeu_pd
);
fma_chains!(
    f64_avx2,
    "avx2,fma",
    f64,
    _mm256_set1_pd,
    _mm256_fmadd_pd,
    _mm256_storeu_pd
);
fma_chains!(
    f32_avx512,
    "avx512f",
    f32,
    _mm512_set1_ps,
    _mm512_fmadd_ps,
    _mm512_storeu_ps
);
fma_chains!(
    f32_avx2,
    "avx2,fma",
    f32,
    _mm256_set1_ps,
    _mm256_fmadd_ps,
    _mm256_storeu_ps
);

/// `n` rounds of `avx512` where the CPU has AVX-512F (and the build is not
/// `--like-avx2`), else of `avx2` where it has AVX2 and FMA: the name of
/// the vectors used and how many `E` each holds.
#[cfg(target_arch = "x86_64")]
fn on_widest<E: Copy + From<f32>>(
    n: usize,
    avx512: unsafe fn(usize, E) -> E,
    avx2: unsafe fn(usize, E) -> E,
) -> Option<(&'static str, usize)> {
    let x = black_box(E::from(1e-9));
    if is_x86_feature_detected!("avx512f") && !like_avx2() {
        // SAFETY: the CPU has AVX-512F, all `avx512` needs.
        black_box(unsafe { avx512(n, x) });
        return Some(("AVX-512", 64 / size_of::<E>()));
    }
    if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has AVX2 and FMA, all `avx2` needs.
        black_box(unsafe { avx2(n, x) });
        return Some(("AVX2", 32 / size_of::<E>()));
    }
    None
}

fn fma_rounds_f64(n: usize) -> Option<(&'static str, usize)> {
    #[cfg(target_arch = "x86_64")]
    return on_widest::<f64>(n, f64_avx512, f64_avx2);
    #[cfg(not(target_arch = "x86_64"))]
    return None;
}

fn fma_rounds_f32(n: usize) -> Option<(&'static str, usize)> {
    #[cfg(target_arch = "x86_64")]
    return on_widest::<f32>(n, f32_avx512, f32_avx2);
    #[cfg(not(target_arch = "x86_64"))]
    return None;
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
    let peak_f64 = peak(fma_rounds_f64);
    let peak_f32 = peak(fma_rounds_f32);
    let json = |p: Option<(&str, f64)>| match p {
        Some((vectors, ops)) => {
            format!("{{\"vectors\": \"{vectors}\", \"ops\": {ops:e}}}")
        }
        None => "null".to_string(),
    };
    println!(
        "{{\"peak_f64\": {}, \"peak_f32\": {}, \
         \"train_step\": {train_step:e}, \
         \"train_step_plain\": {train_step_plain:e}, \
         \"train_step_f32\": {train_step_f32:e}, \"forward\": {forward:e}, \
         \"sigmoid\": {sigmoid:e}, \"softmax_cross_entropy\": {softmax:e}, \
         \"numerical_gradient\": {numerical:e}, \
         \"numerical_gradient_local\": {numerical_local:e}, \
         \"checks\": {{{}}}}}",
        json(peak_f64),
        json(peak_f32),
        checks.join(", ")
    );
}
