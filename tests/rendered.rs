//! Renders the book into a scratch folder and reads it as a browser would:
//! nothing is fetched from another host, every internal link and image
//! resolves, math is rendered and diagrams are in place.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// The rendered book, built once for all tests of this file.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("book");
        let _ = fs::remove_dir_all(&dir);
        dl_book::render::render(&root(), Some(&dir))
            .expect("the book must build");
        dir
    })
}

fn html_pages() -> Vec<(String, String)> {
    let mut pages: Vec<_> = fs::read_dir(site())
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
    for entry in walk(site()) {
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
        let page_dir = site();
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
        let html = read(&site().join(&html_name));
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
    let css = site().join("assets/katex/katex.min.css");
    assert!(css.exists(), "KaTeX stylesheet missing from the book");
    let css = read(&css);
    for (i, _) in css.match_indices("url(fonts/") {
        let rest = &css[i + 4..];
        let font = &rest[..rest.find(')').unwrap()];
        if font.ends_with(".woff2") {
            let path = site().join("assets/katex").join(font);
            assert!(path.exists(), "missing KaTeX font {font}");
        }
    }
    assert!(site().join("assets/mermaid/mermaid.min.js").exists());
    let head = read(&site().join("intro.html"));
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
            let html_path = site().join(page.replace(".md", ".html"));
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
    let print = read(&site().join("print.html"));
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
