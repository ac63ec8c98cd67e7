//! The NATS side of a synced show: connecting with the operator's
//! credentials, the show's stream, and reading what it holds. Thin wrappers
//! over `async-nats`, with errors a person can act on.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use tokio::sync::Notify;

use super::address::ShowAddress;
use crate::show::{Entry, SimulatedClock};

/// How long connecting may take before the broker counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a publish may wait for its acknowledgement. A publish that
/// times out may still have been stored: it is sent again under its id.
pub const ACK_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a JetStream request (stream info, a consumer) may take.
pub const API_TIMEOUT: Duration = Duration::from_secs(2);
/// How often the client checks the broker still answers.
pub const PING_INTERVAL: Duration = Duration::from_secs(5);
/// How long JetStream remembers an action's id: a retry within this never
/// appends it twice.
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(120);

/// How this instance reaches the broker.
#[derive(Debug, Clone)]
pub struct BrokerOptions {
    pub address: ShowAddress,
    /// A `.creds` file (a user JWT and its key).
    pub creds: Option<PathBuf>,
    /// PEM certificates to trust for `tls://` (a private CA).
    pub ca_cert: Option<PathBuf>,
    /// Copies of the stream a new show gets (a cluster keeps up to 5).
    pub replicas: usize,
}

/// A broker, and how to be let in: what connecting needs.
#[derive(Debug, Clone)]
pub struct Reach {
    /// `nats://HOST:PORT` or `tls://HOST:PORT`.
    pub server: String,
    pub tls: bool,
    pub creds: Option<PathBuf>,
    pub ca_cert: Option<PathBuf>,
}

impl BrokerOptions {
    pub fn reach(&self) -> Reach {
        Reach {
            server: self.address.server_url(),
            tls: self.address.tls,
            creds: self.creds.clone(),
            ca_cert: self.ca_cert.clone(),
        }
    }
}

/// Why the broker could not be used.
#[derive(Debug, Clone)]
pub enum BrokerError {
    /// Not reachable now (down, or no network): worth trying again.
    Unreachable(String),
    /// Reachable, but it refuses (credentials, permissions, TLS): trying
    /// again changes nothing.
    Refused(String),
}

impl std::fmt::Display for BrokerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable(why) | Self::Refused(why) => f.write_str(why),
        }
    }
}

/// The link's state as the NATS client reports it.
#[derive(Debug, Default)]
pub struct Connection {
    pub connected: bool,
    /// When the link was lost, while it is.
    pub lost_since: Option<DateTime<Utc>>,
    /// What the broker said when it refused a publish (a user that may
    /// only watch).
    pub forbidden: Option<String>,
    /// Counts the links made: a new one means the stream must be followed
    /// afresh from where this instance is.
    pub links: u64,
}

/// Connects, with credentials from `--nats-creds` or the environment
/// (`SHOWCLOCK_NATS_USER`/`SHOWCLOCK_NATS_PASSWORD`, `SHOWCLOCK_NATS_TOKEN`),
/// never from the command line. `connection` follows the link from then on;
/// `wake` is notified whenever it comes back.
pub async fn connect(
    reach: &Reach,
    connection: Arc<Mutex<Connection>>,
    wake: Arc<Notify>,
) -> Result<async_nats::Client, BrokerError> {
    let server = reach.server.clone();
    let mut connect = match &reach.creds {
        Some(path) => async_nats::ConnectOptions::with_credentials_file(path)
            .await
            .map_err(|e| {
                BrokerError::Refused(format!(
                    "cannot read the NATS credentials in {}: {e}; give the .creds file your NATS operator issued",
                    path.display()
                ))
            })?,
        None => async_nats::ConnectOptions::new(),
    };
    let user = std::env::var("SHOWCLOCK_NATS_USER").ok();
    let password = std::env::var("SHOWCLOCK_NATS_PASSWORD").ok();
    match (user, password) {
        (Some(user), Some(password)) => connect = connect.user_and_password(user, password),
        (Some(_), None) | (None, Some(_)) => {
            return Err(BrokerError::Refused(
                "give both SHOWCLOCK_NATS_USER and SHOWCLOCK_NATS_PASSWORD, or neither".into(),
            ));
        }
        (None, None) => {}
    }
    if let Ok(token) = std::env::var("SHOWCLOCK_NATS_TOKEN") {
        connect = connect.token(token);
    }
    if reach.tls {
        connect = connect.require_tls(true);
    }
    if let Some(ca) = &reach.ca_cert {
        if !ca.exists() {
            return Err(BrokerError::Refused(format!(
                "{}: no such certificate file (--ca-cert takes a PEM file)",
                ca.display()
            )));
        }
        connect = connect.add_root_certificates(ca.clone());
    }
    let events = Arc::clone(&connection);
    connect = connect
        .name("showclock")
        .connection_timeout(CONNECT_TIMEOUT)
        // A broker that stopped answering is noticed within seconds, not a
        // minute (the client's default).
        .ping_interval(PING_INTERVAL)
        .max_reconnects(None)
        // Back soon after the broker is: at most 1 s between attempts.
        .reconnect_delay_callback(|attempts| {
            Duration::from_millis((50 * attempts as u64).min(1000))
        })
        .event_callback(move |event| {
            let events = Arc::clone(&events);
            let wake = Arc::clone(&wake);
            async move {
                let mut state = events.lock().unwrap_or_else(|p| p.into_inner());
                match event {
                    async_nats::Event::Connected => {
                        state.connected = true;
                        state.lost_since = None;
                        state.links += 1;
                        wake.notify_one();
                    }
                    async_nats::Event::Disconnected => {
                        state.connected = false;
                        state.lost_since.get_or_insert_with(Utc::now);
                    }
                    async_nats::Event::ServerError(error)
                        if error
                            .to_string()
                            .to_lowercase()
                            .contains("permissions violation") =>
                    {
                        state.forbidden = Some(error.to_string());
                    }
                    _ => {}
                }
            }
        });
    let client = connect.connect(server.as_str()).await.map_err(|e| {
        use async_nats::ConnectErrorKind as Kind;
        match e.kind() {
            Kind::Authentication | Kind::AuthorizationViolation => BrokerError::Refused(format!(
                "the NATS server at {server} refused this instance's credentials ({e}): check SHOWCLOCK_NATS_USER and SHOWCLOCK_NATS_PASSWORD, SHOWCLOCK_NATS_TOKEN or --nats-creds"
            )),
            _ if e.to_string().contains("certificate") => BrokerError::Refused(format!(
                "TLS with {server} failed ({e}): for a private CA give its certificate with --ca-cert PEM"
            )),
            Kind::Tls => BrokerError::Refused(format!(
                "TLS with {server} failed ({e}): for a private CA give its certificate with --ca-cert PEM"
            )),
            Kind::ServerParse => BrokerError::Refused(format!("{server} is not a NATS address: {e}")),
            _ => BrokerError::Unreachable(format!("cannot reach the NATS server at {server}: {e}")),
        }
    })?;
    {
        let mut state = connection.lock().unwrap_or_else(|p| p.into_inner());
        state.connected = true;
        state.lost_since = None;
    }
    Ok(client)
}

/// JetStream on `client`, its requests answered within [`API_TIMEOUT`]: a
/// cluster that lost a node answers again after its election, and waiting
/// longer for each request only slows finding out.
pub fn context(client: async_nats::Client) -> jetstream::Context {
    jetstream::ContextBuilder::new()
        .timeout(API_TIMEOUT)
        .build(client)
}

/// The show's stream, created (with the show's first agenda to follow) if
/// `create` and it does not exist yet.
pub async fn show_stream(
    js: &jetstream::Context,
    options: &BrokerOptions,
    create: bool,
) -> Result<Option<stream::Stream>, BrokerError> {
    let name = options.address.stream();
    match js.get_stream(&name).await {
        Ok(stream) => {
            let stream = held_by_this_show(stream, &options.address)?;
            copy_for_boards(js, &stream, &options.address).await;
            return Ok(Some(stream));
        }
        Err(e) => match e.kind() {
            jetstream::context::GetStreamErrorKind::JetStream(inner)
                if inner.error_code() == jetstream::ErrorCode::STREAM_NOT_FOUND => {}
            jetstream::context::GetStreamErrorKind::JetStream(inner) => {
                return Err(refused_or_not(format!(
                    "cannot open the show's stream {name}: {inner}"
                )));
            }
            _ => {
                return Err(BrokerError::Unreachable(format!(
                    "cannot open the show's stream {name}: {e}; is JetStream enabled on the server (nats-server -js)?"
                )));
            }
        },
    }
    if !create {
        return Ok(None);
    }
    let config = stream::Config {
        name: name.clone(),
        subjects: vec![options.address.subjects()],
        storage: stream::StorageType::File,
        num_replicas: options.replicas,
        duplicate_window: DUPLICATE_WINDOW,
        // Every stored message copied to `showclock-board.<show>.…`: a
        // board follows every show on one subscription.
        republish: Some(board_copies(&options.address)),
        ..Default::default()
    };
    match js.create_stream(config).await {
        Ok(_) => {}
        // Another instance created it meanwhile: the same show.
        Err(e) if e.to_string().contains("already in use") => {}
        Err(e) => {
            return Err(refused_or_not(format!(
                "cannot create the show's stream {name}: {e}"
            )));
        }
    }
    let stream = js.get_stream(&name).await.map_err(|e| {
        BrokerError::Unreachable(format!("cannot open the show's stream {name}: {e}"))
    })?;
    held_by_this_show(stream, &options.address).map(Some)
}

/// What every show's stream copies for boards of many shows: each stored
/// message, to `showclock-board.<show>.…`.
fn board_copies(address: &ShowAddress) -> stream::Republish {
    stream::Republish {
        source: address.subjects(),
        destination: address.board_subjects(),
        headers_only: false,
    }
}

/// A stream made before boards existed is given its copies, so that a
/// board sees the show's cues at once rather than at its next look. A user
/// that may not change the stream leaves it as it is.
async fn copy_for_boards(js: &jetstream::Context, stream: &stream::Stream, address: &ShowAddress) {
    let config = &stream.cached_info().config;
    if config.republish.is_some() {
        return;
    }
    let config = stream::Config {
        republish: Some(board_copies(address)),
        ..config.clone()
    };
    let _ = js.update_stream(config).await;
}

/// `a.b` and `a_b` would share a stream name: the stream found must hold
/// this show's subjects, not another's.
fn held_by_this_show(
    stream: stream::Stream,
    address: &ShowAddress,
) -> Result<stream::Stream, BrokerError> {
    let subjects = &stream.cached_info().config.subjects;
    if subjects.iter().any(|s| *s == address.subjects()) {
        return Ok(stream);
    }
    Err(BrokerError::Refused(format!(
        "the stream {} holds another show ({}): give this show a name that differs by more than `.` and `_`",
        address.stream(),
        subjects.join(", ")
    )))
}

/// A permission error is final; anything else may pass.
fn refused_or_not(why: String) -> BrokerError {
    let lower = why.to_lowercase();
    if lower.contains("permission") || lower.contains("authorization") {
        BrokerError::Refused(format!(
            "{why}: this NATS user may not do that; ask for a user that may act on the show"
        ))
    } else {
        BrokerError::Unreachable(why)
    }
}

/// One message of the show's stream, by its kind.
#[derive(Debug, Clone)]
pub enum Item {
    /// An agenda, as the TOML text it was written in.
    Agenda(String),
    Action(Entry),
    /// A rehearsal's simulated clock.
    Clock(SimulatedClock),
    /// Something no showclock wrote (a bad message): it is no part of the
    /// show, and every instance leaves it out alike.
    Other(String),
}

/// A message of the stream with its place and the broker's time.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub sequence: u64,
    /// When the broker stored it, by the broker's clock.
    pub stored: Option<DateTime<Utc>>,
    pub item: Item,
}

/// Reads one message.
pub fn delivered(address: &ShowAddress, message: &jetstream::Message) -> Option<Delivered> {
    let info = message.info().ok()?;
    let stored = DateTime::from_timestamp_nanos(
        i64::try_from(info.published.unix_timestamp_nanos()).unwrap_or(i64::MAX),
    );
    Some(Delivered {
        sequence: info.stream_sequence,
        stored: Some(stored),
        item: item(address, message.subject.as_str(), &message.payload),
    })
}

/// Reads one message as the broker copied it to the board's subjects
/// (JetStream's republish: the stream's subject and sequence in headers).
pub fn copied(address: &ShowAddress, message: &async_nats::Message) -> Option<Delivered> {
    let headers = message.headers.as_ref()?;
    let sequence = headers
        .get(async_nats::header::NATS_SEQUENCE)?
        .as_str()
        .parse()
        .ok()?;
    let subject = headers.get(async_nats::header::NATS_SUBJECT)?.as_str();
    Some(Delivered {
        sequence,
        stored: None,
        item: item(address, subject, &message.payload),
    })
}

fn item(address: &ShowAddress, subject: &str, payload: &[u8]) -> Item {
    let text = std::str::from_utf8(payload);
    if subject == address.action_subject() {
        match text
            .map_err(|e| e.to_string())
            .and_then(crate::show::parse_entry)
        {
            Ok(entry) if entry.id.is_some() => Item::Action(entry),
            Ok(_) => Item::Other("an action with no id".into()),
            Err(why) => Item::Other(why),
        }
    } else if subject == address.agenda_subject() {
        match text {
            Ok(text) => Item::Agenda(text.to_string()),
            Err(e) => Item::Other(format!("an agenda that is not UTF-8: {e}")),
        }
    } else if subject == address.clock_subject() {
        match text.ok().and_then(|t| serde_json::from_str(t).ok()) {
            Some(clock) => Item::Clock(clock),
            None => Item::Other("a clock that is not a simulated clock".into()),
        }
    } else {
        Item::Other(format!("a message on {subject}"))
    }
}

/// The stream's messages in order from `start` (1: all), replaying then
/// following: an ordered consumer, which the client recreates after a lost
/// link from where it was.
pub async fn follow_from(
    stream: &stream::Stream,
    start: u64,
) -> Result<consumer::pull::Ordered, BrokerError> {
    let config = consumer::pull::OrderedConfig {
        deliver_policy: if start <= 1 {
            consumer::DeliverPolicy::All
        } else {
            consumer::DeliverPolicy::ByStartSequence {
                start_sequence: start,
            }
        },
        ..Default::default()
    };
    // On a cluster that just lost a node, the consumer's placement may
    // time out once or twice while JetStream elects new leaders.
    let mut tries = 0;
    loop {
        let made = match stream.create_consumer(config.clone()).await {
            Ok(consumer) => consumer.messages().await.map_err(|e| {
                BrokerError::Unreachable(format!("cannot read the show's stream: {e}"))
            }),
            Err(e) => Err(refused_or_not(format!(
                "cannot read the show's stream: {e}"
            ))),
        };
        tries += 1;
        match made {
            Err(BrokerError::Unreachable(_)) if tries < 4 => {
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            made => return made,
        }
    }
}

/// Everything the stream holds now, and the consumer to follow it after.
pub async fn read_all(
    stream: &mut stream::Stream,
    address: &ShowAddress,
) -> Result<(Vec<Delivered>, consumer::pull::Ordered), BrokerError> {
    read_from(stream, address, 1).await
}

/// What the stream holds now from sequence `start` on, and the consumer to
/// follow it after.
pub async fn read_from(
    stream: &mut stream::Stream,
    address: &ShowAddress,
    start: u64,
) -> Result<(Vec<Delivered>, consumer::pull::Ordered), BrokerError> {
    let last = stream
        .info()
        .await
        .map_err(|e| BrokerError::Unreachable(format!("cannot read the show's stream: {e}")))?
        .state
        .last_sequence;
    let mut messages = follow_from(stream, start).await?;
    let mut read = Vec::new();
    let mut at = start.saturating_sub(1);
    let mut silences = 0;
    while at < last {
        let Ok(next) = tokio::time::timeout(Duration::from_secs(3), messages.next()).await else {
            // A consumer that went silent (its node lost): a new one from
            // where this one stopped, a few times.
            silences += 1;
            if silences > 3 {
                return Err(BrokerError::Unreachable(
                    "the show's stream stopped answering".into(),
                ));
            }
            messages = follow_from(stream, at + 1).await?;
            continue;
        };
        match next {
            Some(Ok(message)) => {
                if let Some(one) = delivered(address, &message) {
                    at = one.sequence;
                    read.push(one);
                }
            }
            Some(Err(e)) => {
                return Err(BrokerError::Unreachable(format!(
                    "cannot read the show's stream: {e}"
                )));
            }
            None => break,
        }
    }
    Ok((read, messages))
}

/// Appends `payload` on `subject` if the stream's last sequence is still
/// `expected`, under the id `id` (`Nats-Msg-Id`: sent twice, stored once).
pub async fn append(
    js: &jetstream::Context,
    subject: String,
    id: Option<&str>,
    expected: u64,
    payload: Bytes,
) -> Result<jetstream::publish::PublishAck, Appended> {
    let mut message = jetstream::message::PublishMessage::build()
        .payload(payload)
        .expected_last_sequence(expected);
    if let Some(id) = id {
        message = message.message_id(id);
    }
    let ack = async {
        js.send_publish(subject, message)
            .await
            .map_err(|e| (e.kind(), e.to_string()))?
            .await
            .map_err(|e| (e.kind(), e.to_string()))
    };
    use jetstream::context::PublishErrorKind as Kind;
    match tokio::time::timeout(ACK_TIMEOUT, ack).await {
        Ok(Ok(ack)) => Ok(ack),
        Ok(Err((Kind::WrongLastSequence, _))) => Err(Appended::Conflict),
        Ok(Err((_, why))) if why.to_lowercase().contains("permission") => {
            Err(Appended::Forbidden(why))
        }
        Ok(Err((_, why))) => Err(Appended::Unknown(why)),
        Err(_) => Err(Appended::Unknown("no acknowledgement in time".into())),
    }
}

/// Why an append did not come back acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// Somebody else appended first: catch up, validate again, retry.
    Conflict,
    /// This user may not publish: the instance is read-only.
    Forbidden(String),
    /// Maybe stored, maybe not (a lost acknowledgement, a lost link): sent
    /// again under the same id.
    Unknown(String),
}
