//! `showclock serve`: a source of truth without a screen. Loads the agenda,
//! replays and appends the journal, serves the show until SIGINT or SIGTERM.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;

use super::access::{Access, check_token, generate_token};
use super::hub::Hub;
use super::server::{ServeOptions, ServerHandle, parse_share_addr, serve_with};
use crate::app::{choose_clock, journal_for};
use crate::cli::{Reported, RunArgs, ShareArgs, load_agenda, print_diagnostics};
use crate::show::Session;
use crate::text::inert;

/// Where the control token came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// `--token`.
    Given,
    /// The environment variable `SHOWCLOCK_TOKEN`.
    Environment,
    /// Made up at this start and saved in this file: show it to the operator.
    Generated(PathBuf),
    /// Made up at an earlier start on the same journal and saved in this
    /// file: followers that had it keep control across a restart.
    Saved(PathBuf),
}

/// Where a generated control token is kept: beside the journal
/// (`agenda.jsonl` → `agenda.token`).
pub fn token_file(journal: &Path) -> PathBuf {
    journal.with_extension("token")
}

/// The control token: `--token`, else `SHOWCLOCK_TOKEN`, else the one saved
/// in `saved` (unless `renew`), else a new one, saved there (mode 0600).
pub fn resolve_control_token(
    given: Option<String>,
    saved: &Path,
    renew: bool,
) -> Result<(String, TokenSource), String> {
    let (token, source) = match given {
        Some(token) => (token, TokenSource::Given),
        None => match std::env::var("SHOWCLOCK_TOKEN") {
            Ok(token) if !token.is_empty() => (token, TokenSource::Environment),
            _ => return saved_or_new(saved, renew),
        },
    };
    check_token(&token).map_err(|e| match source {
        TokenSource::Environment => format!("SHOWCLOCK_TOKEN: {e}"),
        _ => format!("--token: {e}"),
    })?;
    Ok((token, source))
}

fn saved_or_new(path: &Path, renew: bool) -> Result<(String, TokenSource), String> {
    if !renew {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let token = text.lines().next().unwrap_or_default().trim().to_string();
                check_token(&token).map_err(|e| {
                    format!(
                        "{}: the saved control token is not usable ({e}): start with --new-token to replace it",
                        path.display()
                    )
                })?;
                return Ok((token, TokenSource::Saved(path.to_path_buf())));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(format!(
                    "{}: cannot read the saved token: {e}",
                    path.display()
                ));
            }
        }
    }
    let token = generate_token();
    save_token(path, &token)
        .map_err(|e| format!("{}: cannot save the control token: {e}", path.display()))?;
    Ok((token, TokenSource::Generated(path.to_path_buf())))
}

/// Writes the token readable by its owner only, whole or not at all.
fn save_token(path: &Path, token: &str) -> std::io::Result<()> {
    let partial = path.with_extension("token.partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial)?;
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(format!("{token}\n").as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&partial, path)
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

/// What `--share`, `--token`, `--view-token`, `--public-url`,
/// `--trusted-proxy` and `--new-token` ask for, checked.
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
    reach: &ShareArgs,
    journal: &Path,
) -> Result<ShareRequest, String> {
    let addr = parse_share_addr(share).map_err(|e| format!("--share: {e}"))?;
    let (control_token, token_source) =
        resolve_control_token(token, &token_file(journal), reach.new_token)?;
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
            public_url: reach.public_url.clone(),
            trusted_proxies: reach.trusted_proxy.clone(),
            board: reach.overview.clone(),
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

/// Serves the show `args` name (its agenda, journal, clock and sharing
/// flags; `args.share` is set) until SIGINT or SIGTERM, printing the
/// address and token on stdout.
pub fn serve_headless(args: &RunArgs) -> Result<(), Reported> {
    let fail = |message: String| {
        eprintln!("error: {message}");
        Reported
    };
    let loaded = load_agenda(&args.agenda, true)?;
    let journal = journal_for(args).map_err(fail)?;
    let (clock, note) = choose_clock(args, &loaded, Utc::now(), &journal).map_err(fail)?;
    let session = Session::open(loaded, &journal).map_err(|problems| {
        print_diagnostics(&problems);
        Reported
    })?;
    let hub = Hub::with_clock(session, clock);
    let notes = note
        .map(|note| format!("note: {note}"))
        .into_iter()
        .collect();
    serve_hub(args, hub, clock, &journal, notes)
}

/// Serves `hub` as `args` say until SIGINT or SIGTERM, printing where, with
/// which token, and `notes` (lines of their own).
pub fn serve_hub(
    args: &RunArgs,
    hub: Arc<Hub>,
    clock: crate::show::ShowClock,
    journal: &Path,
    notes: Vec<String>,
) -> Result<(), Reported> {
    let fail = |message: String| {
        eprintln!("error: {message}");
        Reported
    };
    let request = share_request(
        args.share.as_deref().unwrap_or_default(),
        args.token.clone(),
        args.view_token.clone(),
        &args.reach,
        journal,
    )
    .map_err(fail)?;
    let title = hub.with(|session| inert(&session.agenda().title));
    // Lives until serving ends: OSC cues and status, if asked for.
    let osc = crate::osc::start(&args.osc, &hub).map_err(fail)?;
    #[cfg(unix)]
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ])
    .map_err(|e| fail(format!("cannot watch for signals: {e}")))?;
    let view_token_given = request.access.view_token.is_some();
    let has_board = request.options.board.is_some();
    let control_token = request.access.control_token.clone();
    let server = start_server(hub, request.addr, request.access, request.options).map_err(fail)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "showclock: serving \"{title}\"");
    let _ = writeln!(out, "url: {}", server.url());
    let _ = writeln!(out, "listening: {}", server.addr());
    let _ = match &request.token_source {
        TokenSource::Generated(path) => writeln!(
            out,
            "control token: {control_token}\ntoken saved: {} (the next start on this journal reuses it; --new-token replaces it)",
            path.display()
        ),
        TokenSource::Saved(path) => writeln!(
            out,
            "control token: {control_token}\ntoken saved: {} (from an earlier start; --new-token replaces it)",
            path.display()
        ),
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
    let reachable = server.reachable_url();
    // A command that works as printed: `links` needs the control token.
    let links = match &request.token_source {
        TokenSource::Generated(_) | TokenSource::Saved(_) => {
            // `=`: a token may start with `-`, which would read as a flag.
            format!("`showclock links {reachable} --token={control_token}`")
        }
        TokenSource::Given => {
            format!("`showclock links {reachable} --token TOKEN` (the token given with --token)")
        }
        TokenSource::Environment => {
            format!("`showclock links {reachable}` (with SHOWCLOCK_TOKEN set, as here)")
        }
    };
    let _ = writeln!(
        out,
        "pages: {reachable}/ (speaker, producer, overlay; {links} gives each with its token and a QR code)"
    );
    if has_board {
        let _ = writeln!(out, "board: {reachable}/board");
    }
    // These `key: value` lines are read by scripts: they stay in English.
    if let Some(badge) = crate::i18n::english().clock_badge(&clock) {
        let _ = writeln!(out, "clock: {badge}");
    }
    for note in notes {
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(out, "stop with Ctrl-C or SIGTERM");
    let _ = out.flush();
    drop(out);
    if let Some(osc) = &osc {
        report_osc_drops(osc.dropped.clone());
    }
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
        // A reader that went away (`serve | head`) is no reason to panic.
        let _ = writeln!(std::io::stdout(), "showclock: stopped");
        Ok(())
    }
}

/// Says on stderr, at most every 5 s, when OSC's rate limit has dropped
/// commands.
fn report_osc_drops(drops: crate::osc::Drops) {
    std::thread::spawn(move || {
        let mut said = 0;
        loop {
            std::thread::sleep(std::time::Duration::from_secs(5));
            let dropped = drops.get();
            if dropped.count > said {
                said = dropped.count;
                eprintln!("{}", dropped.words());
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("showclock-token-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("agenda.token")
    }

    #[test]
    fn a_given_token_is_checked() {
        let saved = scratch("given");
        assert!(resolve_control_token(Some("short".into()), &saved, false).is_err());
        assert!(resolve_control_token(Some("with space".into()), &saved, false).is_err());
        assert_eq!(
            resolve_control_token(Some("abcdefgh".into()), &saved, false).unwrap(),
            ("abcdefgh".to_string(), TokenSource::Given)
        );
        assert!(!saved.exists(), "a given token is not saved");
    }

    #[test]
    fn a_generated_token_is_saved_for_the_owner_and_reused_until_renewed() {
        let saved = scratch("saved");
        let (first, source) = saved_or_new(&saved, false).unwrap();
        assert_eq!(source, TokenSource::Generated(saved.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&saved).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
        }
        let (again, source) = saved_or_new(&saved, false).unwrap();
        assert_eq!(
            (again.as_str(), source),
            (first.as_str(), TokenSource::Saved(saved.clone()))
        );
        let (renewed, source) = saved_or_new(&saved, true).unwrap();
        assert_ne!(renewed, first);
        assert_eq!(source, TokenSource::Generated(saved.clone()));
        assert_eq!(saved_or_new(&saved, false).unwrap().0, renewed);
        std::fs::write(&saved, "short\n").unwrap();
        assert!(
            saved_or_new(&saved, false)
                .unwrap_err()
                .contains("--new-token")
        );
    }
}
