use std::process::ExitCode;

use clap::Parser;
use showclock::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let args = Cli::parse();
    let outcome = match args.command {
        Some(Command::Check { agenda }) => cli::check(&agenda),
        Some(Command::Status {
            agenda,
            at,
            journal,
            json,
        }) => cli::status(&agenda, at, journal.as_deref(), json),
        Some(Command::Report {
            agenda,
            journal,
            format,
            at,
        }) => cli::report(&agenda, &journal, format, at),
        None => showclock::app::run(args.run),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Reported) => ExitCode::FAILURE,
    }
}
