//! What the chapter prints: the bundled MNIST data as `load_mnist` gives
//! it, what the loader says about broken files, the untrained network's
//! accuracy, batch by batch, the source book's pre-trained network on the
//! official test set, and the exercises' classifiers; and the report the
//! program adds for a folder given with `--data`.

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use ch00_tools::{argmax, argmax_rows};
use ch02_activations::sigmoid;
use ch03_arrays::{forward_batch, shape_text};
use kit::Demo;
use ndarray::{Array1, ArrayD, Axis, s};

use crate::exercises::{class_means, nearest_rows};
use crate::idx::{self, DataError};
use crate::mnist::{self, Mnist, MnistSet, bundled_dir};
use crate::pretrained::{
    load_sample_weight, predict_f32_in_batches, sample_weight_dir, to_f64,
    x_f32,
};
use crate::{
    BATCH_SIZE, Layers, LoadOptions, SEED, SIZES, accuracy, init_network,
    load_mnist, predict_in_batches, predict_one_by_one, prediction_counts,
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
    pretrained,
    nearest_mean,
    nearest_neighbour,
];

/// How many columns `text` takes in a monospaced font: a Chinese character
/// or full-width punctuation takes two.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if ('\u{2e80}'..='\u{ffef}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// `text` padded with spaces on the right to `width` columns.
fn padded(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(display_width(text));
    format!("{text}{}", " ".repeat(fill))
}

/// One line of counts per digit, after a label of 10 columns.
fn write_counts(out: &mut dyn Write, name: &str, c: &[usize]) -> kit::Result {
    write!(out, "{}", padded(name, 10))?;
    for n in c {
        write!(out, "{n:>6}")?;
    }
    Ok(writeln!(out)?)
}

/// The header line over [`write_counts`] lines: the digits 0 to 9, after
/// a label of 10 columns.
fn write_digits(out: &mut dyn Write, name: &str) -> kit::Result {
    write!(out, "{}", padded(name, 10))?;
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

/// `load_mnist` on the bundled data with the source book's options.
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
    writeln!(out, "像素值从 {lo:.4} 到 {hi:.4}")?;
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
    writeln!(out, "像素值从 0 到 {hi}")?;
    writeln!(out, "t_train[0] = {}", t_train.index_axis(Axis(0), 0))?;
    writeln!(out)?;

    let mnist = mnist::bundled()?;
    write_digits(out, "数字")?;
    write_counts(out, "训练数据", &mnist.train.class_counts())?;
    write_counts(out, "测试数据", &mnist.test.class_counts())
}

/// The first training image, reshaped from 784 pixels to 28 x 28 and
/// printed as characters.
fn first_image(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
    let x = mnist.train.x(false);
    let img = x.row(0);
    writeln!(out, "t_train[0] = {}", mnist.train.labels[0])?;
    writeln!(out, "x_train[0]：{}", shape_text(img.shape()))?;
    let img = img.to_shape((mnist::ROWS, mnist::COLS))?;
    writeln!(out, "变形之后：  {}", shape_text(img.shape()))?;
    writeln!(out, "（'.' 是 0，'+' 是 1 到 127，'#' 是 128 到 255）")?;
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
        ("空文件", parse(&[])),
        ("只有前 6 个字节", parse(&labels[..6])),
        ("截掉最后 10 个字节", parse(&labels[..labels.len() - 10])),
        (
            "末尾多了 2 个字节",
            parse(&[labels.as_slice(), &[0, 0]].concat()),
        ),
        ("存下来的是一个错误页面", parse(b"<!DOCTYPE html>")),
        ("gzip 压缩的字节，没有解压", parse(&labels_gz)),
        ("半个 gzip 文件", idx::gunzip(half, images_name).map(drop)),
        ("下标 17 的标签改成 10", label_file(&bad_label)),
        ("把标签文件当图像读", as_images(&labels)),
        ("标签比图像少一个", count_mismatch(&labels, &images_gz)),
    ];
    for (what, result) in cases {
        let Err(e) = result else {
            return Err(kit::Error::from(format!("{what}：没有报错")));
        };
        writeln!(out, "{what}：\n  {}：\n  {}", e.file, e.problem)?;
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
        "识别精度 = {acc:.4}（{} 张中答对 {correct} 张）",
        t.len()
    )?;
    write_digits(out, "数字")?;
    write_counts(out, "标签", &set.class_counts())?;
    write_counts(out, "预测", &prediction_counts(p.view()))
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
    writeln!(out, "前 3 张测试图像的输出 y：")?;
    let x = mnist.test.x(true);
    let first = x.slice(s![..3, ..]);
    let y = forward_batch(first, &layers, sigmoid)?;
    // seven columns of labels, then one column of 9 per image
    write!(out, "{}", padded("", 7))?;
    for k in 0..first.nrows() {
        let label = format!("图像 {k}");
        let fill = 9usize.saturating_sub(display_width(&label));
        write!(out, "{}{label}", " ".repeat(fill))?;
    }
    writeln!(out)?;
    for (k, column) in y.columns().into_iter().enumerate() {
        write!(out, "y[{k}]   ")?;
        for v in column {
            write!(out, "{v:9.4}")?;
        }
        writeln!(out)?;
    }
    write!(out, "{}", padded("标签", 7))?;
    for label in mnist.test.labels.iter().take(3) {
        write!(out, "{label:9}")?;
    }
    writeln!(out)?;
    write!(out, "arg-max")?;
    for row in y.rows() {
        write!(out, "{:9}", argmax(row).unwrap_or(0))?;
    }
    writeln!(out)?;
    // how far apart the three images' outputs are, output by output
    let apart = y
        .columns()
        .into_iter()
        .map(|c| {
            c.fold(f64::MIN, |a, &b| a.max(b))
                - c.fold(f64::MAX, |a, &b| a.min(b))
        })
        .fold(0.0, f64::max);
    Ok(writeln!(
        out,
        "同一个输出在三张图像之间最多相差 {apart:.4}"
    )?)
}

/// Other seeds and a wider spread of weights; the accuracy stays near
/// 0.1.
fn seeds(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
    let (x, t) = (mnist.test.x(true), mnist.test.t());
    writeln!(out, "权重标准差  种子  识别精度  预测过的数字个数")?;
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

/// How many batches the `batches` demo prints at the start.
const SHOWN_BATCHES: usize = 3;

/// The test set in batches of 100: the first few batches, the last, and
/// the total.
fn batches(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
    let (x, t) = (mnist.test.x(true), mnist.test.t());
    let layers = untrained_network();
    let count = x.nrows().div_ceil(BATCH_SIZE); // 一共多少批
    writeln!(out, "批   x_batch     y_batch    答对")?;
    let mut correct = 0;
    let batches = x
        .axis_chunks_iter(Axis(0), BATCH_SIZE)
        .zip(t.axis_chunks_iter(Axis(0), BATCH_SIZE));
    for (i, (x_batch, t_batch)) in batches.enumerate() {
        let y_batch = forward_batch(x_batch, &layers, sigmoid)?;
        let p = argmax_rows(y_batch.view()).ok_or("没有输出")?;
        let hits = p.iter().zip(&t_batch).filter(|(a, b)| a == b).count();
        correct += hits;
        // 只打印开头几批和最后一批
        if i < SHOWN_BATCHES || i + 1 == count {
            let xs = shape_text(x_batch.shape());
            let ys = shape_text(y_batch.shape());
            writeln!(out, "{i:3}  {xs:<10}  {ys:<9}  {hits:4}")?;
        } else if i == SHOWN_BATCHES {
            writeln!(out, "...")?;
        }
    }
    let acc = correct as f64 / t.len() as f64;
    writeln!(out, "共 {count} 批，答对 {correct} / {} 张", t.len())?;
    Ok(writeln!(out, "识别精度 = {acc:.4}")?)
}

/// The pre-trained network's predictions for the official test set, one
/// image at a time and in batches of 100, computed once per program: the
/// `pretrained` demo prints them and a test pins them. (The same on every
/// call, so keeping them changes no output.)
struct PretrainedRun {
    /// The layers, widened to `f64`.
    layers: Layers,
    /// The predictions of [`predict_one_by_one`].
    single: Array1<usize>,
    /// The predictions of [`predict_in_batches`], in batches of 100.
    batched: Array1<usize>,
}

/// The source book's 3.6: the pre-trained network over the test set, one
/// image at a time and in batches.
fn run_pretrained() -> kit::Result<PretrainedRun> {
    let mnist = mnist::bundled()?;
    // ANCHOR: pretrained
    let x = mnist.test.x(true);
    let stored = load_sample_weight(&sample_weight_dir())?;
    let layers = to_f64(&stored);
    let single = predict_one_by_one(x.view(), &layers)?;
    let batched = predict_in_batches(x.view(), &layers, BATCH_SIZE)?;
    // ANCHOR_END: pretrained
    Ok(PretrainedRun {
        layers,
        single,
        batched,
    })
}

/// [`run_pretrained`], once per program.
fn pretrained_run() -> kit::Result<&'static PretrainedRun> {
    static RUN: OnceLock<Result<PretrainedRun, String>> = OnceLock::new();
    let run = RUN.get_or_init(|| run_pretrained().map_err(|e| e.to_string()));
    Ok(run.as_ref().map_err(|e| e.clone())?)
}

/// How far apart the largest and the second largest output of the network
/// are, for the test image where they are closest: a rounding error
/// smaller than this cannot change a prediction.
fn smallest_margin(mnist: &Mnist, layers: &Layers) -> kit::Result<f64> {
    let y = forward_batch(mnist.test.x(true).view(), layers, sigmoid)?;
    let margin = |row: ndarray::ArrayView1<f64>| {
        let mut v = row.to_vec();
        v.sort_by(f64::total_cmp);
        v[v.len() - 1] - v[v.len() - 2]
    };
    Ok(y.rows()
        .into_iter()
        .map(margin)
        .fold(f64::INFINITY, f64::min))
}

/// How many of the predictions `p` match the labels `t`.
fn hits(p: &Array1<usize>, t: &Array1<usize>) -> usize {
    p.iter().zip(t).filter(|(a, b)| a == b).count()
}

/// The source book's pre-trained network on the official test set, one
/// image at a time and in batches of 100 (its `Accuracy:0.9352`); then,
/// for contrast, on training images it learned from.
fn pretrained(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
    let PretrainedRun {
        layers,
        single,
        batched,
    } = pretrained_run()?;
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
    let t = mnist.test.t();
    let (n, batches) = (t.len(), t.len().div_ceil(BATCH_SIZE));
    writeln!(
        out,
        "一次一张：   x (784,) -> y (10,)，{n} 次，答对 {} 张",
        hits(single, &t)
    )?;
    writeln!(
        out,
        "每批 100 张：x (100, 784) -> y (100, 10)，{batches} 批，答对 {} 张",
        hits(batched, &t)
    )?;
    writeln!(
        out,
        "两种算法预测相同的图像：{} / {n}",
        hits(single, batched)
    )?;
    let acc = accuracy(batched.view(), t.view())?;
    writeln!(out, "识别精度 = {} / {n} = {acc:.4}", hits(batched, &t))?;
    // the source book's own arithmetic: float32, a softmax at the end
    let stored = load_sample_weight(&sample_weight_dir())?;
    let x32 = x_f32(&mnist.test);
    let p32 = predict_f32_in_batches(x32.view(), &stored, BATCH_SIZE)?;
    writeln!(
        out,
        "照原书用 f32 计算、最后接 softmax：答对 {} 张，预测与上面相同的 {} / {n}",
        hits(&p32, &t),
        hits(&p32, batched)
    )?;
    let gap = smallest_margin(mnist, layers)?;
    writeln!(out, "每张图像最大和第二大的输出之差，最小为 {gap:.4}")?;
    writeln!(out)?;
    let (x_seen, t_seen) = (mnist.train.x(true), mnist.train.t());
    let p_seen = predict_in_batches(x_seen.view(), layers, BATCH_SIZE)?;
    let seen = hits(&p_seen, &t_seen);
    writeln!(
        out,
        "附带的 {} 张训练图像（都是它学过的）：答对 {seen} 张，{:.4}",
        t_seen.len(),
        seen as f64 / t_seen.len() as f64
    )?;
    Ok(())
}

/// Exercise 2: the mean-image classifier on training and test data.
fn nearest_mean(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
    let means = class_means(&mnist.train);
    for (name, set) in [("训练数据", &mnist.train), ("测试数据", &mnist.test)]
    {
        let p = nearest_rows(set.x(false).view(), means.view())?;
        let acc = accuracy(p.view(), set.t().view())?;
        writeln!(out, "{name}上的识别精度：{acc:.4}（{} 张图像）", set.len())?;
    }
    Ok(())
}

/// How many training images, and how many test images, the
/// nearest-neighbour demo scores: each image is compared with all 5000
/// training images, so the whole test set would cost 10 times more.
const NEAREST_SCORED: usize = 1000;

/// Exercise 3: the memorising classifier on training and test data.
/// Pixels are left 0 to 255: the distances are then sums of whole
/// numbers, exact in `f64`, whatever order they are added in.
fn nearest_neighbour(out: &mut dyn Write) -> kit::Result {
    let mnist = mnist::bundled()?;
    let (train_x, train_t) = (mnist.train.x(false), mnist.train.t());
    let (test_x, test_t) = (mnist.test.x(false), mnist.test.t());
    let parts = [
        ("训练数据", &train_x, &train_t),
        ("测试数据", &test_x, &test_t),
    ];
    for (name, x, t) in parts {
        let (x, t) = (
            x.slice(s![..NEAREST_SCORED, ..]),
            t.slice(s![..NEAREST_SCORED]),
        );
        let p = crate::exercises::nearest_neighbour(
            train_x.view(),
            train_t.view(),
            x,
        )?;
        let acc = accuracy(p.view(), t)?;
        writeln!(out, "{name}上的识别精度：{acc:.4}（前 {} 张图像）", t.len())?;
    }
    Ok(())
}

/// What the program adds for a folder of MNIST files given with `--data`
/// (see [`crate::flags`]), read by the caller: its shapes and the
/// untrained network's accuracy on its test part.
///
/// # Errors
///
/// When the output cannot be written, or a computation fails.
pub(crate) fn data_report(
    dir: &Path,
    mnist: &Mnist,
    out: &mut dyn Write,
) -> kit::Result {
    writeln!(out, "== {} 里的 MNIST ==", dir.display())?;
    for (name, set) in [("训练数据", &mnist.train), ("测试数据", &mnist.test)]
    {
        writeln!(
            out,
            "{name}：{} 张 {} x {} 的图像",
            set.len(),
            mnist::ROWS,
            mnist::COLS
        )?;
        write_digits(out, "  数字")?;
        write_counts(out, "  张数", &set.class_counts())?;
    }
    writeln!(out, "未训练的 784-100-10 网络在测试数据上：")?;
    untrained_report(&mnist.test, out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source book's `Accuracy:0.9352`: 9352 of the 10,000 official
    /// test images, one image at a time and in batches of 100, with the
    /// very same predictions.
    #[test]
    fn the_pretrained_network_scores_0_9352_both_ways() {
        let run = pretrained_run().unwrap();
        let t = mnist::bundled().unwrap().test.t();
        assert_eq!(run.single, run.batched);
        assert_eq!(hits(&run.batched, &t), 9352);
        assert_eq!(accuracy(run.batched.view(), t.view()).unwrap(), 0.9352);
        // far more than the rounding of f32 or f64 could move an output
        let gap = smallest_margin(mnist::bundled().unwrap(), &run.layers);
        assert!(gap.unwrap() > 1e-3);
    }

    #[test]
    fn the_report_describes_the_folder_it_is_given() {
        let mut out = Vec::new();
        let mnist = mnist::bundled().unwrap();
        data_report(&bundled_dir(), mnist, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("训练数据：5000 张 28 x 28 的图像"), "{text}");
        assert!(text.contains("识别精度 = 0.0882"), "{text}");
    }

    #[test]
    fn labels_are_padded_by_their_width_on_screen() {
        assert_eq!(display_width("数字"), 4);
        assert_eq!(display_width("a（b）"), 6);
        assert_eq!(padded("标签", 6), "标签  ");
        assert_eq!(padded("t_train", 4), "t_train");
    }
}
