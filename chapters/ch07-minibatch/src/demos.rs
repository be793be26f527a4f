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

/// What one loss over the whole training set costs, in
/// forward passes (one per image) and multiply-adds.
fn cost(out: &mut dyn Write) -> kit::Result {
    let layers = untrained_network();
    let params: usize = layers.iter().map(|(w, b)| w.len() + b.len()).sum();
    let per_image: usize = layers.iter().map(|(w, _)| w.len()).sum();
    writeln!(
        out,
        "784-100-10 network: {params} parameters, {per_image} \
         multiply-adds per image"
    )?;
    let batch_size = 100;
    let rows = [
        ("all 60000 training images", FULL_TRAIN_SIZE),
        ("a batch of 100", batch_size),
    ];
    writeln!(
        out,
        "{:<40}{:>16}{:>16}",
        "", "forward passes", "multiply-adds"
    )?;
    for (what, n) in rows {
        let label = format!("one loss over {what}");
        writeln!(out, "{label:<40}{n:>16}{:>16}", n * per_image)?;
    }
    writeln!(
        out,
        "the batch costs 1/{} of the full loss",
        FULL_TRAIN_SIZE / batch_size
    )?;
    writeln!(out)?;
    let updates = 10_000;
    writeln!(out, "forward passes for {updates} updates, one loss each:")?;
    for (what, n) in rows {
        writeln!(out, "  {what:<38}{:>16}", updates * n)?;
    }
    let losses = 2 * params;
    writeln!(
        out,
        "forward passes for one numerical gradient (2 losses per \
         parameter, {losses} losses):"
    )?;
    for (what, n) in rows {
        writeln!(out, "  {what:<38}{:>16}", losses * n)?;
    }
    Ok(())
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

    writeln!(out, "\n10 draws from 10 rows:")?;
    for (name, draw) in [
        ("with replacement:   ", sample_with_replacement as Sampler),
        ("without replacement:", sample_without_replacement),
    ] {
        let mut batch = draw(&mut rng, 10, 10)?;
        write!(out, "{name} {batch:?}")?;
        batch.sort();
        batch.dedup();
        writeln!(out, "  ({} different rows)", batch.len())?;
    }

    writeln!(out, "\nshuffled epochs of 10 rows in batches of 4:")?;
    for epoch in 1..=2 {
        let batches = epoch_batches(&mut rng, 10, 4)?;
        writeln!(out, "epoch {epoch}: {batches:?}")?;
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
    // --snip--
    // ANCHOR_END: batch_loss_demo
    writeln!(out, "batch_mask = {batch_mask:?}")?;
    writeln!(
        out,
        "x_batch {}, t_batch {}, y_batch {}",
        shape_text(x_batch.shape()),
        shape_text(t_batch.shape()),
        shape_text(y_batch.shape())
    )?;
    let per_sample = sample_losses(y_batch.view(), t_batch.view())?;
    writeln!(out, "  row  image  label  y[label]    loss")?;
    for (n, &i) in batch_mask.iter().enumerate() {
        let k = labels[n];
        writeln!(
            out,
            "{n:5}  {i:5}  {k:5}  {:8.4}  {:6.4}",
            y_batch[[n, k]],
            per_sample[n]
        )?;
    }
    writeln!(out, "batch loss, one-hot labels: {:.4}", loss?)?;
    writeln!(out, "batch loss, label indices:  {:.4}", loss_labels?)?;
    let all = training_losses(&mnist.train, &layers)?;
    let full = all
        .mean()
        .ok_or_else(|| kit::Error::from("no training images"))?;
    writeln!(out, "loss over all {train_size} training images: {full:.4}")?;
    Ok(writeln!(out, "ln 10 = {:.4}", 10f64.ln())?)
}

/// For each batch size, [`DRAWS`] batch losses drawn with replacement,
/// their mean and standard deviation against σ/√n.
fn spread(out: &mut dyn Write) -> kit::Result {
    for (k, (std, losses)) in both_losses()?.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        let s = measure(losses)?;
        writeln!(
            out,
            "untrained network, weights std {std}: full loss {:.4}, sigma {:.4}",
            s.full, s.sigma
        )?;
        writeln!(out, "    n   mean of {DRAWS}   measured SD   sigma/sqrt(n)")?;
        for (n, mean, sd) in s.rows {
            writeln!(
                out,
                "{n:5}   {mean:11.4}   {sd:11.4}   {:13.4}",
                standard_error(s.sigma, n)
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
            return Err(kit::Error::from(format!("{call}: no error")));
        };
        writeln!(out, "{call}:")?;
        write_wrapped(out, &format!("error: {e}"), "  ")?;
    }
    let mut big = sample_with_replacement(rng, train_size, 5001)?;
    big.sort();
    big.dedup();
    Ok(writeln!(
        out,
        "sample_with_replacement(rng, 5000, 5001):\n  ok: 5001 rows, {} of \
         them different",
        big.len()
    )?)
}

/// Writes `text` in lines of at most about 70 characters, each starting
/// with `indent`, breaking at spaces: long error messages stay readable
/// in the book's narrow code blocks.
fn write_wrapped(out: &mut dyn Write, text: &str, indent: &str) -> kit::Result {
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > 70 {
            writeln!(out, "{indent}{line}")?;
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    Ok(writeln!(out, "{indent}{line}")?)
}

/// Exercise 1: how often a batch drawn with replacement repeats a row.
fn repeats(out: &mut dyn Write) -> kit::Result {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let draws = 5000;
    writeln!(out, " rows   batch   P(repeat)   share of {draws} batches")?;
    for (data_size, batch_size) in [
        (FULL_TRAIN_SIZE, 10),
        (FULL_TRAIN_SIZE, 100),
        (5000, 10),
        (5000, 100),
    ] {
        let p = repeat_probability(data_size, batch_size);
        let share = repeat_share(&mut rng, data_size, batch_size, draws)?;
        writeln!(
            out,
            "{data_size:5}   {batch_size:5}   {p:9.4}   {share:9.4}"
        )?;
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
        "train_size {train_size}, batch_size {batch_size}, iter_per_epoch \
         {iter_per_epoch}"
    )?;
    let share = coverage_with_replacement(
        &mut rng,
        train_size,
        batch_size,
        iter_per_epoch,
    )?;
    let expected = expected_coverage(train_size, iter_per_epoch * batch_size);
    writeln!(out, "with replacement: {share:.4} of the images used")?;
    writeln!(out, "expected:         {expected:.4}")?;
    writeln!(out, "1 - 1/e:          {:.4}", 1.0 - (-1.0_f64).exp())?;
    let batches = epoch_batches(&mut rng, train_size, batch_size)?;
    let mut seen = vec![false; train_size];
    for i in batches.iter().flatten() {
        seen[*i] = true;
    }
    let used = seen.iter().filter(|&&s| s).count();
    Ok(writeln!(
        out,
        "shuffled epoch ({} batches): {:.4} of the images used",
        batches.len(),
        used as f64 / train_size as f64
    )?)
}

/// Exercises 3 and 4 on the bundled training images and the untrained
/// network with weights of spread 1.
fn without_replacement(out: &mut dyn Write) -> kit::Result {
    let [_, (std, losses)] = both_losses()?;
    let (_, sigma) = mean_std(&losses.to_vec())
        .ok_or_else(|| kit::Error::from("no losses"))?;
    writeln!(
        out,
        "untrained network, weights std {std}: sigma {sigma:.4}"
    )?;
    for target in [0.1, 0.05, 0.01] {
        let n = batch_size_for(sigma, target)?;
        writeln!(out, "SD at most {target:.2}: batch size {n}")?;
    }
    writeln!(out)?;
    let data_size = losses.len();
    let draws = 300;
    writeln!(
        out,
        "    n   SD with   SD without   sigma/sqrt(n)   x correction"
    )?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    for n in [100, 1000, 2500, 4000, 5000] {
        let with = batch_loss_estimates(&mut rng, losses.view(), n, draws)?;
        let without =
            estimates_without_replacement(&mut rng, losses.view(), n, draws)?;
        let (_, sd_with) =
            mean_std(&with).ok_or_else(|| kit::Error::from("no draws"))?;
        let (_, sd_without) =
            mean_std(&without).ok_or_else(|| kit::Error::from("no draws"))?;
        let predicted = standard_error(sigma, n);
        let corrected = predicted * finite_population_correction(data_size, n);
        writeln!(
            out,
            "{n:5}   {sd_with:7.4}   {sd_without:10.4}   {predicted:13.4}   \
             {corrected:12.4}"
        )?;
    }
    Ok(())
}
