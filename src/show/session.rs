//! A running show: the agenda, the journal so far and where it is written.
//! The full-screen app, the HTTP server and followers all act through this,
//! so every action takes the same path: validated, appended and fsynced,
//! then applied.

use std::path::Path;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use super::engine::{ShowLog, Snapshot};
use super::journal::{Action, Entry, JournalWriter, read_journal_file};
use super::lock::JournalLock;
use std::sync::Arc;

use crate::agenda::{Agenda, Diagnostic, Severity};

pub struct Session {
    /// Shared, so a screen can draw it without holding the session's lock.
    agenda: Arc<Agenda>,
    entries: Vec<Entry>,
    log: ShowLog,
    writer: Option<JournalWriter>,
    /// A torn last line cut off when the journal was opened.
    recovered: Option<Diagnostic>,
    /// The right to write the journal, held as long as the session lives.
    _lock: Option<JournalLock>,
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
        let writer = JournalWriter::open_after(journal, keep).map_err(|e| {
            vec![error(
                1,
                format!("cannot open the journal for writing: {e}"),
            )]
        })?;
        Ok(Self {
            agenda: Arc::new(agenda),
            entries: read.entries,
            log,
            writer: Some(writer),
            recovered: read.torn,
            _lock: Some(lock),
        })
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
            entries,
            log,
            writer: None,
            recovered: None,
            _lock: None,
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
        if action == (Action::Extend { seconds: 0 }) {
            return Err(ActError::Invalid(
                "extend by 0 seconds changes nothing: give e.g. 60 or -60".into(),
            ));
        }
        let mut at = at.duration_trunc(TimeDelta::seconds(1)).unwrap_or(at);
        if let Some(last) = self.entries.last() {
            at = at.max(last.at);
        }
        let entry = Entry { at, action };
        self.record(entry.clone())?;
        Ok(entry)
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
        let mut next = self.log.clone();
        next.apply(&self.agenda, &entry)
            .map_err(ActError::Invalid)?;
        if let Some(writer) = &mut self.writer {
            writer.append(&entry).map_err(ActError::Journal)?;
        }
        self.log = next;
        self.entries.push(entry);
        Ok(())
    }
}
