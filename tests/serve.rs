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

/// A GET with `headers`, as raw HTTP/1.1: the status line and headers, and
/// the body's bytes (as sent, chunked or not).
fn get(url: &str, path: &str, headers: &[(&str, &str)]) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    (head, answer[split + 4..].to_vec())
}

#[test]
fn the_json_is_the_same_bytes_whatever_language_is_asked_for() {
    let (dir, agenda, _) = show_dir("serve-languages");
    // Texts in two languages, and a speaker whose page is in Chinese.
    let text = std::fs::read_to_string(&agenda).unwrap();
    let text = text
        .replacen(
            "title = \"Panel Discussion\"",
            "title = { en = \"Panel Discussion\", zh-Hans = \"圆桌讨论\" }",
            1,
        )
        .replacen(
            "organization = \"Rocky Mountain Institute\" }",
            "organization = \"Rocky Mountain Institute\", language = \"zh-Hans\" }",
            1,
        );
    std::fs::write(&agenda, text).unwrap();
    let served = Served::start(
        &agenda,
        &dir.join("agenda.rehearsal.jsonl"),
        &[
            "--share",
            "127.0.0.1:0",
            "--token",
            "language-token",
            "--at",
            "2022-06-01T09:45:00+08:00",
            // The show's clock all but still: `now` stays on its second.
            "--speed",
            "0.01",
        ],
    );
    let url = served.value("url");
    let auth = ("Authorization", "Bearer language-token");
    let asked: [(&str, &[(&str, &str)]); 5] = [
        ("?lang=zh-Hans", &[auth]),
        ("", &[auth, ("Accept-Language", "zh-CN,zh;q=0.9")]),
        ("?lang=zh-Hans", &[auth, ("Accept-Language", "zh-CN")]),
        ("?lang=en", &[auth, ("Accept-Language", "zh")]),
        (
            "?lang=fr",
            &[auth, ("Accept-Language", "zh-Hans, en;q=0.1")],
        ),
    ];
    for path in ["/v1/state", "/v1/agenda"] {
        // The same bytes, in one round of asking (a round that crosses a
        // second of the show is asked again).
        let same = (0..3).any(|_| {
            let (head, plain) = get(&url, path, &[auth]);
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
            asked.iter().all(|(query, headers)| {
                let (head, body) = get(&url, &format!("{path}{query}"), headers);
                assert!(head.starts_with("HTTP/1.1 200"), "{path}{query}: {head}");
                body == plain
            })
        });
        assert!(same, "{path} changes with the language asked for");
    }
    let endpoint = Endpoint::parse(&url).unwrap();
    let answer = request(&endpoint, "GET", "/v1/agenda", Some("language-token"), None).unwrap();
    let agenda_json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(
        agenda_json["segments"][3]["title"],
        serde_json::json!({"en": "Panel Discussion", "zh-Hans": "圆桌讨论"})
    );
    let answer = request(&endpoint, "GET", "/v1/state", Some("language-token"), None).unwrap();
    let state: StateDocument = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(state.current.unwrap().title, "Panel Discussion");
    // The pages themselves do change.
    let (head, page) = get(&url, "/speaker", &[("Accept-Language", "zh-CN,zh;q=0.9")]);
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("<html lang=\"zh-Hans\""), "{page}");
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-language: zh-hans"), "{head}");
    assert!(head.contains("vary: accept-language"), "{head}");
}
