//! The chapter's figures with a knob: the learning rate of the gradient
//! method on $x_0^2 + x_1^2$ (the path and the loss per step), and the step
//! h of the numerical derivative (its error in f64 and f32). Every frame
//! and readout is computed here, by the chapter's own functions.

use kit::Knob;
use kit::plot::{chart, color, scaled, stroke, svg_figure};
use ndarray::{Array1, array};
use plotters::prelude::*;

use crate::figures::{
    ERROR_FLOOR, draw_contours, draw_path, error_vs_h_with, label, plane_chart,
    points,
};
use crate::{derivative_errors, function_2, gradient_descent};

/// The knobs, in the order of the page.
pub const KNOBS: &[Knob] = &[
    Knob {
        name: "learning-rate",
        label: TEXT.lr_label,
        values: &LEARNING_RATES,
        start: 3,
        frame: learning_rate_frame,
        readout: learning_rate_readout,
    },
    Knob {
        name: "step-h",
        label: TEXT.h_label,
        values: &STEPS_H,
        start: 3,
        frame: step_h_frame,
        readout: step_h_readout,
    },
];

/// The knob's learning rates, from far too small to divergent (figure
/// 8-5's six among them).
pub const LEARNING_RATES: [f64; 12] = [
    0.001, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0, 1.05, 1.1,
];

/// The knob's steps h: 1e-1 down to 1e-12.
pub const STEPS_H: [f64; 12] = [
    1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12,
];

/// The start of the descent (figures 8-4 and 8-5).
const START: [f64; 2] = [-3.0, 4.0];
/// Steps of the descent (figures 8-4 and 8-5).
const STEPS: usize = 20;

/// Every word of the knobs: a translation changes only this.
struct Text {
    lr_label: &'static str,
    h_label: &'static str,
    path: fn(f64) -> String,
    loss_title: &'static str,
    step: &'static str,
    log_f: &'static str,
    lr_readout: fn(f64, f64, f64) -> String,
    h_mark: fn(f64) -> String,
    h_readout: fn(f64, [f64; 4]) -> String,
}

const TEXT: Text = Text {
    lr_label: "学习率 η",
    h_label: "步长 h",
    path: |lr| format!("η = {lr}：20 步的路径"),
    loss_title: "每一步的 f(x)",
    step: "步数",
    log_f: "log₁₀ f",
    lr_readout: |lr, f0, f| {
        format!("η = {lr}：f 从 {f0} 出发，20 步后 f = {f:.2e}")
    },
    h_mark: |h| format!("h = {h:e}"),
    h_readout: |h, e| {
        format!(
            "h = {h:e}：|误差| f64 前向 {:.1e}，中心 {:.1e}；f32 前向 {:.1e}，中心 {:.1e}",
            e[0], e[1], e[2], e[3]
        )
    },
};

/// The descent at learning rate `lr`: 20 steps from (-3, 4).
fn descent(lr: f64) -> kit::Result<Vec<Array1<f64>>> {
    Ok(gradient_descent(
        function_2,
        &array![START[0], START[1]],
        lr,
        STEPS,
    )?)
}

/// Where the loss chart puts f = 0 (log10): its bottom.
const LOSS_FLOOR: f64 = -12.0;

/// The learning-rate knob's frame: the path on the contour circles (left)
/// and f after each step, log scale (right).
fn learning_rate_frame(lr: f64) -> kit::Result<String> {
    let path = descent(lr)?;
    let losses: Vec<(f64, f64)> = path
        .iter()
        .enumerate()
        .map(|(k, x)| {
            let f = function_2(x);
            let y = if f > 0.0 {
                f.log10().max(LOSS_FLOOR)
            } else {
                LOSS_FLOOR
            };
            (k as f64, y)
        })
        .collect();
    svg_figure(|root| {
        let (left, right) = root.split_horizontally(800);
        let mut c = plane_chart(&left, &(TEXT.path)(lr), 0.0, -5.5..5.5)?;
        draw_contours(&mut c, |a, b| a * a + b * b, &[25.0, 6.25, 1.0])?;
        draw_path(&mut c, &points(&path), 1, path.len())?;
        let mut l = chart(
            &right,
            TEXT.loss_title,
            0.0..STEPS as f64,
            LOSS_FLOOR..6.0,
            TEXT.step,
            TEXT.log_f,
        )?;
        l.draw_series(LineSeries::new(losses.clone(), stroke(1, 1.5)))?;
        l.draw_series(
            losses
                .iter()
                .map(|&p| Circle::new(p, scaled(2.2), color(1).filled())),
        )?;
        Ok(())
    })
}

/// The learning-rate knob's readout: where the walk ends and f there.
fn learning_rate_readout(lr: f64) -> kit::Result<String> {
    let path = descent(lr)?;
    let (f0, f) = (function_2(&path[0]), function_2(&path[STEPS]));
    Ok((TEXT.lr_readout)(lr, f0, f))
}

/// The step knob's frame: figure 8-1 with the chosen h marked, a dot on
/// each curve where it crosses.
fn step_h_frame(h: f64) -> kit::Result<String> {
    let errors = derivative_errors(h);
    let lh = h.log10();
    error_vs_h_with(|c| {
        c.draw_series(std::iter::once(PathElement::new(
            vec![(lh, ERROR_FLOOR), (lh, 1.5)],
            BLACK.stroke_width(scaled(2.0)),
        )))?;
        c.draw_series(errors.iter().enumerate().map(|(i, &e)| {
            let y = if e > 0.0 {
                e.log10().max(ERROR_FLOOR)
            } else {
                ERROR_FLOOR
            };
            Circle::new((lh, y), scaled(5.0), color(i).filled())
        }))?;
        let black = BLACK;
        // the mark's label on the side of the line with room for it
        let x = if lh < -8.0 { lh + 0.2 } else { lh - 3.6 };
        c.draw_series(std::iter::once(label(
            &(TEXT.h_mark)(h),
            (x, -15.8),
            13.0,
            &black,
        )))?;
        Ok(())
    })
}

/// The step knob's readout: the four errors at h.
fn step_h_readout(h: f64) -> kit::Result<String> {
    Ok((TEXT.h_readout)(h, derivative_errors(h)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readouts_say_what_the_descent_does() {
        // η = 0.5 lands on the minimum; η = 1.1 ends farther than it began
        let r = learning_rate_readout(0.5).unwrap();
        assert!(r.starts_with("η = 0.5：f 从 25 出发，20 步后 f = "), "{r}");
        assert!(function_2(&descent(0.5).unwrap()[STEPS]) < 1e-30);
        let path = descent(1.1).unwrap();
        assert!(function_2(&path[STEPS]) > 25.0);
        let r = step_h_readout(1e-4).unwrap();
        assert!(r.starts_with("h = 1e-4："), "{r}");
    }
}
