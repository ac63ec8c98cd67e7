//! Two screens, for real: a serving instance (`--share`) and two
//! `showclock follow` processes, each in its own tmux pane, on loopback.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{BIN, Tmux, workdir};
use showclock::net::{Endpoint, request};

const TOKEN: &str = "e2e-control-token";
const SECOND: Duration = Duration::from_secs(1);

/// A show on the real clock, live now: a restarted server resumes it from
/// its journal (a rehearsal with `--at` would start afresh).
fn live_agenda(dir: &std::path::Path) -> std::path::PathBuf {
    let now = chrono::Utc::now();
    let at = |minutes: i64| {
        (now + chrono::TimeDelta::minutes(minutes))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let text = format!(
        r#"[event]
title = "Cross-border dialogue"
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
title = "Opening"
start = "{a}"
end = "{b}"
speakers = [{{ name = "Cristiano Façanha" }}]

[[segment]]
title = "Keynote"
start = "{b}"
end = "{c}"
speakers = [{{ name = "Huiming Gong" }}]

[[segment]]
title = "Panel"
start = "{c}"
end = "{d}"
"#,
        date = now.format("%Y-%m-%d"),
        a = at(-2),
        b = at(8),
        c = at(20),
        d = at(50),
    );
    let path = dir.join("live.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn followers_mirror_the_server_send_messages_and_survive_a_server_crash() {
    let dir = workdir("share");
    let agenda = live_agenda(&dir);
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    // The server: live, in the first segment, sharing on loopback.
    let serve = format!(
        "exec {BIN} {} --share {port} --token {TOKEN}",
        agenda.display()
    );
    let tmux = Tmux::new("share");
    tmux.start("server", &serve);
    let screen = tmux.wait_for(
        "server",
        &format!("SHARING http://127.0.0.1:{port}"),
        5 * SECOND,
    );
    assert!(
        screen.contains("token as given"),
        "the token given is not echoed:\n{screen}"
    );

    tmux.start(
        "producer",
        &format!("exec {BIN} follow {url} --view producer --token {TOKEN}"),
    );
    tmux.start("monitor", &format!("exec {BIN} follow {url}"));
    for pane in ["producer", "monitor"] {
        let screen = tmux.wait_for(pane, "NOW 1/3", 5 * SECOND);
        assert!(screen.contains("FOLLOWING"), "{pane}:\n{screen}");
        assert!(
            !screen.contains("REHEARSAL"),
            "the real clock:
{screen}"
        );
    }
    assert!(tmux.screen("monitor").contains("READ-ONLY"));

    // An action posted to the server appears on both followers.
    let endpoint = Endpoint::parse(&url).unwrap();
    let answer = request(&endpoint, "POST", "/v1/control/next", Some(TOKEN), None).unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    for pane in ["producer", "monitor", "server"] {
        tmux.wait_for(pane, "NOW 2/3", 3 * SECOND);
    }

    // The producer (with the token) sends a canned message: the server's screen shows it.
    tmux.keys("producer", &["1"]);
    tmux.wait_for("server", "MESSAGE to everyone: Wrap up", 3 * SECOND);
    tmux.wait_for("monitor", "MESSAGE to everyone: Wrap up", 3 * SECOND);
    // The monitor (no token) cannot act, and says why.
    tmux.keys("monitor", &["c"]);
    tmux.wait_for(
        "monitor",
        "read-only: this follower has no token",
        3 * SECOND,
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        tmux.screen("server")
            .contains("MESSAGE to everyone: Wrap up"),
        "the refused clear changed nothing"
    );

    // The server dies: both followers say so at once, and keep counting.
    let pid = tmux.pane_pid("server");
    assert!(
        Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    for pane in ["producer", "monitor"] {
        let screen = tmux.wait_for(pane, "DISCONNECTED: last update", 5 * SECOND);
        assert!(
            screen.contains("NOW 2/3"),
            "the last known state stays, marked stale:\n{screen}"
        );
    }

    // Restarted on the same journal, the server has the same show; the followers recover it.
    tmux.start("server2", &serve);
    tmux.wait_for("server2", "NOW 2/3", 5 * SECOND);
    for pane in ["producer", "monitor"] {
        let deadline = std::time::Instant::now() + 10 * SECOND;
        loop {
            let screen = tmux.screen(pane);
            let recovered = !screen.contains("DISCONNECTED") && screen.contains("FOLLOWING");
            if recovered
                && screen.contains("NOW 2/3")
                && screen.contains("MESSAGE to everyone: Wrap up")
            {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{pane} did not recover the show (segment 2, the message, no DISCONNECTED):\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
