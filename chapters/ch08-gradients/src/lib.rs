//! Chapter 8: numerical differentiation, gradients and the gradient method.
//!
//! The derivative is approximated by the central difference
//! ([`numerical_diff`], h = 1e-4), whose error against h is truncation on
//! one side and rounding on the other ([`derivative_errors`]); the
//! gradient of a function of many variables, stored in an ndarray of any
//! shape, by perturbing one element at a time ([`numerical_gradient`]);
//! the gradient method walks against the gradient ([`gradient_descent`])
//! and stops with an error when the learning rate is unusable or the walk
//! diverges ([`DescentError`]).
//!
//! [`linear_model`] fits Li Hongyi's `y = b + w x` on its error surface,
//! [`simple_net`] takes the gradient of a small network's loss with
//! respect to its weights (the source book's `simpleNet`), and [`wrong_way`]
//! keeps the versions that fail, to show how.
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod figures;
mod knobs;
pub mod linear_model;
mod quiz;
pub mod simple_net;
pub mod wrong_way;

use ndarray::{Array, Dimension, IntoDimension, indices_of};

kit::chapter!(
    demos::DEMOS,
    figures::FIGURES,
    knobs = knobs::KNOBS,
    quizzes = quiz::QUIZZES,
);

/// The step of the central difference used throughout the chapter, as in
/// *Deep Learning from Scratch*: small enough for a small truncation error,
/// large enough that rounding in `f64` does not swamp the result.
pub const H: f64 = 1e-4;

/// The book's example function of one variable: $f(x) = 0.01x^2 + 0.1x$.
///
/// Its exact derivative is $f'(x) = 0.02x + 0.1$.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::function_1;
///
/// assert_abs_diff_eq!(function_1(10.0), 2.0, epsilon = 1e-12);
/// ```
// ANCHOR: function_1
pub fn function_1(x: f64) -> f64 {
    0.01 * (x * x) + 0.1 * x // 先算 x * x，和 NumPy 的 x**2 一样
}
// ANCHOR_END: function_1

/// The forward difference: the slope of the secant from `x` to `x + h`.
///
/// $\frac{f(x + h) - f(x)}{h}$; its truncation error is about
/// $\frac{h}{2} f''(x)$, so it is biased towards the slope a little to the
/// right of `x`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::forward_diff;
///
/// // f(x) = x²: the forward difference at 1 is exactly 2 + h
/// let d = forward_diff(|x| x * x, 1.0, 0.5);
/// assert_abs_diff_eq!(d, 2.5);
/// ```
// ANCHOR: forward_diff
pub fn forward_diff(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}
// ANCHOR_END: forward_diff

/// The central difference: the slope of the secant from `x - h` to
/// `x + h`.
///
/// $\frac{f(x + h) - f(x - h)}{2h}$; the $f''$ terms cancel, leaving a
/// truncation error of about $\frac{h^2}{6} f'''(x)$.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::central_diff;
///
/// // exact for a quadratic, even with a huge h
/// let d = central_diff(|x| x * x, 1.0, 0.5);
/// assert_abs_diff_eq!(d, 2.0);
/// ```
// ANCHOR: central_diff
pub fn central_diff(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}
// ANCHOR_END: central_diff

/// The numerical derivative used in this book: the central difference
/// with $h = 10^{-4}$ ([`H`]).
///
/// $f'(x) \approx \frac{f(x + h) - f(x - h)}{2h}$
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::{function_1, numerical_diff};
///
/// // exact: 0.02 * 5 + 0.1 = 0.2
/// assert_abs_diff_eq!(numerical_diff(function_1, 5.0), 0.2, epsilon = 1e-10);
/// ```
// ANCHOR: numerical_diff
pub fn numerical_diff(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    central_diff(f, x, H)
}
// ANCHOR_END: numerical_diff

/// [`forward_diff`] in single precision, to compare rounding with `f64`.
///
/// # Examples
///
/// ```
/// use ch08_gradients::forward_diff_f32;
///
/// // x + h rounds back to x when h is below half an ulp of x
/// assert_eq!(forward_diff_f32(|x| x * x, 1.0, 1e-8), 0.0);
/// ```
pub fn forward_diff_f32(f: impl Fn(f32) -> f32, x: f32, h: f32) -> f32 {
    (f(x + h) - f(x)) / h
}

/// [`central_diff`] in single precision, to compare rounding with `f64`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::central_diff_f32;
///
/// // f(x) = x³ at 1: 3 exactly, but f32 keeps only about 7 digits
/// let d = central_diff_f32(|x| x * x * x, 1.0, 1e-2);
/// assert_abs_diff_eq!(d, 3.0, epsilon = 1e-3);
/// ```
pub fn central_diff_f32(f: impl Fn(f32) -> f32, x: f32, h: f32) -> f32 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// $f(x) = x^3$, the test function of the rounding study: at $x = 1$,
/// $f'(1) = 3$ and $f''(1) = f'''(1) = 6$, so neither the forward nor the
/// central difference is exact.
///
/// # Examples
///
/// ```
/// use ch08_gradients::cube;
///
/// assert_eq!(cube(2.0), 8.0);
/// ```
pub fn cube(x: f64) -> f64 {
    x * x * x
}

/// [`cube`] in single precision.
///
/// # Examples
///
/// ```
/// use ch08_gradients::cube_f32;
///
/// assert_eq!(cube_f32(2.0), 8.0);
/// ```
pub fn cube_f32(x: f32) -> f32 {
    x * x * x
}

/// How far the numerical derivative of [`cube`] at 1 is from the exact 3,
/// with step `h`: `[forward f64, central f64, forward f32, central f32]`,
/// each $|\text{estimate} - 3|$.
///
/// For a large `h` the truncation error dominates (on paper $3h + h^2$
/// forward, $h^2$ central); for a small one, rounding (about
/// $u / h$, with $u$ the unit roundoff of the type: half its machine
/// epsilon).
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::derivative_errors;
///
/// // h = 0.01: truncation, 3h + h² forward and h² central
/// let [fwd, cen, _, _] = derivative_errors(1e-2);
/// assert_abs_diff_eq!(fwd, 0.0301, epsilon = 1e-12);
/// assert_abs_diff_eq!(cen, 1e-4, epsilon = 1e-12);
/// ```
pub fn derivative_errors(h: f64) -> [f64; 4] {
    let exact = 3.0;
    let h32 = h as f32;
    [
        forward_diff(cube, 1.0, h) - exact,
        central_diff(cube, 1.0, h) - exact,
        f64::from(forward_diff_f32(cube_f32, 1.0, h32)) - exact,
        f64::from(central_diff_f32(cube_f32, 1.0, h32)) - exact,
    ]
    .map(f64::abs)
}

/// The tangent line of `f` at `x0`, with the slope from
/// [`numerical_diff`]: returns `(slope, intercept)` of
/// $y = f'(x_0)\,(x - x_0) + f(x_0)$.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::{function_1, tangent_line};
///
/// let (slope, intercept) = tangent_line(function_1, 5.0);
/// assert_abs_diff_eq!(slope, 0.2, epsilon = 1e-10);
/// assert_abs_diff_eq!(intercept, -0.25, epsilon = 1e-10);
/// ```
// ANCHOR: tangent_line
pub fn tangent_line(f: impl Fn(f64) -> f64, x0: f64) -> (f64, f64) {
    let slope = numerical_diff(&f, x0);
    (slope, f(x0) - slope * x0)
}
// ANCHOR_END: tangent_line

/// The book's example function of two variables, for any number of them:
/// the sum of squares $f(x) = \sum_i x_i^2$ ($x_0^2 + x_1^2$ for two).
///
/// # Shapes
///
/// `x`: any shape; the result is a number.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::function_2;
/// use ndarray::array;
///
/// assert_abs_diff_eq!(function_2(&array![3.0, 4.0]), 25.0);
/// ```
// ANCHOR: function_2
pub fn function_2<D: Dimension>(x: &Array<f64, D>) -> f64 {
    x.iter().map(|v| v * v).sum()
}
// ANCHOR_END: function_2

/// The numerical gradient of `f` at `x`: the central difference along each
/// element of `x` in turn, all others held fixed.
///
/// $\frac{\partial f}{\partial x_i} \approx
/// \frac{f(\ldots, x_i + h, \ldots) - f(\ldots, x_i - h, \ldots)}{2h}$,
/// $h = 10^{-4}$ ([`H`]).
///
/// `x` is borrowed mutably because each element is moved to `x_i + h` and
/// `x_i - h` in place, and `f` sees the whole moved array; afterwards the
/// element is put back exactly, so on return `x` holds the same bits as
/// before. `f` can therefore be the loss of a network whose weights are
/// `x`, with everything else captured by the closure.
///
/// # Shapes
///
/// `x`: any shape (a vector of variables, a weight matrix, ...); the
/// gradient has the same shape.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::{function_2, numerical_gradient};
/// use ndarray::array;
///
/// let mut x = array![3.0, 4.0];
/// let grad = numerical_gradient(function_2, &mut x);
/// assert_abs_diff_eq!(grad, array![6.0, 8.0], epsilon = 1e-9);
/// assert_eq!(x, array![3.0, 4.0]); // put back
///
/// // a 2 x 3 matrix: the gradient is 2 x 3 as well
/// let mut w = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
/// let grad = numerical_gradient(function_2, &mut w);
/// assert_abs_diff_eq!(grad, 2.0 * &w, epsilon = 1e-9);
/// ```
// ANCHOR: numerical_gradient
pub fn numerical_gradient<D: Dimension>(
    mut f: impl FnMut(&Array<f64, D>) -> f64,
    x: &mut Array<f64, D>,
) -> Array<f64, D> {
    let mut grad = Array::zeros(x.raw_dim());
    for idx in indices_of(x) {
        let idx = idx.into_dimension();
        let tmp = x[idx.clone()];
        x[idx.clone()] = tmp + H;
        let fxh1 = f(x); // 只有第 idx 个元素挪到了 x_i + h
        x[idx.clone()] = tmp - H;
        let fxh2 = f(x); // 只有第 idx 个元素挪到了 x_i - h
        grad[idx.clone()] = (fxh1 - fxh2) / (2.0 * H);
        x[idx] = tmp; // 把这个元素原样放回
    }
    grad
}
// ANCHOR_END: numerical_gradient

/// How far `f` may climb above its start before [`gradient_descent`] calls
/// it divergence: $10^6 \max(|f(x_0)|, 1)$.
pub const BLOW_UP: f64 = 1e6;

/// Why [`gradient_descent`] stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DescentError {
    /// The learning rate is not a finite number greater than 0.
    #[error("学习率必须是大于 0 的有限数，实际是 {0}")]
    LearningRate(f64),
    /// After `step` steps, `x` or `f(x)` is no longer a finite number.
    #[error("第 {step} 步发散：x 或 f(x) 不再是有限数；请调小学习率")]
    NotFinite {
        /// The step after which it happened (0: at the start).
        step: usize,
    },
    /// After `step` steps, `f(x)` has grown past `limit`
    /// ([`BLOW_UP`] times the start, or at least [`BLOW_UP`]).
    #[error(
        "第 {step} 步发散：f(x) = {fx:.4e} 超过了 {limit:.4e}；请调小学习率"
    )]
    BlewUp {
        /// The step after which it happened.
        step: usize,
        /// `f(x)` after that step.
        fx: f64,
        /// The limit it passed.
        limit: f64,
    },
}

impl DescentError {
    /// The step at which the descent diverged, if it diverged.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::DescentError;
    ///
    /// assert_eq!(DescentError::NotFinite { step: 7 }.step(), Some(7));
    /// assert_eq!(DescentError::LearningRate(-1.0).step(), None);
    /// ```
    pub fn step(&self) -> Option<usize> {
        match self {
            DescentError::LearningRate(_) => None,
            DescentError::NotFinite { step }
            | DescentError::BlewUp { step, .. } => Some(*step),
        }
    }
}

/// The gradient method: `step_num` steps of $x \leftarrow x - \eta \nabla
/// f(x)$ from `init_x`, with learning rate $\eta$ = `lr` and the gradient
/// from [`numerical_gradient`].
///
/// Returns the path: `path[0]` is `init_x`, `path[k]` the point after step
/// `k`, so `path[step_num]` is where the descent ends.
///
/// # Shapes
///
/// `init_x`: any shape; every point of the path has the same shape.
///
/// # Errors
///
/// - [`DescentError::LearningRate`] when `lr` is not finite or not > 0.
/// - [`DescentError::NotFinite`] when, after some step, `x` or `f(x)` is
///   infinite or NaN.
/// - [`DescentError::BlewUp`] when, after some step, `f(x)` exceeds
///   [`BLOW_UP`] $\cdot \max(|f(x_0)|, 1)$: the steps overshoot and grow.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch08_gradients::{DescentError, function_2, gradient_descent};
/// use ndarray::array;
///
/// let path = gradient_descent(function_2, &array![-3.0, 4.0], 0.1, 100)?;
/// assert_eq!(path.len(), 101);
/// assert_abs_diff_eq!(path[100], array![0.0, 0.0], epsilon = 1e-9);
///
/// let err = gradient_descent(function_2, &array![-3.0, 4.0], 10.0, 100);
/// assert_eq!(err.unwrap_err().step(), Some(3));
/// # Ok::<(), DescentError>(())
/// ```
// ANCHOR: gradient_descent
pub fn gradient_descent<D: Dimension>(
    mut f: impl FnMut(&Array<f64, D>) -> f64,
    init_x: &Array<f64, D>,
    lr: f64,
    step_num: usize,
) -> Result<Vec<Array<f64, D>>, DescentError> {
    if !lr.is_finite() || lr <= 0.0 {
        return Err(DescentError::LearningRate(lr));
    }
    let mut x = init_x.clone();
    let f0 = f(&x);
    check_point(&x, f0, 0)?;
    let limit = BLOW_UP * f0.abs().max(1.0);
    let mut path = vec![x.clone()];
    for step in 1..=step_num {
        let grad = numerical_gradient(&mut f, &mut x);
        x.scaled_add(-lr, &grad); // x <- x - lr * grad
        let fx = f(&x);
        check_point(&x, fx, step)?;
        if fx > limit {
            return Err(DescentError::BlewUp { step, fx, limit });
        }
        path.push(x.clone());
    }
    Ok(path)
}
// ANCHOR_END: gradient_descent

/// `Ok` when `x` and `fx` are finite, else divergence at `step`.
fn check_point<D: Dimension>(
    x: &Array<f64, D>,
    fx: f64,
    step: usize,
) -> Result<(), DescentError> {
    if fx.is_finite() && x.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(DescentError::NotFinite { step })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::{assert_abs_diff_eq, assert_relative_eq};
    use ndarray::{Array2, Array3, array};

    // Deep Learning from Scratch ch. 4.3.2 prints these (Python's repr):
    // numerical_diff(function_1, 5) and numerical_diff(function_1, 10).
    #[test]
    fn numerical_diff_matches_the_book() {
        let d5 = numerical_diff(function_1, 5.0);
        let d10 = numerical_diff(function_1, 10.0);
        // Only + - * / in NumPy's order, so the bits match; 1e-15 leaves
        // room for nothing more than a difference in the last digit.
        assert_abs_diff_eq!(d5, 0.1999999999990898, epsilon = 1e-15);
        assert_abs_diff_eq!(d10, 0.2999999999986347, epsilon = 1e-15);
        // exact derivatives: 0.2 and 0.3
        assert_abs_diff_eq!(d5, 0.2, epsilon = 1e-11);
        assert_abs_diff_eq!(d10, 0.3, epsilon = 1e-11);
    }

    // Book ch. 4.3.3: one variable held fixed at a time.
    #[test]
    fn partial_derivatives_match_the_book() {
        let d0 = numerical_diff(|x0| x0 * x0 + 4.0 * 4.0, 3.0);
        let d1 = numerical_diff(|x1| 3.0 * 3.0 + x1 * x1, 4.0);
        assert_abs_diff_eq!(d0, 6.00000000000378, epsilon = 1e-15);
        assert_abs_diff_eq!(d1, 7.999999999999119, epsilon = 1e-15);
    }

    // Book ch. 4.4: [6. 8.], [0. 4.], [6. 0.]
    #[test]
    fn gradients_match_the_book() {
        for (p, g) in [
            (array![3.0, 4.0], array![6.0, 8.0]),
            (array![0.0, 2.0], array![0.0, 4.0]),
            (array![3.0, 0.0], array![6.0, 0.0]),
        ] {
            let mut x = p.clone();
            let grad = numerical_gradient(function_2, &mut x);
            assert_abs_diff_eq!(grad, g, epsilon = 1e-10);
        }
    }

    #[test]
    fn central_difference_is_exact_for_quadratics_up_to_rounding() {
        // 0.01x² + 0.1x: (f(x+h) - f(x-h)) / 2h = 0.02x + 0.1 exactly on
        // paper, for every h; what is left is rounding.
        for h in [1.0, 0.1, 1e-2] {
            let d = central_diff(function_1, 5.0, h);
            assert_abs_diff_eq!(d, 0.2, epsilon = 1e-13);
        }
        // the forward difference is biased by h * f''/2 = 0.01 h
        let d = forward_diff(function_1, 5.0, 1.0);
        assert_abs_diff_eq!(d, 0.21, epsilon = 1e-13);
    }

    #[test]
    fn the_error_is_a_v_with_its_bottom_where_theory_says() {
        // the h (10^-k, k = 1..16 in steps of 0.25) with the least error
        let best = |which: usize| {
            (4..=64)
                .map(|i| 10f64.powf(-(i as f64) / 4.0))
                .min_by(|&a, &b| {
                    derivative_errors(a)[which]
                        .total_cmp(&derivative_errors(b)[which])
                })
                .unwrap()
        };
        // rounding u / h against truncation: forward h, central h^2, with
        // u the unit roundoff (half of machine epsilon)
        // f64 (u 1.1e-16): forward ~1e-8, central ~1e-5
        // f32 (u 6e-8):    forward ~1e-4, central ~1e-2.5
        let log = |h: f64| h.log10();
        assert!((-9.5..=-6.5).contains(&log(best(0))), "{}", best(0));
        assert!((-6.5..=-4.0).contains(&log(best(1))), "{}", best(1));
        assert!((-5.5..=-3.0).contains(&log(best(2))), "{}", best(2));
        assert!((-3.5..=-1.5).contains(&log(best(3))), "{}", best(3));
        // at h = 1e-4, f32's central difference is far worse than f64's
        let e = derivative_errors(1e-4);
        assert!(e[3] > 1e-4 && e[1] < 1e-7, "{e:?}");
    }

    #[test]
    fn numerical_gradient_puts_every_element_back() {
        let mut x = array![[0.1, -0.2, 0.3], [1e10, -7.5, 1.0 / 3.0]];
        let before = x.clone();
        let mut seen = Vec::new();
        // record how many elements differ from the original at each call
        let grad = numerical_gradient(
            |w: &Array2<f64>| {
                let moved = w
                    .iter()
                    .zip(before.iter())
                    .filter(|(a, b)| a.to_bits() != b.to_bits())
                    .count();
                seen.push(moved);
                w.sum()
            },
            &mut x,
        );
        // bit-for-bit the same array afterwards
        for (a, b) in x.iter().zip(before.iter()) {
            assert_eq!(a.to_bits(), b.to_bits());
        }
        // two calls per element, each with at most one element moved
        // (1e10 + 1e-4 rounds to a neighbour, never back to itself)
        assert_eq!(seen.len(), 12);
        assert!(seen.iter().all(|&m| m == 1), "{seen:?}");
        assert_eq!(grad.dim(), (2, 3));
    }

    #[test]
    fn numerical_gradient_works_for_any_dimension() {
        let mut x = Array3::from_shape_fn((2, 3, 4), |(i, j, k)| {
            i as f64 - j as f64 * 0.5 + k as f64 * 0.25
        });
        let grad = numerical_gradient(function_2, &mut x);
        assert_eq!(grad.shape(), x.shape());
        assert_abs_diff_eq!(grad, 2.0 * &x, epsilon = 1e-9);

        let mut d = x.clone().into_dyn();
        let grad_d = numerical_gradient(function_2, &mut d);
        assert_abs_diff_eq!(grad_d, 2.0 * &d, epsilon = 1e-9);
    }

    // Book ch. 4.4.1: lr = 0.1, 100 steps from (-3, 4) prints
    // [-6.11110793e-10  8.14814391e-10]; lr = 0.01 prints
    // [-0.39785867  0.53047822]; lr = 1e-10 [-2.99999994  3.99999992].
    #[test]
    fn gradient_descent_matches_the_book() {
        let init = array![-3.0, 4.0];
        let end = |lr| {
            let path = gradient_descent(function_2, &init, lr, 100).unwrap();
            assert_eq!(path.len(), 101);
            path[100].clone()
        };
        let e = end(0.1);
        assert_relative_eq!(e[0], -6.11110793e-10, max_relative = 1e-8);
        assert_relative_eq!(e[1], 8.14814391e-10, max_relative = 1e-8);
        let e = end(0.01);
        assert_abs_diff_eq!(e, array![-0.39785867, 0.53047822], epsilon = 1e-8);
        let e = end(1e-10);
        assert_abs_diff_eq!(e, array![-2.99999994, 3.99999992], epsilon = 1e-8);
        // x_k = (1 - 2 lr)^k x_0 on paper
        assert_relative_eq!(
            e[0],
            -3.0 * (1.0 - 2e-10f64).powi(100),
            max_relative = 1e-9
        );
    }

    #[test]
    fn gradient_descent_path_starts_at_init_and_leaves_it_alone() {
        let init = array![-3.0, 4.0];
        let path = gradient_descent(function_2, &init, 0.1, 0).unwrap();
        assert_eq!(path, vec![init.clone()]);
        assert_eq!(init, array![-3.0, 4.0]);
    }

    #[test]
    fn bad_learning_rates_are_errors() {
        let init = array![-3.0, 4.0];
        for lr in [0.0, -0.1, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let err = gradient_descent(function_2, &init, lr, 10).unwrap_err();
            assert!(
                matches!(err, DescentError::LearningRate(v)
                    if v.to_bits() == lr.to_bits()),
                "{err}"
            );
            assert!(err.to_string().contains(&lr.to_string()), "{err}");
            assert_eq!(err.step(), None);
        }
    }

    #[test]
    fn lr_10_blows_up_at_step_3() {
        // x_k = (-19)^k x_0: f = 25 * 361^k passes 25e6 at k = 3
        let err = gradient_descent(function_2, &array![-3.0, 4.0], 10.0, 100)
            .unwrap_err();
        let DescentError::BlewUp { step, fx, limit } = err else {
            panic!("expected BlewUp, got {err:?}");
        };
        assert_eq!(step, 3);
        assert_abs_diff_eq!(limit, 25e6);
        assert_relative_eq!(fx, 25.0 * 361f64.powi(3), max_relative = 1e-6);
        assert!(err.to_string().contains("第 3 步"), "{err}");
    }

    #[test]
    fn non_finite_points_stop_the_descent() {
        // f is finite at the start but NaN once x0 > 1
        let f = |x: &ndarray::Array1<f64>| {
            if x[0] > 1.0 { f64::NAN } else { -x[0] }
        };
        let err = gradient_descent(f, &array![0.0], 0.4, 10).unwrap_err();
        // x goes 0 -> 0.4 -> 0.8 -> 1.2
        assert_eq!(err, DescentError::NotFinite { step: 3 });
        assert!(err.to_string().contains("第 3 步"), "{err}");

        let err = gradient_descent(function_2, &array![f64::NAN], 0.1, 10)
            .unwrap_err();
        assert_eq!(err.step(), Some(0));
    }

    #[test]
    fn gradient_descent_threshold_for_the_sum_of_squares() {
        // x <- (1 - 2 lr) x: converges for 0 < lr < 1, not at or above 1
        let init = array![-3.0, 4.0];
        for lr in [0.01, 0.5, 0.9, 0.99] {
            let path = gradient_descent(function_2, &init, lr, 2000).unwrap();
            assert!(function_2(&path[2000]) < 1e-12, "lr {lr}");
        }
        let path = gradient_descent(function_2, &init, 1.0, 100).unwrap();
        assert_relative_eq!(function_2(&path[100]), 25.0, max_relative = 1e-6);
        let err = gradient_descent(function_2, &init, 1.1, 1000).unwrap_err();
        // |1 - 2.2| = 1.2: f grows by 1.44 per step, 1.44^k > 1e6 at k = 38
        assert_eq!(err.step(), Some(38));
    }
}

kit::chapter_tests!(CHAPTER);
