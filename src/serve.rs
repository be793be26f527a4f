//! `serve`: the built book over HTTP on the loopback interface, rebuilt
//! when a page, a theme file or a chapter's code changes.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, SystemTime};

use anyhow::{Result, anyhow};

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

/// Serves `site` at http://127.0.0.1:`port`. Calls `rebuild` with the
/// changed path whenever a watched file under `root` changes.
pub fn serve(
    root: &Path,
    site: &Path,
    port: u16,
    rebuild: impl Fn(&Path) -> Result<()>,
) -> Result<()> {
    let listener = listen(port)?;
    let version = Arc::new(AtomicU64::new(0));
    spawn_server(listener, site, Some(Arc::clone(&version)));
    println!("serving the book at http://127.0.0.1:{port} (Ctrl-C stops)");
    println!(
        "watching book/, theme/, book.toml and chapters/*/src for changes"
    );

    let mut stamps = snapshot(root);
    loop {
        thread::sleep(Duration::from_millis(500));
        let now = snapshot(root);
        let changed: Vec<&PathBuf> = now
            .keys()
            .chain(stamps.keys())
            .filter(|p| now.get(*p) != stamps.get(*p))
            .collect();
        let Some(first) = changed.first() else {
            continue;
        };
        println!("changed: {}", first.display());
        match rebuild(first) {
            Ok(()) => {
                version.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => eprintln!("rebuild failed: {e:#}"),
        }
        // Snapshot after the rebuild, which itself writes figures and
        // outputs under book/.
        stamps = snapshot(root);
    }
}

/// Serves `site` as it is (no reload script, no rebuilds) at
/// http://127.0.0.1:`port` from background threads, and returns the port
/// it listens on; port 0 picks a free one. The browser test uses this.
///
/// # Errors
///
/// When the port cannot be bound.
pub fn spawn_static(site: &Path, port: u16) -> Result<u16> {
    let listener = listen(port)?;
    let port = listener.local_addr()?.port();
    spawn_server(listener, site, None);
    Ok(port)
}

fn listen(port: u16) -> Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))
}

/// Answers every connection on its own thread, one request per connection
/// (`Connection: close`). A thread per connection means a browser's idle
/// keep-alive connections can never hold up other requests.
fn spawn_server(
    listener: TcpListener,
    site: &Path,
    version: Option<Arc<AtomicU64>>,
) {
    let site = site.to_path_buf();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let site = site.clone();
            let version = version.as_ref().map(|v| v.load(Ordering::Relaxed));
            thread::spawn(move || {
                if let Err(e) = handle(stream, &site, version) {
                    eprintln!("serve: {e}");
                }
            });
        }
    });
}

/// Reads one request from `stream` and writes the answer.
fn handle(
    mut stream: TcpStream,
    site: &Path,
    version: Option<u64>,
) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // The headers are not needed: read up to the blank line that ends them.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 0 && !line.trim().is_empty() {
        line.clear();
    }
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or("");
    let target = words.next().unwrap_or("/");
    let reply = match method {
        "GET" | "HEAD" => answer(target, site, version),
        _ => Reply::text(405, "only GET and HEAD"),
    };
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
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
            body: body.as_bytes().to_vec(),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    }
}

/// Modification times of every watched file.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, SystemTime> {
    let mut files = Vec::new();
    walk(&root.join("book"), &mut files);
    walk(&root.join("theme"), &mut files);
    walk(&root.join("chapters"), &mut files);
    files.push(root.join("book.toml"));
    files.retain(|p| !p.components().any(|c| c.as_os_str() == "target"));
    files
        .into_iter()
        .filter_map(|p| {
            let t = fs::metadata(&p).and_then(|m| m.modified()).ok()?;
            Some((p, t))
        })
        .collect()
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// The answer to a GET of `target` from the files under `site`. With a
/// build `version`, HTML pages get the reload script and VERSION_PATH
/// answers it.
fn answer(target: &str, site: &Path, version: Option<u64>) -> Reply {
    let url = target.split(['?', '#']).next().unwrap_or("/");
    if let (VERSION_PATH, Some(version)) = (url, version) {
        return Reply::text(200, &version.to_string());
    }
    let Some(mut path) = local_path(site, url) else {
        return Reply::text(400, "bad path");
    };
    if path.is_dir() {
        path = path.join("index.html");
    }
    let Ok(bytes) = fs::read(&path) else {
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

fn percent_decode(s: &str) -> Option<String> {
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
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_site() {
        let site = Path::new("/site");
        assert_eq!(
            local_path(site, "/a/b.html"),
            Some(PathBuf::from("/site/a/b.html"))
        );
        assert_eq!(
            local_path(site, "/%E4%B8%AD.html"),
            Some(PathBuf::from("/site/中.html"))
        );
        assert_eq!(local_path(site, "/../etc/passwd"), None);
        assert_eq!(local_path(site, "/a/%2e%2e/%2e%2e/x"), None);
        assert_eq!(local_path(site, "/bad%zz"), None);
    }

    /// A scratch site with an index, a page and a 404 page.
    fn scratch_site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("dl-book-serve-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), "<body>home</body>").unwrap();
        fs::write(dir.join("a.css"), "p {}").unwrap();
        fs::write(dir.join("404.html"), "<body>lost</body>").unwrap();
        dir
    }

    #[test]
    fn answers_files_versions_and_errors() {
        let site = scratch_site("answer");
        let home = answer("/", &site, None);
        assert_eq!(
            (home.status, home.body.as_slice()),
            (200, &b"<body>home</body>"[..])
        );
        let live = answer("/index.html?x=1#top", &site, Some(7));
        assert!(
            String::from_utf8(live.body)
                .unwrap()
                .contains("__book_version")
        );
        let css = answer("/a.css", &site, Some(7));
        assert_eq!(
            (css.status, css.content_type),
            (200, "text/css; charset=utf-8")
        );
        assert_eq!(answer(VERSION_PATH, &site, Some(7)).body, b"7");
        assert_eq!(answer(VERSION_PATH, &site, None).status, 404);
        let lost = answer("/nope.html", &site, None);
        assert_eq!(
            (lost.status, lost.body.as_slice()),
            (404, &b"<body>lost</body>"[..])
        );
        assert_eq!(answer("/../etc/passwd", &site, None).status, 400);
        fs::remove_dir_all(&site).unwrap();
    }

    /// Browsers open several connections at once and keep them open when
    /// idle; a request on another connection must not wait behind them.
    #[test]
    fn idle_connections_do_not_block_requests() {
        use std::io::Read;

        let site = scratch_site("idle");
        let port = spawn_static(&site, 0).unwrap();
        let idle: Vec<TcpStream> = (0..8)
            .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
            .collect();
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
            .write_all(b"GET /a.css HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
        assert!(reply.contains("Content-Length: 4\r\n"), "{reply}");
        assert!(reply.ends_with("\r\n\r\np {}"), "{reply}");
        drop(idle);
        fs::remove_dir_all(&site).unwrap();
    }
}
