//! Chapter 5: training data and test data.
//!
//! A network learns its weights from training data and is judged on test
//! data it has never seen. This crate is the book's one home of data
//! loading: [`idx`] reads the IDX files MNIST is published in (gzipped or
//! not, checking every number in the header), [`mnist`] turns them into
//! arrays with the source book's `load_mnist` options, for the real MNIST
//! data bundled in `data/mnist` (read once per program by
//! [`mnist::bundled`]) or the full MNIST in a folder of the reader's. The
//! chapter then runs an untrained 784-100-10 network over the official
//! test set, in batches of 100, to find the accuracy training must beat:
//! about 10%, chance for ten classes; and with the same code, the source
//! book's pre-trained 784-50-100-10 network ([`pretrained`]) reaches
//! 93.52%, one image at a time or in batches.
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod figures;
pub mod flags;
pub mod idx;
pub mod mnist;
pub mod pretrained;
mod quiz;

pub use idx::DataError;
pub use mnist::{
    LoadOptions, Mnist, MnistSet, OneHotError, bundled_dir, load_mnist,
    mnist_dir, one_hot, read_mnist,
};

// ANCHOR: uses
// 第 0 章：最大值的下标，一个样本的和一批样本的
use ch00_tools::{argmax, argmax_rows};
// 第 2 章：一个样本的前向传播，隐藏层的激活函数
use ch02_activations::{forward, sigmoid};
// 第 3 章：MNIST 网络的输入和输出个数，一批数据的前向传播
use ch03_arrays::{INPUT_SIZE, OUTPUT_SIZE, forward_batch};
// ANCHOR_END: uses

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

kit::chapter!(demos::DEMOS, figures::FIGURES, quizzes = quiz::QUIZZES);

/// A network as ch02's [`forward`] takes it: one `(W, b)` per layer.
pub type Layers = Vec<(Array2<f64>, Array1<f64>)>;

/// The layer sizes of the MNIST network: 784 inputs (chapter 3's
/// `INPUT_SIZE`), 100 hidden neurons, 10 outputs (`OUTPUT_SIZE`).
pub const SIZES: [usize; 3] = [INPUT_SIZE, 100, OUTPUT_SIZE];

/// The standard deviation of the initial weights, as in the source book.
pub const WEIGHT_INIT_STD: f64 = 0.01;

/// The seed of the untrained network the chapter shows.
pub const SEED: u64 = 5;

/// The batch size of the chapter's inference, as in the source book.
pub const BATCH_SIZE: usize = 100;

/// Settings [`init_network`] cannot make a network from.
///
/// # Examples
///
/// ```
/// use ch05_data::{InitError, init_network};
///
/// let err = init_network(&[784, 100, 10], -1.0, 5).unwrap_err();
/// assert_eq!(err, InitError::WeightInitStd { weight_init_std: -1.0 });
/// assert_eq!(
///     err.to_string(),
///     "weight_init_std 必须是不小于 0 的有限数，实际是 -1"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InitError {
    /// Fewer than two layer sizes, or a size of 0.
    #[error("网络至少要有 2 个层的大小，而且都不能是 0；实际是 {sizes:?}")]
    Sizes {
        /// The sizes asked for.
        sizes: Vec<usize>,
    },
    /// A spread of the weights that is negative or not finite.
    #[error(
        "weight_init_std 必须是不小于 0 的有限数，实际是 {weight_init_std}"
    )]
    WeightInitStd {
        /// The spread asked for.
        weight_init_std: f64,
    },
}

/// A network with random weights, not trained: every weight drawn from a
/// normal distribution with mean 0 and standard deviation
/// `weight_init_std`, every bias 0 (the source book's `TwoLayerNet` starts
/// so, with `weight_init_std = 0.01`).
///
/// $W_{ij} \sim \mathcal{N}(0, \sigma^2)$, $b_j = 0$
///
/// The draws come from `ChaCha8Rng` seeded with `seed`: the same seed
/// gives the same network on every machine.
///
/// # Shapes
///
/// For `sizes = [n0, n1, ..., nL]`, layer `k` is `W`: `(n_k, n_{k+1})`,
/// `b`: `(n_{k+1},)`.
///
/// # Errors
///
/// [`InitError`] when there are fewer than 2 sizes, a size is 0, or
/// `weight_init_std` is negative or not finite.
///
/// # Examples
///
/// ```
/// use ch05_data::init_network;
///
/// let layers = init_network(&[784, 100, 10], 0.01, 5)?;
/// let shapes: Vec<_> = layers.iter().map(|(w, b)| (w.dim(), b.len())).collect();
/// assert_eq!(shapes, [((784, 100), 100), ((100, 10), 10)]);
/// assert_eq!(layers, init_network(&[784, 100, 10], 0.01, 5)?);
/// assert!(init_network(&[784], 0.01, 5).is_err());
/// # Ok::<(), ch05_data::InitError>(())
/// ```
// ANCHOR: init_network
pub fn init_network(
    sizes: &[usize],
    weight_init_std: f64,
    seed: u64,
) -> Result<Layers, InitError> {
    // 先检查设置：至少两层，每层至少一个神经元，标准差有限且不为负
    if sizes.len() < 2 || sizes.contains(&0) {
        let sizes = sizes.to_vec();
        return Err(InitError::Sizes { sizes });
    }
    let std_ok = weight_init_std.is_finite() && weight_init_std >= 0.0;
    let normal = Normal::new(0.0, weight_init_std)
        .ok()
        .filter(|_| std_ok)
        .ok_or(InitError::WeightInitStd { weight_init_std })?;
    // 每一层：W 取自均值 0、标准差 weight_init_std 的正态分布，b 全为 0
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let layers = sizes
        .windows(2)
        .map(|pair| {
            let w = Array2::from_shape_simple_fn((pair[0], pair[1]), || {
                normal.sample(&mut rng)
            });
            (w, Array1::zeros(pair[1]))
        })
        .collect();
    Ok(layers)
}
// ANCHOR_END: init_network

/// Why a network cannot predict the classes of a batch.
///
/// # Examples
///
/// ```
/// use ch05_data::{PredictError, init_network, predict_in_batches};
/// use ndarray::Array2;
///
/// let layers = init_network(&[4, 3, 2], 1.0, 0)?;
/// let x = Array2::zeros((5, 4));
/// let err = predict_in_batches(x.view(), &layers, 0).unwrap_err();
/// assert_eq!(err, PredictError::ZeroBatch);
/// assert_eq!(err.to_string(), "batch_size 至少是 1，实际是 0");
/// # Ok::<(), ch05_data::InitError>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PredictError {
    /// Batches of no rows.
    #[error("batch_size 至少是 1，实际是 0")]
    ZeroBatch,
    /// Chapter 2's `forward` failed: no layers, or shapes that do not fit.
    #[error("{0}")]
    Forward(String),
    /// Chapter 3's `forward_batch` failed: no layers, or shapes that do
    /// not fit.
    #[error(transparent)]
    Shape(#[from] ch03_arrays::ShapeError),
    /// A last layer of no neurons: there is no class to choose.
    #[error("网络的最后一层没有神经元，没有可选的类别")]
    NoOutputs,
    /// Chapter 4's `softmax_rows` refused an output that is not finite.
    #[error(transparent)]
    Softmax(#[from] ch04_output_layer::SoftmaxRowsError),
}

/// Chapter 2 reports a failed forward pass as a `String`.
impl From<String> for PredictError {
    fn from(e: String) -> Self {
        PredictError::Forward(e)
    }
}

/// The predicted class of every row of `x`: the network runs on
/// `batch_size` rows at a time (the last batch may be smaller), with
/// sigmoid hidden layers, and the largest output of each row wins.
///
/// No softmax is needed for the prediction: it keeps the order of the
/// outputs, so the largest stays the largest.
///
/// # Shapes
///
/// `x`: `(count, n0)` → `(count,)`.
///
/// # Errors
///
/// [`PredictError`] when `batch_size` is 0 or the shapes do not fit (see
/// ch03's [`forward_batch`]).
///
/// # Examples
///
/// ```
/// use ch05_data::{init_network, predict_in_batches};
/// use ndarray::Array2;
///
/// let layers = init_network(&[4, 3, 2], 1.0, 0)?;
/// let x = Array2::from_shape_fn((5, 4), |(i, j)| (i * j) as f64 / 10.0);
/// let p = predict_in_batches(x.view(), &layers, 2)?; // batches 2, 2, 1
/// assert_eq!(p.len(), 5);
/// assert!(p.iter().all(|&k| k < 2));
/// assert!(predict_in_batches(x.view(), &layers, 0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: predict_in_batches
pub fn predict_in_batches(
    x: ArrayView2<f64>,
    layers: &[(Array2<f64>, Array1<f64>)],
    batch_size: usize,
) -> Result<Array1<usize>, PredictError> {
    if batch_size == 0 {
        return Err(PredictError::ZeroBatch);
    }
    let mut p = Vec::with_capacity(x.nrows());
    for x_batch in x.axis_chunks_iter(Axis(0), batch_size) {
        let y_batch = forward_batch(x_batch, layers, sigmoid)?;
        let p_batch =
            argmax_rows(y_batch.view()).ok_or(PredictError::NoOutputs)?;
        p.extend(p_batch);
    }
    Ok(Array1::from(p))
}
// ANCHOR_END: predict_in_batches

/// The same predictions as [`predict_in_batches`], one row at a time with
/// ch02's [`forward`] and ch00's [`argmax`].
///
/// # Shapes
///
/// `x`: `(count, n0)` → `(count,)`.
///
/// # Errors
///
/// [`PredictError`] when the shapes do not fit (see [`forward`]).
///
/// # Examples
///
/// ```
/// use ch05_data::{init_network, predict_in_batches, predict_one_by_one};
/// use ndarray::Array2;
///
/// let layers = init_network(&[4, 3, 2], 1.0, 0)?;
/// let x = Array2::from_shape_fn((5, 4), |(i, j)| (i + j) as f64 / 10.0);
/// assert_eq!(
///     predict_one_by_one(x.view(), &layers)?,
///     predict_in_batches(x.view(), &layers, 100)?,
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: predict_one_by_one
pub fn predict_one_by_one(
    x: ArrayView2<f64>,
    layers: &[(Array2<f64>, Array1<f64>)],
) -> Result<Array1<usize>, PredictError> {
    let mut p = Vec::with_capacity(x.nrows());
    for xi in x.rows() {
        let y = forward(xi, layers, sigmoid)?;
        p.push(argmax(y.view()).ok_or(PredictError::NoOutputs)?);
    }
    Ok(Array1::from(p))
}
// ANCHOR_END: predict_one_by_one

/// Predictions and labels that cannot be scored against each other: their
/// counts differ, or there are none.
///
/// # Examples
///
/// ```
/// use ch05_data::{AccuracyError, accuracy};
/// use ndarray::array;
///
/// let err = accuracy(array![1].view(), array![1, 2].view()).unwrap_err();
/// assert_eq!(err, AccuracyError { predictions: 1, labels: 2 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "accuracy 要求预测和标签一样多，而且至少有一个；\
     实际是 {predictions} 个预测和 {labels} 个标签"
)]
pub struct AccuracyError {
    /// The length of `p`.
    pub predictions: usize,
    /// The length of `t`.
    pub labels: usize,
}

/// The share of predictions that match the labels: correct / count.
///
/// # Shapes
///
/// `p`, `t`: `(count,)`.
///
/// # Errors
///
/// [`AccuracyError`] when the lengths differ or there is nothing to score.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch05_data::accuracy;
/// use ndarray::array;
///
/// let acc = accuracy(array![1, 2, 3, 3].view(), array![1, 2, 0, 3].view())?;
/// assert_abs_diff_eq!(acc, 0.75);
/// assert!(accuracy(array![1].view(), array![1, 2].view()).is_err());
/// # Ok::<(), ch05_data::AccuracyError>(())
/// ```
// ANCHOR: accuracy
pub fn accuracy(
    p: ArrayView1<usize>,
    t: ArrayView1<usize>,
) -> Result<f64, AccuracyError> {
    if p.len() != t.len() || p.is_empty() {
        return Err(AccuracyError {
            predictions: p.len(),
            labels: t.len(),
        });
    }
    let correct = p.iter().zip(&t).filter(|(a, b)| a == b).count();
    Ok(correct as f64 / p.len() as f64)
}
// ANCHOR_END: accuracy

/// How many predictions fall on each digit: `counts[k]` predictions are
/// `k`. A prediction of 10 or more is no digit and is not counted.
///
/// # Shapes
///
/// `p`: `(count,)`.
///
/// # Examples
///
/// ```
/// use ch05_data::prediction_counts;
/// use ndarray::array;
///
/// let counts = prediction_counts(array![5, 5, 0, 5].view());
/// assert_eq!(counts, [1, 0, 0, 0, 0, 3, 0, 0, 0, 0]);
/// ```
pub fn prediction_counts(p: ArrayView1<usize>) -> [usize; mnist::CLASSES] {
    let mut counts = [0; mnist::CLASSES];
    for &k in p {
        if let Some(n) = counts.get_mut(k) {
            *n += 1;
        }
    }
    counts
}

/// The untrained network of this chapter: 784-100-10, weights drawn with
/// standard deviation [`WEIGHT_INIT_STD`] from seed [`SEED`].
///
/// # Examples
///
/// ```
/// let layers = ch05_data::untrained_network();
/// assert_eq!(layers[0].0.dim(), (784, 100));
/// ```
pub fn untrained_network() -> Layers {
    // SIZES, WEIGHT_INIT_STD and SEED are valid constants.
    init_network(&SIZES, WEIGHT_INIT_STD, SEED)
        .expect("the chapter's constants make a valid network")
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::array;

    use crate::mnist::bundled;

    #[test]
    fn the_untrained_network_scores_about_chance() {
        let mnist = bundled().unwrap();
        let (x, t) = (mnist.test.x(true), mnist.test.t());
        let p =
            predict_in_batches(x.view(), &untrained_network(), 100).unwrap();
        let acc = accuracy(p.view(), t.view()).unwrap();
        assert!((0.05..=0.15).contains(&acc), "accuracy {acc}");
    }

    /// The page's explanation: with tiny weights every hidden neuron
    /// gives about 0.5, so the output is about 0.5 times each column sum
    /// of W2, whatever the image; the largest column (5) wins nearly always.
    #[test]
    fn the_untrained_network_answers_with_its_largest_column() {
        let layers = untrained_network();
        let col_sums = layers[1].0.sum_axis(Axis(0));
        assert_eq!(argmax(col_sums.view()), Some(5));
        let mnist = bundled().unwrap();
        let x = mnist.test.x(true);
        let y = forward_batch(x.view(), &layers, sigmoid).unwrap();
        for row in y.rows() {
            assert_abs_diff_eq!(row, 0.5 * &col_sums, epsilon = 0.02);
        }
        let p = predict_in_batches(x.view(), &layers, 100).unwrap();
        assert_eq!(prediction_counts(p.view())[5], 9907);
    }

    /// One image at a time is slow in a test build: the first 1000 test
    /// images show that both ways give the same predictions (the
    /// pre-trained network's test checks all 10,000), and so do batches
    /// of 64, which do not divide 1000.
    #[test]
    fn batched_and_one_at_a_time_predictions_agree() {
        let mnist = bundled().unwrap();
        let x = mnist.test.x(true);
        let head = x.slice(ndarray::s![..1000, ..]);
        for std in [0.01, 1.0] {
            let layers = init_network(&SIZES, std, 1).unwrap();
            let batched = predict_in_batches(head, &layers, 100).unwrap();
            let single = predict_one_by_one(head, &layers).unwrap();
            assert_eq!(batched, single, "std {std}");
            let odd = predict_in_batches(head, &layers, 64).unwrap();
            assert_eq!(odd, batched);
        }
    }

    #[test]
    fn predicting_with_a_broken_network_is_an_error() {
        let x = Array2::zeros((3, 4));
        let wrong = init_network(&[5, 2], 1.0, 0).unwrap();
        let err = predict_in_batches(x.view(), &wrong, 2).unwrap_err();
        assert!(matches!(err, PredictError::Shape(_)), "{err}");
        let err = predict_one_by_one(x.view(), &wrong).unwrap_err();
        assert!(matches!(err, PredictError::Forward(_)), "{err}");
        let silent = vec![(Array2::zeros((4, 0)), Array1::zeros(0))];
        let err = predict_in_batches(x.view(), &silent, 2).unwrap_err();
        assert_eq!(err, PredictError::NoOutputs);
        let err = predict_one_by_one(x.view(), &silent).unwrap_err();
        assert_eq!(err, PredictError::NoOutputs);
    }

    #[test]
    fn init_network_draws_the_right_spread() {
        let layers = init_network(&SIZES, 0.01, 0).unwrap();
        let w = &layers[0].0;
        let n = w.len() as f64;
        let mean = w.sum() / n;
        let std = (w.mapv(|v| (v - mean).powi(2)).sum() / n).sqrt();
        assert_abs_diff_eq!(mean, 0.0, epsilon = 1e-4);
        assert_abs_diff_eq!(std, 0.01, epsilon = 2e-4);
        assert!(layers.iter().all(|(_, b)| b.iter().all(|&v| v == 0.0)));
        assert_ne!(layers, init_network(&SIZES, 0.01, 1).unwrap());
    }

    #[test]
    fn init_network_rejects_bad_settings() {
        assert!(init_network(&[], 0.01, 0).is_err());
        let err = init_network(&[3, 0, 2], 0.01, 0).unwrap_err();
        assert!(err.to_string().contains("[3, 0, 2]"), "{err}");
        for std in [-1.0, f64::NAN, f64::INFINITY] {
            let err = init_network(&[2, 2], std, 0).unwrap_err();
            assert!(err.to_string().contains("weight_init_std"), "{err}");
        }
    }

    #[test]
    fn accuracy_counts_matches() {
        let acc =
            accuracy(array![0, 1, 2, 3].view(), array![0, 1, 0, 0].view())
                .unwrap();
        assert_abs_diff_eq!(acc, 0.5);
        assert!(
            accuracy(Array1::zeros(0).view(), Array1::zeros(0).view()).is_err()
        );
    }

    #[test]
    fn prediction_counts_skip_what_is_no_digit() {
        let counts = prediction_counts(array![0, 9, 10, 42, 9].view());
        assert_eq!(counts, [1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    }
}

kit::chapter_tests!(CHAPTER);
