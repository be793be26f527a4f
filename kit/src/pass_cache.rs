//! Not repeating an expensive check that has passed: a `cargo test` after
//! editing a page need not train chapter 9's networks again.
//!
//! A check is skipped when this same test binary passed it before and the
//! files it reads are unchanged. The key is a hash of the test binary
//! (so any change to the code it holds runs the check again), of the
//! book's data folder `data/`, and of the files the caller names. A fresh
//! clone (CI), a rebuilt binary, a changed input, or `DL_BOOK_NO_CACHE=1`
//! runs every check.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::{env, fs};

/// The workspace's `data/` folder: every chapter reads its data there.
fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// Every file under `dir` (none if it does not exist), by path, with its
/// bytes.
pub fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(bytes) = fs::read(&path) {
                files.insert(path, bytes);
            }
        }
    }
    files
}

/// The hash of this test binary and of `data/`, once per process.
fn binary_and_data() -> u64 {
    static KEY: OnceLock<u64> = OnceLock::new();
    *KEY.get_or_init(|| {
        let mut h = DefaultHasher::new();
        let exe = env::current_exe().and_then(fs::read).unwrap_or_default();
        exe.hash(&mut h);
        files_under(&data_dir()).hash(&mut h);
        h.finish()
    })
}

/// The file holding the key of `name`'s last pass: beside the test
/// binary, named after it.
fn stamp(name: &str) -> Option<PathBuf> {
    let exe = env::current_exe().ok()?;
    let dir = exe.parent()?.join("passed");
    let stem = exe.file_name()?.to_string_lossy().into_owned();
    Some(dir.join(format!("{stem}--{name}")))
}

/// The files `inputs` names (whole folders or single files), by path.
fn read_inputs(inputs: &[&Path]) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for input in inputs {
        if input.is_dir() {
            files.extend(files_under(input));
        } else if let Ok(bytes) = fs::read(input) {
            files.insert(input.to_path_buf(), bytes);
        }
    }
    files
}

/// A hash of the files `inputs` names (whole folders or single files),
/// their paths and bytes, in hexadecimal: the same in every test binary,
/// so that binaries can share what they build from these files.
///
/// # Examples
///
/// ```
/// let dir = std::env::temp_dir().join(format!("fp-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("a.txt"), "a").unwrap();
/// let before = kit::pass_cache::fingerprint(&[&dir]);
/// std::fs::write(dir.join("a.txt"), "b").unwrap();
/// assert_ne!(kit::pass_cache::fingerprint(&[&dir]), before);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn fingerprint(inputs: &[&Path]) -> String {
    let mut h = DefaultHasher::new();
    read_inputs(inputs).hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The key of `name` with the inputs whose digest is `inputs`: also a
/// hash of this test binary and of `data/`.
fn key(name: &str, inputs: &str) -> String {
    let mut h = DefaultHasher::new();
    (binary_and_data(), name, inputs).hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Runs `check` (a test body: it panics when the check fails) unless this
/// test binary passed the check called `name` before with the same
/// inputs: `data/` and the files `inputs` gives (whole folders or single
/// files); records a pass. Says on stdout when it skips.
///
/// # Examples
///
/// ```no_run
/// #[test]
/// fn the_books_training_run_learns() {
///     kit::pass_cache::unless_passed("book-run", &[], || {
///         // train, and assert on the result
///     });
/// }
/// ```
pub fn unless_passed(name: &str, inputs: &[&Path], check: impl FnOnce()) {
    let inputs = fingerprint(inputs);
    if has_passed(name, &inputs) {
        println!(
            "{name}: passed before with this test binary and these inputs, \
             not run again (DL_BOOK_NO_CACHE=1 runs it)"
        );
        return;
    }
    forget(name);
    check();
    record_pass(name, &inputs);
}

/// Whether this test binary passed the check called `name` before with
/// the inputs whose [`fingerprint`] (or any other digest of what the check
/// reads) is `inputs`: for a test that checks many parts and records a
/// pass for each part that came out clean ([`record_pass`]), so that the
/// next run checks only the parts that changed. Always `false` with
/// `DL_BOOK_NO_CACHE` set.
///
/// # Examples
///
/// ```
/// use kit::pass_cache::{has_passed, record_pass};
///
/// let name = format!("doc-part-{}", std::process::id());
/// assert!(!has_passed(&name, "v1"));
/// record_pass(&name, "v1");
/// if std::env::var_os("DL_BOOK_NO_CACHE").is_none() {
///     assert!(has_passed(&name, "v1"));
/// }
/// assert!(!has_passed(&name, "v2"), "other inputs");
/// # kit::pass_cache::forget(&name);
/// ```
pub fn has_passed(name: &str, inputs: &str) -> bool {
    let Some(stamp) = stamp(name) else {
        return false;
    };
    env::var_os("DL_BOOK_NO_CACHE").is_none()
        && fs::read_to_string(stamp).ok() == Some(key(name, inputs))
}

/// Records that the check called `name` passed with the inputs `inputs`
/// (see [`has_passed`]).
pub fn record_pass(name: &str, inputs: &str) {
    let Some(stamp) = stamp(name) else {
        return;
    };
    if let Some(dir) = stamp.parent() {
        let _ = fs::create_dir_all(dir);
    }
    let _ = fs::write(&stamp, key(name, inputs));
}

/// Forgets any pass of the check called `name`: the next run checks it.
pub fn forget(name: &str) {
    if let Some(stamp) = stamp(name) {
        let _ = fs::remove_file(stamp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_is_not_repeated_until_an_input_changes() {
        if env::var_os("DL_BOOK_NO_CACHE").is_some() {
            return;
        }
        let name = format!("kit-test-{}", std::process::id());
        let input = env::temp_dir().join(format!("{name}.txt"));
        fs::write(&input, "a").unwrap();
        let mut runs = 0;
        unless_passed(&name, &[&input], || runs += 1);
        unless_passed(&name, &[&input], || runs += 1);
        assert_eq!(runs, 1, "the second pass was not skipped");
        fs::write(&input, "b").unwrap();
        unless_passed(&name, &[&input], || runs += 1);
        assert_eq!(runs, 2, "a changed input did not run the check");
        let failed = std::panic::catch_unwind(|| {
            unless_passed(&format!("{name}-fails"), &[], || panic!("no"))
        });
        assert!(failed.is_err());
        let mut after_failure = 0;
        unless_passed(&format!("{name}-fails"), &[], || after_failure += 1);
        assert_eq!(after_failure, 1, "a failed check counted as a pass");
        for n in [name.clone(), format!("{name}-fails")] {
            let _ = fs::remove_file(stamp(&n).unwrap());
        }
        let _ = fs::remove_file(input);
    }
}
