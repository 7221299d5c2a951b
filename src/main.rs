fn main() -> std::process::ExitCode {
    gloss::cli::main()
}
