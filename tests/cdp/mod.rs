//! A small client of Chromium's DevTools protocol, for tests/browser.rs
//! and tests/interactive.rs.
//!
//! Chromium started with `--remote-debugging-pipe` reads protocol commands
//! from its file descriptor 3 and writes answers and events to its file
//! descriptor 4, each message one JSON object followed by a NUL byte. A
//! tab is a target created with `Target.createTarget` and attached with
//! `flatten: true`: its commands and events carry the session id the
//! attachment returned. One thread reads the pipe and hands each answer to
//! the command waiting for it and each event to its tab's listener.
//!
//! Only std and serde_json: the browser test needs a handful of commands,
//! not a generated binding of the whole protocol (which cost more compile
//! time than the rest of the test build).

#![allow(dead_code)] // each test file uses a different part
#![cfg(unix)]

use std::collections::HashMap;
use std::ffi::{OsStr, c_int};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, PipeWriter, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// What a command may fail with: Chromium's error message, no answer in
/// time, or a closed pipe.
pub type Result<T> = std::result::Result<T, String>;

/// Called with an event's method and params.
type Listener = Box<dyn Fn(&str, &Value) + Send>;

/// What the caller threads and the reading thread share.
struct Shared {
    writer: Mutex<PipeWriter>,
    next_id: AtomicU64,
    /// Commands sent and not answered yet, by id.
    waiting: Mutex<HashMap<u64, mpsc::Sender<Result<Value>>>>,
    /// Event listeners, by session id.
    listeners: Mutex<HashMap<String, Listener>>,
    /// Set when the pipe closed (Chromium exited).
    closed: Mutex<bool>,
}

impl Shared {
    /// Sends `method` with `params` (to the tab of `session`, or to the
    /// browser) and waits at most `timeout` for its answer.
    fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut message =
            json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let (send, receive) = mpsc::channel();
        {
            // Checked under the lock the reading thread takes on closing,
            // so no command waits for an answer that cannot come.
            let mut waiting = self.waiting.lock().unwrap();
            if *self.closed.lock().unwrap() {
                return Err(format!("{method}: Chromium has exited"));
            }
            waiting.insert(id, send);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        let written = {
            let mut writer = self.writer.lock().unwrap();
            writer.write_all(&bytes).and_then(|()| writer.flush())
        };
        if let Err(e) = written {
            self.waiting.lock().unwrap().remove(&id);
            return Err(format!("{method}: cannot write to Chromium: {e}"));
        }
        match receive.recv_timeout(timeout) {
            Ok(answer) => answer.map_err(|e| format!("{method}: {e}")),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                self.waiting.lock().unwrap().remove(&id);
                Err(format!("{method}: no answer in {timeout:?}"))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(format!("{method}: Chromium exited before answering"))
            }
        }
    }

    /// The reading thread: every message from Chromium, until the pipe
    /// closes.
    fn read_all(&self, pipe: io::PipeReader) {
        let mut pipe = BufReader::new(pipe);
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            match pipe.read_until(0, &mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            if buffer.last() == Some(&0) {
                buffer.pop();
            }
            let Ok(message) = serde_json::from_slice::<Value>(&buffer) else {
                continue;
            };
            if let Some(id) = message["id"].as_u64() {
                let sender = self.waiting.lock().unwrap().remove(&id);
                if let Some(sender) = sender {
                    let answer = match message.get("error") {
                        Some(error) => Err(error["message"]
                            .as_str()
                            .map_or_else(|| error.to_string(), String::from)),
                        None => Ok(message["result"].clone()),
                    };
                    let _ = sender.send(answer);
                }
            } else if let Some(method) = message["method"].as_str() {
                let session = message["sessionId"].as_str().unwrap_or("");
                let listeners = self.listeners.lock().unwrap();
                if let Some(listen) = listeners.get(session) {
                    listen(method, &message["params"]);
                }
            }
        }
        let mut waiting = self.waiting.lock().unwrap();
        *self.closed.lock().unwrap() = true;
        // Dropping the senders wakes every waiting command.
        waiting.clear();
    }
}

/// A running Chromium, closed (and its profile folder removed) on drop.
pub struct Browser {
    shared: Arc<Shared>,
    child: Child,
    reader: Option<JoinHandle<()>>,
    profile: PathBuf,
    /// Where Chromium's own messages go.
    pub log: PathBuf,
}

/// The flags that run Chromium here without a sandbox, GPU or any traffic
/// of its own (updates, sync, safe browsing, QUIC probes).
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-setuid-sandbox",
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
    "--window-size=1280,900",
];

/// Chromium from `CHROME`, or the first of the usual names on PATH.
pub fn find_browser() -> Option<PathBuf> {
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

/// Chromium for a browser test, or `None` after the test named `test`
/// has said on stderr why it is skipped; with `CI` set a missing browser
/// fails the test instead.
pub fn browser_or_skip(test: &str) -> Option<PathBuf> {
    let found = find_browser();
    if found.is_none() {
        let why = "no Chromium found (set CHROME, or install Debian's \
                   `chromium`)";
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs a browser: {why}"
        );
        // Straight to stderr, not eprintln!: `cargo test` hides what a
        // passing test prints with the print macros, and a skip should be
        // seen.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{test} skipped: {why}");
    }
    found
}

/// How long a command may take to be answered.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

unsafe extern "C" {
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    fn dup2(old: c_int, new: c_int) -> c_int;
}

/// `fcntl`'s command to duplicate a descriptor to the lowest free one at
/// or above its argument (0 on Linux and the BSDs).
const F_DUPFD: c_int = 0;

impl Browser {
    /// Starts `chromium` with `args`, `--remote-debugging-pipe` and a
    /// fresh profile in `scratch` (emptied first), whose messages go to
    /// `scratch/chromium.log`.
    pub fn launch(
        chromium: &Path,
        args: &[&str],
        scratch: &Path,
    ) -> io::Result<Browser> {
        let _ = fs::remove_dir_all(scratch);
        let profile = scratch.join("profile");
        fs::create_dir_all(&profile)?;
        let log = scratch.join("chromium.log");
        // Chromium reads commands from its fd 3 and writes to its fd 4.
        let (commands_in, commands_out) = io::pipe()?;
        let (answers_in, answers_out) = io::pipe()?;
        let (read_fd, write_fd) =
            (commands_in.as_raw_fd(), answers_out.as_raw_fd());
        let mut user_data = std::ffi::OsString::from("--user-data-dir=");
        user_data.push(&profile);
        let output = File::create(&log)?;
        let mut command = Command::new(chromium);
        command
            .args(args.iter().map(OsStr::new))
            .arg("--remote-debugging-pipe")
            .arg(user_data)
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(output.try_clone()?)
            .stderr(output);
        // SAFETY: between fork and exec only fcntl and dup2, which are
        // async-signal-safe. Both pipe ends are first copied above the
        // descriptors 3 and 4 (either may be one of them), then put there;
        // dup2's copies do not close on exec, unlike the originals.
        unsafe {
            command.pre_exec(move || {
                let read = fcntl(read_fd, F_DUPFD, 10);
                let write = fcntl(write_fd, F_DUPFD, 10);
                if read < 0
                    || write < 0
                    || dup2(read, 3) < 0
                    || dup2(write, 4) < 0
                {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn()?;
        // Only Chromium holds these ends now: when it exits, reading ends.
        drop((commands_in, answers_out));
        let shared = Arc::new(Shared {
            writer: Mutex::new(commands_out),
            next_id: AtomicU64::new(1),
            waiting: Mutex::new(HashMap::new()),
            listeners: Mutex::new(HashMap::new()),
            closed: Mutex::new(false),
        });
        let reading = Arc::clone(&shared);
        let reader = thread::Builder::new()
            .name("devtools pipe".into())
            .spawn(move || reading.read_all(answers_in))?;
        let browser = Browser {
            shared,
            child,
            reader: Some(reader),
            profile: scratch.to_path_buf(),
            log,
        };
        // The first answer says Chromium is up and speaking the protocol.
        browser.call("Browser.getVersion", json!({})).map_err(|e| {
            io::Error::other(format!("{e} (see {})", browser.log.display()))
        })?;
        Ok(browser)
    }

    /// Sends a command to the browser itself.
    pub fn call(&self, method: &str, params: Value) -> Result<Value> {
        self.shared.call(None, method, params, COMMAND_TIMEOUT)
    }

    /// The text field `field` of the answer to the browser command
    /// `method` sent without parameters.
    fn call_for_text(&self, method: &str, field: &str) -> Result<String> {
        let answer = self.call(method, json!({}))?;
        answer[field]
            .as_str()
            .map(String::from)
            .ok_or_else(|| format!("{method} gave no {field}"))
    }

    /// The browser's name and version, as `HeadlessChrome/131.0.6778.85`:
    /// part of what a cached pass of a browser test depends on.
    pub fn version(&self) -> Result<String> {
        self.call_for_text("Browser.getVersion", "product")
    }

    /// A new browser context: like a separate profile, its tabs share no
    /// storage, cookies or cache with other contexts' tabs.
    pub fn new_context(&self) -> Result<String> {
        self.call_for_text("Target.createBrowserContext", "browserContextId")
    }

    /// Opens a new tab on `about:blank` in `context` (from
    /// [`Browser::new_context`]).
    pub fn new_tab(&self, context: &str) -> Result<Tab> {
        let created = self.call(
            "Target.createTarget",
            json!({ "url": "about:blank", "browserContextId": context }),
        )?;
        let target = created["targetId"]
            .as_str()
            .ok_or("Target.createTarget gave no targetId")?
            .to_string();
        let attached = self.call(
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        )?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or("Target.attachToTarget gave no sessionId")?
            .to_string();
        Ok(Tab {
            shared: Arc::clone(&self.shared),
            session,
            target,
        })
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.shared.call(
            None,
            "Browser.close",
            json!({}),
            Duration::from_secs(5),
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(self.child.try_wait(), Ok(None))
            && Instant::now() < deadline
        {
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        let _ = fs::remove_dir_all(&self.profile);
    }
}

/// One tab (a page target), attached to its own session.
pub struct Tab {
    shared: Arc<Shared>,
    session: String,
    target: String,
}

/// What a script evaluated to, or the exception it threw.
pub fn script_value(answer: &Value) -> Result<Value> {
    if let Some(details) = answer.get("exceptionDetails") {
        let what = details["exception"]["description"]
            .as_str()
            .or(details["text"].as_str())
            .unwrap_or("an exception");
        return Err(what.to_string());
    }
    Ok(answer["result"]["value"].clone())
}

impl Tab {
    /// Sends a command to this tab.
    pub fn call(&self, method: &str, params: Value) -> Result<Value> {
        self.shared
            .call(Some(&self.session), method, params, COMMAND_TIMEOUT)
    }

    /// Calls `listen(method, params)` for every event of this tab (one
    /// listener a tab: a second replaces the first).
    pub fn on_event(&self, listen: impl Fn(&str, &Value) + Send + 'static) {
        self.shared
            .listeners
            .lock()
            .unwrap()
            .insert(self.session.clone(), Box::new(listen));
    }

    /// Evaluates `expression` in the page; with `await_promise`, the value
    /// the promise it gives resolves to. The value must be JSON (a string,
    /// number, boolean, array or object).
    pub fn evaluate(
        &self,
        expression: &str,
        await_promise: bool,
    ) -> Result<Value> {
        let answer = self.call(
            "Runtime.evaluate",
            json!({
                "expression": expression,
                "awaitPromise": await_promise,
                "returnByValue": true,
            }),
        )?;
        script_value(&answer)
    }

    /// Starts loading `url` (without waiting for it to load).
    pub fn navigate(&self, url: &str) -> Result<()> {
        let answer = self.call("Page.navigate", json!({ "url": url }))?;
        match answer["errorText"].as_str() {
            Some(error) if !error.is_empty() => Err(format!("{url}: {error}")),
            _ => Ok(()),
        }
    }

    /// Presses and releases a key: `s` (typing the letter), or `End` and
    /// the arrow keys (keys without text), the ones the tests need.
    pub fn press_key(&self, key: &str) -> Result<()> {
        let (code, key_code, text) = match key {
            "s" => ("KeyS", 83, Some("s")),
            "End" => ("End", 35, None),
            "ArrowLeft" => ("ArrowLeft", 37, None),
            "ArrowRight" => ("ArrowRight", 39, None),
            _ => return Err(format!("press_key: no definition for {key:?}")),
        };
        let mut event = json!({
            "type": if text.is_some() { "keyDown" } else { "rawKeyDown" },
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": key_code,
            "nativeVirtualKeyCode": key_code,
        });
        if let Some(text) = text {
            event["text"] = json!(text);
        }
        self.call("Input.dispatchKeyEvent", event.clone())?;
        event["type"] = json!("keyUp");
        self.call("Input.dispatchKeyEvent", event)?;
        Ok(())
    }

    /// Types `text` as one text input, like an input method's commit.
    pub fn insert_text(&self, text: &str) -> Result<()> {
        self.call("Input.insertText", json!({ "text": text }))?;
        Ok(())
    }

    /// A PNG of what the tab shows.
    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        let answer = self.call(
            "Page.captureScreenshot",
            json!({ "format": "png", "fromSurface": true }),
        )?;
        let data = answer["data"]
            .as_str()
            .ok_or("Page.captureScreenshot gave no data")?;
        base64_decode(data)
    }

    /// Closes the tab.
    pub fn close(self) -> Result<()> {
        self.shared.listeners.lock().unwrap().remove(&self.session);
        self.shared.call(
            None,
            "Target.closeTarget",
            json!({ "targetId": self.target }),
            COMMAND_TIMEOUT,
        )?;
        Ok(())
    }
}

/// Decodes standard base64 (with `=` padding), as the protocol sends
/// binary data.
pub fn base64_decode(text: &str) -> Result<Vec<u8>> {
    let value = |c: u8| -> Result<u32> {
        Ok(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("not base64: {:?}", c as char)),
        }
        .into())
    };
    let bytes = text.trim_end_matches('=').as_bytes();
    if bytes.len() % 4 == 1 {
        return Err("base64 of a wrong length".into());
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let [_, a, b, c] = n.to_be_bytes();
        out.extend_from_slice(&[a, b, c][..chunk.len() - 1]);
    }
    Ok(out)
}

#[test]
fn base64_is_decoded() {
    assert_eq!(base64_decode("").unwrap(), b"");
    assert_eq!(base64_decode("Zg==").unwrap(), b"f");
    assert_eq!(base64_decode("Zm8=").unwrap(), b"fo");
    assert_eq!(base64_decode("Zm9v").unwrap(), b"foo");
    assert_eq!(base64_decode("iVBORw0KGgo=").unwrap(), b"\x89PNG\r\n\x1a\n");
    assert!(base64_decode("Zm9v!").is_err());
}
