//! The pages around the chapters: every glossary entry is complete, every
//! term a chapter introduces is in the glossary, a term has one row, the
//! words whose alternatives the glossary names have rows, and a chapter
//! that is still being written is marked as such until it lands.
//!
//! (`tests/rendered.rs` checks that each glossary link reaches a heading of
//! the rendered book and that the section there names the term.)

mod common;

use std::collections::BTreeSet;

use common::*;

/// English words written in （…） after a Chinese word that are not terms.
const NOT_TERMS: &[&str] = &[
    "pep 8",    // a style guide's name (ch06), not a concept
    "stream 1", // which ChaCha8Rng stream ch09 draws from, not a concept
];

#[test]
fn every_glossary_entry_has_chinese_english_and_a_link() {
    let entries = glossary_entries();
    assert!(
        entries.len() > 50,
        "only {} glossary entries",
        entries.len()
    );
    let chapters: BTreeSet<String> = summary_pages()
        .into_iter()
        .filter(|p| p.starts_with("ch") || p.starts_with("appendix"))
        .collect();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for e in &entries {
        let at = format!("glossary.md:{}", e.line);
        if !e.zh.chars().any(is_han) {
            problems.push(format!("{at}: no Chinese term in {:?}", e.zh));
        }
        if !e.en.chars().any(|c| c.is_ascii_alphabetic())
            || e.en.chars().any(is_han)
        {
            problems.push(format!("{at}: no English term in {:?}", e.en));
        }
        match e.links.as_slice() {
            [link] => {
                let (page, frag) = link.split_once('#').unwrap_or((link, ""));
                if !chapters.contains(page) {
                    problems.push(format!(
                        "{at}: {link} does not point at a chapter or appendix in SUMMARY.md"
                    ));
                }
                if frag.is_empty() {
                    problems.push(format!(
                        "{at}: {link} names no section (#heading-id)"
                    ));
                }
            }
            links => problems.push(format!(
                "{at}: {} links; each entry links to the one section that \
                 defines it",
                links.len()
            )),
        }
        if !seen.insert((e.zh.clone(), e.en.clone())) {
            problems.push(format!("{at}: {} / {} is listed twice", e.zh, e.en));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// English terms a page introduces the book's way: `激活函数（activation
/// function）`, i.e. a Chinese word followed by （English…）. Code blocks
/// are skipped; emphasis marks are ignored.
fn introduced_terms(markdown: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let text: Vec<char> = line.replace('*', "").chars().collect();
        for (i, &c) in text.iter().enumerate() {
            if c != '（' || i == 0 || !is_han(text[i - 1]) {
                continue;
            }
            let inside: String = text[i + 1..]
                .iter()
                .take_while(|&&c| c != '）' && c != '，' && c != '；')
                .collect();
            let inside = inside.trim();
            let mut chars = inside.chars();
            let is_term = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || " -".contains(c));
            if is_term {
                terms.push(inside.to_lowercase());
            }
        }
    }
    terms
}

#[test]
fn introduced_terms_are_found() {
    let md = "叫激活函数（activation function）。**朴素感知机**（naive \
              perceptron）和维数（number of dimensions，NumPy 里叫 `ndim`）\n\
              ```text\n工作区（workspace）\n```\n图（ReLU 在 2.7 节）";
    assert_eq!(
        introduced_terms(md),
        [
            "activation function",
            "naive perceptron",
            "number of dimensions"
        ]
    );
}

#[test]
fn every_term_a_chapter_introduces_is_in_the_glossary() {
    let known: BTreeSet<String> = glossary_entries()
        .iter()
        .flat_map(|e| e.en_names())
        .collect();
    let mut missing = Vec::new();
    for page in summary_pages().iter().filter(|p| p.starts_with("ch")) {
        let markdown = read(&book_dir().join(page));
        for term in introduced_terms(&markdown) {
            if !known.contains(&term)
                && !NOT_TERMS.contains(&term.as_str())
                && !missing.iter().any(|(t, _)| *t == term)
            {
                missing.push((term, page.clone()));
            }
        }
    }
    let list: Vec<String> =
        missing.iter().map(|(t, p)| format!("{t} ({p})")).collect();
    assert!(
        missing.is_empty(),
        "terms introduced on a page but missing from book/glossary.md \
         (add a row: 中文 | English | [section](page.md#heading-id)):\n{}",
        list.join("\n")
    );
}

/// Chapter numbers in SUMMARY.md (`第 N 章`).
fn chapter_numbers() -> BTreeSet<u32> {
    let summary = read(&book_dir().join("SUMMARY.md"));
    summary
        .lines()
        .filter_map(|l| l.split_once("[第 ")?.1.split_once(" 章").map(|x| x.0))
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

/// Every `第 N 章` in `text`, with what follows it.
fn chapter_mentions(text: &str) -> Vec<(u32, &str)> {
    text.match_indices("第 ")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let (n, after) = rest.split_once(" 章")?;
            Some((n.parse().ok()?, after))
        })
        .collect()
}

/// The preface and the appendices name the chapters still being written as
/// `第 N 章（编写中）`, without a link. When chapter N lands, this fails
/// until those mentions become links.
#[test]
fn planned_chapters_are_marked_until_they_land() {
    let existing = chapter_numbers();
    assert!(existing.contains(&2), "SUMMARY.md chapters: {existing:?}");
    let mut problems = Vec::new();
    for page in summary_pages().iter().filter(|p| !p.starts_with("ch")) {
        let text = read(&book_dir().join(page));
        for (n, after) in chapter_mentions(&text) {
            let planned = after.starts_with("（编写中）");
            if planned && existing.contains(&n) {
                problems.push(format!(
                    "{page}: 第 {n} 章 is in SUMMARY.md now: replace \
                     “第 {n} 章（编写中）” with links to its sections"
                ));
            } else if !planned && !existing.contains(&n) {
                problems.push(format!(
                    "{page}: 第 {n} 章 does not exist yet: write \
                     “第 {n} 章（编写中）”"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// One term per concept: a Chinese term (or alias) has one row, in the
/// chapter that first explains it.
#[test]
fn every_chinese_term_has_one_row() {
    let mut rows: std::collections::BTreeMap<String, Vec<usize>> =
        std::collections::BTreeMap::new();
    for e in glossary_entries() {
        for name in e.zh_names() {
            rows.entry(name).or_default().push(e.line);
        }
    }
    let twice: Vec<String> = rows
        .iter()
        .filter(|(_, lines)| lines.len() > 1)
        .map(|(name, lines)| format!("{name}: glossary.md lines {lines:?}"))
        .collect();
    assert!(
        twice.is_empty(),
        "terms with more than one row (keep the row of the chapter that \
         first explains it):\n{}",
        twice.join("\n")
    );
}

/// The terms in bold in the glossary's list of the book's words (本书的用词),
/// the words it names the alternatives of.
fn words_with_alternatives() -> Vec<String> {
    let markdown = read(&book_dir().join("glossary.md"));
    let start = markdown
        .find("## 本书的用词")
        .expect("glossary.md has a section 本书的用词");
    let section = &markdown[start..];
    let section =
        &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let mut words = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("- ")) {
        for (i, piece) in line.split("**").enumerate() {
            if i % 2 == 1 {
                words.push(piece.to_string());
            }
        }
    }
    words
}

#[test]
fn every_word_whose_alternatives_are_named_has_a_row() {
    let known: BTreeSet<String> = glossary_entries()
        .iter()
        .flat_map(|e| e.zh_names())
        .collect();
    let words = words_with_alternatives();
    assert!(words.len() >= 8, "only {} words in 本书的用词", words.len());
    let missing: Vec<&String> =
        words.iter().filter(|w| !known.contains(*w)).collect();
    assert!(
        missing.is_empty(),
        "本书的用词 names the alternatives of words the glossary has no row \
         for: {missing:?}"
    );
}
