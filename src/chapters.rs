//! Every chapter crate of the book, in reading order.

use ch00_tools::{Demo, Figure};

/// One chapter crate as the book sees it: its folder name, figures, demos.
#[derive(Debug, Clone, Copy)]
pub struct Chapter {
    /// Package and folder name, e.g. `ch02-activations`; also the name of
    /// its page (`book/<name>.md`) and of its figure and output folders.
    pub name: &'static str,
    /// What the chapter draws.
    pub figures: &'static [Figure],
    /// What the chapter prints.
    pub demos: &'static [Demo],
}

/// The chapters, in the order of the book.
pub const CHAPTERS: &[Chapter] = &[
    Chapter {
        name: "ch00-tools",
        figures: ch00_tools::FIGURES,
        demos: ch00_tools::DEMOS,
    },
    Chapter {
        name: "ch01-perceptron",
        figures: ch01_perceptron::FIGURES,
        demos: ch01_perceptron::DEMOS,
    },
    Chapter {
        name: "ch02-activations",
        figures: ch02_activations::FIGURES,
        demos: ch02_activations::DEMOS,
    },
    Chapter {
        name: "ch03-arrays",
        figures: ch03_arrays::FIGURES,
        demos: ch03_arrays::DEMOS,
    },
    Chapter {
        name: "ch04-output-layer",
        figures: ch04_output_layer::FIGURES,
        demos: ch04_output_layer::DEMOS,
    },
    Chapter {
        name: "ch05-data",
        figures: ch05_data::FIGURES,
        demos: ch05_data::DEMOS,
    },
    Chapter {
        name: "ch06-losses",
        figures: ch06_losses::FIGURES,
        demos: ch06_losses::DEMOS,
    },
    Chapter {
        name: "ch07-minibatch",
        figures: ch07_minibatch::FIGURES,
        demos: ch07_minibatch::DEMOS,
    },
    Chapter {
        name: "ch08-gradients",
        figures: ch08_gradients::FIGURES,
        demos: ch08_gradients::DEMOS,
    },
    Chapter {
        name: "ch09-two-layer-net",
        figures: ch09_two_layer_net::FIGURES,
        demos: ch09_two_layer_net::DEMOS,
    },
];
