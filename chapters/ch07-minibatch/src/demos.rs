//! What the chapter prints: the cost of a full loss, the three ways to
//! draw a batch, one batch's loss on real digits, how far batch losses
//! stray, the batch sizes the samplers refuse, and the exercises' results.

use std::io::Write;

use ch03_arrays::shape_text;
use ch05_data::untrained_network;
use ch06_losses::{cross_entropy_error_batch, cross_entropy_error_labels};
use kit::Demo;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::exercises::{
    batch_size_for, coverage_with_replacement, estimates_without_replacement,
    expected_coverage, finite_population_correction, repeat_probability,
    repeat_share,
};
use crate::experiment::{DRAWS, both_losses, measure};
use crate::{
    BatchError, FULL_TRAIN_SIZE, NOTES_BATCH_SIZE, SEED, Sampler,
    batch_loss_estimates, epoch_batches, mean_std, probabilities,
    sample_losses, sample_with_replacement, sample_without_replacement,
    standard_error, take_rows, training_losses,
};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![
    cost,
    sampling,
    batch_loss,
    spread,
    bad_input,
    repeats,
    coverage,
    without_replacement,
];

/// What one loss over the whole training set costs: one forward pass
/// (one call of the network on the batch), of how many images, and how
/// many multiply-adds.
fn cost(out: &mut dyn Write) -> kit::Result {
    let layers = untrained_network();
    let params: usize = layers.iter().map(|(w, b)| w.len() + b.len()).sum();
    let per_image: usize = layers.iter().map(|(w, _)| w.len()).sum();
    writeln!(
        out,
        "784-100-10 网络：{params} 个参数，一张图像的前向传播要做 \
         {per_image} 次乘加"
    )?;
    let batch_size = 100;
    let rows = [
        (
            format!("全部 {FULL_TRAIN_SIZE} 张训练图像"),
            FULL_TRAIN_SIZE,
        ),
        (format!("一批 {batch_size} 张"), batch_size),
    ];
    writeln!(out, "算一次损失（一次前向传播）：")?;
    for (what, n) in &rows {
        writeln!(
            out,
            "  {}{n} 张图像，{} 次乘加",
            padded(&format!("{what}："), 24),
            n * per_image
        )?;
    }
    writeln!(
        out,
        "  一批的计算量是全体的 1/{}",
        FULL_TRAIN_SIZE / batch_size
    )?;
    writeln!(out)?;
    let updates = 10_000;
    writeln!(
        out,
        "更新 {updates} 步，每步算一次损失（{updates} 次前向传播）："
    )?;
    let each = ["每步用全部训练图像：", "每步用一批 100 张："];
    for (what, (_, n)) in each.iter().zip(&rows) {
        writeln!(out, "  {}共 {} 张图像", padded(what, 22), updates * n)?;
    }
    writeln!(out)?;
    let losses = 2 * params;
    writeln!(
        out,
        "一次数值梯度：每个参数算 2 次损失，共 {losses} 次前向传播"
    )?;
    let each = ["每次损失用全部训练图像：", "每次损失用一批 100 张："];
    for (what, (_, n)) in each.iter().zip(&rows) {
        writeln!(out, "  {}共 {} 张图像", padded(what, 26), losses * n)?;
    }
    Ok(())
}

/// How many columns `text` takes in a monospaced font: a Chinese character
/// or full-width punctuation takes two.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if ('\u{2e80}'..='\u{ffef}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// `text` padded with spaces on the right to `width` columns.
fn padded(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(display_width(text));
    format!("{text}{}", " ".repeat(fill))
}

/// `text` padded with spaces on the left to `width` columns.
fn right(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(display_width(text));
    format!("{}{text}", " ".repeat(fill))
}

/// The three ways to draw batches, seeded.
// ANCHOR: sampling_demo
fn sampling(out: &mut dyn Write) -> kit::Result {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let (train_size, batch_size) = (FULL_TRAIN_SIZE, NOTES_BATCH_SIZE);
    let with = sample_with_replacement(&mut rng, train_size, batch_size);
    writeln!(out, "np.random.choice({train_size}, {batch_size}):")?;
    writeln!(out, "  {:?}", with?)?;
    let without = sample_without_replacement(&mut rng, train_size, batch_size);
    writeln!(
        out,
        "np.random.choice({train_size}, {batch_size}, replace=False):"
    )?;
    writeln!(out, "  {:?}", without?)?;

    writeln!(out, "\n从 10 行里抽 10 次：")?;
    for (name, draw) in [
        ("有放回：", sample_with_replacement as Sampler),
        ("无放回：", sample_without_replacement),
    ] {
        let mut batch = draw(&mut rng, 10, 10)?;
        write!(out, "{name}{batch:?}")?;
        batch.sort();
        batch.dedup();
        writeln!(out, "（{} 个不同的行）", batch.len())?;
    }

    writeln!(out, "\n10 行数据按 epoch 打乱，每批 4 行：")?;
    for epoch in 1..=2 {
        let batches = epoch_batches(&mut rng, 10, 4)?;
        writeln!(out, "第 {epoch} 个 epoch：{batches:?}")?;
    }
    Ok(())
}
// ANCHOR_END: sampling_demo

/// The notes' code on real digits: a batch of 10 drawn with replacement,
/// through the untrained network, and its loss.
// ANCHOR: batch_loss_demo
fn batch_loss(out: &mut dyn Write) -> kit::Result {
    let mnist = ch05_data::mnist::bundled()?;
    let (x_train, t_train) = (mnist.train.x(true), mnist.train.t_one_hot());
    let train_size = x_train.nrows();
    let batch_size = NOTES_BATCH_SIZE;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let batch_mask = sample_with_replacement(&mut rng, train_size, batch_size)?;
    let x_batch = take_rows(&x_train, &batch_mask);
    let t_batch = take_rows(&t_train, &batch_mask);
    let labels = take_rows(&mnist.train.t(), &batch_mask);

    let layers = untrained_network();
    let y_batch = probabilities(x_batch.view(), &layers)?;
    let loss = cross_entropy_error_batch(y_batch.view(), t_batch.view());
    let loss_labels = cross_entropy_error_labels(y_batch.view(), labels.view());
    // ……（下面是打印输出的代码，略）
    // ANCHOR_END: batch_loss_demo
    writeln!(out, "batch_mask = {batch_mask:?}")?;
    writeln!(
        out,
        "x_batch {}，t_batch {}，y_batch {}",
        shape_text(x_batch.shape()),
        shape_text(t_batch.shape()),
        shape_text(y_batch.shape())
    )?;
    let per_sample = sample_losses(y_batch.view(), t_batch.view())?;
    let header = [
        ("行", 5),
        ("图像", 7),
        ("标签", 7),
        ("y[标签]", 10),
        ("损失", 8),
    ];
    let header: String = header.iter().map(|&(h, w)| right(h, w)).collect();
    writeln!(out, "{header}")?;
    for (n, &i) in batch_mask.iter().enumerate() {
        let k = labels[n];
        writeln!(
            out,
            "{n:5}  {i:5}  {k:5}  {:8.4}  {:6.4}",
            y_batch[[n, k]],
            per_sample[n]
        )?;
    }
    writeln!(out, "批损失（one-hot 标签）：{:.4}", loss?)?;
    writeln!(out, "批损失（标签索引）：    {:.4}", loss_labels?)?;
    let all = training_losses(&mnist.train, &layers)?;
    let full = all.mean().ok_or_else(|| kit::Error::from("没有训练图像"))?;
    writeln!(out, "全部 {train_size} 张训练图像上的损失：{full:.4}")?;
    Ok(writeln!(out, "ln 10 = {:.4}", 10f64.ln())?)
}

/// For each batch size, [`DRAWS`] batch losses drawn with replacement,
/// their mean and standard deviation against s/√N.
fn spread(out: &mut dyn Write) -> kit::Result {
    for (k, (std, losses)) in both_losses()?.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        let s = measure(losses)?;
        writeln!(
            out,
            "未训练网络，权重标准差 {std}：全体损失 L = {:.4}，s = {:.4}",
            s.full, s.loss_sd
        )?;
        let header = [
            ("N", 5),
            (&format!("{DRAWS} 批的平均") as &str, 17),
            ("实测标准差", 13),
            ("s/√N", 10),
        ];
        let header: String = header.iter().map(|&(h, w)| right(h, w)).collect();
        writeln!(out, "{header}")?;
        for (batch_size, mean, sd) in s.rows {
            writeln!(
                out,
                "{batch_size:5}{mean:17.4}{sd:13.4}{:10.4}",
                standard_error(s.loss_sd, batch_size)
            )?;
        }
    }
    Ok(())
}

/// Batch sizes the samplers refuse, and their messages.
fn bad_input(out: &mut dyn Write) -> kit::Result {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let rng = &mut rng;
    let train_size = 5000;
    let cases: [(&str, Result<(), BatchError>); 5] = [
        (
            "sample_without_replacement(rng, 5000, 0)",
            sample_without_replacement(rng, train_size, 0).map(drop),
        ),
        (
            "sample_without_replacement(rng, 5000, 5001)",
            sample_without_replacement(rng, train_size, 5001).map(drop),
        ),
        (
            "sample_with_replacement(rng, 5000, 0)",
            sample_with_replacement(rng, train_size, 0).map(drop),
        ),
        (
            "sample_with_replacement(rng, 0, 10)",
            sample_with_replacement(rng, 0, 10).map(drop),
        ),
        (
            "epoch_batches(rng, 5000, 0)",
            epoch_batches(rng, train_size, 0).map(drop),
        ),
    ];
    for (call, result) in cases {
        let Err(e) = result else {
            return Err(kit::Error::from(format!("{call}：没有报错")));
        };
        writeln!(out, "{call}：")?;
        write_wrapped(out, &format!("错误：{e}"), "  ")?;
    }
    let mut big = sample_with_replacement(rng, train_size, 5001)?;
    big.sort();
    big.dedup();
    Ok(writeln!(
        out,
        "sample_with_replacement(rng, 5000, 5001)：\n  成功：5001 行，其中 {} \
         行各不相同",
        big.len()
    )?)
}

/// The columns after `indent` that [`write_wrapped`] fills at most.
const WRAP_COLUMNS: usize = 70;

/// Writes `text` in lines of at most [`WRAP_COLUMNS`] columns (a Chinese
/// character takes two), each starting with `indent`, breaking at spaces
/// and after a full-width `：`, `；` or `，`: long error messages stay
/// readable in the book's narrow code blocks.
fn write_wrapped(out: &mut dyn Write, text: &str, indent: &str) -> kit::Result {
    // the pieces between break points, each with whether a space came
    // before it
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let (mut piece, mut spaced) = (String::new(), false);
    for c in text.chars() {
        if c == ' ' {
            if !piece.is_empty() {
                pieces.push((std::mem::take(&mut piece), spaced));
            }
            spaced = true;
            continue;
        }
        piece.push(c);
        if matches!(c, '：' | '；' | '，') {
            pieces.push((std::mem::take(&mut piece), spaced));
            spaced = false;
        }
    }
    if !piece.is_empty() {
        pieces.push((piece, spaced));
    }
    let mut line = String::new();
    for (piece, spaced) in pieces {
        let gap = usize::from(spaced && !line.is_empty());
        let width = display_width(&line) + gap + display_width(&piece);
        if !line.is_empty() && width > WRAP_COLUMNS {
            writeln!(out, "{indent}{line}")?;
            line.clear();
        } else if gap == 1 {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    Ok(writeln!(out, "{indent}{line}")?)
}

/// Exercise 1: how often a batch drawn with replacement repeats a row.
fn repeats(out: &mut dyn Write) -> kit::Result {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let draws = 5000;
    let header = [
        ("行数 M", 7),
        ("批大小 N", 10),
        ("P(有重复)", 12),
        (&format!("{draws} 批里有重复的比例") as &str, 26),
    ];
    let header: String = header.iter().map(|&(h, w)| right(h, w)).collect();
    writeln!(out, "{header}")?;
    for (data_size, batch_size) in [
        (FULL_TRAIN_SIZE, 10),
        (FULL_TRAIN_SIZE, 100),
        (5000, 10),
        (5000, 100),
    ] {
        let p = repeat_probability(data_size, batch_size);
        let share = repeat_share(&mut rng, data_size, batch_size, draws)?;
        writeln!(out, "{data_size:7}{batch_size:10}{p:12.4}{share:26.4}")?;
    }
    Ok(())
}

/// Exercise 2: one "epoch" of `train_size / batch_size` batches, with
/// replacement and as shuffled batches.
fn coverage(out: &mut dyn Write) -> kit::Result {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let (train_size, batch_size) = (FULL_TRAIN_SIZE, 100);
    let iter_per_epoch = train_size / batch_size;
    writeln!(
        out,
        "train_size {train_size}，batch_size {batch_size}，iter_per_epoch \
         {iter_per_epoch}"
    )?;
    let share = coverage_with_replacement(
        &mut rng,
        train_size,
        batch_size,
        iter_per_epoch,
    )?;
    let expected = expected_coverage(train_size, iter_per_epoch * batch_size);
    let label = |text: &str| padded(text, 40);
    let with = format!("有放回抽 {iter_per_epoch} 批，用到的图像占：");
    writeln!(out, "{}{share:.4}", label(&with))?;
    writeln!(out, "{}{expected:.4}", label("理论值 1 - (1 - 1/M)^M："))?;
    writeln!(out, "{}{:.4}", label("1 - 1/e："), 1.0 - (-1.0_f64).exp())?;
    let batches = epoch_batches(&mut rng, train_size, batch_size)?;
    let mut seen = vec![false; train_size];
    for i in batches.iter().flatten() {
        seen[*i] = true;
    }
    let used = seen.iter().filter(|&&s| s).count();
    let shuffled =
        format!("按 epoch 打乱（{} 批），用到的图像占：", batches.len());
    Ok(writeln!(
        out,
        "{}{:.4}",
        label(&shuffled),
        used as f64 / train_size as f64
    )?)
}

/// Exercises 3 and 4 on the bundled training images and the untrained
/// network with weights of spread 1.
fn without_replacement(out: &mut dyn Write) -> kit::Result {
    let [_, (std, losses)] = both_losses()?;
    let (_, loss_sd) = mean_std(&losses.to_vec())
        .ok_or_else(|| kit::Error::from("没有损失"))?;
    writeln!(out, "未训练网络，权重标准差 {std}：s = {loss_sd:.4}")?;
    for target in [0.1, 0.05, 0.01] {
        let batch_size = batch_size_for(loss_sd, target)?;
        writeln!(out, "标准差不超过 {target:.2}：批大小至少 {batch_size}")?;
    }
    writeln!(out)?;
    let data_size = losses.len();
    let draws = 300;
    let header = [
        ("N", 5),
        ("有放回", 10),
        ("无放回", 10),
        ("s/√N", 10),
        ("乘以校正因子", 16),
    ];
    let header: String = header.iter().map(|&(h, w)| right(h, w)).collect();
    writeln!(out, "{header}")?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    for n in [100, 1000, 2500, 4000, 5000] {
        let with = batch_loss_estimates(&mut rng, losses.view(), n, draws)?;
        let without =
            estimates_without_replacement(&mut rng, losses.view(), n, draws)?;
        let (_, sd_with) =
            mean_std(&with).ok_or_else(|| kit::Error::from("没有抽到批"))?;
        let (_, sd_without) =
            mean_std(&without).ok_or_else(|| kit::Error::from("没有抽到批"))?;
        let predicted = standard_error(loss_sd, n);
        let corrected = predicted * finite_population_correction(data_size, n);
        writeln!(
            out,
            "{n:5}{sd_with:10.4}{sd_without:10.4}{predicted:10.4}{corrected:16.4}"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_errors_wrap_by_columns_without_losing_text() {
        let message = "错误：批大小 5001 超过了数据的行数（5000 行）：\
                       无放回抽样时每一行最多抽到一次；请减小批大小，\
                       或改用有放回抽样";
        let mut out = Vec::new();
        write_wrapped(&mut out, message, "  ").unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 1, "{text}");
        for line in &lines {
            let body = line.strip_prefix("  ").unwrap();
            assert!(display_width(body) <= WRAP_COLUMNS, "{text}");
        }
        // a line ends at a break point: a space was dropped, or it ends
        // with full-width punctuation
        let joined: String = lines.iter().map(|l| l.trim_start()).collect();
        assert_eq!(joined.replace(' ', ""), message.replace(' ', ""));
        assert!(lines[0].ends_with('：'), "{text}");
    }
}
