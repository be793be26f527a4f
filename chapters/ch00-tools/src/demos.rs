//! What the chapter prints: a tour of ndarray for NumPy users.

use std::io::Write;

use kit::Demo;
use ndarray::{Array1, Array2, Axis, array};

use crate::argmax_rows;

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![ndarray_basics, matrix_ops];

// ANCHOR: ndarray_basics
fn ndarray_basics(out: &mut dyn Write) -> kit::Result {
    // a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    // a.shape, a.ndim
    writeln!(out, "a.shape() = {:?}, a.ndim() = {}", a.shape(), a.ndim())?;
    // np.zeros((2, 3)), np.linspace(0.0, 1.0, 5)
    writeln!(out, "zeros =\n{:.1}", Array2::<f64>::zeros((2, 3)))?;
    writeln!(out, "linspace = {:.2}", Array1::linspace(0.0, 1.0, 5))?;
    // a * 2，a * a（逐元素相乘），np.exp(a)
    writeln!(out, "a * 2.0 =\n{:.1}", &a * 2.0)?;
    writeln!(out, "a * a =\n{:.1}", &a * &a)?;
    writeln!(out, "exp(a) =\n{:.4}", a.mapv(f64::exp))?;
    // a + np.array([10.0, 20.0, 30.0])：b 被加到每一行上
    let b = array![10.0, 20.0, 30.0];
    writeln!(out, "a + b =\n{:.1}", &a + &b)?;
    Ok(())
}
// ANCHOR_END: ndarray_basics

// ANCHOR: matrix_ops
fn matrix_ops(out: &mut dyn Write) -> kit::Result {
    // x = np.array([1.0, 2.0])；w = np.array([[1.0, 3.0, 5.0], ...])
    let x = array![1.0, 2.0];
    let w = array![[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]];
    // np.dot(x, w): (2,) · (2, 3) → (3,)
    let y = x.dot(&w);
    writeln!(out, "x.dot(&w) = {y:.1}，形状 {:?}", y.shape())?;
    // np.dot(w, w.T): (2, 3) · (3, 2) → (2, 2)
    writeln!(out, "w.dot(&w.t()) =\n{:.1}", w.dot(&w.t()))?;
    // w.sum(), w.sum(axis=0), w.sum(axis=1)
    writeln!(out, "w.sum() = {:.1}", w.sum())?;
    writeln!(out, "w.sum_axis(Axis(0)) = {:.1}", w.sum_axis(Axis(0)))?;
    writeln!(out, "w.sum_axis(Axis(1)) = {:.1}", w.sum_axis(Axis(1)))?;
    // np.argmax(p, axis=1)：每一行里最大的那个数的下标
    let p = array![
        [0.1, 0.8, 0.1],
        [0.3, 0.1, 0.6],
        [0.2, 0.5, 0.3],
        [0.8, 0.1, 0.1]
    ];
    // p 有三列，每一行都有最大值，所以不会是 None
    let classes = argmax_rows(p.view()).expect("rows are not empty");
    writeln!(out, "argmax_rows(p) = {classes}")?;
    Ok(())
}
// ANCHOR_END: matrix_ops
