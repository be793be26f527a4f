//! Property tests: the two batch forms of the cross-entropy agree, and
//! skipping the zero targets changes nothing, each checked on 256 random
//! batches per run.

use ch04_output_layer::softmax_rows;
use ch05_data::one_hot;
use ch06_losses::{
    DELTA, cross_entropy_error_batch, cross_entropy_error_labels,
};
use ndarray::{Array1, Array2};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

proptest! {
    // 256 cases per property keeps the suite fast; a failure prints its
    // shrunk input, so no regression file is written into the source tree
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn forms_agree_on_random_batches(
        batch_size in 1..16_usize,
        seed in any::<u64>(),
    ) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let scores = Array2::from_shape_simple_fn((batch_size, 10), || {
            rng.random_range(-20.0..20.0)
        });
        let labels = Array1::from_shape_simple_fn(batch_size, || {
            rng.random_range(0..10_usize)
        });
        let y = softmax_rows(scores.view()).unwrap();
        let t = one_hot(labels.view(), 10).unwrap();
        let a = cross_entropy_error_batch(y.view(), t.view()).unwrap();
        let b = cross_entropy_error_labels(y.view(), labels.view()).unwrap();
        prop_assert!((a - b).abs() < 1e-12);
        prop_assert!(a.is_finite() && a >= -1e-7);
        prop_assert!(a <= -(DELTA.ln()) + 1e-12);
    }

    #[test]
    fn skipping_zero_targets_changes_no_bit(
        batch_size in 1..16_usize,
        seed in any::<u64>(),
    ) {
        // one-hot targets, soft targets with zeros, zero probabilities
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let y = Array2::from_shape_simple_fn((batch_size, 10), || {
            if rng.random_bool(0.2) { 0.0 } else { rng.random::<f64>() }
        });
        let t = Array2::from_shape_simple_fn((batch_size, 10), || {
            if rng.random_bool(0.7) { 0.0 } else { rng.random::<f64>() }
        });
        let n = batch_size as f64;
        // every term computed, as the source book's one-liner does
        let every_term = -(&t * &y.mapv(|v| (v + DELTA).ln())).sum() / n;
        let e = cross_entropy_error_batch(y.view(), t.view()).unwrap();
        prop_assert_eq!(e.to_bits(), every_term.to_bits());
    }
}
