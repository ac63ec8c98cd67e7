//! The moderator's screen: the time remaining, huge; who is on and who is
//! next; the clocks of every audience. Rows go in order of importance when
//! the terminal is small.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph, Wrap};

use super::Screen;
use super::bigtext::BigText;
use super::parts::{
    clocks, header, key_hint, message, people, show_line, span_in_clocks, timer_text, urgency,
};
use super::stack::{Band, stack};
use crate::text::inert;
use crate::timefmt::clock_digits;

const KEY_HINT: &str =
    "Space start/next · p undo · g go to · +/- 1 min · e end · b bell · v view · ? help · q quit";

pub fn render(frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
    let snapshot = screen.snapshot;
    let theme = screen.theme;
    let now = snapshot.now;
    let current = snapshot
        .current
        .map(|c| (c, &screen.agenda.segments[c.index]));
    let next = snapshot.next.map(|n| (n, &screen.agenda.segments[n.index]));
    let (digits, timer_label) = timer_text(screen);
    let big = BigText {
        text: &digits,
        style: theme.timer(urgency(screen), screen.flash_on),
    };
    let big_scale = (1..=4)
        .rev()
        .find(|&s| big.width(s) <= area.width)
        .unwrap_or(0);
    let timer_want = if big_scale > 0 {
        BigText::height(big_scale) + 1
    } else {
        1
    };
    let count = screen.agenda.segments.len();
    let people_rows = |text: &str| -> u16 {
        let width = usize::from(area.width.max(1));
        (unicode_width::UnicodeWidthStr::width(text).div_ceil(width)).clamp(1, 3) as u16
    };
    let current_people = current.map(|(_, s)| people(s, now)).unwrap_or_default();
    let next_people = next.map(|(_, s)| people(s, now)).unwrap_or_default();
    let has = |yes: bool, n: u16| if yes { n } else { 0 };

    // Display order; priorities: timer, message, current title, next, clocks, the rest.
    let bands = [
        // The header carries the badges (simulated clock, lost link) that must always show.
        Band::new(
            if screen.clock_badge.is_some() || screen.link.is_some() {
                2
            } else {
                9
            },
            1,
            1,
        ), // 0 header
        Band::new(5, 1, 1),                                  // 1 clocks
        Band::new(12, 1, 3),                                 // 2 spacer
        Band::new(2, has(snapshot.message.is_some(), 1), 3), // 3 message
        Band::new(2, has(screen.notice.is_some(), 1), 1),    // 4 notice
        Band::new(3, has(current.is_some(), 1), 1),          // 5 current title
        Band::new(
            6,
            has(!current_people.is_empty(), 1),
            people_rows(&current_people),
        ), // 6 people
        Band::new(7, has(current.is_some(), 1), 1),          // 7 planned times
        Band {
            grow: 5,
            ..Band::new(1, 1, timer_want)
        }, // 8 timer
        Band::new(6, has(current.is_some(), 1), 1),          // 9 progress
        Band::new(12, 1, 3),                                 // 10 spacer
        Band::new(4, has(next.is_some(), 1), 1),             // 11 next title
        Band::new(
            4,
            has(!next_people.is_empty(), 1),
            people_rows(&next_people),
        ), // 12 next people
        Band::new(6, 1, 1),                                  // 13 show line
        Band::new(12, 1, 4),                                 // 14 spacer
        Band::new(10, 1, 1),                                 // 15 key hint
        Band::new(8, u16::from(screen.sharing.is_some()), 1), // 16 sharing
    ];
    let areas = stack(area, &bands);

    areas.put(frame, 0, Paragraph::new(header(screen)));
    areas.put(frame, 1, Paragraph::new(clocks(screen, area.width)));
    if let Some(line) = message(screen) {
        let rows = areas.get(3).map_or(1, |r| r.height);
        let mut lines = vec![Line::styled("", theme.banner()); usize::from(rows)];
        lines[usize::from(rows / 2)] = line;
        areas.put(
            frame,
            3,
            Paragraph::new(lines)
                .style(theme.banner())
                .alignment(Alignment::Center),
        );
    }
    if let Some(notice) = screen.notice {
        areas.put(
            frame,
            4,
            Paragraph::new(Line::styled(inert(notice), theme.warning_badge())),
        );
    }
    if let Some((c, segment)) = current {
        let title = Line::from(vec![
            Span::styled(format!("NOW {}/{count} ", c.index + 1), theme.label()),
            Span::styled(inert(&segment.title), theme.title()),
        ]);
        areas.put(frame, 5, Paragraph::new(title));
        areas.put(
            frame,
            6,
            Paragraph::new(current_people.clone()).wrap(Wrap { trim: true }),
        );
        // What changed from the plan comes first: the line is cut from the right.
        let mut changes = Vec::new();
        if c.started != segment.start {
            let first = screen.agenda.clocks.first();
            let started = first.map_or_else(String::new, |clock| {
                let local = c.started.with_timezone(&clock.timezone);
                format!(
                    "{} {}",
                    crate::timefmt::time_of_day(&local, clock.hour_format, true),
                    inert(&clock.label)
                )
            });
            changes.push(format!("started {started}"));
        }
        if c.extension_seconds != 0 {
            let sign = if c.extension_seconds > 0 { '+' } else { '-' };
            changes.push(format!(
                "extended {sign}{}",
                clock_digits(c.extension_seconds)
            ));
        }
        changes.push(format!(
            "planned {}",
            span_in_clocks(screen.agenda, segment.start, segment.end)
        ));
        let times = changes.join(" · ");
        areas.put(frame, 7, Paragraph::new(Line::styled(times, theme.dim())));
        if let Some(rect) = areas.get(9) {
            let gauge = LineGauge::default()
                .ratio(c.progress(now))
                .filled_style(theme.gauge(urgency(screen)))
                .unfilled_style(theme.dim());
            frame.render_widget(gauge, rect);
        }
    }
    if let Some(rect) = areas.get(8) {
        render_timer(frame, rect, screen, &big, &timer_label);
    }
    if let Some((n, segment)) = next {
        let when = crate::report::in_every_clock(screen.agenda, n.expected_start, now);
        // In how long first: a long title must not push it off the line.
        let line = Line::from(vec![
            Span::styled(format!("NEXT {}/{count} ", n.index + 1), theme.label()),
            Span::styled(
                match snapshot.current {
                    // The slot is over its time: the next one is due, not "in 00:00".
                    Some(c) if c.overrun => "due now ".to_string(),
                    _ => format!("in {} ", clock_digits(n.starts_in_seconds)),
                },
                theme.title(),
            ),
            Span::styled(inert(&segment.title), theme.next()),
            Span::raw(format!(" · {when}")),
        ]);
        areas.put(frame, 11, Paragraph::new(line));
        areas.put(
            frame,
            12,
            Paragraph::new(Line::styled(
                next_people.clone(),
                theme.next().remove_modifier(Modifier::BOLD),
            ))
            .wrap(Wrap { trim: true }),
        );
    }
    areas.put(frame, 13, Paragraph::new(show_line(screen)));
    areas.put(
        frame,
        15,
        Paragraph::new(Line::styled(key_hint(KEY_HINT, area.width), theme.dim())),
    );
    areas.put(
        frame,
        16,
        Paragraph::new(Line::styled(
            inert(screen.sharing.unwrap_or_default()),
            theme.label(),
        )),
    );
}

/// Big digits with their label under them, or one bold line when the area
/// is too small for them.
fn render_timer(
    frame: &mut Frame<'_>,
    rect: Rect,
    screen: &Screen<'_>,
    big: &BigText<'_>,
    label: &str,
) {
    let theme = screen.theme;
    if big.text.is_empty() {
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
    let label_style = if overrun {
        theme.alert(screen.flash_on)
    } else {
        theme.label()
    };
    let digits_area = Rect {
        height: rect.height.saturating_sub(1),
        ..rect
    };
    if rect.height >= 2 && big.scale_for(digits_area).is_some() {
        frame.render_widget(
            BigText {
                text: big.text,
                style: big.style,
            },
            digits_area,
        );
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
                Span::styled(big.text.to_string(), big.style),
                Span::styled(format!(" {label}"), theme.label()),
            ])
        };
        frame.render_widget(
            Paragraph::new(line).alignment(Alignment::Center),
            Rect { height: 1, ..rect },
        );
    }
}
