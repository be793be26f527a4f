//! Chapter 1: from the perceptron to neural networks.
//!
//! A perceptron with two inputs forms the weighted sum
//! `a = b + w1 x1 + w2 x2` and outputs 1 when `a > 0`, 0 otherwise.
//! With hand-picked weights it becomes the AND, NAND and OR gates
//! ([`AND`], [`NAND`], [`OR`]); XOR is out of reach of a single one and is
//! built from two layers of them ([`xor`]). Finding the weights by hand is
//! what neural networks set out to replace: [`search_grid`] already lets
//! the truth table choose them.
#![doc(test(attr(deny(warnings))))]

pub mod exercises;

use std::io::Write;

use kit::plot::{chart, color, font, scaled, svg_figure};
use kit::{Demo, Figure};
use plotters::prelude::*;

kit::chapter!(DEMOS, FIGURES);

// ANCHOR: perceptron
/// A perceptron with two inputs: weights `w1`, `w2` and a bias `b`.
///
/// $y = 0$ if $b + w_1 x_1 + w_2 x_2 \le 0$, $y = 1$ if
/// $b + w_1 x_1 + w_2 x_2 > 0$.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::Perceptron;
///
/// let p = Perceptron { w1: 0.5, w2: 0.5, b: -0.7 };
/// assert_eq!(p.output(1.0, 1.0), 1.0); // a = 0.3 > 0
/// assert_eq!(p.output(1.0, 0.0), 0.0); // a = -0.2
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Perceptron {
    /// Weight of input `x1`.
    pub w1: f64,
    /// Weight of input `x2`.
    pub w2: f64,
    /// Bias: how easily the perceptron fires (`-b` is its threshold).
    pub b: f64,
}

impl Perceptron {
    /// The weighted sum of the inputs plus the bias.
    ///
    /// $a = b + w_1 x_1 + w_2 x_2$
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_abs_diff_eq;
    /// use ch01_perceptron::AND;
    ///
    /// assert_abs_diff_eq!(AND.weighted_sum(1.0, 1.0), 0.3, epsilon = 1e-12);
    /// ```
    pub fn weighted_sum(&self, x1: f64, x2: f64) -> f64 {
        self.b + self.w1 * x1 + self.w2 * x2
    }

    /// The output signal: 1 when the weighted sum is above 0, else 0.
    ///
    /// $y = 1$ if $a > 0$, $y = 0$ if $a \le 0$ (a step at 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use ch01_perceptron::Perceptron;
    ///
    /// let p = Perceptron { w1: 1.0, w2: 1.0, b: -1.0 };
    /// assert_eq!(p.output(1.0, 0.0), 0.0); // a = 0 exactly: no
    /// assert_eq!(p.output(1.0, 0.5), 1.0); // a = 0.5: yes
    /// ```
    pub fn output(&self, x1: f64, x2: f64) -> f64 {
        if self.weighted_sum(x1, x2) > 0.0 {
            1.0
        } else {
            0.0
        }
    }
}
// ANCHOR_END: perceptron

// ANCHOR: gates
/// The AND gate: fires only when both inputs are 1.
pub const AND: Perceptron = Perceptron {
    w1: 0.5,
    w2: 0.5,
    b: -0.7,
};

/// The NAND gate (NOT AND): AND with every sign flipped.
pub const NAND: Perceptron = Perceptron {
    w1: -0.5,
    w2: -0.5,
    b: 0.7,
};

/// The OR gate: fires when at least one input is 1.
pub const OR: Perceptron = Perceptron {
    w1: 0.5,
    w2: 0.5,
    b: -0.2,
};
// ANCHOR_END: gates

/// The AND gate as a function: `AND.output(x1, x2)`.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{and, truth_table};
///
/// assert_eq!(truth_table(and), [0.0, 0.0, 0.0, 1.0]);
/// ```
pub fn and(x1: f64, x2: f64) -> f64 {
    AND.output(x1, x2)
}

/// The NAND gate as a function: `NAND.output(x1, x2)`.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{nand, truth_table};
///
/// assert_eq!(truth_table(nand), [1.0, 1.0, 1.0, 0.0]);
/// ```
pub fn nand(x1: f64, x2: f64) -> f64 {
    NAND.output(x1, x2)
}

/// The OR gate as a function: `OR.output(x1, x2)`.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{or, truth_table};
///
/// assert_eq!(truth_table(or), [0.0, 1.0, 1.0, 1.0]);
/// ```
pub fn or(x1: f64, x2: f64) -> f64 {
    OR.output(x1, x2)
}

// ANCHOR: xor
/// The XOR gate, built from two layers of perceptrons: NAND and OR read
/// the inputs, AND reads their outputs.
///
/// $s_1 = \mathrm{NAND}(x_1, x_2)$, $s_2 = \mathrm{OR}(x_1, x_2)$,
/// $y = \mathrm{AND}(s_1, s_2)$.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{truth_table, xor};
///
/// assert_eq!(truth_table(xor), [0.0, 1.0, 1.0, 0.0]);
/// ```
pub fn xor(x1: f64, x2: f64) -> f64 {
    let s1 = nand(x1, x2);
    let s2 = or(x1, x2);
    and(s1, s2)
}
// ANCHOR_END: xor

/// A two-input gate as a plain function, such as [`and`] or [`xor`].
pub type Gate = fn(f64, f64) -> f64;

/// The four inputs of a two-input gate, in the order of the truth tables:
/// (0, 0), (1, 0), (0, 1), (1, 1).
pub const INPUTS: [(f64, f64); 4] =
    [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)];

/// The outputs of `gate` for the four [`INPUTS`], in order.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::truth_table;
///
/// // x1 itself, ignoring x2
/// assert_eq!(truth_table(|x1, _| x1), [0.0, 1.0, 0.0, 1.0]);
/// ```
pub fn truth_table(gate: impl Fn(f64, f64) -> f64) -> [f64; 4] {
    INPUTS.map(|(x1, x2)| gate(x1, x2))
}

// ANCHOR: search_grid
/// Every perceptron with whole-number weights and bias in -10..=10 that
/// reproduces `table` (the outputs for the four [`INPUTS`]).
///
/// That is 21 × 21 × 21 = 9261 perceptrons. Whole numbers lose nothing:
/// multiplying `w1`, `w2` and `b` by the same positive number does not
/// change the sign of the weighted sum, so the book's AND (0.5, 0.5,
/// -0.7) is the same gate as (5, 5, -7). They also keep the arithmetic
/// exact. With tenths, `b = -0.3, w1 = 0.1, w2 = 0.2` at (1, 1) gives
/// -0.3 + 0.1 + 0.2, which comes out a rounding error above 0, and a
/// perceptron meant to sit exactly on its line would fire.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{Perceptron, search_grid, truth_table, xor};
///
/// let found = search_grid([0.0, 0.0, 0.0, 1.0]); // AND
/// assert!(found.contains(&Perceptron { w1: 5.0, w2: 5.0, b: -7.0 }));
/// assert!(search_grid(truth_table(xor)).is_empty());
/// ```
pub fn search_grid(table: [f64; 4]) -> Vec<Perceptron> {
    let values = || (-10..=10).map(f64::from);
    let mut found = Vec::new();
    for w1 in values() {
        for w2 in values() {
            for b in values() {
                let p = Perceptron { w1, w2, b };
                if truth_table(|x1, x2| p.output(x1, x2)) == table {
                    found.push(p);
                }
            }
        }
    }
    found
}
// ANCHOR_END: search_grid

/// Demo `gates`: the truth tables of AND, NAND and OR, with the weighted
/// sum `a` (a real number) beside the output `y` (0 or 1).
fn gates_demo(out: &mut dyn Write) -> kit::Result {
    let gates = [("AND", AND), ("NAND", NAND), ("OR", OR)];
    for (i, (name, p)) in gates.into_iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{name}: w1 = {:.1}, w2 = {:.1}, b = {:.1}",
            p.w1, p.w2, p.b
        )?;
        writeln!(out, " x1  x2        a   y")?;
        for (x1, x2) in INPUTS {
            let a = p.weighted_sum(x1, x2);
            let y = p.output(x1, x2);
            writeln!(out, "{x1:3.0} {x2:3.0}  {a:7.1}  {y:2.0}")?;
        }
    }
    Ok(())
}

/// Demo `xor`: the two-layer XOR, with the first layer's outputs.
fn xor_demo(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "s1 = NAND(x1, x2), s2 = OR(x1, x2), y = AND(s1, s2)")?;
    writeln!(out, " x1  x2   s1  s2   y")?;
    for (x1, x2) in INPUTS {
        let (s1, s2) = (nand(x1, x2), or(x1, x2));
        let y = xor(x1, x2);
        writeln!(out, "{x1:3.0} {x2:3.0}  {s1:3.0} {s2:3.0} {y:3.0}")?;
    }
    Ok(())
}

/// `(0, 0, 0, 1)`: a truth table as the program prints it.
fn table_text(table: [f64; 4]) -> String {
    let [a, b, c, d] = table;
    format!("({a}, {b}, {c}, {d})")
}

/// Demo `search`: how many perceptrons of the grid reproduce each gate,
/// and which of all 16 possible truth tables any of them reproduces.
fn search_demo(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "w1, w2, b in -10, -9, ..., 10: 9261 perceptrons")?;
    let gates: [(&str, Gate); 4] =
        [("AND", and), ("NAND", nand), ("OR", or), ("XOR", xor)];
    for (name, gate) in gates {
        let table = truth_table(gate);
        let found = search_grid(table);
        let text = table_text(table);
        write!(out, "{name:<4} {text}: {:3} found", found.len())?;
        match found.first() {
            Some(p) => writeln!(
                out,
                ", e.g. w1 = {}, w2 = {}, b = {}",
                p.w1, p.w2, p.b
            )?,
            None => writeln!(out)?,
        }
    }
    // All 16 tables: output bit i of `n` for input i.
    let mut missing = Vec::new();
    for n in 0..16 {
        let table = [0, 1, 2, 3].map(|i| f64::from((n >> i) & 1));
        if search_grid(table).is_empty() {
            missing.push(table_text(table));
        }
    }
    Ok(writeln!(
        out,
        "of all 16 tables, {} have a perceptron; none for {}",
        16 - missing.len(),
        missing.join(" and ")
    )?)
}

// ANCHOR: nudge
/// Demo `nudge`: AND's bias moved in steps of 0.1. The truth table, and
/// with it the number of right answers, changes only in jumps.
fn nudge_demo(out: &mut dyn Write) -> kit::Result {
    let target = truth_table(and);
    writeln!(out, "w1 = w2 = 0.5; AND should give {}", table_text(target))?;
    writeln!(out, "    b  outputs       right")?;
    for tenths in -12..=2 {
        let p = Perceptron {
            b: f64::from(tenths) / 10.0,
            ..AND
        };
        let table = truth_table(|x1, x2| p.output(x1, x2));
        let right = table.iter().zip(target).filter(|(y, t)| **y == *t);
        let text = table_text(table);
        writeln!(out, "{:5.1}  {text}  {}/4", p.b, right.count())?;
    }
    Ok(())
}
// ANCHOR_END: nudge

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = &[
    Demo::new("gates", gates_demo),
    Demo::new("xor", xor_demo),
    Demo::new("search", search_demo),
    Demo::new("nudge", nudge_demo),
];

/// The range of both axes in the decision-line figure. (With -0.5..1.5,
/// plotters computes the tick at 0 a rounding error below it and labels
/// it "-0.0".)
const LO: f64 = -0.4;
const HI: f64 = 1.4;

/// The corners of the square `[LO, HI]²`, counter-clockwise.
const SQUARE: [(f64, f64); 4] = [(LO, LO), (HI, LO), (HI, HI), (LO, HI)];

/// The part of `polygon` where `p` fires (`a > 0`): one step of
/// Sutherland-Hodgman clipping against the line `a = 0`.
fn clip_to_firing(polygon: &[(f64, f64)], p: &Perceptron) -> Vec<(f64, f64)> {
    let mut kept = Vec::new();
    for (i, &q) in polygon.iter().enumerate() {
        let r = polygon[(i + 1) % polygon.len()];
        let (aq, ar) = (p.weighted_sum(q.0, q.1), p.weighted_sum(r.0, r.1));
        if aq > 0.0 {
            kept.push(q);
        }
        if (aq > 0.0) != (ar > 0.0) {
            let t = aq / (aq - ar);
            kept.push((q.0 + t * (r.0 - q.0), q.1 + t * (r.1 - q.1)));
        }
    }
    kept
}

/// The two ends of the line `a = 0` inside the square, if it crosses it.
fn line_in_square(p: &Perceptron) -> Option<[(f64, f64); 2]> {
    let mut ends: Vec<(f64, f64)> = Vec::new();
    for (i, &q) in SQUARE.iter().enumerate() {
        let r = SQUARE[(i + 1) % SQUARE.len()];
        let (aq, ar) = (p.weighted_sum(q.0, q.1), p.weighted_sum(r.0, r.1));
        if (aq > 0.0) != (ar > 0.0) {
            let t = aq / (aq - ar);
            ends.push((q.0 + t * (r.0 - q.0), q.1 + t * (r.1 - q.1)));
        }
    }
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
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    title: &str,
    gate: Gate,
    firing: &[(f64, f64)],
    lines: &[(Perceptron, &str, (f64, f64))],
) -> kit::Result<()> {
    let area = area.titled(title, font(15.0))?;
    let mut c = chart(&area, "", LO..HI, LO..HI, "输入 x₁", "输入 x₂")?;
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
            let text = Text::new(label.to_string(), at, font(12.0));
            c.draw_series(std::iter::once(text))?;
        }
    }
    for (x1, x2) in INPUTS {
        let size = scaled(6.0) as i32;
        if gate(x1, x2) > 0.0 {
            c.draw_series(std::iter::once(TriangleMarker::new(
                (x1, x2),
                size + scaled(1.0) as i32,
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
}

/// Figure `decision-lines`: each gate's line `w1 x1 + w2 x2 + b = 0`
/// splits the plane into the side where it outputs 1 (shaded) and the side
/// where it outputs 0; XOR needs the two lines of NAND and OR.
fn decision_lines_figure() -> kit::Result<String> {
    svg_figure(|root| {
        let panels = root.split_evenly((2, 2));
        let single: [(&str, Perceptron, Gate); 3] = [
            ("与门 AND", AND, and),
            ("与非门 NAND", NAND, nand),
            ("或门 OR", OR, or),
        ];
        for (area, (name, p, gate)) in panels.iter().zip(single) {
            let title = format!("{name}：{}", line_label(&p));
            let firing = clip_to_firing(&SQUARE, &p);
            gate_panel(area, &title, gate, &firing, &[(p, "", (0.0, 0.0))])?;
        }
        // XOR fires where NAND and OR both fire: between the two lines.
        let firing = clip_to_firing(&clip_to_firing(&SQUARE, &NAND), &OR);
        gate_panel(
            &panels[3],
            "异或门 XOR：与非门与或门的两条线",
            xor,
            &firing,
            // labels on the side of each line where XOR is 0
            &[(NAND, "与非门", (1.12, 0.5)), (OR, "或门", (-0.36, 0.5))],
        )
    })
}

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] =
    &[Figure::new("decision-lines", decision_lines_figure)];

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    // The truth tables of Deep Learning from Scratch ch. 2, in the order
    // (0, 0), (1, 0), (0, 1), (1, 1).
    #[test]
    fn gates_have_their_truth_tables() {
        assert_eq!(truth_table(and), [0.0, 0.0, 0.0, 1.0]);
        assert_eq!(truth_table(nand), [1.0, 1.0, 1.0, 0.0]);
        assert_eq!(truth_table(or), [0.0, 1.0, 1.0, 1.0]);
        assert_eq!(truth_table(xor), [0.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn gates_use_the_books_weights() {
        assert_eq!((AND.w1, AND.w2, AND.b), (0.5, 0.5, -0.7));
        assert_eq!((NAND.w1, NAND.w2, NAND.b), (-0.5, -0.5, 0.7));
        assert_eq!((OR.w1, OR.w2, OR.b), (0.5, 0.5, -0.2));
    }

    #[test]
    fn nand_is_not_and() {
        for (x1, x2) in INPUTS {
            assert_eq!(nand(x1, x2), 1.0 - and(x1, x2));
        }
    }

    #[test]
    fn weighted_sums_of_and() {
        let a = INPUTS.map(|(x1, x2)| AND.weighted_sum(x1, x2));
        for (got, want) in a.iter().zip([-0.7, -0.2, -0.2, 0.3]) {
            assert_abs_diff_eq!(*got, want, epsilon = 1e-12);
        }
    }

    #[test]
    fn output_is_zero_at_exactly_zero() {
        let p = Perceptron {
            w1: 1.0,
            w2: 1.0,
            b: -1.0,
        };
        assert_eq!(p.output(0.5, 0.5), 0.0);
        assert_eq!(p.output(0.5, 0.5 + 1e-12), 1.0);
    }

    #[test]
    fn tenths_are_not_exact_but_whole_numbers_are() {
        let tenths = Perceptron {
            w1: 0.1,
            w2: 0.2,
            b: -0.3,
        };
        assert!(tenths.weighted_sum(1.0, 1.0) > 0.0);
        assert_eq!(tenths.output(1.0, 1.0), 1.0); // should be 0
        let whole = Perceptron {
            w1: 1.0,
            w2: 2.0,
            b: -3.0,
        };
        assert_eq!(whole.weighted_sum(1.0, 1.0), 0.0);
        assert_eq!(whole.output(1.0, 1.0), 0.0);
    }

    #[test]
    fn the_grid_holds_every_gate_but_xor() {
        for gate in [and, nand, or] {
            let table = truth_table(gate);
            let found = search_grid(table);
            assert!(!found.is_empty());
            for p in found {
                assert_eq!(truth_table(|x1, x2| p.output(x1, x2)), table);
            }
        }
        assert!(search_grid(truth_table(xor)).is_empty());
        // XNOR (XOR negated) is not linearly separable either.
        assert!(search_grid([1.0, 0.0, 0.0, 1.0]).is_empty());
    }

    #[test]
    fn the_books_gates_times_ten_are_on_the_grid() {
        let times_ten = |p: Perceptron| Perceptron {
            w1: p.w1 * 10.0,
            w2: p.w2 * 10.0,
            b: p.b * 10.0,
        };
        for (p, gate) in [(AND, and as Gate), (NAND, nand), (OR, or)] {
            let p10 = times_ten(p);
            assert_eq!(
                truth_table(|x1, x2| p10.output(x1, x2)),
                truth_table(gate)
            );
            assert!(search_grid(truth_table(gate)).contains(&p10), "{p10:?}");
        }
    }

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
    fn demos_print_the_tables() {
        let text = CHAPTER.all_output().unwrap();
        assert!(text.contains("  1   1      0.3   1"), "{text}");
        assert!(text.contains("XOR  (0, 1, 1, 0):   0 found"), "{text}");
        assert!(text.contains("14 have a perceptron"), "{text}");
        // the bias nudged: right answers jump, 3 -> 4 -> 2 -> 1
        assert!(text.contains(" -1.0  (0, 0, 0, 0)  3/4"), "{text}");
        assert!(text.contains(" -0.7  (0, 0, 0, 1)  4/4"), "{text}");
        assert!(text.contains("  0.0  (0, 1, 1, 1)  2/4"), "{text}");
        assert!(text.contains("  0.1  (1, 1, 1, 1)  1/4"), "{text}");
    }

    #[test]
    fn figure_shows_xor() {
        let svg = decision_lines_figure().unwrap();
        assert!(svg.contains("异或门 XOR"));
    }
}

kit::chapter_tests!(CHAPTER);
