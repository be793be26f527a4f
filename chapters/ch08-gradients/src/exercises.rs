//! Solutions to the exercises at the end of chapter 8.

use ch02_activations::{affine_layer, sigmoid};
use ch04_output_layer::softmax;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};

use crate::linear_model::LinearData;
use crate::simple_net::{SimpleNetError, predict};
use crate::{DescentError, gradient_descent};

/// Why a layer of exercise 1 cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LayerError {
    /// Chapter 2's [`affine_layer`] refused the shapes of `x`, `w`, `b`.
    #[error("{0}")]
    Shapes(String),
}

/// Exercise 1: a function of a weight matrix, $f(W) = \sum_j
/// \sigma(xW + b)_j$: one layer of sigmoid neurons (chapter 2), its
/// outputs added up.
///
/// # Shapes
///
/// `x`: `(n,)`, `w`: `(n, m)`, `b`: `(m,)`; the result is a number.
///
/// # Errors
///
/// [`LayerError::Shapes`] when the shapes do not fit (see
/// [`affine_layer`]).
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::exercises::sigmoid_sum;
/// use ndarray::{Array2, array};
///
/// let w = Array2::zeros((2, 3));
/// let f = sigmoid_sum(array![0.6, 0.9].view(), w.view(), array![0.0, 0.0, 0.0].view())?;
/// assert_abs_diff_eq!(f, 1.5); // three neurons at sigmoid(0) = 0.5
/// # Ok::<(), ch08_gradients::exercises::LayerError>(())
/// ```
// ANCHOR: sigmoid_sum
pub fn sigmoid_sum(
    x: ArrayView1<f64>,
    w: ArrayView2<f64>,
    b: ArrayView1<f64>,
) -> Result<f64, LayerError> {
    let a = affine_layer(x, w, b).map_err(LayerError::Shapes)?; // 第 2 章
    Ok(sigmoid(&a).sum())
}
// ANCHOR_END: sigmoid_sum

/// Exercise 1: the exact gradient of [`sigmoid_sum`] with respect to `W`,
/// by the chain rule: $\frac{\partial f}{\partial W_{ij}} = x_i\,
/// \sigma(a_j)(1 - \sigma(a_j))$ with $a = xW + b$.
///
/// # Shapes
///
/// As [`sigmoid_sum`]; the gradient is `(n, m)`, the shape of `w`.
///
/// # Errors
///
/// [`LayerError::Shapes`] when the shapes do not fit (see
/// [`affine_layer`]).
///
/// # Examples
///
/// ```
/// use ch08_gradients::exercises::sigmoid_sum_grad;
/// use ndarray::{Array2, array};
///
/// let w = Array2::zeros((2, 3));
/// let g = sigmoid_sum_grad(array![0.6, 0.9].view(), w.view(), array![0.0, 0.0, 0.0].view())?;
/// assert_eq!(g.dim(), (2, 3));
/// # Ok::<(), ch08_gradients::exercises::LayerError>(())
/// ```
// ANCHOR: sigmoid_sum_grad
pub fn sigmoid_sum_grad(
    x: ArrayView1<f64>,
    w: ArrayView2<f64>,
    b: ArrayView1<f64>,
) -> Result<Array2<f64>, LayerError> {
    let a = affine_layer(x, w, b).map_err(LayerError::Shapes)?; // 第 2 章
    let s = sigmoid(&a);
    let ds = &s * &(1.0 - &s);
    // 外积 x_i * ds_j：(n, 1) · (1, m) -> (n, m)
    Ok(x.insert_axis(Axis(1)).dot(&ds.insert_axis(Axis(0))))
}
// ANCHOR_END: sigmoid_sum_grad

/// Why a function of exercise 2 is not a bowl.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BowlError {
    /// `a` is empty: $f$ has no variables.
    #[error("a 是空的：f 没有变量")]
    NoVariables,
    /// Some $a_i$ is not a finite number > 0: $f$ has no minimum.
    #[error("每个 a_i 都必须是大于 0 的有限数，实际有 {0}")]
    NotABowl(f64),
}

/// Exercise 2: the bowl $f(x) = x_0^2 + 10 x_1^2$, ten times steeper
/// along $x_1$ than along $x_0$.
///
/// # Shapes
///
/// `x`: `(2,)`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::exercises::narrow_bowl;
/// use ndarray::array;
///
/// assert_abs_diff_eq!(narrow_bowl(&array![1.0, 1.0]), 11.0);
/// ```
pub fn narrow_bowl(x: &Array1<f64>) -> f64 {
    x[0] * x[0] + 10.0 * x[1] * x[1]
}

/// Exercise 2: the largest learning rate for which gradient descent on
/// $f(x) = \sum_i a_i x_i^2$ still converges, `1 / max a_i`.
///
/// One step maps $x_i \to (1 - 2\eta a_i)\, x_i$; that shrinks $x_i$ only
/// while $|1 - 2\eta a_i| < 1$, that is $0 < \eta < 1 / a_i$. Every
/// coordinate must shrink, so the steepest one decides.
///
/// # Errors
///
/// A [`BowlError`] when `a` is empty, or some $a_i$ is not a finite
/// number > 0: then $f$ is not a bowl and has no minimum to converge to.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::exercises::largest_stable_lr;
///
/// assert_abs_diff_eq!(largest_stable_lr(&[1.0, 1.0])?, 1.0); // x0² + x1²
/// assert_abs_diff_eq!(largest_stable_lr(&[1.0, 10.0])?, 0.1);
/// assert!(largest_stable_lr(&[1.0, -1.0]).is_err()); // a saddle
/// # Ok::<(), ch08_gradients::exercises::BowlError>(())
/// ```
// ANCHOR: largest_stable_lr
pub fn largest_stable_lr(a: &[f64]) -> Result<f64, BowlError> {
    if a.is_empty() {
        return Err(BowlError::NoVariables);
    }
    if let Some(&bad) = a.iter().find(|&&ai| !(ai.is_finite() && ai > 0.0)) {
        return Err(BowlError::NotABowl(bad));
    }
    let steepest = a.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Ok(1.0 / steepest)
}
// ANCHOR_END: largest_stable_lr

/// Exercise 3: a function with two valleys, $f(x) = x^4 - 3x^2 + x$:
/// a global minimum near $x = -1.30$ and a local one near $x = 1.13$.
///
/// # Examples
///
/// ```
/// use ch08_gradients::exercises::two_valleys;
///
/// assert!(two_valleys(-1.3) < two_valleys(1.13));
/// ```
// ANCHOR: two_valleys
pub fn two_valleys(x: f64) -> f64 {
    x.powi(4) - 3.0 * x * x + x
}
// ANCHOR_END: two_valleys

/// Exercise 3: where gradient descent on [`two_valleys`] ends, starting
/// from `x0`.
///
/// # Errors
///
/// Those of [`gradient_descent`].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::exercises::descend_two_valleys;
///
/// let left = descend_two_valleys(-2.0, 0.01, 1000)?;
/// assert_abs_diff_eq!(left, -1.3008, epsilon = 1e-3);
/// # Ok::<(), ch08_gradients::DescentError>(())
/// ```
// ANCHOR: descend_two_valleys
pub fn descend_two_valleys(
    x0: f64,
    lr: f64,
    step_num: usize,
) -> Result<f64, DescentError> {
    let f = |x: &Array1<f64>| two_valleys(x[0]);
    let path = gradient_descent(f, &array![x0], lr, step_num)?;
    Ok(path[step_num][0])
}
// ANCHOR_END: descend_two_valleys

/// Exercise 4: the exact gradient of Li Hongyi's loss
/// $L(w, b) = \frac{1}{N}\sum_n (b + w x_n - \hat y_n)^2$:
/// $\frac{\partial L}{\partial w} = \frac{2}{N}\sum_n e_n x_n$,
/// $\frac{\partial L}{\partial b} = \frac{2}{N}\sum_n e_n$, with
/// $e_n = b + w x_n - \hat y_n$. Returns `[dL/dw, dL/db]`.
///
/// # Shapes
///
/// The result is `(2,)`, like the point `[w, b]`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::exercises::loss_gradient;
/// use ch08_gradients::linear_model::LinearData;
/// use ndarray::array;
///
/// let data = LinearData::new(array![0.0, 1.0], array![1.0, 3.0])?;
/// // at the perfect line y = 1 + 2x the gradient vanishes
/// assert_abs_diff_eq!(loss_gradient(&data, 2.0, 1.0), array![0.0, 0.0]);
/// # Ok::<(), ch08_gradients::linear_model::LinearDataError>(())
/// ```
// ANCHOR: loss_gradient
pub fn loss_gradient(data: &LinearData, w: f64, b: f64) -> Array1<f64> {
    let e = b + w * &data.x() - data.y();
    let n = data.len() as f64;
    array![2.0 * e.dot(&data.x()) / n, 2.0 * e.sum() / n]
}
// ANCHOR_END: loss_gradient

/// Exercise 5: the exact gradient of `simpleNet`'s loss, by the chain
/// rule, for the cross-entropy without $\delta$:
/// $\frac{\partial L}{\partial W_{ij}} = x_i \left(y_j \sum_k t_k -
/// t_j\right)$ with $y = \operatorname{softmax}(xW)$, which for a
/// one-hot `t` is $x_i (y_j - t_j)$.
///
/// # Shapes
///
/// `w`: `(n, m)`, `x`: `(n,)`, `t`: `(m,)`; the gradient is `(n, m)`.
///
/// # Errors
///
/// A [`SimpleNetError`] when the shapes do not fit, or a score is not
/// finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::exercises::simple_net_grad;
/// use ndarray::{Array2, array};
///
/// // all scores equal: y = 1/3 each, so dW = x_i (1/3 - t_j)
/// let w = Array2::zeros((2, 3));
/// let (x, t) = (array![0.6, 0.9], array![0.0, 0.0, 1.0]);
/// let dw = simple_net_grad(w.view(), x.view(), t.view())?;
/// assert_abs_diff_eq!(dw[[1, 2]], 0.9 * (1.0 / 3.0 - 1.0), epsilon = 1e-12);
/// # Ok::<(), ch08_gradients::simple_net::SimpleNetError>(())
/// ```
// ANCHOR: simple_net_grad
pub fn simple_net_grad(
    w: ArrayView2<f64>,
    x: ArrayView1<f64>,
    t: ArrayView1<f64>,
) -> Result<Array2<f64>, SimpleNetError> {
    let z = predict(w, x)?;
    let y = softmax(z.view()).map_err(SimpleNetError::Softmax)?; // 第 4 章
    if t.len() != y.len() {
        let (classes, t) = (y.len(), t.len());
        return Err(SimpleNetError::Target { classes, t });
    }
    // dL/dz_j = y_j * sum(t) - t_j；t 是 one-hot 时就是 y - t
    let dz = &y * t.sum() - t;
    // dL/dW_ij = x_i * dL/dz_j：(n, 1) · (1, m) -> (n, m)
    Ok(x.insert_axis(Axis(1)).dot(&dz.insert_axis(Axis(0))))
}
// ANCHOR_END: simple_net_grad

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear_model::make_data;
    use crate::numerical_gradient;
    use crate::simple_net::{BOOK_T, BOOK_X, SimpleNet};
    use approx::{assert_abs_diff_eq, assert_relative_eq};
    use ch06_losses::wrong_way::cross_entropy_no_delta;
    use ndarray::aview1;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    // ANCHOR: sigmoid_sum_check
    #[test]
    fn sigmoid_sum_numerical_gradient_matches_the_chain_rule() {
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        let x = array![0.6, 0.9];
        let b = array![0.1, -0.2, 0.3];
        let mut w =
            Array2::from_shape_fn((2, 3), |_| rng.random_range(-1.0..1.0));
        // 闭包拿到的是被挪动过的权重；这里形状固定，sigmoid_sum 不会失败
        let f = |w: &Array2<f64>| {
            sigmoid_sum(x.view(), w.view(), b.view()).unwrap()
        };
        let numerical = numerical_gradient(f, &mut w);
        let exact = sigmoid_sum_grad(x.view(), w.view(), b.view()).unwrap();
        assert_eq!(numerical.dim(), w.dim()); // (2, 3)，和权重一样
        assert_abs_diff_eq!(numerical, exact, epsilon = 1e-9);
    }
    // ANCHOR_END: sigmoid_sum_check

    #[test]
    fn sigmoid_sum_shape_errors() {
        let w = Array2::zeros((3, 3));
        let x = array![0.6, 0.9];
        let b = array![0.0, 0.0, 0.0];
        assert!(sigmoid_sum(x.view(), w.view(), b.view()).is_err());
        assert!(sigmoid_sum_grad(x.view(), w.view(), b.view()).is_err());
    }

    // ANCHOR: narrow_bowl_check
    #[test]
    fn narrow_bowl_converges_below_and_diverges_above_the_limit() {
        let lr_max = largest_stable_lr(&[1.0, 10.0]).unwrap();
        let init = array![-3.0, 4.0];
        // 略低于上限：x1 每步变号，但在缩小（因子 -0.9）
        let path =
            gradient_descent(narrow_bowl, &init, 0.95 * lr_max, 300).unwrap();
        assert!(narrow_bowl(&path[300]) < 1e-10);
        assert!(path[1][1] < 0.0 && path[2][1] > 0.0); // 来回跳
        // 略高于上限：x1 每步放大 1.1 倍，直到报错停下
        let err = gradient_descent(narrow_bowl, &init, 1.05 * lr_max, 300)
            .unwrap_err();
        assert!(err.step().is_some(), "{err}");
        // 同样的学习率，只有 x0 时毫无问题
        let x0_only = |x: &Array1<f64>| x[0] * x[0];
        assert!(gradient_descent(x0_only, &init, 1.05 * lr_max, 300).is_ok());
    }
    // ANCHOR_END: narrow_bowl_check

    #[test]
    fn largest_stable_lr_refuses_what_is_not_a_bowl() {
        assert_eq!(largest_stable_lr(&[]), Err(BowlError::NoVariables));
        let err = largest_stable_lr(&[1.0, 0.0]).unwrap_err();
        assert_eq!(err, BowlError::NotABowl(0.0));
        assert!(err.to_string().contains("实际有 0"), "{err}");
        assert!(largest_stable_lr(&[f64::NAN]).is_err());
    }

    // ANCHOR: two_valleys_check
    #[test]
    fn where_you_start_decides_which_valley() {
        let left = descend_two_valleys(-2.0, 0.01, 1000).unwrap();
        let right = descend_two_valleys(2.0, 0.01, 1000).unwrap();
        // 两个终点都满足 f'(x) = 4x³ - 6x + 1 = 0
        let slope = |x: f64| 4.0 * x.powi(3) - 6.0 * x + 1.0;
        assert_abs_diff_eq!(slope(left), 0.0, epsilon = 1e-6);
        assert_abs_diff_eq!(slope(right), 0.0, epsilon = 1e-6);
        assert_abs_diff_eq!(left, -1.3008, epsilon = 1e-3);
        assert_abs_diff_eq!(right, 1.1309, epsilon = 1e-3);
        // 右边的山谷只是局部最小值
        assert!(two_valleys(left) < two_valleys(right));
        // 从 0 出发（斜率 +1）也往左走，落进全局最小值
        let from_zero = descend_two_valleys(0.0, 0.01, 1000).unwrap();
        assert_abs_diff_eq!(from_zero, left, epsilon = 1e-6);
    }
    // ANCHOR_END: two_valleys_check

    // ANCHOR: loss_gradient_check
    #[test]
    fn loss_gradient_matches_the_numerical_one() {
        let data = make_data(20, 0).unwrap();
        for (w, b) in [(-1.0, 6.5), (0.0, 0.0), (0.8, 2.0), (2.5, -1.0)] {
            let mut p = array![w, b];
            let numerical =
                numerical_gradient(|p| data.loss(p[0], p[1]), &mut p);
            let exact = loss_gradient(&data, w, b);
            assert_relative_eq!(numerical, exact, max_relative = 1e-7);
        }
    }
    // ANCHOR_END: loss_gradient_check

    // ANCHOR: simple_net_grad_check
    #[test]
    fn simple_net_grad_matches_the_numerical_gradients() {
        let (x, t) = (aview1(&BOOK_X), aview1(&BOOK_T));
        for mut net in [SimpleNet::book(), SimpleNet::seeded(0)] {
            let exact = simple_net_grad(net.w(), x, t).unwrap();
            // 不加 δ 的损失：公式对它是精确的
            let no_delta = |w: &Array2<f64>| {
                let y = softmax(predict(w.view(), x).unwrap().view()).unwrap();
                cross_entropy_no_delta(y.view(), t)
            };
            let mut w = net.w().to_owned();
            let numerical = numerical_gradient(no_delta, &mut w);
            assert_abs_diff_eq!(numerical, exact, epsilon = 1e-8);
            // 第 6 章加 δ = 1e-7 的损失：差约 1e-7
            let with_delta = net.numerical_gradient(x, t).unwrap();
            assert_abs_diff_eq!(with_delta, exact, epsilon = 1e-6);
        }
        // 原书印出的 dW（8 位小数）
        let book = array![
            [0.21924763, 0.14356247, -0.36281009],
            [0.32887144, 0.2153437, -0.54421514]
        ];
        let exact = simple_net_grad(SimpleNet::book().w(), x, t).unwrap();
        assert_abs_diff_eq!(exact, book, epsilon = 1e-8);
    }
    // ANCHOR_END: simple_net_grad_check

    #[test]
    fn simple_net_grad_shape_errors() {
        let w = Array2::zeros((2, 3));
        let x = array![0.6, 0.9];
        let err = simple_net_grad(w.view(), x.view(), array![1.0].view())
            .unwrap_err();
        assert_eq!(err, SimpleNetError::Target { classes: 3, t: 1 });
        assert!(err.to_string().contains("t: (1,)"), "{err}");
        let t = array![0.0, 0.0, 1.0];
        let err = simple_net_grad(w.view(), array![1.0].view(), t.view())
            .unwrap_err();
        assert!(err.to_string().contains("x: (1,)"), "{err}");
    }
}
