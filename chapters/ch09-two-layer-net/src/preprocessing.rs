//! Preprocessing: why pixels are divided by 255. The same network on
//! the raw values 0 to 255 gets first-layer inputs 255 times larger, and
//! its sigmoid hidden layer saturates.

use std::sync::OnceLock;

use ch05_data::MnistSet;
use ndarray::ArrayView2;

use crate::affine_batch;
use crate::network::{NetError, TwoLayerNet};
use crate::training::{DataArrays, TrainConfig};
use crate::variants::{Curves, Hidden, fit};

/// A [`DataArrays`] with the pixels left as they are stored, 0 to 255
/// (chapter 5's `x(false)`).
///
/// # Examples
///
/// ```
/// let mnist = ch05_data::mnist::bundled()?;
/// let raw = ch09_two_layer_net::preprocessing::unscaled(&mnist.test);
/// assert_eq!(raw.x.fold(0.0, |m: f64, &v| m.max(v)), 255.0);
/// # Ok::<(), ch05_data::DataError>(())
/// ```
pub fn unscaled(set: &MnistSet) -> DataArrays {
    DataArrays {
        x: set.x(false),
        t: set.t_one_hot(),
        labels: set.t(),
    }
}

/// The derivative below which a sigmoid unit counts as saturated: its
/// gradient is cut to less than a twenty-fifth of the largest, 0.25.
pub const SATURATED: f64 = 0.01;

/// What the hidden layer sees for a batch: the mean of $|a|$ over every
/// first-layer input $a$ of $A^{(1)} = X W^{(1)} + b^{(1)}$, and the share
/// of them where sigmoid's derivative is below [`SATURATED`].
///
/// # Errors
///
/// When `x` does not fit the network.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::TwoLayerNet;
/// use ch09_two_layer_net::preprocessing::hidden_inputs;
/// use ndarray::Array2;
///
/// let net = TwoLayerNet::mnist(50, 1)?;
/// let (mean_abs, saturated) = hidden_inputs(&net, Array2::zeros((2, 784)).view())?;
/// assert_eq!((mean_abs, saturated), (0.0, 0.0)); // a = b = 0: σ'(0) = 0.25
/// # Ok::<(), ch09_two_layer_net::NetError>(())
/// ```
// ANCHOR: hidden_inputs
pub fn hidden_inputs(
    net: &TwoLayerNet,
    x: ArrayView2<f64>,
) -> Result<(f64, f64), NetError> {
    let a1 = affine_batch(x, net.w1.view(), net.b1.view())?;
    let n = a1.len() as f64;
    let mean_abs = a1.iter().map(|a| a.abs()).sum::<f64>() / n;
    let saturated = a1
        .iter()
        .filter(|&&a| Hidden::Sigmoid.derivative(a) < SATURATED)
        .count() as f64
        / n;
    Ok((mean_abs, saturated))
}
// ANCHOR_END: hidden_inputs

/// Checkpoints of the raw-pixel run: every this many iterations.
pub const RAW_EVERY: usize = 500;

/// The book's run on the raw pixels: [`TrainConfig::default`], the
/// bundled data with pixels 0 to 255; trained once per program.
///
/// # Errors
///
/// When the bundled data cannot be read or training fails.
pub fn raw_run() -> kit::Result<&'static (TwoLayerNet, Curves)> {
    static RUN: OnceLock<Result<(TwoLayerNet, Curves), String>> =
        OnceLock::new();
    crate::training::once(&RUN, || {
        let mnist = ch05_data::mnist::bundled()?;
        let (train, test) = (unscaled(&mnist.train), unscaled(&mnist.test));
        let config = TrainConfig::default();
        Ok(fit(
            &config,
            Hidden::Sigmoid,
            train.view(),
            test.view(),
            RAW_EVERY,
        )?)
    })
}
