//! Chapter 7: mini-batch learning.
//!
//! The loss over the whole training set costs a forward pass of every
//! training image.
//! A mini-batch drawn at random estimates it for a fraction of the cost:
//! [`sampling`] draws the batches (with replacement, as NumPy's
//! `np.random.choice(train_size, batch_size)` in the study notes; without
//! replacement; or as shuffled epochs), [`probabilities`] and
//! [`sample_losses`] give the loss of every image once, and
//! [`batch_loss_estimates`] measures how far a batch's loss strays from
//! the full loss: by s/√N for a batch of N, where s is the standard
//! deviation of the per-sample losses ([`standard_error`]).
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod experiment;
mod figures;
mod knobs;
mod quiz;
pub mod sampling;

pub use sampling::{
    BatchError, Sampler, epoch_batches, sample_with_replacement,
    sample_without_replacement, take_rows,
};

// ANCHOR: uses
// 第 2 章：隐藏层的激活函数
use ch02_activations::sigmoid;
// 第 3 章：一整批数据一次通过网络
use ch03_arrays::forward_batch;
// 第 4 章：把分数逐行变成概率
use ch04_output_layer::softmax_rows;
// 第 5 章：MNIST 的一部分，图像和它们的标签
use ch05_data::MnistSet;
// 第 6 章：一个样本的交叉熵
use ch06_losses::cross_entropy_error;
// ANCHOR_END: uses

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand_chacha::ChaCha8Rng;

kit::chapter!(
    demos::DEMOS,
    figures::FIGURES,
    knobs = knobs::KNOBS,
    quizzes = quiz::QUIZZES
);

/// The seed of every draw in this chapter.
pub const SEED: u64 = 7;

/// Training images of the full MNIST.
pub const FULL_TRAIN_SIZE: usize = 60_000;

/// The batch size of the study notes' sampling code.
pub const NOTES_BATCH_SIZE: usize = 10;

/// Why the loss of a batch, or of every sample in it, cannot be computed.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::{BatchLossError, batch_loss};
/// use ndarray::array;
///
/// let err = batch_loss(array![1.0, 2.0].view(), &[0, 2]).unwrap_err();
/// assert_eq!(err, BatchLossError::RowOutOfRange { row: 2, count: 2 });
/// assert_eq!(
///     err.to_string(),
///     "batch_loss：要取下标为 2 的行，但只有 2 个损失（下标 0 到 1）"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BatchLossError {
    /// Chapter 4's `softmax_rows` refused the scores.
    #[error(transparent)]
    Softmax(#[from] ch04_output_layer::SoftmaxRowsError),
    /// Chapter 3's `forward_batch` could not run the network on the
    /// batch: no layers, or shapes that do not fit.
    #[error(transparent)]
    Shape(#[from] ch03_arrays::ShapeError),
    /// Probabilities `y` and labels `t` of different shapes.
    #[error("sample_losses 要求 y 和 t 形状相同，实际是 y: {y:?} 和 t: {t:?}")]
    Shapes {
        /// The shape of `y`.
        y: (usize, usize),
        /// The shape of `t`.
        t: (usize, usize),
    },
    /// A row that chapter 6's `cross_entropy_error` refuses.
    #[error("第 {n} 个样本：{error}")]
    Sample {
        /// The row.
        n: usize,
        /// What `cross_entropy_error` says about it.
        error: ch06_losses::LossError,
    },
    /// A batch of no rows.
    #[error("batch_loss 至少要有一行，实际一行也没有")]
    EmptyBatch,
    /// A row index that is not below the number of losses.
    #[error(
        "batch_loss：要取下标为 {row} 的行，但只有 {count} 个损失（下标 0 到 {}）",
        .count.saturating_sub(1)
    )]
    RowOutOfRange {
        /// The index asked for.
        row: usize,
        /// The number of losses.
        count: usize,
    },
}

/// The network's probabilities for a batch: ch03's `forward_batch` with
/// sigmoid hidden layers, then ch04's `softmax_rows` on every row (the
/// source book's `predict` followed by `softmax`).
///
/// $Y = \mathrm{softmax}(\ldots\sigma(X W_1 + b_1) \ldots W_L + b_L)$,
/// row by row.
///
/// # Shapes
///
/// `x`: `(batch_size, n_0)`; layer `k` is `W`: `(n_k, n_{k+1})`, `b`:
/// `(n_{k+1},)`; the result is `(batch_size, n_L)`, each row summing to 1.
///
/// # Errors
///
/// [`BatchLossError::Shape`] when there are no layers or the shapes do
/// not fit; the message names them.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::probabilities;
/// use ndarray::{Array2, Axis};
///
/// let layers = ch05_data::untrained_network();
/// let x = Array2::<f64>::zeros((3, 784));
/// let y = probabilities(x.view(), &layers)?;
/// assert_eq!(y.dim(), (3, 10));
/// assert_abs_diff_eq!(y.sum_axis(Axis(1)), ndarray::arr1(&[1.0; 3]), epsilon = 1e-12);
/// assert!(probabilities(Array2::zeros((3, 783)).view(), &layers).is_err());
/// # Ok::<(), ch07_minibatch::BatchLossError>(())
/// ```
// ANCHOR: probabilities
pub fn probabilities(
    x: ArrayView2<f64>,
    layers: &[(Array2<f64>, Array1<f64>)],
) -> Result<Array2<f64>, BatchLossError> {
    let scores = forward_batch(x, layers, sigmoid)?;
    Ok(softmax_rows(scores.view())?)
}
// ANCHOR_END: probabilities

/// The cross-entropy of every sample on its own: entry `n` is ch06's
/// `cross_entropy_error` of row `n` of `y` against row `n` of `t`. Their
/// mean is the batch loss of ch06's `cross_entropy_error_batch`.
///
/// $E_n = -\sum_k t_{nk} \ln(y_{nk} + \delta)$
///
/// # Shapes
///
/// `y`, `t`: `(count, classes)` → `(count,)`.
///
/// # Errors
///
/// [`BatchLossError`] when `y` and `t` differ in shape, or a row is not a
/// valid input of `cross_entropy_error` (the error names the row).
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::cross_entropy_error_batch;
/// use ch07_minibatch::sample_losses;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.9], [0.8, 0.2]];
/// let t = array![[0.0, 1.0], [0.0, 1.0]];
/// let e = sample_losses(y.view(), t.view())?;
/// assert_abs_diff_eq!(e[1], -(0.2_f64 + 1e-7).ln(), epsilon = 1e-15);
/// let batch = cross_entropy_error_batch(y.view(), t.view())?;
/// assert_abs_diff_eq!(e.mean().unwrap(), batch, epsilon = 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: sample_losses
pub fn sample_losses(
    y: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<Array1<f64>, BatchLossError> {
    if y.dim() != t.dim() {
        return Err(BatchLossError::Shapes {
            y: y.dim(),
            t: t.dim(),
        });
    }
    y.rows()
        .into_iter()
        .zip(t.rows())
        .enumerate()
        .map(|(n, (y_n, t_n))| {
            cross_entropy_error(y_n, t_n)
                .map_err(|error| BatchLossError::Sample { n, error })
        })
        .collect()
}
// ANCHOR_END: sample_losses

/// The loss of every image of `set` under the network `layers`: the
/// per-sample cross-entropy of its probabilities against the one-hot
/// labels. Computed once, it gives the loss of any batch without another
/// forward pass ([`batch_loss`]).
///
/// # Shapes
///
/// `(set.len(),)`.
///
/// # Errors
///
/// [`BatchLossError`] when the network does not take 784 inputs and give
/// 10 outputs.
///
/// # Examples
///
/// ```
/// use ch05_data::untrained_network;
/// use ch07_minibatch::training_losses;
///
/// let mnist = ch05_data::mnist::bundled()?;
/// let losses = training_losses(&mnist.train, &untrained_network())?;
/// assert_eq!(losses.len(), mnist.train.len());
/// // an untrained network is about equally unsure of every image
/// assert!(losses.iter().all(|&e| (2.0..2.6).contains(&e)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: training_losses
pub fn training_losses(
    set: &MnistSet,
    layers: &[(Array2<f64>, Array1<f64>)],
) -> Result<Array1<f64>, BatchLossError> {
    let y = probabilities(set.x(true).view(), layers)?;
    sample_losses(y.view(), set.t_one_hot().view())
}
// ANCHOR_END: training_losses

/// The mean of `losses` at the rows `batch_mask` (indices may repeat).
/// Needs no checks: the callers make sure the batch is not empty and
/// every index is in range.
// ANCHOR: mean_at
fn mean_at(losses: ArrayView1<f64>, batch_mask: &[usize]) -> f64 {
    // 批里 N 个样本的损失之和，下标可以重复
    let sum: f64 = batch_mask.iter().map(|&i| losses[i]).sum();
    // 再除以 N
    sum / batch_mask.len() as f64
}
// ANCHOR_END: mean_at

/// The loss of one batch, read off the per-sample losses: their mean at
/// the rows `batch_mask`. The same number as ch06's
/// `cross_entropy_error_batch` on the batch's rows, without a forward pass.
///
/// $\hat L = \frac{1}{N} \sum_{n=1}^{N} E_{i_n}$ for
/// `batch_mask` $= (i_1, \ldots, i_N)$.
///
/// # Shapes
///
/// `losses`: `(count,)`; `batch_mask`: `n` indices below `count`.
///
/// # Errors
///
/// [`BatchLossError`] when `batch_mask` is empty or holds an index not
/// below `count`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::batch_loss;
/// use ndarray::array;
///
/// let losses = array![1.0, 2.0, 6.0];
/// assert_abs_diff_eq!(batch_loss(losses.view(), &[2, 0, 2])?, 13.0 / 3.0);
/// assert!(batch_loss(losses.view(), &[3]).is_err());
/// assert!(batch_loss(losses.view(), &[]).is_err());
/// # Ok::<(), ch07_minibatch::BatchLossError>(())
/// ```
// ANCHOR: batch_loss
pub fn batch_loss(
    losses: ArrayView1<f64>,
    batch_mask: &[usize],
) -> Result<f64, BatchLossError> {
    if batch_mask.is_empty() {
        return Err(BatchLossError::EmptyBatch);
    }
    let count = losses.len();
    if let Some(&row) = batch_mask.iter().find(|&&i| i >= count) {
        return Err(BatchLossError::RowOutOfRange { row, count });
    }
    Ok(mean_at(losses, batch_mask))
}
// ANCHOR_END: batch_loss

/// `draws` estimates of the full loss: each the loss of one batch of
/// `batch_size` rows drawn with replacement (as the study notes draw
/// them) from the per-sample `losses`.
///
/// # Errors
///
/// [`BatchError`] when `batch_size` is 0 or `losses` is empty.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::batch_loss_estimates;
/// use ndarray::array;
/// use rand::SeedableRng;
/// use rand_chacha::ChaCha8Rng;
///
/// let mut rng = ChaCha8Rng::seed_from_u64(0);
/// let losses = array![1.0, 3.0];
/// let est = batch_loss_estimates(&mut rng, losses.view(), 4, 100)?;
/// assert_eq!(est.len(), 100);
/// // four draws of 1 or 3: the mean is 1, 1.5, 2, 2.5 or 3
/// assert!(est.iter().all(|&e| [1.0, 1.5, 2.0, 2.5, 3.0].contains(&e)));
/// # Ok::<(), ch07_minibatch::BatchError>(())
/// ```
// ANCHOR: batch_loss_estimates
pub fn batch_loss_estimates(
    rng: &mut ChaCha8Rng,
    losses: ArrayView1<f64>,
    batch_size: usize,
    draws: usize,
) -> Result<Vec<f64>, BatchError> {
    estimates(sample_with_replacement, rng, losses, batch_size, draws)
}
// ANCHOR_END: batch_loss_estimates

/// `draws` batch losses, each batch drawn by `sample`.
// ANCHOR: estimates
pub(crate) fn estimates(
    sample: Sampler,
    rng: &mut ChaCha8Rng,
    losses: ArrayView1<f64>,
    batch_size: usize,
    draws: usize,
) -> Result<Vec<f64>, BatchError> {
    let mut estimates = Vec::with_capacity(draws);
    for _ in 0..draws {
        let batch_mask = sample(rng, losses.len(), batch_size)?;
        estimates.push(mean_at(losses, &batch_mask));
    }
    Ok(estimates)
}
// ANCHOR_END: estimates

/// The mean and the standard deviation of `values` (dividing by their
/// count, as NumPy's `np.std` does); `None` when there are none.
///
/// $\mu = \frac{1}{m} \sum_i v_i$,
/// $s = \sqrt{\frac{1}{m} \sum_i (v_i - \mu)^2}$
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::mean_std;
///
/// let (mean, std) = mean_std(&[1.0, 2.0, 3.0, 4.0]).unwrap();
/// assert_abs_diff_eq!(mean, 2.5);
/// assert_abs_diff_eq!(std, 1.25_f64.sqrt());
/// assert_eq!(mean_std(&[]), None);
/// ```
pub fn mean_std(values: &[f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let m = values.len() as f64;
    let mean = values.iter().sum::<f64>() / m;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / m;
    Some((mean, var.sqrt()))
}

/// How far the loss of a batch of `batch_size` rows, drawn with
/// replacement, typically lies from the full loss: the standard deviation
/// `loss_sd` of the per-sample losses divided by the square root of the
/// batch size.
///
/// $\mathrm{SD}(\hat L) = \dfrac{s}{\sqrt{N}}$
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::standard_error;
///
/// // a batch 100 times larger strays 10 times less
/// assert_abs_diff_eq!(standard_error(0.5, 1), 0.5);
/// assert_abs_diff_eq!(standard_error(0.5, 100), 0.05);
/// ```
// ANCHOR: standard_error
pub fn standard_error(loss_sd: f64, batch_size: usize) -> f64 {
    loss_sd / (batch_size as f64).sqrt()
}
// ANCHOR_END: standard_error

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ch05_data::mnist::bundled;
    use ch05_data::{init_network, one_hot, untrained_network};
    use ch06_losses::cross_entropy_error_batch;
    use ndarray::array;
    use rand::SeedableRng;

    #[test]
    fn batch_loss_of_losses_is_the_batch_cross_entropy() {
        // reading a batch's loss off the per-sample losses gives what
        // ch06's batch cross-entropy gives on the batch's rows
        let mnist = bundled().unwrap();
        let layers = untrained_network();
        let losses = training_losses(&mnist.test, &layers).unwrap();
        let (x, t) = (mnist.test.x(true), mnist.test.t_one_hot());
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for batch_size in [1, 7, 100] {
            let mask = sample_with_replacement(&mut rng, x.nrows(), batch_size)
                .unwrap();
            let y_batch =
                probabilities(take_rows(&x, &mask).view(), &layers).unwrap();
            let t_batch = take_rows(&t, &mask);
            let direct =
                cross_entropy_error_batch(y_batch.view(), t_batch.view())
                    .unwrap();
            let read_off = batch_loss(losses.view(), &mask).unwrap();
            assert_abs_diff_eq!(direct, read_off, epsilon = 1e-12);
        }
    }

    #[test]
    fn the_untrained_loss_is_about_ln_10() {
        // outputs nearly equal: softmax gives about 1/10 to every class
        let mnist = bundled().unwrap();
        let losses =
            training_losses(&mnist.train, &untrained_network()).unwrap();
        assert_eq!(losses.len(), 5000);
        assert_abs_diff_eq!(losses.mean().unwrap(), 10f64.ln(), epsilon = 0.02);
    }

    #[test]
    fn spread_shrinks_like_one_over_sqrt_n() {
        let losses = array![0.0, 1.0, 2.0, 5.0, 9.0];
        let (mean, loss_sd) = mean_std(losses.as_slice().unwrap()).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for n in [1, 4, 16, 64] {
            let est = batch_loss_estimates(&mut rng, losses.view(), n, 20_000)
                .unwrap();
            let (m, sd) = mean_std(&est).unwrap();
            // unbiased: the estimates centre on the full loss
            assert_abs_diff_eq!(m, mean, epsilon = 0.05 * loss_sd);
            // and spread by loss_sd / sqrt(n), to within 3%
            let expected = standard_error(loss_sd, n);
            assert!((sd / expected - 1.0).abs() < 0.03, "n {n}: {sd}");
        }
    }

    #[test]
    fn sample_losses_checks_shapes_and_rows() {
        let y = array![[0.5, 0.5], [0.9, 0.1]];
        let t = one_hot(array![0, 1].view(), 2).unwrap();
        let e = sample_losses(y.view(), t.view()).unwrap();
        assert_abs_diff_eq!(e[1], -(0.1_f64 + 1e-7).ln(), epsilon = 1e-15);
        let t3 = one_hot(array![0, 1].view(), 3).unwrap();
        let err = sample_losses(y.view(), t3.view()).unwrap_err();
        let err = err.to_string();
        assert!(err.contains("y: (2, 2) 和 t: (2, 3)"), "{err}");
        let bad = array![[0.5, 0.5], [1.5, -0.5]];
        let err = sample_losses(bad.view(), t.view()).unwrap_err();
        assert!(matches!(err, BatchLossError::Sample { n: 1, .. }), "{err}");
        assert!(err.to_string().starts_with("第 1 个样本："), "{err}");
    }

    #[test]
    fn batch_loss_rejects_empty_and_out_of_range() {
        let losses = array![1.0, 2.0];
        assert!(batch_loss(losses.view(), &[]).is_err());
        let err = batch_loss(losses.view(), &[0, 2]).unwrap_err().to_string();
        assert!(
            err.contains("下标为 2") && err.contains("只有 2 个"),
            "{err}"
        );
    }

    #[test]
    fn probabilities_are_rows_of_softmax() {
        let layers = init_network(&[4, 3, 2], 1.0, 0).unwrap();
        let x = Array2::from_shape_fn((5, 4), |(i, j)| (i + j) as f64 / 4.0);
        let y = probabilities(x.view(), &layers).unwrap();
        let scores = forward_batch(x.view(), &layers, sigmoid).unwrap();
        assert_abs_diff_eq!(y, softmax_rows(scores.view()).unwrap());
        for row in y.rows() {
            assert_abs_diff_eq!(row.sum(), 1.0, epsilon = 1e-12);
        }
    }
}

kit::chapter_tests!(CHAPTER);
