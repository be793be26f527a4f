//! The machinery every chapter crate shares; no page teaches it.
//!
//! A chapter crate exports one value, its [`Chapter`] manifest: the demos
//! it prints and the figures it draws. Everything else derives from it:
//! the chapter program ([`cli::main`]), the chapter's own check
//! ([`chapter_tests!`]), and the book tool, which writes every demo's
//! output to `book/outputs/<chapter>/` and every figure to
//! `book/figures/<chapter>/`.
//!
//! ```
//! use std::io::Write;
//!
//! fn hello(out: &mut dyn Write) -> kit::Result {
//!     writeln!(out, "你好")?;
//!     Ok(())
//! }
//!
//! const CHAPTER: kit::Chapter = kit::Chapter {
//!     name: "ch99-example",
//!     about: "an example",
//!     demos: kit::demos![hello],
//!     figures: &[],
//!     knobs: &[],
//!     quizzes: &[],
//! };
//! assert_eq!(CHAPTER.output("hello")?, "你好\n");
//! # Ok::<(), kit::Error>(())
//! ```
#![doc(test(attr(deny(warnings))))]

pub mod chapter;
pub mod cli;
pub mod interactive;
pub mod pass_cache;
pub mod plot;

pub use chapter::{Chapter, Demo, Error, Figure, Result};
pub use interactive::{Answer, Choice, Knob, Question, Quiz};

/// Runs every job on a thread of its own, all side by side, and returns
/// their results in the order of `jobs`; a job that panics panics the
/// caller with its own message. How the book generates its files (the
/// chapters, their demos, chapter 9's trainings) on every core.
///
/// ```
/// let squares = kit::side_by_side((1..=3).map(|i| move || i * i));
/// assert_eq!(squares, [1, 4, 9]);
/// ```
pub fn side_by_side<T: Send, F: FnOnce() -> T + Send>(
    jobs: impl IntoIterator<Item = F>,
) -> Vec<T> {
    std::thread::scope(|scope| {
        let running: Vec<_> =
            jobs.into_iter().map(|job| scope.spawn(job)).collect();
        running
            .into_iter()
            .map(|job| {
                job.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The demos of a chapter, from the functions that print them: each
/// function's name, with `-` for `_`, is the demo's name and the stem of
/// its output file (`linear_scalar` prints `linear-scalar.txt`).
///
/// ```
/// fn first(out: &mut dyn std::io::Write) -> kit::Result {
///     Ok(writeln!(out, "1")?)
/// }
/// let demos: &[kit::Demo] = kit::demos![first];
/// assert_eq!(demos[0].name(), "first");
/// ```
#[macro_export]
macro_rules! demos {
    ($($run:ident),* $(,)?) => {
        const { &[$($crate::Demo::new(stringify!($run), $run)),*] }
    };
}

/// The figures of a chapter, from the functions that draw them, named as
/// in [`demos!`] (`step_vs_sigmoid` draws `step-vs-sigmoid.svg`).
#[macro_export]
macro_rules! figures {
    ($($draw:ident),* $(,)?) => {
        const { &[$($crate::Figure::new(stringify!($draw), $draw)),*] }
    };
}

/// The check every chapter makes of itself, from its manifest: every
/// demo runs, every figure draws an SVG, no two share a name, and the
/// files under the book's `book/figures/` and `book/outputs/` are what
/// they make (see [`Chapter::check`]). Put
/// `kit::chapter_tests!(CHAPTER);` in the chapter's `lib.rs`.
#[macro_export]
macro_rules! chapter_tests {
    ($chapter:path) => {
        #[cfg(test)]
        mod manifest_tests {
            use super::*;

            /// Runs every demo (chapter 9's train networks): skipped when
            /// this test binary found the same files in sync before.
            #[test]
            fn every_demo_runs_and_its_files_are_in_sync() {
                let book = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../book");
                let figures = book.join("figures").join($chapter.name);
                let outputs = book.join("outputs").join($chapter.name);
                let inputs = [figures.as_path(), outputs.as_path()];
                $crate::pass_cache::unless_passed(
                    "chapter-check",
                    &inputs,
                    || {
                        if let Err(e) = $chapter.check(&book) {
                            panic!("{e}");
                        }
                    },
                );
            }
        }
    };
}

/// Demos and figures for the tests of this crate.
#[cfg(test)]
mod fixtures {
    use std::io::Write;

    pub fn hello(out: &mut dyn Write) -> crate::Result {
        writeln!(out, "你好")?;
        Ok(())
    }

    pub fn broken(_: &mut dyn Write) -> crate::Result {
        Err("没有数据".into())
    }

    pub fn svg() -> crate::Result<String> {
        Ok("<svg></svg>".into())
    }
}
