//! `GET /v1/board` and `GET /v1/board/live`: a board of many rooms, served
//! beside the show. The server knows nothing of how a board is made (the
//! board watches brokers and other servers, and sits above this module): it
//! is given an [`Overview`], which writes the document, and says when it
//! changes.
//!
//! `/v1/board/live` is an event stream of `board` events, each the whole
//! document (`GET /v1/board`'s JSON, on one line): at once, within
//! [`DEBOUNCE`] of every change in any room (and no sooner than [`MIN_GAP`]
//! after the document before), and just after each second of
//! the server's clock, so a page's digits count and a lost link's age grows
//! (and a dead stream is noticed when they stop). One task per server makes
//! each document once, however many pages watch.

use std::sync::{Arc, Weak};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use tokio::sync::{Notify, watch};

use super::limits::{Connection, StreamSlot};
use super::meter::Recheck;

/// How a board orders its rooms (`?order=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BoardOrder {
    /// What needs attention first (overruns, lost links, the last seconds).
    #[default]
    Attention,
    /// By the room's name.
    Room,
}

impl BoardOrder {
    /// Reads `order` from a request's query: `attention` (the default) or `room`.
    pub fn from_uri(uri: &axum::http::Uri) -> Result<Self, String> {
        #[derive(serde::Deserialize)]
        struct Query {
            order: Option<String>,
        }
        let axum::extract::Query(query) = axum::extract::Query::<Query>::try_from_uri(uri)
            .map_err(|e| format!("the query is not order=… ({e})"))?;
        match query.order.as_deref() {
            None | Some("" | "attention") => Ok(Self::Attention),
            Some("room") => Ok(Self::Room),
            Some(other) => Err(format!(
                "order={:?}: give order=attention (what needs attention first, the default) or order=room",
                crate::text::inert(other)
            )),
        }
    }
}

/// A board of many rooms, as the server serves it.
pub trait Overview: Send + Sync + std::fmt::Debug {
    /// The board at the real instant `now`, in `order`, as JSON on one line.
    fn document(&self, order: BoardOrder, now: DateTime<Utc>) -> Bytes;
    /// Calls `notify` whenever a room or a link changes (not merely the
    /// clock). `notify` does not block.
    fn on_change(&self, notify: Box<dyn Fn() + Send + Sync>);
}

/// After a change, the document is made this much later, so that a burst
/// (a broker's catch-up, a cue with its message) is one document.
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// Documents for changes come at most this often: rooms that change all
/// the time cost each page at most 20 documents a second.
pub const MIN_GAP: Duration = Duration::from_millis(50);

/// The latest documents, in both orders, made once for every stream.
#[derive(Clone)]
pub struct BoardFeed {
    board: Arc<dyn Overview>,
    /// Each stream subscribes; the task stops once every feed (the
    /// server's, and each stream's) is dropped.
    publish: Arc<watch::Sender<Documents>>,
}

#[derive(Clone, Default)]
struct Documents {
    attention: Bytes,
    room: Bytes,
}

impl Documents {
    fn make(board: &dyn Overview) -> Self {
        let now = Utc::now();
        Self {
            attention: event(&board.document(BoardOrder::Attention, now)),
            room: event(&board.document(BoardOrder::Room, now)),
        }
    }

    fn of(&self, order: BoardOrder) -> Bytes {
        match order {
            BoardOrder::Attention => self.attention.clone(),
            BoardOrder::Room => self.room.clone(),
        }
    }
}

fn event(document: &[u8]) -> Bytes {
    let document = document.strip_suffix(b"\n").unwrap_or(document);
    let mut out = Vec::with_capacity(document.len() + 24);
    out.extend_from_slice(b"event: board\ndata: ");
    out.extend_from_slice(document);
    out.extend_from_slice(b"\n\n");
    Bytes::from(out)
}

/// How long until just after the next whole second of the real clock.
fn to_next_second(now: DateTime<Utc>) -> Duration {
    let into = u64::from(now.timestamp_subsec_millis());
    Duration::from_millis(1000 - into.min(999) + 5)
}

impl BoardFeed {
    /// Starts the task that remakes the documents; it runs on the current
    /// tokio runtime for as long as that runtime does. Documents are made
    /// only while some page watches.
    pub fn start(board: Arc<dyn Overview>) -> Self {
        let changed = Arc::new(Notify::new());
        let weak: Weak<Notify> = Arc::downgrade(&changed);
        board.on_change(Box::new(move || {
            if let Some(changed) = weak.upgrade() {
                changed.notify_one();
            }
        }));
        let publish = Arc::new(watch::Sender::new(Documents::default()));
        let weak_publish = Arc::downgrade(&publish);
        let maker = Arc::clone(&board);
        tokio::spawn(async move {
            let mut last = tokio::time::Instant::now();
            loop {
                tokio::select! {
                    () = changed.notified() => {
                        let due = (last + MIN_GAP).max(tokio::time::Instant::now() + DEBOUNCE);
                        tokio::time::sleep_until(due).await;
                    }
                    () = tokio::time::sleep(to_next_second(Utc::now())) => {}
                }
                last = tokio::time::Instant::now();
                let Some(publish) = weak_publish.upgrade() else {
                    return;
                };
                if publish.receiver_count() > 0 {
                    publish.send_replace(Documents::make(maker.as_ref()));
                }
            }
        });
        Self { board, publish }
    }

    /// The board now, as `GET /v1/board` answers.
    pub fn document(&self, order: BoardOrder) -> Bytes {
        self.board.document(order, Utc::now())
    }
}

/// A stream's bytes: the board now, then every new document.
pub fn stream(
    feed: BoardFeed,
    order: BoardOrder,
    slot: StreamSlot,
    connection: Arc<Connection>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::convert::Infallible>> + Send {
    let latest = feed.publish.subscribe();
    let head = event(&feed.document(order));
    let first = futures_util::stream::once(async move { Ok(head) });
    // The feed lives as long as a stream does.
    let state = (latest, connection, Recheck::new(), slot, feed);
    let rest = futures_util::stream::unfold(state, move |mut state| async move {
        let (latest, connection, recheck, _, _) = &mut state;
        // A client that has not taken what it was sent gets the newest
        // document once it has (the ones between are of no use).
        let bytes = loop {
            let behind = connection.behind();
            if !behind {
                recheck.reset();
            }
            tokio::select! {
                changed = latest.changed(), if !behind => {
                    changed.ok()?;
                    break latest.borrow_and_update().of(order);
                }
                () = recheck.pause(), if behind => {}
            }
        };
        Some((Ok(bytes), state))
    });
    futures_util::StreamExt::chain(first, rest)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use futures_util::StreamExt;

    use super::*;
    use crate::net::access::Role;
    use crate::net::limits::Limits;

    /// A board whose document says how often it changed.
    #[derive(Default)]
    struct Counter {
        changes: AtomicUsize,
        listeners: Mutex<Vec<Box<dyn Fn() + Send + Sync>>>,
    }

    impl std::fmt::Debug for Counter {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Counter")
        }
    }

    impl Counter {
        fn change(&self) {
            self.changes.fetch_add(1, Ordering::SeqCst);
            for listener in self.listeners.lock().unwrap().iter() {
                listener();
            }
        }
    }

    impl Overview for Counter {
        fn document(&self, order: BoardOrder, now: DateTime<Utc>) -> Bytes {
            Bytes::from(format!(
                "{{\"order\":\"{order:?}\",\"changes\":{},\"now\":\"{}\"}}\n",
                self.changes.load(Ordering::SeqCst),
                now.to_rfc3339()
            ))
        }

        fn on_change(&self, notify: Box<dyn Fn() + Send + Sync>) {
            self.listeners.lock().unwrap().push(notify);
        }
    }

    fn data(event: &[u8]) -> serde_json::Value {
        let text = std::str::from_utf8(event).unwrap();
        assert!(text.starts_with("event: board\ndata: "), "{text}");
        assert!(text.ends_with("}\n\n"), "{text}");
        serde_json::from_str(text.lines().nth(1).unwrap().strip_prefix("data: ").unwrap()).unwrap()
    }

    #[test]
    fn the_order_is_attention_unless_room_is_asked_for() {
        let order = |q: &str| BoardOrder::from_uri(&q.parse().unwrap());
        assert_eq!(order("/v1/board"), Ok(BoardOrder::Attention));
        assert_eq!(order("/v1/board?order=room"), Ok(BoardOrder::Room));
        assert_eq!(
            order("/v1/board?order=attention"),
            Ok(BoardOrder::Attention)
        );
        assert!(
            order("/v1/board?order=name")
                .unwrap_err()
                .contains("order=room")
        );
    }

    #[test]
    fn the_next_document_is_due_just_after_the_next_second() {
        let at = |t: &str| to_next_second(t.parse().unwrap());
        assert_eq!(at("2030-01-01T09:00:00.250Z"), Duration::from_millis(755));
        assert_eq!(at("2030-01-01T09:00:00Z"), Duration::from_millis(1005));
        assert_eq!(at("2030-01-01T09:00:00.9995Z"), Duration::from_millis(6));
    }

    #[tokio::test]
    async fn a_page_gets_the_board_at_once_every_change_within_the_debounce_and_every_second() {
        let board = Arc::new(Counter::default());
        let feed = BoardFeed::start(Arc::clone(&board) as Arc<dyn Overview>);
        let limits = Limits::new(100);
        let connection = limits.admit("127.0.0.1".parse().unwrap(), true).unwrap();
        let slot = limits
            .open_stream(Role::Viewer, "127.0.0.1".parse().unwrap(), None)
            .unwrap();
        let mut stream = Box::pin(stream(
            feed,
            BoardOrder::Room,
            slot,
            Arc::clone(&connection.connection),
        ));
        let head = data(&stream.next().await.unwrap().unwrap());
        assert_eq!(
            (head["order"].as_str(), head["changes"].as_i64()),
            (Some("Room"), Some(0))
        );

        // A change comes within the debounce, not at the next second.
        tokio::time::sleep(to_next_second(Utc::now()) + Duration::from_millis(400)).await;
        let asked = std::time::Instant::now();
        board.change();
        // (The document of the second before may be waiting: passed over.)
        while data(&stream.next().await.unwrap().unwrap())["changes"] != 1 {}
        let took = asked.elapsed();
        assert!(took < Duration::from_millis(100), "{took:?}");

        // With nothing changing, a document a second, just after the second.
        let mut seconds = Vec::new();
        for _ in 0..2 {
            let next = data(&stream.next().await.unwrap().unwrap());
            let now: DateTime<Utc> = next["now"].as_str().unwrap().parse().unwrap();
            seconds.push(now);
            assert_eq!(next["changes"], 1);
        }
        let gap = seconds[1] - seconds[0];
        assert!(
            (900..=1100).contains(&gap.num_milliseconds()),
            "{seconds:?}"
        );
        assert!(seconds[1].timestamp_subsec_millis() < 100, "{seconds:?}");

        // A room that changes every 5 ms: a document every 50 ms at most,
        // the last one with every change.
        let started = std::time::Instant::now();
        let changes = tokio::spawn({
            let board = Arc::clone(&board);
            async move {
                for _ in 0..100 {
                    board.change();
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
        });
        let mut documents = 0;
        loop {
            let next = data(&stream.next().await.unwrap().unwrap());
            documents += 1;
            if next["changes"] == 101 {
                break;
            }
        }
        changes.await.unwrap();
        let took = started.elapsed();
        let most = took.as_millis() / MIN_GAP.as_millis() + 3;
        assert!(
            documents as u128 <= most,
            "{documents} documents in {took:?}"
        );
    }
}
