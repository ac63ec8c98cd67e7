//! The full-screen app: the only place that reads the real clock, owns the
//! terminal and runs threads. The loop is thin: wait for a key, a network
//! event or the next moment the display changes; apply; draw.

mod bell;
mod board;
mod keys;
mod setup;
mod source;
mod terminal;

use crate::t;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use board::board;
pub use keys::{Effect, UiState, handle_key};

use crate::cli::{FollowArgs, Reported, RunArgs, load_agenda, print_diagnostics};
use crate::net::{
    FollowOptions, Follower, Hub, TokenSource, follow_token, share_request, start_server,
};
use crate::show::{JournalLock, Phase, Session, ShowClock, actuals, examine_file, outlook};
use crate::ui::{self, Overlay, Screen, Theme, ViewKind};
pub use setup::{choose_clock, journal_for};
use source::{Acted, Sharing, Source};

/// What wakes the loop.
pub enum Wake {
    Terminal(crossterm::event::Event),
    /// SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1 or SIGUSR2: leave now,
    /// restoring the terminal.
    Signal,
    /// SIGTSTP: give the terminal back and stop until continued.
    Suspend,
    /// SIGCONT: continued after a stop; take the terminal again.
    Resume,
    /// The show changed elsewhere (a network action) or the link did.
    Changed,
    /// An action sent to the server was refused.
    Refused(String),
}

fn fail(message: String) -> Reported {
    eprintln!("error: {message}");
    Reported
}

fn colour_wanted() -> bool {
    // https://no-color.org: set and not empty means no colour.
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Starts serving `hub` as `--share` asks.
fn start_sharing(
    args: &RunArgs,
    hub: &std::sync::Arc<Hub>,
    journal: &std::path::Path,
) -> Result<Option<Sharing>, String> {
    let Some(share) = &args.share else {
        return Ok(None);
    };
    let mut reach = args.reach.clone();
    reach.overview = crate::board::page::for_sharing(args)?;
    let request = share_request(
        share,
        args.token.clone(),
        args.view_token.clone(),
        &reach,
        journal,
    )?;
    let (addr, access, options) = (request.addr, request.access, request.options);
    let server = start_server(
        std::sync::Arc::clone(hub),
        addr,
        access.clone(),
        options.clone(),
    )?;
    let lang = crate::i18n::terminal();
    let token_text = match request.token_source {
        TokenSource::Generated(_) | TokenSource::Saved(_) => {
            t!(lang, "sharing-token", token = access.control_token.as_str())
        }
        TokenSource::Given => t!(lang, "sharing-token-given"),
        TokenSource::Environment => t!(lang, "sharing-token-environment"),
    };
    let viewing = if server.view_open() {
        t!(lang, "sharing-viewing-open")
    } else {
        t!(lang, "sharing-viewing-token")
    };
    let banner = t!(
        lang,
        "sharing-banner",
        url = server.url(),
        token = token_text,
        viewing = viewing
    );
    Ok(Some(Sharing {
        server,
        addr,
        access,
        options,
        banner,
    }))
}

/// The terminal and what wakes the loop, set up once for every screen of a
/// run; the terminal is restored when it is dropped.
struct Console {
    term: terminal::Term,
    sender: Sender<Wake>,
    wakes: Receiver<Wake>,
}

impl Console {
    fn open(sender: Sender<Wake>, wakes: Receiver<Wake>) -> Result<Self, Reported> {
        terminal::spawn_input(sender.clone());
        terminal::spawn_signals(sender.clone());
        let term =
            terminal::enter().map_err(|e| fail(format!("cannot set up the terminal: {e}")))?;
        Ok(Self {
            term,
            sender,
            wakes,
        })
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        terminal::leave();
    }
}

/// Why a run stopped with an error, printed once the terminal is restored.
enum Failure {
    Message(String),
    Diagnostics(Vec<crate::agenda::Diagnostic>),
    /// Already printed (before the terminal was taken).
    Reported,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self::Message(message)
    }
}

impl From<Reported> for Failure {
    fn from(_: Reported) -> Self {
        Self::Reported
    }
}

/// Takes the journal's lock: one writer per journal.
fn lock(journal: &std::path::Path) -> Result<JournalLock, String> {
    JournalLock::acquire(journal).map_err(|message| format!("{}: {message}", journal.display()))
}

/// A journal with damaged lines is never opened silently: the screen says
/// which lines and asks to repair it or to quit. Says what the repair did.
fn mend_on_start(
    console: &mut Option<Console>,
    lock: &JournalLock,
    agenda: &crate::agenda::Agenda,
    theme: Theme,
) -> Result<Option<String>, String> {
    let journal = lock.journal();
    let shown = journal.display().to_string();
    let (_, examination) = examine_file(journal, Some(agenda))
        .map_err(|e| format!("{shown}: cannot read the journal: {e}"))?;
    if examination.rejected.is_empty() {
        return Ok(None);
    }
    let console = match console {
        Some(console) => console,
        None => {
            let (sender, wakes) = channel();
            console.insert(Console::open(sender, wakes).map_err(|_| {
                format!(
                    "{shown}: the journal is damaged, and there is no terminal to ask what to do"
                )
            })?)
        }
    };
    let quit = format!(
        "{shown}: the journal is damaged and was left as it is; \
         `showclock journal check {shown}` lists the damaged lines, \
         `showclock journal repair {shown}` mends it"
    );
    loop {
        let damaged = ui::DamagedJournal {
            journal: &shown,
            problems: &examination.rejected,
            valid: examination.kept.len(),
        };
        terminal::draw(&mut console.term, |frame| {
            ui::damaged_journal(frame, crate::i18n::terminal(), &damaged, theme)
        })
        .map_err(|_| quit.clone())?;
        use crossterm::event::{Event, KeyCode, KeyModifiers};
        match console.wakes.recv() {
            Ok(Wake::Terminal(Event::Key(key))) => match key.code {
                KeyCode::Char('r') => break,
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Err(quit);
                }
                KeyCode::Char('q') | KeyCode::Esc => return Err(quit),
                _ => {}
            },
            Ok(Wake::Terminal(Event::Resize(width, height))) => {
                terminal::resize(&mut console.term, width, height).map_err(|_| quit.clone())?;
            }
            Ok(Wake::Signal) | Err(_) => return Err(quit),
            Ok(Wake::Suspend) => terminal::suspend(&mut console.term).map_err(|_| quit.clone())?,
            Ok(Wake::Resume) => terminal::resume(&mut console.term).map_err(|_| quit.clone())?,
            Ok(_) => {}
        }
    }
    match crate::show::repair(lock, Some(agenda), Utc::now()) {
        Ok(Some(repaired)) => Ok(Some(t!(
            crate::i18n::terminal(),
            "notice-repaired",
            kept = repaired.kept,
            count = repaired.rejected.len(),
            file = repaired
                .rejected_file
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .as_ref()
        ))),
        Ok(None) => Ok(None),
        Err(e) => Err(format!(
            "{shown}: cannot repair the journal: {e}; it is left as it was"
        )),
    }
}

/// Runs the full-screen app on a local agenda until the user quits.
pub fn run(args: RunArgs) -> Result<(), Reported> {
    with_console(|console| run_on(args, console))
}

/// Runs the full-screen app on a synced show (`--sync URL`) until the user
/// quits.
pub fn run_synced(args: RunArgs) -> Result<(), Reported> {
    with_console(|console| {
        let synced = crate::sync::open(&args).map_err(Failure::Message)?;
        let agenda = synced.hub.with(|session| session.agenda().clone());
        let opened = Opened {
            hub: synced.hub,
            clock: synced.clock,
            journal: synced.journal,
            agenda,
            note: synced.note,
            sync: Some(synced.shared),
        };
        run_hub(args, opened, console)
    })
}

/// Runs `run` with a console it opens when it needs one, and restores the
/// terminal before any error is printed.
fn with_console(
    run: impl FnOnce(&mut Option<Console>) -> Result<(), Failure>,
) -> Result<(), Reported> {
    let mut console = None;
    let outcome = run(&mut console);
    drop(console);
    outcome.map_err(|failure| {
        match failure {
            Failure::Message(message) => eprintln!("error: {message}"),
            Failure::Diagnostics(problems) => print_diagnostics(&problems),
            Failure::Reported => {}
        }
        Reported
    })
}

/// A show opened, ready for its screen.
struct Opened {
    hub: std::sync::Arc<Hub>,
    clock: ShowClock,
    journal: std::path::PathBuf,
    agenda: crate::agenda::Agenda,
    note: Option<String>,
    /// The link of a synced show.
    sync: Option<std::sync::Arc<crate::sync::Shared>>,
}

fn run_on(args: RunArgs, console: &mut Option<Console>) -> Result<(), Failure> {
    let agenda = load_agenda(&args.agenda, false)?;
    let real_now = Utc::now();
    let journal = journal_for(&args)?;
    // The lock first: nothing touches a journal another instance writes.
    let lock = lock(&journal)?;
    let (clock, note) = choose_clock(&args, &agenda, real_now, &journal)?;
    let theme = Theme::new(colour_wanted());
    let repaired = mend_on_start(console, &lock, &agenda, theme)?;
    let session = Session::open_locked(agenda.clone(), lock).map_err(Failure::Diagnostics)?;
    let recovered = session.recovered().map(|torn| {
        t!(
            crate::i18n::terminal(),
            "notice-repaired-torn",
            why = torn.message.as_str()
        )
    });
    let opened = Opened {
        hub: Hub::with_clock(session, clock),
        clock,
        journal,
        agenda,
        note: repaired.or(recovered).or(note),
        sync: None,
    };
    run_hub(args, opened, console)
}

fn run_hub(args: RunArgs, opened: Opened, console: &mut Option<Console>) -> Result<(), Failure> {
    let Opened {
        hub,
        clock,
        journal,
        agenda,
        note,
        sync,
    } = opened;
    let real_now = Utc::now();
    let sharing = start_sharing(&args, &hub, &journal)?;
    let osc = crate::osc::start(&args.osc, &hub)?;
    let mut app = App::new(
        Source::Local { hub, sharing, sync },
        clock,
        if args.producer_view() {
            ViewKind::Producer
        } else {
            ViewKind::Moderator
        },
        agenda.alerts.bell && !args.no_bell,
    );
    if let Some(text) = note {
        app.notice = Some(Notice::new(text));
    }
    let show_now = app.clock.show_time(real_now);
    if app.clock == ShowClock::Real
        && app
            .source
            .read(|s, _| s.is_some_and(|s| s.snapshot(show_now).phase == Phase::After))
    {
        app.ui.overlay = Overlay::OfferRehearsal;
    }
    app.run_args = Some(args);
    app.osc = osc;
    let console = match console {
        Some(console) => console,
        None => {
            let (sender, wakes) = channel();
            console.insert(Console::open(sender, wakes)?)
        }
    };
    Ok(app.run(console)?)
}

/// Mirrors a show served elsewhere until the user quits.
pub fn follow(args: FollowArgs) -> Result<(), Reported> {
    let (sender, wakes) = channel();
    let notify = sender.clone();
    let options = FollowOptions {
        token: follow_token(args.token.clone(), args.token_file.as_deref()).map_err(fail)?,
        ca_cert: args.ca_cert.clone(),
    };
    let follower = Follower::connect_with(&args.url, options, move || {
        let _ = notify.send(Wake::Changed);
    })
    .map_err(fail)?;
    let view = if args.producer_view() {
        ViewKind::Producer
    } else {
        ViewKind::Moderator
    };
    let mut app = App::new(
        Source::Follow(follower),
        ShowClock::Real,
        view,
        !args.no_bell,
    );
    let mut console = Console::open(sender, wakes)?;
    app.run(&mut console)
}

/// How many of the latest journal entries the producer view is given: more
/// than its history and actions panels can show on any terminal.
const RECENT_ENTRIES: usize = 200;

/// A notice shown for a few seconds, or, for a journal that cannot be
/// written, until an action is written again.
struct Notice {
    text: String,
    since: Instant,
    until_written: bool,
}

impl Notice {
    const SHOWN_FOR: Duration = Duration::from_secs(6);

    fn new(text: String) -> Self {
        Self {
            text,
            since: Instant::now(),
            until_written: false,
        }
    }

    fn expired(&self) -> bool {
        !self.until_written && self.since.elapsed() > Self::SHOWN_FOR
    }
}

struct App {
    ui: UiState,
    clock: ShowClock,
    source: Source,
    notice: Option<Notice>,
    bell: bell::Bell,
    theme: Theme,
    /// The flags of a local show, to start a rehearsal of it.
    run_args: Option<RunArgs>,
    /// OSC in and out (`--osc-listen`, `--osc-send`), on the local show.
    osc: Option<crate::osc::Osc>,
    /// What OSC's rate limit had dropped when last looked at.
    osc_dropped: crate::osc::Dropped,
    /// The synced link's latest notice, once shown.
    sync_notice: Option<String>,
    /// Opened from a board: Esc, with nothing open over the view, goes back.
    back_on_esc: bool,
    /// The last run ended by going back to the board (not by quitting, a
    /// signal or a lost terminal).
    went_back: bool,
    /// The loop is woken by the show's changes (registered once).
    watching: bool,
}

impl App {
    fn new(source: Source, clock: ShowClock, view: ViewKind, bell: bool) -> Self {
        Self {
            ui: UiState {
                overlay: Overlay::None,
                view,
                bell,
            },
            clock,
            source,
            notice: None,
            bell: bell::Bell::default(),
            theme: Theme::new(colour_wanted()),
            run_args: None,
            osc: None,
            osc_dropped: crate::osc::Dropped::default(),
            sync_notice: None,
            back_on_esc: false,
            went_back: false,
            watching: false,
        }
    }

    /// Says so on screen when OSC's rate limit has dropped commands since
    /// the last look (a notice saying an action was not written stays).
    fn note_osc_drops(&mut self) {
        let dropped = self
            .osc
            .as_ref()
            .map(|osc| osc.dropped.get())
            .unwrap_or_default();
        if dropped == self.osc_dropped {
            return;
        }
        self.osc_dropped = dropped;
        if dropped.count > 0 && !self.notice.as_ref().is_some_and(|n| n.until_written) {
            self.notice = Some(Notice::new(dropped.words()));
        }
    }

    fn run(&mut self, console: &mut Console) -> Result<(), Reported> {
        if !self.watching {
            self.source.watch(console.sender.clone());
            self.watching = true;
        }
        self.went_back = false;
        self.run_loop(&mut console.term, &console.wakes, &console.sender)
    }

    /// The show's instant at a real instant.
    fn show_time(&self, real: DateTime<Utc>) -> DateTime<Utc> {
        let (clock, real) = self.source.clock(self.clock, real);
        clock.show_time(real)
    }

    fn run_loop(
        &mut self,
        term: &mut terminal::Term,
        wakes: &Receiver<Wake>,
        sender: &Sender<Wake>,
    ) -> Result<(), Reported> {
        loop {
            let real_now = Utc::now();
            if self.notice.as_ref().is_some_and(Notice::expired) {
                self.notice = None;
            }
            self.note_osc_drops();
            let flash_on = real_now.timestamp_subsec_millis() < 500;
            let Ok(flashing) = self.draw(term, real_now, flash_on) else {
                // The terminal went away (closed, hung up): the journal is
                // already safe, so leave.
                return Ok(());
            };
            // The wait is measured after the draw, so drawing does not make
            // the next frame late. A follower's seconds tick on the
            // server's clock.
            let after_draw = Utc::now();
            let (clock, clock_real) = self.source.clock(self.clock, after_draw);
            let mut wait = clock.until_next_second(clock_real);
            if flashing {
                // The flash changes on the half second too.
                let to_half = Duration::from_millis(u64::from(
                    500 - after_draw.timestamp_subsec_millis() % 500,
                ));
                wait = wait.min(to_half + Duration::from_micros(1));
            }
            let wake = match wakes.recv_timeout(wait) {
                Ok(wake) => wake,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            };
            match wake {
                Wake::Signal => return Ok(()),
                Wake::Suspend
                | Wake::Terminal(crossterm::event::Event::Key(KeyEvent {
                    code: KeyCode::Char('z'),
                    modifiers: KeyModifiers::CONTROL,
                    kind: KeyEventKind::Press,
                    ..
                })) => {
                    if terminal::suspend(term).is_err() {
                        return Ok(());
                    }
                }
                Wake::Resume => {
                    if terminal::resume(term).is_err() {
                        return Ok(());
                    }
                }
                Wake::Changed => {}
                Wake::Refused(message) => {
                    self.notice = Some(Notice::new(t!(
                        crate::i18n::terminal(),
                        "notice-not-done",
                        why = message.as_str()
                    )))
                }
                Wake::Terminal(crossterm::event::Event::Key(key))
                    if self.back_on_esc
                        && matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
                        && key.kind == KeyEventKind::Press
                        && self.ui.overlay == Overlay::None =>
                {
                    self.went_back = true;
                    return Ok(());
                }
                Wake::Terminal(crossterm::event::Event::Key(key)) => {
                    let now = self.show_time(Utc::now());
                    let Some((snapshot, count, people)) = self.source.read(|s, _| {
                        s.map(|s| {
                            let agenda = s.agenda();
                            let people = agenda.people_names().into_iter().map(String::from);
                            (
                                s.snapshot(now),
                                agenda.segments.len(),
                                people.collect::<Vec<_>>(),
                            )
                        })
                    }) else {
                        // A follower not yet connected: only quitting makes sense.
                        let ctrl_c = key.code == crossterm::event::KeyCode::Char('c')
                            && key
                                .modifiers
                                .contains(crossterm::event::KeyModifiers::CONTROL);
                        if key.code == crossterm::event::KeyCode::Char('q') || ctrl_c {
                            return Ok(());
                        }
                        continue;
                    };
                    match handle_key(&mut self.ui, key, &snapshot, count, &people) {
                        None => {}
                        Some(Effect::Quit) => return Ok(()),
                        Some(Effect::Refused(message)) => {
                            self.notice = Some(Notice::new(t!(
                                crate::i18n::terminal(),
                                "notice-not-done",
                                why = message.as_str()
                            )));
                        }
                        Some(Effect::Act(action)) => match self.source.act(action, now, sender) {
                            // A refusal said before is out of date once an action goes through.
                            Acted::Done | Acted::Sent => self.notice = None,
                            Acted::Refused(message) => {
                                self.notice = Some(Notice::new(t!(
                                    crate::i18n::terminal(),
                                    "notice-not-done",
                                    why = message.as_str()
                                )))
                            }
                            Acted::NotWritten(message) => {
                                self.notice = Some(Notice {
                                    until_written: true,
                                    ..Notice::new(t!(
                                        crate::i18n::terminal(),
                                        "notice-not-written",
                                        why = message.as_str()
                                    ))
                                })
                            }
                        },
                        Some(Effect::Rehearse) => self.start_rehearsal(sender),
                        Some(Effect::ShowLinks) => match self.source.links() {
                            Some(lines) => self.ui.overlay = Overlay::Links(lines),
                            None => {
                                self.notice = Some(Notice::new(t!(
                                    crate::i18n::terminal(),
                                    "notice-no-links"
                                )))
                            }
                        },
                    }
                }
                Wake::Terminal(crossterm::event::Event::Resize(width, height)) => {
                    if terminal::resize(term, width, height).is_err() {
                        return Ok(());
                    }
                }
                Wake::Terminal(_) => {}
            }
        }
    }

    /// Switches to a fresh rehearsal of the same agenda.
    fn start_rehearsal(&mut self, sender: &Sender<Wake>) {
        let Some(mut args) = self.run_args.clone() else {
            self.notice = Some(Notice::new(t!(
                crate::i18n::terminal(),
                "notice-follower-rehearses"
            )));
            return;
        };
        args.rehearse = true;
        args.fresh = true;
        args.journal = None;
        let Some(agenda) = self.source.read(|s, _| s.map(|s| s.agenda().clone())) else {
            return;
        };
        let started = journal_for(&args).and_then(|journal| {
            let lock = lock(&journal)?;
            let (clock, note) = choose_clock(&args, &agenda, Utc::now(), &journal)?;
            let session = Session::open_locked(agenda, lock).map_err(|problems| {
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            })?;
            let hub = Hub::with_clock(session, clock);
            // OSC moves to the rehearsal with the screen (its port freed first).
            self.osc = None;
            self.source.replace_hub(hub.clone())?;
            self.osc = crate::osc::start(&args.osc, &hub)?;
            Ok((clock, note))
        });
        match started {
            Ok((clock, note)) => {
                self.notice = note.map(Notice::new);
                self.clock = clock;
                self.source.watch(sender.clone());
                self.ui.overlay = Overlay::None;
                self.run_args = Some(args);
            }
            Err(message) => {
                self.notice = Some(Notice::new(t!(
                    crate::i18n::terminal(),
                    "notice-cannot-rehearse",
                    why = message.as_str()
                )))
            }
        }
    }

    /// Draws one frame; says whether it flashes (an overrun, a `flash`).
    /// The show is read under its lock, and drawn after the lock is
    /// released: a terminal slow to take the frame never holds up an action
    /// from the network. An error means the terminal is gone.
    fn draw(
        &mut self,
        term: &mut terminal::Term,
        real_now: DateTime<Utc>,
        flash_on: bool,
    ) -> std::io::Result<bool> {
        let show_now = self.show_time(real_now);
        let producer = self.ui.view == ViewKind::Producer;
        let (state, link) = self.source.read(|session, link| {
            let state = session.map(|session| {
                let snapshot = session.snapshot(show_now);
                // Both views say which run of a segment is live.
                let rundown = actuals(session.agenda(), session.log(), show_now);
                let (outlook, recent) = if producer {
                    let entries = session.entries();
                    let recent = entries[entries.len().saturating_sub(RECENT_ENTRIES)..].to_vec();
                    (outlook(session.agenda(), session.log(), show_now), recent)
                } else {
                    (Vec::new(), Vec::new())
                };
                (session.shared_agenda(), snapshot, rundown, outlook, recent)
            });
            (state, link)
        });
        let theme = self.theme;
        let Some((agenda, snapshot, rundown, outlook, recent)) = state else {
            let (url, problem) = self.source.connection().unwrap_or_default();
            terminal::draw(term, |frame| {
                ui::connecting(
                    frame,
                    crate::i18n::terminal(),
                    (&url, problem.as_deref()),
                    theme,
                )
            })?;
            return Ok(false);
        };
        let watchers = match self.ui.view {
            ViewKind::Producer => self.source.watchers(),
            ViewKind::Moderator => None,
        };
        let sync = self.source.sync_status();
        if let Some(status) = &sync
            && status.notice.is_some()
            && status.notice != self.sync_notice
        {
            self.sync_notice.clone_from(&status.notice);
            self.notice = status.notice.clone().map(Notice::new);
        }
        let sync = sync.map(|status| ui::SyncView {
            connected: status.connected,
            lost_since: status.lost_since,
            waiting: status.waiting,
            set_aside: status.set_aside,
            read_only: status.read_only,
            clock_offset_ms: status.clock_offset_ms,
        });
        let lang = crate::i18n::terminal();
        let screen = Screen {
            agenda: &agenda,
            snapshot: &snapshot,
            actuals: &rundown,
            outlook: &outlook,
            entries: &recent,
            view: self.ui.view,
            overlay: &self.ui.overlay,
            clock_badge: lang.clock_badge(&self.source.clock(self.clock, real_now).0),
            bell: self.ui.bell,
            flash_on,
            theme,
            link,
            notice: self.notice.as_ref().map(|n| n.text.as_str()),
            sharing: self.source.sharing_banner(),
            watchers: watchers.as_deref(),
            wall_now: real_now,
            sync,
            lang,
        };
        terminal::draw(term, |frame| ui::draw(frame, &screen))?;
        if self.bell.should_ring(&snapshot, &agenda.alerts) && self.ui.bell {
            terminal::ring_bell();
        }
        Ok(snapshot.current.is_some_and(|c| c.overrun) || snapshot.signals.flash_until.is_some())
    }
}
