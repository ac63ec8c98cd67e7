//! The browser screens: plain HTML, CSS and JavaScript from `web/`,
//! embedded in the binary (they work offline, from no CDN). The pages hold
//! no show data and need no token: each reads its token from the URL's
//! fragment and streams `GET /v1/live` with it (see [`super::live`]).
//!
//! A page is served in a language: `?lang=` if showclock has it, else the
//! browser's `Accept-Language`, else English (`<html lang>`, its fixed words
//! filled in). Every language's `page-*` messages come with it, as a JSON
//! block the browser does not run, so a named speaker's page can turn to
//! the language the agenda gives that speaker: that choice is made in the
//! page, from the agenda its token opened, so that a page asked for without
//! a token says nothing about who is in the show.

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::header::{
    ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_LANGUAGE, CONTENT_TYPE, REFERRER_POLICY, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode, Uri};
use axum::response::IntoResponse;
use fluent_syntax::ast;

use crate::i18n::{Arg, Language};

/// A page or a file it loads: its path, its media type and its bytes.
pub const FILES: &[(&str, &str, &str)] = &[
    ("/", HTML, include_str!("../../web/index.html")),
    ("/speaker", HTML, include_str!("../../web/speaker.html")),
    ("/producer", HTML, include_str!("../../web/producer.html")),
    ("/overlay", HTML, include_str!("../../web/overlay.html")),
    ("/board", HTML, include_str!("../../web/board.html")),
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
    ("/web/board.js", JS, include_str!("../../web/board.js")),
    ("/web/board.css", CSS, include_str!("../../web/board.css")),
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

/// The file served at `path` (one of [`FILES`]); a page in the language
/// the request asks for.
pub fn page(path: &str, uri: &Uri, headers: &HeaderMap) -> Response<Body> {
    let Some(&(_, media_type, text)) = FILES.iter().find(|(p, _, _)| *p == path) else {
        return super::reply::ApiError::new(404, "no such page").into_response();
    };
    let language = (media_type == HTML).then(|| page_language(uri, headers));
    let body = match language {
        Some((language, by)) => Body::from(in_language(text, language, by)),
        None => Body::from(text),
    };
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(media_type));
    // A new binary brings new pages: check each time (they are small).
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The token is in the fragment, which no Referer carries; no Referer at all.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Some((language, _)) = language {
        headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
        headers.insert(VARY, HeaderValue::from_static("Accept-Language"));
    }
    let policy = if path.contains("producer") {
        PRODUCER_SECURITY_POLICY
    } else {
        CONTENT_SECURITY_POLICY
    };
    headers.insert("content-security-policy", HeaderValue::from_static(policy));
    response
}

/// The language a page is served in, and what chose it: `query`
/// (`?lang=`, which a page keeps), `browser` or `default`. A `?lang=`
/// showclock has no language for is passed over.
fn page_language(uri: &Uri, headers: &HeaderMap) -> (&'static Language, &'static str) {
    #[derive(serde::Deserialize)]
    struct Query {
        lang: Option<String>,
    }
    let asked = axum::extract::Query::<Query>::try_from_uri(uri)
        .ok()
        .and_then(|query| query.0.lang);
    if let Some(language) = asked.and_then(|tag| crate::i18n::named(&tag).ok()) {
        return (language, "query");
    }
    match headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) {
        Some(header) => (crate::i18n::from_accept_language(header), "browser"),
        None => (crate::i18n::english(), "default"),
    }
}

/// A page in `language`: `<html lang>` says it, the words of its
/// `data-t="KEY"` elements are that language's, and every language's
/// messages follow in the head for the page's script.
fn in_language(html: &str, language: &Language, by: &str) -> String {
    let html = html.replacen(
        "<html lang=\"en\"",
        &format!("<html lang=\"{}\" data-lang-by=\"{by}\"", language.tag()),
        1,
    );
    let mut out = String::with_capacity(html.len() + words_json().len() + 100);
    let mut rest = html.as_str();
    // `data-t="KEY" …>TEXT<`: TEXT becomes the message KEY.
    while let Some(at) = rest.find(" data-t=\"") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let Some(open) = after.find('>') else { break };
        let key = after[" data-t=\"".len()..]
            .split('"')
            .next()
            .unwrap_or_default();
        out.push_str(&after[..=open]);
        let text = &after[open + 1..];
        let end = text.find('<').unwrap_or(text.len());
        out.push_str(&escape(&language.say(key, &[])));
        rest = &text[end..];
    }
    out.push_str(rest);
    out.replacen(
        "</head>",
        &format!(
            "<script type=\"application/json\" id=\"words\">{}</script>\n</head>",
            words_json()
        ),
        1,
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The messages pages use (`page-*`, and the canned messages' `canned-*`)
/// in every language, as `{"en": {"page-in": "in {time}", …}, …}`: each
/// placeable left as `{name}` for the page to fill. Made once.
fn words_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let messages = page_messages();
        let all: serde_json::Map<String, serde_json::Value> = crate::i18n::languages()
            .iter()
            .map(|language| {
                let words: serde_json::Map<String, serde_json::Value> = messages
                    .iter()
                    .map(|(id, names)| {
                        let args: Vec<(&str, Arg)> = names
                            .iter()
                            .map(|name| (name.as_str(), Arg::Text(format!("{{{name}}}"))))
                            .collect();
                        (id.clone(), language.say(id, &args).into())
                    })
                    .collect();
                (language.tag().to_string(), words.into())
            })
            .collect();
        // Inside <script>, no "</script>" may end the block early.
        serde_json::Value::Object(all)
            .to_string()
            .replace('<', "\\u003c")
    })
}

/// The ids of the pages' messages and the names of their placeables, from
/// the English file (every language has the same messages: a test checks).
fn page_messages() -> Vec<(String, Vec<String>)> {
    let resource = fluent_syntax::parser::parse(include_str!("../../i18n/en.ftl"))
        .unwrap_or_else(|(resource, _)| resource);
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            ast::Entry::Message(message)
                if message.id.name.starts_with("page-") || message.id.name.starts_with("canned-") =>
            {
                let names = message
                    .value
                    .iter()
                    .flat_map(|pattern| &pattern.elements)
                    .filter_map(|element| match element {
                        ast::PatternElement::Placeable {
                            expression:
                                ast::Expression::Inline(ast::InlineExpression::VariableReference { id }),
                        } => Some(id.name.to_string()),
                        _ => None,
                    })
                    .collect();
                Some((message.id.name.to_string(), names))
            }
            _ => None,
        })
        .collect()
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
            // Where the language goes.
            assert!(
                text.contains("<html lang=\"en\"") && text.contains("</head>"),
                "{path}"
            );
        }
    }

    fn language_of(query: &str, accept: Option<&str>) -> (&'static str, &'static str) {
        let mut headers = HeaderMap::new();
        if let Some(accept) = accept {
            headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(accept).unwrap());
        }
        let (language, by) = page_language(&query.parse().unwrap(), &headers);
        (language.tag(), by)
    }

    #[test]
    fn a_page_is_in_the_language_of_lang_else_of_the_browser_else_english() {
        assert_eq!(
            language_of("/speaker?lang=zh-CN", None),
            ("zh-Hans", "query")
        );
        assert_eq!(
            language_of("/speaker?name=Zhe&lang=en", Some("zh-CN,zh;q=0.9")),
            ("en", "query")
        );
        // A language showclock has not is passed over.
        assert_eq!(
            language_of("/speaker?lang=fr", Some("zh;q=0.5, fr")),
            ("zh-Hans", "browser")
        );
        assert_eq!(
            language_of("/speaker?lang=%FF", Some("de")),
            ("en", "browser")
        );
        assert_eq!(language_of("/", None), ("en", "default"));
    }

    #[test]
    fn a_page_in_chinese_says_so_has_its_words_and_every_languages_messages() {
        let zh = crate::i18n::named("zh-Hans").unwrap();
        let speaker = FILES.iter().find(|(p, _, _)| *p == "/speaker").unwrap().2;
        let html = in_language(speaker, zh, "query");
        assert!(
            html.contains("<html lang=\"zh-Hans\" data-lang-by=\"query\""),
            "{html}"
        );
        assert!(html.contains(">正在连接…</p>"), "{html}");
        let body = &html[html.find("</head>").unwrap()..];
        assert!(!body.contains("Connecting"), "{body}");
        let block = html
            .split("<script type=\"application/json\" id=\"words\">")
            .nth(1)
            .unwrap();
        let json = &block[..block.find("</script>").unwrap()];
        assert!(!json.contains('<'), "nothing in the block can end it");
        let words: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(words["zh-Hans"]["page-in"], "{time} 后");
        assert_eq!(words["en"]["page-on-now-name"], "ON NOW · {name}");
        assert_eq!(
            words["zh-Hans"]["page-date-day"],
            "{month}月{day}日 {weekday}"
        );
        // Only the pages' messages: not the terminal's.
        let en = words["en"].as_object().unwrap();
        assert!(
            en.keys()
                .all(|k| k.starts_with("page-") || k.starts_with("canned-"))
        );
        assert!(en.len() > 50, "{}", en.len());
        // Every fixed word of every page exists.
        for (path, media_type, text) in FILES {
            if *media_type != HTML {
                continue;
            }
            for key in text
                .split(" data-t=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap())
            {
                assert!(en.contains_key(key), "{path}: {key}");
            }
        }
    }
}
