//! `showclock serve` as a real process: the control token it saves and
//! reuses across restarts, and rehearsals served on a simulated clock.

mod common;

use common::serve::{Served, show_dir};
use showclock::net::{Endpoint, request};
use showclock::report::StateDocument;

#[cfg(unix)]
#[test]
fn a_generated_token_outlives_a_restart_until_replaced() {
    let (dir, agenda, journal) = show_dir("serve-token");
    let first = Served::start(&agenda, &journal, &["--share", "127.0.0.1:0"]);
    let token = first.value("control token");
    assert_eq!(token.len(), 22, "{token}");
    let saved = dir.join("agenda.token");
    assert!(
        first
            .value("token saved")
            .starts_with(&saved.display().to_string())
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&saved).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    drop(first); // kill -9

    let second = Served::start(&agenda, &journal, &["--share", "127.0.0.1:0"]);
    let endpoint = Endpoint::parse(&second.value("url")).unwrap();
    assert_eq!(
        second.value("control token"),
        token,
        "the same token after a restart"
    );
    assert!(
        second
            .value("token saved")
            .contains("from an earlier start")
    );
    let r = request(
        &endpoint,
        "POST",
        "/v1/control/start",
        Some(&token),
        Some(b""),
    )
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    drop(second);

    let third = Served::start(
        &agenda,
        &journal,
        &["--share", "127.0.0.1:0", "--new-token"],
    );
    let endpoint = Endpoint::parse(&third.value("url")).unwrap();
    let renewed = third.value("control token");
    assert_ne!(renewed, token);
    let r = request(
        &endpoint,
        "POST",
        "/v1/control/next",
        Some(&token),
        Some(b""),
    )
    .unwrap();
    assert_eq!(r.status, 401, "the replaced token no longer controls");
}

#[test]
fn a_rehearsal_is_served_on_its_simulated_clock() {
    let (dir, agenda, _journal) = show_dir("serve-rehearsal");
    let rehearsal = dir.join("agenda.rehearsal.jsonl");
    let served = Served::start(
        &agenda,
        &rehearsal,
        &[
            "--share",
            "127.0.0.1:0",
            "--token",
            "rehearsal-token",
            "--at",
            "2022-06-01T09:39:50+08:00",
            "--speed",
            "10",
        ],
    );
    let endpoint = Endpoint::parse(&served.value("url")).unwrap();
    assert!(served.value("clock").contains("x10"), "the clock is said");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let r = request(&endpoint, "GET", "/v1/state", None, None).unwrap();
    let state: StateDocument = serde_json::from_str(&r.body).unwrap();
    // 09:39:50 plus at least 15 s of show time: the 09:40 segment is on.
    assert_eq!(state.phase, "live");
    let current = state.current.expect("a segment is on");
    assert_eq!(current.title, "Panel Discussion");
    // A rehearsal never writes the live journal.
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_showclock"))
        .arg("serve")
        .arg(&agenda)
        .arg("--journal")
        .arg(dir.join("agenda.jsonl"))
        .args(["--share", "127.0.0.1:0", "--rehearse"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("live journal"), "{stderr}");
}
