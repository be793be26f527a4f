//! The built book in a real browser: headless Chromium, driven over the
//! DevTools protocol (`tests/cdp`, through a pipe), opens every page served
//! from 127.0.0.1 in three views (a 1280 px desktop, a 390 px phone with
//! mobile emulation: device metrics, touch and a phone's user agent, and
//! that phone in the navy theme; the print page at the desktop's size
//! only, the navy phone the pages with figures or diagrams: see
//! [`View::opens`]) and checks what a reader would see. The
//! views, and the search and dark-theme checks, run at once, each in its
//! own tab and browser context (its own storage: one view's theme is not
//! another's).
//!
//! - no request fails, and none goes anywhere but the local server;
//! - no console error and no uncaught exception;
//! - every image has loaded (`naturalWidth > 0`);
//! - math is rendered (`.katex`) on pages with math, and every mermaid
//!   diagram has become an SVG;
//! - no page is wider than the viewport (no sideways page scroll): what is
//!   wide (code, tables, display math) scrolls inside its own box;
//! - no display equation is cut: its content fits its box, or the box
//!   scrolls, and nothing is clipped vertically;
//! - the smallest text of every figure is measured in CSS px (the image's
//!   displayed width over the SVG's own width, times the SVG's smallest
//!   font size) and printed per page and view; below
//!   [`MIN_FIGURE_TEXT_PHONE_PX`] / [`MIN_FIGURE_TEXT_DESKTOP_PX`] it fails;
//! - the search box (`s`, then typing) lists the chapter that teaches each
//!   of nine terms first;
//! - figures keep a white ground in the dark themes (navy, coal, ayu);
//! - screenshots of three pages in each view, and of one page in each dark
//!   theme, land in `target/screenshots/`.
//!
//! A page that passed in a view is not opened again in that view while
//! this test binary, Chromium's version, the page's HTML and the site's
//! other files (but the search index) stay the same
//! (`common::PageDigests`, recorded with `kit::pass_cache` only after a
//! clean run), nor in a dark theme; the search checks always run. A fresh
//! clone, as in CI, or `DL_BOOK_NO_CACHE=1` opens every page.
//!
//! Without a browser the test says so and passes; with `CI` set it fails,
//! since CI installs Debian's `chromium` first (`.ci/run`).

#![cfg(unix)] // the DevTools pipe is a pair of inherited file descriptors

mod cdp;
mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use cdp::{Browser, CHROMIUM_FLAGS, Tab, browser_or_skip};
use common::*;

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

/// The smallest figure text a reader should get on a phone, in CSS px.
const MIN_FIGURE_TEXT_PHONE_PX: f64 = 9.0;
/// The smallest figure text a reader should get on a desktop, in CSS px.
const MIN_FIGURE_TEXT_DESKTOP_PX: f64 = 11.0;

/// One way of looking at the book.
struct View {
    name: &'static str,
    width: u32,
    height: u32,
    /// Phone emulation: device metrics, touch, a phone's user agent.
    mobile: bool,
    /// The theme to pick (`None`: the default, light).
    theme: Option<&'static str>,
}

const DESKTOP: View = View {
    name: "desktop",
    width: 1280,
    height: 900,
    mobile: false,
    theme: None,
};

/// DevTools' "iPhone 12 Pro": 390 × 844 CSS px at 3 device pixels per px.
const PHONE: View = View {
    name: "phone",
    width: 390,
    height: 844,
    mobile: true,
    theme: None,
};

const PHONE_NAVY: View = View {
    name: "phone-navy",
    theme: Some("navy"),
    ..PHONE
};

const VIEWS: [View; 3] = [DESKTOP, PHONE, PHONE_NAVY];

impl View {
    /// Whether this view opens `page`. Page loads are most of the test's
    /// time, so a view skips what it cannot see anew: the print page
    /// (every chapter again, on one page: 10 s a view) is opened at the
    /// desktop's size only, and a dark view opens only the pages where the
    /// theme has something to change, figures or diagrams (the theme's
    /// colours elsewhere come from mdBook's own CSS, the same on every
    /// page; the search and dark-themes tab checks them at the desktop's
    /// size).
    fn opens(&self, page: &str, expect: &Expect) -> bool {
        if page == "print.html" {
            return self.name == DESKTOP.name;
        }
        self.theme.is_none() || expect.figures || expect.mermaid
    }
}

const PHONE_USER_AGENT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like \
    Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 \
    Mobile/15E148 Safari/604.1";

/// The pages shot in every view, and what each shot shows: a page with
/// figures and math, the chapter with the longest equations, a wide table.
const SHOTS: &[(&str, &str)] = &[
    ("ch04-output-layer.html", "figure"),
    ("ch09-two-layer-net.html", ".katex-display"),
    ("ch00-tools.html", ".table-wrapper"),
];

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
    for domain in ["Network", "Runtime", "Log"] {
        tab.call(&format!("{domain}.enable"), json!({}))
            .unwrap_or_else(|e| panic!("{domain}.enable: {e}"));
    }
    let origin = origin.to_string();
    let problems = Arc::clone(problems);
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    tab.on_event(move |method, params| {
        let mut p = problems.lock().unwrap();
        match method {
            "Network.requestWillBeSent" => {
                let url = text(&params["request"]["url"]);
                let local = url.starts_with(&origin)
                    || url.starts_with("data:")
                    || url.starts_with("blob:")
                    || url.starts_with("about:");
                if !local {
                    p.push(format!("request to another host: {url}"));
                }
                let id = text(&params["requestId"]);
                p.urls.insert(id.clone(), url.clone());
                p.pending.insert(id, url);
            }
            "Network.loadingFinished" => {
                p.pending.remove(&text(&params["requestId"]));
            }
            "Network.responseReceived" => {
                let r = &params["response"];
                let status = r["status"].as_f64().unwrap_or(0.0);
                if status >= 400.0 {
                    p.push(format!("HTTP {status} for {}", text(&r["url"])));
                }
            }
            "Network.loadingFailed" => {
                let id = text(&params["requestId"]);
                p.pending.remove(&id);
                let url = p.urls.get(&id).cloned();
                p.push(format!(
                    "request failed ({}): {}",
                    text(&params["errorText"]),
                    url.unwrap_or_default()
                ));
            }
            "Runtime.consoleAPICalled" => {
                if matches!(params["type"].as_str(), Some("error" | "assert")) {
                    let args: Vec<String> = params["args"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|a| match a.get("value") {
                            Some(v) => v.to_string(),
                            None => text(&a["description"]),
                        })
                        .collect();
                    p.push(format!("console error: {}", args.join(" ")));
                }
            }
            "Runtime.exceptionThrown" => {
                let d = &params["exceptionDetails"];
                let what = d["exception"]["description"]
                    .as_str()
                    .map_or_else(|| text(&d["text"]), String::from);
                p.push(format!("uncaught exception: {what}"));
            }
            "Log.entryAdded" => {
                let entry = &params["entry"];
                if entry["level"] == "error" {
                    p.push(format!(
                        "browser error: {} {}",
                        text(&entry["text"]),
                        text(&entry["url"])
                    ));
                }
            }
            _ => {}
        }
    });
}

/// Evaluates `js` (an expression) and returns its value as JSON.
fn eval(tab: &Tab, js: &str) -> Value {
    tab.evaluate(js, false)
        .unwrap_or_else(|e| panic!("cannot evaluate {js}: {e}"))
}

/// Evaluates `js`, an expression giving a promise, and returns the value
/// it resolves to, as JSON.
fn eval_async(tab: &Tab, js: &str) -> Value {
    tab.evaluate(js, true)
        .unwrap_or_else(|e| panic!("cannot evaluate {js}: {e}"))
}

/// How often a condition is looked at while waiting for it.
const POLL: Duration = Duration::from_millis(25);

/// Polls `js` until it is true, for at most `timeout`. While a page is
/// being replaced its scripts may not run: an error then counts as not
/// yet, and the last one is reported if time runs out.
fn wait_for(tab: &Tab, js: &str, timeout: Duration) -> bool {
    let start = Instant::now();
    loop {
        let error = match tab.evaluate(js, false) {
            Ok(Value::Bool(true)) => return true,
            Ok(_) => None,
            Err(e) => Some(e),
        };
        if start.elapsed() > timeout {
            if let Some(e) = error {
                eprintln!("waiting for {js}: {e}");
            }
            return false;
        }
        thread::sleep(POLL);
    }
}

/// Loads `url` and waits until the new document and its images are
/// complete, except lazy ones (a knob's frames load when scrolled to or
/// picked). (Waiting for the new document ourselves is faster than
/// waiting for the network to be idle for a while.)
fn open(tab: &Tab, url: &str, problems: &Mutex<Problems>) {
    eval(tab, "window.__leaving = true");
    tab.navigate(url)
        .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    let loaded = "window.__leaving === undefined && \
                  document.readyState === 'complete' && \
                  [...document.images].every(i => i.complete || \
                  i.loading === 'lazy')";
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

/// What a page needs: math, mermaid diagrams; and whether it has figures.
struct Expect {
    math: bool,
    mermaid: bool,
    figures: bool,
}

impl Expect {
    /// What a page showing the pages `md` of SUMMARY.md needs (the print
    /// page shows several).
    fn of(md: &[&String]) -> Self {
        let sources: Vec<String> =
            md.iter().map(|p| read(&book_dir().join(p))).collect();
        Expect {
            math: sources.iter().any(|md| md_has_math(md)),
            mermaid: sources.iter().any(|md| md.contains("```mermaid")),
            figures: sources.iter().any(|md| md.contains("class=\"figure\"")),
        }
    }
}

/// The pages to open, and what each must show. Pages outside SUMMARY.md
/// (index, print, 404, toc) are opened too.
fn pages(site: &Path) -> Vec<(String, Expect)> {
    let mut from_summary: HashMap<String, Expect> = HashMap::new();
    for page in summary_pages() {
        let expect = Expect::of(&[&page]);
        from_summary.insert(page.replace(".md", ".html"), expect);
    }
    let mut names: Vec<String> = fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    names.sort();
    names
        .into_iter()
        // The sidebar for readers without JavaScript, shown in an iframe of
        // every page; opened on its own, Chromium would also ask the server
        // for /favicon.ico, which no reader's browser does.
        .filter(|name| name != "toc.html")
        .map(|name| {
            let expect = match name.as_str() {
                "print.html" => {
                    Expect::of(&summary_pages().iter().collect::<Vec<_>>())
                }
                _ => from_summary.remove(&name).unwrap_or(Expect {
                    math: false,
                    mermaid: false,
                    figures: false,
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
    // One round trip to the browser for all three.
    let found = eval(
        tab,
        "({ broken: [...document.images]\
         .filter(i => !(i.naturalWidth > 0) && i.loading !== 'lazy')\
         .map(i => i.getAttribute('src')), \
         katex: document.querySelectorAll('.katex').length, \
         errors: document.querySelectorAll('.katex-error').length })",
    );
    let (broken, katex, errors) =
        (&found["broken"], &found["katex"], &found["errors"]);
    if broken.as_array().is_some_and(|b| !b.is_empty()) {
        problems.push(format!("{name}: images not loaded: {broken}"));
    }
    if expect.math && *katex == 0 {
        problems.push(format!("{name}: the page has math but no .katex"));
    }
    if *errors != 0 {
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

/// Makes `tab` the view's screen: a phone's metrics, touch and user agent
/// for a mobile view (before anything is opened in it).
fn emulate(tab: &Tab, view: &View) {
    if !view.mobile {
        return;
    }
    let calls = [
        (
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": view.width,
                "height": view.height,
                "deviceScaleFactor": 3.0,
                "mobile": true,
                "screenWidth": view.width,
                "screenHeight": view.height,
            }),
        ),
        (
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": true, "maxTouchPoints": 5 }),
        ),
        (
            "Network.setUserAgentOverride",
            json!({
                "userAgent": PHONE_USER_AGENT,
                "acceptLanguage": "zh-CN",
                "platform": "iPhone",
            }),
        ),
    ];
    for (method, params) in calls {
        tab.call(method, params)
            .unwrap_or_else(|e| panic!("{method}: {e}"));
    }
}

/// Sideways scroll and cut equations: the page must fit the viewport (what
/// is wide scrolls in its own box), and every display equation must fit its
/// box or scroll in it, clipped in no direction.
const LAYOUT_JS: &str = r#"(() => {
  const root = document.documentElement;
  const content = document.getElementById('mdbook-content');
  const vw = root.clientWidth;
  const label = el => el.tagName.toLowerCase()
    + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim()
       ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  // The page scrolls sideways when the document or the content column
  // (which mdBook lets scroll) is wider than what shows.
  const pageWidth = Math.max(root.scrollWidth,
    content ? content.scrollWidth - content.clientWidth + vw : 0);
  const boxed = el => {
    for (let p = el.parentElement; p && p !== content; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const sticking = [];
  if (pageWidth > vw + 1 && content) {
    const edge = content.getBoundingClientRect().right;
    for (const el of content.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const inside = sticking.some(([outer]) => outer.contains(el));
      if (r.width > 0 && r.right > Math.min(vw, edge) + 1 && !boxed(el)
          && !inside) {
        const text = (el.textContent || '').replace(/[\u200b\s]+/g, ' ').trim().slice(0, 30);
        sticking.push([el, `${label(el)} to ${Math.round(r.right)} px "${text}"`]);
        if (sticking.length >= 4) break;
      }
    }
  }
  const cut = [];
  const wide = [];
  let displays = 0;
  for (const d of document.querySelectorAll('.katex-display')) {
    displays++;
    const s = getComputedStyle(d);
    const scrolls = s.overflowX === 'auto' || s.overflowX === 'scroll';
    // KaTeX writes HTML only (no MathML): name the equation by its glyphs.
    const what = '"' + d.textContent.replace(/[\u200b\s]+/g, ' ').trim()
      .slice(0, 40) + '"';
    const r = d.getBoundingClientRect();
    if (d.scrollWidth > d.clientWidth + 1) {
      if (scrolls) wide.push(`${what} (${d.scrollWidth} px in ${d.clientWidth} px)`);
      else cut.push(`${what} (${d.scrollWidth} px wide in ${d.clientWidth} px)`);
    }
    if (s.overflowY !== 'visible' && d.scrollHeight > d.clientHeight + 1) {
      cut.push(`${what} (${d.scrollHeight} px tall in ${d.clientHeight} px)`);
    }
    if (r.right > vw + 1) {
      cut.push(`${what} (its box ends at ${Math.round(r.right)} px of ${vw})`);
    }
  }
  return { vw, pageWidth, inner: window.innerWidth,
           sticking: sticking.map(([, what]) => what), cut,
           displays, wide };
})()"#;

/// For each SVG figure of the page: its file, its displayed width, its own
/// width (viewBox, else the width attribute), its smallest font size, and
/// so the smallest text a reader sees, in CSS px.
const FIGURE_TEXT_JS: &str = r#"(async () => {
  const out = [];
  for (const img of document.querySelectorAll('img')) {
    const src = img.getAttribute('src') || '';
    if (!src.endsWith('.svg')) continue;
    const text = await (await fetch(img.src)).text();
    const svg = new DOMParser().parseFromString(text, 'image/svg+xml')
      .documentElement;
    const box = (svg.getAttribute('viewBox') || '').trim().split(/[\s,]+/)
      .map(Number);
    const own = box.length === 4 && box[2] > 0
      ? box[2] : parseFloat(svg.getAttribute('width'));
    const sizeOf = el => {
      for (let e = el; e && e.getAttribute; e = e.parentNode) {
        const m = /font-size\s*:\s*([\d.]+)/.exec(e.getAttribute('style') || '');
        if (m) return parseFloat(m[1]);
        const a = e.getAttribute('font-size');
        if (a) return parseFloat(a);
      }
      return 16;
    };
    const sizes = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() !== '')
      .map(sizeOf);
    if (sizes.length === 0) continue;
    const font = Math.min(...sizes);
    const shown = img.getBoundingClientRect().width;
    out.push({ src, shown, own, font, px: shown / own * font });
  }
  return out;
})()"#;

/// The smallest text of one figure as displayed.
struct FigureText {
    src: String,
    px: f64,
    shown: f64,
    own: f64,
    font: f64,
}

fn measure_figure_text(tab: &Tab) -> Vec<FigureText> {
    let list = eval_async(tab, FIGURE_TEXT_JS);
    list.as_array()
        .expect("figure list")
        .iter()
        .map(|f| FigureText {
            src: f["src"].as_str().unwrap_or("").to_string(),
            px: f["px"].as_f64().unwrap_or(0.0),
            shown: f["shown"].as_f64().unwrap_or(0.0),
            own: f["own"].as_f64().unwrap_or(0.0),
            font: f["font"].as_f64().unwrap_or(0.0),
        })
        .collect()
}

/// What [`check_layout`] found on a page.
struct Layout {
    problems: Vec<String>,
    displays: usize,
    cut: usize,
    /// Display equations wider than their box, which scroll in it.
    scrolling: Vec<String>,
}

/// Checks the page's width and its display equations in `view`.
fn check_layout(tab: &Tab, name: &str, view: &View) -> Layout {
    let at = format!("{name} [{}]", view.name);
    let layout = eval(tab, LAYOUT_JS);
    let mut problems = Vec::new();
    let vw = layout["vw"].as_f64().unwrap_or(0.0);
    let page = layout["pageWidth"].as_f64().unwrap_or(0.0);
    if (vw - f64::from(view.width)).abs() > 20.0 {
        problems
            .push(format!("{at}: the viewport is {vw} px, not {}", view.width));
    }
    if page > vw + 1.0 {
        problems.push(format!(
            "{at}: the page is {page} px wide in a {vw} px viewport (it \
             scrolls sideways); sticking out: {}",
            layout["sticking"]
        ));
    }
    let cut: Vec<String> = layout["cut"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect();
    for c in &cut {
        problems.push(format!("{at}: a display equation is cut: {c}"));
    }
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| format!("{at}: {}", c.as_str().unwrap_or("")))
            .collect()
    };
    Layout {
        problems,
        displays: layout["displays"].as_u64().unwrap_or(0) as usize,
        cut: cut.len(),
        scrolling: strings(&layout["wide"]),
    }
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
    tab.insert_text(query).expect("type the query");
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

/// Saves what `tab` shows to `path`; returns the line to print.
fn screenshot(tab: &Tab, path: &Path) -> String {
    let png = tab.screenshot_png().expect("screenshot");
    fs::write(path, png).expect("write screenshot");
    format!("screenshot: {}", path.display())
}

/// The smallest text of every figure of every page in each view.
#[derive(Default)]
struct FigureTable {
    /// (page, view, a figure there).
    all: Vec<(String, &'static str, FigureText)>,
}

impl FigureTable {
    fn add(&mut self, page: &str, view: &'static str, texts: Vec<FigureText>) {
        for text in texts {
            self.all.push((page.to_string(), view, text));
        }
    }

    /// The figure of `page` with the smallest text in `view`.
    fn get(&self, page: &str, view: &str) -> Option<&FigureText> {
        self.all
            .iter()
            .filter(|(p, v, _)| p == page && *v == view)
            .map(|(_, _, f)| f)
            .min_by(|a, b| a.px.total_cmp(&b.px))
    }

    /// Prints the table: one row a page, the phone and the desktop.
    fn print(&self) {
        println!(
            "\nsmallest figure text, CSS px (at least \
             {MIN_FIGURE_TEXT_PHONE_PX} on a phone, \
             {MIN_FIGURE_TEXT_DESKTOP_PX} on a desktop)"
        );
        println!(
            "{:<26} {:>6} {:>8}  figure (its own width, font)",
            "page", "phone", "desktop"
        );
        let mut pages: Vec<&str> = Vec::new();
        for (page, _, _) in &self.all {
            if !pages.contains(&page.as_str()) {
                pages.push(page);
            }
        }
        for page in pages {
            let phone = self.get(page, PHONE.name);
            let desk = self.get(page, DESKTOP.name);
            let px = |f: Option<&FigureText>| {
                f.map_or("-".to_string(), |f| format!("{:.1}", f.px))
            };
            let which = phone.or(desk).map_or(String::new(), |f| {
                format!(
                    "{} ({} px, {:.1} px; shown {:.0} px on a phone)",
                    f.src, f.own, f.font, f.shown
                )
            });
            println!("{page:<26} {:>6} {:>8}  {which}", px(phone), px(desk));
        }
        for view in [&PHONE, &DESKTOP] {
            let min = self
                .all
                .iter()
                .filter(|(_, v, _)| *v == view.name)
                .map(|(_, _, f)| f.px)
                .fold(f64::INFINITY, f64::min);
            println!("smallest on the {}: {min:.1} px", view.name);
        }
    }

    /// The figures below the minimum of their view (print.html repeats
    /// the pages' figures: left out).
    fn too_small(&self) -> Vec<String> {
        self.all
            .iter()
            .filter(|(page, _, _)| page != "print.html")
            .filter_map(|(page, view, f)| {
                let min = if *view == PHONE.name {
                    MIN_FIGURE_TEXT_PHONE_PX
                } else {
                    MIN_FIGURE_TEXT_DESKTOP_PX
                };
                (f.px < min).then(|| {
                    format!(
                        "{page} [{view}]: {} shows text at {:.1} px (< {min})",
                        f.src, f.px
                    )
                })
            })
            .collect()
    }
}

/// Picks `theme` for the whole origin (mdBook reads it from local storage);
/// `None` picks the default. A page of the origin must be open.
fn pick_theme(tab: &Tab, theme: Option<&str>) {
    match theme {
        Some(theme) => eval(
            tab,
            &format!("localStorage.setItem('mdbook-theme', '{theme}')"),
        ),
        None => eval(tab, "localStorage.removeItem('mdbook-theme')"),
    };
}

/// In a dark theme: the theme applied, and figures keep a white ground.
fn check_theme(tab: &Tab, name: &str, theme: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let applied =
        format!("document.documentElement.classList.contains('{theme}')");
    if eval(tab, &applied) != true {
        problems.push(format!("{name}: the theme did not apply"));
    }
    let grounds = eval(
        tab,
        "[...document.querySelectorAll('img.figure')]\
         .map(i => getComputedStyle(i).backgroundColor)",
    );
    let white = "rgb(255, 255, 255)";
    if let Some(g) = grounds.as_array()
        && g.iter().any(|c| c != white)
    {
        problems.push(format!("{name}: figures not on white: {grounds}"));
    }
    problems
}

/// What one view found: problems, figure text, equations.
#[derive(Default)]
struct ViewReport {
    failures: Vec<String>,
    figures: FigureTable,
    /// (view, equations cut, display equations).
    cut_equations: Option<(&'static str, usize, usize)>,
    scrolling: Vec<String>,
    /// What the view prints at its end.
    lines: Vec<String>,
    /// The pages checked, as (pass-cache name, page digest): recorded as
    /// passed if the whole test passes.
    checked: Vec<(String, String)>,
}

/// A new tab in a context of its own, listened to.
fn fresh_tab(
    browser: &Browser,
    origin: &str,
    problems: &Arc<Mutex<Problems>>,
) -> Tab {
    let context = browser.new_context().expect("a browser context");
    let tab = browser.new_tab(&context).expect("a tab");
    listen(&tab, origin, problems);
    tab
}

/// Every page in `view`, then the view's screenshots.
fn check_view(
    browser: &Browser,
    view: &'static View,
    origin: &str,
    digests: &PageDigests,
    print: &PrintParts,
    pages: &[(String, Expect)],
    shots: &Path,
) -> ViewReport {
    let t = Instant::now();
    let mut report = ViewReport::default();
    let problems = Arc::new(Mutex::new(Problems::default()));
    let context = browser.new_context().expect("a browser context");
    let tab = browser.new_tab(&context).expect("a tab");
    // Before anything is opened in it, and before the listener, so the
    // user agent is the phone's from the first request on.
    emulate(&tab, view);
    listen(&tab, origin, &problems);
    problems.lock().unwrap().page = format!("index.html [{}]", view.name);
    open(&tab, &format!("{origin}index.html"), &problems);
    pick_theme(&tab, view.theme);
    let (mut displays, mut cut) = (0, 0);
    let pages: Vec<_> = pages
        .iter()
        .filter(|(name, e)| view.opens(name, e))
        .collect();
    let mut unchanged = Vec::new();
    for (name, listed) in &pages {
        let cut_down;
        let expect = if name == "print.html" {
            // part by part: the served print page holds the parts to check
            if print.todo.is_empty() {
                unchanged.push(name.as_str());
                continue;
            }
            report.checked.extend(print.checked());
            // what those parts need, not the whole book
            cut_down = Expect::of(&print.pages_to_check());
            &cut_down
        } else {
            let part = format!("{}--{name}", view.name);
            let digest = digests.of(name);
            if kit::pass_cache::has_passed(&part, &digest) {
                unchanged.push(name.as_str());
                continue;
            }
            report.checked.push((part, digest));
            listed
        };
        let at = format!("{name} [{}]", view.name);
        problems.lock().unwrap().page = at.clone();
        open(&tab, &format!("{origin}{name}"), &problems);
        report.failures.extend(check_page(&tab, &at, expect));
        if let Some(theme) = view.theme {
            report.failures.extend(check_theme(&tab, &at, theme));
        }
        let layout = check_layout(&tab, name, view);
        report.failures.extend(layout.problems);
        cut += layout.cut;
        displays += layout.displays;
        report.scrolling.extend(layout.scrolling);
        // A theme changes no size: the light views measure for all.
        if view.theme.is_none() {
            report
                .figures
                .add(name, view.name, measure_figure_text(&tab));
        }
    }
    report.cut_equations = Some((view.name, cut, displays));
    for (page, show) in SHOTS {
        let stem = page.trim_end_matches(".html");
        let path = shots.join(format!("{stem}-{}.png", view.name));
        if unchanged.contains(page) && path.is_file() {
            continue; // the screenshot of the unchanged page is still true
        }
        problems.lock().unwrap().page = format!("{page} [{}]", view.name);
        open(&tab, &format!("{origin}{page}"), &problems);
        scroll_to(&tab, show);
        report.lines.push(screenshot(&tab, &path));
    }
    tab.close().expect("close the tab");
    report.lines.push(format!(
        "{}: {} pages, {displays} display equations ({cut} cut), {:.1} s; \
         {unchanged} more pages unchanged since they passed, not opened \
         (DL_BOOK_NO_CACHE=1 opens them)",
        view.name,
        pages.len() - unchanged.len(),
        t.elapsed().as_secs_f64(),
        unchanged = unchanged.len(),
    ));
    report.failures.append(&mut problems.lock().unwrap().list);
    report
}

/// The search box from the preface, as a reader would use it; then a page
/// with diagrams and a figure in each dark theme: figures keep their white
/// ground, diagrams are drawn. At the desktop's size.
fn check_search_and_themes(
    browser: &Browser,
    origin: &str,
    digests: &PageDigests,
    shots: &Path,
) -> ViewReport {
    let t = Instant::now();
    let mut report = ViewReport::default();
    let problems = Arc::new(Mutex::new(Problems::default()));
    let tab = fresh_tab(browser, origin, &problems);
    problems.lock().unwrap().page = "search".into();
    open(&tab, &format!("{origin}intro.html"), &problems);
    for (query, teacher) in SEARCHES {
        let results = search(&tab, query);
        let first = results.first().map(String::as_str).unwrap_or("nothing");
        report.lines.push(format!(
            "search {query}: {} results, first {first}",
            results.len()
        ));
        if !first.starts_with(teacher) {
            report.failures.push(format!(
                "search {query:?}: first result {first}, expected {teacher}"
            ));
        }
    }
    problems.lock().unwrap().page = "dark themes".into();
    let page = "ch01-perceptron.html";
    let digest = digests.of(page);
    for (theme, show) in [
        ("navy", "figure"),
        ("coal", "pre.mermaid"),
        ("ayu", "figure"),
    ] {
        let part = format!("{theme}--{page}");
        let path = shots.join(format!("ch01-perceptron-{theme}.png"));
        if kit::pass_cache::has_passed(&part, &digest) && path.is_file() {
            continue; // as in check_view: unchanged since it passed
        }
        report.checked.push((part, digest.clone()));
        pick_theme(&tab, Some(theme));
        open(&tab, &format!("{origin}{page}"), &problems);
        let name = format!("{page} ({theme})");
        let expect = Expect {
            math: true,
            mermaid: true,
            figures: true,
        };
        report.failures.extend(check_page(&tab, &name, &expect));
        report.failures.extend(check_theme(&tab, &name, theme));
        scroll_to(&tab, show);
        report.lines.push(screenshot(&tab, &path));
    }
    tab.close().expect("close the tab");
    report.lines.push(format!(
        "search and dark themes: {:.1} s",
        t.elapsed().as_secs_f64()
    ));
    report.failures.append(&mut problems.lock().unwrap().list);
    report
}

#[test]
fn the_book_works_in_a_real_browser() {
    let Some(chromium) = browser_or_skip("tests/browser.rs") else {
        return;
    };
    let start = Instant::now();
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let site = shared_site();
    println!("book built in {:.1} s", start.elapsed().as_secs_f64());

    let browser =
        Browser::launch(&chromium, CHROMIUM_FLAGS, &tmp.join("chromium"))
            .unwrap_or_else(|e| {
                panic!("cannot start {}: {e}", chromium.display())
            });
    let shots = tmp.parent().unwrap().join("screenshots");
    fs::create_dir_all(&shots).unwrap();
    let pages = pages(site);

    let version = browser.version().expect("the browser's version");
    let digests = PageDigests::new(site, &version);
    // Served from a site whose print page holds only the parts that the
    // desktop view has to check; every other file is the site's.
    let print = PrintParts::to_check(site, &digests, DESKTOP.name);
    let port = dl_book::serve::spawn_static(&print.site, 0).expect("serve");
    let origin = format!("http://127.0.0.1:{port}/");
    let reports: Vec<ViewReport> = thread::scope(|scope| {
        let (browser, origin, pages, shots) =
            (&browser, &origin, &pages, &shots);
        let (digests, print) = (&digests, &print);
        let views: &'static [View] = &VIEWS;
        let mut jobs: Vec<_> = views
            .iter()
            .map(|view| {
                scope.spawn(move || {
                    check_view(
                        browser, view, origin, digests, print, pages, shots,
                    )
                })
            })
            .collect();
        jobs.push(scope.spawn(move || {
            check_search_and_themes(browser, origin, digests, shots)
        }));
        jobs.into_iter()
            .map(|job| {
                job.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    });

    let mut failures = Vec::new();
    let mut figures = FigureTable::default();
    let mut cut_equations = Vec::new();
    let mut scrolling = Vec::new();
    let mut checked = Vec::new();
    for mut report in reports {
        checked.append(&mut report.checked);
        for line in &report.lines {
            println!("{line}");
        }
        failures.append(&mut report.failures);
        figures.all.append(&mut report.figures.all);
        cut_equations.extend(report.cut_equations);
        scrolling.append(&mut report.scrolling);
    }
    figures.print();
    for (view, cut, displays) in &cut_equations {
        println!("{view}: {cut} of {displays} display equations cut");
    }
    println!("display equations that scroll in their box:");
    for s in &scrolling {
        println!("  {s}");
    }
    failures.extend(figures.too_small());
    println!("browser test took {:.1} s", start.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // only a clean run: a failure may show on another page than its cause
    for (part, digest) in checked {
        kit::pass_cache::record_pass(&part, &digest);
    }
}
