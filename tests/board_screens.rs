//! The board of many rooms at fixed instants, drawn into ratatui's
//! TestBackend: 1, 5 and 50 rooms at 200x60, 120x40 and 80x24, each set
//! with a room overrunning, one disconnected, one before its start and one
//! over. Text is compared with insta snapshots; what matters most (the
//! overrun first and as large as a countdown) is asserted too.

use chrono::{DateTime, TimeDelta, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use showclock::agenda::{Agenda, parse};
use showclock::board::{BoardView, Order, RoomLink, Stage, Watched, tile};
use showclock::i18n::Language;
use showclock::show::{Action, Entry, Session, ShowClock, Urgency};
use showclock::ui::{BoardScreen, Theme, board};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// 09:38 in Beijing, 18:38 the day before in Pacific time.
const NOW: &str = "2026-06-02T09:38:00+08:00";

/// A room's agenda: two slots from `start` (Beijing time), of 30 minutes
/// each, the room named in English and Chinese.
fn agenda(room: &str, room_zh: &str, start: &str, end: &str, end2: &str) -> Agenda {
    let text = format!(
        r#"
[event]
title = {{ en = "Zero-emission trucks: {room}", zh-Hans = "零排放货车：{room_zh}" }}
room = {{ en = "{room}", zh-Hans = "{room_zh}" }}
date = 2026-06-02
timezone = "Asia/Shanghai"

[[clock]]
label = {{ en = "Beijing", zh-Hans = "北京" }}
timezone = "Asia/Shanghai"

[[clock]]
label = {{ en = "Pacific", zh-Hans = "太平洋" }}
timezone = "America/Los_Angeles"
hour_format = "12h"

[[segment]]
title = {{ en = "Charging corridors", zh-Hans = "充电走廊" }}
start = "{start}"
end = "{end}"
moderator = {{ name = "Li Wei" }}
speakers = [{{ name = "Maria Chen" }}]

[[segment]]
title = {{ en = "Fleet finance Q&A", zh-Hans = "车队融资问答" }}
start = "{end}"
end = "{end2}"
speakers = [{{ name = "Zhang Min" }}]
"#
    );
    parse("room.toml", &text).unwrap().agenda
}

/// What a room is doing at [`NOW`].
#[derive(Clone, Copy)]
enum Kind {
    /// Cued at 09:05 for 30 minutes: 3 minutes over.
    Overrunning,
    /// On schedule, its link lost 2:15 ago.
    Disconnected,
    /// Starts at 10:00.
    BeforeStart,
    /// Ended at 09:32.
    Over,
    /// On schedule, 22 minutes left.
    OnTime,
    /// Cued late, in its last minute.
    Final,
}

const KINDS: [Kind; 6] = [
    Kind::Overrunning,
    Kind::Disconnected,
    Kind::BeforeStart,
    Kind::Over,
    Kind::OnTime,
    Kind::Final,
];

struct Room {
    address: String,
    session: Session,
    link: RoomLink,
}

fn room(n: usize, kind: Kind) -> Room {
    let name = format!("Room {}", (b'A' + (n % 26) as u8) as char);
    let name = if n >= 26 {
        format!("{name}{}", n / 26)
    } else {
        name
    };
    let zh = format!("{}号厅", &name[5..]);
    let (agenda, entries) = match kind {
        Kind::Overrunning => (
            agenda(&name, &zh, "09:00", "09:30", "10:00"),
            vec![Entry::new(at("2026-06-02T09:05:00+08:00"), Action::Start)],
        ),
        Kind::Disconnected | Kind::OnTime => {
            (agenda(&name, &zh, "09:30", "10:00", "10:30"), Vec::new())
        }
        Kind::BeforeStart => (agenda(&name, &zh, "10:00", "10:30", "11:00"), Vec::new()),
        Kind::Over => (
            agenda(&name, &zh, "08:30", "09:00", "09:30"),
            vec![Entry::new(at("2026-06-02T09:32:00+08:00"), Action::End)],
        ),
        Kind::Final => (
            agenda(&name, &zh, "09:00", "09:30", "10:00"),
            vec![Entry::new(at("2026-06-02T09:08:30+08:00"), Action::Start)],
        ),
    };
    let link = match kind {
        Kind::Disconnected => RoomLink {
            connected: false,
            lost_since: Some(at(NOW) - TimeDelta::seconds(135)),
            problem: Some("no word from the broker".into()),
        },
        _ => RoomLink {
            connected: true,
            ..RoomLink::default()
        },
    };
    Room {
        address: format!("nats://127.0.0.1:4222/conference-2026.room-{n}"),
        session: Session::mirror(agenda, entries).unwrap(),
        link,
    }
}

fn rooms(count: usize) -> Vec<Room> {
    (0..count)
        .map(|n| room(n, KINDS[n % KINDS.len()]))
        .collect()
}

fn view(rooms: &[Room], order: Order) -> BoardView {
    view_in(rooms, order, english())
}

fn view_in(rooms: &[Room], order: Order, lang: &'static Language) -> BoardView {
    let now = at(NOW);
    let tiles = rooms
        .iter()
        .map(|r| {
            let watched = Watched {
                session: &r.session,
                clock: ShowClock::Real,
                offset: TimeDelta::zero(),
            };
            tile(&r.address, "room", Some(watched), r.link.clone(), now)
        })
        .collect();
    let agendas: Vec<(&str, &Agenda)> = rooms
        .iter()
        .map(|r| (r.address.as_str(), r.session.agenda()))
        .collect();
    BoardView::new(tiles, &agendas, order, lang, now, false)
}

fn render(view: &BoardView, size: (u16, u16), lang: &'static Language) -> TestBackend {
    let screen = BoardScreen {
        view,
        selected: 0,
        theme: Theme::new(true),
        lang,
        flash_on: true,
        notice: None,
    };
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(|frame| board(frame, &screen)).unwrap();
    terminal.backend().clone()
}

/// The screen as a person reads it: a wide character covers the cell
/// after it, which is skipped.
fn text(backend: &TestBackend) -> String {
    let buffer = backend.buffer();
    (0..buffer.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn english() -> &'static Language {
    showclock::i18n::english()
}

#[test]
fn the_rooms_are_sorted_by_what_needs_attention() {
    let view = view(&rooms(6), Order::Attention);
    let order: Vec<(Stage, Urgency, bool)> = view
        .rooms
        .iter()
        .map(|t| (t.stage, t.urgency, t.link.connected))
        .collect();
    assert_eq!(order[0], (Stage::Live, Urgency::Overrun, true));
    assert_eq!(view.rooms[0].remaining_seconds, Some(-180));
    assert!(!order[1].2, "the lost link comes second: {order:?}");
    assert_eq!(order[2].1, Urgency::Final);
    assert_eq!(order.last().unwrap().0, Stage::After);
    let by_room = self::view(&rooms(6), Order::Room);
    let names: Vec<&str> = by_room.rooms.iter().map(|t| t.room.first()).collect();
    assert_eq!(
        names,
        ["Room A", "Room B", "Room C", "Room D", "Room E", "Room F"]
    );
}

#[test]
fn the_clocks_common_to_the_rooms_head_the_board_with_weekdays() {
    let screen = text(&render(
        &view(&rooms(5), Order::Attention),
        (120, 40),
        english(),
    ));
    let header = screen.lines().next().unwrap();
    assert!(header.contains("BOARD · 5 rooms"), "{header}");
    assert!(header.contains("Beijing Tue 09:38"), "{header}");
    assert!(header.contains("Pacific Mon 6:38 PM"), "{header}");
}

#[test]
fn an_overrun_is_first_in_red_and_as_large_as_a_countdown() {
    let view = view(&rooms(5), Order::Attention);
    let backend = render(&view, (120, 40), english());
    let screen = text(&backend);
    assert!(screen.contains("OVERRUN +03:00"), "{screen}");
    assert!(screen.contains("DISCONNECTED 2:15"), "{screen}");
    assert!(screen.contains("BEFORE THE SHOW"), "{screen}");
    assert!(screen.contains("OVER"), "{screen}");
    assert!(screen.contains("CUED"), "{screen}");
    assert!(screen.contains("NEXT 10:00 Fleet"), "{screen}");
    // The first tile is the overrun: its name on the first tile's border.
    let second_line = screen.lines().nth(1).unwrap();
    assert!(
        second_line.starts_with("┌ ▶ Room A"),
        "chosen: {second_line}"
    );
    // Its digits are red and five rows tall, as every tile's countdown.
    let buffer = backend.buffer();
    let lit = |x0: u16, x1: u16| {
        // The first row of tiles only.
        (0..13)
            .filter(|&y| (x0..x1).any(|x| buffer[(x, y)].symbol() == "█"))
            .count()
    };
    let red = (0..buffer.area.height).any(|y| {
        (1..59).any(|x| buffer[(x, y)].symbol() == "█" && buffer[(x, y)].fg == Color::Red)
    });
    assert!(red, "the overrun's digits are red");
    assert_eq!(lit(1, 59), 5, "five rows of digits");
    assert_eq!(
        lit(1, 59),
        lit(61, 119),
        "as tall as the next tile's digits"
    );
    // And as wide: `+03:00` is drawn at full size, not narrowed.
    let width = |x0: u16, x1: u16| {
        let xs: Vec<u16> = (0..13)
            .flat_map(|y| (x0..x1).filter(move |&x| buffer[(x, y)].symbol() == "█"))
            .collect();
        xs.iter().max().unwrap() - xs.iter().min().unwrap() + 1
    };
    assert_eq!(width(1, 59), 42, "+03:00 at two columns a pixel");
}

#[test]
fn fifty_rooms_fall_back_to_a_row_each_and_say_how_many_more() {
    let view = view(&rooms(50), Order::Attention);
    let screen = text(&render(&view, (80, 24), english()));
    assert!(screen.contains("BOARD · 50 rooms"), "{screen}");
    let second = screen.lines().nth(1).unwrap();
    assert!(second.contains("+03:00"), "{second}");
    assert!(screen.contains("↓ 29 more"), "{screen}");
}

#[test]
fn a_chinese_board_is_aligned_by_display_width() {
    let zh = showclock::i18n::named("zh-Hans").unwrap();
    let view = view_in(&rooms(50), Order::Room, zh);
    let backend = render(&view, (120, 40), zh);
    let screen = text(&backend);
    assert!(screen.contains("总览 · 50 个会场"), "{screen}");
    assert!(screen.contains("北京 周二 09:38"), "{screen}");
    // The digits column starts at the same display column on every row.
    let columns: Vec<usize> = screen
        .lines()
        .skip(1)
        .take(20)
        .map(|line| {
            let cut = line.find("号厅").unwrap();
            unicode_width::UnicodeWidthStr::width(&line[..cut])
        })
        .collect();
    assert!(columns.iter().all(|&c| c <= 3), "{columns:?}");
    insta::assert_snapshot!("board_zh_50_120x40", screen);
}

macro_rules! snapshots {
    ($($name:ident: $count:expr, $size:expr;)*) => {$(
        #[test]
        fn $name() {
            let view = view(&rooms($count), Order::Attention);
            let screen = text(&render(&view, $size, english()));
            insta::assert_snapshot!(stringify!($name), screen);
        }
    )*};
}

snapshots! {
    board_1_200x60: 1, (200, 60);
    board_1_120x40: 1, (120, 40);
    board_1_80x24: 1, (80, 24);
    board_5_200x60: 5, (200, 60);
    board_5_120x40: 5, (120, 40);
    board_5_80x24: 5, (80, 24);
    board_50_200x60: 50, (200, 60);
    board_50_120x40: 50, (120, 40);
    board_50_80x24: 50, (80, 24);
}
