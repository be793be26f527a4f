//! The wrong way, kept to show how it fails: cross-entropy without the
//! small `delta`. The right version is [`crate::cross_entropy_error`].

use ndarray::ArrayView1;

/// WRONG WAY: $-\sum_k t_k \ln y_k$ with no `delta`.
///
/// A predicted probability of exactly 0 (softmax rounds small ones to
/// 0) breaks it twice: at the right class, $-\ln 0 = \infty$; at any
/// other class, $0 \cdot \ln 0 = 0 \cdot (-\infty)$, which is NaN.
///
/// # Shapes
///
/// `y`, `t`: `(n,)`; they are assumed to have the same length.
///
/// # Examples
///
/// ```
/// use ch06_losses::wrong_way::cross_entropy_no_delta;
/// use ndarray::array;
///
/// let t = array![0.0, 0.0, 1.0];
/// // the right class has probability 0.9, but a wrong one has 0
/// let e = cross_entropy_no_delta(array![0.0, 0.1, 0.9].view(), t.view());
/// assert!(e.is_nan());
/// ```
// ANCHOR: cross_entropy_no_delta
// 错误的做法：对数里没有 δ，概率为 0 时得到 inf 或 NaN
pub fn cross_entropy_no_delta(y: ArrayView1<f64>, t: ArrayView1<f64>) -> f64 {
    -(&t * &y.mapv(f64::ln)).sum()
}
// ANCHOR_END: cross_entropy_no_delta

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cross_entropy_error;
    use approx::assert_abs_diff_eq;
    use ndarray::array;

    #[test]
    fn without_delta_a_zero_probability_gives_inf_or_nan() {
        let t = array![0.0, 0.0, 1.0];
        // the right class has probability 0: -ln 0 = inf
        let y = array![0.1, 0.9, 0.0];
        assert_eq!(cross_entropy_no_delta(y.view(), t.view()), f64::INFINITY);
        // a wrong class has probability 0: 0 * ln 0 = 0 * -inf = NaN
        let y = array![0.0, 0.1, 0.9];
        assert!(cross_entropy_no_delta(y.view(), t.view()).is_nan());
        // with delta both are finite
        let e = cross_entropy_error(array![0.1, 0.9, 0.0].view(), t.view());
        assert_abs_diff_eq!(e.unwrap(), -(1e-7_f64).ln(), epsilon = 1e-12);
        let e = cross_entropy_error(array![0.0, 0.1, 0.9].view(), t.view());
        assert_abs_diff_eq!(e.unwrap(), -(0.9_f64 + 1e-7).ln());
    }
}
