//! OSC (Open Sound Control) over UDP, for show-control desks (Bitfocus
//! Companion, QLab, TouchOSC). Off unless asked for. What comes in takes
//! the same path as a key press (the hub's `act`); what goes out is read
//! from the same snapshot every screen draws.
//!
//! OSC has no authentication: anyone who can send a packet to the port can
//! drive the show. The listener takes packets from this machine only,
//! unless `--osc-allow` names another address, and at most
//! [`RATE_PER_SECOND`] actions a second from one address (after a burst of
//! [`BURST`]): what is over that is dropped, and counted for the screen.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rosc::{OscMessage, OscPacket, OscType};

use crate::net::{Hub, parse_action};
use crate::show::{Action, Phase, Snapshot};
use crate::text::inert;
use crate::timefmt::clock_digits;

/// The prefix of every address.
pub const PREFIX: &str = "/showclock";

/// How long a blocked socket read waits before checking whether to stop.
const POLL: Duration = Duration::from_millis(200);
/// Actions taken from one address, at most, each second (a desk's buttons
/// pressed as fast as hands can; a script sending in a loop is slowed).
pub const RATE_PER_SECOND: u32 = 10;
/// Actions one address may send at once before the rate applies.
pub const BURST: u32 = 20;
/// Addresses whose rate is kept apart (loopback has millions): past this,
/// those with a full allowance are forgotten.
const SOURCES: usize = 256;

/// `--osc-listen`, `--osc-allow` and `--osc-send`, on the app and on `serve`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OscArgs {
    /// Take OSC commands on UDP ADDR:PORT (/showclock/next, …). Loopback only
    /// unless --osc-allow names the sender: OSC has no authentication.
    #[arg(long, value_name = "ADDR:PORT")]
    pub osc_listen: Option<String>,
    /// An address (besides this machine) whose OSC commands are taken (repeatable).
    #[arg(long, value_name = "ADDR", requires = "osc_listen")]
    pub osc_allow: Vec<IpAddr>,
    /// Send the remaining time, current and next titles, phase and overrun
    /// as OSC to UDP ADDR:PORT on every change and once a second.
    #[arg(long, value_name = "ADDR:PORT")]
    pub osc_send: Option<String>,
}

impl OscArgs {
    pub fn wanted(&self) -> bool {
        self.osc_listen.is_some() || self.osc_send.is_some()
    }
}

/// The OSC threads of a show; dropping it stops them.
pub struct Osc {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    /// Where the listener is bound (its port, when 0 was asked for).
    pub listening: Option<SocketAddr>,
    /// What the rate limit dropped.
    pub dropped: Drops,
}

/// The actions the rate limit dropped, shared with whoever shows them.
#[derive(Debug, Clone, Default)]
pub struct Drops(Arc<Mutex<Dropped>>);

/// What was dropped so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dropped {
    pub count: u64,
    /// The address the latest of them came from.
    pub from: Option<IpAddr>,
}

impl Drops {
    pub fn get(&self) -> Dropped {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn add(&self, from: IpAddr) {
        let mut dropped = self.0.lock().unwrap_or_else(|p| p.into_inner());
        dropped.count += 1;
        dropped.from = Some(from);
    }
}

impl Dropped {
    /// The line the screen and `serve` show.
    pub fn words(&self) -> String {
        let from = self
            .from
            .map_or_else(String::new, |a| format!(", the latest from {a}"));
        format!(
            "OSC: {} command{} dropped{from}: over {RATE_PER_SECOND} a second from one address",
            self.count,
            if self.count == 1 { "" } else { "s" }
        )
    }
}

/// Each address's allowance of actions: [`BURST`], refilled at
/// [`RATE_PER_SECOND`].
#[derive(Default)]
struct Rate {
    sources: HashMap<IpAddr, (f64, Instant)>,
}

impl Rate {
    /// Whether one more action from `from` may be taken at `now`.
    fn take(&mut self, from: IpAddr, now: Instant) -> bool {
        let refill = |(tokens, at): (f64, Instant)| {
            let gained =
                now.saturating_duration_since(at).as_secs_f64() * f64::from(RATE_PER_SECOND);
            (tokens + gained).min(f64::from(BURST))
        };
        if self.sources.len() >= SOURCES && !self.sources.contains_key(&from) {
            self.sources
                .retain(|_, source| refill(*source) < f64::from(BURST));
            if self.sources.len() >= SOURCES {
                return false;
            }
        }
        let source = self.sources.entry(from).or_insert((f64::from(BURST), now));
        let tokens = refill(*source);
        let taken = tokens >= 1.0;
        *source = (if taken { tokens - 1.0 } else { tokens }, now);
        taken
    }
}

impl Drop for Osc {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// Starts what `args` asks for on `hub`: `Ok(None)` when it asks for
/// nothing. What `serve` and the full-screen app both call.
pub fn start(args: &OscArgs, hub: &Arc<Hub>) -> Result<Option<Osc>, String> {
    if !args.wanted() {
        return Ok(None);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let mut osc = Osc {
        stop: stop.clone(),
        threads: Vec::new(),
        listening: None,
        dropped: Drops::default(),
    };
    if let Some(listen) = &args.osc_listen {
        let address = resolve(listen, "--osc-listen")?;
        if !address.ip().is_loopback() && args.osc_allow.is_empty() {
            return Err(format!(
                "--osc-listen {listen} takes packets from beyond this machine, and OSC has no \
                 authentication: name each desk allowed with --osc-allow ADDR, or listen on 127.0.0.1"
            ));
        }
        let socket = UdpSocket::bind(address)
            .map_err(|e| format!("--osc-listen {listen}: cannot listen there ({e})"))?;
        socket
            .set_read_timeout(Some(POLL))
            .map_err(|e| format!("--osc-listen {listen}: {e}"))?;
        osc.listening = socket.local_addr().ok();
        let (hub, allow, stop) = (hub.clone(), args.osc_allow.clone(), stop.clone());
        let dropped = osc.dropped.clone();
        osc.threads.push(
            std::thread::Builder::new()
                .name("showclock-osc-listen".into())
                .spawn(move || listen_loop(&socket, &hub, &allow, &stop, &dropped))
                .map_err(|e| format!("--osc-listen: {e}"))?,
        );
    }
    if let Some(send) = &args.osc_send {
        let target = resolve(send, "--osc-send")?;
        let local: SocketAddr = if target.is_ipv4() {
            ([0, 0, 0, 0], 0).into()
        } else {
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
        };
        let socket = UdpSocket::bind(local).map_err(|e| format!("--osc-send {send}: {e}"))?;
        let (changed, changes) = channel();
        hub.watch(move |_| {
            let _ = changed.send(());
        })
        .map_err(|e| format!("--osc-send: {e}"))?;
        let (hub, stop) = (hub.clone(), stop.clone());
        osc.threads.push(
            std::thread::Builder::new()
                .name("showclock-osc-send".into())
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let messages = hub.with(|session| {
                            let snapshot = session.snapshot(hub.now());
                            outgoing(session.agenda(), &snapshot)
                        });
                        for message in messages {
                            if let Ok(bytes) = rosc::encoder::encode(&OscPacket::Message(message)) {
                                let _ = socket.send_to(&bytes, target);
                            }
                        }
                        // Once a second, and at once on a change.
                        match changes.recv_timeout(Duration::from_secs(1)) {
                            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                })
                .map_err(|e| format!("--osc-send: {e}"))?,
        );
    }
    Ok(Some(osc))
}

fn resolve(text: &str, flag: &str) -> Result<SocketAddr, String> {
    text.to_socket_addrs()
        .ok()
        .and_then(|mut all| all.next())
        .ok_or_else(|| format!("{flag} {text:?}: give ADDR:PORT, e.g. 127.0.0.1:9000"))
}

fn listen_loop(
    socket: &UdpSocket,
    hub: &Hub,
    allow: &[IpAddr],
    stop: &AtomicBool,
    dropped: &Drops,
) {
    let mut buffer = [0u8; rosc::decoder::MTU];
    let mut rate = Rate::default();
    while !stop.load(Ordering::Relaxed) {
        let Ok((length, from)) = socket.recv_from(&mut buffer) else {
            continue;
        };
        let from = from.ip().to_canonical();
        if !from.is_loopback() && !allow.iter().any(|a| a.to_canonical() == from) {
            continue;
        }
        let Ok((_, packet)) = rosc::decoder::decode_udp(&buffer[..length]) else {
            continue;
        };
        for message in messages(packet) {
            // A command that makes no sense is dropped: OSC has no reply.
            if let Ok(action) = command(&message) {
                if rate.take(from, Instant::now()) {
                    let _ = hub.act(action, hub.now());
                } else {
                    dropped.add(from);
                }
            }
        }
    }
}

/// The messages of a packet, bundles opened.
fn messages(packet: OscPacket) -> Vec<OscMessage> {
    match packet {
        OscPacket::Message(message) => vec![message],
        OscPacket::Bundle(bundle) => bundle.content.into_iter().flat_map(messages).collect(),
    }
}

/// The action an incoming message asks for, read as `POST /v1/control/NAME`
/// reads its body (the same names, the same limits).
pub fn command(message: &OscMessage) -> Result<Action, String> {
    let name = message
        .addr
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_prefix('/'))
        .ok_or_else(|| format!("{:?} is not a {PREFIX}/… address", inert(&message.addr)))?;
    let number = || match message.args.first() {
        Some(OscType::Int(i)) => Some(i64::from(*i)),
        Some(OscType::Long(i)) => Some(*i),
        Some(OscType::Float(f)) if f.fract() == 0.0 => Some(*f as i64),
        Some(OscType::Double(f)) if f.fract() == 0.0 => Some(*f as i64),
        Some(OscType::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let body = match name {
        // As on screen and with the `g` key: segments are numbered from 1.
        "goto" => match number() {
            Some(n) if n >= 1 => serde_json::json!({ "index": n - 1 }),
            _ => return Err("/showclock/goto takes a segment number from 1".into()),
        },
        "extend" => match number() {
            Some(seconds) => serde_json::json!({ "seconds": seconds }),
            None => return Err("/showclock/extend takes seconds, e.g. 60 or -60".into()),
        },
        // The text, then who it is for (as the HTTP API's "audience";
        // the moderator when not given).
        "message" => match (message.args.first(), message.args.get(1)) {
            (Some(OscType::String(text)), None) => serde_json::json!({ "text": text }),
            (Some(OscType::String(text)), Some(OscType::String(audience))) => {
                serde_json::json!({ "text": text, "audience": audience })
            }
            _ => {
                return Err(
                    "/showclock/message takes the text, then who it is for: moderator (if not given), speakers, everyone or speaker:NAME"
                        .into(),
                );
            }
        },
        "blackout" => {
            let dark = number().unwrap_or(1) != 0;
            return Ok(if dark {
                Action::Blackout
            } else {
                Action::Unblackout
            });
        }
        "start" | "next" | "prev" | "clear_message" | "end" | "flash" | "unblackout" => {
            serde_json::json!({})
        }
        other => return Err(format!("unknown OSC command {:?}", inert(other))),
    };
    parse_action(name, body.to_string().as_bytes()).map_err(|e| e.message)
}

/// What `--osc-send` sends, from one snapshot.
pub fn outgoing(agenda: &crate::agenda::Agenda, snapshot: &Snapshot) -> Vec<OscMessage> {
    let title = |index: usize| inert(&agenda.segments[index].title);
    let (seconds, shown) = match (snapshot.current, snapshot.next) {
        (Some(current), _) if current.overrun => (
            current.remaining_seconds,
            format!("+{}", clock_digits(current.remaining_seconds)),
        ),
        (Some(current), _) => (
            current.remaining_seconds,
            clock_digits(current.remaining_seconds),
        ),
        (None, Some(next)) if snapshot.phase != Phase::After => {
            (next.starts_in_seconds, clock_digits(next.starts_in_seconds))
        }
        _ => (0, "--:--".to_string()),
    };
    let message = |address: &str, args: Vec<OscType>| OscMessage {
        addr: format!("{PREFIX}/{address}"),
        args,
    };
    let overrun = snapshot.current.is_some_and(|c| c.overrun);
    // The remaining time last: a desk that keeps only the latest message
    // (Companion's `latest_received_…` variables) holds it between bursts.
    vec![
        message(
            "current",
            vec![OscType::String(
                snapshot.current.map(|c| title(c.index)).unwrap_or_default(),
            )],
        ),
        message(
            "next",
            vec![OscType::String(
                snapshot.next.map(|n| title(n.index)).unwrap_or_default(),
            )],
        ),
        message("phase", vec![OscType::String(snapshot.phase.name().into())]),
        // The message and who it is for ("" and "" when there is none).
        message(
            "message",
            match &snapshot.message {
                Some(text) => vec![
                    OscType::String(inert(text)),
                    OscType::String(snapshot.message_audience.to_string()),
                ],
                None => vec![
                    OscType::String(String::new()),
                    OscType::String(String::new()),
                ],
            },
        ),
        message("overrun", vec![OscType::Int(i32::from(overrun))]),
        message(
            "remaining",
            vec![
                OscType::Int(seconds.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32),
                OscType::String(shown),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_gets_a_burst_then_the_rate() {
        let mut rate = Rate::default();
        let start = Instant::now();
        let desk: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let taken = (0..100).filter(|_| rate.take(desk, start)).count();
        assert_eq!(taken, BURST as usize);
        // Another address has its own allowance.
        assert!(rate.take(other, start));
        // A second later: RATE_PER_SECOND more.
        let later = start + Duration::from_secs(1);
        let taken = (0..100).filter(|_| rate.take(desk, later)).count();
        assert_eq!(taken, RATE_PER_SECOND as usize);
        // Eight seconds of a flood: 20 + 10 a second, not thousands.
        let mut rate = Rate::default();
        let taken = (0..8000)
            .filter(|i| rate.take(desk, start + Duration::from_millis(*i)))
            .count();
        let most = BURST as usize + 8 * RATE_PER_SECOND as usize;
        assert!((most - 1..=most).contains(&taken), "{taken}");
    }

    #[test]
    fn a_flood_of_addresses_cannot_grow_the_table() {
        let mut rate = Rate::default();
        let start = Instant::now();
        for i in 0..10_000u32 {
            let from = IpAddr::from((0x7f00_0000 + i).to_be_bytes());
            for _ in 0..BURST {
                rate.take(from, start);
            }
        }
        assert!(rate.sources.len() <= SOURCES);
    }

    #[test]
    fn what_was_dropped_is_said_in_words() {
        let drops = Drops::default();
        drops.add("127.0.0.1".parse().unwrap());
        drops.add("192.168.1.9".parse().unwrap());
        assert_eq!(
            drops.get().words(),
            "OSC: 2 commands dropped, the latest from 192.168.1.9: over 10 a second from one address"
        );
    }
}
