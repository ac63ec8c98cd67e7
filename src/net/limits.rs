//! What no client without the control token can use up: connections and
//! event streams, counted in total and per address.
//!
//! Before a request's headers have arrived nobody can tell a producer from
//! an attacker on the same address (one NAT, one SSH tunnel). So a new
//! connection is never refused for lack of room while some connection sits
//! idle: the oldest idle one (no request in service, no stream) from the
//! same address, or else from anywhere, is closed to make room. A flood of
//! slow connections only churns itself; a producer's request gets in and is
//! served within its first milliseconds. Event streams are capped apart
//! from connections, and control-token holders have streams of their own.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;

use super::access::Role;
use super::meter::{MAX_UNREAD, Meter};
use super::reply::ApiError;

/// Connections open at once, at most (lower if the open-files limit is).
pub const MAX_CONNECTIONS: usize = 8192;
/// Connections open at once from one address (a trusted proxy excepted).
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 256;
/// Event streams for viewers (no token, or the view token).
pub const MAX_VIEWER_STREAMS: usize = 2048;
/// Viewer streams from one address other than this machine's loopback
/// (through a trusted proxy: one client's address).
pub const MAX_VIEWER_STREAMS_PER_ADDRESS: usize = 128;
/// Event streams for control-token holders: not shared with viewers.
pub const MAX_CONTROL_STREAMS: usize = 64;

pub struct Limits {
    max_connections: usize,
    /// Viewer streams at most: never more than half the connections, so
    /// streams cannot take every connection.
    max_viewer_streams: usize,
    connections: Mutex<Connections>,
    streams: Mutex<Streams>,
    /// The most connections open at once since [`Limits::take_peak`].
    peak: AtomicUsize,
}

#[derive(Default)]
struct Connections {
    next_id: u64,
    /// By id: oldest first.
    open: BTreeMap<u64, Arc<Connection>>,
    per_address: HashMap<IpAddr, usize>,
}

#[derive(Default)]
struct Streams {
    viewers: usize,
    controllers: usize,
    per_address: HashMap<IpAddr, usize>,
    next_id: u64,
    /// Every open stream, oldest first: who follows the show.
    open: BTreeMap<u64, StreamInfo>,
}

/// One open event stream, for the producer's list of followers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamInfo {
    /// The client's address (for a trusted proxy, the one it forwards).
    pub client: IpAddr,
    pub role: Role,
    pub since: chrono::DateTime<chrono::Utc>,
}

/// One open connection, as the table sees it.
pub struct Connection {
    id: u64,
    peer: IpAddr,
    /// Serving a request or a stream: not to be closed to make room.
    busy: AtomicBool,
    /// Counted against its address's connections (not once it carries an
    /// event stream: streams have caps of their own).
    counted: AtomicBool,
    /// Who it has turned out to be, by [`Trust`]: the least trusted idle
    /// connection is closed first.
    trust: AtomicU8,
    /// Told when the connection is closed to make room.
    closed: Notify,
    /// Carries an event stream.
    streaming: AtomicBool,
    /// What its client has not taken yet.
    pub meter: Meter,
}

/// What a connection has shown of itself. A slow-loris connection never
/// gets past `Unknown`; a producer's kept-alive connection is `Controller`
/// and is the last to be closed to make room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Trust {
    /// No whole request yet.
    Unknown = 0,
    /// Has had a request answered.
    Served = 1,
    /// Has shown the control token.
    Controller = 2,
}

/// An event stream whose oldest byte its client has not taken has waited
/// this long is dropped (a stream sends a heartbeat every second, so a
/// client that reads takes something every second).
pub const STALL_TIMEOUT: Duration = Duration::from_secs(15);

impl Connection {
    /// Raises what the connection is known to be (never lowers it).
    pub fn trusted(&self, trust: Trust) {
        self.trust.fetch_max(trust as u8, Ordering::SeqCst);
    }

    /// Neither serving a request nor carrying an event stream.
    fn idle(&self) -> bool {
        !self.busy.load(Ordering::SeqCst) && !self.streaming.load(Ordering::SeqCst)
    }

    /// Whether the stream on this connection has bytes its client has not
    /// taken for [`STALL_TIMEOUT`], counted from the oldest of them (a
    /// client that stopped reading).
    pub fn stalled(&self) -> bool {
        self.streaming.load(Ordering::SeqCst) && self.meter.backlog().oldest > STALL_TIMEOUT
    }

    /// Whether the client has so much not taken that a stream should hold
    /// its next event back ([`MAX_UNREAD`]).
    pub fn behind(&self) -> bool {
        self.meter.backlog().unread > MAX_UNREAD
    }

    pub fn set_busy(&self, busy: bool) {
        self.busy.store(busy, Ordering::SeqCst);
    }

    /// Resolves when the table closes this connection to make room.
    pub async fn evicted(&self) {
        self.closed.notified().await;
    }
}

/// A connection's place in the table, given back on drop.
pub struct ConnectionSlot {
    limits: Arc<Limits>,
    pub connection: Arc<Connection>,
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut table = self.limits.connections();
        if table.open.remove(&self.connection.id).is_some()
            && self.connection.counted.load(Ordering::SeqCst)
        {
            forget(&mut table.per_address, self.connection.peer);
        }
    }
}

/// An event stream's place, given back on drop.
pub struct StreamSlot {
    limits: Arc<Limits>,
    id: u64,
    role: Role,
    address: Option<IpAddr>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut streams = self.limits.streams();
        streams.open.remove(&self.id);
        match self.role {
            Role::Controller => streams.controllers -= 1,
            Role::Anyone | Role::Viewer => streams.viewers -= 1,
        }
        if let Some(address) = self.address {
            forget(&mut streams.per_address, address);
        }
    }
}

fn forget(counts: &mut HashMap<IpAddr, usize>, address: IpAddr) {
    if let Some(n) = counts.get_mut(&address) {
        *n -= 1;
        if *n == 0 {
            counts.remove(&address);
        }
    }
}

impl Limits {
    /// Room for `max_connections` (capped at [`MAX_CONNECTIONS`]).
    pub fn new(max_connections: usize) -> Arc<Self> {
        let max_connections = max_connections.clamp(16, MAX_CONNECTIONS);
        Arc::new(Self {
            max_connections,
            max_viewer_streams: MAX_VIEWER_STREAMS.min(max_connections / 2),
            connections: Mutex::default(),
            streams: Mutex::default(),
            peak: AtomicUsize::new(0),
        })
    }

    fn connections(&self) -> MutexGuard<'_, Connections> {
        self.connections.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn streams(&self) -> MutexGuard<'_, Streams> {
        self.streams.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Open connections now.
    pub fn open_connections(&self) -> usize {
        self.connections().open.len()
    }

    /// The most connections open at once since the last call.
    pub fn take_peak(&self) -> usize {
        self.peak.swap(0, Ordering::Relaxed)
    }

    /// Event streams now: (viewers, control-token holders).
    pub fn open_streams(&self) -> (usize, usize) {
        let streams = self.streams();
        (streams.viewers, streams.controllers)
    }

    /// Every open event stream, oldest first.
    pub fn followers(&self) -> Vec<StreamInfo> {
        self.streams().open.values().cloned().collect()
    }

    /// Takes a place for a new connection from `peer`, closing the oldest
    /// idle connection (of `peer`, else of anyone) if there is no room.
    /// `None` only when every connection is busy. A trusted proxy's
    /// connections carry many clients: no per-address cap for them.
    pub fn admit(self: &Arc<Self>, peer: IpAddr, per_address_cap: bool) -> Option<ConnectionSlot> {
        let mut table = self.connections();
        if per_address_cap
            && table.per_address.get(&peer).copied().unwrap_or(0) >= MAX_CONNECTIONS_PER_ADDRESS
        {
            evict_oldest_idle(&mut table, Some(peer))?;
        }
        if table.open.len() >= self.max_connections {
            evict_oldest_idle(&mut table, None)?;
        }
        table.next_id += 1;
        let connection = Arc::new(Connection {
            id: table.next_id,
            peer,
            busy: AtomicBool::new(false),
            counted: AtomicBool::new(true),
            trust: AtomicU8::new(Trust::Unknown as u8),
            closed: Notify::new(),
            streaming: AtomicBool::new(false),
            meter: Meter::new(),
        });
        table.open.insert(connection.id, Arc::clone(&connection));
        self.peak.fetch_max(table.open.len(), Ordering::Relaxed);
        *table.per_address.entry(peer).or_default() += 1;
        Some(ConnectionSlot {
            limits: Arc::clone(self),
            connection,
        })
    }

    /// Takes a place for an event stream from `client` (for a trusted
    /// proxy, the address it forwards). `capped`: the address counted
    /// against the per-address cap, `None` where none applies (this
    /// machine, directly).
    pub fn open_stream(
        self: &Arc<Self>,
        role: Role,
        client: IpAddr,
        capped: Option<IpAddr>,
    ) -> Result<StreamSlot, ApiError> {
        let address = capped;
        let busy = |message: &str| ApiError::new(503, message).header("Retry-After", "2");
        let mut streams = self.streams();
        match role {
            Role::Controller => {
                if streams.controllers >= MAX_CONTROL_STREAMS {
                    return Err(busy(
                        "too many event streams with the control token: close some followers",
                    ));
                }
                streams.controllers += 1;
                return Ok(self.register(&mut streams, role, client, None));
            }
            Role::Anyone | Role::Viewer => {
                if streams.viewers >= self.max_viewer_streams {
                    return Err(busy("too many viewers: try again shortly"));
                }
                if let Some(address) = address
                    && streams.per_address.get(&address).copied().unwrap_or(0)
                        >= MAX_VIEWER_STREAMS_PER_ADDRESS
                {
                    return Err(busy("too many event streams from your address"));
                }
                streams.viewers += 1;
            }
        }
        if let Some(address) = address {
            *streams.per_address.entry(address).or_default() += 1;
        }
        Ok(self.register(&mut streams, role, client, address))
    }

    fn register(
        self: &Arc<Self>,
        streams: &mut Streams,
        role: Role,
        client: IpAddr,
        address: Option<IpAddr>,
    ) -> StreamSlot {
        streams.next_id += 1;
        let id = streams.next_id;
        streams.open.insert(
            id,
            StreamInfo {
                client,
                role,
                since: chrono::Utc::now(),
            },
        );
        StreamSlot {
            limits: Arc::clone(self),
            id,
            role,
            address,
        }
    }

    /// `connection` carries an event stream from now on: it no longer
    /// counts against its address's connections.
    pub fn streaming(&self, connection: &Connection) {
        connection.streaming.store(true, Ordering::SeqCst);
        let mut table = self.connections();
        if connection.counted.swap(false, Ordering::SeqCst)
            && table.open.contains_key(&connection.id)
        {
            forget(&mut table.per_address, connection.peer);
        }
    }
}

/// Closes the least trusted idle connection (of `peer`, if given), the
/// oldest of those; `None` if every one is busy.
fn evict_oldest_idle(table: &mut Connections, peer: Option<IpAddr>) -> Option<()> {
    let id = table
        .open
        .values()
        .filter(|c| peer.is_none_or(|p| c.peer == p) && c.idle())
        .min_by_key(|c| c.trust.load(Ordering::SeqCst))?
        .id;
    let connection = table.open.remove(&id)?;
    if connection.counted.load(Ordering::SeqCst) {
        forget(&mut table.per_address, connection.peer);
    }
    connection.closed.notify_one();
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> IpAddr {
        IpAddr::from([127, 0, 0, 1])
    }

    #[test]
    fn a_full_address_makes_room_by_closing_its_oldest_idle_connection() {
        let limits = Limits::new(1000);
        let peer: IpAddr = "10.0.0.1".parse().unwrap();
        let slots: Vec<_> = (0..MAX_CONNECTIONS_PER_ADDRESS)
            .map(|_| limits.admit(peer, true).unwrap())
            .collect();
        slots[0].connection.set_busy(true);
        let newest = limits.admit(peer, true).unwrap();
        assert_eq!(limits.open_connections(), MAX_CONNECTIONS_PER_ADDRESS);
        // The busy first one stayed; the second (oldest idle) went.
        let open = limits.connections();
        assert!(open.open.contains_key(&slots[0].connection.id));
        assert!(!open.open.contains_key(&slots[1].connection.id));
        assert!(open.open.contains_key(&newest.connection.id));
        drop(open);
        // Another address is not affected, and a proxy has no per-address cap.
        assert!(limits.admit("10.0.0.2".parse().unwrap(), true).is_some());
        drop(slots);
        assert_eq!(limits.open_connections(), 1);
    }

    #[test]
    fn streams_do_not_count_against_their_address_connections() {
        let limits = Limits::new(4096);
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        let streams: Vec<_> = (0..MAX_CONNECTIONS_PER_ADDRESS)
            .map(|_| {
                let slot = limits.admit(peer, true).unwrap();
                slot.connection.set_busy(true);
                limits.streaming(&slot.connection);
                slot
            })
            .collect();
        // Every one of them busy with a stream, and still room for a request.
        let request = limits.admit(peer, true).unwrap();
        assert_eq!(limits.open_connections(), MAX_CONNECTIONS_PER_ADDRESS + 1);
        drop((streams, request));
        assert_eq!(limits.open_connections(), 0);
        assert!(limits.connections().per_address.is_empty());
    }

    #[test]
    fn viewer_streams_never_take_more_than_half_the_connections() {
        let limits = Limits::new(64);
        let viewers: Vec<_> = (0..32)
            .map(|_| limits.open_stream(Role::Anyone, local(), None).unwrap())
            .collect();
        assert_eq!(
            limits
                .open_stream(Role::Anyone, local(), None)
                .err()
                .unwrap()
                .status,
            503
        );
        assert!(limits.open_stream(Role::Controller, local(), None).is_ok());
        drop(viewers);
    }

    #[test]
    fn the_producers_idle_connection_is_closed_last() {
        let limits = Limits::new(4096);
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        let producer = limits.admit(peer, true).unwrap();
        producer.connection.trusted(Trust::Controller);
        let viewer = limits.admit(peer, true).unwrap();
        viewer.connection.trusted(Trust::Served);
        let mut flood = Vec::new();
        for _ in 0..3 * MAX_CONNECTIONS_PER_ADDRESS {
            flood.push(limits.admit(peer, true).unwrap());
        }
        let open = limits.connections();
        assert!(open.open.contains_key(&producer.connection.id));
        assert!(open.open.contains_key(&viewer.connection.id));
        drop(open);
        // Once only served and trusted ones are left idle, the viewer goes first.
        for slot in &flood {
            slot.connection.set_busy(true);
        }
        let _more = limits.admit(peer, true);
        let open = limits.connections();
        assert!(open.open.contains_key(&producer.connection.id));
        assert!(!open.open.contains_key(&viewer.connection.id));
    }

    #[test]
    fn when_every_connection_is_busy_a_new_one_is_refused() {
        let limits = Limits::new(16);
        let slots: Vec<_> = (0..16)
            .map(|i| {
                let slot = limits.admit(IpAddr::from([10, 0, 1, i]), true).unwrap();
                slot.connection.set_busy(true);
                slot
            })
            .collect();
        assert!(limits.admit("10.0.0.9".parse().unwrap(), true).is_none());
        slots[3].connection.set_busy(false);
        assert!(limits.admit("10.0.0.9".parse().unwrap(), true).is_some());
    }

    #[test]
    fn viewer_streams_are_capped_apart_from_control_streams() {
        let limits = Limits::new(4096);
        let far: IpAddr = "203.0.113.7".parse().unwrap();
        let viewers: Vec<_> = (0..MAX_VIEWER_STREAMS_PER_ADDRESS)
            .map(|_| limits.open_stream(Role::Viewer, far, Some(far)).unwrap())
            .collect();
        let refused = limits
            .open_stream(Role::Anyone, far, Some(far))
            .err()
            .unwrap();
        assert_eq!(refused.status, 503);
        let producer = limits
            .open_stream(Role::Controller, far, Some(far))
            .unwrap();
        let nearby = limits.open_stream(Role::Viewer, local(), None).unwrap();
        assert_eq!(
            limits.open_streams(),
            (MAX_VIEWER_STREAMS_PER_ADDRESS + 1, 1)
        );
        drop(viewers);
        let again = limits.open_stream(Role::Viewer, far, Some(far)).unwrap();
        assert_eq!(limits.open_streams(), (2, 1));
        let followers = limits.followers();
        assert_eq!(followers.len(), 3);
        assert_eq!(
            (followers[0].client, followers[0].role),
            (far, Role::Controller)
        );
        assert_eq!(followers[1].client, local());
        drop((producer, nearby, again));
        assert_eq!(limits.open_streams(), (0, 0));
        assert!(limits.followers().is_empty());
    }
}
