//! What the chapter draws: the default training run.

use kit::Figure;
use kit::plot::{Series, chart, line_chart};
use kit::plot::{book_legend, scaled, stroke, svg_figure};
use plotters::prelude::*;

use crate::demos::default_run;

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = &[
    Figure::new("loss", loss_figure),
    Figure::new("accuracy", accuracy_figure),
];

/// Figure `loss`: the mini-batch loss after every iteration.
fn loss_figure() -> kit::Result<String> {
    let (_, history) = default_run()?;
    let iters = history.loss.len() as f64;
    let xs = (0..history.loss.len()).map(|i| i as f64);
    line_chart(
        "训练损失：每次迭代后的 mini-batch 交叉熵误差",
        0.0..iters,
        0.0..2.5,
        "迭代次数（iteration）",
        "损失 L",
        &[Series::new("损失", xs, history.loss.iter().copied())],
    )
}

/// Figure `accuracy`: accuracy on the training and on the test data,
/// measured once per epoch.
fn accuracy_figure() -> kit::Result<String> {
    let (_, history) = default_run()?;
    let epochs = history.epoch_iters.len();
    let xs = || (0..epochs).map(|e| e as f64);
    svg_figure(|root| {
        let mut c = chart(
            root,
            "识别精度：每个 epoch 在全部训练数据和测试数据上测一次",
            0.0..(epochs - 1) as f64,
            0.0..1.0,
            "epoch",
            "识别精度（accuracy）",
        )?;
        let train = xs().zip(history.train_acc.iter().copied());
        let test = xs().zip(history.test_acc.iter().copied());
        // Two strokes per sample; the dashed series leaves a gap between
        // them, as ch00's draw_series does, so the legend shows the dash.
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
            .label("训练数据（train）")
            .legend(legend(0, false));
        let (dash, gap) = (scaled(6.0), scaled(4.0));
        c.draw_series(DashedLineSeries::new(test, dash, gap, stroke(1, 2.0)))?
            .label("测试数据（test，虚线）")
            .legend(legend(1, true));
        // the curves rise through the upper left: the legend goes low
        book_legend(&mut c.configure_series_labels())
            .position(SeriesLabelPosition::LowerRight)
            .draw()?;
        Ok(())
    })
}
