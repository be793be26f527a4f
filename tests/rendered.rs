//! Renders the book into a scratch folder and reads it as a browser would:
//! nothing is fetched from another host, every internal link and image
//! resolves, math is rendered and diagrams are in place, and no page (nor
//! print.html) shows raw markup: escaped tags, fences, includes, `$` math
//! KaTeX left alone, KaTeX errors.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

fn html_pages() -> Vec<(String, String)> {
    let mut pages: Vec<_> = fs::read_dir(shared_site())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                read(&p),
            )
        })
        .collect();
    pages.sort();
    pages
}

/// Values of `attr="..."` on tags named `tag` (e.g. `img`, `src`).
fn attrs(html: &str, tag: &str, attr: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let key = format!(" {attr}=\"");
    let mut found = Vec::new();
    for (i, _) in html.match_indices(&open) {
        let rest = &html[i + open.len()..];
        if !rest.starts_with([' ', '\n', '>']) {
            continue;
        }
        let tag_text = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(j) = tag_text.find(&key) {
            let v = &tag_text[j + key.len()..];
            found.push(v[..v.find('"').unwrap()].to_string());
        }
    }
    found
}

fn is_remote(url: &str) -> bool {
    url.starts_with("http:")
        || url.starts_with("https:")
        || url.starts_with("//")
}

#[test]
fn nothing_is_loaded_from_another_host() {
    let mut problems = Vec::new();
    for (name, html) in html_pages() {
        for (tag, attr) in [
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("video", "src"),
            ("audio", "src"),
        ] {
            for url in attrs(&html, tag, attr) {
                if is_remote(&url) {
                    problems.push(format!("{name}: <{tag} {attr}=\"{url}\">"));
                }
            }
        }
        if html.contains("@import") || html.contains("MathJax") {
            problems.push(format!("{name}: @import or MathJax"));
        }
    }
    for entry in walk(shared_site()) {
        let ext = entry.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "css" {
            let css = read(&entry);
            for (i, _) in css.match_indices("url(") {
                let url = css[i + 4..].trim_start_matches(['"', '\'']);
                if is_remote(url) {
                    problems.push(format!(
                        "{}: {}",
                        entry.display(),
                        &url[..40.min(url.len())]
                    ));
                }
            }
        }
        if ext == "svg" && read(&entry).contains("href=\"http") {
            problems.push(format!("{}: remote reference", entry.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn internal_links_and_images_resolve() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, html) in html_pages() {
        let page_dir = shared_site();
        let targets = attrs(&html, "a", "href")
            .into_iter()
            .chain(attrs(&html, "img", "src"))
            .chain(attrs(&html, "script", "src"))
            .chain(attrs(&html, "link", "href"));
        for target in targets {
            if is_remote(&target)
                || target.starts_with("mailto:")
                || target.starts_with("javascript:")
            {
                continue;
            }
            checked += 1;
            let (file, frag) = match target.split_once('#') {
                Some((f, fr)) => (f.to_string(), Some(fr.to_string())),
                None => (target.clone(), None),
            };
            let file = if file.is_empty() { name.clone() } else { file };
            let mut path = page_dir.join(&file);
            if path.is_dir() {
                path = path.join("index.html");
            }
            if !path.exists() {
                problems.push(format!("{name}: {target} does not exist"));
                continue;
            }
            if let Some(frag) = frag.filter(|f| !f.is_empty()) {
                let text = read(&path);
                if !text.contains(&format!("id=\"{frag}\"")) {
                    problems.push(format!(
                        "{name}: {target}: no id {frag:?} in {file}"
                    ));
                }
            }
        }
    }
    println!("checked {checked} internal links");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn math_is_rendered_and_diagrams_are_in_place() {
    let mut problems = Vec::new();
    for page in summary_pages() {
        let md = read(&book_dir().join(&page));
        let html_name = page.replace(".md", ".html");
        let html = read(&shared_site().join(&html_name));
        let has_math = !prose_math_free(&md);
        if has_math && !html.contains("class=\"katex\"") {
            problems.push(format!(
                "{html_name}: the page has math but no KaTeX output"
            ));
        }
        if html.contains("katex-error") {
            problems
                .push(format!("{html_name}: KaTeX could not parse a formula"));
        }
        if md.contains("```mermaid")
            && !html.contains("<pre class=\"mermaid\">")
        {
            problems.push(format!("{html_name}: mermaid block not prepared"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// True when a page's prose has no `$` math.
fn prose_math_free(md: &str) -> bool {
    let mut text = String::new();
    let mut in_code = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            text.push_str(line);
        }
    }
    !text.contains('$')
}

#[test]
fn math_assets_are_served_from_the_book() {
    let css = shared_site().join("assets/katex/katex.min.css");
    assert!(css.exists(), "KaTeX stylesheet missing from the book");
    let css = read(&css);
    for (i, _) in css.match_indices("url(fonts/") {
        let rest = &css[i + 4..];
        let font = &rest[..rest.find(')').unwrap()];
        if font.ends_with(".woff2") {
            let path = shared_site().join("assets/katex").join(font);
            assert!(path.exists(), "missing KaTeX font {font}");
        }
    }
    assert!(shared_site().join("assets/mermaid/mermaid.min.js").exists());
    let head = read(&shared_site().join("intro.html"));
    assert!(head.contains("assets/katex/katex.min.css"));
    assert!(head.contains("assets/mermaid/init.js"));
}

/// The text of the section that starts at the heading with id `id`: up to
/// the next heading of any level, tags removed.
fn section_text(html: &str, id: &str) -> Option<String> {
    let start = html.find(&format!("id=\"{id}\""))?;
    let heading = html[..start].rfind("<h")?;
    let body = &html[start..];
    let end = (1..=6)
        .filter_map(|level| body.find(&format!("<h{level}")))
        .min()
        .unwrap_or(body.len());
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[heading..start + end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(
        text.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

#[test]
fn glossary_links_reach_the_section_that_defines_the_term() {
    let mut problems = Vec::new();
    let entries = glossary_entries();
    for e in &entries {
        let at = format!("glossary.md:{}", e.line);
        for link in &e.links {
            let Some((page, id)) = link.split_once('#') else {
                problems.push(format!("{at}: {link} has no #section"));
                continue;
            };
            let html_path = shared_site().join(page.replace(".md", ".html"));
            let Ok(html) = fs::read_to_string(&html_path) else {
                problems.push(format!("{at}: {page} was not rendered"));
                continue;
            };
            let Some(text) = section_text(&html, id) else {
                problems.push(format!("{at}: no heading id {id:?} in {page}"));
                continue;
            };
            if !e.zh_names().iter().any(|name| text.contains(name.as_str())) {
                problems.push(format!(
                    "{at}: the section {link} never says {:?}",
                    e.zh_names()
                ));
            }
        }
    }
    println!("checked {} glossary entries", entries.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_print_page_has_every_page_with_math_and_figures() {
    let print = read(&shared_site().join("print.html"));
    let mut problems = Vec::new();
    for page in summary_pages() {
        let md = read(&book_dir().join(&page));
        let title = md.lines().next().unwrap().trim_start_matches("# ");
        if !print.contains(title) {
            problems.push(format!("print.html lacks {page} ({title})"));
        }
        for src in attrs(&md, "img", "src") {
            if !print.contains(&format!("src=\"{src}\"")) {
                problems.push(format!("print.html lacks {page}'s {src}"));
            }
        }
    }
    let pages_with_math = summary_pages()
        .iter()
        .filter(|p| !prose_math_free(&read(&book_dir().join(p))))
        .count();
    let math = print.matches("class=\"katex\"").count();
    if math < pages_with_math {
        problems.push(format!(
            "print.html has {math} formulas for {pages_with_math} pages with math"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The elements whose text is code or machinery, not prose: what a page
/// shows inside them may hold fences, `$` and `<` as they are.
const NOT_PROSE: &[&str] = &["pre", "code", "script", "style", "annotation"];

/// `html` with the elements of [`NOT_PROSE`] removed, from their opening
/// tag to their closing one.
fn without_code(html: &str) -> String {
    // The next opening tag of each kind, from `from` on (`None`: no more).
    let next_open = |tag: &str, from: usize| {
        let open = format!("<{tag}");
        html[from..]
            .match_indices(&open)
            .map(|(i, _)| from + i)
            .find(|&i| html[i + open.len()..].starts_with([' ', '>', '\n']))
    };
    // Found once per tag and searched again only when passed: a page with
    // thousands of code spans (print.html) is read a few times, not once
    // per span.
    let mut next: Vec<Option<usize>> =
        NOT_PROSE.iter().map(|tag| next_open(tag, 0)).collect();
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    loop {
        let first = next
            .iter()
            .zip(NOT_PROSE)
            .filter_map(|(at, tag)| Some(((*at)?, *tag)))
            .min();
        let Some((start, tag)) = first else {
            out.push_str(&html[done..]);
            return out;
        };
        out.push_str(&html[done..start]);
        let close = format!("</{tag}>");
        let Some(end) = html[start..].find(&close) else {
            return out;
        };
        done = start + end + close.len();
        for (at, tag) in next.iter_mut().zip(NOT_PROSE) {
            if at.is_some_and(|i| i < done) {
                *at = next_open(tag, done);
            }
        }
    }
}

/// The text runs between tags of `html`.
fn text_runs(html: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        runs.push(&rest[..lt]);
        match rest[lt..].find('>') {
            Some(gt) => rest = &rest[lt + gt + 1..],
            None => return runs,
        }
    }
    runs.push(rest);
    runs.retain(|r| !r.trim().is_empty());
    runs
}

/// Tags that must never reach a reader as text: each would be one that
/// Markdown failed to pass through (folded answers, figures, KaTeX's
/// output pasted into a code block's remains).
const TAGS: &[&str] = &[
    "details",
    "summary",
    "figure",
    "figcaption",
    "img",
    "span",
    "div",
    "p",
    "a",
    "pre",
    "code",
    "table",
    "math",
    "svg",
    "br",
];

/// What is wrong with one rendered page: markup shown as text, a leaked
/// fence or include, math KaTeX did not render.
fn raw_markup(name: &str, html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let prose = without_code(html);
    let around = |text: &str, i: usize| {
        let from = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
        let to = text[i..]
            .char_indices()
            .nth(50)
            .map_or(text.len(), |(j, _)| i + j);
        text[from..to].replace('\n', "⏎")
    };
    for (i, _) in prose.match_indices("&lt;") {
        let after = prose[i + 4..].trim_start_matches('/');
        let shown = TAGS.iter().find(|tag| {
            after.strip_prefix(**tag).is_some_and(|end| {
                end.starts_with([' ', '\n']) || end.starts_with("&gt;")
            })
        });
        if let Some(tag) = shown {
            problems.push(format!(
                "{name}: a <{tag}> tag shown as text: …{}…",
                around(&prose, i)
            ));
        }
    }
    // In code too: no page shows these as code, and markup that lost its
    // place (an include inside a list item) lands in a code block.
    for tag in [
        "&lt;details",
        "&lt;/details",
        "&lt;summary",
        "&lt;span class=\"katex",
        "&lt;span class=&quot;katex",
    ] {
        if let Some(i) = html.find(tag)
            && !prose.contains(tag)
        {
            problems.push(format!(
                "{name}: a tag shown as code: …{}…",
                around(html, i)
            ));
        }
    }
    if let Some(i) = html.find("<pre><code>") {
        problems.push(format!(
            "{name}: a code block without a language (an indented block: \
             Markdown that lost its place, such as an include inside a \
             list item): …{}…",
            around(html, i + 11)
        ));
    }
    for line in html.lines() {
        if line.trim_start().starts_with("```") {
            problems.push(format!(
                "{name}: a code fence at the start of a line: {line}"
            ));
        }
    }
    if html.contains("class=\"katex-error\"") {
        problems.push(format!("{name}: KaTeX could not parse a formula"));
    }
    for run in text_runs(&prose) {
        for (what, needle) in [
            ("a code fence", "```"),
            ("an include", "{{#include"),
            ("raw display math", "$$"),
        ] {
            if let Some(i) = run.find(needle) {
                problems.push(format!(
                    "{name}: {what} shown as text: …{}…",
                    around(run, i)
                ));
            }
        }
        // Inline math KaTeX left alone: `$`, then text, then `$`.
        if let Some(i) = run.find('$')
            && !run.contains("$$")
            && run[i + 1..].contains('$')
        {
            problems.push(format!(
                "{name}: raw inline math shown as text: …{}…",
                around(run, i)
            ));
        }
    }
    problems
}

#[test]
fn no_page_shows_raw_markup() {
    let mut problems = Vec::new();
    let pages = html_pages();
    assert!(pages.iter().any(|(name, _)| name == "print.html"));
    for (name, html) in &pages {
        problems.extend(raw_markup(name, html));
    }
    println!("checked {} pages, print.html included", pages.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn raw_markup_is_found() {
    let clean = "<p>见 <code>&lt;figure&gt;</code>、<code>$x$</code></p>\
                 <pre><code class=\"language-text\">{{#include a.rs}}\n\
                 $$ ``` &lt;img&gt;</code></pre>\
                 <p>a &lt; b，Vec&lt;f64&gt;，5 $</p>";
    assert_eq!(raw_markup("clean", clean), Vec::<String>::new());
    for (broken, what) in [
        ("<p>&lt;/details&gt;</p>", "<details> tag"),
        ("<p>&lt;details class=\"solution\"&gt;</p>", "<details> tag"),
        ("<p>&lt;summary&gt;参考答案</p>", "<summary> tag"),
        ("<p>&lt;span class=&quot;katex&quot;&gt;</p>", "<span> tag"),
        ("<p>&lt;img src=\"a.svg\"&gt;</p>", "<img> tag"),
        ("<p>&lt;figure&gt;</p>", "<figure> tag"),
        ("<p>```rust,ignore</p>", "a code fence"),
        ("<p>{{#include ../a.rs:x}}</p>", "an include"),
        ("<p>$$ \\frac{1</p>", "raw display math"),
        ("<p>参数 $W_1$ 的梯度</p>", "raw inline math"),
        ("<span class=\"katex-error\">x</span>", "KaTeX could not"),
        (
            "<pre><code>x\n&lt;/details&gt;\n</code></pre>",
            "a tag shown as code",
        ),
        (
            "<pre><code class=\"language-rust\">&lt;span class=\"katex\"&gt;",
            "a tag shown as code",
        ),
        ("<pre><code>let a = 1;</code></pre>", "without a language"),
        (
            "<pre><code class=\"language-text\">a\n```rust\n</code></pre>",
            "a code fence at the start of a line",
        ),
    ] {
        let found = raw_markup("broken", broken);
        assert!(
            found.iter().any(|p| p.contains(what)),
            "{broken}: {found:?}"
        );
    }
}
