//! The chapter's self-check questions. Every key is computed by the
//! chapter's code: a number by trying biases with `Perceptron` and
//! `truth_table`, the correct option by `search_grid`, a printed output by
//! running the listing the question shows.

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};

use crate::{INPUTS, NAND, Perceptron, nand, or, search_grid, truth_table};

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[
    Quiz {
        name: "gates",
        questions: gate_questions,
    },
    Quiz {
        name: "xor",
        questions: xor_questions,
    },
    Quiz {
        name: "layers",
        questions: layer_questions,
    },
];

/// The largest bias, in steps of 0.01 from -2 to 2, with which NAND's
/// weights still make a NAND gate.
fn largest_nand_bias() -> kit::Result<f64> {
    let table = truth_table(nand);
    (-200..=200)
        .map(|i| f64::from(i) / 100.0)
        .filter(|&b| {
            let p = Perceptron { b, ..NAND };
            truth_table(|x1, x2| p.output(x1, x2)) == table
        })
        .reduce(f64::max)
        .ok_or_else(|| "no bias makes a NAND gate".into())
}

/// Section 1.2: the bias decides how easily the perceptron fires.
fn gate_questions() -> kit::Result<Vec<Question>> {
    let b = largest_nand_bias()?;
    let at_11 = Perceptron { b, ..NAND }.weighted_sum(1.0, 1.0);
    Ok(vec![Question {
        prompt: format!(
            "与非门的权重 w1 = w2 = {} 保持不变，偏置 b 最大能取多少，\
             它仍然是与非门？（保留 1 位小数）",
            NAND.w1
        ),
        answer: Answer::Number {
            value: b,
            tolerance: 0.05,
        },
        explanation: format!(
            "(1, 1) 必须输出 0：b + ({w}) + ({w}) ≤ 0，即 b ≤ {b}。\
             b = {b} 时 (1, 1) 的加权和恰好是 {at_11}，而感知机只在加权和\
             严格大于 0 时输出 1，所以仍输出 0；b 再大一点，(1, 1) 就输出 1 了。",
            w = NAND.w1
        ),
    }])
}

/// Section 1.4: which gates a single perceptron cannot make.
fn xor_questions() -> kit::Result<Vec<Question>> {
    // 四种输入 (0, 0)、(1, 0)、(0, 1)、(1, 1) 下的输出
    let gates = [
        ("只在 x1 = 1、x2 = 0 时输出 1", [0.0, 1.0, 0.0, 0.0]),
        ("只看 x2：x2 = 1 就输出 1", [0.0, 0.0, 1.0, 1.0]),
        ("只在 x1 = x2 时输出 1", [1.0, 0.0, 0.0, 1.0]),
        ("不管输入是什么，总是输出 1", [1.0, 1.0, 1.0, 1.0]),
    ];
    let options = gates
        .into_iter()
        .map(|(text, table)| Choice {
            text: text.into(),
            // 9261 个整数感知机里一个也找不到，才算做不到
            correct: search_grid(table).is_empty(),
        })
        .collect();
    Ok(vec![Question {
        prompt: "下面四个两输入的门，哪一个无法用单个感知机实现？".into(),
        answer: Answer::Choice(options),
        explanation: "“x1 = x2 时输出 1”是异或门的反面（同或）：输出 1 的 \
                      (0, 0)、(1, 1) 和输出 0 的 (1, 0)、(0, 1) 分别在正方形\
                      的两条对角线上，一条直线分不开。其余三个都是线性可分的，\
                      1.4 节的搜索在整数网格上都能找到参数。"
            .into(),
    }])
}

/// The listing of question 1.5-1, run to get its key.
fn nand_on_top(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: nand_on_top
    // 1.5 节的两层网络，第 2 层的与门换成与非门
    for (x1, x2) in INPUTS {
        let y = nand(nand(x1, x2), or(x1, x2));
        write!(out, "{y} ")?;
    }
    // ANCHOR_END: nand_on_top
    Ok(())
}

/// Section 1.5: what a second layer computes.
fn layer_questions() -> kit::Result<Vec<Question>> {
    Ok(vec![Question {
        prompt: "下面的代码打印什么？（`INPUTS` 按 (0, 0)、(1, 0)、(0, 1)、\
                 (1, 1) 的顺序给出四种输入）"
            .into(),
        answer: kit::interactive::printed(
            include_str!("quiz.rs"),
            "nand_on_top",
            nand_on_top,
        )?,
        explanation:
            "第 1 层不变：s1（与非）和 s2（或）同时为 1 的，正是异或门\
                      输出 1 的两种输入。第 2 层的与门换成与非门，输出就整个\
                      反过来，得到同或 1 0 0 1：1.4 节里单个感知机做不到的门，\
                      两层就能做到。"
                .into(),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let q = &gate_questions().unwrap()[0];
        assert_eq!(q.key_text(), "1.0");
        // b = 1 is a NAND gate, the next step up is not
        let at = |b| {
            let p = Perceptron { b, ..NAND };
            truth_table(|x1, x2| p.output(x1, x2))
        };
        assert_eq!(at(1.0), truth_table(nand));
        assert_ne!(at(1.01), truth_table(nand));
        let q = &xor_questions().unwrap()[0];
        assert_eq!(q.key_text(), "只在 x1 = x2 时输出 1");
        let q = &layer_questions().unwrap()[0];
        let Answer::Printed { output, listing } = &q.answer else {
            panic!("printed")
        };
        assert_eq!(output, "1 0 0 1");
        assert!(listing.contains("nand(nand(x1, x2), or(x1, x2))"));
    }
}
