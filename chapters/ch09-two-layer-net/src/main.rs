fn main() -> std::process::ExitCode {
    ch09_two_layer_net::cli::main()
}
