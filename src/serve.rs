//! `serve`: the built book over HTTP on the loopback interface, rebuilt
//! when a page, a theme file or a chapter's code changes.
//!
//! Every connection is bounded: its request head must arrive within
//! [`Limits::head_time`] and fit [`Limits::line_bytes`] per line and
//! [`Limits::head_bytes`] in all, its answer must be taken within
//! [`Limits::reply_time`], and at most [`Limits::connections`] are served
//! at once (the others get 503 at once). A slow or flooding client can
//! therefore hold up no one for long, and the server never stops
//! accepting.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, anyhow};

use crate::render::Site;

/// Polls this path for the build number; pages reload when it changes.
const VERSION_PATH: &str = "/__book_version";

/// Injected into every served page: reloads it after a rebuild.
const RELOAD_SCRIPT: &str = r#"<script>
(() => {
  let seen = null;
  setInterval(async () => {
    try {
      const v = await (await fetch("/__book_version")).text();
      if (seen !== null && v !== seen) location.reload();
      seen = v;
    } catch (_) {}
  }, 1000);
})();
</script>"#;

/// What one connection may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once; more get 503.
    pub connections: usize,
    /// Time for the whole request head to arrive.
    pub head_time: Duration,
    /// Time for the client to take the whole answer.
    pub reply_time: Duration,
    /// Longest request line or header line, in bytes.
    pub line_bytes: usize,
    /// Longest request head (request line and headers), in bytes.
    pub head_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connections: 64,
            head_time: Duration::from_secs(10),
            reply_time: Duration::from_secs(30),
            line_bytes: 8 * 1024,
            head_bytes: 64 * 1024,
        }
    }
}

/// Binds 127.0.0.1:`port` (0 picks a free port).
///
/// # Errors
///
/// When the port is taken or not allowed, in one sentence.
pub fn listen(port: u16) -> Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        let hint = if e.kind() == io::ErrorKind::AddrInUse {
            "; another program (another `serve`?) uses it: stop it or pick \
             another port with --port (0 picks a free one)"
        } else {
            ""
        };
        anyhow!("cannot listen on 127.0.0.1:{port}: {e}{hint}")
    })
}

/// A running server: its port, and the build number its pages watch.
#[derive(Debug)]
pub struct Live {
    port: u16,
    version: Arc<AtomicU64>,
}

impl Live {
    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Tells open pages that the book was rebuilt: they reload.
    pub fn reload(&self) {
        self.version.fetch_add(1, Ordering::Relaxed);
    }
}

/// Serves `site` on `listener` from background threads, with the reload
/// script in every page.
///
/// # Errors
///
/// When the listener has no address or the accepting thread cannot start.
pub fn start(listener: TcpListener, site: Arc<Site>) -> Result<Live> {
    let port = listener.local_addr()?.port();
    let version = Arc::new(AtomicU64::new(0));
    spawn_server(
        listener,
        site,
        Some(Arc::clone(&version)),
        Limits::default(),
        spawn_thread,
    )?;
    Ok(Live { port, version })
}

/// Serves `site` as it is (no reload script, no rebuilds) at
/// http://127.0.0.1:`port` from background threads, and returns the port
/// it listens on; port 0 picks a free one. The browser keeps what it
/// fetched for an hour, as from a host serving the published book (the
/// browser tests open some 45 pages, which share their stylesheets,
/// scripts and fonts: a third of their time went into fetching and
/// decoding these again). The browser tests use this.
///
/// # Errors
///
/// When the port cannot be bound.
pub fn spawn_static(site: &Path, port: u16) -> Result<u16> {
    let listener = listen(port)?;
    let port = listener.local_addr()?.port();
    let site = Arc::new(Site::new(site));
    spawn_server(listener, site, None, Limits::default(), spawn_thread)?;
    Ok(port)
}

/// How often the watched files are looked at.
pub const POLL: Duration = Duration::from_millis(500);

/// Watches `root` forever: after every change, calls `rebuild` with all
/// the paths that changed and, when it succeeds, reloads `live`'s pages.
/// A change saved while `rebuild` runs is seen at the next look, so it is
/// rebuilt too.
pub fn watch(
    root: &Path,
    live: &Live,
    rebuild: impl FnMut(&[PathBuf]) -> Result<()>,
) -> ! {
    watch_while(root, POLL, live, rebuild, || true);
    unreachable!("watching never stops")
}

/// [`watch`], while `go_on()` says so.
pub fn watch_while(
    root: &Path,
    every: Duration,
    live: &Live,
    mut rebuild: impl FnMut(&[PathBuf]) -> Result<()>,
    mut go_on: impl FnMut() -> bool,
) {
    let mut watcher = Watcher::new(root);
    if watcher.truncated {
        tell(
            &mut io::stderr(),
            format_args!(
                "serve: watching only the first {MAX_WATCHED} files; changes \
                 to the others are not seen"
            ),
        );
    }
    while go_on() {
        thread::sleep(every);
        let changed = watcher.changes();
        if changed.is_empty() {
            continue;
        }
        let shown: Vec<String> = changed
            .iter()
            .take(3)
            .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
            .collect();
        let more = match changed.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        tell(
            &mut io::stdout(),
            format_args!("changed: {}{more}", shown.join(", ")),
        );
        match rebuild(&changed) {
            Ok(()) => live.reload(),
            Err(e) => tell(
                &mut io::stderr(),
                format_args!(
                    "rebuild failed: {e:#}\n(the last good book is still \
                     served; fix it and save again)"
                ),
            ),
        }
    }
}

/// Whether `changed` needs the book program compiled anew (a chapter's
/// code, kit, or SUMMARY.md, whose list of chapters is compiled in), not
/// just the pages rendered again.
pub fn needs_new_program(root: &Path, changed: &[PathBuf]) -> bool {
    changed.iter().any(|path| {
        path.starts_with(root.join("chapters"))
            || path.starts_with(root.join("kit"))
            || *path == root.join("book/SUMMARY.md")
    })
}

/// Prints a line, never panicking: a closed or full terminal must not
/// stop the server.
fn tell(to: &mut dyn Write, line: std::fmt::Arguments<'_>) {
    let _ = writeln!(to, "{line}");
}

/// At most this many files are watched.
pub const MAX_WATCHED: usize = 100_000;

/// A file's modification time and size.
type Stamp = (Option<SystemTime>, u64);

/// The watched files of a book and their last seen stamps: book/ (but its
/// generated folders), theme/, book.toml, chapters/ and kit/ (but their
/// target/ folders). Symbolic links are stamped themselves, never
/// followed, so a link loop cannot make the walk endless.
#[derive(Debug)]
pub struct Watcher {
    root: PathBuf,
    stamps: BTreeMap<PathBuf, Stamp>,
    truncated: bool,
}

impl Watcher {
    /// Watches `root`, as it is now.
    pub fn new(root: &Path) -> Watcher {
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            stamps: BTreeMap::new(),
            truncated: false,
        };
        watcher.stamps = watcher.snapshot();
        watcher
    }

    /// The files that changed, appeared or went away since the last look.
    pub fn changes(&mut self) -> Vec<PathBuf> {
        let now = self.snapshot();
        let mut changed: Vec<PathBuf> = now
            .iter()
            .filter(|(path, stamp)| self.stamps.get(*path) != Some(stamp))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(
            self.stamps
                .keys()
                .filter(|path| !now.contains_key(*path))
                .cloned(),
        );
        changed.sort();
        self.stamps = now;
        changed
    }

    fn snapshot(&mut self) -> BTreeMap<PathBuf, Stamp> {
        let root = &self.root;
        let skip = [
            root.join("book/figures"),
            root.join("book/outputs"),
            root.join("target"),
        ];
        let mut stamps = BTreeMap::new();
        let mut stack: Vec<PathBuf> = ["book", "theme", "chapters", "kit"]
            .iter()
            .map(|d| root.join(d))
            .collect();
        let toml = root.join("book.toml");
        if let Ok(meta) = fs::symlink_metadata(&toml) {
            stamps.insert(toml, stamp(&meta));
        }
        self.truncated = false;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                if stamps.len() >= MAX_WATCHED {
                    self.truncated = true;
                    return stamps;
                }
                let path = entry.path();
                // The entry's own type: a link is not followed.
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    if !skip.contains(&path) && entry.file_name() != "target" {
                        stack.push(path);
                    }
                } else if let Ok(meta) = entry.metadata() {
                    // DirEntry::metadata does not follow links either.
                    stamps.insert(path, stamp(&meta));
                }
            }
        }
        stamps
    }
}

fn stamp(meta: &fs::Metadata) -> Stamp {
    (meta.modified().ok(), meta.len())
}

/// Starts a thread (or says why it cannot).
type Spawn = fn(Box<dyn FnOnce() + Send>) -> io::Result<()>;

fn spawn_thread(job: Box<dyn FnOnce() + Send>) -> io::Result<()> {
    thread::Builder::new().spawn(job).map(drop)
}

/// Answers every connection on its own thread, one request per connection
/// (`Connection: close`). A thread per connection means a browser's idle
/// keep-alive connections can never hold up other requests. When no
/// thread can be had (too many connections, or the system refuses one),
/// the connection goes to the one thread that answers 503, and the
/// accepting thread goes on; if that one is behind too, the connection is
/// closed at once.
fn spawn_server(
    listener: TcpListener,
    site: Arc<Site>,
    version: Option<Arc<AtomicU64>>,
    limits: Limits,
    spawn: Spawn,
) -> Result<()> {
    let (refuse, refused) = mpsc::sync_channel::<TcpStream>(256);
    thread::Builder::new()
        .name("serve-busy".into())
        .spawn(move || {
            for stream in refused {
                busy(stream);
            }
        })
        .context("cannot start the server's threads")?;
    let accept = move || {
        let active = Arc::new(AtomicUsize::new(0));
        for stream in listener.incoming() {
            let stream = match stream {
                Ok(stream) => stream,
                Err(_) => {
                    // Out of file descriptors, or a connection that went
                    // away before it was accepted: try again shortly.
                    thread::sleep(Duration::from_millis(20));
                    continue;
                }
            };
            if active.load(Ordering::SeqCst) >= limits.connections {
                let _ = refuse.try_send(stream);
                continue;
            }
            active.fetch_add(1, Ordering::SeqCst);
            // The stream waits here, so that if no thread can be started
            // the accepting thread still has it to refuse.
            let slot = Arc::new(Mutex::new(Some(stream)));
            let job = {
                let (slot, site, version, active) = (
                    Arc::clone(&slot),
                    Arc::clone(&site),
                    version.clone(),
                    Arc::clone(&active),
                );
                move || {
                    let stream = take(&slot);
                    if let Some(stream) = stream {
                        handle(stream, &site, version.as_deref(), limits);
                    }
                    active.fetch_sub(1, Ordering::SeqCst);
                }
            };
            if spawn(Box::new(job)).is_err() {
                active.fetch_sub(1, Ordering::SeqCst);
                if let Some(stream) = take(&slot) {
                    let _ = refuse.try_send(stream);
                }
            }
        }
    };
    thread::Builder::new()
        .name("serve".into())
        .spawn(accept)
        .context("cannot start the server's threads")?;
    Ok(())
}

fn take(slot: &Mutex<Option<TcpStream>>) -> Option<TcpStream> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// Answers 503, telling the client to come back in a second; a quarter
/// of a second at most.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let body = "the server is busy; try again in a moment\n";
    let _ = stream.write_all(
        format!(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; \
             charset=utf-8\r\nContent-Length: {}\r\nRetry-After: 1\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    let _ = stream.shutdown(Shutdown::Write);
    // Take in what the client sends for a moment, so that closing does
    // not reset the connection before the client reads the answer.
    let until = Instant::now() + Duration::from_millis(50);
    let mut sink = [0; 4096];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

/// Why a request head could not be read.
#[derive(Debug)]
enum Bad {
    /// The connection closed before a single byte: nothing to answer.
    Silent,
    /// An answer with this status and text.
    Status(u16, &'static str),
}

/// Reads the request head (up to the blank line) within the limits.
fn read_head(stream: &mut TcpStream, limits: Limits) -> Result<Vec<u8>, Bad> {
    let deadline = Instant::now() + limits.head_time;
    let mut head = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Bad::Status(
                408,
                "the request took too long to arrive",
            ));
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return Err(Bad::Silent);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) if head.is_empty() => return Err(Bad::Silent),
            // The client stopped sending: answer what it sent.
            Ok(0) => return Ok(head),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(Bad::Status(
                    408,
                    "the request took too long to arrive",
                ));
            }
            Err(_) => return Err(Bad::Silent),
        };
        head.extend_from_slice(&chunk[..n]);
        let end = find_end(&head);
        let checked = &head[..end.unwrap_or(head.len())];
        let mut lines = checked.split(|&b| b == b'\n');
        if lines.next().is_some_and(|l| l.len() > limits.line_bytes) {
            return Err(Bad::Status(414, "the request line is too long"));
        }
        if lines.any(|l| l.len() > limits.line_bytes) {
            return Err(Bad::Status(431, "a header line is too long"));
        }
        if let Some(end) = end {
            head.truncate(end);
            return Ok(head);
        }
        if head.len() > limits.head_bytes {
            return Err(Bad::Status(431, "the request headers are too long"));
        }
    }
}

/// Where the head ends: just before its blank line.
fn find_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = bytes.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Reads one request from `stream` and writes the answer; every error is
/// the client's to see (or the client is gone).
fn handle(
    mut stream: TcpStream,
    site: &Site,
    version: Option<&AtomicU64>,
    limits: Limits,
) {
    let (reply, method_head) = match read_head(&mut stream, limits) {
        Err(Bad::Silent) => return,
        Err(Bad::Status(status, text)) => (Reply::text(status, text), false),
        Ok(head) => {
            let line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
            match request_line(line) {
                Err(text) => (Reply::text(400, text), false),
                Ok((method, target)) => {
                    let version = version.map(|v| v.load(Ordering::Relaxed));
                    let reply = match method {
                        "GET" | "HEAD" => {
                            // The swap waits while the file is read, not
                            // while it is sent.
                            let _reading = site.read();
                            answer(target, site.dir(), version)
                        }
                        _ => Reply::text(405, "only GET and HEAD"),
                    };
                    (reply, method == "HEAD")
                }
            }
        }
    };
    // The live server's files change with every rebuild: the browser asks
    // again each time. A static site does not change while it is served,
    // so its files may be kept, as a host serving the published book lets
    // a reader's browser keep them.
    let cache = match (version, reply.status) {
        (None, 200) => "max-age=3600",
        _ => "no-cache",
    };
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: {cache}\r\nConnection: close\r\n\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    let deadline = Instant::now() + limits.reply_time;
    let sent = send(&mut stream, head.as_bytes(), deadline).and_then(|()| {
        if method_head {
            Ok(())
        } else {
            send(&mut stream, &reply.body, deadline)
        }
    });
    if sent.is_ok() {
        let _ = stream.shutdown(Shutdown::Write);
    }
}

/// Writes `bytes` by `deadline`, however slowly the client reads.
fn send(
    stream: &mut TcpStream,
    bytes: &[u8],
    deadline: Instant,
) -> io::Result<()> {
    for piece in bytes.chunks(64 * 1024) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        stream.write_all(piece)?;
    }
    stream.flush()
}

/// The method and target of a request line (`GET /a.html HTTP/1.1`).
fn request_line(line: &[u8]) -> Result<(&str, &str), &'static str> {
    let line = std::str::from_utf8(line)
        .map_err(|_| "the request line is not UTF-8")?;
    let mut words = line.split_ascii_whitespace();
    let (Some(method), Some(target)) = (words.next(), words.next()) else {
        return Err("a request line is a method and a path");
    };
    if !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err("the method is not a word in capitals");
    }
    if !target.starts_with('/') {
        return Err("the path must start with /");
    }
    Ok((method, target))
}

/// An HTTP answer: status code, media type and body.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            content_type: content_type("txt"),
            body: format!("{body}\n").into_bytes(),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The answer to a GET of `target` from the files under `site`. With a
/// build `version`, HTML pages get the reload script and VERSION_PATH
/// answers it.
fn answer(target: &str, site: &Path, version: Option<u64>) -> Reply {
    let url = target.split(['?', '#']).next().unwrap_or("/");
    if let (VERSION_PATH, Some(version)) = (url, version) {
        return Reply {
            body: version.to_string().into_bytes(),
            ..Reply::text(200, "")
        };
    }
    let Some(mut path) = local_path(site, url) else {
        return Reply::text(400, "bad path");
    };
    if path.is_dir() {
        path = path.join("index.html");
    }
    // Only plain files are sent: reading a FIFO would wait forever.
    let bytes = match fs::metadata(&path) {
        Ok(meta) if meta.is_file() => fs::read(&path).ok(),
        _ => None,
    };
    let Some(bytes) = bytes else {
        return Reply {
            status: 404,
            content_type: content_type("html"),
            body: fs::read(site.join("404.html")).unwrap_or_default(),
        };
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let body = if ext == "html" && version.is_some() {
        let html = String::from_utf8_lossy(&bytes);
        match html.rfind("</body>") {
            Some(i) => format!("{}{RELOAD_SCRIPT}{}", &html[..i], &html[i..])
                .into_bytes(),
            None => bytes,
        }
    } else {
        bytes
    };
    Reply {
        status: 200,
        content_type: content_type(ext),
        body,
    }
}

/// The file under `site` that `url` names, or `None` if it would escape.
fn local_path(site: &Path, url: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    Some(site.join(rel))
}

/// `s` with every `%xx` replaced by the byte it encodes; `None` if an
/// escape is not two hex digits or the bytes are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests;
