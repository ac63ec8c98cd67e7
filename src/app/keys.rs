//! Keys to effects. Pure: the loop carries the effects out.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::show::{Action, Phase, Snapshot};
use crate::ui::producer_canned;
use crate::ui::{Overlay, ViewKind};

/// The app's own state, beside the show's: what is drawn over the view,
/// which view, and whether the bell may ring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiState {
    pub overlay: Overlay,
    pub view: ViewKind,
    pub bell: bool,
}

/// What a key asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Act(Action),
    Quit,
    Rehearse,
}

const MESSAGE_LIMIT: usize = 200;

/// Space: start the show, then cue the next segment. Until the operator
/// starts it, the show only follows the schedule: the first Space starts
/// the scheduled segment now rather than skipping it.
fn advance(snapshot: &Snapshot) -> Action {
    if snapshot.following_schedule && snapshot.phase != Phase::After {
        Action::Start
    } else {
        Action::Next
    }
}

pub fn handle_key(
    ui: &mut UiState,
    key: KeyEvent,
    snapshot: &Snapshot,
    segments: usize,
) -> Option<Effect> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    match std::mem::take(&mut ui.overlay) {
        Overlay::ConfirmQuit => {
            return (key.code == KeyCode::Char('y') || ctrl_c).then_some(Effect::Quit);
        }
        Overlay::Goto(mut typed) => {
            match key.code {
                KeyCode::Char(c) if c.is_ascii_digit() && typed.len() < 6 => typed.push(c),
                KeyCode::Backspace => {
                    typed.pop();
                }
                KeyCode::Enter => {
                    return match typed.parse::<usize>() {
                        Ok(n) if (1..=segments).contains(&n) => {
                            Some(Effect::Act(Action::Goto { index: n - 1 }))
                        }
                        _ => None,
                    };
                }
                KeyCode::Esc => return None,
                _ if ctrl_c => return None,
                _ => {}
            }
            ui.overlay = Overlay::Goto(typed);
            return None;
        }
        Overlay::Compose(mut typed) => {
            match key.code {
                KeyCode::Enter => {
                    let text = typed.trim().to_string();
                    return (!text.is_empty()).then_some(Effect::Act(Action::Message { text }));
                }
                KeyCode::Esc => return None,
                _ if ctrl_c => return None,
                KeyCode::Backspace => {
                    typed.pop();
                }
                KeyCode::Char(c) if !c.is_control() && typed.chars().count() < MESSAGE_LIMIT => {
                    typed.push(c)
                }
                _ => {}
            }
            ui.overlay = Overlay::Compose(typed);
            return None;
        }
        Overlay::OfferRehearsal => {
            return match key.code {
                KeyCode::Char('r') => Some(Effect::Rehearse),
                KeyCode::Char('q') => Some(Effect::Quit),
                _ if ctrl_c => Some(Effect::Quit),
                _ => None,
            };
        }
        Overlay::Help => {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q')
            ) && !ctrl_c
            {
                return None;
            }
        }
        Overlay::None => {}
    }
    let act = |action| Some(Effect::Act(action));
    match key.code {
        _ if ctrl_c => quit(ui, snapshot),
        KeyCode::Char(' ') => act(advance(snapshot)),
        KeyCode::Char('n') | KeyCode::Right => act(Action::Next),
        KeyCode::Char('p') | KeyCode::Left => act(Action::Prev),
        KeyCode::Char('+') | KeyCode::Char('=') => act(Action::Extend { seconds: 60 }),
        KeyCode::Char('-') | KeyCode::Char('_') => act(Action::Extend { seconds: -60 }),
        KeyCode::Char('e') => act(Action::End),
        KeyCode::Char('c') => act(Action::ClearMessage),
        KeyCode::Char('g') => {
            ui.overlay = Overlay::Goto(String::new());
            None
        }
        KeyCode::Char('m') => {
            ui.overlay = Overlay::Compose(String::new());
            None
        }
        KeyCode::Char(d @ '1'..='9') if ui.view == ViewKind::Producer => {
            let text = producer_canned(usize::from(d as u8 - b'1'))?;
            act(Action::Message {
                text: text.to_string(),
            })
        }
        KeyCode::Char('b') => {
            ui.bell = !ui.bell;
            None
        }
        KeyCode::Char('v') | KeyCode::Tab => {
            ui.view = match ui.view {
                ViewKind::Moderator => ViewKind::Producer,
                ViewKind::Producer => ViewKind::Moderator,
            };
            None
        }
        KeyCode::Char('?') => {
            ui.overlay = Overlay::Help;
            None
        }
        KeyCode::Char('r') if snapshot.phase == Phase::After => Some(Effect::Rehearse),
        KeyCode::Char('q') => quit(ui, snapshot),
        _ => None,
    }
}

fn quit(ui: &mut UiState, snapshot: &Snapshot) -> Option<Effect> {
    if snapshot.phase == Phase::Live {
        ui.overlay = Overlay::ConfirmQuit;
        None
    } else {
        Some(Effect::Quit)
    }
}
