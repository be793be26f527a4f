//! What the chapter draws: the book's training run, its loss and its
//! accuracy.

use kit::plot::{Series, chart, line_chart};
use kit::plot::{book_legend, scaled, stroke, svg_figure};
use plotters::prelude::*;

use ch05_data::mnist::{COLS, ROWS};
use kit::plot::{book_mesh, color, font};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::diagnosis::{confusion_matrix, misclassified};
use crate::overfitting::{book_overfit, early_stopping_pick};
use crate::variants::{Hidden, book_variants, classify, moving_average};
use crate::{OUTPUT_SIZE, book_run, bundled};

/// The figures, by the functions that draw them.
pub const FIGURES: &[kit::Figure] = kit::figures![
    loss,
    accuracy,
    mistakes,
    confusion,
    derivatives,
    relu_loss,
    overfitting_loss,
    overfitting_accuracy
];

/// Every word of the chapter's figures: a translation changes only this.
/// (Not `Text`: that is plotters' text element.)
struct Words {
    loss_x: &'static str,
    loss_y: &'static str,
    loss_series: &'static str,
    accuracy_x: &'static str,
    accuracy_y: &'static str,
    train: &'static str,
    test: &'static str,
    mistakes_title: &'static str,
    actual: &'static str,
    predicted: &'static str,
    input_a: &'static str,
    derivative: &'static str,
    sigmoid_d: &'static str,
    relu_d: &'static str,
    smoothed_loss: &'static str,
    sigmoid_hidden: &'static str,
    relu_hidden: &'static str,
    validation: &'static str,
    early_stop: &'static str,
}

const TEXT: Words = Words {
    loss_x: "迭代次数",
    loss_y: "损失 L",
    loss_series: "损失",
    accuracy_x: "epoch",
    accuracy_y: "识别精度",
    train: "训练数据",
    test: "测试数据",
    mistakes_title: "认错的测试图像：真实的数字 → 网络的预测",
    actual: "真实的数字",
    predicted: "预测的数字",
    input_a: "输入 a",
    derivative: "导数",
    sigmoid_d: "sigmoid 的导数",
    relu_d: "ReLU 的导数",
    smoothed_loss: "损失（最近 50 次的平均）",
    sigmoid_hidden: "sigmoid 隐藏层",
    relu_hidden: "ReLU 隐藏层",
    validation: "验证数据",
    early_stop: "提前停止",
};

/// Figure 9-1: the mini-batch loss after every iteration.
fn loss() -> kit::Result<String> {
    let (_, history) = book_run()?;
    let iters = history.loss.len() as f64;
    let xs = (0..history.loss.len()).map(|i| i as f64);
    // no title: the caption on the page says what the figure shows
    line_chart(
        "",
        0.0..iters,
        0.0..2.5,
        TEXT.loss_x,
        TEXT.loss_y,
        &[Series::new(
            TEXT.loss_series,
            xs,
            history.loss.iter().copied(),
        )],
    )
}

/// Figure 9-2: accuracy on the training and on the test data, measured
/// once per epoch.
fn accuracy() -> kit::Result<String> {
    let (_, history) = book_run()?;
    let epochs = history.epoch_iters.len();
    let xs = || (0..epochs).map(|e| e as f64);
    svg_figure(|root| {
        let mut c = chart(
            root,
            "", // the caption on the page names the figure
            0.0..(epochs - 1) as f64,
            0.0..1.0,
            TEXT.accuracy_x,
            TEXT.accuracy_y,
        )?;
        let train = xs().zip(history.train_acc.iter().copied());
        let test = xs().zip(history.test_acc.iter().copied());
        // Two strokes per sample; the dashed series leaves a gap between
        // them, as kit's draw_series does, so the legend shows the dash.
        let legend = |i: usize, dashed: bool| {
            let len = scaled(20.0) as i32;
            let gap = if dashed { scaled(4.0) as i32 } else { 0 };
            let (end1, start2) = ((len - gap) / 2, (len + gap) / 2);
            move |(x, y): (i32, i32)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (end1, 0)], stroke(i, 2.0))
                    + PathElement::new(
                        vec![(start2, 0), (len, 0)],
                        stroke(i, 2.0),
                    )
            }
        };
        c.draw_series(LineSeries::new(train, stroke(0, 2.0)))?
            .label(TEXT.train)
            .legend(legend(0, false));
        let (dash, gap) = (scaled(6.0), scaled(4.0));
        c.draw_series(DashedLineSeries::new(test, dash, gap, stroke(1, 2.0)))?
            .label(TEXT.test)
            .legend(legend(1, true));
        // the curves rise through the upper left: the legend goes low
        book_legend(&mut c.configure_series_labels())
            .position(SeriesLabelPosition::LowerRight)
            .draw()?;
        Ok(())
    })
}

/// Grid of the `mistakes` figure: rows, columns.
const MISTAKE_GRID: (usize, usize) = (3, 8);

/// Figure 9-3: the first misclassified test images, each with its label
/// and the network's prediction above it.
fn mistakes() -> kit::Result<String> {
    let (_, te) = bundled()?;
    let (net, _) = book_run()?;
    let p = classify(net, Hidden::Sigmoid, te.x.view())?;
    let wrong = misclassified(p.view(), te.labels.view());
    let (rows, cols) = MISTAKE_GRID;
    let px = 5; // one pixel of an image is 5 x 5 on the canvas
    let side = ROWS as i32 * px;
    let (pitch_x, pitch_y) = (196, 290);
    let (left, top) = ((1600 - pitch_x * cols as i32) / 2 + 28, 210);
    svg_figure(|root| {
        root.draw(&Text::new(
            TEXT.mistakes_title,
            (800, scaled(10.0) as i32),
            font(22.0).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        for (k, &n) in wrong.iter().take(rows * cols).enumerate() {
            let (gx, gy) = ((k % cols) as i32, (k / cols) as i32);
            let (x0, y0) = (left + gx * pitch_x, top + gy * pitch_y);
            let label = format!("{}→{}", te.labels[n], p[n]);
            root.draw(&Text::new(
                label,
                (x0 + side / 2, y0 - scaled(3.0) as i32),
                font(22.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
            ))?;
            let img = te.x.row(n);
            for (i, &v) in img.iter().enumerate() {
                if v == 0.0 {
                    continue;
                }
                let ink = (255.0 * (1.0 - v)).round() as u8;
                let (r, c) = ((i / COLS) as i32, (i % COLS) as i32);
                let (x, y) = (x0 + c * px, y0 + r * px);
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

/// Figure 9-4: the confusion matrix of the trained network on the test
/// data, one cell per (true, predicted) pair with its count; mistakes
/// shaded by how many.
fn confusion() -> kit::Result<String> {
    let (_, te) = bundled()?;
    let (net, _) = book_run()?;
    let p = classify(net, Hidden::Sigmoid, te.x.view())?;
    let m = confusion_matrix(p.view(), te.labels.view(), OUTPUT_SIZE)?;
    let largest_mistake = m
        .indexed_iter()
        .filter(|((i, j), _)| i != j)
        .map(|(_, &n)| n)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let k = OUTPUT_SIZE as f64;
    svg_figure(|root| {
        let mut c = ChartBuilder::on(root)
            .margin(scaled(8.0))
            .margin_top(scaled(16.0))
            .margin_right(scaled(20.0))
            .x_label_area_size(scaled(50.0))
            .y_label_area_size(scaled(60.0))
            .build_cartesian_2d(-0.5..k - 0.5, -0.5..k - 0.5)?;
        // row 0 at the top, as the printed matrix
        let y = |i: usize| k - 1.0 - i as f64;
        book_mesh(&mut c.configure_mesh())
            .disable_mesh()
            .x_labels(OUTPUT_SIZE)
            .y_labels(OUTPUT_SIZE)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{:.0}", k - 1.0 - v))
            .x_desc(TEXT.predicted)
            .y_desc(TEXT.actual)
            .draw()?;
        for ((i, j), &n) in m.indexed_iter() {
            let fill = if i == j {
                color(0).mix(0.25)
            } else {
                color(1).mix(0.9 * n as f64 / largest_mistake)
            };
            let (x, yy) = (j as f64, y(i));
            c.draw_series([Rectangle::new(
                [(x - 0.5, yy - 0.5), (x + 0.5, yy + 0.5)],
                fill.filled(),
            )])?;
            c.draw_series([Text::new(
                n.to_string(),
                (x, yy),
                font(15.0).pos(Pos::new(HPos::Center, VPos::Center)),
            )])?;
        }
        Ok(())
    })
}

/// Figure 9-5: the derivatives of sigmoid (at most 0.25) and of ReLU.
fn derivatives() -> kit::Result<String> {
    let xs: Vec<f64> = (-500..=500).map(|i| i as f64 / 100.0).collect();
    let sig = xs.iter().map(|&a| Hidden::Sigmoid.derivative(a));
    // ReLU's derivative jumps at 0: draw it as a step
    let relu_x = [-5.0, 0.0, 0.0, 5.0];
    let relu_y = [0.0, 0.0, 1.0, 1.0];
    line_chart(
        "",
        -5.0..5.0,
        -0.1..1.1,
        TEXT.input_a,
        TEXT.derivative,
        &[
            Series::new(TEXT.sigmoid_d, xs.iter().copied(), sig),
            Series::new(TEXT.relu_d, relu_x, relu_y).dashed(),
        ],
    )
}

/// Figure 9-6: the batch loss of the book's run and of the same run with
/// a ReLU hidden layer, each averaged over the last 50 iterations.
fn relu_loss() -> kit::Result<String> {
    let (_, history) = book_run()?;
    let (_, _, curves) = &book_variants()?[0];
    let xs = || (0..history.loss.len()).map(|i| i as f64);
    line_chart(
        "",
        0.0..history.loss.len() as f64,
        0.0..2.5,
        TEXT.loss_x,
        TEXT.smoothed_loss,
        &[
            Series::new(
                TEXT.sigmoid_hidden,
                xs(),
                moving_average(&history.loss, 50),
            ),
            Series::new(
                TEXT.relu_hidden,
                xs(),
                moving_average(&curves.batch_loss, 50),
            )
            .dashed(),
        ],
    )
}

/// One of figures 9-7 and 9-8: a training and a validation curve of the
/// overfitting run, with early stopping's pick marked.
fn overfitting_chart(
    train: &[f64],
    validation: &[f64],
    y: std::ops::Range<f64>,
    y_desc: &str,
    legend: SeriesLabelPosition,
) -> kit::Result<String> {
    let (_, curves) = book_overfit()?;
    let xs = || curves.checkpoints.iter().map(|&i| i as f64);
    let best =
        early_stopping_pick(&curves.check_loss).ok_or("no checkpoint")?;
    let at = curves.checkpoints[best] as f64;
    let last = curves.checkpoints.last().copied().unwrap_or(0) as f64;
    let y_range = y.clone();
    svg_figure(|root| {
        let mut c = chart(root, "", 0.0..last, y, TEXT.loss_x, y_desc)?;
        c.draw_series(DashedLineSeries::new(
            [(at, y_range.start), (at, y_range.end)],
            scaled(3.0),
            scaled(3.0),
            BLACK.stroke_width(scaled(1.0)),
        ))?;
        c.draw_series([Text::new(
            TEXT.early_stop,
            (at, y_range.start + 0.93 * (y_range.end - y_range.start)),
            font(18.0).pos(Pos::new(HPos::Left, VPos::Center)),
        )])?;
        let series = [
            Series::new(TEXT.train, xs(), train.iter().copied()),
            Series::new(TEXT.validation, xs(), validation.iter().copied())
                .dashed(),
        ];
        for (i, s) in series.iter().enumerate() {
            let style = stroke(i, 2.0);
            let len = scaled(20.0) as i32;
            let gap = if s.dashed { scaled(4.0) as i32 } else { 0 };
            let (end1, start2) = ((len - gap) / 2, (len + gap) / 2);
            let points = s.points.iter().copied();
            let anno = if s.dashed {
                c.draw_series(DashedLineSeries::new(
                    points,
                    scaled(6.0),
                    scaled(4.0),
                    style,
                ))?
            } else {
                c.draw_series(LineSeries::new(points, style))?
            };
            anno.label(s.label.as_str()).legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (end1, 0)], style)
                    + PathElement::new(vec![(start2, 0), (len, 0)], style)
            });
        }
        book_legend(&mut c.configure_series_labels())
            .position(legend)
            .draw()?;
        Ok(())
    })
}

/// Figure 9-7: the overfitting run's loss on its training images and on
/// the validation data.
fn overfitting_loss() -> kit::Result<String> {
    let (_, curves) = book_overfit()?;
    overfitting_chart(
        &curves.train_loss,
        &curves.check_loss,
        0.0..2.5,
        TEXT.loss_y,
        SeriesLabelPosition::UpperRight,
    )
}

/// Figure 9-8: the overfitting run's accuracy on its training images and
/// on the validation data.
fn overfitting_accuracy() -> kit::Result<String> {
    let (_, curves) = book_overfit()?;
    overfitting_chart(
        &curves.train_acc,
        &curves.check_acc,
        0.0..1.05,
        TEXT.accuracy_y,
        SeriesLabelPosition::LowerRight,
    )
}
