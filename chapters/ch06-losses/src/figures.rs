//! What the chapter draws: $-\ln x$, both losses against the probability
//! of the right class, and the toy model's accuracy against its loss.

use kit::Figure;
use kit::plot::{
    Series, chart, color, draw_series, font, line_chart, scaled, stroke,
    svg_figure,
};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::toy::{toy_sweep, toy_sweep_weights};
use crate::{DELTA, cross_entropy_error, mean_squared_error, prediction_with};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![neg_log, losses, accuracy_vs_loss];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    neg_log: &'static str,
    neg_log_x: &'static str,
    losses: &'static str,
    losses_x: &'static str,
    loss_axis: &'static str,
    cross_entropy: &'static str,
    mse: &'static str,
    accuracy: &'static str,
    accuracy_axis: &'static str,
    toy_loss: &'static str,
    toy_loss_axis: &'static str,
    weight: &'static str,
}

const TEXT: Text = Text {
    neg_log: "y = -ln x，x 取 (0, 1]",
    neg_log_x: "正确类别的概率 x",
    losses: "两种损失：正确类别的概率越低，损失越大",
    losses_x: "正确类别的概率 y_right",
    loss_axis: "损失 E",
    cross_entropy: "交叉熵误差",
    mse: "均方误差（0.5 × 平方和）",
    accuracy: "识别精度",
    accuracy_axis: "精度",
    toy_loss: "交叉熵损失",
    toy_loss_axis: "损失",
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
        let mut c = chart(
            root,
            TEXT.neg_log,
            0.0..1.0,
            0.0..7.0,
            TEXT.neg_log_x,
            formula,
        )?;
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
    let (ce_p, ce_e): (Vec<f64>, Vec<f64>) = ce.into_iter().unzip();
    let (mse_p, mse_e): (Vec<f64>, Vec<f64>) = mse.into_iter().unzip();
    line_chart(
        TEXT.losses,
        0.0..1.0,
        0.0..Y_MAX,
        TEXT.losses_x,
        TEXT.loss_axis,
        &[
            Series::new(TEXT.cross_entropy, ce_p, ce_e),
            Series::new(TEXT.mse, mse_p, mse_e).dashed(),
        ],
    )
}

/// Figure 6-3: accuracy (a staircase) and loss (smooth) of the toy model as
/// its weight moves.
fn accuracy_vs_loss() -> kit::Result<String> {
    let rows = toy_sweep(&toy_sweep_weights())?;
    let w: Vec<f64> = rows.iter().map(|r| r.0).collect();
    let acc: Vec<f64> = rows.iter().map(|r| r.1).collect();
    let loss: Vec<f64> = rows.iter().map(|r| r.2).collect();
    svg_figure(|root| {
        let (top, bottom) = root.split_vertically(500);
        let mut c = chart(
            &top,
            TEXT.accuracy,
            -1.0..5.0,
            0.0..1.0,
            TEXT.weight,
            TEXT.accuracy_axis,
        )?;
        let series = Series::new(TEXT.accuracy_axis, w.clone(), acc);
        draw_series(&mut c, &[series])?;
        let mut c = chart(
            &bottom,
            TEXT.toy_loss,
            -1.0..5.0,
            0.0..1.5,
            TEXT.weight,
            TEXT.toy_loss_axis,
        )?;
        // the second colour of the book's palette, to tell it from the top
        let style = stroke(1, 2.0);
        c.draw_series(LineSeries::new(w.into_iter().zip(loss), style))?;
        Ok(())
    })
}
