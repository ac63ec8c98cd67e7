//! The engine at fixed instants: (agenda, operator actions, now) -> state.
//!
//! Instants are written in the zone the agenda is written in (Beijing for the
//! shipped show) so that each expectation reads like the seed's table.

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use showclock::agenda::{self, Agenda};
use showclock::report::StateDocument;
use showclock::show::{Action, Entry, Phase, ShowLog, Snapshot};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .to_utc()
}

/// An instant on the shipped show's day, written in Beijing time.
fn bj(time: &str) -> DateTime<Utc> {
    at(&format!("2022-06-01T{time}+08:00"))
}

fn shipped() -> Agenda {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("agenda.toml");
    let load = agenda::load(&path).unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert!(
        load.warnings.is_empty(),
        "the shipped agenda has warnings: {:#?}",
        load.warnings
    );
    load.agenda
}

fn inline(text: &str) -> Agenda {
    agenda::parse("inline.toml", text)
        .unwrap_or_else(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!("{}", lines.join("\n"))
        })
        .agenda
}

/// A Beijing show with a ten-minute break between its first two segments.
fn with_gap() -> Agenda {
    inline(
        r#"
[event]
title = "Gap"
date = 2022-06-01
timezone = "Asia/Shanghai"

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

fn log(agenda: &Agenda, actions: &[(DateTime<Utc>, Action)]) -> ShowLog {
    let mut log = ShowLog::default();
    for (when, action) in actions {
        let entry = Entry::new(*when, action.clone());
        log.apply(agenda, &entry)
            .unwrap_or_else(|e| panic!("{action:?} at {when}: {e}"));
    }
    log
}

fn snap(agenda: &Agenda, actions: &[(DateTime<Utc>, Action)], now: DateTime<Utc>) -> Snapshot {
    log(agenda, actions).snapshot(agenda, now)
}

fn schedule(agenda: &Agenda, now: DateTime<Utc>) -> Snapshot {
    ShowLog::default().snapshot(agenda, now)
}

/// (current index, remaining seconds, overrun) or None.
fn current(s: &Snapshot) -> Option<(usize, i64, bool)> {
    s.current.map(|c| (c.index, c.remaining_seconds, c.overrun))
}

/// (next index, starts in seconds) or None.
fn next(s: &Snapshot) -> Option<(usize, i64)> {
    s.next.map(|n| (n.index, n.starts_in_seconds))
}

fn goto(index: usize) -> Action {
    Action::Goto { index }
}

fn extend(seconds: i64) -> Action {
    Action::Extend { seconds }
}

// ---------------------------------------------------------------- schedule

#[test]
fn shipped_agenda_resolves_to_the_seeds_instants() {
    let agenda = shipped();
    let starts: Vec<String> = agenda
        .segments
        .iter()
        .map(|s| s.start.to_rfc3339())
        .collect();
    assert_eq!(
        starts,
        [
            "2022-06-01T01:00:00+00:00",
            "2022-06-01T01:10:00+00:00",
            "2022-06-01T01:25:00+00:00",
            "2022-06-01T01:40:00+00:00",
            "2022-06-01T02:10:00+00:00",
            "2022-06-01T02:25:00+00:00",
        ]
    );
    assert_eq!(agenda.end(), bj("10:30:00"));
    assert_eq!(agenda.clocks.len(), 2);
}

#[test]
fn before_the_show_the_first_segment_is_next() {
    let agenda = shipped();
    let s = schedule(&agenda, bj("08:59:00"));
    assert_eq!(s.phase, Phase::Before);
    assert_eq!(current(&s), None);
    assert_eq!(next(&s), Some((0, 60)));
    assert_eq!(s.next.unwrap().expected_start, bj("09:00:00"));
    assert_eq!(s.drift_seconds, 0);
    assert_eq!(s.projected_end, bj("10:30:00"));
    assert!(s.following_schedule);
    assert_eq!(s.ended_at, None);
    // A day before, the countdown is a day long.
    let s = schedule(&agenda, bj("09:00:00") - TimeDelta::days(1));
    assert_eq!(next(&s), Some((0, 86_400)));
}

#[test]
fn the_schedule_switches_segments_at_the_exact_planned_instant() {
    let agenda = shipped();
    let s = schedule(&agenda, bj("09:00:00"));
    assert_eq!(s.phase, Phase::Live);
    assert_eq!(current(&s), Some((0, 600, false)));
    assert_eq!(next(&s), Some((1, 600)));
    let c = s.current.unwrap();
    assert_eq!((c.started, c.ends), (bj("09:00:00"), bj("09:10:00")));

    let s = schedule(&agenda, bj("09:09:59"));
    assert_eq!(current(&s), Some((0, 1, false)));
    // The countdown shows 00:01 through the whole last second.
    let s = schedule(&agenda, bj("09:09:59") + TimeDelta::milliseconds(999));
    assert_eq!(current(&s), Some((0, 1, false)));

    let s = schedule(&agenda, bj("09:10:00"));
    assert_eq!(current(&s), Some((1, 900, false)));
    assert_eq!(next(&s), Some((2, 900)));
}

#[test]
fn the_seeds_instant_09_27_is_in_the_third_segment() {
    let agenda = shipped();
    let s = schedule(&agenda, bj("09:27:00"));
    assert_eq!(s.phase, Phase::Live);
    assert_eq!(current(&s), Some((2, 780, false)));
    assert_eq!(next(&s), Some((3, 780)));
    assert_eq!(s.drift_seconds, 0);
    assert_eq!(s.projected_end, bj("10:30:00"));
    assert_eq!(s.message, None);
}

#[test]
fn the_last_segment_has_no_next_and_the_show_ends_on_time() {
    let agenda = shipped();
    let s = schedule(&agenda, bj("10:29:59"));
    assert_eq!(current(&s), Some((5, 1, false)));
    assert_eq!(next(&s), None);

    let s = schedule(&agenda, bj("10:30:00"));
    assert_eq!(s.phase, Phase::After);
    assert_eq!(current(&s), None);
    assert_eq!(next(&s), None);
    assert_eq!(s.ended_at, Some(bj("10:30:00")));
    assert_eq!(s.drift_seconds, 0);
    assert_eq!(s.projected_end, bj("10:30:00"));
}

#[test]
fn a_gap_is_live_with_nothing_current_and_the_coming_segment_next() {
    let agenda = with_gap();
    let s = schedule(&agenda, bj("09:15:00"));
    assert_eq!(s.phase, Phase::Live);
    assert_eq!(current(&s), None);
    assert_eq!(next(&s), Some((1, 300)));
    assert_eq!(s.drift_seconds, 0);
    // At the end of the gap, the coming segment is live.
    let s = schedule(&agenda, bj("09:20:00"));
    assert_eq!(current(&s), Some((1, 600, false)));
    // `duration` ends the last segment: 09:30 + 15m.
    assert_eq!(agenda.end(), bj("09:45:00"));
}

// ---------------------------------------------------------------- actions

#[test]
fn start_before_the_show_cues_the_first_segment_early() {
    let agenda = shipped();
    let actions = [(bj("08:55:00"), Action::Start)];
    let s = snap(&agenda, &actions, bj("09:00:00"));
    assert_eq!(s.phase, Phase::Live);
    assert!(!s.following_schedule);
    assert_eq!(current(&s), Some((0, 300, false)));
    let c = s.current.unwrap();
    assert_eq!((c.started, c.ends), (bj("08:55:00"), bj("09:05:00")));
    assert_eq!(next(&s), Some((1, 300)));
    assert_eq!(s.next.unwrap().expected_start, bj("09:05:00"));
    // Five minutes ahead of the plan.
    assert_eq!(s.drift_seconds, -300);
    assert_eq!(s.projected_end, bj("10:25:00"));
}

#[test]
fn start_in_a_gap_cues_the_coming_segment() {
    let agenda = with_gap();
    let actions = [(bj("09:15:00"), Action::Start)];
    let s = snap(&agenda, &actions, bj("09:16:00"));
    assert_eq!(current(&s), Some((1, 540, false)));
    assert_eq!(s.current.unwrap().started, bj("09:15:00"));
    assert_eq!(s.drift_seconds, -300);
    assert_eq!(next(&s), Some((2, 540)));
}

#[test]
fn start_during_a_segment_cues_that_segment_now() {
    let agenda = shipped();
    let s = snap(&agenda, &[(bj("09:03:00"), Action::Start)], bj("09:04:00"));
    assert_eq!(current(&s), Some((0, 540, false)));
    assert_eq!(s.current.unwrap().started, bj("09:03:00"));
    assert_eq!(s.drift_seconds, 180);
}

#[test]
fn start_once_the_operator_is_in_charge_changes_nothing() {
    let agenda = shipped();
    let cued = [
        (bj("09:00:00"), Action::Start),
        (bj("09:05:00"), Action::Next),
    ];
    let mut again = cued.to_vec();
    again.push((bj("09:06:00"), Action::Start));
    assert_eq!(
        snap(&agenda, &cued, bj("09:07:00")),
        snap(&agenda, &again, bj("09:07:00"))
    );
}

#[test]
fn next_ends_the_current_segment_and_cues_the_following_one() {
    let agenda = shipped();
    // Following the schedule, segment 1 is live at 09:12.
    let actions = [(bj("09:12:00"), Action::Next)];
    let s = snap(&agenda, &actions, bj("09:13:00"));
    assert_eq!(current(&s), Some((2, 840, false)));
    let c = s.current.unwrap();
    assert_eq!((c.started, c.ends), (bj("09:12:00"), bj("09:27:00")));
    // Cued 13 minutes early: the show is 13 minutes ahead.
    assert_eq!(s.drift_seconds, -780);
    assert_eq!(s.projected_end, bj("10:17:00"));
    assert_eq!(next(&s), Some((3, 840)));
}

#[test]
fn next_before_the_show_and_in_a_gap_cues_the_coming_segment() {
    let agenda = with_gap();
    let s = snap(&agenda, &[(bj("08:50:00"), Action::Next)], bj("08:51:00"));
    assert_eq!(current(&s).map(|c| c.0), Some(0));
    assert_eq!(s.current.unwrap().started, bj("08:50:00"));
    let s = snap(&agenda, &[(bj("09:12:00"), Action::Next)], bj("09:12:00"));
    assert_eq!(current(&s), Some((1, 600, false)));
}

#[test]
fn next_at_the_last_segment_ends_the_show() {
    let agenda = shipped();
    let actions = [(bj("10:20:00"), goto(5)), (bj("10:24:00"), Action::Next)];
    let s = snap(&agenda, &actions, bj("10:40:00"));
    assert_eq!(s.phase, Phase::After);
    assert_eq!(current(&s), None);
    assert_eq!(next(&s), None);
    assert_eq!(s.ended_at, Some(bj("10:24:00")));
    assert_eq!(s.drift_seconds, -360);
    assert_eq!(s.projected_end, bj("10:24:00"));

    // Following the schedule into the last segment, `next` ends the show too.
    let s = snap(&agenda, &[(bj("10:27:00"), Action::Next)], bj("10:28:00"));
    assert_eq!(s.phase, Phase::After);
    assert_eq!(s.ended_at, Some(bj("10:27:00")));

    // A further `next` after the end changes nothing.
    let mut more = actions.to_vec();
    more.push((bj("10:25:00"), Action::Next));
    assert_eq!(
        snap(&agenda, &more, bj("10:40:00")),
        snap(&agenda, &actions, bj("10:40:00"))
    );
}

#[test]
fn prev_undoes_start() {
    let agenda = shipped();
    let actions = [
        (bj("08:55:00"), Action::Start),
        (bj("08:56:00"), Action::Prev),
    ];
    let s = snap(&agenda, &actions, bj("08:57:00"));
    assert_eq!(s, schedule(&agenda, bj("08:57:00")));
    assert_eq!(s.phase, Phase::Before);
    assert!(s.following_schedule);
}

#[test]
fn prev_undoes_next_restoring_the_original_start_and_extensions() {
    let agenda = shipped();
    let actions = [
        (bj("09:00:30"), Action::Start),
        (bj("09:05:00"), extend(120)),
        (bj("09:12:00"), Action::Next),
        (bj("09:12:10"), extend(60)),
        (bj("09:13:00"), Action::Prev),
    ];
    let s = snap(&agenda, &actions, bj("09:13:00"));
    let c = s.current.unwrap();
    assert_eq!(c.index, 0);
    assert_eq!(c.started, bj("09:00:30"));
    assert_eq!(c.extension_seconds, 120);
    assert_eq!(c.ends, bj("09:12:30"));
    assert_eq!((c.remaining_seconds, c.overrun), (-30, true));
    assert_eq!(next(&s), Some((1, 0)));
    // The same as if `next` (and the extension made after it) never happened.
    assert_eq!(s, snap(&agenda, &actions[..2], bj("09:13:00")));
}

#[test]
fn prev_undoes_goto_and_end() {
    let agenda = shipped();
    let base = [
        (bj("09:00:00"), Action::Start),
        (bj("09:08:00"), Action::Next),
        (bj("09:09:00"), extend(-60)),
    ];
    let mut with_goto = base.to_vec();
    with_goto.push((bj("09:15:00"), goto(4)));
    with_goto.push((bj("09:16:00"), Action::Prev));
    let s = snap(&agenda, &with_goto, bj("09:17:00"));
    let c = s.current.unwrap();
    assert_eq!(
        (c.index, c.started, c.extension_seconds),
        (1, bj("09:08:00"), -60)
    );
    assert_eq!(c.ends, bj("09:22:00"));
    assert_eq!(s, snap(&agenda, &base, bj("09:17:00")));

    let mut with_end = base.to_vec();
    with_end.push((bj("09:15:00"), Action::End));
    with_end.push((bj("09:16:00"), Action::Prev));
    let s = snap(&agenda, &with_end, bj("09:17:00"));
    assert_eq!(s.phase, Phase::Live);
    assert_eq!(s.ended_at, None);
    assert_eq!(s, snap(&agenda, &base, bj("09:17:00")));
}

#[test]
fn prev_twice_walks_back_two_cues_and_then_to_the_schedule() {
    let agenda = shipped();
    let actions = [
        (bj("09:00:00"), Action::Start),
        (bj("09:09:00"), Action::Next),
        (bj("09:20:00"), Action::Next),
        (bj("09:21:00"), Action::Prev),
        (bj("09:21:00"), Action::Prev),
    ];
    let s = snap(&agenda, &actions, bj("09:21:00"));
    assert_eq!(current(&s), Some((0, -660, true)));
    let mut all = actions.to_vec();
    all.push((bj("09:21:00"), Action::Prev));
    assert_eq!(
        snap(&agenda, &all, bj("09:21:00")),
        schedule(&agenda, bj("09:21:00"))
    );
}

#[test]
fn goto_cues_any_segment_now_forward_or_back() {
    let agenda = shipped();
    let s = snap(&agenda, &[(bj("09:30:00"), goto(4))], bj("09:31:00"));
    assert_eq!(current(&s), Some((4, 840, false)));
    assert_eq!(s.current.unwrap().started, bj("09:30:00"));
    assert_eq!(next(&s), Some((5, 840)));
    // 09:45 projected against 10:25 planned.
    assert_eq!(s.drift_seconds, -2400);

    let s = snap(
        &agenda,
        &[(bj("09:30:00"), goto(4)), (bj("09:35:00"), goto(0))],
        bj("09:36:00"),
    );
    assert_eq!(current(&s), Some((0, 540, false)));
}

#[test]
fn goto_out_of_range_is_an_error_that_says_the_range() {
    let agenda = shipped();
    let mut log = ShowLog::default();
    let err = log
        .apply(&agenda, &Entry::new(bj("09:00:00"), goto(6)))
        .unwrap_err();
    assert!(err.contains("6 segments, numbered 0 to 5"), "{err}");
    assert_eq!(log, ShowLog::default(), "a refused action changes nothing");
}

#[test]
fn extend_adds_and_removes_time_in_manual_mode() {
    let agenda = shipped();
    let actions = [
        (bj("09:00:00"), Action::Start),
        (bj("09:01:00"), extend(120)),
        (bj("09:02:00"), extend(-30)),
    ];
    let s = snap(&agenda, &actions, bj("09:10:00"));
    let c = s.current.unwrap();
    assert_eq!(c.extension_seconds, 90);
    assert_eq!(c.ends, bj("09:11:30"));
    assert_eq!((c.remaining_seconds, c.overrun), (90, false));
    assert_eq!(s.drift_seconds, 90);
    assert_eq!(s.projected_end, bj("10:31:30"));

    // Taking away more than is left puts the segment into overrun at once.
    let cut = [
        (bj("09:00:00"), Action::Start),
        (bj("09:05:00"), extend(-420)),
    ];
    let s = snap(&agenda, &cut, bj("09:05:00"));
    assert_eq!(current(&s), Some((0, -120, true)));
}

#[test]
fn extend_while_following_the_schedule_takes_over_the_planned_slot() {
    let agenda = shipped();
    let s = snap(&agenda, &[(bj("09:15:00"), extend(300))], bj("09:16:00"));
    assert!(!s.following_schedule);
    let c = s.current.unwrap();
    assert_eq!(c.index, 1);
    assert_eq!(c.started, bj("09:10:00"));
    assert_eq!(c.ends, bj("09:30:00"));
    assert_eq!(c.remaining_seconds, 840);
    assert_eq!(s.drift_seconds, 300);
    assert_eq!(s.projected_end, bj("10:35:00"));

    let s = snap(&agenda, &[(bj("09:15:00"), extend(-120))], bj("09:16:00"));
    assert_eq!(s.current.unwrap().ends, bj("09:23:00"));
    assert_eq!(s.drift_seconds, -120);
}

#[test]
fn extend_with_nothing_live_changes_nothing() {
    let agenda = with_gap();
    for when in [bj("08:00:00"), bj("09:15:00"), bj("11:00:00")] {
        let s = snap(&agenda, &[(when, extend(60))], when);
        assert_eq!(s, schedule(&agenda, when), "extend at {when}");
    }
    // After `end`, there is no slot to extend.
    let ended = [(bj("09:05:00"), Action::End)];
    let mut more = ended.to_vec();
    more.push((bj("09:06:00"), extend(60)));
    assert_eq!(
        snap(&agenda, &more, bj("09:07:00")),
        snap(&agenda, &ended, bj("09:07:00"))
    );
}

#[test]
fn an_absurd_extension_is_refused() {
    let agenda = shipped();
    let mut log = ShowLog::default();
    let err = log
        .apply(&agenda, &Entry::new(bj("09:00:00"), extend(90_000)))
        .unwrap_err();
    assert!(err.contains("more than a day"), "{err}");
}

#[test]
fn message_and_clear_message() {
    let agenda = shipped();
    let say = |text: &str| Action::Message {
        text: text.into(),
        audience: Default::default(),
    };
    let actions = [
        (bj("08:50:00"), say("Mic check")),
        (bj("09:05:00"), say("Wrap up in 2")),
    ];
    // A message is shown before the show too, and does not take over.
    let s = snap(&agenda, &actions[..1], bj("08:51:00"));
    assert_eq!(s.message.as_deref(), Some("Mic check"));
    assert!(s.following_schedule);
    assert_eq!(s.phase, Phase::Before);

    let s = snap(&agenda, &actions, bj("09:06:00"));
    assert_eq!(s.message.as_deref(), Some("Wrap up in 2"));
    // It stays through cues until cleared.
    let mut more = actions.to_vec();
    more.push((bj("09:07:00"), Action::Next));
    assert_eq!(
        snap(&agenda, &more, bj("09:08:00")).message.as_deref(),
        Some("Wrap up in 2")
    );
    more.push((bj("09:09:00"), Action::ClearMessage));
    let s = snap(&agenda, &more, bj("09:10:00"));
    assert_eq!(s.message, None);
    assert_eq!(current(&s).map(|c| c.0), Some(1));
}

#[test]
fn a_message_sent_before_the_end_is_not_shown_once_the_show_is_over() {
    let agenda = shipped();
    let say = |text: &str| Action::Message {
        text: text.into(),
        audience: Default::default(),
    };
    let mut actions = vec![
        (bj("09:00:00"), Action::Start),
        (bj("09:05:00"), say("Wrap up")),
        (bj("09:06:00"), Action::End),
    ];
    assert_eq!(snap(&agenda, &actions, bj("09:07:00")).message, None);
    // Undoing the end brings the message back with the show.
    actions.push((bj("09:07:00"), Action::Prev));
    assert_eq!(
        snap(&agenda, &actions, bj("09:08:00")).message.as_deref(),
        Some("Wrap up")
    );
    // One sent after the end is for then: it shows.
    actions.push((bj("09:09:00"), Action::End));
    actions.push((bj("09:10:00"), say("Thanks all")));
    assert_eq!(
        snap(&agenda, &actions, bj("09:11:00")).message.as_deref(),
        Some("Thanks all")
    );
    // In the same second (the journal keeps whole seconds), the order decides.
    let same_second = [
        (bj("09:00:00"), Action::Start),
        (bj("09:05:00"), say("Wrap up")),
        (bj("09:05:00"), Action::End),
    ];
    assert_eq!(snap(&agenda, &same_second, bj("09:05:00")).message, None);
    // The schedule's own end, with no cue at all, does the same.
    let untouched = [(bj("10:00:00"), say("Five minutes"))];
    assert_eq!(snap(&agenda, &untouched, bj("10:31:00")).message, None);
}

#[test]
fn end_is_final_and_counts_drift_against_the_planned_end() {
    let agenda = shipped();
    let actions = [
        (bj("09:00:00"), Action::Start),
        (bj("09:50:00"), Action::End),
    ];
    let s = snap(&agenda, &actions, bj("10:00:00"));
    assert_eq!(s.phase, Phase::After);
    assert_eq!(current(&s), None);
    assert_eq!(next(&s), None);
    assert_eq!(s.ended_at, Some(bj("09:50:00")));
    assert_eq!(s.drift_seconds, -2400);
    assert_eq!(s.projected_end, bj("09:50:00"));

    // A second `end` keeps the first end time.
    let mut twice = actions.to_vec();
    twice.push((bj("09:55:00"), Action::End));
    assert_eq!(
        snap(&agenda, &twice, bj("10:00:00")).ended_at,
        Some(bj("09:50:00"))
    );

    // Ending late.
    let late = snap(&agenda, &[(bj("10:35:00"), Action::End)], bj("11:00:00"));
    assert_eq!(late.drift_seconds, 300);
    assert_eq!(late.projected_end, bj("10:35:00"));
}

#[test]
fn end_before_the_show_ends_it() {
    let agenda = shipped();
    let s = snap(&agenda, &[(bj("08:00:00"), Action::End)], bj("09:30:00"));
    assert_eq!(s.phase, Phase::After);
    assert_eq!(s.ended_at, Some(bj("08:00:00")));
}

// ---------------------------------------------------------------- overrun

#[test]
fn overrun_goes_negative_and_keeps_counting_until_the_next_cue() {
    let agenda = shipped();
    let actions = [(bj("09:00:00"), Action::Start)];
    let s = snap(&agenda, &actions, bj("09:10:00"));
    assert_eq!(current(&s), Some((0, 0, false)));
    let s = snap(
        &agenda,
        &actions,
        bj("09:10:00") + TimeDelta::milliseconds(500),
    );
    assert_eq!(current(&s), Some((0, 0, true)));
    let s = snap(&agenda, &actions, bj("09:12:05"));
    assert_eq!(current(&s), Some((0, -125, true)));
    // Behind by the overrun; the next segment waits for the cue.
    assert_eq!(s.drift_seconds, 125);
    assert_eq!(s.projected_end, bj("10:32:05"));
    assert_eq!(next(&s), Some((1, 0)));
    assert_eq!(s.next.unwrap().expected_start, bj("09:12:05"));

    // Long past the planned start of later segments, it is still segment 0.
    let s = snap(&agenda, &actions, bj("09:45:00"));
    assert_eq!(current(&s), Some((0, -2100, true)));
    assert_eq!(s.drift_seconds, 2100);

    let mut cued = actions.to_vec();
    cued.push((bj("09:45:00"), Action::Next));
    let s = snap(&agenda, &cued, bj("09:46:00"));
    assert_eq!(current(&s), Some((1, 840, false)));
    // Segment 1 planned 09:10-09:25, now projected to end 10:00.
    assert_eq!(s.drift_seconds, 2100);
}

#[test]
fn following_the_schedule_never_overruns() {
    let agenda = shipped();
    let mut now = bj("08:00:00");
    while now < bj("11:00:00") {
        let s = schedule(&agenda, now);
        assert_eq!(s.drift_seconds, 0, "at {now}");
        assert_eq!(s.projected_end, agenda.end(), "at {now}");
        if let Some(c) = s.current {
            assert!(!c.overrun && c.remaining_seconds > 0, "at {now}");
        }
        now += TimeDelta::seconds(37);
    }
}

// ---------------------------------------------------------------- hard end

fn hard_out() -> Agenda {
    inline(
        r#"
[event]
title = "Hard out"
date = 2022-06-01
timezone = "Asia/Shanghai"

[[segment]]
title = "Keynote"
start = "09:00"
end = "09:30"
hard_end = true

[[segment]]
title = "Soft"
start = "09:30"
end = "10:00"
"#,
    )
}

#[test]
fn a_hard_end_segment_counts_to_its_planned_end_whatever_its_start() {
    let agenda = hard_out();
    let actions = [(bj("09:05:00"), Action::Start)];
    let s = snap(&agenda, &actions, bj("09:10:00"));
    let c = s.current.unwrap();
    assert_eq!(c.started, bj("09:05:00"));
    assert_eq!(c.ends, bj("09:30:00"));
    assert_eq!(c.remaining_seconds, 1200);
    assert_eq!(s.drift_seconds, 0);

    let mut extended = actions.to_vec();
    extended.push((bj("09:20:00"), extend(60)));
    let s = snap(&agenda, &extended, bj("09:30:30"));
    assert_eq!(current(&s), Some((0, 30, false)));
    assert_eq!(s.drift_seconds, 60);
    let s = snap(&agenda, &extended, bj("09:32:00"));
    assert_eq!(current(&s), Some((0, -60, true)));

    // The soft segment after it, cued late, keeps its whole length.
    let late = [
        (bj("09:05:00"), Action::Start),
        (bj("09:33:00"), Action::Next),
    ];
    let s = snap(&agenda, &late, bj("09:34:00"));
    assert_eq!(s.current.unwrap().ends, bj("10:03:00"));
    assert_eq!(s.drift_seconds, 180);
}

#[test]
fn a_hard_end_segment_cued_early_still_ends_on_the_plan() {
    let agenda = hard_out();
    let s = snap(&agenda, &[(bj("08:50:00"), Action::Start)], bj("08:50:00"));
    assert_eq!(current(&s), Some((0, 2400, false)));
    assert_eq!(s.drift_seconds, 0);
}

// ---------------------------------------------------------------- state document

/// The seed's table, row by row: Beijing and Pacific start and end.
const SEED_TABLE: [[&str; 4]; 6] = [
    [
        "2022-06-01T09:00:00+08:00",
        "2022-06-01T09:10:00+08:00",
        "2022-05-31T18:00:00-07:00",
        "2022-05-31T18:10:00-07:00",
    ],
    [
        "2022-06-01T09:10:00+08:00",
        "2022-06-01T09:25:00+08:00",
        "2022-05-31T18:10:00-07:00",
        "2022-05-31T18:25:00-07:00",
    ],
    [
        "2022-06-01T09:25:00+08:00",
        "2022-06-01T09:40:00+08:00",
        "2022-05-31T18:25:00-07:00",
        "2022-05-31T18:40:00-07:00",
    ],
    [
        "2022-06-01T09:40:00+08:00",
        "2022-06-01T10:10:00+08:00",
        "2022-05-31T18:40:00-07:00",
        "2022-05-31T19:10:00-07:00",
    ],
    [
        "2022-06-01T10:10:00+08:00",
        "2022-06-01T10:25:00+08:00",
        "2022-05-31T19:10:00-07:00",
        "2022-05-31T19:25:00-07:00",
    ],
    [
        "2022-06-01T10:25:00+08:00",
        "2022-06-01T10:30:00+08:00",
        "2022-05-31T19:25:00-07:00",
        "2022-05-31T19:30:00-07:00",
    ],
];

#[test]
fn the_state_document_reproduces_the_seeds_table() {
    let agenda = shipped();
    let log = ShowLog::default();
    let now = at("2022-06-01T09:27:00+08:00");
    let doc = StateDocument::build(&agenda, &log, &log.snapshot(&agenda, now));
    assert_eq!(doc.segments.len(), 6);
    for (segment, row) in doc.segments.iter().zip(SEED_TABLE) {
        let labels: Vec<&str> = segment.local.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Beijing", "Pacific"], "{}", segment.title);
        let got = [
            segment.local[0].start.as_str(),
            segment.local[0].end.as_str(),
            segment.local[1].start.as_str(),
            segment.local[1].end.as_str(),
        ];
        assert_eq!(got, row, "segment {} ({})", segment.index, segment.title);
    }
    let titles: Vec<&str> = doc.segments.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Welcome and Introduction",
            "Technology and Commercialization Pathways and Timing for ZE-MHDVs in China",
            "Zero-emission truck real-world performance in U.S. and Europe and implications for China",
            "Panel Discussion",
            "Q&A",
            "Closing",
        ]
    );
    assert_eq!(
        doc.segments[0].speakers,
        ["Cristiano Façanha", "Huiming Gong"]
    );
    // The moderator is apart from the speakers.
    assert_eq!(doc.segments[3].moderator.as_deref(), Some("Yin Qiu"));
    assert_eq!(doc.segments[3].speakers[0], "Yunshi WANG");
    assert_eq!(doc.segments[3].speakers.len(), 4);
    assert_eq!(doc.segments[4].moderator.as_deref(), Some("Yin Qiu"));
    assert!(doc.segments[4].speakers.is_empty());

    assert_eq!(doc.now, "2022-06-01T01:27:00Z");
    assert_eq!(doc.phase, "live");
    let clocks: Vec<(&str, &str, &str)> = doc
        .clocks
        .iter()
        .map(|c| (c.label.as_str(), c.timezone.as_str(), c.time.as_str()))
        .collect();
    assert_eq!(
        clocks,
        [
            ("Beijing", "Asia/Shanghai", "2022-06-01T09:27:00+08:00"),
            (
                "Pacific",
                "America/Los_Angeles",
                "2022-05-31T18:27:00-07:00"
            ),
        ]
    );
    let current = doc.current.as_ref().unwrap();
    assert_eq!(current.index, 2);
    assert_eq!(current.remaining_seconds, 780);
    assert!(!current.overrun);
    assert_eq!(current.planned_start, "2022-06-01T01:25:00Z");
    assert_eq!(current.started, "2022-06-01T01:25:00Z");
    let next = doc.next.as_ref().unwrap();
    assert_eq!((next.index, next.starts_in_seconds), (3, 780));
    assert_eq!(doc.drift_seconds, 0);
    assert_eq!(doc.projected_end, "2022-06-01T02:30:00Z");
    assert_eq!(doc.message, None);

    // The JSON carries the fields the issue names.
    let json = serde_json::to_value(&doc).unwrap();
    for field in [
        "event",
        "now",
        "phase",
        "clocks",
        "current",
        "next",
        "drift_seconds",
        "projected_end",
        "message",
        "segments",
    ] {
        assert!(json.get(field).is_some(), "no {field} in {json}");
    }
    assert_eq!(json["message"], serde_json::Value::Null);
}

#[test]
fn the_state_document_reports_overrun_as_negative_remaining() {
    let agenda = shipped();
    let log = log(&agenda, &[(bj("09:00:00"), Action::Start)]);
    let snapshot = log.snapshot(&agenda, bj("09:11:00"));
    let doc = StateDocument::build(&agenda, &log, &snapshot);
    let current = doc.current.unwrap();
    assert_eq!((current.remaining_seconds, current.overrun), (-60, true));
    assert_eq!(doc.drift_seconds, 60);
    assert_eq!(doc.projected_end, "2022-06-01T02:31:00Z");
    assert_eq!(
        doc.segments[0].actual_start.as_deref(),
        Some("2022-06-01T01:00:00Z")
    );
}

// ---------------------------------------------------------------- time zones

/// The local start and end of every segment in every clock.
fn local_table(agenda: &Agenda) -> Vec<Vec<(String, String)>> {
    let log = ShowLog::default();
    let doc = StateDocument::build(agenda, &log, &log.snapshot(agenda, agenda.start()));
    doc.segments
        .iter()
        .map(|s| {
            s.local
                .iter()
                .map(|l| (l.start.clone(), l.end.clone()))
                .collect()
        })
        .collect()
}

#[test]
fn spring_forward_in_los_angeles_shortens_a_segment_that_spans_it() {
    // 2022-03-13: Los Angeles jumps from 02:00 PST to 03:00 PDT.
    let agenda = inline(
        r#"
[event]
title = "Spring"
date = 2022-03-13
timezone = "America/Los_Angeles"

[[clock]]
label = "LA"
timezone = "America/Los_Angeles"

[[clock]]
label = "UTC"
timezone = "UTC"

[[segment]]
title = "Before the jump"
start = "00:30"
end = "01:50"

[[segment]]
title = "Across the jump"
start = "01:50"
end = "03:10"

[[segment]]
title = "After the jump"
start = "03:10"
end = "04:00"
"#,
    );
    let durations: Vec<i64> = agenda
        .segments
        .iter()
        .map(|s| s.planned_duration().num_minutes())
        .collect();
    // 01:50 PST to 03:10 PDT is 20 minutes of real time.
    assert_eq!(durations, [80, 20, 50]);
    let table = local_table(&agenda);
    assert_eq!(
        table[1],
        [
            (
                "2022-03-13T01:50:00-08:00".to_string(),
                "2022-03-13T03:10:00-07:00".to_string()
            ),
            (
                "2022-03-13T09:50:00+00:00".to_string(),
                "2022-03-13T10:10:00+00:00".to_string()
            ),
        ]
    );
    // The engine counts real seconds across the change.
    let s = schedule(&agenda, at("2022-03-13T01:59:00-08:00"));
    assert_eq!(current(&s), Some((1, 660, false)));
    let s = schedule(&agenda, at("2022-03-13T03:00:00-07:00"));
    assert_eq!(current(&s), Some((1, 600, false)));
    assert_eq!(next(&s), Some((2, 600)));
}

#[test]
fn fall_back_in_los_angeles_lengthens_a_segment_that_spans_it() {
    // 2022-11-06: Los Angeles falls back from 02:00 PDT to 01:00 PST.
    let agenda = inline(
        r#"
[event]
title = "Fall"
date = 2022-11-06
timezone = "America/Los_Angeles"

[[segment]]
title = "Ends before the fold"
start = "00:00"
end = "00:55"

[[segment]]
title = "Spans the fold"
start = "00:55"
end = "02:05"

[[segment]]
title = "After"
start = "02:05"
end = "03:00"
"#,
    );
    let durations: Vec<i64> = agenda
        .segments
        .iter()
        .map(|s| s.planned_duration().num_minutes())
        .collect();
    assert_eq!(durations, [55, 130, 55]);
    let table = local_table(&agenda);
    assert_eq!(
        table[1][0],
        (
            "2022-11-06T00:55:00-07:00".to_string(),
            "2022-11-06T02:05:00-08:00".to_string()
        )
    );
    // 01:30 happens twice; the engine is in the same segment both times.
    let first = schedule(&agenda, at("2022-11-06T01:30:00-07:00"));
    let second = schedule(&agenda, at("2022-11-06T01:30:00-08:00"));
    assert_eq!(current(&first), Some((1, 5700, false)));
    assert_eq!(current(&second), Some((1, 2100, false)));
}

#[test]
fn london_segments_on_either_side_of_both_2022_changes() {
    // 2022-03-27 01:00 GMT -> 02:00 BST; 2022-10-30 02:00 BST -> 01:00 GMT.
    let spring = inline(
        r#"
[event]
title = "London spring"
date = 2022-03-27
timezone = "Europe/London"

[[clock]]
label = "London"
timezone = "Europe/London"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"

[[segment]]
title = "Before"
start = "00:15"
end = "00:45"

[[segment]]
title = "After"
start = "02:15"
end = "02:45"
"#,
    );
    let table = local_table(&spring);
    // Greenwich Mean Time: a local time carries its zone's own offset, +00:00.
    assert_eq!(table[0][0].0, "2022-03-27T00:15:00+00:00");
    assert_eq!(table[1][0].0, "2022-03-27T02:15:00+01:00");
    assert_eq!(table[1][1].0, "2022-03-27T09:15:00+08:00");
    // Los Angeles is already on PDT (since 13 March).
    assert_eq!(table[1][2].0, "2022-03-26T18:15:00-07:00");
    // Only 30 minutes of real time between them.
    let s = schedule(&spring, at("2022-03-27T00:50:00Z"));
    assert_eq!(current(&s), None);
    assert_eq!(next(&s), Some((1, 1500)));

    let autumn = inline(
        r#"
[event]
title = "London autumn"
date = 2022-10-30
timezone = "Europe/London"

[[segment]]
title = "Before"
start = "00:30"
end = "00:59"

[[segment]]
title = "After"
start = "02:00"
end = "02:30"
"#,
    );
    let table = local_table(&autumn);
    assert_eq!(table[0][0].1, "2022-10-30T00:59:00+01:00");
    assert_eq!(table[1][0].0, "2022-10-30T02:00:00+00:00");
    // 00:59 BST to 02:00 GMT is 2h01m of real time.
    let s = schedule(&autumn, at("2022-10-30T00:59:00+01:00"));
    assert_eq!(next(&s), Some((1, 7260)));
}

#[test]
fn a_show_crossing_midnight_rolls_plain_times_to_the_next_day() {
    let agenda = inline(
        r#"
[event]
title = "Late night"
date = 2022-06-01
timezone = "Asia/Shanghai"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"
hour_format = "12h"

[[segment]]
title = "Late"
start = "23:30"
end = "23:50"

[[segment]]
title = "Through midnight"
start = "23:50"
end = "00:20"

[[segment]]
title = "Early"
start = "00:20"
duration = "25m"

[[segment]]
title = "Open"
start = "00:45"

[[segment]]
title = "Last"
start = "01:00"
end = "01:30"
"#,
    );
    let table = local_table(&agenda);
    assert_eq!(
        table[1][0],
        (
            "2022-06-01T23:50:00+08:00".to_string(),
            "2022-06-02T00:20:00+08:00".to_string()
        )
    );
    assert_eq!(
        table[2][0],
        (
            "2022-06-02T00:20:00+08:00".to_string(),
            "2022-06-02T00:45:00+08:00".to_string()
        )
    );
    // A segment with no end runs to the next start.
    assert_eq!(
        table[3][0],
        (
            "2022-06-02T00:45:00+08:00".to_string(),
            "2022-06-02T01:00:00+08:00".to_string()
        )
    );
    assert_eq!(
        table[4][1],
        (
            "2022-06-01T10:00:00-07:00".to_string(),
            "2022-06-01T10:30:00-07:00".to_string()
        )
    );
    let s = schedule(&agenda, at("2022-06-02T00:10:00+08:00"));
    assert_eq!(current(&s), Some((1, 600, false)));
    assert_eq!(next(&s), Some((2, 600)));
    let s = schedule(&agenda, at("2022-06-02T01:29:00+08:00"));
    assert_eq!(current(&s), Some((4, 60, false)));
    assert_eq!(agenda.end(), at("2022-06-02T01:30:00+08:00"));
}

#[test]
fn a_segment_may_set_its_own_date() {
    let agenda = inline(
        r#"
[event]
title = "Two days"
date = 2022-06-01
timezone = "Asia/Shanghai"

[[segment]]
title = "Day one"
start = "09:00"
end = "10:00"

[[segment]]
title = "Day two"
date = 2022-06-02
start = "09:00"
end = "10:00"
"#,
    );
    assert_eq!(agenda.segments[1].start, at("2022-06-02T09:00:00+08:00"));
    let s = schedule(&agenda, at("2022-06-01T21:00:00+08:00"));
    assert_eq!(s.phase, Phase::Live);
    assert_eq!(next(&s), Some((1, 12 * 3600)));
}

fn odd_offsets() -> Agenda {
    inline(
        r#"
[event]
title = "Odd offsets"
date = 2022-06-01
timezone = "Asia/Kathmandu"

[[clock]]
label = "Kathmandu"
timezone = "Asia/Kathmandu"

[[clock]]
label = "Kolkata"
timezone = "Asia/Kolkata"

[[clock]]
label = "Chatham"
timezone = "Pacific/Chatham"

[[clock]]
label = "Lord Howe"
timezone = "Australia/Lord_Howe"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"
hour_format = "12h"

[[segment]]
title = "Opening"
start = "09:00"
end = "09:45"

[[segment]]
title = "Talk"
start = "09:45"
end = "10:30"
"#,
    )
}

#[test]
fn half_hour_and_45_minute_offsets_in_five_clocks() {
    let agenda = odd_offsets();
    // 09:00 in Kathmandu (+05:45) is 03:15 UTC.
    assert_eq!(agenda.segments[0].start, at("2022-06-01T03:15:00Z"));
    let table = local_table(&agenda);
    assert_eq!(
        table[0]
            .iter()
            .map(|(start, _)| start.as_str())
            .collect::<Vec<_>>(),
        [
            "2022-06-01T09:00:00+05:45",
            "2022-06-01T08:45:00+05:30",
            "2022-06-01T16:00:00+12:45",
            "2022-06-01T13:45:00+10:30",
            "2022-05-31T20:15:00-07:00",
        ]
    );
    let log = ShowLog::default();
    let now = at("2022-06-01T09:50:00+05:45");
    let doc = StateDocument::build(&agenda, &log, &log.snapshot(&agenda, now));
    let times: Vec<&str> = doc.clocks.iter().map(|c| c.time.as_str()).collect();
    assert_eq!(
        times,
        [
            "2022-06-01T09:50:00+05:45",
            "2022-06-01T09:35:00+05:30",
            "2022-06-01T16:50:00+12:45",
            "2022-06-01T14:35:00+10:30",
            "2022-05-31T21:05:00-07:00",
        ]
    );
    let current = doc.current.unwrap();
    assert_eq!((current.index, current.remaining_seconds), (1, 2400));
}

#[test]
fn lord_howe_half_hour_dst_shortens_a_segment_by_thirty_minutes() {
    // 2022-10-02: Lord Howe goes from +10:30 to +11:00 at 02:00 (to 02:30).
    let agenda = inline(
        r#"
[event]
title = "Lord Howe"
date = 2022-10-02
timezone = "Australia/Lord_Howe"

[[clock]]
label = "Lord Howe"
timezone = "Australia/Lord_Howe"

[[clock]]
label = "Sydney"
timezone = "Australia/Sydney"

[[clock]]
label = "Chatham"
timezone = "Pacific/Chatham"

[[segment]]
title = "Across"
start = "01:30"
end = "03:00"

[[segment]]
title = "After"
start = "03:00"
end = "03:30"
"#,
    );
    assert_eq!(agenda.segments[0].planned_duration().num_minutes(), 60);
    let table = local_table(&agenda);
    assert_eq!(
        table[0][0],
        (
            "2022-10-02T01:30:00+10:30".to_string(),
            "2022-10-02T03:00:00+11:00".to_string()
        )
    );
    // Sydney also changes that night (02:00 AEST -> 03:00 AEDT); Chatham has
    // been on +13:45 since 25 September.
    assert_eq!(table[0][1].0, "2022-10-02T01:00:00+10:00");
    assert_eq!(table[0][1].1, "2022-10-02T03:00:00+11:00");
    assert_eq!(table[0][2].0, "2022-10-02T04:45:00+13:45");
    let s = schedule(&agenda, at("2022-10-02T02:45:00+11:00"));
    assert_eq!(current(&s), Some((0, 900, false)));
}

#[test]
fn chatham_spring_forward_moves_the_show_an_hour_in_utc_terms() {
    // Pacific/Chatham: +12:45 until 2022-09-25 02:45, then +13:45.
    let agenda = inline(
        r#"
[event]
title = "Chatham"
date = 2022-09-25
timezone = "Pacific/Chatham"

[[segment]]
title = "Before"
start = "01:00"
end = "02:00"

[[segment]]
title = "After"
start = "04:00"
end = "05:00"
"#,
    );
    let table = local_table(&agenda);
    assert_eq!(table[0][0].0, "2022-09-25T01:00:00+12:45");
    assert_eq!(table[1][0].0, "2022-09-25T04:00:00+13:45");
    // 02:00 (+12:45) to 04:00 (+13:45) is one real hour.
    let s = schedule(&agenda, at("2022-09-25T02:00:00+12:45"));
    assert_eq!(next(&s), Some((1, 3600)));
}

#[test]
fn exact_instants_in_the_agenda_are_taken_as_written() {
    let agenda = inline(
        r#"
[event]
title = "Exact"
date = 2022-11-06
timezone = "America/Los_Angeles"

[[segment]]
title = "Second 01:30"
start = "2022-11-06T01:30:00-08:00"
end = "2022-11-06T02:00:00-08:00"
"#,
    );
    assert_eq!(agenda.segments[0].start, at("2022-11-06T09:30:00Z"));
    assert_eq!(agenda.segments[0].planned_duration().num_minutes(), 30);
}

#[test]
fn a_segment_overlapping_inside_a_longer_one_hands_back_to_it() {
    // Overlaps are allowed (with a warning): a short intro planned inside
    // the panel. Once the intro ends, the panel is still on.
    let agenda = inline(
        r#"
[event]
title = "Nested"
date = 2022-06-01
timezone = "Asia/Shanghai"

[[segment]]
title = "Panel"
start = "09:40"
end = "10:10"

[[segment]]
title = "Panel intro"
date = 2022-06-01
start = "09:40"
end = "09:45"

[[segment]]
title = "Q&A"
start = "10:10"
end = "10:25"
"#,
    );
    let s = schedule(&agenda, bj("09:42:00"));
    assert_eq!(current(&s), Some((1, 180, false)));
    assert_eq!(next(&s), Some((2, 1680)));
    let s = schedule(&agenda, bj("09:50:00"));
    assert_eq!(s.phase, Phase::Live);
    assert_eq!(current(&s), Some((0, 1200, false)));
    assert_eq!(next(&s), Some((2, 1200)));

    // The same with nothing after: the show is not over while the panel runs.
    let mut text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("agenda.toml")).unwrap();
    text.push_str(
        "\n[[segment]]\ntitle = \"Encore\"\ndate = 2022-06-01\nstart = \"10:25\"\nend = \"10:27\"\n",
    );
    let agenda = inline(&text);
    let s = schedule(&agenda, bj("10:28:00"));
    assert_eq!(s.phase, Phase::Live);
    assert_eq!(current(&s), Some((5, 120, false)));
    assert_eq!(next(&s), None);
    assert_eq!(s.projected_end, bj("10:30:00"));
}

#[test]
fn a_planned_break_still_comes_before_the_next_segment_once_the_operator_cues() {
    let agenda = inline(
        r#"
[event]
title = "With a break"
date = 2022-06-01
timezone = "UTC"

[[segment]]
title = "Morning"
start = "09:00"
end = "09:30"

[[segment]]
title = "After the break"
start = "09:45"
end = "10:00"
"#,
    );
    let start = Entry::new(at("2022-06-01T09:02:00Z"), Action::Start);
    let log = ShowLog::replay(&agenda, &[start]).unwrap();
    let s = log.snapshot(&agenda, at("2022-06-01T09:10:00Z"));
    let next = s.next.unwrap();
    // Started 2 minutes late: the slot ends 09:32, then the 15-minute break.
    assert_eq!(next.expected_start, at("2022-06-01T09:47:00Z"));
    assert_eq!(next.starts_in_seconds, 37 * 60);
}
