//! What the chapter prints.

use std::io::Write;
use std::sync::OnceLock;

use ch05_data::{Mnist, bundled_dir, read_mnist};
use kit::Demo;
use ndarray::{Array1, Array2, s};

use crate::{
    DataSet, History, INPUT_SIZE, OUTPUT_SIZE, TrainConfig, TwoLayerNet,
    forward_passes_per_step, gradient_check, iter_per_epoch, param_count,
    train,
};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = &[
    Demo::new("network", network_demo),
    Demo::new("gradient-check", gradient_check_demo),
    Demo::new("training", training_demo),
];

/// The bundled MNIST subset as the network takes it: pixels in [0, 1],
/// labels one-hot and as numbers.
pub(crate) struct Arrays {
    pub x: Array2<f64>,
    pub t: Array2<f64>,
    pub labels: Array1<usize>,
}

impl Arrays {
    pub fn of(set: &ch05_data::MnistSet) -> Self {
        Arrays {
            x: set.x(true),
            t: set.t_one_hot(),
            labels: set.t(),
        }
    }

    pub fn view(&self) -> DataSet<'_> {
        DataSet {
            x: self.x.view(),
            t: self.t.view(),
            labels: self.labels.view(),
        }
    }
}

/// The bundled subset, read once.
pub(crate) fn bundled() -> &'static (Arrays, Arrays) {
    static DATA: OnceLock<(Arrays, Arrays)> = OnceLock::new();
    DATA.get_or_init(|| {
        // the subset ships with the book: failing to read it is a bug
        let Mnist { train, test } =
            read_mnist(&bundled_dir()).expect("the bundled MNIST subset");
        (Arrays::of(&train), Arrays::of(&test))
    })
}

/// The default training run on the bundled subset, shared by the demo
/// and the figures so that the book trains once.
pub(crate) fn default_run() -> Result<&'static (TwoLayerNet, History), String> {
    type Run = Result<(TwoLayerNet, History), String>;
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let (tr, te) = bundled();
        train(&TrainConfig::default(), tr.view(), te.view(), |_| {})
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Demo `network`: the shapes, the number of parameters, the cost of a
/// numerical gradient, and the untrained loss.
fn network_demo(out: &mut dyn Write) -> kit::Result {
    let config = TrainConfig::default();
    let hidden = config.hidden_size;
    let net = TwoLayerNet::mnist(hidden, config.seed)?;
    writeln!(out, "{INPUT_SIZE}-{hidden}-{OUTPUT_SIZE} network")?;
    for (name, shape) in [
        ("W1", format!("{:?}", net.w1.dim())),
        ("b1", format!("({},)", net.b1.len())),
        ("W2", format!("{:?}", net.w2.dim())),
        ("b2", format!("({},)", net.b2.len())),
    ] {
        writeln!(out, "  {name}: {shape}")?;
    }
    let n = param_count(INPUT_SIZE, hidden, OUTPUT_SIZE);
    let passes = forward_passes_per_step(INPUT_SIZE, hidden, OUTPUT_SIZE);
    writeln!(out, "parameters: {n}")?;
    writeln!(out, "forward passes per numerical gradient: {passes}")?;
    let (tr, _) = bundled();
    let (x, t) = (tr.x.slice(s![..100, ..]), tr.t.slice(s![..100, ..]));
    let loss = net.loss(x, t)?;
    writeln!(out, "untrained loss on 100 training images: {loss:.4}")?;
    writeln!(out, "ln 10 = {:.4}", 10f64.ln())?;
    Ok(())
}

/// The hidden size of the gradient check's network: the source book's
/// 784-50-10.
pub(crate) const CHECK_HIDDEN: usize = 50;
/// Images in the gradient check's batch, as in the source book.
pub(crate) const CHECK_BATCH: usize = 3;

/// Demo `gradient-check`: backprop against the numerical gradient on the
/// 784-50-10 network and three images.
fn gradient_check_demo(out: &mut dyn Write) -> kit::Result {
    let (tr, _) = bundled();
    let net = TwoLayerNet::new(INPUT_SIZE, CHECK_HIDDEN, OUTPUT_SIZE, 0.01, 1)?;
    let x = tr.x.slice(s![..CHECK_BATCH, ..]);
    let t = tr.t.slice(s![..CHECK_BATCH, ..]);
    let g = net.gradient(x, t)?;
    let diffs = gradient_check(&net, x, t)?;
    writeln!(
        out,
        "{INPUT_SIZE}-{CHECK_HIDDEN}-{OUTPUT_SIZE} network, \
         {CHECK_BATCH} images, f64"
    )?;
    writeln!(out, "param  mean |backprop - numerical|  mean |gradient|")?;
    for ((name, diff), (_, grad)) in diffs.iter().zip(g.named()) {
        let mean =
            grad.iter().map(|v| v.abs()).sum::<f64>() / grad.len() as f64;
        writeln!(out, "{name:<5}  {diff:>27.1e}  {mean:>15.1e}")?;
    }
    Ok(())
}

/// Demo `training`: the default run, one line per epoch.
fn training_demo(out: &mut dyn Write) -> kit::Result {
    let config = TrainConfig::default();
    let (tr, te) = bundled();
    let (net, history) = default_run()?;
    writeln!(
        out,
        "bundled MNIST subset: {} training, {} test images",
        tr.x.nrows(),
        te.x.nrows()
    )?;
    writeln!(
        out,
        "iters = {}, batch_size = {}, lr = {}, hidden = {}, seed = {}",
        config.iters,
        config.batch_size,
        config.lr,
        config.hidden_size,
        config.seed
    )?;
    let per_epoch = iter_per_epoch(tr.x.nrows(), config.batch_size);
    writeln!(out, "iter_per_epoch = {per_epoch}")?;
    writeln!(out, " iter    loss  train acc  test acc")?;
    for (k, &iter) in history.epoch_iters.iter().enumerate() {
        if k % 5 != 0 {
            continue; // every fifth epoch
        }
        writeln!(
            out,
            "{iter:5}  {:6.4}  {:9.4}  {:8.4}",
            history.loss[iter], history.train_acc[k], history.test_acc[k]
        )?;
    }
    // the trained network, after the last iteration
    let train_acc = net.accuracy(tr.x.view(), tr.labels.view())?;
    let test_acc = net.accuracy(te.x.view(), te.labels.view())?;
    let loss = history.loss.last().copied().unwrap_or(f64::NAN);
    writeln!(out, "after iteration {}:", config.iters - 1)?;
    writeln!(out, "  batch loss     {loss:.4}")?;
    writeln!(out, "  train accuracy {train_acc:.4}")?;
    writeln!(out, "  test accuracy  {test_acc:.4}")?;
    Ok(())
}
