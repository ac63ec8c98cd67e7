//! Reading `agenda.toml`. The file is walked as a spanned TOML tree (rather
//! than through serde) so that every problem, not only the first, is reported
//! with its line and column, and unknown keys get a suggestion.

use std::ops::Range;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use chrono_tz::Tz;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{SourceMap, nearest};
use super::resolve::{WrittenTime, instant, parse_date, wall_clock};
use super::{
    Agenda, Alerts, BellAt, Clock, Contact, Diagnostic, HourFormat, OnEnd, Person, ROLLOVER_LIMIT,
    SEGMENTS_LIMIT, Segment, TEXT_LIMIT, Text, TimerKind, lint,
};
use crate::text::inert;
use crate::timefmt::{check_instant, duration_words, parse_duration};

/// A valid agenda and the warnings found in it.
#[derive(Debug, Clone)]
pub struct AgendaLoad {
    pub agenda: Agenda,
    pub warnings: Vec<Diagnostic>,
}

/// The longest a segment may be at all.
const SEGMENT_LIMIT: TimeDelta = super::LONGEST_SEGMENT;
/// The longest a show may run, first start to last end, unless every
/// segment carries its own date: longer is nearly always a typo.
const SPAN_LIMIT: TimeDelta = TimeDelta::days(31);
/// The largest agenda file read: a real agenda is a few kilobytes.
pub const FILE_LIMIT: u64 = 16 * 1024 * 1024;

const ROOT_KEYS: &[&str] = &["event", "clock", "alerts", "segment", "contact"];
const EVENT_KEYS: &[&str] = &["title", "room", "date", "timezone", "on_end"];
const CLOCK_KEYS: &[&str] = &["label", "timezone", "hour_format"];
const ALERT_KEYS: &[&str] = &["warning", "final", "bell", "bell_at", "on_end"];
const SEGMENT_KEYS: &[&str] = &[
    "title",
    "date",
    "start",
    "end",
    "duration",
    "hard_end",
    "moderator",
    "speakers",
    "notes",
    "cues",
    "timer",
    "on_end",
];
const PERSON_KEYS: &[&str] = &["name", "role", "organization", "timezone", "language"];
/// A moderator may also say how the agenda introduces them.
const MODERATOR_KEYS: &[&str] = &[
    "name",
    "role",
    "organization",
    "timezone",
    "role_label",
    "language",
];
const CONTACT_KEYS: &[&str] = &["name", "role", "phone", "email"];

/// Reads and validates an agenda file.
pub fn load(path: &Path) -> Result<AgendaLoad, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let whole_file = |message: String| Diagnostic {
        severity: super::Severity::Error,
        file: file.clone(),
        line: 1,
        column: 1,
        message,
    };
    let cannot_read = |e: std::io::Error| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound {
            "; give the agenda's path, or run from the folder that holds agenda.toml"
        } else {
            ""
        };
        vec![whole_file(format!("cannot read the agenda: {e}{hint}"))]
    };
    let too_big = |size: String| {
        vec![whole_file(format!(
            "the agenda is {size}: more than the {} MB an agenda may be (a real one is a few kilobytes); check the path",
            FILE_LIMIT / (1024 * 1024)
        ))]
    };
    let file_handle = std::fs::File::open(path).map_err(cannot_read)?;
    if let Ok(metadata) = file_handle.metadata()
        && metadata.len() > FILE_LIMIT
    {
        return Err(too_big(format!("{} bytes", metadata.len())));
    }
    // Read at most one byte past the limit: a file that grows, or a device
    // that never ends, is still refused without filling the memory.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file_handle, FILE_LIMIT + 1),
        &mut bytes,
    )
    .map_err(cannot_read)?;
    if bytes.len() as u64 > FILE_LIMIT {
        return Err(too_big("still growing past its limit".into()));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let map = SourceMap::new(&file, &prefix);
            return Err(vec![map.error(
                &(valid..valid),
                "the file is not UTF-8 text: save it as UTF-8 (the encoding TOML requires)".into(),
            )]);
        }
    };
    parse(&file, &text)
}

/// Parses and validates agenda text; `file` names it in diagnostics.
pub fn parse(file: &str, text: &str) -> Result<AgendaLoad, Vec<Diagnostic>> {
    let map = SourceMap::new(file, text);
    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        return Err(syntax_errors
            .iter()
            .map(|e| {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim().replace('\n', " ");
                map.error(&span, format!("this is not valid TOML: {message}"))
            })
            .collect());
    }
    let mut reader = Reader {
        map,
        problems: Vec::new(),
    };
    let agenda = reader.agenda(root.get_ref());
    let mut problems = reader.problems;
    match agenda {
        Some((agenda, spans)) if problems.is_empty() => {
            let warnings = lint::warnings(&agenda, &spans, &reader.map);
            Ok(AgendaLoad { agenda, warnings })
        }
        _ => {
            if problems.is_empty() {
                problems.push(reader.map.error(&(0..0), "the agenda is not valid".into()));
            }
            Err(problems)
        }
    }
}

/// Where parts of the agenda were written, for warnings found after parsing.
pub struct Spans {
    pub clocks: Vec<Range<usize>>,
    pub segments: Vec<Range<usize>>,
    pub event_zone: Range<usize>,
}

type Value<'i> = Spanned<DeValue<'i>>;

struct Reader<'a> {
    map: SourceMap<'a>,
    problems: Vec<Diagnostic>,
}

/// A segment as written, before its times are resolved.
struct WrittenSegment {
    span: Range<usize>,
    title: Text,
    date: Option<NaiveDate>,
    start: Option<Spanned<WrittenTime>>,
    end: Option<Spanned<WrittenTime>>,
    duration: Option<Spanned<TimeDelta>>,
    hard_end: bool,
    moderator: Option<Person>,
    speakers: Vec<Person>,
    notes: Option<Text>,
    cues: Vec<Text>,
    timer: TimerKind,
    on_end: Option<OnEnd>,
}

impl Reader<'_> {
    /// A key whose value is one of a few names; a misspelt one is refused
    /// with the nearest valid name.
    fn choice<T: Copy>(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        context: &str,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let text = self.string(table, key, context)?;
        let wanted = text.get_ref().as_str();
        if let Some((_, value)) = options.iter().find(|(name, _)| *name == wanted) {
            return Some(*value);
        }
        let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
        let hint = match nearest(wanted, names.iter().copied()) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => format!("use {}", list(&names)),
        };
        self.error(
            &text.span(),
            format!("unknown {key} \"{}\" in {context}: {hint}", inert(wanted)),
        );
        None
    }

    /// The show's `on_end`, from `[event]` or `[alerts]` (not both).
    fn default_on_end(&mut self, event: &DeTable<'_>, root: &DeTable<'_>) -> OnEnd {
        let options = on_end_options();
        let from_event = self.choice(event, "on_end", "[event]", &options);
        let alerts = root
            .get("alerts")
            .and_then(|value| value.get_ref().as_table());
        let from_alerts =
            alerts.and_then(|table| self.choice(table, "on_end", "[alerts]", &options));
        if let (Some(a), Some(b), Some(value)) = (
            from_event,
            from_alerts,
            alerts.and_then(|table| table.get("on_end")),
        ) && a != b
        {
            self.error(
                &value.span(),
                format!(
                    "[event] says on_end = \"{}\" and [alerts] says \"{}\": keep one of them",
                    a.name(),
                    b.name()
                ),
            );
        }
        from_event.or(from_alerts).unwrap_or_default()
    }

    fn error(&mut self, span: &Range<usize>, message: String) {
        let diagnostic = self.map.error(span, message);
        self.problems.push(diagnostic);
    }

    fn agenda(&mut self, root: &DeTable<'_>) -> Option<(Agenda, Spans)> {
        self.known_keys(root, ROOT_KEYS, "the agenda");
        let Some((event_span, event)) = self.table(root, "event", "the agenda") else {
            self.error(
                &(0..0),
                "the agenda has no [event] table: add one with title, date and timezone".into(),
            );
            return None;
        };
        self.known_keys(event, EVENT_KEYS, "[event]");
        let title = self.required_text(event, &event_span, "title", "[event]");
        let room = self.optional_text(event, "room", "[event]");
        let date = self.date(event, "date", "[event]");
        if date.is_none() && !event.contains_key("date") {
            self.error(
                &event_span,
                "[event] has no date: add the day the plain times fall on, e.g. date = 2022-06-01"
                    .into(),
            );
        }
        let zone = self.required_zone(event, &event_span, "[event]");

        let mut clocks = Vec::new();
        let mut clock_spans = Vec::new();
        for (span, table) in self.array_of_tables(root, "clock") {
            if let Some(clock) = self.clock(table, &span) {
                if clocks.iter().any(|c: &Clock| c.label == clock.label) {
                    self.error(
                        &span,
                        format!(
                            "a clock is already labelled {:?}: give each clock its own label",
                            clock.label
                        ),
                    );
                } else if let Some(twin) = clocks
                    .iter()
                    .find(|c: &&Clock| c.timezone == clock.timezone)
                {
                    self.error(
                        &span,
                        format!(
                            "clock {:?} shows {} like clock {:?}: remove one of them",
                            clock.label, clock.timezone, twin.label
                        ),
                    );
                }
                clocks.push(clock);
                clock_spans.push(span);
            }
        }

        let alerts = self.alerts(root);
        let default_on_end = self.default_on_end(event, root);

        let tables = self.array_of_tables(root, "segment");
        if let Some((span, _)) = tables.get(SEGMENTS_LIMIT) {
            self.error(
                span,
                format!(
                    "segment {} of {}: an agenda has at most {SEGMENTS_LIMIT} segments; split the show into several agendas",
                    SEGMENTS_LIMIT + 1,
                    tables.len()
                ),
            );
        }
        let written: Vec<WrittenSegment> = tables
            .into_iter()
            .filter_map(|(span, table)| self.written_segment(table, span))
            .collect();
        // No [[segment]] at all, or an empty `segment = []`; other shapes of
        // `segment` have been reported by `array_of_tables`.
        let no_segments = root.get("segment").is_none_or(|value| {
            value
                .get_ref()
                .as_array()
                .is_some_and(|items| items.is_empty())
        });
        if written.is_empty() && no_segments {
            self.error(
                &(0..0),
                "the agenda has no segments: add at least one [[segment]] with title, start and end".into(),
            );
        }

        let contacts = self
            .array_of_tables(root, "contact")
            .into_iter()
            .filter_map(|(span, table)| self.contact(table, &span))
            .collect();

        let (title, date, (zone, zone_span)) = (title?, date?, zone?);
        if clocks.is_empty() {
            clocks.push(Clock {
                label: zone
                    .name()
                    .rsplit('/')
                    .next()
                    .unwrap_or(zone.name())
                    .replace('_', " ")
                    .into(),
                timezone: zone,
                hour_format: HourFormat::H24,
            });
            clock_spans.push(zone_span.clone());
        }
        let segment_spans = written.iter().map(|s| s.span.clone()).collect();
        let segments = self.resolve_segments(written, date, zone, default_on_end)?;
        let agenda = Agenda {
            title,
            room,
            date,
            timezone: zone,
            clocks,
            alerts: alerts?,
            segments,
            contacts,
        };
        let spans = Spans {
            clocks: clock_spans,
            segments: segment_spans,
            event_zone: zone_span,
        };
        Some((agenda, spans))
    }

    fn known_keys(&mut self, table: &DeTable<'_>, known: &[&str], context: &str) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let hint = match nearest(name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the valid keys are {}", list(known)),
            };
            self.error(
                &key.span(),
                format!("unknown key `{name}` in {context}: {hint}"),
            );
        }
    }

    fn table<'t, 'i>(
        &mut self,
        parent: &'t DeTable<'i>,
        key: &str,
        context: &str,
    ) -> Option<(Range<usize>, &'t DeTable<'i>)> {
        let value = parent.get(key)?;
        match value.get_ref().as_table() {
            Some(table) => Some((value.span(), table)),
            None => {
                self.error(
                    &value.span(),
                    format!("`{key}` in {context} must be a table ([{key}])"),
                );
                None
            }
        }
    }

    fn array_of_tables<'t, 'i>(
        &mut self,
        root: &'t DeTable<'i>,
        key: &str,
    ) -> Vec<(Range<usize>, &'t DeTable<'i>)> {
        let Some(value) = root.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.error(
                &value.span(),
                format!("`{key}` must be written as [[{key}]] tables, one per {key}"),
            );
            return Vec::new();
        };
        let mut tables = Vec::new();
        for item in items.iter() {
            match item.get_ref().as_table() {
                Some(table) => tables.push((item.span(), table)),
                None => self.error(
                    &item.span(),
                    format!("each {key} must be a table ([[{key}]])"),
                ),
            }
        }
        tables
    }

    fn value<'t, 'i>(&mut self, table: &'t DeTable<'i>, key: &str) -> Option<&'t Value<'i>> {
        table.get(key)
    }

    /// A text over [`TEXT_LIMIT`] is an error (it is still read, to go on).
    fn check_length(&mut self, span: &Range<usize>, key: &str, text: &str) {
        let length = text.chars().count();
        if length > TEXT_LIMIT {
            self.error(
                span,
                format!(
                    "`{key}` is {length} characters long: at most {TEXT_LIMIT} fit, shorten it"
                ),
            );
        }
    }

    fn string(&mut self, table: &DeTable<'_>, key: &str, context: &str) -> Option<Spanned<String>> {
        let value = self.value(table, key)?;
        match value.get_ref().as_str() {
            Some(text) => {
                self.check_length(&value.span(), key, text);
                Some(Spanned::new(value.span(), text.to_string()))
            }
            None => {
                self.error(
                    &value.span(),
                    format!(
                        "`{key}` in {context} must be a string in quotes, not a {}",
                        value.get_ref().type_str()
                    ),
                );
                None
            }
        }
    }

    fn required_string(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        context: &str,
    ) -> Option<String> {
        if !table.contains_key(key) {
            self.error(
                span,
                format!("{context} has no `{key}`: add {key} = \"...\""),
            );
            return None;
        }
        let value = self.string(table, key, context)?;
        if value.get_ref().trim().is_empty() {
            self.error(
                &value.span(),
                format!("`{key}` in {context} is empty: write something"),
            );
            return None;
        }
        Some(value.into_inner())
    }

    fn optional_string(&mut self, table: &DeTable<'_>, key: &str, context: &str) -> Option<String> {
        self.string(table, key, context).map(Spanned::into_inner)
    }

    /// A text in one language (`"Q&A"`) or several
    /// (`{ en = "Q&A", zh-Hans = "问答" }`, in the order written).
    fn text_value(&mut self, value: &Value<'_>, key: &str, context: &str) -> Option<Text> {
        let example = format!("{key} = \"...\" or {key} = {{ en = \"...\", zh-Hans = \"...\" }}");
        if let Some(text) = value.get_ref().as_str() {
            self.check_length(&value.span(), key, text);
            return Some(Text::from(text));
        }
        let Some(table) = value.get_ref().as_table() else {
            self.error(
                &value.span(),
                format!(
                    "`{key}` in {context} must be a string in quotes or a table of languages, not a {}: {example}",
                    value.get_ref().type_str()
                ),
            );
            return None;
        };
        let mut versions: Vec<(Range<usize>, String, String)> = Vec::new();
        for (tag, text) in table.iter() {
            let tag_span = tag.span();
            if tag
                .get_ref()
                .parse::<unic_langid::LanguageIdentifier>()
                .is_err()
            {
                self.error(
                    &tag_span,
                    format!(
                        "{:?} in `{key}` is not a language tag: write one such as en, zh-Hans or es-MX",
                        inert(tag.get_ref())
                    ),
                );
                continue;
            }
            let Some(written) = text.get_ref().as_str() else {
                self.error(
                    &text.span(),
                    format!(
                        "`{key}`'s {} text must be a string in quotes",
                        inert(tag.get_ref())
                    ),
                );
                continue;
            };
            self.check_length(&text.span(), key, written);
            versions.push((tag_span, tag.get_ref().to_string(), written.to_string()));
        }
        if table.is_empty() {
            self.error(
                &value.span(),
                format!("`{key}` in {context} gives no language: {example}"),
            );
        }
        // The table's map is ordered by key: the file's order is its spans'.
        versions.sort_by_key(|(span, _, _)| span.start);
        (!versions.is_empty()).then(|| {
            Text::from_versions(
                versions
                    .into_iter()
                    .map(|(_, tag, text)| (tag, text))
                    .collect(),
            )
        })
    }

    fn optional_text(&mut self, table: &DeTable<'_>, key: &str, context: &str) -> Option<Text> {
        let value = self.value(table, key)?;
        self.text_value(value, key, context)
    }

    /// A text that must be there and say something in every language given.
    fn required_text(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        key: &str,
        context: &str,
    ) -> Option<Text> {
        let Some(value) = self.value(table, key) else {
            self.error(
                span,
                format!("{context} has no `{key}`: add {key} = \"...\""),
            );
            return None;
        };
        let text = self.text_value(value, key, context)?;
        if text.first().trim().is_empty() || text.versions().any(|(_, t)| t.trim().is_empty()) {
            self.error(
                &value.span(),
                format!("`{key}` in {context} is empty: write something"),
            );
            return None;
        }
        Some(text)
    }

    /// A language tag (`language = "zh-Hans"`).
    fn language(&mut self, table: &DeTable<'_>, context: &str) -> Option<String> {
        let tag = self.string(table, "language", context)?;
        match tag.get_ref().parse::<unic_langid::LanguageIdentifier>() {
            Ok(_) => Some(tag.into_inner()),
            Err(_) => {
                self.error(
                    &tag.span(),
                    format!(
                        "{:?} is not a language tag: write one such as en or zh-Hans",
                        inert(tag.get_ref())
                    ),
                );
                None
            }
        }
    }

    fn bool(&mut self, table: &DeTable<'_>, key: &str, context: &str) -> Option<bool> {
        let value = self.value(table, key)?;
        let parsed = value.get_ref().as_bool();
        if parsed.is_none() {
            self.error(
                &value.span(),
                format!("`{key}` in {context} must be true or false"),
            );
        }
        parsed
    }

    fn strings(&mut self, table: &DeTable<'_>, key: &str, context: &str) -> Vec<String> {
        let Some(value) = self.value(table, key) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.error(
                &value.span(),
                format!("`{key}` in {context} must be a list of strings, e.g. [\"...\"]"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref().as_str() {
                Some(text) => out.push(text.to_string()),
                None => self.error(
                    &item.span(),
                    format!("each of `{key}` in {context} must be a string"),
                ),
            }
        }
        out
    }

    fn texts(&mut self, table: &DeTable<'_>, key: &str, context: &str) -> Vec<Text> {
        let Some(value) = self.value(table, key) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.error(
                &value.span(),
                format!("`{key}` in {context} must be a list of strings, e.g. [\"...\"]"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            if item.get_ref().as_str().is_none() && item.get_ref().as_table().is_none() {
                self.error(
                    &item.span(),
                    format!(
                        "each of `{key}` in {context} must be a string, or a table of languages"
                    ),
                );
                continue;
            }
            out.extend(self.text_value(item, key, context));
        }
        out
    }

    /// A date written either as a TOML date or as a string.
    fn date(&mut self, table: &DeTable<'_>, key: &str, context: &str) -> Option<NaiveDate> {
        let value = self.value(table, key)?;
        let text = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            DeValue::String(text) => text.to_string(),
            other => {
                self.error(
                    &value.span(),
                    format!(
                        "`{key}` in {context} must be a date such as 2022-06-01, not a {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        };
        match parse_date(&text) {
            Ok(date) => Some(date),
            Err(message) => {
                self.error(&value.span(), message);
                None
            }
        }
    }

    fn zone_value(&mut self, value: &Value<'_>, context: &str) -> Option<Tz> {
        let Some(name) = value.get_ref().as_str() else {
            self.error(&value.span(), format!("`timezone` in {context} must be an IANA zone name in quotes, e.g. \"Asia/Shanghai\""));
            return None;
        };
        if let Ok(zone) = name.parse::<Tz>() {
            return Some(zone);
        }
        let names = || chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
        // The zone's name, or failing that its city: "Kathmandu" and
        // "Los Angeles" are taken for Asia/Kathmandu and America/Los_Angeles.
        fn city(zone: &str) -> &str {
            zone.rsplit('/').next().unwrap_or(zone)
        }
        let wanted_city = name.trim().replace(' ', "_");
        let near = nearest(name, names()).or_else(|| {
            let near_city = nearest(city(&wanted_city), names().map(city))?;
            names().find(|zone| city(zone) == near_city)
        });
        let hint = match near {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => "use an IANA name such as \"Asia/Shanghai\" or \"America/Los_Angeles\"".into(),
        };
        self.error(
            &value.span(),
            format!("unknown time zone {name:?} in {context}: {hint}"),
        );
        None
    }

    fn required_zone(
        &mut self,
        table: &DeTable<'_>,
        span: &Range<usize>,
        context: &str,
    ) -> Option<(Tz, Range<usize>)> {
        let Some(value) = table.get("timezone") else {
            self.error(
                span,
                format!("{context} has no `timezone`: add e.g. timezone = \"Asia/Shanghai\""),
            );
            return None;
        };
        self.zone_value(value, context)
            .map(|zone| (zone, value.span()))
    }

    fn optional_zone(&mut self, table: &DeTable<'_>, context: &str) -> Option<Tz> {
        let value = table.get("timezone")?;
        self.zone_value(value, context)
    }

    fn clock(&mut self, table: &DeTable<'_>, span: &Range<usize>) -> Option<Clock> {
        let context = "[[clock]]";
        self.known_keys(table, CLOCK_KEYS, context);
        let label = self.required_text(table, span, "label", context);
        let zone = self.required_zone(table, span, context);
        let hour_format = match self.string(table, "hour_format", context) {
            None => HourFormat::H24,
            Some(text) => match text.get_ref().as_str() {
                "24h" => HourFormat::H24,
                "12h" => HourFormat::H12,
                other => {
                    self.error(
                        &text.span(),
                        format!("hour_format {other:?} is not known: write \"24h\" or \"12h\""),
                    );
                    HourFormat::H24
                }
            },
        };
        Some(Clock {
            label: label?,
            timezone: zone?.0,
            hour_format,
        })
    }

    fn alerts(&mut self, root: &DeTable<'_>) -> Option<Alerts> {
        let mut alerts = Alerts::default();
        let Some((_, table)) = self.table(root, "alerts", "the agenda") else {
            return Some(alerts);
        };
        self.known_keys(table, ALERT_KEYS, "[alerts]");
        let mut ok = true;
        let mut final_span = None;
        for (key, slot) in [
            ("warning", &mut alerts.warning_seconds),
            ("final", &mut alerts.final_seconds),
        ] {
            if let Some(text) = self.string(table, key, "[alerts]") {
                match parse_duration(text.get_ref()) {
                    Ok(d) if d <= TimeDelta::hours(1) => *slot = d.num_seconds(),
                    Ok(_) => {
                        ok = false;
                        self.error(
                            &text.span(),
                            format!("the {key} alert must come at most 1h before the end"),
                        );
                    }
                    Err(message) => {
                        ok = false;
                        self.error(&text.span(), message);
                    }
                }
                if key == "final" {
                    final_span = Some(text.span());
                }
            }
        }
        if let Some(bell) = self.bool(table, "bell", "[alerts]") {
            alerts.bell = bell;
        }
        if let Some(value) = self.value(table, "bell_at") {
            let before = self.problems.len();
            let names = self.strings(table, "bell_at", "[alerts]");
            ok &= self.problems.len() == before;
            let items = value.get_ref().as_array();
            let mut moments = Vec::new();
            for (i, name) in names.iter().enumerate() {
                match BellAt::from_name(name) {
                    Some(moment) => moments.push(moment),
                    None => {
                        ok = false;
                        let span = items
                            .and_then(|items| items.get(i))
                            .map_or(value.span(), |item| item.span());
                        let valid = BellAt::ALL.iter().map(|m| m.name());
                        let hint = match nearest(name, valid) {
                            Some(near) => format!("did you mean \"{near}\"?"),
                            None => "use \"warning\", \"zero\" or \"each_minute\"".into(),
                        };
                        self.error(&span, format!("unknown bell moment \"{name}\": {hint}"));
                    }
                }
            }
            alerts.bell_at = moments;
        }
        if ok && alerts.final_seconds > alerts.warning_seconds {
            self.error(&final_span.unwrap_or(0..0), format!(
                "the final alert ({}) comes before the warning ({}): make final shorter than warning",
                duration_words(TimeDelta::seconds(alerts.final_seconds)),
                duration_words(TimeDelta::seconds(alerts.warning_seconds)),
            ));
            ok = false;
        }
        ok.then_some(alerts)
    }

    fn person(&mut self, value: &Value<'_>, context: &str) -> Option<Person> {
        self.someone(value, context, PERSON_KEYS)
    }

    fn moderator(&mut self, value: &Value<'_>) -> Option<Person> {
        self.someone(value, "the segment's moderator", MODERATOR_KEYS)
    }

    fn someone(&mut self, value: &Value<'_>, context: &str, keys: &[&str]) -> Option<Person> {
        let Some(table) = value.get_ref().as_table() else {
            self.error(&value.span(), format!(
                "each person in {context} must be a table such as {{ name = \"...\", role = \"...\", organization = \"...\" }}"
            ));
            return None;
        };
        self.known_keys(table, keys, context);
        let name = self.required_string(table, &value.span(), "name", context);
        let role = self.optional_text(table, "role", context);
        let organization = self.optional_string(table, "organization", context);
        let timezone = self.optional_zone(table, context);
        let role_label = self.optional_text(table, "role_label", context);
        let language = self.language(table, context);
        Some(Person {
            name: name?,
            role,
            organization,
            timezone,
            role_label,
            language,
        })
    }

    fn contact(&mut self, table: &DeTable<'_>, span: &Range<usize>) -> Option<Contact> {
        let context = "[[contact]]";
        self.known_keys(table, CONTACT_KEYS, context);
        Some(Contact {
            name: self.required_string(table, span, "name", context)?,
            role: self.optional_text(table, "role", context),
            phone: self.optional_string(table, "phone", context),
            email: self.optional_string(table, "email", context),
        })
    }

    fn written_time(&mut self, table: &DeTable<'_>, key: &str) -> Option<Spanned<WrittenTime>> {
        let value = self.value(table, key)?;
        let text = match value.get_ref() {
            DeValue::String(text) => text.to_string(),
            DeValue::Datetime(dt) if dt.time.is_some() => dt.to_string(),
            other => {
                self.error(&value.span(), format!(
                    "`{key}` must be a time such as \"09:00\" or 2022-06-01T09:00:00+08:00, not a {}",
                    other.type_str()
                ));
                return None;
            }
        };
        match WrittenTime::parse(&text) {
            Ok(time) => Some(Spanned::new(value.span(), time)),
            Err(message) => {
                self.error(&value.span(), message);
                None
            }
        }
    }

    fn written_segment(
        &mut self,
        table: &DeTable<'_>,
        span: Range<usize>,
    ) -> Option<WrittenSegment> {
        let context = "[[segment]]";
        self.known_keys(table, SEGMENT_KEYS, context);
        let title = self.required_text(table, &span, "title", context);
        let date = self.date(table, "date", context);
        if !table.contains_key("start") {
            self.error(
                &span,
                "this segment has no `start`: add e.g. start = \"09:00\"".into(),
            );
        }
        let start = self.written_time(table, "start");
        let end = self.written_time(table, "end");
        let duration =
            self.string(table, "duration", context).and_then(|text| {
                match parse_duration(text.get_ref()) {
                    Ok(d) if d > TimeDelta::zero() && d <= SEGMENT_LIMIT => {
                        Some(Spanned::new(text.span(), d))
                    }
                    Ok(d) => {
                        let why = if d > TimeDelta::zero() {
                            "longer than 24h"
                        } else {
                            "zero"
                        };
                        self.error(
                            &text.span(),
                            format!(
                                "a duration of {} is {why}: give the segment's real length",
                                text.get_ref()
                            ),
                        );
                        None
                    }
                    Err(message) => {
                        self.error(&text.span(), message);
                        None
                    }
                }
            });
        if let (Some(_), Some(value)) = (table.get("end"), table.get("duration")) {
            self.error(
                &value.span(),
                "this segment has both `end` and `duration`: keep one of them".into(),
            );
        }
        let hard_end = self.bool(table, "hard_end", context).unwrap_or(false);
        let moderator = table.get("moderator").and_then(|v| self.moderator(v));
        let speakers = match table.get("speakers") {
            None => Vec::new(),
            Some(value) => match value.get_ref().as_array() {
                Some(items) => items
                    .iter()
                    .filter_map(|item| self.person(item, "speakers"))
                    .collect(),
                None => {
                    self.error(
                        &value.span(),
                        "`speakers` must be a list: speakers = [ { name = \"...\" } ]".into(),
                    );
                    Vec::new()
                }
            },
        };
        let notes = self.optional_text(table, "notes", context);
        let cues = self.texts(table, "cues", context);
        let timer = self
            .choice(table, "timer", context, &timer_options())
            .unwrap_or_default();
        let on_end = self.choice(table, "on_end", context, &on_end_options());
        // An end or duration that could not be read has been reported: the
        // segment is left out rather than taken for one with no end.
        if (table.contains_key("end") && end.is_none())
            || (table.contains_key("duration") && duration.is_none())
        {
            return None;
        }
        Some(WrittenSegment {
            span,
            title: title?,
            date,
            start: Some(start?),
            end,
            duration,
            hard_end,
            moderator,
            speakers,
            notes,
            cues,
            timer,
            on_end,
        })
    }

    /// Turns written times into instants, applying the midnight rollover rule.
    fn resolve_segments(
        &mut self,
        written: Vec<WrittenSegment>,
        event_date: NaiveDate,
        zone: Tz,
        default_on_end: OnEnd,
    ) -> Option<Vec<Segment>> {
        // The wall-clock time written last: a plain time earlier than it falls on the next day.
        let mut cursor = NaiveDateTime::new(event_date, NaiveTime::MIN);
        let mut segments: Vec<Segment> = Vec::with_capacity(written.len());
        let mut open_end: Vec<bool> = Vec::with_capacity(written.len());
        let mut last_span = 0..0;
        let mut ok = true;
        // Where each segment was written, and whether every one carries its
        // own date (a `date`, or a start written with its date).
        let mut spans: Vec<Range<usize>> = Vec::with_capacity(written.len());
        let mut all_dated = true;
        for w in written {
            let Some(start_written) = &w.start else {
                continue;
            };
            let start_span = start_written.span();
            let start_local = match *start_written.get_ref() {
                WrittenTime::Plain(time) => match w.date {
                    Some(date) => date.and_time(time),
                    None => {
                        let mut local = cursor.date().and_time(time);
                        if local < cursor {
                            local += TimeDelta::days(1);
                            let gap = real_time_between(zone, cursor, local);
                            if gap > ROLLOVER_LIMIT && !segments.is_empty() {
                                self.error(&start_span, format!(
                                    "{} is earlier than {}, the time before it, so it falls on the next day, {} later; \
                                     if that is meant, give this segment date = {}, otherwise fix the time",
                                    time.format("%H:%M"), cursor.time().format("%H:%M"),
                                    duration_words(gap), local.date()
                                ));
                                ok = false;
                                continue;
                            }
                        }
                        local
                    }
                },
                WrittenTime::Local(local) => local,
                WrittenTime::Exact(exact) => wall_clock(zone, exact.to_utc()),
            };
            let start = match start_written.get_ref() {
                WrittenTime::Exact(exact) => exact.to_utc(),
                _ => match instant(zone, start_local) {
                    Ok(at) => at,
                    Err(message) => {
                        self.error(&start_span, message);
                        ok = false;
                        continue;
                    }
                },
            };
            if let Err(why) = check_instant(start) {
                self.error(&start_span, format!("the start is {why}"));
                ok = false;
                continue;
            }
            if let Some(previous) = segments.last()
                && start < previous.start
            {
                self.error(&start_span, format!(
                    "this segment starts before the one above it ({:?}): list segments in the order they happen",
                    previous.title
                ));
                ok = false;
                continue;
            }
            cursor = start_local;
            let end = match (&w.end, &w.duration) {
                (Some(end_written), _) => {
                    let end_span = end_written.span();
                    let resolved = match *end_written.get_ref() {
                        WrittenTime::Plain(time) => {
                            let mut local = start_local.date().and_time(time);
                            let rolled = local <= start_local;
                            if rolled {
                                local += TimeDelta::days(1);
                            }
                            let length = real_time_between(zone, start_local, local);
                            if rolled && length > ROLLOVER_LIMIT {
                                self.error(&end_span, format!(
                                    "the segment would end at {} the next day and last {}, because {} is not after its start {}: \
                                     fix the end (or write duration = \"...\")",
                                    time.format("%H:%M"), duration_words(length),
                                    time.format("%H:%M"), start_local.time().format("%H:%M")
                                ));
                                ok = false;
                                continue;
                            }
                            instant(zone, local).map(|at| (at, local))
                        }
                        WrittenTime::Local(local) => instant(zone, local).map(|at| (at, local)),
                        WrittenTime::Exact(exact) => {
                            Ok((exact.to_utc(), wall_clock(zone, exact.to_utc())))
                        }
                    };
                    match resolved {
                        Ok((end, _)) if check_instant(end).is_err() => {
                            let why = check_instant(end).err().unwrap_or_default();
                            self.error(&end_span, format!("the end is {why}"));
                            ok = false;
                            continue;
                        }
                        Ok((end, end_local)) => {
                            if end <= start {
                                self.error(
                                    &end_span,
                                    "the segment ends before it starts: fix the end".into(),
                                );
                                ok = false;
                                continue;
                            }
                            if end - start > SEGMENT_LIMIT {
                                self.error(
                                    &end_span,
                                    format!(
                                        "the segment would last {}: longer than 24h, fix the end",
                                        duration_words(end - start)
                                    ),
                                );
                                ok = false;
                                continue;
                            }
                            cursor = end_local;
                            Some(end)
                        }
                        Err(message) => {
                            self.error(&end_span, message);
                            ok = false;
                            continue;
                        }
                    }
                }
                (None, Some(duration)) => {
                    let end = start + *duration.get_ref();
                    if let Err(why) = check_instant(end) {
                        self.error(&duration.span(), format!("the segment would end at {why}"));
                        ok = false;
                        continue;
                    }
                    cursor = wall_clock(zone, end);
                    Some(end)
                }
                (None, None) => None,
            };
            // A segment without an end runs to the next start; the last one cannot.
            if let (Some(previous), Some(true)) = (segments.last_mut(), open_end.last()) {
                previous.end = start;
                if start == previous.start {
                    self.error(&start_span, format!(
                        "{:?} has no end and the next segment starts when it does: give it an end or a duration",
                        previous.title
                    ));
                    ok = false;
                } else if start - previous.start > SEGMENT_LIMIT {
                    self.error(&last_span, format!(
                        "{:?} has no end, so it runs to the next start, {} later: longer than 24h; \
                         give it an end or a duration",
                        previous.title,
                        duration_words(start - previous.start)
                    ));
                    ok = false;
                }
            }
            all_dated &=
                w.date.is_some() || !matches!(start_written.get_ref(), WrittenTime::Plain(_));
            spans.push(w.span.clone());
            open_end.push(end.is_none());
            segments.push(Segment {
                title: w.title,
                start,
                end: end.unwrap_or(start),
                hard_end: w.hard_end,
                moderator: w.moderator,
                speakers: w.speakers,
                notes: w.notes,
                cues: w.cues,
                timer: w.timer,
                on_end: w.on_end.unwrap_or(default_on_end),
            });
            last_span = w.span;
        }
        if open_end.last() == Some(&true) {
            self.error(
                &last_span,
                "the last segment has no end: give it end = \"HH:MM\" or duration = \"...\"".into(),
            );
            ok = false;
        }
        let first_start = segments.first().map(|s| s.start);
        let far = first_start.and_then(|first| {
            segments
                .iter()
                .zip(&spans)
                .find(|(segment, _)| segment.end - first > SPAN_LIMIT)
                .map(|(segment, span)| (segment.end - first, span.clone()))
        });
        if let (true, false, Some((length, span))) = (ok, all_dated, far) {
            self.error(&span, format!(
                "this segment ends {} after the show's first start: a show over {} days is taken for a typo \
                 unless every segment carries its own date; fix the time, or give every segment date = YYYY-MM-DD",
                duration_words(length),
                SPAN_LIMIT.num_days()
            ));
            ok = false;
        }
        (ok && !segments.is_empty()).then_some(segments)
    }
}

/// Real time between two wall-clock times in a zone (a DST change in
/// between counts), or their plain difference where one of them does not
/// resolve (that problem is reported on its own).
fn real_time_between(zone: Tz, from: NaiveDateTime, to: NaiveDateTime) -> TimeDelta {
    match (instant(zone, from), instant(zone, to)) {
        (Ok(from), Ok(to)) => to - from,
        _ => to - from,
    }
}

fn timer_options() -> Vec<(&'static str, TimerKind)> {
    TimerKind::ALL.into_iter().map(|k| (k.name(), k)).collect()
}

fn on_end_options() -> Vec<(&'static str, OnEnd)> {
    OnEnd::ALL.into_iter().map(|k| (k.name(), k)).collect()
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
