//! Figures and outputs on disk are the files the chapters make (what each
//! holds is checked by its chapter's test), and every one of them is shown
//! on a page and legible on a phone.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

use common::*;
use dl_book::generate;

/// The generated files on disk, by path relative to `book/`.
fn on_disk() -> BTreeMap<PathBuf, Vec<u8>> {
    let rels = generate::files_on_disk(&book_dir()).unwrap();
    rels.into_iter()
        .map(|rel| {
            let bytes = fs::read(book_dir().join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// What each file holds is checked by its chapter's own test (every
/// chapter crate's `every_demo_runs_and_its_files_are_in_sync`); here, that
/// the chapters together make exactly the files on disk.
#[test]
fn every_generated_file_is_made_by_one_chapter() {
    let made = generate::all_file_names().expect("two chapters, one file");
    let on_disk: BTreeSet<PathBuf> = generate::files_on_disk(&book_dir())
        .expect("book/figures and book/outputs can be listed")
        .into_iter()
        .collect();
    let mut problems = Vec::new();
    for rel in &made {
        if !on_disk.contains(rel) {
            problems.push(format!("book/{} is missing", rel.display()));
        }
    }
    for rel in &on_disk {
        if !made.contains(rel) {
            problems
                .push(format!("book/{} is made by no chapter", rel.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nrun `cargo run --release` and commit book/figures and \
         book/outputs",
        problems.join("\n")
    );
}

#[test]
fn every_figure_and_output_is_shown_on_a_page() {
    let mut pages: String = summary_pages()
        .iter()
        .map(|p| read(&book_dir().join(p)))
        .collect();
    let generated = on_disk();
    // A knob's frames are shown by its fragment, which a page includes.
    let fragments: String = generated
        .iter()
        .filter(|(p, _)| p.to_string_lossy().ends_with(".knob.html"))
        .filter(|(p, _)| pages.contains(p.to_string_lossy().as_ref()))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    pages.push_str(&fragments);
    let unused: Vec<_> = generated
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| !pages.contains(p.as_str()))
        .collect();
    assert!(unused.is_empty(), "not shown on any page: {unused:?}");
}

/// The narrowest column a figure is shown in: a phone's, in CSS px (the
/// browser test measures the real one).
const PHONE_COLUMN: f64 = 350.0;

/// The smallest text a figure may show there, in CSS px.
const MIN_PHONE_TEXT: f64 = 9.0;

/// The width of an SVG and the smallest `font-size` in it.
fn width_and_smallest_font(svg: &str) -> (f64, f64) {
    let attr = |name: &str, from: &str| -> Vec<f64> {
        from.split(&format!(" {name}=\""))
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect()
    };
    let head = svg.lines().next().unwrap_or("");
    let width = attr("width", head).first().copied().unwrap_or(f64::NAN);
    let smallest = attr("font-size", svg)
        .into_iter()
        .fold(f64::INFINITY, f64::min);
    (width, smallest)
}

#[test]
fn every_figure_is_legible_on_a_phone() {
    let mut problems = Vec::new();
    for (rel, bytes) in &on_disk() {
        if rel.extension().is_none_or(|e| e != "svg") {
            continue;
        }
        let svg = String::from_utf8_lossy(bytes);
        let (width, smallest) = width_and_smallest_font(&svg);
        let on_phone = smallest * PHONE_COLUMN / width;
        if on_phone.is_nan() || on_phone < MIN_PHONE_TEXT {
            problems.push(format!(
                "book/{}: its smallest text, {smallest:.1} of {width} px, \
                 is {on_phone:.1} CSS px in a {PHONE_COLUMN} px column",
                rel.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn svg_sizes_are_read() {
    let svg = "<svg width=\"1600\" height=\"1000\">\n<text font-size=\"50\"/>\
               <text font-size=\"43.5\"/>";
    assert_eq!(width_and_smallest_font(svg), (1600.0, 43.5));
}
