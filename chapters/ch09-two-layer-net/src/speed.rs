//! The workloads of the speed comparison with NumPy (the appendix "Rust 与
//! NumPy 的速度对比"): the same inputs for the benchmarks
//! (`cargo bench -p ch09-two-layer-net`) and for the timing example
//! (`cargo run --release -p ch09-two-layer-net --example speed`).
//!
//! Everything is `f64`, as in chapters 2-8 and in the source book's
//! network (its weights are float64), except the training step that is
//! also timed in `f32`. The training step, the forward pass, sigmoid and
//! softmax run on the fast path ([`crate::fast`]); the training step is
//! also timed as the book trains, with chapter 9's plain
//! [`TwoLayerNet::gradient`]; the numerical gradients are chapter 9's. Inputs are seeded uniform numbers in [0, 1): the
//! timings do not depend on the values. [`Workloads::save_npy`] writes them
//! for the NumPy reference, and [`Workloads::checks`] gives one number per
//! workload that the reference must reproduce: both sides compute the same
//! thing on the same numbers.

use std::fs;
use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2, s};
use ndarray_npy::{WriteNpyError, WriteNpyExt, write_npy};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::fast::{Grads, Net, sigmoid, softmax_rows};
use crate::{INPUT_SIZE, OUTPUT_SIZE, TwoLayerNet, cross_entropy_error_batch};

/// The seed of every workload's inputs.
pub const SEED: u64 = 1;

/// Rows per batch in every workload, as in the source book's scripts.
pub const BATCH: usize = 100;
/// Images in the forward-pass workload (the size of MNIST's test set).
pub const FORWARD_IMAGES: usize = 10_000;
/// Rows of the batch in the full numerical gradient workload.
pub const NUMERICAL_BATCH: usize = 3;

/// The inputs of every workload, built once from a seed.
#[derive(Debug, Clone)]
pub struct Workloads {
    /// The 784-50-10 network of the numerical gradients and of the plain
    /// training step.
    pub train_net: TwoLayerNet,
    /// A `(BATCH, 784)` input batch.
    pub x: Array2<f64>,
    /// A `(BATCH, 10)` one-hot target batch.
    pub t: Array2<f64>,
    /// `train_net` on the fast path, in `f64`.
    pub train_net_fast: Net<f64>,
    /// `train_net` on the fast path, in `f32`.
    pub train_net_f32: Net<f32>,
    /// `x` in `f32`.
    pub x_f32: Array2<f32>,
    /// `t` in `f32`.
    pub t_f32: Array2<f32>,
    /// The 784-100-10 network of the forward pass, on the fast path.
    pub forward_net: Net<f64>,
    /// `(FORWARD_IMAGES, 784)` inputs of the forward pass.
    pub images: Array2<f64>,
    /// A `(100, 100)` input of sigmoid.
    pub square: Array2<f64>,
    /// A `(BATCH, 10)` batch of scores for softmax and cross-entropy.
    pub scores: Array2<f64>,
}

/// Why [`Workloads::save_npy`] failed: the file (or folder) it could not
/// write, and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct SaveError {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong: ndarray-npy's error (an I/O error, for a folder).
    #[source]
    pub source: WriteNpyError,
}

/// Writes `a` to `path` as a `.npy` file (ndarray-npy's `write_npy`).
fn save(path: PathBuf, a: &impl WriteNpyExt) -> Result<(), SaveError> {
    write_npy(&path, a).map_err(|source| SaveError { path, source })
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
    /// use ch09_two_layer_net::speed::{SEED, Workloads};
    ///
    /// let w = Workloads::new(SEED);
    /// assert_eq!(w.images.dim(), (10_000, 784));
    /// assert_eq!(w.t.sum(), 100.0); // one 1 per row
    /// ```
    pub fn new(seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let x = uniform(BATCH, INPUT_SIZE, &mut rng);
        let mut t = Array2::zeros((BATCH, OUTPUT_SIZE));
        for mut row in t.rows_mut() {
            row[rng.random_range(0..OUTPUT_SIZE)] = 1.0;
        }
        let train_net = TwoLayerNet::mnist(50, seed).expect("50 > 0");
        let forward_net = TwoLayerNet::mnist(100, seed).expect("100 > 0");
        Workloads {
            train_net_fast: Net::from(&train_net),
            train_net_f32: Net::from(&train_net),
            x_f32: x.mapv(|v| v as f32),
            t_f32: t.mapv(|v| v as f32),
            train_net,
            forward_net: Net::from(&forward_net),
            images: uniform(FORWARD_IMAGES, INPUT_SIZE, &mut rng),
            square: uniform(100, 100, &mut rng) * 10.0 - 5.0,
            scores: uniform(BATCH, OUTPUT_SIZE, &mut rng) * 10.0 - 5.0,
            x,
            t,
        }
    }

    /// One training step of `train_net_fast`: backprop's gradient on `x`,
    /// `t`, then a step with learning rate 0.1. Returns the gradient's
    /// `b2`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.train_step().len(), 10);
    /// ```
    pub fn train_step(&mut self) -> Array1<f64> {
        let (x, t) = (self.x.view(), self.t.view());
        let g = self.train_net_fast.gradient(x, t).expect("shapes fit");
        self.train_net_fast.step(&g, 0.1);
        g.b2
    }

    /// [`Workloads::train_step`] as the book trains: chapter 9's plain
    /// `TwoLayerNet::gradient` and `step`, on `train_net`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.train_step_plain().len(), 10);
    /// ```
    pub fn train_step_plain(&mut self) -> Array1<f64> {
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
        let net = self.forward_net.predictor();
        let mut total = 0.0;
        for start in (0..self.images.nrows()).step_by(BATCH) {
            let batch = self.images.slice(s![start..start + BATCH, ..]);
            let y = net.predict(batch).expect("fits");
            total += f(&y);
        }
        total
    }

    /// Chapter 2's sigmoid of `square`, on the fast path.
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

    /// Chapter 4's softmax of `scores` row by row (on the fast path), then
    /// chapter 6's cross-entropy against `t`.
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
    /// A [`SaveError`] naming the file (or the folder) that cannot be
    /// written.
    pub fn save_npy(&self, dir: &Path) -> Result<(), SaveError> {
        fs::create_dir_all(dir).map_err(|e| SaveError {
            path: dir.to_path_buf(),
            source: e.into(),
        })?;
        let file = |name: &str| dir.join(format!("{name}.npy"));
        save(file("x"), &self.x)?;
        save(file("t"), &self.t)?;
        save(file("images"), &self.images)?;
        save(file("square"), &self.square)?;
        save(file("scores"), &self.scores)?;
        for (prefix, net) in [
            ("train", &self.train_net_fast),
            ("forward", &self.forward_net),
        ] {
            save(file(&format!("{prefix}_W1")), &net.w1)?;
            save(file(&format!("{prefix}_b1")), &net.b1)?;
            save(file(&format!("{prefix}_W2")), &net.w2)?;
            save(file(&format!("{prefix}_b2")), &net.b2)?;
        }
        Ok(())
    }

    /// One number per workload, computed on the inputs as drawn (before
    /// any training step): the sum of the absolute values of the first
    /// gradient (`train_step`, `train_step_plain`, `train_step_f32`), the
    /// sum of the squared
    /// probabilities (`forward`), the sum of the sigmoid (`sigmoid`), the
    /// loss (`softmax_cross_entropy`) and the sum of the absolute values of
    /// the numerical gradient's `W1` (`numerical_gradient`).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let w = ch09_two_layer_net::speed::Workloads::new(1);
    /// assert_eq!(w.checks().len(), 7);
    /// ```
    pub fn checks(&self) -> Vec<(&'static str, f64)> {
        let (x, t) = (self.x.view(), self.t.view());
        let g = self.train_net_fast.gradient(x, t).expect("shapes fit");
        let plain = self.train_net.gradient(x, t).expect("shapes fit");
        let plain = Grads {
            w1: plain.w1,
            b1: plain.b1,
            w2: plain.w2,
            b2: plain.b2,
        };
        let (x32, t32) = (self.x_f32.view(), self.t_f32.view());
        let g32 = self.train_net_f32.gradient(x32, t32).expect("shapes fit");
        vec![
            ("train_step", abs_sum(&g)),
            ("train_step_plain", abs_sum(&plain)),
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
fn abs_sum<A: Copy + Into<f64>>(g: &Grads<A>) -> f64 {
    let all = g.w1.iter().chain(&g.b1).chain(&g.w2).chain(&g.b2);
    all.map(|&v| v.into().abs()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, array};
    use ndarray_npy::read_npy;

    #[test]
    fn the_inputs_read_back_as_written() {
        let dir = std::env::temp_dir()
            .join(format!("ch09-npy-test-{}", std::process::id()));
        let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]];
        fs::create_dir_all(&dir).unwrap();
        save(dir.join("a.npy"), &a).unwrap();
        save(dir.join("b.npy"), &array![7.0]).unwrap();
        // NumPy's format: the magic string, version 1.0, a C-order header
        let bytes = fs::read(dir.join("a.npy")).unwrap();
        assert_eq!(&bytes[..8], b"\x93NUMPY\x01\x00");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("'descr': '<f8'"), "{text}");
        assert!(text.contains("'shape': (2, 3)"), "{text}");
        assert_eq!(read_npy::<_, Array2<f64>>(dir.join("a.npy")).unwrap(), a);
        let b: Array1<f64> = read_npy(dir.join("b.npy")).unwrap();
        assert_eq!(b, array![7.0]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_cannot_be_written_is_named() {
        let err = save(PathBuf::from("/no/such/dir/a.npy"), &array![1.0])
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot write /no/such/dir/a.npy")
        );
    }
}
