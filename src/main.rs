use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(ferry::run(std::env::args_os()))
}
