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
    // np.max(x)：整批数据只有一个最大值
    let c = x.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let e_x = x.mapv(|v| (v - c).exp());
    // e_x.sum(axis=0)：每一列一个和，把不同样本的数加在了一起
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
    // 每一行一个和（保留维度，按行相除）
    let row_sums = e_x.sum_axis(Axis(1)).insert_axis(Axis(1));
    &e_x / &row_sums
}
// ANCHOR_END: softmax_rows_global_max

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BOOK_SCORES, softmax, softmax_rows};
    use approx::assert_abs_diff_eq;
    use ndarray::{array, aview1};

    #[test]
    fn naive_softmax_agrees_for_small_scores() {
        let a = aview1(&BOOK_SCORES);
        let y = softmax(a).unwrap();
        assert_abs_diff_eq!(softmax_naive(a), y, epsilon = 1e-15);
    }

    #[test]
    fn naive_softmax_overflows_to_nan() {
        let a = array![1010.0, 1000.0, 990.0];
        // exp(1010) is inf, and inf / inf is NaN
        assert!(a.mapv(f64::exp).iter().all(|v| v.is_infinite()));
        let y = softmax_naive(a.view());
        assert!(y.iter().all(|v| v.is_nan()), "{y}");
        // subtracting the max fixes it
        let y = softmax(a.view()).unwrap();
        let e = [1.0, (-10.0_f64).exp(), (-20.0_f64).exp()];
        let sum: f64 = e.iter().sum();
        let expected = Array1::from_iter(e.iter().map(|v| v / sum));
        assert_abs_diff_eq!(y, expected, epsilon = 1e-15);
    }

    #[test]
    fn naive_softmax_overflows_earlier_in_f32() {
        // exp(88) fits in f32, exp(89) does not
        let ok = softmax_naive(array![88.0_f32, 80.0].view());
        assert!(ok.iter().all(|v| v.is_finite()));
        let y = softmax_naive(array![100.0_f32, 90.0, 80.0].view());
        assert!(y[0].is_nan());
        let y = softmax(array![100.0_f32, 90.0, 80.0].view()).unwrap();
        assert_abs_diff_eq!(y.sum(), 1.0, epsilon = 1e-6);
    }

    #[test]
    fn notes_batch_softmax_is_wrong_and_rows_are_right() {
        let x = array![[0.3, 2.9, 4.0], [1010.0, 1000.0, 990.0]];
        // the notes: one global max, columns sum to 1
        let notes = softmax_notes_batch(x.view());
        assert_abs_diff_eq!(notes.row(0), array![0.0, 0.0, 0.0]);
        assert_abs_diff_eq!(notes.row(1), array![1.0, 1.0, 1.0]);
        // sums per row, but still one global max: 0 / 0 in row 0
        let half = softmax_rows_global_max(x.view());
        assert!(half.row(0).iter().all(|v| v.is_nan()));
        // per row: each row is that sample's own softmax
        let y = softmax_rows(x.view()).unwrap();
        for (i, row) in x.rows().into_iter().enumerate() {
            assert_eq!(y.row(i), softmax(row).unwrap());
        }
    }

    #[test]
    fn notes_version_is_right_for_one_sample() {
        // For a 1-D array, axis 0 is the only axis: the notes' code is the
        // right softmax there. It goes wrong only for batches.
        let a = aview1(&BOOK_SCORES);
        let as_batch = a.insert_axis(Axis(1)); // one column
        let notes = softmax_notes_batch(as_batch);
        let y = softmax(a).unwrap();
        assert_abs_diff_eq!(notes.column(0), y, epsilon = 1e-15);
    }
}
