//! `serve`: the built book over HTTP on the loopback interface, rebuilt
//! when a page, a theme file or a chapter's code changes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, SystemTime};

use anyhow::{Result, anyhow};
use tiny_http::{Header, Request, Response, Server};

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
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let version = Arc::new(AtomicU64::new(0));
    {
        let site = site.to_path_buf();
        let version = Arc::clone(&version);
        let server = Arc::new(server);
        for _ in 0..2 {
            let server = Arc::clone(&server);
            let site = site.clone();
            let version = Arc::clone(&version);
            thread::spawn(move || {
                for request in server.incoming_requests() {
                    let v = version.load(Ordering::Relaxed);
                    if let Err(e) = respond(request, &site, v) {
                        eprintln!("serve: {e}");
                    }
                }
            });
        }
    }
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

fn respond(request: Request, site: &Path, version: u64) -> Result<()> {
    let url = request.url().split(['?', '#']).next().unwrap_or("/");
    if url == VERSION_PATH {
        request.respond(Response::from_string(version.to_string()))?;
        return Ok(());
    }
    let Some(mut path) = local_path(site, url) else {
        request
            .respond(Response::from_string("bad path").with_status_code(400))?;
        return Ok(());
    };
    if path.is_dir() {
        path = path.join("index.html");
    }
    let Ok(bytes) = fs::read(&path) else {
        let body = fs::read(site.join("404.html")).unwrap_or_default();
        request.respond(
            Response::from_data(body)
                .with_header(content_type("html"))
                .with_status_code(404),
        )?;
        return Ok(());
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let body = if ext == "html" {
        let html = String::from_utf8_lossy(&bytes);
        match html.rfind("</body>") {
            Some(i) => format!("{}{RELOAD_SCRIPT}{}", &html[..i], &html[i..])
                .into_bytes(),
            None => bytes,
        }
    } else {
        bytes
    };
    request
        .respond(Response::from_data(body).with_header(content_type(ext)))?;
    Ok(())
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

fn content_type(ext: &str) -> Header {
    let mime = match ext {
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
    };
    // Both parts are fixed ASCII, which is always a valid header.
    Header::from_bytes("Content-Type", mime).unwrap()
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
}
