//! What a synced instance knows beyond its session: how much of its history
//! the shared stream already holds, and what to do when the stream brings
//! an entry. Pure: no network, no clock; the link (`link.rs`) feeds it.
//!
//! The session's entries are always the stream's (a prefix, `confirmed`)
//! followed by this instance's own actions still waiting to be appended.
//! The stream is the one history: an entry it brings from elsewhere goes
//! after what it already holds, and waiting actions are validated again on
//! top of it. An action made online whose premise changed (a `next` when
//! someone else already cued) is refused; actions made while the link was
//! down are set aside whole if anyone else appended meanwhile, as the
//! operator cannot have seen what they would now mean.

use std::collections::HashSet;

use crate::agenda::Agenda;
use crate::show::{Action, Entry, Phase, ShowLog};

/// An action this instance took that the stream will not hold, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SetAside {
    #[serde(flatten)]
    pub entry: Entry,
    pub why: String,
}

/// What the session must do with what the stream brought.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The session already has it (this instance's own action, confirmed).
    Nothing,
    /// Append this entry after the session's (nothing was waiting).
    Append(Entry),
    /// The stream holds an entry that cannot happen after its own history
    /// (written by no showclock, or by one with another agenda): every
    /// instance leaves it out alike.
    LeftOut(String),
    /// Adopt this history (and agenda, if replaced); `set_aside` lists the
    /// waiting actions it leaves out.
    Replace {
        agenda: Option<Agenda>,
        entries: Vec<Entry>,
        set_aside: Vec<SetAside>,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// How many of the session's entries (a prefix) the stream holds.
    confirmed: usize,
    /// The stream's last sequence this instance has seen: the expectation
    /// every append is made with.
    last_sequence: u64,
    /// Waiting actions taken while the link was down.
    offline: HashSet<String>,
}

impl Ledger {
    /// A ledger for a session whose first `confirmed` entries are the
    /// stream's, up to its sequence `last_sequence`.
    pub fn new(confirmed: usize, last_sequence: u64) -> Self {
        Self {
            confirmed,
            last_sequence,
            offline: HashSet::new(),
        }
    }

    pub fn last_sequence(&self) -> u64 {
        self.last_sequence
    }

    /// The session's actions the stream does not hold yet, oldest first.
    pub fn waiting<'a>(&self, entries: &'a [Entry]) -> &'a [Entry] {
        &entries[self.confirmed.min(entries.len())..]
    }

    /// A message that is no action (an agenda, a clock) came at `sequence`.
    pub fn note_sequence(&mut self, sequence: u64) {
        self.last_sequence = sequence;
    }

    /// Notes that the action `id` was taken while the link was down.
    pub fn taken_offline(&mut self, id: &str) {
        self.offline.insert(id.to_string());
    }

    /// The stream brought an action at `sequence`; `entries` are the
    /// session's now.
    pub fn arrive(
        &mut self,
        agenda: &Agenda,
        entries: &[Entry],
        sequence: u64,
        incoming: Entry,
    ) -> Step {
        self.last_sequence = sequence;
        let confirmed = self.confirmed.min(entries.len());
        if let Err(why) = admit(agenda, &entries[..confirmed], &incoming) {
            return Step::LeftOut(why);
        }
        let waiting = self.waiting(entries);
        let first_waiting = waiting.first();
        if first_waiting.is_some_and(|first| first.id.is_some() && first.id == incoming.id) {
            self.confirmed += 1;
            let first = first_waiting.cloned().unwrap_or_else(|| incoming.clone());
            if let Some(id) = &first.id {
                self.offline.remove(id);
            }
            if first == incoming {
                return Step::Nothing;
            }
            // The stream holds another version (made before a lost ack and
            // since rebased here): the stream's is the truth.
            let mut history = entries[..self.confirmed - 1].to_vec();
            history.push(incoming);
            return self.rebase(
                agenda,
                None,
                history,
                &entries[self.confirmed..],
                &entries[..self.confirmed],
            );
        }
        if waiting.is_empty() {
            self.confirmed += 1;
            return Step::Append(incoming);
        }
        let mut history = entries[..self.confirmed].to_vec();
        history.push(incoming);
        self.confirmed += 1;
        self.rebase(
            agenda,
            None,
            history,
            waiting,
            &entries[..self.confirmed - 1],
        )
    }

    /// The stream brought a replacement agenda at `sequence`: the waiting
    /// actions are validated again under it.
    pub fn arrive_agenda(&mut self, agenda: Agenda, entries: &[Entry], sequence: u64) -> Step {
        self.last_sequence = sequence;
        let history = entries[..self.confirmed.min(entries.len())].to_vec();
        let waiting = self.waiting(entries).to_vec();
        let before = history.clone();
        self.rebase(&agenda.clone(), Some(agenda), history, &waiting, &before)
    }

    /// At start: `stream` is all the stream holds, up to `last_sequence`;
    /// `entries` what the local journal kept (every entry named). The local
    /// actions past the stream's are waiting if the stream holds nothing
    /// else; if it does, the show went on elsewhere and they are set aside.
    pub fn resync(
        &mut self,
        agenda: &Agenda,
        entries: &[Entry],
        stream: Vec<Entry>,
        last_sequence: u64,
    ) -> Step {
        self.last_sequence = last_sequence;
        self.confirmed = stream.len();
        let common = entries
            .iter()
            .zip(&stream)
            .take_while(|(a, b)| a.id == b.id && a.id.is_some())
            .count();
        if common == stream.len() && entries[..common] == stream[..] {
            // The stream is where this instance left it: the rest waits,
            // and counts as taken offline.
            for entry in &entries[common..] {
                if let Some(id) = &entry.id {
                    self.offline.insert(id.clone());
                }
            }
            return Step::Nothing;
        }
        let in_stream: HashSet<&str> = stream.iter().filter_map(|e| e.id.as_deref()).collect();
        let ours: Vec<Entry> = entries[common..]
            .iter()
            .filter(|e| e.id.as_deref().is_none_or(|id| !in_stream.contains(id)))
            .cloned()
            .collect();
        let before = entries[..common].to_vec();
        self.rebase_with(agenda, None, stream, &ours, &before, true)
    }

    /// The first waiting action could not be appended however often it was
    /// tried: it is set aside, the rest validated again without it.
    pub fn give_up_first(&mut self, agenda: &Agenda, entries: &[Entry], why: &str) -> Step {
        let confirmed = self.confirmed.min(entries.len());
        let history = entries[..confirmed].to_vec();
        let waiting = &entries[confirmed..];
        let Some(first) = waiting.first() else {
            return Step::Nothing;
        };
        let mut step = self.rebase_with(
            agenda,
            None,
            history,
            &waiting[1..],
            &entries[..=confirmed],
            false,
        );
        if let Step::Replace { set_aside, .. } = &mut step {
            set_aside.insert(
                0,
                SetAside {
                    entry: first.clone(),
                    why: why.to_string(),
                },
            );
        }
        step
    }

    fn rebase(
        &mut self,
        agenda: &Agenda,
        replaced_agenda: Option<Agenda>,
        history: Vec<Entry>,
        waiting: &[Entry],
        before: &[Entry],
    ) -> Step {
        let offline = waiting
            .iter()
            .any(|e| e.id.as_ref().is_some_and(|id| self.offline.contains(id)));
        self.rebase_with(agenda, replaced_agenda, history, waiting, before, offline)
    }

    /// `history` (the stream's) with the waiting actions validated again on
    /// top of it; `before` is what the session held under them when they
    /// were taken. With `set_all_aside`, none is kept.
    fn rebase_with(
        &mut self,
        agenda: &Agenda,
        replaced_agenda: Option<Agenda>,
        history: Vec<Entry>,
        waiting: &[Entry],
        before: &[Entry],
        set_all_aside: bool,
    ) -> Step {
        let now_on = |log: &ShowLog, at| describe(agenda, log, at);
        let mut log = match ShowLog::replay(agenda, &history) {
            Ok(log) => log,
            Err((index, why)) => {
                // The stream's own history does not replay here: this
                // instance's agenda is not the stream's. Keep the stream's
                // entries out and say so; the caller reloads the agenda.
                return Step::Replace {
                    agenda: replaced_agenda,
                    entries: history[..index].to_vec(),
                    set_aside: waiting
                        .iter()
                        .map(|entry| SetAside {
                            entry: entry.clone(),
                            why: format!("the shared history does not replay here: {why}"),
                        })
                        .collect(),
                };
            }
        };
        let mut entries = history;
        let mut set_aside = Vec::new();
        // What the operator saw when taking each waiting action: the
        // session's state under it, advanced one action at a time.
        let mut premise = ShowLog::replay(agenda, before).ok();
        let in_history: HashSet<String> = entries.iter().filter_map(|e| e.id.clone()).collect();
        for entry in waiting {
            let seen = premise.clone();
            if let Some(log) = &mut premise {
                let _ = log.apply(agenda, entry);
            }
            if entry.id.as_ref().is_some_and(|id| in_history.contains(id)) {
                continue;
            }
            let mut moved = entry.clone();
            if let Some(last) = entries.last() {
                moved.at = moved.at.max(last.at);
            }
            let relative = matches!(entry.action, Action::Start | Action::Next | Action::Prev);
            let kept = if set_all_aside {
                Err(format!(
                    "the show went on elsewhere while this instance was offline: {}",
                    now_on(&log, entry.at)
                ))
            } else if relative
                && let Some(seen) = &seen
                && position(agenda, seen, entry.at) != position(agenda, &log, moved.at)
            {
                Err(format!(
                    "the show was cued from elsewhere: {}",
                    now_on(&log, moved.at)
                ))
            } else {
                log.apply(agenda, &moved)
                    .map_err(|why| format!("refused after another instance's action: {why}"))
            };
            match kept {
                Ok(()) => entries.push(moved),
                Err(why) => set_aside.push(SetAside {
                    entry: entry.clone(),
                    why,
                }),
            }
        }
        for aside in &set_aside {
            if let Some(id) = &aside.entry.id {
                self.offline.remove(id);
            }
        }
        Step::Replace {
            agenda: replaced_agenda,
            entries,
            set_aside,
        }
    }
}

/// Whether `incoming` may follow `history` in the stream: its time not
/// before the last entry's, its id new, its action possible. Every instance
/// judges alike, so every instance leaves the same entries out.
pub fn admit(agenda: &Agenda, history: &[Entry], incoming: &Entry) -> Result<(), String> {
    if let Some(last) = history.last()
        && incoming.at < last.at
    {
        return Err(format!(
            "an action at {} comes after one at {}",
            incoming.at.to_rfc3339(),
            last.at.to_rfc3339()
        ));
    }
    if incoming.id.is_some() && history.iter().any(|entry| entry.id == incoming.id) {
        return Err("an action sent twice (its id is in the stream already)".into());
    }
    let mut log = ShowLog::replay(agenda, history).map_err(|(_, why)| why)?;
    log.apply(agenda, incoming)
}

/// The stream's actions, in order, less those [`admit`] leaves out.
pub fn admitted(agenda: &Agenda, actions: impl IntoIterator<Item = Entry>) -> Vec<Entry> {
    let mut history: Vec<Entry> = Vec::new();
    let mut log = ShowLog::default();
    let mut ids = HashSet::new();
    for entry in actions {
        let in_order = history.last().is_none_or(|last| entry.at >= last.at);
        let new_id = entry.id.as_ref().is_none_or(|id| !ids.contains(id));
        if in_order && new_id && log.apply(agenda, &entry).is_ok() {
            if let Some(id) = &entry.id {
                ids.insert(id.clone());
            }
            history.push(entry);
        }
    }
    history
}

/// Where the show stands: its phase and live segment.
fn position(
    agenda: &Agenda,
    log: &ShowLog,
    at: chrono::DateTime<chrono::Utc>,
) -> (Phase, Option<usize>) {
    let snapshot = log.snapshot(agenda, at);
    (
        snapshot.phase,
        snapshot.current.map(|current| current.index),
    )
}

/// "now on 4/6", "not started", "the show has ended".
pub fn describe(agenda: &Agenda, log: &ShowLog, at: chrono::DateTime<chrono::Utc>) -> String {
    match position(agenda, log, at) {
        (Phase::Before, _) => "the show has not started".into(),
        (Phase::After, _) => "the show has ended".into(),
        (Phase::Live, Some(index)) => format!("now on {}/{}", index + 1, agenda.segments.len()),
        (Phase::Live, None) => "now between segments".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    const AGENDA: &str = r#"
[event]
title = "Dialogue"
date = 2022-06-01
timezone = "Asia/Shanghai"

[[segment]]
title = "Welcome"
start = "09:00"
end = "09:10"

[[segment]]
title = "Panel"
start = "09:10"
end = "09:40"

[[segment]]
title = "Q&A"
start = "09:40"
end = "09:55"
"#;

    fn agenda() -> Agenda {
        crate::agenda::parse("ledger.toml", AGENDA).unwrap().agenda
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    /// An action at a Beijing time of 1 June, named `id`.
    fn entry(time: &str, action: Action, id: &str) -> Entry {
        Entry {
            id: Some(id.into()),
            ..Entry::new(at(&format!("2022-06-01T{time}+08:00")), action)
        }
    }

    #[test]
    fn its_own_action_coming_back_changes_nothing() {
        let agenda = agenda();
        let start = entry("09:00:00", Action::Start, "a1");
        let mut ledger = Ledger::new(0, 0);
        let entries = vec![start.clone()];
        assert_eq!(ledger.waiting(&entries).len(), 1);
        assert_eq!(ledger.arrive(&agenda, &entries, 7, start), Step::Nothing);
        assert!(ledger.waiting(&entries).is_empty());
        assert_eq!(ledger.last_sequence(), 7);
    }

    #[test]
    fn another_instances_action_is_appended_when_nothing_waits() {
        let agenda = agenda();
        let start = entry("09:00:00", Action::Start, "b1");
        let mut ledger = Ledger::new(0, 0);
        assert_eq!(
            ledger.arrive(&agenda, &[], 1, start.clone()),
            Step::Append(start)
        );
    }

    #[test]
    fn a_cue_whose_premise_changed_is_set_aside_with_where_the_show_is() {
        let agenda = agenda();
        let start = entry("09:00:00", Action::Start, "a1");
        // Both pressed next on segment 1 at nearly the same moment; the
        // other instance's came first in the stream.
        let ours = entry("09:10:01", Action::Next, "a2");
        let theirs = entry("09:10:00", Action::Next, "b1");
        let mut ledger = Ledger::new(1, 1);
        let entries = vec![start.clone(), ours.clone()];
        let Step::Replace {
            agenda: None,
            entries: history,
            set_aside,
        } = ledger.arrive(&agenda, &entries, 2, theirs.clone())
        else {
            panic!("the history is replaced");
        };
        assert_eq!(history, vec![start, theirs]);
        assert_eq!(set_aside.len(), 1);
        assert_eq!(set_aside[0].entry, ours);
        assert!(
            set_aside[0]
                .why
                .starts_with("the show was cued from elsewhere: now on 2/3"),
            "{}",
            set_aside[0].why
        );
    }

    #[test]
    fn a_waiting_message_is_kept_after_another_instances_cue() {
        let agenda = agenda();
        let start = entry("09:00:00", Action::Start, "a1");
        let message = entry(
            "09:10:01",
            Action::Message {
                text: "Wrap up".into(),
                audience: Default::default(),
            },
            "a2",
        );
        let theirs = entry("09:10:00", Action::Next, "b1");
        let mut ledger = Ledger::new(1, 1);
        let entries = vec![start.clone(), message.clone()];
        let Step::Replace {
            entries: history,
            set_aside,
            ..
        } = ledger.arrive(&agenda, &entries, 2, theirs.clone())
        else {
            panic!("the history is replaced");
        };
        assert!(set_aside.is_empty(), "{set_aside:?}");
        assert_eq!(history, vec![start, theirs, message]);
        // The message still waits: it is not in the stream yet.
        assert_eq!(ledger.waiting(&history).len(), 1);
    }

    #[test]
    fn actions_taken_offline_are_set_aside_whole_when_the_show_went_on() {
        let agenda = agenda();
        let start = entry("09:00:00", Action::Start, "a1");
        let offline = [
            entry("09:05:00", Action::Extend { seconds: 60 }, "a2"),
            entry("09:11:00", Action::Next, "a3"),
        ];
        let mut local = vec![start.clone()];
        local.extend(offline.iter().cloned());
        let mut ledger = Ledger::new(1, 1);
        // The stream went on without this instance.
        let stream = vec![start.clone(), entry("09:10:00", Action::Next, "b1")];
        let Step::Replace { set_aside, .. } = ledger.resync(&agenda, &local, stream, 2) else {
            panic!("the stream's history is adopted");
        };
        assert_eq!(set_aside.len(), 2);
        assert!(
            set_aside
                .iter()
                .all(|aside| aside.why.starts_with("the show went on elsewhere")),
            "{set_aside:?}"
        );
    }

    #[test]
    fn a_stream_where_this_instance_left_it_keeps_the_rest_waiting() {
        let agenda = agenda();
        let start = entry("09:00:00", Action::Start, "a1");
        let next = entry("09:10:00", Action::Next, "a2");
        let mut ledger = Ledger::new(0, 0);
        let local = vec![start.clone(), next.clone()];
        assert_eq!(
            ledger.resync(&agenda, &local, vec![start], 1),
            Step::Nothing
        );
        assert_eq!(ledger.waiting(&local), &[next]);
    }

    #[test]
    fn an_action_that_cannot_follow_the_stream_is_left_out_by_everyone() {
        let agenda = agenda();
        let start = entry("09:00:00", Action::Start, "a1");
        let mut ledger = Ledger::new(1, 1);
        let entries = vec![start.clone()];
        let too_early = entry("08:59:00", Action::Next, "x1");
        assert!(matches!(
            ledger.arrive(&agenda, &entries, 2, too_early),
            Step::LeftOut(why) if why.contains("comes after one at")
        ));
        let nowhere = entry("09:01:00", Action::Goto { index: 9 }, "x2");
        assert!(matches!(
            ledger.arrive(&agenda, &entries, 3, nowhere),
            Step::LeftOut(_)
        ));
        assert_eq!(ledger.last_sequence(), 3);
    }
}
