//! Which clock and which journal: from the flags, before the screen opens.

use crate::t;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::agenda::Agenda;
use crate::cli::RunArgs;
use crate::show::{Phase, ShowClock, SimulatedClock, live_journal, rehearsal_journal};

/// Where the journal and, in rehearsal, the simulated clock are kept.
struct Files {
    pub journal: PathBuf,
    pub clock: Option<PathBuf>,
}

fn clock_file(journal: &Path) -> PathBuf {
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(".clock");
    journal.with_file_name(name)
}

/// Does the flags' clock run simulated (a rehearsal)?
fn simulated(args: &RunArgs) -> bool {
    args.rehearse || args.at.is_some() || args.speed.is_some()
}

/// The journal the flags name: the live one on the real clock, a
/// rehearsal's own on a simulated one. Its lock is taken before
/// [`choose_clock`] may touch it.
pub fn journal_for(args: &RunArgs) -> Result<PathBuf, String> {
    let live = live_journal(&args.agenda);
    if !simulated(args) {
        return Ok(args.journal.clone().unwrap_or(live));
    }
    let journal = args
        .journal
        .clone()
        .unwrap_or_else(|| rehearsal_journal(&args.agenda));
    if journal == live {
        return Err(format!(
            "{} is the live journal: a rehearsal keeps its own (leave out --journal)",
            live.display()
        ));
    }
    Ok(journal)
}

/// True when the file holds at least one byte that is not blank.
fn holds_actions(journal: &Path) -> bool {
    std::fs::read(journal).is_ok_and(|bytes| bytes.iter().any(|b| !b.is_ascii_whitespace()))
}

/// A journal written on the real clock has no simulated clock saved beside
/// it; a rehearsal's always has. Neither kind is ever written on the other's
/// clock, and a real one is never moved or removed by a rehearsal.
fn check_clock_kind(journal: &Path, simulated: bool) -> Result<(), String> {
    let rehearsal = clock_file(journal).exists();
    if simulated && !rehearsal && holds_actions(journal) {
        return Err(format!(
            "{} holds actions taken on the real clock (no rehearsal clock is saved beside it): \
             a rehearsal never writes, moves or removes such a journal; leave out --journal, or give a new file",
            journal.display()
        ));
    }
    if !simulated && rehearsal && holds_actions(journal) {
        return Err(format!(
            "{} is a rehearsal's journal (its simulated clock is saved beside it, in {}): \
             the real clock keeps its own; leave out --journal, or give a new file",
            journal.display(),
            clock_file(journal).display()
        ));
    }
    Ok(())
}

/// Where a rehearsal journal is kept once a fresh one starts:
/// `show.rehearsal.jsonl` → `show.rehearsal-20260128T093000.jsonl`, with
/// `-2`, `-3`... from the second attempt (the time is UTC).
fn archive_name(journal: &Path, began: DateTime<Utc>, attempt: u32) -> PathBuf {
    let name = journal.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(".jsonl").unwrap_or(&name);
    let show = stem.strip_suffix(".rehearsal").unwrap_or(stem);
    let number = if attempt > 1 {
        format!("-{attempt}")
    } else {
        String::new()
    };
    journal.with_file_name(format!(
        "{show}.rehearsal-{}{number}.jsonl",
        began.format("%Y%m%dT%H%M%S")
    ))
}

/// Moves the rehearsal journal (and its clock) aside, never over another
/// file; says where, if there was anything to keep.
fn archive_rehearsal(files: &Files, began: DateTime<Utc>) -> std::io::Result<Option<PathBuf>> {
    if !holds_actions(&files.journal) {
        // Nothing was done in it: nothing to keep.
        match std::fs::remove_file(&files.journal) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => return Ok(None),
        }
    }
    let mut attempt = 1;
    let archive = loop {
        let archive = archive_name(&files.journal, began, attempt);
        // A hard link and an unlink: a rename that cannot replace a file.
        match std::fs::hard_link(&files.journal, &archive) {
            Ok(()) => break archive,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    std::fs::remove_file(&files.journal)?;
    if let Some(clock) = &files.clock
        && clock.exists()
    {
        std::fs::rename(clock, clock_file(&archive))?;
    }
    if let Some(folder) = archive.parent() {
        crate::show::sync_folder(folder);
    }
    Ok(Some(archive))
}

/// A rehearsal starting afresh: the old rehearsal journal is kept under a
/// name of its own.
fn fresh_rehearsal(
    files: &Files,
    clock: SimulatedClock,
    old: Option<SimulatedClock>,
    real_now: DateTime<Utc>,
) -> std::io::Result<Option<PathBuf>> {
    let began = old.map_or(real_now, |old| old.real_start);
    let archived = archive_rehearsal(files, began)?;
    if let Some(path) = &files.clock {
        clock.save(path)?;
    }
    Ok(archived)
}

/// Decides the clock and the files from the flags, for `journal` (from
/// [`journal_for`], whose lock the caller holds). A simulated clock always
/// gets a rehearsal journal, never the live one.
pub fn choose_clock(
    args: &RunArgs,
    agenda: &Agenda,
    real_now: DateTime<Utc>,
    journal: &Path,
) -> Result<(ShowClock, Option<String>), String> {
    check_clock_kind(journal, simulated(args))?;
    if !simulated(args) {
        return Ok((ShowClock::Real, None));
    }
    let files = Files {
        clock: Some(clock_file(journal)),
        journal: journal.to_path_buf(),
    };
    let speed = args.speed.unwrap_or(1.0);
    // A bare --rehearse resumes a rehearsal cut short (by a crash, say);
    // one that has run to its end starts over.
    let saved = files.clock.as_deref().and_then(SimulatedClock::load);
    let unfinished = saved.filter(|saved| {
        rehearsal_unfinished(
            agenda,
            &files.journal,
            ShowClock::Simulated(*saved).show_time(real_now),
        )
    });
    if let (true, None, false, Some(saved)) = (args.rehearse, args.at, args.fresh, unfinished) {
        // A new --speed takes effect from where the rehearsal stands.
        return match args.speed {
            Some(speed) if speed != saved.speed => {
                let clock = SimulatedClock {
                    real_start: real_now,
                    show_start: ShowClock::Simulated(saved).show_time(real_now),
                    speed,
                };
                if let Some(path) = &files.clock {
                    clock
                        .save(path)
                        .map_err(|e| format!("cannot save the rehearsal clock: {e}"))?;
                }
                let note = t!(
                    crate::i18n::terminal(),
                    "notice-resumed-rehearsal-at",
                    speed = speed.to_string()
                );
                Ok((ShowClock::Simulated(clock), Some(note)))
            }
            _ => Ok((
                ShowClock::Simulated(saved),
                Some(t!(crate::i18n::terminal(), "notice-resumed-rehearsal")),
            )),
        };
    }
    let show_start = match args.at {
        Some(at) => at,
        None if args.rehearse => agenda.start() - chrono::TimeDelta::seconds(30),
        None => real_now,
    };
    let clock = SimulatedClock {
        real_start: real_now,
        show_start,
        speed,
    };
    let archived = fresh_rehearsal(&files, clock, saved, real_now).map_err(|e| {
        format!(
            "cannot start the rehearsal journal {}: {e}",
            files.journal.display()
        )
    })?;
    let note = archived.map(|archive| {
        t!(
            crate::i18n::terminal(),
            "notice-fresh-rehearsal",
            file = archive
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .as_ref()
        )
    });
    Ok((ShowClock::Simulated(clock), note))
}

/// True when the rehearsal journal at `path` holds a show not yet over.
fn rehearsal_unfinished(agenda: &Agenda, path: &Path, show_now: DateTime<Utc>) -> bool {
    if !path.exists() {
        return false;
    }
    let Ok(entries) = crate::show::read_journal(path) else {
        return false;
    };
    crate::show::ShowLog::replay(agenda, &entries)
        .is_ok_and(|log| log.snapshot(agenda, show_now).phase != Phase::After)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("showclock-setup-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn archives_are_named_after_the_show_and_the_time_in_utc() {
        let began = Utc.with_ymd_and_hms(2026, 1, 28, 9, 30, 0).unwrap();
        assert_eq!(
            archive_name(Path::new("shows/a.rehearsal.jsonl"), began, 1),
            Path::new("shows/a.rehearsal-20260128T093000.jsonl")
        );
        assert_eq!(
            archive_name(Path::new("try.jsonl"), began, 3),
            Path::new("try.rehearsal-20260128T093000-3.jsonl")
        );
    }

    #[test]
    fn an_archive_never_replaces_another() {
        let dir = folder("archive");
        let files = Files {
            journal: dir.join("a.rehearsal.jsonl"),
            clock: Some(dir.join("a.rehearsal.jsonl.clock")),
        };
        let began = Utc.with_ymd_and_hms(2026, 1, 28, 9, 30, 0).unwrap();
        for text in ["first\n", "second\n"] {
            std::fs::write(&files.journal, text).unwrap();
            archive_rehearsal(&files, began).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(dir.join("a.rehearsal-20260128T093000.jsonl")).unwrap(),
            "first\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("a.rehearsal-20260128T093000-2.jsonl")).unwrap(),
            "second\n"
        );
        // An empty one held nothing to keep.
        std::fs::write(&files.journal, "\n").unwrap();
        assert_eq!(archive_rehearsal(&files, began).unwrap(), None);
        assert!(!files.journal.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn journals_of_the_two_clocks_are_kept_apart() {
        let dir = folder("kinds");
        let journal = dir.join("j.jsonl");
        // New or empty: either clock may start it.
        assert!(check_clock_kind(&journal, true).is_ok());
        std::fs::write(&journal, "").unwrap();
        assert!(check_clock_kind(&journal, true).is_ok());
        std::fs::write(
            &journal,
            "{\"at\":\"2022-06-01T01:00:00Z\",\"action\":\"start\"}\n",
        )
        .unwrap();
        assert!(check_clock_kind(&journal, false).is_ok());
        let refused = check_clock_kind(&journal, true).unwrap_err();
        assert!(
            refused.contains("holds actions taken on the real clock"),
            "{refused}"
        );
        std::fs::write(clock_file(&journal), "{}").unwrap();
        assert!(check_clock_kind(&journal, true).is_ok());
        let refused = check_clock_kind(&journal, false).unwrap_err();
        assert!(refused.contains("is a rehearsal's journal"), "{refused}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
