//! The engine: pure functions of (agenda, journal, now). No clock is read
//! and nothing is written here; `now` always comes from the caller.

use chrono::{DateTime, TimeDelta, Utc};

use super::journal::{Action, Audience, Entry, same_person};
use crate::agenda::{Agenda, OnEnd, ScheduleSlot, Segment};

/// How long a `flash` lasts on every screen.
pub const FLASH_SECONDS: i64 = 3;

/// The operator's cues so far, folded from the journal. Until the first cue
/// the show follows the schedule; after it, the operator is in charge.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShowLog {
    cues: Vec<Cue>,
    message: Option<String>,
    message_audience: Audience,
    /// When the message was sent, and as which journal entry: one sent
    /// before the end is not shown after it.
    message_at: Option<DateTime<Utc>>,
    message_entry: Option<usize>,
    entries: usize,
    /// The latest `flash`.
    flash_at: Option<DateTime<Utc>>,
    /// Speakers' screens are dark (`blackout` until `unblackout`).
    blackout: bool,
}

/// One cue: from `at` on, `target` is what is live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub target: Target,
    pub at: DateTime<Utc>,
    /// Seconds added to (or taken from) the segment's allotment.
    pub extension: i64,
    /// The journal entry (from 0) that made this cue; for a cue the end of
    /// a slot made by itself, the first entry after it.
    pub entry: usize,
    /// Made by the end of the slot before it (`on_end = "next"`), not by
    /// the operator.
    pub automatic: bool,
    /// The operator went back to this slot after its end had moved the show
    /// on (`prev`): it now runs over instead of moving on again.
    pub held: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Segment(usize),
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Before,
    Live,
    After,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::Live => "live",
            Self::After => "after",
        }
    }
}

/// The state of the show at one instant: what every view draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub now: DateTime<Utc>,
    pub phase: Phase,
    pub current: Option<Current>,
    pub next: Option<Next>,
    /// Projected end minus planned end; positive when behind.
    pub drift_seconds: i64,
    pub projected_end: DateTime<Utc>,
    pub message: Option<String>,
    /// Who the message is for (with no message, nothing).
    pub message_audience: Audience,
    /// True until the operator's first cue: the schedule drives the show.
    pub following_schedule: bool,
    /// When the show ended, once it has.
    pub ended_at: Option<DateTime<Utc>>,
    /// What the speakers' screens are told to do.
    pub signals: Signals,
}

/// The producer's signals to the speakers' screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Signals {
    /// Screens flash until this instant (a `flash` lasts [`FLASH_SECONDS`]).
    pub flash_until: Option<DateTime<Utc>>,
    /// Speakers' screens are dark.
    pub blackout: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Current {
    pub index: usize,
    pub started: DateTime<Utc>,
    /// When the slot's allotment runs out.
    pub ends: DateTime<Utc>,
    pub extension_seconds: i64,
    /// Whole seconds left, counted up to the next second (as a countdown
    /// shows it); negative, counted down, during an overrun.
    pub remaining_seconds: i64,
    pub overrun: bool,
}

impl Current {
    /// How much of the slot has gone, from 0 to 1 (1 once overrun).
    pub fn progress(&self, now: DateTime<Utc>) -> f64 {
        let total = (self.ends - self.started).num_milliseconds();
        if total <= 0 {
            return 1.0;
        }
        ((now - self.started).num_milliseconds() as f64 / total as f64).clamp(0.0, 1.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Next {
    pub index: usize,
    /// When it is expected to start: on schedule, or when the current slot ends.
    pub expected_start: DateTime<Utc>,
    pub starts_in_seconds: i64,
}

/// Whole seconds from `now` to `until`, rounded up while ahead (a countdown
/// shows 00:01 during the last second) and toward zero once past.
pub fn countdown_seconds(now: DateTime<Utc>, until: DateTime<Utc>) -> i64 {
    let ms = (until - now).num_milliseconds();
    if ms > 0 {
        (ms + 999) / 1000
    } else {
        -(-ms / 1000)
    }
}

impl ShowLog {
    /// Replays a whole journal.
    pub fn replay(agenda: &Agenda, entries: &[Entry]) -> Result<Self, (usize, String)> {
        let mut log = Self::default();
        for (i, entry) in entries.iter().enumerate() {
            log.apply(agenda, entry).map_err(|message| (i, message))?;
        }
        Ok(log)
    }

    /// How many journal entries have been applied.
    pub fn len(&self) -> usize {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    pub fn cues(&self) -> &[Cue] {
        &self.cues
    }

    /// Applies one action. Actions that change nothing (`next` after the end)
    /// are accepted and ignored; only an impossible one is an error.
    pub fn apply(&mut self, agenda: &Agenda, entry: &Entry) -> Result<(), String> {
        let at = entry.at;
        let count = agenda.segments.len();
        // Refused before anything changes: a refused action leaves no trace.
        match &entry.action {
            Action::Goto { index } if *index >= count => {
                return Err(format!(
                    "goto {index}: the agenda has {count} segments, numbered 0 to {}",
                    count.saturating_sub(1)
                ));
            }
            Action::Extend { seconds } if seconds.unsigned_abs() > 24 * 3600 => {
                return Err(format!(
                    "extend by {seconds} seconds: more than a day, surely a typo"
                ));
            }
            Action::Message {
                audience: Audience::Speaker(name),
                ..
            } if speaker_named(agenda, name).is_none() => {
                return Err(format!(
                    "message to speaker {:?}: no one of that name is on the agenda; the speakers are {}",
                    crate::text::inert(name),
                    agenda
                        .people_names()
                        .iter()
                        .map(|n| format!("{:?}", crate::text::inert(n)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            _ => {}
        }
        // Slots that ran out before this entry moved the show on by
        // themselves; one that runs out at this very instant has not yet,
        // so the operator's cue wins.
        let moved_on = self.moved_on(agenda, at, false);
        self.cues.extend(moved_on);
        match &entry.action {
            Action::Start => {
                if self.cues.is_empty() {
                    let index = match agenda.scheduled_at(at) {
                        ScheduleSlot::Before | ScheduleSlot::After => 0,
                        ScheduleSlot::In(i) | ScheduleSlot::Gap(i) => i,
                    };
                    self.cue(Target::Segment(index), at);
                }
            }
            Action::Next => match self.live_target(agenda, at) {
                Some(Target::Segment(i)) if i + 1 < count => self.cue(Target::Segment(i + 1), at),
                Some(Target::Segment(_)) => self.cue(Target::End, at),
                Some(Target::End) => {}
                // Before the show or in a break: cue the coming segment.
                None => match agenda.scheduled_at(at) {
                    ScheduleSlot::Before => self.cue(Target::Segment(0), at),
                    ScheduleSlot::Gap(i) => self.cue(Target::Segment(i), at),
                    ScheduleSlot::In(_) | ScheduleSlot::After => {}
                },
            },
            Action::Prev => {
                // Going back past a slot's own end holds the slot it left:
                // it runs over rather than moving on again at once.
                if self.cues.pop().is_some_and(|undone| undone.automatic)
                    && let Some(back) = self.cues.last_mut()
                {
                    back.held = true;
                }
            }
            Action::Goto { index } => self.cue(Target::Segment(*index), at),
            Action::Extend { seconds } => {
                match self.cues.last_mut() {
                    Some(Cue {
                        target: Target::Segment(_),
                        extension,
                        ..
                    }) => *extension += seconds,
                    Some(Cue {
                        target: Target::End,
                        ..
                    }) => {}
                    None => {
                        // Extending a slot the schedule is running takes it over
                        // as if it had been cued at its planned start.
                        if let ScheduleSlot::In(i) = agenda.scheduled_at(at) {
                            self.cues.push(Cue {
                                target: Target::Segment(i),
                                at: agenda.segments[i].start,
                                extension: *seconds,
                                entry: self.entries,
                                automatic: false,
                                held: false,
                            });
                        }
                    }
                }
            }
            Action::Message { text, audience } => {
                self.message = Some(text.clone());
                // The agenda's spelling of the name, whatever the case typed.
                self.message_audience = match audience {
                    Audience::Speaker(name) => {
                        Audience::Speaker(speaker_named(agenda, name).unwrap_or(name).to_string())
                    }
                    other => other.clone(),
                };
                self.message_at = Some(at);
                self.message_entry = Some(self.entries);
            }
            Action::ClearMessage => {
                self.message = None;
                self.message_audience = Audience::Moderator;
            }
            Action::End => {
                if self.cues.last().map(|c| c.target) != Some(Target::End) {
                    self.cue(Target::End, at);
                }
            }
            Action::Flash => self.flash_at = Some(at),
            Action::Blackout => self.blackout = true,
            Action::Unblackout => self.blackout = false,
        }
        self.entries += 1;
        Ok(())
    }

    fn cue(&mut self, target: Target, at: DateTime<Utc>) {
        self.cues.push(Cue {
            target,
            at,
            extension: 0,
            entry: self.entries,
            automatic: false,
            held: false,
        });
    }

    /// The cues the ends of slots have made by themselves after the last
    /// journal cue, up to `until` (and at it, if `inclusive`). Derived from
    /// the agenda and the journal alone: nothing is written for them.
    fn moved_on(&self, agenda: &Agenda, until: DateTime<Utc>, inclusive: bool) -> Vec<Cue> {
        let mut made = Vec::new();
        let mut last = self.cues.last().copied();
        while let Some(cue) = last.and_then(|cue| self.follow_on(agenda, &cue)) {
            if cue.at > until || (cue.at == until && !inclusive) {
                break;
            }
            made.push(cue);
            last = Some(cue);
        }
        made
    }

    /// The cue the end of `cue`'s slot makes, if its segment moves on by itself.
    fn follow_on(&self, agenda: &Agenda, cue: &Cue) -> Option<Cue> {
        let Target::Segment(i) = cue.target else {
            return None;
        };
        let segment = &agenda.segments[i];
        if cue.held || segment.on_end != OnEnd::Next {
            return None;
        }
        let target = if i + 1 < agenda.segments.len() {
            Target::Segment(i + 1)
        } else {
            Target::End
        };
        Some(Cue {
            target,
            at: slot_end(segment, cue.at, cue.extension).max(cue.at),
            extension: 0,
            entry: self.entries,
            automatic: true,
            held: false,
        })
    }

    /// Every cue up to `now`: the operator's, then those the ends of slots
    /// made by themselves since.
    pub fn cues_until(&self, agenda: &Agenda, now: DateTime<Utc>) -> Vec<Cue> {
        let mut cues = self.cues.clone();
        cues.extend(self.moved_on(agenda, now, true));
        cues
    }

    /// What the operator has live; `None` while the schedule drives the show.
    fn live_target(&self, agenda: &Agenda, at: DateTime<Utc>) -> Option<Target> {
        match self.cues.last() {
            Some(cue) => Some(cue.target),
            None => match agenda.scheduled_at(at) {
                ScheduleSlot::In(i) => Some(Target::Segment(i)),
                _ => None,
            },
        }
    }

    /// The state of the show at `now`. O(log n) in the number of segments,
    /// plus one step per slot that moved on by itself (`on_end = "next"`)
    /// since the last journal entry: about 20 ns each (measured: 79 µs a
    /// look, on average, at 8,000 linked 3-7 minute segments started once
    /// and left alone for weeks; a real show's entries keep the walk short).
    pub fn snapshot(&self, agenda: &Agenda, now: DateTime<Utc>) -> Snapshot {
        let message = self.message.clone();
        let following_schedule = self.cues.is_empty();
        let planned_end = agenda.end();
        let moved_on = self.moved_on(agenda, now, true);
        let last_cue = moved_on.last().or(self.cues.last());
        let signals = Signals {
            flash_until: self
                .flash_at
                .map(|at| at + TimeDelta::seconds(FLASH_SECONDS))
                .filter(|until| now < *until),
            blackout: self.blackout,
        };
        let mut snapshot = Snapshot {
            now,
            phase: Phase::Live,
            current: None,
            next: None,
            drift_seconds: 0,
            projected_end: planned_end,
            message,
            message_audience: self.message_audience.clone(),
            following_schedule,
            ended_at: None,
            signals,
        };
        match last_cue {
            None => match agenda.scheduled_at(now) {
                ScheduleSlot::Before => {
                    snapshot.phase = Phase::Before;
                    snapshot.next = Some(scheduled_next(agenda, 0, now));
                }
                ScheduleSlot::In(i) => {
                    let segment = &agenda.segments[i];
                    snapshot.current = Some(current(i, segment.start, segment.end, 0, now));
                    // The following segment, unless it has already started
                    // (inside this one, when they overlap).
                    snapshot.next = agenda
                        .next_after(now)
                        .map(|next| scheduled_next(agenda, next, now));
                }
                ScheduleSlot::Gap(i) => snapshot.next = Some(scheduled_next(agenda, i, now)),
                ScheduleSlot::After => {
                    snapshot.phase = Phase::After;
                    snapshot.ended_at = Some(planned_end);
                }
            },
            Some(Cue {
                target: Target::End,
                at,
                ..
            }) => {
                snapshot.phase = Phase::After;
                snapshot.ended_at = Some(*at);
                snapshot.drift_seconds = (*at - planned_end).num_seconds();
                snapshot.projected_end = *at;
            }
            Some(&Cue {
                target: Target::Segment(i),
                at,
                extension,
                ..
            }) => {
                let segment = &agenda.segments[i];
                let ends = slot_end(segment, at, extension);
                let live = current(i, at, ends, extension, now);
                let projected = if live.overrun { now } else { ends };
                snapshot.drift_seconds = (projected - segment.end).num_seconds();
                snapshot.projected_end = planned_end + TimeDelta::seconds(snapshot.drift_seconds);
                snapshot.current = Some(live);
                snapshot.next = agenda.segments.get(i + 1).map(|following| {
                    // When this slot ends: straight away if it moves on by
                    // itself; else a break planned between the two still
                    // comes first (the rundown's `expected_start`, by
                    // contrast, lets a break absorb a delay).
                    let planned_gap = (following.start - segment.end).max(TimeDelta::zero());
                    let expected_start = match segment.on_end {
                        OnEnd::Next => projected,
                        OnEnd::Overrun => projected + planned_gap,
                    };
                    Next {
                        index: i + 1,
                        expected_start,
                        starts_in_seconds: countdown_seconds(now, expected_start).max(0),
                    }
                });
            }
        }
        // "Wrap up" means nothing once the show is over: a message sent
        // before the end goes with it (one sent after it still shows).
        if snapshot.phase == Phase::After {
            let sent_before_the_end = match last_cue {
                Some(end) => self.message_entry.is_some_and(|m| m < end.entry),
                None => self.message_at.is_some_and(|at| at < planned_end),
            };
            if sent_before_the_end {
                snapshot.message = None;
                snapshot.message_audience = Audience::Moderator;
            }
        }
        snapshot
    }
}

/// The agenda's spelling of the person named `name`, if anyone on it is.
fn speaker_named<'a>(agenda: &'a Agenda, name: &str) -> Option<&'a str> {
    agenda
        .people_names()
        .into_iter()
        .find(|n| same_person(n, name))
}

impl Snapshot {
    /// The message, if the moderator's screen shows it.
    pub fn moderator_message(&self) -> Option<&str> {
        self.message
            .as_deref()
            .filter(|_| self.message_audience.reaches_moderator())
    }
}

/// When a slot cued at `at` runs out: its planned length from the cue, or
/// its planned end for a hard out; plus any extension.
fn slot_end(segment: &Segment, at: DateTime<Utc>, extension: i64) -> DateTime<Utc> {
    let extension = TimeDelta::seconds(extension);
    if segment.hard_end {
        segment.end + extension
    } else {
        at + segment.planned_duration() + extension
    }
}

/// When the segment after `previous` is expected to start if `previous`
/// ends at `previous_end`: then, if `previous` moves on by itself
/// (`on_end = "next"`); otherwise the later of that and its planned start
/// (a break in the plan absorbs a delay).
pub fn expected_after(
    agenda: &Agenda,
    previous: usize,
    previous_end: DateTime<Utc>,
) -> DateTime<Utc> {
    let following = &agenda.segments[previous + 1];
    match agenda.segments[previous].on_end {
        OnEnd::Next => previous_end,
        OnEnd::Overrun => previous_end.max(following.start),
    }
}

/// When a segment starting at `start` is expected to end.
pub fn expected_end(segment: &Segment, start: DateTime<Utc>) -> DateTime<Utc> {
    if segment.hard_end {
        segment.end.max(start)
    } else {
        start + segment.planned_duration()
    }
}

fn current(
    index: usize,
    started: DateTime<Utc>,
    ends: DateTime<Utc>,
    extension: i64,
    now: DateTime<Utc>,
) -> Current {
    let remaining_seconds = countdown_seconds(now, ends);
    Current {
        index,
        started,
        ends,
        extension_seconds: extension,
        remaining_seconds,
        overrun: now > ends,
    }
}

fn scheduled_next(agenda: &Agenda, index: usize, now: DateTime<Utc>) -> Next {
    let start = agenda.segments[index].start;
    Next {
        index,
        expected_start: start,
        starts_in_seconds: countdown_seconds(now, start).max(0),
    }
}
