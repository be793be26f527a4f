//! What the chapter prints: the truth tables of the gates, the two-layer
//! XOR, the search of a grid of perceptrons, and AND's bias nudged.

use std::io::Write;

use kit::Demo;

use crate::{AND, Gate, INPUTS, NAND, OR, Perceptron};
use crate::{and, nand, or, search_grid, truth_table};

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![gates, xor, search, nudge];

/// The truth tables of AND, NAND and OR, with the weighted sum `a` (a real
/// number) beside the output `y` (0 or 1).
fn gates(out: &mut dyn Write) -> kit::Result {
    let gates = [("与门", AND), ("与非门", NAND), ("或门", OR)];
    for (i, (name, p)) in gates.into_iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{name}：w1 = {:.1}，w2 = {:.1}，b = {:.1}",
            p.w1, p.w2, p.b
        )?;
        writeln!(out, " x1  x2        a   y")?;
        for (x1, x2) in INPUTS {
            let a = p.weighted_sum(x1, x2);
            let y = p.output(x1, x2);
            writeln!(out, "{x1:3.0} {x2:3.0}  {a:7.1}  {y:2.0}")?;
        }
    }
    Ok(())
}

/// The two-layer XOR, with the first layer's outputs.
fn xor(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "s1 = 与非(x1, x2)，s2 = 或(x1, x2)，y = 与(s1, s2)")?;
    writeln!(out, " x1  x2   s1  s2   y")?;
    for (x1, x2) in INPUTS {
        let (s1, s2) = (nand(x1, x2), or(x1, x2));
        let y = crate::xor(x1, x2);
        writeln!(out, "{x1:3.0} {x2:3.0}  {s1:3.0} {s2:3.0} {y:3.0}")?;
    }
    Ok(())
}

/// `(0, 0, 0, 1)`: a truth table as the program prints it.
fn table_text(table: [f64; 4]) -> String {
    let [a, b, c, d] = table;
    format!("({a}, {b}, {c}, {d})")
}

/// How many perceptrons of the grid reproduce each gate, and which of all
/// 16 possible truth tables any of them reproduces.
fn search(out: &mut dyn Write) -> kit::Result {
    writeln!(out, "w1、w2、b 各取 -10, -9, ..., 10：共 9261 个感知机")?;
    // names padded to the same width (a Chinese character is two columns)
    let gates: [(&str, Gate); 4] = [
        ("与门  ", and),
        ("与非门", nand),
        ("或门  ", or),
        ("异或门", crate::xor),
    ];
    for (name, gate) in gates {
        let table = truth_table(gate);
        let found = search_grid(table);
        let text = table_text(table);
        write!(out, "{name} {text}：找到 {:3} 个", found.len())?;
        match found.first() {
            Some(p) => writeln!(
                out,
                "，例如 w1 = {}，w2 = {}，b = {}",
                p.w1, p.w2, p.b
            )?,
            None => writeln!(out)?,
        }
    }
    // All 16 tables: output bit i of `n` for input i.
    let mut missing = Vec::new();
    for n in 0..16 {
        let table = [0, 1, 2, 3].map(|i| f64::from((n >> i) & 1));
        if search_grid(table).is_empty() {
            missing.push(table_text(table));
        }
    }
    Ok(writeln!(
        out,
        "16 种真值表中，{} 种有感知机能实现；没有的是 {}",
        16 - missing.len(),
        missing.join(" 和 ")
    )?)
}

/// AND's bias moved in steps of 0.1. The truth table, and with it the
/// number of right answers, changes only in jumps.
// ANCHOR: nudge
fn nudge(out: &mut dyn Write) -> kit::Result {
    let target = truth_table(and);
    writeln!(out, "w1 = w2 = 0.5；与门应给出 {}", table_text(target))?;
    writeln!(out, "    b  四个输出      答对")?;
    // b 从 -1.2 到 0.2，每次挪动 0.1
    for tenths in -12..=2 {
        let p = Perceptron {
            b: f64::from(tenths) / 10.0,
            ..AND
        };
        let table = truth_table(|x1, x2| p.output(x1, x2));
        // 数一数四个输出里有几个和与门的真值表相同
        let right = table.iter().zip(target).filter(|(y, t)| **y == *t);
        let text = table_text(table);
        writeln!(out, "{:5.1}  {text}  {}/4", p.b, right.count())?;
    }
    Ok(())
}
// ANCHOR_END: nudge

#[cfg(test)]
mod tests {
    use crate::CHAPTER;

    #[test]
    fn the_tables_show_sums_and_outputs() {
        let text = CHAPTER.output("gates").unwrap();
        assert!(text.contains("  1   1      0.3   1"), "{text}");
    }

    #[test]
    fn the_search_finds_no_xor() {
        let text = CHAPTER.output("search").unwrap();
        assert!(text.contains("异或门 (0, 1, 1, 0)：找到   0 个"), "{text}");
        assert!(text.contains("14 种有感知机能实现"), "{text}");
    }

    #[test]
    fn right_answers_jump_as_the_bias_moves() {
        let text = CHAPTER.output("nudge").unwrap();
        // 3 -> 4 -> 2 -> 1
        assert!(text.contains(" -1.0  (0, 0, 0, 0)  3/4"), "{text}");
        assert!(text.contains(" -0.7  (0, 0, 0, 1)  4/4"), "{text}");
        assert!(text.contains("  0.0  (0, 1, 1, 1)  2/4"), "{text}");
        assert!(text.contains("  0.1  (1, 1, 1, 1)  1/4"), "{text}");
    }
}
