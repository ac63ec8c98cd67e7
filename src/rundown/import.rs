//! From a sheet's rows to segments with UTC instants. A spreadsheet's times
//! carry no zone: they are read in the zone the caller gives (the
//! `--timezone`, or the agenda being updated), or the zone a column's header
//! names, and never in the machine's. Every cell that cannot be read is
//! reported by its name; one problem means no segments at all.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::cells::{self, CellTime};
use super::columns::{Field, Layout, layout};
use super::sheet::{Cell, Sheet};
use crate::agenda::{
    FILE_LIMIT, LONGEST_SEGMENT, Person, ROLLOVER_LIMIT, SEGMENTS_LIMIT, Segment, TEXT_LIMIT, Text,
    instant, nearest, wall_clock,
};
use crate::timefmt::duration_words;

/// What the sheet says, resolved.
#[derive(Debug)]
pub struct Rundown {
    /// Text above the header row (the show's name), if any.
    pub title: Option<String>,
    /// The zone the sheet's plain times were read in.
    pub zone: Tz,
    pub segments: Vec<Segment>,
    /// Headed columns that were not read, for a note to the user.
    pub ignored: Vec<String>,
    /// What the columns that were read hold.
    pub columns: Vec<Field>,
}

/// How to read the sheet's times.
pub struct Reading<'a> {
    /// `--timezone`, or the zone of the agenda being updated.
    pub zone: Option<Tz>,
    /// `--date`, or the date of the agenda being updated: the day of a plain
    /// time before any row gives a date.
    pub date: Option<NaiveDate>,
    /// Clock labels a header may name in brackets (`Start (Beijing)`).
    pub labels: &'a [(String, Tz)],
}

/// A row as written, its cells read but its times not yet resolved.
struct Row {
    /// A cell of it could not be read (and has been reported).
    bad: bool,
    row: usize,
    title: Text,
    date: Option<NaiveDate>,
    start: Option<CellTime>,
    end: Option<CellTime>,
    duration: Option<TimeDelta>,
    hard_end: bool,
    moderator: Option<Person>,
    speakers: Vec<Person>,
    notes: Option<Text>,
    cues: Vec<String>,
}

pub fn read(sheet: &Sheet, reading: &Reading<'_>) -> Result<Rundown, Vec<String>> {
    let layout = layout(sheet, reading.labels)?;
    let zone = reading
        .zone
        .or_else(|| layout.zone(Field::Start))
        .ok_or_else(|| {
            vec![format!(
                "{}: the sheet's times carry no time zone: give --timezone ZONE (e.g. \
                 --timezone Asia/Shanghai), import into an existing agenda with -o, \
                 or name the zone in the Start header, e.g. \"Start (Asia/Shanghai)\"",
                sheet.whole()
            )]
        })?;
    let mut reader = RowReader {
        sheet,
        layout: &layout,
        problems: Vec::new(),
        text: 0,
    };
    let mut rows: Vec<Row> = Vec::new();
    for row in layout.header_row + 1..sheet.rows.len() {
        let Some(read) = reader.row(row) else {
            continue;
        };
        if rows.len() == SEGMENTS_LIMIT {
            reader.problems.push((
                row,
                format!(
                    "{}: a segment past the {SEGMENTS_LIMIT} an agenda may have: split the show \
                     into several sheets",
                    sheet.cell_name(row, layout.column(Field::Title).unwrap_or(0))
                ),
            ));
            break;
        }
        rows.push(read);
    }
    let mut problems = reader.problems;
    if rows.is_empty() && problems.is_empty() {
        problems.push((
            0,
            format!(
                "{}: no segments below the header row: add one row per segment",
                sheet.cell_name(layout.header_row + 1, 0)
            ),
        ));
    }
    // Times are resolved even where some cells are bad, so that every bad
    // cell is told in one run; rows that follow a bad one on are skipped.
    let mut resolver = Resolver {
        sheet,
        layout: &layout,
        start_zone: layout.zone(Field::Start).unwrap_or(zone),
        end_zone: layout.zone(Field::End).unwrap_or(zone),
        date: reading.date,
        problems: Vec::new(),
    };
    let segments = resolver.resolve(rows);
    problems.extend(resolver.problems);
    // In the sheet's order, each row's problems as they were found.
    problems.sort_by_key(|(row, _)| *row);
    let problems: Vec<String> = problems.into_iter().map(|(_, message)| message).collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = sheet.rows[..layout.header_row]
        .iter()
        .flatten()
        .map(Cell::text)
        .find(|text| !text.is_empty())
        .filter(|title| title.chars().count() <= TEXT_LIMIT);
    Ok(Rundown {
        title,
        zone,
        segments,
        columns: layout.columns.iter().map(|(field, _, _)| *field).collect(),
        ignored: layout.ignored,
    })
}

struct RowReader<'a> {
    sheet: &'a Sheet,
    layout: &'a Layout,
    /// Each with the row it is in, to be told in the sheet's order.
    problems: Vec<(usize, String)>,
    /// Bytes of text the segments so far hold: the agenda's size, nearly.
    text: usize,
}

impl RowReader<'_> {
    fn cell(&self, row: usize, field: Field) -> (&Cell, String) {
        match self.layout.column(field) {
            Some(column) => (
                self.sheet.cell(row, column),
                self.sheet.cell_name(row, column),
            ),
            None => (&Cell::Empty, String::new()),
        }
    }

    /// Reads a cell with `read`, reporting what it says is wrong.
    fn read<T: Default>(
        &mut self,
        row: usize,
        field: Field,
        read: impl Fn(&Cell) -> Result<T, String>,
    ) -> T {
        let (cell, name) = self.cell(row, field);
        match read(cell) {
            Ok(value) => value,
            Err(message) => {
                self.problems.push((row, format!("{name}: {message}")));
                T::default()
            }
        }
    }

    /// A cell's text, at most [`TEXT_LIMIT`] characters (else a problem).
    fn text(&mut self, row: usize, field: Field) -> String {
        let (cell, name) = self.cell(row, field);
        let text = cell.text();
        let length = text.chars().count();
        if length > TEXT_LIMIT {
            self.problems.push((
                row,
                format!(
                    "{name}: the text is {length} characters long: an agenda holds at most \
                     {TEXT_LIMIT} in one value; shorten it (or keep it elsewhere and link to it)"
                ),
            ));
        }
        text
    }

    /// `text` with what the field's second-language columns say in this
    /// row (`Title (中文)`). The plain column is English unless a
    /// bracketed column says it is English; then it is the other language.
    fn translated(&mut self, row: usize, field: Field, text: String) -> Text {
        let columns: Vec<(usize, &'static str)> = self
            .layout
            .translations
            .iter()
            .filter(|(f, _, _)| *f == field)
            .map(|(_, column, tag)| (*column, *tag))
            .collect();
        if columns.is_empty() {
            return Text::from(text);
        }
        let plain = crate::i18n::languages()
            .iter()
            .map(crate::i18n::Language::tag)
            .find(|tag| !columns.iter().any(|(_, t)| t == tag))
            .unwrap_or(crate::i18n::ENGLISH);
        let mut versions = Vec::new();
        if !text.is_empty() {
            versions.push((plain.to_string(), text));
        }
        for (column, tag) in columns {
            let written = self.sheet.cell(row, column).text();
            if written.chars().count() > TEXT_LIMIT {
                self.problems.push((
                    row,
                    format!(
                        "{}: the text is longer than the {TEXT_LIMIT} characters an agenda holds in one value: shorten it",
                        self.sheet.cell_name(row, column)
                    ),
                ));
            } else if !written.is_empty() {
                versions.push((tag.to_string(), written));
            }
        }
        Text::from_versions(versions)
    }

    fn row(&mut self, row: usize) -> Option<Row> {
        let problems_before = self.problems.len();
        let read_columns = self.layout.columns.iter().map(|(_, c, _)| *c);
        if read_columns
            .clone()
            .all(|c| self.sheet.cell(row, c).is_empty())
        {
            return None;
        }
        for column in read_columns {
            if let Cell::Error(error) = self.sheet.cell(row, column) {
                self.problems.push((
                    row,
                    format!(
                        "{}: the cell shows the formula error {error}: fix the formula or type the value",
                        self.sheet.cell_name(row, column)
                    ),
                ));
                return None;
            }
        }
        let title = self.text(row, Field::Title);
        if title.is_empty() {
            let column = self.layout.column(Field::Title).unwrap_or(0);
            self.problems.push((
                row,
                format!(
                    "{}: this row has no title: write the segment's title (or clear the row)",
                    self.sheet.cell_name(row, column)
                ),
            ));
        }
        let date = self.read(row, Field::Date, cells::date);
        let start = self.read(row, Field::Start, cells::time);
        let end = self.read(row, Field::End, cells::time);
        let duration = self.read(row, Field::Duration, cells::duration);
        let hard_end = self.read(row, Field::HardEnd, cells::flag);
        let notes = Some(self.text(row, Field::Notes)).filter(|n| !n.is_empty());
        let title = self.translated(row, Field::Title, title);
        let notes = notes.map(|notes| self.translated(row, Field::Notes, notes));
        let cues: Vec<String> = self
            .text(row, Field::Cues)
            .lines()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
        let (moderator, speakers) = self.people(row);
        let people = moderator.iter().chain(&speakers);
        self.text += text_bytes(&title)
            + notes.as_ref().map_or(0, text_bytes)
            + cues.iter().map(String::len).sum::<usize>()
            + people.map(person_text).sum::<usize>();
        if self.text > FILE_LIMIT as usize {
            self.problems.push((
                row,
                format!(
                    "{}: by this row the agenda would hold more than the {} MB an agenda may be: \
                     check that this is the right sheet",
                    self.sheet.cell_name(row, 0),
                    FILE_LIMIT / (1024 * 1024)
                ),
            ));
        }
        Some(Row {
            bad: self.problems.len() > problems_before,
            row,
            title,
            date,
            start,
            end,
            duration,
            hard_end,
            moderator,
            speakers,
            notes,
            cues,
        })
    }

    /// The moderator and the speakers, with the roles, organisations and
    /// zones given for them in the same order (moderator first).
    fn people(&mut self, row: usize) -> (Option<Person>, Vec<Person>) {
        let (label, moderator_cell) = introduced(&self.text(row, Field::Moderator));
        let moderators = names(&moderator_cell);
        if moderators.len() > 1 {
            let (_, name) = self.cell(row, Field::Moderator);
            self.problems.push((
                row,
                format!(
                    "{name}: {} moderators: a segment has one; list the others under Speakers",
                    moderators.len()
                ),
            ));
        }
        let speakers = names(&self.text(row, Field::Speakers));
        let everyone: Vec<&String> = moderators.iter().take(1).chain(speakers.iter()).collect();
        let roles = self.aligned(row, Field::Role, &everyone);
        let organizations = self.aligned(row, Field::Organization, &everyone);
        let zones: Vec<Option<Tz>> = self
            .aligned(row, Field::Timezone, &everyone)
            .into_iter()
            .map(|zone| zone.and_then(|name| self.zone(row, &name)))
            .collect();
        let mut people = everyone.iter().enumerate().map(|(i, name)| Person {
            name: name.to_string(),
            role: roles[i].clone().map(Text::from),
            organization: organizations[i].clone(),
            timezone: zones[i],
            role_label: None,
            language: None,
        });
        let moderator = if moderators.is_empty() {
            None
        } else {
            people.next().map(|person| Person {
                role_label: label.map(Text::from),
                ..person
            })
        };
        (moderator, people.collect())
    }

    /// One item per person from a `;`-separated cell; one item alone goes
    /// with everyone.
    fn aligned(&mut self, row: usize, field: Field, people: &[&String]) -> Vec<Option<String>> {
        let text = self.text(row, field);
        if text.is_empty() {
            return vec![None; people.len()];
        }
        let items: Vec<Option<String>> = text
            .split([';', '\n'])
            .map(|item| Some(item.trim().to_string()).filter(|i| !i.is_empty()))
            .collect();
        if items.len() == people.len() {
            return items;
        }
        let (_, name) = self.cell(row, field);
        let what = field.header().to_lowercase();
        if items.len() == 1 && !people.is_empty() {
            // One entry for everyone, copied to each: within the agenda's size.
            if text.len().saturating_mul(people.len()) > FILE_LIMIT as usize {
                self.problems.push((
                    row,
                    format!(
                        "{name}: one {what} for {} people makes more than the {} MB an agenda may be: \
                         shorten it",
                        people.len(),
                        FILE_LIMIT / (1024 * 1024)
                    ),
                ));
                return vec![None; people.len()];
            }
            return vec![items[0].clone(); people.len()];
        }
        self.problems.push((row, if people.is_empty() {
            format!("{name}: a {what} but no moderator or speaker in this row: add the people, or clear the cell")
        } else {
            format!(
                "{name}: {} {what} entries for {} people ({}): give one per person, separated by ;, \
                 in the same order (the moderator first)",
                items.len(),
                people.len(),
                people.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("; "),
            )
        }));
        vec![None; people.len()]
    }

    fn zone(&mut self, row: usize, name: &str) -> Option<Tz> {
        match name.parse::<Tz>() {
            Ok(zone) => Some(zone),
            Err(_) => {
                let (_, cell) = self.cell(row, Field::Timezone);
                let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
                let hint = match nearest(name, names) {
                    Some(near) => format!("did you mean {near}?"),
                    None => "write an IANA zone such as Asia/Shanghai or America/Los_Angeles"
                        .to_string(),
                };
                self.problems
                    .push((row, format!("{cell}: {name:?} is not a time zone: {hint}")));
                None
            }
        }
    }
}

/// Names in one cell, separated by `;` or new lines.
/// A moderator cell that says how the agenda introduces them, as the seed
/// does ("Facilitated by Yin Qiu", "Chaired by: A. Name"): the words up to
/// and including "by", and the rest. "Moderated by" is the default and
/// gives no label.
fn introduced(cell: &str) -> (Option<String>, String) {
    let trimmed = cell.trim_start();
    let lower = trimmed.to_lowercase();
    let Some(by) = lower.find(" by") else {
        return (None, cell.to_string());
    };
    let end = by + " by".len();
    let rest = &trimmed[end..];
    let words = &trimmed[..end];
    let is_phrase = (rest.starts_with(' ') || rest.starts_with(':'))
        && words.split_whitespace().count() <= 3
        && words
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-');
    if !is_phrase {
        return (None, cell.to_string());
    }
    let rest = rest.trim_start_matches(':').trim().to_string();
    let label = (!words.eq_ignore_ascii_case("moderated by")).then(|| words.to_string());
    (label, rest)
}

/// The bytes of every version of a text.
fn text_bytes(text: &Text) -> usize {
    text.versions()
        .map(|(_, t)| t.len())
        .sum::<usize>()
        .max(text.len())
}

/// The bytes of text a person adds to the agenda.
fn person_text(person: &Person) -> usize {
    person.name.len()
        + person.role.as_ref().map_or(0, |role| role.len())
        + person.organization.as_ref().map_or(0, String::len)
}

fn names(text: &str) -> Vec<String> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from)
        .collect()
}

struct Resolver<'a> {
    sheet: &'a Sheet,
    layout: &'a Layout,
    start_zone: Tz,
    end_zone: Tz,
    date: Option<NaiveDate>,
    problems: Vec<(usize, String)>,
}

impl Resolver<'_> {
    fn name(&self, row: usize, field: Field) -> String {
        let column = self
            .layout
            .column(field)
            .or_else(|| self.layout.column(Field::Title))
            .unwrap_or(0);
        self.sheet.cell_name(row, column)
    }

    fn shown(&self, row: usize, field: Field) -> String {
        self.layout
            .column(field)
            .map(|c| self.sheet.cell(row, c).shown())
            .unwrap_or_default()
    }

    fn problem(&mut self, row: usize, field: Field, message: String) {
        let name = self.name(row, field);
        self.problems.push((row, format!("{name}: {message}")));
    }

    /// The instant of a wall-clock time, or the DST problem with it.
    fn instant(
        &mut self,
        row: usize,
        field: Field,
        zone: Tz,
        local: NaiveDateTime,
    ) -> Option<DateTime<Utc>> {
        match instant(zone, local) {
            Ok(at) => Some(at),
            Err(message) => {
                self.problem(row, field, message);
                None
            }
        }
    }

    /// The rows' segments, or none if any row is bad; every problem found
    /// is in `self.problems`.
    fn resolve(&mut self, rows: Vec<Row>) -> Vec<Segment> {
        // The time written last, as an instant: a plain time earlier than it
        // (on its clock) falls on the next day.
        let mut cursor: Option<DateTime<Utc>> = None;
        // Each row's segment (`None` where it is bad), whether it gave an
        // end, and its row.
        let mut segments: Vec<(Option<Segment>, bool, usize)> = Vec::with_capacity(rows.len());
        for row in rows {
            let segment = self.segment(&row, &mut cursor, segments.last());
            let open_end = segment.as_ref().is_some_and(|(_, open)| *open);
            segments.push((segment.map(|(s, _)| s), open_end, row.row));
        }
        // A row with neither an end nor a duration runs to the next start.
        for i in 0..segments.len() {
            let (Some(segment), true, row) = &segments[i] else {
                continue;
            };
            let (start, row) = (segment.start, *row);
            let next_start = match segments.get(i + 1) {
                None => {
                    self.problem(
                        row,
                        Field::End,
                        "the last row has no end: give it an end time or a duration".into(),
                    );
                    continue;
                }
                Some((None, _, _)) => continue, // bad, and told already
                Some((Some(next), _, _)) => next.start,
            };
            let length = next_start - start;
            if length <= TimeDelta::zero() || length > LONGEST_SEGMENT {
                self.problem(
                    row,
                    Field::End,
                    format!(
                        "this row has no end, and the next row starts {}: give it an end time or a duration",
                        if length <= TimeDelta::zero() {
                            "at the same time".to_string()
                        } else {
                            format!("{} later", duration_words(length))
                        }
                    ),
                );
                continue;
            }
            if let (Some(segment), _, _) = &mut segments[i] {
                segment.end = next_start;
            }
        }
        let every_row = segments.iter().all(|(segment, _, _)| segment.is_some());
        let mut good = Vec::with_capacity(segments.len());
        for (segment, _, row) in segments.into_iter() {
            if let Some(segment) = segment {
                self.check_other_clocks(&segment, row);
                good.push(segment);
            }
        }
        if self.problems.is_empty() && every_row {
            good
        } else {
            Vec::new()
        }
    }

    /// One row's segment and whether its end is open, or `None` if the row
    /// is bad (its problem told, unless a row it follows on was bad).
    fn segment(
        &mut self,
        row: &Row,
        cursor: &mut Option<DateTime<Utc>>,
        previous: Option<&(Option<Segment>, bool, usize)>,
    ) -> Option<(Segment, bool)> {
        if row.bad {
            return None;
        }
        let previous = match previous {
            Some((None, _, _)) if row.start.is_none() => return None,
            Some((Some(segment), open, _)) => Some((segment, *open)),
            _ => None,
        };
        let start = self.start(row, *cursor, previous)?;
        if let Some((previous, _)) = previous
            && start < previous.start
        {
            self.problem(
                row.row,
                Field::Start,
                format!(
                    "{} starts before the row above it ({:?}): put the rows in the order they happen",
                    self.shown(row.row, Field::Start),
                    previous.title
                ),
            );
            return None;
        }
        *cursor = Some(start);
        let end = self.end(row, start).ok()?;
        if let Some(end) = end {
            *cursor = Some(end);
        }
        let segment = Segment {
            title: row.title.clone(),
            start,
            end: end.unwrap_or(start),
            hard_end: row.hard_end,
            moderator: row.moderator.clone(),
            speakers: row.speakers.clone(),
            notes: row.notes.clone(),
            cues: row
                .cues
                .iter()
                .map(|cue| Text::from(cue.as_str()))
                .collect(),
            timer: Default::default(),
            on_end: Default::default(),
        };
        Some((segment, end.is_none()))
    }

    /// A second Start or End column on another clock must agree with the
    /// first: a two-zone sheet whose columns drifted apart is a typo.
    fn check_other_clocks(&mut self, segment: &Segment, row: usize) {
        for &(field, column, zone) in &self.layout.checks {
            let at = if field == Field::Start {
                segment.start
            } else {
                segment.end
            };
            let cell = self.sheet.cell(row, column);
            let name = self.sheet.cell_name(row, column);
            let local = wall_clock(zone, at);
            let agrees = match cells::time(cell) {
                Ok(None) => true,
                Ok(Some(CellTime::Plain(time))) => time == local.time(),
                Ok(Some(CellTime::Local(written))) => written == local,
                Ok(Some(CellTime::Exact(written))) => written == at,
                Err(message) => {
                    self.problems.push((row, format!("{name}: {message}")));
                    continue;
                }
            };
            if !agrees {
                let main = self.layout.column(field).unwrap_or(0);
                self.problems.push((
                    row,
                    format!(
                        "{name}: {} in {zone} is not the moment {} gives ({} is {} there): fix one of them",
                        cell.shown(),
                        self.sheet.short_name(row, main),
                        self.sheet.cell(row, main).shown(),
                        local.format("%H:%M"),
                    ),
                ));
            }
        }
    }

    fn start(
        &mut self,
        row: &Row,
        cursor: Option<DateTime<Utc>>,
        previous: Option<(&Segment, bool)>,
    ) -> Option<DateTime<Utc>> {
        let zone = self.start_zone;
        let time = match row.start {
            Some(CellTime::Exact(at)) => return Some(at),
            Some(CellTime::Local(local)) => {
                return self.instant(row.row, Field::Start, zone, local);
            }
            Some(CellTime::Plain(time)) => time,
            // Back to back: an empty start begins when the row above ends.
            None => {
                return match previous {
                    Some((previous, false)) => Some(previous.end),
                    _ => {
                        self.problem(
                            row.row,
                            Field::Start,
                            "this row has no start time: write one (rows after it may leave \
                             the start empty to follow on)"
                                .into(),
                        );
                        None
                    }
                };
            }
        };
        if let Some(date) = row.date {
            return self.instant(row.row, Field::Start, zone, date.and_time(time));
        }
        let Some(cursor) = cursor else {
            let Some(date) = self.date else {
                self.problem(
                    row.row,
                    Field::Start,
                    format!(
                        "{} has no date: give --date YYYY-MM-DD, a Date column, \
                         or import into an existing agenda with -o",
                        self.shown(row.row, Field::Start)
                    ),
                );
                return None;
            };
            return self.instant(row.row, Field::Start, zone, date.and_time(time));
        };
        let after = wall_clock(zone, cursor);
        let mut local = after.date().and_time(time);
        if local < after {
            local += TimeDelta::days(1);
        }
        let at = self.instant(row.row, Field::Start, zone, local)?;
        if at - cursor > ROLLOVER_LIMIT && local.date() != after.date() {
            self.problem(
                row.row,
                Field::Start,
                format!(
                    "{} is earlier than {}, the time above it, so it falls on the next day, {} later: \
                     if that is meant, add a Date column, otherwise fix the time",
                    time.format("%H:%M"),
                    after.time().format("%H:%M"),
                    duration_words(at - cursor),
                ),
            );
            return None;
        }
        Some(at)
    }

    /// The end of a row, `None` if it gives none (it runs to the next start).
    fn end(&mut self, row: &Row, start: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, ()> {
        let zone = self.end_zone;
        let written_end = match row.end {
            None => None,
            Some(CellTime::Exact(at)) => Some(at),
            Some(CellTime::Local(local)) => {
                Some(self.instant(row.row, Field::End, zone, local).ok_or(())?)
            }
            Some(CellTime::Plain(time)) => Some(self.plain_end(row, start, time)?),
        };
        let by_duration = row.duration.map(|length| start + length);
        let end = match (written_end, by_duration) {
            (Some(end), Some(by_duration)) if end != by_duration => {
                self.problem(
                    row.row,
                    Field::Duration,
                    format!(
                        "the duration {} does not match the end {} ({} after the start): \
                         fix one of them, or clear the duration",
                        self.shown(row.row, Field::Duration),
                        self.shown(row.row, Field::End),
                        duration_words(end - start),
                    ),
                );
                return Err(());
            }
            (Some(end), _) | (None, Some(end)) => end,
            (None, None) => return Ok(None),
        };
        if end <= start {
            self.problem(
                row.row,
                Field::End,
                format!(
                    "{} is not after the start: fix the end",
                    self.shown(row.row, Field::End)
                ),
            );
            return Err(());
        }
        if end - start > LONGEST_SEGMENT {
            let field = if written_end.is_some() {
                Field::End
            } else {
                Field::Duration
            };
            self.problem(
                row.row,
                field,
                format!(
                    "the segment would last {}: longer than 24h, fix it",
                    duration_words(end - start)
                ),
            );
            return Err(());
        }
        Ok(Some(end))
    }

    /// A plain end time: on the start's day, or the next if it is not after
    /// the start (a segment across midnight).
    fn plain_end(
        &mut self,
        row: &Row,
        start: DateTime<Utc>,
        time: NaiveTime,
    ) -> Result<DateTime<Utc>, ()> {
        let zone = self.end_zone;
        let start_local = wall_clock(zone, start);
        let mut local = start_local.date().and_time(time);
        let rolled = local <= start_local;
        if rolled {
            local += TimeDelta::days(1);
        }
        let end = self.instant(row.row, Field::End, zone, local).ok_or(())?;
        if rolled && end - start > ROLLOVER_LIMIT {
            self.problem(
                row.row,
                Field::End,
                format!(
                    "{} is not after the start {}, so the segment would end the next day, {} later: \
                     fix the end (or give a duration instead)",
                    time.format("%H:%M"),
                    start_local.time().format("%H:%M"),
                    duration_words(end - start),
                ),
            );
            return Err(());
        }
        Ok(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moderator_cell_may_say_how_they_are_introduced() {
        assert_eq!(
            introduced("Facilitated by Yin Qiu"),
            (Some("Facilitated by".into()), "Yin Qiu".into())
        );
        assert_eq!(
            introduced("Chaired by: Ana Ruiz"),
            (Some("Chaired by".into()), "Ana Ruiz".into())
        );
        assert_eq!(introduced("moderated by Yin Qiu"), (None, "Yin Qiu".into()));
        assert_eq!(introduced("Yin Qiu"), (None, "Yin Qiu".into()));
        assert_eq!(introduced("Abby Ladybird"), (None, "Abby Ladybird".into()));
    }
}
