//! The follower: mirrors a show served elsewhere, over `GET /v1/events`.
//!
//! A task on the client runtime keeps a [`Session`] mirror (no local
//! journal) up to date, tracks the link (connected, or down since when, and
//! when the server was last heard), estimates the server's clock offset
//! from its heartbeats (and takes the show's clock, simulated in a
//! rehearsal), and reconnects with backoff (250 ms doubling to 5 s) for as
//! long as the follower lives. It reconnects with `Last-Event-ID` and takes
//! only the entries it missed from the same server; from any other (a
//! restarted one) it builds the mirror afresh from the server's agenda and
//! journal: the authoritative state.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

use super::client::{self, CONNECT_TIMEOUT, Endpoint, MAX_ANSWER, PostError, error_chain, runtime};
use super::events::{Heartbeat, Hello, Resume};
use super::sse::{Event, Parser};
use crate::agenda::{Agenda, LONGEST_SEGMENT};
use crate::show::{Action, Entry, Session, ShowClock};

/// With no byte from the server for this long, the link counts as down
/// (the server sends a heartbeat every second).
pub const LINK_TIMEOUT: Duration = Duration::from_millis(2500);
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Offset samples kept; the estimate is the largest (the least delayed).
const OFFSET_WINDOW: usize = 16;
/// A smaller change of the offset estimate does not wake the UI.
const OFFSET_NOTICE: TimeDelta = TimeDelta::milliseconds(50);

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
    /// How many of those resumed from the entry last seen (`Last-Event-ID`)
    /// rather than taking the whole journal again.
    pub resumes: u32,
}

struct State {
    mirror: Option<Session>,
    /// The server instance the mirror came from, while resuming it is safe.
    instance: Option<String>,
    /// The server's show clock (a rehearsal's is simulated).
    clock: ShowClock,
    link: LinkStatus,
    samples: VecDeque<TimeDelta>,
}

type Notify = Box<dyn Fn() + Send + Sync>;

struct Shared {
    state: Mutex<State>,
    stop: AtomicBool,
    notify: Notify,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes the state under the lock, then wakes the UI if asked to.
    fn update(&self, change: impl FnOnce(&mut State) -> bool) {
        let changed = change(&mut self.state());
        if changed && !self.stop.load(Ordering::SeqCst) {
            (self.notify)();
        }
    }
}

/// How to reach the server.
#[derive(Debug, Clone, Default)]
pub struct FollowOptions {
    /// The control token lets the follower act; the view token, or none
    /// where viewing is open, only watch.
    pub token: Option<String>,
    /// PEM certificates to trust besides the system's (a private CA).
    pub ca_cert: Option<PathBuf>,
}

/// Mirrors a served show. Dropping it stops its task.
pub struct Follower {
    endpoint: Endpoint,
    token: Option<String>,
    client: reqwest::Client,
    shared: Arc<Shared>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Follower {
    /// Starts following `url`. `notify` is called from the follower's task
    /// whenever the mirror, the link status or the clock offset changes; an
    /// app loop that waits on a channel passes e.g.
    /// `move || { let _ = tx.send(AppEvent::Network); }`. It must not block,
    /// and must not call back into the follower.
    ///
    /// Fails only on a bad URL, token or certificate; an unreachable server
    /// is retried for as long as the follower lives.
    pub fn connect(
        url: &str,
        token: Option<String>,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> Result<Self, String> {
        Self::connect_with(
            url,
            FollowOptions {
                token,
                ca_cert: None,
            },
            notify,
        )
    }

    pub fn connect_with(
        url: &str,
        options: FollowOptions,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> Result<Self, String> {
        let endpoint = Endpoint::parse(url)?;
        if let Some(token) = &options.token {
            super::access::check_token(token).map_err(|e| format!("token: {e}"))?;
        }
        let client = client::client(options.ca_cert.as_deref())?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                mirror: None,
                instance: None,
                clock: ShowClock::Real,
                link: LinkStatus {
                    state: LinkState::Connecting,
                    since: Instant::now(),
                    last_update: None,
                    problem: None,
                    clock_offset: None,
                    connections: 0,
                    resumes: 0,
                },
                samples: VecDeque::new(),
            }),
            stop: AtomicBool::new(false),
            notify: Box::new(notify),
        });
        let task = runtime().spawn(follow(
            Arc::clone(&shared),
            client.clone(),
            endpoint.clone(),
            options.token.clone(),
        ));
        Ok(Self {
            endpoint,
            token: options.token,
            client,
            shared,
            task: Some(task),
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
        runtime().block_on(client::post(
            &self.client,
            &self.endpoint,
            self.token.as_deref(),
            action,
        ))
    }

    /// [`Follower::post`] without waiting; `done` gets the outcome.
    pub fn post_in_background(
        &self,
        action: Action,
        done: impl FnOnce(Result<Entry, PostError>) + Send + 'static,
    ) {
        let client = self.client.clone();
        let endpoint = self.endpoint.clone();
        let token = self.token.clone();
        runtime().spawn(async move {
            done(client::post(&client, &endpoint, token.as_deref(), &action).await);
        });
    }

    /// Stops following; from then on `notify` is no longer called (bar a
    /// call already under way).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The follower's task: connect, mirror, and on any failure wait and
/// start again, until stopped.
async fn follow(
    shared: Arc<Shared>,
    client: reqwest::Client,
    endpoint: Endpoint,
    token: Option<String>,
) {
    let mut backoff = FIRST_BACKOFF;
    while !shared.stop.load(Ordering::SeqCst) {
        let mut came_up = false;
        let problem =
            match run_link(&shared, &client, &endpoint, token.as_deref(), &mut came_up).await {
                Ok(()) => "the server closed the connection".to_string(),
                Err(problem) => problem,
            };
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
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// One connection, from the request to the failure that ends it.
async fn run_link(
    shared: &Shared,
    client: &reqwest::Client,
    endpoint: &Endpoint,
    token: Option<&str>,
    came_up: &mut bool,
) -> Result<(), String> {
    let mut request = client
        .get(endpoint.join("/v1/events"))
        .header(reqwest::header::ACCEPT, "text/event-stream");
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let resume_from = {
        let state = shared.state();
        state
            .instance
            .as_ref()
            .and(state.mirror.as_ref())
            .map(|mirror| mirror.entries().len())
    };
    if let Some(from) = resume_from {
        request = request.header("Last-Event-ID", from.to_string());
    }
    let mut response =
        match tokio::time::timeout(CONNECT_TIMEOUT + LINK_TIMEOUT, request.send()).await {
            Err(_) => return Err(format!("no answer from {endpoint}")),
            Ok(Err(e)) => return Err(format!("cannot reach {endpoint}: {}", error_chain(&e))),
            Ok(Ok(response)) => response,
        };
    let status = response.status().as_u16();
    if status != 200 {
        let body = tokio::time::timeout(LINK_TIMEOUT, response.text())
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        let answer = client::Response { status, body };
        return Err(format!(
            "the server refused ({status}): {}",
            crate::text::inert(&answer.error_text())
        ));
    }
    let mut parser = Parser::new(MAX_ANSWER);
    loop {
        let chunk = match tokio::time::timeout(LINK_TIMEOUT, response.chunk()).await {
            Err(_) => {
                return Err(format!(
                    "no word from the server for {:.1} s",
                    LINK_TIMEOUT.as_secs_f64()
                ));
            }
            Ok(Err(e)) => return Err(format!("the connection dropped: {}", error_chain(&e))),
            Ok(Ok(None)) => return Ok(()),
            Ok(Ok(Some(chunk))) => chunk,
        };
        let received = Utc::now();
        parser.push(&chunk)?;
        while let Some(event) = parser.next_event() {
            take_event(shared, &event, received, came_up)?;
        }
    }
}

/// Applies one event to the mirror and the link.
fn take_event(
    shared: &Shared,
    event: &Event,
    received: DateTime<Utc>,
    came_up: &mut bool,
) -> Result<(), String> {
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
                state.instance = Some(hello.instance).filter(|i| !i.is_empty());
                state.clock = hello.clock;
                add_sample(state, hello.real_now - received);
                link_up(&mut state.link);
                true
            });
        }
        "resume" => {
            let resume: Resume = serde_json::from_str(&event.data)
                .map_err(|e| format!("the server sent a bad resume event: {e}"))?;
            let mut outcome: Result<(), String> = Ok(());
            shared.update(|state| {
                let length = state.mirror.as_ref().map(|m| m.entries().len());
                if state.instance.as_deref() != Some(resume.instance.as_str())
                    || event.id.parse().ok() != length
                {
                    state.instance = None;
                    outcome = Err("the server restarted; fetching the whole journal again".into());
                    return false;
                }
                state.clock = resume.clock;
                add_sample(state, resume.real_now - received);
                link_up(&mut state.link);
                state.link.resumes += 1;
                true
            });
            outcome?;
            *came_up = true;
        }
        "entry" if *came_up => {
            let entry: Entry = serde_json::from_str(&event.data)
                .map_err(|e| format!("the server sent a bad entry: {e}"))?;
            let mut outcome: Result<(), String> = Ok(());
            shared.update(|state| {
                state.link.last_update = Some(Instant::now());
                let Some(mirror) = state.mirror.as_mut() else {
                    return false;
                };
                let expected = mirror.entries().len() + 1;
                if event.id.parse().ok() != Some(expected) {
                    state.instance = None;
                    outcome = Err("an entry went missing; fetching the whole journal again".into());
                    return false;
                }
                match mirror.record(entry) {
                    Ok(()) => true,
                    Err(e) => {
                        state.instance = None;
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
                if !in_step {
                    state.instance = None;
                }
                let before = state.link.clock_offset;
                add_sample(state, beat.real_now - received);
                match (before, state.link.clock_offset) {
                    (Some(a), Some(b)) => (a - b).abs() >= OFFSET_NOTICE,
                    _ => true,
                }
            });
            if !in_step {
                return Err("out of step with the server; fetching the whole journal again".into());
            }
        }
        _ => {}
    }
    Ok(())
}

fn link_up(link: &mut LinkStatus) {
    link.state = LinkState::Connected;
    link.since = Instant::now();
    link.last_update = Some(Instant::now());
    link.problem = None;
    link.connections += 1;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
