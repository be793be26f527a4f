//! Solutions to the exercises at the end of chapter 2.

use ndarray::{Array, Array1, Array2, ArrayBase, Data, Dimension, array};

use crate::sigmoid;

/// Leaky ReLU: like ReLU, but negative inputs keep a small slope `alpha`.
///
/// $h(x) = x$ for $x > 0$, $h(x) = \alpha x$ otherwise.
///
/// # Shapes
///
/// Element-wise; the result has the shape of `x`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::exercises::leaky_relu;
/// use ndarray::array;
///
/// let y = leaky_relu(&array![-2.0, 0.0, 3.0], 0.01);
/// assert_abs_diff_eq!(y, array![-0.02, 0.0, 3.0], epsilon = 1e-12);
/// ```
// ANCHOR: leaky_relu
pub fn leaky_relu<S, D>(x: &ArrayBase<S, D>, alpha: f64) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    x.mapv(|x| if x > 0.0 { x } else { alpha * x })
}
// ANCHOR_END: leaky_relu

/// tanh built from sigmoid: a sigmoid stretched to (-1, 1).
///
/// $\tanh(x) = 2\sigma(2x) - 1$
///
/// # Shapes
///
/// Element-wise; the result has the shape of `x`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::exercises::tanh_from_sigmoid;
/// use ndarray::array;
///
/// let x = array![-1.0, 0.0, 2.0];
/// let y = tanh_from_sigmoid(&x);
/// assert_abs_diff_eq!(y, x.mapv(f64::tanh), epsilon = 1e-12);
/// ```
// ANCHOR: tanh_from_sigmoid
pub fn tanh_from_sigmoid<S, D>(x: &ArrayBase<S, D>) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    2.0 * sigmoid(&x.mapv(|x| 2.0 * x)) - 1.0
}
// ANCHOR_END: tanh_from_sigmoid

/// The two affine layers of exercise 3: 2 inputs, 2 hidden, 1 output.
///
/// # Shapes
///
/// `W1`: `(2, 2)`, `b1`: `(2,)`, `W2`: `(2, 1)`, `b2`: `(1,)`.
///
/// # Examples
///
/// ```
/// use ch02_activations::exercises::two_layers;
///
/// let layers = two_layers();
/// assert_eq!(layers[0].0.dim(), (2, 2));
/// assert_eq!(layers[1].0.dim(), (2, 1));
/// ```
// ANCHOR: two_layers
pub fn two_layers() -> Vec<(Array2<f64>, Array1<f64>)> {
    let w1 = array![[1.0, 2.0], [3.0, 4.0]];
    let b1 = array![1.0, -1.0];
    let w2 = array![[1.0], [-1.0]];
    let b2 = array![0.5];
    vec![(w1, b1), (w2, b2)]
}
// ANCHOR_END: two_layers

/// The single layer that [`two_layers`] collapses into, worked by hand.
///
/// $W = W^{(1)} W^{(2)} = \begin{pmatrix} 1 - 2 \\ 3 - 4 \end{pmatrix}
/// = \begin{pmatrix} -1 \\ -1 \end{pmatrix}$,
/// $b = b^{(1)} W^{(2)} + b^{(2)} = (1 \cdot 1 + (-1)(-1)) + 0.5 = 2.5$:
/// the network is $y = 2.5 - x_1 - x_2$.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch02_activations::collapse_affine;
/// use ch02_activations::exercises::{collapsed_by_hand, two_layers};
///
/// let (w, b) = collapsed_by_hand();
/// let (w_code, b_code) = collapse_affine(&two_layers())?;
/// assert_abs_diff_eq!(w, w_code);
/// assert_abs_diff_eq!(b, b_code);
/// # Ok::<(), String>(())
/// ```
// ANCHOR: collapsed_by_hand
pub fn collapsed_by_hand() -> (Array2<f64>, Array1<f64>) {
    (array![[-1.0], [-1.0]], array![2.5])
}
// ANCHOR_END: collapsed_by_hand

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{collapse_affine, forward, relu};
    use approx::assert_abs_diff_eq;
    use ch00_tools::arange;

    #[test]
    fn leaky_relu_with_zero_alpha_is_relu() {
        let x = arange(-5.0, 5.0, 0.1);
        assert_abs_diff_eq!(leaky_relu(&x, 0.0), relu(&x));
    }

    #[test]
    fn leaky_relu_keeps_a_slope_below_zero() {
        let y = leaky_relu(&array![-100.0, -1.0], 0.01);
        assert_abs_diff_eq!(y, array![-1.0, -0.01], epsilon = 1e-12);
    }

    // ANCHOR: tanh_check
    #[test]
    fn tanh_from_sigmoid_matches_std_tanh() {
        let x = arange(-5.0, 5.0, 0.1);
        let y = tanh_from_sigmoid(&x);
        // 差别只来自 exp 和减法的舍入，远小于 1e-12
        assert_abs_diff_eq!(y, x.mapv(f64::tanh), epsilon = 1e-12);
    }
    // ANCHOR_END: tanh_check

    #[test]
    fn tanh_from_sigmoid_is_odd_and_bounded() {
        let y = tanh_from_sigmoid(&array![-1000.0, 1000.0]);
        assert_abs_diff_eq!(y, array![-1.0, 1.0]);
    }

    #[test]
    fn collapsed_by_hand_matches_the_code_and_the_network() {
        let layers = two_layers();
        let (w, b) = collapsed_by_hand();
        let (w_code, b_code) = collapse_affine(&layers).unwrap();
        assert_abs_diff_eq!(w, w_code, epsilon = 1e-12);
        assert_abs_diff_eq!(b, b_code, epsilon = 1e-12);
        for x in [array![0.0, 0.0], array![1.0, 2.0], array![-3.0, 0.5]] {
            let y = forward(x.view(), &layers, |a| a.clone()).unwrap();
            assert_abs_diff_eq!(y, x.dot(&w) + &b, epsilon = 1e-12);
        }
    }
}
