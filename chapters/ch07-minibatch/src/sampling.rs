//! Drawing mini-batches: which rows of the training data go into a batch.

use ndarray::{Array, ArrayBase, Axis, Data, RemoveAxis};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Why a batch cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// A batch of zero rows.
    #[error("批大小至少是 1，实际是 0")]
    ZeroBatch,
    /// No data to draw from.
    #[error("数据是空的（0 行），抽不出一批")]
    NoData,
    /// Without replacement, a batch cannot hold more rows than the data has.
    #[error(
        "批大小 {batch_size} 超过了数据的行数（{data_size} 行）：\
         无放回抽样时每一行最多抽到一次；请减小批大小，或改用有放回抽样"
    )]
    TooLarge {
        /// Rows asked for.
        batch_size: usize,
        /// Rows in the data.
        data_size: usize,
    },
}

/// The signature the two batch samplers share: from `(rng, data_size,
/// batch_size)` to the row indices of one batch.
// ANCHOR: sampler
pub type Sampler =
    fn(&mut ChaCha8Rng, usize, usize) -> Result<Vec<usize>, BatchError>;
// ANCHOR_END: sampler

/// The checks every sampler makes first.
fn check(data_size: usize, batch_size: usize) -> Result<(), BatchError> {
    if batch_size == 0 {
        return Err(BatchError::ZeroBatch);
    }
    if data_size == 0 {
        return Err(BatchError::NoData);
    }
    Ok(())
}

/// `batch_size` row indices drawn uniformly from `0..data_size`, each draw
/// independent, so a row may appear twice: NumPy's
/// `np.random.choice(train_size, batch_size)`, which the notes and the
/// source book use.
///
/// # Errors
///
/// [`BatchError`] when `batch_size` is 0 or `data_size` is 0.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::sample_with_replacement;
/// use rand::SeedableRng;
/// use rand_chacha::ChaCha8Rng;
///
/// let mut rng = ChaCha8Rng::seed_from_u64(0);
/// let batch = sample_with_replacement(&mut rng, 60_000, 10)?;
/// assert_eq!(batch.len(), 10);
/// assert!(batch.iter().all(|&i| i < 60_000));
/// // a batch may even be larger than the data
/// assert_eq!(sample_with_replacement(&mut rng, 3, 5)?.len(), 5);
/// # Ok::<(), ch07_minibatch::BatchError>(())
/// ```
// ANCHOR: with_replacement
pub fn sample_with_replacement(
    rng: &mut ChaCha8Rng,
    data_size: usize,
    batch_size: usize,
) -> Result<Vec<usize>, BatchError> {
    check(data_size, batch_size)?;
    Ok((0..batch_size)
        .map(|_| rng.random_range(0..data_size))
        .collect())
}
// ANCHOR_END: with_replacement

/// `batch_size` distinct row indices from `0..data_size`, in random order
/// (a partial Fisher–Yates shuffle): NumPy's
/// `np.random.choice(train_size, batch_size, replace=False)`.
///
/// # Errors
///
/// [`BatchError`] when `batch_size` is 0, `data_size` is 0, or
/// `batch_size > data_size`.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::sample_without_replacement;
/// use rand::SeedableRng;
/// use rand_chacha::ChaCha8Rng;
///
/// let mut rng = ChaCha8Rng::seed_from_u64(0);
/// let mut batch = sample_without_replacement(&mut rng, 10, 10)?;
/// batch.sort();
/// assert_eq!(batch, (0..10).collect::<Vec<_>>()); // every row once
/// assert!(sample_without_replacement(&mut rng, 10, 11).is_err());
/// # Ok::<(), ch07_minibatch::BatchError>(())
/// ```
// ANCHOR: without_replacement
pub fn sample_without_replacement(
    rng: &mut ChaCha8Rng,
    data_size: usize,
    batch_size: usize,
) -> Result<Vec<usize>, BatchError> {
    check(data_size, batch_size)?;
    if batch_size > data_size {
        return Err(BatchError::TooLarge {
            batch_size,
            data_size,
        });
    }
    let mut order: Vec<usize> = (0..data_size).collect();
    // 只有前 batch_size 个位置需要随机挑选
    for i in 0..batch_size {
        let j = rng.random_range(i..data_size);
        order.swap(i, j);
    }
    order.truncate(batch_size);
    Ok(order)
}
// ANCHOR_END: without_replacement

/// The batches of one epoch: the rows `0..data_size` shuffled, then cut into
/// batches of `batch_size` (the last one may be smaller). Every row is used
/// exactly once per epoch.
///
/// # Errors
///
/// [`BatchError`] when `batch_size` is 0 or `data_size` is 0.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::epoch_batches;
/// use rand::SeedableRng;
/// use rand_chacha::ChaCha8Rng;
///
/// let mut rng = ChaCha8Rng::seed_from_u64(0);
/// let batches = epoch_batches(&mut rng, 10, 4)?;
/// let sizes: Vec<usize> = batches.iter().map(|b| b.len()).collect();
/// assert_eq!(sizes, [4, 4, 2]);
/// let mut all: Vec<usize> = batches.concat();
/// all.sort();
/// assert_eq!(all, (0..10).collect::<Vec<_>>());
/// # Ok::<(), ch07_minibatch::BatchError>(())
/// ```
// ANCHOR: epoch_batches
pub fn epoch_batches(
    rng: &mut ChaCha8Rng,
    data_size: usize,
    batch_size: usize,
) -> Result<Vec<Vec<usize>>, BatchError> {
    check(data_size, batch_size)?;
    let order = sample_without_replacement(rng, data_size, data_size)?;
    Ok(order.chunks(batch_size).map(<[usize]>::to_vec).collect())
}
// ANCHOR_END: epoch_batches

/// The rows `indices` of `x` (along axis 0), in that order: NumPy's
/// `x[batch_mask]`.
///
/// # Shapes
///
/// `x`: `(n, ...)` → `(indices.len(), ...)`.
///
/// # Panics
///
/// When an index is `>= n`; indices from the samplers above never are.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::take_rows;
/// use ndarray::array;
///
/// let x = array![[0.0, 0.1], [1.0, 1.1], [2.0, 2.1]];
/// assert_eq!(take_rows(&x, &[2, 0, 2]), array![[2.0, 2.1], [0.0, 0.1], [2.0, 2.1]]);
/// let t = array![7, 8, 9];
/// assert_eq!(take_rows(&t, &[1]), array![8]);
/// ```
// ANCHOR: take_rows
pub fn take_rows<A, S, D>(x: &ArrayBase<S, D>, indices: &[usize]) -> Array<A, D>
where
    A: Clone,
    S: Data<Elem = A>,
    D: RemoveAxis,
{
    x.select(Axis(0), indices)
}
// ANCHOR_END: take_rows

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn same_seed_same_batches() {
        let draw = || {
            let mut rng = ChaCha8Rng::seed_from_u64(42);
            (
                sample_with_replacement(&mut rng, 1000, 20).unwrap(),
                sample_without_replacement(&mut rng, 1000, 20).unwrap(),
                epoch_batches(&mut rng, 50, 7).unwrap(),
            )
        };
        assert_eq!(draw(), draw());
    }

    #[test]
    fn without_replacement_never_repeats() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..100 {
            let mut b = sample_without_replacement(&mut rng, 30, 30).unwrap();
            b.sort();
            b.dedup();
            assert_eq!(b.len(), 30);
        }
    }

    #[test]
    fn with_replacement_repeats_eventually() {
        // 100 draws from 50 rows: by the pigeonhole principle some repeat.
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut b = sample_with_replacement(&mut rng, 50, 100).unwrap();
        b.sort();
        b.dedup();
        assert!(b.len() < 100);
    }

    #[test]
    fn every_row_is_equally_likely() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut counts = [0usize; 10];
        for _ in 0..10_000 {
            for i in sample_without_replacement(&mut rng, 10, 3).unwrap() {
                counts[i] += 1;
            }
        }
        // 3000 picks per row expected; allow about five standard deviations.
        for c in counts {
            assert!((2700..=3300).contains(&c), "{counts:?}");
        }
    }

    #[test]
    fn bad_sizes_are_clear_errors() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        assert_eq!(
            sample_with_replacement(&mut rng, 10, 0),
            Err(BatchError::ZeroBatch)
        );
        assert_eq!(
            sample_with_replacement(&mut rng, 0, 5),
            Err(BatchError::NoData)
        );
        let err = sample_without_replacement(&mut rng, 100, 101).unwrap_err();
        assert_eq!(
            err,
            BatchError::TooLarge {
                batch_size: 101,
                data_size: 100
            }
        );
        assert!(err.to_string().contains("101"));
        assert!(err.to_string().contains("100 行"));
        assert_eq!(epoch_batches(&mut rng, 5, 0), Err(BatchError::ZeroBatch));
    }
}
