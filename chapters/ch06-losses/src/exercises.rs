//! Solutions to the exercises at the end of chapter 6.

use ndarray::{ArrayView1, ArrayView2};

use crate::{DELTA, LossError, all_finite, labels_fit};

/// Exercise 1: [`crate::mean_squared_error_batch`] with the targets given as class
/// indices.
///
/// With a one-hot target, sample $n$ adds $(1 - y_{n,t_n})^2$ for its right
/// class and $y_{nk}^2$ for every other class $k$:
/// $E = \frac{1}{N} \sum_n \frac{1}{2} \left( \sum_k y_{nk}^2
/// - y_{n,t_n}^2 + (1 - y_{n,t_n})^2 \right)$.
///
/// # Shapes
///
/// `y`: `(batch_size, classes)`, `labels`: `(batch_size,)` → a number.
///
/// # Errors
///
/// [`LossError`] when `labels` does not have one entry per row of `y`, a
/// label is not a column of `y`, the batch is empty, or a value is not
/// finite: the checks of [`crate::cross_entropy_error_labels`].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::exercises::mean_squared_error_labels;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.9], [0.8, 0.2]];
/// let e = mean_squared_error_labels(y.view(), array![1, 1].view())?;
/// assert_abs_diff_eq!(e, 0.325, epsilon = 1e-15);
/// # Ok::<(), ch06_losses::LossError>(())
/// ```
// ANCHOR: mean_squared_error_labels
pub fn mean_squared_error_labels(
    y: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, LossError> {
    let name = "mean_squared_error_labels";
    labels_fit(name, &y, labels)?;
    all_finite(name, "y", y)?;
    let mut sum = 0.0;
    for (n, &k) in labels.iter().enumerate() {
        let squares: f64 = y.row(n).iter().map(|v| v * v).sum();
        let right = y[[n, k]];
        sum += squares - right * right + (1.0 - right) * (1.0 - right);
    }
    Ok(0.5 * sum / y.nrows() as f64)
}
// ANCHOR_END: mean_squared_error_labels

/// Exercise 2: the cross-entropy of a batch computed straight from the
/// scores `a`, without forming probabilities and without `delta`.
///
/// $-\ln y_{n,t_n} = -(a_{n,t_n} - C_n) + \ln \sum_k \exp(a_{nk} - C_n)$,
/// $C_n = \max_k a_{nk}$, averaged over the batch.
///
/// # Shapes
///
/// `a`: `(batch_size, classes)`, `labels`: `(batch_size,)` → a number.
///
/// # Errors
///
/// [`ScoresError`] when `labels` does not have one entry per row of `a`, a
/// label is not a column of `a`, the batch or its rows are empty, or a
/// score is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::exercises::cross_entropy_from_scores;
/// use ndarray::array;
///
/// // softmax gives class 1 a probability of exactly 0 here
/// let a = array![[1000.0, 0.0]];
/// let e = cross_entropy_from_scores(a.view(), array![1].view())?;
/// assert_abs_diff_eq!(e, 1000.0);
/// # Ok::<(), ch06_losses::exercises::ScoresError>(())
/// ```
// ANCHOR: cross_entropy_from_scores
pub fn cross_entropy_from_scores(
    a: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, ScoresError> {
    if labels.len() != a.nrows() || a.nrows() == 0 || a.ncols() == 0 {
        let (a_shape, labels) = (a.dim(), labels.len());
        return Err(ScoresError::Batch { a_shape, labels });
    }
    if a.iter().any(|v| !v.is_finite()) {
        return Err(ScoresError::NotFinite);
    }
    let mut sum = 0.0;
    for (n, (row, &k)) in a.rows().into_iter().zip(&labels).enumerate() {
        if k >= a.ncols() {
            let a_shape = a.dim();
            return Err(ScoresError::Label {
                index: n,
                label: k,
                a_shape,
            });
        }
        let c = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let log_sum = row.mapv(|v| (v - c).exp()).sum().ln();
        sum += -(row[k] - c) + log_sum;
    }
    Ok(sum / a.nrows() as f64)
}
// ANCHOR_END: cross_entropy_from_scores

/// Why [`cross_entropy_from_scores`] cannot.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoresError {
    /// The batch is empty, or `labels` does not have one entry per row.
    #[error(
        "cross_entropy_from_scores 要求这一批不空、每一行有一个标签，\
         实际是 a: {a_shape:?} 和 labels: ({labels},)"
    )]
    Batch {
        /// The shape of `a`.
        a_shape: (usize, usize),
        /// How many labels there are.
        labels: usize,
    },
    /// A score is NaN or an infinity.
    #[error("cross_entropy_from_scores 要求得分都是有限数")]
    NotFinite,
    /// `labels[index]` is not a column of `a`.
    #[error("labels[{index}] = {label} 不是 a: {a_shape:?} 的类别")]
    Label {
        /// The label's position.
        index: usize,
        /// The label.
        label: usize,
        /// The shape of `a`.
        a_shape: (usize, usize),
    },
}

/// Exercise 3: binary cross-entropy, for two classes described by one
/// probability `p` (of class 1) per sample.
///
/// $E = -\frac{1}{N} \sum_n \left( t_n \ln(p_n + \delta)
/// + (1 - t_n) \ln(1 - p_n + \delta) \right)$, $t_n \in \{0, 1\}$.
///
/// With $p_n = \sigma(s_n)$ this is the cross-entropy of softmax over the
/// two scores $(0, s_n)$: the probability of class 1 under that softmax is
/// exactly $\sigma(s_n)$.
///
/// # Shapes
///
/// `p`: `(batch_size,)`, `labels`: `(batch_size,)` → a number.
///
/// # Errors
///
/// [`BinaryError`] when the lengths differ, the batch is empty, a label is
/// not 0 or 1, or a value of `p` is not a probability in [0, 1].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::exercises::binary_cross_entropy;
/// use ndarray::array;
///
/// let e = binary_cross_entropy(array![0.9, 0.2].view(), array![1, 0].view())?;
/// let by_hand = -((0.9_f64 + 1e-7).ln() + (0.8_f64 + 1e-7).ln()) / 2.0;
/// assert_abs_diff_eq!(e, by_hand, epsilon = 1e-15);
/// # Ok::<(), ch06_losses::exercises::BinaryError>(())
/// ```
// ANCHOR: binary_cross_entropy
pub fn binary_cross_entropy(
    p: ArrayView1<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, BinaryError> {
    if p.len() != labels.len() || p.is_empty() {
        let (p, labels) = (p.len(), labels.len());
        return Err(BinaryError::Lengths { p, labels });
    }
    let mut sum = 0.0;
    for (n, (&p, &t)) in p.iter().zip(&labels).enumerate() {
        if !(0.0..=1.0).contains(&p) || t > 1 {
            return Err(BinaryError::Sample {
                index: n,
                p,
                label: t,
            });
        }
        sum += if t == 1 {
            (p + DELTA).ln()
        } else {
            (1.0 - p + DELTA).ln()
        };
    }
    Ok(-sum / p.len() as f64)
}
// ANCHOR_END: binary_cross_entropy

/// Why [`binary_cross_entropy`] cannot.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BinaryError {
    /// The batch is empty, or `p` and `labels` differ in length.
    #[error(
        "binary_cross_entropy 要求每个概率有一个标签、至少一个样本，\
         实际是 p: ({p},) 和 labels: ({labels},)"
    )]
    Lengths {
        /// The length of `p`.
        p: usize,
        /// The length of `labels`.
        labels: usize,
    },
    /// `p[index]` is not in [0, 1], or `labels[index]` is not 0 or 1.
    #[error(
        "binary_cross_entropy 要求 p 在 [0, 1] 里、标签是 0 或 1，\
         实际是 p[{index}] = {p} 和 labels[{index}] = {label}"
    )]
    Sample {
        /// The sample's position.
        index: usize,
        /// Its probability of class 1.
        p: f64,
        /// Its label.
        label: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::toy::{TOY_B, toy_data, toy_predict};
    use crate::{cross_entropy_error_labels, mean_squared_error_batch};
    use approx::assert_abs_diff_eq;
    use ch02_activations::sigmoid;
    use ch04_output_layer::softmax_rows;
    use ndarray::{Array1, Array2, array};

    /// The one-hot targets of `labels` for `classes` classes.
    fn targets(labels: ArrayView1<usize>, classes: usize) -> Array2<f64> {
        ch05_data::one_hot(labels, classes).expect("labels in range")
    }

    fn some_batch() -> (Array2<f64>, Array1<usize>) {
        let a = Array2::from_shape_fn((6, 10), |(n, k)| {
            ((n * 7 + k * 3) % 11) as f64 * 0.7 - 3.0
        });
        let labels = Array1::from_iter((0..6).map(|n| (n * 4) % 10));
        (a, labels)
    }

    #[test]
    fn label_mse_equals_one_hot_mse() {
        let (a, labels) = some_batch();
        let y = softmax_rows(a.view()).unwrap();
        let t = targets(labels.view(), 10);
        let one = mean_squared_error_batch(y.view(), t.view()).unwrap();
        let idx = mean_squared_error_labels(y.view(), labels.view()).unwrap();
        assert_abs_diff_eq!(one, idx, epsilon = 1e-12);
        assert!(mean_squared_error_labels(y.view(), array![0].view()).is_err());
    }

    #[test]
    fn scores_form_matches_softmax_then_cross_entropy() {
        let (a, labels) = some_batch();
        let y = softmax_rows(a.view()).unwrap();
        let direct =
            cross_entropy_from_scores(a.view(), labels.view()).unwrap();
        // -ln of the right class's probability, without delta
        let no_delta = labels
            .iter()
            .enumerate()
            .map(|(n, &k)| -y[[n, k]].ln())
            .sum::<f64>()
            / 6.0;
        assert_abs_diff_eq!(direct, no_delta, epsilon = 1e-12);
        // the probabilities route adds delta = 1e-7 inside the log, which
        // matters a little where a probability is small
        let via_probs =
            cross_entropy_error_labels(y.view(), labels.view()).unwrap();
        assert_abs_diff_eq!(via_probs, direct, epsilon = 1e-4);
    }

    #[test]
    fn scores_form_is_not_capped_by_delta() {
        let a = array![[1000.0, 0.0]];
        let y = softmax_rows(a.view()).unwrap();
        let capped = cross_entropy_error_labels(y.view(), array![1].view());
        assert_abs_diff_eq!(capped.unwrap(), -(1e-7_f64).ln(), epsilon = 1e-9);
        let e = cross_entropy_from_scores(a.view(), array![1].view()).unwrap();
        assert_abs_diff_eq!(e, 1000.0);
        assert!(cross_entropy_from_scores(a.view(), array![2].view()).is_err());
    }

    // ANCHOR: binary_check
    #[test]
    fn binary_cross_entropy_of_sigmoid_is_the_toy_models_loss() {
        let (x, labels) = toy_data();
        for w in [-1.0, 0.0, 0.5, 2.0, 5.0] {
            // 对得分 (0, s) 做 softmax 再求损失，和 toy_sweep 一样
            let y = toy_predict(x.view(), w, TOY_B).unwrap();
            let e = cross_entropy_error_labels(y.view(), labels.view());
            // 对 s 取 sigmoid，再求二元交叉熵
            let p = sigmoid(&x.mapv(|x| w * x + TOY_B));
            let e_binary = binary_cross_entropy(p.view(), labels.view());
            assert_abs_diff_eq!(e.unwrap(), e_binary.unwrap(), epsilon = 1e-9);
        }
    }
    // ANCHOR_END: binary_check

    #[test]
    fn binary_cross_entropy_rejects_bad_input() {
        let p = array![0.5, 0.5];
        assert!(binary_cross_entropy(p.view(), array![0].view()).is_err());
        assert!(binary_cross_entropy(p.view(), array![0, 2].view()).is_err());
        let bad = array![0.5, 1.5];
        assert!(binary_cross_entropy(bad.view(), array![0, 1].view()).is_err());
    }
}
