//! `cargo bench -p ch03-arrays`: the 784-100-10 network on 100 samples,
//! one sample at a time (chapter 2's `forward`: 100 vector-matrix
//! products per layer) and as one batch (`forward_batch`: one
//! matrix-matrix product per layer). Both compute the same numbers with
//! the same multiply-adds; only the way they are grouped differs.
//!
//! Timings depend on the machine, so they are printed here and never
//! written into the book.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ch02_activations::{forward, sigmoid};
use ch03_arrays::{ShapeError, forward_batch, mnist_arrays};

/// The best of `rounds` timings of `f`, each over `reps` calls.
fn best_of(rounds: usize, reps: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..reps {
                f();
            }
            start.elapsed() / reps as u32
        })
        .min()
        .unwrap_or_default()
}

fn main() -> Result<(), ShapeError> {
    let batch_size = 100;
    let net = mnist_arrays(batch_size)?;
    let layers = vec![(net.w1, net.b1), (net.w2, net.b2)];

    let one_by_one = best_of(5, 20, || {
        for row in net.x.rows() {
            black_box(forward(row, &layers, sigmoid).unwrap());
        }
    });
    let batched = best_of(5, 20, || {
        black_box(forward_batch(net.x.view(), &layers, sigmoid).unwrap());
    });
    println!("{batch_size} samples, 784-100-10 network:");
    println!("  one at a time: {one_by_one:?}");
    println!("  as one batch:  {batched:?}");
    println!(
        "  the batch is {:.1} times as fast",
        one_by_one.as_secs_f64() / batched.as_secs_f64()
    );
    Ok(())
}
