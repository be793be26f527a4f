//! The shared figure style: every chart in the book is drawn through here,
//! so size, palette, fonts and margins have one home.
//!
//! Plotters' SVG backend writes whole-pixel coordinates. On a small canvas a
//! smooth curve would come out as a staircase, so figures are drawn on a
//! large canvas ([`SIZE`]) with fonts and strokes scaled to match, and the
//! page shrinks the SVG to the column width. On a phone that column is
//! about 360 CSS px wide, so no text is drawn smaller than [`MIN_FONT`].

use std::ops::Range;

use plotters::chart::{MeshStyle, SeriesLabelStyle};
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Result;

// ANCHOR: canvas
/// Canvas size in SVG pixels (width, height).
pub const SIZE: (u32, u32) = (1600, 1000);

/// The canvas of one panel of a figure made of several (the page lays the
/// panels out two abreast on a wide screen, one under the other on a
/// phone), in SVG pixels.
pub const PANEL_SIZE: (u32, u32) = (1200, 900);

/// How much larger than plotters' 640 x 400 default the canvas is; fonts and
/// strokes are multiplied by this so they keep their usual proportions.
pub const SCALE: f64 = 2.5;

/// Font family for every label: Simplified Chinese fonts first (a browser
/// set up for Japanese would otherwise draw Japanese glyph forms), then
/// any sans-serif. The browser picks the glyphs, so the machine that draws
/// the figure needs no font at all.
pub const FONT: &str = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// The smallest text size of any figure, as plotters takes it. (Its SVG
/// backend writes `font-size` as the size / 1.24, so this is 43.5 SVG
/// pixels.) Shown 350 CSS px wide on a phone, a canvas of [`SIZE`] draws
/// it at 9.5 CSS px, a panel of [`PANEL_SIZE`] at 12.7.
pub const MIN_FONT: f64 = 54.0;
// ANCHOR_END: canvas

// ANCHOR: palette
/// Colours for series 0, 1, 2, ... (Okabe-Ito, readable for colour-blind
/// readers and on a white ground).
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermilion
    RGBColor(0, 158, 115),   // green
    RGBColor(204, 121, 167), // purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
];

/// The colour of series `i` (wraps around the palette).
///
/// # Examples
///
/// ```
/// use kit::plot::{PALETTE, color};
///
/// assert_eq!(color(1), PALETTE[1]);
/// assert_eq!(color(PALETTE.len()), PALETTE[0]);
/// ```
pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}
// ANCHOR_END: palette

// ANCHOR: font_stroke
/// A text style at `size` points of a 640-pixel figure, scaled to the
/// canvas, and never smaller than [`MIN_FONT`].
pub fn font(size: f64) -> TextStyle<'static> {
    (FONT, (size * SCALE).max(MIN_FONT))
        .into_font()
        .color(&BLACK)
}

/// A line style for series `i`, `width` pixels of a 640-pixel figure wide.
pub fn stroke(i: usize, width: f64) -> ShapeStyle {
    color(i).stroke_width(scaled(width))
}

/// A length in pixels of a 640-pixel figure, scaled to the canvas.
///
/// # Examples
///
/// ```
/// use kit::plot::{font, scaled, stroke};
///
/// assert_eq!(scaled(2.0), 5); // 2 px at 640 wide is 5 px at 1600 wide
/// assert_eq!(stroke(0, 2.0).stroke_width, 5);
/// let label = font(24.0); // 24 pt at 640 wide, 60 px on the canvas
/// assert_eq!(label.font.get_size(), 60.0);
/// assert_eq!(font(9.0).font.get_size(), 54.0); // never below MIN_FONT
/// ```
pub fn scaled(px: f64) -> u32 {
    (px * SCALE).round() as u32
}
// ANCHOR_END: font_stroke

/// Draws one SVG figure on a white canvas of [`SIZE`] and returns its text.
///
/// # Examples
///
/// ```
/// use kit::plot::svg_figure;
/// use plotters::prelude::*;
///
/// let svg = svg_figure(|root| {
///     root.draw(&Circle::new((800, 500), 100, BLUE.filled()))?;
///     Ok(())
/// })?;
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("<circle"));
/// # Ok::<(), kit::Error>(())
/// ```
// ANCHOR: svg_figure
pub fn svg_figure(
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<()>,
) -> Result<String> {
    svg_canvas(SIZE, draw)
}
// ANCHOR_END: svg_figure

/// Draws one panel of a figure made of several, on a canvas of
/// [`PANEL_SIZE`]: each panel is its own SVG, and the page sets them out.
pub fn svg_panel(
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<()>,
) -> Result<String> {
    svg_canvas(PANEL_SIZE, draw)
}

fn svg_canvas(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<()>,
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    // The text is Chinese: with the language stated, a browser (and so the
    // PDF) picks Simplified Chinese glyphs rather than Japanese ones.
    Ok(svg.replacen("<svg ", "<svg lang=\"zh-CN\" xml:lang=\"zh-CN\" ", 1))
}

/// A chart with the book's axes: caption on top, labelled x and y axes,
/// a light grid.
pub type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<RangedCoordf64, RangedCoordf64>,
>;

/// Sets up a [`Chart`] over `x` by `y` in `area`.
///
/// `caption` may be empty, for a panel of a larger figure that has its own.
///
/// # Examples
///
/// Two panels side by side, each a chart with its own series:
///
/// ```
/// use kit::plot::{Series, chart, draw_series, svg_figure};
///
/// let svg = svg_figure(|root| {
///     let (left, right) = root.split_horizontally(800);
///     let mut c = chart(&left, "左", 0.0..1.0, 0.0..1.0, "x", "y")?;
///     draw_series(&mut c, &[Series::new("y = x", [0.0, 1.0], [0.0, 1.0])])?;
///     let mut c = chart(&right, "右", 0.0..1.0, 0.0..1.0, "x", "y")?;
///     let down = Series::new("y = 1 - x", [0.0, 1.0], [1.0, 0.0]);
///     draw_series(&mut c, &[down])?;
///     Ok(())
/// })?;
/// assert!(svg.contains("左") && svg.contains("右"));
/// # Ok::<(), kit::Error>(())
/// ```
// ANCHOR: chart
pub fn chart<'a, 'b>(
    area: &DrawingArea<SVGBackend<'b>, Shift>,
    caption: &str,
    x: Range<f64>,
    y: Range<f64>,
    x_desc: &str,
    y_desc: &str,
) -> Result<Chart<'a, 'b>> {
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(scaled(12.0))
        // The last x tick label is centred on the right edge of the plot:
        // a wider right margin keeps labels such as "10.0" from being cut.
        .margin_right(scaled(28.0))
        .x_label_area_size(scaled(60.0))
        .y_label_area_size(scaled(76.0));
    if !caption.is_empty() {
        builder.caption(caption, font(24.0));
    }
    let mut chart = builder.build_cartesian_2d(x, y)?;
    book_mesh(&mut chart.configure_mesh())
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()?;
    Ok(chart)
}
// ANCHOR_END: chart

/// A tick label: whole numbers without a decimal point (`500`, not
/// `500.0`), others with the digits they need (`0.25`, `-1.5`).
///
/// # Examples
///
/// ```
/// use kit::plot::tick_label;
///
/// assert_eq!(tick_label(&500.0), "500");
/// assert_eq!(tick_label(&-0.0), "0");
/// assert_eq!(tick_label(&0.30000000000000004), "0.3");
/// assert_eq!(tick_label(&-1.25), "-1.25");
/// assert_eq!(tick_label(&1e-7), "1e-7");
/// ```
pub fn tick_label(v: &f64) -> String {
    let v = *v;
    if v != 0.0 && v.abs() < 1e-4 {
        return format!("{v:e}");
    }
    let text = format!("{v:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// Sets up a [`Chart`] for bars over the classes `0, 1, ..., classes - 1`
/// in `area`: class `k` sits at `x = k` with half a unit of room on each
/// side, from `-0.5` to `classes - 0.5`.
///
/// [`chart`] writes its tick labels with decimals (`1.0`); class numbers
/// read better as whole numbers, so the x axis here labels each class as
/// one, and draws no vertical grid lines between the bars. The y axis is
/// labelled with `y_decimals` decimals (`0` for counts). Fonts, grid and
/// axes are [`book_mesh`]'s; the caption is smaller than [`chart`]'s, for
/// panels side by side.
///
/// # Examples
///
/// ```
/// use kit::plot::{class_bar_chart, color, svg_figure};
/// use plotters::prelude::*;
///
/// let y = [0.1, 0.3, 0.6];
/// let svg = svg_figure(|root| {
///     let mut c =
///         class_bar_chart(root, "三类的概率", 3, 0.0..1.0, "类别 k", "y_k", 1)?;
///     let fill = color(0).filled();
///     c.draw_series(y.iter().enumerate().map(|(k, &v)| {
///         let k = k as f64;
///         Rectangle::new([(k - 0.3, 0.0), (k + 0.3, v)], fill)
///     }))?;
///     Ok(())
/// })?;
/// assert!(svg.contains("三类的概率") && svg.contains("类别 k"));
/// assert!(svg.contains("\n2\n</text>"), "class 2 is labelled 2");
/// assert!(svg.contains("\n0.5\n</text>"), "y labels have 1 decimal");
/// assert_eq!(svg.matches("<rect").count(), 1 + 3, "background and bars");
/// # Ok::<(), kit::Error>(())
/// ```
pub fn class_bar_chart<'a, 'b>(
    area: &DrawingArea<SVGBackend<'b>, Shift>,
    caption: &str,
    classes: usize,
    y: Range<f64>,
    x_desc: &str,
    y_desc: &str,
    y_decimals: usize,
) -> Result<Chart<'a, 'b>> {
    let mut chart = ChartBuilder::on(area)
        .margin(scaled(12.0))
        .caption(caption, font(23.0))
        .x_label_area_size(scaled(60.0))
        .y_label_area_size(scaled(76.0))
        .build_cartesian_2d(-0.5..classes as f64 - 0.5, y)?;
    book_mesh(&mut chart.configure_mesh())
        .disable_x_mesh()
        .x_labels(classes)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.y_decimals$}"))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()?;
    Ok(chart)
}

/// A point `t` of the way from `a` to `b`, on the pixel grid: where a
/// label sits along an edge of a network diagram.
///
/// ```
/// assert_eq!(kit::plot::along((0, 0), (100, 50), 0.3), (30, 15));
/// ```
pub fn along(a: (i32, i32), b: (i32, i32), t: f64) -> (i32, i32) {
    let lerp = |p: i32, q: i32| p + (t * f64::from(q - p)).round() as i32;
    (lerp(a.0, b.0), lerp(a.1, b.1))
}

/// An edge of a network diagram: the segment from the circle of `radius`
/// around `a` to the one around `b`, without the parts inside them.
///
/// ```
/// let edge = kit::plot::edge_between((0, 0), (100, 0), 10);
/// assert_eq!(edge, [(10, 0), (90, 0)]);
/// ```
pub fn edge_between(
    a: (i32, i32),
    b: (i32, i32),
    radius: i32,
) -> Vec<(i32, i32)> {
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let t = f64::from(radius) / dx.hypot(dy);
    vec![along(a, b, t), along(a, b, 1.0 - t)]
}

/// The text of a network diagram's labels: 22 points in `colour`,
/// aligned `h` on its point, vertically centred.
pub fn diagram_label(colour: &RGBColor, h: HPos) -> TextStyle<'static> {
    let mut style = font(22.0).pos(Pos::new(h, VPos::Center));
    style.color = colour.to_backend_color();
    style
}

// ANCHOR: book_style
/// Gives a mesh the book's look: label fonts, a light grid, dark axes.
/// Charts set up by hand (bars, log axes, small panels) call it too, then
/// override what they need.
pub fn book_mesh<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.label_style(font(21.6))
        .axis_desc_style(font(22.5))
        .light_line_style(RGBColor(235, 235, 235).stroke_width(scaled(0.4)))
        .bold_line_style(RGBColor(205, 205, 205).stroke_width(scaled(0.6)))
        .axis_style(BLACK.stroke_width(scaled(0.8)))
        .max_light_lines(4)
}

/// Gives a legend the book's look: label font, a white box with a thin
/// border. Callers choose its position (where the curves leave room).
pub fn book_legend<'m, 'a, 'b, DB, CT>(
    labels: &'m mut SeriesLabelStyle<'a, 'b, DB, CT>,
) -> &'m mut SeriesLabelStyle<'a, 'b, DB, CT>
where
    DB: DrawingBackend + 'a,
    CT: CoordTranslate,
{
    labels
        .label_font(font(21.6))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.stroke_width(scaled(0.4)))
        .margin(scaled(8.0))
        .legend_area_size(scaled(28.0))
}
// ANCHOR_END: book_style

/// One curve of a line chart.
///
/// # Examples
///
/// ```
/// use kit::plot::Series;
///
/// let s = Series::new("y = 2x", [0.0, 1.0, 2.0], [0.0, 2.0, 4.0]);
/// assert_eq!(s.points, vec![(0.0, 0.0), (1.0, 2.0), (2.0, 4.0)]);
/// assert!(s.dashed().dashed);
/// ```
// ANCHOR: series
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend text; the legend is drawn only when a chart has several series.
    pub label: String,
    /// The points, in drawing order.
    pub points: Vec<(f64, f64)>,
    /// Dashed instead of solid.
    pub dashed: bool,
}

impl Series {
    /// A solid curve through `xs` and `ys` (which must have the same length).
    pub fn new(
        label: &str,
        xs: impl IntoIterator<Item = f64>,
        ys: impl IntoIterator<Item = f64>,
    ) -> Self {
        Series {
            label: label.to_string(),
            points: xs.into_iter().zip(ys).collect(),
            dashed: false,
        }
    }

    /// The same curve, dashed.
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }
}
// ANCHOR_END: series

/// Draws `series` as curves on `chart`, each in its palette colour, with a
/// legend when there is more than one.
///
/// A dashed series also gets a broken sample line in the legend, so the
/// legend can be read without telling the colours apart.
///
/// See [`chart`] for an example.
// ANCHOR: draw_series
pub fn draw_series<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    series: &[Series],
) -> Result<()> {
    for (i, s) in series.iter().enumerate() {
        let style = stroke(i, 2.0);
        let legend_style = style;
        let anno = if s.dashed {
            chart.draw_series(DashedLineSeries::new(
                s.points.iter().copied(),
                scaled(6.0),
                scaled(4.0),
                style,
            ))?
        } else {
            chart
                .draw_series(LineSeries::new(s.points.iter().copied(), style))?
        };
        // The legend sample is two strokes; a dashed series leaves a gap
        // between them, so solid and dashed differ even without colour.
        let len = scaled(20.0) as i32;
        let gap = if s.dashed { scaled(4.0) as i32 } else { 0 };
        let (end1, start2) = ((len - gap) / 2, (len + gap) / 2);
        anno.label(s.label.as_str()).legend(move |(x, y)| {
            EmptyElement::at((x, y))
                + PathElement::new(vec![(0, 0), (end1, 0)], legend_style)
                + PathElement::new(vec![(start2, 0), (len, 0)], legend_style)
        });
    }
    if series.len() > 1 {
        book_legend(&mut chart.configure_series_labels())
            .position(SeriesLabelPosition::UpperLeft)
            .draw()?;
    }
    Ok(())
}
// ANCHOR_END: draw_series

/// A whole figure with one chart: the most common kind in the book.
///
/// # Examples
///
/// ```
/// use kit::plot::{Series, line_chart};
///
/// let xs: Vec<f64> = (0..=10).map(|i| i as f64).collect();
/// let ys: Vec<f64> = xs.iter().map(|x| x * x).collect();
/// let svg = line_chart(
///     "y = x²",
///     0.0..10.0,
///     0.0..100.0,
///     "x",
///     "y",
///     &[Series::new("x²", xs, ys)],
/// )?;
/// assert!(svg.contains("y = x²"));
/// # Ok::<(), kit::Error>(())
/// ```
// ANCHOR: line_chart
pub fn line_chart(
    caption: &str,
    x: Range<f64>,
    y: Range<f64>,
    x_desc: &str,
    y_desc: &str,
    series: &[Series],
) -> Result<String> {
    svg_figure(|root| {
        let mut c = chart(root, caption, x, y, x_desc, y_desc)?;
        draw_series(&mut c, series)
    })
}
// ANCHOR_END: line_chart

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_figure_same_bytes() {
        let draw = || {
            line_chart(
                "",
                0.0..1.0,
                0.0..1.0,
                "x",
                "y",
                &[Series::new("a", [0.0, 1.0], [0.0, 1.0])],
            )
            .unwrap()
        };
        assert_eq!(draw(), draw());
    }

    /// The `points` of every polyline in `svg` drawn in `colour`.
    fn polylines(svg: &str, colour: RGBColor) -> Vec<Vec<(i32, i32)>> {
        let RGBColor(r, g, b) = colour;
        let stroke = format!("stroke=\"#{r:02X}{g:02X}{b:02X}\"");
        svg.lines()
            .filter(|l| l.starts_with("<polyline") && l.contains(&stroke))
            .map(|l| {
                let start = l.find("points=\"").unwrap() + 8;
                let end = start + l[start..].find('"').unwrap();
                l[start..end]
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn coordinates_are_whole_pixels() {
        // Why the canvas is large: plotters writes every point of a curve
        // as whole pixels (the parse to i32 below would fail otherwise), so
        // resolution comes only from the canvas size.
        let xs: Vec<f64> = (0..=100).map(|i| i as f64 / 100.0).collect();
        let ys: Vec<f64> = xs.iter().map(|x| x * x).collect();
        let svg = line_chart(
            "",
            0.0..1.0,
            0.0..1.0,
            "x",
            "y",
            &[Series::new("", xs, ys)],
        )
        .unwrap();
        let curve = polylines(&svg, color(0));
        assert_eq!(curve.len(), 1);
        assert_eq!(curve[0].len(), 101);
    }

    #[test]
    fn dashed_series_have_a_broken_legend_sample() {
        // The legend samples are the horizontal two-point strokes in the
        // second series' colour; the curve itself runs diagonally.
        let legend = |second: Series| {
            let first = Series::new("甲", [0.0, 1.0], [0.0, 1.0]);
            let svg =
                line_chart("", 0.0..1.0, 0.0..1.0, "x", "y", &[first, second])
                    .unwrap();
            polylines(&svg, color(1))
                .into_iter()
                .filter(|p| p.len() == 2 && p[0].1 == p[1].1)
                .collect::<Vec<_>>()
        };
        let solid = legend(Series::new("乙", [0.0, 1.0], [1.0, 0.0]));
        let dashed = legend(Series::new("乙", [0.0, 1.0], [1.0, 0.0]).dashed());
        assert_eq!((solid.len(), dashed.len()), (2, 2));
        assert_eq!(solid[1][0].0 - solid[0][1].0, 0, "solid: no gap");
        let gap = dashed[1][0].0 - dashed[0][1].0;
        assert_eq!(gap, scaled(4.0) as i32, "dashed: a gap");
    }

    #[test]
    fn legend_only_with_several_series() {
        let one = line_chart(
            "",
            0.0..1.0,
            0.0..1.0,
            "x",
            "y",
            &[Series::new("只有一条", [0.0, 1.0], [0.0, 1.0])],
        )
        .unwrap();
        assert!(!one.contains("只有一条"));
        let two = line_chart(
            "",
            0.0..1.0,
            0.0..1.0,
            "x",
            "y",
            &[
                Series::new("甲", [0.0, 1.0], [0.0, 1.0]),
                Series::new("乙", [0.0, 1.0], [1.0, 0.0]).dashed(),
            ],
        )
        .unwrap();
        assert!(two.contains("甲") && two.contains("乙"));
    }
}
