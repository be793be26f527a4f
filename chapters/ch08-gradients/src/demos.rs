//! What the chapter prints: the source book's results and the comparisons
//! the page discusses.

use std::io::Write;

use ch00_tools::argmax;
use ch04_output_layer::softmax;
use ch06_losses::wrong_way::cross_entropy_no_delta;
use kit::Demo;
use ndarray::{Array1, Array2, array, aview1};

use crate::linear_model::{
    DATA_SEED, FIT_LR, FIT_START, FIT_STEPS, NUM_SAMPLES, make_data,
};
use crate::simple_net::{
    BOOK_T, BOOK_X, SimpleNet, WEIGHT_SEED, loss, predict,
};
use crate::wrong_way::{gradient_descent_unchecked, numerical_diff_tiny_h};
use crate::{
    H, central_diff, central_diff_f32, derivative_errors, forward_diff,
    forward_diff_f32, function_1, function_2, gradient_descent, numerical_diff,
    numerical_gradient,
};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![
    derivative,
    rounding,
    partial_derivatives,
    gradients,
    descent,
    learning_rates,
    linear_fit,
    simple_net,
    simple_net_seeded,
];

/// The book's two numerical derivatives.
fn derivative(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "f(x) = 0.01x² + 0.1x，f'(x) = 0.02x + 0.1，h = {H:e}")?;
    for x in [5.0, 10.0] {
        let d = numerical_diff(function_1, x);
        let exact = 0.02 * x + 0.1;
        writeln!(
            out,
            "x = {x:4.1}：numerical_diff = {d}，精确值 {exact:.1}，\
             误差 {:.1e}",
            d - exact
        )?;
    }
    writeln!(out, "x = 5 处，用很大的 h：")?;
    for h in [1.0, 0.1] {
        writeln!(
            out,
            "  h = {h:3.1}：前向差分 {:.4}，中心差分 {:.4}",
            forward_diff(function_1, 5.0, h),
            central_diff(function_1, 5.0, h)
        )?;
    }
    Ok(())
}

/// Why not h = 1e-50, and why f64: the spacing of floating-point
/// numbers, machine epsilon and unit roundoff.
fn rounding(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "f(x) = 0.01x² + 0.1x 在 x = 5 处（精确的斜率 0.2）：")?;
    let tiny = 1e-50;
    writeln!(
        out,
        "f64，前向差分，h = 1e-50：{}   （5.0 + h == 5.0：{}）",
        numerical_diff_tiny_h(function_1, 5.0),
        5.0 + tiny == 5.0
    )?;
    let f32_fn = |x: f32| 0.01 * x * x + 0.1 * x;
    let h32 = tiny as f32;
    writeln!(
        out,
        "f32，前向差分，h = 1e-50：{}   （1e-50 as f32 = {h32}）",
        forward_diff_f32(f32_fn, 5.0, h32)
    )?;
    writeln!(
        out,
        "f64，中心差分，h = 1e-4：{}",
        central_diff(function_1, 5.0, H)
    )?;
    writeln!(
        out,
        "f32，中心差分，h = 1e-4：{}",
        central_diff_f32(f32_fn, 5.0, H as f32)
    )?;
    writeln!(out)?;
    // the next number up: one more in the last bit
    let gap_f64 = |x: f64| f64::from_bits(x.to_bits() + 1) - x;
    let gap_f32 = |x: f32| f32::from_bits(x.to_bits() + 1) - x;
    writeln!(out, "浮点数的间距（机器精度是 1 和下一个数的间距）：")?;
    writeln!(out, "  f64::EPSILON = {:.4e}", f64::EPSILON)?;
    writeln!(out, "  f64 的单位舍入误差 = {:.4e}", f64::EPSILON / 2.0)?;
    writeln!(out, "  f32::EPSILON = {:.4e}", f32::EPSILON)?;
    writeln!(out, "  f32 的单位舍入误差 = {:.4e}", f32::EPSILON / 2.0)?;
    writeln!(out, "  5.0 和下一个 f64 的间距 = {:.4e}", gap_f64(5.0))?;
    writeln!(out, "  最小的正 f32 = {:.4e}", f32::from_bits(1))?;
    writeln!(out, "  0.93 附近 f32 的间距 = {:.4e}", gap_f32(0.93))?;
    writeln!(out)?;
    writeln!(out, "f(x) = x³ 在 x = 1 处（精确的斜率 3）的 |误差|：")?;
    writeln!(out, "     h    前向 f64    中心 f64    中心 f32")?;
    for k in [1, 2, 3, 4, 5, 6, 8, 10, 12] {
        let h = 10f64.powi(-k);
        let [fwd, cen, _, cen32] = derivative_errors(h);
        writeln!(out, "{h:6.0e}{fwd:12.1e}{cen:12.1e}{cen32:12.1e}")?;
    }
    Ok(())
}

/// One variable held fixed at a time.
fn partial_derivatives(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: partial
    // f(x0, x1) = x0² + x1²，在点 (3, 4) 处
    let d0 = numerical_diff(|x0| x0 * x0 + 4.0 * 4.0, 3.0); // 固定 x1 = 4
    let d1 = numerical_diff(|x1| 3.0 * 3.0 + x1 * x1, 4.0); // 固定 x0 = 3
    // ANCHOR_END: partial
    writeln!(out, "(3, 4) 处 ∂f/∂x0 = {d0}   （精确值 2 × 3 = 6）")?;
    Ok(writeln!(
        out,
        "(3, 4) 处 ∂f/∂x1 = {d1}   （精确值 2 × 4 = 8）"
    )?)
}

/// The gradient at the book's three points, and of a function of a
/// matrix.
fn gradients(out: &mut dyn Write) -> kit::Result {
    for p in [[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]] {
        let mut x = Array1::from(p.to_vec());
        let grad = numerical_gradient(function_2, &mut x);
        writeln!(out, "{x:.1} 处的梯度 = {grad:.4}")?;
    }
    let mut w = array![[0.5, -1.0, 2.0], [1.5, 0.0, -0.25]];
    let grad = numerical_gradient(function_2, &mut w);
    writeln!(out, "w，形状 {:?} =\n{w:8.4}", w.shape())?;
    Ok(writeln!(
        out,
        "w 处的梯度，形状 {:?} =\n{grad:8.4}",
        grad.shape()
    )?)
}

/// 100 steps of lr 0.1 from (-3, 4).
fn descent(out: &mut dyn Write) -> kit::Result {
    let init = array![-3.0, 4.0];
    let path = gradient_descent(function_2, &init, 0.1, 100)?;
    for k in [0, 1, 2, 3, 10, 50] {
        writeln!(
            out,
            "第 {k:3} 步：x = {:8.4}，f(x) = {:8.4}",
            path[k],
            function_2(&path[k])
        )?;
    }
    Ok(writeln!(out, "第 100 步：x = {:.8e}", path[100])?)
}

/// Too large, too small, and not a rate at all.
fn learning_rates(out: &mut dyn Write) -> kit::Result {
    let init = array![-3.0, 4.0];
    writeln!(out, "从 (-3, 4) 出发，走 100 步：")?;
    let rates = [
        ("1e-10", 1e-10),
        ("0.01", 0.01),
        ("0.1", 0.1),
        ("0.5", 0.5),
        ("0.9", 0.9),
        ("1.0", 1.0),
        ("1.1", 1.1),
        ("10", 10.0),
    ];
    for (name, lr) in rates {
        match gradient_descent(function_2, &init, lr, 100) {
            Ok(path) => {
                let (x, fx) = (&path[100], function_2(&path[100]));
                // tiny coordinates read better in scientific notation
                if fx < 1e-8 {
                    writeln!(
                        out,
                        "lr = {name:>5}：x = {x:.3e}，f(x) = {fx:.4e}"
                    )?
                } else {
                    writeln!(
                        out,
                        "lr = {name:>5}：x = {x:.8}，f(x) = {fx:.4e}"
                    )?
                }
            }
            Err(e) => writeln!(out, "lr = {name:>5}：出错\n  {e}")?,
        }
    }
    writeln!(out)?;
    writeln!(out, "原书那样不做检查的循环，lr = 10：")?;
    let mut x = gradient_descent_unchecked(function_2, &init, 10.0, 100);
    writeln!(out, "100 步后 x = {x:.8e}")?;
    let x10 = gradient_descent_unchecked(function_2, &init, 10.0, 10);
    writeln!(out, " 10 步后 x = {x10:.8e}")?;
    let gap = f64::from_bits(x[0].abs().to_bits() + 1) - x[0].abs();
    writeln!(out, "x0 附近相邻两个 f64 的间距 = {gap:.4e}")?;
    writeln!(out, "x0 + h == x0：{}", x[0] + H == x[0])?;
    let grad = numerical_gradient(function_2, &mut x);
    writeln!(out, "那里的数值梯度 = {grad:.4}")?;
    writeln!(out)?;
    for lr in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        let err = gradient_descent(function_2, &init, lr, 100).unwrap_err();
        writeln!(out, "lr = {lr:4}：{err}")?;
    }
    Ok(())
}

/// Li Hongyi's y = b + w x on 20 seeded samples.
fn linear_fit(out: &mut dyn Write) -> kit::Result {
    let data = make_data(NUM_SAMPLES, DATA_SEED)?;
    writeln!(out, "{} 个样本中的前 5 个：", data.len())?;
    for i in 0..5 {
        writeln!(out, "  x = {:6.4}，y = {:6.4}", data.x()[i], data.y()[i])?;
    }
    let path = data.fit(FIT_START, FIT_LR, FIT_STEPS)?;
    writeln!(out, "梯度下降，lr = {FIT_LR}：")?;
    for k in [0, 10, 100, FIT_STEPS] {
        let (w, b) = (path[k][0], path[k][1]);
        writeln!(
            out,
            "  第 {k:4} 步：w = {w:7.4}，b = {b:7.4}，L(w, b) = {:.4}",
            data.loss(w, b)
        )?;
    }
    let (w, b) = data.least_squares()?;
    Ok(writeln!(
        out,
        "  最小二乘：  w = {w:7.4}，b = {b:7.4}，L(w, b) = {:.4}",
        data.loss(w, b)
    )?)
}

/// Prints W, the scores, the arg-max, the loss and dW of `net` on the
/// book's sample; returns dW.
fn simple_net_report(
    out: &mut dyn Write,
    net: &mut SimpleNet,
) -> kit::Result<Array2<f64>> {
    let (x, t) = (aview1(&BOOK_X), aview1(&BOOK_T));
    let z = net.predict(x)?;
    let l = net.loss(x, t)?;
    let dw = net.numerical_gradient(x, t)?;
    writeln!(out, "W，形状 {:?} =\n{:.8}", net.w().shape(), net.w())?;
    writeln!(out, "x = {x:.1}，t = {t:.0}")?;
    let k = argmax(z.view()).ok_or_else(|| kit::Error::from("no scores"))?;
    writeln!(out, "predict(x) = {z:.8}, argmax = {k}")?;
    let y = softmax(z.view())?;
    writeln!(out, "softmax    = {y:.8}")?;
    writeln!(out, "损失 L     = {l:.8}")?;
    writeln!(out, "dW，形状 {:?} =\n{dw:.8}", dw.shape())?;
    Ok(dw)
}

/// The source book's fixed weights, and how to read dW.
fn simple_net(out: &mut dyn Write) -> kit::Result {
    let mut net = SimpleNet::book();
    let dw = simple_net_report(out, &mut net)?;
    let (x, t) = (aview1(&BOOK_X), aview1(&BOOK_T));
    // the book's numbers come from the loss without delta = 1e-7
    let no_delta = |w: &Array2<f64>| -> f64 {
        let y = predict(w.view(), x)
            .ok()
            .and_then(|z| softmax(z.view()).ok());
        // the shapes are fixed here and the scores finite: y is never None
        y.map_or(f64::NAN, |y| cross_entropy_no_delta(y.view(), t))
    };
    let mut w = net.w().to_owned();
    writeln!(out)?;
    writeln!(out, "原书印出的损失是 0.92806853663411326，")?;
    writeln!(
        out,
        "dW = [[0.21924763, 0.14356247, -0.36281009],\n      \
         [0.32887144, 0.2153437, -0.54421514]]"
    )?;
    writeln!(out, "对数里不加 δ = 1e-7 时：")?;
    writeln!(out, "损失 L = {:.8}", no_delta(&w))?;
    writeln!(out, "dW =\n{:.8}", numerical_gradient(no_delta, &mut w))?;
    writeln!(out)?;
    writeln!(out, "读 dW（下标从 0 开始）：")?;
    let l0 = net.loss(x, t)?;
    for (i, j) in [(0, 0), (1, 2)] {
        let mut w = net.w().to_owned();
        w[[i, j]] += 0.01;
        let l1 = loss(w.view(), x, t)?;
        writeln!(
            out,
            "W[{i}, {j}] + 0.01：损失 {l0:.4} -> {l1:.4}，变化 {:+.4}；\
             0.01 × dW[{i}, {j}] = {:+.4}",
            l1 - l0,
            0.01 * dw[[i, j]]
        )?;
    }
    Ok(writeln!(
        out,
        "dW 第 1 行 / 第 0 行 = {:.4}",
        &dw.row(1) / &dw.row(0)
    )?)
}

/// Standard normal weights from a seeded ChaCha8Rng, as
/// `np.random.randn(2, 3)` but the same on every run.
fn simple_net_seeded(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "ChaCha8Rng，种子 {WEIGHT_SEED}：")?;
    let mut net = SimpleNet::seeded(WEIGHT_SEED);
    let dw = simple_net_report(out, &mut net)?;
    writeln!(
        out,
        "dW.shape() == W.shape()：{}",
        dw.shape() == net.w().shape()
    )?;
    // one step of the gradient method on W
    let (x, t) = (aview1(&BOOK_X), aview1(&BOOK_T));
    let lr = 0.5;
    let w1 = &net.w() - &(lr * &dw);
    let z1 = predict(w1.view(), x)?;
    Ok(writeln!(
        out,
        "走一步 W - {lr} * dW：损失 {:.4} -> {:.4}，argmax -> {}",
        net.loss(x, t)?,
        loss(w1.view(), x, t)?,
        argmax(z1.view()).ok_or_else(|| kit::Error::from("no scores"))?
    )?)
}

#[cfg(test)]
mod tests {
    use crate::CHAPTER;

    #[test]
    fn printed_reference_values() -> kit::Result {
        let d = CHAPTER.output("derivative")?;
        assert!(d.contains("0.1999999999990898"), "{d}");
        assert!(d.contains("0.2999999999986347"), "{d}");
        let p = CHAPTER.output("partial-derivatives")?;
        assert!(p.contains("6.00000000000378"), "{p}");
        assert!(p.contains("7.999999999999119"), "{p}");
        let g = CHAPTER.output("descent")?;
        assert!(g.contains("[-6.11110793e-10, 8.14814391e-10]"), "{g}");
        let l = CHAPTER.output("learning-rates")?;
        assert!(l.contains("[-2.58983747e13, -1.29524862e12]"), "{l}");
        assert!(l.contains("[-2.99999994, 3.99999992]"), "{l}");
        assert!(l.contains("[-0.39785867, 0.53047822]"), "{l}");
        assert!(l.contains("第 3 步发散"), "{l}");
        Ok(())
    }

    #[test]
    fn simple_net_prints_the_books_values_and_ours() -> kit::Result {
        let s = CHAPTER.output("simple-net")?;
        // the book's p and arg-max, to its 8 decimals
        let p = "predict(x) = [1.05414809, 0.63071653, 1.13280740], argmax = 2";
        assert!(s.contains(p), "{s}");
        // ours, with delta = 1e-7, and the book's loss without it
        assert!(s.contains("损失 L     = 0.92806829"), "{s}");
        assert!(s.contains("损失 L = 0.92806854"), "{s}");
        // without delta, dW is the book's to all 8 printed decimals
        let no_delta = "dW =\n[[0.21924763, 0.14356247, -0.36281009],\n \
                        [0.32887144, 0.21534370, -0.54421514]]";
        assert!(s.contains(no_delta), "{s}");
        let seeded = CHAPTER.output("simple-net-seeded")?;
        assert!(seeded.contains("dW.shape() == W.shape()：true"), "{seeded}");
        Ok(())
    }
}
