//! Chapter 7: mini-batch learning.
#![doc(test(attr(deny(warnings))))]

pub mod sampling;

pub use sampling::{
    BatchError, epoch_batches, sample_with_replacement,
    sample_without_replacement, take_rows,
};

use ch00_tools::{Demo, Figure};

/// The figures of this chapter.
pub const FIGURES: &[Figure] = &[];

/// The demos of this chapter, in the order the page shows them.
pub const DEMOS: &[Demo] = &[];

/// Prints every demo of the chapter to `out`.
pub fn run(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    ch00_tools::chapter::run_demos(DEMOS, out)
}
