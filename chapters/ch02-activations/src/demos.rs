//! What the chapter prints: the source book's results, the activations
//! side by side, and why a stack of affine layers is one affine layer.

use std::io::Write;

use kit::Demo;
use ndarray::{Array1, array};

use crate::{
    affine_layer, collapse_affine, forward, relu, sigmoid, step_function,
    three_layers,
};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![
    reference,
    signals,
    linear_scalar,
    affine_collapse,
    not_affine,
    levels_off,
];

/// the results *Deep Learning from Scratch* prints.
fn reference(out: &mut dyn Write) -> kit::Result {
    let x = array![-1.0, 1.0, 2.0];
    writeln!(out, "x                = {x:.1}")?;
    writeln!(out, "step_function(x) = {}", step_function(&x))?;
    writeln!(out, "sigmoid(x)       = {:.8}", sigmoid(&x))?;
    writeln!(out, "relu(x)          = {}", relu(&x))?;
    let big = array![-1000.0, 1000.0];
    Ok(writeln!(out, "sigmoid({big:.1}) = {:.4}", sigmoid(&big))?)
}

/// what each activation passes on, side by side.
fn signals(out: &mut dyn Write) -> kit::Result {
    let x = array![-5.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0];
    let (step_y, sigmoid_y, relu_y) =
        (step_function(&x), sigmoid(&x), relu(&x));
    writeln!(out, "       x   step(x)  sigmoid(x)   relu(x)")?;
    for i in 0..x.len() {
        writeln!(
            out,
            "{:8.1}  {:8.0}  {:10.4}  {:8.4}",
            x[i], step_y[i], sigmoid_y[i], relu_y[i]
        )?;
    }
    Ok(())
}

/// a linear activation applied three times.
fn linear_scalar(out: &mut dyn Write) -> kit::Result {
    // h(x) = c x applied three times is (c^3) x.
    let c = 2.0;
    let h = |x: f64| c * x;
    writeln!(out, "h(x) = c * x，c = {c:.1}")?;
    writeln!(out, "       x  h(h(h(x)))        c³ x")?;
    for x in [-1.0, 0.5, 3.0] {
        writeln!(out, "{x:8.1}  {:10.4}  {:10.4}", h(h(h(x))), c * c * c * x)?;
    }
    Ok(())
}

/// three affine layers are one affine layer.
fn affine_collapse(out: &mut dyn Write) -> kit::Result {
    let layers = three_layers();
    let x = array![1.0, 0.5];
    // No activation between the layers: each h is the identity.
    let y_stack = forward(x.view(), &layers, |a| a.clone())?;
    let (w, b) = collapse_affine(&layers)?;
    let y_one = affine_layer(x.view(), w.view(), b.view())?;
    writeln!(out, "x = {x:.1}")?;
    writeln!(out, "三层：((x W1 + b1) W2 + b2) W3 + b3 = {y_stack:.4}")?;
    writeln!(out, "合并：W = W1 W2 W3 =")?;
    writeln!(out, "{w:.4}")?;
    writeln!(out, "      b = (b1 W2 + b2) W3 + b3 = {b:.4}")?;
    Ok(writeln!(out, "一层：x W + b = {y_one:.4}")?)
}

/// An activation to put between the layers of [`three_layers`].
type Hidden = fn(&Array1<f64>) -> Array1<f64>;

/// The output of [`three_layers`] with `h` between the layers.
fn three_layer_output(x: &Array1<f64>, h: Hidden) -> kit::Result<Array1<f64>> {
    Ok(forward(x.view(), &three_layers(), h)?)
}

/// with sigmoid between the layers the stack is no longer affine, so no
/// single affine layer can stand in for it.
fn not_affine(out: &mut dyn Write) -> kit::Result {
    let identity: Hidden = |a| a.clone();
    let with_sigmoid: Hidden = sigmoid;
    let f = three_layer_output;

    // Any affine layer f(x) = x W + b has f(x1 + x2) = f(x1) + f(x2) - f(0).
    let x1 = array![-1.0, -2.0];
    let x2 = array![3.0, 4.0];
    let x12 = &x1 + &x2;
    let zero = array![0.0, 0.0];
    writeln!(out, "x1 = {x1:.1}，x2 = {x2:.1}，x1 + x2 = {x12:.1}")?;
    let cases = [
        ("层间不用激活函数（恒等函数）", identity),
        ("层间用 sigmoid", with_sigmoid),
    ];
    for (name, h) in cases {
        let lhs = f(&x12, h)?;
        let rhs = f(&x1, h)? + f(&x2, h)? - f(&zero, h)?;
        let gap = (&lhs - &rhs).mapv(f64::abs);
        writeln!(out)?;
        writeln!(out, "{name}：")?;
        writeln!(out, "  f(x1 + x2)           = {lhs:.4}")?;
        writeln!(out, "  f(x1) + f(x2) - f(0) = {rhs:.4}")?;
        writeln!(out, "  两边之差的绝对值     = {gap:.4}")?;
    }

    Ok(())
}

/// along a line through the inputs an affine layer keeps growing at the
/// same rate; the stack with sigmoid levels off.
fn levels_off(out: &mut dyn Write) -> kit::Result {
    let identity: Hidden = |a| a.clone();
    let with_sigmoid: Hidden = sigmoid;
    let d = array![1.0, 0.5];
    writeln!(out, "x = t * {d:.1}")?;
    writeln!(out, "          层间为恒等函数        层间为 sigmoid")?;
    writeln!(out, "     t        y1       y2          y1       y2")?;
    for t in [0.0, 1.0, 2.0, 4.0, 8.0, 16.0] {
        let x = t * &d;
        let y_lin = three_layer_output(&x, identity)?;
        let y_sig = three_layer_output(&x, with_sigmoid)?;
        writeln!(
            out,
            "{t:6.1}  {:8.4} {:8.4}    {:8.4} {:8.4}",
            y_lin[0], y_lin[1], y_sig[0], y_sig[1]
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_reference_demo_prints_the_books_values() {
        let text = crate::CHAPTER.output("reference").unwrap();
        assert!(text.contains("[0.26894142, 0.73105858, 0.88079708]"));
    }

    #[test]
    fn three_layers_and_the_collapsed_one_print_the_same() {
        let text = crate::CHAPTER.output("affine-collapse").unwrap();
        let three = "三层：((x W1 + b1) W2 + b2) W3 + b3 = [0.4260, 0.9120]";
        assert!(text.contains(three), "{text}");
        assert!(text.contains("一层：x W + b = [0.4260, 0.9120]"), "{text}");
    }
}
