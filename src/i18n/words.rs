//! Words that several screens and reports share: the phase, who a message
//! is for, the show against its plan, an instant in every clock.

use chrono::{DateTime, Datelike, Utc};

use super::Language;
use crate::agenda::{Agenda, Person};
use crate::show::{Audience, Phase, ShowClock};
use crate::t;
use crate::text::inert;
use crate::timefmt::short_digits;

/// The producer's messages one key away (1 to 5), as message keys. The
/// journal records each in English, whatever the producer's language, and
/// every screen shows it in its own: see [`Language::message`].
pub const CANNED: [&str; 5] = [
    "canned-wrap-up",
    "canned-two-minutes",
    "canned-mic-muted",
    "canned-speak-up",
    "canned-look-at-camera",
];

/// The canned message on number key `index + 1`, as the journal records it.
pub fn canned(index: usize) -> Option<String> {
    CANNED.get(index).map(|key| super::english().say(key, &[]))
}

impl Language {
    /// A message as this screen shows it: a canned one in this language,
    /// any other as it was written.
    pub fn message(&self, text: &str) -> String {
        CANNED
            .iter()
            .find(|key| super::english().say(key, &[]) == text)
            .map_or_else(|| text.to_string(), |key| self.say(key, &[]))
    }

    /// Said plainly whenever the clock is not the real one:
    /// `REHEARSAL x10 · SIMULATED CLOCK`.
    pub fn clock_badge(&self, clock: &ShowClock) -> Option<String> {
        match clock {
            ShowClock::Real => None,
            ShowClock::Simulated(sim) => {
                let speed = if sim.speed.fract() == 0.0 {
                    format!("{}", sim.speed as i64)
                } else {
                    format!("{:.2}", sim.speed)
                };
                Some(t!(self, "badge-rehearsal", speed = speed))
            }
        }
    }

    /// `BEFORE THE SHOW`, `LIVE`, `OVER`.
    pub fn phase(&self, phase: Phase) -> String {
        match phase {
            Phase::Before => t!(self, "phase-before"),
            Phase::Live => t!(self, "phase-live"),
            Phase::After => t!(self, "phase-over"),
        }
    }

    /// `to the moderator`, `to Zhe WANG only`: who will see a message.
    pub fn audience(&self, audience: &Audience) -> String {
        match audience {
            Audience::Moderator => t!(self, "audience-moderator"),
            Audience::Speakers => t!(self, "audience-speakers"),
            Audience::Speaker(name) => t!(self, "audience-speaker", name = inert(name)),
            Audience::Everyone => t!(self, "audience-everyone"),
        }
    }

    /// How the agenda introduces a segment's moderator: its `role_label`
    /// in this language, else `Moderated by`.
    pub fn moderator_label(&self, moderator: &Person) -> String {
        match &moderator.role_label {
            Some(label) => self.pick(label).to_string(),
            None => t!(self, "person-moderated-by"),
        }
    }

    /// `Name, Role – Organisation`, leaving out what the agenda does not
    /// say; the role in this language.
    pub fn person(&self, person: &Person) -> String {
        let name = person.name.as_str();
        match (&person.role, &person.organization) {
            (Some(role), Some(org)) => {
                t!(
                    self,
                    "person-role-organization",
                    name = name,
                    role = self.pick(role),
                    organization = org.as_str()
                )
            }
            (Some(role), None) => t!(self, "person-role", name = name, role = self.pick(role)),
            (None, Some(org)) => t!(
                self,
                "person-organization",
                name = name,
                organization = org.as_str()
            ),
            (None, None) => name.to_string(),
        }
    }

    /// The show against its plan: `on time`, `2:30 behind`, `0:45 ahead`.
    pub fn drift(&self, drift_seconds: i64) -> String {
        let time = short_digits(drift_seconds);
        match drift_seconds {
            0 => t!(self, "drift-on-time"),
            d if d > 0 => t!(self, "drift-behind", time = time),
            _ => t!(self, "drift-ahead", time = time),
        }
    }

    /// A show that ended against its plan: `on time`, `2:30 late`,
    /// `0:45 early`.
    pub fn lateness(&self, drift_seconds: i64) -> String {
        let time = short_digits(drift_seconds);
        match drift_seconds {
            0 => t!(self, "drift-on-time"),
            d if d > 0 => t!(self, "drift-late", time = time),
            _ => t!(self, "drift-early", time = time),
        }
    }

    /// `09:00 Beijing / 6:00 PM Pacific`: an instant in every clock, with
    /// the day where it is not that clock's today (as of `now`), and the
    /// year where it is not this year. Rounded to the minute.
    pub fn in_every_clock(&self, agenda: &Agenda, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        self.every_clock(agenda, at, now, false)
    }

    /// [`Self::in_every_clock`] to the second, for what actually happened
    /// (`ended 09:11:34 Beijing / 6:11:34 PM Pacific`): a plan is made in
    /// minutes, a show is not.
    pub fn exact_in_every_clock(
        &self,
        agenda: &Agenda,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> String {
        self.every_clock(agenda, at, now, true)
    }

    /// An instant to the second in the first clock, with its label
    /// (`09:44:27 Beijing`).
    pub fn first_clock_time(&self, agenda: &Agenda, at: DateTime<Utc>) -> String {
        agenda.clocks.first().map_or_else(String::new, |c| {
            t!(
                self,
                "clock-time",
                time = self.time(&at.with_timezone(&c.timezone), c.hour_format, true),
                clock = inert(self.pick(&c.label))
            )
        })
    }

    fn every_clock(
        &self,
        agenda: &Agenda,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
        seconds: bool,
    ) -> String {
        agenda
            .clocks
            .iter()
            .map(|c| {
                // Shown to the minute: rounded, not cut (10:30:58 reads 10:31).
                let shown = if seconds {
                    at
                } else {
                    at + chrono::TimeDelta::seconds(30)
                };
                let local = shown.with_timezone(&c.timezone);
                let today = now.with_timezone(&c.timezone).date_naive();
                let time = self.time(&local, c.hour_format, seconds);
                let clock = inert(self.pick(&c.label));
                if local.date_naive() == today {
                    t!(self, "clock-time", time = time, clock = clock)
                } else if local.year() == today.year() {
                    t!(
                        self,
                        "clock-time-on-day",
                        time = time,
                        clock = clock,
                        day = self.day(&local)
                    )
                } else {
                    t!(
                        self,
                        "clock-time-on-day-of-year",
                        time = time,
                        clock = clock,
                        day = self.day(&local),
                        year = local.year().to_string()
                    )
                }
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }
}
