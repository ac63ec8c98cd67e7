//! The browser screens: plain HTML, CSS and JavaScript from `web/`,
//! embedded in the binary (they work offline, from no CDN). The pages hold
//! no show data and need no token: each reads its token from the URL's
//! fragment and streams `GET /v1/live` with it (see [`super::live`]).

use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, Response, StatusCode};
use axum::response::IntoResponse;

/// A page or a file it loads: its path, its media type and its bytes.
pub const FILES: &[(&str, &str, &str)] = &[
    ("/", HTML, include_str!("../../web/index.html")),
    ("/speaker", HTML, include_str!("../../web/speaker.html")),
    ("/producer", HTML, include_str!("../../web/producer.html")),
    ("/overlay", HTML, include_str!("../../web/overlay.html")),
    ("/web/style.css", CSS, include_str!("../../web/style.css")),
    ("/web/live.js", JS, include_str!("../../web/live.js")),
    ("/web/index.js", JS, include_str!("../../web/index.js")),
    ("/web/speaker.js", JS, include_str!("../../web/speaker.js")),
    (
        "/web/producer.js",
        JS,
        include_str!("../../web/producer.js"),
    ),
    ("/web/overlay.js", JS, include_str!("../../web/overlay.js")),
];

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// Only this server's own scripts and styles run; the pages talk only to it.
/// The read-only pages may be framed (a streaming tool's web page); the
/// producer's, with its buttons, may not (no clickjacking).
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
     frame-ancestors *";
const PRODUCER_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// The file served at `path` (one of [`FILES`]).
pub fn page(path: &str) -> Response<Body> {
    let Some(&(_, media_type, text)) = FILES.iter().find(|(p, _, _)| *p == path) else {
        return super::reply::ApiError::new(404, "no such page").into_response();
    };
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(media_type));
    // A new binary brings new pages: check each time (they are small).
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The token is in the fragment, which no Referer carries; no Referer at all.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    let policy = if path.contains("producer") {
        PRODUCER_SECURITY_POLICY
    } else {
        CONTENT_SECURITY_POLICY
    };
    headers.insert("content-security-policy", HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_loads_only_files_that_are_served() {
        for (path, media_type, text) in FILES {
            if *media_type != HTML {
                continue;
            }
            for reference in text.split(['"', '\'']).filter(|s| s.starts_with("/web/")) {
                assert!(
                    FILES.iter().any(|(p, _, _)| p == &reference),
                    "{path} loads {reference}, which is not served"
                );
            }
            assert!(
                !text.contains("http://") && !text.contains("https://"),
                "{path} loads nothing from elsewhere"
            );
        }
    }
}
