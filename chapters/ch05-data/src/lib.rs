//! Chapter 5: training data and test data.
//!
//! A network learns its weights from training data and is judged on test
//! data it has never seen. This crate is the book's one home of data
//! loading: [`idx`] reads the IDX files MNIST is published in (gzipped or
//! not, checking every number in the header), [`mnist`] turns them into
//! arrays with the source book's `load_mnist` options, for the real MNIST
//! subset bundled in `data/mnist-subset` or the full MNIST in a folder of
//! the reader's. The chapter then runs an untrained 784-100-10 network over
//! the test set, in batches of 100, to find the accuracy training must
//! beat: about 10%, chance for ten classes.
#![doc(test(attr(deny(warnings))))]

pub mod exercises;
pub mod flags;
pub mod idx;
pub mod mnist;

use std::io::Write;
use std::path::Path;

use ch00_tools::{argmax, argmax_rows};
use ch02_activations::{forward, sigmoid};
use ch03_arrays::{forward_batch, shape_text};
use kit::plot::{class_bar_chart, color, font, stroke};
use kit::plot::{scaled, svg_figure};
use kit::{Demo, Figure};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

pub use idx::DataError;
pub use mnist::{
    LoadOptions, Mnist, MnistSet, bundled_dir, load_mnist, mnist_dir, one_hot,
    read_mnist,
};

kit::chapter!(DEMOS, FIGURES);

/// A network as ch02's [`forward`] takes it: one `(W, b)` per layer.
pub type Layers = Vec<(Array2<f64>, Array1<f64>)>;

/// The layer sizes of the MNIST network: 784 inputs, 100 hidden neurons,
/// 10 outputs.
pub const SIZES: [usize; 3] = [784, 100, 10];

/// The standard deviation of the initial weights, as in the source book.
pub const WEIGHT_INIT_STD: f64 = 0.01;

/// The seed of the untrained network the chapter shows.
pub const SEED: u64 = 5;

/// The batch size of the chapter's inference, as in the source book.
pub const BATCH_SIZE: usize = 100;

/// A network with random weights, not trained: every weight drawn from a
/// normal distribution with mean 0 and standard deviation
/// `weight_init_std`, every bias 0 (the source book's `TwoLayerNet` starts
/// so, with `weight_init_std = 0.01`).
///
/// $W_{ij} \sim \mathcal{N}(0, \sigma^2)$, $b_j = 0$
///
/// The draws come from `ChaCha8Rng` seeded with `seed`: the same seed
/// gives the same network on every machine.
///
/// # Shapes
///
/// For `sizes = [n0, n1, ..., nL]`, layer `k` is `W`: `(n_k, n_{k+1})`,
/// `b`: `(n_{k+1},)`.
///
/// # Errors
///
/// When there are fewer than 2 sizes, a size is 0, or `weight_init_std`
/// is negative or not finite.
///
/// # Examples
///
/// ```
/// use ch05_data::init_network;
///
/// let layers = init_network(&[784, 100, 10], 0.01, 5)?;
/// let shapes: Vec<_> = layers.iter().map(|(w, b)| (w.dim(), b.len())).collect();
/// assert_eq!(shapes, [((784, 100), 100), ((100, 10), 10)]);
/// assert_eq!(layers, init_network(&[784, 100, 10], 0.01, 5)?);
/// assert!(init_network(&[784], 0.01, 5).is_err());
/// # Ok::<(), String>(())
/// ```
// ANCHOR: init_network
pub fn init_network(
    sizes: &[usize],
    weight_init_std: f64,
    seed: u64,
) -> Result<Layers, String> {
    if sizes.len() < 2 || sizes.contains(&0) {
        return Err(format!(
            "a network needs at least 2 layer sizes, none of them 0; got \
             {sizes:?}"
        ));
    }
    let std_ok = weight_init_std.is_finite() && weight_init_std >= 0.0;
    let normal = Normal::new(0.0, weight_init_std)
        .ok()
        .filter(|_| std_ok)
        .ok_or(format!(
            "weight_init_std must be finite and at least 0, got \
             {weight_init_std}"
        ))?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let layers = sizes
        .windows(2)
        .map(|pair| {
            let w = Array2::from_shape_simple_fn((pair[0], pair[1]), || {
                normal.sample(&mut rng)
            });
            (w, Array1::zeros(pair[1]))
        })
        .collect();
    Ok(layers)
}
// ANCHOR_END: init_network

/// The predicted class of every row of `x`: the network runs on
/// `batch_size` rows at a time (the last batch may be smaller), with
/// sigmoid hidden layers, and the largest output of each row wins.
///
/// No softmax is needed for the prediction: it keeps the order of the
/// outputs, so the largest stays the largest.
///
/// # Shapes
///
/// `x`: `(count, n0)` → `(count,)`.
///
/// # Errors
///
/// When `batch_size` is 0 or the shapes do not fit (see
/// ch03's [`forward_batch`]).
///
/// # Examples
///
/// ```
/// use ch05_data::{init_network, predict_in_batches};
/// use ndarray::Array2;
///
/// let layers = init_network(&[4, 3, 2], 1.0, 0)?;
/// let x = Array2::from_shape_fn((5, 4), |(i, j)| (i * j) as f64 / 10.0);
/// let p = predict_in_batches(x.view(), &layers, 2)?; // batches 2, 2, 1
/// assert_eq!(p.len(), 5);
/// assert!(p.iter().all(|&k| k < 2));
/// assert!(predict_in_batches(x.view(), &layers, 0).is_err());
/// # Ok::<(), String>(())
/// ```
// ANCHOR: predict_in_batches
pub fn predict_in_batches(
    x: ArrayView2<f64>,
    layers: &[(Array2<f64>, Array1<f64>)],
    batch_size: usize,
) -> Result<Array1<usize>, String> {
    if batch_size == 0 {
        return Err("batch_size must be at least 1, got 0".into());
    }
    let mut p = Vec::with_capacity(x.nrows());
    for x_batch in x.axis_chunks_iter(Axis(0), batch_size) {
        let y_batch = forward_batch(x_batch, layers, sigmoid)?;
        let p_batch = argmax_rows(y_batch.view())
            .ok_or("the network has no outputs to choose from")?;
        p.extend(p_batch);
    }
    Ok(Array1::from(p))
}
// ANCHOR_END: predict_in_batches

/// The same predictions as [`predict_in_batches`], one row at a time with
/// ch02's [`forward`] and ch00's [`argmax`].
///
/// # Shapes
///
/// `x`: `(count, n0)` → `(count,)`.
///
/// # Errors
///
/// When the shapes do not fit (see [`forward`]).
///
/// # Examples
///
/// ```
/// use ch05_data::{init_network, predict_in_batches, predict_one_by_one};
/// use ndarray::Array2;
///
/// let layers = init_network(&[4, 3, 2], 1.0, 0)?;
/// let x = Array2::from_shape_fn((5, 4), |(i, j)| (i + j) as f64 / 10.0);
/// assert_eq!(
///     predict_one_by_one(x.view(), &layers)?,
///     predict_in_batches(x.view(), &layers, 100)?,
/// );
/// # Ok::<(), String>(())
/// ```
// ANCHOR: predict_one_by_one
pub fn predict_one_by_one(
    x: ArrayView2<f64>,
    layers: &[(Array2<f64>, Array1<f64>)],
) -> Result<Array1<usize>, String> {
    let mut p = Vec::with_capacity(x.nrows());
    for xi in x.rows() {
        let y = forward(xi, layers, sigmoid)?;
        p.push(argmax(y.view()).ok_or("the network has no outputs")?);
    }
    Ok(Array1::from(p))
}
// ANCHOR_END: predict_one_by_one

/// The share of predictions that match the labels: correct / count.
///
/// # Shapes
///
/// `p`, `t`: `(count,)`.
///
/// # Errors
///
/// When the lengths differ or there is nothing to score.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch05_data::accuracy;
/// use ndarray::array;
///
/// let acc = accuracy(array![1, 2, 3, 3].view(), array![1, 2, 0, 3].view())?;
/// assert_abs_diff_eq!(acc, 0.75);
/// assert!(accuracy(array![1].view(), array![1, 2].view()).is_err());
/// # Ok::<(), String>(())
/// ```
// ANCHOR: accuracy
pub fn accuracy(
    p: ArrayView1<usize>,
    t: ArrayView1<usize>,
) -> Result<f64, String> {
    if p.len() != t.len() || p.is_empty() {
        return Err(format!(
            "accuracy needs as many predictions as labels, at least one; \
             got {} predictions and {} labels",
            p.len(),
            t.len()
        ));
    }
    let correct = p.iter().zip(&t).filter(|(a, b)| a == b).count();
    Ok(correct as f64 / p.len() as f64)
}
// ANCHOR_END: accuracy

/// The untrained network of this chapter: 784-100-10, weights drawn with
/// standard deviation 0.01 from seed [`SEED`].
///
/// # Examples
///
/// ```
/// let layers = ch05_data::untrained_network();
/// assert_eq!(layers[0].0.dim(), (784, 100));
/// ```
pub fn untrained_network() -> Layers {
    // SIZES, WEIGHT_INIT_STD and SEED are valid constants.
    init_network(&SIZES, WEIGHT_INIT_STD, SEED)
        .expect("the chapter's constants make a valid network")
}

/// The bundled subset; a demo cannot run without it.
fn bundled() -> kit::Result<Mnist> {
    Ok(read_mnist(&bundled_dir())?)
}

fn write_counts(out: &mut dyn Write, name: &str, c: &[usize]) -> kit::Result {
    write!(out, "{name:<8}")?;
    for n in c {
        write!(out, "{n:>6}")?;
    }
    Ok(writeln!(out)?)
}

/// Demo `load`: `load_mnist` on the bundled subset with the source book's
/// options.
fn load_demo(out: &mut dyn Write) -> kit::Result {
    let dir = bundled_dir();
    let default = LoadOptions::default();
    let ((x_train, t_train), (x_test, t_test)) = load_mnist(&dir, default)?;
    writeln!(out, "{default:?}")?;
    writeln!(
        out,
        "x_train {:<14} t_train {}",
        shape_text(x_train.shape()),
        shape_text(t_train.shape())
    )?;
    writeln!(
        out,
        "x_test  {:<14} t_test  {}",
        shape_text(x_test.shape()),
        shape_text(t_test.shape())
    )?;
    let (lo, hi) = x_train
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    writeln!(out, "pixel values from {lo:.4} to {hi:.4}")?;
    writeln!(out, "t_train[..10] = {}", t_train.slice(ndarray::s![..10]))?;
    writeln!(out)?;

    let raw = LoadOptions {
        normalize: false,
        flatten: false,
        one_hot_label: true,
    };
    let ((x_train, t_train), _) = load_mnist(&dir, raw)?;
    writeln!(out, "{raw:?}")?;
    writeln!(
        out,
        "x_train {:<14} t_train {}",
        shape_text(x_train.shape()),
        shape_text(t_train.shape())
    )?;
    let hi = x_train.iter().cloned().fold(f64::MIN, f64::max);
    writeln!(out, "pixel values from 0 to {hi}")?;
    writeln!(out, "t_train[0] = {}", t_train.index_axis(Axis(0), 0))?;
    writeln!(out)?;

    let mnist = bundled()?;
    write!(out, "digit   ")?;
    for k in 0..mnist::CLASSES {
        write!(out, "{k:>6}")?;
    }
    writeln!(out)?;
    write_counts(out, "train", &mnist.train.class_counts())?;
    write_counts(out, "test", &mnist.test.class_counts())
}

/// Demo `first-image`: the first training image, reshaped from 784 pixels
/// to 28 x 28 and printed as characters.
fn first_image_demo(out: &mut dyn Write) -> kit::Result {
    let mnist = bundled()?;
    let x = mnist.train.x(false);
    let img = x.row(0);
    writeln!(out, "t_train[0] = {}", mnist.train.labels[0])?;
    writeln!(out, "x_train[0]: {}", shape_text(img.shape()))?;
    let img = img.to_shape((mnist::ROWS, mnist::COLS))?;
    writeln!(out, "reshaped:   {}", shape_text(img.shape()))?;
    writeln!(out, "('.' is 0, '+' is 1 to 127, '#' is 128 to 255)")?;
    for row in img.rows() {
        let line: String = row
            .iter()
            .map(|&p| match p {
                0.0 => '.',
                p if p < 128.0 => '+',
                _ => '#',
            })
            .collect();
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Demo `bad-files`: what the loader says about broken files. The bytes are
/// the bundled test files, damaged in memory.
fn bad_files_demo(out: &mut dyn Write) -> kit::Result {
    let read = |name: &str| -> kit::Result<Vec<u8>> {
        Ok(std::fs::read(bundled_dir().join(name))?)
    };
    let labels_gz = read("t10k-labels-idx1-ubyte.gz")?;
    let labels = idx::gunzip(&labels_gz, "t10k-labels-idx1-ubyte.gz")?;
    let images_gz = read("t10k-images-idx3-ubyte.gz")?;
    let name = "t10k-labels-idx1-ubyte";
    let parse = |bytes: &[u8]| idx::parse_idx(bytes, name).map(drop);
    let mut bad_label = labels.clone();
    bad_label[8 + 17] = 10;
    let label_file = |bytes: &[u8]| {
        let idx = idx::parse_idx(bytes, name)?;
        mnist::labels_from_idx(idx, name).map(drop)
    };
    let as_images = |bytes: &[u8]| {
        let idx = idx::parse_idx(bytes, name)?;
        mnist::images_from_idx(idx, name).map(drop)
    };
    let images_name = "t10k-images-idx3-ubyte.gz";
    let half = &images_gz[..images_gz.len() / 2];
    let cases: Vec<(&str, Result<(), DataError>)> = vec![
        ("an empty file", parse(&[])),
        ("only the first 6 bytes", parse(&labels[..6])),
        (
            "the last 10 bytes cut off",
            parse(&labels[..labels.len() - 10]),
        ),
        (
            "2 bytes appended",
            parse(&[labels.as_slice(), &[0, 0]].concat()),
        ),
        ("an error page saved instead", parse(b"<!DOCTYPE html>")),
        ("gzipped bytes, not unpacked", parse(&labels_gz)),
        ("half a gzip file", idx::gunzip(half, images_name).map(drop)),
        ("the label at index 17 set to 10", label_file(&bad_label)),
        ("a label file read as images", as_images(&labels)),
        (
            "999 labels for 1000 images",
            count_mismatch(&labels, &images_gz),
        ),
    ];
    for (what, result) in cases {
        let Err(e) = result else {
            return Err(kit::Error::from(format!("{what}: no error")));
        };
        writeln!(out, "{what}:\n  {}:\n  {}", e.file, e.problem)?;
    }
    Ok(())
}

/// The test images with one label too few: `MnistSet::new` refuses them.
fn count_mismatch(labels: &[u8], images_gz: &[u8]) -> Result<(), DataError> {
    let (t_name, x_name) = ("t10k-labels-idx1-ubyte", "t10k-images-idx3-ubyte");
    let mut short = labels[..labels.len() - 1].to_vec();
    short[4..8].copy_from_slice(&999u32.to_be_bytes());
    let t = mnist::labels_from_idx(idx::parse_idx(&short, t_name)?, t_name)?;
    let images = idx::gunzip(images_gz, x_name)?;
    let x = mnist::images_from_idx(idx::parse_idx(&images, x_name)?, x_name)?;
    MnistSet::new(x, t, x_name, t_name).map(drop)
}

/// How many predictions fall on each digit.
fn prediction_counts(p: &Array1<usize>) -> [usize; mnist::CLASSES] {
    let mut counts = [0; mnist::CLASSES];
    for &k in p {
        counts[k] += 1;
    }
    counts
}

/// The untrained network's accuracy on `set`, and what it predicts.
fn untrained_report(set: &MnistSet, out: &mut dyn Write) -> kit::Result {
    let layers = untrained_network();
    let (x, t) = (set.x(true), set.t());
    let p = predict_in_batches(x.view(), &layers, BATCH_SIZE)?;
    let acc = accuracy(p.view(), t.view())?;
    let correct = p.iter().zip(&t).filter(|(a, b)| a == b).count();
    writeln!(
        out,
        "accuracy = {acc:.4} ({correct} of {} correct)",
        t.len()
    )?;
    write!(out, "digit     ")?;
    for k in 0..mnist::CLASSES {
        write!(out, "{k:>6}")?;
    }
    writeln!(out)?;
    write_counts(out, "labels", &set.class_counts())?;
    write_counts(out, "predicted", &prediction_counts(&p))
}

/// Demo `untrained`: the untrained 784-100-10 network on the test set.
fn untrained_demo(out: &mut dyn Write) -> kit::Result {
    let mnist = bundled()?;
    let layers = untrained_network();
    for (k, (w, b)) in layers.iter().enumerate() {
        writeln!(
            out,
            "W{}: {:<10} b{}: {}",
            k + 1,
            shape_text(w.shape()),
            k + 1,
            shape_text(b.shape())
        )?;
    }
    untrained_report(&mnist.test, out)?;
    writeln!(out)?;
    writeln!(out, "outputs y for the first 3 test images:")?;
    let x = mnist.test.x(true);
    let first = x.slice(ndarray::s![..3, ..]);
    let y = forward_batch(first, &layers, sigmoid)?;
    writeln!(out, "         image 0  image 1  image 2")?;
    for (k, column) in y.columns().into_iter().enumerate() {
        write!(out, "y[{k}]   ")?;
        for v in column {
            write!(out, "{v:9.4}")?;
        }
        writeln!(out)?;
    }
    write!(out, "label   ")?;
    for label in mnist.test.labels.iter().take(3) {
        write!(out, "{label:9}")?;
    }
    writeln!(out)?;
    write!(out, "arg-max ")?;
    for row in y.rows() {
        write!(out, "{:9}", argmax(row).unwrap_or(0))?;
    }
    Ok(writeln!(out)?)
}

/// Demo `seeds`: other seeds and a wider spread of weights; the accuracy
/// stays near 0.1.
fn seeds_demo(out: &mut dyn Write) -> kit::Result {
    let mnist = bundled()?;
    let (x, t) = (mnist.test.x(true), mnist.test.t());
    writeln!(out, "weight std  seed  accuracy  digits predicted")?;
    for std in [0.01, 1.0] {
        for seed in SEED..SEED + 5 {
            let layers = init_network(&SIZES, std, seed)?;
            let p = predict_in_batches(x.view(), &layers, BATCH_SIZE)?;
            let acc = accuracy(p.view(), t.view())?;
            let used = prediction_counts(&p).iter().filter(|&&n| n > 0).count();
            writeln!(out, "{std:10.2}  {seed:4}  {acc:8.4}  {used:16}")?;
        }
    }
    Ok(())
}

/// Demo `batches`: the test set in batches of 100, batch by batch; then the
/// same predictions one image at a time.
// ANCHOR: batches
fn batches_demo(out: &mut dyn Write) -> kit::Result {
    let mnist = bundled()?;
    let (x, t) = (mnist.test.x(true), mnist.test.t());
    let layers = untrained_network();
    writeln!(out, "batch  x_batch     y_batch    correct")?;
    let mut correct = 0;
    let batches = x
        .axis_chunks_iter(Axis(0), BATCH_SIZE)
        .zip(t.axis_chunks_iter(Axis(0), BATCH_SIZE));
    for (i, (x_batch, t_batch)) in batches.enumerate() {
        let y_batch = forward_batch(x_batch, &layers, sigmoid)?;
        let p = argmax_rows(y_batch.view())
            .ok_or_else(|| kit::Error::from("no outputs"))?;
        let hits = p.iter().zip(&t_batch).filter(|(a, b)| a == b).count();
        correct += hits;
        let (xs, ys) =
            (shape_text(x_batch.shape()), shape_text(y_batch.shape()));
        writeln!(out, "{i:5}  {xs:<10}  {ys:<9}  {hits:7}")?;
    }
    writeln!(
        out,
        "accuracy = {correct} / {} = {:.4}",
        t.len(),
        correct as f64 / t.len() as f64
    )?;

    let batched = predict_in_batches(x.view(), &layers, BATCH_SIZE)?;
    let single = predict_one_by_one(x.view(), &layers)?;
    let same = batched.iter().zip(&single).filter(|(a, b)| a == b).count();
    writeln!(
        out,
        "one image at a time: x {} -> y (10,), {} times",
        shape_text(&[x.ncols()]),
        x.nrows()
    )?;
    Ok(writeln!(
        out,
        "same prediction as in batches: {same} of {}",
        x.nrows()
    )?)
}
// ANCHOR_END: batches

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = &[
    Demo::new("load", load_demo),
    Demo::new("first-image", first_image_demo),
    Demo::new("bad-files", bad_files_demo),
    Demo::new("untrained", untrained_demo),
    Demo::new("seeds", seeds_demo),
    Demo::new("batches", batches_demo),
    Demo::new("nearest-mean", exercises::nearest_mean_demo),
    Demo::new("nearest-neighbour", exercises::nearest_neighbour_demo),
];

/// Grid size of the `digits` figure.
const GRID: (usize, usize) = (4, 10);

/// Figure `digits`: the first training images, one small square per pixel
/// (darker for more ink), each with its label above.
fn digits_figure() -> kit::Result<String> {
    let mnist = read_mnist(&bundled_dir())?;
    let (rows, cols) = GRID;
    let px = 5; // one pixel of an image is 5 x 5 on the canvas
    let side = (mnist::ROWS as i32) * px;
    let (pitch_x, pitch_y) = (155, 205);
    let (left, top) = ((1600 - pitch_x * cols as i32) / 2 + 7, 150);
    svg_figure(|root| {
        root.draw(&Text::new(
            "训练数据的前 40 张图像（上方是标签）",
            (800, scaled(14.0) as i32),
            font(20.0).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        for n in 0..rows * cols {
            let (gx, gy) = ((n % cols) as i32, (n / cols) as i32);
            let (x0, y0) = (left + gx * pitch_x, top + gy * pitch_y);
            root.draw(&Text::new(
                mnist.train.labels[n].to_string(),
                (x0 + side / 2, y0 - scaled(3.0) as i32),
                font(16.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
            ))?;
            let img = mnist.train.images.index_axis(Axis(0), n);
            for ((r, c), &p) in img.indexed_iter() {
                if p == 0 {
                    continue;
                }
                let ink = 255 - p;
                let (x, y) = (x0 + c as i32 * px, y0 + r as i32 * px);
                root.draw(&Rectangle::new(
                    [(x, y), (x + px, y + px)],
                    RGBColor(ink, ink, ink).filled(),
                ))?;
            }
            root.draw(&Rectangle::new(
                [(x0, y0), (x0 + side, y0 + side)],
                RGBColor(190, 190, 190).stroke_width(scaled(0.4)),
            ))?;
        }
        Ok(())
    })
}

/// One panel of the `untrained-predictions` figure: how many test images
/// an untrained network with weights of spread `std` puts on each digit.
fn prediction_panel(
    area: &DrawingArea<SVGBackend, Shift>,
    std: f64,
    mnist: &Mnist,
) -> kit::Result<()> {
    let layers = init_network(&SIZES, std, SEED)?;
    let (x, t) = (mnist.test.x(true), mnist.test.t());
    let p = predict_in_batches(x.view(), &layers, BATCH_SIZE)?;
    let acc = accuracy(p.view(), t.view())?;
    let caption = format!("权重标准差 {std:.2}：准确率 {acc:.4}");
    let mut c = class_bar_chart(
        area,
        &caption,
        mnist::CLASSES,
        0.0..1100.0,
        "预测的数字",
        "测试图像张数",
        0,
    )?;
    let counts = prediction_counts(&p);
    c.draw_series(counts.iter().enumerate().map(|(k, &n)| {
        let k = k as f64;
        Rectangle::new(
            [(k - 0.35, 0.0), (k + 0.35, n as f64)],
            color(0).filled(),
        )
    }))?;
    let on_top = font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom));
    c.draw_series(counts.iter().enumerate().filter(|(_, n)| **n > 0).map(
        |(k, &n)| {
            Text::new(n.to_string(), (k as f64, n as f64 + 8.0), on_top.clone())
        },
    ))?;
    // What a perfect classifier would put on each digit: its true count,
    // one dashed step per digit.
    let truth = mnist.test.class_counts();
    for (k, &n) in truth.iter().enumerate() {
        let (k, n) = (k as f64, n as f64);
        c.draw_series(DashedLineSeries::new(
            [(k - 0.5, n), (k + 0.5, n)],
            scaled(6.0),
            scaled(4.0),
            stroke(1, 2.0),
        ))?;
    }
    Ok(())
}

/// Figure `untrained-predictions`: which digits untrained networks predict
/// for the 1000 test images, for two spreads of the random weights.
fn untrained_predictions_figure() -> kit::Result<String> {
    let mnist = read_mnist(&bundled_dir())?;
    svg_figure(|root| {
        let (left, right) = root.split_horizontally(800);
        prediction_panel(&left, 0.01, &mnist)?;
        prediction_panel(&right, 1.0, &mnist)
    })
}

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = &[
    Figure::new("digits", digits_figure),
    Figure::new("untrained-predictions", untrained_predictions_figure),
];

/// What the program prints for a folder of MNIST files: its shapes and the
/// untrained network's accuracy on its test part.
///
/// # Errors
///
/// When the files are missing or broken; the message names the file.
///
/// # Examples
///
/// ```
/// let mut out = Vec::new();
/// ch05_data::data_report(&ch05_data::bundled_dir(), &mut out)?;
/// let text = String::from_utf8(out)?;
/// assert!(text.contains("train: 5000 images"));
/// # Ok::<(), kit::Error>(())
/// ```
pub fn data_report(dir: &Path, out: &mut dyn Write) -> kit::Result {
    let mnist = read_mnist(dir)?;
    writeln!(out, "== MNIST from {} ==", dir.display())?;
    for (name, set) in [("train", &mnist.train), ("test", &mnist.test)] {
        writeln!(
            out,
            "{name}: {} images of {} x {}",
            set.len(),
            mnist::ROWS,
            mnist::COLS
        )?;
        write_counts(out, "  digits", &set.class_counts())?;
    }
    writeln!(out, "untrained 784-100-10 network on the test part:")?;
    untrained_report(&mnist.test, out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::array;

    #[test]
    fn the_untrained_network_scores_about_chance() {
        let mnist = read_mnist(&bundled_dir()).unwrap();
        let (x, t) = (mnist.test.x(true), mnist.test.t());
        let p =
            predict_in_batches(x.view(), &untrained_network(), 100).unwrap();
        let acc = accuracy(p.view(), t.view()).unwrap();
        assert!((0.05..=0.15).contains(&acc), "accuracy {acc}");
    }

    /// The page's explanation: with tiny weights every hidden neuron
    /// gives about 0.5, so the output is about 0.5 times each column sum
    /// of W2, whatever the image; the largest column (5) wins nearly always.
    #[test]
    fn the_untrained_network_answers_with_its_largest_column() {
        let layers = untrained_network();
        let col_sums = layers[1].0.sum_axis(Axis(0));
        assert_eq!(argmax(col_sums.view()), Some(5));
        let mnist = read_mnist(&bundled_dir()).unwrap();
        let x = mnist.test.x(true);
        let y = forward_batch(x.view(), &layers, sigmoid).unwrap();
        for row in y.rows() {
            assert_abs_diff_eq!(row, 0.5 * &col_sums, epsilon = 0.02);
        }
        let p = predict_in_batches(x.view(), &layers, 100).unwrap();
        assert_eq!(prediction_counts(&p)[5], 991);
    }

    #[test]
    fn batched_and_one_at_a_time_predictions_agree() {
        let mnist = read_mnist(&bundled_dir()).unwrap();
        let x = mnist.test.x(true);
        for std in [0.01, 1.0] {
            let layers = init_network(&SIZES, std, 1).unwrap();
            let batched = predict_in_batches(x.view(), &layers, 100).unwrap();
            let single = predict_one_by_one(x.view(), &layers).unwrap();
            assert_eq!(batched, single, "std {std}");
            // a batch size that does not divide 1000 changes nothing
            let odd = predict_in_batches(x.view(), &layers, 64).unwrap();
            assert_eq!(odd, batched);
        }
    }

    #[test]
    fn init_network_draws_the_right_spread() {
        let layers = init_network(&SIZES, 0.01, 0).unwrap();
        let w = &layers[0].0;
        let n = w.len() as f64;
        let mean = w.sum() / n;
        let std = (w.mapv(|v| (v - mean).powi(2)).sum() / n).sqrt();
        assert_abs_diff_eq!(mean, 0.0, epsilon = 1e-4);
        assert_abs_diff_eq!(std, 0.01, epsilon = 2e-4);
        assert!(layers.iter().all(|(_, b)| b.iter().all(|&v| v == 0.0)));
        assert_ne!(layers, init_network(&SIZES, 0.01, 1).unwrap());
    }

    #[test]
    fn init_network_rejects_bad_settings() {
        assert!(init_network(&[], 0.01, 0).is_err());
        assert!(
            init_network(&[3, 0, 2], 0.01, 0)
                .unwrap_err()
                .contains("[3, 0, 2]")
        );
        for std in [-1.0, f64::NAN, f64::INFINITY] {
            let err = init_network(&[2, 2], std, 0).unwrap_err();
            assert!(err.contains("weight_init_std"), "{err}");
        }
    }

    #[test]
    fn accuracy_counts_matches() {
        let acc =
            accuracy(array![0, 1, 2, 3].view(), array![0, 1, 0, 0].view())
                .unwrap();
        assert_abs_diff_eq!(acc, 0.5);
        assert!(
            accuracy(Array1::zeros(0).view(), Array1::zeros(0).view()).is_err()
        );
    }

    #[test]
    fn bad_data_folders_are_reported_not_panicked() {
        let mut out = Vec::new();
        let err =
            data_report(Path::new("/no/such/folder"), &mut out).unwrap_err();
        assert!(err.to_string().contains("/no/such/folder"), "{err}");
    }

    #[test]
    fn every_demo_runs_and_every_figure_draws() {
        let text = CHAPTER.all_output().unwrap();
        assert!(text.contains("same prediction as in batches: 1000 of 1000"));
    }
}

kit::chapter_tests!(CHAPTER);
