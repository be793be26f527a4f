//! Solutions to the exercises at the end of chapter 0.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use kit::plot::{Series, line_chart};

/// Exercise 1: the mean of each row, like `x.mean(axis=1)` in NumPy.
///
/// Summing along axis 1 collapses the columns, leaving one sum per row;
/// dividing by the number of columns turns sums into means. Returns `None`
/// for rows with no elements, whose mean is undefined (NumPy gives `nan`
/// and a warning). ndarray's own `x.mean_axis(Axis(1))` does the same.
///
/// # Shapes
///
/// `x`: `(n, k)` → `(n,)`.
///
/// # Examples
///
/// ```
/// use ch00_tools::exercises::row_means;
/// use ndarray::array;
///
/// let x = array![[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]];
/// assert_eq!(row_means(x.view()), Some(array![2.5, 6.5]));
/// ```
// ANCHOR: row_means
pub fn row_means(x: ArrayView2<f64>) -> Option<Array1<f64>> {
    if x.ncols() == 0 {
        return None; // 没有列的行没有平均值
    }
    // 沿 Axis(1) 求和：每行一个和，再除以列数
    Some(x.sum_axis(Axis(1)) / x.ncols() as f64)
}
// ANCHOR_END: row_means

/// Exercise 2: adds the bias `b` to every row of the batch `a`, like
/// `a + b` in NumPy, but with an error instead of a panic when the shapes
/// do not fit.
///
/// # Shapes
///
/// `a`: `(batch_size, n)`, `b`: `(n,)` → `(batch_size, n)`.
///
/// # Examples
///
/// ```
/// use ch00_tools::exercises::add_bias;
/// use ndarray::array;
///
/// let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
/// let b = array![0.1, 0.2, 0.3];
/// let y = add_bias(a.view(), b.view())?;
/// assert_eq!(y.row(1), array![4.1, 5.2, 6.3]);
///
/// let err = add_bias(a.view(), array![1.0, 2.0].view()).unwrap_err();
/// assert!(err.contains("(2, 3)") && err.contains("(2,)"));
/// # Ok::<(), String>(())
/// ```
// ANCHOR: add_bias
pub fn add_bias(
    a: ArrayView2<f64>,
    b: ArrayView1<f64>,
) -> Result<Array2<f64>, String> {
    if b.len() != a.ncols() {
        return Err(format!(
            "形状为 ({},) 的偏置加不到形状为 {:?} 的一批数据上：\
             偏置要每列一个值",
            b.len(),
            a.dim()
        ));
    }
    // 形状已经检查过，能够广播，所以这里的 + 不会 panic
    Ok(&a + &b)
}
// ANCHOR_END: add_bias

/// Exercise 3: $y = e^x$ and its tangent line at 0, $y = 1 + x$, drawn
/// with the book's helpers. The line touches the curve at $x = 0$ and lies
/// below it everywhere else.
///
/// # Examples
///
/// ```
/// let svg = ch00_tools::exercises::exp_figure()?;
/// assert!(svg.contains("y = 1 + x"));
/// # Ok::<(), kit::Error>(())
/// ```
// ANCHOR: exp_figure
pub fn exp_figure() -> kit::Result<String> {
    let x = Array1::linspace(-2.0, 2.0, 401);
    let curve = Series::new("y = eˣ", x.iter().copied(), x.mapv(f64::exp));
    let line = Series::new("y = 1 + x", x.iter().copied(), x.mapv(|v| 1.0 + v));
    line_chart(
        "y = eˣ 与它在 0 处的切线",
        -2.0..2.0,
        -1.0..8.0,
        "输入 x",
        "输出 y",
        &[curve, line.dashed()],
    )
}
// ANCHOR_END: exp_figure

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::array;

    #[test]
    fn row_means_of_a_3x4_array_match_mean_axis() {
        let x =
            Array2::from_shape_vec((3, 4), (0..12).map(f64::from).collect())
                .unwrap();
        let means = row_means(x.view()).unwrap();
        assert_abs_diff_eq!(means, array![1.5, 5.5, 9.5]);
        assert_abs_diff_eq!(means, x.mean_axis(Axis(1)).unwrap());
        assert_eq!(row_means(Array2::<f64>::zeros((2, 0)).view()), None);
    }

    #[test]
    fn add_bias_broadcasts_over_the_batch() {
        let a = Array2::<f64>::zeros((4, 3));
        let b = array![1.0, 2.0, 3.0];
        let y = add_bias(a.view(), b.view()).unwrap();
        assert_eq!(y.dim(), (4, 3));
        for row in y.rows() {
            assert_eq!(row, b);
        }
    }

    #[test]
    fn add_bias_names_both_shapes() {
        let a = Array2::<f64>::zeros((4, 3));
        let err = add_bias(a.view(), Array1::zeros(4).view()).unwrap_err();
        assert!(err.contains("(4,)") && err.contains("(4, 3)"), "{err}");
    }

    #[test]
    fn exp_figure_draws_both_series() {
        let svg = exp_figure().unwrap();
        assert!(svg.contains("y = eˣ") && svg.contains("y = 1 + x"));
    }
}
