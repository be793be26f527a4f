//! The wrong way, kept to show how it fails: sigmoid written as
//! `exp(x) / (1 + exp(x))` (exercise 4). The right version is
//! [`crate::sigmoid`].

use ndarray::{Array, ArrayBase, Data, Dimension};

/// WRONG WAY: sigmoid as `exp(x) / (1 + exp(x))`. Equal to
/// [`crate::sigmoid`] on paper, but for large `x` both `exp(x)` and
/// `1 + exp(x)` overflow to infinity, and `inf / inf` is NaN.
///
/// # Shapes
///
/// Element-wise; the result has the shape of `x`.
///
/// # Examples
///
/// ```
/// use ch02_activations::wrong_way::sigmoid_exp_ratio;
/// use ndarray::array;
///
/// let y = sigmoid_exp_ratio(&array![-1000.0, 0.0, 1000.0]);
/// assert_eq!(y[0], 0.0);
/// assert_eq!(y[1], 0.5);
/// assert!(y[2].is_nan()); // should be 1
/// ```
// ANCHOR: sigmoid_exp_ratio
// 错误的写法：纸面上和 sigmoid 相等，x 很大时却得到 NaN
pub fn sigmoid_exp_ratio<S, D>(x: &ArrayBase<S, D>) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    x.mapv(|x| x.exp() / (1.0 + x.exp()))
}
// ANCHOR_END: sigmoid_exp_ratio

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigmoid;
    use approx::assert_abs_diff_eq;
    use ndarray::array;

    #[test]
    fn exp_ratio_sigmoid_is_nan_for_large_x_but_sigmoid_is_not() {
        let x = array![700.0, 710.0, 1000.0];
        let wrong = sigmoid_exp_ratio(&x);
        // exp(700) still fits in f64; exp(710) already overflows
        assert_abs_diff_eq!(wrong[0], 1.0);
        assert!(wrong[1].is_nan() && wrong[2].is_nan());
        assert_abs_diff_eq!(sigmoid(&x), array![1.0, 1.0, 1.0]);
    }
}
