//! An agenda out again: a sheet `import` reads back unchanged (CSV), a
//! calendar for every attendee (ICS, RFC 5545, in UTC so each calendar shows
//! its own local time), and a printable run-of-show (Markdown).

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, Component, EventLike};

use super::columns::Field;
use super::sheet::formula_shown_as_text;
use crate::agenda::{
    Agenda, Clock, Contact, HourFormat, Person, Segment, Text, instant, wall_clock,
};
use crate::i18n::Language;
use crate::t;
use crate::text::inert;
use crate::timefmt::{duration_words, rfc3339};

/// What is exported: the whole show, or one speaker's part of it.
pub struct Selection<'a> {
    pub agenda: &'a Agenda,
    /// Indexes of the segments exported.
    pub segments: Vec<usize>,
    /// With `--speaker`: the person the invitation is for.
    pub speaker: Option<&'a Person>,
    /// Whom to call: every contact for the whole show, the moderator's in
    /// a speaker's invitation.
    pub contacts: Vec<&'a Contact>,
    /// The language people read the run-of-show and the invitations in.
    pub lang: &'static Language,
}

impl<'a> Selection<'a> {
    pub fn whole(agenda: &'a Agenda, lang: &'static Language) -> Self {
        Self {
            agenda,
            segments: (0..agenda.segments.len()).collect(),
            speaker: None,
            contacts: agenda.contacts.iter().collect(),
            lang,
        }
    }

    /// One speaker's segments (moderated ones included), or the names there
    /// are; in `lang`, else in the speaker's own `language`, else in
    /// `fallback`.
    pub fn speaker(
        agenda: &'a Agenda,
        name: &str,
        lang: Option<&'static Language>,
        fallback: &'static Language,
    ) -> Result<Self, String> {
        let wanted = normalise(name);
        let segments: Vec<usize> = agenda
            .segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.people().any(|p| normalise(&p.name) == wanted))
            .map(|(i, _)| i)
            .collect();
        let Some(person) = segments.first().and_then(|&i| {
            agenda.segments[i]
                .people()
                .find(|p| normalise(&p.name) == wanted)
        }) else {
            let mut names: Vec<&str> = agenda
                .segments
                .iter()
                .flat_map(Segment::people)
                .map(|p| p.name.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            let hint = match crate::agenda::nearest(name, names.iter().copied()) {
                Some(near) => format!("did you mean {near:?}?"),
                None => format!("the agenda's speakers are {}", names.join(", ")),
            };
            return Err(format!("no speaker or moderator is named {name:?}: {hint}"));
        };
        let chosen: Vec<&Segment> = segments.iter().map(|&i| &agenda.segments[i]).collect();
        let own = person
            .language
            .as_deref()
            .and_then(|tag| crate::i18n::named(tag).ok());
        Ok(Self {
            agenda,
            contacts: moderator_contacts(agenda, &chosen),
            segments,
            speaker: Some(person),
            lang: lang.or(own).unwrap_or(fallback),
        })
    }

    fn segments(&self) -> impl Iterator<Item = (usize, &'a Segment)> + '_ {
        self.segments.iter().map(|&i| (i, &self.agenda.segments[i]))
    }
}

fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The moderator's contact: the `[[contact]]` named like the moderator of
/// these segments (else of any segment), or whose role says moderator. Where
/// none matches, every contact: the speaker needs someone to reach.
pub fn moderator_contacts<'a>(agenda: &'a Agenda, segments: &[&Segment]) -> Vec<&'a Contact> {
    let moderators = |segments: &mut dyn Iterator<Item = &Segment>| -> Vec<String> {
        segments
            .filter_map(|s| s.moderator.as_ref())
            .map(|m| normalise(&m.name))
            .collect()
    };
    let mut names = moderators(&mut segments.iter().copied());
    if names.is_empty() {
        names = moderators(&mut agenda.segments.iter());
    }
    let chosen: Vec<&Contact> = agenda
        .contacts
        .iter()
        .filter(|c| {
            names.contains(&normalise(&c.name))
                || c.role
                    .as_deref()
                    .is_some_and(|r| r.to_lowercase().contains("moderator"))
        })
        .collect();
    if chosen.is_empty() {
        agenda.contacts.iter().collect()
    } else {
        chosen
    }
}

// ------------------------------------------------------------------ CSV

/// The sheet `import` reads back into the same segments: a Date column and
/// times in the event's zone (named in the headers), people `;`-separated
/// with their roles, organisations and zones in the same order.
pub fn csv<'a>(selection: &Selection<'a>) -> Result<String, String> {
    let agenda = selection.agenda;
    let zone = agenda.timezone;
    let chosen: Vec<&Segment> = selection.segments().map(|(_, s)| s).collect();
    let any = |has: &dyn Fn(&Segment) -> bool| chosen.iter().any(|s| has(s));
    let any_person = |has: &dyn Fn(&Person) -> bool| chosen.iter().any(|s| s.people().any(has));
    let mut fields = vec![
        Field::Date,
        Field::Start,
        Field::End,
        Field::Duration,
        Field::Title,
    ];
    let optional = [
        (Field::Moderator, any(&|s| s.moderator.is_some())),
        (Field::Speakers, true),
        (Field::Role, any_person(&|p| p.role.is_some())),
        (
            Field::Organization,
            any_person(&|p| p.organization.is_some()),
        ),
        (Field::Timezone, any_person(&|p| p.timezone.is_some())),
        (Field::Notes, any(&|s| s.notes.is_some())),
        (Field::Cues, any(&|s| !s.cues.is_empty())),
        (Field::HardEnd, any(&|s| s.hard_end)),
    ];
    fields.extend(optional.into_iter().filter(|(_, has)| *has).map(|(f, _)| f));
    // Titles and notes in more languages: a column each, `Title (zh-Hans)`,
    // which `import` reads back.
    let text_of = |field: Field, segment: &'a Segment| match field {
        Field::Title => Some(&segment.title),
        _ => segment.notes.as_ref(),
    };
    let mut translations: Vec<(Field, String)> = Vec::new();
    for field in [Field::Title, Field::Notes] {
        let mut tags: Vec<&str> = Vec::new();
        for text in chosen.iter().filter_map(|s| text_of(field, s)) {
            for (tag, _) in text.versions() {
                if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                    tags.push(tag);
                }
            }
        }
        translations.extend(tags.iter().skip(1).map(|tag| (field, tag.to_string())));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = fields
        .iter()
        .map(|f| match f {
            Field::Start | Field::End => format!("{} ({})", f.header(), zone.name()),
            other => other.header().to_string(),
        })
        .chain(
            translations
                .iter()
                .map(|(field, tag)| format!("{} ({tag})", field.header())),
        )
        .collect();
    writer.write_record(&header).map_err(|e| e.to_string())?;
    for segment in chosen {
        let record: Vec<String> = fields
            .iter()
            .map(|f| csv_cell(*f, segment, zone))
            .chain(translations.iter().map(|(field, tag)| {
                text_of(*field, segment)
                    .and_then(|text| text.in_language(tag))
                    .unwrap_or_default()
                    .to_string()
            }))
            .map(|cell| formula_shown_as_text(&cell).into_owned())
            .collect();
        writer.write_record(&record).map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

fn csv_cell(field: Field, segment: &Segment, zone: Tz) -> String {
    let start_local = wall_clock(zone, segment.start);
    let people: Vec<&Person> = segment.people().collect();
    let aligned = |item: &dyn Fn(&Person) -> Option<String>| -> String {
        let items: Vec<Option<String>> = people.iter().map(|p| item(p)).collect();
        if items.iter().all(Option::is_none) {
            String::new()
        } else {
            items
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    match field {
        Field::Date => start_local.date().to_string(),
        Field::Start => sheet_time(zone, segment.start, false),
        Field::End => {
            let end_local = wall_clock(zone, segment.end);
            let next_day = end_local.date() != start_local.date();
            let rolls_back = end_local.date() == start_local.date().succ_opt().unwrap_or_default()
                && end_local.time() <= start_local.time()
                && segment.planned_duration() <= TimeDelta::hours(12);
            sheet_time(zone, segment.end, next_day && !rolls_back)
        }
        Field::Duration => {
            let s = segment.planned_duration().num_seconds();
            format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        }
        Field::Title => segment.title.to_string(),
        Field::Moderator => segment
            .moderator
            .as_ref()
            .map(|m| match &m.role_label {
                Some(label) => format!("{label} {}", m.name),
                None => m.name.clone(),
            })
            .unwrap_or_default(),
        Field::Speakers => segment
            .speakers
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        Field::Role => aligned(&|p| p.role.as_ref().map(Text::to_string)),
        Field::Organization => aligned(&|p| p.organization.clone()),
        Field::Timezone => aligned(&|p| p.timezone.map(|z| z.name().to_string())),
        Field::Notes => segment.notes.as_deref().unwrap_or_default().to_string(),
        Field::Cues => segment
            .cues
            .iter()
            .map(Text::first)
            .collect::<Vec<_>>()
            .join("\n"),
        Field::HardEnd => if segment.hard_end { "TRUE" } else { "FALSE" }.to_string(),
    }
}

/// `09:00` (the row's date is in the Date column), `2022-06-02 00:30` when
/// it is on another day, or the exact instant where the wall-clock time
/// happens twice (a DST fold).
fn sheet_time(zone: Tz, at: DateTime<Utc>, with_date: bool) -> String {
    let local = wall_clock(zone, at);
    if instant(zone, local) != Ok(at) {
        return rfc3339(&at.with_timezone(&zone));
    }
    let format = match (with_date, local.format("%S").to_string() == "00") {
        (false, true) => "%H:%M",
        (false, false) => "%H:%M:%S",
        (true, true) => "%Y-%m-%d %H:%M",
        (true, false) => "%Y-%m-%d %H:%M:%S",
    };
    local.format(format).to_string()
}

// ------------------------------------------------------------------ ICS

/// An RFC 5545 calendar: one event per segment, in UTC, with the people,
/// the notes, every clock's times and the moderator's contact. `stamp` is
/// the DTSTAMP (when the calendar was made); UIDs are stable across exports
/// of the same show, so a calendar updates its events rather than doubling them.
pub fn ics(selection: &Selection<'_>, stamp: DateTime<Utc>) -> String {
    let agenda = selection.agenda;
    let lang = selection.lang;
    // Empty, not `new()`: that already has a PRODID of its own, and a
    // calendar has exactly one.
    let mut calendar = Calendar::empty();
    let name = match selection.speaker {
        Some(person) => format!("{} – {}", lang.pick(&agenda.title), person.name),
        None => lang.pick(&agenda.title).to_string(),
    };
    calendar
        .name(&inert(&name))
        .append_property(("PRODID", "-//showclock//showclock import and export//EN"))
        .append_property(("VERSION", "2.0"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"));
    let show_id = slug(&format!("{} {}", agenda.date, agenda.title));
    for (index, segment) in selection.segments() {
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{show_id}-segment-{}@showclock", index + 1))
            .timestamp(stamp)
            .summary(&inert(lang.pick(&segment.title)))
            .starts(segment.start)
            .ends(segment.end)
            .description(&ics_description(selection, segment));
        for contact in &selection.contacts {
            event.add_multi_property("CONTACT", &inert(&contact_line(lang, contact)));
        }
        if let Some(contact) = selection.contacts.first()
            && let Some(email) = &contact.email
        {
            event.append_property(
                icalendar::Property::new("ORGANIZER", format!("mailto:{email}"))
                    .add_parameter("CN", &contact.name)
                    .done(),
            );
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

fn contact_line(lang: &Language, contact: &Contact) -> String {
    let mut parts = vec![match &contact.role {
        Some(role) => format!("{} ({})", contact.name, lang.pick(role)),
        None => contact.name.clone(),
    }];
    parts.extend(contact.phone.clone());
    parts.extend(contact.email.clone());
    parts.join(", ")
}

fn ics_description(selection: &Selection<'_>, segment: &Segment) -> String {
    let agenda = selection.agenda;
    let lang = selection.lang;
    let mut lines = vec![lang.pick(&agenda.title).to_string(), String::new()];
    for (label, zone, format) in clocks_for(selection) {
        lines.push(format!(
            "{label}: {}",
            span(lang, segment, zone, format, None)
        ));
    }
    if let Some(moderator) = &segment.moderator {
        lines.push(String::new());
        // Introduced as the agenda does ("Facilitated by").
        lines.push(format!(
            "{}: {}",
            lang.moderator_label(moderator),
            lang.person(moderator)
        ));
    }
    if !segment.speakers.is_empty() {
        lines.push(String::new());
        lines.push(t!(lang, "export-speakers"));
        lines.extend(
            segment
                .speakers
                .iter()
                .map(|p| format!("- {}", lang.person(p))),
        );
    }
    if let Some(notes) = &segment.notes {
        lines.push(String::new());
        lines.push(t!(lang, "export-notes", notes = lang.pick(notes)));
    }
    if !selection.contacts.is_empty() {
        lines.push(String::new());
        lines.push(t!(lang, "export-contact"));
        lines.extend(
            selection
                .contacts
                .iter()
                .map(|c| format!("- {}", contact_line(lang, c))),
        );
    }
    // No control characters in calendar text (RFC 5545 TEXT), one line each.
    lines
        .iter()
        .map(|line| inert(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every clock of the agenda, and the speaker's own zone where it is none of them.
fn clocks_for(selection: &Selection<'_>) -> Vec<(String, Tz, HourFormat)> {
    let mut clocks: Vec<(String, Tz, HourFormat)> = selection
        .agenda
        .clocks
        .iter()
        .map(|c: &Clock| {
            (
                selection.lang.pick(&c.label).to_string(),
                c.timezone,
                c.hour_format,
            )
        })
        .collect();
    if let Some(person) = selection.speaker
        && let Some(zone) = person.timezone
        && !clocks.iter().any(|(_, z, _)| *z == zone)
    {
        clocks.push((
            format!("{} ({})", person.name, zone.name()),
            zone,
            HourFormat::H24,
        ));
    }
    clocks
}

/// `09:00–09:10 Wed 1 Jun`: the segment on one clock; the date left out
/// where it is `reference`'s, the end's date given where it is another day.
fn span(
    lang: &Language,
    segment: &Segment,
    zone: Tz,
    format: HourFormat,
    reference: Option<chrono::NaiveDate>,
) -> String {
    let start = segment.start.with_timezone(&zone);
    let end = segment.end.with_timezone(&zone);
    let mut text = format!(
        "{}–{}",
        lang.time(&start, format, false),
        lang.time(&end, format, false)
    );
    if end.date_naive() != start.date_naive() {
        text.push_str(&format!(" ({})", lang.day(&end)));
    }
    if reference != Some(start.date_naive()) {
        text.push_str(&format!(" {}", lang.day(&start)));
    }
    text
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(60).collect()
}

// ------------------------------------------------------------- Markdown

/// Agenda text for Markdown: inert, on one line, and shown as written
/// wherever the file is rendered: HTML tags and entities, links and images
/// (`[x](javascript:...)`, `![](http://...)`), emphasis and code are
/// escaped, and `|` so that a table cell stays one cell.
fn cell(text: &str) -> String {
    let text = inert(text);
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if starts_entity(&text[at + 1..]) => out.push_str("&amp;"),
            // Without `[`, no `[x](url)` link and no `![](url)` image.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether the text after a `&` would make it an HTML entity (`&lt;`, `&#60;`).
fn starts_entity(after: &str) -> bool {
    let name = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .map_or(after, |end| &after[..end]);
    !name.is_empty() && after[name.len()..].starts_with(';')
}

/// A printable run-of-show: every clock's times side by side, a date in
/// bold where a clock is on another day than the first clock, then each
/// segment's people, notes and cues, and the contacts.
pub fn markdown(selection: &Selection<'_>) -> String {
    let agenda = selection.agenda;
    let lang = selection.lang;
    let clocks = clocks_for(selection);
    let mut out = String::new();
    match selection.speaker {
        Some(person) => {
            out.push_str(&format!(
                "# {}: {}\n\n",
                cell(&person.name),
                cell(lang.pick(&agenda.title))
            ));
            out.push_str(&t!(
                lang,
                "export-your-part",
                yours = selection.segments.len(),
                all = agenda.segments.len()
            ));
            out.push_str("\n\n");
        }
        None => out.push_str(&format!("# {}\n\n", cell(lang.pick(&agenda.title)))),
    }
    if let (Some(first), Some(last)) = (
        selection.segments().next().map(|(_, s)| s),
        selection.segments().last().map(|(_, s)| s),
    ) {
        for (label, zone, format) in &clocks {
            let start = first.start.with_timezone(zone);
            let end = last.end.with_timezone(zone);
            out.push_str(&format!(
                "- **{}**: {}, {}–{}\n",
                cell(label),
                lang.long_date(&start),
                lang.time(&start, *format, false),
                lang.time(&end, *format, false)
            ));
        }
        out.push('\n');
    }
    let reference_label = clocks
        .first()
        .map(|(l, _, _)| l.clone())
        .unwrap_or_default();
    out.push_str("| # |");
    for (label, _, _) in &clocks {
        out.push_str(&format!(" {} |", cell(label)));
    }
    out.push_str(&format!(
        " {} | {} |\n|---:|",
        t!(lang, "export-length"),
        t!(lang, "export-segment")
    ));
    out.push_str(&"---|".repeat(clocks.len()));
    out.push_str("---:|---|\n");
    let mut dates_differ = false;
    for (index, segment) in selection.segments() {
        let reference = clocks
            .first()
            .map(|(_, zone, _)| segment.start.with_timezone(zone).date_naive());
        out.push_str(&format!("| {} |", index + 1));
        for (_, zone, format) in &clocks {
            let start = segment.start.with_timezone(zone);
            let mut text = span(lang, segment, *zone, *format, Some(start.date_naive()));
            if Some(start.date_naive()) != reference {
                dates_differ = true;
                text = format!("**{}** {text}", lang.day(&start));
            }
            out.push_str(&format!(" {text} |"));
        }
        out.push_str(&format!(
            " {} | {} |\n",
            duration_words(segment.planned_duration()),
            cell(lang.pick(&segment.title))
        ));
    }
    if dates_differ {
        out.push('\n');
        out.push_str(&t!(
            lang,
            "export-bold-date",
            clock = cell(&reference_label)
        ));
        out.push('\n');
    }
    for (index, segment) in selection.segments() {
        // Paragraphs of the segment's section, separated by blank lines.
        let mut blocks = vec![format!(
            "## {}. {}",
            index + 1,
            cell(lang.pick(&segment.title))
        )];
        if let Some(moderator) = &segment.moderator {
            blocks.push(format!(
                "{}: {}",
                cell(&lang.moderator_label(moderator)),
                cell(&lang.person(moderator))
            ));
        }
        if !segment.speakers.is_empty() {
            let lines: Vec<String> = segment
                .speakers
                .iter()
                .map(|p| format!("- {}", cell(&lang.person(p))))
                .collect();
            blocks.push(lines.join("\n"));
        }
        if let Some(notes) = &segment.notes {
            blocks.push(t!(lang, "export-notes", notes = cell(lang.pick(notes))));
        }
        if !segment.cues.is_empty() {
            let lines: Vec<String> = segment
                .cues
                .iter()
                .map(|c| format!("- [ ] {}", t!(lang, "export-cue", cue = cell(lang.pick(c)))))
                .collect();
            blocks.push(lines.join("\n"));
        }
        out.push('\n');
        out.push_str(&blocks.join("\n\n"));
        out.push('\n');
    }
    if !selection.contacts.is_empty() {
        out.push_str(&format!("\n## {}\n\n", t!(lang, "export-contact-heading")));
        for contact in &selection.contacts {
            out.push_str(&format!("- {}\n", cell(&contact_line(lang, contact))));
        }
    }
    out
}
