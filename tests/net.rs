//! The network layer with real sockets, on 127.0.0.1 only: a server, its
//! followers, bad requests, the event stream, a server restart in process,
//! and `showclock serve` as a real process killed and restarted.
//!
//! Two `#[ignore]`d tests measure by hand (not in CI): `bench/net_latency.sh`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use showclock::agenda::{self, Agenda};
use showclock::net::{
    Access, Endpoint, Follower, Hub, LinkState, MAX_CONNECTIONS_PER_ADDRESS, Response,
    ServerHandle, request, serve,
};
use showclock::report::StateDocument;
use showclock::show::{Action, Entry, Session, ShowClock, SimulatedClock};

const TOKEN: &str = "control-token-for-tests";
const VIEW: &str = "view-token-for-tests";

const AGENDA: &str = r#"
[event]
title = "Net test"
date = 2030-06-01
timezone = "Asia/Shanghai"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"

[[segment]]
title = "One"
start = "09:00"
end = "09:10"

[[segment]]
title = "Two"
start = "09:10"
end = "09:40"

[[segment]]
title = "Three"
start = "09:40"
end = "10:30"
"#;

fn agenda() -> Agenda {
    agenda::parse("net.toml", AGENDA).unwrap().agenda
}

/// A journal file of its own for each test.
fn journal(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("showclock-net-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.jsonl"));
    let _ = std::fs::remove_file(&path);
    path
}

fn start(name: &str) -> (Arc<Hub>, ServerHandle) {
    start_with(
        &journal(name),
        Access::new(TOKEN),
        "127.0.0.1:0".parse().unwrap(),
    )
}

fn start_with(journal: &Path, access: Access, addr: SocketAddr) -> (Arc<Hub>, ServerHandle) {
    let hub = Hub::new(Session::open(agenda(), journal).unwrap());
    let server = serve(Arc::clone(&hub), addr, access).unwrap();
    (hub, server)
}

fn endpoint(server: &ServerHandle) -> Endpoint {
    Endpoint::parse(&server.url()).unwrap()
}

/// Polls until `condition` holds, failing after `seconds`.
fn wait_for(seconds: u64, what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn mirror_entries(follower: &Follower) -> Option<Vec<Entry>> {
    follower.with(|mirror, _| mirror.map(|m| m.entries().to_vec()))
}

fn control(server: &ServerHandle, action: &str, token: Option<&str>, body: &str) -> Response {
    request(
        &endpoint(server),
        "POST",
        &format!("/v1/control/{action}"),
        token,
        Some(body.as_bytes()),
    )
    .unwrap()
}

/// Sends raw bytes and reads the answer's head (status line and headers).
fn raw_head(server: &ServerHandle, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    answer
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Sends raw bytes and reads the first answer: its status and body.
fn raw(server: &ServerHandle, bytes: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // The server may answer and close before reading all of a bad request.
    let _ = stream.write_all(bytes);
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&answer).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(str::to_string)
                })
                .and_then(|n| n.trim().parse::<usize>().ok());
            if length.is_some_and(|n| body.len() >= n) {
                break;
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
        }
    }
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn an_action_posted_to_the_server_reaches_both_followers() {
    let (hub, server) = start("two-followers");
    let woken = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = channel();
    let a = Follower::connect(&server.url(), None, move || {
        let _ = tx.send(());
    })
    .unwrap();
    let count = Arc::clone(&woken);
    let b = Follower::connect(&format!("{}/", server.url()), None, move || {
        count.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap();
    // The channel wakes like an app loop would be woken.
    rx.recv_timeout(Duration::from_secs(3)).unwrap();
    wait_for(3, "both followers to connect", || {
        a.link().state == LinkState::Connected && b.link().state == LinkState::Connected
    });
    assert!(a.read_only());

    let response = control(&server, "start", Some(TOKEN), "");
    assert_eq!(response.status, 200, "{}", response.body);
    let entry: Entry = serde_json::from_str(&response.body).unwrap();
    assert_eq!(entry.action, Action::Start);
    let response = control(&server, "goto", Some(TOKEN), r#"{"index": 2}"#);
    assert_eq!(response.status, 200, "{}", response.body);

    let expected = hub.with(|s| s.entries().to_vec());
    assert_eq!(expected.len(), 2);
    for follower in [&a, &b] {
        wait_for(3, "the actions to reach a follower", || {
            mirror_entries(follower).as_ref() == Some(&expected)
        });
        let (mirrored, served) = follower.with(|mirror, _| {
            let now = chrono::Utc::now();
            let mirror = mirror.unwrap();
            (
                mirror.snapshot(now).current.map(|c| c.index),
                hub.with(|s| s.snapshot(now).current.map(|c| c.index)),
            )
        });
        assert_eq!(mirrored, Some(2));
        assert_eq!(mirrored, served);
    }
    assert!(woken.load(Ordering::SeqCst) >= 3, "connect and two entries");
    // On one machine the clocks agree: the offset is the loopback delay.
    let offset = a.clock_offset().num_milliseconds().abs();
    assert!(offset < 100, "offset {offset} ms");
}

#[test]
fn a_follower_with_the_token_controls_the_show_and_one_without_is_refused() {
    let (hub, server) = start("follower-posts");
    let producer = Follower::connect(&server.url(), Some(TOKEN.into()), || {}).unwrap();
    let watcher = Follower::connect(&server.url(), None, || {}).unwrap();
    let wrong = Follower::connect(&server.url(), Some("not-the-token".into()), || {}).unwrap();
    assert!(!producer.read_only());

    let entry = producer
        .post(&Action::Message {
            text: "Wrap up \u{1b}[2J".into(),
            audience: Default::default(),
        })
        .unwrap();
    assert_eq!(
        entry.action,
        Action::Message {
            text: "Wrap up \u{1b}[2J".into(),
            audience: Default::default()
        }
    );
    let message = hub.with(|s| s.snapshot(chrono::Utc::now()).message);
    assert_eq!(
        message.as_deref(),
        Some("Wrap up \u{1b}[2J"),
        "stored as sent"
    );

    for refused in [&watcher, &wrong] {
        let error = refused.post(&Action::ClearMessage).unwrap_err();
        assert_eq!(error.status, Some(401));
        assert!(
            error.message.starts_with("read-only: no or wrong token"),
            "{}",
            error.message
        );
    }
    assert_eq!(
        hub.with(|s| s.entries().len()),
        1,
        "refused actions leave no trace"
    );

    let (tx, rx) = channel();
    producer.post_in_background(Action::ClearMessage, move |outcome| {
        let _ = tx.send(outcome);
    });
    let outcome = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(outcome.unwrap().action, Action::ClearMessage);
    wait_for(3, "the watcher to see both entries", || {
        mirror_entries(&watcher).is_some_and(|e| e.len() == 2)
    });
}

#[test]
fn bad_requests_get_clear_answers() {
    let (hub, server) = start("bad-requests");
    let error = |response: &Response| response.error_text();

    let r = control(&server, "goto", Some(TOKEN), r#"{"index": 2"#);
    assert_eq!(r.status, 400);
    assert!(error(&r).contains("not valid JSON"), "{}", r.body);
    assert!(
        serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["error"].is_string(),
        "errors are JSON: {}",
        r.body
    );

    let r = control(&server, "goto", Some(TOKEN), r#"{"segment": 2}"#);
    assert_eq!(r.status, 400);
    assert!(error(&r).contains("\"index\""), "{}", r.body);

    let r = control(&server, "nxt", Some(TOKEN), "");
    assert_eq!(r.status, 404);
    assert!(error(&r).contains("did you mean \"next\""), "{}", r.body);

    let r = control(&server, "goto", Some(TOKEN), r#"{"index": 3}"#);
    assert_eq!(r.status, 422);
    assert!(error(&r).contains("numbered 0 to 2"), "{}", r.body);

    let r = control(&server, "extend", Some(TOKEN), r#"{"seconds": "60"}"#);
    assert_eq!(r.status, 400);

    let long = format!(r#"{{"text": "{}"}}"#, "x".repeat(201));
    let r = control(&server, "message", Some(TOKEN), &long);
    assert_eq!(r.status, 400);
    assert!(error(&r).contains("at most 200"), "{}", r.body);

    let huge = format!(r#"{{"text": "{}"}}"#, "x".repeat(5000));
    let r = control(&server, "message", Some(TOKEN), &huge);
    assert_eq!(r.status, 413);

    let r = control(&server, "next", None, "");
    assert_eq!(r.status, 401);
    assert!(error(&r).contains("Authorization: Bearer"), "{}", r.body);
    let head = raw_head(&server, b"POST /v1/control/next HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let head = head.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 401"), "{head}");
    assert!(
        head.contains("www-authenticate: bearer realm=\"showclock\""),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    let r = control(&server, "next", Some("wrong-token-1"), "");
    assert_eq!(r.status, 401);
    assert!(error(&r).contains("wrong token"), "{}", r.body);

    let e = endpoint(&server);
    let r = request(&e, "GET", "/v1/control/next", Some(TOKEN), None).unwrap();
    assert_eq!(r.status, 405);
    let r = request(&e, "POST", "/v1/state", Some(TOKEN), Some(b"{}")).unwrap();
    assert_eq!(r.status, 405);
    let r = request(&e, "GET", "/v1/stat", None, None).unwrap();
    assert_eq!(r.status, 404);
    assert!(error(&r).contains("did you mean /v1/state"), "{}", r.body);

    let (status, _) = raw(&server, b"HELLO\r\n\r\n");
    assert_eq!(status, 400);
    let (status, _) = raw(&server, b"\x00\xff\xfe garbage \r\n\r\n");
    assert_eq!(status, 400);
    // A chunked body is read like any other (it needs the token all the same).
    let chunked = format!(
        "POST /v1/control/message HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TOKEN}\r\n\
         Transfer-Encoding: chunked\r\n\r\n5\r\n{{\"tex\r\ne\r\nt\": \"chunked\"}}\r\n0\r\n\r\n"
    );
    let (status, body) = raw(&server, chunked.as_bytes());
    assert_eq!(status, 200, "{body}");
    let (status, _) = raw(
        &server,
        b"POST /v1/control/next HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    );
    assert_eq!(status, 401);
    let (status, _) = raw(&server, b"GET /v1/state HTTP/1.1\r\n\r\n");
    assert_eq!(status, 400, "no Host");
    let (status, _) = raw(&server, b"GET /v1/state HTTP/1.0\r\n\r\n");
    assert_eq!(status, 200, "HTTP/1.0 needs no Host");
    let expect = format!(
        "POST /v1/control/next HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TOKEN}\r\n\
         Expect: magic\r\nContent-Length: 0\r\n\r\n"
    );
    let (status, body) = raw(&server, expect.as_bytes());
    assert_eq!(status, 417, "{body}");
    let (status, _) = raw(
        &server,
        b"GET /v1/state HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\n",
    );
    assert_eq!(
        status, 200,
        "where viewing is open, another scheme is no bar"
    );
    let (status, _) = raw(
        &server,
        b"GET /v1/state HTTP/2.0\r\nHost: localhost\r\n\r\n",
    );
    assert!((400..=505).contains(&status) && status != 200, "{status}");
    let (status, _) = raw(
        &server,
        b"POST /v1/control/next HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nab",
    );
    assert!(
        (400..500).contains(&status),
        "a body shorter than announced: {status}"
    );
    let (status, _) = raw(
        &server,
        b"POST /v1/control/next HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n",
    );
    assert_eq!(status, 400);
    let (status, _) = raw(
        &server,
        b"GET  /v1/state HTTP/1.1\r\nHost: localhost\r\n\r\n",
    );
    assert_eq!(status, 400);
    let mut many = b"GET /v1/state HTTP/1.1\r\nHost: localhost\r\n".to_vec();
    for i in 0..65 {
        many.extend_from_slice(format!("X-{i}: a\r\n").as_bytes());
    }
    many.extend_from_slice(b"\r\n");
    assert_eq!(raw(&server, &many).0, 431, "too many headers");
    let mut head = b"GET /v1/state HTTP/1.1\r\nHost: localhost\r\nX-Long: ".to_vec();
    head.extend(std::iter::repeat_n(b'a', 20 * 1024));
    head.extend_from_slice(b"\r\n\r\n");
    let (status, _) = raw(&server, &head);
    assert_eq!(status, 431);
    // A body announced as huge is refused before it is sent.
    let (status, _) = raw(
        &server,
        b"POST /v1/control/message HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer control-token-for-tests\r\nContent-Length: 10000000000\r\n\r\n",
    );
    assert_eq!(status, 413);

    // None of that changed the show but the chunked message, and the
    // server still answers.
    assert_eq!(hub.with(|s| s.entries().len()), 1);
    let r = request(&e, "GET", "/v1/state", None, None).unwrap();
    assert_eq!(r.status, 200);
    let state: StateDocument = serde_json::from_str(&r.body).unwrap();
    assert_eq!(state.event, "Net test");
    assert_eq!(state.segments.len(), 3);
    let r = request(&e, "GET", "/v1/agenda", None, None).unwrap();
    assert_eq!(r.status, 200);
    let served: Agenda = serde_json::from_str(&r.body).unwrap();
    assert_eq!(served, agenda());
}

#[test]
fn clients_that_stall_do_not_block_others() {
    let (_hub, server) = start("stall");
    let idle: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr()).unwrap();
            s.write_all(b"GET /v1/state HTTP/1.1\r\nHo").unwrap();
            s
        })
        .collect();
    let r = request(&endpoint(&server), "GET", "/v1/state", None, None).unwrap();
    assert_eq!(r.status, 200);
    drop(idle);
}

#[test]
fn an_address_at_its_connection_cap_still_gets_a_new_request_served() {
    let (_hub, server) = start("cap");
    let idle: Vec<TcpStream> = (0..MAX_CONNECTIONS_PER_ADDRESS + 20)
        .map(|_| TcpStream::connect(server.addr()).unwrap())
        .collect();
    wait_for(3, "the server to take them all in", || {
        server.connections() >= MAX_CONNECTIONS_PER_ADDRESS
    });
    assert!(server.connections() <= MAX_CONNECTIONS_PER_ADDRESS);
    // The oldest idle connections made room; the new one is served.
    let r = control(&server, "next", Some(TOKEN), "");
    assert_eq!(r.status, 200, "{}", r.body);
    drop(idle);
}

#[test]
fn a_request_for_another_name_is_refused() {
    let (_hub, server) = start("host");
    // A web page that rebinds evil.example's address to 127.0.0.1.
    let (status, body) = raw(
        &server,
        b"GET /v1/state HTTP/1.1\r\nHost: evil.example:8080\r\n\r\n",
    );
    assert_eq!(status, 421, "{body}");
    assert!(body.contains("does not answer to the name"), "{body}");
    let (status, body) = raw(
        &server,
        format!(
            "POST /v1/control/next HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\n\
             Authorization: Bearer {TOKEN}\r\nContent-Length: 0\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(status, 403, "{body}");
    let port = server.addr().port();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
    ] {
        let (status, body) = raw(
            &server,
            format!("GET /v1/state HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(status, 200, "{host}: {body}");
    }
}

#[test]
fn a_post_from_another_origin_is_refused_by_scheme_host_and_port() {
    let (hub, server) = start("origin");
    let port = server.addr().port();
    let post = |origins: &[String]| {
        let origins: String = origins.iter().map(|o| format!("Origin: {o}\r\n")).collect();
        raw(
            &server,
            format!(
                "POST /v1/control/flash HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{origins}\
                 Authorization: Bearer {TOKEN}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        )
    };
    for foreign in [
        "http://localhost:9999".to_string(),
        format!("https://127.0.0.1:{port}"),
        format!("http://evil.example:{port}"),
        format!("http://127.0.0.1:{port}/producer"),
        "null".to_string(),
    ] {
        let (status, body) = post(std::slice::from_ref(&foreign));
        assert_eq!(status, 403, "{foreign}: {body}");
    }
    let (status, body) = post(&[
        format!("http://127.0.0.1:{port}"),
        "http://evil.example".to_string(),
    ]);
    assert_eq!(status, 403, "two Origin headers: {body}");
    assert!(body.contains("more than one Origin"), "{body}");
    assert_eq!(hub.with(|s| s.entries().len()), 0, "nothing was done");
    for own in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let (status, body) = post(std::slice::from_ref(&own));
        assert_eq!(status, 200, "{own}: {body}");
    }
    assert_eq!(hub.with(|s| s.entries().len()), 2);
}

#[test]
fn a_request_whose_client_half_closes_after_sending_is_answered() {
    let (hub, server) = start("half-close");
    let mut answered = 0;
    for i in 0..20 {
        let body = format!("{{\"text\": \"half {i}\"}}");
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
            .write_all(
                format!(
                    "POST /v1/control/message HTTP/1.1\r\nHost: localhost\r\n\
                     Authorization: Bearer {TOKEN}\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            )
            .unwrap();
        // Nothing more to send: the client says so, and waits for the answer.
        stream.shutdown(std::net::Shutdown::Write).unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        if answer.starts_with("HTTP/1.1 200") && answer.contains(&format!("half {i}")) {
            answered += 1;
        }
    }
    assert_eq!(answered, 20, "every half-closed request was answered");
    assert_eq!(hub.with(|s| s.entries().len()), 20, "and done once");
}

/// A POST with `Idempotency-Key: key`, on a connection of its own: the
/// answer's status, whether it says it is a replay, and its body.
fn keyed(server: &ServerHandle, action: &str, keys: &[&str], body: &str) -> (u16, bool, String) {
    let keys: String = keys
        .iter()
        .map(|k| format!("Idempotency-Key: {k}\r\n"))
        .collect();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
        .write_all(
            format!(
                "POST /v1/control/{action} HTTP/1.1\r\nHost: localhost\r\n{keys}\
                 Authorization: Bearer {TOKEN}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let replayed = head
        .to_ascii_lowercase()
        .contains("idempotent-replayed: true");
    (status, replayed, body.to_string())
}

#[test]
fn an_action_sent_again_under_its_idempotency_key_is_done_once_even_after_a_restart() {
    let path = journal("idempotency");
    let (hub, server) = start_with(&path, Access::new(TOKEN), "127.0.0.1:0".parse().unwrap());
    let message = r#"{"text": "Two minutes"}"#;
    let (status, replayed, first) = keyed(&server, "message", &["retry-me-1"], message);
    assert_eq!((status, replayed), (200, false), "{first}");
    let entry: Entry = serde_json::from_str(&first).unwrap();
    assert_eq!(entry.id.as_deref(), Some("retry-me-1"), "the key is the id");
    // A retry: the first answer, nothing done again.
    let (status, replayed, again) = keyed(&server, "message", &["retry-me-1"], message);
    assert_eq!(
        (status, replayed, again.as_str()),
        (200, true, first.as_str())
    );
    assert_eq!(hub.with(|s| s.entries().len()), 1);
    // The same key for another action is a mistake, said so.
    let (status, _, body) = keyed(&server, "next", &["retry-me-1"], "");
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("another action"), "{body}");
    // Keys that cannot be ids, and two keys, are refused before acting.
    let long = "k".repeat(65);
    for bad in [long.as_str(), "has space", "ключ", ""] {
        let (status, _, body) = keyed(&server, "next", &[bad], "");
        assert_eq!(status, 400, "{bad:?}: {body}");
    }
    let (status, _, body) = keyed(&server, "next", &["a-1", "a-2"], "");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("more than one Idempotency-Key"), "{body}");
    assert_eq!(hub.with(|s| s.entries().len()), 1);

    // The keys are kept with the journal: a restarted server knows them.
    drop(server);
    drop(hub);
    let (hub, server) = start_with(&path, Access::new(TOKEN), "127.0.0.1:0".parse().unwrap());
    let (status, replayed, after) = keyed(&server, "message", &["retry-me-1"], message);
    assert_eq!(
        (status, replayed, after.as_str()),
        (200, true, first.as_str())
    );
    let (status, replayed, _) = keyed(&server, "next", &["retry-me-2"], "");
    assert_eq!((status, replayed), (200, false));
    assert_eq!(hub.with(|s| s.entries().len()), 2);
}

#[test]
fn a_follower_sends_each_action_under_a_key_of_its_own() {
    let (hub, server) = start("follower-keys");
    let producer = Follower::connect(&server.url(), Some(TOKEN.into()), || {}).unwrap();
    let first = producer.post(&Action::Start).unwrap();
    let second = producer.post(&Action::Flash).unwrap();
    let ids: Vec<Option<String>> = hub.with(|s| s.entries().iter().map(|e| e.id.clone()).collect());
    assert_eq!(ids, [first.id.clone(), second.id.clone()]);
    let (first, second) = (first.id.unwrap(), second.id.unwrap());
    assert_ne!(first, second);
    assert!(first.len() >= 16, "{first}");
}

#[test]
fn the_serving_app_hears_of_actions_taken_over_the_network() {
    let (hub, server) = start("watch");
    let (tx, rx) = channel();
    hub.watch(move |entry| {
        let _ = tx.send(entry.action.clone());
    })
    .unwrap();
    let r = control(&server, "message", Some(TOKEN), r#"{"text": "2 minutes"}"#);
    assert_eq!(r.status, 200);
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(3)).unwrap(),
        Action::Message {
            text: "2 minutes".into(),
            audience: Default::default()
        }
    );
}

#[test]
fn a_rehearsal_is_served_and_followed_on_its_simulated_clock() {
    let agenda = agenda();
    let real_start = chrono::Utc::now();
    let clock = ShowClock::Simulated(SimulatedClock {
        real_start,
        show_start: agenda.start() - chrono::TimeDelta::seconds(30),
        speed: 10.0,
    });
    let session = Session::open(agenda.clone(), &journal("rehearsal")).unwrap();
    let hub = Hub::with_clock(session, clock);
    let server = serve(
        Arc::clone(&hub),
        "127.0.0.1:0".parse().unwrap(),
        Access::new(TOKEN),
    )
    .unwrap();
    let follower = Follower::connect(&server.url(), None, || {}).unwrap();
    wait_for(3, "the follower to connect", || {
        follower.link().state == LinkState::Connected
    });
    assert_eq!(follower.show_clock(), clock);
    let gap = (follower.server_now() - hub.now()).num_milliseconds().abs();
    assert!(
        gap < 500,
        "follower and server agree on the show's time: {gap} ms apart"
    );

    let r = control(&server, "next", Some(TOKEN), "");
    let entry: Entry = serde_json::from_str(&r.body).unwrap();
    assert!(
        (entry.at - hub.now()).num_seconds().abs() < 5,
        "actions are taken at the show's time"
    );
    let r = request(&endpoint(&server), "GET", "/v1/state", None, None).unwrap();
    let state: StateDocument = serde_json::from_str(&r.body).unwrap();
    assert_eq!(state.phase, "live");
    assert_eq!(state.current.map(|c| c.index), Some(0));
}

#[test]
fn viewing_can_need_a_token_and_the_view_token_cannot_control() {
    let access = Access::new(TOKEN).with_view_token(VIEW).view_needs_token();
    let (hub, server) = start_with(
        &journal("view-token"),
        access,
        "127.0.0.1:0".parse().unwrap(),
    );
    assert!(!server.view_open());
    let e = endpoint(&server);
    for path in ["/v1/state", "/v1/agenda", "/v1/events"] {
        let r = request(&e, "GET", path, None, None).unwrap();
        assert_eq!(r.status, 401, "{path}");
        let r = request(&e, "GET", path, Some("nope-nope-nope"), None).unwrap();
        assert_eq!(r.status, 401, "{path}");
    }
    for token in [TOKEN, VIEW] {
        let r = request(&e, "GET", "/v1/state", Some(token), None).unwrap();
        assert_eq!(r.status, 200);
    }
    let r = control(&server, "next", Some(VIEW), "");
    assert_eq!(r.status, 401);
    assert!(r.error_text().contains("view token"), "{}", r.body);

    let watcher = Follower::connect(&server.url(), Some(VIEW.into()), || {}).unwrap();
    let stranger = Follower::connect(&server.url(), None, || {}).unwrap();
    wait_for(3, "the view token to let a follower in", || {
        watcher.link().state == LinkState::Connected
    });
    wait_for(3, "the stranger to be told why", || {
        stranger
            .link()
            .problem
            .is_some_and(|p| p.contains("401") && p.contains("needs a token"))
    });
    assert_eq!(stranger.link().state, LinkState::Connecting);
    assert!(mirror_entries(&stranger).is_none());
    assert_eq!(
        watcher.post(&Action::Next).unwrap_err().status,
        Some(401),
        "a view token cannot cue"
    );
    assert_eq!(hub.with(|s| s.entries().len()), 0);
}

/// Reads one Server-Sent Event: (name, id, data).
fn read_event(reader: &mut impl BufRead) -> (String, Option<usize>, String) {
    let (mut name, mut id, mut data) = (String::new(), None, String::new());
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "stream ended");
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !name.is_empty() {
                return (name, id, data);
            }
            continue;
        }
        let (field, value) = line.split_once(": ").unwrap_or((line, ""));
        match field {
            "event" => name = value.to_string(),
            "id" => id = value.parse().ok(),
            "data" => data.push_str(value),
            other => panic!("unexpected field {other:?}"),
        }
    }
}

#[test]
fn the_event_stream_starts_with_agenda_and_journal_then_entries_in_order() {
    let (hub, server) = start("events");
    hub.act(Action::Start, chrono::Utc::now()).unwrap();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // HTTP/1.0: the stream comes as it is, not in chunks, to read here.
    stream
        .write_all(b"GET /v1/events HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    assert!(status.ends_with(" 200 OK\r\n"), "{status}");
    let mut content_type = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Type: ") {
            content_type = Some(v.trim().to_string());
        }
    }
    assert_eq!(content_type.as_deref(), Some("text/event-stream"));

    let (name, id, data) = read_event(&mut reader);
    assert_eq!((name.as_str(), id), ("hello", Some(1)));
    let hello: serde_json::Value = serde_json::from_str(&data).unwrap();
    let served: Agenda = serde_json::from_value(hello["agenda"].clone()).unwrap();
    assert_eq!(served, agenda());
    let journal: Vec<Entry> = serde_json::from_value(hello["journal"].clone()).unwrap();
    assert_eq!(journal, hub.with(|s| s.entries().to_vec()));
    assert!(hello["now"].is_string());
    assert!(hello["real_now"].is_string());
    assert_eq!(hello["clock"]["kind"], "real");

    let actions = [
        Action::Next,
        Action::Extend { seconds: 60 },
        Action::Message {
            text: "two\nlines".into(),
            audience: Default::default(),
        },
        Action::Prev,
    ];
    for action in &actions {
        hub.act(action.clone(), chrono::Utc::now()).unwrap();
    }
    let mut seen = Vec::new();
    let mut heartbeats = 0;
    let started = Instant::now();
    while seen.len() < actions.len() || heartbeats == 0 {
        let (name, id, data) = read_event(&mut reader);
        match name.as_str() {
            "entry" => {
                assert_eq!(id, Some(seen.len() + 2), "ids count the journal");
                seen.push(serde_json::from_str::<Entry>(&data).unwrap().action);
            }
            "heartbeat" => {
                let beat: serde_json::Value = serde_json::from_str(&data).unwrap();
                assert!(beat["now"].is_string());
                heartbeats += 1;
            }
            other => panic!("unexpected event {other}"),
        }
    }
    assert_eq!(seen, actions);
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "a heartbeat comes at least every 2 s"
    );
}

#[test]
fn followers_notice_a_dead_server_and_recover_the_state_from_its_successor() {
    let path = journal("restart");
    let (hub, server) = start_with(&path, Access::new(TOKEN), "127.0.0.1:0".parse().unwrap());
    let addr = server.addr();
    let followers: Vec<Follower> = (0..2)
        .map(|_| Follower::connect(&server.url(), None, || {}).unwrap())
        .collect();
    hub.act(Action::Start, chrono::Utc::now()).unwrap();
    for f in &followers {
        wait_for(3, "the first entry", || {
            mirror_entries(f).is_some_and(|e| e.len() == 1)
        });
    }

    let stopped = Instant::now();
    server.stop();
    // A successor opens the journal once this show has let go of it (one
    // writer per journal), as a restarted process would.
    let old_show = Arc::downgrade(&hub);
    drop(hub);
    for f in &followers {
        wait_for(3, "the followers to see the link drop", || {
            f.link().state == LinkState::Disconnected
        });
    }
    assert!(stopped.elapsed() < Duration::from_secs(3));
    let link = followers[0].link();
    assert!(link.last_update.is_some_and(|t| t <= Instant::now()));
    assert!(link.problem.is_some());
    // The stale mirror is kept (the UI keeps counting, with a banner).
    assert_eq!(mirror_entries(&followers[0]).map(|e| e.len()), Some(1));

    // The successor replays the same journal and moves on before the
    // followers are back: they must take its whole state, not just resume.
    wait_for(3, "the old show to close its journal", || {
        old_show.upgrade().is_none()
    });
    let hub = Hub::new(Session::open(agenda(), &path).unwrap());
    hub.act(Action::Next, chrono::Utc::now()).unwrap();
    hub.act(
        Action::Message {
            text: "Back".into(),
            audience: Default::default(),
        },
        chrono::Utc::now(),
    )
    .unwrap();
    let server = serve(Arc::clone(&hub), addr, Access::new(TOKEN)).unwrap();
    let expected = hub.with(|s| s.entries().to_vec());
    assert_eq!(expected.len(), 3);
    for f in &followers {
        wait_for(8, "the followers to come back", || {
            f.link().state == LinkState::Connected && mirror_entries(f).as_ref() == Some(&expected)
        });
        let link = f.link();
        assert_eq!(link.connections, 2);
        assert!(link.problem.is_none());
    }
    // And they follow live again.
    let r = control(&server, "next", Some(TOKEN), "");
    assert_eq!(r.status, 200);
    for f in &followers {
        wait_for(3, "a live entry after the restart", || {
            mirror_entries(f).is_some_and(|e| e.len() == 4)
        });
    }
}

#[test]
fn a_follower_of_nothing_keeps_trying_and_stops_cleanly() {
    // Find a free port, then leave it closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let woken = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&woken);
    let follower = Follower::connect(&format!("http://127.0.0.1:{port}"), None, move || {
        count.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap();
    wait_for(3, "the failure to be reported", || {
        follower.link().problem.is_some()
    });
    let link = follower.link();
    assert_eq!(link.state, LinkState::Connecting);
    assert!(link.problem.unwrap().contains("cannot reach"));
    assert!(woken.load(Ordering::SeqCst) >= 1);
    let stopping = Instant::now();
    follower.stop();
    assert!(stopping.elapsed() < Duration::from_secs(1));
    assert!(
        Follower::connect("ftp://127.0.0.1:1", None, || {})
            .err()
            .unwrap()
            .contains("only http:// and https://")
    );
}

// ---- Measured by hand ---------------------------------------------------

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// 1 server, 20 followers (or `SHOWCLOCK_BENCH_FOLLOWERS`) on loopback:
/// from `POST /v1/control/next` being sent to each follower's mirror
/// holding the new entry.
#[test]
#[ignore = "benchmark: run by hand with --release"]
fn bench_post_to_followers() {
    let count: usize = std::env::var("SHOWCLOCK_BENCH_FOLLOWERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    const ROUNDS: usize = 200;
    // SHOWCLOCK_BENCH_JOURNAL=/dev/shm/x.jsonl puts the journal on tmpfs,
    // to tell the network's share from the disk's fsync.
    let path =
        std::env::var("SHOWCLOCK_BENCH_JOURNAL").map_or_else(|_| journal("bench"), PathBuf::from);
    let _ = std::fs::remove_file(&path);
    let (hub, server) = start_with(&path, Access::new(TOKEN), "127.0.0.1:0".parse().unwrap());
    // For each follower, when it first held each journal length.
    let arrivals: Arc<Mutex<Vec<Vec<Option<Instant>>>>> =
        Arc::new(Mutex::new(vec![vec![None; ROUNDS * 2 + 2]; count]));
    let followers: Vec<Arc<Mutex<Option<Follower>>>> =
        (0..count).map(|_| Arc::new(Mutex::new(None))).collect();
    let mut handles = Vec::new();
    for (i, slot) in followers.iter().enumerate() {
        let (tx, rx) = channel::<()>();
        let follower = Follower::connect(&server.url(), None, move || {
            let _ = tx.send(());
        })
        .unwrap();
        *slot.lock().unwrap() = Some(follower);
        // Like an app loop: woken by the channel, then reads the mirror.
        let slot = Arc::clone(slot);
        let arrivals = Arc::clone(&arrivals);
        handles.push(std::thread::spawn(move || {
            while rx.recv().is_ok() {
                let now = Instant::now();
                let guard = slot.lock().unwrap();
                let Some(f) = guard.as_ref() else { return };
                let len = f.with(|m, _| m.map_or(0, |m| m.entries().len()));
                let mut a = arrivals.lock().unwrap();
                if let Some(cell) = a[i].get_mut(len) {
                    cell.get_or_insert(now);
                }
            }
        }));
    }
    wait_for(5, "all followers to connect", || {
        followers.iter().all(|f| {
            f.lock()
                .unwrap()
                .as_ref()
                .is_some_and(|f| f.link().state == LinkState::Connected)
        })
    });
    let e = endpoint(&server);
    let mut latencies = Vec::new();
    let mut answered = Vec::new();
    for round in 0..ROUNDS {
        // Alternate next and prev so the show never runs out of segments.
        let action = if round % 2 == 0 { "next" } else { "prev" };
        let sent = Instant::now();
        let r = request(
            &e,
            "POST",
            &format!("/v1/control/{action}"),
            Some(TOKEN),
            Some(b""),
        )
        .unwrap();
        answered.push(sent.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(r.status, 200);
        let len = round + 1;
        wait_for(5, "every follower to have the entry", || {
            arrivals.lock().unwrap().iter().all(|a| a[len].is_some())
        });
        for a in arrivals.lock().unwrap().iter() {
            latencies.push(a[len].unwrap().duration_since(sent).as_secs_f64() * 1000.0);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    latencies.sort_by(f64::total_cmp);
    answered.sort_by(f64::total_cmp);
    println!(
        "POST answered (journal fsync included): p50 {:.2} ms, p99 {:.2} ms",
        percentile(&answered, 50.0),
        percentile(&answered, 99.0)
    );
    println!(
        "POST /v1/control/next|prev -> {count} followers, {ROUNDS} rounds, {} samples: \
         p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        latencies.len(),
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
        latencies.last().unwrap()
    );
    assert_eq!(hub.with(|s| s.entries().len()), ROUNDS);
    for slot in &followers {
        if let Some(f) = slot.lock().unwrap().take() {
            f.stop();
        }
    }
    for h in handles {
        h.join().unwrap();
    }
}

/// Runs only as the child of `bench_idle_follower_cpu`: one follower, idle.
#[test]
#[ignore = "child process of bench_idle_follower_cpu"]
fn bench_child_follower() {
    let Ok(url) = std::env::var("SHOWCLOCK_BENCH_FOLLOW") else {
        return;
    };
    let (tx, rx) = channel();
    let follower = Follower::connect(&url, None, move || {
        let _ = tx.send(());
    })
    .unwrap();
    wait_for(5, "the child to connect", || {
        follower.link().state == LinkState::Connected
    });
    println!("CHILD CONNECTED");
    let until = Instant::now() + Duration::from_secs(40);
    // Like an app loop: wake on the follower's notice (or a 1 s tick).
    while Instant::now() < until {
        let _ = rx.recv_timeout(Duration::from_secs(1));
        let _ = follower.with(|m, l| (m.map(|m| m.entries().len()), l.state));
    }
}

/// CPU of a follower process sitting idle (heartbeats only), from /proc.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "benchmark: run by hand with --release"]
fn bench_idle_follower_cpu() {
    const SECONDS: u64 = 30;
    let (_hub, server) = start("idle");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "bench_child_follower",
            "--nocapture",
        ])
        .env("SHOWCLOCK_BENCH_FOLLOW", server.url())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines.any(|l| l.is_ok_and(|l| l.contains("CHILD CONNECTED"))),
        "the child follower connected"
    );
    // Nanoseconds on a CPU, summed over the process's threads.
    let cpu_ns = |pid: u32| -> u64 {
        std::fs::read_dir(format!("/proc/{pid}/task"))
            .unwrap()
            .filter_map(|task| {
                let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
                stat.split(' ').next()?.parse::<u64>().ok()
            })
            .sum()
    };
    std::thread::sleep(Duration::from_secs(2));
    let before = cpu_ns(child.id());
    std::thread::sleep(Duration::from_secs(SECONDS));
    let after = cpu_ns(child.id());
    assert!(
        child.try_wait().unwrap().is_none(),
        "the follower ran all along"
    );
    let _ = child.kill();
    let _ = child.wait();
    let percent = (after - before) as f64 / 1e9 / SECONDS as f64 * 100.0;
    println!(
        "idle follower process: {:.2} ms of CPU in {SECONDS} s = {percent:.4}% of a core",
        (after - before) as f64 / 1e6
    );
}

// ---- Real processes -------------------------------------------------------

/// `showclock serve` as a real process, its stdout read line by line.
struct Child {
    process: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Child {
    fn serve(agenda: &Path, share: &str, journal: &Path, token: Option<&str>) -> Self {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_showclock"));
        command
            .arg("serve")
            .arg(agenda)
            .args(["--share", share, "--journal"])
            .arg(journal);
        if let Some(token) = token {
            command.args(["--token", token]);
        }
        let mut process = command
            .env_remove("SHOWCLOCK_TOKEN")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = process.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Self { process, lines }
    }

    /// The value of the first `key: value` line printed.
    fn value(&self, key: &str) -> String {
        self.try_value(key)
            .unwrap_or_else(|| panic!("the server never printed {key:?}"))
    }

    /// The value of the first `key: value` line printed, or `None` if the
    /// server stopped (or said nothing for 10 s) before printing it.
    fn try_value(&self, key: &str) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self.lines.recv_timeout(left).ok()?;
            if let Some(value) = line.strip_prefix(&format!("{key}: ")) {
                return Some(value.to_string());
            }
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

#[cfg(unix)]
#[test]
fn a_killed_server_process_is_noticed_and_its_restart_recovered() {
    let journal = journal("process");
    let agenda = journal.with_extension("toml");
    std::fs::write(&agenda, AGENDA).unwrap();

    let first = Child::serve(&agenda, "127.0.0.1:0", &journal, None);
    let url = first.value("url");
    let token = first.value("control token");
    assert_eq!(token.len(), 22, "a generated token: {token}");
    assert!(first.value("viewing").starts_with("open"));
    let addr = url.strip_prefix("http://").unwrap().to_string();

    let producer = Follower::connect(&url, Some(token.clone()), || {}).unwrap();
    let watcher = Follower::connect(&url, None, || {}).unwrap();
    producer.post(&Action::Start).unwrap();
    producer
        .post(&Action::Message {
            text: "Your mic is muted".into(),
            audience: Default::default(),
        })
        .unwrap();
    let state = request(&producer.endpoint().clone(), "GET", "/v1/state", None, None).unwrap();
    let state: StateDocument = serde_json::from_str(&state.body).unwrap();
    assert_eq!(state.message.as_deref(), Some("Your mic is muted"));
    assert_eq!(
        watcher.post(&Action::Next).unwrap_err().status,
        Some(401),
        "without the token"
    );
    for f in [&producer, &watcher] {
        wait_for(3, "both entries", || {
            mirror_entries(f).is_some_and(|e| e.len() == 2)
        });
    }

    drop(first); // kill -9
    let killed = Instant::now();
    for f in [&producer, &watcher] {
        wait_for(3, "the link to drop", || {
            f.link().state == LinkState::Disconnected
        });
    }
    assert!(killed.elapsed() < Duration::from_secs(3));

    // Another test may bind the freed port for a moment: try again then.
    let mut second = None;
    for _ in 0..50 {
        let child = Child::serve(&agenda, &addr, &journal, Some(&token));
        if let Some(again) = child.try_value("url") {
            assert_eq!(again, url);
            second = Some(child);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut second = second.expect("the server restarts on its address");
    assert_eq!(second.value("control token"), "as given with --token");
    producer.post(&Action::Next).unwrap();
    let expected = showclock::show::read_journal(&journal).unwrap();
    assert_eq!(expected.len(), 3, "the journal survived the kill");
    for f in [&producer, &watcher] {
        wait_for(8, "the followers to recover", || {
            f.link().state == LinkState::Connected && mirror_entries(f).as_ref() == Some(&expected)
        });
    }

    // SIGTERM stops it cleanly.
    let status = std::process::Command::new("kill")
        .args(["-TERM", &second.process.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        second.value("showclock"),
        "stopped",
        "the server said it stopped"
    );
    let exit = second.process.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn serve_explains_what_it_cannot_do() {
    let journal = journal("serve-errors");
    let agenda = journal.with_extension("toml");
    std::fs::write(&agenda, AGENDA).unwrap();
    let (_hub, taken) = start("serve-errors-taken");
    let port = taken.addr().port().to_string();
    let cases: [(&[&str], &str); 4] = [
        (&["--share", "nonsense"], "--share"),
        (
            &["--share", "0", "--token", "short"],
            "at least 8 characters",
        ),
        (
            &[
                "--share",
                "0",
                "--token",
                "same-token",
                "--view-token",
                "same-token",
            ],
            "different",
        ),
        (&["--share", &port], "another program uses that port"),
    ];
    for (args, expected) in cases {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_showclock"))
            .arg("serve")
            .arg(&agenda)
            .args(["--journal"])
            .arg(&journal)
            .args(args)
            .env_remove("SHOWCLOCK_TOKEN")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

/// A sharing instance with nobody connected: how often its threads wake
/// (context switches, from /proc) and how much memory it holds.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "benchmark: run by hand with --release"]
fn bench_idle_server() {
    const SECONDS: u64 = 30;
    let journal = journal("idle-server");
    let agenda = journal.with_extension("toml");
    std::fs::write(&agenda, AGENDA).unwrap();
    let server = Child::serve(&agenda, "127.0.0.1:0", &journal, Some(TOKEN));
    let _ = server.value("url");
    let pid = server.process.id();
    // Context switches summed over the process's threads.
    let switches = || -> u64 {
        std::fs::read_dir(format!("/proc/{pid}/task"))
            .unwrap()
            .filter_map(|task| {
                let status = std::fs::read_to_string(task.ok()?.path().join("status")).ok()?;
                Some(
                    status
                        .lines()
                        .filter(|l| l.contains("ctxt_switches"))
                        .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                        .sum::<u64>(),
                )
            })
            .sum()
    };
    std::thread::sleep(Duration::from_secs(2));
    let before = switches();
    std::thread::sleep(Duration::from_secs(SECONDS));
    let after = switches();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
            .unwrap_or_default()
    };
    println!(
        "idle sharing instance: {:.2} wake-ups/s over {SECONDS} s, VmRSS {} kB, VmHWM {} kB",
        (after - before) as f64 / SECONDS as f64,
        field("VmRSS:"),
        field("VmHWM:")
    );
}
