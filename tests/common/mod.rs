//! Reading the book's sources: pages, fenced code blocks, includes.

#![allow(dead_code)] // each test file uses a different part

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The book's source folder.
pub fn book_dir() -> PathBuf {
    root().join("book")
}

/// Pages listed in SUMMARY.md, as paths relative to `book/`, in order.
pub fn summary_pages() -> Vec<String> {
    let summary = read(&book_dir().join("SUMMARY.md"));
    let mut pages = Vec::new();
    for event in Parser::new(&summary) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            pages.push(dest_url.to_string());
        }
    }
    assert!(!pages.is_empty(), "SUMMARY.md lists no pages");
    pages
}

/// Every Markdown file under `book/` except SUMMARY.md (relative paths).
pub fn markdown_files() -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(book_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".md") && name != "SUMMARY.md" {
            found.push(name);
        }
    }
    found.sort();
    found
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A code block of a page.
#[derive(Debug)]
pub struct CodeBlock {
    /// The info string (` ```rust,ignore ` gives `rust,ignore`); `None`
    /// for an indented block.
    pub info: Option<String>,
    pub body: String,
    /// 1-based line of the block's first line in the page.
    pub line: usize,
}

impl CodeBlock {
    /// The words of the info string: `rust,ignore` gives `rust`, `ignore`.
    pub fn tokens(&self) -> Vec<&str> {
        self.info
            .as_deref()
            .unwrap_or("")
            .split([',', ' ', '\t'])
            .filter(|t| !t.is_empty())
            .collect()
    }

    pub fn is_rust(&self) -> bool {
        self.tokens().first() == Some(&"rust")
    }

    /// The `{{#include ...}}` directives of the block.
    pub fn includes(&self) -> Vec<Include> {
        includes_in(&self.body)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Every code block of a page's Markdown.
pub fn code_blocks(markdown: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for (event, range) in
        Parser::new_ext(markdown, options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.to_string()),
                    CodeBlockKind::Indented => None,
                };
                let line = markdown[..range.start].lines().count() + 1;
                current = Some(CodeBlock {
                    info,
                    body: String::new(),
                    line,
                });
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                blocks.extend(current.take());
            }
            _ => {}
        }
    }
    blocks
}

/// A page's Markdown with code blocks, inline code and math removed: the
/// prose a reader reads as text.
pub fn prose(markdown: &str) -> String {
    let mut text = String::new();
    let mut in_code = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code => {
                text.push_str(&t);
                text.push('\n');
            }
            _ => {}
        }
    }
    strip_math(&text)
}

/// Removes `$...$` and `$$...$$` spans.
fn strip_math(text: &str) -> String {
    split_math(text).0
}

/// Splits a line into its text and its `$...$` math (the line has no code).
pub fn split_math(line: &str) -> (String, String) {
    let mut text = String::new();
    let mut math = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('$') {
        text.push_str(&rest[..start]);
        let delim = if rest[start..].starts_with("$$") {
            "$$"
        } else {
            "$"
        };
        let after = &rest[start + delim.len()..];
        match after.find(delim) {
            Some(end) => {
                math.push_str(&after[..end]);
                math.push(' ');
                rest = &after[end + delim.len()..];
            }
            None => {
                rest = after;
            }
        }
    }
    text.push_str(rest);
    (text, math)
}

/// One `{{#include path}}` or `{{#include path:anchor}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Include {
    pub path: String,
    pub anchor: Option<String>,
}

/// Every include directive in `text`.
pub fn includes_in(text: &str) -> Vec<Include> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let after = &rest[start + 3..];
        let end = after
            .find("}}")
            .unwrap_or_else(|| panic!("unclosed {{{{# in {text:?}"));
        let directive = after[..end].trim();
        let (kind, arg) = directive
            .split_once(char::is_whitespace)
            .unwrap_or((directive, ""));
        assert_eq!(
            kind, "include",
            "only {{{{#include}}}} is used in this book, found {{{{#{kind}}}}}"
        );
        let arg = arg.trim();
        let (path, anchor) = match arg.split_once(':') {
            Some((p, a)) => (p.to_string(), Some(a.to_string())),
            None => (arg.to_string(), None),
        };
        found.push(Include { path, anchor });
        rest = &after[end + 2..];
    }
    found
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name` in `source`,
/// without other anchor lines (as mdBook shows them), or `None`.
pub fn anchored(source: &str, name: &str) -> Option<String> {
    let is_marker = |line: &str, word: &str| {
        line.trim()
            .trim_start_matches("//")
            .trim()
            .strip_prefix(word)
            .map(|rest| rest.trim() == name)
            .unwrap_or(false)
    };
    let mut lines = source.lines();
    lines.find(|l| is_marker(l, "ANCHOR:"))?;
    let mut body = Vec::new();
    for line in lines {
        if is_marker(line, "ANCHOR_END:") {
            return Some(body.join("\n"));
        }
        if !line.contains("ANCHOR:") && !line.contains("ANCHOR_END:") {
            body.push(line);
        }
    }
    None
}

/// One row of the glossary (`book/glossary.md`): the Chinese term, the
/// English term(s) and the link(s) of its "定义处" cell.
#[derive(Debug)]
pub struct GlossaryEntry {
    pub zh: String,
    pub en: String,
    pub links: Vec<String>,
    /// 1-based line of the row in glossary.md.
    pub line: usize,
}

impl GlossaryEntry {
    /// The Chinese names: the term and any alias in （…）, e.g.
    /// `内积（点积）` gives `内积`, `点积`.
    pub fn zh_names(&self) -> Vec<String> {
        let (main, rest) = self.zh.split_once('（').unwrap_or((&self.zh, ""));
        let mut names = vec![main.trim().to_string()];
        let aliases = rest.trim_end_matches('）');
        names.extend(
            aliases
                .split(['、', '，'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(String::from),
        );
        names
    }

    /// The English names, lower-cased: `ReLU, rectified linear unit`
    /// gives `relu`, `rectified linear unit`.
    pub fn en_names(&self) -> Vec<String> {
        self.en
            .split(',')
            .map(|n| n.trim().to_lowercase())
            .filter(|n| !n.is_empty())
            .collect()
    }
}

/// True for a CJK ideograph (a Chinese character).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Every row of every table in the glossary page.
pub fn glossary_entries() -> Vec<GlossaryEntry> {
    let markdown = read(&book_dir().join("glossary.md"));
    let mut entries = Vec::new();
    let mut in_head = false;
    let mut row: Option<(Vec<String>, Vec<String>, usize)> = None;
    for (event, range) in
        Parser::new_ext(&markdown, options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) if !in_head => {
                let line = markdown[..range.start].lines().count() + 1;
                row = Some((Vec::new(), Vec::new(), line));
            }
            Event::Start(Tag::TableCell) => {
                if let Some((cells, _, _)) = row.as_mut() {
                    cells.push(String::new());
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((cells, _, _)) = row.as_mut()
                    && let Some(cell) = cells.last_mut()
                {
                    cell.push_str(&t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((_, links, _)) = row.as_mut() {
                    links.push(dest_url.to_string());
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((cells, links, line)) = row.take() {
                    let cell =
                        |i: usize| cells.get(i).map(|c| c.trim().to_string());
                    entries.push(GlossaryEntry {
                        zh: cell(0).unwrap_or_default(),
                        en: cell(1).unwrap_or_default(),
                        links,
                        line,
                    });
                }
            }
            _ => {}
        }
    }
    entries
}

/// `html` without its tags, entities decoded.
pub fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The book rendered once for every test binary that reads the whole
/// site (tests only read it): `target/tmp/site-<key>`, the key a hash of
/// what rendering reads (the book, the theme, the book tool's source,
/// Cargo.lock), so any change to those renders it again, as does
/// `DL_BOOK_NO_CACHE=1`.
pub fn shared_site() -> &'static Path {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let root = root();
        let read = ["book", "theme", "src", "build.rs", "book.toml"]
            .into_iter()
            .chain(["Cargo.toml", "Cargo.lock"])
            .map(|p| root.join(p))
            .collect::<Vec<_>>();
        let read: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
        let name = format!("site-{}", kit::pass_cache::fingerprint(&read));
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let (site, done) = (tmp.join(&name), tmp.join(format!("{name}.done")));
        if done.is_file() && std::env::var_os("DL_BOOK_NO_CACHE").is_none() {
            return site;
        }
        // rendered beside, then moved into place: never half a site
        let scratch = tmp.join(format!("{name}.{}", std::process::id()));
        let _ = fs::remove_dir_all(&scratch);
        dl_book::render::render(&root, Some(&scratch))
            .expect("the book builds");
        // the lock file mdBook's build leaves beside its build folder
        let _ = fs::remove_file(format!("{}.lock", scratch.display()));
        for old in fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let old_name = old.file_name().to_string_lossy().into_owned();
            if old_name.starts_with("site-") && !old_name.starts_with(&name) {
                let _ = fs::remove_dir_all(old.path());
                let _ = fs::remove_file(old.path());
            }
        }
        let _ = fs::remove_file(&done);
        let _ = fs::remove_dir_all(&site);
        fs::rename(&scratch, &site).expect("move the rendered site");
        fs::write(&done, "").expect("mark the site rendered");
        site
    })
}

/// The digests of a rendered site's pages for a browser test's cached
/// passes ([`kit::pass_cache::has_passed`]): a page's HTML and what it
/// loads besides, the site's other files (styles, scripts, fonts,
/// figures; not the other pages, nor the search index, which only a
/// search reads), and the browser's version. A page whose digest is
/// unchanged shows what it showed before, so a check that passed on it
/// need not open it again.
pub struct PageDigests {
    site: PathBuf,
    /// The digest of the site's other files and the browser's version.
    shared: String,
}

impl PageDigests {
    /// Reads `site`'s files once; `browser` is the browser's version.
    pub fn new(site: &Path, browser: &str) -> Self {
        let mut h = DefaultHasher::new();
        for (path, bytes) in kit::pass_cache::files_under(site) {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.ends_with(".html") || name.starts_with("searchindex") {
                continue;
            }
            path.strip_prefix(site).unwrap_or(&path).hash(&mut h);
            match String::from_utf8(bytes) {
                Ok(text) => hash_without_search_index_name(&text, &mut h),
                Err(e) => e.as_bytes().hash(&mut h),
            }
        }
        let shared = format!("{:016x}-{browser}", h.finish());
        PageDigests {
            site: site.to_path_buf(),
            shared,
        }
    }

    /// The digest of page `name` (`ch01-perceptron.html`).
    pub fn of(&self, name: &str) -> String {
        let html = fs::read_to_string(self.site.join(name)).unwrap_or_default();
        self.of_html(&html)
    }

    /// The digest of a page whose HTML is `html`, shown with this site's
    /// other files.
    pub fn of_html(&self, html: &str) -> String {
        let mut h = DefaultHasher::new();
        hash_without_search_index_name(html, &mut h);
        format!("{:016x}-{}", h.finish(), self.shared)
    }
}

/// Hashes `text` leaving out the hex digits of every `searchindex-<hash>`:
/// the search index's file name holds a hash of the whole book's text, and
/// every page and the search script name it.
fn hash_without_search_index_name(text: &str, h: &mut DefaultHasher) {
    let mut rest = text;
    while let Some(at) = rest.find("searchindex-") {
        let (before, after) = rest.split_at(at + "searchindex-".len());
        before.hash(h);
        rest = after.trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    rest.hash(h);
}

/// What mdBook puts between two pages of SUMMARY.md on the print page.
pub const PAGE_BREAK: &str =
    "<div style=\"break-before: page; page-break-before: always;\"></div>";

/// The print page cut at its page breaks: the page around the book's text,
/// and one part per page of SUMMARY.md.
pub struct PrintPage<'a> {
    pub head: &'a str,
    pub parts: Vec<&'a str>,
    pub tail: &'a str,
}

impl<'a> PrintPage<'a> {
    pub fn split(html: &'a str) -> Self {
        let start = html.find("<main>").expect("the print page has <main>") + 6;
        let end = html.rfind("</main>").expect("the print page has </main>");
        PrintPage {
            head: &html[..start],
            parts: html[start..end].split(PAGE_BREAK).collect(),
            tail: &html[end..],
        }
    }

    /// A print page with only the parts `keep` (indices into `parts`).
    pub fn with(&self, keep: &[usize]) -> String {
        let parts: Vec<&str> = keep.iter().map(|&i| self.parts[i]).collect();
        format!("{}{}{}", self.head, parts.join(PAGE_BREAK), self.tail)
    }
}

/// The parts of the print page (one per page of SUMMARY.md) that a check
/// of it has still to look at: those not unchanged since they passed it
/// ([`kit::pass_cache`]). The whole print page is slow to print and to
/// open, so after an edit a check looks at a print page cut down to the
/// parts that changed (each starts a page of its own, so it shows as it
/// does in the whole book).
pub struct PrintParts {
    /// The pages of SUMMARY.md, in order.
    pub pages: Vec<String>,
    /// Indices into `pages` of the parts to check.
    pub todo: Vec<usize>,
    /// A site whose `print.html` holds just those parts: the rendered
    /// site itself when they are all of them, else a folder beside it
    /// holding the cut-down page and links to the site's other files.
    pub site: PathBuf,
    /// That `print.html`'s HTML.
    pub html: String,
    /// Each part's pass-cache name and digest.
    passes: Vec<(String, String)>,
}

impl PrintParts {
    /// The parts of `site`'s print page that the check called `check`
    /// (`pdf`, `desktop`) has to look at; `digests` also covers what the
    /// check runs on besides the pages (its browser).
    pub fn to_check(site: &Path, digests: &PageDigests, check: &str) -> Self {
        let html = read(&site.join("print.html"));
        let book = PrintPage::split(&html);
        let pages = summary_pages();
        assert_eq!(
            book.parts.len(),
            pages.len(),
            "the print page has one part per page of SUMMARY.md"
        );
        let passes: Vec<(String, String)> = pages
            .iter()
            .enumerate()
            .map(|(i, page)| {
                let name = format!("{check}--print.html--{page}");
                (name, digests.of_html(&book.with(&[i])))
            })
            .collect();
        let mut todo: Vec<usize> = (0..pages.len())
            .filter(|&i| {
                !kit::pass_cache::has_passed(&passes[i].0, &passes[i].1)
            })
            .collect();
        let cut = (!todo.is_empty() && todo.len() < pages.len())
            .then(|| {
                let part = book.with(&todo);
                Some((site_with_print_page(site, check, &part)?, part))
            })
            .flatten();
        let (site, html) = match cut {
            Some(cut) => cut,
            None => {
                if !todo.is_empty() {
                    todo = (0..pages.len()).collect();
                }
                (site.to_path_buf(), html)
            }
        };
        PrintParts {
            pages,
            todo,
            site,
            html,
            passes,
        }
    }

    /// Whether every part is to be checked: the whole book.
    pub fn whole(&self) -> bool {
        self.todo.len() == self.pages.len()
    }

    /// The pages of SUMMARY.md whose parts are to be checked.
    pub fn pages_to_check(&self) -> Vec<&String> {
        self.todo.iter().map(|&i| &self.pages[i]).collect()
    }

    /// Each checked part's pass-cache name and digest, to record once the
    /// whole test has passed.
    pub fn checked(&self) -> Vec<(String, String)> {
        self.todo.iter().map(|&i| self.passes[i].clone()).collect()
    }

    /// Records that the checked parts passed.
    pub fn record_passes(&self) {
        for (name, digest) in self.checked() {
            kit::pass_cache::record_pass(&name, &digest);
        }
    }
}

/// A folder `<check>-part` holding `html` as `print.html` beside links to
/// every other file of `site` (so its relative URLs resolve as on the
/// site, which other tests read and is left as it is); `None` where links
/// cannot be made.
fn site_with_print_page(
    site: &Path,
    check: &str,
    html: &str,
) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{check}-part"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).ok()?;
    for entry in fs::read_dir(site).ok()?.flatten() {
        if entry.file_name() != "print.html" {
            link(&entry.path(), &dir.join(entry.file_name())).ok()?;
        }
    }
    fs::write(dir.join("print.html"), html).ok()?;
    Some(dir)
}

#[cfg(unix)]
fn link(original: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(fs::canonicalize(original)?, link)
}

#[cfg(not(unix))]
fn link(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}
