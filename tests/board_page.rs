//! The board of many rooms in a browser (issue 20): a real `nats-server`,
//! real `showclock serve --sync` shows in one group, each with its
//! `[event] room`, a show served apart and named with `--board URL`, and
//! one of the synced instances serving `/board` and `/v1/board`. What a
//! person sees: every room, the overrunning one first with its `+MM:SS`,
//! the next segment and its start on every clock, the clocks with their
//! weekdays, a cue in a room within a second, a lost link with its age.
//!
//! Screenshots go to `target/browser-screens/`; with
//! `SHOWCLOCK_DOCS_SCREENSHOT=1`, the one the README shows to
//! `docs/board.png` too.

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use chrono_tz::Tz;
use serde_json::Value;
use showclock::agenda::HourFormat;
use showclock::net::{Endpoint, request};
use showclock::timefmt::time_of_day;

use browser::Browser;
use common::nats::{Broker, Instance, TOKEN, instance_dir};
use common::serve::{Served, show_dir, stdout_lines, value_printed};

const SECOND: Duration = Duration::from_secs(1);
const VIEW: &str = "board-view-token-0123";
const HALL_D_VIEW: &str = "hall-d-view-token-0123";

/// One test at a time: each starts a broker and several shows, and times
/// what the page shows.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// A segment: its title, speakers, start and length in minutes from the
/// minute the test began, and whether its end is hard (a cue into it
/// counts to its planned end).
struct Segment(&'static str, &'static [&'static str], i64, i64, bool);

/// An agenda on the real clock, around `base`, in the room `room`, with
/// the clocks of Beijing and Pacific (on another weekday than Beijing's
/// for much of the day).
fn agenda(room: &str, base: DateTime<Utc>, warning: &str, segments: &[Segment]) -> String {
    let mut text = format!(
        "[event]\ntitle = \"Zero-emission trucks 2026\"\nroom = \"{room}\"\ndate = {}\ntimezone = \"UTC\"\n\n\
         [[clock]]\nlabel = \"Beijing\"\ntimezone = \"Asia/Shanghai\"\n\n\
         [[clock]]\nlabel = \"Pacific\"\ntimezone = \"America/Los_Angeles\"\nhour_format = \"12h\"\n\n\
         [alerts]\nwarning = \"{warning}\"\nfinal = \"30s\"\n",
        base.format("%Y-%m-%d")
    );
    for Segment(title, speakers, start, minutes, hard) in segments {
        let at = base + TimeDelta::minutes(*start);
        let speakers: Vec<String> = speakers
            .iter()
            .map(|name| format!("{{ name = \"{name}\" }}"))
            .collect();
        text.push_str(&format!(
            "\n[[segment]]\ntitle = \"{title}\"\ndate = {}\nstart = \"{}\"\nduration = \"{minutes}m\"\nhard_end = {hard}\nspeakers = [{}]\n",
            at.format("%Y-%m-%d"),
            at.format("%H:%M"),
            speakers.join(", ")
        ));
    }
    text
}

/// The minute the test began: the agendas' times are whole minutes.
fn base() -> DateTime<Utc> {
    Utc::now().duration_trunc(TimeDelta::minutes(1)).unwrap()
}

fn hall_a(base: DateTime<Utc>) -> String {
    agenda(
        "Hall A",
        base,
        "2m",
        &[
            Segment("Opening keynote", &["Ada Lovelace"], -20, 60, false),
            Segment("Battery panel", &["Grace Hopper"], 40, 30, false),
        ],
    )
}

/// A first segment over two minutes ago, with a hard end: cued into, it
/// overruns at once.
fn hall_b(base: DateTime<Utc>) -> String {
    agenda(
        "Hall B",
        base,
        "2m",
        &[
            Segment("Fleet data", &["Yin Qiu"], -10, 8, true),
            Segment("Charging depots", &["Shuhan Song"], 30, 30, false),
        ],
    )
}

/// Its first segment starts in 90 minutes.
fn hall_c(base: DateTime<Utc>) -> String {
    agenda(
        "Hall C",
        base,
        "2m",
        &[Segment("Workshop", &["Owen MacDonnell"], 90, 30, false)],
    )
}

/// Served apart (`showclock serve`, no broker), on the board by its URL.
fn hall_d(base: DateTime<Utc>) -> String {
    agenda(
        "Hall D",
        base,
        "2m",
        &[
            Segment("Hydrogen trucks", &["Cristiano Façanha"], -5, 65, false),
            Segment("Closing", &[], 60, 10, false),
        ],
    )
}

/// Its segment ends within the three minutes of its warning.
fn hall_e(base: DateTime<Utc>) -> String {
    agenda(
        "Hall E",
        base,
        "5m",
        &[
            Segment("Policy roundtable", &["Huiming Gong"], -30, 33, false),
            Segment("Lunch", &[], 33, 60, false),
        ],
    )
}

/// Over: ended by its operator. Its room has a Chinese name too.
fn hall_f(base: DateTime<Utc>) -> String {
    let segments = [Segment(
        "Morning session",
        &["Baha Al-Alawi"],
        -60,
        30,
        false,
    )];
    agenda("Hall F", base, "2m", &segments).replacen(
        "room = \"Hall F\"",
        "room = { en = \"Hall F\", zh-Hans = \"F 厅\" }",
        1,
    )
}

/// A synced show `conf.NAME` with `agenda` written in its folder.
fn synced(broker: &Broker, name: &str, agenda: &str) -> Instance {
    let dir = instance_dir(&format!("board-{name}"));
    std::fs::write(dir.join("agenda.toml"), agenda).unwrap();
    let url = broker.url(&format!("conf.{name}"));
    Instance::serve(&dir, &["agenda.toml", "--sync", url.as_str()], &[])
}

/// The synced show that serves the board: viewing needs a token (as
/// behind a proxy, `--public-url`), so its address is the one it listens on.
struct BoardServer {
    process: Child,
    /// `http://127.0.0.1:PORT`.
    url: String,
    /// What it prints after `board:`.
    board: String,
}

impl BoardServer {
    fn start(broker: &Broker, name: &str, agenda: &str, extra: &[&str]) -> Self {
        let dir = instance_dir(&format!("board-{name}"));
        std::fs::write(dir.join("agenda.toml"), agenda).unwrap();
        let mut process = Command::new(env!("CARGO_BIN_EXE_showclock"))
            .current_dir(&dir)
            .arg("serve")
            .arg("agenda.toml")
            .args(["--sync", &broker.url(&format!("conf.{name}"))])
            .args([
                "--share",
                "127.0.0.1:0",
                "--token",
                TOKEN,
                "--view-token",
                VIEW,
            ])
            .args(["--public-url", "http://board.example.test"])
            .args(extra)
            .env_remove("SHOWCLOCK_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the showclock binary runs");
        let lines = stdout_lines(&mut process);
        let within = 20 * SECOND;
        let url = format!("http://{}", value_printed(&lines, "listening", within));
        let board = value_printed(&lines, "board", within);
        Self {
            process,
            url,
            board,
        }
    }
}

impl Drop for BoardServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn act(instance: &Instance, action: &str, body: &str) {
    let (status, answer) = instance.act(action, body);
    assert_eq!(status, 200, "{action}: {answer}");
}

fn get(url: &str, path: &str, token: Option<&str>) -> (u16, Value) {
    let answer = request(&Endpoint::parse(url).unwrap(), "GET", path, token, None).unwrap();
    let value = serde_json::from_str(&answer.body)
        .unwrap_or_else(|e| panic!("{path}: {e}: {}", answer.body));
    (answer.status, value)
}

/// A room's name: a plain string, or its English version.
fn name(room: &Value) -> String {
    room.as_str()
        .or_else(|| room["en"].as_str())
        .unwrap_or_else(|| panic!("a room's name: {room}"))
        .to_string()
}

fn rooms(board: &Value) -> Vec<String> {
    board["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| name(&r["room"]))
        .collect()
}

fn room<'a>(board: &'a Value, name: &str) -> &'a Value {
    board["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["room"] == name)
        .unwrap_or_else(|| panic!("no {name} in {board}"))
}

/// Waits until `GET /v1/board` satisfies `ready`.
fn board_when(url: &str, what: &str, ready: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + 20 * SECOND;
    loop {
        let (status, board) = get(url, "/v1/board", Some(VIEW));
        assert_eq!(status, 200, "{board}");
        if ready(&board) {
            return board;
        }
        assert!(Instant::now() < deadline, "waited for {what}: {board:#}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `GET /v1/board/live` read on a thread: each `board` document and when
/// it came.
struct Stream {
    documents: Receiver<(Value, Instant)>,
    stream: std::net::TcpStream,
}

impl Stream {
    fn open(url: &str, query: &str, token: &str) -> Self {
        let address = url.trim_start_matches("http://").to_string();
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET /v1/board/live{query} HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\nAuthorization: Bearer {token}\r\n\r\n"
        )
        .unwrap();
        let reader = stream.try_clone().unwrap();
        let (tx, documents) = channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                let line = line.trim_end_matches('\r');
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && event == "board"
                {
                    let value = serde_json::from_str(data).expect("a board document is JSON");
                    if tx.send((value, Instant::now())).is_err() {
                        return;
                    }
                }
            }
        });
        Self { documents, stream }
    }

    /// The first document after now that satisfies `ready`, and when it came.
    fn until(&self, within: Duration, ready: impl Fn(&Value) -> bool) -> Option<(Value, Instant)> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let (document, at) = self.documents.recv_timeout(left).ok()?;
            if ready(&document) {
                return Some((document, at));
            }
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

fn in_zone(at: DateTime<Utc>, zone: Tz, format: HourFormat) -> String {
    time_of_day(&at.with_timezone(&zone), format, false)
}

fn seconds_of(digits: &str) -> i64 {
    digits
        .trim_start_matches('+')
        .split(':')
        .fold(0, |total, part| total * 60 + part.parse::<i64>().unwrap())
}

#[test]
fn v1_board_gives_every_room_of_the_group_by_attention_or_room_with_the_view_rules() {
    let _serial = one_at_a_time();
    let broker = Broker::start("board-http");
    let base = base();
    // The board's instance: Hall A, viewing with a token (as behind a proxy).
    let a = BoardServer::start(&broker, "hall-a", &hall_a(base), &[]);
    assert_eq!(a.board, "http://board.example.test/board");
    let b = synced(&broker, "hall-b", &hall_b(base));
    act(&b, "goto", "{\"index\": 0}");

    // The view rules of the other pages: a token, either one, and no other.
    for (token, status) in [
        (None, 401),
        (Some("not-the-token-0123"), 401),
        (Some(VIEW), 200),
        (Some(TOKEN), 200),
    ] {
        for path in ["/v1/board", "/v1/board?order=room"] {
            let (got, body) = get(&a.url, path, token);
            assert_eq!(got, status, "{path} with {token:?}: {body}");
        }
    }
    let (status, body) = get(&a.url, "/v1/board?order=loudest", Some(VIEW));
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().contains("order=room"),
        "{body}"
    );

    // Every show of the group, the overrunning one first.
    let board = board_when(&a.url, "both rooms, Hall B overrunning", |board| {
        rooms(board) == ["Hall B", "Hall A"] && board["rooms"][0]["urgency"] == "overrun"
    });
    assert_eq!(board["order"], "attention");
    let overrun = room(&board, "Hall B");
    assert_eq!(overrun["stage"], "live");
    assert_eq!(overrun["segment"], "Fleet data");
    assert_eq!(overrun["people"], serde_json::json!(["Yin Qiu"]));
    assert_eq!(overrun["following_schedule"], false);
    assert!(
        overrun["remaining_seconds"].as_i64().unwrap() <= -120,
        "{overrun}"
    );
    assert!(
        overrun["drift_seconds"].as_i64().unwrap() >= 120,
        "{overrun}"
    );
    assert_eq!(overrun["link"]["connected"], true);
    assert_eq!(
        overrun["address"],
        format!("nats://127.0.0.1:{}/conf.hall-b", broker.port)
    );
    let on = room(&board, "Hall A");
    assert_eq!(
        (
            on["stage"].as_str(),
            on["urgency"].as_str(),
            on["following_schedule"].as_bool()
        ),
        (Some("live"), Some("normal"), Some(true))
    );
    assert_eq!(on["segment"], "Opening keynote");
    assert_eq!(on["title"], "Zero-emission trucks 2026");
    assert_eq!(on["next"]["title"], "Battery panel");
    assert_eq!(on["next"]["people"], serde_json::json!(["Grace Hopper"]));
    let next_start: DateTime<Utc> = on["next"]["starts_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(next_start, base + TimeDelta::minutes(40));
    let counts_to: DateTime<Utc> = on["counts_to"].as_str().unwrap().parse().unwrap();
    assert_eq!(counts_to, base + TimeDelta::minutes(40));
    let labels: Vec<&str> = board["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Beijing", "Pacific"]);
    assert_eq!(board["clocks"][1]["timezone"], "America/Los_Angeles");
    assert_eq!(board["clocks"][1]["hour_format"], "12h");
    assert_eq!(
        board["sources"],
        serde_json::json!([{
            "address": format!("nats://127.0.0.1:{}/conf.", broker.port),
            "connected": true,
            "lost_since": null,
            "problem": null,
            "looked": true,
        }])
    );
    let (_, by_room) = get(&a.url, "/v1/board?order=room", Some(VIEW));
    assert_eq!(by_room["order"], "room");
    assert_eq!(rooms(&by_room), ["Hall A", "Hall B"]);

    // The page's stream: the board at once, then a cue in another room
    // within 100 ms (the median of five; each within 500 ms).
    assert_eq!(
        Stream::open(&a.url, "", "not-the-token-0123")
            .until(2 * SECOND, |_| true)
            .map(|(d, _)| d),
        None,
        "a wrong token gets no board"
    );
    let stream = Stream::open(&a.url, "?order=room", VIEW);
    let (first, _) = stream
        .until(2 * SECOND, |_| true)
        .expect("the board at once");
    assert_eq!(rooms(&first), ["Hall A", "Hall B"]);
    let ends = |board: &Value| -> DateTime<Utc> {
        room(board, "Hall B")["counts_to"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    let mut expected = ends(&first);
    let mut took = Vec::new();
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(300));
        let posted = Instant::now();
        act(&b, "extend", "{\"seconds\": 10}");
        expected += TimeDelta::seconds(10);
        let (_, at) = stream
            .until(2 * SECOND, |board| ends(board) == expected)
            .expect("the extended slot on the board");
        took.push(at.duration_since(posted));
    }
    took.sort();
    eprintln!("a cue in a room reached the board's stream in {took:?}");
    assert!(took[2] <= Duration::from_millis(100), "{took:?}");
    assert!(took[4] <= Duration::from_millis(500), "{took:?}");
    // Without anything happening: a document every second.
    let (one, first_at) = stream.until(2 * SECOND, |_| true).unwrap();
    let (two, second_at) = stream.until(2 * SECOND, |_| true).unwrap();
    let gap = second_at.duration_since(first_at);
    assert!(
        gap > Duration::from_millis(800) && gap < Duration::from_millis(1200),
        "{gap:?}"
    );
    assert_ne!(one["now"], two["now"]);
}

#[test]
fn without_a_board_the_board_endpoints_say_how_to_get_one() {
    let (_dir, agenda, journal) = show_dir("board-none");
    let served = Served::start(&agenda, &journal, &["--share", "127.0.0.1:0"]);
    let url = served.value("url");
    for path in ["/v1/board", "/v1/board/live"] {
        let (status, body) = get(&url, path, None);
        assert_eq!(status, 404, "{path}");
        let error = body["error"].as_str().unwrap();
        assert!(
            error.contains("--sync nats://") && error.contains("--board URL"),
            "{error}"
        );
    }
    let page = request(&Endpoint::parse(&url).unwrap(), "GET", "/board", None, None).unwrap();
    // (The landing page shows its link only where GET /v1/board answers.)
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/web/board.js"), "{}", page.body);
}

/// The page's tiles, as a person reads them: in order, each part's text
/// (null when hidden) and the digits' size.
const TILES: &str = "return [...document.querySelectorAll('#rooms .tile')].map((t) => {
    const part = (c) => { const e = t.querySelector(c); return e && !e.hidden ? e.textContent : null; };
    const count = t.querySelector('.tile-count');
    return { classes: t.className, room: part('.tile-room'), stage: part('.tile-stage'),
             segment: part('.tile-segment'), people: part('.tile-people'), count: part('.tile-count'),
             status: part('.tile-status'), next: part('.tile-next'), link: part('.tile-link'),
             digits: parseFloat(getComputedStyle(count).fontSize),
             inside: t.scrollHeight <= t.clientHeight + 1 && t.scrollWidth <= t.clientWidth + 1,
             background: getComputedStyle(t).backgroundColor, opacity: getComputedStyle(t).opacity };
  });";

fn tiles(browser: &Browser) -> Vec<Value> {
    browser.eval(TILES).as_array().unwrap().clone()
}

fn tile<'a>(tiles: &'a [Value], name: &str) -> &'a Value {
    tiles
        .iter()
        .find(|t| t["room"] == name)
        .unwrap_or_else(|| panic!("no tile {name}: {tiles:#?}"))
}

fn names(tiles: &[Value]) -> Vec<String> {
    tiles
        .iter()
        .map(|t| t["room"].as_str().unwrap().to_string())
        .collect()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

/// The README's screenshot.
fn docs_png() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/board.png")
}

#[test]
fn the_board_page_shows_every_room_the_overrun_first_a_cue_within_a_second_and_a_lost_link() {
    let _serial = one_at_a_time();
    let broker = Broker::start("board-page");
    let base = base();
    // Hall D, served apart, on the board by its URL.
    let (_dir, d_agenda, d_journal) = show_dir("board-hall-d");
    std::fs::write(&d_agenda, hall_d(base)).unwrap();
    let mut d = Served::start(
        &d_agenda,
        &d_journal,
        &[
            "--share",
            "127.0.0.1:0",
            "--token",
            "hall-d-control-token-0123",
            "--view-token",
            HALL_D_VIEW,
        ],
    );
    let d_url = d.value("url");
    // And a broker nobody runs.
    let nobody = format!("nats://127.0.0.1:{}/", common::serve::free_port());
    let a = BoardServer::start(
        &broker,
        "hall-a",
        &hall_a(base),
        &[
            "--board",
            &d_url,
            "--board-token",
            HALL_D_VIEW,
            "--board",
            &nobody,
        ],
    );
    let b = synced(&broker, "hall-b", &hall_b(base));
    let c = synced(&broker, "hall-c", &hall_c(base));
    let _e = synced(&broker, "hall-e", &hall_e(base));
    let f = synced(&broker, "hall-f", &hall_f(base));
    act(&b, "goto", "{\"index\": 0}");
    act(&f, "end", "");
    board_when(&a.url, "six rooms", |board| rooms(board).len() == 6);

    let browser = Browser::start("board");
    browser.goto(&format!("{}/board#token={VIEW}", a.url));
    browser.wait(
        10 * SECOND,
        "six tiles with their digits",
        "return document.querySelectorAll('#rooms .tile').length === 6
           && [...document.querySelectorAll('.tile.live .tile-count')].every((c) => c.textContent.includes(':'));",
    );

    // By attention: the overrun first, then the warning, the rest, the
    // show that is over last (and dimmed).
    let shown = tiles(&browser);
    assert_eq!(
        names(&shown),
        ["Hall B", "Hall E", "Hall A", "Hall D", "Hall C", "Hall F"],
        "{shown:#?}"
    );
    let overrun = tile(&shown, "Hall B");
    assert!(text(&overrun["classes"]).contains("overrun"), "{overrun}");
    assert_eq!(overrun["stage"], "OVERRUN");
    assert_eq!(overrun["segment"], "Fleet data");
    assert_eq!(overrun["people"], "Yin Qiu");
    let late = text(&overrun["count"]);
    assert!(late.starts_with('+') && seconds_of(late) >= 120, "{late}");
    assert!(text(&overrun["status"]).starts_with("cued · "), "{overrun}");
    assert!(text(&overrun["status"]).ends_with(" behind"), "{overrun}");
    assert_eq!(
        text(&overrun["background"]).replace(' ', ""),
        "rgb(176,0,32)"
    );
    let on = tile(&shown, "Hall A");
    assert_eq!(on["stage"], "LIVE");
    assert_eq!(on["segment"], "Opening keynote");
    assert_eq!(on["people"], "Ada Lovelace");
    assert_eq!(on["status"], "on schedule · on time");
    let left = seconds_of(text(&on["count"]));
    let expected = (base + TimeDelta::minutes(40) - Utc::now()).num_seconds();
    assert!(
        (left - expected).abs() <= 2,
        "{left} s shown, {expected} s left"
    );
    // The overrun at least as prominent as the time left; both readable
    // from across a room (80 px digits on a 1080p wall screen).
    let digits = on["digits"].as_f64().unwrap();
    assert!(overrun["digits"].as_f64().unwrap() >= digits, "{shown:#?}");
    assert!(digits >= 80.0, "{digits} px digits");
    // The next segment and its start, on every clock.
    let next_start = base + TimeDelta::minutes(40);
    let next = text(&on["next"]);
    assert!(next.contains("Battery panel · Grace Hopper"), "{next}");
    for expected in [
        format!(
            "{} Beijing",
            in_zone(next_start, chrono_tz::Asia::Shanghai, HourFormat::H24)
        ),
        format!(
            "{} Pacific",
            in_zone(next_start, chrono_tz::America::Los_Angeles, HourFormat::H12)
        ),
    ] {
        assert!(next.contains(&expected), "{expected:?} not in {next:?}");
    }
    let warning = tile(&shown, "Hall E");
    assert!(text(&warning["classes"]).contains("warning"), "{warning}");
    let before = tile(&shown, "Hall C");
    assert_eq!(before["stage"], "STARTS IN");
    assert!(seconds_of(text(&before["count"])) > 88 * 60, "{before}");
    assert!(
        text(&before["next"]).contains("Workshop · Owen MacDonnell"),
        "{before}"
    );
    let over = tile(&shown, "Hall F");
    assert_eq!(over["stage"], "OVER");
    assert!(text(&over["count"]).starts_with("Ended "), "{over}");
    assert!(
        over["opacity"].as_str().unwrap().parse::<f64>().unwrap() < 0.7,
        "{over}"
    );
    for shown in &shown {
        assert_eq!(shown["inside"], true, "every part inside its tile: {shown}");
        assert_eq!(shown["link"], Value::Null, "{shown}");
    }

    // The clocks the rooms have in common, each with its own weekday.
    let clocks = browser
        .eval("return [...document.querySelectorAll('.board-clock')].map((c) => c.textContent);");
    let clocks: Vec<&str> = clocks
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(clocks.len(), 2, "{clocks:?}");
    let now = Utc::now();
    for (shown, zone, label) in [
        (clocks[0], chrono_tz::Asia::Shanghai, "Beijing"),
        (clocks[1], chrono_tz::America::Los_Angeles, "Pacific"),
    ] {
        let weekdays = [now - TimeDelta::seconds(2), now]
            .map(|at| format!("{label}{}", at.with_timezone(&zone).format("%a")));
        assert!(
            weekdays.iter().any(|w| shown.starts_with(w.as_str())),
            "{shown:?} is not {weekdays:?} …"
        );
    }

    // The broker that does not answer, named at the top.
    browser.wait(
        10 * SECOND,
        "the broker nobody runs in the notice",
        &format!(
            "const n = document.getElementById('notice');
             return !n.hidden && n.textContent.startsWith('{nobody} does not answer: ');"
        ),
    );

    // A cue in a room: on the page within a second (timed in the page, on
    // this machine's clock, from just before the POST).
    browser.eval(
        "window.__cued = null;
         const seen = () => {
           const t = [...document.querySelectorAll('#rooms .tile')].find((t) => t.querySelector('.tile-room').textContent === 'Hall C');
           if (window.__cued === null && t.querySelector('.tile-segment').textContent === 'Workshop'
               && t.querySelector('.tile-stage').textContent === 'LIVE'
               && t.querySelector('.tile-status').textContent.startsWith('cued · ')) window.__cued = Date.now();
         };
         new MutationObserver(seen).observe(document.getElementById('rooms'), {subtree: true, childList: true, characterData: true});
         return true;",
    );
    let posted_ms = Utc::now().timestamp_millis();
    act(&c, "start", "");
    browser.wait(
        SECOND,
        "Hall C's workshop live on the board",
        "return window.__cued !== null;",
    );
    let shown_ms = browser.eval("return window.__cued;").as_i64().unwrap();
    eprintln!(
        "the cue showed on the page {} ms after its POST was sent",
        shown_ms - posted_ms
    );
    assert!(shown_ms - posted_ms < 1000, "{} ms", shown_ms - posted_ms);

    // Without its token, the board is not shown; a server without a
    // board says so.
    for (url, words) in [
        (format!("{}/board", a.url), "This link cannot open the show"),
        (
            format!("{d_url}/board#token={HALL_D_VIEW}"),
            "This server has no board of rooms",
        ),
    ] {
        browser.goto(&url);
        browser.wait(
            5 * SECOND,
            words,
            &format!(
                "const h = document.querySelector('body.refused h1'); return h !== null && h.textContent === {words:?};"
            ),
        );
    }
    browser.goto(&format!("{}/board#token={VIEW}", a.url));
    browser.wait(
        10 * SECOND,
        "the six tiles again",
        "return document.querySelectorAll('#rooms .tile').length === 6;",
    );

    // A room whose server stops: DISCONNECTED, with how long, and near
    // the top (a lost link needs attention).
    d.process.kill().unwrap();
    d.process.wait().unwrap();
    let lost_at = Instant::now();
    browser.wait(
        8 * SECOND,
        "Hall D disconnected",
        "const t = [...document.querySelectorAll('#rooms .tile')].find((t) => t.querySelector('.tile-room').textContent === 'Hall D');
         const link = t.querySelector('.tile-link');
         return !link.hidden && /^DISCONNECTED for [0-9]+ s$/.test(link.textContent);",
    );
    // The age grows with the clock (redrawn once a second).
    std::thread::sleep(3 * SECOND);
    let shown = tiles(&browser);
    assert_eq!(
        names(&shown),
        ["Hall B", "Hall D", "Hall E", "Hall A", "Hall C", "Hall F"],
        "{shown:#?}"
    );
    let lost = text(&tile(&shown, "Hall D")["link"]).to_string();
    // Its tile says so: the notice names only the broker without rooms.
    let notice = browser.text("notice");
    assert!(
        notice.starts_with(&nobody) && !notice.contains(&d_url),
        "{notice}"
    );
    let age: u64 = lost
        .trim_start_matches("DISCONNECTED for ")
        .trim_end_matches(" s")
        .parse()
        .unwrap();
    assert!(
        age >= 2 && age <= lost_at.elapsed().as_secs() + 1,
        "{lost} after {:?}",
        lost_at.elapsed()
    );
    browser.screenshot("board-1920x1080");
    let png = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screens/board-1920x1080.png"),
    )
    .unwrap();
    if std::env::var_os("SHOWCLOCK_DOCS_SCREENSHOT").is_some() {
        std::fs::write(docs_png(), png).unwrap();
    }

    // By room, from the link at the top: the token and the language kept.
    browser.click("#order");
    browser.wait(
        5 * SECOND,
        "the tiles by room",
        "return location.search === '?order=room'
           && [...document.querySelectorAll('.tile-room')].map((r) => r.textContent).join() === 'Hall A,Hall B,Hall C,Hall D,Hall E,Hall F';",
    );
    assert_eq!(browser.text("order"), "Most urgent first");
    let fragment = browser.eval("return location.hash;");
    assert_eq!(fragment, format!("#token={VIEW}"));

    // In Chinese (?lang=): the words, the weekdays and the times.
    browser.goto(&format!("{}/board?lang=zh-Hans#token={VIEW}", a.url));
    browser.wait(
        10 * SECOND,
        "the board in Chinese",
        "return document.querySelectorAll('#rooms .tile').length === 6
           && document.getElementById('order').textContent === '按会场排序'
           && [...document.querySelectorAll('.tile-stage')].some((s) => s.textContent === '超时')
           && [...document.querySelectorAll('.tile-room')].some((r) => r.textContent === 'F 厅');",
    );
    let clocks = browser
        .eval("return [...document.querySelectorAll('.board-clock')].map((c) => c.textContent).join(' ');");
    assert!(clocks.as_str().unwrap().contains('周'), "{clocks}");

    // The landing page links to it, with its token.
    browser.goto(&format!("{}/#token={VIEW}", a.url));
    browser.wait(
        5 * SECOND,
        "the board on the landing page",
        &format!(
            "const item = document.getElementById('board');
             return !item.hidden && item.querySelector('a').href === '{}/board#token={VIEW}';",
            a.url
        ),
    );

    // A phone: one column that scrolls, nothing wider than the screen.
    browser.goto(&format!("{}/board#token={VIEW}", a.url));
    browser.size(390, 844);
    browser.wait(
        5 * SECOND,
        "one column",
        "const xs = new Set([...document.querySelectorAll('#rooms .tile')].map((t) => Math.round(t.getBoundingClientRect().left)));
         return xs.size === 1 && document.documentElement.scrollWidth <= window.innerWidth;",
    );
    browser.screenshot("board-390x844");
}
