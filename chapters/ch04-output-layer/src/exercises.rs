//! Solutions to the exercises at the end of chapter 4.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};

use crate::{SoftmaxError, SoftmaxRowsError, finite_max, softmax};

/// Exercise 1: the probability of class 0 of two classes under softmax.
///
/// $\dfrac{e^{a_0}}{e^{a_0} + e^{a_1}} = \dfrac{1}{1 + e^{-(a_0 - a_1)}}
/// = \sigma(a_0 - a_1)$: with two classes, softmax is the sigmoid of the
/// difference of the two scores.
///
/// # Errors
///
/// [`SoftmaxError`] when a score is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::sigmoid;
/// use ch04_output_layer::exercises::two_class_softmax;
/// use ndarray::array;
///
/// let p = two_class_softmax(2.0, 0.5)?;
/// assert_abs_diff_eq!(p, sigmoid(&array![1.5])[0], epsilon = 1e-15);
/// # Ok::<(), ch04_output_layer::SoftmaxError>(())
/// ```
// ANCHOR: two_class_softmax
pub fn two_class_softmax(a0: f64, a1: f64) -> Result<f64, SoftmaxError> {
    let y = softmax(array![a0, a1].view())?;
    Ok(y[0])
}
// ANCHOR_END: two_class_softmax

/// Exercise 2: softmax with a temperature $T > 0$.
///
/// $y_k = \dfrac{\exp(a_k / T)}{\sum_i \exp(a_i / T)}$. $T = 1$ is the plain
/// softmax; a small $T$ sharpens the distribution towards the arg-max, a
/// large $T$ flattens it towards $1/n$ each.
///
/// # Shapes
///
/// `a`: `(n,)` → `(n,)`.
///
/// # Errors
///
/// [`TemperatureError`] when `t` is not a positive finite number, or `a`
/// is not a valid input of [`softmax`].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch04_output_layer::exercises::softmax_temperature;
/// use ndarray::array;
///
/// let a = array![0.3, 2.9, 4.0];
/// let cold = softmax_temperature(a.view(), 0.01)?;
/// assert_abs_diff_eq!(cold, array![0.0, 0.0, 1.0], epsilon = 1e-12);
/// let hot = softmax_temperature(a.view(), 1e6)?;
/// assert_abs_diff_eq!(hot, array![1.0, 1.0, 1.0] / 3.0, epsilon = 1e-5);
/// assert!(softmax_temperature(a.view(), 0.0).is_err());
/// # Ok::<(), ch04_output_layer::exercises::TemperatureError>(())
/// ```
// ANCHOR: softmax_temperature
pub fn softmax_temperature(
    a: ArrayView1<f64>,
    t: f64,
) -> Result<Array1<f64>, TemperatureError> {
    if !(t.is_finite() && t > 0.0) {
        return Err(TemperatureError::NotPositive { t });
    }
    Ok(softmax((&a / t).view())?)
}

/// Why [`softmax_temperature`] cannot.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TemperatureError {
    /// 温度 t 不是有限的正数
    #[error("温度 t 必须是大于 0 的有限数，实际是 {t}")]
    NotPositive {
        /// 给定的温度
        t: f64,
    },
    /// 得分不能交给 softmax
    #[error(transparent)]
    Scores(#[from] SoftmaxError),
}
// ANCHOR_END: softmax_temperature

/// Exercise 3: the logarithm of softmax, computed without ever forming a
/// probability that could round to 0.
///
/// $\log y_k = (a_k - C) - \log \sum_i \exp(a_i - C)$, $C = \max_i a_i$.
///
/// # Shapes
///
/// `a`: `(n,)` → `(n,)`.
///
/// # Errors
///
/// [`SoftmaxError`] when `a` is empty or not finite, as for [`softmax`].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch04_output_layer::exercises::log_softmax;
/// use ch04_output_layer::softmax;
/// use ndarray::array;
///
/// let a = array![1000.0_f64, 0.0];
/// // softmax rounds the second probability to 0, and log 0 = -inf
/// let y = softmax(a.view())?;
/// assert_eq!(y[1].ln(), f64::NEG_INFINITY);
/// // the direct formula gives the true value
/// assert_abs_diff_eq!(log_softmax(a.view())?, array![0.0, -1000.0]);
/// # Ok::<(), ch04_output_layer::SoftmaxError>(())
/// ```
// ANCHOR: log_softmax
pub fn log_softmax(a: ArrayView1<f64>) -> Result<Array1<f64>, SoftmaxError> {
    let c = finite_max(a)?;
    let shifted = &a - c;
    let log_sum = shifted.mapv(f64::exp).sum().ln();
    Ok(shifted - log_sum)
}
// ANCHOR_END: log_softmax

/// Exercise 4: row-wise softmax written the NumPy way, with the max and
/// the sum taken along axis 1 and kept as a column (`keepdims=True`) so
/// that they broadcast row by row.
///
/// # Shapes
///
/// `x`: `(batch_size, n)`; the max and the sums are `(batch_size, 1)`;
/// the result is `(batch_size, n)`.
///
/// # Errors
///
/// [`SoftmaxRowsError`] when the rows are empty or a score is not finite,
/// the same error as [`softmax_rows`](crate::softmax_rows) gives.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch04_output_layer::exercises::softmax_rows_broadcast;
/// use ch04_output_layer::softmax_rows;
/// use ndarray::array;
///
/// let x = array![[0.3, 2.9, 4.0], [1010.0, 1000.0, 990.0]];
/// let y = softmax_rows_broadcast(x.view())?;
/// assert_abs_diff_eq!(y, softmax_rows(x.view())?, epsilon = 1e-15);
/// # Ok::<(), ch04_output_layer::SoftmaxRowsError>(())
/// ```
// ANCHOR: softmax_rows_broadcast
pub fn softmax_rows_broadcast(
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, SoftmaxRowsError> {
    // 和 softmax_rows 一样逐行检查（下面的 softmax 不再逐行）
    for (row, scores) in x.rows().into_iter().enumerate() {
        let shape = x.dim();
        finite_max(scores).map_err(|error| SoftmaxRowsError {
            row,
            shape,
            error,
        })?;
    }
    // x.max(axis=1, keepdims=True)：形状 (batch_size, 1)
    let c = x
        .fold_axis(Axis(1), f64::NEG_INFINITY, |&m, &v| m.max(v))
        .insert_axis(Axis(1));
    let e = (&x - &c).mapv(f64::exp);
    // e.sum(axis=1, keepdims=True)：形状 (batch_size, 1)
    let sums = e.sum_axis(Axis(1)).insert_axis(Axis(1));
    Ok(e / &sums)
}
// ANCHOR_END: softmax_rows_broadcast

#[cfg(test)]
mod tests {
    use super::*;
    use crate::softmax_rows;
    use approx::assert_abs_diff_eq;
    use ch00_tools::arange;
    use ch02_activations::sigmoid;

    // ANCHOR: two_class_check
    #[test]
    fn two_class_softmax_is_sigmoid_of_the_difference() {
        for a0 in arange(-5.0, 5.0, 0.5) {
            for a1 in [-3.0, 0.0, 1.5] {
                let p = two_class_softmax(a0, a1).unwrap();
                let s = sigmoid(&array![a0 - a1])[0];
                assert_abs_diff_eq!(p, s, epsilon = 1e-15);
            }
        }
    }
    // ANCHOR_END: two_class_check

    #[test]
    fn temperature_one_is_plain_softmax() {
        let a = array![0.3, 2.9, 4.0];
        let y = softmax_temperature(a.view(), 1.0).unwrap();
        assert_eq!(y, softmax(a.view()).unwrap());
    }

    #[test]
    fn lower_temperature_sharpens() {
        let a = array![0.3, 2.9, 4.0];
        let mut last = 0.0;
        for t in [4.0, 2.0, 1.0, 0.5, 0.25] {
            let top = softmax_temperature(a.view(), t).unwrap()[2];
            assert!(top > last, "T = {t}: {top} <= {last}");
            last = top;
        }
        for t in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(softmax_temperature(a.view(), t).is_err());
        }
    }

    #[test]
    fn log_softmax_is_log_of_softmax_where_that_is_finite() {
        let a = array![0.3, 2.9, 4.0, -7.5];
        let direct = log_softmax(a.view()).unwrap();
        let via = softmax(a.view()).unwrap().mapv(f64::ln);
        assert_abs_diff_eq!(direct, via, epsilon = 1e-12);
        assert!(log_softmax(Array1::zeros(0).view()).is_err());
    }

    #[test]
    fn broadcast_rows_match_softmax_rows() {
        let x = Array2::from_shape_fn((5, 10), |(i, j)| {
            (i * 7 + j * 3) as f64 % 11.0 - 5.0 + 300.0 * i as f64
        });
        let y = softmax_rows_broadcast(x.view()).unwrap();
        assert_abs_diff_eq!(
            y,
            softmax_rows(x.view()).unwrap(),
            epsilon = 1e-15
        );
        // the same errors as softmax_rows
        let empty = Array2::zeros((2, 0));
        let bad = array![[1.0, 2.0], [1.0, f64::INFINITY]];
        for x in [empty, bad] {
            let err = softmax_rows_broadcast(x.view()).unwrap_err();
            assert_eq!(err, softmax_rows(x.view()).unwrap_err());
        }
        let nan = array![[1.0, f64::NAN]];
        assert!(softmax_rows_broadcast(nan.view()).is_err());
    }
}
