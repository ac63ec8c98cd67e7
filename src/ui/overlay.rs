//! What is drawn over a view: help, confirmations and prompts.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Overlay, Screen};
use crate::i18n::Language;
use crate::show::Audience;
use crate::t;
use crate::text::inert;

/// Every key, as the help overlay lists it, with the message that says
/// what it does. The most needed first: a short terminal cuts the list
/// from the bottom.
pub const KEYS: &[(&str, &str)] = &[
    ("Space", "help-space"),
    ("q  Ctrl-C", "help-quit"),
    ("n  →", "help-next"),
    ("p  ←", "help-undo"),
    ("g N Enter", "help-goto"),
    ("+  -", "help-extend"),
    ("e", "help-end"),
    ("b", "help-bell"),
    ("v  Tab", "help-view"),
    ("m", "help-message"),
    ("1-5", "help-canned"),
    ("c", "help-clear"),
    ("f", "help-flash"),
    ("d", "help-dark"),
    ("r", "help-rehearse"),
    ("l", "help-links"),
    ("?  Esc", "help-close"),
];

/// Where a message will show, said before it is sent.
fn who_sees(lang: &Language, audience: &Audience) -> String {
    match audience {
        Audience::Moderator => t!(lang, "compose-shown-moderator"),
        Audience::Speakers => t!(lang, "compose-shown-speakers"),
        Audience::Everyone => t!(lang, "compose-shown-everyone"),
        Audience::Speaker(name) => t!(lang, "compose-shown-speaker", name = inert(name)),
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
    let lang = screen.lang;
    let (title, lines): (String, Vec<Line<'_>>) = match screen.overlay {
        Overlay::None => return,
        Overlay::Help(from) => {
            // What fits between the borders; ↑ ↓ scroll the rest.
            let keys: Vec<(&str, String)> = KEYS
                .iter()
                .map(|(key, what)| (*key, lang.say(what, &[])))
                .collect();
            let width = |(_, what): &(&str, String)| {
                12 + unicode_width::UnicodeWidthStr::width(what.as_str())
            };
            let inner = keys
                .iter()
                .map(width)
                .max()
                .unwrap_or(1)
                .min(usize::from(area.width.saturating_sub(4)))
                .max(1);
            let rows = |entry: &(&str, String)| width(entry).div_ceil(inner);
            let room = usize::from(area.height.saturating_sub(2)).max(1);
            let all: usize = keys.iter().map(rows).sum();
            let more = all > room;
            let fits = |from: usize| {
                let mut used = usize::from(more);
                keys[from..]
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
            let mut lines: Vec<Line<'_>> = keys
                .iter()
                .skip(from)
                .take(shown)
                .map(|(key, what)| {
                    Line::from(vec![
                        ratatui::text::Span::styled(format!("{key:>10}  "), theme.key()),
                        what.clone().into(),
                    ])
                })
                .collect();
            if more {
                lines.push(Line::styled(
                    t!(
                        lang,
                        "help-scroll",
                        first = from + 1,
                        last = (from + shown).min(KEYS.len()),
                        count = KEYS.len()
                    ),
                    theme.dim(),
                ));
            }
            (format!(" {} ", t!(lang, "help-title")), lines)
        }
        Overlay::ConfirmQuit => (
            format!(" {} ", t!(lang, "quit-title")),
            vec![
                Line::from(t!(lang, "quit-question")),
                Line::from(if screen.link.is_some() {
                    t!(lang, "quit-follower")
                } else {
                    t!(lang, "quit-journal-saved")
                }),
                Line::styled(t!(lang, "quit-keys"), theme.key()),
            ],
        ),
        Overlay::ConfirmEnd => (
            format!(" {} ", t!(lang, "end-title")),
            vec![
                Line::from(t!(lang, "end-question")),
                Line::from(t!(lang, "end-undo")),
                Line::styled(t!(lang, "end-keys"), theme.key()),
            ],
        ),
        Overlay::Goto(typed) => (
            format!(" {} ", t!(lang, "goto-title")),
            vec![
                Line::from(format!(
                    "{}▏",
                    t!(
                        lang,
                        "goto-prompt",
                        count = screen.agenda.segments.len(),
                        typed = typed.as_str()
                    )
                )),
                Line::styled(t!(lang, "goto-keys"), theme.key()),
            ],
        ),
        Overlay::Compose { text, audience } => (
            format!(
                " {} ",
                t!(lang, "compose-title", audience = lang.audience(audience))
            ),
            vec![
                Line::from(format!("{}▏", inert(text))),
                Line::styled(who_sees(lang, audience), theme.dim()),
                Line::styled(t!(lang, "compose-keys"), theme.key()),
            ],
        ),
        Overlay::OfferRehearsal => (
            format!(" {} ", t!(lang, "rehearse-title")),
            vec![
                Line::from(t!(
                    lang,
                    "rehearse-ended",
                    title = inert(lang.pick(&screen.agenda.title)),
                    at = lang.in_every_clock(
                        screen.agenda,
                        screen.snapshot.ended_at.unwrap_or(screen.agenda.end()),
                        screen.snapshot.now,
                    )
                )),
                Line::from(t!(lang, "rehearse-question")),
                Line::styled(t!(lang, "rehearse-keys"), theme.key()),
            ],
        ),
        Overlay::Links(links) => (
            format!(" {} ", t!(lang, "links-title")),
            links
                .iter()
                .map(|line| Line::from(line.as_str()))
                .chain([Line::styled(t!(lang, "links-keys"), theme.key())])
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
