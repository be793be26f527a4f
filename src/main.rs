//! `cargo run --release`: regenerates every figure and output, then renders
//! the book to target/book. `cargo run --release -- serve` also serves it.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use dl_book::{generate, render, serve};

const USAGE: &str = "\
usage: cargo run --release [-- COMMAND]

commands:
  build              regenerate figures and outputs, render the book (default)
  serve [--port N]   build, then serve at http://127.0.0.1:N (default 3000)
                     and rebuild when a page or chapter changes
  help               show this text";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match args.first().map(String::as_str) {
        None | Some("build") => {
            if let Some(extra) = args.get(1) {
                bail!("build takes no arguments, got {extra:?}\n\n{USAGE}");
            }
            build(&root)
        }
        Some("serve") => {
            let port = parse_port(&args[1..])?;
            build(&root)?;
            let site = root.join("target/book");
            serve::serve(&root, &site, port, |changed| rebuild(&root, changed))
        }
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

fn parse_port(args: &[String]) -> Result<u16> {
    match args {
        [] => Ok(3000),
        [flag, value] if flag == "--port" => value.parse().with_context(|| {
            format!("--port needs a number 0-65535, got {value:?}")
        }),
        _ => bail!("serve takes only --port N, got {args:?}\n\n{USAGE}"),
    }
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
    let in_chapters = changed.starts_with(root.join("chapters"));
    if !in_chapters {
        return render_book(root);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["run", "--release", "--quiet", "--", "build"])
        .current_dir(root)
        .status()
        .context("cannot start cargo to rebuild the chapters")?;
    if !status.success() {
        bail!("rebuilding after a chapter change failed ({status})");
    }
    Ok(())
}
