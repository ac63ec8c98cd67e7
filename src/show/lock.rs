//! One writer per journal. As PostgreSQL keeps `postmaster.pid` in its data
//! folder, a journal has a lock file beside it (`show.jsonl.lock`), locked
//! exclusively with the OS (`flock`) for as long as an instance may write the
//! journal, and holding that instance's process id to name it. The OS
//! releases the lock when the process ends, however it ends (kill -9
//! included): a lock file left behind is never stale. A separate file, not
//! the journal itself, so that `journal repair` can replace the journal
//! while the lock is held. Readers (`status`, `report`) never take it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The exclusive right to write one journal, released when dropped (or when
/// the process ends).
#[derive(Debug)]
pub struct JournalLock {
    _file: File,
    journal: PathBuf,
}

/// Where the lock of `journal` lives: beside it, its name with `.lock`.
/// Symbolic links are followed first, so two paths to one journal share
/// one lock.
pub fn lock_file(journal: &Path) -> PathBuf {
    let real = std::fs::canonicalize(journal).unwrap_or_else(|_| {
        let parent = match journal.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let name = journal.file_name().unwrap_or_default();
        std::fs::canonicalize(parent).map_or_else(|_| journal.to_path_buf(), |p| p.join(name))
    });
    let mut name = real.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    real.with_file_name(name)
}

impl JournalLock {
    /// Takes the lock, or says who holds it and what to do instead (the
    /// caller names the journal in front).
    pub fn acquire(journal: &Path) -> Result<Self, String> {
        let path = lock_file(journal);
        let shown = journal.display();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| {
                format!(
                    "cannot open its lock file {}: {e}; showclock needs to write in the journal's folder",
                    path.display()
                )
            })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder_words(&holder);
                return Err(format!(
                    "the journal is in use by {holder}: only one instance may write a journal. \
                     To see or run that show from another screen, use `showclock follow URL` \
                     (start the other instance with --share to get a URL); \
                     to look at it without a screen, `showclock status --journal {shown}`"
                ));
            }
            Err(TryLockError::Error(e)) => {
                return Err(format!(
                    "cannot lock the journal (through {}): {e}",
                    path.display()
                ));
            }
        }
        // Who holds it, for the error another instance shows.
        let command: Vec<String> = std::env::args().collect();
        let note = format!(
            "pid {}\ncommand {}\n",
            std::process::id(),
            crate::text::inert(&command.join(" "))
        );
        let noted = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(note.as_bytes()));
        // The lock holds even where the note cannot be written (a full
        // disk): the note only names the holder.
        drop(noted);
        Ok(Self {
            _file: file,
            journal: journal.to_path_buf(),
        })
    }

    /// The journal this lock is for.
    pub fn journal(&self) -> &Path {
        &self.journal
    }
}

/// "process 1234 (showclock serve ...)" from a lock file's note.
fn holder_words(note: &str) -> String {
    let field = |key: &str| {
        note.lines()
            .find_map(|line| line.strip_prefix(key))
            .map(str::trim)
            .filter(|value| !value.is_empty())
    };
    match (field("pid "), field("command ")) {
        (Some(pid), Some(command)) => {
            format!(
                "another instance, process {pid} (`{}`)",
                inert_short(command)
            )
        }
        (Some(pid), None) => format!("another instance, process {pid}"),
        _ => "another instance".into(),
    }
}

fn inert_short(text: &str) -> String {
    let text = crate::text::inert(text);
    match text.char_indices().nth(120) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_journal_is_refused_and_names_the_holder() {
        let dir = std::env::temp_dir().join(format!("showclock-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let journal = dir.join("show.jsonl");
        let first = JournalLock::acquire(&journal).unwrap();
        // flock locks belong to the open file: a second open in this very
        // process is refused as another process would be.
        let second = JournalLock::acquire(&dir.join(".").join("show.jsonl")).unwrap_err();
        assert!(
            second.contains(&format!("process {}", std::process::id())),
            "{second}"
        );
        assert!(second.contains("showclock follow"), "{second}");
        drop(first);
        JournalLock::acquire(&journal).expect("free again once dropped");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
