//! What the chapter prints: the network's shapes and cost, the gradient
//! check, and the book's training run.

use std::io::Write;

use crate::numerical::{
    multiply_adds_per_backprop_step, multiply_adds_per_forward_pass,
};
use crate::{
    GRADIENT_CHECK_BATCH, GRADIENT_CHECK_HIDDEN, INPUT_SIZE, OUTPUT_SIZE, SEED,
    TrainConfig, TwoLayerNet, book_run, bundled, forward_passes_per_step,
    iter_per_epoch, param_count,
};

/// The demos, in the order the page shows them.
pub const DEMOS: &[kit::Demo] =
    kit::demos![network, cost, gradient_check, training];

/// The shapes, the number of parameters and the untrained loss.
fn network(out: &mut dyn Write) -> kit::Result {
    let config = TrainConfig::default();
    let hidden = config.hidden_size;
    let net = TwoLayerNet::mnist(hidden, config.seed)?;
    writeln!(out, "{INPUT_SIZE}-{hidden}-{OUTPUT_SIZE} 的网络")?;
    for (name, shape) in [
        ("W1", format!("{:?}", net.w1.dim())),
        ("b1", format!("({},)", net.b1.len())),
        ("W2", format!("{:?}", net.w2.dim())),
        ("b2", format!("({},)", net.b2.len())),
    ] {
        writeln!(out, "  {name}: {shape}")?;
    }
    let n = param_count(INPUT_SIZE, hidden, OUTPUT_SIZE);
    writeln!(out, "参数个数：{n}")?;
    let (tr, _) = bundled()?;
    let (x, t) = tr.head(100);
    let loss = net.loss(x, t)?;
    writeln!(out, "未训练的网络在 100 张训练图像上的损失：{loss:.4}")?;
    writeln!(out, "ln 10 = {:.4}", 10f64.ln())?;
    Ok(())
}

/// What one step costs: multiply-adds of a forward pass, of the
/// numerical gradient and of backpropagation, on a batch of the book's
/// size.
fn cost(out: &mut dyn Write) -> kit::Result {
    let config = TrainConfig::default();
    let (n, h) = (config.batch_size, config.hidden_size);
    let (inputs, outputs) = (INPUT_SIZE, OUTPUT_SIZE);
    let forward = multiply_adds_per_forward_pass(n, inputs, h, outputs);
    let passes = forward_passes_per_step(inputs, h, outputs);
    let numerical = passes * forward;
    let backprop = multiply_adds_per_backprop_step(n, inputs, h, outputs);
    writeln!(
        out,
        "{inputs}-{h}-{outputs} 的网络，一批 {n} 张图像，乘加次数："
    )?;
    writeln!(out, "  一次前向传播：{forward}")?;
    writeln!(out, "  数值梯度一步（{passes} 次前向传播）：{numerical}")?;
    writeln!(out, "  反向传播一步（一次前向、一次反向）：{backprop}")?;
    writeln!(out, "数值梯度是反向传播的 {} 倍", numerical / backprop)?;
    Ok(())
}

/// Backprop against the numerical gradient on the 784-50-10 network the
/// book's run starts from, and three images.
fn gradient_check(out: &mut dyn Write) -> kit::Result {
    let (tr, _) = bundled()?;
    let net = TwoLayerNet::mnist(GRADIENT_CHECK_HIDDEN, SEED)?;
    let (x, t) = tr.head(GRADIENT_CHECK_BATCH);
    let g = net.gradient(x, t)?;
    let diffs = crate::gradient_check(&net, x, t)?;
    writeln!(
        out,
        "{INPUT_SIZE}-{GRADIENT_CHECK_HIDDEN}-{OUTPUT_SIZE} 的网络，\
         {GRADIENT_CHECK_BATCH} 张训练图像，f64"
    )?;
    // 两列都是逐个元素取绝对值后的平均
    writeln!(out, "参数  |反向传播 - 数值梯度|  |梯度|")?;
    for ((name, diff), (_, grad)) in diffs.iter().zip(g.named()) {
        let mean =
            grad.iter().map(|v| v.abs()).sum::<f64>() / grad.len() as f64;
        writeln!(out, "{name:<4}  {diff:>21.1e}  {mean:>6.1e}")?;
    }
    Ok(())
}

/// The book's run, one line per fifth epoch, then the trained network.
fn training(out: &mut dyn Write) -> kit::Result {
    let config = TrainConfig::default();
    let (tr, te) = bundled()?;
    let (net, history) = book_run()?;
    writeln!(
        out,
        "随书的 MNIST：{} 张训练图像，{} 张测试图像",
        tr.x.nrows(),
        te.x.nrows()
    )?;
    writeln!(
        out,
        "iters = {}, batch_size = {}, lr = {}, hidden_size = {}, seed = {}",
        config.iters,
        config.batch_size,
        config.lr,
        config.hidden_size,
        config.seed
    )?;
    let per_epoch = iter_per_epoch(tr.x.nrows(), config.batch_size);
    writeln!(out, "iter_per_epoch = {per_epoch}")?;
    // 每一行：这次迭代之后这一批的损失，全部训练数据、全部测试数据上的识别精度
    writeln!(out, " 迭代    损失  训练识别精度  测试识别精度")?;
    for (k, &iter) in history.epoch_iters.iter().enumerate() {
        if k % 5 != 0 {
            continue; // every fifth epoch
        }
        writeln!(
            out,
            "{iter:5}  {:6.4}  {:12.4}  {:12.4}",
            history.loss[iter], history.train_acc[k], history.test_acc[k]
        )?;
    }
    // the trained network, after the last iteration
    let train_acc = net.accuracy(tr.x.view(), tr.labels.view())?;
    let test_acc = net.accuracy(te.x.view(), te.labels.view())?;
    let loss = history.loss.last().copied().unwrap_or(f64::NAN);
    writeln!(out, "第 {} 次迭代之后：", config.iters - 1)?;
    writeln!(out, "  这一批的损失  {loss:.4}")?;
    writeln!(out, "  训练识别精度  {train_acc:.4}")?;
    writeln!(out, "  测试识别精度  {test_acc:.4}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::CHAPTER;

    #[test]
    fn the_training_demo_names_the_data_and_the_settings() {
        let text = CHAPTER.output("training").unwrap();
        assert!(
            text.starts_with("随书的 MNIST：5000 张训练图像，10000 张测试")
        );
        assert!(text.contains("iters = 3000, batch_size = 100, lr = 0.1"));
    }
}
