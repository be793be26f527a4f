fn main() -> std::process::ExitCode {
    kit::cli::main(&ch03_arrays::CHAPTER)
}
