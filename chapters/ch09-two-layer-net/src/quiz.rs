//! The chapter's self-check questions, built on cheap computations (no
//! training run): a number by `forward_passes_per_step`, a printed output
//! by running the listing the question shows (one backpropagation on a
//! tiny network), the correct option by checking each option's claim
//! after 100 steps of `gradient` and `step` on 20 training images.

use std::io::Write;

use kit::{Answer, Choice, Question, Quiz};
use ndarray::{Array2, Axis, array, s};

use crate::{INPUT_SIZE, OUTPUT_SIZE, SEED, TwoLayerNet};
use crate::{forward_passes_per_step, param_count};

/// The groups, each included at the end of the section it tests.
pub const QUIZZES: &[Quiz] = &[
    Quiz {
        name: "numerical",
        questions: numerical_questions,
    },
    Quiz {
        name: "backprop",
        questions: backprop_questions,
    },
    Quiz {
        name: "symmetry",
        questions: symmetry_questions,
    },
];

/// The hidden size of question 9.2-1: not the book's 50.
const SMALL_HIDDEN: usize = 30;

/// Section 9.2: what the numerical gradient costs.
fn numerical_questions() -> kit::Result<Vec<Question>> {
    let h = SMALL_HIDDEN;
    let params = param_count(INPUT_SIZE, h, OUTPUT_SIZE);
    let passes = forward_passes_per_step(INPUT_SIZE, h, OUTPUT_SIZE);
    Ok(vec![Question {
        prompt: format!(
            "隐藏层只有 {h} 个神经元的 {INPUT_SIZE}-{h}-{OUTPUT_SIZE} 网络，\
             用数值梯度求一次梯度，要做多少次前向传播（每次是一整批）？"
        ),
        answer: Answer::Number {
            value: passes as f64,
            tolerance: 0.5,
        },
        explanation: format!(
            "参数个数是 {INPUT_SIZE} × {h} + {h} + {h} × {OUTPUT_SIZE} + \
             {OUTPUT_SIZE} = {params}；每个参数挪动 +h 和 −h 各做一次\
             前向传播，共 2 × {params} = {passes} 次。"
        ),
    }])
}

/// The listing of question 9.3-1, run to get its key.
fn zero_weights(out: &mut dyn Write) -> kit::Result {
    // ANCHOR: zero_weights
    // 3-4-2 的网络，权重的标准差是 0：所有权重都是 0
    let net = TwoLayerNet::new(3, 4, 2, 0.0, 1)?;
    let x = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let t = array![[0.0, 1.0], [0.0, 1.0]]; // 两张都是类别 1
    let g = net.gradient(x.view(), t.view())?;
    writeln!(out, "{}", g.b2)?;
    // ANCHOR_END: zero_weights
    Ok(())
}

/// Section 9.3: the first rules of backpropagation.
fn backprop_questions() -> kit::Result<Vec<Question>> {
    Ok(vec![Question {
        prompt: "下面的代码打印什么？（`gradient` 是 9.3 节的反向传播，\
                 `g.b2` 是损失对 b⁽²⁾ 的梯度）"
            .into(),
        answer: kit::interactive::printed(
            include_str!("quiz.rs"),
            "zero_weights",
            zero_weights,
        )?,
        explanation: "权重全为 0，A⁽²⁾ 全是 0，softmax 给两个类别各 0.5。\
                      dA⁽²⁾ = (Y − T)/N，N = 2，每一行都是 \
                      (0.5 − 0, 0.5 − 1)/2 = (0.25, −0.25)；db⁽²⁾ 是 dA⁽²⁾ \
                      各行之和：(0.5, −0.5)。"
            .into(),
    }])
}

/// Training images and steps of question 9.5-1.
const SYMMETRY_IMAGES: usize = 20;
const SYMMETRY_STEPS: usize = 100;
const SYMMETRY_LR: f64 = 0.1;

/// What 100 steps from all-zero weights leave: the network, and the loss
/// before and after.
fn from_zero() -> kit::Result<(TwoLayerNet, f64, f64)> {
    let train = &ch05_data::mnist::bundled()?.train;
    let rows = s![..SYMMETRY_IMAGES, ..];
    let x = train.x(true).slice(rows).to_owned();
    let t = train.t_one_hot().slice(rows).to_owned();
    let hidden = crate::training::TrainConfig::default().hidden_size;
    let mut net = TwoLayerNet::new(INPUT_SIZE, hidden, OUTPUT_SIZE, 0.0, SEED)?;
    let before = net.loss(x.view(), t.view())?;
    for _ in 0..SYMMETRY_STEPS {
        let g = net.gradient(x.view(), t.view())?;
        net.step(&g, SYMMETRY_LR);
    }
    let after = net.loss(x.view(), t.view())?;
    Ok((net, before, after))
}

/// Whether every column of `w` is the first one, to rounding.
fn columns_alike(w: &Array2<f64>) -> bool {
    let first = w.column(0);
    let scale = first.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    w.axis_iter(Axis(1)).all(|c| {
        c.iter()
            .zip(first)
            .all(|(a, b)| (a - b).abs() <= 1e-12 * scale.max(1e-300))
    })
}

/// Section 9.5: symmetry, which random weights avoid.
fn symmetry_questions() -> kit::Result<Vec<Question>> {
    let (net, before, after) = from_zero()?;
    let hidden = net.w1.ncols();
    let zero = net.w1.iter().all(|&v| v == 0.0);
    let alike = columns_alike(&net.w1);
    let claims = [
        ("W⁽¹⁾ 仍然全是 0：误差传不回第 1 层".to_string(), zero),
        (
            format!(
                "W⁽¹⁾ 不再是 0，但 {hidden} 列仍然相同：{hidden} 个隐藏\
                 神经元一模一样"
            ),
            !zero && alike,
        ),
        (
            format!("W⁽¹⁾ 的 {hidden} 列各不相同：隐藏神经元学到了不同的特征"),
            !alike,
        ),
        (
            "损失没有下降：全为 0 的网络什么也学不了".to_string(),
            after >= before,
        ),
    ];
    let options = claims
        .into_iter()
        .map(|(text, correct)| Choice { text, correct })
        .collect();
    Ok(vec![Question {
        prompt: format!(
            "784-{hidden}-10 的网络，权重的初值全部取 0（标准差 0），用\
             前 {SYMMETRY_IMAGES} 张训练图像照常走 {SYMMETRY_STEPS} 步\
             （`gradient` 再 `step`，学习率 {SYMMETRY_LR}）。之后会怎样？"
        ),
        answer: Answer::Choice(options),
        explanation: format!(
            "{hidden} 个隐藏神经元的输入权重相同、输出权重也相同，算出同样\
             的输出，反向传播给它们同样的梯度，更新之后仍然相同：这就是 9.5 \
             节说的对称。第 1 步 W⁽²⁾ 还是 0，dZ⁽¹⁾ = dA⁽²⁾W⁽²⁾ᵀ 也是 0，\
             W⁽¹⁾ 不动；从第 2 步起 W⁽¹⁾ 开始变，但各列一起变。损失照样\
             从 {before:.4} 降到 {after:.4}：第 2 层在学，只是隐藏层等于\
             只有一个神经元。"
        ),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_what_the_code_computes() {
        let q = &numerical_questions().unwrap()[0];
        assert_eq!(q.key_text(), "47720");
        let q = &backprop_questions().unwrap()[0];
        let Answer::Printed { output, listing } = &q.answer else {
            panic!("printed")
        };
        assert_eq!(output, "[0.5, -0.5]");
        assert!(listing.contains("net.gradient(x.view(), t.view())?"));
        let q = &symmetry_questions().unwrap()[0];
        assert!(q.key_text().contains("50 列仍然相同"), "{}", q.key_text());
    }

    /// The claim the choice rests on, checked without rounding slack on
    /// the first step: all-zero weights leave W1 unmoved while W2 moves.
    #[test]
    fn the_first_step_from_zero_moves_only_the_second_layer() {
        let net = TwoLayerNet::new(3, 4, 2, 0.0, 1).unwrap();
        let x = array![[1.0, 2.0, 3.0]];
        let t = array![[0.0, 1.0]];
        let g = net.gradient(x.view(), t.view()).unwrap();
        assert!(g.w1.iter().all(|&v| v == 0.0));
        assert!(g.w2.iter().any(|&v| v != 0.0));
        assert!(columns_alike(&array![[1.0, 1.0], [2.0, 2.0]]));
        assert!(!columns_alike(&array![[1.0, 1.0], [2.0, 2.5]]));
    }
}
