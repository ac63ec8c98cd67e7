//! Which clock and which journal: from the flags, before the screen opens.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::agenda::Agenda;
use crate::cli::RunArgs;
use crate::show::{Phase, ShowClock, SimulatedClock, live_journal, rehearsal_journal};

/// Where the journal and, in rehearsal, the simulated clock are kept.
pub struct Files {
    pub journal: PathBuf,
    pub clock: Option<PathBuf>,
}

fn clock_file(journal: &Path) -> PathBuf {
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(".clock");
    journal.with_file_name(name)
}

/// A rehearsal starting afresh: the old rehearsal journal goes.
fn fresh_rehearsal(files: &Files, clock: SimulatedClock) -> std::io::Result<()> {
    match std::fs::remove_file(&files.journal) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if let Some(path) = &files.clock {
        clock.save(path)?;
    }
    Ok(())
}

/// Decides the clock and the files from the flags. A simulated clock always
/// gets a rehearsal journal, never the live one.
pub fn choose_clock(
    args: &RunArgs,
    agenda: &Agenda,
    real_now: DateTime<Utc>,
) -> Result<(ShowClock, Files, Option<String>), String> {
    let live = live_journal(&args.agenda);
    let simulated = args.rehearse || args.at.is_some() || args.speed.is_some();
    if !simulated {
        return Ok((
            ShowClock::Real,
            Files {
                journal: args.journal.clone().unwrap_or(live),
                clock: None,
            },
            None,
        ));
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
    let files = Files {
        clock: Some(clock_file(&journal)),
        journal,
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
                let note = format!(
                    "Resumed the unfinished rehearsal, now at x{speed} (--fresh starts over)"
                );
                Ok((ShowClock::Simulated(clock), files, Some(note)))
            }
            _ => Ok((
                ShowClock::Simulated(saved),
                files,
                Some("Resumed the unfinished rehearsal (--fresh starts over)".into()),
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
    fresh_rehearsal(&files, clock).map_err(|e| {
        format!(
            "cannot start the rehearsal journal {}: {e}",
            files.journal.display()
        )
    })?;
    let note = unfinished.map(|_| {
        "Started a fresh rehearsal: the unfinished one before it was discarded".to_string()
    });
    Ok((ShowClock::Simulated(clock), files, note))
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
