//! Every `{{#include}}` of every page is checked before mdBook runs: its
//! file must be a readable file, its anchor must be in it, its line range
//! must not be past its end. mdBook itself logs a missing file without
//! naming the page and includes nothing at all for a missing anchor.

use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};

use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;

/// A problem on a page: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The page, relative to the book's root (`book/ch02-activations.md`).
    pub page: PathBuf,
    /// The line on the page, from 1, when known.
    pub line: Option<usize>,
    /// What is wrong, and what to do.
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => {
                write!(f, "{}:{line}: {}", self.page.display(), self.what)
            }
            None => write!(f, "{}: {}", self.page.display(), self.what),
        }
    }
}

/// The problems of every `{{#...}}` command on every page of `book`, and
/// whether mdBook can be run all the same (to find the other problems).
pub fn check(book: &MDBook) -> (Vec<Problem>, bool) {
    let mut can_run = true;
    let src = book.root.join(&book.config.book.src);
    let mut problems = Vec::new();
    for item in book.iter() {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        let Some(source) = &chapter.source_path else {
            continue;
        };
        let page = book.config.book.src.join(source);
        let base = src.join(source.parent().unwrap_or(Path::new("")));
        let content = &chapter.content;
        for link in find_links(content) {
            let line_start =
                content[..link.start].rfind('\n').map_or(0, |i| i + 1);
            let before = &content[line_start..link.start];
            let indent = !before.is_empty() && before.trim().is_empty();
            if let Some(what) = link.problem(&base, &book.root, indent) {
                can_run &= !link.blocks(&base);
                let line = line_of(content, link.start);
                problems.push(Problem {
                    page: page.clone(),
                    line: Some(line),
                    what,
                });
            }
        }
    }
    (problems, can_run)
}

/// The line (from 1) of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// One `{{#kind rest}}` on a page.
#[derive(Debug, PartialEq, Eq)]
struct Link<'a> {
    start: usize,
    text: &'a str,
    kind: &'a str,
    rest: &'a str,
}

/// The `{{#...}}` commands of `content`, as mdBook's links preprocessor
/// finds them: `{{`, spaces, `#kind`, spaces, anything but `}`, `}}`; one
/// escaped with a backslash is not a command.
fn find_links(content: &str) -> Vec<Link<'_>> {
    let mut links = Vec::new();
    let mut from = 0;
    while let Some(i) = content[from..].find("{{").map(|i| i + from) {
        from = i + 2;
        if content[..i].ends_with('\\') && content[i + 2..].starts_with('#') {
            // Escaped: mdBook skips to the last `}}` of the line.
            let line_end =
                content[i..].find('\n').map_or(content.len(), |e| i + e);
            if let Some(close) = content[i..line_end].rfind("}}") {
                from = i + close + 2;
            }
            continue;
        }
        let after = content[i + 2..].trim_start();
        let Some(after) = after.strip_prefix('#') else {
            continue;
        };
        let kind_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let (kind, after_kind) = after.split_at(kind_len);
        if kind.is_empty() || !after_kind.starts_with(char::is_whitespace) {
            continue;
        }
        let Some(close) = after_kind.find('}') else {
            continue;
        };
        if !after_kind[close..].starts_with("}}") {
            continue;
        }
        let rest = after_kind[..close].trim();
        if rest.is_empty() {
            continue;
        }
        let end = content.len() - after_kind.len() + close + 2;
        links.push(Link {
            start: i,
            text: &content[i..end],
            kind,
            rest,
        });
        from = end;
    }
    links
}

impl Link<'_> {
    /// Whether mdBook must not run at all: the command names something
    /// that is there but is not a file (reading a FIFO waits forever).
    fn blocks(&self, base: &Path) -> bool {
        let reads = matches!(
            self.kind,
            "include" | "rustdoc_include" | "playground" | "playpen"
        );
        let file = self.rest.split_whitespace().next().unwrap_or("");
        let file = file.split(':').next().unwrap_or("");
        reads && fs::metadata(base.join(file)).is_ok_and(|m| !m.is_file())
    }

    /// What is wrong with this command, on a page in folder `base`, where
    /// the command is indented by `indent` (inside a list item).
    fn problem(
        &self,
        base: &Path,
        root: &Path,
        indent: bool,
    ) -> Option<String> {
        let text = self.text;
        match self.kind {
            "include" | "rustdoc_include" => {
                let mut parts =
                    self.rest.split_whitespace().next()?.splitn(2, ':');
                let path = base.join(parts.next()?);
                let shown = shown(&path, root);
                let source = match read(&path, &shown) {
                    Ok(source) => source,
                    Err(e) => return Some(format!("{text}: {e}")),
                };
                let taken = match Selection::parse(parts.next()) {
                    Selection::Anchor(anchor) => {
                        match anchored_lines(&source, anchor) {
                            None => {
                                return Some(format!(
                                    "{text}: {shown} has no `ANCHOR: {anchor}` \
                                     line; add the anchor there or fix the name"
                                ));
                            }
                            Some(0) => {
                                return Some(format!(
                                    "{text}: the anchor `{anchor}` in {shown} \
                                     holds no lines"
                                ));
                            }
                            Some(n) => n,
                        }
                    }
                    Selection::Lines(start, end) => {
                        let lines = source.lines().count();
                        let end = end.unwrap_or(lines).min(lines);
                        if start >= end {
                            return Some(format!(
                                "{text}: {shown} has {lines} lines, none of \
                                 them in the range; mark the region with an \
                                 anchor instead"
                            ));
                        }
                        end - start
                    }
                };
                let taken = if self.kind == "rustdoc_include" {
                    source.lines().count()
                } else {
                    taken
                };
                (indent && taken > 1).then(|| {
                    format!(
                        "{text}: an indented include (inside a list item) \
                         indents only its first line, so the rest leaves the \
                         list and shows as text; start the line with the \
                         include, outside the list"
                    )
                })
            }
            "playground" | "playpen" => {
                let file = self.rest.split_whitespace().next()?;
                let path = base.join(file);
                read(&path, &shown(&path, root))
                    .err()
                    .map(|e| format!("{text}: {e}"))
            }
            "title" => None,
            kind => Some(format!(
                "{text}: mdBook has no `{{{{#{kind}}}}}` command and would \
                 show it as text; use `{{{{#include}}}}`, or write \
                 `\\{{{{#{kind}` to show it"
            )),
        }
    }
}

/// The part of a file an include takes, as mdBook reads `file:...`.
#[derive(Debug, PartialEq, Eq)]
enum Selection<'a> {
    /// Lines `start..end` (counted from 0), to the end without `end`.
    Lines(usize, Option<usize>),
    Anchor(&'a str),
}

impl<'a> Selection<'a> {
    /// As mdBook's `parse_range_or_anchor`.
    fn parse(spec: Option<&'a str>) -> Selection<'a> {
        let mut parts = spec.unwrap_or("").splitn(3, ':');
        let first = parts.next().unwrap_or("");
        let start = if let Ok(n) = first.parse::<usize>() {
            Some(n.saturating_sub(1))
        } else if first.is_empty() {
            None
        } else {
            return Selection::Anchor(first);
        };
        match (start, parts.next().map(str::parse::<usize>)) {
            (Some(start), Some(Ok(end))) => Selection::Lines(start, Some(end)),
            (Some(start), Some(Err(_))) => Selection::Lines(start, None),
            (Some(start), None) => Selection::Lines(start, Some(start + 1)),
            (None, Some(Ok(end))) => Selection::Lines(0, Some(end)),
            (None, _) => Selection::Lines(0, None),
        }
    }
}

/// The anchor's name on an `ANCHOR: name` or `ANCHOR_END: name` line, as
/// mdBook's regexes `ANCHOR:\s*([\w_-]+)` and `ANCHOR_END:\s*([\w_-]+)`.
fn anchor_name<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    line.match_indices(marker).find_map(|(i, _)| {
        let after = line[i + marker.len()..].trim_start();
        let len = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(after.len());
        (len > 0).then(|| &after[..len])
    })
}

/// How many lines `{{#include file:anchor}}` takes (as mdBook's
/// `take_anchored_lines`), or `None` without an `ANCHOR: anchor` line.
fn anchored_lines(source: &str, anchor: &str) -> Option<usize> {
    let mut lines = source.lines();
    lines.find(|l| anchor_name(l, "ANCHOR:") == Some(anchor))?;
    let mut taken = 0;
    for line in lines {
        match anchor_name(line, "ANCHOR_END:") {
            Some(name) if name == anchor => break,
            Some(_) => {}
            None if anchor_name(line, "ANCHOR:").is_some() => {}
            None => taken += 1,
        }
    }
    Some(taken)
}

/// The text of an included file; a FIFO or a folder is not read (reading
/// a FIFO would wait forever).
fn read(path: &Path, shown: &str) -> Result<String, String> {
    match fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "{shown} does not exist; fix the path (it is relative to the page)"
        )),
        Err(e) => Err(format!("cannot read {shown}: {e}")),
        Ok(meta) if !meta.is_file() => Err(format!("{shown} is not a file")),
        Ok(_) => fs::read_to_string(path)
            .map_err(|e| format!("cannot read {shown}: {e}")),
    }
}

/// `path` relative to `root` when it is under it, `..` resolved by name.
fn shown(path: &Path, root: &Path) -> String {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
        .strip_prefix(root)
        .unwrap_or(&clean)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_as_mdbook_does() {
        // An escaped command hides the rest of its line, up to its last
        // `}}`, as mdBook's regex does.
        let page = "a {{#include x.rs:f}} b\n\\{{#include y.rs}} {{#title T}}\n\
                    {{ #rustdoc_include  z.rs:3:5 }} {{#include}} {{#x}} {{#bad x}\n\
                    {{#title T}}";
        let found: Vec<_> = find_links(page)
            .into_iter()
            .map(|l| (line_of(page, l.start), l.kind, l.rest))
            .collect();
        assert_eq!(
            found,
            [
                (1, "include", "x.rs:f"),
                (3, "rustdoc_include", "z.rs:3:5"),
                (4, "title", "T"),
            ]
        );
    }

    #[test]
    fn anchors_are_matched_by_their_whole_name() {
        let source = "// ANCHOR: sigmoid_x\nfn f() {}\n// ANCHOR: inner\n\
                      let x = 1;\n// ANCHOR_END: inner\n// ANCHOR_END: sigmoid_x\n\
                      # ANCHOR:relu\n# ANCHOR_END: relu\n";
        assert_eq!(anchored_lines(source, "sigmoid_x"), Some(2));
        assert_eq!(anchored_lines(source, "inner"), Some(1));
        assert_eq!(anchored_lines(source, "relu"), Some(0));
        assert_eq!(anchored_lines(source, "sigmoid"), None);
        assert_eq!(anchored_lines(source, "END"), None);
    }

    #[test]
    fn selections_are_read_as_mdbook_reads_them() {
        use Selection::*;
        for (spec, expected) in [
            (None, Lines(0, None)),
            (Some("5"), Lines(4, Some(5))),
            (Some("5:"), Lines(4, None)),
            (Some("5:9"), Lines(4, Some(9))),
            (Some(":9"), Lines(0, Some(9))),
            (Some("name"), Anchor("name")),
            (Some("name:x"), Anchor("name")),
        ] {
            assert_eq!(Selection::parse(spec), expected, "{spec:?}");
        }
    }

    #[test]
    fn paths_are_shown_from_the_root() {
        assert_eq!(
            shown(
                Path::new("/r/book/../chapters/a/src/lib.rs"),
                Path::new("/r")
            ),
            "chapters/a/src/lib.rs"
        );
    }
}
