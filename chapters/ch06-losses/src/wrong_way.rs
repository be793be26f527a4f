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
pub fn cross_entropy_no_delta(y: ArrayView1<f64>, t: ArrayView1<f64>) -> f64 {
    -(&t * &y.mapv(f64::ln)).sum()
}
// ANCHOR_END: cross_entropy_no_delta
