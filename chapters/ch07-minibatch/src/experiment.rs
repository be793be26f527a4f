//! The measurement of section 7.4, which the `spread` demo and figure
//! both show: two untrained networks, the loss of every bundled training
//! image under each, and how far batch losses stray from the full loss.

use std::sync::OnceLock;

use ch05_data::{DataError, InitError, SIZES, WEIGHT_INIT_STD, init_network};
use ndarray::Array1;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::{
    BatchError, BatchLossError, SEED, batch_loss_estimates, mean_std,
    training_losses,
};

/// Batch sizes of the `spread` demo and figure.
pub(crate) const SPREAD_BATCH_SIZES: [usize; 7] =
    [1, 3, 10, 30, 100, 300, 1000];

/// How many batches of each size the `spread` demo and figure draw.
pub(crate) const DRAWS: usize = 1000;

// measure() takes the mean of DRAWS estimates: there must be some.
const _: () = assert!(DRAWS > 0);

/// What can stop the measurement: the data, a network, a loss, a batch.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum SpreadError {
    /// The bundled data cannot be read.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A network cannot be made.
    #[error(transparent)]
    Init(#[from] InitError),
    /// The per-sample losses cannot be computed.
    #[error(transparent)]
    Loss(#[from] BatchLossError),
    /// A batch cannot be drawn.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// There are no per-sample losses to measure.
    #[error("没有损失，量不出它们的分散程度")]
    NoLosses,
}

/// The spread of the weights of the second network: its hidden layer
/// answers to the input, so its losses differ much more from image to
/// image than those of the chapter 5 network (`WEIGHT_INIT_STD`).
pub(crate) const WIDE_STD: f64 = 1.0;

/// Each network's spread of weights, and the loss of every training image
/// under it.
pub(crate) type NamedLosses = [(f64, Array1<f64>); 2];

/// The per-sample training losses of the two untrained networks, both from
/// chapter 5's seed: the chapter 5 network (weights of spread
/// `WEIGHT_INIT_STD`) and one of spread [`WIDE_STD`]. Computed on the
/// first call and kept: three demos and the figure use them. (They are
/// the same on every call, so keeping them changes no output.)
pub(crate) fn both_losses() -> Result<&'static NamedLosses, SpreadError> {
    static LOSSES: OnceLock<Result<NamedLosses, SpreadError>> = OnceLock::new();
    let computed = LOSSES.get_or_init(|| {
        let mnist = ch05_data::mnist::bundled()?;
        let losses = |std: f64| -> Result<_, SpreadError> {
            let layers = init_network(&SIZES, std, ch05_data::SEED)?;
            Ok((std, training_losses(&mnist.train, &layers)?))
        };
        Ok([losses(WEIGHT_INIT_STD)?, losses(WIDE_STD)?])
    });
    computed.as_ref().map_err(Clone::clone)
}

/// What the measurement finds for one network.
pub(crate) struct Spread {
    /// The full loss: the mean of the per-sample losses.
    pub(crate) full: f64,
    /// The standard deviation of the per-sample losses.
    pub(crate) loss_sd: f64,
    /// For each of [`SPREAD_BATCH_SIZES`]: the batch size, and the mean
    /// and standard deviation of [`DRAWS`] batch losses.
    pub(crate) rows: Vec<(usize, f64, f64)>,
}

/// Measures [`Spread`] from the per-sample `losses`, seeded with [`SEED`].
pub(crate) fn measure(losses: &Array1<f64>) -> Result<Spread, SpreadError> {
    let all = losses.to_vec();
    let (full, loss_sd) = mean_std(&all).ok_or(SpreadError::NoLosses)?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut rows = Vec::new();
    for n in SPREAD_BATCH_SIZES {
        let est = batch_loss_estimates(&mut rng, losses.view(), n, DRAWS)?;
        // DRAWS > 0 estimates, checked at compile time above
        let (mean, sd) = mean_std(&est).expect("DRAWS > 0 estimates");
        rows.push((n, mean, sd));
    }
    Ok(Spread {
        full,
        loss_sd,
        rows,
    })
}
