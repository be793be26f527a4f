//! The speed appendix's sparse path: about four in five MNIST pixels are 0,
//! and the two products of a training step with the images, $X W^{(1)}$
//! and $X^\top \mathrm{d}A^{(1)}$, can skip them. [`SparseRows`] keeps
//! only the non-zero pixels of each image (compressed sparse rows, CSR),
//! built once per data set, so a batch is a list of row numbers and is
//! never copied; [`train`] is chapter 9's [`crate::train`] with these two
//! products in place of chapter 3's `matmul`.
//!
//! The numbers are the dense ones bit for bit. matrixmultiply (behind
//! chapter 3's `matmul`) sums each element of a product in the order of
//! the inner index, in blocks of [`KC`] terms, one fused multiply-add (FMA)
//! per term on CPUs whose kernels have it, and adds each block's sum to the
//! result; a term whose pixel is 0 adds exactly 0. The sums here run in the
//! same order over the same blocks with the same operation and leave out
//! only the zero terms. Which operation matrixmultiply uses depends on the
//! CPU (and on `MMTEST_FEATURE`, its switch for testing other kernels), so
//! [`Kernel::detect`] asks the same questions; the tests compare bits.
//!
//! Each non-zero pixel `x[i, k]` adds `x[i, k]` times row `k` of `W` to row
//! `i` of the product, with the row's sums held in vector registers;
//! `Xᵀ D` is the same kind of product once the batch is transposed (one
//! row per pixel, listing the images in which that pixel is not 0).

use ch03_arrays::{MatmulError, add_bias, affine_batch, matmul};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::network::ACCURACY_CHUNK;
use crate::training::not_finite;
use crate::{
    DataSet, Gradients, History, NetError, Progress, TrainConfig, TrainError,
    TwoLayerNet, accuracy, argmax_rows, check_config,
    cross_entropy_error_batch, iter_per_epoch, sample_with_replacement,
    sigmoid, softmax_rows, take_rows,
};

/// The terms matrixmultiply sums for `f64` before adding them to the
/// result (its `kc`, `archparam::D_KC`).
pub const KC: usize = 256;

/// Sums held in vector registers at once: 8 of the 16 (AVX2) or 32
/// (AVX-512) registers.
const REGISTERS: usize = 8;

/// The rows of a matrix with only their non-zero entries: the values and
/// their column numbers, row after row.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseRows {
    values: Vec<f64>,
    columns: Vec<u32>,
    /// Row `r`'s entries are `starts[r]..starts[r + 1]`.
    starts: Vec<usize>,
    ncols: usize,
}

impl SparseRows {
    /// The non-zero entries of `x`, row by row.
    ///
    /// # Panics
    ///
    /// When `x` has more than `u32::MAX` columns.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::sparse::SparseRows;
    ///
    /// let x = ndarray::array![[0.0, 0.5, 0.0], [0.0, 0.0, 0.0]];
    /// let s = SparseRows::of(x.view());
    /// assert_eq!((s.nrows(), s.ncols(), s.nonzeros()), (2, 3, 1));
    /// ```
    pub fn of(x: ArrayView2<f64>) -> Self {
        assert!(u32::try_from(x.ncols()).is_ok(), "too many columns");
        let mut s = SparseRows {
            values: Vec::new(),
            columns: Vec::new(),
            starts: Vec::with_capacity(x.nrows() + 1),
            ncols: x.ncols(),
        };
        s.starts.push(0);
        // written without a branch: which pixels are 0 is not predictable
        let (mut row_values, mut row_columns) =
            (vec![0.0; x.ncols()], vec![0; x.ncols()]);
        let x = x.as_standard_layout();
        let pixels = x.as_slice().expect("standard layout is contiguous");
        for r in 0..x.nrows() {
            let row = &pixels[r * s.ncols..][..s.ncols];
            let mut m = 0;
            for (k, &v) in row.iter().enumerate() {
                row_values[m] = v;
                row_columns[m] = k as u32;
                m += usize::from(v != 0.0);
            }
            s.values.extend_from_slice(&row_values[..m]);
            s.columns.extend_from_slice(&row_columns[..m]);
            s.starts.push(s.values.len());
        }
        s
    }

    /// Rows of the matrix.
    pub fn nrows(&self) -> usize {
        self.starts.len() - 1
    }

    /// Columns of the matrix.
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// Entries that are not 0.
    pub fn nonzeros(&self) -> usize {
        self.values.len()
    }

    /// `take_rows(x, rows) · w`, bit for bit: the rows `rows` of the
    /// matrix (in that order, repeats allowed) times `w`.
    ///
    /// # Shapes
    ///
    /// `w`: `(ncols, n)` → `(rows.len(), n)`.
    ///
    /// # Errors
    ///
    /// Chapter 3's [`MatmulError`] when `w` has not `ncols` rows.
    ///
    /// # Panics
    ///
    /// When a row number is not below [`SparseRows::nrows`], as
    /// `take_rows` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::sparse::SparseRows;
    /// use ndarray::array;
    ///
    /// let x = array![[0.0, 2.0], [1.0, 0.0]];
    /// let w = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    /// let xw = SparseRows::of(x.view()).matmul(&[1, 0, 1], w.view())?;
    /// assert_eq!(xw, array![[1.0, 2.0, 3.0], [8.0, 10.0, 12.0], [1.0, 2.0, 3.0]]);
    /// # Ok::<(), ch03_arrays::MatmulError>(())
    /// ```
    pub fn matmul(
        &self,
        rows: &[usize],
        w: ArrayView2<f64>,
    ) -> Result<Array2<f64>, MatmulError> {
        if w.nrows() != self.ncols {
            return Err(MatmulError {
                left: (rows.len(), self.ncols),
                right: w.dim(),
            });
        }
        self.check_rows(rows);
        let n = w.ncols();
        let w = w.as_standard_layout();
        let w = w.as_slice().expect("standard layout is contiguous");
        let mut out = vec![0.0; rows.len() * n];
        if n > 0 {
            Kernel::detect().rows_times(self, rows, w, n, &mut out);
        }
        Ok(Array2::from_shape_vec((rows.len(), n), out)
            .expect("one row of n values per row number"))
    }

    /// `take_rows(x, rows)ᵀ · d`, bit for bit: the gradient of a weight
    /// matrix whose layer takes these rows as its input.
    ///
    /// # Shapes
    ///
    /// `d`: `(rows.len(), n)` → `(ncols, n)`.
    ///
    /// # Errors
    ///
    /// Chapter 3's [`MatmulError`] when `d` has not one row per row number.
    ///
    /// # Panics
    ///
    /// When a row number is not below [`SparseRows::nrows`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::sparse::SparseRows;
    /// use ndarray::array;
    ///
    /// let x = array![[0.0, 2.0], [1.0, 0.0]];
    /// let d = array![[1.0, 2.0], [3.0, 4.0]];
    /// let g = SparseRows::of(x.view()).t_matmul(&[0, 1], d.view())?;
    /// assert_eq!(g, x.t().dot(&d));
    /// # Ok::<(), ch03_arrays::MatmulError>(())
    /// ```
    pub fn t_matmul(
        &self,
        rows: &[usize],
        d: ArrayView2<f64>,
    ) -> Result<Array2<f64>, MatmulError> {
        if d.nrows() != rows.len() {
            return Err(MatmulError {
                left: (self.ncols, rows.len()),
                right: d.dim(),
            });
        }
        self.check_rows(rows);
        // Xᵀ D is a product of the same kind: the batch's pixels as rows
        let pixels: Vec<usize> = (0..self.ncols).collect();
        self.transposed(rows).matmul(&pixels, d)
    }

    /// The rows `rows` of the matrix, transposed: one row per column, its
    /// entries in the order of `rows` (a counting sort by column).
    fn transposed(&self, rows: &[usize]) -> SparseRows {
        let mut starts = vec![0; self.ncols + 1];
        for &r in rows {
            for &k in self.row(r).1 {
                starts[k as usize + 1] += 1;
            }
        }
        for k in 0..self.ncols {
            starts[k + 1] += starts[k];
        }
        let total = starts[self.ncols];
        let (mut values, mut columns) = (vec![0.0; total], vec![0; total]);
        let mut next = starts.clone();
        for (i, &r) in rows.iter().enumerate() {
            let (row_values, row_columns) = self.row(r);
            for (&v, &k) in row_values.iter().zip(row_columns) {
                let at = &mut next[k as usize];
                values[*at] = v;
                columns[*at] = i as u32;
                *at += 1;
            }
        }
        SparseRows {
            values,
            columns,
            starts,
            ncols: rows.len(),
        }
    }

    fn check_rows(&self, rows: &[usize]) {
        if let Some(&r) = rows.iter().find(|&&r| r >= self.nrows()) {
            panic!("row {r} of a matrix with {} rows", self.nrows());
        }
    }

    /// Row `r`'s values and their column numbers.
    fn row(&self, r: usize) -> (&[f64], &[u32]) {
        let entries = self.starts[r]..self.starts[r + 1];
        (&self.values[entries.clone()], &self.columns[entries])
    }
}

/// How matrixmultiply's kernel on this CPU adds a term: fused (one
/// rounding) or not, and the vector width to compute with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kernel {
    /// AVX-512 with FMA, 8 `f64` per vector.
    #[cfg(target_arch = "x86_64")]
    Avx512,
    /// AVX2 with FMA, 4 `f64` per vector.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// One `f64` at a time, fused (aarch64's NEON kernel) or multiply
    /// then add (matrixmultiply's AVX and fallback kernels).
    Scalar {
        /// Whether a term is added with one rounding.
        fused: bool,
    },
}

impl Kernel {
    /// The kernel kind matrixmultiply picks on this CPU
    /// (`dgemm_kernel::detect`).
    fn detect() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            let has = |f: &str, detected: bool| allowed(f) && detected;
            if has("avx512f", is_x86_feature_detected!("avx512f"))
                && is_x86_feature_detected!("fma")
            {
                return Kernel::Avx512;
            }
            if has("fma", is_x86_feature_detected!("fma"))
                && has("avx2", is_x86_feature_detected!("avx2"))
            {
                return Kernel::Avx2;
            }
        }
        #[cfg(target_arch = "aarch64")]
        {
            if allowed("neon")
                && std::arch::is_aarch64_feature_detected!("neon")
            {
                return Kernel::Scalar { fused: true };
            }
        }
        Kernel::Scalar { fused: false }
    }

    fn rows_times(
        self,
        x: &SparseRows,
        rows: &[usize],
        w: &[f64],
        n: usize,
        out: &mut [f64],
    ) {
        match self {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: detect() found AVX-512 and FMA on this CPU
            Kernel::Avx512 => unsafe { rows_times_avx512(x, rows, w, n, out) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: detect() found AVX2 and FMA on this CPU
            Kernel::Avx2 => unsafe { rows_times_avx2(x, rows, w, n, out) },
            Kernel::Scalar { fused: true } => {
                rows_times::<1, true>(x, rows, w, n, out)
            }
            Kernel::Scalar { fused: false } => {
                rows_times::<1, false>(x, rows, w, n, out)
            }
        }
    }
}

/// Whether matrixmultiply may use instruction set `feature`: its test
/// switch `MMTEST_FEATURE` (read when compiling) lists the only ones
/// allowed.
fn allowed(feature: &str) -> bool {
    match option_env!("MMTEST_FEATURE") {
        None | Some("") => true,
        Some(list) => list.split(',').any(|f| f.trim() == feature),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
fn rows_times_avx512(
    x: &SparseRows,
    rows: &[usize],
    w: &[f64],
    n: usize,
    out: &mut [f64],
) {
    if n >= 8 {
        rows_times::<8, true>(x, rows, w, n, out);
    } else {
        rows_times::<1, true>(x, rows, w, n, out);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn rows_times_avx2(
    x: &SparseRows,
    rows: &[usize],
    w: &[f64],
    n: usize,
    out: &mut [f64],
) {
    if n >= 4 {
        rows_times::<4, true>(x, rows, w, n, out);
    } else {
        rows_times::<1, true>(x, rows, w, n, out);
    }
}

/// `c + a b`, fused (one rounding) or not, as the dense kernel adds a term.
#[inline(always)]
fn add_term<const FUSED: bool>(c: f64, a: f64, b: f64) -> f64 {
    if FUSED { a.mul_add(b, c) } else { c + a * b }
}

/// Where the `L`-wide column windows of an `n`-column row start: `0, L,
/// 2L, ...`, and one ending at column `n` that may overlap its neighbour
/// (the overlap is computed twice, identically); in groups of at most
/// [`REGISTERS`].
fn windows(n: usize, lanes: usize) -> Vec<Vec<usize>> {
    debug_assert!(n >= lanes, "a window is wider than the row");
    let mut starts: Vec<usize> = (0..n / lanes).map(|c| c * lanes).collect();
    if !n.is_multiple_of(lanes) {
        starts.push(n - lanes);
    }
    starts.chunks(REGISTERS).map(<[usize]>::to_vec).collect()
}

/// The sums over the entries given of `x[i, k] w[k, window]`, in order,
/// for `R` windows of `L` columns starting at `offsets`: `R` running sums
/// that stay in vector registers.
#[inline(always)]
fn window_sums<const L: usize, const R: usize, const FUSED: bool>(
    values: &[f64],
    columns: &[u32],
    w: &[f64],
    n: usize,
    offsets: &[usize],
) -> [[f64; L]; R] {
    let offsets: [usize; R] = offsets.try_into().expect("R windows");
    // every window lies within a row: lets the compiler drop the checks below
    assert!(offsets.iter().all(|&o| o + L <= n));
    let mut acc = [[0.0; L]; R];
    for (&v, &k) in values.iter().zip(columns) {
        let w_row = &w[k as usize * n..][..n];
        for c in 0..R {
            let part = &w_row[offsets[c]..offsets[c] + L];
            for j in 0..L {
                acc[c][j] = add_term::<FUSED>(acc[c][j], v, part[j]);
            }
        }
    }
    acc
}

/// [`window_sums`] for a group of windows, written into `sums` at the
/// windows' columns.
#[inline(always)]
fn group_sums<const L: usize, const FUSED: bool>(
    values: &[f64],
    columns: &[u32],
    w: &[f64],
    n: usize,
    offsets: &[usize],
    sums: &mut [f64],
) {
    macro_rules! with_registers {
        ($($r:literal)*) => {
            match offsets.len() {
                $($r => {
                    let acc = window_sums::<L, $r, FUSED>(values, columns, w, n, offsets);
                    for (part, &at) in acc.iter().zip(offsets) {
                        sums[at..at + L].copy_from_slice(part);
                    }
                })*
                _ => unreachable!("at most REGISTERS windows in a group"),
            }
        };
    }
    with_registers!(1 2 3 4 5 6 7 8);
}

/// `out = take_rows(x, rows) · w` (`w` row-major with `n` columns),
/// summed as matrixmultiply sums: per block of [`KC`] columns of `x`, a
/// running sum from 0 over the row's entries in the block, in order, held
/// in vector registers; then the block's sum added to the result.
#[inline(always)]
fn rows_times<const L: usize, const FUSED: bool>(
    x: &SparseRows,
    rows: &[usize],
    w: &[f64],
    n: usize,
    out: &mut [f64],
) {
    let groups = windows(n, L);
    let mut block_sum = vec![0.0; n];
    for (&r, row_out) in rows.iter().zip(out.chunks_exact_mut(n)) {
        let (mut values, mut columns) = x.row(r);
        for block in (0..x.ncols).step_by(KC) {
            let count = columns.partition_point(|&k| (k as usize) < block + KC);
            let (block_values, rest_values) = values.split_at(count);
            let (block_columns, rest_columns) = columns.split_at(count);
            (values, columns) = (rest_values, rest_columns);
            if block == 0 && count == 0 {
                continue; // the result is 0 so far, as `out` starts
            }
            for offsets in &groups {
                group_sums::<L, FUSED>(
                    block_values,
                    block_columns,
                    w,
                    n,
                    offsets,
                    &mut block_sum,
                );
            }
            if block == 0 {
                row_out.copy_from_slice(&block_sum); // as with beta = 0
            } else {
                for (o, &b) in row_out.iter_mut().zip(&block_sum) {
                    *o += b;
                }
            }
        }
    }
}

/// A [`DataSet`] with its images as [`SparseRows`].
#[derive(Debug, Clone)]
pub struct SparseSet<'a> {
    /// The images' non-zero pixels: `(n, 784)`.
    pub x: SparseRows,
    /// Labels one-hot: `(n, 10)`.
    pub t: ArrayView2<'a, f64>,
    /// Labels as class numbers: `(n,)`.
    pub labels: ArrayView1<'a, usize>,
}

impl<'a> SparseSet<'a> {
    /// `data` with its images' non-zero pixels listed once.
    pub fn of(data: DataSet<'a>) -> Self {
        SparseSet {
            x: SparseRows::of(data.x),
            t: data.t,
            labels: data.labels,
        }
    }
}

/// [`TwoLayerNet::predict`] of the rows `rows` of `x`, bit for bit.
///
/// # Errors
///
/// As [`TwoLayerNet::predict`]'s.
pub fn predict(
    net: &TwoLayerNet,
    x: &SparseRows,
    rows: &[usize],
) -> Result<Array2<f64>, NetError> {
    let a1 = add_bias(x.matmul(rows, net.w1.view())?.view(), net.b1.view())?;
    let z1 = sigmoid(&a1);
    let a2 = affine_batch(z1.view(), net.w2.view(), net.b2.view())?;
    Ok(softmax_rows(a2.view())?)
}

/// [`TwoLayerNet::loss`] of the rows `rows` of `x` with labels `t`.
///
/// # Errors
///
/// As [`TwoLayerNet::loss`]'s.
pub fn loss(
    net: &TwoLayerNet,
    x: &SparseRows,
    rows: &[usize],
    t: ArrayView2<f64>,
) -> Result<f64, NetError> {
    let y = predict(net, x, rows)?;
    Ok(cross_entropy_error_batch(y.view(), t)?)
}

/// [`TwoLayerNet::accuracy`] on all of `data`, bit for bit.
///
/// # Errors
///
/// As [`TwoLayerNet::accuracy`]'s.
pub fn accuracy_of(
    net: &TwoLayerNet,
    data: &SparseSet,
) -> Result<f64, NetError> {
    if data.x.nrows() == 0 {
        return Err(NetError::EmptyBatch);
    }
    let all: Vec<usize> = (0..data.x.nrows()).collect();
    let mut p = Vec::with_capacity(all.len());
    for rows in all.chunks(ACCURACY_CHUNK) {
        let y = predict(net, &data.x, rows)?;
        p.extend(argmax_rows(y.view()).ok_or(NetError::EmptyBatch)?);
    }
    Ok(accuracy(Array1::from(p).view(), data.labels)?)
}

/// [`TwoLayerNet::gradient`] of the rows `rows` of `x`, bit for bit: the
/// same backpropagation with the two products that involve `x` sparse.
///
/// # Errors
///
/// As [`TwoLayerNet::gradient`]'s.
pub fn gradient(
    net: &TwoLayerNet,
    x: &SparseRows,
    rows: &[usize],
    t: ArrayView2<f64>,
) -> Result<Gradients, NetError> {
    net.check_shapes((rows.len(), x.ncols()), t.dim())?;
    let a1 = add_bias(x.matmul(rows, net.w1.view())?.view(), net.b1.view())?;
    let z1 = sigmoid(&a1);
    let a2 = affine_batch(z1.view(), net.w2.view(), net.b2.view())?;
    let y = softmax_rows(a2.view())?;
    let da2 = (&y - &t) / rows.len() as f64;
    let w2 = matmul(z1.t(), da2.view())?;
    let b2 = da2.sum_axis(Axis(0));
    let dz1 = matmul(da2.view(), net.w2.t())?;
    let da1 = dz1 * &z1.mapv(|z| z * (1.0 - z));
    let w1 = x.t_matmul(rows, da1.view())?;
    let b1 = da1.sum_axis(Axis(0));
    Ok(Gradients { w1, b1, w2, b2 })
}

/// [`crate::train`] on sparse images: the same batches, steps, losses and
/// accuracies, bit for bit, with each batch a list of row numbers.
///
/// # Errors
///
/// As [`crate::train`]'s.
pub fn train(
    config: &TrainConfig,
    train: &SparseSet,
    test: &SparseSet,
    mut on_progress: impl FnMut(&Progress),
) -> Result<(TwoLayerNet, History), TrainError> {
    let train_size = train.x.nrows();
    check_config(config, train_size)?;
    let mut net = TwoLayerNet::mnist(config.hidden_size, config.seed)?;
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    rng.set_stream(1);
    let per_epoch = iter_per_epoch(train_size, config.batch_size);
    let mut history = History::default();
    for iter in 0..config.iters {
        let batch =
            sample_with_replacement(&mut rng, train_size, config.batch_size)?;
        let t_batch = take_rows(&train.t, &batch);
        let diverged = |e| not_finite(e, iter, config.lr);
        let grads = gradient(&net, &train.x, &batch, t_batch.view())
            .map_err(diverged)?;
        net.step(&grads, config.lr);
        let loss =
            loss(&net, &train.x, &batch, t_batch.view()).map_err(diverged)?;
        history.loss.push(loss);
        let mut accuracy = None;
        if iter % per_epoch == 0 {
            let accs = (accuracy_of(&net, train)?, accuracy_of(&net, test)?);
            history.epoch_iters.push(iter);
            history.train_acc.push(accs.0);
            history.test_acc.push(accs.1);
            accuracy = Some(accs);
        }
        on_progress(&Progress {
            iter,
            loss,
            accuracy,
        });
    }
    Ok((net, history))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{bundled, iter_per_epoch};
    use ndarray::s;
    use rand::Rng;

    fn random(
        rows: usize,
        cols: usize,
        zeros: f64,
        rng: &mut ChaCha8Rng,
    ) -> Array2<f64> {
        Array2::from_shape_simple_fn((rows, cols), || {
            if rng.random::<f64>() < zeros {
                0.0
            } else {
                rng.random_range(-1.0..1.0)
            }
        })
    }

    fn same_bits(a: &Array2<f64>, b: &Array2<f64>) -> bool {
        a.dim() == b.dim()
            && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
    }

    /// Inputs with the shapes that matter: MNIST images, and a matrix with
    /// negative entries, an empty row and a column count that ends a
    /// block of KC early.
    fn inputs() -> Vec<Array2<f64>> {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let (train, _) = bundled().unwrap();
        let mut other = random(40, 2 * KC + 37, 0.6, &mut rng);
        other.row_mut(5).fill(0.0);
        vec![train.x.slice(s![..300, ..]).to_owned(), other]
    }

    #[test]
    fn products_are_the_dense_ones_bit_for_bit() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for x in inputs() {
            let sparse = SparseRows::of(x.view());
            assert_eq!(sparse.nrows(), x.nrows());
            for batch in [1, 7, 100, KC + 44] {
                let rows: Vec<usize> = (0..batch)
                    .map(|_| rng.random_range(0..x.nrows()))
                    .collect();
                let dense = take_rows(&x, &rows);
                for n in [1, 3, 4, 7, 9, 50, 64, 65, 130] {
                    let w = random(x.ncols(), n, 0.0, &mut rng);
                    let xw = sparse.matmul(&rows, w.view()).unwrap();
                    assert!(
                        same_bits(
                            &xw,
                            &matmul(dense.view(), w.view()).unwrap()
                        ),
                        "X W, {batch} x {n}"
                    );
                    let d = random(batch, n, 0.0, &mut rng);
                    let xtd = sparse.t_matmul(&rows, d.view()).unwrap();
                    assert!(
                        same_bits(&xtd, &matmul(dense.t(), d.view()).unwrap()),
                        "Xᵀ D, {batch} x {n}"
                    );
                }
            }
        }
    }

    #[test]
    fn shapes_that_do_not_fit_are_chapter_3s_error() {
        let x = SparseRows::of(Array2::<f64>::eye(3).view());
        let err = x.matmul(&[0, 2], Array2::zeros((4, 2)).view()).unwrap_err();
        assert_eq!((err.left, err.right), ((2, 3), (4, 2)));
        let err = x
            .t_matmul(&[0, 2], Array2::zeros((3, 2)).view())
            .unwrap_err();
        assert_eq!((err.left, err.right), ((3, 2), (3, 2)));
    }

    #[test]
    #[should_panic(expected = "row 3 of a matrix with 3 rows")]
    fn a_row_that_is_not_there_panics_as_take_rows_does() {
        let x = SparseRows::of(Array2::<f64>::eye(3).view());
        let _ = x.matmul(&[3], Array2::zeros((3, 1)).view());
    }

    #[test]
    fn training_is_the_books_bit_for_bit() {
        let (train_data, test_data) = bundled().unwrap();
        let config = TrainConfig {
            iters: iter_per_epoch(train_data.x.nrows(), 100) + 10,
            ..TrainConfig::default()
        };
        let dense =
            crate::train(&config, train_data.view(), test_data.view(), |_| {})
                .unwrap();
        let (train_set, test_set) = (
            SparseSet::of(train_data.view()),
            SparseSet::of(test_data.view()),
        );
        let sparse = train(&config, &train_set, &test_set, |_| {}).unwrap();
        assert_eq!(sparse.1.epoch_iters.len(), 2);
        assert_eq!(sparse, dense);
        assert_eq!(
            accuracy_of(&sparse.0, &test_set),
            dense
                .0
                .accuracy(test_data.x.view(), test_data.labels.view())
        );
    }
}
