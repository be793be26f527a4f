//! `cargo run --release`: regenerates every figure and output, then renders
//! the book to target/book. `cargo run --release -- serve` also serves it;
//! `cargo run --release -- pdf` also prints it to target/book/book.pdf.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, ExitCode};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use clap::{Parser, Subcommand};
use dl_book::render::Site;
use dl_book::scaffold::{self, ChapterName};
use dl_book::{generate, pdf, serve};

/// Builds the book: regenerates every figure and output from the chapter
/// crates, then renders the pages to target/book.
#[derive(Debug, Parser)]
#[command(name = "dl-book", bin_name = "cargo run --release --")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate figures and outputs, render the book (the default)
    Build {
        /// Only regenerate figures and outputs; leave target/book as it is
        #[arg(long)]
        no_render: bool,
    },
    /// Build, then serve the book at http://127.0.0.1:PORT and rebuild it
    /// when a page or a chapter changes
    Serve {
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 3000)]
        port: u16,
    },
    /// Build, then print the book to target/book/book.pdf with a local
    /// Chromium (on PATH, or the CHROME variable)
    Pdf,
    /// Write a new chapter (crate, page, registration) and build the book
    NewChapter {
        /// Folder and crate name, like ch10-backprop
        name: String,
        /// The chapter's title, like "误差反向传播"
        title: String,
    },
}

/// The first failure to print to stdout, if any; a closed stdout (the
/// reader of a pipe went away) is not one.
static STDOUT_FAILED: Mutex<Option<String>> = Mutex::new(None);

/// Prints a line to stdout without ever panicking (`println!` panics when
/// stdout is closed or full); the work goes on, and a failure other than a
/// closed pipe makes the program fail at the end.
fn print_line(line: fmt::Arguments<'_>) {
    let printed = writeln!(io::stdout().lock(), "{line}");
    if let Err(e) = printed {
        stdout_failed(&e);
    }
}

fn stdout_failed(e: &io::Error) {
    if e.kind() != io::ErrorKind::BrokenPipe {
        STDOUT_FAILED
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert_with(|| e.to_string());
    }
}

macro_rules! say {
    ($($arg:tt)*) => { print_line(format_args!($($arg)*)) };
}

fn main() -> ExitCode {
    let code = match Cli::try_parse() {
        Ok(cli) => match run(cli) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                // If stderr is gone too, there is no one left to tell.
                let _ = writeln!(io::stderr(), "error: {e:#}");
                ExitCode::FAILURE
            }
        },
        // --help and --version are "errors" printed to stdout, exit 0.
        Err(e) => match e.print() {
            Ok(()) => ExitCode::from(e.exit_code() as u8),
            Err(print) if !e.use_stderr() => {
                stdout_failed(&print);
                ExitCode::from(e.exit_code() as u8)
            }
            Err(_) => ExitCode::from(e.exit_code() as u8),
        },
    };
    let failed = STDOUT_FAILED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    match failed {
        Some(why) => {
            let _ = writeln!(
                io::stderr(),
                "error: cannot write to stdout: {why}; free some space or \
                 send the output elsewhere"
            );
            ExitCode::FAILURE
        }
        None => code,
    }
}

fn run(cli: Cli) -> Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let site = Site::new(root.join("target/book"));
    match cli.command.unwrap_or(Command::Build { no_render: false }) {
        Command::Build { no_render } => build(&root, &site, !no_render),
        Command::Serve { port } => {
            // The port first: if it is taken, say so before a full build.
            let listener = serve::listen(port)?;
            let site = Arc::new(site);
            let live = serve::start(listener, Arc::clone(&site))?;
            say!(
                "serving the book at http://127.0.0.1:{} (Ctrl-C stops); \
                 building it first",
                live.port()
            );
            build(&root, &site, true)?;
            say!(
                "watching book/, theme/, book.toml, chapters/ and kit/ for \
                 changes"
            );
            serve::watch(&root, &live, |changed| rebuild(&root, &site, changed))
        }
        Command::Pdf => print_pdf(&root, &site),
        Command::NewChapter { name, title } => {
            new_chapter(&root, &name, &title)
        }
    }
}

/// Builds the book, then prints its print page to target/book/book.pdf.
/// Chromium and the Chinese fonts are looked for first, so that a missing
/// one is reported before the build.
fn print_pdf(root: &Path, site: &Site) -> Result<()> {
    let Some(chromium) = pdf::find_chromium() else {
        bail!("no Chromium found to print the book: {}", pdf::INSTALL_HINT);
    };
    if !chromium.is_file() {
        bail!(
            "{} does not exist: {}",
            chromium.display(),
            pdf::INSTALL_HINT
        );
    }
    pdf::check_chinese_fonts()?;
    build(root, site, true)?;
    let start = Instant::now();
    let dir = site.dir();
    let out = dir.join("book.pdf");
    let printed = pdf::print(&chromium, &dir.join("print.html"), &out)?;
    say!(
        "wrote {} ({} pages, {:.1} MB) with {} ({:.1} s)",
        out.display(),
        printed.pages,
        printed.bytes as f64 / 1e6,
        chromium.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Scaffolds the chapter, then has cargo build the book with it (this
/// program was compiled without it) so its figures and outputs exist.
fn new_chapter(root: &Path, name: &str, title: &str) -> Result<()> {
    let name = ChapterName::parse(name)?;
    let done = scaffold::scaffold(root, &name, title)?;
    for path in &done.created {
        say!("created {}", path.display());
    }
    for path in &done.edited {
        say!("edited  {}", path.display());
    }
    cargo_build(root, &["build"])?;
    say!(
        "\n{} is in the book. Next: write its page and crate; list it in \
         book/intro.md, book/course-map.md and book/glossary.md (see \
         CONTRIBUTING.md); `cargo test --workspace` checks it all.",
        name.name
    );
    Ok(())
}

/// Regenerates figures and outputs, then renders the book into `site`.
fn build(root: &Path, site: &Site, render: bool) -> Result<()> {
    let start = Instant::now();
    let book_dir = root.join("book");
    let report = generate::write_all(&book_dir)?;
    for path in &report.written {
        say!("wrote   book/{}", path.display());
    }
    for path in &report.removed {
        say!("removed book/{} (no chapter makes it)", path.display());
    }
    say!(
        "figures and outputs: {} written, {} unchanged, {} removed ({:.2} s)",
        report.written.len(),
        report.unchanged,
        report.removed.len(),
        start.elapsed().as_secs_f64()
    );
    if render {
        render_book(root, site)?;
        say!("total {:.2} s", start.elapsed().as_secs_f64());
    }
    Ok(())
}

fn render_book(root: &Path, site: &Site) -> Result<()> {
    let start = Instant::now();
    let pages = site.render(root)?;
    say!(
        "rendered {} pages to target/book ({:.2} s); open {}",
        pages,
        start.elapsed().as_secs_f64(),
        site.dir().join("index.html").display()
    );
    Ok(())
}

/// After changes while serving: page and theme edits only re-render; a
/// change to code (a chapter, kit, or the list of chapters) needs a new
/// program, so cargo rebuilds it and it regenerates the figures and
/// outputs; then the book is rendered here, swapped in whole.
fn rebuild(root: &Path, site: &Site, changed: &[PathBuf]) -> Result<()> {
    if serve::needs_new_program(root, changed) {
        cargo_build(root, &["build", "--no-render"])?;
    }
    render_book(root, site)
}

/// `cargo run --release -- ARGS`: this program, compiled anew.
fn cargo_build(root: &Path, args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Process::new(cargo)
        .args(["run", "--release", "--quiet", "--"])
        .args(args)
        .current_dir(root)
        .status()
        .context("cannot start cargo to rebuild the book")?;
    if !status.success() {
        bail!("rebuilding the book failed ({status}); its messages are above");
    }
    Ok(())
}
