//! Keys to effects. Pure: the loop carries the effects out.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::show::{Action, Audience, Phase, Snapshot};
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
    /// Nothing to do, and the user should hear why.
    Refused(String),
    /// Show the links to the browser screens.
    ShowLinks,
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

/// Who a typed message can be for, in the order Tab goes through them:
/// the moderator (where the box starts), every speaker, everyone, then
/// each person on the agenda by name.
fn audiences(people: &[String]) -> Vec<Audience> {
    let mut all = vec![Audience::Moderator, Audience::Speakers, Audience::Everyone];
    all.extend(people.iter().cloned().map(Audience::Speaker));
    all
}

/// `people`: everyone on the agenda, each once (a message can be for one
/// of them).
pub fn handle_key(
    ui: &mut UiState,
    key: KeyEvent,
    snapshot: &Snapshot,
    segments: usize,
    people: &[String],
) -> Option<Effect> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    match std::mem::take(&mut ui.overlay) {
        Overlay::ConfirmQuit => {
            return (key.code == KeyCode::Char('y') || ctrl_c).then_some(Effect::Quit);
        }
        Overlay::ConfirmEnd => {
            return (key.code == KeyCode::Char('y')).then_some(Effect::Act(Action::End));
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
                        _ if typed.is_empty() => None,
                        _ => Some(Effect::Refused(crate::t!(
                            crate::i18n::terminal(),
                            "notice-no-such-segment",
                            typed = typed.as_str(),
                            count = segments
                        ))),
                    };
                }
                KeyCode::Esc => return None,
                _ if ctrl_c => return None,
                _ => {}
            }
            ui.overlay = Overlay::Goto(typed);
            return None;
        }
        Overlay::Compose {
            text: mut typed,
            mut audience,
        } => {
            match key.code {
                KeyCode::Enter => {
                    let text = typed.trim().to_string();
                    return (!text.is_empty())
                        .then_some(Effect::Act(Action::Message { text, audience }));
                }
                KeyCode::Tab | KeyCode::BackTab => {
                    let all = audiences(people);
                    let at = all.iter().position(|a| *a == audience).unwrap_or(0);
                    let step = if key.code == KeyCode::Tab {
                        1
                    } else {
                        all.len() - 1
                    };
                    audience = all[(at + step) % all.len()].clone();
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
            ui.overlay = Overlay::Compose {
                text: typed,
                audience,
            };
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
        Overlay::Links(_) => return None,
        Overlay::Help(from) => match key.code {
            _ if ctrl_c => {}
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') => return None,
            KeyCode::Down | KeyCode::PageDown | KeyCode::Char('j') => {
                ui.overlay = Overlay::Help((from + 1).min(crate::ui::KEYS.len() - 1));
                return None;
            }
            KeyCode::Up | KeyCode::PageUp | KeyCode::Char('k') => {
                ui.overlay = Overlay::Help(from.saturating_sub(1));
                return None;
            }
            _ => {}
        },
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
        KeyCode::Char('e') if snapshot.phase == Phase::After => None,
        KeyCode::Char('e') => {
            ui.overlay = Overlay::ConfirmEnd;
            None
        }
        KeyCode::Char('c') => act(Action::ClearMessage),
        KeyCode::Char('l') => Some(Effect::ShowLinks),
        KeyCode::Char('g') => {
            ui.overlay = Overlay::Goto(String::new());
            None
        }
        KeyCode::Char('m') => {
            ui.overlay = Overlay::Compose {
                text: String::new(),
                audience: Audience::Moderator,
            };
            None
        }
        KeyCode::Char(d @ '1'..='9') if ui.view == ViewKind::Producer => {
            // "Wrap up", "Your mic is muted": for whoever is on stage, so
            // for everyone (the line of canned messages says so).
            let text = crate::i18n::canned(usize::from(d as u8 - b'1'))?;
            act(Action::Message {
                text,
                audience: Audience::Everyone,
            })
        }
        KeyCode::Char('f') if ui.view == ViewKind::Producer => act(Action::Flash),
        KeyCode::Char('d') if ui.view == ViewKind::Producer => act(if snapshot.signals.blackout {
            Action::Unblackout
        } else {
            Action::Blackout
        }),
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
            ui.overlay = Overlay::Help(0);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::show::ShowLog;

    fn agenda() -> crate::agenda::Agenda {
        let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/agenda.toml"));
        crate::agenda::load(path).unwrap().agenda
    }

    fn snapshot_at(log: &ShowLog, at: &str) -> Snapshot {
        log.snapshot(&agenda(), at.parse().unwrap())
    }

    fn press(ui: &mut UiState, snapshot: &Snapshot, keys: &str) -> Vec<Effect> {
        keys.chars()
            .filter_map(|c| {
                let code = match c {
                    '\n' => KeyCode::Enter,
                    '\t' => KeyCode::Tab,
                    c => KeyCode::Char(c),
                };
                handle_key(ui, KeyEvent::from(code), snapshot, 6, &people())
            })
            .collect()
    }

    fn people() -> Vec<String> {
        agenda()
            .people_names()
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn ui(view: ViewKind) -> UiState {
        UiState {
            overlay: Overlay::None,
            view,
            bell: true,
        }
    }

    #[test]
    fn the_producer_flashes_and_darkens_the_speakers_screens() {
        let mut producer = ui(ViewKind::Producer);
        let mut log = ShowLog::default();
        let now = snapshot_at(&log, "2022-06-01T01:05:00Z");
        assert_eq!(
            press(&mut producer, &now, "fd"),
            vec![Effect::Act(Action::Flash), Effect::Act(Action::Blackout)]
        );
        let dark =
            crate::show::Entry::new("2022-06-01T01:05:00Z".parse().unwrap(), Action::Blackout);
        log.apply(&agenda(), &dark).unwrap();
        let now = snapshot_at(&log, "2022-06-01T01:06:00Z");
        assert_eq!(
            press(&mut producer, &now, "d"),
            vec![Effect::Act(Action::Unblackout)]
        );
        // Not from the moderator's view: a stray key must not darken the stage.
        assert!(press(&mut ui(ViewKind::Moderator), &now, "fd").is_empty());
    }

    #[test]
    fn space_starts_the_show_then_cues_the_next_segment() {
        let mut state = ui(ViewKind::Moderator);
        let before = snapshot_at(&ShowLog::default(), "2022-06-01T00:59:00Z");
        assert_eq!(
            press(&mut state, &before, " "),
            vec![Effect::Act(Action::Start)]
        );
        // On schedule but never started: Space starts the scheduled segment, not the one after.
        let on_schedule = snapshot_at(&ShowLog::default(), "2022-06-01T01:01:00Z");
        assert_eq!(
            press(&mut state, &on_schedule, " "),
            vec![Effect::Act(Action::Start)]
        );
        let agenda = agenda();
        let mut log = ShowLog::default();
        let start = crate::show::Entry::new("2022-06-01T01:00:00Z".parse().unwrap(), Action::Start);
        log.apply(&agenda, &start).unwrap();
        let live = snapshot_at(&log, "2022-06-01T01:05:00Z");
        assert_eq!(
            press(&mut state, &live, " "),
            vec![Effect::Act(Action::Next)]
        );
    }

    #[test]
    fn e_asks_before_it_ends_the_show() {
        for view in [ViewKind::Moderator, ViewKind::Producer] {
            let mut state = ui(view);
            let live = snapshot_at(&ShowLog::default(), "2022-06-01T01:05:00Z");
            assert!(
                press(&mut state, &live, "e").is_empty(),
                "one key ends nothing"
            );
            assert_eq!(state.overlay, Overlay::ConfirmEnd);
            assert!(
                press(&mut state, &live, "n").is_empty(),
                "any other key goes back"
            );
            assert_eq!(state.overlay, Overlay::None);
            assert_eq!(
                press(&mut state, &live, "ey"),
                vec![Effect::Act(Action::End)]
            );
            assert!(press(&mut state, &live, "ee").is_empty());
        }
    }

    #[test]
    fn goto_takes_the_number_shown_on_screen_and_refuses_one_out_of_range() {
        let mut state = ui(ViewKind::Moderator);
        let now = snapshot_at(&ShowLog::default(), "2022-06-01T01:05:00Z");
        assert_eq!(
            press(&mut state, &now, "g4\n"),
            vec![Effect::Act(Action::Goto { index: 3 })]
        );
        let refused = press(&mut state, &now, "g9\n");
        assert!(
            matches!(&refused[..], [Effect::Refused(m)] if m.contains("1 to 6")),
            "{refused:?}"
        );
        assert_eq!(state.overlay, Overlay::None);
    }

    #[test]
    fn quitting_a_live_show_asks_and_messages_are_typed_or_canned() {
        let mut state = ui(ViewKind::Producer);
        let live = snapshot_at(&ShowLog::default(), "2022-06-01T01:05:00Z");
        assert!(press(&mut state, &live, "q").is_empty());
        assert_eq!(state.overlay, Overlay::ConfirmQuit);
        assert_eq!(press(&mut state, &live, "y"), vec![Effect::Quit]);
        assert_eq!(
            press(&mut state, &live, "1"),
            vec![Effect::Act(Action::Message {
                text: "Wrap up".into(),
                audience: Audience::Everyone
            })]
        );
        assert_eq!(
            press(&mut state, &live, "mSlow down\n"),
            vec![Effect::Act(Action::Message {
                text: "Slow down".into(),
                audience: Default::default()
            })]
        );
        // In the moderator view digits do nothing: no message by accident.
        let mut moderator = ui(ViewKind::Moderator);
        assert!(press(&mut moderator, &live, "1").is_empty());
        assert_eq!(press(&mut moderator, &live, "b"), vec![]);
        assert!(!moderator.bell);
    }

    #[test]
    fn tab_says_who_a_typed_message_is_for() {
        let mut state = ui(ViewKind::Moderator);
        let live = snapshot_at(&ShowLog::default(), "2022-06-01T01:05:00Z");
        let sent = |audience: Audience| {
            vec![Effect::Act(Action::Message {
                text: "Skip Zhe".into(),
                audience,
            })]
        };
        assert_eq!(
            press(&mut state, &live, "mSkip Zhe\n"),
            sent(Audience::Moderator)
        );
        assert_eq!(
            press(&mut state, &live, "mSkip\t Zhe\n"),
            sent(Audience::Speakers)
        );
        assert_eq!(
            press(&mut state, &live, "m\t\tSkip Zhe\n"),
            sent(Audience::Everyone)
        );
        // Then each person on the agenda, by name, and round again.
        assert_eq!(
            press(&mut state, &live, "m\t\t\tSkip Zhe\n"),
            sent(Audience::Speaker("Cristiano Façanha".into()))
        );
        let round = "\t".repeat(3 + people().len());
        assert_eq!(
            press(&mut state, &live, &format!("m{round}Skip Zhe\n")),
            sent(Audience::Moderator)
        );
    }
}
