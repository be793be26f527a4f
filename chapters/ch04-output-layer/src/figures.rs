//! What the chapter draws: the softmax of the source book's scores as
//! bars, and how scaling the scores sharpens or flattens it.

use kit::Figure;
use kit::plot::{Chart, book_legend, class_bar_chart};
use kit::plot::{color, font, scaled, svg_figure};
use ndarray::{Array1, aview1};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{BOOK_SCORES, softmax};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![softmax_bars, softmax_sharpen];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    /// The x axis of every panel.
    class: &'static str,
    scores: &'static str,
    scores_axis: &'static str,
    scores_legend: &'static str,
    probabilities: &'static str,
    probabilities_axis: &'static str,
    probabilities_legend: &'static str,
    sharpen: &'static str,
}

const TEXT: Text = Text {
    class: "类别 k",
    scores: "得分 a",
    scores_axis: "a_k",
    scores_legend: "a",
    probabilities: "概率 y = softmax(a)",
    probabilities_axis: "y_k",
    probabilities_legend: "softmax(a)",
    sharpen: "softmax(s · a)：s 越大，分布越尖",
};

/// The factors the scores are scaled by in figure 4-2.
const SCALES: [f64; 3] = [0.5, 1.0, 2.0];

/// Draws one bar per value of `values` at classes 0, 1, ..., shifted by
/// `offset` and `width` wide, in palette colour `i`, each with its value
/// written on top, and gives them the legend entry `label`.
fn draw_bars(
    chart: &mut Chart<'_, '_>,
    i: usize,
    label: &str,
    values: &Array1<f64>,
    offset: f64,
    width: f64,
) -> kit::Result<()> {
    let fill = color(i).filled();
    let bars = values.iter().enumerate().map(|(k, &v)| {
        let x = k as f64 + offset;
        Rectangle::new([(x - width / 2.0, 0.0), (x + width / 2.0, v)], fill)
    });
    let size = scaled(12.0) as i32;
    chart.draw_series(bars)?.label(label).legend(move |(x, y)| {
        Rectangle::new([(x, y - size / 2), (x + size, y + size / 2)], fill)
    });
    let style = font(11.0).pos(Pos::new(HPos::Center, VPos::Bottom));
    let texts = values.iter().enumerate().map(|(k, &v)| {
        let at = (k as f64 + offset, v);
        plotters::element::Text::new(format!("{v:.2}"), at, style.clone())
    });
    chart.draw_series(texts)?;
    Ok(())
}

/// Figure 4-1: the scores of the book's example and their softmax, side
/// by side.
fn softmax_bars() -> kit::Result<String> {
    let a = aview1(&BOOK_SCORES).to_owned();
    let y = softmax(a.view())?;
    svg_figure(|root| {
        let (left, right) = root.split_horizontally(800);
        let mut c = class_bar_chart(
            &left,
            TEXT.scores,
            3,
            0.0..4.6,
            TEXT.class,
            TEXT.scores_axis,
            1,
        )?;
        draw_bars(&mut c, 0, TEXT.scores_legend, &a, 0.0, 0.6)?;
        let mut c = class_bar_chart(
            &right,
            TEXT.probabilities,
            3,
            0.0..1.0,
            TEXT.class,
            TEXT.probabilities_axis,
            1,
        )?;
        draw_bars(&mut c, 1, TEXT.probabilities_legend, &y, 0.0, 0.6)?;
        Ok(())
    })
}

/// Figure 4-2: softmax of the scores scaled by 0.5, 1 and 2.
fn softmax_sharpen() -> kit::Result<String> {
    let a = aview1(&BOOK_SCORES);
    svg_figure(|root| {
        let mut c = class_bar_chart(
            root,
            TEXT.sharpen,
            3,
            0.0..1.0,
            TEXT.class,
            TEXT.probabilities_axis,
            1,
        )?;
        let width = 0.26;
        for (i, s) in SCALES.iter().enumerate() {
            let y = softmax((&a * *s).view())?;
            let offset = (i as f64 - 1.0) * width;
            // the legend is the formula s = 0.5, ...: no words to translate
            let label = format!("s = {s:.1}");
            draw_bars(&mut c, i, &label, &y, offset, width * 0.9)?;
        }
        book_legend(&mut c.configure_series_labels())
            .position(SeriesLabelPosition::UpperLeft)
            .legend_area_size(scaled(20.0))
            .draw()?;
        Ok(())
    })
}
