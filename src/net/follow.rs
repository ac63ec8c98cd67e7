//! The follower: mirrors a show served elsewhere, over `GET /v1/events`.
//!
//! A background thread keeps a [`Session`] mirror (no local journal) up to
//! date, tracks the link (connected, or down since when, and when the
//! server was last heard), estimates the server's clock offset from its
//! heartbeats (and takes the show's clock, simulated in a rehearsal), and reconnects with backoff (250 ms doubling to 5 s) for as
//! long as the follower lives. After every reconnection the mirror is built
//! afresh from the server's agenda and journal: the authoritative state.
//!
//! Plain HTTP only: to follow a show across the internet, tunnel it (SSH).

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

use super::server::{Heartbeat, Hello};
use crate::agenda::{Agenda, LONGEST_SEGMENT};
use crate::show::{Action, Entry, Session, ShowClock};

/// With no byte from the server for this long, the link counts as down
/// (the server sends a heartbeat every second).
pub const LINK_TIMEOUT: Duration = Duration::from_millis(2500);
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// The hello event carries the whole agenda and journal.
const MAX_EVENT: usize = 64 * 1024 * 1024;
const MAX_RESPONSE_HEAD: usize = 16 * 1024;
/// Offset samples kept; the estimate is the largest (the least delayed).
const OFFSET_WINDOW: usize = 16;
/// A smaller change of the offset estimate does not wake the UI.
const OFFSET_NOTICE: TimeDelta = TimeDelta::milliseconds(50);

/// Where a show is served: `http://HOST:PORT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// As written (an IPv6 address without brackets).
    pub host: String,
    pub port: u16,
}

impl Endpoint {
    /// Parses `http://host:port` (a trailing `/` is fine; no other path).
    /// The scheme may be left out; without a port, 80 is meant.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let example = "e.g. http://127.0.0.1:8080 or http://192.168.1.20:8080";
        let lower = url.to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            return Err(format!(
                "{url:?}: https is not supported, showclock serves plain HTTP. To follow a show \
                 in another city, tunnel it: `ssh -N -L 8080:127.0.0.1:8080 USER@SERVER`, then \
                 follow http://127.0.0.1:8080"
            ));
        } else if lower.starts_with("http://") {
            &url["http://".len()..]
        } else if lower.contains("://") {
            return Err(format!(
                "{url:?}: only http:// URLs can be followed, {example}"
            ));
        } else {
            url
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if !(path.is_empty() || path == "/") {
            return Err(format!(
                "{url:?}: give the server's address without a path, {example}"
            ));
        }
        if authority.contains('@') {
            return Err(format!(
                "{url:?}: no user name in the URL; give the token with --token"
            ));
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let Some((host, after)) = v6.split_once(']') else {
                return Err(format!("{url:?}: unclosed [ in the address, {example}"));
            };
            match after {
                "" => (host, None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (host, Some(port)),
                    None => return Err(format!("{url:?}: malformed address, {example}")),
                },
            }
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        let port = match port {
            None => 80,
            Some(p) => match p.parse::<u16>() {
                Ok(p) if p > 0 => p,
                _ => return Err(format!("{url:?}: {p:?} is not a port number, {example}")),
            },
        };
        let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_' | '%');
        if host.is_empty()
            || !host.chars().all(valid)
            || (host.contains(':') && !authority.starts_with('['))
        {
            return Err(format!(
                "{url:?}: {host:?} is not a host name or address, {example}"
            ));
        }
        Ok(Self {
            host: host.to_string(),
            port,
        })
    }

    fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.authority())
    }

    fn connect(&self) -> io::Result<TcpStream> {
        let addrs: Vec<SocketAddr> = (self.host.as_str(), self.port).to_socket_addrs()?.collect();
        let mut last = io::Error::new(io::ErrorKind::NotFound, "the host name has no address");
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    return Ok(stream);
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url())
    }
}

/// A complete HTTP response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Response {
    /// The `error` of a JSON error body, or the body itself.
    pub fn error_text(&self) -> String {
        serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
            .unwrap_or_else(|| self.body.trim().to_string())
    }
}

/// One plain HTTP request (the connection closes after it). For scripts,
/// tests and [`Follower::post`].
pub fn request(
    endpoint: &Endpoint,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&[u8]>,
) -> io::Result<Response> {
    let mut stream = endpoint.connect()?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAccept: application/json\r\n",
        endpoint.authority()
    );
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body.unwrap_or_default());
    stream.write_all(&out)?;
    let mut reader = BufReader::new(stream);
    let (status, length) = read_response_head(&mut reader)?;
    let mut body = Vec::new();
    match length {
        Some(n) => {
            reader
                .take(n.min(MAX_EVENT as u64))
                .read_to_end(&mut body)?;
        }
        None => {
            reader.take(MAX_EVENT as u64).read_to_end(&mut body)?;
        }
    }
    Ok(Response {
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn invalid(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

/// Reads a line of at most `cap` bytes, without the line ending. `None` at
/// the end of the stream.
fn read_line_capped(reader: &mut impl BufRead, cap: usize) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return if line.is_empty() {
                Ok(None)
            } else {
                Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the stream ended mid-line",
                ))
            };
        }
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        line.extend_from_slice(&available[..take]);
        reader.consume(take);
        if line.len() > cap {
            return Err(invalid("a line from the server is too long"));
        }
        if done {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(line));
        }
    }
}

/// The status and Content-Length of a response.
fn read_response_head(reader: &mut impl BufRead) -> io::Result<(u16, Option<u64>)> {
    let status_line = read_line_capped(reader, MAX_RESPONSE_HEAD)?
        .ok_or_else(|| invalid("the server closed the connection without answering"))?;
    let status_line = String::from_utf8_lossy(&status_line);
    let status = status_line
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| invalid(format!("not an HTTP response: {status_line:?}")))?;
    let mut length = None;
    let mut total = 0;
    loop {
        let line = read_line_capped(reader, MAX_RESPONSE_HEAD)?
            .ok_or_else(|| invalid("the response ended in its headers"))?;
        total += line.len();
        if total > MAX_RESPONSE_HEAD {
            return Err(invalid("the response headers are too long"));
        }
        if line.is_empty() {
            return Ok((status, length));
        }
        let line = String::from_utf8_lossy(&line);
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
}

/// Why an action sent to the server did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostError {
    /// The server's status, if it answered.
    pub status: Option<u16>,
    pub message: String,
}

impl fmt::Display for PostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PostError {}

/// The path and JSON body of an action: `/v1/control/goto`, `{"index":2}`.
pub fn action_request(action: &Action) -> (String, Vec<u8>) {
    let mut fields = match serde_json::to_value(action) {
        Ok(serde_json::Value::Object(fields)) => fields,
        _ => serde_json::Map::new(),
    };
    fields.remove("action");
    let body = serde_json::Value::Object(fields).to_string().into_bytes();
    (format!("/v1/control/{}", action.name()), body)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Never connected yet: there is no mirror.
    Connecting,
    /// Receiving live updates.
    Connected,
    /// The link dropped; the mirror is as it was then (stale).
    Disconnected,
}

/// How the link to the server is doing.
#[derive(Debug, Clone)]
pub struct LinkStatus {
    pub state: LinkState,
    /// When the link entered this state.
    pub since: Instant,
    /// When the server was last heard (an entry or a heartbeat).
    pub last_update: Option<Instant>,
    /// Why the latest connection attempt failed, while not connected.
    pub problem: Option<String>,
    /// The server's wall clock minus this machine's, once known.
    pub clock_offset: Option<TimeDelta>,
    /// How many times the link has come up.
    pub connections: u32,
}

struct State {
    mirror: Option<Session>,
    /// The server's show clock (a rehearsal's is simulated).
    clock: ShowClock,
    link: LinkStatus,
    samples: VecDeque<TimeDelta>,
}

type Notify = Box<dyn Fn() + Send + Sync>;

struct Shared {
    state: Mutex<State>,
    stop: AtomicBool,
    /// The live connection, to cut it when the follower stops.
    stream: Mutex<Option<TcpStream>>,
    notify: Notify,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn stream(&self) -> MutexGuard<'_, Option<TcpStream>> {
        self.stream.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes the state under the lock, then wakes the UI if asked to.
    fn update(&self, change: impl FnOnce(&mut State) -> bool) {
        let changed = change(&mut self.state());
        if changed && !self.stop.load(Ordering::SeqCst) {
            (self.notify)();
        }
    }
}

/// Mirrors a served show. Dropping it stops its thread.
pub struct Follower {
    endpoint: Endpoint,
    token: Option<String>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Follower {
    /// Starts following `url` (`http://HOST:PORT`). `notify` is called from
    /// the follower's thread whenever the mirror, the link status or the
    /// clock offset changes; an app loop that waits on a channel passes
    /// e.g. `move || { let _ = tx.send(AppEvent::Network); }`. It must not
    /// block, and must not call back into the follower.
    ///
    /// Fails only on a bad URL or token; an unreachable server is retried
    /// for as long as the follower lives.
    pub fn connect(
        url: &str,
        token: Option<String>,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> Result<Self, String> {
        let endpoint = Endpoint::parse(url)?;
        if let Some(token) = &token {
            super::server::check_token(token).map_err(|e| format!("--token: {e}"))?;
        }
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                mirror: None,
                clock: ShowClock::Real,
                link: LinkStatus {
                    state: LinkState::Connecting,
                    since: Instant::now(),
                    last_update: None,
                    problem: None,
                    clock_offset: None,
                    connections: 0,
                },
                samples: VecDeque::new(),
            }),
            stop: AtomicBool::new(false),
            stream: Mutex::new(None),
            notify: Box::new(notify),
        });
        let thread = {
            let shared = Arc::clone(&shared);
            let endpoint = endpoint.clone();
            let token = token.clone();
            thread::Builder::new()
                .name("showclock-follow".into())
                .spawn(move || follow(&shared, &endpoint, token.as_deref()))
                .map_err(|e| format!("cannot start the follower thread: {e}"))?
        };
        Ok(Self {
            endpoint,
            token,
            shared,
            thread: Some(thread),
        })
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Without a token the follower can only watch.
    pub fn read_only(&self) -> bool {
        self.token.is_none()
    }

    /// Reads the mirror (`None` until the first connection) and the link
    /// status together, under the follower's lock: keep it short.
    pub fn with<R>(&self, read: impl FnOnce(Option<&Session>, &LinkStatus) -> R) -> R {
        let state = self.shared.state();
        read(state.mirror.as_ref(), &state.link)
    }

    pub fn link(&self) -> LinkStatus {
        self.shared.state().link.clone()
    }

    /// The server's wall clock minus this machine's (zero until known).
    pub fn clock_offset(&self) -> TimeDelta {
        self.shared.state().link.clock_offset.unwrap_or_default()
    }

    /// The server's show clock (real until the first hello says otherwise).
    pub fn show_clock(&self) -> ShowClock {
        self.shared.state().clock
    }

    /// The show's time now on the server, as well as it can be told: the
    /// instant to take snapshots of the mirror at. Follows a rehearsal's
    /// simulated clock as well as the real one.
    pub fn server_now(&self) -> DateTime<Utc> {
        let state = self.shared.state();
        let offset = state.link.clock_offset.unwrap_or_default();
        state.clock.show_time(Utc::now() + offset)
    }

    /// Sends an action to the server (blocking: up to a few seconds if the
    /// server is unreachable). The mirror changes when the server's event
    /// comes back, like everyone else's.
    pub fn post(&self, action: &Action) -> Result<Entry, PostError> {
        post(&self.endpoint, self.token.as_deref(), action)
    }

    /// [`Follower::post`] on a thread of its own; `done` gets the outcome.
    pub fn post_in_background(
        &self,
        action: Action,
        done: impl FnOnce(Result<Entry, PostError>) + Send + 'static,
    ) {
        let endpoint = self.endpoint.clone();
        let token = self.token.clone();
        let spawned = thread::Builder::new()
            .name("showclock-post".into())
            .spawn(move || done(post(&endpoint, token.as_deref(), &action)));
        if let Err(e) = spawned {
            // `done` went with the closure; nothing to tell it with.
            drop(e);
        }
    }

    /// Stops following. Returns within half a second; from then on
    /// `notify` is no longer called (bar a call already under way).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(stream) = self.shared.stream().as_ref() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            // A connection attempt to a host that does not answer can take
            // a few seconds: don't hold the caller for it. The thread ends
            // by itself once it sees the stop flag.
            let deadline = Instant::now() + Duration::from_millis(500);
            while !thread.is_finished() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(2));
            }
            if thread.is_finished() {
                let _ = thread.join();
            }
        }
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn post(endpoint: &Endpoint, token: Option<&str>, action: &Action) -> Result<Entry, PostError> {
    let (path, body) = action_request(action);
    let response = request(endpoint, "POST", &path, token, Some(&body)).map_err(|e| PostError {
        status: None,
        message: format!("cannot reach the server at {endpoint}: {e}"),
    })?;
    let status = Some(response.status);
    match response.status {
        200 => serde_json::from_str(&response.body).map_err(|e| PostError {
            status,
            message: format!("the server answered with something unexpected: {e}"),
        }),
        401 => Err(PostError {
            status,
            message: format!(
                "read-only: no or wrong token ({})",
                crate::text::inert(&response.error_text())
            ),
        }),
        _ => Err(PostError {
            status,
            message: crate::text::inert(&response.error_text()),
        }),
    }
}

/// The follower's thread: connect, mirror, and on any failure wait and
/// start again, until stopped.
fn follow(shared: &Shared, endpoint: &Endpoint, token: Option<&str>) {
    let mut backoff = FIRST_BACKOFF;
    while !shared.stop.load(Ordering::SeqCst) {
        let mut came_up = false;
        let problem = match run_link(shared, endpoint, token, &mut came_up) {
            Ok(()) => "the server closed the connection".to_string(),
            Err(problem) => problem,
        };
        *shared.stream() = None;
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        if came_up {
            backoff = FIRST_BACKOFF;
        }
        shared.update(|state| {
            let link = &mut state.link;
            let changed = link.problem.as_deref() != Some(problem.as_str())
                || link.state == LinkState::Connected;
            if link.state == LinkState::Connected {
                link.state = LinkState::Disconnected;
                link.since = Instant::now();
            }
            link.problem = Some(problem);
            changed
        });
        let until = Instant::now() + backoff;
        while !shared.stop.load(Ordering::SeqCst) {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            thread::park_timeout(left);
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// One connection, from the request to the failure that ends it.
fn run_link(
    shared: &Shared,
    endpoint: &Endpoint,
    token: Option<&str>,
    came_up: &mut bool,
) -> Result<(), String> {
    let stream = endpoint
        .connect()
        .map_err(|e| format!("cannot reach {endpoint}: {e}"))?;
    if let Ok(clone) = stream.try_clone() {
        *shared.stream() = Some(clone);
    }
    if shared.stop.load(Ordering::SeqCst) {
        return Ok(());
    }
    let _ = stream.set_read_timeout(Some(LINK_TIMEOUT));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut head = format!(
        "GET /v1/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n",
        endpoint.authority()
    );
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    head.push_str("\r\n");
    (&stream)
        .write_all(head.as_bytes())
        .map_err(|e| format!("cannot send to {endpoint}: {e}"))?;
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    let lost = |e: io::Error| match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => format!(
            "no word from the server for {:.1} s",
            LINK_TIMEOUT.as_secs_f64()
        ),
        _ => format!("the connection dropped: {e}"),
    };
    let (status, length) = read_response_head(&mut reader).map_err(lost)?;
    if status != 200 {
        let mut body = Vec::new();
        let _ = (&mut reader)
            .take(length.unwrap_or(4096).min(4096))
            .read_to_end(&mut body);
        let response = Response {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        return Err(format!(
            "the server refused ({status}): {}",
            crate::text::inert(&response.error_text())
        ));
    }
    let mut events = EventReader::default();
    loop {
        let Some(event) = events.next(&mut reader).map_err(lost)? else {
            return Ok(());
        };
        let received = Utc::now();
        match event.name.as_str() {
            "hello" => {
                let hello: Hello = serde_json::from_str(&event.data)
                    .map_err(|e| format!("the server sent a bad hello event: {e}"))?;
                check_agenda(&hello.agenda)
                    .map_err(|e| format!("the server's agenda is not usable: {e}"))?;
                let mirror = Session::mirror(hello.agenda, hello.journal)
                    .map_err(|e| format!("the server's journal does not replay: {e}"))?;
                *came_up = true;
                shared.update(|state| {
                    state.mirror = Some(mirror);
                    state.clock = hello.clock;
                    add_sample(state, hello.real_now - received);
                    let link = &mut state.link;
                    link.state = LinkState::Connected;
                    link.since = Instant::now();
                    link.last_update = Some(Instant::now());
                    link.problem = None;
                    link.connections += 1;
                    true
                });
            }
            "entry" if *came_up => {
                let entry: Entry = serde_json::from_str(&event.data)
                    .map_err(|e| format!("the server sent a bad entry: {e}"))?;
                let mut outcome = Ok(());
                shared.update(|state| {
                    state.link.last_update = Some(Instant::now());
                    let Some(mirror) = state.mirror.as_mut() else {
                        return false;
                    };
                    let expected = mirror.entries().len() + 1;
                    if event.id.is_some_and(|id| id != expected) {
                        outcome =
                            Err("an entry went missing; fetching the whole journal again"
                                .to_string());
                        return false;
                    }
                    match mirror.record(entry) {
                        Ok(()) => true,
                        Err(e) => {
                            outcome = Err(format!("the server's entry does not apply here: {e}"));
                            false
                        }
                    }
                });
                outcome?;
            }
            "heartbeat" if *came_up => {
                let beat: Heartbeat = serde_json::from_str(&event.data)
                    .map_err(|e| format!("the server sent a bad heartbeat: {e}"))?;
                let mut in_step = true;
                shared.update(|state| {
                    state.link.last_update = Some(Instant::now());
                    in_step = state
                        .mirror
                        .as_ref()
                        .is_some_and(|m| m.entries().len() == beat.journal_entries);
                    let before = state.link.clock_offset;
                    add_sample(state, beat.real_now - received);
                    match (before, state.link.clock_offset) {
                        (Some(a), Some(b)) => (a - b).abs() >= OFFSET_NOTICE,
                        _ => true,
                    }
                });
                if !in_step {
                    return Err(
                        "out of step with the server; fetching the whole journal again".into(),
                    );
                }
            }
            _ => {}
        }
    }
}

/// What the parser guarantees of a local agenda and the engine relies on,
/// checked for one that came over the network.
fn check_agenda(agenda: &Agenda) -> Result<(), String> {
    if agenda.segments.is_empty() {
        return Err("it has no segments".into());
    }
    if agenda.clocks.is_empty() {
        return Err("it has no clocks".into());
    }
    for (i, segment) in agenda.segments.iter().enumerate() {
        if segment.end <= segment.start || segment.end - segment.start > LONGEST_SEGMENT {
            return Err(format!("segment {i} has an impossible length"));
        }
        if i > 0 && segment.start < agenda.segments[i - 1].start {
            return Err(format!("segment {i} starts before the one above it"));
        }
    }
    Ok(())
}

fn add_sample(state: &mut State, sample: TimeDelta) {
    if state.samples.len() == OFFSET_WINDOW {
        state.samples.pop_front();
    }
    state.samples.push_back(sample);
    // The server's clock read `now` before the event travelled: every sample
    // is short by its own delay, so the largest is the best.
    state.link.clock_offset = state.samples.iter().max().copied();
}

struct Event {
    name: String,
    id: Option<usize>,
    data: String,
}

/// Server-Sent Events, as the spec frames them (`field: value` lines, a
/// blank line ends an event).
#[derive(Default)]
struct EventReader {
    name: String,
    id: Option<usize>,
    data: String,
}

impl EventReader {
    fn next(&mut self, reader: &mut impl BufRead) -> io::Result<Option<Event>> {
        loop {
            let Some(line) = read_line_capped(reader, MAX_EVENT)? else {
                return Ok(None);
            };
            if line.is_empty() {
                if self.data.is_empty() && self.name.is_empty() {
                    continue;
                }
                if self.data.ends_with('\n') {
                    self.data.pop();
                }
                let event = Event {
                    name: std::mem::take(&mut self.name),
                    id: self.id.take(),
                    data: std::mem::take(&mut self.data),
                };
                return Ok(Some(event));
            }
            let line =
                String::from_utf8(line).map_err(|_| invalid("the event stream is not UTF-8"))?;
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = match line.split_once(':') {
                Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
                None => (line.as_str(), ""),
            };
            match field {
                "event" => self.name = value.to_string(),
                "id" => self.id = value.parse().ok(),
                "data" => {
                    if self.data.len() + value.len() > MAX_EVENT {
                        return Err(invalid("an event from the server is too large"));
                    }
                    self.data.push_str(value);
                    self.data.push('\n');
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let e = Endpoint::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("127.0.0.1", 8080));
        assert_eq!(
            Endpoint::parse("HTTP://localhost:9").unwrap().url(),
            "http://localhost:9"
        );
        assert_eq!(Endpoint::parse("127.0.0.1:8080").unwrap().port, 8080);
        assert_eq!(Endpoint::parse("http://studio.local").unwrap().port, 80);
        let v6 = Endpoint::parse("http://[::1]:8080").unwrap();
        assert_eq!(v6.host, "::1");
        assert_eq!(v6.url(), "http://[::1]:8080");
        assert!(Endpoint::parse("https://x:1").unwrap_err().contains("ssh"));
        assert!(Endpoint::parse("ftp://x:1").is_err());
        assert!(
            Endpoint::parse("http://x:1/v1/state")
                .unwrap_err()
                .contains("without a path")
        );
        assert!(Endpoint::parse("http://a@x:1").is_err());
        assert!(Endpoint::parse("http://x:0").is_err());
        assert!(Endpoint::parse("http://x:99999").is_err());
        assert!(Endpoint::parse("http://:80").is_err());
        assert!(Endpoint::parse("http://[::1:80").is_err());
        assert!(Endpoint::parse("http://a b:80").is_err());
    }

    #[test]
    fn actions_become_requests() {
        assert_eq!(
            action_request(&Action::Goto { index: 2 }),
            ("/v1/control/goto".to_string(), b"{\"index\":2}".to_vec())
        );
        assert_eq!(
            action_request(&Action::ClearMessage),
            ("/v1/control/clear_message".to_string(), b"{}".to_vec())
        );
    }

    #[test]
    fn agendas_from_the_network_are_checked() {
        let text = "[event]\ntitle = \"T\"\ndate = 2030-01-01\ntimezone = \"UTC\"\n\
                    [[clock]]\nlabel = \"UTC\"\ntimezone = \"UTC\"\n\
                    [[segment]]\ntitle = \"A\"\nstart = \"09:00\"\nend = \"09:10\"\n\
                    [[segment]]\ntitle = \"B\"\nstart = \"09:10\"\nend = \"09:20\"\n";
        let agenda = crate::agenda::parse("t.toml", text).unwrap().agenda;
        assert!(check_agenda(&agenda).is_ok());
        let mut swapped = agenda.clone();
        swapped.segments.swap(0, 1);
        assert!(check_agenda(&swapped).is_err());
        let mut backwards = agenda.clone();
        backwards.segments[0].end = backwards.segments[0].start;
        assert!(check_agenda(&backwards).is_err());
        let mut empty = agenda.clone();
        empty.segments.clear();
        assert!(check_agenda(&empty).is_err());
        let mut no_clocks = agenda;
        no_clocks.clocks.clear();
        assert!(check_agenda(&no_clocks).is_err());
    }

    #[test]
    fn event_stream_framing() {
        let text = ": comment\nevent: hello\nid: 3\ndata: {\"a\":\ndata: 1}\n\n\nevent: heartbeat\r\ndata: x\r\n\r\n";
        let mut reader = io::Cursor::new(text.as_bytes());
        let mut events = EventReader::default();
        let first = events.next(&mut reader).unwrap().unwrap();
        assert_eq!(
            (first.name.as_str(), first.id, first.data.as_str()),
            ("hello", Some(3), "{\"a\":\n1}")
        );
        let second = events.next(&mut reader).unwrap().unwrap();
        assert_eq!(
            (second.name.as_str(), second.id, second.data.as_str()),
            ("heartbeat", None, "x")
        );
        assert!(events.next(&mut reader).unwrap().is_none());
    }
}
