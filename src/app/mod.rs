//! The full-screen app: the only place that reads the real clock, owns the
//! terminal and runs threads. The loop is thin: wait for a key, a network
//! event or the next moment the display changes; apply; draw.

mod bell;
mod clock;
mod keys;
mod terminal;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub use clock::{ShowClock, SimulatedClock};
pub use keys::{Effect, UiState, handle_key};

use crate::agenda::Agenda;
use crate::cli::{Reported, RunArgs, load_agenda, print_diagnostics};
use crate::net::Hub;
use crate::show::{Phase, Session, actuals};
use crate::ui::{self, Overlay, Screen, Theme, ViewKind};

/// What wakes the loop.
pub enum Wake {
    Terminal(crossterm::event::Event),
    /// SIGTERM, SIGHUP or SIGINT: leave now, restoring the terminal.
    Signal,
    /// The show changed elsewhere (a network action) or the link did.
    Changed,
}

/// Where the journal and, in rehearsal, the simulated clock are kept.
struct Files {
    journal: PathBuf,
    clock: Option<PathBuf>,
}

/// The default journal: next to the agenda, named after it.
fn journal_beside(agenda: &Path, kind: &str) -> PathBuf {
    let stem = agenda
        .file_stem()
        .map_or_else(|| "agenda".into(), |s| s.to_string_lossy().into_owned());
    agenda.with_file_name(format!("{stem}.{kind}.jsonl"))
}

fn clock_file(journal: &Path) -> PathBuf {
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(".clock");
    journal.with_file_name(name)
}

/// A rehearsal starting afresh: the old rehearsal journal goes.
fn fresh_rehearsal(files: &Files, clock: SimulatedClock) -> std::io::Result<()> {
    match std::fs::remove_file(&files.journal) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if let Some(path) = &files.clock {
        clock.save(path)?;
    }
    Ok(())
}

/// Decides the clock and the files from the flags. A simulated clock always
/// gets a rehearsal journal, never the live one.
fn choose_clock(
    args: &RunArgs,
    agenda: &Agenda,
    real_now: DateTime<Utc>,
) -> Result<(ShowClock, Files, bool), String> {
    let live = journal_beside(&args.agenda, "journal");
    let simulated = args.rehearse || args.at.is_some() || args.speed.is_some();
    if !simulated {
        return Ok((
            ShowClock::Real,
            Files {
                journal: args.journal.clone().unwrap_or(live),
                clock: None,
            },
            false,
        ));
    }
    let journal = args
        .journal
        .clone()
        .unwrap_or_else(|| journal_beside(&args.agenda, "rehearsal"));
    if journal == live {
        return Err(format!(
            "{} is the live journal: a rehearsal keeps its own (leave out --journal)",
            live.display()
        ));
    }
    let files = Files {
        clock: Some(clock_file(&journal)),
        journal,
    };
    let speed = args.speed.unwrap_or(1.0);
    // A bare --rehearse resumes a rehearsal cut short (by a crash, say);
    // one that has run to its end starts over.
    let saved = files.clock.as_deref().and_then(SimulatedClock::load);
    if let (true, None, false, Some(saved)) = (args.rehearse, args.at, args.fresh, saved)
        && rehearsal_unfinished(
            agenda,
            &files.journal,
            ShowClock::Simulated(saved).show_time(real_now),
        )
    {
        return Ok((ShowClock::Simulated(saved), files, true));
    }
    let show_start = match args.at {
        Some(at) => at,
        None if args.rehearse => agenda.start() - chrono::TimeDelta::seconds(30),
        None => real_now,
    };
    let clock = SimulatedClock {
        real_start: real_now,
        show_start,
        speed,
    };
    fresh_rehearsal(&files, clock).map_err(|e| {
        format!(
            "cannot start the rehearsal journal {}: {e}",
            files.journal.display()
        )
    })?;
    Ok((ShowClock::Simulated(clock), files, false))
}

/// True when the rehearsal journal at `path` holds a show not yet over.
fn rehearsal_unfinished(agenda: &Agenda, path: &Path, show_now: DateTime<Utc>) -> bool {
    if !path.exists() {
        return false;
    }
    let Ok(entries) = crate::show::read_journal(path) else {
        return false;
    };
    crate::show::ShowLog::replay(agenda, &entries)
        .is_ok_and(|log| log.snapshot(agenda, show_now).phase != Phase::After)
}

fn open_session(agenda: Agenda, journal: &Path) -> Result<Session, Reported> {
    Session::open(agenda, journal).map_err(|problems| {
        print_diagnostics(&problems);
        Reported
    })
}

/// Runs the full-screen app until the user quits.
pub fn run(args: RunArgs) -> Result<(), Reported> {
    let agenda = load_agenda(&args.agenda, false)?;
    let real_now = Utc::now();
    let (clock, files, resumed) = choose_clock(&args, &agenda, real_now).map_err(|message| {
        eprintln!("error: {message}");
        Reported
    })?;
    let session = open_session(agenda.clone(), &files.journal)?;
    let hub = Hub::new(session);
    let mut app = App {
        ui: UiState {
            overlay: Overlay::None,
            view: if args.producer_view() {
                ViewKind::Producer
            } else {
                ViewKind::Moderator
            },
            bell: agenda.alerts.bell && !args.no_bell,
        },
        clock,
        hub,
        notice: resumed
            .then(|| Notice::new("Resumed the unfinished rehearsal (--fresh starts over)".into())),
        bell: bell::Bell::default(),
        args,
        theme: Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())),
    };
    let show_time = app.clock.show_time(real_now);
    if app.clock == ShowClock::Real && app.hub.with(|s| s.snapshot(show_time).phase) == Phase::After
    {
        app.ui.overlay = Overlay::OfferRehearsal;
    }
    let (sender, wakes) = channel();
    terminal::spawn_input(sender.clone());
    terminal::spawn_signals(sender.clone());
    app.watch_hub(sender.clone());
    let mut term = terminal::enter().map_err(|e| {
        eprintln!("error: cannot set up the terminal: {e}");
        Reported
    })?;
    let outcome = app.run_loop(&mut term, &wakes, &sender);
    terminal::leave();
    outcome
}

/// A notice shown for a few seconds.
struct Notice {
    text: String,
    since: Instant,
}

impl Notice {
    const SHOWN_FOR: Duration = Duration::from_secs(6);

    fn new(text: String) -> Self {
        Self {
            text,
            since: Instant::now(),
        }
    }
}

struct App {
    ui: UiState,
    clock: ShowClock,
    hub: Arc<Hub>,
    notice: Option<Notice>,
    bell: bell::Bell,
    args: RunArgs,
    theme: Theme,
}

impl App {
    /// Wakes the loop whenever anyone else (a network client) acts.
    fn watch_hub(&self, sender: Sender<Wake>) {
        let updates = self.hub.subscribe().updates;
        std::thread::spawn(move || {
            for _ in updates {
                if sender.send(Wake::Changed).is_err() {
                    break;
                }
            }
        });
    }

    fn run_loop(
        &mut self,
        term: &mut terminal::Term,
        wakes: &Receiver<Wake>,
        sender: &Sender<Wake>,
    ) -> Result<(), Reported> {
        loop {
            let real_now = Utc::now();
            let show_now = self.clock.show_time(real_now);
            if self
                .notice
                .as_ref()
                .is_some_and(|n| n.since.elapsed() > Notice::SHOWN_FOR)
            {
                self.notice = None;
            }
            let flash_on = real_now.timestamp_subsec_millis() < 500;
            let overrun = self.draw(term, real_now, show_now, flash_on);
            let mut wait = self.clock.until_next_second(real_now);
            if overrun {
                // The flash changes on the half second too.
                let to_half = Duration::from_millis(u64::from(
                    500 - real_now.timestamp_subsec_millis() % 500,
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
                Wake::Changed => {}
                Wake::Terminal(crossterm::event::Event::Key(key)) => {
                    let now = self.clock.show_time(Utc::now());
                    let (snapshot, count) = self
                        .hub
                        .with(|s| (s.snapshot(now), s.agenda().segments.len()));
                    match handle_key(&mut self.ui, key, &snapshot, count) {
                        None => {}
                        Some(Effect::Quit) => return Ok(()),
                        Some(Effect::Act(action)) => {
                            if let Err(e) = self.hub.act(action, now) {
                                self.notice = Some(Notice::new(format!("Not done: {e}")));
                            }
                        }
                        Some(Effect::Rehearse) => self.start_rehearsal(sender)?,
                    }
                }
                Wake::Terminal(_) => {}
            }
        }
    }

    /// Switches to a fresh rehearsal of the same agenda.
    fn start_rehearsal(&mut self, sender: &Sender<Wake>) -> Result<(), Reported> {
        let mut args = self.args.clone();
        args.rehearse = true;
        args.fresh = true;
        args.journal = None;
        let agenda = self.hub.with(|s| s.agenda().clone());
        match choose_clock(&args, &agenda, Utc::now()).and_then(|(clock, files, _)| {
            Session::open(agenda, &files.journal)
                .map(|session| (clock, session))
                .map_err(|problems| {
                    problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                })
        }) {
            Ok((clock, session)) => {
                self.clock = clock;
                self.hub = Hub::new(session);
                self.watch_hub(sender.clone());
                self.ui.overlay = Overlay::None;
                self.args = args;
            }
            Err(message) => self.notice = Some(Notice::new(format!("Cannot rehearse: {message}"))),
        }
        Ok(())
    }

    /// Draws one frame; says whether the slot is overrunning (it flashes).
    fn draw(
        &mut self,
        term: &mut terminal::Term,
        real_now: DateTime<Utc>,
        show_now: DateTime<Utc>,
        flash_on: bool,
    ) -> bool {
        let ui = &self.ui;
        let notice = self.notice.as_ref().map(|n| n.text.as_str());
        let clock_badge = self.clock.badge();
        let theme = self.theme;
        let (overrun, ring) = self.hub.with(|session| {
            let agenda = session.agenda();
            let snapshot = session.snapshot(show_now);
            let rundown = if ui.view == ViewKind::Producer {
                actuals(agenda, session.log(), show_now)
            } else {
                Vec::new()
            };
            let screen = Screen {
                agenda,
                snapshot: &snapshot,
                actuals: &rundown,
                view: ui.view,
                overlay: &ui.overlay,
                clock_badge,
                bell: ui.bell,
                flash_on,
                theme,
                link: None,
                notice,
                sharing: None,
                wall_now: real_now,
            };
            terminal::draw(term, |frame| ui::draw(frame, &screen));
            let overrun = snapshot.current.is_some_and(|c| c.overrun);
            (overrun, self.bell.should_ring(&snapshot))
        });
        if ring && self.ui.bell {
            terminal::ring_bell();
        }
        overrun
    }
}
