//! The chapter's self-check questions. Every key is computed by the
//! chapter's code: a number and the correct option by
//! `cross_entropy_error`, a printed output by running the listing the
//! question shows.

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};
use ndarray::array;

use crate::prediction_with;
use crate::{book_t, book_y_right, book_y_wrong, cross_entropy_error};

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[Quiz {
    name: "cross-entropy",
    questions: cross_entropy_questions,
}];

/// The listing of question 6.3-3, run to get its key.
fn sure_and_wrong(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: sure_and_wrong
    let y = array![1.0, 0.0];
    let t = array![0.0, 1.0];
    let e = cross_entropy_error(y.view(), t.view())?;
    writeln!(out, "{e:.3}")?;
    // ANCHOR_END: sure_and_wrong
    Ok(())
}

/// Section 6.3: the cross-entropy of one prediction.
fn cross_entropy_questions() -> kit::Result<Vec<Question>> {
    let t = book_t();
    let right = cross_entropy_error(book_y_right().view(), t.view())?;
    let mut candidates = vec![(
        "原书的 y₂：0.6 给了类别 7，类别 2 只有 0.1".to_string(),
        cross_entropy_error(book_y_wrong().view(), t.view())?,
    )];
    for p in [0.3, 0.5, 0.9] {
        let (y, t) = prediction_with(p);
        candidates.push((
            format!("类别 2 的概率 {p}，其余 9 类平分剩下的"),
            cross_entropy_error(y.view(), t.view())?,
        ));
    }
    let best = candidates.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
    let options = candidates
        .into_iter()
        .map(|(text, e)| Choice {
            text,
            correct: e == best,
        })
        .collect();
    Ok(vec![
        Question {
            prompt: "监督数据 t 的正确类别是 2，原书的 y₁ 给类别 2 的概率是 \
                     0.6。交叉熵误差是多少？（保留 2 位小数）"
                .into(),
            answer: Answer::Number {
                value: right,
                tolerance: 0.005,
            },
            explanation: "one-hot 的 t 只留下正确类别那一项：\
                          −ln(0.6 + δ) ≈ 0.51。"
                .into(),
        },
        Question {
            prompt: "正确类别是 2。下面哪个预测的交叉熵误差最小？".into(),
            answer: Answer::Choice(options),
            explanation: "交叉熵误差只看正确类别的概率 y₂：y₂ 越大，\
                          −ln y₂ 越小；其余类别怎样分配都不影响它。"
                .into(),
        },
        Question {
            prompt: "下面的代码打印什么？（`cross_entropy_error` 是 6.3 节\
                     的函数，δ = 1e-7）"
                .into(),
            answer: kit::interactive::printed(
                include_str!("quiz.rs"),
                "sure_and_wrong",
                sure_and_wrong,
            )?,
            explanation: "正确类别的概率是 0：没有 δ 就是 −ln 0 = ∞；\
                          加上 δ 后是 −ln(1e-7) = 7 ln 10，一个很大但有限的数。"
                .into(),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let qs = cross_entropy_questions().unwrap();
        assert_eq!(qs[0].key_text(), "0.51");
        assert!(qs[1].key_text().contains("0.9"), "{}", qs[1].key_text());
        let Answer::Printed { output, .. } = &qs[2].answer else {
            panic!("printed")
        };
        assert_eq!(output, "16.118");
    }
}
