//! A running show: the agenda, the journal so far and where it is written.
//! The full-screen app, the HTTP server and followers all act through this,
//! so every action takes the same path: validated, appended and fsynced,
//! then applied.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use super::engine::{ShowLog, Snapshot};
use super::journal::{Action, Entry, JournalWriter, check_id, read_journal_file, sync_folder};
use super::lock::JournalLock;

use crate::agenda::{Agenda, Diagnostic, Severity};

/// Where a session keeps its entries: the journal file alone, or the file
/// and a shared stream (`crate::sync`). Both make an entry durable on disk
/// before it counts.
pub trait JournalStore: Send {
    /// Makes `entry` durable after those already stored.
    fn append(&mut self, entry: &Entry) -> std::io::Result<()>;
    /// Replaces the whole history with `entries` (another instance's history
    /// was adopted): all of it or, on an error, none of it.
    fn replace(&mut self, entries: &[Entry]) -> std::io::Result<()>;
    /// Why this store takes no new action, if it takes none (a synced show
    /// whose NATS user may only watch).
    fn refuses(&self) -> Option<String> {
        None
    }
}

/// The journal file alone: the default store.
pub struct FileStore {
    path: PathBuf,
    writer: JournalWriter,
}

impl FileStore {
    /// Opens `path` for appending after its first `keep` bytes (see
    /// [`JournalWriter::open_after`]).
    pub fn open(path: &Path, keep: Option<usize>) -> std::io::Result<Self> {
        Ok(Self {
            path: path.to_path_buf(),
            writer: JournalWriter::open_after(path, keep)?,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl JournalStore for FileStore {
    fn append(&mut self, entry: &Entry) -> std::io::Result<()> {
        self.writer.append(entry)
    }

    /// Written beside the journal, fsynced, then renamed over it: a crash
    /// leaves the old history or the new one, never a mix.
    fn replace(&mut self, entries: &[Entry]) -> std::io::Result<()> {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".new");
        let fresh = self.path.with_file_name(name);
        let _ = std::fs::remove_file(&fresh);
        let mut writer = JournalWriter::open(&fresh)?;
        for entry in entries {
            writer.append(entry)?;
        }
        drop(writer);
        std::fs::rename(&fresh, &self.path)?;
        if let Some(folder) = self.path.parent() {
            sync_folder(folder);
        }
        self.writer = JournalWriter::open(&self.path)?;
        Ok(())
    }
}

pub struct Session {
    /// Shared, so a screen can draw it without holding the session's lock.
    agenda: Arc<Agenda>,
    entries: Vec<Entry>,
    /// Where each id is among `entries`: an action sent again is found, not
    /// recorded twice.
    ids: HashMap<String, usize>,
    log: ShowLog,
    store: Option<Box<dyn JournalStore>>,
    /// Makes an id for each new action, where actions travel (a synced show).
    name_actions: Option<fn() -> String>,
    /// A torn last line cut off when the journal was opened.
    recovered: Option<Diagnostic>,
    /// The right to write the journal, held as long as the session lives.
    lock: Option<JournalLock>,
}

#[derive(Debug)]
pub enum ActError {
    /// The action makes no sense for this agenda (e.g. goto out of range).
    Invalid(String),
    /// The journal could not be written: the action did not happen.
    Journal(std::io::Error),
}

impl std::fmt::Display for ActError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid(message) => f.write_str(message),
            Self::Journal(e) => write!(
                f,
                "cannot write the journal: {e}; it is kept as it was, and the next action tries again"
            ),
        }
    }
}

impl Session {
    /// Opens a show whose journal lives at `journal`: takes the journal's
    /// lock (one writer per journal), replays what is there (after a crash,
    /// exactly the state it had) and appends from then on.
    pub fn open(agenda: Agenda, journal: &Path) -> Result<Self, Vec<Diagnostic>> {
        let lock = JournalLock::acquire(journal).map_err(|message| {
            vec![Diagnostic {
                severity: Severity::Error,
                file: journal.display().to_string(),
                line: 1,
                column: 1,
                message,
            }]
        })?;
        Self::open_locked(agenda, lock)
    }

    /// As [`Session::open`], with the journal's lock already taken.
    pub fn open_locked(agenda: Agenda, mut lock: JournalLock) -> Result<Self, Vec<Diagnostic>> {
        let journal = lock.journal().to_path_buf();
        // Replaced since the lock was taken (repaired, a rehearsal archived):
        // the file written from now on is the one locked.
        lock.hold_journal().map_err(|message| {
            vec![Diagnostic {
                severity: Severity::Error,
                file: journal.display().to_string(),
                line: 1,
                column: 1,
                message,
            }]
        })?;
        let journal = journal.as_path();
        let read = read_journal_file(journal).map_err(|mut problems| {
            // One line per problem; the last says how to mend them all.
            if let Some(last) = problems.last_mut() {
                last.message.push_str(&format!(
                    "; `showclock journal repair {}` keeps every valid entry in order and sets the damaged lines aside",
                    journal.display()
                ));
            }
            problems
        })?;
        let file = journal.display().to_string();
        let error = |line: usize, message: String| Diagnostic {
            severity: Severity::Error,
            file: file.clone(),
            line,
            column: 1,
            message,
        };
        let log = ShowLog::replay(&agenda, &read.entries).map_err(|(index, message)| {
            vec![error(
                read.lines.get(index).copied().unwrap_or(index + 1),
                message,
            )]
        })?;
        // A line torn by a crash is cut off before anything is appended.
        let keep = read.torn.is_some().then_some(read.complete_len);
        let store = FileStore::open(journal, keep).map_err(|e| {
            vec![error(
                1,
                format!("cannot open the journal for writing: {e}"),
            )]
        })?;
        Ok(Self {
            agenda: Arc::new(agenda),
            ids: index_ids(&read.entries),
            entries: read.entries,
            log,
            store: Some(Box::new(store)),
            name_actions: None,
            recovered: read.torn,
            lock: Some(lock),
        })
    }

    /// Keeps the entries in another store from now on (the file store's
    /// journal shared on a stream, say), and names each new action with an
    /// id from `name_actions` if given.
    pub fn set_store(
        &mut self,
        wrap: impl FnOnce(Box<dyn JournalStore>) -> Box<dyn JournalStore>,
        name_actions: Option<fn() -> String>,
    ) {
        if let Some(store) = self.store.take() {
            self.store = Some(wrap(store));
        }
        self.name_actions = name_actions;
    }

    /// What opening the journal had to repair, if anything.
    pub fn recovered(&self) -> Option<&Diagnostic> {
        self.recovered.as_ref()
    }

    /// A show mirrored from elsewhere: nothing is written locally.
    pub fn mirror(agenda: Agenda, entries: Vec<Entry>) -> Result<Self, String> {
        agenda.check_shape()?;
        let log = ShowLog::replay(&agenda, &entries)
            .map_err(|(i, m)| format!("journal entry {}: {m}", i + 1))?;
        Ok(Self {
            agenda: Arc::new(agenda),
            ids: index_ids(&entries),
            entries,
            log,
            store: None,
            name_actions: None,
            recovered: None,
            lock: None,
        })
    }

    pub fn agenda(&self) -> &Agenda {
        &self.agenda
    }

    /// The agenda, to keep after the session's lock is released.
    pub fn shared_agenda(&self) -> Arc<Agenda> {
        Arc::clone(&self.agenda)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn log(&self) -> &ShowLog {
        &self.log
    }

    pub fn snapshot(&self, now: DateTime<Utc>) -> Snapshot {
        self.log.snapshot(&self.agenda, now)
    }

    /// Records an operator action taken at `at`. The instant is cut to the
    /// whole second, so that slot countdowns tick with the clocks on screen,
    /// and never goes before the latest entry.
    pub fn act(&mut self, action: Action, at: DateTime<Utc>) -> Result<Entry, ActError> {
        self.act_once(action, at, None)
            .map(|recorded| recorded.entry)
    }

    /// As [`Session::act`], for an action named by `id` (a client's
    /// `Idempotency-Key`): an id already in the journal returns the entry it
    /// named the first time, and nothing new is recorded.
    pub fn act_once(
        &mut self,
        action: Action,
        at: DateTime<Utc>,
        id: Option<String>,
    ) -> Result<Recorded, ActError> {
        if let Some(why) = self.store.as_ref().and_then(|store| store.refuses()) {
            return Err(ActError::Invalid(why));
        }
        if let Some(id) = &id {
            check_id(id).map_err(ActError::Invalid)?;
            if let Some(entry) = self.entry_named(id) {
                return Ok(Recorded {
                    entry: entry.clone(),
                    repeated: true,
                });
            }
        }
        if action == (Action::Extend { seconds: 0 }) {
            return Err(ActError::Invalid(
                "extend by 0 seconds changes nothing: give e.g. 60 or -60".into(),
            ));
        }
        let mut at = at.duration_trunc(TimeDelta::seconds(1)).unwrap_or(at);
        if let Some(last) = self.entries.last() {
            at = at.max(last.at);
        }
        let id = id.or_else(|| self.name_actions.map(|make| make()));
        let entry = Entry { at, action, id };
        self.record(entry.clone())?;
        Ok(Recorded {
            entry,
            repeated: false,
        })
    }

    /// The entry an id names, if any.
    pub fn entry_named(&self, id: &str) -> Option<&Entry> {
        self.ids.get(id).map(|&index| &self.entries[index])
    }

    /// Takes an entry made elsewhere (by the serving instance) as it is.
    pub fn record(&mut self, entry: Entry) -> Result<(), ActError> {
        if let Some(last) = self.entries.last()
            && entry.at < last.at
        {
            return Err(ActError::Invalid(format!(
                "{} is before the latest journal entry ({})",
                entry.at.to_rfc3339(),
                last.at.to_rfc3339()
            )));
        }
        if let Some(id) = &entry.id
            && self.ids.contains_key(id)
        {
            return Err(ActError::Invalid(format!(
                "an action with id {id:?} is already in the journal"
            )));
        }
        let mut next = self.log.clone();
        next.apply(&self.agenda, &entry)
            .map_err(ActError::Invalid)?;
        if let Some(store) = &mut self.store {
            store.append(&entry).map_err(ActError::Journal)?;
        }
        self.log = next;
        if let Some(id) = &entry.id {
            self.ids.insert(id.clone(), self.entries.len());
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Replaces the history (and perhaps the agenda) with another that
    /// replays: what a synced instance does when it adopts the shared
    /// stream's history. Written to the store first; nothing changes on an
    /// error.
    pub fn adopt(&mut self, agenda: Option<Agenda>, entries: Vec<Entry>) -> Result<(), ActError> {
        let agenda = match agenda {
            Some(agenda) => {
                agenda.check_shape().map_err(ActError::Invalid)?;
                Arc::new(agenda)
            }
            None => Arc::clone(&self.agenda),
        };
        let log = ShowLog::replay(&agenda, &entries).map_err(|(index, why)| {
            ActError::Invalid(format!("entry {} does not replay: {why}", index + 1))
        })?;
        if let Some(store) = &mut self.store {
            store.replace(&entries).map_err(ActError::Journal)?;
        }
        // The journal is a new file now: it is the one to hold locked
        // against a second writer through another of its names. Should that
        // fail, the lock file beside it still keeps out one by this name.
        if let Some(lock) = &mut self.lock {
            let _ = lock.hold_journal();
        }
        self.agenda = agenda;
        self.ids = index_ids(&entries);
        self.entries = entries;
        self.log = log;
        Ok(())
    }
}

/// An action as recorded: new, or the one its id named before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub entry: Entry,
    /// Its id was in the journal already: nothing new was recorded.
    pub repeated: bool,
}

fn index_ids(entries: &[Entry]) -> HashMap<String, usize> {
    entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| entry.id.clone().map(|id| (id, index)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agenda() -> Agenda {
        let text = "[event]\ntitle = \"T\"\ndate = 2030-01-01\ntimezone = \"UTC\"\n\
                    [[clock]]\nlabel = \"UTC\"\ntimezone = \"UTC\"\n\
                    [[segment]]\ntitle = \"A\"\nstart = \"09:00\"\nend = \"09:10\"\n\
                    [[segment]]\ntitle = \"B\"\nstart = \"09:10\"\nend = \"09:20\"\n";
        crate::agenda::parse("t.toml", text).unwrap().agenda
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("showclock-session-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("show.jsonl")
    }

    #[test]
    fn an_action_sent_twice_under_one_id_is_recorded_once_even_after_a_restart() {
        let journal = scratch("once");
        let at: DateTime<Utc> = "2030-01-01T09:00:00Z".parse().unwrap();
        let mut session = Session::open(agenda(), &journal).unwrap();
        let first = session
            .act_once(Action::Start, at, Some("key-1".into()))
            .unwrap();
        assert!(!first.repeated);
        let again = session
            .act_once(
                Action::Next,
                at + TimeDelta::seconds(5),
                Some("key-1".into()),
            )
            .unwrap();
        assert!(again.repeated);
        assert_eq!(
            again.entry, first.entry,
            "the first answer, not a new action"
        );
        assert_eq!(session.entries().len(), 1);
        drop(session);
        let mut reopened = Session::open(agenda(), &journal).unwrap();
        let after = reopened
            .act_once(Action::Start, at, Some("key-1".into()))
            .unwrap();
        assert!(after.repeated);
        assert_eq!(reopened.entries().len(), 1);
        assert!(matches!(
            reopened.act_once(Action::Next, at, Some("bad key".into())),
            Err(ActError::Invalid(_))
        ));
    }

    #[test]
    fn adopting_a_history_rewrites_the_journal_whole() {
        let journal = scratch("adopt");
        let at: DateTime<Utc> = "2030-01-01T09:00:00Z".parse().unwrap();
        let mut session = Session::open(agenda(), &journal).unwrap();
        session.act(Action::Start, at).unwrap();
        session
            .act(Action::Next, at + TimeDelta::seconds(60))
            .unwrap();
        let other = vec![Entry {
            id: Some("elsewhere".into()),
            ..Entry::new(at + TimeDelta::seconds(3), Action::Goto { index: 1 })
        }];
        session.adopt(None, other.clone()).unwrap();
        assert_eq!(session.entries(), other.as_slice());
        assert_eq!(crate::show::read_journal(&journal).unwrap(), other);
        // Appending goes on after the adopted history.
        session
            .act(Action::Prev, at + TimeDelta::seconds(70))
            .unwrap();
        assert_eq!(crate::show::read_journal(&journal).unwrap().len(), 2);
        // A history that does not replay changes nothing.
        let bad = vec![Entry::new(at, Action::Goto { index: 9 })];
        assert!(session.adopt(None, bad).is_err());
        assert_eq!(session.entries().len(), 2);
    }
}
