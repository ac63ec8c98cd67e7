//! The terminal: raw mode and the alternate screen, restored on every way
//! out (quit, error, panic, SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1,
//! SIGUSR2) and on a job-control stop, taken again on `fg`; input and
//! signals as loop wake-ups.

use std::cell::Cell;
use std::io::{Stdout, Write};
use std::rc::Rc;
use std::sync::mpsc::Sender;

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::Wake;

/// The terminal, and the switch that holds a frame's bytes back.
pub struct Term {
    terminal: Terminal<CrosstermBackend<FrameWriter>>,
    holding: Rc<Cell<bool>>,
}

/// Holds a frame's bytes until the frame is complete, so each frame reaches
/// the terminal in one write: the synchronized-update markers and all.
pub struct FrameWriter {
    buffer: Vec<u8>,
    /// While true, `flush` (which ratatui calls mid-frame) keeps the bytes.
    holding: Rc<Cell<bool>>,
    out: Stdout,
}

impl Write for FrameWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.holding.get() || self.buffer.is_empty() {
            return Ok(());
        }
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        self.out.flush()
    }
}

/// Raw mode, alternate screen (cleared), and a panic hook that restores both. The
/// viewport is fixed and follows resize events: the terminal's size is not
/// asked for on every frame.
pub fn enter() -> std::io::Result<Term> {
    let size = ratatui::try_init()?.size()?;
    // The first frame starts from a cleared screen: after a crash the
    // terminal may still be on an alternate screen full of old lines, and
    // ratatui draws only the cells that differ from a blank one.
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    let holding = Rc::new(Cell::new(false));
    let writer = FrameWriter {
        buffer: Vec::with_capacity(16 * 1024),
        holding: Rc::clone(&holding),
        out: std::io::stdout(),
    };
    let terminal = Terminal::with_options(
        CrosstermBackend::new(writer),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, size.width, size.height)),
        },
    )?;
    Ok(Term { terminal, holding })
}

pub fn resize(term: &mut Term, width: u16, height: u16) -> std::io::Result<()> {
    term.terminal.resize(Rect::new(0, 0, width, height))
}

pub fn leave() {
    ratatui::restore();
}

/// Gives the terminal back and stops the process, as SIGTSTP (or Ctrl-Z)
/// would have; once continued (`fg`), takes it again and redraws all of
/// it.
pub fn suspend(term: &mut Term) -> std::io::Result<()> {
    let _ = term.terminal.show_cursor();
    leave();
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    resume(term)
}

/// After a stop of any kind (SIGSTOP too, which cannot be caught) the
/// shell has put the terminal back in line mode: raw mode and the
/// alternate screen again, and every cell drawn anew on the next frame.
pub fn resume(term: &mut Term) -> std::io::Result<()> {
    // crossterm skips enabling raw mode it thinks is on: off first.
    crossterm::terminal::disable_raw_mode()?;
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    term.terminal.hide_cursor()?;
    // The size asked anew (the window may have changed meanwhile); a
    // resize also forgets what was drawn, so the next frame draws it all.
    let (width, height) = crossterm::terminal::size()?;
    resize(term, width, height)
}

/// Draws a frame as one synchronized update, in one write, so the terminal
/// never shows a half-drawn screen.
pub fn draw(term: &mut Term, render: impl FnOnce(&mut ratatui::Frame<'_>)) -> std::io::Result<()> {
    term.holding.set(true);
    let backend = term.terminal.backend_mut();
    let begun = crossterm::queue!(backend, BeginSynchronizedUpdate);
    let drawn = begun.and_then(|()| term.terminal.draw(render).map(|_| ()));
    let ended = crossterm::queue!(term.terminal.backend_mut(), EndSynchronizedUpdate);
    term.holding.set(false);
    drawn.and(ended).and(term.terminal.backend_mut().flush())
}

pub fn ring_bell() {
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07");
    let _ = out.flush();
}

/// Blocks on terminal input in a thread of its own: no polling.
pub fn spawn_input(sender: Sender<Wake>) {
    std::thread::spawn(move || {
        while let Ok(event) = crossterm::event::read() {
            if sender.send(Wake::Terminal(event)).is_err() {
                break;
            }
        }
    });
}

/// Signals as wake-ups: those that end a process by default end the app
/// (the terminal restored first), SIGTSTP suspends it and SIGCONT brings
/// it back.
pub fn spawn_signals(sender: Sender<Wake>) {
    use signal_hook::consts::{
        SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2,
    };
    let Ok(mut signals) = signal_hook::iterator::Signals::new([
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTSTP, SIGCONT,
    ]) else {
        return;
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let wake = match signal {
                SIGTSTP => Wake::Suspend,
                SIGCONT => Wake::Resume,
                _ => Wake::Signal,
            };
            if sender.send(wake).is_err() {
                return;
            }
        }
    });
}
