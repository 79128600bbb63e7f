//! The `tilmash` command line: parse arguments, call the library, print, map outcomes to exit codes.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Exit code when a command ran and found problems (e.g. `names check` flagged spellings).
const EXIT_PROBLEMS: u8 = 1;
/// Exit code for bad usage or unreadable input.
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(cli::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(cli::Outcome::Problems) => ExitCode::from(EXIT_PROBLEMS),
        Err(e) => {
            eprintln!("tilmash: error: {e:#}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
