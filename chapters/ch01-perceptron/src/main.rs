fn main() -> std::process::ExitCode {
    kit::cli::main(&ch01_perceptron::CHAPTER)
}
