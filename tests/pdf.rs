//! The printable edition: prints the book to a PDF with a local Chromium,
//! as `cargo run --release -- pdf` does, and reads it back with poppler's
//! `pdftotext`:
//!
//! - every page of SUMMARY.md starts a PDF page with its title, and no
//!   PDF page is blank;
//! - the page count is in a sane range;
//! - no raw `$$`, `$...$`, `{{#` or mermaid source: each of them occurs
//!   no more often than in the code the book shows on purpose;
//! - every figure is drawn (one of its own words is in the text) with its
//!   caption, and the math and Chinese fonts are embedded;
//! - every internal link points at a destination the PDF defines;
//! - no word runs past the page's margins (nothing is cut at the edge).
//!
//! Printing the whole book takes seconds, so a run after an edit prints
//! only the pages of SUMMARY.md that changed since they passed, cut out of
//! the print page (each starts a PDF page of its own, so it prints as it
//! does in the whole book), and checks them; the checks of the whole (page
//! count, number of links) wait for a run that prints every page: a fresh
//! clone (CI), a rebuilt test binary, `DL_BOOK_NO_CACHE=1`.
//!
//! Without Chromium or poppler-utils the test says so and passes; with `CI`
//! set it fails, since CI installs them first (`.ci/run`).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::*;
use dl_book::{pdf, serve};

/// The printed book's page count is between these (242 pages in
/// December 2025): fewer means chapters went missing or the type shrank,
/// more that something takes a page each (a figure, a blank page).
const PAGES: std::ops::RangeInclusive<usize> = 100..=600;

/// The narrowest margin a word may leave at a page's left or right edge,
/// in PDF points: the @page margin (15 mm, 42.5 pt) less a little.
const MIN_MARGIN_PT: f64 = 36.0;

/// What the test's passes depend on besides the pages: Chromium's version.
fn chromium_version(chromium: &Path) -> String {
    Command::new(chromium)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// The element id a PDF link destination names: Chromium writes the URL
/// fragment percent-encoded, and the PDF name escapes bytes as `#xx` (its
/// `%` as `#25`). Empty if it does not decode.
fn destination_id(name: &str) -> String {
    serve::percent_decode(&name.replace('#', "%"))
        .and_then(|fragment| serve::percent_decode(&fragment))
        .unwrap_or_default()
}

/// Fragments of the names of fonts that cover Chinese.
const CHINESE_FONTS: &[&str] = &[
    "CJK",
    "PingFang",
    "Hiragino",
    "YaHei",
    "SimSun",
    "SimHei",
    "WenQuanYi",
    "SourceHan",
];

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// What is missing to print and read a PDF here, if anything.
fn missing_tools() -> Option<String> {
    if pdf::find_chromium().is_none() {
        return Some(format!("no Chromium found ({})", pdf::INSTALL_HINT));
    }
    if on_path("pdftotext").is_none() {
        return Some(
            "no pdftotext found (Debian: apt-get install poppler-utils)".into(),
        );
    }
    pdf::check_chinese_fonts().err().map(|e| e.to_string())
}

fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// Text without any white space (pdftotext spaces and wraps as it likes).
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True for a CJK radical (U+2E80 to U+2FDF). Text extraction maps some
/// ideographs drawn in a Japanese font to their radical twins (方 to ⽅,
/// same glyph), so a radical in the PDF's text stands for any ideograph.
fn is_radical(c: char) -> bool {
    ('\u{2e80}'..='\u{2fdf}').contains(&c)
}

/// Whether `hay` (the PDF's text, as chars) holds `needle`, a radical in
/// `hay` matching any character.
fn contains_loosely(hay: &[char], needle: &str) -> bool {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() {
        return true;
    }
    hay.windows(needle.len())
        .any(|w| w.iter().zip(&needle).all(|(h, n)| h == n || is_radical(*h)))
}

/// The node labels of a mermaid diagram, squeezed: `a((x1))`, `b[训练数据]`.
fn mermaid_labels(source: &str) -> Vec<String> {
    let mut labels = Vec::new();
    for (open, close) in [("((", "))"), ("[", "]")] {
        let mut rest = source;
        while let Some(i) = rest.find(open) {
            let after = &rest[i + open.len()..];
            let Some(j) = after.find(close) else { break };
            labels.push(squeeze(&after[..j]));
            rest = &after[j + close.len()..];
        }
    }
    labels
}

/// The text of `html`'s `<code>` elements, entities decoded: what the book
/// shows as code.
fn code_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<code") {
        let body = &rest[start..];
        let Some(open_end) = body.find('>') else {
            break;
        };
        let Some(end) = body.find("</code>") else {
            break;
        };
        text.push_str(&strip_tags(&body[open_end + 1..end]));
        text.push('\n');
        rest = &body[end..];
    }
    text
}

/// The text of every code block (`<pre><code>`) of `html`, as a reader
/// sees it: without the lines mdBook hides (`<span class="boring">`).
fn html_code_blocks(html: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    for (i, _) in html.match_indices("<pre><code") {
        let body = &html[i..];
        let Some(open_end) = body.find('>') else {
            continue;
        };
        let Some(end) = body.find("</code></pre>") else {
            continue;
        };
        let mut inner = &body[open_end + 1..end];
        let mut shown = String::new();
        while let Some(b) = inner.find("<span class=\"boring\">") {
            shown.push_str(&inner[..b]);
            // Skip to the span's own end, past the spans inside it.
            let mut depth = 0;
            let mut j = b;
            loop {
                let next_open = inner[j + 1..].find("<span").map(|k| k + j + 1);
                let next_close = inner[j..].find("</span>").map(|k| k + j);
                match (next_open, next_close) {
                    (Some(o), Some(c)) if o < c => {
                        depth += 1;
                        j = o;
                    }
                    (_, Some(c)) if depth > 0 => {
                        depth -= 1;
                        j = c + 1;
                    }
                    (_, Some(c)) => {
                        j = c + "</span>".len();
                        break;
                    }
                    _ => {
                        j = inner.len();
                        break;
                    }
                }
            }
            inner = &inner[j..];
        }
        shown.push_str(inner);
        blocks.push(strip_tags(&shown));
    }
    blocks
}

/// The link destinations a PDF uses and the ones it defines (Chromium
/// writes named destinations: `/Dest /name` in each link, a `/Dests`
/// dictionary of `/name [page /XYZ x y 0]`).
fn destinations(pdf: &[u8]) -> (Vec<String>, BTreeSet<String>) {
    let text = String::from_utf8_lossy(pdf);
    let name_after = |s: &str| {
        s.split(|c: char| c.is_whitespace() || c == '[' || c == '>')
            .next()
            .unwrap_or("")
            .to_string()
    };
    let used = text
        .match_indices("/Dest /")
        .map(|(i, _)| name_after(&text[i + 7..]))
        .collect();
    let mut defined = BTreeSet::new();
    for (i, _) in text.match_indices("/Dests ") {
        let Some(id) = text[i + 7..].split_whitespace().next() else {
            continue;
        };
        let Some(start) = text.find(&format!("\n{id} 0 obj")) else {
            continue;
        };
        let body = &text[start..];
        let body = &body[..body.find("endobj").unwrap_or(body.len())];
        for line in body.lines() {
            if let Some(rest) = line.trim_start_matches("<<").strip_prefix('/')
                && rest.contains(" [")
            {
                defined.insert(name_after(rest));
            }
        }
    }
    (used, defined)
}

/// One word of `pdftotext -bbox` output.
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// The value of attribute `name` in an XML tag's text.
fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let v = &tag[tag.find(&key).unwrap() + key.len()..];
    v[..v.find('"').unwrap()].parse().unwrap()
}

/// The pages of `pdftotext -bbox` output: each page's width and words.
fn bbox_pages(bbox: &str) -> Vec<(f64, Vec<Word>)> {
    bbox.split("<page ")
        .skip(1)
        .map(|page| {
            let words = page
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let text = &w[w.find('>').unwrap() + 1..];
                    let text = &text[..text.find('<').unwrap_or(text.len())];
                    Word {
                        x0: attr(w, "xMin"),
                        y0: attr(w, "yMin"),
                        x1: attr(w, "xMax"),
                        y1: attr(w, "yMax"),
                        text: strip_tags(text),
                    }
                })
                .collect();
            (attr(page, "width"), words)
        })
        .collect()
}

/// A page's words in reading order: grouped into lines (a word whose
/// middle is within a line's height joins it), top to bottom, each line
/// left to right. Whatever order Chromium drew them in.
fn reading_order(words: &[Word]) -> Vec<String> {
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut lines: Vec<(f64, f64, Vec<&Word>)> = Vec::new();
    for w in sorted {
        let middle = (w.y0 + w.y1) / 2.0;
        match lines.last_mut() {
            Some((top, bottom, line))
                if middle >= *top && middle <= *bottom =>
            {
                *bottom = bottom.max(w.y1);
                line.push(w);
            }
            _ => lines.push((w.y0, w.y1, vec![w])),
        }
    }
    lines
        .into_iter()
        .map(|(_, _, mut line)| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            line.iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Words closer to a page's left or right edge than [`MIN_MARGIN_PT`], from
/// `pdftotext -bbox` output.
fn words_at_the_edge(pages: &[(f64, Vec<Word>)]) -> Vec<String> {
    let mut found = Vec::new();
    for (n, (width, words)) in pages.iter().enumerate() {
        for w in words {
            if w.x0 < MIN_MARGIN_PT || w.x1 > width - MIN_MARGIN_PT {
                found.push(format!(
                    "page {}: {:?} at x = {:.0}..{:.0} of {width:.0} pt",
                    n + 1,
                    w.text,
                    w.x0,
                    w.x1
                ));
            }
        }
    }
    found
}

#[test]
fn the_printed_book_has_every_chapter_whole() {
    if let Some(why) = missing_tools() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs to print the book: {why}"
        );
        let _ = writeln!(io::stderr(), "tests/pdf.rs skipped: {why}");
        return;
    }
    let start = Instant::now();
    let site = shared_site();
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("book.pdf");
    let chromium = pdf::find_chromium().unwrap();

    // The pages of SUMMARY.md to print: those not unchanged since they
    // passed.
    let digests = PageDigests::new(site, &chromium_version(&chromium));
    let parts = PrintParts::to_check(site, &digests, "pdf");
    if parts.todo.is_empty() {
        println!(
            "all {} pages unchanged since they passed, not printed \
             (DL_BOOK_NO_CACHE=1 prints them)",
            parts.pages.len()
        );
        return;
    }
    let whole = parts.whole();
    let print_html = &parts.html;
    let pages_printed = parts.pages_to_check();
    let printed = pdf::print(&chromium, &parts.site.join("print.html"), &out)
        .expect("Chromium prints the book");
    println!(
        "printed {} pages, {:.1} MB, in {:.1} s: {}",
        printed.pages,
        printed.bytes as f64 / 1e6,
        start.elapsed().as_secs_f64(),
        if whole {
            "the whole book".to_string()
        } else {
            format!(
                "{pages_printed:?}; {} more pages unchanged since they \
                 passed, not printed (DL_BOOK_NO_CACHE=1 prints them)",
                parts.pages.len() - parts.todo.len()
            )
        }
    );
    let bytes = fs::read(&out).unwrap();
    // Word boxes for the margin check, read while the text is (each read
    // takes seconds).
    let bbox = std::thread::spawn({
        let out = out.clone();
        move || pdftotext(&out, &["-bbox"])
    });
    // In the order the page draws it (the default layout order splits code
    // lines whose comments are in another font).
    let text = pdftotext(&out, &["-raw"]);
    // pdftotext ends every page with a form feed.
    let pages: Vec<&str> = text.split('\x0c').collect();
    let pages = &pages[..pages.len() - 1];
    let mut problems = Vec::new();

    if pages.len() != printed.pages {
        problems.push(format!(
            "pdftotext reads {} pages, the PDF has {} page objects",
            pages.len(),
            printed.pages
        ));
    }
    if whole && !PAGES.contains(&pages.len()) {
        problems.push(format!(
            "{} pages, outside the sane range {PAGES:?}",
            pages.len()
        ));
    }
    for (n, page) in pages.iter().enumerate() {
        let words = squeeze(page);
        if words.is_empty() || words == (n + 1).to_string() {
            problems.push(format!("page {} is blank", n + 1));
        }
    }

    // Every page of the book starts a PDF page with its title.
    // (In drawing order, the page number comes first.)
    let starts: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let p = p.trim_start();
            squeeze(p.strip_prefix(&(n + 1).to_string()).unwrap_or(p))
        })
        .collect();
    for page in &pages_printed {
        let md = read(&book_dir().join(page));
        let title = md.lines().next().unwrap().trim_start_matches("# ");
        let title = squeeze(title);
        if !starts.iter().any(|s| s.starts_with(&title)) {
            problems.push(format!(
                "no PDF page starts with {page}'s title {title}"
            ));
        }
    }

    // No raw markup: what the text holds of it, the book shows as code.
    let code = code_text(print_html);
    for raw in ["$$", "$", "{{#", "graph LR", "graph TD", "```"] {
        let (in_pdf, in_code) =
            (text.matches(raw).count(), code.matches(raw).count());
        if in_pdf > in_code {
            problems.push(format!(
                "{raw:?} occurs {in_pdf} times in the PDF, {in_code} in the \
                 book's code: some is raw markup"
            ));
        }
    }

    // Every figure drawn, with its caption.
    let all = squeeze(&text);
    let all_chars: Vec<char> = all.chars().collect();
    let mut figures = 0;
    for page in &pages_printed {
        let md = read(&book_dir().join(page));
        for line in md.lines() {
            if let Some(i) = line.find("src=\"figures/") {
                figures += 1;
                let src = &line[i + 5..];
                let src = &src[..src.find('"').unwrap()];
                let svg = read(&book_dir().join(src));
                let texts: Vec<String> = svg
                    .split("<text")
                    .skip(1)
                    .filter_map(|t| {
                        let t = &t[t.find('>')? + 1..];
                        Some(squeeze(&t[..t.find("</text>")?]))
                    })
                    .collect();
                let mut words: Vec<String> = texts
                    .iter()
                    .filter(|w| w.chars().count() >= 2)
                    .cloned()
                    .collect();
                if words.is_empty() {
                    // labelled by single characters only (the digits above
                    // ch05's images): the first few, read in order
                    words.push(texts.iter().take(8).cloned().collect());
                }
                if !words.iter().any(|w| contains_loosely(&all_chars, w)) {
                    problems.push(format!("{src} is not drawn in the PDF"));
                }
            }
            if let Some(i) = line.find("<figcaption>") {
                let caption = &line[i + 12..];
                let number: String =
                    caption.chars().take_while(|c| *c != '　').collect();
                if !all.contains(&squeeze(&number)) {
                    problems.push(format!("caption {number} missing"));
                }
            }
        }
    }
    assert!(!whole || figures > 0, "no figures found in the pages");

    // Every diagram drawn: its longer node labels are in the text (its
    // source is not: see the raw markup above).
    let mut diagrams = 0;
    for page in &pages_printed {
        let md = read(&book_dir().join(page));
        for block in code_blocks(&md)
            .iter()
            .filter(|b| b.tokens() == ["mermaid"])
        {
            diagrams += 1;
            let labels = mermaid_labels(&block.body);
            for label in labels.iter().filter(|l| l.chars().count() >= 3) {
                if !contains_loosely(&all_chars, label) {
                    problems.push(format!(
                        "{page}:{}: the diagram's label {label} is not in the PDF",
                        block.line
                    ));
                }
            }
        }
    }

    // Math and Chinese in real fonts.
    let raw = String::from_utf8_lossy(&bytes);
    let fonts: BTreeSet<String> = raw
        .match_indices("/FontName /")
        .map(|(i, _)| {
            let rest = &raw[i + 11..];
            let end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '/')
                .unwrap_or(rest.len());
            rest[..end].to_string()
        })
        .collect();
    if print_html.contains("class=\"katex\"")
        && !fonts.iter().any(|f| f.contains("KaTeX_Main"))
    {
        problems.push(format!("no KaTeX font in the PDF: {fonts:?}"));
    }
    if !fonts
        .iter()
        .any(|f| CHINESE_FONTS.iter().any(|c| f.contains(c)))
    {
        problems.push(format!("no Chinese font in the PDF: {fonts:?}"));
    }

    // Internal links land somewhere (a link to a page not printed has
    // nowhere to land: tests/rendered.rs checks that its id exists).
    let (used, defined) = destinations(&bytes);
    let dangling: Vec<&String> = used
        .iter()
        .filter(|d| !defined.contains(*d))
        .filter(|d| {
            whole
                || print_html.contains(&format!("id=\"{}\"", destination_id(d)))
        })
        .collect();
    if whole && used.len() < 50 {
        problems.push(format!("only {} internal links", used.len()));
    }
    if !dangling.is_empty() {
        problems.push(format!(
            "{} of {} internal links lead nowhere, e.g. {:?}",
            dangling.len(),
            used.len(),
            dangling.first()
        ));
    }

    // Nothing cut at the page edge: every line of every code block is
    // there (what runs past the page is not in the text; a block split by
    // a page break may be drawn out of order, a line never is), and no
    // word is in the margin.
    let blocks = html_code_blocks(print_html);
    // The pages' text in reading order, each without its page number (its
    // last line), joined: a wrapped line of code may go on over a page
    // break, and Chromium may draw a block's part on the next page after
    // the rest of that page.
    let boxes = bbox_pages(&bbox.join().expect("pdftotext -bbox"));
    let flow: String = boxes
        .iter()
        .enumerate()
        .map(|(n, (_, words))| {
            let mut lines = reading_order(words);
            if lines
                .last()
                .is_some_and(|l| l.trim() == (n + 1).to_string())
            {
                lines.pop();
            }
            squeeze(&lines.concat())
        })
        .collect();
    let flow_chars: Vec<char> = flow.chars().collect();
    let lines: BTreeSet<String> = blocks
        .iter()
        .flat_map(|b| b.lines().map(squeeze))
        .filter(|l| !l.is_empty())
        .collect();
    let missing: Vec<&String> = lines
        .iter()
        .filter(|l| {
            !flow.contains(l.as_str()) && !contains_loosely(&flow_chars, l)
        })
        .collect();
    for line in missing.iter().take(5) {
        problems.push(format!("a line of code is not in the PDF: {line}"));
    }
    if missing.len() > 5 {
        problems.push(format!("{} lines of code are missing", missing.len()));
    }
    let edge = words_at_the_edge(&boxes);
    problems.extend(edge.into_iter().take(10));

    println!(
        "{} pages, {} internal links, {figures} figures, {diagrams} \
         diagrams, {} lines of code in {} blocks, fonts {fonts:?}; checked \
         in {:.1} s",
        pages.len(),
        used.len(),
        lines.len(),
        blocks.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // only a clean run: a problem may show on another page than its cause
    parts.record_passes();
}

#[test]
fn pdf_readers_find_what_they_look_for() {
    assert_eq!(
        code_text(
            "<p>a</p><code class=\"x\">$x$ &lt;b&gt;</code><code>{{#</code>"
        ),
        "$x$ <b>\n{{#\n"
    );
    let pdf = b"1 0 obj\n<</Type /Annot\n/Dest /a%20b\n>>\nendobj\n\
                2 0 obj\n<</Type /Annot\n/Dest /gone\n>>\nendobj\n\
                3 0 obj\n<</Dests 4 0 R>>\nendobj\n\
                4 0 obj\n<</a%20b [2 0 R /XYZ 0 0 0]\n/c [2 0 R /XYZ 0 1 0]>>\nendobj\n";
    let (used, defined) = destinations(pdf);
    assert_eq!(used, ["a%20b", "gone"]);
    assert_eq!(defined, BTreeSet::from(["a%20b".into(), "c".into()]));
    assert_eq!(
        html_code_blocks(
            "<pre><code class=\"r\"><span class=\"boring\">hid <span>x</span>\
             </span>let <span>a</span> = 1;</code></pre><pre class=\"mermaid\">g</pre>"
        ),
        ["let a = 1;"]
    );
    assert_eq!(
        mermaid_labels(
            "graph LR\n  x1((x1)) --> s1((s1 与非))\n  d[训练 数据]"
        ),
        ["x1", "s1与非", "训练数据"]
    );
    let hay: Vec<char> = "上⽅是标签".chars().collect();
    assert!(contains_loosely(&hay, "上方是"));
    assert!(!contains_loosely(&hay, "下方是"));
    let bbox = "<page width=\"600\" height=\"800\">\
                <word xMin=\"50\" yMin=\"1\" xMax=\"90\" yMax=\"2\">ok</word>\
                <word xMin=\"500\" yMin=\"1\" xMax=\"590\" yMax=\"2\">cut</word>\
                </page>";
    let boxes = bbox_pages(bbox);
    assert_eq!(reading_order(&boxes[0].1), ["ok cut"]);
    let edge = words_at_the_edge(&boxes);
    assert_eq!(edge.len(), 1, "{edge:?}");
    assert!(edge[0].contains("\"cut\""));
    assert_eq!(destination_id("32-#25E7#259F#25A9"), "32-矩");
    let html = format!("<head><main>a{PAGE_BREAK}b{PAGE_BREAK}c</main>tail");
    let page = PrintPage::split(&html);
    assert_eq!(page.parts, ["a", "b", "c"]);
    assert_eq!(
        page.with(&[0, 2]),
        format!("<head><main>a{PAGE_BREAK}c</main>tail")
    );
}
