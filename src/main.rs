use std::process::ExitCode;

use clap::Parser;
use showclock::cli::{self, Cli, Command, JournalCommand, RunArgs, ViewChoice};

fn main() -> ExitCode {
    let args = Cli::parse();
    let outcome = match args.command {
        Some(Command::Check { agenda }) => cli::check(&agenda),
        Some(Command::Links {
            url,
            token,
            view_token,
        }) => cli::links(&url, token, view_token),
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
        Some(Command::Journal { command }) => match command {
            JournalCommand::Check { file, agenda } => cli::journal_check(&file, agenda.as_deref()),
            JournalCommand::Repair { file, agenda } => {
                cli::journal_repair(&file, agenda.as_deref())
            }
        },
        Some(Command::Import(import)) => showclock::rundown::import(&import),
        Some(Command::Export(export)) => showclock::rundown::export(&export),
        Some(Command::Follow(follow)) => showclock::app::follow(follow),
        Some(Command::Serve {
            agenda,
            share,
            token,
            view_token,
            journal,
            rehearse,
            at,
            speed,
            fresh,
            reach,
            osc,
        }) => showclock::net::serve_headless(&RunArgs {
            agenda,
            at,
            speed,
            rehearse,
            journal,
            no_bell: true,
            fresh,
            view: ViewChoice::Moderator,
            share: Some(share),
            token,
            view_token,
            reach,
            osc,
        }),
        None => showclock::app::run(args.run),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Reported) => ExitCode::FAILURE,
    }
}
