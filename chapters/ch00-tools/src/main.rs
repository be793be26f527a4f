fn main() -> Result<(), Box<dyn std::error::Error>> {
    ch00_tools::chapter::chapter_main(ch00_tools::FIGURES, ch00_tools::DEMOS)
}
