//! Watching every show under a broker's address: one subscription to what
//! the streams copy, and a look at the streams every [`LOOK_EVERY`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream;
use chrono::Utc;
use futures_util::{StreamExt, TryStreamExt};
use tokio::sync::Notify;

use super::{Held, Inner, RoomLink};
use crate::agenda::Agenda;
use crate::show::{Entry, Session, ShowClock};
use crate::sync::broker::{self, BrokerError, Connection, Delivered, Item, Reach};
use crate::sync::{BOARD_SUBJECT, ShowAddress, ShowsAddress, admitted};

/// How often the board looks at the broker's streams: shows that started
/// or ended, and copies missed.
pub const LOOK_EVERY: Duration = Duration::from_secs(2);
/// How long to wait before trying a broker that refused again.
const REFUSED_RETRY: Duration = Duration::from_secs(5);

/// One show as read from its stream.
struct Feed {
    address: ShowAddress,
    /// The stream's last sequence read.
    last: u64,
    agenda: Option<Agenda>,
    actions: Vec<Entry>,
    clock: ShowClock,
    /// When the stream was made: one deleted and made again under the same
    /// name (a show started afresh) is read afresh.
    created: Option<i128>,
    /// For a stream that copies nothing to boards (made by an older
    /// showclock, on a server that cannot add copies to it): a consumer of
    /// its own, so that its cues too show at once.
    consumer: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Feed {
    fn drop(&mut self) {
        if let Some(task) = &self.consumer {
            task.abort();
        }
    }
}

/// What a stream's own consumer passes on: the show's name, and a message.
type Consumed = (String, Delivered);

impl Feed {
    fn new(address: ShowAddress) -> Self {
        Self {
            address,
            created: None,
            consumer: None,
            last: 0,
            agenda: None,
            actions: Vec::new(),
            clock: ShowClock::Real,
        }
    }

    /// Takes a message in stream order; false if it is not the next one
    /// (already read, or some were missed).
    fn take(&mut self, delivered: Delivered) -> bool {
        if delivered.sequence != self.last + 1 {
            return false;
        }
        self.last = delivered.sequence;
        match delivered.item {
            Item::Agenda(text) => {
                let name = format!("{} (the show's agenda on the broker)", self.address.show);
                if let Ok(loaded) = crate::agenda::parse(&name, &text) {
                    self.agenda = Some(loaded.agenda);
                }
            }
            Item::Action(entry) => self.actions.push(entry),
            Item::Clock(clock) => self.clock = ShowClock::Simulated(clock),
            Item::Other(_) => {}
        }
        true
    }

    /// The show as every instance sees it: the actions that can happen,
    /// in order.
    fn session(&self) -> Option<Session> {
        let agenda = self.agenda.clone()?;
        let entries = admitted(&agenda, self.actions.iter().cloned());
        Session::mirror(agenda, entries).ok()
    }
}

/// Follows the broker for as long as the board lives.
pub(super) async fn watch(address: ShowsAddress, reach: Reach, inner: Arc<Inner>) {
    let source = address.to_string();
    let connection = Arc::new(Mutex::new(Connection::default()));
    let wake = Arc::new(Notify::new());
    loop {
        match broker::connect(&reach, Arc::clone(&connection), Arc::clone(&wake)).await {
            Ok(client) => {
                follow(client, &address, &source, &inner, &connection, &wake).await;
            }
            Err(error) => {
                set_link(&inner, &source, |link| {
                    link.connected = false;
                    link.lost_since.get_or_insert_with(Utc::now);
                    link.problem = Some(error.to_string());
                });
                let pause = match error {
                    BrokerError::Refused(_) => REFUSED_RETRY,
                    BrokerError::Unreachable(_) => Duration::from_secs(1),
                };
                tokio::time::sleep(pause).await;
            }
        }
    }
}

fn set_link(inner: &Inner, source: &str, change: impl FnOnce(&mut RoomLink)) {
    {
        let mut rooms = inner.rooms();
        let Some(broker) = rooms.brokers.get_mut(source) else {
            return;
        };
        let before = broker.link.clone();
        change(&mut broker.link);
        if broker.link == before {
            return;
        }
    }
    inner.changed();
}

/// Follows a connected broker; returns if its subscription ends.
async fn follow(
    client: async_nats::Client,
    address: &ShowsAddress,
    source: &str,
    inner: &Inner,
    connection: &Mutex<Connection>,
    wake: &Notify,
) {
    let js = broker::context(client.clone());
    let mut copies = match client.subscribe(address.board_subjects()).await {
        Ok(copies) => copies,
        Err(e) => {
            set_link(inner, source, |link| {
                link.problem = Some(format!("cannot follow the shows' copies: {e}"));
            });
            tokio::time::sleep(REFUSED_RETRY).await;
            return;
        }
    };
    let mut feeds: HashMap<String, Feed> = HashMap::new();
    let (consumed, mut from_consumers) = tokio::sync::mpsc::channel::<Consumed>(1024);
    let mut look = tokio::time::interval(LOOK_EVERY);
    look.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            copy = copies.next() => {
                let Some(copy) = copy else { return };
                let Some(name) = show_of(copy.subject.as_str()) else { continue };
                let Some(live) = address.covers(name) else { continue };
                let Some(feed) = feeds.get_mut(&live) else {
                    // A show not seen yet: look now rather than at the next tick.
                    look.reset_immediately();
                    continue;
                };
                let Some(delivered) = broker::copied(&feed.address, &copy) else { continue };
                take(&js, inner, source, feed, delivered).await;
            }
            Some((name, delivered)) = from_consumers.recv() => {
                if let Some(feed) = feeds.get_mut(&name) {
                    take(&js, inner, source, feed, delivered).await;
                }
            }
            _ = look.tick() => {
                let linked = {
                    let state = connection.lock().unwrap_or_else(|p| p.into_inner());
                    (state.connected, state.lost_since)
                };
                set_link(inner, source, |link| {
                    link.connected = linked.0;
                    link.lost_since = linked.1;
                    if linked.0 {
                        link.problem = None;
                    }
                });
                let looked = if linked.0 {
                    look_at_streams(&js, address, source, inner, &mut feeds, &consumed).await
                } else {
                    Err(BrokerError::Unreachable(String::new()))
                };
                if let (true, Err(e)) = (linked.0, &looked) {
                    // Connected, but the streams cannot be listed (a user
                    // that may not): say why rather than "connecting".
                    set_link(inner, source, |link| link.problem = Some(e.to_string()));
                }
                if looked.is_ok() {
                    let first = {
                        let mut rooms = inner.rooms();
                        rooms.brokers.get_mut(source).is_some_and(|b| !std::mem::replace(&mut b.looked, true))
                    };
                    if first {
                        inner.changed();
                    }
                }
            }
            _ = wake.notified() => {
                // The link came back: look again now.
                look.reset_immediately();
            }
        }
    }
}

/// The show's name in a copy's subject, `showclock-board.<show>.<kind>`.
fn show_of(subject: &str) -> Option<&str> {
    let rest = subject.strip_prefix(BOARD_SUBJECT)?.strip_prefix('.')?;
    Some(rest.rsplit_once('.')?.0)
}

/// The show a stream holds, by its subjects (`showclock.<show>.>`).
fn stream_show(info: &jetstream::stream::Info) -> Option<String> {
    let [subject] = info.config.subjects.as_slice() else {
        return None;
    };
    let name = subject.strip_prefix("showclock.")?.strip_suffix(".>")?;
    Some(name.to_string())
}

/// Puts a message of a show on the board: the next one is taken; one
/// after a gap has the gap read from the stream first.
async fn take(
    js: &jetstream::Context,
    inner: &Inner,
    source: &str,
    feed: &mut Feed,
    delivered: Delivered,
) {
    if delivered.sequence <= feed.last {
        return;
    }
    if !feed.take(delivered) {
        let _ = catch_up(js, feed).await;
    }
    publish(inner, source, feed);
}

/// Follows a stream that copies nothing to boards with a consumer of its
/// own, from where the feed is.
fn consume(
    js: &jetstream::Context,
    feed: &Feed,
    name: String,
    to: tokio::sync::mpsc::Sender<Consumed>,
) -> tokio::task::JoinHandle<()> {
    let (js, address, start) = (js.clone(), feed.address.clone(), feed.last + 1);
    tokio::spawn(async move {
        let Ok(stream) = js.get_stream(address.stream()).await else {
            return;
        };
        let Ok(mut messages) = broker::follow_from(&stream, start).await else {
            return;
        };
        while let Some(Ok(message)) = messages.next().await {
            if let Some(delivered) = broker::delivered(&address, &message)
                && to.send((name.clone(), delivered)).await.is_err()
            {
                return;
            }
        }
    })
}

/// Finds shows that started or ended, and reads what any stream holds
/// beyond what was copied.
async fn look_at_streams(
    js: &jetstream::Context,
    address: &ShowsAddress,
    source: &str,
    inner: &Inner,
    feeds: &mut HashMap<String, Feed>,
    consumed: &tokio::sync::mpsc::Sender<Consumed>,
) -> Result<(), BrokerError> {
    let unreachable = |e: &dyn std::fmt::Display| {
        BrokerError::Unreachable(format!("cannot list the broker's streams: {e}"))
    };
    let mut listed = HashMap::new();
    let mut streams = js.streams();
    while let Some(info) = streams.try_next().await.map_err(|e| unreachable(&e))? {
        let Some(live) = stream_show(&info).and_then(|name| address.covers(&name)) else {
            continue;
        };
        listed.insert(
            live,
            (
                info.state.last_sequence,
                info.created.unix_timestamp_nanos(),
                info.config.republish.is_some(),
            ),
        );
    }
    let gone: Vec<String> = feeds
        .keys()
        .filter(|name| !listed.contains_key(*name))
        .cloned()
        .collect();
    for name in gone {
        if let Some(feed) = feeds.remove(&name) {
            inner.rooms().held.remove(&feed.address.url());
            inner.changed();
        }
    }
    for (name, (last, created, copies)) in listed {
        let feed = feeds
            .entry(name.clone())
            .or_insert_with(|| Feed::new(address.show(&name)));
        if feed.created.is_some_and(|c| c != created) || last < feed.last {
            *feed = Feed::new(address.show(&name));
        }
        feed.created = Some(created);
        if last > feed.last || feed.last == 0 {
            let _ = catch_up(js, feed).await;
            publish(inner, source, feed);
        }
        let consuming = feed.consumer.as_ref().is_some_and(|t| !t.is_finished());
        if !copies && !consuming {
            feed.consumer = Some(consume(js, feed, name.clone(), consumed.clone()));
        }
    }
    Ok(())
}

/// Reads what the stream holds after the feed's last message.
async fn catch_up(js: &jetstream::Context, feed: &mut Feed) -> Result<(), BrokerError> {
    let mut stream = js
        .get_stream(feed.address.stream())
        .await
        .map_err(|e| BrokerError::Unreachable(format!("cannot open the show's stream: {e}")))?;
    // A stream whose first messages are gone (purged, or limited) starts
    // later: read from where it starts.
    let first = stream
        .info()
        .await
        .map_err(|e| BrokerError::Unreachable(format!("cannot read the show's stream: {e}")))?
        .state
        .first_sequence;
    feed.last = feed.last.max(first.saturating_sub(1));
    let (read, _) = broker::read_from(&mut stream, &feed.address, feed.last + 1).await?;
    for delivered in read {
        feed.take(delivered);
    }
    Ok(())
}

/// Puts the feed's show on the board.
fn publish(inner: &Inner, source: &str, feed: &Feed) {
    let held = Held {
        name: feed.address.show.clone(),
        session: feed.session(),
        clock: feed.clock,
        source: source.to_string(),
    };
    inner.rooms().held.insert(feed.address.url(), held);
    inner.changed();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_show_from_a_copys_subject() {
        assert_eq!(
            show_of("showclock-board.conference-2026.room-a.action"),
            Some("conference-2026.room-a")
        );
        assert_eq!(show_of("showclock-board.dialogue.agenda"), Some("dialogue"));
        assert_eq!(show_of("showclock.dialogue.agenda"), None);
        assert_eq!(show_of("showclock-board.x"), None);
    }
}
