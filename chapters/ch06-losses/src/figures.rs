//! What the chapter draws: $-\ln x$, both losses against the probability
//! of the right class, and the toy model's accuracy against its loss (two
//! panels).

use kit::Figure;
use kit::plot::{
    Series, chart, color, draw_series, font, scaled, stroke, svg_figure,
    svg_panel,
};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::toy::{toy_sweep, toy_sweep_weights};
use crate::{DELTA, cross_entropy_error, mean_squared_error, prediction_with};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![
    neg_log,
    losses,
    accuracy_vs_loss_accuracy,
    accuracy_vs_loss_loss,
];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    neg_log_x: &'static str,
    losses_x: &'static str,
    loss_axis: &'static str,
    cross_entropy: &'static str,
    mse: &'static str,
    accuracy_axis: &'static str,
    toy_loss_axis: &'static str,
    weight: &'static str,
}

const TEXT: Text = Text {
    neg_log_x: "正确类别的概率 x",
    losses_x: "正确类别的概率",
    loss_axis: "损失 E",
    cross_entropy: "交叉熵误差",
    mse: "均方误差",
    accuracy_axis: "识别精度",
    toy_loss_axis: "交叉熵损失",
    weight: "权重 w",
};

/// Figure 6-1: $y = -\ln x$ on (0, 1], with the book's two examples
/// marked.
fn neg_log() -> kit::Result<String> {
    // the formula, in the axis label, the legend and the points' labels:
    // no words to translate
    let formula = "y = -ln x";
    let x: Vec<f64> = (1..=1000).map(|i| i as f64 / 1000.0).collect();
    let y: Vec<f64> = x.iter().map(|v| -v.ln()).collect();
    svg_figure(|root| {
        let mut c =
            chart(root, "", 0.0..1.0, 0.0..7.0, TEXT.neg_log_x, formula)?;
        draw_series(&mut c, &[Series::new(formula, x, y)])?;
        let style = font(13.0).pos(Pos::new(HPos::Left, VPos::Bottom));
        for p in [0.6, 0.1] {
            let e = -(p + DELTA).ln();
            let dot = Circle::new((p, e), scaled(4.0), color(1).filled());
            c.draw_series([dot])?;
            let label = format!("x = {p:.1}, -ln x = {e:.2}");
            let at = (p + 0.015, e + 0.1);
            let label = plotters::element::Text::new(label, at, style.clone());
            c.draw_series([label])?;
        }
        Ok(())
    })
}

/// Figure 6-2: both losses of a 10-class prediction as the probability of
/// the right class goes from 0 to 1.
fn losses() -> kit::Result<String> {
    const Y_MAX: f64 = 6.0;
    let (mut mse, mut ce) = (Vec::new(), Vec::new());
    for p in (0..=1000).map(|i| i as f64 / 1000.0) {
        let (y, t) = prediction_with(p);
        mse.push((p, mean_squared_error(y.view(), t.view())?));
        let e = cross_entropy_error(y.view(), t.view())?;
        // leave out what would run off the top of the chart
        if e <= Y_MAX {
            ce.push((p, e));
        }
    }
    svg_figure(|root| {
        let mut c = chart(
            root,
            "",
            0.0..1.0,
            0.0..Y_MAX,
            TEXT.losses_x,
            TEXT.loss_axis,
        )?;
        c.draw_series(LineSeries::new(ce, stroke(0, 2.0)))?;
        let dashes = (scaled(6.0), scaled(4.0));
        c.draw_series(DashedLineSeries::new(
            mse,
            dashes.0,
            dashes.1,
            stroke(1, 2.0),
        ))?;
        // each curve named beside it, in its colour: no legend to cover
        // the steep start of the cross-entropy
        let left = Pos::new(HPos::Left, VPos::Center);
        let (blue, vermilion) = (color(0), color(1));
        c.draw_series([
            plotters::element::Text::new(
                TEXT.cross_entropy,
                (0.16, 2.6),
                font(13.0).color(&blue).pos(left),
            ),
            plotters::element::Text::new(
                TEXT.mse,
                (0.05, 0.85),
                font(13.0).color(&vermilion).pos(left),
            ),
        ])?;
        Ok(())
    })
}

/// Figure 6-3, first panel: the toy model's accuracy, a staircase in
/// its weight.
fn accuracy_vs_loss_accuracy() -> kit::Result<String> {
    toy_panel(ToyPanel::Accuracy)
}

/// Figure 6-3, second panel: the toy model's loss, smooth in its weight.
fn accuracy_vs_loss_loss() -> kit::Result<String> {
    toy_panel(ToyPanel::Loss)
}

/// Which curve of the toy model's sweep a panel of figure 6-3 shows.
#[derive(Clone, Copy)]
enum ToyPanel {
    Accuracy,
    Loss,
}

/// A panel of figure 6-3: accuracy or loss of the toy model over the
/// weights of [`toy_sweep_weights`], on the same w axis.
fn toy_panel(panel: ToyPanel) -> kit::Result<String> {
    let rows = toy_sweep(&toy_sweep_weights())?;
    let w = rows.iter().map(|r| r.0);
    let (axis, y_range, values, colour): (_, _, Vec<f64>, _) = match panel {
        ToyPanel::Accuracy => (
            TEXT.accuracy_axis,
            0.0..1.0,
            rows.iter().map(|r| r.1).collect(),
            0,
        ),
        // the second colour of the book's palette, to tell the two apart
        ToyPanel::Loss => (
            TEXT.toy_loss_axis,
            0.0..1.5,
            rows.iter().map(|r| r.2).collect(),
            1,
        ),
    };
    svg_panel(|root| {
        let mut c = chart(root, "", -1.0..5.0, y_range, TEXT.weight, axis)?;
        let points = w.zip(values);
        c.draw_series(LineSeries::new(points, stroke(colour, 2.5)))?;
        Ok(())
    })
}
