//! What the chapter draws: the book's training run, its loss and its
//! accuracy.

use kit::plot::{Series, chart, line_chart};
use kit::plot::{book_legend, scaled, stroke, svg_figure};
use plotters::prelude::*;

use crate::book_run;

/// The figures, by the functions that draw them.
pub const FIGURES: &[kit::Figure] = kit::figures![loss, accuracy];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    loss_x: &'static str,
    loss_y: &'static str,
    loss_series: &'static str,
    accuracy_x: &'static str,
    accuracy_y: &'static str,
    train: &'static str,
    test: &'static str,
}

const TEXT: Text = Text {
    loss_x: "迭代次数",
    loss_y: "损失 L",
    loss_series: "损失",
    accuracy_x: "epoch",
    accuracy_y: "识别精度",
    train: "训练数据",
    test: "测试数据",
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
