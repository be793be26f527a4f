//! The wrong way, kept to show how it fails: softmax as the formula reads,
//! which overflows, and the study notes' softmax applied to a batch, which
//! mixes up the samples. The right versions are [`crate::softmax`] and
//! [`crate::softmax_rows`].

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, NdFloat};

/// WRONG WAY: softmax straight from the formula, without subtracting
/// the max.
///
/// $y_k = \exp(a_k) / \sum_i \exp(a_i)$. Correct for small scores, but
/// `exp` overflows to infinity above about 709.78 (`f64`) or 88.72
/// (`f32`), and then `inf / inf` makes the result NaN.
///
/// # Shapes
///
/// `a`: `(n,)` → `(n,)`.
///
/// # Examples
///
/// ```
/// use ch04_output_layer::wrong_way::softmax_naive;
/// use ndarray::array;
///
/// let y = softmax_naive(array![1010.0_f64, 1000.0, 990.0].view());
/// assert!(y.iter().all(|v| v.is_nan()));
/// ```
// ANCHOR: softmax_naive
pub fn softmax_naive<A: NdFloat>(a: ArrayView1<A>) -> Array1<A> {
    let exp_a = a.mapv(A::exp);
    let sum_exp_a = exp_a.sum();
    exp_a / sum_exp_a
}
// ANCHOR_END: softmax_naive

/// WRONG WAY: the study notes' softmax, given a batch.
///
/// The notes write `e_x = np.exp(x - np.max(x))` and
/// `e_x / e_x.sum(axis=0)`. On a batch `x` of shape
/// `(batch_size, n)` that takes **one** max over the whole batch and
/// sums **down the columns**, over the samples: each column sums to 1,
/// not each row, and a sample far below the batch's max underflows.
///
/// # Shapes
///
/// `x`: `(batch_size, n)` → `(batch_size, n)`.
///
/// # Examples
///
/// ```
/// use ch04_output_layer::wrong_way::softmax_notes_batch;
/// use ndarray::{Axis, array};
///
/// // two identical samples: each should be [0.0182, 0.2452, 0.7366]
/// let x = array![[0.3, 2.9, 4.0], [0.3, 2.9, 4.0]];
/// let y = softmax_notes_batch(x.view());
/// assert_eq!(y, array![[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]);
/// assert_eq!(y.sum_axis(Axis(1)), array![1.5, 1.5]);
/// ```
// ANCHOR: softmax_notes_batch
pub fn softmax_notes_batch(x: ArrayView2<f64>) -> Array2<f64> {
    // np.max(x): one max for the whole batch
    let c = x.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let e_x = x.mapv(|v| (v - c).exp());
    // e_x.sum(axis=0): one sum per column, adding up different samples
    &e_x / &e_x.sum_axis(Axis(0))
}
// ANCHOR_END: softmax_notes_batch

/// WRONG WAY: the notes' batch softmax with only the sum fixed: rows
/// are summed (axis 1), but one max is still shared by the whole batch.
///
/// A sample whose scores are all far below the batch's max gets
/// `exp` values that underflow to 0, and its row becomes `0 / 0`, NaN.
///
/// # Shapes
///
/// `x`: `(batch_size, n)` → `(batch_size, n)`.
///
/// # Examples
///
/// ```
/// use ch04_output_layer::wrong_way::softmax_rows_global_max;
/// use ndarray::array;
///
/// let x = array![[0.3, 2.9, 4.0], [1010.0, 1000.0, 990.0]];
/// let y = softmax_rows_global_max(x.view());
/// assert!(y.row(0).iter().all(|v| v.is_nan()));
/// ```
// ANCHOR: softmax_rows_global_max
pub fn softmax_rows_global_max(x: ArrayView2<f64>) -> Array2<f64> {
    let c = x.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let e_x = x.mapv(|v| (v - c).exp());
    // one sum per row (keepdims, so it divides row by row)
    let row_sums = e_x.sum_axis(Axis(1)).insert_axis(Axis(1));
    &e_x / &row_sums
}
// ANCHOR_END: softmax_rows_global_max
