//! What the chapter draws: the first training images, and which digits
//! untrained networks predict.

use kit::Figure;
use kit::plot::{class_bar_chart, color, font, scaled, stroke, svg_figure};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::mnist::{self, Mnist};
use crate::{
    BATCH_SIZE, SEED, SIZES, accuracy, init_network, predict_in_batches,
    prediction_counts,
};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![digits, untrained_predictions];

/// Every word of the chapter's figures: a translation changes only this.
/// (Not `Text`: that is plotters' text element.)
struct Words {
    digits: &'static str,
    weight_std: &'static str,
    accuracy: &'static str,
    predicted: &'static str,
    images: &'static str,
}

const TEXT: Words = Words {
    digits: "训练数据的前 40 张图像（上方是标签）",
    weight_std: "权重标准差",
    accuracy: "准确率",
    predicted: "预测的数字",
    images: "测试图像张数",
};

/// Grid size of the `digits` figure.
const GRID: (usize, usize) = (4, 10);

/// Figure 5-1: the first training images, one small square per pixel
/// (darker for more ink), each with its label above.
fn digits() -> kit::Result<String> {
    let mnist = mnist::bundled()?;
    let (rows, cols) = GRID;
    let px = 5; // one pixel of an image is 5 x 5 on the canvas
    let side = (mnist::ROWS as i32) * px;
    let (pitch_x, pitch_y) = (155, 205);
    let (left, top) = ((1600 - pitch_x * cols as i32) / 2 + 7, 150);
    svg_figure(|root| {
        root.draw(&Text::new(
            TEXT.digits,
            (800, scaled(14.0) as i32),
            font(20.0).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        for n in 0..rows * cols {
            let (gx, gy) = ((n % cols) as i32, (n / cols) as i32);
            let (x0, y0) = (left + gx * pitch_x, top + gy * pitch_y);
            root.draw(&Text::new(
                mnist.train.labels[n].to_string(),
                (x0 + side / 2, y0 - scaled(3.0) as i32),
                font(16.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
            ))?;
            let img = mnist.train.images.index_axis(ndarray::Axis(0), n);
            for ((r, c), &p) in img.indexed_iter() {
                if p == 0 {
                    continue;
                }
                let ink = 255 - p;
                let (x, y) = (x0 + c as i32 * px, y0 + r as i32 * px);
                root.draw(&Rectangle::new(
                    [(x, y), (x + px, y + px)],
                    RGBColor(ink, ink, ink).filled(),
                ))?;
            }
            root.draw(&Rectangle::new(
                [(x0, y0), (x0 + side, y0 + side)],
                RGBColor(190, 190, 190).stroke_width(scaled(0.4)),
            ))?;
        }
        Ok(())
    })
}

/// One panel of figure 5-2: how many test images an untrained network
/// with weights of spread `std` puts on each digit.
fn prediction_panel(
    area: &DrawingArea<SVGBackend, Shift>,
    std: f64,
    mnist: &Mnist,
) -> kit::Result<()> {
    let layers = init_network(&SIZES, std, SEED)?;
    let (x, t) = (mnist.test.x(true), mnist.test.t());
    let p = predict_in_batches(x.view(), &layers, BATCH_SIZE)?;
    let acc = accuracy(p.view(), t.view())?;
    let caption =
        format!("{} {std:.2}：{} {acc:.4}", TEXT.weight_std, TEXT.accuracy);
    // room above the tallest bar there can be: every image on one digit
    let top = (mnist.test.len() * 11 / 10) as f64;
    let mut c = class_bar_chart(
        area,
        &caption,
        mnist::CLASSES,
        0.0..top,
        TEXT.predicted,
        TEXT.images,
        0,
    )?;
    let counts = prediction_counts(p.view());
    c.draw_series(counts.iter().enumerate().map(|(k, &n)| {
        let k = k as f64;
        Rectangle::new(
            [(k - 0.35, 0.0), (k + 0.35, n as f64)],
            color(0).filled(),
        )
    }))?;
    let on_top = font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom));
    c.draw_series(counts.iter().enumerate().filter(|(_, n)| **n > 0).map(
        |(k, &n)| {
            Text::new(n.to_string(), (k as f64, n as f64 + 8.0), on_top.clone())
        },
    ))?;
    // What a perfect classifier would put on each digit: its true count,
    // one dashed step per digit.
    let truth = mnist.test.class_counts();
    for (k, &n) in truth.iter().enumerate() {
        let (k, n) = (k as f64, n as f64);
        c.draw_series(DashedLineSeries::new(
            [(k - 0.5, n), (k + 0.5, n)],
            scaled(6.0),
            scaled(4.0),
            stroke(1, 2.0),
        ))?;
    }
    Ok(())
}

/// Figure 5-2: which digits untrained networks predict for the test
/// images, for two spreads of the random weights.
fn untrained_predictions() -> kit::Result<String> {
    let mnist = mnist::bundled()?;
    svg_figure(|root| {
        let (left, right) = root.split_horizontally(800);
        prediction_panel(&left, 0.01, mnist)?;
        prediction_panel(&right, 1.0, mnist)
    })
}
