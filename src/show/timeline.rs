//! What actually happened to each segment: when it started, ended, and how
//! long it ran. Used by reports and the rundown, not on every frame.
//!
//! One definition, shared by the engine's live timer, the screens, `status`
//! and `report`: a segment starts when it goes live, by the schedule or by a
//! cue. A cue of the segment that is live at that very moment (Space on a
//! segment the schedule started, `g` to the live segment) *restarts* it:
//! the run it replaces never happened, exactly as the engine then counts
//! the full slot from the cue. Going back to a segment after others ran is
//! a second run, counted from its cue like any other: the segment's start
//! stays the first run's, its time is the sum of its runs ([`runs`] lists
//! each), and every output names the run.

use chrono::{DateTime, Utc};

use super::engine::{Phase, ShowLog, Target, expected_after, expected_end};
use crate::agenda::Agenda;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SegmentActual {
    /// When it first went live (a restarted run counts from the restart).
    pub start: Option<DateTime<Utc>>,
    /// When it last stopped being live; `None` while live or never run.
    pub end: Option<DateTime<Utc>>,
    /// How long it was live in all, in seconds.
    pub seconds: i64,
    pub live: bool,
    /// How many times it went live (2 once cued again after others ran).
    pub runs: usize,
    /// Seconds in the runs before the latest one.
    pub earlier_seconds: i64,
}

impl SegmentActual {
    pub fn has_run(&self) -> bool {
        self.start.is_some()
    }
}

/// One stretch of time a segment was live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    index: usize,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    live: bool,
}

/// One stretch of time a segment was live, as reports list it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentRun {
    pub start: DateTime<Utc>,
    /// `None` while it runs.
    pub end: Option<DateTime<Utc>>,
    pub seconds: i64,
}

/// Per segment, every run up to `now`, in order: a segment cued again
/// after others ran has two (the engine counts the second from its cue).
pub fn runs(agenda: &Agenda, log: &ShowLog, now: DateTime<Utc>) -> Vec<Vec<SegmentRun>> {
    let mut out = vec![Vec::new(); agenda.segments.len()];
    for run in all_runs(agenda, log, now) {
        out[run.index].push(SegmentRun {
            start: run.from,
            end: (!run.live).then_some(run.to),
            seconds: (run.to - run.from).num_seconds(),
        });
    }
    out
}

/// Per segment, what happened up to `now`. Before the operator's first cue
/// segments ran on schedule; cues undone with `prev` never happened.
pub fn actuals(agenda: &Agenda, log: &ShowLog, now: DateTime<Utc>) -> Vec<SegmentActual> {
    let mut out = vec![SegmentActual::default(); agenda.segments.len()];
    for run in all_runs(agenda, log, now) {
        let actual = &mut out[run.index];
        actual.start.get_or_insert(run.from);
        actual.end = (!run.live).then_some(run.to);
        actual.earlier_seconds = actual.seconds;
        actual.seconds += (run.to - run.from).num_seconds();
        actual.live = run.live;
        actual.runs += 1;
    }
    out
}

/// Every run of every segment up to `now`, in time order.
fn all_runs(agenda: &Agenda, log: &ShowLog, now: DateTime<Utc>) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let cues = log.cues_until(agenda, now);
    let cues = cues.as_slice();
    let handover = cues.first().map_or(now, |c| c.at.min(now));
    for (index, segment) in agenda.segments.iter().enumerate() {
        if segment.start >= handover {
            break;
        }
        runs.push(Run {
            index,
            from: segment.start,
            to: segment.end.min(handover),
            live: cues.is_empty() && segment.end > now,
        });
    }
    for (k, cue) in cues.iter().enumerate() {
        let Target::Segment(index) = cue.target else {
            continue;
        };
        // A cue of the segment live at that instant restarts it.
        if let Some(pos) = runs
            .iter()
            .rposition(|r| r.index == index && r.to == cue.at && r.from <= cue.at)
        {
            runs.remove(pos);
        }
        let (to, live) = match cues.get(k + 1) {
            Some(following) => (following.at, false),
            None => (now, true),
        };
        runs.push(Run {
            index,
            from: cue.at,
            to: to.max(cue.at),
            live,
        });
    }
    runs
}

/// When each segment not yet run is now expected to start, and the latest
/// it can start for the show to end at its planned end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SegmentOutlook {
    /// The later of its planned start and the previous segment's expected
    /// end (a break in the plan absorbs a delay; straight after it when the
    /// previous one moves on by itself). `None` once it has run, once the
    /// show is over, and for a segment the show has already gone past.
    pub expected_start: Option<DateTime<Utc>>,
    /// Back-timed from the show's planned end, if the segments after it keep
    /// their planned lengths. `None` once it has run.
    pub latest_start: Option<DateTime<Utc>>,
}

/// Per segment, its outlook at `now` (see [`SegmentOutlook`]).
pub fn outlook(agenda: &Agenda, log: &ShowLog, now: DateTime<Utc>) -> Vec<SegmentOutlook> {
    let actual = actuals(agenda, log, now);
    let snapshot = log.snapshot(agenda, now);
    let count = agenda.segments.len();
    let mut out = vec![SegmentOutlook::default(); count];
    // Back-timing: each must end by the time the one after it must start.
    let mut must_end = agenda.end();
    for (i, segment) in agenda.segments.iter().enumerate().rev() {
        let latest = must_end - segment.planned_duration();
        if !actual[i].has_run() {
            out[i].latest_start = Some(latest);
        }
        must_end = must_end.min(latest);
    }
    if snapshot.phase == Phase::After {
        return out;
    }
    match snapshot.current.filter(|_| !snapshot.following_schedule) {
        // The schedule drives the show: what has not run comes as planned.
        None => {
            for (i, segment) in agenda.segments.iter().enumerate() {
                if !actual[i].has_run() {
                    out[i].expected_start = Some(segment.start);
                }
            }
        }
        Some(live) => {
            let mut previous = live.index;
            let mut previous_end = if live.overrun { now } else { live.ends };
            for i in live.index + 1..count {
                if actual[i].has_run() {
                    continue;
                }
                let start = if previous + 1 == i {
                    expected_after(agenda, previous, previous_end)
                } else {
                    previous_end.max(agenda.segments[i].start)
                };
                out[i].expected_start = Some(start);
                previous = i;
                previous_end = expected_end(&agenda.segments[i], start);
            }
        }
    }
    out
}
