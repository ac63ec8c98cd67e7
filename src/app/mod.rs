//! The full-screen app: the only place that reads the real clock, owns the
//! terminal and runs threads. The loop is thin: wait for a key, a network
//! event or the next moment the display changes; apply; draw.

mod bell;
mod keys;
mod setup;
mod source;
mod terminal;

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub use keys::{Effect, UiState, handle_key};

use crate::cli::{FollowArgs, Reported, RunArgs, load_agenda, print_diagnostics};
use crate::net::{Follower, Hub, TokenSource, share_request, start_server};
use crate::show::{Phase, Session, ShowClock, actuals};
use crate::ui::{self, Overlay, Screen, Theme, ViewKind};
use setup::choose_clock;
use source::{Acted, Sharing, Source};

/// What wakes the loop.
pub enum Wake {
    Terminal(crossterm::event::Event),
    /// SIGTERM, SIGHUP or SIGINT: leave now, restoring the terminal.
    Signal,
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
fn start_sharing(args: &RunArgs, hub: &std::sync::Arc<Hub>) -> Result<Option<Sharing>, Reported> {
    let Some(share) = &args.share else {
        return Ok(None);
    };
    let request =
        share_request(share, args.token.clone(), args.view_token.clone()).map_err(fail)?;
    let (addr, access) = (request.addr, request.access);
    let server = start_server(std::sync::Arc::clone(hub), addr, access.clone()).map_err(fail)?;
    let token_text = match request.token_source {
        TokenSource::Generated => format!("token {}", access.control_token),
        TokenSource::Given => "token as given".into(),
        TokenSource::Environment => "token from SHOWCLOCK_TOKEN".into(),
    };
    let viewing = if server.view_open() {
        "viewing open on loopback"
    } else {
        "viewing needs a token"
    };
    let banner = format!("SHARING {} · {token_text} · {viewing}", server.url());
    Ok(Some(Sharing {
        server,
        addr,
        access,
        banner,
    }))
}

/// Runs the full-screen app on a local agenda until the user quits.
pub fn run(args: RunArgs) -> Result<(), Reported> {
    let agenda = load_agenda(&args.agenda, false)?;
    let real_now = Utc::now();
    let (clock, files, note) = choose_clock(&args, &agenda, real_now).map_err(fail)?;
    let session = Session::open(agenda.clone(), &files.journal).map_err(|problems| {
        print_diagnostics(&problems);
        Reported
    })?;
    let recovered = session
        .recovered()
        .map(|torn| format!("Journal repaired: {}", torn.message));
    let hub = Hub::with_clock(session, clock);
    let sharing = start_sharing(&args, &hub)?;
    let mut app = App::new(
        Source::Local { hub, sharing },
        clock,
        if args.producer_view() {
            ViewKind::Producer
        } else {
            ViewKind::Moderator
        },
        agenda.alerts.bell && !args.no_bell,
    );
    if let Some(text) = recovered.or(note) {
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
    app.run()
}

/// Mirrors a show served elsewhere until the user quits.
pub fn follow(args: FollowArgs) -> Result<(), Reported> {
    let (sender, wakes) = channel();
    let notify = sender.clone();
    let follower = Follower::connect(&args.url, args.token.clone(), move || {
        let _ = notify.send(Wake::Changed);
    })
    .map_err(fail)?;
    let view = if args.producer_view() {
        ViewKind::Producer
    } else {
        ViewKind::Moderator
    };
    let app = App::new(
        Source::Follow(follower),
        ShowClock::Real,
        view,
        !args.no_bell,
    );
    app.run_with(sender, wakes)
}

/// How many of the latest journal entries the producer view is given: more
/// than its history and actions panels can show on any terminal.
const RECENT_ENTRIES: usize = 200;

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
    source: Source,
    notice: Option<Notice>,
    bell: bell::Bell,
    theme: Theme,
    /// The flags of a local show, to start a rehearsal of it.
    run_args: Option<RunArgs>,
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
        }
    }

    fn run(self) -> Result<(), Reported> {
        let (sender, wakes) = channel();
        self.run_with(sender, wakes)
    }

    fn run_with(mut self, sender: Sender<Wake>, wakes: Receiver<Wake>) -> Result<(), Reported> {
        terminal::spawn_input(sender.clone());
        terminal::spawn_signals(sender.clone());
        self.source.watch(sender.clone());
        let mut term =
            terminal::enter().map_err(|e| fail(format!("cannot set up the terminal: {e}")))?;
        let outcome = self.run_loop(&mut term, &wakes, &sender);
        terminal::leave();
        outcome
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
            if self
                .notice
                .as_ref()
                .is_some_and(|n| n.since.elapsed() > Notice::SHOWN_FOR)
            {
                self.notice = None;
            }
            let flash_on = real_now.timestamp_subsec_millis() < 500;
            let Ok(overrun) = self.draw(term, real_now, flash_on) else {
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
            if overrun {
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
                Wake::Changed => {}
                Wake::Refused(message) => {
                    self.notice = Some(Notice::new(format!("Not done: {message}")))
                }
                Wake::Terminal(crossterm::event::Event::Key(key)) => {
                    let now = self.show_time(Utc::now());
                    let Some((snapshot, count)) = self
                        .source
                        .read(|s, _| s.map(|s| (s.snapshot(now), s.agenda().segments.len())))
                    else {
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
                    match handle_key(&mut self.ui, key, &snapshot, count) {
                        None => {}
                        Some(Effect::Quit) => return Ok(()),
                        Some(Effect::Refused(message)) => {
                            self.notice = Some(Notice::new(format!("Not done: {message}")));
                        }
                        Some(Effect::Act(action)) => match self.source.act(action, now, sender) {
                            // A refusal said before is out of date once an action goes through.
                            Acted::Done | Acted::Sent => self.notice = None,
                            Acted::Refused(message) => {
                                self.notice = Some(Notice::new(format!("Not done: {message}")))
                            }
                        },
                        Some(Effect::Rehearse) => self.start_rehearsal(sender),
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
            self.notice = Some(Notice::new(
                "Not done: a follower rehearses on the serving instance".into(),
            ));
            return;
        };
        args.rehearse = true;
        args.fresh = true;
        args.journal = None;
        let Some(agenda) = self.source.read(|s, _| s.map(|s| s.agenda().clone())) else {
            return;
        };
        let started = choose_clock(&args, &agenda, Utc::now()).and_then(|(clock, files, _)| {
            let session = Session::open(agenda, &files.journal).map_err(|problems| {
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            })?;
            self.source.replace_hub(Hub::with_clock(session, clock))?;
            Ok(clock)
        });
        match started {
            Ok(clock) => {
                self.clock = clock;
                self.source.watch(sender.clone());
                self.ui.overlay = Overlay::None;
                self.run_args = Some(args);
            }
            Err(message) => self.notice = Some(Notice::new(format!("Cannot rehearse: {message}"))),
        }
    }

    /// Draws one frame; says whether the slot is overrunning (it flashes).
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
                let (rundown, recent) = if producer {
                    let entries = session.entries();
                    let recent = entries[entries.len().saturating_sub(RECENT_ENTRIES)..].to_vec();
                    (actuals(session.agenda(), session.log(), show_now), recent)
                } else {
                    (Vec::new(), Vec::new())
                };
                (session.shared_agenda(), snapshot, rundown, recent)
            });
            (state, link)
        });
        let theme = self.theme;
        let Some((agenda, snapshot, rundown, recent)) = state else {
            let (url, problem) = self.source.connection().unwrap_or_default();
            terminal::draw(term, |frame| {
                ui::connecting(frame, &url, problem.as_deref(), theme)
            })?;
            return Ok(false);
        };
        let screen = Screen {
            agenda: &agenda,
            snapshot: &snapshot,
            actuals: &rundown,
            entries: &recent,
            view: self.ui.view,
            overlay: &self.ui.overlay,
            clock_badge: self.source.clock(self.clock, real_now).0.badge(),
            bell: self.ui.bell,
            flash_on,
            theme,
            link,
            notice: self.notice.as_ref().map(|n| n.text.as_str()),
            sharing: self.source.sharing_banner(),
            wall_now: real_now,
        };
        terminal::draw(term, |frame| ui::draw(frame, &screen))?;
        if self.bell.should_ring(&snapshot, &agenda.alerts) && self.ui.bell {
            terminal::ring_bell();
        }
        Ok(snapshot.current.is_some_and(|c| c.overrun))
    }
}
