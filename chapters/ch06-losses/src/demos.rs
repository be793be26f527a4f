//! What the chapter prints: the source book's two predictions under both
//! losses, what `delta` does, where the name cross-entropy comes from,
//! both losses side by side, a mini-batch and its shape errors, and the
//! toy model's accuracy against its loss.

use std::io::Write;

// 第 3 章：NumPy 写法的形状
use ch03_arrays::shape_text;
// 第 5 章：把标签索引变成 one-hot
use ch05_data::one_hot;
use kit::Demo;
use ndarray::{Array1, Array2, Axis, array};

use crate::toy::{toy_data, toy_sweep, toy_sweep_weights};
use crate::wrong_way::cross_entropy_no_delta;
use crate::{
    DELTA, book_t, book_y_right, book_y_wrong, cross_entropy_error,
    cross_entropy_error_batch, cross_entropy_error_labels, information,
    likelihood, mean_squared_error, mean_squared_error_batch, mse_mean,
    prediction_with,
};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![
    mse,
    cross_entropy,
    information_and_likelihood,
    compare,
    batch,
    accuracy_vs_loss
];

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
    writeln!(out, "ln(0)       = {}", 0.0_f64.ln())?;
    writeln!(out, "0 * ln(0)   = {}", 0.0 * 0.0_f64.ln())?;
    writeln!(out, "-ln(0 + δ)  = {:.4}", -(0.0 + DELTA).ln())?;
    writeln!(out, "-ln(1 + δ)  = {:.4e}", -(1.0 + DELTA).ln())?;
    writeln!(out)?;
    let t3 = array![0.0, 0.0, 1.0];
    for y in [array![0.0, 0.1, 0.9], array![0.1, 0.9, 0.0]] {
        let no_delta = cross_entropy_no_delta(y.view(), t3.view());
        let e = cross_entropy_error(y.view(), t3.view())?;
        writeln!(out, "y = {y:.1}，t = {t3:.1}")?;
        writeln!(out, "  不加 δ：{no_delta:.4}   加 δ：{e:.4}")?;
    }
    Ok(())
}

/// Information content, the cross-entropy of two distributions (the
/// function, not the demo above, hence `crate::`), and the likelihood of
/// the labels.
fn information_and_likelihood(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "信息量 I(p) = -ln p：")?;
    for p in [1.0, 0.6, 0.1, 0.01] {
        writeln!(out, "  p = {p:.2}：{:.4}", information(p))?;
    }
    writeln!(out)?;
    // a soft label: seven parts class 2, three parts class 7
    let mut p = Array1::zeros(10);
    p[2] = 0.7;
    p[7] = 0.3;
    let (y1, y2) = (book_y_right(), book_y_wrong());
    writeln!(out, "软标签 p：类别 2 为 0.7，类别 7 为 0.3")?;
    writeln!(
        out,
        "  H(p, p) = H(p) = {:.4}（p 自己的熵）",
        crate::cross_entropy(p.view(), p.view())?
    )?;
    writeln!(
        out,
        "  H(p, y1)       = {:.4}",
        crate::cross_entropy(p.view(), y1.view())?
    )?;
    writeln!(
        out,
        "  H(p, y2)       = {:.4}",
        crate::cross_entropy(p.view(), y2.view())?
    )?;
    writeln!(
        out,
        "  cross_entropy_error(y1, p) = {:.4}",
        cross_entropy_error(y1.view(), p.view())?
    )?;
    let t = book_t();
    writeln!(out, "one-hot 的 t（类别 2）：")?;
    writeln!(
        out,
        "  H(t) = {:.4}，H(t, y1) = {:.4}，H(t, y2) = {:.4}",
        crate::cross_entropy(t.view(), t.view())?,
        crate::cross_entropy(t.view(), y1.view())?,
        crate::cross_entropy(t.view(), y2.view())?
    )?;
    writeln!(out)?;
    let mut y = Array2::zeros((2, 10));
    y.row_mut(0).assign(&y1);
    y.row_mut(1).assign(&y2);
    let labels = array![2, 2];
    let l = likelihood(y.view(), labels.view())?;
    writeln!(out, "两张图像，正确类别的概率是 0.6 和 0.1：")?;
    writeln!(out, "  似然 = 0.6 × 0.1 = {l:.4}")?;
    writeln!(
        out,
        "  -ln 似然 = {:.4} = {:.4} + {:.4}",
        information(l),
        information(0.6),
        information(0.1)
    )?;
    writeln!(out, "  除以 N = 2：{:.4}", information(l) / 2.0)?;
    writeln!(out)?;
    let n = 10_000;
    let y = Array2::from_shape_fn((n, 2), |(_, k)| [0.1, 0.9][k]);
    let labels = Array1::from_elem(n, 1);
    let l = likelihood(y.view(), labels.view())?;
    let sum_of_logs: f64 = (0..n).map(|_| information(0.9)).sum();
    writeln!(out, "{n} 张图像，正确类别的概率都是 0.9：")?;
    writeln!(out, "  似然（连乘）= {l:.1e}")?;
    let true_log10 = n as f64 * 0.9_f64.log10();
    writeln!(out, "  真值 0.9 的 {n} 次方 ≈ 10 的 {true_log10:.1} 次方")?;
    writeln!(out, "  f64 最小的正数 = {:.1e}", f64::from_bits(1))?;
    writeln!(out, "  -ln 似然（对数相加）= {sum_of_logs:.4}")?;
    writeln!(
        out,
        "  除以 N：{:.4}\n  cross_entropy_error_labels：{:.4}",
        sum_of_logs / n as f64,
        cross_entropy_error_labels(y.view(), labels.view())?
    )?;
    Ok(())
}

/// Both losses as the right class's probability grows.
fn compare(out: &mut dyn Write) -> kit::Result {
    // a CJK character is two columns wide in a monospace font
    writeln!(out, "正确类别的概率   均方误差   交叉熵误差")?;
    for p in [0.0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0] {
        let (y, t) = prediction_with(p);
        let mse = mean_squared_error(y.view(), t.view())?;
        let ce = cross_entropy_error(y.view(), t.view())?;
        writeln!(out, "{p:14.2}{mse:11.4}{ce:13.4}")?;
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
    writeln!(out, "y 的形状 {}，labels = {labels}", shape_text(y.shape()))?;
    writeln!(out, "t = one_hot(labels, 10) =\n{t:.0}")?;
    let ce_one_hot = cross_entropy_error_batch(y.view(), t.view())?;
    let ce_labels = cross_entropy_error_labels(y.view(), labels.view())?;
    let mse = mean_squared_error_batch(y.view(), t.view())?;
    writeln!(
        out,
        "cross_entropy_error_batch(y, t)       = {ce_one_hot:.4}"
    )?;
    writeln!(
        out,
        "cross_entropy_error_labels(y, labels) = {ce_labels:.4}"
    )?;
    writeln!(out, "mean_squared_error_batch(y, t)        = {mse:.4}")?;
    writeln!(out)?;
    writeln!(out, "只有一个样本的一批，损失就是这个样本的损失：")?;
    let y1 = book_y_right();
    let single = cross_entropy_error(y1.view(), book_t().view())?;
    let y1_batch = y1.view().insert_axis(Axis(0));
    let t1_batch = book_t().insert_axis(Axis(0));
    let batch = cross_entropy_error_batch(y1_batch, t1_batch.view())?;
    writeln!(
        out,
        "  y1 单独算 {single:.4}，作为形状 (1, 10) 的一批 {batch:.4}"
    )?;
    writeln!(out)?;
    writeln!(out, "形状不对时的错误：")?;
    let short_t = Array2::zeros((2, 3));
    let errors = [
        cross_entropy_error_batch(y.view(), short_t.view()),
        cross_entropy_error_labels(y.view(), array![2].view()),
        cross_entropy_error_labels(y.view(), array![2, 10].view()),
        mean_squared_error(book_y_right().view(), array![0.0, 1.0].view()),
    ];
    for e in errors {
        match e {
            Ok(v) => writeln!(out, "  意外地算出了 {v:.4}")?,
            Err(e) => writeln!(out, "  {e}")?,
        }
    }
    Ok(())
}

/// The toy model as its weight moves.
fn accuracy_vs_loss(out: &mut dyn Write) -> kit::Result {
    let (x, labels) = toy_data();
    writeln!(out, "玩具数据 (x, 标签)，按 x 排序：")?;
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
    let header = format!("{:>6}   识别精度     损失", "w");
    writeln!(out, "{header}")?;
    let ws = [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0];
    for (w, acc, loss) in toy_sweep(&ws)? {
        writeln!(out, "{w:6.2}{acc:11.2}{loss:9.4}")?;
    }
    writeln!(out)?;
    let rows = toy_sweep(&toy_sweep_weights())?;
    writeln!(out, "w 从 -1 到 5、步长 0.005，识别精度在每一段里不变：")?;
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].1 != rows[start].1 {
            let (w0, w1) = (rows[start].0, rows[i - 1].0);
            writeln!(
                out,
                "  w ∈ [{w0:6.3}, {w1:6.3}]：识别精度 {:.2}",
                { rows[start].1 }
            )?;
            start = i;
        }
    }
    let best = rows
        .iter()
        .fold(rows[0], |b, &r| if r.2 < b.2 { r } else { b });
    writeln!(
        out,
        "扫描中损失最低处：w = {:.3}，损失 {:.4}，识别精度 {:.2}",
        best.0, best.2, best.1
    )?;
    writeln!(out)?;
    writeln!(out, "在 w = 1.5 附近把 w 挪动 0.01：")?;
    writeln!(out, "{header}")?;
    for (w, acc, loss) in toy_sweep(&[1.49, 1.5, 1.51])? {
        writeln!(out, "{w:6.2}{acc:11.2}{loss:9.4}")?;
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

    #[test]
    fn the_likelihood_demo_shows_the_underflow_and_the_batch_loss() {
        let text = output("information-and-likelihood");
        assert!(text.contains("似然 = 0.6 × 0.1 = 0.0600"), "{text}");
        assert!(text.contains("除以 N = 2：1.4067"), "{text}");
        assert!(text.contains("似然（连乘）= 2.5e-323"), "{text}");
        // the same number as the mini-batch loss of the batch demo
        assert!(output("batch").contains("= 1.4067"));
    }
}
