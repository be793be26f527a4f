//! What the chapter draws: the first training images, and which digits
//! untrained networks predict.

use std::sync::OnceLock;

use kit::Figure;
use kit::plot::{
    class_bar_chart, color, font, scaled, stroke, svg_figure, svg_panel,
};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::mnist;
use crate::{
    BATCH_SIZE, SEED, SIZES, WEIGHT_INIT_STD, accuracy, init_network,
    predict_in_batches, prediction_counts,
};

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![
    digits,
    predictions_small_weights,
    predictions_large_weights,
];

/// Every word of the chapter's figures: a translation changes only this.
/// (Not `Text`: that is plotters' text element.)
struct Words {
    weight_std: &'static str,
    accuracy: &'static str,
    predicted: &'static str,
    images: &'static str,
    truth: &'static str,
}

const TEXT: Words = Words {
    weight_std: "权重标准差",
    accuracy: "识别精度",
    predicted: "预测的数字",
    images: "测试图像张数",
    truth: "虚线：实际张数",
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
    let (left, top) = ((1600 - pitch_x * cols as i32) / 2 + 7, 145);
    svg_figure(|root| {
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

/// The weights' spread of the right panel of figure 5-2: large enough
/// for the hidden layer to answer to the input.
const LARGE_STD: f64 = 1.0;

/// Figure 5-2, left: the untrained network of the chapter (weights of
/// spread 0.01) puts nearly every test image on one digit.
fn predictions_small_weights() -> kit::Result<String> {
    prediction_panel(WEIGHT_INIT_STD)
}

/// Figure 5-2, right: with weights of spread 1 the predictions spread over
/// several digits, still unrelated to the images.
fn predictions_large_weights() -> kit::Result<String> {
    prediction_panel(LARGE_STD)
}

/// What one panel of figure 5-2 shows: the accuracy, and how many test
/// images are predicted as each digit.
struct Panel {
    accuracy: f64,
    counts: [usize; mnist::CLASSES],
}

/// The panels' data, computed once per program: the manifest check draws
/// every figure three times. (The same on every call, so keeping it
/// changes no figure.)
fn panel_data(std: f64) -> kit::Result<&'static Panel> {
    static DATA: OnceLock<Result<[Panel; 2], String>> = OnceLock::new();
    let compute = |std: f64| -> kit::Result<Panel> {
        let mnist = mnist::bundled()?;
        let layers = init_network(&SIZES, std, SEED)?;
        let (x, t) = (mnist.test.x(true), mnist.test.t());
        let p = predict_in_batches(x.view(), &layers, BATCH_SIZE)?;
        Ok(Panel {
            accuracy: accuracy(p.view(), t.view())?,
            counts: prediction_counts(p.view()),
        })
    };
    let data = DATA.get_or_init(|| {
        let both = || {
            Ok::<_, kit::Error>([
                compute(WEIGHT_INIT_STD)?,
                compute(LARGE_STD)?,
            ])
        };
        both().map_err(|e| e.to_string())
    });
    let [small, large] = data.as_ref().map_err(|e| e.clone())?;
    Ok(if std == LARGE_STD { large } else { small })
}

/// One panel of figure 5-2: how many test images an untrained network
/// with weights of spread `std` puts on each digit, against how many
/// there are of each (dashed).
fn prediction_panel(std: f64) -> kit::Result<String> {
    let mnist = mnist::bundled()?;
    let Panel { accuracy, counts } = panel_data(std)?;
    let caption = format!(
        "{} {std:.2}：{} {accuracy:.4}",
        TEXT.weight_std, TEXT.accuracy
    );
    // room above the tallest bar there can be: every image on one digit
    let top = (mnist.test.len() * 11 / 10) as f64;
    let truth = mnist.test.class_counts();
    svg_panel(|root| {
        let mut c = class_bar_chart(
            root,
            &caption,
            mnist::CLASSES,
            0.0..top,
            TEXT.predicted,
            TEXT.images,
            0,
        )?;
        c.draw_series(counts.iter().enumerate().map(|(k, &n)| {
            let k = k as f64;
            Rectangle::new(
                [(k - 0.35, 0.0), (k + 0.35, n as f64)],
                color(0).filled(),
            )
        }))?;
        // What a perfect classifier would put on each digit: its true
        // count, one dashed step per digit.
        for (k, &n) in truth.iter().enumerate() {
            let (k, n) = (k as f64, n as f64);
            c.draw_series(DashedLineSeries::new(
                [(k - 0.5, n), (k + 0.5, n)],
                scaled(6.0),
                scaled(4.0),
                stroke(1, 2.0),
            ))?;
        }
        // each count above its bar, and above the dashed step too
        let on_top = font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom));
        let gap = top / 60.0;
        c.draw_series(
            counts
                .iter()
                .zip(&truth)
                .enumerate()
                .filter(|(_, (n, _))| **n > 0)
                .map(|(k, (&n, &m))| {
                    let at = (k as f64, n.max(m) as f64 + gap);
                    Text::new(n.to_string(), at, on_top.clone())
                }),
        )?;
        let note = font(12.0).pos(Pos::new(HPos::Right, VPos::Top));
        c.draw_series(std::iter::once(Text::new(
            TEXT.truth,
            (mnist::CLASSES as f64 - 0.6, top * 0.97),
            note.color(&color(1)),
        )))?;
        Ok(())
    })
}
