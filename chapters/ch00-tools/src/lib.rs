//! Chapter 0: the tools the book uses — Rust, ndarray for NumPy users, and
//! plotters — and the shared plot helpers every later chapter draws with.
//!
//! What the chapter itself teaches lives here: [`argmax`] and
//! [`argmax_rows`] (NumPy's `np.argmax`, which ndarray lacks), two demos
//! that tour ndarray, and [`first_figure`], a figure drawn with
//! [`plot`].
#![doc(test(attr(deny(warnings))))]

pub mod chapter;
pub mod exercises;
pub mod plot;

use std::io::{self, Write};

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};

pub use chapter::{Demo, Figure};
use plot::{DrawResult, Series, line_chart};

/// The figures of this chapter.
///
/// # Examples
///
/// ```
/// for fig in ch00_tools::FIGURES {
///     assert!((fig.draw)()?.starts_with("<svg"), "{}", fig.name);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: figures
pub const FIGURES: &[Figure] = &[Figure {
    name: "first-figure",
    draw: first_figure,
}];
// ANCHOR_END: figures

/// The demos of this chapter, in the order the page shows them.
///
/// # Examples
///
/// ```
/// let names: Vec<_> = ch00_tools::DEMOS.iter().map(|d| d.name).collect();
/// assert_eq!(names, ["ndarray-basics", "matrix-ops"]);
/// ```
pub const DEMOS: &[Demo] = &[
    Demo {
        name: "ndarray-basics",
        run: ndarray_basics,
    },
    Demo {
        name: "matrix-ops",
        run: matrix_ops,
    },
];

/// Prints every demo of the chapter to `out`.
///
/// # Examples
///
/// ```
/// let mut out = Vec::new();
/// ch00_tools::run(&mut out)?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with("== ndarray-basics ==\n"));
/// assert!(text.contains("x.dot(&w) = [5.0, 11.0, 17.0]"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn run(out: &mut dyn Write) -> io::Result<()> {
    chapter::run_demos(DEMOS, out)
}

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
            return Some(i);
        }
        // Strictly greater: on a tie the earlier index stays.
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
    // Each row has at least one element, so argmax never gives None here.
    Some(x.map_axis(Axis(1), |row| argmax(row).unwrap_or(0)))
}
// ANCHOR_END: argmax_rows

// ANCHOR: ndarray_basics
fn ndarray_basics(out: &mut dyn Write) -> io::Result<()> {
    // a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    // a.shape, a.ndim
    writeln!(out, "a.shape() = {:?}, a.ndim() = {}", a.shape(), a.ndim())?;
    // np.zeros((2, 3)), np.linspace(0.0, 1.0, 5)
    writeln!(out, "zeros =\n{:.1}", Array2::<f64>::zeros((2, 3)))?;
    writeln!(out, "linspace = {:.2}", Array1::linspace(0.0, 1.0, 5))?;
    // a * 2, a * a (element by element), np.exp(a)
    writeln!(out, "a * 2.0 =\n{:.1}", &a * 2.0)?;
    writeln!(out, "a * a =\n{:.1}", &a * &a)?;
    writeln!(out, "exp(a) =\n{:.4}", a.mapv(f64::exp))?;
    // a + np.array([10.0, 20.0, 30.0]): the row is added to every row
    let b = array![10.0, 20.0, 30.0];
    writeln!(out, "a + b =\n{:.1}", &a + &b)?;
    Ok(())
}
// ANCHOR_END: ndarray_basics

// ANCHOR: matrix_ops
fn matrix_ops(out: &mut dyn Write) -> io::Result<()> {
    // x = np.array([1.0, 2.0]); w = np.array([[1.0, 3.0, 5.0], ...])
    let x = array![1.0, 2.0];
    let w = array![[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]];
    // np.dot(x, w): (2,) · (2, 3) → (3,)
    let y = x.dot(&w);
    writeln!(out, "x.dot(&w) = {y:.1}, shape {:?}", y.shape())?;
    // np.dot(w, w.T): (2, 3) · (3, 2) → (2, 2)
    writeln!(out, "w.dot(&w.t()) =\n{:.1}", w.dot(&w.t()))?;
    // w.sum(), w.sum(axis=0), w.sum(axis=1)
    writeln!(out, "w.sum() = {:.1}", w.sum())?;
    writeln!(out, "w.sum_axis(Axis(0)) = {:.1}", w.sum_axis(Axis(0)))?;
    writeln!(out, "w.sum_axis(Axis(1)) = {:.1}", w.sum_axis(Axis(1)))?;
    // np.argmax(p, axis=1): the class with the highest score, per row
    let p = array![
        [0.1, 0.8, 0.1],
        [0.3, 0.1, 0.6],
        [0.2, 0.5, 0.3],
        [0.8, 0.1, 0.1]
    ];
    // p has three columns, so every row has a largest element.
    let classes = argmax_rows(p.view()).expect("rows are not empty");
    writeln!(out, "argmax_rows(p) = {classes}")?;
    Ok(())
}
// ANCHOR_END: matrix_ops

/// Figure 0-1: $y = x^2$ (solid) and $y = 2x$ (dashed) on $[-1, 3]$; they
/// meet at $x = 0$ and $x = 2$.
///
/// # Examples
///
/// ```
/// let svg = ch00_tools::first_figure()?;
/// assert!(svg.contains("y = x²") && svg.contains("y = 2x"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: first_figure
pub fn first_figure() -> DrawResult<String> {
    // np.linspace(-1, 3, 401): a point every 0.01, both ends included
    let x = Array1::linspace(-1.0, 3.0, 401);
    let square = Series::new("y = x²", x.iter().copied(), x.mapv(|v| v * v));
    let double = Series::new("y = 2x", x.iter().copied(), x.mapv(|v| 2.0 * v));
    line_chart(
        "y = x² 与 y = 2x",
        -1.0..3.0,
        -2.0..9.0,
        "输入 x",
        "输出 y",
        &[square, double.dashed()],
    )
}
// ANCHOR_END: first_figure

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use std::panic;

    fn output(demo: &str) -> String {
        chapter::output_of_demo(DEMOS, demo).unwrap()
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
        assert_eq!(plot::arange(1.0, 1.3, 0.1).len(), 3);
    }

    #[test]
    fn every_demo_runs_and_every_figure_draws() {
        chapter::check_chapter(FIGURES, DEMOS).unwrap();
    }
}
