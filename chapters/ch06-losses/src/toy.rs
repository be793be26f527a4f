//! The toy model of section 6.6: 20 points on a line, two classes, and a
//! model with one weight, to show that accuracy is a staircase in the
//! weight while the loss is smooth ([`toy_sweep`]).

// 第 0 章：每一行最大值的位置
use ch00_tools::argmax_rows;
// 第 4 章：逐行 softmax 和它的错误
use ch04_output_layer::{SoftmaxRowsError, softmax_rows};
// 第 5 章：识别精度
use ch05_data::accuracy;
use ndarray::{Array1, Array2, ArrayView1};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::{LossError, cross_entropy_error_labels};

/// The seed of the toy data set.
// ANCHOR: toy_seed
pub const TOY_SEED: u64 = 6;
// ANCHOR_END: toy_seed

/// The toy data set: 20 points on a line, 10 of class 0 drawn from
/// [-2, 1) and 10 of class 1 drawn from [-0.5, 2.5), from [`TOY_SEED`].
///
/// # Shapes
///
/// `x`: `(20,)`, labels: `(20,)`.
///
/// # Examples
///
/// ```
/// let (x, labels) = ch06_losses::toy::toy_data();
/// assert_eq!((x.len(), labels.sum()), (20, 10));
/// ```
// ANCHOR: toy_data
pub fn toy_data() -> (Array1<f64>, Array1<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(TOY_SEED);
    let mut x = Vec::new();
    let mut labels = Vec::new();
    for (label, range) in [(0, -2.0..1.0), (1, -0.5..2.5)] {
        for _ in 0..10 {
            x.push(rng.random_range(range.clone()));
            labels.push(label);
        }
    }
    (Array1::from(x), Array1::from(labels))
}
// ANCHOR_END: toy_data

/// The bias of the toy model, fixed while its weight moves.
// ANCHOR: toy_b
pub const TOY_B: f64 = -1.0;
// ANCHOR_END: toy_b

/// The toy model's class probabilities: class 0 scores 0, class 1 scores
/// $w x + b$, and softmax turns the two scores into probabilities.
///
/// # Shapes
///
/// `x`: `(n,)` → `(n, 2)`.
///
/// # Errors
///
/// [`SoftmaxRowsError`] when a score is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::toy::toy_predict;
/// use ndarray::array;
///
/// let y = toy_predict(array![0.5].view(), 2.0, -1.0)?;
/// assert_abs_diff_eq!(y, array![[0.5, 0.5]]); // scores 0 and 0
/// # Ok::<(), ch04_output_layer::SoftmaxRowsError>(())
/// ```
// ANCHOR: toy_predict
pub fn toy_predict(
    x: ArrayView1<f64>,
    w: f64,
    b: f64,
) -> Result<Array2<f64>, SoftmaxRowsError> {
    let mut scores = Array2::zeros((x.len(), 2));
    scores.column_mut(1).assign(&x.mapv(|x| w * x + b));
    softmax_rows(scores.view())
}
// ANCHOR_END: toy_predict

/// The toy model's accuracy and cross-entropy loss on [`toy_data`] for
/// each weight in `ws`, with the bias fixed at [`TOY_B`].
///
/// # Errors
///
/// [`ToyError`] when a weight is not finite.
///
/// # Examples
///
/// ```
/// let rows = ch06_losses::toy::toy_sweep(&[0.0, 1.0])?;
/// // w = 0: every score of class 1 is b = -1, so class 0 always wins
/// assert_eq!(rows[0].1, 0.5);
/// assert!(ch06_losses::toy::toy_sweep(&[f64::NAN]).is_err());
/// # Ok::<(), ch06_losses::toy::ToyError>(())
/// ```
// ANCHOR: toy_sweep
pub fn toy_sweep(ws: &[f64]) -> Result<Vec<(f64, f64, f64)>, ToyError> {
    let (x, labels) = toy_data();
    let mut rows = Vec::new();
    for &w in ws {
        let y = toy_predict(x.view(), w, TOY_B)?;
        let loss = cross_entropy_error_labels(y.view(), labels.view())?;
        // 每个样本概率最大的类别，再和标签比较
        let p = argmax_rows(y.view()).ok_or(ToyError::NoClasses)?;
        let acc = accuracy(p.view(), labels.view())?;
        rows.push((w, acc, loss));
    }
    Ok(rows)
}
// ANCHOR_END: toy_sweep

/// Why [`toy_sweep`] cannot. With a finite weight none of these happens;
/// a weight of NaN or infinity makes the scores not finite.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ToyError {
    /// A score of the toy model is not finite (chapter 4's softmax).
    #[error(transparent)]
    Scores(#[from] SoftmaxRowsError),
    /// The loss rejects the model's probabilities.
    #[error(transparent)]
    Loss(#[from] LossError),
    /// The model's probabilities have no classes to choose from.
    #[error("the toy model has no classes")]
    NoClasses,
    /// Chapter 5's `accuracy` rejects the predictions.
    #[error(transparent)]
    Accuracy(#[from] ch05_data::AccuracyError),
}

/// The weights of the sweep the page draws: -1 to 5 in steps of 0.005.
///
/// # Examples
///
/// ```
/// let ws = ch06_losses::toy::toy_sweep_weights();
/// assert_eq!((ws.len(), ws[0], ws[1200]), (1201, -1.0, 5.0));
/// ```
pub fn toy_sweep_weights() -> Vec<f64> {
    (0..=1200).map(|i| -1.0 + i as f64 * 0.005).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn accuracy_is_a_staircase_and_loss_is_not() {
        let rows = toy_sweep(&toy_sweep_weights()).unwrap();
        // accuracy takes only multiples of 1/20 ...
        for &(_, acc, _) in &rows {
            let steps = acc * 20.0;
            assert_abs_diff_eq!(steps, steps.round(), epsilon = 1e-12);
        }
        // ... and stays put between most neighbouring weights, while the
        // loss changes between every pair of them
        let pairs = rows.windows(2);
        let flat = pairs.clone().filter(|p| p[0].1 == p[1].1).count();
        assert!(flat > rows.len() * 9 / 10, "{flat} of {}", rows.len());
        assert!(pairs.clone().all(|p| p[0].2 != p[1].2));
        // the loss is smooth: no jump between neighbours is large
        let biggest =
            pairs.map(|p| (p[0].2 - p[1].2).abs()).fold(0.0, f64::max);
        assert!(biggest < 0.01, "{biggest}");
    }

    #[test]
    fn a_small_step_moves_the_loss_but_not_the_accuracy() {
        let rows = toy_sweep(&[1.49, 1.5, 1.51]).unwrap();
        assert_eq!(rows[0].1, rows[1].1);
        assert_eq!(rows[1].1, rows[2].1);
        assert!(rows[0].2 != rows[1].2 && rows[1].2 != rows[2].2);
    }

    #[test]
    fn a_weight_that_is_not_finite_is_an_error() {
        for w in [f64::NAN, f64::INFINITY] {
            let err = toy_sweep(&[w]).unwrap_err();
            assert!(matches!(err, ToyError::Scores(_)), "{err}");
        }
    }
}
