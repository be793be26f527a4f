//! Figures and outputs: drawn and printed by the chapter crates, written
//! under `book/figures/` and `book/outputs/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use kit::Chapter;

use crate::chapters::CHAPTERS;

/// Folders (relative to `book/`) that hold only generated files.
pub const GENERATED_DIRS: [&str; 2] = ["figures", "outputs"];

/// Every generated file of `chapter`: path relative to `book/` -> bytes.
pub fn chapter_files(chapter: &Chapter) -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    chapter
        .files()
        .map_err(|e| anyhow::anyhow!("{}: {e}", chapter.name))
}

fn insert_unique(
    files: &mut BTreeMap<PathBuf, Vec<u8>>,
    path: PathBuf,
    bytes: Vec<u8>,
) -> Result<()> {
    if files.contains_key(&path) {
        bail!("two chapters make {}", path.display());
    }
    files.insert(path, bytes);
    Ok(())
}

/// Every generated file of every chapter, drawn in memory.
pub fn all_files() -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    let mut all = BTreeMap::new();
    for chapter in CHAPTERS {
        for (path, bytes) in chapter_files(chapter)? {
            insert_unique(&mut all, path, bytes)?;
        }
    }
    Ok(all)
}

/// Generated files found on disk under `book_dir` (relative paths).
pub fn files_on_disk(book_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for dir in GENERATED_DIRS {
        collect(&book_dir.join(dir), book_dir, &mut found)?;
    }
    found.sort();
    Ok(found)
}

fn collect(dir: &Path, base: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
    {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, base, found)?;
        } else {
            // strip_prefix cannot fail: `path` was listed under `base`.
            found.push(path.strip_prefix(base).unwrap().to_path_buf());
        }
    }
    Ok(())
}

/// What [`write_all`] did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose bytes changed (or that were new).
    pub written: Vec<PathBuf>,
    /// Files that were already up to date.
    pub unchanged: usize,
    /// Stale files that no chapter generates any more.
    pub removed: Vec<PathBuf>,
}

/// Writes every generated file under `book_dir`, touching only files whose
/// bytes change, and removes generated files no chapter produces any more.
pub fn write_all(book_dir: &Path) -> Result<Report> {
    let files = all_files()?;
    let mut report = Report::default();
    for (rel, bytes) in &files {
        let path = book_dir.join(rel);
        if fs::read(&path).ok().as_deref() == Some(bytes.as_slice()) {
            report.unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| {
                format!("cannot create {}", parent.display())
            })?;
        }
        fs::write(&path, bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        report.written.push(rel.clone());
    }
    for rel in files_on_disk(book_dir)? {
        if !files.contains_key(&rel) {
            let path = book_dir.join(&rel);
            fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            report.removed.push(rel);
        }
    }
    Ok(report)
}
