//! Contour lines (level sets) of a function of two variables, by marching
//! squares: the grey lines under the chapter's plane figures.
//!
//! plotters draws lines but has no contour plot, so the figures compute
//! the lines themselves: sample $f$ on a grid ([`grid_values`]), then for
//! each level $c$ find where $f = c$ crosses the grid's edges and join the
//! crossings into polylines ([`contour_lines`]). The page shows
//! [`contour_lines`] folded: it is how the figures are drawn, not part of
//! the gradient method.

use std::collections::BTreeMap;

use ndarray::{Array2, ArrayView1, ArrayView2};

/// A point of the plane, `(x, y)`.
pub type Point = (f64, f64);

/// `f` sampled on a grid: `z[[i, j]] = f(xs[i], ys[j])`.
///
/// # Shapes
///
/// `xs`: `(nx,)`, `ys`: `(ny,)` → `(nx, ny)`.
pub fn grid_values(
    xs: ArrayView1<f64>,
    ys: ArrayView1<f64>,
    f: impl Fn(f64, f64) -> f64,
) -> Array2<f64> {
    Array2::from_shape_fn((xs.len(), ys.len()), |(i, j)| f(xs[i], ys[j]))
}

/// An edge of the grid that a contour line crosses: the edge from node
/// `(i, j)` to `(i + 1, j)` (along x) or to `(i, j + 1)` (along y).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Edge {
    AlongX(usize, usize),
    AlongY(usize, usize),
}

/// Why [`contour_lines`] cannot trace a level.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ContourError {
    /// `z` has not one value per grid node.
    #[error(
        "xs: ({nx},) 和 ys: ({ny},) 要求 z 的形状是 (nx, ny) = ({nx}, {ny})，\
         实际是 {z:?}"
    )]
    Shape {
        /// The length of `xs`.
        nx: usize,
        /// The length of `ys`.
        ny: usize,
        /// The shape of `z`.
        z: (usize, usize),
    },
    /// `xs` or `ys` has fewer than 2 points: there is no cell.
    #[error("xs 和 ys 各自至少要有 2 个点，实际是 xs: ({nx},)、ys: ({ny},)")]
    TooFewPoints {
        /// The length of `xs`.
        nx: usize,
        /// The length of `ys`.
        ny: usize,
    },
    /// `level` is infinite or NaN.
    #[error("level 必须是有限数，实际是 {0}")]
    Level(f64),
}

/// The contour lines $f(x, y) = $ `level` of a function sampled on a grid
/// (see [`grid_values`]), by marching squares.
///
/// Each grid cell is looked at on its own: a corner is "above" when
/// $z \ge$ `level`. Where the two ends of a cell edge disagree, the line
/// crosses that edge, at the point found by linear interpolation. A cell
/// has 0, 2 or 4 crossings; 2 are joined by one segment, 4 (a saddle) by
/// two, paired by the value at the cell's centre. The segments are then
/// chained through their shared edges into polylines: a closed line has
/// the same first and last point, a line cut by the grid's border does not.
///
/// Along an edge the interpolation is exact for a function that is linear
/// there; for a curved one the error shrinks with the square of the grid
/// spacing.
///
/// # Shapes
///
/// `xs`: `(nx,)`, `ys`: `(ny,)`, `z`: `(nx, ny)` with `z[[i, j]]` the value
/// at `(xs[i], ys[j])`; `nx, ny >= 2`, and `xs`, `ys` increasing.
///
/// # Errors
///
/// A [`ContourError`] when `z`'s shape is not `(nx, ny)`, the grid has
/// fewer than 2 points along an axis, or `level` is not finite.
// ANCHOR: contour_lines
pub fn contour_lines(
    xs: ArrayView1<f64>,
    ys: ArrayView1<f64>,
    z: ArrayView2<f64>,
    level: f64,
) -> Result<Vec<Vec<Point>>, ContourError> {
    let (nx, ny) = (xs.len(), ys.len());
    if z.dim() != (nx, ny) {
        return Err(ContourError::Shape { nx, ny, z: z.dim() });
    }
    if nx < 2 || ny < 2 {
        return Err(ContourError::TooFewPoints { nx, ny });
    }
    if !level.is_finite() {
        return Err(ContourError::Level(level));
    }
    let above = |i: usize, j: usize| z[[i, j]] >= level;
    let mut segments = Vec::new();
    for i in 0..nx - 1 {
        for j in 0..ny - 1 {
            // 四个角按逆时针：a (i, j)、b (i+1, j)、c (i+1, j+1)、
            // d (i, j+1)；四条边：下、右、上、左
            let (a, b) = (above(i, j), above(i + 1, j));
            let (c, d) = (above(i + 1, j + 1), above(i, j + 1));
            let bottom = Edge::AlongX(i, j);
            let right = Edge::AlongY(i + 1, j);
            let top = Edge::AlongX(i, j + 1);
            let left = Edge::AlongY(i, j);
            let crossed: Vec<Edge> = [
                (a != b, bottom),
                (b != c, right),
                (c != d, top),
                (d != a, left),
            ]
            .into_iter()
            .filter_map(|(cross, e)| cross.then_some(e))
            .collect();
            match crossed.len() {
                2 => segments.push((crossed[0], crossed[1])),
                4 => {
                    // 鞍点：a、c 在一侧，b、d 在另一侧
                    let centre = (z[[i, j]]
                        + z[[i + 1, j]]
                        + z[[i + 1, j + 1]]
                        + z[[i, j + 1]])
                        / 4.0;
                    if (centre >= level) == a {
                        // 中心和 a、c 同侧：切掉 b、d 两个角
                        segments.push((bottom, right));
                        segments.push((top, left));
                    } else {
                        // 中心和 b、d 同侧：切掉 a、c 两个角
                        segments.push((left, bottom));
                        segments.push((right, top));
                    }
                }
                _ => {} // 0 个交点：等高线不经过这个格子
            }
        }
    }
    let point = |e: Edge| -> Point {
        // 从下标小的那个结点插值：共用这条边的两个格子算出逐位相同的点
        let ((i0, j0), (i1, j1)) = match e {
            Edge::AlongX(i, j) => ((i, j), (i + 1, j)),
            Edge::AlongY(i, j) => ((i, j), (i, j + 1)),
        };
        let (z0, z1) = (z[[i0, j0]], z[[i1, j1]]);
        let t = (level - z0) / (z1 - z0);
        (
            xs[i0] + t * (xs[i1] - xs[i0]),
            ys[j0] + t * (ys[j1] - ys[j0]),
        )
    };
    Ok(chain(&segments)
        .into_iter()
        .map(|edges| edges.into_iter().map(point).collect())
        .collect())
}
// ANCHOR_END: contour_lines

/// Joins segments that share an edge into chains of edges. Open chains
/// (ending at the border) come first, then closed ones, whose first edge
/// is repeated at the end.
fn chain(segments: &[(Edge, Edge)]) -> Vec<Vec<Edge>> {
    // every crossed edge belongs to at most two segments (its two cells)
    let mut at: BTreeMap<Edge, Vec<usize>> = BTreeMap::new();
    for (k, &(e1, e2)) in segments.iter().enumerate() {
        at.entry(e1).or_default().push(k);
        at.entry(e2).or_default().push(k);
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    // open ends first: edges on the border touch only one segment
    let ends: Vec<Edge> = at
        .iter()
        .filter(|(_, ks)| ks.len() == 1)
        .map(|(&e, _)| e)
        .collect();
    let starts = ends
        .into_iter()
        .chain(at.keys().copied().collect::<Vec<_>>());
    for start in starts {
        let Some(&first) = at[&start].iter().find(|&&k| !used[k]) else {
            continue;
        };
        let mut line = vec![start];
        let (mut edge, mut k) = (start, first);
        loop {
            used[k] = true;
            let (e1, e2) = segments[k];
            edge = if e1 == edge { e2 } else { e1 };
            line.push(edge);
            match at[&edge].iter().find(|&&k2| !used[k2]) {
                Some(&k2) => k = k2,
                None => break,
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::{Array1, array};

    fn grid(
        n: usize,
        f: impl Fn(f64, f64) -> f64,
    ) -> (Array1<f64>, Array1<f64>, Array2<f64>) {
        let xs = Array1::linspace(-3.0, 3.0, n);
        let ys = Array1::linspace(-2.0, 2.0, n);
        let z = grid_values(xs.view(), ys.view(), f);
        (xs, ys, z)
    }

    #[test]
    fn circles_are_closed_and_on_the_circle() {
        let (xs, ys, z) = grid(61, |x, y| x * x + y * y);
        for r in [0.5_f64, 1.0, 1.5] {
            let lines =
                contour_lines(xs.view(), ys.view(), z.view(), r * r).unwrap();
            assert_eq!(lines.len(), 1, "r = {r}");
            let line = &lines[0];
            assert_eq!(line.first(), line.last(), "closed");
            // spacing 0.1 (x) and 0.067 (y): chord error below 3e-3
            for &(x, y) in line {
                assert_abs_diff_eq!(x.hypot(y), r, epsilon = 3e-3);
            }
            // the polygon's length is close to the circumference
            let len: f64 = line
                .windows(2)
                .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
                .sum();
            assert_abs_diff_eq!(
                len,
                2.0 * std::f64::consts::PI * r,
                epsilon = 0.02
            );
        }
    }

    #[test]
    fn a_circle_cut_by_the_border_is_open() {
        // radius 2.5 leaves the grid at y = ±2: two arcs, left and right
        let (xs, ys, z) = grid(61, |x, y| x * x + y * y);
        let lines =
            contour_lines(xs.view(), ys.view(), z.view(), 6.25).unwrap();
        assert_eq!(lines.len(), 2);
        for line in &lines {
            assert_ne!(line.first(), line.last());
            for &(x, y) in line {
                assert_abs_diff_eq!(x.hypot(y), 2.5, epsilon = 3e-3);
            }
        }
    }

    #[test]
    fn linear_functions_are_exact() {
        let (xs, ys, z) = grid(17, |x, y| x + 2.0 * y);
        let lines = contour_lines(xs.view(), ys.view(), z.view(), 0.3).unwrap();
        assert_eq!(lines.len(), 1);
        for &(x, y) in &lines[0] {
            assert_abs_diff_eq!(x + 2.0 * y, 0.3, epsilon = 1e-12);
        }
    }

    #[test]
    fn saddles_give_two_branches() {
        // x y = 0.5: one branch in the first quadrant, one in the third
        let (xs, ys, z) = grid(40, |x, y| x * y);
        let lines = contour_lines(xs.view(), ys.view(), z.view(), 0.5).unwrap();
        assert_eq!(lines.len(), 2);
        let signs: Vec<bool> = lines.iter().map(|l| l[0].0 > 0.0).collect();
        assert!(signs.contains(&true) && signs.contains(&false));
        for line in &lines {
            for &(x, y) in line {
                assert!(x * y > 0.0);
            }
        }
        // and level 0 through saddle cells gives lines on the axes
        let lines =
            contour_lines(xs.view(), ys.view(), z.view(), 1e-9).unwrap();
        assert!(!lines.is_empty());
    }

    #[test]
    fn levels_outside_the_values_give_nothing() {
        let (xs, ys, z) = grid(11, |x, y| x * x + y * y);
        let lines =
            contour_lines(xs.view(), ys.view(), z.view(), 100.0).unwrap();
        assert!(lines.is_empty());
        let lines =
            contour_lines(xs.view(), ys.view(), z.view(), -1.0).unwrap();
        assert!(lines.is_empty());
    }

    #[test]
    fn bad_input_is_an_error() {
        let xs = array![0.0, 1.0, 2.0];
        let ys = array![0.0, 1.0];
        let z = Array2::<f64>::zeros((2, 3));
        let err =
            contour_lines(xs.view(), ys.view(), z.view(), 0.0).unwrap_err();
        assert_eq!(
            err,
            ContourError::Shape {
                nx: 3,
                ny: 2,
                z: (2, 3)
            }
        );
        let msg = err.to_string();
        assert!(msg.contains("(3, 2)") && msg.contains("(2, 3)"), "{msg}");
        let one = array![0.0];
        let z = Array2::<f64>::zeros((1, 2));
        let err =
            contour_lines(one.view(), ys.view(), z.view(), 0.0).unwrap_err();
        assert_eq!(err, ContourError::TooFewPoints { nx: 1, ny: 2 });
        let z = Array2::<f64>::zeros((3, 2));
        let err = contour_lines(xs.view(), ys.view(), z.view(), f64::NAN)
            .unwrap_err();
        assert!(matches!(err, ContourError::Level(v) if v.is_nan()));
        assert!(
            err.to_string().contains("level")
                && err.to_string().contains("NaN")
        );
    }

    #[test]
    fn grid_values_puts_x_down_and_y_across() {
        let z = grid_values(
            array![0.0, 1.0, 2.0].view(),
            array![0.0, 10.0].view(),
            |x, y| x + y,
        );
        assert_eq!(z, array![[0.0, 10.0], [1.0, 11.0], [2.0, 12.0]]);
    }
}
