//! Chapter 4: the output layer.
//!
//! The last layer of a network decides what its numbers mean. For
//! regression it passes the weighted sums on unchanged
//! ([`identity_function`]); for classification it turns them into
//! probabilities with [`softmax`] (one sample) or [`softmax_rows`] (a batch,
//! one sample per row). Both subtract the largest score first, so they never
//! overflow; the textbook formula that does overflow, and the notes' batch
//! version that mixes up the samples, are kept in [`wrong_way`] to show how
//! they fail.
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod figures;
mod knobs;
mod quiz;
pub mod wrong_way;

use ndarray::{
    Array, Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Data, Dimension,
    NdFloat,
};

kit::chapter!(
    demos::DEMOS,
    figures::FIGURES,
    knobs = knobs::KNOBS,
    quizzes = quiz::QUIZZES,
);

/// The scores of *Deep Learning from Scratch*'s softmax example (3.5.2),
/// which the demos, the figures and the tests all start from.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch04_output_layer::{BOOK_SCORES, softmax};
/// use ndarray::{aview1, array};
///
/// // the book prints [0.01821127 0.24519181 0.73659691]
/// let y = softmax(aview1(&BOOK_SCORES))?;
/// let book = array![0.01821127, 0.24519181, 0.73659691];
/// assert_abs_diff_eq!(y, book, epsilon = 1e-8);
/// # Ok::<(), ch04_output_layer::SoftmaxError>(())
/// ```
pub const BOOK_SCORES: [f64; 3] = [0.3, 2.9, 4.0];

/// The identity function: returns its input unchanged, the output layer
/// of a regression network.
///
/// $\sigma(x) = x$
///
/// # Shapes
///
/// Any shape; the result has the same shape (it is a copy of `x`).
///
/// # Examples
///
/// ```
/// use ch04_output_layer::identity_function;
/// use ndarray::array;
///
/// let a = array![0.3, -2.9, 4.0];
/// assert_eq!(identity_function(&a), a);
/// ```
// ANCHOR: identity_function
pub fn identity_function<A, S, D>(x: &ArrayBase<S, D>) -> Array<A, D>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    x.to_owned()
}
// ANCHOR_END: identity_function

/// The softmax function: turns the scores `a` of one sample into
/// probabilities that are positive and sum to 1.
///
/// $y_k = \dfrac{\exp(a_k)}{\sum_{i=1}^{n} \exp(a_i)}
///      = \dfrac{\exp(a_k - C)}{\sum_{i=1}^{n} \exp(a_i - C)}$
/// with $C = \max_i a_i$.
///
/// Subtracting the largest score changes nothing on paper but keeps every
/// exponent at or below 0, so no `exp` can overflow. Works for `f32` and
/// `f64`; for finite scores the result is always finite.
///
/// # Shapes
///
/// `a`: `(n,)` → `(n,)`.
///
/// # Errors
///
/// [`SoftmaxError`] when `a` is empty (there is no largest score), or
/// holds a NaN or an infinity; the error names the first such element.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch04_output_layer::{SoftmaxError, softmax};
/// use ndarray::array;
///
/// // Deep Learning from Scratch, 3.5.2
/// let y = softmax(array![0.3, 2.9, 4.0].view())?;
/// let book = array![0.01821127, 0.24519181, 0.73659691];
/// assert_abs_diff_eq!(y, book, epsilon = 1e-8);
///
/// // large scores are fine, and f32 works too
/// let y = softmax(array![1010.0_f32, 1000.0, 990.0].view())?;
/// assert!(y.iter().all(|v| v.is_finite()));
///
/// let err = softmax(array![1.0, f64::NAN].view()).unwrap_err();
/// assert!(matches!(err, SoftmaxError::NotFinite { index: 1, .. }));
/// # Ok::<(), SoftmaxError>(())
/// ```
// ANCHOR: softmax
pub fn softmax<A: NdFloat>(
    a: ArrayView1<A>,
) -> Result<Array1<A>, SoftmaxError> {
    let c = finite_max(a)?;
    // 每个指数 a_i - c 都不大于 0，所以每个 exp 都在 [0, 1] 里，
    // 最大的那个是 exp(0) = 1：分母在 1 和 n 之间
    let exp_a = a.mapv(|v| (v - c).exp());
    let sum_exp_a = exp_a.sum();
    Ok(exp_a / sum_exp_a)
}
// ANCHOR_END: softmax

/// Why [`softmax`] cannot turn the scores `a` into probabilities.
// ANCHOR: softmax_error
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SoftmaxError {
    /// a 是空的：没有最大值
    #[error("softmax 至少要有一个得分，实际一个也没有")]
    Empty,
    /// a[index] 是 NaN 或无穷大
    #[error("softmax 要求得分都是有限数，实际 a[{index}] = {value}")]
    NotFinite {
        /// 第一个这样的得分的位置
        index: usize,
        /// 这个得分（NaN、inf 或 -inf）
        value: f64,
    },
}
// ANCHOR_END: softmax_error

/// The largest score of `a`, or an error for an empty or non-finite input:
/// the $C = \max_i a_i$ of [`softmax`], checked.
///
/// # Shapes
///
/// `a`: `(n,)` → a number.
///
/// # Errors
///
/// [`SoftmaxError`] when `a` is empty, or holds a NaN or an infinity; the
/// error names the first such element.
///
/// # Examples
///
/// ```
/// use ch04_output_layer::{SoftmaxError, finite_max};
/// use ndarray::array;
///
/// assert_eq!(finite_max(array![0.3, 4.0, 2.9].view()), Ok(4.0));
/// let value = f64::INFINITY;
/// let err = SoftmaxError::NotFinite { index: 1, value };
/// assert_eq!(finite_max(array![0.3, value].view()), Err(err));
/// let empty = ndarray::Array1::<f32>::zeros(0);
/// assert_eq!(finite_max(empty.view()), Err(SoftmaxError::Empty));
/// ```
// ANCHOR: finite_max
pub fn finite_max<A: NdFloat>(a: ArrayView1<A>) -> Result<A, SoftmaxError> {
    let mut max: Option<A> = None;
    for (index, &v) in a.iter().enumerate() {
        if !v.is_finite() {
            // f32 和 f64 的得分（包括 NaN 和无穷大）都能转成 f64
            let value = v.to_f64().unwrap_or(f64::NAN);
            return Err(SoftmaxError::NotFinite { index, value });
        }
        if max.is_none_or(|m| v > m) {
            max = Some(v);
        }
    }
    max.ok_or(SoftmaxError::Empty)
}
// ANCHOR_END: finite_max

/// Softmax of every row of a batch: row `i` holds the scores of sample `i`
/// and becomes that sample's probabilities.
///
/// $Y_{ik} = \dfrac{\exp(A_{ik} - C_i)}{\sum_j \exp(A_{ij} - C_i)}$
/// with $C_i = \max_j A_{ij}$, the largest score **of row $i$**.
///
/// Each row is exactly `softmax(a.row(i))`: the samples of a batch do not
/// affect each other. The rows are done one at a time, each as
/// [`softmax`] does it; chapter 9's `fast::softmax_rows` is the version
/// written for speed.
///
/// # Shapes
///
/// `a`: `(batch_size, n)` → `(batch_size, n)`, each row summing to 1.
///
/// # Errors
///
/// [`SoftmaxRowsError`] when a row is empty (`n = 0`) or holds a NaN or an
/// infinity; the error names the row and the batch's shape.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch04_output_layer::softmax_rows;
/// use ndarray::{Axis, array};
///
/// // the second sample's scores are the first's plus 1000
/// let a = array![[0.3, 2.9, 4.0], [1000.3, 1002.9, 1004.0]];
/// let y = softmax_rows(a.view())?;
/// assert_abs_diff_eq!(y.row(0), y.row(1), epsilon = 1e-12);
/// assert_abs_diff_eq!(y.sum_axis(Axis(1)), array![1.0, 1.0], epsilon = 1e-12);
///
/// let err = softmax_rows(array![[1.0], [f64::INFINITY]].view()).unwrap_err();
/// assert_eq!((err.row, err.shape), (1, (2, 1)));
/// # Ok::<(), ch04_output_layer::SoftmaxRowsError>(())
/// ```
// ANCHOR: softmax_rows
pub fn softmax_rows<A: NdFloat>(
    a: ArrayView2<A>,
) -> Result<Array2<A>, SoftmaxRowsError> {
    let mut y = a.to_owned();
    for (i, mut row) in y.rows_mut().into_iter().enumerate() {
        // 每个样本减去它自己的最大得分，检查和 softmax 一样
        let c = finite_max(row.view()).map_err(|error| SoftmaxRowsError {
            row: i,
            shape: a.dim(),
            error,
        })?;
        row.mapv_inplace(|v| (v - c).exp());
        let sum_exp_a = row.sum();
        row /= sum_exp_a;
    }
    Ok(y)
}
// ANCHOR_END: softmax_rows

/// Why [`softmax_rows`] cannot: which row of the batch, and why not.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("形状为 {shape:?} 的一批数据的第 {row} 行：{error}")]
pub struct SoftmaxRowsError {
    /// The first row that softmax cannot take.
    pub row: usize,
    /// The shape of the batch, `(batch_size, n)`.
    pub shape: (usize, usize),
    /// What is wrong with that row.
    pub error: SoftmaxError,
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::{array, aview1};

    // Deep Learning from Scratch 3.5.2 prints
    // [0.01821127 0.24519181 0.73659691] (8 decimals).
    #[test]
    fn softmax_matches_the_book() {
        let y = softmax(array![0.3, 2.9, 4.0].view()).unwrap();
        let book = array![0.01821127, 0.24519181, 0.73659691];
        assert_abs_diff_eq!(y, book, epsilon = 1e-8);
    }

    #[test]
    fn f32_matches_f64_to_single_precision() {
        let y64 = softmax(aview1(&BOOK_SCORES)).unwrap();
        let a32 = aview1(&BOOK_SCORES).mapv(|v| v as f32);
        let y32 = softmax(a32.view()).unwrap().mapv(f64::from);
        assert_abs_diff_eq!(y32, y64, epsilon = 1e-7);
    }

    #[test]
    fn bad_scores_are_errors_that_name_them() {
        let err = softmax(Array1::<f64>::zeros(0).view()).unwrap_err();
        assert_eq!(err, SoftmaxError::Empty);
        assert!(err.to_string().contains("一个也没有"), "{err}");
        let err = softmax(array![1.0, f64::NAN].view()).unwrap_err();
        assert!(err.to_string().contains("a[1] = NaN"), "{err}");
        let err = softmax(array![f32::NEG_INFINITY].view()).unwrap_err();
        let value = f64::NEG_INFINITY;
        assert_eq!(err, SoftmaxError::NotFinite { index: 0, value });
        assert!(err.to_string().contains("a[0] = -inf"), "{err}");
        let a = array![[1.0, 2.0], [3.0, f64::INFINITY]];
        let err = softmax_rows(a.view()).unwrap_err();
        let value = f64::INFINITY;
        let error = SoftmaxError::NotFinite { index: 1, value };
        let shape = (2, 2);
        assert_eq!(
            err,
            SoftmaxRowsError {
                row: 1,
                shape,
                error
            }
        );
        assert_eq!(
            err.to_string(),
            "形状为 (2, 2) 的一批数据的第 1 行：softmax 要求得分都是有限数，\
             实际 a[1] = inf"
        );
        let err = softmax_rows(Array2::<f64>::zeros((3, 0)).view());
        assert_eq!(err.unwrap_err().row, 0);
        // a batch of no samples is fine: no rows to normalise
        let y = softmax_rows(Array2::<f64>::zeros((0, 10)).view()).unwrap();
        assert_eq!(y.dim(), (0, 10));
    }

    #[test]
    fn identity_keeps_values_and_shape() {
        let x = Array2::from_shape_fn((2, 3), |(i, j)| i as f64 - j as f64);
        assert_eq!(identity_function(&x), x);
        assert_eq!(identity_function(&x.view()).shape(), &[2, 3]);
    }
}

kit::chapter_tests!(CHAPTER);
