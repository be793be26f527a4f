//! What the chapter prints: the bundled MNIST subset as `load_mnist` gives
//! it, what the loader says about broken files, the untrained network's
//! accuracy, batch by batch, and the exercises' classifiers; and the
//! report the program adds for a folder given with `--data`.

use std::io::Write;
use std::path::Path;

use ch00_tools::{argmax, argmax_rows};
use ch02_activations::sigmoid;
use ch03_arrays::{forward_batch, shape_text};
use kit::Demo;
use ndarray::{ArrayD, Axis, s};

use crate::exercises::{class_means, nearest_rows};
use crate::idx::{self, DataError};
use crate::mnist::{self, MnistSet, bundled_dir};
use crate::{
    BATCH_SIZE, LoadOptions, SEED, SIZES, accuracy, init_network, load_mnist,
    predict_in_batches, predict_one_by_one, prediction_counts, read_mnist,
    untrained_network,
};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![
    load,
    first_image,
    bad_files,
    untrained,
    seeds,
    batches,
    nearest_mean,
    nearest_neighbour,
];

/// One line of counts per digit, after a label of 8 columns.
fn write_counts(out: &mut dyn Write, name: &str, c: &[usize]) -> kit::Result {
    write!(out, "{name:<8}")?;
    for n in c {
        write!(out, "{n:>6}")?;
    }
    Ok(writeln!(out)?)
}

/// The header line over [`write_counts`] lines: the digits 0 to 9, after
/// a label of `width` columns.
fn write_digits(out: &mut dyn Write, name: &str, width: usize) -> kit::Result {
    write!(out, "{name:<width$}")?;
    for k in 0..mnist::CLASSES {
        write!(out, "{k:>6}")?;
    }
    Ok(writeln!(out)?)
}

/// One line with the shapes of a part's `x` and `t`, as `load` prints them.
fn write_shapes(
    out: &mut dyn Write,
    names: [&str; 2],
    (x, t): &(ArrayD<f64>, ArrayD<f64>),
) -> kit::Result {
    let [x_name, t_name] = names;
    let (xs, ts) = (shape_text(x.shape()), shape_text(t.shape()));
    Ok(writeln!(out, "{x_name:<7} {xs:<14} {t_name:<7} {ts}")?)
}

/// `load_mnist` on the bundled subset with the source book's options.
fn load(out: &mut dyn Write) -> kit::Result {
    let dir = bundled_dir();
    let default = LoadOptions::default();
    let (train, test) = load_mnist(&dir, default)?;
    writeln!(out, "{default:?}")?;
    write_shapes(out, ["x_train", "t_train"], &train)?;
    write_shapes(out, ["x_test", "t_test"], &test)?;
    let (x_train, t_train) = train;
    let (lo, hi) = x_train
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    writeln!(out, "pixel values from {lo:.4} to {hi:.4}")?;
    writeln!(out, "t_train[..10] = {}", t_train.slice(s![..10]))?;
    writeln!(out)?;

    let raw = LoadOptions {
        normalize: false,
        flatten: false,
        one_hot_label: true,
    };
    let (train, _) = load_mnist(&dir, raw)?;
    writeln!(out, "{raw:?}")?;
    write_shapes(out, ["x_train", "t_train"], &train)?;
    let (x_train, t_train) = train;
    let hi = x_train.iter().cloned().fold(f64::MIN, f64::max);
    writeln!(out, "pixel values from 0 to {hi}")?;
    writeln!(out, "t_train[0] = {}", t_train.index_axis(Axis(0), 0))?;
    writeln!(out)?;

    let mnist = mnist::bundled()?;
    write_digits(out, "digit", 8)?;
    write_counts(out, "train", &mnist.train.class_counts())?;
    write_counts(out, "test", &mnist.test.class_counts())
}

/// The first training image, reshaped from 784 pixels to 28 x 28 and
/// printed as characters.
fn first_image(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
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

/// What the loader says about broken files. The bytes are the bundled
/// test files, damaged in memory.
fn bad_files(out: &mut dyn Write) -> kit::Result {
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
            "one label too few for the images",
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
    // the label file's count is bytes 4..8 of its header, its data follows
    let mut short = labels[..labels.len() - 1].to_vec();
    let count = (short.len() - 8) as u32;
    short[4..8].copy_from_slice(&count.to_be_bytes());
    let t = mnist::labels_from_idx(idx::parse_idx(&short, t_name)?, t_name)?;
    let images = idx::gunzip(images_gz, x_name)?;
    let x = mnist::images_from_idx(idx::parse_idx(&images, x_name)?, x_name)?;
    MnistSet::new(x, t, x_name, t_name).map(drop)
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
    write_digits(out, "digit", 10)?;
    write_counts(out, "labels", &set.class_counts())?;
    write_counts(out, "predicted", &prediction_counts(p.view()))
}

/// The untrained 784-100-10 network on the test set.
fn untrained(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
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
    let first = x.slice(s![..3, ..]);
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

/// Other seeds and a wider spread of weights; the accuracy stays near
/// 0.1.
fn seeds(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
    let (x, t) = (mnist.test.x(true), mnist.test.t());
    writeln!(out, "weight std  seed  accuracy  digits predicted")?;
    for std in [0.01, 1.0] {
        for seed in SEED..SEED + 5 {
            let layers = init_network(&SIZES, std, seed)?;
            let p = predict_in_batches(x.view(), &layers, BATCH_SIZE)?;
            let acc = accuracy(p.view(), t.view())?;
            let counts = prediction_counts(p.view());
            let used = counts.iter().filter(|&&n| n > 0).count();
            writeln!(out, "{std:10.2}  {seed:4}  {acc:8.4}  {used:16}")?;
        }
    }
    Ok(())
}

/// The test set in batches of 100, batch by batch; then the same
/// predictions one image at a time.
// ANCHOR: batches
fn batches(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
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

/// Exercise 2: the mean-image classifier on training and test data.
fn nearest_mean(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
    let means = class_means(&mnist.train);
    for (name, set) in [("training", &mnist.train), ("test", &mnist.test)] {
        let p = nearest_rows(set.x(false).view(), means.view())?;
        let acc = accuracy(p.view(), set.t().view())?;
        writeln!(
            out,
            "accuracy on {name} data: {acc:.4} ({} images)",
            set.len()
        )?;
    }
    Ok(())
}

/// How many training images the nearest-neighbour demo scores itself on.
const SELF_CHECK: usize = 1000;

/// Exercise 3: the memorising classifier on training and test data.
/// Pixels are left 0 to 255: the distances are then sums of whole
/// numbers, exact in `f64`, whatever order they are added in.
fn nearest_neighbour(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
    let (train_x, train_t) = (mnist.train.x(false), mnist.train.t());
    let x = train_x.slice(s![..SELF_CHECK, ..]).to_owned();
    let t = train_t.slice(s![..SELF_CHECK]).to_owned();
    let p = crate::exercises::nearest_neighbour(
        train_x.view(),
        train_t.view(),
        x.view(),
    )?;
    let acc = accuracy(p.view(), t.view())?;
    writeln!(
        out,
        "accuracy on training data: {acc:.4} ({SELF_CHECK} images)"
    )?;
    // the test part is shared with chapter 9, computed once
    let acc = crate::exercises::nearest_neighbour_test_accuracy()?;
    writeln!(
        out,
        "accuracy on test data: {acc:.4} ({} images)",
        mnist.test.len()
    )?;
    Ok(())
}

/// What the program adds for a folder of MNIST files given with `--data`
/// (see [`crate::flags`]): its shapes and the untrained network's accuracy
/// on its test part.
///
/// # Errors
///
/// When the files are missing or broken; the message names the file.
pub(crate) fn data_report(dir: &Path, out: &mut dyn Write) -> kit::Result {
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

    #[test]
    fn batches_and_single_images_agree() {
        let text = crate::CHAPTER.output("batches").unwrap();
        assert!(text.contains("same prediction as in batches: 10000 of 10000"));
    }

    #[test]
    fn the_report_reads_a_folder_and_names_a_missing_one() {
        let mut out = Vec::new();
        data_report(&bundled_dir(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("train: 5000 images of 28 x 28"), "{text}");
        assert!(text.contains("accuracy = "), "{text}");
        let err = data_report(Path::new("/no/such/folder"), &mut Vec::new())
            .unwrap_err();
        assert!(err.to_string().contains("/no/such/folder"), "{err}");
    }
}
