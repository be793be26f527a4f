//! Chapter 2: activation functions.
//!
//! A neuron first forms the weighted sum of its inputs, `a = b + w1 x1 +
//! w2 x2`, then passes it through an activation function, `y = h(a)`. This
//! crate holds the three activations of *Deep Learning from Scratch* ch. 3
//! ([`step_function`], [`sigmoid`], [`relu`]) and shows, by computing it,
//! why `h` must be non-linear: stacked affine layers `x W + b` collapse
//! into one affine layer ([`collapse_affine`]).
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod figures;
mod quiz;
pub mod wrong_way;

use ndarray::{
    Array, Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Data, Dimension,
    array,
};

kit::chapter!(demos::DEMOS, figures::FIGURES, quizzes = quiz::QUIZZES);

/// The step function: 1 where the input is positive, 0 elsewhere.
///
/// $h(x) = 0$ for $x \le 0$, $h(x) = 1$ for $x > 0$: the activation of the
/// perceptron. The book's NumPy version returns integers; here the 0s and
/// 1s are `f64`, so the result can go straight into the next layer.
///
/// # Shapes
///
/// Works element-wise on an array of any shape; the result has the same
/// shape.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::step_function;
/// use ndarray::array;
///
/// let y = step_function(&array![-1.0, 1.0, 2.0]);
/// assert_abs_diff_eq!(y, array![0.0, 1.0, 1.0]);
/// ```
// ANCHOR: step_function
pub fn step_function<S, D>(x: &ArrayBase<S, D>) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    x.mapv(|x| if x > 0.0 { 1.0 } else { 0.0 })
}
// ANCHOR_END: step_function

/// The sigmoid function: squashes any real number into (0, 1), smoothly.
///
/// $h(x) = \frac{1}{1 + \exp(-x)}$
///
/// Safe for large inputs: for `x = -1000`, `exp(1000)` overflows to
/// infinity and `1 / (1 + inf)` is exactly 0, not NaN. (The true value,
/// about `5e-435`, is too small for `f64` anyway; likewise the far right
/// end rounds to exactly 1.)
///
/// # Shapes
///
/// Works element-wise on an array of any shape; the result has the same
/// shape.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::sigmoid;
/// use ndarray::array;
///
/// let y = sigmoid(&array![-1.0, 1.0, 2.0]);
/// let expected = array![0.26894142, 0.73105858, 0.88079708];
/// assert_abs_diff_eq!(y, expected, epsilon = 1e-8);
/// ```
// ANCHOR: sigmoid
pub fn sigmoid<S, D>(x: &ArrayBase<S, D>) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    x.mapv(|x| 1.0 / (1.0 + (-x).exp()))
}
// ANCHOR_END: sigmoid

/// The ReLU function (rectified linear unit): the input where it is
/// positive, 0 elsewhere.
///
/// $h(x) = \max(0, x)$
///
/// A NaN input stays NaN, as with NumPy's `np.maximum(0, x)`, so a broken
/// value is not hidden as a 0. (`f64::max(x, 0.0)` would return 0.)
///
/// # Shapes
///
/// Works element-wise on an array of any shape; the result has the same
/// shape.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::relu;
/// use ndarray::array;
///
/// let y = relu(&array![[-1.0, 0.5], [2.0, -3.0]]);
/// assert_abs_diff_eq!(y, array![[0.0, 0.5], [2.0, 0.0]]);
/// ```
// ANCHOR: relu
pub fn relu<S, D>(x: &ArrayBase<S, D>) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    x.mapv(|x| if x < 0.0 { 0.0 } else { x })
}
// ANCHOR_END: relu

/// One affine layer: the weighted sums `x · W + b` of a layer of neurons.
///
/// $a_j = b_j + \sum_i x_i W_{ij}$: a linear map `x · W` (0 at `x = 0`)
/// shifted by the bias `b`, which is what *affine* means.
///
/// # Shapes
///
/// `x`: `(n,)`, `w`: `(n, m)`, `b`: `(m,)`; the result is `(m,)`.
///
/// # Errors
///
/// When the shapes do not fit together; the message names them.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::affine_layer;
/// use ndarray::array;
///
/// let x = array![1.0, 2.0];
/// let w = array![[1.0, 0.0, 2.0], [0.0, 1.0, 3.0]];
/// let b = array![0.5, 0.5, 0.5];
/// let a = affine_layer(x.view(), w.view(), b.view())?;
/// assert_abs_diff_eq!(a, array![1.5, 2.5, 8.5]);
///
/// // x has 2 elements, but w expects 3 inputs per row of x · W
/// let w_bad = array![[1.0], [2.0], [3.0]];
/// let err = affine_layer(x.view(), w_bad.view(), b.view()).unwrap_err();
/// assert!(err.contains("(2,)") && err.contains("(3, 1)"));
/// # Ok::<(), String>(())
/// ```
// ANCHOR: affine_layer
pub fn affine_layer(
    x: ArrayView1<f64>,
    w: ArrayView2<f64>,
    b: ArrayView1<f64>,
) -> Result<Array1<f64>, String> {
    if x.len() != w.nrows() || b.len() != w.ncols() {
        return Err(format!(
            "x · W + b 要求 x: (n,)、W: (n, m)、b: (m,)；实际是 \
             x: ({},)、W: ({}, {})、b: ({},)",
            x.len(),
            w.nrows(),
            w.ncols(),
            b.len()
        ));
    }
    Ok(x.dot(&w) + b)
}
// ANCHOR_END: affine_layer

/// Runs `x` through `layers`, applying `h` after every layer but the last.
///
/// The last layer's weighted sums are returned as they are (an identity
/// output layer), as in the book's three-layer example.
///
/// # Shapes
///
/// `x`: `(n,)`; layer `k` is `(W, b)` with `W`: `(n_k, n_{k+1})`, `b`:
/// `(n_{k+1},)`; the result has the last layer's width.
///
/// # Errors
///
/// When there are no layers, or a layer's shapes do not fit its input.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::{forward, relu};
/// use ndarray::array;
///
/// let layers = [
///     (array![[1.0, -1.0]], array![0.0, 0.0]), // 1 -> 2
///     (array![[1.0], [1.0]], array![0.0]),     // 2 -> 1
/// ];
/// // relu(x) + relu(-x) = |x|: not something an affine layer can do
/// let y = forward(array![-3.0].view(), &layers, relu)?;
/// assert_abs_diff_eq!(y, array![3.0]);
/// # Ok::<(), String>(())
/// ```
pub fn forward(
    x: ArrayView1<f64>,
    layers: &[(Array2<f64>, Array1<f64>)],
    h: impl Fn(&Array1<f64>) -> Array1<f64>,
) -> Result<Array1<f64>, String> {
    let Some(((w_last, b_last), hidden)) = layers.split_last() else {
        return Err("forward 至少要有一层，实际是 0 层".to_string());
    };
    let mut z = x.to_owned();
    for (w, b) in hidden {
        z = h(&affine_layer(z.view(), w.view(), b.view())?);
    }
    affine_layer(z.view(), w_last.view(), b_last.view())
}

/// Collapses a stack of affine layers into one affine layer `(W, b)`.
///
/// For three layers: $W = W^{(1)} W^{(2)} W^{(3)}$ and
/// $b = (b^{(1)} W^{(2)} + b^{(2)}) W^{(3)} + b^{(3)}$, so that
/// $((x W^{(1)} + b^{(1)}) W^{(2)} + b^{(2)}) W^{(3)} + b^{(3)} = x W + b$ for every `x`.
///
/// # Shapes
///
/// Layer `k` is `(W, b)` with `W`: `(n_k, n_{k+1})` and `b`:
/// `(n_{k+1},)`; the result is `W`: `(n_0, n_last)`, `b`: `(n_last,)`.
///
/// # Errors
///
/// When there are no layers, or one layer's output width is not the next
/// layer's input width.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::collapse_affine;
/// use ndarray::array;
///
/// let layers = [
///     (array![[2.0]], array![1.0]), // a = 2x + 1
///     (array![[3.0]], array![0.5]), // y = 3a + 0.5
/// ];
/// let (w, b) = collapse_affine(&layers)?;
/// // y = 3(2x + 1) + 0.5 = 6x + 3.5
/// assert_abs_diff_eq!(w, array![[6.0]]);
/// assert_abs_diff_eq!(b, array![3.5]);
/// # Ok::<(), String>(())
/// ```
// ANCHOR: collapse_affine
pub fn collapse_affine(
    layers: &[(Array2<f64>, Array1<f64>)],
) -> Result<(Array2<f64>, Array1<f64>), String> {
    check_stack(layers)?; // 形状对不上时返回错误
    let (w1, b1) = &layers[0];
    let (mut w, mut b) = (w1.clone(), b1.clone());
    for (wk, bk) in &layers[1..] {
        // (x W + b) Wk + bk = x (W Wk) + (b Wk + bk)
        b = b.dot(wk) + bk;
        w = w.dot(wk);
    }
    Ok((w, b))
}
// ANCHOR_END: collapse_affine

/// Checks that `layers` is not empty, that each layer's `b` fits its `W`,
/// and that each layer's output width is the next layer's input width.
fn check_stack(layers: &[(Array2<f64>, Array1<f64>)]) -> Result<(), String> {
    if layers.is_empty() {
        return Err("collapse_affine 至少要有一层，实际是 0 层".into());
    }
    for (k, (w, b)) in layers.iter().enumerate() {
        if b.len() != w.ncols() {
            return Err(format!(
                "第 {k} 层：W 是 ({}, {})，b 却是 ({},)；b 要有 {} 个元素",
                w.nrows(),
                w.ncols(),
                b.len(),
                w.ncols()
            ));
        }
    }
    for (k, pair) in layers.windows(2).enumerate() {
        let (w, next) = (&pair[0].0, &pair[1].0);
        if w.ncols() != next.nrows() {
            return Err(format!(
                "第 {k} 层给出 {} 个输出，但第 {} 层的 W 是 ({}, {})",
                w.ncols(),
                k + 1,
                next.nrows(),
                next.ncols()
            ));
        }
    }
    Ok(())
}

/// The three layers of *Deep Learning from Scratch*'s ch. 3 example
/// network (its `init_network`): 2 inputs, 3 and 2 hidden neurons, 2
/// outputs.
///
/// # Shapes
///
/// `W1`: `(2, 3)`, `b1`: `(3,)`, `W2`: `(3, 2)`, `b2`: `(2,)`,
/// `W3`: `(2, 2)`, `b3`: `(2,)`.
///
/// # Examples
///
/// ```
/// use ch02_activations::three_layers;
///
/// let layers = three_layers();
/// let shapes: Vec<_> = layers.iter().map(|(w, _)| w.dim()).collect();
/// assert_eq!(shapes, [(2, 3), (3, 2), (2, 2)]);
/// ```
// ANCHOR: three_layers
pub fn three_layers() -> Vec<(Array2<f64>, Array1<f64>)> {
    let w1 = array![[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]];
    let b1 = array![0.1, 0.2, 0.3];
    let w2 = array![[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]];
    let b2 = array![0.1, 0.2];
    let w3 = array![[0.1, 0.3], [0.2, 0.4]];
    let b3 = array![0.1, 0.2];
    vec![(w1, b1), (w2, b2), (w3, b3)]
}
// ANCHOR_END: three_layers

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ch00_tools::arange;

    // The results Deep Learning from Scratch prints in ch. 3 (8 decimals).
    #[test]
    fn sigmoid_matches_the_book() {
        let y = sigmoid(&array![-1.0, 1.0, 2.0]);
        let book = array![0.26894142, 0.73105858, 0.88079708];
        assert_abs_diff_eq!(y, book, epsilon = 1e-8);
    }

    #[test]
    fn step_function_matches_the_book() {
        let y = step_function(&array![-1.0, 1.0, 2.0]);
        assert_eq!(y, array![0.0, 1.0, 1.0]);
    }

    #[test]
    fn step_function_is_zero_at_zero() {
        // 1 only for x > 0, as in the perceptron's h
        assert_eq!(step_function(&array![0.0, 1e-300]), array![0.0, 1.0]);
    }

    #[test]
    fn relu_matches_max_zero_x() {
        let y = relu(&array![-1.0, 0.0, 1.0, 2.0]);
        assert_eq!(y, array![0.0, 0.0, 1.0, 2.0]);
    }

    #[test]
    fn relu_passes_nan_on() {
        assert!(relu(&array![f64::NAN])[0].is_nan());
    }

    #[test]
    fn sigmoid_has_no_nan_for_large_inputs() {
        let y = sigmoid(&array![-1000.0_f64, -745.0, 745.0, 1000.0]);
        assert!(y.iter().all(|v| v.is_finite()));
        assert_abs_diff_eq!(y, array![0.0, 0.0, 1.0, 1.0], epsilon = 1e-300);
    }

    #[test]
    fn sigmoid_is_symmetric_about_one_half() {
        // sigmoid(-x) = 1 - sigmoid(x)
        let x = arange(-5.0, 5.0, 0.1);
        let lhs = sigmoid(&x.mapv(|x| -x));
        assert_abs_diff_eq!(lhs, 1.0 - sigmoid(&x), epsilon = 1e-15);
        assert_abs_diff_eq!(sigmoid(&array![0.0])[0], 0.5);
    }

    #[test]
    fn activations_keep_the_shape() {
        let x = Array::from_shape_fn((2, 3, 4), |(i, j, k)| {
            i as f64 - j as f64 + 0.5 * k as f64
        });
        assert_eq!(step_function(&x).shape(), x.shape());
        assert_eq!(sigmoid(&x.view()).shape(), x.shape());
        assert_eq!(relu(&x).shape(), x.shape());
    }

    #[test]
    fn scalar_linear_activation_three_times_is_c_cubed() {
        let c = 2.0;
        let h = |x: f64| c * x;
        for x in [-1.0, 0.5, 3.0] {
            assert_abs_diff_eq!(h(h(h(x))), c.powi(3) * x);
        }
    }

    #[test]
    fn three_affine_layers_equal_one() {
        let layers = three_layers();
        let (w, b) = collapse_affine(&layers).unwrap();
        let (w1, b1) = &layers[0];
        let (w2, b2) = &layers[1];
        let (w3, b3) = &layers[2];
        // The closed form from the page.
        assert_abs_diff_eq!(w, w1.dot(w2).dot(w3), epsilon = 1e-12);
        let b_formula = (b1.dot(w2) + b2).dot(w3) + b3;
        assert_abs_diff_eq!(b, b_formula, epsilon = 1e-12);
        for x in [array![1.0, 0.5], array![-2.0, 3.0], array![0.0, 0.0]] {
            let stacked = forward(x.view(), &layers, |a| a.clone()).unwrap();
            let one = affine_layer(x.view(), w.view(), b.view()).unwrap();
            assert_abs_diff_eq!(stacked, one, epsilon = 1e-12);
        }
    }

    #[test]
    fn collapsed_weights_worked_by_hand() {
        let (w, b) = collapse_affine(&three_layers()).unwrap();
        assert_abs_diff_eq!(
            w,
            array![[0.12, 0.262], [0.156, 0.34]],
            epsilon = 1e-12
        );
        assert_abs_diff_eq!(b, array![0.228, 0.48], epsilon = 1e-12);
    }

    #[test]
    fn sigmoid_between_layers_is_not_affine() {
        let layers = three_layers();
        let f = |x: &Array1<f64>| forward(x.view(), &layers, sigmoid).unwrap();
        let (x1, x2) = (array![-1.0, -2.0], array![3.0, 4.0]);
        let lhs = f(&(&x1 + &x2));
        let rhs = f(&x1) + f(&x2) - f(&array![0.0, 0.0]);
        let gap = (&lhs - &rhs).mapv(f64::abs);
        assert!(gap.iter().all(|&g| g > 0.01), "gap {gap}");
    }

    // Deep Learning from Scratch ch. 3.4 runs this network on x = [1.0, 0.5]
    // with sigmoid hidden layers and prints [0.31682708 0.69627909].
    #[test]
    fn sigmoid_network_matches_the_book() {
        let x = array![1.0, 0.5];
        let y = forward(x.view(), &three_layers(), sigmoid).unwrap();
        let book = array![0.31682708, 0.69627909];
        assert_abs_diff_eq!(y, book, epsilon = 1e-8);
    }

    #[test]
    fn shape_errors_name_the_shapes() {
        let w = Array2::<f64>::zeros((2, 3));
        let b = Array1::<f64>::zeros(3);
        let err =
            affine_layer(array![1.0].view(), w.view(), b.view()).unwrap_err();
        assert!(
            err.contains("x: (1,)") && err.contains("W: (2, 3)"),
            "{err}"
        );

        let bad_b = vec![(w.clone(), Array1::zeros(2))];
        let err = collapse_affine(&bad_b).unwrap_err();
        assert!(err.contains("(2, 3)") && err.contains("(2,)"), "{err}");

        let mismatch = vec![(w.clone(), b.clone()), (w, b)];
        let err = collapse_affine(&mismatch).unwrap_err();
        assert!(err.contains("3 个输出") && err.contains("(2, 3)"), "{err}");
        assert!(
            forward(array![1.0, 2.0].view(), &mismatch, |a| a.clone()).is_err()
        );

        assert!(collapse_affine(&[]).is_err());
        assert!(forward(array![1.0].view(), &[], |a| a.clone()).is_err());
    }
}

kit::chapter_tests!(CHAPTER);
