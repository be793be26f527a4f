//! The two-layer network: its parameters, the forward pass, the loss and
//! the accuracy, backpropagation and the gradient step, all in `f64` with
//! chapter 2's `sigmoid` and chapter 4's `softmax_rows`, as the formulas
//! are written. (The speed appendix's copy in any float type, with a
//! vectorised `exp`, is [`crate::fast::Net`].)

use ch03_arrays::MatmulError;
use ch04_output_layer::SoftmaxRowsError;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::{
    INPUT_SIZE, OUTPUT_SIZE, WEIGHT_INIT_STD, accuracy, affine_batch,
    argmax_rows, cross_entropy_error_batch, init_network, matmul, sigmoid,
    softmax_rows,
};

/// The rows [`TwoLayerNet::accuracy`] predicts at a time: the hidden
/// layer of 1000 rows (1000 × 50 numbers) stays in the CPU's cache, where
/// all 60,000 training images at once would not; each row's prediction
/// depends on that row alone, so the accuracy is the same.
pub const ACCURACY_CHUNK: usize = 1000;

/// The two-layer network: `x → affine → sigmoid → affine → softmax`.
///
/// $Z^{(1)} = \sigma(X W^{(1)} + b^{(1)})$,
/// $Y = \mathrm{softmax}(Z^{(1)} W^{(2)} + b^{(2)})$
#[derive(Debug, Clone, PartialEq)]
// ANCHOR: two_layer_net
pub struct TwoLayerNet {
    /// 第 1 层的权重 W⁽¹⁾：(输入个数, 隐藏层大小)
    pub w1: Array2<f64>,
    /// 第 1 层的偏置 b⁽¹⁾：(隐藏层大小,)
    pub b1: Array1<f64>,
    /// 第 2 层的权重 W⁽²⁾：(隐藏层大小, 输出个数)
    pub w2: Array2<f64>,
    /// 第 2 层的偏置 b⁽²⁾：(输出个数,)
    pub b2: Array1<f64>,
}
// ANCHOR_END: two_layer_net

/// The gradient of the loss with respect to each parameter of a
/// [`TwoLayerNet`]: the source book's `grads` dictionary.
///
/// # Shapes
///
/// Each field has the shape of the parameter of the same name.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    /// $\partial L / \partial W^{(1)}$.
    pub w1: Array2<f64>,
    /// $\partial L / \partial b^{(1)}$.
    pub b1: Array1<f64>,
    /// $\partial L / \partial W^{(2)}$.
    pub w2: Array2<f64>,
    /// $\partial L / \partial b^{(2)}$.
    pub b2: Array1<f64>,
}

/// Why the network could not compute what was asked; each message names
/// the shapes or the values involved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetError {
    /// `x` and `t` do not fit the network, or hold no rows.
    #[error(
        "{inputs}-{hidden}-{outputs} 网络要求 x: (N, {inputs})、\
         t: (N, {outputs})，N > 0；实际是 x: {x:?}、t: {t:?}"
    )]
    Batch {
        /// The network's input size.
        inputs: usize,
        /// The network's hidden size.
        hidden: usize,
        /// The network's output size.
        outputs: usize,
        /// The shape of `x`.
        x: (usize, usize),
        /// The shape of `t`.
        t: (usize, usize),
    },
    /// The accuracy of a batch with no rows.
    #[error("一批数据一张图像也没有，算不了识别精度")]
    EmptyBatch,
    /// A moved parameter made the loss not finite (the numerical
    /// gradient).
    #[error("参数附近的损失不是有限数")]
    NotFiniteNearby,
    /// Chapter 4's `softmax_rows` met a score that is not finite.
    #[error(transparent)]
    Softmax(#[from] SoftmaxRowsError),
    /// Chapter 3's matrix product met shapes that do not fit.
    #[error(transparent)]
    Matmul(#[from] MatmulError),
    /// Chapter 3's affine layer met shapes that do not fit.
    #[error(transparent)]
    Shape(#[from] ch03_arrays::ShapeError),
    /// Chapter 5's `init_network` refused the sizes or the weight scale.
    #[error(transparent)]
    Init(#[from] ch05_data::InitError),
    /// Chapter 5's `accuracy` refused the predictions or labels.
    #[error(transparent)]
    Accuracy(#[from] ch05_data::AccuracyError),
    /// Chapter 6's cross-entropy refused `y` or `t`.
    #[error(transparent)]
    Loss(#[from] ch06_losses::LossError),
}

impl Gradients {
    /// The four gradients with their names, in the order W1, b1, W2, b2,
    /// each flattened.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::Array2;
    ///
    /// let net = TwoLayerNet::new(4, 3, 2, 0.01, 0)?;
    /// let x = Array2::zeros((1, 4));
    /// let t = ndarray::array![[1.0, 0.0]];
    /// let g = net.gradient(x.view(), t.view())?;
    /// let sizes: Vec<_> = g.named().iter().map(|(n, v)| (*n, v.len())).collect();
    /// assert_eq!(sizes, [("W1", 12), ("b1", 3), ("W2", 6), ("b2", 2)]);
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    pub fn named(&self) -> [(&'static str, Vec<f64>); 4] {
        [
            ("W1", self.w1.iter().copied().collect()),
            ("b1", self.b1.to_vec()),
            ("W2", self.w2.iter().copied().collect()),
            ("b2", self.b2.to_vec()),
        ]
    }
}

/// How many numbers a network of these sizes learns: weights and biases
/// of both layers.
///
/// $n_{in} n_h + n_h + n_h n_{out} + n_{out}$
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::param_count;
///
/// assert_eq!(param_count(784, 50, 10), 39_760);
/// ```
pub fn param_count(
    input_size: usize,
    hidden_size: usize,
    output_size: usize,
) -> usize {
    input_size * hidden_size
        + hidden_size
        + hidden_size * output_size
        + output_size
}

impl TwoLayerNet {
    /// A network with weights drawn from $\mathcal{N}(0, s^2)$, standard
    /// deviation $s$ = `weight_init_std`, and zero biases: chapter 5's
    /// `init_network` for sizes `[input, hidden, output]`, seeded.
    ///
    /// # Errors
    ///
    /// When a size is 0 or `weight_init_std` is negative or not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    ///
    /// let net = TwoLayerNet::new(784, 50, 10, 0.01, 1)?;
    /// assert_eq!((net.w1.dim(), net.w2.dim()), ((784, 50), (50, 10)));
    /// assert_eq!(net, TwoLayerNet::new(784, 50, 10, 0.01, 1)?); // seeded
    /// assert!(TwoLayerNet::new(784, 0, 10, 0.01, 1).is_err());
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    pub fn new(
        input_size: usize,
        hidden_size: usize,
        output_size: usize,
        weight_init_std: f64,
        seed: u64,
    ) -> Result<Self, NetError> {
        let sizes = [input_size, hidden_size, output_size];
        let mut layers = init_network(&sizes, weight_init_std, seed)?;
        // init_network made exactly two layers for three sizes
        let (w2, b2) = layers.pop().expect("second layer");
        let (w1, b1) = layers.pop().expect("first layer");
        Ok(TwoLayerNet { w1, b1, w2, b2 })
    }

    /// The 784-`hidden_size`-10 network for MNIST, weights with standard
    /// deviation 0.01 (chapter 5's `WEIGHT_INIT_STD`).
    ///
    /// # Errors
    ///
    /// When `hidden_size` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// let net = ch09_two_layer_net::TwoLayerNet::mnist(50, 1)?;
    /// assert_eq!(net.param_count(), 39_760);
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    pub fn mnist(hidden_size: usize, seed: u64) -> Result<Self, NetError> {
        Self::new(INPUT_SIZE, hidden_size, OUTPUT_SIZE, WEIGHT_INIT_STD, seed)
    }

    /// The mean cross-entropy error of the batch, `t` one-hot.
    ///
    /// $L = -\frac{1}{N} \sum_n \sum_k t_{nk} \ln(y_{nk} + \delta)$
    ///
    /// # Shapes
    ///
    /// `x`: `(batch_size, input_size)`, `t`: `(batch_size, output_size)`
    /// → a number.
    ///
    /// # Errors
    ///
    /// When the shapes do not fit or a score is not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::{Array2, array};
    ///
    /// // all-zero weights: every class gets 1/2, the loss is ln 2
    /// let net = TwoLayerNet::new(3, 4, 2, 0.0, 0)?;
    /// let l = net.loss(Array2::ones((1, 3)).view(), array![[0.0, 1.0]].view())?;
    /// assert_abs_diff_eq!(l, (2.0_f64).ln(), epsilon = 1e-6);
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    // ANCHOR: loss
    pub fn loss(
        &self,
        x: ArrayView2<f64>,
        t: ArrayView2<f64>,
    ) -> Result<f64, NetError> {
        let y = self.predict(x)?;
        Ok(cross_entropy_error_batch(y.view(), t)?)
    }
    // ANCHOR_END: loss

    /// The share of rows of `x` whose most probable class is the label.
    ///
    /// # Shapes
    ///
    /// `x`: `(n, input_size)`, `t`: `(n,)` labels → a number in [0, 1].
    ///
    /// # Errors
    ///
    /// When the shapes do not fit or `x` is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::{Array2, array};
    ///
    /// let net = TwoLayerNet::new(3, 4, 2, 0.01, 0)?;
    /// let acc = net.accuracy(Array2::ones((2, 3)).view(), array![0, 1].view())?;
    /// assert_eq!(acc, 0.5); // both rows get the same class
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    // ANCHOR: accuracy
    pub fn accuracy(
        &self,
        x: ArrayView2<f64>,
        t: ArrayView1<usize>,
    ) -> Result<f64, NetError> {
        if x.nrows() == 0 {
            return Err(NetError::EmptyBatch);
        }
        // 每次预测 ACCURACY_CHUNK 行：中间结果留在缓存里，结果不变
        let mut p = Vec::with_capacity(x.nrows());
        for rows in x.axis_chunks_iter(Axis(0), ACCURACY_CHUNK) {
            let y = self.predict(rows)?;
            p.extend(argmax_rows(y.view()).ok_or(NetError::EmptyBatch)?);
        }
        Ok(accuracy(Array1::from(p).view(), t)?)
    }
    // ANCHOR_END: accuracy

    /// How many numbers this network learns.
    ///
    /// # Examples
    ///
    /// ```
    /// let net = ch09_two_layer_net::TwoLayerNet::new(3, 2, 2, 0.01, 0)?;
    /// assert_eq!(net.param_count(), 3 * 2 + 2 + 2 * 2 + 2);
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    pub fn param_count(&self) -> usize {
        param_count(self.w1.nrows(), self.w1.ncols(), self.w2.ncols())
    }

    /// The class probabilities for a batch: the forward pass.
    ///
    /// $Y = \mathrm{softmax}(\sigma(X W_1 + b_1) W_2 + b_2)$
    ///
    /// # Shapes
    ///
    /// `x`: `(batch_size, input_size)` → `(batch_size, output_size)`.
    ///
    /// # Errors
    ///
    /// When `x` does not have `input_size` columns, or a score is not
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::{Array2, Axis};
    ///
    /// let net = TwoLayerNet::mnist(50, 1)?;
    /// let y = net.predict(Array2::zeros((3, 784)).view())?;
    /// assert_eq!(y.dim(), (3, 10));
    /// let ones = ndarray::Array1::ones(3);
    /// assert_abs_diff_eq!(y.sum_axis(Axis(1)), ones, epsilon = 1e-12);
    /// assert!(net.predict(Array2::zeros((3, 5)).view()).is_err());
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    // ANCHOR: predict
    pub fn predict(&self, x: ArrayView2<f64>) -> Result<Array2<f64>, NetError> {
        let a1 = affine_batch(x, self.w1.view(), self.b1.view())?;
        let z1 = sigmoid(&a1);
        let a2 = affine_batch(z1.view(), self.w2.view(), self.b2.view())?;
        Ok(softmax_rows(a2.view())?)
    }
    // ANCHOR_END: predict

    /// Checks that `x` and `t` fit the network: `x` has a column per
    /// input, `t` one per output, both the same number of rows, at least
    /// one.
    ///
    /// # Errors
    ///
    /// [`NetError::Batch`], naming the network's sizes and both shapes.
    pub(crate) fn check_batch(
        &self,
        x: ArrayView2<f64>,
        t: ArrayView2<f64>,
    ) -> Result<(), NetError> {
        self.check_shapes(x.dim(), t.dim())
    }

    /// [`TwoLayerNet::check_batch`] for a batch given by its shapes only
    /// (the sparse path's images are not an array).
    pub(crate) fn check_shapes(
        &self,
        x: (usize, usize),
        t: (usize, usize),
    ) -> Result<(), NetError> {
        let fits = x.1 == self.w1.nrows()
            && t.1 == self.w2.ncols()
            && x.0 == t.0
            && x.0 > 0;
        if fits {
            return Ok(());
        }
        Err(NetError::Batch {
            inputs: self.w1.nrows(),
            hidden: self.w1.ncols(),
            outputs: self.w2.ncols(),
            x,
            t,
        })
    }

    /// The gradient of [`TwoLayerNet::loss`] by backpropagation: one
    /// forward pass that keeps its intermediate values, one backward pass
    /// that applies the chain rule layer by layer.
    ///
    /// $\frac{\partial L}{\partial A^{(2)}} = \frac{Y - T}{N}$,
    /// $\frac{\partial L}{\partial W^{(2)}} = Z^{(1)\top}
    /// \frac{\partial L}{\partial A^{(2)}}$,
    /// $\frac{\partial L}{\partial A^{(1)}} =
    /// \left(\frac{\partial L}{\partial A^{(2)}} W^{(2)\top}\right)
    /// \odot Z^{(1)} \odot (1 - Z^{(1)})$,
    /// $\frac{\partial L}{\partial W^{(1)}} = X^\top
    /// \frac{\partial L}{\partial A^{(1)}}$;
    /// each bias gradient is the column sum of its layer's
    /// $\partial L / \partial A$.
    ///
    /// # Shapes
    ///
    /// `x`: `(batch_size, input_size)`, `t`: `(batch_size, output_size)`
    /// one-hot; each gradient has its parameter's shape.
    ///
    /// # Errors
    ///
    /// [`NetError::Batch`] when the shapes do not fit; otherwise only a
    /// score that is not finite fails ([`NetError::Softmax`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::array;
    ///
    /// let mut net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
    /// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
    /// let g = net.gradient(x.view(), t.view())?;
    /// let n = net.numerical_gradient(x.view(), t.view())?;
    /// // close, not equal: the loss adds δ = 1e-7 inside ln (chapter 6)
    /// assert_abs_diff_eq!(g.w1, n.w1, epsilon = 1e-6);
    /// assert_abs_diff_eq!(g.b2, n.b2, epsilon = 1e-6);
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    // ANCHOR: gradient
    pub fn gradient(
        &self,
        x: ArrayView2<f64>,
        t: ArrayView2<f64>,
    ) -> Result<Gradients, NetError> {
        self.check_batch(x, t)?; // x 和 t 的形状要与网络相符
        // 前向传播，留下反向传播要用的中间结果
        let a1 = affine_batch(x, self.w1.view(), self.b1.view())?;
        let z1 = sigmoid(&a1);
        let a2 = affine_batch(z1.view(), self.w2.view(), self.b2.view())?;
        let y = softmax_rows(a2.view())?;

        // 反向传播。softmax 加交叉熵：(Y - T) / N
        let batch_size = x.nrows() as f64;
        let da2 = (&y - &t) / batch_size;
        // 第 2 层（仿射）
        let w2 = matmul(z1.t(), da2.view())?;
        let b2 = da2.sum_axis(Axis(0));
        let dz1 = matmul(da2.view(), self.w2.t())?;
        // sigmoid：导数是 z (1 - z)
        let da1 = dz1 * &z1.mapv(|z| z * (1.0 - z));
        // 第 1 层（仿射）
        let w1 = matmul(x.t(), da1.view())?;
        let b1 = da1.sum_axis(Axis(0));
        Ok(Gradients { w1, b1, w2, b2 })
    }
    // ANCHOR_END: gradient

    /// One step of gradient descent: every parameter moves by `-lr` times
    /// its gradient.
    ///
    /// $\theta \leftarrow \theta - \eta \frac{\partial L}{\partial \theta}$
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ndarray::array;
    ///
    /// let mut net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
    /// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
    /// let before = net.loss(x.view(), t.view())?;
    /// let g = net.gradient(x.view(), t.view())?;
    /// net.step(&g, 0.1);
    /// assert!(net.loss(x.view(), t.view())? < before);
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    // ANCHOR: step
    pub fn step(&mut self, grads: &Gradients, lr: f64) {
        self.w1.scaled_add(-lr, &grads.w1);
        self.b1.scaled_add(-lr, &grads.b1);
        self.w2.scaled_add(-lr, &grads.w2);
        self.b2.scaled_add(-lr, &grads.b2);
    }
    // ANCHOR_END: step
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_that_does_not_fit_is_an_error() {
        let net = TwoLayerNet::mnist(5, 0).unwrap();
        let x = Array2::zeros((2, 783));
        let t = Array2::zeros((2, 10));
        let err = net.gradient(x.view(), t.view()).unwrap_err();
        assert!(matches!(err, NetError::Batch { x: (2, 783), .. }));
        let msg = err.to_string();
        assert!(msg.contains("784-5-10 网络"), "{msg}");
        assert!(msg.contains("实际是 x: (2, 783)、t: (2, 10)"), "{msg}");
    }
}
