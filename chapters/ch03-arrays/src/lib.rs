//! Chapter 3: computing with multidimensional arrays.
//!
//! An array has a number of dimensions ([`ndarray::ArrayBase::ndim`]) and
//! a shape ([`shape_text`] prints it as NumPy does). The matrix product
//! needs the inner dimensions to agree: [`matmul`] checks that and returns
//! a [`MatmulError`] naming both shapes, where ndarray's `dot` would
//! panic. A layer of a network is one matrix product plus a bias
//! ([`linear_batch`]); a batch of inputs goes through the whole network as
//! a few large products ([`forward_batch`]). [`mnist_arrays`] builds the
//! arrays of the 784-100-10 network from the study notes for any batch
//! size.
//!
//! What chapter 2 defined for one input vector (`linear_layer`, `forward`,
//! `three_layers`, `sigmoid`) is used from there.
#![doc(test(attr(deny(warnings))))]

pub mod exercises;

use std::fmt;
use std::io::Write;

// ANCHOR: uses
// Chapter 0: the book's tools, and adding a bias to every row of a batch.
use ch00_tools::exercises::add_bias;
use kit::plot::{color, font, scaled, svg_figure};
use kit::{Demo, Figure};
// Chapter 2: one layer and a whole network for one input vector.
use ch02_activations::{forward, linear_layer, sigmoid, three_layers};
// ANCHOR_END: uses

use ndarray::{Array1, Array2, Array3, ArrayView1, ArrayView2, NdFloat, array};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

kit::chapter!(DEMOS, FIGURES);

/// The inputs of an MNIST network: one per pixel of a 28 × 28 image.
pub const INPUT_SIZE: usize = 28 * 28;

/// The outputs of an MNIST network: one score per digit, 0 to 9.
pub const OUTPUT_SIZE: usize = 10;

/// A shape as NumPy prints it: `(4,)` for one dimension, `(3, 2)` for two.
///
/// # Examples
///
/// ```
/// use ch03_arrays::shape_text;
/// use ndarray::array;
///
/// assert_eq!(shape_text(array![1.0, 2.0, 3.0, 4.0].shape()), "(4,)");
/// assert_eq!(shape_text(array![[1.0, 2.0], [3.0, 4.0]].shape()), "(2, 2)");
/// assert_eq!(shape_text(&[]), "()");
/// ```
pub fn shape_text(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => {
            let dims: Vec<String> =
                shape.iter().map(|d| d.to_string()).collect();
            format!("({})", dims.join(", "))
        }
    }
}

// ANCHOR: matmul_error
/// The error of [`matmul`]: the two shapes, whose inner dimensions differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatmulError {
    /// Shape of the left matrix, `(rows, columns)`.
    pub left: (usize, usize),
    /// Shape of the right matrix, `(rows, columns)`.
    pub right: (usize, usize),
}

impl fmt::Display for MatmulError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ((m, n), (p, k)) = (self.left, self.right);
        write!(
            f,
            "cannot multiply ({m}, {n}) by ({p}, {k}): inner dimensions \
             {n} and {p} differ"
        )
    }
}

impl std::error::Error for MatmulError {}

/// So that `?` can pass a [`MatmulError`] on from a function that reports
/// its errors as text, as chapters 0 and 2 do.
impl From<MatmulError> for String {
    fn from(e: MatmulError) -> String {
        e.to_string()
    }
}
// ANCHOR_END: matmul_error

// ANCHOR: matmul
/// The matrix product `a · b`, checked: an error instead of a panic when
/// the inner dimensions differ.
///
/// $c_{ij} = \sum_{k} a_{ik} b_{kj}$
///
/// # Shapes
///
/// `a`: `(m, n)`, `b`: `(n, k)` → `(m, k)`.
///
/// # Errors
///
/// [`MatmulError`] with both shapes when `a` has not as many columns as
/// `b` has rows.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch03_arrays::matmul;
/// use ndarray::array;
///
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let b = array![[5.0, 6.0], [7.0, 8.0]];
/// let c = matmul(a.view(), b.view())?;
/// assert_abs_diff_eq!(c, array![[19.0, 22.0], [43.0, 50.0]]);
///
/// let wide = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]; // (2, 3)
/// let err = matmul(wide.view(), b.view()).unwrap_err();
/// assert_eq!((err.left, err.right), ((2, 3), (2, 2)));
/// # Ok::<(), ch03_arrays::MatmulError>(())
/// ```
pub fn matmul<A: NdFloat>(
    a: ArrayView2<A>,
    b: ArrayView2<A>,
) -> Result<Array2<A>, MatmulError> {
    if a.ncols() != b.nrows() {
        return Err(MatmulError {
            left: a.dim(),
            right: b.dim(),
        });
    }
    // The inner dimensions agree, so `dot` cannot panic.
    Ok(a.dot(&b))
}
// ANCHOR_END: matmul

// ANCHOR: linear_batch
/// One layer for a whole batch: `x · W + b`, one row of `x` per sample.
///
/// $A = X W + b$ (`b` is added to every row). Row `i` of the result is
/// chapter 2's `linear_layer` of row `i` of `x`.
///
/// # Shapes
///
/// `x`: `(batch_size, n)`, `w`: `(n, m)`, `b`: `(m,)` →
/// `(batch_size, m)`.
///
/// # Errors
///
/// When `x` has not as many columns as `w` has rows, or `b` has not one
/// value per column of `w`; the message names the shapes.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch03_arrays::linear_batch;
/// use ndarray::array;
///
/// let x = array![[1.0, 2.0], [0.0, 1.0]]; // two samples
/// let w = array![[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]];
/// let b = array![0.1, 0.2, 0.3];
/// let a = linear_batch(x.view(), w.view(), b.view())?;
/// let expected = array![[5.1, 11.2, 17.3], [2.1, 4.2, 6.3]];
/// assert_abs_diff_eq!(a, expected, epsilon = 1e-12);
/// # Ok::<(), String>(())
/// ```
pub fn linear_batch<A: NdFloat>(
    x: ArrayView2<A>,
    w: ArrayView2<A>,
    b: ArrayView1<A>,
) -> Result<Array2<A>, String> {
    let xw = matmul(x, w)?;
    add_bias(xw.view(), b)
}
// ANCHOR_END: linear_batch

// ANCHOR: forward_batch
/// Runs a batch through `layers`, applying `h` after every layer but the
/// last: chapter 2's `forward`, with a matrix of inputs in place of one
/// input vector.
///
/// # Shapes
///
/// `x`: `(batch_size, n_0)`; layer `k` is `(W, b)` with `W`:
/// `(n_k, n_{k+1})` and `b`: `(n_{k+1},)`; the result is
/// `(batch_size, n_last)`.
///
/// # Errors
///
/// When there are no layers, or a layer's shapes do not fit its input.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::{forward, sigmoid, three_layers};
/// use ch03_arrays::forward_batch;
/// use ndarray::array;
///
/// let layers = three_layers();
/// let x = array![[1.0, 0.5], [-1.0, 2.0]];
/// let y = forward_batch(x.view(), &layers, sigmoid)?;
/// assert_eq!(y.dim(), (2, 2));
/// // each row is what forward gives for that sample alone
/// let y1 = forward(x.row(1), &layers, sigmoid)?;
/// assert_abs_diff_eq!(y.row(1), y1, epsilon = 1e-12);
/// # Ok::<(), String>(())
/// ```
pub fn forward_batch(
    x: ArrayView2<f64>,
    layers: &[(Array2<f64>, Array1<f64>)],
    h: impl Fn(&Array2<f64>) -> Array2<f64>,
) -> Result<Array2<f64>, String> {
    let Some(((w_last, b_last), hidden)) = layers.split_last() else {
        return Err("forward_batch needs at least one layer, got 0".into());
    };
    let mut z = x.to_owned();
    for (w, b) in hidden {
        z = h(&linear_batch(z.view(), w.view(), b.view())?);
    }
    linear_batch(z.view(), w_last.view(), b_last.view())
}
// ANCHOR_END: forward_batch

// ANCHOR: mnist_arrays
/// The arrays of the study notes' 784-100-10 network for one batch, and
/// what it computes: `a1 = sigmoid(x · W1 + b1)`, `y = a1 · W2 + b2`.
///
/// The weights and the "pixels" of `x` are seeded random numbers (weights
/// in [-0.1, 0.1), pixels in [0, 1)): only the shapes matter here.
///
/// # Shapes
///
/// `x`: `(batch_size, 784)`, `W1`: `(784, 100)`, `b1`: `(100,)`,
/// `a1`: `(batch_size, 100)`, `W2`: `(100, 10)`, `b2`: `(10,)`,
/// `y`: `(batch_size, 10)`.
///
/// # Errors
///
/// When `batch_size` is 0: a batch needs at least one sample.
///
/// # Examples
///
/// ```
/// use ch03_arrays::mnist_arrays;
///
/// let net = mnist_arrays(32)?;
/// assert_eq!(net.x.dim(), (32, 784));
/// assert_eq!(net.y.dim(), (32, 10));
/// assert!(mnist_arrays(0).is_err());
/// # Ok::<(), String>(())
/// ```
pub fn mnist_arrays(batch_size: usize) -> Result<MnistArrays, String> {
    if batch_size == 0 {
        return Err("batch_size must be at least 1, got 0".into());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut uniform = |shape: (usize, usize), lo: f64, hi: f64| {
        Array2::from_shape_simple_fn(shape, || rng.random_range(lo..hi))
    };
    let x = uniform((batch_size, 784), 0.0, 1.0);
    let w1 = uniform((784, 100), -0.1, 0.1);
    let b1 = uniform((1, 100), -0.1, 0.1).row(0).to_owned();
    let w2 = uniform((100, 10), -0.1, 0.1);
    let b2 = uniform((1, 10), -0.1, 0.1).row(0).to_owned();

    let a1 = sigmoid(&linear_batch(x.view(), w1.view(), b1.view())?);
    let y = linear_batch(a1.view(), w2.view(), b2.view())?;
    Ok(MnistArrays {
        x,
        w1,
        b1,
        a1,
        w2,
        b2,
        y,
    })
}

/// The arrays of [`mnist_arrays`], named as in the study notes.
#[derive(Debug, Clone)]
pub struct MnistArrays {
    /// The batch of inputs, one flattened 28 × 28 image per row.
    pub x: Array2<f64>,
    /// First layer's weights.
    pub w1: Array2<f64>,
    /// First layer's biases.
    pub b1: Array1<f64>,
    /// First layer's output, after the sigmoid.
    pub a1: Array2<f64>,
    /// Second layer's weights.
    pub w2: Array2<f64>,
    /// Second layer's biases.
    pub b2: Array1<f64>,
    /// The network's output (before any softmax): ten scores per sample.
    pub y: Array2<f64>,
}

impl MnistArrays {
    /// Each array's name and shape, in the order data flows through them.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch03_arrays::mnist_arrays;
    ///
    /// let shapes = mnist_arrays(5)?.shapes();
    /// assert_eq!(shapes[0], ("x", vec![5, 784]));
    /// assert_eq!(shapes[2], ("b1", vec![100]));
    /// # Ok::<(), String>(())
    /// ```
    pub fn shapes(&self) -> Vec<(&'static str, Vec<usize>)> {
        vec![
            ("x", self.x.shape().to_vec()),
            ("W1", self.w1.shape().to_vec()),
            ("b1", self.b1.shape().to_vec()),
            ("a1", self.a1.shape().to_vec()),
            ("W2", self.w2.shape().to_vec()),
            ("b2", self.b2.shape().to_vec()),
            ("y", self.y.shape().to_vec()),
        ]
    }
}
// ANCHOR_END: mnist_arrays

// ANCHOR: ndim_shape
/// Demo `ndim-shape`: the number of dimensions and the shape of arrays
/// with one, two and three dimensions.
fn ndim_shape_demo(out: &mut dyn Write) -> kit::Result {
    let a = array![1.0, 2.0, 3.0, 4.0];
    writeln!(out, "a = {a:.1}")?;
    writeln!(out, "a.ndim() = {}", a.ndim())?;
    writeln!(
        out,
        "a.shape() = {:?}, NumPy: {}",
        a.shape(),
        shape_text(a.shape())
    )?;
    writeln!(out, "a.shape()[0] = {}", a.shape()[0])?;

    let b = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    writeln!(out, "b =\n{b:.1}")?;
    writeln!(out, "b.ndim() = {}", b.ndim())?;
    writeln!(
        out,
        "b.shape() = {:?}, NumPy: {}",
        b.shape(),
        shape_text(b.shape())
    )?;

    // Two 28 × 28 images, then each flattened into one row of 784.
    let images = Array3::<f64>::zeros((2, 28, 28));
    writeln!(out, "images.ndim() = {}", images.ndim())?;
    writeln!(out, "images.shape() = {:?}", images.shape())?;
    let rows = images.into_shape_with_order((2, 28 * 28))?;
    Ok(writeln!(
        out,
        "flattened: ndim {}, shape {:?}",
        rows.ndim(),
        rows.shape()
    )?)
}
// ANCHOR_END: ndim_shape

/// Demo `matmul`: the products *Deep Learning from Scratch* computes in
/// 3.3.2, and the error for shapes that do not fit.
fn matmul_demo(out: &mut dyn Write) -> kit::Result {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    let b = array![[5.0, 6.0], [7.0, 8.0]];
    writeln!(out, "A · B =\n{:.1}", matmul(a.view(), b.view())?)?;
    writeln!(out, "B · A =\n{:.1}", matmul(b.view(), a.view())?)?;

    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let b = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    let ab = matmul(a.view(), b.view())?;
    writeln!(out, "(2, 3) · (3, 2) -> {}:", shape_text(ab.shape()))?;
    writeln!(out, "{ab:.1}")?;
    let ba = matmul(b.view(), a.view())?;
    writeln!(out, "(3, 2) · (2, 3) -> {}", shape_text(ba.shape()))?;

    let c = array![[1.0, 2.0], [3.0, 4.0]];
    match matmul(a.view(), c.view()) {
        Ok(_) => writeln!(out, "(2, 3) · (2, 2) should have failed")?,
        Err(e) => {
            writeln!(out, "matmul(A, C) with C (2, 2):")?;
            write_error(out, &e.to_string())?;
        }
    }

    // A matrix times a vector: ndarray's dot takes the vector as a column.
    let v = array![7.0, 8.0];
    let bv = b.dot(&v);
    Ok(writeln!(
        out,
        "(3, 2) · (2,) -> {}: {bv:.1}",
        shape_text(bv.shape())
    )?)
}

// ANCHOR: inner_product
/// Demo `inner-product`: a layer without bias or activation is `x · W`;
/// output `j` is the inner product of `x` with column `j` of `W`.
fn inner_product_demo(out: &mut dyn Write) -> kit::Result {
    let x = array![1.0, 2.0];
    let w = array![[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]];
    let y = x.dot(&w);
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
// ANCHOR_END: inner_product

// ANCHOR: three_layer
/// Demo `three-layer`: the three-layer network of chapter 2, one step at
/// a time, with the shape of every array.
fn three_layer_demo(out: &mut dyn Write) -> kit::Result {
    let layers = three_layers();
    let [(w1, b1), (w2, b2), (w3, b3)] = &layers[..] else {
        return Err(kit::Error::from("three_layers() has three layers"));
    };
    let x = array![1.0, 0.5];
    let show = |out: &mut dyn Write, name: &str, v: &Array1<f64>| {
        writeln!(out, "{name:<20} {:5} {v:.4}", shape_text(v.shape()))
    };
    show(out, "x", &x)?;
    let a1 = linear_layer(x.view(), w1.view(), b1.view())?;
    show(out, "a1 = x·W1 + b1", &a1)?;
    let z1 = sigmoid(&a1);
    show(out, "z1 = sigmoid(a1)", &z1)?;
    let a2 = linear_layer(z1.view(), w2.view(), b2.view())?;
    show(out, "a2 = z1·W2 + b2", &a2)?;
    let z2 = sigmoid(&a2);
    show(out, "z2 = sigmoid(a2)", &z2)?;
    let a3 = linear_layer(z2.view(), w3.view(), b3.view())?;
    show(out, "a3 = z2·W3 + b3", &a3)?;
    let y = a3; // the output layer passes a3 on as it is (identity)
    show(out, "y = a3", &y)?;
    writeln!(out, "y to 8 places: {y:.8}")?;
    let y_ch2 = forward(x.view(), &layers, sigmoid)?;
    Ok(writeln!(out, "chapter 2's forward(x): {y_ch2:.8}")?)
}
// ANCHOR_END: three_layer

// ANCHOR: batch
/// Demo `batch`: four inputs at once through the same three layers.
fn batch_demo(out: &mut dyn Write) -> kit::Result {
    let layers = three_layers();
    let x = array![[1.0, 0.5], [0.0, 0.0], [-1.0, 2.0], [3.0, -0.5]];
    let mut z = x.clone();
    writeln!(out, "x: {}", shape_text(z.shape()))?;
    for (k, (w, b)) in layers.iter().enumerate() {
        let a = linear_batch(z.view(), w.view(), b.view())?;
        let last = k + 1 == layers.len();
        z = if last { a } else { sigmoid(&a) };
        writeln!(
            out,
            "layer {}: {} · W{} {} + b{} {} -> {}",
            k + 1,
            if k == 0 { "x" } else { "z" },
            k + 1,
            shape_text(w.shape()),
            k + 1,
            shape_text(b.shape()),
            shape_text(z.shape())
        )?;
    }
    writeln!(out, "y =\n{z:.4}")?;
    let y0 = forward(x.row(0), &layers, sigmoid)?;
    Ok(writeln!(out, "forward(x[0]) alone = {y0:.4}")?)
}
// ANCHOR_END: batch

/// Demo `mnist-shapes`: the table of the study notes, printed from the
/// arrays themselves, for two batch sizes.
fn mnist_shapes_demo(out: &mut dyn Write) -> kit::Result {
    let sizes = [1, 100];
    let nets: Vec<MnistArrays> = sizes
        .iter()
        .map(|&n| mnist_arrays(n))
        .collect::<Result<_, _>>()?;
    let tables: Vec<_> = nets.iter().map(MnistArrays::shapes).collect();
    let mut header = String::from("array");
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
    writeln!(out, "parameters (W1, b1, W2, b2): {params}")?;
    let per_sample = net.w1.len() + net.w2.len();
    Ok(writeln!(
        out,
        "multiply-adds (x·W1 and a1·W2): {per_sample} per sample, {} per \
         batch of {}",
        per_sample * net.x.nrows(),
        net.x.nrows()
    )?)
}

/// Demo `shape-errors`: two mistakes with the 784-100-10 arrays and the
/// messages they get.
fn shape_errors_demo(out: &mut dyn Write) -> kit::Result {
    let net = mnist_arrays(100)?;
    // W1 stored the other way round, as (100, 784)
    let w1_t = net.w1.t();
    match linear_batch(net.x.view(), w1_t, net.b1.view()) {
        Ok(_) => writeln!(out, "x · W1.t() should have failed")?,
        Err(e) => {
            writeln!(out, "x · W1.t() + b1:")?;
            write_error(out, &e)?;
        }
    }
    // the second layer's bias given to the first layer
    match linear_batch(net.x.view(), net.w1.view(), net.b2.view()) {
        Ok(_) => writeln!(out, "x · W1 + b2 should have failed")?,
        Err(e) => {
            writeln!(out, "x · W1 + b2:")?;
            write_error(out, &e)?;
        }
    }
    Ok(())
}

/// Prints `  Err: message`, the message wrapped at spaces to stay within
/// 72 columns, so that the page needs no sideways scrolling.
fn write_error(out: &mut dyn Write, message: &str) -> kit::Result {
    let mut line = String::from("  Err:");
    for word in message.split(' ') {
        if line.chars().count() + 1 + word.chars().count() > 72 {
            writeln!(out, "{line}")?;
            line = String::from("       "); // under the message's start
        } else {
            line.push(' ');
        }
        line.push_str(word);
    }
    Ok(writeln!(out, "{line}")?)
}

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = &[
    Demo::new("ndim-shape", ndim_shape_demo),
    Demo::new("matmul", matmul_demo),
    Demo::new("inner-product", inner_product_demo),
    Demo::new("three-layer", three_layer_demo),
    Demo::new("batch", batch_demo),
    Demo::new("mnist-shapes", mnist_shapes_demo),
    Demo::new("shape-errors", shape_errors_demo),
];

/// Drawn side length, in canvas pixels, of an axis of length `n`: the
/// square root keeps 10 visible next to 784 (on a true scale it would be
/// a sliver).
fn side(n: usize) -> i32 {
    (21.0 * (n as f64).sqrt()).round() as i32
}

/// The drawing area of a figure, in canvas pixels.
type Canvas<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Writes `lines` one under the other, centred on `centre` (horizontally
/// centred) or starting at `centre` (left-aligned) when `h` is `Left`.
fn text_lines(
    root: &Canvas,
    lines: &[&str],
    centre: (i32, i32),
    h: HPos,
) -> kit::Result<()> {
    let step = scaled(17.0) as i32;
    let first = centre.1 - step * (lines.len() as i32 - 1) / 2;
    for (i, line) in lines.iter().enumerate() {
        let style = font(13.0).pos(Pos::new(h, VPos::Center));
        let at = (centre.0, first + step * i as i32);
        root.draw(&Text::new(line.to_string(), at, style))?;
    }
    Ok(())
}

/// Draws a matrix of `shape` as a box with its top-left corner at `at`,
/// filled in `fill`, with its name and shape inside (or to its right when
/// it is narrow). Returns the box as `(x, y, width, height)`.
fn matrix_box(
    root: &Canvas,
    at: (i32, i32),
    shape: &[usize],
    name: &str,
    fill: RGBColor,
) -> kit::Result<(i32, i32, i32, i32)> {
    let [rows, cols] = shape[..] else {
        return Err(format!("{name} is not a matrix: {shape:?}").into());
    };
    let (w, h) = (side(cols), side(rows));
    let (x0, y0) = at;
    let corners = [(x0, y0), (x0 + w, y0 + h)];
    root.draw(&Rectangle::new(corners, fill.mix(0.25).filled()))?;
    root.draw(&Rectangle::new(corners, fill.stroke_width(scaled(1.2))))?;
    let shape = shape_text(shape);
    let lines = [name, shape.as_str()];
    if w > scaled(60.0) as i32 {
        text_lines(root, &lines, (x0 + w / 2, y0 + h / 2), HPos::Center)?;
    } else {
        let at = (x0 + w + scaled(5.0) as i32, y0 + h / 2);
        text_lines(root, &lines, at, HPos::Left)?;
    }
    Ok((x0, y0, w, h))
}

/// A straight segment cut into dashes `dash` px long with gaps of `gap` px
/// (of a 640-pixel figure), each dash a two-point path.
fn dashes(
    from: (i32, i32),
    to: (i32, i32),
    dash: f64,
    gap: f64,
) -> Vec<Vec<(i32, i32)>> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let length = dx.hypot(dy);
    let (dash, period) =
        (f64::from(scaled(dash)), f64::from(scaled(dash + gap)));
    let at = |t: f64| {
        let f = t / length;
        (
            from.0 + (f * dx).round() as i32,
            from.1 + (f * dy).round() as i32,
        )
    };
    let mut found = Vec::new();
    let mut t = 0.0;
    while t < length {
        found.push(vec![at(t), at((t + dash).min(length))]);
        t += period;
    }
    found
}

/// A dashed rectangle, with dashes `len` px long (of a 640-pixel figure).
fn dashed_box(
    root: &Canvas,
    (x, y, w, h): (i32, i32, i32, i32),
    len: f64,
) -> kit::Result<()> {
    let style = BLACK.mix(0.6).stroke_width(scaled(0.8));
    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
    for pair in corners.windows(2) {
        for dash in dashes(pair[0], pair[1], len, len * 2.0 / 3.0) {
            root.draw(&PathElement::new(dash, style))?;
        }
    }
    Ok(())
}

/// Space between the boxes of a product, in canvas pixels.
const GAP: i32 = 15;

/// One matrix product drawn in the Falk layout: `left` to the left of the
/// result, `right` above it, `left`'s bottom-left corner at
/// `bottom_left`. The result's rows line up with `left`'s rows and its
/// columns with `right`'s columns; the empty corner between `left` and
/// `right` (dashed) is `left`'s width by `right`'s height, a square
/// exactly when the inner dimensions agree. Returns the result's box.
fn product_diagram(
    root: &Canvas,
    bottom_left: (i32, i32),
    left: (&str, &[usize]),
    right: (&str, &[usize]),
    result: (&str, &[usize]),
) -> kit::Result<(i32, i32, i32, i32)> {
    let (x0, y_bottom) = bottom_left;
    let top = y_bottom - side(left.1[0]);
    let (lx, ly, lw, _) =
        matrix_box(root, (x0, top), left.1, left.0, color(0))?;
    let right_h = side(right.1[0]);
    let (rx, ry) = (lx + lw + GAP, ly - GAP - right_h);
    matrix_box(root, (rx, ry), right.1, right.0, color(2))?;
    let corner = (lx, ry, lw, right_h);
    dashed_box(root, corner, 6.0)?;
    let equal = format!("{} = {}", left.1[1], right.1[0]);
    let which = format!("{} 的列数 = {} 的行数", left.0, right.0);
    // Spelled out where there is room for it.
    let lines = if lw > scaled(150.0) as i32 {
        vec![which.as_str(), equal.as_str()]
    } else {
        vec![equal.as_str()]
    };
    let centre = (lx + lw / 2, ry + right_h / 2);
    text_lines(root, &lines, centre, HPos::Center)?;
    matrix_box(root, (rx, ly), result.1, result.0, color(1))
}

/// Figure `shape-flow`: a batch through the 784-100-10 network, drawn
/// from the shapes of the arrays [`mnist_arrays`] builds.
fn shape_flow_figure() -> kit::Result<String> {
    let net = mnist_arrays(100)?;
    let batch_size = net.x.nrows();
    svg_figure(|root| {
        let title = format!("一批 {batch_size} 个样本流过 784-100-10 网络");
        let top = font(18.0).pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(title, (800, scaled(8.0) as i32), top))?;

        let y_bottom = 890;
        let z1_shape = [batch_size, net.w1.ncols()];
        let (zx, zy, zw, zh) = product_diagram(
            root,
            (60, y_bottom),
            ("x", net.x.shape()),
            ("W1", net.w1.shape()),
            ("x·W1 + b1", &z1_shape),
        )?;
        let a1_x = zx + zw + scaled(56.0) as i32;
        product_diagram(
            root,
            (a1_x, y_bottom),
            ("a1", net.a1.shape()),
            ("W2", net.w2.shape()),
            ("y = a1·W2 + b2", net.y.shape()),
        )?;

        // sigmoid between the two products: the shape does not change
        let mid = zy + zh / 2;
        let arrow = BLACK.stroke_width(scaled(1.2));
        let pad = scaled(4.0) as i32;
        let (from, to) = (zx + zw + pad, a1_x - pad);
        root.draw(&PathElement::new(vec![(from, mid), (to, mid)], arrow))?;
        let head = scaled(5.0) as i32;
        let tip =
            vec![(to - head, mid - head), (to, mid), (to - head, mid + head)];
        root.draw(&PathElement::new(tip, arrow))?;
        let above = font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom));
        let label_at = ((from + to) / 2, mid - scaled(4.0) as i32);
        root.draw(&Text::new("sigmoid", label_at, above))?;

        // the key, in the empty top right
        let key = [
            (color(0), "数据：每行一个样本"),
            (color(2), "权重：与批大小无关"),
            (color(1), "乘积（再加偏置）"),
        ];
        let (kx, ky, step) = (940, 130, scaled(20.0) as i32);
        let swatch = scaled(10.0) as i32;
        for (i, (c, text)) in key.iter().enumerate() {
            let y = ky + step * i as i32;
            let corners = [(kx, y - swatch / 2), (kx + swatch, y + swatch / 2)];
            root.draw(&Rectangle::new(corners, c.mix(0.25).filled()))?;
            root.draw(&Rectangle::new(corners, c.stroke_width(scaled(1.2))))?;
            let at = (kx + swatch + scaled(6.0) as i32, y);
            text_lines(root, &[text], at, HPos::Left)?;
        }
        let y = ky + step * key.len() as i32;
        dashed_box(root, (kx, y - swatch / 2, swatch, swatch), 1.5)?;
        let at = (kx + swatch + scaled(6.0) as i32, y);
        text_lines(root, &["内侧维度：相等时是正方形"], at, HPos::Left)?;

        let note = format!(
            "每个乘积的行数都来自左边：{batch_size} 行（一行一个样本）从 x 一直传到 y"
        );
        let below = font(13.0).pos(Pos::new(HPos::Left, VPos::Top));
        root.draw(&Text::new(
            note,
            (60, y_bottom + scaled(8.0) as i32),
            below,
        ))?;
        Ok(())
    })
}

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = &[Figure::new("shape-flow", shape_flow_figure)];

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn output(name: &str) -> String {
        CHAPTER.output(name).unwrap()
    }

    #[test]
    fn shapes_print_like_numpy() {
        assert_eq!(shape_text(&[4]), "(4,)");
        assert_eq!(shape_text(&[3, 2]), "(3, 2)");
        assert_eq!(shape_text(&[2, 28, 28]), "(2, 28, 28)");
    }

    // Deep Learning from Scratch 3.3.2 computes these products.
    #[test]
    fn matmul_matches_the_book() {
        let a = array![[1.0, 2.0], [3.0, 4.0]];
        let b = array![[5.0, 6.0], [7.0, 8.0]];
        let ab = matmul(a.view(), b.view()).unwrap();
        assert_abs_diff_eq!(ab, array![[19.0, 22.0], [43.0, 50.0]]);
        let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let b = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
        let ab = matmul(a.view(), b.view()).unwrap();
        assert_abs_diff_eq!(ab, array![[22.0, 28.0], [49.0, 64.0]]);
        assert_abs_diff_eq!(b.dot(&array![7.0, 8.0]), array![23.0, 53.0, 83.0]);
    }

    #[test]
    fn matmul_is_not_commutative() {
        let a = array![[1.0, 2.0], [3.0, 4.0]];
        let b = array![[5.0, 6.0], [7.0, 8.0]];
        let ab = matmul(a.view(), b.view()).unwrap();
        let ba = matmul(b.view(), a.view()).unwrap();
        assert_abs_diff_eq!(ba, array![[23.0, 34.0], [31.0, 46.0]]);
        assert_ne!(ab, ba);
    }

    #[test]
    fn matmul_error_names_both_shapes() {
        let a = Array2::<f64>::zeros((2, 3));
        let c = Array2::<f64>::zeros((2, 2));
        let err = matmul(a.view(), c.view()).unwrap_err();
        assert_eq!(
            err,
            MatmulError {
                left: (2, 3),
                right: (2, 2)
            }
        );
        assert_eq!(
            err.to_string(),
            "cannot multiply (2, 3) by (2, 2): inner dimensions 3 and 2 differ"
        );
        let as_text: String = err.into();
        assert!(as_text.contains("(2, 3)"));
        // and ndarray's own dot panics on the same shapes
        let panicked = std::panic::catch_unwind(|| a.dot(&c));
        assert!(panicked.is_err());
        assert!(
            output("matmul").contains("Err: cannot multiply (2, 3) by (2, 2)")
        );
    }

    #[test]
    fn linear_batch_errors_name_the_shapes() {
        let x = Array2::<f64>::zeros((4, 2));
        let w = Array2::<f64>::zeros((3, 2));
        let b = Array1::<f64>::zeros(2);
        let err = linear_batch(x.view(), w.view(), b.view()).unwrap_err();
        assert!(err.contains("(4, 2)") && err.contains("(3, 2)"), "{err}");
        let w = Array2::<f64>::zeros((2, 3));
        let err = linear_batch(x.view(), w.view(), b.view()).unwrap_err();
        assert!(err.contains("(2,)") && err.contains("(4, 3)"), "{err}");
        let no_layers = forward_batch(x.view(), &[], sigmoid);
        assert!(no_layers.is_err());
    }

    #[test]
    fn linear_batch_rows_are_linear_layer() {
        let x = array![[1.0, 2.0], [0.0, 1.0], [-3.0, 0.5]];
        let w = array![[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]];
        let b = array![0.1, 0.2, 0.3];
        let batch = linear_batch(x.view(), w.view(), b.view()).unwrap();
        for (i, row) in x.rows().into_iter().enumerate() {
            let one = linear_layer(row, w.view(), b.view()).unwrap();
            assert_abs_diff_eq!(batch.row(i), one, epsilon = 1e-12);
        }
    }

    // Deep Learning from Scratch 3.4 prints A1, Z1 and the output y of its
    // three-layer network for x = [1.0, 0.5].
    #[test]
    fn three_layer_steps_match_the_book() {
        let layers = three_layers();
        let (w1, b1) = &layers[0];
        let x = array![1.0, 0.5];
        let a1 = linear_layer(x.view(), w1.view(), b1.view()).unwrap();
        assert_abs_diff_eq!(a1, array![0.3, 0.7, 1.1], epsilon = 1e-12);
        let z1 = sigmoid(&a1);
        let book_z1 = array![0.57444252, 0.66818777, 0.75026011];
        assert_abs_diff_eq!(z1, book_z1, epsilon = 1e-8);
        let y = forward(x.view(), &layers, sigmoid).unwrap();
        let book_y = array![0.31682708, 0.69627909];
        assert_abs_diff_eq!(y, book_y, epsilon = 1e-8);
        let text = output("three-layer");
        assert!(text.contains("y to 8 places: [0.31682708, 0.69627909]"));
        assert!(text.contains("[0.3000, 0.7000, 1.1000]"));
    }

    #[test]
    fn a_batch_gives_each_sample_its_own_result() {
        let layers = three_layers();
        let x = array![[1.0, 0.5], [0.0, 0.0], [-1.0, 2.0], [3.0, -0.5]];
        let y = forward_batch(x.view(), &layers, sigmoid).unwrap();
        assert_eq!(y.dim(), (4, 2));
        for (i, row) in x.rows().into_iter().enumerate() {
            let one = forward(row, &layers, sigmoid).unwrap();
            assert_abs_diff_eq!(y.row(i), one, epsilon = 1e-12);
        }
        let book_y = array![0.31682708, 0.69627909];
        assert_abs_diff_eq!(y.row(0), book_y, epsilon = 1e-8);
    }

    #[test]
    fn mnist_shapes_follow_the_notes_for_any_batch_size() {
        for n in [1, 7, 100] {
            let shapes = mnist_arrays(n).unwrap().shapes();
            let expected = vec![
                ("x", vec![n, 784]),
                ("W1", vec![784, 100]),
                ("b1", vec![100]),
                ("a1", vec![n, 100]),
                ("W2", vec![100, 10]),
                ("b2", vec![10]),
                ("y", vec![n, 10]),
            ];
            assert_eq!(shapes, expected);
        }
        let err = mnist_arrays(0).unwrap_err();
        assert!(err.contains("batch_size"), "{err}");
    }

    #[test]
    fn mnist_batch_rows_match_one_sample_at_a_time() {
        let net = mnist_arrays(5).unwrap();
        let layers = vec![(net.w1.clone(), net.b1.clone()), (net.w2, net.b2)];
        for (i, row) in net.x.rows().into_iter().enumerate() {
            let one = forward(row, &layers, sigmoid).unwrap();
            assert_abs_diff_eq!(net.y.row(i), one, epsilon = 1e-12);
        }
        // the arrays are seeded: the same every time
        assert_eq!(mnist_arrays(5).unwrap().x, net.x);
        assert!(net.x.iter().all(|&p| (0.0..1.0).contains(&p)));
        assert!(net.w1.iter().all(|&w| w.abs() <= 0.1));
    }

    #[test]
    fn the_table_is_printed_from_the_arrays() {
        let text = output("mnist-shapes");
        assert!(
            text.contains("x      (1, 784)          (100, 784)"),
            "{text}"
        );
        assert!(text.contains("b1     (100,)            (100,)"), "{text}");
        assert!(text.contains("parameters (W1, b1, W2, b2): 79510"));
        assert!(text.contains("7940000 per batch of 100"));
    }

    #[test]
    fn shape_errors_demo_shows_both_mistakes() {
        let text = output("shape-errors");
        assert!(text.contains("cannot multiply (100, 784) by (100, 784)"));
        assert!(text.contains("bias of shape (10,)"));
    }

    #[test]
    fn long_errors_are_wrapped_without_losing_words() {
        let message = "cannot add a bias of shape (10,) to a batch of shape \
                       (100, 100): the bias needs one value per column";
        let mut out = Vec::new();
        write_error(&mut out, message).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().count() > 1);
        assert!(text.lines().all(|l| l.chars().count() <= 72), "{text}");
        let words: Vec<_> = text.split_whitespace().skip(1).collect();
        assert_eq!(words.join(" "), message);
    }

    #[test]
    fn dashes_cover_a_segment() {
        let d = dashes((0, 0), (100, 0), 6.0, 4.0);
        assert_eq!(d[0], vec![(0, 0), (15, 0)]);
        assert!(d.iter().all(|p| p[1].0 <= 100));
    }

    #[test]
    fn every_demo_runs_and_the_figure_is_stable() {
        CHAPTER.all_output().unwrap();
        let svg = shape_flow_figure().unwrap();
        assert!(svg.contains("(100, 784)") && svg.contains("784 = 784"));
    }
}

kit::chapter_tests!(CHAPTER);
