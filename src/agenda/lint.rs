//! Warnings about a valid agenda: things that are allowed but usually a
//! mistake, or that put the audience's invitations at risk.

use chrono::{DateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::diagnostic::SourceMap;
use super::parse::Spans;
use super::{Agenda, Diagnostic, Text};
use crate::timefmt::{duration_words, offset_words, rfc3339};

/// How far before the show a change of UTC offset is worth a warning:
/// invitations sent before it may show the wrong time.
const INVITATION_WINDOW: TimeDelta = TimeDelta::days(14);

pub fn warnings(agenda: &Agenda, spans: &Spans, map: &SourceMap<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, pair) in agenda.segments.windows(2).enumerate() {
        let (before, after) = (&pair[0], &pair[1]);
        let span = &spans.segments[i + 1];
        if after.start > before.end {
            out.push(map.warning(span, format!(
                "a gap of {} before this segment: {:?} ends first; if the gap is not meant, move the start",
                duration_words(after.start - before.end),
                before.title
            )));
        } else if after.start < before.end {
            out.push(map.warning(
                span,
                format!(
                    "this segment starts {} before {:?} ends: the two overlap; check the times",
                    duration_words(before.end - after.start),
                    before.title
                ),
            ));
        }
    }
    let mut zones: Vec<(String, Tz, &std::ops::Range<usize>)> = agenda
        .clocks
        .iter()
        .zip(&spans.clocks)
        .map(|(clock, span)| (format!("clock {:?}", clock.label), clock.timezone, span))
        .collect();
    if !zones.iter().any(|(_, zone, _)| *zone == agenda.timezone) {
        zones.push((
            "the event's zone".into(),
            agenda.timezone,
            &spans.event_zone,
        ));
    }
    let windows = watched_windows(agenda);
    for (what, zone, span) in zones {
        let changes = windows
            .iter()
            .flat_map(|&(from, to)| offset_changes(zone, from, to));
        for change in changes {
            let when = if change.at >= agenda.start() {
                "during the show".to_string()
            } else {
                format!(
                    "{} before the show",
                    duration_words(agenda.start() - change.at)
                )
            };
            out.push(map.warning(
                span,
                format!(
                    "{what} ({zone}) changes its UTC offset from {} to {} at {} ({when}): \
                 invitations sent before then may show the wrong time",
                    offset_words(change.from),
                    offset_words(change.to),
                    rfc3339(&change.at.with_timezone(&zone)),
                ),
            ));
        }
    }
    out.extend(missing_languages(agenda, spans, map));
    out
}

/// A text given in some languages but not in one the agenda uses
/// elsewhere: the screens of that language fall back to the first text.
fn missing_languages(agenda: &Agenda, spans: &Spans, map: &SourceMap<'_>) -> Vec<Diagnostic> {
    let mut used: Vec<String> = Vec::new();
    let mut texts: Vec<(String, &Text, &std::ops::Range<usize>)> =
        vec![("the event's title".into(), &agenda.title, &spans.event_zone)];
    for (clock, span) in agenda.clocks.iter().zip(&spans.clocks) {
        texts.push((
            format!("clock {:?}'s label", clock.label),
            &clock.label,
            span,
        ));
    }
    for (i, (segment, span)) in agenda.segments.iter().zip(&spans.segments).enumerate() {
        let n = i + 1;
        texts.push((format!("segment {n}'s title"), &segment.title, span));
        if let Some(notes) = &segment.notes {
            texts.push((format!("segment {n}'s notes"), notes, span));
        }
        for cue in &segment.cues {
            texts.push((format!("a cue of segment {n}"), cue, span));
        }
        for person in segment.people() {
            if let Some(role) = &person.role {
                texts.push((format!("{}'s role in segment {n}", person.name), role, span));
            }
        }
    }
    for (_, text, _) in &texts {
        for (tag, _) in text.versions() {
            if !used.iter().any(|u| u.eq_ignore_ascii_case(tag)) {
                used.push(tag.to_string());
            }
        }
    }
    let mut out = Vec::new();
    if used.len() < 2 {
        return out;
    }
    for (what, text, span) in texts {
        // A plain text stands for the first language the agenda uses.
        let wanted = if text.is_translated() {
            &used[..]
        } else {
            &used[1..]
        };
        for tag in wanted {
            if text.in_language(tag).is_none() {
                out.push(map.warning(
                    span,
                    format!(
                        "{what} has no {tag} text: {tag} screens show {:?}; write it as {{ {}, {tag} = \"...\" }}",
                        text.first(),
                        text.versions()
                            .map(|(t, v)| format!("{t} = {v:?}"))
                            .chain((!text.is_translated()).then(|| format!("{} = {:?}", used[0], text.first())))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    out
}

/// When an offset change matters: during a segment, or in the
/// [`INVITATION_WINDOW`] before one; overlapping windows merged, in order.
/// Only these are searched, so the work follows the hours of the show, not
/// the calendar between its first and last segment (a far-future segment
/// costs one window, not a walk through the years before it).
fn watched_windows(agenda: &Agenda) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut windows: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for segment in &agenda.segments {
        let from = segment.start - INVITATION_WINDOW;
        match windows.last_mut() {
            Some((_, to)) if from <= *to => *to = (*to).max(segment.end),
            _ => windows.push((from, segment.end)),
        }
    }
    windows
}

/// A change of a zone's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetChange {
    pub at: DateTime<Utc>,
    pub from: i32,
    pub to: i32,
}

fn offset_at(zone: Tz, at: DateTime<Utc>) -> i32 {
    zone.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

/// Every offset change in `[from, to]`, found by stepping half an hour at a
/// time (no zone changes twice within one) and bisecting to the second.
pub fn offset_changes(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<OffsetChange> {
    let step = TimeDelta::minutes(30);
    let mut changes = Vec::new();
    let mut at = from;
    let mut offset = offset_at(zone, at);
    while at < to {
        let next = (at + step).min(to);
        let next_offset = offset_at(zone, next);
        if next_offset != offset {
            let (mut low, mut high) = (at, next);
            while high - low > TimeDelta::seconds(1) {
                let mid = low + (high - low) / 2;
                if offset_at(zone, mid) == offset {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            changes.push(OffsetChange {
                at: high,
                from: offset,
                to: next_offset,
            });
            offset = next_offset;
        }
        at = next;
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_exact_instant_of_a_dst_change() {
        let la: Tz = "America/Los_Angeles".parse().unwrap();
        let from = Utc.with_ymd_and_hms(2022, 3, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2022, 3, 20, 0, 0, 0).unwrap();
        let changes = offset_changes(la, from, to);
        assert_eq!(
            changes,
            vec![OffsetChange {
                at: Utc.with_ymd_and_hms(2022, 3, 13, 10, 0, 0).unwrap(),
                from: -8 * 3600,
                to: -7 * 3600,
            }]
        );
        let shanghai: Tz = "Asia/Shanghai".parse().unwrap();
        assert!(offset_changes(shanghai, from, to).is_empty());
    }
}
