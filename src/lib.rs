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

/// Every page of the book, as doc tests. `tests/pages.rs` checks that each
/// page of SUMMARY.md is listed here. Compiled only for doc tests, so that
/// editing a page does not rebuild the book program.
#[cfg(doctest)]
pub mod pages {
    #[doc = include_str!("../book/intro.md")]
    pub mod intro {}
    #[doc = include_str!("../book/ch00-tools.md")]
    pub mod ch00_tools {}
    #[doc = include_str!("../book/ch01-perceptron.md")]
    pub mod ch01_perceptron {}
    #[doc = include_str!("../book/ch02-activations.md")]
    pub mod ch02_activations {}
    #[doc = include_str!("../book/ch03-arrays.md")]
    pub mod ch03_arrays {}
    #[doc = include_str!("../book/ch04-output-layer.md")]
    pub mod ch04_output_layer {}
    #[doc = include_str!("../book/ch05-data.md")]
    pub mod ch05_data {}
    #[doc = include_str!("../book/ch06-losses.md")]
    pub mod ch06_losses {}
    #[doc = include_str!("../book/ch07-minibatch.md")]
    pub mod ch07_minibatch {}
    #[doc = include_str!("../book/ch08-gradients.md")]
    pub mod ch08_gradients {}
    #[doc = include_str!("../book/ch09-two-layer-net.md")]
    pub mod ch09_two_layer_net {}
    #[doc = include_str!("../book/appendix-speed.md")]
    pub mod appendix_speed {}
    #[doc = include_str!("../book/course-map.md")]
    pub mod course_map {}
    #[doc = include_str!("../book/glossary.md")]
    pub mod glossary {}
}
