//! The client side: where a show is served, one-off requests, and sending
//! actions. On reqwest (rustls for `https://`, trusting the system's
//! certificates, plus any given with `--ca-cert`), on one small tokio
//! runtime shared by every follower of the process.

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use reqwest::Url;

use crate::show::{Action, Entry};

/// A connection attempt gives up after this.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A one-off request (not the event stream) gives up after this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest answer read (the hello event carries the whole journal).
pub const MAX_ANSWER: usize = 64 * 1024 * 1024;

/// Where a show is served: `http://HOST:PORT` or `https://NAME/PATH/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Always ends in `/`: endpoints are joined onto it.
    base: Url,
}

impl Endpoint {
    /// Parses `http://host:port` or `https://name[:port][/path]` (a
    /// reverse proxy may serve the show under a path). The scheme may be
    /// left out for `http`.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let example =
            "e.g. http://127.0.0.1:8080, http://192.168.1.20:8080 or https://show.example.org";
        let lower = url.to_ascii_lowercase();
        let full = if lower.starts_with("http://") || lower.starts_with("https://") {
            url.to_string()
        } else if lower.contains("://") {
            return Err(format!(
                "{url:?}: only http:// and https:// URLs can be followed, {example}"
            ));
        } else {
            format!("http://{url}")
        };
        let mut base = Url::parse(&full).map_err(|e| format!("{url:?}: {e}, {example}"))?;
        if !base.username().is_empty() || base.password().is_some() {
            return Err(format!(
                "{url:?}: no user name in the URL; give the token with --token"
            ));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(format!(
                "{url:?}: give the server's address without ?query or #fragment, {example}"
            ));
        }
        if base.host_str().is_none_or(str::is_empty) {
            return Err(format!("{url:?}: the URL has no host, {example}"));
        }
        if base.port() == Some(0) {
            return Err(format!("{url:?}: port 0 cannot be followed, {example}"));
        }
        if base.path().contains("/v1/") {
            return Err(format!(
                "{url:?}: give the server's address without /v1/..., {example}"
            ));
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Ok(Self { base })
    }

    /// The URL as a person would write it (no trailing `/`).
    pub fn url(&self) -> String {
        self.base.as_str().trim_end_matches('/').to_string()
    }

    /// `path` (`/v1/state`) on this server.
    pub fn join(&self, path: &str) -> Url {
        self.base
            .join(path.trim_start_matches('/'))
            .unwrap_or_else(|_| self.base.clone())
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url())
    }
}

/// The runtime every client-side task of this process runs on: one
/// worker thread, asleep while nothing arrives.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("showclock-client")
            .enable_all()
            .build()
            .expect("cannot start the network runtime")
    })
}

/// An HTTP client trusting the system's certificates and, if given, the
/// PEM certificates in `ca_cert` (a private CA, e.g. Caddy's `tls internal`).
pub fn client(ca_cert: Option<&Path>) -> Result<reqwest::Client, String> {
    static PROVIDER: OnceLock<()> = OnceLock::new();
    PROVIDER.get_or_init(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    let mut builder = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        // Under the server's 5 s: a POST never goes out on a connection the
        // server is closing.
        .pool_idle_timeout(Duration::from_secs(3))
        .tcp_nodelay(true)
        .user_agent(concat!("showclock/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = ca_cert {
        let pem = std::fs::read(path).map_err(|e| format!("--ca-cert {}: {e}", path.display()))?;
        let certificates = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| format!("--ca-cert {}: not PEM certificates: {e}", path.display()))?;
        if certificates.is_empty() {
            return Err(format!(
                "--ca-cert {}: no certificate in the file",
                path.display()
            ));
        }
        for certificate in certificates {
            builder = builder.add_root_certificate(certificate);
        }
    }
    builder
        .build()
        .map_err(|e| format!("cannot set up HTTPS: {e}"))
}

/// The client for one-off requests.
fn shared_client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| client(None).expect("cannot set up the HTTP client"))
}

/// A complete HTTP response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Response {
    /// The `error` of a JSON error body, or the body itself.
    pub fn error_text(&self) -> String {
        serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
            .unwrap_or_else(|| self.body.trim().to_string())
    }
}

/// One HTTP request, waited for. For scripts, tests and [`post`].
pub fn request(
    endpoint: &Endpoint,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&[u8]>,
) -> io::Result<Response> {
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let request = build(shared_client(), endpoint, method, path, token, body);
    runtime().block_on(send(request))
}

fn build(
    client: &reqwest::Client,
    endpoint: &Endpoint,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&[u8]>,
) -> reqwest::RequestBuilder {
    let mut request = client
        .request(method, endpoint.join(path))
        .timeout(REQUEST_TIMEOUT)
        .header(reqwest::header::ACCEPT, "application/json");
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_vec());
    }
    request
}

async fn send(request: reqwest::RequestBuilder) -> io::Result<Response> {
    let mut response = request.send().await.map_err(io::Error::other)?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(io::Error::other)? {
        if body.len() + chunk.len() > MAX_ANSWER {
            return Err(io::Error::other("the answer is too large"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Response {
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Why an action sent to the server did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostError {
    /// The server's status, if it answered.
    pub status: Option<u16>,
    pub message: String,
}

impl fmt::Display for PostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PostError {}

/// The path and JSON body of an action: `/v1/control/goto`, `{"index":2}`.
pub fn action_request(action: &Action) -> (String, Vec<u8>) {
    let mut fields = match serde_json::to_value(action) {
        Ok(serde_json::Value::Object(fields)) => fields,
        _ => serde_json::Map::new(),
    };
    fields.remove("action");
    let body = serde_json::Value::Object(fields).to_string().into_bytes();
    (format!("/v1/control/{}", action.name()), body)
}

/// How often an action whose answer never came is sent again (under its
/// key, so it is done once), and the pause before each.
const RETRIES: [Duration; 2] = [Duration::from_millis(250), Duration::from_secs(1)];

/// Sends an action under an `Idempotency-Key` of its own, and sends it
/// again if no answer comes (the link dropped mid-request): the server does
/// it once and answers every try alike. The entry the server wrote, or why
/// not.
pub async fn post(
    client: &reqwest::Client,
    endpoint: &Endpoint,
    token: Option<&str>,
    action: &Action,
) -> Result<Entry, PostError> {
    let (path, body) = action_request(action);
    let key = super::access::generate_token();
    let mut pauses = RETRIES.iter();
    let response = loop {
        let request = build(
            client,
            endpoint,
            reqwest::Method::POST,
            &path,
            token,
            Some(&body),
        )
        .header("Idempotency-Key", &key);
        // A request that timed out has had its time: not sent again.
        match (send(request).await, pauses.next()) {
            (Ok(response), _) => break response,
            (Err(e), Some(pause)) if !timed_out(&e) => tokio::time::sleep(*pause).await,
            (Err(e), _) => {
                return Err(PostError {
                    status: None,
                    message: format!("cannot reach the server at {endpoint}: {}", error_chain(&e)),
                });
            }
        }
    };
    let status = Some(response.status);
    match response.status {
        200 => serde_json::from_str(&response.body).map_err(|e| PostError {
            status,
            message: format!("the server answered with something unexpected: {e}"),
        }),
        401 => Err(PostError {
            status,
            message: format!(
                "read-only: no or wrong token ({})",
                crate::text::inert(&response.error_text())
            ),
        }),
        _ => Err(PostError {
            status,
            message: crate::text::inert(&response.error_text()),
        }),
    }
}

fn timed_out(error: &io::Error) -> bool {
    error
        .get_ref()
        .and_then(|e| e.downcast_ref::<reqwest::Error>())
        .is_some_and(reqwest::Error::is_timeout)
}

/// An error with its causes, which reqwest keeps apart ("error sending
/// request: connection refused").
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = cause.source();
    }
    crate::text::inert(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let e = Endpoint::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(e.url(), "http://127.0.0.1:8080");
        assert_eq!(
            e.join("/v1/events").as_str(),
            "http://127.0.0.1:8080/v1/events"
        );
        assert_eq!(
            Endpoint::parse("HTTP://localhost:9").unwrap().url(),
            "http://localhost:9"
        );
        assert_eq!(
            Endpoint::parse("127.0.0.1:8080").unwrap().url(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            Endpoint::parse("http://studio.local").unwrap().url(),
            "http://studio.local"
        );
        let v6 = Endpoint::parse("http://[::1]:8080").unwrap();
        assert_eq!(v6.url(), "http://[::1]:8080");
        let proxied = Endpoint::parse("https://show.example.org/dialogue").unwrap();
        assert_eq!(
            proxied.join("/v1/state").as_str(),
            "https://show.example.org/dialogue/v1/state"
        );
        assert!(Endpoint::parse("ftp://x:1").is_err());
        assert!(
            Endpoint::parse("http://x:1/v1/state")
                .unwrap_err()
                .contains("without /v1/")
        );
        assert!(
            Endpoint::parse("http://a@x:1")
                .unwrap_err()
                .contains("--token")
        );
        assert!(Endpoint::parse("http://x:99999").is_err());
        assert!(Endpoint::parse("http://x:0").is_err());
        assert!(Endpoint::parse("http://:80").is_err());
        assert!(Endpoint::parse("http://[::1:80").is_err());
        assert!(Endpoint::parse("http://a b:80").is_err());
        assert!(Endpoint::parse("http://x:1/?token=a").is_err());
    }

    #[test]
    fn actions_become_requests() {
        assert_eq!(
            action_request(&Action::Goto { index: 2 }),
            ("/v1/control/goto".to_string(), b"{\"index\":2}".to_vec())
        );
        assert_eq!(
            action_request(&Action::ClearMessage),
            ("/v1/control/clear_message".to_string(), b"{}".to_vec())
        );
    }
}
