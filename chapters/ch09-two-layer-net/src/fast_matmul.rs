//! The fast path's matrix product, bit for bit the product ndarray's `dot`
//! computes (with matrixmultiply) on a CPU with FMA, in less time.
//!
//! Both sum each element of `a · b` the same way: the `k` terms in blocks
//! of [`KC`], each block a chain of fused multiply-adds from zero in the
//! order of `k`, each block's sum then added to the element. Which rows and
//! columns share a tile, and in which order the tiles run, does not change
//! a single element's arithmetic; so this module is free to choose its
//! tiles, and the results (and the book's outputs) stay the same on every
//! CPU with AVX2 and FMA, with or without AVX-512.
//!
//! What it does differently, measured in the speed appendix: matrixmultiply
//! copies ("packs") both factors into its own layout for every product, and
//! its copy of `a` gathers values across rows one at a time; in the forward
//! pass that copying took a fifth of the time. Here only `b` is packed
//! ([`Packed`], once for every batch that the same weights multiply), and
//! the tile reads `a` where it lies: one value of a row broadcast to a
//! vector, times the two vectors of `b`'s row, added to that row's two
//! accumulators. A tile is 6 rows by two vectors (AVX-512 or AVX2); the
//! last columns, where few remain, take 12 rows by one AVX2 vector, so
//! that little work is spent on padding. Where the rows of `a` are not
//! contiguous (the transposed images of backprop) the product is `dot`:
//! matrixmultiply's packing of `a` was measured faster there.
//!
//! Without AVX2 and FMA (and on other CPUs than x86-64) the product is
//! ndarray's `dot`.

use std::cell::RefCell;

use ndarray::{Array2, ArrayView2, NdFloat};

use ch03_arrays::MatmulError;

/// Terms summed in one block: matrixmultiply's `kc` for `f64` and `f32`.
pub const KC: usize = 256;

/// One tile's product: `rows` rows of `a` (from `a`, `rsa` apart, each
/// value `csa` after the last) times a packed panel of `b` (`kc` rows of
/// the kernel's columns each, from `b`), written to (`first`) or added to the
/// `cols` first columns of `rows` rows of `c`, `ldc` apart.
#[derive(Clone, Copy)]
struct Tile<T> {
    rows: usize,
    kc: usize,
    a: *const T,
    rsa: isize,
    csa: isize,
    b: *const T,
    c: *mut T,
    ldc: usize,
    cols: usize,
    first: bool,
}

/// A tile function for panels of `cols` columns and up to `rows` rows.
#[derive(Clone, Copy)]
struct Kernel<T> {
    cols: usize,
    rows: usize,
    /// Only called on a CPU with the features it was compiled for.
    tile: unsafe fn(&Tile<T>),
}

/// The widest tile function this CPU runs, and the one-vector AVX2 tile for
/// the last few columns. `None`: use `dot`.
type Kernels<T> = Option<(Kernel<T>, Kernel<T>)>;

/// The numbers this module multiplies: `f64` and `f32`.
pub trait MatmulFloat: NdFloat {
    /// The kernels for this CPU.
    #[doc(hidden)]
    #[allow(private_interfaces)]
    fn kernels() -> Kernels<Self>;

    /// Calls `f` with this thread's buffer for packing: a product's
    /// packed factor reuses its memory instead of asking for fresh pages.
    #[doc(hidden)]
    fn with_scratch<R>(f: impl FnOnce(&mut Vec<Self>) -> R) -> R;
}

/// Declares module `$name`: the tile function for `$v` vectors per row of
/// `$lanes` numbers `$t` each, up to `$rows` rows, compiled with `$feature`
/// (`$zero` ... `$storeu` are the vectors' intrinsics).
macro_rules! tiles {
    ($name:ident, $feature:literal, $t:ty, $lanes:literal, $v:literal, $rows:literal,
     [$zero:ident, $set1:ident, $loadu:ident, $fmadd:ident, $add:ident,
     $storeu:ident]) => {
        #[cfg(target_arch = "x86_64")]
        mod $name {
            use super::{Kernel, Tile};
            use std::arch::x86_64::*;

            const LANES: usize = $lanes;
            const V: usize = $v;

            pub const KERNEL: Kernel<$t> = Kernel {
                cols: LANES * V,
                rows: $rows,
                tile,
            };

            /// The tile, for as many rows as it has.
            ///
            /// # Safety
            ///
            /// The CPU has the feature; `t`'s pointers cover the tile.
            #[target_feature(enable = $feature)]
            unsafe fn tile(t: &Tile<$t>) {
                debug_assert!(t.rows <= $rows);
                // SAFETY: passed on from the caller.
                unsafe {
                    match t.rows {
                        1 => rows::<1>(t),
                        2 => rows::<2>(t),
                        3 => rows::<3>(t),
                        4 => rows::<4>(t),
                        5 => rows::<5>(t),
                        6 => rows::<6>(t),
                        7 => rows::<7>(t),
                        8 => rows::<8>(t),
                        9 => rows::<9>(t),
                        10 => rows::<10>(t),
                        11 => rows::<11>(t),
                        12 => rows::<12>(t),
                        _ => unreachable!("a tile has 1 to 12 rows"),
                    }
                }
            }

            #[target_feature(enable = $feature)]
            #[inline]
            unsafe fn rows<const R: usize>(t: &Tile<$t>) {
                // SAFETY: the caller's pointers cover `kc` values of `R`
                // rows of `a`, `kc` rows of `V` vectors of `b` and `R`
                // rows of `c`.
                unsafe {
                    let mut acc = [[$zero(); V]; R];
                    let (mut a, mut b) = (t.a, t.b);
                    for _ in 0..t.kc {
                        let mut bv = [$zero(); V];
                        for (v, bv) in bv.iter_mut().enumerate() {
                            *bv = $loadu(b.add(v * LANES));
                        }
                        for (i, acc) in acc.iter_mut().enumerate() {
                            let ai = $set1(*a.offset(i as isize * t.rsa));
                            for (acc, bv) in acc.iter_mut().zip(bv) {
                                *acc = $fmadd(ai, bv, *acc);
                            }
                        }
                        a = a.offset(t.csa);
                        b = b.add(LANES * V);
                    }
                    for (i, acc) in acc.into_iter().enumerate() {
                        let c = t.c.add(i * t.ldc);
                        // the last columns go through a whole row of vectors
                        let mut row = [0.0; LANES * V];
                        let full = t.cols == LANES * V;
                        let out = if full { c } else { row.as_mut_ptr() };
                        if !full && !t.first {
                            std::ptr::copy_nonoverlapping(c, out, t.cols);
                        }
                        for (v, acc) in acc.into_iter().enumerate() {
                            let at = out.add(v * LANES);
                            let sum = if t.first {
                                acc
                            } else {
                                $add($loadu(at), acc)
                            };
                            $storeu(at, sum);
                        }
                        if !full {
                            std::ptr::copy_nonoverlapping(out, c, t.cols);
                        }
                    }
                }
            }
        }
    };
}

/// The tile modules of one vector width: for each `($name, $v, $rows)`,
/// [`tiles!`] with `$v` vectors per row and up to `$rows` rows.
macro_rules! widths {
    ($feature:literal, $t:ty, $lanes:literal, $intrinsics:tt,
     $(($name:ident, $v:literal, $rows:literal)),+) => {
        $(tiles!($name, $feature, $t, $lanes, $v, $rows, $intrinsics);)+
    };
}

// Two vectors per row and 6 rows, so that each broadcast value feeds two
// multiply-adds (with one, the loads of `a` could not keep up with two
// multiply-adds per cycle); one vector and 12 rows for the last columns.
widths!(
    "avx512f",
    f64,
    8,
    [
        _mm512_setzero_pd,
        _mm512_set1_pd,
        _mm512_loadu_pd,
        _mm512_fmadd_pd,
        _mm512_add_pd,
        _mm512_storeu_pd
    ],
    (f64_avx512, 2, 6)
);
widths!(
    "avx2,fma",
    f64,
    4,
    [
        _mm256_setzero_pd,
        _mm256_set1_pd,
        _mm256_loadu_pd,
        _mm256_fmadd_pd,
        _mm256_add_pd,
        _mm256_storeu_pd
    ],
    (f64_avx2, 2, 6),
    (f64_avx2_narrow, 1, 12)
);
widths!(
    "avx512f",
    f32,
    16,
    [
        _mm512_setzero_ps,
        _mm512_set1_ps,
        _mm512_loadu_ps,
        _mm512_fmadd_ps,
        _mm512_add_ps,
        _mm512_storeu_ps
    ],
    (f32_avx512, 2, 6)
);
widths!(
    "avx2,fma",
    f32,
    8,
    [
        _mm256_setzero_ps,
        _mm256_set1_ps,
        _mm256_loadu_ps,
        _mm256_fmadd_ps,
        _mm256_add_ps,
        _mm256_storeu_ps
    ],
    (f32_avx2, 2, 6),
    (f32_avx2_narrow, 1, 12)
);

/// Whether the CPU has `feature` and matrixmultiply may use it: a build
/// with `MMTEST_FEATURE` (`compare.sh --like-avx2`, the bit-for-bit tests
/// without FMA) lets matrixmultiply see only the features it lists, and
/// the tiles must then do what its kernels do.
#[cfg(target_arch = "x86_64")]
macro_rules! usable {
    ($feature:tt) => {
        option_env!("MMTEST_FEATURE").is_none_or(|f| f.contains($feature))
            && std::is_x86_feature_detected!($feature)
    };
}

#[cfg(target_arch = "x86_64")]
fn avx512() -> bool {
    usable!("avx512f")
}

#[cfg(target_arch = "x86_64")]
fn avx2_fma() -> bool {
    usable!("avx2") && usable!("fma")
}

/// The kernels of one number type, from its modules: `$avx512`'s where the
/// CPU has AVX-512, else `$avx2`'s, both with `$narrow` for the last
/// columns.
macro_rules! pick {
    ($avx512:ident, $avx2:ident, $narrow:ident) => {{
        #[cfg(target_arch = "x86_64")]
        {
            if avx2_fma() {
                let wide = if avx512() {
                    $avx512::KERNEL
                } else {
                    $avx2::KERNEL
                };
                return Some((wide, $narrow::KERNEL));
            }
        }
        None
    }};
}

/// `MatmulFloat` for `$t`, with the kernels of modules `$avx512`, `$avx2`
/// and `$narrow`.
macro_rules! matmul_float {
    ($t:ty, $avx512:ident, $avx2:ident, $narrow:ident) => {
        impl MatmulFloat for $t {
            #[allow(private_interfaces)]
            fn kernels() -> Kernels<$t> {
                pick!($avx512, $avx2, $narrow)
            }

            fn with_scratch<R>(f: impl FnOnce(&mut Vec<$t>) -> R) -> R {
                thread_local!(static SCRATCH: RefCell<Vec<$t>> = const { RefCell::new(Vec::new()) });
                SCRATCH.with_borrow_mut(f)
            }
        }
    };
}

matmul_float!(f64, f64_avx512, f64_avx2, f64_avx2_narrow);
matmul_float!(f32, f32_avx512, f32_avx2, f32_avx2_narrow);

/// One panel of packed columns: `cols` columns from `col`, stored as `k`
/// rows of `kernel.cols` numbers (zeros past `cols`) from `offset`.
#[derive(Clone, Copy)]
struct Panel<T> {
    col: usize,
    cols: usize,
    offset: usize,
    kernel: Kernel<T>,
}

/// The right factor of a product, packed once for the tiles: the weights
/// that multiply every batch of a forward pass.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::fast_matmul::Packed;
/// use ndarray::array;
///
/// let w = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
/// let packed = Packed::new(w.view());
/// let x = array![[1.0, 0.0, 1.0]];
/// assert_eq!(packed.left_mul(x.view())?, x.dot(&w));
/// # Ok::<(), ch03_arrays::MatmulError>(())
/// ```
pub struct Packed<A: MatmulFloat> {
    rows: usize,
    cols: usize,
    panels: Vec<Panel<A>>,
    data: Vec<A>,
    /// Where there are no kernels: `b` itself, for `dot`.
    plain: Option<Array2<A>>,
}

impl<A: MatmulFloat> Packed<A> {
    /// `b` packed for the kernels of this CPU.
    pub fn new(b: ArrayView2<A>) -> Self {
        let mut data = Vec::new();
        let panels = pack(b, &mut data);
        let plain = panels.is_none().then(|| b.to_owned());
        let (rows, cols) = b.dim();
        Packed {
            rows,
            cols,
            panels: panels.unwrap_or_default(),
            data,
            plain,
        }
    }

    /// `a · b`, as `a.dot(&b)` computes it.
    ///
    /// # Errors
    ///
    /// When `a` does not have as many columns as `b` has rows.
    pub fn left_mul(&self, a: ArrayView2<A>) -> Result<Array2<A>, MatmulError> {
        fits(a.dim(), (self.rows, self.cols))?;
        if let Some(b) = &self.plain {
            return Ok(a.dot(b));
        }
        let a = if along_rows(a) {
            a.into()
        } else {
            a.as_standard_layout()
        };
        Ok(multiply(
            a.view(),
            (self.rows, self.cols),
            &self.panels,
            &self.data,
        ))
    }
}

/// The panels of `b` for this CPU's kernels, its numbers packed into
/// `data` (emptied first); `None` where there are no kernels.
fn pack<A: MatmulFloat>(
    b: ArrayView2<A>,
    data: &mut Vec<A>,
) -> Option<Vec<Panel<A>>> {
    let (wide, narrow) = A::kernels()?;
    let (rows, cols) = b.dim();
    let mut panels = Vec::new();
    let mut offset = 0;
    let mut col = 0;
    while col < cols {
        let left = cols - col;
        let kernel = if left <= narrow.cols { narrow } else { wide };
        let width = left.min(kernel.cols);
        panels.push(Panel {
            col,
            cols: width,
            offset,
            kernel,
        });
        offset += rows * kernel.cols;
        col += width;
    }
    // panel by panel, each row's columns then the panel's padding
    let b = b.as_standard_layout();
    let b = b.as_slice().expect("standard layout");
    data.clear();
    data.reserve(offset);
    for p in &panels {
        for row in b.chunks_exact(cols) {
            data.extend_from_slice(&row[p.col..p.col + p.cols]);
            data.resize(data.len() + p.kernel.cols - p.cols, A::zero());
        }
    }
    Some(panels)
}

/// `a · b` for `b` (`(k, n)`) packed as `panels` in `data`.
fn multiply<A: MatmulFloat>(
    a: ArrayView2<A>,
    (k, n): (usize, usize),
    panels: &[Panel<A>],
    data: &[A],
) -> Array2<A> {
    let m = a.nrows();
    // rows per tile: as many as every panel's kernel takes
    let rows = panels.iter().map(|p| p.kernel.rows).min().unwrap_or(1);
    let mut c = Array2::<A>::zeros((m, n));
    let (rsa, csa) = (a.strides()[0], a.strides()[1]);
    let ldc = n;
    let out = c.as_mut_ptr();
    for k0 in (0..k).step_by(KC) {
        let kc = KC.min(k - k0);
        for r0 in (0..m).step_by(rows) {
            for p in panels {
                let tile = Tile {
                    rows: rows.min(m - r0),
                    kc,
                    // SAFETY (these three): in bounds of `a`, of
                    // `data` and of `c`, whose shapes were checked.
                    a: unsafe {
                        a.as_ptr().offset(r0 as isize * rsa + k0 as isize * csa)
                    },
                    rsa,
                    csa,
                    b: unsafe {
                        data.as_ptr().add(p.offset + k0 * p.kernel.cols)
                    },
                    c: unsafe { out.add(r0 * ldc + p.col) },
                    ldc,
                    cols: p.cols,
                    first: k0 == 0,
                };
                // SAFETY: the CPU has the kernel's features (checked
                // when it was picked); the pointers cover the tile.
                unsafe { (p.kernel.tile)(&tile) };
            }
        }
    }
    c
}

/// Whether a matrix of shape `left` can multiply one of shape `right`.
fn fits(
    left: (usize, usize),
    right: (usize, usize),
) -> Result<(), MatmulError> {
    if left.1 == right.0 {
        Ok(())
    } else {
        Err(MatmulError { left, right })
    }
}

/// Whether the values of each row of `a` follow each other in memory.
fn along_rows<A>(a: ArrayView2<A>) -> bool {
    a.ncols() <= 1 || a.strides()[1] == 1
}

/// `a · b`, bit for bit as ndarray's `a.dot(&b)`: chapter 3's `matmul`
/// on the fast path.
///
/// # Errors
///
/// When `a` does not have as many columns as `b` has rows.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::fast_matmul::matmul;
/// use ndarray::Array2;
///
/// let a = Array2::from_shape_fn((7, 300), |(i, j)| ((i * 31 + j) % 17) as f64 / 7.0);
/// let b = Array2::from_shape_fn((300, 5), |(i, j)| ((i + 3 * j) % 11) as f64 / 3.0);
/// assert_eq!(matmul(a.view(), b.view())?, a.dot(&b));
/// # Ok::<(), ch03_arrays::MatmulError>(())
/// ```
pub fn matmul<A: MatmulFloat>(
    a: ArrayView2<A>,
    b: ArrayView2<A>,
) -> Result<Array2<A>, MatmulError> {
    fits(a.dim(), b.dim())?;
    // the tiles read `a` along its rows; where they do not lie in a row
    // (the transposed images of backprop), matrixmultiply's own packing
    // of `a` was measured faster
    if !along_rows(a) {
        return Ok(a.dot(&b));
    }
    A::with_scratch(|data| match pack(b, data) {
        Some(panels) => Ok(multiply(a, b.dim(), &panels, data)),
        None => Ok(a.dot(&b)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, ShapeBuilder};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn random<A: MatmulFloat>(
        rows: usize,
        cols: usize,
        rng: &mut ChaCha8Rng,
    ) -> Array2<A> {
        Array2::from_shape_simple_fn((rows, cols), || {
            A::from(rng.random::<f64>() * 2.0 - 1.0).expect("a number")
        })
    }

    fn same_bits<A: MatmulFloat>(a: ArrayView2<A>, b: ArrayView2<A>) {
        let ours = matmul(a, b).expect("shapes fit");
        let theirs = a.dot(&b);
        assert_eq!(ours.dim(), theirs.dim());
        for (x, y) in ours.iter().zip(&theirs) {
            // equal as numbers and in sign: the same bits, NaN aside
            assert!(
                x == y && x.is_sign_negative() == y.is_sign_negative(),
                "{:?} x {:?}: {x:?} != {y:?}",
                a.dim(),
                b.dim()
            );
        }
    }

    fn every_shape<A: MatmulFloat>() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        // the book's shapes, every tile edge, and more than one block of KC
        let shapes = [
            (100, 784, 100),
            (100, 784, 50),
            (784, 100, 50),
            (100, 50, 10),
            (100, 10, 50),
            (50, 100, 10),
            (1, 1, 1),
            (13, 257, 17),
            (25, 513, 33),
            (3, 0, 4),
            (0, 5, 3),
            (12, 256, 8),
            (11, 255, 9),
            (2, 3, 1),
        ];
        for (m, k, n) in shapes {
            let a = random::<A>(m, k, &mut rng);
            let b = random::<A>(k, n, &mut rng);
            same_bits(a.view(), b.view());
            // transposed and column-major factors, as backprop uses them
            let at = random::<A>(k, m, &mut rng);
            same_bits(at.t(), b.view());
            let bf =
                Array2::from_shape_vec((k, n).f(), b.iter().copied().collect())
                    .unwrap();
            same_bits(a.view(), bf.view());
            // every other column: strides that are not 1
            let wide = random::<A>(m, 2 * k, &mut rng);
            same_bits(wide.slice(ndarray::s![.., ..;2]), b.view());
            let flipped = random::<A>(k, n, &mut rng);
            same_bits(a.view(), flipped.slice(ndarray::s![..;-1, ..;-1]));
        }
    }

    #[test]
    fn f64_products_are_dot_bit_for_bit() {
        every_shape::<f64>();
    }

    #[test]
    fn f32_products_are_dot_bit_for_bit() {
        every_shape::<f32>();
    }

    #[test]
    fn shapes_that_do_not_fit_are_an_error() {
        let a = Array2::<f64>::zeros((2, 3));
        let err = matmul(a.view(), a.view()).unwrap_err();
        assert_eq!((err.left, err.right), ((2, 3), (2, 3)));
    }
}
