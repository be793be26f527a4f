//! What the chapter draws: the shapes of a batch flowing through the
//! 784-100-10 network, each matrix product in the Falk layout.

use kit::Figure;
use kit::plot::{color, font, scaled, svg_figure};
use plotters::element::Text as Label;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{mnist_arrays, shape_text};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![shape_flow];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    /// The title, from the batch size and the layer sizes (`784-100-10`).
    title: fn(usize, &str) -> String,
    /// In the corner between two factors: which dimensions must agree.
    inner_rule: fn(&str, &str) -> String,
    sigmoid: &'static str,
    key_data: &'static str,
    key_weights: &'static str,
    key_product: &'static str,
    key_inner: &'static str,
    /// Under the figure, from the batch size.
    note: fn(usize) -> String,
}

const TEXT: Text = Text {
    title: |batch_size, sizes| {
        format!("一批 {batch_size} 个样本流过 {sizes} 网络")
    },
    inner_rule: |left, right| format!("{left} 的列数 = {right} 的行数"),
    sigmoid: "sigmoid",
    key_data: "数据：每行一个样本",
    key_weights: "权重：与批大小无关",
    key_product: "乘积（再加偏置）",
    key_inner: "内侧维度：相等时是正方形",
    note: |batch_size| {
        format!(
            "每个乘积的行数都来自左边：{batch_size} 行（一行一个样本）\
             从 x 一直传到 y"
        )
    },
};

/// Drawn side length, in canvas pixels, of an axis of length `n`: the
/// square root keeps 10 visible next to 784 (on a true scale it would be
/// a sliver).
fn side(n: usize) -> i32 {
    (21.0 * (n as f64).sqrt()).round() as i32
}

/// The drawing area of a figure, in canvas pixels.
type Canvas<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Writes `lines` one under the other, centred on `centre` (horizontally
/// centred) or starting at `centre` (left-aligned) when `h` is `Left`.
fn text_lines(
    root: &Canvas,
    lines: &[&str],
    centre: (i32, i32),
    h: HPos,
) -> kit::Result<()> {
    let step = scaled(17.0) as i32;
    let first = centre.1 - step * (lines.len() as i32 - 1) / 2;
    for (i, line) in lines.iter().enumerate() {
        let style = font(13.0).pos(Pos::new(h, VPos::Center));
        let at = (centre.0, first + step * i as i32);
        root.draw(&Label::new(line.to_string(), at, style))?;
    }
    Ok(())
}

/// Draws a matrix of `shape` as a box with its top-left corner at `at`,
/// filled in `fill`, with its name and shape inside (or to its right when
/// it is narrow). Returns the box as `(x, y, width, height)`.
fn matrix_box(
    root: &Canvas,
    at: (i32, i32),
    shape: &[usize],
    name: &str,
    fill: RGBColor,
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
    if w > scaled(60.0) as i32 {
        text_lines(root, &lines, (x0 + w / 2, y0 + h / 2), HPos::Center)?;
    } else {
        let at = (x0 + w + scaled(5.0) as i32, y0 + h / 2);
        text_lines(root, &lines, at, HPos::Left)?;
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
        matrix_box(root, (x0, top), left.1, left.0, color(0))?;
    let right_h = side(right.1[0]);
    let (rx, ry) = (lx + lw + GAP, ly - GAP - right_h);
    matrix_box(root, (rx, ry), right.1, right.0, color(2))?;
    let corner = (lx, ry, lw, right_h);
    dashed_box(root, corner, 6.0)?;
    let equal = format!("{} = {}", left.1[1], right.1[0]);
    let which = (TEXT.inner_rule)(left.0, right.0);
    // Spelled out where there is room for it.
    let lines = if lw > scaled(150.0) as i32 {
        vec![which.as_str(), equal.as_str()]
    } else {
        vec![equal.as_str()]
    };
    let centre = (lx + lw / 2, ry + right_h / 2);
    text_lines(root, &lines, centre, HPos::Center)?;
    matrix_box(root, (rx, ly), result.1, result.0, color(1))
}

/// Figure 3-1: a batch through the 784-100-10 network, drawn from the
/// shapes of the arrays [`mnist_arrays`] builds.
fn shape_flow() -> kit::Result<String> {
    let net = mnist_arrays(100)?;
    let batch_size = net.x.nrows();
    // 784-100-10, read off the arrays
    let sizes =
        format!("{}-{}-{}", net.x.ncols(), net.a1.ncols(), net.y.ncols());
    svg_figure(|root| {
        let title = (TEXT.title)(batch_size, &sizes);
        let top = font(18.0).pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Label::new(title, (800, scaled(8.0) as i32), top))?;

        let y_bottom = 890;
        let z1_shape = [batch_size, net.w1.ncols()];
        let (zx, zy, zw, zh) = product_diagram(
            root,
            (60, y_bottom),
            ("x", net.x.shape()),
            ("W1", net.w1.shape()),
            ("x·W1 + b1", &z1_shape),
        )?;
        let a1_x = zx + zw + scaled(56.0) as i32;
        product_diagram(
            root,
            (a1_x, y_bottom),
            ("a1", net.a1.shape()),
            ("W2", net.w2.shape()),
            ("y = a1·W2 + b2", net.y.shape()),
        )?;

        // sigmoid between the two products: the shape does not change
        let mid = zy + zh / 2;
        let arrow = BLACK.stroke_width(scaled(1.2));
        let pad = scaled(4.0) as i32;
        let (from, to) = (zx + zw + pad, a1_x - pad);
        root.draw(&PathElement::new(vec![(from, mid), (to, mid)], arrow))?;
        let head = scaled(5.0) as i32;
        let tip =
            vec![(to - head, mid - head), (to, mid), (to - head, mid + head)];
        root.draw(&PathElement::new(tip, arrow))?;
        let above = font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom));
        let label_at = ((from + to) / 2, mid - scaled(4.0) as i32);
        root.draw(&Label::new(TEXT.sigmoid, label_at, above))?;

        // the key, in the empty top right
        let key = [
            (color(0), TEXT.key_data),
            (color(2), TEXT.key_weights),
            (color(1), TEXT.key_product),
        ];
        let (kx, ky, step) = (940, 130, scaled(20.0) as i32);
        let swatch = scaled(10.0) as i32;
        for (i, (c, text)) in key.iter().enumerate() {
            let y = ky + step * i as i32;
            let corners = [(kx, y - swatch / 2), (kx + swatch, y + swatch / 2)];
            root.draw(&Rectangle::new(corners, c.mix(0.25).filled()))?;
            root.draw(&Rectangle::new(corners, c.stroke_width(scaled(1.2))))?;
            let at = (kx + swatch + scaled(6.0) as i32, y);
            text_lines(root, &[text], at, HPos::Left)?;
        }
        let y = ky + step * key.len() as i32;
        dashed_box(root, (kx, y - swatch / 2, swatch, swatch), 1.5)?;
        let at = (kx + swatch + scaled(6.0) as i32, y);
        text_lines(root, &[TEXT.key_inner], at, HPos::Left)?;

        let note = (TEXT.note)(batch_size);
        let below = font(13.0).pos(Pos::new(HPos::Left, VPos::Top));
        root.draw(&Label::new(
            note,
            (60, y_bottom + scaled(8.0) as i32),
            below,
        ))?;
        Ok(())
    })
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
        let svg = shape_flow().unwrap();
        assert!(svg.contains(&format!("(100, {INPUT_SIZE})")));
        assert!(svg.contains(&format!("{INPUT_SIZE} = {INPUT_SIZE}")));
    }
}
