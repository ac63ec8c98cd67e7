//! `status` for people: the state at an instant in a few lines.

use super::{exact_in_every_clock, in_every_clock};
use crate::agenda::{Agenda, TimerKind};
use crate::show::{ShowLog, Snapshot, runs};
use crate::text::{inert, padded, widest};
use crate::timefmt::{clock_digits, day_label, drift_words, time_of_day};

pub fn status_text(agenda: &Agenda, log: &ShowLog, snapshot: &Snapshot) -> String {
    let now = snapshot.now;
    let runs = runs(agenda, log, now);
    let count = agenda.segments.len();
    let mut out = format!(
        "{} — {}{}\n",
        inert(&agenda.title),
        snapshot.phase.label(),
        match control_words(snapshot) {
            Some(words) => format!(" · {words}"),
            None => String::new(),
        }
    );
    let width = widest(agenda.clocks.iter().map(|c| c.label.as_str()));
    for clock in &agenda.clocks {
        let local = now.with_timezone(&clock.timezone);
        out.push_str(&format!(
            "  {}  {} {}\n",
            padded(&clock.label, width),
            day_label(&local),
            time_of_day(&local, clock.hour_format, true)
        ));
    }
    if let Some(message) = &snapshot.message {
        out.push_str(&format!(
            "MESSAGE {}: {}\n",
            snapshot.message_audience.words(),
            inert(message)
        ));
    }
    match &snapshot.current {
        Some(current) => {
            let segment = &agenda.segments[current.index];
            let allotment = (current.ends - current.started).num_seconds().max(0);
            let elapsed = (now - current.started).num_seconds().max(0);
            let timer = match (current.overrun, segment.timer) {
                (true, _) => format!("OVERRUN +{}", clock_digits(current.remaining_seconds)),
                (false, TimerKind::Up) => format!(
                    "{} elapsed of {}",
                    clock_digits(elapsed),
                    clock_digits(allotment)
                ),
                (false, _) => format!("{} remaining", clock_digits(current.remaining_seconds)),
            };
            // What the speaker sees instead of a countdown, said once.
            let timer = match segment.timer {
                TimerKind::Clock => format!("{timer} (the stage shows the time of day)"),
                TimerKind::None => format!("{timer} (the stage shows no timer)"),
                TimerKind::Down | TimerKind::Up => timer,
            };
            out.push_str(&format!(
                "Now:  {}/{count} {} — {timer}\n",
                current.index + 1,
                inert(&segment.title)
            ));
            if current.started != segment.start {
                out.push_str(&format!(
                    "      started {} (planned {})\n",
                    exact_in_every_clock(agenda, current.started, now),
                    in_every_clock(agenda, segment.start, now)
                ));
            }
            // Cued again after others ran: this is a run of its own.
            let earlier = &runs[current.index];
            if earlier.len() > 1 {
                let before: Vec<String> = earlier[..earlier.len() - 1]
                    .iter()
                    .map(|run| {
                        format!(
                            "{}–{} ({})",
                            super::first_clock_time(agenda, run.start),
                            run.end
                                .map_or_else(String::new, |end| super::first_clock_time(
                                    agenda, end
                                )),
                            clock_digits(run.seconds)
                        )
                    })
                    .collect();
                let total: i64 = earlier.iter().map(|run| run.seconds).sum();
                out.push_str(&format!(
                    "      run {} of this segment; before: {}; {} in all of {} planned\n",
                    earlier.len(),
                    before.join(", "),
                    clock_digits(total),
                    clock_digits(segment.planned_duration().num_seconds())
                ));
            }
            out.push_str(&format!(
                "      ends {}\n",
                in_every_clock(agenda, current.ends, now)
            ));
            out.push_str(&people_lines(segment));
        }
        None if snapshot.phase == crate::show::Phase::Live => {
            out.push_str("Now:  a break between segments\n")
        }
        None => {}
    }
    if let Some(next) = &snapshot.next {
        let segment = &agenda.segments[next.index];
        out.push_str(&format!(
            "Next: {}/{count} {} — in {}, at {}\n",
            next.index + 1,
            inert(&segment.title),
            clock_digits(next.starts_in_seconds),
            in_every_clock(agenda, next.expected_start, now)
        ));
        out.push_str(&people_lines(segment));
    }
    match snapshot.ended_at {
        Some(ended) => out.push_str(&format!(
            "Show: over; ended {} (planned {}), {}\n",
            exact_in_every_clock(agenda, ended, now),
            in_every_clock(agenda, agenda.end(), now),
            drift_words(snapshot.drift_seconds)
                .replace("behind", "late")
                .replace("ahead", "early")
        )),
        None => out.push_str(&format!(
            "Show: {}; ends {}\n",
            drift_words(snapshot.drift_seconds),
            in_every_clock(agenda, snapshot.projected_end, now)
        )),
    }
    out
}

/// Who drives the show, in words, while it has not ended: the schedule
/// (until the operator's first cue) or the operator.
fn control_words(snapshot: &Snapshot) -> Option<&'static str> {
    match (snapshot.phase, snapshot.following_schedule) {
        (crate::show::Phase::After, _) => None,
        (_, true) => Some("ON SCHEDULE (no cue yet: the schedule drives the show)"),
        (_, false) => Some("CUED BY THE OPERATOR"),
    }
}

/// One line a person, the moderator introduced as the agenda does.
fn people_lines(segment: &crate::agenda::Segment) -> String {
    let mut out = String::new();
    if let Some(moderator) = &segment.moderator {
        out.push_str(&format!(
            "      {} {}\n",
            inert(moderator.moderator_label()),
            inert(&moderator.description())
        ));
    }
    for person in &segment.speakers {
        out.push_str(&format!("      {}\n", inert(&person.description())));
    }
    out
}
