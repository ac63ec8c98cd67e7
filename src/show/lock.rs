//! One writer per journal. As PostgreSQL keeps `postmaster.pid` in its data
//! folder, a journal has a lock file beside it (`show.jsonl.lock`), locked
//! exclusively with the OS (`flock`) for as long as an instance may write the
//! journal, and holding that instance's process id to name it. The OS
//! releases the lock when the process ends, however it ends (kill -9
//! included): a lock file left behind is never stale. A separate file, not
//! the journal itself, so that `journal repair` can replace the journal
//! while the lock is held. Readers (`status`, `report`) never take it.
//!
//! A lock file goes by the journal's name, and one file can have many
//! names: hard links, bind mounts. So the journal file itself is locked
//! too (its device and inode, whatever the name it was opened by), and
//! again whenever it was replaced while the lock was held (a repair, a
//! rehearsal archived): every name meets the same lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The exclusive right to write one journal, released when dropped (or when
/// the process ends).
#[derive(Debug)]
pub struct JournalLock {
    _file: File,
    journal: PathBuf,
    /// The journal file itself, locked, and its device and inode.
    held: Option<(File, (u64, u64))>,
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
        let mut lock = Self {
            _file: file,
            journal: journal.to_path_buf(),
            held: None,
        };
        lock.hold_journal()?;
        Ok(lock)
    }

    /// Locks the journal file as it is now (created if there is none):
    /// nothing to do if it is the one already locked. Another instance
    /// that reached the same file by another name is refused here.
    pub fn hold_journal(&mut self) -> Result<(), String> {
        let cannot = |e: std::io::Error| format!("cannot lock the journal: {e}");
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.journal)
            .map_err(cannot)?;
        let id = identity(&file.metadata().map_err(cannot)?);
        if self.held.as_ref().is_some_and(|(_, held)| *held == id) {
            return Ok(());
        }
        match file.try_lock() {
            Ok(()) => {
                self.held = Some((file, id));
                Ok(())
            }
            Err(TryLockError::WouldBlock) => Err(format!(
                "the journal is in use by {}, through another name for the same file \
                 (a hard link, a symbolic link or a bind mount): only one instance may write a journal. \
                 To see or run that show from another screen, use `showclock follow URL`",
                holder_of(id).map_or_else(
                    || "another instance".to_string(),
                    |pid| format!("another instance, process {pid}")
                )
            )),
            Err(TryLockError::Error(e)) => Err(cannot(e)),
        }
    }

    /// The journal this lock is for.
    pub fn journal(&self) -> &Path {
        &self.journal
    }
}

#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (metadata.dev(), metadata.ino())
}

#[cfg(not(unix))]
fn identity(_metadata: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

/// The process holding a lock on the file `(device, inode)`, from the
/// kernel's list of locks (`/proc/locks`: `1: FLOCK ADVISORY WRITE PID
/// MAJOR:MINOR:INODE 0 EOF`, the device numbers in hex).
fn holder_of((device, inode): (u64, u64)) -> Option<u32> {
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    // Linux's encoding of a device number (glibc's major() and minor()).
    let major = ((device >> 32) & 0xffff_f000) | ((device >> 8) & 0x0fff);
    let minor = ((device >> 12) & 0xffff_ff00) | (device & 0xff);
    let wanted = format!("{major:02x}:{minor:02x}:{inode}");
    locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let at = fields.iter().position(|f| *f == "FLOCK")?;
        let (pid, file) = (fields.get(at + 3)?, fields.get(at + 4)?);
        if *file == wanted {
            pid.parse().ok()
        } else {
            None
        }
    })
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

    #[test]
    fn every_name_of_a_journal_meets_one_lock() {
        let dir = std::env::temp_dir().join(format!("showclock-names-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
        let journal = dir.join("show.jsonl");
        let first = JournalLock::acquire(&journal).unwrap();
        let linked = dir.join("elsewhere").join("other-name.jsonl");
        std::fs::hard_link(&journal, &linked).unwrap();
        let refused = JournalLock::acquire(&linked).unwrap_err();
        assert!(
            refused.contains("another name for the same file"),
            "{refused}"
        );
        assert!(
            refused.contains(&format!("process {}", std::process::id())),
            "{refused}"
        );
        #[cfg(unix)]
        {
            let symlink = dir.join("elsewhere").join("symlink.jsonl");
            std::os::unix::fs::symlink(&journal, &symlink).unwrap();
            assert!(JournalLock::acquire(&symlink).is_err());
        }
        drop(first);
        let second = JournalLock::acquire(&linked).expect("free again once dropped");
        assert!(JournalLock::acquire(&journal).is_err());
        drop(second);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_journal_replaced_while_locked_is_locked_again() {
        let dir = std::env::temp_dir().join(format!("showclock-replaced-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let journal = dir.join("show.jsonl");
        let mut lock = JournalLock::acquire(&journal).unwrap();
        // As a repair does: a new file renamed over the old one.
        std::fs::write(dir.join("new"), "").unwrap();
        std::fs::rename(dir.join("new"), &journal).unwrap();
        let linked = dir.join("link.jsonl");
        std::fs::hard_link(&journal, &linked).unwrap();
        assert!(JournalLock::acquire(&linked).is_ok(), "not yet locked");
        lock.hold_journal().unwrap();
        assert!(JournalLock::acquire(&linked).is_err());
        drop(lock);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
