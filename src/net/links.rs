//! The links to the browser screens: what `showclock links` prints and the
//! terminal's `l` key shows. A token travels in the URL's fragment (after
//! `#`), which browsers never send to a server, a proxy or in `Referer`.
//! Speakers and the overlay get the view token; only the producer's link
//! carries the control token.

use qrcode::QrCode;

use crate::i18n::Language;
use crate::t;
use crate::text::padded;
use qrcode::render::unicode::Dense1x2;

/// One screen's link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    pub page: &'static str,
    /// The message that says what the screen is for.
    pub what: &'static str,
    pub url: String,
}

/// The links to every screen of the show served at `base`.
/// `view_token`: for the read-only screens (none: they carry no token,
/// which works where viewing is open, on loopback).
pub fn page_links(base: &str, control_token: &str, view_token: Option<&str>) -> Vec<PageLink> {
    let base = base.trim_end_matches('/');
    let with = |path: &str, token: Option<&str>| match token {
        Some(token) => format!("{base}{path}#token={}", percent_encoded(token)),
        None => format!("{base}{path}"),
    };
    vec![
        PageLink {
            page: "speaker",
            what: "links-what-speaker",
            url: with("/speaker", view_token),
        },
        PageLink {
            page: "overlay",
            what: "links-what-overlay",
            url: with("/overlay", view_token),
        },
        PageLink {
            page: "screens",
            what: "links-what-screens",
            url: with("/", view_token),
        },
        PageLink {
            page: "producer",
            what: "links-what-producer",
            url: with("/producer", Some(control_token)),
        },
    ]
}

/// A token as the page reads it back from the fragment (`URLSearchParams`
/// turns `+` into a space and splits at `&`): every byte but letters,
/// digits and `-_.~` as `%XX`.
fn percent_encoded(token: &str) -> String {
    token
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A QR code of `url` in text, two rows of modules per line, or `None` if
/// the URL is too long for one. For a terminal's light text on a dark
/// background: light modules (and the quiet zone) are drawn as blocks and
/// dark ones left blank, so a phone's camera sees dark on light.
pub fn qr_lines(url: &str) -> Option<Vec<String>> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    let text = code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build();
    Some(text.lines().map(str::to_string).collect())
}

/// The text of `showclock links`: every link, then the speaker page's QR code.
pub fn links_text(
    lang: &Language,
    base: &str,
    control_token: &str,
    view_token: Option<&str>,
) -> String {
    let links = page_links(base, control_token, view_token);
    let mut out = String::new();
    for link in &links {
        out.push_str(&format!(
            "{} {}\n          {}\n",
            padded(&page_name(lang, link.page), 9),
            link.url,
            lang.say(link.what, &[])
        ));
    }
    if view_token.is_none() {
        out.push('\n');
        out.push_str(&t!(lang, "links-no-view-token"));
        out.push('\n');
    }
    if let Some(qr) = qr_lines(&links[0].url) {
        out.push_str(&format!("\n{}\n", t!(lang, "links-scan")));
        for line in qr {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The links and the speaker page's QR code as lines, for the terminal.
pub fn links_lines(
    lang: &Language,
    base: &str,
    control_token: &str,
    view_token: Option<&str>,
) -> Vec<String> {
    let links = page_links(base, control_token, view_token);
    let mut lines: Vec<String> = links
        .iter()
        .map(|link| format!("{} {}", padded(&page_name(lang, link.page), 9), link.url))
        .collect();
    if view_token.is_none() {
        lines.push(t!(lang, "links-no-view-token-short"));
    }
    if let Some(qr) = qr_lines(&links[0].url) {
        lines.push(t!(lang, "links-scan"));
        lines.extend(qr);
    }
    lines
}

/// A screen's name as a person reads it.
fn page_name(lang: &Language, page: &str) -> String {
    match page {
        "speaker" => t!(lang, "links-page-speaker"),
        "overlay" => t!(lang, "links-page-overlay"),
        "screens" => t!(lang, "links-page-screens"),
        _ => t!(lang, "links-page-producer"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_go_in_the_fragment_and_only_the_producer_gets_control() {
        let links = page_links(
            "http://192.168.1.20:8080/",
            "CONTROLTOKEN",
            Some("VIEWTOKEN1"),
        );
        let url = |page: &str| links.iter().find(|l| l.page == page).unwrap().url.clone();
        assert_eq!(
            url("speaker"),
            "http://192.168.1.20:8080/speaker#token=VIEWTOKEN1"
        );
        assert_eq!(
            url("overlay"),
            "http://192.168.1.20:8080/overlay#token=VIEWTOKEN1"
        );
        assert_eq!(url("screens"), "http://192.168.1.20:8080/#token=VIEWTOKEN1");
        assert_eq!(
            url("producer"),
            "http://192.168.1.20:8080/producer#token=CONTROLTOKEN"
        );
        assert!(
            links
                .iter()
                .filter(|l| l.url.contains("CONTROLTOKEN"))
                .count()
                == 1
        );
        assert!(links.iter().all(|l| !l.url.contains('?')));
    }

    #[test]
    fn the_qr_code_is_square_and_the_text_has_every_link() {
        let qr = qr_lines("http://192.168.1.20:8080/speaker#token=abcdefghijklmnopqrstuv").unwrap();
        let width = qr[0].chars().count();
        assert!(qr.iter().all(|l| l.chars().count() == width));
        // Two rows of modules per line.
        assert!(
            (width / 2).abs_diff(qr.len()) <= 1,
            "{width} x {}",
            qr.len()
        );
        let text = links_text(
            crate::i18n::english(),
            "http://127.0.0.1:8080",
            "CONTROLTOKEN",
            None,
        );
        assert!(text.contains("http://127.0.0.1:8080/speaker\n"));
        assert!(text.contains("/producer#token=CONTROLTOKEN"));
        assert!(text.contains("--view-token"));
        assert!(text.contains("Scan for the speaker page"));
    }

    #[test]
    fn tokens_are_percent_encoded_in_links() {
        let links = page_links("http://h:1", "ab+cd%41ef&gh", Some("plain-token_1.~"));
        assert_eq!(links[0].url, "http://h:1/speaker#token=plain-token_1.~");
        assert_eq!(
            links[3].url,
            "http://h:1/producer#token=ab%2Bcd%2541ef%26gh"
        );
    }
}
