fn main() -> std::process::ExitCode {
    kit::cli::main(&ch08_gradients::CHAPTER)
}
