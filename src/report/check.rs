//! The one-screen summary `check` prints for a valid agenda.

use crate::agenda::Agenda;
use crate::i18n::Language;
use crate::t;
use crate::text::{inert, padded, widest};
use crate::timefmt::{duration_words, offset_words};
use chrono::Offset;
use unicode_width::UnicodeWidthStr;

/// Rows of the rundown shown before the rest is summarised.
const ROWS_SHOWN: usize = 12;

/// `text` right-aligned in `width` terminal columns.
fn right(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

pub fn summary(lang: &Language, agenda: &Agenda) -> String {
    let mut out = String::new();
    let (start, end) = (agenda.start(), agenda.end());
    out.push_str(&format!("{}\n", inert(lang.pick(&agenda.title))));
    out.push_str(&t!(
        lang,
        "check-segments",
        count = agenda.segments.len(),
        length = duration_words(end - start)
    ));
    out.push('\n');
    let label_width = widest(agenda.clocks.iter().map(|c| lang.pick(&c.label)));
    for clock in &agenda.clocks {
        let (from, to) = (
            start.with_timezone(&clock.timezone),
            end.with_timezone(&clock.timezone),
        );
        let to_day = if to.date_naive() == from.date_naive() {
            String::new()
        } else {
            format!("{} ", lang.day(&to))
        };
        out.push_str(&format!(
            "  {}  {} {} – {to_day}{}  ({}, UTC{})\n",
            padded(lang.pick(&clock.label), label_width),
            lang.day(&from),
            lang.time(&from, clock.hour_format, false),
            lang.time(&to, clock.hour_format, false),
            clock.timezone.name(),
            offset_words(from.offset().fix().local_minus_utc()),
        ));
    }
    out.push('\n');
    let mut header = String::from("    #");
    for clock in &agenda.clocks {
        header.push_str(&format!("  {}", right(&inert(lang.pick(&clock.label)), 8)));
    }
    header.push_str(&format!(
        "  {}  {}\n",
        right(&t!(lang, "check-length"), 6),
        t!(lang, "check-title")
    ));
    out.push_str(&header);
    for (index, segment) in agenda.segments.iter().enumerate().take(ROWS_SHOWN) {
        let mut row = format!("  {:>3}", index + 1);
        for clock in &agenda.clocks {
            let local = segment.start.with_timezone(&clock.timezone);
            row.push_str(&format!(
                "  {}",
                right(&lang.time(&local, clock.hour_format, false), 8)
            ));
        }
        row.push_str(&format!(
            "  {}  {}\n",
            right(&duration_words(segment.planned_duration()), 6),
            inert(lang.pick(&segment.title))
        ));
        out.push_str(&row);
    }
    if agenda.segments.len() > ROWS_SHOWN {
        out.push_str(&format!(
            "  {}\n",
            t!(
                lang,
                "check-more",
                count = agenda.segments.len() - ROWS_SHOWN
            )
        ));
    }
    out
}
