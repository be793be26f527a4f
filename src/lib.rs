//! The book crate: builds, serves and checks the book.
//!
//! Its `pages` module is the doc-test harness: every page of `book/` is
//! included as documentation, so `cargo test` compiles and runs every Rust
//! snippet of every page, with every chapter crate, ndarray and approx in
//! scope. Listings included from chapter crates (` ```rust,ignore ` blocks
//! holding only `{{#include}}`) are tested in their own crates instead.

pub mod chapters;
pub mod generate;
pub mod render;
pub mod serve;

/// Every page of the book, as doc tests. `tests/book.rs` checks that each
/// page of SUMMARY.md is listed here.
#[allow(clippy::all)]
pub mod pages {
    #[doc = include_str!("../book/intro.md")]
    pub mod intro {}
    #[doc = include_str!("../book/ch00-tools.md")]
    pub mod ch00_tools {}
    #[doc = include_str!("../book/ch02-activations.md")]
    pub mod ch02_activations {}
    #[doc = include_str!("../book/ch08-gradients.md")]
    pub mod ch08_gradients {}
}
