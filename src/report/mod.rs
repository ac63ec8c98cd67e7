//! Headless outputs: `check`'s summary, `status` (text and JSON) and the
//! after-show `report`. All are pure functions returning text.

mod after;
mod check;
mod state;
mod status;

pub use after::{ReportFormat, after_show};
pub use check::summary;
pub use state::{StateDocument, speaker_names, utc};
pub use status::status_text;

use chrono::{DateTime, Datelike, Utc};

use crate::agenda::Agenda;
use crate::text::inert;
use crate::timefmt::{day_label, time_of_day};

/// `09:00 Beijing / 6:00 PM Pacific`: an instant in every clock, with the
/// date where it is not that clock's today (as of `now`), and the year
/// where it is not this year. Times are rounded to the minute.
pub fn in_every_clock(agenda: &Agenda, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    every_clock(agenda, at, now, false)
}

/// [`in_every_clock`] to the second, for what actually happened
/// (`ended 09:11:34 Beijing / 6:11:34 PM Pacific`): a plan is made in
/// minutes, a show is not.
pub fn exact_in_every_clock(agenda: &Agenda, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    every_clock(agenda, at, now, true)
}

/// An instant to the second in the first clock, with its label
/// (`09:44:27 Beijing`).
pub fn first_clock_time(agenda: &Agenda, at: DateTime<Utc>) -> String {
    agenda.clocks.first().map_or_else(String::new, |c| {
        format!(
            "{} {}",
            time_of_day(&at.with_timezone(&c.timezone), c.hour_format, true),
            inert(&c.label)
        )
    })
}

fn every_clock(agenda: &Agenda, at: DateTime<Utc>, now: DateTime<Utc>, seconds: bool) -> String {
    agenda
        .clocks
        .iter()
        .map(|c| {
            // Shown to the minute: rounded, not cut (10:30:58 reads 10:31).
            let shown = if seconds {
                at
            } else {
                at + chrono::TimeDelta::seconds(30)
            };
            let local = shown.with_timezone(&c.timezone);
            let today = now.with_timezone(&c.timezone).date_naive();
            let time = time_of_day(&local, c.hour_format, seconds);
            let label = inert(&c.label);
            if local.date_naive() == today {
                format!("{time} {label}")
            } else if local.year() == today.year() {
                format!("{time} {label} ({})", day_label(&local))
            } else {
                format!("{time} {label} ({} {})", day_label(&local), local.year())
            }
        })
        .collect::<Vec<_>>()
        .join(" / ")
}
