fn main() -> std::process::ExitCode {
    kit::cli::main(&ch06_losses::CHAPTER)
}
