//! Every chapter crate of the book, in reading order: the chapters of
//! `book/SUMMARY.md` that have a crate in `chapters/` (see `build.rs`).

/// The chapters, in the order of the book.
pub const CHAPTERS: &[&kit::Chapter] =
    include!(concat!(env!("OUT_DIR"), "/chapters.rs"));
