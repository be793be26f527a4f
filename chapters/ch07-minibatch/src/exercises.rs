//! Solutions to the chapter's exercises.

use ndarray::ArrayView1;
use rand_chacha::ChaCha8Rng;

use crate::{BatchError, sample_with_replacement, sample_without_replacement};

/// Exercise 3: a spread `loss_sd` and a target `target_sd` that
/// [`batch_size_for`] cannot find a batch size for.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::exercises::{TargetError, batch_size_for};
///
/// let err = batch_size_for(1.0, 0.0).unwrap_err();
/// assert_eq!(err, TargetError { loss_sd: 1.0, target_sd: 0.0 });
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "batch_size_for 要求 loss_sd >= 0、target_sd > 0，而且都是有限数；\
     实际是 loss_sd = {loss_sd}、target_sd = {target_sd}"
)]
pub struct TargetError {
    /// The standard deviation of the per-sample losses.
    pub loss_sd: f64,
    /// The largest standard deviation of the batch loss wanted.
    pub target_sd: f64,
}

/// Exercise 1: the chance that a batch of `batch_size` rows drawn with
/// replacement from `data_size` rows holds some row twice or more (the
/// birthday problem).
///
/// $P = 1 - \prod_{i=0}^{N-1} \left(1 - \frac{i}{M}\right)$ for a batch of $N$ from $M$ rows: draw `i`
/// misses the `i` different rows drawn before it with chance
/// $1 - i/M$.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::exercises::repeat_probability;
///
/// assert_eq!(repeat_probability(10, 1), 0.0);
/// assert_abs_diff_eq!(repeat_probability(10, 2), 0.1, epsilon = 1e-15);
/// assert_eq!(repeat_probability(10, 11), 1.0); // more draws than rows
/// ```
// ANCHOR: repeat_probability
pub fn repeat_probability(data_size: usize, batch_size: usize) -> f64 {
    let data = data_size as f64;
    // 第 i 次（从 0 数起）抽到的行和前面 i 行都不同的概率
    let all_different: f64 = (0..batch_size)
        .map(|i| (1.0 - i as f64 / data).max(0.0))
        .product();
    1.0 - all_different
}
// ANCHOR_END: repeat_probability

/// Exercise 1: the share of `draws` batches, drawn with replacement, that
/// hold some row twice or more.
///
/// # Errors
///
/// [`BatchError`] when `batch_size` or `data_size` is 0.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::exercises::repeat_share;
/// use rand::SeedableRng;
/// use rand_chacha::ChaCha8Rng;
///
/// let mut rng = ChaCha8Rng::seed_from_u64(0);
/// assert_eq!(repeat_share(&mut rng, 10, 11, 5)?, 1.0);
/// assert_eq!(repeat_share(&mut rng, 10, 1, 5)?, 0.0);
/// # Ok::<(), ch07_minibatch::BatchError>(())
/// ```
// ANCHOR: repeat_share
pub fn repeat_share(
    rng: &mut ChaCha8Rng,
    data_size: usize,
    batch_size: usize,
    draws: usize,
) -> Result<f64, BatchError> {
    let mut with_repeats = 0;
    for _ in 0..draws {
        let mut batch = sample_with_replacement(rng, data_size, batch_size)?;
        batch.sort_unstable();
        if batch.windows(2).any(|pair| pair[0] == pair[1]) {
            with_repeats += 1;
        }
    }
    Ok(with_repeats as f64 / draws as f64)
}
// ANCHOR_END: repeat_share

/// Exercise 2: the share of the `data_size` rows that `batches` batches of
/// `batch_size` rows, drawn with replacement, use at least once.
///
/// # Errors
///
/// [`BatchError`] when `batch_size` or `data_size` is 0.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::exercises::coverage_with_replacement;
/// use rand::SeedableRng;
/// use rand_chacha::ChaCha8Rng;
///
/// let mut rng = ChaCha8Rng::seed_from_u64(0);
/// let share = coverage_with_replacement(&mut rng, 1000, 10, 100)?;
/// assert!(share > 0.55 && share < 0.70); // about 1 - 1/e
/// # Ok::<(), ch07_minibatch::BatchError>(())
/// ```
// ANCHOR: coverage_with_replacement
pub fn coverage_with_replacement(
    rng: &mut ChaCha8Rng,
    data_size: usize,
    batch_size: usize,
    batches: usize,
) -> Result<f64, BatchError> {
    let mut seen = vec![false; data_size];
    for _ in 0..batches {
        for i in sample_with_replacement(rng, data_size, batch_size)? {
            seen[i] = true;
        }
    }
    let used = seen.iter().filter(|&&s| s).count();
    Ok(used as f64 / data_size as f64)
}
// ANCHOR_END: coverage_with_replacement

/// Exercise 2: the expected share of `data_size` rows that `draws`
/// independent draws hit at least once.
///
/// $1 - \left(1 - \frac{1}{M}\right)^{d}$ of $M$ rows, which tends to
/// $1 - e^{-1}$ for $d = M$ draws.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::exercises::expected_coverage;
///
/// let share = expected_coverage(60_000, 60_000);
/// assert_abs_diff_eq!(share, 1.0 - (-1.0_f64).exp(), epsilon = 1e-5);
/// ```
// ANCHOR: expected_coverage
pub fn expected_coverage(data_size: usize, draws: usize) -> f64 {
    let miss_one = 1.0 - 1.0 / data_size as f64;
    1.0 - miss_one.powf(draws as f64)
}
// ANCHOR_END: expected_coverage

/// Exercise 3: the smallest batch whose loss strays from the full loss by
/// at most `target_sd` (one standard deviation), drawn with replacement
/// from per-sample losses of spread `loss_sd`.
///
/// $\frac{s}{\sqrt{N}} \le c \iff N \ge \left(\frac{s}{c}\right)^2$ for the target $c$
///
/// # Errors
///
/// [`TargetError`] when `target_sd` is not positive or `loss_sd` is
/// negative, or either is not finite.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::exercises::batch_size_for;
///
/// assert_eq!(batch_size_for(1.0, 0.1)?, 100);
/// assert_eq!(batch_size_for(1.0, 0.3)?, 12); // 11.1..., rounded up
/// assert_eq!(batch_size_for(0.0, 0.1)?, 1);
/// assert!(batch_size_for(1.0, 0.0).is_err());
/// # Ok::<(), ch07_minibatch::exercises::TargetError>(())
/// ```
// ANCHOR: batch_size_for
pub fn batch_size_for(
    loss_sd: f64,
    target_sd: f64,
) -> Result<usize, TargetError> {
    let ok = loss_sd.is_finite() && loss_sd >= 0.0;
    if !ok || !target_sd.is_finite() || target_sd <= 0.0 {
        return Err(TargetError { loss_sd, target_sd });
    }
    let batch = (loss_sd / target_sd).powi(2);
    // 留一点点余量：100.00000000000001 仍然算作 100
    Ok(((batch - 1e-9).ceil() as usize).max(1))
}
// ANCHOR_END: batch_size_for

/// Exercise 4: like [`crate::batch_loss_estimates`], but each batch is
/// drawn without replacement.
///
/// # Errors
///
/// [`BatchError`] when `batch_size` is 0 or larger than the data, or the
/// data is empty.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::exercises::estimates_without_replacement;
/// use ndarray::array;
/// use rand::SeedableRng;
/// use rand_chacha::ChaCha8Rng;
///
/// let mut rng = ChaCha8Rng::seed_from_u64(0);
/// let losses = array![1.0, 2.0, 6.0];
/// // a batch of every row is the full loss, every time
/// let est = estimates_without_replacement(&mut rng, losses.view(), 3, 10)?;
/// assert!(est.iter().all(|&e| (e - 3.0).abs() < 1e-12));
/// # Ok::<(), ch07_minibatch::BatchError>(())
/// ```
// ANCHOR: estimates_without_replacement
pub fn estimates_without_replacement(
    rng: &mut ChaCha8Rng,
    losses: ArrayView1<f64>,
    batch_size: usize,
    draws: usize,
) -> Result<Vec<f64>, BatchError> {
    crate::estimates(sample_without_replacement, rng, losses, batch_size, draws)
}
// ANCHOR_END: estimates_without_replacement

/// Exercise 4: how much less a batch drawn without replacement strays
/// than one drawn with replacement (the finite population correction).
///
/// $\sqrt{\frac{M - N}{M - 1}}$ for a batch of $N$ from $M$ rows: 1 for $N = 1$ and 0 for $N = M$.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::exercises::finite_population_correction;
///
/// assert_abs_diff_eq!(finite_population_correction(5000, 1), 1.0);
/// assert_abs_diff_eq!(finite_population_correction(5000, 5000), 0.0);
/// ```
// ANCHOR: finite_population_correction
pub fn finite_population_correction(
    data_size: usize,
    batch_size: usize,
) -> f64 {
    let (data, batch) = (data_size as f64, batch_size as f64);
    ((data - batch) / (data - 1.0)).max(0.0).sqrt()
}
// ANCHOR_END: finite_population_correction

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::Array1;
    use rand::SeedableRng;

    use crate::{mean_std, standard_error};

    #[test]
    fn repeat_probability_matches_the_measured_share() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for (data_size, batch_size) in [(365, 23), (5000, 100), (50, 5)] {
            let p = repeat_probability(data_size, batch_size);
            let share =
                repeat_share(&mut rng, data_size, batch_size, 20_000).unwrap();
            assert_abs_diff_eq!(p, share, epsilon = 0.015);
        }
        // the birthday problem: 23 people, a shared birthday more likely
        // than not
        assert_abs_diff_eq!(
            repeat_probability(365, 23),
            0.5073,
            epsilon = 1e-4
        );
    }

    #[test]
    fn one_epoch_with_replacement_uses_about_63_percent() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let share = coverage_with_replacement(&mut rng, 6000, 100, 60).unwrap();
        assert_abs_diff_eq!(
            share,
            expected_coverage(6000, 6000),
            epsilon = 0.01
        );
        assert_abs_diff_eq!(share, 1.0 - (-1.0_f64).exp(), epsilon = 0.01);
    }

    #[test]
    fn batch_size_for_is_the_smallest_that_reaches_the_target() {
        for (loss_sd, target) in [(0.7, 0.01), (2.5, 0.05), (1.0, 1.0)] {
            let n = batch_size_for(loss_sd, target).unwrap();
            assert!(standard_error(loss_sd, n) <= target + 1e-12);
            if n > 1 {
                assert!(standard_error(loss_sd, n - 1) > target);
            }
        }
        for (loss_sd, target) in [(f64::NAN, 0.1), (-1.0, 0.1), (1.0, -0.1)] {
            assert!(batch_size_for(loss_sd, target).is_err());
        }
    }

    #[test]
    fn without_replacement_strays_less_by_the_correction() {
        let losses = Array1::from_iter((0..200).map(|i| (i % 17) as f64));
        let (_, loss_sd) = mean_std(losses.as_slice().unwrap()).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for n in [10, 100, 150] {
            let est = estimates_without_replacement(
                &mut rng,
                losses.view(),
                n,
                20_000,
            )
            .unwrap();
            let (_, sd) = mean_std(&est).unwrap();
            let expected = standard_error(loss_sd, n)
                * finite_population_correction(200, n);
            assert!((sd / expected - 1.0).abs() < 0.03, "n {n}: {sd}");
        }
        let err =
            estimates_without_replacement(&mut rng, losses.view(), 201, 1)
                .unwrap_err();
        assert_eq!(
            err,
            BatchError::TooLarge {
                batch_size: 201,
                data_size: 200
            }
        );
    }
}
