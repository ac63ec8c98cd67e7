//! Pieces both views draw: badges, clocks, people, the show's drift.

use chrono::{DateTime, Utc};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Screen, Urgency};
use crate::agenda::{Agenda, Segment};
use crate::report::{exact_in_every_clock, in_every_clock};
use crate::show::Phase;
use crate::text::inert;
use crate::timefmt::{clock_digits, day_label, drift_words, time_of_day};

/// Badges that must never be missed: a simulated clock, a lost link.
pub fn badges(screen: &Screen<'_>) -> Vec<Span<'static>> {
    let theme = screen.theme;
    let mut spans = Vec::new();
    let mut badge = |text: String, style: Style| {
        spans.push(Span::styled(format!(" {text} "), style));
        spans.push(Span::raw(" "));
    };
    if let Some(link) = screen.link {
        if !link.connected {
            let ago = link.last_update.map_or_else(
                || "never".to_string(),
                |at| format!("{} s ago", (screen.wall_now - at).num_seconds().max(0)),
            );
            badge(
                format!("DISCONNECTED: last update {ago}"),
                theme.warning_badge(),
            );
        } else if link.read_only {
            badge("FOLLOWING · READ-ONLY".into(), theme.badge());
        } else {
            badge("FOLLOWING".into(), theme.badge());
        }
    }
    if let Some(clock) = &screen.clock_badge {
        badge(clock.clone(), theme.badge());
    }
    let phase = screen.snapshot.phase.label();
    badge(phase.to_string(), theme.title());
    if !screen.bell {
        badge("BELL OFF".into(), theme.dim());
    }
    spans
}

/// The top line: badges, then the event's title.
pub fn header(screen: &Screen<'_>) -> Line<'static> {
    let mut spans = badges(screen);
    spans.push(Span::styled(
        inert(&screen.agenda.title),
        screen.theme.title(),
    ));
    Line::from(spans)
}

/// The time of day in every clock, with weekday and date.
pub fn clocks(screen: &Screen<'_>, width: u16) -> Line<'static> {
    let now = screen.snapshot.now;
    let full: Vec<(String, String, String)> = screen
        .agenda
        .clocks
        .iter()
        .map(|c| {
            let local = now.with_timezone(&c.timezone);
            (
                inert(&c.label),
                day_label(&local),
                time_of_day(&local, c.hour_format, true),
            )
        })
        .collect();
    let long: usize = full
        .iter()
        .map(|(l, d, t)| l.chars().count() + d.len() + t.len() + 5)
        .sum();
    let with_dates = long <= usize::from(width);
    let mut spans = Vec::new();
    for (i, (label, day, time)) in full.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("  │  ", screen.theme.dim()));
        }
        spans.push(Span::styled(format!("{label} "), screen.theme.label()));
        if with_dates {
            spans.push(Span::styled(format!("{day} "), screen.theme.label()));
        }
        spans.push(Span::styled(time, screen.theme.clock()));
    }
    Line::from(spans)
}

/// The people of a segment on one line, with a person's own time of day
/// where the agenda gives their zone.
pub fn people(segment: &Segment, now: DateTime<Utc>) -> String {
    let mut parts = Vec::new();
    if let Some(moderator) = &segment.moderator {
        parts.push(format!("Moderated by {}", person(moderator, now)));
    }
    parts.extend(segment.speakers.iter().map(|p| person(p, now)));
    parts.join(" · ")
}

fn person(p: &crate::agenda::Person, now: DateTime<Utc>) -> String {
    let mut text = inert(&p.description());
    if let Some(zone) = p.timezone {
        let local = now.with_timezone(&zone);
        text.push_str(&format!(
            " ({} their time)",
            time_of_day(&local, crate::agenda::HourFormat::H24, false)
        ));
    }
    text
}

/// `09:25–09:40 Beijing · 6:25 PM–6:40 PM Pacific`.
pub fn span_in_clocks(agenda: &Agenda, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    agenda
        .clocks
        .iter()
        .map(|c| {
            let (from, to) = (
                start.with_timezone(&c.timezone),
                end.with_timezone(&c.timezone),
            );
            format!(
                "{}–{} {}",
                time_of_day(&from, c.hour_format, false),
                time_of_day(&to, c.hour_format, false),
                inert(&c.label)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The show as a whole: on time / behind / ahead, and the projected end.
pub fn show_line(screen: &Screen<'_>) -> Line<'static> {
    let snapshot = screen.snapshot;
    let theme = screen.theme;
    if let Some(ended) = snapshot.ended_at {
        return Line::from(vec![
            Span::styled("SHOW OVER ", theme.title()),
            Span::raw(format!(
                "ended {} · planned {}",
                exact_in_every_clock(screen.agenda, ended, snapshot.now),
                in_every_clock(screen.agenda, screen.agenda.end(), snapshot.now)
            )),
        ]);
    }
    let drift_style = match snapshot.drift_seconds {
        d if d > 0 => theme.late(),
        d if d < 0 => theme.early(),
        _ => theme.early(),
    };
    Line::from(vec![
        Span::styled("SHOW ", theme.title()),
        Span::styled(
            drift_words(snapshot.drift_seconds),
            drift_style.add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Span::raw(format!(
            " · ends {}",
            in_every_clock(screen.agenda, snapshot.projected_end, snapshot.now)
        )),
    ])
}

/// The producer's message as a banner line.
pub fn message(screen: &Screen<'_>) -> Option<Line<'static>> {
    let text = screen.snapshot.message.as_ref()?;
    Some(Line::styled(
        format!(" MESSAGE: {} ", inert(text)),
        screen.theme.banner(),
    ))
}

/// The text for the timer in digits, and the line that says what it is.
pub fn timer_text(screen: &Screen<'_>) -> (String, String) {
    let snapshot = screen.snapshot;
    match (&snapshot.current, &snapshot.next, snapshot.phase) {
        (Some(current), _, _) if current.overrun => (
            format!("+{}", clock_digits(current.remaining_seconds)),
            format!("OVERRUN +{}", clock_digits(current.remaining_seconds)),
        ),
        (Some(current), _, _) => {
            let allotment = (current.ends - current.started).num_seconds();
            (
                clock_digits(current.remaining_seconds),
                format!("remaining of {}", clock_digits(allotment)),
            )
        }
        (None, Some(next), Phase::Before) => (
            clock_digits(next.starts_in_seconds),
            "until the show starts".into(),
        ),
        (None, Some(next), _) => (
            clock_digits(next.starts_in_seconds),
            "break: next segment starts in".into(),
        ),
        _ => (String::new(), "THE SHOW IS OVER".into()),
    }
}

/// The key hint, or its short form when the full one does not fit.
pub fn key_hint(full: &'static str, width: u16) -> &'static str {
    const SHORT: &str = "? help · Space next · p undo · q quit";
    if unicode_width::UnicodeWidthStr::width(full) <= usize::from(width) {
        full
    } else {
        SHORT
    }
}

/// How urgent the current slot's timer is, by the agenda's thresholds.
pub fn urgency(screen: &Screen<'_>) -> Urgency {
    let alerts = &screen.agenda.alerts;
    match &screen.snapshot.current {
        Some(c) => Urgency::of(
            c.remaining_seconds,
            c.overrun,
            alerts.warning_seconds,
            alerts.final_seconds,
        ),
        None => Urgency::Normal,
    }
}
