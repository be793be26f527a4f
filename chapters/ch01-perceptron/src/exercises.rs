//! Solutions to the exercises at the end of chapter 1.

use crate::{INPUTS, Perceptron, and, or};

/// Exercise 1: the NOT gate, `1 - x` for `x` in {0, 1}: the perceptron
/// [`NOT`], which ignores its second input. [`nor`] is NOR (NOT OR), the
/// perceptron [`NOR`]: OR with every sign flipped.
///
/// $y = 1$ if $0.5 - x > 0$, else $0$.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::exercises::{nor, not};
/// use ch01_perceptron::truth_table;
///
/// assert_eq!((not(0.0), not(1.0)), (1.0, 0.0));
/// assert_eq!(truth_table(nor), [1.0, 0.0, 0.0, 0.0]);
/// ```
// ANCHOR: not_nor
pub fn not(x: f64) -> f64 {
    NOT.output(x, 0.0) // 第二个输入不起作用
}

/// 或非门：只有两个输入都是 0 时才输出 1
pub fn nor(x1: f64, x2: f64) -> f64 {
    NOR.output(x1, x2)
}

/// 非门：忽略第二个输入（它的权重是 0）
pub const NOT: Perceptron = Perceptron {
    w1: -1.0,
    w2: 0.0,
    b: 0.5,
};

/// 或非门：或门的参数全部取反
pub const NOR: Perceptron = Perceptron {
    w1: -0.5,
    w2: -0.5,
    b: 0.2,
};
// ANCHOR_END: not_nor

/// Exercise 2: XOR read off its truth table, "x1 and not x2, or not x1
/// and x2", wired from NOT, AND and OR: three layers of perceptrons.
///
/// $y = \mathrm{OR}(\mathrm{AND}(x_1, \bar x_2),
/// \mathrm{AND}(\bar x_1, x_2))$
///
/// # Examples
///
/// ```
/// use ch01_perceptron::exercises::xor_three_layers;
/// use ch01_perceptron::{truth_table, xor};
///
/// assert_eq!(truth_table(xor_three_layers), truth_table(xor));
/// ```
// ANCHOR: xor_three_layers
pub fn xor_three_layers(x1: f64, x2: f64) -> f64 {
    let (n1, n2) = (not(x1), not(x2)); // 第 1 层：非
    let (s1, s2) = (and(x1, n2), and(n1, x2)); // 第 2 层：与
    or(s1, s2) // 第 3 层：或
}
// ANCHOR_END: xor_three_layers

/// Exercise 3: the perceptron learning rule. Starting from all-zero
/// weights, go through the four [`INPUTS`] again and again; after each
/// wrong answer move every weight by `lr * (t - y) * input` (the bias's
/// input is 1). Stops after the first pass with no mistakes.
///
/// $w_i \leftarrow w_i + \eta (t - y) x_i$, $b \leftarrow b + \eta (t - y)$
///
/// Returns the learned perceptron and the number of passes it took.
///
/// # Errors
///
/// When `lr` is not a positive finite number, or when some pass still
/// has mistakes after `max_epochs` passes (as for XOR, which no single
/// perceptron can compute).
///
/// # Examples
///
/// ```
/// use ch01_perceptron::exercises::learn;
/// use ch01_perceptron::{truth_table, xor};
///
/// let and_table = [0.0, 0.0, 0.0, 1.0];
/// let (p, _epochs) = learn(and_table, 0.1, 100)?;
/// assert_eq!(truth_table(|x1, x2| p.output(x1, x2)), and_table);
///
/// assert!(learn(truth_table(xor), 0.1, 100).is_err());
/// # Ok::<(), String>(())
/// ```
// ANCHOR: learn
pub fn learn(
    table: [f64; 4],
    lr: f64,
    max_epochs: usize,
) -> Result<(Perceptron, usize), String> {
    if !(lr.is_finite() && lr > 0.0) {
        return Err(format!("学习率 lr 必须是大于 0 的有限数，实际是 {lr}"));
    }
    let mut p = Perceptron {
        w1: 0.0,
        w2: 0.0,
        b: 0.0,
    };
    // 一轮（epoch）= 把真值表的四行各看一遍
    for epoch in 1..=max_epochs {
        let mut mistakes = 0;
        for ((x1, x2), t) in INPUTS.into_iter().zip(table) {
            let error = t - p.output(x1, x2); // 答对时为 0
            if error != 0.0 {
                mistakes += 1;
                p.w1 += lr * error * x1;
                p.w2 += lr * error * x2;
                p.b += lr * error; // 偏置的“输入”总是 1
            }
        }
        if mistakes == 0 {
            return Ok((p, epoch));
        }
    }
    Err(format!(
        "看了 {max_epochs} 轮，真值表 {table:?} 仍没有学会\
         （最后的参数 w1 = {:.2}，w2 = {:.2}，b = {:.2}）",
        p.w1, p.w2, p.b
    ))
}
// ANCHOR_END: learn

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{nand, truth_table, xor};

    #[test]
    fn not_and_nor_have_their_truth_tables() {
        assert_eq!([not(0.0), not(1.0)], [1.0, 0.0]);
        assert_eq!(truth_table(nor), [1.0, 0.0, 0.0, 0.0]);
        for (x1, x2) in INPUTS {
            assert_eq!(nor(x1, x2), not(or(x1, x2)));
        }
    }

    #[test]
    fn three_layer_xor_is_xor() {
        assert_eq!(truth_table(xor_three_layers), [0.0, 1.0, 1.0, 0.0]);
        assert_eq!(truth_table(xor_three_layers), truth_table(xor));
    }

    // ANCHOR: learn_check
    #[test]
    fn learning_finds_and_nand_or_but_not_xor() {
        for gate in [and, nand, or] {
            let table = truth_table(gate);
            let (p, epochs) = learn(table, 0.1, 100).unwrap();
            assert_eq!(truth_table(|x1, x2| p.output(x1, x2)), table);
            assert!(epochs <= 10, "{table:?} took {epochs} passes");
        }
        let err = learn(truth_table(xor), 0.1, 1000).unwrap_err();
        assert!(err.contains("看了 1000 轮"), "{err}");
    }
    // ANCHOR_END: learn_check

    #[test]
    fn learning_rejects_a_bad_rate() {
        for lr in [0.0, -0.1, f64::NAN, f64::INFINITY] {
            let err = learn([0.0, 0.0, 0.0, 1.0], lr, 10).unwrap_err();
            assert!(err.contains("lr"), "{err}");
        }
    }
}
