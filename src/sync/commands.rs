//! `status`, `report` and `journal check` with `--sync URL`: the show as
//! its stream holds it, read once, through the same outputs as a journal.

use chrono::{DateTime, Utc};

use super::open::read_show;
use crate::cli::{Reported, SyncArgs, print_out, print_status};
use crate::report::{ReportFormat, after_show};
use crate::show::ShowLog;

fn fail(message: String) -> Reported {
    eprintln!("error: {message}");
    Reported
}

/// The stream's actions taken by `now` (on the show's own clock).
fn log_at(show: &super::StreamShow, now: DateTime<Utc>) -> Result<ShowLog, Reported> {
    let so_far = show.entries.partition_point(|entry| entry.at <= now);
    ShowLog::replay(&show.agenda, &show.entries[..so_far])
        .map_err(|(index, why)| fail(format!("the show's action {}: {why}", index + 1)))
}

pub fn status(
    sync: &SyncArgs,
    rehearsal: bool,
    at: Option<DateTime<Utc>>,
    json: bool,
) -> Result<(), Reported> {
    let show = read_show(sync, rehearsal).map_err(fail)?;
    let now = at.unwrap_or_else(|| show.clock.show_time(Utc::now()));
    let log = log_at(&show, now)?;
    print_status(&show.agenda, &log, now, json)
}

pub fn report(
    sync: &SyncArgs,
    rehearsal: bool,
    format: ReportFormat,
    at: Option<DateTime<Utc>>,
) -> Result<(), Reported> {
    let show = read_show(sync, rehearsal).map_err(fail)?;
    let now = at.unwrap_or_else(|| show.clock.show_time(Utc::now()));
    let log = log_at(&show, now)?;
    print_out(&after_show(
        crate::i18n::terminal(),
        &show.agenda,
        &log,
        now,
        format,
    ))
}

/// Every message of the stream that is no part of the show, by sequence.
pub fn journal_check(sync: &SyncArgs, rehearsal: bool) -> Result<(), Reported> {
    let show = read_show(sync, rehearsal).map_err(fail)?;
    let url = sync.sync.as_deref().unwrap_or_default();
    for (sequence, why) in &show.left_out {
        if *sequence > 0 {
            eprintln!(
                "{url}: message {sequence}: error: {}",
                crate::text::inert(why)
            );
        } else {
            eprintln!("{url}: error: {}", crate::text::inert(why));
        }
    }
    if show.left_out.is_empty() {
        print_out(&format!(
            "{url}: {} actions, every message valid, checked against the show's agenda\n",
            show.entries.len()
        ))
    } else {
        eprintln!(
            "{url}: {} message(s) left out of the show; every instance leaves them out alike",
            show.left_out.len()
        );
        Err(Reported)
    }
}
