//! Invariants over random agendas and random operator actions, and parsers
//! that never panic whatever they are given.

use std::path::Path;

use chrono::{DateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use showclock::agenda::{self, Agenda, Diagnostic, OnEnd};
use showclock::report::{ReportFormat, StateDocument, after_show, status_text};
use showclock::show::{Action, Entry, Phase, ShowLog, Snapshot, outlook, parse_journal};

/// Zones with whole-hour, half-hour and 45-minute offsets, DST and not,
/// half-hour DST (Lord Howe) and the far side of the date line (Chatham).
const ZONES: &[&str] = &[
    "Asia/Shanghai",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "Europe/London",
    "America/St_Johns",
    "UTC",
];

/// 2022's offset changes in those zones: shows are often put near them.
const TRANSITIONS: &[&str] = &[
    "2022-03-13T10:00:00Z",
    "2022-11-06T09:00:00Z",
    "2022-03-27T01:00:00Z",
    "2022-10-30T01:00:00Z",
    "2022-04-02T15:00:00Z",
    "2022-10-01T15:30:00Z",
    "2022-04-02T14:00:00Z",
    "2022-09-24T14:00:00Z",
    "2022-03-13T05:30:00Z",
];

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

// ---------------------------------------------------------------- random agendas

#[derive(Debug, Clone)]
struct SegmentSpec {
    /// Start this many seconds after the previous segment's end (a gap), or
    /// else after its start (which may overlap it, or sit inside it).
    after_end: bool,
    offset: i64,
    duration: i64,
    hard_end: bool,
    /// Written as `duration = "...s"` rather than an end instant.
    as_duration: bool,
    /// Written with no end at all: it runs to the next start (when there is
    /// a later one).
    open: bool,
    /// `on_end = "next"`: it moves on by itself.
    moves_on: bool,
    /// Its `timer`, from `TIMERS`.
    timer: usize,
}

const TIMERS: [&str; 4] = ["down", "up", "clock", "none"];

#[derive(Debug, Clone)]
struct AgendaSpec {
    zone: usize,
    clocks: Vec<usize>,
    start: DateTime<Utc>,
    segments: Vec<SegmentSpec>,
}

fn segment_spec() -> impl Strategy<Value = SegmentSpec> {
    (
        prop::bool::weighted(0.8),
        prop_oneof![Just(0i64), 0i64..=3600],
        prop_oneof![1i64..=120, 60i64..=7200],
        prop::bool::weighted(0.2),
        any::<bool>(),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.3),
        0..TIMERS.len(),
    )
        .prop_map(
            |(after_end, offset, duration, hard_end, as_duration, open, moves_on, timer)| {
                SegmentSpec {
                    after_end,
                    offset,
                    duration,
                    hard_end,
                    as_duration,
                    open,
                    moves_on,
                    timer,
                }
            },
        )
}

fn show_start() -> impl Strategy<Value = DateTime<Utc>> {
    let year = instant("2022-01-01T00:00:00Z");
    prop_oneof![
        (0i64..365 * 86_400).prop_map(move |s| year + TimeDelta::seconds(s)),
        (prop::sample::select(TRANSITIONS), -6 * 3600i64..=6 * 3600)
            .prop_map(|(at, s)| instant(at) + TimeDelta::seconds(s)),
    ]
}

fn agenda_spec() -> impl Strategy<Value = AgendaSpec> {
    (
        0..ZONES.len(),
        prop::sample::subsequence((0..ZONES.len()).collect::<Vec<_>>(), 0..=4),
        show_start(),
        prop::collection::vec(segment_spec(), 1..12),
    )
        .prop_map(|(zone, clocks, start, segments)| AgendaSpec {
            zone,
            clocks,
            start,
            segments,
        })
}

fn written(zone: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The agenda as a person would write it, every time an exact instant in
/// the event's zone.
fn agenda_text(spec: &AgendaSpec) -> String {
    let zone: Tz = ZONES[spec.zone].parse().unwrap();
    let mut out = format!(
        "[event]\ntitle = \"Random show\"\ndate = {}\ntimezone = \"{}\"\n",
        spec.start.with_timezone(&zone).date_naive(),
        ZONES[spec.zone]
    );
    for (n, &clock) in spec.clocks.iter().enumerate() {
        let format = if n % 2 == 1 { "12h" } else { "24h" };
        out.push_str(&format!(
            "\n[[clock]]\nlabel = \"C{clock}\"\ntimezone = \"{}\"\nhour_format = \"{format}\"\n",
            ZONES[clock]
        ));
    }
    let (mut previous_start, mut previous_end) = (spec.start, spec.start);
    let mut starts = Vec::new();
    for (k, s) in spec.segments.iter().enumerate() {
        let base = if s.after_end || k == 0 {
            previous_end
        } else {
            previous_start
        };
        let start = base + TimeDelta::seconds(s.offset);
        (previous_start, previous_end) = (start, start + TimeDelta::seconds(s.duration));
        starts.push(start);
    }
    for (k, s) in spec.segments.iter().enumerate() {
        let start = starts[k];
        let end = start + TimeDelta::seconds(s.duration);
        out.push_str(&format!(
            "\n[[segment]]\ntitle = \"S{k}\"\nstart = \"{}\"\n",
            written(zone, start)
        ));
        let runs_to_next = starts.get(k + 1).is_some_and(|&next| next > start);
        if s.open && runs_to_next {
            // No end: it runs to the next start.
        } else if s.as_duration {
            out.push_str(&format!("duration = \"{}s\"\n", s.duration));
        } else {
            out.push_str(&format!("end = \"{}\"\n", written(zone, end)));
        }
        if s.hard_end {
            out.push_str("hard_end = true\n");
        }
        if s.moves_on {
            out.push_str("on_end = \"next\"\n");
        }
        out.push_str(&format!("timer = \"{}\"\n", TIMERS[s.timer]));
    }
    out
}

fn parse_valid(text: &str) -> Result<Agenda, TestCaseError> {
    match agenda::parse("random.toml", text) {
        Ok(load) => Ok(load.agenda),
        Err(problems) => Err(TestCaseError::fail(format!(
            "a generated agenda was refused:\n{}\n{text}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ))),
    }
}

// ---------------------------------------------------------------- random actions

fn action(segments: usize) -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => Just(Action::Start),
        5 => Just(Action::Next),
        3 => Just(Action::Prev),
        2 => (0..segments + 2).prop_map(|index| Action::Goto { index }),
        2 => (-900i64..=900).prop_map(|seconds| Action::Extend { seconds }),
        1 => "[a-z \u{1b}]{0,8}".prop_map(|text| Action::Message { text, audience: Default::default() }),
        1 => Just(Action::ClearMessage),
        1 => Just(Action::End),
        1 => Just(Action::Flash),
        1 => Just(Action::Blackout),
        1 => Just(Action::Unblackout),
    ]
}

/// Gaps between actions (ms), each with an action and a later instant to look at.
fn actions() -> impl Strategy<Value = Vec<(u32, Action, u32)>> {
    prop::collection::vec(
        (
            prop_oneof![Just(0u32), 0u32..=1_200_000],
            action(12),
            0u32..=900_000,
        ),
        0..30,
    )
}

// ---------------------------------------------------------------- invariants

fn contains(agenda: &Agenda, index: usize, now: DateTime<Utc>) -> bool {
    let s = &agenda.segments[index];
    s.start <= now && now < s.end
}

/// What holds of every snapshot, whatever led to it.
fn check(agenda: &Agenda, s: &Snapshot) -> Result<(), TestCaseError> {
    let now = s.now;
    let count = agenda.segments.len();
    let latest_end = agenda.segments.iter().map(|s| s.end).max();
    prop_assert_eq!(Some(agenda.end()), latest_end);
    prop_assert_eq!(agenda.start(), agenda.segments[0].start);
    match s.phase {
        Phase::Before => {
            prop_assert!(s.following_schedule);
            prop_assert!(s.current.is_none());
            prop_assert_eq!(s.next.map(|n| n.index), Some(0));
            prop_assert!(now < agenda.start());
            prop_assert!(s.ended_at.is_none());
        }
        Phase::Live => prop_assert!(s.ended_at.is_none()),
        Phase::After => {
            prop_assert!(s.ended_at.is_some());
            prop_assert!(s.current.is_none() && s.next.is_none());
        }
    }
    if let Some(c) = s.current {
        prop_assert_eq!(s.phase, Phase::Live);
        prop_assert!(c.index < count);
        if s.following_schedule {
            // The next segment is the first planned to start after `now`
            // (the following one, unless it overlaps into this one).
            let upcoming = (0..count).find(|&i| agenda.segments[i].start > now);
            prop_assert_eq!(s.next.map(|n| n.index), upcoming);
        } else {
            // Cued by the operator, the next one is the following one.
            prop_assert_eq!(
                s.next.map(|n| n.index),
                (c.index + 1 < count).then_some(c.index + 1)
            );
        }
        if c.remaining_seconds < 0 {
            prop_assert!(c.overrun, "{:?}", c);
        }
        if c.overrun {
            prop_assert!(c.remaining_seconds <= 0, "{:?}", c);
        } else {
            prop_assert!(c.remaining_seconds >= 0, "{:?}", c);
        }
        prop_assert!(c.started <= now);
        let segment = &agenda.segments[c.index];
        let expected_end = if segment.hard_end {
            segment.end
        } else {
            c.started + segment.planned_duration()
        } + TimeDelta::seconds(c.extension_seconds);
        prop_assert_eq!(c.ends, expected_end);
    }
    if let Some(n) = s.next {
        prop_assert!(n.index < count);
        prop_assert!(n.starts_in_seconds >= 0);
    }
    let projected = agenda.end() + TimeDelta::seconds(s.drift_seconds);
    prop_assert!(
        (s.projected_end - projected).abs() < TimeDelta::seconds(1),
        "projected end {} is not planned end + drift {}",
        s.projected_end,
        s.drift_seconds
    );
    if s.following_schedule {
        prop_assert_eq!(s.drift_seconds, 0);
        prop_assert_eq!(s.projected_end, agenda.end());
        let running: Vec<usize> = (0..count).filter(|&i| contains(agenda, i, now)).collect();
        match s.current {
            // The latest-started of the segments planned at `now`.
            Some(c) => {
                prop_assert_eq!(Some(&c.index), running.last());
                prop_assert_eq!(c.started, agenda.segments[c.index].start);
                prop_assert!(!c.overrun);
            }
            None => {
                prop_assert!(running.is_empty(), "{:?} planned at {}", running, now);
                match s.phase {
                    Phase::Live => {
                        let n = s.next.expect("a gap has a next segment");
                        prop_assert!(now < agenda.segments[n.index].start);
                    }
                    Phase::After => prop_assert!(now >= agenda.end()),
                    Phase::Before => {}
                }
            }
        }
    } else if s.phase == Phase::Live {
        // Once the operator is in charge something is always cued.
        prop_assert!(s.current.is_some());
    }
    Ok(())
}

fn document_checks(agenda: &Agenda, log: &ShowLog, s: &Snapshot) -> Result<(), TestCaseError> {
    // Expected starts: none in the past while the operator runs the show,
    // none before the planned start unless the slot before moves on by
    // itself; latest starts back-timed from the planned end.
    let ahead = outlook(agenda, log, s.now);
    for (i, o) in ahead.iter().enumerate() {
        let segment = &agenda.segments[i];
        if let Some(expected) = o.expected_start {
            prop_assert!(s.phase != Phase::After);
            if !s.following_schedule {
                prop_assert!(expected >= s.now, "segment {} expected at {}", i, expected);
            }
            let moved_on = i > 0 && agenda.segments[i - 1].on_end == OnEnd::Next;
            if !moved_on {
                prop_assert!(expected >= segment.start, "segment {} before its plan", i);
            }
        }
        if let Some(latest) = o.latest_start {
            prop_assert!(latest + segment.planned_duration() <= agenda.end());
        }
    }
    let doc = StateDocument::build(agenda, log, s);
    prop_assert_eq!(doc.segments.len(), agenda.segments.len());
    for segment in &doc.segments {
        prop_assert_eq!(segment.local.len(), agenda.clocks.len());
    }
    let json = serde_json::to_string(&doc).unwrap();
    let back: StateDocument = serde_json::from_str(&json).unwrap();
    prop_assert_eq!(back, doc);
    Ok(())
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn the_schedule_alone_is_consistent_at_any_instant(
        spec in agenda_spec(),
        probes in prop::collection::vec(-3_600_000i64..=40_000_000, 1..24),
    ) {
        let agenda = parse_valid(&agenda_text(&spec))?;
        let log = ShowLog::default();
        for probe in probes {
            let now = agenda.start() + TimeDelta::milliseconds(probe);
            let s = log.snapshot(&agenda, now);
            check(&agenda, &s)?;
        }
        // Exactly at every planned boundary too.
        for segment in &agenda.segments {
            for now in [segment.start, segment.end, segment.end - TimeDelta::milliseconds(1)] {
                check(&agenda, &log.snapshot(&agenda, now))?;
            }
        }
    }

    #[test]
    fn operator_actions_keep_the_state_consistent(
        spec in agenda_spec(),
        steps in actions(),
        lead in 0i64..=2_400_000,
    ) {
        let agenda = parse_valid(&agenda_text(&spec))?;
        let count = agenda.segments.len();
        let mut log = ShowLog::default();
        let mut entries: Vec<Entry> = Vec::new();
        let mut now = agenda.start() - TimeDelta::milliseconds(lead);
        // Until the operator goes back (`prev`), a slot that moves on by
        // itself never runs over.
        let mut went_back = false;
        for (gap, action, look_later) in steps {
            now += TimeDelta::milliseconds(gap.into());
            let before = log.clone();
            let entry = Entry::new(now, action.clone());
            let out_of_range = matches!(action, Action::Goto { index } if index >= count);
            match log.apply(&agenda, &entry) {
                Ok(()) => {
                    prop_assert!(!out_of_range, "goto past the end was accepted");
                    entries.push(entry);
                }
                Err(message) => {
                    prop_assert!(out_of_range, "{:?} refused: {}", action, message);
                    prop_assert_eq!(&log, &before, "a refused action changed the state");
                    continue;
                }
            }
            let s = log.snapshot(&agenda, now);
            check(&agenda, &s)?;
            let later = log.snapshot(&agenda, now + TimeDelta::milliseconds(look_later.into()));
            check(&agenda, &later)?;
            went_back |= action == Action::Prev;
            for snapshot in [&s, &later] {
                if let Some(c) = snapshot.current.filter(|c| c.overrun && !went_back) {
                    prop_assert_eq!(agenda.segments[c.index].on_end, OnEnd::Overrun);
                }
            }
            document_checks(&agenda, &log, &later)?;

            // A cue of the operator's (not one a slot's end made by itself,
            // written down as this entry came).
            let operator_cues = |log: &ShowLog| log.cues().iter().filter(|c| !c.automatic).count();
            let cued = operator_cues(&log) > operator_cues(&before);
            // A slot cued past its end (a hard out gone by, one shortened
            // below zero) moves on by itself at once.
            let moved_on = log.cues_until(&agenda, now).len() > log.cues().len();
            match &action {
                Action::End => {
                    prop_assert_eq!(s.phase, Phase::After);
                    prop_assert!(s.ended_at.unwrap() <= now);
                }
                Action::Goto { index } if !moved_on => {
                    let c = s.current.expect("goto cues a segment");
                    prop_assert_eq!((c.index, c.started), (*index, now));
                }
                Action::Next if cued && !moved_on => {
                    if let Some(c) = s.current {
                        prop_assert_eq!(c.started, now);
                    } else {
                        prop_assert_eq!(s.phase, Phase::After);
                        prop_assert_eq!(s.ended_at, Some(now));
                    }
                }
                // (A message sent as the show ends by itself goes with the
                // show, as one sent before the end does.)
                Action::Message { text, .. } if !moved_on => {
                    prop_assert_eq!(s.message.as_deref(), Some(text.as_str()));
                }
                Action::ClearMessage => prop_assert_eq!(&s.message, &None),
                _ => {}
            }
            // `prev` right after any cue gives back exactly the state before
            // it (unless the cue's slot has already moved on by itself, as
            // one shortened past its end does: `prev` then undoes that).
            if cued && !moved_on {
                let mut undone = log.clone();
                undone
                    .apply(&agenda, &Entry::new(now, Action::Prev))
                    .unwrap();
                prop_assert_eq!(
                    undone.snapshot(&agenda, now),
                    before.snapshot(&agenda, now),
                    "prev after {:?}", action
                );
            }
        }

        // Replaying the journal, as after a crash, gives the same state.
        let replayed = ShowLog::replay(&agenda, &entries).unwrap();
        prop_assert_eq!(&replayed, &log);
        let text: String = entries
            .iter()
            .map(|e| serde_json::to_string(e).unwrap() + "\n")
            .collect();
        let read_back = parse_journal("show.jsonl", &text)
            .map_err(|p| TestCaseError::fail(format!("{p:?}\n{text}")))?;
        prop_assert_eq!(&read_back, &entries);
        let from_file = ShowLog::replay(&agenda, &read_back).unwrap();
        for at in [now, now + TimeDelta::hours(1)] {
            prop_assert_eq!(
                StateDocument::build(&agenda, &from_file, &from_file.snapshot(&agenda, at)),
                StateDocument::build(&agenda, &log, &log.snapshot(&agenda, at))
            );
        }
        // Every view of the final state can be drawn.
        let s = log.snapshot(&agenda, now);
        prop_assert!(status_text(showclock::i18n::english(), &agenda, &log, &s).starts_with("Random show — "));
        for format in [ReportFormat::Markdown, ReportFormat::Csv] {
            let report = after_show(showclock::i18n::english(), &agenda, &log, now, format);
            prop_assert!(report.lines().count() >= count + 2);
        }
    }
}

// ---------------------------------------------------------------- parsers never panic

fn located(text: &str, problems: &[Diagnostic]) -> Result<(), TestCaseError> {
    let lines = text.split('\n').count();
    prop_assert!(!problems.is_empty());
    for p in problems {
        prop_assert!(p.line >= 1 && p.line <= lines, "{} in {} lines", p, lines);
        prop_assert!(p.column >= 1, "{}", p);
        prop_assert!(!p.message.is_empty());
    }
    Ok(())
}

/// Whatever the parser accepts, the engine can run.
fn run_accepted(agenda: &Agenda) -> Result<(), TestCaseError> {
    let log = ShowLog::default();
    let (start, end) = (agenda.start(), agenda.end());
    for now in [
        start - TimeDelta::hours(1),
        start,
        start + (end - start) / 2,
        end,
    ] {
        let s = log.snapshot(agenda, now);
        check(agenda, &s)?;
        document_checks(agenda, &log, &s)?;
    }
    Ok(())
}

fn shipped_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("agenda.toml")).unwrap()
}

const TOKENS: &[&str] = &[
    "[[segment]]\n",
    "[[clock]]\n",
    "[event]\n",
    "[alerts]\n",
    "\"",
    "=",
    "\n",
    "#",
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "09:35",
    "23:59",
    "00:00",
    "02:30",
    "2022-03-13",
    "2022-11-06",
    "date = 2022-03-13\n",
    "date = 2022-10-02\n",
    "timezone = \"America/Los_Angeles\"\n",
    "timezone = \"Australia/Lord_Howe\"\n",
    "timezone = \"Asia/Shangai\"\n",
    "duration = \"25h\"\n",
    "duration = \"0s\"\n",
    "duration = \"1h30m\"\n",
    "hard_end = true\n",
    "start = \"01:30\"\n",
    "end = \"09:00\"\n",
    "start = 2022-06-01T09:00:00+08:00\n",
    "end = \"2022-06-01T09:00:00Z\"\n",
    "speakers = [{ name = \"x\", timezone = \"Asia/Kathmandu\" }]\n",
    "moderator = 1\n",
    "label = \"Beijing\"\n",
    "\u{0}",
    "é",
    "\u{1b}[2J",
    "9999-12-31",
    "0000-01-01",
    "99999999999h",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Token(usize, usize),
    Text(usize, String),
    Digit(usize, char),
    DuplicateLine(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete(at, len)),
        3 => (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Mutation::Token(at, t)),
        1 => (any::<usize>(), ".{0,6}").prop_map(|(at, s)| Mutation::Text(at, s)),
        4 => (any::<usize>(), prop::char::range('0', '9')).prop_map(|(at, d)| Mutation::Digit(at, d)),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        let at = |i: usize, chars: &Vec<char>| i % (chars.len() + 1);
        match m {
            Mutation::Delete(i, len) => {
                let from = at(*i, &chars);
                let to = (from + len).min(chars.len());
                chars.drain(from..to);
            }
            Mutation::Token(i, t) => {
                let from = at(*i, &chars);
                chars.splice(from..from, TOKENS[*t].chars());
            }
            Mutation::Text(i, s) => {
                let from = at(*i, &chars);
                chars.splice(from..from, s.chars());
            }
            Mutation::Digit(i, d) => {
                let digits: Vec<usize> = (0..chars.len())
                    .filter(|&k| chars[k].is_ascii_digit())
                    .collect();
                if !digits.is_empty() {
                    chars[digits[i % digits.len()]] = *d;
                }
            }
            Mutation::DuplicateLine(i) => {
                let text: String = chars.iter().collect();
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                if !lines.is_empty() {
                    let k = i % lines.len();
                    let mut out = lines[..=k].concat();
                    out.push_str(&lines[k..].concat());
                    chars = out.chars().collect();
                }
            }
            Mutation::Truncate(i) => {
                let keep = at(*i, &chars);
                chars.truncate(keep);
            }
        }
    }
    chars.into_iter().collect()
}

fn any_agenda_text(text: &str) -> Result<(), TestCaseError> {
    match agenda::parse("fuzz.toml", text) {
        Ok(load) => run_accepted(&load.agenda),
        Err(problems) => located(text, &problems),
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_agenda_parser_never_panics_on_arbitrary_text(text in any::<String>()) {
        any_agenda_text(&text)?;
    }

    #[test]
    fn the_agenda_parser_never_panics_on_toml_like_text(
        text in "(\\[\\[?[a-z]{1,8}\\]\\]?\n|[a-z_]{1,10} = (\"[^\"\n]{0,12}\"|[0-9:T+-]{1,12}|true|\\[\\]|\\{ ?\\})\n|\n)*",
    ) {
        any_agenda_text(&text)?;
    }

    #[test]
    fn the_agenda_parser_never_panics_on_a_mutated_shipped_agenda(
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let text = mutate(&shipped_text(), &mutations);
        any_agenda_text(&text)?;
    }

    /// Whatever damage a journal has, repair keeps a journal that replays:
    /// every non-blank line is either kept or set aside, never both, and
    /// what is kept is in file order, in time order, and takes place.
    #[test]
    fn repairing_any_journal_leaves_one_that_replays(
        lines in prop::collection::vec(
            prop_oneof![3 => journal_line(), 1 => any::<String>()],
            0..16,
        ),
        torn in any::<bool>(),
    ) {
        let mut text = lines.join("\n");
        if !torn {
            text.push('\n');
        }
        let raw = showclock::show::raw_lines(text.as_bytes()).unwrap();
        let agenda = shipped();
        let examined = showclock::show::examine(&raw, Some(&agenda));
        let kept: Vec<usize> = examined.kept.iter().map(|(n, _)| *n).collect();
        let mut set_aside: Vec<usize> = examined.rejected.iter().map(|(n, _)| *n).collect();
        set_aside.extend(examined.torn);
        prop_assert!(kept.windows(2).all(|w| w[0] < w[1]));
        for number in &kept {
            prop_assert!(!set_aside.contains(number));
        }
        let non_blank = raw
            .iter()
            .filter(|line| !String::from_utf8_lossy(&line.bytes).trim().is_empty() || line.too_long)
            .count();
        prop_assert_eq!(kept.len() + set_aside.len(), non_blank);
        let entries: Vec<Entry> = examined.kept.iter().map(|(_, e)| e.clone()).collect();
        prop_assert!(ShowLog::replay(&agenda, &entries).is_ok());
        // The repaired text reads back as exactly those entries.
        let repaired: String = examined
            .kept
            .iter()
            .map(|(n, _)| format!("{}\n", String::from_utf8_lossy(&raw[n - 1].bytes)))
            .collect();
        prop_assert_eq!(parse_journal("repaired.jsonl", &repaired).unwrap(), entries);
    }

    #[test]
    fn the_journal_parser_never_panics_on_arbitrary_text(text in any::<String>()) {
        if let Err(problems) = parse_journal("fuzz.jsonl", &text) {
            located(&text, &problems)?;
        }
    }

    #[test]
    fn the_journal_parser_and_replay_never_panic_on_json_like_lines(
        lines in prop::collection::vec(journal_line(), 0..12),
        look in prop::sample::select(vec![
            "2022-06-01T08:00:00+08:00",
            "2022-06-01T09:27:00+08:00",
            "2022-06-01T12:00:00+08:00",
            "9999-12-31T23:59:59Z",
        ]),
    ) {
        let text = lines.join("\n");
        match parse_journal("fuzz.jsonl", &text) {
            Err(problems) => located(&text, &problems)?,
            Ok(entries) => {
                for pair in entries.windows(2) {
                    prop_assert!(pair[0].at <= pair[1].at);
                }
                let agenda = shipped();
                // As `status --at` does: what was done by then.
                let now = instant(look);
                let so_far = entries.partition_point(|e| e.at <= now);
                if let Ok(log) = ShowLog::replay(&agenda, &entries[..so_far]) {
                    let s = log.snapshot(&agenda, now);
                    check(&agenda, &s)?;
                    document_checks(&agenda, &log, &s)?;
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn loading_arbitrary_bytes_never_panics(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            (prop::collection::vec((any::<usize>(), any::<u8>()), 1..6)).prop_map(|flips| {
                let mut bytes = shipped_text().into_bytes();
                for (at, byte) in flips {
                    let k = at % bytes.len();
                    bytes[k] = byte;
                }
                bytes
            }),
        ],
    ) {
        let dir = std::env::temp_dir().join(format!("showclock-props-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("fuzz.toml");
        std::fs::write(&path, &bytes).unwrap();
        let outcome = agenda::load(&path);
        let _ = std::fs::remove_file(&path);
        match outcome {
            Ok(load) => run_accepted(&load.agenda)?,
            Err(problems) => {
                let text = String::from_utf8_lossy(&bytes);
                located(&text, &problems)?;
            }
        }
    }
}

fn shipped() -> Agenda {
    agenda::parse("agenda.toml", &shipped_text())
        .unwrap()
        .agenda
}

/// Lines shaped like journal entries, with odd values in every field.
fn journal_line() -> impl Strategy<Value = String> {
    let at = prop_oneof![
        (0i64..14_400).prop_map(|s| format!(
            "\"{}\"",
            (instant("2022-06-01T08:30:00+08:00") + TimeDelta::seconds(s)).to_rfc3339()
        )),
        prop::sample::select(vec![
            "\"0000-01-01T00:00:00Z\"",
            "\"9999-12-31T23:59:59.999999999Z\"",
            "\"2022-06-01T09:00:00+23:59\"",
            "\"2022-02-30T09:00:00Z\"",
            "\"yesterday\"",
            "12",
            "null",
        ])
        .prop_map(String::from),
    ];
    let action = prop::sample::select(vec![
        "start",
        "next",
        "prev",
        "goto",
        "extend",
        "message",
        "clear_message",
        "end",
        "nxt",
        "",
    ]);
    let value = prop::sample::select(vec![
        "0",
        "3",
        "5",
        "6",
        "-1",
        "86400",
        "86401",
        "-86400",
        "9223372036854775807",
        "-9223372036854775808",
        "18446744073709551616",
        "1e300",
        "0.5",
        "\"x\"",
        "\"Wrap up\\u001b[2J\"",
        "null",
        "[]",
        "{}",
    ]);
    let field = prop::sample::select(vec!["index", "seconds", "text", "extra"]);
    (
        at,
        action,
        prop::collection::vec((field, value), 0..3),
        prop::bool::weighted(0.05),
    )
        .prop_map(|(at, action, fields, garble)| {
            let mut line = format!("{{\"at\": {at}, \"action\": \"{action}\"");
            for (field, value) in fields {
                line.push_str(&format!(", \"{field}\": {value}"));
            }
            line.push('}');
            if garble {
                line.truncate(line.len() / 2);
            }
            line
        })
}

#[test]
fn a_zone_near_every_transition_is_exercised() {
    // The random agendas above are centred on these instants: each really is
    // a change of offset in one of the zones.
    for at in TRANSITIONS {
        let at = instant(at);
        let changes = ZONES.iter().any(|name| {
            let zone: Tz = name.parse().unwrap();
            let offset = |at: DateTime<Utc>| zone.offset_from_utc_datetime(&at.naive_utc()).fix();
            let (before, after) = (
                offset(at - TimeDelta::minutes(1)),
                offset(at + TimeDelta::minutes(1)),
            );
            before != after
        });
        assert!(changes, "nothing changes offset at {at}");
    }
}
