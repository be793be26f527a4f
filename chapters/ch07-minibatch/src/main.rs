fn main() -> std::process::ExitCode {
    kit::cli::main(&ch07_minibatch::CHAPTER)
}
