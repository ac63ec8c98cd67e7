//! The state document: what `status --json` prints and `GET /v1/state`
//! serves. Field names are a public contract; add fields, never rename.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::agenda::{Agenda, OnEnd, Segment, TimerKind};
use crate::show::{Phase, ShowLog, Snapshot, actuals, outlook, runs};
use crate::timefmt::rfc3339;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateDocument {
    pub event: String,
    pub now: String,
    pub phase: String,
    pub clocks: Vec<ClockTime>,
    pub current: Option<CurrentDoc>,
    pub next: Option<NextDoc>,
    pub drift_seconds: i64,
    pub projected_end: String,
    pub message: Option<String>,
    /// Who the message is for: "moderator", "speakers", "everyone" or
    /// "speaker:NAME" (as `POST /v1/control/message` takes it).
    #[serde(default)]
    pub message_audience: Option<String>,
    pub segments: Vec<SegmentDoc>,
    /// True until the operator's first cue.
    pub following_schedule: bool,
    pub ended_at: Option<String>,
    /// How many journal entries this state was built from.
    pub journal_entries: usize,
    /// What the speakers' screens are told to do.
    #[serde(default)]
    pub signals: SignalsDoc,
}

/// The producer's signals, for every speaker's screen.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignalsDoc {
    /// The screen flashes now (for 3 s after a `flash`).
    pub flash: bool,
    /// Until when it flashes, while it does.
    pub flash_until: Option<String>,
    /// Speakers' screens are dark (`blackout`, until `unblackout`).
    pub blackout: bool,
}

fn down() -> String {
    TimerKind::Down.name().into()
}

fn overrun() -> String {
    OnEnd::Overrun.name().into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockTime {
    pub label: String,
    pub timezone: String,
    pub time: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentDoc {
    pub index: usize,
    pub title: String,
    pub speakers: Vec<String>,
    /// Who moderates it (not among `speakers`).
    #[serde(default)]
    pub moderator: Option<String>,
    pub planned_start: String,
    pub planned_end: String,
    pub started: String,
    pub remaining_seconds: i64,
    pub overrun: bool,
    /// When the slot's allotment runs out (start plus allotment).
    pub ends: String,
    pub extension_seconds: i64,
    /// What its big digits show: "down", "up", "clock" or "none".
    #[serde(default = "down")]
    pub timer: String,
    /// Whole seconds since it started (what an "up" timer shows).
    #[serde(default)]
    pub elapsed_seconds: i64,
    /// Which run of the segment this is, from 1 (2: cued again after
    /// others ran; `started` and `remaining_seconds` are this run's).
    #[serde(default = "first_run")]
    pub run: usize,
}

fn first_run() -> usize {
    1
}

/// One run of a segment: when it went live and when it stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunDoc {
    pub start: String,
    /// `None` while it runs.
    pub end: Option<String>,
    pub seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextDoc {
    pub index: usize,
    pub title: String,
    pub speakers: Vec<String>,
    /// Who moderates it (not among `speakers`).
    #[serde(default)]
    pub moderator: Option<String>,
    pub planned_start: String,
    pub starts_in_seconds: i64,
    /// When it is expected to start, drift included (`starts_in_seconds` counts to this).
    pub expected_start: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentDoc {
    pub index: usize,
    pub title: String,
    pub speakers: Vec<String>,
    /// Who moderates it (not among `speakers`).
    #[serde(default)]
    pub moderator: Option<String>,
    pub planned_start: String,
    pub planned_end: String,
    pub local: Vec<LocalSpan>,
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
    pub actual_seconds: Option<i64>,
    /// Actual minus planned length, once the segment has run.
    pub over_under_seconds: Option<i64>,
    #[serde(default = "down")]
    pub timer: String,
    /// "overrun" or "next" (it moves on by itself at its end).
    #[serde(default = "overrun")]
    pub on_end: String,
    /// For a segment not yet run: when it is now expected to start.
    #[serde(default)]
    pub expected_start: Option<String>,
    /// For a segment not yet run: the latest it can start for the show to
    /// end on time, if those after it keep their planned lengths.
    #[serde(default)]
    pub latest_start: Option<String>,
    /// Every run, in order (`actual_start` is the first's start,
    /// `actual_seconds` their sum).
    #[serde(default)]
    pub runs: Vec<RunDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalSpan {
    pub label: String,
    pub start: String,
    pub end: String,
}

pub fn utc(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Names of the speakers (the moderator is apart: [`moderator_name`]).
pub fn speaker_names(segment: &Segment) -> Vec<String> {
    segment.speakers.iter().map(|p| p.name.clone()).collect()
}

/// The name of who moderates the segment, if anyone does.
fn moderator_name(segment: &Segment) -> Option<String> {
    segment.moderator.as_ref().map(|p| p.name.clone())
}

impl StateDocument {
    pub fn build(agenda: &Agenda, log: &ShowLog, snapshot: &Snapshot) -> Self {
        let now = snapshot.now;
        let clocks = agenda
            .clocks
            .iter()
            .map(|c| ClockTime {
                label: c.label.to_string(),
                timezone: c.timezone.name().to_string(),
                time: rfc3339(&now.with_timezone(&c.timezone)),
            })
            .collect();
        let runs = runs(agenda, log, now);
        let current = snapshot.current.map(|c| {
            let segment = &agenda.segments[c.index];
            CurrentDoc {
                index: c.index,
                title: segment.title.to_string(),
                speakers: speaker_names(segment),
                moderator: moderator_name(segment),
                planned_start: utc(segment.start),
                planned_end: utc(segment.end),
                started: utc(c.started),
                remaining_seconds: c.remaining_seconds,
                overrun: c.overrun,
                ends: utc(c.ends),
                extension_seconds: c.extension_seconds,
                timer: segment.timer.name().into(),
                elapsed_seconds: (now - c.started).num_seconds().max(0),
                run: runs[c.index].len().max(1),
            }
        });
        let next = snapshot.next.map(|n| {
            let segment = &agenda.segments[n.index];
            NextDoc {
                index: n.index,
                title: segment.title.to_string(),
                speakers: speaker_names(segment),
                moderator: moderator_name(segment),
                planned_start: utc(segment.start),
                starts_in_seconds: n.starts_in_seconds,
                expected_start: utc(n.expected_start),
            }
        });
        let actual = actuals(agenda, log, now);
        let outlook = outlook(agenda, log, now);
        let segments = agenda
            .segments
            .iter()
            .zip(actual)
            .zip(outlook)
            .zip(&runs)
            .enumerate()
            .map(|(index, (((segment, actual), outlook), runs))| SegmentDoc {
                index,
                title: segment.title.to_string(),
                speakers: speaker_names(segment),
                moderator: moderator_name(segment),
                planned_start: utc(segment.start),
                planned_end: utc(segment.end),
                local: agenda
                    .clocks
                    .iter()
                    .map(|c| LocalSpan {
                        label: c.label.to_string(),
                        start: rfc3339(&segment.start.with_timezone(&c.timezone)),
                        end: rfc3339(&segment.end.with_timezone(&c.timezone)),
                    })
                    .collect(),
                actual_start: actual.start.map(utc),
                actual_end: actual.end.map(utc),
                actual_seconds: actual.has_run().then_some(actual.seconds),
                over_under_seconds: (actual.has_run() && !actual.live)
                    .then(|| actual.seconds - segment.planned_duration().num_seconds()),
                timer: segment.timer.name().into(),
                on_end: segment.on_end.name().into(),
                expected_start: outlook.expected_start.map(utc),
                latest_start: outlook.latest_start.map(utc),
                runs: runs
                    .iter()
                    .map(|run| RunDoc {
                        start: utc(run.start),
                        end: run.end.map(utc),
                        seconds: run.seconds,
                    })
                    .collect(),
            })
            .collect();
        Self {
            event: agenda.title.to_string(),
            now: utc(now),
            phase: snapshot.phase.name().to_string(),
            clocks,
            current,
            next,
            drift_seconds: snapshot.drift_seconds,
            projected_end: utc(snapshot.projected_end),
            message: snapshot.message.clone(),
            message_audience: snapshot
                .message
                .as_ref()
                .map(|_| snapshot.message_audience.to_string()),
            segments,
            following_schedule: snapshot.following_schedule,
            ended_at: snapshot.ended_at.map(utc),
            journal_entries: log.len(),
            signals: SignalsDoc {
                flash: snapshot.signals.flash_until.is_some(),
                flash_until: snapshot.signals.flash_until.map(utc),
                blackout: snapshot.signals.blackout,
            },
        }
    }
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Self::Before => "BEFORE THE SHOW",
            Self::Live => "LIVE",
            Self::After => "OVER",
        }
    }
}
