//! `showclock serve`: a source of truth without a screen. Loads the agenda,
//! replays and appends the journal, serves the show until SIGINT or SIGTERM.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

use super::access::{Access, check_token, generate_token};
use super::hub::Hub;
use super::server::{ServeOptions, ServerHandle, parse_share_addr, serve_with};
use crate::cli::{Reported, load_agenda, print_diagnostics};
use crate::show::{Session, live_journal};
use crate::text::inert;

/// Where the control token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    /// `--token`.
    Given,
    /// The environment variable `SHOWCLOCK_TOKEN`.
    Environment,
    /// Made up at start: show it to the operator.
    Generated,
}

/// The control token: `--token`, else `SHOWCLOCK_TOKEN`, else a new one.
pub fn resolve_control_token(given: Option<String>) -> Result<(String, TokenSource), String> {
    let (token, source) = match given {
        Some(token) => (token, TokenSource::Given),
        None => match std::env::var("SHOWCLOCK_TOKEN") {
            Ok(token) if !token.is_empty() => (token, TokenSource::Environment),
            _ => (generate_token(), TokenSource::Generated),
        },
    };
    check_token(&token).map_err(|e| match source {
        TokenSource::Environment => format!("SHOWCLOCK_TOKEN: {e}"),
        _ => format!("--token: {e}"),
    })?;
    Ok((token, source))
}

/// The token a follower sends: `--token`, else the first line of
/// `--token-file`, else `SHOWCLOCK_TOKEN`, else none (watch only).
pub fn follow_token(given: Option<String>, file: Option<&Path>) -> Result<Option<String>, String> {
    if given.is_some() {
        return Ok(given);
    }
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("--token-file {}: {e}", path.display()))?;
        let token = text.lines().next().unwrap_or_default().trim().to_string();
        check_token(&token).map_err(|e| format!("--token-file {}: {e}", path.display()))?;
        return Ok(Some(token));
    }
    match std::env::var("SHOWCLOCK_TOKEN") {
        Ok(token) if !token.is_empty() => {
            check_token(&token).map_err(|e| format!("SHOWCLOCK_TOKEN: {e}"))?;
            Ok(Some(token))
        }
        _ => Ok(None),
    }
}

/// What `--share`, `--token`, `--view-token`, `--public-url` and
/// `--trusted-proxy` ask for, checked.
pub struct ShareRequest {
    pub addr: SocketAddr,
    pub access: Access,
    pub token_source: TokenSource,
    pub options: ServeOptions,
}

/// Reads and checks the sharing flags, for `serve` and the full-screen app alike.
pub fn share_request(
    share: &str,
    token: Option<String>,
    view_token: Option<String>,
    public_url: Option<String>,
    trusted_proxies: Vec<IpAddr>,
) -> Result<ShareRequest, String> {
    let addr = parse_share_addr(share).map_err(|e| format!("--share: {e}"))?;
    let (control_token, token_source) = resolve_control_token(token)?;
    let mut access = Access::new(control_token);
    if let Some(view) = view_token {
        check_token(&view).map_err(|e| format!("--view-token: {e}"))?;
        if view == access.control_token {
            return Err("--view-token is the control token: give viewers a different one".into());
        }
        access = access.with_view_token(view);
    }
    Ok(ShareRequest {
        addr,
        access,
        token_source,
        options: ServeOptions {
            public_url,
            trusted_proxies,
        },
    })
}

/// Serves `hub` at `addr`, with an error a person can act on.
pub fn start_server(
    hub: Arc<Hub>,
    addr: SocketAddr,
    access: Access,
    options: ServeOptions,
) -> Result<ServerHandle, String> {
    serve_with(hub, addr, access, options).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            ": another program uses that port; pick another, e.g. --share 8081"
        } else {
            ""
        };
        format!("cannot listen on {addr}: {e}{hint}")
    })
}

/// Serves `agenda` on `share` (see [`parse_share_addr`]) until SIGINT or
/// SIGTERM, printing the address and token on stdout.
pub fn serve_headless(
    agenda: &Path,
    request: Result<ShareRequest, String>,
    journal: Option<&Path>,
) -> Result<(), Reported> {
    let fail = |message: String| {
        eprintln!("error: {message}");
        Reported
    };
    let request = request.map_err(fail)?;
    let loaded = load_agenda(agenda, true)?;
    let journal = journal.map_or_else(|| live_journal(agenda), Path::to_path_buf);
    let session = Session::open(loaded, &journal).map_err(|problems| {
        print_diagnostics(&problems);
        Reported
    })?;
    let title = inert(&session.agenda().title);
    let hub = Hub::new(session);
    #[cfg(unix)]
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ])
    .map_err(|e| fail(format!("cannot watch for signals: {e}")))?;
    let view_token_given = request.access.view_token.is_some();
    let control_token = request.access.control_token.clone();
    let server = start_server(hub, request.addr, request.access, request.options).map_err(fail)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "showclock: serving \"{title}\"");
    let _ = writeln!(out, "url: {}", server.url());
    let _ = writeln!(out, "listening: {}", server.addr());
    let _ = match request.token_source {
        TokenSource::Generated => writeln!(out, "control token: {control_token}"),
        TokenSource::Given => writeln!(out, "control token: as given with --token"),
        TokenSource::Environment => writeln!(out, "control token: as given in SHOWCLOCK_TOKEN"),
    };
    let _ = if server.view_open() {
        writeln!(
            out,
            "viewing: open (loopback only: only this machine can connect)"
        )
    } else if view_token_given {
        writeln!(
            out,
            "viewing: needs the control token or the view token given with --view-token"
        )
    } else {
        writeln!(
            out,
            "viewing: needs the control token (give viewers their own with --view-token)"
        )
    };
    let _ = writeln!(out, "journal: {}", journal.display());
    let _ = writeln!(out, "stop with Ctrl-C or SIGTERM");
    let _ = out.flush();
    drop(out);
    #[cfg(unix)]
    {
        let _ = signals.forever().next();
    }
    #[cfg(not(unix))]
    loop {
        std::thread::park();
    }
    #[cfg(unix)]
    {
        server.stop();
        println!("showclock: stopped");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_token_is_checked() {
        assert!(resolve_control_token(Some("short".into())).is_err());
        assert!(resolve_control_token(Some("with space".into())).is_err());
        assert_eq!(
            resolve_control_token(Some("abcdefgh".into())).unwrap(),
            ("abcdefgh".to_string(), TokenSource::Given)
        );
    }
}
