//! The command line: what each command takes, and the headless commands.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use crate::agenda::{self, Agenda, Diagnostic};
use crate::i18n::Language;
use crate::report::{ReportFormat, StateDocument, after_show, status_text, summary};
use crate::show::{
    JournalLock, ShowClock, ShowLog, SimulatedClock, examine_file, live_journal, read_journal_file,
};

#[derive(Debug, Parser)]
#[command(
    name = "showclock",
    version,
    about = "The clock for a live session, right in every time zone."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The language of the screens and of what the commands print (en, zh-Hans); default:
    /// LC_ALL, LC_MESSAGES or LANG, else English. JSON and files never change with it.
    #[arg(long, global = true, value_name = "TAG", value_parser = parse_language)]
    pub lang: Option<&'static Language>,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Options of the full-screen view (the default command).
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// The agenda file.
    #[arg(default_value = "agenda.toml")]
    pub agenda: PathBuf,
    /// Start the clock at this instant (RFC 3339, e.g. 2022-06-01T09:27:00+08:00).
    #[arg(long, value_parser = parse_instant)]
    pub at: Option<DateTime<Utc>>,
    /// Run the clock this many times faster than real time.
    #[arg(long, value_parser = parse_speed)]
    pub speed: Option<f64>,
    /// Rehearse: a simulated clock starting 30 seconds before the first segment.
    #[arg(long)]
    pub rehearse: bool,
    /// The journal of operator actions (default: next to the agenda, named after it).
    #[arg(long)]
    pub journal: Option<PathBuf>,
    /// Never ring the terminal bell.
    #[arg(long)]
    pub no_bell: bool,
    /// With --rehearse: start over rather than resume an unfinished rehearsal.
    #[arg(long)]
    pub fresh: bool,
    /// The view to open: moderator (default) or producer.
    #[arg(long, value_enum, default_value = "moderator")]
    pub view: ViewChoice,
    /// Serve this show over HTTP on ADDR:PORT (a bare port means loopback).
    #[arg(long, value_name = "ADDR:PORT")]
    pub share: Option<String>,
    /// The control token for --share (default: $SHOWCLOCK_TOKEN, else the one saved beside
    /// the journal, else a new one, saved and shown on screen).
    #[arg(long, requires = "share")]
    pub token: Option<String>,
    /// A token that lets its holder view but not control (needed off loopback).
    #[arg(long, requires = "share")]
    pub view_token: Option<String>,
    #[command(flatten)]
    pub reach: ShareArgs,
    #[command(flatten)]
    pub osc: crate::osc::OscArgs,
    #[command(flatten)]
    pub sync: SyncArgs,
    #[command(flatten)]
    pub join: JoinArgs,
    /// The agenda was named on the command line (with --sync, an agenda
    /// not named comes from the show's stream).
    #[arg(skip)]
    pub agenda_given: bool,
}

/// Where a synced show lives, and how to reach it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SyncArgs {
    /// One show on many machines: keep the journal on a NATS JetStream server,
    /// nats://HOST[:PORT]/SHOW or tls://HOST[:PORT]/SHOW (credentials from --nats-creds,
    /// SHOWCLOCK_NATS_USER and SHOWCLOCK_NATS_PASSWORD, or SHOWCLOCK_NATS_TOKEN).
    #[arg(long, value_name = "URL")]
    pub sync: Option<String>,
    /// A NATS credentials file (.creds: a user JWT and its key) for --sync.
    #[arg(long, value_name = "FILE", requires = "sync")]
    pub nats_creds: Option<PathBuf>,
    /// Trust the PEM certificates in this file for tls:// (a private CA).
    #[arg(long, value_name = "PEM", requires = "sync")]
    pub ca_cert: Option<PathBuf>,
}

/// How an instance joins a synced show.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct JoinArgs {
    /// With --sync and an agenda file that differs from the show's: replace the show's
    /// agenda with it (every action so far must fit it).
    #[arg(long, requires = "sync")]
    pub replace_agenda: bool,
    /// With --replace-agenda during a live show: replace without asking.
    #[arg(long, requires = "replace_agenda")]
    pub yes: bool,
    /// With --sync: copies of the show's stream a new show gets on a JetStream cluster.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "sync",
          value_parser = clap::value_parser!(u8).range(1..=5))]
    pub sync_replicas: u8,
}

/// How a shared show is reached and guarded, besides its address and tokens.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ShareArgs {
    /// Replace the control token saved beside the journal with a new one.
    #[arg(long)]
    pub new_token: bool,
    /// The URL a reverse proxy serves this show at (e.g. https://show.example.org): its
    /// name is accepted, and viewing needs a token.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// A proxy whose X-Forwarded-For names the client, for per-address limits (repeatable).
    #[arg(long, value_name = "ADDR")]
    pub trusted_proxy: Vec<std::net::IpAddr>,
    /// Serve a board of many rooms at /board with these rooms too (repeatable): a broker's
    /// shows (nats://HOST/, or nats://HOST/GROUP. for one group) or a shared show
    /// (http://HOST:PORT). With --sync, the board has the show's group already.
    #[arg(long, value_name = "URL", requires = "share")]
    pub board: Vec<String>,
    /// The token for the --board shows served over http(s) (a view token is enough).
    #[arg(long, value_name = "TOKEN", requires = "board")]
    pub board_token: Option<String>,
    /// The board served at /board, made from --board and --sync where sharing starts.
    #[arg(skip)]
    pub overview: Option<std::sync::Arc<dyn crate::net::Overview>>,
}

/// Options of `follow`.
#[derive(Debug, Clone, clap::Args)]
pub struct FollowArgs {
    /// The serving instance, e.g. http://127.0.0.1:8080
    pub url: String,
    /// A token: the control token lets this screen act too; without one it only watches
    /// (default: --token-file, else $SHOWCLOCK_TOKEN).
    #[arg(long)]
    pub token: Option<String>,
    /// Read the token from the first line of this file (kept out of shell history and ps).
    #[arg(long, value_name = "PATH", conflicts_with = "token")]
    pub token_file: Option<PathBuf>,
    /// Trust the PEM certificates in this file for https:// (a private CA, e.g. Caddy's).
    #[arg(long, value_name = "PATH")]
    pub ca_cert: Option<PathBuf>,
    /// The view to open: moderator (default) or producer.
    #[arg(long, value_enum, default_value = "moderator")]
    pub view: ViewChoice,
    /// Never ring the terminal bell.
    #[arg(long)]
    pub no_bell: bool,
}

/// Options of `board`.
#[derive(Debug, Clone, clap::Args)]
pub struct BoardArgs {
    /// Brokers (nats://HOST[:PORT]/, nats://HOST/GROUP., tls://…) and shared shows
    /// (http(s)://HOST:PORT) to watch.
    #[arg(value_name = "SOURCE", required = true)]
    pub sources: Vec<String>,
    /// The token for shared shows given by URL (default: --token-file, else
    /// $SHOWCLOCK_TOKEN): the view token only watches, the control token lets an opened
    /// room act.
    #[arg(long)]
    pub token: Option<String>,
    /// Read that token from the first line of this file.
    #[arg(long, value_name = "PATH", conflicts_with = "token")]
    pub token_file: Option<PathBuf>,
    /// A NATS credentials file (.creds) for the brokers (else SHOWCLOCK_NATS_USER and
    /// SHOWCLOCK_NATS_PASSWORD, or SHOWCLOCK_NATS_TOKEN).
    #[arg(long, value_name = "FILE")]
    pub nats_creds: Option<PathBuf>,
    /// Trust the PEM certificates in this file for tls:// and https:// (a private CA).
    #[arg(long, value_name = "PEM")]
    pub ca_cert: Option<PathBuf>,
    /// Watch the shows' rehearsals (--rehearse) rather than the live shows.
    #[arg(long)]
    pub rehearse: bool,
    /// The order to start in: attention (overruns first) or room.
    #[arg(long, value_enum, default_value = "attention")]
    pub order: BoardOrder,
    /// Never ring the terminal bell in an opened room.
    #[arg(long)]
    pub no_bell: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BoardOrder {
    Attention,
    Room,
}

impl FollowArgs {
    pub fn producer_view(&self) -> bool {
        self.view == ViewChoice::Producer
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ViewChoice {
    Moderator,
    Producer,
}

impl RunArgs {
    pub fn producer_view(&self) -> bool {
        self.view == ViewChoice::Producer
    }
}

// Parsed once per run: the size of a variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Mirror a show served elsewhere with --share (no local agenda needed).
    Follow(FollowArgs),
    /// Watch many rooms at once: every show on a broker (nats://HOST/), in a group
    /// (nats://HOST/conference-2026.), or served at a URL (http://HOST:PORT).
    Board(BoardArgs),
    /// Serve a show over HTTP without a screen.
    Serve {
        #[arg(default_value = "agenda.toml")]
        agenda: PathBuf,
        /// ADDR:PORT to listen on (a bare port means loopback).
        #[arg(long, value_name = "ADDR:PORT")]
        share: String,
        /// The control token (default: $SHOWCLOCK_TOKEN, else the one saved beside the
        /// journal, else a new one, saved and printed).
        #[arg(long)]
        token: Option<String>,
        /// A token that lets its holder view but not control.
        #[arg(long)]
        view_token: Option<String>,
        /// The journal (default: next to the agenda, named after it).
        #[arg(long)]
        journal: Option<PathBuf>,
        /// Serve a rehearsal: a simulated clock starting 30 seconds before the first segment.
        #[arg(long)]
        rehearse: bool,
        /// Serve a rehearsal whose clock starts at this instant (RFC 3339).
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
        /// Run the rehearsal's clock this many times faster than real time.
        #[arg(long, value_parser = parse_speed)]
        speed: Option<f64>,
        /// With --rehearse: start over rather than resume an unfinished rehearsal.
        #[arg(long)]
        fresh: bool,
        #[command(flatten)]
        reach: ShareArgs,
        #[command(flatten)]
        osc: crate::osc::OscArgs,
        #[command(flatten)]
        sync: SyncArgs,
        #[command(flatten)]
        join: JoinArgs,
    },
    /// Print the links to the browser screens of a shared show, and a QR code for speakers.
    Links {
        /// The URL the show is served at, e.g. http://192.168.1.20:8080 (or its --public-url).
        url: String,
        /// The control token, for the producer's link (default: $SHOWCLOCK_TOKEN).
        #[arg(long)]
        token: Option<String>,
        /// The view token, for the speakers' and the overlay's links.
        #[arg(long)]
        view_token: Option<String>,
    },
    /// Validate an agenda and summarise it.
    Check {
        #[arg(default_value = "agenda.toml")]
        agenda: PathBuf,
    },
    /// Print the state of the show at an instant.
    Status {
        #[arg(default_value = "agenda.toml")]
        agenda: PathBuf,
        /// The instant (RFC 3339, e.g. 2022-06-01T09:27:00+08:00); default: now.
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
        /// A journal of operator actions to replay.
        #[arg(long)]
        journal: Option<PathBuf>,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
        /// Read the show from its stream (--sync URL) rather than a local journal.
        #[command(flatten)]
        sync: SyncArgs,
        /// With --sync: the show's rehearsal.
        #[arg(long, requires = "sync")]
        rehearse: bool,
    },
    /// Check a journal of operator actions, or repair a damaged one.
    Journal {
        #[command(subcommand)]
        command: JournalCommand,
    },
    /// After a show: planned against actual, per segment.
    Report {
        #[arg(default_value = "agenda.toml")]
        agenda: PathBuf,
        /// The journal (default: the live one next to the agenda, as `status` reads it).
        #[arg(long)]
        journal: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "markdown")]
        format: ReportFormat,
        /// The instant the report is made at; default: now.
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
        #[command(flatten)]
        sync: SyncArgs,
        /// With --sync: the show's rehearsal.
        #[arg(long, requires = "sync")]
        rehearse: bool,
    },
    /// Read a rundown spreadsheet (.csv, .xlsx, .xls, .ods) into agenda.toml.
    Import(crate::rundown::ImportArgs),
    /// Write the agenda as a sheet, calendar invitations or a run-of-show.
    Export(crate::rundown::ExportArgs),
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Report every damaged line with its number (exit status 1 if any).
    Check {
        /// The journal file (or, with --sync, the show's stream).
        #[arg(required_unless_present = "sync")]
        file: Option<PathBuf>,
        #[command(flatten)]
        sync: SyncArgs,
        /// With --sync: the show's rehearsal.
        #[arg(long, requires = "sync")]
        rehearse: bool,
        /// Also check that every action can happen in this agenda (default:
        /// the agenda beside the journal, if there is one).
        #[arg(long)]
        agenda: Option<PathBuf>,
    },
    /// Keep the valid entries in order, move the rest to FILE.rejected with
    /// their line numbers, and keep the original as FILE.bak-TIMESTAMP.
    Repair {
        /// The journal file.
        file: PathBuf,
        /// Also set aside actions that cannot happen in this agenda
        /// (default: the agenda beside the journal, if there is one).
        #[arg(long)]
        agenda: Option<PathBuf>,
    },
}

fn parse_language(tag: &str) -> Result<&'static Language, String> {
    crate::i18n::named(tag)
}

pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    let at = DateTime::parse_from_rfc3339(text.trim())
        .map(|at| at.to_utc())
        .map_err(|_| {
            format!("{text:?} is not an RFC 3339 instant: write e.g. 2022-06-01T09:27:00+08:00")
        })?;
    crate::timefmt::check_instant(at)?;
    Ok(at)
}

/// The slowest and fastest a simulated clock runs.
const SPEEDS: std::ops::RangeInclusive<f64> = 0.01..=3600.0;

fn parse_speed(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(speed) if SPEEDS.contains(&speed) => Ok(speed),
        _ => Err(format!(
            "{text:?} is not a speed: give a number from 0.01 to 3600, e.g. 10"
        )),
    }
}

/// A failure already explained to the user; the process exits with 1.
#[derive(Debug)]
pub struct Reported;

/// Writes a command's output to standard output. When the reader has gone
/// (`showclock export | head`) the process ends quietly with status 141, as a
/// shell reports a command that SIGPIPE ended; any other failure (`>/dev/full`)
/// is one line of error. Rust ignores SIGPIPE, so `print!` would panic instead.
pub fn print_out(text: &str) -> Result<(), Reported> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(141),
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            Err(Reported)
        }
    }
}

pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// Loads an agenda, printing its problems (and, if `warn`, its warnings).
pub fn load_agenda(path: &Path, warn: bool) -> Result<Agenda, Reported> {
    match agenda::load(path) {
        Ok(load) => {
            if warn {
                print_diagnostics(&load.warnings);
            }
            Ok(load.agenda)
        }
        Err(problems) => {
            print_diagnostics(&problems);
            Err(Reported)
        }
    }
}

/// Replays the actions of a journal file taken by `now`: what the operator
/// did later has not happened yet at `now` (every line is still checked).
pub fn load_log_until(
    agenda: &Agenda,
    path: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<ShowLog, Reported> {
    let Some(path) = path else {
        return Ok(ShowLog::default());
    };
    if !path.exists() {
        eprintln!(
            "{}: error: no such journal file: check the path",
            path.display()
        );
        return Err(Reported);
    }
    let journal = read_journal_file(path).map_err(|problems| {
        print_diagnostics(&problems);
        Reported
    })?;
    if let Some(torn) = &journal.torn {
        eprintln!("{torn}");
    }
    let replay = |entries| {
        ShowLog::replay(agenda, entries).map_err(|(index, message)| {
            let line = journal.lines.get(index).copied().unwrap_or(index + 1);
            eprintln!("{}:{line}:1: error: {message}", path.display());
            Reported
        })
    };
    let all = replay(&journal.entries)?;
    // Journal lines are in time order: those taken by `now` come first.
    let so_far = journal.entries.partition_point(|entry| entry.at <= now);
    if so_far == journal.entries.len() {
        Ok(all)
    } else {
        replay(&journal.entries[..so_far])
    }
}

/// The journal `status` and `report` read: the one given, else the live journal next to
/// the agenda if the show has one (as the full-screen app writes it).
fn default_journal(agenda: &Path, given: Option<&Path>) -> Option<PathBuf> {
    match given {
        Some(path) => Some(path.to_path_buf()),
        None => Some(live_journal(agenda)).filter(|path| path.exists()),
    }
}

/// "Now" for a journal: a rehearsal's journal runs on its simulated clock
/// (saved beside it), any other on the real one.
fn now_for(journal: Option<&Path>) -> DateTime<Utc> {
    let real = Utc::now();
    let saved = journal.and_then(|path| {
        let mut name = path.file_name()?.to_os_string();
        name.push(".clock");
        SimulatedClock::load(&path.with_file_name(name))
    });
    saved.map_or(real, |clock| ShowClock::Simulated(clock).show_time(real))
}

pub fn check(path: &Path) -> Result<(), Reported> {
    let agenda = load_agenda(path, true)?;
    print_out(&summary(crate::i18n::terminal(), &agenda))
}

pub fn status(
    path: &Path,
    at: Option<DateTime<Utc>>,
    journal: Option<&Path>,
    json: bool,
) -> Result<(), Reported> {
    let agenda = load_agenda(path, false)?;
    let journal = default_journal(path, journal);
    let now = at.unwrap_or_else(|| now_for(journal.as_deref()));
    let log = load_log_until(&agenda, journal.as_deref(), now)?;
    print_status(&agenda, &log, now, json)?;
    if let Some(journal) = journal.filter(|_| !json) {
        set_aside_words(&journal)?;
    }
    Ok(())
}

/// For a synced show's journal: the actions the shared stream went on
/// without, if any (they are in a file of their own, never lost).
fn set_aside_words(journal: &Path) -> Result<(), Reported> {
    let aside = crate::show::set_aside_journal(journal);
    let count = std::fs::read_to_string(&aside).map_or(0, |text| {
        text.lines().filter(|l| !l.trim().is_empty()).count()
    });
    if count == 0 {
        return Ok(());
    }
    print_out(&format!(
        "Set aside: {count} action{} set aside, taken here while the show went on elsewhere (see {})\n",
        if count == 1 { "" } else { "s" },
        aside.display()
    ))
}

/// `status`'s output: the state at `now`, as text or JSON.
pub fn print_status(
    agenda: &Agenda,
    log: &ShowLog,
    now: DateTime<Utc>,
    json: bool,
) -> Result<(), Reported> {
    let agenda = agenda.clone();
    let snapshot = log.snapshot(&agenda, now);
    if json {
        let document = StateDocument::build(&agenda, log, &snapshot);
        let text = serde_json::to_string_pretty(&document).map_err(|e| {
            eprintln!("error: cannot write JSON: {e}");
            Reported
        })?;
        print_out(&format!("{text}\n"))
    } else {
        print_out(&status_text(
            crate::i18n::terminal(),
            &agenda,
            log,
            &snapshot,
        ))
    }
}

pub fn report(
    path: &Path,
    journal: Option<&Path>,
    format: ReportFormat,
    at: Option<DateTime<Utc>>,
) -> Result<(), Reported> {
    let agenda = load_agenda(path, false)?;
    let Some(journal) = default_journal(path, journal) else {
        eprintln!(
            "{}: error: no journal to report on: run the show first, or give one with --journal FILE",
            live_journal(path).display()
        );
        return Err(Reported);
    };
    let now = at.unwrap_or_else(|| now_for(Some(&journal)));
    let log = load_log_until(&agenda, Some(&journal), now)?;
    print_out(&after_show(
        crate::i18n::terminal(),
        &agenda,
        &log,
        now,
        format,
    ))
}

/// The agenda a journal belongs to, when it sits beside it as showclock
/// names them: `show.jsonl`, `show.rehearsal.jsonl` and its archives
/// `show.rehearsal-20260128T093000.jsonl` all belong to `show.toml`.
fn agenda_beside(journal: &Path) -> Option<PathBuf> {
    let stem = journal.file_stem()?.to_str()?;
    let show = stem.split(".rehearsal").next().unwrap_or(stem);
    Some(journal.with_file_name(format!("{show}.toml"))).filter(|path| path.is_file())
}

/// The agenda to check a journal against: the one given, else the one
/// beside it; loaded, or its problems printed.
fn journal_agenda(
    journal: &Path,
    given: Option<&Path>,
) -> Result<Option<(PathBuf, Agenda)>, Reported> {
    let Some(path) = given
        .map(Path::to_path_buf)
        .or_else(|| agenda_beside(journal))
    else {
        return Ok(None);
    };
    let agenda = load_agenda(&path, false)?;
    Ok(Some((path, agenda)))
}

fn no_such_journal(journal: &Path) -> Result<(), Reported> {
    if journal.is_file() {
        return Ok(());
    }
    eprintln!(
        "{}: error: no such journal file: check the path",
        journal.display()
    );
    Err(Reported)
}

/// `journal check`: every damaged line, with its number.
pub fn journal_check(journal: &Path, agenda: Option<&Path>) -> Result<(), Reported> {
    no_such_journal(journal)?;
    let agenda = journal_agenda(journal, agenda)?;
    let shown = journal.display();
    let (lines, examination) =
        examine_file(journal, agenda.as_ref().map(|(_, a)| a)).map_err(|e| {
            eprintln!("{shown}: error: cannot read the journal: {e}");
            Reported
        })?;
    for (line, why) in &examination.rejected {
        eprintln!("{shown}:{line}:1: error: {}", crate::text::inert(why));
    }
    if let Some(line) = examination.torn {
        eprintln!(
            "{shown}:{line}:1: warning: the last line is incomplete (cut short by a crash while it was written); it never counted and is cut off when the show resumes"
        );
    }
    let against = agenda.as_ref().map_or_else(String::new, |(path, _)| {
        format!(", checked against {}", path.display())
    });
    let entries = examination.kept.len();
    if examination.rejected.is_empty() {
        return print_out(&format!(
            "{shown}: {entries} entries, every line valid{against}\n"
        ));
    }
    let damaged = examination.rejected.len();
    eprintln!(
        "{shown}: {damaged} damaged line{} of {}{against}; `showclock journal repair {shown}` keeps the {entries} valid entries in order and sets the rest aside",
        if damaged == 1 { "" } else { "s" },
        lines.len()
    );
    Err(Reported)
}

/// `journal repair`: the valid entries kept in order, the rest set aside.
pub fn journal_repair(journal: &Path, agenda: Option<&Path>) -> Result<(), Reported> {
    no_such_journal(journal)?;
    let agenda = journal_agenda(journal, agenda)?;
    let shown = journal.display();
    let lock = JournalLock::acquire(journal).map_err(|message| {
        eprintln!("{shown}: error: {message}");
        Reported
    })?;
    let outcome = crate::show::repair(&lock, agenda.as_ref().map(|(_, a)| a), Utc::now());
    drop(lock);
    match outcome {
        Ok(None) => print_out(&format!(
            "{shown}: nothing to repair, every line is valid\n"
        )),
        Ok(Some(repaired)) => print_out(&format!("{}\n", repaired_words(journal, &repaired))),
        Err(e) => {
            eprintln!("{shown}: error: cannot repair the journal: {e}; it is left as it was");
            Err(Reported)
        }
    }
}

/// What a repair did, in one line for people.
pub fn repaired_words(journal: &Path, repaired: &crate::show::Repaired) -> String {
    let numbers: Vec<String> = repaired
        .rejected
        .iter()
        .map(|(line, _)| line.to_string())
        .collect();
    format!(
        "{}: repaired: kept {} entries in order; set aside line{} {} in {}; the original is kept as {}",
        journal.display(),
        repaired.kept,
        if numbers.len() == 1 { "" } else { "s" },
        numbers.join(", "),
        repaired.rejected_file.display(),
        repaired.backup.display()
    )
}

/// `showclock links`: every screen's link, tokens in the fragment.
pub fn links(url: &str, token: Option<String>, view_token: Option<String>) -> Result<(), Reported> {
    let fail = |message: String| {
        eprintln!("error: {message}");
        Reported
    };
    let parsed = reqwest::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .ok_or_else(|| {
            fail(format!(
                "{:?} is not the URL of a shared show: give it as the server printed it, e.g. http://192.168.1.20:8080",
                crate::text::inert(url)
            ))
        })?;
    let token = token
        .or_else(|| std::env::var("SHOWCLOCK_TOKEN").ok().filter(|t| !t.is_empty()))
        .ok_or_else(|| {
            fail("the producer's link needs the control token: give --token TOKEN or set SHOWCLOCK_TOKEN".into())
        })?;
    crate::net::check_token(&token).map_err(|e| fail(format!("--token: {e}")))?;
    if let Some(view) = &view_token {
        crate::net::check_token(view).map_err(|e| fail(format!("--view-token: {e}")))?;
    }
    let base = parsed.as_str().trim_end_matches('/');
    print_out(&crate::net::links_text(
        crate::i18n::terminal(),
        base,
        &token,
        view_token.as_deref(),
    ))
}
