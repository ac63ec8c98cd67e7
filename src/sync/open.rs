//! Opening a synced show: the agenda (from the file given, or from the
//! show's stream), the local journal brought level with the stream, the
//! clock, and the link started.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_nats::jetstream;
use bytes::Bytes;
use chrono::Utc;

use super::address::ShowAddress;
use super::broker::{self, Appended, BrokerError, BrokerOptions, Delivered, Item};
use super::ledger::{Ledger, admitted};

use super::link::{Link, Ready, Shared, SyncStore, apply_step};
use crate::agenda::Agenda;
use crate::cli::{Reported, RunArgs, SyncArgs};
use crate::net::{Change, Hub, runtime};
use crate::show::{Entry, JournalLock, Session, ShowClock, SimulatedClock};

/// A synced show, opened: its hub (what every screen and page reads), its
/// clock and the link's shared state.
pub struct Synced {
    pub hub: Arc<Hub>,
    pub clock: ShowClock,
    pub journal: PathBuf,
    pub shared: Arc<Shared>,
    /// Something the operator should read first.
    pub note: Option<String>,
}

/// The show as the stream holds it, read once (`status`, `report`).
pub struct StreamShow {
    pub agenda: Agenda,
    pub entries: Vec<Entry>,
    pub clock: ShowClock,
    /// Messages left out (sequence, why).
    pub left_out: Vec<(u64, String)>,
}

fn broker_options(
    sync: &SyncArgs,
    rehearsal: bool,
    replicas: usize,
) -> Result<BrokerOptions, String> {
    let url = sync.sync.as_deref().unwrap_or_default();
    let address = ShowAddress::parse(url).map_err(|e| format!("--sync: {e}"))?;
    Ok(BrokerOptions {
        address: if rehearsal {
            address.rehearsal()
        } else {
            address
        },
        creds: sync.nats_creds.clone(),
        ca_cert: sync.ca_cert.clone(),
        replicas,
    })
}

/// What the stream held at start, sorted by kind.
#[derive(Default)]
struct Held {
    /// The latest agenda and its text.
    agenda: Option<String>,
    actions: Vec<Entry>,
    clock: Option<SimulatedClock>,
    left_out: Vec<(u64, String)>,
    last_sequence: u64,
}

impl Held {
    fn sort(read: Vec<Delivered>) -> Self {
        let mut held = Self::default();
        for delivered in read {
            held.last_sequence = delivered.sequence;
            match delivered.item {
                Item::Agenda(text) => held.agenda = Some(text),
                Item::Action(entry) => held.actions.push(entry),
                Item::Clock(clock) => held.clock = Some(clock),
                Item::Other(why) => held.left_out.push((delivered.sequence, why)),
            }
        }
        held
    }

    fn agenda(&self, show: &str) -> Result<Option<Agenda>, String> {
        let Some(text) = &self.agenda else {
            return Ok(None);
        };
        crate::agenda::parse(&format!("{show} (the show's agenda on the broker)"), text)
            .map(|loaded| Some(loaded.agenda))
            .map_err(|problems| {
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
    }
}

/// Reads the show from its stream, once: what `status --sync`, `report
/// --sync` and `journal check --sync` show.
pub fn read_show(sync: &SyncArgs, rehearsal: bool) -> Result<StreamShow, String> {
    let options = broker_options(sync, rehearsal, 1)?;
    let shared = Shared::new(
        options.address.to_string(),
        PathBuf::new(),
        Ledger::default(),
    );
    runtime().block_on(async {
        let (_client, mut stream) = super::link::open_stream(&options, &shared, false)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| no_show(&options.address))?;
        let (read, _) = broker::read_all(&mut stream, &options.address)
            .await
            .map_err(|e| e.to_string())?;
        let held = Held::sort(read);
        let agenda = held
            .agenda(&options.address.show)?
            .ok_or_else(|| no_show(&options.address))?;
        let entries = admitted(&agenda, held.actions.iter().cloned());
        let mut left_out = held.left_out;
        if entries.len() < held.actions.len() {
            left_out.push((
                0,
                format!(
                    "{} actions that cannot happen in order",
                    held.actions.len() - entries.len()
                ),
            ));
        }
        Ok(StreamShow {
            agenda,
            entries,
            clock: held.clock.map_or(ShowClock::Real, ShowClock::Simulated),
            left_out,
        })
    })
}

fn no_show(address: &ShowAddress) -> String {
    format!(
        "the broker holds no show named {:?}{}: start its first instance with an agenda file, e.g. `showclock agenda.toml --sync nats://HOST/{}`",
        address.show,
        if address.rehearsal {
            " in rehearsal"
        } else {
            ""
        },
        address.show
    )
}

/// Where the local journal of a synced show is: `--journal`, else beside
/// the agenda given (as without `--sync`), else `SHOW.jsonl` here.
fn journal_path(args: &RunArgs, address: &ShowAddress) -> Result<PathBuf, String> {
    if args.agenda_given {
        return crate::app::journal_for(args);
    }
    Ok(args
        .journal
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.jsonl", address.name()))))
}

/// The copy of the stream's agenda kept beside a journal, for a start
/// while the broker is unreachable: `SHOW.jsonl` → `SHOW.agenda.toml`.
fn agenda_copy(journal: &Path) -> PathBuf {
    let stem = journal.file_stem().unwrap_or_default().to_string_lossy();
    journal.with_file_name(format!("{stem}.agenda.toml"))
}

/// A diff of two agendas' texts, line by line, for a person to read.
fn agenda_diff(ours: &str, theirs: &str) -> String {
    let diff = similar::TextDiff::from_lines(theirs, ours);
    diff.unified_diff()
        .context_radius(2)
        .header("the show's agenda on the broker", "the agenda given here")
        .to_string()
}

/// Asks on the terminal; anything but "yes" declines.
fn confirm(question: &str) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!("{question} Type yes to go on: ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    answer.trim() == "yes"
}

/// Opens the synced show `args` name (`args.sync.sync` is set).
pub fn open(args: &RunArgs) -> Result<Synced, String> {
    let rehearsal = args.rehearse || args.at.is_some() || args.speed.is_some();
    let options = broker_options(&args.sync, rehearsal, usize::from(args.join.sync_replicas))?;
    let address = options.address.clone();
    let journal = journal_path(args, &address)?;
    let lock = JournalLock::acquire(&journal).map_err(|e| format!("{}: {e}", journal.display()))?;
    let local = if args.agenda_given {
        let text = std::fs::read_to_string(&args.agenda)
            .map_err(|e| format!("{}: cannot read the agenda: {e}", args.agenda.display()))?;
        let agenda = crate::agenda::parse(&args.agenda.display().to_string(), &text).map_err(
            |problems| {
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            },
        )?;
        Some((agenda.agenda, text))
    } else {
        None
    };
    let shared = Shared::new(
        address.to_string(),
        crate::show::set_aside_journal(&journal),
        Ledger::default(),
    );
    let online = runtime().block_on(open_online(
        &options,
        &shared,
        local.as_ref(),
        args,
        &journal,
    ));
    let (agenda, held, ready, note) = match online {
        Ok((agenda, held, ready)) => (agenda, Some(held), Some(ready), None),
        Err(BrokerError::Refused(why)) => return Err(why),
        Err(BrokerError::Unreachable(why)) => {
            // Offline first: the show runs from the local copy.
            let agenda = match &local {
                Some((agenda, _)) => agenda.clone(),
                None => copied_agenda(&journal).map_err(|missing| format!("{why}; {missing}"))?,
            };
            let note = crate::t!(
                crate::i18n::terminal(),
                "sync-lost-at-start",
                why = why.as_str()
            );
            (agenda, None, None, Some(note))
        }
    };
    if !args.agenda_given
        && let Some(text) = held.as_ref().and_then(|held| held.agenda.as_ref())
    {
        // A copy to start from if the broker is unreachable next time.
        let _ = std::fs::write(agenda_copy(&journal), text);
    }
    let clock = match held.as_ref().and_then(|held| held.clock) {
        Some(clock) => ShowClock::Simulated(clock),
        None => crate::app::choose_clock(args, &agenda, Utc::now(), &journal)?.0,
    };
    let mut session =
        Session::open_locked(agenda.clone(), lock).map_err(|problems| lines(&problems))?;
    name_every_entry(&mut session).map_err(|e| e.to_string())?;
    let hub = Hub::with_clock(session, clock);
    match held {
        Some(held) => {
            let history = admitted(&agenda, held.actions);
            hub.update(|session| {
                let step = shared.resync(&agenda, session.entries(), history, held.last_sequence);
                (apply_step(session, &shared, step), ())
            });
        }
        // Everything local waits, as taken while the link was down.
        None => hub.with(|session| shared.all_offline(session.entries())),
    }
    let store_shared = Arc::clone(&shared);
    hub.update(move |session| {
        session.set_store(
            |file| Box::new(SyncStore::new(file, store_shared)),
            Some(crate::net::generate_token),
        );
        (Change::Nothing, ())
    });
    Link {
        hub: Arc::clone(&hub),
        shared: Arc::clone(&shared),
        options,
        ready,
    }
    .start();
    Ok(Synced {
        hub,
        clock,
        journal,
        shared,
        note,
    })
}

fn lines(problems: &[crate::agenda::Diagnostic]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The stream's agenda as last copied beside the journal.
fn copied_agenda(journal: &Path) -> Result<Agenda, String> {
    let copy = agenda_copy(journal);
    let text = std::fs::read_to_string(&copy).map_err(|_| {
        format!(
            "and no copy of the show's agenda is here ({}): give the agenda file, or start when the broker is reachable",
            copy.display()
        )
    })?;
    crate::agenda::parse(&copy.display().to_string(), &text)
        .map(|loaded| loaded.agenda)
        .map_err(|problems| lines(&problems))
}

/// A journal kept before the show was synced has entries with no id: each
/// gets one, so that it travels like any other.
fn name_every_entry(session: &mut Session) -> Result<(), crate::show::ActError> {
    if session.entries().iter().all(|entry| entry.id.is_some()) {
        return Ok(());
    }
    let named = session
        .entries()
        .iter()
        .cloned()
        .map(|mut entry| {
            entry.id.get_or_insert_with(crate::net::generate_token);
            entry
        })
        .collect();
    session.adopt(None, named)
}

/// Connects, reads the stream and settles the agenda (publishing the one
/// given where the show has none, or replacing it if asked) and, for a
/// rehearsal, its clock.
async fn open_online(
    options: &BrokerOptions,
    shared: &Shared,
    local: Option<&(Agenda, String)>,
    args: &RunArgs,
    journal: &Path,
) -> Result<(Agenda, Held, Ready), BrokerError> {
    let address = &options.address;
    let (client, mut stream) = super::link::open_stream(options, shared, local.is_some())
        .await?
        .ok_or_else(|| BrokerError::Refused(no_show(address)))?;
    let js = broker::context(client.clone());
    // Another instance may publish between reading and appending: read again.
    for _ in 0..5 {
        let (read, messages) = broker::read_all(&mut stream, address).await?;
        let mut held = Held::sort(read);
        let theirs = held.agenda(&address.show).map_err(BrokerError::Refused)?;
        let agenda = match (theirs, local) {
            (None, None) => return Err(BrokerError::Refused(no_show(address))),
            (Some(theirs), None) => theirs,
            (Some(theirs), Some((ours, _))) if theirs == *ours => theirs,
            (theirs, Some((ours, text))) => {
                if let Some(theirs) = &theirs {
                    check_replacement(theirs, &held, ours, text, args)?;
                }
                match publish(
                    &js,
                    address.agenda_subject(),
                    held.last_sequence,
                    Bytes::from(text.clone()),
                )
                .await?
                {
                    Some(sequence) => {
                        held.last_sequence = sequence;
                        held.agenda = Some(text.clone());
                    }
                    None => continue,
                }
                ours.clone()
            }
        };
        if address.rehearsal && held.clock.is_none() {
            let (clock, _) = crate::app::choose_clock(args, &agenda, Utc::now(), journal)
                .map_err(BrokerError::Refused)?;
            let ShowClock::Simulated(simulated) = clock else {
                return Err(BrokerError::Refused(
                    "a rehearsal runs on a simulated clock".into(),
                ));
            };
            let payload = Bytes::from(serde_json::to_vec(&simulated).unwrap_or_default());
            match publish(&js, address.clock_subject(), held.last_sequence, payload).await? {
                Some(sequence) => {
                    held.last_sequence = sequence;
                    held.clock = Some(simulated);
                }
                None => continue,
            }
        }
        shared.set_read_only(!may_append(&js, address, shared).await);
        return Ok((
            agenda,
            held,
            Ready {
                client,
                stream,
                messages,
            },
        ));
    }
    Err(BrokerError::Unreachable(
        "the show's stream kept changing while this instance started: try again".into(),
    ))
}

/// Appends a message if the stream is still at `expected`: its sequence,
/// or None if somebody else appended first.
async fn publish(
    js: &jetstream::Context,
    subject: String,
    expected: u64,
    payload: Bytes,
) -> Result<Option<u64>, BrokerError> {
    match broker::append(js, subject, None, expected, payload).await {
        Ok(ack) => Ok(Some(ack.sequence)),
        Err(Appended::Conflict) => Ok(None),
        Err(Appended::Forbidden(why)) => Err(BrokerError::Refused(format!(
            "this NATS user may not publish the show's agenda ({why}): start the show with a user that may act"
        ))),
        Err(Appended::Unknown(why)) => Err(BrokerError::Unreachable(format!(
            "the broker did not take the show's agenda: {why}"
        ))),
    }
}

/// Whether this NATS user may append: an append that can only fail (it
/// expects a sequence the stream will never have) is refused for its
/// sequence if the user may publish, and never answered if not.
async fn may_append(js: &jetstream::Context, address: &ShowAddress, shared: &Shared) -> bool {
    let probe = broker::append(
        js,
        address.action_subject(),
        None,
        u64::MAX,
        Bytes::from_static(b"{}"),
    )
    .await;
    match probe {
        Err(Appended::Conflict) => true,
        Err(Appended::Forbidden(_)) => false,
        _ => !shared.forbidden(),
    }
}

/// Refuses a different agenda unless `--replace-agenda` (and, once the
/// show has started, a confirmation) says to replace the show's.
fn check_replacement(
    theirs: &Agenda,
    held: &Held,
    ours: &Agenda,
    text: &str,
    args: &RunArgs,
) -> Result<(), BrokerError> {
    let their_text = held.agenda.clone().unwrap_or_default();
    if !args.join.replace_agenda {
        return Err(BrokerError::Refused(format!(
            "{} differs from the show's agenda on the broker:\n{}\nTo run the show as it is, leave out the agenda file; to replace the show's agenda with this one, add --replace-agenda",
            args.agenda.display(),
            agenda_diff(text, &their_text)
        )));
    }
    let history = admitted(theirs, held.actions.iter().cloned());
    if let Err((index, why)) = crate::show::ShowLog::replay(ours, &history) {
        return Err(BrokerError::Refused(format!(
            "the show's action {} of {} does not fit {}: {why}; it cannot replace the show's agenda",
            index + 1,
            history.len(),
            args.agenda.display()
        )));
    }
    if !history.is_empty()
        && !args.join.yes
        && !confirm(&format!(
            "The show has started ({} actions): replacing its agenda changes what every screen shows now.",
            history.len()
        ))
    {
        return Err(BrokerError::Refused(
            "the show has started: replacing its agenda needs confirmation (run from a terminal, or add --yes)".into(),
        ));
    }
    Ok(())
}

/// `serve --sync`: the synced show served over HTTP without a screen.
pub fn serve(args: &RunArgs) -> Result<(), Reported> {
    let synced = open(args).map_err(|message| {
        eprintln!("error: {message}");
        Reported
    })?;
    let mut lines = vec![format!("sync: {}", synced.shared.snapshot(&[]).show)];
    if let Some(note) = &synced.note {
        lines.push(format!("note: {note}"));
    }
    crate::net::serve_hub(args, synced.hub, synced.clock, &synced.journal, lines)
}
