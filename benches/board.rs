//! The board's cost for 50 rooms, per frame: every room's tile from its
//! show (a replay-free snapshot), the order, and the drawing at 200x60.
//! `cargo bench --bench board`.

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use showclock::board::{BoardView, Order, RoomLink, Watched, tile};
use showclock::show::{Action, Entry, Session, ShowClock};
use showclock::ui::{BoardScreen, Theme, board};

/// Room `n`: eight half-hour slots from 09:00 Beijing time, some rooms
/// cued late (and so overrunning at 11:10).
fn session(n: usize) -> Session {
    let mut text = format!(
        "[event]\ntitle = \"Session {n}\"\nroom = \"Room {n}\"\ndate = 2026-06-02\n\
         timezone = \"Asia/Shanghai\"\n[[clock]]\nlabel = \"Beijing\"\ntimezone = \"Asia/Shanghai\"\n\
         [[clock]]\nlabel = \"Pacific\"\ntimezone = \"America/Los_Angeles\"\nhour_format = \"12h\"\n"
    );
    for slot in 0..8 {
        let (h, m) = (9 + slot / 2, 30 * (slot % 2));
        let (eh, em) = (9 + (slot + 1) / 2, 30 * ((slot + 1) % 2));
        text.push_str(&format!(
            "[[segment]]\ntitle = \"Talk {slot}\"\nstart = \"{h:02}:{m:02}\"\nend = \"{eh:02}:{em:02}\"\n\
             speakers = [{{ name = \"Speaker {n}-{slot}\" }}]\n"
        ));
    }
    let agenda = showclock::agenda::parse("bench.toml", &text)
        .unwrap()
        .agenda;
    let cue = |at: &str| Entry::new(instant(at), Action::Next);
    let entries = if n.is_multiple_of(3) {
        vec![
            cue("2026-06-02T10:05:00+08:00"),
            cue("2026-06-02T10:40:00+08:00"),
        ]
    } else {
        Vec::new()
    };
    Session::mirror(agenda, entries).unwrap()
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn frame(sessions: &[Session], now: DateTime<Utc>) -> BoardView {
    let tiles = sessions
        .iter()
        .enumerate()
        .map(|(n, session)| {
            let watched = Watched {
                session,
                clock: ShowClock::Real,
                offset: TimeDelta::zero(),
            };
            let link = RoomLink {
                connected: n != 7,
                ..RoomLink::default()
            };
            tile(
                &format!("nats://h/room-{n}"),
                "room",
                Some(watched),
                link,
                now,
            )
        })
        .collect();
    let agendas: Vec<(String, &showclock::agenda::Agenda)> = sessions
        .iter()
        .enumerate()
        .map(|(n, s)| (format!("nats://h/room-{n}"), s.agenda()))
        .collect();
    let agendas: Vec<(&str, &showclock::agenda::Agenda)> =
        agendas.iter().map(|(a, g)| (a.as_str(), *g)).collect();
    BoardView::new(
        tiles,
        &agendas,
        Order::Attention,
        showclock::i18n::english(),
        now,
        false,
    )
}

fn fifty_rooms(c: &mut Criterion) {
    let sessions: Vec<Session> = (0..50).map(session).collect();
    let now = instant("2026-06-02T11:10:00+08:00");
    c.bench_function("board: 50 rooms' tiles, sorted", |b| {
        b.iter(|| frame(&sessions, now))
    });
    let view = frame(&sessions, now);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("board: 50 rooms drawn at 200x60", |b| {
        b.iter(|| {
            let screen = BoardScreen {
                view: &view,
                selected: 0,
                theme: Theme::new(true),
                lang: showclock::i18n::english(),
                flash_on: true,
                notice: None,
            };
            terminal.draw(|f| board(f, &screen)).unwrap();
        })
    });
}

criterion_group!(benches, fifty_rooms);
criterion_main!(benches);
