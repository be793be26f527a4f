//! Property tests: the properties of softmax the page states, each checked
//! on 256 random inputs per run.

use ch00_tools::{argmax, argmax_rows};
use ch04_output_layer::{softmax, softmax_rows};
use ndarray::{Array1, Array2};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Any finite `f64`, of either sign: zero, subnormal (from about 5e-324)
/// or normal (up to about 1.8e308).
// ANCHOR: wide_scores
fn wide_scores() -> impl Strategy<Value = Vec<f64>> {
    let finite = prop::num::f64::NORMAL
        | prop::num::f64::SUBNORMAL
        | prop::num::f64::ZERO;
    prop::collection::vec(finite, 1..20)
}
// ANCHOR_END: wide_scores

proptest! {
    // 256 cases per property keeps the suite fast; a failure prints its
    // shrunk input, so no regression file is written into the source tree
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    // ANCHOR: property_tests
    #[test]
    fn sums_to_one(a in prop::collection::vec(-1e3..1e3_f64, 1..20)) {
        let y = softmax(Array1::from(a).view()).unwrap();
        prop_assert!((y.sum() - 1.0).abs() < 1e-12);
        prop_assert!(y.iter().all(|&v| (0.0..=1.0).contains(&v)));
    }

    #[test]
    fn adding_a_constant_changes_nothing(
        a in prop::collection::vec(-100.0..100.0_f64, 1..20),
        c in -1e3..1e3_f64,
    ) {
        let a = Array1::from(a);
        let y = softmax(a.view()).unwrap();
        let y_shifted = softmax((&a + c).view()).unwrap();
        // a + c 要舍入，exp 的结果也就允许相应的误差
        for (p, q) in y.iter().zip(&y_shifted) {
            prop_assert!((p - q).abs() < 1e-9, "{y} vs {y_shifted}");
        }
    }

    #[test]
    fn argmax_is_kept(a in prop::collection::vec(-2000..2000, 1..20)) {
        // 得分至少相差 0.01，不同的得分不会舍入成同一个数
        let a = Array1::from_iter(a.iter().map(|&k| f64::from(k) / 100.0));
        let y = softmax(a.view()).unwrap();
        prop_assert_eq!(argmax(y.view()), argmax(a.view()));
    }

    #[test]
    fn finite_for_every_finite_input(a in wide_scores()) {
        let y = softmax(Array1::from(a).view()).unwrap();
        prop_assert!(y.iter().all(|v| v.is_finite()), "{}", y);
        prop_assert!((y.sum() - 1.0).abs() < 1e-12);
    }
    // ANCHOR_END: property_tests

    #[test]
    fn order_is_kept_for_every_finite_input(a in wide_scores()) {
        let y = softmax(Array1::from(a.clone()).view()).unwrap();
        for i in 0..a.len() {
            for j in 0..a.len() {
                if a[i] <= a[j] {
                    prop_assert!(y[i] <= y[j]);
                }
            }
        }
    }

    #[test]
    fn f32_sums_to_one_and_stays_finite(
        a in prop::collection::vec(prop::num::f32::NORMAL, 1..20),
    ) {
        let y = softmax(Array1::from(a).view()).unwrap();
        prop_assert!(y.iter().all(|v| v.is_finite()));
        prop_assert!((y.sum() - 1.0).abs() < 1e-5);
    }

    // ANCHOR: property_rows
    #[test]
    fn rows_are_independent_samples(
        batch_size in 1..8_usize,
        seed in any::<u64>(),
        shifts in prop::collection::vec(-1e3..1e3_f64, 8),
    ) {
        // 一批 [batch_size, 10] 的得分，每一行各加一个不同的常数
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let a = Array2::from_shape_simple_fn((batch_size, 10), || {
            rng.random_range(-10.0..10.0_f64)
        });
        let mut shifted = a.clone();
        for (mut row, c) in shifted.rows_mut().into_iter().zip(&shifts) {
            row += *c;
        }
        let y = softmax_rows(a.view()).unwrap();
        let y_shifted = softmax_rows(shifted.view()).unwrap();
        for i in 0..batch_size {
            prop_assert_eq!(y.row(i), softmax(a.row(i)).unwrap());
            prop_assert!((y.row(i).sum() - 1.0).abs() < 1e-12);
            for (p, q) in y.row(i).iter().zip(y_shifted.row(i)) {
                prop_assert!((p - q).abs() < 1e-9);
            }
        }
        prop_assert_eq!(argmax_rows(a.view()), argmax_rows(y.view()));
    }
    // ANCHOR_END: property_rows
}
