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

use chrono::{DateTime, Utc};

use crate::agenda::Agenda;
use crate::text::inert;
use crate::timefmt::{day_label, time_of_day};

/// `09:00 Beijing / 6:00 PM Pacific`, with the weekday where a clock's date
/// differs from the first clock's.
pub fn in_every_clock(agenda: &Agenda, at: DateTime<Utc>) -> String {
    let first_day = agenda
        .clocks
        .first()
        .map(|c| at.with_timezone(&c.timezone).date_naive());
    agenda
        .clocks
        .iter()
        .map(|c| {
            let local = at.with_timezone(&c.timezone);
            let time = time_of_day(&local, c.hour_format, false);
            if Some(local.date_naive()) == first_day {
                format!("{time} {}", inert(&c.label))
            } else {
                format!("{time} {} ({})", inert(&c.label), day_label(&local))
            }
        })
        .collect::<Vec<_>>()
        .join(" / ")
}
