//! The chapter's self-check questions. Every key is computed by the
//! chapter's code: a number by its functions, a printed output by running
//! the listing the question shows, the correct option by checking each
//! option's claim.

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};
use ndarray::array;

use crate::{cube, forward_diff, function_2, gradient_descent};

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[
    Quiz {
        name: "derivative",
        questions: derivative,
    },
    Quiz {
        name: "learning-rate",
        questions: learning_rate,
    },
];

/// The listing of question 8.1-1, run to get its key.
fn tiny_h(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: tiny_h
    // x³ 在 x = 1 处的导数是 3；h 取 1e-20
    let d = forward_diff(cube, 1.0, 1e-20);
    writeln!(out, "{d}")?;
    // ANCHOR_END: tiny_h
    Ok(())
}

/// Section 8.1: h too small.
fn derivative() -> kit::Result<Vec<Question>> {
    Ok(vec![Question {
        prompt: "下面的代码打印什么？（`forward_diff` 是 8.1 节的前向差分，\
                 `cube` 是 x³）"
            .into(),
        answer: kit::interactive::printed(
            include_str!("quiz.rs"),
            "tiny_h",
            tiny_h,
        )?,
        explanation: "1 + 1e-20 在 f64 里舍入成 1（1e-20 远小于机器精度 \
                      2.2e-16），分子 f(1 + h) − f(1) 是 0，所以结果是 0，\
                      不是 3：h 太小，舍入误差吞掉了一切。"
            .into(),
    }])
}

/// f after `steps` steps of the gradient method from (-3, 4).
fn f_after(lr: f64, steps: usize) -> kit::Result<f64> {
    let path = gradient_descent(function_2, &array![-3.0, 4.0], lr, steps)?;
    Ok(function_2(&path[steps]))
}

/// Section 8.6: the learning rate.
fn learning_rate() -> kit::Result<Vec<Question>> {
    let one_step = f_after(0.1, 1)?;
    let f0 = f_after(0.1, 0)?;
    let mut options = Vec::new();
    for lr in [0.01, 0.5, 1.0, 1.1] {
        options.push(Choice {
            text: format!("η = {lr}"),
            // the claim: after 20 steps f is more than twice its start
            correct: f_after(lr, 20)? > 2.0 * f0,
        });
    }
    Ok(vec![
        Question {
            prompt: "f(x) = x₀² + x₁²，从 (−3, 4) 出发（f = 25），学习率 \
                     η = 0.1，梯度法走 1 步后 f 是多少？（保留 2 位小数）"
                .into(),
            answer: Answer::Number {
                value: one_step,
                tolerance: 0.005,
            },
            explanation: "梯度是 2x，一步后 x ← x − 0.1 · 2x = 0.8x，\
                          所以 f 变成 0.8² = 0.64 倍：25 × 0.64 = 16。"
                .into(),
        },
        Question {
            prompt: "同样从 (−3, 4) 出发走 20 步，哪个学习率会让 f \
                     比起点的 2 倍还大（发散）？"
                .into(),
            answer: Answer::Choice(options),
            explanation: "每一步 x 变成 (1 − 2η) 倍。η = 1.1 时是 −1.2 倍，\
                          |−1.2| > 1，每步离原点更远；η = 1 时是 −1 倍，\
                          原地来回跳，f 一直是 25。"
                .into(),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let qs = learning_rate().unwrap();
        assert_eq!(qs.len(), 2);
        let Answer::Number { value, .. } = qs[0].answer else {
            panic!("a number")
        };
        approx::assert_abs_diff_eq!(value, 16.0, epsilon = 1e-6);
        let Answer::Choice(options) = &qs[1].answer else {
            panic!("a choice")
        };
        let right: Vec<_> = options.iter().filter(|o| o.correct).collect();
        assert_eq!(right.len(), 1);
        assert_eq!(right[0].text, "η = 1.1");
        let printed = derivative().unwrap();
        let Answer::Printed { output, listing } = &printed[0].answer else {
            panic!("printed")
        };
        assert_eq!(output, "0");
        assert!(listing.contains("forward_diff(cube, 1.0, 1e-20)"));
    }
}
