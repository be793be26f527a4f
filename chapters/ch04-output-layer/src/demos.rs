//! What the chapter prints: both output layers on chapter 2's network, the
//! softmax of the source book, its overflow and the fix, its properties,
//! batches done wrong and right, and single precision.

use std::io::Write;

// 第 0 章：最大值的位置，一个样本的和一批的
use ch00_tools::{argmax, argmax_rows};
// 第 2 章：三层网络和它的 sigmoid
use ch02_activations::{forward, sigmoid, three_layers};
use kit::Demo;
use ndarray::{Array2, ArrayView1, array, aview1};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::wrong_way::{
    softmax_naive, softmax_notes_batch, softmax_rows_global_max,
};
use crate::{BOOK_SCORES, identity_function, softmax, softmax_rows};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![
    output_layer,
    reference,
    overflow,
    properties,
    batch_wrong,
    batch,
    f32,
];

/// The seed of the scores in demo `batch`.
pub const BATCH_SEED: u64 = 4;

/// The network of chapter 2 with each output layer.
fn output_layer(out: &mut dyn Write) -> kit::Result {
    let x = array![1.0, 0.5];
    // chapter 2's three layers, sigmoid between them; the last layer's
    // weighted sums a come out as they are
    let a = forward(x.view(), &three_layers(), sigmoid)?;
    writeln!(out, "x = {x:.1}")?;
    writeln!(out, "最后一层的加权和 a    = {a:.8}")?;
    writeln!(out, "identity_function(a)  = {:.8}", identity_function(&a))?;
    let y = softmax(a.view())?;
    writeln!(out, "softmax(a)            = {y:.8}")?;
    writeln!(out, "softmax(a) 的和       = {:.4}", y.sum())?;
    print_argmax(out, a.view(), y.view())
}

/// Prints where the largest score `a` and the largest probability `y` are.
fn print_argmax(
    out: &mut dyn Write,
    a: ArrayView1<f64>,
    y: ArrayView1<f64>,
) -> kit::Result {
    Ok(writeln!(
        out,
        "argmax(a) = {:?}，argmax(softmax(a)) = {:?}",
        argmax(a),
        argmax(y)
    )?)
}

/// The softmax *Deep Learning from Scratch* prints.
fn reference(out: &mut dyn Write) -> kit::Result {
    let a = aview1(&BOOK_SCORES);
    let y = softmax(a)?;
    writeln!(out, "a                = {a:.1}")?;
    writeln!(out, "softmax(a)       = {y:.8}")?;
    let naive = softmax_naive(a);
    writeln!(out, "softmax_naive(a) = {naive:.8}")?;
    Ok(writeln!(out, "和               = {:.4}", y.sum())?)
}

/// The naive softmax on large scores, and the fix.
fn overflow(out: &mut dyn Write) -> kit::Result {
    let a = array![1010.0, 1000.0, 990.0];
    writeln!(out, "a = {a:.1}")?;
    writeln!(out, "exp(a) = {}", a.mapv(f64::exp))?;
    writeln!(out, "exp(x) 不溢出的最大 x：{:.4}", f64::MAX.ln())?;
    let naive = softmax_naive(a.view());
    writeln!(out, "softmax_naive(a) = {naive}")?;
    let c = a.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let shifted = &a - c;
    writeln!(out, "c = max(a) = {c:.1}，a - c = {shifted:.1}")?;
    writeln!(out, "exp(a - c) = {:.4e}", shifted.mapv(f64::exp))?;
    let y = softmax(a.view())?;
    writeln!(out, "softmax(a) = {y:.4e}")?;
    Ok(writeln!(out, "和         = {:.4}", y.sum())?)
}

/// Softmax sums to 1, ignores a shift of all scores, and keeps the order of
/// the scores.
fn properties(out: &mut dyn Write) -> kit::Result {
    let a = aview1(&BOOK_SCORES);
    // "平移" 占 4 列宽：和下面的数对齐
    writeln!(out, "平移 c        softmax(a + c)                 和")?;
    for c in [0.0, -4.0, 100.0, 1000.0] {
        let y = softmax((&a + c).view())?;
        writeln!(out, "{c:7.1}   {y:.8}   {:.4}", y.sum())?;
    }
    let scores = array![2.0, -1.0, 0.5, 3.5, 0.0];
    let y = softmax(scores.view())?;
    writeln!(out)?;
    writeln!(out, "a          = {scores:.4}")?;
    writeln!(out, "softmax(a) = {y:.4}")?;
    print_argmax(out, scores.view(), y.view())
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
        writeln!(out, "  {}   | 行和 {:9.4}", cells.join(" "), row.sum())?;
    }
    Ok(())
}

/// The notes' batch softmax next to the right one.
fn batch_wrong(out: &mut dyn Write) -> kit::Result {
    let batches = [
        (
            "x1（同一个样本重复两次）",
            array![[0.3, 2.9, 4.0], [0.3, 2.9, 4.0]],
        ),
        (
            "x2（一个得分小的样本，一个得分大的样本）",
            array![[0.3, 2.9, 4.0], [1010.0, 1000.0, 990.0]],
        ),
    ];
    for (k, (name, x)) in batches.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        print_batch(out, &format!("{name}："), x)?;
        let notes = softmax_notes_batch(x.view());
        let title = "笔记的写法（整批一个最大值，沿轴 0 求和）：";
        print_batch(out, title, &notes)?;
        let half = softmax_rows_global_max(x.view());
        let title = "只改求和方向（整批一个最大值，沿轴 1 求和）：";
        print_batch(out, title, &half)?;
        let right = softmax_rows(x.view())?;
        let title = "softmax_rows（每行用自己的最大值和自己的和）：";
        print_batch(out, title, &right)?;
    }
    Ok(())
}

/// Scores for a batch of 4 samples and 10 classes, from [`BATCH_SEED`];
/// sample 2 is sample 0 plus 1000.
fn batch_scores() -> Array2<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(BATCH_SEED);
    let mut a = Array2::from_shape_simple_fn((4, 10), || {
        (rng.random_range(-3.0..3.0_f64) * 10.0).round() / 10.0
    });
    let first = a.row(0).to_owned();
    a.row_mut(2).assign(&(first + 1000.0));
    a
}

/// Row-wise softmax of a `[batch_size, 10]` batch.
fn batch(out: &mut dyn Write) -> kit::Result {
    let a = batch_scores();
    writeln!(out, "a 的形状：{:?}", a.dim())?;
    for row in a.rows() {
        let cells: Vec<String> =
            row.iter().map(|v| format!("{v:7.1}")).collect();
        writeln!(out, "  {}", cells.join(""))?;
    }
    let y = softmax_rows(a.view())?;
    writeln!(out, "y = softmax_rows(a)，形状：{:?}", y.dim())?;
    for row in y.rows() {
        let cells: Vec<String> =
            row.iter().map(|v| format!("{v:6.3}")).collect();
        writeln!(out, "  {}   和 {:.4}", cells.join(""), row.sum())?;
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

/// The same functions in single precision.
fn f32(out: &mut dyn Write) -> kit::Result {
    let a64 = aview1(&BOOK_SCORES);
    let a32 = a64.mapv(|v| v as f32);
    let y64 = softmax(a64)?;
    let y32 = softmax(a32.view())?;
    writeln!(out, "softmax(a)，f64：{y64:.8}")?;
    writeln!(out, "softmax(a)，f32：{y32:.8}")?;
    let diff = (&y32.mapv(f64::from) - &y64).mapv(f64::abs);
    let worst = diff.fold(0.0, |m: f64, &v| m.max(v));
    writeln!(out, "两者最大的差：{worst:.1e}")?;
    writeln!(out, "f32 里 exp(x) 不溢出的最大 x：{:.4}", f32::MAX.ln())?;
    let big = array![100.0_f32, 90.0, 80.0];
    let naive = softmax_naive(big.view());
    writeln!(out, "softmax_naive({big:.1}) = {naive:.4}")?;
    let y = softmax(big.view())?;
    Ok(writeln!(out, "softmax({big:.1})       = {y:.4e}")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn output(demo: &str) -> String {
        crate::CHAPTER.output(demo).unwrap()
    }

    #[test]
    fn network_output_through_both_output_layers() {
        let text = output("output-layer");
        // chapter 2's network prints [0.31682708 0.69627909] in the book
        assert!(
            text.contains("最后一层的加权和 a    = [0.31682708, 0.69627909]")
        );
        assert!(
            text.contains("argmax(a) = Some(1)，argmax(softmax(a)) = Some(1)")
        );
    }

    #[test]
    fn the_naive_softmax_prints_nan() {
        let text = output("overflow");
        assert!(text.contains("softmax_naive(a) = [NaN, NaN, NaN]"));
    }

    #[test]
    fn batch_rows_two_and_zero_agree() {
        let a = batch_scores();
        let y = softmax_rows(a.view()).unwrap();
        assert_abs_diff_eq!(y.row(0), y.row(2), epsilon = 1e-12);
        assert_eq!(argmax_rows(a.view()), argmax_rows(y.view()));
        let text = output("batch");
        assert_eq!(text.matches("和 1.0000").count(), 4);
    }
}
