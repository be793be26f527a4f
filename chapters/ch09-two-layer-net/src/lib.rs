//! Chapter 9: a two-layer network that learns to read digits.
//!
//! [`TwoLayerNet`] is the source book's 784-50-10 network: a sigmoid
//! hidden layer, a softmax output, the cross-entropy loss ([`network`]).
//! Its gradient comes two ways: numerically, with chapter 8's
//! `numerical_gradient` ([`TwoLayerNet::numerical_gradient`], two forward
//! passes per parameter), and by backpropagation
//! ([`TwoLayerNet::gradient`], one forward and one backward pass);
//! [`gradient_check`] compares them ([`numerical`]). [`train`] runs
//! mini-batch stochastic gradient descent on MNIST ([`training`]).
//!
//! Everything the page teaches is plain `f64` code with chapter 2's
//! `sigmoid` and chapter 4's `softmax_rows`. The speed appendix's
//! material lives apart: [`fast`] (the same network in `f64` or `f32`,
//! with a vectorised `exp`), [`fast_matmul`] (its matrix product, bit for
//! bit ndarray's `dot`, with the weights packed once per forward pass),
//! [`sparse`] (products that skip the images'
//! zero pixels, bit for bit the dense ones: the program's `--sparse`) and
//! [`speed`] (the workloads timed against NumPy).
#![doc(test(attr(deny(warnings))))]

pub mod cli;
mod demos;
pub mod diagnosis;
pub mod exercises;
pub mod fast;
pub mod fast_matmul;
mod figures;
pub mod network;
pub mod numerical;
pub mod overfitting;
pub mod preprocessing;
mod quiz;
pub mod sparse;
pub mod speed;
pub mod training;
pub mod variants;

pub use network::{Gradients, NetError, TwoLayerNet, param_count};
pub use numerical::{
    GRADIENT_CHECK_BATCH, GRADIENT_CHECK_HIDDEN, forward_passes_per_step,
    gradient_check,
};
pub use training::{
    BookRunError, ConfigError, DEFAULT_ITERS, DataArrays, DataSet, History,
    JUDGED_AFTER, MAX_HIDDEN, Progress, SEED, TrainConfig, TrainError,
    book_run, bundled, check_config, check_learning, iter_per_epoch, train,
};

// ANCHOR: uses
use ch00_tools::argmax_rows; // 第 0 章：每行最大值的位置
use ch02_activations::sigmoid; // 第 2 章：隐藏层的激活函数
// 第 3 章：MNIST 的输入、输出个数，一批数据的仿射层，矩阵乘法
use ch03_arrays::{INPUT_SIZE, OUTPUT_SIZE, affine_batch, matmul};
use ch04_output_layer::softmax_rows; // 第 4 章：把得分逐行变成概率
// 第 5 章：初始权重的标准差，随机初始化，识别精度
use ch05_data::{WEIGHT_INIT_STD, accuracy, init_network};
use ch06_losses::cross_entropy_error_batch; // 第 6 章：一批的交叉熵误差
use ch07_minibatch::{sample_with_replacement, take_rows}; // 第 7 章：抽一批
use ch08_gradients::numerical_gradient; // 第 8 章：数值梯度
// ANCHOR_END: uses

kit::chapter!(demos::DEMOS, figures::FIGURES, quizzes = quiz::QUIZZES);

kit::chapter_tests!(CHAPTER);
