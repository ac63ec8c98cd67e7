//! The journal: operator actions as JSON Lines, appended and fsynced one by
//! one. The screen, `status`, `report`, crash recovery and followers all
//! replay the same entries.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::agenda::{Diagnostic, Severity};

/// One operator action at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Cue the scheduled segment now (the first before the show, the coming one in a gap).
    Start,
    /// End the current segment now and cue the following one.
    Next,
    /// Undo the latest cue.
    Prev,
    /// Cue segment `index` (from 0) now.
    Goto {
        index: usize,
    },
    /// Add (or, negative, remove) seconds from the current segment's allotment.
    Extend {
        seconds: i64,
    },
    /// A text for the moderator's screen.
    Message {
        text: String,
    },
    ClearMessage,
    /// The show is over.
    End,
}

pub const ACTION_NAMES: &[&str] = &[
    "start",
    "next",
    "prev",
    "goto",
    "extend",
    "message",
    "clear_message",
    "end",
];

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Next => "next",
            Self::Prev => "prev",
            Self::Goto { .. } => "goto",
            Self::Extend { .. } => "extend",
            Self::Message { .. } => "message",
            Self::ClearMessage => "clear_message",
            Self::End => "end",
        }
    }
}

/// The live journal: next to the agenda, named after it (`show.toml` →
/// `show.jsonl`).
pub fn live_journal(agenda: &Path) -> PathBuf {
    agenda.with_extension("jsonl")
}

/// A rehearsal's journal, apart from the live one (`show.rehearsal.jsonl`).
pub fn rehearsal_journal(agenda: &Path) -> PathBuf {
    agenda.with_extension("rehearsal.jsonl")
}

/// A journal as read from its file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalFile {
    pub entries: Vec<Entry>,
    /// The line number of each entry (blank lines are skipped).
    pub lines: Vec<usize>,
    /// A last line cut short (by a crash mid-write), left out: it never
    /// counted, since an action shows only once its line is fsynced.
    pub torn: Option<Diagnostic>,
    /// Bytes up to the end of the last complete line.
    pub complete_len: usize,
}

/// Reads a journal file. A file that does not exist is an empty journal.
pub fn read_journal(path: &Path) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    read_journal_file(path).map(|journal| journal.entries)
}

/// Reads a journal file, with line numbers and any torn last line.
pub fn read_journal_file(path: &Path) -> Result<JournalFile, Vec<Diagnostic>> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            parse_journal_file(&path.display().to_string(), &text)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(JournalFile::default()),
        Err(e) => Err(vec![diagnostic(
            &path.display().to_string(),
            1,
            format!("cannot read the journal: {e}"),
        )]),
    }
}

fn diagnostic(file: &str, line: usize, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_string(),
        line,
        column: 1,
        message,
    }
}

/// Parses JSON Lines; every bad line is reported with its number.
pub fn parse_journal(file: &str, text: &str) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    parse_journal_file(file, text).map(|journal| journal.entries)
}

/// Parses JSON Lines, keeping line numbers. A last line with no newline
/// that does not parse was cut by a crash: it is left out with a warning.
pub fn parse_journal_file(file: &str, text: &str) -> Result<JournalFile, Vec<Diagnostic>> {
    let mut journal = JournalFile::default();
    let mut problems = Vec::new();
    let mut offset = 0;
    for (number, line) in text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l))
    {
        let complete = line.ends_with('\n');
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            if complete {
                journal.complete_len = offset;
            }
            continue;
        }
        match parse_line(line) {
            Ok(entry) => {
                if let Some(previous) = journal.entries.last()
                    && entry.at < previous.at
                {
                    problems.push(diagnostic(file, number, format!(
                        "time goes backwards: {} is before {}, the line above; journal lines must be in time order",
                        entry.at.to_rfc3339(),
                        previous.at.to_rfc3339()
                    )));
                    continue;
                }
                journal.entries.push(entry);
                journal.lines.push(number);
                if complete {
                    journal.complete_len = offset;
                }
            }
            Err(_) if !complete => {
                journal.torn = Some(Diagnostic {
                    severity: Severity::Warning,
                    ..diagnostic(
                        file,
                        number,
                        "the last line is incomplete (cut short by a crash while it was written); it is left out".into(),
                    )
                });
            }
            Err(message) => problems.push(diagnostic(file, number, message)),
        }
    }
    if problems.is_empty() {
        Ok(journal)
    } else {
        Err(problems)
    }
}

fn parse_line(line: &str) -> Result<Entry, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}; each line must be like {{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"next\"}}"))?;
    let object = value
        .as_object()
        .ok_or("each line must be a JSON object such as {\"at\": ..., \"action\": ...}")?;
    let at = object
        .get("at")
        .and_then(|v| v.as_str())
        .ok_or("missing \"at\": give the instant of the action in RFC 3339, e.g. \"2022-06-01T09:00:00+08:00\"")?;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|_| {
            format!(
                "\"at\" is {at:?}, not an RFC 3339 instant such as \"2022-06-01T09:00:00+08:00\""
            )
        })?
        .to_utc();
    let name = object.get("action").and_then(|v| v.as_str()).ok_or(
        "missing \"action\": one of start, next, prev, goto, extend, message, clear_message, end",
    )?;
    if !ACTION_NAMES.contains(&name) {
        let hint = crate::agenda::nearest(name, ACTION_NAMES.iter().copied())
            .map_or_else(String::new, |near| format!("did you mean {near:?}? "));
        return Err(format!(
            "unknown action {name:?}: {hint}valid actions are {}",
            ACTION_NAMES.join(", ")
        ));
    }
    let mut rest = object.clone();
    rest.remove("at");
    // As in the agenda, a field the format does not know is a typo, not
    // something to ignore.
    let takes: &[&str] = match name {
        "goto" => &["index"],
        "extend" => &["seconds"],
        "message" => &["text"],
        _ => &[],
    };
    if let Some(unknown) = rest
        .keys()
        .find(|key| *key != "action" && !takes.contains(&key.as_str()))
    {
        let hint = match takes.first() {
            Some(field) => format!("{name} takes {field:?}"),
            None => format!("{name} takes no other field"),
        };
        return Err(format!(
            "unknown field {unknown:?} in a {name:?} action: {hint}"
        ));
    }
    let action: Action = serde_json::from_value(serde_json::Value::Object(rest)).map_err(|e| {
        let needs = match name {
            "goto" => " (goto needs \"index\", a segment number from 0)",
            "extend" => " (extend needs \"seconds\", e.g. 60 or -60)",
            "message" => " (message needs \"text\")",
            _ => "",
        };
        format!("bad {name:?} action: {e}{needs}")
    })?;
    Ok(Entry { at, action })
}

/// Appends entries to a journal file, each made durable before it counts.
pub struct JournalWriter {
    file: File,
}

impl JournalWriter {
    pub fn open(path: &Path) -> std::io::Result<Self> {
        Self::open_after(path, None)
    }

    /// Opens for appending after the first `keep` bytes, cutting what
    /// follows (a line torn by a crash), and makes sure the next line
    /// starts on a line of its own.
    pub fn open_after(path: &Path, keep: Option<usize>) -> std::io::Result<Self> {
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)?;
        if let Some(keep) = keep {
            file.set_len(keep as u64)?;
        }
        let len = file.metadata()?.len();
        if len > 0 {
            use std::io::{Read, Seek, SeekFrom};
            let mut last = [0u8];
            file.seek(SeekFrom::Start(len - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        file.sync_data()?;
        Ok(Self { file })
    }

    /// Writes one line and fsyncs it: when this returns, a crash cannot lose it.
    pub fn append(&mut self, entry: &Entry) -> std::io::Result<()> {
        let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
        line.push('\n');
        self.file.write_all(line.as_bytes())?;
        self.file.sync_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journals_are_named_after_the_agenda() {
        assert_eq!(
            live_journal(Path::new("shows/a.toml")),
            Path::new("shows/a.jsonl")
        );
        assert_eq!(
            rehearsal_journal(Path::new("shows/a.toml")),
            Path::new("shows/a.rehearsal.jsonl")
        );
    }

    #[test]
    fn reads_every_action() {
        let text = r#"{"at": "2022-06-01T09:00:00+08:00", "action": "start"}
{"at": "2022-06-01T09:10:00+08:00", "action": "next"}

{"at": "2022-06-01T09:11:00+08:00", "action": "goto", "index": 3}
{"at": "2022-06-01T09:12:00+08:00", "action": "extend", "seconds": -60}
{"at": "2022-06-01T09:13:00+08:00", "action": "message", "text": "Wrap up"}
{"at": "2022-06-01T09:14:00+08:00", "action": "clear_message"}
{"at": "2022-06-01T09:15:00+08:00", "action": "prev"}
{"at": "2022-06-01T09:16:00+08:00", "action": "end"}
"#;
        let entries = parse_journal("j", text).unwrap();
        assert_eq!(entries.len(), 8);
        assert_eq!(entries[0].at.to_rfc3339(), "2022-06-01T01:00:00+00:00");
        assert_eq!(entries[2].action, Action::Goto { index: 3 });
        assert_eq!(entries[3].action, Action::Extend { seconds: -60 });
        assert_eq!(
            entries[4].action,
            Action::Message {
                text: "Wrap up".into()
            }
        );
    }

    #[test]
    fn bad_lines_are_named_by_number() {
        let text = "{\"at\": \"2022-06-01T09:00:00+08:00\", \"action\": \"nxt\"}\n\
                    not json\n\
                    {\"at\": \"2022-06-01T09:05:00+08:00\", \"action\": \"goto\"}\n\
                    {\"at\": \"2022-06-01T09:05:00+08:00\", \"action\": \"next\"}\n\
                    {\"at\": \"2022-06-01T08:05:00+08:00\", \"action\": \"next\"}\n";
        let problems = parse_journal("show.jsonl", text).unwrap_err();
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert!(
            lines[0].starts_with(
                "show.jsonl:1:1: error: unknown action \"nxt\": did you mean \"next\"?"
            ),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("show.jsonl:2:1: error: not a JSON object"),
            "{}",
            lines[1]
        );
        assert!(lines[2].contains("goto needs \"index\""), "{}", lines[2]);
        assert!(
            lines[3].starts_with("show.jsonl:5:1: error: time goes backwards"),
            "{}",
            lines[3]
        );
    }

    #[test]
    fn written_lines_read_back() {
        let dir = std::env::temp_dir().join(format!("showclock-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j.jsonl");
        let _ = std::fs::remove_file(&path);
        let mut writer = JournalWriter::open(&path).unwrap();
        let entry = Entry {
            at: "2022-06-01T01:00:00Z".parse().unwrap(),
            action: Action::Message {
                text: "Wrap\nup \u{1b}".into(),
            },
        };
        writer.append(&entry).unwrap();
        writer
            .append(&Entry {
                at: entry.at,
                action: Action::Next,
            })
            .unwrap();
        assert_eq!(
            read_journal(&path).unwrap(),
            vec![
                entry.clone(),
                Entry {
                    at: entry.at,
                    action: Action::Next
                }
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
