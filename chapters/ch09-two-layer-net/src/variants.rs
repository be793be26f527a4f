//! Variants of the book's network, trained and measured the same way: a
//! ReLU hidden layer in place of sigmoid ([`Hidden`]), a wider hidden
//! layer, more iterations. [`fit`] is [`crate::train`]'s loop with the
//! hidden layer's activation as a setting, and it measures loss and
//! accuracy on all the training data and on a check set (validation or
//! test data) at chosen iterations: what the overfitting and the variants
//! sections plot and print.

use ch02_activations::relu;
use ndarray::{Array1, Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::network::{Gradients, NetError, TwoLayerNet};
use crate::numerical::multiply_adds_per_forward_pass;
use crate::training::{
    DataSet, TrainConfig, TrainError, check_config, not_finite,
};
use crate::{
    affine_batch, argmax_rows, cross_entropy_error_batch, matmul,
    sample_with_replacement, sigmoid, softmax_rows, take_rows,
};

/// The hidden layer's activation function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Chapter 2's sigmoid, the book's network.
    Sigmoid,
    /// Chapter 2's ReLU.
    Relu,
}

impl Hidden {
    /// The activation, element by element: chapter 2's `sigmoid` or
    /// `relu`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::variants::Hidden;
    /// use ndarray::array;
    ///
    /// let a = array![[-2.0, 0.0, 3.0]];
    /// assert_eq!(Hidden::Relu.apply(&a), array![[0.0, 0.0, 3.0]]);
    /// assert_eq!(Hidden::Sigmoid.apply(&a)[[0, 1]], 0.5);
    /// ```
    pub fn apply(self, a: &Array2<f64>) -> Array2<f64> {
        match self {
            Hidden::Sigmoid => sigmoid(a),
            Hidden::Relu => relu(a),
        }
    }

    /// The derivative $h'(a)$ at one input `a`: $\sigma(a)(1 - \sigma(a))$
    /// for sigmoid, at most 0.25; for ReLU 1 where $a > 0$, else 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::variants::Hidden;
    ///
    /// assert_eq!(Hidden::Sigmoid.derivative(0.0), 0.25);
    /// assert_eq!(Hidden::Relu.derivative(2.0), 1.0);
    /// assert_eq!(Hidden::Relu.derivative(-2.0), 0.0);
    /// ```
    // ANCHOR: derivative
    pub fn derivative(self, a: f64) -> f64 {
        match self {
            // σ'(a) = σ(a) (1 - σ(a))，在 a = 0 处最大，为 0.25
            Hidden::Sigmoid => {
                let z = 1.0 / (1.0 + (-a).exp());
                z * (1.0 - z)
            }
            // ReLU：输入大于 0 时导数为 1，否则为 0
            Hidden::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
    // ANCHOR_END: derivative

    /// The name the outputs print.
    pub fn name(self) -> &'static str {
        match self {
            Hidden::Sigmoid => "sigmoid",
            Hidden::Relu => "ReLU",
        }
    }
}

/// The class probabilities of a batch with `hidden` in the hidden layer.
///
/// # Shapes
///
/// `x`: `(n, input_size)` → `(n, output_size)`.
///
/// # Errors
///
/// When `x` does not fit the network or a score is not finite.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::TwoLayerNet;
/// use ch09_two_layer_net::variants::{Hidden, predict};
/// use ndarray::Array2;
///
/// let net = TwoLayerNet::mnist(5, 1)?;
/// let x = Array2::zeros((2, 784));
/// assert_eq!(predict(&net, Hidden::Sigmoid, x.view())?, net.predict(x.view())?);
/// # Ok::<(), ch09_two_layer_net::NetError>(())
/// ```
pub fn predict(
    net: &TwoLayerNet,
    hidden: Hidden,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NetError> {
    let a1 = affine_batch(x, net.w1.view(), net.b1.view())?;
    let z1 = hidden.apply(&a1);
    let a2 = affine_batch(z1.view(), net.w2.view(), net.b2.view())?;
    Ok(softmax_rows(a2.view())?)
}

/// The predicted class of each row of `x`: the most probable one.
///
/// # Shapes
///
/// `x`: `(n, input_size)`, n > 0 → `(n,)`.
///
/// # Errors
///
/// When `x` does not fit the network or holds no rows.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::TwoLayerNet;
/// use ch09_two_layer_net::variants::{Hidden, classify};
/// use ndarray::Array2;
///
/// let net = TwoLayerNet::mnist(5, 1)?;
/// let p = classify(&net, Hidden::Sigmoid, Array2::zeros((3, 784)).view())?;
/// assert_eq!(p.len(), 3);
/// # Ok::<(), ch09_two_layer_net::NetError>(())
/// ```
pub fn classify(
    net: &TwoLayerNet,
    hidden: Hidden,
    x: ArrayView2<f64>,
) -> Result<Array1<usize>, NetError> {
    let y = predict(net, hidden, x)?;
    argmax_rows(y.view()).ok_or(NetError::EmptyBatch)
}

/// Backpropagation with `hidden` in the hidden layer: chapter 9's
/// [`TwoLayerNet::gradient`] with the hidden layer's local derivative
/// [`Hidden::derivative`] in place of $z(1 - z)$ (exercise 2 derives the
/// ReLU case).
///
/// # Shapes
///
/// As [`TwoLayerNet::gradient`].
///
/// # Errors
///
/// When the shapes do not fit or a score is not finite.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::TwoLayerNet;
/// use ch09_two_layer_net::variants::{Hidden, gradient};
/// use ndarray::array;
///
/// let net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
/// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
/// let g = gradient(&net, Hidden::Sigmoid, x.view(), t.view())?;
/// approx::assert_abs_diff_eq!(g.w1, net.gradient(x.view(), t.view())?.w1, epsilon = 1e-15);
/// # Ok::<(), ch09_two_layer_net::NetError>(())
/// ```
pub fn gradient(
    net: &TwoLayerNet,
    hidden: Hidden,
    x: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<Gradients, NetError> {
    net.check_batch(x, t)?;
    let a1 = affine_batch(x, net.w1.view(), net.b1.view())?;
    let z1 = hidden.apply(&a1);
    let a2 = affine_batch(z1.view(), net.w2.view(), net.b2.view())?;
    let y = softmax_rows(a2.view())?;
    let da2 = (&y - &t) / x.nrows() as f64;
    let w2 = matmul(z1.t(), da2.view())?;
    let b2 = da2.sum_axis(Axis(0));
    let dz1 = matmul(da2.view(), net.w2.t())?;
    let local = match hidden {
        // the same numbers as TwoLayerNet::gradient: z (1 - z) from z
        Hidden::Sigmoid => z1.mapv(|z| z * (1.0 - z)),
        Hidden::Relu => a1.mapv(|a| hidden.derivative(a)),
    };
    let da1 = dz1 * &local;
    let w1 = matmul(x.t(), da1.view())?;
    let b1 = da1.sum_axis(Axis(0));
    Ok(Gradients { w1, b1, w2, b2 })
}

/// The loss and the accuracy of `net` on all of `data`.
///
/// # Errors
///
/// When the data does not fit the network or a score is not finite.
pub fn measure(
    net: &TwoLayerNet,
    hidden: Hidden,
    data: DataSet,
) -> Result<(f64, f64), NetError> {
    let y = predict(net, hidden, data.x)?;
    let loss = cross_entropy_error_batch(y.view(), data.t)?;
    let p = argmax_rows(y.view()).ok_or(NetError::EmptyBatch)?;
    let acc = ch05_data::accuracy(p.view(), data.labels)?;
    Ok((loss, acc))
}

/// What [`fit`] recorded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Curves {
    /// The mini-batch loss after every iteration, as [`crate::History`].
    pub batch_loss: Vec<f64>,
    /// The iterations after which the rest was measured.
    pub checkpoints: Vec<usize>,
    /// Loss on all the training data at each checkpoint.
    pub train_loss: Vec<f64>,
    /// Accuracy on all the training data at each checkpoint.
    pub train_acc: Vec<f64>,
    /// Loss on the check data (validation or test) at each checkpoint.
    pub check_loss: Vec<f64>,
    /// Accuracy on the check data at each checkpoint.
    pub check_acc: Vec<f64>,
}

/// Trains as [`crate::train`] does (the same initial weights, the same
/// batches for the same seed), with `hidden` in the hidden layer, and
/// measures loss and accuracy on all of `train` and all of `check` after
/// iterations 0, `every`, `2 every`, ... (as [`crate::train`] measures
/// accuracy once per epoch), and after the last one.
///
/// # Errors
///
/// As [`crate::train`]: unusable settings, data that does not fit, a loss
/// that is not finite.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::{DataSet, TrainConfig};
/// use ch09_two_layer_net::variants::{Hidden, fit};
/// use ndarray::{Array1, Array2};
///
/// let x = Array2::from_elem((20, 784), 0.5);
/// let labels = Array1::from_iter((0..20).map(|i| i % 10));
/// let mut t = Array2::zeros((20, 10));
/// for (i, &k) in labels.iter().enumerate() {
///     t[[i, k]] = 1.0;
/// }
/// let data = DataSet { x: x.view(), t: t.view(), labels: labels.view() };
/// let config = TrainConfig { iters: 5, batch_size: 5, ..TrainConfig::default() };
/// let (_, curves) = fit(&config, Hidden::Relu, data, data, 2)?;
/// assert_eq!(curves.checkpoints, [0, 2, 4]);
/// # Ok::<(), ch09_two_layer_net::TrainError>(())
/// ```
pub fn fit(
    config: &TrainConfig,
    hidden: Hidden,
    train: DataSet,
    check: DataSet,
    every: usize,
) -> Result<(TwoLayerNet, Curves), TrainError> {
    let train_size = train.x.nrows();
    check_config(config, train_size)?;
    let mut net = TwoLayerNet::mnist(config.hidden_size, config.seed)?;
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    rng.set_stream(1); // as train: batches from stream 1
    let mut curves = Curves::default();
    for iter in 0..config.iters {
        let diverged = |e| not_finite(e, iter, config.lr);
        let batch =
            sample_with_replacement(&mut rng, train_size, config.batch_size)?;
        let x_batch = take_rows(&train.x, &batch);
        let t_batch = take_rows(&train.t, &batch);
        let grads = gradient(&net, hidden, x_batch.view(), t_batch.view())
            .map_err(diverged)?;
        net.step(&grads, config.lr);
        let y = predict(&net, hidden, x_batch.view()).map_err(diverged)?;
        let loss = cross_entropy_error_batch(y.view(), t_batch.view())
            .map_err(|e| diverged(e.into()))?;
        curves.batch_loss.push(loss);
        if iter % every.max(1) == 0 || iter + 1 == config.iters {
            let (train_loss, train_acc) =
                measure(&net, hidden, train).map_err(diverged)?;
            let (check_loss, check_acc) =
                measure(&net, hidden, check).map_err(diverged)?;
            curves.checkpoints.push(iter);
            curves.train_loss.push(train_loss);
            curves.train_acc.push(train_acc);
            curves.check_loss.push(check_loss);
            curves.check_acc.push(check_acc);
        }
    }
    Ok((net, curves))
}

/// Multiply-adds to classify one image with a 784-`hidden_size`-10
/// network: its forward pass for a batch of one.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::variants::network_cost_per_image;
///
/// assert_eq!(network_cost_per_image(50), 784 * 50 + 50 * 10);
/// ```
pub fn network_cost_per_image(hidden_size: usize) -> usize {
    multiply_adds_per_forward_pass(
        1,
        crate::INPUT_SIZE,
        hidden_size,
        crate::OUTPUT_SIZE,
    )
}

/// Multiply-adds to classify one image by chapter 5's nearest neighbour
/// among `train_size` training images: one product of the image with
/// every training image (chapter 5's `nearest_rows` expands the squared
/// distance into such products).
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::variants::nearest_neighbour_cost_per_image;
///
/// assert_eq!(nearest_neighbour_cost_per_image(5000), 5000 * 784);
/// ```
pub fn nearest_neighbour_cost_per_image(train_size: usize) -> usize {
    train_size * crate::INPUT_SIZE
}

/// One variant of the book's run: what changes, and its settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variant {
    /// The hidden layer's activation.
    pub hidden: Hidden,
    /// The settings; the rest as [`TrainConfig::default`].
    pub config: TrainConfig,
}

/// Checkpoints of the variants' runs: every this many iterations.
pub const VARIANT_EVERY: usize = 500;

/// The variants the page compares with the book's run, one change each:
/// ReLU, a hidden layer twice as wide, twice the iterations.
pub fn variants() -> [Variant; 3] {
    let base = TrainConfig::default();
    [
        Variant {
            hidden: Hidden::Relu,
            config: base,
        },
        Variant {
            hidden: Hidden::Sigmoid,
            config: TrainConfig {
                hidden_size: 2 * base.hidden_size,
                ..base
            },
        },
        Variant {
            hidden: Hidden::Sigmoid,
            config: TrainConfig {
                iters: 2 * base.iters,
                ..base
            },
        },
    ]
}

/// The [`variants`] trained on the bundled data, checked on the test
/// data every [`VARIANT_EVERY`] iterations; trained once per program, the
/// three side by side.
///
/// # Errors
///
/// When the bundled data cannot be read or a run fails.
pub fn book_variants()
-> kit::Result<&'static Vec<(Variant, TwoLayerNet, Curves)>> {
    type Runs = Vec<(Variant, TwoLayerNet, Curves)>;
    static RUNS: std::sync::OnceLock<Result<Runs, String>> =
        std::sync::OnceLock::new();
    crate::training::once(&RUNS, || {
        let (tr, te) = crate::bundled()?;
        // 三次训练互不相干：各用一个线程，同时跑
        let fits = variants().map(|v| {
            move || {
                let (train, check) = (tr.view(), te.view());
                fit(&v.config, v.hidden, train, check, VARIANT_EVERY)
                    .map(|(net, curves)| (v, net, curves))
            }
        });
        kit::side_by_side(fits)
            .into_iter()
            .map(|run| run.map_err(Into::into))
            .collect()
    })
}

/// The mean of each window of `width` consecutive values, the window
/// ending at each position (shorter at the start): a noisy curve made
/// readable.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::variants::moving_average;
///
/// assert_eq!(moving_average(&[1.0, 3.0, 5.0, 7.0], 2), [1.0, 2.0, 4.0, 6.0]);
/// ```
pub fn moving_average(values: &[f64], width: usize) -> Vec<f64> {
    (0..values.len())
        .map(|i| {
            let window = &values[(i + 1).saturating_sub(width.max(1))..=i];
            window.iter().sum::<f64>() / window.len() as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{bundled, train};

    #[test]
    fn sigmoid_derivative_peaks_at_a_quarter_and_relu_is_a_step() {
        let s = Hidden::Sigmoid;
        assert_eq!(s.derivative(0.0), 0.25);
        for a in [-6.0, -1.0, -0.1, 0.1, 1.0, 6.0] {
            assert!(s.derivative(a) < 0.25, "{a}");
        }
        assert!(s.derivative(10.0) < 5e-5);
        let r = Hidden::Relu;
        assert_eq!(
            [-1.0, 0.0, 1e-9, 5.0].map(|a| r.derivative(a)),
            [0.0, 0.0, 1.0, 1.0]
        );
    }

    #[test]
    fn fit_with_sigmoid_is_the_books_train() {
        let (tr, te) = bundled().unwrap();
        let config = TrainConfig {
            iters: 10,
            ..TrainConfig::default()
        };
        let (net, history) =
            train(&config, tr.view(), te.view(), |_| {}).unwrap();
        let (net2, curves) =
            fit(&config, Hidden::Sigmoid, tr.view(), te.view(), 5).unwrap();
        assert_eq!(net, net2);
        assert_eq!(history.loss, curves.batch_loss);
        assert_eq!(curves.checkpoints, [0, 5, 9]);
        assert_eq!(history.test_acc[0], curves.check_acc[0]);
    }

    #[test]
    fn relu_gradient_is_exercise_2s() {
        let (tr, _) = bundled().unwrap();
        let (x, t) = tr.head(5);
        let net = TwoLayerNet::new(784, 8, 10, 0.1, 3).unwrap();
        let g = gradient(&net, Hidden::Relu, x, t).unwrap();
        let e = crate::exercises::relu_gradient(&net, x, t).unwrap();
        assert_eq!(g, e);
    }
}
