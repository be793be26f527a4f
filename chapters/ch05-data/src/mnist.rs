//! MNIST: its four files, the bundled data, and `load_mnist` with the
//! source book's options (normalize, flatten, one-hot labels).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use ch03_arrays::{INPUT_SIZE, OUTPUT_SIZE};
use ndarray::{Array1, Array2, Array3, Array4, ArrayD, ArrayView1, Axis};

use crate::idx::{DataError, Idx, read_idx};

/// Rows of an MNIST image.
pub const ROWS: usize = 28;
/// Columns of an MNIST image.
pub const COLS: usize = 28;
/// Pixels of a flattened image: 28 x 28 = 784.
pub const PIXELS: usize = ROWS * COLS;
/// Number of classes (the digits 0 to 9): one per output of chapter 3's
/// MNIST network.
pub const CLASSES: usize = OUTPUT_SIZE;

// A flattened image is one input row of chapter 3's MNIST network.
const _: () = assert!(ROWS * COLS == INPUT_SIZE);

/// The four files of MNIST, without the `.gz` of the published files.
pub const TRAIN_IMAGES: &str = "train-images-idx3-ubyte";
/// Labels of the training images.
pub const TRAIN_LABELS: &str = "train-labels-idx1-ubyte";
/// Test images (`t10k`: the 10,000 test images of full MNIST).
pub const TEST_IMAGES: &str = "t10k-images-idx3-ubyte";
/// Labels of the test images.
pub const TEST_LABELS: &str = "t10k-labels-idx1-ubyte";

/// The environment variable naming a folder with the full MNIST files.
pub const MNIST_DIR: &str = "MNIST_DIR";

/// The most images one file may hold (MNIST's training set has 60,000):
/// as `f64` pixels 100,000 images take 627 MB, and a damaged or hostile
/// file that declares more is refused before anything is converted.
pub const MAX_IMAGES: usize = 100_000;

/// Checks that an IDX file holds MNIST images (`count x 28 x 28`, at least
/// one) and returns them as an array.
///
/// # Shapes
///
/// Returns `(count, 28, 28)`.
///
/// # Errors
///
/// A [`DataError`] naming `file` when the data is not 3-dimensional, the
/// images are not 28 x 28, or there are none.
///
/// # Examples
///
/// ```
/// use ch05_data::idx::Idx;
/// use ch05_data::mnist::images_from_idx;
///
/// let idx = Idx { dims: vec![2, 28, 28], data: vec![0; 2 * 784] };
/// assert_eq!(images_from_idx(idx, "x")?.dim(), (2, 28, 28));
///
/// let labels = Idx { dims: vec![2], data: vec![3, 5] };
/// let err = images_from_idx(labels, "t10k-labels-idx1-ubyte").unwrap_err();
/// assert!(err.problem.contains("却有 1 个"));
/// # Ok::<(), ch05_data::idx::DataError>(())
/// ```
pub fn images_from_idx(idx: Idx, file: &str) -> Result<Array3<u8>, DataError> {
    let fail = |problem: String| Err(DataError::new(file, problem));
    let &[count, rows, cols] = idx.dims.as_slice() else {
        return fail(format!(
            "图像要有 3 个维度（张数 x 行数 x 列数），这份数据却有 {} 个：\
             是不是把标签文件当成了图像文件？",
            idx.dims.len()
        ));
    };
    if (rows, cols) != (ROWS, COLS) {
        return fail(format!(
            "图像是 {rows} x {cols} 像素的，MNIST 的图像是 28 x 28"
        ));
    }
    if count == 0 {
        return fail("文件里一张图像也没有".into());
    }
    if count > MAX_IMAGES {
        return fail(format!(
            "文件里有 {count} 张图像，这个读取器最多读 {MAX_IMAGES} 张\
             （MNIST 有 60000 张训练图像和 10000 张测试图像）"
        ));
    }
    Array3::from_shape_vec((count, rows, cols), idx.data)
        .or_else(|e| fail(format!("无法把像素排成图像：{e}")))
}

/// Checks that an IDX file holds MNIST labels (one dimension, at least one
/// label, each 0 to 9) and returns them as an array.
///
/// # Shapes
///
/// Returns `(count,)`.
///
/// # Errors
///
/// A [`DataError`] naming `file` when the data is not 1-dimensional, empty,
/// or holds a label above 9.
///
/// # Examples
///
/// ```
/// use ch05_data::idx::Idx;
/// use ch05_data::mnist::labels_from_idx;
///
/// let idx = Idx { dims: vec![3], data: vec![7, 2, 1] };
/// assert_eq!(labels_from_idx(idx, "t")?.to_vec(), [7, 2, 1]);
///
/// let bad = Idx { dims: vec![2], data: vec![7, 12] };
/// let err = labels_from_idx(bad, "t").unwrap_err();
/// assert_eq!(err.problem, "下标 1 处的标签是 12：MNIST 的标签只能是 0 到 9");
/// # Ok::<(), ch05_data::idx::DataError>(())
/// ```
pub fn labels_from_idx(idx: Idx, file: &str) -> Result<Array1<u8>, DataError> {
    let fail = |problem: String| Err(DataError::new(file, problem));
    if idx.dims.len() != 1 {
        return fail(format!(
            "标签要有 1 个维度，这份数据却有 {} 个（{}）：\
             是不是把图像文件当成了标签文件？",
            idx.dims.len(),
            idx.dims
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(" x ")
        ));
    }
    if idx.data.is_empty() {
        return fail("文件里一个标签也没有".into());
    }
    if let Some((i, &v)) = idx
        .data
        .iter()
        .enumerate()
        .find(|(_, v)| usize::from(**v) >= CLASSES)
    {
        return fail(format!(
            "下标 {i} 处的标签是 {v}：MNIST 的标签只能是 0 到 9"
        ));
    }
    Ok(Array1::from(idx.data))
}

/// One part of MNIST (training or test): images and their labels, as the
/// files store them (bytes).
// ANCHOR: mnist_set
#[derive(Debug, Clone, PartialEq)]
pub struct MnistSet {
    /// Pixels, 0 (background) to 255 (ink).
    ///
    /// Shape `(count, 28, 28)`.
    pub images: Array3<u8>,
    /// The digit each image shows, 0 to 9.
    ///
    /// Shape `(count,)`.
    pub labels: Array1<u8>,
}
// ANCHOR_END: mnist_set

impl MnistSet {
    /// Pairs images with labels, checking that there are as many of each.
    ///
    /// # Shapes
    ///
    /// `images`: `(count, 28, 28)`, `labels`: `(count,)`.
    ///
    /// # Errors
    ///
    /// A [`DataError`] naming both files when the counts differ.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch05_data::MnistSet;
    /// use ndarray::{Array1, Array3};
    ///
    /// let images = Array3::<u8>::zeros((3, 28, 28));
    /// let set = MnistSet::new(images.clone(), Array1::zeros(3), "x", "t")?;
    /// assert_eq!(set.len(), 3);
    /// let err = MnistSet::new(images, Array1::zeros(2), "x", "t").unwrap_err();
    /// assert_eq!(err.to_string(), "x：有 3 张图像，t 却有 2 个标签，两者应当一样多");
    /// # Ok::<(), ch05_data::idx::DataError>(())
    /// ```
    pub fn new(
        images: Array3<u8>,
        labels: Array1<u8>,
        images_file: &str,
        labels_file: &str,
    ) -> Result<Self, DataError> {
        if images.len_of(Axis(0)) != labels.len() {
            return Err(DataError::new(
                images_file,
                format!(
                    "有 {} 张图像，{labels_file} 却有 {} 个标签，两者应当一样多",
                    images.len_of(Axis(0)),
                    labels.len()
                ),
            ));
        }
        Ok(MnistSet { images, labels })
    }

    /// Reads an image file and a label file (each gzipped or not) and
    /// checks them.
    ///
    /// # Errors
    ///
    /// A [`DataError`] naming the file at fault: see [`read_idx`],
    /// [`images_from_idx`], [`labels_from_idx`] and [`MnistSet::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ch05_data::{MnistSet, bundled_dir};
    ///
    /// let dir = bundled_dir();
    /// let test = MnistSet::read(
    ///     &dir.join("t10k-images-idx3-ubyte.gz"),
    ///     &dir.join("t10k-labels-idx1-ubyte.gz"),
    /// )?;
    /// assert_eq!(test.images.dim(), (10000, 28, 28));
    /// # Ok::<(), ch05_data::idx::DataError>(())
    /// ```
    pub fn read(images: &Path, labels: &Path) -> Result<Self, DataError> {
        let (xf, tf) =
            (images.display().to_string(), labels.display().to_string());
        let x = images_from_idx(read_idx(images)?, &xf)?;
        let t = labels_from_idx(read_idx(labels)?, &tf)?;
        MnistSet::new(x, t, &xf, &tf)
    }

    /// The number of images.
    ///
    /// # Examples
    ///
    /// ```
    /// let mnist = ch05_data::mnist::bundled()?;
    /// assert_eq!(mnist.test.len(), 10000);
    /// assert!(!mnist.test.is_empty());
    /// # Ok::<(), ch05_data::idx::DataError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no images (never, for a set that was read).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The images flattened to rows of 784 pixels, as `f64`: divided by 255
    /// into [0, 1] when `normalize`, else 0 to 255.
    ///
    /// Row `n` is image `n` read line by line, so pixel `(r, c)` lands in
    /// column `28 r + c`.
    ///
    /// # Shapes
    ///
    /// `(count, 784)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mnist = ch05_data::mnist::bundled()?;
    /// let x = mnist.test.x(true);
    /// assert_eq!(x.dim(), (10000, 784));
    /// assert_eq!(x[[0, 28 * 14 + 14]], mnist.test.images[[0, 14, 14]] as f64 / 255.0);
    /// # Ok::<(), ch05_data::idx::DataError>(())
    /// ```
    // ANCHOR: x
    pub fn x(&self, normalize: bool) -> Array2<f64> {
        let scale = if normalize { 1.0 / 255.0 } else { 1.0 };
        let flat = self.images.to_shape((self.len(), PIXELS));
        // 形状 (count, 28, 28) 恰好有 count * 784 个像素，变形不会失败
        let flat = flat.expect("count x 28 x 28 has count x 784 pixels");
        flat.mapv(|p| f64::from(p) * scale)
    }
    // ANCHOR_END: x

    /// The images unflattened, with one channel, as the source book gives
    /// them with `flatten=False`.
    ///
    /// # Shapes
    ///
    /// `(count, 1, 28, 28)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mnist = ch05_data::mnist::bundled()?;
    /// assert_eq!(mnist.test.x_images(false).dim(), (10000, 1, 28, 28));
    /// # Ok::<(), ch05_data::idx::DataError>(())
    /// ```
    pub fn x_images(&self, normalize: bool) -> Array4<f64> {
        let scale = if normalize { 1.0 / 255.0 } else { 1.0 };
        self.images
            .mapv(|p| f64::from(p) * scale)
            .insert_axis(Axis(1))
    }

    /// The labels as class indices.
    ///
    /// # Shapes
    ///
    /// `(count,)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mnist = ch05_data::mnist::bundled()?;
    /// let t = mnist.test.t();
    /// assert_eq!(t.len(), 10000);
    /// assert!(t.iter().all(|&k| k < 10));
    /// # Ok::<(), ch05_data::idx::DataError>(())
    /// ```
    pub fn t(&self) -> Array1<usize> {
        self.labels.mapv(usize::from)
    }

    /// The labels one-hot: row `n` is all 0 but a 1 in column `t[n]`.
    ///
    /// # Shapes
    ///
    /// `(count, 10)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mnist = ch05_data::mnist::bundled()?;
    /// let t = mnist.test.t_one_hot();
    /// assert_eq!(t.dim(), (10000, 10));
    /// let k = mnist.test.labels[0] as usize;
    /// assert_eq!(t[[0, k]], 1.0);
    /// assert_eq!(t.row(0).sum(), 1.0);
    /// # Ok::<(), ch05_data::idx::DataError>(())
    /// ```
    // ANCHOR: t_one_hot
    pub fn t_one_hot(&self) -> Array2<f64> {
        // 读文件时已经检查过标签都在 0 到 9 之间，不会超出
        one_hot(self.t().view(), CLASSES)
            .expect("MNIST labels are checked to be 0 to 9 when read")
    }
    // ANCHOR_END: t_one_hot

    /// How many images of each digit: `counts[k]` images show `k`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mnist = ch05_data::mnist::bundled()?;
    /// let official = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
    /// assert_eq!(mnist.test.class_counts(), official);
    /// # Ok::<(), ch05_data::idx::DataError>(())
    /// ```
    pub fn class_counts(&self) -> [usize; CLASSES] {
        let mut counts = [0; CLASSES];
        for &k in &self.labels {
            counts[usize::from(k)] += 1;
        }
        counts
    }
}

/// A label that [`one_hot`] cannot place: it is not below `classes`.
///
/// # Examples
///
/// ```
/// use ch05_data::{OneHotError, one_hot};
/// use ndarray::array;
///
/// let err = one_hot(array![0, 9].view(), 9).unwrap_err();
/// assert_eq!(err, OneHotError { index: 1, label: 9, classes: 9 });
/// assert_eq!(
///     err.to_string(),
///     "labels[1] = 9，但只有 9 个类别（0 到 8）"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "labels[{index}] = {label}，但只有 {classes} 个类别（0 到 {}）",
    .classes.saturating_sub(1)
)]
pub struct OneHotError {
    /// Where the label is in `labels`.
    pub index: usize,
    /// The label.
    pub label: usize,
    /// The number of classes asked for.
    pub classes: usize,
}

/// The one-hot form of class labels: row `n` is all 0 but a 1 in column
/// `labels[n]`. The source book's `load_mnist(one_hot_label=True)` gives
/// MNIST's labels in this form; chapter 6's losses take either form.
///
/// # Shapes
///
/// `labels`: `(count,)` → `(count, classes)`.
///
/// # Errors
///
/// [`OneHotError`] when a label is not below `classes`; it names the label
/// and where it is.
///
/// # Examples
///
/// ```
/// use ch05_data::one_hot;
/// use ndarray::array;
///
/// let t = one_hot(array![2, 0].view(), 3)?;
/// assert_eq!(t, array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]);
/// assert!(one_hot(array![3].view(), 3).is_err());
/// # Ok::<(), ch05_data::OneHotError>(())
/// ```
// ANCHOR: one_hot
pub fn one_hot(
    labels: ArrayView1<usize>,
    classes: usize,
) -> Result<Array2<f64>, OneHotError> {
    let mut t = Array2::zeros((labels.len(), classes));
    for (index, &label) in labels.iter().enumerate() {
        if label >= classes {
            return Err(OneHotError {
                index,
                label,
                classes,
            });
        }
        t[[index, label]] = 1.0;
    }
    Ok(t)
}
// ANCHOR_END: one_hot

/// The training and the test part of MNIST.
#[derive(Debug, Clone, PartialEq)]
pub struct Mnist {
    /// The images the network learns from.
    pub train: MnistSet,
    /// The images held back to judge it.
    pub test: MnistSet,
}

/// The path of one of the four files in `dir`: `NAME.gz` as published, or
/// `NAME` if it was unpacked.
///
/// # Errors
///
/// A [`DataError`] when neither exists; it names the folder and both names.
///
/// # Examples
///
/// ```
/// use ch05_data::mnist::{TEST_LABELS, find_file};
///
/// let dir = ch05_data::bundled_dir();
/// let path = find_file(&dir, TEST_LABELS)?;
/// assert!(path.ends_with("t10k-labels-idx1-ubyte.gz"));
/// assert!(find_file(&dir, "no-such-file").is_err());
/// # Ok::<(), ch05_data::idx::DataError>(())
/// ```
pub fn find_file(dir: &Path, name: &str) -> Result<PathBuf, DataError> {
    let fail = |problem: String| {
        Err(DataError::new(dir.display().to_string(), problem))
    };
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fail("没有这个文件夹".into());
        }
        Err(e) => return fail(format!("读不了这个文件夹：{e}")),
        Ok(meta) if !meta.is_dir() => {
            return fail("这是一个文件，不是放 MNIST 文件的文件夹".into());
        }
        Ok(_) => {}
    }
    if let Err(e) = std::fs::read_dir(dir) {
        return fail(format!("读不了这个文件夹：{e}"));
    }
    for file in [format!("{name}.gz"), name.to_string()] {
        let path = dir.join(&file);
        let Ok(link) = std::fs::symlink_metadata(&path) else {
            continue; // not there: try the other name
        };
        return match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => Ok(path),
            Ok(_) => {
                fail(format!("{file} 不是普通文件（是文件夹、管道或设备？）"))
            }
            Err(_) if link.file_type().is_symlink() => {
                fail(format!("{file} 是符号链接，它指向的文件不存在"))
            }
            Err(e) => fail(format!("读不了 {file}：{e}")),
        };
    }
    fail(format!(
        "这个文件夹里既没有 {name}.gz 也没有 {name}：\
         MNIST 的四个文件要放在同一个文件夹里"
    ))
}

/// The MNIST data bundled with the book (a 5000-image training subset and
/// the official 10,000-image test set), read and checked once per
/// program and shared after that: every chapter that trains or tests on
/// the bundled data reads it through here.
///
/// # Errors
///
/// A [`DataError`] naming the missing or broken file (the same one every
/// time: a failed read is not retried).
///
/// # Examples
///
/// ```
/// let mnist = ch05_data::mnist::bundled()?;
/// assert_eq!(mnist.train.len(), 5000);
/// assert!(std::ptr::eq(mnist, ch05_data::mnist::bundled()?), "read once");
/// # Ok::<(), ch05_data::idx::DataError>(())
/// ```
pub fn bundled() -> Result<&'static Mnist, DataError> {
    static BUNDLED: std::sync::OnceLock<Result<Mnist, DataError>> =
        std::sync::OnceLock::new();
    BUNDLED
        .get_or_init(|| read_mnist(&bundled_dir()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Reads the four MNIST files from `dir` (each gzipped or not) and checks
/// them: the bundled data, or the full MNIST.
///
/// # Errors
///
/// A [`DataError`] naming the missing or broken file.
///
/// # Examples
///
/// ```
/// use ch05_data::{bundled_dir, read_mnist};
///
/// let mnist = read_mnist(&bundled_dir())?;
/// assert_eq!(mnist.train.images.dim(), (5000, 28, 28));
/// assert_eq!(mnist.test.labels.len(), 10000);
/// # Ok::<(), ch05_data::idx::DataError>(())
/// ```
pub fn read_mnist(dir: &Path) -> Result<Mnist, DataError> {
    let part = |images: &str, labels: &str| {
        MnistSet::read(&find_file(dir, images)?, &find_file(dir, labels)?)
    };
    Ok(Mnist {
        train: part(TRAIN_IMAGES, TRAIN_LABELS)?,
        test: part(TEST_IMAGES, TEST_LABELS)?,
    })
}

/// The folder of the MNIST data that comes with the book:
/// `data/mnist` in the repository.
///
/// # Examples
///
/// ```
/// let dir = ch05_data::bundled_dir();
/// assert!(dir.join("train-images-idx3-ubyte.gz").is_file());
/// ```
pub fn bundled_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist")
}

/// Where to read MNIST from: the `--data` folder if given, else the folder
/// in the environment variable `MNIST_DIR` (passed in as `env`), else the
/// bundled data.
///
/// # Examples
///
/// ```
/// use ch05_data::{bundled_dir, mnist::mnist_dir_from};
/// use std::path::Path;
///
/// let env = Some("/data/mnist".into());
/// let arg = Some(Path::new("/home/me/mnist"));
/// assert_eq!(mnist_dir_from(arg, env.clone()), Path::new("/home/me/mnist"));
/// assert_eq!(mnist_dir_from(None, env), Path::new("/data/mnist"));
/// assert_eq!(mnist_dir_from(None, None), bundled_dir());
/// ```
// ANCHOR: mnist_dir
pub fn mnist_dir_from(data: Option<&Path>, env: Option<OsString>) -> PathBuf {
    match (data, env) {
        (Some(dir), _) => dir.to_path_buf(),
        (None, Some(dir)) if !dir.is_empty() => PathBuf::from(dir),
        _ => bundled_dir(),
    }
}
// ANCHOR_END: mnist_dir

/// [`mnist_dir_from`] with the process's own `MNIST_DIR`.
///
/// # Examples
///
/// ```
/// use ch05_data::mnist::mnist_dir;
/// use std::path::Path;
///
/// let dir = Path::new("/home/me/mnist");
/// assert_eq!(mnist_dir(Some(dir)), dir); // --data wins over MNIST_DIR
/// ```
pub fn mnist_dir(data: Option<&Path>) -> PathBuf {
    mnist_dir_from(data, std::env::var_os(MNIST_DIR))
}

/// The options of the source book's `load_mnist`, with its defaults.
// ANCHOR: load_options
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Pixels divided by 255 into [0, 1] (`true`), or left 0 to 255.
    pub normalize: bool,
    /// Each image a row of 784 (`true`), or `1 x 28 x 28`.
    pub flatten: bool,
    /// Labels one-hot, 10 per image (`true`), or one class index each.
    pub one_hot_label: bool,
}

impl Default for LoadOptions {
    /// `normalize: true, flatten: true, one_hot_label: false`, as in the
    /// source book.
    fn default() -> Self {
        LoadOptions {
            normalize: true,
            flatten: true,
            one_hot_label: false,
        }
    }
}
// ANCHOR_END: load_options

/// Images and labels of one part, as arrays of any dimension (`x`, `t`).
pub type XT = (ArrayD<f64>, ArrayD<f64>);

impl MnistSet {
    /// `(x, t)` with the given options: the arrays `load_mnist` returns.
    ///
    /// # Shapes
    ///
    /// `x`: `(count, 784)`, or `(count, 1, 28, 28)` unless `flatten`;
    /// `t`: `(count,)`, or `(count, 10)` with `one_hot_label`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch05_data::LoadOptions;
    ///
    /// let mnist = ch05_data::mnist::bundled()?;
    /// let (x, t) = mnist.test.xt(LoadOptions::default());
    /// assert_eq!((x.shape(), t.shape()), (&[10000, 784][..], &[10000][..]));
    /// # Ok::<(), ch05_data::idx::DataError>(())
    /// ```
    pub fn xt(&self, opts: LoadOptions) -> XT {
        let x = if opts.flatten {
            self.x(opts.normalize).into_dyn()
        } else {
            self.x_images(opts.normalize).into_dyn()
        };
        let t = if opts.one_hot_label {
            self.t_one_hot().into_dyn()
        } else {
            self.labels.mapv(f64::from).into_dyn()
        };
        (x, t)
    }
}

/// The source book's `load_mnist`: `((x_train, t_train), (x_test,
/// t_test))` from the MNIST files in `dir`, shaped by `opts`.
///
/// Like NumPy arrays, the results have a dimension known only at run time
/// (`ArrayD`); `.into_dimensionality::<Ix2>()` turns a flattened `x` into
/// an `Array2`. Labels that are not one-hot come as `f64` class numbers
/// here; [`MnistSet::t`] gives them as `usize` indices.
///
/// # Shapes
///
/// See [`MnistSet::xt`].
///
/// # Errors
///
/// A [`DataError`] naming the missing or broken file.
///
/// # Examples
///
/// ```
/// use ch05_data::{LoadOptions, bundled_dir, load_mnist};
///
/// let opts = LoadOptions { flatten: false, ..LoadOptions::default() };
/// let ((x_train, t_train), _) = load_mnist(&bundled_dir(), opts)?;
/// assert_eq!(x_train.shape(), [5000, 1, 28, 28]);
/// assert_eq!(t_train.shape(), [5000]);
/// # Ok::<(), ch05_data::idx::DataError>(())
/// ```
// ANCHOR: load_mnist
pub fn load_mnist(
    dir: &Path,
    opts: LoadOptions,
) -> Result<(XT, XT), DataError> {
    let mnist = read_mnist(dir)?;
    Ok((mnist.train.xt(opts), mnist.test.xt(opts)))
}
// ANCHOR_END: load_mnist

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    use crate::idx::parse_idx;

    /// IDX bytes with the given sizes and data.
    fn idx_bytes(dims: &[u32], data: &[u8]) -> Vec<u8> {
        let mut b = vec![0, 0, 8, dims.len() as u8];
        for d in dims {
            b.extend_from_slice(&d.to_be_bytes());
        }
        b.extend_from_slice(data);
        b
    }

    /// A fresh, empty temporary folder for one test.
    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ch05-data-{name}"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_training_subset_is_stratified_and_the_test_set_official() {
        let mnist = bundled().unwrap();
        assert_eq!(mnist.train.class_counts(), [500; 10]);
        // the official test set, as published
        let official = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
        assert_eq!(mnist.test.class_counts(), official);
        // real digits: about a fifth of the pixels carry ink
        let ink = mnist.test.images.iter().filter(|&&p| p > 0).count();
        let share = ink as f64 / mnist.test.images.len() as f64;
        assert!((0.1..0.3).contains(&share), "{share}");
        assert_eq!(mnist.train.images.iter().max(), Some(&255));
    }

    #[test]
    fn no_test_image_is_also_a_training_image() {
        let mnist = bundled().unwrap();
        let train: std::collections::HashSet<Vec<u8>> = mnist
            .train
            .images
            .outer_iter()
            .map(|img| img.iter().copied().collect())
            .collect();
        for img in mnist.test.images.outer_iter() {
            assert!(!train.contains(&img.iter().copied().collect::<Vec<_>>()));
        }
    }

    #[test]
    fn options_shape_the_arrays_like_the_source_book() {
        let dir = bundled_dir();
        let ((x, t), (xt, tt)) =
            load_mnist(&dir, LoadOptions::default()).unwrap();
        assert_eq!(x.shape(), [5000, 784]);
        assert_eq!(t.shape(), [5000]);
        assert_eq!(xt.shape(), [10000, 784]);
        assert_eq!(tt.shape(), [10000]);
        assert!(x.iter().all(|&v| (0.0..=1.0).contains(&v)));
        let raw = LoadOptions {
            normalize: false,
            flatten: false,
            one_hot_label: true,
        };
        let ((x2, t2), _) = load_mnist(&dir, raw).unwrap();
        assert_eq!(x2.shape(), [5000, 1, 28, 28]);
        assert_eq!(t2.shape(), [5000, 10]);
        assert_eq!(x2.iter().cloned().fold(0.0, f64::max), 255.0);
        // the same pixels either way
        let x2 = x2.into_shape_with_order((5000, 784)).unwrap();
        approx::assert_abs_diff_eq!(
            x2 / 255.0,
            x.into_dimensionality().unwrap()
        );
        // one-hot rows put the 1 at the label
        for (row, &k) in t2.outer_iter().zip(t.iter()) {
            assert_eq!(row[k as usize], 1.0);
            assert_eq!(row.sum(), 1.0);
        }
    }

    #[test]
    fn flattening_reads_the_image_line_by_line() {
        let mnist = bundled().unwrap();
        let x = mnist.test.x(false);
        for (r, c) in [(0, 0), (5, 20), (14, 14), (27, 27)] {
            let p = mnist.test.images[[3, r, c]];
            assert_eq!(x[[3, 28 * r + c]], f64::from(p));
        }
    }

    #[test]
    fn one_hot_has_a_single_one_per_row() {
        let labels = Array1::from(vec![0, 9, 3, 3]);
        let t = one_hot(labels.view(), CLASSES).unwrap();
        assert_eq!(t.dim(), (4, CLASSES));
        for (row, &k) in t.rows().into_iter().zip(&labels) {
            assert_eq!(row.sum(), 1.0);
            assert_eq!(row[k], 1.0);
        }
        let err = one_hot(labels.view(), 9).unwrap_err().to_string();
        assert_eq!(err, "labels[1] = 9，但只有 9 个类别（0 到 8）");
        assert!(one_hot(labels.view(), 0).is_err());
        assert_eq!(
            one_hot(Array1::zeros(0).view(), 10).unwrap().dim(),
            (0, 10)
        );
    }

    #[test]
    fn t_one_hot_is_one_hot_of_t() {
        let mnist = bundled().unwrap();
        let set = &mnist.test;
        assert_eq!(set.t_one_hot(), one_hot(set.t().view(), CLASSES).unwrap());
    }

    #[test]
    fn the_folder_and_each_file_say_what_is_wrong() {
        let dir = temp_dir("kinds");
        let problem = |d: &Path| find_file(d, TEST_LABELS).unwrap_err().problem;
        assert_eq!(problem(&dir.join("nowhere")), "没有这个文件夹");
        fs::write(dir.join("plain"), b"x").unwrap();
        assert!(
            problem(&dir.join("plain")).contains("不是放 MNIST 文件的文件夹")
        );
        fs::create_dir(dir.join(TEST_LABELS)).unwrap();
        assert!(problem(&dir).contains("不是普通文件"));
        fs::remove_dir(dir.join(TEST_LABELS)).unwrap();
        #[cfg(unix)]
        {
            let gz = format!("{TEST_LABELS}.gz");
            std::os::unix::fs::symlink("does-not-exist", dir.join(&gz))
                .unwrap();
            assert!(problem(&dir).contains("符号链接"), "{}", problem(&dir));
            fs::remove_file(dir.join(&gz)).unwrap();
            let fifo = std::process::Command::new("mkfifo")
                .arg(dir.join(TEST_LABELS))
                .status();
            if fifo.is_ok_and(|s| s.success()) {
                assert!(problem(&dir).contains("不是普通文件"));
                let err = read_idx(&dir.join(TEST_LABELS)).unwrap_err();
                assert!(err.problem.contains("不是普通文件"), "{err}");
                fs::remove_file(dir.join(TEST_LABELS)).unwrap();
            }
        }
        assert!(
            problem(&dir).starts_with("这个文件夹里既没有"),
            "{}",
            problem(&dir)
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_of_too_many_images_is_refused_before_conversion() {
        let idx = Idx {
            dims: vec![MAX_IMAGES + 1, ROWS, COLS],
            data: Vec::new(),
        };
        let err = images_from_idx(idx, "huge").unwrap_err();
        assert!(err.problem.contains("最多读 100000 张"), "{err}");
    }

    #[test]
    fn missing_files_are_named() {
        let dir = temp_dir("missing");
        let err = read_mnist(&dir).unwrap_err();
        assert!(err.problem.contains("train-images-idx3-ubyte.gz"), "{err}");
        assert!(err.file.contains("ch05-data-missing"), "{err}");
    }

    #[test]
    fn mismatched_counts_name_both_files() {
        let dir = temp_dir("counts");
        let pixels = vec![0u8; 3 * PIXELS];
        for prefix in ["train", "t10k"] {
            fs::write(
                dir.join(format!("{prefix}-images-idx3-ubyte")),
                idx_bytes(&[3, 28, 28], &pixels),
            )
            .unwrap();
            fs::write(
                dir.join(format!("{prefix}-labels-idx1-ubyte")),
                idx_bytes(&[2], &[1, 2]),
            )
            .unwrap();
        }
        let err = read_mnist(&dir).unwrap_err();
        assert!(err.file.ends_with("train-images-idx3-ubyte"), "{err}");
        assert!(
            err.problem.starts_with("有 3 张图像，")
                && err.problem.ends_with(
                    "train-labels-idx1-ubyte 却有 2 个标签，两者应当一样多"
                ),
            "{err}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn wrong_kinds_of_files_are_named() {
        let labels = parse_idx(&idx_bytes(&[2], &[1, 2]), "l").unwrap();
        let err = images_from_idx(labels, "l").unwrap_err();
        assert!(err.problem.contains("把标签文件当成了图像文件"), "{err}");
        let small = parse_idx(&idx_bytes(&[1, 8, 8], &[0; 64]), "s").unwrap();
        let err = images_from_idx(small, "s").unwrap_err();
        assert!(err.problem.contains("8 x 8"), "{err}");
        let none = parse_idx(&idx_bytes(&[0, 28, 28], &[]), "n").unwrap();
        assert!(
            images_from_idx(none, "n")
                .unwrap_err()
                .problem
                .contains("一张图像也没有")
        );
        let imgs = parse_idx(&idx_bytes(&[1, 28, 28], &[0; 784]), "i").unwrap();
        let err = labels_from_idx(imgs, "i").unwrap_err();
        assert!(
            err.problem.contains("28 x 28")
                && err.problem.contains("把图像文件当成了标签文件")
        );
        let none = parse_idx(&idx_bytes(&[0], &[]), "e").unwrap();
        assert!(
            labels_from_idx(none, "e")
                .unwrap_err()
                .problem
                .contains("一个标签也没有")
        );
    }

    /// The full-size path, without a download: a generated file of MNIST's
    /// full size (60,000 training and 10,000 test images of 28 x 28),
    /// written unpacked so that the test stays fast.
    #[test]
    fn full_size_files_are_read() {
        let dir = temp_dir("full-size");
        for (prefix, n) in [("train", 60_000u32), ("t10k", 10_000)] {
            let count = n as usize;
            // pixel i of image k is (k + i) % 256; label k is k % 10
            let pixels: Vec<u8> = (0..count * PIXELS)
                .map(|j| ((j / PIXELS + j % PIXELS) % 256) as u8)
                .collect();
            let labels: Vec<u8> = (0..count).map(|k| (k % 10) as u8).collect();
            fs::write(
                dir.join(format!("{prefix}-images-idx3-ubyte")),
                idx_bytes(&[n, 28, 28], &pixels),
            )
            .unwrap();
            fs::write(
                dir.join(format!("{prefix}-labels-idx1-ubyte")),
                idx_bytes(&[n], &labels),
            )
            .unwrap();
        }
        let mnist = read_mnist(&dir).unwrap();
        assert_eq!(mnist.train.images.dim(), (60_000, 28, 28));
        assert_eq!(mnist.test.images.dim(), (10_000, 28, 28));
        assert_eq!(mnist.train.class_counts(), [6000; 10]);
        assert_eq!(
            mnist.train.images[[59_999, 27, 27]],
            ((59_999 + 783) % 256) as u8
        );
        assert_eq!(mnist.test.labels[9_999], 9);
        assert_eq!(mnist_dir_from(Some(&dir), None), dir);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_environment_variable_is_used_only_without_data() {
        let env = Some(OsString::from("/from/env"));
        assert_eq!(mnist_dir_from(None, env.clone()), Path::new("/from/env"));
        let arg = Path::new("/from/arg");
        assert_eq!(mnist_dir_from(Some(arg), env), arg);
        assert_eq!(mnist_dir_from(None, Some(OsString::new())), bundled_dir());
    }
}
