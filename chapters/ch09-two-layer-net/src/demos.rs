//! What the chapter prints: the network's shapes and cost, the gradient
//! check, and the book's training run.

use std::io::Write;

use crate::numerical::{
    multiply_adds_per_backprop_step, multiply_adds_per_forward_pass,
};
use ch05_data::exercises::nearest_neighbour_test_accuracy;

use crate::diagnosis::{confusion_matrix, misclassified, most_confused};
use crate::overfitting::{
    self, SMALL_TRAIN, VALIDATION, book_overfit, early_stopping_pick,
};
use crate::preprocessing::{SATURATED, hidden_inputs, raw_run, unscaled};
use crate::variants::{
    Hidden, book_variants, classify, measure, moving_average,
    nearest_neighbour_cost_per_image, network_cost_per_image,
};
use crate::{
    GRADIENT_CHECK_BATCH, GRADIENT_CHECK_HIDDEN, INPUT_SIZE, OUTPUT_SIZE, SEED,
    TrainConfig, TwoLayerNet, book_run, bundled, forward_passes_per_step,
    iter_per_epoch, param_count,
};

/// The demos, in the order the page shows them.
pub const DEMOS: &[kit::Demo] = kit::demos![
    network,
    cost,
    gradient_check,
    training,
    mistakes,
    derivatives,
    relu,
    variants,
    overfitting,
    preprocessing
];

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

/// `text` followed by spaces to fill `width` columns of a terminal,
/// where a Chinese character takes two.
fn padded(text: &str, width: usize) -> String {
    let columns: usize =
        text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(columns)))
}

/// What the trained network gets wrong on the test data: the confusion
/// matrix and the pairs it confuses most.
fn mistakes(out: &mut dyn Write) -> kit::Result {
    let (_, te) = bundled()?;
    let (net, _) = book_run()?;
    let p = classify(net, Hidden::Sigmoid, te.x.view())?;
    let m = confusion_matrix(p.view(), te.labels.view(), OUTPUT_SIZE)?;
    let wrong = misclassified(p.view(), te.labels.view());
    writeln!(
        out,
        "{} 张测试图像，认错 {} 张（识别精度 {:.4}）",
        te.labels.len(),
        wrong.len(),
        1.0 - wrong.len() as f64 / te.labels.len() as f64
    )?;
    writeln!(
        out,
        "混淆矩阵：第 i 行是真实的数字 i，第 j 列是预测的数字 j"
    )?;
    write!(out, "    ")?;
    for j in 0..OUTPUT_SIZE {
        write!(out, "{j:>5}")?;
    }
    writeln!(out, "  识别精度")?;
    for (i, row) in m.rows().into_iter().enumerate() {
        write!(out, "{i:>4}")?;
        for n in row {
            write!(out, "{n:>5}")?;
        }
        let total: usize = row.sum();
        writeln!(out, "  {:.4}", row[i] as f64 / total as f64)?;
    }
    writeln!(out, "认错最多的 6 对（真实 → 预测：张数）：")?;
    for (i, j, n) in most_confused(m.view(), 6) {
        writeln!(out, "  {i} → {j}：{n}")?;
    }
    Ok(())
}

/// The derivatives of sigmoid and ReLU at a few inputs.
fn derivatives(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "    a   sigmoid'(a)  ReLU'(a)")?;
    for a in [-5.0, -2.0, -0.5, 0.0, 0.5, 2.0, 5.0] {
        writeln!(
            out,
            "{a:5.1}  {:11.4}  {:8.1}",
            Hidden::Sigmoid.derivative(a),
            Hidden::Relu.derivative(a)
        )?;
    }
    Ok(())
}

/// The first iteration after which the mean batch loss of the last
/// [`SMOOTH`] iterations is below `level`.
fn first_below(loss: &[f64], level: f64) -> Option<usize> {
    moving_average(loss, SMOOTH).iter().position(|&l| l < level)
}

/// The window of the smoothed loss curves.
const SMOOTH: usize = 50;

/// The book's run against the same run with a ReLU hidden layer.
fn relu(out: &mut dyn Write) -> kit::Result {
    let (tr, te) = bundled()?;
    let (sig_net, history) = book_run()?;
    let runs = book_variants()?;
    let (v, relu_net, curves) = &runs[0];
    writeln!(
        out,
        "同样的设置（iters = {}, lr = {}, hidden_size = {}, seed = {}），\
         只换隐藏层的激活函数",
        v.config.iters, v.config.lr, v.config.hidden_size, v.config.seed
    )?;
    writeln!(
        out,
        "隐藏层    损失首次低于 2.0  低于 1.0  训练识别精度  测试识别精度"
    )?;
    for (name, loss, net, hidden) in [
        ("sigmoid", &history.loss, sig_net, Hidden::Sigmoid),
        ("ReLU", &curves.batch_loss, relu_net, Hidden::Relu),
    ] {
        let at = |level| {
            first_below(loss, level).map_or("-".into(), |i| i.to_string())
        };
        let (_, train_acc) = measure(net, hidden, tr.view())?;
        let (_, test_acc) = measure(net, hidden, te.view())?;
        writeln!(
            out,
            "{name:<8}  {:>16}  {:>8}  {train_acc:12.4}  {test_acc:12.4}",
            at(2.0),
            at(1.0)
        )?;
    }
    writeln!(
        out,
        "（损失取最近 {SMOOTH} 次迭代的平均；数字是迭代的序号）"
    )?;
    Ok(())
}

/// The accuracy table: chapter 5's nearest neighbour, the book's run
/// and its variants, with what each costs per image at prediction time.
fn variants(out: &mut dyn Write) -> kit::Result {
    let (tr, te) = bundled()?;
    let nn = nearest_neighbour_test_accuracy()?;
    let (net, _) = book_run()?;
    let book = TrainConfig::default();
    writeln!(
        out,
        "{} 张训练图像；识别精度在 {} 张测试图像上",
        tr.x.nrows(),
        te.x.nrows()
    )?;
    writeln!(
        out,
        "模型                          测试识别精度  每张图像的乘加次数"
    )?;
    let nn_cost = nearest_neighbour_cost_per_image(tr.x.nrows());
    let name = padded("最近邻（第 5 章）", 26);
    writeln!(out, "{name}  {nn:12.4}  {nn_cost:>18}")?;
    let (_, book_acc) = measure(net, Hidden::Sigmoid, te.view())?;
    let row = |out: &mut dyn Write, hidden: Hidden, c: &TrainConfig, acc| {
        let name =
            format!("{} {}，{} 步", hidden.name(), c.hidden_size, c.iters);
        let cost = network_cost_per_image(c.hidden_size);
        writeln!(out, "{}  {acc:12.4}  {cost:>18}", padded(&name, 26))
    };
    row(out, Hidden::Sigmoid, &book, book_acc)?;
    for (v, _, curves) in book_variants()? {
        let acc = curves.check_acc.last().copied().unwrap_or(f64::NAN);
        row(out, v.hidden, &v.config, acc)?;
    }
    writeln!(out, "（第 2 行是本章的网络，其余各改一处）")?;
    Ok(())
}

/// The overfitting run: a few hundred training images, a validation set
/// carved from the training data, and early stopping's pick.
fn overfitting(out: &mut dyn Write) -> kit::Result {
    let (_, curves) = book_overfit()?;
    let c = overfitting::config();
    writeln!(
        out,
        "从 5000 张训练图像中随机取 {SMALL_TRAIN} 张训练，另取 {VALIDATION} 张作验证数据"
    )?;
    writeln!(
        out,
        "{} 隐藏层，iters = {}, batch_size = {}, lr = {}, seed = {}",
        overfitting::HIDDEN.name(),
        c.iters,
        c.batch_size,
        c.lr,
        c.seed
    )?;
    writeln!(out, " 迭代  训练损失  验证损失  训练识别精度  验证识别精度")?;
    let line = |out: &mut dyn Write, k: usize| {
        writeln!(
            out,
            "{:5}  {:8.4}  {:8.4}  {:12.4}  {:12.4}",
            curves.checkpoints[k],
            curves.train_loss[k],
            curves.check_loss[k],
            curves.train_acc[k],
            curves.check_acc[k]
        )
    };
    for k in (0..curves.checkpoints.len()).step_by(8) {
        line(out, k)?;
    }
    let best =
        early_stopping_pick(&curves.check_loss).ok_or("no checkpoint")?;
    writeln!(
        out,
        "验证损失最低：第 {} 次迭代之后",
        curves.checkpoints[best]
    )?;
    line(out, best)?;
    let last = curves.checkpoints.len() - 1;
    writeln!(
        out,
        "此后验证损失升高 {:.4}，验证识别精度变化 {:+.4}",
        curves.check_loss[last] - curves.check_loss[best],
        curves.check_acc[last] - curves.check_acc[best]
    )?;
    Ok(())
}

/// The book's run on the raw pixels 0 to 255 against the pixels divided
/// by 255.
fn preprocessing(out: &mut dyn Write) -> kit::Result {
    let mnist = ch05_data::mnist::bundled()?;
    let raw = unscaled(&mnist.train);
    let (tr, _) = bundled()?;
    let (x, x_raw) = (tr.head(100).0, raw.x.slice(ndarray::s![..100, ..]));
    let untrained =
        TwoLayerNet::mnist(TrainConfig::default().hidden_size, SEED)?;
    let (book_net, history) = book_run()?;
    let (raw_net, curves) = raw_run()?;
    writeln!(out, "隐藏层的输入 A1 = X W1 + b1，100 张训练图像")?;
    writeln!(
        out,
        "                    |a| 的平均  σ'(a) < {SATURATED} 的比例"
    )?;
    for (name, net, x) in [
        ("未训练，像素 / 255", &untrained, x),
        ("未训练，像素 0-255", &untrained, x_raw),
        ("训练后，像素 / 255", book_net, x),
        ("训练后，像素 0-255", raw_net, x_raw),
    ] {
        let (mean_abs, saturated) = hidden_inputs(net, x)?;
        let name = padded(name, 18);
        writeln!(out, "{name}  {mean_abs:10.4}  {saturated:17.4}")?;
    }
    writeln!(out, "测试识别精度（同样的设置，3000 步）")?;
    writeln!(out, " 迭代  像素 / 255  像素 0-255")?;
    for (k, &iter) in curves.checkpoints.iter().enumerate() {
        // the book's run measured the test accuracy once per epoch
        let epoch = history.epoch_iters.iter().position(|&i| i == iter);
        let scaled = match epoch {
            Some(e) => format!("{:.4}", history.test_acc[e]),
            None => {
                let (_, te) = bundled()?;
                format!(
                    "{:.4}",
                    measure(book_net, Hidden::Sigmoid, te.view())?.1
                )
            }
        };
        writeln!(out, "{iter:5}  {scaled:>10}  {:10.4}", curves.check_acc[k])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::CHAPTER;

    #[test]
    fn the_training_demo_names_the_data_and_the_settings() {
        kit::pass_cache::unless_passed("training-demo", &[], || {
            let text = CHAPTER.output("training").unwrap();
            assert!(
                text.starts_with("随书的 MNIST：5000 张训练图像，10000 张测试")
            );
            assert!(text.contains("iters = 3000, batch_size = 100, lr = 0.1"));
        });
    }
}
