//! `new-chapter chNN-topic "标题"`: a new chapter that passes every check,
//! for its author to fill in: the crate in the book's layout, its page, and
//! the two lines that register it (the workspace dependency and the
//! SUMMARY.md entry, from which the harness and chapter list derive).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// A chapter's folder name, checked: `chNN-topic`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterName {
    /// `ch10-backprop`.
    pub name: String,
    /// 10.
    pub number: u32,
}

impl ChapterName {
    /// Checks `name`: `ch`, two digits, `-`, then lower-case letters,
    /// digits and `-`.
    ///
    /// # Errors
    ///
    /// When `name` does not have that form; the message shows it.
    pub fn parse(name: &str) -> Result<Self> {
        let bad = || {
            anyhow::anyhow!(
                "a chapter is named chNN-topic (two digits, then lower-case \
                 words joined by '-', like ch10-backprop); got {name:?}"
            )
        };
        let rest = name.strip_prefix("ch").ok_or_else(bad)?;
        let (digits, topic) = rest.split_once('-').ok_or_else(bad)?;
        let topic_ok = !topic.is_empty()
            && !topic.starts_with('-')
            && !topic.ends_with('-')
            && topic.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
            });
        if digits.len() != 2
            || !digits.chars().all(|c| c.is_ascii_digit())
            || !topic_ok
        {
            return Err(bad());
        }
        Ok(ChapterName {
            name: name.to_string(),
            number: digits.parse()?,
        })
    }

    /// `ch10_backprop`: the crate's name in Rust code.
    pub fn module(&self) -> String {
        self.name.replace('-', "_")
    }
}

/// What [`scaffold`] wrote and changed, relative to the root.
#[derive(Debug, Default)]
pub struct Scaffolded {
    pub created: Vec<PathBuf>,
    pub edited: Vec<PathBuf>,
}

/// Writes the chapter `name` titled `title` into the book at `root`.
///
/// # Errors
///
/// When the chapter or its number exists already, the title is empty, or
/// a file cannot be read or written. Nothing is written unless every check
/// passes first.
pub fn scaffold(
    root: &Path,
    name: &ChapterName,
    title: &str,
) -> Result<Scaffolded> {
    let title = title.trim();
    if title.is_empty() || title.contains(['\n', ']', '"']) {
        bail!("the title must be one line without ] or \", got {title:?}");
    }
    let dir = root.join("chapters").join(&name.name);
    if dir.exists() {
        bail!("{} exists already", dir.display());
    }
    let taken: Vec<String> = fs::read_dir(root.join("chapters"))
        .context("cannot list chapters/")?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(&format!("ch{:02}-", name.number)))
        .collect();
    if let Some(other) = taken.first() {
        bail!("chapter {} is {other} already", name.number);
    }
    let cargo_path = root.join("Cargo.toml");
    let summary_path = root.join("book/SUMMARY.md");
    let cargo = read(&cargo_path)?;
    let summary = read(&summary_path)?;
    let new_cargo = register_crate(&cargo, name)?;
    let new_summary = register_page(&summary, name, title)?;

    let mut done = Scaffolded::default();
    for (rel, text) in files(name, title) {
        let path = root.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| {
                format!("cannot create {}", parent.display())
            })?;
        }
        fs::write(&path, text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        done.created.push(rel);
    }
    for (path, text) in [(&cargo_path, new_cargo), (&summary_path, new_summary)]
    {
        fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        done.edited
            .push(path.strip_prefix(root).unwrap_or(path).to_path_buf());
    }
    Ok(done)
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path)
        .with_context(|| format!("cannot read {}", path.display()))
}

/// `Cargo.toml` with the chapter added to `[workspace.dependencies]` and to
/// the book crate's `[dependencies]`, each after the last chapter there.
fn register_crate(cargo: &str, name: &ChapterName) -> Result<String> {
    let workspace_line =
        format!("{} = {{ path = \"chapters/{}\" }}", name.name, name.name);
    let dependency_line = format!("{}.workspace = true", name.name);
    let text = insert_after_last(cargo, &workspace_line, |l| {
        l.starts_with("ch") && l.contains("= { path = \"chapters/")
    })
    .context("Cargo.toml lists no chapter under [workspace.dependencies]")?;
    insert_after_last(&text, &dependency_line, |l| {
        l.starts_with("ch") && l.ends_with(".workspace = true")
    })
    .context("Cargo.toml lists no chapter under [dependencies]")
}

/// SUMMARY.md with the chapter's page after the last chapter page.
fn register_page(
    summary: &str,
    name: &ChapterName,
    title: &str,
) -> Result<String> {
    let line = format!("- [第 {} 章　{title}]({}.md)", name.number, name.name);
    insert_after_last(summary, &line, |l| {
        l.starts_with("- [第 ") && l.contains("](ch")
    })
    .context("SUMMARY.md lists no chapter page")
}

/// `text` with `line` inserted after the last line that `is_anchor`
/// accepts; `None` when there is none.
fn insert_after_last(
    text: &str,
    line: &str,
    is_anchor: impl Fn(&str) -> bool,
) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().rposition(|l| is_anchor(l.trim()))?;
    let mut out: Vec<&str> = lines[..=at].to_vec();
    out.push(line);
    out.extend(&lines[at + 1..]);
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    Some(joined)
}

/// The new chapter's files: path relative to the root, and text.
fn files(name: &ChapterName, title: &str) -> Vec<(PathBuf, String)> {
    let (n, crate_name, module) = (name.number, &name.name, name.module());
    let crate_dir = Path::new("chapters").join(crate_name);
    let src = crate_dir.join("src");
    let cargo = format!(
        r#"[package]
name = "{crate_name}"
description = "Chapter {n}: {title}"
version.workspace = true
edition.workspace = true
license.workspace = true
publish.workspace = true

[dependencies]
kit.workspace = true
ndarray.workspace = true

[dev-dependencies]
approx.workspace = true
"#
    );
    let lib = format!(
        r#"//! Chapter {n}: {title}.
#![doc(test(attr(deny(warnings))))]

mod demos;
pub mod exercises;
mod figures;

use ndarray::Array1;

kit::chapter!(demos::DEMOS, figures::FIGURES);

/// `x` squared, element by element: the first thing this chapter teaches.
///
/// $y_i = x_i^2$
///
/// # Shapes
///
/// `x`: `(n,)` → `(n,)`.
///
/// # Examples
///
/// ```
/// use {module}::square;
/// use ndarray::array;
///
/// assert_eq!(square(&array![1.0, -2.0]), array![1.0, 4.0]);
/// ```
// ANCHOR: square
pub fn square(x: &Array1<f64>) -> Array1<f64> {{
    x.mapv(|v| v * v)
}}
// ANCHOR_END: square

#[cfg(test)]
mod tests {{
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::array;

    #[test]
    fn square_of_a_half_is_a_quarter() {{
        assert_abs_diff_eq!(square(&array![0.5]), array![0.25]);
    }}
}}

kit::chapter_tests!(CHAPTER);
"#
    );
    let demos = r#"//! What the chapter prints.

use std::io::Write;

use kit::Demo;
use ndarray::array;

use crate::square;

/// The demos, in the order the page shows them.
pub const DEMOS: &[Demo] = kit::demos![squares];

/// A few squares.
fn squares(out: &mut dyn Write) -> kit::Result {
    let x = array![1.0, 2.0, 3.0];
    writeln!(out, "x = {x:.1}, 平方 = {:.1}", square(&x))?;
    Ok(())
}
"#
    .to_string();
    let figures = r#"//! What the chapter draws.

use kit::Figure;
use kit::plot::{Series, line_chart};
use ndarray::Array1;

use crate::square;

/// The figures, by the functions that draw them.
pub const FIGURES: &[Figure] = kit::figures![parabola];

/// Every word of the chapter's figures: a translation changes only this.
struct Text {
    x: &'static str,
    y: &'static str,
    curve: &'static str,
}

const TEXT: Text = Text {
    x: "输入 x",
    y: "输出 y",
    curve: "y = x²",
};

/// The parabola y = x² on [-2, 2].
fn parabola() -> kit::Result<String> {
    let x = Array1::linspace(-2.0, 2.0, 201);
    let y = square(&x);
    let curve = Series::new(TEXT.curve, x, y);
    line_chart("", -2.0..2.0, 0.0..4.0, TEXT.x, TEXT.y, &[curve])
}
"#
    .to_string();
    let exercises = format!("//! Solutions to the exercises of chapter {n}.\n");
    let main = format!(
        "fn main() -> std::process::ExitCode {{\n    kit::cli::main(&{module}::CHAPTER)\n}}\n"
    );
    let page = format!(
        r#"# 第 {n} 章　{title}

本章的代码在 `chapters/{crate_name}`，`cargo run -p {crate_name}` 会打印本章所有的输出。

## {n}.1 平方

```rust,ignore
{{{{#include ../chapters/{crate_name}/src/lib.rs:square}}}}
```

```text
{{{{#include outputs/{crate_name}/squares.txt}}}}
```

<figure>
<img class="figure" src="figures/{crate_name}/parabola.svg" alt="抛物线 y = x²，x 从 -2 到 2">
<figcaption>图 {n}-1　抛物线 y = x²</figcaption>
</figure>
"#
    );
    vec![
        (crate_dir.join("Cargo.toml"), cargo),
        (src.join("lib.rs"), lib),
        (src.join("demos.rs"), demos),
        (src.join("figures.rs"), figures),
        (src.join("exercises.rs"), exercises),
        (src.join("main.rs"), main),
        (PathBuf::from("book").join(format!("{crate_name}.md")), page),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        let ok = ChapterName::parse("ch10-back-prop").unwrap();
        assert_eq!((ok.number, ok.module()), (10, "ch10_back_prop".into()));
        for bad in [
            "ch1-x", "c10-x", "ch10", "ch10-", "ch10-X", "ch10--x", "ch10-x-",
            "chab-x",
        ] {
            let err = ChapterName::parse(bad).unwrap_err().to_string();
            assert!(err.contains(bad), "{bad}: {err}");
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("dl-book-scaffold-{name}"));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("chapters/ch01-first")).unwrap();
        fs::create_dir_all(root.join("book")).unwrap();
        fs::write(
            root.join("Cargo.toml"),
            "[workspace.dependencies]\nkit = { path = \"kit\" }\n\
             ch01-first = { path = \"chapters/ch01-first\" }\n\n\
             [dependencies]\nch01-first.workspace = true\nanyhow = \"1\"\n",
        )
        .unwrap();
        fs::write(
            root.join("book/SUMMARY.md"),
            "# Summary\n\n- [第 1 章　一](ch01-first.md)\n\n---\n\n[术语表](glossary.md)\n",
        )
        .unwrap();
        root
    }

    #[test]
    fn a_chapter_is_written_and_registered() {
        let root = scratch("ok");
        let name = ChapterName::parse("ch02-second").unwrap();
        let done = scaffold(&root, &name, "第二章").unwrap();
        assert_eq!(done.created.len(), 7);
        let cargo = fs::read_to_string(root.join("Cargo.toml")).unwrap();
        assert!(cargo.contains(
            "ch01-first = { path = \"chapters/ch01-first\" }\n\
             ch02-second = { path = \"chapters/ch02-second\" }\n"
        ));
        assert!(cargo.contains(
            "ch01-first.workspace = true\nch02-second.workspace = true\n"
        ));
        let summary = fs::read_to_string(root.join("book/SUMMARY.md")).unwrap();
        assert!(summary.contains(
            "(ch01-first.md)\n- [第 2 章　第二章](ch02-second.md)\n\n---"
        ));
        let page =
            fs::read_to_string(root.join("book/ch02-second.md")).unwrap();
        assert!(page.starts_with("# 第 2 章　第二章\n"));
        assert!(page.contains(
            "{{#include ../chapters/ch02-second/src/lib.rs:square}}"
        ));
        let lib =
            fs::read_to_string(root.join("chapters/ch02-second/src/lib.rs"))
                .unwrap();
        assert!(lib.contains("use ch02_second::square;"));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn taken_names_and_numbers_are_refused_before_anything_is_written() {
        let root = scratch("taken");
        let before = fs::read_to_string(root.join("Cargo.toml")).unwrap();
        for (name, word) in [
            ("ch01-first", "exists already"),
            ("ch01-other", "is ch01-first"),
        ] {
            let name = ChapterName::parse(name).unwrap();
            let err = scaffold(&root, &name, "标题").unwrap_err().to_string();
            assert!(err.contains(word), "{err}");
        }
        let name = ChapterName::parse("ch03-third").unwrap();
        assert!(scaffold(&root, &name, " ").is_err());
        assert!(!root.join("chapters/ch03-third").exists());
        assert_eq!(
            fs::read_to_string(root.join("Cargo.toml")).unwrap(),
            before
        );
        fs::remove_dir_all(&root).unwrap();
    }
}
