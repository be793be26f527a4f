//! Training: mini-batch stochastic gradient descent on MNIST, its
//! settings and what it records, and the book's own run on the bundled
//! data, trained once per program.

use std::sync::OnceLock;

use ch05_data::{DataError, MnistSet};
use ch07_minibatch::BatchError;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, s};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::network::{NetError, TwoLayerNet};
use crate::{INPUT_SIZE, OUTPUT_SIZE, sample_with_replacement, take_rows};

/// The seed of the book's training run: its initial weights and its
/// batches.
pub const SEED: u64 = 1;

/// The default number of iterations: enough for the bundled 5,000
/// training images to reach a test accuracy of 0.90.
pub const DEFAULT_ITERS: usize = 3000;

/// The settings of a training run; [`Default`] gives the source book's,
/// except the number of iterations (see [`DEFAULT_ITERS`]).
#[derive(Debug, Clone, Copy, PartialEq)]
// ANCHOR: config
pub struct TrainConfig {
    /// 迭代次数：走多少步梯度下降
    pub iters: usize,
    /// 批大小：每一批的样本数
    pub batch_size: usize,
    /// 学习率 η
    pub lr: f64,
    /// 隐藏层的神经元个数
    pub hidden_size: usize,
    /// 初始权重和抽批所用的种子
    pub seed: u64,
}
// ANCHOR_END: config

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            iters: DEFAULT_ITERS,
            batch_size: 100,
            lr: 0.1,
            hidden_size: 50,
            seed: SEED,
        }
    }
}

/// The largest hidden layer [`check_config`] accepts: 10,000 neurons
/// take about 0.2 GB of weights and gradients; the source book uses 50
/// or 100.
pub const MAX_HIDDEN: usize = 10_000;

/// Roughly the bytes a 784-`hidden`-10 network needs while training with
/// batches of 100: the weights and their gradients, the hidden layer of
/// a batch and of the whole training set (accuracy), in `f64`.
fn hidden_bytes(hidden: usize) -> u128 {
    let per_neuron = (INPUT_SIZE + 1 + OUTPUT_SIZE) * 2 + 100 + 60_000;
    hidden as u128 * per_neuron as u128 * 8
}

/// A number as a person would write it: `0.1`, but `1e300`.
pub(crate) fn show(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-4..1e6).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// A setting of [`TrainConfig`] that cannot work. The message names the
/// field ([`ConfigError::field`]) and its value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// `iters`, `batch_size` or `hidden_size` is 0.
    #[error("{}", self.message(self.field()))]
    Zero {
        /// The field that is 0.
        field: &'static str,
    },
    /// `lr` is not a finite number greater than 0.
    #[error("{}", self.message(self.field()))]
    Lr {
        /// The learning rate given.
        lr: f64,
    },
    /// The hidden layer is larger than [`MAX_HIDDEN`].
    #[error("{}", self.message(self.field()))]
    HiddenTooLarge {
        /// The hidden size given.
        hidden_size: usize,
    },
    /// The batch is larger than the training data: drawing with
    /// replacement allows it, but it is almost certainly a typing error.
    #[error("{}", self.message(self.field()))]
    BatchTooLarge {
        /// The batch size given.
        batch_size: usize,
        /// Images in the training data.
        train_size: usize,
    },
}

impl ConfigError {
    /// The name of the [`TrainConfig`] field the error is about.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::ConfigError;
    ///
    /// assert_eq!(ConfigError::Lr { lr: -1.0 }.field(), "lr");
    /// ```
    pub fn field(&self) -> &'static str {
        match self {
            ConfigError::Zero { field } => field,
            ConfigError::Lr { .. } => "lr",
            ConfigError::HiddenTooLarge { .. } => "hidden_size",
            ConfigError::BatchTooLarge { .. } => "batch_size",
        }
    }

    /// The message with the setting called `name`: the field's own name
    /// (what `Display` prints), or what a program calls it, such as a
    /// command-line flag.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::ConfigError;
    ///
    /// let e = ConfigError::Zero { field: "iters" };
    /// assert_eq!(e.to_string(), "iters 至少是 1，实际是 0");
    /// assert_eq!(e.message("--iters"), "--iters 至少是 1，实际是 0");
    /// ```
    pub fn message(&self, name: &str) -> String {
        match self {
            ConfigError::Zero { .. } => {
                format!("{name} 至少是 1，实际是 0")
            }
            ConfigError::Lr { lr } => {
                format!("{name} 必须是大于 0 的有限数，实际是 {}", show(*lr))
            }
            ConfigError::HiddenTooLarge { hidden_size } => format!(
                "{name} {hidden_size} 超过了本程序允许的 {MAX_HIDDEN}：\
                 权重、梯度和隐藏层的输出大约要 {:.1} GB 内存",
                hidden_bytes(*hidden_size) as f64 / 1e9
            ),
            ConfigError::BatchTooLarge {
                batch_size,
                train_size,
            } => format!(
                "{name} {batch_size} 比训练数据还多（只有 {train_size} 张图像）"
            ),
        }
    }
}

/// Why [`train`] did not finish.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    /// A setting cannot work.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The network could not be built, or the data does not fit it.
    #[error(transparent)]
    Network(#[from] NetError),
    /// A batch could not be drawn.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// The loss stopped being a finite number at iteration `iter`.
    #[error(
        "第 {iter} 次迭代的损失不是有限数：训练发散了；\
         请试一个比 {} 小的学习率",
        show(*lr)
    )]
    NotFinite {
        /// The iteration (counting from 0) whose loss was not finite.
        iter: usize,
        /// The learning rate that was used.
        lr: f64,
    },
    /// The loss ended far above a guess's ([`check_learning`]).
    #[error(
        "训练发散了：最后几次迭代的平均损失是 {last:.4}，远高于 {:.4}\
        （给每个类别同样概率的网络的损失）；请把学习率降到 {} 或更小",
        guess_loss(),
        show(*lr / 10.0)
    )]
    Diverged {
        /// The average loss of the last tenth of the iterations.
        last: f64,
        /// The learning rate that was used.
        lr: f64,
    },
    /// The network classifies no better than guessing ([`check_learning`]).
    #[error(
        "网络没有学到东西：{iters} 次迭代之后，训练数据的识别精度只有 \
         {train_acc:.4}，和瞎猜（0.1）差不多；{}",
        if *lr > 1.0 {
            format!("请把学习率降到 {} 或更小", show(*lr / 10.0))
        } else {
            "请试一个更大的学习率，或者更多的迭代次数".to_string()
        }
    )]
    NoProgress {
        /// The iterations trained.
        iters: usize,
        /// The final accuracy on the training data.
        train_acc: f64,
        /// The learning rate that was used.
        lr: f64,
    },
}

/// The fewest iterations after which a run that still guesses counts as
/// not learning: the default run passes 0.2 within its first epoch.
pub const JUDGED_AFTER: usize = 200;

/// The cross-entropy loss of a network that gives each of the 10 classes
/// probability 0.1: ln 10 = 2.3026, about where training starts.
fn guess_loss() -> f64 {
    (OUTPUT_SIZE as f64).ln()
}

/// Whether a finished run learned: an error when its loss ended far above
/// a guess's (the last tenth of the batch losses average more than 1.5
/// times ln 10, where training starts), or when, after at least
/// [`JUDGED_AFTER`] iterations, it classifies at most twice as many
/// training images right as guessing would (`train_acc` <= 0.2). A
/// learning rate far too large ends either way without a single number
/// that is not finite.
///
/// # Errors
///
/// [`TrainError::Diverged`] or [`TrainError::NoProgress`], each with a
/// learning rate to try.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::{History, TrainError, check_learning};
///
/// let rising = History { loss: vec![2.3, 5.0, 9.0, 14.0], ..History::default() };
/// let err = check_learning(&rising, 0.95, 100.0).unwrap_err();
/// assert!(matches!(err, TrainError::Diverged { .. }));
/// assert!(err.to_string().contains("请把学习率降到 10 或更小"));
///
/// let falling = History { loss: vec![2.3, 1.0, 0.5, 0.3], ..History::default() };
/// assert!(check_learning(&falling, 0.95, 0.1).is_ok());
/// ```
pub fn check_learning(
    history: &History,
    train_acc: f64,
    lr: f64,
) -> Result<(), TrainError> {
    let losses = &history.loss;
    if losses.is_empty() {
        return Ok(());
    }
    let tail = &losses[losses.len() - (losses.len() / 10).max(1)..];
    let last = tail.iter().sum::<f64>() / tail.len() as f64;
    if last > 1.5 * guess_loss() {
        return Err(TrainError::Diverged { last, lr });
    }
    let chance = 1.0 / OUTPUT_SIZE as f64;
    if losses.len() >= JUDGED_AFTER && train_acc <= 2.0 * chance {
        return Err(TrainError::NoProgress {
            iters: losses.len(),
            train_acc,
            lr,
        });
    }
    Ok(())
}

/// Training data or test data: images as rows, labels one-hot and as
/// class numbers.
#[derive(Debug, Clone, Copy)]
pub struct DataSet<'a> {
    /// Images, one per row, pixels in [0, 1]: `(n, 784)`.
    pub x: ArrayView2<'a, f64>,
    /// Labels one-hot: `(n, 10)`.
    pub t: ArrayView2<'a, f64>,
    /// Labels as class numbers: `(n,)`.
    pub labels: ArrayView1<'a, usize>,
}

/// A [`DataSet`] that owns its arrays: an MNIST part as the network takes
/// it.
#[derive(Debug, Clone, PartialEq)]
pub struct DataArrays {
    /// Images, one per row, pixels in [0, 1]: `(n, 784)`.
    pub x: Array2<f64>,
    /// Labels one-hot: `(n, 10)`.
    pub t: Array2<f64>,
    /// Labels as class numbers: `(n,)`.
    pub labels: Array1<usize>,
}

impl DataArrays {
    /// Chapter 5's MNIST part with pixels divided by 255, labels one-hot
    /// and as numbers.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::DataArrays;
    ///
    /// let mnist = ch05_data::mnist::bundled()?;
    /// let test = DataArrays::of(&mnist.test);
    /// assert_eq!((test.x.dim(), test.t.dim()), ((10000, 784), (10000, 10)));
    /// # Ok::<(), ch05_data::DataError>(())
    /// ```
    pub fn of(set: &MnistSet) -> Self {
        DataArrays {
            x: set.x(true),
            t: set.t_one_hot(),
            labels: set.t(),
        }
    }

    /// The first `n` images and their one-hot labels: a small batch for
    /// a check or an example.
    ///
    /// # Shapes
    ///
    /// `(n, 784)` and `(n, 10)`; fewer rows if there are fewer than `n`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (train, _) = ch09_two_layer_net::bundled()?;
    /// let (x, t) = train.head(3);
    /// assert_eq!((x.dim(), t.dim()), ((3, 784), (3, 10)));
    /// # Ok::<(), ch05_data::DataError>(())
    /// ```
    pub fn head(&self, n: usize) -> (ArrayView2<'_, f64>, ArrayView2<'_, f64>) {
        let n = n.min(self.x.nrows());
        (self.x.slice(s![..n, ..]), self.t.slice(s![..n, ..]))
    }

    /// The arrays as a [`DataSet`], for [`train`].
    pub fn view(&self) -> DataSet<'_> {
        DataSet {
            x: self.x.view(),
            t: self.t.view(),
            labels: self.labels.view(),
        }
    }
}

/// The MNIST subset bundled with the book (chapter 5's
/// `mnist::bundled`), training and test part as the network takes them;
/// made once per program.
///
/// # Errors
///
/// Chapter 5's [`DataError`] when the bundled files cannot be read.
///
/// # Examples
///
/// ```
/// let (train, test) = ch09_two_layer_net::bundled()?;
/// assert_eq!((train.x.nrows(), test.x.nrows()), (5000, 10000));
/// # Ok::<(), ch05_data::DataError>(())
/// ```
pub fn bundled() -> Result<&'static (DataArrays, DataArrays), DataError> {
    static DATA: OnceLock<(DataArrays, DataArrays)> = OnceLock::new();
    let mnist = ch05_data::mnist::bundled()?;
    Ok(DATA.get_or_init(|| {
        (DataArrays::of(&mnist.train), DataArrays::of(&mnist.test))
    }))
}

/// What happened during training.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// The mini-batch loss after every iteration.
    pub loss: Vec<f64>,
    /// The iterations after which the accuracies were measured: every
    /// `iter_per_epoch`-th, starting with 0.
    pub epoch_iters: Vec<usize>,
    /// Accuracy on all the training data at each of `epoch_iters`.
    pub train_acc: Vec<f64>,
    /// Accuracy on all the test data at each of `epoch_iters`.
    pub test_acc: Vec<f64>,
}

/// What [`train`] reports after each iteration, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// The iteration just finished, from 0.
    pub iter: usize,
    /// Its mini-batch loss.
    pub loss: f64,
    /// `(train, test)` accuracy, if this iteration ended an epoch.
    pub accuracy: Option<(f64, f64)>,
}

/// Iterations per epoch: as many batches as make one pass over the
/// training data on average, at least 1.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::iter_per_epoch;
///
/// assert_eq!(iter_per_epoch(60_000, 100), 600);
/// assert_eq!(iter_per_epoch(5_000, 100), 50);
/// assert_eq!(iter_per_epoch(50, 100), 1);
/// ```
pub fn iter_per_epoch(train_size: usize, batch_size: usize) -> usize {
    (train_size / batch_size.max(1)).max(1)
}

/// Checks a configuration against the training data size.
///
/// # Errors
///
/// A [`ConfigError`] naming the field when `iters`, `batch_size` or
/// `hidden_size` is 0, `lr` is not a finite number greater than 0, or the
/// batch is larger than the training data.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::{TrainConfig, check_config};
///
/// assert!(check_config(&TrainConfig::default(), 5000).is_ok());
/// let bad = TrainConfig { lr: f64::NAN, ..TrainConfig::default() };
/// let err = check_config(&bad, 5000).unwrap_err();
/// assert_eq!(err.field(), "lr");
/// assert_eq!(err.to_string(), "lr 必须是大于 0 的有限数，实际是 NaN");
/// ```
pub fn check_config(
    config: &TrainConfig,
    train_size: usize,
) -> Result<(), ConfigError> {
    let at_least_1 = [
        ("iters", config.iters),
        ("batch_size", config.batch_size),
        ("hidden_size", config.hidden_size),
    ];
    if let Some(&(field, _)) = at_least_1.iter().find(|(_, v)| *v == 0) {
        return Err(ConfigError::Zero { field });
    }
    if !(config.lr.is_finite() && config.lr > 0.0) {
        return Err(ConfigError::Lr { lr: config.lr });
    }
    if config.hidden_size > MAX_HIDDEN {
        return Err(ConfigError::HiddenTooLarge {
            hidden_size: config.hidden_size,
        });
    }
    if config.batch_size > train_size {
        return Err(ConfigError::BatchTooLarge {
            batch_size: config.batch_size,
            train_size,
        });
    }
    Ok(())
}

/// Trains a new 784-`hidden_size`-10 network by mini-batch stochastic
/// gradient descent, as the source book's `train_neuralnet.py`: each
/// iteration draws `batch_size` training rows with replacement, takes the
/// backprop gradient, steps, and records the batch loss; every
/// [`iter_per_epoch`] iterations (from iteration 0) it measures the
/// accuracy on all training and all test data. `on_progress` is called
/// after every iteration.
///
/// The weights come from `seed`, the batches from stream 1 of
/// `ChaCha8Rng` with the same seed: the same settings train the same
/// network.
///
/// # Shapes
///
/// `train.x`, `test.x`: `(n, 784)`; `t`: `(n, 10)`; `labels`: `(n,)`.
///
/// # Errors
///
/// - [`TrainError::Config`] for unusable settings ([`check_config`]).
/// - [`TrainError::Network`] when the data does not fit the network.
/// - [`TrainError::NotFinite`] when a loss is not a finite number.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::{DataSet, TrainConfig, train};
/// use ndarray::{Array1, Array2};
///
/// let x = Array2::from_elem((20, 784), 0.5);
/// let labels = Array1::from_iter((0..20).map(|i| i % 10));
/// let mut t = Array2::zeros((20, 10));
/// for (i, &k) in labels.iter().enumerate() {
///     t[[i, k]] = 1.0;
/// }
/// let data = DataSet { x: x.view(), t: t.view(), labels: labels.view() };
/// let config = TrainConfig { iters: 3, batch_size: 5, ..TrainConfig::default() };
/// let (_net, history) = train(&config, data, data, |_| {})?;
/// assert_eq!(history.loss.len(), 3);
/// assert_eq!(history.epoch_iters, [0]); // 20 / 5 = 4 iterations per epoch
/// # Ok::<(), ch09_two_layer_net::TrainError>(())
/// ```
// ANCHOR: train
pub fn train(
    config: &TrainConfig,
    train: DataSet,
    test: DataSet,
    mut on_progress: impl FnMut(&Progress),
) -> Result<(TwoLayerNet, History), TrainError> {
    let train_size = train.x.nrows();
    check_config(config, train_size)?;
    let mut net = TwoLayerNet::mnist(config.hidden_size, config.seed)?;
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    rng.set_stream(1); // 抽批用另一条随机数流，与初始权重互不干扰
    let per_epoch = iter_per_epoch(train_size, config.batch_size);
    let mut history = History::default();
    for iter in 0..config.iters {
        // 1. 随机抽一批（有放回）
        let batch =
            sample_with_replacement(&mut rng, train_size, config.batch_size)?;
        let x_batch = take_rows(&train.x, &batch);
        let t_batch = take_rows(&train.t, &batch);
        // 2. 用反向传播求梯度
        let diverged = |e| not_finite(e, iter, config.lr);
        let grads = net
            .gradient(x_batch.view(), t_batch.view())
            .map_err(diverged)?;
        // 3. 沿负梯度走一步
        net.step(&grads, config.lr);
        // 记下这一批的损失；每个 epoch 测一次识别精度
        let loss =
            net.loss(x_batch.view(), t_batch.view()).map_err(diverged)?;
        history.loss.push(loss);
        let mut accuracy = None;
        if iter % per_epoch == 0 {
            let train_acc = net.accuracy(train.x, train.labels)?;
            let test_acc = net.accuracy(test.x, test.labels)?;
            history.epoch_iters.push(iter);
            history.train_acc.push(train_acc);
            history.test_acc.push(test_acc);
            accuracy = Some((train_acc, test_acc));
        }
        // --snip--
        // ANCHOR_END: train
        on_progress(&Progress {
            iter,
            loss,
            accuracy,
        });
    }
    Ok((net, history))
}

/// What a failed gradient or loss means during training: data that does
/// not fit the network stays [`TrainError::Network`]; any other failure
/// (softmax or the loss met a number that is not finite) means training
/// diverged at `iter`.
pub(crate) fn not_finite(e: NetError, iter: usize, lr: f64) -> TrainError {
    match e {
        e @ NetError::Batch { .. } => e.into(),
        _ => TrainError::NotFinite { iter, lr },
    }
}

/// Why [`book_run`] did not finish: the bundled data could not be read, or
/// training failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BookRunError {
    /// The bundled MNIST subset could not be read.
    #[error(transparent)]
    Data(#[from] DataError),
    /// Training failed.
    #[error(transparent)]
    Train(#[from] TrainError),
}

/// The book's training run: [`TrainConfig::default`] on the [`bundled`]
/// subset, trained once per program and shared (the chapter's demos and
/// figures all show this run).
///
/// # Errors
///
/// When the bundled data cannot be read or training fails (the same error
/// every time: a failed run is not retried).
///
/// # Examples
///
/// ```no_run
/// let (net, history) = ch09_two_layer_net::book_run()?;
/// assert_eq!(history.loss.len(), ch09_two_layer_net::DEFAULT_ITERS);
/// assert!(std::ptr::eq(net, &ch09_two_layer_net::book_run()?.0), "once");
/// # Ok::<(), ch09_two_layer_net::BookRunError>(())
/// ```
pub fn book_run() -> Result<&'static (TwoLayerNet, History), BookRunError> {
    type Run = Result<(TwoLayerNet, History), BookRunError>;
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let (tr, te) = bundled()?;
        Ok(train(
            &TrainConfig::default(),
            tr.view(),
            te.view(),
            |_| {},
        )?)
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// A result computed once per program and shared, like [`book_run`]:
/// `cell` holds it (or the error's message, so a failure is not retried).
///
/// # Errors
///
/// The error `make` returned, the first time and every time after.
pub(crate) fn once<T: Send + Sync>(
    cell: &'static OnceLock<Result<T, String>>,
    make: impl FnOnce() -> kit::Result<T>,
) -> kit::Result<&'static T> {
    cell.get_or_init(|| make().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| e.clone().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_guesses_is_not_learning_and_a_short_one_is_not_judged() {
        let flat = History {
            loss: vec![2.3; JUDGED_AFTER],
            ..History::default()
        };
        let err = check_learning(&flat, 0.1, 10.0).unwrap_err();
        assert!(matches!(err, TrainError::NoProgress { .. }));
        assert!(err.to_string().contains("请把学习率降到 1 或更小"));
        let err = check_learning(&flat, 0.1, 1e-3).unwrap_err();
        assert!(err.to_string().contains("更大的学习率"), "{err}");
        assert!(check_learning(&flat, 0.9, 10.0).is_ok());
        let short = History {
            loss: vec![2.3; JUDGED_AFTER - 1],
            ..History::default()
        };
        assert!(check_learning(&short, 0.1, 10.0).is_ok());
        assert!(check_learning(&History::default(), 0.0, 0.1).is_ok());
    }

    #[test]
    fn learning_rates_print_as_people_write_them() {
        assert_eq!(show(1e-300), "1e-300");
        assert_eq!(show(0.1), "0.1");
        assert_eq!(show(1e306), "1e306");
    }

    #[test]
    fn the_default_run_reaches_90_percent_on_the_test_data() {
        kit::pass_cache::unless_passed("book-run", &[], || {
            let (net, history) = book_run().unwrap();
            let (_, te) = bundled().unwrap();
            let acc = net.accuracy(te.x.view(), te.labels.view()).unwrap();
            assert!(acc >= 0.90, "test accuracy {acc}");
            assert_eq!(history.loss.len(), DEFAULT_ITERS);
            assert_eq!(history.epoch_iters.len(), DEFAULT_ITERS / 50);
            // it learned: the loss fell from about ln 10
            let last = *history.loss.last().unwrap();
            assert!(history.loss[0] > 2.0 && last < 0.5);
        });
    }

    #[test]
    fn training_is_deterministic_for_a_seed() {
        let (tr, te) = bundled().unwrap();
        let config = TrainConfig {
            iters: 20,
            ..TrainConfig::default()
        };
        let run = || train(&config, tr.view(), te.view(), |_| {}).unwrap();
        assert_eq!(run(), run());
        let other = TrainConfig { seed: 2, ..config };
        let (_, h2) = train(&other, tr.view(), te.view(), |_| {}).unwrap();
        assert_ne!(run().1.loss, h2.loss);
    }

    #[test]
    fn a_loss_that_is_not_finite_stops_training_and_names_the_iteration() {
        let (tr, te) = bundled().unwrap();
        let config = TrainConfig {
            iters: 50,
            lr: 1e308,
            ..TrainConfig::default()
        };
        let err = train(&config, tr.view(), te.view(), |_| {}).unwrap_err();
        assert_eq!(err, TrainError::NotFinite { iter: 1, lr: 1e308 });
        let msg = err.to_string();
        assert!(msg.contains("第 1 次迭代"), "{msg}");
        assert!(msg.contains("比 1e308 小"), "{msg}");
    }

    #[test]
    fn bad_settings_name_the_field() {
        let ok = TrainConfig::default();
        let cases = [
            (TrainConfig { iters: 0, ..ok }, "iters 至少是 1"),
            (
                TrainConfig {
                    batch_size: 0,
                    ..ok
                },
                "batch_size 至少是 1",
            ),
            (
                TrainConfig {
                    hidden_size: 0,
                    ..ok
                },
                "hidden_size 至少是 1",
            ),
            (TrainConfig { lr: 0.0, ..ok }, "lr 必须是大于 0 的有限数"),
            (TrainConfig { lr: -0.1, ..ok }, "实际是 -0.1"),
            (
                TrainConfig {
                    lr: f64::INFINITY,
                    ..ok
                },
                "实际是 inf",
            ),
            (
                TrainConfig {
                    batch_size: 5001,
                    ..ok
                },
                "batch_size 5001 比训练数据还多（只有 5000 张图像）",
            ),
        ];
        for (config, words) in cases {
            let err = check_config(&config, 5000).unwrap_err();
            assert!(err.to_string().starts_with(err.field()), "{err}");
            assert!(err.to_string().contains(words), "{err}");
            let train_err = TrainError::from(err.clone());
            assert_eq!(train_err.to_string(), err.to_string());
        }
    }

    #[test]
    fn data_that_does_not_fit_stops_training() {
        let (tr, te) = bundled().unwrap();
        let x = Array2::zeros((10, 783));
        let data = DataSet {
            x: x.view(),
            ..tr.view()
        };
        let config = TrainConfig {
            iters: 1,
            batch_size: 5,
            ..TrainConfig::default()
        };
        let err = train(&config, data, te.view(), |_| {}).unwrap_err();
        assert!(
            matches!(err, TrainError::Network(NetError::Batch { .. })),
            "{err}"
        );
    }
}
