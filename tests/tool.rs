//! The book tool under misuse: symbolic links and odd files in the
//! generated folders, broken pages, bad arguments and closed outputs.
//! Every case runs in a scratch folder (or on the tool's own arguments)
//! and is bounded in time.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use dl_book::{generate, render};

/// A fresh scratch folder for `name`.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("tool-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `f` on another thread; fails the test if it takes over 20 s (a
/// walk that follows a link loop never ends).
fn bounded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("hung (or panicked): a link loop was followed?")
}

// ---------------------------------------------------------------------
// Generated files never follow a symbolic link

/// A book folder with two generated files, and a folder outside it
/// holding a file that must survive.
struct Setup {
    dir: PathBuf,
    book: PathBuf,
    outside: PathBuf,
}

impl Setup {
    fn new(name: &str) -> Setup {
        let dir = scratch(name);
        let book = dir.join("book");
        let outside = dir.join("outside");
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("keep.svg"), "precious").unwrap();
        let setup = Setup { dir, book, outside };
        generate::write_files(&setup.book, &setup.files()).unwrap();
        setup
    }

    /// What the chapters make here.
    fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        [
            ("figures/ch01/a.svg", "<svg>a</svg>"),
            ("outputs/ch01/demo.txt", "demo"),
        ]
        .iter()
        .map(|(p, b)| (PathBuf::from(p), b.as_bytes().to_vec()))
        .collect()
    }

    /// Writes new bytes for both files: each would be written.
    fn changed_files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        self.files()
            .into_iter()
            .map(|(p, mut b)| {
                b.extend_from_slice(b" v2");
                (p, b)
            })
            .collect()
    }

    /// Everything under `dir` except the links' targets: path -> bytes.
    fn everything(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut all = BTreeMap::new();
        let mut stack = vec![self.dir.clone()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let entry = entry.unwrap();
                let kind = entry.file_type().unwrap();
                let path = entry.path();
                if kind.is_dir() {
                    stack.push(path);
                } else if kind.is_file() {
                    all.insert(path.clone(), fs::read(&path).unwrap());
                } else {
                    let target = fs::read_link(&path)
                        .map(|t| t.as_os_str().as_bytes().to_vec())
                        .unwrap_or_default();
                    all.insert(path, target);
                }
            }
        }
        all
    }

    /// Runs a build that must refuse, with a message naming `named`;
    /// nothing may change anywhere.
    fn refuses(self, named: &str, what: &str) {
        let before = self.everything();
        let book = self.book.clone();
        let files = self.changed_files();
        let result = bounded(move || {
            generate::write_files(&book, &files).map_err(|e| format!("{e:#}"))
        });
        let message = result.expect_err("the build went ahead");
        assert!(
            message.contains(named) && message.contains(what),
            "expected `{named}` and `{what}` in: {message}"
        );
        assert!(!message.contains('\n'), "not one line: {message}");
        assert_eq!(before, self.everything(), "files were touched");
        let book = self.book.clone();
        let listed = bounded(move || generate::files_on_disk(&book).is_err());
        assert!(listed, "files_on_disk listed past the link");
        fs::remove_dir_all(&self.dir).unwrap();
    }
}

#[test]
fn a_symlinked_generated_folder_is_refused() {
    let s = Setup::new("link-top");
    fs::remove_dir_all(s.book.join("figures")).unwrap();
    symlink(&s.outside, s.book.join("figures")).unwrap();
    s.refuses("book/figures", "is a symbolic link");
}

#[test]
fn a_symlinked_chapter_folder_is_refused() {
    let s = Setup::new("link-dir");
    // It used to delete every file of the folder it pointed to.
    symlink(&s.outside, s.book.join("outputs/ch02")).unwrap();
    s.refuses("book/outputs/ch02", "is a symbolic link");
}

#[test]
fn a_symlinked_file_is_not_written_through() {
    let s = Setup::new("link-file");
    let target = s.book.join("figures/ch01/a.svg");
    fs::remove_file(&target).unwrap();
    symlink(s.outside.join("keep.svg"), &target).unwrap();
    s.refuses("book/figures/ch01/a.svg", "is a symbolic link");
}

#[test]
fn a_dot_loop_deletes_nothing() {
    let s = Setup::new("link-dot");
    // It used to delete every tracked figure before failing.
    symlink(".", s.book.join("figures/ch01/loop")).unwrap();
    s.refuses("book/figures/ch01/loop", "is a symbolic link");
}

#[test]
fn two_loops_do_not_hang() {
    let s = Setup::new("link-two");
    // It used to hang.
    symlink("..", s.book.join("outputs/ch01/up")).unwrap();
    symlink("../outputs", s.book.join("figures/ch01/across")).unwrap();
    s.refuses("is a symbolic link", "book/");
}

#[test]
fn a_dangling_link_is_refused() {
    let s = Setup::new("link-dangling");
    symlink("nowhere.svg", s.book.join("figures/ch01/b.svg")).unwrap();
    s.refuses("book/figures/ch01/b.svg", "is a symbolic link");
}

#[test]
fn a_fifo_is_not_read() {
    let s = Setup::new("fifo");
    let fifo = s.book.join("outputs/ch01/demo.txt");
    fs::remove_file(&fifo).unwrap();
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Reading it would wait forever.
    s.refuses("book/outputs/ch01/demo.txt", "not a plain file");
}

#[test]
fn a_folder_where_a_file_belongs_is_refused() {
    let s = Setup::new("folder-file");
    let file = s.book.join("figures/ch01/a.svg");
    fs::remove_file(&file).unwrap();
    fs::create_dir(&file).unwrap();
    fs::write(file.join("inside.txt"), "x").unwrap();
    let book = s.book.clone();
    let err = generate::write_files(&book, &s.files()).unwrap_err();
    assert!(
        err.to_string()
            .contains("book/figures/ch01/a.svg is a folder"),
        "{err}"
    );
    fs::remove_dir_all(&s.dir).unwrap();
}

#[test]
fn a_plain_build_writes_and_removes_only_generated_files() {
    let s = Setup::new("plain");
    fs::write(s.book.join("figures/ch01/stale.svg"), "old").unwrap();
    let report = generate::write_files(&s.book, &s.changed_files()).unwrap();
    assert_eq!(report.written.len(), 2);
    assert_eq!(report.removed, [PathBuf::from("figures/ch01/stale.svg")]);
    assert_eq!(fs::read(s.outside.join("keep.svg")).unwrap(), b"precious");
    // No temporary file is left beside the written ones.
    assert_eq!(
        generate::files_on_disk(&s.book).unwrap(),
        s.files().into_keys().collect::<Vec<_>>()
    );
    fs::remove_dir_all(&s.dir).unwrap();
}

// ---------------------------------------------------------------------
// Build errors are never silent

const BOOK_TOML: &str = r#"
[book]
title = "t"
language = "zh-CN"
src = "book"

[build]
create-missing = false

[preprocessor.katex]
after = ["links"]
renderers = ["html"]
no-css = true
throw-on-error = true

[preprocessor.mermaid]
after = ["links"]
renderers = ["html"]
"#;

/// A scratch book whose single page is `page`, with `code.rs` beside it
/// (an anchored region, and a formula in a comment).
fn book_with(name: &str, page: &str) -> PathBuf {
    let root = scratch(name);
    fs::create_dir_all(root.join("book")).unwrap();
    fs::write(root.join("book.toml"), BOOK_TOML).unwrap();
    fs::write(root.join("book/SUMMARY.md"), "# S\n\n- [A](a.md)\n").unwrap();
    fs::write(
        root.join("book/code.rs"),
        "// ANCHOR: f\nfn f() {}\nfn g() {}\n// ANCHOR_END: f\n",
    )
    .unwrap();
    fs::write(root.join("book/bad-math.md"), "坏的 $\\fraq{1}{2}$\n").unwrap();
    fs::write(root.join("book/a.md"), page).unwrap();
    root
}

/// Renders the scratch book; its error, on one line per problem.
fn render_error(root: &Path) -> String {
    let root = root.to_path_buf();
    let out = root.join("out");
    bounded(move || {
        render::render(&root, Some(&out)).map_err(|e| format!("{e:#}"))
    })
    .expect_err("the book built")
}

#[test]
fn a_good_book_builds_with_its_math() {
    let root = book_with(
        "good",
        "# A\n\n$x^2$\n\n```rust\n{{#include code.rs:f}}\n```\n",
    );
    let pages = render::render(&root, Some(&root.join("out"))).unwrap();
    assert_eq!(pages, 1);
    let html = fs::read_to_string(root.join("out/a.html")).unwrap();
    assert!(html.contains("class=\"katex\""), "math not typeset");
    assert!(html.contains("fn g() {}"), "include missing");
    assert!(!root.join("out.next").exists());
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_missing_include_file_names_the_page_and_line() {
    let root = book_with("no-file", "# A\n\ntext\n\n{{#include nope.rs}}\n");
    assert_eq!(
        render_error(&root),
        "book/a.md:5: {{#include nope.rs}}: book/nope.rs does not exist; \
         fix the path (it is relative to the page)"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_missing_anchor_names_the_page_and_line() {
    // mdBook includes nothing for it, and says nothing.
    let root = book_with(
        "no-anchor",
        "# A\n\n```rust\n{{#include code.rs:gone}}\n```\n",
    );
    assert_eq!(
        render_error(&root),
        "book/a.md:4: {{#include code.rs:gone}}: book/code.rs has no \
         `ANCHOR: gone` line; add the anchor there or fix the name"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_range_past_the_end_is_reported() {
    let root = book_with("range", "# A\n\n{{#include code.rs:40:50}}\n");
    let error = render_error(&root);
    assert!(
        error.starts_with(
            "book/a.md:3: {{#include code.rs:40:50}}: book/code.rs has 4 lines"
        ),
        "{error}"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn an_include_of_a_fifo_or_a_folder_does_not_hang() {
    let root =
        book_with("include-fifo", "# A\n\n{{#include pipe}}\n{{#include .}}\n");
    let made = Command::new("mkfifo")
        .arg(root.join("book/pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    let error = render_error(&root);
    assert!(
        error.contains(
            "book/a.md:3: {{#include pipe}}: book/pipe is not a file"
        ),
        "{error}"
    );
    assert!(
        error.contains("book/a.md:4: {{#include .}}: book is not a file"),
        "{error}"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_bad_formula_beside_a_good_one_names_its_line() {
    let root = book_with(
        "bad-math",
        "# A\n\n好的 $\\frac{1}{2}$\n\n$$\n\\sum_i x_i\n$$\n\n坏的 $\\fraq{1}{2}$ 后面\n",
    );
    assert_eq!(
        render_error(&root),
        "book/a.md:9: KaTeX cannot typeset `\\fraq{1}{2}`: KaTeX parse error: \
         Undefined control sequence: \\fraq at position 1: \\fraq{1}{2}"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_bad_formula_in_an_included_file_names_the_page() {
    let root =
        book_with("bad-math-include", "# A\n\n{{#include bad-math.md}}\n");
    let error = render_error(&root);
    assert!(
        error.starts_with("book/a.md: KaTeX cannot typeset `\\fraq{1}{2}` (in an included file): "),
        "{error}"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn an_unknown_command_is_reported() {
    let root = book_with(
        "unknown",
        "# A\n\n{{#inclde code.rs}}\n\n\\{{#inclde shown}}\n",
    );
    let error = render_error(&root);
    assert!(
        error.starts_with("book/a.md:3: {{#inclde code.rs}}: mdBook has no `{{#inclde}}` command"),
        "{error}"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn an_indented_include_is_reported() {
    let root = book_with(
        "indented",
        "# A\n\n1. 练习\n\n   ```rust\n   {{#include code.rs:f}}\n   ```\n",
    );
    let error = render_error(&root);
    assert!(
        error.starts_with(
            "book/a.md:6: {{#include code.rs:f}}: an indented include (inside a list item)"
        ),
        "{error}"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn mdbook_warnings_fail_the_build() {
    // `Array2<f64>` outside backticks: mdBook warns of an unclosed tag.
    let root = book_with("html-warning", "# A\n\n返回 Array2<f64> 的函数\n");
    let error = render_error(&root);
    assert!(
        error.starts_with(
            "mdbook_html warning: unclosed HTML tag `<f64>` found in `a.md`"
        ),
        "{error}"
    );
    fs::remove_dir_all(&root).unwrap();
}

/// One build lists every problem, of every kind, one per line.
#[test]
fn several_problems_are_listed_one_per_line() {
    let root = book_with(
        "several",
        "# A\n\n{{#include nope.rs}}\n\n{{#include code.rs:gone}}\n\n\
         $\\fraq$\n\n返回 Array2<f64> 的函数\n",
    );
    let error = render_error(&root);
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(lines.len(), 5, "{error}");
    assert_eq!(
        lines[0],
        "the book has 4 problems; fix them and build again:"
    );
    assert!(
        lines[1].starts_with("  book/a.md:3: {{#include nope.rs}}"),
        "{error}"
    );
    assert!(
        lines[2].starts_with("  book/a.md:5: {{#include code.rs:gone}}"),
        "{error}"
    );
    assert!(
        lines[3].starts_with("  book/a.md:7: KaTeX cannot typeset"),
        "{error}"
    );
    assert!(
        lines[4]
            .starts_with("  mdbook_html warning: unclosed HTML tag `<f64>`"),
        "{error}"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_failed_build_leaves_the_last_good_book() {
    let root = book_with("keep", "# A\n\n好\n");
    let out = root.join("out");
    render::render(&root, Some(&out)).unwrap();
    let good = fs::read_to_string(out.join("a.html")).unwrap();
    fs::write(root.join("book/a.md"), "# A\n\n$\\fraq$\n").unwrap();
    assert!(render::render(&root, Some(&out)).is_err());
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), good);
    assert!(
        !root.join("out.next").exists(),
        "staging folder left behind"
    );
    fs::remove_dir_all(&root).unwrap();
}

// ---------------------------------------------------------------------
// The book tool's own arguments and output

fn tool() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dl-book"))
}

/// Runs the tool with `args` (stdout captured unless `stdout` is given);
/// its exit code, stdout and stderr.
fn run_tool(args: &[&[u8]], stdout: Option<Stdio>) -> (i32, String, String) {
    let mut command = tool();
    for arg in args {
        command.arg(std::ffi::OsStr::from_bytes(arg));
    }
    command
        .stdin(Stdio::null())
        .stdout(stdout.unwrap_or(Stdio::piped()))
        .stderr(Stdio::piped());
    let child = command.spawn().unwrap();
    let output = bounded(move || child.wait_with_output().unwrap());
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// What no message of the tool may contain: a panic, a Rust debug
/// struct.
fn assert_sentences(stderr: &str) {
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "Os {",
        "kind:",
        "Error {",
        "Custom {",
    ] {
        assert!(!stderr.contains(bad), "`{bad}` in: {stderr}");
    }
}

#[test]
fn arguments_that_are_not_utf8_get_a_clear_error() {
    for args in [
        &[&b"\xff"[..]][..],
        &[b"--\xff"],
        &[b"new-chapter", b"ch10-\xff", b"t"],
        &[b"new-chapter", b"ch10-x", b"\xff"],
        &[b"serve", b"--port", b"\xff"],
    ] {
        let (code, out, err) = run_tool(args, None);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(out, "");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert_sentences(&err);
    }
}

#[test]
fn help_into_a_full_disk_is_an_error_not_a_panic() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let (code, _, err) = run_tool(&[b"--help"], Some(full.into()));
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err,
        "error: cannot write to stdout: No space left on device (os error \
         28); free some space or send the output elsewhere\n"
    );
}

#[test]
fn help_into_a_closed_pipe_is_quiet() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let (code, _, err) = run_tool(&[b"--help"], Some(writer.into()));
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn help_and_bad_flags() {
    let (code, out, err) = run_tool(&[b"--help"], None);
    assert_eq!((code, err.as_str()), (0, ""));
    for command in ["build", "serve", "new-chapter"] {
        assert!(out.contains(command), "{out}");
    }
    let (code, _, err) = run_tool(&[b"build", b"--nope"], None);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: unexpected argument '--nope'"),
        "{err}"
    );
    let (code, _, err) = run_tool(&[b"serve", b"--port", b"70000"], None);
    assert_eq!(code, 2);
    assert!(err.contains("70000 is not in 0..=65535"), "{err}");
}

#[test]
fn a_bad_chapter_name_is_a_sentence() {
    let (code, out, err) =
        run_tool(&[b"new-chapter", b"Chapter Ten", b"t"], None);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_sentences(&err);
}
