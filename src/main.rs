use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};
use showclock::cli::{self, Cli, Command, JournalCommand, RunArgs, ViewChoice};

/// Whether AGENDA was written on the command line, not defaulted: with
/// `--sync`, an agenda not named comes from the show's stream.
fn agenda_given(matches: Option<&ArgMatches>) -> bool {
    matches.is_some_and(|m| m.value_source("agenda") == Some(ValueSource::CommandLine))
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut args = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    args.run.agenda_given = agenda_given(Some(&matches));
    if let Some(lang) = args.lang {
        showclock::i18n::choose_terminal(lang);
    }
    let outcome = match args.command {
        Some(Command::Check { agenda }) => cli::check(&agenda),
        Some(Command::Links {
            url,
            token,
            view_token,
        }) => cli::links(&url, token, view_token),
        Some(Command::Status {
            sync,
            rehearse,
            at,
            json,
            ..
        }) if sync.sync.is_some() => showclock::sync::status(&sync, rehearse, at, json),
        Some(Command::Status {
            agenda,
            at,
            journal,
            json,
            ..
        }) => cli::status(&agenda, at, journal.as_deref(), json),
        Some(Command::Report {
            sync,
            rehearse,
            format,
            at,
            ..
        }) if sync.sync.is_some() => showclock::sync::report(&sync, rehearse, format, at),
        Some(Command::Report {
            agenda,
            journal,
            format,
            at,
            ..
        }) => cli::report(&agenda, journal.as_deref(), format, at),
        Some(Command::Journal { command }) => match command {
            JournalCommand::Check { sync, rehearse, .. } if sync.sync.is_some() => {
                showclock::sync::journal_check(&sync, rehearse)
            }
            JournalCommand::Check { file, agenda, .. } => {
                cli::journal_check(&file.unwrap_or_default(), agenda.as_deref())
            }
            JournalCommand::Repair { file, agenda } => {
                cli::journal_repair(&file, agenda.as_deref())
            }
        },
        Some(Command::Import(import)) => showclock::rundown::import(&import),
        Some(Command::Export(export)) => showclock::rundown::export(&export),
        Some(Command::Follow(follow)) => showclock::app::follow(follow),
        Some(Command::Board(board)) => showclock::app::board(board),
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
            sync,
            join,
        }) => {
            let run = RunArgs {
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
                agenda_given: agenda_given(matches.subcommand_matches("serve")),
                sync,
                join,
            };
            match showclock::board::page::share_board(run) {
                Err(reported) => Err(reported),
                Ok(run) if run.sync.sync.is_some() => showclock::sync::serve(&run),
                Ok(run) => showclock::net::serve_headless(&run),
            }
        }
        None if args.run.sync.sync.is_some() => showclock::app::run_synced(args.run),
        None => showclock::app::run(args.run),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Reported) => ExitCode::FAILURE,
    }
}
