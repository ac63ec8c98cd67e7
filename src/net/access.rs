//! Who may do what, and from where: the control and view tokens, and the
//! names the server answers to (so a web page that rebinds its own name to
//! a loopback address cannot read the show).

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN};
use reqwest::Url;

use super::reply::ApiError;

/// Who may do what.
#[derive(Clone)]
pub struct Access {
    /// Needed for every `POST`; also lets its holder view.
    pub control_token: String,
    /// Lets its holder view (every `GET`) but not control.
    pub view_token: Option<String>,
    /// Ask for a token to view even on loopback (by default viewing is open
    /// there, and needs a token on every other address).
    pub view_needs_token_on_loopback: bool,
}

impl Access {
    pub fn new(control_token: impl Into<String>) -> Self {
        Self {
            control_token: control_token.into(),
            view_token: None,
            view_needs_token_on_loopback: false,
        }
    }

    /// Viewing needs a token on loopback too (e.g. on a shared machine).
    pub fn view_needs_token(mut self) -> Self {
        self.view_needs_token_on_loopback = true;
        self
    }

    pub fn with_view_token(mut self, view_token: impl Into<String>) -> Self {
        self.view_token = Some(view_token.into());
        self
    }

    /// Checks both tokens, naming the one that is wrong.
    pub fn check(&self) -> Result<(), String> {
        check_token(&self.control_token).map_err(|e| format!("control token: {e}"))?;
        if let Some(view) = &self.view_token {
            check_token(view).map_err(|e| format!("view token: {e}"))?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Access { tokens hidden }")
    }
}

/// What a request needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    View,
    Control,
}

/// What a request's token let it do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// No token, where viewing is open.
    Anyone,
    Viewer,
    Controller,
}

/// Lets the request through if its token (or, for viewing, its way in)
/// allows `need`. `view_open`: viewing needs no token for this request.
pub fn authorize(
    headers: &HeaderMap,
    access: &Access,
    need: Need,
    view_open: bool,
) -> Result<Role, ApiError> {
    let unauthorized = |message: String| {
        ApiError::new(401, message).header("WWW-Authenticate", "Bearer realm=\"showclock\"")
    };
    let what = match need {
        Need::View => "viewing this show from another machine",
        Need::Control => "control",
    };
    let Some(value) = headers.get(AUTHORIZATION) else {
        if need == Need::View && view_open {
            return Ok(Role::Anyone);
        }
        return Err(unauthorized(format!(
            "{what} needs a token: send the header \"Authorization: Bearer TOKEN\" with the token shown where the server started"
        )));
    };
    let token = match value.to_str().ok().and_then(|v| v.split_once(' ')) {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        // Where viewing is open, a header meant for something else is no bar.
        _ if need == Need::View && view_open => return Ok(Role::Anyone),
        _ => {
            return Err(unauthorized(
                "malformed Authorization header: send \"Authorization: Bearer TOKEN\"".into(),
            ));
        }
    };
    let control = tokens_match(token, &access.control_token);
    let view = access
        .view_token
        .as_deref()
        .is_some_and(|v| tokens_match(token, v));
    match need {
        _ if control => Ok(Role::Controller),
        Need::View if view => Ok(Role::Viewer),
        Need::Control if view => Err(unauthorized(
            "this is the view token: it can watch but not control the show; control needs the control token".into(),
        )),
        // A wrong token is said to be wrong even where viewing is open: a
        // page or follower given a mistyped token must not look read-only.
        _ => Err(unauthorized(format!(
            "wrong token: {what} needs the token shown where the server started"
        ))),
    }
}

/// Compares a token in time that does not depend on where it differs.
pub fn tokens_match(given: &str, expected: &str) -> bool {
    let given = given.as_bytes();
    let expected = expected.as_bytes();
    let mut difference = u8::from(given.len() != expected.len());
    for (i, &e) in expected.iter().enumerate() {
        let g = given.get(i).copied().unwrap_or(!e);
        difference |= g ^ e;
    }
    std::hint::black_box(difference) == 0
}

/// A new token: 128 random bits, URL-safe base64 (22 characters).
pub fn generate_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness at all: std seeds each RandomState from the
        // system's secure source where there is one.
        use std::hash::{BuildHasher, Hasher};
        for (i, half) in bytes.chunks_mut(8).enumerate() {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_usize(i);
            half.copy_from_slice(&hasher.finish().to_le_bytes());
        }
    }
    base64url(&bytes)
}

/// Whether a token given on the command line can be used.
pub fn check_token(token: &str) -> Result<(), String> {
    if token.len() < 8 {
        return Err(
            "a token needs at least 8 characters (leave it out to have one generated)".into(),
        );
    }
    if token.len() > 256 {
        return Err("a token may have at most 256 characters".into());
    }
    if !token.bytes().all(|c| c.is_ascii_graphic()) {
        return Err("a token may hold only visible ASCII characters, no spaces".into());
    }
    Ok(())
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// The names a request may use for this server in `Host` (and `Origin`):
/// loopback names, the address it listens on, the address the connection
/// came in on, and the name of `--public-url`. A browser that reached us
/// through a rebound DNS name sends that name, and is refused.
///
/// A `POST` from a web page must come from this server's own origin:
/// `http://` one of those names and the port it listens on, or the origin
/// of `--public-url` (scheme, host and port all compared).
#[derive(Debug, Clone, Default)]
pub struct HostPolicy {
    /// Lower-case host names (no port), besides addresses.
    names: Vec<String>,
    listen: Option<IpAddr>,
    port: u16,
    /// `--public-url`'s origin, as a browser sends it.
    public_origin: Option<String>,
}

impl HostPolicy {
    /// For a server listening on `listen`, reached also at `public_url`
    /// (already checked to be an http or https URL with a host).
    pub fn new(listen: SocketAddr, public_url: Option<&Url>) -> Self {
        let mut names = vec!["localhost".to_string()];
        names.extend(
            public_url
                .and_then(Url::host_str)
                .map(str::to_ascii_lowercase),
        );
        Self {
            names,
            listen: (!listen.ip().is_unspecified()).then_some(listen.ip()),
            port: listen.port(),
            public_origin: public_url.map(|url| url.origin().ascii_serialization()),
        }
    }

    /// Whether `host` (a `Host` value: name or address, perhaps a port) is
    /// this server, for a connection that came in on `local`.
    pub fn allows(&self, host: &str, local: IpAddr) -> bool {
        let name = host_name(host);
        let address = match name.strip_prefix('[') {
            Some(bracketed) => match bracketed.strip_suffix(']').map(str::parse::<IpAddr>) {
                Some(Ok(ip)) => Some(ip),
                _ => return false,
            },
            None => name.parse::<IpAddr>().ok(),
        };
        if let Some(ip) = address {
            return ip.is_loopback() || ip == local || Some(ip) == self.listen;
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.names.contains(&name)
    }

    /// Refuses a request whose `Host` is missing or not this server's, and
    /// a `POST` from a web page of another origin.
    /// `http10`: the request is HTTP/1.0, which may leave `Host` out.
    pub fn check(
        &self,
        headers: &HeaderMap,
        local: IpAddr,
        post: bool,
        http10: bool,
    ) -> Result<(), ApiError> {
        let host = headers.get(HOST).map(|h| h.to_str().unwrap_or("\u{fffd}"));
        let Some(host) = host else {
            if http10 {
                return self.check_origin(headers, local, post);
            }
            return Err(ApiError::new(
                400,
                "the request has no Host header (HTTP/1.1 needs one)",
            ));
        };
        if !self.allows(host, local) {
            return Err(ApiError::new(
                421,
                format!(
                    "this server does not answer to the name {:?}: use its address, or start it with --public-url https://NAME for a name a proxy serves",
                    crate::text::inert(host_name(host))
                ),
            ));
        }
        self.check_origin(headers, local, post)
    }

    fn check_origin(&self, headers: &HeaderMap, local: IpAddr, post: bool) -> Result<(), ApiError> {
        if !post {
            return Ok(());
        }
        let mut origins = headers.get_all(ORIGIN).iter();
        let Some(origin) = origins.next() else {
            return Ok(());
        };
        if origins.next().is_some() {
            return Err(ApiError::new(
                403,
                "the request has more than one Origin header; a browser sends one",
            ));
        }
        let origin = origin.to_str().unwrap_or("null");
        if !self.own_origin(origin, local) {
            return Err(ApiError::new(
                403,
                format!(
                    "a web page from {:?} may not control this show: only this server's own pages may",
                    crate::text::inert(origin)
                ),
            ));
        }
        Ok(())
    }

    /// Whether `origin` (an `Origin` value) is this server's own.
    fn own_origin(&self, origin: &str, local: IpAddr) -> bool {
        let Ok(url) = Url::parse(origin) else {
            return false;
        };
        // An origin is a scheme, host and port: nothing else.
        let bare = url.path() == "/"
            && !origin.ends_with('/')
            && url.query().is_none()
            && url.fragment().is_none()
            && url.username().is_empty()
            && url.password().is_none();
        if !bare {
            return false;
        }
        if self.public_origin.as_deref() == Some(url.origin().ascii_serialization().as_str()) {
            return true;
        }
        url.scheme() == "http"
            && url.port_or_known_default() == Some(self.port)
            && url.host_str().is_some_and(|host| self.allows(host, local))
    }
}

/// The host part of a `Host` value: `[::1]:80` → `[::1]`, `a.b:80` → `a.b`.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_url_safe() {
        let a = generate_token();
        let b = generate_token();
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert!(check_token(&a).is_ok());
    }

    #[test]
    fn base64url_matches_the_rfc_vectors() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn token_comparison() {
        assert!(tokens_match("abcdefgh", "abcdefgh"));
        assert!(!tokens_match("abcdefgX", "abcdefgh"));
        assert!(!tokens_match("abcdefg", "abcdefgh"));
        assert!(!tokens_match("abcdefghi", "abcdefgh"));
        assert!(!tokens_match("", "abcdefgh"));
    }

    #[test]
    fn hosts() {
        let local: IpAddr = "192.168.1.20".parse().unwrap();
        let public = Url::parse("https://Show.Example.org/").unwrap();
        let any = HostPolicy::new("0.0.0.0:8080".parse().unwrap(), Some(&public));
        for ok in [
            "localhost",
            "localhost:8080",
            "LOCALHOST.",
            "127.0.0.1:8080",
            "127.0.0.2",
            "[::1]:8080",
            "192.168.1.20:8080",
            "show.example.org",
            "show.example.org:443",
        ] {
            assert!(any.allows(ok, local), "{ok}");
        }
        for bad in [
            "evil.example.com",
            "evil.example.com:8080",
            "192.168.1.21:8080",
            "localhost.evil.com",
            "",
            "[::1",
        ] {
            assert!(!any.allows(bad, local), "{bad}");
        }
        let one = HostPolicy::new("10.0.0.5:9000".parse().unwrap(), None);
        assert!(one.allows("10.0.0.5:9000", "10.0.0.5".parse().unwrap()));
        assert!(!one.allows("show.example.org", "10.0.0.5".parse().unwrap()));
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let public = Url::parse("https://show.example.org").unwrap();
        let policy = HostPolicy::new("127.0.0.1:8080".parse().unwrap(), Some(&public));
        for own in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://[::1]:8080",
            "https://show.example.org",
            "https://show.example.org:443",
            "HTTPS://SHOW.EXAMPLE.ORG",
        ] {
            assert!(policy.own_origin(own, local), "{own}");
        }
        for foreign in [
            "http://localhost:9999",
            "https://127.0.0.1:8080",
            "http://127.0.0.1",
            "http://show.example.org",
            "https://show.example.org:8443",
            "http://evil.example:8080",
            "http://127.0.0.1:8080/path",
            "http://127.0.0.1:8080/",
            "http://user@127.0.0.1:8080",
            "null",
            "",
            "127.0.0.1:8080",
        ] {
            assert!(!policy.own_origin(foreign, local), "{foreign}");
        }
        let on_80 = HostPolicy::new("127.0.0.1:80".parse().unwrap(), None);
        assert!(on_80.own_origin("http://localhost", local));
    }

    #[test]
    fn two_origin_headers_are_refused() {
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let policy = HostPolicy::new("127.0.0.1:8080".parse().unwrap(), None);
        let mut headers = HeaderMap::new();
        headers.insert(HOST, "127.0.0.1:8080".parse().unwrap());
        headers.append(ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(policy.check(&headers, local, true, false).is_ok());
        headers.append(ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        let refused = policy.check(&headers, local, true, false).unwrap_err();
        assert_eq!(refused.status, 403);
        // A GET is not a page acting on the show.
        assert!(policy.check(&headers, local, false, false).is_ok());
    }
}
