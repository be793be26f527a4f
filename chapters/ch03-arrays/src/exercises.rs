//! Solutions to the exercises at the end of chapter 3.

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};

use crate::{MatmulError, matmul};

/// Exercise 1: the matrix product written out as three loops, straight
/// from its definition.
///
/// $c_{ij} = \sum_{k} a_{ik} b_{kj}$: row `i` of `a` times column `j` of
/// `b`.
///
/// # Shapes
///
/// `a`: `(m, n)`, `b`: `(n, k)` → `(m, k)`.
///
/// # Errors
///
/// [`MatmulError`] when the inner dimensions differ, as for [`matmul`].
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch03_arrays::exercises::matmul_loops;
/// use ndarray::array;
///
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let b = array![[5.0, 6.0], [7.0, 8.0]];
/// let c = matmul_loops(a.view(), b.view())?;
/// assert_abs_diff_eq!(c, array![[19.0, 22.0], [43.0, 50.0]]);
/// # Ok::<(), ch03_arrays::MatmulError>(())
/// ```
// ANCHOR: matmul_loops
pub fn matmul_loops(
    a: ArrayView2<f64>,
    b: ArrayView2<f64>,
) -> Result<Array2<f64>, MatmulError> {
    let ((m, n), (p, k)) = (a.dim(), b.dim());
    if n != p {
        return Err(MatmulError {
            left: (m, n),
            right: (p, k),
        });
    }
    let mut c = Array2::zeros((m, k));
    for i in 0..m {
        for j in 0..k {
            let mut sum = 0.0;
            for t in 0..n {
                sum += a[[i, t]] * b[[t, j]];
            }
            c[[i, j]] = sum;
        }
    }
    Ok(c)
}
// ANCHOR_END: matmul_loops

/// Exercise 2's error: the shapes of `W · X + b` do not fit.
// ANCHOR: columns_error
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColumnsError {
    /// w 的列数不等于 x 的行数
    #[error(transparent)]
    Matmul(#[from] MatmulError),
    /// b 的长度不等于 W · X 的行数
    #[error(
        "形状为 ({bias},) 的偏置加不到形状为 {product:?} 的 W · X 上：\
         偏置要每行一个值"
    )]
    Bias {
        /// 偏置的长度
        bias: usize,
        /// W · X 的形状
        product: (usize, usize),
    },
}
// ANCHOR_END: columns_error

/// Exercise 2: a layer in the column convention of many textbooks,
/// $Y = W X + b$, with one sample per **column** of `x` and the weights
/// of neuron `j` in **row** `j` of `w`.
///
/// It is the transpose of the row convention of this book:
/// $(X W + b)^\top = W^\top X^\top + b^\top$, so
/// `affine_columns(w.t(), x.t(), b)` is `affine_batch(x, w, b).t()`.
///
/// # Shapes
///
/// `w`: `(m, n)`, `x`: `(n, batch_size)`, `b`: `(m,)` →
/// `(m, batch_size)`.
///
/// # Errors
///
/// [`ColumnsError::Matmul`] when `w` has not as many columns as `x` has
/// rows, [`ColumnsError::Bias`] when `b` has not one value per row of
/// `w`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch03_arrays::exercises::affine_columns;
/// use ndarray::array;
///
/// let w = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]; // 3 neurons
/// let x = array![[1.0], [2.0]]; // one sample, as a column
/// let b = array![0.1, 0.2, 0.3];
/// let y = affine_columns(w.view(), x.view(), b.view())?;
/// assert_abs_diff_eq!(y, array![[5.1], [11.2], [17.3]], epsilon = 1e-12);
/// # Ok::<(), ch03_arrays::exercises::ColumnsError>(())
/// ```
// ANCHOR: affine_columns
pub fn affine_columns(
    w: ArrayView2<f64>,
    x: ArrayView2<f64>,
    b: ArrayView1<f64>,
) -> Result<Array2<f64>, ColumnsError> {
    let wx = matmul(w, x)?;
    if b.len() != wx.nrows() {
        return Err(ColumnsError::Bias {
            bias: b.len(),
            product: wx.dim(),
        });
    }
    // 把 b 变成 (m, 1) 的一列，加到 W · X 的每一列上
    Ok(wx + b.insert_axis(Axis(1)))
}
// ANCHOR_END: affine_columns

/// Exercise 3's error: the weights of layer `layer` (counted from 1) do
/// not fit the layer's input.
// ANCHOR: layer_mismatch
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第 {layer} 层：输入是 {input:?}，W{layer} 却是 {weights:?}")]
pub struct LayerMismatch {
    /// 第几层，和 `W1` 一样从 1 数起
    pub layer: usize,
    /// 这一层输入的形状
    pub input: (usize, usize),
    /// 这一层权重的形状
    pub weights: (usize, usize),
}
// ANCHOR_END: layer_mismatch

/// Exercise 3: the output shape of a network, worked out from the shapes
/// alone, without computing anything. Biases and activations keep the
/// shape, so only the weight matrices matter.
///
/// # Shapes
///
/// `x`: `(batch_size, n_0)`; `weights[k]`: `(n_k, n_{k+1})` → the result
/// is `(batch_size, n_last)`.
///
/// # Errors
///
/// [`LayerMismatch`] at the first layer whose weights do not fit its
/// input; it names the layer and both shapes.
///
/// # Examples
///
/// ```
/// use ch03_arrays::exercises::output_shape;
///
/// // the 784-50-100-10 network of Deep Learning from Scratch 3.6
/// let weights = [(784, 50), (50, 100), (100, 10)];
/// assert_eq!(output_shape((100, 784), &weights)?, (100, 10));
///
/// let err = output_shape((100, 784), &[(784, 50), (100, 10)]).unwrap_err();
/// assert_eq!((err.layer, err.input), (2, (100, 50)));
/// # Ok::<(), ch03_arrays::exercises::LayerMismatch>(())
/// ```
// ANCHOR: output_shape
pub fn output_shape(
    x: (usize, usize),
    weights: &[(usize, usize)],
) -> Result<(usize, usize), LayerMismatch> {
    let mut shape = x;
    for (k, &(rows, cols)) in weights.iter().enumerate() {
        if shape.1 != rows {
            return Err(LayerMismatch {
                layer: k + 1,
                input: shape,
                weights: (rows, cols),
            });
        }
        shape = (shape.0, cols);
    }
    Ok(shape)
}
// ANCHOR_END: output_shape

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{affine_batch, forward_batch};
    use approx::assert_abs_diff_eq;
    use ch02_activations::sigmoid;
    use ndarray::Array1;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn random(rng: &mut ChaCha8Rng, shape: (usize, usize)) -> Array2<f64> {
        Array2::from_shape_simple_fn(shape, || rng.random_range(-1.0..1.0))
    }

    // ANCHOR: matmul_loops_check
    #[test]
    fn loops_agree_with_matmul() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for (m, n, k) in [(1, 1, 1), (2, 3, 4), (5, 7, 3), (16, 30, 10)] {
            let a = random(&mut rng, (m, n));
            let b = random(&mut rng, (n, k));
            let by_loops = matmul_loops(a.view(), b.view()).unwrap();
            let by_dot = matmul(a.view(), b.view()).unwrap();
            // 相加的顺序不同：只在舍入误差的范围内相等
            assert_abs_diff_eq!(by_loops, by_dot, epsilon = 1e-12);
        }
    }
    // ANCHOR_END: matmul_loops_check

    #[test]
    fn loops_reject_what_matmul_rejects() {
        let a = Array2::<f64>::zeros((2, 3));
        let c = Array2::<f64>::zeros((2, 2));
        assert_eq!(
            matmul_loops(a.view(), c.view()).unwrap_err(),
            matmul(a.view(), c.view()).unwrap_err()
        );
    }

    #[test]
    fn columns_are_the_transpose_of_rows() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let x = random(&mut rng, (4, 3));
        let w = random(&mut rng, (3, 5));
        let b = random(&mut rng, (1, 5)).row(0).to_owned();
        let rows = affine_batch(x.view(), w.view(), b.view()).unwrap();
        let cols = affine_columns(w.t(), x.t(), b.view()).unwrap();
        assert_abs_diff_eq!(cols, rows.t(), epsilon = 1e-12);
    }

    #[test]
    fn columns_check_their_shapes() {
        let w = Array2::<f64>::zeros((3, 2));
        let x = Array2::<f64>::zeros((2, 4));
        let b = Array1::<f64>::zeros(2);
        let err = affine_columns(w.view(), x.view(), b.view()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "形状为 (2,) 的偏置加不到形状为 (3, 4) 的 W · X 上：偏置要每行一个值"
        );
        let err = affine_columns(x.view(), w.view(), b.view()).unwrap_err();
        let product = MatmulError {
            left: (2, 4),
            right: (3, 2),
        };
        assert_eq!(err, ColumnsError::Matmul(product));
    }

    #[test]
    fn output_shape_agrees_with_running_the_network() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let weights = [(6, 4), (4, 5), (5, 2)];
        let layers: Vec<_> = weights
            .iter()
            .map(|&(n, m)| (random(&mut rng, (n, m)), Array1::zeros(m)))
            .collect();
        let x = random(&mut rng, (3, 6));
        let y = forward_batch(x.view(), &layers, sigmoid).unwrap();
        assert_eq!(output_shape(x.dim(), &weights).unwrap(), y.dim());
    }

    #[test]
    fn output_shape_of_the_books_mnist_network() {
        let weights = [(784, 50), (50, 100), (100, 10)];
        assert_eq!(output_shape((100, 784), &weights).unwrap(), (100, 10));
        assert_eq!(output_shape((1, 784), &weights).unwrap(), (1, 10));
        let err = output_shape((100, 28), &weights).unwrap_err();
        assert_eq!(
            err.to_string(),
            "第 1 层：输入是 (100, 28)，W1 却是 (784, 50)"
        );
        assert_eq!(output_shape((3, 2), &[]).unwrap(), (3, 2));
    }
}
