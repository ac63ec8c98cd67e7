//! The terminal: raw mode and the alternate screen, restored on every way
//! out (quit, error, panic, SIGTERM, SIGHUP, SIGINT); input and signals as
//! loop wake-ups.

use std::io::{Stdout, Write};
use std::sync::mpsc::Sender;

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::Wake;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, alternate screen, and a panic hook that restores both.
pub fn enter() -> std::io::Result<Term> {
    ratatui::try_init()
}

pub fn leave() {
    ratatui::restore();
}

/// Draws a frame as one synchronized update, so the terminal never shows a
/// half-drawn screen.
pub fn draw(term: &mut Term, render: impl FnOnce(&mut ratatui::Frame<'_>)) {
    let _ = crossterm::queue!(term.backend_mut(), BeginSynchronizedUpdate);
    let _ = term.draw(render);
    let _ = crossterm::execute!(term.backend_mut(), EndSynchronizedUpdate);
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

pub fn spawn_signals(sender: Sender<Wake>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = sender.send(Wake::Signal);
        }
    });
}
