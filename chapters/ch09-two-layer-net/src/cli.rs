//! The chapter program: trains the network from the command line.
//!
//! ```text
//! cargo run --release -p ch09-two-layer-net -- --iters 10000 --data DIR
//! ```

use std::io::Write;
use std::path::PathBuf;

use ch05_data::mnist::mnist_dir;
use ch05_data::read_mnist;
use indicatif::{ProgressBar, ProgressStyle};

use crate::sparse::{self, SparseSet};
use crate::training::show;
use crate::{
    ConfigError, DataArrays, History, INPUT_SIZE, OUTPUT_SIZE, Progress,
    TrainConfig, TrainError, TwoLayerNet, check_config, check_learning, train,
};

/// Trains a 784-hidden-10 network on MNIST by mini-batch SGD with
/// backpropagation, then prints a summary. Each default is
/// [`TrainConfig::default`]'s.
#[derive(Debug, Clone, PartialEq, clap::Args)]
pub struct Args {
    /// 迭代次数：走多少步梯度下降
    #[arg(long, default_value_t = TrainConfig::default().iters)]
    pub iters: usize,
    /// 批大小：每一批的训练图像数
    #[arg(long, default_value_t = TrainConfig::default().batch_size)]
    pub batch_size: usize,
    /// 学习率
    #[arg(long, default_value_t = TrainConfig::default().lr)]
    pub lr: f64,
    /// 隐藏层的神经元个数
    #[arg(long, default_value_t = TrainConfig::default().hidden_size)]
    pub hidden: usize,
    /// 初始权重和抽批所用的种子
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    pub seed: u64,
    /// MNIST 的四个文件所在的文件夹（默认：环境变量 MNIST_DIR，没有就用随书的数据）
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// 乘法跳过为 0 的像素：结果与不加时逐位相同，只是更快（见附录“Rust 与 NumPy 的速度对比”）
    #[arg(long)]
    pub sparse: bool,
    /// 不训练，只打印本章的输出
    #[arg(long)]
    pub demos: bool,
}

/// The flag that sets the [`TrainConfig`] field `field`.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::cli::flag;
///
/// assert_eq!(flag("hidden_size"), "--hidden");
/// ```
pub fn flag(field: &str) -> &'static str {
    match field {
        "iters" => "--iters",
        "batch_size" => "--batch-size",
        "lr" => "--lr",
        "hidden_size" => "--hidden",
        "seed" => "--seed",
        _ => "a setting",
    }
}

/// A setting given on the command line that cannot work: the library's
/// [`ConfigError`], in the words of the command line (its flags).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", .0.message(flag(.0.field())))]
pub struct FlagError(pub ConfigError);

/// `e`, with a setting that cannot work named by its flag.
fn with_flags(e: TrainError) -> kit::Error {
    match e {
        TrainError::Config(e) => FlagError(e).into(),
        e => e.into(),
    }
}

impl Args {
    /// Parses `args` (without the program name) as the program would.
    ///
    /// # Errors
    ///
    /// For a flag the program does not know or a value it cannot use.
    pub fn parse_from<'a>(
        args: impl IntoIterator<Item = &'a str>,
    ) -> Result<Args, clap::Error> {
        use clap::{FromArgMatches, Parser};
        #[derive(Parser)]
        struct Program {
            #[command(flatten)]
            args: Args,
        }
        let argv = std::iter::once("ch09-two-layer-net").chain(args);
        let matches = <Program as clap::CommandFactory>::command()
            .try_get_matches_from(argv)?;
        Ok(Program::from_arg_matches(&matches)?.args)
    }

    /// The training settings these arguments ask for.
    ///
    /// # Examples
    ///
    /// ```
    /// use ch09_two_layer_net::TrainConfig;
    /// use ch09_two_layer_net::cli::Args;
    ///
    /// let args = Args::parse_from(["--lr", "0.5"])?;
    /// let config = args.config();
    /// assert_eq!(config, TrainConfig { lr: 0.5, ..TrainConfig::default() });
    /// # Ok::<(), clap::Error>(())
    /// ```
    pub fn config(&self) -> TrainConfig {
        TrainConfig {
            iters: self.iters,
            batch_size: self.batch_size,
            lr: self.lr,
            hidden_size: self.hidden,
            seed: self.seed,
        }
    }
}

/// A finished run of the program.
#[derive(Debug, Clone)]
pub struct Run {
    /// The trained network.
    pub net: TwoLayerNet,
    /// Its batch losses and accuracies.
    pub history: History,
    /// The summary the program prints.
    pub summary: String,
    /// The final accuracy on all the training data.
    pub train_acc: f64,
}

/// Reads the data, trains with a progress bar on stderr, and returns the
/// [`Run`]. Whether the run learned is
/// [`check_learning`]'s to say: the summary of a failed run is worth
/// printing before the error.
///
/// # Errors
///
/// When the data cannot be read, a setting is unusable, or a loss stops
/// being a finite number; the message says which.
pub fn run_args(args: &Args, show_progress: bool) -> kit::Result<Run> {
    let config = args.config();
    let dir = mnist_dir(args.data.as_deref());
    let mnist = read_mnist(&dir)?;
    let (tr, te) = (DataArrays::of(&mnist.train), DataArrays::of(&mnist.test));
    check_config(&config, tr.x.nrows()).map_err(FlagError)?;
    let bar = if show_progress {
        ProgressBar::new(config.iters as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(ProgressStyle::with_template(
        "{bar:30} {pos}/{len} 次迭代 [{elapsed}<{eta}] {msg}",
    )?);
    let mut acc = String::new();
    let on_progress = |p: &Progress| {
        if let Some((train_acc, test_acc)) = p.accuracy {
            acc = format!("识别精度：训练 {train_acc:.4}，测试 {test_acc:.4}");
        }
        if p.iter.is_multiple_of(10) || p.accuracy.is_some() {
            bar.set_message(format!("损失 {:.4}，{acc}", p.loss));
        }
        bar.inc(1);
    };
    // the same numbers either way; the sparse path is the faster one
    let sparse_sets = args
        .sparse
        .then(|| (SparseSet::of(tr.view()), SparseSet::of(te.view())));
    let result = match &sparse_sets {
        Some((train_set, test_set)) => {
            sparse::train(&config, train_set, test_set, on_progress)
        }
        None => train(&config, tr.view(), te.view(), on_progress),
    };
    bar.finish_and_clear();
    let (net, history) = result.map_err(with_flags)?;
    let elapsed = bar.elapsed();
    let (train_acc, test_acc) = match &sparse_sets {
        Some((train_set, test_set)) => (
            sparse::accuracy_of(&net, train_set)?,
            sparse::accuracy_of(&net, test_set)?,
        ),
        None => (
            net.accuracy(tr.x.view(), tr.labels.view())?,
            net.accuracy(te.x.view(), te.labels.view())?,
        ),
    };
    let mut s = String::new();
    use std::fmt::Write as _;
    writeln!(
        s,
        "数据：{}（训练图像 {} 张，测试图像 {} 张）",
        dir.display(),
        tr.x.nrows(),
        te.x.nrows()
    )?;
    writeln!(
        s,
        "网络 {INPUT_SIZE}-{}-{OUTPUT_SIZE}，{} 次迭代，批大小 {}，\
         学习率 {}，种子 {}",
        config.hidden_size,
        config.iters,
        config.batch_size,
        show(config.lr),
        config.seed
    )?;
    writeln!(
        s,
        "最后一批的损失：      {:.4}",
        history.loss.last().unwrap_or(&f64::NAN)
    )?;
    writeln!(s, "训练数据的识别精度：  {train_acc:.4}")?;
    writeln!(s, "测试数据的识别精度：  {test_acc:.4}")?;
    if show_progress {
        writeln!(s, "用时：                {:.1} 秒", elapsed.as_secs_f64())?;
    }
    Ok(Run {
        net,
        history,
        summary: s,
        train_acc,
    })
}

impl kit::cli::Flags for Args {
    /// Trains and prints the summary, or prints the demos with `--demos`.
    fn run(&self, chapter: &kit::Chapter, out: &mut dyn Write) -> kit::Result {
        if self.demos {
            return chapter.run_demos(out);
        }
        let run = run_args(self, true)?;
        write!(out, "{}", run.summary)?;
        check_learning(&run.history, run.train_acc, self.lr)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, clap::Error> {
        Args::parse_from(args.iter().copied())
    }

    #[test]
    fn defaults_are_the_books() {
        assert_eq!(parse(&[]).unwrap().config(), TrainConfig::default());
    }

    #[test]
    fn malformed_numbers_are_rejected_by_the_parser() {
        for args in [
            &["--iters", "x"][..],
            &["--iters", "-5"],
            &["--lr", "fast"],
            &["--batch-size"],
            &["--unknown"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn unusable_settings_are_clear_errors() {
        for (args, word) in [
            (&["--iters", "0"][..], "--iters 至少是 1"),
            (&["--batch-size", "0"], "--batch-size 至少是 1"),
            (&["--hidden", "0"], "--hidden 至少是 1"),
            (&["--lr", "NaN"], "--lr 必须是大于 0 的有限数"),
            (&["--lr", "0"], "--lr 必须是大于 0 的有限数"),
            (&["--batch-size", "5001"], "比训练数据还多"),
        ] {
            let err = run_args(&parse(args).unwrap(), false).unwrap_err();
            assert!(err.to_string().contains(word), "{args:?}: {err}");
        }
    }

    #[test]
    fn every_setting_that_can_fail_is_named_by_a_flag_the_program_knows() {
        let ok = TrainConfig::default();
        for bad in [
            TrainConfig { iters: 0, ..ok },
            TrainConfig {
                batch_size: 0,
                ..ok
            },
            TrainConfig {
                hidden_size: 0,
                ..ok
            },
            TrainConfig { lr: -1.0, ..ok },
        ] {
            let field = check_config(&bad, 5000).unwrap_err().field();
            let name = flag(field);
            assert!(parse(&[name, "1"]).is_ok(), "{field}: {name}");
        }
    }

    #[test]
    fn a_hidden_layer_too_large_for_memory_is_refused_up_front() {
        let args = parse(&["--hidden", "1000000"]).unwrap();
        let err = run_args(&args, false).unwrap_err().to_string();
        assert!(err.starts_with("--hidden 1000000 超过了"), "{err}");
        assert!(err.contains("GB"), "{err}");
    }

    #[test]
    fn a_learning_rate_far_too_large_is_called_so() {
        kit::pass_cache::unless_passed("lr-far-too-large", &[], || {
            // 300 iterations of a small network: the loss climbs, nothing
            // becomes NaN, and the program says what to try
            let args =
                parse(&["--lr", "100", "--iters", "300", "--hidden", "10"])
                    .unwrap();
            let run = run_args(&args, false).unwrap();
            let err = check_learning(&run.history, run.train_acc, args.lr)
                .unwrap_err()
                .to_string();
            assert!(err.contains("请把学习率降到 10 或更小"), "{err}");
            assert!(run.summary.contains("学习率 100，"), "{}", run.summary);
        });
    }

    #[test]
    fn a_missing_data_folder_is_named() {
        let args = parse(&["--data", "/no/such/folder"]).unwrap();
        let err = run_args(&args, false).unwrap_err().to_string();
        assert!(err.contains("/no/such/folder"), "{err}");
    }

    #[test]
    fn a_short_run_prints_a_summary() {
        let args = parse(&["--iters", "5", "--hidden", "10"]).unwrap();
        let Run {
            history, summary, ..
        } = run_args(&args, false).unwrap();
        assert_eq!(history.loss.len(), 5);
        assert!(summary.contains("测试数据的识别精度："), "{summary}");
        assert!(!summary.contains("用时"));
        assert!(summary.contains("学习率 0.1，"), "{summary}");
    }

    #[test]
    fn the_sparse_path_prints_the_same_summary() {
        let args = ["--iters", "60", "--hidden", "10", "--batch-size", "300"];
        let dense = run_args(&parse(&args).unwrap(), false).unwrap();
        let sparse = run_args(
            &parse(&[&args[..], &["--sparse"]].concat()).unwrap(),
            false,
        )
        .unwrap();
        assert_eq!(sparse.summary, dense.summary);
        assert_eq!(sparse.net, dense.net);
        assert_eq!(sparse.history, dense.history);
    }
}
