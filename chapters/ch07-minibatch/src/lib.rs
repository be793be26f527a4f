//! Chapter 7: mini-batch learning.
//!
//! The loss over the whole training set costs one forward pass per image.
//! A mini-batch drawn at random estimates it for a fraction of the cost:
//! [`sampling`] draws the batches (with replacement, as NumPy's
//! `np.random.choice(train_size, batch_size)` in the study notes; without
//! replacement; or as shuffled epochs), [`probabilities`] and
//! [`sample_losses`] give the loss of every image once, and
//! [`batch_loss_estimates`] measures how far a batch's loss strays from
//! the full loss: by σ/√n for a batch of n ([`standard_error`]).
#![doc(test(attr(deny(warnings))))]

pub mod exercises;
pub mod sampling;

pub use sampling::{
    BatchError, epoch_batches, sample_with_replacement,
    sample_without_replacement, take_rows,
};

use std::io::Write;
use std::sync::OnceLock;

// ANCHOR: uses
// Chapter 0: figures and demos, and the book's plot style.
use kit::plot::{
    book_legend, book_mesh, color, font, scaled, stroke, svg_figure,
};
use kit::{Demo, Figure};
// Chapter 2: the activation of the hidden layer.
use ch02_activations::sigmoid;
// Chapter 3: a whole batch through the network at once.
use ch03_arrays::{forward_batch, shape_text};
// Chapter 4: scores to probabilities, one row per sample.
use ch04_output_layer::softmax_rows;
// Chapter 5: the bundled MNIST subset and the untrained network.
use ch05_data::{
    Layers, MnistSet, SIZES, bundled_dir, init_network, read_mnist,
    untrained_network,
};
// Chapter 6: the cross-entropy of one sample and of a batch.
use ch06_losses::{
    cross_entropy_error, cross_entropy_error_batch, cross_entropy_error_labels,
};
// ANCHOR_END: uses

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

kit::chapter!(DEMOS, FIGURES);

/// The seed of every draw in this chapter.
pub const SEED: u64 = 7;

/// Training images of the full MNIST.
pub const FULL_TRAIN_SIZE: usize = 60_000;

/// The batch size of the study notes' sampling code.
pub const NOTES_BATCH_SIZE: usize = 10;

/// Batch sizes of the `spread` demo and figure.
pub const SPREAD_BATCH_SIZES: [usize; 7] = [1, 3, 10, 30, 100, 300, 1000];

/// How many batches of each size the `spread` demo and figure draw.
pub const DRAWS: usize = 1000;

/// The network's probabilities for a batch: ch03's `forward_batch` with
/// sigmoid hidden layers, then ch04's `softmax_rows` on every row (the
/// source book's `predict` followed by `softmax`).
///
/// $Y = \mathrm{softmax}(\ldots\sigma(X W_1 + b_1) \ldots W_L + b_L)$,
/// row by row.
///
/// # Shapes
///
/// `x`: `(batch_size, n_0)`; layer `k` is `W`: `(n_k, n_{k+1})`, `b`:
/// `(n_{k+1},)`; the result is `(batch_size, n_L)`, each row summing to 1.
///
/// # Errors
///
/// When there are no layers or the shapes do not fit; the message names
/// them.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::probabilities;
/// use ndarray::{Array2, Axis};
///
/// let layers = ch05_data::untrained_network();
/// let x = Array2::<f64>::zeros((3, 784));
/// let y = probabilities(x.view(), &layers)?;
/// assert_eq!(y.dim(), (3, 10));
/// assert_abs_diff_eq!(y.sum_axis(Axis(1)), ndarray::arr1(&[1.0; 3]), epsilon = 1e-12);
/// assert!(probabilities(Array2::zeros((3, 783)).view(), &layers).is_err());
/// # Ok::<(), String>(())
/// ```
// ANCHOR: probabilities
pub fn probabilities(
    x: ArrayView2<f64>,
    layers: &[(Array2<f64>, Array1<f64>)],
) -> Result<Array2<f64>, String> {
    let scores = forward_batch(x, layers, sigmoid)?;
    Ok(softmax_rows(scores.view())?)
}
// ANCHOR_END: probabilities

/// The cross-entropy of every sample on its own: entry `n` is ch06's
/// `cross_entropy_error` of row `n` of `y` against row `n` of `t`. Their
/// mean is the batch loss of ch06's `cross_entropy_error_batch`.
///
/// $E_n = -\sum_k t_{nk} \ln(y_{nk} + \delta)$
///
/// # Shapes
///
/// `y`, `t`: `(count, classes)` → `(count,)`.
///
/// # Errors
///
/// When `y` and `t` differ in shape, or a row is not a valid input of
/// `cross_entropy_error` (the message names the row).
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch06_losses::cross_entropy_error_batch;
/// use ch07_minibatch::sample_losses;
/// use ndarray::array;
///
/// let y = array![[0.1, 0.9], [0.8, 0.2]];
/// let t = array![[0.0, 1.0], [0.0, 1.0]];
/// let e = sample_losses(y.view(), t.view())?;
/// assert_abs_diff_eq!(e[1], -(0.2_f64 + 1e-7).ln(), epsilon = 1e-15);
/// let batch = cross_entropy_error_batch(y.view(), t.view())?;
/// assert_abs_diff_eq!(e.mean().unwrap(), batch, epsilon = 1e-15);
/// # Ok::<(), String>(())
/// ```
// ANCHOR: sample_losses
pub fn sample_losses(
    y: ArrayView2<f64>,
    t: ArrayView2<f64>,
) -> Result<Array1<f64>, String> {
    if y.dim() != t.dim() {
        return Err(format!(
            "sample_losses needs y and t of the same shape, got y: {} and \
             t: {}",
            shape_text(y.shape()),
            shape_text(t.shape())
        ));
    }
    y.rows()
        .into_iter()
        .zip(t.rows())
        .enumerate()
        .map(|(n, (y_n, t_n))| {
            cross_entropy_error(y_n, t_n)
                .map_err(|e| format!("sample {n}: {e}"))
        })
        .collect()
}
// ANCHOR_END: sample_losses

/// The loss of every image of `set` under the network `layers`: the
/// per-sample cross-entropy of its probabilities against the one-hot
/// labels. Computed once, it gives the loss of any batch without another
/// forward pass ([`batch_loss`]).
///
/// # Shapes
///
/// `(set.len(),)`.
///
/// # Errors
///
/// When the network does not take 784 inputs and give 10 outputs.
///
/// # Examples
///
/// ```
/// use ch05_data::{bundled_dir, read_mnist, untrained_network};
/// use ch07_minibatch::training_losses;
///
/// let mnist = read_mnist(&bundled_dir()).map_err(|e| e.to_string())?;
/// let losses = training_losses(&mnist.test, &untrained_network())?;
/// assert_eq!(losses.len(), 1000);
/// // an untrained network is about equally unsure of every image
/// assert!(losses.iter().all(|&e| (2.2..2.4).contains(&e)));
/// # Ok::<(), String>(())
/// ```
// ANCHOR: training_losses
pub fn training_losses(
    set: &MnistSet,
    layers: &[(Array2<f64>, Array1<f64>)],
) -> Result<Array1<f64>, String> {
    let y = probabilities(set.x(true).view(), layers)?;
    sample_losses(y.view(), set.t_one_hot().view())
}
// ANCHOR_END: training_losses

/// The mean of `losses` at the rows `batch_mask` (indices may repeat).
/// Needs no checks: the callers make sure the batch is not empty and
/// every index is in range.
fn mean_at(losses: ArrayView1<f64>, batch_mask: &[usize]) -> f64 {
    let sum: f64 = batch_mask.iter().map(|&i| losses[i]).sum();
    sum / batch_mask.len() as f64
}

/// The loss of one batch, read off the per-sample losses: their mean at
/// the rows `batch_mask`. The same number as ch06's
/// `cross_entropy_error_batch` on the batch's rows, without a forward pass.
///
/// $\hat L = \frac{1}{n} \sum_{j=1}^{n} E_{i_j}$ for
/// `batch_mask` $= (i_1, \ldots, i_n)$.
///
/// # Shapes
///
/// `losses`: `(count,)`; `batch_mask`: `n` indices below `count`.
///
/// # Errors
///
/// When `batch_mask` is empty or holds an index not below `count`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::batch_loss;
/// use ndarray::array;
///
/// let losses = array![1.0, 2.0, 6.0];
/// assert_abs_diff_eq!(batch_loss(losses.view(), &[2, 0, 2])?, 13.0 / 3.0);
/// assert!(batch_loss(losses.view(), &[3]).is_err());
/// assert!(batch_loss(losses.view(), &[]).is_err());
/// # Ok::<(), String>(())
/// ```
// ANCHOR: batch_loss
pub fn batch_loss(
    losses: ArrayView1<f64>,
    batch_mask: &[usize],
) -> Result<f64, String> {
    if batch_mask.is_empty() {
        return Err("batch_loss needs at least one row, got none".into());
    }
    if let Some(&i) = batch_mask.iter().find(|&&i| i >= losses.len()) {
        return Err(format!(
            "batch_loss: row {i} asked for, but there are only {} losses",
            losses.len()
        ));
    }
    Ok(mean_at(losses, batch_mask))
}
// ANCHOR_END: batch_loss

/// `draws` estimates of the full loss: each the loss of one batch of
/// `batch_size` rows drawn with replacement (as the study notes draw
/// them) from the per-sample `losses`.
///
/// # Errors
///
/// [`BatchError`] when `batch_size` is 0 or `losses` is empty.
///
/// # Examples
///
/// ```
/// use ch07_minibatch::batch_loss_estimates;
/// use ndarray::array;
/// use rand::SeedableRng;
/// use rand_chacha::ChaCha8Rng;
///
/// let mut rng = ChaCha8Rng::seed_from_u64(0);
/// let losses = array![1.0, 3.0];
/// let est = batch_loss_estimates(&mut rng, losses.view(), 4, 100)?;
/// assert_eq!(est.len(), 100);
/// // four draws of 1 or 3: the mean is 1, 1.5, 2, 2.5 or 3
/// assert!(est.iter().all(|&e| [1.0, 1.5, 2.0, 2.5, 3.0].contains(&e)));
/// # Ok::<(), ch07_minibatch::BatchError>(())
/// ```
// ANCHOR: batch_loss_estimates
pub fn batch_loss_estimates(
    rng: &mut ChaCha8Rng,
    losses: ArrayView1<f64>,
    batch_size: usize,
    draws: usize,
) -> Result<Vec<f64>, BatchError> {
    estimates(sample_with_replacement, rng, losses, batch_size, draws)
}
// ANCHOR_END: batch_loss_estimates

/// `draws` batch losses, each batch drawn by `sample`.
// ANCHOR: estimates
fn estimates(
    sample: Sampler,
    rng: &mut ChaCha8Rng,
    losses: ArrayView1<f64>,
    batch_size: usize,
    draws: usize,
) -> Result<Vec<f64>, BatchError> {
    let mut estimates = Vec::with_capacity(draws);
    for _ in 0..draws {
        let batch_mask = sample(rng, losses.len(), batch_size)?;
        estimates.push(mean_at(losses, &batch_mask));
    }
    Ok(estimates)
}
// ANCHOR_END: estimates

/// The mean and the standard deviation of `values` (dividing by their
/// count, as NumPy's `np.std` does); `None` when there are none.
///
/// $\mu = \frac{1}{m} \sum_i v_i$,
/// $s = \sqrt{\frac{1}{m} \sum_i (v_i - \mu)^2}$
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::mean_std;
///
/// let (mean, std) = mean_std(&[1.0, 2.0, 3.0, 4.0]).unwrap();
/// assert_abs_diff_eq!(mean, 2.5);
/// assert_abs_diff_eq!(std, 1.25_f64.sqrt());
/// assert_eq!(mean_std(&[]), None);
/// ```
pub fn mean_std(values: &[f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let m = values.len() as f64;
    let mean = values.iter().sum::<f64>() / m;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / m;
    Some((mean, var.sqrt()))
}

/// How far the loss of a batch of `batch_size` rows, drawn with
/// replacement, typically lies from the full loss: the standard deviation
/// `sigma` of the per-sample losses divided by the square root of the
/// batch size.
///
/// $\mathrm{SD}(\hat L) = \dfrac{\sigma}{\sqrt{n}}$
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch07_minibatch::standard_error;
///
/// // a batch 100 times larger strays 10 times less
/// assert_abs_diff_eq!(standard_error(0.5, 1), 0.5);
/// assert_abs_diff_eq!(standard_error(0.5, 100), 0.05);
/// ```
// ANCHOR: standard_error
pub fn standard_error(sigma: f64, batch_size: usize) -> f64 {
    sigma / (batch_size as f64).sqrt()
}
// ANCHOR_END: standard_error

/// The two untrained networks of the `spread` demo and figure: the
/// chapter 5 network (weights of spread 0.01), and one with weights of
/// spread 1, whose losses differ much more from image to image.
fn networks() -> Result<[(&'static str, Layers); 2], String> {
    let wide = init_network(&SIZES, 1.0, ch05_data::SEED)?;
    Ok([("std 0.01", untrained_network()), ("std 1", wide)])
}

/// Each network's name and the loss of every training image under it.
type NamedLosses = [(&'static str, Array1<f64>); 2];

/// The per-sample training losses of both [`networks`], computed on the
/// first call and kept: three demos and the figure use them. (They are
/// the same on every call, so keeping them changes no output.)
fn both_losses() -> Result<&'static NamedLosses, String> {
    static LOSSES: OnceLock<Result<NamedLosses, String>> = OnceLock::new();
    let computed = LOSSES.get_or_init(|| {
        let mnist = read_mnist(&bundled_dir()).map_err(|e| e.to_string())?;
        let [(a, small), (b, wide)] = networks()?;
        Ok([
            (a, training_losses(&mnist.train, &small)?),
            (b, training_losses(&mnist.train, &wide)?),
        ])
    });
    computed.as_ref().map_err(Clone::clone)
}

/// Demo `cost`: what one loss over the whole training set costs, in
/// forward passes (one per image) and multiply-adds.
fn cost_demo(out: &mut dyn Write) -> kit::Result {
    let layers = untrained_network();
    let params: usize = layers.iter().map(|(w, b)| w.len() + b.len()).sum();
    let per_image: usize = layers.iter().map(|(w, _)| w.len()).sum();
    writeln!(
        out,
        "784-100-10 network: {params} parameters, {per_image} \
         multiply-adds per image"
    )?;
    let batch_size = 100;
    let rows = [
        ("all 60000 training images", FULL_TRAIN_SIZE),
        ("a batch of 100", batch_size),
    ];
    writeln!(
        out,
        "{:<40}{:>16}{:>16}",
        "", "forward passes", "multiply-adds"
    )?;
    for (what, n) in rows {
        let label = format!("one loss over {what}");
        writeln!(out, "{label:<40}{n:>16}{:>16}", n * per_image)?;
    }
    writeln!(
        out,
        "the batch costs 1/{} of the full loss",
        FULL_TRAIN_SIZE / batch_size
    )?;
    writeln!(out)?;
    let updates = 10_000;
    writeln!(out, "forward passes for {updates} updates, one loss each:")?;
    for (what, n) in rows {
        writeln!(out, "  {what:<38}{:>16}", updates * n)?;
    }
    let losses = 2 * params;
    writeln!(
        out,
        "forward passes for one numerical gradient (2 losses per \
         parameter, {losses} losses):"
    )?;
    for (what, n) in rows {
        writeln!(out, "  {what:<38}{:>16}", losses * n)?;
    }
    Ok(())
}

// ANCHOR: sampling_demo
/// The signature the two batch samplers share.
type Sampler =
    fn(&mut ChaCha8Rng, usize, usize) -> Result<Vec<usize>, BatchError>;

/// Demo `sampling`: the three ways to draw batches, seeded.
fn sampling_demo(out: &mut dyn Write) -> kit::Result {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let (train_size, batch_size) = (FULL_TRAIN_SIZE, NOTES_BATCH_SIZE);
    let with = sample_with_replacement(&mut rng, train_size, batch_size);
    writeln!(out, "np.random.choice({train_size}, {batch_size}):")?;
    writeln!(out, "  {:?}", with?)?;
    let without = sample_without_replacement(&mut rng, train_size, batch_size);
    writeln!(
        out,
        "np.random.choice({train_size}, {batch_size}, replace=False):"
    )?;
    writeln!(out, "  {:?}", without?)?;

    writeln!(out, "\n10 draws from 10 rows:")?;
    for (name, draw) in [
        ("with replacement:   ", sample_with_replacement as Sampler),
        ("without replacement:", sample_without_replacement),
    ] {
        let mut batch = draw(&mut rng, 10, 10)?;
        write!(out, "{name} {batch:?}")?;
        batch.sort();
        batch.dedup();
        writeln!(out, "  ({} different rows)", batch.len())?;
    }

    writeln!(out, "\nshuffled epochs of 10 rows in batches of 4:")?;
    for epoch in 1..=2 {
        let batches = epoch_batches(&mut rng, 10, 4)?;
        writeln!(out, "epoch {epoch}: {batches:?}")?;
    }
    Ok(())
}
// ANCHOR_END: sampling_demo

/// Demo `batch-loss`: the notes' code on real digits: a batch of 10
/// drawn with replacement, through the untrained network, and its loss.
// ANCHOR: batch_loss_demo
fn batch_loss_demo(out: &mut dyn Write) -> kit::Result {
    let mnist = read_mnist(&bundled_dir())?;
    let (x_train, t_train) = (mnist.train.x(true), mnist.train.t_one_hot());
    let train_size = x_train.nrows();
    let batch_size = NOTES_BATCH_SIZE;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let batch_mask = sample_with_replacement(&mut rng, train_size, batch_size)?;
    let x_batch = take_rows(&x_train, &batch_mask);
    let t_batch = take_rows(&t_train, &batch_mask);
    let labels = take_rows(&mnist.train.t(), &batch_mask);

    let layers = untrained_network();
    let y_batch = probabilities(x_batch.view(), &layers)?;
    let loss = cross_entropy_error_batch(y_batch.view(), t_batch.view());
    let loss_labels = cross_entropy_error_labels(y_batch.view(), labels.view());
    // --snip--
    // ANCHOR_END: batch_loss_demo
    writeln!(out, "batch_mask = {batch_mask:?}")?;
    writeln!(
        out,
        "x_batch {}, t_batch {}, y_batch {}",
        shape_text(x_batch.shape()),
        shape_text(t_batch.shape()),
        shape_text(y_batch.shape())
    )?;
    let per_sample = sample_losses(y_batch.view(), t_batch.view())?;
    writeln!(out, "  row  image  label  y[label]    loss")?;
    for (n, &i) in batch_mask.iter().enumerate() {
        let k = labels[n];
        writeln!(
            out,
            "{n:5}  {i:5}  {k:5}  {:8.4}  {:6.4}",
            y_batch[[n, k]],
            per_sample[n]
        )?;
    }
    writeln!(out, "batch loss, one-hot labels: {:.4}", loss?)?;
    writeln!(out, "batch loss, label indices:  {:.4}", loss_labels?)?;
    let all = training_losses(&mnist.train, &layers)?;
    let full = all
        .mean()
        .ok_or_else(|| kit::Error::from("no training images"))?;
    writeln!(out, "loss over all {train_size} training images: {full:.4}")?;
    Ok(writeln!(out, "ln 10 = {:.4}", 10f64.ln())?)
}

/// Demo `spread`: for each batch size, [`DRAWS`] batch losses drawn with
/// replacement, their mean and standard deviation against σ/√n.
fn spread_demo(out: &mut dyn Write) -> kit::Result {
    for (k, (name, losses)) in both_losses()?.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        let s = spread(losses)?;
        writeln!(
            out,
            "untrained network, weights {name}: full loss {:.4}, sigma {:.4}",
            s.full, s.sigma
        )?;
        writeln!(out, "    n   mean of {DRAWS}   measured SD   sigma/sqrt(n)")?;
        for (n, mean, sd) in s.rows {
            writeln!(
                out,
                "{n:5}   {mean:11.4}   {sd:11.4}   {:13.4}",
                standard_error(s.sigma, n)
            )?;
        }
    }
    Ok(())
}

/// What the `spread` demo and figure measure for one network.
struct Spread {
    /// The full loss: the mean of the per-sample losses.
    full: f64,
    /// The standard deviation of the per-sample losses.
    sigma: f64,
    /// For each of [`SPREAD_BATCH_SIZES`]: the batch size, and the mean
    /// and standard deviation of [`DRAWS`] batch losses.
    rows: Vec<(usize, f64, f64)>,
}

/// Measures [`Spread`] from the per-sample `losses`, seeded with [`SEED`].
fn spread(losses: &Array1<f64>) -> Result<Spread, String> {
    let all = losses.as_slice().ok_or("losses not in order")?;
    let (full, sigma) = mean_std(all).ok_or("no losses")?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut rows = Vec::new();
    for n in SPREAD_BATCH_SIZES {
        let est = batch_loss_estimates(&mut rng, losses.view(), n, DRAWS)
            .map_err(|e| e.to_string())?;
        let (mean, sd) = mean_std(&est).ok_or("no draws")?;
        rows.push((n, mean, sd));
    }
    Ok(Spread { full, sigma, rows })
}

/// Demo `bad-input`: batch sizes the samplers refuse, and their messages.
fn bad_input_demo(out: &mut dyn Write) -> kit::Result {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let rng = &mut rng;
    let train_size = 5000;
    let cases: [(&str, Result<(), BatchError>); 5] = [
        (
            "sample_without_replacement(rng, 5000, 0)",
            sample_without_replacement(rng, train_size, 0).map(drop),
        ),
        (
            "sample_without_replacement(rng, 5000, 5001)",
            sample_without_replacement(rng, train_size, 5001).map(drop),
        ),
        (
            "sample_with_replacement(rng, 5000, 0)",
            sample_with_replacement(rng, train_size, 0).map(drop),
        ),
        (
            "sample_with_replacement(rng, 0, 10)",
            sample_with_replacement(rng, 0, 10).map(drop),
        ),
        (
            "epoch_batches(rng, 5000, 0)",
            epoch_batches(rng, train_size, 0).map(drop),
        ),
    ];
    for (call, result) in cases {
        let Err(e) = result else {
            return Err(kit::Error::from(format!("{call}: no error")));
        };
        writeln!(out, "{call}:")?;
        write_wrapped(out, &format!("error: {e}"), "  ")?;
    }
    let mut big = sample_with_replacement(rng, train_size, 5001)?;
    big.sort();
    big.dedup();
    Ok(writeln!(
        out,
        "sample_with_replacement(rng, 5000, 5001):\n  ok: 5001 rows, {} of \
         them different",
        big.len()
    )?)
}

/// Writes `text` in lines of at most about 70 characters, each starting
/// with `indent`, breaking at spaces: long error messages stay readable
/// in the book's narrow code blocks.
fn write_wrapped(out: &mut dyn Write, text: &str, indent: &str) -> kit::Result {
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > 70 {
            writeln!(out, "{indent}{line}")?;
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    Ok(writeln!(out, "{indent}{line}")?)
}

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = &[
    Demo::new("cost", cost_demo),
    Demo::new("sampling", sampling_demo),
    Demo::new("batch-loss", batch_loss_demo),
    Demo::new("spread", spread_demo),
    Demo::new("bad-input", bad_input_demo),
    Demo::new("repeats", exercises::repeats_demo),
    Demo::new("coverage", exercises::coverage_demo),
    Demo::new("without-replacement", exercises::without_replacement_demo),
];

/// Batch sizes whose estimates the left panel of `spread` shows.
const STRIP_SIZES: [usize; 4] = [1, 10, 100, 1000];

/// How many estimates of each size the left panel shows as dots.
const STRIP_DOTS: usize = 200;

/// A chart builder for one panel of `spread`, with the book's margins
/// and caption font.
fn panel<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    caption: &str,
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(scaled(12.0))
        .margin_right(scaled(20.0))
        .caption(caption, font(17.0))
        .x_label_area_size(scaled(40.0))
        .y_label_area_size(scaled(52.0));
    builder
}

/// Draws the grid and axes of a `spread` panel in the book's style (as
/// ch00's `chart`, which has linear axes only; here x is a batch size on
/// a log axis). `light_lines` light grid lines between labelled ones.
fn draw_mesh<X, Y>(
    c: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
    y_desc: &str,
    y_label: &dyn Fn(&f64) -> String,
    x_grid: bool,
    light_lines: usize,
) -> kit::Result<()>
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let mut mesh = c.configure_mesh();
    book_mesh(&mut mesh);
    if !x_grid {
        mesh.disable_x_mesh();
    }
    mesh.x_desc("批大小 n（对数刻度）")
        .y_desc(y_desc)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(y_label)
        .max_light_lines(light_lines)
        .draw()?;
    Ok(())
}

/// Figure `spread`: left, batch losses of the chapter's network for batch
/// sizes 1 to 1000 around the full loss; right, their measured standard
/// deviation against σ/√n, for both untrained networks, on log-log axes.
fn spread_figure() -> kit::Result<String> {
    let losses = both_losses()?;
    svg_figure(|root| {
        let (left, right) = root.split_horizontally(800);
        strip_panel(&left, &losses[0].1)?;
        sd_panel(&right, losses)
    })
}

/// Left panel of `spread`: dots for [`STRIP_DOTS`] batch losses of each
/// size in [`STRIP_SIZES`], the full loss as a dashed line.
fn strip_panel(
    area: &DrawingArea<SVGBackend, Shift>,
    losses: &Array1<f64>,
) -> kit::Result<()> {
    let all = losses.as_slice().ok_or("losses in order")?;
    let (full, _) = mean_std(all).ok_or("no losses")?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut dots = Vec::new();
    for n in STRIP_SIZES {
        let est = batch_loss_estimates(&mut rng, losses.view(), n, STRIP_DOTS)?;
        dots.push((n, est));
    }
    let lo = dots
        .iter()
        .flat_map(|(_, e)| e)
        .fold(full, |a, &b| a.min(b));
    let hi = dots
        .iter()
        .flat_map(|(_, e)| e)
        .fold(full, |a, &b| a.max(b));
    let pad = (hi - lo) * 0.08;
    let mut c = panel(area, "批损失（每种批大小各抽 200 批）")
        .build_cartesian_2d((0.5..2000.0).log_scale(), lo - pad..hi + pad)?;
    draw_mesh(&mut c, "批损失（交叉熵）", &|v| format!("{v:.2}"), false, 1)?;
    c.draw_series(DashedLineSeries::new(
        [(0.5, full), (2000.0, full)],
        scaled(6.0),
        scaled(4.0),
        stroke(1, 1.5),
    ))?;
    let label = font(14.0).pos(Pos::new(HPos::Right, VPos::Top));
    c.draw_series(std::iter::once(Text::new(
        format!("虚线：全部训练数据的损失 {full:.4}"),
        (1800.0, hi + pad * 0.6),
        label.color(&color(1)),
    )))?;
    for (n, est) in &dots {
        // spread the dots sideways (by a fixed pattern) so they do not
        // hide each other; the spread is a factor 10^(±0.12) on the log axis
        c.draw_series(est.iter().enumerate().map(|(j, &e)| {
            let shift = ((j * 37) % 100) as f64 / 100.0 - 0.5;
            let x = *n as f64 * 10f64.powf(0.24 * shift);
            Circle::new((x, e), scaled(1.3), color(0).mix(0.5).filled())
        }))?;
    }
    Ok(())
}

/// Right panel of `spread`: the measured standard deviation of the batch
/// loss against the batch size (dots), with σ/√n (dashed), for each
/// network.
fn sd_panel(
    area: &DrawingArea<SVGBackend, Shift>,
    losses: &NamedLosses,
) -> kit::Result<()> {
    let mut c = panel(area, "批损失的标准差").build_cartesian_2d(
        (0.7..1500.0).log_scale(),
        (1e-4..10.0).log_scale(),
    )?;
    draw_mesh(&mut c, "标准差（对数刻度）", &|v| format!("{v}"), true, 10)?;
    for (i, (name, l)) in losses.iter().enumerate() {
        let Spread { sigma, rows, .. } = spread(l)?;
        let measured: Vec<(f64, f64)> =
            rows.iter().map(|&(n, _, sd)| (n as f64, sd)).collect();
        let ends = [1.0, 1000.0].map(|n: f64| (n, sigma / n.sqrt()));
        let reference = c.draw_series(DashedLineSeries::new(
            ends,
            scaled(6.0),
            scaled(4.0),
            stroke(i, 1.5),
        ))?;
        if i == 0 {
            // one legend for both networks, in black: the colours are
            // named by the labels beside the lines
            let (len, gap) = (scaled(20.0) as i32, scaled(4.0) as i32);
            let ink = BLACK.stroke_width(scaled(1.5));
            reference.label("σ/√n").legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), ((len - gap) / 2, 0)], ink)
                    + PathElement::new(
                        vec![((len + gap) / 2, 0), (len, 0)],
                        ink,
                    )
            });
        }
        let dots = c.draw_series(
            measured
                .iter()
                .map(|&p| Circle::new(p, scaled(3.0), color(i).filled())),
        )?;
        if i == 0 {
            dots.label(format!("实测：{DRAWS} 批的标准差")).legend(
                move |(x, y)| {
                    Circle::new(
                        (x + scaled(10.0) as i32, y),
                        scaled(3.0),
                        BLACK.filled(),
                    )
                },
            );
        }
        let weights = name.trim_start_matches("std ");
        let ink = color(i);
        let above = font(14.0)
            .pos(Pos::new(HPos::Right, VPos::Bottom))
            .color(&ink);
        // above the right end of the line, clear of it
        c.draw_series(std::iter::once(Text::new(
            format!("权重标准差 {weights}"),
            (1000.0, sigma / 1000f64.sqrt() * 4.5),
            above,
        )))?;
    }
    let slope = font(14.0).pos(Pos::new(HPos::Left, VPos::Center));
    c.draw_series(
        [("斜率 −1/2：", 0.16), ("n 大 100 倍，标准差小 10 倍", 0.09)]
            .map(|(text, y)| Text::new(text, (1.15, y), slope.clone())),
    )?;
    book_legend(&mut c.configure_series_labels())
        .position(SeriesLabelPosition::LowerLeft)
        .draw()?;
    Ok(())
}

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = &[Figure::new("spread", spread_figure)];

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ch05_data::one_hot;
    use ndarray::array;

    #[test]
    fn batch_loss_of_losses_is_the_batch_cross_entropy() {
        // reading a batch's loss off the per-sample losses gives what
        // ch06's batch cross-entropy gives on the batch's rows
        let mnist = read_mnist(&bundled_dir()).unwrap();
        let layers = untrained_network();
        let losses = training_losses(&mnist.test, &layers).unwrap();
        let (x, t) = (mnist.test.x(true), mnist.test.t_one_hot());
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for batch_size in [1, 7, 100] {
            let mask = sample_with_replacement(&mut rng, x.nrows(), batch_size)
                .unwrap();
            let y_batch =
                probabilities(take_rows(&x, &mask).view(), &layers).unwrap();
            let t_batch = take_rows(&t, &mask);
            let direct =
                cross_entropy_error_batch(y_batch.view(), t_batch.view())
                    .unwrap();
            let read_off = batch_loss(losses.view(), &mask).unwrap();
            assert_abs_diff_eq!(direct, read_off, epsilon = 1e-12);
        }
    }

    #[test]
    fn the_untrained_loss_is_about_ln_10() {
        // outputs nearly equal: softmax gives about 1/10 to every class
        let mnist = read_mnist(&bundled_dir()).unwrap();
        let losses =
            training_losses(&mnist.train, &untrained_network()).unwrap();
        assert_eq!(losses.len(), 5000);
        assert_abs_diff_eq!(losses.mean().unwrap(), 10f64.ln(), epsilon = 0.02);
    }

    #[test]
    fn spread_shrinks_like_one_over_sqrt_n() {
        let losses = array![0.0, 1.0, 2.0, 5.0, 9.0];
        let (mean, sigma) = mean_std(losses.as_slice().unwrap()).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for n in [1, 4, 16, 64] {
            let est = batch_loss_estimates(&mut rng, losses.view(), n, 20_000)
                .unwrap();
            let (m, sd) = mean_std(&est).unwrap();
            // unbiased: the estimates centre on the full loss
            assert_abs_diff_eq!(m, mean, epsilon = 0.05 * sigma);
            // and spread by sigma / sqrt(n), to within 3%
            let expected = standard_error(sigma, n);
            assert!((sd / expected - 1.0).abs() < 0.03, "n {n}: {sd}");
        }
    }

    #[test]
    fn sample_losses_checks_shapes_and_rows() {
        let y = array![[0.5, 0.5], [0.9, 0.1]];
        let t = one_hot(array![0, 1].view(), 2).unwrap();
        let e = sample_losses(y.view(), t.view()).unwrap();
        assert_abs_diff_eq!(e[1], -(0.1_f64 + 1e-7).ln(), epsilon = 1e-15);
        let t3 = one_hot(array![0, 1].view(), 3).unwrap();
        let err = sample_losses(y.view(), t3.view()).unwrap_err();
        assert!(err.contains("y: (2, 2) and t: (2, 3)"), "{err}");
        let bad = array![[0.5, 0.5], [1.5, -0.5]];
        let err = sample_losses(bad.view(), t.view()).unwrap_err();
        assert!(err.starts_with("sample 1:"), "{err}");
    }

    #[test]
    fn batch_loss_rejects_empty_and_out_of_range() {
        let losses = array![1.0, 2.0];
        assert!(batch_loss(losses.view(), &[]).is_err());
        let err = batch_loss(losses.view(), &[0, 2]).unwrap_err();
        assert!(err.contains("row 2") && err.contains("only 2"), "{err}");
    }

    #[test]
    fn probabilities_are_rows_of_softmax() {
        let layers = init_network(&[4, 3, 2], 1.0, 0).unwrap();
        let x = Array2::from_shape_fn((5, 4), |(i, j)| (i + j) as f64 / 4.0);
        let y = probabilities(x.view(), &layers).unwrap();
        let scores = forward_batch(x.view(), &layers, sigmoid).unwrap();
        assert_abs_diff_eq!(y, softmax_rows(scores.view()).unwrap());
        for row in y.rows() {
            assert_abs_diff_eq!(row.sum(), 1.0, epsilon = 1e-12);
        }
    }

    #[test]
    fn every_demo_runs_and_every_figure_draws() {
        CHAPTER.all_output().unwrap();
    }
}

kit::chapter_tests!(CHAPTER);
