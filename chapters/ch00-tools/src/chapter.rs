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

/// The demo called `name` among `demos`.
///
/// # Errors
///
/// When no demo has that name; the message names it and lists the names
/// there are.
///
/// # Examples
///
/// ```
/// use ch00_tools::chapter::demo_named;
///
/// let demo = demo_named(ch00_tools::DEMOS, "matrix-ops")?;
/// assert_eq!(demo.name, "matrix-ops");
/// let err = demo_named(ch00_tools::DEMOS, "no-such-demo").unwrap_err();
/// assert!(err.to_string().contains("no-such-demo"), "{err}");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn demo_named<'d>(demos: &'d [Demo], name: &str) -> io::Result<&'d Demo> {
    demos.iter().find(|d| d.name == name).ok_or_else(|| {
        let names: Vec<_> = demos.iter().map(|d| d.name).collect();
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("no demo named {name:?}; the demos are {names:?}"),
        )
    })
}

/// The output of the demo called `name` among `demos`: [`demo_named`],
/// then [`demo_output`]. Tests use it to check what one demo prints.
///
/// # Errors
///
/// When no demo has that name, or the demo fails or prints invalid UTF-8.
///
/// # Examples
///
/// ```
/// use ch00_tools::chapter::output_of_demo;
///
/// let text = output_of_demo(ch00_tools::DEMOS, "matrix-ops")?;
/// assert!(text.contains("[5.0, 11.0, 17.0]"));
/// assert!(output_of_demo(ch00_tools::DEMOS, "no-such-demo").is_err());
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn output_of_demo(demos: &[Demo], name: &str) -> io::Result<String> {
    demo_output(demo_named(demos, name)?)
}

/// The check every chapter's tests make: every demo runs, every figure
/// draws an SVG, and draws the same bytes a second time (the book's
/// figures must not change from run to run). Returns what
/// [`run_demos`] prints, for the chapter's own checks of the text.
///
/// # Errors
///
/// Names the first demo that fails or prints invalid UTF-8, or the first
/// figure that fails to draw, draws something other than an SVG or draws
/// different bytes the second time; also a name used twice among the
/// demos or among the figures (names are file stems).
///
/// # Examples
///
/// ```
/// use ch00_tools::chapter::check_chapter;
///
/// let text = check_chapter(ch00_tools::FIGURES, ch00_tools::DEMOS)?;
/// assert!(text.starts_with("== ndarray-basics ==\n"));
/// let mut out = Vec::new();
/// ch00_tools::run(&mut out)?;
/// assert_eq!(text.as_bytes(), out, "the text `run` prints");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_chapter(
    figures: &[Figure],
    demos: &[Demo],
) -> Result<String, String> {
    let demo_names: Vec<_> = demos.iter().map(|d| d.name).collect();
    let figure_names: Vec<_> = figures.iter().map(|f| f.name).collect();
    for (what, names) in [("demo", demo_names), ("figure", figure_names)] {
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                return Err(format!("two {what}s are named {name:?}"));
            }
        }
    }
    let mut text = String::new();
    for demo in demos {
        let output = demo_output(demo)
            .map_err(|e| format!("demo {}: {e}", demo.name))?;
        text.push_str(&format!("== {} ==\n{output}\n", demo.name));
    }
    for fig in figures {
        let draw =
            || (fig.draw)().map_err(|e| format!("figure {}: {e}", fig.name));
        let svg = draw()?;
        if !svg.starts_with("<svg") {
            return Err(format!("figure {} is not an SVG", fig.name));
        }
        if draw()? != svg {
            return Err(format!(
                "figure {} differs when drawn again",
                fig.name
            ));
        }
    }
    Ok(text)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn hello(out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "你好")
    }

    fn broken(_: &mut dyn Write) -> io::Result<()> {
        Err(bug("no data"))
    }

    fn svg() -> DrawResult<String> {
        Ok("<svg></svg>".into())
    }

    fn not_svg() -> DrawResult<String> {
        Ok("<html>".into())
    }

    fn unstable() -> DrawResult<String> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        Ok(format!(
            "<svg>{}</svg>",
            CALLS.fetch_add(1, Ordering::Relaxed)
        ))
    }

    #[test]
    fn check_chapter_names_what_fails() {
        let ok = Demo {
            name: "hello",
            run: hello,
        };
        let bad = Demo {
            name: "broken",
            run: broken,
        };
        let fig = |name, draw| Figure { name, draw };
        assert_eq!(check_chapter(&[], &[ok]).unwrap(), "== hello ==\n你好\n\n");
        let err = check_chapter(&[], &[ok, bad]).unwrap_err();
        assert_eq!(err, "demo broken: no data");
        let err = check_chapter(&[fig("a", not_svg)], &[]).unwrap_err();
        assert_eq!(err, "figure a is not an SVG");
        let err = check_chapter(&[fig("b", unstable)], &[]).unwrap_err();
        assert_eq!(err, "figure b differs when drawn again");
        let twice = [fig("c", svg), fig("c", svg)];
        let err = check_chapter(&twice, &[]).unwrap_err();
        assert_eq!(err, "two figures are named \"c\"");
        let err = check_chapter(&[], &[ok, ok]).unwrap_err();
        assert_eq!(err, "two demos are named \"hello\"");
    }

    #[test]
    fn demos_are_found_by_name() {
        let demos = [Demo {
            name: "hello",
            run: hello,
        }];
        assert_eq!(output_of_demo(&demos, "hello").unwrap(), "你好\n");
        let err = output_of_demo(&demos, "bye").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no demo named \"bye\"; the demos are [\"hello\"]"
        );
    }
}
