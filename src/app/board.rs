//! `showclock board SOURCE...`: the board's loop. It only watches; Enter
//! opens the chosen room's producer view (a follower of a served show, or
//! an instance of a show on a broker), where the operator may act, and Esc
//! comes back. A room once opened stays open while the board runs, so
//! going back to it is instant and its journal stays held by one instance.

use std::collections::HashMap;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};

use super::source::Source as ShowSource;
use super::{App, Console, Notice, Wake, fail, terminal};
use crate::board::{Board, BoardView, Credentials, Order, Source, Stage};
use crate::cli::{BoardArgs, BoardOrder, Reported};
use crate::net::{FollowOptions, Follower, follow_token};
use crate::show::ShowClock;
use crate::t;
use crate::ui::{self, BoardScreen, Theme, ViewKind};

pub fn board(args: BoardArgs) -> Result<(), Reported> {
    let sources = args
        .sources
        .iter()
        .map(|text| Source::parse(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    let credentials = Credentials {
        token: follow_token(args.token.clone(), args.token_file.as_deref()).map_err(fail)?,
        nats_creds: args.nats_creds.clone(),
        ca_cert: args.ca_cert.clone(),
        rehearsal: args.rehearse,
    };
    let board = Board::watch(&sources, credentials).map_err(fail)?;
    let (sender, wakes) = std::sync::mpsc::channel();
    let notify = sender.clone();
    board.on_change(move || {
        let _ = notify.send(Wake::Changed);
    });
    let mut console = Console::open(sender, wakes)?;
    let mut screen = BoardLoop {
        board,
        order: match args.order {
            BoardOrder::Attention => Order::Attention,
            BoardOrder::Room => Order::Room,
        },
        selected: None,
        opened: HashMap::new(),
        notice: None,
        theme: Theme::new(super::colour_wanted()),
        bell: !args.no_bell,
    };
    screen.run(&mut console)
}

/// How a room's view was left.
#[derive(PartialEq, Eq)]
enum Left {
    Back,
    Quit,
}

struct BoardLoop {
    board: Board,
    order: Order,
    /// The chosen room, by address: it stays chosen as the order changes.
    selected: Option<String>,
    /// Rooms opened so far, by address.
    opened: HashMap<String, App>,
    notice: Option<Notice>,
    theme: Theme,
    bell: bool,
}

impl BoardLoop {
    fn run(&mut self, console: &mut Console) -> Result<(), Reported> {
        let mut pending = None;
        loop {
            let now = Utc::now();
            if self.notice.as_ref().is_some_and(Notice::expired) {
                self.notice = None;
            }
            let lang = crate::i18n::terminal();
            let view = self.board.view(self.order, lang, now);
            let index = self.index(&view);
            let flash_on = now.timestamp_subsec_millis() < 500;
            let screen = BoardScreen {
                view: &view,
                selected: index,
                theme: self.theme,
                lang,
                flash_on,
                notice: self.notice.as_ref().map(|n| n.text.as_str()),
            };
            if terminal::draw(&mut console.term, |frame| ui::board(frame, &screen)).is_err() {
                return Ok(());
            }
            let wait = next_frame(&view, Utc::now());
            let wake = match pending.take() {
                Some(wake) => wake,
                None => match console.wakes.recv_timeout(wait) {
                    Ok(wake) => wake,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                },
            };
            match wake {
                Wake::Signal => return Ok(()),
                Wake::Suspend => {
                    if terminal::suspend(&mut console.term).is_err() {
                        return Ok(());
                    }
                }
                Wake::Resume => {
                    if terminal::resume(&mut console.term).is_err() {
                        return Ok(());
                    }
                }
                Wake::Changed | Wake::Refused(_) => {
                    // Many rooms may change at once: one frame for all. A
                    // key or a signal among them is kept for after it.
                    while let Ok(next) = console.wakes.try_recv() {
                        if !matches!(next, Wake::Changed) {
                            pending = Some(next);
                            break;
                        }
                    }
                }
                Wake::Terminal(Event::Resize(width, height)) => {
                    if terminal::resize(&mut console.term, width, height).is_err() {
                        return Ok(());
                    }
                }
                Wake::Terminal(Event::Key(key)) if key.kind == KeyEventKind::Press => {
                    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                    match key.code {
                        KeyCode::Char('q') => return Ok(()),
                        KeyCode::Char('c') if ctrl => return Ok(()),
                        KeyCode::Char('z')
                            if ctrl && terminal::suspend(&mut console.term).is_err() =>
                        {
                            return Ok(());
                        }
                        KeyCode::Char('s') => self.order = self.order.toggled(),
                        KeyCode::Left => self.choose(&view, index.saturating_sub(1)),
                        KeyCode::Right => self.choose(&view, index + 1),
                        KeyCode::Up | KeyCode::Char('k') => {
                            let row = self.columns(&view);
                            self.choose(&view, index.saturating_sub(row));
                        }
                        KeyCode::Down | KeyCode::Char('j') => {
                            let row = self.columns(&view);
                            self.choose(&view, index + row);
                        }
                        KeyCode::Home => self.choose(&view, 0),
                        KeyCode::End => self.choose(&view, usize::MAX),
                        KeyCode::Enter => {
                            if let Some(tile) = view.rooms.get(index) {
                                let room = crate::i18n::terminal().pick(&tile.room).to_string();
                                if self.open(console, &tile.address, &room)? == Left::Quit {
                                    return Ok(());
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Wake::Terminal(_) => {}
            }
        }
    }

    /// The chosen room's place in this view (the first room if it is gone).
    fn index(&self, view: &BoardView) -> usize {
        self.selected
            .as_ref()
            .and_then(|address| view.rooms.iter().position(|t| &t.address == address))
            .unwrap_or(0)
    }

    /// Rooms a row on screen: ↑ and ↓ move a row of tiles.
    fn columns(&self, view: &BoardView) -> usize {
        let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
        usize::from(ui::board_columns(view.rooms.len(), width, height))
    }

    fn choose(&mut self, view: &BoardView, index: usize) {
        let last = view.rooms.len().saturating_sub(1);
        self.selected = view.rooms.get(index.min(last)).map(|t| t.address.clone());
    }

    /// Opens a room's producer view and runs it until Esc (or a quit: a
    /// signal, Ctrl-C, a lost terminal, which end the board too).
    fn open(&mut self, console: &mut Console, address: &str, room: &str) -> Result<Left, Reported> {
        let lang = crate::i18n::terminal();
        if !self.opened.contains_key(address) {
            let _ = terminal::draw(&mut console.term, |frame| {
                ui::connecting(
                    frame,
                    lang,
                    (&t!(lang, "board-opening", room = room), None),
                    self.theme,
                )
            });
            match self.room(console, address) {
                Ok(app) => {
                    self.opened.insert(address.to_string(), app);
                }
                Err(why) => {
                    self.notice = Some(Notice::new(t!(
                        lang,
                        "board-cannot-open",
                        room = room,
                        why = why.as_str()
                    )));
                    return Ok(Left::Back);
                }
            }
        }
        if let Some(app) = self.opened.get_mut(address) {
            app.notice = Some(Notice::new(t!(lang, "board-back")));
            app.run(console)?;
            if !app.went_back {
                return Ok(Left::Quit);
            }
        }
        Ok(Left::Back)
    }

    /// The app of a room: a follower of a served show, or an instance of
    /// a show on a broker, in the producer view.
    fn room(&self, console: &Console, address: &str) -> Result<App, String> {
        let credentials = self.board.credentials();
        let source = if address.starts_with("http://") || address.starts_with("https://") {
            let notify = console.sender.clone();
            let follower = Follower::connect_with(
                address,
                FollowOptions {
                    token: self.board.token_for(address),
                    ca_cert: credentials.ca_cert.clone(),
                },
                move || {
                    let _ = notify.send(Wake::Changed);
                },
            )?;
            (ShowSource::Follow(follower), ShowClock::Real)
        } else {
            let args = join_args(address, credentials)?;
            let synced = crate::sync::open(&args)?;
            (
                ShowSource::Local {
                    hub: synced.hub,
                    sharing: None,
                    sync: Some(synced.shared),
                },
                synced.clock,
            )
        };
        let mut app = App::new(source.0, source.1, ViewKind::Producer, self.bell);
        app.back_on_esc = true;
        Ok(app)
    }
}

/// The flags of an instance joining the show at `address`, as
/// `showclock --sync ADDRESS --view producer` would have them.
fn join_args(address: &str, credentials: &Credentials) -> Result<crate::cli::RunArgs, String> {
    let mut argv = vec![
        "showclock".to_string(),
        "--sync".into(),
        address.to_string(),
        "--view".into(),
        "producer".into(),
    ];
    if let Some(creds) = &credentials.nats_creds {
        argv.extend(["--nats-creds".into(), creds.display().to_string()]);
    }
    if let Some(ca) = &credentials.ca_cert {
        argv.extend(["--ca-cert".into(), ca.display().to_string()]);
    }
    if credentials.rehearsal {
        argv.push("--rehearse".into());
    }
    use clap::Parser;
    crate::cli::Cli::try_parse_from(argv)
        .map(|cli| cli.run)
        .map_err(|e| e.to_string())
}

/// How long the board may sleep: to the next whole second, or the next
/// half second while a room overruns (its tile blinks). At most 2 wake-ups
/// a second when nothing changes.
fn next_frame(view: &BoardView, now: DateTime<Utc>) -> Duration {
    let blinking = view
        .rooms
        .iter()
        .any(|t| t.urgency == crate::show::Urgency::Overrun && t.stage == Stage::Live);
    let period = if blinking { 500 } else { 1000 };
    let into = u64::from(now.timestamp_subsec_millis()) % period;
    Duration::from_millis(period - into) + Duration::from_micros(200)
}
