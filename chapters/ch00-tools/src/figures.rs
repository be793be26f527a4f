//! What the chapter draws: its first figure.

use kit::Figure;
use kit::plot::{Series, line_chart};
use ndarray::Array1;

/// The figures, by the functions that draw them.
// ANCHOR: figures
pub const FIGURES: &[Figure] = kit::figures![first_figure];
// ANCHOR_END: figures

/// Figure 0-1: $y = x^2$ (solid) and $y = 2x$ (dashed) on $[-1, 3]$; they
/// meet at $x = 0$ and $x = 2$.
///
/// # Examples
///
/// ```
/// let svg = ch00_tools::CHAPTER.figures[0].draw()?;
/// assert!(svg.contains("y = x²") && svg.contains("y = 2x"));
/// # Ok::<(), kit::Error>(())
/// ```
// ANCHOR: first_figure
pub fn first_figure() -> kit::Result<String> {
    // np.linspace(-1, 3, 401)：每隔 0.01 取一个点，包含两端
    let x = Array1::linspace(-1.0, 3.0, 401);
    let square = Series::new("y = x²", x.iter().copied(), x.mapv(|v| v * v));
    let double = Series::new("y = 2x", x.iter().copied(), x.mapv(|v| 2.0 * v));
    // 依次是：标题（留空）、x 和 y 的范围、两条轴的名字、曲线（第二条是虚线）
    line_chart(
        "",
        -1.0..3.0,
        -2.0..9.0,
        "输入 x",
        "输出 y",
        &[square, double.dashed()],
    )
}
// ANCHOR_END: first_figure
