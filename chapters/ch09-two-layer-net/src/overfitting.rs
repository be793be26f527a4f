//! Overfitting, measured: a small training set and a validation set
//! carved from the training data, and the iteration early stopping would
//! keep.

use std::sync::OnceLock;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use ch07_minibatch::{BatchError, sample_without_replacement};

use crate::network::TwoLayerNet;
use crate::training::{DataArrays, TrainConfig};
use crate::variants::{Curves, Hidden, fit};
use crate::{take_rows, training};

/// Training images of the overfitting run: a few hundred.
pub const SMALL_TRAIN: usize = 300;
/// Validation images carved from the training data.
pub const VALIDATION: usize = 1000;
/// The seed that picks which training images go where.
pub const SPLIT_SEED: u64 = 9;

/// The overfitting run's settings: the book's, 1500 iterations (500
/// epochs of [`SMALL_TRAIN`] images), with the ReLU hidden layer, which
/// learns (and memorises) faster.
pub fn config() -> TrainConfig {
    TrainConfig {
        iters: 1500,
        ..TrainConfig::default()
    }
}

/// The overfitting run's hidden layer.
pub const HIDDEN: Hidden = Hidden::Relu;

/// Checkpoints of the overfitting run: every this many iterations.
pub const EVERY: usize = 25;

/// The overfitting run: [`config`] on [`book_split`], loss and accuracy
/// on both parts every [`EVERY`] iterations; trained once per program.
///
/// # Errors
///
/// When the bundled data cannot be read or training fails.
pub fn book_overfit() -> kit::Result<&'static (TwoLayerNet, Curves)> {
    static RUN: OnceLock<Result<(TwoLayerNet, Curves), String>> =
        OnceLock::new();
    crate::training::once(&RUN, || {
        let (small, validation) = book_split()?;
        Ok(fit(
            &config(),
            HIDDEN,
            small.view(),
            validation.view(),
            EVERY,
        )?)
    })
}

/// Carves two disjoint parts out of `data`, chosen at random (seeded):
/// `train_size` rows to train on and `validation_size` rows to check on.
/// The test data is left out of it.
///
/// # Errors
///
/// When `data` holds fewer than `train_size + validation_size` rows.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::overfitting::split;
///
/// let (train, _) = ch09_two_layer_net::bundled()?;
/// let (small, val) = split(train, 300, 1000, 9)?;
/// assert_eq!((small.x.nrows(), val.x.nrows()), (300, 1000));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: split
pub fn split(
    data: &DataArrays,
    train_size: usize,
    validation_size: usize,
    seed: u64,
) -> Result<(DataArrays, DataArrays), BatchError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = data.x.nrows();
    // 打乱后取前 train_size + validation_size 个位置，每张图像最多用一次
    let order =
        sample_without_replacement(&mut rng, n, train_size + validation_size)?;
    let (train_rows, validation_rows) = order.split_at(train_size);
    let part = |rows: &[usize]| DataArrays {
        x: take_rows(&data.x, rows),
        t: take_rows(&data.t, rows),
        labels: take_rows(&data.labels, rows),
    };
    Ok((part(train_rows), part(validation_rows)))
}
// ANCHOR_END: split

/// Early stopping's pick: the position of the lowest validation loss
/// (the first, if it occurs twice), or `None` for an empty curve.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::overfitting::early_stopping_pick;
///
/// assert_eq!(early_stopping_pick(&[2.3, 0.9, 0.7, 0.8, 1.1]), Some(2));
/// assert_eq!(early_stopping_pick(&[]), None);
/// ```
// ANCHOR: early_stopping_pick
pub fn early_stopping_pick(validation_loss: &[f64]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (k, &loss) in validation_loss.iter().enumerate() {
        if best.is_none_or(|b| loss < validation_loss[b]) {
            best = Some(k);
        }
    }
    best
}
// ANCHOR_END: early_stopping_pick

/// The bundled training data split as the overfitting run uses it.
///
/// # Errors
///
/// When the bundled data cannot be read.
pub fn book_split() -> kit::Result<(DataArrays, DataArrays)> {
    let (train, _) = training::bundled()?;
    Ok(split(train, SMALL_TRAIN, VALIDATION, SPLIT_SEED)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_stopping_picks_the_first_lowest_validation_loss() {
        let curve = [2.3, 1.0, 0.6, 0.6, 0.7, 0.9, 1.4];
        assert_eq!(early_stopping_pick(&curve), Some(2));
        assert_eq!(early_stopping_pick(&[0.5]), Some(0));
        // a curve that only falls: the last point
        assert_eq!(early_stopping_pick(&[3.0, 2.0, 1.0]), Some(2));
    }

    #[test]
    fn the_split_is_disjoint_and_seeded() {
        let (train, _) = training::bundled().unwrap();
        let (a, b) = split(train, 30, 50, 1).unwrap();
        assert_eq!(split(train, 30, 50, 1).unwrap(), (a.clone(), b.clone()));
        // no training image is also a validation image
        for row in a.x.rows() {
            assert!(b.x.rows().into_iter().all(|r| r != row));
        }
        assert!(split(train, 4000, 1001, 1).is_err());
    }
}
