//! Chapter 0: the tools the book uses — Rust, ndarray for NumPy users, and
//! plotters.
//!
//! What the chapter itself teaches lives here: [`argmax`] and
//! [`argmax_rows`] (NumPy's `np.argmax`, which ndarray lacks) and
//! [`arange`] (NumPy's `np.arange`, without a hair-thin extra point). Its
//! demos tour ndarray; its figure is drawn with the book's shared plot
//! helpers, which live in `kit::plot`.
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod figures;
mod quiz;

use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

kit::chapter!(demos::DEMOS, figures::FIGURES, quizzes = quiz::QUIZZES);

/// The index of the largest element, like NumPy's `np.argmax(x)`.
///
/// Ties go to the first index and a NaN counts as the largest value, both
/// as in NumPy. Returns `None` for an empty array, where NumPy raises.
///
/// # Shapes
///
/// `x`: `(n,)`.
///
/// # Examples
///
/// ```
/// use ch00_tools::argmax;
/// use ndarray::array;
///
/// assert_eq!(argmax(array![0.1, 0.8, 0.1].view()), Some(1));
/// assert_eq!(argmax(array![3.0, 3.0].view()), Some(0));
/// assert_eq!(argmax(ndarray::Array1::<f64>::zeros(0).view()), None);
/// ```
// ANCHOR: argmax
pub fn argmax(x: ArrayView1<f64>) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, &v) in x.iter().enumerate() {
        if v.is_nan() {
            return Some(i); // 和 NumPy 一样，NaN 算作最大
        }
        // 严格大于：并列时保留先出现的下标
        if best.is_none_or(|(_, b)| v > b) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}
// ANCHOR_END: argmax

/// The index of the largest element of each row, like
/// `np.argmax(x, axis=1)`: for a batch of network outputs, the predicted
/// class of each sample.
///
/// Returns `None` when the rows are empty (zero columns).
///
/// # Shapes
///
/// `x`: `(n, k)` → `(n,)`.
///
/// # Examples
///
/// ```
/// use ch00_tools::argmax_rows;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.8, 0.1], [0.3, 0.1, 0.6]];
/// assert_eq!(argmax_rows(y.view()), Some(array![1, 2]));
/// ```
// ANCHOR: argmax_rows
pub fn argmax_rows(x: ArrayView2<f64>) -> Option<Array1<usize>> {
    if x.ncols() == 0 {
        return None;
    }
    // 每一行至少有一个元素，argmax 在这里不会返回 None
    Some(x.map_axis(Axis(1), |row| argmax(row).unwrap_or(0)))
}
// ANCHOR_END: argmax_rows

/// `start, start + step, ...` up to but excluding `end`, like NumPy's
/// `np.arange(start, end, step)`.
///
/// Each value is computed as `start + i * step` (not by adding `step` over
/// and over), so rounding errors do not pile up along the axis.
///
/// # Examples
///
/// ```
/// use ch00_tools::arange;
/// use approx::assert_abs_diff_eq;
///
/// let x = arange(-5.0, 5.0, 0.1);
/// assert_eq!(x.len(), 100);
/// assert_abs_diff_eq!(x[0], -5.0);
/// assert_abs_diff_eq!(x[99], 4.9, epsilon = 1e-12);
/// ```
// ANCHOR: arange
pub fn arange(start: f64, end: f64, step: f64) -> Array1<f64> {
    assert!(step > 0.0, "arange needs a positive step, got {step}");
    // 元素个数：(end - start) / step 向上取整；先减去 1e-9，
    // 免得商因舍入误差比整数略大时多出一个几乎等于 end 的点
    let n = ((end - start) / step - 1e-9).ceil().max(0.0) as usize;
    // 每个值直接算成 start + i * step，误差不会越积越大
    Array1::from_iter((0..n).map(|i| start + i as f64 * step))
}
// ANCHOR_END: arange

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::{Array2, array};
    use std::panic;

    fn output(demo: &str) -> String {
        CHAPTER.output(demo).unwrap()
    }

    #[test]
    fn dot_reproduces_deep_learning_from_scratch() {
        // DLFS 3.3.3: np.dot([1, 2], [[1, 3, 5], [2, 4, 6]]) = [5, 11, 17]
        let x = array![1.0, 2.0];
        let w = array![[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]];
        assert_abs_diff_eq!(x.dot(&w), array![5.0, 11.0, 17.0]);
        assert!(output("matrix-ops").contains("[5.0, 11.0, 17.0]"));
    }

    #[test]
    fn argmax_rows_reproduces_deep_learning_from_scratch() {
        // DLFS 3.6.3: np.argmax(y, axis=1) = [1, 2, 1, 0]
        assert!(output("matrix-ops").contains("argmax_rows(p) = [1, 2, 1, 0]"));
    }

    #[test]
    fn demos_print_what_the_page_says() {
        let basics = output("ndarray-basics");
        assert!(basics.contains("a.shape() = [2, 3], a.ndim() = 2"));
        assert!(basics.contains("[[11.0, 22.0, 33.0],\n [14.0, 25.0, 36.0]]"));
        assert!(basics.contains("2.7183"), "e¹ to four places");
        let ops = output("matrix-ops");
        assert!(ops.contains("w.sum_axis(Axis(0)) = [3.0, 7.0, 11.0]"));
        assert!(ops.contains("w.sum_axis(Axis(1)) = [9.0, 12.0]"));
    }

    #[test]
    fn argmax_ties_nan_and_empty_follow_numpy() {
        assert_eq!(argmax(array![1.0, 5.0, 5.0].view()), Some(1));
        assert_eq!(
            argmax(array![1.0, f64::NAN, 9.0, f64::NAN].view()),
            Some(1)
        );
        assert_eq!(argmax(array![f64::NEG_INFINITY].view()), Some(0));
        assert_eq!(argmax(Array1::<f64>::zeros(0).view()), None);
        assert_eq!(argmax_rows(Array2::<f64>::zeros((3, 0)).view()), None);
        assert_eq!(
            argmax_rows(Array2::<f64>::zeros((0, 2)).view()),
            Some(Array1::zeros(0))
        );
    }

    #[test]
    fn dot_with_mismatched_inner_dims_panics() {
        // The page's claim: (1, 3) · (2, 2) is a panic, not an error value.
        let x = array![[1.0, 2.0, 3.0]];
        let w = array![[1.0, 2.0], [3.0, 4.0]];
        assert!(panic::catch_unwind(|| x.dot(&w)).is_err());
    }

    #[test]
    fn operators_broadcast_both_sides() {
        // (2, 1) + (3,) → (2, 3), as in NumPy.
        let col = array![[1.0], [2.0]];
        let row = array![10.0, 20.0, 30.0];
        assert_eq!((&col + &row).shape(), &[2, 3]);
        // (2, 3) + (2,) cannot broadcast: trailing axes 3 and 2.
        let a = Array2::<f64>::zeros((2, 3));
        let bad = array![1.0, 2.0];
        assert!(bad.broadcast((2, 3)).is_none());
        assert!(panic::catch_unwind(|| &a + &bad).is_err());
    }

    #[test]
    fn range_counts_like_numpy_but_arange_does_not() {
        // (1.3 - 1.0) / 0.1 is a hair above 3 in floating point.
        assert_eq!(Array1::range(1.0, 1.3, 0.1).len(), 4);
        assert_eq!(arange(1.0, 1.3, 0.1).len(), 3);
    }

    #[test]
    fn arange_matches_numpy_lengths() {
        assert_eq!(arange(0.0, 1.0, 0.1).len(), 10);
        assert_eq!(arange(0.0, 1.0, 0.3).len(), 4);
        assert_eq!(arange(1.0, 1.0, 0.1).len(), 0);
        assert_eq!(arange(-5.0, 5.0, 0.1).len(), 100);
    }
}

kit::chapter_tests!(CHAPTER);
