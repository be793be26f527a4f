//! The source book's pre-trained network (its section 3.6): the weights of
//! a 784-50-100-10 network trained by the author on MNIST's training set,
//! bundled in `data/dlfs-sample-weight` as float32 `.npy` files. With them
//! the source book prints `Accuracy:0.9352` on the official test set;
//! chapter 5 reproduces the count, one image at a time and in batches.

use std::fs::File;
use std::path::{Path, PathBuf};

use ch00_tools::argmax_rows;
use ch03_arrays::{INPUT_SIZE, OUTPUT_SIZE, ShapeError, affine_batch};
use ch04_output_layer::softmax_rows;
use ndarray::{Array, Array1, Array2, ArrayView2, Axis, Dimension};
use ndarray_npy::{ReadNpyError, ReadNpyExt};

use crate::mnist::{MnistSet, PIXELS};
use crate::{Layers, PredictError};

/// The layer sizes of the source book's pre-trained network: 784 inputs,
/// hidden layers of 50 and 100 neurons, 10 outputs.
pub const SAMPLE_SIZES: [usize; 4] = [INPUT_SIZE, 50, 100, OUTPUT_SIZE];

/// The network as stored: one `(W, b)` of `f32` per layer.
pub type LayersF32 = Vec<(Array2<f32>, Array1<f32>)>;

/// Why the pre-trained weights cannot be loaded: a file that is not a
/// float32 `.npy` array of the right dimension, or one of the wrong shape.
///
/// # Examples
///
/// ```
/// use ch05_data::pretrained::{WeightError, load_sample_weight};
/// use std::path::Path;
///
/// let err = load_sample_weight(Path::new("/no/such/folder")).unwrap_err();
/// assert!(matches!(err, WeightError::Read { .. }));
/// assert!(err.to_string().starts_with("/no/such/folder/W1.npy："), "{err}");
/// ```
#[derive(Debug, thiserror::Error)]
pub enum WeightError {
    /// The file is missing, or not a float32 `.npy` array of the expected
    /// dimension.
    #[error("{file}：读不出 float32 的 .npy 数组（{source}）")]
    Read {
        /// The file.
        file: String,
        /// What `ndarray-npy` says.
        source: ReadNpyError,
    },
    /// The array has not the shape the 784-50-100-10 network needs.
    #[error(
        "{file}：数组的形状是 {got:?}，784-50-100-10 的网络要的是 {expected:?}"
    )]
    Shape {
        /// The file.
        file: String,
        /// The shape found.
        got: Vec<usize>,
        /// The shape needed.
        expected: Vec<usize>,
    },
}

/// The folder of the pre-trained weights that come with the book:
/// `data/dlfs-sample-weight` in the repository.
///
/// # Examples
///
/// ```
/// let dir = ch05_data::pretrained::sample_weight_dir();
/// assert!(dir.join("W1.npy").is_file());
/// ```
pub fn sample_weight_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/dlfs-sample-weight")
}

/// Reads one float32 array from `dir/name` and checks its shape.
fn read_f32<D: Dimension>(
    dir: &Path,
    name: &str,
    expected: &[usize],
) -> Result<Array<f32, D>, WeightError> {
    let path = dir.join(name);
    let file = path.display().to_string();
    let read = File::open(&path)
        .map_err(ReadNpyError::from)
        .and_then(Array::<f32, D>::read_npy);
    let array = read.map_err(|source| WeightError::Read {
        file: file.clone(),
        source,
    })?;
    if array.shape() != expected {
        let (got, expected) = (array.shape().to_vec(), expected.to_vec());
        return Err(WeightError::Shape {
            file,
            got,
            expected,
        });
    }
    Ok(array)
}

/// The source book's pre-trained 784-50-100-10 network, as stored:
/// `W1.npy`, `b1.npy`, ..., `b3.npy` in `dir`, float32, each checked
/// against [`SAMPLE_SIZES`].
///
/// # Shapes
///
/// Layer `k` is `W`: `(n_k, n_{k+1})`, `b`: `(n_{k+1},)` for the sizes
/// 784, 50, 100, 10.
///
/// # Errors
///
/// [`WeightError`] naming the first file that is missing, not a float32
/// `.npy` array, or of the wrong shape.
///
/// # Examples
///
/// ```
/// use ch05_data::pretrained::{load_sample_weight, sample_weight_dir};
///
/// let layers = load_sample_weight(&sample_weight_dir())?;
/// let shapes: Vec<_> = layers.iter().map(|(w, b)| (w.dim(), b.len())).collect();
/// assert_eq!(shapes, [((784, 50), 50), ((50, 100), 100), ((100, 10), 10)]);
/// # Ok::<(), ch05_data::pretrained::WeightError>(())
/// ```
// ANCHOR: load_sample_weight
pub fn load_sample_weight(dir: &Path) -> Result<LayersF32, WeightError> {
    let mut layers = Vec::new();
    for (k, n) in SAMPLE_SIZES.windows(2).enumerate() {
        // 第 k+1 层：W 的形状 (n[0], n[1])，b 的形状 (n[1],)
        let w = read_f32(dir, &format!("W{}.npy", k + 1), n)?;
        let b = read_f32(dir, &format!("b{}.npy", k + 1), &n[1..])?;
        layers.push((w, b));
    }
    Ok(layers)
}
// ANCHOR_END: load_sample_weight

/// The layers widened to `f64`, as the rest of the book computes. Every
/// `f32` is exactly an `f64`, so nothing is rounded.
///
/// # Examples
///
/// ```
/// use ch05_data::pretrained::{load_sample_weight, sample_weight_dir, to_f64};
///
/// let stored = load_sample_weight(&sample_weight_dir())?;
/// let layers = to_f64(&stored);
/// assert_eq!(layers[0].0[[300, 7]], f64::from(stored[0].0[[300, 7]]));
/// # Ok::<(), ch05_data::pretrained::WeightError>(())
/// ```
// ANCHOR: to_f64
pub fn to_f64(layers: &[(Array2<f32>, Array1<f32>)]) -> Layers {
    layers
        .iter()
        .map(|(w, b)| (w.mapv(f64::from), b.mapv(f64::from)))
        .collect()
}
// ANCHOR_END: to_f64

/// The images of `set` as the source book's `load_mnist` gives them:
/// float32, each pixel divided by 255, one row of 784 per image.
///
/// # Shapes
///
/// `(count, 784)`.
///
/// # Examples
///
/// ```
/// let mnist = ch05_data::mnist::bundled()?;
/// let x = ch05_data::pretrained::x_f32(&mnist.test);
/// assert_eq!(x.dim(), (10000, 784));
/// assert_eq!(x[[0, 0]], 0.0_f32);
/// # Ok::<(), ch05_data::DataError>(())
/// ```
pub fn x_f32(set: &MnistSet) -> Array2<f32> {
    let x = set.images.mapv(|p| f32::from(p) / 255.0);
    // The shape (count, 28, 28) holds exactly count * 784 pixels.
    x.into_shape_with_order((set.len(), PIXELS))
        .expect("count x 28 x 28 has count x 784 pixels")
}

/// The source book's `predict` as it is written, batch by batch: `f32`
/// throughout, a sigmoid after every hidden layer, a softmax at the end;
/// then the largest probability of each row.
///
/// # Shapes
///
/// `x`: `(count, n0)` → `(count,)`.
///
/// # Errors
///
/// [`PredictError`] when `batch_size` is 0, the shapes do not fit, or an
/// output is not finite.
///
/// # Examples
///
/// ```
/// use ch05_data::pretrained::{load_sample_weight, predict_f32_in_batches, sample_weight_dir, x_f32};
///
/// let mnist = ch05_data::mnist::bundled()?;
/// let layers = load_sample_weight(&sample_weight_dir())?;
/// let x = x_f32(&mnist.test);
/// let p = predict_f32_in_batches(x.slice(ndarray::s![..3, ..]), &layers, 100)?;
/// assert_eq!(p.to_vec(), [7, 2, 1]); // the labels of the first 3 test images
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// ANCHOR: predict_f32_in_batches
pub fn predict_f32_in_batches(
    x: ArrayView2<f32>,
    layers: &[(Array2<f32>, Array1<f32>)],
    batch_size: usize,
) -> Result<Array1<usize>, PredictError> {
    if batch_size == 0 {
        return Err(PredictError::ZeroBatch);
    }
    let ((w_last, b_last), hidden) =
        layers.split_last().ok_or(ShapeError::NoLayers)?;
    let mut p = Vec::with_capacity(x.nrows());
    for x_batch in x.axis_chunks_iter(Axis(0), batch_size) {
        let mut z = x_batch.to_owned();
        for (w, b) in hidden {
            let a = affine_batch(z.view(), w.view(), b.view())?;
            // 第 2 章的 sigmoid，这里用 f32 计算
            z = a.mapv(|v| 1.0 / (1.0 + (-v).exp()));
        }
        let a = affine_batch(z.view(), w_last.view(), b_last.view())?;
        let y = softmax_rows(a.view())?;
        // f32 变成 f64 不会改变任何数，最大值的位置也不变
        let y = y.mapv(f64::from);
        p.extend(argmax_rows(y.view()).ok_or(PredictError::NoOutputs)?);
    }
    Ok(Array1::from(p))
}
// ANCHOR_END: predict_f32_in_batches

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    use ndarray_npy::WriteNpyExt;

    use crate::mnist::bundled;
    use crate::predict_in_batches;

    /// The source book computes in float32, with a softmax at the end:
    /// the same predictions.
    #[test]
    fn float32_with_softmax_predicts_the_same() {
        let mnist = bundled().unwrap();
        let stored = load_sample_weight(&sample_weight_dir()).unwrap();
        let x32 = x_f32(&mnist.test);
        let p32 = predict_f32_in_batches(x32.view(), &stored, 100).unwrap();
        let x = mnist.test.x(true);
        let p64 = predict_in_batches(x.view(), &to_f64(&stored), 100).unwrap();
        assert_eq!(p32, p64);
        // f32 pixels are the f64 ones, rounded to single precision
        assert!(x32.iter().zip(&x).all(|(&a, &b)| a == b as f32));
        let err = predict_f32_in_batches(x32.view(), &stored, 0).unwrap_err();
        assert_eq!(err, PredictError::ZeroBatch);
    }

    #[test]
    fn broken_weight_files_are_named() {
        let dir = std::env::temp_dir().join("ch05-data-weights");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for name in ["W1", "b1", "W2", "b2", "W3", "b3"] {
            fs::copy(
                sample_weight_dir().join(format!("{name}.npy")),
                dir.join(format!("{name}.npy")),
            )
            .unwrap();
        }
        // W2 of the wrong shape
        let wrong = Array2::<f32>::zeros((50, 99));
        wrong
            .write_npy(File::create(dir.join("W2.npy")).unwrap())
            .unwrap();
        let err = load_sample_weight(&dir).unwrap_err();
        assert!(matches!(err, WeightError::Shape { .. }), "{err}");
        let text = err.to_string();
        assert!(
            text.contains("W2.npy") && text.contains("[50, 99]"),
            "{text}"
        );
        // b3 in float64, not float32
        fs::copy(sample_weight_dir().join("W2.npy"), dir.join("W2.npy"))
            .unwrap();
        Array1::<f64>::zeros(10)
            .write_npy(File::create(dir.join("b3.npy")).unwrap())
            .unwrap();
        let err = load_sample_weight(&dir).unwrap_err();
        assert!(matches!(err, WeightError::Read { .. }), "{err}");
        assert!(err.to_string().contains("b3.npy"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
