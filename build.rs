//! Derives the book crate's two lists from `book/SUMMARY.md`, the one list
//! of pages: the doc-test harness (every page, so `cargo test` compiles
//! every snippet) and the chapter crates (a page `chNN-topic.md` whose
//! crate is `chapters/chNN-topic`).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let summary = root.join("book/SUMMARY.md");
    println!("cargo::rerun-if-changed={}", summary.display());
    let text = fs::read_to_string(&summary)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", summary.display()));
    let pages = linked_pages(&text);
    let mut harness = String::new();
    let mut chapters = String::from("&[\n");
    for page in &pages {
        let stem = page.trim_end_matches(".md");
        let module = stem.replace('-', "_");
        let path = root.join("book").join(page);
        writeln!(
            harness,
            "#[doc = include_str!({:?})]\npub mod {module} {{}}",
            path.display().to_string()
        )
        .unwrap();
        if root
            .join("chapters")
            .join(stem)
            .join("Cargo.toml")
            .is_file()
        {
            writeln!(chapters, "    &{module}::CHAPTER,").unwrap();
        }
    }
    chapters.push(']');
    let out = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    fs::write(out.join("pages.rs"), harness).unwrap();
    fs::write(out.join("chapters.rs"), chapters).unwrap();
}

/// The targets of the `[title](page.md)` links, in order.
fn linked_pages(summary: &str) -> Vec<String> {
    let mut pages = Vec::new();
    for piece in summary.split("](").skip(1) {
        if let Some(end) = piece.find(')') {
            let target = &piece[..end];
            if target.ends_with(".md") && !target.contains('/') {
                pages.push(target.to_string());
            }
        }
    }
    pages
}
