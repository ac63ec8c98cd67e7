//! The browser screens in a real browser: Debian's Chromium driven through
//! chromedriver (WebDriver, with fantoccini), against the real binary on
//! loopback, for the seed's show under a simulated clock (`--at`).
//! `.ci/run` installs `chromium` and `chromium-driver`; without them these
//! tests fail rather than skip.
//!
//! Screenshots of every page at 1920x1080 and 390x844 are written to
//! `target/browser-screens/`.

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};
use showclock::agenda::HourFormat;
use showclock::net::{Endpoint, request};
use showclock::timefmt::time_of_day;

use browser::Browser;
use common::serve::{free_port, wait_until};
use common::{BIN, Tmux, workdir};

const CONTROL: &str = "control-token-for-tests";
const VIEW: &str = "view-token-for-tests";
const SECOND: Duration = Duration::from_secs(1);

/// The seed's show in the full-screen app, sharing, its clock started at
/// `at` (a simulated clock).
struct Show {
    tmux: Tmux,
    dir: PathBuf,
    port: u16,
    at: &'static str,
}

impl Show {
    fn start(name: &str, at: &'static str) -> Self {
        Self::start_with(name, at, |agenda| agenda)
    }

    /// The seed's show with its agenda changed by `edit` first.
    fn start_with(name: &str, at: &'static str, edit: impl FnOnce(String) -> String) -> Self {
        let show = Self {
            tmux: Tmux::new(name),
            dir: workdir(name),
            port: free_port(),
            at,
        };
        let agenda = show.dir.join("agenda.toml");
        let text = std::fs::read_to_string(&agenda).unwrap();
        std::fs::write(&agenda, edit(text)).unwrap();
        show.run_server();
        show
    }

    fn run_server(&self) {
        let command = format!(
            "cd {} && exec {BIN} agenda.toml --at {} --share {} --token {CONTROL} --view-token {VIEW} --journal show.jsonl --no-bell \
             --public-url http://show.example.test",
            self.dir.display(),
            self.at,
            self.port
        );
        self.tmux.start("server", &command);
        self.tmux
            .wait_for("server", "SHARING http://show.example.test", 10 * SECOND);
    }

    fn kill_server(&self) {
        let pid = self.tmux.pane_pid("server");
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        self.tmux.run(&["kill-session", "-t", "server"]);
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn endpoint(&self) -> Endpoint {
        Endpoint::parse(&self.url("")).unwrap()
    }

    fn state(&self) -> Value {
        let answer = request(&self.endpoint(), "GET", "/v1/state", Some(VIEW), None).unwrap();
        assert_eq!(answer.status, 200, "{}", answer.body);
        serde_json::from_str(&answer.body).unwrap()
    }

    /// `status --json` at the show's time `now`, from the same journal.
    fn status(&self, now: &str) -> Value {
        let output = Command::new(BIN)
            .current_dir(&self.dir)
            .args([
                "status",
                "agenda.toml",
                "--journal",
                "show.jsonl",
                "--json",
                "--at",
                now,
            ])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    fn act(&self, action: &str, body: Value) {
        let body = body.to_string();
        let answer = request(
            &self.endpoint(),
            "POST",
            &format!("/v1/control/{action}"),
            Some(CONTROL),
            Some(body.as_bytes()),
        )
        .unwrap();
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
}

/// The show's clock as `GET /v1/live` gives it.
struct LiveClock {
    real_start_ms: f64,
    show_start_ms: f64,
    speed: f64,
}

impl Show {
    fn live_clock(&self) -> LiveClock {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /v1/live HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer {VIEW}\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut text = String::new();
        let mut buffer = [0u8; 16 * 1024];
        while !text.contains("event: tick") {
            let n = stream.read(&mut buffer).unwrap();
            assert!(n > 0, "the live stream ended: {text}");
            text.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
        let state = &text[text.find("event: state").unwrap()..];
        let data = state
            .lines()
            .find_map(|l| l.strip_prefix("data: "))
            .unwrap();
        let clock = &serde_json::from_str::<Value>(data).unwrap()["clock"];
        LiveClock {
            real_start_ms: clock["real_start_ms"].as_f64().unwrap(),
            show_start_ms: clock["show_start_ms"].as_f64().unwrap(),
            speed: clock["speed"].as_f64().unwrap(),
        }
    }
}

fn seconds_of(digits: &str) -> i64 {
    digits
        .trim_start_matches('+')
        .split(':')
        .fold(0, |total, part| total * 60 + part.parse::<i64>().unwrap())
}

fn in_zone(at: &str, zone: Tz, format: HourFormat) -> String {
    let at: DateTime<Utc> = at.parse().unwrap();
    time_of_day(&at.with_timezone(&zone), format, false)
}

/// No horizontal scrolling: the page fits the viewport's width.
const FITS: &str = "return document.documentElement.scrollWidth <= window.innerWidth \
                    && document.body.scrollWidth <= window.innerWidth;";

/// What sticks out on the right, to say why a page overflows.
const WIDER: &str = "return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));";

#[test]
fn the_speaker_page_agrees_with_status_shows_messages_overruns_and_a_lost_link() {
    // 09:07 Beijing: three minutes left of the first segment.
    let show = Show::start("browser-speaker", "2022-06-01T09:07:00+08:00");
    let browser = Browser::start("speaker");
    browser.goto(&show.url(&format!("/speaker#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "the countdown",
        "return document.getElementById('count').textContent.includes(':');",
    );

    // The same segment, remaining time and next start as `status --json`.
    let page_count = browser.text("count");
    let state = show.state();
    let status = show.status(state["now"].as_str().unwrap());
    let current = &status["current"];
    assert_eq!(browser.text("title"), current["title"].as_str().unwrap());
    let remaining = current["remaining_seconds"].as_i64().unwrap();
    assert!(
        (seconds_of(&page_count) - remaining).abs() <= 1,
        "the page shows {page_count}, status says {remaining} s"
    );
    let next = &status["next"];
    let start = next["expected_start"].as_str().unwrap();
    let next_line = browser.text("next");
    for expected in [
        format!(
            "{} Beijing",
            in_zone(start, chrono_tz::Asia::Shanghai, HourFormat::H24)
        ),
        format!(
            "{} Pacific",
            in_zone(start, chrono_tz::America::Los_Angeles, HourFormat::H12)
        ),
    ] {
        assert!(
            next_line.contains(&expected),
            "{expected:?} not in {next_line:?}"
        );
    }
    assert!(
        next_line.contains(next["title"].as_str().unwrap()),
        "{next_line}"
    );
    assert!(browser.eval(FITS).as_bool().unwrap());
    browser.screenshot("speaker-1920x1080");

    // An idle page: at most one DOM update a second.
    let updates = browser.eval(
        "window.__updates = 0; window.__log = []; new MutationObserver((r) => { window.__updates++; window.__log.push([Math.round(performance.now()), r.map(x => x.type + ':' + (x.target.id || x.target.parentNode && x.target.parentNode.id))]); })
           .observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
         return true;",
    );
    assert_eq!(updates, Value::Bool(true));
    std::thread::sleep(5 * SECOND);
    let updates = browser.eval("return window.__updates;").as_i64().unwrap();
    assert!(
        (4..=6).contains(&updates),
        "{updates} DOM updates in 5 s: {}",
        browser.eval("return JSON.stringify(window.__log);")
    );

    // The shown second changes within 50 ms of the server's (this machine's
    // clock is the server's: the page's changes are timed on it).
    let clock = show.live_clock();
    browser.eval(
        "window.__changes = []; new MutationObserver(() => window.__changes.push(Date.now()))
           .observe(document.getElementById('count'), {subtree: true, childList: true, characterData: true});
         return true;",
    );
    std::thread::sleep(3 * SECOND);
    let changes = browser.eval("return window.__changes;");
    let changes: Vec<f64> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_f64().unwrap())
        .collect();
    assert!(changes.len() >= 2, "{changes:?}");
    for real in changes {
        let show_ms = clock.show_start_ms + (real - clock.real_start_ms) * clock.speed;
        let late = show_ms.rem_euclid(1000.0);
        assert!(
            late < 50.0,
            "the second changed {late:.0} ms after the server's"
        );
    }

    // A message posted over HTTP appears within a second.
    let posted = Instant::now();
    show.act(
        "message",
        json!({"text": "Two minutes, please", "audience": "speakers"}),
    );
    browser.wait(
        SECOND,
        "the message",
        "return document.getElementById('message').textContent === 'Two minutes, please';",
    );
    assert!(posted.elapsed() < SECOND);
    browser.screenshot("speaker-message-1920x1080");

    // The producer's signals: dark for a video, then back; a flash.
    show.act("blackout", json!({}));
    browser.wait(
        SECOND,
        "the screen to go dark",
        "return document.body.classList.contains('blackout') \
         && getComputedStyle(document.getElementById('count')).visibility === 'hidden';",
    );
    show.act("unblackout", json!({}));
    browser.wait(
        SECOND,
        "the screen to come back",
        "return !document.body.classList.contains('blackout');",
    );
    show.act("flash", json!({}));
    browser.wait(
        SECOND,
        "the flash",
        "return document.body.classList.contains('flashing');",
    );
    browser.wait(
        4 * SECOND,
        "the flash to end after 3 s",
        "return !document.body.classList.contains('flashing');",
    );

    // At a phone's size nothing overflows.
    browser.size(390, 844);
    browser.wait(
        SECOND,
        "the phone's width",
        "return window.innerWidth <= 400;",
    );
    assert!(
        browser.eval(FITS).as_bool().unwrap(),
        "the speaker page overflows at 390 px"
    );
    browser.screenshot("speaker-390x844");
    browser.size(1920, 1080);

    // The slot cut short: the page turns red and counts the overrun.
    show.act("clear_message", json!({}));
    show.act("extend", json!({"seconds": -240}));
    browser.wait(
        SECOND,
        "the overrun",
        "return document.body.classList.contains('overrun')
           && document.getElementById('label').textContent === 'OVERRUN'
           && document.getElementById('count').textContent.startsWith('+');",
    );
    let background = browser.eval("return getComputedStyle(document.body).backgroundColor;");
    let background = background.as_str().unwrap();
    let red = background
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(", ")
        .map(|c| c.parse::<u32>().unwrap())
        .collect::<Vec<_>>();
    assert!(
        red[0] > 100 && red[1] < 30 && red[2] < 60,
        "not red: {background}"
    );
    browser.screenshot("speaker-overrun-1920x1080");

    // The server killed: the banner within 3 s; back: the banner goes.
    show.kill_server();
    let lost = browser.wait(
        3 * SECOND,
        "the DISCONNECTED banner",
        "const b = document.getElementById('banner'); return !b.hidden && b.textContent.includes('DISCONNECTED');",
    );
    eprintln!("the banner came {lost:?} after the server died");
    show.run_server();
    browser.wait(
        12 * SECOND,
        "the banner to go",
        "return document.getElementById('banner').hidden;",
    );
    browser.wait(
        2 * SECOND,
        "the countdown again",
        "return document.getElementById('count').textContent.includes(':');",
    );

    // A wrong token: a clear error page.
    browser.goto(&show.url("/speaker#token=not-the-token"));
    browser.wait(
        5 * SECOND,
        "the error page",
        "return document.body.textContent.includes('This link cannot open the show');",
    );
}

#[test]
fn the_producer_controls_with_the_control_token_only_and_the_overlay_is_transparent() {
    let show = Show::start("browser-producer", "2022-06-01T09:07:00+08:00");
    let browser = Browser::start("producer");
    show.act("start", json!({}));

    browser.goto(&show.url(&format!("/producer#token={CONTROL}")));
    browser.wait(
        5 * SECOND,
        "the controls",
        "const b = document.getElementById('next-button'); return !!b && !b.closest('[hidden]');",
    );
    browser.wait(
        2 * SECOND,
        "the rundown",
        "return document.querySelectorAll('#rows tr').length === 6;",
    );
    assert!(browser.eval(FITS).as_bool().unwrap());
    browser.screenshot("producer-1920x1080");
    let before = show.state()["current"]["index"].as_i64().unwrap();
    browser.click("#next-button");
    wait_until(2 * SECOND, "the next segment", || {
        show.state()["current"]["index"].as_i64() == Some(before + 1)
    });
    // The page sent the action under an Idempotency-Key of its own: the
    // entry's id (so a retry of it is done once).
    let journal = std::fs::read_to_string(show.dir.join("show.jsonl")).unwrap();
    let next: Value = serde_json::from_str(journal.lines().last().unwrap()).unwrap();
    assert_eq!(next["action"], "next");
    let id = next["id"].as_str().unwrap_or_default();
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{next}"
    );
    browser.wait(
        SECOND,
        "the page to follow",
        "return document.querySelector('#rows tr.current td').textContent === '2';",
    );
    browser.size(390, 844);
    browser.wait(
        SECOND,
        "the phone's width",
        "return window.innerWidth <= 400;",
    );
    assert!(
        browser.eval(FITS).as_bool().unwrap(),
        "the producer page overflows at 390 px: {}",
        browser.eval(WIDER)
    );
    browser.screenshot("producer-390x844");
    browser.size(1920, 1080);

    // The view token: the same rundown, no controls at all.
    browser.goto(&show.url(&format!("/producer#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "the rundown",
        "return document.querySelectorAll('#rows tr').length === 6;",
    );
    assert_eq!(
        browser.eval("return document.getElementById('next-button') === null && document.querySelectorAll('button').length === 0;"),
        Value::Bool(true),
        "buttons shown to the view token"
    );

    // The overlay: transparent, a countdown and the next segment.
    browser.goto(&show.url(&format!("/overlay#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "the overlay",
        "return document.getElementById('third').textContent.includes('NEXT');",
    );
    assert_eq!(
        browser.eval("return [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).backgroundColor];"),
        json!(["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"])
    );
    browser.screenshot("overlay-1920x1080");
    browser.size(390, 844);
    browser.wait(
        SECOND,
        "the phone's width",
        "return window.innerWidth <= 400;",
    );
    assert!(
        browser.eval(FITS).as_bool().unwrap(),
        "the overlay overflows at 390 px"
    );

    // The landing page links every screen, keeping the token.
    browser.size(1920, 1080);
    browser.goto(&show.url(&format!("/#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "the speakers",
        "return document.querySelectorAll('#people a').length > 5;",
    );
    assert_eq!(
        browser.eval("return [...document.querySelectorAll('a.screen')].every(a => a.href.endsWith('#token=' + 'view-token-for-tests'));"),
        Value::Bool(true)
    );
    browser.screenshot("landing-1920x1080");

    // One speaker: before their slot, when they are on.
    browser.goto(&show.url(&format!("/speaker?name=yin%20qiu#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "the speaker's slot",
        "return document.getElementById('label').textContent === 'YOU ARE ON IN';",
    );
    let next_line = browser.text("next");
    assert!(
        next_line.contains("your time") && next_line.contains("Beijing"),
        "{next_line}"
    );
    browser.screenshot("speaker-name-1920x1080");
    browser.goto(&show.url(&format!("/speaker?name=Nobody#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "the list of speakers",
        "return document.getElementById('title').textContent.includes('No speaker is named');",
    );
    assert!(browser.text("speakers").contains("Yin Qiu"));
}

/// The speaker page through nginx, configured as the README documents it
/// (`docs/proxy/nginx.conf`): it loads, counts, and a message arrives as
/// quickly as it does directly.
#[test]
fn the_speaker_page_through_the_documented_nginx() {
    let port = free_port();
    let public = format!("http://localhost:{port}");
    let (dir, agenda, journal) = common::serve::show_dir("browser-nginx");
    let served = common::serve::Served::start(
        &agenda,
        &journal,
        &[
            "--share",
            "127.0.0.1:0",
            "--token",
            CONTROL,
            "--view-token",
            VIEW,
            "--public-url",
            &public,
            "--trusted-proxy",
            "127.0.0.1",
        ],
    );
    let addr = served.value("listening");
    let site = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/proxy/nginx.conf"
    ))
    .unwrap();
    let location = &site[site.find("    location /").unwrap()..site.rfind('}').unwrap()];
    let location = location.replace("127.0.0.1:8080", &addr);
    let config = format!(
        "daemon off;\nworker_processes 1;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n\
         events {{ worker_connections 512; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {dir}/body;\n  proxy_temp_path {dir}/proxy;\n\
         server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n{location}\n  }}\n}}\n",
        dir = dir.display()
    );
    let conf = dir.join("nginx.conf");
    std::fs::write(&conf, config).unwrap();
    let nginx = Command::new("nginx")
        .arg("-p")
        .arg(&dir)
        .arg("-e")
        .arg(dir.join("error.log"))
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx must be installed (apt-get install nginx-light)");
    let nginx = common::serve::Gentle(nginx);
    wait_until(10 * SECOND, "nginx to listen", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let browser = Browser::start("nginx");
    browser.goto(&format!("{public}/speaker#token={VIEW}"));
    browser.wait(
        5 * SECOND,
        "the page through nginx",
        "return document.getElementById('event').textContent.startsWith('Supporting China');",
    );
    let endpoint = Endpoint::parse(&format!("http://{addr}")).unwrap();
    let answer = request(
        &endpoint,
        "POST",
        "/v1/control/message",
        Some(CONTROL),
        Some(br#"{"text": "Through the proxy", "audience": "everyone"}"#),
    )
    .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    browser.wait(
        SECOND,
        "the message through nginx",
        "return document.getElementById('message').textContent === 'Through the proxy';",
    );
    // Ticks keep the stream alive through the proxy: no banner.
    std::thread::sleep(4 * SECOND);
    assert_eq!(
        browser.eval("return document.getElementById('banner').hidden;"),
        Value::Bool(true)
    );
    drop(browser);
    drop(nginx);
}

/// Where the digits are and how large, on the page now: their box's
/// height, the width of their text, how many lines it takes, the viewport.
const DIGITS: &str = "const c = document.getElementById('count');
    const range = document.createRange(); range.selectNodeContents(c);
    const box = c.getBoundingClientRect();
    return {text: c.textContent, height: box.height, width: range.getBoundingClientRect().width,
            lines: range.getClientRects().length, top: box.top, bottom: box.bottom,
            left: box.left, right: box.right, vw: window.innerWidth, vh: window.innerHeight,
            message: (document.getElementById('message').hidden ? '' : document.getElementById('message').textContent),
            messageLines: Math.floor(document.getElementById('message').clientHeight
              / parseFloat(getComputedStyle(document.getElementById('message')).lineHeight)),
            title: document.getElementById('title').getBoundingClientRect().height};";

/// The sizes a speaker's page is seen at: phones both ways, a tablet,
/// laptops, a projector, a 4K screen.
const SIZES: &[(u32, u32)] = &[
    (320, 480),
    (390, 844),
    (844, 390),
    (768, 1024),
    (1280, 720),
    (1920, 1080),
    (3840, 2160),
];

impl Browser {
    /// Resizes the window and waits until the page has laid itself out
    /// again at that size (two frames after the viewport changed).
    fn resize_to(&self, width: u32, height: u32) {
        // A window has a smallest size and a frame: the page's own size is
        // set through the DevTools protocol (as DevTools' device toolbar).
        let session = self
            .runtime
            .block_on(self.client().session_id())
            .unwrap()
            .unwrap();
        let driver = Endpoint::parse(&format!("http://127.0.0.1:{}", self.driver_port)).unwrap();
        let command = json!({
            "cmd": "Emulation.setDeviceMetricsOverride",
            "params": {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false},
        })
        .to_string();
        let answer = request(
            &driver,
            "POST",
            &format!("/session/{session}/goog/cdp/execute"),
            None,
            Some(command.as_bytes()),
        )
        .unwrap();
        assert_eq!(answer.status, 200, "{}", answer.body);
        self.wait(
            2 * SECOND,
            "the new size",
            &format!("return window.innerWidth === {width} && window.innerHeight === {height};"),
        );
        self.runtime
            .block_on(self.client().execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            ))
            .unwrap();
    }

    /// The digits at this size keep at least 40 % of the height or 80 % of
    /// the width, on one line, inside the viewport.
    fn assert_digits_keep_their_room(&self, case: &str) -> Value {
        let digits = self.eval(DIGITS);
        let number = |key: &str| digits[key].as_f64().unwrap();
        let (vw, vh) = (number("vw"), number("vh"));
        assert!(
            !digits["text"].as_str().unwrap().is_empty(),
            "{case}: no digits: {digits}"
        );
        assert_eq!(digits["lines"], 1, "{case}: the digits wrap: {digits}");
        assert!(
            number("height") >= 0.4 * vh || number("width") >= 0.8 * vw,
            "{case}: the digits are {:.0}x{:.0} px in {vw}x{vh}: {digits}",
            number("width"),
            number("height")
        );
        assert!(
            number("top") >= -0.5
                && number("bottom") <= vh + 0.5
                && number("left") >= -0.5
                && number("right") <= vw + 0.5,
            "{case}: the digits leave the screen: {digits}"
        );
        digits
    }
}

/// A 1,000-character title and moderator, for the first segment.
fn with_long_names(agenda: String) -> String {
    let title = "Zero-emission trucks and buses: ".repeat(32);
    let title = &title[..1000];
    let moderator = "Moderator With An Extraordinarily Long Name ".repeat(23);
    let moderator = moderator[..1000].trim_end();
    agenda.replacen(
        "title = \"Welcome and Introduction\"",
        &format!("title = \"{title}\"\nmoderator = {{ name = \"{moderator}\" }}"),
        1,
    )
}

#[test]
fn the_countdown_keeps_its_room_on_every_speaker_page_at_every_size_and_length() {
    // 09:07 Beijing: three minutes left of the first segment, whose title
    // and moderator's name take 1,000 characters each.
    let show = Show::start_with("browser-room", "2022-06-01T09:07:00+08:00", with_long_names);
    let browser = Browser::start("room");
    let latin =
        "Please wrap up now, the panel is waiting and the stream ends at the top of the hour. "
            .repeat(3);
    let chinese = "请尽快结束发言，下一位嘉宾已经在线等候，直播将在整点结束。".repeat(8);
    let mut messages: Vec<String> = [0, 60, 200]
        .into_iter()
        .flat_map(|n| {
            [
                latin.chars().take(n).collect::<String>(),
                chinese.chars().take(n).collect::<String>(),
            ]
        })
        .collect();
    messages.dedup();
    // The stage's page, one speaker's while they are on, one speaker's
    // before their slot.
    let pages = [
        ("stage", "/speaker".to_string()),
        ("on now", "/speaker?name=Huiming%20Gong".to_string()),
        ("before their slot", "/speaker?name=Zhe%20WANG".to_string()),
    ];
    let mut measured = 0;
    for overrun in [false, true] {
        if overrun {
            // Four minutes off a slot with three left: one minute over.
            show.act("extend", json!({"seconds": -240}));
        }
        for (page, path) in &pages {
            browser.resize_to(1920, 1080);
            browser.goto(&show.url(&format!("{path}#token={VIEW}")));
            browser.wait(
                5 * SECOND,
                "the countdown",
                "return document.getElementById('count').textContent.includes(':');",
            );
            for message in &messages {
                if message.is_empty() {
                    show.act("clear_message", json!({}));
                } else {
                    show.act("message", json!({"text": message, "audience": "everyone"}));
                }
                browser.wait(
                    2 * SECOND,
                    "the message",
                    &format!(
                        "const m = document.getElementById('message'); return {} ? m.hidden : !m.hidden && m.textContent === {};",
                        message.is_empty(),
                        serde_json::to_string(message).unwrap()
                    ),
                );
                for &(width, height) in SIZES {
                    browser.resize_to(width, height);
                    let case = format!(
                        "{page}{} at {width}x{height} with a {}-character message",
                        if overrun { ", overrun" } else { "" },
                        message.chars().count()
                    );
                    let digits = browser.assert_digits_keep_their_room(&case);
                    // A long message clamps to three lines and ends in "…".
                    assert!(
                        digits["messageLines"].as_f64().unwrap() <= 3.0 || message.is_empty(),
                        "{case}: {digits}"
                    );
                    if overrun && *page != "before their slot" {
                        assert!(
                            digits["text"].as_str().unwrap().starts_with('+'),
                            "{case}: {digits}"
                        );
                    }
                    measured += 1;
                }
            }
        }
    }
    eprintln!("the digits kept their room in {measured} layouts");
    // Back to a phone in an overrun with a long message, for the README.
    browser.goto(&show.url(&format!("/speaker#token={VIEW}")));
    show.act(
        "message",
        json!({"text": latin.chars().take(120).collect::<String>(), "audience": "speakers"}),
    );
    browser.resize_to(390, 844);
    browser.wait(
        2 * SECOND,
        "the message",
        "return !document.getElementById('message').hidden;",
    );
    browser.screenshot("speaker-overrun-message-390x844");
}

#[test]
fn a_message_reaches_only_the_pages_it_is_for_and_a_named_speaker_sees_on_now() {
    // 09:45 Beijing: the panel is on (Yin Qiu moderating, Zhe WANG among
    // its speakers).
    let show = Show::start("browser-audience", "2022-06-01T09:45:00+08:00");
    let browser = Browser::start("audience");
    // Every change to the page is checked for the secret as it happens.
    let watch = |secret: &str| {
        browser.eval(&format!(
            "window.__leaked = false; const secret = {secret:?};
             const check = () => {{ if (document.documentElement.outerHTML.includes(secret)) window.__leaked = true; }};
             new MutationObserver(check).observe(document.documentElement,
               {{subtree: true, childList: true, characterData: true, attributes: true}});
             check(); return true;"
        ));
    };
    let pages = [
        "/speaker",
        "/speaker?name=Zhe%20WANG",
        "/speaker?name=Ying%20XIONG",
        "/overlay?parts=countdown,next,message",
    ];
    for (i, path) in pages.iter().enumerate() {
        browser.goto(&show.url(&format!("{path}#token={VIEW}")));
        browser.wait(
            5 * SECOND,
            "the page",
            "return document.getElementById('count').textContent.includes(':');",
        );
        let secret = format!("Zhe has lost audio, skip him ({i})");
        watch(&secret);
        show.act("message", json!({"text": secret}));
        // The moderator's note is in the state, for the moderator.
        assert_eq!(show.state()["message"], secret.as_str());
        assert_eq!(show.state()["message_audience"], "moderator");
        // A later message to the speakers arrives; the note never did.
        let later = format!("Two minutes left ({i})");
        show.act("message", json!({"text": later, "audience": "everyone"}));
        browser.wait(
            2 * SECOND,
            "the message to everyone",
            &format!("return document.getElementById('message').textContent === {later:?};"),
        );
        assert_eq!(
            browser.eval("return window.__leaked;"),
            Value::Bool(false),
            "{path}: the moderator's note reached the page"
        );
    }

    // A message to one speaker: on their page, not on another's.
    browser.goto(&show.url(&format!("/speaker?name=zhe%20wang#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "Zhe's page",
        "return document.getElementById('count').textContent.includes(':');",
    );
    show.act(
        "message",
        json!({"text": "Zhe: your mic is muted", "audience": "speaker:Zhe WANG"}),
    );
    browser.wait(
        2 * SECOND,
        "Zhe's message",
        "return document.getElementById('message').textContent === 'Zhe: your mic is muted';",
    );
    // Zhe's page says he is on: his name, ON NOW, marked on the list.
    assert_eq!(browser.text("label"), "ON NOW · Zhe WANG");
    assert_eq!(
        browser.eval("return document.querySelector('#speakers mark.you').textContent;"),
        json!("▶ Zhe WANG (you)")
    );
    assert!(
        browser
            .eval("return document.body.classList.contains('on-now');")
            .as_bool()
            .unwrap()
    );
    browser.assert_digits_keep_their_room("Zhe on now");
    browser.screenshot("speaker-on-now-1920x1080");
    browser.goto(&show.url(&format!("/speaker?name=Ying%20XIONG#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "Ying's page",
        "return document.getElementById('label').textContent === 'ON NOW · Ying XIONG';",
    );
    watch("your mic is muted");
    std::thread::sleep(SECOND);
    assert_eq!(browser.eval("return window.__leaked;"), Value::Bool(false));
    assert!(browser.text("message").is_empty());

    // The producer's page shows every message, saying who it is for.
    browser.goto(&show.url(&format!("/producer#token={CONTROL}")));
    browser.wait(
        5 * SECOND,
        "the producer's message",
        "return document.getElementById('message').textContent === 'Message to Zhe WANG only: Zhe: your mic is muted';",
    );
    // Its box says who will see what is typed, and sends it so.
    browser.eval(
        "const a = document.getElementById('audience'); a.value = 'speakers'; a.dispatchEvent(new Event('change')); return true;",
    );
    assert_eq!(browser.text("send"), "Send to every speaker");
    browser.eval("document.getElementById('message-text').value = 'Slides are back'; return true;");
    browser.click("#send");
    wait_until(2 * SECOND, "the message from the page", || {
        show.state()["message"] == "Slides are back"
    });
    assert_eq!(show.state()["message_audience"], "speakers");
    let status = show.status(show.state()["now"].as_str().unwrap());
    assert_eq!(status["message_audience"], "speakers");
}

/// The seed's show with texts in two languages and speakers who read
/// Chinese: Zhe WANG in Beijing (`zh-Hans`), Ying XIONG in California
/// (`zh-CN`, a tag showclock takes as `zh-Hans`); Cristiano Façanha reads
/// English.
fn in_two_languages(agenda: String) -> String {
    let event = "Supporting China to Accelerate Zero-Emission Medium- and Heavy-duty Vehicles";
    agenda
        .replacen(
            &format!("title = \"{event}\""),
            &format!("title = {{ en = \"{event}\", zh-Hans = \"支持中国加快中重型零排放车辆发展\" }}"),
            1,
        )
        .replacen(
            "title = \"Panel Discussion\"",
            "title = { en = \"Panel Discussion\", zh-Hans = \"圆桌讨论\" }",
            1,
        )
        .replacen(
            "organization = \"Rocky Mountain Institute\" }",
            "organization = \"Rocky Mountain Institute\", language = \"zh-Hans\", timezone = \"Asia/Shanghai\" }",
            1,
        )
        .replacen(
            "organization = \"China EV100\" }",
            "organization = \"China EV100\", language = \"zh-CN\", timezone = \"America/Los_Angeles\" }",
            1,
        )
        .replacen(
            "role_label = \"Facilitated by\"",
            "role_label = { en = \"Facilitated by\", zh-Hans = \"问答主持\" }",
            1,
        )
        .replacen(
            "organization = \"CALSTART\" },\n  { name = \"Huiming Gong\"",
            "organization = \"CALSTART\", language = \"en\" },\n  { name = \"Huiming Gong\"",
            1,
        )
}

impl Show {
    /// What the agenda gives in one language only, which every page shows
    /// as it is: the names, the clocks' labels, the titles not translated.
    fn untranslated(&self) -> Vec<String> {
        let answer = request(&self.endpoint(), "GET", "/v1/agenda", Some(VIEW), None).unwrap();
        let agenda: Value = serde_json::from_str(&answer.body).unwrap();
        let mut out = Vec::new();
        for clock in agenda["clocks"].as_array().unwrap() {
            out.push(clock["label"].as_str().unwrap().to_string());
        }
        for segment in agenda["segments"].as_array().unwrap() {
            out.extend(segment["title"].as_str().map(str::to_string));
            let people = segment["speakers"]
                .as_array()
                .unwrap()
                .iter()
                .chain(segment.get("moderator"));
            out.extend(
                people
                    .filter_map(|p| p["name"].as_str())
                    .map(str::to_string),
            );
        }
        out
    }
}

/// Words of four Latin letters or more on the page that are not in
/// `allowed` (the agenda's own words): English left over.
fn english_words(browser: &Browser, allowed: &[String]) -> Vec<String> {
    let text = browser.eval("return document.body.innerText + ' ' + document.title;");
    let text = text.as_str().unwrap();
    let allowed: Vec<&str> = allowed
        .iter()
        .flat_map(|a| a.split(|c: char| !c.is_ascii_alphabetic()))
        .collect();
    let mut left = Vec::new();
    for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.len() >= 4 && !allowed.contains(&word) {
            left.push(word.to_string());
        }
    }
    left
}

impl Browser {
    fn lang(&self) -> String {
        self.eval("return document.documentElement.lang;")
            .as_str()
            .unwrap()
            .to_string()
    }
}

#[test]
fn a_named_speakers_page_is_in_the_language_the_agenda_gives_them_or_lang_asks_for() {
    // 09:07 Beijing: the welcome is on; Zhe and Ying are on at 09:40.
    let show = Show::start_with("browser-zh", "2022-06-01T09:07:00+08:00", in_two_languages);
    let browser = Browser::start("zh");
    browser.goto(&show.url(&format!("/speaker?name=Zhe%20WANG#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "Zhe's page in Chinese",
        "return document.getElementById('label').textContent === '距你上场';",
    );
    assert_eq!(browser.lang(), "zh-Hans");
    assert_eq!(browser.text("event"), "支持中国加快中重型零排放车辆发展");
    assert_eq!(browser.text("title"), "圆桌讨论");
    assert_eq!(browser.text("speakers"), "Zhe WANG");
    // His slot on his own clock, with its day, as Chinese writes it.
    assert_eq!(
        browser.text("next"),
        "你的场次你的时间 6月1日 周三 09:40 上场（Beijing 09:40 · Pacific 下午6:40）"
    );
    let local = browser.text("local");
    assert!(local.starts_with("你的时间 周三 09:0"), "{local}");
    let clocks = browser.text("clocks");
    assert!(
        clocks.contains("Beijing周三 09:0") && clocks.contains("Pacific周二 下午6:0"),
        "{clocks}"
    );
    let left = english_words(&browser, &show.untranslated());
    assert!(left.is_empty(), "English on Zhe's page: {left:?}");
    assert!(browser.eval(FITS).as_bool().unwrap());
    browser.screenshot("speaker-zh-1920x1080");

    // Ying, in California: her slot in her zone, on its 12-hour clock.
    browser.goto(&show.url(&format!("/speaker?name=ying%20xiong#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "Ying's page in Chinese",
        "return document.getElementById('label').textContent === '距你上场';",
    );
    assert_eq!(browser.lang(), "zh-Hans");
    let next = browser.text("next");
    assert!(
        next.starts_with("你的场次你的时间 5月31日 周二 下午6:40 上场（"),
        "{next}"
    );
    let local = browser.text("local");
    assert!(local.starts_with("你的时间 周二 下午6:0"), "{local}");

    // ?lang= wins over the agenda: Zhe's page in English, his zone kept.
    browser.goto(&show.url(&format!("/speaker?name=Zhe%20WANG&lang=en#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "Zhe's page in English",
        "return document.getElementById('label').textContent === 'YOU ARE ON IN';",
    );
    assert_eq!(browser.lang(), "en");
    assert_eq!(browser.text("title"), "Panel Discussion");
    assert_eq!(
        browser.text("next"),
        "YOUat Wed 1 Jun 09:40 your time (09:40 Beijing · 6:40 PM Pacific)"
    );
    browser.screenshot("speaker-en-1920x1080");

    // A speaker the agenda gives no language, in Chinese by ?lang=; and
    // the stage's page, on now.
    browser.goto(&show.url(&format!(
        "/speaker?name=Yin%20Qiu&lang=zh-Hans#token={VIEW}"
    )));
    browser.wait(
        5 * SECOND,
        "Yin's page in Chinese",
        "return document.getElementById('label').textContent === '距你上场';",
    );
    assert_eq!(browser.lang(), "zh-Hans");
    let next = browser.text("next");
    let pattern = "你的场次你的时间 6月1日 周三 ";
    // Yin gives no zone: the device's (this machine's).
    let device = browser.eval("return Intl.DateTimeFormat().resolvedOptions().timeZone;");
    if device == "UTC" || device == "Etc/UTC" {
        assert!(
            next.starts_with(&format!("{pattern}01:25 上场（")),
            "{next}"
        );
    } else {
        assert!(next.starts_with("你的场次你的时间 "), "{next}");
    }
    let left = english_words(&browser, &show.untranslated());
    assert!(left.is_empty(), "English on Yin's page: {left:?}");

    browser.goto(&show.url(&format!("/speaker?lang=zh-Hans#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "the stage's page in Chinese",
        "return document.getElementById('next').textContent.startsWith('下一位');",
    );
    let next = browser.text("next");
    assert!(
        next.contains("你的时间 ") && next.contains("Beijing 09:10"),
        "{next}"
    );
    let left = english_words(&browser, &show.untranslated());
    assert!(left.is_empty(), "English on the stage's page: {left:?}");

    // Zhe on now, then over his time: in Chinese, his name marked.
    show.act("goto", json!({"index": 3}));
    browser.goto(&show.url(&format!("/speaker?name=zhe%20wang#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "Zhe on now, in Chinese",
        "return document.getElementById('label').textContent === '正在发言 · Zhe WANG';",
    );
    assert_eq!(
        browser.eval("return document.querySelector('#speakers mark.you').textContent;"),
        json!("▶ Zhe WANG（你）")
    );
    assert!(browser.text("speakers").starts_with("主持 Yin Qiu · "));
    let next = browser.text("next");
    assert!(
        next.starts_with("下一位Q&A — 问答主持 Yin Qiu你的时间 09:37 · "),
        "{next}"
    );
    show.act("extend", json!({"seconds": -1800}));
    browser.wait(
        2 * SECOND,
        "the overrun, in Chinese",
        "return document.getElementById('label').textContent === '超时 · Zhe WANG'
           && document.getElementById('count').textContent.startsWith('+');",
    );
    let left = english_words(&browser, &show.untranslated());
    assert!(left.is_empty(), "English on Zhe's page: {left:?}");
    // A canned message, kept in English by the journal, reads in Chinese.
    show.act(
        "message",
        json!({"text": "Wrap up", "audience": "everyone"}),
    );
    browser.wait(
        2 * SECOND,
        "the canned message, in Chinese",
        "return document.getElementById('message').textContent === '请收尾';",
    );

    // The landing page keeps ?lang= on its links.
    browser.goto(&show.url(&format!("/?lang=zh-Hans#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "the speakers",
        "return document.querySelectorAll('#people a').length > 5;",
    );
    assert_eq!(browser.text("event"), "支持中国加快中重型零排放车辆发展");
    assert_eq!(
        browser.eval("return [...document.querySelectorAll('a')].every(a => a.href.includes('lang=zh-Hans'));"),
        Value::Bool(true)
    );
}

#[test]
fn a_browser_that_asks_for_chinese_gets_the_pages_in_chinese_unless_the_agenda_or_lang_says() {
    let show = Show::start_with(
        "browser-accept",
        "2022-06-01T09:07:00+08:00",
        in_two_languages,
    );
    let browser = Browser::start_with("accept", &["--lang=zh-CN", "--accept-lang=zh-CN,zh"]);
    // Yin Qiu: no language in the agenda, so the browser's.
    browser.goto(&show.url(&format!("/speaker?name=Yin%20Qiu#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "Yin's page in Chinese",
        "return document.getElementById('label').textContent === '距你上场';",
    );
    assert_eq!(browser.lang(), "zh-Hans");
    assert_eq!(
        browser.text("title"),
        "Zero-emission truck real-world performance in U.S. and Europe and implications for China"
    );
    // Cristiano reads English (the agenda says so), and is on now.
    browser.goto(&show.url(&format!(
        "/speaker?name=Cristiano%20Fa%C3%A7anha#token={VIEW}"
    )));
    browser.wait(
        5 * SECOND,
        "Cristiano's page in English",
        "return document.getElementById('label').textContent === 'ON NOW · Cristiano Façanha';",
    );
    assert_eq!(browser.lang(), "en");
    // The producer's page, in Chinese, with its controls.
    browser.goto(&show.url(&format!("/producer#token={CONTROL}")));
    browser.wait(
        5 * SECOND,
        "the producer's page in Chinese",
        "return document.getElementById('phase').textContent.startsWith('进行中 · 第 1 项，共 6 项');",
    );
    assert_eq!(browser.text("next-button"), "下一项");
    assert_eq!(browser.text("send"), "发给主持人");
    let drift = browser.text("drift");
    assert!(
        drift.starts_with("准点 · 预计 Beijing 10:30 · Pacific 下午7:30 结束"),
        "{drift}"
    );
    let head = browser.eval("return document.getElementById('head').textContent;");
    assert_eq!(head, json!("#环节计划（Beijing · Pacific）预计实际±"));
    browser.screenshot("producer-zh-1920x1080");
    // ?lang=en wins over the browser.
    browser.goto(&show.url(&format!("/speaker?name=Yin%20Qiu&lang=en#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "Yin's page in English",
        "return document.getElementById('label').textContent === 'YOU ARE ON IN';",
    );
    // The overlay follows the browser too.
    browser.goto(&show.url(&format!("/overlay#token={VIEW}")));
    browser.wait(
        5 * SECOND,
        "the overlay in Chinese",
        "return document.getElementById('third').textContent.startsWith('下一位');",
    );
}
