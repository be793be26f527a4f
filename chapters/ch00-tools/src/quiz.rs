//! The chapter's self-check questions. Every key is computed by the
//! chapter's code: a number by running the shapes through `dot` and
//! broadcasting, the correct option by comparing what each expression
//! gives with the sums of the rows, a printed output by running the
//! listing the question shows (`argmax_rows` after a broadcast).

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};
use ndarray::{Array1, Array2, Axis, array};

use crate::argmax_rows;

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[Quiz {
    name: "ndarray",
    questions: ndarray_questions,
}];

/// The listing of the ndarray group's third question, run to get its key.
fn bias_then_argmax(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: bias_then_argmax
    let scores = array![[1.0, 5.0, 2.0], [4.0, 0.0, 3.0]]; // 两个样本
    let b = array![0.0, 0.0, 3.0]; // 加到每一行上
    let p = argmax_rows((&scores + &b).view()).ok_or("没有列")?;
    writeln!(out, "{p}")?;
    // ANCHOR_END: bias_then_argmax
    Ok(())
}

/// The section on ndarray: shapes through `dot` and broadcasting, sums
/// along an axis, `argmax_rows`.
fn ndarray_questions() -> kit::Result<Vec<Question>> {
    // 笔记里的形状，批大小取 4
    let (batch, inputs, hidden) = (4, 784, 100);
    let x = Array2::<f64>::zeros((batch, inputs));
    let w1 = Array2::<f64>::zeros((inputs, hidden));
    let b1 = Array1::<f64>::zeros(hidden);
    let a1 = x.dot(&w1) + &b1;
    let (rows, cols) = a1.dim();

    // 一批 3 个样本、每个 2 个特征：每个样本各自的和是多少
    let data = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    let per_sample: Vec<f64> =
        data.rows().into_iter().map(|r| r.sum()).collect();
    let candidates = [
        ("`x.sum()`", vec![data.sum()]),
        ("`x.sum_axis(Axis(0))`", data.sum_axis(Axis(0)).to_vec()),
        ("`x.sum_axis(Axis(1))`", data.sum_axis(Axis(1)).to_vec()),
        (
            "`x.t().sum_axis(Axis(1))`",
            data.t().sum_axis(Axis(1)).to_vec(),
        ),
    ];
    let options = candidates
        .into_iter()
        .map(|(text, sums)| Choice {
            text: text.into(),
            correct: sums == per_sample,
        })
        .collect();

    Ok(vec![
        Question {
            prompt: format!(
                "一批 {batch} 个样本 `x` 的形状是 ({batch}, {inputs})，\
                 `w1` 是 ({inputs}, {hidden})，`b1` 是 ({hidden},)。\
                 `(x.dot(&w1) + &b1).len()` 是多少？"
            ),
            answer: Answer::Number {
                value: a1.len() as f64,
                tolerance: 0.5,
            },
            explanation: format!(
                "`dot` 得到 ({batch}, {inputs}) · ({inputs}, {hidden}) → \
                 ({rows}, {cols})；`b1` 靠广播加到每一行上，形状不变。\
                 `len()` 数的是全部元素：{rows} × {cols} = {}（Python 的 \
                 `len` 才是行数 {rows}）。",
                a1.len()
            ),
        },
        Question {
            prompt: "一批数据 `x` 排成 (batch_size, 特征数)，每行一个样本。\
                     哪个表达式给出每个样本各自的和？"
                .into(),
            answer: Answer::Choice(options),
            explanation: "`sum_axis(Axis(k))` 沿第 k 个轴求和，这个轴在结果中\
                          消失：`Axis(1)` 是列号所在的轴，沿它把每一行横着加起来，\
                          每个样本一个和。`Axis(0)` 竖着加，把不同样本的同一列\
                          加在一起，转置后的 `Axis(1)` 也一样；`sum()` 只有\
                          一个数。"
                .into(),
        },
        Question {
            prompt: "下面的代码打印什么？（`argmax_rows` 是本章的函数，\
                     按行取最大值的下标）"
                .into(),
            answer: kit::interactive::printed(
                include_str!("quiz.rs"),
                "bias_then_argmax",
                bias_then_argmax,
            )?,
            explanation: "`b` 的形状是 (3,)，广播后加到两行上：第 0 行变成 \
                          [1, 5, 5]，最大值并列，取先出现的下标 1；第 1 行变成 \
                          [4, 0, 6]，最大的是下标 2。"
                .into(),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let qs = ndarray_questions().unwrap();
        assert_eq!(qs[0].key_text(), "400");
        assert_eq!(qs[1].key_text(), "`x.sum_axis(Axis(1))`");
        let Answer::Printed { output, listing } = &qs[2].answer else {
            panic!("printed")
        };
        assert_eq!(output, "[1, 2]");
        assert!(listing.contains("argmax_rows((&scores + &b).view())"));
    }
}
