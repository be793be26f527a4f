fn main() -> std::process::ExitCode {
    kit::cli::main(&ch02_activations::CHAPTER)
}
