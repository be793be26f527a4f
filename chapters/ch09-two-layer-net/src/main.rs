fn main() -> std::process::ExitCode {
    use ch09_two_layer_net::{CHAPTER, cli::Args};
    kit::cli::main_with::<Args>(&CHAPTER)
}
