//! The speed appendix's fast path: element-wise maps that use the CPU's
//! widest vectors, a branch-free [`exp`] and a [`mapv`] that picks
//! AVX-512 or AVX2 at run time; chapter 2's [`sigmoid`] and chapter 4's
//! [`softmax_rows`] computed with them; and [`Net`], chapter 9's network
//! in `f64` or `f32` with these two functions in place of the plain ones,
//! and its matrix products by [`crate::fast_matmul`] (the same bits as
//! `dot`).
//! The pages teach the plain versions ([`crate::TwoLayerNet`] trains the
//! book's network); the appendix times and explains these.
//!
//! `f64::exp` calls the C library's scalar `exp`, one element at a time.
//! [`exp_f64`] computes the same function (within 1 ulp of `f64::exp`)
//! from plain `+`, `*` and comparisons only, so the compiler can turn a
//! loop over it into vector instructions (SIMD) that handle 2, 4 or 8
//! elements at once; [`exp`] is it for `f64` and `f32` ([`SimdFloat`]).
//! The default x86-64 target only promises SSE2 (2 `f64` per
//! instruction); [`mapv`] therefore checks the CPU when it runs and calls a
//! copy of its loop compiled for AVX-512 (8 `f64` per instruction) or AVX2
//! (4). Every path does the same IEEE operations in the same order, so the
//! results are identical bit for bit whichever path runs.

use ch03_arrays::add_bias;
use ch04_output_layer::{SoftmaxRowsError, finite_max};
use ndarray::{
    Array, Array1, Array2, ArrayBase, ArrayView2, Axis, Data, Dimension,
};

use crate::fast_matmul::{MatmulFloat, Packed, matmul};
use crate::{Gradients, NetError, TwoLayerNet};

/// 1 / ln 2, rounded to `f64`.
const LOG2_E: f64 = std::f64::consts::LOG2_E;
/// The high part of ln 2: its leading 32 significant bits (the last 21
/// bits of the mantissa are zero), so `n * LN2_HI` is exact for
/// `|n| < 2^21`.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
/// The low part of ln 2: ln 2 - `LN2_HI`, rounded to `f64`.
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// 1.5 * 2^52. For `|y| < 2^51`, `(y + SHIFTER) - SHIFTER` is `y` rounded
/// to the nearest integer (ties to even), and the low bits of
/// `y + SHIFTER` hold that integer in two's complement.
const SHIFTER: f64 = 6_755_399_441_055_744.0;
/// Above this, `exp` overflows to infinity (`exp(709.79) > f64::MAX`).
const MAX_INPUT: f64 = 710.0;
/// Below this, `exp` rounds to 0 (`exp(-745.14)` is under half the
/// smallest subnormal number, `2^-1074`).
const MIN_INPUT: f64 = -746.0;

/// The exponential function $e^x$, written so that loops over it
/// vectorise.
///
/// Within 1 ulp of `f64::exp` for every input (the tests check a large
/// random sample and the edges); `exp(0) = 1`, `exp(-inf) = 0`,
/// `exp(inf) = inf`, NaN gives NaN, results below `f64::MIN_POSITIVE` come
/// out as subnormal numbers, and results above `f64::MAX` as infinity.
///
/// How: write $x = n \ln 2 + r$ with $n$ the integer nearest to
/// $x / \ln 2$, so $|r| \le \ln 2 / 2$ and $e^x = 2^n e^r$.
///
/// 1. $n$: round $x / \ln 2$ to an integer by adding and subtracting
///    $1.5 \cdot 2^{52}$ (SSE2 has no rounding instruction); the sum also
///    holds $n$ in its low bits.
/// 2. $r$: $\ln 2$ is split into a high part with 21 trailing zero bits
///    and a low part (Cody-Waite reduction), so $r_{hi} = x - n \ln 2_{hi}$
///    is exact and only the tiny $r_{lo} = -n \ln 2_{lo}$ is rounded.
/// 3. $e^r$: its Taylor series to degree 13,
///    $1 + r + r^2 (\frac{1}{2!} + \frac{r}{3!} + \dots +
///    \frac{r^{11}}{13!})$, the bracket by Estrin's scheme (pairs of
///    terms, then pairs of pairs, so the steps need not wait for each
///    other). The first term left out, $r^{14}/14!$, is below
///    $5 \cdot 10^{-18}$, under 0.05 ulp of 1. The leading
///    $1 + r_{hi}$ is added last, its rounding error recovered exactly and
///    added to the small terms, so nearly all the error is in one final
///    rounding.
/// 4. $2^n$: built from exponent bits in two factors,
///    $2^{\lfloor n/2 \rfloor} \cdot 2^{n - \lfloor n/2 \rfloor}$, each a
///    normal number, so that the last multiplication rounds only once,
///    into a subnormal number or to infinity where the result lies there.
///
/// The input is first clamped to [-746, 710], where the result is already
/// 0 or infinity; the comparisons are false for NaN, which passes through.
/// No branches and no `mul_add` (without FMA hardware it would be a slow
/// library call, and with it the results would differ between CPUs).
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use ch09_two_layer_net::fast::exp_f64;
///
/// assert_eq!(exp_f64(0.0), 1.0);
/// assert_relative_eq!(exp_f64(1.0), std::f64::consts::E, max_relative = 3e-16);
/// assert_eq!(exp_f64(-1000.0), 0.0);
/// assert_eq!(exp_f64(1000.0), f64::INFINITY);
/// assert!(exp_f64(f64::NAN).is_nan());
/// ```
// ANCHOR: exp
#[inline(always)]
pub fn exp_f64(x: f64) -> f64 {
    // 截到可表示的范围；NaN 两个比较都不成立，保持 NaN
    let x = if x > MAX_INPUT { MAX_INPUT } else { x };
    let x = if x < MIN_INPUT { MIN_INPUT } else { x };
    // n = round(x / ln 2), |n| <= 1076
    let n_shifted = x * LOG2_E + SHIFTER;
    let n = n_shifted - SHIFTER;
    // r = x - n ln 2 = r_hi + r_lo，|r| <= ln 2 / 2（外加舍入）；
    // r_hi 是精确的，r_lo 很小（|r_lo| < 3e-7）
    let r_hi = x - n * LN2_HI;
    let r_lo = -(n * LN2_LO);
    let r = r_hi + r_lo;
    // q = 1/2! + r/3! + ... + r^11/13!，用 Estrin 格式：先两两合并，
    // 再合并成对的结果，各步不必依次等待
    let c = &INV_FACTORIAL;
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let q01 = (c[2] + c[3] * r) + (c[4] + c[5] * r) * r2;
    let q23 = (c[6] + c[7] * r) + (c[8] + c[9] * r) * r2;
    let q45 = (c[10] + c[11] * r) + (c[12] + c[13] * r) * r2;
    let q = (q01 + q23 * r4) + q45 * r8;
    // e^r = 1 + r_hi + (r_lo + r^2 q)；1 + r_hi 的舍入误差可以精确地
    // 找回（因为 |1| > |r_hi|），并入那几个小项
    let sum = 1.0 + r_hi;
    let sum_err = (1.0 - sum) + r_hi;
    let exp_r = sum + (sum_err + (r_lo + r2 * q));
    // 2^n = 2^n1 * 2^n2，n1 = floor(n / 2)，n2 = n - n1。整数 n 在
    // n_shifted 的低位：u = n + 2048 >= 0，逻辑右移一位就是减半；
    // h - 1 和 u - h - 1 即 n1 + 1023 和 n2 + 1023，
    // 也就是 2^n1 和 2^n2 带偏移的指数
    let u = n_shifted.to_bits().wrapping_sub(SHIFTER.to_bits() - 2048);
    let h = u >> 1;
    let pow2_n1 = f64::from_bits(h.wrapping_sub(1) << 52);
    let pow2_n2 = f64::from_bits(u.wrapping_sub(h).wrapping_sub(1) << 52);
    exp_r * pow2_n1 * pow2_n2
}
// ANCHOR_END: exp

/// The Taylor coefficients `1 / k!` of [`exp_f64`], `k = 0..=13`, each
/// rounded once (`k!` itself is exact in `f64` up to `k = 18`).
const INV_FACTORIAL: [f64; 14] = {
    let mut c = [1.0; 14];
    let mut k = 2;
    while k < 14 {
        let mut factorial = 1.0;
        let mut i = 2;
        while i <= k {
            factorial *= i as f64;
            i += 1;
        }
        c[k] = 1.0 / factorial;
        k += 1;
    }
    c
};

/// The element types of [`exp`] and [`mapv`]: `f64` and `f32`.
pub trait SimdFloat: MatmulFloat {
    /// $e^x$ by [`exp_f64`], for this type.
    fn simd_exp(self) -> Self;
}

impl SimdFloat for f64 {
    #[inline(always)]
    fn simd_exp(self) -> f64 {
        exp_f64(self)
    }
}

impl SimdFloat for f32 {
    /// Computed in `f64` and rounded once to `f32`.
    #[inline(always)]
    fn simd_exp(self) -> f32 {
        exp_f64(f64::from(self)) as f32
    }
}

/// The exponential function $e^x$ for `f64` or `f32`, written so that
/// loops over it vectorise: [`exp_f64`], for `f32` computed in `f64` and
/// rounded to `f32`.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::fast::exp;
///
/// assert_eq!(exp(0.0_f64), 1.0);
/// assert_eq!(exp(0.0_f32), 1.0);
/// assert!((exp(1.0_f32) - std::f32::consts::E).abs() <= f32::EPSILON);
/// ```
#[inline(always)]
pub fn exp<A: SimdFloat>(x: A) -> A {
    x.simd_exp()
}

/// Applies `f` to every element, like `x.mapv(f)`, with the loop compiled
/// for the widest vectors this CPU has.
///
/// The result is the same as `x.mapv(f)`, bit for bit, for any `f` built
/// from `+`, `-`, `*`, `/`, comparisons and [`exp`]: the loop runs in a
/// copy compiled with AVX-512 or AVX2 enabled when the CPU supports it
/// (checked at run time; SSE2 otherwise, and a plain loop on CPUs other
/// than x86-64). Because `f` is inlined into that loop, the compiler can
/// vectorise `f` itself. The input may have any layout; the output is a
/// new contiguous array.
///
/// # Shapes
///
/// Any shape; the result has the same shape.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch09_two_layer_net::fast::{exp, mapv};
/// use ndarray::array;
///
/// let x = array![[0.0_f64, 1.0], [2.0, 3.0]];
/// let y = mapv(&x, |v| 2.0 * exp(v));
/// assert_eq!(y, x.mapv(|v| 2.0 * exp(v))); // bit for bit
/// assert_abs_diff_eq!(y, x.mapv(|v| 2.0 * v.exp()), epsilon = 1e-13);
/// ```
pub fn mapv<A: SimdFloat, S, D>(
    x: &ArrayBase<S, D>,
    f: impl Fn(A) -> A + Copy,
) -> Array<A, D>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    // The usual case: a standard-layout input is read as one flat slice
    // and the results are written straight into the new array's buffer.
    if let Some(input) = x.as_slice()
        && let Ok(out) =
            Array::from_shape_vec(x.raw_dim(), map_to_vec(input, f))
    {
        return out;
    }
    // Any other layout: an owned copy is contiguous (in x's memory order
    // where x is contiguous), so the loop runs over one flat slice too.
    let mut out = x.to_owned();
    match out.as_slice_memory_order_mut() {
        Some(values) => map_in_place(values, f),
        None => out.mapv_inplace(f),
    }
    out
}

/// Chapter 2's sigmoid, $1 / (1 + e^{-x})$, with [`exp`] and [`mapv`]: the
/// same values as `ch02_activations::sigmoid` to within 1 ulp of `exp`,
/// several elements per instruction, for `f64` and `f32`.
///
/// # Shapes
///
/// Element-wise; the result has the shape of `x`.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch09_two_layer_net::fast::sigmoid;
/// use ndarray::array;
///
/// let x = array![-1.0, 1.0, 2.0];
/// let plain = ch02_activations::sigmoid(&x);
/// assert_abs_diff_eq!(sigmoid(&x), plain, epsilon = 1e-15);
/// ```
pub fn sigmoid<A, S, D>(x: &ArrayBase<S, D>) -> Array<A, D>
where
    A: SimdFloat,
    S: Data<Elem = A>,
    D: Dimension,
{
    let one = A::one();
    mapv(x, |x| one / (one + exp(-x)))
}

/// Chapter 4's `softmax_rows` with [`exp`]: each row minus its own largest
/// score, one [`mapv`] over the whole batch, then each row over its sum.
///
/// # Shapes
///
/// `a`: `(batch_size, n)` → `(batch_size, n)`.
///
/// # Errors
///
/// Chapter 4's [`SoftmaxRowsError`], as its `softmax_rows` reports it: an
/// empty row, or a NaN or infinite score.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch09_two_layer_net::fast::softmax_rows;
/// use ndarray::array;
///
/// let a = array![[0.3, 2.9, 4.0], [1000.3, 1002.9, 1004.0]];
/// let plain = ch04_output_layer::softmax_rows(a.view())?;
/// assert_abs_diff_eq!(softmax_rows(a.view())?, plain, epsilon = 1e-15);
///
/// let err = softmax_rows(array![[1.0], [f64::NAN]].view()).unwrap_err();
/// assert_eq!((err.row, err.shape), (1, (2, 1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn softmax_rows<A: SimdFloat>(
    a: ArrayView2<A>,
) -> Result<Array2<A>, SoftmaxRowsError> {
    let mut shifted = a.to_owned();
    for (i, mut row) in shifted.rows_mut().into_iter().enumerate() {
        let c = finite_max(row.view()).map_err(|error| SoftmaxRowsError {
            row: i,
            shape: a.dim(),
            error,
        })?;
        row -= c;
    }
    let mut y = mapv(&shifted, exp);
    for mut row in y.rows_mut() {
        let sum_exp_a = row.sum();
        row /= sum_exp_a;
    }
    Ok(y)
}

/// Chapter 9's [`TwoLayerNet`] in `f64` or `f32`, for the fast path: the
/// same parameters, and the same forward pass, backpropagation and step
/// as `TwoLayerNet`'s, with this module's [`sigmoid`] and
/// [`softmax_rows`] (a vectorised `exp`) in place of chapters 2 and 4's.
/// The speed appendix times it against NumPy in both precisions; the
/// tests check that it computes what `TwoLayerNet` does.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch09_two_layer_net::TwoLayerNet;
/// use ch09_two_layer_net::fast::Net;
/// use ndarray::array;
///
/// let net = TwoLayerNet::new(2, 3, 2, 0.5, 0)?;
/// let (x, t) = (array![[0.6, 0.9]], array![[0.0, 1.0]]);
/// let fast = Net::<f64>::from(&net).gradient(x.view(), t.view())?;
/// let plain = net.gradient(x.view(), t.view())?;
/// assert_abs_diff_eq!(fast.w1, plain.w1, epsilon = 1e-15);
///
/// let net32 = Net::<f32>::from(&net);
/// assert_eq!(net32.w1[[0, 0]], net.w1[[0, 0]] as f32);
/// # Ok::<(), ch09_two_layer_net::NetError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Net<A> {
    /// First layer's weights, `(input_size, hidden_size)`.
    pub w1: Array2<A>,
    /// First layer's biases, `(hidden_size,)`.
    pub b1: Array1<A>,
    /// Second layer's weights, `(hidden_size, output_size)`.
    pub w2: Array2<A>,
    /// Second layer's biases, `(output_size,)`.
    pub b2: Array1<A>,
}

/// The gradient of [`Net`]'s loss, parameter by parameter: [`Gradients`]
/// in `f64` or `f32`.
///
/// # Shapes
///
/// Each field has the shape of the parameter of the same name.
#[derive(Debug, Clone, PartialEq)]
pub struct Grads<A> {
    /// $\partial L / \partial W^{(1)}$.
    pub w1: Array2<A>,
    /// $\partial L / \partial b^{(1)}$.
    pub b1: Array1<A>,
    /// $\partial L / \partial W^{(2)}$.
    pub w2: Array2<A>,
    /// $\partial L / \partial b^{(2)}$.
    pub b2: Array1<A>,
}

impl From<&TwoLayerNet> for Net<f64> {
    /// The same parameters.
    fn from(net: &TwoLayerNet) -> Self {
        Net {
            w1: net.w1.clone(),
            b1: net.b1.clone(),
            w2: net.w2.clone(),
            b2: net.b2.clone(),
        }
    }
}

impl From<&TwoLayerNet> for Net<f32> {
    /// Every parameter rounded to the nearest `f32`.
    fn from(net: &TwoLayerNet) -> Self {
        let f32 = |v: &f64| *v as f32;
        Net {
            w1: net.w1.map(f32),
            b1: net.b1.map(f32),
            w2: net.w2.map(f32),
            b2: net.b2.map(f32),
        }
    }
}

impl From<Grads<f64>> for Gradients {
    /// The same numbers, as the teaching code's type.
    fn from(g: Grads<f64>) -> Self {
        Gradients {
            w1: g.w1,
            b1: g.b1,
            w2: g.w2,
            b2: g.b2,
        }
    }
}

impl<A: SimdFloat> Net<A> {
    /// [`TwoLayerNet::predict`] with the fast [`sigmoid`] and
    /// [`softmax_rows`].
    ///
    /// # Shapes
    ///
    /// `x`: `(batch_size, input_size)` → `(batch_size, output_size)`.
    ///
    /// # Errors
    ///
    /// When `x` does not have `input_size` columns, or a score is not
    /// finite.
    pub fn predict(&self, x: ArrayView2<A>) -> Result<Array2<A>, NetError> {
        self.predictor().predict(x)
    }

    /// The forward pass with both weight matrices packed once for
    /// [`crate::fast_matmul`]: [`Net::predict`] for many batches, such as every
    /// batch of a test set.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch09_two_layer_net::TwoLayerNet;
    /// use ch09_two_layer_net::fast::Net;
    /// use ndarray::{Array2, Axis};
    ///
    /// let plain = TwoLayerNet::new(784, 50, 10, 0.01, 0)?;
    /// let net = Net::<f64>::from(&plain);
    /// let images = Array2::from_shape_fn((300, 784), |(i, j)| ((i + j) % 7) as f64 / 7.0);
    /// // the weights are packed once, for all three batches
    /// let predictor = net.predictor();
    /// for batch in images.axis_chunks_iter(Axis(0), 100) {
    ///     let y = predictor.predict(batch)?;
    ///     assert_abs_diff_eq!(y, plain.predict(batch)?, epsilon = 1e-14);
    /// }
    /// # Ok::<(), ch09_two_layer_net::NetError>(())
    /// ```
    pub fn predictor(&self) -> Predictor<'_, A> {
        Predictor {
            net: self,
            w1: Packed::new(self.w1.view()),
            w2: Packed::new(self.w2.view()),
        }
    }

    /// [`TwoLayerNet::gradient`], line for line, with the fast [`sigmoid`]
    /// and [`softmax_rows`].
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
    pub fn gradient(
        &self,
        x: ArrayView2<A>,
        t: ArrayView2<A>,
    ) -> Result<Grads<A>, NetError> {
        let fits = x.ncols() == self.w1.nrows()
            && t.ncols() == self.w2.ncols()
            && x.nrows() == t.nrows()
            && x.nrows() > 0;
        if !fits {
            return Err(NetError::Batch {
                inputs: self.w1.nrows(),
                hidden: self.w1.ncols(),
                outputs: self.w2.ncols(),
                x: x.dim(),
                t: t.dim(),
            });
        }
        let a1 = add_bias(matmul(x, self.w1.view())?.view(), self.b1.view())?;
        let z1 = sigmoid(&a1);
        let a2 = add_bias(
            matmul(z1.view(), self.w2.view())?.view(),
            self.b2.view(),
        )?;
        let y = softmax_rows(a2.view())?;
        let batch_size = A::from(x.nrows()).expect("a count is a number");
        let da2 = (&y - &t) / batch_size;
        let w2 = matmul(z1.t(), da2.view())?;
        let b2 = da2.sum_axis(Axis(0));
        let dz1 = matmul(da2.view(), self.w2.t())?;
        let da1 = dz1 * &z1.mapv(|z| z * (A::one() - z));
        let w1 = matmul(x.t(), da1.view())?;
        let b1 = da1.sum_axis(Axis(0));
        Ok(Grads { w1, b1, w2, b2 })
    }

    /// [`TwoLayerNet::step`]: every parameter moves by `-lr` times its
    /// gradient.
    pub fn step(&mut self, grads: &Grads<A>, lr: A) {
        self.w1.scaled_add(-lr, &grads.w1);
        self.b1.scaled_add(-lr, &grads.b1);
        self.w2.scaled_add(-lr, &grads.w2);
        self.b2.scaled_add(-lr, &grads.b2);
    }
}

/// [`Net`]'s forward pass with its weights packed once
/// ([`Net::predictor`]).
pub struct Predictor<'a, A: SimdFloat> {
    net: &'a Net<A>,
    w1: Packed<A>,
    w2: Packed<A>,
}

impl<A: SimdFloat> Predictor<'_, A> {
    /// [`Net::predict`] of `x`, the same numbers.
    ///
    /// # Errors
    ///
    /// When `x` does not have `input_size` columns, or a score is not
    /// finite.
    pub fn predict(&self, x: ArrayView2<A>) -> Result<Array2<A>, NetError> {
        let a1 = add_bias(self.w1.left_mul(x)?.view(), self.net.b1.view())?;
        let z1 = sigmoid(&a1);
        let a2 =
            add_bias(self.w2.left_mul(z1.view())?.view(), self.net.b2.view())?;
        Ok(softmax_rows(a2.view())?)
    }
}

/// Picks the loop for the widest vectors the CPU supports: `plain` where
/// neither AVX-512F nor AVX2 is there, else `plain` compiled again with
/// that feature enabled (`$wide`, `$avx2`).
macro_rules! dispatch {
    ($plain:ident, $avx512:ident, $avx2:ident, $($arg:expr),*) => {{
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx512f") {
                // SAFETY: the CPU supports AVX-512F, checked just above;
                // that is the only requirement of a `target_feature` fn.
                return unsafe { $avx512($($arg),*) };
            }
            if std::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2, checked just above.
                return unsafe { $avx2($($arg),*) };
            }
        }
        $plain($($arg),*)
    }};
}

/// Replaces every `v` in `values` with `f(v)`, in the widest vectors the
/// CPU supports.
fn map_in_place<A: SimdFloat>(values: &mut [A], f: impl Fn(A) -> A + Copy) {
    dispatch!(map_plain, map_avx512, map_avx2, values, f)
}

/// `f(v)` for every `v` in `input`, in the widest vectors the CPU
/// supports.
fn map_to_vec<A: SimdFloat>(input: &[A], f: impl Fn(A) -> A + Copy) -> Vec<A> {
    dispatch!(collect_plain, collect_avx512, collect_avx2, input, f)
}

/// The loop of [`map_in_place`], compiled for the caller's CPU features.
#[inline(always)]
fn map_plain<A: SimdFloat>(values: &mut [A], f: impl Fn(A) -> A + Copy) {
    for v in values {
        *v = f(*v);
    }
}

/// The loop of [`map_to_vec`], compiled for the caller's CPU features.
#[inline(always)]
fn collect_plain<A: SimdFloat>(
    input: &[A],
    f: impl Fn(A) -> A + Copy,
) -> Vec<A> {
    let mut out = vec![A::zero(); input.len()];
    for (o, &v) in out.iter_mut().zip(input) {
        *o = f(v);
    }
    out
}

/// [`map_plain`] compiled with AVX-512F: 8 `f64` or 16 `f32` per
/// instruction.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn map_avx512<A: SimdFloat>(values: &mut [A], f: impl Fn(A) -> A + Copy) {
    map_plain(values, f);
}

/// [`map_plain`] compiled with AVX2: 4 `f64` or 8 `f32` per instruction.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn map_avx2<A: SimdFloat>(values: &mut [A], f: impl Fn(A) -> A + Copy) {
    map_plain(values, f);
}

/// [`collect_plain`] compiled with AVX-512F.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn collect_avx512<A: SimdFloat>(
    input: &[A],
    f: impl Fn(A) -> A + Copy,
) -> Vec<A> {
    collect_plain(input, f)
}

/// [`collect_plain`] compiled with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn collect_avx2<A: SimdFloat>(
    input: &[A],
    f: impl Fn(A) -> A + Copy,
) -> Vec<A> {
    collect_plain(input, f)
}

/// Test access to the plain loop, so the tests can compare every path
/// with it.
#[cfg(test)]
fn map_with_plain_loop<A: SimdFloat, S, D>(
    x: &ArrayBase<S, D>,
    f: impl Fn(A) -> A + Copy,
) -> Array<A, D>
where
    S: Data<Elem = A>,
    D: Dimension,
{
    let mut out = x.to_owned();
    match out.as_slice_memory_order_mut() {
        Some(values) => map_plain(values, f),
        None => out.mapv_inplace(f),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array3, arr0, s};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// How many representable `f64` lie between `a` and `b` (both >= 0 or
    /// both NaN-free and of the same sign).
    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    /// Checks `exp_f64(x)` against `f64::exp(x)`: within 1 ulp, infinite
    /// exactly where `f64::exp` is. Returns the distance in ulps.
    fn check(x: f64) -> u64 {
        let (ours, std) = (exp_f64(x), x.exp());
        assert_eq!(ours.is_infinite(), std.is_infinite(), "x = {x:e}");
        let d = ulps(ours, std);
        assert!(d <= 1, "x = {x:e}: {ours:e} vs {std:e}, {d} ulps");
        d
    }

    #[test]
    fn special_cases_are_exact() {
        assert_eq!(exp_f64(0.0).to_bits(), 1.0f64.to_bits());
        assert_eq!(exp_f64(-0.0).to_bits(), 1.0f64.to_bits());
        assert_eq!(exp_f64(f64::NEG_INFINITY).to_bits(), 0.0f64.to_bits());
        assert_eq!(exp_f64(f64::INFINITY), f64::INFINITY);
        assert!(exp_f64(f64::NAN).is_nan());
        assert!(exp_f64(-f64::NAN).is_nan());
        assert_eq!(exp_f64(710.0), f64::INFINITY);
        assert_eq!(exp_f64(1e300), f64::INFINITY);
        assert_eq!(exp_f64(-746.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(exp_f64(-1e300).to_bits(), 0.0f64.to_bits());
        assert_eq!(exp_f64(f64::MAX), f64::INFINITY);
        assert_eq!(exp_f64(f64::MIN), 0.0);
    }

    #[test]
    fn within_one_ulp_on_a_random_sample() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let n = 2_000_000;
        let (mut differ, mut max) = (0, 0);
        for _ in 0..n {
            let d = check(rng.random_range(-745.0..710.0));
            differ += usize::from(d > 0);
            max = max.max(d);
        }
        let share = differ as f64 / n as f64;
        println!(
            "exp vs f64::exp: {differ} of {n} differ ({share:.5}), max {max} ulp"
        );
        assert!(share < 0.03, "share {share}");
    }

    #[test]
    fn within_one_ulp_near_zero_and_near_the_edges() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        // 0, ln 2 / 2 (where n changes), the start of the subnormal
        // results, the last non-zero result, the last finite result
        let centres = [0.0, 0.3466, -0.3466, -708.4, -745.13, 709.78];
        for c in centres {
            for w in [1e-12, 1e-6, 1e-2, 0.5] {
                for _ in 0..20_000 {
                    check(c + rng.random_range(-w..w));
                }
            }
        }
        // tiny inputs, down to subnormal ones
        for e in -1074..-20 {
            let x = 2f64.powi(e.max(-1022)) * 0.7;
            check(x);
            check(-x);
        }
        check(f64::from_bits(1));
        // the integers, including ln 2 multiples far apart
        for k in -745..=709 {
            check(f64::from(k));
            check(f64::from(k) * std::f64::consts::LN_2);
        }
    }

    #[test]
    fn subnormal_results_are_within_one_ulp() {
        // exp_f64(x) < 2^-1022 for x < -708.40
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for _ in 0..200_000 {
            let x = rng.random_range(-745.2..-708.3);
            let y = exp_f64(x);
            check(x);
            if x < -708.4 {
                assert!(y < f64::MIN_POSITIVE, "x = {x}");
            }
        }
        // the smallest subnormal, 2^-1074, and the last rounding to 0
        assert_eq!(exp_f64(-745.13).to_bits(), 1);
        assert_eq!(exp_f64(-745.14), 0.0);
    }

    /// Every loop [`map_in_place`] may take, for comparison.
    fn all_paths<A: SimdFloat>(values: &[A], f: impl Fn(A) -> A + Copy) {
        let mut plain = values.to_vec();
        map_plain(&mut plain, f);
        let mut dispatched = values.to_vec();
        map_in_place(&mut dispatched, f);
        // equal bits: NaN equals NaN, 0 differs from -0
        let same = |a: &[A], b: &[A]| {
            a.iter().zip(b).all(|(x, y)| {
                (x.is_nan() && y.is_nan())
                    || (x == y && x.is_sign_negative() == y.is_sign_negative())
            }) && a.len() == b.len()
        };
        assert!(same(&plain, &dispatched), "len {}", values.len());
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx512f") {
                let mut v = values.to_vec();
                // SAFETY: the CPU supports AVX-512F, checked just above.
                unsafe { map_avx512(&mut v, f) };
                assert!(same(&plain, &v), "avx512f, len {}", values.len());
            }
            if std::is_x86_feature_detected!("avx2") {
                let mut v = values.to_vec();
                // SAFETY: the CPU supports AVX2, checked just above.
                unsafe { map_avx2(&mut v, f) };
                assert!(same(&plain, &v), "avx2, len {}", values.len());
            }
        }
    }

    fn sigmoid_like(v: f64) -> f64 {
        1.0 / (1.0 + exp_f64(-v))
    }

    #[test]
    fn every_path_gives_the_same_bits() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for len in 0..=40 {
            let values: Vec<f64> =
                (0..len).map(|_| rng.random_range(-800.0..800.0)).collect();
            all_paths(&values, sigmoid_like);
            all_paths(&values, exp_f64);
        }
        let big: Vec<f64> = (0..10_000)
            .map(|_| rng.random_range(-40.0..40.0))
            .chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0])
            .collect();
        all_paths(&big, sigmoid_like);
        all_paths(&big, exp_f64);
    }

    #[test]
    fn f32_is_within_one_ulp_and_the_same_on_every_path() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let values: Vec<f32> = (0..200_000)
            .map(|_| rng.random_range(-104.0_f32..89.0))
            .chain([0.0, -0.0, f32::NAN, f32::INFINITY, f32::NEG_INFINITY])
            .collect();
        for &x in &values {
            let (ours, std) = (exp(x), x.exp());
            if std.is_nan() {
                assert!(ours.is_nan());
            } else {
                let d = ours.to_bits().abs_diff(std.to_bits());
                assert!(d <= 1, "x = {x:e}: {ours:e} vs {std:e}");
            }
        }
        all_paths(&values, |v: f32| 1.0 / (1.0 + exp(-v)));
        all_paths(&values, exp::<f32>);
    }

    /// `mapv` against `x.mapv` and against the plain loop, bit for bit.
    fn same_as_ndarray<S, D>(x: &ArrayBase<S, D>)
    where
        S: Data<Elem = f64>,
        D: Dimension,
    {
        let ours = mapv(x, sigmoid_like);
        let plain = map_with_plain_loop(x, sigmoid_like);
        let theirs = x.mapv(sigmoid_like);
        assert_eq!(ours.shape(), x.shape());
        let bits = |a: &Array<f64, D>| -> Vec<u64> {
            a.iter().map(|v| v.to_bits()).collect()
        };
        assert_eq!(bits(&ours), bits(&theirs), "shape {:?}", x.shape());
        assert_eq!(bits(&ours), bits(&plain), "shape {:?}", x.shape());
    }

    #[test]
    fn mapv_matches_ndarray_for_every_layout() {
        let mut rng = ChaCha8Rng::seed_from_u64(6);
        for len in 0..=40 {
            let x = Array1::from_shape_simple_fn(len, || {
                rng.random_range(-50.0..50.0)
            });
            same_as_ndarray(&x);
        }
        let square = ndarray::Array2::from_shape_simple_fn((100, 100), || {
            rng.random_range(-50.0..50.0)
        });
        same_as_ndarray(&square);
        // non-contiguous views: transposed, every other column, reversed
        same_as_ndarray(&square.t());
        same_as_ndarray(&square.slice(s![.., ..;2]));
        same_as_ndarray(&square.slice(s![..;-3, 5..17]));
        same_as_ndarray(&arr0(1.5));
        let cube = Array3::from_shape_simple_fn((3, 4, 5), || {
            rng.random_range(-50.0..50.0)
        });
        same_as_ndarray(&cube);
        same_as_ndarray(&cube.slice(s![.., 1.., ..;2]));
        same_as_ndarray(&Array3::<f64>::zeros((2, 0, 3)));
    }

    #[test]
    fn the_fast_network_computes_what_the_plain_one_does() {
        let (tr, _) = crate::bundled().unwrap();
        let worst = |a: &Array2<f64>, b: &Array2<f64>| {
            a.iter()
                .zip(b)
                .fold(0.0_f64, |m, (a, b)| m.max((a - b).abs()))
        };
        // 50 steps on both paths, each on its own batch of 100 images:
        // the weights stay within a few ulps of each other
        let mut net = TwoLayerNet::mnist(50, 3).unwrap();
        let mut fast = Net::<f64>::from(&net);
        for k in 0..50 {
            let rows = ndarray::s![100 * k..100 * (k + 1), ..];
            let (x, t) = (tr.x.slice(rows), tr.t.slice(rows));
            let g = net.gradient(x, t).unwrap();
            let g_fast = fast.gradient(x, t).unwrap();
            for ((name, a), (_, b)) in g
                .named()
                .iter()
                .zip(Gradients::from(g_fast.clone()).named())
            {
                let scale = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
                let d = a
                    .iter()
                    .zip(&b)
                    .fold(0.0_f64, |m, (a, b)| m.max((a - b).abs()));
                assert!(d <= 1e-12 * scale, "{name}: {d} vs scale {scale}");
            }
            net.step(&g, 0.1);
            fast.step(&g_fast, 0.1);
        }
        assert!(worst(&net.w1, &fast.w1) < 1e-14);
        let (x, t) = tr.head(100);
        let (y, y_fast) = (net.predict(x).unwrap(), fast.predict(x).unwrap());
        assert!(worst(&y, &y_fast) < 1e-14, "{}", worst(&y, &y_fast));
        let err = fast.gradient(x, t.slice(ndarray::s![.., ..9])).unwrap_err();
        assert!(matches!(err, NetError::Batch { t: (100, 9), .. }), "{err}");
    }

    #[test]
    fn backprop_in_f32_is_backprop_in_f64_to_single_precision() {
        let (tr, _) = crate::bundled().unwrap();
        let (x, t) = tr.head(20);
        let net = TwoLayerNet::mnist(50, 3).unwrap();
        let g = net.gradient(x, t).unwrap();
        let (x32, t32) = (x.mapv(|v| v as f32), t.mapv(|v| v as f32));
        let net32 = Net::<f32>::from(&net);
        let g32 = net32.gradient(x32.view(), t32.view()).unwrap();
        let close = |a: &Array2<f64>, b: &Array2<f32>| {
            let scale = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            let worst = a
                .iter()
                .zip(b)
                .fold(0.0_f64, |m, (a, &b)| m.max((a - b as f64).abs()));
            assert!(worst <= 1e-5 * scale, "{worst} vs scale {scale}");
        };
        close(&g.w1, &g32.w1);
        close(&g.w2, &g32.w2);
        let mut stepped = net32.clone();
        stepped.step(&g32, 0.1);
        assert_eq!(stepped.w1[[0, 0]], net32.w1[[0, 0]] - 0.1 * g32.w1[[0, 0]]);
    }
}
