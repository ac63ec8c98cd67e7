//! `--sync nats://HOST[:PORT]/SHOW` (or `tls://`): where a show's stream
//! lives, and the JetStream names that follow from it.

use std::fmt;

/// NATS's own port, when the URL names none.
pub const DEFAULT_PORT: u16 = 4222;
/// The longest show name: stream names stay well under JetStream's limits.
pub const MAX_SHOW_NAME: usize = 64;

/// A show on a NATS server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowAddress {
    /// `tls://`: the connection is encrypted (with the system's roots or
    /// `--ca-cert`).
    pub tls: bool,
    pub host: String,
    pub port: u16,
    /// The show's name, as written after the slash.
    pub show: String,
    /// A rehearsal of the show: a stream of its own beside the live one.
    pub rehearsal: bool,
}

impl ShowAddress {
    /// Reads `nats://HOST[:PORT]/SHOW` or `tls://HOST[:PORT]/SHOW`.
    pub fn parse(url: &str) -> Result<Self, String> {
        let example =
            "e.g. nats://broker.example.org/dialogue or tls://broker.example.org:4222/dialogue";
        let (tls, rest) = scheme(url).ok_or_else(|| {
            format!(
                "{:?} is not a show's address: it starts with nats:// or tls:// ({example})",
                crate::text::inert(url)
            )
        })?;
        let (server, show) = rest.split_once('/').ok_or_else(|| {
            format!(
                "{:?} names no show: add /SHOW after the server ({example})",
                crate::text::inert(url)
            )
        })?;
        if server.contains('@') {
            return Err(
                "the address must not carry a user or password: give them in SHOWCLOCK_NATS_USER and SHOWCLOCK_NATS_PASSWORD, SHOWCLOCK_NATS_TOKEN or --nats-creds FILE".into(),
            );
        }
        let (host, port) = split_host_port(server).ok_or_else(|| {
            format!(
                "{:?} is not HOST or HOST:PORT ({example})",
                crate::text::inert(server)
            )
        })?;
        check_show_name(show)?;
        Ok(Self {
            tls,
            host,
            port,
            show: show.to_string(),
            rehearsal: false,
        })
    }

    /// The same show's rehearsal.
    pub fn rehearsal(&self) -> Self {
        Self {
            rehearsal: true,
            ..self.clone()
        }
    }

    /// The server's address for the NATS client.
    pub fn server_url(&self) -> String {
        let scheme = if self.tls { "tls" } else { "nats" };
        if self.host.contains(':') {
            format!("{scheme}://[{}]:{}", self.host, self.port)
        } else {
            format!("{scheme}://{}:{}", self.host, self.port)
        }
    }

    /// The show's name with `-rehearsal` for a rehearsal: the name local
    /// files are given after.
    pub fn name(&self) -> String {
        if self.rehearsal {
            format!("{}-rehearsal", self.show)
        } else {
            self.show.clone()
        }
    }

    /// The JetStream stream holding the show: `SHOWCLOCK_<SHOW>` (and
    /// `_REHEARSAL`). A stream's name may not hold a dot: a show in a group
    /// (`conference-2026.room-a`) has `_` in its place.
    pub fn stream(&self) -> String {
        let mut name = format!("SHOWCLOCK_{}", self.show.replace('.', "_"));
        if self.rehearsal {
            name.push_str("_REHEARSAL");
        }
        name
    }

    /// Every subject of the show: `showclock.<show>.>`.
    pub fn subjects(&self) -> String {
        format!("{}.>", self.prefix())
    }

    /// Where each action is published.
    pub fn action_subject(&self) -> String {
        format!("{}.action", self.prefix())
    }

    /// Where the agenda is published (the stream's first message, and any
    /// replacement).
    pub fn agenda_subject(&self) -> String {
        format!("{}.agenda", self.prefix())
    }

    /// Where a rehearsal's simulated clock is published.
    pub fn clock_subject(&self) -> String {
        format!("{}.clock", self.prefix())
    }

    /// Where the broker copies every message the stream stores, for a
    /// board of many shows to follow all of them on one subscription.
    pub fn board_subjects(&self) -> String {
        format!("{BOARD_SUBJECT}.{}.>", self.name())
    }

    fn prefix(&self) -> String {
        format!("showclock.{}", self.name())
    }
}

/// The subjects a stored message is copied to (JetStream's republish), as
/// `showclock-board.<show>.<kind>`.
pub const BOARD_SUBJECT: &str = "showclock-board";

/// `showclock board nats://HOST[:PORT]/[PREFIX]`: every show on a broker
/// (no prefix), every show in a group (`conference-2026.`, with its dot), or
/// one show (`dialogue`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowsAddress {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    /// Empty, a group ending in `.`, or a show's whole name.
    pub prefix: String,
    /// The shows' rehearsals rather than the live shows.
    pub rehearsal: bool,
}

impl ShowsAddress {
    pub fn parse(url: &str) -> Result<Self, String> {
        let (tls, rest) = scheme(url).ok_or_else(|| {
            format!(
                "{:?} is not a broker's address: it starts with nats:// or tls:// (e.g. nats://broker.example.org/ or nats://broker.example.org/conference-2026.)",
                crate::text::inert(url)
            )
        })?;
        let (server, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let show = ShowAddress::parse(&format!(
            "{}://{server}/{}",
            if tls { "tls" } else { "nats" },
            if prefix.is_empty() {
                "x"
            } else {
                prefix.strip_suffix('.').unwrap_or(prefix)
            }
        ))?;
        Ok(Self {
            tls,
            host: show.host,
            port: show.port,
            prefix: prefix.to_string(),
            rehearsal: false,
        })
    }

    pub fn server_url(&self) -> String {
        self.show("x").server_url()
    }

    /// The show of that name on the same broker.
    pub fn show(&self, name: &str) -> ShowAddress {
        ShowAddress {
            tls: self.tls,
            host: self.host.clone(),
            port: self.port,
            show: name.to_string(),
            rehearsal: self.rehearsal,
        }
    }

    /// Whether the show of that name (as its subjects spell it, with
    /// `-rehearsal` for a rehearsal) is one this address names; the live
    /// show's name if so.
    pub fn covers(&self, subject_name: &str) -> Option<String> {
        let live = match subject_name.strip_suffix("-rehearsal") {
            Some(live) if self.rehearsal => live,
            None if !self.rehearsal => subject_name,
            _ => return None,
        };
        let inside = if self.prefix.is_empty() || self.prefix.ends_with('.') {
            live.starts_with(&self.prefix)
        } else {
            live == self.prefix
        };
        inside.then(|| live.to_string())
    }

    /// The one subscription every show under the address is seen on.
    pub fn board_subjects(&self) -> String {
        if self.prefix.is_empty() || self.prefix.ends_with('.') {
            format!("{BOARD_SUBJECT}.{}>", self.prefix)
        } else {
            format!("{BOARD_SUBJECT}.{}.>", self.show(&self.prefix).name())
        }
    }
}

impl fmt::Display for ShowsAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.server_url(), self.prefix)
    }
}

impl ShowAddress {
    /// `nats://HOST:PORT/SHOW`, as `--sync` takes it.
    pub fn url(&self) -> String {
        format!("{}/{}", self.server_url(), self.show)
    }
}

impl fmt::Display for ShowAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url())?;
        if self.rehearsal {
            f.write_str(" (rehearsal)")?;
        }
        Ok(())
    }
}

/// `nats://` (false) or `tls://` (true), and what follows it.
fn scheme(url: &str) -> Option<(bool, &str)> {
    url.strip_prefix("nats://")
        .map(|rest| (false, rest))
        .or_else(|| url.strip_prefix("tls://").map(|rest| (true, rest)))
}

fn split_host_port(server: &str) -> Option<(String, u16)> {
    if let Some(rest) = server.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after {
            "" => DEFAULT_PORT,
            _ => after.strip_prefix(':')?.parse().ok()?,
        };
        return (!host.is_empty()).then(|| (host.to_string(), port));
    }
    let (host, port) = match server.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().ok()?),
        None => (server, DEFAULT_PORT),
    };
    let fine = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    fine.then(|| (host.to_string(), port))
}

/// A show name becomes part of NATS subjects and stream names: letters,
/// digits, `-` and `_`, in parts joined by dots (a group of shows, such
/// as a conference's rooms, shares a first part: `conference-2026.room-a`).
fn check_show_name(show: &str) -> Result<(), String> {
    let fine = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let parts_fine = show
        .split('.')
        .all(|part| !part.is_empty() && part.chars().all(fine));
    if show.len() > MAX_SHOW_NAME || !parts_fine {
        return Err(format!(
            "the show's name {:?} must be 1 to {MAX_SHOW_NAME} letters, digits, - or _, in parts joined by dots (e.g. dialogue, zev-2026 or conference-2026.room-a)",
            crate::text::inert(show)
        ));
    }
    if show.ends_with("-rehearsal") {
        return Err(
            "a show's name must not end in -rehearsal: give the live show's name with --rehearse"
                .into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_the_readme_gives() {
        let a = ShowAddress::parse("nats://broker.example.org/dialogue").unwrap();
        assert_eq!(
            (a.tls, a.host.as_str(), a.port, a.show.as_str()),
            (false, "broker.example.org", 4222, "dialogue")
        );
        assert_eq!(a.server_url(), "nats://broker.example.org:4222");
        assert_eq!(a.stream(), "SHOWCLOCK_dialogue");
        assert_eq!(a.action_subject(), "showclock.dialogue.action");
        let t = ShowAddress::parse("tls://127.0.0.1:4333/zev-2026").unwrap();
        assert!(t.tls);
        assert_eq!(t.server_url(), "tls://127.0.0.1:4333");
        let r = t.rehearsal();
        assert_eq!(r.stream(), "SHOWCLOCK_zev-2026_REHEARSAL");
        assert_eq!(r.agenda_subject(), "showclock.zev-2026-rehearsal.agenda");
        assert_eq!(r.name(), "zev-2026-rehearsal");
        let room = ShowAddress::parse("nats://h/conference-2026.room-a").unwrap();
        assert_eq!(room.stream(), "SHOWCLOCK_conference-2026_room-a");
        assert_eq!(room.subjects(), "showclock.conference-2026.room-a.>");
        let v6 = ShowAddress::parse("nats://[::1]:4223/x").unwrap();
        assert_eq!(v6.server_url(), "nats://[::1]:4223");
    }

    #[test]
    fn a_board_names_a_broker_a_group_or_a_show() {
        let all = ShowsAddress::parse("nats://127.0.0.1:4333/").unwrap();
        assert_eq!(all.server_url(), "nats://127.0.0.1:4333");
        assert_eq!(all.covers("dialogue").as_deref(), Some("dialogue"));
        assert_eq!(all.covers("dialogue-rehearsal"), None);
        let bare = ShowsAddress::parse("nats://h").unwrap();
        assert_eq!(bare.prefix, "");
        assert_eq!(all.board_subjects(), "showclock-board.>");
        let group = ShowsAddress::parse("nats://h/conference-2026.").unwrap();
        assert_eq!(group.board_subjects(), "showclock-board.conference-2026.>");
        assert!(group.covers("conference-2026.room-a").is_some());
        assert!(group.covers("conference-2026").is_none());
        assert!(group.covers("dialogue").is_none());
        let one = ShowsAddress::parse("tls://h/dialogue").unwrap();
        assert!(one.tls);
        assert!(one.covers("dialogue").is_some());
        assert!(one.covers("dialogue2").is_none());
        let rehearsals = ShowsAddress {
            rehearsal: true,
            ..one
        };
        assert_eq!(
            rehearsals.covers("dialogue-rehearsal").as_deref(),
            Some("dialogue")
        );
        assert_eq!(
            rehearsals.show("dialogue").stream(),
            "SHOWCLOCK_dialogue_REHEARSAL"
        );
        for bad in ["http://h/", "nats://h/a..", "nats://u:p@h/"] {
            assert!(ShowsAddress::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn says_what_is_wrong() {
        for (url, says) in [
            ("http://h/x", "starts with nats://"),
            ("nats://h", "names no show"),
            ("nats://h/", "must be 1 to"),
            ("nats://h/a..b", "letters, digits"),
            ("nats://h/a.", "letters, digits"),
            ("nats://h/a b", "letters, digits"),
            ("nats://user:pw@h/x", "must not carry a user"),
            ("nats://h:99999/x", "HOST or HOST:PORT"),
            ("nats://h/x-rehearsal", "--rehearse"),
        ] {
            let error = ShowAddress::parse(url).unwrap_err();
            assert!(error.contains(says), "{url}: {error}");
        }
    }
}
