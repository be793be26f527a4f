fn main() -> std::process::ExitCode {
    kit::cli::main(&ch04_output_layer::CHAPTER)
}
