//! Renders the book with mdBook as a library, math and diagrams included.
//!
//! Nothing goes wrong silently: a broken `{{#include}}` (missing file,
//! missing anchor), a formula KaTeX cannot typeset, and every warning or
//! error mdBook or a plugin logs fail the render with a message naming
//! the page (and line, where there is one). The book is rendered into a
//! fresh folder beside the destination and swapped in whole, so a failed
//! render leaves the last good book in place and a reader (the server)
//! never sees half of one.

mod diagrams;
mod includes;
mod math;
mod messages;

use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use anyhow::{Context, Result, anyhow, bail};
use mdbook_driver::MDBook;

pub use includes::Problem;

/// Loads the book at `root` with the KaTeX and mermaid preprocessors
/// registered in code, so no `mdbook-*` program needs to be installed.
pub fn load(root: &Path) -> Result<MDBook> {
    let mut book = MDBook::load(root).map_err(|e| {
        anyhow!("cannot load the book at {}: {e:#}", root.display())
    })?;
    // These replace the command-line preprocessors that book.toml's
    // [preprocessor.katex] and [preprocessor.mermaid] tables would start.
    book.with_preprocessor(math::CheckedKatex)
        .with_preprocessor(diagrams::Diagrams);
    Ok(book)
}

/// Renders the book at `root` into `build_dir` (or book.toml's build-dir);
/// returns the number of chapter pages rendered.
///
/// # Errors
///
/// Every problem of the book, one line each (see the module's docs); the
/// destination is then left as it was.
pub fn render(root: &Path, build_dir: Option<&Path>) -> Result<usize> {
    let capture = messages::capture()?;
    let book = load(root)?;
    let dir = match build_dir {
        Some(dir) => dir.to_path_buf(),
        None => book.root.join(&book.config.build.build_dir),
    };
    render_into(book, &capture, &Site::new(dir))
}

/// The problems that stopped a build, one per line.
#[derive(Debug)]
pub struct Problems(pub Vec<String>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(
                    f,
                    "the book has {} problems; fix them and build again:",
                    all.len()
                )?;
                for line in all {
                    write!(f, "\n  {line}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Problems {}

impl From<Vec<Problem>> for Problems {
    fn from(problems: Vec<Problem>) -> Problems {
        Problems(problems.iter().map(Problem::to_string).collect())
    }
}

/// A rendered book's folder, replaced whole by each render. Whoever holds
/// [`Site::read`] sees either the old tree or the new one, never a folder
/// in between.
#[derive(Debug)]
pub struct Site {
    dir: PathBuf,
    swap: RwLock<()>,
}

impl Site {
    /// The site in folder `dir` (which need not exist yet).
    pub fn new(dir: impl Into<PathBuf>) -> Site {
        Site {
            dir: dir.into(),
            swap: RwLock::new(()),
        }
    }

    /// The site's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Holds off any swap while the guard lives.
    pub fn read(&self) -> RwLockReadGuard<'_, ()> {
        self.swap.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Renders the book at `root` into this site; see [`render`].
    ///
    /// # Errors
    ///
    /// As [`render`].
    pub fn render(&self, root: &Path) -> Result<usize> {
        let capture = messages::capture()?;
        render_into(load(root)?, &capture, self)
    }

    /// Moves the complete tree `fresh` (a folder on the same file system)
    /// into the site's place, and removes the old one.
    ///
    /// # Errors
    ///
    /// When a folder cannot be moved or removed; the site's folder is then
    /// the old one if it can be put back.
    pub fn replace(&self, fresh: &Path) -> Result<()> {
        let old = beside(&self.dir, "old");
        remove_tree(&old)?;
        {
            let _swapping =
                self.swap.write().unwrap_or_else(PoisonError::into_inner);
            let had_one = match fs::symlink_metadata(&self.dir) {
                Ok(_) => {
                    fs::rename(&self.dir, &old).with_context(|| {
                        format!("cannot move {} aside", self.dir.display())
                    })?;
                    true
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => false,
                Err(e) => bail!("cannot look at {}: {e}", self.dir.display()),
            };
            if let Err(e) = fs::rename(fresh, &self.dir) {
                if had_one {
                    let _ = fs::rename(&old, &self.dir);
                }
                bail!(
                    "cannot move the new book into {}: {e}",
                    self.dir.display()
                );
            }
        }
        remove_tree(&old)
    }
}

/// `dir` with `.suffix` added to its name, in the same folder.
fn beside(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    dir.with_file_name(name)
}

/// Removes `path` if it is there: a folder with all it holds (symbolic
/// links inside are removed, never followed), or a file or link.
fn remove_tree(path: &Path) -> Result<()> {
    let removed = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
    };
    removed.with_context(|| format!("cannot remove {}", path.display()))
}

/// The module of mdBook's links preprocessor, which logs (without the
/// page) the include problems [`includes::check`] reports with it.
const LINKS: &str = "mdbook_driver::builtin_preprocessors::links";

fn render_into(
    mut book: MDBook,
    capture: &messages::Capture,
    site: &Site,
) -> Result<usize> {
    let parent = site.dir.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    // One render at a time into this site, across processes: two builds
    // at once would otherwise share the staging folder.
    let lock_path = beside(&site.dir, "lock");
    let lock = File::create(&lock_path)
        .with_context(|| format!("cannot create {}", lock_path.display()))?;
    lock.lock()
        .with_context(|| format!("cannot lock {}", lock_path.display()))?;
    let staging = beside(&site.dir, "next");
    remove_tree(&staging)?;
    // Include problems are found first, but the book is built all the
    // same, so that one build lists every problem (math included).
    let (found, can_run) = includes::check(&book);
    let mut problems: Vec<String> =
        found.iter().map(Problem::to_string).collect();
    if !can_run {
        bail!(Problems(problems));
    }
    let includes_broken = !problems.is_empty();
    book.config.build.build_dir = staging.clone();
    let built = book.build();
    if let Err(e) = built {
        match e.downcast::<Problems>() {
            Ok(found) => problems.extend(found.0),
            Err(e) => problems.push(format!("mdBook failed: {e:#}")),
        }
    }
    problems.extend(
        capture.take_but(|module| includes_broken && module.starts_with(LINKS)),
    );
    if !problems.is_empty() {
        remove_tree(&staging)?;
        bail!(Problems(problems));
    }
    site.replace(&staging)?;
    Ok(book
        .iter()
        .filter(|item| {
            matches!(item, mdbook_driver::book::BookItem::Chapter(_))
        })
        .count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("dl-book-render-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replacing_swaps_the_whole_tree() {
        let dir = scratch("replace");
        let site = Site::new(dir.join("book"));
        for (round, text) in ["one", "two"].into_iter().enumerate() {
            let fresh = dir.join(format!("fresh{round}"));
            fs::create_dir_all(fresh.join("sub")).unwrap();
            fs::write(fresh.join("sub/a.txt"), text).unwrap();
            site.replace(&fresh).unwrap();
            assert!(!fresh.exists());
            assert_eq!(
                fs::read_to_string(dir.join("book/sub/a.txt")).unwrap(),
                text
            );
        }
        assert!(!dir.join("book.old").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn problems_read_as_one_line_or_a_list() {
        assert_eq!(Problems(vec!["a.md:1: x".into()]).to_string(), "a.md:1: x");
        assert_eq!(
            Problems(vec!["a".into(), "b".into()]).to_string(),
            "the book has 2 problems; fix them and build again:\n  a\n  b"
        );
    }
}
