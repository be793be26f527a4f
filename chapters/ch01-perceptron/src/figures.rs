//! What the chapter draws: each gate's decision line, and the two lines
//! that XOR needs, one panel per gate.

use kit::Figure;
use kit::plot::{chart, color, font, scaled, svg_panel};
use plotters::element::Text as Label;
use plotters::prelude::*;

use crate::{AND, Gate, INPUTS, NAND, OR, Perceptron, and, nand, or};

/// The figures, by the functions that draw them: the four panels of
/// figure 1-1.
pub const FIGURES: &[Figure] = kit::figures![
    decision_lines_and,
    decision_lines_nand,
    decision_lines_or,
    decision_lines_xor,
];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    x1: &'static str,
    x2: &'static str,
    and: &'static str,
    nand: &'static str,
    or: &'static str,
    /// Between a gate's name and its line in a panel's title.
    title_separator: &'static str,
    xor: &'static str,
    nand_line: &'static str,
    or_line: &'static str,
}

const TEXT: Text = Text {
    x1: "输入 x₁",
    x2: "输入 x₂",
    and: "与门",
    nand: "与非门",
    or: "或门",
    title_separator: "：",
    xor: "异或门：与非门和或门的两条线",
    nand_line: "与非门",
    or_line: "或门",
};

/// The range of both axes in the decision-line figure. (With -0.5..1.5,
/// plotters computes the tick at 0 a rounding error below it and labels
/// it "-0.0".)
const LO: f64 = -0.4;
const HI: f64 = 1.4;

/// The corners of the square `[LO, HI]²`, counter-clockwise.
const SQUARE: [(f64, f64); 4] = [(LO, LO), (HI, LO), (HI, HI), (LO, HI)];

/// Where the line `a = 0` of `p` crosses the segment from `q` to `r`, if
/// it does: there the weighted sum changes sign.
fn crossing(
    p: &Perceptron,
    q: (f64, f64),
    r: (f64, f64),
) -> Option<(f64, f64)> {
    let (aq, ar) = (p.weighted_sum(q.0, q.1), p.weighted_sum(r.0, r.1));
    if (aq > 0.0) == (ar > 0.0) {
        return None;
    }
    let t = aq / (aq - ar);
    Some((q.0 + t * (r.0 - q.0), q.1 + t * (r.1 - q.1)))
}

/// The part of `polygon` where `p` fires (`a > 0`): one step of
/// Sutherland-Hodgman clipping against the line `a = 0`.
fn clip_to_firing(polygon: &[(f64, f64)], p: &Perceptron) -> Vec<(f64, f64)> {
    let mut kept = Vec::new();
    for (i, &q) in polygon.iter().enumerate() {
        let r = polygon[(i + 1) % polygon.len()];
        if p.weighted_sum(q.0, q.1) > 0.0 {
            kept.push(q);
        }
        kept.extend(crossing(p, q, r));
    }
    kept
}

/// The two ends of the line `a = 0` inside the square, if it crosses it.
fn line_in_square(p: &Perceptron) -> Option<[(f64, f64); 2]> {
    let ends: Vec<(f64, f64)> = (0..SQUARE.len())
        .filter_map(|i| crossing(p, SQUARE[i], SQUARE[(i + 1) % SQUARE.len()]))
        .collect();
    match ends[..] {
        [a, b] => Some([a, b]),
        _ => None,
    }
}

/// `0.5x₁ + 0.5x₂ − 0.7 = 0`: the line of `p`, as a label.
fn line_label(p: &Perceptron) -> String {
    let term = |v: f64, first: bool, var: &str| {
        let sign = match (v < 0.0, first) {
            (true, true) => "−",
            (true, false) => " − ",
            (false, true) => "",
            (false, false) => " + ",
        };
        format!("{sign}{:.1}{var}", v.abs())
    };
    format!(
        "{}{}{} = 0",
        term(p.w1, true, "x₁"),
        term(p.w2, false, "x₂"),
        term(p.b, false, "")
    )
}

/// One panel of the decision-line figure: the four inputs coloured by
/// `gate`'s output, the region where `gate` outputs 1 shaded, and the
/// lines of `lines` (the first solid, the next dashed), each with a label
/// whose top-left corner is at the given point.
fn gate_panel(
    title: &str,
    gate: Gate,
    firing: &[(f64, f64)],
    lines: &[(Perceptron, &str, (f64, f64))],
) -> kit::Result<String> {
    svg_panel(|root| {
        // a little room above the title, so it does not touch the edge
        let area = root.margin(scaled(8.0), 0, 0, 0);
        let area = area.titled(title, font(26.0))?;
        let mut c = chart(&area, "", LO..HI, LO..HI, TEXT.x1, TEXT.x2)?;
        let fire = color(1);
        c.draw_series(std::iter::once(Polygon::new(
            firing.to_vec(),
            fire.mix(0.12).filled(),
        )))?;
        let ink = RGBColor(60, 60, 60);
        for (i, &(p, label, at)) in lines.iter().enumerate() {
            let Some([a, b]) = line_in_square(&p) else {
                let line = line_label(&p);
                return Err(format!("the line {line} misses the panel").into());
            };
            let style = ink.stroke_width(scaled(1.6));
            if i == 0 {
                c.draw_series(LineSeries::new([a, b], style))?;
            } else {
                c.draw_series(DashedLineSeries::new(
                    [a, b],
                    scaled(6.0),
                    scaled(4.0),
                    style,
                ))?;
            }
            if !label.is_empty() {
                let text = Label::new(label.to_string(), at, font(24.0));
                c.draw_series(std::iter::once(text))?;
            }
        }
        for (x1, x2) in INPUTS {
            let size = scaled(7.0) as i32;
            if gate(x1, x2) > 0.0 {
                c.draw_series(std::iter::once(TriangleMarker::new(
                    (x1, x2),
                    size + scaled(1.5) as i32,
                    fire.filled(),
                )))?;
            } else {
                c.draw_series(std::iter::once(Circle::new(
                    (x1, x2),
                    size,
                    color(0).filled(),
                )))?;
            }
        }
        Ok(())
    })
}

/// A panel of figure 1-1 for a gate that is one perceptron `p`: its line
/// `w1 x1 + w2 x2 + b = 0` splits the plane into the side where it
/// outputs 1 (shaded) and the side where it outputs 0.
fn single_gate(name: &str, p: Perceptron, gate: Gate) -> kit::Result<String> {
    let title = format!("{name}{}{}", TEXT.title_separator, line_label(&p));
    let firing = clip_to_firing(&SQUARE, &p);
    gate_panel(&title, gate, &firing, &[(p, "", (0.0, 0.0))])
}

/// Figure 1-1, AND: the line cuts (1, 1) off from the other three.
fn decision_lines_and() -> kit::Result<String> {
    single_gate(TEXT.and, AND, and)
}

/// Figure 1-1, NAND: AND's line, with the sides swapped.
fn decision_lines_nand() -> kit::Result<String> {
    single_gate(TEXT.nand, NAND, nand)
}

/// Figure 1-1, OR: the line cuts (0, 0) off from the other three.
fn decision_lines_or() -> kit::Result<String> {
    single_gate(TEXT.or, OR, or)
}

/// Figure 1-1, XOR: it outputs 1 where NAND and OR both do, between the
/// two lines.
fn decision_lines_xor() -> kit::Result<String> {
    let firing = clip_to_firing(&clip_to_firing(&SQUARE, &NAND), &OR);
    gate_panel(
        TEXT.xor,
        crate::xor,
        &firing,
        // labels on the side of each line where XOR is 0
        &[
            (NAND, TEXT.nand_line, (1.05, 0.62)),
            (OR, TEXT.or_line, (-0.36, 0.62)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xor_region_lies_between_the_two_lines() {
        let firing = clip_to_firing(&clip_to_firing(&SQUARE, &NAND), &OR);
        assert!(firing.len() >= 3);
        for (x1, x2) in firing {
            // on or inside both half-planes (up to rounding on the edges)
            assert!(NAND.weighted_sum(x1, x2) > -1e-12);
            assert!(OR.weighted_sum(x1, x2) > -1e-12);
        }
    }

    #[test]
    fn line_labels_read_like_equations() {
        assert_eq!(line_label(&AND), "0.5x₁ + 0.5x₂ − 0.7 = 0");
        assert_eq!(line_label(&NAND), "−0.5x₁ − 0.5x₂ + 0.7 = 0");
    }

    #[test]
    fn each_panel_names_its_gate() {
        let panels = [
            (decision_lines_and(), "与门：0.5x₁ + 0.5x₂ − 0.7 = 0"),
            (decision_lines_nand(), "与非门：−0.5x₁ − 0.5x₂ + 0.7 = 0"),
            (decision_lines_or(), "或门：0.5x₁ + 0.5x₂ − 0.2 = 0"),
            (decision_lines_xor(), TEXT.xor),
        ];
        for (svg, title) in panels {
            let svg = svg.unwrap();
            assert!(svg.contains(title), "{title}");
            assert!(
                svg.contains(" width=\"1200\" "),
                "a panel is 1200 px wide"
            );
        }
    }
}
