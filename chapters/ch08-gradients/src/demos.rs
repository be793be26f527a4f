//! What the chapter prints: the source book's results and the comparisons
//! the page discusses.

use std::io::Write;

use ch00_tools::argmax;
use ch04_output_layer::softmax;
use ch06_losses::wrong_way::cross_entropy_no_delta;
use kit::Demo;
use ndarray::{Array1, Array2, array, aview1};

use crate::linear_model::make_data;
use crate::simple_net::{BOOK_T, BOOK_X, SimpleNet, loss, predict};
use crate::wrong::{gradient_descent_unchecked, numerical_diff_tiny_h};
use crate::{
    H, central_diff, central_diff_f32, forward_diff, forward_diff_f32,
    function_1, function_2, gradient_descent, numerical_diff,
    numerical_gradient,
};

/// $x^3$, the test function of the error figure: $f'(1) = 3$,
/// $f''(1) = 6$, $f'''(1) = 6$.
pub(crate) fn cube(x: f64) -> f64 {
    x * x * x
}

/// [`cube`] in single precision.
pub(crate) fn cube_f32(x: f32) -> f32 {
    x * x * x
}

/// The four errors of the error figure at step `h`, for $x^3$ at 1:
/// forward and central difference, in `f64` and in `f32`.
pub(crate) fn derivative_errors(h: f64) -> [f64; 4] {
    let exact = 3.0;
    let h32 = h as f32;
    [
        forward_diff(cube, 1.0, h) - exact,
        central_diff(cube, 1.0, h) - exact,
        f64::from(forward_diff_f32(cube_f32, 1.0, h32)) - exact,
        f64::from(central_diff_f32(cube_f32, 1.0, h32)) - exact,
    ]
    .map(f64::abs)
}

/// Demo `derivative`: the book's two numerical derivatives.
fn derivative_demo(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "f(x) = 0.01x^2 + 0.1x, f'(x) = 0.02x + 0.1, h = {H:e}")?;
    for x in [5.0, 10.0] {
        let d = numerical_diff(function_1, x);
        let exact = 0.02 * x + 0.1;
        writeln!(
            out,
            "x = {x:4.1}: numerical_diff = {d}, exact = {exact:.1}, \
             error = {:.1e}",
            d - exact
        )?;
    }
    writeln!(out, "the central difference with a large h, at x = 5:")?;
    for h in [1.0, 0.1] {
        writeln!(
            out,
            "  h = {h:3.1}: forward = {:.4}, central = {:.4}",
            forward_diff(function_1, 5.0, h),
            central_diff(function_1, 5.0, h)
        )?;
    }
    Ok(())
}

/// Demo `rounding`: why not h = 1e-50, and why f64.
fn rounding_demo(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "f(x) = 0.01x^2 + 0.1x at x = 5 (exact slope 0.2)")?;
    let tiny = 1e-50;
    writeln!(
        out,
        "f64, forward, h = 1e-50: {}   (5.0 + h == 5.0: {})",
        numerical_diff_tiny_h(function_1, 5.0),
        5.0 + tiny == 5.0
    )?;
    let f32_fn = |x: f32| 0.01 * x * x + 0.1 * x;
    let h32 = tiny as f32;
    writeln!(
        out,
        "f32, forward, h = 1e-50: {}   (1e-50 as f32 = {h32})",
        forward_diff_f32(f32_fn, 5.0, h32)
    )?;
    writeln!(
        out,
        "f64, central, h = 1e-4:  {}",
        central_diff(function_1, 5.0, H)
    )?;
    writeln!(
        out,
        "f32, central, h = 1e-4:  {}",
        central_diff_f32(f32_fn, 5.0, H as f32)
    )?;
    writeln!(out)?;
    writeln!(out, "f(x) = x^3 at x = 1 (exact slope 3): |error|")?;
    writeln!(out, "     h   forward f64   central f64   central f32")?;
    for k in [1, 2, 3, 4, 5, 6, 8, 10, 12] {
        let h = 10f64.powi(-k);
        let [fwd, cen, _, cen32] = derivative_errors(h);
        writeln!(out, "{h:6.0e}  {fwd:12.1e}  {cen:12.1e}  {cen32:12.1e}")?;
    }
    Ok(())
}

/// Demo `partial-derivatives`: one variable held fixed at a time.
fn partial_demo(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: partial
    // f(x0, x1) = x0^2 + x1^2 at (3, 4)
    let d0 = numerical_diff(|x0| x0 * x0 + 4.0 * 4.0, 3.0); // x1 = 4 fixed
    let d1 = numerical_diff(|x1| 3.0 * 3.0 + x1 * x1, 4.0); // x0 = 3 fixed
    // ANCHOR_END: partial
    writeln!(out, "df/dx0 at (3, 4) = {d0}   (exact 2 * 3 = 6)")?;
    Ok(writeln!(
        out,
        "df/dx1 at (3, 4) = {d1}   (exact 2 * 4 = 8)"
    )?)
}

/// Demo `gradients`: the gradient at the book's three points, and of a
/// function of a matrix.
fn gradients_demo(out: &mut dyn Write) -> kit::Result {
    for p in [[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]] {
        let mut x = Array1::from(p.to_vec());
        let grad = numerical_gradient(function_2, &mut x);
        writeln!(out, "grad f at {x:.1} = {grad:.4}")?;
    }
    let mut w = array![[0.5, -1.0, 2.0], [1.5, 0.0, -0.25]];
    let grad = numerical_gradient(function_2, &mut w);
    writeln!(out, "w {:?} =\n{w:8.4}", w.shape())?;
    Ok(writeln!(
        out,
        "grad f at w, shape {:?} =\n{grad:8.4}",
        grad.shape()
    )?)
}

/// Demo `descent`: 100 steps of lr 0.1 from (-3, 4).
fn descent_demo(out: &mut dyn Write) -> kit::Result {
    let init = array![-3.0, 4.0];
    let path = gradient_descent(function_2, &init, 0.1, 100)?;
    for k in [0, 1, 2, 3, 10, 50] {
        writeln!(
            out,
            "step {k:3}: x = {:8.4}, f(x) = {:8.4}",
            path[k],
            function_2(&path[k])
        )?;
    }
    Ok(writeln!(out, "step 100: x = {:.8e}", path[100])?)
}

/// Demo `learning-rates`: too large, too small, and not a rate at all.
fn learning_rates_demo(out: &mut dyn Write) -> kit::Result {
    let init = array![-3.0, 4.0];
    writeln!(out, "from (-3, 4), 100 steps:")?;
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
                        "lr = {name:>5}: x = {x:.3e}, f(x) = {fx:.4e}"
                    )?
                } else {
                    writeln!(
                        out,
                        "lr = {name:>5}: x = {x:.8}, f(x) = {fx:.4e}"
                    )?
                }
            }
            Err(e) => writeln!(out, "lr = {name:>5}: error:\n  {e}")?,
        }
    }
    writeln!(out)?;
    writeln!(out, "the book's loop, unchecked, lr = 10:")?;
    let mut x = gradient_descent_unchecked(function_2, &init, 10.0, 100);
    writeln!(out, "x after 100 steps = {x:.8e}")?;
    let x10 = gradient_descent_unchecked(function_2, &init, 10.0, 10);
    writeln!(out, "x after  10 steps = {x10:.8e}")?;
    writeln!(out, "x0 + h == x0: {}", x[0] + H == x[0])?;
    let grad = numerical_gradient(function_2, &mut x);
    writeln!(out, "numerical gradient there = {grad:.4}")?;
    writeln!(out)?;
    for lr in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        let err = gradient_descent(function_2, &init, lr, 100).unwrap_err();
        writeln!(out, "lr = {lr:4}: {err}")?;
    }
    Ok(())
}

/// Demo `linear-fit`: Li Hongyi's y = b + w x on 20 seeded samples.
fn linear_fit_demo(out: &mut dyn Write) -> kit::Result {
    let data = make_data(20, 0)?;
    writeln!(out, "the first 5 of {} samples:", data.len())?;
    for i in 0..5 {
        writeln!(out, "  x = {:6.4}, y = {:6.4}", data.x()[i], data.y()[i])?;
    }
    let path =
        data.fit(crate::figures::FIT_START, crate::figures::FIT_LR, 1000)?;
    writeln!(out, "gradient descent, lr = {}:", crate::figures::FIT_LR)?;
    for k in [0, 10, 100, 1000] {
        let (w, b) = (path[k][0], path[k][1]);
        writeln!(
            out,
            "  step {k:4}: w = {w:7.4}, b = {b:7.4}, L(w, b) = {:.4}",
            data.loss(w, b)
        )?;
    }
    let (w, b) = data.least_squares()?;
    Ok(writeln!(
        out,
        "least squares:  w = {w:7.4}, b = {b:7.4}, L(w, b) = {:.4}",
        data.loss(w, b)
    )?)
}

/// The seed of the seeded `simpleNet` shown on the page.
const SIMPLE_NET_SEED: u64 = 0;

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
    writeln!(out, "W {:?} =\n{:.8}", net.w().shape(), net.w())?;
    writeln!(out, "x = {x:.1}, t = {t:.0}")?;
    let k = argmax(z.view()).ok_or_else(|| kit::Error::from("no scores"))?;
    writeln!(out, "predict(x) = {z:.8}, argmax = {k}")?;
    let y = softmax(z.view())?;
    writeln!(out, "softmax    = {y:.8}")?;
    writeln!(out, "loss       = {l:.8}")?;
    writeln!(out, "dW {:?} =\n{dw:.8}", dw.shape())?;
    Ok(dw)
}

/// Demo `simple-net`: the source book's fixed weights, and how to read dW.
fn simple_net_demo(out: &mut dyn Write) -> kit::Result {
    let mut net = SimpleNet::book();
    let dw = simple_net_report(out, &mut net)?;
    let (x, t) = (aview1(&BOOK_X), aview1(&BOOK_T));
    // the book's numbers come from the loss without delta = 1e-7
    let no_delta = |w: &Array2<f64>| -> f64 {
        match predict(w.view(), x).and_then(|z| Ok(softmax(z.view())?)) {
            Ok(y) => cross_entropy_no_delta(y.view(), t),
            Err(_) => f64::NAN, // shapes are fixed here: cannot happen
        }
    };
    let mut w = net.w().to_owned();
    writeln!(out)?;
    writeln!(out, "the source book prints loss 0.92806853663411326 and")?;
    writeln!(
        out,
        "dW = [[0.21924763, 0.14356247, -0.36281009],\n      \
         [0.32887144, 0.2153437, -0.54421514]]"
    )?;
    writeln!(out, "without delta = 1e-7 in the log:")?;
    writeln!(out, "loss = {:.8}", no_delta(&w))?;
    writeln!(out, "dW =\n{:.8}", numerical_gradient(no_delta, &mut w))?;
    writeln!(out)?;
    writeln!(out, "reading dW (indices from 0):")?;
    let l0 = net.loss(x, t)?;
    for (i, j) in [(0, 0), (1, 2)] {
        let mut w = net.w().to_owned();
        w[[i, j]] += 0.01;
        let l1 = loss(w.view(), x, t)?;
        writeln!(
            out,
            "W[{i}, {j}] + 0.01: loss {l0:.4} -> {l1:.4}, change {:+.4}; \
             0.01 * dW[{i}, {j}] = {:+.4}",
            l1 - l0,
            0.01 * dw[[i, j]]
        )?;
    }
    Ok(writeln!(
        out,
        "dW row 1 / row 0 = {:.4}",
        &dw.row(1) / &dw.row(0)
    )?)
}

/// Demo `simple-net-seeded`: standard normal weights from a seeded
/// ChaCha8Rng, as `np.random.randn(2, 3)` but the same on every run.
fn simple_net_seeded_demo(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "ChaCha8Rng, seed {SIMPLE_NET_SEED}:")?;
    let mut net = SimpleNet::seeded(SIMPLE_NET_SEED);
    let dw = simple_net_report(out, &mut net)?;
    writeln!(
        out,
        "dW.shape() == W.shape(): {}",
        dw.shape() == net.w().shape()
    )?;
    // one step of the gradient method on W
    let (x, t) = (aview1(&BOOK_X), aview1(&BOOK_T));
    let lr = 0.5;
    let w1 = &net.w() - &(lr * &dw);
    let z1 = predict(w1.view(), x)?;
    Ok(writeln!(
        out,
        "one step W - {lr} * dW: loss {:.4} -> {:.4}, argmax -> {}",
        net.loss(x, t)?,
        loss(w1.view(), x, t)?,
        argmax(z1.view()).ok_or_else(|| kit::Error::from("no scores"))?
    )?)
}

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = &[
    Demo::new("derivative", derivative_demo),
    Demo::new("rounding", rounding_demo),
    Demo::new("partial-derivatives", partial_demo),
    Demo::new("gradients", gradients_demo),
    Demo::new("descent", descent_demo),
    Demo::new("learning-rates", learning_rates_demo),
    Demo::new("linear-fit", linear_fit_demo),
    Demo::new("simple-net", simple_net_demo),
    Demo::new("simple-net-seeded", simple_net_seeded_demo),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn output(name: &str) -> String {
        crate::CHAPTER.output(name).unwrap()
    }

    #[test]
    fn printed_reference_values() {
        let d = output("derivative");
        assert!(d.contains("0.1999999999990898"), "{d}");
        assert!(d.contains("0.2999999999986347"), "{d}");
        let p = output("partial-derivatives");
        assert!(p.contains("6.00000000000378"), "{p}");
        assert!(p.contains("7.999999999999119"), "{p}");
        let g = output("descent");
        assert!(g.contains("[-6.11110793e-10, 8.14814391e-10]"), "{g}");
        let l = output("learning-rates");
        assert!(l.contains("[-2.58983747e13, -1.29524862e12]"), "{l}");
        assert!(l.contains("[-2.99999994, 3.99999992]"), "{l}");
        assert!(l.contains("[-0.39785867, 0.53047822]"), "{l}");
        assert!(l.contains("diverged at step 3"), "{l}");
    }

    #[test]
    fn simple_net_prints_the_books_values_and_ours() {
        let s = output("simple-net");
        // the book's p and arg-max, to its 8 decimals
        let p = "predict(x) = [1.05414809, 0.63071653, 1.13280740], argmax = 2";
        assert!(s.contains(p), "{s}");
        // ours, with delta = 1e-7, and the book's loss without it
        assert!(s.contains("loss       = 0.92806829"), "{s}");
        assert!(s.contains("loss = 0.92806854"), "{s}");
        // without delta, dW is the book's to all 8 printed decimals
        let no_delta = "dW =\n[[0.21924763, 0.14356247, -0.36281009],\n \
                        [0.32887144, 0.21534370, -0.54421514]]";
        assert!(s.contains(no_delta), "{s}");
        let seeded = output("simple-net-seeded");
        assert!(seeded.contains("dW.shape() == W.shape(): true"), "{seeded}");
    }

    #[test]
    fn the_error_is_a_v_with_its_bottom_where_theory_says() {
        // the h (10^-k, k = 1..16 in steps of 0.25) with the least error
        let best = |which: usize| {
            (4..=64)
                .map(|i| 10f64.powf(-(i as f64) / 4.0))
                .min_by(|&a, &b| {
                    derivative_errors(a)[which]
                        .total_cmp(&derivative_errors(b)[which])
                })
                .unwrap()
        };
        // rounding eps / h against truncation: forward h, central h^2
        // f64 (eps 1.1e-16): forward ~1e-8, central ~1e-5
        // f32 (eps 6e-8):    forward ~1e-4, central ~1e-2.5
        let log = |h: f64| h.log10();
        assert!((-9.5..=-6.5).contains(&log(best(0))), "{}", best(0));
        assert!((-6.5..=-4.0).contains(&log(best(1))), "{}", best(1));
        assert!((-5.5..=-3.0).contains(&log(best(2))), "{}", best(2));
        assert!((-3.5..=-1.5).contains(&log(best(3))), "{}", best(3));
        // at h = 1e-4, f32's central difference is far worse than f64's
        let e = derivative_errors(1e-4);
        assert!(e[3] > 1e-4 && e[1] < 1e-7, "{e:?}");
    }
}
