fn main() -> Result<(), Box<dyn std::error::Error>> {
    ch05_data::main_with_args(std::env::args().skip(1))
}
