//! The workloads of the speed comparison with NumPy (the appendix "Rust 与
//! NumPy 的速度对比"): the same inputs for the criterion benchmarks
//! (`cargo bench -p ch09-two-layer-net`) and for the timing example
//! (`cargo run --release -p ch09-two-layer-net --example speed`).
//!
//! Everything is `f64`, as in chapters 2-8 and in the source book's
//! network (its weights are float64), except the training step that is
//! also timed in `f32`. Inputs are seeded uniform numbers in [0, 1): the
//! timings do not depend on the values.

use ch02_activations::sigmoid;
use ch04_output_layer::softmax_rows;
use ch06_losses::cross_entropy_error_batch;
use ndarray::{Array1, Array2, s};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::TwoLayerNet;

/// Rows per batch in every workload, as in the source book's scripts.
pub const BATCH: usize = 100;
/// Images in the forward-pass workload (the size of MNIST's test set).
pub const FORWARD_IMAGES: usize = 10_000;
/// Rows of the batch in the full numerical gradient workload.
pub const NUMERICAL_BATCH: usize = 3;

/// The inputs of every workload, built once from a seed.
#[derive(Debug, Clone)]
pub struct Workloads {
    /// The 784-50-10 network that takes training steps.
    pub train_net: TwoLayerNet,
    /// A `(BATCH, 784)` input batch.
    pub x: Array2<f64>,
    /// A `(BATCH, 10)` one-hot target batch.
    pub t: Array2<f64>,
    /// `train_net` in `f32`.
    pub train_net_f32: TwoLayerNet<f32>,
    /// `x` in `f32`.
    pub x_f32: Array2<f32>,
    /// `t` in `f32`.
    pub t_f32: Array2<f32>,
    /// The 784-100-10 network of the forward pass.
    pub forward_net: TwoLayerNet,
    /// `(FORWARD_IMAGES, 784)` inputs of the forward pass.
    pub images: Array2<f64>,
    /// A `(100, 100)` input of sigmoid.
    pub square: Array2<f64>,
    /// A `(BATCH, 10)` batch of scores for softmax and cross-entropy.
    pub scores: Array2<f64>,
}

/// A `(rows, cols)` array of seeded uniform numbers in [0, 1).
fn uniform(rows: usize, cols: usize, rng: &mut ChaCha8Rng) -> Array2<f64> {
    Array2::from_shape_simple_fn((rows, cols), || rng.random::<f64>())
}

impl Workloads {
    /// The inputs drawn from `seed`.
    ///
    /// # Examples
    ///
    /// ```
    /// let w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.images.dim(), (10_000, 784));
    /// assert_eq!(w.t.sum(), 100.0); // one 1 per row
    /// ```
    pub fn new(seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let x = uniform(BATCH, 784, &mut rng);
        let mut t = Array2::zeros((BATCH, 10));
        for mut row in t.rows_mut() {
            row[rng.random_range(0..10)] = 1.0;
        }
        let train_net = TwoLayerNet::mnist(50, seed).expect("50 > 0");
        Workloads {
            train_net_f32: train_net.to_f32(),
            x_f32: x.mapv(|v| v as f32),
            t_f32: t.mapv(|v| v as f32),
            train_net,
            forward_net: TwoLayerNet::mnist(100, seed).expect("100 > 0"),
            images: uniform(FORWARD_IMAGES, 784, &mut rng),
            square: uniform(100, 100, &mut rng) * 10.0 - 5.0,
            scores: uniform(BATCH, 10, &mut rng) * 10.0 - 5.0,
            x,
            t,
        }
    }

    /// One training step of `train_net`: backprop's gradient on `x`, `t`,
    /// then a step with learning rate 0.1. Returns the gradient's `b2`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.train_step().len(), 10);
    /// ```
    pub fn train_step(&mut self) -> Array1<f64> {
        let (x, t) = (self.x.view(), self.t.view());
        let g = self.train_net.gradient(x, t).expect("shapes fit");
        self.train_net.step(&g, 0.1);
        g.b2
    }

    /// [`Workloads::train_step`] in `f32`, on `train_net_f32`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.train_step_f32().len(), 10);
    /// ```
    pub fn train_step_f32(&mut self) -> Array1<f32> {
        let (x, t) = (self.x_f32.view(), self.t_f32.view());
        let g = self.train_net_f32.gradient(x, t).expect("shapes fit");
        self.train_net_f32.step(&g, 0.1);
        g.b2
    }

    /// `forward_net`'s class probabilities for all `images`, `BATCH` rows
    /// at a time. Returns the sum of all probabilities (`FORWARD_IMAGES`).
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// let w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_abs_diff_eq!(w.forward(), 10_000.0, epsilon = 1e-6);
    /// ```
    pub fn forward(&self) -> f64 {
        let mut total = 0.0;
        for start in (0..self.images.nrows()).step_by(BATCH) {
            let batch = self.images.slice(s![start..start + BATCH, ..]);
            total += self.forward_net.predict(batch).expect("fits").sum();
        }
        total
    }

    /// Chapter 2's sigmoid of `square`.
    ///
    /// # Examples
    ///
    /// ```
    /// let w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.sigmoid().dim(), (100, 100));
    /// ```
    pub fn sigmoid(&self) -> Array2<f64> {
        sigmoid(&self.square)
    }

    /// Chapter 4's softmax of `scores` row by row, then chapter 6's
    /// cross-entropy against `t`.
    ///
    /// # Examples
    ///
    /// ```
    /// let w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert!(w.softmax_cross_entropy() > 0.0);
    /// ```
    pub fn softmax_cross_entropy(&self) -> f64 {
        let y = softmax_rows(self.scores.view()).expect("finite scores");
        cross_entropy_error_batch(y.view(), self.t.view()).expect("fits")
    }

    /// The full numerical gradient of `train_net` on the first
    /// `NUMERICAL_BATCH` rows of `x` and `t`, the source book's way: two
    /// forward passes of the whole network per parameter. Returns the
    /// gradient's `W1` (`(784, 50)`).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let mut w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.numerical_gradient().dim(), (784, 50));
    /// ```
    pub fn numerical_gradient(&mut self) -> Array2<f64> {
        let x = self.x.slice(s![..NUMERICAL_BATCH, ..]);
        let t = self.t.slice(s![..NUMERICAL_BATCH, ..]);
        let g = self.train_net.numerical_gradient(x, t).expect("fits");
        g.w1
    }

    /// The same gradient as [`Workloads::numerical_gradient`], bit for
    /// bit, by `TwoLayerNet::numerical_gradient_local`: moving a weight of
    /// `W1` recomputes only its own hidden unit.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let mut w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.numerical_gradient_local(), w.numerical_gradient());
    /// ```
    pub fn numerical_gradient_local(&self) -> Array2<f64> {
        let x = self.x.slice(s![..NUMERICAL_BATCH, ..]);
        let t = self.t.slice(s![..NUMERICAL_BATCH, ..]);
        let g = self.train_net.numerical_gradient_local(x, t).expect("fits");
        g.w1
    }
}
