//! Views: pure functions from a [`Screen`] (a snapshot of everything shown)
//! to a frame. Nothing here reads a clock, touches a file or decides what
//! the show does.

mod bigtext;
mod board;
mod moderator;
mod overlay;
mod parts;
mod producer;
mod stack;
mod theme;

use chrono::{DateTime, Utc};
use ratatui::Frame;

use crate::agenda::Agenda;
use crate::i18n::Language;
use crate::show::{Entry, SegmentActual, SegmentOutlook, Snapshot};
use crate::t;

pub use bigtext::BigText;
pub use board::{BoardScreen, board, board_columns};
pub use overlay::KEYS;
pub use theme::{Theme, Urgency};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Moderator,
    Producer,
}

/// What is drawn over the view, if anything. One at a time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    /// The keys, from the `n`th (a short terminal scrolls them with ↑ ↓).
    Help(usize),
    ConfirmQuit,
    /// `e`: end the show? One key must not end it.
    ConfirmEnd,
    /// Typing the number of the segment to cue.
    Goto(String),
    /// Typing a message, and who it is for (Tab changes it).
    Compose {
        text: String,
        audience: crate::show::Audience,
    },
    /// The show is over: rehearse it?
    OfferRehearsal,
    /// The links to the browser screens and a QR code: the lines to show.
    Links(Vec<String>),
}

/// A follower's link to the serving instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub connected: bool,
    /// When the last word came from the server.
    pub last_update: Option<DateTime<Utc>>,
    /// Without a token a follower cannot act.
    pub read_only: bool,
}

/// A synced show's link to its broker (`--sync`), as the screens say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncView {
    pub connected: bool,
    /// When the link was lost, while it is.
    pub lost_since: Option<DateTime<Utc>>,
    /// This instance's actions not yet in the shared stream.
    pub waiting: usize,
    /// Actions set aside since this instance started (the stream went on
    /// without them).
    pub set_aside: usize,
    /// This instance's NATS user may only watch.
    pub read_only: bool,
    /// The machine's clock against the broker's, when off by over a second.
    pub clock_offset_ms: Option<i64>,
}

/// Everything a view shows, as of one instant.
pub struct Screen<'a> {
    pub agenda: &'a Agenda,
    pub snapshot: &'a Snapshot,
    /// Per segment, what happened (the producer's rundown needs it).
    pub actuals: &'a [SegmentActual],
    /// Per segment, its expected and latest start (the producer's rundown).
    pub outlook: &'a [SegmentOutlook],
    /// The journal so far (the producer's message history and last actions).
    pub entries: &'a [Entry],
    pub view: ViewKind,
    pub overlay: &'a Overlay,
    /// Said plainly whenever the clock is not the real one: `REHEARSAL x10`.
    pub clock_badge: Option<String>,
    pub bell: bool,
    /// The overrun flash's phase.
    pub flash_on: bool,
    pub theme: Theme,
    pub link: Option<Link>,
    /// A one-line notice from the app (e.g. an action that failed).
    pub notice: Option<&'a str>,
    /// Where this instance serves the show, and its token.
    pub sharing: Option<&'a str>,
    /// Who follows the shared show (the producer lists them), when sharing.
    pub watchers: Option<&'a [Watcher]>,
    /// The real time, for the follower's "last update N s ago".
    pub wall_now: DateTime<Utc>,
    /// A synced show's link.
    pub sync: Option<SyncView>,
    /// The language every word is in.
    pub lang: &'a Language,
}

/// Someone following a shared show: a terminal with `follow`, or a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watcher {
    /// Where from: the client's address.
    pub address: String,
    /// With the control token (can cue), or watching only.
    pub control: bool,
    pub since: DateTime<Utc>,
}

/// A follower that has not reached its server yet: where it is trying,
/// and why it has not got there.
pub fn connecting(
    frame: &mut Frame<'_>,
    lang: &Language,
    (url, problem): (&str, Option<&str>),
    theme: Theme,
) {
    use ratatui::text::Line;
    let area = frame.area();
    let mut lines = vec![Line::styled(
        t!(lang, "connecting-to", url = crate::text::inert(url)),
        theme.title(),
    )];
    if let Some(problem) = problem {
        lines.push(Line::styled(
            t!(
                lang,
                "connecting-not-yet",
                problem = crate::text::inert(problem)
            ),
            theme.warning_badge(),
        ));
    }
    lines.push(Line::styled(t!(lang, "connecting-wait"), theme.dim()));
    let height = (lines.len() as u16).min(area.height);
    let middle = ratatui::layout::Rect {
        y: area.y + area.height.saturating_sub(height) / 2,
        height,
        ..area
    };
    frame.render_widget(
        ratatui::widgets::Paragraph::new(lines)
            .alignment(ratatui::layout::Alignment::Center)
            .wrap(ratatui::widgets::Wrap { trim: true }),
        middle,
    );
}

/// A journal found damaged on start: what is wrong, and the two ways on.
pub struct DamagedJournal<'a> {
    pub journal: &'a str,
    /// (line number, why), in file order.
    pub problems: &'a [(usize, String)],
    /// Entries that would be kept.
    pub valid: usize,
}

/// Asks what to do with a damaged journal: repair it, or quit. The choice
/// keeps the bottom of the screen, however long the list above it.
pub fn damaged_journal(
    frame: &mut Frame<'_>,
    lang: &Language,
    damaged: &DamagedJournal<'_>,
    theme: Theme,
) {
    use crate::text::inert;
    use ratatui::layout::{Constraint, Layout};
    use ratatui::text::Line;
    use ratatui::widgets::{Paragraph, Wrap};
    let [list_area, choice_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(5)]).areas(frame.area());
    let journal = inert(damaged.journal);
    let count = damaged.problems.len();
    let mut lines = vec![
        Line::styled(
            t!(
                lang,
                "damaged-title",
                journal = journal.as_str(),
                count = count
            ),
            theme.warning_badge(),
        ),
        Line::raw(""),
    ];
    // The header, the problems that fit, and a line for the rest.
    let room = usize::from(list_area.height.saturating_sub(3)).max(1);
    let shown = if count > room + 1 { room } else { count };
    for (line, why) in &damaged.problems[..shown] {
        lines.push(Line::raw(t!(
            lang,
            "damaged-line",
            line = *line,
            why = inert(why)
        )));
    }
    if shown < count {
        lines.push(Line::styled(
            t!(lang, "damaged-more", count = count - shown),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), list_area);
    let choice = vec![
        Line::raw(""),
        Line::styled(
            t!(
                lang,
                "damaged-repair",
                valid = damaged.valid,
                journal = journal.as_str()
            ),
            theme.title(),
        ),
        Line::styled(t!(lang, "damaged-quit"), theme.title()),
    ];
    frame.render_widget(
        Paragraph::new(choice).wrap(Wrap { trim: false }),
        choice_area,
    );
}

pub fn draw(frame: &mut Frame<'_>, screen: &Screen<'_>) {
    let area = frame.area();
    match screen.view {
        ViewKind::Moderator => moderator::render(frame, area, screen),
        ViewKind::Producer => producer::render(frame, area, screen),
    }
    overlay::render(frame, area, screen);
}
