//! The HTTP server that shares a show, on axum and hyper, on a tokio
//! runtime of its own (the screen and the journal stay on plain threads).
//!
//! Endpoints:
//! - `GET /v1/state`: the state document (as `status --json`) at the show's
//!   time now (the hub's clock: real, or a rehearsal's simulated one).
//! - `GET /v1/agenda`: the agenda as JSON.
//! - `GET /v1/events`: Server-Sent Events (see [`super::events`]).
//! - `GET /v1/live`: the display stream of the browser screens (see [`super::live`]).
//! - `GET /v1/board` (`?order=attention|room`): the board of many rooms this
//!   server was given (`--sync`'s group on its broker, `--board URL`), as
//!   JSON; 404 without one. `GET /v1/board/live`: its event stream (see
//!   [`super::overview`]).
//! - `GET /`, `/speaker`, `/producer`, `/overlay`, `/board`: the browser screens (see [`super::pages`]).
//! - `POST /v1/control/ACTION`: `start`, `next`, `prev`, `goto` (`{"index": N}`),
//!   `extend` (`{"seconds": N}`), `message` (`{"text": "..."}`), `clear_message`, `end`.
//!
//! Control always needs `Authorization: Bearer TOKEN` with the control token;
//! viewing is open on a loopback address (reached directly, not through a
//! proxy, and with no `--public-url`) and needs the control or the view
//! token anywhere else. `Host` must name this server, and a browser's
//! `POST` must come from a page of this server.
//!
//! Limits: headers must arrive within [`HEADER_READ_TIMEOUT`] and a body
//! within [`BODY_TIMEOUT`]; bodies are capped at [`MAX_BODY`]; connections
//! and event streams are counted by [`Limits`], so that no client without
//! the control token can lock the producer out; what each client has not
//! taken of what it was sent is metered (see [`super::meter`]), so that a
//! client that stops reading costs bounded kernel memory.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, EXPECT, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, Response, StatusCode, Uri, Version};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use bytes::Bytes;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::oneshot;
use tower::Service;

use super::access::{Access, HostPolicy, Need, Role, authorize};
use super::control::{ACTIONS, parse_action};
use super::events;
use super::hub::Hub;
use super::limits::{ConnectionSlot, Limits, StreamInfo, StreamSlot, Trust};
use super::live::LiveFeed;
use super::meter::Metered;
use super::overview::{BoardFeed, BoardOrder, Overview};
use super::reply::{ApiError, json, json_ok};
use crate::agenda::nearest;
use crate::show::ActError;

/// The request line and headers together, at most (more gets 431).
pub const MAX_HEAD: usize = 16 * 1024;
/// The largest body the server reads; larger ones get 413.
pub const MAX_BODY: usize = 4 * 1024;
/// Header lines a request may have (more gets 431).
pub const MAX_HEADERS: usize = 64;
/// A request's headers must all arrive within this.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// A request's body must all arrive within this.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(5);

const ENDPOINTS: &str = "GET /v1/state, GET /v1/agenda, GET /v1/events, GET /v1/live, GET /v1/board, GET /v1/board/live, POST /v1/control/ACTION, and the pages /, /speaker, /producer, /overlay, /board";
const PATHS: &[&str] = &[
    "/v1/state",
    "/v1/agenda",
    "/v1/events",
    "/v1/live",
    "/v1/board",
    "/v1/board/live",
    "/v1/control/",
    "/speaker",
    "/producer",
    "/overlay",
    "/board",
];

/// How the server is reached, besides directly, and what it serves
/// besides its show.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// The URL a reverse proxy serves this show at (`--public-url`): its
    /// host name is accepted in `Host`, and viewing needs a token.
    pub public_url: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Vec<IpAddr>,
    /// The board of many rooms served at `/board` and `/v1/board`.
    pub board: Option<Arc<dyn Overview>>,
}

/// A running server. Dropping it stops it too.
pub struct ServerHandle {
    addr: SocketAddr,
    view_open: bool,
    public_url: Option<String>,
    limits: Arc<Limits>,
    stop_accepting: Option<oneshot::Sender<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

struct Shared {
    hub: Arc<Hub>,
    access: Access,
    /// Viewing needs no token for loopback clients that come directly.
    view_open: bool,
    hosts: HostPolicy,
    trusted_proxies: Vec<IpAddr>,
    limits: Arc<Limits>,
    /// The browser screens' `state` events, made once for all of them.
    live: LiveFeed,
    /// The board's documents, if the server has a board.
    board: Option<BoardFeed>,
}

/// Who is on the other end of a request's connection.
#[derive(Clone)]
struct Peer {
    addr: IpAddr,
    /// The address the connection came in on.
    local: IpAddr,
    connection: Arc<super::limits::Connection>,
}

impl ServerHandle {
    /// The address actually bound (the real port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to give followers: `--public-url` if given, else
    /// `http://ADDR` with a loopback address in place of an unspecified
    /// one (0.0.0.0 cannot be connected to).
    pub fn url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", connectable(self.addr)))
    }

    /// The URL to give other devices: `--public-url` if given; for a
    /// server on every interface (0.0.0.0), this machine's LAN address
    /// (a phone cannot reach 127.0.0.1); else [`ServerHandle::url`].
    pub fn reachable_url(&self) -> String {
        reachable(self.addr, self.public_url.as_deref(), lan_address())
    }

    /// Whether `GET`s from this machine need no token.
    pub fn view_open(&self) -> bool {
        self.view_open
    }

    /// Connections open now.
    pub fn connections(&self) -> usize {
        self.limits.open_connections()
    }

    /// Event streams open now: (viewers, control-token holders).
    pub fn streams(&self) -> (usize, usize) {
        self.limits.open_streams()
    }

    /// Who follows the show now, oldest first.
    pub fn followers(&self) -> Vec<StreamInfo> {
        self.limits.followers()
    }

    /// Stops accepting, cuts every open connection (followers see the link
    /// drop at once) and frees the port. Actions already being written
    /// finish first (up to 2 s).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop_accepting.take() {
            let _ = stop.send(());
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn reachable(addr: SocketAddr, public_url: Option<&str>, lan: Option<IpAddr>) -> String {
    match (public_url, lan) {
        (Some(url), _) => url.to_string(),
        (None, Some(lan)) if addr.ip().is_unspecified() => {
            format!("http://{}", SocketAddr::new(lan, addr.port()))
        }
        _ => format!("http://{}", connectable(addr)),
    }
}

/// The first IPv4 address of an interface that is up, not loopback and not
/// link-local: how other devices on the LAN reach this machine.
#[cfg(unix)]
fn lan_address() -> Option<IpAddr> {
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list` with a list that freeifaddrs frees
    // below; nothing of it is kept.
    if unsafe { libc::getifaddrs(&mut list) } != 0 {
        return None;
    }
    let mut found = None;
    let mut cursor = list;
    while !cursor.is_null() {
        // SAFETY: `cursor` points into the list getifaddrs made, and an
        // AF_INET address is a sockaddr_in.
        let entry = unsafe { &*cursor };
        let up = entry.ifa_flags & libc::IFF_UP as u32 != 0;
        if up && !entry.ifa_addr.is_null() {
            let family = i32::from(unsafe { (*entry.ifa_addr).sa_family });
            if family == libc::AF_INET {
                let inet = unsafe { &*entry.ifa_addr.cast::<libc::sockaddr_in>() };
                let ip = Ipv4Addr::from(u32::from_be(inet.sin_addr.s_addr));
                if !ip.is_loopback() && !ip.is_link_local() && !ip.is_unspecified() {
                    found = Some(IpAddr::V4(ip));
                    break;
                }
            }
        }
        cursor = entry.ifa_next;
    }
    // SAFETY: the list getifaddrs made, freed once.
    unsafe { libc::freeifaddrs(list) };
    found
}

#[cfg(not(unix))]
fn lan_address() -> Option<IpAddr> {
    None
}

fn connectable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// Serves the hub's show on `addr` until the handle is stopped or dropped.
/// Port 0 picks a free port: see [`ServerHandle::addr`].
pub fn serve(hub: Arc<Hub>, addr: SocketAddr, access: Access) -> std::io::Result<ServerHandle> {
    serve_with(hub, addr, access, ServeOptions::default())
}

/// [`serve`], reached also through a proxy.
pub fn serve_with(
    hub: Arc<Hub>,
    addr: SocketAddr,
    access: Access,
    options: ServeOptions,
) -> std::io::Result<ServerHandle> {
    let invalid = |message: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, message);
    access.check().map_err(invalid)?;
    let public_url = match &options.public_url {
        Some(url) => Some(public_url(url).map_err(invalid)?),
        None => None,
    };
    // Each connection is a file: let the server have as many as it may.
    let files = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    let limits = Limits::new(usize::try_from(files.saturating_sub(64)).unwrap_or(usize::MAX));
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let view_open = addr.ip().is_loopback()
        && !access.view_needs_token_on_loopback
        && options.public_url.is_none();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("showclock-net")
        .enable_all()
        .build()?;
    let (live, board) = {
        let _entered = runtime.enter();
        (
            LiveFeed::start(Arc::clone(&hub)),
            options.board.clone().map(BoardFeed::start),
        )
    };
    let shared = Arc::new(Shared {
        live,
        board,
        hub,
        access,
        view_open,
        hosts: HostPolicy::new(addr, public_url.as_ref()),
        trusted_proxies: options
            .trusted_proxies
            .iter()
            .map(|ip| canonical(*ip))
            .collect(),
        limits: Arc::clone(&limits),
    });
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let (stop_accepting, stopped) = oneshot::channel();
    // What reading the journal took is not needed while serving it.
    give_back();
    runtime.spawn(accept_loop(listener, shared, stopped));
    runtime.spawn(give_back_memory(Arc::clone(&limits)));
    Ok(ServerHandle {
        addr,
        view_open,
        public_url: options
            .public_url
            .map(|url| url.trim_end_matches('/').to_string()),
        limits,
        stop_accepting: Some(stop_accepting),
        runtime: Some(runtime),
    })
}

/// `--public-url`, checked: an http or https URL with a host name.
fn public_url(url: &str) -> Result<reqwest::Url, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("--public-url {url:?}: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "--public-url {url:?}: give an http:// or https:// URL"
        ));
    }
    if parsed.host_str().is_none() {
        return Err(format!("--public-url {url:?}: the URL has no host name"));
    }
    Ok(parsed)
}

/// An IPv4 client seen on an IPv6 socket is the IPv4 client.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn router(shared: Arc<Shared>) -> Router {
    let mut router = Router::new();
    for &(path, _, _) in super::pages::FILES {
        router = router.route(
            path,
            get(move |uri: Uri, headers: HeaderMap| async move {
                super::pages::page(path, &uri, &headers)
            }),
        );
    }
    router
        .route("/v1/state", get(state))
        .route("/v1/agenda", get(agenda))
        .route("/v1/events", get(events))
        .route("/v1/live", get(live))
        .route("/v1/board", get(board))
        .route("/v1/board/live", get(board_live))
        .route("/v1/control/{action}", post(control))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            check_host,
        ))
        .with_state(shared)
}

/// Gives memory the process freed back to the system: glibc's allocator
/// keeps it otherwise (after reading a long journal, after a crowd).
fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator this
    // process uses; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// After a burst of connections (a flood, a crowd of viewers leaving),
/// gives the memory they used back. Looks every 5 s.
async fn give_back_memory(limits: Arc<Limits>) {
    let mut busiest = 0;
    loop {
        tokio::time::sleep(Duration::from_secs(5)).await;
        let open = limits.open_connections();
        busiest = busiest.max(limits.take_peak());
        if busiest >= 64 && open * 4 <= busiest {
            give_back();
            busiest = open;
        }
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    mut stopped: oneshot::Receiver<()>,
) {
    let app = router(Arc::clone(&shared));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stopped => return,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of file descriptors and the like: wait, don't spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let peer = canonical(peer.ip());
        let trusted = shared.trusted_proxies.contains(&peer);
        let Some(slot) = shared.limits.admit(peer, !trusted) else {
            continue; // Every connection is busy: this one is closed.
        };
        let local = stream
            .local_addr()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| canonical(a.ip()));
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_connection(app.clone(), stream, peer, local, slot));
    }
}

async fn serve_connection(
    app: Router,
    stream: tokio::net::TcpStream,
    addr: IpAddr,
    local: IpAddr,
    slot: ConnectionSlot,
) {
    let connection = Arc::clone(&slot.connection);
    let peer = Peer {
        addr,
        local,
        connection: Arc::clone(&connection),
    };
    let service = hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
        request.extensions_mut().insert(peer.clone());
        let connection = Arc::clone(&peer.connection);
        connection.set_busy(true);
        let mut app = app.clone();
        async move {
            let response = app.call(request.map(Body::new)).await;
            connection.trusted(Trust::Served);
            connection.set_busy(false);
            response
        }
    });
    let served = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .max_headers(MAX_HEADERS)
        .title_case_headers(true)
        // A client may shut its sending side once the request is sent: it
        // is still answered.
        .half_close(true)
        .serve_connection(
            TokioIo::new(Metered::new(stream, Arc::clone(&connection))),
            service,
        );
    let stalled = async {
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if connection.stalled() {
                connection.meter.abort();
                return;
            }
        }
    };
    tokio::select! {
        _ = served => {}
        () = connection.evicted() => {}
        () = stalled => {}
    }
    drop(slot);
}

fn peer(request: &Request) -> Option<Peer> {
    request.extensions().get::<Peer>().cloned()
}

/// Whether a request came through a proxy (which may reach it from far
/// away even when the server listens on loopback).
fn via_proxy(headers: &HeaderMap) -> bool {
    ["x-forwarded-for", "forwarded", "x-real-ip"]
        .iter()
        .any(|name| headers.contains_key(*name))
}

impl Shared {
    /// Viewing needs no token for this request.
    fn view_open_for(&self, peer: &Peer, headers: &HeaderMap) -> bool {
        self.view_open && peer.addr.is_loopback() && !via_proxy(headers)
    }

    /// The client's address: the peer's, or for a trusted proxy the last
    /// address its `X-Forwarded-For` names (the one the proxy added).
    fn client(&self, peer: &Peer, headers: &HeaderMap) -> IpAddr {
        if self.trusted_proxies.contains(&peer.addr)
            && let Some(forwarded) = headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|ip| ip.trim().parse::<IpAddr>().ok())
        {
            return canonical(forwarded);
        }
        peer.addr
    }
}

async fn check_host(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let Some(peer) = peer(&request) else {
        return ApiError::new(500, "no connection information").into_response();
    };
    if let Some(expect) = request.headers().get(EXPECT)
        && !expect
            .to_str()
            .is_ok_and(|e| e.trim().eq_ignore_ascii_case("100-continue"))
    {
        return ApiError::new(
            417,
            "the only expectation understood is Expect: 100-continue",
        )
        .into_response();
    }
    let post = request.method() == Method::POST;
    // HTTP/1.0 did not require Host: a request without one is no browser's.
    let old = request.version() < Version::HTTP_11;
    match shared.hosts.check(request.headers(), peer.local, post, old) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

fn require(shared: &Shared, request: &Request, need: Need) -> Result<(Peer, Role), ApiError> {
    let peer = peer(request).ok_or_else(|| ApiError::new(500, "no connection information"))?;
    let open = shared.view_open_for(&peer, request.headers());
    let role = authorize(request.headers(), &shared.access, need, open)?;
    if role == Role::Controller {
        peer.connection.trusted(Trust::Controller);
    }
    Ok((peer, role))
}

async fn state(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    if let Err(error) = require(&shared, &request, Need::View) {
        return error.into_response();
    }
    json_ok(&shared.hub.state_at(shared.hub.now()).0)
}

async fn agenda(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    if let Err(error) = require(&shared, &request, Need::View) {
        return error.into_response();
    }
    let parts = [shared.hub.agenda_json(), Bytes::from_static(b"\n")];
    let mut response = json(StatusCode::OK, Bytes::new());
    *response.body_mut() =
        Body::from_stream(futures_util::stream::iter(parts.map(Ok::<_, Infallible>)));
    response
}

async fn events(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    let (peer, _, slot) = match open_stream(&shared, &request) {
        Ok(opened) => opened,
        Err(error) => return error.into_response(),
    };
    let resume_from = request
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    let body = events::stream(Arc::clone(&shared.hub), resume_from, slot, peer.connection);
    event_stream_response(Body::from_stream(body))
}

/// Lets a viewer open an event stream, if the caps allow one more.
fn open_stream(shared: &Shared, request: &Request) -> Result<(Peer, Role, StreamSlot), ApiError> {
    let (peer, role) = require(shared, request, Need::View)?;
    let headers = request.headers();
    // This machine, directly: no per-address cap (an SSH tunnel brings
    // every remote viewer in from loopback).
    let client = shared.client(&peer, headers);
    let address = (!peer.addr.is_loopback() || via_proxy(headers)).then_some(client);
    let slot = shared.limits.open_stream(role, client, address)?;
    shared.limits.streaming(&peer.connection);
    Ok((peer, role, slot))
}

async fn live(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    // Every answer but the stream comes before the stream's place is taken:
    // a connection marked as streaming is never closed to make room, so a
    // refused one must not be marked.
    if let Err(error) = require(&shared, &request, Need::View) {
        return error.into_response();
    }
    let page = match super::live::Page::from_uri(request.uri()) {
        Ok(page) => page,
        Err(why) => return ApiError::new(400, why).into_response(),
    };
    let (peer, role, slot) = match open_stream(&shared, &request) {
        Ok(opened) => opened,
        Err(error) => return error.into_response(),
    };
    let body = super::live::stream(
        Arc::clone(&shared.hub),
        shared.live.clone(),
        (role, page),
        slot,
        peer.connection,
    );
    event_stream_response(Body::from_stream(body))
}

/// Without a board: how to get one.
fn no_board() -> ApiError {
    ApiError::new(
        404,
        "this server has no board of rooms: serve a show with --sync nats://HOST/GROUP.SHOW \
         (the board of every show in GROUP on that broker) or with --board URL \
         (a broker, nats://HOST/ or nats://HOST/GROUP., or a shared show, http://HOST:PORT), \
         together with --share",
    )
}

async fn board(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    if let Err(error) = require(&shared, &request, Need::View) {
        return error.into_response();
    }
    let Some(feed) = &shared.board else {
        return no_board().into_response();
    };
    match BoardOrder::from_uri(request.uri()) {
        Ok(order) => json(StatusCode::OK, feed.document(order)),
        Err(why) => ApiError::new(400, why).into_response(),
    }
}

async fn board_live(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    // Every answer but the stream comes before the stream's place is taken
    // (a connection that carries a stream is never closed to make room).
    if let Err(error) = require(&shared, &request, Need::View) {
        return error.into_response();
    }
    let Some(feed) = shared.board.clone() else {
        return no_board().into_response();
    };
    let order = match BoardOrder::from_uri(request.uri()) {
        Ok(order) => order,
        Err(why) => return ApiError::new(400, why).into_response(),
    };
    // Counted as the pages' streams are.
    let (peer, _, slot) = match open_stream(&shared, &request) {
        Ok(opened) => opened,
        Err(error) => return error.into_response(),
    };
    let body = super::overview::stream(feed, order, slot, peer.connection);
    event_stream_response(Body::from_stream(body))
}

/// An event stream's response: no cache or proxy may hold events back.
fn event_stream_response(body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store, no-transform"),
    );
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // A connection that carried a stream is not kept for more requests.
    headers.insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

async fn control(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    request: Request,
) -> Response<Body> {
    if !ACTIONS.contains(&name.as_str()) {
        let hint = nearest(&name, ACTIONS.iter().copied())
            .map_or_else(String::new, |near| format!("did you mean {near:?}? "));
        return ApiError::new(
            404,
            format!(
                "unknown action {:?}: {hint}the actions are {}",
                crate::text::inert(&name),
                ACTIONS.join(", ")
            ),
        )
        .into_response();
    }
    if let Err(error) = require(&shared, &request, Need::Control) {
        return error.into_response();
    }
    let key = match idempotency_key(request.headers()) {
        Ok(key) => key,
        Err(error) => return error.into_response(),
    };
    let body = match read_body(request).await {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let action = match parse_action(&name, &body) {
        Ok(action) => action,
        Err(error) => return error.into_response(),
    };
    let hub = Arc::clone(&shared.hub);
    let asked = action.clone();
    // Appending fsyncs: off the runtime's threads, so streams keep going.
    let acted = tokio::task::spawn_blocking(move || hub.act_once(action, hub.now(), key)).await;
    match acted {
        Ok(Ok(recorded)) if !recorded.repeated => json_ok(&recorded.entry),
        // Sent again (a retry): the first answer, and nothing done again.
        Ok(Ok(recorded)) if recorded.entry.action == asked => {
            let mut response = json_ok(&recorded.entry);
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
        Ok(Ok(recorded)) => ApiError::new(
            422,
            format!(
                "this Idempotency-Key was used for another action ({}): give each action a key of its own",
                recorded.entry.action.name()
            ),
        )
        .into_response(),
        Ok(Err(ActError::Invalid(message))) => ApiError::new(422, message).into_response(),
        Ok(Err(e @ ActError::Journal(_))) => journal_failure(&e).into_response(),
        Err(_) => ApiError::new(
            500,
            "the action failed inside the server; it did not happen",
        )
        .into_response(),
    }
}

/// The request's `Idempotency-Key`, which becomes the action's id: a
/// retry under the same key gets the first answer.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let mut keys = headers.get_all("idempotency-key").iter();
    let Some(key) = keys.next() else {
        return Ok(None);
    };
    if keys.next().is_some() {
        return Err(ApiError::new(
            400,
            "the request has more than one Idempotency-Key header: send one",
        ));
    }
    let key = key.to_str().unwrap_or("\u{fffd}").trim();
    crate::show::check_id(key)
        .map_err(|why| ApiError::new(400, format!("Idempotency-Key: {why}")))?;
    Ok(Some(key.to_string()))
}

/// A journal that cannot be written: 507 when the disk is full, else 503.
/// Either way the action did not happen, and the next one tries again.
fn journal_failure(error: &ActError) -> ApiError {
    let full = matches!(error, ActError::Journal(e) if e.kind() == std::io::ErrorKind::StorageFull);
    let status = if full { 507 } else { 503 };
    ApiError::new(
        status,
        format!("{error}; the action did not happen, try again"),
    )
}

/// The body, at most [`MAX_BODY`] bytes, within [`BODY_TIMEOUT`].
async fn read_body(request: Request) -> Result<Bytes, ApiError> {
    if let Some(length) = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        && length > MAX_BODY as u64
    {
        return Err(ApiError::new(
            413,
            format!("the body is {length} bytes; at most {MAX_BODY} are accepted"),
        ));
    }
    match tokio::time::timeout(
        BODY_TIMEOUT,
        axum::body::to_bytes(request.into_body(), MAX_BODY),
    )
    .await
    {
        Err(_) => Err(ApiError::new(408, "the body took too long to arrive")),
        Ok(Ok(body)) => Ok(body),
        Ok(Err(e)) if is_length_limit(&e) => Err(ApiError::new(
            413,
            format!("the body is over {MAX_BODY} bytes, the most accepted"),
        )),
        Ok(Err(e)) => Err(ApiError::new(400, format!("cannot read the body: {e}"))),
    }
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

async fn not_found(request: Request) -> Response<Body> {
    let path = request.uri().path();

    let hint = nearest(path, PATHS.iter().copied())
        .map_or_else(String::new, |near| format!("did you mean {near}? "));
    ApiError::new(
        404,
        format!(
            "no such endpoint {:?}: {hint}the endpoints are {ENDPOINTS}",
            crate::text::inert(path)
        ),
    )
    .into_response()
}

async fn method_not_allowed(request: Request) -> Response<Body> {
    let path = request.uri().path();
    let allowed = if path.starts_with("/v1/control/") {
        "POST"
    } else {
        "GET"
    };
    ApiError::new(
        405,
        format!(
            "{} {} is not served: use {allowed}",
            request.method(),
            crate::text::inert(path)
        ),
    )
    .header("Allow", allowed)
    .into_response()
}

/// `--share`'s address: `IP:PORT`, `[IPv6]:PORT`, `localhost:PORT` or a
/// bare port, which means loopback (`8080` is `127.0.0.1:8080`).
pub fn parse_share_addr(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    let help = "give a port (8080, on this machine only), or an address and port: \
                127.0.0.1:8080, 0.0.0.0:8080 (every network interface), 192.168.1.20:8080, [::1]:8080";
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port));
    }
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    if let Some(port) = text.strip_prefix("localhost:")
        && let Ok(port) = port.parse::<u16>()
    {
        return Ok(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port));
    }
    if text.starts_with("http://") || text.starts_with("https://") {
        return Err(format!("{text:?} is a URL: {help}"));
    }
    Err(format!("{text:?} is not an address to listen on: {help}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_addresses() {
        assert_eq!(
            parse_share_addr("8080").unwrap().to_string(),
            "127.0.0.1:8080"
        );
        assert_eq!(
            parse_share_addr("0.0.0.0:9000").unwrap().to_string(),
            "0.0.0.0:9000"
        );
        assert_eq!(
            parse_share_addr("[::1]:9000").unwrap().to_string(),
            "[::1]:9000"
        );
        assert_eq!(
            parse_share_addr("localhost:80").unwrap().to_string(),
            "127.0.0.1:80"
        );
        assert!(parse_share_addr("70000").is_err());
        assert!(parse_share_addr("http://x:1").unwrap_err().contains("URL"));
        assert!(parse_share_addr("example.com:80").is_err());
    }

    #[test]
    fn the_url_for_other_devices() {
        let lan: IpAddr = "192.168.1.20".parse().unwrap();
        let every: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(
            reachable(every, None, Some(lan)),
            "http://192.168.1.20:8080"
        );
        assert_eq!(reachable(every, None, None), "http://127.0.0.1:8080");
        assert_eq!(reachable(local, None, Some(lan)), "http://127.0.0.1:8080");
        assert_eq!(
            reachable(every, Some("https://show.example.org"), Some(lan)),
            "https://show.example.org"
        );
        assert!(lan_address().is_none_or(|ip| !ip.is_loopback()));
    }

    #[test]
    fn public_urls() {
        assert_eq!(
            public_url("https://show.example.org/").unwrap().host_str(),
            Some("show.example.org")
        );
        assert!(public_url("ftp://x").is_err());
        assert!(public_url("show.example.org").is_err());
    }
}
