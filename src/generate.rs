//! Figures and outputs: drawn and printed by the chapter crates, written
//! under `book/figures/` and `book/outputs/`.
//!
//! Those two folders hold only generated files, and nothing else is ever
//! written or removed. A symbolic link anywhere in them (to a folder, to a
//! file, a loop) stops the build before anything is touched, with a
//! message naming it: following one would write or delete files somewhere
//! else. So does anything that is not a plain file or folder (a FIFO would
//! make reading it wait forever).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

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

/// Every generated file of every chapter, drawn in memory, the chapters
/// side by side on threads of their own.
pub fn all_files() -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    let made = kit::side_by_side(
        CHAPTERS
            .iter()
            .map(|chapter| move || chapter_files(chapter)),
    );
    let mut all = BTreeMap::new();
    for files in made {
        for (path, bytes) in files? {
            insert_unique(&mut all, path, bytes)?;
        }
    }
    Ok(all)
}

/// The paths of every generated file of every chapter (relative to
/// `book/`), without running any chapter.
///
/// # Errors
///
/// When two chapters make the same file.
pub fn all_file_names() -> Result<BTreeSet<PathBuf>> {
    let mut all = BTreeSet::new();
    for path in CHAPTERS.iter().flat_map(|chapter| chapter.file_names()) {
        if !all.insert(path.clone()) {
            bail!("two chapters make {}", path.display());
        }
    }
    Ok(all)
}

/// `rel` (relative to `book/`) as the user sees it: `book/figures/...`.
fn shown(book_dir: &Path, rel: &Path) -> String {
    let name = book_dir
        .file_name()
        .map_or("book".into(), |n| n.to_string_lossy().into_owned());
    Path::new(&name).join(rel).display().to_string()
}

/// Generated files found on disk under `book_dir` (relative paths),
/// without following any symbolic link.
///
/// # Errors
///
/// A symbolic link, or anything but a plain file or folder, in a
/// generated folder (or as one); a folder that cannot be listed.
pub fn files_on_disk(book_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for dir in GENERATED_DIRS {
        let rel = PathBuf::from(dir);
        match fs::symlink_metadata(book_dir.join(&rel)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => bail!("cannot look at {}: {e}", shown(book_dir, &rel)),
            Ok(meta) => check_kind(book_dir, &rel, meta.file_type(), true)?,
        }
        // An explicit stack, not recursion: a deep tree cannot overflow
        // it, and with no link followed the walk always ends.
        let mut folders = vec![rel];
        while let Some(folder) = folders.pop() {
            let path = book_dir.join(&folder);
            let entries = fs::read_dir(&path).with_context(|| {
                format!("cannot list {}", shown(book_dir, &folder))
            })?;
            for entry in entries {
                let entry = entry.with_context(|| {
                    format!("cannot list {}", shown(book_dir, &folder))
                })?;
                let rel = folder.join(entry.file_name());
                // The entry's own type: a link is reported, not followed.
                let kind = entry.file_type().with_context(|| {
                    format!("cannot look at {}", shown(book_dir, &rel))
                })?;
                check_kind(book_dir, &rel, kind, kind.is_dir())?;
                if kind.is_dir() {
                    folders.push(rel);
                } else {
                    found.push(rel);
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Fails unless `kind` is a plain folder (`folder`) or a plain file.
fn check_kind(
    book_dir: &Path,
    rel: &Path,
    kind: fs::FileType,
    folder: bool,
) -> Result<()> {
    let name = shown(book_dir, rel);
    if kind.is_symlink() {
        bail!(
            "{name} is a symbolic link; the book tool never follows links \
             in book/figures or book/outputs (it would write or delete \
             files elsewhere): remove the link (`rm {name}`) and build again"
        );
    }
    if folder && !kind.is_dir() {
        bail!(
            "{name} is not a folder; it holds generated files: remove it \
             and build again"
        );
    }
    if !folder && !kind.is_file() {
        bail!(
            "{name} is not a plain file (a FIFO, socket or device?); \
             generated folders hold only files: remove it and build again"
        );
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
///
/// # Errors
///
/// As [`write_files`], and when a chapter fails to make its files.
pub fn write_all(book_dir: &Path) -> Result<Report> {
    // A link or a FIFO is reported before the chapters run, not after.
    files_on_disk(book_dir)?;
    write_files(book_dir, &all_files()?)
}

/// Makes the generated folders of `book_dir` hold exactly `files` (paths
/// relative to `book_dir`, each in a generated folder). Each file is
/// written whole to a new file beside it, then renamed into place, so a
/// reader never sees half a file.
///
/// # Errors
///
/// Before touching anything: a path outside the generated folders, and
/// everything [`files_on_disk`] refuses. Then the first file or folder
/// that cannot be written or removed.
pub fn write_files(
    book_dir: &Path,
    files: &BTreeMap<PathBuf, Vec<u8>>,
) -> Result<Report> {
    for rel in files.keys() {
        let mut parts = rel.components();
        let top = parts.next().and_then(|c| c.as_os_str().to_str());
        let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain
            || !top.is_some_and(|t| GENERATED_DIRS.contains(&t))
            || parts.next().is_none()
        {
            bail!(
                "a chapter makes {}, which is not in book/figures or \
                 book/outputs; generated files go only there",
                rel.display()
            );
        }
    }
    let on_disk: BTreeSet<PathBuf> =
        files_on_disk(book_dir)?.into_iter().collect();
    let mut report = Report::default();
    for (rel, bytes) in files {
        let path = book_dir.join(rel);
        if on_disk.contains(rel) {
            let old = fs::read(&path).with_context(|| {
                format!("cannot read {}", shown(book_dir, rel))
            })?;
            if old == *bytes {
                report.unchanged += 1;
                continue;
            }
        } else if fs::symlink_metadata(&path).is_ok() {
            // Listed as a folder by the walk, not as a file.
            bail!(
                "{} is a folder where a chapter writes a file: remove it \
                 and build again",
                shown(book_dir, rel)
            );
        }
        // `rel` has a generated folder above it, checked above.
        let parent = path.parent().unwrap_or(book_dir);
        fs::create_dir_all(parent).with_context(|| {
            format!(
                "cannot create the folder {}",
                shown(book_dir, rel.parent().unwrap_or(rel))
            )
        })?;
        replace_file(&path, bytes).with_context(|| {
            format!("cannot write {}", shown(book_dir, rel))
        })?;
        report.written.push(rel.clone());
    }
    for rel in on_disk.difference(&files.keys().cloned().collect()) {
        match fs::remove_file(book_dir.join(rel)) {
            Ok(()) => {}
            // Another build removed it first.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                bail!("cannot remove {}: {e}", shown(book_dir, rel));
            }
        }
        remove_empty_folders(book_dir, rel);
        report.removed.push(rel.clone());
    }
    Ok(report)
}

/// Writes `bytes` to a new file beside `path`, then renames it to `path`:
/// a link at `path` would be replaced, never written through.
fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".tmp{}", std::process::id()));
    let temp = path.with_file_name(name);
    let written = (|| {
        // create_new: never opens an existing file or link.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Removes the folders above `rel` that are left empty, up to (and not
/// including) its generated folder.
fn remove_empty_folders(book_dir: &Path, rel: &Path) {
    let mut folder = rel.parent();
    while let Some(dir) = folder {
        if dir.components().count() < 2
            || fs::remove_dir(book_dir.join(dir)).is_err()
        {
            break;
        }
        folder = dir.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("dl-book-generate-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn files(list: &[(&str, &str)]) -> BTreeMap<PathBuf, Vec<u8>> {
        list.iter()
            .map(|(p, b)| (PathBuf::from(p), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn writes_changed_files_and_removes_stale_ones() {
        let dir = scratch("write");
        let book = dir.join("book");
        let first =
            files(&[("figures/a/x.svg", "1"), ("outputs/a/y.txt", "2")]);
        let report = write_files(&book, &first).unwrap();
        assert_eq!(report.written.len(), 2);
        let second =
            files(&[("figures/a/x.svg", "1"), ("outputs/b/z.txt", "3")]);
        let report = write_files(&book, &second).unwrap();
        assert_eq!(report.written, [PathBuf::from("outputs/b/z.txt")]);
        assert_eq!(report.unchanged, 1);
        assert_eq!(report.removed, [PathBuf::from("outputs/a/y.txt")]);
        assert!(!book.join("outputs/a").exists(), "empty folder left");
        assert_eq!(
            files_on_disk(&book).unwrap(),
            [
                PathBuf::from("figures/a/x.svg"),
                PathBuf::from("outputs/b/z.txt")
            ]
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn paths_outside_the_generated_folders_are_refused() {
        let dir = scratch("outside");
        let book = dir.join("book");
        for bad in [
            "intro.md",
            "figures",
            "figures/../x.svg",
            "/etc/x",
            "theme/a.css",
        ] {
            let err = write_files(&book, &files(&[(bad, "x")])).unwrap_err();
            assert!(
                err.to_string().contains("not in book/figures"),
                "{bad}: {err}"
            );
        }
        assert!(!book.exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
