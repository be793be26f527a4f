//! What the chapter draws: the layers of a network, and the three
//! activation functions.

use ch00_tools::arange;
use kit::Figure;
use kit::plot::{Series, color, font, line_chart, scaled, svg_figure};
use ndarray::Array1;
use plotters::element::Text as Label;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] =
    kit::figures![network_layers, step, sigmoid, step_vs_sigmoid, relu];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    x: &'static str,
    y: &'static str,
    step: &'static str,
    sigmoid: &'static str,
    relu: &'static str,
    /// The names of the layers, left to right, for a network with two
    /// hidden layers.
    layers: [&'static str; 4],
    /// After the number of neurons in a layer.
    neurons: &'static str,
    /// The input and output neurons (a Unicode subscript follows) and the
    /// weight matrices between the layers (the layer, as in W⁽¹⁾, follows).
    input: &'static str,
    output: &'static str,
    weights: &'static str,
}

const TEXT: Text = Text {
    x: "输入 x",
    y: "输出 h(x)",
    step: "阶跃函数",
    sigmoid: "sigmoid 函数",
    relu: "ReLU 函数",
    layers: ["输入层", "第 1 个隐藏层", "第 2 个隐藏层", "输出层"],
    neurons: "个神经元",
    input: "x",
    output: "y",
    weights: "W",
};

/// `n` as a Unicode subscript: 1 → ₁.
fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|d| char::from_u32(0x2080 + d.to_digit(10).unwrap_or(0)).unwrap())
        .collect()
}

/// The layer `k` of a weight matrix, as the book writes it: W⁽ᵏ⁾.
fn layer_superscript(k: usize) -> String {
    const DIGITS: [char; 10] =
        ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let digits: String = k
        .to_string()
        .chars()
        .map(|d| DIGITS[d.to_digit(10).unwrap_or(0) as usize])
        .collect();
    format!("⁽{digits}⁾")
}

/// The number of neurons in each layer of `layers`, input layer first:
/// the rows of the first `W`, then the columns of every `W`.
fn widths(layers: &[(ndarray::Array2<f64>, Array1<f64>)]) -> Vec<usize> {
    let first = layers.first().map_or(0, |(w, _)| w.nrows());
    std::iter::once(first)
        .chain(layers.iter().map(|(w, _)| w.ncols()))
        .collect()
}

/// Pixel sizes of the network figure, on the canvas of `kit::plot::SIZE`.
const COLUMN_GAP: i32 = 400;
const FIRST_COLUMN: i32 = 200;
const ROW_GAP: i32 = 200;
const CENTRE_Y: i32 = 430;
const RADIUS: i32 = 55;

/// Where neuron `i` of a layer of `n` sits, in column `col`.
fn neuron_at(col: usize, i: usize, n: usize) -> Pixel {
    let x = FIRST_COLUMN + COLUMN_GAP * col as i32;
    let offset = (2 * i as i32 - (n as i32 - 1)) * ROW_GAP / 2;
    (x, CENTRE_Y + offset)
}

/// A point of the canvas, in pixels.
type Pixel = (i32, i32);

/// An arrow from the rim of the circle at `from` to the rim of the one at
/// `to`: a line and a filled head.
fn arrow(
    from: Pixel,
    to: Pixel,
    style: ShapeStyle,
) -> (PathElement<Pixel>, Polygon<Pixel>) {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let len = dx.hypot(dy);
    let (ux, uy) = (dx / len, dy / len);
    let at = |c: Pixel, d: f64| {
        (c.0 + (ux * d).round() as i32, c.1 + (uy * d).round() as i32)
    };
    let r = f64::from(RADIUS);
    let (head, half_width) = (30.0, 13.0);
    let tip = at(to, -(r + 4.0));
    let base = at(to, -(r + 4.0 + head));
    let side = |sign: f64| {
        (
            base.0 + (-uy * half_width * sign).round() as i32,
            base.1 + (ux * half_width * sign).round() as i32,
        )
    };
    let line = PathElement::new(vec![at(from, r), base], style);
    let head = Polygon::new(vec![tip, side(1.0), side(-1.0)], style.filled());
    (line, head)
}

/// Figure 2-1: the layers of the network of 2.6 (`three_layers`): an
/// input layer, two hidden layers and an output layer; every neuron of
/// one layer sends its signal, times a weight, to every neuron of the
/// next.
fn network_layers() -> kit::Result<String> {
    let widths = widths(&crate::three_layers());
    svg_figure(|root| {
        let ink = RGBColor(90, 90, 90).stroke_width(scaled(1.2));
        // the weights: an arrow from each neuron to each of the next layer
        for (col, pair) in widths.windows(2).enumerate() {
            for i in 0..pair[0] {
                for j in 0..pair[1] {
                    let from = neuron_at(col, i, pair[0]);
                    let to = neuron_at(col + 1, j, pair[1]);
                    let (line, head) = arrow(from, to, ink);
                    root.draw(&line)?;
                    root.draw(&head)?;
                }
            }
            let x = FIRST_COLUMN + COLUMN_GAP * col as i32 + COLUMN_GAP / 2;
            let name =
                format!("{}{}", TEXT.weights, layer_superscript(col + 1));
            let centred = font(26.0).pos(Pos::new(HPos::Center, VPos::Center));
            root.draw(&Label::new(name, (x, 110), centred))?;
        }
        // the neurons, and each layer's name and size under it
        let last = widths.len() - 1;
        for (col, &n) in widths.iter().enumerate() {
            let colour = match col {
                0 => color(0),
                c if c == last => color(1),
                _ => color(2),
            };
            for i in 0..n {
                let at = neuron_at(col, i, n);
                root.draw(&Circle::new(at, RADIUS, WHITE.filled()))?;
                let rim = colour.stroke_width(scaled(1.6));
                root.draw(&Circle::new(at, RADIUS, rim))?;
                let name = match col {
                    0 => format!("{}{}", TEXT.input, subscript(i + 1)),
                    c if c == last => {
                        format!("{}{}", TEXT.output, subscript(i + 1))
                    }
                    _ => continue,
                };
                let centred =
                    font(24.0).pos(Pos::new(HPos::Center, VPos::Center));
                root.draw(&Label::new(name, at, centred))?;
            }
            let x = FIRST_COLUMN + COLUMN_GAP * col as i32;
            let top = |size| font(size).pos(Pos::new(HPos::Center, VPos::Top));
            let layer = TEXT.layers.get(col).copied().unwrap_or_default();
            root.draw(&Label::new(layer, (x, 770), top(26.0)))?;
            let size = format!("{n} {}", TEXT.neurons);
            let grey = RGBColor(90, 90, 90);
            root.draw(&Label::new(size, (x, 860), top(23.0).color(&grey)))?;
        }
        Ok(())
    })
}

/// The x axis of every figure: [-5, 5) in steps of 0.1, as in the book.
fn figure_x() -> Array1<f64> {
    arange(-5.0, 5.0, 0.1)
}

/// Figure 2-2: the step function.
fn step() -> kit::Result<String> {
    let x = figure_x();
    let y = crate::step_function(&x);
    line_chart(
        "",
        -5.0..5.0,
        -0.1..1.1,
        TEXT.x,
        TEXT.y,
        &[Series::new(TEXT.step, x, y)],
    )
}

/// Figure 2-3: the sigmoid function.
fn sigmoid() -> kit::Result<String> {
    let x = figure_x();
    let y = crate::sigmoid(&x);
    line_chart(
        "",
        -5.0..5.0,
        -0.1..1.1,
        TEXT.x,
        TEXT.y,
        &[Series::new(TEXT.sigmoid, x, y)],
    )
}

/// Figure 2-4: both on one chart, step dashed.
fn step_vs_sigmoid() -> kit::Result<String> {
    let x = figure_x();
    let sigmoid_y = crate::sigmoid(&x);
    let step_y = crate::step_function(&x);
    line_chart(
        "",
        -5.0..5.0,
        -0.1..1.1,
        TEXT.x,
        TEXT.y,
        &[
            Series::new(TEXT.sigmoid, x.clone(), sigmoid_y),
            Series::new(TEXT.step, x, step_y).dashed(),
        ],
    )
}

/// Figure 2-5: the ReLU function.
fn relu() -> kit::Result<String> {
    let x = figure_x();
    let y = crate::relu(&x);
    line_chart(
        "",
        -5.0..5.0,
        -1.0..5.5,
        TEXT.x,
        TEXT.y,
        &[Series::new(TEXT.relu, x, y)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::element::PointCollection;

    #[test]
    fn the_network_is_the_one_of_three_layers() {
        assert_eq!(widths(&crate::three_layers()), [2, 3, 2, 2]);
        let svg = network_layers().unwrap();
        // 9 neurons, each a white disc and a coloured rim
        assert_eq!(svg.matches("<circle").count(), 2 * 9);
        // one arrow head per weight: 2·3 + 3·2 + 2·2
        assert_eq!(svg.matches("<polygon").count(), 16);
        for name in TEXT.layers {
            assert!(svg.contains(name), "{name}");
        }
        for label in ["x₁", "x₂", "y₁", "y₂", "W⁽¹⁾", "W⁽²⁾", "W⁽³⁾"]
        {
            assert!(svg.contains(label), "{label}");
        }
        assert!(svg.contains("3 个神经元"));
    }

    #[test]
    fn arrows_end_at_the_rims() {
        let ink = BLACK.stroke_width(1);
        let (line, _) = arrow((0, 0), (400, 0), ink);
        let points: Vec<_> = (&line).point_iter().to_vec();
        assert_eq!(points[0], (RADIUS, 0));
        assert!(points[1].0 < 400 - RADIUS, "{points:?}");
        assert_eq!(subscript(12), "₁₂");
    }
}
