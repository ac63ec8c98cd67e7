//! Finding a rundown's columns by their headers, in any order, under the
//! names producers give them.

use chrono_tz::Tz;

use super::sheet::Sheet;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Date,
    Start,
    End,
    Duration,
    Title,
    Moderator,
    Speakers,
    Role,
    Organization,
    Timezone,
    Notes,
    Cues,
    HardEnd,
}

impl Field {
    /// The header `export` writes, and the name used in messages.
    pub fn header(self) -> &'static str {
        match self {
            Field::Date => "Date",
            Field::Start => "Start",
            Field::End => "End",
            Field::Duration => "Duration",
            Field::Title => "Title",
            Field::Moderator => "Moderator",
            Field::Speakers => "Speakers",
            Field::Role => "Role",
            Field::Organization => "Organization",
            Field::Timezone => "Timezone",
            Field::Notes => "Notes",
            Field::Cues => "Cues",
            Field::HardEnd => "Hard end",
        }
    }

    /// Header words, lower case with only letters and digits kept.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Date => &["date", "day"],
            Field::Start => &["start", "time", "starttime", "starts", "begin", "from"],
            Field::End => &["end", "endtime", "ends", "finish", "to", "until"],
            Field::Duration => &[
                "duration", "length", "minutes", "mins", "min", "dur", "runtime",
            ],
            Field::Title => &[
                "title",
                "segment",
                "item",
                "activity",
                "session",
                "topic",
                "agenda",
                "segmenttitle",
            ],
            Field::Moderator => &["moderator", "host", "facilitator", "mc", "emcee", "chair"],
            Field::Speakers => &[
                "speaker",
                "speakers",
                "presenter",
                "presenters",
                "panelists",
                "panellists",
                "talent",
                "who",
            ],
            Field::Role => &["role", "roles", "position", "jobtitle"],
            Field::Organization => &[
                "organization",
                "organisation",
                "organizations",
                "organisations",
                "company",
                "companies",
                "affiliation",
                "org",
            ],
            Field::Timezone => &["timezone", "timezones", "zone", "tz", "speakertimezone"],
            Field::Notes => &[
                "notes",
                "note",
                "comments",
                "comment",
                "description",
                "details",
            ],
            Field::Cues => &["cues", "cue", "techcues"],
            Field::HardEnd => &["hardend", "hardout", "hard"],
        }
    }
}

const ALL: [Field; 13] = [
    Field::Date,
    Field::Start,
    Field::End,
    Field::Duration,
    Field::Title,
    Field::Moderator,
    Field::Speakers,
    Field::Role,
    Field::Organization,
    Field::Timezone,
    Field::Notes,
    Field::Cues,
    Field::HardEnd,
];

/// A recognised header: what the column holds and, for `Start (Asia/Shanghai)`,
/// the zone named in brackets.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub field: Field,
    pub zone: Option<Tz>,
    /// `Title (中文)`, `Notes (zh-Hans)`: the column's language, for a text
    /// given in a second language.
    pub language: Option<&'static str>,
}

/// Reads a header cell: `Speaker(s)`, `Start time (Beijing)`, `ORGANISATION`.
/// `labels` are the clock labels a bracket may name instead of a zone.
pub fn recognise(text: &str, labels: &[(String, Tz)]) -> Option<Header> {
    let (words, bracket) = match text.split_once('(') {
        Some((before, after)) => (before, Some(after.trim_end().trim_end_matches(')').trim())),
        None => (text, None),
    };
    let key: String = words
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let field = ALL
        .into_iter()
        .find(|f| f.synonyms().contains(&key.as_str()))?;
    let language = bracket
        .filter(|_| matches!(field, Field::Title | Field::Notes))
        .and_then(crate::i18n::language_called);
    let zone = bracket
        .filter(|_| language.is_none())
        .and_then(|b| zone_named(b, labels));
    Some(Header {
        field,
        zone,
        language,
    })
}

/// `Asia/Shanghai`, or a clock's label (`Beijing`, `Beijing time`).
fn zone_named(text: &str, labels: &[(String, Tz)]) -> Option<Tz> {
    if let Ok(zone) = text.parse::<Tz>() {
        return Some(zone);
    }
    let lower = text.to_lowercase();
    let bare = lower.trim_end_matches(" time").trim();
    labels
        .iter()
        .find(|(label, _)| label.to_lowercase() == bare)
        .map(|(_, zone)| *zone)
}

/// The header row and where each field's column is.
pub struct Layout {
    pub header_row: usize,
    pub columns: Vec<(Field, usize, Option<Tz>)>,
    /// More Start or End columns on other clocks (`Start (Pacific)`): each
    /// cell must show the same moment as the first column, in its zone.
    pub checks: Vec<(Field, usize, Tz)>,
    /// Headed columns that hold nothing showclock reads (`C ("Owner")`).
    pub ignored: Vec<String>,
    /// A title or notes in another language (`Title (中文)`): the field,
    /// the column and the language's tag.
    pub translations: Vec<(Field, usize, &'static str)>,
}

impl Layout {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, c, _)| *c)
    }

    pub fn zone(&self, field: Field) -> Option<Tz> {
        self.columns
            .iter()
            .find(|(f, _, _)| *f == field)
            .and_then(|(_, _, z)| *z)
    }
}

/// How many rows from the top may hold a title or notes before the header.
const HEADER_SEARCH_ROWS: usize = 20;

/// Finds the header row: the first that names a title column and a start or
/// duration column. Rows above it (a show's name, a date) are left to the caller.
pub fn layout(sheet: &Sheet, labels: &[(String, Tz)]) -> Result<Layout, Vec<String>> {
    for (row, cells) in sheet.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let headers: Vec<(usize, Header)> = cells
            .iter()
            .enumerate()
            .filter_map(|(c, cell)| recognise(&cell.text(), labels).map(|h| (c, h)))
            .collect();
        let has = |field| headers.iter().any(|(_, h)| h.field == field);
        if !(has(Field::Title) && (has(Field::Start) || has(Field::Duration))) {
            continue;
        }
        let mut problems = Vec::new();
        let mut columns: Vec<(Field, usize, Option<Tz>)> = Vec::new();
        let mut checks = Vec::new();
        let mut translations = Vec::new();
        for (column, header) in headers {
            if let Some(tag) = header.language {
                translations.push((header.field, column, tag));
                continue;
            }
            let is_time = matches!(header.field, Field::Start | Field::End);
            if let Some((_, first, _)) = columns.iter().find(|(f, _, _)| *f == header.field) {
                // `Start (Beijing)` beside `Start (Pacific)`: the same times on
                // another clock, read only to be checked against the first.
                if let (true, Some(zone)) = (is_time, header.zone) {
                    checks.push((header.field, column, zone));
                    continue;
                }
                let hint = if is_time {
                    "name its clock in brackets, e.g. \"Start (America/Los_Angeles)\", or delete it"
                } else {
                    "rename or delete one of them"
                };
                problems.push(format!(
                    "{}: a second {} column ({:?}; the first is {} {:?}): {hint}",
                    sheet.cell_name(row, column),
                    header.field.header(),
                    sheet.cell(row, column).text(),
                    sheet.column_name(*first),
                    sheet.cell(row, *first).text(),
                ));
                continue;
            }
            columns.push((header.field, column, header.zone));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let ignored = cells
            .iter()
            .enumerate()
            .filter(|(c, cell)| {
                !cell.is_empty()
                    && !columns.iter().any(|(_, col, _)| col == c)
                    && !checks.iter().any(|(_, col, _)| col == c)
                    && !translations.iter().any(|(_, col, _)| col == c)
            })
            .map(|(c, cell)| format!("{} ({:?})", sheet.column_name(c), cell.text()))
            .collect();
        return Ok(Layout {
            header_row: row,
            columns,
            checks,
            ignored,
            translations,
        });
    }
    Err(vec![format!(
        "{}: no header row found: the first row should name the columns, \
         e.g. Start, End, Title, Speakers (a title column and a start or duration column are needed)",
        sheet.whole()
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_by_synonym_case_and_brackets() {
        let labels = vec![("Beijing".to_string(), chrono_tz::Asia::Shanghai)];
        let field = |t: &str| recognise(t, &labels).map(|h| h.field);
        assert_eq!(field("Speaker(s)"), Some(Field::Speakers));
        assert_eq!(field("PRESENTER"), Some(Field::Speakers));
        assert_eq!(field("Organisation"), Some(Field::Organization));
        assert_eq!(field("Company"), Some(Field::Organization));
        assert_eq!(field("Start time"), Some(Field::Start));
        assert_eq!(field("Item"), Some(Field::Title));
        assert_eq!(field("Length"), Some(Field::Duration));
        assert_eq!(field("Owner"), None);
        let start = recognise("Start (Beijing time)", &labels).unwrap();
        assert_eq!(start.zone, Some(chrono_tz::Asia::Shanghai));
        let start = recognise("Start (America/Los_Angeles)", &labels).unwrap();
        assert_eq!(start.zone, Some(chrono_tz::America::Los_Angeles));
        assert_eq!(recognise("Start (local)", &labels).unwrap().zone, None);
    }
}
