//! What the chapter draws: batch losses as estimates of the full loss,
//! and how their spread shrinks with the batch size.

use kit::Figure;
use kit::plot::{
    book_legend, book_mesh, color, font, scaled, stroke, svg_panel,
};
use ndarray::Array1;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::experiment::{DRAWS, NamedLosses, Spread, both_losses, measure};
use crate::{SEED, batch_loss_estimates, mean_std};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![spread_strip, spread_sd];

/// Every word of the chapter's figures: a translation changes only this.
/// (Not `Text`: that is plotters' text element.) A pair is the words
/// before and after a number.
struct Words {
    batch_size: &'static str,
    strip: &'static str,
    batch_loss: &'static str,
    full_loss: &'static str,
    sd: &'static str,
    sd_log: &'static str,
    sd_sqrt_n: &'static str,
    measured: [&'static str; 2],
    weight_std: &'static str,
    slope: &'static str,
    slope_meaning: &'static str,
}

const TEXT: Words = Words {
    batch_size: "批大小 N（对数刻度）",
    strip: "批损失围绕全体损失",
    batch_loss: "批损失（交叉熵）",
    full_loss: "虚线：全体损失",
    sd: "标准差随批大小缩小",
    sd_log: "批损失的标准差（对数刻度）",
    sd_sqrt_n: "s/√N",
    measured: ["实测：", " 批的标准差"],
    weight_std: "权重标准差",
    slope: "斜率 −1/2：",
    slope_meaning: "N 大 100 倍，标准差小 10 倍",
};

/// Batch sizes whose estimates the left panel of `spread` shows.
const STRIP_SIZES: [usize; 4] = [1, 10, 100, 1000];

/// How many estimates of each size the left panel shows as dots.
const STRIP_DOTS: usize = 200;

/// Figure 7-1, first panel: batch losses of the chapter's network for
/// batch sizes 1 to 1000 around the full loss.
fn spread_strip() -> kit::Result<String> {
    let losses = both_losses()?;
    svg_panel(|root| strip_panel(root, &losses[0].1))
}

/// Figure 7-1, second panel: the measured standard deviation of the batch
/// loss against s/√N, for both untrained networks, on log-log axes.
fn spread_sd() -> kit::Result<String> {
    let losses = both_losses()?;
    svg_panel(|root| sd_panel(root, losses))
}

/// A chart builder for one panel of figure 7-1, with the book's margins
/// and caption font.
fn panel<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    caption: &str,
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(scaled(12.0))
        .margin_right(scaled(20.0))
        .caption(caption, font(17.0))
        .x_label_area_size(scaled(52.0))
        .y_label_area_size(scaled(92.0));
    builder
}

/// Draws the grid and axes of a figure 7-1 panel in the book's style (as
/// kit's `chart`, which has linear axes only; here x is a batch size on
/// a log axis). `light_lines` light grid lines between labelled ones.
fn draw_mesh<X, Y>(
    c: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
    y_desc: &str,
    y_label: &dyn Fn(&f64) -> String,
    x_grid: bool,
    light_lines: usize,
) -> kit::Result<()>
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let mut mesh = c.configure_mesh();
    book_mesh(&mut mesh);
    if !x_grid {
        mesh.disable_x_mesh();
    }
    mesh.x_desc(TEXT.batch_size)
        .y_desc(y_desc)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(y_label)
        .max_light_lines(light_lines)
        .draw()?;
    Ok(())
}

/// Left panel of figure 7-1: dots for [`STRIP_DOTS`] batch losses of each
/// size in [`STRIP_SIZES`], the full loss as a dashed line.
fn strip_panel(
    area: &DrawingArea<SVGBackend, Shift>,
    losses: &Array1<f64>,
) -> kit::Result<()> {
    let (full, _) = mean_std(&losses.to_vec()).ok_or("no losses")?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut dots = Vec::new();
    for n in STRIP_SIZES {
        let est = batch_loss_estimates(&mut rng, losses.view(), n, STRIP_DOTS)?;
        dots.push((n, est));
    }
    let lo = dots
        .iter()
        .flat_map(|(_, e)| e)
        .fold(full, |a, &b| a.min(b));
    let hi = dots
        .iter()
        .flat_map(|(_, e)| e)
        .fold(full, |a, &b| a.max(b));
    let pad = (hi - lo) * 0.08;
    let mut c = panel(area, TEXT.strip)
        .build_cartesian_2d((0.5..2000.0).log_scale(), lo - pad..hi + pad)?;
    draw_mesh(&mut c, TEXT.batch_loss, &|v| format!("{v:.2}"), false, 1)?;
    c.draw_series(DashedLineSeries::new(
        [(0.5, full), (2000.0, full)],
        scaled(6.0),
        scaled(4.0),
        stroke(1, 1.5),
    ))?;
    let label = font(14.0).pos(Pos::new(HPos::Right, VPos::Top));
    c.draw_series(std::iter::once(Text::new(
        format!("{} L = {full:.4}", TEXT.full_loss),
        (1800.0, hi + pad * 0.6),
        label.color(&color(1)),
    )))?;
    for (n, est) in &dots {
        // spread the dots sideways (by a fixed pattern) so they do not
        // hide each other; the spread is a factor 10^(±0.12) on the log axis
        c.draw_series(est.iter().enumerate().map(|(j, &e)| {
            let shift = ((j * 37) % 100) as f64 / 100.0 - 0.5;
            let x = *n as f64 * 10f64.powf(0.24 * shift);
            Circle::new((x, e), scaled(1.3), color(0).mix(0.5).filled())
        }))?;
    }
    Ok(())
}

/// Right panel of figure 7-1: the measured standard deviation of the batch
/// loss against the batch size (dots), with s/√N (dashed), for each
/// network.
fn sd_panel(
    area: &DrawingArea<SVGBackend, Shift>,
    losses: &NamedLosses,
) -> kit::Result<()> {
    let mut c = panel(area, TEXT.sd).build_cartesian_2d(
        (0.7..1500.0).log_scale(),
        (1e-5..10.0).log_scale(),
    )?;
    draw_mesh(&mut c, TEXT.sd_log, &|v| format!("{v}"), true, 10)?;
    for (i, (std, l)) in losses.iter().enumerate() {
        let Spread { loss_sd, rows, .. } = measure(l)?;
        let measured: Vec<(f64, f64)> =
            rows.iter().map(|&(n, _, sd)| (n as f64, sd)).collect();
        let ends = [1.0, 1000.0].map(|n: f64| (n, loss_sd / n.sqrt()));
        let reference = c.draw_series(DashedLineSeries::new(
            ends,
            scaled(6.0),
            scaled(4.0),
            stroke(i, 1.5),
        ))?;
        if i == 0 {
            // one legend for both networks, in black: the colours are
            // named by the labels beside the lines
            let (len, gap) = (scaled(20.0) as i32, scaled(4.0) as i32);
            let ink = BLACK.stroke_width(scaled(1.5));
            reference.label(TEXT.sd_sqrt_n).legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), ((len - gap) / 2, 0)], ink)
                    + PathElement::new(
                        vec![((len + gap) / 2, 0), (len, 0)],
                        ink,
                    )
            });
        }
        let dots = c.draw_series(
            measured
                .iter()
                .map(|&p| Circle::new(p, scaled(3.0), color(i).filled())),
        )?;
        if i == 0 {
            let [before, after] = TEXT.measured;
            dots.label(format!("{before}{DRAWS}{after}")).legend(
                move |(x, y)| {
                    Circle::new(
                        (x + scaled(10.0) as i32, y),
                        scaled(3.0),
                        BLACK.filled(),
                    )
                },
            );
        }
        let ink = color(i);
        let above = font(14.0)
            .pos(Pos::new(HPos::Right, VPos::Bottom))
            .color(&ink);
        // above the right end of the line, clear of it
        c.draw_series(std::iter::once(Text::new(
            format!("{} {std}", TEXT.weight_std),
            (1000.0, loss_sd / 1000f64.sqrt() * 4.5),
            above,
        )))?;
    }
    let slope = font(14.0).pos(Pos::new(HPos::Left, VPos::Center));
    c.draw_series(
        [(TEXT.slope, 0.3), (TEXT.slope_meaning, 0.09)]
            .map(|(text, y)| Text::new(text, (1.15, y), slope.clone())),
    )?;
    book_legend(&mut c.configure_series_labels())
        .position(SeriesLabelPosition::LowerLeft)
        .draw()?;
    Ok(())
}
