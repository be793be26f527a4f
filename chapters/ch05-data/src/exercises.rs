//! Solutions to the exercises at the end of chapter 5.

use ch00_tools::argmax_rows;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::mnist::{CLASSES, MnistSet, PIXELS};

/// Exercise 1: what [`encode_idx`] cannot write as an IDX file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// The number of dimensions does not fit in the one byte IDX gives it.
    #[error("{ndim} 个维度：IDX 最多允许 255 个")]
    TooManyDims {
        /// The number of dimensions asked for.
        ndim: usize,
    },
    /// `data` does not hold as many bytes as `dims` multiply to (`None`
    /// when the product overflows).
    #[error(
        "各维大小 {dims:?} 相乘得 {}，数据却有 {got} 字节",
        needed_bytes(*.needed)
    )]
    DataLength {
        /// The sizes asked for.
        dims: Vec<usize>,
        /// What they multiply to.
        needed: Option<usize>,
        /// The bytes of data given.
        got: usize,
    },
    /// A size does not fit in the 4 bytes IDX gives it.
    #[error("大小 {size} 放不进 4 个字节（IDX 的每一维最大是 4294967295）")]
    SizeTooLarge {
        /// The size.
        size: usize,
    },
}

/// The bytes `dims` multiply to, as the message says it: `6 字节`, or
/// a number too large for `usize`.
fn needed_bytes(needed: Option<usize>) -> String {
    match needed {
        Some(n) => format!("{n} 字节"),
        None => "一个超出 usize 范围的数".to_string(),
    }
}

/// Exercises 2 and 3: inputs [`nearest_rows`] and [`nearest_neighbour`]
/// cannot compare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NearestError {
    /// Rows of different widths, or no centres to choose from.
    #[error(
        "nearest_rows 要求 x: (count, n)、centres: (k >= 1, n)；\
         实际是 x: {x:?}、centres: {centres:?}"
    )]
    Shapes {
        /// The shape of `x`.
        x: (usize, usize),
        /// The shape of `centres`.
        centres: (usize, usize),
    },
    /// Not one label per training image.
    #[error("{images} 张训练图像，却有 {labels} 个标签，两者应当一样多")]
    Labels {
        /// The rows of `train_x`.
        images: usize,
        /// The length of `train_t`.
        labels: usize,
    },
}

/// Exercise 1: the bytes of an IDX file of unsigned bytes, the inverse of
/// [`crate::idx::parse_idx`].
///
/// Magic number `00 00 08 d`, then each size as a big-endian `u32`, then
/// the data.
///
/// # Errors
///
/// [`EncodeError`] when `data` does not hold as many bytes as `dims`
/// multiply to, there are more than 255 dimensions, or a size does not fit
/// in a `u32`.
///
/// # Examples
///
/// ```
/// use ch05_data::exercises::encode_idx;
/// use ch05_data::idx::parse_idx;
///
/// let bytes = encode_idx(&[2], &[7, 3])?;
/// assert_eq!(bytes, [0, 0, 8, 1, 0, 0, 0, 2, 7, 3]);
/// assert_eq!(parse_idx(&bytes, "t")?.data, [7, 3]);
/// assert!(encode_idx(&[3], &[7, 3]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: encode_idx
pub fn encode_idx(dims: &[usize], data: &[u8]) -> Result<Vec<u8>, EncodeError> {
    let ndim = u8::try_from(dims.len())
        .map_err(|_| EncodeError::TooManyDims { ndim: dims.len() })?;
    let needed = dims.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
    if needed != Some(data.len()) {
        return Err(EncodeError::DataLength {
            dims: dims.to_vec(),
            needed,
            got: data.len(),
        });
    }
    let mut bytes = vec![0, 0, 0x08, ndim];
    for &size in dims {
        let size = u32::try_from(size)
            .map_err(|_| EncodeError::SizeTooLarge { size })?;
        bytes.extend_from_slice(&size.to_be_bytes());
    }
    bytes.extend_from_slice(data);
    Ok(bytes)
}
// ANCHOR_END: encode_idx

/// Exercise 2: the mean image of each digit in `set`, pixels 0 to 255.
///
/// This is "learning" in its simplest form: ten parameters-images computed
/// from the training data alone.
///
/// # Shapes
///
/// Returns `(10, 784)`: row `k` is the mean of the images labelled `k`.
///
/// # Examples
///
/// ```
/// let mnist = ch05_data::mnist::bundled()?;
/// let means = ch05_data::exercises::class_means(&mnist.train);
/// assert_eq!(means.dim(), (10, 784));
/// // a 1 has less ink than an 8
/// assert!(means.row(1).sum() < means.row(8).sum());
/// # Ok::<(), ch05_data::DataError>(())
/// ```
// ANCHOR: class_means
pub fn class_means(set: &MnistSet) -> Array2<f64> {
    let x = set.x(false);
    let mut sums = Array2::<f64>::zeros((CLASSES, PIXELS));
    for (row, &k) in x.rows().into_iter().zip(&set.labels) {
        let mut sum = sums.row_mut(usize::from(k));
        sum += &row;
    }
    let counts = set.class_counts();
    for (mut sum, &n) in sums.rows_mut().into_iter().zip(&counts) {
        // 没有图像的数字，平均值保持全 0
        sum /= n.max(1) as f64;
    }
    sums
}
// ANCHOR_END: class_means

/// Exercise 2: for each row of `x`, the index of the nearest row of
/// `centres` (smallest squared distance).
///
/// $\lVert x - m \rVert^2 = \lVert x \rVert^2 - 2\,x \cdot m +
/// \lVert m \rVert^2$; the first term is the same for every `m`, so the
/// nearest `m` has the largest $2\,x \cdot m - \lVert m \rVert^2$: one
/// matrix product for the whole batch, then ch00's `argmax_rows`.
///
/// # Shapes
///
/// `x`: `(count, n)`, `centres`: `(k, n)` → `(count,)`.
///
/// # Errors
///
/// [`NearestError`] when the widths differ or there are no centres.
///
/// # Examples
///
/// ```
/// use ch05_data::exercises::nearest_rows;
/// use ndarray::array;
///
/// let centres = array![[0.0, 0.0], [10.0, 10.0]];
/// let x = array![[1.0, 2.0], [9.0, 7.0]];
/// assert_eq!(nearest_rows(x.view(), centres.view())?, array![0, 1]);
/// # Ok::<(), ch05_data::exercises::NearestError>(())
/// ```
// ANCHOR: nearest_rows
pub fn nearest_rows(
    x: ArrayView2<f64>,
    centres: ArrayView2<f64>,
) -> Result<Array1<usize>, NearestError> {
    if x.ncols() != centres.ncols() || centres.nrows() == 0 {
        return Err(NearestError::Shapes {
            x: x.dim(),
            centres: centres.dim(),
        });
    }
    let norms = centres.map_axis(Axis(1), |m| m.dot(&m));
    let score = 2.0 * x.dot(&centres.t()) - &norms;
    // score 每个中心一列，而且至少有一个中心，所以一定有最大值
    Ok(argmax_rows(score.view()).expect("at least one centre"))
}
// ANCHOR_END: nearest_rows

/// Exercise 3: a classifier that memorises the training data: each image
/// gets the label of the training image nearest to it.
///
/// # Shapes
///
/// `train_x`: `(n, 784)`, `train_t`: `(n,)`, `x`: `(count, 784)` →
/// `(count,)`.
///
/// # Errors
///
/// [`NearestError`] when the shapes do not fit.
///
/// # Examples
///
/// ```
/// use ch05_data::exercises::nearest_neighbour;
/// use ndarray::array;
///
/// let train_x = array![[0.0, 0.0], [5.0, 5.0], [9.0, 0.0]];
/// let train_t = array![3, 7, 3];
/// let x = array![[4.0, 6.0], [8.0, 1.0]];
/// let p = nearest_neighbour(train_x.view(), train_t.view(), x.view())?;
/// assert_eq!(p, array![7, 3]);
/// # Ok::<(), ch05_data::exercises::NearestError>(())
/// ```
// ANCHOR: nearest_neighbour
pub fn nearest_neighbour(
    train_x: ArrayView2<f64>,
    train_t: ArrayView1<usize>,
    x: ArrayView2<f64>,
) -> Result<Array1<usize>, NearestError> {
    if train_t.len() != train_x.nrows() {
        return Err(NearestError::Labels {
            images: train_x.nrows(),
            labels: train_t.len(),
        });
    }
    let nearest = nearest_rows(x, train_x)?;
    Ok(nearest.mapv(|i| train_t[i]))
}
// ANCHOR_END: nearest_neighbour

/// Exercise 3's score on the bundled test data: the share of test images
/// whose nearest training image (pixels 0 to 255, as the demo uses them)
/// has their label. Computed once per program (one product of 10,000 by
/// 5,000 images) and shared: chapter 9 compares its networks with it.
///
/// # Errors
///
/// When the bundled data cannot be read (the message says why).
///
/// # Examples
///
/// ```no_run
/// let acc = ch05_data::exercises::nearest_neighbour_test_accuracy()?;
/// assert!(acc > 0.9);
/// # Ok::<(), kit::Error>(())
/// ```
pub fn nearest_neighbour_test_accuracy() -> kit::Result<f64> {
    static ACC: std::sync::OnceLock<Result<f64, String>> =
        std::sync::OnceLock::new();
    let score = || -> kit::Result<f64> {
        let mnist = crate::mnist::bundled()?;
        let (train, test) = (&mnist.train, &mnist.test);
        let p = nearest_neighbour(
            train.x(false).view(),
            train.t().view(),
            test.x(false).view(),
        )?;
        Ok(crate::accuracy(p.view(), test.t().view())?)
    };
    ACC.get_or_init(|| score().map_err(|e| e.to_string()))
        .clone()
        .map_err(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idx::parse_idx;
    use crate::mnist::{bundled, bundled_dir};
    use crate::pretrained::{load_sample_weight, sample_weight_dir, to_f64};
    use crate::{BATCH_SIZE, accuracy, init_network, predict_in_batches};

    #[test]
    fn encode_then_parse_gives_the_same_file() {
        let data: Vec<u8> = (0..2 * 3 * 4).map(|i| i as u8 * 7).collect();
        let bytes = encode_idx(&[2, 3, 4], &data).unwrap();
        let idx = parse_idx(&bytes, "t").unwrap();
        assert_eq!(idx.dims, [2, 3, 4]);
        assert_eq!(idx.data, data);
        let err = encode_idx(&[2, 3], &data).unwrap_err().to_string();
        assert_eq!(err, "各维大小 [2, 3] 相乘得 6 字节，数据却有 24 字节");
        let err = encode_idx(&[usize::MAX, 2], &data).unwrap_err();
        assert!(err.to_string().contains("超出 usize 范围"), "{err}");
        assert!(encode_idx(&vec![1; 256], &[0]).is_err());
    }

    #[test]
    fn encode_idx_rebuilds_the_bundled_labels() {
        let mnist = bundled().unwrap();
        let labels = mnist.test.labels.to_vec();
        let bytes = encode_idx(&[labels.len()], &labels).unwrap();
        let file =
            std::fs::read(bundled_dir().join("t10k-labels-idx1-ubyte.gz"))
                .unwrap();
        let raw = crate::idx::gunzip(&file, "t").unwrap();
        assert_eq!(bytes, raw);
    }

    #[test]
    fn mean_images_classify_far_above_chance() {
        let mnist = bundled().unwrap();
        let means = class_means(&mnist.train);
        let p = nearest_rows(mnist.test.x(false).view(), means.view()).unwrap();
        let acc = accuracy(p.view(), mnist.test.t().view()).unwrap();
        assert!(acc > 0.7, "{acc}");
        // each mean is a mean: within 0..=255
        assert!(means.iter().all(|&v| (0.0..=255.0).contains(&v)));
    }

    #[test]
    fn the_memoriser_is_perfect_on_what_it_memorised() {
        let mnist = bundled().unwrap();
        let (x, t) = (mnist.train.x(false), mnist.train.t());
        let head = x.slice(ndarray::s![..200, ..]);
        let p = nearest_neighbour(x.view(), t.view(), head).unwrap();
        assert_eq!(p, t.slice(ndarray::s![..200]));
        let err = nearest_neighbour(x.view(), t.slice(ndarray::s![..3]), head)
            .unwrap_err();
        let err = err.to_string();
        assert!(err.contains("5000 张训练图像，却有 3 个标签"), "{err}");
    }

    /// Exercise 4: a batch size that does not divide the test set changes
    /// nothing; 0 is refused.
    #[test]
    // ANCHOR: batch_sizes
    fn any_batch_size_gives_the_same_predictions() {
        let mnist = bundled().unwrap();
        let x = mnist.test.x(true);
        let layers = to_f64(&load_sample_weight(&sample_weight_dir()).unwrap());
        let by_100 = predict_in_batches(x.view(), &layers, BATCH_SIZE).unwrap();
        // 64 张一批：最后一批是 10000 - 156 * 64 = 16 张
        for batch_size in [7, 64, 999, 10000, 20000] {
            let p = predict_in_batches(x.view(), &layers, batch_size).unwrap();
            assert_eq!(p, by_100, "batch_size {batch_size}");
        }
        // 批大小为 0：返回错误，而不是 panic
        let err = predict_in_batches(x.view(), &layers, 0).unwrap_err();
        assert!(err.to_string().contains("实际是 0"), "{err}");
    }
    // ANCHOR_END: batch_sizes

    #[test]
    fn other_networks_agree_across_batch_sizes_too() {
        let mnist = bundled().unwrap();
        let x = mnist.test.x(true);
        let x = x.slice(ndarray::s![..1000, ..]);
        let layers = init_network(&crate::SIZES, 1.0, 3).unwrap();
        let a = predict_in_batches(x.view(), &layers, 1).unwrap();
        let b = predict_in_batches(x.view(), &layers, 333).unwrap();
        assert_eq!(a, b);
    }
}
