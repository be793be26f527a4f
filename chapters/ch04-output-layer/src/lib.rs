//! Chapter 4: the output layer.
//!
//! The last layer of a network decides what its numbers mean. For
//! regression it passes the weighted sums on unchanged
//! ([`identity_function`]); for classification it turns them into
//! probabilities with [`softmax`] (one sample) or [`softmax_rows`] (a batch,
//! one sample per row). Both subtract the largest score first, so they never
//! overflow; the textbook formula that does overflow, and the notes' batch
//! version that mixes up the samples, are kept in [`wrong_way`] to show how
//! they fail.
#![doc(test(attr(deny(warnings))))]

pub mod exercises;
pub mod wrong_way;

use std::io::Write;

use ch00_tools::{argmax, argmax_rows};
use ch02_activations::{forward, sigmoid, three_layers};
use kit::plot::{Chart, book_legend, class_bar_chart};
use kit::plot::{color, font, scaled, svg_figure};
use kit::{Demo, Figure};
use ndarray::{
    Array, Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Data, Dimension,
    NdFloat, array,
};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

kit::chapter!(DEMOS, FIGURES);

/// The identity function: returns its input unchanged, the output layer
/// of a regression network.
///
/// $\sigma(x) = x$
///
/// # Shapes
///
/// Any shape; the result has the same shape (it is a copy of `x`).
///
/// # Examples
///
/// ```
/// use ch04_output_layer::identity_function;
/// use ndarray::array;
///
/// let a = array![0.3, -2.9, 4.0];
/// assert_eq!(identity_function(&a), a);
/// ```
// ANCHOR: identity_function
pub fn identity_function<A, S, D>(x: &ArrayBase<S, D>) -> Array<A, D>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    x.to_owned()
}
// ANCHOR_END: identity_function

/// The softmax function: turns the scores `a` of one sample into
/// probabilities that are positive and sum to 1.
///
/// $y_k = \dfrac{\exp(a_k)}{\sum_{i=1}^{n} \exp(a_i)}
///      = \dfrac{\exp(a_k - C)}{\sum_{i=1}^{n} \exp(a_i - C)}$
/// with $C = \max_i a_i$.
///
/// Subtracting the largest score changes nothing on paper but keeps every
/// exponent at or below 0, so no `exp` can overflow. Works for `f32` and
/// `f64`; for finite scores the result is always finite.
///
/// # Shapes
///
/// `a`: `(n,)` → `(n,)`.
///
/// # Errors
///
/// When `a` is empty (there is no largest score), or holds a NaN or an
/// infinity; the message names the first such element.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch04_output_layer::softmax;
/// use ndarray::array;
///
/// // Deep Learning from Scratch, 3.5.2
/// let y = softmax(array![0.3, 2.9, 4.0].view())?;
/// let book = array![0.01821127, 0.24519181, 0.73659691];
/// assert_abs_diff_eq!(y, book, epsilon = 1e-8);
///
/// // large scores are fine, and f32 works too
/// let y = softmax(array![1010.0_f32, 1000.0, 990.0].view())?;
/// assert!(y.iter().all(|v| v.is_finite()));
///
/// assert!(softmax(array![1.0, f64::NAN].view()).is_err());
/// # Ok::<(), String>(())
/// ```
// ANCHOR: softmax
pub fn softmax<A: NdFloat>(a: ArrayView1<A>) -> Result<Array1<A>, String> {
    let c = finite_max(a)?;
    // Every exponent a_i - c is at most 0, so every exp lies in [0, 1] and
    // the largest one is exp(0) = 1: the sum is between 1 and n.
    let exp_a = a.mapv(|v| (v - c).exp());
    let sum_exp_a = exp_a.sum();
    Ok(exp_a / sum_exp_a)
}
// ANCHOR_END: softmax

// ANCHOR: finite_max
/// The largest score of `a`, or an error for an empty or non-finite input.
pub fn finite_max<A: NdFloat>(a: ArrayView1<A>) -> Result<A, String> {
    let mut max: Option<A> = None;
    for (i, &v) in a.iter().enumerate() {
        if !v.is_finite() {
            return Err(format!(
                "softmax needs finite scores, got a[{i}] = {v}"
            ));
        }
        if max.is_none_or(|m| v > m) {
            max = Some(v);
        }
    }
    max.ok_or_else(|| "softmax needs at least one score, got none".into())
}
// ANCHOR_END: finite_max

/// Softmax of every row of a batch: row `i` holds the scores of sample `i`
/// and becomes that sample's probabilities.
///
/// $Y_{ik} = \dfrac{\exp(A_{ik} - C_i)}{\sum_j \exp(A_{ij} - C_i)}$
/// with $C_i = \max_j A_{ij}$, the largest score **of row $i$**.
///
/// Each row is exactly `softmax(a.row(i))`: the samples of a batch do not
/// affect each other.
///
/// # Shapes
///
/// `a`: `(batch_size, n)` → `(batch_size, n)`, each row summing to 1.
///
/// # Errors
///
/// When a row is empty (`n = 0`) or holds a NaN or an infinity; the
/// message names the row and the batch's shape.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch04_output_layer::softmax_rows;
/// use ndarray::{Axis, array};
///
/// // the second sample's scores are the first's plus 1000
/// let a = array![[0.3, 2.9, 4.0], [1000.3, 1002.9, 1004.0]];
/// let y = softmax_rows(a.view())?;
/// assert_abs_diff_eq!(y.row(0), y.row(1), epsilon = 1e-12);
/// assert_abs_diff_eq!(y.sum_axis(Axis(1)), array![1.0, 1.0], epsilon = 1e-12);
///
/// let err = softmax_rows(array![[1.0], [f64::INFINITY]].view()).unwrap_err();
/// assert!(err.contains("row 1") && err.contains("(2, 1)"));
/// # Ok::<(), String>(())
/// ```
// ANCHOR: softmax_rows
pub fn softmax_rows<A: NdFloat>(a: ArrayView2<A>) -> Result<Array2<A>, String> {
    let mut y = a.to_owned();
    for (i, mut row) in y.rows_mut().into_iter().enumerate() {
        // each sample minus its own largest score, checked as in softmax
        let c = finite_max(row.view())
            .map_err(|e| format!("row {i} of a {:?} batch: {e}", a.dim()))?;
        row.mapv_inplace(|v| (v - c).exp());
        let sum_exp_a = row.sum();
        row /= sum_exp_a;
    }
    Ok(y)
}
// ANCHOR_END: softmax_rows

/// The scores of *Deep Learning from Scratch*'s softmax example (3.5.2).
fn book_scores() -> Array1<f64> {
    array![0.3, 2.9, 4.0]
}

/// Demo `output-layer`: the network of chapter 2 with each output layer.
fn output_layer_demo(out: &mut dyn Write) -> kit::Result {
    let x = array![1.0, 0.5];
    // chapter 2's three layers, sigmoid between them; the last layer's
    // weighted sums a come out as they are
    let a = forward(x.view(), &three_layers(), sigmoid)?;
    writeln!(out, "x = {x:.1}")?;
    writeln!(out, "a (last layer's weighted sums) = {a:.8}")?;
    writeln!(out, "identity_function(a)           = {:.8}", {
        identity_function(&a)
    })?;
    let y = softmax(a.view())?;
    writeln!(out, "softmax(a)                     = {y:.8}")?;
    writeln!(out, "sum of softmax(a)              = {:.4}", y.sum())?;
    Ok(writeln!(
        out,
        "argmax(a) = {:?}, argmax(softmax(a)) = {:?}",
        argmax(a.view()),
        argmax(y.view())
    )?)
}

/// Demo `reference`: the softmax *Deep Learning from Scratch* prints.
fn reference_demo(out: &mut dyn Write) -> kit::Result {
    let a = book_scores();
    let y = softmax(a.view())?;
    writeln!(out, "a                = {a:.1}")?;
    writeln!(out, "softmax(a)       = {y:.8}")?;
    let naive = wrong_way::softmax_naive(a.view());
    writeln!(out, "softmax_naive(a) = {naive:.8}")?;
    Ok(writeln!(out, "sum              = {:.4}", y.sum())?)
}

/// Demo `overflow`: the naive softmax on large scores, and the fix.
fn overflow_demo(out: &mut dyn Write) -> kit::Result {
    let a = array![1010.0, 1000.0, 990.0];
    writeln!(out, "a = {a:.1}")?;
    writeln!(out, "exp(a) = {}", a.mapv(f64::exp))?;
    writeln!(out, "largest x with finite exp(x): {:.4}", f64::MAX.ln())?;
    let naive = wrong_way::softmax_naive(a.view());
    writeln!(out, "softmax_naive(a) = {naive}")?;
    let c = a.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let shifted = &a - c;
    writeln!(out, "c = max(a) = {c:.1}, a - c = {shifted:.1}")?;
    writeln!(out, "exp(a - c) = {:.4e}", shifted.mapv(f64::exp))?;
    let y = softmax(a.view())?;
    writeln!(out, "softmax(a) = {y:.4e}")?;
    Ok(writeln!(out, "sum        = {:.4}", y.sum())?)
}

/// Demo `properties`: softmax sums to 1, ignores a shift of all scores, and
/// keeps the order of the scores.
fn properties_demo(out: &mut dyn Write) -> kit::Result {
    let a = book_scores();
    writeln!(out, "shift c       softmax(a + c)                 sum")?;
    for c in [0.0, -4.0, 100.0, 1000.0] {
        let y = softmax((&a + c).view())?;
        writeln!(out, "{c:7.1}   {y:.8}   {:.4}", y.sum())?;
    }
    let scores = array![2.0, -1.0, 0.5, 3.5, 0.0];
    let y = softmax(scores.view())?;
    writeln!(out)?;
    writeln!(out, "a          = {scores:.4}")?;
    writeln!(out, "softmax(a) = {y:.4}")?;
    Ok(writeln!(
        out,
        "argmax(a) = {:?}, argmax(softmax(a)) = {:?}",
        argmax(scores.view()),
        argmax(y.view())
    )?)
}

/// Prints a batch under `title`, one row per line.
fn print_batch(
    out: &mut dyn Write,
    title: &str,
    y: &Array2<f64>,
) -> kit::Result {
    writeln!(out, "{title}")?;
    for row in y.rows() {
        let cells: Vec<String> =
            row.iter().map(|v| format!("{v:9.4}")).collect();
        writeln!(out, "  {}   | row sum {:9.4}", cells.join(" "), row.sum())?;
    }
    Ok(())
}

/// Demo `batch-wrong`: the notes' batch softmax next to the right one.
fn batch_wrong_demo(out: &mut dyn Write) -> kit::Result {
    let batches = [
        (
            "x1 (the same sample twice)",
            array![[0.3, 2.9, 4.0], [0.3, 2.9, 4.0]],
        ),
        (
            "x2 (a small sample and a large one)",
            array![[0.3, 2.9, 4.0], [1010.0, 1000.0, 990.0]],
        ),
    ];
    for (k, (name, x)) in batches.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        print_batch(out, &format!("{name}:"), x)?;
        let notes = wrong_way::softmax_notes_batch(x.view());
        print_batch(out, "notes (one max, sum over axis 0):", &notes)?;
        let half = wrong_way::softmax_rows_global_max(x.view());
        print_batch(out, "one max, sum over axis 1:", &half)?;
        let right = softmax_rows(x.view())?;
        print_batch(out, "softmax_rows (max and sum per row):", &right)?;
    }
    Ok(())
}

/// Scores for a batch of 4 samples and 10 classes, seeded; sample 2 is
/// sample 0 plus 1000.
fn batch_scores() -> Array2<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let mut a = Array2::from_shape_simple_fn((4, 10), || {
        (rng.random_range(-3.0..3.0_f64) * 10.0).round() / 10.0
    });
    let first = a.row(0).to_owned();
    a.row_mut(2).assign(&(first + 1000.0));
    a
}

/// Demo `batch`: row-wise softmax of a `[batch_size, 10]` batch.
fn batch_demo(out: &mut dyn Write) -> kit::Result {
    let a = batch_scores();
    writeln!(out, "a: shape {:?}", a.dim())?;
    for row in a.rows() {
        let cells: Vec<String> =
            row.iter().map(|v| format!("{v:7.1}")).collect();
        writeln!(out, "  {}", cells.join(""))?;
    }
    let y = softmax_rows(a.view())?;
    writeln!(out, "y = softmax_rows(a): shape {:?}", y.dim())?;
    for row in y.rows() {
        let cells: Vec<String> =
            row.iter().map(|v| format!("{v:6.3}")).collect();
        writeln!(out, "  {}   sum {:.4}", cells.join(""), row.sum())?;
    }
    // Ten classes per row: rows are never empty.
    let empty = || kit::Error::from("rows are not empty");
    writeln!(
        out,
        "argmax_rows(a) = {}",
        argmax_rows(a.view()).ok_or_else(empty)?
    )?;
    Ok(writeln!(
        out,
        "argmax_rows(y) = {}",
        argmax_rows(y.view()).ok_or_else(empty)?
    )?)
}

/// Demo `f32`: the same functions in single precision.
fn f32_demo(out: &mut dyn Write) -> kit::Result {
    let a64 = book_scores();
    let a32 = a64.mapv(|v| v as f32);
    let y64 = softmax(a64.view())?;
    let y32 = softmax(a32.view())?;
    writeln!(out, "softmax(a) as f64 = {y64:.8}")?;
    writeln!(out, "softmax(a) as f32 = {y32:.8}")?;
    let diff = (&y32.mapv(f64::from) - &y64).mapv(f64::abs);
    let worst = diff.fold(0.0, |m: f64, &v| m.max(v));
    writeln!(out, "largest difference: {worst:.1e}")?;
    writeln!(
        out,
        "largest x with finite exp(x) in f32: {:.4}",
        f32::MAX.ln()
    )?;
    let big = array![100.0_f32, 90.0, 80.0];
    let naive = wrong_way::softmax_naive(big.view());
    writeln!(out, "softmax_naive({big:.1}) = {naive:.4}")?;
    let y = softmax(big.view())?;
    Ok(writeln!(out, "softmax({big:.1})       = {y:.4e}")?)
}

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = &[
    Demo::new("output-layer", output_layer_demo),
    Demo::new("reference", reference_demo),
    Demo::new("overflow", overflow_demo),
    Demo::new("properties", properties_demo),
    Demo::new("batch-wrong", batch_wrong_demo),
    Demo::new("batch", batch_demo),
    Demo::new("f32", f32_demo),
];

/// Draws one bar per value of `values` at classes 0, 1, ..., shifted by
/// `offset` and `width` wide, in palette colour `i`, each with its value
/// written on top; returns nothing but the legend entry `label`.
fn draw_bars(
    chart: &mut Chart<'_, '_>,
    i: usize,
    label: &str,
    values: &Array1<f64>,
    offset: f64,
    width: f64,
) -> kit::Result<()> {
    let fill = color(i).filled();
    let bars = values.iter().enumerate().map(|(k, &v)| {
        let x = k as f64 + offset;
        Rectangle::new([(x - width / 2.0, 0.0), (x + width / 2.0, v)], fill)
    });
    let size = scaled(12.0) as i32;
    chart.draw_series(bars)?.label(label).legend(move |(x, y)| {
        Rectangle::new([(x, y - size / 2), (x + size, y + size / 2)], fill)
    });
    let style = font(11.0).pos(Pos::new(HPos::Center, VPos::Bottom));
    let texts = values.iter().enumerate().map(|(k, &v)| {
        Text::new(format!("{v:.2}"), (k as f64 + offset, v), style.clone())
    });
    chart.draw_series(texts)?;
    Ok(())
}

/// Figure `softmax-bars`: the scores of the book's example and their
/// softmax, side by side.
fn softmax_bars_figure() -> kit::Result<String> {
    let a = book_scores();
    let y = softmax(a.view())?;
    svg_figure(|root| {
        let (left, right) = root.split_horizontally(800);
        let mut c =
            class_bar_chart(&left, "得分 a", 3, 0.0..4.6, "类别 k", "a_k", 1)?;
        draw_bars(&mut c, 0, "a", &a, 0.0, 0.6)?;
        let caption = "概率 y = softmax(a)";
        let mut c =
            class_bar_chart(&right, caption, 3, 0.0..1.0, "类别 k", "y_k", 1)?;
        draw_bars(&mut c, 1, "softmax(a)", &y, 0.0, 0.6)?;
        Ok(())
    })
}

/// The factors the scores are scaled by in figure `softmax-sharpen`.
const SCALES: [f64; 3] = [0.5, 1.0, 2.0];

/// Figure `softmax-sharpen`: softmax of the scores scaled by 0.5, 1 and 2.
fn softmax_sharpen_figure() -> kit::Result<String> {
    let a = book_scores();
    svg_figure(|root| {
        let mut c = class_bar_chart(
            root,
            "softmax(s · a)：s 越大，分布越尖",
            3,
            0.0..1.0,
            "类别 k",
            "y_k",
            1,
        )?;
        let width = 0.26;
        for (i, s) in SCALES.iter().enumerate() {
            let y = softmax((&a * *s).view())?;
            let offset = (i as f64 - 1.0) * width;
            let label = format!("s = {s:.1}");
            draw_bars(&mut c, i, &label, &y, offset, width * 0.9)?;
        }
        book_legend(&mut c.configure_series_labels())
            .position(SeriesLabelPosition::UpperLeft)
            .legend_area_size(scaled(20.0))
            .draw()?;
        Ok(())
    })
}

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = &[
    Figure::new("softmax-bars", softmax_bars_figure),
    Figure::new("softmax-sharpen", softmax_sharpen_figure),
];

#[cfg(test)]
mod tests {
    use super::wrong_way::{
        softmax_naive, softmax_notes_batch, softmax_rows_global_max,
    };
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::Axis;

    fn output(demo: &str) -> String {
        CHAPTER.output(demo).unwrap()
    }

    // ANCHOR: reference_test
    // Deep Learning from Scratch 3.5.2 prints
    // [0.01821127 0.24519181 0.73659691] (8 decimals).
    #[test]
    fn softmax_matches_the_book() {
        let y = softmax(array![0.3, 2.9, 4.0].view()).unwrap();
        let book = array![0.01821127, 0.24519181, 0.73659691];
        assert_abs_diff_eq!(y, book, epsilon = 1e-8);
    }
    // ANCHOR_END: reference_test

    #[test]
    fn naive_softmax_agrees_for_small_scores() {
        let a = book_scores();
        let y = softmax(a.view()).unwrap();
        assert_abs_diff_eq!(softmax_naive(a.view()), y, epsilon = 1e-15);
    }

    // ANCHOR: naive_overflow_test
    #[test]
    fn naive_softmax_overflows_to_nan() {
        let a = array![1010.0, 1000.0, 990.0];
        // exp(1010) is inf, and inf / inf is NaN
        assert!(a.mapv(f64::exp).iter().all(|v| v.is_infinite()));
        let y = softmax_naive(a.view());
        assert!(y.iter().all(|v| v.is_nan()), "{y}");
        // subtracting the max fixes it
        let y = softmax(a.view()).unwrap();
        let e = [1.0, (-10.0_f64).exp(), (-20.0_f64).exp()];
        let sum: f64 = e.iter().sum();
        let expected = Array1::from_iter(e.iter().map(|v| v / sum));
        assert_abs_diff_eq!(y, expected, epsilon = 1e-15);
    }
    // ANCHOR_END: naive_overflow_test

    #[test]
    fn naive_softmax_overflows_earlier_in_f32() {
        // exp(88) fits in f32, exp(89) does not
        let ok = softmax_naive(array![88.0_f32, 80.0].view());
        assert!(ok.iter().all(|v| v.is_finite()));
        let y = softmax_naive(array![100.0_f32, 90.0, 80.0].view());
        assert!(y[0].is_nan());
        let y = softmax(array![100.0_f32, 90.0, 80.0].view()).unwrap();
        assert_abs_diff_eq!(y.sum(), 1.0, epsilon = 1e-6);
    }

    #[test]
    fn f32_matches_f64_to_single_precision() {
        let y64 = softmax(book_scores().view()).unwrap();
        let a32 = book_scores().mapv(|v| v as f32);
        let y32 = softmax(a32.view()).unwrap().mapv(f64::from);
        assert_abs_diff_eq!(y32, y64, epsilon = 1e-7);
    }

    #[test]
    fn bad_scores_are_errors_that_name_them() {
        let err = softmax(Array1::<f64>::zeros(0).view()).unwrap_err();
        assert!(err.contains("none"), "{err}");
        let err = softmax(array![1.0, f64::NAN].view()).unwrap_err();
        assert!(err.contains("a[1] = NaN"), "{err}");
        let err = softmax(array![f32::NEG_INFINITY].view()).unwrap_err();
        assert!(err.contains("a[0] = -inf"), "{err}");
        let a = array![[1.0, 2.0], [3.0, f64::INFINITY]];
        let err = softmax_rows(a.view()).unwrap_err();
        assert!(err.contains("row 1 of a (2, 2) batch"), "{err}");
        assert!(err.contains("a[1] = inf"), "{err}");
        let err = softmax_rows(Array2::<f64>::zeros((3, 0)).view());
        assert!(err.unwrap_err().contains("row 0"));
        // a batch of no samples is fine: no rows to normalise
        let y = softmax_rows(Array2::<f64>::zeros((0, 10)).view()).unwrap();
        assert_eq!(y.dim(), (0, 10));
    }

    // ANCHOR: batch_wrong_test
    #[test]
    fn notes_batch_softmax_is_wrong_and_rows_are_right() {
        let x = array![[0.3, 2.9, 4.0], [1010.0, 1000.0, 990.0]];
        // the notes: one global max, columns sum to 1
        let notes = softmax_notes_batch(x.view());
        assert_abs_diff_eq!(notes.row(0), array![0.0, 0.0, 0.0]);
        assert_abs_diff_eq!(notes.row(1), array![1.0, 1.0, 1.0]);
        // sums per row, but still one global max: 0 / 0 in row 0
        let half = softmax_rows_global_max(x.view());
        assert!(half.row(0).iter().all(|v| v.is_nan()));
        // per row: each row is that sample's own softmax
        let y = softmax_rows(x.view()).unwrap();
        for (i, row) in x.rows().into_iter().enumerate() {
            assert_eq!(y.row(i), softmax(row).unwrap());
        }
    }
    // ANCHOR_END: batch_wrong_test

    #[test]
    fn notes_version_is_right_for_one_sample() {
        // For a 1-D array, axis 0 is the only axis: the notes' code is the
        // right softmax there. It goes wrong only for batches.
        let a = book_scores();
        let as_batch = a.clone().insert_axis(Axis(1)); // one column
        let notes = softmax_notes_batch(as_batch.view());
        let y = softmax(a.view()).unwrap();
        assert_abs_diff_eq!(notes.column(0), y, epsilon = 1e-15);
    }

    #[test]
    fn identity_keeps_values_and_shape() {
        let x = Array2::from_shape_fn((2, 3), |(i, j)| i as f64 - j as f64);
        assert_eq!(identity_function(&x), x);
        assert_eq!(identity_function(&x.view()).shape(), &[2, 3]);
    }

    #[test]
    fn network_output_through_both_output_layers() {
        let text = output("output-layer");
        // chapter 2's network prints [0.31682708 0.69627909] in the book
        assert!(text.contains(
            "a (last layer's weighted sums) = [0.31682708, 0.69627909]"
        ));
        assert!(
            text.contains("argmax(a) = Some(1), argmax(softmax(a)) = Some(1)")
        );
    }

    #[test]
    fn batch_demo_rows_two_and_zero_agree() {
        let a = batch_scores();
        let y = softmax_rows(a.view()).unwrap();
        assert_abs_diff_eq!(y.row(0), y.row(2), epsilon = 1e-12);
        assert_eq!(argmax_rows(a.view()), argmax_rows(y.view()));
        let text = output("batch");
        assert_eq!(text.matches("sum 1.0000").count(), 4);
    }

    #[test]
    fn every_demo_runs_and_every_figure_draws() {
        CHAPTER.all_output().unwrap();
        assert!(
            output("overflow").contains("softmax_naive(a) = [NaN, NaN, NaN]")
        );
    }
}

kit::chapter_tests!(CHAPTER);
