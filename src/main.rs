//! `cargo run --release`: regenerates every figure and output, then renders
//! the book to target/book. `cargo run --release -- serve` also serves it;
//! `cargo run --release -- pdf` also prints it to target/book/book.pdf.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use clap::{Parser, Subcommand};
use dl_book::scaffold::{self, ChapterName};
use dl_book::{generate, pdf, render, serve};

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
    Build,
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match cli.command.unwrap_or(Command::Build) {
        Command::Build => build(&root),
        Command::Serve { port } => {
            build(&root)?;
            let site = root.join("target/book");
            serve::serve(&root, &site, port, |changed| rebuild(&root, changed))
        }
        Command::Pdf => print_pdf(&root),
        Command::NewChapter { name, title } => {
            new_chapter(&root, &name, &title)
        }
    }
}

/// Builds the book, then prints its print page to target/book/book.pdf.
/// Chromium and the Chinese fonts are looked for first, so that a missing
/// one is reported before the build.
fn print_pdf(root: &Path) -> Result<()> {
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
    build(root)?;
    let start = Instant::now();
    let site = root.join("target/book");
    let out = site.join("book.pdf");
    let printed = pdf::print(&chromium, &site.join("print.html"), &out)?;
    println!(
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
        println!("created {}", path.display());
    }
    for path in &done.edited {
        println!("edited  {}", path.display());
    }
    cargo_build(root)?;
    println!(
        "\n{} is in the book. Next: write its page and crate; list it in \
         book/intro.md, book/course-map.md and book/glossary.md (see \
         CONTRIBUTING.md); `cargo test --workspace` checks it all.",
        name.name
    );
    Ok(())
}

/// Regenerates figures and outputs, then renders the book.
fn build(root: &Path) -> Result<()> {
    let start = Instant::now();
    let book_dir = root.join("book");
    let report = generate::write_all(&book_dir)?;
    for path in &report.written {
        println!("wrote   book/{}", path.display());
    }
    for path in &report.removed {
        println!("removed book/{} (no chapter makes it)", path.display());
    }
    println!(
        "figures and outputs: {} written, {} unchanged, {} removed ({:.2} s)",
        report.written.len(),
        report.unchanged,
        report.removed.len(),
        start.elapsed().as_secs_f64()
    );
    render_book(root)?;
    println!("total {:.2} s", start.elapsed().as_secs_f64());
    Ok(())
}

fn render_book(root: &Path) -> Result<()> {
    let start = Instant::now();
    let pages = render::render(root, None)?;
    let index = root.join("target/book/index.html");
    println!(
        "rendered {} pages to target/book ({:.2} s); open {}",
        pages,
        start.elapsed().as_secs_f64(),
        index.display()
    );
    Ok(())
}

/// After a change while serving: a page or theme edit only re-renders; a
/// chapter's code edit needs a new binary, so cargo rebuilds and reruns us.
fn rebuild(root: &Path, changed: &Path) -> Result<()> {
    if changed.starts_with(root.join("chapters")) {
        cargo_build(root)
    } else {
        render_book(root)
    }
}

/// `cargo run --release -- build`: this program, compiled anew.
fn cargo_build(root: &Path) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Process::new(cargo)
        .args(["run", "--release", "--quiet", "--", "build"])
        .current_dir(root)
        .status()
        .context("cannot start cargo to rebuild the book")?;
    if !status.success() {
        bail!("rebuilding the book failed ({status})");
    }
    Ok(())
}
