//! `GET /v1/live`: what a browser screen shows, pushed by the server, so
//! that a page never runs a second engine and never disagrees with the
//! terminal.
//!
//! - `show` (first, once per stream): the agenda (clocks, alerts, notes,
//!   cues), the canned messages, and the role the stream's token gave
//!   (`controller`, `viewer` or `anyone`): pages show buttons only to a
//!   `controller`.
//! - `state` (`id:` the journal's length): `{"state": the state document
//!   (as `GET /v1/state`), "clock": {...}}`, sent at once, after every
//!   journal entry, and at every planned boundary (a segment's end, the
//!   warning and final thresholds, the next start, every planned start and
//!   end). `clock` holds `real_now_ms` (the server's wall clock when the
//!   state was made), `now_ms` (the show's time then), and the show's clock
//!   as `real_start_ms`, `show_start_ms` and `speed` (show time =
//!   `show_start_ms + (real - real_start_ms) * speed`), so a page counts to
//!   the instants in the state on the server's clock, not the device's.
//! - `tick` every second: `{"real_now_ms": ..., "now_ms": ...}`, the
//!   server's clocks, from which a page measures its offset (and notices a
//!   dead link when ticks stop).
//!
//! One task per server makes each `state` once, however many pages watch.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use tokio::sync::{broadcast::error::RecvError, watch};
use tokio::time::{Instant, MissedTickBehavior, interval_at};

use super::access::Role;
use super::hub::Hub;
use super::limits::{Connection, StreamSlot};
use super::meter::Recheck;
use crate::report::StateDocument;
use crate::show::{Audience, ShowClock, Snapshot};

/// A `state` is sent again at least this often, boundary or not.
const REFRESH: Duration = Duration::from_secs(30);
/// Ticks come this often.
pub const TICK: Duration = Duration::from_secs(1);

/// The latest `state` event, made once and shared by every stream, and the
/// agenda as pages get it.
#[derive(Clone)]
pub struct LiveFeed {
    latest: watch::Receiver<States>,
    /// The agenda without `[[contact]]`: the crew's phone numbers are no
    /// business of a page whose link every speaker and the stream get.
    page_agenda: Bytes,
}

#[derive(Serialize)]
struct LiveClock {
    real_now_ms: i64,
    now_ms: i64,
    real_start_ms: i64,
    show_start_ms: i64,
    speed: f64,
}

#[derive(Serialize)]
struct LiveState<'a> {
    state: &'a StateDocument,
    clock: &'a LiveClock,
}

/// The `state` event in its two forms: with the producer's message, and
/// without it for a page it is not meant for (made only when there is a
/// message; else the same bytes).
#[derive(Clone)]
struct States {
    with_message: Bytes,
    without_message: Bytes,
    /// Who the message is for, if there is one.
    audience: Option<Audience>,
}

impl States {
    /// The form `page` gets: a message not meant for it never reaches it.
    fn for_page(&self, page: &Page) -> Bytes {
        match &self.audience {
            Some(audience) if !page.sees(audience) => self.without_message.clone(),
            _ => self.with_message.clone(),
        }
    }
}

/// Which page a stream feeds (`GET /v1/live?page=…&name=…`): it decides
/// which of the producer's messages the stream carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// Every message, with whom it is for (`page=producer`).
    Producer,
    /// A speaker's page: messages to every speaker or to everyone, and
    /// those to this speaker by name (`page=speaker&name=…`). Without
    /// `page`, a stream is a speaker's page: the least it can carry.
    Speaker(Option<String>),
    /// The stream's overlay: messages to everyone only (`page=overlay`).
    Overlay,
}

impl Page {
    /// Reads `page` and `name` from a request's query.
    pub fn from_uri(uri: &axum::http::Uri) -> Result<Self, String> {
        #[derive(serde::Deserialize)]
        struct Query {
            page: Option<String>,
            name: Option<String>,
        }
        let axum::extract::Query(query) = axum::extract::Query::<Query>::try_from_uri(uri)
            .map_err(|e| format!("the query is not page=…&name=… ({e})"))?;
        let name = query.name.filter(|n| !n.trim().is_empty());
        match query.page.as_deref() {
            None | Some("speaker") => Ok(Self::Speaker(name)),
            Some("producer") => Ok(Self::Producer),
            Some("overlay") => Ok(Self::Overlay),
            Some(other) => Err(format!(
                "page={:?}: give page=speaker (with name=NAME for one speaker), producer or overlay",
                crate::text::inert(other)
            )),
        }
    }

    fn sees(&self, audience: &Audience) -> bool {
        match self {
            Self::Producer => true,
            Self::Speaker(name) => audience.reaches_speaker(name.as_deref()),
            Self::Overlay => *audience == Audience::Everyone,
        }
    }
}

#[derive(Serialize)]
struct Tick {
    real_now_ms: i64,
    now_ms: i64,
}

fn event(name: &str, id: Option<usize>, data: &str) -> Bytes {
    let id = id.map_or_else(String::new, |id| format!("id: {id}\n"));
    Bytes::from(format!("event: {name}\n{id}data: {data}\n\n"))
}

fn live_clock(clock: ShowClock, real_now: DateTime<Utc>) -> LiveClock {
    let (real_start_ms, show_start_ms, speed) = match clock {
        ShowClock::Real => (0, 0, 1.0),
        ShowClock::Simulated(sim) => (
            sim.real_start.timestamp_millis(),
            sim.show_start.timestamp_millis(),
            sim.speed,
        ),
    };
    LiveClock {
        real_now_ms: real_now.timestamp_millis(),
        now_ms: clock.show_time(real_now).timestamp_millis(),
        real_start_ms,
        show_start_ms,
        speed,
    }
}

/// The next instant after `now` at which what a screen shows changes
/// without anyone acting: the slot's thresholds and end, the next start,
/// and every planned start and end (a show that follows its schedule).
fn next_boundary(hub: &Hub, snapshot: &Snapshot, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    hub.with(|session| {
        let agenda = session.agenda();
        let alerts = &agenda.alerts;
        let mut instants: Vec<DateTime<Utc>> = agenda
            .segments
            .iter()
            .flat_map(|s| [s.start, s.end])
            .collect();
        if let Some(current) = &snapshot.current {
            instants.extend([
                current.ends,
                current.ends - TimeDelta::seconds(alerts.warning_seconds),
                current.ends - TimeDelta::seconds(alerts.final_seconds),
            ]);
        }
        if let Some(next) = &snapshot.next {
            instants.push(next.expected_start);
        }
        instants.into_iter().filter(|&t| t > now).min()
    })
}

/// The `state` event now, and when the next one is due (real time).
fn state_event(hub: &Hub) -> (States, Duration) {
    let real_now = Utc::now();
    let clock = hub.clock();
    let now = clock.show_time(real_now);
    let (mut document, snapshot, length) = hub.state_at(now);
    let live = live_clock(clock, real_now);
    let encode = |document: &StateDocument| {
        let data = serde_json::to_string(&LiveState {
            state: document,
            clock: &live,
        })
        .unwrap_or_else(|_| "null".into());
        event("state", Some(length), &data)
    };
    let with_message = encode(&document);
    let audience = document
        .message
        .is_some()
        .then(|| snapshot.message_audience.clone());
    let without_message = if audience.is_some() {
        document.message = None;
        document.message_audience = None;
        encode(&document)
    } else {
        with_message.clone()
    };
    let states = States {
        with_message,
        without_message,
        audience,
    };
    let speed = match clock {
        ShowClock::Real => 1.0,
        ShowClock::Simulated(sim) => sim.speed.max(f64::MIN_POSITIVE),
    };
    let wait = next_boundary(hub, &snapshot, now)
        .and_then(|at| (at - now).to_std().ok())
        .map_or(REFRESH, |show_gap| {
            // A few milliseconds past the boundary, so the state is the new one.
            show_gap.div_f64(speed) + Duration::from_millis(5)
        })
        .min(REFRESH);
    (states, wait)
}

impl LiveFeed {
    /// Starts the task that remakes the `state` event; it runs on the
    /// current tokio runtime for as long as that runtime does.
    pub fn start(hub: Arc<Hub>) -> Self {
        let mut agenda = hub.with(|session| session.agenda().clone());
        agenda.contacts.clear();
        let page_agenda = serde_json::to_vec(&agenda)
            .map(Bytes::from)
            .unwrap_or_default();
        let (first, mut wait) = state_event(&hub);
        let (publish, latest) = watch::channel(first);
        let (_, mut updates) = hub.subscribe();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    update = updates.recv() => if let Err(RecvError::Closed) = update {
                        return;
                    },
                    () = tokio::time::sleep(wait) => {}
                    () = publish.closed() => return,
                }
                let (state, next_wait) = state_event(&hub);
                wait = next_wait;
                publish.send_replace(state);
            }
        });
        Self {
            latest,
            page_agenda,
        }
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Anyone => "anyone",
        Role::Viewer => "viewer",
        Role::Controller => "controller",
    }
}

/// The `show` event for a stream opened with `role`, in pieces: the
/// agenda's is shared by every stream, never copied for one.
fn show_event(hub: &Hub, page_agenda: &Bytes, role: Role) -> [Bytes; 3] {
    let canned: Vec<String> = (0..).map_while(crate::i18n::canned).collect();
    let tail = format!(
        ",\"canned\":{},\"role\":\"{}\",\"instance\":\"{}\"}}\n\n",
        serde_json::to_string(&canned).unwrap_or_else(|_| "[]".into()),
        role_name(role),
        hub.instance()
    );
    [
        Bytes::from_static(b"event: show\ndata: {\"agenda\":"),
        page_agenda.clone(),
        Bytes::from(tail),
    ]
}

fn tick_event(hub: &Hub) -> Bytes {
    let real_now = Utc::now();
    let data = serde_json::to_string(&Tick {
        real_now_ms: real_now.timestamp_millis(),
        now_ms: hub.clock().show_time(real_now).timestamp_millis(),
    })
    .unwrap_or_else(|_| "null".into());
    event("tick", None, &data)
}

/// A stream's bytes: `show`, the latest `state` and a `tick`, then every
/// new `state` and a `tick` each second.
pub fn stream(
    hub: Arc<Hub>,
    feed: LiveFeed,
    (role, page): (Role, Page),
    slot: StreamSlot,
    connection: Arc<Connection>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::convert::Infallible>> + Send {
    let mut latest = feed.latest;
    let [show, agenda, show_tail] = show_event(&hub, &feed.page_agenda, role);
    let state = latest.borrow_and_update().for_page(&page);
    // The latest state may be minutes old: the clocks now, at once.
    let head = [show, agenda, show_tail, state, tick_event(&hub)];
    let mut tick = interval_at(Instant::now() + TICK, TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let first = futures_util::stream::iter(head.map(Ok));
    let state = (hub, latest, tick, connection, Recheck::new(), page, slot);
    let rest = futures_util::stream::unfold(state, |mut state| async move {
        let (hub, latest, tick, connection, recheck, page, _) = &mut state;
        // A client that has not taken what it was sent gets the newest
        // state once it has (the ones between are of no use to a screen).
        let bytes = loop {
            let behind = connection.behind();
            if !behind {
                recheck.reset();
            }
            tokio::select! {
                changed = latest.changed(), if !behind => {
                    changed.ok()?;
                    break latest.borrow_and_update().for_page(page);
                }
                () = recheck.pause(), if behind => {}
                _ = tick.tick() => break tick_event(hub),
            }
        };
        Some((Ok(bytes), state))
    });
    futures_util::StreamExt::chain(first, rest)
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;
    use crate::net::limits::Limits;
    use crate::show::{Action, Audience, Session, SimulatedClock};

    fn hub(name: &str, clock: ShowClock) -> Arc<Hub> {
        let text = "[event]\ntitle = \"T\"\ndate = 2030-01-01\ntimezone = \"UTC\"\n\
                    [[clock]]\nlabel = \"UTC\"\ntimezone = \"UTC\"\n\
                    [[segment]]\ntitle = \"A\"\nstart = \"09:00\"\nend = \"09:10\"\n\
                    [[segment]]\ntitle = \"B\"\nstart = \"09:10\"\nend = \"09:20\"\n\
                    [[contact]]\nname = \"Crew\"\nphone = \"202.746.2328\"\n";
        let agenda = crate::agenda::parse("t.toml", text).unwrap().agenda;
        let dir = std::env::temp_dir().join(format!("showclock-live-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let journal = dir.join(format!("{name}.jsonl"));
        let _ = std::fs::remove_file(&journal);
        Hub::with_clock(Session::open(agenda, &journal).unwrap(), clock)
    }

    fn data(event: &str) -> serde_json::Value {
        let line = event
            .lines()
            .find_map(|l| l.strip_prefix("data: "))
            .unwrap();
        serde_json::from_str(line).unwrap()
    }

    #[test]
    fn the_next_state_is_due_at_the_warning_threshold() {
        // 09:07:50 in a 09:00-09:10 slot with a 2 min warning: due at 09:08.
        let show_start = "2030-01-01T09:07:50Z".parse().unwrap();
        let clock = ShowClock::Simulated(SimulatedClock {
            real_start: Utc::now(),
            show_start,
            speed: 1.0,
        });
        let hub = hub("boundary", clock);
        let (state, wait) = state_event(&hub);
        let state = data(&String::from_utf8_lossy(&state.with_message));
        assert_eq!(state["state"]["current"]["title"], "A");
        assert!(
            wait > Duration::from_secs(9)
                && wait <= Duration::from_secs(10) + Duration::from_millis(5),
            "{wait:?}"
        );
        // Twice as fast: half the real wait.
        let hub = hub_at_speed("twice", show_start, 2.0);
        let (_, wait) = state_event(&hub);
        assert!(
            wait > Duration::from_secs(4) && wait < Duration::from_secs(6),
            "{wait:?}"
        );
        // Nothing due for long: sent again anyway.
        let hub = hub_at_speed("early", "2030-01-01T08:00:00Z".parse().unwrap(), 1.0);
        let (_, wait) = state_event(&hub);
        assert_eq!(wait, REFRESH);
    }

    fn hub_at_speed(name: &str, show_start: DateTime<Utc>, speed: f64) -> Arc<Hub> {
        hub(
            name,
            ShowClock::Simulated(SimulatedClock {
                real_start: Utc::now(),
                show_start,
                speed,
            }),
        )
    }

    #[tokio::test]
    async fn a_page_gets_the_show_the_state_and_every_change() {
        let hub = hub("stream", ShowClock::Real);
        let feed = LiveFeed::start(Arc::clone(&hub));
        let limits = Limits::new(100);
        let connection = limits.admit("127.0.0.1".parse().unwrap(), true).unwrap();
        let slot = limits
            .open_stream(Role::Viewer, "127.0.0.1".parse().unwrap(), None)
            .unwrap();
        let mut stream = Box::pin(stream(
            Arc::clone(&hub),
            feed.clone(),
            (Role::Viewer, Page::Speaker(None)),
            slot,
            Arc::clone(&connection.connection),
        ));
        // The head comes in five pieces (the agenda shared by every stream).
        let mut head = Vec::new();
        for _ in 0..5 {
            head.extend_from_slice(&stream.next().await.unwrap().unwrap());
        }
        let head = String::from_utf8(head).unwrap();
        let (show, state) = head.split_once("\n\n").unwrap();
        assert!(show.starts_with("event: show\n"));
        assert_eq!(data(show)["role"], "viewer");
        assert_eq!(data(show)["agenda"]["segments"][1]["title"], "B");
        assert!(
            !show.contains("202.746.2328"),
            "no crew phone numbers on a page"
        );
        assert!(hub.agenda_json().len() > feed.page_agenda.len());
        assert!(state.starts_with("event: state\nid: 0\n"), "{state}");
        assert!(
            head.ends_with("\n\n") && head.contains("event: tick\n"),
            "{head}"
        );

        // A note to the moderator never reaches a speaker's page; one to
        // the speakers does.
        hub.act(
            Action::Message {
                text: "Skip Zhe, he lost audio".into(),
                audience: Audience::Moderator,
            },
            Utc::now(),
        )
        .unwrap();
        let next = String::from_utf8(stream.next().await.unwrap().unwrap().to_vec()).unwrap();
        assert!(next.starts_with("event: state\nid: 1\n"), "{next}");
        assert!(!next.contains("Skip Zhe"), "{next}");
        assert_eq!(data(&next)["state"]["message"], serde_json::Value::Null);
        hub.act(
            Action::Message {
                text: "Wrap up".into(),
                audience: Audience::Speakers,
            },
            Utc::now(),
        )
        .unwrap();
        let next = String::from_utf8(stream.next().await.unwrap().unwrap().to_vec()).unwrap();
        assert!(next.starts_with("event: state\nid: 2\n"), "{next}");
        assert_eq!(data(&next)["state"]["message"], "Wrap up");
        assert_eq!(data(&next)["state"]["message_audience"], "speakers");
        let tick = String::from_utf8(stream.next().await.unwrap().unwrap().to_vec()).unwrap();
        assert!(tick.starts_with("event: tick\n"), "{tick}");
        let tick = data(&tick);
        assert_eq!(tick["real_now_ms"], tick["now_ms"], "the real clock");
    }

    #[test]
    fn each_page_gets_only_the_messages_meant_for_it() {
        let page = |query: &str| Page::from_uri(&query.parse().unwrap()).unwrap();
        let zhe = Audience::Speaker("Zhe WANG".into());
        let cases = [
            ("/v1/live", [false, true, false, true]),
            (
                "/v1/live?page=speaker&name=zhe%20wang",
                [false, true, true, true],
            ),
            (
                "/v1/live?page=speaker&name=Ying",
                [false, true, false, true],
            ),
            ("/v1/live?page=producer", [true, true, true, true]),
            ("/v1/live?page=overlay", [false, false, false, true]),
        ];
        for (query, sees) in cases {
            let audiences = [
                Audience::Moderator,
                Audience::Speakers,
                zhe.clone(),
                Audience::Everyone,
            ];
            for (audience, sees) in audiences.iter().zip(sees) {
                assert_eq!(page(query).sees(audience), sees, "{query} {audience}");
            }
        }
        assert!(Page::from_uri(&"/v1/live?page=stage".parse().unwrap()).is_err());
    }
}
