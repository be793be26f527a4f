//! Checks on the book's Markdown: every page is doc-tested, every include
//! resolves to a non-empty anchor, every Rust block is tested somewhere.

mod common;

use std::path::Path;

use common::*;

/// SUMMARY.md is the one list of pages; `build.rs` derives the doc-test
/// harness and the chapter list from it, so what must hold is that every
/// page and every chapter crate is in it.
#[test]
fn every_page_and_every_chapter_crate_is_in_summary() {
    let summary = summary_pages();
    let mut missing = Vec::new();
    for page in markdown_files() {
        if !summary.contains(&page) {
            missing.push(format!("book/{page} is not listed in SUMMARY.md"));
        }
    }
    let mut crates: Vec<String> = std::fs::read_dir(root().join("chapters"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    crates.sort();
    for name in &crates {
        if !summary.contains(&format!("{name}.md")) {
            missing.push(format!(
                "chapters/{name} has no page {name}.md in SUMMARY.md"
            ));
        }
    }
    let listed: Vec<_> =
        dl_book::chapters::CHAPTERS.iter().map(|c| c.name).collect();
    assert_eq!(listed, crates, "the chapter list, in reading order");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_include_resolves_to_a_non_empty_anchor() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in summary_pages() {
        let text = read(&book_dir().join(&page));
        for inc in includes_in(&text) {
            checked += 1;
            let path = book_dir().join(&inc.path);
            let where_ = format!("{page}: {{{{#include {}}}}}", inc.path);
            let Ok(source) = std::fs::read_to_string(&path) else {
                problems.push(format!("{where_}: no file {}", path.display()));
                continue;
            };
            match &inc.anchor {
                None => {
                    if source.trim().is_empty() {
                        problems.push(format!("{where_}: the file is empty"));
                    }
                }
                Some(a)
                    if a.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
                {
                    problems.push(format!(
                        "{where_}:{a}: line ranges break when code moves; use an anchor"
                    ));
                }
                Some(a) => match anchored(&source, a) {
                    None => problems.push(format!("{where_}: no anchor {a:?}")),
                    Some(body) if body.trim().is_empty() => problems
                        .push(format!("{where_}: anchor {a:?} is empty")),
                    Some(_) => {}
                },
            }
        }
    }
    println!("checked {checked} includes");
    assert!(checked > 0, "no includes found: is the page list right?");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A listing block: `rust,ignore` holding nothing but includes of crate
/// code (a chapter's, or the kit's), which is tested in its own crate.
fn is_listing(block: &CodeBlock) -> bool {
    let incs = block.includes();
    block.tokens() == ["rust", "ignore"]
        && !incs.is_empty()
        && incs.iter().all(|i| {
            i.path.starts_with("../chapters/") || i.path.starts_with("../kit/")
        })
        && block
            .body
            .lines()
            .all(|l| l.trim().is_empty() || l.trim().starts_with("{{#include"))
}

#[test]
fn every_rust_block_is_compiled_or_an_included_listing() {
    let mut problems = Vec::new();
    let (mut listings, mut snippets) = (0, 0);
    for page in summary_pages() {
        let text = read(&book_dir().join(&page));
        for block in code_blocks(&text) {
            let at = format!("{page}:{}", block.line);
            let tokens = block.tokens();
            if block.info.is_none() {
                problems.push(format!(
                    "{at}: indented code block; use a fenced block with a language"
                ));
                continue;
            }
            if tokens.is_empty() {
                problems.push(format!(
                    "{at}: code block without a language (rustdoc would compile it as \
                     Rust); write ```text or ```rust"
                ));
                continue;
            }
            if !block.is_rust() {
                // rustdoc skips other languages; a Rust listing must say rust.
                if block.includes().iter().any(|i| i.path.ends_with(".rs")) {
                    problems.push(format!(
                        "{at}: a Rust file included as {tokens:?}"
                    ));
                }
                continue;
            }
            if is_listing(&block) {
                listings += 1;
                continue;
            }
            let escapes: Vec<_> = tokens
                .iter()
                .filter(|t| {
                    ["ignore", "no_run", "should_panic", "text"].contains(t)
                })
                .collect();
            if !escapes.is_empty() {
                problems.push(format!(
                    "{at}: {escapes:?} skips the test; only pure include listings may be \
                     rust,ignore"
                ));
            } else if !block.includes().is_empty() {
                problems.push(format!(
                    "{at}: a block with an include must be ```rust,ignore and hold only \
                     includes"
                ));
            } else {
                snippets += 1;
            }
        }
    }
    println!(
        "{snippets} snippets compiled by the harness, {listings} listings included"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn relative_links_and_images_point_at_files() {
    let mut problems = Vec::new();
    for page in summary_pages() {
        let text = read(&book_dir().join(&page));
        let mut targets = Vec::new();
        for event in pulldown_cmark::Parser::new(&text) {
            match event {
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link {
                    dest_url,
                    ..
                })
                | pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image {
                    dest_url,
                    ..
                }) => targets.push(dest_url.to_string()),
                pulldown_cmark::Event::Html(html)
                | pulldown_cmark::Event::InlineHtml(html) => {
                    for attr in ["src=\"", "href=\""] {
                        for (i, _) in html.match_indices(attr) {
                            let rest = &html[i + attr.len()..];
                            targets.push(
                                rest[..rest.find('"').unwrap()].to_string(),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        for target in targets {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let file = target.split('#').next().unwrap();
            if file.is_empty() {
                continue; // same page; the rendered-book test checks the id
            }
            if !Path::new(&book_dir()).join(file).exists() {
                problems.push(format!("{page}: link to missing {target}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn numbers_in_prose_come_from_program_output() {
    let outputs = ch_outputs();
    let mut problems = Vec::new();
    for page in summary_pages() {
        let text = prose(&read(&book_dir().join(&page)));
        for number in decimals(&text) {
            if !outputs.iter().any(|o| o.contains(&number)) {
                problems.push(format!(
                    "{page}: {number} appears in the text but in no program output"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every committed output file's text.
fn ch_outputs() -> Vec<String> {
    dl_book::generate::files_on_disk(&book_dir())
        .unwrap()
        .into_iter()
        .filter(|p| p.starts_with("outputs"))
        .map(|p| read(&book_dir().join(p)))
        .collect()
}

/// Numbers with three or more decimals, such as `0.7311` (typed results).
fn decimals(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit()
            && (i == 0 || !chars[i - 1].is_ascii_alphanumeric())
        {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < chars.len()
                && chars[i] == '.'
                && chars[i + 1].is_ascii_digit()
            {
                let dot = i;
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                if i - dot > 3 {
                    found.push(chars[start..i].iter().collect());
                }
            }
        } else {
            i += 1;
        }
    }
    found
}

#[test]
fn decimals_are_found() {
    assert_eq!(
        decimals("约 0.7311，e.g. v1.234 和 12.5 以及 3.14159"),
        ["0.7311", "3.14159"]
    );
}

/// The chapter number of a page whose title is `# 第 N 章…`.
fn chapter_number(page_text: &str) -> Option<u32> {
    let title = page_text.lines().next()?.strip_prefix("# 第 ")?;
    title.split_once(' ')?.0.parse().ok()
}

/// Every `N-M` (or `N.M`) that follows `before` in `text`, with the
/// number pair; `sep` is `-` or `.`.
fn numbered(text: &str, before: &str, sep: char) -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    for piece in text.split(before).skip(1) {
        let digits = |s: &str| -> String {
            s.chars().take_while(char::is_ascii_digit).collect()
        };
        let n = digits(piece);
        let Some(rest) = piece[n.len()..].strip_prefix(sep) else {
            continue;
        };
        let m = digits(rest);
        if let (Ok(n), Ok(m)) = (n.parse(), m.parse()) {
            found.push((n, m));
        }
    }
    found
}

/// Section numbers `N.M` referred to as `N.M 节` in `text`, leaving out
/// the source book's (`原书 3.6 节`).
fn section_references(text: &str) -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices(" 节") {
        let head = &text[..i];
        let start =
            head.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        if start.trim_end().ends_with("原书") {
            continue;
        }
        let number: String = head
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if let Some((n, m)) = number.split_once('.')
            && let (Ok(n), Ok(m)) = (n.parse(), m.parse())
        {
            found.push((n, m));
        }
    }
    found
}

/// Figure and section numbers are typed in the pages; this keeps them
/// true: each chapter numbers its figures 图 N-1, N-2, ... in order and its
/// sections N.1, N.2, ...; every 图 N-M and N.M 节 a page mentions exists.
#[test]
fn figure_and_section_numbers_are_consistent() {
    let mut problems = Vec::new();
    let mut figures = std::collections::BTreeSet::new();
    let mut sections = std::collections::BTreeSet::new();
    let pages: Vec<(String, String)> = summary_pages()
        .into_iter()
        .map(|p| {
            let text = read(&book_dir().join(&p));
            (p, text)
        })
        .collect();
    for (page, text) in &pages {
        let Some(n) = chapter_number(text) else {
            continue;
        };
        let captions = numbered(text, "<figcaption>图 ", '-');
        for (k, &(cn, m)) in captions.iter().enumerate() {
            if (cn, m) != (n, k as u32 + 1) {
                problems.push(format!(
                    "{page}: caption {} is 图 {cn}-{m}, expected 图 {n}-{}",
                    k + 1,
                    k + 1
                ));
            }
            figures.insert((cn, m));
        }
        let heads: Vec<(u32, u32)> = text
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .flat_map(|l| numbered(&format!(" {l}"), " ", '.'))
            .collect();
        for (k, &(hn, m)) in heads.iter().enumerate() {
            if (hn, m) != (n, k as u32 + 1) {
                problems.push(format!(
                    "{page}: section {} is numbered {hn}.{m}, expected {n}.{}",
                    k + 1,
                    k + 1
                ));
            }
            sections.insert((hn, m));
        }
    }
    for (page, text) in &pages {
        for (n, m) in numbered(text, "图 ", '-') {
            if !figures.contains(&(n, m)) {
                problems.push(format!("{page}: 图 {n}-{m} is no figure"));
            }
        }
        for (n, m) in section_references(text) {
            if !sections.contains(&(n, m)) {
                problems.push(format!("{page}: {n}.{m} 节 is no section"));
            }
        }
    }
    assert!(figures.len() > 20, "only {} figures found", figures.len());
    assert!(
        sections.len() > 50,
        "only {} sections found",
        sections.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn numbers_are_found() {
    let text = "见图 2-3 和图 12-1。<figcaption>图 2-4　x</figcaption>";
    assert_eq!(numbered(text, "图 ", '-'), [(2, 3), (12, 1), (2, 4)]);
    let refs = section_references("见 2.7 节与第 4 章 4.6 节，原书 3.6 节");
    assert_eq!(refs, [(2, 7), (4, 6)]);
    assert_eq!(chapter_number("# 第 10 章　反向传播\n"), Some(10));
    assert_eq!(chapter_number("# 前言\n"), None);
}

/// Where a page's structure can break its rendering: an `{{#include}}`
/// that is indented or inside a list item (mdBook pastes the file at the
/// directive's column, so every line after the first leaves the list and
/// the code block), and `<details>` blocks that are unbalanced, indented,
/// or glued to the Markdown inside them (without a blank line after
/// `<summary>` and before `</details>`, the Markdown is read as raw HTML).
fn layout_problems(page: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let lines: Vec<&str> = text.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        // `\{{#include` is mdBook's escape: shown as text, never expanded.
        let directive = line.replace("\\{{#", "");
        if directive.contains("{{#include")
            && !directive.starts_with("{{#include")
        {
            problems.push(format!(
                "{page}:{}: an {{{{#include}}}} must start its line (an \
                 indented one breaks the page)",
                n + 1
            ));
        }
    }
    let mut items: Vec<std::ops::Range<usize>> = Vec::new();
    let mut open_items = Vec::new();
    let mut depth: i32 = 0;
    let parser = pulldown_cmark::Parser::new_ext(
        text,
        pulldown_cmark::Options::ENABLE_TABLES,
    );
    for (event, range) in parser.into_offset_iter() {
        use pulldown_cmark::{Event, Tag, TagEnd};
        match event {
            Event::Start(Tag::Item) => open_items.push(range.start),
            Event::End(TagEnd::Item) => {
                let start = open_items.pop().unwrap();
                items.push(start..range.end);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for tag in ["<details", "</details"] {
                    for (i, _) in html.match_indices(tag) {
                        let at = range.start + i;
                        let line = line_of(at);
                        let column =
                            at - text[..at].rfind('\n').map_or(0, |j| j + 1);
                        if column != 0 {
                            problems.push(format!(
                                "{page}:{line}: {tag}> must start its line \
                                 (column {column})"
                            ));
                        }
                        depth += if tag == "<details" { 1 } else { -1 };
                        if depth < 0 {
                            problems.push(format!(
                                "{page}:{line}: </details> without <details>"
                            ));
                            depth = 0;
                        }
                        let blank = |n: usize| {
                            lines.get(n).is_none_or(|l| l.trim().is_empty())
                        };
                        // `line` is 1-based: lines[line] is the next one.
                        if tag == "<details" {
                            let summary =
                                lines.get(line).copied().unwrap_or("");
                            if summary.starts_with("<summary>")
                                && !blank(line + 1)
                            {
                                problems.push(format!(
                                    "{page}:{}: a blank line must follow \
                                     <summary>",
                                    line + 1
                                ));
                            }
                        } else if line >= 2 && !blank(line - 2) {
                            problems.push(format!(
                                "{page}:{line}: a blank line must precede \
                                 </details>"
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if depth != 0 {
        problems.push(format!("{page}: {depth} <details> never closed"));
    }
    for (i, _) in text.match_indices("{{#include") {
        let escaped = text[..i].ends_with('\\');
        if !escaped && items.iter().any(|item| item.contains(&i)) {
            problems.push(format!(
                "{page}:{}: an {{{{#include}}}} inside a list item; write \
                 the exercise as a paragraph `**练习 N　标题。**`",
                line_of(i)
            ));
        }
    }
    problems
}

#[test]
fn includes_and_folded_answers_cannot_break_the_page() {
    let mut problems = Vec::new();
    for page in summary_pages() {
        problems.extend(layout_problems(&page, &read(&book_dir().join(&page))));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn layout_problems_are_found() {
    let good = "**练习 1　题。** 问。\n\n<details class=\"solution\">\n\
                <summary>参考答案</summary>\n\n```rust,ignore\n\
                {{#include a.rs:x}}\n```\n\n</details>\n";
    assert_eq!(layout_problems("good", good), Vec::<String>::new());
    let listed = "1. 问。\n\n   <details class=\"solution\">\n   \
                  <summary>参考答案</summary>\n\n   ```rust,ignore\n   \
                  {{#include a.rs:x}}\n   ```\n\n   </details>\n";
    let found = layout_problems("listed", listed);
    assert!(found.iter().any(|p| p.contains("must start its line")));
    assert!(found.iter().any(|p| p.contains("inside a list item")));
    assert!(found.iter().any(|p| p.contains("<details> must start")));
    let unclosed = "<details>\n<summary>s</summary>\n\ntext\n";
    let found = layout_problems("unclosed", unclosed);
    assert!(
        found.iter().any(|p| p.contains("never closed")),
        "{found:?}"
    );
    let glued = "<details>\n<summary>s</summary>\n```rust,ignore\n\
                 {{#include a.rs:x}}\n```\n</details>\n";
    let found = layout_problems("glued", glued);
    assert!(found.iter().any(|p| p.contains("must follow")), "{found:?}");
    assert!(
        found.iter().any(|p| p.contains("must precede")),
        "{found:?}"
    );
    let escaped = "1. 写 `\\{{#include a.rs:x}}`。\n";
    assert_eq!(layout_problems("escaped", escaped), Vec::<String>::new());
    let stray = "text\n\n</details>\n";
    let found = layout_problems("stray", stray);
    assert!(found.iter().any(|p| p.contains("without <details>")));
}
