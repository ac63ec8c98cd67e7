//! The hub: one show, shared between the screen's key presses and any
//! number of network clients. Every action goes through `act`, which writes
//! the journal and then announces the entry on a bounded broadcast channel.
//! A listener that falls more than [`BACKLOG`] entries behind learns that it
//! lagged (and, on the network, is dropped and resumes by `Last-Event-ID`):
//! no listener can slow the others or make the hub hold more than that.

use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use tokio::sync::broadcast;

use crate::report::StateDocument;
use crate::show::{ActError, Action, Entry, Session, ShowClock, Snapshot};

/// Entries the broadcast channel holds for its slowest listener.
pub const BACKLOG: usize = 1024;
/// Entries per piece of the journal as JSON (see [`Hub::journal_piece`]).
pub const PIECE: usize = 256;

/// A journal entry as announced: its 1-based position and the entry.
#[derive(Debug, Clone)]
pub struct Announced {
    pub id: usize,
    pub entry: Arc<Entry>,
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
    /// The agenda as JSON, made once: it never changes while the hub lives.
    agenda_json: Bytes,
    /// Tells this hub from another (a restarted server) to a client that
    /// wants to resume its event stream.
    instance: String,
}

impl Hub {
    /// A show on the real clock.
    pub fn new(session: Session) -> Arc<Self> {
        Self::with_clock(session, ShowClock::Real)
    }

    /// A show on a given clock (a rehearsal's simulated one).
    pub fn with_clock(session: Session, clock: ShowClock) -> Arc<Self> {
        let agenda_json = serde_json::to_vec(session.agenda())
            .map(Bytes::from)
            .unwrap_or_default();
        Arc::new(Self {
            session: Mutex::new(session),
            pieces: Mutex::default(),
            clock,
            updates: broadcast::channel(BACKLOG).0,
            agenda_json,
            instance: super::access::generate_token(),
        })
    }

    pub fn clock(&self) -> ShowClock {
        self.clock
    }

    /// The show's time now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.show_time(Utc::now())
    }

    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// The agenda, as JSON.
    pub fn agenda_json(&self) -> Bytes {
        self.agenda_json.clone()
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
        let mut session = self.lock();
        let entry = session.act(action, at)?;
        // Sent under the lock: listeners see entries in journal order, and
        // one that subscribed at length N gets exactly the entries after N.
        let _ = self.updates.send(Announced {
            id: session.entries().len(),
            entry: Arc::new(entry.clone()),
        });
        Ok(entry)
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
