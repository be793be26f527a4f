//! The book crate: builds, serves and checks the book.
//!
//! Its `pages` module is the doc-test harness: every page of `book/` is
//! included as documentation, so `cargo test` compiles and runs every Rust
//! snippet of every page, with every chapter crate, ndarray and approx in
//! scope. Listings included from chapter crates (` ```rust,ignore ` blocks
//! holding only `{{#include}}`) are tested in their own crates instead.

pub mod chapters;
pub mod generate;
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod serve;

/// Every page of the book, as doc tests, generated from SUMMARY.md by
/// `build.rs`. Compiled only for doc tests, so that editing a page does not
/// rebuild the book program.
#[cfg(doctest)]
pub mod pages {
    include!(concat!(env!("OUT_DIR"), "/pages.rs"));
}
