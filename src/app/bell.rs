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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::show::{Action, Entry, ShowLog};

    #[test]
    fn rings_at_zero_then_every_minute_of_the_overrun_and_not_on_a_restart() {
        let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"));
        let agenda = crate::agenda::load(path).unwrap().agenda;
        let start = Entry {
            at: "2022-06-01T01:00:00Z".parse().unwrap(),
            action: Action::Start,
        };
        let log = ShowLog::replay(&agenda, &[start]).unwrap();
        let at = |t: &str| log.snapshot(&agenda, t.parse().unwrap());
        let mut bell = Bell::default();
        let rings: Vec<bool> = [
            "2022-06-01T01:09:59Z",
            "2022-06-01T01:10:00Z",
            "2022-06-01T01:10:00.500Z",
            "2022-06-01T01:10:59Z",
            "2022-06-01T01:11:00.500Z",
            "2022-06-01T01:11:30Z",
            "2022-06-01T01:12:00.500Z",
        ]
        .iter()
        .map(|t| bell.should_ring(&at(t)))
        .collect();
        assert_eq!(rings, [false, false, true, false, true, false, true]);

        // Started again in mid-overrun: silent until the next minute.
        let mut restarted = Bell::default();
        assert!(!restarted.should_ring(&at("2022-06-01T01:11:30Z")));
        assert!(restarted.should_ring(&at("2022-06-01T01:12:00.500Z")));
    }
}
