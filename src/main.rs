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
        }) => cli::report(&agenda, journal.as_deref(), format, at),
        Some(Command::Follow(follow)) => showclock::app::follow(follow),
        Some(Command::Serve {
            agenda,
            share,
            token,
            view_token,
            journal,
        }) => {
            showclock::net::serve_headless(&agenda, &share, token, view_token, journal.as_deref())
        }
        None => showclock::app::run(args.run),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Reported) => ExitCode::FAILURE,
    }
}
