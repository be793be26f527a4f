//! The wrong ways, kept to show how they fail.
//!
//! [`numerical_diff_tiny_h`] takes "h as small as possible" literally;
//! [`gradient_descent_unchecked`] is the source book's loop, which checks
//! neither the learning rate nor whether the walk diverges.

use ndarray::{Array, Dimension};

use crate::numerical_gradient;

/// WRONG WAY: the forward difference with $h = 10^{-50}$.
///
/// On paper a smaller `h` is always better; in floating point `x + h`
/// rounds back to `x` as soon as `h` is below half the spacing of the
/// numbers near `x`, so the numerator is exactly 0 and the "derivative"
/// is 0, whatever `f` is.
///
/// # Examples
///
/// ```
/// use ch08_gradients::{function_1, wrong_way::numerical_diff_tiny_h};
///
/// // the slope of 0.01x² + 0.1x at 5 is 0.2, not 0
/// assert_eq!(numerical_diff_tiny_h(function_1, 5.0), 0.0);
/// ```
// ANCHOR: numerical_diff_tiny_h
// 错误的做法：x + 1e-50 舍入后还是 x，结果总是 0（f64）
pub fn numerical_diff_tiny_h(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-50;
    (f(x + h) - f(x)) / h
}
// ANCHOR_END: numerical_diff_tiny_h

/// WRONG WAY: the source book's `gradient_descent`, which takes any
/// learning rate and never checks where it went.
///
/// With `lr = 10` on $x_0^2 + x_1^2$ every step multiplies `x` by about
/// -19 until `x` is so large (about $10^{12}$) that `x ± 1e-4` rounds back
/// to `x`: from then on the numerical gradient is exactly 0 and `x` stays
/// where it is. The result looks like an answer; it is a blown-up point
/// where the gradient could no longer be measured.
///
/// # Shapes
///
/// `init_x`: any shape; the result has the same shape.
///
/// # Examples
///
/// ```
/// use ch08_gradients::{function_2, wrong_way::gradient_descent_unchecked};
/// use ndarray::array;
///
/// let x = gradient_descent_unchecked(function_2, &array![-3.0, 4.0], 10.0, 100);
/// assert!(x[0] < -1e13); // no error, just a huge "minimum"
/// ```
// ANCHOR: gradient_descent_unchecked
// 错误的做法：不检查学习率，也不检查是否发散
pub fn gradient_descent_unchecked<D: Dimension>(
    mut f: impl FnMut(&Array<f64, D>) -> f64,
    init_x: &Array<f64, D>,
    lr: f64,
    step_num: usize,
) -> Array<f64, D> {
    let mut x = init_x.clone();
    for _ in 0..step_num {
        let grad = numerical_gradient(&mut f, &mut x);
        x.scaled_add(-lr, &grad);
    }
    x
}
// ANCHOR_END: gradient_descent_unchecked

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{function_1, function_2};
    use approx::assert_relative_eq;
    use ndarray::array;

    #[test]
    fn tiny_h_gives_zero_in_f64_and_nan_in_f32() {
        assert_eq!(numerical_diff_tiny_h(function_1, 5.0), 0.0);
        assert_eq!(numerical_diff_tiny_h(|x| x * x * x, 1.0), 0.0);
        // in f32, 1e-50 itself is 0: the difference is 0 / 0 = NaN
        let h = 1e-50_f64 as f32;
        assert_eq!(h, 0.0);
        let f = |x: f32| 0.01 * x * x + 0.1 * x;
        assert!(((f(5.0 + h) - f(5.0)) / h).is_nan());
    }

    // Book ch. 4.4.1 prints [-2.58983747e+13 -1.29524862e+12] for lr = 10.
    #[test]
    fn unchecked_lr_10_reproduces_the_book_and_is_frozen() {
        let init = array![-3.0, 4.0];
        let x = gradient_descent_unchecked(function_2, &init, 10.0, 100);
        assert_relative_eq!(x[0], -2.58983747e13, max_relative = 1e-8);
        assert_relative_eq!(x[1], -1.29524862e12, max_relative = 1e-8);
        // x ± h rounds back to x: the numerical gradient is exactly 0
        let mut frozen = x.clone();
        let grad = numerical_gradient(function_2, &mut frozen);
        assert_eq!(grad, array![0.0, 0.0]);
        assert_eq!(x[0] + crate::H, x[0]);
        // and it got there within 10 steps
        let x10 = gradient_descent_unchecked(function_2, &init, 10.0, 10);
        assert_eq!(x10, x);
    }

    #[test]
    fn unchecked_accepts_nonsense_learning_rates() {
        let init = array![-3.0, 4.0];
        // a negative rate climbs instead of descending
        let x = gradient_descent_unchecked(function_2, &init, -0.1, 10);
        assert!(function_2(&x) > 25.0 * 6.0f64.powi(2));
        // NaN in, NaN out, without a word
        let x = gradient_descent_unchecked(function_2, &init, f64::NAN, 1);
        assert!(x.iter().all(|v| v.is_nan()));
    }
}
