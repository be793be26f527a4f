//! Chapter 1: from the perceptron to neural networks.
//!
//! A perceptron with two inputs forms the weighted sum
//! `a = b + w1 x1 + w2 x2` and outputs 1 when `a > 0`, 0 otherwise.
//! With hand-picked weights it becomes the AND, NAND and OR gates
//! ([`AND`], [`NAND`], [`OR`]); XOR is out of reach of a single one and is
//! built from two layers of them ([`xor`]). Finding the weights by hand is
//! what neural networks set out to replace: [`search_grid`] already lets
//! the truth table choose them.
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod figures;
mod quiz;

kit::chapter!(demos::DEMOS, figures::FIGURES, quizzes = quiz::QUIZZES);

/// A perceptron with two inputs: weights `w1`, `w2` and a bias `b`.
///
/// $y = 0$ if $b + w_1 x_1 + w_2 x_2 \le 0$, $y = 1$ if
/// $b + w_1 x_1 + w_2 x_2 > 0$. The bias says how easily it fires; `-b`
/// is its threshold.
///
/// # Examples
///
/// ```
/// use approx::assert_abs_diff_eq;
/// use ch01_perceptron::Perceptron;
///
/// let p = Perceptron { w1: 0.5, w2: 0.5, b: -0.7 };
/// assert_abs_diff_eq!(p.weighted_sum(1.0, 1.0), 0.3, epsilon = 1e-12);
/// assert_eq!(p.output(1.0, 1.0), 1.0); // a = 0.3 > 0
/// assert_eq!(p.output(1.0, 0.0), 0.0); // a = -0.2
///
/// // exactly 0 is not above 0
/// let q = Perceptron { w1: 1.0, w2: 1.0, b: -1.0 };
/// assert_eq!(q.output(1.0, 0.0), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
// ANCHOR: perceptron
pub struct Perceptron {
    pub w1: f64, // 输入 x1 的权重
    pub w2: f64, // 输入 x2 的权重
    pub b: f64,  // 偏置：越大越容易输出 1（-b 就是阈值）
}

impl Perceptron {
    /// 加权和：a = b + w1 x1 + w2 x2
    pub fn weighted_sum(&self, x1: f64, x2: f64) -> f64 {
        self.b + self.w1 * x1 + self.w2 * x2
    }

    /// 输出信号：加权和大于 0 时为 1，否则为 0
    pub fn output(&self, x1: f64, x2: f64) -> f64 {
        if self.weighted_sum(x1, x2) > 0.0 {
            1.0
        } else {
            0.0
        }
    }
}
// ANCHOR_END: perceptron

// ANCHOR: gates
/// 与门：两个输入都是 1 时才输出 1
pub const AND: Perceptron = Perceptron {
    w1: 0.5,
    w2: 0.5,
    b: -0.7,
};

/// 与非门：与门的参数全部取反
pub const NAND: Perceptron = Perceptron {
    w1: -0.5,
    w2: -0.5,
    b: 0.7,
};

/// 或门：至少一个输入是 1 就输出 1
pub const OR: Perceptron = Perceptron {
    w1: 0.5,
    w2: 0.5,
    b: -0.2,
};
// ANCHOR_END: gates

/// The AND gate as a function: `AND.output(x1, x2)`.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{and, truth_table};
///
/// assert_eq!(truth_table(and), [0.0, 0.0, 0.0, 1.0]);
/// ```
pub fn and(x1: f64, x2: f64) -> f64 {
    AND.output(x1, x2)
}

/// The NAND gate as a function: `NAND.output(x1, x2)`.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{nand, truth_table};
///
/// assert_eq!(truth_table(nand), [1.0, 1.0, 1.0, 0.0]);
/// ```
pub fn nand(x1: f64, x2: f64) -> f64 {
    NAND.output(x1, x2)
}

/// The OR gate as a function: `OR.output(x1, x2)`.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{or, truth_table};
///
/// assert_eq!(truth_table(or), [0.0, 1.0, 1.0, 1.0]);
/// ```
pub fn or(x1: f64, x2: f64) -> f64 {
    OR.output(x1, x2)
}

/// The XOR gate, built from two layers of perceptrons: NAND and OR read
/// the inputs, AND reads their outputs.
///
/// $s_1 = \mathrm{NAND}(x_1, x_2)$, $s_2 = \mathrm{OR}(x_1, x_2)$,
/// $y = \mathrm{AND}(s_1, s_2)$.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{truth_table, xor};
///
/// assert_eq!(truth_table(xor), [0.0, 1.0, 1.0, 0.0]);
/// ```
// ANCHOR: xor
pub fn xor(x1: f64, x2: f64) -> f64 {
    let s1 = nand(x1, x2); // 第 1 层
    let s2 = or(x1, x2); // 第 1 层
    and(s1, s2) // 第 2 层
}
// ANCHOR_END: xor

/// A two-input gate as a plain function, such as [`and`] or [`xor`].
pub type Gate = fn(f64, f64) -> f64;

/// The four inputs of a two-input gate, in the order of the truth tables:
/// (0, 0), (1, 0), (0, 1), (1, 1).
pub const INPUTS: [(f64, f64); 4] =
    [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)];

/// The outputs of `gate` for the four [`INPUTS`], in order.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::truth_table;
///
/// // x1 itself, ignoring x2
/// assert_eq!(truth_table(|x1, _| x1), [0.0, 1.0, 0.0, 1.0]);
/// ```
pub fn truth_table(gate: impl Fn(f64, f64) -> f64) -> [f64; 4] {
    INPUTS.map(|(x1, x2)| gate(x1, x2))
}

/// Every perceptron with whole-number weights and bias in -10..=10 that
/// reproduces `table` (the outputs for the four [`INPUTS`]).
///
/// That is 21 × 21 × 21 = 9261 perceptrons. Whole numbers lose nothing:
/// multiplying `w1`, `w2` and `b` by the same positive number does not
/// change the sign of the weighted sum, so the book's AND (0.5, 0.5,
/// -0.7) is the same gate as (5, 5, -7). They also keep the arithmetic
/// exact. With tenths, `b = -0.3, w1 = 0.1, w2 = 0.2` at (1, 1) gives
/// -0.3 + 0.1 + 0.2, which comes out a rounding error above 0, and a
/// perceptron meant to sit exactly on its line would fire.
///
/// # Examples
///
/// ```
/// use ch01_perceptron::{Perceptron, search_grid, truth_table, xor};
///
/// let found = search_grid([0.0, 0.0, 0.0, 1.0]); // AND
/// assert!(found.contains(&Perceptron { w1: 5.0, w2: 5.0, b: -7.0 }));
/// assert!(search_grid(truth_table(xor)).is_empty());
/// ```
// ANCHOR: search_grid
pub fn search_grid(table: [f64; 4]) -> Vec<Perceptron> {
    let values = || (-10..=10).map(f64::from); // -10, -9, ..., 10
    let mut found = Vec::new();
    for w1 in values() {
        for w2 in values() {
            for b in values() {
                let p = Perceptron { w1, w2, b };
                // 四种输入下的输出都对，才算找到
                if truth_table(|x1, x2| p.output(x1, x2)) == table {
                    found.push(p);
                }
            }
        }
    }
    found
}
// ANCHOR_END: search_grid

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    // The truth tables of Deep Learning from Scratch ch. 2, in the order
    // (0, 0), (1, 0), (0, 1), (1, 1).
    #[test]
    fn gates_have_their_truth_tables() {
        assert_eq!(truth_table(and), [0.0, 0.0, 0.0, 1.0]);
        assert_eq!(truth_table(nand), [1.0, 1.0, 1.0, 0.0]);
        assert_eq!(truth_table(or), [0.0, 1.0, 1.0, 1.0]);
        assert_eq!(truth_table(xor), [0.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn gates_use_the_books_weights() {
        assert_eq!((AND.w1, AND.w2, AND.b), (0.5, 0.5, -0.7));
        assert_eq!((NAND.w1, NAND.w2, NAND.b), (-0.5, -0.5, 0.7));
        assert_eq!((OR.w1, OR.w2, OR.b), (0.5, 0.5, -0.2));
    }

    #[test]
    fn nand_is_not_and() {
        for (x1, x2) in INPUTS {
            assert_eq!(nand(x1, x2), 1.0 - and(x1, x2));
        }
    }

    #[test]
    fn weighted_sums_of_and() {
        let a = INPUTS.map(|(x1, x2)| AND.weighted_sum(x1, x2));
        for (got, want) in a.iter().zip([-0.7, -0.2, -0.2, 0.3]) {
            assert_abs_diff_eq!(*got, want, epsilon = 1e-12);
        }
    }

    #[test]
    fn output_is_zero_at_exactly_zero() {
        let p = Perceptron {
            w1: 1.0,
            w2: 1.0,
            b: -1.0,
        };
        assert_eq!(p.output(0.5, 0.5), 0.0);
        assert_eq!(p.output(0.5, 0.5 + 1e-12), 1.0);
    }

    #[test]
    fn tenths_are_not_exact_but_whole_numbers_are() {
        let tenths = Perceptron {
            w1: 0.1,
            w2: 0.2,
            b: -0.3,
        };
        assert!(tenths.weighted_sum(1.0, 1.0) > 0.0);
        assert_eq!(tenths.output(1.0, 1.0), 1.0); // should be 0
        let whole = Perceptron {
            w1: 1.0,
            w2: 2.0,
            b: -3.0,
        };
        assert_eq!(whole.weighted_sum(1.0, 1.0), 0.0);
        assert_eq!(whole.output(1.0, 1.0), 0.0);
    }

    #[test]
    fn the_grid_holds_every_gate_but_xor() {
        for gate in [and, nand, or] {
            let table = truth_table(gate);
            let found = search_grid(table);
            assert!(!found.is_empty());
            for p in found {
                assert_eq!(truth_table(|x1, x2| p.output(x1, x2)), table);
            }
        }
        assert!(search_grid(truth_table(xor)).is_empty());
        // XNOR (XOR negated) is not linearly separable either.
        assert!(search_grid([1.0, 0.0, 0.0, 1.0]).is_empty());
    }

    #[test]
    fn the_books_gates_times_ten_are_on_the_grid() {
        let times_ten = |p: Perceptron| Perceptron {
            w1: p.w1 * 10.0,
            w2: p.w2 * 10.0,
            b: p.b * 10.0,
        };
        for (p, gate) in [(AND, and as Gate), (NAND, nand), (OR, or)] {
            let p10 = times_ten(p);
            assert_eq!(
                truth_table(|x1, x2| p10.output(x1, x2)),
                truth_table(gate)
            );
            assert!(search_grid(truth_table(gate)).contains(&p10), "{p10:?}");
        }
    }
}

kit::chapter_tests!(CHAPTER);
