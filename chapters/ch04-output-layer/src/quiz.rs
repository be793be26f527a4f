//! The chapter's self-check questions. Every key is computed by the
//! chapter's code: a number by `softmax`, a printed output by running the
//! listing the question shows, the correct option by checking each
//! option's claim.

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};
use ndarray::{Array1, array, aview1};

use crate::wrong_way::softmax_naive;
use crate::{BOOK_SCORES, softmax};

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[
    Quiz {
        name: "softmax",
        questions: softmax_questions,
    },
    Quiz {
        name: "overflow",
        questions: overflow_questions,
    },
];

/// Section 4.2: what softmax gives.
fn softmax_questions() -> kit::Result<Vec<Question>> {
    let y = softmax(aview1(&BOOK_SCORES))?;
    Ok(vec![Question {
        prompt: "得分 a = (0.3, 2.9, 4.0)，softmax 给类别 2（得分 4.0）\
                 的概率是多少？（保留 2 位小数）"
            .into(),
        answer: Answer::Number {
            value: y[2],
            tolerance: 0.005,
        },
        explanation: "exp(4.0) ≈ 54.6，三个 exp 的和 ≈ 1.35 + 18.17 + 54.60 \
                      = 74.12，54.60 / 74.12 ≈ 0.74。"
            .into(),
    }])
}

/// The listing of question 4.3-1, run to get its key.
fn naive_overflow(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: naive_overflow
    let y = softmax_naive(array![1000.0, 0.0].view());
    writeln!(out, "{y}")?;
    // ANCHOR_END: naive_overflow
    Ok(())
}

/// True when `a` and `b` agree to 1e-12 everywhere.
fn same(a: &Array1<f64>, b: &Array1<f64>) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
}

/// Section 4.3: overflow and subtracting the maximum.
fn overflow_questions() -> kit::Result<Vec<Question>> {
    let a = aview1(&BOOK_SCORES);
    let y = softmax(a)?;
    let shifted = softmax((&a + 100.0).view())?;
    let claims = [
        ("结果不变", same(&shifted, &y)),
        ("每个概率都变大", shifted.iter().zip(&y).all(|(s, v)| s > v)),
        ("最大的那个概率变成 1", shifted.iter().any(|&v| v == 1.0)),
        ("结果里出现 NaN", shifted.iter().any(|v| v.is_nan())),
    ];
    let options = claims
        .into_iter()
        .map(|(text, correct)| Choice {
            text: text.into(),
            correct,
        })
        .collect();
    Ok(vec![
        Question {
            prompt:
                "下面的代码打印什么？（`softmax_naive` 是 4.3 节的朴素版本，\
                     不减最大值）"
                    .into(),
            answer: kit::interactive::printed(
                include_str!("quiz.rs"),
                "naive_overflow",
                naive_overflow,
            )?,
            explanation: "exp(1000) 溢出成 inf，分母也是 inf：inf / inf \
                          是 NaN，而 exp(0) / inf = 1 / inf = 0。"
                .into(),
        },
        Question {
            prompt: "给 a = (0.3, 2.9, 4.0) 的每个得分都加上 100，再用 \
                     `softmax`（减去最大值的版本）算，结果会怎样？"
                .into(),
            answer: Answer::Choice(options),
            explanation: "给所有得分加上同一个数，softmax 在数学上不变（4.3 节\
                          的推导）；减去最大值后，指数和原来完全一样。"
                .into(),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let q = &softmax_questions().unwrap()[0];
        assert_eq!(q.key_text(), "0.74");
        let qs = overflow_questions().unwrap();
        let Answer::Printed { output, .. } = &qs[0].answer else {
            panic!("printed")
        };
        assert_eq!(output, "[NaN, 0]");
        assert_eq!(qs[1].key_text(), "结果不变");
    }
}
