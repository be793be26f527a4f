//! Solutions to the chapter's exercises.

use ch02_activations::relu;
use ch08_gradients::H;
use ndarray::{Array2, ArrayView2, Axis};

use crate::{
    DataSet, Gradients, NetError, TrainConfig, TrainError, TwoLayerNet,
    affine_batch, cross_entropy_error_batch, matmul, sigmoid, softmax_rows,
    train,
};

/// Exercise 2: the loss of the network with ReLU instead of sigmoid in
/// the hidden layer.
///
/// # Errors
///
/// When the shapes do not fit or a score is not finite.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::TwoLayerNet;
/// use ch09_two_layer_net::exercises::relu_loss;
/// use ndarray::array;
///
/// let net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
/// let l = relu_loss(&net, array![[0.6, 0.9]].view(), array![[0.0, 1.0]].view())?;
/// assert!(l > 0.0);
/// # Ok::<(), ch09_two_layer_net::NetError>(())
/// ```
pub fn relu_loss(
    net: &TwoLayerNet,
    x: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<f64, NetError> {
    let z1 = relu(&affine_batch(x, net.w1.view(), net.b1.view())?);
    let a2 = affine_batch(z1.view(), net.w2.view(), net.b2.view())?;
    let y = softmax_rows(a2.view())?;
    Ok(cross_entropy_error_batch(y.view(), t)?)
}

/// Exercise 2: backpropagation through a ReLU hidden layer. Only the
/// local derivative changes: 1 where the hidden input was positive, 0
/// elsewhere, in place of sigmoid's $z(1 - z)$.
///
/// # Shapes
///
/// As [`TwoLayerNet::gradient`].
///
/// # Errors
///
/// When the shapes do not fit or a score is not finite.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::TwoLayerNet;
/// use ch09_two_layer_net::exercises::relu_gradient;
/// use ndarray::array;
///
/// let net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
/// let g = relu_gradient(&net, array![[0.6, 0.9]].view(), array![[0.0, 1.0]].view())?;
/// assert_eq!(g.w1.dim(), (2, 3));
/// # Ok::<(), ch09_two_layer_net::NetError>(())
/// ```
// ANCHOR: relu_gradient
pub fn relu_gradient(
    net: &TwoLayerNet,
    x: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<Gradients, NetError> {
    let a1 = affine_batch(x, net.w1.view(), net.b1.view())?;
    let z1 = relu(&a1);
    let a2 = affine_batch(z1.view(), net.w2.view(), net.b2.view())?;
    let y = softmax_rows(a2.view())?;
    let da2 = (&y - &t) / x.nrows() as f64;
    let w2 = matmul(z1.t(), da2.view())?;
    let b2 = da2.sum_axis(Axis(0));
    let dz1 = matmul(da2.view(), net.w2.t())?;
    // ReLU 只在输入大于 0 处让梯度通过
    let da1 = dz1 * &a1.mapv(|a| if a > 0.0 { 1.0 } else { 0.0 });
    let w1 = matmul(x.t(), da1.view())?;
    let b1 = da1.sum_axis(Axis(0));
    Ok(Gradients { w1, b1, w2, b2 })
}
// ANCHOR_END: relu_gradient

/// Exercise 3: trains once per learning rate (other settings as
/// `config`) and returns, for each, the mean loss of the last 10% of the
/// iterations, or the error if training diverged.
///
/// # Errors
///
/// Each run's own [`TrainError`], in its place in the result.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::{DataSet, TrainConfig};
/// use ch09_two_layer_net::exercises::lr_sweep;
/// use ndarray::{Array1, Array2};
///
/// let x = Array2::from_elem((10, 784), 0.5);
/// let labels = Array1::from_elem(10, 3);
/// let mut t = Array2::zeros((10, 10));
/// t.column_mut(3).fill(1.0);
/// let data = DataSet { x: x.view(), t: t.view(), labels: labels.view() };
/// let config = TrainConfig { iters: 20, batch_size: 5, ..TrainConfig::default() };
/// let losses = lr_sweep(&config, &[0.01, 1.0], data, data);
/// assert!(losses[1].as_ref().unwrap() < losses[0].as_ref().unwrap());
/// ```
// ANCHOR: lr_sweep
pub fn lr_sweep(
    config: &TrainConfig,
    lrs: &[f64],
    train_data: DataSet,
    test_data: DataSet,
) -> Vec<Result<f64, TrainError>> {
    lrs.iter()
        .map(|&lr| {
            let config = TrainConfig { lr, ..*config };
            let (_, history) = train(&config, train_data, test_data, |_| {})?;
            let tail = (history.loss.len() / 10).max(1);
            let last = &history.loss[history.loss.len() - tail..];
            Ok(last.iter().sum::<f64>() / tail as f64)
        })
        .collect()
}
// ANCHOR_END: lr_sweep

/// Exercise 4: the numerical gradient of the loss with respect to `W1`,
/// updating instead of recomputing: moving $W_{1,ij}$ by $h$ adds
/// $h\,x_{:,i}$ to column $j$ of $A_1 = X W_1 + b_1$, so only that column
/// of $Z_1$ changes, and $A_2$ changes by the outer product of the change
/// in $Z_1$'s column with row $j$ of $W_2$. Each evaluation then costs
/// $O(N \cdot n_{out})$ instead of a matrix product; the rounding differs
/// from [`TwoLayerNet::numerical_gradient_local`]'s, so the result is
/// close to, not bit for bit, the full gradient.
///
/// # Shapes
///
/// As [`TwoLayerNet::numerical_gradient`]; the result is `W1`'s shape.
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
/// use ch09_two_layer_net::exercises::numerical_gradient_w1_incremental;
/// use ndarray::array;
///
/// let mut net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
/// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
/// let fast = numerical_gradient_w1_incremental(&net, x.view(), t.view())?;
/// let full = net.numerical_gradient(x.view(), t.view())?;
/// assert_abs_diff_eq!(fast, full.w1, epsilon = 1e-9);
/// # Ok::<(), ch09_two_layer_net::NetError>(())
/// ```
// ANCHOR: numerical_gradient_w1_incremental
pub fn numerical_gradient_w1_incremental(
    net: &TwoLayerNet,
    x: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<Array2<f64>, NetError> {
    let a1 = affine_batch(x, net.w1.view(), net.b1.view())?;
    let z1 = sigmoid(&a1);
    let a2 = affine_batch(z1.view(), net.w2.view(), net.b2.view())?;
    let loss_with = |j: usize, delta: f64, i: usize| -> Result<f64, NetError> {
        // A1 的第 j 列加上 delta * x[:, i]；第 1 层别的都不变
        let col = &a1.column(j) + &(delta * &x.column(i));
        let dz = sigmoid(&col) - z1.column(j);
        // A2 的变化是 dz 与 W2 第 j 行的外积
        let mut a2 = a2.clone();
        for (mut row, d) in a2.rows_mut().into_iter().zip(&dz) {
            row.scaled_add(*d, &net.w2.row(j));
        }
        let y = softmax_rows(a2.view())?;
        Ok(cross_entropy_error_batch(y.view(), t)?)
    };
    let mut grad = Array2::zeros(net.w1.raw_dim());
    for ((i, j), g) in grad.indexed_iter_mut() {
        *g = (loss_with(j, H, i)? - loss_with(j, -H, i)?) / (2.0 * H);
    }
    Ok(grad)
}
// ANCHOR_END: numerical_gradient_w1_incremental

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ch08_gradients::numerical_gradient;

    use crate::{INPUT_SIZE, OUTPUT_SIZE, bundled};

    #[test]
    fn relu_backprop_matches_the_numerical_gradient() {
        let (tr, _) = bundled().unwrap();
        let (x, t) = tr.head(3);
        let net = TwoLayerNet::new(INPUT_SIZE, 8, OUTPUT_SIZE, 0.1, 3).unwrap();
        let g = relu_gradient(&net, x, t).unwrap();
        let n2 = numerical_gradient(
            |w2| {
                let net = TwoLayerNet {
                    w2: w2.clone(),
                    ..net.clone()
                };
                relu_loss(&net, x, t).unwrap()
            },
            &mut net.w2.clone(),
        );
        assert_abs_diff_eq!(g.w2, n2, epsilon = 1e-6);
        let n1 = numerical_gradient(
            |b1| {
                let net = TwoLayerNet {
                    b1: b1.clone(),
                    ..net.clone()
                };
                relu_loss(&net, x, t).unwrap()
            },
            &mut net.b1.clone(),
        );
        assert_abs_diff_eq!(g.b1, n1, epsilon = 1e-6);
    }

    #[test]
    fn a_larger_learning_rate_learns_faster_here() {
        let (tr, te) = bundled().unwrap();
        let config = TrainConfig {
            iters: 100,
            ..TrainConfig::default()
        };
        let losses = lr_sweep(&config, &[0.01, 0.1, 1.0], tr.view(), te.view());
        let l: Vec<f64> = losses.into_iter().map(Result::unwrap).collect();
        assert!(l[0] > l[1] && l[1] > l[2], "{l:?}");
    }

    #[test]
    fn the_incremental_gradient_is_close_to_the_full_one() {
        let (tr, _) = bundled().unwrap();
        let (x, t) = tr.head(3);
        let mut net =
            TwoLayerNet::new(INPUT_SIZE, 4, OUTPUT_SIZE, 0.01, 2).unwrap();
        let fast = numerical_gradient_w1_incremental(&net, x, t).unwrap();
        let full = net.numerical_gradient(x, t).unwrap();
        assert_abs_diff_eq!(fast, full.w1, epsilon = 1e-10);
    }
}
