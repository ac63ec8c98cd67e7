//! A board of many rooms (`showclock board SOURCE...`, the `/board` page):
//! every show on a broker, or under a group of its shows, and shows served
//! at URLs, watched at once and never written to.
//!
//! A broker is followed on one subscription: every show's stream copies
//! what it stores to `showclock-board.<show>.…` (JetStream's republish), and
//! the board reads a show's history once, when it first sees the show, then
//! only what is copied. A look at the broker's streams every
//! [`broker::LOOK_EVERY`] finds shows that started or ended, and catches up
//! a show whose copies were missed (or whose stream predates them). A
//! served show is followed as `follow` does.

mod broker;
pub mod page;
mod tile;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use tile::{Order, RoomLink, Stage, Tile, Upcoming, Watched, tile};
use tile::{arrange, common_clocks};

use crate::agenda::Clock;
use crate::net::{FollowOptions, Follower};
use crate::show::{Session, ShowClock};
use crate::sync::ShowsAddress;
use crate::sync::broker::Reach;

/// Where a board's rooms come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Every show under a broker's address.
    Broker(ShowsAddress),
    /// One show served with `--share`.
    Server(String),
}

impl Source {
    /// `nats://…`/`tls://…` is a broker, `http(s)://…` a served show.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.starts_with("http://") || text.starts_with("https://") {
            let (url, token) = with_token(text);
            crate::net::Endpoint::parse(url)?;
            if let Some(token) = token {
                crate::net::check_token(token).map_err(|e| format!("{url}: token: {e}"))?;
            }
            Ok(Self::Server(text.to_string()))
        } else if text.starts_with("nats://") || text.starts_with("tls://") {
            ShowsAddress::parse(text).map(Self::Broker)
        } else {
            Err(format!(
                "{:?} is neither a broker (nats://HOST/, nats://HOST/GROUP.) nor a shared show (http://HOST:PORT)",
                crate::text::inert(text)
            ))
        }
    }
}

/// How the board reaches its sources.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// For served shows: the token (a view token only watches; a control
    /// token lets an opened room act).
    pub token: Option<String>,
    /// For brokers: a `.creds` file (else the environment's user, password
    /// or token, as `--sync` takes them).
    pub nats_creds: Option<std::path::PathBuf>,
    /// A private CA, for `tls://` and `https://`.
    pub ca_cert: Option<std::path::PathBuf>,
    /// Watch the shows' rehearsals rather than the live shows.
    pub rehearsal: bool,
}

/// A show the board holds from a broker.
struct Held {
    /// The show's name, shown until its agenda is read.
    name: String,
    session: Option<Session>,
    clock: ShowClock,
    /// The broker it came from (its link is the room's).
    source: String,
}

/// A broker's link, as its watcher last saw it.
#[derive(Default)]
struct BrokerLink {
    link: RoomLink,
    /// Shows on it are known (the first look at its streams is done).
    looked: bool,
}

#[derive(Default)]
struct Rooms {
    /// By the show's address (`nats://HOST:PORT/SHOW`).
    held: BTreeMap<String, Held>,
    brokers: BTreeMap<String, BrokerLink>,
}

type Listener = Box<dyn Fn() + Send + Sync>;

/// What the sources' tasks share with the board.
struct Inner {
    rooms: Mutex<Rooms>,
    listeners: Mutex<Vec<Listener>>,
}

impl Inner {
    fn rooms(&self) -> MutexGuard<'_, Rooms> {
        self.rooms.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Tells every listener something changed.
    fn changed(&self) {
        for listener in self
            .listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            listener();
        }
    }
}

/// A show served with `--share`, followed.
struct Served {
    url: String,
    token: Option<String>,
    follower: Follower,
}

/// Every room of the board's sources. Dropping it stops watching.
pub struct Board {
    inner: Arc<Inner>,
    servers: Vec<Served>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    credentials: Credentials,
}

/// The board at an instant: what the terminal and the page draw, and what
/// `GET /v1/board` answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardView {
    pub now: DateTime<Utc>,
    /// The instant the header's clocks show: now, or on a board of
    /// rehearsals the first room's simulated clock.
    pub clock_now: DateTime<Utc>,
    /// The rooms are rehearsals (`board --rehearse`).
    pub rehearsal: bool,
    pub order: Order,
    /// The clocks the rooms on the board have in common.
    pub clocks: Vec<Clock>,
    pub rooms: Vec<Tile>,
    /// Each source, and whether it answers.
    pub sources: Vec<SourceView>,
}

impl BoardView {
    /// The board of these tiles at a real instant: in the order asked for
    /// (room names as `lang` gives them), headed by the clocks of the
    /// agendas (by address) of the rooms it shows.
    pub fn new(
        tiles: Vec<Tile>,
        agendas: &[(&str, &crate::agenda::Agenda)],
        order: Order,
        lang: &crate::i18n::Language,
        real_now: DateTime<Utc>,
        rehearsal: bool,
    ) -> Self {
        let rooms = arrange(tiles, order, lang, real_now);
        let shown = agendas
            .iter()
            .filter(|(address, _)| rooms.iter().any(|t| t.address == *address))
            .map(|(_, agenda)| *agenda);
        let clock_now = match rooms.first().and_then(|t| t.show_now) {
            Some(show_now) if rehearsal => show_now,
            _ => real_now,
        };
        Self {
            now: real_now,
            clock_now,
            rehearsal,
            order,
            clocks: common_clocks(shown),
            rooms,
            sources: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceView {
    pub address: String,
    pub connected: bool,
    /// When its link was lost, while it is.
    pub lost_since: Option<DateTime<Utc>>,
    pub problem: Option<String>,
    /// For a broker: whether its shows are known yet.
    pub looked: bool,
}

impl Board {
    /// Starts watching every source. Fails only on a served show that can
    /// never work (a bad token or certificate); a broker that refuses, and
    /// any source out of reach, is tried again for as long as the board
    /// lives, and says why on the board.
    pub fn watch(sources: &[Source], credentials: Credentials) -> Result<Self, String> {
        let inner = Arc::new(Inner {
            rooms: Mutex::default(),
            listeners: Mutex::default(),
        });
        let mut servers = Vec::new();
        let mut tasks = Vec::new();
        for source in sources {
            match source {
                Source::Server(text) => {
                    let (url, own) = with_token(text);
                    let token = own.map(String::from).or_else(|| credentials.token.clone());
                    let weak: Weak<Inner> = Arc::downgrade(&inner);
                    let follower = Follower::connect_with(
                        url,
                        FollowOptions {
                            token: token.clone(),
                            ca_cert: credentials.ca_cert.clone(),
                        },
                        move || {
                            if let Some(inner) = weak.upgrade() {
                                inner.changed();
                            }
                        },
                    )
                    .map_err(|e| format!("{url}: {e}"))?;
                    servers.push(Served {
                        url: url.to_string(),
                        token,
                        follower,
                    });
                }
                Source::Broker(address) => {
                    let address = ShowsAddress {
                        rehearsal: credentials.rehearsal,
                        ..address.clone()
                    };
                    let reach = Reach {
                        server: address.server_url(),
                        tls: address.tls,
                        creds: credentials.nats_creds.clone(),
                        ca_cert: credentials.ca_cert.clone(),
                    };
                    inner
                        .rooms()
                        .brokers
                        .insert(address.to_string(), BrokerLink::default());
                    tasks.push(crate::net::runtime().spawn(broker::watch(
                        address,
                        reach,
                        Arc::clone(&inner),
                    )));
                }
            }
        }
        Ok(Self {
            inner,
            servers,
            tasks,
            credentials,
        })
    }

    /// Calls `notify` whenever a room or a link changes. It must not block.
    pub fn on_change(&self, notify: impl Fn() + Send + Sync + 'static) {
        self.inner
            .listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Box::new(notify));
    }

    /// How the board reaches its sources: what opening a room uses too.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The token a served room is followed with: what opening it uses.
    pub fn token_for(&self, address: &str) -> Option<String> {
        self.servers
            .iter()
            .find(|s| s.url == address)
            .and_then(|s| s.token.clone())
    }

    /// The board at a real instant, in the order asked for, room names
    /// sorted as `lang` gives them.
    pub fn view(
        &self,
        order: Order,
        lang: &crate::i18n::Language,
        real_now: DateTime<Utc>,
    ) -> BoardView {
        let mut tiles = Vec::new();
        let mut agendas = Vec::new();
        let mut sources = Vec::new();
        {
            let rooms = self.inner.rooms();
            for (address, broker) in &rooms.brokers {
                sources.push(SourceView {
                    address: address.clone(),
                    connected: broker.link.connected,
                    lost_since: broker.link.lost_since,
                    problem: broker.link.problem.clone(),
                    looked: broker.looked,
                });
            }
            for (address, held) in &rooms.held {
                let link = rooms
                    .brokers
                    .get(&held.source)
                    .map(|b| b.link.clone())
                    .unwrap_or_default();
                let watched = held.session.as_ref().map(|session| Watched {
                    session,
                    clock: held.clock,
                    offset: chrono::TimeDelta::zero(),
                });
                if let Some(session) = &held.session {
                    agendas.push((address.clone(), session.shared_agenda()));
                }
                tiles.push(tile(address, &held.name, watched, link, real_now));
            }
        }
        for Served { url, follower, .. } in &self.servers {
            let (clock, offset) = (follower.show_clock(), follower.clock_offset());
            let (made, agenda, source) = follower.with(|mirror, status| {
                let connected = status.state == crate::net::LinkState::Connected;
                let link = RoomLink {
                    connected,
                    lost_since: (!connected).then(|| {
                        real_now
                            - chrono::TimeDelta::from_std(status.since.elapsed())
                                .unwrap_or_default()
                    }),
                    problem: status.problem.clone(),
                };
                let watched = mirror.map(|session| Watched {
                    session,
                    clock,
                    offset,
                });
                let source = SourceView {
                    address: url.clone(),
                    connected,
                    lost_since: link.lost_since,
                    problem: status.problem.clone(),
                    looked: mirror.is_some(),
                };
                (
                    tile(url, &host_of(url), watched, link, real_now),
                    mirror.map(|m| (url.clone(), m.shared_agenda())),
                    source,
                )
            });
            tiles.push(made);
            agendas.extend(agenda);
            sources.push(source);
        }
        let agendas: Vec<(&str, &crate::agenda::Agenda)> = agendas
            .iter()
            .map(|(a, agenda)| (a.as_str(), agenda.as_ref()))
            .collect();
        BoardView {
            sources,
            ..BoardView::new(
                tiles,
                &agendas,
                order,
                lang,
                real_now,
                self.credentials.rehearsal,
            )
        }
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// A served show's URL, and the token its `#token=TOKEN` gives (as the
/// links `showclock links` prints carry it): each room its own.
fn with_token(text: &str) -> (&str, Option<&str>) {
    match text.split_once('#') {
        Some((url, fragment)) => (url, fragment.strip_prefix("token=")),
        None => (text, None),
    }
}

/// A served show's name before it is heard from: its URL's host and port.
fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or(url)
        .to_string()
}
