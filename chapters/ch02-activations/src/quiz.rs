//! The chapter's self-check questions. Every key is computed by the
//! chapter's code: a number by `sigmoid`, the correct option by
//! `step_function`, a printed output by running the listing the question
//! shows.

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};
use ndarray::array;

use crate::{relu, sigmoid, step_function};

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[Quiz {
    name: "activations",
    questions: activation_questions,
}];

/// The listing of question 2.7-3, run to get its key.
fn relu_listing(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: relu_listing
    let x = array![-1.5, 0.0, 2.0];
    writeln!(out, "{}", relu(&x))?;
    // ANCHOR_END: relu_listing
    Ok(())
}

/// Sections 2.3, 2.4 and 2.7: the three activation functions.
fn activation_questions() -> kit::Result<Vec<Question>> {
    let s = sigmoid(&array![1.0])[0];
    let at_zero = step_function(&array![0.0])[0];
    let options = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|v| Choice {
            text: format!("{v}"),
            correct: v == at_zero,
        })
        .collect();
    Ok(vec![
        Question {
            prompt:
                "sigmoid 函数在 x = 1 处的值 σ(1) 是多少？（保留 2 位小数）"
                    .into(),
            answer: Answer::Number {
                value: s,
                tolerance: 0.005,
            },
            explanation: "σ(1) = 1 / (1 + e⁻¹) = 1 / (1 + 0.368) ≈ 0.73。"
                .into(),
        },
        Question {
            prompt: "本章的 `step_function` 在 x = 0 处输出什么？".into(),
            answer: Answer::Choice(options),
            explanation: "它写的是 `x > 0.0` 才输出 1：0 不大于 0，输出 0。"
                .into(),
        },
        Question {
            prompt: "下面的代码打印什么？（`relu` 是 2.7 节的函数）".into(),
            answer: kit::interactive::printed(
                include_str!("quiz.rs"),
                "relu_listing",
                relu_listing,
            )?,
            explanation: "ReLU 把负数变成 0，0 和正数原样保留。".into(),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let qs = activation_questions().unwrap();
        assert_eq!(qs[0].key_text(), "0.73");
        assert_eq!(qs[1].key_text(), "0");
        let Answer::Printed { output, .. } = &qs[2].answer else {
            panic!("printed")
        };
        assert_eq!(output, "[0, 0, 2]");
    }
}
