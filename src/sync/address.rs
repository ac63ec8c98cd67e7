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
        let (tls, rest) = if let Some(rest) = url.strip_prefix("nats://") {
            (false, rest)
        } else if let Some(rest) = url.strip_prefix("tls://") {
            (true, rest)
        } else {
            return Err(format!(
                "{:?} is not a show's address: it starts with nats:// or tls:// ({example})",
                crate::text::inert(url)
            ));
        };
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
    /// `_REHEARSAL`).
    pub fn stream(&self) -> String {
        let mut name = format!("SHOWCLOCK_{}", self.show);
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

    fn prefix(&self) -> String {
        format!("showclock.{}", self.name())
    }
}

impl fmt::Display for ShowAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.server_url(), self.show)?;
        if self.rehearsal {
            f.write_str(" (rehearsal)")?;
        }
        Ok(())
    }
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
/// digits, `-` and `_` only.
fn check_show_name(show: &str) -> Result<(), String> {
    let fine = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if show.is_empty() || show.len() > MAX_SHOW_NAME || !show.chars().all(fine) {
        return Err(format!(
            "the show's name {:?} must be 1 to {MAX_SHOW_NAME} letters, digits, - or _ (e.g. dialogue or zev-2026)",
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
        let v6 = ShowAddress::parse("nats://[::1]:4223/x").unwrap();
        assert_eq!(v6.server_url(), "nats://[::1]:4223");
    }

    #[test]
    fn says_what_is_wrong() {
        for (url, says) in [
            ("http://h/x", "starts with nats://"),
            ("nats://h", "names no show"),
            ("nats://h/", "must be 1 to"),
            ("nats://h/a.b", "letters, digits"),
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
