//! One term per concept (issue 14): no page, listing comment, program
//! output or figure uses a word the book has replaced, and a chapter's
//! first use of a term gives the English beside it, as the glossary
//! (术语表) lists it.
//!
//! Each failure names the file and line, the word, what the book writes
//! instead and the text around it, so a page can be fixed from the list.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;

/// A word the book does not use, and what it writes instead.
struct Rule {
    word: &'static str,
    instead: &'static str,
    /// Longer words that contain `word` and are other words (单精度 is not
    /// accuracy; mini-batch is the chapter's own word).
    fine_in: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        word: "准确率",
        instead: "识别精度（the glossary alone adds “也常叫准确率”, once）",
        fine_in: &[],
    },
    Rule {
        word: "精度",
        instead: "识别精度 for accuracy; 单精度/双精度/浮点精度/数值精度 for \
                  the precision of f32 and f64",
        fine_in: &[
            "识别精度",
            "单精度",
            "双精度",
            "半精度",
            "机器精度",
            "浮点精度",
            "数值精度",
            "打印精度",
        ],
    },
    Rule {
        word: "梯度检验",
        instead: "梯度确认（the glossary alone adds “也叫梯度检验”）",
        fine_in: &[],
    },
    Rule {
        word: "前向计算",
        instead: "前向传播 (it pairs with 反向传播)",
        fine_in: &[],
    },
    Rule {
        word: "前向处理",
        instead: "前向传播",
        fine_in: &[],
    },
    Rule {
        word: "线性层",
        instead: "仿射层 for x W + b (第 2 章: linear is h(x) = cx, affine \
                  adds a shift)",
        fine_in: &[],
    },
    Rule {
        word: "批量",
        instead: "批, 一批 (数据); 批大小 for batch size; mini-batch 学习",
        fine_in: &[],
    },
    Rule {
        word: "批次",
        instead: "批, 一批",
        fine_in: &[],
    },
    Rule {
        word: "那一章",
        instead: "a number and a link: [第 N 章](chNN-topic.md)",
        fine_in: &[],
    },
    Rule {
        word: "那一节",
        instead: "a number: N.M 节",
        fine_in: &[],
    },
    Rule {
        word: "后面的章节",
        instead: "a number and a link: [第 N 章](chNN-topic.md)",
        fine_in: &[],
    },
    Rule {
        word: "后面几章",
        instead: "numbers and links: [第 6 章](ch06-losses.md)到第 9 章",
        fine_in: &[],
    },
    Rule {
        word: "前面的章节",
        instead: "a number and a link: [第 N 章](chNN-topic.md)",
        fine_in: &[],
    },
    Rule {
        word: "又叫监督数据",
        instead: "训练数据 is inputs with their 监督数据 (the labels t); quote \
                  the notes in “…” when showing their slip",
        fine_in: &[],
    },
];

/// Sentences of the notes (and the source book) that pages quote in “…”
/// to show what they say; a word the book replaced may stand inside such a
/// quotation.
const QUOTED_SOURCES: &[&str] = &[
    // the notes, on why the loss and not accuracy is the training target
    "为什么使用损失函数作为评估而非识别精度或准确率",
    // the notes' mermaid node about training data
    "又叫监督数据",
];

/// The words that introduce alternative names in the glossary; each
/// replaced word may stand on one such line of it.
const ALSO_CALLED: &[&str] = &["也常叫", "也叫", "又叫"];

/// A line of text a reader sees, and where it is.
#[derive(Debug)]
struct Seen {
    /// `book/ch05-data.md:25`, or a listing's, output's or figure's place.
    at: String,
    /// The page, for exceptions that hold on one page (the glossary).
    page: String,
    /// The words: no code, no math, no link targets, no markup.
    text: String,
    /// The math of the line (`$...$` and display lines), as written.
    math: String,
    /// The line as written (Markdown), for patterns that span text and math.
    raw: String,
    /// Prose (or a heading, a table cell, a caption) of a page, not a
    /// comment, a diagram, an output or a figure.
    prose: bool,
}

/// Removes the spans between matching backtick runs (inline code).
fn strip_inline_code(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|&c| c == '`').count();
        let fence = &rest[start..start + run];
        let after = &rest[start + run..];
        match after.find(fence) {
            Some(end) => rest = &after[end + run..],
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of HTML and Markdown markup: tags go, but the alt and title
/// texts of images stay (a reader meets them); link targets go, the link
/// text stays; emphasis marks and include directives go.
fn strip_markup(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = &rest[start..];
            break;
        };
        let tag = &rest[start..start + end];
        for attr in [" alt=\"", " title=\""] {
            if let Some(i) = tag.find(attr) {
                let value = &tag[i + attr.len()..];
                out.push(' ');
                out.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                out.push(' ');
            }
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let mut text = String::new();
    let mut rest = out.as_str();
    while let Some(start) = rest.find("](") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        rest = &after[after.find(')').map_or(after.len(), |e| e + 1)..];
    }
    text.push_str(rest);
    let mut clean = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("{{#") {
        clean.push_str(&rest[..start]);
        let after = &rest[start..];
        rest = &after[after.find("}}").map_or(after.len(), |e| e + 2)..];
    }
    clean.push_str(rest);
    clean.replace(['*', '[', ']'], "")
}

/// The comment part of a line of Rust (`// ...`, `/// ...`, `//! ...`).
fn rust_comment(line: &str) -> Option<&str> {
    let i = line.find("//")?;
    Some(line[i..].trim_start_matches(['/', '!']).trim())
}

/// Every line a page shows as words: prose, headings, table cells, alt
/// texts and captions, mermaid diagrams and the comments of its Rust
/// (inline snippets and included listings).
fn page_lines(page: &str) -> Vec<Seen> {
    let markdown = read(&book_dir().join(page));
    let mut seen = Vec::new();
    let mut fence: Option<(String, String)> = None; // (marker, info)
    let mut in_display_math = false;
    for (i, line) in markdown.lines().enumerate() {
        let at = format!("book/{page}:{}", i + 1);
        let trimmed = line.trim_start();
        if let Some((marker, info)) = &fence {
            if trimmed.starts_with(marker.as_str())
                && trimmed.trim_start_matches('`').trim().is_empty()
            {
                fence = None;
                continue;
            }
            let shown = if info.starts_with("mermaid") {
                Some(line.to_string())
            } else if info.starts_with("rust") && !trimmed.starts_with("# ") {
                rust_comment(line).map(str::to_string)
            } else {
                None
            };
            if let Some(text) = shown {
                seen.push(Seen {
                    at,
                    page: page.to_string(),
                    text,
                    math: String::new(),
                    raw: line.to_string(),
                    prose: false,
                });
            }
            if info.starts_with("rust") {
                seen.extend(listing_lines(page, i + 1, line));
            }
            continue;
        }
        if trimmed.starts_with("```") {
            let marker: String =
                trimmed.chars().take_while(|&c| c == '`').collect();
            let info = trimmed[marker.len()..].trim().to_string();
            fence = Some((marker, info));
            continue;
        }
        if trimmed == "$$" {
            in_display_math = !in_display_math;
            continue;
        }
        if in_display_math {
            seen.push(Seen {
                at,
                page: page.to_string(),
                text: String::new(),
                math: line.to_string(),
                raw: line.to_string(),
                prose: true,
            });
            continue;
        }
        let (text, math) = split_math(&strip_inline_code(line));
        seen.push(Seen {
            at,
            page: page.to_string(),
            text: strip_markup(&text),
            math,
            raw: line.to_string(),
            prose: true,
        });
    }
    seen
}

/// The comments of a Rust listing that `line` of `page` includes, which
/// the page shows.
fn listing_lines(page: &str, line_no: usize, line: &str) -> Vec<Seen> {
    let mut seen = Vec::new();
    for inc in includes_in(line) {
        if !inc.path.ends_with(".rs") {
            continue;
        }
        let Ok(source) = fs::read_to_string(book_dir().join(&inc.path)) else {
            continue; // tests/pages.rs reports a missing file
        };
        let shown = match &inc.anchor {
            Some(a) => anchored(&source, a).unwrap_or_default(),
            None => source,
        };
        let name = match &inc.anchor {
            Some(a) => format!("{}:{a}", inc.path.trim_start_matches("../")),
            None => inc.path.trim_start_matches("../").to_string(),
        };
        for (k, l) in shown.lines().enumerate() {
            if let Some(comment) = rust_comment(l) {
                seen.push(Seen {
                    at: format!(
                        "book/{page}:{line_no} (listing {name}, line {})",
                        k + 1
                    ),
                    page: page.to_string(),
                    text: comment.to_string(),
                    math: String::new(),
                    raw: l.to_string(),
                    prose: false,
                });
            }
        }
    }
    seen
}

fn walk(dir: &Path, ext: &str, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, ext, found);
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Every line of every program output the pages show, and of every
/// generated fragment (self-check questions, knob readouts as shown).
fn output_lines() -> Vec<Seen> {
    let mut files = Vec::new();
    walk(&book_dir().join("outputs"), "txt", &mut files);
    walk(&book_dir().join("outputs"), "html", &mut files);
    let mut seen = Vec::new();
    for path in files {
        let text = read(&path);
        let html = path.extension().is_some_and(|e| e == "html");
        let text = if html { strip_tags(&text) } else { text };
        for (i, line) in text.lines().enumerate() {
            seen.push(Seen {
                at: format!("{}:{}", relative(&path), i + 1),
                page: String::new(),
                text: line.to_string(),
                math: String::new(),
                raw: line.to_string(),
                prose: false,
            });
        }
    }
    seen
}

/// Every `<text>` of every figure.
fn figure_lines() -> Vec<Seen> {
    let mut files = Vec::new();
    walk(&book_dir().join("figures"), "svg", &mut files);
    let mut seen = Vec::new();
    for path in files {
        let svg = read(&path);
        let mut from = 0;
        while let Some(start) = svg[from..].find("<text") {
            let tag = from + start;
            let Some(open) = svg[tag..].find('>') else {
                break;
            };
            let body = tag + open + 1;
            let end =
                svg[body..].find("</text>").map_or(svg.len(), |e| body + e);
            let text = svg[body..end]
                .trim()
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            let line = svg[..body].lines().count();
            seen.push(Seen {
                at: format!("{}:{line}", relative(&path)),
                page: String::new(),
                raw: text.clone(),
                text,
                math: String::new(),
                prose: false,
            });
            from = end;
        }
    }
    seen
}

/// Everything a reader sees, from every page, output and figure.
fn everything_seen() -> Vec<Seen> {
    let mut seen = Vec::new();
    for page in markdown_files() {
        seen.extend(page_lines(&page));
    }
    seen.extend(output_lines());
    seen.extend(figure_lines());
    seen
}

/// The text around byte `at` of `text`, for a report.
fn around(text: &str, at: usize, len: usize) -> String {
    let before: String = text[..at]
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[at + len..].chars().take(12).collect();
    format!("…{before}【{}】{after}…", &text[at..at + len])
}

/// True when the occurrence at `at` is part of one of the longer words.
fn in_longer_word(text: &str, at: usize, word: &str, fine: &[&str]) -> bool {
    fine.iter().any(|f| {
        f.match_indices(word).any(|(offset, _)| {
            at >= offset
                && text.get(at - offset..).is_some_and(|t| t.starts_with(f))
        })
    })
}

/// True when the occurrence at `at` stands inside “…” whose words are one
/// of the quoted sources'.
fn in_quotation(text: &str, at: usize) -> bool {
    let Some(open) = text[..at].rfind('“') else {
        return false;
    };
    if text[open..at].contains('”') {
        return false;
    }
    let start = open + '“'.len_utf8();
    let Some(close) = text[at..].find('”') else {
        return false;
    };
    let quoted = &text[start..at + close];
    QUOTED_SOURCES.iter().any(|s| s.contains(quoted))
}

/// True when the glossary names `word` as an alternative: the line says
/// 也叫 (或 也常叫, 又叫) before it, as in “识别精度：也常叫准确率”.
fn named_as_alternative(text: &str, at: usize) -> bool {
    ALSO_CALLED.iter().any(|a| text[..at].contains(a))
}

/// The σ of the line used for something other than the sigmoid: a
/// standard deviation (σ², σ/√n) or a name for another function.
fn sigma_misuse(line: &Seen) -> Option<String> {
    let mentions_sigmoid = line.text.contains("sigmoid");
    for (i, _) in line.math.match_indices("\\sigma") {
        let after = line.math[i + "\\sigma".len()..].trim_start();
        if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue; // another command, \sigmaX
        }
        let applied = after.starts_with('(')
            || after.starts_with('\'')
            || after.starts_with("\\left")
            || after.starts_with("\\big")
            || after.starts_with("\\Big");
        if applied {
            continue;
        }
        let of_spread = after.starts_with(['^', '_', '/']);
        if of_spread || !mentions_sigmoid {
            return Some(around(&line.math, i, "\\sigma".len()));
        }
    }
    for (i, _) in line.text.match_indices('σ') {
        let after = line.text[i + 'σ'.len_utf8()..].trim_start();
        let applied = after.starts_with(['(', '\'', '′']);
        if !applied && !mentions_sigmoid {
            return Some(around(&line.text, i, 'σ'.len_utf8()));
        }
    }
    None
}

/// n used for a count (批大小 n, $n$ 个, \sqrt{n}); n is a sample's index,
/// N the number of samples in a batch.
fn n_as_count(line: &Seen) -> Option<String> {
    let math = line.math.replace(' ', "");
    for pattern in ["\\sqrt{n}", "\\frac{1}{n}", "1/n", "}^{n}", "}^n"] {
        if let Some(i) = math.find(pattern) {
            return Some(around(&math, i, pattern.len()));
        }
    }
    for pattern in ["$n$ 个", "$n$ 张", "$n$ 行", "$n$ 次", "$n$ 项"] {
        for (i, _) in line.raw.match_indices(pattern) {
            if !line.raw[..i].trim_end().ends_with('第') {
                return Some(around(&line.raw, i, pattern.len()));
            }
        }
    }
    for pattern in ["为 $n$", "大小 $n$", "√n", "大小 n", "大小为 n"]
    {
        let text = if pattern.contains('$') {
            &line.raw
        } else {
            &line.text
        };
        if let Some(i) = text.find(pattern) {
            let end = text[i + pattern.len()..].chars().next();
            if !end.is_some_and(|c| c.is_ascii_alphanumeric()) {
                return Some(around(text, i, pattern.len()));
            }
        }
    }
    None
}

/// A layer's weights written with the layer as a subscript (W_1, W_k):
/// the book writes the layer in the superscript, W^{(1)}, and keeps the
/// subscripts for an element's row and column.
fn layer_as_subscript(line: &Seen) -> Option<String> {
    let math = line.math.replace(' ', "");
    for (i, _) in math.match_indices("W_") {
        let after = math[i + 2..].trim_start_matches('{');
        if after.starts_with(|c: char| c.is_ascii_digit() || c == 'k') {
            return Some(around(&math, i, 3));
        }
    }
    None
}

/// A sentence that calls the unit roundoff (1.1e-16) the machine epsilon
/// (f64::EPSILON = 2.2e-16).
fn unit_roundoff_called_epsilon(line: &Seen) -> Option<String> {
    let both = format!("{} {}", line.text, line.math.replace(' ', ""));
    if !both.contains("机器精度") || both.contains("单位舍入") {
        return None;
    }
    ["1.1\\times10^{-16}", "1.1e-16", "1.1×10⁻¹⁶"]
        .iter()
        .find_map(|p| both.find(p).map(|i| around(&both, i, p.len())))
}

/// `batch` used as a Chinese noun (一个 batch 的, batch 大小): the book
/// writes 一批 and 批大小, with (batch) as the English beside them.
fn bare_batch(line: &Seen) -> Option<String> {
    let text = &line.text;
    for (i, _) in text.match_indices("batch") {
        let before = text[..i].chars().next_back();
        let after = text[i + 5..].chars().next();
        let part_of_word = |c: Option<char>| {
            c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        if part_of_word(before) || part_of_word(after) {
            continue; // mini-batch, x_batch, batches
        }
        let open = text[..i].rfind(['（', '(']);
        let close = text[..i].rfind(['）', ')']);
        if open.is_some() && open > close {
            continue; // the English beside a term: 批（batch）
        }
        let han_before =
            text[..i].trim_end().chars().next_back().is_some_and(is_han);
        let han_after = text[i + 5..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(is_han);
        if han_before || han_after {
            return Some(around(text, i, 5));
        }
    }
    None
}

/// Every use of a replaced word, as report lines, by file.
fn violations(seen: &[Seen]) -> BTreeMap<String, Vec<String>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut alternatives: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut report = |at: &str, what: String| {
        let file = at.split([':', ' ']).next().unwrap_or(at).to_string();
        found.entry(file).or_default().push(format!("{at}: {what}"));
    };
    for line in seen {
        for rule in RULES {
            for (i, _) in line.text.match_indices(rule.word) {
                if in_longer_word(&line.text, i, rule.word, rule.fine_in)
                    || in_quotation(&line.text, i)
                {
                    continue;
                }
                if line.page == "glossary.md"
                    && named_as_alternative(&line.text, i)
                {
                    alternatives
                        .entry(rule.word)
                        .or_default()
                        .push(line.at.clone());
                    continue;
                }
                report(
                    &line.at,
                    format!(
                        "{} → {}: {}",
                        rule.word,
                        rule.instead,
                        around(&line.text, i, rule.word.len())
                    ),
                );
            }
        }
        if let Some(context) = sigma_misuse(line) {
            report(
                &line.at,
                format!(
                    "σ is the sigmoid only: a standard deviation is 标准差 s, \
                     the output layer's activation is written out: {context}"
                ),
            );
        }
        if let Some(context) = n_as_count(line) {
            report(
                &line.at,
                format!(
                    "n is a sample's index; the number of samples in a batch \
                     is N: {context}"
                ),
            );
        }
        if let Some(context) = layer_as_subscript(line) {
            report(
                &line.at,
                format!(
                    "the weights of layer k are W^{{(k)}} (第 3 章), not W_k: \
                     {context}"
                ),
            );
        }
        if let Some(context) = unit_roundoff_called_epsilon(line) {
            report(
                &line.at,
                format!(
                    "机器精度 (machine epsilon) is f64::EPSILON = 2.2e-16; \
                     1.1e-16 is 单位舍入误差 (unit roundoff): {context}"
                ),
            );
        }
        if let Some(context) = bare_batch(line) {
            report(
                &line.at,
                format!(
                    "batch → 一批 / 批 (批大小 for batch size), with (batch) \
                     beside the Chinese: {context}"
                ),
            );
        }
    }
    for (word, mut places) in alternatives {
        places.dedup(); // one line may name several (批量, 批量大小)
        if places.len() > 1 {
            for at in &places[1..] {
                report(
                    at,
                    format!(
                        "{word} is named as an alternative more than once \
                         in the glossary (first at {})",
                        places[0]
                    ),
                );
            }
        }
    }
    found
}

/// Formats the violations with a count per file.
fn summary(found: &BTreeMap<String, Vec<String>>) -> String {
    let total: usize = found.values().map(Vec::len).sum();
    let mut out = format!(
        "{total} uses of words the book replaced (issue 14's one term per \
         concept; the glossary names each alternative once):\n"
    );
    for lines in found.values() {
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("\nper file:\n");
    for (file, lines) in found {
        out.push_str(&format!("  {file}: {}\n", lines.len()));
    }
    out
}

#[test]
fn no_page_output_or_figure_uses_a_replaced_word() {
    let seen = everything_seen();
    assert!(
        seen.len() > 5000,
        "only {} lines read: are the pages, outputs and figures found?",
        seen.len()
    );
    let found = violations(&seen);
    assert!(found.is_empty(), "{}", summary(&found));
}

fn seen(page: &str, text: &str, math: &str) -> Seen {
    Seen {
        at: format!("book/{page}:1"),
        page: page.to_string(),
        text: text.to_string(),
        math: math.to_string(),
        raw: if math.is_empty() {
            text.to_string()
        } else {
            format!("{text} ${math}$")
        },
        prose: true,
    }
}

fn hits(lines: &[Seen]) -> usize {
    violations(lines).values().map(Vec::len).sum()
}

#[test]
fn the_rules_catch_what_they_should_and_nothing_else() {
    // the replaced words, in prose
    for bad in [
        "未训练网络的准确率是 0.0882",
        "训练精度略高于测试精度",
        "叫梯度检验（gradient check）",
        "一次前向计算",
        "三个线性层合起来",
        "批量数据要沿轴 1 求和",
        "有的批次容易",
        "后面训练网络的那一章",
        "后面的章节都从这里拿 MNIST",
        "train --> sup[又叫监督数据]",
        "batch 大小 100",
        "一个 batch 的损失",
    ] {
        assert!(hits(&[seen("ch05-data.md", bad, "")]) >= 1, "{bad}");
    }
    // other words that contain them, quotations, English beside a term
    for good in [
        "识别精度（accuracy）",
        "单精度的 f32 与双精度的 f64",
        "机器精度（machine epsilon）",
        "mini-batch 学习",
        "这样一组数据叫一批（batch），它的行数叫批大小（batch size）",
        "笔记问“为什么使用损失函数作为评估而非识别精度或准确率”",
        "笔记和原书说训练数据“又叫监督数据”",
        "batch loss 0.1523",
        "x_batch (10, 784)",
    ] {
        assert_eq!(hits(&[seen("ch05-data.md", good, "")]), 0, "{good}");
    }
    assert_eq!(
        hits(&[seen("ch02-activations.md", "sigmoid 记作", "\\sigma")]),
        0
    );
    // the glossary names an alternative once
    let once = seen("glossary.md", "识别精度，也常叫准确率", "");
    assert_eq!(hits(&[once]), 0);
    let mut twice = [
        seen("glossary.md", "识别精度，也常叫准确率", ""),
        seen("glossary.md", "也叫准确率", ""),
    ];
    twice[1].at = "book/glossary.md:2".to_string();
    assert_eq!(hits(&twice), 1);
    let one_line = "批大小也叫批量大小，mini-batch 学习也叫小批量学习";
    assert_eq!(hits(&[seen("glossary.md", one_line, "")]), 0);
    assert_eq!(hits(&[seen("ch05-data.md", "也常叫准确率", "")]), 1);
    // symbols
    for (text, math) in [
        ("标准差为", "\\sigma/\\sqrt{N}"),
        ("方差", "\\sigma^2 = \\frac{1}{N}"),
        ("输出层的激活函数记作", "\\sigma"),
        ("批大小为", "n"),
        ("误差按", "1/\\sqrt{n}"),
        ("机器精度", "1.1 \\times 10^{-16}"),
        ("批大小 n（对数刻度）", ""),
        ("σ/√N", ""),
        ("三层的权重", "W_1 W_2 W_3"),
        ("元素", "W_{1,ij}"),
    ] {
        let n = hits(&[seen("ch07-minibatch.md", text, math)]);
        assert!(n >= 1, "{text} ${math}$ is not caught");
    }
    for (text, math) in [
        ("sigmoid", "\\sigma(x) = \\frac{1}{1 + e^{-x}}"),
        ("导数", "\\sigma'(a) = \\sigma(a)\\,(1 - \\sigma(a))"),
        ("第 n 个样本", "n = 1, \\dots, N"),
        ("标准差", "s / \\sqrt{N}"),
        ("机器精度", "2.2 \\times 10^{-16}"),
        ("单位舍入误差是机器精度的一半", "1.1 \\times 10^{-16}"),
        ("第 1 层的权重", "W^{(1)} w^{(1)}_{12} w_{ij}"),
    ] {
        assert_eq!(
            hits(&[seen("ch07-minibatch.md", text, math)]),
            0,
            "{text} ${math}$"
        );
    }
}

#[test]
fn a_page_line_is_read_as_a_reader_sees_it() {
    let (text, math) = split_math(&strip_inline_code(
        "权重 $w^{(1)}_{12}$ 见 `w1[[0, 1]]` 和 [3.3 节](ch03-arrays.md#33-x)",
    ));
    assert_eq!(strip_markup(&text), "权重  见  和 3.3 节");
    assert_eq!(math.trim(), "w^{(1)}_{12}");
    let img = strip_markup(
        "<img class=\"figure\" src=\"a.svg\" alt=\"批次图\"><figcaption>图 5-1　x</figcaption>",
    );
    assert!(img.contains("批次图") && img.contains("图 5-1"), "{img}");
    assert_eq!(rust_comment("let y = 1; // 批大小"), Some("批大小"));
    assert_eq!(rust_comment("/// 一批数据"), Some("一批数据"));
}

/// Terms of issue 14 whose first use in a chapter gives the English beside
/// them (`识别精度（accuracy）`); the English is any the glossary lists.
const INTRODUCED_WITH_ENGLISH: &[&str] = &[
    "识别精度",
    "梯度确认",
    "前向传播",
    "反向传播",
    "仿射层",
    "批大小",
    "输入层",
    "隐藏层",
    "输出层",
    "损失函数",
    "监督数据",
    "学习率",
    "超参数",
    "标准差",
    "机器精度",
    "单位舍入误差",
];

/// The first use of `term` in `lines` that is not a heading, and whether
/// it has one of `english` in （…） right after it.
fn first_use<'a>(
    lines: &'a [Seen],
    term: &str,
    english: &[String],
) -> Option<(&'a Seen, bool)> {
    for line in lines {
        let raw = line.raw.trim_start();
        if !line.prose || raw.starts_with('#') || raw.starts_with('<') {
            continue;
        }
        let Some(i) = line.text.find(term) else {
            continue;
        };
        let after = line.text[i + term.len()..].trim_start();
        let inside = after
            .strip_prefix('（')
            .or_else(|| after.strip_prefix('('))
            .map(|rest| {
                rest.split(['）', ')']).next().unwrap_or("").to_lowercase()
            });
        let glossed = inside
            .is_some_and(|inside| english.iter().any(|e| inside.contains(e)));
        return Some((line, glossed));
    }
    None
}

#[test]
fn a_chapter_gives_the_english_at_the_first_use_of_a_term() {
    let entries = glossary_entries();
    let mut problems = Vec::new();
    let mut checked = 0;
    for term in INTRODUCED_WITH_ENGLISH {
        let Some(entry) = entries
            .iter()
            .find(|e| e.zh_names().iter().any(|n| n == term))
        else {
            problems.push(format!(
                "book/glossary.md: no row for {term}, a term of issue 14"
            ));
            continue;
        };
        let english = entry.en_names();
        for page in summary_pages().iter().filter(|p| p.starts_with("ch")) {
            let lines = page_lines(page);
            if let Some((line, glossed)) = first_use(&lines, term, &english) {
                checked += 1;
                if !glossed {
                    problems.push(format!(
                        "{}: the chapter's first {term} gives no English: \
                         write {term}（{}）",
                        line.at, english[0]
                    ));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} first uses found");
    assert!(
        problems.is_empty(),
        "{} first uses without the English beside them:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_first_use_is_found() {
    let lines = [
        seen("ch05-data.md", "## 5.7 识别精度", ""),
        seen("ch05-data.md", "猜对的比例叫识别精度（accuracy）", ""),
        seen("ch05-data.md", "识别精度是 0.0882", ""),
    ];
    let english = ["accuracy".to_string()];
    let (line, glossed) = first_use(&lines, "识别精度", &english).unwrap();
    assert!(glossed);
    assert!(line.text.contains("猜对"));
    let (_, glossed) = first_use(&lines[2..], "识别精度", &english).unwrap();
    assert!(!glossed);
}

/// Whether `text` holds a Chinese character.
fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Whether `comment` is English words: two words of letters in a row and
/// no Chinese (`// x: (N, 784)` or `// => 0.5` is code, not English).
fn english_words(comment: &str) -> bool {
    if has_han(comment) {
        return false;
    }
    let words: Vec<&str> = comment.split_whitespace().collect();
    words.windows(2).any(|pair| {
        pair.iter().all(|w| {
            let w = w.trim_matches(|c: char| ",.;:()'\"".contains(c));
            w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic())
        })
    })
}

#[test]
fn shown_listings_speak_chinese() {
    let mut problems = Vec::new();
    for page in markdown_files() {
        for line in page_lines(&page) {
            if line.prose || !line.at.contains("(listing ") {
                continue;
            }
            if english_words(&line.text) {
                problems.push(format!(
                    "{}: an English comment: {}",
                    line.at, line.text
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} listing lines a page should not show:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn english_comments_are_recognised() {
    assert!(english_words("the weights of the first layer"));
    assert!(!english_words("第 1 层的权重（weights）"));
    assert!(!english_words("x: (N, 784)"));
    assert!(!english_words("=> 0.5"));
}
