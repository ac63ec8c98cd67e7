//! The producer's screen: the whole rundown, what is late, what comes next,
//! the cues, and the message composer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use super::parts::{clocks, header, key_hint, message, show_line, timer_text, urgency};
use super::stack::{Band, stack};
use super::{Screen, Urgency};
use crate::text::inert;
use crate::timefmt::{clock_digits, duration_words, time_of_day};

/// Messages one key away, in the producer view.
pub const CANNED: &[&str] = &[
    "Wrap up",
    "2 minutes",
    "Your mic is muted",
    "Speak up",
    "Look at the camera",
];

const KEY_HINT: &str = "Space next · p undo · g go to · +/- 1 min · m message · 1-5 canned · c clear · v view · ? help · q quit";

pub fn render(frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
    let snapshot = screen.snapshot;
    let theme = screen.theme;
    let bands = [
        Band::new(3, 1, 1),                                     // 0 header
        Band::new(4, 1, 1),                                     // 1 clocks
        Band::new(1, u16::from(snapshot.message.is_some()), 1), // 2 message
        Band::new(1, u16::from(screen.notice.is_some()), 1),    // 3 notice
        Band::new(0, 1, 1),                                     // 4 timer line
        Band::new(2, 1, 1),                                     // 5 show line
        Band {
            grow: 6,
            ..Band::new(5, 3, screen.agenda.segments.len().min(200) as u16 + 3)
        }, // 6 rundown
        Band::new(6, 3, 12),                                    // 7 cues
        Band::new(7, 1, 1),                                     // 8 canned messages
        Band::new(8, 1, 1),                                     // 9 hint
        Band::new(7, u16::from(screen.sharing.is_some()), 1),   // 10 sharing
    ];
    let areas = stack(area, &bands);
    areas.put(frame, 0, Paragraph::new(header(screen)));
    areas.put(frame, 1, Paragraph::new(clocks(screen, area.width)));
    if let Some(line) = message(screen) {
        areas.put(frame, 2, Paragraph::new(line));
    }
    if let Some(notice) = screen.notice {
        areas.put(
            frame,
            3,
            Paragraph::new(Line::styled(inert(notice), theme.warning_badge())),
        );
    }
    areas.put(frame, 4, Paragraph::new(timer_line(screen)));
    areas.put(frame, 5, Paragraph::new(show_line(screen)));
    if let Some(rect) = areas.get(6) {
        render_rundown(frame, rect, screen);
    }
    if let Some(rect) = areas.get(7) {
        render_cues(frame, rect, screen);
    }
    let canned: Vec<Span<'_>> = CANNED
        .iter()
        .enumerate()
        .flat_map(|(i, text)| {
            [
                Span::styled(format!("{} ", i + 1), theme.key()),
                Span::raw(format!("{text}  ")),
            ]
        })
        .collect();
    areas.put(frame, 8, Paragraph::new(Line::from(canned)));
    areas.put(
        frame,
        9,
        Paragraph::new(Line::styled(key_hint(KEY_HINT, area.width), theme.dim())),
    );
    areas.put(
        frame,
        10,
        Paragraph::new(Line::styled(
            inert(screen.sharing.unwrap_or_default()),
            theme.label(),
        )),
    );
}

fn timer_line(screen: &Screen<'_>) -> Line<'static> {
    let theme = screen.theme;
    let snapshot = screen.snapshot;
    let (digits, label) = timer_text(screen);
    let urgency = urgency(screen);
    let mut spans = Vec::new();
    if let Some(c) = snapshot.current {
        let segment = &screen.agenda.segments[c.index];
        spans.push(Span::styled(
            format!("NOW {}/{} ", c.index + 1, screen.agenda.segments.len()),
            theme.label(),
        ));
        spans.push(Span::styled(
            format!("{} ", inert(&segment.title)),
            theme.title(),
        ));
    }
    if urgency == Urgency::Overrun {
        spans.push(Span::styled(
            format!(" {label} "),
            theme.alert(screen.flash_on),
        ));
    } else {
        spans.push(Span::styled(digits, theme.timer(urgency, false)));
        spans.push(Span::styled(format!(" {label}"), theme.label()));
    }
    Line::from(spans)
}

fn signed(seconds: i64) -> String {
    match seconds.signum() {
        1 => format!("+{}", clock_digits(seconds)),
        -1 => format!("-{}", clock_digits(seconds)),
        _ => "0:00".into(),
    }
}

/// One column of the rundown: shown only when the table is at least
/// `from_width` wide, so narrow terminals keep what matters most.
struct Column {
    header: String,
    width: Constraint,
    from_width: u16,
}

fn render_rundown(frame: &mut Frame<'_>, rect: Rect, screen: &Screen<'_>) {
    let theme = screen.theme;
    let agenda = screen.agenda;
    let snapshot = screen.snapshot;
    let first_clock = agenda.clocks.first();
    let mut columns = vec![Column {
        header: "#".into(),
        width: Constraint::Length(3),
        from_width: 0,
    }];
    for (i, clock) in agenda.clocks.iter().enumerate() {
        let time = if clock.hour_format == crate::agenda::HourFormat::H12 {
            8
        } else {
            5
        };
        let label = inert(&clock.label);
        let label_width = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
        columns.push(Column {
            header: label,
            width: Constraint::Length(time.max(label_width)),
            from_width: if i == 0 { 0 } else { 80 },
        });
    }
    columns.push(Column {
        header: "Length".into(),
        width: Constraint::Length(6),
        from_width: 70,
    });
    columns.push(Column {
        header: "Title".into(),
        width: Constraint::Fill(3),
        from_width: 0,
    });
    columns.push(Column {
        header: "Speakers".into(),
        width: Constraint::Fill(2),
        from_width: 110,
    });
    columns.push(Column {
        header: "Actual".into(),
        width: Constraint::Length(11),
        from_width: 90,
    });
    columns.push(Column {
        header: "Ran".into(),
        width: Constraint::Length(7),
        from_width: 0,
    });
    columns.push(Column {
        header: "±".into(),
        width: Constraint::Length(8),
        from_width: 0,
    });
    let shown: Vec<bool> = columns.iter().map(|c| rect.width >= c.from_width).collect();
    let keep = |cells: Vec<Cell<'static>>| -> Vec<Cell<'static>> {
        cells
            .into_iter()
            .zip(&shown)
            .filter(|(_, show)| **show)
            .map(|(cell, _)| cell)
            .collect()
    };

    let focus = snapshot
        .current
        .map(|c| c.index)
        .or(snapshot.next.map(|n| n.index));
    let rows_visible = usize::from(rect.height.saturating_sub(3)).max(1);
    // Keep the current row and the next few in sight.
    let offset = focus
        .map_or(0, |f| f.saturating_sub(1))
        .min(agenda.segments.len().saturating_sub(rows_visible));
    let rows = agenda
        .segments
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows_visible)
        .map(|(i, segment)| {
            let actual = screen.actuals.get(i).copied().unwrap_or_default();
            let over = actual.seconds - segment.planned_duration().num_seconds();
            let mut cells = vec![Cell::from(format!("{}", i + 1))];
            cells.extend(agenda.clocks.iter().map(|c| {
                Cell::from(time_of_day(
                    &segment.start.with_timezone(&c.timezone),
                    c.hour_format,
                    false,
                ))
            }));
            cells.push(Cell::from(duration_words(segment.planned_duration())));
            cells.push(Cell::from(inert(&segment.title)));
            let names: Vec<&str> = segment.people().map(|p| p.name.as_str()).collect();
            cells.push(Cell::from(inert(&names.join(", "))));
            cells.push(Cell::from(match (actual.start, first_clock) {
                (Some(at), Some(c)) => {
                    time_of_day(&at.with_timezone(&c.timezone), c.hour_format, true)
                }
                _ => String::new(),
            }));
            cells.push(Cell::from(if actual.has_run() {
                clock_digits(actual.seconds)
            } else {
                String::new()
            }));
            let over_text = match (actual.has_run(), actual.live) {
                (true, false) => signed(over),
                (true, true) if over > 0 => format!("{} !", signed(over)),
                _ => String::new(),
            };
            let over_style = if actual.has_run() && over > 0 {
                theme.late()
            } else {
                ratatui::style::Style::new()
            };
            cells.push(Cell::from(over_text).style(over_style));
            let style = if Some(i) == snapshot.current.map(|c| c.index) {
                theme.highlight_row()
            } else if actual.has_run() && !actual.live {
                theme.dim()
            } else if Some(i) == snapshot.next.map(|n| n.index) {
                theme.next()
            } else {
                ratatui::style::Style::new()
            };
            Row::new(keep(cells)).style(style)
        });
    let header = keep(
        columns
            .iter()
            .map(|c| Cell::from(c.header.clone()))
            .collect(),
    );
    let widths: Vec<Constraint> = columns
        .iter()
        .zip(&shown)
        .filter(|(_, show)| **show)
        .map(|(c, _)| c.width)
        .collect();
    let shown_to = (offset + rows_visible).min(agenda.segments.len());
    let title = format!(
        " Rundown {}-{} of {} ",
        offset + 1,
        shown_to,
        agenda.segments.len()
    );
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.label()))
        .column_spacing(1)
        .block(Block::default().borders(Borders::TOP).title(title));
    frame.render_widget(table, rect);
}

fn render_cues(frame: &mut Frame<'_>, rect: Rect, screen: &Screen<'_>) {
    let theme = screen.theme;
    let snapshot = screen.snapshot;
    let mut lines = Vec::new();
    let mut describe = |label: &str, index: usize| {
        let segment = &screen.agenda.segments[index];
        lines.push(Line::from(vec![
            Span::styled(format!("{label} {}: ", index + 1), theme.label()),
            Span::styled(inert(&segment.title), theme.title()),
        ]));
        for cue in &segment.cues {
            lines.push(Line::from(format!("  ▸ {}", inert(cue))));
        }
        if let Some(notes) = &segment.notes {
            lines.push(Line::styled(format!("  {}", inert(notes)), theme.dim()));
        }
    };
    if let Some(c) = snapshot.current {
        describe("Now", c.index);
    }
    if let Some(n) = snapshot.next {
        describe("Next", n.index);
    }
    let title = match (snapshot.next, snapshot.current) {
        (Some(_), Some(c)) if c.overrun => format!(
            " Cues · next cue due now (overdue +{}) ",
            clock_digits(c.remaining_seconds)
        ),
        (Some(n), _) => format!(" Cues · next cue in {} ", clock_digits(n.starts_in_seconds)),
        (None, _) => " Cues ".into(),
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::TOP).title(title)),
        rect,
    );
}
