//! Renders the book with mdBook as a library, math and diagrams included.

use std::path::Path;

use anyhow::{Result, anyhow};
use mdbook_driver::MDBook;

/// Loads the book at `root` with the KaTeX and mermaid preprocessors
/// registered in code, so no `mdbook-*` program needs to be installed.
pub fn load(root: &Path) -> Result<MDBook> {
    let mut book = MDBook::load(root).map_err(|e| {
        anyhow!("cannot load the book at {}: {e:#}", root.display())
    })?;
    // These replace the command-line preprocessors that book.toml's
    // [preprocessor.katex] and [preprocessor.mermaid] tables would start.
    book.with_preprocessor(mdbook_katex::preprocess::KatexProcessor)
        .with_preprocessor(mdbook_mermaid::Mermaid);
    Ok(book)
}

/// Renders the book at `root` into `build_dir` (or book.toml's build-dir);
/// returns the number of chapter pages rendered.
pub fn render(root: &Path, build_dir: Option<&Path>) -> Result<usize> {
    let mut book = load(root)?;
    if let Some(dir) = build_dir {
        book.config.build.build_dir = dir.to_path_buf();
    }
    book.build().map_err(|e| anyhow!("mdBook failed: {e:#}"))?;
    Ok(book
        .iter()
        .filter(|item| {
            matches!(item, mdbook_driver::book::BookItem::Chapter(_))
        })
        .count())
}
