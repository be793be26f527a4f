//! What every chapter crate hands to the book: its figures and its demos.
//!
//! A chapter lists them in two constants, `FIGURES` and `DEMOS`. Its
//! program prints the demos; the book crate writes each figure to
//! `book/figures/<chapter>/<name>.svg` and each demo's output to
//! `book/outputs/<chapter>/<name>.txt`, where the pages include them.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::plot::DrawResult;

/// A figure of a chapter: a name (the file stem) and the code that draws it.
#[derive(Clone, Copy)]
pub struct Figure {
    /// File stem, e.g. `"sigmoid"` for `sigmoid.svg`.
    pub name: &'static str,
    /// Draws the figure and returns the SVG text.
    pub draw: fn() -> DrawResult<String>,
}

/// A demo of a chapter: a name (the file stem) and the code that prints it.
#[derive(Clone, Copy)]
pub struct Demo {
    /// File stem, e.g. `"sigmoid"` for `sigmoid.txt`.
    pub name: &'static str,
    /// Prints the demo's output.
    pub run: fn(&mut dyn Write) -> io::Result<()>,
}

impl fmt::Debug for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Figure({})", self.name)
    }
}

impl fmt::Debug for Demo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Demo({})", self.name)
    }
}

/// Turns an error that a demo cannot meet (its inputs are fixed in its
/// code) into the demo's I/O error, so the program reports it instead of
/// panicking: `.map_err(bug)?`.
///
/// # Examples
///
/// ```
/// use ch00_tools::chapter::bug;
///
/// let err = bug("shapes (2, 3) and (2, 2) do not fit");
/// assert_eq!(err.to_string(), "shapes (2, 3) and (2, 2) do not fit");
/// ```
pub fn bug(e: impl fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// Runs every demo in order, each under a `== name ==` heading.
///
/// # Examples
///
/// ```
/// use ch00_tools::chapter::{Demo, run_demos};
///
/// fn hello(out: &mut dyn std::io::Write) -> std::io::Result<()> {
///     writeln!(out, "你好")
/// }
/// let mut out = Vec::new();
/// run_demos(&[Demo { name: "hello", run: hello }], &mut out)?;
/// assert_eq!(String::from_utf8(out).unwrap(), "== hello ==\n你好\n\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn run_demos(demos: &[Demo], out: &mut dyn Write) -> io::Result<()> {
    for demo in demos {
        writeln!(out, "== {} ==", demo.name)?;
        (demo.run)(out)?;
        writeln!(out)?;
    }
    Ok(())
}

/// The output of one demo as a string.
///
/// # Examples
///
/// ```
/// use ch00_tools::chapter::{Demo, demo_output};
///
/// fn hello(out: &mut dyn std::io::Write) -> std::io::Result<()> {
///     writeln!(out, "你好")
/// }
/// let demo = Demo { name: "hello", run: hello };
/// assert_eq!(demo_output(&demo)?, "你好\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn demo_output(demo: &Demo) -> io::Result<String> {
    let mut out = Vec::new();
    (demo.run)(&mut out)?;
    String::from_utf8(out).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("demo {} printed invalid UTF-8: {e}", demo.name),
        )
    })
}

/// Draws every figure into `dir` as `<name>.svg`; returns the paths written.
///
/// # Examples
///
/// ```
/// use ch00_tools::chapter::write_figures;
///
/// let dir = std::env::temp_dir().join("ch00-tools-write-figures-doctest");
/// let written = write_figures(ch00_tools::FIGURES, &dir)?;
/// assert_eq!(written, [dir.join("first-figure.svg")]);
/// assert!(std::fs::read_to_string(&written[0])?.starts_with("<svg"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_figures(
    figures: &[Figure],
    dir: &Path,
) -> DrawResult<Vec<PathBuf>> {
    fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for fig in figures {
        let svg =
            (fig.draw)().map_err(|e| format!("figure {}: {e}", fig.name))?;
        let path = dir.join(format!("{}.svg", fig.name));
        fs::write(&path, svg)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// The body of every chapter's `main`: prints the demos, and with
/// `--figures DIR` also writes the figures there.
pub fn chapter_main(figures: &[Figure], demos: &[Demo]) -> DrawResult<()> {
    let mut args = std::env::args().skip(1);
    let mut figure_dir = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--figures" => {
                let dir = args.next().ok_or("--figures needs a directory")?;
                figure_dir = Some(PathBuf::from(dir));
            }
            "-h" | "--help" => {
                println!("usage: [--figures DIR]");
                println!("prints the chapter's demos; --figures DIR also");
                println!("writes its figures as SVG files into DIR");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    run_demos(demos, &mut io::stdout().lock())?;
    if let Some(dir) = figure_dir {
        for path in write_figures(figures, &dir)? {
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}
