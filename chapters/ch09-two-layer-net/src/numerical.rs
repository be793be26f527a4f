//! Checking backpropagation: the network's numerical gradient by chapter
//! 8's central differences, a faster one with the same bits, and the
//! gradient check that compares backprop with them.

use ndarray::{Array2, ArrayView1, ArrayView2, s};

use crate::network::{Gradients, NetError, TwoLayerNet, param_count};
use crate::{
    affine_batch, cross_entropy_error_batch, numerical_gradient, sigmoid,
    softmax_rows,
};

/// The hidden size of the gradient check's network: the source book's
/// 784-50-10.
pub const GRADIENT_CHECK_HIDDEN: usize = 50;
/// Training images in the gradient check's batch, as in the source book.
pub const GRADIENT_CHECK_BATCH: usize = 3;

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

/// Multiply-adds (one multiplication and one addition each) of one
/// forward pass of a batch: the two matrix products $X W^{(1)}$ and
/// $Z^{(1)} W^{(2)}$.
///
/// $N (n_{in} n_h + n_h n_{out})$
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::numerical::multiply_adds_per_forward_pass;
///
/// assert_eq!(multiply_adds_per_forward_pass(100, 784, 50, 10), 3_970_000);
/// ```
pub fn multiply_adds_per_forward_pass(
    batch_size: usize,
    input_size: usize,
    hidden_size: usize,
    output_size: usize,
) -> usize {
    batch_size * (input_size * hidden_size + hidden_size * output_size)
}

/// Multiply-adds of one backpropagation step: the forward pass's two
/// matrix products and the backward pass's three ($Z^{(1)\top}
/// \mathrm{d}A^{(2)}$, $\mathrm{d}A^{(2)} W^{(2)\top}$,
/// $X^\top \mathrm{d}A^{(1)}$).
///
/// $N (2 n_{in} n_h + 3 n_h n_{out})$
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::numerical::multiply_adds_per_backprop_step;
///
/// assert_eq!(multiply_adds_per_backprop_step(100, 784, 50, 10), 7_990_000);
/// ```
pub fn multiply_adds_per_backprop_step(
    batch_size: usize,
    input_size: usize,
    hidden_size: usize,
    output_size: usize,
) -> usize {
    batch_size * (2 * input_size * hidden_size + 3 * hidden_size * output_size)
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
) -> Result<f64, NetError> {
    let z1 = sigmoid(&affine_batch(x, w1, b1)?);
    output_loss(z1.view(), w2, b2, t)
}

/// The loss from the hidden layer's output `z1` on: the second layer,
/// softmax, then chapter 6's batch cross-entropy error.
fn output_loss(
    z1: ArrayView2<f64>,
    w2: ArrayView2<f64>,
    b2: ArrayView1<f64>,
    t: ArrayView2<f64>,
) -> Result<f64, NetError> {
    let y = softmax_rows(affine_batch(z1, w2, b2)?.view())?;
    Ok(cross_entropy_error_batch(y.view(), t)?)
}

impl TwoLayerNet {
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
    /// [`NetError::Batch`] when the shapes do not fit;
    /// [`NetError::NotFiniteNearby`] when a moved parameter makes the
    /// loss not finite.
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
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    // ANCHOR: numerical_gradient
    pub fn numerical_gradient(
        &mut self,
        x: ArrayView2<f64>,
        t: ArrayView2<f64>,
    ) -> Result<Gradients, NetError> {
        self.check_batch(x, t)?;
        let TwoLayerNet { w1, b1, w2, b2 } = self;
        // 损失作为四个参数的函数（形状已检查过，只可能遇到非有限的得分：
        // 那时得到 NaN，最后报告）
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
    /// As [`TwoLayerNet::numerical_gradient`].
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
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    // ANCHOR: numerical_gradient_local
    pub fn numerical_gradient_local(
        &self,
        x: ArrayView2<f64>,
        t: ArrayView2<f64>,
    ) -> Result<Gradients, NetError> {
        self.check_batch(x, t)?;
        let TwoLayerNet { w1, b1, w2, b2 } = self;
        // 形状已检查过，只可能遇到非有限的得分：那时得到 NaN，最后报告
        const FIT: &str = "check_batch checked the shapes";
        let l2 =
            |z1: ArrayView2<f64>, w2: ArrayView2<f64>, b2: ArrayView1<f64>| {
                output_loss(z1, w2, b2, t).unwrap_or(f64::NAN)
            };
        // 隐藏层的输出 Z1 先算好；挪动 W2、b2 时它不变
        let mut z1 = sigmoid(&affine_batch(x, w1.view(), b1.view())?);
        let mut grads = Gradients {
            w1: Array2::zeros(w1.raw_dim()),
            b1: numerical_gradient(
                |b1| {
                    let a1 = affine_batch(x, w1.view(), b1.view()).expect(FIT);
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
            // W1 的第 j 列，一个 (输入个数, 1) 的矩阵：挪动它的元素，
            // 第 1 层只有第 j 个隐藏神经元会变
            let mut w1_j = w1.slice(s![.., j..=j]).to_owned();
            let g = numerical_gradient(
                |w1_j| {
                    let a1_j = affine_batch(x, w1_j.view(), b1_j).expect(FIT);
                    z1.column_mut(j).assign(&sigmoid(&a1_j.column(0)));
                    l2(z1.view(), w2.view(), b2.view())
                },
                &mut w1_j,
            );
            grads.w1.slice_mut(s![.., j..=j]).assign(&g);
            z1.column_mut(j).assign(&hidden_j); // 放回原来的第 j 列
        }
        // --snip--
        // ANCHOR_END: numerical_gradient_local
        all_finite(grads)
    }
}

/// `grads`, or [`NetError::NotFiniteNearby`] if one of them is not
/// finite: the loss was not finite near the parameters.
fn all_finite(grads: Gradients) -> Result<Gradients, NetError> {
    let finite = grads
        .named()
        .iter()
        .all(|(_, g)| g.iter().all(|v| v.is_finite()));
    if finite {
        Ok(grads)
    } else {
        Err(NetError::NotFiniteNearby)
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
/// # Ok::<(), ch09_two_layer_net::NetError>(())
/// ```
// ANCHOR: gradient_check
pub fn gradient_check(
    net: &TwoLayerNet,
    x: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<Vec<(&'static str, f64)>, NetError> {
    // 与 net.numerical_gradient 的结果逐位相同，但快得多（9.2 节）
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

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    use crate::{INPUT_SIZE, OUTPUT_SIZE, SEED, bundled};

    #[test]
    fn backprop_agrees_with_the_numerical_gradient() {
        kit::pass_cache::unless_passed("gradient-check", &[], || {
            let (tr, _) = bundled().unwrap();
            let net = TwoLayerNet::mnist(GRADIENT_CHECK_HIDDEN, SEED).unwrap();
            let (x, t) = tr.head(GRADIENT_CHECK_BATCH);
            let numerical = net.numerical_gradient_local(x, t).unwrap();
            let backprop = net.gradient(x, t).unwrap();
            assert_abs_diff_eq!(numerical.w1, backprop.w1, epsilon = 1e-8);
            assert_abs_diff_eq!(numerical.b1, backprop.b1, epsilon = 1e-8);
            assert_abs_diff_eq!(numerical.w2, backprop.w2, epsilon = 1e-6);
            assert_abs_diff_eq!(numerical.b2, backprop.b2, epsilon = 1e-6);
            // so the means `gradient_check` prints (the gradient-check
            // demo, on this network) are below 1e-6 too
        });
    }

    #[test]
    fn the_local_numerical_gradient_is_the_full_one_bit_for_bit() {
        kit::pass_cache::unless_passed("local-gradient", &[], || {
            let (tr, _) = bundled().unwrap();
            let (x, t) = tr.head(3);
            // trained a little, so no gradient is trivially 0
            for std in [0.01, 0.3] {
                let mut net =
                    TwoLayerNet::new(INPUT_SIZE, 7, OUTPUT_SIZE, std, 5)
                        .unwrap();
                let g = net.gradient(x, t).unwrap();
                net.step(&g, 0.5);
                let local = net.numerical_gradient_local(x, t).unwrap();
                let full = net.numerical_gradient(x, t).unwrap();
                for ((name, l), (_, f)) in
                    local.named().iter().zip(full.named())
                {
                    let bits =
                        |v: &[f64]| v.iter().map(|x| x.to_bits()).collect();
                    let (l, f): (Vec<u64>, Vec<u64>) = (bits(l), bits(&f));
                    assert_eq!(l, f, "{name}, std {std}");
                }
                assert!(local.w1.iter().any(|&v| v != 0.0));
            }
        });
    }

    #[test]
    fn the_local_numerical_gradient_checks_like_the_full_one() {
        let net = TwoLayerNet::new(3, 2, 2, 0.1, 0).unwrap();
        let x = ndarray::array![[1.0, 2.0, 3.0]];
        let err = net
            .numerical_gradient_local(x.view(), ndarray::array![[1.0]].view())
            .unwrap_err();
        assert!(matches!(err, NetError::Batch { t: (1, 1), .. }), "{err}");
        assert!(err.to_string().contains("t: (1, 1)"), "{err}");
        // scores that overflow to infinity
        let mut huge = net.clone();
        huge.w2.fill(f64::MAX);
        let t = ndarray::array![[1.0, 0.0]];
        let err = huge.numerical_gradient_local(x.view(), t.view());
        assert_eq!(err, huge.numerical_gradient(x.view(), t.view()));
        assert_eq!(err, Err(NetError::NotFiniteNearby));
    }
}
