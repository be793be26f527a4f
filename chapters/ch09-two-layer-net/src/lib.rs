//! Chapter 9: a two-layer network that learns to read digits.
//!
//! [`TwoLayerNet`] is the source book's 784-50-10 network: a sigmoid
//! hidden layer, a softmax output, the cross-entropy loss. Its gradient
//! comes two ways: numerically, with chapter 8's `numerical_gradient`
//! ([`TwoLayerNet::numerical_gradient`], two forward passes per
//! parameter), and by backpropagation ([`TwoLayerNet::gradient`], one
//! forward and one backward pass). [`gradient_check`] compares them;
//! [`train`] runs mini-batch stochastic gradient descent on MNIST.
#![doc(test(attr(deny(warnings))))]

pub mod cli;
mod demos;
pub mod exercises;
pub mod fast;
mod figures;
pub mod speed;

use std::error::Error;
use std::fmt;

// ANCHOR: uses
use crate::fast::{SimdFloat, sigmoid, softmax_rows};
use ch00_tools::argmax_rows;
use ch03_arrays::{linear_batch, matmul};
use ch05_data::{accuracy, init_network};
use ch06_losses::cross_entropy_error_batch;
use ch07_minibatch::{sample_with_replacement, take_rows};
use ch08_gradients::numerical_gradient;
// ANCHOR_END: uses
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, s};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

kit::chapter!(demos::DEMOS, figures::FIGURES);

/// Pixels per MNIST image: the network's inputs.
pub const INPUT_SIZE: usize = 784;
/// Digits 0 to 9: the network's outputs.
pub const OUTPUT_SIZE: usize = 10;
/// The standard deviation of the initial weights, as in the source book.
pub const WEIGHT_INIT_STD: f64 = 0.01;

// ANCHOR: two_layer_net
/// The two-layer network: `x → affine → sigmoid → affine → softmax`.
///
/// $Z_1 = \sigma(X W_1 + b_1)$, $Y = \mathrm{softmax}(Z_1 W_2 + b_2)$
///
/// `A` is `f64` throughout the book; the forward pass, backpropagation and
/// the gradient step also run in `f32` ([`TwoLayerNet::to_f32`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TwoLayerNet<A = f64> {
    /// First layer's weights, `(input_size, hidden_size)`.
    pub w1: Array2<A>,
    /// First layer's biases, `(hidden_size,)`.
    pub b1: Array1<A>,
    /// Second layer's weights, `(hidden_size, output_size)`.
    pub w2: Array2<A>,
    /// Second layer's biases, `(output_size,)`.
    pub b2: Array1<A>,
}
// ANCHOR_END: two_layer_net

/// The gradient of the loss with respect to each parameter of a
/// [`TwoLayerNet`]: the source book's `grads` dictionary.
///
/// # Shapes
///
/// Each field has the shape of the parameter of the same name.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients<A = f64> {
    /// $\partial L / \partial W_1$.
    pub w1: Array2<A>,
    /// $\partial L / \partial b_1$.
    pub b1: Array1<A>,
    /// $\partial L / \partial W_2$.
    pub w2: Array2<A>,
    /// $\partial L / \partial b_2$.
    pub b2: Array1<A>,
}

impl Gradients {
    /// The four gradients with their names, in the order W1, b1, W2, b2,
    /// each flattened.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::Array2;
    ///
    /// let net = TwoLayerNet::new(4, 3, 2, 0.01, 0)?;
    /// let x = Array2::zeros((1, 4));
    /// let t = ndarray::array![[1.0, 0.0]];
    /// let g = net.gradient(x.view(), t.view())?;
    /// let sizes: Vec<_> = g.named().iter().map(|(n, v)| (*n, v.len())).collect();
    /// assert_eq!(sizes, [("W1", 12), ("b1", 3), ("W2", 6), ("b2", 2)]);
    /// # Ok::<(), String>(())
    /// ```
    pub fn named(&self) -> [(&'static str, Vec<f64>); 4] {
        [
            ("W1", self.w1.iter().copied().collect()),
            ("b1", self.b1.to_vec()),
            ("W2", self.w2.iter().copied().collect()),
            ("b2", self.b2.to_vec()),
        ]
    }
}

/// How many numbers a network of these sizes learns: weights and biases
/// of both layers.
///
/// $n_{in} n_h + n_h + n_h n_{out} + n_{out}$
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::param_count;
///
/// assert_eq!(param_count(784, 50, 10), 39_760);
/// ```
// ANCHOR: param_count
pub fn param_count(
    input_size: usize,
    hidden_size: usize,
    output_size: usize,
) -> usize {
    input_size * hidden_size
        + hidden_size
        + hidden_size * output_size
        + output_size
}
// ANCHOR_END: param_count

/// Forward passes (loss evaluations) the numerical gradient needs for one
/// training step: two per parameter, at $\theta_i + h$ and $\theta_i - h$.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::forward_passes_per_step;
///
/// assert_eq!(forward_passes_per_step(784, 50, 10), 79_520);
/// ```
pub fn forward_passes_per_step(
    input_size: usize,
    hidden_size: usize,
    output_size: usize,
) -> usize {
    2 * param_count(input_size, hidden_size, output_size)
}

/// The loss of a network given as its four parameters: softmax of the
/// forward pass, then chapter 6's batch cross-entropy error.
fn loss_of(
    w1: ArrayView2<f64>,
    b1: ArrayView1<f64>,
    w2: ArrayView2<f64>,
    b2: ArrayView1<f64>,
    x: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<f64, String> {
    let z1 = sigmoid(&linear_batch(x, w1, b1)?);
    output_loss(z1.view(), w2, b2, t)
}

/// The loss from the hidden layer's output `z1` on: the second layer,
/// softmax, then chapter 6's batch cross-entropy error.
fn output_loss(
    z1: ArrayView2<f64>,
    w2: ArrayView2<f64>,
    b2: ArrayView1<f64>,
    t: ArrayView2<f64>,
) -> Result<f64, String> {
    let y = softmax_rows(linear_batch(z1, w2, b2)?.view())?;
    Ok(cross_entropy_error_batch(y.view(), t)?)
}

impl TwoLayerNet {
    /// A network with weights drawn from $\mathcal{N}(0, \sigma^2)$,
    /// $\sigma$ = `weight_init_std`, and zero biases: chapter 5's
    /// `init_network` for sizes `[input, hidden, output]`, seeded.
    ///
    /// # Errors
    ///
    /// When a size is 0 or `weight_init_std` is negative or not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    ///
    /// let net = TwoLayerNet::new(784, 50, 10, 0.01, 1)?;
    /// assert_eq!((net.w1.dim(), net.w2.dim()), ((784, 50), (50, 10)));
    /// assert_eq!(net, TwoLayerNet::new(784, 50, 10, 0.01, 1)?); // seeded
    /// assert!(TwoLayerNet::new(784, 0, 10, 0.01, 1).is_err());
    /// # Ok::<(), String>(())
    /// ```
    // ANCHOR: new
    pub fn new(
        input_size: usize,
        hidden_size: usize,
        output_size: usize,
        weight_init_std: f64,
        seed: u64,
    ) -> Result<Self, String> {
        let sizes = [input_size, hidden_size, output_size];
        let mut layers = init_network(&sizes, weight_init_std, seed)?;
        // init_network made exactly two layers for three sizes
        let (w2, b2) = layers.pop().expect("second layer");
        let (w1, b1) = layers.pop().expect("first layer");
        Ok(TwoLayerNet { w1, b1, w2, b2 })
    }
    // ANCHOR_END: new

    /// The 784-`hidden_size`-10 network for MNIST, weights with standard
    /// deviation 0.01.
    ///
    /// # Errors
    ///
    /// When `hidden_size` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// let net = ch09_two_layer_net::TwoLayerNet::mnist(50, 1)?;
    /// assert_eq!(net.param_count(), 39_760);
    /// # Ok::<(), String>(())
    /// ```
    pub fn mnist(hidden_size: usize, seed: u64) -> Result<Self, String> {
        Self::new(INPUT_SIZE, hidden_size, OUTPUT_SIZE, WEIGHT_INIT_STD, seed)
    }

    /// The same network in single precision (`f32`): every parameter
    /// rounded to the nearest `f32`. The speed appendix times a training
    /// step of it.
    ///
    /// # Examples
    ///
    /// ```
    /// let net = ch09_two_layer_net::TwoLayerNet::mnist(50, 1)?;
    /// let net32 = net.to_f32();
    /// assert_eq!(net32.w1[[0, 0]], net.w1[[0, 0]] as f32);
    /// # Ok::<(), String>(())
    /// ```
    pub fn to_f32(&self) -> TwoLayerNet<f32> {
        let f32 = |v: &f64| *v as f32;
        TwoLayerNet {
            w1: self.w1.map(f32),
            b1: self.b1.map(f32),
            w2: self.w2.map(f32),
            b2: self.b2.map(f32),
        }
    }

    /// The mean cross-entropy error of the batch, `t` one-hot.
    ///
    /// $L = -\frac{1}{N} \sum_n \sum_k t_{nk} \ln(y_{nk} + \delta)$
    ///
    /// # Shapes
    ///
    /// `x`: `(batch_size, input_size)`, `t`: `(batch_size, output_size)`
    /// → a number.
    ///
    /// # Errors
    ///
    /// When the shapes do not fit or a score is not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::{Array2, array};
    ///
    /// // all-zero weights: every class gets 1/2, the loss is ln 2
    /// let net = TwoLayerNet::new(3, 4, 2, 0.0, 0)?;
    /// let l = net.loss(Array2::ones((1, 3)).view(), array![[0.0, 1.0]].view())?;
    /// assert_abs_diff_eq!(l, (2.0_f64).ln(), epsilon = 1e-6);
    /// # Ok::<(), String>(())
    /// ```
    // ANCHOR: loss
    pub fn loss(
        &self,
        x: ArrayView2<f64>,
        t: ArrayView2<f64>,
    ) -> Result<f64, String> {
        let y = self.predict(x)?;
        Ok(cross_entropy_error_batch(y.view(), t)?)
    }
    // ANCHOR_END: loss

    /// The share of rows of `x` whose most probable class is the label.
    ///
    /// # Shapes
    ///
    /// `x`: `(n, input_size)`, `t`: `(n,)` labels → a number in [0, 1].
    ///
    /// # Errors
    ///
    /// When the shapes do not fit or `x` is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::{Array2, array};
    ///
    /// let net = TwoLayerNet::new(3, 4, 2, 0.01, 0)?;
    /// let acc = net.accuracy(Array2::ones((2, 3)).view(), array![0, 1].view())?;
    /// assert_eq!(acc, 0.5); // both rows get the same class
    /// # Ok::<(), String>(())
    /// ```
    // ANCHOR: accuracy
    pub fn accuracy(
        &self,
        x: ArrayView2<f64>,
        t: ArrayView1<usize>,
    ) -> Result<f64, String> {
        let y = self.predict(x)?;
        let p = argmax_rows(y.view()).ok_or("accuracy of an empty batch")?;
        Ok(accuracy(p.view(), t)?)
    }
    // ANCHOR_END: accuracy

    /// The gradient of [`TwoLayerNet::loss`] by chapter 8's
    /// `numerical_gradient`: the central difference along every parameter
    /// in turn, two forward passes each ([`forward_passes_per_step`]).
    ///
    /// `self` is borrowed mutably because each parameter is moved by
    /// $\pm h$ in place; on return every parameter is bit for bit what it
    /// was.
    ///
    /// # Shapes
    ///
    /// `x`: `(batch_size, input_size)`, `t`: `(batch_size, output_size)`
    /// one-hot.
    ///
    /// # Errors
    ///
    /// When the shapes do not fit, or a moved parameter makes the loss not
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::array;
    ///
    /// let mut net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
    /// let before = net.clone();
    /// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
    /// let g = net.numerical_gradient(x.view(), t.view())?;
    /// assert_eq!(g.w1.dim(), (2, 3));
    /// assert_eq!(net, before); // every parameter put back
    /// # Ok::<(), String>(())
    /// ```
    // ANCHOR: numerical_gradient
    pub fn numerical_gradient(
        &mut self,
        x: ArrayView2<f64>,
        t: ArrayView2<f64>,
    ) -> Result<Gradients, String> {
        self.check_batch(x, t)?;
        let TwoLayerNet { w1, b1, w2, b2 } = self;
        // the shapes fit, so only a non-finite score can fail: it becomes
        // NaN here and is reported below
        let l = |w1: ArrayView2<f64>,
                 b1: ArrayView1<f64>,
                 w2: ArrayView2<f64>,
                 b2: ArrayView1<f64>| {
            loss_of(w1, b1, w2, b2, x, t).unwrap_or(f64::NAN)
        };
        let grads = Gradients {
            w1: numerical_gradient(
                |w1| l(w1.view(), b1.view(), w2.view(), b2.view()),
                w1,
            ),
            b1: numerical_gradient(
                |b1| l(w1.view(), b1.view(), w2.view(), b2.view()),
                b1,
            ),
            w2: numerical_gradient(
                |w2| l(w1.view(), b1.view(), w2.view(), b2.view()),
                w2,
            ),
            b2: numerical_gradient(
                |b2| l(w1.view(), b1.view(), w2.view(), b2.view()),
                b2,
            ),
        };
        // --snip--
        // ANCHOR_END: numerical_gradient
        all_finite(grads)
    }

    /// [`TwoLayerNet::numerical_gradient`] with far less work, and the
    /// same numbers bit for bit.
    ///
    /// Moving $W_{1,ij}$ changes only column $j$ of $X W_1$: that column
    /// is recomputed by the same matrix product on $W_1$'s column $j$
    /// alone (`matmul` sums every element of a product in the same order
    /// whatever the number of columns), the other columns of the hidden
    /// layer are reused. Moving $W_2$ or $b_2$ leaves the hidden layer as
    /// it was. Only $b_1$'s 50-odd entries recompute the whole first
    /// layer.
    ///
    /// # Shapes
    ///
    /// As [`TwoLayerNet::numerical_gradient`].
    ///
    /// # Errors
    ///
    /// When the shapes do not fit, or a moved parameter makes the loss not
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::array;
    ///
    /// let mut net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
    /// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
    /// let local = net.numerical_gradient_local(x.view(), t.view())?;
    /// assert_eq!(local, net.numerical_gradient(x.view(), t.view())?);
    /// # Ok::<(), String>(())
    /// ```
    // ANCHOR: numerical_gradient_local
    pub fn numerical_gradient_local(
        &self,
        x: ArrayView2<f64>,
        t: ArrayView2<f64>,
    ) -> Result<Gradients, String> {
        self.check_batch(x, t)?;
        let TwoLayerNet { w1, b1, w2, b2 } = self;
        // the shapes fit, so only a non-finite score can fail: it becomes
        // NaN and is reported below
        const FIT: &str = "check_batch checked the shapes";
        let l2 =
            |z1: ArrayView2<f64>, w2: ArrayView2<f64>, b2: ArrayView1<f64>| {
                output_loss(z1, w2, b2, t).unwrap_or(f64::NAN)
            };
        let mut z1 = sigmoid(&linear_batch(x, w1.view(), b1.view())?);
        let mut grads = Gradients {
            w1: Array2::zeros(w1.raw_dim()),
            b1: numerical_gradient(
                |b1| {
                    let a1 = linear_batch(x, w1.view(), b1.view()).expect(FIT);
                    l2(sigmoid(&a1).view(), w2.view(), b2.view())
                },
                &mut b1.clone(),
            ),
            w2: numerical_gradient(
                |w2| l2(z1.view(), w2.view(), b2.view()),
                &mut w2.clone(),
            ),
            b2: numerical_gradient(
                |b2| l2(z1.view(), w2.view(), b2.view()),
                &mut b2.clone(),
            ),
        };
        for j in 0..w1.ncols() {
            let hidden_j = z1.column(j).to_owned();
            let b1_j = b1.slice(s![j..=j]);
            // W1's column j as a (input_size, 1) matrix: moving one of its
            // entries changes hidden unit j and nothing else in layer 1
            let mut w1_j = w1.slice(s![.., j..=j]).to_owned();
            let g = numerical_gradient(
                |w1_j| {
                    let a1_j = linear_batch(x, w1_j.view(), b1_j).expect(FIT);
                    z1.column_mut(j).assign(&sigmoid(&a1_j.column(0)));
                    l2(z1.view(), w2.view(), b2.view())
                },
                &mut w1_j,
            );
            grads.w1.slice_mut(s![.., j..=j]).assign(&g);
            z1.column_mut(j).assign(&hidden_j);
        }
        // --snip--
        // ANCHOR_END: numerical_gradient_local
        all_finite(grads)
    }
}

impl<A: SimdFloat> TwoLayerNet<A> {
    /// How many numbers this network learns.
    ///
    /// # Examples
    ///
    /// ```
    /// let net = ch09_two_layer_net::TwoLayerNet::new(3, 2, 2, 0.01, 0)?;
    /// assert_eq!(net.param_count(), 3 * 2 + 2 + 2 * 2 + 2);
    /// # Ok::<(), String>(())
    /// ```
    pub fn param_count(&self) -> usize {
        param_count(self.w1.nrows(), self.w1.ncols(), self.w2.ncols())
    }

    /// The class probabilities for a batch: the forward pass.
    ///
    /// $Y = \mathrm{softmax}(\sigma(X W_1 + b_1) W_2 + b_2)$
    ///
    /// # Shapes
    ///
    /// `x`: `(batch_size, input_size)` → `(batch_size, output_size)`.
    ///
    /// # Errors
    ///
    /// When `x` does not have `input_size` columns, or a score is not
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::{Array2, Axis};
    ///
    /// let net = TwoLayerNet::mnist(50, 1)?;
    /// let y = net.predict(Array2::zeros((3, 784)).view())?;
    /// assert_eq!(y.dim(), (3, 10));
    /// let ones = ndarray::Array1::ones(3);
    /// assert_abs_diff_eq!(y.sum_axis(Axis(1)), ones, epsilon = 1e-12);
    /// assert!(net.predict(Array2::zeros((3, 5)).view()).is_err());
    /// # Ok::<(), String>(())
    /// ```
    // ANCHOR: predict
    pub fn predict(&self, x: ArrayView2<A>) -> Result<Array2<A>, String> {
        let a1 = linear_batch(x, self.w1.view(), self.b1.view())?;
        let z1 = sigmoid(&a1);
        let a2 = linear_batch(z1.view(), self.w2.view(), self.b2.view())?;
        softmax_rows(a2.view())
    }
    // ANCHOR_END: predict

    /// Checks that `x` and `t` fit the network, naming the shapes if not.
    fn check_batch(
        &self,
        x: ArrayView2<A>,
        t: ArrayView2<A>,
    ) -> Result<(), String> {
        let fits = x.ncols() == self.w1.nrows()
            && t.ncols() == self.w2.ncols()
            && x.nrows() == t.nrows()
            && x.nrows() > 0;
        if fits {
            Ok(())
        } else {
            Err(format!(
                "a {}-{}-{} network needs x: (n, {}) and t: (n, {}), n > 0; \
                 got x: {:?} and t: {:?}",
                self.w1.nrows(),
                self.w1.ncols(),
                self.w2.ncols(),
                self.w1.nrows(),
                self.w2.ncols(),
                x.dim(),
                t.dim()
            ))
        }
    }

    /// The gradient of [`TwoLayerNet::loss`] by backpropagation: one
    /// forward pass that keeps its intermediate values, one backward pass
    /// that applies the chain rule layer by layer.
    ///
    /// $\frac{\partial L}{\partial A_2} = \frac{Y - T}{N}$,
    /// $\frac{\partial L}{\partial W_2} = Z_1^\top \frac{\partial L}{\partial A_2}$,
    /// $\frac{\partial L}{\partial A_1} = \left(\frac{\partial L}{\partial A_2}
    /// W_2^\top\right) \odot Z_1 \odot (1 - Z_1)$,
    /// $\frac{\partial L}{\partial W_1} = X^\top \frac{\partial L}{\partial A_1}$;
    /// each bias gradient is the column sum of its layer's
    /// $\partial L / \partial A$.
    ///
    /// # Shapes
    ///
    /// `x`: `(batch_size, input_size)`, `t`: `(batch_size, output_size)`
    /// one-hot; each gradient has its parameter's shape.
    ///
    /// # Errors
    ///
    /// When the shapes do not fit or a score is not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::array;
    ///
    /// let mut net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
    /// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
    /// let g = net.gradient(x.view(), t.view())?;
    /// let n = net.numerical_gradient(x.view(), t.view())?;
    /// // close, not equal: the loss adds δ = 1e-7 inside ln (chapter 6)
    /// assert_abs_diff_eq!(g.w1, n.w1, epsilon = 1e-6);
    /// assert_abs_diff_eq!(g.b2, n.b2, epsilon = 1e-6);
    /// # Ok::<(), String>(())
    /// ```
    // ANCHOR: gradient
    pub fn gradient(
        &self,
        x: ArrayView2<A>,
        t: ArrayView2<A>,
    ) -> Result<Gradients<A>, String> {
        self.check_batch(x, t)?;
        // forward, keeping what the backward pass needs
        let a1 = linear_batch(x, self.w1.view(), self.b1.view())?;
        let z1 = sigmoid(&a1);
        let a2 = linear_batch(z1.view(), self.w2.view(), self.b2.view())?;
        let y = softmax_rows(a2.view())?;

        // backward: softmax with cross-entropy
        let batch_size = A::from(x.nrows()).expect("a count is a number");
        let da2 = (&y - &t) / batch_size;
        // second affine layer
        let w2 = matmul(z1.t(), da2.view())?;
        let b2 = da2.sum_axis(Axis(0));
        let dz1 = matmul(da2.view(), self.w2.t())?;
        // sigmoid: its derivative is z (1 - z)
        let da1 = dz1 * &z1.mapv(|z| z * (A::one() - z));
        // first affine layer
        let w1 = matmul(x.t(), da1.view())?;
        let b1 = da1.sum_axis(Axis(0));
        Ok(Gradients { w1, b1, w2, b2 })
    }
    // ANCHOR_END: gradient

    /// One step of gradient descent: every parameter moves by `-lr` times
    /// its gradient.
    ///
    /// $\theta \leftarrow \theta - \eta \frac{\partial L}{\partial \theta}$
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::array;
    ///
    /// let mut net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
    /// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
    /// let before = net.loss(x.view(), t.view())?;
    /// let g = net.gradient(x.view(), t.view())?;
    /// net.step(&g, 0.1);
    /// assert!(net.loss(x.view(), t.view())? < before);
    /// # Ok::<(), String>(())
    /// ```
    // ANCHOR: step
    pub fn step(&mut self, grads: &Gradients<A>, lr: A) {
        self.w1.scaled_add(-lr, &grads.w1);
        self.b1.scaled_add(-lr, &grads.b1);
        self.w2.scaled_add(-lr, &grads.w2);
        self.b2.scaled_add(-lr, &grads.b2);
    }
    // ANCHOR_END: step
}

/// `grads`, or an error if one of them is not finite: the loss was not
/// finite near the parameters.
fn all_finite(grads: Gradients) -> Result<Gradients, String> {
    let finite = grads
        .named()
        .iter()
        .all(|(_, g)| g.iter().all(|v| v.is_finite()));
    if finite {
        Ok(grads)
    } else {
        Err("the loss is not finite near these parameters".into())
    }
}

/// The mean absolute difference between backprop's and the numerical
/// gradient, per parameter: `[("W1", d), ("b1", d), ("W2", d), ("b2", d)]`.
///
/// $\frac{1}{n} \sum_i |g^{bp}_i - g^{num}_i|$
///
/// # Shapes
///
/// `x`: `(batch_size, input_size)`, `t`: `(batch_size, output_size)`.
///
/// # Errors
///
/// When the shapes do not fit the network or a score is not finite.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::{TwoLayerNet, gradient_check};
/// use ndarray::array;
///
/// let net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
/// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
/// for (name, diff) in gradient_check(&net, x.view(), t.view())? {
///     assert!(diff < 1e-6, "{name}: {diff}");
/// }
/// # Ok::<(), String>(())
/// ```
// ANCHOR: gradient_check
pub fn gradient_check(
    net: &TwoLayerNet,
    x: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<Vec<(&'static str, f64)>, String> {
    // the same numbers as net.numerical_gradient, bit for bit, but faster
    let numerical = net.numerical_gradient_local(x, t)?;
    let backprop = net.gradient(x, t)?;
    let diffs = numerical
        .named()
        .into_iter()
        .zip(backprop.named())
        .map(|((name, n), (_, b))| {
            let sum: f64 = n.iter().zip(&b).map(|(n, b)| (n - b).abs()).sum();
            (name, sum / n.len() as f64)
        })
        .collect();
    Ok(diffs)
}
// ANCHOR_END: gradient_check

// ANCHOR: config
/// The settings of a training run; [`Default`] gives the source book's,
/// except the number of iterations (see [`DEFAULT_ITERS`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// Gradient steps to take.
    pub iters: usize,
    /// Samples per mini-batch.
    pub batch_size: usize,
    /// Learning rate $\eta$.
    pub lr: f64,
    /// Neurons in the hidden layer.
    pub hidden_size: usize,
    /// Seed of the initial weights and of the batches.
    pub seed: u64,
}
// ANCHOR_END: config

/// The default number of iterations: enough for the bundled 5,000
/// training images to reach a test accuracy of 0.90.
pub const DEFAULT_ITERS: usize = 3000;

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            iters: DEFAULT_ITERS,
            batch_size: 100,
            lr: 0.1,
            hidden_size: 50,
            seed: 1,
        }
    }
}

/// A number as a person would write it: `0.1`, but `1e300`.
fn show(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-4..1e6).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// Why [`train`] did not finish.
#[derive(Debug, Clone, PartialEq)]
pub enum TrainError {
    /// A setting cannot work; the message names it and its value.
    Config(String),
    /// The data does not fit the network (shapes, empty data).
    Data(String),
    /// The loss stopped being a finite number at iteration `iter`.
    NotFinite {
        /// The iteration (counting from 0) whose loss was not finite.
        iter: usize,
        /// The learning rate that was used.
        lr: f64,
    },
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::Config(msg) | TrainError::Data(msg) => f.write_str(msg),
            TrainError::NotFinite { iter, lr } => write!(
                f,
                "the loss is not a finite number at iteration {iter}: \
                 training diverged; try a learning rate smaller than {}",
                show(*lr)
            ),
        }
    }
}

impl Error for TrainError {}

/// Training data or test data: images as rows, labels one-hot and as
/// class numbers.
#[derive(Debug, Clone, Copy)]
pub struct DataSet<'a> {
    /// Images, one per row, pixels in [0, 1]: `(n, 784)`.
    pub x: ArrayView2<'a, f64>,
    /// Labels one-hot: `(n, 10)`.
    pub t: ArrayView2<'a, f64>,
    /// Labels as class numbers: `(n,)`.
    pub labels: ArrayView1<'a, usize>,
}

/// What happened during training.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// The mini-batch loss after every iteration.
    pub loss: Vec<f64>,
    /// The iterations after which the accuracies were measured: every
    /// `iter_per_epoch`-th, starting with 0.
    pub epoch_iters: Vec<usize>,
    /// Accuracy on all the training data at each of `epoch_iters`.
    pub train_acc: Vec<f64>,
    /// Accuracy on all the test data at each of `epoch_iters`.
    pub test_acc: Vec<f64>,
}

/// What [`train`] reports after each iteration, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// The iteration just finished, from 0.
    pub iter: usize,
    /// Its mini-batch loss.
    pub loss: f64,
    /// `(train, test)` accuracy, if this iteration ended an epoch.
    pub accuracy: Option<(f64, f64)>,
}

/// Iterations per epoch: as many batches as make one pass over the
/// training data on average, at least 1.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::iter_per_epoch;
///
/// assert_eq!(iter_per_epoch(60_000, 100), 600);
/// assert_eq!(iter_per_epoch(5_000, 100), 50);
/// assert_eq!(iter_per_epoch(50, 100), 1);
/// ```
pub fn iter_per_epoch(train_size: usize, batch_size: usize) -> usize {
    (train_size / batch_size.max(1)).max(1)
}

/// Checks a configuration against the training data size.
///
/// # Errors
///
/// [`TrainError::Config`] naming the setting when `iters`, `batch_size` or
/// `hidden_size` is 0, `lr` is not a finite number greater than 0, or the
/// batch is larger than the training data.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::{TrainConfig, check_config};
///
/// assert!(check_config(&TrainConfig::default(), 5000).is_ok());
/// let bad = TrainConfig { lr: f64::NAN, ..TrainConfig::default() };
/// assert!(check_config(&bad, 5000).unwrap_err().to_string().contains("lr"));
/// ```
pub fn check_config(
    config: &TrainConfig,
    train_size: usize,
) -> Result<(), TrainError> {
    let bad = |msg: String| Err(TrainError::Config(msg));
    if config.iters == 0 {
        return bad("--iters must be at least 1, got 0".into());
    }
    if config.batch_size == 0 {
        return bad("--batch-size must be at least 1, got 0".into());
    }
    if config.hidden_size == 0 {
        return bad("--hidden must be at least 1, got 0".into());
    }
    if !(config.lr.is_finite() && config.lr > 0.0) {
        return bad(format!(
            "--lr must be a finite number greater than 0, got {}",
            show(config.lr)
        ));
    }
    if config.batch_size > train_size {
        return bad(format!(
            "--batch-size {} is larger than the training data ({} images)",
            config.batch_size, train_size
        ));
    }
    Ok(())
}

/// Trains a new 784-`hidden_size`-10 network by mini-batch stochastic
/// gradient descent, as the source book's `train_neuralnet.py`: each
/// iteration draws `batch_size` training rows with replacement, takes the
/// backprop gradient, steps, and records the batch loss; every
/// [`iter_per_epoch`] iterations (from iteration 0) it measures the
/// accuracy on all training and all test data. `on_progress` is called
/// after every iteration.
///
/// The weights come from `seed`, the batches from stream 1 of
/// `ChaCha8Rng` with the same seed: the same settings train the same
/// network.
///
/// # Shapes
///
/// `train.x`, `test.x`: `(n, 784)`; `t`: `(n, 10)`; `labels`: `(n,)`.
///
/// # Errors
///
/// - [`TrainError::Config`] for unusable settings ([`check_config`]).
/// - [`TrainError::Data`] when the data does not fit the network.
/// - [`TrainError::NotFinite`] when a loss is not a finite number.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::{DataSet, TrainConfig, train};
/// use ndarray::{Array1, Array2};
///
/// let x = Array2::from_elem((20, 784), 0.5);
/// let labels = Array1::from_iter((0..20).map(|i| i % 10));
/// let mut t = Array2::zeros((20, 10));
/// for (i, &k) in labels.iter().enumerate() {
///     t[[i, k]] = 1.0;
/// }
/// let data = DataSet { x: x.view(), t: t.view(), labels: labels.view() };
/// let config = TrainConfig { iters: 3, batch_size: 5, ..TrainConfig::default() };
/// let (_net, history) = train(&config, data, data, |_| {})?;
/// assert_eq!(history.loss.len(), 3);
/// assert_eq!(history.epoch_iters, [0]); // 20 / 5 = 4 iterations per epoch
/// # Ok::<(), ch09_two_layer_net::TrainError>(())
/// ```
// ANCHOR: train
pub fn train(
    config: &TrainConfig,
    train: DataSet,
    test: DataSet,
    mut on_progress: impl FnMut(&Progress),
) -> Result<(TwoLayerNet, History), TrainError> {
    let train_size = train.x.nrows();
    check_config(config, train_size)?;
    let mut net = TwoLayerNet::mnist(config.hidden_size, config.seed)
        .map_err(TrainError::Config)?;
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    rng.set_stream(1); // the batches: apart from the weights' draws
    let per_epoch = iter_per_epoch(train_size, config.batch_size);
    let mut history = History::default();
    for iter in 0..config.iters {
        let batch =
            sample_with_replacement(&mut rng, train_size, config.batch_size)
                .map_err(|e| TrainError::Config(e.to_string()))?;
        let x_batch = take_rows(&train.x, &batch);
        let t_batch = take_rows(&train.t, &batch);
        let not_finite = TrainError::NotFinite {
            iter,
            lr: config.lr,
        };
        let grads = match net.gradient(x_batch.view(), t_batch.view()) {
            Err(e)
                if net.check_batch(x_batch.view(), t_batch.view()).is_err() =>
            {
                return Err(TrainError::Data(e));
            }
            Err(_) => return Err(not_finite),
            Ok(g) => g,
        };
        net.step(&grads, config.lr);
        let loss = net.loss(x_batch.view(), t_batch.view());
        let loss = match loss {
            Ok(l) if l.is_finite() => l,
            _ => return Err(not_finite),
        };
        history.loss.push(loss);
        let mut accuracy = None;
        if iter % per_epoch == 0 {
            let acc = |d: DataSet| net.accuracy(d.x, d.labels);
            let train_acc = acc(train).map_err(TrainError::Data)?;
            let test_acc = acc(test).map_err(TrainError::Data)?;
            history.epoch_iters.push(iter);
            history.train_acc.push(train_acc);
            history.test_acc.push(test_acc);
            accuracy = Some((train_acc, test_acc));
        }
        on_progress(&Progress {
            iter,
            loss,
            accuracy,
        });
    }
    Ok((net, history))
}
// ANCHOR_END: train

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    use crate::demos::{CHECK_BATCH, CHECK_HIDDEN, bundled, default_run};

    #[test]
    fn every_demo_runs_and_every_figure_draws() {
        let text = CHAPTER.all_output().unwrap();
        assert!(text.contains("bundled MNIST subset"));
    }

    #[test]
    fn backprop_agrees_with_the_numerical_gradient() {
        let (tr, _) = bundled();
        let net =
            TwoLayerNet::new(INPUT_SIZE, CHECK_HIDDEN, OUTPUT_SIZE, 0.01, 1)
                .unwrap();
        let x = tr.x.slice(s![..CHECK_BATCH, ..]);
        let t = tr.t.slice(s![..CHECK_BATCH, ..]);
        let numerical = net.numerical_gradient_local(x, t).unwrap();
        let backprop = net.gradient(x, t).unwrap();
        assert_abs_diff_eq!(numerical.w1, backprop.w1, epsilon = 1e-8);
        assert_abs_diff_eq!(numerical.b1, backprop.b1, epsilon = 1e-8);
        assert_abs_diff_eq!(numerical.w2, backprop.w2, epsilon = 1e-6);
        assert_abs_diff_eq!(numerical.b2, backprop.b2, epsilon = 1e-6);
        for (name, diff) in gradient_check(&net, x, t).unwrap() {
            assert!(diff < 1e-6, "{name}: mean difference {diff}");
        }
    }

    #[test]
    fn the_local_numerical_gradient_is_the_full_one_bit_for_bit() {
        let (tr, _) = bundled();
        let (x, t) = (tr.x.slice(s![..3, ..]), tr.t.slice(s![..3, ..]));
        // trained a little, so no gradient is trivially 0
        for std in [0.01, 0.3] {
            let mut net = TwoLayerNet::new(INPUT_SIZE, 7, 10, std, 5).unwrap();
            let g = net.gradient(x, t).unwrap();
            net.step(&g, 0.5);
            let local = net.numerical_gradient_local(x, t).unwrap();
            let full = net.numerical_gradient(x, t).unwrap();
            for ((name, l), (_, f)) in local.named().iter().zip(full.named()) {
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect();
                let (l, f): (Vec<u64>, Vec<u64>) = (bits(l), bits(&f));
                assert_eq!(l, f, "{name}, std {std}");
            }
            assert!(local.w1.iter().any(|&v| v != 0.0));
        }
    }

    #[test]
    fn backprop_in_f32_is_backprop_in_f64_to_single_precision() {
        let (tr, _) = bundled();
        let (x, t) = (tr.x.slice(s![..20, ..]), tr.t.slice(s![..20, ..]));
        let net = TwoLayerNet::mnist(50, 3).unwrap();
        let g = net.gradient(x, t).unwrap();
        let (x32, t32) = (x.mapv(|v| v as f32), t.mapv(|v| v as f32));
        let g32 = net.to_f32().gradient(x32.view(), t32.view()).unwrap();
        let close = |a: &Array2<f64>, b: &Array2<f32>| {
            let scale = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            let worst = a
                .iter()
                .zip(b)
                .fold(0.0_f64, |m, (a, &b)| m.max((a - b as f64).abs()));
            assert!(worst <= 1e-5 * scale, "{worst} vs scale {scale}");
        };
        close(&g.w1, &g32.w1);
        close(&g.w2, &g32.w2);
        let mut net32 = net.to_f32();
        net32.step(&g32, 0.1);
        assert_eq!(
            net32.w1[[0, 0]],
            net.to_f32().w1[[0, 0]] - 0.1 * g32.w1[[0, 0]]
        );
    }

    #[test]
    fn the_local_numerical_gradient_checks_like_the_full_one() {
        let net = TwoLayerNet::new(3, 2, 2, 0.1, 0).unwrap();
        let x = ndarray::array![[1.0, 2.0, 3.0]];
        let err = net
            .numerical_gradient_local(x.view(), ndarray::array![[1.0]].view())
            .unwrap_err();
        assert!(err.contains("t: (1, 1)"), "{err}");
        // scores that overflow to infinity
        let mut huge = net.clone();
        huge.w2.fill(f64::MAX);
        let t = ndarray::array![[1.0, 0.0]];
        let err = huge.numerical_gradient_local(x.view(), t.view());
        assert_eq!(err, huge.numerical_gradient(x.view(), t.view()));
        assert!(err.unwrap_err().contains("not finite"));
    }

    #[test]
    fn the_default_run_reaches_90_percent_on_the_test_data() {
        let (net, history) = default_run().unwrap();
        let (_, te) = bundled();
        let acc = net.accuracy(te.x.view(), te.labels.view()).unwrap();
        assert!(acc >= 0.90, "test accuracy {acc}");
        assert_eq!(history.loss.len(), DEFAULT_ITERS);
        assert_eq!(history.epoch_iters.len(), DEFAULT_ITERS / 50);
        // it learned: the loss fell from about ln 10
        assert!(history.loss[0] > 2.0 && *history.loss.last().unwrap() < 0.5);
    }

    #[test]
    fn training_is_deterministic_for_a_seed() {
        let (tr, te) = bundled();
        let config = TrainConfig {
            iters: 20,
            ..TrainConfig::default()
        };
        let run = || train(&config, tr.view(), te.view(), |_| {}).unwrap();
        assert_eq!(run(), run());
        let other = TrainConfig { seed: 2, ..config };
        let (_, h2) = train(&other, tr.view(), te.view(), |_| {}).unwrap();
        assert_ne!(run().1.loss, h2.loss);
    }

    #[test]
    fn a_loss_that_is_not_finite_stops_training_and_names_the_iteration() {
        let (tr, te) = bundled();
        let config = TrainConfig {
            iters: 50,
            lr: 1e308,
            ..TrainConfig::default()
        };
        let err = train(&config, tr.view(), te.view(), |_| {}).unwrap_err();
        assert_eq!(err, TrainError::NotFinite { iter: 1, lr: 1e308 });
        let msg = err.to_string();
        assert!(msg.contains("iteration 1"), "{msg}");
        assert!(msg.contains("smaller than 1e308"), "{msg}");
    }

    #[test]
    fn bad_settings_are_named() {
        let ok = TrainConfig::default();
        let cases = [
            (TrainConfig { iters: 0, ..ok }, "--iters"),
            (
                TrainConfig {
                    batch_size: 0,
                    ..ok
                },
                "--batch-size",
            ),
            (
                TrainConfig {
                    hidden_size: 0,
                    ..ok
                },
                "--hidden",
            ),
            (TrainConfig { lr: 0.0, ..ok }, "--lr"),
            (TrainConfig { lr: -0.1, ..ok }, "--lr"),
            (
                TrainConfig {
                    lr: f64::INFINITY,
                    ..ok
                },
                "--lr",
            ),
            (
                TrainConfig {
                    batch_size: 5001,
                    ..ok
                },
                "5000 images",
            ),
        ];
        for (config, word) in cases {
            let err = check_config(&config, 5000).unwrap_err();
            assert!(matches!(err, TrainError::Config(_)));
            assert!(err.to_string().contains(word), "{err}");
        }
    }

    #[test]
    fn data_that_does_not_fit_is_an_error() {
        let net = TwoLayerNet::mnist(5, 0).unwrap();
        let x = Array2::zeros((2, 783));
        let t = Array2::zeros((2, 10));
        let err = net.gradient(x.view(), t.view()).unwrap_err();
        assert!(err.contains("(2, 783)"), "{err}");
    }
}

kit::chapter_tests!(CHAPTER);
