//! What the chapter draws: the error of a numerical derivative, tangent
//! lines, the bowl $x_0^2 + x_1^2$ as a surface and as contour lines with
//! its gradient field, descent paths on contour lines (one panel per
//! learning rate), and Li Hongyi's fit on its error surface.
//!
//! plotters has no contour plot: [`contour`] traces the contour lines, and
//! [`clip_segment`] keeps a path that leaves a chart off its axes. The
//! surface is drawn as polygons on plotters' 3-D chart, farthest first.

mod contour;

use std::ops::Range;

use ch00_tools::arange;
use kit::Figure;
use kit::plot::{
    Chart, Series, chart, color, draw_series, font, scaled, stroke, svg_figure,
    svg_panel, tick_label,
};
use ndarray::{Array1, array};
use plotters::coord::Shift;
// plotters' `Text` element; `Text` here is the table of the figures' words
use plotters::element::Text as TextElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use contour::{Point, contour_lines, grid_values};

use crate::linear_model::{
    DATA_SEED, FIT_LR, FIT_START, FIT_STEPS, NUM_SAMPLES, TRUE_B, TRUE_W,
    make_data,
};
use crate::{
    derivative_errors, function_1, function_2, gradient_descent,
    numerical_gradient, tangent_line,
};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![
    error_vs_h,
    tangent_lines,
    bowl_surface,
    gradient_field,
    descent_path,
    learning_rate_too_small,
    learning_rate_converges,
    learning_rate_one_step,
    learning_rate_oscillates,
    learning_rate_bounces,
    learning_rate_diverges,
    linear_fit,
    error_surface,
];

/// Every word of the chapter's figures: a translation changes only this.
/// Where words surround a number the code computes, the entry is a
/// function of that number.
struct Text {
    // figure 8-1
    log_h: &'static str,
    log_error: &'static str,
    book_h: &'static str,
    // its curves, in the order of derivative_errors
    differences: [&'static str; 4],
    // figure 8-2
    function_1: &'static str,
    tangent: fn(f64, f64) -> String,
    x: &'static str,
    f_x: &'static str,
    // figure 8-3 (its surface's height axis), and the axes of figures
    // 8-3 to 8-5
    f_bowl: &'static str,
    x0: &'static str,
    x1: &'static str,
    // figure 8-4
    start_at: &'static str,
    minimum_at: &'static str,
    // figure 8-5: a panel's caption, from its learning rate and what the
    // rate does
    panel: fn(f64, &str) -> String,
    too_slow: &'static str,
    converges: &'static str,
    one_step: &'static str,
    oscillates: &'static str,
    bounces: &'static str,
    diverges: &'static str,
    // figure 8-6
    fitted_line: fn(f64, f64) -> String,
    true_line: fn(f64, f64) -> String,
    y: &'static str,
    // figure 8-7
    w: &'static str,
    b: &'static str,
    start: &'static str,
    minimum: &'static str,
}

const TEXT: Text = Text {
    log_h: "log₁₀ h",
    log_error: "log₁₀ |误差|",
    book_h: "h = 1e-4",
    differences: [
        "前向差分，f64",
        "中心差分，f64",
        "前向差分，f32",
        "中心差分，f32",
    ],
    function_1: "f(x) = 0.01x² + 0.1x",
    tangent: |x0, slope| format!("x = {x0} 处的切线，斜率 {slope:.4}"),
    x: "x",
    f_x: "f(x)",
    f_bowl: "f(x₀, x₁)",
    x0: "x₀",
    x1: "x₁",
    start_at: "起点 (−3, 4)",
    minimum_at: "最小值 (0, 0)",
    // {lr:?} keeps the ".0" of 1.0, as the captions write it
    panel: |lr, what| format!("η = {lr:?}：{what}"),
    too_slow: "太慢",
    converges: "收敛",
    one_step: "一步到位",
    oscillates: "来回振荡着收敛",
    bounces: "原地来回跳",
    diverges: "发散",
    fitted_line: |w, b| format!("梯度下降的结果 y = {b:.2} + {w:.2}x"),
    true_line: |w, b| format!("生成数据的直线 y = {b} + {w}x"),
    y: "y",
    w: "w（斜率）",
    b: "b（截距）",
    start: "起点",
    minimum: "最小值",
};

/// Light grey for contour lines: behind the data, not competing with it.
const CONTOUR: RGBColor = RGBColor(170, 170, 170);

pub(crate) type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;

/// A chart whose x and y units have the same length on screen, so that
/// circles look round and arrows point where they should: the $(x_0,
/// x_1)$ plane, or any other. `y` is the y range; the x range is centred
/// on `x_mid` and as wide as the plot area allows.
pub(crate) fn plane_chart<'a, 'b>(
    area: &Area<'b>,
    caption: &str,
    x_mid: f64,
    y: Range<f64>,
) -> kit::Result<Chart<'a, 'b>> {
    let (x_desc, y_desc) = (TEXT.x0, TEXT.x1);
    // Lay the same chart out on a scratch canvas of the same size to learn
    // the plot area's pixel size (the layout does not depend on the ranges).
    let (w, h) = area.dim_in_pixel();
    let mut scratch = String::new();
    let (px, py) = {
        let probe =
            SVGBackend::with_string(&mut scratch, (w, h)).into_drawing_area();
        let c = chart(&probe, caption, 0.0..1.0, 0.0..1.0, x_desc, y_desc)?;
        c.plotting_area().get_pixel_range()
    };
    let ratio = f64::from(px.end - px.start) / f64::from(py.end - py.start);
    let half = (y.end - y.start) * ratio / 2.0;
    chart(area, caption, x_mid - half..x_mid + half, y, x_desc, y_desc)
}

/// The x and y ranges of a chart, as `(start, end)` pairs.
fn ranges(c: &Chart) -> ((f64, f64), (f64, f64)) {
    let (x, y) = (c.x_range(), c.y_range());
    ((x.start, x.end), (y.start, y.end))
}

/// Grey contour lines of `f` at `levels`, over the chart's whole area.
pub(crate) fn draw_contours(
    c: &mut Chart,
    f: impl Fn(f64, f64) -> f64,
    levels: &[f64],
) -> kit::Result<()> {
    let ((x0, x1), (y0, y1)) = ranges(c);
    let xs = Array1::linspace(x0, x1, 161);
    let ys = Array1::linspace(y0, y1, 161);
    let z = grid_values(xs.view(), ys.view(), f);
    for &level in levels {
        for line in contour_lines(xs.view(), ys.view(), z.view(), level)? {
            c.draw_series(std::iter::once(PathElement::new(
                line,
                CONTOUR.stroke_width(scaled(0.8)),
            )))?;
        }
    }
    Ok(())
}

/// The part of the segment from `p` to `q` inside the rectangle
/// `x_range` × `y_range`, or `None` when it misses the rectangle
/// (Liang–Barsky clipping).
///
/// A path that runs off the chart is drawn clipped, instead of over the
/// axes and labels.
fn clip_segment(
    p: Point,
    q: Point,
    x_range: (f64, f64),
    y_range: (f64, f64),
) -> Option<(Point, Point)> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    // for each side: the segment enters where num / den says
    for (den, num) in [
        (-dx, p.0 - x_range.0),
        (dx, x_range.1 - p.0),
        (-dy, p.1 - y_range.0),
        (dy, y_range.1 - p.1),
    ] {
        if den == 0.0 {
            if num < 0.0 {
                return None; // parallel to this side and outside it
            }
        } else {
            let t = num / den;
            if den < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (p.0 + t * dx, p.1 + t * dy);
    Some((at(t0), at(t1)))
}

/// A descent path in colour `i`: its segments clipped to the chart, a dot
/// at each of the first `dots` points that lie inside.
pub(crate) fn draw_path(
    c: &mut Chart,
    path: &[Point],
    i: usize,
    dots: usize,
) -> kit::Result<()> {
    let (xr, yr) = ranges(c);
    let mut lines: Vec<Vec<Point>> = Vec::new();
    for w in path.windows(2) {
        let Some((p, q)) = clip_segment(w[0], w[1], xr, yr) else {
            continue;
        };
        match lines.last_mut() {
            Some(line) if line.last() == Some(&p) => line.push(q),
            _ => lines.push(vec![p, q]),
        }
    }
    for line in lines {
        c.draw_series(std::iter::once(PathElement::new(line, stroke(i, 1.5))))?;
    }
    let inside = |&(x, y): &Point| {
        (xr.0..=xr.1).contains(&x) && (yr.0..=yr.1).contains(&y)
    };
    c.draw_series(
        path.iter()
            .take(dots)
            .filter(|p| inside(p))
            .map(|&p| Circle::new(p, scaled(2.2), color(i).filled())),
    )?;
    Ok(())
}

/// An arrow from `from` to `to`, the head a third of its length (the
/// chart must have equal x and y units for the head to look right).
fn arrow(from: Point, to: Point, style: ShapeStyle) -> PathElement<Point> {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let (cos, sin) = (0.906, 0.423); // 25 degrees
    let back = |s: f64| {
        // the direction pointing back from the tip, turned by +-25 degrees
        let (bx, by) = (-dx / 3.0, -dy / 3.0);
        (
            to.0 + bx * cos - s * by * sin,
            to.1 + by * cos + s * bx * sin,
        )
    };
    PathElement::new(vec![from, to, back(1.0), to, back(-1.0)], style)
}

/// Text at `p`, left-aligned and vertically centred, in colour `c`.
pub(crate) fn label<'a>(
    text: &str,
    p: Point,
    size: f64,
    c: &'a RGBColor,
) -> TextElement<'a, Point, String> {
    let style = font(size).color(c).pos(Pos::new(HPos::Left, VPos::Center));
    TextElement::new(text.to_string(), p, style)
}

/// Figure 8-2: $0.01x^2 + 0.1x$ and its tangents at 5 and 10.
fn tangent_lines() -> kit::Result<String> {
    let x = arange(0.0, 20.0, 0.1);
    let mut series = vec![Series::new(
        TEXT.function_1,
        x.iter().copied(),
        x.mapv(function_1),
    )];
    let mut touch = Vec::new();
    for x0 in [5.0, 10.0] {
        let (slope, intercept) = tangent_line(function_1, x0);
        let name = (TEXT.tangent)(x0, slope);
        let y = x.mapv(|x| slope * x + intercept);
        series.push(Series::new(&name, x.iter().copied(), y).dashed());
        touch.push((x0, function_1(x0)));
    }
    svg_figure(|root| {
        let mut c = chart(root, "", 0.0..20.0, -1.0..6.0, TEXT.x, TEXT.f_x)?;
        draw_series(&mut c, &series)?;
        c.draw_series(
            touch
                .iter()
                .map(|&p| Circle::new(p, scaled(3.0), BLACK.filled())),
        )?;
        Ok(())
    })
}

/// Where figure 8-1 draws an error of exactly 0 (log10 of it): the bottom.
pub(crate) const ERROR_FLOOR: f64 = -17.0;

/// Figure 8-1: the error of the numerical derivative of $x^3$ at 1
/// against h, log-log, forward and central, f64 and f32.
fn error_vs_h() -> kit::Result<String> {
    error_vs_h_with(|_| Ok(()))
}

/// Figure 8-1 with `extra` drawn over it (the knob of [`crate::knobs`]
/// marks one h).
pub(crate) fn error_vs_h_with(
    extra: impl FnOnce(&mut Chart) -> kit::Result<()>,
) -> kit::Result<String> {
    let logs = arange(-16.0, 0.05, 0.1);
    let floor = ERROR_FLOOR;
    let curve = |which: usize| -> Vec<Point> {
        logs.iter()
            .map(|&lh| {
                let e = derivative_errors(10f64.powf(lh))[which];
                (lh, if e > 0.0 { e.log10().max(floor) } else { floor })
            })
            .collect()
    };
    // f64 solid, f32 dashed; the order of derivative_errors
    let dashes = [false, false, true, true];
    let dashed_line = |points: Vec<Point>, i: usize| {
        DashedLineSeries::new(points, scaled(6.0), scaled(4.0), stroke(i, 2.0))
    };
    svg_figure(|root| {
        let mut c = chart(
            root,
            "",
            -16.0..0.0,
            floor..1.5,
            TEXT.log_h,
            TEXT.log_error,
        )?;
        // h = 1e-4, the book's choice
        c.draw_series(DashedLineSeries::new(
            [(-4.0, floor), (-4.0, 1.5)],
            scaled(4.0),
            scaled(4.0),
            BLACK.stroke_width(scaled(0.8)),
        ))?;
        let black = BLACK;
        c.draw_series(std::iter::once(label(
            TEXT.book_h,
            (-3.9, 0.8),
            12.0,
            &black,
        )))?;
        for (i, (&name, dashed)) in
            TEXT.differences.iter().zip(dashes).enumerate()
        {
            if dashed {
                c.draw_series(dashed_line(curve(i), i))?;
            } else {
                c.draw_series(LineSeries::new(curve(i), stroke(i, 2.0)))?;
            }
            // the legend, in the empty lower-left corner
            let y = -12.0 - 1.2 * i as f64;
            let sample = vec![(-15.6, y), (-14.4, y)];
            if dashed {
                c.draw_series(dashed_line(sample, i))?;
            } else {
                c.draw_series(LineSeries::new(sample, stroke(i, 2.0)))?;
            }
            let col = color(i);
            c.draw_series(std::iter::once(label(
                name,
                (-14.1, y),
                13.0,
                &col,
            )))?;
        }
        extra(&mut c)
    })
}

/// The radii of the contour circles of $x_0^2 + x_1^2$.
pub(crate) fn circle_levels(max_r: f64) -> Vec<f64> {
    arange(0.5, max_r + 0.01, 0.5)
        .iter()
        .map(|r| r * r)
        .collect()
}

/// Figure 8-3, second panel: arrows of $-\nabla f$ over a grid, on the
/// contour circles of $f = x_0^2 + x_1^2$.
fn gradient_field() -> kit::Result<String> {
    svg_panel(|root| {
        let mut c = plane_chart(root, "", 0.0, -2.5..2.5)?;
        let ((x0, x1), (y0, y1)) = ranges(&c);
        draw_contours(&mut c, |a, b| a * a + b * b, &circle_levels(4.0))?;
        let spacing = 0.5;
        let max_len = 0.9 * spacing;
        let xs = arange(-3.0, 3.01, spacing);
        let ys = arange(-2.0, 2.01, spacing);
        // the longest arrow (at the far corner) is 0.9 grid spacings long
        let corner = array![xs[xs.len() - 1], ys[ys.len() - 1]];
        let scale = max_len / (2.0 * function_2(&corner).sqrt());
        let mut arrows = Vec::new();
        for &a in &xs {
            for &b in &ys {
                if a < x0 || a > x1 || b < y0 || b > y1 {
                    continue;
                }
                let mut p = array![a, b];
                let g = numerical_gradient(function_2, &mut p);
                let tip = (a - scale * g[0], b - scale * g[1]);
                arrows.push(arrow((a, b), tip, stroke(0, 1.0)));
            }
        }
        c.draw_series(arrows)?;
        c.draw_series(std::iter::once(Circle::new(
            (0.0, 0.0),
            scaled(3.0),
            BLACK.filled(),
        )))?;
        Ok(())
    })
}

/// The radius of the bowl's rim in figure 8-3: the surface is drawn over
/// the disc $x_0^2 + x_1^2 \le R^2$, so its rim is level, at $f = R^2$.
const BOWL_R: f64 = 2.5;

/// Figure 8-3, first panel: the bowl $f = x_0^2 + x_1^2$ as a surface, on
/// plotters' 3-D chart (x₀ and x₁ across, f up), with the contour circles
/// of the second panel drawn on the floor under it.
///
/// The surface is a polar grid of small polygons, each coloured by its
/// height and drawn farthest first, so that nearer ones cover those
/// behind.
fn bowl_surface() -> kit::Result<String> {
    let (r, top) = (BOWL_R, BOWL_R * BOWL_R);
    let bowl = |a: f64, b: f64| a * a + b * b;
    svg_panel(|root| {
        let mut c = ChartBuilder::on(root)
            .margin(scaled(4.0))
            .build_cartesian_3d(-r..r, 0.0..top, -r..r)?;
        c.with_projection(|mut p| {
            p.yaw = 0.6;
            p.pitch = 0.3;
            p.scale = 0.75;
            p.into_matrix()
        });
        c.configure_axes()
            .label_style(font(10.0))
            .tick_size(scaled(3.0))
            .x_labels(3)
            .y_labels(4)
            .z_labels(3)
            .max_light_lines(1)
            .x_formatter(&tick_label)
            .y_formatter(&tick_label)
            .z_formatter(&tick_label)
            .axis_panel_style(RGBColor(248, 248, 248))
            .bold_grid_style(RGBColor(215, 215, 215).stroke_width(scaled(0.5)))
            .light_grid_style(RGBColor(235, 235, 235).stroke_width(scaled(0.3)))
            .draw()?;
        // the floor: the same circles as the contour panel, r = 0.5 ... 2.5
        for level in circle_levels(r) {
            let rho = level.sqrt();
            let circle = (0..=96).map(|k| {
                let phi = k as f64 / 96.0 * std::f64::consts::TAU;
                (rho * phi.cos(), 0.0, rho * phi.sin())
            });
            let style = CONTOUR.stroke_width(scaled(0.8));
            c.draw_series(std::iter::once(PathElement::new(
                circle.collect::<Vec<_>>(),
                style,
            )))?;
        }
        // the surface: rings of cells from the centre out
        let (rings, sectors) = (12, 40);
        let mut cells = Vec::new();
        for i in 0..rings {
            for j in 0..sectors {
                let corner = |di: usize, dj: usize| {
                    let rho = r * (i + di) as f64 / rings as f64;
                    let phi = (j + dj) as f64 / sectors as f64
                        * std::f64::consts::TAU;
                    let (a, b) = (rho * phi.cos(), rho * phi.sin());
                    (a, bowl(a, b), b)
                };
                let quad = vec![corner(0, 0), corner(1, 0), corner(1, 1), {
                    corner(0, 1)
                }];
                let n = quad.len() as f64;
                let mid = quad.iter().fold((0.0, 0.0, 0.0), |m, p| {
                    (m.0 + p.0 / n, m.1 + p.1 / n, m.2 + p.2 / n)
                });
                let depth =
                    c.as_coord_spec().projected_depth(&mid.0, &mid.1, &mid.2);
                cells.push((depth, mid.1 / top, quad));
            }
        }
        // farthest first (plotters' depth grows away from the viewer)
        cells.sort_by_key(|cell| std::cmp::Reverse(cell.0));
        let (low, high) = (color(0), color(5));
        for (_, height, quad) in cells {
            let mix = |a: u8, b: u8| {
                (f64::from(a) + height * (f64::from(b) - f64::from(a))).round()
                    as u8
            };
            let fill = RGBColor(
                mix(low.0, high.0),
                mix(low.1, high.1),
                mix(low.2, high.2),
            );
            let mut outline = quad.clone();
            outline.push(quad[0]);
            c.draw_series([Polygon::new(quad, fill.filled())])?;
            c.draw_series([PathElement::new(
                outline,
                WHITE.mix(0.6).stroke_width(1),
            )])?;
        }
        // the axis names, just outside the box
        let name = |text: &'static str, at: (f64, f64, f64)| {
            let style = font(11.0).pos(Pos::new(HPos::Center, VPos::Center));
            TextElement::new(text, at, style)
        };
        c.draw_series([
            name(TEXT.x0, (0.0, -0.12 * top, 1.55 * r)),
            name(TEXT.x1, (1.6 * r, -0.12 * top, 0.0)),
            name(TEXT.f_bowl, (-r, 1.1 * top, r)),
        ])?;
        Ok(())
    })
}

/// The points of a 2-D descent path, as `(x0, x1)`.
pub(crate) fn points(path: &[Array1<f64>]) -> Vec<Point> {
    path.iter().map(|p| (p[0], p[1])).collect()
}

/// Figure 8-4: 20 steps of lr 0.1 from (-3, 4) on the contour circles.
fn descent_path() -> kit::Result<String> {
    let path = gradient_descent(function_2, &array![-3.0, 4.0], 0.1, 20)?;
    svg_figure(|root| {
        let mut c = plane_chart(root, "", 0.0, -4.5..4.5)?;
        draw_contours(&mut c, |a, b| a * a + b * b, &circle_levels(7.0))?;
        draw_path(&mut c, &points(&path), 0, path.len())?;
        let black = BLACK;
        c.draw_series([
            label(TEXT.start_at, (-2.75, 4.1), 13.0, &black),
            label(TEXT.minimum_at, (0.3, -0.35), 13.0, &black),
        ])?;
        Ok(())
    })
}

/// Figure 8-5, first panel: $\eta = 0.01$, too slow.
fn learning_rate_too_small() -> kit::Result<String> {
    learning_rate_panel(0.01, TEXT.too_slow)
}

/// Figure 8-5, second panel: $\eta = 0.1$, converges.
fn learning_rate_converges() -> kit::Result<String> {
    learning_rate_panel(0.1, TEXT.converges)
}

/// Figure 8-5, third panel: $\eta = 0.5$, one step to the minimum.
fn learning_rate_one_step() -> kit::Result<String> {
    learning_rate_panel(0.5, TEXT.one_step)
}

/// Figure 8-5, fourth panel: $\eta = 0.9$, converges zig-zagging.
fn learning_rate_oscillates() -> kit::Result<String> {
    learning_rate_panel(0.9, TEXT.oscillates)
}

/// Figure 8-5, fifth panel: $\eta = 1$, bounces between two points.
fn learning_rate_bounces() -> kit::Result<String> {
    learning_rate_panel(1.0, TEXT.bounces)
}

/// Figure 8-5, sixth panel: $\eta = 1.1$, diverges.
fn learning_rate_diverges() -> kit::Result<String> {
    learning_rate_panel(1.1, TEXT.diverges)
}

/// A panel of figure 8-5: 20 steps from (-3, 4) with learning rate `lr`,
/// titled with the rate and `what` it does (from [`TEXT`]).
fn learning_rate_panel(lr: f64, what: &str) -> kit::Result<String> {
    let path = gradient_descent(function_2, &array![-3.0, 4.0], lr, 20)?;
    let title = (TEXT.panel)(lr, what);
    svg_panel(|root| {
        let mut c = plane_chart(root, &title, 0.0, -5.5..5.5)?;
        draw_contours(&mut c, |a, b| a * a + b * b, &[25.0, 6.25, 1.0])?;
        draw_path(&mut c, &points(&path), 1, path.len())?;
        Ok(())
    })
}

/// The levels of the error surface's contours: the minimum plus 0.1,
/// 0.2, 0.4, ... (each twice the last), so the bowl's floor and its walls
/// both get lines.
fn surface_levels(min: f64) -> Vec<f64> {
    (0..10).map(|k| min + 0.1 * 2f64.powi(k)).collect()
}

/// Figure 8-7: Li Hongyi's error surface L(w, b) for y = b + w x on the
/// page's seeded samples, with the path of gradient descent.
fn error_surface() -> kit::Result<String> {
    let data = make_data(NUM_SAMPLES, DATA_SEED)?;
    let (w_best, b_best) = data.least_squares()?;
    let path = data.fit(FIT_START, FIT_LR, FIT_STEPS)?;
    svg_figure(|root| {
        let mut c = chart(root, "", -1.5..2.5, -1.0..8.0, TEXT.w, TEXT.b)?;
        let min = data.loss(w_best, b_best);
        draw_contours(&mut c, |w, b| data.loss(w, b), &surface_levels(min))?;
        draw_path(&mut c, &points(&path), 0, 20)?;
        c.draw_series(std::iter::once(Cross::new(
            (w_best, b_best),
            scaled(5.0),
            color(1).stroke_width(scaled(2.0)),
        )))?;
        let (black, red) = (BLACK, color(1));
        c.draw_series([
            label(
                TEXT.start,
                (FIT_START.0 - 0.05, FIT_START.1 + 0.35),
                13.0,
                &black,
            ),
            label(TEXT.minimum, (w_best + 0.08, b_best - 0.25), 13.0, &red),
        ])?;
        Ok(())
    })
}

/// Figure 8-6: the page's samples, the line they were drawn around, and
/// the line gradient descent found.
fn linear_fit() -> kit::Result<String> {
    let data = make_data(NUM_SAMPLES, DATA_SEED)?;
    let path = data.fit(FIT_START, FIT_LR, FIT_STEPS)?;
    let (w, b) = (path[FIT_STEPS][0], path[FIT_STEPS][1]);
    let xs = [0.0, 5.0];
    let fitted = (TEXT.fitted_line)(w, b);
    let truth = (TEXT.true_line)(TRUE_W, TRUE_B);
    let series = [
        Series::new(&fitted, xs, xs.map(|x| b + w * x)),
        Series::new(&truth, xs, xs.map(|x| TRUE_B + TRUE_W * x)).dashed(),
    ];
    svg_figure(|root| {
        let mut c = chart(root, "", 0.0..5.0, 0.0..8.0, TEXT.x, TEXT.y)?;
        c.draw_series(
            data.x().iter().zip(data.y().iter()).map(|(&x, &y)| {
                Circle::new((x, y), scaled(3.0), BLACK.filled())
            }),
        )?;
        draw_series(&mut c, &series)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use plotters::element::PointCollection;

    #[test]
    fn arrows_point_where_they_are_told() {
        let a = arrow((0.0, 0.0), (3.0, 0.0), stroke(0, 1.0));
        let pts: Vec<Point> = a.point_iter().to_vec();
        assert_eq!(pts[0], (0.0, 0.0));
        assert_eq!(pts[1], (3.0, 0.0));
        // the two barbs sit behind the tip, mirror images across the shaft
        let (b1, b2) = (pts[2], pts[4]);
        assert!(b1.0 < 3.0 && b2.0 < 3.0);
        assert!((b1.1 + b2.1).abs() < 1e-12 && b1.1 != 0.0);
    }

    #[test]
    fn clipping() {
        let r = (-1.0, 1.0);
        // fully inside: unchanged
        assert_eq!(
            clip_segment((0.0, 0.0), (0.5, -0.5), r, r),
            Some(((0.0, 0.0), (0.5, -0.5)))
        );
        // through the box: both ends cut
        let (a, b) = clip_segment((-3.0, 0.0), (3.0, 0.0), r, r).unwrap();
        assert_eq!((a, b), ((-1.0, 0.0), (1.0, 0.0)));
        // diagonal from inside out through a corner region
        let (a, b) = clip_segment((0.0, 0.0), (4.0, 2.0), r, r).unwrap();
        assert_eq!(a, (0.0, 0.0));
        assert_abs_diff_eq!(b.0, 1.0);
        assert_abs_diff_eq!(b.1, 0.5);
        // outside, parallel to a side
        assert_eq!(clip_segment((-3.0, 2.0), (3.0, 2.0), r, r), None);
        // outside, crossing the corner's extension but missing the box
        assert_eq!(clip_segment((0.5, 3.0), (3.0, 0.5), r, r), None);
        // from inside out through a side, and wholly outside
        let r = (0.0, 1.0);
        assert_eq!(
            clip_segment((0.5, 0.5), (2.5, 0.5), r, r),
            Some(((0.5, 0.5), (1.0, 0.5)))
        );
        assert_eq!(clip_segment((2.0, 2.0), (3.0, 3.0), r, r), None);
    }
}
