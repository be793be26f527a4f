//! The chapter's self-check questions. Every key is computed by the
//! chapter's code: a number by `standard_error` on the per-sample losses
//! of section 7.4, a printed output by running the listing the question
//! shows, the correct option by comparing each option's claim with what
//! `standard_error` gives.

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};
use ndarray::array;

use crate::experiment::both_losses;
use crate::{batch_loss, mean_std, standard_error};

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[Quiz {
    name: "spread",
    questions: spread_questions,
}];

/// The listing of question 7.4-3, run to get its key.
fn read_off(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: read_off
    let losses = array![1.0, 2.0, 6.0];
    let l = batch_loss(losses.view(), &[1, 1, 2, 0])?;
    writeln!(out, "{l}")?;
    // ANCHOR_END: read_off
    Ok(())
}

/// Section 7.4: how far a batch loss strays, and reading it off.
fn spread_questions() -> kit::Result<Vec<Question>> {
    let losses = &both_losses()?[0].1;
    let (_, s) = mean_std(&losses.to_vec()).ok_or("no losses")?;
    let s = (s * 1e4).round() / 1e4;
    let se = standard_error(s, 400);
    let ratio = standard_error(s, 1000) / standard_error(s, 10);
    let claims = [
        ("变成原来的 1/100", 0.01),
        ("变成原来的 1/10", 0.1),
        ("变成原来的 1/√10", 10f64.sqrt().recip()),
        ("不变：批损失的平均值本来就等于全体损失", 1.0),
    ];
    let options = claims
        .into_iter()
        .map(|(text, r)| Choice {
            text: text.into(),
            correct: (r - ratio).abs() < 1e-12,
        })
        .collect();
    Ok(vec![
        Question {
            prompt: format!(
                "第 5 章的未训练网络，每张训练图像的损失的标准差 s = {s}。\
                 有放回地抽 N = 400 张图像，批损失的标准差大约是多少？\
                 （保留 4 位小数）"
            ),
            answer: Answer::Number {
                value: se,
                tolerance: 0.00005,
            },
            explanation: format!("s/√N = {s} / √400 = {s} / 20 = {se:.4}。"),
        },
        Question {
            prompt: "批大小从 10 增大到 1000（有放回抽样），批损失的标准差\
                     会怎样？"
                .into(),
            answer: Answer::Choice(options),
            explanation: "标准差是 s/√N：N 大 100 倍，√N 大 10 倍，标准差\
                          小 10 倍。计算量却大 100 倍。"
                .into(),
        },
        Question {
            prompt: "下面的代码打印什么？（`batch_loss` 是 7.4 节的函数，\
                     下标可以重复）"
                .into(),
            answer: kit::interactive::printed(
                include_str!("quiz.rs"),
                "read_off",
                read_off,
            )?,
            explanation: "下标 1, 1, 2, 0 对应的损失是 2、2、6、1，和是 11，\
                          除以 N = 4 得 2.75。"
                .into(),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let qs = spread_questions().unwrap();
        assert_eq!(qs[0].key_text(), "0.0020");
        assert_eq!(qs[1].key_text(), "变成原来的 1/10");
        let Answer::Printed { output, .. } = &qs[2].answer else {
            panic!("printed")
        };
        assert_eq!(output, "2.75");
    }
}
