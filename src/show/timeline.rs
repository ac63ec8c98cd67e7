//! What actually happened to each segment: when it started, ended, and how
//! long it ran. Used by reports and the rundown, not on every frame.

use chrono::{DateTime, Utc};

use super::engine::{ShowLog, Target};
use crate::agenda::Agenda;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SegmentActual {
    /// When it first went live.
    pub start: Option<DateTime<Utc>>,
    /// When it last stopped being live; `None` while live or never run.
    pub end: Option<DateTime<Utc>>,
    /// How long it was live in all, in seconds.
    pub seconds: i64,
    pub live: bool,
}

impl SegmentActual {
    pub fn has_run(&self) -> bool {
        self.start.is_some()
    }
}

/// Per segment, what happened up to `now`. Before the operator's first cue
/// segments ran on schedule; cues undone with `prev` never happened.
pub fn actuals(agenda: &Agenda, log: &ShowLog, now: DateTime<Utc>) -> Vec<SegmentActual> {
    let mut out = vec![SegmentActual::default(); agenda.segments.len()];
    let cues = log.cues();
    let handover = cues.first().map_or(now, |c| c.at.min(now));
    for (index, segment) in agenda.segments.iter().enumerate() {
        if segment.start >= handover {
            break;
        }
        let live = cues.is_empty() && segment.end > now;
        record(
            &mut out[index],
            segment.start,
            segment.end.min(handover),
            live,
        );
    }
    for (k, cue) in cues.iter().enumerate() {
        let Target::Segment(index) = cue.target else {
            continue;
        };
        let (to, live) = match cues.get(k + 1) {
            Some(following) => (following.at, false),
            None => (now, true),
        };
        record(&mut out[index], cue.at, to.max(cue.at), live);
    }
    out
}

fn record(actual: &mut SegmentActual, from: DateTime<Utc>, to: DateTime<Utc>, live: bool) {
    actual.start.get_or_insert(from);
    actual.end = (!live).then_some(to);
    actual.seconds += (to - from).num_seconds();
    actual.live = live;
}
