//! The running link of a synced instance: a task on the process's client
//! runtime that follows the show's stream (an ordered consumer: everything
//! in stream order, from where it left off, across lost links) and appends
//! this instance's waiting actions, one at a time, each under its id and
//! with the stream's last sequence expected.

use crate::t;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use async_nats::jetstream;
use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use super::broker::{self, Appended, BrokerError, BrokerOptions, Connection, Delivered, Item};
use super::ledger::{Ledger, SetAside, Step};
use crate::net::{Change, Hub};
use crate::show::{Entry, JournalStore, Session};

/// Tries of one action that lost the race to another instance before it
/// is set aside (each try catches up first).
const MAX_CONFLICTS: u32 = 8;
/// How often the link checks that the consumer keeps up with the stream.
const STALE_CHECK: Duration = Duration::from_secs(2);
/// A consumer silent this long while the stream has more is followed afresh.
const STALE_AFTER: Duration = Duration::from_millis(1500);
/// The clocks may differ this much before every screen says so.
pub const MAX_CLOCK_OFFSET: TimeDelta = TimeDelta::seconds(1);

/// What every screen, page and `status` say about the link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// The show's address (no credentials ever appear in it).
    pub show: String,
    pub connected: bool,
    /// When the link was lost, while it is.
    pub lost_since: Option<DateTime<Utc>>,
    /// This instance's actions not yet in the stream.
    pub waiting: usize,
    /// Actions set aside (in `set_aside_file`) since this instance started.
    pub set_aside: usize,
    pub set_aside_file: PathBuf,
    /// This instance's NATS user may only watch.
    pub read_only: bool,
    /// How far this machine's clock is behind the broker's (positive) or
    /// ahead (negative), in milliseconds, when over [`MAX_CLOCK_OFFSET`].
    pub clock_offset_ms: Option<i64>,
    /// The latest thing the operator should know (an action set aside, a
    /// refused one).
    pub notice: Option<String>,
}

/// Shared by the link's task, the session's store and the screens.
pub struct Shared {
    ledger: Mutex<Ledger>,
    connection: Arc<Mutex<Connection>>,
    wake: Arc<Notify>,
    status: Mutex<SyncStatus>,
}

impl Shared {
    pub fn new(show: String, set_aside_file: PathBuf, ledger: Ledger) -> Arc<Self> {
        let set_aside = count_lines(&set_aside_file);
        Arc::new(Self {
            ledger: Mutex::new(ledger),
            connection: Arc::default(),
            wake: Arc::new(Notify::new()),
            status: Mutex::new(SyncStatus {
                show,
                set_aside_file,
                set_aside,
                ..SyncStatus::default()
            }),
        })
    }

    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn status(&self) -> MutexGuard<'_, SyncStatus> {
        self.status.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn connection(&self) -> Arc<Mutex<Connection>> {
        Arc::clone(&self.connection)
    }

    pub fn wake(&self) -> Arc<Notify> {
        Arc::clone(&self.wake)
    }

    fn links(&self) -> u64 {
        self.connection
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .links
    }

    fn connected(&self) -> bool {
        self.connection
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .connected
    }

    /// The broker said this user may not publish somewhere.
    pub fn forbidden(&self) -> bool {
        self.connection
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .forbidden
            .is_some()
    }

    /// At start: what the stream holds (`history`, up to `last_sequence`)
    /// against the local journal's `entries`.
    pub fn resync(
        &self,
        agenda: &crate::agenda::Agenda,
        entries: &[Entry],
        history: Vec<Entry>,
        last_sequence: u64,
    ) -> Step {
        self.ledger()
            .resync(agenda, entries, history, last_sequence)
    }

    /// At a start with the broker unreachable: every local action waits, as
    /// taken offline.
    pub fn all_offline(&self, entries: &[Entry]) {
        let mut ledger = self.ledger();
        *ledger = Ledger::new(0, 0);
        for id in entries.iter().filter_map(|entry| entry.id.as_deref()) {
            ledger.taken_offline(id);
        }
    }

    pub fn set_read_only(&self, read_only: bool) {
        self.status().read_only = read_only;
    }

    pub fn note(&self, notice: String) {
        self.status().notice = Some(notice);
    }

    /// The link as of now; `entries` are the session's.
    pub fn snapshot(&self, entries: &[Entry]) -> SyncStatus {
        let waiting = self.ledger().waiting(entries).len();
        let (connected, lost_since) = {
            let connection = self.connection.lock().unwrap_or_else(|p| p.into_inner());
            (connection.connected, connection.lost_since)
        };
        SyncStatus {
            connected,
            lost_since,
            waiting,
            ..self.status().clone()
        }
    }

    /// Writes what is set aside to the file beside the journal (fsynced)
    /// before the history that leaves it out is adopted: nothing that was
    /// shown to an operator is lost silently.
    fn set_aside(&self, actions: &[SetAside]) -> std::io::Result<()> {
        if actions.is_empty() {
            return Ok(());
        }
        let path = self.status().set_aside_file.clone();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        let mut text = String::new();
        for action in actions {
            text.push_str(&serde_json::to_string(action).map_err(std::io::Error::other)?);
            text.push('\n');
        }
        file.write_all(text.as_bytes())?;
        file.sync_data()?;
        let mut status = self.status();
        status.set_aside += actions.len();
        let why = &actions[actions.len() - 1].why;
        status.notice = Some(format!(
            "{} action{} set aside ({}): {why}",
            actions.len(),
            if actions.len() == 1 { "" } else { "s" },
            path.display()
        ));
        Ok(())
    }
}

fn count_lines(path: &Path) -> usize {
    std::fs::read(path).map_or(0, |bytes| {
        bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count()
    })
}

/// The journal file, and the stream after it: each action is fsynced
/// locally first (the operator never waits for the network), then the link
/// is woken to append it to the stream.
pub struct SyncStore {
    file: Box<dyn JournalStore>,
    shared: Arc<Shared>,
}

impl SyncStore {
    pub fn new(file: Box<dyn JournalStore>, shared: Arc<Shared>) -> Self {
        Self { file, shared }
    }
}

impl JournalStore for SyncStore {
    fn append(&mut self, entry: &Entry) -> std::io::Result<()> {
        self.file.append(entry)?;
        if !self.shared.connected()
            && let Some(id) = &entry.id
        {
            self.shared.ledger().taken_offline(id);
        }
        self.shared.wake.notify_one();
        Ok(())
    }

    fn replace(&mut self, entries: &[Entry]) -> std::io::Result<()> {
        self.file.replace(entries)
    }

    fn refuses(&self) -> Option<String> {
        self.shared
            .status()
            .read_only
            .then(|| t!(crate::i18n::terminal(), "sync-read-only"))
    }
}

/// Carries out what the ledger decided, under the hub's lock.
pub fn apply_step(session: &mut Session, shared: &Shared, step: Step) -> Change {
    match step {
        Step::Nothing => Change::Nothing,
        Step::LeftOut(why) => {
            shared.note(t!(crate::i18n::terminal(), "sync-left-out", why = why));
            Change::Nothing
        }
        Step::Append(entry) => match session.record(entry) {
            Ok(()) => Change::Appended,
            Err(e) => {
                shared.note(t!(
                    crate::i18n::terminal(),
                    "sync-not-recorded",
                    why = e.to_string()
                ));
                Change::Nothing
            }
        },
        Step::Replace {
            agenda,
            entries,
            set_aside,
        } => {
            if let Err(e) = shared.set_aside(&set_aside) {
                // Not adopted: the actions stay in the journal, waiting.
                shared.note(t!(
                    crate::i18n::terminal(),
                    "sync-set-aside-failed",
                    why = e.to_string()
                ));
                return Change::Nothing;
            }
            match session.adopt(agenda, entries) {
                Ok(()) => Change::Replaced,
                Err(e) => {
                    shared.note(t!(
                        crate::i18n::terminal(),
                        "sync-cannot-adopt",
                        why = e.to_string()
                    ));
                    Change::Nothing
                }
            }
        }
    }
}

/// Applies one message of the stream.
fn arrive(hub: &Hub, shared: &Shared, delivered: Delivered) {
    let Delivered { sequence, item, .. } = delivered;
    hub.update(|session| {
        let mut ledger = shared.ledger();
        let step = match item {
            Item::Action(entry) => {
                let agenda = session.shared_agenda();
                ledger.arrive(&agenda, session.entries(), sequence, entry)
            }
            Item::Agenda(text) => match crate::agenda::parse("agenda", &text) {
                Ok(loaded) if loaded.agenda == *session.agenda() => {
                    ledger.note_sequence(sequence);
                    Step::Nothing
                }
                Ok(loaded) => ledger.arrive_agenda(loaded.agenda, session.entries(), sequence),
                Err(problems) => {
                    ledger.note_sequence(sequence);
                    Step::LeftOut(format!(
                        "a replacement agenda that does not load ({})",
                        problems
                            .first()
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    ))
                }
            },
            Item::Clock(_) => {
                ledger.note_sequence(sequence);
                Step::Nothing
            }
            Item::Other(why) => {
                ledger.note_sequence(sequence);
                Step::LeftOut(why)
            }
        };
        drop(ledger);
        (apply_step(session, shared, step), ())
    });
}

/// A publish on its way: the action's id, and when it left.
struct InFlight {
    id: String,
    sent: DateTime<Utc>,
    task: JoinHandle<Result<jetstream::publish::PublishAck, Appended>>,
}

/// What the link waits for before it appends again.
enum Hold {
    Free,
    /// Acknowledged at this sequence: wait until the stream brings it.
    Delivery(u64, DateTime<Utc>),
    /// Lost the race at this last sequence: wait for what won it.
    Behind(u64, Instant),
    /// Unknown outcome: try again at this instant.
    Until(Instant),
}

/// Everything the link's task needs.
pub struct Link {
    pub hub: Arc<Hub>,
    pub shared: Arc<Shared>,
    pub options: BrokerOptions,
    /// Ready when the instance started online; otherwise the task connects.
    pub ready: Option<Ready>,
}

/// A connection made at start, with the stream followed past what was read.
pub struct Ready {
    pub client: async_nats::Client,
    pub stream: jetstream::stream::Stream,
    pub messages: jetstream::consumer::pull::Ordered,
}

impl Link {
    /// Runs the link on the process's client runtime for as long as the
    /// process lives.
    pub fn start(self) {
        crate::net::runtime().spawn(self.run());
    }

    async fn run(self) {
        let Link {
            hub,
            shared,
            options,
            ready,
        } = self;
        let ready = match ready {
            Some(ready) => ready,
            None => match reconnect(&hub, &shared, &options).await {
                Some(ready) => ready,
                None => return,
            },
        };
        let Ready {
            client,
            mut stream,
            mut messages,
        } = ready;
        let js = broker::context(client.clone());
        let mut in_flight: Option<InFlight> = None;
        let mut hold = Hold::Free;
        let mut conflicts = 0u32;
        let mut links = shared.links();
        let mut last_arrival = Instant::now();
        let mut last_check = Instant::now();
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                next = messages.next() => match next {
                    Some(Ok(message)) => {
                        last_arrival = Instant::now();
                        if let Some(delivered) = broker::delivered(&options.address, &message) {
                            clock_check(&shared, &delivered, &hold);
                            arrive(&hub, &shared, delivered);
                        }
                    }
                    // The ordered consumer recreates itself from where it
                    // was; an error here is a lost link, said elsewhere.
                    Some(Err(_)) => {}
                    None => {
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        let from = shared.ledger().last_sequence() + 1;
                        if let Ok(again) = broker::follow_from(&stream, from).await {
                            messages = again;
                        }
                    }
                },
                outcome = async { (&mut in_flight.as_mut().expect("guarded").task).await }, if in_flight.is_some() => {
                    let sent = in_flight.take().expect("guarded");
                    hold = match outcome {
                        Ok(Ok(ack)) => {
                            conflicts = 0;
                            Hold::Delivery(ack.sequence, sent.sent)
                        }
                        Ok(Err(Appended::Conflict)) => {
                            conflicts += 1;
                            if conflicts >= MAX_CONFLICTS {
                                conflicts = 0;
                                give_up(&hub, &shared, &sent.id);
                                Hold::Free
                            } else {
                                Hold::Behind(shared.ledger().last_sequence(), Instant::now())
                            }
                        }
                        Ok(Err(Appended::Forbidden(why))) => {
                            shared.set_read_only(true);
                            shared.note(t!(
                                crate::i18n::terminal(),
                                "sync-may-not-act",
                                why = why
                            ));
                            Hold::Until(Instant::now() + Duration::from_secs(3600))
                        }
                        Ok(Err(Appended::Unknown(_))) | Err(_) => {
                            Hold::Until(Instant::now() + Duration::from_millis(500))
                        }
                    };
                }
                () = shared.wake.notified() => {}
                _ = tick.tick() => {}
            }
            let last = shared.ledger().last_sequence();
            let waiting_for_stream = matches!(hold, Hold::Delivery(..) | Hold::Behind(..));
            let due = last_check.elapsed() > STALE_CHECK
                || (waiting_for_stream && last_check.elapsed() > STALE_AFTER);
            let mut stale = false;
            if due && shared.connected() && last_arrival.elapsed() > STALE_AFTER {
                // The stream holds more than the consumer brought (its node
                // was lost in a cluster, say): follow it afresh.
                last_check = Instant::now();
                if let Ok(Ok(info)) = tokio::time::timeout(STALE_AFTER, stream.info()).await {
                    stale = info.state.last_sequence > last;
                }
            }
            if stale || (shared.links() != links && shared.connected()) {
                // A new link (the broker may have lost the consumer with its
                // restart) or a consumer behind: follow again from the last
                // message applied.
                if let Ok(again) = broker::follow_from(&stream, last + 1).await {
                    links = shared.links();
                    last_arrival = Instant::now();
                    messages = again;
                }
            }
            hold = match hold {
                Hold::Delivery(sequence, _) if last >= sequence => Hold::Free,
                // Acknowledged but not brought back: the consumer was
                // followed afresh; sending again under the id stores nothing.
                Hold::Delivery(_, sent) if Utc::now() - sent > TimeDelta::seconds(3) => Hold::Free,
                Hold::Behind(at, since)
                    if last > at || since.elapsed() > Duration::from_secs(3) =>
                {
                    Hold::Free
                }
                Hold::Until(when) if Instant::now() >= when => Hold::Free,
                other => other,
            };
            if in_flight.is_none() && matches!(hold, Hold::Free) && shared.connected() {
                in_flight = send_next(&hub, &shared, &js, &options);
            }
        }
    }
}

/// Starts appending the first waiting action, if there is one.
fn send_next(
    hub: &Hub,
    shared: &Shared,
    js: &jetstream::Context,
    options: &BrokerOptions,
) -> Option<InFlight> {
    if shared.status().read_only {
        return None;
    }
    let (entry, expected) = hub.with(|session| {
        let ledger = shared.ledger();
        ledger
            .waiting(session.entries())
            .first()
            .cloned()
            .map(|entry| (entry, ledger.last_sequence()))
    })?;
    let id = entry.id.clone()?;
    let payload = Bytes::from(serde_json::to_vec(&entry).ok()?);
    let js = js.clone();
    let subject = options.address.action_subject();
    let key = id.clone();
    let task =
        tokio::spawn(
            async move { broker::append(&js, subject, Some(&key), expected, payload).await },
        );
    Some(InFlight {
        id,
        sent: Utc::now(),
        task,
    })
}

/// Sets aside the first waiting action (it could not be appended).
fn give_up(hub: &Hub, shared: &Shared, id: &str) {
    hub.update(|session| {
        let agenda = session.shared_agenda();
        let step = {
            let mut ledger = shared.ledger();
            match ledger.waiting(session.entries()).first() {
                Some(first) if first.id.as_deref() == Some(id) => ledger.give_up_first(
                    &agenda,
                    session.entries(),
                    "other instances kept acting first: it could not be appended",
                ),
                _ => Step::Nothing,
            }
        };
        (apply_step(session, shared, step), ())
    });
}

/// Compares this machine's clock with the broker's: a message this
/// instance sent was stored between sending and now; any message was stored
/// before now.
fn clock_check(shared: &Shared, delivered: &Delivered, hold: &Hold) {
    let Some(stored) = delivered.stored else {
        return;
    };
    let now = Utc::now();
    let offset = match hold {
        Hold::Delivery(sequence, sent) if *sequence == delivered.sequence => {
            // Stored within [sent, now] by a right clock.
            if stored < *sent - MAX_CLOCK_OFFSET || stored > now + MAX_CLOCK_OFFSET {
                Some(stored - (*sent + (now - *sent) / 2))
            } else {
                None
            }
        }
        _ if stored > now + MAX_CLOCK_OFFSET => Some(stored - now),
        // A message stored before now: only "ahead" is certain, and only
        // for a message this instance sent (above).
        _ => {
            let mut status = shared.status();
            if matches!(hold, Hold::Delivery(..)) {
                status.clock_offset_ms = None;
            }
            return;
        }
    };
    shared.status().clock_offset_ms = offset.map(|o| o.num_milliseconds());
}

/// Connects when the instance started offline, then catches up with
/// whatever the stream holds (a [`Ledger::resync`]).
async fn reconnect(hub: &Hub, shared: &Shared, options: &BrokerOptions) -> Option<Ready> {
    loop {
        match open_stream(options, shared, false).await {
            Ok(Some((client, mut stream))) => {
                match broker::read_all(&mut stream, &options.address).await {
                    Ok((read, messages)) => {
                        resync(hub, shared, read);
                        return Some(Ready {
                            client,
                            stream,
                            messages,
                        });
                    }
                    Err(e) => shared.note(e.to_string()),
                }
            }
            Ok(None) => shared.note(t!(
                crate::i18n::terminal(),
                "sync-not-on-broker",
                show = options.address.show.as_str()
            )),
            Err(BrokerError::Refused(why)) => {
                shared.note(why);
                return None;
            }
            Err(BrokerError::Unreachable(_)) => {}
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Connects and opens the show's stream (creating it if `create`).
pub async fn open_stream(
    options: &BrokerOptions,
    shared: &Shared,
    create: bool,
) -> Result<Option<(async_nats::Client, jetstream::stream::Stream)>, BrokerError> {
    let client = broker::connect(&options.reach(), shared.connection(), shared.wake()).await?;
    let js = broker::context(client.clone());
    Ok(broker::show_stream(&js, options, create)
        .await?
        .map(|stream| (client, stream)))
}

/// Adopts what the stream holds after an outage at start.
fn resync(hub: &Hub, shared: &Shared, read: Vec<Delivered>) {
    let last = read.last().map_or(0, |d| d.sequence);
    hub.update(|session| {
        let agenda = session.shared_agenda();
        let actions = read.into_iter().filter_map(|d| match d.item {
            Item::Action(entry) => Some(entry),
            _ => None,
        });
        let history = super::ledger::admitted(&agenda, actions);
        let step = shared
            .ledger()
            .resync(&agenda, session.entries(), history, last);
        (apply_step(session, shared, step), ())
    });
    shared.wake.notify_one();
}
