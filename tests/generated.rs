//! Figures and outputs on disk are exactly what the chapter code makes, and
//! every one of them is shown on a page.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;
use dl_book::generate;

/// Every figure and output, generated once for all tests of this file:
/// generating runs every chapter's demos, including ch09's training.
fn fresh() -> &'static BTreeMap<PathBuf, Vec<u8>> {
    static FRESH: OnceLock<BTreeMap<PathBuf, Vec<u8>>> = OnceLock::new();
    FRESH.get_or_init(|| {
        generate::all_files().expect("a chapter failed to generate")
    })
}

#[test]
fn figures_and_outputs_are_in_sync_with_the_code() {
    let fresh = fresh();
    let on_disk = generate::files_on_disk(&book_dir()).unwrap();
    let mut problems = Vec::new();
    for (rel, bytes) in fresh {
        match std::fs::read(book_dir().join(rel)) {
            Err(_) => {
                problems.push(format!("book/{} is missing", rel.display()))
            }
            Ok(old) if old != *bytes => {
                problems.push(format!("book/{} is out of date", rel.display()))
            }
            Ok(_) => {}
        }
    }
    for rel in &on_disk {
        if !fresh.contains_key(rel) {
            problems
                .push(format!("book/{} is made by no chapter", rel.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nrun `cargo run --release` and commit book/figures and book/outputs",
        problems.join("\n")
    );
}

#[test]
fn every_figure_and_output_is_shown_on_a_page() {
    let pages: String = summary_pages()
        .iter()
        .map(|p| read(&book_dir().join(p)))
        .collect();
    let unused: Vec<_> = fresh()
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| !pages.contains(p.as_str()))
        .collect();
    assert!(unused.is_empty(), "not shown on any page: {unused:?}");
}

#[test]
fn generation_is_deterministic() {
    let again = generate::all_files().unwrap();
    assert_eq!(fresh(), &again);
}
