//! The `savings` command: a thin shell over the library (see `savings::cli`).

fn main() -> std::process::ExitCode {
    savings::cli::main()
}
