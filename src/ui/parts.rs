//! Pieces both views draw: badges, clocks, people, the show's drift.

use chrono::{DateTime, Utc};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Screen, Urgency};
use crate::agenda::{Agenda, Segment, TimerKind};
use crate::i18n::Language;
use crate::show::Phase;
use crate::t;
use crate::text::inert;
use crate::timefmt::{clock_digits, short_digits};

/// Badges that must never be missed: a simulated clock, a lost link, the
/// phase and who drives the show.
pub fn badges(screen: &Screen<'_>, width: u16) -> Vec<Span<'static>> {
    let theme = screen.theme;
    let lang = screen.lang;
    let mut spans = Vec::new();
    let mut badge = |text: String, style: Style| {
        spans.push(Span::styled(format!(" {text} "), style));
        spans.push(Span::raw(" "));
    };
    if let Some(link) = screen.link {
        if !link.connected {
            let text = match link.last_update {
                None => t!(lang, "badge-disconnected-never"),
                Some(at) => t!(
                    lang,
                    "badge-disconnected",
                    seconds = (screen.wall_now - at).num_seconds().max(0)
                ),
            };
            badge(text, theme.warning_badge());
        } else if link.read_only {
            badge(t!(lang, "badge-following-read-only"), theme.badge());
        } else {
            badge(t!(lang, "badge-following"), theme.badge());
        }
    }
    if let Some(sync) = screen.sync {
        for (text, warn) in sync_badges(lang, &sync, screen.wall_now) {
            badge(
                text,
                if warn {
                    theme.warning_badge()
                } else {
                    theme.badge()
                },
            );
        }
    }
    if let Some(clock) = &screen.clock_badge {
        badge(clock.clone(), theme.badge());
    }
    badge(lang.phase(screen.snapshot.phase), theme.title());
    if let Some((long, short)) = control_badge(lang, screen.snapshot) {
        let text = if width >= 100 { long } else { short };
        badge(text, theme.control(screen.snapshot.following_schedule));
    }
    let signals = screen.snapshot.signals;
    if signals.blackout {
        badge(t!(lang, "badge-screens-dark"), theme.warning_badge());
    }
    if signals.flash_until.is_some() {
        badge(t!(lang, "badge-flash"), theme.alert(screen.flash_on));
    }
    if !screen.bell {
        badge(t!(lang, "badge-bell-off"), theme.dim());
    }
    spans
}

/// A synced show's badges: its link, what waits and what was set aside, a
/// clock that is off (each with whether it warns).
pub fn sync_badges(
    lang: &Language,
    sync: &super::SyncView,
    wall_now: DateTime<Utc>,
) -> Vec<(String, bool)> {
    let waiting = match sync.waiting {
        0 => String::new(),
        n => t!(lang, "badge-actions-waiting", count = n),
    };
    let mut badges = vec![if !sync.connected {
        let lost = sync
            .lost_since
            .map_or(0, |since| (wall_now - since).num_seconds().max(0));
        (
            t!(
                lang,
                "badge-sync-lost",
                lost = format!("{}:{:02}", lost / 60, lost % 60),
                waiting = waiting
            ),
            true,
        )
    } else if sync.read_only {
        (t!(lang, "badge-synced-read-only"), false)
    } else if sync.waiting > 0 {
        (t!(lang, "badge-syncing", waiting = waiting), false)
    } else {
        (t!(lang, "badge-synced"), false)
    }];
    if sync.set_aside > 0 {
        badges.push((t!(lang, "badge-set-aside", count = sync.set_aside), true));
    }
    if let Some(offset) = sync.clock_offset_ms {
        let seconds = format!("{:.1}", offset.unsigned_abs() as f64 / 1000.0);
        let text = if offset > 0 {
            t!(lang, "badge-clock-behind", seconds = seconds)
        } else {
            t!(lang, "badge-clock-ahead", seconds = seconds)
        };
        badges.push((text, true));
    }
    badges
}

/// Who drives the show, long and short: the schedule until the operator's
/// first cue (Space then takes over), the operator after it.
fn control_badge(lang: &Language, snapshot: &crate::show::Snapshot) -> Option<(String, String)> {
    match (snapshot.phase, snapshot.following_schedule) {
        (Phase::After, _) => None,
        (_, true) => Some((
            t!(lang, "badge-on-schedule-long"),
            t!(lang, "badge-on-schedule"),
        )),
        (_, false) => Some((t!(lang, "badge-cued-long"), t!(lang, "badge-cued"))),
    }
}

/// The top line: badges, then the event's title.
pub fn header(screen: &Screen<'_>, width: u16) -> Line<'static> {
    let mut spans = badges(screen, width);
    spans.push(Span::styled(
        inert(screen.lang.pick(&screen.agenda.title)),
        screen.theme.title(),
    ));
    fit(Line::from(spans), width)
}

/// A line cut to `width` columns, ending in `…` when something was cut.
pub fn fit(line: Line<'static>, width: u16) -> Line<'static> {
    let width = usize::from(width);
    if line.width() <= width {
        return line;
    }
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let room = width.saturating_sub(1).saturating_sub(used);
        let (text, taken) = cut(&span.content, room);
        used += taken;
        let full = text.len() == span.content.len();
        spans.push(Span::styled(text, span.style));
        if !full {
            spans.push(Span::styled("…", span.style));
            break;
        }
    }
    let mut out = Line::from(spans).style(line.style);
    out.alignment = line.alignment;
    out
}

/// A text cut to `width` columns, ending in `…` when something was cut.
pub fn fit_text(text: &str, width: u16) -> String {
    let columns = usize::from(width);
    if unicode_width::UnicodeWidthStr::width(text) <= columns {
        return text.to_string();
    }
    if columns == 0 {
        return String::new();
    }
    format!("{}…", cut(text, columns - 1).0)
}

/// The longest start of `text` that takes at most `columns` columns, and
/// the columns it takes.
fn cut(text: &str, columns: usize) -> (String, usize) {
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > columns {
            break;
        }
        used += w;
        out.push(c);
    }
    (out, used)
}

/// `text` wrapped at spaces into at most `rows` lines of `width` columns;
/// the last one ends in `…` when the text did not fit.
pub fn wrap_fit(text: &str, width: u16, rows: u16) -> Vec<String> {
    let width = usize::from(width.max(2));
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in breakable_words(text, width) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if unicode_width::UnicodeWidthStr::width(candidate.as_str()) <= width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let rows = usize::from(rows.max(1));
    let overflow = lines.len() > rows;
    lines.truncate(rows);
    if let Some(last) = lines.last_mut()
        && (overflow || unicode_width::UnicodeWidthStr::width(last.as_str()) > width)
    {
        let (kept, _) = cut(last, width - 1);
        *last = format!("{}…", kept.trim_end());
    }
    lines
}

/// The pieces a line may break between: words at spaces, and a word wider
/// than the line (a Chinese sentence has no spaces) cut at characters,
/// never inside one.
fn breakable_words(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut rest = word;
        while unicode_width::UnicodeWidthStr::width(rest) > width {
            let (piece, _) = cut(rest, width);
            if piece.is_empty() {
                break;
            }
            rest = &rest[piece.len()..];
            out.push(piece);
        }
        if !rest.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

/// Rows `text` takes wrapped to `width`, at most `max`.
pub fn rows_for(text: &str, width: u16, max: u16) -> u16 {
    if text.is_empty() {
        return 0;
    }
    (wrap_fit(text, width, u16::MAX).len() as u16).clamp(1, max)
}

/// The time of day in every clock, with weekday and date, as much of it as
/// the width allows: the weekday stays down to 40 columns, since two
/// audiences on different days is the point of showing both clocks.
pub fn clocks(screen: &Screen<'_>, width: u16) -> Line<'static> {
    let now = screen.snapshot.now;
    let theme = screen.theme;
    let lang = screen.lang;
    // (separator, whole date, seconds), from the fullest form down.
    const FORMS: [(&str, bool, bool); 3] = [
        ("  │  ", true, true),
        (" │ ", false, true),
        (" │ ", false, false),
    ];
    let line_for = |(separator, whole_date, seconds): (&'static str, bool, bool)| {
        let mut spans = Vec::new();
        for (i, c) in screen.agenda.clocks.iter().enumerate() {
            let local = now.with_timezone(&c.timezone);
            if i > 0 {
                spans.push(Span::styled(separator, theme.dim()));
            }
            spans.push(Span::styled(
                format!("{} ", inert(lang.pick(&c.label))),
                theme.label(),
            ));
            let date = if whole_date {
                lang.day(&local)
            } else {
                lang.weekday(&local)
            };
            spans.push(Span::styled(format!("{date} "), theme.label()));
            spans.push(Span::styled(
                lang.time(&local, c.hour_format, seconds),
                theme.clock(),
            ));
        }
        Line::from(spans)
    };
    let lines: Vec<Line<'static>> = FORMS.into_iter().map(line_for).collect();
    let chosen = lines
        .iter()
        .position(|l| l.width() <= usize::from(width))
        .unwrap_or(lines.len() - 1);
    fit(lines[chosen].clone(), width)
}

/// When a segment's people are on: since it started (the current one), or
/// when it is expected (the next one).
#[derive(Debug, Clone, Copy)]
pub enum Slot {
    Since(DateTime<Utc>),
    Speaks(DateTime<Utc>),
}

/// The people of a segment on one line: the moderator first, introduced as
/// the agenda does, then the speakers; a person's own time of day for
/// their slot where the agenda gives their zone. `full` adds role and
/// organisation after each name.
pub fn people(
    lang: &Language,
    agenda: &Agenda,
    segment: &Segment,
    slot: Slot,
    full: bool,
) -> String {
    let one = |p: &crate::agenda::Person| {
        let mut text = if full {
            inert(&lang.person(p))
        } else {
            inert(&p.name)
        };
        if let Some(own) = own_time(lang, agenda, p, slot) {
            text.push_str(&format!(" ({own})"));
        }
        text
    };
    let mut parts = Vec::new();
    if let Some(moderator) = &segment.moderator {
        parts.push(format!(
            "{} {}",
            inert(&lang.moderator_label(moderator)),
            one(moderator)
        ));
    }
    parts.extend(segment.speakers.iter().map(one));
    parts.join(" · ")
}

/// `speaks 3:10 AM Sun, Sydney time`: the slot in the person's own zone,
/// with the hour format of a clock that shares the zone (24-hour if none).
pub fn own_time(
    lang: &Language,
    agenda: &Agenda,
    person: &crate::agenda::Person,
    slot: Slot,
) -> Option<String> {
    let zone = person.timezone?;
    let (since, at) = match slot {
        Slot::Since(at) => (true, at),
        Slot::Speaks(at) => (false, at),
    };
    let format = agenda
        .clocks
        .iter()
        .find(|c| c.timezone == zone)
        .map_or(crate::agenda::HourFormat::H24, |c| c.hour_format);
    let local = at.with_timezone(&zone);
    // The place, not "their time": wrapped onto a line of its own, it
    // still says whose time it is. A clock in that zone names it in the
    // reader's language; else the zone's city does.
    let place = agenda
        .clocks
        .iter()
        .find(|c| c.timezone == zone)
        .map_or_else(
            || {
                zone.name()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .replace('_', " ")
            },
            |c| inert(lang.pick(&c.label)),
        );
    let time = lang.time(&local, format, false);
    let weekday = lang.weekday(&local);
    Some(if since {
        t!(
            lang,
            "people-on-since",
            time = time,
            weekday = weekday,
            place = place
        )
    } else {
        t!(
            lang,
            "people-speaks",
            time = time,
            weekday = weekday,
            place = place
        )
    })
}

/// `09:25–09:40 Beijing · 6:25 PM–6:40 PM Pacific`.
pub fn span_in_clocks(
    lang: &Language,
    agenda: &Agenda,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> String {
    agenda
        .clocks
        .iter()
        .map(|c| {
            let (from, to) = (
                start.with_timezone(&c.timezone),
                end.with_timezone(&c.timezone),
            );
            t!(
                lang,
                "clock-time",
                time = format!(
                    "{}–{}",
                    lang.time(&from, c.hour_format, false),
                    lang.time(&to, c.hour_format, false)
                ),
                clock = inert(lang.pick(&c.label))
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The show as a whole: on time / behind / ahead, and the projected end.
pub fn show_line(screen: &Screen<'_>, width: u16) -> Line<'static> {
    fit(show_words(screen), width)
}

fn show_words(screen: &Screen<'_>) -> Line<'static> {
    let snapshot = screen.snapshot;
    let theme = screen.theme;
    let lang = screen.lang;
    if let Some(ended) = snapshot.ended_at {
        return Line::from(vec![
            Span::styled(format!("{} ", t!(lang, "show-over")), theme.title()),
            Span::raw(t!(
                lang,
                "show-ended",
                ended = lang.exact_in_every_clock(screen.agenda, ended, snapshot.now),
                planned = lang.in_every_clock(screen.agenda, screen.agenda.end(), snapshot.now)
            )),
        ]);
    }
    let drift_style = match snapshot.drift_seconds {
        d if d > 0 => theme.late(),
        d if d < 0 => theme.early(),
        _ => theme.early(),
    };
    Line::from(vec![
        Span::styled(format!("{} ", t!(lang, "show-label")), theme.title()),
        Span::styled(
            lang.drift(snapshot.drift_seconds),
            drift_style.add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Span::raw(format!(
            " · {}",
            t!(
                lang,
                "show-ends",
                at = lang.in_every_clock(screen.agenda, snapshot.projected_end, snapshot.now)
            )
        )),
    ])
}

/// The producer's message as a banner line, saying who it is for.
pub fn message(screen: &Screen<'_>) -> Option<Line<'static>> {
    let text = screen.snapshot.message.as_ref()?;
    let lang = screen.lang;
    Some(Line::styled(
        format!(
            " {} ",
            t!(
                lang,
                "status-message",
                audience = lang.audience(&screen.snapshot.message_audience),
                text = inert(&lang.message(text))
            )
        ),
        screen.theme.banner(),
    ))
}

/// What the timer shows: its digits, the line that says what they are,
/// and the digits whose width sets their size (the slot's countdown at its
/// widest, so the overrun in its place is drawn at least as large).
pub struct TimerText {
    pub digits: String,
    pub label: String,
    pub reference: String,
}

pub fn timer_text(screen: &Screen<'_>) -> TimerText {
    let snapshot = screen.snapshot;
    let lang = screen.lang;
    let same = |digits: String, label: String| TimerText {
        reference: digits.clone(),
        digits,
        label,
    };
    match (&snapshot.current, &snapshot.next, snapshot.phase) {
        (Some(current), _, _) => {
            let allotment = clock_digits((current.ends - current.started).num_seconds().max(0));
            let segment = &screen.agenda.segments[current.index];
            let overrun_label = t!(
                lang,
                "timer-overrun",
                time = clock_digits(current.remaining_seconds)
            );
            let elapsed = (snapshot.now - current.started).num_seconds().max(0);
            match segment.timer {
                TimerKind::Down => {}
                TimerKind::Up => {
                    return TimerText {
                        digits: clock_digits(elapsed),
                        label: if current.overrun {
                            overrun_label
                        } else {
                            t!(lang, "timer-elapsed-of", allotment = allotment.as_str())
                        },
                        reference: allotment,
                    };
                }
                TimerKind::Clock => {
                    let clock = screen.agenda.clocks.first();
                    let digits = clock.map_or_else(String::new, |c| {
                        lang.time(
                            &snapshot.now.with_timezone(&c.timezone),
                            c.hour_format,
                            false,
                        )
                    });
                    return TimerText {
                        reference: digits.clone(),
                        digits,
                        label: if current.overrun {
                            overrun_label
                        } else {
                            clock.map_or_else(String::new, |c| {
                                t!(lang, "timer-time-in", clock = inert(lang.pick(&c.label)))
                            })
                        },
                    };
                }
                TimerKind::None => {
                    return TimerText {
                        digits: "--:--".into(),
                        label: t!(lang, "timer-none"),
                        reference: "--:--".into(),
                    };
                }
            }
            if current.overrun {
                TimerText {
                    // Without the minutes' leading zero: as wide as the countdown was.
                    digits: format!("+{}", short_digits(current.remaining_seconds)),
                    label: overrun_label,
                    reference: allotment,
                }
            } else {
                TimerText {
                    digits: clock_digits(current.remaining_seconds),
                    label: t!(lang, "timer-remaining-of", allotment = allotment.as_str()),
                    reference: allotment,
                }
            }
        }
        (None, Some(next), Phase::Before) => same(
            clock_digits(next.starts_in_seconds),
            t!(lang, "timer-until-start"),
        ),
        (None, Some(next), _) => same(
            clock_digits(next.starts_in_seconds),
            t!(lang, "timer-break"),
        ),
        _ => same(String::new(), t!(lang, "timer-show-over")),
    }
}

/// The key hint, or its short form when the full one does not fit. It
/// offers only what works: a read-only follower can act on nothing, and
/// once the show is over there is no slot to cue or lengthen.
pub fn key_hint(screen: &Screen<'_>, full: String, width: u16) -> String {
    let lang = screen.lang;
    let (full, short) = if screen.link.is_some_and(|link| link.read_only) {
        (t!(lang, "keys-read-only"), t!(lang, "keys-read-only-short"))
    } else if screen.snapshot.phase == Phase::After {
        (t!(lang, "keys-over"), t!(lang, "keys-over-short"))
    } else {
        (full, t!(lang, "keys-short"))
    };
    if unicode_width::UnicodeWidthStr::width(full.as_str()) <= usize::from(width) {
        full
    } else {
        short
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
