//! When to ring the terminal bell: at the moments `[alerts] bell_at` names
//! (by default as a slot hits zero, then once a minute while it overruns).

use chrono::{DateTime, Utc};

use crate::agenda::{Alerts, BellAt};
use crate::show::{Current, Snapshot};

#[derive(Debug, Default)]
pub struct Bell {
    /// The live cue (its segment and start) and the stage it had reached.
    rung: Option<((usize, DateTime<Utc>), i64)>,
    primed: bool,
}

/// How far a slot has gone: 0 before the warning, 1 in it, 2 at zero, and
/// one more for each further whole minute of an overrun.
fn stage(current: &Current, warning_seconds: i64) -> i64 {
    if current.overrun {
        2 + (-current.remaining_seconds) / 60
    } else if current.remaining_seconds <= warning_seconds {
        1
    } else {
        0
    }
}

/// The moment a stage is reached at, if the bell has one for it.
fn moment(stage: i64) -> Option<BellAt> {
    match stage {
        0 => None,
        1 => Some(BellAt::Warning),
        2 => Some(BellAt::Zero),
        _ => Some(BellAt::EachMinute),
    }
}

impl Bell {
    /// True when the bell should ring now. The first frame only records
    /// where things stand: a restart in mid-overrun does not ring at once.
    pub fn should_ring(&mut self, snapshot: &Snapshot, alerts: &Alerts) -> bool {
        let due = snapshot
            .current
            .map(|c| ((c.index, c.started), stage(&c, alerts.warning_seconds)));
        let wanted = |stage: i64| moment(stage).is_some_and(|m| alerts.bell_at.contains(&m));
        let ring = match (due, self.rung) {
            (Some((cue, stage)), Some((rung_cue, rung))) if cue == rung_cue => {
                stage > rung && wanted(stage)
            }
            (Some((_, stage)), _) => self.primed && wanted(stage),
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
        let start = Entry::new("2022-06-01T01:00:00Z".parse().unwrap(), Action::Start);
        let log = ShowLog::replay(&agenda, &[start]).unwrap();
        let at = |t: &str| log.snapshot(&agenda, t.parse().unwrap());
        let alerts = &agenda.alerts;
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
        .map(|t| bell.should_ring(&at(t), alerts))
        .collect();
        assert_eq!(rings, [false, false, true, false, true, false, true]);

        // Started again in mid-overrun: silent until the next minute.
        let mut restarted = Bell::default();
        assert!(!restarted.should_ring(&at("2022-06-01T01:11:30Z"), alerts));
        assert!(restarted.should_ring(&at("2022-06-01T01:12:00.500Z"), alerts));

        // bell_at = ["warning"]: once as the warning begins (2 min before), never at zero.
        let warning_only = Alerts {
            bell_at: vec![BellAt::Warning],
            ..agenda.alerts.clone()
        };
        let mut bell = Bell::default();
        let rings: Vec<bool> = [
            "2022-06-01T01:07:00Z",
            "2022-06-01T01:07:59Z",
            "2022-06-01T01:08:00.500Z",
            "2022-06-01T01:09:00Z",
            "2022-06-01T01:10:00.500Z",
            "2022-06-01T01:11:00.500Z",
        ]
        .iter()
        .map(|t| bell.should_ring(&at(t), &warning_only))
        .collect();
        assert_eq!(rings, [false, false, true, false, false, false]);

        // ["zero"] alone: at zero, not each minute after.
        let zero_only = Alerts {
            bell_at: vec![BellAt::Zero],
            ..agenda.alerts.clone()
        };
        let mut bell = Bell::default();
        let rings: Vec<bool> = [
            "2022-06-01T01:09:59Z",
            "2022-06-01T01:10:00.500Z",
            "2022-06-01T01:11:00.500Z",
        ]
        .iter()
        .map(|t| bell.should_ring(&at(t), &zero_only))
        .collect();
        assert_eq!(rings, [false, true, false]);
    }
}
