//! When to ring the terminal bell: once as a slot hits zero, then once a
//! minute while it overruns.

use chrono::{DateTime, Utc};

use crate::show::Snapshot;

#[derive(Debug, Default)]
pub struct Bell {
    /// The overrunning cue (its segment and start) and how often it rang.
    rung: Option<((usize, DateTime<Utc>), i64)>,
    primed: bool,
}

impl Bell {
    /// True when the bell should ring now. The first frame only records
    /// where things stand: a restart in mid-overrun does not ring at once.
    pub fn should_ring(&mut self, snapshot: &Snapshot) -> bool {
        let due = snapshot
            .current
            .filter(|c| c.overrun)
            .map(|c| ((c.index, c.started), 1 + (-c.remaining_seconds) / 60));
        let ring = match (due, self.rung) {
            (Some((cue, count)), Some((rung_cue, rung))) if cue == rung_cue => count > rung,
            (Some(_), _) => self.primed,
            (None, _) => false,
        };
        self.rung = due;
        self.primed = true;
        ring
    }
}
