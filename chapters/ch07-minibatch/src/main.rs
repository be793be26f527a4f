use ch07_minibatch::{DEMOS, FIGURES};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    ch00_tools::chapter::chapter_main(FIGURES, DEMOS)
}
