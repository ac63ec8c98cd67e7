//! The board of many rooms (issue 20), end to end: a real `nats-server`,
//! real `showclock serve --sync` shows started and one ended while the
//! board runs in tmux, and a room that is only an HTTP `--share` server.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use common::nats::{Broker, Instance, TOKEN, instance_dir};
use common::{BIN, Tmux};

const SECOND: Duration = Duration::from_secs(1);

/// An agenda for a room, its first slot live now, planned in UTC to the
/// second so that what the board shows is known.
fn write_agenda(dir: &Path, room: &str) {
    let now = Utc::now();
    let time = |minutes: i64| (now + TimeDelta::minutes(minutes)).format("%Y-%m-%d %H:%M:%S");
    let text = format!(
        r#"
[event]
title = "Zero-emission trucks: {room}"
room = "{room}"
date = {date}
timezone = "UTC"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"
hour_format = "12h"

[[segment]]
title = "Charging corridors"
start = "{first}"
end = "{second}"
moderator = {{ name = "Li Wei" }}

[[segment]]
title = "Fleet finance"
start = "{second}"
end = "{third}"
speakers = [{{ name = "Zhang Min" }}]
"#,
        date = now.format("%Y-%m-%d"),
        first = time(-1),
        second = time(20),
        third = time(40),
    );
    std::fs::write(dir.join("agenda.toml"), text).unwrap();
}

/// A room's show: `serve --sync` on the broker (or, without one, only
/// `--share`).
fn room(name: &str, room: &str, sync: Option<String>) -> Instance {
    let dir = instance_dir(&format!("board-{name}"));
    write_agenda(&dir, room);
    let mut args = vec!["agenda.toml".to_string()];
    if let Some(url) = sync {
        args.extend(["--sync".into(), url]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Instance::serve(&dir, &args, &[])
}

/// The first line of the screen that has `text`.
fn line_with(screen: &str, text: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_board_follows_shows_as_they_start_and_end_and_a_served_room_beside_them() {
    let broker = Broker::start("board");
    let hall = room("hall", "Hall H", None);
    let tmux = Tmux::new("board");
    let dir = instance_dir("board-screen");
    let command = format!(
        "cd {} && {BIN} board nats://127.0.0.1:{}/conference-2026. {} --token {TOKEN}",
        dir.display(),
        broker.port,
        hall.url
    );
    tmux.start("board", &command);
    // The served room first: the broker has no show yet.
    let screen = tmux.wait_for("board", "Hall H", 10 * SECOND);
    assert!(screen.contains("BOARD · 1 room"), "{screen}");

    // Three shows start on the broker while the board runs.
    let group = |room: &str| broker.url(&format!("conference-2026.{room}"));
    let a = room("a", "Room A", Some(group("room-a")));
    let b = room("b", "Room B", Some(group("room-b")));
    let c = room("c", "Room C", Some(group("room-c")));
    // And one outside the group, which the board does not show.
    let _other = room("other", "Elsewhere", Some(broker.url("other-show")));
    let screen = tmux.wait_for("board", "BOARD · 4 rooms", 10 * SECOND);
    for name in ["Room A", "Room B", "Room C", "Hall H"] {
        assert!(screen.contains(name), "{name}:\n{screen}");
    }
    assert!(!screen.contains("Elsewhere"), "{screen}");
    assert!(screen.contains("Beijing"), "the common clocks: {screen}");
    assert!(screen.contains("Charging corridors"), "{screen}");

    // Room B runs over: cued, its slot cut short. It comes first, in red.
    assert_eq!(b.act("start", "{}").0, 200);
    assert_eq!(b.act("extend", r#"{"seconds": -1500}"#).0, 200);
    let screen = tmux.wait_for("board", "OVERRUN +", 5 * SECOND);
    let first_tile = screen.lines().nth(1).unwrap();
    assert!(
        first_tile.contains("Room B"),
        "the overrun first:\n{screen}"
    );

    // A cue in a room shows within moments (the bench measures the 100 ms).
    let cued = Instant::now();
    assert_eq!(a.act("next", "{}").0, 200);
    tmux.wait_for("board", "Zhang Min", 5 * SECOND);
    let took = cued.elapsed();
    eprintln!("a cue reached the board in {} ms", took.as_millis());
    assert!(took < 2 * SECOND, "{took:?}");

    // Room C ends: it is shown over, last.
    assert_eq!(c.act("end", "{}").0, 200);
    let screen = tmux.wait_for("board", "OVER\u{20}", 5 * SECOND);
    let over = screen.find("OVER ").unwrap();
    let room_c = screen.find("Room C").unwrap();
    assert!(room_c < over, "{screen}");

    // The served room's server goes away: DISCONNECTED, with its age.
    let mut hall = hall;
    hall.kill();
    let screen = tmux.wait_for("board", "DISCONNECTED", 10 * SECOND);
    assert!(
        line_with(&screen, "DISCONNECTED").contains("DISCONNECTED 0:"),
        "{screen}"
    );

    // The board only watched: the shows hold their own actions only.
    let actions = |i: &Instance| i.journal_ids().len();
    assert_eq!((actions(&a), actions(&b), actions(&c)), (1, 2, 1));

    // Sorted by room on `s`.
    tmux.keys("board", &["s"]);
    let screen = tmux.wait_for("board", "by room", 5 * SECOND);
    let names: Vec<usize> = ["Hall H", "Room A", "Room B", "Room C"]
        .iter()
        .map(|n| screen.find(n).unwrap())
        .collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{screen}");

    // Enter opens the chosen room (the first: Hall H is gone, so Room A
    // after a move) as its producer; Esc comes back.
    tmux.keys("board", &["Down"]);
    tmux.keys("board", &["Enter"]);
    let screen = tmux.wait_for("board", "Rundown", 15 * SECOND);
    assert!(screen.contains("SYNCED"), "{screen}");
    assert!(screen.contains("Zero-emission trucks: Room A"), "{screen}");
    tmux.keys("board", &["Escape"]);
    tmux.wait_for("board", "BOARD · 4 rooms", 5 * SECOND);
    // Opening a room wrote nothing to the show.
    assert_eq!(actions(&a), 1);
    tmux.keys("board", &["q"]);
}
