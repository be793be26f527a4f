//! The notation page (符号表, `book/notation.md`) against the book: every
//! row's section exists in the rendered book and uses the symbol in its
//! formulas, every code name the page gives is a name in the chapters'
//! code, and every term the page puts in bold is a term of the glossary.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use common::*;

/// One row of a table of the notation page.
#[derive(Debug, Default)]
struct Row {
    /// 1-based line in notation.md.
    line: usize,
    /// The math of the symbol cell, each `$...$` apart.
    symbols: Vec<String>,
    /// The words in bold in the meaning cell.
    bold: Vec<String>,
    /// The inline code of the meaning cell: the names in the code.
    code: Vec<String>,
    /// The links of the row (the 首见 cell).
    links: Vec<String>,
    /// The text of each cell.
    cells: Vec<String>,
}

/// Every row of every table of the notation page.
fn rows() -> Vec<Row> {
    let markdown = read(&book_dir().join("notation.md"));
    let options = Options::ENABLE_TABLES | Options::ENABLE_MATH;
    let mut rows = Vec::new();
    let mut row: Option<Row> = None;
    let mut in_head = false;
    let mut in_bold = false;
    for (event, range) in Parser::new_ext(&markdown, options).into_offset_iter()
    {
        let cell = |row: &Row| row.cells.len().saturating_sub(1);
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) if !in_head => {
                row = Some(Row {
                    line: markdown[..range.start].lines().count() + 1,
                    ..Row::default()
                });
            }
            Event::End(TagEnd::TableRow) => rows.extend(row.take()),
            Event::Start(Tag::TableCell) => {
                if let Some(r) = row.as_mut() {
                    r.cells.push(String::new());
                }
            }
            Event::Start(Tag::Strong) => in_bold = true,
            Event::End(TagEnd::Strong) => in_bold = false,
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(r) = row.as_mut() {
                    r.links.push(dest_url.to_string());
                }
            }
            Event::InlineMath(tex) => {
                if let Some(r) = row.as_mut() {
                    if cell(r) == 0 {
                        r.symbols.push(tex.to_string());
                    }
                    if let Some(c) = r.cells.last_mut() {
                        c.push_str(&format!("${tex}$"));
                    }
                }
            }
            Event::Code(code) => {
                if let Some(r) = row.as_mut() {
                    if cell(r) == 1 {
                        r.code.push(code.to_string());
                    }
                    if let Some(c) = r.cells.last_mut() {
                        c.push_str(&code);
                    }
                }
            }
            Event::Text(text) => {
                if let Some(r) = row.as_mut() {
                    if in_bold && cell(r) == 1 {
                        r.bold.push(text.to_string());
                    }
                    if let Some(c) = r.cells.last_mut() {
                        c.push_str(&text);
                    }
                }
            }
            _ => {}
        }
    }
    rows
}

/// The tokens of TeX: a command (`\sigma`) or one character; spaces and
/// the words of `\text{...}`, `\mathrm{...}` and `\operatorname{...}`
/// (which are words, not symbols) are left out.
fn tex_tokens(tex: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = tex.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\\'
            && chars.get(i + 1).is_some_and(|c| c.is_alphabetic())
        {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let command: String = chars[start..i].iter().collect();
            if ["\\text", "\\mathrm", "\\operatorname"].contains(&&*command)
                && chars.get(i) == Some(&'{')
            {
                while i < chars.len() && chars[i] != '}' {
                    i += 1;
                }
                i += 1;
                tokens.push("\\word".to_string());
            } else {
                tokens.push(command);
            }
        } else {
            tokens.push(c.to_string());
            i += 1;
        }
    }
    tokens
}

/// The symbol without its superscripts and subscripts: `W^{(k)}` is `W`,
/// `w^{(k)}_{ij}` is `w`, `X^\top` is `X`.
fn base_tokens(symbol: &str) -> Vec<String> {
    let tokens = tex_tokens(symbol);
    let mut base = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == "^" || tokens[i] == "_" {
            i += 1;
            if tokens.get(i).map(String::as_str) == Some("{") {
                let mut depth = 0;
                while i < tokens.len() {
                    match tokens[i].as_str() {
                        "{" => depth += 1,
                        "}" => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
            } else {
                i += 1;
            }
        } else {
            base.push(tokens[i].clone());
            i += 1;
        }
    }
    base
}

fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The headings of a page's Markdown in order: (level, byte offset).
fn markdown_headings(markdown: &str) -> Vec<(usize, usize)> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading { level, .. }) => {
                Some((level as usize, range.start))
            }
            _ => None,
        })
        .collect()
}

/// The ids of the headings of a rendered page, in order.
fn html_heading_ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (i, _) in html.match_indices("<h") {
        let tag = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e)];
        let is_heading =
            tag[2..].starts_with(|c: char| ('1'..='6').contains(&c));
        if let (true, Some(at)) = (is_heading, tag.find(" id=\"")) {
            let id = &tag[at + 5..];
            ids.push(id[..id.find('"').unwrap_or(id.len())].to_string());
        }
    }
    ids
}

/// The math of a section of `page` (the heading with id `id`, down to the
/// next heading of its level or higher), as TeX tokens; `None` when the
/// rendered page has no such heading.
fn section_math(page: &str, id: &str) -> Result<Vec<String>, String> {
    let html =
        fs::read_to_string(shared_site().join(page.replace(".md", ".html")))
            .map_err(|_| format!("{page} was not rendered"))?;
    let ids = html_heading_ids(&html);
    let markdown = read(&book_dir().join(page));
    let heads = markdown_headings(&markdown);
    if ids.len() != heads.len() {
        return Err(format!(
            "{page}: {} headings rendered, {} in the Markdown",
            ids.len(),
            heads.len()
        ));
    }
    let k = ids
        .iter()
        .position(|i| i == id)
        .ok_or_else(|| format!("no heading id {id:?} in {page}"))?;
    let (level, start) = heads[k];
    let end = heads[k + 1..]
        .iter()
        .find(|(l, _)| *l <= level)
        .map_or(markdown.len(), |&(_, s)| s);
    let mut tokens = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_MATH;
    for event in Parser::new_ext(&markdown[start..end], options) {
        if let Event::InlineMath(tex) | Event::DisplayMath(tex) = event {
            tokens.extend(tex_tokens(&tex));
            tokens.push(" ".to_string());
        }
    }
    Ok(tokens)
}

#[test]
fn notation_is_in_summary_next_to_the_glossary() {
    let pages = summary_pages();
    let glossary = pages.iter().position(|p| p == "glossary.md");
    let notation = pages.iter().position(|p| p == "notation.md");
    assert!(
        matches!((glossary, notation), (Some(g), Some(n)) if g.abs_diff(n) == 1),
        "SUMMARY.md lists notation.md right after (or before) glossary.md: \
         {pages:?}"
    );
}

#[test]
fn every_row_names_a_symbol_its_meaning_and_where_it_is_introduced() {
    let rows = rows();
    assert!(rows.len() >= 25, "only {} rows", rows.len());
    let mut problems = Vec::new();
    for row in &rows {
        let at = format!("notation.md:{}", row.line);
        if row.cells.len() != 3 {
            problems.push(format!(
                "{at}: {} cells; a row is 符号 | 含义 | 首见",
                row.cells.len()
            ));
            continue;
        }
        if row.symbols.is_empty() {
            problems.push(format!("{at}: the first cell has no $symbol$"));
        }
        if !row.cells[1].chars().any(is_han) {
            problems.push(format!("{at}: the meaning is not in Chinese"));
        }
        if !row.cells[2].contains(" 节") && !row.cells[2].contains("章") {
            problems.push(format!(
                "{at}: the last cell names no section: {:?}",
                row.cells[2]
            ));
        }
        if row.links.len() != 1 {
            problems.push(format!(
                "{at}: {} links; the last cell links to the one section \
                 where the symbol is introduced",
                row.links.len()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_symbol_is_used_in_the_section_that_introduces_it() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for row in rows() {
        let at = format!("notation.md:{}", row.line);
        let (Some(symbol), Some(link)) =
            (row.symbols.first(), row.links.first())
        else {
            continue;
        };
        let Some((page, id)) = link.split_once('#') else {
            problems.push(format!("{at}: {link} names no section"));
            continue;
        };
        match section_math(page, id) {
            Err(e) => problems.push(format!("{at}: {e}")),
            Ok(math) => {
                checked += 1;
                let base = base_tokens(symbol);
                if !contains_run(&math, &base) {
                    problems.push(format!(
                        "{at}: the section {link} has no ${}$ in its formulas",
                        base.concat()
                    ));
                }
            }
        }
    }
    assert!(checked >= 25, "only {checked} rows checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every word (identifier) of the chapters' and the kit's Rust code.
fn code_words() -> BTreeSet<String> {
    fn walk(dir: &Path, words: &mut BTreeSet<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, words);
            } else if path.extension().is_some_and(|e| e == "rs") {
                words.extend(identifiers(&read(&path)));
            }
        }
    }
    let mut words = BTreeSet::new();
    walk(&root().join("chapters"), &mut words);
    walk(&root().join("kit"), &mut words);
    words
}

fn identifiers(code: &str) -> Vec<String> {
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        })
        .map(String::from)
        .collect()
}

#[test]
fn every_code_name_is_a_name_in_the_chapters_code() {
    let words = code_words();
    let mut problems = Vec::new();
    for row in rows() {
        for code in &row.code {
            // the standard library's items (f64::EPSILON) are not the book's
            if ["f64::", "f32::", "std::"]
                .iter()
                .any(|p| code.starts_with(p))
            {
                continue;
            }
            for name in identifiers(code) {
                if !words.contains(&name) {
                    problems.push(format!(
                        "notation.md:{}: `{name}` is no name in chapters/ or kit/",
                        row.line
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_term_in_bold_is_a_glossary_term() {
    let terms: BTreeSet<String> = glossary_entries()
        .iter()
        .flat_map(|e| e.zh_names())
        .collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    for row in rows() {
        for term in &row.bold {
            checked += 1;
            if !terms.contains(term.trim()) {
                problems.push(format!(
                    "notation.md:{}: **{term}** is not a term of the glossary",
                    row.line
                ));
            }
        }
    }
    assert!(checked >= 15, "only {checked} terms in bold");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn symbols_are_read_as_tex_tokens() {
    assert_eq!(base_tokens("W^{(k)}"), ["W"]);
    assert_eq!(base_tokens("w^{(k)}_{ij}"), ["w"]);
    assert_eq!(base_tokens("X^\\top"), ["X"]);
    assert_eq!(base_tokens("\\hat L"), ["\\hat", "L"]);
    let math = tex_tokens("h(x) = cx, E_{\\text{mean}} = \\frac{1}{n}");
    assert!(contains_run(&math, &base_tokens("c")));
    assert!(contains_run(&math, &base_tokens("n")));
    assert!(!contains_run(
        &tex_tokens("E_{\\text{mean}}"),
        &["n".into()]
    ));
    assert!(!contains_run(&tex_tokens("\\sigma"), &["s".into()]));
    assert_eq!(identifiers("w1[[i, j]]"), ["w1", "i", "j"]);
}
