//! The hub: one show, shared between the screen's key presses and any
//! number of network clients. Every action goes through `act`, which writes
//! the journal and then tells every subscriber, in order.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use crate::agenda::Agenda;
use crate::show::{ActError, Action, Entry, Session, ShowClock};

pub struct Hub {
    inner: Mutex<Inner>,
    /// The show's clock: network actions and states are taken on it.
    clock: ShowClock,
}

struct Inner {
    session: Session,
    subscribers: Vec<Sender<Entry>>,
}

/// What a new subscriber starts from: the agenda and the journal so far.
/// Entries sent on the receiver follow these without gap or overlap.
pub struct Subscription {
    pub agenda: Agenda,
    pub entries: Vec<Entry>,
    pub updates: Receiver<Entry>,
}

impl Hub {
    /// A show on the real clock.
    pub fn new(session: Session) -> Arc<Self> {
        Self::with_clock(session, ShowClock::Real)
    }

    /// A show on a given clock (a rehearsal's simulated one).
    pub fn with_clock(session: Session, clock: ShowClock) -> Arc<Self> {
        Arc::new(Self {
            inner: Mutex::new(Inner {
                session,
                subscribers: Vec::new(),
            }),
            clock,
        })
    }

    pub fn clock(&self) -> ShowClock {
        self.clock
    }

    /// The show's time now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.show_time(Utc::now())
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the session half
        // updated (Session::record commits last), so a poisoned lock is safe.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records an action and hands it to every subscriber.
    pub fn act(&self, action: Action, at: DateTime<Utc>) -> Result<Entry, ActError> {
        let mut inner = self.lock();
        let entry = inner.session.act(action, at)?;
        inner.subscribers.retain(|s| s.send(entry.clone()).is_ok());
        Ok(entry)
    }

    pub fn subscribe(&self) -> Subscription {
        let mut inner = self.lock();
        let (sender, updates) = channel();
        inner.subscribers.push(sender);
        Subscription {
            agenda: inner.session.agenda().clone(),
            entries: inner.session.entries().to_vec(),
            updates,
        }
    }

    /// Calls `notify` with every new entry, from a thread of its own, for
    /// as long as the hub lives: how the serving app's loop learns of
    /// actions taken over the network (e.g. a producer's message), as in
    /// `hub.watch(move |_| { let _ = tx.send(AppEvent::Network); })`.
    pub fn watch(
        &self,
        notify: impl Fn(&Entry) + Send + 'static,
    ) -> std::io::Result<std::thread::JoinHandle<()>> {
        let updates = self.subscribe().updates;
        std::thread::Builder::new()
            .name("showclock-hub-watch".into())
            .spawn(move || {
                for entry in updates {
                    notify(&entry);
                }
            })
    }

    /// Reads the session under the lock.
    pub fn with<R>(&self, read: impl FnOnce(&Session) -> R) -> R {
        read(&self.lock().session)
    }
}
