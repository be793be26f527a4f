//! Chapter 2: activation functions.
//!
//! A neuron first forms the weighted sum of its inputs, `a = b + w1 x1 +
//! w2 x2`, then passes it through an activation function, `y = h(a)`. This
//! crate holds the three activations of *Deep Learning from Scratch* ch. 3
//! ([`step_function`], [`sigmoid`], [`relu`]) and shows, by computing it,
//! why `h` must be non-linear: stacked linear layers collapse into one
//! ([`collapse_linear`]).
#![doc(test(attr(deny(warnings))))]

pub mod exercises;
pub mod vectorized;

use std::io::Write;

use ch00_tools::arange;
use kit::plot::{Series, line_chart};
use kit::{Demo, Figure};
use ndarray::{
    Array, Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Data, Dimension,
    array,
};
pub use vectorized::SimdFloat;

kit::chapter!(DEMOS, FIGURES);

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
/// Computed with [`vectorized::exp`] and [`vectorized::mapv`] rather than
/// `f64::exp` and `x.mapv`: the same values to within 1 ulp of `exp`, but
/// the loop runs on the CPU's vector units, several elements per
/// instruction (see the book's speed appendix). Works for `f64` and
/// `f32` ([`SimdFloat`]).
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
pub fn sigmoid<A, S, D>(x: &ArrayBase<S, D>) -> Array<A, D>
where
    A: SimdFloat,
    S: Data<Elem = A>,
    D: Dimension,
{
    let one = A::one();
    vectorized::mapv(x, |x| one / (one + vectorized::exp(-x)))
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

/// One linear layer: the weighted sums `x · W + b` of a layer of neurons.
///
/// $a_j = b_j + \sum_i x_i W_{ij}$. (Strictly this map is *affine*; in
/// neural networks it is called linear all the same.)
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
/// use ch02_activations::linear_layer;
/// use ndarray::array;
///
/// let x = array![1.0, 2.0];
/// let w = array![[1.0, 0.0, 2.0], [0.0, 1.0, 3.0]];
/// let b = array![0.5, 0.5, 0.5];
/// let a = linear_layer(x.view(), w.view(), b.view())?;
/// assert_abs_diff_eq!(a, array![1.5, 2.5, 8.5]);
///
/// // x has 2 elements, but w expects 3 inputs per row of x · W
/// let w_bad = array![[1.0], [2.0], [3.0]];
/// let err = linear_layer(x.view(), w_bad.view(), b.view()).unwrap_err();
/// assert!(err.contains("(2,)") && err.contains("(3, 1)"));
/// # Ok::<(), String>(())
/// ```
// ANCHOR: linear_layer
pub fn linear_layer(
    x: ArrayView1<f64>,
    w: ArrayView2<f64>,
    b: ArrayView1<f64>,
) -> Result<Array1<f64>, String> {
    if x.len() != w.nrows() || b.len() != w.ncols() {
        return Err(format!(
            "x · W + b needs x: (n,), W: (n, m), b: (m,); got x: ({},), \
             W: ({}, {}), b: ({},)",
            x.len(),
            w.nrows(),
            w.ncols(),
            b.len()
        ));
    }
    Ok(x.dot(&w) + b)
}
// ANCHOR_END: linear_layer

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
/// // relu(x) + relu(-x) = |x|: not something a linear layer can do
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
        return Err("forward needs at least one layer, got 0".to_string());
    };
    let mut z = x.to_owned();
    for (w, b) in hidden {
        z = h(&linear_layer(z.view(), w.view(), b.view())?);
    }
    linear_layer(z.view(), w_last.view(), b_last.view())
}

/// Collapses a stack of linear layers into one linear layer `(W, b)`.
///
/// For three layers: $W = W_1 W_2 W_3$ and
/// $b = (b_1 W_2 + b_2) W_3 + b_3$, so that
/// $((x W_1 + b_1) W_2 + b_2) W_3 + b_3 = x W + b$ for every `x`.
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
/// use ch02_activations::collapse_linear;
/// use ndarray::array;
///
/// let layers = [
///     (array![[2.0]], array![1.0]), // a = 2x + 1
///     (array![[3.0]], array![0.5]), // y = 3a + 0.5
/// ];
/// let (w, b) = collapse_linear(&layers)?;
/// // y = 3(2x + 1) + 0.5 = 6x + 3.5
/// assert_abs_diff_eq!(w, array![[6.0]]);
/// assert_abs_diff_eq!(b, array![3.5]);
/// # Ok::<(), String>(())
/// ```
// ANCHOR: collapse_linear
pub fn collapse_linear(
    layers: &[(Array2<f64>, Array1<f64>)],
) -> Result<(Array2<f64>, Array1<f64>), String> {
    let Some(((w1, b1), rest)) = layers.split_first() else {
        return Err("collapse_linear needs at least one layer, got 0".into());
    };
    check_layer(0, w1, b1)?;
    let (mut w, mut b) = (w1.clone(), b1.clone());
    for (k, (wk, bk)) in rest.iter().enumerate() {
        check_layer(k + 1, wk, bk)?;
        if w.ncols() != wk.nrows() {
            return Err(format!(
                "layer {k} gives {} outputs, but W of layer {} is ({}, {})",
                w.ncols(),
                k + 1,
                wk.nrows(),
                wk.ncols()
            ));
        }
        // (x W + b) Wk + bk = x (W Wk) + (b Wk + bk)
        b = b.dot(wk) + bk;
        w = w.dot(wk);
    }
    Ok((w, b))
}
// ANCHOR_END: collapse_linear

fn check_layer(
    k: usize,
    w: &Array2<f64>,
    b: &Array1<f64>,
) -> Result<(), String> {
    if b.len() == w.ncols() {
        Ok(())
    } else {
        Err(format!(
            "layer {k}: W is ({}, {}) but b is ({},); b needs {} elements",
            w.nrows(),
            w.ncols(),
            b.len(),
            w.ncols()
        ))
    }
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

/// The x axis of every figure: [-5, 5) in steps of 0.1, as in the book.
fn figure_x() -> Array1<f64> {
    arange(-5.0, 5.0, 0.1)
}

const X_DESC: &str = "输入 x";
const Y_DESC: &str = "输出 h(x)";

/// Figure `step`: the step function.
fn step_figure() -> kit::Result<String> {
    let x = figure_x();
    let y = step_function(&x);
    line_chart(
        "阶跃函数",
        -5.0..5.0,
        -0.1..1.1,
        X_DESC,
        Y_DESC,
        &[Series::new("阶跃函数", x, y)],
    )
}

/// Figure `sigmoid`: the sigmoid function.
fn sigmoid_figure() -> kit::Result<String> {
    let x = figure_x();
    let y = sigmoid(&x);
    line_chart(
        "sigmoid 函数",
        -5.0..5.0,
        -0.1..1.1,
        X_DESC,
        Y_DESC,
        &[Series::new("sigmoid 函数", x, y)],
    )
}

/// Figure `step-vs-sigmoid`: both on one chart, step dashed.
fn step_vs_sigmoid_figure() -> kit::Result<String> {
    let x = figure_x();
    let sigmoid_y = sigmoid(&x);
    let step_y = step_function(&x);
    line_chart(
        "阶跃函数与 sigmoid 函数",
        -5.0..5.0,
        -0.1..1.1,
        X_DESC,
        Y_DESC,
        &[
            Series::new("sigmoid 函数", x.clone(), sigmoid_y),
            Series::new("阶跃函数", x, step_y).dashed(),
        ],
    )
}

/// Figure `relu`: the ReLU function.
fn relu_figure() -> kit::Result<String> {
    let x = figure_x();
    let y = relu(&x);
    line_chart(
        "ReLU 函数",
        -5.0..5.0,
        -1.0..5.5,
        X_DESC,
        Y_DESC,
        &[Series::new("ReLU 函数", x, y)],
    )
}

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = &[
    Figure::new("step", step_figure),
    Figure::new("sigmoid", sigmoid_figure),
    Figure::new("step-vs-sigmoid", step_vs_sigmoid_figure),
    Figure::new("relu", relu_figure),
];

/// Demo `reference`: the results *Deep Learning from Scratch* prints.
fn reference_demo(out: &mut dyn Write) -> kit::Result {
    let x = array![-1.0, 1.0, 2.0];
    writeln!(out, "x                = {x:.1}")?;
    writeln!(out, "step_function(x) = {}", step_function(&x))?;
    writeln!(out, "sigmoid(x)       = {:.8}", sigmoid(&x))?;
    writeln!(out, "relu(x)          = {}", relu(&x))?;
    let big = array![-1000.0, 1000.0];
    Ok(writeln!(out, "sigmoid({big:.1}) = {:.4}", sigmoid(&big))?)
}

/// Demo `signals`: what each activation passes on, side by side.
fn signals_demo(out: &mut dyn Write) -> kit::Result {
    let x = array![-5.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0];
    let (step_y, sigmoid_y, relu_y) =
        (step_function(&x), sigmoid(&x), relu(&x));
    writeln!(out, "       x   step(x)  sigmoid(x)   relu(x)")?;
    for i in 0..x.len() {
        writeln!(
            out,
            "{:8.1}  {:8.0}  {:10.4}  {:8.4}",
            x[i], step_y[i], sigmoid_y[i], relu_y[i]
        )?;
    }
    Ok(())
}

/// Demo `linear-scalar`: a linear activation applied three times.
fn linear_scalar_demo(out: &mut dyn Write) -> kit::Result {
    // h(x) = c x applied three times is (c^3) x.
    let c = 2.0;
    let h = |x: f64| c * x;
    writeln!(out, "h(x) = c * x, c = {c:.1}")?;
    writeln!(out, "       x  h(h(h(x)))     c^3 * x")?;
    for x in [-1.0, 0.5, 3.0] {
        writeln!(out, "{x:8.1}  {:10.4}  {:10.4}", h(h(h(x))), c * c * c * x)?;
    }
    Ok(())
}

/// Demo `linear-collapse`: three linear layers are one linear layer.
fn linear_collapse_demo(out: &mut dyn Write) -> kit::Result {
    let layers = three_layers();
    let x = array![1.0, 0.5];
    // No activation between the layers: each h is the identity.
    let y_stack = forward(x.view(), &layers, |a| a.clone())?;
    let (w, b) = collapse_linear(&layers)?;
    let y_one = linear_layer(x.view(), w.view(), b.view())?;
    writeln!(out, "x = {x:.1}")?;
    writeln!(
        out,
        "three layers: ((x W1 + b1) W2 + b2) W3 + b3 = {y_stack:.4}"
    )?;
    writeln!(out, "W = W1 W2 W3 =")?;
    writeln!(out, "{w:.4}")?;
    writeln!(out, "b = (b1 W2 + b2) W3 + b3 = {b:.4}")?;
    Ok(writeln!(
        out,
        "one layer:    x W + b                     = {y_one:.4}"
    )?)
}

/// An activation to put between the layers of [`three_layers`].
type Hidden = fn(&Array1<f64>) -> Array1<f64>;

/// The output of [`three_layers`] with `h` between the layers.
fn three_layer_output(x: &Array1<f64>, h: Hidden) -> kit::Result<Array1<f64>> {
    Ok(forward(x.view(), &three_layers(), h)?)
}

/// Demo `not-linear`: with sigmoid between the layers the stack is no
/// longer linear, so no single linear layer can stand in for it.
fn not_linear_demo(out: &mut dyn Write) -> kit::Result {
    let identity: Hidden = |a| a.clone();
    let with_sigmoid: Hidden = sigmoid;
    let f = three_layer_output;

    // Any linear layer f(x) = x W + b has f(x1 + x2) = f(x1) + f(x2) - f(0).
    let x1 = array![-1.0, -2.0];
    let x2 = array![3.0, 4.0];
    let x12 = &x1 + &x2;
    let zero = array![0.0, 0.0];
    writeln!(out, "x1 = {x1:.1}, x2 = {x2:.1}, x1 + x2 = {x12:.1}")?;
    let cases = [
        ("identity between layers", identity),
        ("sigmoid between layers", with_sigmoid),
    ];
    for (name, h) in cases {
        let lhs = f(&x12, h)?;
        let rhs = f(&x1, h)? + f(&x2, h)? - f(&zero, h)?;
        let gap = (&lhs - &rhs).mapv(f64::abs);
        writeln!(out)?;
        writeln!(out, "{name}:")?;
        writeln!(out, "  f(x1 + x2)           = {lhs:.4}")?;
        writeln!(out, "  f(x1) + f(x2) - f(0) = {rhs:.4}")?;
        writeln!(out, "  |difference|         = {gap:.4}")?;
    }

    Ok(())
}

/// Demo `levels-off`: along a line through the inputs a linear layer keeps
/// growing at the same rate; the stack with sigmoid levels off.
fn levels_off_demo(out: &mut dyn Write) -> kit::Result {
    let identity: Hidden = |a| a.clone();
    let with_sigmoid: Hidden = sigmoid;
    let d = array![1.0, 0.5];
    writeln!(out, "x = t * {d:.1}")?;
    writeln!(out, "         identity between     sigmoid between")?;
    writeln!(out, "     t        y1       y2          y1       y2")?;
    for t in [0.0, 1.0, 2.0, 4.0, 8.0, 16.0] {
        let x = t * &d;
        let y_lin = three_layer_output(&x, identity)?;
        let y_sig = three_layer_output(&x, with_sigmoid)?;
        writeln!(
            out,
            "{t:6.1}  {:8.4} {:8.4}    {:8.4} {:8.4}",
            y_lin[0], y_lin[1], y_sig[0], y_sig[1]
        )?;
    }
    Ok(())
}

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = &[
    Demo::new("reference", reference_demo),
    Demo::new("signals", signals_demo),
    Demo::new("linear-scalar", linear_scalar_demo),
    Demo::new("linear-collapse", linear_collapse_demo),
    Demo::new("not-linear", not_linear_demo),
    Demo::new("levels-off", levels_off_demo),
];

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

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
    fn three_linear_layers_equal_one() {
        let layers = three_layers();
        let (w, b) = collapse_linear(&layers).unwrap();
        let (w1, b1) = &layers[0];
        let (w2, b2) = &layers[1];
        let (w3, b3) = &layers[2];
        // The closed form from the page.
        assert_abs_diff_eq!(w, w1.dot(w2).dot(w3), epsilon = 1e-12);
        let b_formula = (b1.dot(w2) + b2).dot(w3) + b3;
        assert_abs_diff_eq!(b, b_formula, epsilon = 1e-12);
        for x in [array![1.0, 0.5], array![-2.0, 3.0], array![0.0, 0.0]] {
            let stacked = forward(x.view(), &layers, |a| a.clone()).unwrap();
            let one = linear_layer(x.view(), w.view(), b.view()).unwrap();
            assert_abs_diff_eq!(stacked, one, epsilon = 1e-12);
        }
    }

    #[test]
    fn collapsed_weights_worked_by_hand() {
        let (w, b) = collapse_linear(&three_layers()).unwrap();
        assert_abs_diff_eq!(
            w,
            array![[0.12, 0.262], [0.156, 0.34]],
            epsilon = 1e-12
        );
        assert_abs_diff_eq!(b, array![0.228, 0.48], epsilon = 1e-12);
    }

    #[test]
    fn sigmoid_between_layers_is_not_linear() {
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
            linear_layer(array![1.0].view(), w.view(), b.view()).unwrap_err();
        assert!(
            err.contains("x: (1,)") && err.contains("W: (2, 3)"),
            "{err}"
        );

        let bad_b = vec![(w.clone(), Array1::zeros(2))];
        let err = collapse_linear(&bad_b).unwrap_err();
        assert!(err.contains("(2, 3)") && err.contains("(2,)"), "{err}");

        let mismatch = vec![(w.clone(), b.clone()), (w, b)];
        let err = collapse_linear(&mismatch).unwrap_err();
        assert!(err.contains("3 outputs") && err.contains("(2, 3)"), "{err}");
        assert!(
            forward(array![1.0, 2.0].view(), &mismatch, |a| a.clone()).is_err()
        );

        assert!(collapse_linear(&[]).is_err());
        assert!(forward(array![1.0].view(), &[], |a| a.clone()).is_err());
    }

    #[test]
    fn every_demo_runs_and_every_figure_draws() {
        let text = CHAPTER.all_output().unwrap();
        assert!(text.contains("[0.26894142, 0.73105858, 0.88079708]"));
        let names: Vec<_> = FIGURES.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["step", "sigmoid", "step-vs-sigmoid", "relu"]);
    }
}

kit::chapter_tests!(CHAPTER);
