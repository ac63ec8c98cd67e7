//! The board of many rooms: a pure function from a [`BoardView`] to a
//! frame. Tiles with big digits while every room fits as one; a row a room
//! (scrolled to the chosen one) when they do not.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::bigtext::BigText;
use super::parts::{fit, fit_text};
use super::theme::{Theme, Urgency};
use crate::board::{BoardView, Order, Stage, Tile};
use crate::i18n::Language;
use crate::t;
use crate::text::inert;
use crate::timefmt::{clock_digits, short_digits};

/// Everything the board draws.
pub struct BoardScreen<'a> {
    pub view: &'a BoardView,
    /// The room the keys act on, as an index into `view.rooms`.
    pub selected: usize,
    pub theme: Theme,
    pub lang: &'static Language,
    /// Overruns blink: this half second is lit.
    pub flash_on: bool,
    pub notice: Option<&'a str>,
}

/// A tile's size: room for `+MM:SS` at full width (21 pixels of two
/// columns), and for its borders, the segment, its people, the line under
/// the digits, who drives the room and what comes next.
const TILE_WIDTH: u16 = 46;
const TILE_HEIGHT: u16 = 12;
/// Every tile's digits are sized for the widest they usually are, an
/// overrun of minutes: a countdown and an overrun are drawn alike.
const WIDEST: &str = "+00:00";

pub fn board(frame: &mut Frame<'_>, screen: &BoardScreen<'_>) {
    let area = frame.area();
    if area.height < 3 || area.width < 10 {
        return;
    }
    let header = Rect { height: 1, ..area };
    let footer = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    // A broker that does not answer says so above the footer: its rooms
    // (if any were seen) say DISCONNECTED, but a broker never reached has none.
    let down = brokers_down(screen, area.width);
    let down_rows = (down.len() as u16).min(area.height.saturating_sub(3) / 2);
    let body = Rect {
        y: area.y + 1,
        height: area.height - 2 - down_rows,
        ..area
    };
    frame.render_widget(Paragraph::new(header_line(screen, area.width)), header);
    frame.render_widget(Paragraph::new(footer_line(screen, area.width)), footer);
    if down_rows > 0 && !screen.view.rooms.is_empty() {
        let at = Rect {
            y: footer.y - down_rows,
            height: down_rows,
            ..area
        };
        frame.render_widget(Paragraph::new(down), at);
    }
    let rooms = &screen.view.rooms;
    if rooms.is_empty() {
        let lines = empty_lines(screen, body.width);
        frame.render_widget(Paragraph::new(lines), body);
        return;
    }
    match grid(rooms.len() as u16, body) {
        Some((columns, size)) => draw_tiles(frame, body, screen, columns, size),
        None => draw_rows(frame, body, screen),
    }
}

/// The largest digits a tile of that size holds (`+00:00` is 21 pixels
/// wide, two columns a pixel; five rows a scale).
fn digit_scale(width: u16, height: u16) -> u16 {
    (height.saturating_sub(7) / 5).min(width.saturating_sub(2) / 42)
}

/// How many rooms a row of the board holds on a screen of that size: the
/// tiles' columns, or 1 when the rooms are drawn a row each.
pub fn board_columns(count: usize, width: u16, height: u16) -> u16 {
    let body = Rect::new(0, 1, width, height.saturating_sub(2));
    grid(count as u16, body).map_or(1, |(columns, _)| columns)
}

/// How to lay the rooms out as tiles, if they all fit: the columns, and
/// each tile's size. The layout with the largest digits wins, the one with
/// more columns on a tie; a tile is no taller than its digits need.
fn grid(count: u16, body: Rect) -> Option<(u16, (u16, u16))> {
    if count == 0 {
        return None;
    }
    let most = (body.width / TILE_WIDTH).clamp(1, count.max(1));
    (1..=most)
        .filter_map(|columns| {
            let rows = count.div_ceil(columns);
            let (width, height) = (body.width / columns, body.height / rows);
            let scale = digit_scale(width, height);
            (height >= TILE_HEIGHT && width >= TILE_WIDTH && scale >= 1).then(|| {
                let needed = TILE_HEIGHT + 5 * (scale - 1);
                (scale, columns, (width, height.min(needed)))
            })
        })
        .max_by_key(|&(scale, columns, _)| (scale, columns))
        .map(|(_, columns, size)| (columns, size))
}

fn header_line(screen: &BoardScreen<'_>, width: u16) -> Line<'static> {
    let lang = screen.lang;
    let theme = screen.theme;
    let view = screen.view;
    let order = match view.order {
        Order::Attention => t!(lang, "board-order-attention"),
        Order::Room => t!(lang, "board-order-room"),
    };
    let left = t!(
        lang,
        "board-title",
        count = view.rooms.len(),
        order = order.as_str()
    );
    let mut spans = vec![Span::styled(left, theme.title())];
    if view.rehearsal {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", t!(lang, "board-rehearsal")),
            theme.warning_badge(),
        ));
    }
    let clocks: Vec<Span<'static>> = view
        .clocks
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            let local = view.clock_now.with_timezone(&c.timezone);
            let mut parts = Vec::new();
            if i > 0 {
                parts.push(Span::styled(" │ ", theme.dim()));
            }
            parts.push(Span::styled(
                format!("{} {} ", inert(lang.pick(&c.label)), lang.weekday(&local)),
                theme.label(),
            ));
            parts.push(Span::styled(
                lang.time(&local, c.hour_format, false),
                theme.clock(),
            ));
            parts
        })
        .collect();
    let used = Line::from(spans.clone()).width() + Line::from(clocks.clone()).width();
    if used + 2 <= usize::from(width) {
        spans.push(Span::raw(" ".repeat(usize::from(width) - used)));
        spans.extend(clocks);
    }
    fit(Line::from(spans), width)
}

fn footer_line(screen: &BoardScreen<'_>, width: u16) -> Line<'static> {
    let lang = screen.lang;
    if let Some(notice) = screen.notice {
        return fit(
            Line::from(Span::styled(inert(notice), screen.theme.warning_badge())),
            width,
        );
    }
    let full = t!(lang, "board-keys");
    let text = if unicode_width::UnicodeWidthStr::width(full.as_str()) <= usize::from(width) {
        full
    } else {
        t!(lang, "board-keys-short")
    };
    fit(Line::from(Span::styled(text, screen.theme.key())), width)
}

/// The brokers that do not answer, a line each.
fn brokers_down(screen: &BoardScreen<'_>, width: u16) -> Vec<Line<'static>> {
    let lang = screen.lang;
    screen
        .view
        .sources
        .iter()
        .filter(|s| !s.connected && !s.address.starts_with("http"))
        .map(|source| {
            let state = match (source.lost_since, &source.problem) {
                (_, Some(why)) => t!(lang, "board-source-down", why = inert(why)),
                (Some(since), None) => t!(
                    lang,
                    "board-disconnected",
                    age = short_digits((screen.view.now - since).num_seconds().max(0))
                ),
                (None, None) => t!(lang, "board-source-connecting"),
            };
            fit(
                Line::from(vec![
                    Span::styled(format!("{} ", inert(&source.address)), screen.theme.label()),
                    Span::styled(state, screen.theme.warning_badge()),
                ]),
                width,
            )
        })
        .collect()
}

/// No room yet: which sources answer, and what to do.
fn empty_lines(screen: &BoardScreen<'_>, width: u16) -> Vec<Line<'static>> {
    let lang = screen.lang;
    let theme = screen.theme;
    let mut lines = vec![Line::default()];
    for source in &screen.view.sources {
        let state = match (&source.problem, source.connected, source.looked) {
            (Some(problem), false, _) => t!(lang, "board-source-down", why = inert(problem)),
            (_, true, true) => t!(lang, "board-source-empty"),
            _ => t!(lang, "board-source-connecting"),
        };
        lines.push(fit(
            Line::from(vec![
                Span::styled(format!("  {}  ", inert(&source.address)), theme.label()),
                Span::styled(state, theme.dim()),
            ]),
            width,
        ));
    }
    lines.push(Line::default());
    lines.push(fit(
        Line::from(Span::styled(
            format!("  {}", t!(lang, "board-empty-hint")),
            theme.dim(),
        )),
        width,
    ));
    lines
}

/// Tiles as large as the screen allows: few rooms get big digits.
fn draw_tiles(
    frame: &mut Frame<'_>,
    body: Rect,
    screen: &BoardScreen<'_>,
    columns: u16,
    (width, height): (u16, u16),
) {
    for (i, tile) in screen.view.rooms.iter().enumerate() {
        let (row, column) = (i as u16 / columns, i as u16 % columns);
        let area = Rect {
            x: body.x + column * width,
            y: body.y + row * height,
            width,
            height,
        };
        draw_tile(frame, area, screen, tile, i == screen.selected);
    }
}

/// The colour of a room: its timer's urgency; a room whose link is lost is
/// shown as stale whatever it last said.
fn tile_style(theme: Theme, tile: &Tile, flash_on: bool) -> Style {
    match (tile.stage, tile.urgency) {
        // Red, blinking to white on red: the loudest thing on the board.
        (_, Urgency::Overrun) if flash_on => theme.timer(Urgency::Overrun),
        (_, Urgency::Overrun) => theme.overrun_field(true).1,
        (Stage::Live, urgency) => theme.timer(urgency),
        (Stage::After | Stage::Connecting, _) => theme.dim(),
        _ => theme.timer(Urgency::Normal),
    }
}

fn draw_tile(
    frame: &mut Frame<'_>,
    area: Rect,
    screen: &BoardScreen<'_>,
    tile: &Tile,
    selected: bool,
) {
    let theme = screen.theme;
    let lang = screen.lang;
    let style = tile_style(theme, tile, screen.flash_on);
    let mut border = if tile.link.connected {
        style
    } else {
        theme.warning_badge()
    };
    if selected {
        border = border.add_modifier(Modifier::BOLD | Modifier::REVERSED);
    }
    let inner_width = area.width.saturating_sub(4);
    // The chosen tile is marked in words as well as by its border: without
    // colour, reverse video is also an overrun's blink.
    let marker = if selected { "▶ " } else { "" };
    let title = format!(
        " {marker}{} ",
        fit_text(&inert(lang.pick(&tile.room)), inner_width.saturating_sub(2))
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(title, border));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 8 || inner.width < 8 {
        return;
    }
    let line = |y: u16, text: Line<'static>| {
        (
            Paragraph::new(fit(text, inner.width)),
            Rect {
                y,
                height: 1,
                ..inner
            },
        )
    };
    // What is on: the segment, its people.
    let (segment, people) = on_now(tile, lang);
    let (a, at) = line(inner.y, Line::from(Span::styled(segment, theme.title())));
    frame.render_widget(a, at);
    let (b, bt) = line(inner.y + 1, Line::from(Span::styled(people, theme.label())));
    frame.render_widget(b, bt);
    // The digits and what they are.
    let (digits, reference, label) = digits(tile, lang);
    let digits_area = Rect {
        y: inner.y + 2,
        height: inner.height - 5,
        ..inner
    };
    if !digits.is_empty() {
        let big = BigText {
            text: &digits,
            style,
            reference: &reference,
        };
        frame.render_widget(big, digits_area);
    }
    let (c, ct) = line(inner.bottom() - 3, Line::from(Span::styled(label, style)));
    frame.render_widget(c, ct);
    let (d, dt) = line(inner.bottom() - 2, status_line(tile, screen, inner.width));
    frame.render_widget(d, dt);
    let (e, et) = line(inner.bottom() - 1, next_line(tile, screen, inner.width));
    frame.render_widget(e, et);
}

/// The live segment and its people; before the show, in a break and after
/// it, what that is.
fn on_now(tile: &Tile, lang: &'static Language) -> (String, String) {
    match (&tile.segment, tile.stage) {
        (Some(segment), _) => (inert(lang.pick(segment)), tile.people.join(", ")),
        (None, Stage::Connecting) => (
            t!(lang, "board-connecting"),
            tile.link.problem.as_deref().map(inert).unwrap_or_default(),
        ),
        (None, Stage::After) => (
            t!(lang, "board-over"),
            tile.title
                .as_ref()
                .map(|t| inert(lang.pick(t)))
                .unwrap_or_default(),
        ),
        (None, Stage::Before) => (
            t!(lang, "board-before"),
            tile.title
                .as_ref()
                .map(|t| inert(lang.pick(t)))
                .unwrap_or_default(),
        ),
        (None, _) => (t!(lang, "board-break"), String::new()),
    }
}

/// The big digits, the digits that set their size, and the line under
/// them.
fn digits(tile: &Tile, lang: &'static Language) -> (String, String, String) {
    match (tile.remaining_seconds, tile.stage) {
        (Some(left), _) if tile.urgency == Urgency::Overrun => (
            format!("+{}", clock_digits(left)),
            WIDEST.into(),
            t!(lang, "timer-overrun", time = clock_digits(left)),
        ),
        (Some(left), Stage::Live) => (
            clock_digits(left),
            WIDEST.into(),
            t!(lang, "board-remaining"),
        ),
        (Some(left), Stage::Before) => (
            clock_digits(left),
            WIDEST.into(),
            t!(lang, "timer-until-start"),
        ),
        (Some(left), _) => (clock_digits(left), WIDEST.into(), t!(lang, "timer-break")),
        (None, _) => (String::new(), String::new(), String::new()),
    }
}

/// Who drives the room, how late it runs, and its link.
fn status_line(tile: &Tile, screen: &BoardScreen<'_>, width: u16) -> Line<'static> {
    let theme = screen.theme;
    let lang = screen.lang;
    let mut spans = Vec::new();
    if !tile.link.connected {
        spans.push(Span::styled(
            disconnected(tile, screen.view.now, lang),
            theme.warning_badge(),
        ));
        spans.push(Span::raw(" "));
    }
    if matches!(tile.stage, Stage::Live | Stage::Break) {
        let (badge, style) = if tile.following_schedule {
            (t!(lang, "badge-on-schedule"), theme.control(true))
        } else {
            (t!(lang, "badge-cued"), theme.control(false))
        };
        spans.push(Span::styled(badge, style));
        spans.push(Span::styled(
            format!(" {} ", lang.drift(tile.drift_seconds)),
            if tile.drift_seconds > 0 {
                theme.late()
            } else {
                theme.label()
            },
        ));
    }
    if tile.stage == Stage::After {
        spans.push(Span::styled(
            format!("{} ", lang.lateness(tile.drift_seconds)),
            theme.dim(),
        ));
    }
    fit(Line::from(spans), width)
}

/// NEXT, its start in the board's first clock, its title and people.
fn next_line(tile: &Tile, screen: &BoardScreen<'_>, width: u16) -> Line<'static> {
    let theme = screen.theme;
    let lang = screen.lang;
    let Some(next) = &tile.next else {
        return Line::default();
    };
    let mut spans = vec![
        Span::styled(format!("{} ", t!(lang, "board-next")), theme.next_label()),
        Span::styled(
            format!("{} ", start_time(screen, next.starts_at)),
            theme.clock(),
        ),
        Span::styled(inert(lang.pick(&next.title)), theme.next()),
    ];
    if !next.people.is_empty() {
        spans.push(Span::styled(
            format!(" · {}", next.people.join(", ")),
            theme.label(),
        ));
    }
    fit(Line::from(spans), width)
}

/// `DISCONNECTED 2:15`: how long the room has not been heard from.
fn disconnected(tile: &Tile, now: DateTime<Utc>, lang: &'static Language) -> String {
    match tile.link.lost_since {
        Some(since) => t!(
            lang,
            "board-disconnected",
            age = short_digits((now - since).num_seconds().max(0))
        ),
        None => t!(lang, "board-disconnected-never"),
    }
}

/// When the next segment starts, in the board's first clock.
fn start_time(screen: &BoardScreen<'_>, at: DateTime<Utc>) -> String {
    match screen.view.clocks.first() {
        Some(clock) => {
            screen
                .lang
                .time(&at.with_timezone(&clock.timezone), clock.hour_format, false)
        }
        None => at.format("%H:%M UTC").to_string(),
    }
}

/// A row a room, the chosen one kept in sight.
fn draw_rows(frame: &mut Frame<'_>, body: Rect, screen: &BoardScreen<'_>) {
    let rooms = &screen.view.rooms;
    let theme = screen.theme;
    let lang = screen.lang;
    let visible = usize::from(body.height.saturating_sub(1)).max(1);
    let first = screen
        .selected
        .saturating_sub(visible.saturating_sub(1))
        .min(rooms.len().saturating_sub(visible));
    let room_width: u16 = if body.width >= 120 { 22 } else { 14 };
    let mut lines = Vec::new();
    for (i, tile) in rooms.iter().enumerate().skip(first).take(visible) {
        let style = tile_style(theme, tile, screen.flash_on);
        let (digits, _, _) = digits(tile, lang);
        let mut spans = vec![
            Span::styled(
                padded(&inert(lang.pick(&tile.room)), room_width),
                theme.title(),
            ),
            Span::styled(format!("{digits:>8} "), style.add_modifier(Modifier::BOLD)),
        ];
        let (segment, people) = on_now(tile, lang);
        let what = if people.is_empty() || body.width < 100 {
            segment
        } else {
            format!("{segment} · {people}")
        };
        let what_width = if body.width >= 160 {
            60
        } else {
            body.width.saturating_sub(room_width + 9) / 2
        };
        spans.push(Span::styled(padded(&what, what_width), theme.label()));
        spans.extend(status_line(tile, screen, body.width).spans);
        spans.push(Span::raw(" "));
        spans.extend(next_line(tile, screen, body.width).spans);
        let mut line = fit(Line::from(spans), body.width);
        if i == screen.selected {
            line = line.patch_style(theme.highlight_row());
        }
        lines.push(line);
    }
    let (above, below) = (first, rooms.len() - first - lines.len());
    if above + below > 0 {
        lines.push(Line::from(Span::styled(
            t!(lang, "board-more", above = above, below = below),
            theme.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// The text cut or padded to `width` columns of display (a Chinese
/// character fills two), and a space.
fn padded(text: &str, width: u16) -> String {
    let cut = fit_text(text, width);
    let used = unicode_width::UnicodeWidthStr::width(cut.as_str());
    format!(
        "{cut}{} ",
        " ".repeat(usize::from(width).saturating_sub(used))
    )
}
