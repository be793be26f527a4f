//! What the chapter draws: the source book's three-layer network with
//! one weight and one bias named by their indices, and the shapes of a
//! batch flowing through the 784-100-10 network, each matrix product in
//! the Falk layout.

use kit::Figure;
use kit::plot::{along, color, diagram_label, edge_between, font, scaled};
use kit::plot::{svg_figure, svg_panel};
use plotters::element::Text as Label;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use ch02_activations::three_layers;

use crate::{mnist_arrays, shape_text};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] =
    kit::figures![three_layer_network, shape_flow_1, shape_flow_2];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    /// Above each column of figure 3-1: the layer's number and its kind.
    layers: [(&'static str, &'static str); 4],
    /// The inputs and the outputs of figure 3-1.
    x: [&'static str; 2],
    y: [&'static str; 2],
    /// The bias neuron: its input is always 1.
    bias_neuron: &'static str,
    /// The labels on the two marked connections, from their values.
    weight: fn(f64) -> String,
    bias: fn(f64) -> String,
    /// Under figure 3-1: what each index of the two labels says.
    weight_says: &'static str,
    bias_says: &'static str,
    /// The title of each panel of figure 3-2, from the layer's formula.
    panel: fn(usize, &str) -> String,
    /// In the corner between two factors: which dimensions must agree,
    /// in two lines.
    inner_rule: fn(&str, &str) -> [String; 2],
    key_data: &'static str,
    key_weights: &'static str,
    key_product: &'static str,
    key_inner: &'static str,
}

const TEXT: Text = Text {
    layers: [
        ("第 0 层", "输入层"),
        ("第 1 层", "隐藏层"),
        ("第 2 层", "隐藏层"),
        ("第 3 层", "输出层"),
    ],
    x: ["x₁", "x₂"],
    y: ["y₁", "y₂"],
    bias_neuron: "1",
    weight: |w| format!("w⁽¹⁾₁₂ = {w:.1}"),
    bias: |b| format!("b⁽¹⁾₂ = {b:.1}"),
    weight_says: "w⁽¹⁾₁₂：第 1 层的权重，从 x₁ 到第 1 层的神经元 2",
    bias_says: "b⁽¹⁾₂：第 1 层神经元 2 的偏置（它的输入恒为 1）",
    panel: |layer, formula| format!("第 {layer} 层：{formula}"),
    inner_rule: |left, right| {
        [format!("{left} 的列数"), format!("= {right} 的行数")]
    },
    key_data: "数据：每行一个样本",
    key_weights: "权重：与批大小无关",
    key_product: "乘积（再加偏置）",
    key_inner: "内侧维数：相等时是正方形",
};

/// Where neuron `i` of a layer of `n` neurons sits: the layers are
/// centred on the same line, `GAP_Y` apart.
fn neuron_y(i: usize, n: usize) -> i32 {
    const CENTRE: i32 = 440;
    const GAP_Y: i32 = 200;
    CENTRE + GAP_Y * (2 * i as i32 - (n as i32 - 1)) / 2
}

/// Radius of a neuron's circle, in canvas pixels.
const RADIUS: i32 = 52;

/// Figure 3-1: the source book's three-layer network (2-3-2-2), every
/// connection drawn, the weight from x₁ to neuron 2 of layer 1 and that
/// neuron's bias marked with their names and values, read off chapter 2's
/// `three_layers`.
fn three_layer_network() -> kit::Result<String> {
    let layers = three_layers();
    let (w1, b1) = &layers[0];
    // sizes of the layers, read off the weights: 2, 3, 2, 2
    let mut sizes = vec![w1.nrows()];
    sizes.extend(layers.iter().map(|(w, _)| w.ncols()));
    let column_x = |k: usize| 200 + 400 * k as i32;
    let at = |k: usize, i: usize| (column_x(k), neuron_y(i, sizes[k]));
    let (weight_colour, bias_colour) = (color(1), color(0));
    svg_figure(|root| {
        let top = font(22.0).pos(Pos::new(HPos::Center, VPos::Top));
        for (k, (number, kind)) in TEXT.layers.iter().enumerate() {
            let x = column_x(k);
            root.draw(&Label::new(*number, (x, 20), top.clone()))?;
            root.draw(&Label::new(*kind, (x, 80), top.clone()))?;
        }
        // every connection, thin and grey
        let thin = RGBColor(170, 170, 170).stroke_width(scaled(0.8));
        for k in 1..sizes.len() {
            for i in 0..sizes[k - 1] {
                for j in 0..sizes[k] {
                    let path = edge_between(at(k - 1, i), at(k, j), RADIUS);
                    root.draw(&PathElement::new(path, thin))?;
                }
            }
        }
        // the bias neuron of layer 0, below the inputs, and its
        // connection to neuron 2 of layer 1 (index 1)
        let bias_at = (column_x(0), neuron_y(2, 3) + 120);
        let thick = |c: RGBColor| c.stroke_width(scaled(2.4));
        let to = at(1, 1);
        root.draw(&PathElement::new(
            edge_between(bias_at, to, RADIUS),
            thick(bias_colour),
        ))?;
        // w⁽¹⁾₁₂: from x₁ (index 0) to neuron 2 of layer 1 (index 1)
        let from = at(0, 0);
        root.draw(&PathElement::new(
            edge_between(from, to, RADIUS),
            thick(weight_colour),
        ))?;

        let centred = font(22.0).pos(Pos::new(HPos::Center, VPos::Center));
        let ring = BLACK.stroke_width(scaled(1.0));
        for (k, &n) in sizes.iter().enumerate() {
            for i in 0..n {
                let c = at(k, i);
                root.draw(&Circle::new(c, RADIUS, WHITE.filled()))?;
                root.draw(&Circle::new(c, RADIUS, ring))?;
                let name = match k {
                    0 => TEXT.x[i].to_string(),
                    k if k + 1 == sizes.len() => TEXT.y[i].to_string(),
                    _ => (i + 1).to_string(),
                };
                root.draw(&Label::new(name, c, centred.clone()))?;
            }
        }
        let grey = RGBColor(225, 225, 225);
        root.draw(&Circle::new(bias_at, RADIUS, grey.filled()))?;
        root.draw(&Circle::new(bias_at, RADIUS, ring))?;
        root.draw(&Label::new(TEXT.bias_neuron, bias_at, centred.clone()))?;

        // the weight's name above the network, with a line to its
        // connection; the bias's name beside the bias neuron
        let w = (TEXT.weight)(w1[[0, 1]]);
        let w_at = (column_x(0) + 110, 215);
        let leader = weight_colour.stroke_width(scaled(0.8));
        let on_edge = along(from, to, 0.3);
        let below_label = (w_at.0, w_at.1 + 30);
        root.draw(&PathElement::new(vec![below_label, on_edge], leader))?;
        root.draw(&Label::new(
            w,
            w_at,
            diagram_label(&weight_colour, HPos::Center),
        ))?;
        let b = (TEXT.bias)(b1[1]);
        let b_at = (bias_at.0 + RADIUS + 25, bias_at.1 + 10);
        root.draw(&Label::new(
            b,
            b_at,
            diagram_label(&bias_colour, HPos::Left),
        ))?;

        // what the indices say
        let says = [
            (TEXT.weight_says, weight_colour),
            (TEXT.bias_says, bias_colour),
        ];
        for (row, (text, c)) in says.iter().enumerate() {
            let at = (60, 895 + 60 * row as i32);
            root.draw(&Label::new(*text, at, diagram_label(c, HPos::Left)))?;
        }
        Ok(())
    })
}

/// Drawn side length, in canvas pixels, of an axis of length `n`: the
/// square root keeps 10 visible next to 784 (on a true scale it would be
/// a sliver).
fn side(n: usize) -> i32 {
    (17.0 * (n as f64).sqrt()).round() as i32
}

/// The drawing area of a figure, in canvas pixels.
type Canvas<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// The style of the words in figure 3-2's boxes and key.
fn box_font(h: HPos) -> TextStyle<'static> {
    font(13.0).pos(Pos::new(h, VPos::Center))
}

/// The distance from one line of [`text_lines`] to the next.
fn line_step() -> i32 {
    scaled(22.0) as i32
}

/// Writes `lines` one under the other, centred on `centre` (horizontally
/// centred) or starting at `centre` (left-aligned) when `h` is `Left`.
fn text_lines(
    root: &Canvas,
    lines: &[&str],
    centre: (i32, i32),
    h: HPos,
) -> kit::Result<()> {
    let step = line_step();
    let first = centre.1 - step * (lines.len() as i32 - 1) / 2;
    for (i, line) in lines.iter().enumerate() {
        let at = (centre.0, first + step * i as i32);
        root.draw(&Label::new(line.to_string(), at, box_font(h)))?;
    }
    Ok(())
}

/// Where a box's name and shape go when they do not fit inside it.
#[derive(Clone, Copy)]
enum Overflow {
    /// To the right of the box, level with its middle.
    Right,
    /// Under the box, centred on it.
    Below,
}

/// Draws a matrix of `shape` as a box with its top-left corner at `at`,
/// filled in `fill`, with its name and shape inside, or beside it
/// (`overflow`) when they do not fit. Returns the box as
/// `(x, y, width, height)`.
fn matrix_box(
    root: &Canvas,
    at: (i32, i32),
    shape: &[usize],
    name: &str,
    fill: RGBColor,
    overflow: Overflow,
) -> kit::Result<(i32, i32, i32, i32)> {
    let [rows, cols] = shape[..] else {
        return Err(format!("{name} is not a matrix: {shape:?}").into());
    };
    let (w, h) = (side(cols), side(rows));
    let (x0, y0) = at;
    let corners = [(x0, y0), (x0 + w, y0 + h)];
    root.draw(&Rectangle::new(corners, fill.mix(0.25).filled()))?;
    root.draw(&Rectangle::new(corners, fill.stroke_width(scaled(1.2))))?;
    let shape = shape_text(shape);
    let lines = [name, shape.as_str()];
    let mut widest = 0;
    for line in lines {
        let (width, _) =
            root.estimate_text_size(line, &box_font(HPos::Left))?;
        widest = widest.max(width as i32);
    }
    let pad = scaled(5.0) as i32;
    let tall = line_step() * lines.len() as i32;
    if widest + 2 * pad <= w && tall <= h {
        text_lines(root, &lines, (x0 + w / 2, y0 + h / 2), HPos::Center)?;
    } else {
        match overflow {
            Overflow::Right => {
                let at = (x0 + w + pad, y0 + h / 2);
                text_lines(root, &lines, at, HPos::Left)?;
            }
            Overflow::Below => {
                let at = (x0 + w / 2, y0 + h + pad + tall / 2);
                text_lines(root, &lines, at, HPos::Center)?;
            }
        }
    }
    Ok((x0, y0, w, h))
}

/// A straight segment cut into dashes `dash` px long with gaps of `gap` px
/// (of a 640-pixel figure), each dash a two-point path.
fn dashes(
    from: (i32, i32),
    to: (i32, i32),
    dash: f64,
    gap: f64,
) -> Vec<Vec<(i32, i32)>> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let length = dx.hypot(dy);
    let (dash, period) =
        (f64::from(scaled(dash)), f64::from(scaled(dash + gap)));
    let at = |t: f64| {
        let f = t / length;
        (
            from.0 + (f * dx).round() as i32,
            from.1 + (f * dy).round() as i32,
        )
    };
    let mut found = Vec::new();
    let mut t = 0.0;
    while t < length {
        found.push(vec![at(t), at((t + dash).min(length))]);
        t += period;
    }
    found
}

/// A dashed rectangle, with dashes `len` px long (of a 640-pixel figure).
fn dashed_box(
    root: &Canvas,
    (x, y, w, h): (i32, i32, i32, i32),
    len: f64,
) -> kit::Result<()> {
    let style = BLACK.mix(0.6).stroke_width(scaled(0.8));
    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
    for pair in corners.windows(2) {
        for dash in dashes(pair[0], pair[1], len, len * 2.0 / 3.0) {
            root.draw(&PathElement::new(dash, style))?;
        }
    }
    Ok(())
}

/// Space between the boxes of a product, in canvas pixels.
const GAP: i32 = 15;

/// One matrix product drawn in the Falk layout: `left` to the left of the
/// result, `right` above it, `left`'s bottom-left corner at
/// `bottom_left`. The result's rows line up with `left`'s rows and its
/// columns with `right`'s columns; the empty corner between `left` and
/// `right` (dashed) is `left`'s width by `right`'s height, a square
/// exactly when the inner dimensions agree. Returns the result's box.
fn product_diagram(
    root: &Canvas,
    bottom_left: (i32, i32),
    left: (&str, &[usize]),
    right: (&str, &[usize]),
    result: (&str, &[usize]),
) -> kit::Result<(i32, i32, i32, i32)> {
    let (x0, y_bottom) = bottom_left;
    let top = y_bottom - side(left.1[0]);
    let (lx, ly, lw, _) =
        matrix_box(root, (x0, top), left.1, left.0, color(0), Overflow::Below)?;
    let right_h = side(right.1[0]);
    let (rx, ry) = (lx + lw + GAP, ly - GAP - right_h);
    matrix_box(root, (rx, ry), right.1, right.0, color(2), Overflow::Right)?;
    let corner = (lx, ry, lw, right_h);
    dashed_box(root, corner, 6.0)?;
    let equal = format!("{} = {}", left.1[1], right.1[0]);
    let [cols, rows] = (TEXT.inner_rule)(left.0, right.0);
    let fits = |line: &str| -> kit::Result<bool> {
        let (width, _) =
            root.estimate_text_size(line, &box_font(HPos::Left))?;
        Ok(width as i32 + 2 * scaled(5.0) as i32 <= lw)
    };
    let centre = (lx + lw / 2, ry + right_h / 2);
    if fits(&cols)? && fits(&rows)? {
        // spelled out where there is room for it
        text_lines(root, &[&cols, &rows, &equal], centre, HPos::Center)?;
    } else if fits(&equal)? {
        text_lines(root, &[&equal], centre, HPos::Center)?;
    } else {
        // above the corner, where a small square leaves room
        let above = (centre.0, ry - line_step() / 2 - scaled(4.0) as i32);
        text_lines(root, &[&equal], above, HPos::Center)?;
    }
    matrix_box(
        root,
        (rx, ly),
        result.1,
        result.0,
        color(1),
        Overflow::Right,
    )
}

/// The bottom of the lowest boxes of both panels of figure 3-2: the same
/// in both, so that the rows of a batch line up across them.
const Y_BOTTOM: i32 = 760;

/// The left edge of the first box of each panel of figure 3-2.
const X_LEFT: i32 = 60;

/// Draws one panel of figure 3-2: `left · right (+ bias) = result`, for
/// layer `layer` of the 784-100-10 network.
fn shape_panel(
    layer: usize,
    formula: &str,
    left: (&str, &[usize]),
    right: (&str, &[usize]),
    result: (&str, &[usize]),
    key: bool,
) -> kit::Result<String> {
    svg_panel(|root| {
        let title = (TEXT.panel)(layer, formula);
        let top = font(22.0).pos(Pos::new(HPos::Left, VPos::Top));
        root.draw(&Label::new(title, (X_LEFT, 10), top))?;
        product_diagram(root, (X_LEFT, Y_BOTTOM), left, right, result)?;
        if key {
            draw_key(root, (560, 150))?;
        }
        Ok(())
    })
}

/// The key of figure 3-2: what the colours and the dashed corner mean,
/// from `at` (the first swatch's top left) down.
fn draw_key(root: &Canvas, (kx, ky): (i32, i32)) -> kit::Result<()> {
    let key = [
        (color(0), TEXT.key_data),
        (color(2), TEXT.key_weights),
        (color(1), TEXT.key_product),
    ];
    let step = scaled(26.0) as i32;
    let swatch = scaled(14.0) as i32;
    for (i, (c, text)) in key.iter().enumerate() {
        let y = ky + step * i as i32;
        let corners = [(kx, y - swatch / 2), (kx + swatch, y + swatch / 2)];
        root.draw(&Rectangle::new(corners, c.mix(0.25).filled()))?;
        root.draw(&Rectangle::new(corners, c.stroke_width(scaled(1.2))))?;
        let at = (kx + swatch + scaled(6.0) as i32, y);
        text_lines(root, &[text], at, HPos::Left)?;
    }
    let y = ky + step * key.len() as i32;
    dashed_box(root, (kx, y - swatch / 2, swatch, swatch), 2.0)?;
    let at = (kx + swatch + scaled(6.0) as i32, y);
    text_lines(root, &[TEXT.key_inner], at, HPos::Left)
}

/// Figure 3-2, left panel: layer 1 of the 784-100-10 network for a batch
/// of 100, drawn from the shapes of the arrays [`mnist_arrays`] builds.
fn shape_flow_1() -> kit::Result<String> {
    let net = mnist_arrays(100)?;
    let a1_shape = [net.x.nrows(), net.w1.ncols()];
    shape_panel(
        1,
        "a1 = x·W1 + b1",
        ("x", net.x.shape()),
        ("W1", net.w1.shape()),
        ("a1", &a1_shape),
        false,
    )
}

/// Figure 3-2, right panel: layer 2, from `z1 = sigmoid(a1)` to the
/// scores `y`, with the key.
fn shape_flow_2() -> kit::Result<String> {
    let net = mnist_arrays(100)?;
    shape_panel(
        2,
        "y = z1·W2 + b2",
        ("z1", net.z1.shape()),
        ("W2", net.w2.shape()),
        ("y", net.y.shape()),
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::INPUT_SIZE;

    #[test]
    fn dashes_cover_a_segment() {
        let d = dashes((0, 0), (100, 0), 6.0, 4.0);
        assert_eq!(d[0], vec![(0, 0), (15, 0)]);
        assert!(d.iter().all(|p| p[1].0 <= 100));
    }

    #[test]
    fn the_figure_shows_the_shapes_and_the_inner_dimensions() {
        let svg = shape_flow_1().unwrap();
        assert!(svg.contains(&format!("(100, {INPUT_SIZE})")));
        assert!(svg.contains(&format!("{INPUT_SIZE} = {INPUT_SIZE}")));
        let svg = shape_flow_2().unwrap();
        assert!(svg.contains("(100, 10)") && svg.contains("100 = 100"));
    }

    #[test]
    fn the_network_names_the_weight_and_bias_it_marks() {
        // w⁽¹⁾₁₂ is row 1, column 2 of W⁽¹⁾: w1[[0, 1]] = 0.3 in code
        let svg = three_layer_network().unwrap();
        assert!(svg.contains("w⁽¹⁾₁₂ = 0.3"), "{svg}");
        assert!(svg.contains("b⁽¹⁾₂ = 0.2"));
        // 2 + 3 + 2 + 2 neurons and the bias neuron, each a filled disc
        // and a ring
        assert_eq!(svg.matches("<circle").count(), 2 * 10);
    }
}
