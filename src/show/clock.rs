//! The show's clock: the real one, or a simulated one for rehearsals. Only
//! the mapping lives here; callers read the system clock and pass it in.
//! It travels to followers, so that they count on the same clock.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShowClock {
    Real,
    Simulated(SimulatedClock),
}

/// A clock that read `show_start` at the real instant `real_start` and runs
/// `speed` times as fast. Saved beside the rehearsal journal, so a rehearsal
/// restarted after a crash resumes with the time that passed counted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SimulatedClock {
    pub real_start: DateTime<Utc>,
    pub show_start: DateTime<Utc>,
    pub speed: f64,
}

impl ShowClock {
    /// The show's time when the real time is `real`.
    pub fn show_time(&self, real: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Self::Real => real,
            Self::Simulated(sim) => {
                let elapsed = (real - sim.real_start)
                    .num_microseconds()
                    .unwrap_or(i64::MAX / 2) as f64;
                sim.show_start + TimeDelta::microseconds((elapsed * sim.speed) as i64)
            }
        }
    }

    /// Real time until the shown second changes, from the real time `real`.
    pub fn until_next_second(&self, real: DateTime<Utc>) -> Duration {
        let show = self.show_time(real);
        let next =
            show.duration_trunc(TimeDelta::seconds(1)).unwrap_or(show) + TimeDelta::seconds(1);
        let show_gap = (next - show).num_microseconds().unwrap_or(1_000_000).max(0) as f64;
        let speed = match self {
            Self::Real => 1.0,
            Self::Simulated(sim) => sim.speed,
        };
        // A microsecond late rather than early: waking just before the
        // boundary would draw the old second again.
        Duration::from_micros((show_gap / speed).ceil() as u64 + 1)
    }
}

impl SimulatedClock {
    pub fn load(path: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes the clock durably: it must survive the crash it is for.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string(self).map_err(std::io::Error::other)?;
        let file = std::fs::File::create(path)?;
        std::io::Write::write_all(&mut &file, text.as_bytes())?;
        file.sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn simulated_time_runs_faster_and_wakes_on_its_own_seconds() {
        let clock = ShowClock::Simulated(SimulatedClock {
            real_start: at("2026-11-28T10:00:00Z"),
            show_start: at("2022-06-01T00:59:30Z"),
            speed: 10.0,
        });
        assert_eq!(
            clock.show_time(at("2026-11-28T10:00:03Z")),
            at("2022-06-01T01:00:00Z")
        );
        // 0.25 real s in: show at +2.5 s, next shown second 0.05 real s away.
        let wait = clock.until_next_second(at("2026-11-28T10:00:00.250Z"));
        assert_eq!(wait, Duration::from_micros(50_001));
    }

    #[test]
    fn the_real_clock_wakes_at_the_real_second() {
        let wait = ShowClock::Real.until_next_second(at("2026-11-28T10:00:00.998Z"));
        assert_eq!(wait, Duration::from_micros(2_001));
    }
}
