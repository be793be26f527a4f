//! What the chapter prints: the source book's two predictions under both
//! losses, what `delta` does, both losses side by side, a mini-batch and
//! its shape errors, and the toy model's accuracy against its loss.

use std::io::Write;

// 第 3 章：NumPy 写法的形状
use ch03_arrays::shape_text;
// 第 5 章：把标签索引变成 one-hot
use ch05_data::one_hot;
use kit::Demo;
use ndarray::{Array2, Axis, array};

use crate::toy::{toy_data, toy_sweep, toy_sweep_weights};
use crate::wrong_way::cross_entropy_no_delta;
use crate::{
    DELTA, book_t, book_y_right, book_y_wrong, cross_entropy_error,
    cross_entropy_error_batch, cross_entropy_error_labels, mean_squared_error,
    mean_squared_error_batch, mse_mean, prediction_with,
};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] =
    kit::demos![mse, cross_entropy, compare, batch, accuracy_vs_loss];

/// The book's two examples, in both forms of the MSE.
fn mse(out: &mut dyn Write) -> kit::Result {
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

/// The book's two examples, and what `delta` does.
fn cross_entropy(out: &mut dyn Write) -> kit::Result {
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
        let no_delta = cross_entropy_no_delta(y.view(), t3.view());
        let e = cross_entropy_error(y.view(), t3.view())?;
        writeln!(out, "y = {y:.1}, t = {t3:.1}")?;
        writeln!(out, "  without delta: {no_delta:.4}   with delta: {e:.4}")?;
    }
    Ok(())
}

/// Both losses as the right class's probability grows.
fn compare(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "y_right   mean_squared_error   cross_entropy_error")?;
    for p in [0.0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0] {
        let (y, t) = prediction_with(p);
        let mse = mean_squared_error(y.view(), t.view())?;
        let ce = cross_entropy_error(y.view(), t.view())?;
        writeln!(out, "{p:7.2}   {mse:18.4}   {ce:19.4}")?;
    }
    Ok(())
}

/// The book's two predictions as one mini-batch.
fn batch(out: &mut dyn Write) -> kit::Result {
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
            Err(e) => writeln!(out, "  {e}")?,
        }
    }
    Ok(())
}

/// The toy model as its weight moves.
fn accuracy_vs_loss(out: &mut dyn Write) -> kit::Result {
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
    let rows = toy_sweep(&toy_sweep_weights())?;
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

#[cfg(test)]
mod tests {
    fn output(demo: &str) -> String {
        crate::CHAPTER.output(demo).unwrap()
    }

    #[test]
    fn demos_print_the_book_values() {
        let mse = output("mse");
        assert!(mse.contains("mean_squared_error = 0.0975"));
        assert!(mse.contains("mean_squared_error = 0.5975"));
        let ce = output("cross-entropy");
        assert!(ce.contains("y1: cross_entropy_error = 0.510825457099338"));
        assert!(ce.contains("y2: cross_entropy_error = 2.302584092994546"));
    }
}
