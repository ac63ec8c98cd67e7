//! The HTTP server that shares a show: state, agenda, a live event stream
//! and control actions, on plain threads (one per connection, capped).
//!
//! Endpoints:
//! - `GET /v1/state`: the state document (as `status --json`) at the show's
//!   time now (the hub's clock: real, or a rehearsal's simulated one).
//! - `GET /v1/agenda`: the agenda as JSON.
//! - `GET /v1/events`: Server-Sent Events: `hello` (agenda, journal, the
//!   show's clock and time, the wall clock), then `entry` per new journal
//!   entry (`id:` is its 1-based position), and `heartbeat` (times, entries
//!   sent so far) at least every second.
//! - `POST /v1/control/ACTION`: `start`, `next`, `prev`, `goto` (`{"index": N}`),
//!   `extend` (`{"seconds": N}`), `message` (`{"text": "..."}`), `clear_message`, `end`.
//!
//! Control always needs `Authorization: Bearer TOKEN` with the control token;
//! viewing is open on a loopback address and needs the control or the view
//! token on any other.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::http::{HttpError, ReadError, Request, error_response, json_response, read_request};
use super::hub::Hub;
use crate::agenda::{Agenda, nearest};
use crate::report::StateDocument;
use crate::show::{ActError, Action, Entry, ShowClock};

/// Connections served at once (event streams included); more get 503.
pub const MAX_CONNECTIONS: usize = 128;
/// Longest message text, in characters.
pub const MAX_MESSAGE_CHARS: usize = 200;
/// The event stream sends a heartbeat at least this often.
pub const HEARTBEAT: Duration = Duration::from_secs(1);
/// Each read or write of a request may wait this long.
const IO_TIMEOUT: Duration = Duration::from_secs(5);
/// A whole request must arrive within this.
const REQUEST_DEADLINE: Duration = Duration::from_secs(10);

const ENDPOINTS: &str = "GET /v1/state, GET /v1/agenda, GET /v1/events, POST /v1/control/ACTION";
const PATHS: &[&str] = &["/v1/state", "/v1/agenda", "/v1/events", "/v1/control/"];

/// Who may do what.
#[derive(Clone)]
pub struct Access {
    /// Needed for every `POST`; also lets its holder view.
    pub control_token: String,
    /// Lets its holder view (every `GET`) but not control.
    pub view_token: Option<String>,
    /// Ask for a token to view even on loopback (by default viewing is open
    /// there, and needs a token on every other address).
    pub view_needs_token_on_loopback: bool,
}

impl Access {
    pub fn new(control_token: impl Into<String>) -> Self {
        Self {
            control_token: control_token.into(),
            view_token: None,
            view_needs_token_on_loopback: false,
        }
    }

    /// Viewing needs a token on loopback too (e.g. on a shared machine).
    pub fn view_needs_token(mut self) -> Self {
        self.view_needs_token_on_loopback = true;
        self
    }

    pub fn with_view_token(mut self, view_token: impl Into<String>) -> Self {
        self.view_token = Some(view_token.into());
        self
    }
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Access { tokens hidden }")
    }
}

/// The first event of `/v1/events`: everything a follower needs to build
/// its mirror, and the server's clocks at that moment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    pub agenda: Agenda,
    pub journal: Vec<Entry>,
    /// The show's time (the simulated one during a rehearsal).
    pub now: DateTime<Utc>,
    /// The server's wall clock: followers estimate their offset from it.
    pub real_now: DateTime<Utc>,
    /// The show's clock, so followers count on the same one.
    pub clock: ShowClock,
}

/// The `heartbeat` event: the server's clocks, and how many journal entries
/// this stream has carried so far (hello's journal included).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Heartbeat {
    /// The show's time.
    pub now: DateTime<Utc>,
    /// The server's wall clock.
    pub real_now: DateTime<Utc>,
    pub journal_entries: usize,
}

/// A running server. Dropping it stops it too.
pub struct ServerHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

struct Shared {
    hub: Arc<Hub>,
    access: Access,
    /// Viewing needs no token (the server listens on loopback).
    view_open: bool,
    stopping: AtomicBool,
    /// Open connections (the cap counts these).
    active: AtomicUsize,
    /// Open connections other than event streams: requests in flight.
    busy: AtomicUsize,
    /// Threads answering 503 to connections over the cap.
    refusing: AtomicUsize,
    next_id: AtomicU64,
    /// Every open connection, to cut them all when the server stops.
    connections: Mutex<HashMap<u64, TcpStream>>,
}

impl Shared {
    fn connections(&self) -> MutexGuard<'_, HashMap<u64, TcpStream>> {
        self.connections
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl ServerHandle {
    /// The address actually bound (the real port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR` for followers, with a loopback address in place of an
    /// unspecified one (0.0.0.0 cannot be connected to).
    pub fn url(&self) -> String {
        format!("http://{}", connectable(self.addr))
    }

    /// Whether `GET`s need a token.
    pub fn view_open(&self) -> bool {
        self.shared.view_open
    }

    /// Stops accepting, cuts every open connection (followers see the link
    /// drop at once) and frees the port. Waits up to 2 s for requests in
    /// flight to finish (event streams end on their own within a second).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(accept) = self.accept.take() else {
            return;
        };
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop with a connection of our own.
        let woke = TcpStream::connect_timeout(&connectable(self.addr), Duration::from_secs(1));
        if woke.is_ok() {
            let _ = accept.join();
        }
        for stream in self.shared.connections().values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while self.shared.busy.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn connectable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// Serves the hub's show on `addr` until the handle is stopped or dropped.
/// Port 0 picks a free port: see [`ServerHandle::addr`].
pub fn serve(hub: Arc<Hub>, addr: SocketAddr, access: Access) -> io::Result<ServerHandle> {
    if let Err(problem) = check_token(&access.control_token) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("control token: {problem}"),
        ));
    }
    if let Some(view) = &access.view_token {
        check_token(view).map_err(|problem| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("view token: {problem}"),
            )
        })?;
    }
    let listener = TcpListener::bind(addr)?;
    let addr = listener.local_addr()?;
    let view_open = addr.ip().is_loopback() && !access.view_needs_token_on_loopback;
    let shared = Arc::new(Shared {
        hub,
        access,
        view_open,
        stopping: AtomicBool::new(false),
        active: AtomicUsize::new(0),
        busy: AtomicUsize::new(0),
        refusing: AtomicUsize::new(0),
        next_id: AtomicU64::new(0),
        connections: Mutex::new(HashMap::new()),
    });
    let accept = {
        let shared = Arc::clone(&shared);
        thread::Builder::new()
            .name("showclock-accept".into())
            .spawn(move || accept_loop(&listener, &shared))?
    };
    Ok(ServerHandle {
        addr,
        shared,
        accept: Some(accept),
    })
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    loop {
        let stream = listener.accept();
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let stream = match stream {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors and the like: wait, don't spin.
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if shared.active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            refuse_busy(stream, shared);
            continue;
        }
        shared.active.fetch_add(1, Ordering::SeqCst);
        shared.busy.fetch_add(1, Ordering::SeqCst);
        let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            shared.connections().insert(id, clone);
        }
        let guard = ConnectionGuard {
            shared: Arc::clone(shared),
            id,
            busy: true,
        };
        let spawned = thread::Builder::new()
            .name("showclock-http".into())
            .stack_size(512 * 1024)
            .spawn(move || {
                let mut guard = guard;
                handle(stream, &mut guard);
            });
        // If the thread could not start, the closure (and the guard) are dropped.
        drop(spawned);
    }
}

/// Counts a connection out and forgets it, however its thread ends.
struct ConnectionGuard {
    shared: Arc<Shared>,
    id: u64,
    busy: bool,
}

impl ConnectionGuard {
    /// The request is answered; what follows is an event stream.
    fn streaming(&mut self) {
        if std::mem::take(&mut self.busy) {
            self.shared.busy.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        self.streaming();
        self.shared.connections().remove(&self.id);
        self.shared.active.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers 503 on a short-lived thread (closing at once could reset the
/// connection before the client reads the answer); past a few of those,
/// just closes.
fn refuse_busy(stream: TcpStream, shared: &Arc<Shared>) {
    const MAX_REFUSING: usize = 16;
    if shared.refusing.fetch_add(1, Ordering::SeqCst) >= MAX_REFUSING {
        shared.refusing.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let counter = Arc::clone(shared);
    let shared = Arc::clone(shared);
    let refuse = move || {
        let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
        let error = HttpError::new(503, "too many connections: try again shortly");
        let _ = (&stream).write_all(&error_response(&error, &[("Retry-After", "1")]));
        linger(stream, Duration::from_millis(200));
        shared.refusing.fetch_sub(1, Ordering::SeqCst);
    };
    let spawned = thread::Builder::new()
        .name("showclock-busy".into())
        .stack_size(64 * 1024)
        .spawn(refuse);
    if spawned.is_err() {
        // The closure, and with it the stream, is gone.
        counter.refusing.fetch_sub(1, Ordering::SeqCst);
    }
}

fn handle(mut stream: TcpStream, guard: &mut ConnectionGuard) {
    let shared = &*Arc::clone(&guard.shared);
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let request = read_request(&mut stream, Instant::now() + REQUEST_DEADLINE);
    let answer = match request {
        Ok(request) => route(&request, shared),
        Err(ReadError::Closed | ReadError::Failed) => return,
        Err(ReadError::TimedOut) => Answer::Error(
            HttpError::new(408, "the request took too long to arrive"),
            Vec::new(),
        ),
        Err(ReadError::Bad(error)) => Answer::Error(error, Vec::new()),
    };
    match answer {
        Answer::Json(status, body) => {
            let _ = stream.write_all(&json_response(status, &[], &body));
        }
        Answer::Error(error, headers) => {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let _ = stream.write_all(&error_response(&error, &headers));
        }
        Answer::Events => {
            guard.streaming();
            events(&mut stream, shared);
            return;
        }
    }
    linger(stream, Duration::from_millis(500));
}

/// Closes gently: a client still sending (a body we refused to read) would
/// otherwise get a reset and might lose our answer.
fn linger(stream: TcpStream, wait: Duration) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(wait));
    let deadline = Instant::now() + wait * 4;
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 256 * 1024 && Instant::now() < deadline {
        match (&stream).read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

enum Answer {
    Json(u16, Vec<u8>),
    Error(HttpError, Vec<(&'static str, String)>),
    Events,
}

fn error(status: u16, message: impl Into<String>) -> Answer {
    Answer::Error(HttpError::new(status, message), Vec::new())
}

fn to_json<T: Serialize>(value: &T) -> Answer {
    match serde_json::to_vec(value) {
        Ok(mut body) => {
            body.push(b'\n');
            Answer::Json(200, body)
        }
        Err(e) => error(500, format!("cannot write JSON: {e}")),
    }
}

fn method_not_allowed(request: &Request, allowed: &'static str) -> Answer {
    Answer::Error(
        HttpError::new(
            405,
            format!(
                "{} {} is not served: use {allowed}",
                request.method, request.path
            ),
        ),
        vec![("Allow", allowed.to_string())],
    )
}

fn route(request: &Request, shared: &Shared) -> Answer {
    let path = request.path.as_str();
    if let Some(name) = path.strip_prefix("/v1/control/") {
        if request.method != "POST" {
            return method_not_allowed(request, "POST");
        }
        if !ACTIONS.contains(&name) {
            let hint = nearest(name, ACTIONS.iter().copied())
                .map_or_else(String::new, |near| format!("did you mean {near:?}? "));
            return error(
                404,
                format!(
                    "unknown action {:?}: {hint}the actions are {}",
                    crate::text::inert(name),
                    ACTIONS.join(", ")
                ),
            );
        }
        if let Err(answer) = authorize(request, shared, Need::Control) {
            return answer;
        }
        return control(name, &request.body, shared);
    }
    let view = match path {
        "/v1/state" | "/v1/agenda" | "/v1/events" => path,
        _ => {
            let hint = nearest(path, PATHS.iter().copied())
                .map_or_else(String::new, |near| format!("did you mean {near}? "));
            return error(
                404,
                format!(
                    "no such endpoint {:?}: {hint}the endpoints are {ENDPOINTS}",
                    crate::text::inert(path)
                ),
            );
        }
    };
    if request.method != "GET" {
        return method_not_allowed(request, "GET");
    }
    if let Err(answer) = authorize(request, shared, Need::View) {
        return answer;
    }
    match view {
        "/v1/state" => {
            let now = shared.hub.now();
            shared.hub.with(|session| {
                to_json(&StateDocument::build(
                    session.agenda(),
                    session.log(),
                    &session.snapshot(now),
                ))
            })
        }
        "/v1/agenda" => shared.hub.with(|session| to_json(session.agenda())),
        _ => Answer::Events,
    }
}

#[derive(PartialEq)]
enum Need {
    View,
    Control,
}

fn authorize(request: &Request, shared: &Shared, need: Need) -> Result<(), Answer> {
    if need == Need::View && shared.view_open {
        return Ok(());
    }
    let unauthorized = |message: String| {
        Answer::Error(
            HttpError::new(401, message),
            vec![("WWW-Authenticate", "Bearer realm=\"showclock\"".to_string())],
        )
    };
    let what = match need {
        Need::View => "viewing this show from another machine",
        Need::Control => "control",
    };
    let Some(value) = request.header("authorization") else {
        return Err(unauthorized(format!(
            "{what} needs a token: send the header \"Authorization: Bearer TOKEN\" with the token shown where the server started"
        )));
    };
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => {
            return Err(unauthorized(
                "malformed Authorization header: send \"Authorization: Bearer TOKEN\"".into(),
            ));
        }
    };
    let control = tokens_match(token, &shared.access.control_token);
    let view = shared
        .access
        .view_token
        .as_deref()
        .is_some_and(|v| tokens_match(token, v));
    match need {
        Need::Control if control => Ok(()),
        Need::Control if view => Err(unauthorized(
            "this is the view token: it can watch but not control the show; control needs the control token".into(),
        )),
        Need::View if control || view => Ok(()),
        _ => Err(unauthorized(format!(
            "wrong token: {what} needs the token shown where the server started"
        ))),
    }
}

/// Compares a token in time that does not depend on where it differs.
fn tokens_match(given: &str, expected: &str) -> bool {
    let given = given.as_bytes();
    let expected = expected.as_bytes();
    let mut difference = u8::from(given.len() != expected.len());
    for (i, &e) in expected.iter().enumerate() {
        let g = given.get(i).copied().unwrap_or(!e);
        difference |= g ^ e;
    }
    std::hint::black_box(difference) == 0
}

/// The actions, as the journal and `Action::name` spell them.
pub use crate::show::ACTION_NAMES as ACTIONS;

fn control(name: &str, body: &[u8], shared: &Shared) -> Answer {
    let action = match parse_action(name, body) {
        Ok(action) => action,
        Err(e) => return Answer::Error(e, Vec::new()),
    };
    match shared.hub.act(action, shared.hub.now()) {
        Ok(entry) => to_json(&entry),
        Err(ActError::Invalid(message)) => error(422, message),
        Err(e @ ActError::Journal(_)) => error(500, format!("{e}; the action did not happen")),
    }
}

/// Turns `POST /v1/control/NAME` and its body into an action. Actions that
/// take no fields accept an empty body or `{}`.
pub fn parse_action(name: &str, body: &[u8]) -> Result<Action, HttpError> {
    let example = match name {
        "goto" => Some("{\"index\": 3}"),
        "extend" => Some("{\"seconds\": 60}"),
        "message" => Some("{\"text\": \"Wrap up\"}"),
        _ => None,
    };
    let needs = |problem: String| {
        let example = example.map_or_else(
            || " (send no body, or {})".to_string(),
            |e| format!(": send a JSON body such as {e}"),
        );
        HttpError::new(400, format!("{name}: {problem}{example}"))
    };
    let blank = body.iter().all(u8::is_ascii_whitespace);
    let fields: Map<String, Value> = if blank {
        Map::new()
    } else {
        let text = std::str::from_utf8(body).map_err(|_| needs("the body is not UTF-8".into()))?;
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => return Err(needs("the body is not a JSON object".into())),
            Err(e) => return Err(needs(format!("the body is not valid JSON ({e})"))),
        }
    };
    let field = match name {
        "goto" => Some("index"),
        "extend" => Some("seconds"),
        "message" => Some("text"),
        _ => None,
    };
    if let Some(unknown) = fields.keys().find(|k| Some(k.as_str()) != field) {
        let unknown = crate::text::inert(unknown);
        return Err(match field {
            Some(f) => needs(format!("unknown field {unknown:?} (the field is {f:?})")),
            None => needs(format!("takes no fields, got {unknown:?}")),
        });
    }
    let value = field.and_then(|f| fields.get(f));
    if field.is_some() && value.is_none() {
        return Err(needs(format!("missing {:?}", field.unwrap_or_default())));
    }
    let action = match name {
        "start" => Action::Start,
        "next" => Action::Next,
        "prev" => Action::Prev,
        "clear_message" => Action::ClearMessage,
        "end" => Action::End,
        "goto" => {
            let index = value
                .and_then(Value::as_u64)
                .and_then(|i| usize::try_from(i).ok())
                .ok_or_else(|| needs("\"index\" must be a whole number from 0".into()))?;
            Action::Goto { index }
        }
        "extend" => {
            let seconds = value.and_then(Value::as_i64).ok_or_else(|| {
                needs("\"seconds\" must be a whole number, e.g. 60 or -60".into())
            })?;
            Action::Extend { seconds }
        }
        "message" => {
            let text = value
                .and_then(Value::as_str)
                .ok_or_else(|| needs("\"text\" must be a string".into()))?;
            let length = text.chars().count();
            if text.trim().is_empty() {
                return Err(HttpError::new(
                    400,
                    "message: the text is empty; to remove the message, POST /v1/control/clear_message",
                ));
            }
            if length > MAX_MESSAGE_CHARS {
                return Err(HttpError::new(
                    400,
                    format!(
                        "message: the text is {length} characters; at most {MAX_MESSAGE_CHARS} fit the moderator's screen"
                    ),
                ));
            }
            Action::Message {
                text: text.to_string(),
            }
        }
        other => {
            return Err(HttpError::new(404, format!("unknown action {other:?}")));
        }
    };
    Ok(action)
}

/// One Server-Sent Event, ready to write.
pub(crate) fn sse_event(event: &str, id: Option<usize>, data: &str) -> Vec<u8> {
    let mut out = format!("event: {event}\n");
    if let Some(id) = id {
        out.push_str(&format!("id: {id}\n"));
    }
    // serde_json never writes a raw newline, but be safe with any text.
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.into_bytes()
}

fn events(stream: &mut TcpStream, shared: &Shared) {
    let subscription = shared.hub.subscribe();
    let real_now = Utc::now();
    let clock = shared.hub.clock();
    let hello = Hello {
        agenda: subscription.agenda,
        journal: subscription.entries,
        now: clock.show_time(real_now),
        real_now,
        clock,
    };
    let mut sent = hello.journal.len();
    let Ok(hello) = serde_json::to_string(&hello) else {
        let error = HttpError::new(500, "cannot write the agenda as JSON");
        let _ = stream.write_all(&error_response(&error, &[]));
        return;
    };
    let mut out =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                    X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
            .to_vec();
    out.extend(sse_event("hello", Some(sent), &hello));
    if stream.write_all(&out).is_err() {
        return;
    }
    let mut last_beat = Instant::now();
    while !shared.stopping.load(Ordering::SeqCst) {
        let wait = HEARTBEAT.saturating_sub(last_beat.elapsed());
        let out = match subscription.updates.recv_timeout(wait) {
            Ok(entry) => {
                sent += 1;
                match serde_json::to_string(&entry) {
                    Ok(data) => sse_event("entry", Some(sent), &data),
                    Err(_) => return,
                }
            }
            Err(RecvTimeoutError::Timeout) => Vec::new(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let mut out = out;
        if last_beat.elapsed() >= HEARTBEAT {
            let real_now = Utc::now();
            let beat = Heartbeat {
                now: clock.show_time(real_now),
                real_now,
                journal_entries: sent,
            };
            if let Ok(data) = serde_json::to_string(&beat) {
                out.extend(sse_event("heartbeat", None, &data));
            }
            last_beat = Instant::now();
        }
        if !out.is_empty() && stream.write_all(&out).is_err() {
            return;
        }
    }
}

/// A new control token: 128 random bits, URL-safe base64 (22 characters).
pub fn generate_token() -> String {
    let bytes = random_bytes();
    base64url(&bytes)
}

/// Whether a token given on the command line can be used.
pub fn check_token(token: &str) -> Result<(), String> {
    if token.len() < 8 {
        return Err(
            "a token needs at least 8 characters (leave it out to have one generated)".into(),
        );
    }
    if token.len() > 256 {
        return Err("a token may have at most 256 characters".into());
    }
    if !token.bytes().all(|c| c.is_ascii_graphic()) {
        return Err("a token may hold only visible ASCII characters, no spaces".into());
    }
    Ok(())
}

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    #[cfg(unix)]
    {
        if let Ok(mut urandom) = std::fs::File::open("/dev/urandom")
            && urandom.read_exact(&mut bytes).is_ok()
        {
            return bytes;
        }
    }
    // Elsewhere: std seeds each RandomState from the system's secure random
    // source; two keyed SipHash outputs give 128 unpredictable bits.
    use std::hash::{BuildHasher, Hasher};
    for (i, half) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_usize(i);
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        half.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    bytes
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// `--share`'s address: `IP:PORT`, `[IPv6]:PORT`, `localhost:PORT` or a
/// bare port, which means loopback (`8080` is `127.0.0.1:8080`).
pub fn parse_share_addr(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    let help = "give a port (8080, on this machine only), or an address and port: \
                127.0.0.1:8080, 0.0.0.0:8080 (every network interface), 192.168.1.20:8080, [::1]:8080";
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port));
    }
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    if let Some(port) = text.strip_prefix("localhost:")
        && let Ok(port) = port.parse::<u16>()
    {
        return Ok(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port));
    }
    if text.starts_with("http://") || text.starts_with("https://") {
        return Err(format!("{text:?} is a URL: {help}"));
    }
    Err(format!("{text:?} is not an address to listen on: {help}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_url_safe() {
        let a = generate_token();
        let b = generate_token();
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert!(check_token(&a).is_ok());
    }

    #[test]
    fn base64url_matches_the_rfc_vectors() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn token_comparison() {
        assert!(tokens_match("abcdefgh", "abcdefgh"));
        assert!(!tokens_match("abcdefgX", "abcdefgh"));
        assert!(!tokens_match("abcdefg", "abcdefgh"));
        assert!(!tokens_match("abcdefghi", "abcdefgh"));
        assert!(!tokens_match("", "abcdefgh"));
    }

    #[test]
    fn share_addresses() {
        assert_eq!(
            parse_share_addr("8080").unwrap().to_string(),
            "127.0.0.1:8080"
        );
        assert_eq!(
            parse_share_addr("0.0.0.0:9000").unwrap().to_string(),
            "0.0.0.0:9000"
        );
        assert_eq!(
            parse_share_addr("[::1]:9000").unwrap().to_string(),
            "[::1]:9000"
        );
        assert_eq!(
            parse_share_addr("localhost:80").unwrap().to_string(),
            "127.0.0.1:80"
        );
        assert!(parse_share_addr("70000").is_err());
        assert!(parse_share_addr("http://x:1").unwrap_err().contains("URL"));
        assert!(parse_share_addr("example.com:80").is_err());
    }

    #[test]
    fn every_action_has_its_endpoint() {
        for name in ACTIONS {
            let body = match *name {
                "goto" => "{\"index\": 0}",
                "extend" => "{\"seconds\": 1}",
                "message" => "{\"text\": \"x\"}",
                _ => "",
            };
            assert_eq!(parse_action(name, body.as_bytes()).unwrap().name(), *name);
        }
    }

    #[test]
    fn action_bodies() {
        assert_eq!(parse_action("next", b"").unwrap(), Action::Next);
        assert_eq!(parse_action("next", b" {} ").unwrap(), Action::Next);
        assert_eq!(
            parse_action("goto", b"{\"index\": 2}").unwrap(),
            Action::Goto { index: 2 }
        );
        assert_eq!(
            parse_action("extend", b"{\"seconds\": -60}").unwrap(),
            Action::Extend { seconds: -60 }
        );
        assert_eq!(
            parse_action("message", "{\"text\": \"Wrap\\u001b up\"}".as_bytes()).unwrap(),
            Action::Message {
                text: "Wrap\u{1b} up".into()
            }
        );
        let e = parse_action("goto", b"{\"index\": -1}").unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.message.contains("{\"index\": 3}"), "{}", e.message);
        assert!(
            parse_action("goto", b"{}")
                .unwrap_err()
                .message
                .contains("missing \"index\"")
        );
        assert!(parse_action("goto", b"{\"index\": 1.5}").is_err());
        assert!(
            parse_action("goto", b"{\"idx\": 1}")
                .unwrap_err()
                .message
                .contains("unknown field")
        );
        assert!(
            parse_action("next", b"{\"a\": 1}")
                .unwrap_err()
                .message
                .contains("takes no fields")
        );
        assert!(
            parse_action("next", b"{")
                .unwrap_err()
                .message
                .contains("not valid JSON")
        );
        assert!(
            parse_action("message", b"[1]")
                .unwrap_err()
                .message
                .contains("not a JSON object")
        );
        assert!(
            parse_action("message", b"{\"text\": \" \"}")
                .unwrap_err()
                .message
                .contains("clear_message")
        );
        let long = format!("{{\"text\": \"{}\"}}", "é".repeat(201));
        assert_eq!(
            parse_action("message", long.as_bytes()).unwrap_err().status,
            400
        );
        let fits = format!("{{\"text\": \"{}\"}}", "é".repeat(200));
        assert!(parse_action("message", fits.as_bytes()).is_ok());
    }
}
