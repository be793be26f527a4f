fn main() -> std::process::ExitCode {
    kit::cli::main(&ch00_tools::CHAPTER)
}
