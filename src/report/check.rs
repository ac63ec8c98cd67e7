//! The one-screen summary `check` prints for a valid agenda.

use crate::agenda::Agenda;
use crate::text::{inert, padded, widest};
use crate::timefmt::{day_label, duration_words, offset_words, time_of_day};
use chrono::Offset;

/// Rows of the rundown shown before the rest is summarised.
const ROWS_SHOWN: usize = 12;

pub fn summary(agenda: &Agenda) -> String {
    let mut out = String::new();
    let (start, end) = (agenda.start(), agenda.end());
    out.push_str(&format!("{}\n", inert(&agenda.title)));
    out.push_str(&format!(
        "{} segment{}, {} from first start to last end\n",
        agenda.segments.len(),
        if agenda.segments.len() == 1 { "" } else { "s" },
        duration_words(end - start)
    ));
    let label_width = widest(agenda.clocks.iter().map(|c| c.label.first()));
    for clock in &agenda.clocks {
        let (from, to) = (
            start.with_timezone(&clock.timezone),
            end.with_timezone(&clock.timezone),
        );
        let to_day = if to.date_naive() == from.date_naive() {
            String::new()
        } else {
            format!("{} ", day_label(&to))
        };
        out.push_str(&format!(
            "  {}  {} {} – {to_day}{}  ({}, UTC{})\n",
            padded(&clock.label, label_width),
            day_label(&from),
            time_of_day(&from, clock.hour_format, false),
            time_of_day(&to, clock.hour_format, false),
            clock.timezone.name(),
            offset_words(from.offset().fix().local_minus_utc()),
        ));
    }
    out.push('\n');
    let mut header = String::from("    #");
    for clock in &agenda.clocks {
        let label = inert(&clock.label);
        let used = unicode_width::UnicodeWidthStr::width(label.as_str());
        header.push_str(&format!(
            "  {}{label}",
            " ".repeat(8usize.saturating_sub(used))
        ));
    }
    header.push_str("  length  title\n");
    out.push_str(&header);
    for (index, segment) in agenda.segments.iter().enumerate().take(ROWS_SHOWN) {
        let mut row = format!("  {:>3}", index + 1);
        for clock in &agenda.clocks {
            let local = segment.start.with_timezone(&clock.timezone);
            row.push_str(&format!(
                "  {:>8}",
                time_of_day(&local, clock.hour_format, false)
            ));
        }
        row.push_str(&format!(
            "  {:>6}  {}\n",
            duration_words(segment.planned_duration()),
            inert(&segment.title)
        ));
        out.push_str(&row);
    }
    if agenda.segments.len() > ROWS_SHOWN {
        out.push_str(&format!(
            "  … and {} more\n",
            agenda.segments.len() - ROWS_SHOWN
        ));
    }
    out
}
