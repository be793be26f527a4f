//! The chapter's figure with a knob: the source book's scores multiplied
//! by a growing factor, through the naive softmax and the stable one.
//! Past a factor of about 177 the largest score's `exp` overflows and the
//! naive version returns NaN; the stable one never does. Every frame and
//! readout is computed here, by the chapter's own functions.

use kit::Knob;
use kit::plot::{
    book_legend, class_bar_chart, color, font, scaled, svg_figure,
};
use ndarray::{Array1, aview1};
use plotters::element::Text as Label;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::wrong_way::softmax_naive;
use crate::{BOOK_SCORES, softmax};

/// The knobs, in the order of the page.
pub const KNOBS: &[Knob] = &[Knob {
    name: "score-scale",
    label: TEXT.label,
    values: &SCALES,
    start: 0,
    frame: scale_frame,
    readout: scale_readout,
}];

/// The factors the scores are multiplied by: 4.0 × 177 = 708 is below
/// ln(f64::MAX) ≈ 709.78, 4.0 × 178 = 712 above it.
pub const SCALES: [f64; 10] = [
    1.0, 2.0, 5.0, 10.0, 50.0, 100.0, 177.0, 178.0, 250.0, 2500.0,
];

/// Every word of the knob: a translation changes only this.
struct Text {
    label: &'static str,
    title: fn(f64) -> String,
    class: &'static str,
    probability: &'static str,
    naive: &'static str,
    stable: &'static str,
    nan: &'static str,
    readout: fn(f64, &str, &str, &str) -> String,
}

const TEXT: Text = Text {
    label: "得分乘以 s",
    title: |s| format!("a = (0.3, 2.9, 4.0) × {s}"),
    class: "类别 k",
    probability: "yₖ",
    naive: "朴素版本",
    stable: "减去最大值",
    nan: "NaN",
    readout: |s, a, naive, stable| {
        format!(
            "s = {s}：a = ({a})；朴素版本 y = ({naive})，减去最大值 y = ({stable})"
        )
    },
};

/// The scores times `s`, and both softmaxes of them.
fn softmaxes(s: f64) -> kit::Result<[Array1<f64>; 3]> {
    let a = &aview1(&BOOK_SCORES) * s;
    let naive = softmax_naive(a.view());
    let stable = softmax(a.view())?;
    Ok([a, naive, stable])
}

/// Numbers joined with "，" at `digits` decimals (NaN as `NaN`).
fn list(v: &Array1<f64>, digits: usize) -> String {
    let parts: Vec<String> =
        v.iter().map(|x| format!("{x:.digits$}")).collect();
    parts.join(", ")
}

fn scale_frame(s: f64) -> kit::Result<String> {
    let [_, naive, stable] = softmaxes(s)?;
    let classes = BOOK_SCORES.len();
    svg_figure(|root| {
        let mut c = class_bar_chart(
            root,
            &(TEXT.title)(s),
            classes,
            0.0..1.15,
            TEXT.class,
            TEXT.probability,
            1,
        )?;
        let width = 0.36;
        let size = scaled(12.0) as i32;
        for (i, (name, y)) in [(TEXT.naive, &naive), (TEXT.stable, &stable)]
            .into_iter()
            .enumerate()
        {
            let offset = (i as f64 - 0.5) * width;
            let fill = color(i).filled();
            let bars = y.iter().enumerate().filter(|(_, v)| v.is_finite()).map(
                |(k, &v)| {
                    let x = k as f64 + offset;
                    let half = width * 0.45;
                    Rectangle::new([(x - half, 0.0), (x + half, v)], fill)
                },
            );
            c.draw_series(bars)?.label(name).legend(move |(x, y)| {
                Rectangle::new(
                    [(x, y - size / 2), (x + size, y + size / 2)],
                    fill,
                )
            });
            let style = font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom));
            let texts = y.iter().enumerate().map(|(k, &v)| {
                let (text, at) = if v.is_finite() {
                    (format!("{v:.2}"), v)
                } else {
                    (TEXT.nan.to_string(), 0.0)
                };
                let style = if v.is_finite() {
                    style.clone()
                } else {
                    style.clone().color(&RED)
                };
                Label::new(text, (k as f64 + offset, at), style)
            });
            c.draw_series(texts)?;
        }
        book_legend(&mut c.configure_series_labels())
            .position(SeriesLabelPosition::UpperLeft)
            .legend_area_size(scaled(20.0))
            .draw()?;
        Ok(())
    })
}

fn scale_readout(s: f64) -> kit::Result<String> {
    let [a, naive, stable] = softmaxes(s)?;
    Ok((TEXT.readout)(
        s,
        &list(&a, 1),
        &list(&naive, 2),
        &list(&stable, 2),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_appears_between_177_and_178() {
        let [_, naive, _] = softmaxes(177.0).unwrap();
        assert!(naive.iter().all(|v| v.is_finite()));
        let [_, naive, stable] = softmaxes(178.0).unwrap();
        assert!(naive[2].is_nan() && stable.iter().all(|v| v.is_finite()));
        let r = scale_readout(178.0).unwrap();
        assert!(r.contains("朴素版本 y = (0.00, 0.00, NaN)"), "{r}");
    }
}
