//! The moderator's screen: the time remaining, huge; who is on and who is
//! next; the clocks of every audience. Rows go in order of importance when
//! the terminal is small.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph};

use super::Screen;
use super::bigtext::BigText;
use super::parts::{
    Slot, TimerText, clocks, fit, header, key_hint, people, rows_for, show_line, span_in_clocks,
    timer_text, urgency, wrap_fit,
};
use super::stack::{Band, stack};
use crate::i18n::Language;
use crate::show::Phase;
use crate::t;
use crate::text::inert;
use crate::timefmt::clock_digits;

pub fn render(frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
    let snapshot = screen.snapshot;
    let agenda = screen.agenda;
    let theme = screen.theme;
    let lang = screen.lang;
    let width = area.width;
    let current = snapshot.current.map(|c| (c, &agenda.segments[c.index]));
    let next = snapshot.next.map(|n| (n, &agenda.segments[n.index]));
    let timer = timer_text(screen);
    // The timer's rows follow from the width: as tall as its digits can be drawn.
    let timer_want = BigText {
        text: &timer.digits,
        style: theme.label(),
        reference: &timer.reference,
    }
    .fit(Rect::new(0, 0, width, u16::MAX / 2))
    // Nothing to count (the show is over): its words in the middle.
    .map_or(area.height / 2, |fit| BigText::height(fit.scale) + 1);
    let count = agenda.segments.len();
    let current_people = current
        .map(|(c, s)| people(lang, agenda, s, Slot::Since(c.started), true))
        .unwrap_or_default();
    let next_people = next
        .map(|(n, s)| people(lang, agenda, s, Slot::Speaks(n.expected_start), true))
        .unwrap_or_default();
    let has = |yes: bool, n: u16| if yes { n } else { 0 };
    // Only what is meant for the moderator (a note to the speakers is not).
    let message_text = moderator_banner(lang, snapshot);
    let banner_width = width.saturating_sub(2);
    let over = snapshot.phase == Phase::After;

    // Display order; priorities: timer, message, current title, next, clocks, the rest.
    let bands = [
        // The header carries the badges (simulated clock, lost link) that must always show.
        // Who drives the show (CUED / ON SCHEDULE) is in it too.
        Band::new(
            if screen.clock_badge.is_some() || screen.link.is_some() {
                2
            } else {
                4
            },
            1,
            1,
        ), // 0 header
        Band::new(5, 1, 1), // 1 clocks
        // Spare rows on a tall terminal spread above and below the timer.
        Band::new(12, 1, (area.height / 10).max(2)), // 2 spacer
        // A long message wraps to three rows: after the timer has its own,
        // before the lesser bands have theirs.
        Band {
            grow: 7,
            ..Band::new(
                2,
                has(message_text.is_some(), 1),
                message_text
                    .as_deref()
                    .map_or(0, |t| rows_for(t, banner_width, 3)),
            )
        }, // 3 message
        Band::new(2, has(screen.notice.is_some(), 1), 1), // 4 notice
        Band::new(3, has(current.is_some(), 1), 1),       // 5 current title
        Band::new(
            7,
            has(!current_people.is_empty(), 1),
            rows_for(&current_people, width, 3),
        ), // 6 people
        Band::new(8, has(current.is_some(), 1), 1),       // 7 planned times
        Band {
            grow: 5,
            ..Band::new(1, 1, timer_want)
        }, // 8 timer
        Band::new(6, has(current.is_some(), 1), 1),       // 9 progress
        Band::new(12, 1, (area.height / 10).max(2)),      // 10 spacer
        Band::new(4, has(next.is_some(), 1), 1),          // 11 next title
        Band::new(7, has(next.is_some(), 1), 1),          // 12 next start in every clock
        // Who comes next grows before the spacers get a row.
        Band {
            grow: 8,
            ..Band::new(
                5,
                has(!next_people.is_empty(), 1),
                rows_for(&next_people, width, 4),
            )
        }, // 13 next people
        // Once the show is over, when it ended is what is left to say.
        Band::new(if over { 2 } else { 6 }, 1, 1), // 14 show line
        // What is left goes here: the key hint sits at the bottom.
        Band::new(12, 1, area.height), // 15 spacer
        Band::new(10, 1, 1),           // 16 key hint
        Band::new(8, u16::from(screen.sharing.is_some()), 1), // 17 sharing
    ];
    let areas = stack(area, &bands);

    areas.put(frame, 0, Paragraph::new(header(screen, width)));
    areas.put(frame, 1, Paragraph::new(clocks(screen, width)));
    if let (Some(text), Some(rect)) = (&message_text, areas.get(3)) {
        let lines: Vec<Line<'_>> = wrap_fit(text, banner_width, rect.height)
            .into_iter()
            .map(|line| Line::styled(format!(" {line} "), theme.banner()))
            .collect();
        frame.render_widget(
            Paragraph::new(lines)
                .style(theme.banner())
                .alignment(Alignment::Center),
            rect,
        );
    }
    if let Some(notice) = screen.notice {
        areas.put(
            frame,
            4,
            Paragraph::new(fit(
                Line::styled(inert(notice), theme.warning_badge()),
                width,
            )),
        );
    }
    if let Some((c, segment)) = current {
        let title = Line::from(vec![
            Span::styled(
                format!(
                    "{} ",
                    t!(lang, "moderator-now", number = c.index + 1, count = count)
                ),
                theme.label(),
            ),
            Span::styled(inert(lang.pick(&segment.title)), theme.title()),
        ]);
        areas.put(frame, 5, Paragraph::new(fit(title, width)));
        if let Some(rect) = areas.get(6) {
            render_people(
                frame,
                rect,
                (lang, agenda),
                segment,
                Slot::Since(c.started),
                theme.label(),
            );
        }
        // What changed from the plan comes first: the line is cut from the right.
        let mut changes = Vec::new();
        // Cued again after others ran: a run of its own, said as such.
        let actual = screen.actuals.get(c.index).copied().unwrap_or_default();
        if actual.runs > 1 {
            changes.push(t!(
                lang,
                "moderator-run",
                run = actual.runs,
                earlier = clock_digits(actual.earlier_seconds)
            ));
        }
        if c.started != segment.start {
            changes.push(t!(
                lang,
                "moderator-started",
                at = lang.first_clock_time(agenda, c.started)
            ));
        }
        match c.extension_seconds {
            0 => {}
            more if more > 0 => {
                changes.push(t!(lang, "moderator-extended", time = clock_digits(more)))
            }
            less => changes.push(t!(lang, "moderator-shortened", time = clock_digits(less))),
        }
        changes.push(t!(
            lang,
            "moderator-planned",
            span = span_in_clocks(lang, agenda, segment.start, segment.end)
        ));
        let times = changes.join(" · ");
        areas.put(
            frame,
            7,
            Paragraph::new(fit(Line::styled(times, theme.dim()), width)),
        );
        if let Some(rect) = areas.get(9) {
            let gauge = LineGauge::default()
                .ratio(c.progress(snapshot.now))
                .filled_style(theme.gauge(urgency(screen)))
                .unfilled_style(theme.dim());
            frame.render_widget(gauge, rect);
        }
    }
    if let Some(rect) = areas.get(8) {
        render_timer(frame, rect, screen, &timer);
    }
    if let Some((n, segment)) = next {
        // In how long first: a long title must not push it off the line.
        // The slot is over its time and nothing comes between: the next
        // one is due (since the slot ran out), not "in 00:00" at a minute
        // rounded up.
        let due_since = snapshot
            .current
            .filter(|c| c.overrun && n.starts_in_seconds == 0)
            .map(|c| c.ends);
        let when = match due_since {
            Some(_) => t!(lang, "moderator-due-now"),
            None => t!(
                lang,
                "moderator-in",
                time = clock_digits(n.starts_in_seconds)
            ),
        };
        let line = Line::from(vec![
            Span::styled(
                format!(
                    " {} ",
                    t!(lang, "moderator-next", number = n.index + 1, count = count)
                ),
                theme.next_label(),
            ),
            Span::styled(format!(" {when} "), theme.title()),
            Span::styled(inert(lang.pick(&segment.title)), theme.next()),
        ]);
        areas.put(frame, 11, Paragraph::new(fit(line, width)));
        let starts = match due_since {
            Some(since) => t!(
                lang,
                "moderator-due-since",
                at = lang.exact_in_every_clock(agenda, since, snapshot.now)
            ),
            None => t!(
                lang,
                "moderator-starts",
                at = lang.in_every_clock(agenda, n.expected_start, snapshot.now)
            ),
        };
        areas.put(
            frame,
            12,
            Paragraph::new(fit(Line::styled(starts, theme.label()), width)),
        );
        if let Some(rect) = areas.get(13) {
            render_people(
                frame,
                rect,
                (lang, agenda),
                segment,
                Slot::Speaks(n.expected_start),
                theme.next().remove_modifier(Modifier::BOLD),
            );
        }
    }
    areas.put(frame, 14, Paragraph::new(show_line(screen, width)));
    let hint = match (snapshot.phase, snapshot.following_schedule) {
        (Phase::Before, true) => t!(lang, "moderator-keys-before"),
        (Phase::Live, true) => t!(lang, "moderator-keys-on-schedule"),
        _ => t!(lang, "moderator-keys"),
    };
    areas.put(
        frame,
        16,
        Paragraph::new(Line::styled(key_hint(screen, hint, width), theme.dim())),
    );
    areas.put(
        frame,
        17,
        Paragraph::new(fit(
            Line::styled(inert(screen.sharing.unwrap_or_default()), theme.label()),
            width,
        )),
    );
    // A `flash`: the whole screen blinks on the half second for its 3 s.
    if snapshot.signals.flash_until.is_some() && screen.flash_on {
        frame.buffer_mut().set_style(
            area,
            ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
        );
    }
}

/// The banner's words: the message, if it is for the moderator, and who
/// else sees it.
fn moderator_banner(lang: &Language, snapshot: &crate::show::Snapshot) -> Option<String> {
    let text = inert(&lang.message(snapshot.moderator_message()?));
    Some(match snapshot.message_audience {
        crate::show::Audience::Everyone => t!(lang, "moderator-message-everyone", text = text),
        _ => t!(lang, "moderator-message", text = text),
    })
}

/// A segment's people in the rows given: with roles if they fit, else by
/// name (a name matters more than a role), cut with `…` if even that does
/// not fit.
fn render_people(
    frame: &mut Frame<'_>,
    rect: Rect,
    (lang, agenda): (&Language, &crate::agenda::Agenda),
    segment: &crate::agenda::Segment,
    slot: Slot,
    style: ratatui::style::Style,
) {
    let full = people(lang, agenda, segment, slot, true);
    let names = people(lang, agenda, segment, slot, false);
    let fits = |text: &str| rows_for(text, rect.width, u16::MAX) <= rect.height;
    let text = if fits(&full) { full } else { names };
    let lines: Vec<Line<'_>> = wrap_fit(&text, rect.width, rect.height)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect();
    frame.render_widget(Paragraph::new(lines), rect);
}

/// Big digits with their label under them, or one bold line when the area
/// is too small for them. An overrun fills its area with a red field.
fn render_timer(frame: &mut Frame<'_>, rect: Rect, screen: &Screen<'_>, timer: &TimerText) {
    let theme = screen.theme;
    let label = &timer.label;
    if timer.digits.is_empty() {
        let middle = Rect {
            y: rect.y + rect.height / 2,
            height: 1,
            ..rect
        };
        let line = Line::styled(label.to_string(), theme.title());
        frame.render_widget(Paragraph::new(line).alignment(Alignment::Center), middle);
        return;
    }
    let overrun = screen.snapshot.current.is_some_and(|c| c.overrun);
    let (field, digits_style) = if overrun {
        theme.overrun_field(screen.flash_on)
    } else {
        let style = theme.timer(urgency(screen));
        (ratatui::style::Style::new(), style)
    };
    let label_style = if overrun { field } else { theme.label() };
    if overrun {
        frame.render_widget(Block::new().style(field), rect);
    }
    let big = BigText {
        text: &timer.digits,
        style: digits_style,
        reference: &timer.reference,
    };
    let digits_area = Rect {
        height: rect.height.saturating_sub(1),
        ..rect
    };
    if rect.height >= 2 && big.fit(digits_area).is_some() {
        frame.render_widget(big, digits_area);
        let label_area = Rect {
            y: rect.y + rect.height - 1,
            height: 1,
            ..rect
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {label} "), label_style))
                .alignment(Alignment::Center),
            label_area,
        );
    } else {
        let line = if overrun {
            Line::styled(format!(" {label} "), label_style)
        } else {
            Line::from(vec![
                Span::styled(timer.digits.clone(), digits_style),
                Span::styled(format!(" {label}"), theme.label()),
            ])
        };
        frame.render_widget(
            Paragraph::new(fit(line, rect.width)).alignment(Alignment::Center),
            Rect { height: 1, ..rect },
        );
    }
}
