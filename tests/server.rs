//! `serve` as a user meets it: the port, the watcher, the rebuilds. The
//! HTTP side under misuse (floods, slow clients, odd requests, swaps) is
//! tested in src/serve/tests.rs. Servers listen on 127.0.0.1 only and
//! every wait is bounded.
#![cfg(unix)]

use std::cell::RefCell;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use anyhow::anyhow;
use dl_book::render::Site;
use dl_book::serve::{self, Watcher};

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("server-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Runs `f` on another thread; fails the test after 20 s.
fn bounded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("hung (or panicked)")
}

fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply
}

// ---------------------------------------------------------------------
// The port

#[test]
fn a_port_in_use_is_reported_before_building() {
    let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_dl-book"))
        .args(["serve", "--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A full build takes far longer than this bound.
    let output = bounded(move || child.wait_with_output().unwrap());
    let (out, err) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(output.status.code(), Some(1), "{out}{err}");
    assert_eq!(out, "", "it built first");
    assert_eq!(
        err,
        format!(
            "error: cannot listen on 127.0.0.1:{port}: Address already in use \
             (os error 98); another program (another `serve`?) uses it: stop \
             it or pick another port with --port (0 picks a free one)\n"
        )
    );
    drop(taken);
}

/// `--port 0` prints the port it got, not 0, and serves on it at once,
/// before the first build is done (from the last good book).
#[test]
fn port_zero_prints_the_real_port() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dl-book"))
        .args(["serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = bounded(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    });
    let port: u16 = line
        .strip_prefix("serving the book at http://127.0.0.1:")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no port in: {line}"));
    assert_ne!(port, 0, "{line}");
    let reply = bounded(move || get(port, "/__book_version"));
    // The child is stopped mid-build: generated files are written to a
    // new file and renamed, the book is rendered into a staging folder,
    // so a stop at any moment leaves nothing half-written.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(reply.ends_with("\r\n\r\n0"), "{reply}");
}

// ---------------------------------------------------------------------
// The watcher

/// A scratch project with one file in each watched and unwatched place.
fn project(name: &str) -> PathBuf {
    let root = scratch(name);
    for file in [
        "book.toml",
        "book/a.md",
        "book/SUMMARY.md",
        "book/figures/ch01/x.svg",
        "book/outputs/ch01/y.txt",
        "theme/t.css",
        "chapters/ch01/src/lib.rs",
        "chapters/ch01/target/junk",
        "kit/src/lib.rs",
        "target/book/index.html",
    ] {
        write(&root.join(file), "0");
    }
    root
}

#[test]
fn the_watcher_sees_sources_not_generated_files() {
    let root = project("watch-what");
    let mut watcher = Watcher::new(&root);
    assert!(watcher.changes().is_empty());
    for file in [
        "book.toml",
        "book/a.md",
        "book/figures/ch01/x.svg",
        "book/outputs/ch01/y.txt",
        "theme/t.css",
        "chapters/ch01/src/lib.rs",
        "chapters/ch01/target/junk",
        "kit/src/lib.rs",
        "target/book/index.html",
    ] {
        write(&root.join(file), "changed");
    }
    write(&root.join("book/new.md"), "new");
    fs::remove_file(root.join("book/SUMMARY.md")).unwrap();
    let seen: Vec<PathBuf> = watcher
        .changes()
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap().to_path_buf())
        .collect();
    // In path order: `book/...` before `book.toml`.
    let expected: Vec<PathBuf> = [
        "book/SUMMARY.md",
        "book/a.md",
        "book/new.md",
        "book.toml",
        "chapters/ch01/src/lib.rs",
        "kit/src/lib.rs",
        "theme/t.css",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(seen, expected);
    assert!(watcher.changes().is_empty());
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn link_loops_do_not_hang_the_watcher() {
    let root = project("watch-loops");
    symlink(".", root.join("book/loop")).unwrap();
    symlink("..", root.join("book/up")).unwrap();
    symlink("../chapters", root.join("chapters/ch01/again")).unwrap();
    symlink("/", root.join("theme/everything")).unwrap();
    let changed = bounded(move || {
        let mut watcher = Watcher::new(&root);
        write(&root.join("book/a.md"), "changed");
        let changed = watcher.changes();
        fs::remove_dir_all(&root).unwrap();
        changed
    });
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].ends_with("book/a.md"));
}

/// A server for `watch_while`'s reloads; its port.
fn live(root: &Path) -> (serve::Live, u16) {
    let site = root.join("target/book");
    let live =
        serve::start(serve::listen(0).unwrap(), Arc::new(Site::new(site)))
            .unwrap();
    let port = live.port();
    (live, port)
}

/// Watches `root` every 50 ms; `before` runs once after the watcher has
/// looked, `rebuild(call, changed)` at each rebuild. Stops after `calls`
/// rebuilds or 4 s. Returns what each rebuild was given.
fn watch(
    root: &Path,
    calls: usize,
    before: impl FnOnce(),
    mut rebuild: impl FnMut(usize, &[PathBuf]) -> anyhow::Result<()>,
) -> (Vec<Vec<PathBuf>>, u16) {
    let (live, port) = live(root);
    let seen = RefCell::new(Vec::new());
    let mut before = Some(before);
    let mut polls = 0;
    serve::watch_while(
        root,
        Duration::from_millis(50),
        &live,
        |changed| {
            let call = seen.borrow().len();
            seen.borrow_mut().push(
                changed
                    .iter()
                    .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
                    .collect(),
            );
            rebuild(call, changed)
        },
        || {
            if let Some(before) = before.take() {
                before();
            }
            polls += 1;
            seen.borrow().len() < calls && polls < 80
        },
    );
    (seen.into_inner(), port)
}

#[test]
fn an_edit_saved_during_a_rebuild_is_rebuilt() {
    let root = project("watch-during");
    let (seen, port) = watch(
        &root,
        2,
        || write(&root.join("book/a.md"), "first edit"),
        |call, _| {
            if call == 0 {
                // Saved while the first rebuild runs.
                write(&root.join("theme/t.css"), "second edit");
            }
            Ok(())
        },
    );
    assert_eq!(
        seen,
        [
            vec![PathBuf::from("book/a.md")],
            vec![PathBuf::from("theme/t.css")]
        ]
    );
    // Two good rebuilds: the pages' build number is 2.
    assert!(get(port, "/__book_version").ends_with("\r\n\r\n2"));
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_chapter_change_and_a_page_change_together_both_count() {
    let root = project("watch-both");
    let (seen, _) = watch(
        &root,
        1,
        || {
            write(&root.join("chapters/ch01/src/lib.rs"), "code edit");
            write(&root.join("book/a.md"), "page edit");
        },
        |_, _| Ok(()),
    );
    assert_eq!(
        seen,
        [vec![
            PathBuf::from("book/a.md"),
            PathBuf::from("chapters/ch01/src/lib.rs")
        ]]
    );
    let at = |files: &[&str]| -> Vec<PathBuf> {
        files.iter().map(|f| root.join(f)).collect()
    };
    // The chapter is compiled anew, then the pages rendered.
    assert!(serve::needs_new_program(
        &root,
        &at(&["book/a.md", "chapters/ch01/src/lib.rs"])
    ));
    assert!(serve::needs_new_program(&root, &at(&["kit/src/lib.rs"])));
    assert!(serve::needs_new_program(&root, &at(&["book/SUMMARY.md"])));
    assert!(!serve::needs_new_program(
        &root,
        &at(&["book/a.md", "theme/t.css", "book.toml"])
    ));
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_failed_rebuild_does_not_reload_the_pages() {
    let root = project("watch-fail");
    let (seen, port) = watch(
        &root,
        1,
        || write(&root.join("book/a.md"), "broken"),
        |_, _| Err(anyhow!("book/a.md:1: broken")),
    );
    assert_eq!(seen.len(), 1);
    assert!(get(port, "/__book_version").ends_with("\r\n\r\n0"));
    fs::remove_dir_all(&root).unwrap();
}
