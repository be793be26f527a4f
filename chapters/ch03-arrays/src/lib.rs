//! Chapter 3: computing with multidimensional arrays.
//!
//! An array has a number of dimensions ([`ndarray::ArrayBase::ndim`]) and
//! a shape ([`shape_text`] prints it as NumPy does). The matrix product
//! needs the inner dimensions to agree: [`matmul`] checks that and returns
//! a [`MatmulError`] naming both shapes, where ndarray's `dot` would
//! panic. A layer of a network is one matrix product plus a bias
//! ([`add_bias`], [`affine_batch`]), and a [`ShapeError`] says which of
//! the two did not fit; a batch of inputs goes through the whole network
//! as a few large products ([`forward_batch`]). [`mnist_arrays`] builds
//! the arrays of the 784-100-10 network from the study notes for any
//! batch size; its sizes, [`INPUT_SIZE`] and [`OUTPUT_SIZE`], are the ones
//! every later chapter's MNIST network has.
//!
//! What chapter 2 defined for one input vector (`affine_layer`, `forward`,
//! `three_layers`, `sigmoid`) is used from there.
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod figures;
mod quiz;

// ANCHOR: uses
use ch02_activations::sigmoid; // 第 2 章：隐藏层的激活函数
// ANCHOR_END: uses

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, NdFloat};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

kit::chapter!(demos::DEMOS, figures::FIGURES, quizzes = quiz::QUIZZES);

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

/// The error of [`matmul`]: the two shapes, whose inner dimensions differ.
// ANCHOR: matmul_error
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{left:?} 和 {right:?} 不能相乘：内侧的维数 {} 和 {} 不相等",
    .left.1,
    .right.0
)]
pub struct MatmulError {
    /// 左边矩阵的形状（行数, 列数）
    pub left: (usize, usize),
    /// 右边矩阵的形状（行数, 列数）
    pub right: (usize, usize),
}
// ANCHOR_END: matmul_error

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
// ANCHOR: matmul
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
    // 内侧的维数相等，`dot` 不会 panic
    Ok(a.dot(&b))
}
// ANCHOR_END: matmul

/// The error of a layer or a network whose arrays do not fit together.
// ANCHOR: shape_error
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    /// x · W：x 的列数不等于 W 的行数
    #[error(transparent)]
    Matmul(#[from] MatmulError),
    /// 偏置的长度不等于 x · W 的列数
    #[error(
        "形状为 ({bias},) 的偏置加不到形状为 {batch:?} 的一批数据上：\
         偏置要每列一个值"
    )]
    Bias {
        /// 偏置的长度
        bias: usize,
        /// 要加上偏置的那一批的形状
        batch: (usize, usize),
    },
    /// 网络一层也没有
    #[error("forward_batch 至少要有一层，实际是 0 层")]
    NoLayers,
    /// 一批里一个样本也没有
    #[error("batch_size 至少是 1，实际是 0")]
    EmptyBatch,
}
// ANCHOR_END: shape_error

/// Adds the bias `b` to every row of the batch `a`: `a + b` with NumPy's
/// broadcasting, but an error instead of a panic when the shapes do not
/// fit.
///
/// $c_{ij} = a_{ij} + b_j$
///
/// # Shapes
///
/// `a`: `(batch_size, n)`, `b`: `(n,)` → `(batch_size, n)`.
///
/// # Errors
///
/// [`ShapeError::Bias`] with both shapes when `b` has not one value per
/// column of `a`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch03_arrays::{ShapeError, add_bias};
/// use ndarray::array;
///
/// let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
/// let b = array![0.1, 0.2, 0.3];
/// let c = add_bias(a.view(), b.view())?;
/// assert_abs_diff_eq!(c, array![[1.1, 2.2, 3.3], [4.1, 5.2, 6.3]]);
///
/// let err = add_bias(a.view(), array![1.0, 2.0].view()).unwrap_err();
/// assert_eq!(err, ShapeError::Bias { bias: 2, batch: (2, 3) });
/// # Ok::<(), ShapeError>(())
/// ```
// ANCHOR: add_bias
pub fn add_bias<A: NdFloat>(
    a: ArrayView2<A>,
    b: ArrayView1<A>,
) -> Result<Array2<A>, ShapeError> {
    if b.len() != a.ncols() {
        return Err(ShapeError::Bias {
            bias: b.len(),
            batch: a.dim(),
        });
    }
    // 每列一个偏置：形状可以广播，`+` 不会 panic
    Ok(&a + &b)
}
// ANCHOR_END: add_bias

/// One layer for a whole batch: `x · W + b`, one row of `x` per sample.
///
/// $A = X W + b$ (`b` is added to every row). Row `i` of the result is
/// chapter 2's `affine_layer` of row `i` of `x`.
///
/// # Shapes
///
/// `x`: `(batch_size, n)`, `w`: `(n, m)`, `b`: `(m,)` →
/// `(batch_size, m)`.
///
/// # Errors
///
/// [`ShapeError::Matmul`] when `x` has not as many columns as `w` has
/// rows, [`ShapeError::Bias`] when `b` has not one value per column of
/// `w`; both name the shapes.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch03_arrays::affine_batch;
/// use ndarray::array;
///
/// let x = array![[1.0, 2.0], [0.0, 1.0]]; // two samples
/// let w = array![[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]];
/// let b = array![0.1, 0.2, 0.3];
/// let a = affine_batch(x.view(), w.view(), b.view())?;
/// let expected = array![[5.1, 11.2, 17.3], [2.1, 4.2, 6.3]];
/// assert_abs_diff_eq!(a, expected, epsilon = 1e-12);
/// # Ok::<(), ch03_arrays::ShapeError>(())
/// ```
// ANCHOR: affine_batch
pub fn affine_batch<A: NdFloat>(
    x: ArrayView2<A>,
    w: ArrayView2<A>,
    b: ArrayView1<A>,
) -> Result<Array2<A>, ShapeError> {
    let xw = matmul(x, w)?;
    add_bias(xw.view(), b)
}
// ANCHOR_END: affine_batch

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
/// [`ShapeError::NoLayers`] when there are no layers; the error of
/// [`affine_batch`] when a layer's shapes do not fit its input.
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
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: forward_batch
pub fn forward_batch(
    x: ArrayView2<f64>,
    layers: &[(Array2<f64>, Array1<f64>)],
    h: impl Fn(&Array2<f64>) -> Array2<f64>,
) -> Result<Array2<f64>, ShapeError> {
    let Some(((w_last, b_last), hidden)) = layers.split_last() else {
        return Err(ShapeError::NoLayers);
    };
    let mut z = x.to_owned();
    for (w, b) in hidden {
        z = h(&affine_batch(z.view(), w.view(), b.view())?);
    }
    affine_batch(z.view(), w_last.view(), b_last.view())
}
// ANCHOR_END: forward_batch

/// The hidden layer of the study notes' 784-100-10 network
/// ([`mnist_arrays`]).
pub const HIDDEN_SIZE: usize = 100;

/// The seed of the random numbers in [`mnist_arrays`].
pub const MNIST_ARRAYS_SEED: u64 = 3;

/// The arrays of the study notes' 784-100-10 network for one batch, and
/// what it computes: `z1 = sigmoid(x · W1 + b1)`, `y = z1 · W2 + b2`.
///
/// The study notes call `z1` `a1`; this book keeps the source book's
/// names, `a1` before the activation function and `z1` after it.
///
/// The weights and the "pixels" of `x` are seeded random numbers (weights
/// in [-0.1, 0.1), pixels in [0, 1)): only the shapes matter here.
///
/// # Shapes
///
/// `x`: `(batch_size, 784)`, `W1`: `(784, 100)`, `b1`: `(100,)`,
/// `z1`: `(batch_size, 100)`, `W2`: `(100, 10)`, `b2`: `(10,)`,
/// `y`: `(batch_size, 10)`.
///
/// # Errors
///
/// [`ShapeError::EmptyBatch`] when `batch_size` is 0: a batch needs at
/// least one sample.
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
/// # Ok::<(), ch03_arrays::ShapeError>(())
/// ```
// ANCHOR: mnist_arrays
pub fn mnist_arrays(batch_size: usize) -> Result<MnistArrays, ShapeError> {
    if batch_size == 0 {
        return Err(ShapeError::EmptyBatch);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(MNIST_ARRAYS_SEED);
    let mut uniform = |shape: (usize, usize), lo: f64, hi: f64| {
        Array2::from_shape_simple_fn(shape, || rng.random_range(lo..hi))
    };
    let (n, h, m) = (INPUT_SIZE, HIDDEN_SIZE, OUTPUT_SIZE); // 784、100、10
    let x = uniform((batch_size, n), 0.0, 1.0);
    let w1 = uniform((n, h), -0.1, 0.1);
    let b1 = uniform((1, h), -0.1, 0.1).row(0).to_owned();
    let w2 = uniform((h, m), -0.1, 0.1);
    let b2 = uniform((1, m), -0.1, 0.1).row(0).to_owned();

    let z1 = sigmoid(&affine_batch(x.view(), w1.view(), b1.view())?);
    let y = affine_batch(z1.view(), w2.view(), b2.view())?;
    Ok(MnistArrays {
        x,
        w1,
        b1,
        z1,
        w2,
        b2,
        y,
    })
}
// ANCHOR_END: mnist_arrays

/// The arrays of [`mnist_arrays`], named as in the study notes, but for
/// `z1` (the notes' `a1`).
#[derive(Debug, Clone)]
pub struct MnistArrays {
    /// The batch of inputs, one flattened 28 × 28 image per row.
    pub x: Array2<f64>,
    /// First layer's weights.
    pub w1: Array2<f64>,
    /// First layer's biases.
    pub b1: Array1<f64>,
    /// First layer's output, after the sigmoid (the notes' `a1`).
    pub z1: Array2<f64>,
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
    /// # Ok::<(), ch03_arrays::ShapeError>(())
    /// ```
    pub fn shapes(&self) -> Vec<(&'static str, Vec<usize>)> {
        vec![
            ("x", self.x.shape().to_vec()),
            ("W1", self.w1.shape().to_vec()),
            ("b1", self.b1.shape().to_vec()),
            ("z1", self.z1.shape().to_vec()),
            ("W2", self.w2.shape().to_vec()),
            ("b2", self.b2.shape().to_vec()),
            ("y", self.y.shape().to_vec()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ch02_activations::{affine_layer, forward, three_layers};
    use ndarray::array;

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
    fn matmul_works_in_f32_too() {
        let a = array![[1.0_f32, 2.0], [3.0, 4.0]];
        let c = matmul(a.view(), a.view()).unwrap();
        assert_abs_diff_eq!(c, array![[7.0_f32, 10.0], [15.0, 22.0]]);
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
            "(2, 3) 和 (2, 2) 不能相乘：内侧的维数 3 和 2 不相等"
        );
        // and ndarray's own dot panics on the same shapes
        let panicked = std::panic::catch_unwind(|| a.dot(&c));
        assert!(panicked.is_err());
    }

    #[test]
    fn add_bias_adds_to_every_row() {
        let a = Array2::<f64>::zeros((4, 3));
        let b = array![1.0, 2.0, 3.0];
        let c = add_bias(a.view(), b.view()).unwrap();
        for row in c.rows() {
            assert_abs_diff_eq!(row, b.view());
        }
    }

    #[test]
    fn affine_batch_errors_name_the_shapes() {
        let x = Array2::<f64>::zeros((4, 2));
        let w = Array2::<f64>::zeros((3, 2));
        let b = Array1::<f64>::zeros(2);
        let err = affine_batch(x.view(), w.view(), b.view()).unwrap_err();
        let product = MatmulError {
            left: (4, 2),
            right: (3, 2),
        };
        assert_eq!(err, ShapeError::Matmul(product));
        let w = Array2::<f64>::zeros((2, 3));
        let err = affine_batch(x.view(), w.view(), b.view()).unwrap_err();
        assert_eq!(
            err,
            ShapeError::Bias {
                bias: 2,
                batch: (4, 3)
            }
        );
        assert_eq!(
            err.to_string(),
            "形状为 (2,) 的偏置加不到形状为 (4, 3) 的一批数据上：偏置要每列一个值"
        );
        let no_layers = forward_batch(x.view(), &[], sigmoid).unwrap_err();
        assert_eq!(no_layers, ShapeError::NoLayers);
    }

    #[test]
    fn affine_batch_rows_are_affine_layer() {
        let x = array![[1.0, 2.0], [0.0, 1.0], [-3.0, 0.5]];
        let w = array![[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]];
        let b = array![0.1, 0.2, 0.3];
        let batch = affine_batch(x.view(), w.view(), b.view()).unwrap();
        for (i, row) in x.rows().into_iter().enumerate() {
            let one = affine_layer(row, w.view(), b.view()).unwrap();
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
        let a1 = affine_layer(x.view(), w1.view(), b1.view()).unwrap();
        assert_abs_diff_eq!(a1, array![0.3, 0.7, 1.1], epsilon = 1e-12);
        let z1 = sigmoid(&a1);
        let book_z1 = array![0.57444252, 0.66818777, 0.75026011];
        assert_abs_diff_eq!(z1, book_z1, epsilon = 1e-8);
        let y = forward(x.view(), &layers, sigmoid).unwrap();
        let book_y = array![0.31682708, 0.69627909];
        assert_abs_diff_eq!(y, book_y, epsilon = 1e-8);
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
        let (n, h, m) = (INPUT_SIZE, HIDDEN_SIZE, OUTPUT_SIZE);
        assert_eq!((n, h, m), (784, 100, 10));
        for batch_size in [1, 7, 100] {
            let shapes = mnist_arrays(batch_size).unwrap().shapes();
            let expected = vec![
                ("x", vec![batch_size, n]),
                ("W1", vec![n, h]),
                ("b1", vec![h]),
                ("z1", vec![batch_size, h]),
                ("W2", vec![h, m]),
                ("b2", vec![m]),
                ("y", vec![batch_size, m]),
            ];
            assert_eq!(shapes, expected);
        }
        let err = mnist_arrays(0).unwrap_err();
        assert_eq!(err, ShapeError::EmptyBatch);
        assert!(err.to_string().contains("batch_size"), "{err}");
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
}

kit::chapter_tests!(CHAPTER);
