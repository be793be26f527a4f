//! The workloads of the speed comparison with NumPy (the appendix "Rust 与
//! NumPy 的速度对比"): the same inputs for the criterion benchmarks
//! (`cargo bench -p ch09-two-layer-net`) and for the timing example
//! (`cargo run --release -p ch09-two-layer-net --example speed`).
//!
//! Everything is `f64`, as in chapters 2-8 and in the source book's
//! network (its weights are float64), except the training step that is
//! also timed in `f32`. Inputs are seeded uniform numbers in [0, 1): the
//! timings do not depend on the values. [`Workloads::save_npy`] writes them
//! for the NumPy reference, and [`Workloads::checks`] gives one number per
//! workload that the reference must reproduce: both sides compute the same
//! thing on the same numbers.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::fast::{sigmoid, softmax_rows};
use ch06_losses::cross_entropy_error_batch;
use ndarray::{Array, Array1, Array2, Dimension, s};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::{Gradients, TwoLayerNet};

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
        self.forward_sum(|y| y.sum())
    }

    /// The sum of `f(y)` over the class probabilities `y` of each batch
    /// of `BATCH` images, by `forward_net`.
    fn forward_sum(&self, f: impl Fn(&Array2<f64>) -> f64) -> f64 {
        let mut total = 0.0;
        for start in (0..self.images.nrows()).step_by(BATCH) {
            let batch = self.images.slice(s![start..start + BATCH, ..]);
            let y = self.forward_net.predict(batch).expect("fits");
            total += f(&y);
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

    /// Every input as a NumPy `.npy` file in `dir` (created if missing):
    /// `x`, `t`, `images`, `square`, `scores`, and the two networks'
    /// parameters as `train_W1` ... `forward_b2`.
    ///
    /// # Errors
    ///
    /// When a file cannot be written.
    pub fn save_npy(&self, dir: &Path) -> kit::Result {
        fs::create_dir_all(dir)?;
        write_npy(&dir.join("x.npy"), &self.x)?;
        write_npy(&dir.join("t.npy"), &self.t)?;
        write_npy(&dir.join("images.npy"), &self.images)?;
        write_npy(&dir.join("square.npy"), &self.square)?;
        write_npy(&dir.join("scores.npy"), &self.scores)?;
        for (prefix, net) in
            [("train", &self.train_net), ("forward", &self.forward_net)]
        {
            write_npy(&dir.join(format!("{prefix}_W1.npy")), &net.w1)?;
            write_npy(&dir.join(format!("{prefix}_b1.npy")), &net.b1)?;
            write_npy(&dir.join(format!("{prefix}_W2.npy")), &net.w2)?;
            write_npy(&dir.join(format!("{prefix}_b2.npy")), &net.b2)?;
        }
        Ok(())
    }

    /// One number per workload, computed on the inputs as drawn (before
    /// any training step): the sum of the absolute values of the first
    /// gradient (`train_step`, `train_step_f32`), the sum of the squared
    /// probabilities (`forward`), the sum of the sigmoid (`sigmoid`), the
    /// loss (`softmax_cross_entropy`) and the sum of the absolute values of
    /// the numerical gradient's `W1` (`numerical_gradient`).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.checks().len(), 6);
    /// ```
    pub fn checks(&self) -> Vec<(&'static str, f64)> {
        let (x, t) = (self.x.view(), self.t.view());
        let g = self.train_net.gradient(x, t).expect("shapes fit");
        let (x32, t32) = (self.x_f32.view(), self.t_f32.view());
        let g32 = self.train_net_f32.gradient(x32, t32).expect("shapes fit");
        vec![
            ("train_step", abs_sum(&g)),
            ("train_step_f32", abs_sum(&g32)),
            ("forward", self.forward_sum(|y| y.mapv(|p| p * p).sum())),
            ("sigmoid", self.sigmoid().sum()),
            ("softmax_cross_entropy", self.softmax_cross_entropy()),
            (
                "numerical_gradient",
                self.numerical_gradient_local().mapv(f64::abs).sum(),
            ),
        ]
    }
}

/// The sum of the absolute values of every gradient, in `f64`.
fn abs_sum<A: Copy + Into<f64>>(g: &Gradients<A>) -> f64 {
    let all = g.w1.iter().chain(&g.b1).chain(&g.w2).chain(&g.b2);
    all.map(|&v| v.into().abs()).sum()
}

/// Writes `a` as a NumPy `.npy` file (format version 1.0, little-endian
/// `f64`, C order), which `np.load` reads.
fn write_npy<D: Dimension>(path: &Path, a: &Array<f64, D>) -> kit::Result {
    let shape: Vec<String> = a.shape().iter().map(|n| n.to_string()).collect();
    let shape = match shape.len() {
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.join(", ")),
    };
    let mut header = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"
    );
    // magic (6) + version (2) + header length (2) + header, a multiple
    // of 64 bytes, the header ending in a newline
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = io::BufWriter::new(fs::File::create(path)?);
    out.write_all(b"\x93NUMPY\x01\x00")?;
    let len = u16::try_from(header.len()).expect("a short header");
    out.write_all(&len.to_le_bytes())?;
    out.write_all(header.as_bytes())?;
    for v in a.iter() {
        out.write_all(&v.to_le_bytes())?;
    }
    Ok(out.flush()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn npy_files_have_numpys_layout() {
        let dir = std::env::temp_dir()
            .join(format!("ch09-npy-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]];
        write_npy(&dir.join("a.npy"), &a).unwrap();
        let bytes = fs::read(dir.join("a.npy")).unwrap();
        assert_eq!(&bytes[..8], b"\x93NUMPY\x01\x00");
        let len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
        assert_eq!((10 + len) % 64, 0);
        let header = std::str::from_utf8(&bytes[10..10 + len]).unwrap();
        assert!(header.contains("'shape': (2, 3)"), "{header}");
        assert!(header.ends_with('\n'));
        let data: Vec<f64> = bytes[10 + len..]
            .chunks(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(data, [1.0, 2.0, 3.0, 4.0, 5.0, 6.5]);
        write_npy(&dir.join("b.npy"), &array![7.0]).unwrap();
        let bytes = fs::read(dir.join("b.npy")).unwrap();
        assert!(String::from_utf8_lossy(&bytes).contains("'shape': (1,)"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
