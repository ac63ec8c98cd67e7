//! Writing an agenda as a formatted, commented `agenda.toml`. Times are
//! written as a person would (`start = "09:00"`), with a segment `date` only
//! where the file's own rules (one day after another, past midnight) would
//! not put the segment on its day, and a `duration` where a plain end would
//! not land on the instant. The caller reads the text back to be sure.

use std::fmt::Write;

use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc};
use chrono_tz::Tz;

use crate::agenda::{
    Agenda, Clock, Contact, HourFormat, Person, ROLLOVER_LIMIT, Segment, Text, instant, wall_clock,
};
use crate::timefmt::{day_label, duration_words, rfc3339, time_of_day};

/// A text as the agenda reads it: a string, or an inline table of its
/// languages (`{ en = "Q&A", zh-Hans = "问答" }`).
fn written(text: &Text) -> String {
    if !text.is_translated() {
        return quoted(text.first());
    }
    let versions: Vec<String> = text
        .versions()
        .map(|(tag, version)| format!("{} = {}", tag_key(tag), quoted(version)))
        .collect();
    format!("{{ {} }}", versions.join(", "))
}

/// A language tag as a TOML key: bare when it can be (`zh-Hans`).
fn tag_key(tag: &str) -> String {
    if tag
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        tag.to_string()
    } else {
        quoted(tag)
    }
}

/// A TOML string literal (quoted and escaped by the toml crate).
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn plain(time: NaiveTime) -> String {
    if time.second() == 0 {
        time.format("%H:%M").to_string()
    } else {
        time.format("%H:%M:%S").to_string()
    }
}

/// `header` is a comment block put at the top (each line without `# `).
pub fn agenda_toml(agenda: &Agenda, header: &[String]) -> String {
    let mut out = String::new();
    for line in header {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "[event]");
    let _ = writeln!(out, "title = {}", written(&agenda.title));
    if let Some(room) = &agenda.room {
        let _ = writeln!(out, "room = {}", written(room));
    }
    let _ = writeln!(
        out,
        "date = {}                 # the day the plain times fall on",
        agenda.date
    );
    let _ = writeln!(
        out,
        "timezone = {}        # the zone the plain times are written in",
        quoted(agenda.timezone.name())
    );
    for clock in &agenda.clocks {
        write_clock(&mut out, clock);
    }
    let _ = writeln!(out, "\n[alerts]");
    let _ = writeln!(
        out,
        "warning = {}",
        quoted(&duration_words(TimeDelta::seconds(
            agenda.alerts.warning_seconds
        )))
    );
    let _ = writeln!(
        out,
        "final = {}",
        quoted(&duration_words(TimeDelta::seconds(
            agenda.alerts.final_seconds
        )))
    );
    let _ = writeln!(out, "bell = {}", agenda.alerts.bell);
    write_segments(&mut out, agenda);
    for contact in &agenda.contacts {
        write_contact(&mut out, contact);
    }
    out
}

fn write_clock(out: &mut String, clock: &Clock) {
    let _ = writeln!(out, "\n[[clock]]");
    let _ = writeln!(out, "label = {}", quoted(&clock.label));
    let _ = writeln!(out, "timezone = {}", quoted(clock.timezone.name()));
    if clock.hour_format == HourFormat::H12 {
        let _ = writeln!(out, "hour_format = \"12h\"");
    }
}

fn write_contact(out: &mut String, contact: &Contact) {
    let _ = writeln!(out, "\n[[contact]]");
    let _ = writeln!(out, "name = {}", quoted(&contact.name));
    if let Some(role) = &contact.role {
        let _ = writeln!(out, "role = {}", written(role));
    }
    for (key, value) in [("phone", &contact.phone), ("email", &contact.email)] {
        if let Some(value) = value {
            let _ = writeln!(out, "{key} = {}", quoted(value));
        }
    }
}

fn person(p: &Person) -> String {
    let mut fields = vec![format!("name = {}", quoted(&p.name))];
    if let Some(role) = &p.role {
        fields.push(format!("role = {}", written(role)));
    }
    if let Some(org) = &p.organization {
        fields.push(format!("organization = {}", quoted(org)));
    }
    if let Some(label) = &p.role_label {
        fields.push(format!("role_label = {}", written(label)));
    }
    if let Some(zone) = p.timezone {
        fields.push(format!("timezone = {}", quoted(zone.name())));
    }
    if let Some(language) = &p.language {
        fields.push(format!("language = {}", quoted(language)));
    }
    format!("{{ {} }}", fields.join(", "))
}

/// The segment's times on every clock, for a comment: `18:00-18:10 Pacific (Tue 31 May)`.
fn times_comment(agenda: &Agenda, segment: &Segment) -> Option<String> {
    let reference = wall_clock(agenda.timezone, segment.start).date();
    let others: Vec<String> = agenda
        .clocks
        .iter()
        .filter(|c| c.timezone != agenda.timezone)
        .map(|clock| {
            let start = segment.start.with_timezone(&clock.timezone);
            let end = segment.end.with_timezone(&clock.timezone);
            let mut text = format!(
                "{}-{} {}",
                time_of_day(&start, clock.hour_format, false),
                time_of_day(&end, clock.hour_format, false),
                clock.label
            );
            if start.date_naive() != reference {
                let _ = write!(text, " ({})", day_label(&start));
            }
            text
        })
        .collect();
    (!others.is_empty()).then(|| others.join(", "))
}

fn write_segments(out: &mut String, agenda: &Agenda) {
    let zone = agenda.timezone;
    // As the agenda parser reads plain times: each after the one before.
    let mut cursor = agenda.date.and_time(NaiveTime::MIN);
    for (index, segment) in agenda.segments.iter().enumerate() {
        let _ = writeln!(out, "\n[[segment]]");
        if let Some(comment) = times_comment(agenda, segment) {
            let _ = writeln!(out, "# {comment}");
        }
        let _ = writeln!(out, "title = {}", written(&segment.title));
        let start_local = wall_clock(zone, segment.start);
        let exact = |at: DateTime<Utc>| quoted(&rfc3339(&at.with_timezone(&zone)));
        let resolves = |local: NaiveDateTime, at: DateTime<Utc>| instant(zone, local) == Ok(at);
        if resolves(start_local, segment.start) {
            let mut by_rule = cursor.date().and_time(start_local.time());
            let rolled = by_rule < cursor;
            if rolled {
                by_rule += TimeDelta::days(1);
            }
            let gap = instant(zone, by_rule)
                .ok()
                .zip(instant(zone, cursor).ok())
                .map(|(to, from)| to - from)
                .unwrap_or(by_rule - cursor);
            let too_far = rolled && gap > ROLLOVER_LIMIT && index > 0;
            if by_rule != start_local || too_far {
                let _ = writeln!(out, "date = {}", start_local.date());
            }
            let _ = writeln!(out, "start = {}", quoted(&plain(start_local.time())));
        } else {
            // In a DST fold: only the offset says which of the two it is.
            let _ = writeln!(out, "start = {}", exact(segment.start));
        }
        let end_local = wall_clock(zone, segment.end);
        let mut by_rule = start_local.date().and_time(end_local.time());
        let rolled = by_rule <= start_local;
        if rolled {
            by_rule += TimeDelta::days(1);
        }
        let length = segment.end - segment.start;
        if by_rule == end_local
            && resolves(end_local, segment.end)
            && !(rolled && length > ROLLOVER_LIMIT)
        {
            let _ = writeln!(out, "end = {}", quoted(&plain(end_local.time())));
        } else {
            let _ = writeln!(out, "duration = {}", quoted(&duration_words(length)));
        }
        cursor = end_local;
        if segment.timer != crate::agenda::TimerKind::default() {
            let _ = writeln!(out, "timer = \"{}\"", segment.timer.name());
        }
        if segment.on_end != crate::agenda::OnEnd::default() {
            let _ = writeln!(out, "on_end = \"{}\"", segment.on_end.name());
        }
        if segment.hard_end {
            let _ = writeln!(out, "hard_end = true");
        }
        if let Some(moderator) = &segment.moderator {
            let _ = writeln!(out, "moderator = {}", person(moderator));
        }
        match segment.speakers.as_slice() {
            [] => {}
            [one] => {
                let _ = writeln!(out, "speakers = [{}]", person(one));
            }
            many => {
                let _ = writeln!(out, "speakers = [");
                for p in many {
                    let _ = writeln!(out, "  {},", person(p));
                }
                let _ = writeln!(out, "]");
            }
        }
        if let Some(notes) = &segment.notes {
            let _ = writeln!(out, "notes = {}", written(notes));
        }
        if !segment.cues.is_empty() {
            let cues: Vec<String> = segment.cues.iter().map(written).collect();
            let _ = writeln!(out, "cues = [{}]", cues.join(", "));
        }
    }
}

/// The zone's short city name, for a clock label: `Shanghai`, `Los Angeles`.
pub fn city(zone: Tz) -> String {
    zone.name()
        .rsplit('/')
        .next()
        .unwrap_or(zone.name())
        .replace('_', " ")
}
