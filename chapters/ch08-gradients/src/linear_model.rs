//! Li Hongyi's first model, $y = b + w x$, fitted by gradient descent on
//! its error surface: the loss $L(w, b)$ over the $(w, b)$ plane.

use ndarray::{Array1, ArrayView1, array};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::{DescentError, gradient_descent};

/// The line the example data is drawn around: $y = 2 + 0.8x$ (b, w).
pub const TRUE_B: f64 = 2.0;
/// See [`TRUE_B`].
pub const TRUE_W: f64 = 0.8;

/// How many samples the page's example has ([`make_data`]).
pub const NUM_SAMPLES: usize = 20;
/// The seed of the page's example data ([`make_data`]).
pub const DATA_SEED: u64 = 0;

/// Where the page's fit starts, `(w, b)`: far from the best line, so that
/// the path crosses the error surface ([`LinearData::fit`]).
pub const FIT_START: (f64, f64) = (-1.0, 6.5);
/// The learning rate of the page's fit.
pub const FIT_LR: f64 = 0.05;
/// How many steps the page's fit takes.
pub const FIT_STEPS: usize = 1000;

/// Why data for $y = b + w x$ cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinearDataError {
    /// `x` and `y` have different lengths.
    #[error("x 和 y 的长度必须相同，实际是 x: ({x},)、y: ({y},)")]
    Lengths {
        /// The length of `x`.
        x: usize,
        /// The length of `y`.
        y: usize,
    },
    /// There are no samples.
    #[error("数据是空的：x: (0,)、y: (0,)")]
    Empty,
    /// Sample `i` holds a value that is infinite or NaN.
    #[error("第 {i} 个样本不是有限数：x = {x}，y = {y}")]
    NotFinite {
        /// Its position.
        i: usize,
        /// Its input.
        x: f64,
        /// Its output.
        y: f64,
    },
    /// All `n` inputs equal `x`: every line through the mean fits equally
    /// well ([`LinearData::least_squares`]).
    #[error("{n} 个输入都等于 {x}：没有唯一的最佳直线")]
    NoUniqueLine {
        /// The number of samples.
        n: usize,
        /// The one input value.
        x: f64,
    },
}

/// Training data for $y = b + w x$: inputs `x` and the observed outputs
/// `y` (Li Hongyi writes $\hat y$ for them), checked to fit together.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearData {
    x: Array1<f64>,
    y: Array1<f64>,
}

impl LinearData {
    /// Pairs inputs with observed outputs.
    ///
    /// # Shapes
    ///
    /// `x`: `(n,)`, `y`: `(n,)`, `n >= 1`.
    ///
    /// # Errors
    ///
    /// A [`LinearDataError`] when the lengths differ, there is no data, or
    /// a value is not finite; the message names the lengths or the
    /// position.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::linear_model::LinearData;
    /// use ndarray::array;
    ///
    /// let data = LinearData::new(array![1.0, 2.0], array![3.0, 5.0])?;
    /// assert_eq!(data.len(), 2);
    /// let err = LinearData::new(array![1.0, 2.0], array![3.0]).unwrap_err();
    /// assert!(err.to_string().contains("x: (2,)、y: (1,)"));
    /// # Ok::<(), ch08_gradients::linear_model::LinearDataError>(())
    /// ```
    pub fn new(
        x: Array1<f64>,
        y: Array1<f64>,
    ) -> Result<Self, LinearDataError> {
        if x.len() != y.len() {
            return Err(LinearDataError::Lengths {
                x: x.len(),
                y: y.len(),
            });
        }
        if x.is_empty() {
            return Err(LinearDataError::Empty);
        }
        if let Some(i) =
            (0..x.len()).find(|&i| !x[i].is_finite() || !y[i].is_finite())
        {
            let (x, y) = (x[i], y[i]);
            return Err(LinearDataError::NotFinite { i, x, y });
        }
        Ok(LinearData { x, y })
    }

    /// The inputs $x_n$.
    ///
    /// # Shapes
    ///
    /// `(n,)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::linear_model::LinearData;
    /// use ndarray::array;
    ///
    /// let data = LinearData::new(array![1.0, 2.0], array![3.0, 5.0])?;
    /// assert_eq!(data.x(), array![1.0, 2.0]);
    /// # Ok::<(), ch08_gradients::linear_model::LinearDataError>(())
    /// ```
    pub fn x(&self) -> ArrayView1<'_, f64> {
        self.x.view()
    }

    /// The observed outputs $\hat y_n$.
    ///
    /// # Shapes
    ///
    /// `(n,)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::linear_model::LinearData;
    /// use ndarray::array;
    ///
    /// let data = LinearData::new(array![1.0, 2.0], array![3.0, 5.0])?;
    /// assert_eq!(data.y(), array![3.0, 5.0]);
    /// # Ok::<(), ch08_gradients::linear_model::LinearDataError>(())
    /// ```
    pub fn y(&self) -> ArrayView1<'_, f64> {
        self.y.view()
    }

    /// The number of samples $N$ (at least 1).
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::linear_model::make_data;
    ///
    /// assert_eq!(make_data(7, 1)?.len(), 7);
    /// # Ok::<(), ch08_gradients::linear_model::LinearDataError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// Always `false`: [`LinearData::new`] refuses empty data.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch08_gradients::linear_model::make_data;
    ///
    /// assert!(!make_data(1, 0)?.is_empty());
    /// # Ok::<(), ch08_gradients::linear_model::LinearDataError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The loss of the line $y = b + w x$ on this data: the mean of the
    /// squared errors,
    /// $L(w, b) = \frac{1}{N} \sum_n (b + w x_n - \hat y_n)^2$.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch08_gradients::linear_model::LinearData;
    /// use ndarray::array;
    ///
    /// let data = LinearData::new(array![0.0, 1.0], array![1.0, 3.0])?;
    /// assert_abs_diff_eq!(data.loss(2.0, 1.0), 0.0); // y = 1 + 2x fits
    /// assert_abs_diff_eq!(data.loss(0.0, 0.0), 5.0); // (1 + 9) / 2
    /// # Ok::<(), ch08_gradients::linear_model::LinearDataError>(())
    /// ```
    // ANCHOR: loss
    pub fn loss(&self, w: f64, b: f64) -> f64 {
        let e = b + w * &self.x - &self.y;
        e.mapv(|e| e * e).sum() / self.len() as f64
    }
    // ANCHOR_END: loss

    /// The line that minimises [`LinearData::loss`], in closed form (least
    /// squares): $w = \frac{\mathrm{cov}(x, y)}{\mathrm{var}(x)}$,
    /// $b = \bar y - w \bar x$. Returns `(w, b)`.
    ///
    /// # Errors
    ///
    /// [`LinearDataError::NoUniqueLine`] when all `x` are equal: then
    /// every line through $(\bar x, \bar y)$ fits equally well and there is
    /// no single minimum.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch08_gradients::linear_model::LinearData;
    /// use ndarray::array;
    ///
    /// let data = LinearData::new(array![0.0, 1.0, 2.0], array![1.0, 3.0, 5.0])?;
    /// let (w, b) = data.least_squares()?;
    /// assert_abs_diff_eq!(w, 2.0, epsilon = 1e-12);
    /// assert_abs_diff_eq!(b, 1.0, epsilon = 1e-12);
    /// # Ok::<(), ch08_gradients::linear_model::LinearDataError>(())
    /// ```
    pub fn least_squares(&self) -> Result<(f64, f64), LinearDataError> {
        let n = self.len() as f64;
        let (mx, my) = (self.x.sum() / n, self.y.sum() / n);
        let dx = &self.x - mx;
        let var = dx.dot(&dx);
        if var == 0.0 {
            let n = self.len();
            return Err(LinearDataError::NoUniqueLine { n, x: mx });
        }
        let w = dx.dot(&(&self.y - my)) / var;
        Ok((w, my - w * mx))
    }

    /// Fits $(w, b)$ by [`gradient_descent`] on [`LinearData::loss`],
    /// starting from `(w0, b0)`. Returns the path of `[w, b]` points.
    ///
    /// # Shapes
    ///
    /// Each point of the path is `(2,)`: `[w, b]`.
    ///
    /// # Errors
    ///
    /// Those of [`gradient_descent`]: a bad learning rate, or divergence.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch08_gradients::linear_model::LinearData;
    /// use ndarray::array;
    ///
    /// let data = LinearData::new(array![0.0, 1.0, 2.0], array![1.0, 3.0, 5.0])?;
    /// let path = data.fit((0.0, 0.0), 0.1, 2000)?;
    /// assert_abs_diff_eq!(path[2000], array![2.0, 1.0], epsilon = 1e-6);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    // ANCHOR: fit
    pub fn fit(
        &self,
        (w0, b0): (f64, f64),
        lr: f64,
        step_num: usize,
    ) -> Result<Vec<Array1<f64>>, DescentError> {
        let loss = |p: &Array1<f64>| self.loss(p[0], p[1]);
        gradient_descent(loss, &array![w0, b0], lr, step_num)
    }
    // ANCHOR_END: fit
}

/// `n` seeded samples around the line $y = 2 + 0.8x$: `x` uniform in
/// [0, 5), `y` the line plus noise uniform in [-1, 1).
///
/// # Errors
///
/// When `n` is 0 (see [`LinearData::new`]).
///
/// # Examples
///
/// ```
/// use ch08_gradients::linear_model::make_data;
///
/// let data = make_data(20, 0)?;
/// assert_eq!(data.len(), 20);
/// assert_eq!(data, make_data(20, 0)?); // the same seed, the same data
/// assert!(make_data(0, 0).is_err());
/// # Ok::<(), ch08_gradients::linear_model::LinearDataError>(())
/// ```
// ANCHOR: make_data
pub fn make_data(n: usize, seed: u64) -> Result<LinearData, LinearDataError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let x = Array1::from_shape_fn(n, |_| rng.random_range(0.0..5.0));
    let y = x.mapv(|x| TRUE_B + TRUE_W * x)
        + Array1::from_shape_fn(n, |_| rng.random_range(-1.0..1.0));
    LinearData::new(x, y)
}
// ANCHOR_END: make_data

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn descent_ends_at_the_least_squares_line() {
        let data = make_data(20, 0).unwrap();
        let (w, b) = data.least_squares().unwrap();
        let path = data.fit((-1.0, 6.0), 0.05, 2000).unwrap();
        let end = &path[2000];
        assert_abs_diff_eq!(end[0], w, epsilon = 1e-6);
        assert_abs_diff_eq!(end[1], b, epsilon = 1e-6);
        // and near the line the data was drawn from
        assert_abs_diff_eq!(w, TRUE_W, epsilon = 0.3);
        assert_abs_diff_eq!(b, TRUE_B, epsilon = 0.8);
    }

    #[test]
    fn the_pages_fit_ends_at_the_least_squares_line() {
        let data = make_data(NUM_SAMPLES, DATA_SEED).unwrap();
        let path = data.fit(FIT_START, FIT_LR, FIT_STEPS).unwrap();
        let (w, b) = data.least_squares().unwrap();
        assert_abs_diff_eq!(path[FIT_STEPS][0], w, epsilon = 1e-4);
        assert_abs_diff_eq!(path[FIT_STEPS][1], b, epsilon = 1e-4);
    }

    #[test]
    fn the_loss_is_lowest_at_least_squares() {
        let data = make_data(20, 0).unwrap();
        let (w, b) = data.least_squares().unwrap();
        let best = data.loss(w, b);
        for (dw, db) in [(0.01, 0.0), (-0.01, 0.0), (0.0, 0.01), (0.0, -0.01)] {
            assert!(data.loss(w + dw, b + db) > best);
        }
    }

    #[test]
    fn bad_data_is_an_error() {
        assert!(LinearData::new(Array1::zeros(0), Array1::zeros(0)).is_err());
        let err = LinearData::new(array![1.0, f64::NAN], array![1.0, 2.0])
            .unwrap_err();
        assert!(matches!(err, LinearDataError::NotFinite { i: 1, .. }));
        assert!(err.to_string().contains("第 1 个样本"), "{err}");
        let same = LinearData::new(array![2.0, 2.0], array![1.0, 3.0]).unwrap();
        let err = same.least_squares().unwrap_err();
        assert_eq!(err, LinearDataError::NoUniqueLine { n: 2, x: 2.0 });
        assert!(err.to_string().contains("都等于 2"), "{err}");
    }

    #[test]
    fn too_large_a_rate_diverges_with_the_step() {
        let data = make_data(20, 0).unwrap();
        let err = data.fit((-1.0, 6.0), 1.0, 100).unwrap_err();
        assert!(err.step().is_some(), "{err}");
    }
}
