//! The server under misuse, on 127.0.0.1, every wait bounded.

use super::*;

use std::sync::atomic::AtomicBool;

/// A scratch site with an index, a stylesheet and a 404 page.
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

/// Serves `dir` with `limits`, starting threads with `spawn`.
fn start_with(dir: &Path, limits: Limits, spawn: Spawn) -> u16 {
    let listener = listen(0).unwrap();
    let port = listener.local_addr().unwrap().port();
    spawn_server(listener, Arc::new(Site::new(dir)), None, limits, spawn)
        .unwrap();
    port
}

/// Sends `request` and reads the whole answer (10 s at most).
fn exchange(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}

fn status_of(reply: &str) -> &str {
    reply.get(..12).unwrap_or(reply)
}

const GET_CSS: &[u8] = b"GET /a.css HTTP/1.1\r\nHost: x\r\n\r\n";

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
    assert_eq!(local_path(site, "/%ff"), None, "not UTF-8 once decoded");
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
    let site = scratch_site("idle");
    let port = spawn_static(&site, 0).unwrap();
    let idle: Vec<TcpStream> = (0..8)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let reply = exchange(port, GET_CSS);
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(reply.contains("Content-Length: 4\r\n"), "{reply}");
    assert!(reply.ends_with("\r\n\r\np {}"), "{reply}");
    // a static site's files may be kept, unlike the live server's
    assert!(reply.contains("Cache-Control: max-age=3600\r\n"), "{reply}");
    drop(idle);
    fs::remove_dir_all(&site).unwrap();
}

/// The live server's files change with every rebuild: the browser must
/// not keep them, nor a static site's error pages.
#[test]
fn the_live_server_and_errors_are_not_kept() {
    let site = scratch_site("live");
    let live = start(listen(0).unwrap(), Arc::new(Site::new(&site))).unwrap();
    let reply = exchange(live.port(), GET_CSS);
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(reply.contains("Cache-Control: no-cache\r\n"), "{reply}");
    let port = spawn_static(&site, 0).unwrap();
    let lost = exchange(port, b"GET /nope.html HTTP/1.1\r\n\r\n");
    assert!(lost.starts_with("HTTP/1.1 404"), "{lost}");
    assert!(lost.contains("Cache-Control: no-cache\r\n"), "{lost}");
    fs::remove_dir_all(&site).unwrap();
}

/// When no thread can be started, the accepting thread answers 503 itself
/// and goes on accepting (it used to panic, leaving a live process that
/// refused every connection).
#[test]
fn no_thread_for_a_connection_means_503_not_a_dead_server() {
    let site = scratch_site("nothread");
    let port = start_with(&site, Limits::default(), |_| {
        Err(io::Error::other("no threads left"))
    });
    for _ in 0..3 {
        let reply = exchange(port, GET_CSS);
        assert_eq!(status_of(&reply), "HTTP/1.1 503", "{reply}");
        assert!(reply.contains("Retry-After: 1\r\n"), "{reply}");
    }
    fs::remove_dir_all(&site).unwrap();
}

/// At most `connections` are served at once; the rest get 503 at once,
/// and service resumes when the first ones go.
#[test]
fn a_flood_of_connections_gets_503_and_service_resumes() {
    let site = scratch_site("flood");
    let limits = Limits {
        connections: 2,
        ..Limits::default()
    };
    let port = start_with(&site, limits, spawn_thread);
    let idle: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let started = Instant::now();
    let mut refused = false;
    while !refused && started.elapsed() < Duration::from_secs(5) {
        // Until the server has accepted both idle connections.
        refused = status_of(&exchange(port, GET_CSS)) == "HTTP/1.1 503";
    }
    assert!(refused, "the third connection was never refused");
    drop(idle);
    let started = Instant::now();
    let mut served = false;
    while !served && started.elapsed() < Duration::from_secs(5) {
        served = status_of(&exchange(port, GET_CSS)) == "HTTP/1.1 200";
    }
    assert!(served, "service did not resume after the flood");
    fs::remove_dir_all(&site).unwrap();
}

#[test]
fn request_heads_have_size_limits() {
    let site = scratch_site("limits");
    let port = start_with(&site, Limits::default(), spawn_thread);
    let long_path = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(10_000));
    assert_eq!(
        status_of(&exchange(port, long_path.as_bytes())),
        "HTTP/1.1 414"
    );
    let long_header =
        format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "b".repeat(10_000));
    assert_eq!(
        status_of(&exchange(port, long_header.as_bytes())),
        "HTTP/1.1 431"
    );
    let many = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        "X-Header: some value\r\n".repeat(5_000)
    );
    assert_eq!(status_of(&exchange(port, many.as_bytes())), "HTTP/1.1 431");
    // A header line just under the limit is fine.
    let fine =
        format!("GET /a.css HTTP/1.1\r\nX: {}\r\n\r\n", "c".repeat(8000));
    assert_eq!(status_of(&exchange(port, fine.as_bytes())), "HTTP/1.1 200");
    fs::remove_dir_all(&site).unwrap();
}

/// A client that sends its request slowly is cut off with 408 when its
/// time is up, and holds up no one meanwhile.
#[test]
fn a_slow_client_is_cut_off_and_stalls_no_one() {
    let site = scratch_site("slow");
    let limits = Limits {
        head_time: Duration::from_millis(400),
        ..Limits::default()
    };
    let port = start_with(&site, limits, spawn_thread);
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    slow.write_all(b"GET /a.css HT").unwrap();
    let started = Instant::now();
    assert_eq!(status_of(&exchange(port, GET_CSS)), "HTTP/1.1 200");
    // One byte now and then does not buy more time.
    for _ in 0..3 {
        thread::sleep(Duration::from_millis(100));
        let _ = slow.write_all(b"T");
    }
    let mut reply = Vec::new();
    let _ = slow.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert_eq!(status_of(&reply), "HTTP/1.1 408", "{reply}");
    assert!(started.elapsed() < Duration::from_secs(3));
    fs::remove_dir_all(&site).unwrap();
}

/// A client that never reads its answer is dropped when its time is up,
/// and its connection's place is free again.
#[test]
fn a_client_that_never_reads_is_dropped() {
    let site = scratch_site("noread");
    // More than the kernel's socket buffers hold.
    fs::write(site.join("big.bin"), vec![7u8; 48 << 20]).unwrap();
    let limits = Limits {
        connections: 1,
        reply_time: Duration::from_millis(500),
        ..Limits::default()
    };
    let port = start_with(&site, limits, spawn_thread);
    let mut lazy = TcpStream::connect(("127.0.0.1", port)).unwrap();
    lazy.write_all(b"GET /big.bin HTTP/1.1\r\n\r\n").unwrap();
    let started = Instant::now();
    let mut served = false;
    while !served && started.elapsed() < Duration::from_secs(10) {
        thread::sleep(Duration::from_millis(100));
        served = status_of(&exchange(port, GET_CSS)) == "HTTP/1.1 200";
    }
    assert!(served, "a client that never reads held the server");
    drop(lazy);
    fs::remove_dir_all(&site).unwrap();
}

#[test]
fn empty_and_broken_requests_get_an_answer_or_a_clean_close() {
    let site = scratch_site("broken");
    let port = start_with(&site, Limits::default(), spawn_thread);
    // Connect and close at once: nothing to answer, nothing breaks.
    drop(TcpStream::connect(("127.0.0.1", port)).unwrap());
    // Connect, send nothing, close the sending side: a clean close.
    let quiet = TcpStream::connect(("127.0.0.1", port)).unwrap();
    quiet.shutdown(Shutdown::Write).unwrap();
    let mut nothing = Vec::new();
    quiet
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    (&quiet).read_to_end(&mut nothing).unwrap();
    assert!(nothing.is_empty());
    for (request, status) in [
        (&b"\r\n\r\n"[..], "HTTP/1.1 400"),
        (b"\xff\xfe / HTTP/1.1\r\n\r\n", "HTTP/1.1 400"),
        (b"GET /\xff\xfe HTTP/1.1\r\n\r\n", "HTTP/1.1 400"),
        (b"GET\r\n\r\n", "HTTP/1.1 400"),
        (b"get / HTTP/1.1\r\n\r\n", "HTTP/1.1 400"),
        (b"GET a.css HTTP/1.1\r\n\r\n", "HTTP/1.1 400"),
        (b"GET /%ff HTTP/1.1\r\n\r\n", "HTTP/1.1 400"),
        (b"POST / HTTP/1.1\r\n\r\n", "HTTP/1.1 405"),
        (b"GET /a.css HTTP/1.0\n\n", "HTTP/1.1 200"),
        (b"\x00\x00\x00\x00", "HTTP/1.1 400"),
    ] {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request).unwrap();
        // The client sends no more: the server answers what it has.
        stream.shutdown(Shutdown::Write).unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        let reply = String::from_utf8_lossy(&reply);
        assert_eq!(status_of(&reply), status, "{request:?}: {reply}");
    }
    // Still serving.
    assert_eq!(status_of(&exchange(port, GET_CSS)), "HTTP/1.1 200");
    fs::remove_dir_all(&site).unwrap();
}

/// While the site is replaced again and again, every request finds its
/// page: the old tree or the new one, never a gap (it used to be ~4 % 404s
/// while a re-render swapped files).
#[test]
fn swapping_the_site_never_shows_a_missing_page() {
    let dir = scratch_site("swap");
    let tree = |name: &str, text: &str| {
        let fresh = dir.join(name);
        fs::create_dir_all(fresh.join("css")).unwrap();
        fs::write(fresh.join("index.html"), text).unwrap();
        fs::write(fresh.join("css/a.css"), text).unwrap();
        fresh
    };
    let site = Arc::new(Site::new(dir.join("book")));
    site.replace(&tree("first", "0")).unwrap();
    let listener = listen(0).unwrap();
    let port = listener.local_addr().unwrap().port();
    spawn_server(
        listener,
        Arc::clone(&site),
        None,
        Limits::default(),
        spawn_thread,
    )
    .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let client = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || {
            let (mut served, mut missing) = (0, Vec::new());
            let started = Instant::now();
            while !stop.load(Ordering::SeqCst)
                && started.elapsed() < Duration::from_secs(60)
            {
                for path in ["/", "/css/a.css"] {
                    let request = format!("GET {path} HTTP/1.1\r\n\r\n");
                    let reply = exchange(port, request.as_bytes());
                    if status_of(&reply) == "HTTP/1.1 200" {
                        served += 1;
                    } else {
                        missing.push(reply);
                    }
                }
            }
            (served, missing)
        })
    };
    for round in 0..200 {
        site.replace(&tree("next", &round.to_string())).unwrap();
    }
    stop.store(true, Ordering::SeqCst);
    let (served, missing) = client.join().unwrap();
    assert!(served > 0);
    assert!(
        missing.is_empty(),
        "{} of {}: {:?}",
        missing.len(),
        served,
        missing.first()
    );
    fs::remove_dir_all(&dir).unwrap();
}
