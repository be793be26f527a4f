//! The chapter's self-check questions. Every key is computed by the
//! chapter's code: the correct option by nudging each candidate weight and
//! watching which output `affine_batch` changes, a number by counting the
//! arrays that `forward_batch` accepts, a printed output by running the
//! listing the question shows.

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};
use ndarray::{Array1, Array2, array};

use crate::{INPUT_SIZE, OUTPUT_SIZE, affine_batch, forward_batch};
use ch02_activations::{sigmoid, three_layers};

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[
    Quiz {
        name: "weights",
        questions: weight_questions,
    },
    Quiz {
        name: "batch",
        questions: batch_questions,
    },
];

/// Whether element `(i, j)` of `w` is the weight from input `from` to
/// output `to` of the layer `(w, b)`: nudged by 1, it must change that
/// output, by 1, for that input, and nothing else. The batch is every
/// unit input at once, one per row.
fn connects(
    w: &Array2<f64>,
    b: &Array1<f64>,
    (i, j): (usize, usize),
    (from, to): (usize, usize),
) -> kit::Result<bool> {
    if i >= w.nrows() || j >= w.ncols() {
        return Ok(false); // 没有这个元素
    }
    let inputs = Array2::<f64>::eye(w.nrows());
    let before = affine_batch(inputs.view(), w.view(), b.view())?;
    let mut nudged = w.clone();
    nudged[[i, j]] += 1.0;
    let after = affine_batch(inputs.view(), nudged.view(), b.view())?;
    let change = &after - &before;
    Ok(change.indexed_iter().all(|((n, k), &d)| {
        let expected = if (n, k) == (from, to) { 1.0 } else { 0.0 };
        (d - expected).abs() < 1e-12
    }))
}

/// Section 3.4: which element of `W⁽²⁾` a weight's indices name.
fn weight_questions() -> kit::Result<Vec<Question>> {
    let layers = three_layers();
    let (w2, b2) = &layers[1];
    // w⁽²⁾₂₁：从第 1 层的第 2 个神经元（下标 1）到第 2 层的第 1 个（下标 0）
    let (from, to) = (1, 0);
    let mut options = Vec::new();
    for at in [(0, 1), (1, 0), (2, 1), (1, 2)] {
        options.push(Choice {
            text: format!("`w2[[{}, {}]]`", at.0, at.1),
            correct: connects(w2, b2, at, (from, to))?,
        });
    }
    let (rows, cols) = w2.dim();
    Ok(vec![Question {
        prompt: "按本书的下标约定，第 2 章 `three_layers` 的第 2 层权重 \
                 w⁽²⁾₂₁ 是矩阵 `w2` 的哪个元素？"
            .into(),
        answer: Answer::Choice(options),
        explanation: format!(
            "w⁽²⁾₂₁ 从第 1 层的第 2 个神经元到第 2 层的第 1 个神经元：\
             行对应“从”，列对应“到”；代码的下标从 0 数起，两个下标各减 1，\
             就是 `w2[[{from}, {to}]]`，值为 {}。`w2[[0, 1]]` 是原书的下标\
             顺序（“到”在前）；`w2` 的形状是 ({rows}, {cols})，没有下标为 \
             {cols} 的列。",
            w2[[from, to]]
        ),
    }])
}

/// The listing of question 3.5-2, run to get its key.
fn third_sample(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: third_sample
    let x = array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]; // 3 个样本
    let w = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let b = array![0.0, 0.0, 10.0];
    let a = affine_batch(x.view(), w.view(), b.view())?;
    writeln!(out, "{}", a.row(2))?;
    // ANCHOR_END: third_sample
    Ok(())
}

/// Section 3.5: what depends on the batch size and what does not.
fn batch_questions() -> kit::Result<Vec<Question>> {
    let (batch, hidden) = (32, 50);
    let layers = vec![
        (
            Array2::<f64>::zeros((INPUT_SIZE, hidden)),
            Array1::<f64>::zeros(hidden),
        ),
        (
            Array2::<f64>::zeros((hidden, OUTPUT_SIZE)),
            Array1::<f64>::zeros(OUTPUT_SIZE),
        ),
    ];
    // 这些形状确实能接起来：一批数据走得通整个网络
    let x = Array2::<f64>::zeros((batch, INPUT_SIZE));
    let y = forward_batch(x.view(), &layers, sigmoid)?;
    if y.dim() != (batch, OUTPUT_SIZE) {
        return Err(format!("output {:?}", y.dim()).into());
    }
    let counts: Vec<usize> = layers
        .iter()
        .flat_map(|(w, b)| [w.len(), b.len()])
        .collect();
    let params: usize = counts.iter().sum();
    let (n, m) = (INPUT_SIZE, OUTPUT_SIZE);
    Ok(vec![
        Question {
            prompt: format!(
                "把 3.5 节的 {n}-100-{m} 网络的隐藏层改成 {hidden} 个神经元，\
                 一次送进一批 {batch} 张图像。W1、b1、W2、b2 一共有多少个参数？"
            ),
            answer: Answer::Number {
                value: params as f64,
                tolerance: 0.5,
            },
            explanation: format!(
                "W1 是 ({n}, {hidden})，{} 个；b1 是 ({hidden},)，{} 个；\
                 W2 是 ({hidden}, {m})，{} 个；b2 是 ({m},)，{} 个；\
                 共 {params} 个。批大小 {batch} 只出现在 x、z1、y 的第一个\
                 维数里，和参数个数无关。",
                counts[0], counts[1], counts[2], counts[3]
            ),
        },
        Question {
            prompt: "下面的代码打印什么？（`affine_batch` 是 3.5 节的一批数据的\
                     仿射层，`a.row(2)` 是结果中下标为 2 的行）"
                .into(),
            answer: kit::interactive::printed(
                include_str!("quiz.rs"),
                "third_sample",
                third_sample,
            )?,
            explanation: "结果的每一行只由 x 的同一行算出：下标为 2 的样本是 \
                          (1, 1)，x · W 是 W 两行之和 (5, 7, 9)；偏置广播到每一行，\
                          最后一列加 10，得 [5, 7, 19]。另外两个样本不影响这一行。"
                .into(),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let q = &weight_questions().unwrap()[0];
        assert_eq!(q.key_text(), "`w2[[1, 0]]`");
        assert!(q.explanation.contains("值为 0.2"), "{}", q.explanation);
        let qs = batch_questions().unwrap();
        assert_eq!(qs[0].key_text(), "39760");
        let Answer::Printed { output, listing } = &qs[1].answer else {
            panic!("printed")
        };
        assert_eq!(output, "[5, 7, 19]");
        assert!(listing.contains("a.row(2)"));
    }

    #[test]
    fn a_nudged_weight_moves_one_output_for_one_input() {
        let layers = three_layers();
        let (w2, b2) = &layers[1];
        assert!(connects(w2, b2, (2, 1), (2, 1)).unwrap());
        assert!(!connects(w2, b2, (2, 1), (1, 2)).unwrap());
        assert!(!connects(w2, b2, (3, 0), (3, 0)).unwrap());
    }
}
