//! What is drawn over a view: help, confirmations and prompts.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Overlay, Screen};
use crate::show::Audience;
use crate::text::inert;

/// Every key, as the help overlay lists it.
/// The most needed first: a short terminal cuts the list from the bottom.
pub const KEYS: &[(&str, &str)] = &[
    ("Space", "start / take over from the schedule, then next"),
    ("q  Ctrl-C", "quit (asks while the show is live)"),
    ("n  →", "next segment"),
    ("p  ←", "undo the latest cue (previous segment)"),
    ("g N Enter", "go to segment N"),
    ("+  -", "extend or shorten the current slot by a minute"),
    ("e", "end the show (asks first)"),
    ("b", "bell on or off"),
    ("v  Tab", "switch moderator / producer view"),
    ("m", "write a message: Tab says who for, Enter sends"),
    ("1-5", "producer view: a canned message, to everyone"),
    ("c", "clear the message"),
    ("f", "producer view: flash every screen for 3 s"),
    ("d", "producer view: speakers' screens dark / back"),
    ("r", "rehearse (when the show is over)"),
    ("l", "links to the browser screens, with a QR code"),
    ("?  Esc", "close this help"),
];

/// Where a message will show, said before it is sent.
fn who_sees(audience: &Audience) -> String {
    match audience {
        Audience::Moderator => {
            "Shown on the moderator's screen (and the producer's); no speaker's page shows it."
                .into()
        }
        Audience::Speakers => {
            "Shown on every speaker's page (and the producer's); not on the moderator's screen."
                .into()
        }
        Audience::Everyone => "Shown on the moderator's screen and every speaker's page.".into(),
        Audience::Speaker(name) => format!(
            "Shown only on {}'s own page (/speaker?name=…) and the producer's.",
            inert(name)
        ),
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

pub fn render(frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
    let theme = screen.theme;
    let (title, lines): (String, Vec<Line<'_>>) = match screen.overlay {
        Overlay::None => return,
        Overlay::Help(from) => {
            // What fits between the borders; ↑ ↓ scroll the rest.
            let width =
                |(_, what): &(&str, &str)| 12 + unicode_width::UnicodeWidthStr::width(*what);
            let inner = KEYS
                .iter()
                .map(width)
                .max()
                .unwrap_or(1)
                .min(usize::from(area.width.saturating_sub(4)))
                .max(1);
            let rows = |entry: &(&str, &str)| width(entry).div_ceil(inner);
            let room = usize::from(area.height.saturating_sub(2)).max(1);
            let all: usize = KEYS.iter().map(rows).sum();
            let more = all > room;
            let fits = |from: usize| {
                let mut used = usize::from(more);
                KEYS[from..]
                    .iter()
                    .take_while(|entry| {
                        used += rows(entry);
                        used <= room
                    })
                    .count()
            };
            // Not past the point where the last key is in sight.
            let last_start = (0..KEYS.len())
                .find(|&f| f + fits(f) >= KEYS.len())
                .unwrap_or(0);
            let from = (*from).min(last_start);
            let shown = fits(from).max(1);
            let mut lines: Vec<Line<'_>> = KEYS
                .iter()
                .skip(from)
                .take(shown)
                .map(|(key, what)| {
                    Line::from(vec![
                        ratatui::text::Span::styled(format!("{key:>10}  "), theme.key()),
                        what.to_string().into(),
                    ])
                })
                .collect();
            if more {
                lines.push(Line::styled(
                    format!(
                        "↑ ↓ scroll · {}-{} of {} keys",
                        from + 1,
                        (from + shown).min(KEYS.len()),
                        KEYS.len()
                    ),
                    theme.dim(),
                ));
            }
            (" Keys ".into(), lines)
        }
        Overlay::ConfirmQuit => (
            " Quit? ".into(),
            vec![
                Line::from("The show is live. Quit showclock?"),
                Line::from(if screen.link.is_some() {
                    "This screen only follows: the show goes on where it is served."
                } else {
                    "The journal is saved: starting again resumes the show."
                }),
                Line::styled("y quit · any other key stays", theme.key()),
            ],
        ),
        Overlay::ConfirmEnd => (
            " End the show? ".into(),
            vec![
                Line::from("End the show now? Every screen will say THE SHOW IS OVER."),
                Line::from("p undoes it afterwards (the last segment comes back)."),
                Line::styled("y end the show · any other key goes back", theme.key()),
            ],
        ),
        Overlay::Goto(typed) => (
            " Go to segment ".into(),
            vec![
                Line::from(format!(
                    "Segment number (1-{}): {}▏",
                    screen.agenda.segments.len(),
                    typed
                )),
                Line::styled("Enter cues it now · Esc cancels", theme.key()),
            ],
        ),
        Overlay::Compose { text, audience } => (
            format!(" Message {} ", audience.words()),
            vec![
                Line::from(format!("{}▏", inert(text))),
                Line::styled(who_sees(audience), theme.dim()),
                Line::styled(
                    "Tab: who it is for · Enter sends · Esc cancels",
                    theme.key(),
                ),
            ],
        ),
        Overlay::OfferRehearsal => (
            " The show is over ".into(),
            vec![
                Line::from(format!(
                    "{} ended {}.",
                    inert(&screen.agenda.title),
                    crate::report::in_every_clock(
                        screen.agenda,
                        screen.snapshot.ended_at.unwrap_or(screen.agenda.end()),
                        screen.snapshot.now,
                    )
                )),
                Line::from("Rehearse it now with a simulated clock (separate rehearsal journal)?"),
                Line::styled("r rehearse · q quit · Esc just look", theme.key()),
            ],
        ),
        Overlay::Links(links) => (
            " Browser screens ".into(),
            links
                .iter()
                .map(|line| Line::from(line.as_str()))
                .chain([Line::styled("any key closes", theme.key())])
                .collect(),
        ),
    };
    // The box fits its text, wrapped to the terminal's width if need be.
    let widest = lines
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(10)
        .max(unicode_width::UnicodeWidthStr::width(title.as_str()));
    let inner = (widest as u16).min(area.width.saturating_sub(4)).max(1);
    let rows: u16 = lines
        .iter()
        .map(|line| (line.width().max(1) as u16).div_ceil(inner))
        .sum();
    let rect = centered(area, inner + 4, rows + 2);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(super::parts::fit_text(&title, inner + 2))
        .title_alignment(Alignment::Center)
        .border_style(theme.key());
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
