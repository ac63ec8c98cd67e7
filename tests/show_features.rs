//! Issue 11 at fixed instants: timer types, segments that move on by
//! themselves, expected and latest starts, flash and blackout.

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

use showclock::agenda::{self, Agenda, OnEnd, TimerKind};
use showclock::report::StateDocument;
use showclock::show::{Action, Entry, Phase, ShowLog, Snapshot, actuals, outlook, parse_journal};
use showclock::ui::{Overlay, Screen, Theme, ViewKind, draw};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .to_utc()
}

fn inline(text: &str) -> Agenda {
    agenda::parse("inline.toml", text)
        .unwrap_or_else(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!("{}", lines.join("\n"))
        })
        .agenda
}

fn problems(text: &str) -> String {
    match agenda::parse("inline.toml", text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(problems) => problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn entries(actions: &[(&str, Action)]) -> Vec<Entry> {
    actions
        .iter()
        .map(|(when, action)| Entry::new(at(when), action.clone()))
        .collect()
}

fn replay(agenda: &Agenda, actions: &[(&str, Action)]) -> ShowLog {
    ShowLog::replay(agenda, &entries(actions)).unwrap()
}

fn snap(agenda: &Agenda, actions: &[(&str, Action)], now: &str) -> Snapshot {
    replay(agenda, actions).snapshot(agenda, at(now))
}

fn live(s: &Snapshot) -> Option<(usize, DateTime<Utc>)> {
    s.current.map(|c| (c.index, c.started))
}

fn state(agenda: &Agenda, actions: &[(&str, Action)], now: &str) -> serde_json::Value {
    let log = replay(agenda, actions);
    let snapshot = log.snapshot(agenda, at(now));
    serde_json::to_value(StateDocument::build(agenda, &log, &snapshot)).unwrap()
}

/// Three back-to-back UTC segments that move on by themselves.
fn linked() -> Agenda {
    inline(
        r#"
[event]
title = "Linked"
date = 2022-06-01
timezone = "UTC"
on_end = "next"

[[segment]]
title = "A"
start = "09:00"
end = "09:10"

[[segment]]
title = "B"
start = "09:10"
end = "09:20"
timer = "up"

[[segment]]
title = "C"
start = "09:20"
end = "09:30"
on_end = "overrun"
"#,
    )
}

// ------------------------------------------------------------ the agenda

#[test]
fn timer_and_on_end_are_read_with_the_shows_default() {
    let agenda = linked();
    let timers: Vec<TimerKind> = agenda.segments.iter().map(|s| s.timer).collect();
    assert_eq!(timers, [TimerKind::Down, TimerKind::Up, TimerKind::Down]);
    let ends: Vec<OnEnd> = agenda.segments.iter().map(|s| s.on_end).collect();
    assert_eq!(ends, [OnEnd::Next, OnEnd::Next, OnEnd::Overrun]);

    let from_alerts = inline(
        r#"
[event]
title = "T"
date = 2022-06-01
timezone = "UTC"
[alerts]
on_end = "next"
[[segment]]
title = "A"
start = "09:00"
end = "09:10"
timer = "clock"
"#,
    );
    assert_eq!(from_alerts.segments[0].on_end, OnEnd::Next);
    assert_eq!(from_alerts.segments[0].timer, TimerKind::Clock);
}

#[test]
fn check_names_the_nearest_valid_value() {
    let text = r#"
[event]
title = "T"
date = 2022-06-01
timezone = "UTC"
on_end = "nxet"
[[segment]]
title = "A"
start = "09:00"
end = "09:10"
timer = "dwon"
"#;
    let out = problems(text);
    assert!(
        out.contains(
            "inline.toml:6:10: error: unknown on_end \"nxet\" in [event]: did you mean \"next\"?"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "inline.toml:11:9: error: unknown timer \"dwon\" in [[segment]]: did you mean \"down\"?"
        ),
        "{out}"
    );
    let far = problems(&text.replace("dwon", "stopwatch").replace("nxet", "next"));
    assert!(far.contains("use `down`, `up`, `clock`, `none`"), "{far}");
}

#[test]
fn the_show_default_is_given_once() {
    let out = problems(
        r#"
[event]
title = "T"
date = 2022-06-01
timezone = "UTC"
on_end = "next"
[alerts]
on_end = "overrun"
[[segment]]
title = "A"
start = "09:00"
end = "09:10"
"#,
    );
    assert!(out.contains("keep one of them"), "{out}");
}

// ---------------------------------------------------------- auto-advance

#[test]
fn a_slot_that_runs_out_cues_the_next_by_itself() {
    let agenda = linked();
    let started = [("2022-06-01T09:02:00Z", Action::Start)];
    // A runs 09:02 to 09:12 (its ten minutes from the cue).
    let s = snap(&agenda, &started, "2022-06-01T09:11:59Z");
    assert_eq!(live(&s), Some((0, at("2022-06-01T09:02:00Z"))));
    assert_eq!(s.next.unwrap().expected_start, at("2022-06-01T09:12:00Z"));
    let s = snap(&agenda, &started, "2022-06-01T09:12:00Z");
    assert_eq!(live(&s), Some((1, at("2022-06-01T09:12:00Z"))));
    assert!(!s.current.unwrap().overrun);
    // B moves on too; C (on_end = overrun) runs over.
    let s = snap(&agenda, &started, "2022-06-01T09:33:00Z");
    assert_eq!(live(&s), Some((2, at("2022-06-01T09:22:00Z"))));
    assert!(s.current.unwrap().overrun);
    assert_eq!(s.current.unwrap().remaining_seconds, -60);
    // The timeline and the state document see the same automatic starts.
    let log = replay(&agenda, &started);
    let actual = actuals(&agenda, &log, at("2022-06-01T09:33:00Z"));
    assert_eq!(actual[1].start, Some(at("2022-06-01T09:12:00Z")));
    assert_eq!(actual[1].end, Some(at("2022-06-01T09:22:00Z")));
    let doc = state(&agenda, &started, "2022-06-01T09:33:00Z");
    assert_eq!(doc["segments"][1]["actual_start"], "2022-06-01T09:12:00Z");
    assert_eq!(doc["current"]["index"], 2);
    assert_eq!(doc["segments"][0]["on_end"], "next");
}

#[test]
fn the_operators_cue_before_the_end_wins() {
    let agenda = linked();
    let early = [
        ("2022-06-01T09:02:00Z", Action::Start),
        ("2022-06-01T09:08:00Z", Action::Next),
    ];
    let s = snap(&agenda, &early, "2022-06-01T09:12:30Z");
    assert_eq!(live(&s), Some((1, at("2022-06-01T09:08:00Z"))));
    // A cue at the very instant of the end is the operator's: one step, not two.
    let exact = [
        ("2022-06-01T09:02:00Z", Action::Start),
        ("2022-06-01T09:12:00Z", Action::Next),
    ];
    let s = snap(&agenda, &exact, "2022-06-01T09:12:30Z");
    assert_eq!(live(&s), Some((1, at("2022-06-01T09:12:00Z"))));
    // A cue after the end acts on what the end made live.
    let late = [
        ("2022-06-01T09:02:00Z", Action::Start),
        ("2022-06-01T09:13:00Z", Action::Next),
    ];
    let s = snap(&agenda, &late, "2022-06-01T09:13:30Z");
    assert_eq!(live(&s), Some((2, at("2022-06-01T09:13:00Z"))));
    // Extending the slot moves its end, and the automatic cue with it.
    let extended = [
        ("2022-06-01T09:02:00Z", Action::Start),
        ("2022-06-01T09:05:00Z", Action::Extend { seconds: 120 }),
    ];
    let s = snap(&agenda, &extended, "2022-06-01T09:13:00Z");
    assert_eq!(live(&s).map(|l| l.0), Some(0));
    let s = snap(&agenda, &extended, "2022-06-01T09:14:00Z");
    assert_eq!(live(&s), Some((1, at("2022-06-01T09:14:00Z"))));
}

#[test]
fn undo_after_an_automatic_cue_holds_the_slot_it_left() {
    let agenda = linked();
    let back = [
        ("2022-06-01T09:00:00Z", Action::Start),
        ("2022-06-01T09:11:00Z", Action::Prev),
    ];
    let s = snap(&agenda, &back, "2022-06-01T09:15:00Z");
    assert_eq!(live(&s), Some((0, at("2022-06-01T09:00:00Z"))));
    assert!(s.current.unwrap().overrun);
}

#[test]
fn the_last_slot_moving_on_ends_the_show() {
    let agenda = inline(
        r#"
[event]
title = "T"
date = 2022-06-01
timezone = "UTC"
[[segment]]
title = "Only"
start = "09:00"
end = "09:10"
on_end = "next"
"#,
    );
    let started = [
        ("2022-06-01T09:00:00Z", Action::Start),
        (
            "2022-06-01T09:01:00Z",
            Action::Message {
                text: "Wrap".into(),
                audience: Default::default(),
            },
        ),
    ];
    let s = snap(&agenda, &started, "2022-06-01T09:10:00Z");
    assert_eq!(s.phase, Phase::After);
    assert_eq!(s.ended_at, Some(at("2022-06-01T09:10:00Z")));
    // "Wrap up" goes with the show it was sent in.
    assert_eq!(s.message, None);
}

#[test]
fn moving_on_by_itself_across_midnight() {
    let agenda = inline(
        r#"
[event]
title = "Late"
date = 2022-12-31
timezone = "America/New_York"
on_end = "next"
[[segment]]
title = "Countdown"
start = "23:50"
end = "00:00"
[[segment]]
title = "Toast"
start = "00:00"
duration = "5m"
[[segment]]
title = "Dance"
start = "00:05"
duration = "1h"
"#,
    );
    // Started three minutes late in New York: 23:53 EST = 04:53 UTC.
    let started = [("2023-01-01T04:53:00Z", Action::Start)];
    let s = snap(&agenda, &started, "2023-01-01T05:03:00Z");
    assert_eq!(live(&s), Some((1, at("2023-01-01T05:03:00Z"))));
    let s = snap(&agenda, &started, "2023-01-01T05:08:00Z");
    assert_eq!(live(&s), Some((2, at("2023-01-01T05:08:00Z"))));
    let doc = state(&agenda, &started, "2023-01-01T04:55:00Z");
    assert_eq!(doc["segments"][1]["expected_start"], "2023-01-01T05:03:00Z");
    assert_eq!(doc["segments"][2]["expected_start"], "2023-01-01T05:08:00Z");
    // Back-timed from the planned end, 01:05 EST.
    assert_eq!(doc["segments"][2]["latest_start"], "2023-01-01T05:05:00Z");
    assert_eq!(doc["segments"][1]["latest_start"], "2023-01-01T05:00:00Z");
}

#[test]
fn moving_on_by_itself_across_a_dst_change() {
    // London springs forward at 01:00 GMT on 27 March 2022: 01:00 becomes 02:00.
    let agenda = inline(
        r#"
[event]
title = "Night"
date = 2022-03-27
timezone = "Europe/London"
on_end = "next"
[[segment]]
title = "Before"
start = "00:40"
duration = "30m"
[[segment]]
title = "After"
start = "02:10"
duration = "20m"
"#,
    );
    assert_eq!(agenda.segments[0].end, at("2022-03-27T01:10:00Z"));
    assert_eq!(agenda.segments[1].start, at("2022-03-27T01:10:00Z"));
    let started = [("2022-03-27T00:45:00Z", Action::Start)];
    let s = snap(&agenda, &started, "2022-03-27T01:15:00Z");
    assert_eq!(live(&s), Some((1, at("2022-03-27T01:15:00Z"))));
    let doc = state(&agenda, &started, "2022-03-27T00:50:00Z");
    assert_eq!(doc["segments"][1]["expected_start"], "2022-03-27T01:15:00Z");
    assert_eq!(doc["segments"][1]["latest_start"], "2022-03-27T01:10:00Z");
}

// --------------------------------------------- expected and latest starts

/// A UTC show with a ten-minute break between its first two segments.
fn with_break() -> Agenda {
    inline(
        r#"
[event]
title = "Break"
date = 2022-06-01
timezone = "UTC"
[[segment]]
title = "A"
start = "09:00"
end = "09:10"
[[segment]]
title = "B"
start = "09:20"
end = "09:30"
[[segment]]
title = "C"
start = "09:30"
duration = "15m"
"#,
    )
}

#[test]
fn a_break_absorbs_a_delay_and_back_timing_counts_from_the_planned_end() {
    let agenda = with_break();
    let outlook_at = |actions: &[(&str, Action)], now: &str| {
        let log = replay(&agenda, actions);
        outlook(&agenda, &log, at(now))
    };
    // On schedule: everything as planned.
    let plan = outlook_at(&[], "2022-06-01T08:00:00Z");
    let expected: Vec<_> = plan.iter().map(|o| o.expected_start).collect();
    assert_eq!(
        expected,
        [
            Some(at("2022-06-01T09:00:00Z")),
            Some(at("2022-06-01T09:20:00Z")),
            Some(at("2022-06-01T09:30:00Z"))
        ]
    );
    let latest: Vec<_> = plan.iter().map(|o| o.latest_start).collect();
    assert_eq!(
        latest,
        [
            Some(at("2022-06-01T09:10:00Z")),
            Some(at("2022-06-01T09:20:00Z")),
            Some(at("2022-06-01T09:30:00Z"))
        ]
    );
    // Five minutes late: the break takes it.
    let late = [("2022-06-01T09:05:00Z", Action::Start)];
    let o = outlook_at(&late, "2022-06-01T09:06:00Z");
    assert_eq!(o[0].expected_start, None);
    assert_eq!(o[0].latest_start, None);
    assert_eq!(o[1].expected_start, Some(at("2022-06-01T09:20:00Z")));
    assert_eq!(o[2].expected_start, Some(at("2022-06-01T09:30:00Z")));
    // Fifteen minutes late (A cued in what was the break): five are left.
    let later = [("2022-06-01T09:15:00Z", Action::Goto { index: 0 })];
    let o = outlook_at(&later, "2022-06-01T09:16:00Z");
    assert_eq!(o[1].expected_start, Some(at("2022-06-01T09:25:00Z")));
    assert_eq!(o[2].expected_start, Some(at("2022-06-01T09:35:00Z")));
    // An overrun pushes what follows by the minute.
    let o = outlook_at(&later, "2022-06-01T09:28:00Z");
    assert_eq!(o[1].expected_start, Some(at("2022-06-01T09:28:00Z")));
    // Once over, nothing is expected any more.
    let over = [
        ("2022-06-01T09:00:00Z", Action::Start),
        ("2022-06-01T09:05:00Z", Action::End),
    ];
    let o = outlook_at(&over, "2022-06-01T09:06:00Z");
    assert!(o.iter().all(|o| o.expected_start.is_none()));
    // The state document carries both.
    let doc = state(&agenda, &later, "2022-06-01T09:16:00Z");
    assert_eq!(doc["segments"][1]["expected_start"], "2022-06-01T09:25:00Z");
    assert_eq!(doc["segments"][1]["latest_start"], "2022-06-01T09:20:00Z");
    assert_eq!(
        doc["segments"][0]["expected_start"],
        serde_json::Value::Null
    );
}

// ---------------------------------------------------------------- timers

#[test]
fn the_state_document_says_which_timer_runs() {
    let agenda = linked();
    let started = [("2022-06-01T09:00:00Z", Action::Start)];
    let doc = state(&agenda, &started, "2022-06-01T09:13:30Z");
    assert_eq!(doc["current"]["timer"], "up");
    assert_eq!(doc["current"]["elapsed_seconds"], 210);
    assert_eq!(doc["current"]["remaining_seconds"], 390);
    assert_eq!(doc["segments"][1]["timer"], "up");
    assert_eq!(doc["segments"][0]["timer"], "down");
}

// --------------------------------------------------------------- signals

#[test]
fn flash_lasts_three_seconds_and_blackout_until_undone() {
    let agenda = linked();
    let actions = [
        ("2022-06-01T09:00:00Z", Action::Start),
        ("2022-06-01T09:01:00Z", Action::Flash),
        ("2022-06-01T09:02:00Z", Action::Blackout),
    ];
    let s = snap(&agenda, &actions[..2], "2022-06-01T09:01:02.900Z");
    assert_eq!(s.signals.flash_until, Some(at("2022-06-01T09:01:03Z")));
    let s = snap(&agenda, &actions[..2], "2022-06-01T09:01:03Z");
    assert_eq!(s.signals.flash_until, None);
    let s = snap(&agenda, &actions, "2022-06-01T09:05:00Z");
    assert!(s.signals.blackout);
    let doc = state(&agenda, &actions[..2], "2022-06-01T09:01:01Z");
    assert_eq!(
        doc["signals"],
        serde_json::json!({"flash": true, "flash_until": "2022-06-01T09:01:03Z", "blackout": false})
    );
    let doc = state(&agenda, &actions, "2022-06-01T09:05:00Z");
    assert_eq!(doc["signals"]["blackout"], true);
    assert_eq!(doc["signals"]["flash"], false);
    let mut back = actions.to_vec();
    back.push(("2022-06-01T09:06:00Z", Action::Unblackout));
    assert!(
        !snap(&agenda, &back, "2022-06-01T09:07:00Z")
            .signals
            .blackout
    );
}

#[test]
fn the_journal_spells_the_signals_and_old_journals_replay() {
    let text = "{\"at\":\"2022-06-01T09:00:00Z\",\"action\":\"start\"}\n\
                {\"at\":\"2022-06-01T09:01:00Z\",\"action\":\"flash\"}\n\
                {\"at\":\"2022-06-01T09:02:00Z\",\"action\":\"blackout\"}\n\
                {\"at\":\"2022-06-01T09:03:00Z\",\"action\":\"unblackout\"}\n";
    let parsed = parse_journal("show.jsonl", text).unwrap();
    let names: Vec<&str> = parsed.iter().map(|e| e.action.name()).collect();
    assert_eq!(names, ["start", "flash", "blackout", "unblackout"]);
    let line = serde_json::to_string(&parsed[1]).unwrap();
    assert_eq!(
        line,
        "{\"at\":\"2022-06-01T09:01:00Z\",\"action\":\"flash\"}"
    );
    let bad = parse_journal(
        "show.jsonl",
        "{\"at\":\"2022-06-01T09:01:00Z\",\"action\":\"flsh\"}\n",
    )
    .unwrap_err();
    assert!(
        format!("{bad:?}").contains("did you mean \\\"flash\\\""),
        "{bad:?}"
    );
}

// --------------------------------------------------------------- screens

fn render(
    agenda: &Agenda,
    actions: &[(&str, Action)],
    now: &str,
    view: ViewKind,
    size: (u16, u16),
    flash_on: bool,
) -> String {
    let buffer = draw_buffer(agenda, actions, now, view, size, flash_on);
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn draw_buffer(
    agenda: &Agenda,
    actions: &[(&str, Action)],
    now: &str,
    view: ViewKind,
    size: (u16, u16),
    flash_on: bool,
) -> ratatui::buffer::Buffer {
    let entries = entries(actions);
    let log = ShowLog::replay(agenda, &entries).unwrap();
    let now = at(now);
    let snapshot = log.snapshot(agenda, now);
    let rundown = actuals(agenda, &log, now);
    let outlook = outlook(agenda, &log, now);
    let screen = Screen {
        agenda,
        snapshot: &snapshot,
        actuals: &rundown,
        outlook: &outlook,
        entries: &entries,
        view,
        overlay: &Overlay::None,
        clock_badge: None,
        bell: true,
        flash_on,
        theme: Theme::new(false),
        link: None,
        notice: None,
        sharing: None,
        watchers: None,
        wall_now: now,
        sync: None,
        lang: showclock::i18n::english(),
    };
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(|frame| draw(frame, &screen)).unwrap();
    terminal.backend().buffer().clone()
}

fn timers() -> Agenda {
    inline(
        r#"
[event]
title = "Timers"
date = 2022-06-01
timezone = "Europe/Paris"
[[clock]]
label = "Paris"
timezone = "Europe/Paris"
[[segment]]
title = "Open panel"
start = "09:00"
end = "09:30"
timer = "up"
[[segment]]
title = "Coffee"
start = "09:30"
end = "09:45"
timer = "clock"
[[segment]]
title = "Video"
start = "09:45"
end = "09:50"
timer = "none"
"#,
    )
}

#[test]
fn an_up_timer_counts_what_has_gone() {
    let screen = render(
        &timers(),
        &[],
        "2022-06-01T09:12:34+02:00",
        ViewKind::Moderator,
        (80, 24),
        true,
    );
    assert!(screen.contains("elapsed of 30:00"), "{screen}");
    insta::assert_snapshot!("timer_up", screen);
}

#[test]
fn a_clock_timer_shows_the_time_of_day() {
    let screen = render(
        &timers(),
        &[],
        "2022-06-01T09:41:10+02:00",
        ViewKind::Moderator,
        (80, 24),
        true,
    );
    assert!(screen.contains("time in Paris"), "{screen}");
    insta::assert_snapshot!("timer_clock", screen);
}

#[test]
fn no_timer_shows_dashes_and_the_title() {
    let screen = render(
        &timers(),
        &[],
        "2022-06-01T09:46:00+02:00",
        ViewKind::Producer,
        (120, 30),
        true,
    );
    assert!(
        screen.contains("--:-- no timer · NOW 3/3 Video"),
        "{screen}"
    );
    insta::assert_snapshot!("timer_none_producer", screen);
}

#[test]
fn the_rundown_shows_expected_and_latest_starts_in_every_clock() {
    let agenda = inline(
        r#"
[event]
title = "Two clocks"
date = 2022-06-01
timezone = "UTC"
[[clock]]
label = "UTC"
timezone = "UTC"
[[clock]]
label = "Tokyo"
timezone = "Asia/Tokyo"
[[segment]]
title = "A"
start = "09:00"
end = "09:10"
[[segment]]
title = "B"
start = "09:20"
end = "09:30"
[[segment]]
title = "C"
start = "09:30"
duration = "15m"
"#,
    );
    let actions = [("2022-06-01T09:15:00Z", Action::Goto { index: 0 })];
    let screen = render(
        &agenda,
        &actions,
        "2022-06-01T09:16:00Z",
        ViewKind::Producer,
        (180, 30),
        true,
    );
    assert!(screen.contains("Exp Tokyo"), "{screen}");
    assert!(screen.contains("Latest Tokyo"), "{screen}");
    // B: expected 09:25 (18:25 Tokyo), latest 09:20 (18:20), five late.
    let b = screen
        .lines()
        .find(|l| l.starts_with("2 "))
        .unwrap_or_default();
    for cell in ["09:25", "09:20", "18:25", "18:20", "~+05:00"] {
        assert!(b.contains(cell), "{cell} in {b}");
    }
    insta::assert_snapshot!("rundown_expected_latest", screen);
}

#[test]
fn the_moderator_flashes_and_says_the_speakers_are_dark() {
    let agenda = linked();
    let actions = [
        ("2022-06-01T09:00:00Z", Action::Start),
        ("2022-06-01T09:01:00Z", Action::Blackout),
        ("2022-06-01T09:02:00Z", Action::Flash),
    ];
    let screen = render(
        &agenda,
        &actions,
        "2022-06-01T09:02:01Z",
        ViewKind::Moderator,
        (100, 24),
        true,
    );
    assert!(screen.contains("SPEAKERS' SCREENS DARK"), "{screen}");
    assert!(screen.contains("FLASH"), "{screen}");
    insta::assert_snapshot!("moderator_flash_blackout", screen);
    // The whole screen blinks: reversed on the half second, plain on the other.
    let reversed = |flash_on: bool| {
        let buffer = draw_buffer(
            &agenda,
            &actions,
            "2022-06-01T09:02:01Z",
            ViewKind::Moderator,
            (100, 24),
            flash_on,
        );
        buffer[(50, 20)].modifier.contains(Modifier::REVERSED)
    };
    assert!(reversed(true));
    assert!(!reversed(false));
    // Three seconds on, the flash is over and the screens are still dark.
    let screen = render(
        &agenda,
        &actions,
        "2022-06-01T09:02:03Z",
        ViewKind::Moderator,
        (100, 24),
        true,
    );
    assert!(!screen.contains("FLASH"), "{screen}");
    assert!(screen.contains("SPEAKERS' SCREENS DARK"), "{screen}");
}

// ------------------------------------------------------------ the binary

#[test]
fn status_json_from_the_binary_carries_timer_outlook_and_signals() {
    let dir = std::env::temp_dir().join(format!("showclock-features-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let agenda = dir.join("show.toml");
    std::fs::write(
        &agenda,
        r#"
[event]
title = "Linked"
date = 2022-06-01
timezone = "UTC"
on_end = "next"

[[segment]]
title = "A"
start = "09:00"
end = "09:10"

[[segment]]
title = "B"
start = "09:10"
end = "09:20"
timer = "up"
"#,
    )
    .unwrap();
    let journal = dir.join("show.jsonl");
    std::fs::write(
        &journal,
        "{\"at\":\"2022-06-01T09:02:00Z\",\"action\":\"start\"}\n\
         {\"at\":\"2022-06-01T09:03:00Z\",\"action\":\"blackout\"}\n\
         {\"at\":\"2022-06-01T09:12:30Z\",\"action\":\"flash\"}\n",
    )
    .unwrap();
    let run = |at: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_showclock"))
            .args(["status", "--json", "--at", at, "--journal"])
            .arg(&journal)
            .arg(&agenda)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    let doc = run("2022-06-01T09:05:00Z");
    assert_eq!(doc["current"]["timer"], "down");
    assert_eq!(doc["segments"][1]["expected_start"], "2022-06-01T09:12:00Z");
    assert_eq!(doc["segments"][1]["latest_start"], "2022-06-01T09:10:00Z");
    assert_eq!(doc["signals"]["blackout"], true);
    // A moved on by itself at 09:12; B counts up.
    let doc = run("2022-06-01T09:12:31Z");
    assert_eq!(doc["current"]["index"], 1);
    assert_eq!(doc["current"]["started"], "2022-06-01T09:12:00Z");
    assert_eq!(doc["current"]["timer"], "up");
    assert_eq!(doc["current"]["elapsed_seconds"], 31);
    assert_eq!(doc["signals"]["flash"], true);
    assert_eq!(doc["segments"][0]["actual_end"], "2022-06-01T09:12:00Z");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn status_text_says_what_the_stage_timer_shows() {
    let agenda = timers();
    let status = |now: &str| {
        let log = replay(&agenda, &[]);
        showclock::report::status_text(
            showclock::i18n::english(),
            &agenda,
            &log,
            &log.snapshot(&agenda, at(now)),
        )
    };
    let up = status("2022-06-01T09:12:34+02:00");
    assert!(
        up.contains("Now:  1/3 Open panel — 12:34 elapsed of 30:00\n"),
        "{up}"
    );
    let clock = status("2022-06-01T09:41:10+02:00");
    assert!(
        clock.contains("Now:  2/3 Coffee — 03:50 remaining (the stage shows the time of day)\n"),
        "{clock}"
    );
    let none = status("2022-06-01T09:46:00+02:00");
    assert!(none.contains("(the stage shows no timer)"), "{none}");
}
