//! The chapter's figure with a knob: the batch size N, and where 1000
//! batch losses of that size fall around the full loss (the chapter 5
//! network of figure 7-1). Every frame and readout is computed here, by
//! the chapter's own functions: `batch_loss_estimates`, `mean_std` and
//! `standard_error`, on the per-sample losses of section 7.4.

use kit::Knob;
use kit::plot::{chart, color, font, scaled, stroke, svg_figure};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::experiment::{DRAWS, both_losses};
use crate::{SEED, batch_loss_estimates, mean_std, standard_error};

/// The knobs, in the order of the page.
pub const KNOBS: &[Knob] = &[Knob {
    name: "batch-size",
    label: TEXT.label,
    values: &BATCH_SIZES,
    start: 4,
    frame: batch_size_frame,
    readout: batch_size_readout,
}];

/// The knob's batch sizes N.
pub const BATCH_SIZES: [f64; 10] =
    [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0];

/// How many bars the histogram has across the range of the losses.
const BINS: usize = 48;

/// Every word of the knob: a translation changes only this.
struct Words {
    label: &'static str,
    title: fn(usize) -> String,
    loss: &'static str,
    share: &'static str,
    full: fn(f64) -> String,
    band: &'static str,
    readout: fn(usize, f64, f64) -> String,
}

const TEXT: Words = Words {
    label: "批大小 N",
    title: |n| format!("N = {n}：{DRAWS} 批的批损失"),
    loss: "批损失（交叉熵）",
    share: "占 1000 批的比例",
    full: |l| format!("全体损失 {l:.4}"),
    band: "±s/√N",
    readout: |n, sd, se| {
        format!("N = {n}：{DRAWS} 批的标准差 {sd:.4}，s/√N = {se:.4}")
    },
};

/// What one position shows: the full loss, the smallest and largest
/// per-sample loss (the fixed x range of every frame), the `DRAWS` batch
/// losses for batch size `n`, their standard deviation and s/√N.
struct Position {
    full: f64,
    range: (f64, f64),
    estimates: Vec<f64>,
    sd: f64,
    se: f64,
}

fn position(n: f64) -> kit::Result<Position> {
    let n = n as usize;
    let losses = &both_losses()?[0].1;
    let all = losses.to_vec();
    let (full, loss_sd) = mean_std(&all).ok_or("no losses")?;
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // every position from the same seed: a frame does not depend on
    // which positions were drawn before it
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let estimates = batch_loss_estimates(&mut rng, losses.view(), n, DRAWS)?;
    let (_, sd) = mean_std(&estimates).ok_or("no estimates")?;
    Ok(Position {
        full,
        range: (lo, hi),
        estimates,
        sd,
        se: standard_error(loss_sd, n),
    })
}

fn batch_size_frame(n: f64) -> kit::Result<String> {
    let p = position(n)?;
    let (lo, hi) = p.range;
    let pad = (hi - lo) * 0.04;
    let (x0, x1) = (lo - pad, hi + pad);
    let width = (x1 - x0) / BINS as f64;
    let mut counts = [0usize; BINS];
    for &e in &p.estimates {
        let bin = ((e - x0) / width) as usize;
        counts[bin.min(BINS - 1)] += 1;
    }
    let total = p.estimates.len() as f64;
    svg_figure(|root| {
        let mut c = chart(
            root,
            &(TEXT.title)(n as usize),
            x0..x1,
            0.0..1.05,
            TEXT.loss,
            TEXT.share,
        )?;
        let fill = color(0).filled();
        c.draw_series(counts.iter().enumerate().filter(|&(_, &k)| k > 0).map(
            |(i, &k)| {
                let left = x0 + i as f64 * width;
                Rectangle::new(
                    [(left, 0.0), (left + width * 0.9, k as f64 / total)],
                    fill,
                )
            },
        ))?;
        let full = p.full;
        c.draw_series(DashedLineSeries::new(
            [(full, 0.0), (full, 1.05)],
            scaled(6.0),
            scaled(4.0),
            stroke(1, 1.5),
        ))?;
        let band = [full - p.se, full + p.se];
        c.draw_series(band.map(|x| {
            PathElement::new(vec![(x, 0.0), (x, 0.9)], stroke(2, 1.5))
        }))?;
        let left = font(14.0).pos(Pos::new(HPos::Left, VPos::Top));
        c.draw_series([
            Text::new(
                (TEXT.full)(full),
                (full + pad * 0.3, 1.02),
                left.clone().color(&color(1)),
            ),
            Text::new(
                TEXT.band.to_string(),
                (band[1] + pad * 0.3, 0.88),
                left.color(&color(2)),
            ),
        ])?;
        Ok(())
    })
}

fn batch_size_readout(n: f64) -> kit::Result<String> {
    let p = position(n)?;
    Ok((TEXT.readout)(n as usize, p.sd, p.se))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spread_follows_s_over_sqrt_n() {
        for n in BATCH_SIZES {
            let p = position(n).unwrap();
            assert!((p.sd / p.se - 1.0).abs() < 0.1, "N {n}: {}", p.sd);
        }
        let r = batch_size_readout(100.0).unwrap();
        assert!(r.starts_with("N = 100：1000 批的标准差 0.00"), "{r}");
    }
}
