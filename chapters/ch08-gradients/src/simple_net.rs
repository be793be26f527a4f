//! The gradient of a network's loss with respect to its weights, on the
//! source book's `simpleNet`: one layer of 2 x 3 weights, no bias, softmax
//! and the cross-entropy error on top.
//!
//! Softmax comes from chapter 4 and the loss from chapter 6; this module
//! only wires them together and hands the loss to [`numerical_gradient`].

// ANCHOR: uses
use ch04_output_layer::softmax; // 第 4 章：softmax
use ch06_losses::cross_entropy_error; // 第 6 章：交叉熵误差（带 δ）
// ANCHOR_END: uses
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

use crate::numerical_gradient;

/// The input of the source book's example, $x = (0.6, 0.9)$.
pub const BOOK_X: [f64; 2] = [0.6, 0.9];

/// The target of the source book's example: class 2 is right,
/// $t = (0, 0, 1)$.
pub const BOOK_T: [f64; 3] = [0.0, 0.0, 1.0];

/// The weights the source book printed for its (unseeded) `simpleNet`,
/// to 8 decimals, so that a reader can compare with its results.
pub const BOOK_W: [[f64; 3]; 2] = [
    [0.47355232, 0.9977393, 0.84668094],
    [0.85557411, 0.03563661, 0.69422093],
];

/// The seed of the seeded `simpleNet` the page shows
/// ([`SimpleNet::seeded`]).
pub const WEIGHT_SEED: u64 = 0;

/// The shape of `simpleNet`'s weights: 2 inputs, 3 classes.
pub const SHAPE: (usize, usize) = (2, 3);

/// Why `simpleNet` cannot compute a score, a loss or a gradient.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimpleNetError {
    /// `x` has not one value per row of `W`.
    #[error(
        "x · W 要求 x: (n,) 和 W: (n, m)，实际是 x: ({x},), W: ({rows}, {cols})"
    )]
    Input {
        /// The length of `x`.
        x: usize,
        /// The rows of `W`.
        rows: usize,
        /// The columns of `W`.
        cols: usize,
    },
    /// `t` has not one value per class (per column of `W`).
    #[error("t 要求 W 的每一列（{classes} 列）有一个值，实际是 t: ({t},)")]
    Target {
        /// The columns of `W`.
        classes: usize,
        /// The length of `t`.
        t: usize,
    },
    /// `W` has no rows or no columns.
    #[error("W 至少要有一行一列，实际是 ({rows}, {cols})")]
    EmptyWeights {
        /// The rows of `W`.
        rows: usize,
        /// The columns of `W`.
        cols: usize,
    },
    /// The weight `W[i, j]` is infinite or NaN.
    #[error("W[{i}, {j}] = {value} 不是有限数")]
    NotFinite {
        /// Its row.
        i: usize,
        /// Its column.
        j: usize,
        /// Its value.
        value: f64,
    },
    /// Chapter 4's softmax refused the scores (one is not finite).
    #[error(transparent)]
    Softmax(#[from] ch04_output_layer::SoftmaxError),
    /// Chapter 6's cross-entropy refused `y` and `t` (their shapes
    /// differ).
    #[error(transparent)]
    Loss(#[from] ch06_losses::LossError),
}

/// The scores of one layer without bias: $z = xW$.
///
/// # Shapes
///
/// `w`: `(n, m)`, `x`: `(n,)` → `(m,)`.
///
/// # Errors
///
/// [`SimpleNetError::Input`] when `x` has not one value per row of `w`;
/// the message names both shapes.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::simple_net::predict;
/// use ndarray::array;
///
/// let w = array![[1.0, 0.0, 2.0], [0.0, 1.0, 3.0]];
/// let z = predict(w.view(), array![1.0, 2.0].view())?;
/// assert_abs_diff_eq!(z, array![1.0, 2.0, 8.0]);
///
/// let err = predict(w.view(), array![1.0, 2.0, 3.0].view()).unwrap_err();
/// assert!(err.to_string().contains("x: (3,), W: (2, 3)"));
/// # Ok::<(), ch08_gradients::simple_net::SimpleNetError>(())
/// ```
// ANCHOR: predict
pub fn predict(
    w: ArrayView2<f64>,
    x: ArrayView1<f64>,
) -> Result<Array1<f64>, SimpleNetError> {
    if x.len() != w.nrows() {
        let (rows, cols) = w.dim();
        return Err(SimpleNetError::Input {
            x: x.len(),
            rows,
            cols,
        });
    }
    Ok(x.dot(&w))
}
// ANCHOR_END: predict

/// The loss of one sample: softmax of the scores, then the cross-entropy
/// error against the target `t`.
///
/// $L(W) = -\sum_k t_k \ln(y_k + \delta)$ with
/// $y = \operatorname{softmax}(xW)$ and $\delta = 10^{-7}$.
///
/// # Shapes
///
/// `w`: `(n, m)`, `x`: `(n,)`, `t`: `(m,)` → a number.
///
/// # Errors
///
/// When the shapes do not fit (see [`predict`] and
/// [`cross_entropy_error`]), or a score is not finite (see [`softmax`]).
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::simple_net::loss;
/// use ndarray::{Array2, array};
///
/// // all scores equal: y = (1/3, 1/3, 1/3), L = -ln(1/3 + 1e-7)
/// let w = Array2::zeros((2, 3));
/// let t = array![0.0, 0.0, 1.0];
/// let l = loss(w.view(), array![0.6, 0.9].view(), t.view())?;
/// assert_abs_diff_eq!(l, 3f64.ln(), epsilon = 1e-6);
///
/// assert!(loss(w.view(), array![0.6, 0.9].view(), array![0.0, 1.0].view()).is_err());
/// # Ok::<(), ch08_gradients::simple_net::SimpleNetError>(())
/// ```
// ANCHOR: loss
pub fn loss(
    w: ArrayView2<f64>,
    x: ArrayView1<f64>,
    t: ArrayView1<f64>,
) -> Result<f64, SimpleNetError> {
    let z = predict(w, x)?;
    let y = softmax(z.view())?; // 第 4 章
    Ok(cross_entropy_error(y.view(), t)?) // 第 6 章
}
// ANCHOR_END: loss

/// The source book's `simpleNet`: a weight matrix `W` and nothing else.
#[derive(Debug, Clone, PartialEq)]
// ANCHOR: simple_net
pub struct SimpleNet {
    w: Array2<f64>,
}
// ANCHOR_END: simple_net

impl SimpleNet {
    /// A network with the given weights.
    ///
    /// # Shapes
    ///
    /// `w`: `(n, m)` with `n, m >= 1`: `n` inputs, `m` classes.
    ///
    /// # Errors
    ///
    /// [`SimpleNetError::EmptyWeights`] when `w` has no rows or no
    /// columns, [`SimpleNetError::NotFinite`] when it holds a value that is
    /// not finite; the message names the shape or the position.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::simple_net::SimpleNet;
    /// use ndarray::{Array2, array};
    ///
    /// let net = SimpleNet::new(array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])?;
    /// assert_eq!(net.w().dim(), (2, 3));
    /// assert!(SimpleNet::new(Array2::zeros((2, 0))).is_err());
    /// assert!(SimpleNet::new(array![[1.0, f64::NAN]]).is_err());
    /// # Ok::<(), ch08_gradients::simple_net::SimpleNetError>(())
    /// ```
    pub fn new(w: Array2<f64>) -> Result<Self, SimpleNetError> {
        if w.is_empty() {
            let (rows, cols) = w.dim();
            return Err(SimpleNetError::EmptyWeights { rows, cols });
        }
        if let Some(((i, j), &value)) =
            w.indexed_iter().find(|(_, v)| !v.is_finite())
        {
            return Err(SimpleNetError::NotFinite { i, j, value });
        }
        Ok(SimpleNet { w })
    }

    /// The network with the weights the source book printed ([`BOOK_W`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::simple_net::SimpleNet;
    ///
    /// let net = SimpleNet::book();
    /// assert_eq!(net.w()[[0, 0]], 0.47355232);
    /// ```
    pub fn book() -> Self {
        SimpleNet {
            w: Array2::from_shape_fn(SHAPE, |(i, j)| BOOK_W[i][j]),
        }
    }

    /// A 2 x 3 network with weights drawn from the standard normal
    /// distribution (the source book's `np.random.randn(2, 3)`), seeded:
    /// the same `seed` gives the same weights on every machine.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::simple_net::SimpleNet;
    ///
    /// let net = SimpleNet::seeded(0);
    /// assert_eq!(net.w().dim(), (2, 3));
    /// assert_eq!(net, SimpleNet::seeded(0));
    /// assert_ne!(net, SimpleNet::seeded(1));
    /// ```
    // ANCHOR: seeded
    pub fn seeded(seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let w = Array2::from_shape_fn(SHAPE, |_| rng.sample(StandardNormal));
        SimpleNet { w }
    }
    // ANCHOR_END: seeded

    /// The weights `W`.
    ///
    /// # Shapes
    ///
    /// `(n, m)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::simple_net::SimpleNet;
    /// use ndarray::array;
    ///
    /// let net = SimpleNet::new(array![[1.0, 2.0]])?;
    /// assert_eq!(net.w(), array![[1.0, 2.0]]);
    /// # Ok::<(), ch08_gradients::simple_net::SimpleNetError>(())
    /// ```
    pub fn w(&self) -> ArrayView2<'_, f64> {
        self.w.view()
    }

    /// The scores $xW$ of the network (see [`predict`]).
    ///
    /// # Shapes
    ///
    /// `x`: `(n,)` → `(m,)`.
    ///
    /// # Errors
    ///
    /// When `x` has not `n` values.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch08_gradients::simple_net::SimpleNet;
    /// use ndarray::array;
    ///
    /// let net = SimpleNet::new(array![[1.0, 0.0], [0.0, 1.0]])?;
    /// let z = net.predict(array![0.6, 0.9].view())?;
    /// assert_abs_diff_eq!(z, array![0.6, 0.9]);
    /// # Ok::<(), ch08_gradients::simple_net::SimpleNetError>(())
    /// ```
    pub fn predict(
        &self,
        x: ArrayView1<f64>,
    ) -> Result<Array1<f64>, SimpleNetError> {
        predict(self.w.view(), x)
    }

    /// The loss of the network on one sample (see [`loss`]).
    ///
    /// # Shapes
    ///
    /// `x`: `(n,)`, `t`: `(m,)` → a number.
    ///
    /// # Errors
    ///
    /// When the shapes do not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch08_gradients::simple_net::{BOOK_T, BOOK_X, SimpleNet};
    /// use ndarray::ArrayView1;
    ///
    /// let (x, t) = (ArrayView1::from(&BOOK_X), ArrayView1::from(&BOOK_T));
    /// let l = SimpleNet::book().loss(x, t)?;
    /// // with delta = 1e-7 (chapter 6); the source book prints 0.928068537
    /// assert_abs_diff_eq!(l, 0.92806829, epsilon = 1e-8);
    /// # Ok::<(), ch08_gradients::simple_net::SimpleNetError>(())
    /// ```
    pub fn loss(
        &self,
        x: ArrayView1<f64>,
        t: ArrayView1<f64>,
    ) -> Result<f64, SimpleNetError> {
        loss(self.w.view(), x, t)
    }

    /// The numerical gradient of [`SimpleNet::loss`] with respect to the
    /// weights: $\frac{\partial L}{\partial W_{ij}}$ by the central
    /// difference, one weight at a time ([`numerical_gradient`]).
    ///
    /// `self` is borrowed mutably because each weight is moved by
    /// $\pm h$ in place and put back; afterwards `W` is bit for bit what
    /// it was.
    ///
    /// # Shapes
    ///
    /// `x`: `(n,)`, `t`: `(m,)`; the gradient is `(n, m)`, the shape of
    /// `W`.
    ///
    /// # Errors
    ///
    /// When the shapes do not fit, or a moved weight makes a score that is
    /// not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::simple_net::{BOOK_T, BOOK_X, SimpleNet};
    /// use ndarray::ArrayView1;
    ///
    /// let (x, t) = (ArrayView1::from(&BOOK_X), ArrayView1::from(&BOOK_T));
    /// let mut net = SimpleNet::seeded(0);
    /// let before = net.clone();
    /// let dw = net.numerical_gradient(x, t)?;
    /// assert_eq!(dw.dim(), net.w().dim()); // (2, 3), like W
    /// assert_eq!(net, before); // every weight put back
    /// # Ok::<(), ch08_gradients::simple_net::SimpleNetError>(())
    /// ```
    ///
    /// The source book writes the loss as `lambda w: net.loss(x, t)`: it
    /// ignores its argument and reads `net.W`, which `numerical_gradient`
    /// moves in place. In Rust such a closure does not compile: while
    /// `numerical_gradient` holds the weights mutably, nothing else may
    /// read them. The closure has to use the weights it is given.
    ///
    /// ```compile_fail
    /// use ch08_gradients::{function_2, numerical_gradient};
    /// use ndarray::{Array2, array};
    ///
    /// let mut w = array![[0.5, -1.0, 2.0], [1.5, 0.0, -0.25]];
    /// // WRONG WAY: like `lambda w: net.loss(x, t)`, the closure ignores
    /// // its argument and reads the array being moved: error E0502
    /// let f = |_w: &Array2<f64>| function_2(&w);
    /// let dw = numerical_gradient(f, &mut w);
    /// assert_eq!(dw.dim(), (2, 3));
    /// ```
    // ANCHOR: numerical_gradient
    pub fn numerical_gradient(
        &mut self,
        x: ArrayView1<f64>,
        t: ArrayView1<f64>,
    ) -> Result<Array2<f64>, SimpleNetError> {
        loss(self.w.view(), x, t)?; // 先检查一次形状
        let mut failed = None;
        // 损失只作为（被挪动的）权重的函数；x 和 t 由闭包捕获，始终不变
        let f = |w: &Array2<f64>| match loss(w.view(), x, t) {
            Ok(l) => l,
            Err(e) => {
                failed.get_or_insert(e);
                f64::NAN
            }
        };
        let dw = numerical_gradient(f, &mut self.w);
        match failed {
            Some(e) => Err(e),
            None => Ok(dw),
        }
    }
    // ANCHOR_END: numerical_gradient
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ch00_tools::argmax;
    use ch06_losses::DELTA;
    use ch06_losses::wrong_way::cross_entropy_no_delta;
    use ndarray::{array, aview1};

    fn book_sample() -> (ArrayView1<'static, f64>, ArrayView1<'static, f64>) {
        (aview1(&BOOK_X), aview1(&BOOK_T))
    }

    /// The loss without delta: $-\ln y_2$ for the book's one-hot target.
    fn loss_no_delta(w: &Array2<f64>) -> f64 {
        let (x, t) = book_sample();
        let y = softmax(predict(w.view(), x).unwrap().view()).unwrap();
        cross_entropy_no_delta(y.view(), t)
    }

    // Deep Learning from Scratch 4.4.2 prints p = [1.05414809 0.63071653
    // 1.1328074] and np.argmax(p) = 2 for its W (printed to 8 decimals).
    #[test]
    fn predict_and_argmax_match_the_book() {
        let (x, _) = book_sample();
        let p = SimpleNet::book().predict(x).unwrap();
        // 8 printed decimals; W itself is rounded to 8 decimals
        let book = array![1.05414809, 0.63071653, 1.1328074];
        assert_abs_diff_eq!(p, book, epsilon = 1e-8);
        assert_eq!(argmax(p.view()), Some(2));
    }

    // The book prints loss 0.92806853663411326 and
    // dW = [[0.21924763, 0.14356247, -0.36281009],
    //       [0.32887144, 0.2153437, -0.54421514]].
    // Chapter 6's cross-entropy adds delta = 1e-7 inside the log, as the
    // book's own function does; that lowers the loss by about
    // delta / y_2 = 2.5e-7 and scales dW by y_2 / (y_2 + delta). The book's
    // numbers match the loss WITHOUT delta: within the 8-decimal rounding
    // of W (at most about 1e-8 in the loss) for the loss, to all 8 printed
    // decimals for dW.
    #[test]
    fn loss_with_delta_and_the_books_loss_without_it() {
        let (x, t) = book_sample();
        let net = SimpleNet::book();
        let loss = net.loss(x, t).unwrap();
        // what chapter 6's loss gives (only + - * / exp ln: 1e-12 is room
        // for a last-digit difference in exp or ln)
        assert_abs_diff_eq!(loss, 0.9280682857864075, epsilon = 1e-12);
        // printed as 0.92806853663411326 (17 digits); the same f64
        let book = 0.9280685366341133;
        assert_abs_diff_eq!(loss_no_delta(&net.w), book, epsilon = 1e-8);
        // the gap is delta / y_2, not rounding
        let y2 = softmax(net.predict(x).unwrap().view()).unwrap()[2];
        assert_abs_diff_eq!(book - loss, DELTA / y2, epsilon = 1e-8);
        assert!(book - loss > 2e-7);
    }

    #[test]
    fn gradient_with_delta_and_the_books_gradient_without_it() {
        let (x, t) = book_sample();
        let mut net = SimpleNet::book();
        let dw = net.numerical_gradient(x, t).unwrap();
        assert_eq!(dw.dim(), (2, 3));
        // ours, with delta: printed to 8 decimals by the demo
        let ours = array![
            [0.21924757, 0.14356243, -0.36281000],
            [0.32887136, 0.21534364, -0.54421500]
        ];
        assert_abs_diff_eq!(dw, ours, epsilon = 1e-8);
        // the book's, to its 8 printed decimals: the loss without delta
        let book = array![
            [0.21924763, 0.14356247, -0.36281009],
            [0.32887144, 0.2153437, -0.54421514]
        ];
        let mut w = net.w.clone();
        let dw_no_delta = numerical_gradient(loss_no_delta, &mut w);
        assert_abs_diff_eq!(dw_no_delta, book, epsilon = 1e-8);
        // with delta, the two differ in the 7th decimal: by y_2 / (y_2 + d)
        let y2 = softmax(net.predict(x).unwrap().view()).unwrap()[2];
        assert_abs_diff_eq!(dw, &book * (y2 / (y2 + DELTA)), epsilon = 1e-8);
        assert!((&dw - &book).iter().any(|d| d.abs() > 5e-8));
    }

    #[test]
    fn the_gradient_has_the_shape_of_the_weights() {
        let (x, t) = book_sample();
        let mut net = SimpleNet::seeded(0);
        assert_eq!(net.numerical_gradient(x, t).unwrap().dim(), SHAPE);
        // any (n, m), not only 2 x 3
        let w =
            Array2::from_shape_fn((4, 5), |(i, j)| (i * 5 + j) as f64 * 0.1);
        let mut net = SimpleNet::new(w).unwrap();
        let x = array![0.5, -1.0, 0.25, 2.0];
        let t = array![0.0, 1.0, 0.0, 0.0, 0.0];
        let dw = net.numerical_gradient(x.view(), t.view()).unwrap();
        assert_eq!(dw.shape(), net.w().shape());
        assert_eq!(dw.dim(), (4, 5));
    }

    #[test]
    fn the_weights_are_put_back_bit_for_bit() {
        let (x, t) = book_sample();
        let mut net = SimpleNet::seeded(7);
        let before = net.w.clone();
        net.numerical_gradient(x, t).unwrap();
        for (a, b) in net.w.iter().zip(before.iter()) {
            assert_eq!(a.to_bits(), b.to_bits());
        }
    }

    // Reading dW: L(W + e E_ij) - L(W) is about e * dW_ij for a small e.
    #[test]
    fn a_small_move_changes_the_loss_by_dw_times_the_move() {
        let (x, t) = book_sample();
        let mut net = SimpleNet::book();
        let dw = net.numerical_gradient(x, t).unwrap();
        let l0 = net.loss(x, t).unwrap();
        let eps = 0.01;
        for ((i, j), &g) in dw.indexed_iter() {
            let mut w = net.w.clone();
            w[[i, j]] += eps;
            let l1 = loss(w.view(), x, t).unwrap();
            // the rest, x_i² y_j (1 - y_j) eps² / 2, is below 1e-5 here
            assert_abs_diff_eq!(l1 - l0, eps * g, epsilon = 1e-4);
        }
        // w_23 (row 1, column 2 from 0) up: the loss goes down
        assert!(dw[[1, 2]] < 0.0);
        // rows in the ratio x_1 : x_0 = 0.9 : 0.6
        let ratio = &dw.row(1) / &dw.row(0);
        assert_abs_diff_eq!(ratio, array![1.5, 1.5, 1.5], epsilon = 1e-6);
    }

    #[test]
    fn seeded_weights_are_fixed_and_look_standard_normal() {
        assert_eq!(SimpleNet::seeded(0), SimpleNet::seeded(0));
        assert_ne!(SimpleNet::seeded(0), SimpleNet::seeded(1));
        // many draws: mean near 0, variance near 1
        let draws: Vec<f64> =
            (0..2000).flat_map(|s| SimpleNet::seeded(s).w).collect();
        let n = draws.len() as f64;
        let mean = draws.iter().sum::<f64>() / n;
        let var = draws.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        assert_abs_diff_eq!(mean, 0.0, epsilon = 0.05);
        assert_abs_diff_eq!(var, 1.0, epsilon = 0.05);
    }

    #[test]
    fn shape_and_value_errors() {
        let net = SimpleNet::book();
        let x3 = array![0.6, 0.9, 1.0];
        let err = net.predict(x3.view()).unwrap_err();
        assert_eq!(
            err,
            SimpleNetError::Input {
                x: 3,
                rows: 2,
                cols: 3
            }
        );
        assert!(err.to_string().contains("x: (3,), W: (2, 3)"), "{err}");
        let (x, _) = book_sample();
        let t2 = array![0.0, 1.0];
        let err = net.loss(x, t2.view()).unwrap_err();
        assert!(matches!(err, SimpleNetError::Loss(_)), "{err:?}");
        let msg = err.to_string();
        assert!(msg.contains("(3,)") && msg.contains("(2,)"), "{msg}");
        let mut net = SimpleNet::book();
        assert!(net.numerical_gradient(x, t2.view()).is_err());
        let err = net.numerical_gradient(x3.view(), t2.view()).unwrap_err();
        assert!(matches!(err, SimpleNetError::Input { x: 3, .. }), "{err}");
        // a non-finite input reaches softmax as a non-finite score
        let xn = array![f64::NAN, 0.9];
        let err = net.loss(xn.view(), aview1(&BOOK_T)).unwrap_err();
        assert!(matches!(err, SimpleNetError::Softmax(_)), "{err:?}");

        let err = SimpleNet::new(Array2::zeros((0, 3))).unwrap_err();
        assert_eq!(err, SimpleNetError::EmptyWeights { rows: 0, cols: 3 });
        assert!(err.to_string().contains("(0, 3)"), "{err}");
        let err = SimpleNet::new(array![[1.0, 2.0], [f64::INFINITY, 0.0]])
            .unwrap_err();
        assert!(err.to_string().contains("W[1, 0] = inf"), "{err}");
    }

    #[test]
    fn a_loss_that_fails_while_moving_is_an_error() {
        // finite scores at W, but W[0, 0] + h pushes x_0 * W[0, 0] past
        // f64::MAX: the moved loss fails, and so must the gradient
        let mut net = SimpleNet::new(array![[1.0], [0.0]]).unwrap();
        let (x, t) = (array![f64::MAX, 0.0], array![1.0]);
        assert!(net.loss(x.view(), t.view()).is_ok());
        let before = net.clone();
        let err = net.numerical_gradient(x.view(), t.view()).unwrap_err();
        // chapter 4's softmax refuses the score that is no longer finite
        assert!(matches!(err, SimpleNetError::Softmax(_)), "{err:?}");
        assert_eq!(net, before);
    }
}
