//! `pdf`: the printable edition. A local Chromium prints the book's print
//! page (every chapter in one page, `print.html`) to a PDF, with the print
//! rules of `book/assets/book.css`: A4, every chapter on a new page, code
//! wrapped, answers unfolded, page numbers. Only this command needs
//! Chromium; building and serving the book never do.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow, bail};

/// What to install when Chromium or the Chinese fonts are missing.
pub const INSTALL_HINT: &str = "install Chromium and the Chinese fonts \
    (Debian/Ubuntu: `sudo apt-get install chromium fonts-noto-cjk`), or set \
    CHROME to a Chromium or Chrome executable";

/// The names Chromium goes by on PATH.
const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// How long Chromium may take to print the book.
const TIMEOUT: Duration = Duration::from_secs(300);

/// Chromium from the `CHROME` variable, else the first of the usual names
/// on PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROME") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| NAMES.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Fails when fontconfig knows no Chinese font (the PDF would show boxes
/// for every Chinese character). Where there is no `fc-list` (not Linux),
/// the system's own fonts are trusted.
pub fn check_chinese_fonts() -> Result<()> {
    let Ok(out) = Command::new("fc-list")
        .args([":lang=zh", "family"])
        .stderr(Stdio::null())
        .output()
    else {
        return Ok(());
    };
    if out.status.success() && out.stdout.iter().all(u8::is_ascii_whitespace) {
        bail!("no Chinese font is installed: {INSTALL_HINT}");
    }
    Ok(())
}

/// The size and page count of a written PDF.
#[derive(Debug, Clone, Copy)]
pub struct Printed {
    pub bytes: u64,
    pub pages: usize,
}

/// Prints `print_html` (the rendered book's print page) to `pdf` with
/// `chromium`.
pub fn print(
    chromium: &Path,
    print_html: &Path,
    pdf: &Path,
) -> Result<Printed> {
    if !print_html.is_file() {
        bail!(
            "{} does not exist: build the book first",
            print_html.display()
        );
    }
    let page = fs::canonicalize(print_html)?;
    let url = file_url(&page);
    if let Some(dir) = pdf.parent() {
        fs::create_dir_all(dir)?;
    }
    let _ = fs::remove_file(pdf);
    let profile = fresh_profile()?;
    let arg = |s: &str| OsString::from(s);
    let mut print_to = arg("--print-to-pdf=");
    print_to.push(pdf.as_os_str());
    let mut user_data = arg("--user-data-dir=");
    user_data.push(profile.as_os_str());
    let args = [
        arg("--headless"),
        // The sandbox needs user namespaces, which containers and CI
        // runners often lack; the page printed is the book's own.
        arg("--no-sandbox"),
        arg("--disable-gpu"),
        arg("--disable-quic"),
        arg("--no-first-run"),
        arg("--disable-background-networking"),
        arg("--disable-component-update"),
        arg("--disable-sync"),
        arg("--disable-extensions"),
        arg("--disable-dev-shm-usage"),
        user_data,
        // Page numbers come from the book's @page rules, not Chromium's
        // header (date, title) and footer (file URL).
        arg("--no-pdf-header-footer"),
        // Headings become the PDF's bookmarks.
        arg("--generate-pdf-document-outline"),
        print_to,
        arg(&url),
    ];
    let result = run(chromium, &args);
    let _ = fs::remove_dir_all(&profile);
    let log = result?;
    let bytes = fs::metadata(pdf)
        .map_err(|_| {
            anyhow!(
                "{} wrote no {}; it said:\n{log}",
                chromium.display(),
                pdf.display()
            )
        })?
        .len();
    let pages = count_pages(&fs::read(pdf)?);
    if pages == 0 {
        bail!("{} is not a PDF with pages", pdf.display());
    }
    Ok(Printed { bytes, pages })
}

/// Runs Chromium to completion (or until [`TIMEOUT`]); returns what it
/// wrote on stderr.
fn run(chromium: &Path, args: &[OsString]) -> Result<String> {
    let log_path = std::env::temp_dir().join(format!(
        "dl-book-pdf-{}-{}.log",
        std::process::id(),
        stamp()
    ));
    let log = fs::File::create(&log_path)?;
    let mut child = Command::new(chromium)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .with_context(|| {
            format!("cannot start {}: {INSTALL_HINT}", chromium.display())
        })?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "{} did not finish printing in {} s",
                chromium.display(),
                TIMEOUT.as_secs()
            );
        }
        thread::sleep(Duration::from_millis(100));
    };
    let text = fs::read_to_string(&log_path).unwrap_or_default();
    let _ = fs::remove_file(&log_path);
    if !status.success() {
        bail!("{} failed ({status}):\n{text}", chromium.display());
    }
    Ok(text)
}

/// A new, empty Chromium profile folder.
fn fresh_profile() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "dl-book-pdf-profile-{}-{}",
        std::process::id(),
        stamp()
    ));
    fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

fn stamp() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// `file://` URL of an absolute path, with the bytes a URL may not hold
/// percent-encoded.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'/'
            | b'-'
            | b'_'
            | b'.'
            | b'~' => url.push(byte as char),
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// The number of page objects (`/Type /Page`, not `/Pages`) in a PDF.
pub fn count_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/a b/书.html")),
            "file:///a%20b/%E4%B9%A6.html"
        );
    }

    #[test]
    fn pages_are_counted() {
        let pdf = b"<< /Type /Pages /Count 2 >> << /Type /Page >> \
                    << /Type /Page\n>>";
        assert_eq!(count_pages(pdf), 2);
    }
}
