//! Mending a damaged journal without losing a byte: the valid entries stay
//! in order, the rest go to `FILE.rejected` with their line numbers, and the
//! original is kept as `FILE.bak-TIMESTAMP`. The new journal is written
//! beside the old one, fsynced, then renamed over it, so a crash mid-repair
//! leaves either the old journal or the new one, never half of each.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::journal::{Examination, RawLine, examine, read_raw_lines, sync_folder};
use super::lock::JournalLock;
use crate::agenda::Agenda;

/// What a repair did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// Entries kept, in order.
    pub kept: usize,
    /// (line number, why) of every line set aside.
    pub rejected: Vec<(usize, String)>,
    /// The original, as it was.
    pub backup: PathBuf,
    /// Where the lines set aside went.
    pub rejected_file: PathBuf,
}

/// A journal's lines, judged (against `agenda` where one is given).
pub fn examine_file(
    journal: &Path,
    agenda: Option<&Agenda>,
) -> std::io::Result<(Vec<RawLine>, Examination)> {
    let lines = read_raw_lines(journal)?;
    let examination = examine(&lines, agenda);
    Ok((lines, examination))
}

/// `FILE.bak-20260128T093000` (UTC), with `-2`, `-3`... from the second attempt.
fn stamped_name(journal: &Path, now: DateTime<Utc>, attempt: u32) -> PathBuf {
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".bak-{}", now.format("%Y%m%dT%H%M%S")));
    if attempt > 1 {
        name.push(format!("-{attempt}"));
    }
    journal.with_file_name(name)
}

/// Keeps the journal's current bytes at a new name that did not exist: a
/// hard link where the file system has them (instant, the very bytes), else
/// a copy, fsynced.
fn keep_original(journal: &Path, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let mut attempt = 1;
    loop {
        let backup = stamped_name(journal, now, attempt);
        match std::fs::hard_link(journal, &backup) {
            Ok(()) => return Ok(backup),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => attempt += 1,
            Err(_) => {
                // No hard links here (FAT, some network shares): copy into a
                // file that must not exist yet.
                let mut copy = match OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&backup)
                {
                    Ok(copy) => copy,
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        attempt += 1;
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                std::io::copy(&mut File::open(journal)?, &mut copy)?;
                copy.sync_all()?;
                return Ok(backup);
            }
        }
    }
}

/// The rejected lines file: `FILE.rejected`.
pub fn rejected_file(journal: &Path) -> PathBuf {
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(".rejected");
    journal.with_file_name(name)
}

/// Repairs the journal whose lock is held; `None` when nothing needed it.
pub fn repair(
    lock: &JournalLock,
    agenda: Option<&Agenda>,
    now: DateTime<Utc>,
) -> std::io::Result<Option<Repaired>> {
    // The file itself, where the journal is reached through a link: the
    // new journal replaces it, not the link.
    let real = std::fs::canonicalize(lock.journal())?;
    let journal = real.as_path();
    let (lines, examination) = examine_file(journal, agenda)?;
    let mut rejected = examination.rejected.clone();
    if let Some(torn) = examination.torn {
        rejected.push((
            torn,
            "the last line is incomplete (cut short by a crash while it was written); it never counted".into(),
        ));
    }
    if rejected.is_empty() {
        return Ok(None);
    }
    let backup = keep_original(journal, now)?;

    // The lines set aside, appended (an earlier repair's stay), each with
    // its number and reason, then its bytes exactly as they were.
    let set_aside = rejected_file(journal);
    let mut out = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&set_aside)?;
    let mut text = format!(
        "# showclock journal repair at {}: lines set aside from {} (the original is kept as {})\n",
        now.format("%Y-%m-%dT%H:%M:%SZ"),
        journal.display(),
        backup.display()
    );
    let mut bytes = Vec::new();
    for (number, why) in &rejected {
        text.push_str(&format!("# line {number}: {}\n", one_line(why)));
        bytes.append(&mut text.into_bytes());
        text = String::new();
        if let Some(line) = lines.get(number - 1) {
            bytes.extend_from_slice(&line.bytes);
            if line.too_long {
                bytes.extend_from_slice(
                    b"\n# (only the start of that line: the whole of it is in the original)",
                );
            }
        }
        bytes.push(b'\n');
    }
    bytes.append(&mut text.into_bytes());
    out.write_all(&bytes)?;
    out.sync_all()?;

    // The kept lines, byte for byte, into a new file renamed over the old.
    let mut kept = Vec::new();
    for (number, _) in &examination.kept {
        kept.extend_from_slice(&lines[number - 1].bytes);
        kept.push(b'\n');
    }
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(".repairing");
    let fresh = journal.with_file_name(name);
    let mut file = File::create(&fresh)?;
    file.write_all(&kept)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&fresh, journal)?;
    if let Some(folder) = journal.parent() {
        sync_folder(folder);
    }
    rejected.sort_by_key(|(number, _)| *number);
    Ok(Some(Repaired {
        kept: examination.kept.len(),
        rejected,
        backup,
        rejected_file: set_aside,
    }))
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}
