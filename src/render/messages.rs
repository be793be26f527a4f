//! What mdBook and its plugins say while the book builds. They report
//! through the `tracing` facade (mdbook-driver, mdbook-html, mdbook-katex)
//! and the `log` facade (handlebars, html5ever); with no subscriber or logger
//! installed, their warnings and errors would go nowhere. This module
//! installs one of each, once per process, that records every warning and
//! error while a build is capturing, so the build can fail on them.

use std::fmt::{self, Write as _};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use anyhow::{Result, bail};
use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, span};

/// At most this many messages are kept per build; a page with a thousand
/// broken formulas needs no thousand lines to be found.
const MAX_MESSAGES: usize = 50;

/// The longest message kept, in characters (mdBook's HTML parse errors
/// quote the whole HTML fragment).
const MAX_CHARS: usize = 300;

/// The messages of the build that is capturing (the module that logged
/// each, and its line); `None` when none is.
static MESSAGES: Mutex<Option<Vec<(String, String)>>> = Mutex::new(None);

/// One build captures at a time in a process: messages carry no build of
/// their own (mdbook-katex logs from rayon's threads).
static ONE_BUILD: Mutex<()> = Mutex::new(());

fn messages() -> MutexGuard<'static, Option<Vec<(String, String)>>> {
    MESSAGES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Records mdBook's warnings and errors while it lives; one at a time per
/// process (a second waits for the first to be dropped).
pub struct Capture {
    _one: MutexGuard<'static, ()>,
}

/// Starts capturing.
///
/// # Errors
///
/// When another `tracing` subscriber was installed before ours: mdBook's
/// messages would go to it, and the build could not see them.
pub fn capture() -> Result<Capture> {
    install()?;
    let one = ONE_BUILD.lock().unwrap_or_else(PoisonError::into_inner);
    *messages() = Some(Vec::new());
    Ok(Capture { _one: one })
}

impl Capture {
    /// The messages recorded so far, one line each; clears them.
    #[cfg(test)]
    pub fn take(&self) -> Vec<String> {
        self.take_but(|_| false)
    }

    /// As [`Capture::take`], leaving out the messages of the modules for
    /// which `known(module)` holds (their problems are reported already).
    pub fn take_but(&self, known: impl Fn(&str) -> bool) -> Vec<String> {
        let all = messages().as_mut().map(std::mem::take).unwrap_or_default();
        all.into_iter()
            .filter(|(module, _)| !known(module))
            .map(|(_, line)| line)
            .collect()
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        *messages() = None;
    }
}

fn install() -> Result<()> {
    static INSTALLED: OnceLock<bool> = OnceLock::new();
    let ours = *INSTALLED.get_or_init(|| {
        // handlebars' and html5ever's `log` records (best effort: another
        // logger may be installed first).
        if log::set_logger(&LOGGER).is_ok() {
            log::set_max_level(log::LevelFilter::Warn);
        }
        tracing::subscriber::set_global_default(Subscriber).is_ok()
    });
    if !ours {
        bail!(
            "cannot see mdBook's messages: another tracing subscriber is \
             installed in this process"
        );
    }
    Ok(())
}

/// Adds `problem` (a line of our own, naming its page) to the build that
/// is capturing; false if none is.
pub fn report(problem: String) -> bool {
    let mut guard = messages();
    let Some(list) = guard.as_mut() else {
        return false;
    };
    list.push((String::new(), problem));
    true
}

/// Keeps `message` as one line of at most MAX_CHARS characters.
fn record(level: &str, target: &str, message: &str) {
    let mut guard = messages();
    let Some(list) = guard.as_mut() else {
        return;
    };
    if list.len() >= MAX_MESSAGES {
        return;
    }
    let source = target.split("::").next().unwrap_or(target);
    let flat = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut line = format!("{source} {level}: ");
    if flat.chars().count() > MAX_CHARS {
        line.extend(flat.chars().take(MAX_CHARS));
        line.push('…');
    } else {
        line.push_str(&flat);
    }
    list.push((target.to_string(), line));
}

/// The `tracing` side: every event at WARN or ERROR, no spans.
struct Subscriber;

impl tracing::Subscriber for Subscriber {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if self.enabled(meta) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        meta.is_event() && *meta.level() <= Level::WARN
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::WARN)
    }

    // Spans are never enabled (see `enabled`), so these are never called
    // with a span of ours; they must exist all the same.
    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }

    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut text = Text::default();
        event.record(&mut text);
        let level = if *meta.level() == Level::ERROR {
            "error"
        } else {
            "warning"
        };
        record(level, meta.target(), &text.0);
    }

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}

/// An event's message, then its other fields as `name=value`.
#[derive(Default)]
struct Text(String);

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        // Writing to a String cannot fail.
        let _ = if field.name() == "message" {
            write!(self.0, "{value:?}")
        } else {
            write!(self.0, "({}={value:?})", field.name())
        };
    }
}

/// The `log` side.
struct Logger;

static LOGGER: Logger = Logger;

impl log::Log for Logger {
    fn enabled(&self, meta: &log::Metadata<'_>) -> bool {
        meta.level() <= log::Level::Warn
    }

    fn log(&self, rec: &log::Record<'_>) {
        if self.enabled(rec.metadata()) {
            let level = if rec.level() == log::Level::Error {
                "error"
            } else {
                "warning"
            };
            record(level, rec.target(), &rec.args().to_string());
        }
    }

    fn flush(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_and_errors_are_recorded_on_one_line_each() {
        let capture = capture().unwrap();
        tracing::info!("building"); // below WARN: not a problem
        tracing::warn!(target: "mdbook_html::tree", "unclosed tag\nin `a.md`");
        tracing::error!(why = 3, "broken");
        log::warn!(target: "handlebars", "odd template");
        log::info!("fine");
        assert_eq!(
            capture.take(),
            [
                "mdbook_html warning: unclosed tag in `a.md`",
                "dl_book error: broken (why=3)",
                "handlebars warning: odd template",
            ]
        );
        assert!(capture.take().is_empty());
        let long = "x".repeat(1000);
        tracing::warn!("{long}");
        let kept = capture.take();
        assert_eq!(kept[0].chars().count(), "dl_book warning: ".len() + 301);
        for _ in 0..200 {
            tracing::warn!("again");
        }
        assert_eq!(capture.take().len(), MAX_MESSAGES);
    }
}
