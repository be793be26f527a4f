//! A chapter's manifest: what it prints and what it draws.

use std::collections::BTreeMap;
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

    /// Every file the chapter generates, by path relative to `book/`:
    /// `figures/<chapter>/<figure>.svg` and `outputs/<chapter>/<demo>.txt`;
    /// for each knob, `figures/<chapter>/<knob>-<i>.svg` and
    /// `outputs/<chapter>/<knob>.knob.html`; for each group of questions,
    /// `outputs/<chapter>/quiz-<group>.html`.
    ///
    /// # Errors
    ///
    /// The first demo or figure that fails, or two with the same name.
    pub fn files(&self) -> Result<BTreeMap<PathBuf, Vec<u8>>> {
        let mut files = BTreeMap::new();
        let mut add = |path: PathBuf, bytes: Vec<u8>| {
            if files.insert(path.clone(), bytes).is_some() {
                return Err(format!("two items make {}", path.display()));
            }
            Ok(())
        };
        for demo in self.demos {
            let path = Path::new("outputs").join(self.name);
            let file = path.join(format!("{}.txt", demo.name()));
            add(file, demo.output()?.into_bytes())?;
        }
        for figure in self.figures {
            let path = Path::new("figures").join(self.name);
            let file = path.join(format!("{}.svg", figure.name()));
            add(file, figure.draw()?.into_bytes())?;
        }
        for knob in self.knobs {
            for (i, svg) in knob.frames()?.into_iter().enumerate() {
                add(knob.frame_path(self.name, i).into(), svg.into_bytes())?;
            }
            let html = knob.html(self.name)?;
            add(knob.html_path(self.name).into(), html.into_bytes())?;
        }
        for quiz in self.quizzes {
            let html = quiz.html(self.name)?;
            add(quiz.html_path(self.name).into(), html.into_bytes())?;
        }
        Ok(files)
    }

    /// The check behind [`chapter_tests!`](crate::chapter_tests): every
    /// demo runs, every figure draws an SVG, the same bytes a second time
    /// (the book's files must not change from run to run), and no two
    /// items share a file.
    ///
    /// # Errors
    ///
    /// Names the first demo or figure that fails.
    pub fn check(&self) -> Result {
        self.files()?;
        for figure in self.figures {
            // files() drew each figure once already; one more is enough.
            if figure.draw()? != figure.draw()? {
                return Err(format!(
                    "figure {} differs when drawn again",
                    figure.name()
                )
                .into());
            }
        }
        Ok(())
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

    #[test]
    fn check_names_what_fails() {
        let check = |c: Chapter| c.check().map_err(|e| e.to_string());
        assert_eq!(check(chapter(crate::demos![hello], &[])), Ok(()));
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
            Err("figure unstable differs when drawn again".into())
        );
        assert_eq!(
            check(chapter(&[], crate::figures![svg, svg])),
            Err("two items make figures/ch99-test/svg.svg".into())
        );
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
