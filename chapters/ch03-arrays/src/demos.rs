//! What the chapter prints: shapes, the matrix products of the source
//! book, one layer as inner products, the three-layer network step by step
//! and as a batch, the shapes of the 784-100-10 network, and its shape
//! errors.

use std::io::Write;

use kit::Demo;
use ndarray::{Array3, array};

use crate::{
    INPUT_SIZE, MnistArrays, affine_batch, forward_batch, mnist_arrays,
    shape_text,
};
use ch02_activations::{affine_layer, forward, sigmoid, three_layers};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![
    ndim_shape,
    matmul,
    inner_product,
    three_layer,
    batch,
    mnist_shapes,
    shape_errors,
];

/// The number of dimensions and the shape of arrays with one, two and
/// three dimensions.
fn ndim_shape(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: ndim_shape
    let a = array![1.0, 2.0, 3.0, 4.0];
    let b = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    // 2 张 28 × 28 的图，再把每张展平成一行 INPUT_SIZE = 784 个像素
    let images = Array3::<f64>::zeros((2, 28, 28));
    let rows = images.clone().into_shape_with_order((2, INPUT_SIZE))?;
    // ANCHOR_END: ndim_shape
    writeln!(out, "a = {a:.1}")?;
    writeln!(out, "a.ndim() = {}", a.ndim())?;
    let numpy = |shape: &[usize]| format!("，NumPy 写作 {}", shape_text(shape));
    writeln!(out, "a.shape() = {:?}{}", a.shape(), numpy(a.shape()))?;
    writeln!(out, "a.shape()[0] = {}", a.shape()[0])?;
    writeln!(out, "b =\n{b:.1}")?;
    writeln!(out, "b.ndim() = {}", b.ndim())?;
    writeln!(out, "b.shape() = {:?}{}", b.shape(), numpy(b.shape()))?;
    writeln!(out, "images.ndim() = {}", images.ndim())?;
    writeln!(out, "images.shape() = {:?}", images.shape())?;
    writeln!(out, "rows.ndim() = {}", rows.ndim())?;
    Ok(writeln!(out, "rows.shape() = {:?}", rows.shape())?)
}

/// The products *Deep Learning from Scratch* computes in 3.3.2, and the
/// error for shapes that do not fit.
fn matmul(out: &mut dyn Write) -> kit::Result {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    let b = array![[5.0, 6.0], [7.0, 8.0]];
    writeln!(out, "A · B =\n{:.1}", crate::matmul(a.view(), b.view())?)?;
    writeln!(out, "B · A =\n{:.1}", crate::matmul(b.view(), a.view())?)?;

    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let b = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    let ab = crate::matmul(a.view(), b.view())?;
    writeln!(out, "(2, 3) · (3, 2) -> {}：", shape_text(ab.shape()))?;
    writeln!(out, "{ab:.1}")?;
    let ba = crate::matmul(b.view(), a.view())?;
    writeln!(out, "(3, 2) · (2, 3) -> {}", shape_text(ba.shape()))?;

    let c = array![[1.0, 2.0], [3.0, 4.0]];
    match crate::matmul(a.view(), c.view()) {
        Ok(_) => writeln!(out, "(2, 3) · (2, 2) 本应出错")?,
        Err(e) => {
            writeln!(out, "matmul(A, C)，C 的形状是 (2, 2)：")?;
            write_error(out, &e.to_string())?;
        }
    }

    // 矩阵乘向量：ndarray 的 dot 把右边的向量当作列向量
    let v = array![7.0, 8.0];
    let bv = b.dot(&v);
    Ok(writeln!(
        out,
        "(3, 2) · (2,) -> {}: {bv:.1}",
        shape_text(bv.shape())
    )?)
}

/// A layer without bias or activation is `x · W`; output `j` is the inner
/// product of `x` with column `j` of `W`.
fn inner_product(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: inner_product
    let x = array![1.0, 2.0];
    let w = array![[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]];
    let y = x.dot(&w);
    // ANCHOR_END: inner_product
    writeln!(
        out,
        "x {} · W {} = y {}",
        shape_text(x.shape()),
        shape_text(w.shape()),
        shape_text(y.shape())
    )?;
    for j in 0..w.ncols() {
        let col = w.column(j);
        let terms: Vec<String> = (0..x.len())
            .map(|i| format!("{:.1} * {:.1}", x[i], col[i]))
            .collect();
        writeln!(out, "y[{j}] = {} = {:.1}", terms.join(" + "), y[j])?;
    }
    Ok(())
}

/// The three-layer network of chapter 2, one step at a time, with the
/// shape of every array.
fn three_layer(out: &mut dyn Write) -> kit::Result {
    let layers = three_layers();
    let [(w1, b1), (w2, b2), (w3, b3)] = &layers[..] else {
        return Err(kit::Error::from("three_layers() has three layers"));
    };
    // ANCHOR: three_layer
    let x = array![1.0, 0.5];
    let a1 = affine_layer(x.view(), w1.view(), b1.view())?;
    let z1 = sigmoid(&a1);
    let a2 = affine_layer(z1.view(), w2.view(), b2.view())?;
    let z2 = sigmoid(&a2);
    let a3 = affine_layer(z2.view(), w3.view(), b3.view())?;
    let y = a3.clone(); // 输出层把 a3 原样输出（恒等函数）
    // ANCHOR_END: three_layer
    let steps = [
        ("x", &x),
        ("a1 = x·W1 + b1", &a1),
        ("z1 = sigmoid(a1)", &z1),
        ("a2 = z1·W2 + b2", &a2),
        ("z2 = sigmoid(a2)", &z2),
        ("a3 = z2·W3 + b3", &a3),
        ("y = a3", &y),
    ];
    for (name, v) in steps {
        writeln!(out, "{name:<20} {:5} {v:.4}", shape_text(v.shape()))?;
    }
    writeln!(out, "y（8 位小数）：{y:.8}")?;
    let y_ch2 = forward(x.view(), &layers, sigmoid)?;
    Ok(writeln!(out, "第 2 章的 forward(x)：{y_ch2:.8}")?)
}

/// Four inputs at once through the same three layers.
fn batch(out: &mut dyn Write) -> kit::Result {
    let layers = three_layers();
    let x = array![[1.0, 0.5], [0.0, 0.0], [-1.0, 2.0], [3.0, -0.5]];
    writeln!(out, "x =\n{x:.1}")?;
    let mut z = x.clone();
    writeln!(out, "x 的形状：{}", shape_text(z.shape()))?;
    for (k, (w, b)) in layers.iter().enumerate() {
        let a = affine_batch(z.view(), w.view(), b.view())?;
        let last = k + 1 == layers.len();
        z = if last { a } else { sigmoid(&a) };
        writeln!(
            out,
            "第 {} 层：{} · W{} {} + b{} {} -> {}",
            k + 1,
            if k == 0 { "x" } else { "z" },
            k + 1,
            shape_text(w.shape()),
            k + 1,
            shape_text(b.shape()),
            shape_text(z.shape())
        )?;
    }
    let y = forward_batch(x.view(), &layers, sigmoid)?;
    writeln!(out, "y = forward_batch(x) =\n{y:.4}")?;
    let y0 = forward(x.row(0), &layers, sigmoid)?;
    Ok(writeln!(out, "单独算 forward(x[0]) = {y0:.4}")?)
}

/// The table of the study notes, printed from the arrays themselves, for
/// two batch sizes.
fn mnist_shapes(out: &mut dyn Write) -> kit::Result {
    let sizes = [1, 100];
    let nets: Vec<MnistArrays> = sizes
        .iter()
        .map(|&n| mnist_arrays(n))
        .collect::<Result<_, _>>()?;
    let tables: Vec<_> = nets.iter().map(MnistArrays::shapes).collect();
    // "数组" 占 4 列宽，加一个空格，和下面 5 列宽的名字对齐
    let mut header = String::from("数组 ");
    for n in sizes {
        header += &format!("  {:<16}", format!("batch_size = {n}"));
    }
    writeln!(out, "{}", header.trim_end())?;
    for row in 0..tables[0].len() {
        let mut line = format!("{:<5}", tables[0][row].0);
        for table in &tables {
            line += &format!("  {:<16}", shape_text(&table[row].1));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    let net = &nets[1];
    let params = net.w1.len() + net.b1.len() + net.w2.len() + net.b2.len();
    writeln!(out, "参数个数（W1、b1、W2、b2）：{params}")?;
    let per_sample = net.w1.len() + net.w2.len();
    Ok(writeln!(
        out,
        "乘加次数（x·W1 和 z1·W2）：\n  每个样本 {per_sample} 次，\
         一批 {} 个共 {} 次",
        net.x.nrows(),
        per_sample * net.x.nrows(),
    )?)
}

/// Two mistakes with the 784-100-10 arrays and the messages they get.
fn shape_errors(out: &mut dyn Write) -> kit::Result {
    let net = mnist_arrays(100)?;
    // W1 存反了，成了 (100, 784)
    let w1_t = net.w1.t();
    match affine_batch(net.x.view(), w1_t, net.b1.view()) {
        Ok(_) => writeln!(out, "x · W1.t() 本应出错")?,
        Err(e) => {
            writeln!(out, "x · W1.t() + b1：")?;
            write_error(out, &e.to_string())?;
        }
    }
    // 把第 2 层的偏置用在了第 1 层
    match affine_batch(net.x.view(), net.w1.view(), net.b2.view()) {
        Ok(_) => writeln!(out, "x · W1 + b2 本应出错")?,
        Err(e) => {
            writeln!(out, "x · W1 + b2：")?;
            write_error(out, &e.to_string())?;
        }
    }
    Ok(())
}

/// What [`write_error`] writes before the message.
const ERROR_LABEL: &str = "  错误：";

/// The width of [`ERROR_LABEL`] on a terminal or a page: the two spaces,
/// and two columns for each of the three wide characters.
const ERROR_LABEL_WIDTH: usize = 8;

/// The widest line [`write_error`] writes, in columns.
const ERROR_COLUMNS: usize = 72;

/// Prints `  错误：message`, the message (ASCII) wrapped at spaces to stay
/// within [`ERROR_COLUMNS`] columns, so that the page needs no sideways
/// scrolling.
/// The columns `text` takes in a fixed-width font: a Chinese character or
/// full-width punctuation takes two.
fn columns(text: &str) -> usize {
    let wide = |c: char| matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}');
    text.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

fn write_error(out: &mut dyn Write, message: &str) -> kit::Result {
    let mut line = String::from(ERROR_LABEL);
    let mut width = ERROR_LABEL_WIDTH;
    for (i, word) in message.split(' ').enumerate() {
        let len = columns(word);
        if i > 0 && width + 1 + len > ERROR_COLUMNS {
            writeln!(out, "{line}")?;
            // under the message's start
            line = " ".repeat(ERROR_LABEL_WIDTH);
            width = ERROR_LABEL_WIDTH;
        } else if i > 0 {
            line.push(' ');
            width += 1;
        }
        line.push_str(word);
        width += len;
    }
    Ok(writeln!(out, "{line}")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CHAPTER;

    /// Lines of the output that the page quotes or the source book prints.
    #[test]
    fn demos_print_what_is_quoted() {
        let quoted = [
            ("matmul", "错误：(2, 3) 和 (2, 2) 不能相乘"),
            ("three-layer", "y（8 位小数）：[0.31682708, 0.69627909]"),
            ("three-layer", "[0.3000, 0.7000, 1.1000]"),
            ("mnist-shapes", "x      (1, 784)          (100, 784)"),
            ("mnist-shapes", "b1     (100,)            (100,)"),
            ("mnist-shapes", "参数个数（W1、b1、W2、b2）：79510"),
            ("mnist-shapes", "一批 100 个共 7940000 次"),
            ("shape-errors", "(100, 784) 和 (100, 784) 不能相乘"),
            ("shape-errors", "形状为 (10,) 的偏置"),
        ];
        for (demo, line) in quoted {
            let text = CHAPTER.output(demo).unwrap();
            assert!(text.contains(line), "{demo} lacks {line:?}:\n{text}");
        }
    }

    #[test]
    fn chinese_takes_two_columns() {
        assert_eq!(columns("错误：x"), 7);
    }

    #[test]
    fn long_errors_are_wrapped_without_losing_words() {
        let message = "形状为 (10,) 的偏置加不到形状为 (100, 100) 的一批数据上：\
                       偏置要每列一个值，而这一批有 100 列，偏置只有 10 个值";
        let mut out = Vec::new();
        write_error(&mut out, message).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().count() > 1);
        // the label is 8 columns wide, a Chinese character two
        let width = |l: &str| match l.strip_prefix(ERROR_LABEL) {
            Some(rest) => ERROR_LABEL_WIDTH + columns(rest),
            None => columns(l),
        };
        assert!(text.lines().all(|l| width(l) <= ERROR_COLUMNS), "{text}");
        let body = text.trim_start().trim_start_matches("错误：");
        let words: Vec<_> = body.split_whitespace().collect();
        assert_eq!(words.join(" "), message);
    }
}
