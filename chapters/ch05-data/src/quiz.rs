//! The chapter's self-check questions. Every key is computed by the
//! chapter's code: a printed output by running the listing the question
//! shows (`parse_idx` on a header written by hand), a number by `x` and
//! `argmax` on an image with one inked pixel, the correct option by
//! scoring each classifier with `predict_in_batches` and `accuracy` on
//! the official test set.

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};
use ndarray::{Array1, Array3, array};

use crate::idx::parse_idx;
use crate::mnist::bundled;
use crate::{
    BATCH_SIZE, MnistSet, SEED, SIZES, WEIGHT_INIT_STD, accuracy, argmax,
    init_network, predict_in_batches,
};

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[
    Quiz {
        name: "idx",
        questions: idx_questions,
    },
    Quiz {
        name: "flatten",
        questions: flatten_questions,
    },
    Quiz {
        name: "baseline",
        questions: baseline_questions,
    },
];

/// The listing of question 5.5-1, run to get its key.
fn header(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: header
    let mut bytes = vec![0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 1, 0];
    bytes.extend([7; 512]); // 头部之后的数据：512 个字节
    let idx = parse_idx(&bytes, "小文件")?;
    writeln!(out, "{:?}", idx.dims)?;
    // ANCHOR_END: header
    Ok(())
}

/// Section 5.5 (with the format of 5.3): reading an IDX header.
fn idx_questions() -> kit::Result<Vec<Question>> {
    Ok(vec![Question {
        prompt: "下面的代码打印什么？（`parse_idx` 是 5.5 节的解析器，\
                 `dims` 是头部给出的各维大小；格式见 5.3 节的“深入：IDX \
                 文件格式”）"
            .into(),
        answer: kit::interactive::printed(
            include_str!("quiz.rs"),
            "header",
            header,
        )?,
        explanation: "魔数 `00 00 08 02`：无符号字节，2 个维度。接着每 4 \
                      个字节是一个维度的大小，大端序：`00 00 00 02` 是 2，\
                      `00 00 01 00` 是 1 × 256 = 256。数据恰好是 \
                      2 × 256 = 512 个字节，所以解析成功。"
            .into(),
    }])
}

/// The inked pixel of question 5.6-1: row and column, counted from 0.
const INKED: (usize, usize) = (3, 5);

/// Section 5.6: where `x` puts a pixel when it flattens an image.
fn flatten_questions() -> kit::Result<Vec<Question>> {
    let (r, c) = INKED;
    let mut images = Array3::<u8>::zeros((1, 28, 28));
    images[[0, r, c]] = 255;
    let set = MnistSet::new(images, array![0], "一张图像", "一个标签")?;
    let x = set.x(true);
    let column = argmax(x.row(0)).ok_or("no pixels")?;
    let value = x[[0, column]];
    Ok(vec![Question {
        prompt: format!(
            "一张 28 × 28 的图像只有第 {r} 行第 {c} 列（行和列都从 0 数起）\
             的像素是 255，其余都是 0。`x(true)` 把它展平成 784 个数之后，\
             不是 0 的那个数在第几列（从 0 数起）？"
        ),
        answer: Answer::Number {
            value: column as f64,
            tolerance: 0.5,
        },
        explanation: format!(
            "展平是把图像逐行接起来：第 0 到 {last} 行占了前 {r} × 28 = \
             {start} 列，第 {r} 行从第 {start} 列开始，它的第 {c} 列落在 \
             {start} + {c} = {column}，即 28r + c。`x(true)` 还做了正规化，\
             那里的值是 255 / 255 = {value}。",
            last = r - 1,
            start = 28 * r,
        ),
    }])
}

/// The accuracy on the test set of a classifier that always answers
/// `digit`.
fn always(digit: usize, set: &MnistSet) -> kit::Result<f64> {
    let p = Array1::from_elem(set.len(), digit);
    Ok(accuracy(p.view(), set.t().view())?)
}

/// The accuracy on the test set of an untrained network.
fn untrained(std: f64, seed: u64, set: &MnistSet) -> kit::Result<f64> {
    let layers = init_network(&SIZES, std, seed)?;
    let p = predict_in_batches(set.x(true).view(), &layers, BATCH_SIZE)?;
    Ok(accuracy(p.view(), set.t().view())?)
}

/// Section 5.7: the baseline, and what beats it without learning.
fn baseline_questions() -> kit::Result<Vec<Question>> {
    let test = &bundled()?.test;
    let candidates = [
        (
            format!("5.7 节的未训练网络（权重标准差 0.01，种子 {SEED}）"),
            untrained(WEIGHT_INIT_STD, SEED, test)?,
        ),
        (
            "权重标准差 1、种子 6 的未训练网络".to_string(),
            untrained(1.0, 6, test)?,
        ),
        ("不看图像，永远回答 5".to_string(), always(5, test)?),
        ("不看图像，永远回答 1".to_string(), always(1, test)?),
    ];
    let best = candidates.iter().map(|c| c.1).fold(0.0, f64::max);
    let scores: Vec<String> =
        candidates.iter().map(|c| format!("{:.4}", c.1)).collect();
    let ones = test.class_counts()[1];
    let options = candidates
        .into_iter()
        .map(|(text, acc)| Choice {
            text,
            correct: acc == best,
        })
        .collect();
    Ok(vec![Question {
        prompt: "在官方的 10000 张测试图像上，下面哪个“分类器”的识别精度\
                 最高？（5.7 节的输出列出了每个数字的张数）"
            .into(),
        answer: Answer::Choice(options),
        explanation: format!(
            "永远回答 1 的分类器恰好答对全部 {ones} 张 1，识别精度 {}，\
             比另外三个都高：永远回答 5 是 {}，几乎总回答 5 的未训练网络是 \
             {}，标准差 1 的那个是 {}。什么都没学的模型都在 0.1 上下，\
             谁高谁低只看碰巧猜中的数字有多少张图像。",
            scores[3], scores[2], scores[0], scores[1]
        ),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let Answer::Printed { output, listing } =
            &idx_questions().unwrap()[0].answer
        else {
            panic!("printed")
        };
        assert_eq!(output, "[2, 256]");
        assert!(listing.contains("parse_idx(&bytes"), "{listing}");
        let q = &flatten_questions().unwrap()[0];
        assert_eq!(q.key_text(), "89");
        assert!(
            q.explanation.contains("255 / 255 = 1。"),
            "{}",
            q.explanation
        );
        let q = &baseline_questions().unwrap()[0];
        assert_eq!(q.key_text(), "不看图像，永远回答 1");
        assert!(
            q.explanation.contains("识别精度 0.1135"),
            "{}",
            q.explanation
        );
    }
}
