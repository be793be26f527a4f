//! What the chapter draws: the three activation functions.

use ch00_tools::arange;
use kit::Figure;
use kit::plot::{Series, line_chart};
use ndarray::Array1;

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] =
    kit::figures![step, sigmoid, step_vs_sigmoid, relu];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    x: &'static str,
    y: &'static str,
    step: &'static str,
    sigmoid: &'static str,
    step_vs_sigmoid: &'static str,
    relu: &'static str,
}

const TEXT: Text = Text {
    x: "输入 x",
    y: "输出 h(x)",
    step: "阶跃函数",
    sigmoid: "sigmoid 函数",
    step_vs_sigmoid: "阶跃函数与 sigmoid 函数",
    relu: "ReLU 函数",
};

/// The x axis of every figure: [-5, 5) in steps of 0.1, as in the book.
fn figure_x() -> Array1<f64> {
    arange(-5.0, 5.0, 0.1)
}

/// Figure 2-1: the step function.
fn step() -> kit::Result<String> {
    let x = figure_x();
    let y = crate::step_function(&x);
    line_chart(
        TEXT.step,
        -5.0..5.0,
        -0.1..1.1,
        TEXT.x,
        TEXT.y,
        &[Series::new(TEXT.step, x, y)],
    )
}

/// Figure 2-2: the sigmoid function.
fn sigmoid() -> kit::Result<String> {
    let x = figure_x();
    let y = crate::sigmoid(&x);
    line_chart(
        TEXT.sigmoid,
        -5.0..5.0,
        -0.1..1.1,
        TEXT.x,
        TEXT.y,
        &[Series::new(TEXT.sigmoid, x, y)],
    )
}

/// Figure 2-3: both on one chart, step dashed.
fn step_vs_sigmoid() -> kit::Result<String> {
    let x = figure_x();
    let sigmoid_y = crate::sigmoid(&x);
    let step_y = crate::step_function(&x);
    line_chart(
        TEXT.step_vs_sigmoid,
        -5.0..5.0,
        -0.1..1.1,
        TEXT.x,
        TEXT.y,
        &[
            Series::new(TEXT.sigmoid, x.clone(), sigmoid_y),
            Series::new(TEXT.step, x, step_y).dashed(),
        ],
    )
}

/// Figure 2-4: the ReLU function.
fn relu() -> kit::Result<String> {
    let x = figure_x();
    let y = crate::relu(&x);
    line_chart(
        TEXT.relu,
        -5.0..5.0,
        -1.0..5.5,
        TEXT.x,
        TEXT.y,
        &[Series::new(TEXT.relu, x, y)],
    )
}
