//! What the chapter draws: the output layer as a picture (identity and
//! softmax), the softmax of the source book's scores as bars, and how
//! scaling the scores sharpens or flattens it.

use kit::Figure;
use kit::plot::{Chart, book_legend, book_mesh, class_bar_chart};
use kit::plot::{color, diagram_label, edge_between, font, scaled};
use kit::plot::{svg_figure, svg_panel};
use ndarray::{Array1, aview1};
use plotters::element::Text as Label;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{BOOK_SCORES, identity_function, softmax};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![
    output_identity,
    output_softmax,
    softmax_bars_scores,
    softmax_bars_probabilities,
    softmax_sharpen,
];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    /// The panel titles of figure 4-1.
    identity: &'static str,
    softmax: &'static str,
    /// Above the two columns of figure 4-1.
    scores_column: &'static str,
    outputs_column: &'static str,
    /// The neurons of figure 4-1, by class.
    score: fn(usize) -> String,
    output: fn(usize) -> String,
    /// Under each panel of figure 4-1: how output 0 is computed, one
    /// line or two.
    identity_formula: &'static [&'static str],
    softmax_formula: &'static [&'static str],
    /// The x axis of every bar chart.
    class: &'static str,
    scores: &'static str,
    scores_axis: &'static str,
    scores_legend: &'static str,
    probabilities: &'static str,
    probabilities_axis: &'static str,
    probabilities_legend: &'static str,
}

const TEXT: Text = Text {
    identity: "恒等函数",
    softmax: "softmax",
    scores_column: "得分",
    outputs_column: "输出",
    score: |k| format!("a{}", subscript(k)),
    output: |k| format!("y{}", subscript(k)),
    identity_formula: &["y₀ = a₀"],
    softmax_formula: &["y₀ = exp(a₀) /", "(exp(a₀) + exp(a₁) + exp(a₂))"],
    class: "类别 k",
    scores: "得分 a",
    scores_axis: "aₖ",
    scores_legend: "a",
    probabilities: "概率 y = softmax(a)",
    probabilities_axis: "yₖ",
    probabilities_legend: "softmax(a)",
};

/// The digits of `k` as Unicode subscripts: 12 becomes ₁₂.
fn subscript(k: usize) -> String {
    const DIGITS: [char; 10] =
        ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    k.to_string()
        .chars()
        .filter_map(|d| d.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect()
}

/// The factors the scores are scaled by in figure 4-3.
const SCALES: [f64; 3] = [0.5, 1.0, 2.0];

/// Which output layer a panel of figure 4-1 shows.
#[derive(Clone, Copy, PartialEq)]
enum OutputLayer {
    Identity,
    Softmax,
}

/// Radius of a neuron's circle, in canvas pixels.
const RADIUS: i32 = 58;

/// One panel of figure 4-1: the book's three scores `a₀ a₁ a₂` on the
/// left, the output layer's `y₀ y₁ y₂` on the right, with the values
/// computed by [`identity_function`] or [`softmax`]. Output 0's
/// connections are drawn in colour: one for the identity, all three for
/// softmax.
fn output_panel(layer: OutputLayer) -> kit::Result<String> {
    let a = aview1(&BOOK_SCORES).to_owned();
    let (title, y, formula) = match layer {
        OutputLayer::Identity => {
            (TEXT.identity, identity_function(&a), TEXT.identity_formula)
        }
        OutputLayer::Softmax => {
            (TEXT.softmax, softmax(a.view())?, TEXT.softmax_formula)
        }
    };
    let n = a.len();
    let (left_x, right_x) = (330, 870);
    let row_y = |k: usize| 280 + 180 * k as i32;
    svg_panel(|root| {
        let black = diagram_label(&BLACK, HPos::Center);
        root.draw(&Label::new(title, (600, 45), black.clone()))?;
        let scores = (left_x, 155);
        root.draw(&Label::new(TEXT.scores_column, scores, black.clone()))?;
        let outputs = (right_x, 155);
        root.draw(&Label::new(TEXT.outputs_column, outputs, black.clone()))?;

        let thin = RGBColor(170, 170, 170).stroke_width(scaled(1.0));
        let thick = color(1).stroke_width(scaled(2.4));
        for k in 0..n {
            for i in 0..n {
                let connected = layer == OutputLayer::Softmax || i == k;
                if !connected {
                    continue;
                }
                let path = edge_between(
                    (left_x, row_y(i)),
                    (right_x, row_y(k)),
                    RADIUS,
                );
                let style = if k == 0 { thick } else { thin };
                root.draw(&PathElement::new(path, style))?;
            }
        }
        let ring = BLACK.stroke_width(scaled(1.0));
        for k in 0..n {
            let neurons = [
                ((left_x, row_y(k)), (TEXT.score)(k)),
                ((right_x, row_y(k)), (TEXT.output)(k)),
            ];
            for (at, name) in neurons {
                root.draw(&Circle::new(at, RADIUS, WHITE.filled()))?;
                root.draw(&Circle::new(at, RADIUS, ring))?;
                root.draw(&Label::new(name, at, black.clone()))?;
            }
            // the values beside the neurons
            let value = format!("{:.1}", a[k]);
            let at = (left_x - RADIUS - 20, row_y(k));
            root.draw(&Label::new(
                value,
                at,
                diagram_label(&BLACK, HPos::Right),
            ))?;
            let value = match layer {
                OutputLayer::Identity => format!("{:.1}", y[k]),
                OutputLayer::Softmax => format!("{:.2}", y[k]),
            };
            let at = (right_x + RADIUS + 20, row_y(k));
            root.draw(&Label::new(
                value,
                at,
                diagram_label(&BLACK, HPos::Left),
            ))?;
        }
        for (i, line) in formula.iter().enumerate() {
            let at = (600, 790 + 65 * i as i32);
            let style = diagram_label(&color(1), HPos::Center);
            root.draw(&Label::new(*line, at, style))?;
        }
        Ok(())
    })
}

/// Figure 4-1, left panel: the identity output layer, each output from
/// one score.
fn output_identity() -> kit::Result<String> {
    output_panel(OutputLayer::Identity)
}

/// Figure 4-1, right panel: the softmax output layer, each output from
/// every score.
fn output_softmax() -> kit::Result<String> {
    output_panel(OutputLayer::Softmax)
}

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

/// Which panel of figure 4-2.
#[derive(Clone, Copy)]
enum Bars {
    Scores,
    Probabilities,
}

/// One panel of figure 4-2: the book's scores, or their softmax, as bars.
fn bars_panel(which: Bars) -> kit::Result<String> {
    let a = aview1(&BOOK_SCORES).to_owned();
    let (title, values, top, axis, legend, i) = match which {
        Bars::Scores => (
            TEXT.scores,
            a.clone(),
            4.6,
            TEXT.scores_axis,
            TEXT.scores_legend,
            0,
        ),
        Bars::Probabilities => (
            TEXT.probabilities,
            softmax(a.view())?,
            1.0,
            TEXT.probabilities_axis,
            TEXT.probabilities_legend,
            1,
        ),
    };
    svg_panel(|root| {
        let classes = values.len();
        let mut c = class_bar_chart(
            root,
            title,
            classes,
            0.0..top,
            TEXT.class,
            axis,
            1,
        )?;
        draw_bars(&mut c, i, legend, &values, 0.0, 0.6)
    })
}

/// Figure 4-2, left panel: the scores of the book's example.
fn softmax_bars_scores() -> kit::Result<String> {
    bars_panel(Bars::Scores)
}

/// Figure 4-2, right panel: their softmax.
fn softmax_bars_probabilities() -> kit::Result<String> {
    bars_panel(Bars::Probabilities)
}

/// Figure 4-3: softmax of the scores scaled by 0.5, 1 and 2. The caption
/// on the page says what it shows, so the chart has no title.
fn softmax_sharpen() -> kit::Result<String> {
    let a = aview1(&BOOK_SCORES);
    let classes = a.len();
    svg_figure(|root| {
        // class_bar_chart's axes, without its title
        let mut c = ChartBuilder::on(root)
            .margin(scaled(12.0))
            // room for the top tick label, which a title would give
            .margin_top(scaled(24.0))
            .x_label_area_size(scaled(60.0))
            .y_label_area_size(scaled(76.0))
            .build_cartesian_2d(-0.5..classes as f64 - 0.5, 0.0..1.0)?;
        book_mesh(&mut c.configure_mesh())
            .disable_x_mesh()
            .x_labels(classes)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.1}"))
            .x_desc(TEXT.class)
            .y_desc(TEXT.probabilities_axis)
            .draw()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscripts_are_unicode() {
        assert_eq!(subscript(0), "₀");
        assert_eq!(subscript(12), "₁₂");
    }

    #[test]
    fn softmax_connects_every_score_and_identity_one() {
        // a line per connection: 3 for the identity, 3 × 3 for softmax
        let lines = |svg: &str| svg.matches("<polyline").count();
        let identity = output_identity().unwrap();
        let softmax = output_softmax().unwrap();
        assert_eq!(lines(&identity), 3);
        assert_eq!(lines(&softmax), 9);
        // the values are the book's: 0.74 for class 2
        assert!(softmax.contains("0.74") && identity.contains("4.0"));
    }
}
