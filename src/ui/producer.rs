//! The producer's screen: the whole rundown, what is late, what comes next,
//! the cues, and the message composer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use super::parts::{
    clocks, fit, fit_text, header, key_hint, message, show_line, timer_text, urgency, wrap_fit,
};
use super::stack::{Band, stack};
use super::{Screen, Urgency};
use crate::i18n::{CANNED, Language};
use crate::show::{Action, Entry};
use crate::t;
use crate::text::inert;
use crate::timefmt::{clock_digits, duration_words, signed_clock};

pub fn render(frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
    let snapshot = screen.snapshot;
    let theme = screen.theme;
    let lang = screen.lang;
    let width = area.width;
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
        Band::new(6, 3, area.height), // 7 the desk: notes and cues, messages, the journal
        Band::new(7, 1, 1),           // 8 canned messages
        Band::new(8, 1, 1),           // 9 hint
        Band::new(7, u16::from(screen.sharing.is_some()), 1), // 10 sharing
    ];
    let areas = stack(area, &bands);
    areas.put(frame, 0, Paragraph::new(header(screen, width)));
    areas.put(frame, 1, Paragraph::new(clocks(screen, width)));
    if let Some(line) = message(screen) {
        areas.put(frame, 2, Paragraph::new(fit(line, width)));
    }
    if let Some(notice) = screen.notice {
        areas.put(
            frame,
            3,
            Paragraph::new(fit(
                Line::styled(inert(notice), theme.warning_badge()),
                width,
            )),
        );
    }
    areas.put(frame, 4, Paragraph::new(fit(timer_line(screen), width)));
    areas.put(frame, 5, Paragraph::new(show_line(screen, width)));
    if let Some(rect) = areas.get(6) {
        render_rundown(frame, rect, screen);
    }
    if let Some(rect) = areas.get(7) {
        render_desk(frame, rect, screen);
    }
    let canned: Vec<Span<'_>> = std::iter::once(Span::styled(
        format!("{} ", t!(lang, "producer-to-everyone")),
        theme.dim(),
    ))
    .chain(CANNED.iter().enumerate().flat_map(|(i, key)| {
        [
            Span::styled(format!("{} ", i + 1), theme.key()),
            Span::raw(format!("{}  ", lang.say(key, &[]))),
        ]
    }))
    .collect();
    areas.put(frame, 8, Paragraph::new(fit(Line::from(canned), width)));
    areas.put(
        frame,
        9,
        Paragraph::new(Line::styled(
            key_hint(
                screen,
                if snapshot.following_schedule && snapshot.phase != crate::show::Phase::After {
                    t!(lang, "producer-keys-on-schedule")
                } else {
                    t!(lang, "producer-keys")
                },
                area.width,
            ),
            theme.dim(),
        )),
    );
    areas.put(
        frame,
        10,
        Paragraph::new(fit(
            Line::styled(inert(screen.sharing.unwrap_or_default()), theme.label()),
            width,
        )),
    );
}

/// The timer first (a long title must not cut it off), then what is on.
fn timer_line(screen: &Screen<'_>) -> Line<'static> {
    let theme = screen.theme;
    let snapshot = screen.snapshot;
    let timer = timer_text(screen);
    let urgency = urgency(screen);
    let mut spans = Vec::new();
    if urgency == Urgency::Overrun {
        spans.push(Span::styled(
            format!(" {} ", timer.label),
            theme.alert(screen.flash_on),
        ));
    } else {
        spans.push(Span::styled(timer.digits, theme.timer(urgency)));
        spans.push(Span::styled(format!(" {}", timer.label), theme.label()));
    }
    if let Some(c) = snapshot.current {
        let segment = &screen.agenda.segments[c.index];
        spans.push(Span::styled(
            format!(
                " · {} ",
                t!(
                    screen.lang,
                    "moderator-now",
                    number = c.index + 1,
                    count = screen.agenda.segments.len()
                )
            ),
            theme.label(),
        ));
        spans.push(Span::styled(
            inert(screen.lang.pick(&segment.title)),
            theme.title(),
        ));
    }
    Line::from(spans)
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
    let lang = screen.lang;
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
        let label = inert(lang.pick(&clock.label));
        let label_width = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
        columns.push(Column {
            header: label,
            width: Constraint::Length(time.max(label_width)),
            from_width: if i == 0 { 0 } else { 80 },
        });
    }
    // Expected and latest starts of what has not run yet, in every clock
    // (the first as soon as there is room, the others on wide screens).
    for (i, clock) in agenda.clocks.iter().enumerate() {
        let time = if clock.hour_format == crate::agenda::HourFormat::H12 {
            8
        } else {
            5
        };
        for what in [t!(lang, "producer-expected"), t!(lang, "producer-latest")] {
            // The first clock's are plain "Exp" and "Latest".
            let header = if i == 0 {
                what
            } else {
                format!("{what} {}", inert(lang.pick(&clock.label)))
            };
            let header_width = unicode_width::UnicodeWidthStr::width(header.as_str()) as u16;
            columns.push(Column {
                header,
                width: Constraint::Length(time.max(header_width.min(14))),
                from_width: if i == 0 { 130 } else { 170 },
            });
        }
    }
    columns.push(Column {
        header: t!(lang, "export-length"),
        width: Constraint::Length(6),
        from_width: 70,
    });
    columns.push(Column {
        header: t!(lang, "producer-title"),
        width: Constraint::Fill(3),
        from_width: 0,
    });
    columns.push(Column {
        header: t!(lang, "producer-speakers"),
        width: Constraint::Fill(2),
        from_width: 110,
    });
    columns.push(Column {
        header: t!(lang, "producer-actual"),
        width: Constraint::Length(11),
        from_width: 90,
    });
    columns.push(Column {
        header: t!(lang, "producer-ran"),
        width: Constraint::Length(7),
        from_width: 0,
    });
    columns.push(Column {
        header: "±".into(),
        width: Constraint::Length(8),
        from_width: 0,
    });
    let shown: Vec<bool> = columns.iter().map(|c| rect.width >= c.from_width).collect();
    let widths: Vec<Constraint> = columns
        .iter()
        .zip(&shown)
        .filter(|(_, show)| **show)
        .map(|(c, _)| c.width)
        .collect();
    // The table's own layout, to cut each text to its column with `…`.
    let column_widths: Vec<u16> = Layout::horizontal(widths.clone())
        .flex(Flex::Start)
        .spacing(1)
        .split(Rect::new(0, 0, rect.width, 1))
        .iter()
        .map(|r| r.width)
        .collect();
    let keep = |cells: Vec<(String, ratatui::style::Style)>| -> Vec<Cell<'static>> {
        cells
            .into_iter()
            .zip(&shown)
            .filter(|(_, show)| **show)
            .map(|(cell, _)| cell)
            .zip(&column_widths)
            .map(|((text, style), w)| Cell::from(fit_text(&text, *w)).style(style))
            .collect()
    };
    let plain = ratatui::style::Style::new();

    let focus = snapshot
        .current
        .map(|c| c.index)
        .or(snapshot.next.map(|n| n.index));
    // The table's top border and header take two rows.
    let rows_visible = usize::from(rect.height.saturating_sub(2)).max(1);
    // Keep the current row and the next few in sight (the one before it
    // too, when there is room for more than it).
    let before = usize::from(rows_visible > 1);
    let offset = focus
        .map_or(0, |f| f.saturating_sub(before))
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
            let mut cells = vec![(format!("{}", i + 1), plain)];
            cells.extend(agenda.clocks.iter().map(|c| {
                let start = segment.start.with_timezone(&c.timezone);
                (lang.time(&start, c.hour_format, false), plain)
            }));
            let outlook = screen.outlook.get(i).copied().unwrap_or_default();
            let late = outlook
                .expected_start
                .zip(outlook.latest_start)
                .is_some_and(|(expected, latest)| expected > latest);
            for c in &agenda.clocks {
                let show = |at: Option<chrono::DateTime<chrono::Utc>>| {
                    at.map_or_else(String::new, |at| {
                        lang.time(&at.with_timezone(&c.timezone), c.hour_format, false)
                    })
                };
                let expected_style = if late { theme.late() } else { plain };
                cells.push((show(outlook.expected_start), expected_style));
                cells.push((show(outlook.latest_start), plain));
            }
            cells.push((duration_words(segment.planned_duration()), plain));
            cells.push((inert(lang.pick(&segment.title)), plain));
            let names: Vec<&str> = segment.people().map(|p| p.name.as_str()).collect();
            cells.push((inert(&names.join(", ")), plain));
            // The first run's start, and how many runs (a segment cued again).
            let runs = if actual.runs > 1 {
                format!(" ×{}", actual.runs)
            } else {
                String::new()
            };
            cells.push((
                match (actual.start, first_clock) {
                    (Some(at), Some(c)) => format!(
                        "{}{runs}",
                        lang.time(&at.with_timezone(&c.timezone), c.hour_format, true)
                    ),
                    _ => String::new(),
                },
                plain,
            ));
            cells.push((
                if actual.has_run() {
                    clock_digits(actual.seconds)
                } else {
                    String::new()
                },
                plain,
            ));
            // Not yet run: how late it is expected to start, marked "~".
            let expected_delay = outlook
                .expected_start
                .map(|at| (at - segment.start).num_seconds());
            let over_text = match (actual.has_run(), actual.live, expected_delay) {
                (true, false, _) => signed_clock(over),
                (true, true, _) if over > 0 => format!("{} !", signed_clock(over)),
                (false, _, Some(delay)) if delay != 0 => format!("~{}", signed_clock(delay)),
                _ => String::new(),
            };
            let over_style = if (actual.has_run() && over > 0) || expected_delay > Some(0) {
                theme.late()
            } else {
                ratatui::style::Style::new()
            };
            cells.push((over_text, over_style));
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
    let header = keep(columns.iter().map(|c| (c.header.clone(), plain)).collect());
    let shown_to = (offset + rows_visible).min(agenda.segments.len());
    let shown = if shown_to == offset + 1 {
        shown_to.to_string()
    } else {
        format!("{}-{}", offset + 1, shown_to)
    };
    let title = format!(
        " {} ",
        t!(
            lang,
            "producer-rundown",
            shown = shown,
            count = agenda.segments.len()
        )
    );
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.label()))
        .column_spacing(1)
        .block(Block::default().borders(Borders::TOP).title(title));
    frame.render_widget(table, rect);
}

/// The lower half: the current and next segments' notes and cues on the
/// left; on the right, the message history and the last journal actions
/// (one section each, stacked: a further section such as the connected
/// followers goes in [`side_sections`]). Narrow terminals stack them all.
fn render_desk(frame: &mut Frame<'_>, rect: Rect, screen: &Screen<'_>) {
    let sections = side_sections(screen);
    if rect.width >= 90 {
        let [left, right] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)])
            .spacing(1)
            .areas(rect);
        render_cues(frame, left, screen);
        render_sections(frame, right, screen, &sections);
    } else {
        // The cues first; a section with something in it keeps its title
        // and latest line, an empty one gives its rows to the cues.
        let sections: Vec<Section> = sections
            .into_iter()
            .filter(|s| !s.lines.is_empty())
            .collect();
        let cue_rows = cue_lines(screen, rect.width).len() as u16 + 1;
        let room = rect
            .height
            .saturating_sub(2 * sections.len() as u16)
            .max(rect.height / 2);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(cue_rows.min(room)), Constraint::Fill(1)])
                .areas(rect);
        render_cues(frame, top, screen);
        render_sections(frame, bottom, screen, &sections);
    }
}

/// A titled list on the right of the desk, newest first.
struct Section {
    title: String,
    lines: Vec<Line<'static>>,
}

fn side_sections(screen: &Screen<'_>) -> Vec<Section> {
    let mut sections = vec![message_history(screen), journal_actions(screen)];
    if let Some(watchers) = screen.watchers {
        sections.insert(1, following(screen, watchers));
    }
    sections
}

/// Who follows the shared show, and since when: a producer sees at once
/// that the remote speakers' screens are (still) there.
fn following(screen: &Screen<'_>, watchers: &[super::Watcher]) -> Section {
    let theme = screen.theme;
    let lang = screen.lang;
    let lines = watchers
        .iter()
        .map(|w| {
            let role = if w.control {
                t!(lang, "producer-watcher-control")
            } else {
                t!(lang, "producer-watcher-watching")
            };
            Line::from(vec![
                Span::styled(format!("{} ", moment(screen, w.since)), theme.dim()),
                Span::styled(inert(&w.address), theme.label()),
                Span::styled(format!(" · {role}"), theme.dim()),
            ])
        })
        .collect();
    Section {
        title: format!(
            " {} ",
            t!(lang, "producer-following", count = watchers.len())
        ),
        lines,
    }
}

/// Sections share the rows: each gets its lines, the last what is left.
fn render_sections(frame: &mut Frame<'_>, rect: Rect, screen: &Screen<'_>, sections: &[Section]) {
    let theme = screen.theme;
    let mut y = rect.y;
    let bottom = rect.y + rect.height;
    for (i, section) in sections.iter().enumerate() {
        if y >= bottom {
            break;
        }
        let left = bottom - y;
        let others = (sections.len() - i - 1) as u16 * 2;
        let want = section.lines.len().max(1) as u16 + 1;
        let height = if i + 1 == sections.len() {
            left
        } else {
            want.min(left.saturating_sub(others).max(2)).min(left)
        };
        let area = Rect::new(rect.x, y, rect.width, height);
        let lines: Vec<Line<'static>> = if section.lines.is_empty() {
            vec![Line::styled(
                t!(screen.lang, "producer-none-yet"),
                theme.dim(),
            )]
        } else {
            section
                .lines
                .iter()
                .map(|l| fit(l.clone(), rect.width))
                .collect()
        };
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(fit_text(&section.title, rect.width.saturating_sub(2))),
            ),
            area,
        );
        y += height;
    }
}

/// An instant in the first clock, to the second.
fn moment(screen: &Screen<'_>, at: chrono::DateTime<chrono::Utc>) -> String {
    screen.agenda.clocks.first().map_or_else(String::new, |c| {
        screen
            .lang
            .time(&at.with_timezone(&c.timezone), c.hour_format, true)
    })
}

fn message_history(screen: &Screen<'_>) -> Section {
    let theme = screen.theme;
    let lang = screen.lang;
    let mut lines = Vec::new();
    let mut showing = screen.snapshot.message.is_some();
    for entry in screen.entries.iter().rev() {
        let text = match &entry.action {
            Action::Message { text, audience } => {
                let now = std::mem::take(&mut showing);
                let style = if now { theme.title() } else { theme.label() };
                let mark = if now {
                    format!(" ◂ {}", t!(lang, "producer-showing"))
                } else {
                    String::new()
                };
                Span::styled(
                    format!(
                        "{} {}{mark}",
                        lang.audience(audience),
                        inert(&lang.message(text))
                    ),
                    style,
                )
            }
            Action::ClearMessage => {
                showing = false;
                Span::styled(t!(lang, "producer-cleared"), theme.dim())
            }
            _ => continue,
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", moment(screen, entry.at)), theme.dim()),
            text,
        ]));
    }
    Section {
        title: format!(" {} ", t!(lang, "producer-messages")),
        lines,
    }
}

/// One journal entry in the words the keys use.
fn action_words(lang: &Language, entry: &Entry) -> String {
    match &entry.action {
        Action::Start => t!(lang, "action-start"),
        Action::Next => t!(lang, "action-next"),
        Action::Prev => t!(lang, "action-undo"),
        Action::Goto { index } => t!(lang, "action-goto", number = index + 1),
        Action::Extend { seconds } if *seconds >= 0 => {
            t!(lang, "action-extend", time = clock_digits(*seconds))
        }
        Action::Extend { seconds } => t!(lang, "action-shorten", time = clock_digits(*seconds)),
        Action::Message { text, audience } => t!(
            lang,
            "action-message",
            audience = lang.audience(audience),
            text = inert(&lang.message(text))
        ),
        Action::ClearMessage => t!(lang, "action-clear-message"),
        Action::End => t!(lang, "action-end"),
        Action::Flash => t!(lang, "action-flash"),
        Action::Blackout => t!(lang, "action-blackout"),
        Action::Unblackout => t!(lang, "action-unblackout"),
    }
}

fn journal_actions(screen: &Screen<'_>) -> Section {
    let theme = screen.theme;
    let lines = screen
        .entries
        .iter()
        .rev()
        .take(20)
        .map(|entry| {
            Line::from(vec![
                Span::styled(format!("{} ", moment(screen, entry.at)), theme.dim()),
                Span::raw(action_words(screen.lang, entry)),
            ])
        })
        .collect();
    Section {
        title: format!(" {} ", t!(screen.lang, "producer-journal")),
        lines,
    }
}

/// The current and next segments with their cues and notes.
fn cue_lines(screen: &Screen<'_>, width: u16) -> Vec<Line<'static>> {
    let theme = screen.theme;
    let lang = screen.lang;
    let snapshot = screen.snapshot;
    let mut lines = Vec::new();
    let mut describe = |label: String, index: usize| {
        let segment = &screen.agenda.segments[index];
        lines.push(fit(
            Line::from(vec![
                Span::styled(format!("{label}: "), theme.label()),
                Span::styled(inert(lang.pick(&segment.title)), theme.title()),
            ]),
            width,
        ));
        for cue in &segment.cues {
            let cue = format!("▸ {}", inert(lang.pick(cue)));
            for line in wrap_fit(&cue, width.saturating_sub(2), 3) {
                lines.push(Line::from(format!("  {line}")));
            }
        }
        if let Some(notes) = &segment.notes {
            for line in wrap_fit(&inert(lang.pick(notes)), width.saturating_sub(2), 4) {
                lines.push(Line::styled(format!("  {line}"), theme.dim()));
            }
        }
        if segment.cues.is_empty() && segment.notes.is_none() {
            lines.push(Line::styled(
                format!("  {}", t!(lang, "producer-no-cues")),
                theme.dim(),
            ));
        }
    };
    if let Some(c) = snapshot.current {
        describe(t!(lang, "producer-cues-now", number = c.index + 1), c.index);
    }
    if let Some(n) = snapshot.next {
        describe(
            t!(lang, "producer-cues-next", number = n.index + 1),
            n.index,
        );
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            t!(lang, "producer-nothing-coming"),
            theme.dim(),
        ));
    }
    lines
}

fn render_cues(frame: &mut Frame<'_>, rect: Rect, screen: &Screen<'_>) {
    let snapshot = screen.snapshot;
    let lang = screen.lang;
    let title = match (snapshot.next, snapshot.current) {
        (Some(_), Some(c)) if c.overrun => t!(
            lang,
            "producer-cues-overdue",
            time = clock_digits(c.remaining_seconds)
        ),
        (Some(n), _) => t!(
            lang,
            "producer-cues-in",
            time = clock_digits(n.starts_in_seconds)
        ),
        (None, _) => t!(lang, "producer-cues"),
    };
    let title = format!(" {title} ");
    let mut lines = cue_lines(screen, rect.width);
    let room = usize::from(rect.height.saturating_sub(1));
    if lines.len() > room && room > 0 {
        lines.truncate(room);
        if let Some(last) = lines.pop() {
            let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            // More follows below what fits: said at the end of the last row.
            let kept = fit_text(text.trim_end(), rect.width.saturating_sub(2));
            lines.push(Line::styled(
                format!("{} …", kept.trim_end_matches('…')),
                last.style,
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::TOP)
                .title(fit_text(&title, rect.width.saturating_sub(2))),
        ),
        rect,
    );
}
