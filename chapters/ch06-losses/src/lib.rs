//! Chapter 6: loss functions.
//!
//! A loss function measures how bad a network's output `y` is against the
//! right answer `t`; learning looks for the parameters that make it small.
//! This crate holds the two losses of *Deep Learning from Scratch* ch. 4,
//! [`mean_squared_error`] and [`cross_entropy_error`], their mini-batch
//! versions (with one-hot labels or with class indices), and a small model
//! that shows why a network is trained on its loss and not on its accuracy
//! ([`toy_sweep`]).
#![doc(test(attr(deny(warnings))))]

pub mod exercises;
pub mod wrong_way;

use std::io::Write;

use ch00_tools::argmax_rows;
use ch03_arrays::shape_text;
use ch04_output_layer::softmax_rows;
use ch05_data::{accuracy, one_hot};
use kit::plot::{
    Series, chart, color, draw_series, font, line_chart, scaled, stroke,
    svg_figure,
};
use kit::{Demo, Figure};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Zip, array};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

kit::chapter!(DEMOS, FIGURES);

/// The small number added inside the logarithm of the cross-entropy, so
/// that a probability of exactly 0 gives a large loss instead of infinity.
// ANCHOR: delta
pub const DELTA: f64 = 1e-7;
// ANCHOR_END: delta

/// An error unless `y` and `t` have the same shape.
fn same_shape(name: &str, y: &[usize], t: &[usize]) -> Result<(), String> {
    if y == t {
        Ok(())
    } else {
        Err(format!(
            "{name} needs y and t of the same shape, got y: {} and t: {}",
            shape_text(y),
            shape_text(t)
        ))
    }
}

/// An error unless every value is finite.
fn all_finite<'a>(
    name: &str,
    what: &str,
    values: impl IntoIterator<Item = &'a f64> + Clone,
) -> Result<(), String> {
    // one pass with no early exit (it vectorises); the position only if
    // something is wrong
    if values
        .clone()
        .into_iter()
        .fold(true, |ok, v| ok & v.is_finite())
    {
        return Ok(());
    }
    match values.into_iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(format!(
            "{name} needs finite values, but element {i} of {what} is not"
        )),
    }
}

/// An error unless every value of `y` is a probability, in [0, 1].
fn all_probabilities<'a>(
    name: &str,
    y: impl IntoIterator<Item = &'a f64> + Clone,
) -> Result<(), String> {
    let in_range = |v: f64| (0.0..=1.0).contains(&v);
    if y.clone().into_iter().fold(true, |ok, &v| ok & in_range(v)) {
        return Ok(());
    }
    for (i, &v) in y.into_iter().enumerate() {
        if !in_range(v) {
            return Err(format!(
                "{name} needs probabilities in [0, 1] in y, but element {i} \
                 is {v}"
            ));
        }
    }
    Ok(())
}

/// The mean squared error in the form of *Deep Learning from Scratch* and
/// the study notes: half the sum of the squared differences.
///
/// $E = \frac{1}{2} \sum_k (y_k - t_k)^2$
///
/// Despite its name this is not a mean: nothing is divided by the number
/// of elements. [`mse_mean`] is the mean that Li Hongyi's course and most
/// libraries use.
///
/// # Shapes
///
/// `y`, `t`: `(n,)` → a number.
///
/// # Errors
///
/// When `y` and `t` differ in length, or a value is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::mean_squared_error;
/// use ndarray::array;
///
/// let t = array![0.0, 0.0, 1.0];
/// let y = array![0.1, 0.3, 0.6];
/// // 0.5 * (0.01 + 0.09 + 0.16)
/// assert_abs_diff_eq!(mean_squared_error(y.view(), t.view())?, 0.13);
/// assert!(mean_squared_error(y.view(), array![1.0].view()).is_err());
/// # Ok::<(), String>(())
/// ```
// ANCHOR: mean_squared_error
pub fn mean_squared_error(
    y: ArrayView1<f64>,
    t: ArrayView1<f64>,
) -> Result<f64, String> {
    let name = "mean_squared_error";
    same_shape(name, y.shape(), t.shape())?;
    all_finite(name, "y", y)?;
    all_finite(name, "t", t)?;
    Ok(0.5 * (&y - &t).mapv(|d| d * d).sum())
}
// ANCHOR_END: mean_squared_error

/// The mean squared error as a mean: the squared differences averaged over
/// the `n` elements, as in Li Hongyi's course, PyTorch's `MSELoss` and
/// Keras' `MeanSquaredError`.
///
/// $E = \frac{1}{n} \sum_k (y_k - t_k)^2$, which is
/// $\frac{2}{n}$ times [`mean_squared_error`].
///
/// # Shapes
///
/// `y`, `t`: `(n,)` → a number.
///
/// # Errors
///
/// When `y` and `t` differ in length or are empty, or a value is not
/// finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::{mean_squared_error, mse_mean};
/// use ndarray::array;
///
/// let t = array![0.0, 0.0, 1.0];
/// let y = array![0.1, 0.3, 0.6];
/// let mean = mse_mean(y.view(), t.view())?;
/// assert_abs_diff_eq!(mean, (0.01 + 0.09 + 0.16) / 3.0, epsilon = 1e-15);
/// let half_sum = mean_squared_error(y.view(), t.view())?;
/// assert_abs_diff_eq!(mean, 2.0 / 3.0 * half_sum, epsilon = 1e-15);
/// # Ok::<(), String>(())
/// ```
// ANCHOR: mse_mean
pub fn mse_mean(y: ArrayView1<f64>, t: ArrayView1<f64>) -> Result<f64, String> {
    let half_sum = mean_squared_error(y, t)?;
    if y.is_empty() {
        return Err("mse_mean needs at least one element, got none".into());
    }
    Ok(2.0 * half_sum / y.len() as f64)
}
// ANCHOR_END: mse_mean

/// The cross-entropy error of one prediction `y` against the target `t`.
///
/// $E = -\sum_k t_k \ln(y_k + \delta)$ with $\delta = 10^{-7}$
/// ([`DELTA`]). For a one-hot `t` only the right class counts:
/// $E = -\ln(y_{\text{right}} + \delta)$.
///
/// # Shapes
///
/// `y`, `t`: `(n,)` → a number.
///
/// # Errors
///
/// When `y` and `t` differ in length, a value of `y` is not a probability
/// in [0, 1], or a value of `t` is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::cross_entropy_error;
/// use ndarray::array;
///
/// let t = array![0.0, 0.0, 1.0];
/// let y = array![0.1, 0.3, 0.6];
/// let e = cross_entropy_error(y.view(), t.view())?;
/// assert_abs_diff_eq!(e, -(0.6_f64 + 1e-7).ln(), epsilon = 1e-15);
/// // a probability of exactly 0 is a large but finite loss
/// let e = cross_entropy_error(array![1.0, 0.0, 0.0].view(), t.view())?;
/// assert_abs_diff_eq!(e, 16.11809565, epsilon = 1e-8);
/// # Ok::<(), String>(())
/// ```
// ANCHOR: cross_entropy_error
pub fn cross_entropy_error(
    y: ArrayView1<f64>,
    t: ArrayView1<f64>,
) -> Result<f64, String> {
    let name = "cross_entropy_error";
    same_shape(name, y.shape(), t.shape())?;
    all_probabilities(name, y)?;
    all_finite(name, "t", t)?;
    Ok(-(&t * &y.mapv(|v| (v + DELTA).ln())).sum())
}
// ANCHOR_END: cross_entropy_error

/// An error for a batch with no samples: its average is undefined.
fn non_empty(name: &str, y: &ArrayView2<f64>) -> Result<(), String> {
    if y.nrows() == 0 {
        Err(format!(
            "{name} needs at least one sample, got a batch of shape {}",
            shape_text(y.shape())
        ))
    } else {
        Ok(())
    }
}

/// [`mean_squared_error`] over a mini-batch: half the sum of squares of
/// each sample, averaged over the samples.
///
/// $E = \frac{1}{N} \sum_n \frac{1}{2} \sum_k (y_{nk} - t_{nk})^2$
///
/// # Shapes
///
/// `y`, `t`: `(batch_size, classes)` → a number.
///
/// # Errors
///
/// When `y` and `t` differ in shape, the batch is empty, or a value is not
/// finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::mean_squared_error_batch;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.9], [0.8, 0.2]];
/// let t = array![[0.0, 1.0], [0.0, 1.0]];
/// let e = mean_squared_error_batch(y.view(), t.view())?;
/// // samples: 0.5 * 0.02 = 0.01 and 0.5 * 1.28 = 0.64
/// assert_abs_diff_eq!(e, 0.325, epsilon = 1e-15);
/// # Ok::<(), String>(())
/// ```
// ANCHOR: mean_squared_error_batch
pub fn mean_squared_error_batch(
    y: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<f64, String> {
    let name = "mean_squared_error_batch";
    same_shape(name, y.shape(), t.shape())?;
    non_empty(name, &y)?;
    all_finite(name, "y", y)?;
    all_finite(name, "t", t)?;
    let batch_size = y.nrows() as f64;
    Ok(0.5 * (&y - &t).mapv(|d| d * d).sum() / batch_size)
}
// ANCHOR_END: mean_squared_error_batch

/// [`cross_entropy_error`] over a mini-batch with one-hot targets,
/// averaged over the samples.
///
/// $E = -\frac{1}{N} \sum_n \sum_k t_{nk} \ln(y_{nk} + \delta)$
///
/// # Shapes
///
/// `y`, `t`: `(batch_size, classes)` → a number.
///
/// # Errors
///
/// When `y` and `t` differ in shape, the batch is empty, a value of `y` is
/// not a probability in [0, 1], or a value of `t` is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::cross_entropy_error_batch;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.9], [0.8, 0.2]];
/// let t = array![[0.0, 1.0], [0.0, 1.0]];
/// let e = cross_entropy_error_batch(y.view(), t.view())?;
/// let by_hand = -((0.9_f64 + 1e-7).ln() + (0.2_f64 + 1e-7).ln()) / 2.0;
/// assert_abs_diff_eq!(e, by_hand, epsilon = 1e-15);
///
/// let t3 = array![[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]];
/// let err = cross_entropy_error_batch(y.view(), t3.view()).unwrap_err();
/// assert!(err.contains("y: (2, 2) and t: (2, 3)"));
/// # Ok::<(), String>(())
/// ```
// ANCHOR: cross_entropy_error_batch
pub fn cross_entropy_error_batch(
    y: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<f64, String> {
    let name = "cross_entropy_error_batch";
    same_shape(name, y.shape(), t.shape())?;
    non_empty(name, &y)?;
    all_probabilities(name, y)?;
    all_finite(name, "t", t)?;
    let batch_size = y.nrows() as f64;
    // t_nk ln(y_nk + δ); where t_nk = 0 the term is 0 and its ln is skipped
    let terms = Zip::from(&t).and(&y).map_collect(|&t, &y| {
        if t == 0.0 { 0.0 } else { t * (y + DELTA).ln() }
    });
    Ok(-terms.sum() / batch_size)
}
// ANCHOR_END: cross_entropy_error_batch

/// [`cross_entropy_error_batch`] with the targets given as class indices:
/// only the probability of each sample's right class is looked up.
///
/// $E = -\frac{1}{N} \sum_n \ln(y_{n, t_n} + \delta)$
///
/// # Shapes
///
/// `y`: `(batch_size, classes)`, `labels`: `(batch_size,)` → a number.
///
/// # Errors
///
/// When `labels` does not have one entry per row of `y`, a label is not a
/// column of `y`, the batch is empty, or a value of `y` is not a
/// probability in [0, 1].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::{cross_entropy_error_batch, cross_entropy_error_labels};
/// use ch05_data::one_hot;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.9], [0.8, 0.2]];
/// let labels = array![1, 1];
/// let e = cross_entropy_error_labels(y.view(), labels.view())?;
/// let t = one_hot(labels.view(), 2)?;
/// let e_one_hot = cross_entropy_error_batch(y.view(), t.view())?;
/// assert_abs_diff_eq!(e, e_one_hot, epsilon = 1e-15);
///
/// assert!(cross_entropy_error_labels(y.view(), array![1].view()).is_err());
/// assert!(cross_entropy_error_labels(y.view(), array![0, 2].view()).is_err());
/// # Ok::<(), String>(())
/// ```
// ANCHOR: cross_entropy_error_labels
pub fn cross_entropy_error_labels(
    y: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, String> {
    let name = "cross_entropy_error_labels";
    if labels.len() != y.nrows() {
        return Err(format!(
            "{name} needs one label per row of y, got y: {} and labels: {}",
            shape_text(y.shape()),
            shape_text(labels.shape())
        ));
    }
    non_empty(name, &y)?;
    all_probabilities(name, y)?;
    let mut sum = 0.0;
    for (n, &k) in labels.iter().enumerate() {
        if k >= y.ncols() {
            return Err(format!(
                "{name}: labels[{n}] = {k} is not a class of y: {}",
                shape_text(y.shape())
            ));
        }
        // t is 0 everywhere but at k, so only y[n, k] adds to the sum
        sum += (y[[n, k]] + DELTA).ln();
    }
    Ok(-sum / y.nrows() as f64)
}
// ANCHOR_END: cross_entropy_error_labels

// The two predictions of Deep Learning from Scratch 4.2.1 and 4.2.2, for
// the target "the digit is a 2".

/// The target of the book's examples: one-hot, the right class is 2.
fn book_t() -> Array1<f64> {
    array![0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
}

/// The book's first prediction: class 2 most likely (0.6), right.
fn book_y_right() -> Array1<f64> {
    array![0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
}

/// The book's second prediction: class 7 most likely (0.6), wrong.
fn book_y_wrong() -> Array1<f64> {
    array![0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
}

/// Demo `mse`: the book's two examples, in both forms of the MSE.
fn mse_demo(out: &mut dyn Write) -> kit::Result {
    let t = book_t();
    writeln!(out, "t = {t:.0}")?;
    for (name, y) in [("y1", book_y_right()), ("y2", book_y_wrong())] {
        let e = mean_squared_error(y.view(), t.view())?;
        let m = mse_mean(y.view(), t.view())?;
        writeln!(out, "{name} = {y:.2}")?;
        writeln!(out, "  mean_squared_error = {e:.4}   mse_mean = {m:.4}")?;
    }
    Ok(())
}

/// Demo `cross-entropy`: the book's two examples, and what `delta` does.
fn cross_entropy_demo(out: &mut dyn Write) -> kit::Result {
    let t = book_t();
    for (name, y) in [("y1", book_y_right()), ("y2", book_y_wrong())] {
        let e = cross_entropy_error(y.view(), t.view())?;
        writeln!(out, "{name}: cross_entropy_error = {e:.15}")?;
    }
    writeln!(out)?;
    writeln!(out, "ln(0)           = {}", 0.0_f64.ln())?;
    writeln!(out, "0 * ln(0)       = {}", 0.0 * 0.0_f64.ln())?;
    writeln!(out, "-ln(0 + delta)  = {:.4}", -(0.0 + DELTA).ln())?;
    writeln!(out, "-ln(1 + delta)  = {:.4e}", -(1.0 + DELTA).ln())?;
    writeln!(out)?;
    let t3 = array![0.0, 0.0, 1.0];
    for y in [array![0.0, 0.1, 0.9], array![0.1, 0.9, 0.0]] {
        let no_delta = wrong_way::cross_entropy_no_delta(y.view(), t3.view());
        let e = cross_entropy_error(y.view(), t3.view())?;
        writeln!(out, "y = {y:.1}, t = {t3:.1}")?;
        writeln!(out, "  without delta: {no_delta:.4}   with delta: {e:.4}")?;
    }
    Ok(())
}

/// The probability of the right class spread over 10 classes: `p` for the
/// right one, the rest shared equally by the other nine.
fn prediction_with(p: f64) -> (Array1<f64>, Array1<f64>) {
    let mut y = Array1::from_elem(10, (1.0 - p) / 9.0);
    y[2] = p;
    (y, book_t())
}

/// Demo `compare`: both losses as the right class's probability grows.
fn compare_demo(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "y_right   mean_squared_error   cross_entropy_error")?;
    for p in [0.0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0] {
        let (y, t) = prediction_with(p);
        let mse = mean_squared_error(y.view(), t.view())?;
        let ce = cross_entropy_error(y.view(), t.view())?;
        writeln!(out, "{p:7.2}   {mse:18.4}   {ce:19.4}")?;
    }
    Ok(())
}

/// Demo `batch`: the book's two predictions as one mini-batch.
fn batch_demo(out: &mut dyn Write) -> kit::Result {
    let mut y = Array2::zeros((2, 10));
    y.row_mut(0).assign(&book_y_right());
    y.row_mut(1).assign(&book_y_wrong());
    let labels = array![2, 2];
    let t = one_hot(labels.view(), 10)?;
    writeln!(out, "y: shape {}, labels = {labels}", shape_text(y.shape()))?;
    writeln!(out, "t = one_hot(labels, 10) =\n{t:.0}")?;
    let ce_one_hot = cross_entropy_error_batch(y.view(), t.view());
    let ce_labels = cross_entropy_error_labels(y.view(), labels.view());
    let mse = mean_squared_error_batch(y.view(), t.view());
    writeln!(
        out,
        "cross_entropy_error_batch(y, t)       = {:.4}",
        ce_one_hot?
    )?;
    writeln!(
        out,
        "cross_entropy_error_labels(y, labels) = {:.4}",
        ce_labels?
    )?;
    writeln!(out, "mean_squared_error_batch(y, t)        = {:.4}", {
        mse?
    })?;
    writeln!(out)?;
    writeln!(out, "a batch of one is the single-sample loss:")?;
    let y1 = book_y_right();
    let single = cross_entropy_error(y1.view(), book_t().view());
    let y1_batch = y1.view().insert_axis(Axis(0));
    let t1_batch = book_t().insert_axis(Axis(0));
    let batch = cross_entropy_error_batch(y1_batch, t1_batch.view());
    writeln!(
        out,
        "  y1 alone {:.4}, as a (1, 10) batch {:.4}",
        { single? },
        batch?
    )?;
    writeln!(out)?;
    writeln!(out, "shape errors:")?;
    let short_t = Array2::zeros((2, 3));
    let errors = [
        cross_entropy_error_batch(y.view(), short_t.view()),
        cross_entropy_error_labels(y.view(), array![2].view()),
        cross_entropy_error_labels(y.view(), array![2, 10].view()),
        mean_squared_error(book_y_right().view(), array![0.0, 1.0].view()),
    ];
    for e in errors {
        match e {
            Ok(v) => writeln!(out, "  unexpected Ok({v:.4})")?,
            Err(msg) => writeln!(out, "  {msg}")?,
        }
    }
    Ok(())
}

/// The toy data set: 20 points on a line, 10 of class 0 drawn from
/// [-2, 1) and 10 of class 1 drawn from [-0.5, 2.5), seeded.
///
/// # Shapes
///
/// `x`: `(20,)`, labels: `(20,)`.
///
/// # Examples
///
/// ```
/// let (x, labels) = ch06_losses::toy_data();
/// assert_eq!((x.len(), labels.sum()), (20, 10));
/// ```
// ANCHOR: toy_data
pub fn toy_data() -> (Array1<f64>, Array1<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let mut x = Vec::new();
    let mut labels = Vec::new();
    for (label, range) in [(0, -2.0..1.0), (1, -0.5..2.5)] {
        for _ in 0..10 {
            x.push(rng.random_range(range.clone()));
            labels.push(label);
        }
    }
    (Array1::from(x), Array1::from(labels))
}
// ANCHOR_END: toy_data

// ANCHOR: toy_b
/// The bias of the toy model, fixed while its weight moves.
pub const TOY_B: f64 = -1.0;
// ANCHOR_END: toy_b

/// The toy model's class probabilities: class 0 scores 0, class 1 scores
/// $w x + b$, and softmax turns the two scores into probabilities.
///
/// # Shapes
///
/// `x`: `(n,)` → `(n, 2)`.
///
/// # Errors
///
/// When a score is not finite.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::toy_predict;
/// use ndarray::array;
///
/// let y = toy_predict(array![0.5].view(), 2.0, -1.0)?;
/// assert_abs_diff_eq!(y, array![[0.5, 0.5]]); // scores 0 and 0
/// # Ok::<(), String>(())
/// ```
// ANCHOR: toy_predict
pub fn toy_predict(
    x: ArrayView1<f64>,
    w: f64,
    b: f64,
) -> Result<Array2<f64>, String> {
    let mut scores = Array2::zeros((x.len(), 2));
    scores.column_mut(1).assign(&x.mapv(|x| w * x + b));
    Ok(softmax_rows(scores.view())?)
}
// ANCHOR_END: toy_predict

/// The toy model's accuracy and cross-entropy loss on [`toy_data`] for
/// each weight in `ws`, with the bias fixed at [`TOY_B`].
///
/// # Errors
///
/// When a weight is not finite.
///
/// # Examples
///
/// ```
/// let rows = ch06_losses::toy_sweep(&[0.0, 1.0])?;
/// // w = 0: every score of class 1 is b = -1, so class 0 always wins
/// assert_eq!(rows[0].1, 0.5);
/// # Ok::<(), String>(())
/// ```
// ANCHOR: toy_sweep
pub fn toy_sweep(ws: &[f64]) -> Result<Vec<(f64, f64, f64)>, String> {
    let (x, labels) = toy_data();
    let mut rows = Vec::new();
    for &w in ws {
        let y = toy_predict(x.view(), w, TOY_B)?;
        let loss = cross_entropy_error_labels(y.view(), labels.view())?;
        // each sample's most likely class, scored against its label
        let p = argmax_rows(y.view()).ok_or("the toy model has no classes")?;
        rows.push((w, accuracy(p.view(), labels.view())?, loss));
    }
    Ok(rows)
}
// ANCHOR_END: toy_sweep

/// The weights of the accuracy-vs-loss figure: -1 to 5 in steps of 0.005.
fn sweep_ws() -> Vec<f64> {
    (0..=1200).map(|i| -1.0 + i as f64 * 0.005).collect()
}

/// Demo `accuracy-vs-loss`: the toy model as its weight moves.
fn accuracy_vs_loss_demo(out: &mut dyn Write) -> kit::Result {
    let (x, labels) = toy_data();
    writeln!(out, "toy data (x, label), sorted by x:")?;
    let mut points: Vec<(f64, usize)> =
        x.iter().copied().zip(labels.iter().copied()).collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    for chunk in points.chunks(5) {
        let cells: Vec<String> = chunk
            .iter()
            .map(|(x, t)| format!("({x:6.3}, {t})"))
            .collect();
        writeln!(out, "  {}", cells.join("  "))?;
    }
    writeln!(out)?;
    writeln!(out, "     w   accuracy     loss")?;
    let ws = [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0];
    for (w, acc, loss) in toy_sweep(&ws)? {
        writeln!(out, "{w:6.2}   {acc:8.2}   {loss:6.4}")?;
    }
    writeln!(out)?;
    let rows = toy_sweep(&sweep_ws())?;
    writeln!(
        out,
        "w from -1 to 5 in steps of 0.005: accuracy stays flat on"
    )?;
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].1 != rows[start].1 {
            let (w0, w1) = (rows[start].0, rows[i - 1].0);
            writeln!(out, "  w in [{w0:6.3}, {w1:6.3}]: accuracy {:.2}", {
                rows[start].1
            })?;
            start = i;
        }
    }
    let best = rows
        .iter()
        .fold(rows[0], |b, &r| if r.2 < b.2 { r } else { b });
    writeln!(
        out,
        "lowest loss on the sweep: w = {:.3}, loss {:.4}, accuracy {:.2}",
        best.0, best.2, best.1
    )?;
    writeln!(out)?;
    writeln!(out, "a small step of w around w = 1.5:")?;
    writeln!(out, "     w   accuracy     loss")?;
    for (w, acc, loss) in toy_sweep(&[1.49, 1.5, 1.51])? {
        writeln!(out, "{w:6.2}   {acc:8.2}   {loss:6.4}")?;
    }
    Ok(())
}

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = &[
    Demo::new("mse", mse_demo),
    Demo::new("cross-entropy", cross_entropy_demo),
    Demo::new("compare", compare_demo),
    Demo::new("batch", batch_demo),
    Demo::new("accuracy-vs-loss", accuracy_vs_loss_demo),
];

/// Figure `neg-log`: $y = -\ln x$ on (0, 1], with the book's two examples
/// marked.
fn neg_log_figure() -> kit::Result<String> {
    let x: Vec<f64> = (1..=1000).map(|i| i as f64 / 1000.0).collect();
    let y: Vec<f64> = x.iter().map(|v| -v.ln()).collect();
    svg_figure(|root| {
        let mut c = chart(
            root,
            "y = -ln x，x 取 (0, 1]",
            0.0..1.0,
            0.0..7.0,
            "正确类别的概率 x",
            "y = -ln x",
        )?;
        draw_series(&mut c, &[Series::new("y = -ln x", x, y)])?;
        let style = font(13.0).pos(Pos::new(HPos::Left, VPos::Bottom));
        for p in [0.6, 0.1] {
            let e = -(p + DELTA).ln();
            let dot = Circle::new((p, e), scaled(4.0), color(1).filled());
            c.draw_series([dot])?;
            let label = format!("x = {p:.1}, -ln x = {e:.2}");
            let at = (p + 0.015, e + 0.1);
            c.draw_series([Text::new(label, at, style.clone())])?;
        }
        Ok(())
    })
}

/// Figure `losses`: both losses of a 10-class prediction as the
/// probability of the right class goes from 0 to 1.
fn losses_figure() -> kit::Result<String> {
    const Y_MAX: f64 = 6.0;
    let (mut mse, mut ce) = (Vec::new(), Vec::new());
    for p in (0..=1000).map(|i| i as f64 / 1000.0) {
        let (y, t) = prediction_with(p);
        mse.push((p, mean_squared_error(y.view(), t.view())?));
        let e = cross_entropy_error(y.view(), t.view())?;
        // leave out what would run off the top of the chart
        if e <= Y_MAX {
            ce.push((p, e));
        }
    }
    let (ce_p, ce_e): (Vec<f64>, Vec<f64>) = ce.into_iter().unzip();
    let (mse_p, mse_e): (Vec<f64>, Vec<f64>) = mse.into_iter().unzip();
    line_chart(
        "两种损失：正确类别的概率越低，损失越大",
        0.0..1.0,
        0.0..Y_MAX,
        "正确类别的概率 y_right",
        "损失 E",
        &[
            Series::new("交叉熵误差", ce_p, ce_e),
            Series::new("均方误差（0.5 × 平方和）", mse_p, mse_e).dashed(),
        ],
    )
}

/// Figure `accuracy-vs-loss`: accuracy (a staircase) and loss (smooth) of
/// the toy model as its weight moves.
fn accuracy_vs_loss_figure() -> kit::Result<String> {
    let rows = toy_sweep(&sweep_ws())?;
    let w: Vec<f64> = rows.iter().map(|r| r.0).collect();
    let acc: Vec<f64> = rows.iter().map(|r| r.1).collect();
    let loss: Vec<f64> = rows.iter().map(|r| r.2).collect();
    svg_figure(|root| {
        let (top, bottom) = root.split_vertically(500);
        let mut c =
            chart(&top, "识别精度", -1.0..5.0, 0.0..1.0, "权重 w", "精度")?;
        draw_series(&mut c, &[Series::new("精度", w.clone(), acc)])?;
        let mut c = chart(
            &bottom,
            "交叉熵损失",
            -1.0..5.0,
            0.0..1.5,
            "权重 w",
            "损失",
        )?;
        // the second colour of the book's palette, to tell it from the top
        let style = stroke(1, 2.0);
        c.draw_series(LineSeries::new(w.into_iter().zip(loss), style))?;
        Ok(())
    })
}

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = &[
    Figure::new("neg-log", neg_log_figure),
    Figure::new("losses", losses_figure),
    Figure::new("accuracy-vs-loss", accuracy_vs_loss_figure),
];

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use proptest::prelude::*;
    use rand::Rng;

    fn output(demo: &str) -> String {
        CHAPTER.output(demo).unwrap()
    }

    // ANCHOR: reference_tests
    // Deep Learning from Scratch 4.2.1 and 4.2.2 print these values.
    #[test]
    fn mean_squared_error_matches_the_book() {
        let t = book_t();
        let right = mean_squared_error(book_y_right().view(), t.view());
        let wrong = mean_squared_error(book_y_wrong().view(), t.view());
        assert_abs_diff_eq!(right.unwrap(), 0.0975, epsilon = 1e-15);
        assert_abs_diff_eq!(wrong.unwrap(), 0.5975, epsilon = 1e-15);
    }

    #[test]
    fn cross_entropy_error_matches_the_book() {
        let t = book_t();
        let right = cross_entropy_error(book_y_right().view(), t.view());
        let wrong = cross_entropy_error(book_y_wrong().view(), t.view());
        assert_abs_diff_eq!(right.unwrap(), 0.510825457099338, epsilon = 1e-15);
        assert_abs_diff_eq!(wrong.unwrap(), 2.302584092994546, epsilon = 1e-15);
    }
    // ANCHOR_END: reference_tests

    #[test]
    fn demos_print_the_book_values() {
        let mse = output("mse");
        assert!(mse.contains("mean_squared_error = 0.0975"));
        assert!(mse.contains("mean_squared_error = 0.5975"));
        let ce = output("cross-entropy");
        assert!(ce.contains("y1: cross_entropy_error = 0.510825457099338"));
        assert!(ce.contains("y2: cross_entropy_error = 2.302584092994546"));
    }

    #[test]
    fn mse_mean_is_two_over_n_of_the_half_sum() {
        let t = book_t();
        for y in [book_y_right(), book_y_wrong()] {
            let half_sum = mean_squared_error(y.view(), t.view()).unwrap();
            let mean = mse_mean(y.view(), t.view()).unwrap();
            let by_hand = (&y - &t).mapv(|d| d * d).mean().unwrap();
            assert_abs_diff_eq!(mean, by_hand, epsilon = 1e-15);
            assert_abs_diff_eq!(mean, 0.2 * half_sum, epsilon = 1e-15);
        }
        let empty = Array1::<f64>::zeros(0);
        assert!(mse_mean(empty.view(), empty.view()).is_err());
    }

    // ANCHOR: delta_tests
    #[test]
    fn without_delta_a_zero_probability_gives_inf_or_nan() {
        use wrong_way::cross_entropy_no_delta;
        let t = array![0.0, 0.0, 1.0];
        // the right class has probability 0: -ln 0 = inf
        let y = array![0.1, 0.9, 0.0];
        assert_eq!(cross_entropy_no_delta(y.view(), t.view()), f64::INFINITY);
        // a wrong class has probability 0: 0 * ln 0 = 0 * -inf = NaN
        let y = array![0.0, 0.1, 0.9];
        assert!(cross_entropy_no_delta(y.view(), t.view()).is_nan());
        // with delta both are finite
        let e = cross_entropy_error(array![0.1, 0.9, 0.0].view(), t.view());
        assert_abs_diff_eq!(e.unwrap(), -(1e-7_f64).ln(), epsilon = 1e-12);
        let e = cross_entropy_error(array![0.0, 0.1, 0.9].view(), t.view());
        assert_abs_diff_eq!(e.unwrap(), -(0.9_f64 + 1e-7).ln());
    }
    // ANCHOR_END: delta_tests

    #[test]
    fn delta_makes_a_perfect_prediction_slightly_negative() {
        let t = array![0.0, 1.0];
        let e = cross_entropy_error(array![0.0, 1.0].view(), t.view());
        assert_abs_diff_eq!(e.unwrap(), -1e-7, epsilon = 1e-13);
    }

    // ANCHOR: batch_tests
    #[test]
    fn one_hot_and_label_forms_agree() {
        let mut rng = ChaCha8Rng::seed_from_u64(60);
        let scores = Array2::from_shape_simple_fn((8, 10), || {
            rng.random_range(-5.0..5.0)
        });
        let y = softmax_rows(scores.view()).unwrap();
        let labels = Array1::from_iter((0..8).map(|n| (n * 3) % 10));
        let t = one_hot(labels.view(), 10).unwrap();
        let e_one_hot = cross_entropy_error_batch(y.view(), t.view()).unwrap();
        let e_labels =
            cross_entropy_error_labels(y.view(), labels.view()).unwrap();
        assert_abs_diff_eq!(e_one_hot, e_labels, epsilon = 1e-12);
        // and both are the mean of the single-sample losses
        let mean = (0..8)
            .map(|n| cross_entropy_error(y.row(n), t.row(n)).unwrap())
            .sum::<f64>()
            / 8.0;
        assert_abs_diff_eq!(e_labels, mean, epsilon = 1e-12);
    }
    // ANCHOR_END: batch_tests

    #[test]
    fn batch_mse_is_the_mean_of_single_mses() {
        let y = array![[0.1, 0.9, 0.0], [0.3, 0.3, 0.4]];
        let t = one_hot(array![1, 2].view(), 3).unwrap();
        let batch = mean_squared_error_batch(y.view(), t.view()).unwrap();
        let singles: f64 = (0..2)
            .map(|n| mean_squared_error(y.row(n), t.row(n)).unwrap())
            .sum();
        assert_abs_diff_eq!(batch, singles / 2.0, epsilon = 1e-15);
    }

    #[test]
    fn a_batch_of_one_is_the_single_loss() {
        let (y, t) = (book_y_right(), book_t());
        let y1 = y.view().insert_axis(Axis(0));
        let t1 = t.view().insert_axis(Axis(0));
        let single = cross_entropy_error(y.view(), t.view()).unwrap();
        let batch = cross_entropy_error_batch(y1, t1).unwrap();
        assert_eq!(single, batch);
        let single = mean_squared_error(y.view(), t.view()).unwrap();
        let batch = mean_squared_error_batch(y1, t1).unwrap();
        assert_eq!(single, batch);
    }

    #[test]
    fn shape_errors_name_the_shapes() {
        let y = Array2::<f64>::from_elem((2, 10), 0.1);
        let t = Array2::<f64>::zeros((2, 3));
        let err = cross_entropy_error_batch(y.view(), t.view()).unwrap_err();
        assert!(err.contains("y: (2, 10) and t: (2, 3)"), "{err}");
        let err = mean_squared_error_batch(y.view(), t.view()).unwrap_err();
        assert!(err.contains("y: (2, 10) and t: (2, 3)"), "{err}");
        let err =
            cross_entropy_error_labels(y.view(), array![1].view()).unwrap_err();
        assert!(err.contains("y: (2, 10) and labels: (1,)"), "{err}");
        let err = cross_entropy_error_labels(y.view(), array![1, 10].view())
            .unwrap_err();
        assert!(err.contains("labels[1] = 10"), "{err}");
        let err = mean_squared_error(
            Array1::zeros(10).view(),
            Array1::zeros(3).view(),
        )
        .unwrap_err();
        assert!(err.contains("y: (10,) and t: (3,)"), "{err}");
        let empty = Array2::<f64>::zeros((0, 10));
        let err =
            cross_entropy_error_batch(empty.view(), empty.view()).unwrap_err();
        assert!(err.contains("(0, 10)"), "{err}");
        let no_labels = Array1::<usize>::zeros(0);
        assert!(
            cross_entropy_error_labels(empty.view(), no_labels.view()).is_err()
        );
    }

    #[test]
    fn values_that_are_not_probabilities_are_errors() {
        let t = array![0.0, 1.0];
        for bad in [-0.1, 1.5, f64::NAN] {
            let err = cross_entropy_error(array![0.5, bad].view(), t.view());
            assert!(err.unwrap_err().contains("element 1"));
        }
        let err =
            mean_squared_error(array![f64::NAN].view(), array![1.0].view());
        assert!(err.unwrap_err().contains("element 0 of y"));
        let y = array![[0.5, 0.5]];
        let t = array![[f64::INFINITY, 0.0]];
        assert!(cross_entropy_error_batch(y.view(), t.view()).is_err());
    }

    #[test]
    fn accuracy_is_a_staircase_and_loss_is_not() {
        let rows = toy_sweep(&sweep_ws()).unwrap();
        // accuracy takes only multiples of 1/20 ...
        for &(_, acc, _) in &rows {
            let steps = acc * 20.0;
            assert_abs_diff_eq!(steps, steps.round(), epsilon = 1e-12);
        }
        // ... and stays put between most neighbouring weights, while the
        // loss changes between every pair of them
        let pairs = rows.windows(2);
        let flat = pairs.clone().filter(|p| p[0].1 == p[1].1).count();
        assert!(flat > rows.len() * 9 / 10, "{flat} of {}", rows.len());
        assert!(pairs.clone().all(|p| p[0].2 != p[1].2));
        // the loss is smooth: no jump between neighbours is large
        let biggest =
            pairs.map(|p| (p[0].2 - p[1].2).abs()).fold(0.0, f64::max);
        assert!(biggest < 0.01, "{biggest}");
    }

    #[test]
    fn a_small_step_moves_the_loss_but_not_the_accuracy() {
        let rows = toy_sweep(&[1.49, 1.5, 1.51]).unwrap();
        assert_eq!(rows[0].1, rows[1].1);
        assert_eq!(rows[1].1, rows[2].1);
        assert!(rows[0].2 != rows[1].2 && rows[1].2 != rows[2].2);
    }

    #[test]
    fn every_demo_runs_and_every_figure_draws() {
        CHAPTER.all_output().unwrap();
    }

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
}

kit::chapter_tests!(CHAPTER);
