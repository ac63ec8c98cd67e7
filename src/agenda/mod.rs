//! The agenda: what the show is planned to be. Times are resolved to UTC
//! instants when the file is read; zones are kept only to display them.

mod diagnostic;
mod lint;
mod parse;
mod resolve;
mod translated;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use diagnostic::{Diagnostic, Severity, SourceMap, nearest};
pub use parse::{AgendaLoad, FILE_LIMIT, load, parse};
pub use resolve::{WrittenTime, instant, wall_clock};
pub use translated::Text;

/// A show, resolved: every segment has UTC start and end instants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub title: Text,
    /// The room the show runs in (`[event] room`), as a board of many
    /// shows names it; the title when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<Text>,
    /// The day the plain times of the file fall on.
    pub date: NaiveDate,
    /// The zone the plain times of the file are written in.
    pub timezone: Tz,
    pub clocks: Vec<Clock>,
    pub alerts: Alerts,
    pub segments: Vec<Segment>,
    pub contacts: Vec<Contact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    pub label: Text,
    pub timezone: Tz,
    pub hour_format: HourFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum HourFormat {
    #[default]
    #[serde(rename = "24h")]
    H24,
    #[serde(rename = "12h")]
    H12,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alerts {
    /// The timer changes colour this many seconds before the end.
    pub warning_seconds: i64,
    pub final_seconds: i64,
    pub bell: bool,
    /// When the bell rings (if it is on).
    #[serde(default = "BellAt::defaults")]
    pub bell_at: Vec<BellAt>,
}

impl Default for Alerts {
    fn default() -> Self {
        Self {
            warning_seconds: 120,
            final_seconds: 30,
            bell: true,
            bell_at: BellAt::defaults(),
        }
    }
}

/// A moment the bell rings at, as `[alerts] bell_at` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BellAt {
    /// As the slot's time reaches the warning threshold.
    Warning,
    /// As the slot's time runs out.
    Zero,
    /// At each further whole minute of an overrun.
    EachMinute,
}

impl BellAt {
    pub const ALL: [Self; 3] = [Self::Warning, Self::Zero, Self::EachMinute];

    /// What the bell did before `bell_at` existed: at zero, then each minute over.
    pub fn defaults() -> Vec<Self> {
        vec![Self::Zero, Self::EachMinute]
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Zero => "zero",
            Self::EachMinute => "each_minute",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub role: Option<Text>,
    pub organization: Option<String>,
    /// Where the person is: their own time of day is shown beside their name.
    pub timezone: Option<Tz>,
    /// For a moderator: how the agenda introduces them ("Facilitated by");
    /// "Moderated by" when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_label: Option<Text>,
    /// The language their own page is in (a BCP 47 tag such as `zh-Hans`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub title: Text,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Counts to the planned end whatever the actual start (a hard out).
    pub hard_end: bool,
    /// Who leads the segment (moderates a panel, facilitates a Q&A).
    pub moderator: Option<Person>,
    pub speakers: Vec<Person>,
    pub notes: Option<Text>,
    pub cues: Vec<Text>,
    /// What the big digits show while it is live.
    #[serde(default, skip_serializing_if = "TimerKind::is_default")]
    pub timer: TimerKind,
    /// What happens when its allotment runs out (the agenda's default
    /// already applied).
    #[serde(default, skip_serializing_if = "OnEnd::is_default")]
    pub on_end: OnEnd,
}

/// A segment's `timer`: what its big digits show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TimerKind {
    /// Time left, then the overrun.
    #[default]
    Down,
    /// Time gone since it started (warning, final and overrun still apply).
    Up,
    /// The time of day in the first clock.
    Clock,
    /// No digits: "--:--" and the title.
    None,
}

impl TimerKind {
    pub const ALL: [Self; 4] = [Self::Down, Self::Up, Self::Clock, Self::None];

    pub fn name(self) -> &'static str {
        match self {
            Self::Down => "down",
            Self::Up => "up",
            Self::Clock => "clock",
            Self::None => "none",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// A segment's `on_end`: what its end brings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum OnEnd {
    /// The segment runs on and counts its overrun until the operator cues.
    #[default]
    Overrun,
    /// The next segment starts by itself (the show ends after the last).
    Next,
}

impl OnEnd {
    pub const ALL: [Self; 2] = [Self::Overrun, Self::Next];

    pub fn name(self) -> &'static str {
        match self {
            Self::Overrun => "overrun",
            Self::Next => "next",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Segment {
    pub fn planned_duration(&self) -> TimeDelta {
        self.end - self.start
    }

    /// Everyone on stage: the moderator first, then the speakers.
    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.moderator.iter().chain(self.speakers.iter())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub role: Option<Text>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Agenda {
    /// Everyone on stage in the show, each once, in agenda order, as the
    /// agenda first writes their name.
    pub fn people_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for person in self.segments.iter().flat_map(Segment::people) {
            if !names
                .iter()
                .any(|n| crate::show::same_person(n, &person.name))
            {
                names.push(&person.name);
            }
        }
        names
    }

    /// The planned start of the show (the first segment's start).
    pub fn start(&self) -> DateTime<Utc> {
        self.segments
            .first()
            .map_or(DateTime::UNIX_EPOCH, |s| s.start)
    }

    /// The planned end of the show (the latest segment end). Segments are
    /// in order of start and none is longer than a day, so only those that
    /// start within a day of the latest end need be looked at: this runs on
    /// every frame, and a 10,000-segment agenda must not be walked each time.
    pub fn end(&self) -> DateTime<Utc> {
        let mut latest: Option<DateTime<Utc>> = None;
        for segment in self.segments.iter().rev() {
            if let Some(end) = latest
                && segment
                    .start
                    .checked_add_signed(LONGEST_SEGMENT)
                    .is_some_and(|limit| limit <= end)
            {
                break;
            }
            latest = Some(latest.map_or(segment.end, |end| end.max(segment.end)));
        }
        latest.unwrap_or(DateTime::UNIX_EPOCH)
    }

    /// What the engine relies on, for an agenda that did not come from the
    /// parser (a follower gets it from the network): at least one segment,
    /// in order, each ending after it starts.
    pub fn check_shape(&self) -> Result<(), String> {
        if self.segments.is_empty() {
            return Err("the agenda has no segments".into());
        }
        if let Some(i) = self.segments.iter().position(|s| s.end <= s.start) {
            return Err(format!("segment {} ends before it starts", i + 1));
        }
        if let Some(i) = self
            .segments
            .windows(2)
            .position(|pair| pair[1].start < pair[0].start)
        {
            return Err(format!("segment {} starts before the one above it", i + 2));
        }
        if self.clocks.is_empty() {
            return Err("the agenda has no clocks".into());
        }
        Ok(())
    }

    /// The segment the schedule has running at `now`, if any: of those
    /// planned at `now`, the one that started last. Segments are in
    /// chronological order (the parser enforces it), so this is a binary
    /// search: cheap enough for a 10,000-segment agenda on every frame.
    pub fn scheduled_at(&self, now: DateTime<Utc>) -> ScheduleSlot {
        let started = self.segments.partition_point(|s| s.start <= now);
        if started == 0 {
            return ScheduleSlot::Before;
        }
        // Usually the latest to start; but it may have ended inside an
        // earlier, longer segment that overlaps it, which is still on. No
        // segment is longer than a day, so only the last day need be looked at.
        let running = self.segments[..started]
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, s)| now - s.start < LONGEST_SEGMENT)
            .find(|(_, s)| now < s.end);
        match running {
            Some((index, _)) => ScheduleSlot::In(index),
            None if started < self.segments.len() => ScheduleSlot::Gap(started),
            None => ScheduleSlot::After,
        }
    }

    /// The first segment planned to start after `now`, if any.
    pub fn next_after(&self, now: DateTime<Utc>) -> Option<usize> {
        let index = self.segments.partition_point(|s| s.start <= now);
        (index < self.segments.len()).then_some(index)
    }
}

/// The longest a segment may be (the parser refuses longer ones).
pub const LONGEST_SEGMENT: TimeDelta = TimeDelta::hours(24);

/// The most segments an agenda may have (the parser refuses more): a long
/// festival has a few hundred; the benchmarks run 10,000.
pub const SEGMENTS_LIMIT: usize = 10_000;

/// The longest text an agenda may give one value (a title, a name, notes, a
/// cue), in characters: long notes fit, a pasted script does not.
pub const TEXT_LIMIT: usize = 10_000;

/// A plain time earlier than the one before it falls on the next day; a
/// segment or gap longer than this made that way is taken for a typo.
pub const ROLLOVER_LIMIT: TimeDelta = TimeDelta::hours(12);

/// Where the schedule alone puts an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleSlot {
    Before,
    In(usize),
    /// Between segments; the index is the coming one.
    Gap(usize),
    After,
}
