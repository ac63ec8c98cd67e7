//! The hub: one show, shared between the screen's key presses and any
//! number of network clients. Every action goes through `act`, which writes
//! the journal and then announces the entry on a bounded broadcast channel.
//! A listener that falls more than [`BACKLOG`] entries behind learns that it
//! lagged (and, on the network, is dropped and resumes by `Last-Event-ID`):
//! no listener can slow the others or make the hub hold more than that.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use tokio::sync::broadcast;

use crate::report::StateDocument;
use crate::show::{ActError, Action, Entry, Recorded, Session, ShowClock, Snapshot};

/// Entries the broadcast channel holds for its slowest listener.
pub const BACKLOG: usize = 1024;
/// Entries per piece of the journal as JSON (see [`Hub::journal_piece`]).
pub const PIECE: usize = 256;

/// A journal entry as announced: its 1-based position and the entry.
#[derive(Debug, Clone)]
pub struct Announced {
    pub id: usize,
    pub entry: Arc<Entry>,
    /// The history it belongs to (see [`Hub::epoch`]).
    pub epoch: u64,
}

/// What a change made to the show's history, for the hub to announce.
pub enum Change {
    Nothing,
    /// One entry was appended.
    Appended,
    /// The history was replaced (a synced instance adopted the shared one):
    /// every stream restarts from a fresh hello.
    Replaced,
}

pub struct Hub {
    session: Mutex<Session>,
    /// The journal as JSON, by pieces of [`PIECE`] entries, made the first
    /// time a client asks for each whole piece: a hundred viewers joining
    /// a long show cost one serialisation of its journal, not a hundred.
    pieces: Mutex<Vec<Bytes>>,
    /// The show's clock: network actions and states are taken on it.
    clock: ShowClock,
    updates: broadcast::Sender<Announced>,
    /// The agenda as JSON, made once per history.
    agenda_json: Mutex<Bytes>,
    /// Tells this hub's history from another (a restarted server, or a
    /// history replaced by a synced show) to a client that wants to resume
    /// its event stream.
    instance: Mutex<Arc<str>>,
    /// Counts replaced histories: an event stream of an earlier one ends.
    epoch: AtomicU64,
}

impl Hub {
    /// A show on the real clock.
    pub fn new(session: Session) -> Arc<Self> {
        Self::with_clock(session, ShowClock::Real)
    }

    /// A show on a given clock (a rehearsal's simulated one).
    pub fn with_clock(session: Session, clock: ShowClock) -> Arc<Self> {
        Arc::new(Self {
            agenda_json: Mutex::new(agenda_json(&session)),
            session: Mutex::new(session),
            pieces: Mutex::default(),
            clock,
            updates: broadcast::channel(BACKLOG).0,
            instance: Mutex::new(super::access::generate_token().into()),
            epoch: AtomicU64::new(0),
        })
    }

    pub fn clock(&self) -> ShowClock {
        self.clock
    }

    /// The show's time now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.show_time(Utc::now())
    }

    pub fn instance(&self) -> Arc<str> {
        Arc::clone(&self.instance.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Which history the show is on: it changes when a synced instance
    /// adopts another.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    /// The agenda, as JSON.
    pub fn agenda_json(&self) -> Bytes {
        self.agenda_json
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn lock(&self) -> MutexGuard<'_, Session> {
        // A panic while holding the lock cannot leave the session half
        // updated (Session::record commits last), so a poisoned lock is safe.
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records an action and announces it.
    pub fn act(&self, action: Action, at: DateTime<Utc>) -> Result<Entry, ActError> {
        self.act_once(action, at, None)
            .map(|recorded| recorded.entry)
    }

    /// Records an action named by `id` once (see [`Session::act_once`]) and
    /// announces it if it is new.
    pub fn act_once(
        &self,
        action: Action,
        at: DateTime<Utc>,
        id: Option<String>,
    ) -> Result<Recorded, ActError> {
        let mut session = self.lock();
        let recorded = session.act_once(action, at, id)?;
        if !recorded.repeated {
            self.announce(&session, recorded.entry.clone());
        }
        Ok(recorded)
    }

    /// Sent under the lock: listeners see entries in journal order, and one
    /// that subscribed at length N gets exactly the entries after N.
    fn announce(&self, session: &Session, entry: Entry) {
        let _ = self.updates.send(Announced {
            id: session.entries().len(),
            entry: Arc::new(entry),
            epoch: self.epoch(),
        });
    }

    /// Changes the session under its lock (a synced show's link brings
    /// another instance's entries) and announces what changed.
    pub fn update<R>(&self, change: impl FnOnce(&mut Session) -> (Change, R)) -> R {
        let mut session = self.lock();
        let (change, result) = change(&mut session);
        match change {
            Change::Nothing => {}
            Change::Appended => {
                if let Some(last) = session.entries().last() {
                    self.announce(&session, last.clone());
                }
            }
            Change::Replaced => {
                *self.agenda_json.lock().unwrap_or_else(|p| p.into_inner()) = agenda_json(&session);
                self.pieces().clear();
                *self.instance.lock().unwrap_or_else(|p| p.into_inner()) =
                    super::access::generate_token().into();
                self.epoch.fetch_add(1, Ordering::AcqRel);
                // Wakes every listener; streams of the old history end.
                let last = session.entries().last().cloned();
                let _ = self.updates.send(Announced {
                    id: session.entries().len(),
                    entry: Arc::new(
                        last.unwrap_or_else(|| Entry::new(self.now(), Action::ClearMessage)),
                    ),
                    epoch: self.epoch(),
                });
            }
        }
        result
    }

    /// The journal's length now and a receiver of every entry after it.
    pub fn subscribe(&self) -> (usize, broadcast::Receiver<Announced>) {
        let session = self.lock();
        (session.entries().len(), self.updates.subscribe())
    }

    /// Calls `notify` with every new entry, from a thread of its own, for
    /// as long as the hub lives: how the serving app's loop learns of
    /// actions taken over the network (e.g. a producer's message). After a
    /// lag it is called with the latest entry.
    pub fn watch(
        &self,
        notify: impl Fn(&Entry) + Send + 'static,
    ) -> std::io::Result<std::thread::JoinHandle<()>> {
        let mut updates = self.updates.subscribe();
        std::thread::Builder::new()
            .name("showclock-hub-watch".into())
            .spawn(move || {
                loop {
                    match updates.blocking_recv() {
                        Ok(announced) => notify(&announced.entry),
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => return,
                    }
                }
            })
    }

    /// Entries `k * PIECE ..` (at most `PIECE`, none past `upto`) as JSON
    /// objects separated by commas, with a comma before them but for the
    /// first piece: pieces in a row make the hello's journal array.
    pub fn journal_piece(&self, k: usize, upto: usize) -> Bytes {
        let (from, end) = (k * PIECE, ((k + 1) * PIECE).min(upto));
        let whole = end == (k + 1) * PIECE;
        if whole && let Some(piece) = self.pieces().get(k) {
            return piece.clone();
        }
        // Copied under the show's lock, written out of it: an action never
        // waits for a viewer's JSON.
        let entries = self.with(|session| session.entries()[from..end].to_vec());
        let mut out = Vec::with_capacity(entries.len() * 96);
        for (i, entry) in entries.iter().enumerate() {
            if from + i > 0 {
                out.push(b',');
            }
            let _ = serde_json::to_writer(&mut out, entry);
        }
        let piece = Bytes::from(out);
        // Pieces are cached in order, so a piece's index is its place.
        let mut pieces = self.pieces();
        if whole && pieces.len() == k {
            pieces.push(piece.clone());
        }
        piece
    }

    fn pieces(&self) -> MutexGuard<'_, Vec<Bytes>> {
        self.pieces.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The state document at `now`, with the snapshot it was made from and
    /// the journal's length. What it needs is taken under the show's lock
    /// and the document is built outside it: a crowd of viewers asking for
    /// the state never holds up an action.
    pub fn state_at(&self, now: DateTime<Utc>) -> (StateDocument, Snapshot, usize) {
        let (agenda, log, snapshot, length) = self.with(|session| {
            (
                session.shared_agenda(),
                session.log().clone(),
                session.snapshot(now),
                session.entries().len(),
            )
        });
        (
            StateDocument::build(&agenda, &log, &snapshot),
            snapshot,
            length,
        )
    }

    /// Reads the session under the lock.
    pub fn with<R>(&self, read: impl FnOnce(&Session) -> R) -> R {
        read(&self.lock())
    }
}

fn agenda_json(session: &Session) -> Bytes {
    serde_json::to_vec(session.agenda())
        .map(Bytes::from)
        .unwrap_or_default()
}
