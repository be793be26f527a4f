//! The figures with a knob and the self-check questions in a real browser
//! (headless Chromium, as in `tests/browser.rs`), at 1280 px with a mouse
//! and at 390 px with touch:
//!
//! - each knob starts where its chapter says, moves one position with the
//!   arrow key on its slider and one with a click (a tap on the phone) on
//!   its − / ＋ buttons, and each time shows the frame file and the
//!   readout the chapter's code made for that position, the frame loaded;
//! - on every page, each question's key in the page is the key the
//!   chapter's code computes; on chapters 4 and 8, one question of each
//!   kind (choice, number, printed output) is answered wrong, then right,
//!   and the feedback and explanation follow; the answers survive a reload
//!   (localStorage) and the page's reset button clears them.
//!
//! The two views run at once. A chapter that passed in a view is not
//! opened again there while the test binary, its page and the site's other
//! files stay the same (as in `tests/browser.rs`).
//!
//! Without a browser the test says so and passes; with `CI` set it fails.
//! (Chromium is driven over its DevTools pipe by `tests/cdp`, like
//! `tests/browser.rs`.)

mod cdp;
mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use cdp::{Browser, CHROMIUM_FLAGS, Tab, browser_or_skip};
use serde_json::{Value, json};

use common::*;
use dl_book::chapters::CHAPTERS;
use kit::{Answer, Chapter};

/// The pages whose questions are answered, reloaded and reset; on the
/// others (same `quiz.js`, same fragment writer) the test checks only that
/// every key on the page is the key the chapter computes, to keep the
/// test short.
const FULL_QUESTION_CHECKS: &[&str] = &["ch04-output-layer", "ch08-gradients"];

const TIMEOUT: Duration = Duration::from_secs(20);

fn eval(tab: &Tab, js: &str) -> Value {
    tab.evaluate(js, false)
        .unwrap_or_else(|e| panic!("cannot evaluate {js}: {e}"))
}

fn wait_for(tab: &Tab, js: &str) -> bool {
    let start = Instant::now();
    while start.elapsed() < TIMEOUT {
        if eval(tab, js) == Value::Bool(true) {
            return true;
        }
        thread::sleep(Duration::from_millis(50));
    }
    false
}

fn open(tab: &Tab, url: &str) {
    eval(tab, "window.__leaving = true");
    tab.navigate(url).expect("navigate");
    let ready = "window.__leaving === undefined && \
                 document.readyState === 'complete'";
    assert!(wait_for(tab, ready), "{url} did not load");
}

/// A desktop (1280 px, a mouse) or a phone (390 px, touch, mobile
/// metrics).
fn emulate(tab: &Tab, phone: bool) {
    let (width, height, scale) = if phone {
        (390, 844, 3.0)
    } else {
        (1280, 900, 1.0)
    };
    tab.call(
        "Emulation.setDeviceMetricsOverride",
        json!({
            "width": width,
            "height": height,
            "deviceScaleFactor": scale,
            "mobile": phone,
            "screenWidth": width,
            "screenHeight": height,
        }),
    )
    .expect("device metrics");
    if phone {
        tab.call(
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": true, "maxTouchPoints": 5 }),
        )
        .expect("touch");
    }
}

/// Clicks (desktop) or taps (phone) the element `selector` names.
fn press(tab: &Tab, selector: &str, touch: bool) {
    let at = eval(
        tab,
        &format!(
            "(() => {{ const e = document.querySelector({selector:?}); \
             e.scrollIntoView({{block: 'center'}}); \
             const r = e.getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        ),
    );
    let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    if !touch {
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            tab.call(
                "Input.dispatchMouseEvent",
                json!({
                    "type": kind, "x": x, "y": y,
                    "button": "left", "buttons": 1, "clickCount": 1,
                }),
            )
            .expect("click");
        }
        return;
    }
    for (kind, points) in [
        ("touchStart", json!([{ "x": x, "y": y }])),
        ("touchEnd", json!([])),
    ] {
        tab.call(
            "Input.dispatchTouchEvent",
            json!({ "type": kind, "touchPoints": points }),
        )
        .expect("touch event");
    }
}

/// Checks a knob shows position `i`: the frame file (loaded) and readout
/// the chapter made for it.
fn shows(tab: &Tab, id: &str, src: &str, readout: &str) -> Result<(), String> {
    let js = format!(
        "(() => {{ const f = document.getElementById({id:?}); \
         f.scrollIntoView({{block: 'center'}}); \
         const img = f.querySelector('img.knob-frame'); \
         return img.getAttribute('src') === {src:?} && img.complete && \
         img.naturalWidth > 0 && \
         f.querySelector('.knob-readout').textContent === {readout:?}; }})()"
    );
    if wait_for(tab, &js) {
        Ok(())
    } else {
        let now = eval(
            tab,
            &format!(
                "(() => {{ const f = document.getElementById({id:?}); \
                 return [f.querySelector('img.knob-frame').getAttribute('src'), \
                 f.querySelector('.knob-readout').textContent]; }})()"
            ),
        );
        Err(format!("{id}: expected {src} / {readout}, shows {now}"))
    }
}

/// Moves every knob of `chapter`'s page: one step right by keyboard, one
/// step back by the − button (clicked or tapped).
fn check_knobs(tab: &Tab, chapter: &Chapter, touch: bool) -> Vec<String> {
    let mut problems = Vec::new();
    for knob in chapter.knobs {
        let readouts = knob.readouts().unwrap();
        let id = format!("knob-{}", knob.name);
        let at = |i: usize| (knob.frame_path(chapter.name, i), &readouts[i]);
        let (src, text) = at(knob.start);
        problems.extend(shows(tab, &id, &src, text).err());
        // the keyboard: focus the slider, press the right arrow
        eval(
            tab,
            &format!("document.getElementById('{id}-input').focus()"),
        );
        tab.press_key("ArrowRight").expect("arrow key");
        let next = (knob.start + 1).min(knob.values.len() - 1);
        let (src, text) = at(next);
        problems.extend(shows(tab, &id, &src, text).err());
        // a click or tap on ＋ then twice on −
        let plus = format!("#{id} .knob-step[data-step='1']");
        let minus = format!("#{id} .knob-step[data-step='-1']");
        press(tab, &plus, touch);
        let after = (next + 1).min(knob.values.len() - 1);
        let (src, text) = at(after);
        problems.extend(shows(tab, &id, &src, text).err());
        press(tab, &minus, touch);
        press(tab, &minus, touch);
        let (src, text) = at(after.saturating_sub(2));
        problems.extend(shows(tab, &id, &src, text).err());
    }
    problems
}

/// The page's keys, by question, as `quiz.js` reads them.
fn page_keys(tab: &Tab) -> Vec<(String, String, String)> {
    let list = eval(
        tab,
        "[...document.querySelectorAll('.question')].map(q => \
         [q.dataset.key, q.dataset.kind, q.dataset.answer])",
    );
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let s = |i: usize| v[i].as_str().unwrap_or("").to_string();
            (s(0), s(1), s(2))
        })
        .collect()
}

/// Every key on the page is the key the chapter computes.
fn check_keys(tab: &Tab, chapter: &Chapter) -> Vec<String> {
    let mut expected = Vec::new();
    for quiz in chapter.quizzes {
        for (n, q) in quiz.build().unwrap().iter().enumerate() {
            let key = format!("{}/{}/{}", chapter.name, quiz.name, n + 1);
            let (kind, answer) = match &q.answer {
                Answer::Choice(o) => (
                    "choice",
                    o.iter().position(|o| o.correct).unwrap().to_string(),
                ),
                Answer::Number { value, .. } => {
                    ("number", format!("{value:?}"))
                }
                Answer::Printed { output, .. } => ("printed", output.clone()),
            };
            expected.push((key, kind.to_string(), answer));
        }
    }
    let found = page_keys(tab);
    if found == expected {
        Vec::new()
    } else {
        vec![format!(
            "{}: keys on the page {found:?}, the code's {expected:?}",
            chapter.name
        )]
    }
}

/// The state of question `key`: its classes' verdict, the feedback, and
/// whether the explanation shows.
fn verdict(tab: &Tab, key: &str) -> Value {
    eval(
        tab,
        &format!(
            "(() => {{ const q = document.querySelector('[data-key=\"{key}\"]'); \
             return [q.classList.contains('right') ? 'right' : \
             q.classList.contains('wrong') ? 'wrong' : 'none', \
             q.querySelector('.quiz-feedback').textContent, \
             !q.querySelector('.quiz-explanation').hidden]; }})()"
        ),
    )
}

/// Answers `key` with `answer` (an option's index, or text to type), then
/// presses 检查.
fn answer(tab: &Tab, key: &str, kind: &str, answer: &str, touch: bool) {
    let q = format!("[data-key=\"{key}\"]");
    if kind == "choice" {
        press(tab, &format!("{q} input[value=\"{answer}\"]"), touch);
    } else {
        let input = format!("{q} input[type=\"text\"]");
        eval(
            tab,
            &format!(
                "(() => {{ const i = document.querySelector({input:?}); \
                 i.value = ''; i.focus(); return true; }})()"
            ),
        );
        tab.insert_text(answer).expect("type");
    }
    press(tab, &format!("{q} .quiz-check"), touch);
}

/// One question of each kind, wrong then right; a reload keeps the
/// answers; reset clears them.
fn check_questions(
    tab: &Tab,
    url: &str,
    chapter: &Chapter,
    touch: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let keys = page_keys(tab);
    let mut answered = Vec::new();
    for kind in ["choice", "number", "printed"] {
        let Some((key, _, key_answer)) = keys.iter().find(|k| k.1 == kind)
        else {
            continue;
        };
        let wrong = match kind {
            "choice" => if key_answer == "0" { "1" } else { "0" }.to_string(),
            _ => "12345".to_string(),
        };
        let right = match kind {
            // the value the page shows as the key, as a reader would type it
            "number" => eval(
                tab,
                &format!(
                    "document.querySelector('[data-key=\"{key}\"] .quiz-key')\
                     .textContent"
                ),
            )
            .as_str()
            .unwrap()
            .to_string(),
            _ => key_answer.clone(),
        };
        answer(tab, key, kind, &wrong, touch);
        let v = verdict(tab, key);
        if v[0] != "wrong" || !v[1].as_str().unwrap_or("").starts_with('✗') {
            problems.push(format!("{url} {key}: a wrong answer gives {v}"));
        }
        answer(tab, key, kind, &right, touch);
        let v = verdict(tab, key);
        if v[0] != "right" || v[1] != "✓ 答对了。" || v[2] != true {
            problems.push(format!("{url} {key}: the right answer gives {v}"));
        }
        answered.push(key.clone());
    }
    if answered.len() < 3 && chapter.name == "ch08-gradients" {
        problems.push(format!("{url}: not every kind of question was found"));
    }
    open(tab, url);
    for key in &answered {
        if verdict(tab, key)[0] != "right" {
            problems.push(format!("{url} {key}: not kept after a reload"));
        }
    }
    press(tab, ".quiz-reset", touch);
    let cleared = "document.querySelectorAll('.question.right, .question.wrong')\
                   .length === 0 && Object.keys(localStorage)\
                   .filter(k => k.startsWith('dl-book-quiz:')).length === 0";
    if !wait_for(tab, cleared) {
        problems.push(format!("{url}: reset left answers behind"));
    }
    open(tab, url);
    if eval(tab, "document.querySelectorAll('.question.right').length") != 0 {
        problems.push(format!("{url}: answers back after reset and reload"));
    }
    problems
}

fn screenshot(tab: &Tab, selector: &str, path: &std::path::Path) {
    eval(
        tab,
        &format!(
            "window.scrollTo(0, document.querySelector({selector:?})\
             .getBoundingClientRect().top + window.scrollY - 60)"
        ),
    );
    thread::sleep(Duration::from_millis(150));
    let png = tab.screenshot_png().expect("screenshot");
    fs::write(path, png).expect("write screenshot");
    println!("screenshot: {}", path.display());
}

/// What one view found: the problems, and the pages it checked as
/// (pass-cache name, page digest), recorded as passed if the test passes.
type ViewResult = (Vec<String>, Vec<(String, String)>);

/// Every chapter with a knob or a question, in one view: `desktop`
/// (a mouse) or `phone` (touch), but those whose page and assets are
/// unchanged since they passed.
fn check_view(
    browser: &Browser,
    (origin, digests): (&str, &PageDigests),
    chapters: &[&Chapter],
    shots: &Path,
    view: &str,
    touch: bool,
) -> ViewResult {
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    let context = browser.new_context().expect("a browser context");
    let tab = browser.new_tab(&context).expect("a tab");
    emulate(&tab, touch);
    for chapter in chapters {
        let page = format!("{}.html", chapter.name);
        let part = format!("{view}--{page}");
        let digest = digests.of(&page);
        if kit::pass_cache::has_passed(&part, &digest) {
            println!("{part}: unchanged since it passed, not opened");
            continue;
        }
        checked.push((part, digest));
        let url = format!("{origin}{page}");
        open(&tab, &url);
        eval(&tab, "localStorage.clear()");
        problems.extend(check_knobs(&tab, chapter, touch));
        problems.extend(check_keys(&tab, chapter));
        if let Some(knob) = chapter.knobs.first() {
            let path = shots.join(format!("knob-{}-{view}.png", knob.name));
            screenshot(&tab, &format!("#knob-{}", knob.name), &path);
        }
        if FULL_QUESTION_CHECKS.contains(&chapter.name) {
            problems.extend(check_questions(&tab, &url, chapter, touch));
            // one question answered, for the screenshot
            let last = chapter.quizzes.last().unwrap();
            let section = format!("{}/{}", chapter.name, last.name);
            let key = format!("{section}/1");
            let first =
                page_keys(&tab).into_iter().find(|k| k.0 == key).unwrap();
            answer(&tab, &key, &first.1, "12345", touch);
            let path = shots.join(format!("quiz-{}-{view}.png", chapter.name));
            screenshot(&tab, &format!("[data-quiz='{section}']"), &path);
            eval(&tab, "localStorage.clear()");
        }
    }
    let _ = tab.close();
    (problems, checked)
}

#[test]
fn knobs_and_questions_work_in_a_real_browser() {
    let Some(chromium) = browser_or_skip("tests/interactive.rs") else {
        return;
    };
    let start = Instant::now();
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let site = shared_site();
    let port = dl_book::serve::spawn_static(site, 0).expect("serve");
    let origin = format!("http://127.0.0.1:{port}/");
    let scratch =
        tmp.join(format!("interactive-chromium-{}", std::process::id()));
    let browser = Browser::launch(&chromium, CHROMIUM_FLAGS, &scratch)
        .expect("start Chromium");
    let shots = tmp.parent().unwrap().join("screenshots");
    fs::create_dir_all(&shots).unwrap();
    let chapters: Vec<&Chapter> = CHAPTERS
        .iter()
        .copied()
        .filter(|c| !c.knobs.is_empty() || !c.quizzes.is_empty())
        .collect();
    assert!(!chapters.is_empty(), "no chapter has a knob or a question");
    // the two views in parallel, each in a browser context of its own:
    // much of each view's time is spent waiting for pages and frames
    let version = browser.version().expect("the browser's version");
    let digests = PageDigests::new(site, &version);
    let results: Vec<ViewResult> = thread::scope(|scope| {
        let digests = &digests;
        let (browser, at, chapters, shots) =
            (&browser, (origin.as_str(), digests), &chapters, &shots);
        let views =
            [("desktop", false), ("phone", true)].map(|(view, touch)| {
                scope.spawn(move || {
                    check_view(browser, at, chapters, shots, view, touch)
                })
            });
        views
            .into_iter()
            .map(|v| v.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let (problems, checked): (Vec<_>, Vec<_>) = results.into_iter().unzip();
    let problems: Vec<String> = problems.concat();
    drop(browser);
    let _ = fs::remove_dir_all(&scratch);
    println!(
        "interactive test took {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for (part, digest) in checked.concat() {
        kit::pass_cache::record_pass(&part, &digest);
    }
}
