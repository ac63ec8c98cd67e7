//! Rundowns in and out: `import` reads a producer's spreadsheet into
//! `agenda.toml`; `export` writes the agenda back out as a sheet, as
//! calendar invitations, or as a printable run-of-show.

mod agenda_file;
mod cells;
mod columns;
mod export;
mod import;
mod merge;
mod sheet;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;

use crate::agenda::{self, Agenda, Alerts, Clock, HourFormat, wall_clock};
use crate::cli::{Reported, load_agenda, print_diagnostics, print_out};
use crate::text::inert;
use export::Selection;

/// Options of `import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The rundown: a .csv, .xlsx, .xls or .ods file.
    pub file: PathBuf,
    /// The sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// The zone the sheet's times are written in, e.g. Asia/Shanghai
    /// (default: the zone of the agenda being updated).
    #[arg(long, value_name = "ZONE", value_parser = parse_zone)]
    pub timezone: Option<Tz>,
    /// The day of the sheet's first time, e.g. 2022-06-01, where no Date
    /// column gives it (default: the date of the agenda being updated).
    #[arg(long, value_parser = parse_day)]
    pub date: Option<NaiveDate>,
    /// The agenda to write; if it exists it is updated: its segments are
    /// replaced, its event, clocks, alerts and contacts kept. `-` prints it.
    #[arg(short = 'o', long = "output", default_value = "agenda.toml")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Ics,
    Markdown,
}

/// Options of `export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// The agenda file.
    #[arg(default_value = "agenda.toml")]
    pub agenda: PathBuf,
    /// csv (a sheet `import` reads back), ics (calendar invitations) or
    /// markdown (a printable run-of-show); default: from -o's extension.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Only this speaker's (or moderator's) segments: their own invitation,
    /// with the moderator's contact.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// The file to write (default: standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_zone(text: &str) -> Result<Tz, String> {
    text.trim().parse::<Tz>().map_err(|_| {
        let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
        match agenda::nearest(text, names) {
            Some(near) => format!("{text:?} is not a time zone: did you mean {near}?"),
            None => format!(
                "{text:?} is not a time zone: give an IANA name such as Asia/Shanghai or America/Los_Angeles"
            ),
        }
    })
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date: write it as YYYY-MM-DD, e.g. 2022-06-01"))
}

fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Writes the whole file or nothing: a new file renamed over the old one.
fn write_file(path: &Path, text: &str) -> Result<(), Reported> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".new");
    let temporary = path.with_file_name(name);
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            eprintln!("{}: error: cannot write the file: {e}", path.display());
            Reported
        })
}

/// `showclock import`: the sheet's rows become the agenda's segments; nothing
/// is written unless every row reads.
pub fn import(args: &ImportArgs) -> Result<(), Reported> {
    let base = if !is_stdout(&args.output) && args.output.exists() {
        match agenda::load(&args.output) {
            Ok(load) => Some(load.agenda),
            Err(problems) => {
                print_diagnostics(&problems);
                eprintln!(
                    "{}: error: the agenda to update is not valid: fix it, or give another -o",
                    args.output.display()
                );
                return Err(Reported);
            }
        }
    } else {
        None
    };
    let sheet = sheet::read(&args.file, args.sheet.as_deref()).map_err(|message| {
        eprintln!("{}", inert(&message));
        Reported
    })?;
    let labels: Vec<(String, Tz)> = base
        .iter()
        .flat_map(|b| b.clocks.iter().map(|c| (c.label.to_string(), c.timezone)))
        .collect();
    let reading = import::Reading {
        zone: args.timezone.or(base.as_ref().map(|b| b.timezone)),
        date: args.date.or(base.as_ref().map(|b| b.date)),
        labels: &labels,
    };
    let rundown = import::read(&sheet, &reading).map_err(|problems| {
        for problem in &problems {
            eprintln!("{}", inert(problem));
        }
        eprintln!(
            "nothing written: fix the {} above and import again",
            if problems.len() == 1 { "cell" } else { "cells" }
        );
        Reported
    })?;
    let shown_output = if is_stdout(&args.output) {
        "agenda.toml".to_string()
    } else {
        args.output.display().to_string()
    };
    let updating = base.is_some();
    let mut merged = None;
    let agenda = match base.clone() {
        Some(base) => {
            let merge = merge::merge(
                &base.segments,
                rundown.segments,
                &rundown.columns,
                base.timezone,
            );
            let agenda = Agenda {
                date: wall_clock(base.timezone, merge.segments[0].start).date(),
                segments: merge.segments.clone(),
                ..base
            };
            merged = Some(merge);
            agenda
        }
        None => Agenda {
            title: rundown.title.unwrap_or_else(|| sheet.name.clone()).into(),
            room: None,
            date: wall_clock(rundown.zone, rundown.segments[0].start).date(),
            timezone: rundown.zone,
            clocks: vec![Clock {
                label: agenda_file::city(rundown.zone).into(),
                timezone: rundown.zone,
                hour_format: HourFormat::H24,
            }],
            alerts: Alerts::default(),
            segments: rundown.segments,
            contacts: Vec::new(),
        },
    };
    let mut header = vec![
        format!(
            "showclock agenda, imported from {} with `showclock import`.",
            sheet.whole()
        ),
        format!(
            "Times are written in {}; every [[clock]] shows them in its own zone.",
            agenda.timezone
        ),
    ];
    if !updating {
        header.push(
            "Add a [[clock]] (label, timezone) for each audience, and [[contact]]s.".to_string(),
        );
    }
    header.push(format!("Check it with: showclock check {shown_output}"));
    let text = agenda_file::agenda_toml(&agenda, &header);
    if text.len() as u64 > agenda::FILE_LIMIT {
        eprintln!(
            "{shown_output}: error: the agenda would be {:.1} MB, more than the {} MB an agenda may be \
             (a real one is a few kilobytes): nothing written; check that {} is the right sheet",
            text.len() as f64 / (1024.0 * 1024.0),
            agenda::FILE_LIMIT / (1024 * 1024),
            inert(&sheet.whole())
        );
        return Err(Reported);
    }
    if !rundown.ignored.is_empty() {
        eprintln!(
            "note: columns not read: {}",
            inert(&rundown.ignored.join(", "))
        );
    }
    if is_stdout(&args.output) {
        reads_back(&agenda, agenda::parse(&shown_output, &text))?;
        return print_out(&text);
    }
    let sheet_name = inert(&sheet.whole());
    let Some(merge) = merged else {
        replace_agenda(&args.output, &text, &agenda)?;
        return print_out(&format!(
            "{shown_output}: written with {} segments from {sheet_name}\n",
            agenda.segments.len()
        ));
    };
    if base.as_ref() == Some(&agenda) {
        return print_out(&format!(
            "{shown_output}: already as {sheet_name} says ({} segments): nothing written\n",
            agenda.segments.len()
        ));
    }
    let backup = replace_agenda(&args.output, &text, &agenda)?;
    let counts: Vec<String> = ["changed", "moved", "added", "removed"]
        .iter()
        .map(|kind| {
            (
                kind,
                merge.changes.iter().filter(|(k, _)| k == kind).count(),
            )
        })
        .filter(|(_, count)| *count > 0)
        .map(|(kind, count)| format!("{count} {kind}"))
        .chain([format!("{} unchanged", merge.unchanged)])
        .collect();
    let mut report = format!(
        "{shown_output}: updated with {} segments from {sheet_name} ({})\n",
        agenda.segments.len(),
        counts.join(", "),
    );
    for (kind, change) in &merge.changes {
        report.push_str(&format!("  {kind:<8}{change}\n"));
    }
    if !merge.kept.is_empty() {
        let kept: Vec<&str> = merge.kept.iter().copied().collect();
        report.push_str(&format!(
            "  kept from the agenda, where the sheet has no column for them: {}\n",
            kept.join(", ")
        ));
    }
    if let Some(backup) = backup {
        report.push_str(&format!(
            "  the old agenda is kept as {}\n",
            backup.display()
        ));
    }
    print_out(&report)
}

/// That `load`, the agenda as `check` reads the text written, is `agenda`.
fn reads_back(
    agenda: &Agenda,
    load: Result<agenda::AgendaLoad, Vec<agenda::Diagnostic>>,
) -> Result<(), Reported> {
    match load {
        Ok(load) if load.agenda == *agenda => Ok(()),
        Ok(_) => {
            eprintln!(
                "error: the agenda written would not read back as the sheet says (a bug in showclock): nothing written"
            );
            Err(Reported)
        }
        Err(problems) => {
            print_diagnostics(&problems);
            eprintln!(
                "error: the agenda written would not be valid (a bug in showclock): nothing written"
            );
            Err(Reported)
        }
    }
}

/// `agenda.toml.bak`, or where that exists `agenda.toml.bak-20260128T093000`
/// (UTC; `-2`, `-3`... after it).
fn backup_name(path: &Path, attempt: u32) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    if attempt > 0 {
        name.push(format!("-{}", Utc::now().format("%Y%m%dT%H%M%S")));
    }
    if attempt > 1 {
        name.push(format!("-{attempt}"));
    }
    path.with_file_name(name)
}

/// Keeps the agenda's bytes under a name that did not exist: a hard link
/// (the very bytes, at once), else a copy, fsynced.
fn keep_old(path: &Path) -> std::io::Result<PathBuf> {
    for attempt in 0..1000 {
        let backup = backup_name(path, attempt);
        match std::fs::hard_link(path, &backup) {
            Ok(()) => return Ok(backup),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => {}
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&backup)
        {
            Ok(mut copy) => {
                std::io::copy(&mut std::fs::File::open(path)?, &mut copy)?;
                copy.sync_all()?;
                return Ok(backup);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "a thousand backups of it exist already: remove some",
    ))
}

/// Puts `text` (which must read as `agenda`) in place of the agenda at
/// `path` without ever leaving less than the old one: written beside it,
/// loaded back as `check` loads it, the old one kept, and only then renamed
/// over it. Returns where the old agenda is kept, if there was one.
fn replace_agenda(path: &Path, text: &str, agenda: &Agenda) -> Result<Option<PathBuf>, Reported> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".new");
    let temporary = path.with_file_name(name);
    let fail = |what: &str, e: std::io::Error| {
        let _ = std::fs::remove_file(&temporary);
        eprintln!(
            "{}: error: cannot {what}: {e}; the agenda is left as it was",
            path.display()
        );
        Reported
    };
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        file.sync_all()
    });
    written.map_err(|e| fail("write the new agenda", e))?;
    if let Err(reported) = reads_back(agenda, agenda::load(&temporary)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(reported);
    }
    let backup = match path.exists() {
        true => Some(keep_old(path).map_err(|e| fail("keep a copy of the old agenda", e))?),
        false => None,
    };
    std::fs::rename(&temporary, path).map_err(|e| fail("put the new agenda in place", e))?;
    // The rename itself, on disk.
    let directory = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Ok(directory) = std::fs::File::open(directory.unwrap_or(Path::new("."))) {
        let _ = directory.sync_all();
    }
    Ok(backup)
}

/// `showclock export`.
pub fn export(args: &ExportArgs) -> Result<(), Reported> {
    let from_extension = args
        .output
        .as_deref()
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .and_then(|e| match e.to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "ics" | "ical" => Some(ExportFormat::Ics),
            "md" | "markdown" => Some(ExportFormat::Markdown),
            _ => None,
        });
    let Some(format) = args.format.or(from_extension) else {
        eprintln!(
            "error: give --format csv, ics or markdown (or -o a file ending .csv, .ics or .md)"
        );
        return Err(Reported);
    };
    let agenda = load_agenda(&args.agenda, false)?;
    let selection = match &args.speaker {
        Some(name) => Selection::speaker(
            &agenda,
            name,
            crate::i18n::chosen(),
            crate::i18n::terminal(),
        )
        .map_err(|message| {
            eprintln!("{}: error: {}", args.agenda.display(), inert(&message));
            Reported
        })?,
        None => Selection::whole(&agenda, crate::i18n::terminal()),
    };
    if selection.speaker.is_some() && selection.contacts.is_empty() {
        eprintln!(
            "{}: warning: no [[contact]] to give the speaker: add the moderator's (name, phone, email)",
            args.agenda.display()
        );
    }
    let text = match format {
        ExportFormat::Csv => export::csv(&selection).map_err(|e| {
            eprintln!("error: cannot write CSV: {e}");
            Reported
        })?,
        ExportFormat::Ics => export::ics(&selection, Utc::now()),
        ExportFormat::Markdown => export::markdown(&selection),
    };
    match &args.output {
        Some(path) if !is_stdout(path) => write_file(path, &text),
        _ => print_out(&text),
    }
}
