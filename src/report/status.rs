//! `status` for people: the state at an instant in a few lines.

use crate::agenda::{Agenda, TimerKind};
use crate::i18n::Language;
use crate::show::{ShowLog, Snapshot, runs};
use crate::t;
use crate::text::{inert, padded, widest};
use crate::timefmt::clock_digits;

pub fn status_text(lang: &Language, agenda: &Agenda, log: &ShowLog, snapshot: &Snapshot) -> String {
    let now = snapshot.now;
    let runs = runs(agenda, log, now);
    let count = agenda.segments.len();
    let mut out = format!(
        "{} — {}{}\n",
        inert(lang.pick(&agenda.title)),
        lang.phase(snapshot.phase),
        match control_words(lang, snapshot) {
            Some(words) => format!(" · {words}"),
            None => String::new(),
        }
    );
    let width = widest(agenda.clocks.iter().map(|c| lang.pick(&c.label)));
    for clock in &agenda.clocks {
        let local = now.with_timezone(&clock.timezone);
        out.push_str(&format!(
            "  {}  {} {}\n",
            padded(lang.pick(&clock.label), width),
            lang.day(&local),
            lang.time(&local, clock.hour_format, true)
        ));
    }
    if let Some(message) = &snapshot.message {
        out.push_str(&t!(
            lang,
            "status-message",
            audience = lang.audience(&snapshot.message_audience),
            text = inert(&lang.message(message))
        ));
        out.push('\n');
    }
    match &snapshot.current {
        Some(current) => {
            let segment = &agenda.segments[current.index];
            let allotment = (current.ends - current.started).num_seconds().max(0);
            let elapsed = (now - current.started).num_seconds().max(0);
            let timer = match (current.overrun, segment.timer) {
                (true, _) => t!(
                    lang,
                    "timer-overrun",
                    time = clock_digits(current.remaining_seconds)
                ),
                (false, TimerKind::Up) => t!(
                    lang,
                    "status-elapsed-of",
                    time = clock_digits(elapsed),
                    allotment = clock_digits(allotment)
                ),
                (false, _) => t!(
                    lang,
                    "status-remaining",
                    time = clock_digits(current.remaining_seconds)
                ),
            };
            // What the speaker sees instead of a countdown, said once.
            let timer = match segment.timer {
                TimerKind::Clock => t!(lang, "status-stage-shows-clock", timer = timer),
                TimerKind::None => t!(lang, "status-stage-shows-nothing", timer = timer),
                TimerKind::Down | TimerKind::Up => timer,
            };
            out.push_str(&t!(
                lang,
                "status-now",
                number = current.index + 1,
                count = count,
                title = inert(lang.pick(&segment.title)),
                timer = timer
            ));
            out.push('\n');
            if current.started != segment.start {
                out.push_str(&t!(
                    lang,
                    "status-started",
                    started = lang.exact_in_every_clock(agenda, current.started, now),
                    planned = lang.in_every_clock(agenda, segment.start, now)
                ));
                out.push('\n');
            }
            // Cued again after others ran: this is a run of its own.
            let earlier = &runs[current.index];
            if earlier.len() > 1 {
                let before: Vec<String> = earlier[..earlier.len() - 1]
                    .iter()
                    .map(|run| {
                        format!(
                            "{}–{} ({})",
                            lang.first_clock_time(agenda, run.start),
                            run.end
                                .map_or_else(String::new, |end| lang.first_clock_time(agenda, end)),
                            clock_digits(run.seconds)
                        )
                    })
                    .collect();
                let total: i64 = earlier.iter().map(|run| run.seconds).sum();
                out.push_str(&t!(
                    lang,
                    "status-run-of-segment",
                    run = earlier.len(),
                    before = before.join(", "),
                    total = clock_digits(total),
                    planned = clock_digits(segment.planned_duration().num_seconds())
                ));
                out.push('\n');
            }
            out.push_str(&t!(
                lang,
                "status-ends",
                at = lang.in_every_clock(agenda, current.ends, now)
            ));
            out.push('\n');
            out.push_str(&people_lines(lang, segment));
        }
        None if snapshot.phase == crate::show::Phase::Live => {
            out.push_str(&t!(lang, "status-break"));
            out.push('\n');
        }
        None => {}
    }
    if let Some(next) = &snapshot.next {
        let segment = &agenda.segments[next.index];
        out.push_str(&t!(
            lang,
            "status-next",
            number = next.index + 1,
            count = count,
            title = inert(lang.pick(&segment.title)),
            in_time = clock_digits(next.starts_in_seconds),
            at = lang.in_every_clock(agenda, next.expected_start, now)
        ));
        out.push('\n');
        out.push_str(&people_lines(lang, segment));
    }
    let show = match snapshot.ended_at {
        Some(ended) => t!(
            lang,
            "status-show-over",
            ended = lang.exact_in_every_clock(agenda, ended, now),
            planned = lang.in_every_clock(agenda, agenda.end(), now),
            drift = lang.lateness(snapshot.drift_seconds)
        ),
        None => t!(
            lang,
            "status-show",
            drift = lang.drift(snapshot.drift_seconds),
            ends = lang.in_every_clock(agenda, snapshot.projected_end, now)
        ),
    };
    out.push_str(&show);
    out.push('\n');
    out
}

/// Who drives the show, in words, while it has not ended: the schedule
/// (until the operator's first cue) or the operator.
fn control_words(lang: &Language, snapshot: &Snapshot) -> Option<String> {
    match (snapshot.phase, snapshot.following_schedule) {
        (crate::show::Phase::After, _) => None,
        (_, true) => Some(t!(lang, "status-on-schedule")),
        (_, false) => Some(t!(lang, "status-cued")),
    }
}

/// One line a person, the moderator introduced as the agenda does.
fn people_lines(lang: &Language, segment: &crate::agenda::Segment) -> String {
    let mut out = String::new();
    if let Some(moderator) = &segment.moderator {
        out.push_str(&format!(
            "      {} {}\n",
            inert(&lang.moderator_label(moderator)),
            inert(&lang.person(moderator))
        ));
    }
    for person in &segment.speakers {
        out.push_str(&format!("      {}\n", inert(&lang.person(person))));
    }
    out
}
