//! What the chapter draws: its first figure.

use kit::Figure;
use kit::plot::{Series, line_chart};
use ndarray::Array1;

// ANCHOR: figures
/// The figures, by the functions that draw them.
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
    // np.linspace(-1, 3, 401): a point every 0.01, both ends included
    let x = Array1::linspace(-1.0, 3.0, 401);
    let square = Series::new("y = x²", x.iter().copied(), x.mapv(|v| v * v));
    let double = Series::new("y = 2x", x.iter().copied(), x.mapv(|v| 2.0 * v));
    line_chart(
        "y = x² 与 y = 2x",
        -1.0..3.0,
        -2.0..9.0,
        "输入 x",
        "输出 y",
        &[square, double.dashed()],
    )
}
// ANCHOR_END: first_figure
