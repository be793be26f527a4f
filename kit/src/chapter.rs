//! A chapter's manifest: what it prints and what it draws.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::interactive::{Knob, Quiz};

/// Any error a demo or a figure can meet, boxed, so that `?` works on
/// every error type a chapter has (and on a `String`).
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What demos and figures return.
pub type Result<T = (), E = Error> = std::result::Result<T, E>;

/// A demo: code that prints what a page shows.
#[derive(Clone, Copy)]
pub struct Demo {
    ident: &'static str,
    run: fn(&mut dyn Write) -> Result,
}

/// A figure: code that draws an SVG a page shows.
#[derive(Clone, Copy)]
pub struct Figure {
    ident: &'static str,
    draw: fn() -> Result<String>,
}

/// The file stem of an item named after the function `ident`.
fn stem(ident: &str) -> String {
    ident.replace('_', "-")
}

impl Demo {
    /// The demo that `run` prints, named after the function `ident`
    /// (see [`demos!`](crate::demos)).
    pub const fn new(
        ident: &'static str,
        run: fn(&mut dyn Write) -> Result,
    ) -> Self {
        Demo { ident, run }
    }

    /// The demo's name, which is also the stem of its output file.
    pub fn name(&self) -> String {
        stem(self.ident)
    }

    /// Prints the demo to `out`.
    pub fn run(&self, out: &mut dyn Write) -> Result {
        (self.run)(out)
    }

    /// What the demo prints.
    ///
    /// # Errors
    ///
    /// When the demo fails or prints something that is not UTF-8.
    pub fn output(&self) -> Result<String> {
        let mut out = Vec::new();
        self.run(&mut out)
            .map_err(|e| format!("demo {} failed: {e}", self.name()))?;
        String::from_utf8(out).map_err(|e| {
            format!("demo {} printed invalid UTF-8: {e}", self.name()).into()
        })
    }
}

impl Figure {
    /// The figure that `draw` draws, named after the function `ident`
    /// (see [`figures!`](crate::figures)).
    pub const fn new(
        ident: &'static str,
        draw: fn() -> Result<String>,
    ) -> Self {
        Figure { ident, draw }
    }

    /// The figure's name, which is also the stem of its SVG file.
    pub fn name(&self) -> String {
        stem(self.ident)
    }

    /// Draws the figure and returns the SVG text.
    ///
    /// # Errors
    ///
    /// When drawing fails, or what it draws is not an SVG.
    pub fn draw(&self) -> Result<String> {
        let svg = (self.draw)()
            .map_err(|e| format!("figure {} failed: {e}", self.name()))?;
        if !svg.starts_with("<svg") {
            return Err(format!("figure {} is not an SVG", self.name()).into());
        }
        Ok(svg)
    }
}

impl fmt::Debug for Demo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Demo({})", self.name())
    }
}

impl fmt::Debug for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Figure({})", self.name())
    }
}

/// A demo that failed, as the chapter program reports it: the demo's name,
/// with the error it met as the source, so every cause stays in the chain.
#[derive(Debug)]
struct DemoFailed {
    demo: String,
    source: Error,
}

impl fmt::Display for DemoFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "演示 {} 出错", self.demo)
    }
}

impl std::error::Error for DemoFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// `e`, met by `demo`, named after it. An error of the output itself (a
/// closed pipe, a full disk) stays as it is.
fn in_demo(demo: &Demo, e: Error) -> Error {
    if e.is::<std::io::Error>() {
        return e;
    }
    Box::new(DemoFailed {
        demo: demo.name(),
        source: e,
    })
}

/// A chapter crate as the book sees it. Each chapter exports one, named
/// `CHAPTER`, in its `lib.rs`.
#[derive(Debug, Clone, Copy)]
pub struct Chapter {
    /// Package and folder name, e.g. `ch02-activations`; also the name of
    /// its page (`book/<name>.md`) and of its figure and output folders.
    pub name: &'static str,
    /// One line on what the chapter teaches (the program's `--help`).
    pub about: &'static str,
    /// What the chapter prints, in the order of its page.
    pub demos: &'static [Demo],
    /// What the chapter draws.
    pub figures: &'static [Figure],
    /// Figures with a knob (see [`Knob`]).
    pub knobs: &'static [Knob],
    /// Self-check questions, by group (see [`Quiz`]).
    pub quizzes: &'static [Quiz],
}

/// Declares a chapter's manifest from its crate's name and description:
/// `kit::chapter!(demos::DEMOS, figures::FIGURES)`, and optionally its
/// knobs and questions: `kit::chapter!(demos::DEMOS, figures::FIGURES,
/// knobs = knobs::KNOBS, quizzes = quiz::QUIZZES)`.
#[macro_export]
macro_rules! chapter {
    (
        $demos:expr, $figures:expr
        $(, knobs = $knobs:expr)?
        $(, quizzes = $quizzes:expr)?
        $(,)?
    ) => {
        /// This chapter as the book sees it: what it prints and draws.
        pub const CHAPTER: $crate::Chapter = $crate::Chapter {
            name: env!("CARGO_PKG_NAME"),
            about: env!("CARGO_PKG_DESCRIPTION"),
            demos: $demos,
            figures: $figures,
            knobs: {
                let knobs: &[$crate::Knob] = &[];
                $(let knobs: &[$crate::Knob] = $knobs;)?
                knobs
            },
            quizzes: {
                let quizzes: &[$crate::Quiz] = &[];
                $(let quizzes: &[$crate::Quiz] = $quizzes;)?
                quizzes
            },
        };
    };
}

impl Chapter {
    /// The demo called `name`.
    ///
    /// # Errors
    ///
    /// When no demo has that name; the message lists the names there are.
    pub fn demo(&self, name: &str) -> Result<&Demo> {
        self.demos.iter().find(|d| d.name() == name).ok_or_else(|| {
            let names: Vec<_> = self.demos.iter().map(Demo::name).collect();
            format!(
                "{} has no demo named {name:?}; its demos are {}",
                self.name,
                names.join(", ")
            )
            .into()
        })
    }

    /// What the demo called `name` prints: tests check the text with it.
    ///
    /// # Errors
    ///
    /// When there is no such demo, or it fails.
    pub fn output(&self, name: &str) -> Result<String> {
        self.demo(name)?.output()
    }

    /// Prints every demo in order, each under a `== name ==` heading: what
    /// the chapter program prints.
    ///
    /// # Errors
    ///
    /// The first error of a demo, naming it (in the reader's language), or
    /// of `out`.
    pub fn run_demos(&self, out: &mut dyn Write) -> Result {
        for demo in self.demos {
            writeln!(out, "== {} ==", demo.name())?;
            demo.run(out).map_err(|e| in_demo(demo, e))?;
            writeln!(out)?;
        }
        Ok(())
    }

    /// What the chapter program prints: [`run_demos`](Self::run_demos)
    /// as a string, for tests that check the whole text.
    ///
    /// # Errors
    ///
    /// The first demo that fails.
    pub fn all_output(&self) -> Result<String> {
        let mut out = Vec::new();
        self.run_demos(&mut out)?;
        Ok(String::from_utf8(out)?)
    }

    /// The paths (relative to `book/`) of every file the chapter
    /// generates, without running anything: `figures/<chapter>/<figure>.svg`
    /// and `outputs/<chapter>/<demo>.txt`; for each knob,
    /// `figures/<chapter>/<knob>-<i>.svg` and
    /// `outputs/<chapter>/<knob>.knob.html`; for each group of questions,
    /// `outputs/<chapter>/quiz-<group>.html`.
    pub fn file_names(&self) -> Vec<PathBuf> {
        let outputs = Path::new("outputs").join(self.name);
        let figures = Path::new("figures").join(self.name);
        let demos = self.demos.iter().map(|d| outputs.join(d.name() + ".txt"));
        let drawn =
            self.figures.iter().map(|f| figures.join(f.name() + ".svg"));
        let knobs = self.knobs.iter().flat_map(|knob| {
            (0..knob.values.len())
                .map(|i| PathBuf::from(knob.frame_path(self.name, i)))
                .chain([PathBuf::from(knob.html_path(self.name))])
        });
        let quizzes = self
            .quizzes
            .iter()
            .map(|q| PathBuf::from(q.html_path(self.name)));
        demos.chain(drawn).chain(knobs).chain(quizzes).collect()
    }

    /// Every file the chapter generates (see
    /// [`file_names`](Self::file_names)), by path relative to `book/`.
    /// The demos, figures, knobs and questions run on threads of their
    /// own: the slow ones (chapter 9 trains several networks) side by side.
    ///
    /// # Errors
    ///
    /// Two items with the same file name (before anything runs), or the
    /// first demo or figure that fails (in the order of `file_names`).
    pub fn files(&self) -> Result<BTreeMap<PathBuf, Vec<u8>>> {
        let names = self.file_names();
        let mut seen = BTreeSet::new();
        if let Some(twice) = names.iter().find(|name| !seen.insert(*name)) {
            return Err(format!("two items make {}", twice.display()).into());
        }
        type Job<'a> = Box<dyn FnOnce() -> Result<Vec<Vec<u8>>> + Send + 'a>;
        let mut jobs: Vec<Job<'_>> = Vec::new();
        for demo in self.demos {
            jobs.push(Box::new(|| Ok(vec![demo.output()?.into()])));
        }
        for figure in self.figures {
            jobs.push(Box::new(|| Ok(vec![figure.draw()?.into()])));
        }
        for knob in self.knobs {
            jobs.push(Box::new(|| {
                let mut made: Vec<Vec<u8>> =
                    knob.frames()?.into_iter().map(Into::into).collect();
                made.push(knob.html(self.name)?.into());
                Ok(made)
            }));
        }
        for quiz in self.quizzes {
            jobs.push(Box::new(|| Ok(vec![quiz.html(self.name)?.into()])));
        }
        let mut bytes = Vec::new();
        for made in crate::side_by_side(jobs) {
            bytes.extend(made?);
        }
        Ok(names.into_iter().zip(bytes).collect())
    }

    /// The check behind [`chapter_tests!`](crate::chapter_tests): every
    /// demo runs and every figure draws an SVG, no two items share a
    /// file, and each file under `book_dir` (the book's `book/` folder)
    /// holds what is made: none missing or out of date. (Files that
    /// nothing makes are the book tool's check, in tests/generated.rs.)
    ///
    /// The files on disk were made by another process (`cargo run
    /// --release`, another build profile), so when they all match, the
    /// chapter made the same bytes twice and is deterministic. Only when
    /// something is missing or differs are the files made a second time,
    /// to tell a file that changes from run to run from one left out of
    /// date.
    ///
    /// # Errors
    ///
    /// Names the first demo or figure that fails, the files that differ
    /// between two runs, or else every file missing or out of date.
    pub fn check(&self, book_dir: &Path) -> Result {
        let files = self.files()?;
        let mut problems = Vec::new();
        for (rel, bytes) in &files {
            match fs::read(book_dir.join(rel)) {
                Err(_) => {
                    problems.push(format!("book/{} is missing", rel.display()))
                }
                Ok(old) if old != *bytes => problems
                    .push(format!("book/{} is out of date", rel.display())),
                Ok(_) => {}
            }
        }
        if problems.is_empty() {
            return Ok(());
        }
        let again = self.files()?;
        let differs: Vec<_> = files
            .iter()
            .filter(|(path, bytes)| again.get(*path) != Some(*bytes))
            .map(|(path, _)| path.display().to_string())
            .collect();
        if !differs.is_empty() {
            return Err(format!(
                "made again, these differ: {}",
                differs.join(", ")
            )
            .into());
        }
        Err(format!(
            "{}\nrun `cargo run --release` and commit book/figures and \
             book/outputs",
            problems.join("\n")
        )
        .into())
    }

    /// Draws every figure into `dir` as `<name>.svg`; returns the paths
    /// written.
    ///
    /// # Errors
    ///
    /// When a figure fails or a file cannot be written.
    pub fn write_figures(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let mut written = Vec::new();
        for figure in self.figures {
            let path = dir.join(format!("{}.svg", figure.name()));
            fs::write(&path, figure.draw()?)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            written.push(path);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::fixtures::{broken, hello, svg};

    fn not_svg() -> Result<String> {
        Ok("<html>".into())
    }

    fn unstable() -> Result<String> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        Ok(format!(
            "<svg>{}</svg>",
            CALLS.fetch_add(1, Ordering::Relaxed)
        ))
    }

    const fn chapter(
        demos: &'static [Demo],
        figures: &'static [Figure],
    ) -> Chapter {
        Chapter {
            name: "ch99-test",
            about: "a test",
            demos,
            figures,
            knobs: &[],
            quizzes: &[],
        }
    }

    /// A `book/` folder in the system's temporary folder, new each call.
    fn book_dir() -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir()
            .join(format!("kit-check-{}-{n}", std::process::id()))
            .join("book");
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    /// `chapter`'s files written under a new `book/` folder.
    fn written(chapter: Chapter) -> PathBuf {
        let book = book_dir();
        for (rel, bytes) in chapter.files().unwrap() {
            fs::create_dir_all(book.join(&rel).parent().unwrap()).unwrap();
            fs::write(book.join(rel), bytes).unwrap();
        }
        book
    }

    #[test]
    fn check_names_what_fails() {
        let book = book_dir();
        let check = |c: Chapter| c.check(&book).map_err(|e| e.to_string());
        assert_eq!(
            check(chapter(crate::demos![hello, broken], &[])),
            Err("demo broken failed: 没有数据".into())
        );
        assert_eq!(
            check(chapter(&[], crate::figures![not_svg])),
            Err("figure not-svg is not an SVG".into())
        );
        assert_eq!(
            check(chapter(&[], crate::figures![unstable])),
            Err("made again, these differ: figures/ch99-test/unstable.svg"
                .into())
        );
        assert_eq!(
            check(chapter(&[], crate::figures![svg, svg])),
            Err("two items make figures/ch99-test/svg.svg".into())
        );
    }

    #[test]
    fn check_compares_the_files_on_disk() {
        const CH: Chapter = chapter(crate::demos![hello], crate::figures![svg]);
        let book = written(CH);
        assert_eq!(CH.check(&book).map_err(|e| e.to_string()), Ok(()));
        fs::write(book.join("outputs/ch99-test/hello.txt"), "hi").unwrap();
        fs::remove_file(book.join("figures/ch99-test/svg.svg")).unwrap();
        let err = CH.check(&book).unwrap_err().to_string();
        assert_eq!(
            err,
            "book/figures/ch99-test/svg.svg is missing\n\
             book/outputs/ch99-test/hello.txt is out of date\n\
             run `cargo run --release` and commit book/figures and book/outputs"
        );
        fs::remove_dir_all(book.parent().unwrap()).unwrap();
    }

    #[test]
    fn file_names_are_the_files_made() {
        const CH: Chapter = chapter(crate::demos![hello], crate::figures![svg]);
        let mut names = CH.file_names();
        names.sort();
        let made: Vec<_> = CH.files().unwrap().into_keys().collect();
        assert_eq!(names, made);
    }

    #[test]
    fn demos_are_found_by_name_and_run_in_order() {
        const CH: Chapter = chapter(crate::demos![hello], &[]);
        assert_eq!(CH.output("hello").unwrap(), "你好\n");
        let err = CH.output("bye").unwrap_err().to_string();
        assert_eq!(
            err,
            "ch99-test has no demo named \"bye\"; its demos are hello"
        );
        let mut out = Vec::new();
        CH.run_demos(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "== hello ==\n你好\n\n");
    }

    #[test]
    fn names_are_the_function_names_in_kebab_case() {
        fn two_words(_: &mut dyn Write) -> Result {
            Ok(())
        }
        const CH: Chapter = chapter(crate::demos![two_words], &[]);
        let files = CH.files().unwrap();
        let paths: Vec<_> = files.keys().collect();
        assert_eq!(paths, [Path::new("outputs/ch99-test/two-words.txt")]);
    }
}
