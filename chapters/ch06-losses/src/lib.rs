//! Chapter 6: loss functions.
//!
//! A loss function measures how bad a network's output `y` is against the
//! right answer `t`; learning looks for the parameters that make it small.
//! This crate holds the two losses of *Deep Learning from Scratch* ch. 4,
//! [`mean_squared_error`] and [`cross_entropy_error`], their mini-batch
//! versions (with one-hot labels or with class indices), where the name
//! cross-entropy comes from ([`information`], [`cross_entropy`],
//! [`likelihood`]), and a small model
//! that shows why a network is trained on its loss and not on its accuracy
//! ([`toy`]). What the losses reject is a [`LossError`].
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod figures;
mod quiz;
pub mod toy;
pub mod wrong_way;

// ANCHOR: uses
// 第 3 章：NumPy 写法的形状，用在错误信息里
use ch03_arrays::shape_text;
// ANCHOR_END: uses

use ndarray::{Array1, ArrayView1, ArrayView2, Zip, array};

kit::chapter!(demos::DEMOS, figures::FIGURES, quizzes = quiz::QUIZZES);

/// The small number added inside the logarithm of the cross-entropy, so
/// that a probability of exactly 0 gives a large loss instead of infinity.
// ANCHOR: delta
pub const DELTA: f64 = 1e-7;
// ANCHOR_END: delta

/// Why a loss function rejects its input. `loss` names the function, e.g.
/// `cross_entropy_error`; shapes are written as NumPy writes them, `(2, 10)`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LossError {
    /// `y` and `t` differ in shape.
    #[error(
        "{loss} 要求 y 和 t 形状相同，实际是 y: {} 和 t: {}",
        shape_text(.y_shape),
        shape_text(.t_shape)
    )]
    ShapeMismatch {
        /// The loss function.
        loss: &'static str,
        /// The shape of `y`.
        y_shape: Vec<usize>,
        /// The shape of `t`.
        t_shape: Vec<usize>,
    },
    /// Element `index` of `array` (`y` or `t`) is NaN or an infinity.
    #[error("{loss} 要求数值有限，但 {array} 的第 {index} 个元素不是")]
    NotFinite {
        /// The loss function.
        loss: &'static str,
        /// The array: `y` or `t`.
        array: &'static str,
        /// The element's position, counting row by row.
        index: usize,
    },
    /// Element `index` of `array` (`y`, or a distribution) is not a
    /// probability in [0, 1].
    #[error(
        "{loss} 要求 {array} 是 [0, 1] 里的概率，但第 {index} 个元素是 {value}"
    )]
    NotProbability {
        /// The loss function.
        loss: &'static str,
        /// The array: `y`, `p` or `q`.
        array: &'static str,
        /// The element's position, counting row by row.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// `y` and `t` have no elements: their mean is undefined.
    #[error("{loss} 至少要有一个元素，实际一个也没有")]
    NoElements {
        /// The loss function.
        loss: &'static str,
    },
    /// The batch has no samples: its average is undefined.
    #[error(
        "{loss} 至少要有一个样本，实际这一批的形状是 {}",
        shape_text(.shape)
    )]
    EmptyBatch {
        /// The loss function.
        loss: &'static str,
        /// The shape of `y`.
        shape: Vec<usize>,
    },
    /// `labels` does not have one entry per row of `y`.
    #[error(
        "{loss} 要求 y 的每一行有一个标签，实际是 y: {} 和 labels: {}",
        shape_text(.y_shape),
        shape_text(.labels_shape)
    )]
    LabelCount {
        /// The loss function.
        loss: &'static str,
        /// The shape of `y`.
        y_shape: Vec<usize>,
        /// The shape of `labels`.
        labels_shape: Vec<usize>,
    },
    /// `labels[index]` is not a column of `y`.
    #[error(
        "{loss}：labels[{index}] = {label} 不是 y: {} 的类别",
        shape_text(.y_shape)
    )]
    LabelOutOfRange {
        /// The loss function.
        loss: &'static str,
        /// The label's position.
        index: usize,
        /// The label.
        label: usize,
        /// The shape of `y`.
        y_shape: Vec<usize>,
    },
}

/// An error unless `y` and `t` have the same shape.
fn same_shape(
    loss: &'static str,
    y: &[usize],
    t: &[usize],
) -> Result<(), LossError> {
    if y == t {
        Ok(())
    } else {
        Err(LossError::ShapeMismatch {
            loss,
            y_shape: y.to_vec(),
            t_shape: t.to_vec(),
        })
    }
}

/// An error unless every value is finite.
fn all_finite<'a>(
    loss: &'static str,
    array: &'static str,
    values: impl IntoIterator<Item = &'a f64> + Clone,
) -> Result<(), LossError> {
    // one pass with no early exit (it vectorises); the position only if
    // something is wrong
    if values
        .clone()
        .into_iter()
        .fold(true, |ok, v| ok & v.is_finite())
    {
        return Ok(());
    }
    match values.into_iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(index) => Err(LossError::NotFinite { loss, array, index }),
    }
}

/// An error unless every value of `values` (the array named `array`) is
/// a probability, in [0, 1].
fn all_probabilities<'a>(
    loss: &'static str,
    array: &'static str,
    values: impl IntoIterator<Item = &'a f64> + Clone,
) -> Result<(), LossError> {
    let in_range = |v: f64| (0.0..=1.0).contains(&v);
    if values
        .clone()
        .into_iter()
        .fold(true, |ok, &v| ok & in_range(v))
    {
        return Ok(());
    }
    for (index, &value) in values.into_iter().enumerate() {
        if !in_range(value) {
            let e = LossError::NotProbability {
                loss,
                array,
                index,
                value,
            };
            return Err(e);
        }
    }
    Ok(())
}

/// The mean squared error in the form of *Deep Learning from Scratch* and
/// the study notes: half the sum of the squared differences.
///
/// $E = \frac{1}{2} \sum_k (y_k - t_k)^2$
///
/// Despite its name this is not a mean: nothing is divided by the number
/// of elements. [`mse_mean`] is the mean that Li Hongyi's course and most
/// libraries use.
///
/// # Shapes
///
/// `y`, `t`: `(n,)` → a number.
///
/// # Errors
///
/// [`LossError`] when `y` and `t` differ in length, or a value is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::mean_squared_error;
/// use ndarray::array;
///
/// let t = array![0.0, 0.0, 1.0];
/// let y = array![0.1, 0.3, 0.6];
/// // 0.5 * (0.01 + 0.09 + 0.16)
/// assert_abs_diff_eq!(mean_squared_error(y.view(), t.view())?, 0.13);
/// assert!(mean_squared_error(y.view(), array![1.0].view()).is_err());
/// # Ok::<(), ch06_losses::LossError>(())
/// ```
// ANCHOR: mean_squared_error
pub fn mean_squared_error(
    y: ArrayView1<f64>,
    t: ArrayView1<f64>,
) -> Result<f64, LossError> {
    let name = "mean_squared_error";
    same_shape(name, y.shape(), t.shape())?;
    all_finite(name, "y", y)?;
    all_finite(name, "t", t)?;
    Ok(0.5 * (&y - &t).mapv(|d| d * d).sum())
}
// ANCHOR_END: mean_squared_error

/// The mean squared error as a mean: the squared differences averaged over
/// the `n` elements, as in Li Hongyi's course, PyTorch's `MSELoss` and
/// Keras' `MeanSquaredError`.
///
/// $E = \frac{1}{n} \sum_k (y_k - t_k)^2$, which is
/// $\frac{2}{n}$ times [`mean_squared_error`].
///
/// # Shapes
///
/// `y`, `t`: `(n,)` → a number.
///
/// # Errors
///
/// [`LossError`] when `y` and `t` differ in length or are empty, or a value is
/// not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::{mean_squared_error, mse_mean};
/// use ndarray::array;
///
/// let t = array![0.0, 0.0, 1.0];
/// let y = array![0.1, 0.3, 0.6];
/// let mean = mse_mean(y.view(), t.view())?;
/// assert_abs_diff_eq!(mean, (0.01 + 0.09 + 0.16) / 3.0, epsilon = 1e-15);
/// let half_sum = mean_squared_error(y.view(), t.view())?;
/// assert_abs_diff_eq!(mean, 2.0 / 3.0 * half_sum, epsilon = 1e-15);
/// # Ok::<(), ch06_losses::LossError>(())
/// ```
// ANCHOR: mse_mean
pub fn mse_mean(
    y: ArrayView1<f64>,
    t: ArrayView1<f64>,
) -> Result<f64, LossError> {
    let half_sum = mean_squared_error(y, t)?;
    if y.is_empty() {
        return Err(LossError::NoElements { loss: "mse_mean" });
    }
    Ok(2.0 * half_sum / y.len() as f64)
}
// ANCHOR_END: mse_mean

/// The cross-entropy error of one prediction `y` against the target `t`.
///
/// $E = -\sum_k t_k \ln(y_k + \delta)$ with $\delta = 10^{-7}$
/// ([`DELTA`]). For a one-hot `t` only the right class counts:
/// $E = -\ln(y_{\text{right}} + \delta)$.
///
/// # Shapes
///
/// `y`, `t`: `(n,)` → a number.
///
/// # Errors
///
/// [`LossError`] when `y` and `t` differ in length, a value of `y` is not a
/// probability in [0, 1], or a value of `t` is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::cross_entropy_error;
/// use ndarray::array;
///
/// let t = array![0.0, 0.0, 1.0];
/// let y = array![0.1, 0.3, 0.6];
/// let e = cross_entropy_error(y.view(), t.view())?;
/// assert_abs_diff_eq!(e, -(0.6_f64 + 1e-7).ln(), epsilon = 1e-15);
/// // a probability of exactly 0 is a large but finite loss
/// let e = cross_entropy_error(array![1.0, 0.0, 0.0].view(), t.view())?;
/// assert_abs_diff_eq!(e, 16.11809565, epsilon = 1e-8);
/// # Ok::<(), ch06_losses::LossError>(())
/// ```
// ANCHOR: cross_entropy_error
pub fn cross_entropy_error(
    y: ArrayView1<f64>,
    t: ArrayView1<f64>,
) -> Result<f64, LossError> {
    let name = "cross_entropy_error";
    same_shape(name, y.shape(), t.shape())?;
    all_probabilities(name, "y", y)?;
    all_finite(name, "t", t)?;
    Ok(-(&t * &y.mapv(|v| (v + DELTA).ln())).sum())
}
// ANCHOR_END: cross_entropy_error

/// The information content of an event of probability `p`, in nats (the
/// unit of the natural logarithm): $I(p) = -\ln p = \ln \frac{1}{p}$. A
/// certain event ($p = 1$) tells nothing, a rare one a lot.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::information;
///
/// assert_eq!(information(1.0), 0.0);
/// assert_abs_diff_eq!(information(0.5), 2f64.ln());
/// assert_eq!(information(0.0), f64::INFINITY);
/// ```
// ANCHOR: information
pub fn information(p: f64) -> f64 {
    (1.0 / p).ln() // 即 -ln p
}
// ANCHOR_END: information

/// The cross-entropy of two distributions: the mean information content
/// measured with `q` when the events follow `p`,
/// $H(p, q) = -\sum_k p_k \ln q_k$, with $0 \ln 0$ taken as 0.
///
/// $H(p, p)$ is the entropy $H(p)$, and $H(p, q) \ge H(p)$, equal only for
/// $q = p$. [`cross_entropy_error`]`(y, t)` is $H(t, y)$, with $\delta$ in
/// the logarithm.
///
/// # Shapes
///
/// `p`, `q`: `(n,)` → a number.
///
/// # Errors
///
/// [`LossError`] when `p` and `q` differ in length or a value is not a
/// probability in [0, 1].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::cross_entropy;
/// use ndarray::array;
///
/// let p = array![0.5, 0.5];
/// assert_abs_diff_eq!(cross_entropy(p.view(), p.view())?, 2f64.ln());
/// let q = array![0.9, 0.1];
/// assert!(cross_entropy(p.view(), q.view())? > 2f64.ln());
/// # Ok::<(), ch06_losses::LossError>(())
/// ```
// ANCHOR: cross_entropy
pub fn cross_entropy(
    p: ArrayView1<f64>,
    q: ArrayView1<f64>,
) -> Result<f64, LossError> {
    let name = "cross_entropy";
    same_shape(name, p.shape(), q.shape())?;
    all_probabilities(name, "p", p)?;
    all_probabilities(name, "q", q)?;
    let mut h = 0.0;
    for (&p_k, &q_k) in p.iter().zip(q) {
        // p_k = 0 的项按约定是 0：不发生的事件不计信息量
        if p_k > 0.0 {
            h += p_k * information(q_k);
        }
    }
    Ok(h)
}
// ANCHOR_END: cross_entropy

/// The likelihood of the labels: the probability the network gives to all
/// the right answers together, the product of each sample's probability of
/// its right class, $\prod_n y_{n, t_n}$ (the samples taken as
/// independent).
///
/// Its negative logarithm divided by $N$ is the mini-batch cross-entropy
/// without $\delta$; with many samples the product itself falls below the
/// smallest `f64` and is no longer meaningful.
///
/// # Shapes
///
/// `y`: `(batch_size, classes)`, `labels`: `(batch_size,)` → a number.
///
/// # Errors
///
/// As [`cross_entropy_error_labels`].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::likelihood;
/// use ndarray::array;
///
/// let y = array![[0.4, 0.6], [0.9, 0.1]];
/// assert_abs_diff_eq!(likelihood(y.view(), array![1, 1].view())?, 0.06);
/// # Ok::<(), ch06_losses::LossError>(())
/// ```
// ANCHOR: likelihood
pub fn likelihood(
    y: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, LossError> {
    let name = "likelihood";
    labels_fit(name, &y, labels)?;
    all_probabilities(name, "y", y)?;
    let mut product = 1.0;
    for (n, &k) in labels.iter().enumerate() {
        product *= y[[n, k]]; // 第 n 张图像上正确类别的概率
    }
    Ok(product)
}
// ANCHOR_END: likelihood

/// An error for a batch with no samples: its average is undefined.
fn non_empty(loss: &'static str, y: &ArrayView2<f64>) -> Result<(), LossError> {
    if y.nrows() == 0 {
        let shape = y.shape().to_vec();
        Err(LossError::EmptyBatch { loss, shape })
    } else {
        Ok(())
    }
}

/// An error unless `labels` has one class of `y` per row of a non-empty
/// batch `y`.
fn labels_fit(
    loss: &'static str,
    y: &ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<(), LossError> {
    if labels.len() != y.nrows() {
        return Err(LossError::LabelCount {
            loss,
            y_shape: y.shape().to_vec(),
            labels_shape: labels.shape().to_vec(),
        });
    }
    non_empty(loss, y)?;
    match labels.iter().position(|&k| k >= y.ncols()) {
        None => Ok(()),
        Some(index) => Err(LossError::LabelOutOfRange {
            loss,
            index,
            label: labels[index],
            y_shape: y.shape().to_vec(),
        }),
    }
}

/// [`mean_squared_error`] over a mini-batch: half the sum of squares of
/// each sample, averaged over the samples.
///
/// $E = \frac{1}{N} \sum_n \frac{1}{2} \sum_k (y_{nk} - t_{nk})^2$
///
/// # Shapes
///
/// `y`, `t`: `(batch_size, classes)` → a number.
///
/// # Errors
///
/// [`LossError`] when `y` and `t` differ in shape, the batch is empty, or a
/// value is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::mean_squared_error_batch;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.9], [0.8, 0.2]];
/// let t = array![[0.0, 1.0], [0.0, 1.0]];
/// let e = mean_squared_error_batch(y.view(), t.view())?;
/// // samples: 0.5 * 0.02 = 0.01 and 0.5 * 1.28 = 0.64
/// assert_abs_diff_eq!(e, 0.325, epsilon = 1e-15);
/// # Ok::<(), ch06_losses::LossError>(())
/// ```
// ANCHOR: mean_squared_error_batch
pub fn mean_squared_error_batch(
    y: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<f64, LossError> {
    let name = "mean_squared_error_batch";
    same_shape(name, y.shape(), t.shape())?;
    non_empty(name, &y)?;
    all_finite(name, "y", y)?;
    all_finite(name, "t", t)?;
    let batch_size = y.nrows() as f64;
    Ok(0.5 * (&y - &t).mapv(|d| d * d).sum() / batch_size)
}
// ANCHOR_END: mean_squared_error_batch

/// [`cross_entropy_error`] over a mini-batch with one-hot targets,
/// averaged over the samples.
///
/// $E = -\frac{1}{N} \sum_n \sum_k t_{nk} \ln(y_{nk} + \delta)$
///
/// # Shapes
///
/// `y`, `t`: `(batch_size, classes)` → a number.
///
/// # Errors
///
/// [`LossError`] when `y` and `t` differ in shape, the batch is empty, a value
/// of `y` is not a probability in [0, 1], or a value of `t` is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::cross_entropy_error_batch;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.9], [0.8, 0.2]];
/// let t = array![[0.0, 1.0], [0.0, 1.0]];
/// let e = cross_entropy_error_batch(y.view(), t.view())?;
/// let by_hand = -((0.9_f64 + 1e-7).ln() + (0.2_f64 + 1e-7).ln()) / 2.0;
/// assert_abs_diff_eq!(e, by_hand, epsilon = 1e-15);
///
/// let t3 = array![[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]];
/// let err = cross_entropy_error_batch(y.view(), t3.view()).unwrap_err();
/// assert!(err.to_string().contains("y: (2, 2) 和 t: (2, 3)"));
/// # Ok::<(), ch06_losses::LossError>(())
/// ```
// ANCHOR: cross_entropy_error_batch
pub fn cross_entropy_error_batch(
    y: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<f64, LossError> {
    let name = "cross_entropy_error_batch";
    same_shape(name, y.shape(), t.shape())?;
    non_empty(name, &y)?;
    all_probabilities(name, "y", y)?;
    all_finite(name, "t", t)?;
    let batch_size = y.nrows() as f64;
    // t_nk ln(y_nk + δ)；t_nk = 0 的项就是 0，不必去求那个对数
    let terms = Zip::from(&t).and(&y).map_collect(|&t, &y| {
        if t == 0.0 { 0.0 } else { t * (y + DELTA).ln() }
    });
    Ok(-terms.sum() / batch_size)
}
// ANCHOR_END: cross_entropy_error_batch

/// [`cross_entropy_error_batch`] with the targets given as class indices:
/// only the probability of each sample's right class is looked up.
///
/// $E = -\frac{1}{N} \sum_n \ln(y_{n, t_n} + \delta)$
///
/// # Shapes
///
/// `y`: `(batch_size, classes)`, `labels`: `(batch_size,)` → a number.
///
/// # Errors
///
/// [`LossError`] when `labels` does not have one entry per row of `y`, a label
/// is not a column of `y`, the batch is empty, or a value of `y` is not a
/// probability in [0, 1].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::{cross_entropy_error_batch, cross_entropy_error_labels};
/// use ch05_data::one_hot;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.9], [0.8, 0.2]];
/// let labels = array![1, 1];
/// let e = cross_entropy_error_labels(y.view(), labels.view())?;
/// let t = one_hot(labels.view(), 2)?;
/// let e_one_hot = cross_entropy_error_batch(y.view(), t.view())?;
/// assert_abs_diff_eq!(e, e_one_hot, epsilon = 1e-15);
///
/// assert!(cross_entropy_error_labels(y.view(), array![1].view()).is_err());
/// assert!(cross_entropy_error_labels(y.view(), array![0, 2].view()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: cross_entropy_error_labels
pub fn cross_entropy_error_labels(
    y: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, LossError> {
    let name = "cross_entropy_error_labels";
    labels_fit(name, &y, labels)?;
    all_probabilities(name, "y", y)?;
    let mut sum = 0.0;
    for (n, &k) in labels.iter().enumerate() {
        // t 只在 k 处是 1，其余都是 0：只有 y[n, k] 进入和式
        sum += (y[[n, k]] + DELTA).ln();
    }
    Ok(-sum / y.nrows() as f64)
}
// ANCHOR_END: cross_entropy_error_labels

// The two predictions of Deep Learning from Scratch 4.2.1 and 4.2.2, for
// the target "the digit is a 2".

/// The target of the book's examples: one-hot, the right class is 2.
///
/// # Examples
///
/// ```
/// assert_eq!(ch06_losses::book_t()[2], 1.0);
/// ```
pub fn book_t() -> Array1<f64> {
    array![0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
}

/// The book's first prediction: class 2 most likely (0.6), right.
///
/// # Examples
///
/// ```
/// assert_eq!(ch06_losses::book_y_right()[2], 0.6);
/// ```
pub fn book_y_right() -> Array1<f64> {
    array![0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
}

/// The book's second prediction: class 7 most likely (0.6), wrong.
///
/// # Examples
///
/// ```
/// assert_eq!(ch06_losses::book_y_wrong()[7], 0.6);
/// ```
pub fn book_y_wrong() -> Array1<f64> {
    array![0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
}

/// A prediction for [`book_t`] with probability `p` for the right class,
/// the rest shared equally by the other nine; returns `(y, t)`.
///
/// # Shapes
///
/// `y`, `t`: `(10,)`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
///
/// let (y, t) = ch06_losses::prediction_with(0.1);
/// assert_abs_diff_eq!(y, t.mapv(|_| 0.1), epsilon = 1e-15);
/// ```
pub fn prediction_with(p: f64) -> (Array1<f64>, Array1<f64>) {
    let mut y = Array1::from_elem(10, (1.0 - p) / 9.0);
    y[2] = p;
    (y, book_t())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ch04_output_layer::softmax_rows;
    use ch05_data::one_hot;
    use ndarray::{Array2, Axis};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    // Deep Learning from Scratch 4.2.1 and 4.2.2 print these values.
    #[test]
    fn mean_squared_error_matches_the_book() {
        let t = book_t();
        let right = mean_squared_error(book_y_right().view(), t.view());
        let wrong = mean_squared_error(book_y_wrong().view(), t.view());
        assert_abs_diff_eq!(right.unwrap(), 0.0975, epsilon = 1e-15);
        assert_abs_diff_eq!(wrong.unwrap(), 0.5975, epsilon = 1e-15);
    }

    #[test]
    fn cross_entropy_error_matches_the_book() {
        let t = book_t();
        let right = cross_entropy_error(book_y_right().view(), t.view());
        let wrong = cross_entropy_error(book_y_wrong().view(), t.view());
        assert_abs_diff_eq!(right.unwrap(), 0.510825457099338, epsilon = 1e-15);
        assert_abs_diff_eq!(wrong.unwrap(), 2.302584092994546, epsilon = 1e-15);
    }

    #[test]
    fn cross_entropy_is_least_for_the_true_distribution() {
        // a soft label: 0.7 for class 2, 0.3 for class 7
        let mut p = Array1::zeros(10);
        p[2] = 0.7;
        p[7] = 0.3;
        let h = cross_entropy(p.view(), p.view()).unwrap();
        let by_hand = -(0.7 * 0.7_f64.ln() + 0.3 * 0.3_f64.ln());
        assert_abs_diff_eq!(h, by_hand, epsilon = 1e-15);
        for q in [book_y_right(), book_y_wrong(), prediction_with(0.5).0] {
            assert!(cross_entropy(p.view(), q.view()).unwrap() > h);
            // the loss of this chapter is H(t, y), up to delta
            let e = cross_entropy_error(q.view(), p.view()).unwrap();
            let hq = cross_entropy(p.view(), q.view()).unwrap();
            assert_abs_diff_eq!(e, hq, epsilon = 1e-5);
        }
        // a one-hot label has entropy 0: H(t, y) is -ln y_right
        let t = book_t();
        assert_eq!(cross_entropy(t.view(), t.view()).unwrap(), 0.0);
        let h = cross_entropy(t.view(), book_y_right().view()).unwrap();
        assert_abs_diff_eq!(h, information(0.6), epsilon = 1e-15);
        let err = cross_entropy(t.view(), Array1::from_elem(10, 2.0).view());
        assert!(matches!(
            err,
            Err(LossError::NotProbability { array: "q", .. })
        ));
    }

    #[test]
    fn minus_log_likelihood_over_n_is_the_batch_loss() {
        let mut y = Array2::zeros((2, 10));
        y.row_mut(0).assign(&book_y_right());
        y.row_mut(1).assign(&book_y_wrong());
        let labels = array![2, 2];
        let l = likelihood(y.view(), labels.view()).unwrap();
        assert_abs_diff_eq!(l, 0.06, epsilon = 1e-15);
        let e = cross_entropy_error_labels(y.view(), labels.view()).unwrap();
        assert_abs_diff_eq!(-l.ln() / 2.0, e, epsilon = 1e-6);
        // 10,000 samples: the product, about 1e-458, falls below the
        // smallest normal f64 and is rounding debris; the sum of logs is fine
        let y = Array2::from_shape_fn((10_000, 2), |(_, k)| [0.1, 0.9][k]);
        let labels = Array1::from_elem(10_000, 1);
        let l = likelihood(y.view(), labels.view()).unwrap();
        assert!(l < f64::MIN_POSITIVE, "{l:e}");
        let e = cross_entropy_error_labels(y.view(), labels.view()).unwrap();
        assert_abs_diff_eq!(e, information(0.9), epsilon = 1e-6);
    }

    #[test]
    fn mse_mean_is_two_over_n_of_the_half_sum() {
        let t = book_t();
        for y in [book_y_right(), book_y_wrong()] {
            let half_sum = mean_squared_error(y.view(), t.view()).unwrap();
            let mean = mse_mean(y.view(), t.view()).unwrap();
            let by_hand = (&y - &t).mapv(|d| d * d).mean().unwrap();
            assert_abs_diff_eq!(mean, by_hand, epsilon = 1e-15);
            assert_abs_diff_eq!(mean, 0.2 * half_sum, epsilon = 1e-15);
        }
        let empty = Array1::<f64>::zeros(0);
        let err = mse_mean(empty.view(), empty.view()).unwrap_err();
        assert_eq!(err, LossError::NoElements { loss: "mse_mean" });
    }

    #[test]
    fn delta_makes_a_perfect_prediction_slightly_negative() {
        let t = array![0.0, 1.0];
        let e = cross_entropy_error(array![0.0, 1.0].view(), t.view());
        assert_abs_diff_eq!(e.unwrap(), -1e-7, epsilon = 1e-13);
    }

    /// The seed of the random batch below.
    const BATCH_TEST_SEED: u64 = 60;

    #[test]
    fn one_hot_and_label_forms_agree() {
        let mut rng = ChaCha8Rng::seed_from_u64(BATCH_TEST_SEED);
        let scores = Array2::from_shape_simple_fn((8, 10), || {
            rng.random_range(-5.0..5.0)
        });
        let y = softmax_rows(scores.view()).unwrap();
        let labels = Array1::from_iter((0..8).map(|n| (n * 3) % 10));
        let t = one_hot(labels.view(), 10).unwrap();
        let e_one_hot = cross_entropy_error_batch(y.view(), t.view()).unwrap();
        let e_labels =
            cross_entropy_error_labels(y.view(), labels.view()).unwrap();
        assert_abs_diff_eq!(e_one_hot, e_labels, epsilon = 1e-12);
        // and both are the mean of the single-sample losses
        let mean = (0..8)
            .map(|n| cross_entropy_error(y.row(n), t.row(n)).unwrap())
            .sum::<f64>()
            / 8.0;
        assert_abs_diff_eq!(e_labels, mean, epsilon = 1e-12);
    }

    #[test]
    fn batch_mse_is_the_mean_of_single_mses() {
        let y = array![[0.1, 0.9, 0.0], [0.3, 0.3, 0.4]];
        let t = one_hot(array![1, 2].view(), 3).unwrap();
        let batch = mean_squared_error_batch(y.view(), t.view()).unwrap();
        let singles: f64 = (0..2)
            .map(|n| mean_squared_error(y.row(n), t.row(n)).unwrap())
            .sum();
        assert_abs_diff_eq!(batch, singles / 2.0, epsilon = 1e-15);
    }

    #[test]
    fn a_batch_of_one_is_the_single_loss() {
        let (y, t) = (book_y_right(), book_t());
        let y1 = y.view().insert_axis(Axis(0));
        let t1 = t.view().insert_axis(Axis(0));
        let single = cross_entropy_error(y.view(), t.view()).unwrap();
        let batch = cross_entropy_error_batch(y1, t1).unwrap();
        assert_eq!(single, batch);
        let single = mean_squared_error(y.view(), t.view()).unwrap();
        let batch = mean_squared_error_batch(y1, t1).unwrap();
        assert_eq!(single, batch);
    }

    #[test]
    fn shape_errors_name_the_shapes() {
        let text = |e: LossError| e.to_string();
        let y = Array2::<f64>::from_elem((2, 10), 0.1);
        let t = Array2::<f64>::zeros((2, 3));
        let err = cross_entropy_error_batch(y.view(), t.view()).unwrap_err();
        assert_eq!(
            err,
            LossError::ShapeMismatch {
                loss: "cross_entropy_error_batch",
                y_shape: vec![2, 10],
                t_shape: vec![2, 3],
            }
        );
        assert!(text(err).contains("y: (2, 10) 和 t: (2, 3)"));
        let err = mean_squared_error_batch(y.view(), t.view()).unwrap_err();
        assert!(text(err).contains("y: (2, 10) 和 t: (2, 3)"));
        let err =
            cross_entropy_error_labels(y.view(), array![1].view()).unwrap_err();
        assert!(text(err).contains("y: (2, 10) 和 labels: (1,)"));
        let err = cross_entropy_error_labels(y.view(), array![1, 10].view())
            .unwrap_err();
        assert!(text(err).contains("labels[1] = 10"));
        let err = mean_squared_error(
            Array1::zeros(10).view(),
            Array1::zeros(3).view(),
        )
        .unwrap_err();
        assert!(text(err).contains("y: (10,) 和 t: (3,)"));
        let empty = Array2::<f64>::zeros((0, 10));
        let err =
            cross_entropy_error_batch(empty.view(), empty.view()).unwrap_err();
        assert!(text(err).contains("(0, 10)"));
        let no_labels = Array1::<usize>::zeros(0);
        let err = cross_entropy_error_labels(empty.view(), no_labels.view());
        assert!(matches!(err, Err(LossError::EmptyBatch { .. })));
    }

    #[test]
    fn values_that_are_not_probabilities_are_errors() {
        let t = array![0.0, 1.0];
        for bad in [-0.1, 1.5, f64::NAN] {
            let err = cross_entropy_error(array![0.5, bad].view(), t.view());
            let err = err.unwrap_err();
            assert!(matches!(err, LossError::NotProbability { index: 1, .. }));
            assert!(err.to_string().contains("第 1 个元素"));
        }
        let err =
            mean_squared_error(array![f64::NAN].view(), array![1.0].view());
        assert!(err.unwrap_err().to_string().contains("y 的第 0 个元素"));
        let y = array![[0.5, 0.5]];
        let t = array![[f64::INFINITY, 0.0]];
        let err = cross_entropy_error_batch(y.view(), t.view()).unwrap_err();
        let loss = "cross_entropy_error_batch";
        let index = 0;
        assert_eq!(
            err,
            LossError::NotFinite {
                loss,
                array: "t",
                index
            }
        );
    }
}

kit::chapter_tests!(CHAPTER);
