//! The built book in a real browser: headless Chromium, driven over the
//! DevTools protocol by `headless_chrome`, opens every page served from
//! 127.0.0.1 and checks what a reader would see.
//!
//! - no request fails, and none goes anywhere but the local server;
//! - no console error and no uncaught exception;
//! - every image has loaded (`naturalWidth > 0`);
//! - math is rendered (`.katex`) on pages with math, and every mermaid
//!   diagram has become an SVG;
//! - the search box (`s`, then typing) lists the chapter that teaches each
//!   of six terms first;
//! - figures keep a white ground in the dark themes (navy, coal, ayu);
//! - screenshots of two pages (one in the light and each dark theme) land
//!   in `target/screenshots/`.
//!
//! Without a browser the test says so and passes; with `CI` set it fails,
//! since CI installs Debian's `chromium` first (`.ci/run`).

mod common;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::Log::LogEntryLevel;
use headless_chrome::protocol::cdp::Network;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::protocol::cdp::Runtime::ConsoleAPICalledEventTypeOption;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Log, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};

use common::*;

/// The flags that run Chromium here without a sandbox, GPU or any traffic
/// of its own (updates, sync, safe browsing, QUIC probes).
const CHROMIUM_FLAGS: &[&str] = &[
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
];

/// Each query and the page of the chapter that teaches it.
const SEARCHES: &[(&str, &str)] = &[
    ("激活函数", "ch02-activations.html"),
    ("交叉熵", "ch06-losses.html"),
    ("学习率", "ch08-gradients.html"),
    ("溢出", "ch04-output-layer.html"),
    ("softmax", "ch04-output-layer.html"),
    ("ndarray", "ch00-tools.html"),
    ("过拟合", "ch05-data.html"),
    ("mini-batch", "ch07-minibatch.html"),
    ("反向传播", "ch09-two-layer-net.html"),
];

const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

/// Chromium from `CHROME`, or the first of the usual names on PATH.
fn find_browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROME") {
        return Some(PathBuf::from(path));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// What went wrong so far, with the page it happened on.
#[derive(Default)]
struct Problems {
    page: String,
    list: Vec<String>,
    /// Request id to URL, to name the URL of a failed request.
    urls: HashMap<String, String>,
    /// Requests sent and not yet finished (named when a page hangs).
    pending: HashMap<String, String>,
}

impl Problems {
    fn push(&mut self, what: String) {
        let line = format!("{}: {what}", self.page);
        self.list.push(line);
    }
}

/// Records failed or foreign requests, console errors and exceptions.
fn listen(tab: &Tab, origin: &str, problems: &Arc<Mutex<Problems>>) {
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .expect("Network.enable");
    tab.call_method(Runtime::Enable(None))
        .expect("Runtime.enable");
    tab.call_method(Log::Enable(None)).expect("Log.enable");
    let origin = origin.to_string();
    let problems = Arc::clone(problems);
    let listener = move |event: &Event| {
        let mut p = problems.lock().unwrap();
        match event {
            Event::NetworkRequestWillBeSent(e) => {
                let url = &e.params.request.url;
                let local = url.starts_with(&origin)
                    || url.starts_with("data:")
                    || url.starts_with("blob:")
                    || url.starts_with("about:");
                if !local {
                    p.push(format!("request to another host: {url}"));
                }
                p.urls.insert(e.params.request_id.clone(), url.clone());
                p.pending.insert(e.params.request_id.clone(), url.clone());
            }
            Event::NetworkLoadingFinished(e) => {
                p.pending.remove(&e.params.request_id);
            }
            Event::NetworkResponseReceived(e) => {
                let r = &e.params.response;
                if r.status >= 400 {
                    p.push(format!("HTTP {} for {}", r.status, r.url));
                }
            }
            Event::NetworkLoadingFailed(e) => {
                p.pending.remove(&e.params.request_id);
                let url = p.urls.get(&e.params.request_id).cloned();
                p.push(format!(
                    "request failed ({}): {}",
                    e.params.error_text,
                    url.unwrap_or_default()
                ));
            }
            Event::RuntimeConsoleAPICalled(e) => {
                if matches!(
                    e.params.Type,
                    ConsoleAPICalledEventTypeOption::Error
                        | ConsoleAPICalledEventTypeOption::Assert
                ) {
                    let args: Vec<String> = e
                        .params
                        .args
                        .iter()
                        .map(|a| match &a.value {
                            Some(v) => v.to_string(),
                            None => a.description.clone().unwrap_or_default(),
                        })
                        .collect();
                    p.push(format!("console error: {}", args.join(" ")));
                }
            }
            Event::RuntimeExceptionThrown(e) => {
                let d = &e.params.exception_details;
                let what = d
                    .exception
                    .as_ref()
                    .and_then(|x| x.description.clone())
                    .unwrap_or_else(|| d.text.clone());
                p.push(format!("uncaught exception: {what}"));
            }
            Event::LogEntryAdded(e) => {
                let entry = &e.params.entry;
                if matches!(entry.level, LogEntryLevel::Error) {
                    p.push(format!(
                        "browser error: {} {}",
                        entry.text,
                        entry.url.clone().unwrap_or_default()
                    ));
                }
            }
            _ => {}
        }
    };
    tab.add_event_listener(Arc::new(listener))
        .expect("add listener");
}

/// Evaluates `js` (an expression) and returns its value as JSON.
fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    let wrapped = format!("JSON.stringify({js})");
    let result = tab
        .evaluate(&wrapped, false)
        .unwrap_or_else(|e| panic!("cannot evaluate {js}: {e:#}"));
    let text = result.value.and_then(|v| v.as_str().map(String::from));
    serde_json::from_str(&text.unwrap_or_else(|| "null".into())).unwrap()
}

/// Polls `js` until it is true, for at most `timeout`.
fn wait_for(tab: &Tab, js: &str, timeout: Duration) -> bool {
    let start = Instant::now();
    loop {
        if eval(tab, js) == serde_json::Value::Bool(true) {
            return true;
        }
        if start.elapsed() > timeout {
            return false;
        }
        thread::sleep(Duration::from_millis(100));
    }
}

/// Loads `url` and waits until the new document and its images are
/// complete. (Waiting for the new document ourselves is faster than
/// `wait_until_navigated`, which waits for the network to be idle for a
/// while.)
fn open(tab: &Tab, url: &str, problems: &Mutex<Problems>) {
    eval(tab, "window.__leaving = true");
    tab.navigate_to(url)
        .unwrap_or_else(|e| panic!("cannot open {url}: {e:#}"));
    let loaded = "window.__leaving === undefined && \
                  document.readyState === 'complete' && \
                  [...document.images].every(i => i.complete)";
    if !wait_for(tab, loaded, PAGE_TIMEOUT) {
        let state = eval(
            tab,
            "[document.URL, document.readyState, window.__leaving, \
             [...document.images].filter(i => !i.complete).map(i => i.src)]",
        );
        let pending: Vec<String> =
            problems.lock().unwrap().pending.values().cloned().collect();
        panic!("{url} never finished loading: {state}; pending: {pending:?}");
    }
}

/// What a page needs: math, mermaid diagrams.
struct Expect {
    math: bool,
    mermaid: bool,
}

/// The pages to open, and what each must show. Pages outside SUMMARY.md
/// (index, print, 404, toc) are opened too.
fn pages(site: &Path) -> Vec<(String, Expect)> {
    let mut from_summary: HashMap<String, Expect> = HashMap::new();
    for page in summary_pages() {
        let md = read(&book_dir().join(&page));
        let expect = Expect {
            math: md_has_math(&md),
            mermaid: md.contains("```mermaid"),
        };
        from_summary.insert(page.replace(".md", ".html"), expect);
    }
    let mut names: Vec<String> = fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    names.sort();
    let any_math = from_summary.values().any(|e| e.math);
    let any_mermaid = from_summary.values().any(|e| e.mermaid);
    names
        .into_iter()
        // The sidebar for readers without JavaScript, shown in an iframe of
        // every page; opened on its own, Chromium would also ask the server
        // for /favicon.ico, which no reader's browser does.
        .filter(|name| name != "toc.html")
        .map(|name| {
            let expect = match name.as_str() {
                "print.html" => Expect {
                    math: any_math,
                    mermaid: any_mermaid,
                },
                _ => from_summary.remove(&name).unwrap_or(Expect {
                    math: false,
                    mermaid: false,
                }),
            };
            (name, expect)
        })
        .collect()
}

/// True when a page's prose (outside code) has `$` math.
fn md_has_math(md: &str) -> bool {
    let mut in_code = false;
    md.lines().any(|line| {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            return false;
        }
        !in_code && line.contains('$')
    })
}

/// Checks one open page; returns the problems found.
fn check_page(tab: &Tab, name: &str, expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    let broken = eval(
        tab,
        "[...document.images].filter(i => !(i.naturalWidth > 0))\
         .map(i => i.getAttribute('src'))",
    );
    if broken.as_array().is_some_and(|b| !b.is_empty()) {
        problems.push(format!("{name}: images not loaded: {broken}"));
    }
    let katex = eval(tab, "document.querySelectorAll('.katex').length");
    let errors = eval(tab, "document.querySelectorAll('.katex-error').length");
    if expect.math && katex == 0 {
        problems.push(format!("{name}: the page has math but no .katex"));
    }
    if errors != 0 {
        problems.push(format!("{name}: {errors} formulas failed in KaTeX"));
    }
    if expect.mermaid {
        let drawn = "document.querySelectorAll('pre.mermaid').length > 0 && \
                     [...document.querySelectorAll('pre.mermaid')]\
                     .every(p => p.querySelector('svg'))";
        if !wait_for(tab, drawn, PAGE_TIMEOUT) {
            problems.push(format!("{name}: a mermaid diagram has no svg"));
        }
    }
    problems
}

/// Opens the search box with `s`, types `query`, and returns the result
/// links in order.
fn search(tab: &Tab, query: &str) -> Vec<String> {
    let bar = "#mdbook-searchbar";
    let visible = format!(
        "document.querySelector('{bar}') !== null && \
         document.querySelector('{bar}').offsetParent !== null"
    );
    if !eval(tab, &visible).as_bool().unwrap_or(false) {
        tab.press_key("s").expect("press s");
    }
    assert!(
        wait_for(
            tab,
            &format!(
                "{visible} && document.activeElement.id === 'mdbook-searchbar'"
            ),
            PAGE_TIMEOUT
        ),
        "pressing s did not open and focus the search box"
    );
    eval(tab, &format!("document.querySelector('{bar}').select()"));
    // Chinese text arrives as text input, like an IME commit; the key up
    // of a cursor key then lets mdBook's keyup handler run the search.
    tab.send_character(query).expect("type the query");
    tab.press_key("End").expect("key up");
    let listed = format!(
        "document.querySelector('#mdbook-searchresults-header').innerText\
         .includes('{query}') && \
         document.querySelectorAll('#mdbook-searchresults li a').length > 0"
    );
    if !wait_for(tab, &listed, PAGE_TIMEOUT) {
        return Vec::new();
    }
    let links = eval(
        tab,
        "[...document.querySelectorAll('#mdbook-searchresults li a')]\
         .map(a => a.getAttribute('href'))",
    );
    links
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_string())
        .collect()
}

/// Scrolls the first element matching `selector` to just below the menu bar.
fn scroll_to(tab: &Tab, selector: &str) {
    eval(
        tab,
        &format!(
            "window.scrollTo(0, document.querySelector('{selector}')\
             .getBoundingClientRect().top + window.scrollY - 70)"
        ),
    );
}

fn screenshot(tab: &Tab, path: &Path) {
    let png = tab
        .capture_screenshot(
            CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .expect("screenshot");
    fs::write(path, png).expect("write screenshot");
    println!("screenshot: {}", path.display());
}

#[test]
fn the_book_works_in_a_real_browser() {
    let Some(chromium) = find_browser() else {
        let why = "no Chromium found (set CHROME, or install Debian's \
                   `chromium`)";
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs a browser: {why}"
        );
        // Straight to stderr: `cargo test` hides what a passing test
        // prints with println!, and a skip should be seen.
        let _ = writeln!(io::stderr(), "tests/browser.rs skipped: {why}");
        return;
    };
    let start = Instant::now();
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let site = tmp.join("browser-book");
    let _ = fs::remove_dir_all(&site);
    dl_book::render::render(&root(), Some(&site)).expect("the book builds");
    let port = dl_book::serve::spawn_static(&site, 0).expect("serve");
    let origin = format!("http://127.0.0.1:{port}/");

    let args: Vec<&OsStr> = CHROMIUM_FLAGS.iter().map(OsStr::new).collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium.clone()))
        .headless(true)
        .sandbox(false)
        .enable_gpu(false)
        .disable_default_args(true)
        .args(args)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let browser = Browser::new(options).unwrap_or_else(|e| {
        panic!("cannot start {}: {e:#}", chromium.display())
    });
    let tab = browser.new_tab().expect("a tab");
    tab.set_default_timeout(PAGE_TIMEOUT);
    let problems = Arc::new(Mutex::new(Problems::default()));
    listen(&tab, &origin, &problems);

    let mut failures = Vec::new();
    let pages = pages(&site);
    for (name, expect) in &pages {
        let t = Instant::now();
        problems.lock().unwrap().page = name.clone();
        open(&tab, &format!("{origin}{name}"), &problems);
        failures.extend(check_page(&tab, name, expect));
        println!("{name}: {:.1} s", t.elapsed().as_secs_f64());
    }
    println!("opened {} pages", pages.len());

    // Search from the preface, as a reader would.
    problems.lock().unwrap().page = "search".into();
    open(&tab, &format!("{origin}intro.html"), &problems);
    for (query, teacher) in SEARCHES {
        let results = search(&tab, query);
        let first = results.first().map(String::as_str).unwrap_or("nothing");
        println!("search {query}: {} results, first {first}", results.len());
        if !first.starts_with(teacher) {
            failures.push(format!(
                "search {query:?}: first result {first}, expected {teacher}"
            ));
        }
    }

    let shots = tmp.parent().unwrap().join("screenshots");
    fs::create_dir_all(&shots).unwrap();
    problems.lock().unwrap().page = "screenshots".into();
    // A page with math and figures, in the default (light) theme.
    open(&tab, &format!("{origin}ch04-output-layer.html"), &problems);
    scroll_to(&tab, "figure");
    screenshot(&tab, &shots.join("ch04-output-layer-light.png"));
    // A page with diagrams and a figure, in each dark theme: figures keep
    // their white ground, diagrams are drawn.
    let page = "ch01-perceptron.html";
    for (theme, show) in [
        ("navy", "figure"),
        ("coal", "pre.mermaid"),
        ("ayu", "figure"),
    ] {
        eval(
            &tab,
            &format!("localStorage.setItem('mdbook-theme', '{theme}')"),
        );
        open(&tab, &format!("{origin}{page}"), &problems);
        let name = format!("{page} ({theme})");
        let expect = Expect {
            math: true,
            mermaid: true,
        };
        failures.extend(check_page(&tab, &name, &expect));
        let applied =
            format!("document.documentElement.classList.contains('{theme}')");
        if eval(&tab, &applied) != true {
            failures.push(format!("{name}: the theme did not apply"));
        }
        let grounds = eval(
            &tab,
            "[...document.querySelectorAll('img.figure')]\
             .map(i => getComputedStyle(i).backgroundColor)",
        );
        let white = "rgb(255, 255, 255)";
        let all_white = grounds
            .as_array()
            .is_some_and(|g| !g.is_empty() && g.iter().all(|c| c == white));
        if !all_white {
            failures.push(format!("{name}: figures not on white: {grounds}"));
        }
        scroll_to(&tab, show);
        screenshot(&tab, &shots.join(format!("ch01-perceptron-{theme}.png")));
    }
    eval(&tab, "localStorage.removeItem('mdbook-theme')");

    failures.append(&mut problems.lock().unwrap().list);
    println!("browser test took {:.1} s", start.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
