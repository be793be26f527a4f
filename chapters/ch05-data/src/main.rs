fn main() -> std::process::ExitCode {
    kit::cli::main_with::<ch05_data::flags::DataFlags>(&ch05_data::CHAPTER)
}
