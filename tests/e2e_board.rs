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

/// `showclock board SOURCES` in tmux (session `board`), in a folder of
/// the test's own.
fn start_board(tmux: &Tmux, test: &str, sources: &str) {
    let dir = instance_dir(&format!("board-screen-{test}"));
    tmux.start(
        "board",
        &format!("cd {} && exec {BIN} board {sources}", dir.display()),
    );
}

/// Waits until the screen satisfies `seen`; fails with the screen if not.
fn wait_screen(tmux: &Tmux, what: &str, within: Duration, seen: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + within;
    loop {
        let screen = tmux.screen("board");
        if seen(&screen) {
            return screen;
        }
        assert!(
            Instant::now() < deadline,
            "waited {within:?} for {what}:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// JetStream on the test's broker, for what no showclock does (make a
/// stream as an older version did, delete one).
fn with_jetstream<F: std::future::Future<Output = ()>>(
    port: u16,
    act: impl FnOnce(async_nats::jetstream::Context) -> F,
) {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let client = async_nats::connect(format!("127.0.0.1:{port}"))
            .await
            .unwrap();
        act(async_nats::jetstream::new(client)).await;
    });
}

#[test]
fn a_board_follows_shows_as_they_start_and_end_and_a_served_room_beside_them() {
    let broker = Broker::start("board");
    let hall = room("hall", "Hall H", None);
    let tmux = Tmux::new("board");
    let sources = format!(
        "nats://127.0.0.1:{}/conference-2026. {}#token={TOKEN}",
        broker.port, hall.url
    );
    start_board(&tmux, "follows", &sources);
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
    // Every room is in its first slot; Room A's moves on (Fleet finance
    // is named on every NEXT line already: what changes is the first slot's
    // title, on one tile fewer).
    let first_slots = |screen: &str| screen.matches("│Charging corridors").count();
    let before = first_slots(&tmux.screen("board"));
    let cued = Instant::now();
    assert_eq!(a.act("next", "{}").0, 200);
    wait_screen(&tmux, "Room A's cue", 5 * SECOND, |s| {
        first_slots(s) == before - 1
    });
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

    // → chooses the next room (Room A; ↓ would go a row of tiles down),
    // Enter opens it as its producer, Esc comes back.
    tmux.keys("board", &["Right"]);
    tmux.keys("board", &["Enter"]);
    let screen = tmux.wait_for("board", "Rundown", 15 * SECOND);
    assert!(screen.contains("SYNCED"), "{screen}");
    assert!(screen.contains("Zero-emission trucks: Room A"), "{screen}");
    tmux.keys("board", &["Escape"]);
    tmux.wait_for("board", "BOARD · 4 rooms", 5 * SECOND);
    // Open again: the same instance, at once; q comes back too.
    tmux.keys("board", &["Enter"]);
    tmux.wait_for("board", "Rundown", 2 * SECOND);
    tmux.keys("board", &["q"]);
    tmux.wait_for("board", "BOARD · 4 rooms", 5 * SECOND);
    // Opening a room wrote nothing to the show.
    assert_eq!(actions(&a), 1);
    tmux.keys("board", &["q"]);
}

/// Context switches (wake-ups) of every thread of a process so far, and
/// of its first thread (the board's loop), from /proc.
fn wakeups(pid: i32) -> (u64, u64) {
    let switches = |status: &str| -> u64 {
        status
            .lines()
            .filter(|l| l.contains("ctxt_switches"))
            .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .sum()
    };
    let main = switches(&std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap());
    let all = std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("status")).ok())
        .map(|s| switches(&s))
        .sum();
    (all, main)
}

/// CPU time of a process so far, in clock ticks (utime + stime).
fn cpu_ticks(pid: i32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// By hand (`bench/board.sh`, release build): 50 shows on one broker on
/// one board, idle for 30 s (wake-ups and CPU), then 20 cues, each timed
/// to when tmux shows it.
#[test]
#[ignore]
fn bench_fifty_rooms_on_one_board() {
    let broker = Broker::start("board-bench");
    let rooms: Vec<Instance> = (0..50)
        .map(|n| {
            let name = format!("Room {n:02}");
            room(
                &format!("bench-{n}"),
                &name,
                Some(broker.url(&format!("bench.room-{n}"))),
            )
        })
        .collect();
    let tmux = Tmux::new("board-bench");
    let dir = instance_dir("board-bench-screen");
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "200",
        "-y",
        "60",
        &format!(
            "cd {} && exec {BIN} board nats://127.0.0.1:{}/bench.",
            dir.display(),
            broker.port
        ),
    ]);
    tmux.wait_for("b", "BOARD · 50 rooms", 60 * SECOND);
    std::thread::sleep(5 * SECOND);
    let pid = tmux.pane_pid("b");
    let (all, main) = wakeups(pid);
    let cpu = cpu_ticks(pid);
    let idle = 30;
    std::thread::sleep(Duration::from_secs(idle));
    let (all2, main2) = wakeups(pid);
    let cpu2 = cpu_ticks(pid);
    let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find(|l| l.starts_with("VmRSS"))
        .unwrap()
        .to_string();
    println!(
        "50 rooms idle: {:.1} wake-ups/s of the board's loop, {:.1} of all its threads, CPU {:.2}% ({rss})",
        (main2 - main) as f64 / idle as f64,
        (all2 - all) as f64 / idle as f64,
        (cpu2 - cpu) as f64 / idle as f64,
    );
    let mut took = Vec::new();
    for (i, room) in rooms.iter().take(20).enumerate() {
        let name = format!("Room {i:02}");
        let cued = Instant::now();
        room.act("next", "{}");
        // Its row's slot changes (the next one is named on the row too:
        // the first slot's title goes).
        let moved_on = |line: String| line.contains("Fleet finance") && !line.contains("Charging");
        while !moved_on(line_with(&tmux.screen("b"), &name)) {
            assert!(cued.elapsed() < 5 * SECOND, "cue {i} never showed");
            std::thread::sleep(Duration::from_millis(2));
        }
        took.push(cued.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(300));
    }
    took.sort_by(f64::total_cmp);
    println!(
        "cue to board: p50 {:.0} ms, max {:.0} ms (20 cues, tmux polled every 2 ms)",
        took[took.len() / 2],
        took[took.len() - 1]
    );
}

#[test]
fn a_show_whose_stream_predates_boards_shows_its_cues_at_once_and_one_made_again_is_read_afresh() {
    let broker = Broker::start("board-legacy");
    // A stream as an older showclock made it: no copies for boards.
    with_jetstream(broker.port, |js| async move {
        js.create_stream(async_nats::jetstream::stream::Config {
            name: "SHOWCLOCK_conference-2026_legacy".into(),
            subjects: vec!["showclock.conference-2026.legacy.>".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    });
    let legacy = room(
        "legacy",
        "Old Room",
        Some(broker.url("conference-2026.legacy")),
    );
    // The instance tries to add the copies (nats-server 2.9 cannot add
    // them to a stream; later servers can): either way, the board sees its
    // cues at once.
    let tmux = Tmux::new("board-legacy");
    start_board(
        &tmux,
        "legacy",
        &format!("nats://127.0.0.1:{}/conference-2026.", broker.port),
    );
    tmux.wait_for("board", "Old Room", 10 * SECOND);
    let cued = Instant::now();
    assert_eq!(legacy.act("next", "{}").0, 200);
    wait_screen(&tmux, "the cue", 5 * SECOND, |s| {
        !s.contains("│Charging corridors")
    });
    assert!(cued.elapsed() < SECOND, "at once, not at the next look");

    // The show is deleted and started afresh under the same name, with
    // another agenda: the board shows the new one.
    let mut legacy = legacy;
    legacy.kill();
    with_jetstream(broker.port, |js| async move {
        js.delete_stream("SHOWCLOCK_conference-2026_legacy")
            .await
            .unwrap();
    });
    let _afresh = room(
        "afresh",
        "New Room",
        Some(broker.url("conference-2026.legacy")),
    );
    let screen = tmux.wait_for("board", "New Room", 10 * SECOND);
    assert!(!screen.contains("Old Room"), "{screen}");
    assert!(screen.contains("BOARD · 1 room"), "{screen}");
    // Its first slot is on: the old show's cue is not applied to it.
    let on_now = screen.lines().nth(2).unwrap();
    assert!(on_now.contains("Charging corridors"), "{screen}");
}

#[test]
fn an_empty_board_says_where_rooms_come_from_and_takes_keys_calmly() {
    let broker = Broker::start("board-empty");
    let tmux = Tmux::new("board-empty");
    start_board(
        &tmux,
        "empty",
        &format!("nats://127.0.0.1:{}/conference-2026.", broker.port),
    );
    let screen = tmux.wait_for("board", "no show on it yet", 10 * SECOND);
    assert!(screen.contains("BOARD · 0 rooms"), "{screen}");
    assert!(screen.contains("--sync nats://HOST/GROUP.ROOM"), "{screen}");
    // Keys with no room to act on change nothing, and break nothing.
    tmux.keys("board", &["Down", "Up", "Right", "End", "Enter", "s"]);
    let screen = tmux.wait_for("board", "by room", 5 * SECOND);
    assert!(screen.contains("no show on it yet"), "{screen}");
    tmux.keys("board", &["q"]);
    let deadline = Instant::now() + 5 * SECOND;
    while tmux
        .run(&["display-message", "-p", "-t", "board", "#{pane_dead}"])
        .trim()
        != "1"
    {
        assert!(Instant::now() < deadline, "q quits the board");
        std::thread::sleep(Duration::from_millis(50));
    }
}
