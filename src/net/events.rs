//! `GET /v1/events`: the show as Server-Sent Events.
//!
//! - `hello` (`id:` the journal's length): the agenda, the whole journal,
//!   the show's time, the server's wall clock, the show's clock and this
//!   server's instance. Streamed from the journal a few hundred entries at
//!   a time, never built whole in memory per client.
//! - or, for a client that sends `Last-Event-ID: N` (N no more than the
//!   journal's length, and at most 256 behind it), `resume` (`id: N`): the
//!   instance and the clocks, then the entries after N. A client whose mirror came from another
//!   instance (a restarted server) reconnects without `Last-Event-ID`.
//! - `entry` (`id:` its 1-based position) for each entry after that.
//! - `heartbeat` (the clocks and the entries sent so far) every second.
//!
//! A client that falls `hub::BACKLOG` entries behind is dropped; it resumes.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{Instant, MissedTickBehavior, interval_at};

use super::hub::{Announced, Hub, PIECE};
use super::limits::{Connection, StreamSlot};
use super::meter::Recheck;
use crate::agenda::Agenda;
use crate::show::{Entry, ShowClock};

/// The event stream sends a heartbeat at least this often.
pub const HEARTBEAT: Duration = Duration::from_secs(1);
/// The most entries a client may have missed and still resume: more get
/// the whole hello, whose journal pieces are cached, rather than a catch-up
/// written entry by entry for that client alone.
const MAX_RESUME_GAP: usize = 256;

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
    /// Which server this is: resuming needs the same one.
    #[serde(default)]
    pub instance: String,
}

/// The first event of a resumed stream; the entries after the client's
/// `Last-Event-ID` follow.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Resume {
    pub instance: String,
    pub now: DateTime<Utc>,
    pub real_now: DateTime<Utc>,
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

/// The clocks as the hello's closing fields are written.
#[derive(Serialize)]
struct Clocks<'a> {
    now: DateTime<Utc>,
    real_now: DateTime<Utc>,
    clock: ShowClock,
    instance: &'a str,
}

/// One Server-Sent Event: `data` must be one line (compact JSON is).
fn event(name: &str, id: Option<usize>, data: &str) -> Bytes {
    let id = id.map_or_else(String::new, |id| format!("id: {id}\n"));
    Bytes::from(format!("event: {name}\n{id}data: {data}\n\n"))
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

enum Step {
    /// The hello's journal, entries `next..upto`.
    Hello {
        next: usize,
        upto: usize,
    },
    Live,
}

struct Stream {
    hub: Arc<Hub>,
    updates: broadcast::Receiver<Announced>,
    /// Entries this stream has carried.
    sent: usize,
    step: Step,
    heartbeat: tokio::time::Interval,
    /// The history this stream carries: it ends when the hub adopts another.
    epoch: u64,
    connection: Arc<Connection>,
    recheck: Recheck,
    _slot: StreamSlot,
}

/// The stream's bytes: the first event (`hello`, or `resume` when
/// `resume_from` is a position in the journal), then live events.
pub fn stream(
    hub: Arc<Hub>,
    resume_from: Option<usize>,
    slot: StreamSlot,
    connection: Arc<Connection>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::convert::Infallible>> + Send {
    let epoch = hub.epoch();
    let (length, updates) = hub.subscribe();
    let real_now = Utc::now();
    let clock = hub.clock();
    let close_behind = |n: &usize| *n <= length && length - *n <= MAX_RESUME_GAP;
    let (first, step) = match resume_from.filter(close_behind) {
        Some(from) => {
            let resume = Resume {
                instance: hub.instance().to_string(),
                now: clock.show_time(real_now),
                real_now,
                clock,
            };
            let mut out = event("resume", Some(from), &json(&resume)).to_vec();
            let missed = hub.with(|session| session.entries()[from..length].to_vec());
            for (i, entry) in missed.iter().enumerate() {
                out.extend_from_slice(&event("entry", Some(from + i + 1), &json(entry)));
            }
            (Bytes::from(out), Step::Live)
        }
        None => {
            let mut head = format!("event: hello\nid: {length}\ndata: {{\"agenda\":").into_bytes();
            head.extend_from_slice(&hub.agenda_json());
            head.extend_from_slice(b",\"journal\":[");
            (
                Bytes::from(head),
                Step::Hello {
                    next: 0,
                    upto: length,
                },
            )
        }
    };
    let mut heartbeat = interval_at(Instant::now() + HEARTBEAT, HEARTBEAT);
    heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let state = Stream {
        hub,
        updates,
        sent: length,
        step,
        heartbeat,
        epoch,
        connection,
        recheck: Recheck::new(),
        _slot: slot,
    };
    let first = futures_util::stream::once(async move { Ok(first) });
    let rest = futures_util::stream::unfold(state, |mut state| async move {
        let bytes = state.next().await?;
        Some((Ok(bytes), state))
    });
    futures_util::StreamExt::chain(first, rest)
}

impl Stream {
    async fn next(&mut self) -> Option<Bytes> {
        // A hello half sent from a history since replaced is not sent on.
        if self.hub.epoch() != self.epoch {
            return None;
        }
        match self.step {
            Step::Hello { next, upto } => Some(self.hello_piece(next, upto)),
            Step::Live => self.live().await,
        }
    }

    /// The next entries of the hello's journal, or its closing fields.
    fn hello_piece(&mut self, next: usize, upto: usize) -> Bytes {
        if next * PIECE < upto {
            self.step = Step::Hello {
                next: next + 1,
                upto,
            };
            return self.hub.journal_piece(next, upto);
        }
        let real_now = Utc::now();
        let clock = self.hub.clock();
        let clocks = json(&Clocks {
            now: clock.show_time(real_now),
            real_now,
            clock,
            instance: &self.hub.instance(),
        });
        self.step = Step::Live;
        // `{"now":...}` becomes `],"now":...}`, closing the journal's array.
        Bytes::from(format!("],{}\n\n", &clocks[1..]))
    }

    async fn live(&mut self) -> Option<Bytes> {
        loop {
            // Entries wait while the client has not taken what it was sent
            // (heartbeats still go); one that falls too far behind is dropped.
            let behind = self.connection.behind();
            if !behind {
                self.recheck.reset();
            }
            tokio::select! {
                () = self.recheck.pause(), if behind => {}
                update = self.updates.recv(), if !behind => match update {
                    // Another history: the client starts again from a hello.
                    Ok(announced) if announced.epoch != self.epoch => return None,
                    Ok(announced) if announced.id == self.sent + 1 => {
                        self.sent = announced.id;
                        return Some(event("entry", Some(announced.id), &json(&*announced.entry)));
                    }
                    // Announced before this stream's snapshot was taken.
                    Ok(announced) if announced.id <= self.sent => {}
                    // Fell behind: end, and let the client resume.
                    Ok(_) | Err(RecvError::Lagged(_) | RecvError::Closed) => return None,
                },
                _ = self.heartbeat.tick() => {
                    if self.hub.epoch() != self.epoch {
                        return None;
                    }
                    let real_now = Utc::now();
                    let beat = Heartbeat {
                        now: self.hub.clock().show_time(real_now),
                        real_now,
                        journal_entries: self.sent,
                    };
                    return Some(event("heartbeat", None, &json(&beat)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;
    use crate::net::access::Role;
    use crate::net::hub::BACKLOG;
    use crate::net::limits::Limits;
    use crate::show::{Action, Session};

    fn hub(name: &str) -> Arc<Hub> {
        let text = "[event]\ntitle = \"T\"\ndate = 2030-01-01\ntimezone = \"UTC\"\n\
                    [[clock]]\nlabel = \"UTC\"\ntimezone = \"UTC\"\n\
                    [[segment]]\ntitle = \"A\"\nstart = \"09:00\"\nend = \"09:10\"\n";
        let agenda = crate::agenda::parse("t.toml", text).unwrap().agenda;
        let dir = std::env::temp_dir().join(format!("showclock-events-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let journal = dir.join(format!("{name}.jsonl"));
        let _ = std::fs::remove_file(&journal);
        Hub::new(Session::open(agenda, &journal).unwrap())
    }

    fn message(i: usize) -> Action {
        Action::Message {
            text: format!("message {i}"),
            audience: Default::default(),
        }
    }

    fn text(bytes: &[Bytes]) -> String {
        bytes
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect()
    }

    #[tokio::test]
    async fn a_hello_comes_in_pieces_and_a_client_that_falls_behind_is_dropped() {
        let hub = hub("lag");
        for i in 0..PIECE + 10 {
            hub.act(message(i), Utc::now()).unwrap();
        }
        let limits = Limits::new(100);
        let connection = limits.admit("127.0.0.1".parse().unwrap(), true).unwrap();
        let slot = limits
            .open_stream(Role::Anyone, "127.0.0.1".parse().unwrap(), None)
            .unwrap();
        let stream = stream(
            Arc::clone(&hub),
            None,
            slot,
            Arc::clone(&connection.connection),
        );
        let mut stream = Box::pin(stream);
        // Head, two pieces of the journal, the closing fields.
        let mut pieces = Vec::new();
        for _ in 0..4 {
            pieces.push(stream.next().await.unwrap().unwrap());
        }
        let hello = text(&pieces);
        assert!(hello.starts_with(&format!("event: hello\nid: {}\ndata: ", PIECE + 10)));
        let data = hello
            .lines()
            .nth(2)
            .unwrap()
            .strip_prefix("data: ")
            .unwrap();
        let hello: Hello = serde_json::from_str(data).unwrap();
        assert_eq!(hello.journal, hub.with(|s| s.entries().to_vec()));
        assert_eq!(*hello.instance, *hub.instance());

        // One entry arrives in time; then more than the backlog at once.
        hub.act(message(1000), Utc::now()).unwrap();
        let next = text(&[stream.next().await.unwrap().unwrap()]);
        assert!(
            next.starts_with(&format!("event: entry\nid: {}\n", PIECE + 11)),
            "{next}"
        );
        for i in 0..=BACKLOG {
            hub.act(message(i), Utc::now()).unwrap();
        }
        assert_eq!(limits.open_streams(), (1, 0));
        assert!(
            stream.next().await.is_none(),
            "a client that lagged is dropped"
        );
        assert_eq!(limits.open_streams(), (0, 0), "its place is given back");
    }

    #[tokio::test]
    async fn a_resumed_stream_sends_what_the_client_missed() {
        let hub = hub("resume");
        for i in 0..5 {
            hub.act(message(i), Utc::now()).unwrap();
        }
        let limits = Limits::new(100);
        let connection = limits.admit("127.0.0.1".parse().unwrap(), true).unwrap();
        let slot = limits
            .open_stream(Role::Anyone, "127.0.0.1".parse().unwrap(), None)
            .unwrap();
        let mut stream = Box::pin(stream(
            Arc::clone(&hub),
            Some(3),
            slot,
            Arc::clone(&connection.connection),
        ));
        // The resume and what the client missed come as one piece.
        let first = text(&[stream.next().await.unwrap().unwrap()]);
        assert!(first.starts_with("event: resume\nid: 3\n"), "{first}");
        let resume: Resume = serde_json::from_str(
            first
                .lines()
                .nth(2)
                .unwrap()
                .strip_prefix("data: ")
                .unwrap(),
        )
        .unwrap();
        assert_eq!(*resume.instance, *hub.instance());
        let missed = first.split_once("\n\n").unwrap().1;
        let ids: Vec<&str> = missed.lines().filter(|l| l.starts_with("id: ")).collect();
        assert_eq!(ids, ["id: 4", "id: 5"]);
        assert!(missed.contains("message 3") && missed.contains("message 4"));
    }
}
